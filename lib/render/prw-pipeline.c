/* libproreswriter: the GStreamer pipeline that renders a plan */
#include "prw-pipeline-private.h"

#include "prw-copy-sink.h"
#include "prw-file-src.h"
#include "prw-frame-selector.h"
#include "prw-file-memory-private.h"
#include "prw-init-private.h"
#include "prw-media-info-private.h"
#include <stdio.h>
#include <string.h>

#define GST_CAT_DEFAULT prw_debug

/* How long one wait on the bus lasts before the cancellable is looked at
 * again. */
#define PRW_POLL_NS (100 * GST_MSECOND)

/* Makes a factory's element and adds it to bin, which owns it. */
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

/* The library's code for a GStreamer error. A resource error is a file's:
 * the codes callers branch on (which the copy sink picks from errno with
 * prw_error_code_from_errno()) keep their meaning, any other is an I/O
 * error; the rest is the pipeline's. */
static PrwError
code_from_gst_error (const GError *gst_error)
{
  if (gst_error->domain != GST_RESOURCE_ERROR)
    return PRW_ERROR_PIPELINE;
  switch (gst_error->code) {
    case GST_RESOURCE_ERROR_NO_SPACE_LEFT:
      return PRW_ERROR_NO_SPACE;
    case GST_RESOURCE_ERROR_NOT_AUTHORIZED:
      return PRW_ERROR_PERMISSION_DENIED;
    case GST_RESOURCE_ERROR_NOT_FOUND:
      return PRW_ERROR_NOT_FOUND;
    default:
      return PRW_ERROR_IO;
  }
}

/* The GError of an ERROR message, prefixed with the file it is about. */
static GError *
error_from_message (GstMessage *msg, const gchar *path)
{
  GError *gst_error = NULL;
  GError *error;
  gchar *debug = NULL;

  gst_message_parse_error (msg, &gst_error, &debug);
  GST_WARNING ("pipeline error from %s: %s (%s)", GST_MESSAGE_SRC_NAME (msg),
               gst_error->message, GST_STR_NULL (debug));
  if (path)
    error = g_error_new (PRW_ERROR, code_from_gst_error (gst_error), "%s: %s",
                         path, gst_error->message);
  else
    error = g_error_new_literal (PRW_ERROR, code_from_gst_error (gst_error),
                                 gst_error->message);
  g_error_free (gst_error);
  g_free (debug);
  return error;
}

static gboolean
error_is_stream_error (GstMessage *msg)
{
  GError *gst_error = NULL;
  gboolean stream;

  gst_message_parse_error (msg, &gst_error, NULL);
  stream = gst_error->domain == GST_STREAM_ERROR;
  g_error_free (gst_error);
  return stream;
}

/* The sink's read errors are about an input and name it already. */
static gboolean
error_is_input_error (GstMessage *msg)
{
  GError *gst_error = NULL;
  gboolean input;

  gst_message_parse_error (msg, &gst_error, NULL);
  input = g_error_matches (gst_error, GST_RESOURCE_ERROR,
                           GST_RESOURCE_ERROR_READ);
  g_error_free (gst_error);
  return input;
}

/* ------------------------------------------------------------------------
 * Segment frames, made from the segment's sample table: no demuxer, no
 * read. One segment file is open at a time (and while its last frames are
 * still on their way to the sink).
 */

struct _PrwFrameSource {
  PrwSourceFile *file;
  const PrwQtTrack *video;
  guint64 next; /* sample index */
};

static PrwFrameSource *
segment_source_open (gpointer user_data, gint source, gint64 source_in,
                     GError **error)
{
  PrwPlan *plan = user_data;
  PrwMediaInfo *media
      = prw_segment_get_media (prw_plan_get_segment (plan, source));
  const PrwQtTrack *video = prw_media_info_get_video_track (media);
  PrwSourceFile *file;
  PrwFrameSource *src;

  if (!video || !video->samples) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                 "%s: has no sample table to print from",
                 prw_media_info_get_path (media));
    return NULL;
  }
  file = prw_source_file_open (media, error);
  if (!file)
    return NULL;
  src = g_new0 (PrwFrameSource, 1);
  src->file = file;
  src->video = video;
  src->next = (guint64) source_in;
  GST_DEBUG ("opened %s at frame %" G_GINT64_FORMAT,
             prw_source_file_get_path (file), source_in);
  return src;
}

