/* proreswriter CLI: everything it prints, as text or JSON (see output.h) */

#include "output.h"

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>

/* Guards stderr and the status line: the interrupt thread and GStreamer's
 * streaming threads write there too. */
static GMutex stderr_lock;
static gboolean json_errors;
static gsize status_len;

void
prw_cli_output_set_json_errors (gboolean value)
{
  json_errors = value;
}

gboolean
prw_cli_output_get_json_errors (void)
{
  return json_errors;
}

/* What a message may start with, and the file that names: a path the
 * command was given or found (itself), or a segment's display name (its
 * path; NULL when two segments share the name). */
typedef struct {
  gchar *prefix;
  gchar *file;
  gboolean is_name;
} KnownFile;

static GArray *known_files;

static void
known_file_clear (gpointer data)
{
  KnownFile *known = data;

  g_free (known->prefix);
  g_free (known->file);
}

static void
add_known (const gchar *prefix, const gchar *file, gboolean is_name)
{
  KnownFile known = { NULL, NULL, is_name };

  if (prefix == NULL || *prefix == '\0')
    return;
  if (known_files == NULL) {
    known_files = g_array_new (FALSE, FALSE, sizeof (KnownFile));
    g_array_set_clear_func (known_files, known_file_clear);
  }
  for (guint i = 0; i < known_files->len; i++) {
    KnownFile *other = &g_array_index (known_files, KnownFile, i);

    if (other->is_name == is_name && g_str_equal (other->prefix, prefix)) {
      if (g_strcmp0 (other->file, file) != 0)
        g_clear_pointer (&other->file, g_free); /* ambiguous */
      return;
    }
  }
  known.prefix = g_strdup (prefix);
  known.file = g_strdup (file);
  g_array_append_val (known_files, known);
}

void
prw_cli_output_add_path (const gchar *path)
{
  add_known (path, path, FALSE);
}

void
prw_cli_output_add_segment (const gchar *path, const gchar *display_name)
{
  add_known (path, path, FALSE);
  add_known (display_name, path, TRUE);
}

/* The file a message is about, from the longest known prefix it starts
 * with: "PATH: reason", "NAME: reason" or "NAME overrides ..." (a segment's
 * display name), or "DIR/FILE: reason" (a file in a known folder). NULL if
 * none. */
static gchar *
file_of_message (const gchar *message)
{
  const KnownFile *best = NULL;
  gsize best_len = 0;

  for (guint i = 0; known_files != NULL && i < known_files->len; i++) {
    const KnownFile *known = &g_array_index (known_files, KnownFile, i);
    gsize len = strlen (known->prefix);
    const gchar *rest = message + len;

    if (len <= best_len || strncmp (message, known->prefix, len) != 0)
      continue;
    if (g_str_has_prefix (rest, ": ") || (known->is_name && *rest == ' ')
        || (!known->is_name
            && (*rest == '/' || known->prefix[len - 1] == '/'))) {
      best = known;
      best_len = len;
    }
  }
  if (best == NULL)
    return NULL;
  if (best->is_name || g_str_has_prefix (message + best_len, ": "))
    return g_strdup (best->file);
  {
    /* a file inside the folder: up to the first ": " */
    const gchar *colon = strstr (message + best_len, ": ");

    return colon != NULL ? g_strndup (message, colon - message) : NULL;
  }
}

/* ---------------------------------------------------------------------- */
/* stdout                                                                 */
/* ---------------------------------------------------------------------- */

void
prw_cli_print (const gchar *format, ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stdout, format, args);
  va_end (args);
}

void
prw_cli_print_json (JsonNode *root)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree gchar *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  json_node_unref (root);
  fprintf (stdout, "%s\n", text);
  fflush (stdout);
}

void
prw_cli_flush (void)
{
  fflush (stdout);
}

/* ---------------------------------------------------------------------- */
/* stderr                                                                 */
/* ---------------------------------------------------------------------- */

