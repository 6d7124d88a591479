/* Fuzz harness: timecode labels and frame <-> timecode arithmetic.
 *
 * The input is a little header and a label:
 *   byte 0      bits 0-3: a rate from the table below; bit 4: multiply the
 *               rate's terms by byte 1 (2500/100 is 25 fps); bit 5: take the
 *               rate from bytes 17-24 instead (any fraction at all);
 *               bit 7: drop frame
 *   byte 1      the factor for bit 4
 *   bytes 1-8   a frame count (little-endian), bytes 9-16 a frame offset
 *   bytes 17-24 a raw rate numerator and denominator (bit 5)
 *   bytes 25-   a label to parse ("01:00:00;00"), up to a NUL
 * Short inputs are padded with zeros.
 *
 * The label is also read as a frame rate ("29.97 DF").
 *
 * Beyond the sanitizers' checks: every label the library makes parses back
 * to the same timecode, its fields are in range, one frame later is one step
 * of a tape deck's counter, and adding n frames then measuring the distance
 * gives back n modulo a day; a rate that parses is supported, and its name
 * parses back to the same rate. */
#include <string.h>

#include "prw-fuzz.h"
#include <proreswriter/proreswriter.h>

#define HEADER_SIZE 25

static const guint rates[][2] = {
  { 24000, 1001 }, { 24, 1 },       { 25, 1 },  { 30000, 1001 },
  { 30, 1 },       { 48000, 1001 }, { 48, 1 },  { 50, 1 },
  { 60000, 1001 }, { 60, 1 },       { 100, 1 }, { 120000, 1001 },
  { 120, 1 },      { 0, 1 },        { 25, 0 },  { 30, 1001 },
};

static guint64
read_le (const guint8 *p, guint n)
{
  guint64 v = 0;

  for (guint i = 0; i < n; i++)
    v |= (guint64) p[i] << (8 * i);
  return v;
}

/* One frame later, counted the way a tape deck counts labels. */
static void
deck_step (guint nominal, gboolean drop, guint *h, guint *m, guint *s, guint *f)
{
  if (++*f < nominal)
    return;
  *f = 0;
  if (++*s < 60)
    return;
  *s = 0;
  if (++*m == 60) {
    *m = 0;
    *h = (*h + 1) % 24;
  }
  if (drop && *m % 10 != 0)
    *f = nominal / 15;
}

/* A library label parses back to tc; its fields are in range and make tc
 * again. */
static void
check_label (const PrwTimecode *tc)
{
  g_autofree gchar *label = prw_timecode_to_string (tc);
  g_autoptr (PrwTimecode) back = NULL;
  g_autoptr (PrwTimecode) from_fields = NULL;
  g_autoptr (GError) error = NULL;
  guint nominal
      = prw_timecode_rate_get_nominal_fps (tc->rate_num, tc->rate_den);
  guint h, m, s, f;

  PRW_FUZZ_CHECK (label != NULL);
  back = prw_timecode_new_from_string (label, tc->rate_num, tc->rate_den,
                                       tc->drop_frame, &error);
  PRW_FUZZ_CHECK (back != NULL && prw_timecode_equal (back, tc));
  prw_timecode_get_components (tc, &h, &m, &s, &f);
  PRW_FUZZ_CHECK (h < 24 && m < 60 && s < 60 && f < nominal);
  PRW_FUZZ_CHECK (!tc->drop_frame || m % 10 == 0 || s != 0
                  || f >= nominal / 15);
  from_fields = prw_timecode_new_from_components (
      tc->rate_num, tc->rate_den, tc->drop_frame, h, m, s, f, &error);
  PRW_FUZZ_CHECK (from_fields != NULL && prw_timecode_equal (from_fields, tc));
}

/* frames (any gint64) as a timecode, its label, the next label, and
 * offset frames away. */