static GstBuffer *
segment_source_pull (PrwFrameSource *src, GError **error)
{
  const PrwSample *sample;
  GstBuffer *buf;

  if (src->next >= src->video->n_samples) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                 "%s: has no frame %" G_GUINT64_FORMAT,
                 prw_source_file_get_path (src->file), src->next);
    return NULL;
  }
  sample = &src->video->samples[src->next++];
  buf = gst_buffer_new ();
  gst_buffer_append_memory (
      buf, prw_file_memory_new (src->file, sample->offset, sample->size));
  return buf;
}

static void
segment_source_close (PrwFrameSource *src)
{
  prw_source_file_unref (src->file);
  g_free (src);
}

static const PrwFrameSourceFuncs segment_source_funcs = {
  segment_source_open,
  segment_source_pull,
  segment_source_close,
};

/* ------------------------------------------------------------------------
 * The main pipeline.
 */

typedef struct {
  GstElement *pipeline;
  GstElement *selector;
  GstElement *mux;
  GPtrArray *audio_pads; /* qtmux request pads, linked in pad-added */
  guint n_audio_linked;
  gboolean video_linked;
  guint32 video_track_id; /* the base's video track (tkhd track ID) */
  guint video_index;      /* its place among the base's video tracks */
} Render;

/* Whether pad is the demuxer's pad of the base's video track. qtdemux
 * names a track's stream "<upstream>/%03u" with its track ID, and its video
 * pads video_0, video_1, ... in track order: the stream ID decides, the
 * name where there is none. The base's other video tracks (a movie with
 * several is probed with one chosen) go to a fakesink, unwritten. */
static gboolean
pad_is_video_track (GstPad *pad, const Render *render)
{
  g_autofree gchar *stream_id = gst_pad_get_stream_id (pad);
  const gchar *last = stream_id ? strrchr (stream_id, '/') : NULL;
  guint64 n;

  if (render->video_track_id == 0) /* an info made without a movie */
    return TRUE;
  if (last
      && g_ascii_string_to_unsigned (last + 1, 10, 0, G_MAXUINT32, &n, NULL))
    return n == render->video_track_id;
  return sscanf (GST_PAD_NAME (pad), "video_%" G_GUINT64_FORMAT, &n) == 1
         && n == render->video_index;
}

static void
base_pad_added (GstElement *demux, GstPad *pad, gpointer user_data)
{
  Render *render = user_data;
  GstElement *sink;
  GstPad *sinkpad;

  if (g_str_has_prefix (GST_PAD_NAME (pad), "video_") && !render->video_linked
      && pad_is_video_track (pad, render)) {
    render->video_linked = TRUE;
    sinkpad = gst_element_get_static_pad (render->selector, "sink");
  } else if (g_str_has_prefix (GST_PAD_NAME (pad), "audio_")
             && render->n_audio_linked < render->audio_pads->len) {
    GstElement *queue = gst_element_factory_make ("queue", NULL);
    GstPad *q_src;

    /* Audio passes through untouched; a queue per branch so that one
     * demuxer thread never waits on the muxer for another track. */
    g_object_set (queue, "max-size-buffers", 0, "max-size-bytes", 0,
                  "max-size-time", 2 * GST_SECOND, NULL);
    gst_bin_add (GST_BIN (render->pipeline), queue);
    q_src = gst_element_get_static_pad (queue, "src");
    gst_pad_link (
        q_src, g_ptr_array_index (render->audio_pads, render->n_audio_linked));
    gst_object_unref (q_src);
    render->n_audio_linked++;
    gst_element_sync_state_with_parent (queue);
    sinkpad = gst_element_get_static_pad (queue, "sink");
  } else {
    sink = gst_element_factory_make ("fakesink", NULL);
    g_object_set (sink, "sync", FALSE, NULL);
    gst_bin_add (GST_BIN (render->pipeline), sink);
    gst_element_sync_state_with_parent (sink);
    sinkpad = gst_element_get_static_pad (sink, "sink");
  }
  if (gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK)
    GST_WARNING ("could not link base pad %s", GST_PAD_NAME (pad));
  gst_object_unref (sinkpad);
}

