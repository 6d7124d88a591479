/* libproreswriter: small pictures of chosen frames of a movie
 *
 * See prw-thumbnailer-private.h. The frames are read by sample (offset,
 * size) from the movie's own sample table and pushed into the decoder in
 * ascending order, each once; the pictures come back in that order and are
 * matched to their frames by timestamp.
 */
#include "prw-thumbnailer-private.h"

#include "prw-init-private.h"
#include "prw-media-info-private.h"
#include "util/prw-fd-io-private.h"
#include <errno.h>
#include <fcntl.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GST_CAT_DEFAULT prw_debug

/* Frames pushed and not yet come out as pictures: the decoder decodes one
 * frame at a time (slice threads, no frame delay), so a few suffice to
 * keep every element busy. */
#define PRW_THUMBNAIL_WINDOW 4
#define PRW_THUMBNAIL_POLL_US (100 * G_TIME_SPAN_MILLISECOND)
#define PRW_THUMBNAIL_JPEG_QUALITY 85

typedef struct {
  GMutex lock;
  GCond cond;
  guint received;
  GBytes **pictures; /* one per unique frame */
  guint n;
  guint rate_num, rate_den;
} Collect;

guint
prw_thumbnail_height_for (guint width, guint height, guint width_out)
{
  guint64 h;

  if (width == 0)
    return 2;
  /* nearest even number: 2 * round (height * width_out / width / 2) */
  h = ((guint64) height * width_out + width) / (2 * (guint64) width) * 2;
  return (guint) MAX (h, 2);
}

/* The caps variant qtdemux gives each ProRes flavour (gst-libav sets the
 * decoder's codec tag from it: ProRes 4444 is decoded with its alpha). */
static const gchar *
prores_variant (const gchar *fourcc)
{
  static const struct {
    const gchar *fourcc, *variant;
  } variants[] = {
    { "apco", "proxy" }, { "apcs", "lt" },   { "apcn", "standard" },
    { "apch", "hq" },    { "ap4h", "4444" }, { "ap4x", "4444xq" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++) {
    if (g_strcmp0 (fourcc, variants[i].fourcc) == 0)
      return variants[i].variant;
  }
  return "standard";
}

/* The colorimetry of the movie's 'colr' description
 * (prw_media_info_get_colour (): "nclc P-T-M", "nclx P-T-M" and " full"),
 * for the decoder's caps: ProRes frames carry no range, and a decoder
 * left to guess may take full range and show video levels washed out.
 * Without a description: BT.709 above 576 lines, else BT.601, video
 * range (ProRes's usual). */
static gchar *
colorimetry_for (PrwMediaInfo *movie)
{
  const gchar *colr = prw_media_info_get_colour (movie);
  GstVideoColorimetry cinfo = { 0 };
  guint p, t, m;
  gchar kind[5] = { 0 };

  if (colr != NULL && sscanf (colr, "%4s %u-%u-%u", kind, &p, &t, &m) == 4
      && (g_str_equal (kind, "nclc") || g_str_equal (kind, "nclx"))) {
    cinfo.range = g_str_has_suffix (colr, " full")
                      ? GST_VIDEO_COLOR_RANGE_0_255
                      : GST_VIDEO_COLOR_RANGE_16_235;
    cinfo.matrix = gst_video_color_matrix_from_iso (m);
    cinfo.transfer = gst_video_transfer_function_from_iso (t);
    cinfo.primaries = gst_video_color_primaries_from_iso (p);
    if (cinfo.matrix != GST_VIDEO_COLOR_MATRIX_UNKNOWN)
      return gst_video_colorimetry_to_string (&cinfo);
  }
  return g_strdup (prw_media_info_get_height (movie) > 576 ? "bt709" : "bt601");
}

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

/* Alpha laid over black: each colour times its alpha, then opaque (the
 * JPEG encoder takes no alpha; dropping it unscaled would show what the
 * alpha hides). */
static GstPadProbeReturn
over_black_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstMapInfo map;

  (void) pad;
  (void) user_data;
  buffer = gst_buffer_make_writable (buffer);
  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  if (!gst_buffer_map (buffer, &map, GST_MAP_READWRITE))
    return GST_PAD_PROBE_OK;
  for (gsize i = 0; i + 3 < map.size; i += 4) {
    guint a = map.data[i + 3];

    if (a != 255) {
      map.data[i] = (guint8) ((map.data[i] * a + 127) / 255);
      map.data[i + 1] = (guint8) ((map.data[i + 1] * a + 127) / 255);
      map.data[i + 2] = (guint8) ((map.data[i + 2] * a + 127) / 255);
      map.data[i + 3] = 255;
    }
  }
  gst_buffer_unmap (buffer, &map);
  return GST_PAD_PROBE_OK;
}

