/* libproreswriter: Avid Log Exchange (ALE) files, as DITs export them */

#include "prw-source-clip-private.h"

#include "util/prw-fd-io-private.h"
#include "util/prw-math-private.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

/**
 * PrwAle:
 *
 * An Avid Log Exchange file: the list of a shoot's camera originals that a
 * DIT's tools (Silverstack, Resolve, ShotPut, the cameras' own software)
 * export. It names clips the library cannot open (R3D, ARRIRAW, BRAW),
 * which is why it exists here: each of its Data rows becomes a
 * #PrwSourceClip.
 *
 * The format ("Avid Log Exchange Specification", Avid) is text in three
 * sections, each opened by a line holding only its name:
 *
 * |[
 * Heading
 * FIELD_DELIM	TABS
 * VIDEO_FORMAT	1080
 * FPS	23.976
 *
 * Column
 * Name	Tape	Start	End	Source File
 *
 * Data
 * A001C003_230101_R1AB	A001	10:00:00:00	10:00:10:00
 * A001C003_230101_R1AB.R3D
 * ]|
 *
 * - Heading: one "KEY<tab>value" line each. FIELD_DELIM must be TABS (the
 *   only delimiter the specification has) when given; FPS is the rate of
 *   every row without an FPS column of its own ("23.976", "25", "29.97",
 *   "30000/1001"; see prw_timecode_rate_parse()).
 * - Column: one line naming the columns, tab-separated.
 * - Data: one line per clip, with as many tab-separated fields as there
 *   are columns (one trailing empty field, from a trailing tab, is
 *   allowed).
 *
 * Column names are matched without regard to case. A row's clip is:
 *
 * - clip name: Name (required, not empty);
 * - reel: Tape, else Reel or Reel Name; else the TAPE heading (the
 *   specification's global tape name, which a row's Tape overrides); none
 *   if empty;
 * - start timecode: Start (required); drop frame when its last separator
 *   is ';' (or '.', ','), as Avid writes DF labels, or when the rate says
 *   "DF";
 * - frame count: Duration (a timecode-like length "00:00:10:00" at the
 *   row's rate and drop-frame flag, or a plain number of frames), else End
 *   - Start. In an ALE, End is exclusive: the timecode one frame after the
 *   clip's last (Avid's convention: Duration = End - Start). Where both are
 *   given they must agree; an End one frame earlier (written inclusive by
 *   some tools) is accepted. Without Duration, an End before Start is a
 *   clip across midnight when that span is at most half a day, and an
 *   error otherwise, as is an End equal to Start;
 * - frame rate: the row's FPS column, else the FPS heading;
 * - display size: Frame Width and Frame Height, else Resolution, Image
 *   Size, Frame Size or Source Resolution ("4096x2160"); unknown otherwise;
 * - path: Source File, as written (the camera's file, not opened).
 *
 * Lines end with LF, CR LF or CR (old Macintosh ALEs). Text that is not
 * UTF-8 is read as Windows-1252; a UTF-8 byte order mark is skipped, and a
 * file that starts with a UTF-16 one (FF FE or FE FF, as Windows tools
 * save "Unicode text") is read as UTF-16. Blank lines are skipped.
 *
 * A row that cannot be read does not fail the file: it becomes a row error
 * (prw_ale_get_row_errors(), prw_ale_check()) naming the file and the line,
 * and the other rows are still read.
 *
 * A #PrwAle is immutable.
 *
 * Since: 0.4
 */
struct _PrwAle {
  GObject parent_instance;

  gchar *path;
  GHashTable *heading;     /* upper-case key -> value */
  GListStore *clips;       /* PrwSourceClip */
  GPtrArray *row_errors;   /* GError */
  GPtrArray *row_messages; /* gchar*, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (PrwAle, prw_ale, G_TYPE_OBJECT)

/* An ALE of a whole shoot is a few megabytes. */
#define MAX_ALE_SIZE (64 * 1024 * 1024)

static void
prw_ale_finalize (GObject *object)
{
  PrwAle *self = PRW_ALE (object);

  g_free (self->path);
  g_hash_table_unref (self->heading);
  g_object_unref (self->clips);
  g_ptr_array_unref (self->row_errors);
  g_ptr_array_unref (self->row_messages);

  G_OBJECT_CLASS (prw_ale_parent_class)->finalize (object);
}

static void
prw_ale_class_init (PrwAleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = prw_ale_finalize;
}

static void
prw_ale_init (PrwAle *self)
{
  self->heading
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->clips = g_list_store_new (PRW_TYPE_SOURCE_CLIP);
  self->row_errors
      = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  self->row_messages = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

/* ---- lines and fields --------------------------------------------------- */

typedef struct {
  const gchar *text;
  gsize len;
  guint number; /* from 1 */
} Line;

/* Splits text at LF, CR LF and CR. */
static GArray *
split_lines (const gchar *text, gsize len)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  gsize start = 0;
  guint number = 1;

  for (gsize i = 0; i <= len; i++) {
    if (i < len && text[i] != '\n' && text[i] != '\r')
      continue;
    if (i == len && start == len)
      break;
    g_array_append_val (lines, ((Line){ text + start, i - start, number++ }));
    if (i + 1 < len && text[i] == '\r' && text[i + 1] == '\n')
      i++;
    start = i + 1;
  }
  return lines;
}

static gboolean
line_is_blank (const Line *line)
{
  for (gsize i = 0; i < line->len; i++)
    if (!g_ascii_isspace (line->text[i]))
      return FALSE;
  return TRUE;
}

/* The line without surrounding white space equals word (any case). */
static gboolean
line_is (const Line *line, const gchar *word)
{
  gsize a = 0, b = line->len, n = strlen (word);

  while (a < b && g_ascii_isspace (line->text[a]))
    a++;
  while (b > a && g_ascii_isspace (line->text[b - 1]))
    b--;
  return b - a == n && g_ascii_strncasecmp (line->text + a, word, n) == 0;
}

/* Tab-separated fields, each without surrounding spaces. */
static GPtrArray *
split_fields (const Line *line)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  gsize start = 0;

