/* libproreswriter: probing real movies
 *
 * The movies are made once per run by the fixture helper (GStreamer's
 * avenc_prores_ks + qtmux, or the ffmpeg CLI for rates above 60 fps and reel
 * names). What the probe reports is checked against the spec each movie was
 * made from and against ffmpeg/ffprobe, which read the same files
 * independently: the start timecode, the number of video packets and the
 * md5 of every packet (which checks the expanded sample table byte for
 * byte), and the audio stream's format.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

#include "prw-fixture.h"
#include "prw-media-info-private.h"

typedef struct {
  const gchar *name;
  guint rate_num, rate_den;
  gboolean drop;
  const gchar *start; /* as the spec gives it, and as it must be reported */
  gint64 frames;
  const gchar *profile;
  const gchar *fourcc;
  const gchar *flavour;
  guint audio_channels;
  const gchar *reel;          /* given to the fixture */
  const gchar *expected_reel; /* what the movie then holds */
  const gchar *colour;
  const gchar *expected_colour; /* the nclc code points of that colour */
  guint width, height;
} MovieCase;

/* qtmux (the GStreamer path) always names the reel "Tape"; ffmpeg writes
 * the reel given (or none). The nclc code points are ITU-T H.273's: BT.709 is
 * 1-1-1, BT.601 (SMPTE 170M) 6-6-6, BT.2020 (10-bit, non-constant) 9-14-9. */
static const MovieCase cases[] = {
  { "25fps", 25, 1, FALSE, "01:00:00:00", 25, "hq", "apch", "ProRes 422 HQ", 2,
    NULL, "Tape", "bt709", "nclc 1-1-1", 128, 96 },
  { "23976", 24000, 1001, FALSE, "10:00:00:00", 24, "proxy", "apco",
    "ProRes 422 Proxy", 0, NULL, "Tape", "bt601", "nclc 6-6-6", 160, 120 },
  { "2997df", 30000, 1001, TRUE, "00:59:59;00", 40, "lt", "apcs",
    "ProRes 422 LT", 0, NULL, "Tape", NULL, NULL, 128, 96 },
  { "5994df", 60000, 1001, TRUE, "01:00:00;00", 30, "standard", "apcn",
    "ProRes 422", 2, NULL, "Tape", NULL, NULL, 128, 96 },
  { "120fps", 120, 1, FALSE, "01:00:00:000", 30, "4444xq", "ap4x",
    "ProRes 4444 XQ", 0, "A001", "A001", "bt2020", "nclc 9-14-9", 128, 96 },
  /* ffmpeg without a reel name: a 16-bit zero ends its tmcd description */
  { "100fps", 100, 1, FALSE, "23:59:59:99", 20, "4444", "ap4h", "ProRes 4444",
    0, NULL, NULL, NULL, NULL, 128, 96 },
};

static gchar *dir;
static gchar *movie_paths[G_N_ELEMENTS (cases)];
static gchar *no_tmcd_path;

static void
make_movies (void)
{
  dir = prw_fixture_make_tmpdir ("probe");
  fail_unless (dir != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    const MovieCase *c = &cases[i];
    g_autoptr (GError) error = NULL;
    g_autofree gchar *name = g_strdup_printf ("%s.mov", c->name);
    PrwFixtureSpec spec = { 0 };

    movie_paths[i] = g_build_filename (dir, name, NULL);
    spec.path = movie_paths[i];
    spec.width = c->width;
    spec.height = c->height;
    spec.rate_num = c->rate_num;
    spec.rate_den = c->rate_den;
    spec.drop_frame = c->drop;
    spec.start_timecode = c->start;
    spec.frames = c->frames;
    spec.profile = c->profile;
    spec.audio_channels = c->audio_channels;
    spec.reel_name = c->reel;
    spec.colour = c->colour;
    fail_unless (prw_fixture_make_movie (&spec, &error), "making %s: %s",
                 spec.path, error ? error->message : "?");
  }

  {
    g_autoptr (GError) error = NULL;
    PrwFixtureSpec spec = { 0 };

    no_tmcd_path = g_build_filename (dir, "no-tmcd.mov", NULL);
    spec.path = no_tmcd_path;
    spec.rate_num = 25;
    spec.rate_den = 1;
    spec.frames = 10;
    spec.start_timecode = NULL;
    fail_unless (prw_fixture_make_movie (&spec, &error), "making %s: %s",
                 spec.path, error ? error->message : "?");
  }

  /* This runs in the runner process, before the tests fork. */
  prw_fixture_stop_threads ();
}

static void
remove_movies (void)
{
  prw_fixture_rm_rf (dir);
  g_clear_pointer (&dir, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_clear_pointer (&movie_paths[i], g_free);
  g_clear_pointer (&no_tmcd_path, g_free);
}

static gchar *
in_dir (const gchar *name)
{
  return g_build_filename (dir, name, NULL);
}

/* ---- independent readers ----------------------------------------------- */

static gchar *
run_ffprobe (const gchar *const *argv)
{
  g_autoptr (GError) error = NULL;
  gchar *out = NULL;
  gint status = 0;

  fail_unless (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH,
                             NULL, NULL, &out, NULL, &status, &error),
               "ffprobe: %s", error ? error->message : "?");
  fail_unless (g_spawn_check_wait_status (status, &error), "ffprobe: %s",
               error ? error->message : "?");
  return g_strstrip (out);
}

