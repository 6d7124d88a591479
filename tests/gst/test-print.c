/* End to end: print segments into bases made at test time, then check the
 * output frame by frame, byte for byte, with ffmpeg (an independent reader),
 * and read its timecode back with ffprobe and with the library's probe.
 *
 * The expected output is computed here from first principles: segment i
 * starts at the record frame its timecode names (found by counting labels
 * the way a tape deck does, not with the library's timecode code), and a
 * later segment wins where two overlap.
 */
#include <gst/check/gstcheck.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prw-fixture.h"
#include "prw-media-info-private.h"
#include "prw-printer-private.h"
#include "prw-test-support.h"
#include "qt/prw-qt-atoms-private.h"
#include <proreswriter/proreswriter.h>

/* ---- a tape deck: labels by counting, for expectations ---------------- */

typedef struct {
  guint nominal;
  gboolean drop;
  guint h, m, s, f;
} Deck;

static void
deck_set (Deck *d, guint nominal, gboolean drop, const gchar *label)
{
  d->nominal = nominal;
  d->drop = drop;
  fail_unless (sscanf (label, "%u:%u:%u%*c%u", &d->h, &d->m, &d->s, &d->f)
               == 4);
}

static void
deck_step (Deck *d)
{
  if (++d->f < d->nominal)
    return;
  d->f = 0;
  if (++d->s < 60)
    return;
  d->s = 0;
  d->m++;
  if (d->m == 60) {
    d->m = 0;
    d->h = (d->h + 1) % 24;
  }
  /* drop-frame: the first labels of every minute but each tenth are
   * skipped (2 at 30 fps nominal, 4 at 60) */
  if (d->drop && d->m % 10 != 0)
    d->f = d->nominal / 15;
}

static gchar *
deck_label (const Deck *d)
{
  return g_strdup_printf ("%02u:%02u:%02u%c%02u", d->h, d->m, d->s,
                          d->drop ? ';' : ':', d->f);
}

/* The label `frames` frames after `start`. */
static gchar *
label_after (guint nominal, gboolean drop, const gchar *start, gint64 frames)
{
  Deck d;
  gint64 i;

  deck_set (&d, nominal, drop, start);
  for (i = 0; i < frames; i++)
    deck_step (&d);
  return deck_label (&d);
}

/* ---- one print ------------------------------------------------------- */

typedef struct {
  gint64 record_in; /* where it starts, relative to the base (may be < 0) */
  gint64 frames;
  const gchar *pattern;
} SegSpec;

typedef struct {
  guint rate_num, rate_den;
  gboolean drop;
  const gchar *start;
  gint64 frames;
  const gchar *profile;
  guint audio;
  const gchar *reel;
  const gchar *colour;
  const SegSpec *segs;
  guint n_segs;
  guint width, height; /* 0: the fixture's default, 128x96 */
  gboolean aligned;    /* frames big enough that copies get aligned */
  /* the inputs' timecode tracks patched as cameras write them: at their
   * own rate (0: the video's), with the drop-frame flag at any rate */
  guint tmcd_rate_num, tmcd_rate_den;
  gboolean tmcd_drop_flag;
  /* the base's sound as ffmpeg writes it (see PrwFixtureSpec) */
  const gchar *audio_codec;
  guint audio_rate;
  guint audio_tracks;
  /* the base's sample size table rewritten to 1-byte samples (QuickTime's
   * convention for uncompressed sound) */
  gboolean patch_sound_sample_size;
} Job;

static guint
nominal_of (const Job *job)
{
  return (job->rate_num + job->rate_den / 2) / job->rate_den;
}

static void
patch_sound_sample_size (const gchar *path, guint32 size)
{
  GError *error = NULL;
  g_autoptr (PrwQtMovie) movie = prw_qt_movie_read_file (path, &error);
  const PrwQtTrack *sound;
  guint8 field[4];
  int fd;

  fail_unless (movie != NULL, "%s", error ? error->message : "?");
  sound = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_SOUN, NULL);
  fail_unless (sound != NULL && sound->stsz.type == PRW_QT_FOURCC_STSZ);
  prw_fixture_write_be32 (field, size);
  fd = open (path, O_WRONLY);
  fail_unless (fd >= 0);
  /* size, type, version and flags, then the sample size */
  fail_unless (
      pwrite (fd, field, 4, movie->moov_offset + sound->stsz.offset + 12) == 4);
  close (fd);
}

static gchar *
make_media (const Job *job, const gchar *dir, gchar ***seg_paths)
{
  PrwFixtureSpec spec = { 0 };
  GError *error = NULL;
  gchar *base = g_build_filename (dir, "base rush.mov", NULL);
  guint i;

  spec.path = base;
  spec.rate_num = job->rate_num;
  spec.rate_den = job->rate_den;
  spec.drop_frame = job->drop;
  spec.start_timecode = job->start;
  spec.frames = job->frames;
  spec.profile = job->profile;
  spec.pattern = "black";
  spec.audio_channels = job->audio;
  spec.reel_name = job->reel;
  spec.colour = job->colour;
  spec.width = job->width;
  spec.height = job->height;
  spec.tmcd_rate_num = job->tmcd_rate_num;
  spec.tmcd_rate_den = job->tmcd_rate_den;
  spec.tmcd_drop_flag = job->tmcd_drop_flag;
  spec.audio_codec = job->audio_codec;
  spec.audio_rate = job->audio_rate;
  spec.audio_tracks = job->audio_tracks;
  fail_unless (prw_fixture_make_movie (&spec, &error), "base: %s",
               error ? error->message : "?");
  if (job->patch_sound_sample_size)
    patch_sound_sample_size (base, 1);

  *seg_paths = g_new0 (gchar *, job->n_segs + 1);
  for (i = 0; i < job->n_segs; i++) {
    g_autofree gchar *name
        = g_strdup_printf ("GRADE  Ünï %c S%02u.mov", 'A' + i, i + 1);
    /* Labels wrap at midnight, so a segment that starts n frames before
     * the base starts a day less n frames after it (tested without DF
     * only, where a day is nominal * 86400 frames). */
    gint64 ahead = job->segs[i].record_in;
    g_autofree gchar *tc = NULL;

    if (ahead < 0) {
      fail_if (job->drop, "negative record_in is only tested without DF");
      ahead += (gint64) nominal_of (job) * 86400;
    }
    tc = label_after (nominal_of (job), job->drop, job->start, ahead);
    (*seg_paths)[i] = g_build_filename (dir, name, NULL);
    spec.path = (*seg_paths)[i];
    spec.start_timecode = tc;
    spec.frames = job->segs[i].frames;
    spec.pattern = job->segs[i].pattern;
    spec.audio_channels = 0;
    spec.audio_codec = NULL;
    spec.audio_rate = 0;
    spec.audio_tracks = 0;
    fail_unless (prw_fixture_make_movie (&spec, &error), "segment: %s",
                 error ? error->message : "?");
  }
  return base;
}

static PrwPlan *
plan_for (const gchar *base, gchar **segs)
{
  GError *error = NULL;
  g_autoptr (PrwMediaInfo) info = prw_probe_file (base, NULL, &error);
  PrwPlan *plan;
  guint i;

  fail_unless (info != NULL, "%s", error ? error->message : "?");
  plan = prw_plan_new (info);
  for (i = 0; segs[i]; i++) {
    g_autoptr (PrwMediaInfo) m = prw_probe_file (segs[i], NULL, &error);
    g_autoptr (PrwSegment) seg = NULL;

    fail_unless (m != NULL, "%s", error ? error->message : "?");
    seg = prw_segment_new (m);
    fail_unless (prw_plan_add_segment (plan, seg, &error), "%s",
                 error ? error->message : "?");
  }
  fail_unless (prw_plan_seal (plan, &error), "%s",
               error ? error->message : "?");
  return plan;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const gchar *const *) a, *(const gchar *const *) b);
}

/* Names of the files in dir, sorted, as one string. */
static gchar *
dir_listing (const gchar *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const gchar *name;
  gchar *joined;

  while ((name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv ("|", (gchar **) names->pdata);
  g_ptr_array_unref (names);
  return joined;
}

/* The output's video track has exactly one edit list entry that maps the
 * whole media from time 0 at rate 1, or none. */
static void
assert_identity_edit_list (const gchar *path)
{
  GError *error = NULL;
  g_autoptr (PrwQtMovie) movie = prw_qt_movie_read_file (path, &error);
  const PrwQtTrack *video;
  PrwAtomIter iter;
  PrwAtom atom;
  guint n_elst = 0;

  fail_unless (movie != NULL, "%s", error ? error->message : "?");
  video = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_VIDE, NULL);
  fail_unless (video != NULL);
  prw_atom_iter_init (&iter, movie->moov,
                      PRW_ATOM_PAYLOAD_OFFSET (&video->trak),
                      video->trak.offset + video->trak.size);
  while (prw_atom_iter_next (&iter, &atom, NULL)) {
    if (atom.type == PRW_QT_FOURCC_EDTS) {
      const guint8 *p = movie->moov + PRW_ATOM_PAYLOAD_OFFSET (&atom);
      /* elst: size, type, version/flags, count, then entries of
       * duration(4) media_time(4) rate(4) */
      fail_unless (prw_fixture_read_be32 (p + 4) == PRW_QT_FOURCC_ELST);
      fail_unless_equals_int (prw_fixture_read_be32 (p + 12), 1);
      fail_unless_equals_int (prw_fixture_read_be32 (p + 20), 0); /* time 0 */
      fail_unless_equals_int (prw_fixture_read_be32 (p + 24), 0x10000);
      n_elst++;
    }
  }
  fail_unless (n_elst <= 1);
}

/* The frame bytes went from file to file: at least every video byte of
 * the output was copied from an input (by the kernel, or by the read/write
 * fallback), so none was written from memory. Returns the output's video
 * bytes. */
static guint64
assert_data_path (PrwPrinter *printer, const gchar *out)
{
  GError *error = NULL;
  g_autoptr (PrwQtMovie) movie = prw_qt_movie_read_file (out, &error);
  const PrwQtTrack *video;
  PrwPipelineStats stats;
  guint64 video_bytes = 0, i;

  fail_unless (movie != NULL, "%s", error ? error->message : "?");
  video = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_VIDE, NULL);
  for (i = 0; i < video->n_samples; i++)
    video_bytes += video->samples[i].size;
  prw_printer_get_last_stats (printer, &stats);
  fail_unless (stats.kernel_copied + stats.user_copied >= video_bytes,
               "copied %" G_GUINT64_FORMAT " + %" G_GUINT64_FORMAT
               " < video %" G_GUINT64_FORMAT,
               stats.kernel_copied, stats.user_copied, video_bytes);
  /* copies land in the media data only */
  fail_unless (stats.kernel_copied + stats.user_copied <= movie->mdat_size);
  /* memory writes: headers, qtmux's movie header (which the finishing
   * step rewrites, so it need not match the final one) and a few size
   * fields written twice */
  fail_unless (stats.written <= movie->file_size - video_bytes + 65536,
               "wrote %" G_GUINT64_FORMAT " bytes from memory", stats.written);
  prw_pipeline_stats_clear (&stats);
  return video_bytes;
}