/* qtmux waits for data on every pad it has: a requested audio pad that
 * qtdemux did not feed gets EOS, or the mux would wait for ever. */
static void
base_no_more_pads (GstElement *demux, gpointer user_data)
{
  Render *render = user_data;
  guint i;

  /* the selector would wait for frames for ever */
  if (!render->video_linked)
    GST_ELEMENT_ERROR (
        demux, STREAM, DEMUX, (NULL),
        ("qtdemux exposed no pad for video track %u", render->video_track_id));
  for (i = render->n_audio_linked; i < render->audio_pads->len; i++) {
    GstPad *pad = g_ptr_array_index (render->audio_pads, i);

    GST_WARNING ("base audio track %u was not exposed by qtdemux", i);
    gst_pad_send_event (pad, gst_event_new_stream_start ("prw-unused"));
    gst_pad_send_event (pad, gst_event_new_eos ());
  }
}

gboolean
prw_pipeline_run (PrwPlan *plan, int fd, const gchar *output_name,
                  GCancellable *cancellable, PrwPipelineProgressFunc progress,
                  gpointer user_data, PrwPipelineStats *stats, GError **error)
{
  PrwMediaInfo *base = prw_plan_get_base (plan);
  const gchar *base_path = prw_media_info_get_path (base);
  Render render = { 0 };
  PrwSourceFile *base_file = NULL;
  GstElement *filesrc = NULL, *demux = NULL, *queue = NULL, *filesink = NULL;
  PrwRange *ranges;
  guint n_ranges;
  GstBus *bus = NULL;
  gboolean ok = FALSE;
  guint i;

  g_return_val_if_fail (prw_plan_is_sealed (plan), FALSE);

  prw_init ();
  render.audio_pads = g_ptr_array_new ();
  if (prw_media_info_get_movie (base)) {
    const PrwQtMovie *movie = prw_media_info_get_movie (base);
    const PrwQtTrack *video = prw_media_info_get_video_track (base);

    render.video_track_id = video->track_id;
    for (i = 0; i < movie->tracks->len
                && g_ptr_array_index (movie->tracks, i) != (gpointer) video;
         i++)
      if (((const PrwQtTrack *) g_ptr_array_index (movie->tracks, i))->handler
          == PRW_QT_FOURCC_VIDE)
        render.video_index++;
  }
  render.pipeline = gst_pipeline_new ("prw-print");
  if (stats)
    prw_pipeline_stats_clear (stats);
  if (!(base_file = prw_source_file_open (base, error))
      || !(filesrc = add_element (render.pipeline, "prwfilesrc", error))
      || !(demux = add_element (render.pipeline, "qtdemux", error))
      || !(render.selector
           = add_element (render.pipeline, "prwframeselector", error))
      || !(queue = add_element (render.pipeline, "queue", error))
      || !(render.mux = add_element (render.pipeline, "qtmux", error))
      || !(filesink = add_element (render.pipeline, "prwcopysink", error)))
    goto out;

  prw_file_src_set_file (PRW_FILE_SRC (filesrc), base_file);
  g_object_set (filesink, "fd", fd, "async", FALSE, "align", TRUE, NULL);
  /* qtdemux pushes the track that is furthest behind in time, and qtmux
   * needs data on every pad: the video branch must be able to run ahead
   * of the audio by one audio chunk, so it is bounded in time, not
   * buffers. */
  g_object_set (queue, "max-size-buffers", 0, "max-size-bytes", 0,
                "max-size-time", (guint64) GST_SECOND, NULL);
  /* The selector hands frames over in batches (buffer lists, see
   * prw-frame-selector.c). qtmux's pads hold one buffer unless the muxer
   * has a latency (in a pipeline that is not live, it only sizes its pads'
   * queues): as much as the queue before it, so that the queue's thread
   * and the muxer's do not wake each other for every frame. The order of
   * qtmux's output does not change: it still waits for data on every pad
   * and takes the earliest. */
  g_object_set (render.mux, "latency", (guint64) GST_SECOND, NULL);
  if (!gst_element_link (filesrc, demux)
      || !gst_element_link (render.selector, queue)
      || !gst_element_link_pads (queue, "src", render.mux, "video_%u")
      || !gst_element_link (render.mux, filesink)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_PIPELINE,
                 "%s: could not link the print pipeline", output_name);
    goto out;
  }
  for (i = 0; i < prw_media_info_get_n_audio_tracks (base); i++)
    g_ptr_array_add (render.audio_pads,
                     gst_element_request_pad_simple (render.mux, "audio_%u"));
  g_signal_connect (demux, "pad-added", G_CALLBACK (base_pad_added), &render);
  g_signal_connect (demux, "no-more-pads", G_CALLBACK (base_no_more_pads),
                    &render);

  n_ranges = prw_plan_get_n_ranges (plan);
  ranges = g_new (PrwRange, n_ranges);
  for (i = 0; i < n_ranges; i++)
    ranges[i] = *prw_plan_get_range (plan, i);
  prw_frame_selector_configure (
      PRW_FRAME_SELECTOR (render.selector), ranges, n_ranges,
      prw_media_info_get_rate_num (base), prw_media_info_get_rate_den (base),
      prw_media_info_get_start_timecode (base), &segment_source_funcs, plan);
  g_free (ranges);

  bus = gst_element_get_bus (render.pipeline);
  if (gst_element_set_state (render.pipeline, GST_STATE_PLAYING)
      == GST_STATE_CHANGE_FAILURE) {
    GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

    if (msg) {
      g_propagate_error (error,
                         error_from_message (
                             msg, GST_MESSAGE_SRC (msg) == GST_OBJECT (filesink)
                                      ? output_name
                                      : NULL));
      gst_message_unref (msg);
    } else {
      g_set_error (error, PRW_ERROR, PRW_ERROR_PIPELINE,
                   "%s: the print pipeline did not start", output_name);
    }
    goto out;
  }

  for (;;) {
    GstMessage *msg = gst_bus_timed_pop_filtered (
        bus, PRW_POLL_NS, GST_MESSAGE_ERROR | GST_MESSAGE_EOS);

    if (progress) {
      guint64 frames, bytes;

      prw_frame_selector_get_progress (PRW_FRAME_SELECTOR (render.selector),
                                       &frames, &bytes);
      progress (frames, bytes, user_data);
    }
    if (g_cancellable_set_error_if_cancelled (cancellable, error)) {
      if (msg)
        gst_message_unref (msg);
      break;
    }
    if (!msg)
      continue;
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
      ok = TRUE;
    } else {
      GstObject *src = GST_MESSAGE_SRC (msg);
      const gchar *about = NULL;

      if (src == GST_OBJECT (filesink))
        about = error_is_input_error (msg) ? NULL : output_name;
      else if (src == GST_OBJECT (render.mux))
        about = output_name;
      else if (src == GST_OBJECT (filesrc) || src == GST_OBJECT (demux))
        about = base_path;
      else if (src == GST_OBJECT (render.selector)
               && error_is_stream_error (msg))
        about = base_path; /* its own stream errors are about the base;
                              segment errors already name the segment */
      g_propagate_error (error, error_from_message (msg, about));
    }
    gst_message_unref (msg);
    break;
  }

out:
  if (bus)
    gst_object_unref (bus);
  if (render.pipeline) {
    /* NULL stops the sink's use of the output's descriptor. */
    gst_element_set_state (render.pipeline, GST_STATE_NULL);
    if (stats && filesink) {
      prw_copy_sink_get_stats (PRW_COPY_SINK (filesink), &stats->kernel_copied,
                               &stats->user_copied, &stats->written);
      stats->shifts = prw_copy_sink_get_shifts (PRW_COPY_SINK (filesink),
                                                &stats->padding);
    }
    /* Request pads are given back to the muxer that made them, then the
     * references gst_element_request_pad_simple() gave are dropped. */
    for (i = 0; i < render.audio_pads->len; i++) {
      GstPad *pad = g_ptr_array_index (render.audio_pads, i);

      gst_element_release_request_pad (render.mux, pad);
      gst_object_unref (pad);
    }
    gst_object_unref (render.pipeline);
  }
  g_ptr_array_unref (render.audio_pads);
  g_clear_pointer (&base_file, prw_source_file_unref);
  return ok;
}

void
prw_pipeline_stats_clear (PrwPipelineStats *stats)
{
  g_clear_pointer (&stats->shifts, g_array_unref);
  memset (stats, 0, sizeof (*stats));
}
