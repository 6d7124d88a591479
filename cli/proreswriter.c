/* proreswriter: the command-line tool
 *
 * Parses arguments, calls libproreswriter and prints for people (or JSON
 * for scripts). No conform logic lives here: what lands where is the plan's
 * business, how it is written the printer's.
 *
 * Exit status: 0 success; 1 a failure, reported as exactly one line per
 * problem on stderr ("proreswriter: " and the GError message, which names
 * the file and the reason); 2 a usage error (unknown command or option,
 * missing arguments), with a short hint on stderr.
 */

#include <proreswriter/proreswriter.h>

#include "prw-cli-json.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define EXIT_OK 0
#define EXIT_FAILED 1
#define EXIT_USAGE 2

/* When main() started: setup time counts from here. */
static gint64 start_time_us;

/* ---------------------------------------------------------------------- */
/* Reporting                                                              */
/* ---------------------------------------------------------------------- */

/* Writes "proreswriter: " prefix message as exactly one line: a message
 * that holds line breaks has them turned into spaces. */
static void
report_line (const gchar *prefix, const gchar *message)
{
  g_autofree gchar *line = g_strdup (message);

  for (gchar *p = line; *p != '\0'; p++) {
    if (*p == '\n' || *p == '\r')
      *p = ' ';
  }
  fprintf (stderr, "proreswriter: %s%s\n", prefix, line);
  fflush (stderr);
}

static void
report_error (const GError *error)
{
  report_line ("", error->message);
}

static void
report_warning (const gchar *message)
{
  report_line ("warning: ", message);
}

static int usage_error (const gchar *command, const gchar *format, ...)
    G_GNUC_PRINTF (2, 3);

static int
usage_error (const gchar *command, const gchar *format, ...)
{
  va_list args;
  g_autofree gchar *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "proreswriter: %s\n", message);
  if (command != NULL)
    fprintf (stderr, "Try 'proreswriter %s --help' for more information.\n",
             command);
  else
    fprintf (stderr, "Try 'proreswriter --help' for more information.\n");
  return EXIT_USAGE;
}

/* ---------------------------------------------------------------------- */
/* Formatting                                                             */
/* ---------------------------------------------------------------------- */

/* "25", "29.97", "23.976": the rate rounded to three decimals, trailing
 * zeros dropped, in integer arithmetic. */
static gchar *
format_fps (guint rate_num, guint rate_den)
{
  guint64 milli;
  gchar frac[4];
  gint len;

  if (rate_den == 0)
    return g_strdup ("?");

  milli = ((guint64) rate_num * 1000 + rate_den / 2) / rate_den;
  if (milli % 1000 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT, milli / 1000);

  g_snprintf (frac, sizeof frac, "%03u", (guint) (milli % 1000));
  for (len = 3; len > 0 && frac[len - 1] == '0'; len--)
    frac[len - 1] = '\0';
  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%s", milli / 1000, frac);
}

/* "30000/1001" */
static gchar *
format_rate_fraction (guint rate_num, guint rate_den)
{
  return g_strdup_printf ("%u/%u", rate_num, rate_den);
}

/* "30000/1001 (29.97 fps)" */
static gchar *
format_rate_human (guint rate_num, guint rate_den)
{
  g_autofree gchar *fps = format_fps (rate_num, rate_den);

  return g_strdup_printf ("%u/%u (%s fps)", rate_num, rate_den, fps);
}

/* The label of tc, or NULL. */
static gchar *
format_timecode (const PrwTimecode *tc)
{
  if (tc == NULL)
    return NULL;
  return prw_timecode_to_string (tc);
}

/* The label of the base's record frame (0-based, may be negative or past
 * the end) as "01:00:00:05 (5)". */
static gchar *
format_record_frame (PrwMediaInfo *base, gint64 record_frame)
{
  const PrwTimecode *start = prw_media_info_get_start_timecode (base);
  g_autoptr (PrwTimecode) tc = NULL;
  g_autofree gchar *label = NULL;

  if (start == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, record_frame);
  tc = prw_timecode_add_frames (start, record_frame);
  label = format_timecode (tc);
  return g_strdup_printf ("%s (%" G_GINT64_FORMAT ")",
                          label != NULL ? label : "?", record_frame);
}

/* Seconds with two decimals from microseconds, without float time. */
static gchar *
format_seconds_us (gint64 us)
{
  gint64 centis = (MAX (us, 0) + 5000) / 10000;

  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", centis / 100,
                          (int) (centis % 100));
}

/* A table printed in aligned columns; align holds 'l' or 'r' per column. */
typedef struct {
  const gchar *align;
  guint n_columns;
  GPtrArray *rows; /* GStrv */
} Table;

static void
table_init (Table *table, const gchar *align)
{
  table->align = align;
  table->n_columns = strlen (align);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
}

/* Takes the NULL-terminated list of cells (transfer full). */
static void
table_add_row (Table *table, gchar **cells)
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

static void
table_print_and_clear (Table *table, const gchar *indent)
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
    fprintf (stdout, "%s\n", line->str);
    g_string_free (line, TRUE);
  }
  g_ptr_array_unref (table->rows);
  table->rows = NULL;
}

static void
print_json_and_free (PrwCliJson *json)
{
  g_autofree gchar *text = prw_cli_json_free_to_string (json);

  fputs (text, stdout);
}

/* ---------------------------------------------------------------------- */
/* Option parsing                                                         */
/* ---------------------------------------------------------------------- */

/* Parses argv (argv[0] is the command name) with entries, which must end
 * with a G_OPTION_REMAINING entry that collects the operands. Returns FALSE
 * after reporting a usage error. --help prints and exits 0 inside GLib. */