/* The one timecode track of path, read with the library's reader. */
static const PrwQtTrack *
tmcd_of (const PrwQtMovie *movie)
{
  guint n = 0;
  const PrwQtTrack *tmcd
      = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_TMCD, &n);

  fail_unless_equals_int (n, 1);
  fail_unless (tmcd->format == PRW_QT_FOURCC_TMCD);
  return tmcd;
}

/* The inputs' timecode tracks are as the job patched them, the output's
 * counts at the output's (video) rate from the same instant, and the
 * probes' warnings are the plan's first. */
static void
check_patched_timecode (const Job *job, PrwPlan *plan, const gchar *base,
                        gchar **segs, const gchar *out)
{
  GError *error = NULL;
  g_autoptr (PrwQtMovie) base_movie = prw_qt_movie_read_file (base, &error);
  g_autoptr (PrwQtMovie) out_movie = prw_qt_movie_read_file (out, &error);
  g_autoptr (PrwMediaInfo) base_info = prw_probe_file (base, NULL, &error);
  const gchar *const *warnings = prw_plan_get_warnings (plan);
  const PrwQtTrack *in, *tc;
  guint ratio = 1, i;
  gint64 base_start;

  fail_unless (base_movie && out_movie && base_info, "%s",
               error ? error->message : "?");
  base_start = prw_media_info_get_start_timecode (base_info)->frames;

  in = tmcd_of (base_movie);
  fail_unless_equals_int (!!(in->tmcd_flags & PRW_QT_TMCD_FLAG_DROP_FRAME),
                          job->drop || job->tmcd_drop_flag);
  if (job->tmcd_rate_num > 0) {
    ratio = (job->rate_num * job->tmcd_rate_den)
            / (job->rate_den * job->tmcd_rate_num);
    fail_unless (ratio > 1);
    fail_unless_equals_int (in->tmcd_timescale, job->tmcd_rate_num);
    fail_unless_equals_int (in->tmcd_frame_duration, job->tmcd_rate_den);
    fail_unless_equals_int (in->tmcd_nframes,
                            (job->tmcd_rate_num + job->tmcd_rate_den / 2)
                                / job->tmcd_rate_den);
  }
  /* the base's sample counts timecode frames; the probe, video frames */
  fail_unless_equals_int64 (in->tmcd_start_frame * ratio, base_start);

  /* the output's timecode: the video's rate and labels per second, the
   * drop-frame flag only where the video has drop frame */
  tc = tmcd_of (out_movie);
  fail_unless_equals_int (!!(tc->tmcd_flags & PRW_QT_TMCD_FLAG_DROP_FRAME),
                          job->drop);
  fail_unless_equals_int (tc->tmcd_nframes, nominal_of (job));
  fail_unless_equals_int64 ((guint64) tc->tmcd_timescale * job->rate_den,
                            (guint64) tc->tmcd_frame_duration * job->rate_num);
  fail_unless_equals_int64 (tc->tmcd_start_frame, base_start);

  if (job->tmcd_drop_flag) {
    g_autofree gchar *rate
        = prw_timecode_rate_to_string (job->rate_num, job->rate_den, FALSE);
    g_autofree gchar *reason = g_strdup_printf (
        "its timecode track says drop frame at %s fps, where there is "
        "none; read as non-drop",
        rate);
    g_autofree gchar *expected = g_strdup_printf ("base rush.mov: %s", reason);

    fail_unless_equals_string (warnings[0], expected);
    for (i = 0; i < job->n_segs; i++) {
      g_autofree gchar *name = g_path_get_basename (segs[i]);
      g_autofree gchar *line = g_strdup_printf ("%s: %s", name, reason);

      fail_unless_equals_string (warnings[i + 1], line);
    }
  } else {
    /* nothing to say about a timecode at its own rate */
    fail_unless (warnings[0] == NULL, "warning: %s", warnings[0]);
  }
}

/* The bytes of an atom of a movie's header (moov). */
static GBytes *
moov_bytes (const PrwQtMovie *movie, const PrwAtom *atom)
{
  fail_unless (atom->type != 0);
  return g_bytes_new (movie->moov + atom->offset, atom->size);
}

/* The edit list (edts) of a track, or NULL. */
static GBytes *
edit_list_bytes (const PrwQtMovie *movie, const PrwQtTrack *track)
{
  PrwAtomIter iter;
  PrwAtom atom;

  prw_atom_iter_init (&iter, movie->moov,
                      PRW_ATOM_PAYLOAD_OFFSET (&track->trak),
                      track->trak.offset + track->trak.size);
  while (prw_atom_iter_next (&iter, &atom, NULL))
    if (atom.type == PRW_QT_FOURCC_EDTS)
      return moov_bytes (movie, &atom);
  return NULL;
}

static void
assert_same_atom (const PrwQtMovie *a, const PrwAtom *x, const PrwQtMovie *b,
                  const PrwAtom *y, const gchar *what)
{
  g_autoptr (GBytes) bx = moov_bytes (a, x);
  g_autoptr (GBytes) by = moov_bytes (b, y);

  fail_unless (g_bytes_equal (bx, by), "%s differs from the base's", what);
}

/* The tracks of a handler, in file order. */
static GPtrArray *
tracks_of (const PrwQtMovie *movie, guint32 handler)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < movie->tracks->len; i++) {
    const PrwQtTrack *t = g_ptr_array_index (movie->tracks, i);

    if (t->handler == handler)
      g_ptr_array_add (found, (gpointer) t);
  }
  return found;
}

/* Every sound track of the output is the base's, bit for bit: every
 * packet (ffmpeg's packet md5s), the sample description, the time,
 * size and chunk tables, the edit list (both movies count in the same
 * movie time scale). */
static void
check_copied_audio (const gchar *base, const gchar *out)
{
  GError *error = NULL;
  g_autoptr (PrwQtMovie) bm = prw_qt_movie_read_file (base, &error);
  g_autoptr (PrwQtMovie) om = prw_qt_movie_read_file (out, &error);
  g_autoptr (GPtrArray) bt = NULL, ot = NULL;

  fail_unless (bm && om, "%s", error ? error->message : "?");
  fail_unless_equals_int (bm->movie_timescale, om->movie_timescale);
  bt = tracks_of (bm, PRW_QT_FOURCC_SOUN);
  ot = tracks_of (om, PRW_QT_FOURCC_SOUN);
  fail_unless_equals_int (ot->len, bt->len);
  for (guint i = 0; i < bt->len; i++) {
    const PrwQtTrack *b = g_ptr_array_index (bt, i);
    const PrwQtTrack *o = g_ptr_array_index (ot, i);
    g_autoptr (GBytes) be = edit_list_bytes (bm, b);
    g_autoptr (GBytes) oe = edit_list_bytes (om, o);
    g_autoptr (GPtrArray) a
        = prw_fixture_audio_stream_packet_md5s (base, i, &error);
    g_autoptr (GPtrArray) c = NULL;

    fail_unless (a != NULL, "%s", error ? error->message : "?");
    c = prw_fixture_audio_stream_packet_md5s (out, i, &error);
    fail_unless (c != NULL, "%s", error ? error->message : "?");
    fail_unless (a->len > 0);
    fail_unless_equals_int (c->len, a->len);
    for (guint k = 0; k < a->len; k++)
      fail_unless_equals_string (g_ptr_array_index (c, k),
                                 g_ptr_array_index (a, k));
    assert_same_atom (bm, &b->stsd, om, &o->stsd, "sound stsd");
    assert_same_atom (bm, &b->stts, om, &o->stts, "sound stts");
    assert_same_atom (bm, &b->stsc, om, &o->stsc, "sound stsc");
    assert_same_atom (bm, &b->stsz, om, &o->stsz, "sound stsz");
    fail_unless ((be == NULL) == (oe == NULL));
    fail_unless (be == NULL || g_bytes_equal (be, oe),
                 "sound edit list differs from the base's");
    fail_unless_equals_int (o->timescale, b->timescale);
    fail_unless_equals_int64 (o->duration, b->duration);
  }
}

/* The output's timecode track is the base's: its sample description
 * (reel name and flags included), its time table, its edit list and
 * every sample's bytes. */
