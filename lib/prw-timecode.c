/* libproreswriter: SMPTE timecode as an integer frame count
 *
 * The frame count is the truth. Labels ("HH:MM:SS:FF") are derived from it,
 * and parsed back into it, with integer arithmetic only. GstVideoTimeCode is
 * deliberately not used: GStreamer 1.22 rejects rates above 60 fps.
 *
 * Drop frame: at x/1001 rates whose nominal rate is a multiple of 30, the
 * labels FF = 0 .. nominal/15 - 1 are skipped at second 00 of every minute
 * that is not a multiple of ten (2 labels at 29.97, 4 at 59.94, 8 at 119.88).
 * Frames themselves are never dropped; only labels are.
 */

#include <proreswriter/proreswriter.h>

#include "util/prw-math-private.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (PrwTimecode, prw_timecode, prw_timecode_copy,
                     prw_timecode_free)

/* The supported rates, in lowest terms. */
static const struct {
  guint num;
  guint den;
  gboolean has_drop_frame;
} supported_rates[] = {
  { 24000, 1001, FALSE }, { 24, 1, FALSE },  { 25, 1, FALSE },
  { 30000, 1001, TRUE },  { 30, 1, FALSE },  { 48000, 1001, FALSE },
  { 48, 1, FALSE },       { 50, 1, FALSE },  { 60000, 1001, TRUE },
  { 60, 1, FALSE },       { 100, 1, FALSE }, { 120000, 1001, TRUE },
  { 120, 1, FALSE },
};

/* Everything the label arithmetic needs about one (rate, drop) pair. */
typedef struct {
  guint num; /* in lowest terms */
  guint den;
  gboolean drop_frame;
  gint64 nominal; /* labels per second */
  gint64 drop;    /* labels skipped per dropping minute, 0 for NDF */
  gint64 frames_per_day;
} Rate;

static guint
nominal_fps (guint num, guint den)
{
  return (guint) (((guint64) num + den / 2) / den);
}

/* The rates of supported_rates that have drop frame, for messages. */
#define DROP_FRAME_RATES "29.97, 59.94 and 119.88 fps"

/* Fills @rate and returns TRUE if (@num, @den, @drop_frame) is supported. */
static gboolean
rate_lookup (guint num, guint den, gboolean drop_frame, Rate *rate)
{
  guint g;
  gsize i;

  if (num == 0 || den == 0)
    return FALSE;

  g = (guint) prw_gcd64 (num, den);
  num /= g;
  den /= g;

  for (i = 0; i < G_N_ELEMENTS (supported_rates); i++) {
    if (supported_rates[i].num != num || supported_rates[i].den != den)
      continue;
    if (drop_frame && !supported_rates[i].has_drop_frame)
      return FALSE;

    if (rate != NULL) {
      rate->num = num;
      rate->den = den;
      rate->drop_frame = drop_frame ? TRUE : FALSE;
      rate->nominal = nominal_fps (num, den);
      rate->drop = drop_frame ? rate->nominal / 15 : 0;
      /* 144 blocks of ten minutes; the first minute of each drops nothing */
      rate->frames_per_day = 144 * (600 * rate->nominal - 9 * rate->drop);
    }
    return TRUE;
  }
  return FALSE;
}

static gboolean
timecode_is_valid (const PrwTimecode *tc, Rate *rate)
{
  Rate r;

  if (tc == NULL
      || !rate_lookup (tc->rate_num, tc->rate_den, tc->drop_frame, &r))
    return FALSE;
  if (tc->frames < 0 || tc->frames >= r.frames_per_day)
    return FALSE;
  if (rate != NULL)
    *rate = r;
  return TRUE;
}

static gboolean
same_rate (const PrwTimecode *a, const PrwTimecode *b)
{
  return (guint64) a->rate_num * b->rate_den
             == (guint64) b->rate_num * a->rate_den
         && !a->drop_frame == !b->drop_frame;
}

