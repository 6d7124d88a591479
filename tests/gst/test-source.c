/* libproreswriter: camera originals (PrwSourceClip) from real files
 *
 * The files are made once per run with the ffmpeg CLI: MXF OP1a and
 * OP-Atom (DNxHR LB, which ffmpeg's MXF muxers take at any size) with a
 * timecode, a reel (tape package) and a material package name; QuickTime
 * and MP4 of codecs other than ProRes (MPEG-4 part 2, H.264 with B-frames)
 * with a timecode track; at 23.976, 25, 29.97 DF, 50 and 59.94 DF. What the
 * source clip says is checked against the values each file was made with
 * and against ffprobe, which reads the same files independently (start
 * timecode, number of video packets, size). Then every refusal: no
 * timecode, truncated files, files libavformat cannot read or whose frame
 * count it cannot know, missing files, folders.
 */

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

#include "prw-fixture.h"
#include <proreswriter/proreswriter.h>

typedef struct {
  const gchar *file;  /* made in the test folder */
  const gchar *muxer; /* ffmpeg -f */
  const gchar *codec; /* "dnxhr", "mpeg4", "h264" */
  const gchar *rate;  /* ffmpeg -r */
  guint rate_num, rate_den;
  gboolean drop;
  const gchar *start; /* -timecode, and what must be read */
  gint64 frames;
  const gchar *reel;    /* MXF: -metadata reel_name; QuickTime: the tmcd's */
  const gchar *package; /* MXF: -metadata material_package_name */
  const gchar *clip_name;
  const gchar *format;
} SourceCase;

static const SourceCase cases[] = {
  { "A001C003.mxf", "mxf", "dnxhr", "25", 25, 1, FALSE, "01:00:00:00", 6,
    "B002", "A001C003_MAT", "A001C003", "MXF OP1a, dnxhd" },
  /* OP-Atom: the file holds one track of the clip the material package
   * names */
  { "A001C004_V01.mxf", "mxf_opatom", "dnxhr", "25", 25, 1, FALSE,
    "14:59:59:24", 5, "A001", "A001C004", "A001C004", "MXF OP-Atom, dnxhd" },
  { "C001C001.mxf", "mxf", "dnxhr", "30000/1001", 30000, 1001, TRUE,
    "10:00:59;28", 7, NULL, NULL, "C001C001", "MXF OP1a, dnxhd" },
  { "D001C001.mxf", "mxf", "dnxhr", "24000/1001", 24000, 1001, FALSE,
    "23:59:59:20", 8, "D001", NULL, "D001C001", "MXF OP1a, dnxhd" },
  { "E001C001.mxf", "mxf", "dnxhr", "50", 50, 1, FALSE, "02:00:00:49", 6, NULL,
    NULL, "E001C001", "MXF OP1a, dnxhd" },
  { "F001C001_V.mxf", "mxf_opatom", "dnxhr", "60000/1001", 60000, 1001, TRUE,
    "01:00:00;04", 9, "F001", "F001C001", "F001C001", "MXF OP-Atom, dnxhd" },
  { "G001C001.mov", "mov", "mpeg4", "25", 25, 1, FALSE, "01:00:00:00", 10,
    "G001", NULL, "G001C001", "QuickTime, mp4v" },
  /* H.264 with B-frames: composition offsets and an edit from them */
  { "H001C001.mov", "mov", "h264", "30000/1001", 30000, 1001, TRUE,
    "01:00:00;00", 12, NULL, NULL, "H001C001", "QuickTime, avc1" },
  { "I001C001.mp4", "mp4", "h264", "24000/1001", 24000, 1001, FALSE,
    "10:00:00:00", 12, NULL, NULL, "I001C001", "QuickTime, avc1" },
  { "J001C001.mov", "mov", "mpeg4", "60000/1001", 60000, 1001, TRUE,
    "00:59:59;58", 8, NULL, NULL, "J001C001", "QuickTime, mp4v" },
  { "K001C001.mov", "mov", "h264", "50", 50, 1, FALSE, "20:00:00:00", 10, NULL,
    NULL, "K001C001", "QuickTime, avc1" },
};

#define WIDTH 256
#define HEIGHT 144

static gchar *dir;
static gchar *paths[G_N_ELEMENTS (cases)];

static gchar *
in_dir (const gchar *name)
{
  return g_build_filename (dir, name, NULL);
}

