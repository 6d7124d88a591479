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
 * not only the start). Frames are found through each movie's sample table,
 * independently of the way the print wrote them; inputs and @output are
 * only read.
 *
 * Errors:
 *
 * - %PRW_ERROR_MISMATCH: a difference; the message names the first: the
 *   frame count, rate, start timecode, the first frame whose timecode
 *   differs (since 0.4) or reel name, or the first differing
 *   frame as a record frame, its timecode, and the source frame and file
 *   it should equal;
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
