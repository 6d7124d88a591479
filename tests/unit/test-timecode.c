/* libproreswriter: unit tests of PrwTimecode
 *
 * Expected labels come from a model of a tape deck's timecode counter: the
 * frame field counts up to the nominal rate, carries into seconds, minutes
 * and hours, wraps at 24 h, and in drop frame jumps over the first labels of
 * every minute not divisible by ten. The rate table below is written down
 * from the SMPTE rules, not read from the library.
 */

#include <check.h>
#include <string.h>

#include <proreswriter/proreswriter.h>

typedef struct {
  guint num;
  guint den;
  gboolean drop;
  guint nominal; /* labels per second */
  guint skip;    /* labels skipped per dropping minute */
  guint digits;  /* frame digits in a label */
} TestRate;

static const TestRate all_rates[] = {
  { 24000, 1001, FALSE, 24, 0, 2 },  { 24, 1, FALSE, 24, 0, 2 },
  { 25, 1, FALSE, 25, 0, 2 },        { 30000, 1001, FALSE, 30, 0, 2 },
  { 30000, 1001, TRUE, 30, 2, 2 },   { 30, 1, FALSE, 30, 0, 2 },
  { 48000, 1001, FALSE, 48, 0, 2 },  { 48, 1, FALSE, 48, 0, 2 },
  { 50, 1, FALSE, 50, 0, 2 },        { 60000, 1001, FALSE, 60, 0, 2 },
  { 60000, 1001, TRUE, 60, 4, 2 },   { 60, 1, FALSE, 60, 0, 2 },
  { 100, 1, FALSE, 100, 0, 2 },      { 120000, 1001, FALSE, 120, 0, 3 },
  { 120000, 1001, TRUE, 120, 8, 3 }, { 120, 1, FALSE, 120, 0, 3 },
};

static const TestRate rate_2997df = { 30000, 1001, TRUE, 30, 2, 2 };
static const TestRate rate_5994df = { 60000, 1001, TRUE, 60, 4, 2 };

typedef struct {
  guint h, m, s, f;
} Label;

/* One frame later on the deck's counter. */
static void
deck_advance (Label *l, const TestRate *r)
{
  if (++l->f < r->nominal)
    return;
  l->f = 0;
  if (++l->s < 60)
    return;
  l->s = 0;
  if (++l->m == 60) {
    l->m = 0;
    if (++l->h == 24)
      l->h = 0;
  }
  if (r->drop && l->m % 10 != 0)
    l->f = r->skip;
}

static gboolean
deck_is_midnight (const Label *l)
{
  return l->h == 0 && l->m == 0 && l->s == 0 && l->f == 0;
}

static void
deck_format (const Label *l, const TestRate *r, gchar *buf, gsize size)
{
  g_snprintf (buf, size, "%02u:%02u:%02u%c%0*u", l->h, l->m, l->s,
              r->drop ? ';' : ':', (gint) r->digits, l->f);
}

/* Checks frame @i against the deck's label @l: frames -> string, string ->
 * frames, components, and (if @with_next) add_frames by one. Uses
 * ck_abort_msg only on failure: ck_assert marks a point per call, which is
 * far too slow for millions of frames. */
static void
check_frame (const TestRate *r, gint64 i, const Label *l, gboolean with_next)
{
  gchar expected[32];
  PrwTimecode tc = { r->num, r->den, r->drop, i };
  g_autofree gchar *str = NULL;
  g_autoptr (PrwTimecode) parsed = NULL;
  g_autoptr (GError) error = NULL;
  guint h, m, s, f;

  deck_format (l, r, expected, sizeof expected);

  str = prw_timecode_to_string (&tc);
  if (str == NULL || strcmp (str, expected) != 0)
    ck_abort_msg ("%u/%u%s frame %" G_GINT64_FORMAT ": got \"%s\", deck "
                  "says \"%s\"",
                  r->num, r->den, r->drop ? " DF" : "", i, str, expected);

  parsed = prw_timecode_new_from_string (str, r->num, r->den, r->drop, &error);
  if (parsed == NULL)
    ck_abort_msg ("%u/%u%s: \"%s\" did not parse: %s", r->num, r->den,
                  r->drop ? " DF" : "", str, error->message);
  if (parsed->frames != i || !parsed->drop_frame != !r->drop)
    ck_abort_msg ("%u/%u%s: \"%s\" parsed to frame %" G_GINT64_FORMAT
                  ", expected %" G_GINT64_FORMAT,
                  r->num, r->den, r->drop ? " DF" : "", str, parsed->frames, i);

  prw_timecode_get_components (&tc, &h, &m, &s, &f);
  if (h != l->h || m != l->m || s != l->s || f != l->f)
    ck_abort_msg ("%u/%u%s frame %" G_GINT64_FORMAT ": components %u %u %u "
                  "%u, deck says \"%s\"",
                  r->num, r->den, r->drop ? " DF" : "", i, h, m, s, f,
                  expected);

  if (with_next) {
    Label next = *l;
    gchar next_expected[32];
    g_autoptr (PrwTimecode) later = prw_timecode_add_frames (&tc, 1);
    g_autofree gchar *later_str = prw_timecode_to_string (later);

    deck_advance (&next, r);
    deck_format (&next, r, next_expected, sizeof next_expected);
    if (strcmp (later_str, next_expected) != 0)
      ck_abort_msg ("%u/%u%s: \"%s\" + 1 gave \"%s\", deck says \"%s\"", r->num,
                    r->den, r->drop ? " DF" : "", str, later_str,
                    next_expected);
    if (prw_timecode_frames_between (&tc, later) != 1)
      ck_abort_msg ("%u/%u%s: \"%s\" to \"%s\" is not 1 frame", r->num, r->den,
                    r->drop ? " DF" : "", str, later_str);
  }
}

