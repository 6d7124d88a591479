/* proreswriter timecode: convert between timecode labels and frame counts */

#include "cmd.h"

int
prw_cli_cmd_timecode (int argc, char **argv)
{
  g_autofree gchar *rate_str = NULL;
  gboolean drop_frame = FALSE;
  gboolean from_frames = FALSE;
  gboolean json_output = FALSE;
  g_auto (GStrv) values = NULL;
  const GOptionEntry entries[]
      = { { "rate", 'r', 0, G_OPTION_ARG_STRING, &rate_str,
            "N/D, N, 23.976, 29.97, 47.952, 59.94 or 119.88, optionally "
            "followed by DF (required)",
            "RATE" },
          { "drop", 'd', 0, G_OPTION_ARG_NONE, &drop_frame,
            "Drop-frame timecode (29.97, 59.94, 119.88)", NULL },
          { "frames", 'f', 0, G_OPTION_ARG_NONE, &from_frames,
            "Take frame counts since midnight; print labels", NULL },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json_output,
            "Print the rate and the conversions as JSON", NULL },
          { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &values, NULL,
            NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) rate_error = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autofree gchar *rate_fraction = NULL;
  guint rate_num = 0, rate_den = 0;
  gboolean rate_drop = FALSE;
  gint64 frames_per_day;
  gboolean failed = FALSE;

  if (!prw_cli_parse_options (
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
          "itself.)\n\n"
          "With --json, stdout holds one object: rate, rate_num, rate_den,\n"
          "drop_frame and timecodes, a list of {input, timecode, frames};\n"
          "values that are not valid are reported on stderr and left out.",
          entries, &argc, &argv))
    return PRW_CLI_EXIT_USAGE;
  if (rate_str == NULL)
    return prw_cli_usage_error ("timecode", "no --rate given");
  /* a rate that is no rate at all is a usage error; one without timecode
   * fails the command, after the operands are checked */
  if (!prw_timecode_rate_parse (rate_str, &rate_num, &rate_den, &rate_drop,
                                &rate_error)
      && !g_error_matches (rate_error, PRW_ERROR, PRW_ERROR_UNSUPPORTED))
    return prw_cli_usage_error ("timecode", "%s", rate_error->message);
  /* --drop is the rate's "DF": the library says where drop frame exists */
  if (rate_error == NULL && drop_frame && !rate_drop) {
    g_autofree gchar *with_df = g_strconcat (rate_str, " DF", NULL);

    prw_timecode_rate_parse (with_df, &rate_num, &rate_den, &rate_drop,
                             &rate_error);
  }
  if (prw_cli_n_operands (values) == 0)
    return prw_cli_usage_error ("timecode", from_frames ? "no frame count given"
                                                        : "no TIMECODE given");
  if (rate_error != NULL) {
    prw_cli_error (rate_error, NULL);
    return PRW_CLI_EXIT_FAILED;
  }
  drop_frame = drop_frame || rate_drop;

  rate_fraction = prw_cli_format_rate_fraction (rate_num, rate_den);
  frames_per_day
      = prw_timecode_rate_get_frames_per_day (rate_num, rate_den, drop_frame);

  if (json_output) {
    builder = json_builder_new ();
    json_builder_begin_object (builder);
    prw_cli_json_string (builder, "rate", rate_fraction);
    prw_cli_json_int (builder, "rate_num", rate_num);
    prw_cli_json_int (builder, "rate_den", rate_den);
    prw_cli_json_boolean (builder, "drop_frame", drop_frame);
    json_builder_set_member_name (builder, "timecodes");
    json_builder_begin_array (builder);
  }

  for (guint i = 0; values[i] != NULL; i++) {
    g_autoptr (PrwTimecode) tc = NULL;
    g_autofree gchar *label = NULL;

    g_clear_error (&error);
    if (from_frames) {
      guint64 frames;

      if (!g_ascii_string_to_unsigned (values[i], 10, 0, frames_per_day - 1,
                                       &frames, NULL)) {
        prw_cli_error_printf ("invalid-timecode", NULL,
                              "%s: not a frame count at %s%s (0 to "
                              "%" G_GINT64_FORMAT ")",
                              values[i], rate_fraction,
                              drop_frame ? " drop frame" : "",
                              frames_per_day - 1);
        failed = TRUE;
        continue;
      }
      tc = prw_timecode_new (rate_num, rate_den, drop_frame, (gint64) frames);
    } else {
      tc = prw_timecode_new_from_string (values[i], rate_num, rate_den,
                                         drop_frame, &error);
      if (tc == NULL) {
        prw_cli_error (error, NULL);
        failed = TRUE;
        continue;
      }
    }
    label = prw_cli_format_timecode (tc);

    if (builder != NULL) {
      json_builder_begin_object (builder);
      prw_cli_json_string (builder, "input", values[i]);
      prw_cli_json_string (builder, "timecode", label);
      prw_cli_json_int (builder, "frames", prw_timecode_get_frames (tc));
      json_builder_end_object (builder);
    } else if (from_frames) {
      prw_cli_print ("%s\n", label != NULL ? label : "?");
    } else {
      prw_cli_print ("%" G_GINT64_FORMAT "\n", prw_timecode_get_frames (tc));
    }
  }

  if (builder != NULL) {
    json_builder_end_array (builder);
    json_builder_end_object (builder);
    prw_cli_print_json (json_builder_get_root (builder));
  }
  return failed ? PRW_CLI_EXIT_FAILED : PRW_CLI_EXIT_OK;
}