static void
check_copied_timecode (const gchar *base, const gchar *out)
{
  GError *error = NULL;
  g_autoptr (PrwQtMovie) bm = prw_qt_movie_read_file (base, &error);
  g_autoptr (PrwQtMovie) om = prw_qt_movie_read_file (out, &error);
  const PrwQtTrack *b, *o;
  g_autoptr (GBytes) be = NULL, oe = NULL;
  g_autofree gchar *bdata = NULL, *odata = NULL;
  gsize blen, olen;

  fail_unless (bm && om, "%s", error ? error->message : "?");
  b = tmcd_of (bm);
  o = tmcd_of (om);
  assert_same_atom (bm, &b->stsd, om, &o->stsd, "timecode stsd");
  assert_same_atom (bm, &b->stts, om, &o->stts, "timecode stts");
  assert_same_atom (bm, &b->stsz, om, &o->stsz, "timecode stsz");
  be = edit_list_bytes (bm, b);
  oe = edit_list_bytes (om, o);
  fail_unless ((be == NULL) == (oe == NULL));
  fail_unless (be == NULL || g_bytes_equal (be, oe));
  fail_unless_equals_int64 (o->n_samples, b->n_samples);
  fail_unless (g_file_get_contents (base, &bdata, &blen, NULL));
  fail_unless (g_file_get_contents (out, &odata, &olen, NULL));
  for (guint64 k = 0; k < b->n_samples; k++) {
    fail_unless_equals_int (o->samples[k].size, b->samples[k].size);
    fail_unless (memcmp (odata + o->samples[k].offset,
                         bdata + b->samples[k].offset, b->samples[k].size)
                 == 0);
  }
}