static gboolean
run (const gchar *const *argv, gchar **out, GError **error)
{
  gint status = 0;

  return g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
                       NULL, out, NULL, &status, error)
         && g_spawn_check_wait_status (status, error);
}

/* ffmpeg -f lavfi testsrc ... with the case's codec, rate and tags */
static void
make_file (const gchar *path, const gchar *muxer, const gchar *codec,
           const gchar *rate, const gchar *start, gint64 frames,
           const gchar *reel, const gchar *package)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;

#define ARG(s) g_ptr_array_add (argv, g_strdup (s))
  ARG ("ffmpeg");
  ARG ("-nostdin");
  ARG ("-v");
  ARG ("error");
  ARG ("-y");
  ARG ("-f");
  ARG ("lavfi");
  ARG ("-i");
  g_ptr_array_add (
      argv, g_strdup_printf ("testsrc=s=%ux%u:r=%s", WIDTH, HEIGHT, rate));
  ARG ("-frames:v");
  g_ptr_array_add (argv, g_strdup_printf ("%" G_GINT64_FORMAT, frames));
  if (g_str_equal (codec, "dnxhr")) {
    ARG ("-c:v");
    ARG ("dnxhd");
    ARG ("-profile:v");
    ARG ("dnxhr_lb");
    ARG ("-pix_fmt");
    ARG ("yuv422p");
  } else if (g_str_equal (codec, "h264")) {
    ARG ("-c:v");
    ARG ("libx264");
    ARG ("-bf");
    ARG ("2");
    ARG ("-pix_fmt");
    ARG ("yuv420p");
  } else {
    ARG ("-c:v");
    ARG (codec);
  }
  if (start != NULL) {
    ARG ("-timecode");
    ARG (start);
  }
  if (reel != NULL && g_str_has_prefix (muxer, "mxf")) {
    ARG ("-metadata");
    g_ptr_array_add (argv, g_strdup_printf ("reel_name=%s", reel));
  } else if (reel != NULL) {
    ARG ("-metadata:s:v:0");
    g_ptr_array_add (argv, g_strdup_printf ("reel_name=%s", reel));
  }
  if (package != NULL) {
    ARG ("-metadata");
    g_ptr_array_add (argv,
                     g_strdup_printf ("material_package_name=%s", package));
  }
  ARG ("-f");
  ARG (muxer);
  ARG (path);
  g_ptr_array_add (argv, NULL);
#undef ARG
  fail_unless (run ((const gchar *const *) argv->pdata, NULL, &error),
               "making %s: %s", path, error ? error->message : "?");
}

/* The first size bytes of from, as to. */
static void
copy_head (const gchar *from, const gchar *to, gsize size)
{
  g_autofree gchar *data = NULL;
  gsize len = 0;

  fail_unless (g_file_get_contents (from, &data, &len, NULL));
  fail_unless (size <= len);
  fail_unless (g_file_set_contents (to, data, (gssize) size, NULL));
}

static guint64
file_size (const gchar *path)
{
  GStatBuf st;

  fail_unless (g_stat (path, &st) == 0);
  return (guint64) st.st_size;
}