static gboolean
parse_options (const gchar *command, const gchar *parameter_string,
               const gchar *summary, const gchar *description,
               const GOptionEntry *entries, int *argc, char ***argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;

  context = g_option_context_new (parameter_string);
  g_option_context_set_summary (context, summary);
  if (description != NULL)
    g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, argc, argv, &error)) {
    usage_error (command, "%s", error->message);
    return FALSE;
  }
  return TRUE;
}

static guint
n_operands (char **operands)
{
  return operands != NULL ? g_strv_length (operands) : 0;
}

/* ---------------------------------------------------------------------- */
/* probe                                                                  */
/* ---------------------------------------------------------------------- */

static void
print_media_info_human (PrwMediaInfo *info)
{
  guint rate_num = prw_media_info_get_rate_num (info);
  guint rate_den = prw_media_info_get_rate_den (info);
  const PrwTimecode *start = prw_media_info_get_start_timecode (info);
  const gchar *name = prw_media_info_get_codec_name (info);
  const gchar *reel = prw_media_info_get_reel_name (info);
  const gchar *colour = prw_media_info_get_colour (info);
  guint n_audio = prw_media_info_get_n_audio_tracks (info);
  g_autofree gchar *rate = format_rate_human (rate_num, rate_den);
  g_autofree gchar *tc = format_timecode (start);

  fprintf (stdout, "%s\n", prw_media_info_get_path (info));
  fprintf (stdout, "  codec:          %s%s%s%s\n",
           prw_media_info_get_codec_fourcc (info), name != NULL ? " (" : "",
           name != NULL ? name : "", name != NULL ? ")" : "");
  fprintf (stdout, "  size:           %ux%u\n", prw_media_info_get_width (info),
           prw_media_info_get_height (info));
  fprintf (stdout, "  rate:           %s\n", rate);
  fprintf (stdout, "  frames:         %" G_GINT64_FORMAT "\n",
           prw_media_info_get_frame_count (info));
  fprintf (stdout, "  start timecode: %s\n", tc != NULL ? tc : "none");
  fprintf (stdout, "  drop frame:     %s\n",
           start != NULL && start->drop_frame ? "yes" : "no");
  fprintf (stdout, "  reel:           %s\n", reel != NULL ? reel : "none");
  fprintf (stdout, "  colour:         %s\n",
           colour != NULL ? colour : "unspecified");
  fprintf (stdout, "  audio tracks:   %u\n", n_audio);
  for (guint i = 0; i < n_audio; i++) {
    const gchar *desc = prw_media_info_get_audio_description (info, i);

    fprintf (stdout, "    %u: %s\n", i + 1, desc != NULL ? desc : "?");
  }
}

static void
write_media_info_json (PrwCliJson *json, PrwMediaInfo *info)
{
  guint rate_num = prw_media_info_get_rate_num (info);
  guint rate_den = prw_media_info_get_rate_den (info);
  const PrwTimecode *start = prw_media_info_get_start_timecode (info);
  guint n_audio = prw_media_info_get_n_audio_tracks (info);
  g_autofree gchar *rate = format_rate_fraction (rate_num, rate_den);
  g_autofree gchar *tc = format_timecode (start);

  prw_cli_json_begin_object (json);
  prw_cli_json_key (json, "path");
  prw_cli_json_string (json, prw_media_info_get_path (info));
  prw_cli_json_key (json, "codec");
  prw_cli_json_string (json, prw_media_info_get_codec_fourcc (info));
  prw_cli_json_key (json, "flavour");
  prw_cli_json_string (json, prw_media_info_get_codec_name (info));
  prw_cli_json_key (json, "width");
  prw_cli_json_uint (json, prw_media_info_get_width (info));
  prw_cli_json_key (json, "height");
  prw_cli_json_uint (json, prw_media_info_get_height (info));
  prw_cli_json_key (json, "rate");
  prw_cli_json_string (json, rate);
  prw_cli_json_key (json, "rate_num");
  prw_cli_json_uint (json, rate_num);
  prw_cli_json_key (json, "rate_den");
  prw_cli_json_uint (json, rate_den);
  prw_cli_json_key (json, "frames");
  prw_cli_json_int (json, prw_media_info_get_frame_count (info));
  prw_cli_json_key (json, "start_timecode");
  prw_cli_json_string (json, tc);
  prw_cli_json_key (json, "drop_frame");
  prw_cli_json_boolean (json, start != NULL && start->drop_frame);
  prw_cli_json_key (json, "reel");
  prw_cli_json_string (json, prw_media_info_get_reel_name (info));
  prw_cli_json_key (json, "colour");
  prw_cli_json_string (json, prw_media_info_get_colour (info));
  prw_cli_json_key (json, "audio");
  prw_cli_json_begin_array (json);
  for (guint i = 0; i < n_audio; i++)
    prw_cli_json_string (json, prw_media_info_get_audio_description (info, i));
  prw_cli_json_end_array (json);
  prw_cli_json_end_object (json);
}