static void
run_job (const Job *job)
{
  g_autofree gchar *dir = prw_fixture_make_tmpdir ("print");
  g_auto (GStrv) segs = NULL;
  g_autofree gchar *base = make_media (job, dir, &segs);
  g_autofree gchar *out = g_build_filename (dir, "printed.mov", NULL);
  g_autoptr (PrwPlan) plan = plan_for (base, segs);
  g_autoptr (PrwPrinter) printer = prw_printer_new (plan);
  g_autoptr (GPtrArray) base_md5 = NULL, out_md5 = NULL;
  g_autoptr (PrwMediaInfo) out_info = NULL;
  GPtrArray **seg_md5 = g_new0 (GPtrArray *, job->n_segs);
  GPtrArray *input_sums = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *before = NULL, *after = NULL, *tc = NULL;
  GError *error = NULL;
  guint64 checked = 0;
  gint64 r;
  guint i;

  g_ptr_array_add (input_sums, prw_fixture_file_md5 (base));
  for (i = 0; i < job->n_segs; i++)
    g_ptr_array_add (input_sums, prw_fixture_file_md5 (segs[i]));
  before = dir_listing (dir);

  fail_unless (
      prw_printer_print (printer, out, PRW_PRINT_FLAGS_NONE, NULL, &error),
      "%s", error ? error->message : "?");
  assert_data_path (printer, out);
  if (job->aligned) {
    PrwPipelineStats stats;

    /* the copy sink left holes to keep its copies page-aligned, and the
     * checks below find every frame where the plan says */
    prw_printer_get_last_stats (printer, &stats);
    fail_unless (stats.padding > 0 && stats.shifts && stats.shifts->len > 0);
    prw_pipeline_stats_clear (&stats);
  }

  /* nothing but the output appeared; inputs untouched */
  after = dir_listing (dir);
  {
    g_autofree gchar *expected = g_strdup_printf ("%s|printed.mov", before);
    g_auto (GStrv) parts = g_strsplit (expected, "|", -1);
    g_autofree gchar *sorted = NULL;
    GPtrArray *a = g_ptr_array_new ();

    for (i = 0; parts[i]; i++)
      g_ptr_array_add (a, parts[i]);
    g_ptr_array_sort (a, compare_names);
    g_ptr_array_add (a, NULL);
    sorted = g_strjoinv ("|", (gchar **) a->pdata);
    g_ptr_array_free (a, TRUE);
    fail_unless_equals_string (after, sorted);
  }
  {
    g_autofree gchar *sum = prw_fixture_file_md5 (base);

    fail_unless_equals_string (sum, g_ptr_array_index (input_sums, 0));
  }

  /* frame by frame, byte for byte, with ffmpeg */
  base_md5 = prw_fixture_video_packet_md5s (base, &error);
  fail_unless (base_md5 != NULL, "%s", error ? error->message : "?");
  {
    /* every base frame differs (the overlay), or a misplaced frame could
     * go unseen */
    g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

    for (i = 0; i < base_md5->len; i++)
      g_hash_table_add (seen, g_ptr_array_index (base_md5, i));
    fail_unless_equals_int (g_hash_table_size (seen), base_md5->len);
  }
  for (i = 0; i < job->n_segs; i++) {
    seg_md5[i] = prw_fixture_video_packet_md5s (segs[i], &error);
    fail_unless (seg_md5[i] != NULL);
    fail_unless_equals_int (seg_md5[i]->len, job->segs[i].frames);
  }
  out_md5 = prw_fixture_video_packet_md5s (out, &error);
  fail_unless (out_md5 != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_int (out_md5->len, job->frames);
  for (r = 0; r < job->frames; r++) {
    const gchar *expected = g_ptr_array_index (base_md5, r);

    for (i = 0; i < job->n_segs; i++) {
      gint64 in = job->segs[i].record_in;

      if (r >= in && r < in + job->segs[i].frames) {
        expected = g_ptr_array_index (seg_md5[i], r - in);
      }
    }
    fail_unless_equals_string (g_ptr_array_index (out_md5, r), expected);
  }

  /* audio passes through unchanged */
  if (job->audio) {
    g_autoptr (GPtrArray) a = prw_fixture_audio_packet_md5s (base, &error);
    g_autoptr (GPtrArray) b = prw_fixture_audio_packet_md5s (out, &error);

    fail_unless (a && b);
    fail_unless (a->len > 0);
    fail_unless_equals_int (a->len, b->len);
    for (i = 0; i < a->len; i++)
      fail_unless_equals_string (g_ptr_array_index (a, i),
                                 g_ptr_array_index (b, i));
  }

  /* the timecode, read back two ways */
  tc = prw_fixture_ffprobe_timecode (out, &error);
  fail_unless (tc != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_string (tc, job->start);
  out_info = prw_probe_file (out, NULL, &error);
  fail_unless (out_info != NULL, "%s", error ? error->message : "?");
  {
    g_autofree gchar *label
        = prw_timecode_to_string (prw_media_info_get_start_timecode (out_info));

    fail_unless_equals_string (label, job->start);
  }
  {
    g_autoptr (PrwMediaInfo) b = prw_probe_file (base, NULL, NULL);

    /* the base's reel; qtmux (which made the GStreamer bases) says "Tape" */
    fail_unless_equals_string (prw_media_info_get_reel_name (out_info),
                               job->reel ? job->reel : "Tape");
    fail_unless_equals_string (prw_media_info_get_reel_name (out_info),
                               prw_media_info_get_reel_name (b));
  }
  fail_unless_equals_int (prw_media_info_get_frame_count (out_info),
                          job->frames);
  fail_unless_equals_int (prw_media_info_get_rate_num (out_info),
                          job->rate_num);
  fail_unless_equals_int (prw_media_info_get_rate_den (out_info),
                          job->rate_den);
  fail_unless_equals_int (prw_media_info_get_video_track (out_info)->n_samples,
                          job->frames);
  fail_unless_equals_int (prw_media_info_get_n_audio_tracks (out_info),
                          job->audio ? MAX (job->audio_tracks, 1) : 0);
  check_copied_audio (base, out);
  if (job->tmcd_rate_num == 0 && !job->tmcd_drop_flag)
    check_copied_timecode (base, out);
  {
    g_autoptr (PrwMediaInfo) base_info = prw_probe_file (base, NULL, NULL);

    fail_unless_equals_string (prw_media_info_get_colour (out_info),
                               prw_media_info_get_colour (base_info));
    fail_unless_equals_string (prw_media_info_get_codec_fourcc (out_info),
                               prw_media_info_get_codec_fourcc (base_info));
  }
  assert_identity_edit_list (out);

  if (job->tmcd_rate_num > 0 || job->tmcd_drop_flag)
    check_patched_timecode (job, plan, base, segs, out);

  /* and the library's own verifier agrees */
  fail_unless (prw_verify_output (plan, out, &checked, NULL, &error), "%s",
               error ? error->message : "?");
  fail_unless_equals_int (checked, job->frames);

  for (i = 0; i < job->n_segs; i++) {
    g_autofree gchar *sum = prw_fixture_file_md5 (segs[i]);

    fail_unless_equals_string (sum, g_ptr_array_index (input_sums, i + 1));
    g_ptr_array_unref (seg_md5[i]);
  }
  g_free (seg_md5);
  g_ptr_array_unref (input_sums);
  prw_fixture_rm_rf (dir);
}

/* 25 fps 4444 with stereo audio: a segment in the middle, two that
 * overlap (the later wins), one contained in another, one running past the
 * end (its tail is dropped).
 *
 *   base   |0 ..................................................... 149|
 *   S01          [10 ..... 29]
 *   S02                 [25 ........ 44]          (overrides 25-29 of S01)
 *   S03                                [60 ................. 99]
 *   S04                                      [70 .. 79]   (inside S03)
 *   S05                                                       [140 ...|.. 159]
 */
static const SegSpec segs_25[] = {
  { 10, 20, "smpte" },   { 25, 20, "ball" },        { 60, 40, "snow" },
  { 70, 10, "smpte75" }, { 140, 20, "zone-plate" },
};

GST_START_TEST (test_print_25_audio_overlaps)
{
  Job job = { 25,   1,    FALSE,   "01:00:00:00",         150, "4444", 2,
              NULL, NULL, segs_25, G_N_ELEMENTS (segs_25) };

  run_job (&job);
}
GST_END_TEST;

/* Frames big enough (1280x720 4444: 40 KB black, ~1 MB of noise) that
 * the copy sink aligns its copies, leaving holes in the media data and
 * moving the header's chunk offsets; with audio, whose chunks are
 * interleaved. */
static const SegSpec segs_aligned[] = {
  { 3, 7, "snow" },
  { 14, 5, "smpte" },
  { 17, 6, "snow" },
};

GST_START_TEST (test_print_aligned_copies)
{
  Job job = { 25,
              1,
              FALSE,
              "01:00:00:00",
              30,
              "4444",
              2,
              NULL,
              NULL,
              segs_aligned,
              G_N_ELEMENTS (segs_aligned),
              1280,
              720,
              TRUE };

  run_job (&job);
}
GST_END_TEST;

/* 23.976 in 422 HQ with bt709 colour. */
static const SegSpec segs_23976[] = {
  { 0, 12, "smpte" },
  { 50, 30, "ball" },
  { 96, 24, "snow" },
};

GST_START_TEST (test_print_23976)
{
  Job job = { 24000,
              1001,
              FALSE,
              "10:59:58:00",
              120,
              "hq",
              0,
              NULL,
              "bt709",
              segs_23976,
              G_N_ELEMENTS (segs_23976) };

  run_job (&job);
}
GST_END_TEST;

/* 29.97 drop frame across two minute boundaries: 00:59:58;00 + 150 frames
 * runs through 01:00:00;00 (a tenth minute: no drop) and 01:01:00;02 (the
 * first label after 01:00:59;29). Segments sit on both sides of each. */
static const SegSpec segs_2997df[] = {
  { 55, 10, "smpte" },
  { 85, 20, "ball" },
  { 118, 6, "snow" },
  { 140, 10, "zone-plate" },
};

GST_START_TEST (test_print_2997_drop_frame)
{
  Job job = { 30000,
              1001,
              TRUE,
              "01:00:58;00",
              150,
              "4444",
              0,
              NULL,
              NULL,
              segs_2997df,
              G_N_ELEMENTS (segs_2997df) };

  run_job (&job);
}
GST_END_TEST;

/* 119.88 fps with a reel name: GStreamer 1.22 can write neither, so the
 * library writes the timecode track itself. The base is made by ffmpeg. */
static const SegSpec segs_11988[] = {
  { 30, 40, "smpte" },
  { 200, 50, "ball" },
};

GST_START_TEST (test_print_11988_reel)
{
  Job job = {
    120000,     1001, FALSE,      "01:00:00:000",           240, "4444", 0,
    "A001C003", NULL, segs_11988, G_N_ELEMENTS (segs_11988)
  };

  run_job (&job);
}
GST_END_TEST;

/* A base crossing midnight at 25 fps, a segment that starts before the
 * base, one across 00:00:00:00. */
static const SegSpec segs_midnight[] = {
  { -5, 15, "smpte" },
  { 40, 30, "ball" },
};

GST_START_TEST (test_print_midnight)
{
  Job job = { 25,
              1,
              FALSE,
              "23:59:58:10",
              100,
              "4444",
              0,
              NULL,
              NULL,
              segs_midnight,
              G_N_ELEMENTS (segs_midnight) };

  run_job (&job);
}
GST_END_TEST;

/* 59.94p whose timecode tracks count 29.97 DF, one timecode frame per two
 * video frames, as cameras and decks write them (field case C05). The
 * base starts at 10:00:00;00 (29.97 DF frame 1078920); a segment at
 * 10:00:01;10 in 29.97 DF is 10:00:01;20 at 59.94 DF: record 80. The
 * output's timecode counts at 59.94 DF from the same instant. */
static const SegSpec segs_5994_tc2997[] = {
  { 80, 10, "smpte" },
  { 2, 6, "ball" },
  { 110, 10, "snow" },
};

GST_START_TEST (test_print_5994_timecode_at_2997)
{
  Job job = { 60000,
              1001,
              TRUE,
              "10:00:00;00",
              120,
              "4444",
              0,
              NULL,
              NULL,
              segs_5994_tc2997,
              G_N_ELEMENTS (segs_5994_tc2997),
              0,
              0,
              FALSE,
              30000,
              1001,
              FALSE };

  run_job (&job);
}
GST_END_TEST;

/* 50p with a 25 fps timecode track, across a second. */
static const SegSpec segs_50_tc25[] = {
  { 40, 20, "smpte" },
  { 90, 10, "ball" },
};

GST_START_TEST (test_print_50_timecode_at_25)
{
  Job job = { 50,
              1,
              FALSE,
              "01:00:59:10",
              100,
              "4444",
              0,
              NULL,
              NULL,
              segs_50_tc25,
              G_N_ELEMENTS (segs_50_tc25),
              0,
              0,
              FALSE,
              25,
              1,
              FALSE };

  run_job (&job);
}
GST_END_TEST;

/* 24 fps inputs whose timecode tracks carry the drop-frame flag, as some
 * camera apps write it (field case C06): read as non-drop, with a warning
 * per movie; the segment at 19:36:01:10 lands at record 34. The output's
 * timecode is non-drop. */
static const SegSpec segs_24_df_flag[] = {
  { 34, 10, "smpte" },
  { 60, 12, "ball" },
};

GST_START_TEST (test_print_24_drop_frame_flag)
{
  Job job = { 24,
              1,
              FALSE,
              "19:36:00:00",
              72,
              "4444",
              0,
              NULL,
              NULL,
              segs_24_df_flag,
              G_N_ELEMENTS (segs_24_df_flag),
              0,
              0,
              FALSE,
              0,
              0,
              TRUE };

  run_job (&job);
}
GST_END_TEST;

/* An existing output is refused without OVERWRITE and kept byte for byte;
 * with OVERWRITE it is replaced; the output that is an input (through a
 * symlink too) is refused even with OVERWRITE. */
GST_START_TEST (test_print_output_rules)
{
  static const SegSpec one[] = { { 5, 5, "smpte" } };
  Job job = { 25, 1, FALSE, "01:00:00:00", 20, "4444", 0, NULL, NULL, one, 1 };
  g_autofree gchar *dir = prw_fixture_make_tmpdir ("rules");
  g_auto (GStrv) segs = NULL;
  g_autofree gchar *base = make_media (&job, dir, &segs);
  g_autofree gchar *out = g_build_filename (dir, "out.mov", NULL);
  g_autofree gchar *link = g_build_filename (dir, "link.mov", NULL);
  g_autofree gchar *base_sum = prw_fixture_file_md5 (base);
  g_autofree gchar *listing = NULL;
  g_autoptr (PrwPlan) plan = plan_for (base, segs);
  g_autoptr (PrwPrinter) printer = prw_printer_new (plan);
  GError *error = NULL;

  fail_unless (g_file_set_contents (out, "precious", -1, NULL));
  fail_if (
      prw_printer_print (printer, out, PRW_PRINT_FLAGS_NONE, NULL, &error));
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS));
  fail_unless (strstr (error->message, out) != NULL);
  g_clear_error (&error);
  {
    g_autofree gchar *contents = NULL;

    fail_unless (g_file_get_contents (out, &contents, NULL, NULL));
    fail_unless_equals_string (contents, "precious");
  }

  fail_unless (prw_printer_print (printer, out, PRW_PRINT_FLAGS_OVERWRITE, NULL,
                                  &error));
  fail_unless (prw_verify_output (plan, out, NULL, NULL, &error), "%s",
               error ? error->message : "?");

  fail_unless (symlink (base, link) == 0);
  listing = dir_listing (dir);
  fail_if (prw_printer_print (printer, base, PRW_PRINT_FLAGS_OVERWRITE, NULL,
                              &error));
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_SAME_FILE));
  g_clear_error (&error);
  fail_if (prw_printer_print (printer, link, PRW_PRINT_FLAGS_OVERWRITE, NULL,
                              &error));
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_SAME_FILE));
  g_clear_error (&error);
  {
    g_autofree gchar *now = dir_listing (dir);
    g_autofree gchar *sum = prw_fixture_file_md5 (base);

    fail_unless_equals_string (now, listing);
    fail_unless_equals_string (sum, base_sum);
  }
  prw_fixture_rm_rf (dir);
}
GST_END_TEST;

/* The read/write fallback (what runs where the kernel will not copy
 * between two files) writes the same media data as the kernel copy. */
