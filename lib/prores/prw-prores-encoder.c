/* libproreswriter: ProRes frames encoded from ARGB32 rasters (what and why
 * in the header) */
#include "prw-prores-encoder-private.h"

#include <string.h>

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>

#include <proreswriter/prw-error.h>

#include "prw-prores-frame-private.h"

/* how long one picture may take to come out of the encoder */
#define ENCODE_TIMEOUT (60 * GST_SECOND)

static const struct {
  const gchar *name;    /* ours, the CLI's */
  const gchar *ks;      /* avenc_prores_ks's "profile" */
  const gchar *variant; /* vtenc_prores's caps */
} profiles[] = {
  [PRW_PRORES_PROFILE_PROXY] = { "proxy", "proxy", "proxy" },
  [PRW_PRORES_PROFILE_LT] = { "lt", "lt", "lt" },
  [PRW_PRORES_PROFILE_422] = { "422", "standard", "standard" },
  [PRW_PRORES_PROFILE_422_HQ] = { "422hq", "hq", "hq" },
  [PRW_PRORES_PROFILE_4444] = { "4444", "4444", "4444" },
  [PRW_PRORES_PROFILE_4444_XQ] = { "4444xq", "4444xq", "4444xq" },
};

gboolean
prw_prores_profile_from_string (const gchar *name, PrwProresProfile *profile)
{
  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    if (g_strcmp0 (name, profiles[i].name) == 0) {
      *profile = (PrwProresProfile) i;
      return TRUE;
    }
  return FALSE;
}

const gchar *
prw_prores_profile_to_string (PrwProresProfile profile)
{
  g_return_val_if_fail ((guint) profile < G_N_ELEMENTS (profiles), NULL);
  return profiles[profile].name;
}

/* 4444 and 4444 XQ carry an alpha channel (opaque in a blank rush) */
gboolean
prw_prores_profile_has_alpha (PrwProresProfile profile)
{
  return profile == PRW_PRORES_PROFILE_4444
         || profile == PRW_PRORES_PROFILE_4444_XQ;
}

typedef struct {
  guint width, height;
  GstElement *pipeline;
  GstAppSrc *src;
  GstAppSink *sink;
  guint64 pushed;
} Pipe;

struct _PrwProresEncoder {
  gchar *element_name;
  PrwProresProfile profile;
  gboolean alpha; /* 4444 flavours: an (opaque) alpha channel */
  PrwProresColour colour;
  GPtrArray *pipes; /* Pipe, one per picture size */
  guint n_encoded;
};

static void
pipe_free (gpointer data)
{
  Pipe *p = data;

  gst_element_set_state (p->pipeline, GST_STATE_NULL);
  gst_object_unref (p->pipeline);
  g_free (p);
}

/* The Y'CbCr colorimetry videoconvert converts to: the given one where
 * GStreamer knows its codes, else BT.709. */
static gchar *
colorimetry_string (const PrwProresColour *colour)
{
  GstVideoColorimetry c = {
    GST_VIDEO_COLOR_RANGE_16_235,
    gst_video_color_matrix_from_iso (colour->matrix),
    gst_video_transfer_function_from_iso (colour->transfer),
    gst_video_color_primaries_from_iso (colour->primaries),
  };

  if (c.matrix == GST_VIDEO_COLOR_MATRIX_UNKNOWN
      || c.transfer == GST_VIDEO_TRANSFER_UNKNOWN
      || c.primaries == GST_VIDEO_COLOR_PRIMARIES_UNKNOWN)
    return g_strdup (GST_VIDEO_COLORIMETRY_BT709);
  return gst_video_colorimetry_to_string (&c);
}

static GstElement *
make_element (const gchar *factory, GError **error)
{
  GstElement *e = gst_element_factory_make (factory, NULL);

  if (e == NULL)
    g_set_error (error, PRW_ERROR, PRW_ERROR_MISSING_ELEMENT,
                 "GStreamer element %s is not installed", factory);
  return e;
}