/* "sowt 2 ch 48000 Hz" from ffprobe's view of the first audio stream */
static gchar *
ffprobe_audio_description (const gchar *path)
{
  const gchar *argv[] = { "ffprobe",
                          "-v",
                          "error",
                          "-select_streams",
                          "a:0",
                          "-show_entries",
                          "stream=codec_tag_string,channels,sample_rate",
                          "-of",
                          "default=nw=1",
                          path,
                          NULL };
  g_autofree gchar *out = run_ffprobe (argv);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  const gchar *tag = NULL, *channels = NULL, *rate = NULL;

  for (guint i = 0; lines[i] != NULL; i++) {
    if (g_str_has_prefix (lines[i], "codec_tag_string="))
      tag = lines[i] + strlen ("codec_tag_string=");
    else if (g_str_has_prefix (lines[i], "channels="))
      channels = lines[i] + strlen ("channels=");
    else if (g_str_has_prefix (lines[i], "sample_rate="))
      rate = lines[i] + strlen ("sample_rate=");
  }
  fail_unless (tag && channels && rate, "ffprobe said: %s", out);
  return g_strdup_printf ("%s %s ch %s Hz", tag, channels, rate);
}

/* The number of audio streams ffprobe sees. */
static guint
ffprobe_n_audio (const gchar *path)
{
  const gchar *argv[] = { "ffprobe",
                          "-v",
                          "error",
                          "-select_streams",
                          "a",
                          "-show_entries",
                          "stream=index",
                          "-of",
                          "csv=p=0",
                          path,
                          NULL };
  g_autofree gchar *out = run_ffprobe (argv);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += lines[i][0] != '\0';
  return n;
}

/* "HH:MM:SS:FF" / "HH:MM:SS;FF" (any number of frame digits) */
static void
parse_label (const gchar *label, guint *h, guint *m, guint *s, guint *f,
             gboolean *drop)
{
  gchar sep = 0;

  fail_unless (sscanf (label, "%2u:%2u:%2u%c%u", h, m, s, &sep, f) == 5,
               "cannot read timecode \"%s\"", label);
  fail_unless (sep == ':' || sep == ';' || sep == '.' || sep == ',', "%s",
               label);
  *drop = sep == ';' || sep == ',';
}

/* The top-level atoms of a file, read plainly: type and [offset, end). */
typedef struct {
  gchar type[5];
  guint64 offset, end;
} TopAtom;

/* The file's top-level atoms, read with the library's atom-header routine. */
static GArray *
top_level_atoms (const guint8 *data, gsize size)
{
  GArray *atoms = g_array_new (FALSE, TRUE, sizeof (TopAtom));
  GstByteReader r;

  fail_unless (size <= G_MAXUINT);
  gst_byte_reader_init (&r, data, (guint) size);
  while (gst_byte_reader_get_remaining (&r) >= 8) {
    TopAtom a = { { 0 } };
    PrwAtom atom;
    guint64 len;

    fail_unless (prw_qt_atom_header_read (&r, &atom) == PRW_QT_HEADER_OK);
    prw_fourcc_to_string (atom.type, a.type);
    len = atom.size == 0 ? size - atom.offset : atom.size;
    fail_unless (len >= 8 && len <= size - atom.offset, "bad top-level atom %s",
                 a.type);
    a.offset = atom.offset;
    a.end = atom.offset + len;
    g_array_append_val (atoms, a);
    gst_byte_reader_set_pos (&r, (guint) a.end);
  }
  fail_unless (gst_byte_reader_get_pos (&r) == size);
  return atoms;
}

static const TopAtom *
find_top (GArray *atoms, const gchar *type)
{
  for (guint i = 0; i < atoms->len; i++)
    if (strcmp (g_array_index (atoms, TopAtom, i).type, type) == 0)
      return &g_array_index (atoms, TopAtom, i);
  return NULL;
}

/* ---- good movies ------------------------------------------------------- */

GST_START_TEST (test_probe_movie)
{
  const MovieCase *c = &cases[__i__];
  const gchar *path = movie_paths[__i__];
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) info = NULL;
  g_autofree gchar *label = NULL;
  g_autofree gchar *ff_label = NULL;
  g_autoptr (GPtrArray) md5s = NULL;
  g_autofree gchar *contents = NULL;
  gsize length = 0;
  const PrwQtTrack *video;
  const PrwTimecode *start;
  GStatBuf st;
  guint h, m, s, f, ff_h, ff_m, ff_s, ff_f;
  gboolean ff_drop;

  info = prw_probe_file (path, NULL, &error);
  fail_unless (info != NULL, "%s", error ? error->message : "?");

  /* what it was made as */
  assert_equals_string (prw_media_info_get_path (info), path);
  assert_equals_string (prw_media_info_get_codec_fourcc (info), c->fourcc);
  assert_equals_string (prw_media_info_get_codec_name (info), c->flavour);
  assert_equals_int (prw_media_info_get_width (info), c->width);
  assert_equals_int (prw_media_info_get_height (info), c->height);
  assert_equals_int (prw_media_info_get_rate_num (info), c->rate_num);
  assert_equals_int (prw_media_info_get_rate_den (info), c->rate_den);
  assert_equals_int64 (prw_media_info_get_frame_count (info), c->frames);
  assert_equals_string (prw_media_info_get_reel_name (info), c->expected_reel);
  if (c->expected_colour != NULL)
    assert_equals_string (prw_media_info_get_colour (info), c->expected_colour);
  assert_equals_int (prw_media_info_get_n_audio_tracks (info),
                     c->audio_channels ? 1 : 0);
  fail_unless (g_stat (path, &st) == 0);
  assert_equals_uint64 (prw_media_info_get_file_size (info),
                        (guint64) st.st_size);

  start = prw_media_info_get_start_timecode (info);
  fail_unless (start != NULL);
  assert_equals_int (start->rate_num, c->rate_num);
  assert_equals_int (start->rate_den, c->rate_den);
  assert_equals_int (start->drop_frame, c->drop);
  label = prw_timecode_to_string (start);
  assert_equals_string (label, c->start);

  /* what ffprobe reads: the same start label */
  ff_label = prw_fixture_ffprobe_timecode (path, &error);
  fail_unless (ff_label != NULL, "%s", error ? error->message : "?");
  parse_label (ff_label, &ff_h, &ff_m, &ff_s, &ff_f, &ff_drop);
  prw_timecode_get_components (start, &h, &m, &s, &f);
  assert_equals_int (h, ff_h);
  assert_equals_int (m, ff_m);
  assert_equals_int (s, ff_s);
  assert_equals_int (f, ff_f);
  assert_equals_int (start->drop_frame, ff_drop);

  /* ffmpeg's packets are the probe's samples, byte for byte */
  md5s = prw_fixture_video_packet_md5s (path, &error);
  fail_unless (md5s != NULL, "%s", error ? error->message : "?");
  assert_equals_int64 ((gint64) md5s->len, c->frames);
  video = prw_media_info_get_video_track (info);
  fail_unless (video != NULL);
  assert_equals_uint64 (video->n_samples, md5s->len);
  fail_unless (g_file_get_contents (path, &contents, &length, &error));
  for (guint i = 0; i < md5s->len; i++) {
    g_autofree gchar *md5 = NULL;

    fail_unless (video->samples[i].offset + video->samples[i].size <= length);
    md5 = g_compute_checksum_for_data (
        G_CHECKSUM_MD5, (const guchar *) contents + video->samples[i].offset,
        video->samples[i].size);
    assert_equals_string (md5, g_ptr_array_index (md5s, i));
  }

  /* and ffprobe's audio */
  assert_equals_int (prw_media_info_get_n_audio_tracks (info),
                     ffprobe_n_audio (path));
  if (c->audio_channels > 0) {
    g_autofree gchar *ff_audio = ffprobe_audio_description (path);

    assert_equals_string (prw_media_info_get_audio_description (info, 0),
                          ff_audio);
  }
}
GST_END_TEST;

