/* libproreswriter: the element that yields a blank rush's frames (private)
 *
 * prwblanksrc is a source with one src pad of video/x-prores: frame n of a
 * virtual blank rush for n in [0, n_frames), then EOS. Each frame is the
 * black frame with the cells the caller's cells function gives for it
 * spliced in (the burn-in of that frame's source timecode; see
 * prores/prw-blank-frames-private.h), or the black frame itself where it
 * gives none. Frames carry PTS = DTS = n * rate_den / rate_num seconds and
 * the duration to the next frame's PTS (from the index, integer math),
 * OFFSET n; a GstVideoTimeCodeMeta with the start timecode on frame 0 when
 * one is configured.
 *
 * It stands where prwfilesrc ! qtdemux stand for a file base: the frame
 * selector takes base frames from it (prwblanksrc ! prwframeselector !
 * queue ! qtmux ! prwcopysink), so a conform prints segments into a blank
 * rush that never goes to disk, in the same pass. It decides nothing:
 * what a frame shows is its cells function's. A conform's cells function
 * returns no cells for the frames a segment replaces, so that those
 * frames cost nothing (the black frame is shared, never copied).
 */
#pragma once

#include <gst/base/gstpushsrc.h>
#include <proreswriter/proreswriter.h>

#include "prores/prw-blank-frames-private.h"

G_BEGIN_DECLS

/* Fills cells (room for max) with frame n's cells; returns how many (0: the
 * black frame). Called in the streaming thread. */
typedef guint (*PrwBlankCellsFunc) (gint64 n, PrwBlankCell *cells, guint max,
                                    gpointer user_data);

#define PRW_BLANK_SRC_MAX_CELLS 16

#define PRW_TYPE_BLANK_SRC (prw_blank_src_get_type ())
G_DECLARE_FINAL_TYPE (PrwBlankSrc, prw_blank_src, PRW, BLANK_SRC, GstPushSrc)

/* Gives the element what to make; call before it goes to PAUSED. frames is
 * borrowed (it must outlive the element's streaming); variant is qtmux's
 * ProRes caps variant ("proxy", "lt", "standard", "hq", "4444",
 * "4444xq"). cells may be NULL (pure black); draw is given
 * prw_blank_frames_get_frame() with user_data. start may be NULL (no
 * timecode meta). */
void prw_blank_src_configure (PrwBlankSrc *self, PrwBlankFrames *frames,
                              const gchar *variant, guint width, guint height,
                              guint rate_num, guint rate_den, gint64 n_frames,
                              const PrwTimecode *start, PrwBlankCellsFunc cells,
                              PrwBlankDrawFunc draw, gpointer user_data);

/* Frames made so far; safe from any thread. */
guint64 prw_blank_src_get_frames_done (PrwBlankSrc *self);

G_END_DECLS
