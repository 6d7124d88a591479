/* proreswriter report: one HTML page showing every cut of a printed movie */

#include "cmd.h"
#include "interrupt.h"

#include <glib/gstdio.h>

gboolean
prw_cli_write_report (PrwPlan *plan, const gchar *output, const gchar *path,
                      gboolean force, gboolean verified, guint64 frames_checked,
                      const GError *verify_error, guint *n_cuts,
                      GCancellable *cancellable, GError **error)
{
  g_autoptr (PrwReport) report = prw_report_new (plan, output);

  if (n_cuts)
    *n_cuts = prw_report_get_n_cuts (report);

  if (verified || verify_error != NULL) {
    g_autofree gchar *message
        = verify_error ? g_utf8_make_valid (verify_error->message, -1) : NULL;

    prw_report_set_verify_result (report, verified, frames_checked, message);
  }
  return prw_report_write (report, path, force, cancellable, error);
}

int
prw_cli_cmd_report (int argc, char **argv)
{
  gboolean json_output = FALSE;
  gboolean skip_invalid = FALSE;
  gboolean force = FALSE;
  gboolean verify = FALSE;
  gint video_track = 0;
  gint handles = 0;
  g_autofree gchar *report_path = NULL;
  g_auto (GStrv) operands = NULL;
  g_auto (GStrv) vfx = NULL;
  const GOptionEntry entries[]
      = { { "output", 'o', 0, G_OPTION_ARG_FILENAME, &report_path,
            "The HTML page to write (required)", "REPORT.html" },
          { "force", 0, 0, G_OPTION_ARG_NONE, &force,
            "Replace REPORT.html if it exists (never OUTPUT or an input)",
            NULL },
          { "verify", 0, 0, G_OPTION_ARG_NONE, &verify,
            "Also check OUTPUT frame by frame (as verify does) and show the "
            "result on the page",
            NULL },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json_output,
            "Print the plan and the report's facts as JSON", NULL },
          { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid,
            "Warn about invalid inputs and go on without them", NULL },
          PRW_CLI_VIDEO_TRACK_ENTRY (&video_track),
          PRW_CLI_VFX_ENTRY (&vfx),
          PRW_CLI_HANDLES_ENTRY (&handles),
          { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &operands,
            NULL, NULL },
          G_OPTION_ENTRY_NULL };
  GCancellable *cancellable = prw_cli_interrupt_get_cancellable ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) verify_error = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  guint64 frames_checked = 0;
  gboolean verified = FALSE;
  gint64 start_us, report_us;
  guint n_cuts = 0;

  if (!prw_cli_parse_options (
          "report", "OUTPUT BASE SEGMENT_OR_DIR... -o REPORT.html",
          "Write one HTML page showing every cut of OUTPUT, a movie printed\n"
          "from BASE and the segments: the last frame before each cut and\n"
          "the first frame after it, decoded from OUTPUT itself, with a\n"
          "timeline of the base by source and layer, handles marked, and the\n"
          "plan's warnings. Give the same segments, --vfx and --handles as\n"
          "the print had.",
          PRW_CLI_SEGMENTS_DESCRIPTION
          "\n\nThe page is one self-contained file (pictures embedded, no "
          "script,\nnothing fetched), written to a temporary file next to "
          "REPORT.html and\nrenamed only when complete. A REPORT.html that "
          "exists (without --force),\nor whose folder is missing, no folder "
          "or not writable, is refused\nbefore anything is verified or "
          "decoded.\n\n"
          "With --json, stdout holds the plan's members (base, segments,\n"
          "ranges, warnings), \"output\", \"report\", \"cuts\", "
          "\"report_seconds\"\nand, with --verify, \"frames_checked\" and "
          "\"verified\".",
          entries, &argc, &argv))
    return PRW_CLI_EXIT_USAGE;
  if (!prw_cli_check_video_track ("report", video_track)
      || !prw_cli_check_handles ("report", handles))
    return PRW_CLI_EXIT_USAGE;
  if (report_path == NULL)
    return prw_cli_usage_error ("report", "no -o REPORT.html given");
  if (prw_cli_n_operands (operands) < 1)
    return prw_cli_usage_error ("report", "no OUTPUT given");
  if (prw_cli_n_operands (operands) < 2)
    return prw_cli_usage_error ("report", "no BASE given");
  if (prw_cli_n_operands (operands) < 3 && prw_cli_n_operands (vfx) < 1)
    return prw_cli_usage_error ("report", "no SEGMENT_OR_DIR given");

  prw_cli_output_add_path (report_path);
  prw_cli_output_add_path (operands[0]);
  plan = prw_cli_build_layered_plan (operands[1], (guint) video_track,
                                     operands + 2, vfx, (guint) handles,
                                     skip_invalid, cancellable);
  if (plan == NULL) {
    if (g_cancellable_is_cancelled (cancellable))
      prw_cli_error_printf ("cancelled", report_path,
                            "%s: interrupted; nothing was written",
                            report_path);
    return PRW_CLI_EXIT_FAILED;
  }
  prw_cli_report_plan_warnings (plan);

  /* A page the library would not write (it exists without --force, its
   * folder is missing, no folder or not writable) is refused before the
   * verify and the decoding; the writer checks again. */
  {
    g_autoptr (PrwReport) page = prw_report_new (plan, operands[0]);

    if (!prw_report_check_path (page, report_path, force, &error)) {
      prw_cli_error (error, NULL);
      return PRW_CLI_EXIT_FAILED;
    }
  }

  start_us = g_get_monotonic_time ();
  if (verify)
    verified = prw_verify_output (plan, operands[0], &frames_checked,
                                  cancellable, &verify_error);
  if (verify_error == NULL
      || !g_error_matches (verify_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    prw_cli_write_report (plan, operands[0], report_path, force, verified,
                          frames_checked, verify_error, &n_cuts, cancellable,
                          &error);
  } else {
    error = g_steal_pointer (&verify_error);
  }
  report_us = MAX (g_get_monotonic_time () - start_us, 1);

  if (error != NULL) {
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      prw_cli_error_printf ("cancelled", report_path,
                            "%s: interrupted; nothing was written",
                            report_path);
    else
      prw_cli_error (error, NULL);
    return PRW_CLI_EXIT_FAILED;
  }
  if (json_output) {
    g_autoptr (JsonBuilder) builder = json_builder_new ();

    json_builder_begin_object (builder);
    prw_cli_json_plan_members (builder, plan);
    prw_cli_json_string (builder, "output", operands[0]);
    prw_cli_json_string (builder, "report", report_path);
    prw_cli_json_int (builder, "cuts", n_cuts);
    prw_cli_json_seconds_us (builder, "report_seconds", report_us);
    if (verify) {
      prw_cli_json_boolean (builder, "verified", verified);
      prw_cli_json_int (builder, "frames_checked", (gint64) frames_checked);
    }
    json_builder_end_object (builder);
    prw_cli_print_json (json_builder_get_root (builder));
  } else {
    g_autofree gchar *seconds = prw_cli_format_seconds_us (report_us);

    prw_cli_print ("wrote %s: %u cut%s of %s in %s s\n", report_path, n_cuts,
                   n_cuts == 1 ? "" : "s", operands[0], seconds);
  }
  /* the page shows a failed verify; the exit status says it too */
  if (verify && !verified) {
    prw_cli_error (verify_error, NULL);
    return PRW_CLI_EXIT_FAILED;
  }
  return PRW_CLI_EXIT_OK;
}