/* Probing reads a movie without touching it. */
GST_START_TEST (test_probe_leaves_input_untouched)
{
  const gchar *path = movie_paths[0];
  g_autofree gchar *before = prw_fixture_file_md5 (path);
  g_autofree gchar *after = NULL;
  g_autoptr (GError) error = NULL;
  GStatBuf st_before, st_after;

  fail_unless (before != NULL);
  fail_unless (g_stat (path, &st_before) == 0);
  for (guint i = 0; i < 3; i++) {
    g_autoptr (PrwMediaInfo) info = prw_probe_file (path, NULL, &error);

    fail_unless (info != NULL, "%s", error ? error->message : "?");
  }
  after = prw_fixture_file_md5 (path);
  fail_unless (g_stat (path, &st_after) == 0);
  assert_equals_string (after, before);
  assert_equals_uint64 ((guint64) st_after.st_mtime,
                        (guint64) st_before.st_mtime);
  assert_equals_uint64 ((guint64) st_after.st_size,
                        (guint64) st_before.st_size);
}
GST_END_TEST;

GST_START_TEST (test_probe_cancelled)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) info = NULL;

  g_cancellable_cancel (cancellable);
  info = prw_probe_file (movie_paths[0], cancellable, &error);
  fail_unless (info == NULL);
  fail_unless (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
}
GST_END_TEST;

/* ---- errors ------------------------------------------------------------ */

/* Probes path, which must fail with code; the message is one line, starts
 * with "path: " and holds reason. */
static void
assert_probe_fails (const gchar *path, gint code, const gchar *reason)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) info = prw_probe_file (path, NULL, &error);
  g_autofree gchar *prefix = g_strdup_printf ("%s: ", path);

  fail_unless (info == NULL, "%s probed fine", path);
  fail_unless (error != NULL);
  fail_unless (error->domain == PRW_ERROR, "%s", error->message);
  fail_unless (error->code == code, "expected code %d, got %d: %s", code,
               error->code, error->message);
  fail_unless (g_str_has_prefix (error->message, prefix), "%s", error->message);
  fail_unless (strchr (error->message, '\n') == NULL, "%s", error->message);
  fail_unless (strstr (error->message, reason) != NULL,
               "\"%s\" is not in \"%s\"", reason, error->message);
}

static void
write_file (const gchar *path, const gchar *data, gssize size)
{
  g_autoptr (GError) error = NULL;

  fail_unless (g_file_set_contents (path, data, size, &error), "%s",
               error ? error->message : "?");
}

GST_START_TEST (test_probe_empty_file)
{
  g_autofree gchar *path = in_dir ("empty.mov");

  write_file (path, "", 0);
  assert_probe_fails (path, PRW_ERROR_NOT_QUICKTIME, "empty file");
}
GST_END_TEST;

GST_START_TEST (test_probe_text_file)
{
  g_autofree gchar *path = in_dir ("x.mov");

  write_file (path, "This is a text file with a movie's name.\n", -1);
  assert_probe_fails (path, PRW_ERROR_NOT_QUICKTIME, "not a QuickTime movie");
}
GST_END_TEST;

GST_START_TEST (test_probe_directory)
{
  g_autofree gchar *path = in_dir ("folder.mov");

  fail_unless (g_mkdir (path, 0755) == 0);
  assert_probe_fails (path, PRW_ERROR_IO, "is a directory");
}
GST_END_TEST;

/* A FIFO must be refused, not waited on. */
GST_START_TEST (test_probe_fifo)
{
  g_autofree gchar *path = in_dir ("fifo.mov");

  fail_unless (mkfifo (path, 0644) == 0, "%s", g_strerror (errno));
  assert_probe_fails (path, PRW_ERROR_IO, "not a regular file");
}
GST_END_TEST;

GST_START_TEST (test_probe_missing)
{
  g_autofree gchar *path = in_dir ("nothing here.mov");
  g_autofree gchar *through_file
      = g_build_filename (movie_paths[0], "x.mov", NULL);

  assert_probe_fails (path, PRW_ERROR_NOT_FOUND, g_strerror (ENOENT));
  assert_probe_fails (through_file, PRW_ERROR_NOT_FOUND, g_strerror (ENOTDIR));
}
GST_END_TEST;