static void
make_files (void)
{
  dir = prw_fixture_make_tmpdir ("source");
  fail_unless (dir != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    const SourceCase *c = &cases[i];

    paths[i] = in_dir (c->file);
    make_file (paths[i], c->muxer, c->codec, c->rate, c->start, c->frames,
               c->reel, c->package);
  }
  {
    g_autofree gchar *notc = in_dir ("NOTC.mov");
    g_autofree gchar *mkv = in_dir ("clip.mkv");
    g_autofree gchar *text = in_dir ("notes.txt");
    g_autofree gchar *half_mov = in_dir ("half.mov");
    g_autofree gchar *cut_op1a = in_dir ("cut-op1a.mxf");
    g_autofree gchar *cut_opatom = in_dir ("cut-opatom.mxf");
    g_autofree gchar *cut_header = in_dir ("cut-header.mxf");
    g_autofree gchar *empty = in_dir ("empty.mxf");
    g_autofree gchar *sub = in_dir ("folder.mxf");

    make_file (notc, "mov", "mpeg4", "25", NULL, 10, NULL, NULL);
    make_file (mkv, "matroska", "mpeg4", "25", "01:00:00:00", 10, NULL, NULL);
    fail_unless (g_file_set_contents (text, "not a movie\n", -1, NULL));
    copy_head (paths[6], half_mov, file_size (paths[6]) / 2);
    /* DNxHR LB frames of 256x144 are 8 KB and the footer about 1 KB:
     * cutting 4 KB off the end cuts into the last frame (OP1a), 40% cuts
     * frames off (OP-Atom) */
    copy_head (paths[0], cut_op1a, file_size (paths[0]) - 4000);
    copy_head (paths[1], cut_opatom, file_size (paths[1]) * 6 / 10);
    /* cut inside the header partition; and nothing at all (a copy that
     * never started) */
    copy_head (paths[0], cut_header, 1000);
    fail_unless (g_file_set_contents (empty, "", 0, NULL));
    fail_unless (g_mkdir (sub, 0755) == 0);
  }
  {
    /* interlaced: ProRes in QuickTime ('fiel' with 2 fields), 1080i
     * DNxHD in MXF; and a progressive ProRes ('fiel' with 1 field) */
    const gchar *il_mov[] = { "ffmpeg",
                              "-nostdin",
                              "-v",
                              "error",
                              "-y",
                              "-f",
                              "lavfi",
                              "-i",
                              "testsrc=s=256x144:r=25",
                              "-frames:v",
                              "4",
                              "-c:v",
                              "prores_ks",
                              "-profile:v",
                              "2",
                              "-pix_fmt",
                              "yuv422p10le",
                              "-flags",
                              "+ilme+ildct",
                              "-field_order",
                              "tt",
                              "-timecode",
                              "01:00:00:00",
                              NULL,
                              NULL };
    const gchar *il_mxf[] = { "ffmpeg",
                              "-nostdin",
                              "-v",
                              "error",
                              "-y",
                              "-f",
                              "lavfi",
                              "-i",
                              "testsrc=s=1920x1080:r=25",
                              "-frames:v",
                              "2",
                              "-c:v",
                              "dnxhd",
                              "-b:v",
                              "120M",
                              "-pix_fmt",
                              "yuv422p",
                              "-flags",
                              "+ildct",
                              "-field_order",
                              "tt",
                              "-timecode",
                              "01:00:00:00",
                              NULL,
                              NULL };
    const gchar *p_mov[]
        = { "ffmpeg",      "-nostdin",    "-v",
            "error",       "-y",          "-f",
            "lavfi",       "-i",          "testsrc=s=256x144:r=25",
            "-frames:v",   "4",           "-c:v",
            "prores_ks",   "-profile:v",  "2",
            "-pix_fmt",    "yuv422p10le", "-timecode",
            "01:00:00:00", NULL,          NULL };
    g_autofree gchar *il_mov_path = in_dir ("interlaced.mov");
    g_autofree gchar *il_mxf_path = in_dir ("interlaced.mxf");
    g_autofree gchar *p_mov_path = in_dir ("progressive.mov");
    g_autoptr (GError) error = NULL;

    il_mov[G_N_ELEMENTS (il_mov) - 2] = il_mov_path;
    il_mxf[G_N_ELEMENTS (il_mxf) - 2] = il_mxf_path;
    p_mov[G_N_ELEMENTS (p_mov) - 2] = p_mov_path;
    fail_unless (run (il_mov, NULL, &error), "%s", error ? error->message : "");
    fail_unless (run (il_mxf, NULL, &error), "%s", error ? error->message : "");
    fail_unless (run (p_mov, NULL, &error), "%s", error ? error->message : "");
  }
  {
    /* H.264 in QuickTime, without 'fiel': interlaced (the bitstream's
     * fields alone say so), and anamorphic (2:1 pixels, 'pasp') */
    const gchar *il_h264[]
        = { "ffmpeg",       "-nostdin",    "-v",
            "error",        "-y",          "-f",
            "lavfi",        "-i",          "testsrc2=s=352x288:r=25",
            "-frames:v",    "4",           "-vf",
            "setfield=tff", "-c:v",        "libx264",
            "-flags",       "+ilme+ildct", "-x264opts",
            "tff=1",        "-timecode",   "01:00:00:00",
            NULL,           NULL };
    const gchar *ana_h264[]
        = { "ffmpeg",     "-nostdin",    "-v",
            "error",      "-y",          "-f",
            "lavfi",      "-i",          "testsrc2=s=320x180:r=25",
            "-frames:v",  "4",           "-vf",
            "setsar=2/1", "-c:v",        "libx264",
            "-timecode",  "01:00:00:00", NULL,
            NULL };
    g_autofree gchar *il_path = in_dir ("interlaced-h264.mov");
    g_autofree gchar *ana_path = in_dir ("anamorphic-h264.mov");
    g_autoptr (GError) error = NULL;

    il_h264[G_N_ELEMENTS (il_h264) - 2] = il_path;
    ana_h264[G_N_ELEMENTS (ana_h264) - 2] = ana_path;
    fail_unless (run (il_h264, NULL, &error), "%s",
                 error ? error->message : "");
    fail_unless (run (ana_h264, NULL, &error), "%s",
                 error ? error->message : "");
  }
}