GST_START_TEST (test_print_fallback_same_bytes)
{
  static const SegSpec two[] = { { 3, 6, "smpte" }, { 12, 4, "snow" } };
  Job job = { 25,   1,   FALSE, "01:00:00:00", 20,  "4444", 2, NULL,
              NULL, two, 2,     1280,          720, TRUE };
  g_autofree gchar *dir = prw_fixture_make_tmpdir ("fallback");
  g_auto (GStrv) segs = NULL;
  g_autofree gchar *base = make_media (&job, dir, &segs);
  g_autofree gchar *kernel = g_build_filename (dir, "kernel.mov", NULL);
  g_autofree gchar *user = g_build_filename (dir, "user.mov", NULL);
  g_autoptr (PrwPlan) plan = plan_for (base, segs);
  g_autoptr (PrwPrinter) printer = prw_printer_new (plan);
  g_autoptr (PrwQtMovie) a = NULL, b = NULL;
  PrwPipelineStats stats;
  GError *error = NULL;
  guint64 video_bytes, kernel_padding;

  g_unsetenv ("PRW_NO_COPY_FILE_RANGE");
  fail_unless (
      prw_printer_print (printer, kernel, PRW_PRINT_FLAGS_NONE, NULL, &error),
      "%s", error ? error->message : "?");
  assert_data_path (printer, kernel);
  prw_printer_get_last_stats (printer, &stats);
  fail_unless (stats.padding > 0);
  kernel_padding = stats.padding;
  prw_pipeline_stats_clear (&stats);

  g_setenv ("PRW_NO_COPY_FILE_RANGE", "1", TRUE);
  fail_unless (
      prw_printer_print (printer, user, PRW_PRINT_FLAGS_NONE, NULL, &error),
      "%s", error ? error->message : "?");
  g_unsetenv ("PRW_NO_COPY_FILE_RANGE");
  video_bytes = assert_data_path (printer, user);
  prw_printer_get_last_stats (printer, &stats);
  fail_unless_equals_uint64 (stats.kernel_copied, 0);
  fail_unless (stats.user_copied >= video_bytes);
  fail_unless_equals_uint64 (stats.padding, kernel_padding);
  prw_pipeline_stats_clear (&stats);
  fail_unless (prw_verify_output (plan, user, NULL, NULL, &error), "%s",
               error ? error->message : "?");

  /* the media data (mdat) of the two outputs is the same, byte for byte */
  a = prw_qt_movie_read_file (kernel, &error);
  b = prw_qt_movie_read_file (user, &error);
  fail_unless (a && b);
  fail_unless_equals_uint64 (a->mdat_size, b->mdat_size);
  fail_unless_equals_uint64 (a->mdat_offset, b->mdat_offset);
  {
    gsize la, lb;
    g_autofree gchar *ca = NULL, *cb = NULL;

    fail_unless (g_file_get_contents (kernel, &ca, &la, NULL));
    fail_unless (g_file_get_contents (user, &cb, &lb, NULL));
    fail_unless (a->mdat_offset + a->mdat_size <= la);
    fail_unless (memcmp (ca + a->mdat_offset, cb + b->mdat_offset, a->mdat_size)
                 == 0);
  }
  prw_fixture_rm_rf (dir);
}
GST_END_TEST;

typedef struct {
  PrwPrinter *printer;
  const gchar *output;
  GError *error;
} ThreadedPrint;

static gpointer
threaded_print (gpointer data)
{
  ThreadedPrint *t = data;

  return GINT_TO_POINTER (prw_printer_print (
      t->printer, t->output, PRW_PRINT_FLAGS_NONE, NULL, &t->error));
}

/* One printer, two prints at once in two threads (to two outputs): each
 * output is whole and verifies, frame by frame, against the plan. The
 * aligned frames make each print's finishing step move offsets by its own
 * run's holes. */
GST_START_TEST (test_print_two_threads)
{
  static const SegSpec two[] = { { 3, 6, "smpte" }, { 12, 4, "snow" } };
  Job job = { 25,   1,   FALSE, "01:00:00:00", 20,  "4444", 2, NULL,
              NULL, two, 2,     1280,          720, TRUE };
  g_autofree gchar *dir = prw_fixture_make_tmpdir ("threads");
  g_auto (GStrv) segs = NULL;
  g_autofree gchar *base = make_media (&job, dir, &segs);
  g_autofree gchar *out_a = g_build_filename (dir, "a.mov", NULL);
  g_autofree gchar *out_b = g_build_filename (dir, "b.mov", NULL);
  g_autoptr (PrwPlan) plan = plan_for (base, segs);
  g_autoptr (PrwPrinter) printer = prw_printer_new (plan);
  ThreadedPrint a = { printer, out_a, NULL }, b = { printer, out_b, NULL };
  GThread *ta = g_thread_new ("print-a", threaded_print, &a);
  GThread *tb = g_thread_new ("print-b", threaded_print, &b);
  gboolean ok_a = GPOINTER_TO_INT (g_thread_join (ta));
  gboolean ok_b = GPOINTER_TO_INT (g_thread_join (tb));
  PrwPipelineStats stats;
  GError *error = NULL;

  fail_unless (ok_a, "%s", a.error ? a.error->message : "?");
  fail_unless (ok_b, "%s", b.error ? b.error->message : "?");
  fail_unless (prw_verify_output (plan, out_a, NULL, NULL, &error), "%s",
               error ? error->message : "?");
  fail_unless (prw_verify_output (plan, out_b, NULL, NULL, &error), "%s",
               error ? error->message : "?");
  prw_printer_get_last_stats (printer, &stats);
  fail_unless (stats.padding > 0 && stats.shifts != NULL);
  prw_pipeline_stats_clear (&stats);
  prw_fixture_rm_rf (dir);
}
GST_END_TEST;

/* The print fails as PRW_ERROR_CHANGED naming path, and dir lists as
 * before. */
static void
assert_print_changed (PrwPrinter *printer, const gchar *out, const gchar *dir,
                      const gchar *before, const gchar *path)
{
  g_autofree gchar *after = NULL;
  GError *error = NULL;

  fail_if (
      prw_printer_print (printer, out, PRW_PRINT_FLAGS_NONE, NULL, &error));
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_CHANGED), "%s",
               error->message);
  fail_unless (g_str_has_prefix (error->message, path), "%s", error->message);
  g_clear_error (&error);
  after = dir_listing (dir);
  fail_unless_equals_string (after, before);
}

/* An input that changed after it was probed (here: a segment that grew,
 * then the base touched) fails the print, naming it, and leaves nothing. */
GST_START_TEST (test_print_input_changed)
{
  static const SegSpec one[] = { { 5, 5, "smpte" } };
  Job job = { 25, 1, FALSE, "01:00:00:00", 20, "4444", 0, NULL, NULL, one, 1 };
  g_autofree gchar *dir = prw_fixture_make_tmpdir ("changed");
  g_auto (GStrv) segs = NULL;
  g_autofree gchar *base = make_media (&job, dir, &segs);
  g_autofree gchar *out = g_build_filename (dir, "out.mov", NULL);
  g_autofree gchar *before = NULL;
  g_autoptr (PrwPlan) plan = plan_for (base, segs);
  g_autoptr (PrwPrinter) printer = prw_printer_new (plan);
  struct timespec times[2] = { { 0, UTIME_OMIT }, { 12345, 0 } };
  struct stat st;
  off_t size;
  FILE *f;

  fail_unless (stat (segs[0], &st) == 0);
  size = st.st_size;
  f = fopen (segs[0], "ab");
  fail_unless (f != NULL);
  fputc (0, f);
  fclose (f);
  before = dir_listing (dir);
  assert_print_changed (printer, out, dir, before, segs[0]);

  /* same size, new modification time */
  fail_unless (truncate (segs[0], size) == 0);
  g_clear_object (&printer);
  g_clear_object (&plan);
  plan = plan_for (base, segs);
  printer = prw_printer_new (plan);
  fail_unless (utimensat (AT_FDCWD, base, times, 0) == 0);
  assert_print_changed (printer, out, dir, before, base);
  prw_fixture_rm_rf (dir);
}
GST_END_TEST;

/* Sound of every kind is copied bit for bit, with its sample description
 * and edit list, whatever the muxer would have made of it: issue 12, C09.
 * Each base is written by ffmpeg, the sound described as named. */
typedef struct {
  const gchar *codec;
  guint rate;
  guint channels;
  const gchar *format; /* the base's sample description */
  guint version;       /* its sound description version */
  gboolean priming;    /* an edit list that starts past 0 */
} AudioMember;

static const AudioMember audio_members[] = {
  { "pcm_f32be", 48000, 2, "fl32", 1, FALSE },
  { "pcm_f32le", 48000, 2, "fl32", 1, FALSE },
  { "pcm_f64be", 48000, 2, "fl64", 1, FALSE },
  { "pcm_s24be", 48000, 2, "in24", 1, FALSE },
  { "pcm_s24le", 48000, 2, "in24", 1, FALSE }, /* with 'enda' */
  { "pcm_s32be", 48000, 2, "in32", 1, FALSE },
  { "pcm_s16be", 48000, 2, "twos", 0, FALSE },
  { "pcm_s24le", 48000, 6, "in24", 1, FALSE },
  { "pcm_s24le", 96000, 2, "lpcm", 2, FALSE },
  { "alac", 48000, 2, "alac", 1, FALSE },
  { "aac", 48000, 2, "mp4a", 1, TRUE },
};

static const SegSpec segs_audio[] = {
  { 10, 12, "smpte" },
  { 40, 20, "ball" },
};

GST_START_TEST (test_print_audio_member)
{
  const AudioMember *m = &audio_members[__i__];
  Job job = { 25,
              1,
              FALSE,
              "01:00:00:00",
              50,
              "standard",
              m->channels,
              "A001",
              NULL,
              segs_audio,
              G_N_ELEMENTS (segs_audio) };
  g_autofree gchar *dir = prw_fixture_make_tmpdir ("audio-member");
  g_autofree gchar *path = g_build_filename (dir, "base.mov", NULL);
  PrwFixtureSpec spec = { 0 };
  GError *error = NULL;
  g_autoptr (PrwQtMovie) movie = NULL;
  const PrwQtTrack *sound;
  gchar fourcc[5];

  job.audio_codec = m->codec;
  job.audio_rate = m->rate;

  /* the member is what it says: ffmpeg's description of it */
  spec.path = path;
  spec.rate_num = 25;
  spec.rate_den = 1;
  spec.start_timecode = "01:00:00:00";
  spec.frames = 10;
  spec.audio_channels = m->channels;
  spec.audio_codec = m->codec;
  spec.audio_rate = m->rate;
  fail_unless (prw_fixture_make_movie (&spec, &error), "%s",
               error ? error->message : "?");
  movie = prw_qt_movie_read_file (path, &error);
  fail_unless (movie != NULL, "%s", error ? error->message : "?");
  sound = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_SOUN, NULL);
  fail_unless (sound != NULL);
  prw_fourcc_to_string (sound->format, fourcc);
  fail_unless_equals_string (fourcc, m->format);
  fail_unless_equals_int (
      prw_fixture_read_be32 (movie->moov + sound->description.offset + 16)
          >> 16,
      m->version);
  fail_unless_equals_int (sound->sample_rate, m->rate);
  fail_unless_equals_int (sound->channels, m->channels);
  fail_unless_equals_int (sound->n_edits > 0 && sound->edit_media_time > 0,
                          m->priming);
  prw_fixture_rm_rf (dir);

  run_job (&job);
}
GST_END_TEST;