/* The frame count -> the label, counted as if no label were skipped. */
static void
frames_to_components (const Rate *rate, gint64 frames, guint *hours,
                      guint *minutes, guint *seconds, guint *ff)
{
  gint64 label = frames;

  if (rate->drop > 0) {
    gint64 per_ten_minutes = 600 * rate->nominal - 9 * rate->drop;
    gint64 per_minute = 60 * rate->nominal - rate->drop;
    gint64 blocks = frames / per_ten_minutes;
    gint64 rest = frames % per_ten_minutes;

    label += 9 * rate->drop * blocks;
    /* the first minute of a block is a full one; each later minute starts
     * rate->drop labels late */
    if (rest >= rate->drop)
      label += rate->drop * ((rest - rate->drop) / per_minute);
  }

  *ff = (guint) (label % rate->nominal);
  label /= rate->nominal;
  *seconds = (guint) (label % 60);
  label /= 60;
  *minutes = (guint) (label % 60);
  *hours = (guint) (label / 60);
}

/* Writes "29.97 fps DF": the rate's name, then " fps", then " DF". */
static gchar *
describe_rate (guint num, guint den, gboolean drop_frame)
{
  g_autofree gchar *name = NULL;

  if (den == 0)
    return g_strdup_printf ("%u/%u fps", num, den);

  name = prw_timecode_rate_to_string (num, den, FALSE);
  return g_strdup_printf ("%s%s", name, drop_frame ? " fps DF" : " fps");
}

static gchar *
format_label (guint frame_digits, gboolean drop_frame, guint hours,
              guint minutes, guint seconds, guint ff)
{
  return g_strdup_printf ("%02u:%02u:%02u%c%0*u", hours, minutes, seconds,
                          drop_frame ? ';' : ':', (gint) frame_digits, ff);
}

static guint
frame_digits_for (gint64 nominal)
{
  return nominal - 1 >= 100 ? 3 : 2;
}

/* The shared validation of new_from_string and new_from_components;
 * @label is what the error messages quote. */
static PrwTimecode *
timecode_from_components (const gchar *label, guint rate_num, guint rate_den,
                          gboolean drop_frame, guint hours, guint minutes,
                          guint seconds, guint ff, GError **error)
{
  g_autofree gchar *rate_str = NULL;
  PrwTimecode *tc;
  Rate rate;
  gint64 total_minutes;

  if (!rate_lookup (rate_num, rate_den, FALSE, NULL)) {
    rate_str = describe_rate (rate_num, rate_den, FALSE);
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "\"%s\" is not a timecode: %s (%u/%u) is not a supported "
                 "timecode rate",
                 label, rate_str, rate_num, rate_den);
    return NULL;
  }
  rate_str = describe_rate (rate_num, rate_den, drop_frame);
  if (!rate_lookup (rate_num, rate_den, drop_frame, &rate)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE,
                 "\"%s\" is not a timecode at %s: drop frame exists only "
                 "at " DROP_FRAME_RATES,
                 label, rate_str);
    return NULL;
  }

  if (hours > 23) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE,
                 "\"%s\" is not a timecode at %s: hours must be below 24",
                 label, rate_str);
    return NULL;
  }
  if (minutes > 59) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE,
                 "\"%s\" is not a timecode at %s: minutes must be below 60",
                 label, rate_str);
    return NULL;
  }
  if (seconds > 59) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE,
                 "\"%s\" is not a timecode at %s: seconds must be below 60",
                 label, rate_str);
    return NULL;
  }
  if ((gint64) ff >= rate.nominal) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE,
                 "\"%s\" is not a timecode at %s: frames must be below "
                 "%" G_GINT64_FORMAT,
                 label, rate_str, rate.nominal);
    return NULL;
  }
  if (rate.drop > 0 && minutes % 10 != 0 && seconds == 0
      && (gint64) ff < rate.drop) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE,
                 "\"%s\" is not a timecode at %s: drop frame skips frames "
                 "00 to %02" G_GINT64_FORMAT " at the start of every minute "
                 "not divisible by 10",
                 label, rate_str, rate.drop - 1);
    return NULL;
  }

  total_minutes = 60 * (gint64) hours + minutes;
  tc = g_new (PrwTimecode, 1);
  tc->rate_num = rate.num;
  tc->rate_den = rate.den;
  tc->drop_frame = rate.drop_frame;
  tc->frames = (((gint64) hours * 3600 + (gint64) minutes * 60 + seconds)
                    * rate.nominal
                + ff)
               - rate.drop * (total_minutes - total_minutes / 10);
  return tc;
}

/* Reads exactly @min..@max decimal digits. */
static gboolean
parse_digits (const gchar **p, guint min, guint max, guint *value)
{
  guint n = 0;

  *value = 0;
  while (n < max && g_ascii_isdigit ((*p)[n])) {
    *value = *value * 10 + (guint) ((*p)[n] - '0');
    n++;
  }
  if (n < min || g_ascii_isdigit ((*p)[n]))
    return FALSE;
  *p += n;
  return TRUE;
}

