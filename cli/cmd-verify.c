/* proreswriter verify: check an output movie against its plan */

#include "cmd.h"

int
prw_cli_cmd_verify (int argc, char **argv)
{
  gboolean json_output = FALSE;
  gboolean skip_invalid = FALSE;
  gint video_track = 0;
  gint handles = 0;
  g_auto (GStrv) operands = NULL;
  g_auto (GStrv) vfx = NULL;
  const GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &json_output,
            "Print the plan and the result as JSON", NULL },
          { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid,
            "Warn about invalid inputs and go on without them", NULL },
          PRW_CLI_VIDEO_TRACK_ENTRY (&video_track),
          PRW_CLI_VFX_ENTRY (&vfx),
          PRW_CLI_HANDLES_ENTRY (&handles),
          { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &operands,
            NULL, NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  g_autofree gchar *tc = NULL;
  guint64 frames_checked = 0;

  if (!prw_cli_parse_options (
          "verify", "OUTPUT BASE SEGMENT_OR_DIR...",
          "Check, frame by frame, that OUTPUT is what printing BASE and the\n"
          "segments makes, with the right timecode.",
          PRW_CLI_SEGMENTS_DESCRIPTION
          "\n\nWith --json, stdout holds the plan's members (base, segments,"
          "\nranges, warnings), \"output\" and \"frames_checked\".",
          entries, &argc, &argv))
    return PRW_CLI_EXIT_USAGE;
  if (!prw_cli_check_video_track ("verify", video_track)
      || !prw_cli_check_handles ("verify", handles))
    return PRW_CLI_EXIT_USAGE;
  if (prw_cli_n_operands (operands) < 1)
    return prw_cli_usage_error ("verify", "no OUTPUT given");
  if (prw_cli_n_operands (operands) < 2)
    return prw_cli_usage_error ("verify", "no BASE given");
  if (prw_cli_n_operands (operands) < 3 && prw_cli_n_operands (vfx) < 1)
    return prw_cli_usage_error ("verify", "no SEGMENT_OR_DIR given");

  prw_cli_output_add_path (operands[0]);
  plan = prw_cli_build_layered_plan (operands[1], (guint) video_track,
                                     operands + 2, vfx, (guint) handles,
                                     skip_invalid, NULL);
  if (plan == NULL)
    return PRW_CLI_EXIT_FAILED;
  prw_cli_report_plan_warnings (plan);

  if (!prw_verify_output (plan, operands[0], &frames_checked, NULL, &error)) {
    prw_cli_error (error, NULL);
    return PRW_CLI_EXIT_FAILED;
  }

  if (json_output) {
    g_autoptr (JsonBuilder) builder = json_builder_new ();

    json_builder_begin_object (builder);
    prw_cli_json_plan_members (builder, plan);
    prw_cli_json_string (builder, "output", operands[0]);
    prw_cli_json_int (builder, "frames_checked", (gint64) frames_checked);
    json_builder_end_object (builder);
    prw_cli_print_json (json_builder_get_root (builder));
    return PRW_CLI_EXIT_OK;
  }

  tc = prw_cli_format_timecode (
      prw_media_info_get_start_timecode (prw_plan_get_base (plan)));
  prw_cli_print ("verified %s: %" G_GUINT64_FORMAT
                 " frames match the plan; timecode %s\n",
                 operands[0], frames_checked, tc != NULL ? tc : "none");
  return PRW_CLI_EXIT_OK;
}
