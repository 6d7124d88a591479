/* libproreswriter: the GStreamer pipeline that renders a plan */
#include "prw-pipeline-private.h"

#include "prw-copy-sink.h"
#include "prw-file-src.h"
#include "prw-frame-selector.h"
#include "prw-file-memory-private.h"
#include "prw-init-private.h"
#include "prw-media-info-private.h"
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

/* Whether an ERROR message's error is in domain (and, code >= 0, is that
 * code). The sink's read errors (RESOURCE, READ) are about an input and
 * name it already; the selector's stream errors are about the base. */
static gboolean
error_matches (GstMessage *msg, GQuark domain, gint code)
{
  GError *gst_error = NULL;
  gboolean matches;

  gst_message_parse_error (msg, &gst_error, NULL);
  matches
      = gst_error->domain == domain && (code < 0 || gst_error->code == code);
  g_error_free (gst_error);
  return matches;
}

/* ------------------------------------------------------------------------
 * Segment frames, made from the segment's sample table: no demuxer, no
 * read. One segment file is open at a time (and while its last frames are
 * still on their way to the sink).
 */

struct _PrwFrameSource {
  PrwSourceFile *file;
  PrwMediaInfo *media;
  gint64 next; /* presented frame (the edit list's k-th frame) */
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
  src->media = media;
  src->next = source_in;
  GST_DEBUG ("opened %s at frame %" G_GINT64_FORMAT,
             prw_source_file_get_path (file), source_in);
  return src;
}

static GstBuffer *
segment_source_pull (PrwFrameSource *src, GError **error)
{
  const PrwSample *sample;
  GstBuffer *buf;

  sample = prw_media_info_get_frame_sample (src->media, src->next);
  if (sample == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                 "%s: has no frame %" G_GINT64_FORMAT,
                 prw_source_file_get_path (src->file), src->next);
    return NULL;
  }
  src->next++;
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

/* One track of the base as the messages name it: "audio track 2 (fl32,
 * 2 ch, 48000 Hz)", the number being the track's ID (tkhd). */
typedef struct {
  guint32 track_id;
  gchar *label;
  GstElement *queue; /* its branch's queue, once linked (audio) */
} BaseTrack;

typedef struct {
  GstElement *pipeline;
  GstElement *selector;
  GstElement *mux;
  const gchar *base_path;
  GPtrArray *audio_pads; /* qtmux request pads, linked in pad-added */
  GArray *audio_tracks;  /* BaseTrack, one per audio pad, in file order */
  guint n_audio_linked;
  gboolean video_linked;

  guint32 video_track_id; /* the base's video track; 0: any (a test info) */

  /* The first failure found in a streaming thread (a pad that could not be
   * linked): it ends the print, and wins over the errors it causes. */
  GMutex lock;
  GError *failure;
} Render;

/* Posted on the bus when render->failure is set, to wake the main loop. */
#define PRW_RENDER_FAILED "prw-render-failed"

static void
clear_base_track (gpointer data)
{
  BaseTrack *track = data;

  g_free (track->label);
}

static gchar *
audio_track_label (const PrwQtTrack *track, guint index)
{
  gchar fourcc[5];

  if (!track)
    return g_strdup_printf ("audio track %u", index + 1);
  prw_fourcc_to_string (track->format, fourcc);
  g_strchomp (fourcc);
  return g_strdup_printf ("audio track %u (%s, %u ch, %u Hz)", track->track_id,
                          fourcc, track->channels, track->sample_rate);
}

/* The base's sound tracks, in file order (the order qtdemux exposes them
 * and prw_media_info_get_n_audio_tracks() counts them). */
static void
describe_audio_tracks (Render *render, PrwMediaInfo *base)
{
  const PrwQtMovie *movie = prw_media_info_get_movie (base);
  guint n = prw_media_info_get_n_audio_tracks (base);
  guint found = 0;

  for (guint i = 0; movie && i < movie->tracks->len && found < n; i++) {
    const PrwQtTrack *track = g_ptr_array_index (movie->tracks, i);
    BaseTrack bt = { 0 };

    if (track->handler != PRW_QT_FOURCC_SOUN)
      continue;
    bt.track_id = track->track_id;
    bt.label = audio_track_label (track, found++);
    g_array_append_val (render->audio_tracks, bt);
  }
  for (; found < n; found++) {
    BaseTrack bt = { 0 };

    bt.label = audio_track_label (NULL, found);
    g_array_append_val (render->audio_tracks, bt);
  }
}

