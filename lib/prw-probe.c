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
 * Fails with %PRW_ERROR_NOT_FOUND when the file or a folder on its path
 * does not exist, %PRW_ERROR_PERMISSION_DENIED when it may not be read,
 * %PRW_ERROR_IO when it cannot be read otherwise (or is a directory or not
 * a regular file),
 * %PRW_ERROR_NOT_QUICKTIME or %PRW_ERROR_CORRUPT when it is not a complete
 * QuickTime movie, %PRW_ERROR_NO_VIDEO, %PRW_ERROR_UNSUPPORTED (not ProRes,
 * or a variable or unsupported frame rate) or %PRW_ERROR_NO_TIMECODE (none,
 * or several timecode tracks); every message starts with @path.
 *
 * Returns: (transfer full): what the probe learnt, or %NULL with @error set
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