  for (gsize i = 0; i <= line->len; i++) {
    if (i < line->len && line->text[i] != '\t')
      continue;
    g_ptr_array_add (fields,
                     g_strstrip (g_strndup (line->text + start, i - start)));
    start = i + 1;
  }
  return fields;
}

/* ---- errors -------------------------------------------------------------- */

static void set_line_error (GError **error, const gchar *path, guint line,
                            gint code, const gchar *format, ...)
    G_GNUC_PRINTF (5, 6);

static void
set_line_error (GError **error, const gchar *path, guint line, gint code,
                const gchar *format, ...)
{
  g_autofree gchar *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  if (line > 0)
    g_set_error (error, PRW_ERROR, code, "%s:%u: %s", path, line, reason);
  else
    g_set_error (error, PRW_ERROR, code, "%s: %s", path, reason);
}

/* ---- one row ------------------------------------------------------------- */

typedef struct {
  PrwAle *ale;
  GPtrArray *columns; /* gchar*, as written */
  guint column_line;
  /* column indexes, -1 if absent */
  gint name, tape, start, end, duration, fps, source_file, width, height,
      resolution;
  gboolean have_rate; /* the FPS heading */
  guint rate_num, rate_den;
  gboolean rate_drop;
} Table;

static gint
find_column (const Table *t, const gchar *const *names)
{
  for (guint n = 0; names[n] != NULL; n++)
    for (guint i = 0; i < t->columns->len; i++)
      if (g_ascii_strcasecmp (g_ptr_array_index (t->columns, i), names[n]) == 0)
        return (gint) i;
  return -1;
}

static const gchar *
field (GPtrArray *fields, gint column)
{
  const gchar *value;

  if (column < 0 || (guint) column >= fields->len)
    return NULL;
  value = g_ptr_array_index (fields, column);
  return value[0] != '\0' ? value : NULL;
}

/* "N/D" (not reduced by prw_timecode_rate_parse()) in lowest terms, and
 * supported. */
static gboolean
parse_rate (const gchar *text, guint *num, guint *den, gboolean *drop,
            GError **error)
{
  guint64 g;

  if (!prw_timecode_rate_parse (text, num, den, drop, error))
    return FALSE;
  g = prw_gcd64 (*num, *den);
  *num /= g;
  *den /= g;
  return TRUE;
}

/* A length: a plain number of frames, or a label read as frames since
 * 00:00:00:00 at the row's rate. -1 with error. */
static gint64
parse_duration (const gchar *text, const PrwTimecode *start, GError **error)
{
  g_autoptr (PrwTimecode) tc = NULL;
  guint64 n;

  if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &n, NULL))
    return (gint64) n;
  tc = prw_timecode_new_from_string (text, start->rate_num, start->rate_den,
                                     start->drop_frame, error);
  return tc != NULL ? tc->frames : -1;
}

/* "4096x2160", "4096 x 2160" */
static gboolean
parse_size (const gchar *text, guint *width, guint *height)
{
  g_auto (GStrv) parts = NULL;
  guint64 w, h;

  parts = g_strsplit_set (text, "xX", 3);
  if (g_strv_length (parts) != 2)
    return FALSE;
  g_strstrip (parts[0]);
  g_strstrip (parts[1]);
  if (!g_ascii_string_to_unsigned (parts[0], 10, 1, 65535, &w, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, 65535, &h, NULL))
    return FALSE;
  *width = (guint) w;
  *height = (guint) h;
  return TRUE;
}

