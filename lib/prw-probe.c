/* libproreswriter: probe a movie without GStreamer's demuxer */

#include "prw-media-info-private.h"

/**
 * prw_probe_file:
 * @path: (type filename): a QuickTime movie
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @error: return location for a #GError, or %NULL
 *
 * Reads the movie's atoms (never its media data) and describes it. GStreamer's
 * QuickTime demuxer ignores timecode tracks, so this reads the start
 * timecode from the movie's one 'tmcd' track itself. The file is opened
 * read-only and never written.
 *
 * Errors, every message starting with @path:
 *
 * - %PRW_ERROR_NOT_FOUND: the file or a folder on its path does not exist
 *   (ENOENT, ENOTDIR);
 * - %PRW_ERROR_PERMISSION_DENIED: it may not be read (EACCES, EPERM);
 * - %PRW_ERROR_IO: it is a directory or not a regular file, or opening or
 *   reading it failed otherwise;
 * - %PRW_ERROR_NOT_QUICKTIME: it is empty, shorter than an atom header, or
 *   does not start with a top-level QuickTime atom;
 * - %PRW_ERROR_CORRUPT: its atoms are truncated or inconsistent, it has no
 *   movie header ('moov') or two, a sample points past the end of the
 *   file, the file shrank while being read, or the timecode track is
 *   inconsistent (no sample, a frames-per-second count that is not the
 *   video's, a start beyond one day);
 * - %PRW_ERROR_UNSUPPORTED: the video is not ProRes, has more than one
 *   sample description, an edit list that does not play every frame once
 *   from the first, a variable or unsupported frame rate; the timecode
 *   track is a counter, its sample description is not 'tmcd', or drop
 *   frame is set at a rate that has none; or the movie header is larger
 *   than the library accepts;
 * - %PRW_ERROR_NO_VIDEO: no video track, or one without frames;
 * - %PRW_ERROR_NO_TIMECODE: no timecode track, or more than one;
 * - %PRW_ERROR_FAILED: out of memory for the movie header or the sample
 *   table;
 * - %G_IO_ERROR_CANCELLED: @cancellable was cancelled before or after the
 *   read (the read itself is not interrupted).
 *
 * Returns: (transfer full): what the probe learnt, or %NULL with @error set
 *
 * Since: 0.1
 */
PrwMediaInfo *
prw_probe_file (const gchar *path, GCancellable *cancellable, GError **error)
{
  PrwQtMovie *movie;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable),
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  movie = prw_qt_movie_read_file (path, error);
  if (movie == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error)) {
    prw_qt_movie_free (movie);
    return NULL;
  }
  return prw_media_info_new_from_movie (movie, error);
}
