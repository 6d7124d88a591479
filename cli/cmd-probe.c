/* proreswriter probe: describe ProRes QuickTime movies, or (--source)
 * camera originals */

#include "cmd.h"

/* The displayed width: the stored one times the pixel aspect, rounded */
static guint
display_width (guint width, guint par_n, guint par_d)
{
  return (guint) (((guint64) width * par_n + par_d / 2) / par_d);
}

/* "2:1 (displayed 256x96)", "1:1", or "1:1 (no pasp)" for a movie without
 * 'pasp' and "0:0 (invalid pasp, read as 1:1)" for one with a spacing of
 * 0 (as written), as the plan's warnings name a pixel aspect */
static gchar *
format_pixel_aspect (PrwMediaInfo *info)
{
  guint par_n = 1, par_d = 1;
  guint width = prw_media_info_get_width (info);

  if (!prw_media_info_get_pixel_aspect (info, &par_n, &par_d)) {
    if (prw_media_info_get_pasp (info, &par_n, &par_d))
      return g_strdup_printf ("%u:%u (invalid pasp, read as 1:1)", par_n,
                              par_d);
    return g_strdup ("1:1 (no pasp)");
  }
  if (par_n == par_d)
    return g_strdup ("1:1");
  return g_strdup_printf ("%u:%u (displayed %ux%u)", par_n, par_d,
                          display_width (width, par_n, par_d),
                          prw_media_info_get_height (info));
}

/* "interlaced, top field first (fiel 2 1)", "progressive (fiel 1 0)" or
 * "progressive (no fiel)" for a movie without 'fiel': the words of the
 * plan's warnings, with the atom's two numbers */
static gchar *
format_fields (PrwMediaInfo *info)
{
  guint count = 1, detail = 0;
  const gchar *ordering = NULL;

  if (!prw_media_info_get_fields (info, &count, &detail))
    return g_strdup ("progressive (no fiel)");
  switch (prw_media_info_get_field_order (info)) {
    case PRW_FIELD_ORDER_PROGRESSIVE:
      return g_strdup_printf ("progressive (fiel %u %u)", count, detail);
    case PRW_FIELD_ORDER_TOP_FIELD_FIRST:
      ordering = "top field first";
      break;
    case PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST:
      ordering = "bottom field first";
      break;
    case PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST_TOP_STORED_FIRST:
      ordering = "bottom field first, top field stored first";
      break;
    case PRW_FIELD_ORDER_TOP_FIELD_FIRST_BOTTOM_STORED_FIRST:
      ordering = "top field first, bottom field stored first";
      break;
    case PRW_FIELD_ORDER_UNKNOWN:
    default:
      break;
  }
  if (count != 2)
    return g_strdup_printf ("an unknown field count (fiel %u %u)", count,
                            detail);
  return g_strdup_printf ("interlaced, %s (fiel 2 %u)",
                          ordering != NULL ? ordering : "field order unknown",
                          detail);
}

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
  g_autofree gchar *aspect = format_pixel_aspect (info);
  g_autofree gchar *fields = format_fields (info);

  prw_cli_print ("%s\n", prw_media_info_get_path (info));
  prw_cli_print ("  codec:          %s%s%s%s\n",
                 prw_media_info_get_codec_fourcc (info),
                 name != NULL ? " (" : "", name != NULL ? name : "",
                 name != NULL ? ")" : "");
  prw_cli_print ("  size:           %ux%u\n", prw_media_info_get_width (info),
                 prw_media_info_get_height (info));
  prw_cli_print ("  pixel aspect:   %s\n", aspect);
  prw_cli_print ("  fields:         %s\n", fields);
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
  guint par_n = 1, par_d = 1, pasp_h = 0, pasp_v = 0;
  PrwFieldOrder field_order = prw_media_info_get_field_order (info);

  prw_media_info_get_pixel_aspect (info, &par_n, &par_d);
  json_builder_begin_object (builder);
  prw_cli_json_string (builder, "path", prw_media_info_get_path (info));
  prw_cli_json_string (builder, "codec",
                       prw_media_info_get_codec_fourcc (info));
  prw_cli_json_string (builder, "flavour",
                       prw_media_info_get_codec_name (info));
  prw_cli_json_int (builder, "width", prw_media_info_get_width (info));
  prw_cli_json_int (builder, "height", prw_media_info_get_height (info));
  /* only when the pixels are not square or the video not progressive (a
   * movie without 'pasp' has square pixels, one without 'fiel' is
   * progressive): the members of 0.1 stay as they were */
  if (par_n != par_d) {
    g_autofree gchar *aspect = g_strdup_printf ("%u:%u", par_n, par_d);

    prw_cli_json_string (builder, "pixel_aspect", aspect);
  }
  /* a 'pasp' with a spacing of 0, which is no ratio, read as 1:1 (no
   * "pixel_aspect"): only then, as written */
  if (!prw_media_info_get_pixel_aspect (info, NULL, NULL)
      && prw_media_info_get_pasp (info, &pasp_h, &pasp_v)) {
    g_autofree gchar *pasp = g_strdup_printf ("%u:%u", pasp_h, pasp_v);

    prw_cli_json_string (builder, "invalid_pasp", pasp);
  }
  if (field_order != PRW_FIELD_ORDER_PROGRESSIVE)
    prw_cli_json_string (builder, "field_order",
                         prw_field_order_to_string (field_order));
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
  prw_cli_json_timecode_runs (builder, info);
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

