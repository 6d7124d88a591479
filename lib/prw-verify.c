/* libproreswriter: check an output against its plan, byte for byte
 *
 * Independent of the render path: it reads every frame of the output and
 * of the source frame the plan names through the sample tables, and
 * compares their bytes; it also checks the frame count, rate, timecode map
 * (every frame's label) and reel name against the base's.
 */
#include "prw-media-info-private.h"
#include "util/prw-fd-io-private.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#define PRW_STR_NULL(s) ((s) ? (s) : "(none)")

typedef struct {
  const gchar *path;
  int fd;
  const PrwQtTrack *video;
  PrwMediaInfo *info;
} Reader;

static gboolean
reader_open (Reader *r, PrwMediaInfo *info, GError **error)
{
  r->info = info;
  r->path = prw_media_info_get_path (info);
  r->video = prw_media_info_get_video_track (info);
  r->fd = prw_fd_open (r->path, O_RDONLY, 0);
  if (r->fd < 0)
    return prw_set_error_from_errno (error, errno, r->path, NULL);
  return TRUE;
}

static void
reader_close (Reader *r)
{
  if (r->fd >= 0)
    prw_fd_close (r->fd);
  r->fd = -1;
}

static gboolean
reader_read (Reader *r, gint64 frame, GByteArray *buf, GError **error)
{
  const PrwSample *s;

  /* the frame the edit list presents k-th */
  s = prw_media_info_get_frame_sample (r->info, frame);
  if (s == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_MISMATCH,
                 "%s: has no frame %" G_GINT64_FORMAT, r->path, frame);
    return FALSE;
  }
  g_byte_array_set_size (buf, s->size);
  if (!prw_qt_pread (GINT_TO_POINTER (r->fd), s->offset, buf->data, s->size,
                     error)) {
    g_prefix_error (error, "%s: frame %" G_GINT64_FORMAT ": ", r->path, frame);
    return FALSE;
  }
  return TRUE;
}

/* The first frame whose label differs between the two timecode maps (of
 * movies with the same frame count), or -1. Between two consecutive run
 * starts of either map both count one label per frame, so comparing at
 * every run start compares every frame. */
static gint64
first_label_difference (PrwMediaInfo *out, PrwMediaInfo *base)
{
  const PrwTimecodeRun *a, *b;
  guint na, nb, i = 0, j = 0;

  a = prw_media_info_get_timecode_runs (out, &na);
  b = prw_media_info_get_timecode_runs (base, &nb);
  while (i < na || j < nb) {
    gint64 at;

    if (j >= nb || (i < na && a[i].first_frame <= b[j].first_frame))
      at = a[i].first_frame;
    else
      at = b[j].first_frame;
    if (at < prw_media_info_get_frame_count (base)
        && prw_media_info_get_label_at (out, at)
               != prw_media_info_get_label_at (base, at))
      return at;
    while (i < na && a[i].first_frame <= at)
      i++;
    while (j < nb && b[j].first_frame <= at)
      j++;
  }
  return -1;
}

