/* proreswriter probe: describe ProRes QuickTime movies */

#include "cmd.h"

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
  g_autofree gchar *rate = prw_cli_format_rate_human (rate_num, rate_den);
  g_autofree gchar *tc = prw_cli_format_timecode (start);

  prw_cli_print ("%s\n", prw_media_info_get_path (info));
  prw_cli_print ("  codec:          %s%s%s%s\n",
                 prw_media_info_get_codec_fourcc (info),
                 name != NULL ? " (" : "", name != NULL ? name : "",
                 name != NULL ? ")" : "");
  prw_cli_print ("  size:           %ux%u\n", prw_media_info_get_width (info),
                 prw_media_info_get_height (info));
  prw_cli_print ("  rate:           %s\n", rate);
  prw_cli_print ("  frames:         %" G_GINT64_FORMAT "\n",
                 prw_media_info_get_frame_count (info));
  prw_cli_print ("  start timecode: %s\n", tc != NULL ? tc : "none");
  /* where the timecode breaks, when it does */
  for (guint r = 0; prw_media_info_get_n_timecode_runs (info) > 1
                    && r < prw_media_info_get_n_timecode_runs (info);
       r++) {
    g_autofree gchar *run_tc = prw_cli_format_timecode (
        prw_media_info_get_timecode_run_start (info, r));

    gint64 frames = prw_media_info_get_timecode_run_frames (info, r);

    prw_cli_print ("    %s from frame %" G_GINT64_FORMAT " (%" G_GINT64_FORMAT
                   " frame%s)\n",
                   run_tc,
                   prw_media_info_get_timecode_run_first_frame (info, r),
                   frames, frames == 1 ? "" : "s");
  }
  prw_cli_print ("  drop frame:     %s\n",
                 start != NULL && start->drop_frame ? "yes" : "no");
  prw_cli_print ("  reel:           %s\n", reel != NULL ? reel : "none");
  prw_cli_print ("  colour:         %s\n",
                 colour != NULL ? colour : "unspecified");
  prw_cli_print ("  audio tracks:   %u\n", n_audio);
  for (guint i = 0; i < n_audio; i++) {
    const gchar *desc = prw_media_info_get_audio_description (info, i);

    prw_cli_print ("    %u: %s\n", i + 1, desc != NULL ? desc : "?");
  }
}

static void
add_media_info_json (JsonBuilder *builder, PrwMediaInfo *info)
{
  guint rate_num = prw_media_info_get_rate_num (info);
  guint rate_den = prw_media_info_get_rate_den (info);
  const PrwTimecode *start = prw_media_info_get_start_timecode (info);
  guint n_audio = prw_media_info_get_n_audio_tracks (info);
  const gchar *const *warnings = prw_media_info_get_warnings (info);
  g_autofree gchar *rate = prw_cli_format_rate_fraction (rate_num, rate_den);
  g_autofree gchar *tc = prw_cli_format_timecode (start);

  json_builder_begin_object (builder);
  prw_cli_json_string (builder, "path", prw_media_info_get_path (info));
  prw_cli_json_string (builder, "codec",
                       prw_media_info_get_codec_fourcc (info));
  prw_cli_json_string (builder, "flavour",
                       prw_media_info_get_codec_name (info));
  prw_cli_json_int (builder, "width", prw_media_info_get_width (info));
  prw_cli_json_int (builder, "height", prw_media_info_get_height (info));
  prw_cli_json_string (builder, "rate", rate);
  prw_cli_json_int (builder, "rate_num", rate_num);
  prw_cli_json_int (builder, "rate_den", rate_den);
  prw_cli_json_int (builder, "frames", prw_media_info_get_frame_count (info));
  prw_cli_json_string (builder, "start_timecode", tc);
  prw_cli_json_boolean (builder, "drop_frame",
                        start != NULL && start->drop_frame);
  prw_cli_json_string (builder, "reel", prw_media_info_get_reel_name (info));
  prw_cli_json_string (builder, "colour", prw_media_info_get_colour (info));
  /* where the timecode breaks: only then, the members of 0.1 stay */
  if (prw_media_info_get_n_timecode_runs (info) > 1) {
    json_builder_set_member_name (builder, "timecode_runs");
    json_builder_begin_array (builder);
    for (guint r = 0; r < prw_media_info_get_n_timecode_runs (info); r++) {
      g_autofree gchar *run_tc = prw_cli_format_timecode (
          prw_media_info_get_timecode_run_start (info, r));

      json_builder_begin_object (builder);
      prw_cli_json_int (builder, "first_frame",
                        prw_media_info_get_timecode_run_first_frame (info, r));
      prw_cli_json_int (builder, "frames",
                        prw_media_info_get_timecode_run_frames (info, r));
      prw_cli_json_string (builder, "start_timecode", run_tc);
      json_builder_end_object (builder);
    }
    json_builder_end_array (builder);
  }
  json_builder_set_member_name (builder, "audio");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_audio; i++)
    prw_cli_json_string (builder, NULL,
                         prw_media_info_get_audio_description (info, i));
  json_builder_end_array (builder);
  /* only where there is something to say: the members of 0.1 stay as
   * they were */
  if (warnings[0] != NULL) {
    json_builder_set_member_name (builder, "warnings");
    json_builder_begin_array (builder);
    for (guint i = 0; warnings[i] != NULL; i++)
      prw_cli_json_string (builder, NULL, warnings[i]);
    json_builder_end_array (builder);
  }
  json_builder_end_object (builder);
}