GST_START_TEST (test_probe_unreadable)
{
  g_autofree gchar *path = in_dir ("unreadable.mov");
  g_autofree gchar *contents = NULL;
  gsize length;

  fail_unless (g_file_get_contents (movie_paths[0], &contents, &length, NULL));
  write_file (path, contents, (gssize) length);
  fail_unless (g_chmod (path, 0) == 0);

  if (geteuid () == 0 || access (path, R_OK) == 0) {
    /* Running as root (as the test containers do): chmod 000 does not stop
     * root from reading, so no permission error can be made here. The same
     * path in the reader (open() fails -> "path: strerror") is exercised
     * with the faults root cannot bypass instead: a file that vanishes and a
     * path through a regular file. The unreadable file itself must still
     * probe correctly. */
    g_autofree gchar *gone = in_dir ("unreadable-gone.mov");
    g_autofree gchar *through
        = g_build_filename (movie_paths[0], "inner.mov", NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (PrwMediaInfo) info = prw_probe_file (path, NULL, &error);

    fail_unless (info != NULL, "%s", error ? error->message : "?");
    assert_equals_int64 (prw_media_info_get_frame_count (info),
                         cases[0].frames);

    fail_unless (g_rename (path, gone) == 0);
    assert_probe_fails (path, PRW_ERROR_NOT_FOUND, g_strerror (ENOENT));
    assert_probe_fails (through, PRW_ERROR_NOT_FOUND, g_strerror (ENOTDIR));
    fail_unless (g_rename (gone, path) == 0);
  } else {
    assert_probe_fails (path, PRW_ERROR_PERMISSION_DENIED, g_strerror (EACCES));
  }
  fail_unless (g_chmod (path, 0644) == 0);
}
GST_END_TEST;

/* Copies of a real movie cut inside mdat and inside moov. */
GST_START_TEST (test_probe_truncated)
{
  g_autofree gchar *contents = NULL;
  g_autofree gchar *mid_mdat = in_dir ("cut-mid-mdat.mov");
  g_autofree gchar *mid_moov = in_dir ("cut-mid-moov.mov");
  g_autofree gchar *moov_end = in_dir ("cut-before-moov-end.mov");
  g_autoptr (GArray) atoms = NULL;
  const TopAtom *mdat, *moov;
  gsize length;

  fail_unless (g_file_get_contents (movie_paths[0], &contents, &length, NULL));
  atoms = top_level_atoms ((const guint8 *) contents, length);
  mdat = find_top (atoms, "mdat");
  moov = find_top (atoms, "moov");
  fail_unless (mdat != NULL && moov != NULL);
  /* qtmux writes the moov last */
  fail_unless (moov->offset > mdat->offset && moov->end == length);

  write_file (mid_mdat, contents, (gssize) ((mdat->offset + mdat->end) / 2));
  assert_probe_fails (mid_mdat, PRW_ERROR_CORRUPT, "truncated");
  assert_probe_fails (mid_mdat, PRW_ERROR_CORRUPT, "'mdat'");

  write_file (mid_moov, contents, (gssize) ((moov->offset + moov->end) / 2));
  assert_probe_fails (mid_moov, PRW_ERROR_CORRUPT, "truncated");
  assert_probe_fails (mid_moov, PRW_ERROR_CORRUPT, "'moov'");

  write_file (moov_end, contents, (gssize) length - 1);
  assert_probe_fails (moov_end, PRW_ERROR_CORRUPT, "truncated");
  assert_probe_fails (moov_end, PRW_ERROR_CORRUPT, "'moov'");

  /* and cut exactly where the moov would start: no moov at all */
  write_file (moov_end, contents, (gssize) moov->offset);
  assert_probe_fails (moov_end, PRW_ERROR_CORRUPT, "no movie header (moov)");
}
GST_END_TEST;

GST_START_TEST (test_probe_no_timecode_track)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *ff = prw_fixture_ffprobe_timecode (no_tmcd_path, &error);

  /* ffprobe agrees there is none */
  fail_unless (ff == NULL, "ffprobe reads timecode %s", ff);
  assert_probe_fails (no_tmcd_path, PRW_ERROR_NO_TIMECODE, "no timecode track");
}
GST_END_TEST;

/* A video edit list that does not play the samples from the first one at
 * normal speed would make qtdemux's n-th frame differ from sample n: the
 * probe refuses it, naming the file. The movie is a real one with its
 * video elst patched (media time 1; then rate 0.5). */
GST_START_TEST (test_probe_edit_list)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwQtMovie) movie
      = prw_qt_movie_read_file (movie_paths[0], &error);
  g_autofree gchar *contents = NULL;
  g_autofree gchar *shifted = in_dir ("elst-shifted.mov");
  g_autofree gchar *slowed = in_dir ("elst-slowed.mov");
  const PrwQtTrack *video;
  const guint8 *trak;
  guint64 i, elst = 0;
  gsize length;

  fail_unless (movie != NULL, "%s", error ? error->message : "?");
  video = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_VIDE, NULL);
  fail_unless (video != NULL);
  trak = movie->moov + video->trak.offset;
  for (i = 8; i + 4 <= video->trak.size; i++)
    if (memcmp (trak + i, "elst", 4) == 0)
      elst = movie->moov_offset + video->trak.offset + i - 4;
  fail_unless (elst != 0, "the fixture's video track has no edit list");

  fail_unless (g_file_get_contents (movie_paths[0], &contents, &length, NULL));
  /* version 0: size type vflags count | duration media_time rate */
  fail_unless_equals_int (prw_fixture_read_be32 (contents + elst + 12), 1);
  fail_unless_equals_int (prw_fixture_read_be32 (contents + elst + 20), 0);
  fail_unless_equals_int (prw_fixture_read_be32 (contents + elst + 24),
                          0x10000);

  prw_fixture_write_be32 (contents + elst + 20, 1);
  write_file (shifted, contents, (gssize) length);
  assert_probe_fails (shifted, PRW_ERROR_UNSUPPORTED, "edit list");

  prw_fixture_write_be32 (contents + elst + 20, 0);
  prw_fixture_write_be32 (contents + elst + 24, 0x8000);
  write_file (slowed, contents, (gssize) length);
  assert_probe_fails (slowed, PRW_ERROR_UNSUPPORTED, "edit list");
}
GST_END_TEST;