/* Two sound tracks, each copied as it is, in the base's order. */
GST_START_TEST (test_print_two_audio_tracks)
{
  Job job = { 25,
              1,
              FALSE,
              "01:00:00:00",
              50,
              "standard",
              2,
              "A001",
              NULL,
              segs_audio,
              G_N_ELEMENTS (segs_audio) };

  job.audio_codec = "pcm_s24le";
  job.audio_tracks = 2;
  run_job (&job);
}
GST_END_TEST;

/* QuickTime's convention for uncompressed sound: a sample size table of
 * 1-byte samples, each one PCM frame whose bytes the sample description
 * gives (version 0: channels x sample size; version 1: bytes per frame).
 * The chunks are cut from the description; ffmpeg reads the patched base
 * as before, and the print copies every packet. */
GST_START_TEST (test_print_audio_one_byte_samples)
{
  /* GStreamer's 'sowt' (version 0), ffmpeg's 'in24' (version 1) */
  static const gchar *const codecs[] = { NULL, "pcm_s24le" };
  const gchar *codec = codecs[__i__];
  Job job = { 25,
              1,
              FALSE,
              "01:00:00:00",
              50,
              "standard",
              2,
              "A001",
              NULL,
              segs_audio,
              G_N_ELEMENTS (segs_audio) };
  g_autofree gchar *dir = prw_fixture_make_tmpdir ("audio-one-byte");
  g_autofree gchar *path = g_build_filename (dir, "base.mov", NULL);
  PrwFixtureSpec spec = { 0 };
  g_autoptr (GPtrArray) before = NULL, after = NULL;
  GError *error = NULL;

  if (codec == NULL)
    job.reel = NULL; /* qtmux: GStreamer writes the base */
  job.audio_codec = codec;
  job.patch_sound_sample_size = TRUE;

  /* ffmpeg reads the convention as the base's own sizes */
  spec.path = path;
  spec.rate_num = 25;
  spec.rate_den = 1;
  spec.start_timecode = "01:00:00:00";
  spec.frames = 10;
  spec.audio_channels = 2;
  spec.audio_codec = codec;
  fail_unless (prw_fixture_make_movie (&spec, &error), "%s",
               error ? error->message : "?");
  before = prw_fixture_audio_packet_md5s (path, &error);
  fail_unless (before != NULL && before->len > 0);
  patch_sound_sample_size (path, 1);
  after = prw_fixture_audio_packet_md5s (path, &error);
  fail_unless (after != NULL);
  fail_unless_equals_int (after->len, before->len);
  for (guint i = 0; i < before->len; i++)
    fail_unless_equals_string (g_ptr_array_index (after, i),
                               g_ptr_array_index (before, i));
  prw_fixture_rm_rf (dir);

  run_job (&job);
}
GST_END_TEST;

/* What still cannot be copied is refused when the plan is sealed, in one
 * line naming the base, the track and its format: here 1-byte samples
 * (QuickTime's convention) whose version 0 description is of a compressed
 * format, which gives no packet size to cut the chunks with. */
GST_START_TEST (test_plan_refuses_sound_it_cannot_cut)
{
  g_autofree gchar *dir = prw_fixture_make_tmpdir ("audio-refused");
  g_autofree gchar *path = g_build_filename (dir, "base.mov", NULL);
  PrwFixtureSpec spec = { 0 };
  GError *error = NULL;
  g_autoptr (PrwQtMovie) movie = NULL;
  g_autoptr (PrwMediaInfo) info = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  g_autofree gchar *expected = NULL;
  const PrwQtTrack *sound;
  int fd;

  spec.path = path;
  spec.rate_num = 25;
  spec.rate_den = 1;
  spec.start_timecode = "01:00:00:00";
  spec.frames = 10;
  spec.audio_channels = 2;
  fail_unless (prw_fixture_make_movie (&spec, &error), "%s",
               error ? error->message : "?");
  patch_sound_sample_size (path, 1);
  movie = prw_qt_movie_read_file (path, &error);
  fail_unless (movie != NULL, "%s", error ? error->message : "?");
  sound = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_SOUN, NULL);
  fail_unless (sound != NULL && sound->format == PRW_QT_FOURCC_SOWT);
  fd = open (path, O_WRONLY);
  fail_unless (fd >= 0);
  /* the description's format, same size: IMA 4:1 */
  fail_unless (
      pwrite (fd, "ima4", 4, movie->moov_offset + sound->description.offset + 4)
      == 4);
  close (fd);

  info = prw_probe_file (path, NULL, &error);
  fail_unless (info != NULL, "%s", error ? error->message : "?");
  plan = prw_plan_new (info);
  fail_if (prw_plan_seal (plan, &error));
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED));
  expected = g_strdup_printf (
      "%s: audio track %u (ima4, 2 ch, 48000 Hz) cannot be copied into the "
      "output: its version 0 sound description is compressed and gives no "
      "packet size",
      path, sound->track_id);
  fail_unless_equals_string (error->message, expected);
  fail_if (prw_plan_is_sealed (plan));
  g_clear_error (&error);
  prw_fixture_rm_rf (dir);
}
GST_END_TEST;

/* verify compares the sound too: one byte changed in the output's sound
 * is a mismatch naming the track. */
GST_START_TEST (test_verify_sound_differs)
{
  static const SegSpec one[] = { { 5, 5, "smpte" } };
  Job job = { 25, 1, FALSE, "01:00:00:00", 20, "4444", 2, NULL, NULL, one, 1 };
  g_autofree gchar *dir = prw_fixture_make_tmpdir ("verify-sound");
  g_auto (GStrv) segs = NULL;
  g_autofree gchar *base = make_media (&job, dir, &segs);
  g_autofree gchar *out = g_build_filename (dir, "out.mov", NULL);
  g_autoptr (PrwPlan) plan = plan_for (base, segs);
  g_autoptr (PrwPrinter) printer = prw_printer_new (plan);
  g_autoptr (PrwQtMovie) movie = NULL;
  g_autoptr (GArray) chunks = NULL;
  const PrwQtTrack *sound;
  GError *error = NULL;
  guint8 byte;
  int fd;

  fail_unless (
      prw_printer_print (printer, out, PRW_PRINT_FLAGS_NONE, NULL, &error),
      "%s", error ? error->message : "?");
  fail_unless (prw_verify_output (plan, out, NULL, NULL, &error), "%s",
               error ? error->message : "?");
  movie = prw_qt_movie_read_file (out, &error);
  fail_unless (movie != NULL);
  sound = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_SOUN, NULL);
  chunks = prw_qt_track_read_chunks (movie, sound, &error);
  fail_unless (chunks != NULL && chunks->len > 1);
  fd = open (out, O_RDWR);
  fail_unless (fd >= 0);
  fail_unless (
      pread (fd, &byte, 1, g_array_index (chunks, PrwQtChunk, 1).offset + 7)
      == 1);
  byte ^= 0x55;
  fail_unless (
      pwrite (fd, &byte, 1, g_array_index (chunks, PrwQtChunk, 1).offset + 7)
      == 1);
  close (fd);
  fail_if (prw_verify_output (plan, out, NULL, NULL, &error));
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_MISMATCH));
  fail_unless (
      g_str_has_suffix (error->message, "differs from the base's (its sound)"),
      "%s", error->message);
  g_clear_error (&error);
  prw_fixture_rm_rf (dir);
}
GST_END_TEST;

/* A cancelled print leaves nothing behind. */
GST_START_TEST (test_print_cancelled)
{
  static const SegSpec one[] = { { 5, 5, "smpte" } };
  Job job = { 25, 1, FALSE, "01:00:00:00", 20, "4444", 0, NULL, NULL, one, 1 };
  g_autofree gchar *dir = prw_fixture_make_tmpdir ("cancel");
  g_auto (GStrv) segs = NULL;
  g_autofree gchar *base = make_media (&job, dir, &segs);
  g_autofree gchar *out = g_build_filename (dir, "out.mov", NULL);
  g_autofree gchar *before = dir_listing (dir);
  g_autofree gchar *after = NULL;
  g_autoptr (PrwPlan) plan = plan_for (base, segs);
  g_autoptr (PrwPrinter) printer = prw_printer_new (plan);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;

  g_cancellable_cancel (cancellable);
  fail_if (prw_printer_print (printer, out, PRW_PRINT_FLAGS_NONE, cancellable,
                              &error));
  fail_unless (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&error);
  after = dir_listing (dir);
  fail_unless_equals_string (after, before);
  prw_fixture_rm_rf (dir);
}
GST_END_TEST;

/* ---- several timecode samples (issue 12, C01) ------------------------- */

/* A 25 fps movie of frames frames from 01:00:00:00 (its timecode track's
 * samples replaced when n > 0) */
