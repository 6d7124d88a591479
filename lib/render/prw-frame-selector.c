/* libproreswriter: the element that executes a plan's frame ranges */
#include "prw-frame-selector.h"

#include "prw-file-memory-private.h"
#include <gst/video/video.h>

GST_DEBUG_CATEGORY_STATIC (prw_frame_selector_debug);
#define GST_CAT_DEFAULT prw_frame_selector_debug

/* Frames are pushed in batches (a GstBufferList) of up to this many, so
 * that they cross the queue to the muxer's thread a batch at a time, not
 * one by one: each hand-off wakes a thread. A batch also ends after
 * PRW_BATCH_NS of record time, however high the rate: the frames it holds
 * back are that much further behind the base's audio, which qtdemux and
 * the audio queues (2 s) must be able to run ahead. */
#define PRW_BATCH_FRAMES 16
#define PRW_BATCH_NS (250 * GST_MSECOND)

struct _PrwFrameSelector {
  GstElement parent;

  GstPad *sinkpad;
  GstPad *srcpad;

  /* configuration, set before PAUSED */
  PrwRange *ranges;
  guint n_ranges;
  gint64 total_frames;
  guint rate_num;
  guint rate_den;
  PrwTimecode *start;
  PrwFrameSourceFuncs funcs;
  gpointer funcs_data;
  guint batch_frames; /* a batch's most frames */

  /* streaming state, streaming thread only */
  gint64 record_frame; /* index of the next base buffer */
  guint range_index;   /* the range record_frame falls in */
  PrwFrameSource *source;
  gboolean caps_sent;
  GstBufferList *batch; /* frames not pushed yet, or NULL */

  /* progress, under the object lock: GLib's atomics (g_atomic, the one
   * style used in lib/) have no 64-bit integers */
  guint64 frames_done;
  guint64 bytes_done;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (
    PrwFrameSelector, prw_frame_selector, GST_TYPE_ELEMENT,
    GST_DEBUG_CATEGORY_INIT (prw_frame_selector_debug, "prwframeselector", 0,
                             "libproreswriter frame selector"))

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE (
    "sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-prores"));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE (
    "src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-prores"));

static void
prw_frame_selector_close_source (PrwFrameSelector *self)
{
  if (self->source) {
    self->funcs.close (self->source);
    self->source = NULL;
  }
}

static GstClockTime
record_frame_to_ns (PrwFrameSelector *self, gint64 frame)
{
  return gst_util_uint64_scale (frame, GST_SECOND * self->rate_den,
                                self->rate_num);
}

/* The timecode meta qtmux turns into a tmcd track. GstVideoTimeCode 1.22
 * accepts only rates up to 60 fps; above that the printer writes the track
 * itself after the pass, so no meta is added. */
static void
prw_frame_selector_add_timecode_meta (PrwFrameSelector *self, GstBuffer *buf)
{
  GstVideoTimeCode tc;
  guint h, m, s, f;

  if (!self->start)
    return;

  prw_timecode_get_components (self->start, &h, &m, &s, &f);
  gst_video_time_code_init (&tc, self->rate_num, self->rate_den, NULL,
                            self->start->drop_frame
                                ? GST_VIDEO_TIME_CODE_FLAGS_DROP_FRAME
                                : GST_VIDEO_TIME_CODE_FLAGS_NONE,
                            h, m, s, f, 0);
  if (gst_video_time_code_is_valid (&tc))
    gst_buffer_add_video_time_code_meta (buf, &tc);
  else
    GST_INFO_OBJECT (self,
                     "no timecode meta at %u/%u: GstVideoTimeCode "
                     "rejects the rate",
                     self->rate_num, self->rate_den);
  gst_video_time_code_clear (&tc);
}

static GstFlowReturn
prw_frame_selector_error (PrwFrameSelector *self, GError *error)
{
  GST_ELEMENT_ERROR (
      self, RESOURCE, READ, ("%s", error->message),
      ("frame selector at record frame %" G_GINT64_FORMAT, self->record_frame));
  g_error_free (error);
  return GST_FLOW_ERROR;
}

/* Pushes the frames held back, in order: before any serialized event
 * goes on, and when a batch is full. */
static GstFlowReturn
prw_frame_selector_push_batch (PrwFrameSelector *self)
{
  GstBufferList *batch = g_steal_pointer (&self->batch);

  if (!batch)
    return GST_FLOW_OK;
  GST_LOG_OBJECT (self,
                  "pushing %u frames up to record frame %" G_GINT64_FORMAT,
                  gst_buffer_list_length (batch), self->record_frame);
  return gst_pad_push_list (self->srcpad, batch);
}