static Pipe *
pipe_new (PrwProresEncoder *self, guint width, guint height, GError **error)
{
  gboolean ks = g_str_equal (self->element_name, PRW_PRORES_ENCODER_KS);
  g_autofree gchar *colorimetry = colorimetry_string (&self->colour);
  g_autoptr (GstCaps) in_caps = NULL;
  g_autoptr (GstCaps) mid_caps = NULL;
  g_autoptr (GstCaps) out_caps = NULL;
  GstElement *pipeline, *src, *convert, *filter, *enc, *sink;
  Pipe *p;

  if ((enc = make_element (self->element_name, error)) == NULL)
    return NULL;
  pipeline = gst_pipeline_new ("prw-prores-encoder");
  gst_bin_add (GST_BIN (pipeline), enc);
  if ((src = make_element ("appsrc", error)) == NULL
      || (convert = make_element ("videoconvert", error)) == NULL
      || (filter = make_element ("capsfilter", error)) == NULL
      || (sink = make_element ("appsink", error)) == NULL) {
    gst_object_unref (pipeline);
    return NULL;
  }
  gst_bin_add_many (GST_BIN (pipeline), src, convert, filter, sink, NULL);

  in_caps = gst_caps_new_simple (
      "video/x-raw", "format", G_TYPE_STRING,
      G_BYTE_ORDER == G_LITTLE_ENDIAN ? "BGRA" : "ARGB", "width", G_TYPE_INT,
      (gint) width, "height", G_TYPE_INT, (gint) height, "framerate",
      GST_TYPE_FRACTION, 25, 1, "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
      NULL);
  mid_caps = gst_caps_new_simple ("video/x-raw", "colorimetry", G_TYPE_STRING,
                                  colorimetry, NULL);
  if (ks) {
    gst_caps_set_simple (mid_caps, "format", G_TYPE_STRING,
                         !prw_prores_profile_has_alpha (self->profile)
                             ? "I422_10LE"
                         : self->alpha ? "A444_10LE"
                                       : "Y444_10LE",
                         NULL);
    gst_util_set_object_arg (G_OBJECT (enc), "profile",
                             profiles[self->profile].ks);
    g_object_set (enc, "mbs-per-slice", 8, NULL);
    out_caps = gst_caps_new_empty_simple ("video/x-prores");
  } else {
    out_caps = gst_caps_new_simple ("video/x-prores", "variant", G_TYPE_STRING,
                                    profiles[self->profile].variant, NULL);
  }
  g_object_set (src, "caps", in_caps, "format", GST_FORMAT_TIME, "block", FALSE,
                NULL);
  g_object_set (filter, "caps", mid_caps, NULL);
  g_object_set (sink, "caps", out_caps, "sync", FALSE, NULL);
  if (!gst_element_link_many (src, convert, filter, enc, sink, NULL)) {
    gst_object_unref (pipeline);
    g_set_error (error, PRW_ERROR, PRW_ERROR_PIPELINE,
                 "%s cannot encode %ux%u ProRes %s from RGB",
                 self->element_name, width, height,
                 profiles[self->profile].name);
    return NULL;
  }
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING)
      == GST_STATE_CHANGE_FAILURE) {
    gst_object_unref (pipeline);
    g_set_error (error, PRW_ERROR, PRW_ERROR_PIPELINE,
                 "%s could not be started", self->element_name);
    return NULL;
  }
  p = g_new0 (Pipe, 1);
  p->width = width;
  p->height = height;
  p->pipeline = pipeline;
  p->src = GST_APP_SRC (src);
  p->sink = GST_APP_SINK (sink);
  return p;
}

/*
 * prw_prores_encoder_new:
 * @element_name: (nullable): the GStreamer encoder, or %NULL for
 *   vtenc_prores where it exists, else avenc_prores_ks
 * @profile: the ProRes flavour
 * @colour: (nullable): the colour description, or %NULL for BT.709
 * @error: %PRW_ERROR_MISSING_ELEMENT (the encoder, appsrc, appsink or
 *   videoconvert is not installed)
 *
 * Returns: (transfer full) (nullable): the encoder: for 4444 and 4444 XQ,
 *   with an alpha channel (see prw_prores_encoder_new_full())
 */
PrwProresEncoder *
prw_prores_encoder_new (const gchar *element_name, PrwProresProfile profile,
                        const PrwProresColour *colour, GError **error)
{
  return prw_prores_encoder_new_full (element_name, profile,
                                      prw_prores_profile_has_alpha (profile),
                                      colour, error);
}

/*
 * prw_prores_encoder_new_full:
 * @alpha: for 4444 and 4444 XQ, whether frames carry an alpha channel
 *   (opaque where the raster is; the frame header's alpha_info), or none
 *   (as a segment without one, which a blank rush copies); ignored for the
 *   4:2:2 flavours, which have none
 *
 * As prw_prores_encoder_new().
 *
 * Returns: (transfer full) (nullable): the encoder
 */
PrwProresEncoder *
prw_prores_encoder_new_full (const gchar *element_name,
                             PrwProresProfile profile, gboolean alpha,
                             const PrwProresColour *colour, GError **error)
{
  g_autoptr (GstElementFactory) factory = NULL;
  PrwProresEncoder *self;

  g_return_val_if_fail ((guint) profile < G_N_ELEMENTS (profiles), NULL);

  if (element_name == NULL) {
    factory = gst_element_factory_find (PRW_PRORES_ENCODER_VT);
    element_name
        = factory != NULL ? PRW_PRORES_ENCODER_VT : PRW_PRORES_ENCODER_KS;
  }
  g_clear_object (&factory);
  factory = gst_element_factory_find (element_name);
  if (factory == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_MISSING_ELEMENT,
                 "GStreamer element %s is not installed", element_name);
    return NULL;
  }
  self = g_new0 (PrwProresEncoder, 1);
  self->element_name = g_strdup (element_name);
  self->profile = profile;
  self->alpha = alpha && prw_prores_profile_has_alpha (profile);
  self->colour = colour != NULL ? *colour : PRW_PRORES_COLOUR_BT709;
  self->pipes = g_ptr_array_new_with_free_func (pipe_free);
  return self;
}

