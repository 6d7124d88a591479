/* libproreswriter: a conform job (PrwConformJob) described as JSON, read
 * back from another working folder, and run, on media made here:
 *
 *   src/A001C001.mov        25 fps, 01:00:00:00, 30 frames, reel A001
 *   day.ale                 D001C001 (an R3D: no size), 02:00:00:00, 20
 *                           frames, reel D001
 *   grades/A001C001_g.mov   01:00:00:05, 5 frames  (record 5-9)
 *   vfx/A001C001_v.mov      01:00:00:08, 3 frames  (record 8-10)
 *   grades/D001C001_g.mov   02:00:00:02, 4 frames  (record 2-5)
 *
 *   rates/DF001C001.mov     29.97 DF, 01:00:58;00, 90 frames, and its grade
 *                           01:00:59;20, 20 frames (over the dropped labels)
 *   rates/T001C001.mov      23.976, 23:59:59:00, 48 frames, and its grade
 *                           00:00:00:10, 10 frames (past midnight)
 *
 * The job read back describes itself in the same bytes, writes the same
 * video packets as the job made from the link table, and runs without the ALE;
 * a segment changed after the description, descriptions that are not
 * jobs, and descriptions whose members disagree are refused with the file
 * and the reason; a job never writes over its source or its ALE. A job
 * without segments (src/E001C001.mov, 04:00:00:00, 20 frames, reel E001,
 * made by its test) writes its blank rush like a grade and reads back to
 * the same description and label.
 *
 * Sound (made by its test): snd/S001C001.mov, 25 fps, 01:00:00:00, 30
 * frames, reel S001, two sound tracks of 24-bit stereo PCM at 48 kHz, and
 * its grade sndgrades/S001C001_g.mov, 01:00:00:05, 5 frames. Its blank
 * rush, and a conform job of it made from the table or read back, carry
 * both sound tracks with every packet as the original's; the video frames
 * are those of the same rush without sound; a job told to leave them out
 * describes none.
 */

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <json-glib/json-glib.h>

#include "prw-fixture.h"
#include <proreswriter/proreswriter.h>

static gchar *dir;
static gchar *elsewhere;

static void
make_at (const gchar *path, guint rate_num, guint rate_den, gboolean drop,
         const gchar *tc, gint64 frames, const gchar *reel,
         const gchar *profile)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *full = g_build_filename (dir, path, NULL);
  g_autofree gchar *folder = g_path_get_dirname (full);
  PrwFixtureSpec spec = { 0 };

  fail_unless (g_mkdir_with_parents (folder, 0777) == 0);
  spec.path = full;
  spec.width = 640; /* room for the burn-in of the ungraded frames */
  spec.height = 368;
  spec.rate_num = rate_num;
  spec.rate_den = rate_den;
  spec.drop_frame = drop;
  spec.start_timecode = tc;
  spec.frames = frames;
  spec.reel_name = reel;
  spec.profile = profile;
  fail_unless (prw_fixture_make_movie (&spec, &error), "%s: %s", path,
               error ? error->message : "?");
}

static void
make (const gchar *path, const gchar *tc, gint64 frames, const gchar *reel,
      const gchar *profile)
{
  make_at (path, 25, 1, FALSE, tc, frames, reel, profile);
}

static void
make_files (void)
{
  g_autofree gchar *ale = NULL;

  prw_init ();
  dir = prw_fixture_make_tmpdir ("conform-job");
  fail_unless (dir != NULL);
  elsewhere = g_build_filename (dir, "elsewhere", NULL);
  fail_unless (g_mkdir (elsewhere, 0777) == 0);
  make ("src/A001C001.mov", "01:00:00:00", 30, "A001", NULL);
  make ("grades/A001C001_g.mov", "01:00:00:05", 5, NULL, NULL);
  make ("vfx/A001C001_v.mov", "01:00:00:08", 3, NULL, NULL);
  make ("grades/D001C001_g.mov", "02:00:00:02", 4, NULL, NULL);
  ale = g_build_filename (dir, "day.ale", NULL);
  fail_unless (g_file_set_contents (
      ale,
      "Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\nName\tStart\tEnd\tTape"
      "\tSource File\n\nData\nD001C001\t02:00:00:00\t02:00:00:20\tD001\t"
      "D001C001.R3D\n",
      -1, NULL));
  prw_fixture_stop_threads ();
}

static void
remove_files (void)
{
  prw_fixture_rm_rf (dir);
  g_clear_pointer (&dir, g_free);
  g_clear_pointer (&elsewhere, g_free);
}

static void
add_segment (PrwLinkTable *table, const gchar *path, PrwLayer layer)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) media = prw_probe_file (path, NULL, &error);
  g_autoptr (PrwSegment) segment = NULL;

  fail_unless (media != NULL, "%s", error ? error->message : "?");
  segment = prw_segment_new (media);
  prw_link_table_add_segment (table, segment, layer);
}

/* The shoot's link table, made in dir with relative paths. */
static PrwLinkTable *
shoot_table (void)
{
  g_autoptr (GError) error = NULL;
  PrwLinkTable *table = prw_link_table_new (0);
  g_autoptr (PrwSourceClip) a = NULL;
  g_autoptr (PrwAle) ale = NULL;
  GListModel *clips;

  fail_unless (g_chdir (dir) == 0);
  a = prw_source_clip_new_from_file ("src/A001C001.mov", NULL, NULL, &error);
  fail_unless (a != NULL, "%s", error ? error->message : "?");
  prw_link_table_add_source (table, a, NULL);
  ale = prw_ale_new_from_file ("day.ale", NULL, &error);
  fail_unless (ale != NULL, "%s", error ? error->message : "?");
  clips = prw_ale_get_clips (ale);
  fail_unless_equals_int (g_list_model_get_n_items (clips), 1);
  {
    g_autoptr (PrwSourceClip) d = g_list_model_get_item (clips, 0);

    prw_link_table_add_source (table, d, NULL);
  }
  add_segment (table, "grades/A001C001_g.mov", PRW_LAYER_GRADE);
  add_segment (table, "grades/D001C001_g.mov", PRW_LAYER_GRADE);
  add_segment (table, "vfx/A001C001_v.mov", PRW_LAYER_VFX);
  prw_link_table_seal (table);
  fail_unless_equals_int (prw_link_table_get_n_sources (table), 2);
  fail_unless_equals_int (prw_link_table_get_n_links (table), 3);
  return table;
}

static guint
source_index (PrwLinkTable *table, const gchar *clip_name)
{
  for (guint s = 0; s < prw_link_table_get_n_sources (table); s++)
    if (g_str_equal (prw_source_clip_get_clip_name (
                         prw_link_table_get_source (table, s)),
                     clip_name))
      return s;
  fail ("no source %s", clip_name);
  return 0;
}