static void
remove_files (void)
{
  prw_fixture_rm_rf (dir);
  g_clear_pointer (&dir, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_clear_pointer (&paths[i], g_free);
}

/* ---- ffprobe, the independent reader ----------------------------------- */

static gchar *
ffprobe_entry (const gchar *path, const gchar *entries)
{
  g_autoptr (GError) error = NULL;
  gchar *out = NULL;
  const gchar *argv[] = { "ffprobe",           "-v",    "error",
                          "-select_streams",   "v:0",   "-count_packets",
                          "-show_entries",     entries, "-of",
                          "default=nw=1:nk=1", path,    NULL };

  fail_unless (run (argv, &out, &error), "ffprobe %s: %s", path,
               error ? error->message : "?");
  return g_strstrip (out);
}

/* ---- stderr, which libavformat must not write to ------------------------ */

typedef struct {
  int saved;
  gchar *path;
} Capture;

static void
capture_stderr (Capture *c)
{
  int fd;

  c->path = in_dir ("stderr.txt");
  fflush (stderr);
  c->saved = dup (2);
  fd = open (c->path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  fail_unless (c->saved >= 0 && fd >= 0);
  fail_unless (dup2 (fd, 2) == 2);
  close (fd);
}

static gchar *
end_capture (Capture *c)
{
  gchar *text = NULL;

  fflush (stderr);
  fail_unless (dup2 (c->saved, 2) == 2);
  close (c->saved);
  fail_unless (g_file_get_contents (c->path, &text, NULL, NULL));
  g_unlink (c->path);
  g_free (c->path);
  return text;
}

/* ---- the tests ----------------------------------------------------------- */

GST_START_TEST (test_source_file)
{
  const SourceCase *c = &cases[__i__];
  g_autoptr (PrwSourceClip) clip = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwTimecode) want = NULL;
  g_autoptr (PrwTimecode) last = NULL;
  g_autoptr (PrwTimecode) want_last = NULL;
  g_autofree gchar *label = NULL;
  g_autofree gchar *ff_tc = NULL;
  g_autofree gchar *ff_packets = NULL;
  g_autofree gchar *ff_size = NULL;
  g_autofree gchar *stderr_text = NULL;
  g_autofree gchar *size = NULL;
  const PrwTimecode *start;
  Capture capture;

  capture_stderr (&capture);
  clip = prw_source_clip_new_from_file (paths[__i__], NULL, NULL, &error);
  stderr_text = end_capture (&capture);
  fail_unless (clip != NULL, "%s: %s", c->file, error ? error->message : "?");
  fail_unless_equals_string (stderr_text, "");

  start = prw_source_clip_get_start_timecode (clip);
  want = prw_timecode_new_from_string (c->start, c->rate_num, c->rate_den,
                                       c->drop, NULL);
  fail_unless (want != NULL);
  label = prw_timecode_to_string (start);
  fail_unless_equals_string (label, c->start);
  fail_unless (prw_timecode_equal (start, want), "%s: start %s", c->file,
               label);
  fail_unless_equals_int (start->drop_frame, c->drop);
  fail_unless_equals_int (prw_source_clip_get_rate_num (clip), c->rate_num);
  fail_unless_equals_int (prw_source_clip_get_rate_den (clip), c->rate_den);
  fail_unless_equals_int64 (prw_source_clip_get_frame_count (clip), c->frames);
  fail_unless_equals_int (prw_source_clip_get_width (clip), WIDTH);
  fail_unless_equals_int (prw_source_clip_get_height (clip), HEIGHT);
  fail_unless_equals_string (prw_source_clip_get_clip_name (clip),
                             c->clip_name);
  fail_unless_equals_string (prw_source_clip_get_reel (clip), c->reel);
  fail_unless_equals_string (prw_source_clip_get_format (clip), c->format);
  fail_unless_equals_string (prw_source_clip_get_path (clip), paths[__i__]);
  fail_unless (prw_source_clip_get_ale_path (clip) == NULL);
  fail_unless_equals_int (prw_source_clip_get_ale_line (clip), 0);
  fail_unless (prw_source_clip_get_warnings (clip)[0] == NULL);
  fail_unless (!prw_source_clip_get_interlaced (clip));

  /* the last frame's label: start + frames - 1, across midnight */
  last = prw_source_clip_get_last_timecode (clip);
  want_last = prw_timecode_add_frames (want, c->frames - 1);
  fail_unless (prw_timecode_equal (last, want_last));

  /* where each fact came from */
  if (g_str_has_prefix (c->format, "MXF")) {
    fail_unless (strstr (prw_source_clip_get_origin (
                             clip, PRW_SOURCE_CLIP_FACT_START_TIMECODE),
                         "SMPTE 377M")
                 != NULL);
    fail_unless (strstr (prw_source_clip_get_origin (
                             clip, PRW_SOURCE_CLIP_FACT_FRAME_COUNT),
                         "libavformat")
                 != NULL);
  } else {
    fail_unless_equals_string (
        prw_source_clip_get_origin (clip, PRW_SOURCE_CLIP_FACT_START_TIMECODE),
        "the timecode track (tmcd)");
  }
  fail_unless (
      (prw_source_clip_get_origin (clip, PRW_SOURCE_CLIP_FACT_REEL) != NULL)
      == (c->reel != NULL));
  fail_unless (prw_source_clip_get_origin (clip, PRW_SOURCE_CLIP_FACT_SIZE)
               != NULL);
  fail_unless (prw_source_clip_get_origin (clip, PRW_SOURCE_CLIP_FACT_RATE)
               != NULL);
  fail_unless (prw_source_clip_get_origin (clip, "no-such-fact") == NULL);

  /* ffprobe reads the same timecode, packets and size */
  ff_tc = prw_fixture_ffprobe_timecode (paths[__i__], &error);
  fail_unless (ff_tc != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_string (ff_tc, c->start);
  ff_packets = ffprobe_entry (paths[__i__], "stream=nb_read_packets");
  fail_unless_equals_int64 (g_ascii_strtoll (ff_packets, NULL, 10),
                            prw_source_clip_get_frame_count (clip));
  ff_size = ffprobe_entry (paths[__i__], "stream=width,height");
  size = g_strdup_printf ("%u\n%u", prw_source_clip_get_width (clip),
                          prw_source_clip_get_height (clip));
  fail_unless_equals_string (ff_size, size);
}
GST_END_TEST;

/* A file without a timecode is refused, naming it; never 00:00:00:00. */
GST_START_TEST (test_source_no_timecode)
{
  g_autofree gchar *path = in_dir ("NOTC.mov");
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwSourceClip) clip = NULL;
  g_autoptr (PrwTimecode) given = NULL;
  g_autofree gchar *msg = NULL;

  clip = prw_source_clip_new_from_file (path, NULL, NULL, &error);
  fail_unless (clip == NULL);
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_NO_TIMECODE), "%s",
               error->message);
  msg = g_strdup_printf ("%s: no start timecode (no timecode track), and "
                         "none was given",
                         path);
  fail_unless_equals_string (error->message, msg);
  g_clear_error (&error);

  /* a start given by the caller, read at the file's rate */
  clip = prw_source_clip_new_from_file (path, "07:00:00:00", NULL, &error);
  fail_unless (clip != NULL, "%s", error ? error->message : "?");
  given = prw_timecode_new_from_string ("07:00:00:00", 25, 1, FALSE, NULL);
  fail_unless (
      prw_timecode_equal (prw_source_clip_get_start_timecode (clip), given));
  fail_unless_equals_int64 (prw_source_clip_get_frame_count (clip), 10);
  fail_unless_equals_string (
      prw_source_clip_get_origin (clip, PRW_SOURCE_CLIP_FACT_START_TIMECODE),
      "given by the caller (no timecode track)");
  fail_unless (prw_source_clip_get_reel (clip) == NULL);
  g_clear_object (&clip);

  /* a label that is not one at the file's 25 fps */
  clip = prw_source_clip_new_from_file (path, "07:00:00:29", NULL, &error);
  fail_unless (clip == NULL);
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE));
  g_free (msg);
  msg = g_strdup_printf ("%s: the start timecode given cannot be read at the "
                         "file's 25 fps (25/1): ",
                         path);
  fail_unless (g_str_has_prefix (error->message, msg), "%s", error->message);
  g_clear_error (&error);
  clip = prw_source_clip_new_from_file (path, "07:00:00;00", NULL, &error);
  fail_unless (clip == NULL);
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE));
}
GST_END_TEST;