static void
set_size (PrwSourceClip *clip, const Table *t, GPtrArray *fields, guint line)
{
  const gchar *path = t->ale->path;
  const gchar *w = field (fields, t->width);
  const gchar *h = field (fields, t->height);
  const gchar *res = field (fields, t->resolution);
  guint64 wv, hv;

  if (w != NULL && h != NULL) {
    if (g_ascii_string_to_unsigned (w, 10, 1, 65535, &wv, NULL)
        && g_ascii_string_to_unsigned (h, 10, 1, 65535, &hv, NULL)) {
      clip->width = (guint) wv;
      clip->height = (guint) hv;
      prw_source_clip_set_origin (
          clip, PRW_SOURCE_CLIP_FACT_SIZE, "the %s and %s columns of %s:%u",
          (gchar *) g_ptr_array_index (t->columns, t->width),
          (gchar *) g_ptr_array_index (t->columns, t->height), path, line);
      return;
    }
    prw_source_clip_add_warning (clip,
                                 "%s:%u: frame size \"%s\" x \"%s\" is not "
                                 "a size in pixels; the size is unknown",
                                 path, line, w, h);
    return;
  }
  if (res == NULL)
    return;
  if (parse_size (res, &clip->width, &clip->height)) {
    prw_source_clip_set_origin (
        clip, PRW_SOURCE_CLIP_FACT_SIZE, "the %s column of %s:%u",
        (gchar *) g_ptr_array_index (t->columns, t->resolution), path, line);
    return;
  }
  prw_source_clip_add_warning (
      clip,
      "%s:%u: %s \"%s\" is not WIDTHxHEIGHT; the "
      "size is unknown",
      path, line, (gchar *) g_ptr_array_index (t->columns, t->resolution), res);
}

/* The frame count from Duration and/or End (exclusive). */
static gboolean
row_frame_count (PrwSourceClip *clip, const Table *t, GPtrArray *fields,
                 guint line, GError **error)
{
  const gchar *path = t->ale->path;
  const gchar *end_text = field (fields, t->end);
  const gchar *dur_text = field (fields, t->duration);
  const PrwTimecode *start = clip->start;
  gint64 per_day = prw_timecode_rate_get_frames_per_day (
      start->rate_num, start->rate_den, start->drop_frame);
  g_autoptr (PrwTimecode) end = NULL;
  g_autoptr (GError) local = NULL;
  g_autofree gchar *start_label = prw_timecode_to_string (start);
  gint64 duration = -1, span = -1;

  if (dur_text == NULL && end_text == NULL) {
    set_line_error (error, path, line, PRW_ERROR_CORRUPT,
                    "no End and no Duration: the clip's length is unknown");
    return FALSE;
  }
  if (dur_text != NULL) {
    duration = parse_duration (dur_text, start, &local);
    if (duration < 0) {
      set_line_error (error, path, line, local->code, "Duration: %s",
                      local->message);
      return FALSE;
    }
    if (duration == 0 || duration > per_day) {
      set_line_error (error, path, line, PRW_ERROR_CORRUPT,
                      "Duration \"%s\" is %" G_GINT64_FORMAT
                      " frames; a clip lasts 1 frame to a day",
                      dur_text, duration);
      return FALSE;
    }
  }
  if (end_text != NULL) {
    end = prw_timecode_new_from_string (
        end_text, start->rate_num, start->rate_den, start->drop_frame, &local);
    if (end == NULL) {
      set_line_error (error, path, line, local->code, "End: %s",
                      local->message);
      return FALSE;
    }
    if (end->drop_frame != start->drop_frame) {
      set_line_error (error, path, line, PRW_ERROR_INVALID_TIMECODE,
                      "End \"%s\" is drop frame but Start \"%s\" is not",
                      end_text, start_label);
      return FALSE;
    }
    span = ((end->frames - start->frames) % per_day + per_day) % per_day;
  }

  if (duration >= 0) {
    clip->frame_count = duration;
    if (span >= 0 && span != duration && span != duration - 1) {
      set_line_error (
          error, path, line, PRW_ERROR_CORRUPT,
          "End \"%s\" and Duration \"%s\" disagree: from Start "
          "\"%s\", End is %" G_GINT64_FORMAT
          " frames later (exclusive End), Duration %" G_GINT64_FORMAT " frames",
          end_text, dur_text, start_label, span, duration);
      return FALSE;
    }
    prw_source_clip_set_origin (
        clip, PRW_SOURCE_CLIP_FACT_FRAME_COUNT,
        "the Duration column of %s:%u%s", path, line,
        span >= 0 && span == duration - 1 ? " (its End is inclusive)" : "");
    return TRUE;
  }
  /* An End before Start is a clip across midnight (time-of-day timecode
   * wraps; Resolve's ALE has no Duration column) when the wrapped span is
   * at most half a day; a longer one is an End typed wrong. */
  if (end->frames <= start->frames
      && (end->frames == start->frames || span > per_day / 2)) {
    set_line_error (error, path, line, PRW_ERROR_CORRUPT,
                    "End \"%s\" is not after Start \"%s\" (End is the "
                    "timecode after the last frame)",
                    end_text, start_label);
    return FALSE;
  }
  clip->frame_count = span;
  prw_source_clip_set_origin (
      clip, PRW_SOURCE_CLIP_FACT_FRAME_COUNT,
      "End - Start in %s:%u (End exclusive%s)", path, line,
      end->frames < start->frames ? ", across midnight" : "");
  return TRUE;
}