static gchar *
make_c01_movie (const gchar *dir, const gchar *name, const gchar *start,
                gint64 frames, const gchar *pattern, const guint32 *values,
                const guint32 *durations, guint n)
{
  PrwFixtureSpec spec = { 0 };
  GError *error = NULL;
  gchar *path = g_build_filename (dir, name, NULL);

  spec.path = path;
  spec.rate_num = 25;
  spec.rate_den = 1;
  spec.start_timecode = start;
  spec.frames = frames;
  spec.profile = "standard";
  spec.pattern = pattern;
  spec.tmcd_values = values;
  spec.tmcd_frames = durations;
  spec.n_tmcd_samples = n;
  fail_unless (prw_fixture_make_movie (&spec, &error), "%s: %s", name,
               error ? error->message : "?");
  return path;
}

/* The base's timecode samples as the library's reader gives them */
static void
assert_tmcd_samples (const gchar *path, const guint32 *values,
                     const guint32 *frames, guint n)
{
  GError *error = NULL;
  g_autoptr (PrwQtMovie) movie = prw_qt_movie_read_file (path, &error);
  const PrwQtTrack *tmcd;

  fail_unless (movie != NULL, "%s", error ? error->message : "?");
  tmcd = tmcd_of (movie);
  fail_unless_equals_int (tmcd->n_samples, n);
  for (guint i = 0; i < n; i++) {
    fail_unless_equals_int (tmcd->tmcd_values[i], values[i]);
    /* qtmux's timecode track counts 25 labels a second at its media
     * time scale: one frame lasts timescale / 25 */
    fail_unless_equals_int64 ((guint64) tmcd->tmcd_durations[i] * 25,
                              (guint64) frames[i] * tmcd->timescale);
  }
}

/* The output of printing seg into base: frame by frame with ffmpeg's
 * packet md5s, the segment's frames at record_in.. and the base's
 * elsewhere */
static void
print_and_check_c01 (const gchar *dir, const gchar *base, const gchar *seg,
                     gint64 record_in, gint64 frames, gboolean verify)
{
  gchar *segs[] = { (gchar *) seg, NULL };
  g_autofree gchar *out = g_build_filename (dir, "printed.mov", NULL);
  g_autoptr (PrwPlan) plan = plan_for (base, segs);
  g_autoptr (PrwPrinter) printer = prw_printer_new (plan);
  g_autoptr (GPtrArray) base_md5 = NULL, seg_md5 = NULL, out_md5 = NULL;
  const PrwRange *piece;
  GError *error = NULL;
  guint64 checked = 0;

  fail_unless_equals_int (prw_plan_get_segment_n_pieces (plan, 0), 1);
  piece = prw_plan_get_segment_piece (plan, 0, 0);
  fail_unless_equals_int64 (piece->source_in, 0);
  fail_unless_equals_int64 (piece->record_in, record_in);
  fail_unless_equals_int64 (piece->frames, frames);
  fail_unless_equals_int64 (prw_plan_get_segment_record_in (plan, 0),
                            record_in);
  fail_unless (prw_plan_get_warnings (plan)[0] == NULL, "warning: %s",
               prw_plan_get_warnings (plan)[0]);

  fail_unless (
      prw_printer_print (printer, out, PRW_PRINT_FLAGS_NONE, NULL, &error),
      "%s", error ? error->message : "?");
  base_md5 = prw_fixture_video_packet_md5s (base, &error);
  seg_md5 = prw_fixture_video_packet_md5s (seg, &error);
  out_md5 = prw_fixture_video_packet_md5s (out, &error);
  fail_unless (base_md5 && seg_md5 && out_md5, "%s",
               error ? error->message : "?");
  fail_unless_equals_int (seg_md5->len, frames);
  fail_unless_equals_int (out_md5->len, base_md5->len);
  for (guint r = 0; r < out_md5->len; r++) {
    const gchar *expected
        = (gint64) r >= record_in && (gint64) r < record_in + frames
              ? g_ptr_array_index (seg_md5, r - record_in)
              : g_ptr_array_index (base_md5, r);

    fail_unless_equals_string (g_ptr_array_index (out_md5, r), expected);
  }
  if (verify) {
    fail_unless (prw_verify_output (plan, out, &checked, NULL, &error), "%s",
                 error ? error->message : "?");
    fail_unless_equals_int (checked, base_md5->len);
  }
}

/* C01: a base whose timecode track holds 3 samples that continue each
 * other (01:00:00:00, 01:00:01:00, 01:00:02:00; 25 frames each): the
 * segment at 01:00:01:10 lands on record 35-44, the output verifies (its
 * timecode shows the same labels at every frame) and keeps the base's 3
 * timecode samples, its timecode track the base's byte for byte. */
GST_START_TEST (test_print_tmcd_samples_continuous)
{
  static const guint32 values[] = { 90000, 90025, 90050 };
  static const guint32 durations[] = { 25, 25, 25 };
  g_autofree gchar *dir = prw_fixture_make_tmpdir ("c01-continuous");
  g_autofree gchar *base
      = make_c01_movie (dir, "base_3samples.mov", "01:00:00:00", 75, "black",
                        values, durations, 3);
  g_autofree gchar *seg = make_c01_movie (
      dir, "seg_A_0100_0110.mov", "01:00:01:10", 10, "smpte", NULL, NULL, 0);
  g_autoptr (PrwMediaInfo) info = prw_probe_file (base, NULL, NULL);

  assert_tmcd_samples (base, values, durations, 3);
  fail_unless (info != NULL);
  fail_unless_equals_int (prw_media_info_get_n_timecode_runs (info), 1);
  print_and_check_c01 (dir, base, seg, 35, 10, TRUE);
  {
    g_autofree gchar *out = g_build_filename (dir, "printed.mov", NULL);

    assert_tmcd_samples (out, values, durations, 3);
    check_copied_timecode (base, out);
  }
  prw_fixture_rm_rf (dir);
}
GST_END_TEST;

/* C01: a base whose timecode breaks (01:00:00:00 for 25 frames, then
 * 02:00:00:00 for 50): the segment at 02:00:00:05 lands on record 30-39;
 * one at 01:00:01:10, which the base never shows, is refused as outside,
 * naming the segment. */
GST_START_TEST (test_print_tmcd_samples_break)
{
  static const guint32 values[] = { 90000, 180000 };
  static const guint32 durations[] = { 25, 50 };
  g_autofree gchar *dir = prw_fixture_make_tmpdir ("c01-break");
  g_autofree gchar *base
      = make_c01_movie (dir, "base_2samples_break.mov", "01:00:00:00", 75,
                        "black", values, durations, 2);
  g_autofree gchar *seg_a = make_c01_movie (
      dir, "seg_A_0100_0110.mov", "01:00:01:10", 10, "smpte", NULL, NULL, 0);
  g_autofree gchar *seg_b = make_c01_movie (
      dir, "seg_B_0200_0005.mov", "02:00:00:05", 10, "ball", NULL, NULL, 0);
  g_autoptr (PrwMediaInfo) info = prw_probe_file (base, NULL, NULL);
  g_autoptr (PrwMediaInfo) a = prw_probe_file (seg_a, NULL, NULL);
  g_autoptr (PrwSegment) segment = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  g_autofree gchar *run1 = NULL;
  GError *error = NULL;

  assert_tmcd_samples (base, values, durations, 2);
  fail_unless (info != NULL && a != NULL);
  fail_unless_equals_int (prw_media_info_get_n_timecode_runs (info), 2);
  fail_unless_equals_int64 (
      prw_media_info_get_timecode_run_first_frame (info, 1), 25);
  run1 = prw_timecode_to_string (
      prw_media_info_get_timecode_run_start (info, 1));
  fail_unless_equals_string (run1, "02:00:00:00");

  /* placement only: the output's timecode track is the muxer's one
   * sample until the finishing step copies the base's (branch audio) */
  print_and_check_c01 (dir, base, seg_b, 30, 10, FALSE);

  plan = prw_plan_new (info);
  segment = prw_segment_new (a);
  fail_if (prw_plan_add_segment (plan, segment, &error));
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_OUTSIDE_BASE));
  fail_unless (strstr (error->message, "seg_A_0100_0110.mov") != NULL, "%s",
               error->message);
  fail_unless (strstr (error->message, "outside") != NULL, "%s",
               error->message);
  g_clear_error (&error);
  prw_fixture_rm_rf (dir);
}
GST_END_TEST;

/* C01: the output keeps the base's timecode samples (the finishing step
 * copies the base's timecode track), so verify of a break base passes. */
GST_START_TEST (test_print_tmcd_samples_break_verifies)
{
  static const guint32 values[] = { 90000, 180000 };
  static const guint32 durations[] = { 25, 50 };
  g_autofree gchar *dir = prw_fixture_make_tmpdir ("c01-break-verify");
  g_autofree gchar *base
      = make_c01_movie (dir, "base_2samples_break.mov", "01:00:00:00", 75,
                        "black", values, durations, 2);
  g_autofree gchar *seg_b = make_c01_movie (
      dir, "seg_B_0200_0005.mov", "02:00:00:05", 10, "ball", NULL, NULL, 0);
  g_autofree gchar *out = g_build_filename (dir, "printed.mov", NULL);

  print_and_check_c01 (dir, base, seg_b, 30, 10, TRUE);
  /* the output keeps the base's two samples */
  assert_tmcd_samples (out, values, durations, 2);
  prw_fixture_rm_rf (dir);
}
GST_END_TEST;

/* ---- layers and handles ----------------------------------------------- */