/* A given start replaces the file's, and the origin says so. */
GST_START_TEST (test_source_given_start_wins)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwSourceClip) clip = NULL;
  g_autoptr (PrwTimecode) given = NULL;

  clip = prw_source_clip_new_from_file (paths[2], "12:00:00;00", NULL, &error);
  fail_unless (clip != NULL, "%s", error ? error->message : "?");
  given = prw_timecode_new_from_string ("12:00:00;00", 30000, 1001, TRUE, NULL);
  fail_unless (
      prw_timecode_equal (prw_source_clip_get_start_timecode (clip), given));
  fail_unless (strstr (prw_source_clip_get_origin (
                           clip, PRW_SOURCE_CLIP_FACT_START_TIMECODE),
                       "10:00:59;28")
               != NULL);
}
GST_END_TEST;

static void
assert_refused (const gchar *name, gint code, const gchar *reason)
{
  g_autofree gchar *path = in_dir (name);
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwSourceClip) clip = NULL;
  g_autofree gchar *stderr_text = NULL;
  g_autofree gchar *prefix = g_strdup_printf ("%s: ", path);
  Capture capture;

  capture_stderr (&capture);
  clip = prw_source_clip_new_from_file (path, NULL, NULL, &error);
  stderr_text = end_capture (&capture);
  fail_unless (clip == NULL, "%s was accepted", name);
  fail_unless (error->domain == PRW_ERROR && error->code == code,
               "%s: code %d: %s", name, error->code, error->message);
  fail_unless (g_str_has_prefix (error->message, prefix), "%s", error->message);
  fail_unless (strchr (error->message, '\n') == NULL);
  fail_unless (strstr (error->message, reason) != NULL, "%s", error->message);
  /* libavformat's own complaints stay out of the user's terminal */
  fail_unless_equals_string (stderr_text, "");
}