/* Walks a whole day on the deck and checks every frame against the library;
 * returns the number of frames the deck counted in the day. */
static gint64
sweep_full_day (const TestRate *r)
{
  Label l = { 0, 0, 0, 0 };
  gint64 i = 0;

  do {
    check_frame (r, i, &l, FALSE);
    deck_advance (&l, r);
    i++;
  } while (!deck_is_midnight (&l));
  return i;
}

/* Every frame of a 24 h day at 29.97 DF and 59.94 DF. */
START_TEST (test_full_day_2997df)
{
  gint64 day = sweep_full_day (&rate_2997df);

  /* 144 ten-minute blocks of 10 * 1800 - 9 * 2 frames */
  ck_assert_int_eq (day, 144 * 17982);
  ck_assert_int_eq (day, 2589408);
  ck_assert_int_eq (prw_timecode_rate_get_frames_per_day (30000, 1001, TRUE),
                    day);
}
END_TEST

START_TEST (test_full_day_5994df)
{
  gint64 day = sweep_full_day (&rate_5994df);

  ck_assert_int_eq (day, 144 * (10 * 3600 - 9 * 4));
  ck_assert_int_eq (prw_timecode_rate_get_frames_per_day (60000, 1001, TRUE),
                    day);
}
END_TEST

/* At every rate: the deck walks the whole day; the library is checked at
 * every frame of the first and last 20 minutes and around every minute
 * boundary, including add_frames and frames_between by one frame. */
START_TEST (test_sweep_each_rate)
{
  const TestRate *r = &all_rates[_i];
  Label l = { 0, 0, 0, 0 };
  gint64 i = 0;
  gint64 checked = 0;

  do {
    gboolean near_boundary = (l.s == 0 && l.f <= r->skip + 2)
                             || (l.s == 59 && l.f + 3 >= r->nominal);

    if (l.h == 0 && l.m < 20)
      near_boundary = TRUE;
    if (l.h == 23 && l.m >= 40)
      near_boundary = TRUE;
    if (near_boundary) {
      check_frame (r, i, &l, TRUE);
      checked++;
    }
    deck_advance (&l, r);
    i++;
  } while (!deck_is_midnight (&l));

  ck_assert_int_eq (
      prw_timecode_rate_get_frames_per_day (r->num, r->den, r->drop), i);
  if (!r->drop)
    ck_assert_int_eq (i, (gint64) r->nominal * 86400);
  ck_assert_int_eq (prw_timecode_rate_get_nominal_fps (r->num, r->den),
                    r->nominal);
  ck_assert (prw_timecode_rate_is_supported (r->num, r->den, r->drop));
  /* 40 minutes of frames plus the 1440 boundaries were looked at */
  ck_assert_int_ge (checked, (gint64) 40 * 60 * r->nominal);
}
END_TEST

static gint64
frames_of (const gchar *str, guint num, guint den, gboolean drop)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwTimecode) tc
      = prw_timecode_new_from_string (str, num, den, drop, &error);

  ck_assert_msg (tc != NULL, "\"%s\" at %u/%u: %s", str, num, den,
                 error ? error->message : "(no error)");
  ck_assert_ptr_null (error);
  return tc->frames;
}

static gchar *
string_of (guint num, guint den, gboolean drop, gint64 frames)
{
  g_autoptr (PrwTimecode) tc = prw_timecode_new (num, den, drop, frames);

  ck_assert_ptr_nonnull (tc);
  return prw_timecode_to_string (tc);
}

/* Values worked out by hand from the DF rules. */
START_TEST (test_known_values)
{
  g_autofree gchar *s1 = NULL;
  g_autofree gchar *s2 = NULL;
  g_autofree gchar *s3 = NULL;
  g_autofree gchar *s4 = NULL;

  /* 29.97 DF: a ten-minute block is 18000 - 9 * 2 frames */
  ck_assert_int_eq (frames_of ("00:10:00;00", 30000, 1001, TRUE), 17982);
  ck_assert_int_eq (frames_of ("01:00:00;00", 30000, 1001, TRUE), 107892);
  ck_assert_int_eq (frames_of ("00:01:00;02", 30000, 1001, TRUE), 1800);
  ck_assert_int_eq (frames_of ("00:00:59;29", 30000, 1001, TRUE), 1799);
  ck_assert_int_eq (frames_of ("00:02:00;02", 30000, 1001, TRUE), 3598);
  ck_assert_int_eq (frames_of ("23:59:59;29", 30000, 1001, TRUE), 2589407);
  ck_assert_int_eq (prw_timecode_rate_get_frames_per_day (30000, 1001, TRUE),
                    2589408);
  /* 29.97 NDF counts every label */
  ck_assert_int_eq (frames_of ("01:00:00:00", 30000, 1001, FALSE), 108000);
  ck_assert_int_eq (prw_timecode_rate_get_frames_per_day (30000, 1001, FALSE),
                    2592000);

  /* 59.94 DF: 4 labels a minute */
  ck_assert_int_eq (frames_of ("01:00:00;00", 60000, 1001, TRUE), 215784);
  ck_assert_int_eq (frames_of ("00:01:00;04", 60000, 1001, TRUE), 3600);
  ck_assert_int_eq (prw_timecode_rate_get_frames_per_day (60000, 1001, TRUE),
                    5178816);

  ck_assert_int_eq (frames_of ("01:00:00:00", 24000, 1001, FALSE), 86400);
  ck_assert_int_eq (frames_of ("10:00:00:00", 25, 1, FALSE), 900000);
  ck_assert_int_eq (frames_of ("00:00:01:00", 50, 1, FALSE), 50);

  s1 = string_of (30000, 1001, TRUE, 17982);
  ck_assert_str_eq (s1, "00:10:00;00");
  s2 = string_of (30000, 1001, TRUE, 1800);
  ck_assert_str_eq (s2, "00:01:00;02");
  s3 = string_of (60000, 1001, TRUE, 215784);
  ck_assert_str_eq (s3, "01:00:00;00");
  s4 = string_of (25, 1, FALSE, 90000 + 24);
  ck_assert_str_eq (s4, "01:00:00:24");
}
END_TEST