static gboolean
check_header (PrwMediaInfo *out, PrwMediaInfo *base, GError **error)
{
  const gchar *path = prw_media_info_get_path (out);
  const PrwTimecode *out_tc = prw_media_info_get_start_timecode (out);
  const PrwTimecode *base_tc = prw_media_info_get_start_timecode (base);
  gint64 at;

  if (prw_media_info_get_frame_count (out)
      != prw_media_info_get_frame_count (base)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_MISMATCH,
                 "%s: has %" G_GINT64_FORMAT
                 " frames; the base has %" G_GINT64_FORMAT,
                 path, prw_media_info_get_frame_count (out),
                 prw_media_info_get_frame_count (base));
    return FALSE;
  }
  if (prw_media_info_get_rate_num (out) != prw_media_info_get_rate_num (base)
      || prw_media_info_get_rate_den (out)
             != prw_media_info_get_rate_den (base)) {
    g_set_error (
        error, PRW_ERROR, PRW_ERROR_MISMATCH,
        "%s: frame rate %u/%u differs from the base's %u/%u", path,
        prw_media_info_get_rate_num (out), prw_media_info_get_rate_den (out),
        prw_media_info_get_rate_num (base), prw_media_info_get_rate_den (base));
    return FALSE;
  }
  if (!prw_timecode_equal (out_tc, base_tc)) {
    g_autofree gchar *a = prw_timecode_to_string (out_tc);
    g_autofree gchar *b = prw_timecode_to_string (base_tc);

    g_set_error (error, PRW_ERROR, PRW_ERROR_MISMATCH,
                 "%s: starts at timecode %s; the base starts at %s", path, a,
                 b);
    return FALSE;
  }
  /* the whole timecode map, not only the start: a base whose timecode
   * breaks must come out with the same breaks */
  if ((at = first_label_difference (out, base)) >= 0) {
    g_autoptr (PrwTimecode) ta = prw_media_info_get_timecode_at (out, at);
    g_autoptr (PrwTimecode) tb = prw_media_info_get_timecode_at (base, at);
    g_autofree gchar *a = prw_timecode_to_string (ta);
    g_autofree gchar *b = prw_timecode_to_string (tb);

    g_set_error (error, PRW_ERROR, PRW_ERROR_MISMATCH,
                 "%s: shows timecode %s at frame %" G_GINT64_FORMAT "; the "
                 "base shows %s there (timecode runs: %u in the output, %u "
                 "in the base)",
                 path, a, at, b, prw_media_info_get_n_timecode_runs (out),
                 prw_media_info_get_n_timecode_runs (base));
    return FALSE;
  }
  if (g_strcmp0 (prw_media_info_get_reel_name (out),
                 prw_media_info_get_reel_name (base))
      != 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_MISMATCH,
                 "%s: reel name \"%s\" differs from the base's \"%s\"", path,
                 PRW_STR_NULL (prw_media_info_get_reel_name (out)),
                 PRW_STR_NULL (prw_media_info_get_reel_name (base)));
    return FALSE;
  }
  return TRUE;
}

/* The atom's bytes in the movie header, or NULL when it has none. */
static GBytes *
moov_atom (const PrwQtMovie *movie, const PrwAtom *atom)
{
  return atom->type ? g_bytes_new_static (movie->moov + atom->offset,
                                          (gsize) atom->size)
                    : NULL;
}

/* The track's edit list (edts), or NULL. */
static GBytes *
edit_list (const PrwQtMovie *movie, const PrwQtTrack *track)
{
  PrwAtomIter iter;
  PrwAtom atom;

  prw_atom_iter_init (&iter, movie->moov,
                      PRW_ATOM_PAYLOAD_OFFSET (&track->trak),
                      track->trak.offset + track->trak.size);
  while (prw_atom_iter_next (&iter, &atom, NULL))
    if (atom.type == PRW_QT_FOURCC_EDTS)
      return moov_atom (movie, &atom);
  return NULL;
}

static gboolean
same_bytes (GBytes *a, GBytes *b)
{
  gboolean same = (a == NULL) == (b == NULL) && (!a || g_bytes_equal (a, b));

  g_clear_pointer (&a, g_bytes_unref);
  g_clear_pointer (&b, g_bytes_unref);
  return same;
}

/* One sound track of the output is the base's: its sample description,
 * tables and edit list byte for byte (the output keeps the base's movie
 * time scale), and every chunk's bytes. */