GST_START_TEST (test_source_truncated)
{
  assert_refused ("cut-op1a.mxf", PRW_ERROR_CORRUPT,
                  "truncated: its last frame (frame 6) is cut short");
  assert_refused ("cut-opatom.mxf", PRW_ERROR_CORRUPT, "truncated");
  assert_refused ("half.mov", PRW_ERROR_CORRUPT, "truncated");
}
GST_END_TEST;

/* An MXF file cut inside its header partition is not "not a movie": it is
 * refused as damaged or truncated, naming what libavformat knows it as; an
 * empty file is refused as such. */
GST_START_TEST (test_source_truncated_header)
{
  assert_refused ("cut-header.mxf", PRW_ERROR_CORRUPT,
                  "damaged or truncated: libavformat knows it as MXF "
                  "(Material eXchange Format) but cannot read it (");
  assert_refused ("empty.mxf", PRW_ERROR_CORRUPT, "empty (0 bytes)");
}
GST_END_TEST;

GST_START_TEST (test_source_unreadable)
{
  assert_refused ("notes.txt", PRW_ERROR_UNSUPPORTED,
                  "not a movie libavformat can read");
  assert_refused ("clip.mkv", PRW_ERROR_UNSUPPORTED,
                  "the frame count cannot be known exactly");
  assert_refused ("missing.mxf", PRW_ERROR_NOT_FOUND,
                  "No such file or directory");
  assert_refused ("folder.mxf", PRW_ERROR_IO, "");
}
GST_END_TEST;

GST_START_TEST (test_source_cancelled)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  PrwSourceClip *clip;

  g_cancellable_cancel (cancellable);
  clip = prw_source_clip_new_from_file (paths[0], NULL, cancellable, &error);
  fail_unless (clip == NULL);
  fail_unless (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
}
GST_END_TEST;