/* The message as one line: line breaks become spaces. */
static gchar *
one_line (const gchar *message)
{
  gchar *line = g_strdup (message);

  for (gchar *p = line; *p != '\0'; p++) {
    if (*p == '\n' || *p == '\r')
      *p = ' ';
  }
  return line;
}

/* Writes one finished line to stderr, under the lock, after blanking a
 * status line that is showing. */
static void
write_stderr_line (const gchar *line)
{
  g_mutex_lock (&stderr_lock);
  if (status_len > 0) {
    fprintf (stderr, "\r%*s\r", (int) status_len, "");
    status_len = 0;
  }
  fputs (line, stderr);
  fflush (stderr);
  g_mutex_unlock (&stderr_lock);
}

/* {"KIND":{"code":CODE,"file":FILE,"line":LINE,"message":MESSAGE}} and a
 * newline; code and file only when @with_code / @with_file, line only when
 * not 0. */
static void
write_json_line (const gchar *kind, gboolean with_code, const gchar *code,
                 gboolean with_file, const gchar *file, guint file_line,
                 const gchar *message)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree gchar *text = NULL;
  g_autofree gchar *line = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, kind);
  json_builder_begin_object (builder);
  if (with_code)
    prw_cli_json_string (builder, "code", code);
  if (with_file)
    prw_cli_json_string (builder, "file", file);
  if (file_line > 0)
    prw_cli_json_int (builder, "line", file_line);
  prw_cli_json_string (builder, "message", message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  line = g_strconcat (text, "\n", NULL);
  write_stderr_line (line);
}

static void
report (const gchar *kind, const gchar *text_prefix, const gchar *code,
        const gchar *file, guint file_line, const gchar *message)
{
  g_autofree gchar *flat = one_line (message);

  if (json_errors) {
    g_autofree gchar *guessed = NULL;

    if (file == NULL && !g_str_equal (kind, "notice"))
      file = guessed = file_of_message (flat);
    write_json_line (kind, code != NULL, code, !g_str_equal (kind, "notice"),
                     file, file_line, flat);
  } else {
    g_autofree gchar *line
        = g_strdup_printf ("proreswriter: %s%s\n", text_prefix, flat);

    write_stderr_line (line);
  }
}

/* The nick of the error's code: "output-exists", "cancelled"... */
static const gchar *
error_code_nick (const GError *error)
{
  GType type = G_TYPE_INVALID;
  const gchar *nick = "failed";
  GEnumClass *klass;
  GEnumValue *value;

  if (error->domain == PRW_ERROR)
    type = PRW_TYPE_ERROR;
  else if (error->domain == G_IO_ERROR)
    type = G_TYPE_IO_ERROR_ENUM;
  else if (error->domain == G_OPTION_ERROR)
    return "usage";
  if (type == G_TYPE_INVALID)
    return nick;

  klass = g_type_class_ref (type);
  value = g_enum_get_value (klass, error->code);
  if (value != NULL)
    nick = value->value_nick; /* static: the class is never freed */
  g_type_class_unref (klass);
  return nick;
}

/* The Debian package that holds a GStreamer element the pipeline uses, or
 * NULL (the library's own elements are registered at init). */