/* The track ID at the end of a qtdemux stream ID (".../%03u"), or 0. */
static guint32
pad_track_id (GstPad *pad)
{
  gchar *stream_id = gst_pad_get_stream_id (pad);
  const gchar *slash;
  guint64 id = 0;

  if (stream_id && (slash = strrchr (stream_id, '/')))
    id = g_ascii_strtoull (slash + 1, NULL, 10);
  g_free (stream_id);
  return id <= G_MAXUINT32 ? (guint32) id : 0;
}

/* "audio/x-raw, F32LE": the media type and the format of a pad's caps. */
static gchar *
pad_format (GstPad *pad)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);
  const GstStructure *s;
  const gchar *format;
  gchar *text;

  if (!caps)
    caps = gst_pad_query_caps (pad, NULL);
  if (!caps || gst_caps_is_empty (caps) || gst_caps_is_any (caps)) {
    g_clear_pointer (&caps, gst_caps_unref);
    return g_strdup ("unknown format");
  }
  s = gst_caps_get_structure (caps, 0);
  format = gst_structure_get_string (s, "format");
  text = format ? g_strdup_printf ("%s, %s", gst_structure_get_name (s), format)
                : g_strdup (gst_structure_get_name (s));
  gst_caps_unref (caps);
  return text;
}

/* Records the first failure (taking error) and wakes the main loop. Safe
 * from any thread. */
static void
render_fail (Render *render, GError *error)
{
  g_mutex_lock (&render->lock);
  if (!render->failure)
    render->failure = g_steal_pointer (&error);
  g_mutex_unlock (&render->lock);
  g_clear_error (&error);
  gst_element_post_message (render->pipeline,
                            gst_message_new_application (
                                GST_OBJECT (render->pipeline),
                                gst_structure_new_empty (PRW_RENDER_FAILED)));
}

static GError *
render_take_failure (Render *render)
{
  GError *error;

  g_mutex_lock (&render->lock);
  error = g_steal_pointer (&render->failure);
  g_mutex_unlock (&render->lock);
  return error;
}

/* A pad of the base that could not be linked: the print cannot carry that
 * track, and waiting would wait for ever (qtmux waits for data on every
 * pad it has), so it fails now. */
static void
fail_link (Render *render, GstPad *pad, const gchar *track,
           const gchar *downstream, GstPadLinkReturn ret)
{
  g_autofree gchar *format = pad_format (pad);

  GST_WARNING ("could not link base pad %s (%s): %s", GST_PAD_NAME (pad),
               format, gst_pad_link_get_name (ret));
  if (ret == GST_PAD_LINK_NOFORMAT)
    render_fail (render,
                 g_error_new (PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                              "%s: %s cannot be copied into the output: %s "
                              "does not accept it (%s)",
                              render->base_path, track, downstream, format));
  else
    render_fail (render,
                 g_error_new (PRW_ERROR, PRW_ERROR_PIPELINE,
                              "%s: %s cannot be copied into the output: it "
                              "could not be linked to %s (%s, link %s)",
                              render->base_path, track, downstream, format,
                              gst_pad_link_get_name (ret)));
}

static BaseTrack *
audio_track_of_pad (Render *render, GstPad *pad)
{
  guint32 id = pad_track_id (pad);

  for (guint i = 0; id != 0 && i < render->audio_tracks->len; i++) {
    BaseTrack *track = &g_array_index (render->audio_tracks, BaseTrack, i);

    if (track->track_id == id)
      return track;
  }
  /* no stream ID to go by: qtdemux exposes sound tracks in file order */
  return &g_array_index (render->audio_tracks, BaseTrack,
                         render->n_audio_linked);
}