/* Values given by the caller. */
GST_START_TEST (test_source_given)
{
  g_autoptr (PrwTimecode) start = NULL;
  g_autoptr (PrwSourceClip) clip = NULL;
  g_autoptr (PrwTimecode) last = NULL;
  g_autofree gchar *label = NULL;

  start = prw_timecode_new_from_string ("23:59:59;29", 30000, 1001, TRUE, NULL);
  clip = prw_source_clip_new ("A001C007", "A001", start, 3, 4096, 2160);
  fail_unless (clip != NULL);
  fail_unless_equals_string (prw_source_clip_get_clip_name (clip), "A001C007");
  fail_unless_equals_string (prw_source_clip_get_reel (clip), "A001");
  fail_unless_equals_int64 (prw_source_clip_get_frame_count (clip), 3);
  fail_unless_equals_int (prw_source_clip_get_rate_num (clip), 30000);
  fail_unless_equals_int (prw_source_clip_get_rate_den (clip), 1001);
  fail_unless_equals_int (prw_source_clip_get_width (clip), 4096);
  fail_unless_equals_int (prw_source_clip_get_height (clip), 2160);
  fail_unless (prw_source_clip_get_path (clip) == NULL);
  fail_unless (prw_source_clip_get_format (clip) == NULL);
  fail_unless_equals_string (
      prw_source_clip_get_origin (clip, PRW_SOURCE_CLIP_FACT_FRAME_COUNT),
      "given by the caller");
  last = prw_source_clip_get_last_timecode (clip);
  label = prw_timecode_to_string (last);
  fail_unless_equals_string (label, "00:00:00;01");
  g_clear_object (&clip);

  /* no reel, no size */
  clip = prw_source_clip_new ("X", NULL, start, 1, 0, 0);
  fail_unless (prw_source_clip_get_reel (clip) == NULL);
  fail_unless (prw_source_clip_get_origin (clip, PRW_SOURCE_CLIP_FACT_SIZE)
               == NULL);
  fail_unless_equals_int (prw_source_clip_get_width (clip), 0);
}
GST_END_TEST;

/* What a camera original may be, a base or segment still may not: the
 * probe print uses refuses the H.264 movie and the one without timecode. */
GST_START_TEST (test_source_print_rules_unchanged)
{
  g_autofree gchar *notc = in_dir ("NOTC.mov");
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) info = NULL;
  g_autofree gchar *msg = g_strdup_printf ("%s: video codec 'avc1' is not "
                                           "ProRes",
                                           paths[7]);

  info = prw_probe_file (paths[7], NULL, &error);
  fail_unless (info == NULL);
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED));
  fail_unless_equals_string (error->message, msg);
  g_clear_error (&error);
  info = prw_probe_file (notc, NULL, &error);
  fail_unless (info == NULL);
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED), "%s",
               error->message);
  fail_unless (strstr (error->message, "'mp4v' is not ProRes") != NULL);
}
GST_END_TEST;

/* Interlaced sources say so (blank rushes refuse them); a progressive
 * one does not. */