static int
cmd_probe (int argc, char **argv)
{
  gboolean json_output = FALSE;
  g_auto (GStrv) files = NULL;
  const GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &json_output,
            "Print a JSON array of objects instead of text", NULL },
          { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL,
            NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (PrwCliJson) json = NULL;
  gboolean failed = FALSE;
  gboolean first = TRUE;

  if (!parse_options (
          "probe", "FILE...",
          "Describe ProRes QuickTime movies: codec, size, rate, frames,\n"
          "start timecode, reel, colour and audio.",
          "A file that cannot be probed is reported on stderr and "
          "the others are\nstill probed; the exit status is then "
          "1.",
          entries, &argc, &argv))
    return EXIT_USAGE;
  if (n_operands (files) == 0)
    return usage_error ("probe", "no FILE given");

  if (json_output) {
    json = prw_cli_json_new ();
    prw_cli_json_begin_array (json);
  }

  for (guint i = 0; files[i] != NULL; i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PrwMediaInfo) info = prw_probe_file (files[i], NULL, &error);

    if (info == NULL) {
      report_error (error);
      failed = TRUE;
      continue;
    }
    if (json != NULL) {
      write_media_info_json (json, info);
    } else {
      if (!first)
        fputc ('\n', stdout);
      print_media_info_human (info);
      fflush (stdout);
      first = FALSE;
    }
  }

  if (json != NULL) {
    prw_cli_json_end_array (json);
    print_json_and_free (g_steal_pointer (&json));
  }
  return failed ? EXIT_FAILED : EXIT_OK;
}

/* ---------------------------------------------------------------------- */
/* Building a plan (plan, print, verify)                                  */
/* ---------------------------------------------------------------------- */

/* Reports error unless it is only the cancellation. */
static PrwPlan *
plan_failed (const GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    report_error (error);
  return NULL;
}

/* Probes base_path, discovers inputs and builds a sealed plan. Every
 * problem is reported on stderr (one line each) and NULL returned; invalid
 * inputs are warnings instead when skip_invalid. An error that is only the
 * cancellation is not reported: the caller says what was interrupted. */
static PrwPlan *
build_plan (const gchar *base_path, char **inputs, gboolean skip_invalid,
            GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) base = NULL;
  g_autoptr (GListModel) segments = NULL;
  g_auto (GStrv) invalid = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  gboolean failed = FALSE;
  guint n_segments;

  base = prw_probe_file (base_path, cancellable, &error);
  if (base == NULL)
    return plan_failed (error);

  segments = prw_discover ((const gchar *const *) inputs, &invalid, cancellable,
                           &error);
  if (segments == NULL)
    return plan_failed (error);

  /* Every bad file and every segment that does not fit the base (rate,
   * flavour, size, or entirely outside it) is reported, not just the
   * first; then the plan fails, unless they are skipped. */
  for (guint i = 0; invalid != NULL && invalid[i] != NULL; i++) {
    if (skip_invalid) {
      report_warning (invalid[i]);
    } else {
      report_line ("", invalid[i]);
      failed = TRUE;
    }
  }

  plan = prw_plan_new (base);
  n_segments = g_list_model_get_n_items (segments);
  for (guint i = 0; i < n_segments; i++) {
    g_autoptr (PrwSegment) segment = g_list_model_get_item (segments, i);
    g_autoptr (GError) add_error = NULL;

    if (prw_plan_add_segment (plan, segment, &add_error))
      continue;
    if (skip_invalid) {
      report_warning (add_error->message);
    } else {
      report_error (add_error);
      failed = TRUE;
    }
  }
  if (failed)
    return NULL;
  if (!prw_plan_seal (plan, &error))
    return plan_failed (error);

  return g_steal_pointer (&plan);
}

/* The members base, segments, ranges and warnings of the plan object (the
 * caller opens and closes the object). */
static void
write_plan_json_members (PrwCliJson *json, PrwPlan *plan)
{
  PrwMediaInfo *base = prw_plan_get_base (plan);
  guint n_segments = prw_plan_get_n_segments (plan);
  guint n_ranges = prw_plan_get_n_ranges (plan);
  const gchar *const *warnings = prw_plan_get_warnings (plan);
  g_autofree gchar *base_tc
      = format_timecode (prw_media_info_get_start_timecode (base));
  g_autofree gchar *rate = format_rate_fraction (
      prw_media_info_get_rate_num (base), prw_media_info_get_rate_den (base));

  prw_cli_json_key (json, "base");
  prw_cli_json_begin_object (json);
  prw_cli_json_key (json, "path");
  prw_cli_json_string (json, prw_media_info_get_path (base));
  prw_cli_json_key (json, "start_timecode");
  prw_cli_json_string (json, base_tc);
  prw_cli_json_key (json, "frames");
  prw_cli_json_int (json, prw_media_info_get_frame_count (base));
  prw_cli_json_key (json, "rate");
  prw_cli_json_string (json, rate);
  prw_cli_json_end_object (json);

  prw_cli_json_key (json, "segments");
  prw_cli_json_begin_array (json);
  for (guint i = 0; i < n_segments; i++) {
    PrwSegment *segment = prw_plan_get_segment (plan, i);
    gint64 record_in = prw_plan_get_segment_record_in (plan, i);
    gint64 frames = prw_segment_get_frame_count (segment);
    g_autofree gchar *tc
        = format_timecode (prw_segment_get_start_timecode (segment));

    prw_cli_json_begin_object (json);
    prw_cli_json_key (json, "path");
    prw_cli_json_string (json, prw_segment_get_path (segment));
    prw_cli_json_key (json, "start_timecode");
    prw_cli_json_string (json, tc);
    prw_cli_json_key (json, "frames");
    prw_cli_json_int (json, frames);
    prw_cli_json_key (json, "record_in");
    prw_cli_json_int (json, record_in);
    prw_cli_json_key (json, "record_out");
    prw_cli_json_int (json, record_in + frames);
    prw_cli_json_end_object (json);
  }
  prw_cli_json_end_array (json);

  prw_cli_json_key (json, "ranges");
  prw_cli_json_begin_array (json);
  for (guint i = 0; i < n_ranges; i++) {
    const PrwRange *range = prw_plan_get_range (plan, i);

    prw_cli_json_begin_object (json);
    prw_cli_json_key (json, "source");
    if (range->source == PRW_RANGE_SOURCE_BASE)
      prw_cli_json_string (json, "base");
    else
      prw_cli_json_string (json, prw_segment_get_path (prw_plan_get_segment (
                                     plan, (guint) range->source)));
    prw_cli_json_key (json, "source_in");
    prw_cli_json_int (json, range->source_in);
    prw_cli_json_key (json, "record_in");
    prw_cli_json_int (json, range->record_in);
    prw_cli_json_key (json, "record_out");
    prw_cli_json_int (json, prw_range_get_record_out (range));
    prw_cli_json_key (json, "frames");
    prw_cli_json_int (json, range->frames);
    prw_cli_json_end_object (json);
  }
  prw_cli_json_end_array (json);

  prw_cli_json_key (json, "warnings");
  prw_cli_json_begin_array (json);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    prw_cli_json_string (json, warnings[i]);
  prw_cli_json_end_array (json);
}