static JsonObject *
parse (JsonParser *parser, const gchar *data)
{
  fail_unless (json_parser_load_from_data (parser, data, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

/* Checks output's frame count, start timecode and reel. */
static void
check_output (const gchar *output, gint64 frames, const gchar *tc,
              const gchar *reel)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) media = prw_probe_file (output, NULL, &error);
  g_autofree gchar *start = NULL;

  fail_unless (media != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_int64 (prw_media_info_get_frame_count (media), frames);
  start = prw_timecode_to_string (prw_media_info_get_start_timecode (media));
  fail_unless_equals_string (start, tc);
  fail_unless_equals_string (prw_media_info_get_reel_name (media), reel);
}

/* Each sound track of out has the packets of the same track of src, byte
 * for byte, as ffmpeg reads them (an independent reader). */
static void
check_sound (const gchar *src, const gchar *out, guint n_tracks)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) media = prw_probe_file (out, NULL, &error);

  fail_unless (media != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_int (prw_media_info_get_n_audio_tracks (media), n_tracks);
  for (guint t = 0; t < n_tracks; t++) {
    g_autoptr (GPtrArray) a
        = prw_fixture_audio_stream_packet_md5s (src, t, &error);
    g_autoptr (GPtrArray) b = NULL;

    fail_unless (a != NULL, "%s", error ? error->message : "?");
    b = prw_fixture_audio_stream_packet_md5s (out, t, &error);
    fail_unless (b != NULL, "%s", error ? error->message : "?");
    fail_unless (a->len > 0);
    fail_unless_equals_int (b->len, a->len);
    for (guint i = 0; i < a->len; i++)
      fail_unless_equals_string (g_ptr_array_index (b, i),
                                 g_ptr_array_index (a, i));
  }
}

static GPtrArray *
video_md5s (const gchar *path, guint n)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *md5s = prw_fixture_video_packet_md5s (path, &error);

  fail_unless (md5s != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_int (md5s->len, n);
  return md5s;
}

static void
same_strings (GPtrArray *a, GPtrArray *b)
{
  fail_unless_equals_int (a->len, b->len);
  for (guint i = 0; i < a->len; i++)
    fail_unless_equals_string (g_ptr_array_index (a, i),
                               g_ptr_array_index (b, i));
}

static void
make_sound_files (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *full = g_build_filename (dir, "snd/S001C001.mov", NULL);
  g_autofree gchar *folder = g_path_get_dirname (full);
  PrwFixtureSpec spec = { 0 };

  fail_unless (g_mkdir_with_parents (folder, 0777) == 0);
  spec.path = full;
  spec.width = 640;
  spec.height = 368;
  spec.rate_num = 25;
  spec.rate_den = 1;
  spec.start_timecode = "01:00:00:00";
  spec.frames = 30;
  spec.reel_name = "S001";
  spec.audio_channels = 2;
  spec.audio_codec = "pcm_s24le";
  spec.audio_tracks = 2;
  fail_unless (prw_fixture_make_movie (&spec, &error), "%s",
               error ? error->message : "?");
  make ("sndgrades/S001C001_g.mov", "01:00:00:05", 5, NULL, NULL);
}

/* A blank rush of a camera original with sound carries its sound tracks;
 * without them (prw_blank_rush_set_audio()) the same video frames. */
GST_START_TEST (test_sound_blank_rush)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwSourceClip) clip = NULL;
  g_autoptr (PrwBlankRush) rush = NULL;
  g_autoptr (GPtrArray) with = NULL;
  g_autoptr (GPtrArray) without = NULL;
  g_autofree gchar *src = NULL;
  g_autofree gchar *blank = NULL;
  g_autofree gchar *silent = NULL;

  make_sound_files ();
  src = g_build_filename (dir, "snd/S001C001.mov", NULL);
  blank = g_build_filename (dir, "snd-blank.mov", NULL);
  silent = g_build_filename (dir, "snd-silent.mov", NULL);
  clip = prw_source_clip_new_from_file (src, NULL, NULL, &error);
  fail_unless (clip != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_int (prw_source_clip_get_n_audio_tracks (clip), 2);
  rush = prw_blank_rush_new_for_source (clip, &error);
  fail_unless (rush != NULL, "%s", error ? error->message : "?");
  fail_unless (prw_blank_rush_set_format (rush, "422", 640, 368, &error), "%s",
               error ? error->message : "?");
  fail_unless_equals_int (prw_blank_rush_get_n_audio_tracks (rush), 2);
  fail_unless (
      prw_blank_rush_write (rush, blank, PRW_PRINT_FLAGS_NONE, NULL, &error),
      "%s", error ? error->message : "?");
  check_output (blank, 30, "01:00:00:00", "S001");
  check_sound (src, blank, 2);

  prw_blank_rush_set_audio (rush, FALSE);
  fail_unless_equals_int (prw_blank_rush_get_n_audio_tracks (rush), 0);
  fail_unless (
      prw_blank_rush_write (rush, silent, PRW_PRINT_FLAGS_NONE, NULL, &error),
      "%s", error ? error->message : "?");
  check_output (silent, 30, "01:00:00:00", "S001");
  check_sound (src, silent, 0);
  with = video_md5s (blank, 30);
  without = video_md5s (silent, 30);
  same_strings (with, without);

  /* an ALE row has no sound tracks */
  {
    g_autofree gchar *path = g_build_filename (dir, "day.ale", NULL);
    g_autoptr (PrwAle) ale = prw_ale_new_from_file (path, NULL, &error);
    g_autoptr (PrwSourceClip) row = NULL;

    fail_unless (ale != NULL, "%s", error ? error->message : "?");
    row = g_list_model_get_item (prw_ale_get_clips (ale), 0);
    fail_unless_equals_int (prw_source_clip_get_n_audio_tracks (row), 0);
  }

  /* the original changed since it was read: refused, nothing written */
  prw_blank_rush_set_audio (rush, TRUE);
  fail_unless (g_unlink (blank) == 0);
  {
    int fd = g_open (src, O_WRONLY | O_APPEND, 0);

    fail_unless (fd >= 0);
    fail_unless (write (fd, "x", 1) == 1);
    close (fd);
  }
  fail_if (
      prw_blank_rush_write (rush, blank, PRW_PRINT_FLAGS_NONE, NULL, &error));
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_CHANGED), "%s",
               error->message);
  fail_unless (g_str_has_prefix (error->message, src), "%s", error->message);
  fail_if (g_file_test (blank, G_FILE_TEST_EXISTS));
}
GST_END_TEST;

/* A conform job of a source with sound: its output carries the sound
 * tracks, from the table and read back from its description (which
 * records them) elsewhere; a description whose count is not the file's
 * is refused when the job runs. */
GST_START_TEST (test_sound_job)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);
  g_autoptr (PrwSourceClip) clip = NULL;
  g_autoptr (PrwConformJob) job = NULL;
  g_autoptr (PrwConformJob) back = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) md5s_1 = NULL;
  g_autoptr (GPtrArray) md5s_2 = NULL;
  g_autofree gchar *data = NULL;
  g_autofree gchar *src = NULL;
  g_autofree gchar *out1 = NULL;
  g_autofree gchar *out2 = NULL;
  g_autofree gchar *out3 = NULL;
  g_autofree gchar *wrong = NULL;
  JsonObject *source;

  make_sound_files ();
  src = g_build_filename (dir, "snd/S001C001.mov", NULL);
  out1 = g_build_filename (dir, "sndout1/S001C001.mov", NULL);
  out2 = g_build_filename (dir, "sndout2/S001C001.mov", NULL);
  out3 = g_build_filename (dir, "sndout3/S001C001.mov", NULL);
  fail_unless (g_chdir (dir) == 0);
  clip = prw_source_clip_new_from_file ("snd/S001C001.mov", NULL, NULL, &error);
  fail_unless (clip != NULL, "%s", error ? error->message : "?");
  prw_link_table_add_source (table, clip, NULL);
  add_segment (table, "sndgrades/S001C001_g.mov", PRW_LAYER_GRADE);
  prw_link_table_seal (table);
  fail_unless_equals_int (prw_link_table_get_n_links (table), 1);
  job = prw_conform_job_new_from_link_table (table, 0, "sndout1/S001C001.mov");
  data = prw_conform_job_to_data (job, NULL);
  source = json_object_get_object_member (parse (parser, data), "source");
  fail_unless_equals_int (json_object_get_int_member (source, "audio_tracks"),
                          2);
  fail_unless_equals_int (prw_conform_job_get_n_audio_tracks (job), 2);
  /* left out, the description records none */
  {
    g_autoptr (PrwConformJob) silent = prw_conform_job_new_from_link_table (
        table, 0, "sndout1/S001C001.mov");
    g_autoptr (JsonParser) p = json_parser_new ();
    g_autofree gchar *text = NULL;

    prw_conform_job_set_audio (silent, FALSE);
    fail_unless_equals_int (prw_conform_job_get_n_audio_tracks (silent), 0);
    text = prw_conform_job_to_data (silent, NULL);
    fail_if (json_object_has_member (
        json_object_get_object_member (parse (p, text), "source"),
        "audio_tracks"));
  }
  fail_unless (prw_conform_job_run (job, NULL, &error), "%s",
               error ? error->message : "?");
  fail_unless_equals_int64 (prw_conform_job_get_graded_frames (job), 5);
  check_output (out1, 30, "01:00:00:00", "S001");
  check_sound (src, out1, 2);

  /* read back elsewhere, written elsewhere: the same frames and sound */
  fail_unless (g_chdir (elsewhere) == 0);
  {
    g_autoptr (GString) moved = g_string_new (data);

    g_string_replace (moved, "sndout1/", "sndout2/", 0);
    back = prw_conform_job_new_from_data (moved->str, -1, "snd.json", NULL,
                                          &error);
  }
  fail_unless (back != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_int (
      prw_source_clip_get_n_audio_tracks (prw_conform_job_get_source (back)),
      2);
  fail_unless (prw_conform_job_run (back, NULL, &error), "%s",
               error ? error->message : "?");
  check_output (out2, 30, "01:00:00:00", "S001");
  check_sound (src, out2, 2);
  md5s_1 = video_md5s (out1, 30);
  md5s_2 = video_md5s (out2, 30);
  same_strings (md5s_1, md5s_2);

  /* a description that records one sound track: the file has two */
  {
    g_autoptr (GString) edited = g_string_new (data);
    g_autoptr (PrwConformJob) odd = NULL;

    g_string_replace (edited, "sndout1/", "sndout3/", 0);
    fail_unless (
        g_string_replace (edited, "\"audio_tracks\":2", "\"audio_tracks\":1", 0)
        == 1);
    odd = prw_conform_job_new_from_data (edited->str, -1, "snd.json", NULL,
                                         &error);
    fail_unless (odd != NULL, "%s", error ? error->message : "?");
    fail_if (prw_conform_job_run (odd, NULL, &error));
    fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_CHANGED), "%s",
                 error->message);
    wrong = g_strdup (error->message);
    fail_unless (strstr (wrong, "snd/S001C001.mov: changed since it was read")
                     != NULL,
                 "%s", wrong);
    fail_if (g_file_test (out3, G_FILE_TEST_EXISTS));
  }
  fail_unless (g_chdir (dir) == 0);
}
GST_END_TEST;