static PrwSourceClip *
read_row (const Table *t, const Line *line, GError **error)
{
  const gchar *path = t->ale->path;
  g_autoptr (GPtrArray) fields = split_fields (line);
  g_autoptr (PrwSourceClip) clip = NULL;
  g_autoptr (GError) local = NULL;
  const gchar *name, *start_text, *fps_text, *reel, *source_file;
  const gchar *video_format;
  guint num, den, n = line->number;
  gboolean drop;

  /* one trailing tab is allowed */
  if (fields->len == t->columns->len + 1
      && ((gchar *) g_ptr_array_index (fields, fields->len - 1))[0] == '\0')
    g_ptr_array_set_size (fields, t->columns->len);
  if (fields->len != t->columns->len) {
    set_line_error (error, path, n, PRW_ERROR_CORRUPT,
                    "%u fields, but the Column line (line %u) names %u",
                    fields->len, t->column_line, t->columns->len);
    return NULL;
  }

  name = field (fields, t->name);
  if (name == NULL) {
    set_line_error (error, path, n, PRW_ERROR_CORRUPT, "no Name");
    return NULL;
  }
  fps_text = field (fields, t->fps);
  if (fps_text != NULL) {
    if (!parse_rate (fps_text, &num, &den, &drop, &local)) {
      set_line_error (error, path, n, local->code, "FPS: %s", local->message);
      return NULL;
    }
  } else if (t->have_rate) {
    num = t->rate_num;
    den = t->rate_den;
    drop = t->rate_drop;
  } else {
    set_line_error (error, path, n, PRW_ERROR_CORRUPT,
                    "no frame rate: no FPS column value and no FPS heading");
    return NULL;
  }

  clip = prw_source_clip_new_empty ();
  start_text = field (fields, t->start);
  if (start_text == NULL) {
    set_line_error (error, path, n, PRW_ERROR_NO_TIMECODE, "no Start");
    return NULL;
  }
  clip->start
      = prw_timecode_new_from_string (start_text, num, den, drop, &local);
  if (clip->start == NULL) {
    set_line_error (error, path, n, local->code, "Start: %s", local->message);
    return NULL;
  }
  clip->clip_name = g_strdup (name);
  clip->ale_path = g_strdup (path);
  clip->ale_line = n;
  prw_source_clip_set_origin (clip, PRW_SOURCE_CLIP_FACT_CLIP_NAME,
                              "the Name column of %s:%u", path, n);
  prw_source_clip_set_origin (clip, PRW_SOURCE_CLIP_FACT_START_TIMECODE,
                              "the Start column of %s:%u", path, n);
  if (fps_text != NULL)
    prw_source_clip_set_origin (clip, PRW_SOURCE_CLIP_FACT_RATE,
                                "the FPS column of %s:%u", path, n);
  else
    prw_source_clip_set_origin (clip, PRW_SOURCE_CLIP_FACT_RATE,
                                "the FPS heading of %s", path);
  if (!row_frame_count (clip, t, fields, n, error))
    return NULL;

  reel = field (fields, t->tape);
  if (reel != NULL) {
    clip->reel = g_strdup (reel);
    prw_source_clip_set_origin (
        clip, PRW_SOURCE_CLIP_FACT_REEL, "the %s column of %s:%u",
        (gchar *) g_ptr_array_index (t->columns, t->tape), path, n);
  } else if ((reel = g_hash_table_lookup (t->ale->heading, "TAPE")) != NULL
             && reel[0] != '\0') {
    /* the global tape name, which a row's Tape overrides */
    clip->reel = g_strdup (reel);
    prw_source_clip_set_origin (clip, PRW_SOURCE_CLIP_FACT_REEL,
                                "the TAPE heading of %s", path);
  }
  source_file = field (fields, t->source_file);
  clip->path = g_strdup (source_file);
  set_size (clip, t, fields, n);
  video_format = g_hash_table_lookup (t->ale->heading, "VIDEO_FORMAT");
  clip->format = video_format != NULL
                     ? g_strdup_printf ("ALE, VIDEO_FORMAT %s", video_format)
                     : g_strdup ("ALE");
  return g_steal_pointer (&clip);
}

/* ---- the sections -------------------------------------------------------- */

