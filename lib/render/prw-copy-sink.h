/* libproreswriter: the sink that writes the output movie (private)
 *
 * prwcopysink writes what qtmux sends into a file descriptor ("fd", the
 * caller's, new and empty), like fdsink, but a
 * buffer memory that names a range of an input file (a frame or audio
 * chunk that came through prwfilesrc or the frame selector unread) is
 * copied by the kernel with copy_file_range(), file to file, so its bytes
 * never enter this process. Adjacent ranges are merged into one copy. Where
 * the kernel refuses (another filesystem on an old kernel, a filesystem
 * without support), it falls back to pread()/pwrite() through one small
 * buffer; a build without copy_file_range (-Dlinux_io=disabled, other
 * systems) always does. The environment variable PRW_NO_COPY_FILE_RANGE=1
 * forces that fallback (for tests and diagnosis).
 *
 * With "align", a run of copied bytes may start up to a page further on
 * than qtmux placed it (see qt/prw-shift-private.h).
 *
 * Chunks of the base's tracks that the print copies as they are (sound,
 * timecode; prw_copy_sink_set_insertions()) are written by the sink
 * itself, between qtmux's video frames, each one before the first frame
 * that starts after it; qtmux never sees them. Like holes, they move
 * qtmux's bytes on, and the shift map says by how much.
 *
 * Errors name the input for a read that fails or comes up short, and are
 * otherwise about the output.
 */
#pragma once

#include <gst/base/gstbasesink.h>

#include "prw-source-file-private.h"
#include "qt/prw-shift-private.h"

G_BEGIN_DECLS

#define PRW_TYPE_COPY_SINK (prw_copy_sink_get_type ())
G_DECLARE_FINAL_TYPE (PrwCopySink, prw_copy_sink, PRW, COPY_SINK, GstBaseSink)

/* Bytes the kernel copied from inputs, bytes copied through this process
 * (the fallback), and bytes written from memory (headers, mapped data);
 * safe from any thread. */
void prw_copy_sink_get_stats (PrwCopySink *self, guint64 *kernel_copied,
                              guint64 *user_copied, guint64 *written);

/* How many copies of merged input ranges were made (each one or more
 * copy_file_range() calls, or the fallback); safe from any thread. */
guint64 prw_copy_sink_get_runs (PrwCopySink *self);

/* With "align" on: where the holes are (a new GArray of PrwShift, see
 * prw-shift-private.h) and how many bytes they take. Read after the run. */
GArray *prw_copy_sink_get_shifts (PrwCopySink *self, guint64 *padding);

/* Chunks of file (the base) to write into the media data between qtmux's
 * video frames, n of them in increasing order of before_frame, and how
 * many video frames qtmux will write (n_frames; chunks due after the
 * last go right after it). Call before the sink starts. */
void prw_copy_sink_set_insertions (PrwCopySink *self, PrwSourceFile *file,
                                   const PrwInsertion *insertions, guint n,
                                   guint64 n_frames);

/* The insertions with where each landed (physical offsets in the output;
 * a new GArray of PrwInsertion). Read after the run. */
GArray *prw_copy_sink_get_insertions (PrwCopySink *self);

G_END_DECLS