/* The first label after each minute boundary at each DF rate is one frame
 * after the last label of the previous minute. */
START_TEST (test_df_minute_boundaries)
{
  static const TestRate *df_rates[]
      = { &rate_2997df, &rate_5994df, &all_rates[14] };

  ck_assert (all_rates[14].drop && all_rates[14].nominal == 120);

  for (gsize k = 0; k < G_N_ELEMENTS (df_rates); k++) {
    const TestRate *r = df_rates[k];

    for (guint minute = 1; minute < 24 * 60; minute++) {
      g_autoptr (GError) error = NULL;
      guint h = minute / 60, m = minute % 60;
      guint prev_h = (minute - 1) / 60, prev_m = (minute - 1) % 60;
      guint first = m % 10 == 0 ? 0 : r->skip;
      g_autoptr (PrwTimecode) last = prw_timecode_new_from_components (
          r->num, r->den, TRUE, prev_h, prev_m, 59, r->nominal - 1, &error);
      g_autoptr (PrwTimecode) next = prw_timecode_new_from_components (
          r->num, r->den, TRUE, h, m, 0, first, &error);
      g_autoptr (PrwTimecode) added = NULL;
      guint ah, am, as, af;

      if (last == NULL || next == NULL)
        ck_abort_msg ("minute %u at %u/%u DF: %s", minute, r->num, r->den,
                      error->message);
      if (prw_timecode_frames_between (last, next) != 1
          || next->frames - last->frames != 1)
        ck_abort_msg ("minute %u at %u/%u DF: boundary is not one frame",
                      minute, r->num, r->den);
      added = prw_timecode_add_frames (last, 1);
      prw_timecode_get_components (added, &ah, &am, &as, &af);
      if (ah != h || am != m || as != 0 || af != first)
        ck_abort_msg ("minute %u at %u/%u DF: last + 1 is %u:%u:%u;%u", minute,
                      r->num, r->den, ah, am, as, af);
    }
  }

  /* the case from the brief, spelled out */
  {
    g_autoptr (PrwTimecode) a = prw_timecode_new_from_string (
        "00:00:59;29", 30000, 1001, FALSE, NULL);
    g_autoptr (PrwTimecode) b = prw_timecode_new_from_string (
        "00:01:00;02", 30000, 1001, FALSE, NULL);
    g_autoptr (PrwTimecode) c = prw_timecode_new_from_string (
        "00:09:59;29", 30000, 1001, FALSE, NULL);
    g_autoptr (PrwTimecode) d = prw_timecode_new_from_string (
        "00:10:00;00", 30000, 1001, FALSE, NULL);

    ck_assert_ptr_nonnull (a);
    ck_assert_ptr_nonnull (b);
    ck_assert_ptr_nonnull (c);
    ck_assert_ptr_nonnull (d);
    ck_assert (a->drop_frame && b->drop_frame);
    ck_assert_int_eq (prw_timecode_frames_between (a, b), 1);
    ck_assert_int_eq (prw_timecode_frames_between (b, a), -1);
    ck_assert_int_eq (prw_timecode_frames_between (c, d), 1);
  }
}
END_TEST

static void
assert_rejected (const gchar *str, guint num, guint den, gboolean drop,
                 gint code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwTimecode) tc
      = prw_timecode_new_from_string (str, num, den, drop, &error);

  ck_assert_msg (tc == NULL, "\"%s\" at %u/%u%s was accepted", str, num, den,
                 drop ? " DF" : "");
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (g_error_matches (error, PRW_ERROR, code),
                 "\"%s\": expected code %d, got %s %d: %s", str, code,
                 g_quark_to_string (error->domain), error->code,
                 error->message);
  /* the message quotes the input and says why */
  ck_assert_msg (strstr (error->message, str) != NULL, "%s", error->message);
}