static const gchar *
element_package (const gchar *element)
{
  static const struct {
    const gchar *element;
    const gchar *package;
  } packages[] = {
    { "qtdemux", "gstreamer1.0-plugins-good" },
    { "qtmux", "gstreamer1.0-plugins-good" },
    { "queue", "libgstreamer1.0-0" },
    { "fakesink", "libgstreamer1.0-0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (packages); i++) {
    if (g_str_equal (element, packages[i].element))
      return packages[i].package;
  }
  return NULL;
}

/* The message of @error with the CLI's hint for its code. The library's
 * messages carry no CLI flags or package names; a message that already ends
 * with its hint (as older libraries wrote them) gets none again. */
static gchar *
error_message_with_hint (const GError *error)
{
  const gchar *message = error->message;

  if (error->domain != PRW_ERROR)
    return g_strdup (message);

  switch (error->code) {
    case PRW_ERROR_OUTPUT_EXISTS: {
      static const gchar hint[] = "; use --force to replace it";

      if (g_str_has_suffix (message, hint))
        return g_strdup (message);
      return g_strconcat (message, hint, NULL);
    }
    case PRW_ERROR_NO_VIDEO: {
      /* "base.mov: 2 video tracks (...); choose one by its track ID" */
      static const gchar hint[] = " (--video-track ID)";

      if (!g_str_has_suffix (message, "choose one by its track ID"))
        return g_strdup (message);
      return g_strconcat (message, hint, NULL);
    }
    case PRW_ERROR_MISSING_ELEMENT: {
      /* "GStreamer element 'qtdemux' is missing" */
      const gchar *open = strchr (message, '\'');
      const gchar *close = open != NULL ? strchr (open + 1, '\'') : NULL;
      g_autofree gchar *element = NULL;
      const gchar *package;

      if (close == NULL || g_str_has_suffix (message, ")"))
        return g_strdup (message);
      element = g_strndup (open + 1, close - open - 1);
      package = element_package (element);
      if (package == NULL)
        return g_strdup (message);
      return g_strdup_printf ("%s (install %s)", message, package);
    }
    default:
      return g_strdup (message);
  }
}

void
prw_cli_error (const GError *error, const gchar *file)
{
  g_autofree gchar *message = error_message_with_hint (error);

  report ("error", "", error_code_nick (error), file, 0, message);
}

guint
prw_cli_line_of_message (const gchar *message, const gchar *file)
{
  gsize len = strlen (file);
  const gchar *p = message + len;
  guint64 line;
  gchar *end;

  if (strncmp (message, file, len) != 0 || *p != ':' || !g_ascii_isdigit (p[1]))
    return 0;
  line = g_ascii_strtoull (p + 1, &end, 10);
  if (*end != ':' || line == 0 || line > G_MAXUINT)
    return 0;
  return (guint) line;
}

void
prw_cli_error_at_line (const GError *error, const gchar *file, guint line)
{
  g_autofree gchar *message = error_message_with_hint (error);

  report ("error", "", error_code_nick (error), file, line, message);
}

const gchar *
prw_cli_error_code (const GError *error)
{
  return error_code_nick (error);
}

gchar *
prw_cli_error_line (const GError *error)
{
  g_autofree gchar *message = error_message_with_hint (error);

  return one_line (message);
}

void
prw_cli_error_printf (const gchar *code, const gchar *file, const gchar *format,
                      ...)
{
  va_list args;
  g_autofree gchar *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  report ("error", "", code, file, 0, message);
}

int
prw_cli_usage_error (const gchar *command, const gchar *format, ...)
{
  va_list args;
  g_autofree gchar *message = NULL;
  g_autofree gchar *hint = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (json_errors) {
    write_json_line ("error", TRUE, "usage", TRUE, NULL, 0, message);
    return PRW_CLI_EXIT_USAGE;
  }
  if (command != NULL)
    hint = g_strdup_printf ("proreswriter: %s\n"
                            "Try 'proreswriter %s --help' for more "
                            "information.\n",
                            message, command);
  else
    hint = g_strdup_printf ("proreswriter: %s\n"
                            "Try 'proreswriter --help' for more "
                            "information.\n",
                            message);
  write_stderr_line (hint);
  return PRW_CLI_EXIT_USAGE;
}

void
prw_cli_warning (const gchar *file, const gchar *message)
{
  report ("warning", "warning: ", NULL, file, 0, message);
}

void
prw_cli_notice (const gchar *message)
{
  report ("notice", "", NULL, NULL, 0, message);
}

void
prw_cli_status_draw (const gchar *line)
{
  gsize len = strlen (line);

  g_mutex_lock (&stderr_lock);
  /* blank what the previous, longer line left */
  fprintf (stderr, "\r%s%*s", line,
           (int) (status_len > len ? status_len - len : 0), "");
  fflush (stderr);
  status_len = MAX (status_len, len);
  g_mutex_unlock (&stderr_lock);
}

void
prw_cli_status_clear (void)
{
  g_mutex_lock (&stderr_lock);
  if (status_len > 0) {
    fprintf (stderr, "\r%*s\r", (int) status_len, "");
    fflush (stderr);
    status_len = 0;
  }
  g_mutex_unlock (&stderr_lock);
}

/* ---------------------------------------------------------------------- */
/* Formatting                                                             */
/* ---------------------------------------------------------------------- */

/* "30000/1001" */
gchar *
prw_cli_format_rate_fraction (guint rate_num, guint rate_den)
{
  return g_strdup_printf ("%u/%u", rate_num, rate_den);
}

/* "30000/1001 (29.97 fps)" */
gchar *
prw_cli_format_rate_human (guint rate_num, guint rate_den)
{
  g_autofree gchar *fps
      = rate_den != 0 ? prw_timecode_rate_to_string (rate_num, rate_den, FALSE)
                      : g_strdup ("?");

  return g_strdup_printf ("%u/%u (%s fps)", rate_num, rate_den, fps);
}

/* The label of tc, or NULL. */
gchar *
prw_cli_format_timecode (const PrwTimecode *tc)
{
  if (tc == NULL)
    return NULL;
  return prw_timecode_to_string (tc);
}

/* The label of the base's record frame (0-based, may be negative or past
 * the end) as "01:00:00:05 (5)": the label the base's timecode map gives
 * it (before the first frame or past the last, the first or last run
 * continued). */
gchar *
prw_cli_format_record_frame (PrwMediaInfo *base, gint64 record_frame)
{
  const PrwTimecode *start = prw_media_info_get_start_timecode (base);
  guint n_runs = prw_media_info_get_n_timecode_runs (base);
  g_autoptr (PrwTimecode) tc = NULL;
  g_autofree gchar *label = NULL;

  if (start == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, record_frame);
  if (record_frame >= 0 && record_frame < prw_media_info_get_frame_count (base))
    tc = prw_media_info_get_timecode_at (base, record_frame);
  else if (record_frame > 0 && n_runs > 0)
    tc = prw_timecode_add_frames (
        prw_media_info_get_timecode_run_start (base, n_runs - 1),
        record_frame
            - prw_media_info_get_timecode_run_first_frame (base, n_runs - 1));
  else
    tc = prw_timecode_add_frames (start, record_frame);
  label = prw_cli_format_timecode (tc);
  return g_strdup_printf ("%s (%" G_GINT64_FORMAT ")",
                          label != NULL ? label : "?", record_frame);
}

gchar *
prw_cli_format_uncopied_sound (PrwSourceClip *clip, const gchar *into)
{
  guint n = prw_source_clip_get_n_uncopied_audio_tracks (clip);
  const gchar *format = prw_source_clip_get_format (clip);

  if (n == 0)
    return NULL;
  if (format != NULL && g_str_has_prefix (format, "MXF"))
    return g_strdup_printf (
        "%s: its %u sound track%s %s not copied (MXF sound is not carried "
        "into %s)",
        prw_source_clip_get_path (clip), n, n == 1 ? "" : "s",
        n == 1 ? "is" : "are", into);
  return g_strdup_printf ("%s: its %u sound track%s %s not copied (only a "
                          "QuickTime or MP4 movie's sound is carried into %s)",
                          prw_source_clip_get_path (clip), n, n == 1 ? "" : "s",
                          n == 1 ? "is" : "are", into);
}

/* Seconds with two decimals from microseconds, without float time. */
gchar *
prw_cli_format_seconds_us (gint64 us)
{
  gint64 centis = (MAX (us, 0) + 5000) / 10000;

  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", centis / 100,
                          (int) (centis % 100));
}

