/* libproreswriter: the last touch on qtmux's output (private)
 *
 * qtmux writes the movie in the one pass; this rewrites only its movie
 * header (moov, kilobytes, at the end of the file) so that it says what the
 * base says where qtmux cannot:
 *  - the video sample description is the base's, byte for byte (colour
 *    'colr', field order 'fiel', aspect 'pasp' and the rest survive);
 *  - the timecode sample description carries the base's drop-frame flag and
 *    reel name (qtmux 1.22 always names the reel "Tape");
 *  - where qtmux made no timecode track (GstVideoTimeCode 1.22 rejects
 *    rates above 60 fps) the track is written here, its one sample appended
 *    to the media data.
 */
#pragma once

#include <proreswriter/proreswriter.h>

G_BEGIN_DECLS

/* Finishes tmp_path in place; messages name path (the output the user
 * asked for). shifts (PrwShift, may be NULL or empty) are the holes the
 * copy sink left in the media data: the media data's size and every chunk
 * offset are first moved to where the bytes are. */
gboolean prw_qt_finish (const gchar *tmp_path, const gchar *path,
                        PrwMediaInfo *base, GArray *shifts, GError **error);

G_END_DECLS