/* "proreswriter: warning: PATH: reason" on stderr, after the movie */
static void
report_warnings (PrwMediaInfo *info, const gchar *file)
{
  const gchar *const *warnings = prw_media_info_get_warnings (info);

  for (guint i = 0; warnings[i] != NULL; i++)
    prw_cli_warning (file, warnings[i]);
}

int
prw_cli_cmd_probe (int argc, char **argv)
{
  gboolean json_output = FALSE;
  gint video_track = 0;
  g_auto (GStrv) files = NULL;
  const GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &json_output,
            "Print a JSON array of objects instead of text", NULL },
          { "video-track", 0, 0, G_OPTION_ARG_INT, &video_track,
            "Describe the video track with this track ID (a movie with "
            "several video tracks is refused without it)",
            "ID" },
          { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL,
            NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (JsonBuilder) builder = NULL;
  gboolean failed = FALSE;
  gboolean first = TRUE;

  if (!prw_cli_parse_options (
          "probe", "FILE...",
          "Describe ProRes QuickTime movies: codec, size, rate, frames,\n"
          "start timecode, reel, colour and audio.",
          "A file that cannot be probed is reported on stderr and "
          "the others are\nstill probed; the exit status is then "
          "1. What a movie says that cannot be so\n(a drop-frame "
          "flag at 24 fps) is read as the library chooses, with a\n"
          "warning on stderr; with --json, in the movie's \"warnings\" "
          "member,\npresent only when there are some.",
          entries, &argc, &argv))
    return PRW_CLI_EXIT_USAGE;
  if (!prw_cli_check_video_track ("probe", video_track))
    return PRW_CLI_EXIT_USAGE;
  if (prw_cli_n_operands (files) == 0)
    return prw_cli_usage_error ("probe", "no FILE given");

  if (json_output) {
    builder = json_builder_new ();
    json_builder_begin_array (builder);
  }

  for (guint i = 0; files[i] != NULL; i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PrwMediaInfo) info
        = prw_probe_file_full (files[i], (guint) video_track, NULL, &error);

    if (info == NULL) {
      prw_cli_error (error, files[i]);
      failed = TRUE;
      continue;
    }
    if (builder != NULL) {
      add_media_info_json (builder, info);
    } else {
      if (!first)
        prw_cli_print ("\n");
      print_media_info_human (info);
      prw_cli_flush ();
      report_warnings (info, files[i]);
      first = FALSE;
    }
  }

  if (builder != NULL) {
    json_builder_end_array (builder);
    prw_cli_print_json (json_builder_get_root (builder));
  }
  return failed ? PRW_CLI_EXIT_FAILED : PRW_CLI_EXIT_OK;
}