/* ---- --source: camera originals ----------------------------------------- */

static const gchar *const source_facts[]
    = { PRW_SOURCE_CLIP_FACT_CLIP_NAME,      PRW_SOURCE_CLIP_FACT_REEL,
        PRW_SOURCE_CLIP_FACT_START_TIMECODE, PRW_SOURCE_CLIP_FACT_FRAME_COUNT,
        PRW_SOURCE_CLIP_FACT_RATE,           PRW_SOURCE_CLIP_FACT_SIZE,
        PRW_SOURCE_CLIP_FACT_PIXEL_ASPECT,   PRW_SOURCE_CLIP_FACT_SCAN };

/* "progressive", "interlaced", or "not known" when the source says
 * neither */
static const gchar *
source_scan (PrwSourceClip *clip)
{
  if (prw_source_clip_get_interlaced (clip))
    return "interlaced";
  if (prw_source_clip_get_origin (clip, PRW_SOURCE_CLIP_FACT_SCAN) != NULL)
    return "progressive";
  return NULL;
}

/* "PATH", or "ALE:LINE" for an ALE row */
static gchar *
source_title (PrwSourceClip *clip)
{
  if (prw_source_clip_get_ale_path (clip) != NULL)
    return g_strdup_printf ("%s:%u", prw_source_clip_get_ale_path (clip),
                            prw_source_clip_get_ale_line (clip));
  return g_strdup (prw_source_clip_get_path (clip));
}

static void
print_source_human (PrwSourceClip *clip)
{
  const PrwTimecode *start = prw_source_clip_get_start_timecode (clip);
  const gchar *reel = prw_source_clip_get_reel (clip);
  const gchar *format = prw_source_clip_get_format (clip);
  g_autofree gchar *title = source_title (clip);
  g_autofree gchar *rate = prw_cli_format_rate_human (
      prw_source_clip_get_rate_num (clip), prw_source_clip_get_rate_den (clip));
  g_autofree gchar *tc = prw_cli_format_timecode (start);
  guint par_n, par_d;

  prw_cli_print ("%s\n", title);
  prw_cli_print ("  clip name:      %s\n",
                 prw_source_clip_get_clip_name (clip));
  if (prw_source_clip_get_ale_path (clip) != NULL)
    prw_cli_print ("  source file:    %s\n",
                   prw_source_clip_get_path (clip) != NULL
                       ? prw_source_clip_get_path (clip)
                       : "none");
  prw_cli_print ("  format:         %s\n", format != NULL ? format : "unknown");
  if (prw_source_clip_get_width (clip) > 0)
    prw_cli_print ("  size:           %ux%u\n",
                   prw_source_clip_get_width (clip),
                   prw_source_clip_get_height (clip));
  else
    prw_cli_print ("  size:           unknown\n");
  if (prw_source_clip_get_pixel_aspect (clip, &par_n, &par_d)
      && prw_source_clip_get_width (clip) > 0)
    prw_cli_print (
        "  pixel aspect:   %u:%u (displayed %ux%u)\n", par_n, par_d,
        display_width (prw_source_clip_get_width (clip), par_n, par_d),
        prw_source_clip_get_height (clip));
  else if (par_n != 0)
    prw_cli_print ("  pixel aspect:   %u:%u\n", par_n, par_d);
  else
    prw_cli_print ("  pixel aspect:   not known\n");
  prw_cli_print ("  rate:           %s\n", rate);
  prw_cli_print ("  scan:           %s\n",
                 source_scan (clip) != NULL ? source_scan (clip) : "not known");
  prw_cli_print ("  frames:         %" G_GINT64_FORMAT "\n",
                 prw_source_clip_get_frame_count (clip));
  prw_cli_print ("  start timecode: %s\n", tc);
  prw_cli_print ("  drop frame:     %s\n", start->drop_frame ? "yes" : "no");
  prw_cli_print ("  reel:           %s\n", reel != NULL ? reel : "none");
  prw_cli_print ("  from:\n");
  for (guint i = 0; i < G_N_ELEMENTS (source_facts); i++) {
    const gchar *origin = prw_source_clip_get_origin (clip, source_facts[i]);

    if (origin != NULL)
      prw_cli_print ("    %-15s %s\n", source_facts[i], origin);
  }
}