static gboolean
read_heading (PrwAle *self, GArray *lines, guint *at, Table *t, GError **error)
{
  const gchar *fps, *delim;
  g_autoptr (GError) local = NULL;

  for (; *at < lines->len; (*at)++) {
    const Line *line = &g_array_index (lines, Line, *at);
    const gchar *tab;
    gchar *key, *value;

    if (line_is_blank (line))
      continue;
    if (line_is (line, "Column") || line_is (line, "Data"))
      break;
    tab = memchr (line->text, '\t', line->len);
    if (tab == NULL) {
      /* the first 40 characters, never a part of one */
      g_autofree gchar *whole = g_strndup (line->text, line->len);
      g_autofree gchar *text = g_malloc0 (line->len + 1);

      g_utf8_strncpy (text, whole, 40);

      set_line_error (error, self->path, line->number, PRW_ERROR_CORRUPT,
                      "heading line \"%s\" is not KEY<tab>VALUE", text);
      return FALSE;
    }
    key = g_strstrip (g_strndup (line->text, tab - line->text));
    value = g_strstrip (
        g_strndup (tab + 1, line->len - (gsize) (tab + 1 - line->text)));
    g_hash_table_replace (self->heading, g_ascii_strup (key, -1), value);
    g_free (key);
  }

  delim = g_hash_table_lookup (self->heading, "FIELD_DELIM");
  if (delim != NULL && g_ascii_strcasecmp (delim, "TABS") != 0) {
    set_line_error (error, self->path, 0, PRW_ERROR_UNSUPPORTED,
                    "FIELD_DELIM is \"%s\"; an ALE's fields are separated "
                    "by TABS",
                    delim);
    return FALSE;
  }
  fps = g_hash_table_lookup (self->heading, "FPS");
  if (fps != NULL && fps[0] != '\0') {
    if (!parse_rate (fps, &t->rate_num, &t->rate_den, &t->rate_drop, &local)) {
      set_line_error (error, self->path, 0, local->code, "FPS heading: %s",
                      local->message);
      return FALSE;
    }
    t->have_rate = TRUE;
  }
  return TRUE;
}

static gboolean
read_columns (PrwAle *self, GArray *lines, guint *at, Table *t, GError **error)
{
  static const gchar *const name[] = { "Name", NULL };
  static const gchar *const tape[] = { "Tape", "Reel", "Reel Name", NULL };
  static const gchar *const start[] = { "Start", NULL };
  static const gchar *const end[] = { "End", NULL };
  static const gchar *const duration[] = { "Duration", NULL };
  static const gchar *const fps[] = { "FPS", NULL };
  static const gchar *const source_file[] = { "Source File", NULL };
  static const gchar *const width[] = { "Frame Width", NULL };
  static const gchar *const height[] = { "Frame Height", NULL };
  static const gchar *const resolution[]
      = { "Resolution", "Image Size", "Frame Size", "Source Resolution", NULL };
  const Line *line = NULL;

  /* at: the Column line */
  for ((*at)++; *at < lines->len; (*at)++) {
    line = &g_array_index (lines, Line, *at);
    if (!line_is_blank (line))
      break;
    line = NULL;
  }
  if (line == NULL || line_is (line, "Data")) {
    set_line_error (error, self->path,
                    line != NULL ? line->number
                                 : g_array_index (lines, Line, *at - 1).number,
                    PRW_ERROR_CORRUPT, "the Column section names no columns");
    return FALSE;
  }
  t->columns = split_fields (line);
  t->column_line = line->number;
  if (t->columns->len > 1
      && ((gchar *) g_ptr_array_index (t->columns, t->columns->len - 1))[0]
             == '\0')
    g_ptr_array_set_size (t->columns, t->columns->len - 1);
  for (guint i = 0; i < t->columns->len; i++)
    if (((gchar *) g_ptr_array_index (t->columns, i))[0] == '\0') {
      set_line_error (error, self->path, line->number, PRW_ERROR_CORRUPT,
                      "column %u has no name", i + 1);
      return FALSE;
    }
  t->name = find_column (t, name);
  t->tape = find_column (t, tape);
  t->start = find_column (t, start);
  t->end = find_column (t, end);
  t->duration = find_column (t, duration);
  t->fps = find_column (t, fps);
  t->source_file = find_column (t, source_file);
  t->width = find_column (t, width);
  t->height = find_column (t, height);
  t->resolution = find_column (t, resolution);
  if (t->name < 0 || t->start < 0 || (t->end < 0 && t->duration < 0)) {
    set_line_error (error, self->path, line->number, PRW_ERROR_CORRUPT,
                    "the columns name no %s",
                    t->name < 0    ? "Name"
                    : t->start < 0 ? "Start"
                                   : "End or Duration");
    return FALSE;
  }
  (*at)++;
  return TRUE;
}

/* The text as UTF-8, without a byte order mark: UTF-16 (little or big
 * endian) when it starts with its mark, as Windows tools save "Unicode
 * text"; else as it is when it is UTF-8, else read as Windows-1252 (else
 * Latin-1). NULL with error (the file as a whole) when it cannot be read. */
