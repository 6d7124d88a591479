/* libproreswriter: check an output against its plan, byte for byte
 *
 * Independent of the render path: it reads every frame of the output and
 * of the source frame the plan names through the sample tables, and
 * compares their bytes; it also checks the frame count, rate, start
 * timecode and reel name against the base's.
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

static gboolean
check_header (PrwMediaInfo *out, PrwMediaInfo *base, GError **error)
{
  const gchar *path = prw_media_info_get_path (out);
  const PrwTimecode *out_tc = prw_media_info_get_start_timecode (out);
  const PrwTimecode *base_tc = prw_media_info_get_start_timecode (base);

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
 * name are the base's. Frames are found through each movie's sample table,
 * independently of the way the print wrote them; inputs and @output are
 * only read.
 *
 * Errors:
 *
 * - %PRW_ERROR_MISMATCH: a difference; the message names the first: the
 *   frame count, rate, start timecode or reel name, or the first differing
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
        g_autoptr (PrwTimecode) tc = prw_timecode_add_frames (
            prw_media_info_get_start_timecode (base), record);
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