static void
print_plan_human (PrwPlan *plan)
{
  PrwMediaInfo *base = prw_plan_get_base (plan);
  guint n_segments = prw_plan_get_n_segments (plan);
  guint n_ranges = prw_plan_get_n_ranges (plan);
  const gchar *const *warnings = prw_plan_get_warnings (plan);
  g_autofree gchar *base_tc
      = format_timecode (prw_media_info_get_start_timecode (base));
  g_autofree gchar *rate = format_rate_human (
      prw_media_info_get_rate_num (base), prw_media_info_get_rate_den (base));
  gboolean with_numbers = FALSE;
  Table table;

  fprintf (stdout, "base: %s\n", prw_media_info_get_path (base));
  fprintf (stdout, "  start %s, %" G_GINT64_FORMAT " frames, %s\n",
           base_tc != NULL ? base_tc : "none",
           prw_media_info_get_frame_count (base), rate);

  /* the "S01"-style number column only when some name has one */
  for (guint i = 0; i < n_segments; i++) {
    if (prw_segment_get_number (prw_plan_get_segment (plan, i)) >= 0)
      with_numbers = TRUE;
  }

  fprintf (stdout, "\nsegments:\n");
  table_init (&table, with_numbers ? "rrlrrll" : "rlrrll");
  table_add_row (&table,
                 g_strsplit (with_numbers ? "#|number|segment|start TC|frames|"
                                            "record in|record out"
                                          : "#|segment|start TC|frames|"
                                            "record in|record out",
                             "|", -1));
  for (guint i = 0; i < n_segments; i++) {
    PrwSegment *segment = prw_plan_get_segment (plan, i);
    gint64 record_in = prw_plan_get_segment_record_in (plan, i);
    gint64 frames = prw_segment_get_frame_count (segment);
    gint number = prw_segment_get_number (segment);
    g_autofree gchar *tc
        = format_timecode (prw_segment_get_start_timecode (segment));
    gchar **row = g_new0 (gchar *, 8);
    guint c = 0;

    row[c++] = g_strdup_printf ("%u", i + 1);
    if (with_numbers)
      row[c++] = number >= 0 ? g_strdup_printf ("%d", number) : g_strdup ("-");
    row[c++] = g_strdup (prw_segment_get_display_name (segment));
    row[c++] = g_strdup (tc != NULL ? tc : "none");
    row[c++] = g_strdup_printf ("%" G_GINT64_FORMAT, frames);
    row[c++] = format_record_frame (base, record_in);
    row[c++] = format_record_frame (base, record_in + frames);
    table_add_row (&table, row);
  }
  table_print_and_clear (&table, "  ");

  fprintf (stdout, "\nranges:\n");
  table_init (&table, "llrlr");
  table_add_row (&table, g_strsplit ("record in|record out|frames|source|"
                                     "source in",
                                     "|", -1));
  for (guint i = 0; i < n_ranges; i++) {
    const PrwRange *range = prw_plan_get_range (plan, i);
    gchar **row = g_new0 (gchar *, 6);

    row[0] = format_record_frame (base, range->record_in);
    row[1] = format_record_frame (base, prw_range_get_record_out (range));
    row[2] = g_strdup_printf ("%" G_GINT64_FORMAT, range->frames);
    if (range->source == PRW_RANGE_SOURCE_BASE)
      row[3] = g_strdup ("base");
    else
      row[3] = g_strdup (prw_segment_get_display_name (
          prw_plan_get_segment (plan, (guint) range->source)));
    row[4] = g_strdup_printf ("%" G_GINT64_FORMAT, range->source_in);
    table_add_row (&table, row);
  }
  table_print_and_clear (&table, "  ");

  if (warnings != NULL && warnings[0] != NULL) {
    fputc ('\n', stdout);
    for (guint i = 0; warnings[i] != NULL; i++)
      fprintf (stdout, "warning: %s\n", warnings[i]);
  }
}

static void
report_plan_warnings (PrwPlan *plan)
{
  const gchar *const *warnings = prw_plan_get_warnings (plan);

  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    report_warning (warnings[i]);
}

/* ---------------------------------------------------------------------- */
/* plan                                                                   */
/* ---------------------------------------------------------------------- */

#define SEGMENTS_DESCRIPTION                                                   \
  "Each SEGMENT_OR_DIR is a segment movie or a folder of them. A segment\n"    \
  "lands in the base at the frames its start timecode names; where\n"          \
  "segments overlap, the later one wins. Inputs that are not valid\n"          \
  "segments are errors (one line each) unless --skip-invalid is given."