static void
add_source_json (JsonBuilder *builder, PrwSourceClip *clip)
{
  const PrwTimecode *start = prw_source_clip_get_start_timecode (clip);
  const gchar *const *warnings = prw_source_clip_get_warnings (clip);
  guint rate_num = prw_source_clip_get_rate_num (clip);
  guint rate_den = prw_source_clip_get_rate_den (clip);
  g_autofree gchar *rate = prw_cli_format_rate_fraction (rate_num, rate_den);
  g_autofree gchar *tc = prw_cli_format_timecode (start);
  g_autoptr (PrwTimecode) last = prw_source_clip_get_last_timecode (clip);
  g_autofree gchar *last_tc = prw_cli_format_timecode (last);
  guint par_n, par_d;

  json_builder_begin_object (builder);
  prw_cli_json_string (builder, "path", prw_source_clip_get_path (clip));
  prw_cli_json_string (builder, "ale", prw_source_clip_get_ale_path (clip));
  if (prw_source_clip_get_ale_path (clip) != NULL)
    prw_cli_json_int (builder, "ale_line", prw_source_clip_get_ale_line (clip));
  else
    prw_cli_json_string (builder, "ale_line", NULL);
  prw_cli_json_string (builder, "clip_name",
                       prw_source_clip_get_clip_name (clip));
  prw_cli_json_string (builder, "reel", prw_source_clip_get_reel (clip));
  prw_cli_json_string (builder, "format", prw_source_clip_get_format (clip));
  if (prw_source_clip_get_width (clip) > 0) {
    prw_cli_json_int (builder, "width", prw_source_clip_get_width (clip));
    prw_cli_json_int (builder, "height", prw_source_clip_get_height (clip));
  } else {
    prw_cli_json_string (builder, "width", NULL);
    prw_cli_json_string (builder, "height", NULL);
  }
  if (prw_source_clip_get_pixel_aspect (clip, &par_n, &par_d)) {
    g_autofree gchar *par = g_strdup_printf ("%u:%u", par_n, par_d);

    prw_cli_json_string (builder, "pixel_aspect", par);
  } else {
    prw_cli_json_string (builder, "pixel_aspect", NULL);
  }
  if (par_n != 0 && prw_source_clip_get_width (clip) > 0) {
    prw_cli_json_int (
        builder, "display_width",
        display_width (prw_source_clip_get_width (clip), par_n, par_d));
    prw_cli_json_int (builder, "display_height",
                      prw_source_clip_get_height (clip));
  } else {
    prw_cli_json_string (builder, "display_width", NULL);
    prw_cli_json_string (builder, "display_height", NULL);
  }
  prw_cli_json_string (builder, "rate", rate);
  prw_cli_json_int (builder, "rate_num", rate_num);
  prw_cli_json_int (builder, "rate_den", rate_den);
  prw_cli_json_int (builder, "frames", prw_source_clip_get_frame_count (clip));
  prw_cli_json_string (builder, "start_timecode", tc);
  prw_cli_json_string (builder, "last_timecode", last_tc);
  prw_cli_json_boolean (builder, "drop_frame", start->drop_frame);
  prw_cli_json_boolean (builder, "interlaced",
                        prw_source_clip_get_interlaced (clip));
  prw_cli_json_string (builder, "scan", source_scan (clip));
  json_builder_set_member_name (builder, "origins");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (source_facts); i++)
    prw_cli_json_string (builder, source_facts[i],
                         prw_source_clip_get_origin (clip, source_facts[i]));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; warnings[i] != NULL; i++)
    prw_cli_json_string (builder, NULL, warnings[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
emit_source (JsonBuilder *builder, PrwSourceClip *clip, gboolean *first)
{
  const gchar *const *warnings = prw_source_clip_get_warnings (clip);
  g_autofree gchar *title = NULL;

  if (builder != NULL) {
    add_source_json (builder, clip);
    return;
  }
  if (!*first)
    prw_cli_print ("\n");
  print_source_human (clip);
  prw_cli_flush ();
  title = source_title (clip);
  for (guint i = 0; warnings[i] != NULL; i++)
    prw_cli_warning (title, warnings[i]);
  *first = FALSE;
}

static gboolean
is_ale (const gchar *path)
{
  gsize len = strlen (path);

  return len > 4 && g_ascii_strcasecmp (path + len - 4, ".ale") == 0;
}

/* Every source of files (ALE rows or media files); FALSE if any failed. */
static gboolean
probe_sources (GStrv files, JsonBuilder *builder)
{
  gboolean ok = TRUE;
  gboolean first = TRUE;

  for (guint i = 0; files[i] != NULL; i++) {
    g_autoptr (GError) error = NULL;

    prw_cli_output_add_path (files[i]);
    if (is_ale (files[i])) {
      g_autoptr (PrwAle) ale = prw_ale_new_from_file (files[i], NULL, &error);
      GListModel *clips;

      if (ale == NULL) {
        prw_cli_error_at_line (
            error, files[i],
            prw_cli_line_of_message (error->message, files[i]));
        ok = FALSE;
        continue;
      }
      clips = prw_ale_get_clips (ale);
      for (guint k = 0; k < g_list_model_get_n_items (clips); k++) {
        g_autoptr (PrwSourceClip) clip = g_list_model_get_item (clips, k);

        emit_source (builder, clip, &first);
      }
      for (guint k = 0; k < prw_ale_get_n_row_errors (ale); k++) {
        const GError *row = prw_ale_get_row_error (ale, k);

        prw_cli_error_at_line (
            row, files[i], prw_cli_line_of_message (row->message, files[i]));
      }
      if (prw_ale_get_n_row_errors (ale) > 0)
        ok = FALSE;
    } else {
      g_autoptr (PrwSourceClip) clip = NULL;
      clip = prw_source_clip_new_from_file (files[i], NULL, NULL, &error);
      if (clip == NULL) {
        prw_cli_error (error, files[i]);
        ok = FALSE;
        continue;
      }
      emit_source (builder, clip, &first);
    }
  }
  return ok;
}

int
prw_cli_cmd_probe (int argc, char **argv)
{
  gboolean json_output = FALSE;
  gboolean source = FALSE;
  gint video_track = 0;
  g_auto (GStrv) files = NULL;
  const GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &json_output,
            "Print a JSON array of objects instead of text", NULL },
          { "video-track", 0, 0, G_OPTION_ARG_INT, &video_track,
            "Describe the video track with this track ID (a movie with "
            "several video tracks is refused without it)",
            "ID" },
          { "source", 0, 0, G_OPTION_ARG_NONE, &source,
            "Describe camera originals (QuickTime/MP4 of any codec, MXF, "
            "what libavformat reads, or the rows of .ale files) as blank "
            "rushes and conform see them",
            NULL },
          { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL,
            NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (JsonBuilder) builder = NULL;
  gboolean failed = FALSE;
  gboolean first = TRUE;

  if (!prw_cli_parse_options (
          "probe", "FILE...",
          "Describe ProRes QuickTime movies: codec, size, pixel aspect,\n"
          "fields, rate, frames, start timecode, reel, colour and audio.",
          "A file that cannot be probed is reported on stderr and "
          "the others are\nstill probed; the exit status is then "
          "1. What a movie says that cannot be so\n(a drop-frame "
          "flag at 24 fps) is read as the library chooses, with a\n"
          "warning on stderr; with --json, in the movie's \"warnings\" "
          "member,\npresent only when there are some.\n\n"
          "With --source, each FILE is a camera original or an Avid Log "
          "Exchange\nfile (.ale, one entry per Data row): clip name, "
          "reel, start timecode,\nframes, rate, size, pixel aspect, scan, "
          "and where each fact came from.\nA file without a timecode, a "
          "truncated one, one whose frame count or rate\ncannot be known "
          "exactly, and each bad ALE row are reported on stderr (exit\n"
          "status 1).",
          entries, &argc, &argv))
    return PRW_CLI_EXIT_USAGE;
  if (!prw_cli_check_video_track ("probe", video_track))
    return PRW_CLI_EXIT_USAGE;
  if (prw_cli_n_operands (files) == 0)
    return prw_cli_usage_error ("probe", "no FILE given");
  if (source && video_track != 0)
    return prw_cli_usage_error ("probe",
                                "--video-track does not apply to --source");

  if (json_output) {
    builder = json_builder_new ();
    json_builder_begin_array (builder);
  }

  if (source) {
    failed = !probe_sources (files, builder);
    if (builder != NULL) {
      json_builder_end_array (builder);
      prw_cli_print_json (json_builder_get_root (builder));
    }
    return failed ? PRW_CLI_EXIT_FAILED : PRW_CLI_EXIT_OK;
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
