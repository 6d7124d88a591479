/* libproreswriter: small pictures of chosen frames of a movie (private)
 *
 * Decodes only the frames asked for, each addressed by its sample in the
 * movie's sample table (the presented frame k is the sample
 * prw_media_info_get_frame_sample() names, so a picture is always of the
 * frame asked for, never a neighbour a seek landed on), through GStreamer:
 *
 *   appsrc (the sample's bytes) ! avdec_prores ! videoscale ! videoconvert
 *     ! RGBA WIDTHxHEIGHT (alpha laid over black here) ! videoconvert
 *     ! I420 full range (JFIF's) ! jpegenc ! appsink
 *
 * One pipeline for all the frames; a few frames are in flight at a time,
 * so memory stays a few compressed frames whatever the count.
 */
#pragma once

#include <gio/gio.h>
#include <proreswriter/proreswriter.h>

G_BEGIN_DECLS

/* The picture size for a movie of width x height square pixels scaled to
 * width_out pixels wide: the height keeps the aspect ratio, rounded to the
 * nearest even number (at least 2). */
guint prw_thumbnail_height_for (guint width, guint height, guint width_out);

/* Decodes presented frames frames[0..n_frames) of movie (each in
 * [0, frame_count); any order, repeats allowed) into JPEG pictures
 * width_out pixels wide (height: prw_thumbnail_height_for()). Returns a
 * GPtrArray of GBytes, one per entry of frames in the same order, or NULL
 * with error:
 *   PRW_ERROR_NOT_FOUND, PRW_ERROR_PERMISSION_DENIED, PRW_ERROR_IO: the
 *     movie cannot be opened or read ("PATH: REASON");
 *   PRW_ERROR_CORRUPT: the movie ends before a frame its sample table names;
 *   PRW_ERROR_MISMATCH: a frame is not in the movie;
 *   PRW_ERROR_MISSING_ELEMENT: a GStreamer element is missing;
 *   PRW_ERROR_PIPELINE: a frame cannot be decoded ("PATH: frame N: ...");
 *   G_IO_ERROR_CANCELLED. */
GPtrArray *prw_thumbnailer_decode (PrwMediaInfo *movie, const gint64 *frames,
                                   guint n_frames, guint width_out,
                                   GCancellable *cancellable, GError **error);

G_END_DECLS