static GstFlowReturn
prw_frame_selector_chain (GstPad *pad, GstObject *parent, GstBuffer *buf)
{
  PrwFrameSelector *self = PRW_FRAME_SELECTOR (parent);
  gint64 frame = self->record_frame;
  const PrwRange *range;
  GstBuffer *out;

  if (frame >= self->total_frames) {
    gst_buffer_unref (buf);
    GST_ELEMENT_ERROR (self, STREAM, FAILED,
                       ("the base has more video frames than its sample "
                        "table (%" G_GINT64_FORMAT ")",
                        self->total_frames),
                       (NULL));
    return GST_FLOW_ERROR;
  }

  while (prw_range_get_record_out (&self->ranges[self->range_index]) <= frame)
    self->range_index++;
  range = &self->ranges[self->range_index];

  if (range->source == PRW_RANGE_SOURCE_BASE) {
    out = buf;
  } else {
    GError *error = NULL;

    gst_buffer_unref (buf);
    if (!self->source) {
      self->source = self->funcs.open (self->funcs_data, range->source,
                                       range->source_in, &error);
      if (!self->source)
        return prw_frame_selector_error (self, error);
    }
    out = self->funcs.pull (self->source, &error);
    if (!out)
      return prw_frame_selector_error (self, error);
    if (frame + 1 == prw_range_get_record_out (range))
      prw_frame_selector_close_source (self);
  }

  /* Only the timestamps and metadata change; the frame's memory is shared
   * with the reader, never copied. */
  out = gst_buffer_make_writable (out);
  GST_BUFFER_PTS (out) = record_frame_to_ns (self, frame);
  GST_BUFFER_DTS (out) = GST_BUFFER_PTS (out);
  GST_BUFFER_DURATION (out)
      = record_frame_to_ns (self, frame + 1) - GST_BUFFER_PTS (out);
  GST_BUFFER_OFFSET (out) = frame;
  GST_BUFFER_OFFSET_END (out) = frame + 1;
  GST_BUFFER_FLAG_UNSET (out, GST_BUFFER_FLAG_DELTA_UNIT);
  GST_BUFFER_FLAG_UNSET (out, GST_BUFFER_FLAG_DISCONT);
  if (frame == 0)
    prw_frame_selector_add_timecode_meta (self, out);

  /* The sink may align the copy of a frame's bytes (see
   * prw-shift-private.h); frames only, which is what passes here. */
  for (guint i = 0; i < gst_buffer_n_memory (out); i++)
    prw_file_memory_mark_frame (gst_buffer_peek_memory (out, i));

  self->record_frame++;
  GST_OBJECT_LOCK (self);
  self->bytes_done += gst_buffer_get_size (out);
  self->frames_done = (guint64) self->record_frame;
  GST_OBJECT_UNLOCK (self);

  if (!self->batch)
    self->batch = gst_buffer_list_new_sized (self->batch_frames);
  gst_buffer_list_add (self->batch, out);
  if (gst_buffer_list_length (self->batch) < self->batch_frames
      && GST_BUFFER_PTS (out)
                 - GST_BUFFER_PTS (gst_buffer_list_get (self->batch, 0))
             < PRW_BATCH_NS
      && self->record_frame < self->total_frames)
    return GST_FLOW_OK;
  return prw_frame_selector_push_batch (self);
}

static gboolean
prw_frame_selector_sink_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  PrwFrameSelector *self = PRW_FRAME_SELECTOR (parent);

  if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_STOP)
    g_clear_pointer (&self->batch, gst_buffer_list_unref);
  else if (GST_EVENT_IS_SERIALIZED (event)
           && prw_frame_selector_push_batch (self) != GST_FLOW_OK
           && GST_EVENT_TYPE (event) != GST_EVENT_EOS) {
    /* downstream is flushing or failed; an EOS still goes on */
    gst_event_unref (event);
    return FALSE;
  }

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_CAPS:
      /* qtmux takes one caps event for ProRes: the base's. */
      if (self->caps_sent) {
        gst_event_unref (event);
        return TRUE;
      }
      self->caps_sent = TRUE;
      return gst_pad_push_event (self->srcpad, event);
    case GST_EVENT_SEGMENT: {
      /* Output time is record time from 0, whatever edit list the base
       * had. */
      GstSegment segment;

      gst_event_unref (event);
      gst_segment_init (&segment, GST_FORMAT_TIME);
      segment.duration = record_frame_to_ns (self, self->total_frames);
      event = gst_event_new_segment (&segment);
      break;
    }
    case GST_EVENT_EOS:
      if (self->record_frame != self->total_frames) {
        GST_ELEMENT_ERROR (self, STREAM, FAILED,
                           ("the base ended after %" G_GINT64_FORMAT
                            " of its %" G_GINT64_FORMAT " frames",
                            self->record_frame, self->total_frames),
                           (NULL));
        gst_event_unref (event);
        return FALSE;
      }
      break;
    default:
      break;
  }
  return gst_pad_event_default (pad, parent, event);
}