static void
check_arithmetic (guint num, guint den, gboolean drop, gint64 frames,
                  gint64 offset)
{
  gint64 day = prw_timecode_rate_get_frames_per_day (num, den, drop);
  guint nominal = prw_timecode_rate_get_nominal_fps (num, den);
  g_autoptr (PrwTimecode) tc = NULL;
  g_autoptr (PrwTimecode) next = NULL;
  g_autoptr (PrwTimecode) moved = NULL;
  g_autoptr (PrwTimecode) back = NULL;
  gint64 expected;
  guint h, m, s, f, nh, nm, ns, nf;

  PRW_FUZZ_CHECK (day > 0 && day % 2 == 0);
  frames %= day;
  if (frames < 0)
    frames += day;
  tc = prw_timecode_new (num, den, drop, frames);
  PRW_FUZZ_CHECK (tc != NULL && prw_timecode_get_frames (tc) == frames);
  check_label (tc);

  next = prw_timecode_add_frames (tc, 1);
  PRW_FUZZ_CHECK (prw_timecode_get_frames (next) == (frames + 1) % day);
  prw_timecode_get_components (tc, &h, &m, &s, &f);
  prw_timecode_get_components (next, &nh, &nm, &ns, &nf);
  deck_step (nominal, drop, &h, &m, &s, &f);
  PRW_FUZZ_CHECK (h == nh && m == nm && s == ns && f == nf);

  moved = prw_timecode_add_frames (tc, offset);
  PRW_FUZZ_CHECK (moved != NULL);
  check_label (moved);
  expected = offset % day;
  if (expected < 0)
    expected += day;
  if (expected >= day / 2)
    expected -= day;
  PRW_FUZZ_CHECK (prw_timecode_frames_between (tc, moved) == expected);
  PRW_FUZZ_CHECK (prw_timecode_frames_between (moved, tc)
                  == (expected == -day / 2 ? expected : -expected));
  back = prw_timecode_add_frames (moved, -expected);
  PRW_FUZZ_CHECK (prw_timecode_equal (back, tc));
  PRW_FUZZ_CHECK (
      (prw_timecode_compare (tc, moved) < 0)
      == (prw_timecode_get_frames (tc) < prw_timecode_get_frames (moved)));
}

/* str read as a frame rate: on success a supported one, whose name reads
 * back as the same fraction (names are of x/1 and x/1001 rates). */
static void
check_rate (const gchar *str)
{
  guint num = 0, den = 0, num2 = 0, den2 = 0;
  gboolean drop = FALSE, drop2 = FALSE;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *name = NULL;

  if (!prw_timecode_rate_parse (str, &num, &den, &drop, &error)) {
    PRW_FUZZ_CHECK (error != NULL && error->domain == PRW_ERROR);
    PRW_FUZZ_CHECK (num == 0 && den == 0 && !drop);
    return;
  }
  PRW_FUZZ_CHECK (error == NULL);
  PRW_FUZZ_CHECK (prw_timecode_rate_is_supported (num, den, drop));
  name = prw_timecode_rate_to_string (num, den, drop);
  PRW_FUZZ_CHECK (name != NULL);
  PRW_FUZZ_CHECK (prw_timecode_rate_parse (name, &num2, &den2, &drop2, NULL));
  PRW_FUZZ_CHECK ((guint64) num * den2 == (guint64) num2 * den
                  && drop == drop2);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  guint8 header[HEADER_SIZE] = { 0 };
  g_autofree gchar *label = NULL;
  g_autoptr (PrwTimecode) tc = NULL;
  g_autoptr (GError) error = NULL;
  guint num, den;
  gboolean drop;

  memcpy (header, data, MIN (size, sizeof header));
  label
      = g_strndup (size > HEADER_SIZE ? (const gchar *) data + HEADER_SIZE : "",
                   size > HEADER_SIZE ? size - HEADER_SIZE : 0);
  drop = (header[0] & 0x80) != 0;
  if (header[0] & 0x20) {
    num = (guint) read_le (header + 17, 4);
    den = (guint) read_le (header + 21, 4);
  } else {
    guint k = (header[0] & 0x10) && header[1] != 0 ? header[1] : 1;

    num = rates[header[0] & 0xf][0] * k;
    den = rates[header[0] & 0xf][1] * k;
  }

  if (den != 0)
    (void) prw_timecode_rate_get_nominal_fps (num, den);

  tc = prw_timecode_new_from_string (label, num, den, drop, &error);
  if (tc == NULL) {
    PRW_FUZZ_CHECK (error != NULL && error->domain == PRW_ERROR);
  } else {
    PRW_FUZZ_CHECK (error == NULL);
    PRW_FUZZ_CHECK (prw_timecode_rate_is_supported (num, den, tc->drop_frame));
    PRW_FUZZ_CHECK (tc->drop_frame || !drop);
    check_label (tc);
  }

  check_rate (label);

  if (prw_timecode_rate_is_supported (num, den, drop))
    check_arithmetic (num, den, drop, (gint64) read_le (header + 1, 8),
                      (gint64) read_le (header + 9, 8));
  return 0;
}
