/* libproreswriter: the element that executes a plan's frame ranges (private)
 *
 * prwframeselector has one sink pad, fed with the base movie's video
 * buffers (one per frame, in order, from qtdemux), and one src pad, to
 * qtmux. For each base frame it pushes either that buffer or the frame the
 * plan's range names from a segment, pulled through a #PrwFrameSource that
 * the caller opens for it. It restamps every buffer from its record frame
 * index (never summing durations), forwards only the base's caps, and puts
 * a GstVideoTimeCodeMeta with the start timecode on the first buffer so
 * that qtmux writes the timecode track in the same pass. Frames leave in
 * buffer lists of up to 16 frames and under 250 ms of record time (the last
 * one as soon as the record's last frame is in, any other before a
 * serialized event), so that they cross threads a batch at a time; a flush
 * drops the frames held back. It decides no policy: the ranges are the
 * plan's.
 */
#pragma once

#include <gst/gst.h>
#include <proreswriter/proreswriter.h>

G_BEGIN_DECLS

/* Pulls consecutive frames of one source, starting at the frame it was
 * opened at. */
typedef struct _PrwFrameSource PrwFrameSource;

typedef struct {
  /* Opens source (a segment index of the plan) positioned at frame
   * source_in; NULL with error on failure. */
  PrwFrameSource *(*open) (gpointer user_data, gint source, gint64 source_in,
                           GError **error);
  /* The next frame (transfer full), or NULL with error. */
  GstBuffer *(*pull) (PrwFrameSource *src, GError **error);
  void (*close) (PrwFrameSource *src);
} PrwFrameSourceFuncs;

#define PRW_TYPE_FRAME_SELECTOR (prw_frame_selector_get_type ())
G_DECLARE_FINAL_TYPE (PrwFrameSelector, prw_frame_selector, PRW, FRAME_SELECTOR,
                      GstElement)

/* Gives the element what to execute; call before it goes to PAUSED. The
 * ranges must cover frames [0, total) in order (a sealed plan's). start may
 * be NULL (no timecode meta). */
void prw_frame_selector_configure (PrwFrameSelector *self,
                                   const PrwRange *ranges, guint n_ranges,
                                   guint rate_num, guint rate_den,
                                   const PrwTimecode *start,
                                   const PrwFrameSourceFuncs *funcs,
                                   gpointer user_data);

/* A batch's most frames (16 by default): fewer keep fewer frames in
 * flight, where frames are memory (a blank rush's). Call before PAUSED. */
void prw_frame_selector_set_batch_frames (PrwFrameSelector *self,
                                          guint batch_frames);

/* Frames pushed so far and their bytes; safe from any thread. */
void prw_frame_selector_get_progress (PrwFrameSelector *self, guint64 *frames,
                                      guint64 *bytes);

G_END_DECLS