/* Made from the table, described, read back elsewhere: the same
 * description, the same facts, and the same output bytes. */
GST_START_TEST (test_round_trip)
{
  g_autoptr (PrwLinkTable) table = shoot_table ();
  guint s = source_index (table, "A001C001");
  g_autoptr (PrwConformJob) job
      = prw_conform_job_new_from_link_table (table, s, "out1/A001C001.mov");
  g_autoptr (PrwConformJob) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize length = 0;
  g_autofree gchar *data = prw_conform_job_to_data (job, &length);
  g_autofree gchar *again = NULL;
  g_autofree gchar *out1 = g_build_filename (dir, "out1/A001C001.mov", NULL);
  g_autofree gchar *out2 = g_build_filename (dir, "out2/A001C001.mov", NULL);
  g_autoptr (GPtrArray) md5s_1 = NULL;
  g_autoptr (GPtrArray) md5s_2 = NULL;
  g_auto (GStrv) inputs = NULL;
  JsonObject *root, *source, *segment;
  JsonArray *segments;

  fail_unless_equals_int ((gint) length, (gint) strlen (data));
  root = parse (parser, data);
  fail_unless_equals_string (json_object_get_string_member (root, "output"),
                             "out1/A001C001.mov");
  fail_unless_equals_string (
      json_object_get_string_member (root, "working_folder"), dir);
  fail_unless_equals_int (json_object_get_int_member (root, "handles"), 0);
  source = json_object_get_object_member (root, "source");
  fail_unless_equals_string (json_object_get_string_member (source, "path"),
                             "src/A001C001.mov");
  fail_unless_equals_string (json_object_get_string_member (source, "reel"),
                             "A001");
  fail_unless_equals_int (json_object_get_int_member (source, "frames"), 30);
  fail_unless_equals_string (
      json_object_get_string_member (source, "last_timecode"), "01:00:01:04");
  segments = json_object_get_array_member (root, "segments");
  fail_unless_equals_int (json_array_get_length (segments), 2);
  segment = json_array_get_object_element (segments, 1);
  fail_unless_equals_string (json_object_get_string_member (segment, "segment"),
                             "vfx/A001C001_v.mov");
  fail_unless_equals_string (json_object_get_string_member (segment, "layer"),
                             "vfx");
  fail_unless_equals_int (json_object_get_int_member (segment, "record_in"), 8);
  fail_unless_equals_int (json_object_get_int_member (segment, "record_out"),
                          11);
  fail_unless_equals_string (
      json_object_get_string_member (segment, "record_timecode_last"),
      "01:00:00:10");

  /* read back from another folder: relative paths are the job's */
  fail_unless (g_chdir (elsewhere) == 0);
  back = prw_conform_job_new_from_data (data, -1, "a.json", NULL, &error);
  fail_unless (back != NULL, "%s", error ? error->message : "?");
  again = prw_conform_job_to_data (back, NULL);
  fail_unless_equals_string (again, data);
  fail_unless_equals_string (prw_conform_job_get_output (back), out1);
  fail_unless_equals_string (prw_conform_job_get_reel (back), "A001");
  fail_unless_equals_int (prw_conform_job_get_n_segments (back), 2);
  fail_unless_equals_int (prw_conform_job_get_segment_layer (back, 1),
                          PRW_LAYER_VFX);
  fail_unless_equals_int64 (
      prw_source_clip_get_frame_count (prw_conform_job_get_source (back)), 30);
  fail_unless_equals_string (
      prw_source_clip_get_origin (prw_conform_job_get_source (back),
                                  PRW_SOURCE_CLIP_FACT_START_TIMECODE),
      "recorded in the job a.json");
  inputs = prw_conform_job_get_input_paths (back);
  fail_unless_equals_int (g_strv_length (inputs), 3);
  fail_unless (g_str_has_prefix (inputs[0], dir));
  fail_unless (g_str_has_suffix (inputs[0], "/src/A001C001.mov"));
  fail_unless (g_str_has_suffix (inputs[1], "/grades/A001C001_g.mov"));
  fail_unless (g_str_has_suffix (inputs[2], "/vfx/A001C001_v.mov"));
  fail_unless (prw_conform_job_get_plan (back) == NULL);

  /* run both: the same bytes; the read-back job writes as it says */
  fail_unless (prw_conform_job_run (back, NULL, &error), "%s",
               error ? error->message : "?");
  fail_unless (g_file_test (out1, G_FILE_TEST_IS_REGULAR));
  fail_unless (prw_conform_job_get_plan (back) != NULL);
  /* grade 5-9, VFX 8-10 over it */
  fail_unless_equals_int64 (prw_conform_job_get_graded_frames (back), 6);
  fail_unless (g_chdir (dir) == 0);
  {
    g_autoptr (PrwConformJob) two
        = prw_conform_job_new_from_link_table (table, s, "out2/A001C001.mov");

    fail_unless (prw_conform_job_run (two, NULL, &error), "%s",
                 error ? error->message : "?");
    fail_unless_equals_int64 (prw_conform_job_get_graded_frames (two), 6);
  }
  md5s_1 = prw_fixture_video_packet_md5s (out1, &error);
  fail_unless (md5s_1 != NULL, "%s", error ? error->message : "?");
  md5s_2 = prw_fixture_video_packet_md5s (out2, &error);
  fail_unless (md5s_2 != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_int (md5s_1->len, 30);
  fail_unless_equals_int (md5s_2->len, 30);
  for (guint i = 0; i < md5s_1->len; i++)
    fail_unless_equals_string (g_ptr_array_index (md5s_1, i),
                               g_ptr_array_index (md5s_2, i));
  check_output (out1, 30, "01:00:00:00", "A001");
}
GST_END_TEST;

/* A source from an ALE row: the job runs without the ALE. */
GST_START_TEST (test_ale_source)
{
  g_autoptr (PrwLinkTable) table = shoot_table ();
  g_autoptr (PrwConformJob) job = prw_conform_job_new_from_link_table (
      table, source_index (table, "D001C001"), "outd/D001C001.mov");
  g_autofree gchar *data = prw_conform_job_to_data (job, NULL);
  g_autofree gchar *moved = g_build_filename (dir, "day.ale.away", NULL);
  g_autofree gchar *ale = g_build_filename (dir, "day.ale", NULL);
  g_autofree gchar *output = g_build_filename (dir, "outd/D001C001.mov", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwConformJob) back = NULL;
  g_auto (GStrv) inputs = NULL;
  PrwSourceClip *clip;

  fail_unless (g_rename (ale, moved) == 0);
  fail_unless (g_chdir (elsewhere) == 0);
  back = prw_conform_job_new_from_data (data, -1, "d.json", NULL, &error);
  fail_unless (back != NULL, "%s", error ? error->message : "?");
  clip = prw_conform_job_get_source (back);
  fail_unless_equals_string (prw_source_clip_get_ale_path (clip), "day.ale");
  fail_unless_equals_int (prw_source_clip_get_ale_line (clip), 9);
  fail_unless_equals_string (prw_source_clip_get_path (clip), "D001C001.R3D");
  fail_unless_equals_int (prw_source_clip_get_width (clip), 0);
  inputs = prw_conform_job_get_input_paths (back);
  fail_unless_equals_string (inputs[0], ale);
  fail_unless (prw_conform_job_run (back, NULL, &error), "%s",
               error ? error->message : "?");
  check_output (output, 20, "02:00:00:00", "D001");
  fail_unless_equals_int64 (prw_conform_job_get_graded_frames (back), 4);
  fail_unless (g_rename (moved, ale) == 0);
}
GST_END_TEST;

/* A segment made again after the description: refused, naming it and
 * what changed; nothing written. */
GST_START_TEST (test_changed_segment)
{
  g_autoptr (PrwLinkTable) table = NULL;
  g_autoptr (PrwConformJob) job = NULL;
  g_autoptr (PrwConformJob) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *data = NULL;
  g_autoptr (PrwSourceClip) a = NULL;
  g_autofree gchar *path
      = g_build_filename (dir, "changed/A001C001_c.mov", NULL);

  make ("changed/A001C001_c.mov", "01:00:00:05", 5, NULL, NULL);
  fail_unless (g_chdir (dir) == 0);
  table = prw_link_table_new (0);
  a = prw_source_clip_new_from_file ("src/A001C001.mov", NULL, NULL, &error);
  fail_unless (a != NULL);
  prw_link_table_add_source (table, a, NULL);
  add_segment (table, "changed/A001C001_c.mov", PRW_LAYER_GRADE);
  prw_link_table_seal (table);
  job = prw_conform_job_new_from_link_table (table, 0, "outc/A001C001.mov");
  data = prw_conform_job_to_data (job, NULL);

  make ("changed/A001C001_c.mov", "01:00:00:06", 7, NULL, NULL);
  fail_unless (g_chdir (elsewhere) == 0);
  back = prw_conform_job_new_from_data (data, -1, "c.json", NULL, &error);
  fail_unless (back == NULL);
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_CHANGED), "%s",
               error->message);
  fail_unless (g_str_has_prefix (error->message, path), "%s", error->message);
  fail_unless (strstr (error->message,
                       ": changed since the job was described (c.json): start "
                       "timecode 01:00:00:05 then, 01:00:00:06 now; frames 5 "
                       "then, 7 now")
                   != NULL,
               "%s", error->message);
  fail_unless (strchr (error->message, '\n') == NULL);
  g_clear_error (&error);

  /* a segment gone */
  fail_unless (g_unlink (path) == 0);
  back = prw_conform_job_new_from_data (data, -1, "c.json", NULL, &error);
  fail_unless (back == NULL);
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_NOT_FOUND), "%s",
               error->message);
  fail_unless (g_str_has_prefix (error->message, "c.json: "), "%s",
               error->message);
  fail_unless (strstr (error->message, path) != NULL, "%s", error->message);
}
GST_END_TEST;