void
prw_prores_encoder_free (PrwProresEncoder *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->pipes);
  g_free (self->element_name);
  g_free (self);
}

static void
set_pipeline_error (Pipe *p, const gchar *element_name, GError **error)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (p->pipeline);
  g_autoptr (GstMessage) msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  g_autoptr (GError) err = NULL;

  if (msg != NULL)
    gst_message_parse_error (msg, &err, NULL);
  g_set_error (error, PRW_ERROR, PRW_ERROR_PIPELINE,
               "%s gave no %ux%u ProRes frame: %s", element_name, p->width,
               p->height, err != NULL ? err->message : "timed out");
}

/*
 * prw_prores_encoder_encode:
 * @self: the encoder
 * @argb32: (array): the picture, cairo ARGB32 rows of @stride bytes
 * @stride: bytes from one row to the next
 * @width: pixels
 * @height: pixels
 * @error: %PRW_ERROR_MISSING_ELEMENT, %PRW_ERROR_PIPELINE (the encoder
 *   failed or gave nothing)
 *
 * Encodes one picture, the same way as every other picture of @self.
 *
 * Returns: (transfer full) (nullable): one ProRes frame, its colour
 *   description @self's
 */
GBytes *
prw_prores_encoder_encode (PrwProresEncoder *self, const guint8 *argb32,
                           gint stride, guint width, guint height,
                           GError **error)
{
  g_autoptr (GstSample) sample = NULL;
  GstBuffer *in;
  GstMapInfo map;
  Pipe *p = NULL;
  guint8 *bytes;
  gsize size;

  g_return_val_if_fail (self != NULL && argb32 != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0 && stride >= (gint) width * 4,
                        NULL);

  for (guint i = 0; i < self->pipes->len && p == NULL; i++) {
    Pipe *q = g_ptr_array_index (self->pipes, i);

    if (q->width == width && q->height == height)
      p = q;
  }
  if (p == NULL) {
    if ((p = pipe_new (self, width, height, error)) == NULL)
      return NULL;
    g_ptr_array_add (self->pipes, p);
  }

  /* tightly packed rows, as the caps say */
  in = gst_buffer_new_allocate (NULL, (gsize) width * 4 * height, NULL);
  gst_buffer_map (in, &map, GST_MAP_WRITE);
  for (guint y = 0; y < height; y++)
    memcpy (map.data + (gsize) y * width * 4, argb32 + (gsize) y * stride,
            (gsize) width * 4);
  gst_buffer_unmap (in, &map);
  GST_BUFFER_PTS (in) = gst_util_uint64_scale (p->pushed, GST_SECOND, 25);
  GST_BUFFER_DURATION (in) = GST_SECOND / 25;
  p->pushed++;
  if (gst_app_src_push_buffer (p->src, in) != GST_FLOW_OK
      || (sample = gst_app_sink_try_pull_sample (p->sink, ENCODE_TIMEOUT))
             == NULL) {
    set_pipeline_error (p, self->element_name, error);
    return NULL;
  }

  size = gst_buffer_get_size (gst_sample_get_buffer (sample));
  bytes = g_malloc (size);
  gst_buffer_extract (gst_sample_get_buffer (sample), 0, bytes, size);
  /* the colour description, whatever the encoder wrote there */
  if (size >= PRW_PRORES_FRAME_PREFIX_SIZE + PRW_PRORES_FRAME_HEADER_MIN
      && memcmp (bytes + 4, "icpf", 4) == 0) {
    guint8 *h = bytes + PRW_PRORES_FRAME_PREFIX_SIZE;

    h[PRW_PRORES_HEADER_PRIMARIES] = self->colour.primaries;
    h[PRW_PRORES_HEADER_TRANSFER] = self->colour.transfer;
    h[PRW_PRORES_HEADER_MATRIX] = self->colour.matrix;
  }
  self->n_encoded++;
  return g_bytes_new_take (bytes, size);
}

const gchar *
prw_prores_encoder_get_element_name (PrwProresEncoder *self)
{
  return self->element_name;
}

/* pictures encoded so far (what the cache of the blank frames saves) */
guint
prw_prores_encoder_get_n_encoded (PrwProresEncoder *self)
{
  return self->n_encoded;
}