/**
 * prw_timecode_rate_is_supported:
 * @rate_num: numerator of the frame rate
 * @rate_den: denominator of the frame rate
 * @drop_frame: whether drop-frame labels are asked for
 *
 * The supported rates are 23.976 (24000/1001), 24, 25, 29.97 (30000/1001),
 * 30, 47.952 (48000/1001), 48, 50, 59.94 (60000/1001), 60, 100,
 * 119.88 (120000/1001) and 120 fps; the fraction need not be in lowest terms
 * (2500/100 is 25 fps). Drop frame is supported at 29.97, 59.94 and 119.88
 * fps only (the x/1001 rates whose nominal rate is a multiple of 30; 119.88
 * DF, which skips 8 labels a minute, is an extension of SMPTE 12M).
 *
 * Returns: %TRUE if timecodes at this rate can be made
 *
 * Since: 0.1
 */
gboolean
prw_timecode_rate_is_supported (guint rate_num, guint rate_den,
                                gboolean drop_frame)
{
  return rate_lookup (rate_num, rate_den, drop_frame, NULL);
}

/**
 * prw_timecode_rate_get_nominal_fps:
 * @rate_num: numerator of the frame rate
 * @rate_den: denominator of the frame rate, not 0
 *
 * The nominal rate is the number of labels per second: the rate rounded to
 * the nearest integer (24 for 23.976, 30 for 29.97, 120 for 119.88). It is
 * computed for any rate, supported or not.
 *
 * Returns: the nominal frame rate, or 0 if @rate_den is 0
 *
 * Since: 0.1
 */
guint
prw_timecode_rate_get_nominal_fps (guint rate_num, guint rate_den)
{
  g_return_val_if_fail (rate_den > 0, 0);

  return nominal_fps (rate_num, rate_den);
}

/**
 * prw_timecode_rate_get_frames_per_day:
 * @rate_num: numerator of a supported frame rate
 * @rate_den: denominator of a supported frame rate
 * @drop_frame: whether labels follow the drop-frame rules
 *
 * The number of frames from 00:00:00:00 to the next 00:00:00:00: nominal
 * rate * 86400 without drop frame, fewer with it (2589408 at 29.97 DF).
 * An unsupported rate is a programmer error: check it with
 * prw_timecode_rate_is_supported() first.
 *
 * Returns: the frames in a 24-hour day, or 0 (with a critical warning) if
 *   the rate is not supported
 *
 * Since: 0.1
 */
gint64
prw_timecode_rate_get_frames_per_day (guint rate_num, guint rate_den,
                                      gboolean drop_frame)
{
  Rate rate;

  g_return_val_if_fail (rate_lookup (rate_num, rate_den, drop_frame, &rate), 0);

  return rate.frames_per_day;
}

/* Decimal spellings that are not the rate's name (prw_timecode_rate_to_string()
 * gives the name: "23.976" for 24000/1001). */
static const struct {
  const gchar *spelling;
  guint num;
  guint den;
} rate_aliases[] = {
  { "23.98", 24000, 1001 },
  { "47.95", 48000, 1001 },
};

/* The x/1001 rate whose name or alias is @str. */
static gboolean
rate_from_decimal_name (const gchar *str, guint *num, guint *den)
{
  for (gsize i = 0; i < G_N_ELEMENTS (supported_rates); i++) {
    g_autofree gchar *name = NULL;

    if (supported_rates[i].den == 1)
      continue;
    name = prw_timecode_rate_to_string (supported_rates[i].num,
                                        supported_rates[i].den, FALSE);
    if (g_str_equal (str, name)) {
      *num = supported_rates[i].num;
      *den = supported_rates[i].den;
      return TRUE;
    }
  }
  for (gsize i = 0; i < G_N_ELEMENTS (rate_aliases); i++) {
    if (g_str_equal (str, rate_aliases[i].spelling)) {
      *num = rate_aliases[i].num;
      *den = rate_aliases[i].den;
      return TRUE;
    }
  }
  return FALSE;
}