/* ---------------------------------------------------------------------- */
/* JSON                                                                   */
/* ---------------------------------------------------------------------- */

void
prw_cli_json_string (JsonBuilder *builder, const gchar *name,
                     const gchar *value)
{
  if (name != NULL)
    json_builder_set_member_name (builder, name);
  if (value == NULL) {
    json_builder_add_null_value (builder);
  } else if (g_utf8_validate (value, -1, NULL)) {
    json_builder_add_string_value (builder, value);
  } else {
    g_autofree gchar *valid = g_utf8_make_valid (value, -1);

    json_builder_add_string_value (builder, valid);
  }
}

void
prw_cli_json_int (JsonBuilder *builder, const gchar *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
prw_cli_json_boolean (JsonBuilder *builder, const gchar *name, gboolean value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
prw_cli_json_timecode_runs (JsonBuilder *builder, PrwMediaInfo *info)
{
  guint n_runs = prw_media_info_get_n_timecode_runs (info);

  if (n_runs <= 1)
    return;
  json_builder_set_member_name (builder, "timecode_runs");
  json_builder_begin_array (builder);
  for (guint r = 0; r < n_runs; r++) {
    g_autofree gchar *start = prw_cli_format_timecode (
        prw_media_info_get_timecode_run_start (info, r));

    json_builder_begin_object (builder);
    prw_cli_json_int (builder, "first_frame",
                      prw_media_info_get_timecode_run_first_frame (info, r));
    prw_cli_json_int (builder, "frames",
                      prw_media_info_get_timecode_run_frames (info, r));
    prw_cli_json_string (builder, "start_timecode", start);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
}

void
prw_cli_json_seconds_us (JsonBuilder *builder, const gchar *name, gint64 us)
{
  gint64 ms = (MAX (us, 0) + 500) / 1000;

  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, (gdouble) ms / 1000);
}

/* ---------------------------------------------------------------------- */
/* Tables                                                                 */
/* ---------------------------------------------------------------------- */

void
prw_cli_table_init (PrwCliTable *table, const gchar *align)
{
  table->align = align;
  table->n_columns = strlen (align);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
}

void
prw_cli_table_add_row (PrwCliTable *table, gchar **cells)
{
  g_assert (g_strv_length (cells) == table->n_columns);
  g_ptr_array_add (table->rows, cells);
}

static glong
display_width (const gchar *s)
{
  if (g_utf8_validate (s, -1, NULL))
    return g_utf8_strlen (s, -1);
  return strlen (s);
}

void
prw_cli_table_print_and_clear (PrwCliTable *table, const gchar *indent)
{
  g_autofree glong *widths = g_new0 (glong, table->n_columns);

  for (guint r = 0; r < table->rows->len; r++) {
    gchar **cells = g_ptr_array_index (table->rows, r);

    for (guint c = 0; c < table->n_columns; c++)
      widths[c] = MAX (widths[c], display_width (cells[c]));
  }

  for (guint r = 0; r < table->rows->len; r++) {
    gchar **cells = g_ptr_array_index (table->rows, r);
    GString *line = g_string_new (indent);

    for (guint c = 0; c < table->n_columns; c++) {
      glong pad = widths[c] - display_width (cells[c]);
      gboolean last = c + 1 == table->n_columns;

      if (c > 0)
        g_string_append (line, "  ");
      if (table->align[c] == 'r')
        for (glong i = 0; i < pad; i++)
          g_string_append_c (line, ' ');
      g_string_append (line, cells[c]);
      if (table->align[c] != 'r' && !last)
        for (glong i = 0; i < pad; i++)
          g_string_append_c (line, ' ');
    }
    /* trailing blanks of an empty last cell */
    while (line->len > 0 && line->str[line->len - 1] == ' ')
      g_string_truncate (line, line->len - 1);
    prw_cli_print ("%s\n", line->str);
    g_string_free (line, TRUE);
  }
  g_ptr_array_unref (table->rows);
  table->rows = NULL;
}