START_TEST (test_invalid_labels)
{
  static const gchar *bad_syntax[] = {
    "",
    "1:00:00:00",
    "01:00:00",
    "01:00:00:",
    "01:00:00:0",
    "01:00:00:0000",
    " 01:00:00:00",
    "01:00:00:00 ",
    "01-00-00-00",
    "01:00;00;00",
    "01;00;00:00",
    "01;00;00.00",
    "01:00:00/00",
    "aa:bb:cc:dd",
    "01:00:00:+1",
    "001:00:00:00",
    "01:00:00:00:00",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwTimecode) tc = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad_syntax); i++)
    assert_rejected (bad_syntax[i], 25, 1, FALSE, PRW_ERROR_INVALID_TIMECODE);

  assert_rejected ("24:00:00:00", 25, 1, FALSE, PRW_ERROR_INVALID_TIMECODE);
  assert_rejected ("00:60:00:00", 25, 1, FALSE, PRW_ERROR_INVALID_TIMECODE);
  assert_rejected ("00:00:60:00", 25, 1, FALSE, PRW_ERROR_INVALID_TIMECODE);
  assert_rejected ("00:00:00:25", 25, 1, FALSE, PRW_ERROR_INVALID_TIMECODE);
  assert_rejected ("00:00:00:24", 24000, 1001, FALSE,
                   PRW_ERROR_INVALID_TIMECODE);
  assert_rejected ("00:00:00:30", 30000, 1001, TRUE,
                   PRW_ERROR_INVALID_TIMECODE);

  /* labels drop frame skips */
  assert_rejected ("00:01:00;00", 30000, 1001, FALSE,
                   PRW_ERROR_INVALID_TIMECODE);
  assert_rejected ("00:01:00;01", 30000, 1001, TRUE,
                   PRW_ERROR_INVALID_TIMECODE);
  assert_rejected ("23:59:00;01", 30000, 1001, TRUE,
                   PRW_ERROR_INVALID_TIMECODE);
  assert_rejected ("00:01:00:01", 30000, 1001, TRUE,
                   PRW_ERROR_INVALID_TIMECODE);
  assert_rejected ("00:01:00;03", 60000, 1001, TRUE,
                   PRW_ERROR_INVALID_TIMECODE);
  assert_rejected ("00:01:00;007", 120000, 1001, TRUE,
                   PRW_ERROR_INVALID_TIMECODE);
  /* ... while the neighbours exist */
  ck_assert_int_eq (frames_of ("00:01:00;02", 30000, 1001, FALSE), 1800);
  ck_assert_int_eq (frames_of ("00:10:00;00", 30000, 1001, TRUE), 17982);
  ck_assert_int_eq (frames_of ("00:01:01;00", 30000, 1001, TRUE), 1828);
  ck_assert_int_eq (frames_of ("00:01:00;04", 60000, 1001, TRUE), 3600);
  ck_assert_int_eq (frames_of ("00:01:00;008", 120000, 1001, TRUE), 7200);
  /* a skipped label is fine without drop frame */
  ck_assert_int_eq (frames_of ("00:01:00:00", 30000, 1001, FALSE), 1800);

  /* drop frame at rates that have none */
  assert_rejected ("01:00:00;00", 25, 1, FALSE, PRW_ERROR_INVALID_TIMECODE);
  assert_rejected ("01:00:00.00", 24000, 1001, FALSE,
                   PRW_ERROR_INVALID_TIMECODE);
  assert_rejected ("01:00:00:00", 30, 1, TRUE, PRW_ERROR_INVALID_TIMECODE);
  assert_rejected ("01:00:00:00", 48000, 1001, TRUE,
                   PRW_ERROR_INVALID_TIMECODE);
  /* a rate that is not supported at all */
  assert_rejected ("01:00:00:00", 29, 1, FALSE, PRW_ERROR_UNSUPPORTED);
  assert_rejected ("01:00:00:00", 30, 0, FALSE, PRW_ERROR_UNSUPPORTED);

  /* the exact message */
  tc = prw_timecode_new_from_string ("01:00:00:30", 25, 1, FALSE, &error);
  ck_assert_ptr_null (tc);
  ck_assert_str_eq (error->message, "\"01:00:00:30\" is not a timecode at "
                                    "25 fps: frames must be below 25");
  g_clear_error (&error);
  tc = prw_timecode_new_from_string ("00:01:00;00", 30000, 1001, FALSE, &error);
  ck_assert_ptr_null (tc);
  ck_assert (strstr (error->message, "29.97 fps DF") != NULL);
  g_clear_error (&error);

  /* NULL error is allowed */
  ck_assert_ptr_null (
      prw_timecode_new_from_string ("99:00:00:00", 25, 1, FALSE, NULL));

  /* components go through the same checks */
  tc = prw_timecode_new_from_components (25, 1, FALSE, 1, 0, 0, 25, &error);
  ck_assert_ptr_null (tc);
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE));
  g_clear_error (&error);
  tc = prw_timecode_new_from_components (30000, 1001, TRUE, 0, 1, 0, 1, &error);
  ck_assert_ptr_null (tc);
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE));
  g_clear_error (&error);
  tc = prw_timecode_new_from_components (25, 1, FALSE, 24, 0, 0, 0, &error);
  ck_assert_ptr_null (tc);
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE));
  g_clear_error (&error);
  tc = prw_timecode_new_from_components (25, 1, TRUE, 1, 0, 0, 0, &error);
  ck_assert_ptr_null (tc);
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE));
  g_clear_error (&error);
  tc = prw_timecode_new_from_components (30000, 1001, TRUE, 0, 1, 0, 2, &error);
  ck_assert_ptr_nonnull (tc);
  ck_assert_int_eq (tc->frames, 1800);
}
END_TEST

/* Every accepted separator; drop frame comes from the argument or from the
 * separator before the frames. */
