/* libproreswriter: the element that yields a blank rush's frames */
#include "prw-blank-src.h"

#include <gst/video/video.h>

GST_DEBUG_CATEGORY_STATIC (prw_blank_src_debug);
#define GST_CAT_DEFAULT prw_blank_src_debug

struct _PrwBlankSrc {
  GstPushSrc parent;

  /* configuration, set before PAUSED */
  PrwBlankFrames *frames;
  gchar *variant;
  guint width, height;
  guint rate_num, rate_den;
  gint64 n_frames;
  PrwTimecode *start;
  PrwBlankCellsFunc cells;
  PrwBlankDrawFunc draw;
  gpointer user_data;

  /* streaming thread only */
  gint64 next;

  /* under the object lock */
  guint64 frames_done;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (
    PrwBlankSrc, prw_blank_src, GST_TYPE_PUSH_SRC,
    GST_DEBUG_CATEGORY_INIT (prw_blank_src_debug, "prwblanksrc", 0,
                             "libproreswriter blank-rush source"))

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE (
    "src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-prores"));

static GstClockTime
frame_to_ns (PrwBlankSrc *self, gint64 n)
{
  return gst_util_uint64_scale ((guint64) n, GST_SECOND * self->rate_den,
                                self->rate_num);
}

static GstCaps *
prw_blank_src_fixed_caps (PrwBlankSrc *self)
{
  return gst_caps_new_simple (
      "video/x-prores", "variant", G_TYPE_STRING, self->variant, "width",
      G_TYPE_INT, (gint) self->width, "height", G_TYPE_INT, (gint) self->height,
      "framerate", GST_TYPE_FRACTION, (gint) self->rate_num,
      (gint) self->rate_den, "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
      "interlace-mode", G_TYPE_STRING, "progressive", NULL);
}

static gboolean
prw_blank_src_negotiate (GstBaseSrc *src)
{
  PrwBlankSrc *self = PRW_BLANK_SRC (src);
  g_autoptr (GstCaps) caps = prw_blank_src_fixed_caps (self);

  return gst_base_src_set_caps (src, caps);
}