/* "N/D", "N" or "N.0": both numbers 1 to G_MAXUINT. */
static gboolean
rate_from_numbers (const gchar *str, guint *num, guint *den)
{
  const gchar *slash = strchr (str, '/');
  g_autofree gchar *whole = NULL;
  guint64 n, d = 1;
  gchar *dot;

  if (slash != NULL) {
    g_autofree gchar *num_str = g_strndup (str, slash - str);

    if (!g_ascii_string_to_unsigned (num_str, 10, 1, G_MAXUINT, &n, NULL)
        || !g_ascii_string_to_unsigned (slash + 1, 10, 1, G_MAXUINT, &d, NULL))
      return FALSE;
  } else {
    whole = g_strdup (str);
    dot = strchr (whole, '.');
    if (dot != NULL) {
      if (dot[1] == '\0' || strspn (dot + 1, "0") != strlen (dot + 1))
        return FALSE;
      *dot = '\0';
    }
    if (!g_ascii_string_to_unsigned (whole, 10, 1, G_MAXUINT, &n, NULL))
      return FALSE;
  }
  *num = (guint) n;
  *den = (guint) d;
  return TRUE;
}

/**
 * prw_timecode_rate_parse:
 * @str: a frame rate such as "30000/1001", "25", "29.97" or "29.97 DF"
 * @rate_num: (out): return location for the numerator of the frame rate
 * @rate_den: (out): return location for the denominator of the frame rate
 * @drop_frame: (out): return location for whether @str asks for drop frame
 * @error: return location for a #GError, or %NULL
 *
 * Reads a frame rate as a person types it:
 *
 * - "N/D", the exact fraction (30000/1001), kept as written, not reduced;
 * - "N" or "N.0", a whole rate (25, 25.0 = 25/1);
 * - the name of an NTSC-family rate, as prw_timecode_rate_to_string() gives
 *   it: "23.976", "29.97", "47.952", "59.94", "119.88" (x/1001), or the
 *   spellings "23.98" and "47.95".
 *
 * Any of them may end with "DF" (upper or lower case), after a space or
 * not, to ask for drop-frame labels: @drop_frame is then %TRUE, else
 * %FALSE. No other text (whitespace, signs, exponents) is accepted. The
 * rate must be supported: see prw_timecode_rate_is_supported().
 *
 * Fails with %PRW_ERROR_INVALID_TIMECODE if @str is not a frame rate in
 * one of these forms, and with %PRW_ERROR_UNSUPPORTED if it is one but
 * timecode is not supported at it, or drop frame was asked for at a rate
 * that has none. The message quotes @str. On failure the out arguments are
 * left unchanged.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 *
 * Since: 0.2
 */
gboolean
prw_timecode_rate_parse (const gchar *str, guint *rate_num, guint *rate_den,
                         gboolean *drop_frame, GError **error)
{
  g_autofree gchar *body = NULL;
  gsize len;
  gboolean drop = FALSE;
  guint num = 0, den = 0;

  g_return_val_if_fail (str != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  body = g_strdup (str);
  len = strlen (body);
  if (len >= 2 && g_ascii_strcasecmp (body + len - 2, "DF") == 0) {
    drop = TRUE;
    len -= 2;
    if (len > 0 && body[len - 1] == ' ')
      len--;
    body[len] = '\0';
  }

  if (!rate_from_decimal_name (body, &num, &den)
      && !rate_from_numbers (body, &num, &den)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE,
                 "%s: not a frame rate (use N/D such as 30000/1001, N such as "
                 "25, or 23.976, 29.97, 47.952, 59.94, 119.88)",
                 str);
    return FALSE;
  }
  if (!rate_lookup (num, den, FALSE, NULL)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: not a supported timecode rate", str);
    return FALSE;
  }
  if (!rate_lookup (num, den, drop, NULL)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: drop frame exists only at " DROP_FRAME_RATES, str);
    return FALSE;
  }

  if (rate_num != NULL)
    *rate_num = num;
  if (rate_den != NULL)
    *rate_den = den;
  if (drop_frame != NULL)
    *drop_frame = drop;
  return TRUE;
}

/**
 * prw_timecode_rate_to_string:
 * @rate_num: numerator of the frame rate
 * @rate_den: denominator of the frame rate, not 0
 * @drop_frame: whether to name drop-frame labels
 *
 * Names a frame rate as people write it: the rate in frames per second
 * rounded to three decimals, trailing zeros dropped ("25", "29.97",
 * "23.976", "119.88"), then " DF" if @drop_frame is set ("29.97 DF").
 * Integer arithmetic only. Any rate can be named, supported or not;
 * prw_timecode_rate_parse() reads every name of a supported rate back.
 *
 * Returns: (transfer full) (nullable): the name of the rate, or %NULL if
 *   @rate_den is 0 (a programmer error)
 *
 * Since: 0.2
 */