START_TEST (test_separators)
{
  static const gchar *df_forms[]
      = { "01:00:00;00", "01;00;00;00", "01:00:00.00", "01:00:00,00" };

  for (gsize i = 0; i < G_N_ELEMENTS (df_forms); i++) {
    g_autoptr (PrwTimecode) tc
        = prw_timecode_new_from_string (df_forms[i], 30000, 1001, FALSE, NULL);
    g_autofree gchar *str = NULL;

    ck_assert_msg (tc != NULL, "%s", df_forms[i]);
    ck_assert (tc->drop_frame);
    ck_assert_int_eq (tc->frames, 107892);
    str = prw_timecode_to_string (tc);
    ck_assert_str_eq (str, "01:00:00;00");
  }

  {
    g_autoptr (PrwTimecode) df
        = prw_timecode_new_from_string ("01:00:00:00", 30000, 1001, TRUE, NULL);
    g_autoptr (PrwTimecode) ndf = prw_timecode_new_from_string (
        "01:00:00:00", 30000, 1001, FALSE, NULL);

    ck_assert_ptr_nonnull (df);
    ck_assert_ptr_nonnull (ndf);
    ck_assert (df->drop_frame);
    ck_assert_int_eq (df->frames, 107892);
    ck_assert (!ndf->drop_frame);
    ck_assert_int_eq (ndf->frames, 108000);
    ck_assert (!prw_timecode_equal (df, ndf));
  }
}
END_TEST

/* 100, 119.88 and 120 fps: three-digit frames above 100 labels a second. */
START_TEST (test_high_rates)
{
  g_autofree gchar *s120 = string_of (120, 1, FALSE, 119);
  g_autofree gchar *s120b = string_of (120, 1, FALSE, 120 * 3600 + 5);
  g_autofree gchar *s11988 = string_of (120000, 1001, FALSE, 119);
  g_autofree gchar *s11988df = string_of (120000, 1001, TRUE, 7200);
  g_autofree gchar *s100 = string_of (100, 1, FALSE, 99);

  ck_assert_str_eq (s120, "00:00:00:119");
  ck_assert_str_eq (s120b, "01:00:00:005");
  ck_assert_str_eq (s11988, "00:00:00:119");
  ck_assert_str_eq (s11988df, "00:01:00;008");
  ck_assert_str_eq (s100, "00:00:00:99");

  ck_assert_int_eq (frames_of ("00:00:00:119", 120, 1, FALSE), 119);
  ck_assert_int_eq (frames_of ("00:00:01:000", 120, 1, FALSE), 120);
  ck_assert_int_eq (frames_of ("00:00:00:05", 120, 1, FALSE), 5);
  ck_assert_int_eq (frames_of ("01:00:00:000", 120000, 1001, FALSE), 432000);
  /* 54 dropping minutes in an hour, 8 labels each */
  ck_assert_int_eq (frames_of ("01:00:00;000", 120000, 1001, TRUE),
                    432000 - 54 * 8);
  ck_assert_int_eq (frames_of ("00:00:00:99", 100, 1, FALSE), 99);
  ck_assert_int_eq (frames_of ("00:00:00:099", 100, 1, FALSE), 99);
  assert_rejected ("00:00:00:120", 120, 1, FALSE, PRW_ERROR_INVALID_TIMECODE);
  assert_rejected ("00:00:00:100", 100, 1, FALSE, PRW_ERROR_INVALID_TIMECODE);
  assert_rejected ("00:00:00:120", 120000, 1001, FALSE,
                   PRW_ERROR_INVALID_TIMECODE);

  ck_assert_int_eq (prw_timecode_rate_get_nominal_fps (120000, 1001), 120);
  ck_assert_int_eq (prw_timecode_rate_get_frames_per_day (120, 1, FALSE),
                    120 * 86400);
  ck_assert_int_eq (prw_timecode_rate_get_frames_per_day (120000, 1001, TRUE),
                    144 * (72000 - 9 * 8));
}
END_TEST

