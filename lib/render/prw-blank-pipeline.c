/* libproreswriter: the pipeline that writes a blank rush */
#include "prw-blank-pipeline-private.h"

#include "prw-copy-sink.h"
#include "prw-frame-selector.h"
#include "prw-init-private.h"
#include "prw-source-file-private.h"

#define GST_CAT_DEFAULT prw_debug

#define PRW_POLL_NS (100 * GST_MSECOND)

/* frames in a batch from the selector, and in the queue (see below) */
#define PRW_BLANK_BATCH 16
#define PRW_BLANK_BATCH_SPLICED 1

/* A blank rush has no segments: the selector never opens one. */
static PrwFrameSource *
no_source_open (gpointer user_data, gint source, gint64 source_in,
                GError **error)
{
  g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
               "a blank rush has no source %d", source);
  return NULL;
}

static GstBuffer *
no_source_pull (PrwFrameSource *src, GError **error)
{
  g_set_error_literal (error, PRW_ERROR, PRW_ERROR_FAILED,
                       "a blank rush has no segments");
  return NULL;
}

static void
no_source_close (PrwFrameSource *src)
{}

static const PrwFrameSourceFuncs no_source_funcs = {
  no_source_open,
  no_source_pull,
  no_source_close,
};

static GstElement *
add_element (GstElement *bin, const gchar *factory, GError **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (!element) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_MISSING_ELEMENT,
                 "GStreamer element '%s' is missing", factory);
    return NULL;
  }
  gst_bin_add (GST_BIN (bin), element);
  return element;
}

/* A resource error keeps the code callers branch on (the copy sink picks
 * it from errno); the rest is the pipeline's. */
static GError *
error_from_message (GstMessage *msg, const gchar *about)
{
  GError *gst_error = NULL;
  gchar *debug = NULL;
  PrwError code = PRW_ERROR_PIPELINE;
  GError *error;

  gst_message_parse_error (msg, &gst_error, &debug);
  GST_WARNING ("blank-rush pipeline error from %s: %s (%s)",
               GST_MESSAGE_SRC_NAME (msg), gst_error->message,
               GST_STR_NULL (debug));
  if (gst_error->domain == GST_RESOURCE_ERROR) {
    switch (gst_error->code) {
      case GST_RESOURCE_ERROR_NO_SPACE_LEFT:
        code = PRW_ERROR_NO_SPACE;
        break;
      case GST_RESOURCE_ERROR_NOT_AUTHORIZED:
        code = PRW_ERROR_PERMISSION_DENIED;
        break;
      case GST_RESOURCE_ERROR_NOT_FOUND:
        code = PRW_ERROR_NOT_FOUND;
        break;
      default:
        code = PRW_ERROR_IO;
        break;
    }
  }
  error = g_error_new (PRW_ERROR, code, "%s: %s", about, gst_error->message);
  g_error_free (gst_error);
  g_free (debug);
  return error;
}

gboolean
prw_blank_pipeline_run (const PrwBlankBase *base, int fd,
                        const gchar *output_name, GCancellable *cancellable,
                        PrwPipelineProgressFunc progress, gpointer user_data,
                        PrwPipelineStats *stats, GError **error)
{
  PrwRange range = { 0 };

  g_return_val_if_fail (base != NULL && base->n_frames > 0, FALSE);

  /* one range: every frame is the base's */
  range.source = PRW_RANGE_SOURCE_BASE;
  range.source_in = 0;
  range.record_in = 0;
  range.frames = base->n_frames;
  return prw_blank_pipeline_run_ranges (base, &range, 1, &no_source_funcs, NULL,
                                        fd, output_name, cancellable, progress,
                                        user_data, stats, error);
}