/* Descriptions that are not jobs: PRW_ERROR_CORRUPT naming the file and
 * the member. */
GST_START_TEST (test_malformed)
{
  g_autoptr (PrwLinkTable) table = shoot_table ();
  g_autoptr (PrwConformJob) job = prw_conform_job_new_from_link_table (
      table, source_index (table, "A001C001"), "out/A001C001.mov");
  g_autofree gchar *data = prw_conform_job_to_data (job, NULL);
  const struct {
    const gchar *from, *to; /* the first "from" replaced; NULL: not JSON */
    const gchar *message;
  } cases[] = {
    { NULL, NULL, "bad.json: not a conform job: " },
    { "\"handles\":0", "\"handle\":0",
      "bad.json: not a conform job: no member handles" },
    { "\"frames\":5", "\"frames\":\"5\"",
      "bad.json: not a conform job: member segments[0].frames is not an "
      "integer" },
    { "\"clip_name\":\"A001C001\"", "\"clip_name\":7",
      "bad.json: not a conform job: member source.clip_name is not a string" },
    { "\"layer\":\"grade\"", "\"layer\":\"titles\"",
      "bad.json: not a conform job: segments[0].layer is \"titles\", not "
      "\"grade\" or \"vfx\"" },
    { "\"segments\":[", "\"segments\":7,\"x\":[",
      "bad.json: not a conform job: member segments is not an array" },
    /* json-glib reads GScanner's octal escapes: "\377" is the byte 0xff,
     * not UTF-8; after a string, "\640" is a parse error quoting 0xa0 */
    { "\"clip_name\":\"A001C001\"", "\"clip_name\":\"A\\377\"",
      "bad.json: not a conform job: member source.clip_name is not UTF-8 "
      "text" },
    { "\"layer\":\"grade\"", "\"layer\":[\"\\640\" 1]",
      "bad.json: not a conform job: <data>:1:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PrwConformJob) back = NULL;
    g_autofree gchar *bad = NULL;

    if (cases[i].from == NULL) {
      bad = g_strndup (data, strlen (data) / 2);
    } else {
      const gchar *at = strstr (data, cases[i].from);

      fail_unless (at != NULL, "%s", cases[i].from);
      bad = g_strdup_printf ("%.*s%s%s", (int) (at - data), data, cases[i].to,
                             at + strlen (cases[i].from));
    }
    back = prw_conform_job_new_from_data (bad, -1, "bad.json", NULL, &error);
    fail_unless (back == NULL, "%u", i);
    fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_CORRUPT), "%s",
                 error->message);
    fail_unless (g_str_has_prefix (error->message, cases[i].message), "%s",
                 error->message);
    fail_unless (strchr (error->message, '\n') == NULL, "%s", error->message);
    fail_unless (g_utf8_validate (error->message, -1, NULL), "%s",
                 error->message);
  }
}
GST_END_TEST;

/* data with its first "from" replaced by "to" */
static gchar *
replace_first (const gchar *data, const gchar *from, const gchar *to)
{
  const gchar *at = strstr (data, from);

  fail_unless (at != NULL, "%s", from);
  return g_strdup_printf ("%.*s%s%s", (int) (at - data), data, to,
                          at + strlen (from));
}

/* A job without segments (conform --all): its format's label names the
 * like as given, and the job read back elsewhere says the same label and
 * the same description, and writes the source's blank rush; errors about
 * its size or flavour name the source's file; a flavour given with a
 * codec but no like is refused. */