static GstStateChangeReturn
prw_frame_selector_change_state (GstElement *element, GstStateChange transition)
{
  PrwFrameSelector *self = PRW_FRAME_SELECTOR (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    if (self->n_ranges == 0) {
      GST_ELEMENT_ERROR (self, CORE, STATE_CHANGE,
                         ("prwframeselector has no ranges"), (NULL));
      return GST_STATE_CHANGE_FAILURE;
    }
    self->record_frame = 0;
    self->range_index = 0;
    self->caps_sent = FALSE;
    GST_OBJECT_LOCK (self);
    self->frames_done = 0;
    self->bytes_done = 0;
    GST_OBJECT_UNLOCK (self);
  }

  ret = GST_ELEMENT_CLASS (prw_frame_selector_parent_class)
            ->change_state (element, transition);

  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY) {
    /* the streaming thread has stopped */
    g_clear_pointer (&self->batch, gst_buffer_list_unref);
    prw_frame_selector_close_source (self);
  }

  return ret;
}

static void
prw_frame_selector_finalize (GObject *object)
{
  PrwFrameSelector *self = PRW_FRAME_SELECTOR (object);

  prw_frame_selector_close_source (self);
  g_clear_pointer (&self->batch, gst_buffer_list_unref);
  g_free (self->ranges);
  g_clear_pointer (&self->start, prw_timecode_free);

  G_OBJECT_CLASS (prw_frame_selector_parent_class)->finalize (object);
}

static void
prw_frame_selector_class_init (PrwFrameSelectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  object_class->finalize = prw_frame_selector_finalize;
  element_class->change_state = prw_frame_selector_change_state;

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (
      element_class, "ProResWriter frame selector", "Filter/Video",
      "Takes each output frame from the base or a segment, as a plan's "
      "frame ranges say, and restamps it from its frame index",
      "libproreswriter");
}

/* A serialized query (a drain, an allocation) must not overtake the frames
 * held back: they go first, as before a serialized event. */
static gboolean
prw_frame_selector_sink_query (GstPad *pad, GstObject *parent, GstQuery *query)
{
  PrwFrameSelector *self = PRW_FRAME_SELECTOR (parent);

  if (GST_QUERY_IS_SERIALIZED (query)
      && prw_frame_selector_push_batch (self) != GST_FLOW_OK)
    return FALSE;
  return gst_pad_query_default (pad, parent, query);
}

static void
prw_frame_selector_init (PrwFrameSelector *self)
{
  self->batch_frames = PRW_BATCH_FRAMES;
  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sinkpad, prw_frame_selector_chain);
  gst_pad_set_event_function (self->sinkpad, prw_frame_selector_sink_event);
  gst_pad_set_query_function (self->sinkpad, prw_frame_selector_sink_query);
  GST_PAD_SET_PROXY_ALLOCATION (self->sinkpad);
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);

  self->srcpad = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_use_fixed_caps (self->srcpad);
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);
}

void
prw_frame_selector_set_batch_frames (PrwFrameSelector *self, guint batch_frames)
{
  g_return_if_fail (PRW_IS_FRAME_SELECTOR (self));
  g_return_if_fail (batch_frames > 0);

  self->batch_frames = batch_frames;
}

void
prw_frame_selector_configure (PrwFrameSelector *self, const PrwRange *ranges,
                              guint n_ranges, guint rate_num, guint rate_den,
                              const PrwTimecode *start,
                              const PrwFrameSourceFuncs *funcs,
                              gpointer user_data)
{
  g_return_if_fail (PRW_IS_FRAME_SELECTOR (self));
  g_return_if_fail (n_ranges > 0 && ranges[0].record_in == 0);
  g_return_if_fail (rate_num > 0 && rate_den > 0);
  g_return_if_fail (funcs != NULL);

  g_free (self->ranges);
  self->ranges = g_memdup2 (ranges, sizeof (PrwRange) * n_ranges);
  self->n_ranges = n_ranges;
  self->total_frames = prw_range_get_record_out (&ranges[n_ranges - 1]);
  self->rate_num = rate_num;
  self->rate_den = rate_den;
  g_clear_pointer (&self->start, prw_timecode_free);
  self->start = start ? prw_timecode_copy (start) : NULL;
  self->funcs = *funcs;
  self->funcs_data = user_data;
}

void
prw_frame_selector_get_progress (PrwFrameSelector *self, guint64 *frames,
                                 guint64 *bytes)
{
  g_return_if_fail (PRW_IS_FRAME_SELECTOR (self));

  GST_OBJECT_LOCK (self);
  if (frames)
    *frames = self->frames_done;
  if (bytes)
    *bytes = self->bytes_done;
  GST_OBJECT_UNLOCK (self);
}