/* add_frames and frames_between across midnight. */
START_TEST (test_day_wrap)
{
  const gint64 day25 = 25 * 86400;
  g_autoptr (PrwTimecode) last
      = prw_timecode_new_from_string ("23:59:59:24", 25, 1, FALSE, NULL);
  g_autoptr (PrwTimecode) midnight
      = prw_timecode_new_from_string ("00:00:00:00", 25, 1, FALSE, NULL);
  g_autoptr (PrwTimecode) noon
      = prw_timecode_new_from_string ("12:00:00:00", 25, 1, FALSE, NULL);
  g_autoptr (PrwTimecode) before_noon
      = prw_timecode_new_from_string ("11:59:59:24", 25, 1, FALSE, NULL);
  g_autoptr (PrwTimecode) a = NULL;
  g_autoptr (PrwTimecode) b = NULL;
  g_autoptr (PrwTimecode) c = NULL;
  g_autoptr (PrwTimecode) d = NULL;
  g_autoptr (PrwTimecode) e = NULL;
  g_autofree gchar *sa = NULL;
  g_autofree gchar *sb = NULL;
  g_autofree gchar *sc = NULL;
  g_autofree gchar *sd = NULL;

  ck_assert_int_eq (last->frames, day25 - 1);

  a = prw_timecode_add_frames (last, 1);
  sa = prw_timecode_to_string (a);
  ck_assert_str_eq (sa, "00:00:00:00");
  ck_assert (prw_timecode_equal (a, midnight));

  b = prw_timecode_add_frames (midnight, -1);
  sb = prw_timecode_to_string (b);
  ck_assert_str_eq (sb, "23:59:59:24");

  c = prw_timecode_add_frames (last, 2 * day25 + 6);
  sc = prw_timecode_to_string (c);
  ck_assert_str_eq (sc, "00:00:00:05");

  d = prw_timecode_add_frames (noon, -3 * day25 - 25 * 3600);
  sd = prw_timecode_to_string (d);
  ck_assert_str_eq (sd, "11:00:00:00");

  e = prw_timecode_add_frames (midnight, G_MAXINT64);
  ck_assert_int_eq (e->frames, G_MAXINT64 % day25);
  g_clear_pointer (&e, prw_timecode_free);
  e = prw_timecode_add_frames (midnight, G_MININT64);
  ck_assert_int_eq (e->frames, (G_MININT64 % day25) + day25);

  ck_assert_int_eq (prw_timecode_frames_between (last, midnight), 1);
  ck_assert_int_eq (prw_timecode_frames_between (midnight, last), -1);
  ck_assert_int_eq (prw_timecode_frames_between (last, last), 0);
  /* half a day is the one ambiguous distance; it comes out negative */
  ck_assert_int_eq (prw_timecode_frames_between (midnight, noon), -day25 / 2);
  ck_assert_int_eq (prw_timecode_frames_between (noon, midnight), -day25 / 2);
  ck_assert_int_eq (prw_timecode_frames_between (midnight, before_noon),
                    day25 / 2 - 1);

  /* drop frame across midnight */
  {
    g_autoptr (PrwTimecode) df_last
        = prw_timecode_new_from_string ("23:59:59;29", 30000, 1001, TRUE, NULL);
    g_autoptr (PrwTimecode) df_zero
        = prw_timecode_new_from_string ("00:00:00;00", 30000, 1001, TRUE, NULL);
    g_autoptr (PrwTimecode) df_next = prw_timecode_add_frames (df_last, 1);
    g_autoptr (PrwTimecode) df_back = prw_timecode_add_frames (df_zero, -1800);
    g_autofree gchar *s_back = prw_timecode_to_string (df_back);

    ck_assert (prw_timecode_equal (df_next, df_zero));
    ck_assert_int_eq (prw_timecode_frames_between (df_last, df_zero), 1);
    ck_assert_int_eq (prw_timecode_frames_between (df_zero, df_last), -1);
    /* 23:59 is a dropping minute: 23:59:00;02 is 1798 frames before the
     * last one, so 1800 back from midnight lands two labels earlier */
    ck_assert_str_eq (s_back, "23:58:59;28");
  }
}
END_TEST

START_TEST (test_rate_is_supported)
{
  for (gsize i = 0; i < G_N_ELEMENTS (all_rates); i++)
    ck_assert (prw_timecode_rate_is_supported (
        all_rates[i].num, all_rates[i].den, all_rates[i].drop));

  /* unreduced forms */
  ck_assert (prw_timecode_rate_is_supported (2500, 100, FALSE));
  ck_assert (prw_timecode_rate_is_supported (60000, 2002, TRUE));
  ck_assert (prw_timecode_rate_is_supported (240000, 2002, TRUE));
  ck_assert (prw_timecode_rate_is_supported (30000, 1000, FALSE));
  ck_assert (prw_timecode_rate_is_supported (48000, 2002, FALSE));

  /* drop frame where there is none */
  ck_assert (!prw_timecode_rate_is_supported (24000, 1001, TRUE));
  ck_assert (!prw_timecode_rate_is_supported (48000, 1001, TRUE));
  ck_assert (!prw_timecode_rate_is_supported (24, 1, TRUE));
  ck_assert (!prw_timecode_rate_is_supported (25, 1, TRUE));
  ck_assert (!prw_timecode_rate_is_supported (30, 1, TRUE));
  ck_assert (!prw_timecode_rate_is_supported (50, 1, TRUE));
  ck_assert (!prw_timecode_rate_is_supported (60, 1, TRUE));
  ck_assert (!prw_timecode_rate_is_supported (100, 1, TRUE));
  ck_assert (!prw_timecode_rate_is_supported (120, 1, TRUE));
  ck_assert (!prw_timecode_rate_is_supported (2500, 100, TRUE));

  /* rates that are not supported at all */
  ck_assert (!prw_timecode_rate_is_supported (29, 1, FALSE));
  ck_assert (!prw_timecode_rate_is_supported (72, 1, FALSE));
  ck_assert (!prw_timecode_rate_is_supported (15, 1, FALSE));
  ck_assert (!prw_timecode_rate_is_supported (240, 1, FALSE));
  ck_assert (!prw_timecode_rate_is_supported (30000, 1002, FALSE));
  ck_assert (!prw_timecode_rate_is_supported (25000, 1001, FALSE));
  ck_assert (!prw_timecode_rate_is_supported (0, 1, FALSE));
  ck_assert (!prw_timecode_rate_is_supported (1, 0, FALSE));
  ck_assert (!prw_timecode_rate_is_supported (0, 0, FALSE));

  ck_assert_int_eq (prw_timecode_rate_get_nominal_fps (24000, 1001), 24);
  ck_assert_int_eq (prw_timecode_rate_get_nominal_fps (30000, 1001), 30);
  ck_assert_int_eq (prw_timecode_rate_get_nominal_fps (2500, 100), 25);
}
END_TEST