gchar *
prw_timecode_rate_to_string (guint rate_num, guint rate_den,
                             gboolean drop_frame)
{
  const gchar *suffix = drop_frame ? " DF" : "";
  guint64 milli;
  gchar frac[4];
  gint len;

  g_return_val_if_fail (rate_den > 0, NULL);

  milli = ((guint64) rate_num * 1000 + rate_den / 2) / rate_den;
  if (milli % 1000 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "%s", milli / 1000, suffix);

  g_snprintf (frac, sizeof frac, "%03u", (guint) (milli % 1000));
  for (len = 3; len > 0 && frac[len - 1] == '0'; len--)
    frac[len - 1] = '\0';
  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%s%s", milli / 1000, frac,
                          suffix);
}

/**
 * prw_timecode_new:
 * @rate_num: numerator of a supported frame rate
 * @rate_den: denominator of a supported frame rate
 * @drop_frame: whether labels follow the drop-frame rules
 * @frames: frames since 00:00:00:00, in [0, frames per day)
 *
 * Makes a timecode from a frame count. The rate is stored in lowest terms.
 * See prw_timecode_rate_is_supported() for the rates; an unsupported rate or
 * an out-of-range @frames is a programmer error.
 *
 * Returns: (transfer full) (nullable): a new #PrwTimecode, or %NULL on a
 *   programmer error
 *
 * Since: 0.1
 */
PrwTimecode *
prw_timecode_new (guint rate_num, guint rate_den, gboolean drop_frame,
                  gint64 frames)
{
  PrwTimecode *tc;
  Rate rate;

  g_return_val_if_fail (rate_lookup (rate_num, rate_den, drop_frame, &rate),
                        NULL);
  g_return_val_if_fail (frames >= 0 && frames < rate.frames_per_day, NULL);

  tc = g_new (PrwTimecode, 1);
  tc->rate_num = rate.num;
  tc->rate_den = rate.den;
  tc->drop_frame = rate.drop_frame;
  tc->frames = frames;
  return tc;
}

/**
 * prw_timecode_new_from_string:
 * @str: a label such as "01:00:00:00" or "01:00:00;00"
 * @rate_num: numerator of the frame rate
 * @rate_den: denominator of the frame rate
 * @drop_frame: whether labels follow the drop-frame rules
 * @error: return location for a #GError, or %NULL
 *
 * Parses "HH:MM:SS:FF", "HH:MM:SS;FF", "HH;MM;SS;FF", "HH:MM:SS.FF" or
 * "HH:MM:SS,FF"; hours, minutes and seconds have two digits, frames two or
 * three. The timecode is drop frame if @drop_frame is set or if the last
 * separator is ';', '.' or ','. Surrounding whitespace is not accepted.
 *
 * Fails with %PRW_ERROR_INVALID_TIMECODE on bad syntax, a field out of range,
 * a label that drop frame skips (such as 00:01:00;00 at 29.97 DF) or drop
 * frame at a rate that has none, and with %PRW_ERROR_UNSUPPORTED if the rate
 * is not supported at all. The message quotes @str.
 *
 * Returns: (transfer full) (nullable): a new #PrwTimecode, or %NULL with
 *   @error set
 *
 * Since: 0.1
 */
PrwTimecode *
prw_timecode_new_from_string (const gchar *str, guint rate_num, guint rate_den,
                              gboolean drop_frame, GError **error)
{
  const gchar *p = str;
  guint hours, minutes, seconds, ff;
  gchar sep1, sep2, sep3;

  g_return_val_if_fail (str != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!parse_digits (&p, 2, 2, &hours))
    goto syntax;
  sep1 = *p;
  if (sep1 != ':' && sep1 != ';')
    goto syntax;
  p++;
  if (!parse_digits (&p, 2, 2, &minutes))
    goto syntax;
  sep2 = *p++;
  if (sep2 != sep1)
    goto syntax;
  if (!parse_digits (&p, 2, 2, &seconds))
    goto syntax;
  sep3 = *p++;
  if (sep1 == ';' ? sep3 != ';'
                  : (sep3 != ':' && sep3 != ';' && sep3 != '.' && sep3 != ','))
    goto syntax;
  if (!parse_digits (&p, 2, 3, &ff) || *p != '\0')
    goto syntax;

  return timecode_from_components (str, rate_num, rate_den,
                                   drop_frame || sep3 != ':', hours, minutes,
                                   seconds, ff, error);

syntax:
  g_set_error (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE,
               "\"%s\" is not a timecode: expected HH:MM:SS:FF or HH:MM:SS;FF",
               str);
  return NULL;
}