static int
cmd_plan (int argc, char **argv)
{
  gboolean json_output = FALSE;
  gboolean skip_invalid = FALSE;
  g_auto (GStrv) operands = NULL;
  const GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &json_output,
            "Print the plan as JSON instead of text", NULL },
          { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid,
            "Warn about invalid inputs and go on without them", NULL },
          { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &operands,
            NULL, NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (PrwPlan) plan = NULL;

  if (!parse_options ("plan", "BASE SEGMENT_OR_DIR...",
                      "Show which frames of which movie would land where.",
                      SEGMENTS_DESCRIPTION, entries, &argc, &argv))
    return EXIT_USAGE;
  if (n_operands (operands) < 1)
    return usage_error ("plan", "no BASE given");
  if (n_operands (operands) < 2)
    return usage_error ("plan", "no SEGMENT_OR_DIR given");

  plan = build_plan (operands[0], operands + 1, skip_invalid, NULL);
  if (plan == NULL)
    return EXIT_FAILED;

  if (json_output) {
    PrwCliJson *json = prw_cli_json_new ();

    prw_cli_json_begin_object (json);
    write_plan_json_members (json, plan);
    prw_cli_json_end_object (json);
    print_json_and_free (json);
  } else {
    print_plan_human (plan);
  }
  return EXIT_OK;
}

/* ---------------------------------------------------------------------- */
/* print: interruption and progress                                      */
/* ---------------------------------------------------------------------- */

/* SIGINT and SIGTERM are blocked in every thread (the mask is set before
 * any thread exists, and threads inherit it) and a dedicated thread takes
 * them with sigwait(), so g_cancellable_cancel() runs in a normal thread
 * context, not in a signal handler. A second signal only says that the
 * print is stopping: exiting then would leave the temporary file behind,
 * and cancellation takes effect within a fraction of a second (SIGKILL
 * remains for a process stuck in the kernel). */
static sigset_t interrupt_signals;
static GCancellable *interrupt_cancellable;
static gint interrupt_count;

static gpointer
interrupt_thread_func (gpointer data)
{
  for (;;) {
    int sig = 0;

    if (sigwait (&interrupt_signals, &sig) != 0)
      continue;
    if (g_atomic_int_add (&interrupt_count, 1) == 0) {
      g_cancellable_cancel (interrupt_cancellable);
    } else {
      static const char message[]
          = "proreswriter: already stopping; removing what was written\n";

      if (write (STDERR_FILENO, message, sizeof message - 1) < 0) {
        /* nothing more to do */
      }
    }
  }
  return NULL;
}

/* Blocks the signals in the calling (main) thread before any other thread
 * is created, then starts the waiting thread. */
static gboolean
setup_interrupt_handling (void)
{
  int res;

  sigemptyset (&interrupt_signals);
  sigaddset (&interrupt_signals, SIGINT);
  sigaddset (&interrupt_signals, SIGTERM);
  res = pthread_sigmask (SIG_BLOCK, &interrupt_signals, NULL);
  if (res != 0) {
    fprintf (stderr, "proreswriter: cannot block SIGINT/SIGTERM: %s\n",
             g_strerror (res));
    return FALSE;
  }
  interrupt_cancellable = g_cancellable_new ();
  /* never joined: it lives until the process exits */
  g_thread_unref (g_thread_new ("prw-interrupt", interrupt_thread_func, NULL));
  return TRUE;
}

typedef struct {
  GMutex lock;
  gint64 start_us;
  gint64 last_draw_us;
  gsize last_len;
} Progress;

static void
format_eta (GString *out, guint64 seconds)
{
  if (seconds >= 3600)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT ":%02u:%02u",
                            seconds / 3600, (guint) (seconds / 60 % 60),
                            (guint) (seconds % 60));
  else
    g_string_append_printf (out, "%u:%02u", (guint) (seconds / 60),
                            (guint) (seconds % 60));
}

/* Redraws one line on stderr (a terminal). Rates are for display only. */
static void
on_progress (PrwPrinter *printer, guint64 frames_done, guint64 frames_total,
             guint64 bytes_done, gpointer user_data)
{
  Progress *progress = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 elapsed;
  GString *line;

  g_mutex_lock (&progress->lock);
  if (frames_done < frames_total && progress->last_draw_us != 0
      && now - progress->last_draw_us < G_USEC_PER_SEC / 10) {
    g_mutex_unlock (&progress->lock);
    return;
  }
  progress->last_draw_us = now;
  elapsed = MAX (now - progress->start_us, 1);

  line = g_string_new (NULL);
  g_string_append_printf (line,
                          "%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
                          " frames  %.1f fps  %.1f MB/s  ETA ",
                          frames_done, frames_total,
                          (gdouble) frames_done * G_USEC_PER_SEC / elapsed,
                          (gdouble) bytes_done / elapsed);
  if (frames_done == 0)
    g_string_append (line, "?");
  else
    format_eta (line, (frames_total > frames_done
                           ? (frames_total - frames_done) * (guint64) elapsed
                                 / frames_done / G_USEC_PER_SEC
                           : 0));

  /* blank what the previous, longer line left */
  fprintf (stderr, "\r%s%*s", line->str,
           (int) (progress->last_len > line->len
                      ? progress->last_len - line->len
                      : 0),
           "");
  fflush (stderr);
  progress->last_len = MAX (progress->last_len, line->len);
  g_string_free (line, TRUE);
  g_mutex_unlock (&progress->lock);
}

static void
progress_clear (Progress *progress)
{
  g_mutex_lock (&progress->lock);
  if (progress->last_len > 0) {
    fprintf (stderr, "\r%*s\r", (int) progress->last_len, "");
    fflush (stderr);
    progress->last_len = 0;
  }
  g_mutex_unlock (&progress->lock);
}

/* ---------------------------------------------------------------------- */
/* print                                                                  */
/* ---------------------------------------------------------------------- */