static gchar *
to_utf8 (const gchar *path, const guint8 *data, gsize length, gsize *text_len,
         GError **error)
{
  const gchar *from = NULL;
  gchar *text;
  gsize written = 0;

  if (length >= 2 && data[0] == 0xff && data[1] == 0xfe)
    from = "UTF-16LE";
  else if (length >= 2 && data[0] == 0xfe && data[1] == 0xff)
    from = "UTF-16BE";
  if (from != NULL) {
    text = g_convert ((const gchar *) data + 2, (gssize) (length - 2), "UTF-8",
                      from, NULL, &written, NULL);
    if (text == NULL) {
      set_line_error (error, path, 0, PRW_ERROR_CORRUPT,
                      "not an ALE: it starts with a %s byte order mark but "
                      "its text is not %s",
                      from, from);
      return NULL;
    }
  } else {
    if (memchr (data, '\0', length) != NULL) {
      set_line_error (error, path, 0, PRW_ERROR_CORRUPT,
                      "not an ALE: it holds NUL bytes");
      return NULL;
    }
    if (length >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf) {
      data += 3;
      length -= 3;
    }
    if (g_utf8_validate_len ((const gchar *) data, length, NULL)) {
      *text_len = length;
      return g_strndup ((const gchar *) data, length);
    }
    text = g_convert ((const gchar *) data, (gssize) length, "UTF-8",
                      "WINDOWS-1252", NULL, &written, NULL);
    if (text == NULL)
      text = g_convert ((const gchar *) data, (gssize) length, "UTF-8",
                        "ISO-8859-1", NULL, &written, NULL);
    if (text == NULL) {
      set_line_error (error, path, 0, PRW_ERROR_CORRUPT,
                      "not an ALE: its text cannot be read");
      return NULL;
    }
  }
  /* a mark inside UTF-16 text, and U+0000 */
  if (g_str_has_prefix (text, "\xef\xbb\xbf")) {
    memmove (text, text + 3, written - 3 + 1);
    written -= 3;
  }
  if (memchr (text, '\0', written) != NULL) {
    g_free (text);
    set_line_error (error, path, 0, PRW_ERROR_CORRUPT,
                    "not an ALE: it holds NUL characters");
    return NULL;
  }
  *text_len = written;
  return text;
}

static gboolean
parse (PrwAle *self, const guint8 *data, gsize length, GError **error)
{
  g_autofree gchar *text = NULL;
  g_autoptr (GArray) lines = NULL;
  Table t = { 0 };
  gsize text_len = 0;
  guint at = 0;
  gboolean ok = FALSE;

  text = to_utf8 (self->path, data, length, &text_len, error);
  if (text == NULL)
    return FALSE;
  t.ale = self;
  lines = split_lines (text, text_len);
  while (at < lines->len && line_is_blank (&g_array_index (lines, Line, at)))
    at++;
  if (at == lines->len) {
    set_line_error (error, self->path, 0, PRW_ERROR_CORRUPT,
                    "not an ALE: it is empty");
    return FALSE;
  }
  if (!line_is (&g_array_index (lines, Line, at), "Heading")) {
    set_line_error (error, self->path, g_array_index (lines, Line, at).number,
                    PRW_ERROR_CORRUPT,
                    "not an ALE: the first line is not \"Heading\"");
    return FALSE;
  }
  at++;
  if (!read_heading (self, lines, &at, &t, error))
    goto out;
  if (at == lines->len
      || !line_is (&g_array_index (lines, Line, at), "Column")) {
    set_line_error (error, self->path,
                    at < lines->len
                        ? g_array_index (lines, Line, at).number
                        : g_array_index (lines, Line, at - 1).number,
                    PRW_ERROR_CORRUPT, "no Column section");
    goto out;
  }
  if (!read_columns (self, lines, &at, &t, error))
    goto out;
  while (at < lines->len && line_is_blank (&g_array_index (lines, Line, at)))
    at++;
  if (at == lines->len || !line_is (&g_array_index (lines, Line, at), "Data")) {
    set_line_error (error, self->path,
                    at < lines->len
                        ? g_array_index (lines, Line, at).number
                        : g_array_index (lines, Line, at - 1).number,
                    PRW_ERROR_CORRUPT,
                    at < lines->len ? "expected \"Data\" after the Column line"
                                    : "no Data section");
    goto out;
  }
  for (at++; at < lines->len; at++) {
    const Line *line = &g_array_index (lines, Line, at);
    GError *row_error = NULL;
    PrwSourceClip *clip;

    if (line_is_blank (line))
      continue;
    clip = read_row (&t, line, &row_error);
    if (clip != NULL) {
      g_list_store_append (self->clips, clip);
      g_object_unref (clip);
    } else {
      g_ptr_array_add (self->row_messages, g_strdup (row_error->message));
      g_ptr_array_add (self->row_errors, row_error);
    }
  }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->clips)) == 0
      && self->row_errors->len == 0) {
    /* nothing to make or link: said, never an empty success */
    set_line_error (error, self->path, 0, PRW_ERROR_CORRUPT,
                    "no clips: its Data section has no rows");
    goto out;
  }
  ok = TRUE;

out:
  g_clear_pointer (&t.columns, g_ptr_array_unref);
  return ok;
}