GST_START_TEST (test_blank_job)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);
  g_autoptr (PrwSourceClip) e = NULL;
  g_autoptr (PrwConformJob) job = NULL;
  g_autoptr (PrwConformJob) back = NULL;
  g_autoptr (PrwConformJob) bad = NULL;
  g_autoptr (PrwMediaInfo) media = NULL;
  g_autoptr (PrwSegment) like = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *data = NULL;
  g_autofree gchar *again = NULL;
  g_autofree gchar *given = NULL;
  g_autofree gchar *output = g_build_filename (dir, "outb/E001C001.mov", NULL);
  const gchar *label = "4444 640x368, like grades/A001C001_g.mov";

  make ("src/E001C001.mov", "04:00:00:00", 20, "E001", NULL);
  prw_fixture_stop_threads ();
  fail_unless (g_chdir (dir) == 0);
  e = prw_source_clip_new_from_file ("src/E001C001.mov", NULL, NULL, &error);
  fail_unless (e != NULL, "%s", error ? error->message : "?");
  prw_link_table_add_source (table, e, NULL);
  add_segment (table, "grades/A001C001_g.mov", PRW_LAYER_GRADE);
  prw_link_table_seal (table);
  fail_unless_equals_int (prw_link_table_get_source_n_links (table, 0), 0);
  job = prw_conform_job_new_from_link_table (table, 0, "outb/E001C001.mov");
  fail_unless_equals_int (prw_conform_job_get_n_segments (job), 0);
  fail_unless (prw_conform_job_get_blank_format (job) == NULL);

  /* the errors name the source's file */
  fail_if (prw_conform_job_set_blank_format (job, "xyz", 0, 0, &error));
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED));
  fail_unless (
      g_str_has_prefix (error->message, "src/E001C001.mov: its blank rush: "),
      "%s", error->message);
  g_clear_error (&error);
  media = prw_probe_file ("grades/A001C001_g.mov", NULL, &error);
  fail_unless (media != NULL, "%s", error ? error->message : "?");
  like = prw_segment_new (media);
  fail_if (prw_conform_job_set_blank_like (job, like, 641, 368, &error));
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED));
  fail_unless (g_str_has_prefix (error->message,
                                 "src/E001C001.mov: its blank rush like "
                                 "grades/A001C001_g.mov: unsupported picture "
                                 "size 641x368"),
               "%s", error->message);
  g_clear_error (&error);
  fail_unless (prw_conform_job_get_blank_format (job) == NULL);

  fail_unless (prw_conform_job_set_blank_like (job, like, 0, 0, &error), "%s",
               error ? error->message : "?");
  fail_unless_equals_string (prw_conform_job_get_blank_format (job), label);
  data = prw_conform_job_to_data (job, NULL);

  /* read back elsewhere: the same label, the same description */
  fail_unless (g_chdir (elsewhere) == 0);
  back = prw_conform_job_new_from_data (data, -1, "e.json", NULL, &error);
  fail_unless (back != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_string (prw_conform_job_get_blank_format (back), label);
  again = prw_conform_job_to_data (back, NULL);
  fail_unless_equals_string (again, data);

  /* a codec says a like was copied: without one, the members disagree */
  given = replace_first (data, "\"like\":\"grades/A001C001_g.mov\"",
                         "\"like\":null");
  bad = prw_conform_job_new_from_data (given, -1, "g.json", NULL, &error);
  fail_unless (bad == NULL);
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_CORRUPT));
  fail_unless_equals_string (error->message,
                             "g.json: not a conform job: blank_format.codec "
                             "is \"ap4h\" without a like (a format given by "
                             "its flavour has none)");
  g_clear_error (&error);

  fail_unless (prw_conform_job_run (back, NULL, &error), "%s",
               error ? error->message : "?");
  fail_unless_equals_int64 (prw_conform_job_get_graded_frames (back), 0);
  check_output (output, 20, "04:00:00:00", "E001");
  fail_unless (g_chdir (dir) == 0);
}
GST_END_TEST;

/* The key of the blank-rush format of the table's only source's job, like
 * like_path (or of profile's flavour): the job's inputs are its source
 * alone, and the key names no file. */
static gchar *
blank_key (PrwLinkTable *table, const gchar *like_path, const gchar *profile,
           gchar **label, gchar **data)
{
  g_autoptr (PrwConformJob) job
      = prw_conform_job_new_from_link_table (table, 0, "outk/G001C001.mov");
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) inputs = NULL;
  const gchar *key;

  fail_unless (prw_conform_job_get_blank_format_key (job) == NULL);
  if (like_path != NULL) {
    g_autoptr (PrwMediaInfo) media = prw_probe_file (like_path, NULL, &error);
    g_autoptr (PrwSegment) like = NULL;

    fail_unless (media != NULL, "%s", error ? error->message : "?");
    like = prw_segment_new (media);
    fail_unless (prw_conform_job_set_blank_like (job, like, 0, 0, &error), "%s",
                 error ? error->message : "?");
  } else {
    fail_unless (prw_conform_job_set_blank_format (job, profile, 0, 0, &error),
                 "%s", error ? error->message : "?");
  }
  inputs = prw_conform_job_get_input_paths (job);
  fail_unless_equals_int (g_strv_length (inputs), 1);
  fail_unless_equals_string (inputs[0], "src/G001C001.mov");
  key = prw_conform_job_get_blank_format_key (job);
  fail_unless (key != NULL);
  fail_unless (strstr (key, ".mov") == NULL, "%s", key);
  if (label != NULL)
    *label = g_strdup (prw_conform_job_get_blank_format (job));
  if (data != NULL)
    *data = prw_conform_job_to_data (job, NULL);
  return g_strdup (key);
}

static gchar *
describe (const gchar *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) media = prw_probe_file (path, NULL, &error);
  gchar *text;

  fail_unless (media != NULL, "%s", error ? error->message : "?");
  text = prw_blank_rush_describe_like (media, &error);
  fail_unless (text != NULL, "%s", error ? error->message : "?");
  return text;
}

/* A job without segments keys its record on the format it copies, never
 * on the segment it copies it from: a copy of the like under another name
 * gives the same key (and a label naming the copy), as the job read back
 * does; another flavour, an alpha channel, or a format given by its
 * flavour, another key. The segment copied is not one of its inputs.
 * prw_blank_rush_describe_like() names the alpha channel of 4444 likes. */
GST_START_TEST (test_blank_job_key)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);
  g_autoptr (PrwSourceClip) g = NULL;
  g_autoptr (PrwConformJob) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *alpha_path = g_build_filename (dir, "keys/alpha.mov", NULL);
  g_autofree gchar *contents = NULL;
  g_autofree gchar *like_key = NULL, *copy_key = NULL, *hq_key = NULL;
  g_autofree gchar *alpha_key = NULL, *given_key = NULL, *hq_given = NULL;
  g_autofree gchar *like_label = NULL, *copy_label = NULL, *data = NULL;
  g_autofree gchar *d_like = NULL, *d_copy = NULL, *d_hq = NULL;
  g_autofree gchar *d_alpha = NULL;
  PrwFixtureSpec spec = { 0 };
  gsize length = 0;

  make ("src/G001C001.mov", "05:00:00:00", 10, "G001", NULL);
  make ("keys/hq.mov", "05:00:00:02", 3, NULL, "hq");
  spec.path = alpha_path;
  spec.width = 640;
  spec.height = 368;
  spec.rate_num = 25;
  spec.rate_den = 1;
  spec.start_timecode = "05:00:00:02";
  spec.frames = 3;
  spec.alpha = TRUE;
  fail_unless (prw_fixture_make_movie (&spec, &error), "%s",
               error ? error->message : "?");
  prw_fixture_stop_threads ();
  fail_unless (g_chdir (dir) == 0);
  fail_unless (
      g_file_get_contents ("grades/A001C001_g.mov", &contents, &length, &error),
      "%s", error ? error->message : "?");
  fail_unless (g_file_set_contents ("keys/any_name.mov", contents,
                                    (gssize) length, &error),
               "%s", error ? error->message : "?");
  g = prw_source_clip_new_from_file ("src/G001C001.mov", NULL, NULL, &error);
  fail_unless (g != NULL, "%s", error ? error->message : "?");
  prw_link_table_add_source (table, g, NULL);
  prw_link_table_seal (table);

  like_key
      = blank_key (table, "grades/A001C001_g.mov", NULL, &like_label, &data);
  copy_key = blank_key (table, "keys/any_name.mov", NULL, &copy_label, NULL);
  fail_unless_equals_string (copy_key, like_key);
  fail_unless (g_str_has_prefix (like_key, "ap4h 640x368 no-alpha colr "), "%s",
               like_key);
  fail_unless_equals_string (like_label,
                             "4444 640x368, like grades/A001C001_g.mov");
  fail_unless_equals_string (copy_label,
                             "4444 640x368, like keys/any_name.mov");

  /* read back elsewhere: the same key */
  fail_unless (g_chdir (elsewhere) == 0);
  back = prw_conform_job_new_from_data (data, -1, "k.json", NULL, &error);
  fail_unless (back != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_string (prw_conform_job_get_blank_format_key (back),
                             like_key);
  fail_unless (g_chdir (dir) == 0);

  hq_key = blank_key (table, "keys/hq.mov", NULL, NULL, NULL);
  alpha_key = blank_key (table, "keys/alpha.mov", NULL, NULL, NULL);
  given_key = blank_key (table, NULL, "4444", NULL, NULL);
  hq_given = blank_key (table, NULL, "422hq", NULL, NULL);
  fail_unless (g_str_has_prefix (hq_key, "apch 640x368 no-alpha "), "%s",
               hq_key);
  fail_unless (g_str_has_prefix (alpha_key, "ap4h 640x368 alpha colr "), "%s",
               alpha_key);
  fail_unless (g_str_has_prefix (given_key, "ap4h 640x368 alpha colr 1-1-1 "),
               "%s", given_key);
  fail_unless (g_str_has_prefix (hq_given, "apch 640x368 no-alpha colr 1-1-1 "),
               "%s", hq_given);
  fail_if (g_str_equal (hq_key, like_key));
  fail_if (g_str_equal (alpha_key, like_key));
  fail_if (g_str_equal (given_key, like_key));
  fail_if (g_str_equal (given_key, alpha_key));

  /* what a blank rush copies, but the size */
  d_like = describe ("grades/A001C001_g.mov");
  d_copy = describe ("keys/any_name.mov");
  d_hq = describe ("keys/hq.mov");
  d_alpha = describe ("keys/alpha.mov");
  fail_unless_equals_string (d_copy, d_like);
  fail_unless (g_str_has_prefix (d_like, "ap4h "), "%s", d_like);
  fail_unless (g_str_has_suffix (d_like, " without alpha"), "%s", d_like);
  fail_unless (g_str_has_prefix (d_hq, "apch "), "%s", d_hq);
  fail_unless (strstr (d_hq, "alpha") == NULL, "%s", d_hq);
  fail_unless (g_str_has_suffix (d_alpha, " with alpha"), "%s", d_alpha);
}
GST_END_TEST;