static GstClockTime
index_to_pts (const Collect *c, guint index)
{
  return gst_util_uint64_scale (index, GST_SECOND * c->rate_den, c->rate_num);
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink, gpointer user_data)
{
  Collect *c = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer;
  GstMapInfo map;
  guint64 index;

  if (!sample)
    return GST_FLOW_ERROR;
  buffer = gst_sample_get_buffer (sample);
  if (!buffer || !GST_BUFFER_PTS_IS_VALID (buffer)
      || !gst_buffer_map (buffer, &map, GST_MAP_READ)) {
    gst_sample_unref (sample);
    return GST_FLOW_ERROR;
  }
  index = gst_util_uint64_scale_round (GST_BUFFER_PTS (buffer), c->rate_num,
                                       GST_SECOND * c->rate_den);
  g_mutex_lock (&c->lock);
  if (index < c->n && c->pictures[index] == NULL)
    c->pictures[index] = g_bytes_new (map.data, map.size);
  c->received++;
  g_cond_broadcast (&c->cond);
  g_mutex_unlock (&c->lock);
  gst_buffer_unmap (buffer, &map);
  gst_sample_unref (sample);
  return GST_FLOW_OK;
}

static GstElement *
make_pipeline (PrwMediaInfo *movie, guint width_out, guint height_out,
               Collect *collect, GstElement **appsrc, GError **error)
{
  GstElement *pipeline = gst_pipeline_new ("prw-thumbnailer");
  GstElement *src, *dec, *scale, *conv, *filter, *conv2, *filter2, *enc, *sink;
  g_autoptr (GstCaps) in_caps = NULL;
  g_autoptr (GstCaps) rgba_caps = NULL;
  g_autoptr (GstCaps) jpeg_caps = NULL;
  g_autofree gchar *colorimetry = colorimetry_for (movie);
  GstAppSinkCallbacks callbacks = { 0 };
  GstPad *pad;

  if (!(src = add_element (pipeline, "appsrc", error))
      || !(dec = add_element (pipeline, "avdec_prores", error))
      || !(scale = add_element (pipeline, "videoscale", error))
      || !(conv = add_element (pipeline, "videoconvert", error))
      || !(filter = add_element (pipeline, "capsfilter", error))
      || !(conv2 = add_element (pipeline, "videoconvert", error))
      || !(filter2 = add_element (pipeline, "capsfilter", error))
      || !(enc = add_element (pipeline, "jpegenc", error))
      || !(sink = add_element (pipeline, "appsink", error))) {
    gst_object_unref (pipeline);
    return NULL;
  }

  in_caps = gst_caps_new_simple (
      "video/x-prores", "variant", G_TYPE_STRING,
      prores_variant (prw_media_info_get_codec_fourcc (movie)), "width",
      G_TYPE_INT, (gint) prw_media_info_get_width (movie), "height", G_TYPE_INT,
      (gint) prw_media_info_get_height (movie), "framerate", GST_TYPE_FRACTION,
      (gint) collect->rate_num, (gint) collect->rate_den, "colorimetry",
      G_TYPE_STRING, colorimetry, NULL);
  g_object_set (src, "caps", in_caps, "format", GST_FORMAT_TIME, "is-live",
                FALSE, "max-bytes", (guint64) 0, "block", FALSE, NULL);
  /* slice threads only: a frame comes out as soon as it is in */
  gst_util_set_object_arg (G_OBJECT (dec), "thread-type", "slice");
  g_object_set (scale, "n-threads", MAX (1u, g_get_num_processors ()), NULL);
  rgba_caps = gst_caps_new_simple (
      "video/x-raw", "format", G_TYPE_STRING, "RGBA", "width", G_TYPE_INT,
      (gint) width_out, "height", G_TYPE_INT, (gint) height_out,
      "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  g_object_set (filter, "caps", rgba_caps, NULL);
  /* JPEG's own YCbCr (JFIF: BT.601 matrix, full range) into the encoder,
   * 4:2:0: a video-range I420 would be shown washed out */
  jpeg_caps
      = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420",
                             "colorimetry", G_TYPE_STRING, "1:4:0:0", NULL);
  g_object_set (filter2, "caps", jpeg_caps, NULL);
  g_object_set (enc, "quality", PRW_THUMBNAIL_JPEG_QUALITY, NULL);
  g_object_set (sink, "sync", FALSE, "max-buffers", 0u, NULL);
  callbacks.new_sample = new_sample_cb;
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, collect, NULL);

  if (!gst_element_link_many (src, dec, scale, conv, filter, conv2, filter2,
                              enc, sink, NULL)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_PIPELINE,
                 "%s: cannot link the decoding pipeline",
                 prw_media_info_get_path (movie));
    gst_object_unref (pipeline);
    return NULL;
  }
  pad = gst_element_get_static_pad (filter, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, over_black_probe, NULL,
                     NULL);
  gst_object_unref (pad);
  *appsrc = src;
  return pipeline;
}