static gboolean
prw_blank_src_start (GstBaseSrc *src)
{
  PrwBlankSrc *self = PRW_BLANK_SRC (src);

  if (!self->frames || !self->variant || self->rate_num == 0
      || self->rate_den == 0) {
    GST_ELEMENT_ERROR (self, CORE, STATE_CHANGE,
                       ("prwblanksrc is not configured"), (NULL));
    return FALSE;
  }
  self->next = 0;
  GST_OBJECT_LOCK (self);
  self->frames_done = 0;
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static void
prw_blank_src_add_timecode_meta (PrwBlankSrc *self, GstBuffer *buf)
{
  GstVideoTimeCode tc;
  guint h, m, s, f;

  prw_timecode_get_components (self->start, &h, &m, &s, &f);
  gst_video_time_code_init (&tc, self->rate_num, self->rate_den, NULL,
                            self->start->drop_frame
                                ? GST_VIDEO_TIME_CODE_FLAGS_DROP_FRAME
                                : GST_VIDEO_TIME_CODE_FLAGS_NONE,
                            h, m, s, f, 0);
  if (gst_video_time_code_is_valid (&tc))
    gst_buffer_add_video_time_code_meta (buf, &tc);
  gst_video_time_code_clear (&tc);
}

static GstFlowReturn
prw_blank_src_create (GstPushSrc *src, GstBuffer **out)
{
  PrwBlankSrc *self = PRW_BLANK_SRC (src);
  PrwBlankCell cells[PRW_BLANK_SRC_MAX_CELLS];
  guint n_cells = 0;
  gint64 n = self->next;
  GError *error = NULL;
  GstBuffer *frame;

  if (n >= self->n_frames)
    return GST_FLOW_EOS;

  if (self->cells)
    n_cells = self->cells (n, cells, PRW_BLANK_SRC_MAX_CELLS, self->user_data);
  frame = prw_blank_frames_get_frame (self->frames, n, cells, n_cells,
                                      self->draw, self->user_data, &error);
  if (!frame) {
    GST_ELEMENT_ERROR (self, STREAM, ENCODE, ("%s", error->message),
                       ("blank frame %" G_GINT64_FORMAT, n));
    g_error_free (error);
    return GST_FLOW_ERROR;
  }
  /* the black frame is shared: only a new buffer's metadata is set */
  frame = gst_buffer_make_writable (frame);
  GST_BUFFER_PTS (frame) = frame_to_ns (self, n);
  GST_BUFFER_DTS (frame) = GST_BUFFER_PTS (frame);
  GST_BUFFER_DURATION (frame)
      = frame_to_ns (self, n + 1) - frame_to_ns (self, n);
  GST_BUFFER_OFFSET (frame) = (guint64) n;
  GST_BUFFER_OFFSET_END (frame) = (guint64) n + 1;
  GST_BUFFER_FLAG_UNSET (frame, GST_BUFFER_FLAG_DELTA_UNIT);
  if (n == 0 && self->start)
    prw_blank_src_add_timecode_meta (self, frame);

  self->next = n + 1;
  GST_OBJECT_LOCK (self);
  self->frames_done = (guint64) self->next;
  GST_OBJECT_UNLOCK (self);
  *out = frame;
  return GST_FLOW_OK;
}

static gboolean
prw_blank_src_query (GstBaseSrc *src, GstQuery *query)
{
  PrwBlankSrc *self = PRW_BLANK_SRC (src);

  if (GST_QUERY_TYPE (query) == GST_QUERY_DURATION) {
    GstFormat format;

    gst_query_parse_duration (query, &format, NULL);
    if (format == GST_FORMAT_TIME) {
      gst_query_set_duration (query, format,
                              (gint64) frame_to_ns (self, self->n_frames));
      return TRUE;
    }
  }
  return GST_BASE_SRC_CLASS (prw_blank_src_parent_class)->query (src, query);
}

static void
prw_blank_src_finalize (GObject *object)
{
  PrwBlankSrc *self = PRW_BLANK_SRC (object);

  g_free (self->variant);
  g_clear_pointer (&self->start, prw_timecode_free);
  G_OBJECT_CLASS (prw_blank_src_parent_class)->finalize (object);
}

static void
prw_blank_src_class_init (PrwBlankSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *base_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *push_class = GST_PUSH_SRC_CLASS (klass);

  object_class->finalize = prw_blank_src_finalize;
  gst_element_class_set_static_metadata (
      element_class, "libproreswriter blank-rush source", "Source/Video",
      "Black ProRes frames with a burn-in, spliced from cached slices",
      "libproreswriter");
  gst_element_class_add_static_pad_template (element_class, &src_template);
  base_class->negotiate = prw_blank_src_negotiate;
  base_class->start = prw_blank_src_start;
  base_class->query = prw_blank_src_query;
  push_class->create = prw_blank_src_create;
}

static void
prw_blank_src_init (PrwBlankSrc *self)
{
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
  gst_base_src_set_live (GST_BASE_SRC (self), FALSE);
}

void
prw_blank_src_configure (PrwBlankSrc *self, PrwBlankFrames *frames,
                         const gchar *variant, guint width, guint height,
                         guint rate_num, guint rate_den, gint64 n_frames,
                         const PrwTimecode *start, PrwBlankCellsFunc cells,
                         PrwBlankDrawFunc draw, gpointer user_data)
{
  g_return_if_fail (PRW_IS_BLANK_SRC (self));
  g_return_if_fail (frames != NULL && variant != NULL);
  g_return_if_fail (rate_num > 0 && rate_den > 0 && n_frames >= 0);

  self->frames = frames;
  g_free (self->variant);
  self->variant = g_strdup (variant);
  self->width = width;
  self->height = height;
  self->rate_num = rate_num;
  self->rate_den = rate_den;
  self->n_frames = n_frames;
  g_clear_pointer (&self->start, prw_timecode_free);
  self->start = start ? prw_timecode_copy (start) : NULL;
  self->cells = cells;
  self->draw = draw;
  self->user_data = user_data;
}

guint64
prw_blank_src_get_frames_done (PrwBlankSrc *self)
{
  guint64 done;

  GST_OBJECT_LOCK (self);
  done = self->frames_done;
  GST_OBJECT_UNLOCK (self);
  return done;
}