static gboolean
check_sound_track (Reader *out, const PrwQtMovie *om, const PrwQtTrack *o,
                   Reader *base, const PrwQtMovie *bm, const PrwQtTrack *b,
                   GByteArray *x, GByteArray *y, GError **error)
{
  g_autoptr (GArray) oc = NULL, bc = NULL;
  g_autofree gchar *label = prw_qt_sound_track_label (b);
  const gchar *what = NULL;

  if (!same_bytes (moov_atom (om, &o->stsd), moov_atom (bm, &b->stsd)))
    what = "sample description";
  else if (!same_bytes (moov_atom (om, &o->stts), moov_atom (bm, &b->stts))
           || !same_bytes (moov_atom (om, &o->stsz), moov_atom (bm, &b->stsz))
           || !same_bytes (moov_atom (om, &o->stsc), moov_atom (bm, &b->stsc)))
    what = "sample tables";
  else if (om->movie_timescale == bm->movie_timescale
           && !same_bytes (edit_list (om, o), edit_list (bm, b)))
    what = "edit list";
  if (what == NULL
      && (!(oc = prw_qt_track_read_chunks (om, o, error))
          || !(bc = prw_qt_track_read_chunks (bm, b, error))))
    return FALSE;
  if (what == NULL && oc->len != bc->len)
    what = "chunk count";
  for (guint i = 0; what == NULL && i < bc->len; i++) {
    const PrwQtChunk *p = &g_array_index (oc, PrwQtChunk, i);
    const PrwQtChunk *q = &g_array_index (bc, PrwQtChunk, i);

    if (p->size != q->size || p->size > G_MAXUINT) {
      what = "chunk sizes";
      break;
    }
    g_byte_array_set_size (x, (guint) p->size);
    g_byte_array_set_size (y, (guint) q->size);
    if (!prw_qt_pread (GINT_TO_POINTER (out->fd), p->offset, x->data, x->len,
                       error)
        || !prw_qt_pread (GINT_TO_POINTER (base->fd), q->offset, y->data,
                          y->len, error)) {
      g_prefix_error (error, "%s: %s: ", out->path, label);
      return FALSE;
    }
    if (memcmp (x->data, y->data, x->len) != 0)
      what = "sound";
  }
  if (what != NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_MISMATCH,
                 "%s: %s differs from the base's (its %s)", out->path, label,
                 what);
    return FALSE;
  }
  return TRUE;
}

/* The output's sound tracks are the base's, in the same order. */
static gboolean
check_sound (Reader *out, Reader *base, GError **error)
{
  const PrwQtMovie *om = prw_media_info_get_movie (out->info);
  const PrwQtMovie *bm = prw_media_info_get_movie (base->info);
  g_autoptr (GByteArray) x = g_byte_array_new ();
  g_autoptr (GByteArray) y = g_byte_array_new ();
  guint i = 0, j = 0;

  if (!om || !bm)
    return TRUE;
  for (;;) {
    const PrwQtTrack *o = NULL, *b = NULL;

    for (; i < om->tracks->len && !o; i++)
      if (((PrwQtTrack *) g_ptr_array_index (om->tracks, i))->handler
          == PRW_QT_FOURCC_SOUN)
        o = g_ptr_array_index (om->tracks, i);
    for (; j < bm->tracks->len && !b; j++)
      if (((PrwQtTrack *) g_ptr_array_index (bm->tracks, j))->handler
          == PRW_QT_FOURCC_SOUN)
        b = g_ptr_array_index (bm->tracks, j);
    if (!o && !b)
      return TRUE;
    if (!o || !b) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_MISMATCH,
                   "%s: has %u sound tracks; the base has %u", out->path,
                   prw_media_info_get_n_audio_tracks (out->info),
                   prw_media_info_get_n_audio_tracks (base->info));
      return FALSE;
    }
    if (!check_sound_track (out, om, o, base, bm, b, x, y, error))
      return FALSE;
  }
}