gboolean
prw_blank_pipeline_run_ranges (const PrwBlankBase *base, const PrwRange *ranges,
                               guint n_ranges, const PrwFrameSourceFuncs *funcs,
                               gpointer funcs_data, int fd,
                               const gchar *output_name,
                               GCancellable *cancellable,
                               PrwPipelineProgressFunc progress,
                               gpointer user_data, PrwPipelineStats *stats,
                               GError **error)
{
  GstElement *pipeline, *src = NULL, *selector = NULL, *queue = NULL,
                        *mux = NULL, *sink = NULL;
  GstBus *bus = NULL;
  gboolean ok = FALSE;
  guint batch;
  g_autoptr (PrwSourceFile) sound_file = NULL;
  g_autoptr (GPtrArray) copied = NULL;
  g_autoptr (GArray) insertions = NULL;
  g_autoptr (GArray) due = NULL;

  g_return_val_if_fail (base != NULL && base->n_frames > 0, FALSE);
  g_return_val_if_fail (ranges != NULL && n_ranges > 0 && funcs != NULL, FALSE);
  g_return_val_if_fail (base->sound == NULL
                            || prw_media_info_get_frame_count (base->sound)
                                   == base->n_frames,
                        FALSE);

  prw_init ();
  if (stats)
    prw_pipeline_stats_clear (stats);
  pipeline = gst_pipeline_new ("prw-blank");
  /* the camera original's sound tracks, their chunks copied from its file
   * (checked to be the file its tables were read from) */
  if (base->sound != NULL
      && (!prw_pipeline_plan_copied_tracks (base->sound, TRUE, &copied,
                                            &insertions, &due, error)
          || (copied->len > 0
              && !(sound_file = prw_source_file_open (base->sound, error)))))
    goto out;
  if (!(src = add_element (pipeline, "prwblanksrc", error))
      || !(selector = add_element (pipeline, "prwframeselector", error))
      || !(queue = add_element (pipeline, "queue", error))
      || !(mux = add_element (pipeline, "qtmux", error))
      || !(sink = add_element (pipeline, "prwcopysink", error)))
    goto out;

  prw_blank_src_configure (PRW_BLANK_SRC (src), base->frames, base->variant,
                           base->width, base->height, base->rate_num,
                           base->rate_den, base->n_frames, NULL, base->cells,
                           base->draw, base->user_data);
  prw_frame_selector_configure (PRW_FRAME_SELECTOR (selector), ranges, n_ranges,
                                base->rate_num, base->rate_den, base->start,
                                funcs, funcs_data);
  /* segments' frames are copied by the kernel, page-aligned as a print's */
  g_object_set (sink, "fd", fd, "async", FALSE, "align",
                funcs != &no_source_funcs, NULL);
  /* The movie's time scale stays qtmux's own (the video's): qtmux 1.22
   * writes its timecode track's media duration in the movie's time scale,
   * right only when the two are one. The copied tracks' durations (tkhd,
   * elst) are rescaled into it by prw_qt_finish(). */
  if (sound_file != NULL)
    prw_copy_sink_set_insertions (
        PRW_COPY_SINK (sink), sound_file,
        (const PrwInsertion *) (gpointer) insertions->data, insertions->len,
        (guint64) base->n_frames);
  /* No audio to run ahead of: the queue holds one of the selector's
   * batches, not a second of frames as a print's does. With burn-in a
   * spliced frame's own bytes are memory (about 170 KB at 4096x2928):
   * batches of PRW_BLANK_BATCH_SPLICED keep some 7 frames in flight, where
   * batches of 16 kept 36 (5 MB more peak RSS, and no faster: splicing
   * and writing keep pace). Without, every frame is the black frame, and
   * batches of 16 hand on fewer times. */
  batch = base->cells != NULL ? PRW_BLANK_BATCH_SPLICED : PRW_BLANK_BATCH;
  prw_frame_selector_set_batch_frames (PRW_FRAME_SELECTOR (selector), batch);
  g_object_set (queue, "max-size-buffers", batch, "max-size-bytes", 0,
                "max-size-time", (guint64) 0, NULL);
  g_object_set (mux, "latency", (guint64) 0, NULL);
  if (!gst_element_link_many (src, selector, queue, NULL)
      || !gst_element_link_pads (queue, "src", mux, "video_%u")
      || !gst_element_link (mux, sink)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_PIPELINE,
                 "%s: could not link the blank-rush pipeline", output_name);
    goto out;
  }

  bus = gst_element_get_bus (pipeline);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING)
      == GST_STATE_CHANGE_FAILURE) {
    GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

    if (msg) {
      g_propagate_error (error, error_from_message (msg, output_name));
      gst_message_unref (msg);
    } else {
      g_set_error (error, PRW_ERROR, PRW_ERROR_PIPELINE,
                   "%s: the blank-rush pipeline did not start", output_name);
    }
    goto out;
  }

  for (;;) {
    GstMessage *msg = gst_bus_timed_pop_filtered (
        bus, PRW_POLL_NS, GST_MESSAGE_ERROR | GST_MESSAGE_EOS);

    if (progress) {
      guint64 frames, bytes;

      prw_frame_selector_get_progress (PRW_FRAME_SELECTOR (selector), &frames,
                                       &bytes);
      progress (frames, bytes, user_data);
    }
    if (g_cancellable_set_error_if_cancelled (cancellable, error)) {
      g_clear_pointer (&msg, gst_message_unref);
      break;
    }
    if (!msg)
      continue;
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS)
      ok = TRUE;
    else
      g_propagate_error (error, error_from_message (msg, output_name));
    gst_message_unref (msg);
    break;
  }

out:
  g_clear_object (&bus);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (stats && sink) {
    prw_copy_sink_get_stats (PRW_COPY_SINK (sink), &stats->kernel_copied,
                             &stats->user_copied, &stats->written);
    stats->shifts
        = prw_copy_sink_get_shifts (PRW_COPY_SINK (sink), &stats->padding);
    if (sound_file != NULL) {
      g_autoptr (GArray) landed
          = prw_copy_sink_get_insertions (PRW_COPY_SINK (sink));

      prw_pipeline_collect_landed (copied, due, landed);
      stats->copied = g_steal_pointer (&copied);
    }
  }
  gst_object_unref (pipeline);
  return ok;
}