/* Timecode tracks as cameras and decks write them (field cases C05, C06),
 * patched into real movies by the fixture: at a whole fraction of the
 * video's rate, the start is read at the video's rate with the same label
 * (ffprobe, which reads the track at its own rate, agrees on the label);
 * the drop-frame flag at a rate without drop frame is read as non-drop,
 * with a warning naming the file. */
GST_START_TEST (test_probe_timecode_as_cameras_write_it)
{
  static const struct {
    const gchar *name;
    guint rate_num, rate_den;
    gboolean drop;
    const gchar *start;
    guint tmcd_num, tmcd_den;
    gboolean drop_flag;
    gint64 frames;          /* the start, in video frames */
    const gchar *ffprobe;   /* what ffprobe reads, or NULL: not asked */
    const gchar *warned_at; /* the rate in the warning, or NULL: none */
  } movies[] = {
    { "5994-tc2997df", 60000, 1001, TRUE, "10:00:00;00", 30000, 1001, FALSE,
      2157840, "10:00:00;00", NULL },
    { "5994-tc2997df-late", 60000, 1001, TRUE, "10:00:01;20", 30000, 1001,
      FALSE, 2157920, "10:00:01;10", NULL },
    { "11988-tc2997df", 120000, 1001, TRUE, "10:00:01;040", 30000, 1001, FALSE,
      4315840, "10:00:01;10", NULL },
    { "50-tc25", 50, 1, FALSE, "01:00:00:10", 25, 1, FALSE, 180010,
      "01:00:00:05", NULL },
    { "24-df-flag", 24, 1, FALSE, "19:36:00:00", 0, 0, TRUE, 1693440, NULL,
      "24 fps" },
    { "25-df-flag", 25, 1, FALSE, "01:00:00:00", 0, 0, TRUE, 90000, NULL,
      "25 fps" },
    { "23976-df-flag", 24000, 1001, FALSE, "01:00:00:00", 0, 0, TRUE, 86400,
      NULL, "23.976 fps" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (movies); i++) {
    g_autoptr (GError) error = NULL;
    g_autofree gchar *name = g_strdup_printf ("%s.mov", movies[i].name);
    g_autofree gchar *path = in_dir (name);
    g_autoptr (PrwMediaInfo) info = NULL;
    g_autofree gchar *label = NULL;
    const gchar *const *warnings;
    const PrwTimecode *start;
    PrwFixtureSpec spec = { 0 };

    spec.path = path;
    spec.rate_num = movies[i].rate_num;
    spec.rate_den = movies[i].rate_den;
    spec.drop_frame = movies[i].drop;
    spec.start_timecode = movies[i].start;
    spec.frames = 4;
    spec.tmcd_rate_num = movies[i].tmcd_num;
    spec.tmcd_rate_den = movies[i].tmcd_den;
    spec.tmcd_drop_flag = movies[i].drop_flag;
    fail_unless (prw_fixture_make_movie (&spec, &error), "making %s: %s", path,
                 error ? error->message : "?");

    info = prw_probe_file (path, NULL, &error);
    fail_unless (info != NULL, "%s", error ? error->message : "?");
    start = prw_media_info_get_start_timecode (info);
    label = prw_timecode_to_string (start);
    fail_unless_equals_string (label, movies[i].start);
    fail_unless_equals_int64 (start->frames, movies[i].frames);
    fail_unless_equals_int (start->drop_frame, movies[i].drop);
    fail_unless_equals_int (start->rate_num, movies[i].rate_num);
    fail_unless_equals_int (start->rate_den, movies[i].rate_den);
    fail_unless_equals_int (prw_media_info_get_frame_count (info), 4);

    warnings = prw_media_info_get_warnings (info);
    if (movies[i].warned_at != NULL) {
      g_autofree gchar *expected = g_strdup_printf (
          "%s: its timecode track says drop frame at %s, where there is "
          "none; read as non-drop",
          path, movies[i].warned_at);

      fail_unless_equals_string (warnings[0], expected);
      fail_unless (warnings[1] == NULL);
    } else {
      fail_unless (warnings[0] == NULL, "%s", warnings[0]);
    }

    if (movies[i].ffprobe != NULL) {
      g_autofree gchar *ff = prw_fixture_ffprobe_timecode (path, &error);

      fail_unless (ff != NULL, "%s", error ? error->message : "?");
      fail_unless_equals_string (ff, movies[i].ffprobe);
    }
  }
}
GST_END_TEST;

/* Issue 12's refusals at probe, on real movies patched in memory (qtmux
 * writes the moov last, so growing it moves no sample). */

/* The file offset of the first atom of that type inside the atom at
 * [start, end) of contents (a plain scan of the atom's bytes). */
static gsize
find_inside (const gchar *contents, gsize start, gsize end, const gchar *type)
{
  for (gsize i = start + 8; i + 4 <= end; i++)
    if (memcmp (contents + i, type, 4) == 0)
      return i - 4;
  return 0;
}

/* movie_paths[0] with its video trak copied after itself as track 9. */
static gchar *
make_two_video (const gchar *name, GString **bytes_out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwQtMovie) movie
      = prw_qt_movie_read_file (movie_paths[0], &error);
  g_autofree gchar *contents = NULL;
  const PrwQtTrack *video;
  GString *bytes;
  gsize length, trak, trak_end, tkhd;
  gchar *path = in_dir (name);

  fail_unless (movie != NULL, "%s", error ? error->message : "?");
  fail_unless (movie->moov_offset + movie->moov_size
               == (guint64) movie->file_size);
  video = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_VIDE, NULL);
  fail_unless_equals_int (video->track_id, 1);
  fail_unless (g_file_get_contents (movie_paths[0], &contents, &length, NULL));
  trak = movie->moov_offset + video->trak.offset;
  trak_end = trak + video->trak.size;
  bytes = g_string_new_len (contents, trak_end);
  g_string_append_len (bytes, contents + trak, video->trak.size);
  g_string_append_len (bytes, contents + trak_end, length - trak_end);
  /* the copy's tkhd (version 0): track_ID at payload byte 12 */
  tkhd
      = find_inside (bytes->str, trak_end, trak_end + video->trak.size, "tkhd");
  fail_unless (tkhd != 0 && bytes->str[tkhd + 8] == 0);
  prw_fixture_write_be32 (bytes->str + tkhd + 8 + 12, 9);
  prw_fixture_write_be32 (bytes->str + movie->moov_offset,
                          (guint32) (movie->moov_size + video->trak.size));
  write_file (path, bytes->str, (gssize) bytes->len);
  if (bytes_out)
    *bytes_out = bytes;
  else
    g_string_free (bytes, TRUE);
  return path;
}

