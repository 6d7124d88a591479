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
 * - %PRW_ERROR_CORRUPT: its atoms are truncated or inconsistent (a sample
 *   description names a data reference the track does not have), it has no
 *   movie header ('moov') or two, a sample points past the end of the
 *   file, the file shrank while being read, or the timecode track is
 *   inconsistent (no sample, a frames-per-second count that is not the
 *   video's, a start beyond one day);
 * - %PRW_ERROR_UNSUPPORTED: the video is not ProRes, has more than one
 *   sample description, an edit list other than one edit at normal rate
 *   presenting a run of whole frames (since 0.2 such an edit is honoured:
 *   only the frames it shows are counted and printed), a variable or
 *   unsupported frame rate (durations that differ only by rounding to the
 *   time scale are the exact rate, since 0.2); the timecode track is a
 *   counter, its sample description is not 'tmcd', its edit list is not
 *   one edit at normal rate from a whole timecode frame within its first
 *   sample, or drop frame is set at a rate that has none; or the movie header
 * is larger than the library accepts; a track's data is in another file (its
 * data reference, 'dref', is not the movie itself; the message names the track
 * and the file where the reference names one); the movie is fragmented ('mvex'
 * in its header, or movie fragments, 'moof': "fragmented movie" in the
 * message);
 * - %PRW_ERROR_NO_VIDEO: no video track, one without frames, or several
 *   (prw_probe_file_full() chooses one);
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
  return prw_probe_file_full (path, 0, cancellable, error);
}

/**
 * prw_probe_file_full:
 * @path: (type filename): a QuickTime movie
 * @video_track_id: the track ID (from the video track's header, 'tkhd') of
 *   the video track to describe and print, or 0 for the movie's only video
 *   track
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @error: return location for a #GError, or %NULL
 *
 * Like prw_probe_file(), for a movie that may hold several video tracks
 * (a picture and a matte or a burn-in, say). With @video_track_id 0 a movie
 * with more than one video track is refused, and the message lists them
 * (track ID, sample format, size, frames), e.g. "base.mov: 2 video tracks
 * (track 1: apcn 320x180, 75 frames; track 2: apcn 320x180, 75 frames);
 * choose one by its track ID". With an ID, the info describes that track
 * (codec, size, rate, frames, colour), and a print from it writes that
 * track only: the movie's other video tracks are not written to the
 * output.
 *
 * The start timecode still comes from the movie's one timecode track.
 *
 * Errors are those of prw_probe_file(), and %PRW_ERROR_NO_VIDEO also when
 * the movie has several video tracks and @video_track_id is 0, or no video
 * track has the ID @video_track_id; its message lists the video tracks.
 *
 * Returns: (transfer full): what the probe learnt, or %NULL with @error set
 *
 * Since: 0.2
 */
PrwMediaInfo *
prw_probe_file_full (const gchar *path, guint video_track_id,
                     GCancellable *cancellable, GError **error)
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
  return prw_media_info_new_from_movie_full (movie, video_track_id, error);
}