/* Made from a link table of one source and one grade at another rate,
 * described, read back elsewhere and run: the description records the
 * exact rate, the drop-frame flag and the record range in the source's
 * timecode, reads back to the same text, and the job read back writes the
 * packets the table's job writes, with the source's frames, start and
 * reel. Returns the description. */
static gchar *
round_trip_at (const gchar *name, guint rate_num, guint rate_den, gboolean drop,
               const gchar *src_tc, gint64 src_frames, const gchar *seg_tc,
               gint64 seg_frames, gint64 record_in, const gchar *record_tc_last)
{
  g_autofree gchar *src = g_strdup_printf ("rates/%s.mov", name);
  g_autofree gchar *seg = g_strdup_printf ("rates/grades/%s_g.mov", name);
  g_autofree gchar *out1 = g_strdup_printf ("rates/out1/%s.mov", name);
  g_autofree gchar *out2 = g_strdup_printf ("rates/out2/%s.mov", name);
  g_autofree gchar *full1 = g_build_filename (dir, out1, NULL);
  g_autofree gchar *full2 = g_build_filename (dir, out2, NULL);
  g_autofree gchar *rate = g_strdup_printf ("%u/%u", rate_num, rate_den);
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);
  g_autoptr (PrwSourceClip) clip = NULL;
  g_autoptr (PrwConformJob) job = NULL;
  g_autoptr (PrwConformJob) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) md5s_1 = NULL;
  g_autoptr (GPtrArray) md5s_2 = NULL;
  g_autofree gchar *again = NULL;
  gchar *data;
  JsonObject *root, *source, *segment;

  make_at (src, rate_num, rate_den, drop, src_tc, src_frames, "R001", NULL);
  make_at (seg, rate_num, rate_den, drop, seg_tc, seg_frames, NULL, NULL);
  fail_unless (g_chdir (dir) == 0);
  clip = prw_source_clip_new_from_file (src, NULL, NULL, &error);
  fail_unless (clip != NULL, "%s", error ? error->message : "?");
  prw_link_table_add_source (table, clip, NULL);
  add_segment (table, seg, PRW_LAYER_GRADE);
  prw_link_table_seal (table);
  fail_unless_equals_int (prw_link_table_get_n_links (table), 1);
  job = prw_conform_job_new_from_link_table (table, 0, out1);
  data = prw_conform_job_to_data (job, NULL);

  root = parse (parser, data);
  source = json_object_get_object_member (root, "source");
  fail_unless_equals_string (json_object_get_string_member (source, "rate"),
                             rate);
  fail_unless_equals_int64 (json_object_get_int_member (source, "rate_num"),
                            rate_num);
  fail_unless_equals_int64 (json_object_get_int_member (source, "rate_den"),
                            rate_den);
  fail_unless (json_object_get_boolean_member (source, "drop_frame") == drop);
  fail_unless_equals_string (
      json_object_get_string_member (source, "start_timecode"), src_tc);
  segment = json_array_get_object_element (
      json_object_get_array_member (root, "segments"), 0);
  fail_unless_equals_string (json_object_get_string_member (segment, "rate"),
                             rate);
  fail_unless_equals_int64 (json_object_get_int_member (segment, "record_in"),
                            record_in);
  fail_unless_equals_int64 (json_object_get_int_member (segment, "record_out"),
                            record_in + seg_frames);
  fail_unless_equals_string (
      json_object_get_string_member (segment, "record_timecode_in"), seg_tc);
  fail_unless_equals_string (
      json_object_get_string_member (segment, "record_timecode_last"),
      record_tc_last);

  fail_unless (g_chdir (elsewhere) == 0);
  back = prw_conform_job_new_from_data (data, -1, "r.json", NULL, &error);
  fail_unless (back != NULL, "%s", error ? error->message : "?");
  again = prw_conform_job_to_data (back, NULL);
  fail_unless_equals_string (again, data);
  fail_unless (prw_conform_job_run (back, NULL, &error), "%s",
               error ? error->message : "?");
  fail_unless_equals_int64 (prw_conform_job_get_graded_frames (back),
                            seg_frames);
  fail_unless (g_chdir (dir) == 0);
  {
    g_autoptr (PrwConformJob) two
        = prw_conform_job_new_from_link_table (table, 0, out2);

    fail_unless (prw_conform_job_run (two, NULL, &error), "%s",
                 error ? error->message : "?");
  }
  md5s_1 = prw_fixture_video_packet_md5s (full1, &error);
  fail_unless (md5s_1 != NULL, "%s", error ? error->message : "?");
  md5s_2 = prw_fixture_video_packet_md5s (full2, &error);
  fail_unless (md5s_2 != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_int (md5s_1->len, (gint) src_frames);
  fail_unless_equals_int (md5s_2->len, (gint) src_frames);
  for (guint i = 0; i < md5s_1->len; i++)
    fail_unless_equals_string (g_ptr_array_index (md5s_1, i),
                               g_ptr_array_index (md5s_2, i));
  check_output (full1, src_frames, src_tc, "R001");
  return data;
}

/* 29.97 drop frame: the grade spans 01:01:00;00-;01, which drop frame
 * skips (record 50-69: 01:00:59;20-01:01:00;11). A description whose
 * drop_frame contradicts its start timecode's label is refused. */
GST_START_TEST (test_drop_frame)
{
  g_autofree gchar *data
      = round_trip_at ("DF001C001", 30000, 1001, TRUE, "01:00:58;00", 90,
                       "01:00:59;20", 20, 50, "01:01:00;11");
  g_autofree gchar *bad
      = replace_first (data, "\"drop_frame\":true", "\"drop_frame\":false");
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwConformJob) back
      = prw_conform_job_new_from_data (bad, -1, "df.json", NULL, &error);

  fail_unless (back == NULL);
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_CORRUPT), "%s",
               error->message);
  fail_unless_equals_string (
      error->message, "df.json: not a conform job: source.start_timecode "
                      "01:00:58;00 is drop frame, but source.drop_frame is "
                      "false");
}
GST_END_TEST;

/* 23.976 across midnight: the source runs 23:59:59:00-00:00:00:23, the
 * grade from 00:00:00:10 (record 34-43). */
GST_START_TEST (test_23976_midnight)
{
  g_autofree gchar *data
      = round_trip_at ("T001C001", 24000, 1001, FALSE, "23:59:59:00", 48,
                       "00:00:00:10", 10, 34, "00:00:00:19");
}
GST_END_TEST;

/* Descriptions whose members say one fact twice, differently: refused
 * (PRW_ERROR_CORRUPT) naming the file and the member, never run with one
 * of the two silently. */