static void
assert_probe_full_fails (const gchar *path, guint track, gint code,
                         const gchar *reason)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) info
      = prw_probe_file_full (path, track, NULL, &error);

  fail_unless (info == NULL, "%s probed fine", path);
  fail_unless (error != NULL && error->domain == PRW_ERROR);
  fail_unless (error->code == code, "expected code %d, got %d: %s", code,
               error->code, error->message);
  fail_unless (g_str_has_prefix (error->message, path), "%s", error->message);
  fail_unless (strstr (error->message, reason) != NULL,
               "\"%s\" is not in \"%s\"", reason, error->message);
}

GST_START_TEST (test_probe_video_track_choice)
{
  g_autofree gchar *path = make_two_video ("two-video.mov", NULL);
  g_autofree gchar *listing = g_strdup_printf (
      "%s: 2 video tracks (track 1: apch 128x96, %" G_GINT64_FORMAT
      " frames; track 9: apch 128x96, %" G_GINT64_FORMAT
      " frames); choose one by its track ID",
      path, cases[0].frames, cases[0].frames);
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) info = NULL;

  /* no choice: refused, listing the video tracks */
  assert_probe_fails (path, PRW_ERROR_NO_VIDEO, listing);
  assert_probe_full_fails (path, 0, PRW_ERROR_NO_VIDEO, listing);
  /* an ID no video track has (2 is the timecode track) */
  assert_probe_full_fails (path, 2, PRW_ERROR_NO_VIDEO,
                           "no video track has ID 2 (track 1: ");
  assert_probe_full_fails (path, 5, PRW_ERROR_NO_VIDEO,
                           "no video track has ID 5");

  for (guint id = 1; id <= 9; id += 8) {
    g_clear_object (&info);
    info = prw_probe_file_full (path, id, NULL, &error);
    fail_unless (info != NULL, "%s", error ? error->message : "?");
    fail_unless_equals_int (prw_media_info_get_video_track (info)->track_id,
                            id);
    assert_equals_int64 (prw_media_info_get_frame_count (info),
                         cases[0].frames);
    fail_unless_equals_string (prw_media_info_get_codec_fourcc (info), "apch");
  }

  /* the movie's only video track may be named too, or not */
  g_clear_object (&info);
  info = prw_probe_file_full (movie_paths[0], 1, NULL, &error);
  fail_unless (info != NULL, "%s", error ? error->message : "?");
  assert_probe_full_fails (movie_paths[0], 3, PRW_ERROR_NO_VIDEO,
                           "no video track has ID 3 (track 1: apch 128x96");
}
GST_END_TEST;

GST_START_TEST (test_probe_external_data_and_fragments)
{
  g_autofree gchar *contents = NULL;
  g_autofree gchar *external = in_dir ("external-tc.mov");
  g_autofree gchar *fragment = in_dir ("fragment.mov");
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwQtMovie) movie
      = prw_qt_movie_read_file (movie_paths[0], &error);
  const PrwQtTrack *tmcd;
  gsize length, dref;
  GString *bytes;
  static const guint8 moof[]
      = { 0,   0,   0,   24,  'm', 'o', 'o', 'f', 0, 0, 0, 16,
          'm', 'f', 'h', 'd', 0,   0,   0,   0,   0, 0, 0, 1 };
  g_autofree gchar *frag_reason = NULL;
  g_autofree gchar *ext_reason = NULL;

  fail_unless (movie != NULL, "%s", error ? error->message : "?");
  fail_unless (g_file_get_contents (movie_paths[0], &contents, &length, NULL));

  /* the timecode's data reference loses its self-reference flag (qtmux
   * writes one 'alis' entry: dref payload = vflags count, then the entry) */
  tmcd = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_TMCD, NULL);
  dref = find_inside (contents, movie->moov_offset + tmcd->trak.offset,
                      movie->moov_offset + tmcd->trak.offset + tmcd->trak.size,
                      "dref");
  fail_unless (dref != 0);
  fail_unless (memcmp (contents + dref + 20, "alis", 4) == 0);
  fail_unless_equals_int (prw_fixture_read_be32 (contents + dref + 24), 1);
  prw_fixture_write_be32 (contents + dref + 24, 0);
  write_file (external, contents, (gssize) length);
  ext_reason = g_strdup_printf ("the timecode track (track %u) keeps its "
                                "data in another file (a 'alis' data "
                                "reference that names none); only "
                                "self-contained movies can be read",
                                tmcd->track_id);
  assert_probe_fails (external, PRW_ERROR_UNSUPPORTED, ext_reason);
  prw_fixture_write_be32 (contents + dref + 24, 1);

  /* a movie fragment after the moov */
  bytes = g_string_new_len (contents, length);
  g_string_append_len (bytes, (const gchar *) moof, sizeof moof);
  write_file (fragment, bytes->str, (gssize) bytes->len);
  g_string_free (bytes, TRUE);
  frag_reason = g_strdup_printf (
      "fragmented movie (moof at offset %" G_GSIZE_FORMAT "); not supported",
      length);
  assert_probe_fails (fragment, PRW_ERROR_UNSUPPORTED, frag_reason);
}
GST_END_TEST;

