/* libproreswriter: the GStreamer pipeline that renders a plan */
#include "prw-pipeline-private.h"
#include "prw-blank-pipeline-private.h"

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

const PrwFrameSourceFuncs *
prw_pipeline_get_segment_source_funcs (void)
{
  return &segment_source_funcs;
}

/* ------------------------------------------------------------------------
 * The main pipeline.
 */

/* One track of the base as the messages name it: "audio track 2 (fl32,
 * 2 ch, 48000 Hz)", the number being the track's ID (tkhd). */
typedef struct {
  guint32 track_id;
  gchar *label;
} BaseTrack;

typedef struct {
  GstElement *pipeline;
  GstElement *selector;
  GstElement *mux;
  const gchar *base_path;
  GArray *audio_tracks; /* BaseTrack, in file order */
  guint n_audio_seen;   /* qtdemux's audio pads so far */
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
  if (!track)
    return g_strdup_printf ("audio track %u", index + 1);
  return prw_qt_sound_track_label (track);
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

/* A base pad that only goes to a sink that drops it (the print copies
 * that track's chunks itself, or does not carry it) could not be linked:
 * the demuxer would stop, so the print fails now. */
static void
fail_drop_link (Render *render, GstPad *pad, const gchar *track,
                GstPadLinkReturn ret)
{
  g_autofree gchar *format = pad_format (pad);

  GST_WARNING ("could not link base pad %s (%s) to a fakesink: %s",
               GST_PAD_NAME (pad), format, gst_pad_link_get_name (ret));
  render_fail (render,
               g_error_new (PRW_ERROR, PRW_ERROR_PIPELINE,
                            "%s: %s: the demuxer's pad for it could not be "
                            "linked to the sink that drops it (%s, link %s)",
                            render->base_path, track, format,
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
  if (render->n_audio_seen < render->audio_tracks->len)
    return &g_array_index (render->audio_tracks, BaseTrack,
                           render->n_audio_seen);
  return NULL;
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
  } else {
    /* Sound, whose chunks the copy sink writes itself from the base's
     * sample tables (qtmux never sees them), and tracks the output does
     * not carry (subtitles, a second video): the demuxer's buffers, which
     * name file ranges it never read, are dropped. */
    gboolean is_audio = g_str_has_prefix (GST_PAD_NAME (pad), "audio_");
    BaseTrack *audio = is_audio ? audio_track_of_pad (render, pad) : NULL;

    if (is_audio)
      render->n_audio_seen++;
    sink = gst_element_factory_make ("fakesink", NULL);
    g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
    gst_bin_add (GST_BIN (render->pipeline), sink);
    gst_element_sync_state_with_parent (sink);
    sinkpad = gst_element_get_static_pad (sink, "sink");
    ret = gst_pad_link (pad, sinkpad);
    gst_object_unref (sinkpad);
    if (ret != GST_PAD_LINK_OK) {
      g_autofree gchar *track
          = audio ? g_strdup (audio->label)
                  : g_strdup_printf ("%s track %u", is_audio ? "audio" : "",
                                     pad_track_id (pad));

      fail_drop_link (render, pad, g_strstrip (track), ret);
    }
  }
}

/* The selector would wait for frames for ever without its pad. */
static void
base_no_more_pads (GstElement *demux, gpointer user_data)
{
  Render *render = user_data;

  if (!render->video_linked)
    render_fail (render,
                 g_error_new (PRW_ERROR, PRW_ERROR_PIPELINE,
                              "%s: qtdemux exposed no pad for video "
                              "track %u",
                              render->base_path, render->video_track_id));
}

/* qtmux's error messages say "Could not multiplex stream." and keep the
 * reason in the debug text, after the location line. qtmux takes the
 * base's video only: the error is named as the base's. */
static GError *
mux_error (Render *render, GstMessage *msg)
{
  GError *gst_error = NULL;
  gchar *debug = NULL;
  const gchar *reason, *nl;
  GError *error;

  gst_message_parse_error (msg, &gst_error, &debug);
  GST_WARNING ("muxer error: %s (%s)", gst_error->message,
               GST_STR_NULL (debug));
  reason = debug && (nl = strrchr (debug, '\n')) && nl[1] ? nl + 1 : debug;
  if (!reason || !*reason)
    reason = gst_error->message;
  error = g_error_new (PRW_ERROR, code_from_gst_error (gst_error),
                       "%s: its tracks cannot be multiplexed into the "
                       "output: qtmux: %s",
                       render->base_path, reason);
  g_error_free (gst_error);
  g_free (debug);
  return error;
}

/* ------------------------------------------------------------------------
 * The base's tracks copied as they are: every sound track, and the
 * timecode track when the output's can be the base's as it is. Their
 * chunks go between video frames (the copy sink writes them), their
 * tables into the output's header (prw_qt_finish).
 */

/* The timecode track is copied as it is when it counts at the video's
 * rate with a drop-frame flag only where the rate has drop frame; one the
 * model reads its own way (a whole fraction of the video's rate, a flag
 * read as non-drop) is written anew at the video's rate, as qtmux does. */
static gboolean
timecode_is_copied (PrwMediaInfo *base, const PrwQtTrack *tmcd)
{
  guint64 num = prw_media_info_get_rate_num (base);
  guint64 den = prw_media_info_get_rate_den (base);

  if (!tmcd || tmcd->format != PRW_QT_FOURCC_TMCD || tmcd->n_descriptions != 1
      || tmcd->tmcd_frame_duration == 0
      || (guint64) tmcd->tmcd_timescale * den
             != (guint64) tmcd->tmcd_frame_duration * num)
    return FALSE;
  if (tmcd->tmcd_flags & PRW_QT_TMCD_FLAG_DROP_FRAME)
    return den == 1001 && num % 30000 == 0;
  return TRUE;
}

static void
copied_track_free (gpointer data)
{
  PrwCopiedTrack *copied = data;

  g_array_unref (copied->offsets);
  g_free (copied);
}

typedef struct {
  guint64 before_frame;
  guint slot;  /* in the copied tracks */
  guint chunk; /* its chunk */
  PrwQtChunk where;
} Due;

static gint
compare_due (gconstpointer a, gconstpointer b)
{
  const Due *x = a, *y = b;

  if (x->before_frame != y->before_frame)
    return x->before_frame < y->before_frame ? -1 : 1;
  if (x->slot != y->slot)
    return x->slot < y->slot ? -1 : 1;
  return x->chunk < y->chunk ? -1 : (x->chunk > y->chunk);
}

/* The video frame a chunk starting at media time `start` (time scale ts)
 * goes before: the first whose time, frame * den / num seconds, is after
 * it; n_frames when none is. floor (floor (start * num / ts) / den) is
 * floor (start * num / (ts * den)): exact integer math. */
static guint64
frame_after (guint64 start, guint32 ts, guint num, guint den, guint64 n_frames)
{
  guint64 k = gst_util_uint64_scale (start, num, MAX (ts, 1)) / den + 1;

  return MIN (k, n_frames);
}

gboolean
prw_pipeline_plan_copied_tracks (PrwMediaInfo *base, gboolean sound_only,
                                 GPtrArray **copied_out,
                                 GArray **insertions_out, GArray **due_out,
                                 GError **error)
{
  const PrwQtMovie *movie = prw_media_info_get_movie (base);
  guint num = prw_media_info_get_rate_num (base);
  guint den = prw_media_info_get_rate_den (base);
  guint64 n_frames = prw_media_info_get_frame_count (base);
  g_autoptr (GPtrArray) copied
      = g_ptr_array_new_with_free_func (copied_track_free);
  g_autoptr (GArray) due = g_array_new (FALSE, FALSE, sizeof (Due));
  GArray *insertions;

  for (guint i = 0; movie && i < movie->tracks->len; i++) {
    const PrwQtTrack *track = g_ptr_array_index (movie->tracks, i);
    PrwCopiedTrack *c;
    g_autoptr (GArray) chunks = NULL;

    if (track->handler == PRW_QT_FOURCC_TMCD && !sound_only) {
      /* the one the model reads (of several, the one the chosen video
       * track refers to) */
      if (track != prw_media_info_get_timecode_track (base)
          || !timecode_is_copied (base, track))
        continue;
    } else if (track->handler != PRW_QT_FOURCC_SOUN) {
      continue;
    }
    if (!(chunks = prw_qt_track_read_chunks (movie, track, error)))
      return FALSE;
    c = g_new0 (PrwCopiedTrack, 1);
    c->track = track;
    c->offsets = g_array_sized_new (FALSE, TRUE, sizeof (guint64), chunks->len);
    g_array_set_size (c->offsets, chunks->len);
    for (guint j = 0; j < chunks->len; j++) {
      Due d;

      d.where = g_array_index (chunks, PrwQtChunk, j);
      d.before_frame
          = frame_after (d.where.start, track->timescale, num, den, n_frames);
      d.slot = copied->len;
      d.chunk = j;
      g_array_append_val (due, d);
    }
    g_ptr_array_add (copied, c);
  }
  g_array_sort (due, compare_due);
  insertions
      = g_array_sized_new (FALSE, FALSE, sizeof (PrwInsertion), due->len);
  for (guint i = 0; i < due->len; i++) {
    const Due *d = &g_array_index (due, Due, i);
    PrwInsertion ins = { d->where.offset, d->where.size, d->before_frame, 0 };

    g_array_append_val (insertions, ins);
  }
  *copied_out = g_steal_pointer (&copied);
  *insertions_out = insertions;
  *due_out = g_steal_pointer (&due);
  return TRUE;
}

void
prw_pipeline_collect_landed (GPtrArray *copied, GArray *due, GArray *landed)
{
  for (guint i = 0; i < due->len && i < landed->len; i++) {
    const Due *d = &g_array_index (due, Due, i);
    PrwCopiedTrack *c = g_ptr_array_index (copied, d->slot);

    g_array_index (c->offsets, guint64, d->chunk)
        = g_array_index (landed, PrwInsertion, i).landed;
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
  g_autoptr (GPtrArray) copied = NULL;
  g_autoptr (GArray) insertions = NULL;
  g_autoptr (GArray) due = NULL;
  gboolean copy_timecode = FALSE;
  guint i;

  g_return_val_if_fail (prw_plan_is_sealed (plan), FALSE);

  prw_init ();
  g_mutex_init (&render.lock);
  render.base_path = base_path;
  render.audio_tracks = g_array_new (FALSE, TRUE, sizeof (BaseTrack));
  g_array_set_clear_func (render.audio_tracks, clear_base_track);
  describe_audio_tracks (&render, base);
  if (prw_media_info_get_video_track (base))
    render.video_track_id = prw_media_info_get_video_track (base)->track_id;
  render.pipeline = gst_pipeline_new ("prw-print");
  if (stats)
    prw_pipeline_stats_clear (stats);
  if (!prw_pipeline_plan_copied_tracks (base, FALSE, &copied, &insertions, &due,
                                        error))
    goto out;
  for (i = 0; i < copied->len; i++) {
    const PrwCopiedTrack *c = g_ptr_array_index (copied, i);

    copy_timecode = copy_timecode || c->track->handler == PRW_QT_FOURCC_TMCD;
  }
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
  prw_copy_sink_set_insertions (
      PRW_COPY_SINK (filesink), base_file,
      (const PrwInsertion *) (gpointer) insertions->data, insertions->len,
      (guint64) prw_media_info_get_frame_count (base));
  /* The video branch is bounded in time, not buffers: the selector's
   * batches cross it a batch at a time. */
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
  /* The base's movie time scale, in which the tracks copied from it keep
   * their durations (tkhd, elst) as they are. */
  if (prw_media_info_get_movie (base)
      && prw_media_info_get_movie (base)->movie_timescale > 0)
    g_object_set (render.mux, "movie-timescale",
                  prw_media_info_get_movie (base)->movie_timescale, NULL);
  if (!gst_element_link (filesrc, demux)
      || !gst_element_link (render.selector, queue)
      || !gst_element_link_pads (queue, "src", render.mux, "video_%u")
      || !gst_element_link (render.mux, filesink)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_PIPELINE,
                 "%s: could not link the print pipeline", output_name);
    goto out;
  }
  g_signal_connect (demux, "pad-added", G_CALLBACK (base_pad_added), &render);
  g_signal_connect (demux, "no-more-pads", G_CALLBACK (base_no_more_pads),
                    &render);

  n_ranges = prw_plan_get_n_ranges (plan);
  ranges = g_new (PrwRange, n_ranges);
  for (i = 0; i < n_ranges; i++)
    ranges[i] = *prw_plan_get_range (plan, i);
  /* the timecode track copied from the base needs none from qtmux */
  prw_frame_selector_configure (
      PRW_FRAME_SELECTOR (render.selector), ranges, n_ranges,
      prw_media_info_get_rate_num (base), prw_media_info_get_rate_den (base),
      copy_timecode ? NULL : prw_media_info_get_start_timecode (base),
      &segment_source_funcs, plan);
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
      if (copied) {
        g_autoptr (GArray) landed
            = prw_copy_sink_get_insertions (PRW_COPY_SINK (filesink));

        prw_pipeline_collect_landed (copied, due, landed);
        stats->copied = g_steal_pointer (&copied);
      }
    }
    gst_object_unref (render.pipeline);
  }
  g_array_unref (render.audio_tracks);
  g_clear_error (&render.failure);
  g_mutex_clear (&render.lock);
  g_clear_pointer (&base_file, prw_source_file_unref);
  return ok;
}

PrwQtCopiedTrak *
prw_pipeline_stats_get_copied_traks (const PrwPipelineStats *stats,
                                     const PrwQtMovie *movie, guint *n)
{
  PrwQtCopiedTrak *traks;

  *n = stats->copied ? stats->copied->len : 0;
  traks = g_new0 (PrwQtCopiedTrak, MAX (*n, 1));
  for (guint i = 0; i < *n; i++) {
    const PrwCopiedTrack *c = g_ptr_array_index (stats->copied, i);

    traks[i].trak = movie->moov + c->track->trak.offset;
    traks[i].trak_size = c->track->trak.size;
    traks[i].base_track_id = c->track->track_id;
    traks[i].timecode = c->track->handler == PRW_QT_FOURCC_TMCD;
    traks[i].chunk_offsets = (const guint64 *) (gpointer) c->offsets->data;
    traks[i].n_chunks = c->offsets->len;
  }
  return traks;
}

void
prw_pipeline_stats_clear (PrwPipelineStats *stats)
{
  g_clear_pointer (&stats->shifts, g_array_unref);
  g_clear_pointer (&stats->copied, g_ptr_array_unref);
  memset (stats, 0, sizeof (*stats));
}