/**
 * prw_ale_new_from_data:
 * @path: (type filename): the ALE's name, for messages and for
 *   prw_source_clip_get_ale_path()
 * @data: (array length=length) (element-type guint8): the ALE's bytes
 * @length: the number of bytes in @data
 * @error: return location for a #GError, or %NULL
 *
 * Reads an ALE held in memory; see #PrwAle for the format. A row that
 * cannot be read is a row error (prw_ale_get_row_errors()), not a failure.
 *
 * Errors, each message "PATH:LINE: reason" (or "PATH: reason" for the
 * headings and the file as a whole):
 *
 * - %PRW_ERROR_CORRUPT: not an ALE (empty, NUL bytes or characters, a
 *   UTF-16 byte order mark before text that is not UTF-16, the first line
 *   is not "Heading", a heading line without a tab), no Column or no Data
 *   section, a column without a name, no Name, Start, or End or Duration
 *   column, a Data section without rows ("PATH: no clips: ...");
 * - %PRW_ERROR_UNSUPPORTED: FIELD_DELIM is not TABS; the FPS heading is a
 *   rate the library does not support; @length is more than 64 MB;
 * - %PRW_ERROR_INVALID_TIMECODE: the FPS heading is not a frame rate.
 *
 * Returns: (transfer full): the ALE, or %NULL with @error set
 *
 * Since: 0.4
 */
PrwAle *
prw_ale_new_from_data (const gchar *path, const guint8 *data, gsize length,
                       GError **error)
{
  g_autoptr (PrwAle) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PRW_TYPE_ALE, NULL);
  self->path = g_strdup (path);
  if (length > MAX_ALE_SIZE) {
    set_line_error (error, path, 0, PRW_ERROR_UNSUPPORTED,
                    "larger than %u MB; not read", MAX_ALE_SIZE >> 20);
    return NULL;
  }
  if (!parse (self, data != NULL ? data : (const guint8 *) "", length, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * prw_ale_new_from_file:
 * @path: (type filename): an Avid Log Exchange file (".ale")
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @error: return location for a #GError, or %NULL
 *
 * Reads an ALE file (at most 64 MB); see #PrwAle for the format and
 * prw_ale_new_from_data() for the errors it can meet in the text. Besides
 * them: %PRW_ERROR_NOT_FOUND, %PRW_ERROR_PERMISSION_DENIED and
 * %PRW_ERROR_IO when the file cannot be read (%PRW_ERROR_IO also when it
 * is not a regular file: a folder, a FIFO, a device; it is never waited
 * on), %PRW_ERROR_UNSUPPORTED when it is larger than 64 MB, and
 * %G_IO_ERROR_CANCELLED.
 *
 * Each row's clip notes the file's identity as it was read (its device,
 * inode, size, modification and status change times): a conform job made
 * from a row refuses to put its output in place if the ALE changed since
 * (prw_conform_job_run()).
 *
 * Returns: (transfer full): the ALE, or %NULL with @error set
 *
 * Since: 0.4
 */
PrwAle *
prw_ale_new_from_file (const gchar *path, GCancellable *cancellable,
                       GError **error)
{
  g_autoptr (GMappedFile) map = NULL;
  g_autoptr (GError) local = NULL;
  PrwAle *ale;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  /* not blocking: a FIFO named .ale must not hang the open */
  fd = prw_fd_open (path, O_RDONLY | O_NONBLOCK, 0);
  if (fd < 0) {
    prw_set_error_from_errno (error, errno, path, NULL);
    return NULL;
  }
  if (fstat (fd, &st) < 0) {
    prw_set_error_from_errno (error, errno, path, NULL);
    prw_fd_close (fd);
    return NULL;
  }
  if (!S_ISREG (st.st_mode)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO, "%s: not a regular file",
                 path);
    prw_fd_close (fd);
    return NULL;
  }
  map = g_mapped_file_new_from_fd (fd, FALSE, &local);
  prw_fd_close (fd);
  if (map == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO, "%s: %s", path,
                 local->message);
    return NULL;
  }
  ale = prw_ale_new_from_data (
      path, (const guint8 *) g_mapped_file_get_contents (map),
      g_mapped_file_get_length (map), error);
  /* each row's facts come from the file as it was mapped: a change since
   * is seen by prw_source_clip_check_file() */
  for (guint i = 0;
       ale != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (ale->clips));
       i++) {
    g_autoptr (PrwSourceClip) clip
        = g_list_model_get_item (G_LIST_MODEL (ale->clips), i);

    prw_source_clip_set_identity (clip, &st);
  }
  return ale;
}

/**
 * prw_ale_get_path:
 * @self: a #PrwAle
 *
 * The path the ALE was read from (or named, for prw_ale_new_from_data()),
 * which every message about it starts with.
 *
 * Returns: (type filename) (transfer none): the ALE's path, as given
 *
 * Since: 0.4
 */
const gchar *
prw_ale_get_path (PrwAle *self)
{
  g_return_val_if_fail (PRW_IS_ALE (self), NULL);
  return self->path;
}