/* ---- pixel aspect ('pasp') and field description ('fiel') -------------- */

/* ffmpeg's prores_ks, 5 frames of 128x96 at 25 fps, with extra arguments
 * (a filter and flags) before the output path */
static void
ffmpeg_prores (const gchar *path, const gchar *const *extra)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  gint status = 0;
  const gchar *const head[]
      = { "ffmpeg",     "-nostdin",    "-v",
          "error",      "-y",          "-f",
          "lavfi",      "-i",          "testsrc=s=128x96:r=25",
          "-frames:v",  "5",           "-c:v",
          "prores_ks",  "-profile:v",  "4",
          "-pix_fmt",   "yuv444p10le", "-timecode",
          "01:00:00:00" };

  for (guint i = 0; i < G_N_ELEMENTS (head); i++)
    g_ptr_array_add (argv, (gpointer) head[i]);
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, (gpointer) path);
  g_ptr_array_add (argv, NULL);
  fail_unless (g_spawn_sync (NULL, (gchar **) argv->pdata, NULL,
                             G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                             &status, &error)
                   && g_spawn_check_wait_status (status, &error),
               "ffmpeg %s: %s", path, error ? error->message : "?");
}

/* Renames, in place, the one atom of type fourcc in the file to 'free' (an
 * extension of a sample description the reader skips): the movie then
 * has none */
static void
hide_atom (const gchar *path, const gchar *fourcc)
{
  g_autofree gchar *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;
  const gchar *found = NULL;
  guint n = 0;

  fail_unless (g_file_get_contents (path, &contents, &length, &error), "%s",
               error ? error->message : "?");
  for (gsize i = 4; i + 4 <= length; i++)
    if (memcmp (contents + i, fourcc, 4) == 0) {
      found = contents + i;
      n++;
    }
  fail_unless_equals_int (n, 1);
  memcpy ((gchar *) found, "free", 4);
  fail_unless (g_file_set_contents (path, contents, (gssize) length, &error),
               "%s", error ? error->message : "?");
}

GST_START_TEST (test_probe_pixel_aspect_and_fields)
{
  g_autofree gchar *anamorphic = g_build_filename (dir, "pasp-2-1.mov", NULL);
  g_autofree gchar *tff = g_build_filename (dir, "tff.mov", NULL);
  g_autofree gchar *bff = g_build_filename (dir, "bff.mov", NULL);
  g_autofree gchar *bare = g_build_filename (dir, "no-pasp-fiel.mov", NULL);
  const gchar *const sar[] = { "-vf", "setsar=2/1", NULL };
  const gchar *const top[]
      = { "-vf", "setfield=tff", "-flags", "+ilme+ildct", "-top", "1", NULL };
  const gchar *const bottom[]
      = { "-vf", "setfield=bff", "-flags", "+ilme+ildct", "-top", "0", NULL };
  const struct {
    const gchar *path;
    gboolean has_pasp;
    guint par_n, par_d;
    gboolean has_fiel;
    guint count, detail;
    PrwFieldOrder order;
    const gchar *order_name;
  } shapes[] = {
    /* the fixture maker (qtmux): square pixels, progressive, both written */
    { movie_paths[0], TRUE, 1, 1, TRUE, 1, 0, PRW_FIELD_ORDER_PROGRESSIVE,
      "progressive" },
    { anamorphic, TRUE, 2, 1, TRUE, 1, 0, PRW_FIELD_ORDER_PROGRESSIVE,
      "progressive" },
    { tff, TRUE, 1, 1, TRUE, 2, 1, PRW_FIELD_ORDER_TOP_FIELD_FIRST,
      "top-field-first" },
    { bff, TRUE, 1, 1, TRUE, 2, 6, PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST,
      "bottom-field-first" },
    /* the anamorphic movie without 'pasp' and 'fiel': square, progressive */
    { bare, FALSE, 1, 1, FALSE, 1, 0, PRW_FIELD_ORDER_PROGRESSIVE,
      "progressive" },
  };

  ffmpeg_prores (anamorphic, sar);
  ffmpeg_prores (tff, top);
  ffmpeg_prores (bff, bottom);
  ffmpeg_prores (bare, sar);
  hide_atom (bare, "pasp");
  hide_atom (bare, "fiel");

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PrwMediaInfo) info
        = prw_probe_file (shapes[i].path, NULL, &error);
    guint a = 7, b = 7;

    fail_unless (info != NULL, "%s", error ? error->message : "?");
    fail_unless_equals_int (prw_media_info_get_pixel_aspect (info, &a, &b),
                            shapes[i].has_pasp);
    fail_unless_equals_int (a, shapes[i].par_n);
    fail_unless_equals_int (b, shapes[i].par_d);
    a = b = 7;
    fail_unless_equals_int (prw_media_info_get_fields (info, &a, &b),
                            shapes[i].has_fiel);
    fail_unless_equals_int (a, shapes[i].count);
    fail_unless_equals_int (b, shapes[i].detail);
    fail_unless_equals_int (prw_media_info_get_field_order (info),
                            shapes[i].order);
    fail_unless_equals_string (
        prw_field_order_to_string (prw_media_info_get_field_order (info)),
        shapes[i].order_name);
    /* every out parameter is optional */
    fail_unless_equals_int (prw_media_info_get_pixel_aspect (info, NULL, NULL),
                            shapes[i].has_pasp);
    fail_unless_equals_int (prw_media_info_get_fields (info, NULL, NULL),
                            shapes[i].has_fiel);
    /* the frames are there whatever the atoms say */
    fail_unless_equals_int (prw_media_info_get_frame_count (info),
                            i == 0 ? cases[0].frames : 5);
  }
  fail_unless_equals_string (
      prw_field_order_to_string (
          PRW_FIELD_ORDER_TOP_FIELD_FIRST_BOTTOM_STORED_FIRST),
      "top-field-first-bottom-stored-first");
  fail_unless_equals_string (
      prw_field_order_to_string (
          PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST_TOP_STORED_FIRST),
      "bottom-field-first-top-stored-first");
  fail_unless_equals_string (
      prw_field_order_to_string (PRW_FIELD_ORDER_UNKNOWN), "unknown");
}
GST_END_TEST;