static void
base_pad_added (GstElement *demux, GstPad *pad, gpointer user_data)
{
  Render *render = user_data;
  GstPadLinkReturn ret;
  GstElement *sink;
  GstPad *sinkpad;

  /* a base with several video tracks is probed with one chosen: the
   * others go to a fakesink, unwritten (the CLI says so) */
  if (g_str_has_prefix (GST_PAD_NAME (pad), "video_") && !render->video_linked
      && (render->video_track_id == 0
          || pad_track_id (pad) == render->video_track_id)) {
    g_autofree gchar *track = NULL;

    render->video_linked = TRUE;
    sinkpad = gst_element_get_static_pad (render->selector, "sink");
    ret = gst_pad_link (pad, sinkpad);
    gst_object_unref (sinkpad);
    if (ret != GST_PAD_LINK_OK) {
      track = g_strdup_printf ("video track %u", pad_track_id (pad));
      fail_link (render, pad, track, "the frame selector", ret);
    }
  } else if (g_str_has_prefix (GST_PAD_NAME (pad), "audio_")
             && render->n_audio_linked < render->audio_pads->len) {
    GstElement *queue = gst_element_factory_make ("queue", NULL);
    GstPad *mux_pad
        = g_ptr_array_index (render->audio_pads, render->n_audio_linked);
    BaseTrack *track = audio_track_of_pad (render, pad);
    GstPad *q_src;

    render->n_audio_linked++;
    /* Audio passes through untouched; a queue per branch so that one
     * demuxer thread never waits on the muxer for another track. */
    g_object_set (queue, "max-size-buffers", 0, "max-size-bytes", 0,
                  "max-size-time", 2 * GST_SECOND, NULL);
    gst_bin_add (GST_BIN (render->pipeline), queue);
    track->queue = queue;
    q_src = gst_element_get_static_pad (queue, "src");
    ret = gst_pad_link (q_src, mux_pad);
    gst_object_unref (q_src);
    if (ret != GST_PAD_LINK_OK) {
      fail_link (render, pad, track->label, "qtmux", ret);
      return;
    }
    gst_element_sync_state_with_parent (queue);
    /* The queue's sink asks qtmux's pad: a format qtmux does not take is
     * refused here. */
    sinkpad = gst_element_get_static_pad (queue, "sink");
    ret = gst_pad_link (pad, sinkpad);
    gst_object_unref (sinkpad);
    if (ret != GST_PAD_LINK_OK)
      fail_link (render, pad, track->label, "qtmux", ret);
  } else {
    /* Tracks the output does not carry (subtitles, a second video) */
    sink = gst_element_factory_make ("fakesink", NULL);
    g_object_set (sink, "sync", FALSE, NULL);
    gst_bin_add (GST_BIN (render->pipeline), sink);
    gst_element_sync_state_with_parent (sink);
    sinkpad = gst_element_get_static_pad (sink, "sink");
    ret = gst_pad_link (pad, sinkpad);
    gst_object_unref (sinkpad);
    if (ret != GST_PAD_LINK_OK) {
      g_autofree gchar *track
          = g_strdup_printf ("track %u", pad_track_id (pad));

      fail_link (render, pad, track, "a sink that drops it", ret);
    }
  }
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
    render_fail (render,
                 g_error_new (PRW_ERROR, PRW_ERROR_PIPELINE,
                              "%s: qtdemux exposed no pad for video "
                              "track %u",
                              render->base_path, render->video_track_id));
  for (i = render->n_audio_linked; i < render->audio_pads->len; i++) {
    GstPad *pad = g_ptr_array_index (render->audio_pads, i);

    GST_WARNING ("base audio track %u was not exposed by qtdemux", i);
    gst_pad_send_event (pad, gst_event_new_stream_start ("prw-unused"));
    gst_pad_send_event (pad, gst_event_new_eos ());
  }
}

/* The track an ERROR message is about, when its source is an audio
 * branch's queue, or NULL. */
static const gchar *
track_of_element (Render *render, GstObject *src)
{
  for (guint i = 0; i < render->audio_tracks->len; i++) {
    BaseTrack *track = &g_array_index (render->audio_tracks, BaseTrack, i);

    if (track->queue && GST_OBJECT (track->queue) == src)
      return track->label;
  }
  return NULL;
}

/* qtmux's error messages say "Could not multiplex stream." and keep the
 * reason in the debug text, after the location line. The error is about
 * the base's tracks: it is named, with its one sound track when the reason
 * is about audio. */
static GError *
mux_error (Render *render, GstMessage *msg)
{
  GError *gst_error = NULL;
  gchar *debug = NULL;
  const gchar *reason, *nl;
  const gchar *track = NULL;
  GError *error;

  gst_message_parse_error (msg, &gst_error, &debug);
  GST_WARNING ("muxer error: %s (%s)", gst_error->message,
               GST_STR_NULL (debug));
  reason = debug && (nl = strrchr (debug, '\n')) && nl[1] ? nl + 1 : debug;
  if (!reason || !*reason)
    reason = gst_error->message;
  if (render->audio_tracks->len == 1 && strstr (reason, "udio"))
    track = g_array_index (render->audio_tracks, BaseTrack, 0).label;
  if (track)
    error = g_error_new (PRW_ERROR, code_from_gst_error (gst_error),
                         "%s: %s cannot be copied into the output: qtmux: %s",
                         render->base_path, track, reason);
  else
    error = g_error_new (PRW_ERROR, code_from_gst_error (gst_error),
                         "%s: its tracks cannot be multiplexed into the "
                         "output: qtmux: %s",
                         render->base_path, reason);
  g_error_free (gst_error);
  g_free (debug);
  return error;
}