/**
 * prw_verify_output:
 * @plan: a sealed #PrwPlan
 * @output: (type filename): a movie printed from @plan
 * @frames_checked: (out) (optional): how many frames were compared
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Checks that every frame of @output is byte-identical to the source frame
 * the plan names, and that its frame count, rate, start timecode and reel
 * name are the base's; since 0.4, that it shows the base's timecode at
 * every frame (the whole timecode map, prw_media_info_get_n_timecode_runs(),
 * not only the start), and that its sound tracks are the base's: sample
 * descriptions, sample tables, edit lists and every chunk's bytes. Frames
 * are found through each movie's sample table,
 * independently of the way the print wrote them; inputs and @output are
 * only read.
 *
 * Errors:
 *
 * - %PRW_ERROR_MISMATCH: a difference; the message names the first: the
 *   frame count, rate, start timecode, the first frame whose timecode
 *   differs (since 0.4) or reel name, or the first differing
 *   frame as a record frame, its timecode, and the source frame and file
 *   it should equal, or the first sound track that differs;
 * - any error of prw_probe_file() on @output (%PRW_ERROR_NOT_FOUND,
 *   %PRW_ERROR_PERMISSION_DENIED, %PRW_ERROR_IO, %PRW_ERROR_NOT_QUICKTIME,
 *   %PRW_ERROR_CORRUPT, %PRW_ERROR_UNSUPPORTED, %PRW_ERROR_NO_VIDEO,
 *   %PRW_ERROR_NO_TIMECODE, %PRW_ERROR_FAILED);
 * - %PRW_ERROR_NOT_FOUND, %PRW_ERROR_PERMISSION_DENIED or %PRW_ERROR_IO
 *   when an input cannot be opened or a frame cannot be read;
 *   %PRW_ERROR_CORRUPT when a file ends before a frame its sample table
 *   names (it shrank since it was probed; an input that changed is not
 *   reported as %PRW_ERROR_CHANGED here);
 * - %G_IO_ERROR_CANCELLED: @cancellable was cancelled (checked before each
 *   frame).
 *
 * @frames_checked is set in every case: the frames found identical before
 * the first difference or error.
 *
 * Returns: %TRUE if @output is exactly what @plan says
 *
 * Since: 0.1
 */
gboolean
prw_verify_output (PrwPlan *plan, const gchar *output, guint64 *frames_checked,
                   GCancellable *cancellable, GError **error)
{
  PrwMediaInfo *base;
  g_autoptr (PrwMediaInfo) out_info = NULL;
  Reader out = { .fd = -1 }, src = { .fd = -1 };
  GByteArray *a = NULL, *b = NULL;
  gboolean ok = FALSE;
  guint64 checked = 0;
  guint i;

  g_return_val_if_fail (PRW_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (prw_plan_is_sealed (plan), FALSE);
  g_return_val_if_fail (output != NULL, FALSE);

  base = prw_plan_get_base (plan);
  out_info = prw_probe_file (output, cancellable, error);
  if (!out_info || !check_header (out_info, base, error)
      || !reader_open (&out, out_info, error))
    goto done;

  a = g_byte_array_new ();
  b = g_byte_array_new ();
  for (i = 0; i < prw_plan_get_n_ranges (plan); i++) {
    const PrwRange *range = prw_plan_get_range (plan, i);
    PrwMediaInfo *info = range->source == PRW_RANGE_SOURCE_BASE
                             ? base
                             : prw_segment_get_media (
                                 prw_plan_get_segment (plan, range->source));
    gint64 k;

    if (!reader_open (&src, info, error))
      goto done;
    for (k = 0; k < range->frames; k++) {
      gint64 record = range->record_in + k;

      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !reader_read (&out, record, a, error)
          || !reader_read (&src, range->source_in + k, b, error))
        goto done;
      if (a->len != b->len || memcmp (a->data, b->data, a->len) != 0) {
        g_autoptr (PrwTimecode) tc
            = prw_media_info_get_timecode_at (base, record);
        g_autofree gchar *label = prw_timecode_to_string (tc);

        g_set_error (error, PRW_ERROR, PRW_ERROR_MISMATCH,
                     "%s: frame %" G_GINT64_FORMAT " (%s) differs from "
                     "frame %" G_GINT64_FORMAT " of %s",
                     output, record, label, range->source_in + k, src.path);
        goto done;
      }
      checked++;
    }
    reader_close (&src);
  }
  if (!reader_open (&src, base, error) || !check_sound (&out, &src, error))
    goto done;
  ok = TRUE;

done:
  reader_close (&src);
  reader_close (&out);
  if (a)
    g_byte_array_unref (a);
  if (b)
    g_byte_array_unref (b);
  if (frames_checked)
    *frames_checked = checked;
  return ok;
}