GST_START_TEST (test_source_interlaced)
{
  const struct {
    const gchar *name;
    gboolean interlaced;
    const gchar *format;
  } files[] = {
    { "interlaced.mov", TRUE, "QuickTime, ProRes 422" },
    { "interlaced.mxf", TRUE, "MXF OP1a, dnxhd" },
    { "progressive.mov", FALSE, "QuickTime, ProRes 422" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree gchar *path = in_dir (files[i].name);
    g_autoptr (GError) error = NULL;
    g_autoptr (PrwSourceClip) clip
        = prw_source_clip_new_from_file (path, NULL, NULL, &error);

    fail_unless (clip != NULL, "%s", error ? error->message : "?");
    fail_unless_equals_int (prw_source_clip_get_interlaced (clip),
                            files[i].interlaced);
    fail_unless_equals_string (prw_source_clip_get_format (clip),
                               files[i].format);
  }
}
GST_END_TEST;

/* A QuickTime movie without 'fiel': its scan as its video bitstream says
 * it (libavformat reads the first frames' headers); its pixel aspect from
 * 'pasp'. A blank rush for it takes that pixel aspect. */
GST_START_TEST (test_source_bitstream_picture)
{
  g_autofree gchar *il_path = in_dir ("interlaced-h264.mov");
  g_autofree gchar *ana_path = in_dir ("anamorphic-h264.mov");
  g_autofree gchar *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwSourceClip) il = NULL;
  g_autoptr (PrwSourceClip) ana = NULL;
  g_autoptr (PrwBlankRush) rush = NULL;
  gsize length;
  guint par_n = 9, par_d = 9;

  fail_unless (g_file_get_contents (il_path, &contents, &length, NULL));
  fail_unless (g_strstr_len (contents, (gssize) length, "fiel") == NULL);
  il = prw_source_clip_new_from_file (il_path, NULL, NULL, &error);
  fail_unless (il != NULL, "%s", error ? error->message : "?");
  fail_unless (prw_source_clip_get_interlaced (il));
  fail_unless (
      strstr (prw_source_clip_get_origin (il, PRW_SOURCE_CLIP_FACT_SCAN),
              "libavformat")
      != NULL);
  rush = prw_blank_rush_new_for_source (il, &error);
  fail_unless (rush == NULL);
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED));
  fail_unless (strstr (error->message, il_path) != NULL, "%s", error->message);
  g_clear_error (&error);

  ana = prw_source_clip_new_from_file (ana_path, NULL, NULL, &error);
  fail_unless (ana != NULL, "%s", error ? error->message : "?");
  fail_if (prw_source_clip_get_interlaced (ana));
  fail_unless_equals_string (
      prw_source_clip_get_origin (ana, PRW_SOURCE_CLIP_FACT_SCAN),
      "the video bitstream's field order, via libavformat (the movie has no "
      "'fiel')");
  fail_unless (prw_source_clip_get_pixel_aspect (ana, &par_n, &par_d));
  fail_unless_equals_int (par_n, 2);
  fail_unless_equals_int (par_d, 1);
  fail_unless (strstr (prw_source_clip_get_origin (
                           ana, PRW_SOURCE_CLIP_FACT_PIXEL_ASPECT),
                       "'pasp'")
               != NULL);
  fail_unless_equals_int (prw_source_clip_get_width (ana), 320);

  rush = prw_blank_rush_new_for_source (ana, &error);
  fail_unless (rush != NULL, "%s", error ? error->message : "?");
  prw_blank_rush_get_pixel_aspect (rush, &par_n, &par_d);
  fail_unless (par_n == 2 && par_d == 1);
  /* a given format is square until told otherwise */
  fail_unless (prw_blank_rush_set_format (rush, "lt", 320, 180, &error));
  prw_blank_rush_get_pixel_aspect (rush, &par_n, &par_d);
  fail_unless (par_n == 1 && par_d == 1);
  prw_blank_rush_set_pixel_aspect (rush, 4, 2);
  prw_blank_rush_get_pixel_aspect (rush, &par_n, &par_d);
  fail_unless (par_n == 2 && par_d == 1);

  /* a clip given by the caller has none */
  {
    g_autoptr (PrwTimecode) tc = prw_timecode_new (25, 1, FALSE, 0);
    g_autoptr (PrwSourceClip) given
        = prw_source_clip_new ("G", NULL, tc, 5, 320, 180);

    fail_if (prw_source_clip_get_pixel_aspect (given, &par_n, &par_d));
    fail_unless (par_n == 0 && par_d == 0);
    fail_unless (prw_source_clip_get_origin (given, PRW_SOURCE_CLIP_FACT_SCAN)
                 == NULL);
  }
}
GST_END_TEST;

/* A start whose separator says the other drop-frame flag than the file's
 * timecode is refused, naming both; the file's flag is never changed by
 * how a label is written. */
GST_START_TEST (test_source_given_start_other_drop_flag)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwSourceClip) clip = NULL;

  /* paths[2]: 29.97 drop frame, from 10:00:59;28 */
  clip = prw_source_clip_new_from_file (paths[2], "12:00:00:00", NULL, &error);
  fail_unless (clip == NULL);
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE));
  fail_unless (strstr (error->message, "12:00:00:00") != NULL, "%s",
               error->message);
  fail_unless (strstr (error->message, "10:00:59;28") != NULL, "%s",
               error->message);
  fail_unless (g_str_has_prefix (error->message, paths[2]), "%s",
               error->message);
}
GST_END_TEST;

static Suite *
source_suite (void)
{
  Suite *s = suite_create ("source");
  TCase *tc = tcase_create ("source");

  tcase_set_timeout (tc, 300);
  tcase_add_unchecked_fixture (tc, make_files, remove_files);
  tcase_add_loop_test (tc, test_source_file, 0, G_N_ELEMENTS (cases));
  tcase_add_test (tc, test_source_no_timecode);
  tcase_add_test (tc, test_source_given_start_wins);
  tcase_add_test (tc, test_source_truncated);
  tcase_add_test (tc, test_source_truncated_header);
  tcase_add_test (tc, test_source_unreadable);
  tcase_add_test (tc, test_source_cancelled);
  tcase_add_test (tc, test_source_given);
  tcase_add_test (tc, test_source_interlaced);
  tcase_add_test (tc, test_source_bitstream_picture);
  tcase_add_test (tc, test_source_given_start_other_drop_flag);
  tcase_add_test (tc, test_source_print_rules_unchanged);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (source);