/* FALSE with error set if the bus holds an error (or, with eos, when it
 * holds EOS: *eos set). Waits up to timeout. */
static gboolean
check_bus (GstBus *bus, const gchar *path, GstClockTime timeout, gboolean *eos,
           GError **error)
{
  GstMessage *msg = gst_bus_timed_pop_filtered (
      bus, timeout, GST_MESSAGE_ERROR | GST_MESSAGE_EOS);

  if (!msg)
    return TRUE;
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
    if (eos)
      *eos = TRUE;
    gst_message_unref (msg);
    return TRUE;
  } else {
    GError *gst_error = NULL;
    gchar *debug = NULL;

    gst_message_parse_error (msg, &gst_error, &debug);
    GST_DEBUG ("thumbnail pipeline error: %s (%s)", gst_error->message,
               debug ? debug : "");
    g_set_error (error, PRW_ERROR, PRW_ERROR_PIPELINE,
                 "%s: cannot decode a frame to a picture: %s", path,
                 gst_error->message);
    g_error_free (gst_error);
    g_free (debug);
    gst_message_unref (msg);
    return FALSE;
  }
}

static gint
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Pushes the unique frames (ascending) and waits for every picture. */
static gboolean
run (GstElement *pipeline, GstElement *appsrc, Collect *c, PrwMediaInfo *movie,
     const gint64 *unique, GCancellable *cancellable, GError **error)
{
  const gchar *path = prw_media_info_get_path (movie);
  g_autoptr (GstBus) bus = gst_element_get_bus (pipeline);
  gboolean eos = FALSE;
  int fd;
  gboolean ok = FALSE;

  fd = prw_fd_open (path, O_RDONLY, 0);
  if (fd < 0)
    return prw_set_error_from_errno (error, errno, path, NULL);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING)
      == GST_STATE_CHANGE_FAILURE) {
    if (check_bus (bus, path, 0, NULL, error))
      g_set_error (error, PRW_ERROR, PRW_ERROR_PIPELINE,
                   "%s: the decoding pipeline does not start", path);
    goto done;
  }

  for (guint i = 0; i < c->n; i++) {
    const PrwSample *s = prw_media_info_get_frame_sample (movie, unique[i]);
    GstBuffer *buffer;
    GstMapInfo map;
    gboolean read_ok;

    for (;;) {
      gboolean room;

      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !check_bus (bus, path, 0, NULL, error))
        goto done;
      g_mutex_lock (&c->lock);
      room = i - c->received < PRW_THUMBNAIL_WINDOW;
      if (!room)
        g_cond_wait_until (&c->cond, &c->lock,
                           g_get_monotonic_time () + PRW_THUMBNAIL_POLL_US);
      g_mutex_unlock (&c->lock);
      if (room)
        break;
    }
    if (s == NULL) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_MISMATCH,
                   "%s: has no frame %" G_GINT64_FORMAT, path, unique[i]);
      goto done;
    }
    buffer = gst_buffer_new_allocate (NULL, s->size, NULL);
    gst_buffer_map (buffer, &map, GST_MAP_WRITE);
    read_ok = prw_qt_pread (GINT_TO_POINTER (fd), s->offset, map.data, s->size,
                            error);
    gst_buffer_unmap (buffer, &map);
    if (!read_ok) {
      g_prefix_error (error, "%s: frame %" G_GINT64_FORMAT ": ", path,
                      unique[i]);
      gst_buffer_unref (buffer);
      goto done;
    }
    GST_BUFFER_PTS (buffer) = index_to_pts (c, i);
    GST_BUFFER_DURATION (buffer)
        = index_to_pts (c, i + 1) - GST_BUFFER_PTS (buffer);
    if (gst_app_src_push_buffer (GST_APP_SRC (appsrc), buffer) != GST_FLOW_OK) {
      if (check_bus (bus, path, GST_SECOND, NULL, error))
        g_set_error (error, PRW_ERROR, PRW_ERROR_PIPELINE,
                     "%s: the decoding pipeline stopped", path);
      goto done;
    }
  }
  gst_app_src_end_of_stream (GST_APP_SRC (appsrc));
  while (!eos) {
    if (g_cancellable_set_error_if_cancelled (cancellable, error)
        || !check_bus (bus, path, PRW_THUMBNAIL_POLL_US * GST_USECOND, &eos,
                       error))
      goto done;
  }
  for (guint i = 0; i < c->n; i++) {
    if (c->pictures[i] == NULL) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_PIPELINE,
                   "%s: frame %" G_GINT64_FORMAT " could not be decoded", path,
                   unique[i]);
      goto done;
    }
  }
  ok = TRUE;