START_TEST (test_rate_parse)
{
  /* every form, with the rate the SMPTE table above gives it */
  static const struct {
    const gchar *str;
    guint num, den;
    gboolean drop;
  } good[] = {
    { "30000/1001", 30000, 1001, FALSE },
    { "2500/100", 2500, 100, FALSE }, /* kept as written */
    { "25", 25, 1, FALSE },
    { "25.0", 25, 1, FALSE },
    { "120.000", 120, 1, FALSE },
    { "23.976", 24000, 1001, FALSE },
    { "23.98", 24000, 1001, FALSE },
    { "29.97", 30000, 1001, FALSE },
    { "47.952", 48000, 1001, FALSE },
    { "47.95", 48000, 1001, FALSE },
    { "59.94", 60000, 1001, FALSE },
    { "119.88", 120000, 1001, FALSE },
    { "29.97 DF", 30000, 1001, TRUE },
    { "29.97DF", 30000, 1001, TRUE },
    { "59.94 df", 60000, 1001, TRUE },
    { "120000/1001 DF", 120000, 1001, TRUE },
  };
  /* not frame rates at all */
  static const gchar *const syntax[] = {
    "",        "fast",  "DF",     " 25",    "25 ",        "+25",    "-25",
    "0",       "25.5",  "25.",    "29.970", "2.5e1",      "30000/", "/1001",
    "30000/0", "1/2/3", "25  DF", "25 DFX", "4294967296",
  };
  /* rates without timecode, or drop frame where there is none */
  static const gchar *const unsupported[] = {
    "27", "29", "15/1", "30000/1002", "25 DF", "23.976 DF", "24000/1001DF",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++) {
    g_autoptr (GError) error = NULL;
    guint num = 0, den = 0;
    gboolean drop = !good[i].drop;

    ck_assert_msg (
        prw_timecode_rate_parse (good[i].str, &num, &den, &drop, &error),
        "%s: %s", good[i].str, error != NULL ? error->message : "");
    ck_assert_uint_eq (num, good[i].num);
    ck_assert_uint_eq (den, good[i].den);
    ck_assert_int_eq (drop, good[i].drop);
    ck_assert (prw_timecode_rate_is_supported (num, den, drop));
  }

  for (gsize i = 0; i < G_N_ELEMENTS (syntax); i++) {
    g_autoptr (GError) error = NULL;
    guint num = 7, den = 7;
    gboolean drop = 7;

    ck_assert_msg (
        !prw_timecode_rate_parse (syntax[i], &num, &den, &drop, &error), "%s",
        syntax[i]);
    ck_assert_msg (
        g_error_matches (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE), "%s",
        syntax[i]);
    ck_assert (g_str_has_prefix (error->message, syntax[i]));
    ck_assert (strstr (error->message, "not a frame rate") != NULL);
    /* out arguments untouched */
    ck_assert_uint_eq (num, 7);
    ck_assert_uint_eq (den, 7);
    ck_assert_int_eq (drop, 7);
  }

  for (gsize i = 0; i < G_N_ELEMENTS (unsupported); i++) {
    g_autoptr (GError) error = NULL;

    ck_assert_msg (
        !prw_timecode_rate_parse (unsupported[i], NULL, NULL, NULL, &error),
        "%s", unsupported[i]);
    ck_assert_msg (g_error_matches (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED),
                   "%s", unsupported[i]);
    ck_assert (g_str_has_prefix (error->message, unsupported[i]));
  }
  {
    g_autoptr (GError) error = NULL;

    ck_assert (!prw_timecode_rate_parse ("25 DF", NULL, NULL, NULL, &error));
    ck_assert_str_eq (error->message,
                      "25 DF: drop frame exists only at 29.97, 59.94 and "
                      "119.88 fps");
    g_clear_error (&error);
    ck_assert (!prw_timecode_rate_parse ("27", NULL, NULL, NULL, &error));
    ck_assert_str_eq (error->message, "27: not a supported timecode rate");
  }
}
END_TEST