/* 25 fps, handles 3: two grades whose handles overlap, and a VFX shot over
 * the first grade's core whose handles fall on grade core frames.
 *
 *   record   0    5    10   15   20   25   30   35   40   45
 *   base     |..................................................| 50
 *   S01 grd       hhh[core 8-21.....]hhh                5-24
 *   S02 grd                       hhh[core 23-36....]hhh  20-39
 *   S03 vfx              hhh[15-18]hhh                   12-21
 *
 * By the rules: a core frame beats a handle whatever the layer (S03's
 * handles 12-14 and 19-21 yield to S01's core; S01's tail handles 22-24
 * yield to S02's core 23-24, and S02's head handles 20-22 to S01's core
 * 20-21), then VFX beats grade (S03's core 15-18 over S01's), then the
 * later (S02's head handle 22 over S01's tail handle 22). The expected
 * owner of every record frame is computed here from those rules alone. */
static const SegSpec segs_layers[] = {
  { 5, 20, "smpte" },
  { 20, 20, "ball" },
  { 12, 10, "snow" },
};
static const gboolean segs_layers_vfx[] = { FALSE, FALSE, TRUE };
#define LAYERS_HANDLES 3

GST_START_TEST (test_print_layers_and_handles)
{
  Job job = { 25,
              1,
              FALSE,
              "01:00:00:00",
              50,
              "4444",
              0,
              NULL,
              NULL,
              segs_layers,
              G_N_ELEMENTS (segs_layers) };
  g_autofree gchar *dir = prw_fixture_make_tmpdir ("print-layers");
  g_auto (GStrv) segs = NULL;
  g_autofree gchar *base = make_media (&job, dir, &segs);
  g_autofree gchar *out = g_build_filename (dir, "printed.mov", NULL);
  g_autoptr (PrwMediaInfo) base_info = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  g_autoptr (PrwPrinter) printer = NULL;
  g_autoptr (GPtrArray) base_md5 = NULL, out_md5 = NULL;
  GPtrArray *seg_md5[G_N_ELEMENTS (segs_layers)];
  gint owner[50];
  gboolean owner_handle[50];
  const gchar *const *warnings;
  GError *error = NULL;
  guint64 checked = 0;
  guint i;

  base_info = prw_probe_file (base, NULL, &error);
  fail_unless (base_info != NULL, "%s", error ? error->message : "?");
  plan = prw_plan_new (base_info);
  prw_plan_set_handles (plan, LAYERS_HANDLES);
  /* the VFX shot added last, as the CLI adds --vfx after the grades; the
   * order between layers does not matter */
  for (i = 0; i < job.n_segs; i++) {
    g_autoptr (PrwMediaInfo) m = prw_probe_file (segs[i], NULL, &error);
    g_autoptr (PrwSegment) seg = NULL;

    fail_unless (m != NULL, "%s", error ? error->message : "?");
    seg = prw_segment_new (m);
    fail_unless (prw_plan_add_segment_to_layer (
                     plan, seg,
                     segs_layers_vfx[i] ? PRW_LAYER_VFX : PRW_LAYER_GRADE,
                     &error),
                 "%s", error ? error->message : "?");
  }
  fail_unless (prw_plan_seal (plan, &error), "%s",
               error ? error->message : "?");

  /* the owners by the rules */
  for (gint64 r = 0; r < job.frames; r++) {
    gint best_core = -1, best_layer = -1;

    owner[r] = PRW_RANGE_SOURCE_BASE;
    owner_handle[r] = FALSE;
    for (i = 0; i < job.n_segs; i++) {
      gint64 k = r - segs_layers[i].record_in;
      gboolean handle
          = k < LAYERS_HANDLES || k >= segs_layers[i].frames - LAYERS_HANDLES;
      gint core = handle ? 0 : 1, layer = segs_layers_vfx[i] ? 1 : 0;

      if (k < 0 || k >= segs_layers[i].frames)
        continue;
      /* core, then layer, then the later (i grows) */
      if (core > best_core || (core == best_core && layer >= best_layer)) {
        best_core = core;
        best_layer = layer;
        owner[r] = (gint) i;
        owner_handle[r] = handle;
      }
    }
  }
  /* the picture the diagram draws */
  fail_unless_equals_int (owner[12], 0); /* S03's handle under S01's core */
  fail_unless_equals_int (owner[15], 2); /* S03's core over S01's */
  fail_unless_equals_int (owner[19], 0); /* S03's handle under S01's core */
  fail_unless_equals_int (owner[21], 0); /* S02's handle under S01's core */
  fail_unless_equals_int (owner[22], 1); /* S02's handle over S01's */
  fail_unless (owner_handle[22]);
  fail_unless_equals_int (owner[23], 1); /* S02's core over S01's handle */
  fail_unless_equals_int (owner[5], 0);
  fail_unless (owner_handle[5]);

  /* the plan's ranges say the same, frame by frame, with layer and part */
  {
    gint64 r = 0;

    for (guint n = 0; n < prw_plan_get_n_ranges (plan); n++) {
      const PrwRange *range = prw_plan_get_range (plan, n);

      for (gint64 k = 0; k < range->frames; k++, r++) {
        fail_unless_equals_int (range->source, owner[r]);
        fail_unless_equals_int (prw_plan_get_range_is_handle (plan, n),
                                owner_handle[r]);
        fail_unless_equals_int (prw_plan_get_range_layer (plan, n),
                                owner[r] < 0 ? PRW_LAYER_BASE
                                             : (segs_layers_vfx[owner[r]]
                                                    ? PRW_LAYER_VFX
                                                    : PRW_LAYER_GRADE));
      }
    }
    fail_unless_equals_int64 (r, job.frames);
  }
  /* the VFX shot's handles yield, and the warnings say so */
  warnings = prw_plan_get_warnings (plan);
  {
    g_autofree gchar *v = g_path_get_basename (segs[2]);
    g_autofree gchar *g = g_path_get_basename (segs[0]);
    g_autofree gchar *head = g_strdup_printf (
        "%s (VFX): its handles yield to the core frames of %s (grade) on "
        "record frames 12-14 (01:00:00:12-01:00:00:14; 3 frames)",
        v, g);
    g_autofree gchar *tail = g_strdup_printf (
        "%s (VFX): its handles yield to the core frames of %s (grade) on "
        "record frames 19-21 (01:00:00:19-01:00:00:21; 3 frames)",
        v, g);
    gboolean seen_head = FALSE, seen_tail = FALSE;

    for (i = 0; warnings[i] != NULL; i++) {
      seen_head |= g_str_equal (warnings[i], head);
      seen_tail |= g_str_equal (warnings[i], tail);
    }
    fail_unless (seen_head && seen_tail, "no \"%s\" or \"%s\"", head, tail);
  }

  printer = prw_printer_new (plan);
  fail_unless (
      prw_printer_print (printer, out, PRW_PRINT_FLAGS_NONE, NULL, &error),
      "%s", error ? error->message : "?");
  assert_data_path (printer, out);

  /* frame by frame, byte for byte, with ffmpeg */
  base_md5 = prw_fixture_video_packet_md5s (base, &error);
  out_md5 = prw_fixture_video_packet_md5s (out, &error);
  fail_unless (base_md5 && out_md5, "%s", error ? error->message : "?");
  for (i = 0; i < job.n_segs; i++) {
    seg_md5[i] = prw_fixture_video_packet_md5s (segs[i], &error);
    fail_unless (seg_md5[i] != NULL, "%s", error ? error->message : "?");
    fail_unless_equals_int (seg_md5[i]->len, segs_layers[i].frames);
  }
  fail_unless_equals_int (out_md5->len, job.frames);
  for (gint64 r = 0; r < job.frames; r++) {
    const gchar *expected
        = owner[r] < 0
              ? g_ptr_array_index (base_md5, r)
              : g_ptr_array_index (seg_md5[owner[r]],
                                   r - segs_layers[owner[r]].record_in);

    fail_unless_equals_string (g_ptr_array_index (out_md5, r), expected);
  }

  /* and the library's own verifier agrees */
  fail_unless (prw_verify_output (plan, out, &checked, NULL, &error), "%s",
               error ? error->message : "?");
  fail_unless_equals_int (checked, job.frames);

  for (i = 0; i < job.n_segs; i++)
    g_ptr_array_unref (seg_md5[i]);
  prw_fixture_rm_rf (dir);
}

GST_END_TEST;

static Suite *
print_suite (void)
{
  Suite *s = suite_create ("print");
  TCase *tc = tcase_create ("print");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_print_25_audio_overlaps);
  tcase_add_test (tc, test_print_layers_and_handles);
  tcase_add_test (tc, test_print_aligned_copies);
  tcase_add_test (tc, test_print_23976);
  tcase_add_test (tc, test_print_2997_drop_frame);
  tcase_add_test (tc, test_print_11988_reel);
  tcase_add_test (tc, test_print_midnight);
  tcase_add_test (tc, test_print_5994_timecode_at_2997);
  tcase_add_test (tc, test_print_50_timecode_at_25);
  tcase_add_test (tc, test_print_24_drop_frame_flag);
  tcase_add_test (tc, test_print_output_rules);
  tcase_add_test (tc, test_print_cancelled);
  tcase_add_loop_test (tc, test_print_audio_member, 0,
                       G_N_ELEMENTS (audio_members));
  tcase_add_test (tc, test_print_two_audio_tracks);
  tcase_add_test (tc, test_verify_sound_differs);
  tcase_add_loop_test (tc, test_print_audio_one_byte_samples, 0, 2);
  tcase_add_test (tc, test_plan_refuses_sound_it_cannot_cut);
  tcase_add_test (tc, test_print_fallback_same_bytes);
  tcase_add_test (tc, test_print_input_changed);
  tcase_add_test (tc, test_print_two_threads);
  tcase_add_test (tc, test_print_tmcd_samples_continuous);
  tcase_add_test (tc, test_print_tmcd_samples_break);
  tcase_add_test (tc, test_print_tmcd_samples_break_verifies);
  return s;
}

GST_CHECK_MAIN (print);