/**
 * prw_timecode_new_from_components:
 * @rate_num: numerator of the frame rate
 * @rate_den: denominator of the frame rate
 * @drop_frame: whether labels follow the drop-frame rules
 * @hours: 0 to 23
 * @minutes: 0 to 59
 * @seconds: 0 to 59
 * @frames: 0 to nominal rate - 1
 * @error: return location for a #GError, or %NULL
 *
 * Makes a timecode from the fields of its label, with the checks of
 * prw_timecode_new_from_string(): drop frame only if @drop_frame is set.
 *
 * Fails with %PRW_ERROR_UNSUPPORTED if the rate is not supported, and with
 * %PRW_ERROR_INVALID_TIMECODE if a field is out of range, the label is one
 * that drop frame skips, or drop frame is asked for at a rate that has
 * none. The message quotes the label, "HH:MM:SS:FF".
 *
 * Returns: (transfer full) (nullable): a new #PrwTimecode, or %NULL with
 *   @error set
 *
 * Since: 0.1
 */
PrwTimecode *
prw_timecode_new_from_components (guint rate_num, guint rate_den,
                                  gboolean drop_frame, guint hours,
                                  guint minutes, guint seconds, guint frames,
                                  GError **error)
{
  g_autofree gchar *label = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  label = format_label (2, drop_frame, hours, minutes, seconds, frames);
  return timecode_from_components (label, rate_num, rate_den, drop_frame, hours,
                                   minutes, seconds, frames, error);
}

/**
 * prw_timecode_copy:
 * @tc: a #PrwTimecode
 *
 * Copies @tc.
 *
 * Returns: (transfer full): a copy of @tc
 *
 * Since: 0.1
 */
PrwTimecode *
prw_timecode_copy (const PrwTimecode *tc)
{
  g_return_val_if_fail (tc != NULL, NULL);

  return g_memdup2 (tc, sizeof *tc);
}

/**
 * prw_timecode_free:
 * @tc: (nullable) (transfer full): a #PrwTimecode
 *
 * Frees @tc; %NULL is ignored.
 *
 * Since: 0.1
 */
void
prw_timecode_free (PrwTimecode *tc)
{
  g_free (tc);
}

/**
 * prw_timecode_get_frames:
 * @tc: a #PrwTimecode
 *
 * The frame count of @tc: the number of frames from 00:00:00:00 to it at
 * its rate, so that 01:00:00;00 at 29.97 DF is 107892, not 108000.
 *
 * Returns: frames since 00:00:00:00 (after the drop-frame rules), or -1 if
 *   @tc is not valid
 *
 * Since: 0.1
 */
gint64
prw_timecode_get_frames (const PrwTimecode *tc)
{
  g_return_val_if_fail (timecode_is_valid (tc, NULL), -1);

  return tc->frames;
}

/**
 * prw_timecode_get_components:
 * @tc: a #PrwTimecode
 * @hours: (out) (optional): the hours, 0 to 23
 * @minutes: (out) (optional): the minutes, 0 to 59
 * @seconds: (out) (optional): the seconds, 0 to 59
 * @frames: (out) (optional): the frame label, 0 to nominal rate - 1
 *
 * The fields of the label of @tc.
 *
 * Since: 0.1
 */
void
prw_timecode_get_components (const PrwTimecode *tc, guint *hours,
                             guint *minutes, guint *seconds, guint *frames)
{
  guint h, m, s, f;
  Rate rate;

  g_return_if_fail (timecode_is_valid (tc, &rate));

  frames_to_components (&rate, tc->frames, &h, &m, &s, &f);
  if (hours != NULL)
    *hours = h;
  if (minutes != NULL)
    *minutes = m;
  if (seconds != NULL)
    *seconds = s;
  if (frames != NULL)
    *frames = f;
}