done:
  gst_element_set_state (pipeline, GST_STATE_NULL);
  prw_fd_close (fd);
  return ok;
}

GPtrArray *
prw_thumbnailer_decode (PrwMediaInfo *movie, const gint64 *frames,
                        guint n_frames, guint width_out,
                        GCancellable *cancellable, GError **error)
{
  g_autofree gint64 *unique = NULL;
  GstElement *pipeline = NULL, *appsrc = NULL;
  Collect c = { 0 };
  GPtrArray *result = NULL;
  guint n_unique = 0;

  g_return_val_if_fail (PRW_IS_MEDIA_INFO (movie), NULL);
  g_return_val_if_fail (frames != NULL || n_frames == 0, NULL);
  g_return_val_if_fail (width_out > 0, NULL);

  /* each frame decoded once, in file order */
  unique = g_new (gint64, MAX (n_frames, 1u));
  if (n_frames > 0)
    memcpy (unique, frames, n_frames * sizeof (gint64));
  qsort (unique, n_frames, sizeof (gint64), compare_gint64);
  for (guint i = 0; i < n_frames; i++) {
    if (n_unique == 0 || unique[n_unique - 1] != unique[i])
      unique[n_unique++] = unique[i];
  }
  for (guint i = 0; i < n_unique; i++) {
    if (unique[i] < 0 || unique[i] >= prw_media_info_get_frame_count (movie)) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_MISMATCH,
                   "%s: has no frame %" G_GINT64_FORMAT,
                   prw_media_info_get_path (movie), unique[i]);
      return NULL;
    }
  }

  g_mutex_init (&c.lock);
  g_cond_init (&c.cond);
  c.n = n_unique;
  c.pictures = g_new0 (GBytes *, MAX (n_unique, 1u));
  c.rate_num = prw_media_info_get_rate_num (movie);
  c.rate_den = prw_media_info_get_rate_den (movie);

  if (n_unique > 0) {
    pipeline = make_pipeline (
        movie, width_out,
        prw_thumbnail_height_for (prw_media_info_get_width (movie),
                                  prw_media_info_get_height (movie), width_out),
        &c, &appsrc, error);
    if (!pipeline
        || !run (pipeline, appsrc, &c, movie, unique, cancellable, error))
      goto done;
  }

  result = g_ptr_array_new_full (n_frames, (GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < n_frames; i++) {
    gint64 *at = bsearch (&frames[i], unique, n_unique, sizeof (gint64),
                          compare_gint64);

    g_ptr_array_add (result, g_bytes_ref (c.pictures[at - unique]));
  }

done:
  if (pipeline)
    gst_object_unref (pipeline);
  for (guint i = 0; i < n_unique; i++)
    g_clear_pointer (&c.pictures[i], g_bytes_unref);
  g_free (c.pictures);
  g_mutex_clear (&c.lock);
  g_cond_clear (&c.cond);
  return result;
}
