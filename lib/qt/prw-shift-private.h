/* libproreswriter: padding the copy sink put into the media data (private)
 *
 * The kernel copies a range between two files fastest when both offsets
 * are the same distance into a page (about 1.5 times faster than when they
 * are not, on ext4). qtmux lays out the media data with no regard to that,
 * so prwcopysink may start a run of copied bytes a little further on than
 * qtmux placed it, leaving a hole of under 4096 bytes, and notes the shift.
 * qtmux writes the movie header with its own (logical) offsets; the
 * finishing step moves the media data size and every chunk offset to the
 * bytes' real (physical) place. Holes are left only before video frames
 * (the selector marks their memories), and the finishing step gives every
 * video sample its own chunk, so a hole never falls inside a chunk.
 *
 * The same map carries the chunks of the base's tracks that are copied as
 * they are (sound, and the timecode track), which qtmux never sees: the
 * sink writes each one between two of qtmux's video frames (a PrwInsertion)
 * and moves what follows on by its size, as it does for a hole. Reading
 * the file through the map (logical offsets) skips them as it skips holes;
 * the finishing step points the copied tracks' chunk offsets at `landed`.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* From logical offset `logical` on, physical = logical + shift (until the
 * next entry). Entries are in increasing order of both fields. */
typedef struct {
  guint64 logical;
  guint64 shift;
} PrwShift;

/* A range of an input (the base) that the copy sink writes into the
 * media data between qtmux's video frames: one chunk of a track copied as
 * it is. */
typedef struct {
  guint64 src;          /* offset in the input */
  guint64 size;         /* bytes */
  guint64 before_frame; /* written just before the video frame of this
                           index; the frame count: after the last frame */
  guint64 landed;       /* set by the sink: where it is in the output */
} PrwInsertion;

/* The physical offset of a logical one. */
static inline guint64
prw_shift_map (const PrwShift *shifts, guint n, guint64 logical)
{
  guint lo = 0, hi = n;

  /* the last entry at or before logical */
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;

    if (shifts[mid].logical <= logical)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo == 0 ? logical : logical + shifts[lo - 1].shift;
}

G_END_DECLS
