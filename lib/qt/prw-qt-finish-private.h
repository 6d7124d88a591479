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
 *    to the media data;
 *  - the base's tracks that qtmux never saw (sound, and the timecode track
 *    when it is copied as it is), whose chunks the copy sink wrote between
 *    the video frames, are added as the base has them, every atom byte for
 *    byte but: a new track ID (tkhd; references between copied tracks in
 *    'tref' follow, others are dropped), the chunk offsets (stco, or co64
 *    when one is past 4 GB), and the tkhd and edit list durations, which
 *    are in the movie's time scale: rescaled from the base's to the
 *    output's, exactly when they divide, else to the nearest unit. A
 *    copied timecode track is referred to by the video (tref 'tmcd').
 * It takes QuickTime-level facts only; the model fills them in
 * (prw_media_info_get_finish_facts()).
 */
#pragma once

#include <glib.h>

#include "prw-shift-private.h"

G_BEGIN_DECLS

/* A track of the base copied into the output as it is (sound, the
 * timecode): its trak atom and where its chunks are in the output. */
typedef struct {
  const guint8 *trak; /* the base's trak atom, header included (borrowed) */
  gsize trak_size;
  guint32 base_track_id;
  gboolean timecode;            /* the timecode track: the video refers to it */
  const guint64 *chunk_offsets; /* one per chunk of its stco/co64 */
  guint64 n_chunks;
} PrwQtCopiedTrak;

/* What the finished movie must say, from the base. */
typedef struct {
  /* the base's first video sample description, its 8-byte header
   * included (borrowed) */
  const guint8 *video_description;
  gsize video_description_size;
  /* the timecode: the first frame's number (frames since midnight, the
   * tmcd sample), its drop-frame flag, labels per second (tmcd nframes) */
  guint32 start_frame;
  gboolean drop_frame;
  guint8 nominal_fps;
  const gchar *reel_name; /* NULL: none */
  /* the video's rate (timescale / frame duration of an added timecode
   * track) and frame count */
  guint32 rate_num;
  guint32 rate_den;
  guint64 n_frames;
  /* the base's tracks copied as they are, in its file order, and its
   * movie time scale (mvhd), in which their tkhd and elst durations are */
  const PrwQtCopiedTrak *copied;
  guint n_copied;
  guint32 base_movie_timescale;
} PrwQtFinishFacts;

/* Finishes the movie in fd (open for reading and writing; the caller keeps
 * it) in place; messages name name (the output the user asked for).
 * shifts (n of them; may be 0) are the holes the copy sink left in the
 * media data: the media data's size and every chunk offset are moved to
 * where the bytes are. The file is parsed once and its moov written once.
 * Errors are in PRW_ERROR: CORRUPT for what the reader refuses, FAILED for
 * a layout the muxer should not have made; a failed read or write is
 * PRW_ERROR_NO_SPACE, PERMISSION_DENIED, NOT_FOUND or IO by its errno. */
gboolean prw_qt_finish (int fd, const gchar *name,
                        const PrwQtFinishFacts *facts, const PrwShift *shifts,
                        guint n_shifts, GError **error);

G_END_DECLS