/* The flow error of an audio branch ("Internal data stream error."),
 * named by its track, with the flow's reason (not-negotiated: qtmux
 * refused the format after all). */
static GError *
track_error (Render *render, GstMessage *msg, const gchar *track)
{
  GError *gst_error = NULL;
  const GstStructure *details = NULL;
  gint flow = GST_FLOW_OK;
  GError *error;

  gst_message_parse_error (msg, &gst_error, NULL);
  gst_message_parse_error_details (msg, &details);
  if (details)
    gst_structure_get_int (details, "flow-return", &flow);
  if (flow == GST_FLOW_NOT_NEGOTIATED)
    error = g_error_new (PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                         "%s: %s cannot be copied into the output: qtmux "
                         "does not accept its format (not-negotiated)",
                         render->base_path, track);
  else if (flow != GST_FLOW_OK)
    error = g_error_new (PRW_ERROR, code_from_gst_error (gst_error),
                         "%s: %s cannot be copied into the output: %s (%s)",
                         render->base_path, track, gst_error->message,
                         gst_flow_get_name (flow));
  else
    error = g_error_new (PRW_ERROR, code_from_gst_error (gst_error),
                         "%s: %s cannot be copied into the output: %s",
                         render->base_path, track, gst_error->message);
  g_error_free (gst_error);
  return error;
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
  g_mutex_init (&render.lock);
  render.base_path = base_path;
  render.audio_pads = g_ptr_array_new ();
  render.audio_tracks = g_array_new (FALSE, TRUE, sizeof (BaseTrack));
  g_array_set_clear_func (render.audio_tracks, clear_base_track);
  describe_audio_tracks (&render, base);
  if (prw_media_info_get_video_track (base))
    render.video_track_id = prw_media_info_get_video_track (base)->track_id;
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
  for (i = 0; i < render.audio_tracks->len; i++) {
    GstPad *pad = gst_element_request_pad_simple (render.mux, "audio_%u");

    if (!pad) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_PIPELINE,
                   "%s: %s cannot be copied into the output: qtmux gives no "
                   "audio pad for it",
                   base_path,
                   g_array_index (render.audio_tracks, BaseTrack, i).label);
      goto out;
    }
    g_ptr_array_add (render.audio_pads, pad);
  }
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
    GError *failure = render_take_failure (&render);

    if (failure) {
      g_propagate_error (error, failure);
      g_clear_pointer (&msg, gst_message_unref);
    } else if (msg) {
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
        bus, PRW_POLL_NS,
        GST_MESSAGE_ERROR | GST_MESSAGE_EOS | GST_MESSAGE_APPLICATION);
    GError *failure;
    const gchar *track;

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
    /* A failure seen in a streaming thread wins over the errors it leads
     * to (the demuxer's "not-linked") and over an EOS that came anyway. */
    if ((failure = render_take_failure (&render))) {
      g_propagate_error (error, failure);
    } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_APPLICATION) {
      gst_message_unref (msg);
      continue;
    } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
      ok = TRUE;
    } else if (GST_MESSAGE_SRC (msg) == GST_OBJECT (render.mux)
               && error_matches (msg, GST_STREAM_ERROR, -1)) {
      g_propagate_error (error, mux_error (&render, msg));
    } else if ((track = track_of_element (&render, GST_MESSAGE_SRC (msg)))) {
      g_propagate_error (error, track_error (&render, msg, track));
    } else {
      GstObject *src = GST_MESSAGE_SRC (msg);
      const gchar *about = NULL;

      if (src == GST_OBJECT (filesink))
        about = error_matches (msg, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ)
                    ? NULL
                    : output_name;
      else if (src == GST_OBJECT (render.mux))
        about = output_name;
      else if (src == GST_OBJECT (filesrc) || src == GST_OBJECT (demux))
        about = base_path;
      else if (src == GST_OBJECT (render.selector)
               && error_matches (msg, GST_STREAM_ERROR, -1))
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
  g_array_unref (render.audio_tracks);
  g_clear_error (&render.failure);
  g_mutex_clear (&render.lock);
  g_clear_pointer (&base_file, prw_source_file_unref);
  return ok;
}

void
prw_pipeline_stats_clear (PrwPipelineStats *stats)
{
  g_clear_pointer (&stats->shifts, g_array_unref);
  memset (stats, 0, sizeof (*stats));
}
