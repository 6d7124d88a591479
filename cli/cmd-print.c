/* proreswriter print: write the base with the segments printed in */

#include "cmd.h"
#include "interrupt.h"
#include "progress.h"
#include "walk.h"

#include <glib/gstdio.h>
#include <stdlib.h>

static void
report_interrupted (const gchar *output)
{
  prw_cli_error_printf ("cancelled", output,
                        "%s: interrupted; nothing was written", output);
}

/* Whether a and b name one file: the same file where both exist, else
 * the same name once resolved. */
static gboolean
same_file (const gchar *a, const gchar *b)
{
  GStatBuf sa, sb;
  g_autofree gchar *ra = NULL;
  g_autofree gchar *rb = NULL;

  if (g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  ra = prw_cli_resolve_path (a);
  rb = prw_cli_resolve_path (b);
  return g_str_equal (ra, rb);
}

/* Where path, a symbolic link to a file that does not exist yet, leads
 * (a chain of links followed), or NULL when it is no such link (newly
 * allocated): the report writer follows it, once the print has made that
 * file, as stat() does. */
static gchar *
dangling_link_target (const gchar *path)
{
  g_autofree gchar *at = g_strdup (path);
  GStatBuf st;

  if (g_stat (path, &st) == 0)
    return NULL;
  for (guint depth = 0; depth < 40; depth++) {
    g_autofree gchar *link = NULL;
    g_autofree gchar *folder = NULL;

    if (g_lstat (at, &st) != 0 || !S_ISLNK (st.st_mode))
      return depth > 0 ? g_steal_pointer (&at) : NULL;
    if (!(link = g_file_read_link (at, NULL)))
      return NULL;
    folder = g_path_get_dirname (at);
    g_free (at);
    at = g_path_is_absolute (link) ? g_steal_pointer (&link)
                                   : g_build_filename (folder, link, NULL);
  }
  return NULL; /* a loop */
}

/* Whether --report REPORT can be written after the print: FALSE after the
 * usage error when it names a movie of the print (the output, the base,
 * a segment: the report never replaces one; a link to the output not yet
 * written too) or a folder. inputs: the
 * operands and --vfx paths (NULL-terminated, may be NULL), or a plan's
 * inputs when plan is given (its segments found in folders too).
 * Checked before anything is written. */
static gboolean
check_report_path (const gchar *report, const gchar *output, char **operands,
                   char **vfx, PrwPlan *plan)
{
  g_autofree gchar *target = dangling_link_target (report);

  if (plan == NULL
      && (same_file (report, output)
          || (target != NULL && same_file (target, output)))) {
    prw_cli_usage_error ("print",
                         "--report %s: is the output -o %s; the splice "
                         "report needs a file of its own",
                         report, output);
    return FALSE;
  }
  if (plan == NULL && g_file_test (report, G_FILE_TEST_IS_DIR)) {
    prw_cli_usage_error ("print",
                         "--report %s: is a folder; --report names the HTML "
                         "page written",
                         report);
    return FALSE;
  }
  if (!g_file_test (report, G_FILE_TEST_EXISTS))
    return TRUE; /* no input is there */
  for (guint i = 0; plan != NULL && i <= prw_plan_get_n_segments (plan); i++) {
    const gchar *input = prw_plan_get_source_path (plan, (gint) i - 1);

    if (same_file (report, input)) {
      prw_cli_usage_error ("print",
                           "--report %s: is the %s %s; the splice report "
                           "never replaces a movie it shows",
                           report, i == 0 ? "base" : "segment", input);
      return FALSE;
    }
  }
  for (guint l = 0; plan == NULL && l < 2; l++) {
    char **paths = l == 0 ? operands : vfx;

    for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
      if (!g_file_test (paths[i], G_FILE_TEST_IS_DIR)
          && same_file (report, paths[i])) {
        prw_cli_usage_error ("print",
                             "--report %s: is the %s %s; the splice report "
                             "never replaces a movie it shows",
                             report, l == 0 && i == 0 ? "base" : "segment",
                             paths[i]);
        return FALSE;
      }
  }
  return TRUE;
}

static void
print_summary_human (PrwPlan *plan, const gchar *output, gint64 setup_us,
                     gint64 render_us)
{
  PrwMediaInfo *base = prw_plan_get_base (plan);
  guint n_ranges = prw_plan_get_n_ranges (plan);
  guint n_segments = prw_plan_get_n_segments (plan);
  gint64 from_segments = 0, from_base = 0;
  GStatBuf st;
  guint64 output_bytes = 0;
  g_autofree gchar *tc
      = prw_cli_format_timecode (prw_media_info_get_start_timecode (base));
  g_autofree gchar *setup = prw_cli_format_seconds_us (setup_us);
  g_autofree gchar *render = prw_cli_format_seconds_us (render_us);

  for (guint i = 0; i < n_ranges; i++) {
    const PrwRange *range = prw_plan_get_range (plan, i);

    if (range->source == PRW_RANGE_SOURCE_BASE)
      from_base += range->frames;
    else
      from_segments += range->frames;
  }
  if (g_stat (output, &st) == 0)
    output_bytes = (guint64) st.st_size;

  prw_cli_print ("printed %s: %" G_GINT64_FORMAT " frames (%" G_GINT64_FORMAT
                 " from %u segment%s, %" G_GINT64_FORMAT
                 " from the base), timecode %s, setup %s s, render %s s "
                 "(%.1f fps, %.1f MB/s)\n",
                 output, from_segments + from_base, from_segments, n_segments,
                 n_segments == 1 ? "" : "s", from_base,
                 tc != NULL ? tc : "none", setup, render,
                 (gdouble) (from_segments + from_base) * G_USEC_PER_SEC
                     / render_us,
                 (gdouble) output_bytes / render_us);
}

int
prw_cli_cmd_print (int argc, char **argv)
{
  gboolean json_output = FALSE;
  gboolean skip_invalid = FALSE;
  gboolean force = FALSE;
  gint video_track = 0;
  gint handles = 0;
  g_autofree gchar *output = NULL;
  g_autofree gchar *report = NULL;
  g_auto (GStrv) operands = NULL;
  g_auto (GStrv) vfx = NULL;
  const GOptionEntry entries[]
      = { { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
            "The movie to write (required)", "OUTPUT" },
          { "force", 0, 0, G_OPTION_ARG_NONE, &force,
            "Replace OUTPUT if it exists (never one of the inputs)", NULL },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json_output,
            "Print the plan and timings as JSON", NULL },
          { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid,
            "Warn about invalid inputs and go on without them", NULL },
          { "report", 0, 0, G_OPTION_ARG_FILENAME, &report,
            "After the print, write its splice report (an HTML page "
            "showing every cut) to REPORT; replaced if it exists only with "
            "--force. A REPORT that cannot be written is refused before "
            "the print",
            "REPORT" },
          PRW_CLI_VIDEO_TRACK_ENTRY (&video_track),
          PRW_CLI_VFX_ENTRY (&vfx),
          PRW_CLI_HANDLES_ENTRY (&handles),
          { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &operands,
            NULL, NULL },
          G_OPTION_ENTRY_NULL };
  GCancellable *cancellable = prw_cli_interrupt_get_cancellable ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  g_autoptr (PrwPrinter) printer = NULL;
  PrwCliProgress *progress;
  gint64 render_start_us, render_end_us, setup_us, render_us;
  gboolean ok;
  g_autoptr (GError) report_error = NULL;

  if (!prw_cli_parse_options (
          "print", "BASE SEGMENT_OR_DIR... -o OUTPUT",
          "Write a new movie: the base with the segments printed in at the\n"
          "frames their timecode names, without re-encoding.",
          PRW_CLI_SEGMENTS_DESCRIPTION
          "\n\nThe output is written to a temporary file next to "
          "OUTPUT and renamed\nonly when complete; "
          "an interrupted print (SIGINT, SIGTERM) leaves nothing.",
          entries, &argc, &argv))
    return PRW_CLI_EXIT_USAGE;
  if (!prw_cli_check_video_track ("print", video_track)
      || !prw_cli_check_handles ("print", handles))
    return PRW_CLI_EXIT_USAGE;
  if (output == NULL)
    return prw_cli_usage_error ("print", "no -o OUTPUT given");
  if (prw_cli_n_operands (operands) < 1)
    return prw_cli_usage_error ("print", "no BASE given");
  if (prw_cli_n_operands (operands) < 2 && prw_cli_n_operands (vfx) < 1)
    return prw_cli_usage_error ("print", "no SEGMENT_OR_DIR given");

  /* a report that could not be written: refused before the print */
  if (report != NULL
      && !check_report_path (report, output, operands, vfx, NULL))
    return PRW_CLI_EXIT_USAGE;

  prw_cli_output_add_path (output);
  if (report != NULL)
    prw_cli_output_add_path (report);
  plan = prw_cli_build_layered_plan (operands[0], (guint) video_track,
                                     operands + 1, vfx, (guint) handles,
                                     skip_invalid, cancellable);
  if (plan == NULL) {
    if (g_cancellable_is_cancelled (cancellable))
      report_interrupted (output);
    return PRW_CLI_EXIT_FAILED;
  }
  /* a segment found in a folder given */
  if (report != NULL
      && !check_report_path (report, output, operands, vfx, plan))
    return PRW_CLI_EXIT_USAGE;
  prw_cli_report_plan_warnings (plan);
  /* A copy of the base is never what was meant: an empty folder, or one
   * whose every file was skipped, is a mistake to report. */
  if (prw_plan_get_n_segments (plan) == 0) {
    prw_cli_error_printf ("no-segments", output,
                          "%s: not written: there are no segments to print",
                          output);
    return PRW_CLI_EXIT_FAILED;
  }
  /* A report the library would not write (it exists without --force, its
   * folder is missing, no folder or not writable) is refused here, as an
   * existing OUTPUT is, before anything is written; what becomes of the
   * folder during the print is the report writer's to find after it. */
  if (report != NULL) {
    g_autoptr (PrwReport) page = prw_report_new (plan, output);

    if (!prw_report_check_path (page, report, force, &error)) {
      prw_cli_error (error, report);
      return PRW_CLI_EXIT_FAILED;
    }
  }

  printer = prw_printer_new (plan);
  progress = prw_cli_progress_start (printer);
  render_start_us = g_get_monotonic_time ();
  ok = prw_printer_print (
      printer, output, force ? PRW_PRINT_FLAGS_OVERWRITE : PRW_PRINT_FLAGS_NONE,
      cancellable, &error);
  render_end_us = g_get_monotonic_time ();
  prw_cli_progress_finish (progress);

  if (!ok) {
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      report_interrupted (output);
    else
      prw_cli_error (error, NULL);
    return PRW_CLI_EXIT_FAILED;
  }

  setup_us = render_start_us - prw_cli_get_start_time_us ();
  render_us = MAX (render_end_us - render_start_us, 1);

  /* The print stands whatever becomes of its report. */
  if (report != NULL
      && !prw_cli_write_report (plan, output, report, force, FALSE, 0, NULL,
                                NULL, cancellable, &report_error))
    g_prefix_error (&report_error,
                    "report not written (%s was printed): ", output);

  if (json_output) {
    g_autoptr (JsonBuilder) builder = json_builder_new ();

    json_builder_begin_object (builder);
    prw_cli_json_plan_members (builder, plan);
    prw_cli_json_string (builder, "output", output);
    if (report != NULL)
      prw_cli_json_string (builder, "report",
                           report_error == NULL ? report : NULL);
    prw_cli_json_seconds_us (builder, "setup_seconds", setup_us);
    prw_cli_json_seconds_us (builder, "render_seconds", render_us);
    json_builder_end_object (builder);
    prw_cli_print_json (json_builder_get_root (builder));
  } else {
    print_summary_human (plan, output, setup_us, render_us);
    if (report != NULL && report_error == NULL)
      prw_cli_print ("wrote %s\n", report);
  }
  if (report_error != NULL) {
    prw_cli_error (report_error, report);
    return PRW_CLI_EXIT_FAILED;
  }
  return PRW_CLI_EXIT_OK;
}