/* Writes h and v (big-endian) over the two spacings of the one 'pasp' atom
 * in the file, in place */
static void
patch_pasp (const gchar *path, guint32 h, guint32 v)
{
  g_autofree gchar *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;
  gchar *found = NULL;
  guint n = 0;

  fail_unless (g_file_get_contents (path, &contents, &length, &error), "%s",
               error ? error->message : "?");
  for (gsize i = 4; i + 12 <= length; i++)
    if (memcmp (contents + i, "pasp", 4) == 0) {
      found = contents + i + 4;
      n++;
    }
  fail_unless_equals_int (n, 1);
  /* byte by byte: the atom need not be aligned */
  h = GUINT32_TO_BE (h);
  v = GUINT32_TO_BE (v);
  memcpy (found, &h, 4);
  memcpy (found + 4, &v, 4);
  fail_unless (g_file_set_contents (path, contents, (gssize) length, &error),
               "%s", error ? error->message : "?");
}

/* A 'pasp' whose spacings are 0:0 is no ratio (QuickTime File Format:
 * hSpacing and vSpacing, the pixels' horizontal and vertical spacing): the
 * pixel aspect is read as 1:1, as without one, and the atom as written is
 * there to say what it is */
GST_START_TEST (test_probe_invalid_pasp)
{
  g_autofree gchar *anamorphic = g_build_filename (dir, "pasp-2-1b.mov", NULL);
  g_autofree gchar *zero = g_build_filename (dir, "pasp-0-0.mov", NULL);
  g_autofree gchar *bare = g_build_filename (dir, "no-pasp.mov", NULL);
  const gchar *const sar[] = { "-vf", "setsar=2/1", NULL };
  const struct {
    const gchar *path;
    gboolean has_par;
    guint par_n, par_d;
    gboolean has_pasp;
    guint pasp_h, pasp_v;
  } pasps[] = {
    { anamorphic, TRUE, 2, 1, TRUE, 2, 1 },
    { zero, FALSE, 1, 1, TRUE, 0, 0 },
    { bare, FALSE, 1, 1, FALSE, 0, 0 },
  };

  ffmpeg_prores (anamorphic, sar);
  ffmpeg_prores (zero, sar);
  patch_pasp (zero, 0, 0);
  ffmpeg_prores (bare, sar);
  hide_atom (bare, "pasp");

  for (guint i = 0; i < G_N_ELEMENTS (pasps); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PrwMediaInfo) info
        = prw_probe_file (pasps[i].path, NULL, &error);
    guint a = 7, b = 7;

    fail_unless (info != NULL, "%s", error ? error->message : "?");
    fail_unless_equals_int (prw_media_info_get_pixel_aspect (info, &a, &b),
                            pasps[i].has_par);
    fail_unless_equals_int (a, pasps[i].par_n);
    fail_unless_equals_int (b, pasps[i].par_d);
    a = b = 7;
    fail_unless_equals_int (prw_media_info_get_pasp (info, &a, &b),
                            pasps[i].has_pasp);
    fail_unless_equals_int (a, pasps[i].pasp_h);
    fail_unless_equals_int (b, pasps[i].pasp_v);
    fail_unless_equals_int (prw_media_info_get_pasp (info, NULL, NULL),
                            pasps[i].has_pasp);
    fail_unless_equals_int (prw_media_info_get_frame_count (info), 5);
  }
}
GST_END_TEST;

static Suite *
probe_suite (void)
{
  Suite *s = suite_create ("probe");
  TCase *tc = tcase_create ("probe");

  tcase_set_timeout (tc, 300);
  tcase_add_unchecked_fixture (tc, make_movies, remove_movies);
  tcase_add_loop_test (tc, test_probe_movie, 0, G_N_ELEMENTS (cases));
  tcase_add_test (tc, test_probe_leaves_input_untouched);
  tcase_add_test (tc, test_probe_cancelled);
  tcase_add_test (tc, test_probe_empty_file);
  tcase_add_test (tc, test_probe_text_file);
  tcase_add_test (tc, test_probe_directory);
  tcase_add_test (tc, test_probe_fifo);
  tcase_add_test (tc, test_probe_missing);
  tcase_add_test (tc, test_probe_unreadable);
  tcase_add_test (tc, test_probe_truncated);
  tcase_add_test (tc, test_probe_no_timecode_track);
  tcase_add_test (tc, test_probe_edit_list);
  tcase_add_test (tc, test_probe_timecode_as_cameras_write_it);
  tcase_add_test (tc, test_probe_video_track_choice);
  tcase_add_test (tc, test_probe_external_data_and_fragments);
  tcase_add_test (tc, test_probe_pixel_aspect_and_fields);
  tcase_add_test (tc, test_probe_invalid_pasp);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (probe);
