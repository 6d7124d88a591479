/* libproreswriter: the pipeline that writes a blank rush (private)
 *
 *   prwblanksrc ! prwframeselector ! queue ! qtmux ! prwcopysink
 *
 * The frame selector takes the blank rush's frames as a base, as it takes a
 * file base's from qtdemux, with one range: the base's every frame. It
 * restamps them and puts the start timecode's meta on the first, from which
 * qtmux writes the timecode track. Conform's one pass is the same pipeline
 * with the plan's ranges (prw-blank-src.h).
 *
 * The camera original's sound tracks travel as a print's base's do: the
 * copy sink writes their chunks, copied from the original's file, between
 * the video frames, and the caller's prw_qt_finish() adds their tables
 * (stats->copied says where each chunk landed).
 */
#pragma once

#include "prw-blank-src.h"
#include "prw-frame-selector.h"
#include "prw-pipeline-private.h"

G_BEGIN_DECLS

/* What prwblanksrc is configured with (prw_blank_src_configure()). */
typedef struct {
  PrwBlankFrames *frames;
  const gchar *variant;
  guint width, height;
  guint rate_num, rate_den;
  gint64 n_frames;
  const PrwTimecode *start;
  PrwBlankCellsFunc cells;
  PrwBlankDrawFunc draw;
  gpointer user_data;
  /* the camera original whose sound tracks are copied in as they are
   * (prw_pipeline_plan_copied_tracks(): its rate and frame count are the
   * rush's), or NULL: no sound */
  PrwMediaInfo *sound;
} PrwBlankBase;

/* Writes the blank rush into fd (new, empty, seekable, open for writing;
 * the caller owns it and removes the file on failure); errors about the
 * output name output_name, or the sound's file (a changed one is
 * PRW_ERROR_CHANGED, a short read PRW_ERROR_IO, as prw_pipeline_run()'s).
 * Error codes as prw_pipeline_run()'s. Blocks;
 * polls cancellable and calls progress about ten times a second. */
gboolean prw_blank_pipeline_run (const PrwBlankBase *base, int fd,
                                 const gchar *output_name,
                                 GCancellable *cancellable,
                                 PrwPipelineProgressFunc progress,
                                 gpointer user_data, PrwPipelineStats *stats,
                                 GError **error);

/* Conform's one pass: the same pipeline with a plan's ranges (ranges,
 * n_ranges, sorted by record frame, covering the base's every frame), the
 * base's ranges taking the blank rush's frames, the others opened by funcs
 * (with funcs_data) as a print opens its segments; the sink keeps the
 * segments' copies page-aligned (stats->shifts). */
gboolean prw_blank_pipeline_run_ranges (
    const PrwBlankBase *base, const PrwRange *ranges, guint n_ranges,
    const PrwFrameSourceFuncs *funcs, gpointer funcs_data, int fd,
    const gchar *output_name, GCancellable *cancellable,
    PrwPipelineProgressFunc progress, gpointer user_data,
    PrwPipelineStats *stats, GError **error);

/* The frame sources of prw_pipeline_run(): a sealed plan's segments (the
 * user data is the plan). */
const PrwFrameSourceFuncs *prw_pipeline_get_segment_source_funcs (void);

G_END_DECLS