GST_START_TEST (test_inconsistent)
{
  g_autoptr (PrwLinkTable) table = shoot_table ();
  g_autoptr (PrwConformJob) job = prw_conform_job_new_from_link_table (
      table, source_index (table, "A001C001"), "out/A001C001.mov");
  g_autofree gchar *data = prw_conform_job_to_data (job, NULL);
  const struct {
    const gchar *from, *to; /* the first "from" replaced */
    const gchar *message;
  } cases[] = {
    { "\"rate\":\"25/1\"", "\"rate\":\"24/1\"",
      "bad.json: not a conform job: source.rate is \"24/1\", not "
      "source.rate_num/source.rate_den (25/1)" },
    { "\"last_timecode\":\"01:00:01:04\"", "\"last_timecode\":\"01:00:01:05\"",
      "bad.json: not a conform job: source.last_timecode is \"01:00:01:05\", "
      "not 01:00:01:04 (source.start_timecode and source.frames)" },
    /* the grade moved one frame on, in every member but its timecode */
    { "\"record_in\":5,\"record_out\":10,\"record_timecode_in\":"
      "\"01:00:00:05\",\"record_timecode_last\":\"01:00:00:09\"",
      "\"record_in\":6,\"record_out\":11,\"record_timecode_in\":"
      "\"01:00:00:06\",\"record_timecode_last\":\"01:00:00:10\"",
      "bad.json: not a conform job: segments[0].record_in is 6, but its "
      "start timecode 01:00:00:05 is the source's record frame 5 "
      "(source.start_timecode 01:00:00:00)" },
    { "\"record_timecode_in\":\"01:00:00:05\"",
      "\"record_timecode_in\":\"01:00:00:04\"",
      "bad.json: not a conform job: segments[0].record_timecode_in and "
      "record_timecode_last are 01:00:00:04-01:00:00:09, not the source's "
      "01:00:00:05-01:00:00:09 of its record frames 5-9" },
    /* a source shortened under its grades */
    { "\"frames\":30,\"start_timecode\":\"01:00:00:00\",\"last_timecode\":"
      "\"01:00:01:04\"",
      "\"frames\":8,\"start_timecode\":\"01:00:00:00\",\"last_timecode\":"
      "\"01:00:00:07\"",
      "bad.json: not a conform job: segments[0].record_in and record_out "
      "(5-10) are not within the source's 8 frames and its 0 handles" },
    { "\"width\":640,\"height\":368", "\"width\":1920,\"height\":1080",
      "bad.json: not a conform job: segments[0] is 640x368, not the "
      "source's size 1920x1080" },
    { "\"rules\":[\"file-name\"]", "\"rules\":[]",
      "bad.json: not a conform job: segments[0].rules is empty or holds a "
      "name that is not \"file-name\", \"reel\" or \"reel-is-clip-name\"" },
    { "\"output\":\"out/A001C001.mov\"", "\"output\":\"\"",
      "bad.json: not a conform job: output is empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PrwConformJob) back = NULL;
    g_autofree gchar *bad = replace_first (data, cases[i].from, cases[i].to);

    back = prw_conform_job_new_from_data (bad, -1, "bad.json", NULL, &error);
    fail_unless (back == NULL, "%u", i);
    fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_CORRUPT), "%s",
                 error->message);
    fail_unless_equals_string (error->message, cases[i].message);
  }
}
GST_END_TEST;

/* A file of 200,000 '[' (which overflowed the stack of JSON-GLib 1.6's
 * parser: a crash): refused as nested too deep; brackets inside a string
 * are text. */
GST_START_TEST (test_too_deep)
{
  g_autoptr (PrwLinkTable) table = shoot_table ();
  g_autoptr (PrwConformJob) job = prw_conform_job_new_from_link_table (
      table, source_index (table, "A001C001"), "out/A001C001.mov");
  g_autofree gchar *data = prw_conform_job_to_data (job, NULL);
  g_autofree gchar *brackets = g_strnfill (100, '[');
  g_autofree gchar *to
      = g_strdup_printf ("\"clip_name\":\"A001C001%s\"", brackets);
  g_autofree gchar *odd_name
      = replace_first (data, "\"clip_name\":\"A001C001\"", to);
  g_autofree gchar *deep = g_strnfill (200000, '[');
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwConformJob) back
      = prw_conform_job_new_from_data (deep, -1, "deep.json", NULL, &error);

  fail_unless (back == NULL);
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_CORRUPT), "%s",
               error->message);
  fail_unless_equals_string (error->message,
                             "deep.json: not a conform job: arrays and "
                             "objects nested more than 32 deep");
  g_clear_error (&error);
  back = prw_conform_job_new_from_data (odd_name, -1, "odd.json", NULL, &error);
  fail_unless (back != NULL, "%s", error ? error->message : "?");
  fail_unless (g_str_has_suffix (
      prw_source_clip_get_clip_name (prw_conform_job_get_source (back)),
      brackets));
}
GST_END_TEST;

/* A job whose output is its source's media file, or the ALE its source
 * came from: PRW_ERROR_SAME_FILE, and the file is left as it was (the
 * blank rush never reads the source, so printing cannot guard it). */
GST_START_TEST (test_output_is_input)
{
  g_autoptr (PrwLinkTable) table = shoot_table ();
  const struct {
    const gchar *clip_name, *output;
  } cases[] = {
    { "A001C001", "src/A001C001.mov" },
    { "D001C001", "day.ale" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PrwConformJob) job = prw_conform_job_new_from_link_table (
        table, source_index (table, cases[i].clip_name), cases[i].output);
    g_autoptr (GError) error = NULL;
    g_autofree gchar *before = NULL, *after = NULL;
    g_autofree gchar *message = g_strdup_printf (
        "%s: is the input %s; refusing to overwrite an input", cases[i].output,
        cases[i].output);
    gsize before_length = 0, after_length = 0;

    fail_unless (
        g_file_get_contents (cases[i].output, &before, &before_length, NULL));
    fail_if (prw_conform_job_run (job, NULL, &error));
    fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_SAME_FILE), "%s",
                 error->message);
    fail_unless_equals_string (error->message, message);
    fail_unless (
        g_file_get_contents (cases[i].output, &after, &after_length, NULL));
    fail_unless (before_length == after_length
                 && memcmp (before, after, before_length) == 0);
  }
}
GST_END_TEST;

/* An ALE row merged into its media file gives the output its reel: the
 * ALE rewritten after it was read (another reel) fails the job before
 * its rename, as its source's own file would, in one line naming the ALE;
 * the output written before stands. */
GST_START_TEST (test_merged_ale_changed)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);
  g_autoptr (PrwSourceClip) m = NULL;
  g_autoptr (PrwAle) ale = NULL;
  g_autoptr (PrwConformJob) job = NULL;
  g_autoptr (PrwConformJob) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) out = NULL;
#define ROWS                                                                   \
  "Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\nName\tStart\tEnd\tTape\n\n"  \
  "Data\nM001C001\t07:00:00:00\t07:00:00:20\t"
  const gchar *before = ROWS "M001\n";
  const gchar *after = ROWS "M0002\n";
#undef ROWS
  GListModel *clips;

  make ("merged/src/M001C001.mov", "07:00:00:00", 20, NULL, NULL);
  make ("merged/grades/M001C001_g.mov", "07:00:00:02", 4, NULL, NULL);
  fail_unless (g_chdir (dir) == 0);
  fail_unless (g_file_set_contents ("merged/m.ale", before, -1, NULL));
  m = prw_source_clip_new_from_file ("merged/src/M001C001.mov", NULL, NULL,
                                     &error);
  fail_unless (m != NULL, "%s", error ? error->message : "?");
  prw_link_table_add_source (table, m, NULL);
  ale = prw_ale_new_from_file ("merged/m.ale", NULL, &error);
  fail_unless (ale != NULL, "%s", error ? error->message : "?");
  clips = prw_ale_get_clips (ale);
  fail_unless_equals_int (g_list_model_get_n_items (clips), 1);
  {
    g_autoptr (PrwSourceClip) row = g_list_model_get_item (clips, 0);

    prw_link_table_add_source (table, row, NULL);
  }
  add_segment (table, "merged/grades/M001C001_g.mov", PRW_LAYER_GRADE);
  prw_link_table_seal (table);
  fail_unless_equals_int (prw_link_table_get_n_sources (table), 1);
  fail_unless_equals_int (prw_link_table_get_source_n_merged (table, 0), 1);
  fail_unless_equals_string (prw_link_table_get_source_reel (table, 0), "M001");

  /* unchanged: written, with the ALE's reel */
  job = prw_conform_job_new_from_link_table (table, 0,
                                             "merged/out/M001C001.mov");
  fail_unless (prw_conform_job_run (job, NULL, &error), "%s",
               error ? error->message : "?");
  check_output ("merged/out/M001C001.mov", 20, "07:00:00:00", "M001");

  /* the ALE rewritten since: refused, nothing written */
  fail_unless (g_file_set_contents ("merged/m.ale", after, -1, NULL));
  again = prw_conform_job_new_from_link_table (table, 0,
                                               "merged/out/M001C001.mov");
  fail_if (prw_conform_job_run (again, NULL, &error));
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_CHANGED), "%s",
               error->message);
  fail_unless (g_str_has_prefix (error->message,
                                 "merged/m.ale: changed since it was read ("),
               "%s", error->message);
  fail_unless (strchr (error->message, '\n') == NULL);
  check_output ("merged/out/M001C001.mov", 20, "07:00:00:00", "M001");
  out = g_dir_open ("merged/out", 0, NULL);
  fail_unless (out != NULL);
  fail_unless_equals_string (g_dir_read_name (out), "M001C001.mov");
  fail_unless (g_dir_read_name (out) == NULL);
}
GST_END_TEST;