/**
 * prw_ale_get_heading:
 * @self: a #PrwAle
 * @key: a Heading key, such as "FPS", "VIDEO_FORMAT", "FIELD_DELIM" or
 *   "AUDIO_FORMAT" (any case)
 *
 * A value of the ALE's Heading section, as written.
 *
 * Returns: (transfer none) (nullable): the value of the Heading line with
 *   that key (the last, if several), or %NULL
 *
 * Since: 0.4
 */
const gchar *
prw_ale_get_heading (PrwAle *self, const gchar *key)
{
  g_autofree gchar *up = NULL;

  g_return_val_if_fail (PRW_IS_ALE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  up = g_ascii_strup (key, -1);
  return g_hash_table_lookup (self->heading, up);
}

/**
 * prw_ale_get_clips:
 * @self: a #PrwAle
 *
 * The clips of the Data rows that could be read, in file order. Each
 * names the ALE and its line (prw_source_clip_get_ale_path(),
 * prw_source_clip_get_ale_line()).
 *
 * Returns: (transfer none): a #GListModel of #PrwSourceClip
 *
 * Since: 0.4
 */
GListModel *
prw_ale_get_clips (PrwAle *self)
{
  g_return_val_if_fail (PRW_IS_ALE (self), NULL);
  return G_LIST_MODEL (self->clips);
}

/**
 * prw_ale_get_row_errors:
 * @self: a #PrwAle
 *
 * Why each Data row that could not be read was left out, in file order,
 * one line each: "PATH:LINE: reason", such as "shoot.ale:12: 5 fields, but
 * the Column line (line 8) names 6", "shoot.ale:13: Start: \"10:00:00:30\"
 * ...", "shoot.ale:14: End \"10:00:00:00\" is not after Start
 * \"10:00:10:00\" ...".
 *
 * Returns: (transfer none) (array zero-terminated=1): the row errors,
 *   empty when every row was read
 *
 * Since: 0.4
 */
const gchar *const *
prw_ale_get_row_errors (PrwAle *self)
{
  static const gchar *const none[] = { NULL };

  g_return_val_if_fail (PRW_IS_ALE (self), NULL);
  if (self->row_messages->len == 0)
    return none;
  return (const gchar *const *) self->row_messages->pdata;
}

/**
 * prw_ale_get_n_row_errors:
 * @self: a #PrwAle
 *
 * The number of Data rows that could not be read (see
 * prw_ale_get_row_error()).
 *
 * Returns: the number of row errors, 0 when every row made a clip
 *
 * Since: 0.4
 */
guint
prw_ale_get_n_row_errors (PrwAle *self)
{
  g_return_val_if_fail (PRW_IS_ALE (self), 0);
  return self->row_errors->len;
}

/**
 * prw_ale_get_row_error:
 * @self: a #PrwAle
 * @index: a row error, from 0 to prw_ale_get_n_row_errors() - 1, in file
 *   order
 *
 * Why a Data row could not be read: its code (see prw_ale_check() for the
 * codes) and its message, "PATH:LINE: reason", the same as
 * prw_ale_get_row_errors() gives.
 *
 * Returns: (transfer none): the row's error, owned by @self
 *
 * Since: 0.4
 */
const GError *
prw_ale_get_row_error (PrwAle *self, guint index)
{
  g_return_val_if_fail (PRW_IS_ALE (self), NULL);
  g_return_val_if_fail (index < self->row_errors->len, NULL);
  return g_ptr_array_index (self->row_errors, index);
}

/**
 * prw_ale_check:
 * @self: a #PrwAle
 * @error: return location for a #GError, or %NULL
 *
 * For callers that take an ALE whole or not at all: fails with the first
 * row error.
 *
 * Row errors, each message "PATH:LINE: reason":
 *
 * - %PRW_ERROR_CORRUPT: a row with another number of fields than there are
 *   columns, no Name, no End and no Duration, an End not after Start
 *   (without Duration), End and Duration that disagree, a Duration of 0 or
 *   of more than a day, no frame rate (no FPS column value nor heading);
 * - %PRW_ERROR_NO_TIMECODE: no Start;
 * - %PRW_ERROR_INVALID_TIMECODE: a Start, End or Duration that is not a
 *   valid label at the row's rate, an End in drop frame and a Start not
 *   (or the reverse), an FPS value that is not a rate;
 * - %PRW_ERROR_UNSUPPORTED: an FPS value the library does not support.
 *
 * Returns: %TRUE when every Data row made a clip; else %FALSE with @error
 *   set to the first row's error
 *
 * Since: 0.4
 */
gboolean
prw_ale_check (PrwAle *self, GError **error)
{
  g_return_val_if_fail (PRW_IS_ALE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->row_errors->len == 0)
    return TRUE;
  g_propagate_error (error,
                     g_error_copy (g_ptr_array_index (self->row_errors, 0)));
  return FALSE;
}