START_TEST (test_rate_to_string)
{
  static const struct {
    guint num, den;
    gboolean drop;
    const gchar *name;
  } names[] = {
    { 24000, 1001, FALSE, "23.976" },
    { 24, 1, FALSE, "24" },
    { 25, 1, FALSE, "25" },
    { 30000, 1001, FALSE, "29.97" },
    { 30000, 1001, TRUE, "29.97 DF" },
    { 30, 1, FALSE, "30" },
    { 48000, 1001, FALSE, "47.952" },
    { 48, 1, FALSE, "48" },
    { 50, 1, FALSE, "50" },
    { 60000, 1001, FALSE, "59.94" },
    { 60000, 1001, TRUE, "59.94 DF" },
    { 60, 1, FALSE, "60" },
    { 100, 1, FALSE, "100" },
    { 120000, 1001, FALSE, "119.88" },
    { 120000, 1001, TRUE, "119.88 DF" },
    { 120, 1, FALSE, "120" },
    /* unreduced and unsupported rates are named too */
    { 2500, 100, FALSE, "25" },
    { 25, 2, FALSE, "12.5" },
    { 1, 3, FALSE, "0.333" },
    { 2, 3, FALSE, "0.667" },
    { 0, 1, FALSE, "0" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autofree gchar *name = prw_timecode_rate_to_string (
        names[i].num, names[i].den, names[i].drop);

    ck_assert_str_eq (name, names[i].name);
  }

  /* every supported rate's name reads back as the same rate */
  for (gsize i = 0; i < G_N_ELEMENTS (all_rates); i++) {
    g_autofree gchar *name = prw_timecode_rate_to_string (
        all_rates[i].num, all_rates[i].den, all_rates[i].drop);
    guint num = 0, den = 0;
    gboolean drop = FALSE;

    ck_assert_msg (prw_timecode_rate_parse (name, &num, &den, &drop, NULL),
                   "%s", name);
    ck_assert_uint_eq (num, all_rates[i].num);
    ck_assert_uint_eq (den, all_rates[i].den);
    ck_assert_int_eq (drop, all_rates[i].drop);
  }
}
END_TEST

START_TEST (test_compare_equal)
{
  g_autoptr (PrwTimecode) a = prw_timecode_new (25, 1, FALSE, 100);
  g_autoptr (PrwTimecode) a2 = prw_timecode_new (2500, 100, FALSE, 100);
  g_autoptr (PrwTimecode) later = prw_timecode_new (25, 1, FALSE, 101);
  g_autoptr (PrwTimecode) slower = prw_timecode_new (24, 1, FALSE, 5000);
  g_autoptr (PrwTimecode) ndf = prw_timecode_new (30000, 1001, FALSE, 100);
  g_autoptr (PrwTimecode) df = prw_timecode_new (30000, 1001, TRUE, 100);
  g_autoptr (PrwTimecode) copy = NULL;
  g_autoptr (PrwTimecode) boxed = NULL;

  /* stored in lowest terms */
  ck_assert_uint_eq (a2->rate_num, 25);
  ck_assert_uint_eq (a2->rate_den, 1);
  ck_assert (prw_timecode_equal (a, a2));
  ck_assert_int_eq (prw_timecode_compare (a, a2), 0);
  ck_assert_int_lt (prw_timecode_compare (a, later), 0);
  ck_assert_int_gt (prw_timecode_compare (later, a), 0);
  ck_assert (!prw_timecode_equal (a, later));
  /* rate first: a slower rate sorts first whatever its frame */
  ck_assert_int_lt (prw_timecode_compare (slower, a), 0);
  ck_assert_int_lt (prw_timecode_compare (a, ndf), 0);
  ck_assert_int_gt (prw_timecode_compare (ndf, a), 0);
  ck_assert (!prw_timecode_equal (ndf, df));
  ck_assert_int_lt (prw_timecode_compare (ndf, df), 0);

  copy = prw_timecode_copy (df);
  ck_assert (copy != df);
  ck_assert (prw_timecode_equal (copy, df));
  ck_assert_int_eq (prw_timecode_get_frames (copy), 100);

  ck_assert (G_TYPE_IS_BOXED (PRW_TYPE_TIMECODE));
  boxed = g_boxed_copy (PRW_TYPE_TIMECODE, a);
  ck_assert (prw_timecode_equal (boxed, a));
}
END_TEST

static void
count_criticals (const gchar *domain, GLogLevelFlags level,
                 const gchar *message, gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* Programmer errors return NULL/0 with a critical. */
START_TEST (test_programmer_errors)
{
  guint criticals = 0;
  g_autoptr (PrwTimecode) a = prw_timecode_new (25, 1, FALSE, 0);
  g_autoptr (PrwTimecode) b = prw_timecode_new (24, 1, FALSE, 0);
  g_autoptr (PrwTimecode) c = prw_timecode_new (30000, 1001, TRUE, 0);
  g_autoptr (PrwTimecode) d = prw_timecode_new (30000, 1001, FALSE, 0);

  g_log_set_handler ("proreswriter", G_LOG_LEVEL_CRITICAL, count_criticals,
                     &criticals);

  ck_assert_ptr_null (prw_timecode_new (25, 1, FALSE, 25 * 86400));
  ck_assert_ptr_null (prw_timecode_new (25, 1, FALSE, -1));
  ck_assert_ptr_null (prw_timecode_new (30000, 1001, TRUE, 2589408));
  ck_assert_ptr_null (prw_timecode_new (29, 1, FALSE, 0));
  ck_assert_ptr_null (prw_timecode_new (25, 1, TRUE, 0));
  ck_assert_int_eq (prw_timecode_rate_get_frames_per_day (29, 1, FALSE), 0);
  ck_assert_int_eq (prw_timecode_frames_between (a, b), 0);
  ck_assert_int_eq (prw_timecode_frames_between (c, d), 0);
  ck_assert_uint_eq (criticals, 8);

  /* the last valid frames are accepted */
  {
    g_autoptr (PrwTimecode) e = prw_timecode_new (25, 1, FALSE, 25 * 86400 - 1);
    g_autoptr (PrwTimecode) f
        = prw_timecode_new (30000, 1001, TRUE, 2589408 - 1);

    ck_assert_ptr_nonnull (e);
    ck_assert_ptr_nonnull (f);
  }
  ck_assert_uint_eq (criticals, 8);
}
END_TEST

static Suite *
timecode_suite (void)
{
  Suite *s = suite_create ("timecode");
  TCase *tc_core = tcase_create ("core");
  TCase *tc_sweep = tcase_create ("sweep");

  tcase_add_test (tc_core, test_known_values);
  tcase_add_test (tc_core, test_df_minute_boundaries);
  tcase_add_test (tc_core, test_invalid_labels);
  tcase_add_test (tc_core, test_separators);
  tcase_add_test (tc_core, test_high_rates);
  tcase_add_test (tc_core, test_day_wrap);
  tcase_add_test (tc_core, test_rate_is_supported);
  tcase_add_test (tc_core, test_rate_parse);
  tcase_add_test (tc_core, test_rate_to_string);
  tcase_add_test (tc_core, test_compare_equal);
  tcase_add_test (tc_core, test_programmer_errors);
  suite_add_tcase (s, tc_core);

  tcase_set_timeout (tc_sweep, 120);
  tcase_add_test (tc_sweep, test_full_day_2997df);
  tcase_add_test (tc_sweep, test_full_day_5994df);
  tcase_add_loop_test (tc_sweep, test_sweep_each_rate, 0,
                       G_N_ELEMENTS (all_rates));
  suite_add_tcase (s, tc_sweep);

  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (timecode_suite ());
  int failed;

  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