/* The folder's entries: the temporary files a job leaves, if any. */
static guint
count_temp_files (const gchar *folder, const gchar *name)
{
  g_autoptr (GDir) d = g_dir_open (folder, 0, NULL);
  g_autofree gchar *prefix = g_strdup_printf (".%s.prw-", name);
  const gchar *entry;
  guint n = 0;

  fail_unless (d != NULL);
  while ((entry = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (entry, prefix))
      n++;
  return n;
}

static gchar *
file_text (const gchar *path)
{
  gchar *text = NULL;

  fail_unless (g_file_get_contents (path, &text, NULL, NULL), "%s", path);
  return text;
}

typedef struct {
  PrwConformJob *job;
  GError *error;
  gboolean ok;
} RunArgs;

static gpointer
run_thread (gpointer data)
{
  RunArgs *args = data;

  args->ok = prw_conform_job_run (args->job, NULL, &args->error);
  return NULL;
}

/* Whether a job replaces a file at its output: by default yes, made from
 * a table or read back (conform --job replaces); told not to, a file there
 * when it starts fails it ("exists"), and so does one that appears while
 * it is written ("appeared while it was written"), left as it is with no
 * temporary file beside it. */
GST_START_TEST (test_overwrite)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);
  g_autoptr (PrwSourceClip) r = NULL;
  g_autoptr (PrwConformJob) job = NULL;
  g_autoptr (PrwConformJob) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *data = NULL;
  g_autofree gchar *text = NULL;
  const gchar *output = "noreplace/out/R001C001.mov";
  const gchar *foreign = "a colleague's copy\n";
  gboolean appeared = FALSE;

  /* long enough (20 s of blank rush) to be written while the file
   * appears */
  make ("noreplace/src/R001C001.mov", "05:00:00:00", 500, "R001", NULL);
  make ("noreplace/grades/R001C001_g.mov", "05:00:00:10", 5, NULL, NULL);
  fail_unless (g_chdir (dir) == 0);
  r = prw_source_clip_new_from_file ("noreplace/src/R001C001.mov", NULL, NULL,
                                     &error);
  fail_unless (r != NULL, "%s", error ? error->message : "?");
  prw_link_table_add_source (table, r, NULL);
  add_segment (table, "noreplace/grades/R001C001_g.mov", PRW_LAYER_GRADE);
  prw_link_table_seal (table);
  fail_unless_equals_int (prw_link_table_get_n_links (table), 1);

  /* the default: replaced, as before the setter */
  job = prw_conform_job_new_from_link_table (table, 0, output);
  fail_unless (prw_conform_job_get_overwrite (job));
  data = prw_conform_job_to_data (job, NULL);
  back = prw_conform_job_new_from_data (data, -1, "r.json", NULL, &error);
  fail_unless (back != NULL, "%s", error ? error->message : "?");
  fail_unless (prw_conform_job_get_overwrite (back));
  prw_conform_job_set_overwrite (back, FALSE);
  fail_if (prw_conform_job_get_overwrite (back));
  prw_conform_job_set_overwrite (back, TRUE);
  fail_unless (prw_conform_job_get_overwrite (back));
  /* the choice is not described */
  g_clear_pointer (&text, g_free);
  prw_conform_job_set_overwrite (job, FALSE);
  text = prw_conform_job_to_data (job, NULL);
  fail_unless_equals_string (text, data);
  prw_conform_job_set_overwrite (job, TRUE);

  fail_unless (g_mkdir_with_parents ("noreplace/out", 0777) == 0);
  fail_unless (g_file_set_contents (output, foreign, -1, NULL));
  fail_unless (prw_conform_job_run (job, NULL, &error), "%s",
               error ? error->message : "?");
  check_output (output, 500, "05:00:00:00", "R001");

  /* not to replace: a file there when it starts */
  g_clear_object (&job);
  fail_unless (g_file_set_contents (output, foreign, -1, NULL));
  job = prw_conform_job_new_from_link_table (table, 0, output);
  prw_conform_job_set_overwrite (job, FALSE);
  fail_if (prw_conform_job_run (job, NULL, &error));
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS),
               "%s", error->message);
  fail_unless_equals_string (error->message,
                             "noreplace/out/R001C001.mov: exists");
  g_clear_error (&error);
  g_clear_pointer (&text, g_free);
  text = file_text (output);
  fail_unless_equals_string (text, foreign);
  fail_unless_equals_int (count_temp_files ("noreplace/out", "R001C001.mov"),
                          0);

  /* not to replace: nothing there when it starts, a file appears while it
   * is written (made with O_EXCL: should the job have finished first, it
   * is tried again) */
  for (guint attempt = 0; attempt < 3 && !appeared; attempt++) {
    RunArgs args = { NULL, NULL, FALSE };
    GThread *thread;
    gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
    int fd = -1;

    fail_unless (g_unlink (output) == 0);
    g_clear_object (&job);
    job = prw_conform_job_new_from_link_table (table, 0, output);
    prw_conform_job_set_overwrite (job, FALSE);
    args.job = job;
    thread = g_thread_new ("job", run_thread, &args);
    while (count_temp_files ("noreplace/out", "R001C001.mov") == 0
           && g_get_monotonic_time () < deadline
           && !g_file_test (output, G_FILE_TEST_EXISTS))
      g_usleep (1000);
    fd = g_open (output, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd >= 0) {
      fail_unless (write (fd, foreign, strlen (foreign))
                   == (gssize) strlen (foreign));
      fail_unless (close (fd) == 0);
      appeared = TRUE;
    }
    g_thread_join (thread);
    if (!appeared) {
      /* the job won the race: its own output, written */
      fail_unless (args.ok, "%s", args.error ? args.error->message : "?");
      continue;
    }
    fail_if (args.ok);
    fail_unless (
        g_error_matches (args.error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS), "%s",
        args.error->message);
    fail_unless_equals_string (
        args.error->message,
        "noreplace/out/R001C001.mov: appeared while it was written");
    g_clear_error (&args.error);
  }
  fail_unless (appeared, "the job always finished before the file appeared");
  g_clear_pointer (&text, g_free);
  text = file_text (output);
  fail_unless_equals_string (text, foreign);
  fail_unless_equals_int (count_temp_files ("noreplace/out", "R001C001.mov"),
                          0);
}
GST_END_TEST;

static Suite *
conform_job_suite (void)
{
  Suite *s = suite_create ("conform-job");
  TCase *tc = tcase_create ("conform-job");

  tcase_set_timeout (tc, 300);
  tcase_add_unchecked_fixture (tc, make_files, remove_files);
  tcase_add_test (tc, test_round_trip);
  tcase_add_test (tc, test_changed_segment);
  tcase_add_test (tc, test_malformed);
  tcase_add_test (tc, test_inconsistent);
  tcase_add_test (tc, test_too_deep);
  tcase_add_test (tc, test_output_is_input);
  tcase_add_test (tc, test_drop_frame);
  tcase_add_test (tc, test_23976_midnight);
  tcase_add_test (tc, test_blank_job);
  tcase_add_test (tc, test_blank_job_key);
  tcase_add_test (tc, test_merged_ale_changed);
  tcase_add_test (tc, test_overwrite);
  tcase_add_test (tc, test_sound_blank_rush);
  tcase_add_test (tc, test_sound_job);
  /* last: it moves the ALE away */
  tcase_add_test (tc, test_ale_source);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (conform_job);