/**
 * prw_timecode_to_string:
 * @tc: a #PrwTimecode
 *
 * Formats "HH:MM:SS:FF", or "HH:MM:SS;FF" for drop frame. Frames have as
 * many digits as the largest frame label needs: two up to 100 fps, three at
 * 119.88 and 120 fps ("00:00:00:119").
 *
 * Returns: (transfer full): the label of @tc
 *
 * Since: 0.1
 */
gchar *
prw_timecode_to_string (const PrwTimecode *tc)
{
  guint h, m, s, f;
  Rate rate;

  g_return_val_if_fail (timecode_is_valid (tc, &rate), NULL);

  frames_to_components (&rate, tc->frames, &h, &m, &s, &f);
  return format_label (frame_digits_for (rate.nominal), rate.drop_frame, h, m,
                       s, f);
}

/**
 * prw_timecode_add_frames:
 * @tc: a #PrwTimecode
 * @frames: frames to add, may be negative
 *
 * Adds @frames, wrapping around midnight (23:59:59:24 + 1 is 00:00:00:00 at
 * 25 fps).
 *
 * Returns: (transfer full): a new #PrwTimecode at the same rate
 *
 * Since: 0.1
 */
PrwTimecode *
prw_timecode_add_frames (const PrwTimecode *tc, gint64 frames)
{
  PrwTimecode *result;
  Rate rate;
  gint64 sum;

  g_return_val_if_fail (timecode_is_valid (tc, &rate), NULL);

  /* reduce first so the sum cannot overflow */
  sum = tc->frames + frames % rate.frames_per_day;
  sum %= rate.frames_per_day;
  if (sum < 0)
    sum += rate.frames_per_day;

  result = prw_timecode_copy (tc);
  result->frames = sum;
  return result;
}

/**
 * prw_timecode_frames_between:
 * @from: a #PrwTimecode
 * @to: a #PrwTimecode at the same rate and drop-frame mode as @from
 *
 * The signed shortest distance from @from to @to on the 24-hour clock, so
 * that crossing midnight is short: from 23:59:59:24 to 00:00:00:00 at 25 fps
 * is 1, and back is -1.
 *
 * Returns: @to - @from modulo a day, in [-day / 2, day / 2), in frames
 *
 * Since: 0.1
 */
gint64
prw_timecode_frames_between (const PrwTimecode *from, const PrwTimecode *to)
{
  Rate rate;
  gint64 diff;

  g_return_val_if_fail (timecode_is_valid (from, &rate), 0);
  g_return_val_if_fail (timecode_is_valid (to, NULL), 0);
  g_return_val_if_fail (same_rate (from, to), 0);

  diff = (to->frames - from->frames) % rate.frames_per_day;
  if (diff < 0)
    diff += rate.frames_per_day;
  /* every supported day has an even number of frames */
  if (diff >= rate.frames_per_day / 2)
    diff -= rate.frames_per_day;
  return diff;
}

/**
 * prw_timecode_compare:
 * @a: a #PrwTimecode
 * @b: a #PrwTimecode
 *
 * Orders by exact frame rate (slower first), then non-drop before drop
 * frame, then by frame count. Timecodes at one rate therefore sort in time
 * order (without regard to midnight wrap). Usable as a #GCompareFunc.
 *
 * Returns: negative, 0 or positive as @a sorts before, with or after @b
 *
 * Since: 0.1
 */
gint
prw_timecode_compare (const PrwTimecode *a, const PrwTimecode *b)
{
  guint64 rate_a, rate_b;

  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);

  rate_a = (guint64) a->rate_num * b->rate_den;
  rate_b = (guint64) b->rate_num * a->rate_den;
  if (rate_a != rate_b)
    return rate_a < rate_b ? -1 : 1;
  if (!a->drop_frame != !b->drop_frame)
    return a->drop_frame ? 1 : -1;
  if (a->frames != b->frames)
    return a->frames < b->frames ? -1 : 1;
  return 0;
}

/**
 * prw_timecode_equal:
 * @a: a #PrwTimecode
 * @b: a #PrwTimecode
 *
 * Whether @a and @b are the same timecode: prw_timecode_compare() gives 0.
 *
 * Returns: %TRUE if @a and @b have the same rate (25/1 equals 2500/100),
 *   drop-frame mode and frame count
 *
 * Since: 0.1
 */
gboolean
prw_timecode_equal (const PrwTimecode *a, const PrwTimecode *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return prw_timecode_compare (a, b) == 0;
}