static int
cmd_print (int argc, char **argv)
{
  gboolean json_output = FALSE;
  gboolean skip_invalid = FALSE;
  gboolean force = FALSE;
  g_autofree gchar *output = NULL;
  g_auto (GStrv) operands = NULL;
  const GOptionEntry entries[]
      = { { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
            "The movie to write (required)", "OUTPUT" },
          { "force", 0, 0, G_OPTION_ARG_NONE, &force,
            "Replace OUTPUT if it exists (never one of the inputs)", NULL },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json_output,
            "Print the plan and timings as JSON", NULL },
          { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid,
            "Warn about invalid inputs and go on without them", NULL },
          { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &operands,
            NULL, NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  g_autoptr (PrwPrinter) printer = NULL;
  Progress progress = { 0 };
  gboolean show_progress;
  gint64 render_start_us, render_end_us, setup_us, render_us;
  gboolean ok;

  if (!parse_options (
          "print", "BASE SEGMENT_OR_DIR... -o OUTPUT",
          "Write a new movie: the base with the segments printed in at the\n"
          "frames their timecode names, without re-encoding.",
          SEGMENTS_DESCRIPTION
          "\n\nThe output is written to a temporary file next to "
          "OUTPUT and renamed\nonly when complete; "
          "an interrupted print (SIGINT, SIGTERM) leaves nothing.",
          entries, &argc, &argv))
    return EXIT_USAGE;
  if (output == NULL)
    return usage_error ("print", "no -o OUTPUT given");
  if (n_operands (operands) < 1)
    return usage_error ("print", "no BASE given");
  if (n_operands (operands) < 2)
    return usage_error ("print", "no SEGMENT_OR_DIR given");

  plan = build_plan (operands[0], operands + 1, skip_invalid,
                     interrupt_cancellable);
  if (plan == NULL) {
    if (g_cancellable_is_cancelled (interrupt_cancellable))
      fprintf (stderr, "proreswriter: %s: interrupted; nothing was written\n",
               output);
    return EXIT_FAILED;
  }
  report_plan_warnings (plan);
  /* A copy of the base is never what was meant: an empty folder, or one
   * whose every file was skipped, is a mistake to report. */
  if (prw_plan_get_n_segments (plan) == 0) {
    fprintf (stderr,
             "proreswriter: %s: not written: there are no segments to "
             "print\n",
             output);
    return EXIT_FAILED;
  }

  printer = prw_printer_new (plan);
  show_progress = isatty (STDERR_FILENO);
  g_mutex_init (&progress.lock);
  if (show_progress)
    g_signal_connect (printer, "progress", G_CALLBACK (on_progress), &progress);

  render_start_us = g_get_monotonic_time ();
  progress.start_us = render_start_us;
  ok = prw_printer_print (
      printer, output, force ? PRW_PRINT_FLAGS_OVERWRITE : PRW_PRINT_FLAGS_NONE,
      interrupt_cancellable, &error);
  render_end_us = g_get_monotonic_time ();
  if (show_progress) {
    g_signal_handlers_disconnect_by_func (printer, on_progress, &progress);
    progress_clear (&progress);
  }
  g_mutex_clear (&progress.lock);

  if (!ok) {
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      fprintf (stderr, "proreswriter: %s: interrupted; nothing was written\n",
               output);
    else
      report_error (error);
    return EXIT_FAILED;
  }

  setup_us = render_start_us - start_time_us;
  render_us = MAX (render_end_us - render_start_us, 1);

  if (json_output) {
    PrwCliJson *json = prw_cli_json_new ();

    prw_cli_json_begin_object (json);
    write_plan_json_members (json, plan);
    prw_cli_json_key (json, "output");
    prw_cli_json_string (json, output);
    prw_cli_json_key (json, "setup_seconds");
    prw_cli_json_double (json, (gdouble) setup_us / G_USEC_PER_SEC, 3);
    prw_cli_json_key (json, "render_seconds");
    prw_cli_json_double (json, (gdouble) render_us / G_USEC_PER_SEC, 3);
    prw_cli_json_end_object (json);
    print_json_and_free (json);
  } else {
    PrwMediaInfo *base = prw_plan_get_base (plan);
    guint n_ranges = prw_plan_get_n_ranges (plan);
    gint64 from_segments = 0, from_base = 0;
    GStatBuf st;
    guint64 output_bytes = 0;
    g_autofree gchar *tc
        = format_timecode (prw_media_info_get_start_timecode (base));
    g_autofree gchar *setup = format_seconds_us (setup_us);
    g_autofree gchar *render = format_seconds_us (render_us);

    for (guint i = 0; i < n_ranges; i++) {
      const PrwRange *range = prw_plan_get_range (plan, i);

      if (range->source == PRW_RANGE_SOURCE_BASE)
        from_base += range->frames;
      else
        from_segments += range->frames;
    }
    if (g_stat (output, &st) == 0)
      output_bytes = (guint64) st.st_size;

    fprintf (stdout,
             "printed %s: %" G_GINT64_FORMAT " frames (%" G_GINT64_FORMAT
             " from %u segment%s, %" G_GINT64_FORMAT
             " from the base), timecode %s, setup %s s, render %s s "
             "(%.1f fps, %.1f MB/s)\n",
             output, from_segments + from_base, from_segments,
             prw_plan_get_n_segments (plan),
             prw_plan_get_n_segments (plan) == 1 ? "" : "s", from_base,
             tc != NULL ? tc : "none", setup, render,
             (gdouble) (from_segments + from_base) * G_USEC_PER_SEC / render_us,
             (gdouble) output_bytes / render_us);
  }
  return EXIT_OK;
}

/* ---------------------------------------------------------------------- */
/* verify                                                                 */
/* ---------------------------------------------------------------------- */

static int
cmd_verify (int argc, char **argv)
{
  gboolean skip_invalid = FALSE;
  g_auto (GStrv) operands = NULL;
  const GOptionEntry entries[]
      = { { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid,
            "Warn about invalid inputs and go on without them", NULL },
          { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &operands,
            NULL, NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  g_autofree gchar *tc = NULL;
  guint64 frames_checked = 0;

  if (!parse_options (
          "verify", "OUTPUT BASE SEGMENT_OR_DIR...",
          "Check, frame by frame, that OUTPUT is what printing BASE and the\n"
          "segments makes, with the right timecode.",
          SEGMENTS_DESCRIPTION, entries, &argc, &argv))
    return EXIT_USAGE;
  if (n_operands (operands) < 1)
    return usage_error ("verify", "no OUTPUT given");
  if (n_operands (operands) < 2)
    return usage_error ("verify", "no BASE given");
  if (n_operands (operands) < 3)
    return usage_error ("verify", "no SEGMENT_OR_DIR given");

  plan = build_plan (operands[1], operands + 2, skip_invalid, NULL);
  if (plan == NULL)
    return EXIT_FAILED;
  report_plan_warnings (plan);

  if (!prw_verify_output (plan, operands[0], &frames_checked, NULL, &error)) {
    report_error (error);
    return EXIT_FAILED;
  }

  tc = format_timecode (
      prw_media_info_get_start_timecode (prw_plan_get_base (plan)));
  fprintf (stdout,
           "verified %s: %" G_GUINT64_FORMAT
           " frames match the plan; timecode %s\n",
           operands[0], frames_checked, tc != NULL ? tc : "none");
  return EXIT_OK;
}

/* ---------------------------------------------------------------------- */
/* timecode                                                               */
/* ---------------------------------------------------------------------- */

typedef struct {
  const gchar *name;
  guint num;
  guint den;
} NamedRate;

/* Decimal spellings of the NTSC-family rates. Whole numbers ("25", "120")
 * are N/1 and need no entry. */
static const NamedRate named_rates[] = {
  { "23.976", 24000, 1001 },  { "23.98", 24000, 1001 },
  { "29.97", 30000, 1001 },   { "47.952", 48000, 1001 },
  { "47.95", 48000, 1001 },   { "59.94", 60000, 1001 },
  { "119.88", 120000, 1001 },
};

static gboolean
parse_rate (const gchar *str, guint *rate_num, guint *rate_den, GError **error)
{
  const gchar *slash = strchr (str, '/');
  guint64 num, den = 1;

  for (guint i = 0; i < G_N_ELEMENTS (named_rates); i++) {
    if (g_str_equal (str, named_rates[i].name)) {
      *rate_num = named_rates[i].num;
      *rate_den = named_rates[i].den;
      return TRUE;
    }
  }

  if (slash != NULL) {
    g_autofree gchar *num_str = g_strndup (str, slash - str);

    if (!g_ascii_string_to_unsigned (num_str, 10, 1, G_MAXUINT, &num, NULL)
        || !g_ascii_string_to_unsigned (slash + 1, 10, 1, G_MAXUINT, &den,
                                        NULL))
      goto bad;
  } else {
    /* "25" or "25.0" */
    g_autofree gchar *whole = g_strdup (str);
    gchar *dot = strchr (whole, '.');

    if (dot != NULL) {
      if (dot[1] == '\0' || strspn (dot + 1, "0") != strlen (dot + 1))
        goto bad;
      *dot = '\0';
    }
    if (!g_ascii_string_to_unsigned (whole, 10, 1, G_MAXUINT, &num, NULL))
      goto bad;
  }
  *rate_num = (guint) num;
  *rate_den = (guint) den;
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "%s: not a frame rate (use N/D such as 30000/1001, N such as "
               "25, or 23.976, 29.97, 47.952, 59.94, 119.88)",
               str);
  return FALSE;
}

static int
cmd_timecode (int argc, char **argv)
{
  g_autofree gchar *rate_str = NULL;
  gboolean drop_frame = FALSE;
  gboolean from_frames = FALSE;
  g_auto (GStrv) values = NULL;
  const GOptionEntry entries[]
      = { { "rate", 'r', 0, G_OPTION_ARG_STRING, &rate_str,
            "N/D, N, 23.976, 29.97, 47.952, 59.94 or 119.88 (required)",
            "RATE" },
          { "drop", 'd', 0, G_OPTION_ARG_NONE, &drop_frame,
            "Drop-frame timecode (29.97, 59.94, 119.88)", NULL },
          { "frames", 'f', 0, G_OPTION_ARG_NONE, &from_frames,
            "Take frame counts since midnight; print labels", NULL },
          { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &values, NULL,
            NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GError) error = NULL;
  g_autofree gchar *rate_fraction = NULL;
  guint rate_num = 0, rate_den = 0;
  gint64 frames_per_day;
  gboolean failed = FALSE;

  if (!parse_options (
          "timecode",
          "--rate RATE [--drop] (TIMECODE... | "
          "--frames N...)",
          "Convert timecode labels to frame counts since midnight, or\n"
          "(--frames) frame counts to labels; one result per "
          "line.",
          "Examples:\n"
          "  proreswriter timecode --rate 29.97 --drop "
          "'00:10:00;00'\n"
          "  proreswriter timecode --rate 30000/1001 --drop "
          "--frames 17982\n"
          "(Quote drop-frame labels: the shell reads ';' "
          "itself.)",
          entries, &argc, &argv))
    return EXIT_USAGE;
  if (rate_str == NULL)
    return usage_error ("timecode", "no --rate given");
  if (!parse_rate (rate_str, &rate_num, &rate_den, &error))
    return usage_error ("timecode", "%s", error->message);
  if (n_operands (values) == 0)
    return usage_error ("timecode", from_frames ? "no frame count given"
                                                : "no TIMECODE given");

  rate_fraction = format_rate_fraction (rate_num, rate_den);
  if (!prw_timecode_rate_is_supported (rate_num, rate_den, drop_frame)) {
    if (drop_frame
        && prw_timecode_rate_is_supported (rate_num, rate_den, FALSE))
      fprintf (stderr,
               "proreswriter: %s: drop frame exists only at 29.97, 59.94 and "
               "119.88 fps\n",
               rate_str);
    else
      fprintf (stderr, "proreswriter: %s: not a supported timecode rate\n",
               rate_str);
    return EXIT_FAILED;
  }
  frames_per_day
      = prw_timecode_rate_get_frames_per_day (rate_num, rate_den, drop_frame);

  for (guint i = 0; values[i] != NULL; i++) {
    g_autoptr (PrwTimecode) tc = NULL;

    g_clear_error (&error);
    if (from_frames) {
      guint64 frames;
      g_autofree gchar *label = NULL;

      if (!g_ascii_string_to_unsigned (values[i], 10, 0, frames_per_day - 1,
                                       &frames, NULL)) {
        fprintf (stderr,
                 "proreswriter: %s: not a frame count at %s%s (0 to "
                 "%" G_GINT64_FORMAT ")\n",
                 values[i], rate_fraction, drop_frame ? " drop frame" : "",
                 frames_per_day - 1);
        failed = TRUE;
        continue;
      }
      tc = prw_timecode_new (rate_num, rate_den, drop_frame, (gint64) frames);
      label = format_timecode (tc);
      fprintf (stdout, "%s\n", label != NULL ? label : "?");
    } else {
      tc = prw_timecode_new_from_string (values[i], rate_num, rate_den,
                                         drop_frame, &error);
      if (tc == NULL) {
        report_error (error);
        failed = TRUE;
        continue;
      }
      fprintf (stdout, "%" G_GINT64_FORMAT "\n", prw_timecode_get_frames (tc));
    }
  }
  return failed ? EXIT_FAILED : EXIT_OK;
}

/* ---------------------------------------------------------------------- */
/* main                                                                   */
/* ---------------------------------------------------------------------- */

typedef struct {
  const gchar *name;
  const gchar *summary;
  int (*run) (int argc, char **argv);
} Command;

static const Command commands[] = {
  { "probe", "Describe ProRes QuickTime movies", cmd_probe },
  { "plan", "Show which frames of which movie land where", cmd_plan },
  { "print", "Print segments into the base and write a new movie", cmd_print },
  { "verify", "Check an output movie against its plan", cmd_verify },
  { "timecode", "Convert between timecodes and frame counts", cmd_timecode },
};

static const Command *
find_command (const gchar *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++) {
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  }
  return NULL;
}

static void
print_main_help (FILE *out)
{
  fprintf (out, "Usage:\n"
                "  proreswriter COMMAND [OPTION…] ARGUMENTS…\n"
                "\n"
                "Print graded ProRes segments into a base movie at the "
                "frames their timecode\nnames, without re-encoding.\n"
                "\n"
                "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\n"
                "Options:\n"
                "  -h, --help     Show this help\n"
                "  --version      Show the version\n"
                "\n"
                "Run 'proreswriter COMMAND --help' for a command's "
                "arguments and options.\n");
}

int
main (int argc, char **argv)
{
  const Command *command;
  g_autofree gchar *prgname = NULL;

  start_time_us = g_get_monotonic_time ();
  setlocale (LC_ALL, "");
  /* numbers in output and JSON always use a decimal point */
  setlocale (LC_NUMERIC, "C");

  if (argc < 2) {
    g_set_prgname ("proreswriter");
    return usage_error (NULL, "no command given");
  }

  command = find_command (argv[1]);

  /* Before any thread exists (prw_init() starts GStreamer), so that every
   * thread inherits the blocked mask. */
  if (command != NULL && command->run == cmd_print
      && !setup_interrupt_handling ())
    return EXIT_FAILED;

  /* "proreswriter probe" in a command's --help */
  if (command != NULL)
    prgname = g_strdup_printf ("proreswriter %s", argv[1]);
  else if (g_str_equal (argv[1], "help") && argc >= 3
           && find_command (argv[2]) != NULL)
    prgname = g_strdup_printf ("proreswriter %s", argv[2]);
  else
    prgname = g_strdup ("proreswriter");
  g_set_prgname (prgname);

  prw_init ();

  if (command != NULL)
    return command->run (argc - 1, argv + 1);

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")
      || g_str_equal (argv[1], "help")) {
    if (argc >= 3 && g_str_equal (argv[1], "help")) {
      const Command *topic = find_command (argv[2]);
      char *help_argv[] = { argv[2], (char *) "--help", NULL };

      if (topic == NULL)
        return usage_error (NULL, "unknown command '%s'", argv[2]);
      return topic->run (2, help_argv);
    }
    if (argc > 2 && !g_str_equal (argv[1], "help"))
      return usage_error (NULL, "unexpected argument '%s'", argv[2]);
    print_main_help (stdout);
    return EXIT_OK;
  }
  if (g_str_equal (argv[1], "--version")) {
    if (argc > 2)
      return usage_error (NULL, "unexpected argument '%s'", argv[2]);
    fprintf (stdout, "proreswriter %s\n", prw_get_version_string ());
    return EXIT_OK;
  }
  if (argv[1][0] == '-')
    return usage_error (NULL, "unknown option '%s'", argv[1]);
  return usage_error (NULL, "unknown command '%s'", argv[1]);
}
