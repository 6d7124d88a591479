/* libproreswriter: what a probe learnt of one movie (immutable) */

#include "prw-media-info-private.h"

#include "util/prw-enum-private.h"
#include "util/prw-file-identity-private.h"
#include "util/prw-math-private.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/**
 * PrwMediaInfo:
 *
 * What prw_probe_file() learnt of one ProRes movie: its codec flavour, size,
 * exact frame rate, frame count, start timecode (read from the movie's
 * timecode track, which GStreamer's demuxer ignores), reel name, colour
 * description, pixel aspect, field description and audio tracks.
 *
 * A #PrwMediaInfo is immutable: every getter returns the same value for the
 * object's whole life, and it is safe to share between threads.
 *
 * Each getter says which QuickTime atom its value comes from ("QuickTime
 * File Format Specification", Apple): the video track is the one track
 * whose handler ('hdlr') is 'vide' (or, in a movie with several, the one
 * chosen with prw_probe_file_full()), the timecode track the one whose
 * handler is 'tmcd'.
 *
 * Since: 0.1
 */
/* struct _PrwMediaInfo is in prw-media-info-private.h */

G_DEFINE_FINAL_TYPE (PrwMediaInfo, prw_media_info, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (
    PrwFieldOrder, prw_field_order,
    G_DEFINE_ENUM_VALUE (PRW_FIELD_ORDER_PROGRESSIVE, "progressive"),
    G_DEFINE_ENUM_VALUE (PRW_FIELD_ORDER_TOP_FIELD_FIRST, "top-field-first"),
    G_DEFINE_ENUM_VALUE (PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST,
                         "bottom-field-first"),
    G_DEFINE_ENUM_VALUE (PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST_TOP_STORED_FIRST,
                         "bottom-field-first-top-stored-first"),
    G_DEFINE_ENUM_VALUE (PRW_FIELD_ORDER_TOP_FIELD_FIRST_BOTTOM_STORED_FIRST,
                         "top-field-first-bottom-stored-first"),
    G_DEFINE_ENUM_VALUE (PRW_FIELD_ORDER_UNKNOWN, "unknown"))

static void
prw_media_info_finalize (GObject *object)
{
  PrwMediaInfo *self = PRW_MEDIA_INFO (object);

  g_free (self->path);
  g_free (self->codec_fourcc);
  g_clear_pointer (&self->start, prw_timecode_free);
  g_array_unref (self->tc_runs);
  g_free (self->reel_name);
  g_free (self->colour);
  g_ptr_array_unref (self->audio);
  g_ptr_array_unref (self->warnings);
  g_ptr_array_unref (self->warning_reasons);
  g_clear_pointer (&self->movie, prw_qt_movie_free);

  G_OBJECT_CLASS (prw_media_info_parent_class)->finalize (object);
}

static void
prw_media_info_class_init (PrwMediaInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = prw_media_info_finalize;
}

static void
prw_media_info_init (PrwMediaInfo *self)
{
  self->audio = g_ptr_array_new_with_free_func (g_free);
  self->tc_runs = g_array_new (FALSE, FALSE, sizeof (PrwTimecodeRun));
  self->warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->warning_reasons = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

static const struct {
  guint32 fourcc;
  const gchar *name;
} prores_flavours[] = {
  { PRW_QT_FOURCC_APCO, "ProRes 422 Proxy" },
  { PRW_QT_FOURCC_APCS, "ProRes 422 LT" },
  { PRW_QT_FOURCC_APCN, "ProRes 422" },
  { PRW_QT_FOURCC_APCH, "ProRes 422 HQ" },
  { PRW_QT_FOURCC_AP4H, "ProRes 4444" },
  { PRW_QT_FOURCC_AP4X, "ProRes 4444 XQ" },
};

const gchar *
prw_prores_flavour_name (guint32 fourcc)
{
  for (guint i = 0; i < G_N_ELEMENTS (prores_flavours); i++)
    if (prores_flavours[i].fourcc == fourcc)
      return prores_flavours[i].name;
  return NULL;
}

/* "sowt 2 ch 48000 Hz" */
static gchar *
describe_audio (const PrwQtTrack *track)
{
  gchar buf[5];

  prw_fourcc_to_string (track->format, buf);
  g_strchomp (buf);
  return g_strdup_printf ("%s %u ch %u Hz", buf, track->channels,
                          track->sample_rate);
}

void
prw_media_info_add_warning (PrwMediaInfo *self, const gchar *format, ...)
{
  va_list args;
  gchar *reason;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (self->warnings,
                   g_strdup_printf ("%s: %s", self->path, reason));
  g_ptr_array_add (self->warning_reasons, reason);
}

const gchar *const *
prw_media_info_get_warning_reasons (PrwMediaInfo *self)
{
  static const gchar *const none[] = { NULL };

  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  if (self->warning_reasons->len == 0)
    return none;
  return (const gchar *const *) self->warning_reasons->pdata;
}

/* "24 fps", "29.97 fps" */
static gchar *
describe_rate (guint rate_num, guint rate_den)
{
  g_autofree gchar *rate
      = prw_timecode_rate_to_string (rate_num, rate_den, FALSE);

  return g_strdup_printf ("%s fps", rate);
}

/* How many video frames one frame of the timecode track lasts (*ratio), and
 * the timecode track's own rate (*tc_num / *tc_den), from its 'tmcd'
 * description: 1 and the video's rate when it counts the video's nominal
 * rate (as every writer does for its own video); otherwise its time scale
 * over its frame duration, which must count nframes labels a second and go
 * a whole number of times into the video's rate (30 DF on 59.94p: 2). */
static gboolean
timecode_track_ratio (PrwMediaInfo *self, const PrwQtTrack *tmcd, guint *ratio,
                      guint *tc_num, guint *tc_den, GError **error)
{
  guint nominal
      = prw_timecode_rate_get_nominal_fps (self->rate_num, self->rate_den);
  g_autofree gchar *video_rate = NULL;
  g_autofree gchar *tc_rate = NULL;
  guint64 g, num, den;

  *ratio = 1;
  *tc_num = self->rate_num;
  *tc_den = self->rate_den;
  if (tmcd->tmcd_nframes == nominal)
    return TRUE;
  if (tmcd->tmcd_nframes == 0 || tmcd->tmcd_timescale == 0
      || tmcd->tmcd_frame_duration == 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: the timecode track counts %u frames per second but "
                 "the video runs at %u/%u fps (%u)",
                 self->path, tmcd->tmcd_nframes, self->rate_num, self->rate_den,
                 nominal);
    return FALSE;
  }

  g = prw_gcd64 (tmcd->tmcd_timescale, tmcd->tmcd_frame_duration);
  *tc_num = tmcd->tmcd_timescale / g;
  *tc_den = tmcd->tmcd_frame_duration / g;
  if (prw_timecode_rate_get_nominal_fps (*tc_num, *tc_den)
      != tmcd->tmcd_nframes) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: the timecode track counts %u frames per second but "
                 "its time scale and frame duration say %u/%u fps; the "
                 "video runs at %u/%u fps",
                 self->path, tmcd->tmcd_nframes, *tc_num, *tc_den,
                 self->rate_num, self->rate_den);
    return FALSE;
  }
  video_rate = describe_rate (self->rate_num, self->rate_den);
  tc_rate = describe_rate (*tc_num, *tc_den);
  if (!prw_timecode_rate_is_supported (*tc_num, *tc_den, FALSE)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: the timecode track runs at %u/%u fps (%s), which is "
                 "not supported",
                 self->path, *tc_num, *tc_den, tc_rate);
    return FALSE;
  }
  /* video rate / timecode rate = (vn * td) / (vd * tn) */
  num = (guint64) self->rate_num * *tc_den;
  den = (guint64) self->rate_den * *tc_num;
  if (num % den != 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: the timecode track runs at %u/%u fps (%s) and the "
                 "video at %u/%u fps (%s): not a whole number of video "
                 "frames per timecode frame",
                 self->path, *tc_num, *tc_den, tc_rate, self->rate_num,
                 self->rate_den, video_rate);
    return FALSE;
  }
  *ratio = (guint) (num / den);
  return TRUE;
}

/* ---- frame rate and edit list of the video track ------------------------ */

/* Products of a time scale, a tick count and a rate term: 32 x 64 x 17
 * bits, beyond 64 */
typedef unsigned __int128 PrwU128;

static PrwU128
abs_diff128 (PrwU128 a, PrwU128 b)
{
  return a > b ? a - b : b - a;
}

/* The rates prw_timecode_rate_is_supported() takes, in lowest terms */
static const struct {
  guint num, den;
} exact_rates[] = {
  { 24000, 1001 }, { 24, 1 },        { 25, 1 },  { 30000, 1001 }, { 30, 1 },
  { 48000, 1001 }, { 48, 1 },        { 50, 1 },  { 60000, 1001 }, { 60, 1 },
  { 100, 1 },      { 120000, 1001 }, { 120, 1 },
};

/* "100 ticks (98 frames), 99 ticks (1 frame)" */
static gchar *
describe_deltas (const PrwQtTrack *video)
{
  GString *list = g_string_new (NULL);

  for (guint32 k = 0; k < video->n_deltas; k++)
    g_string_append_printf (
        list, "%s%u tick%s (%" G_GUINT64_FORMAT " frame%s)", k > 0 ? ", " : "",
        video->deltas[k], video->deltas[k] == 1 ? "" : "s",
        video->delta_counts[k], video->delta_counts[k] == 1 ? "" : "s");
  if (video->more_deltas)
    g_string_append (list, " and others");
  return g_string_free (list, FALSE);
}

/* The supported rate whose exact frame duration every delta is within one
 * tick of, and whose running time the sum of the deltas is within one tick
 * of: what a muxer that rounds each timestamp to its time scale writes (an
 * older qtmux wrote 59.94 at time scale 5994 as 100-tick frames with a
 * 99-tick one now and then: 5994 x 1001 / 60000 = 99.9999 ticks). */
static gboolean
rounded_rate (const PrwQtTrack *video, guint *rate_num, guint *rate_den)
{
  if (video->max_delta - video->min_delta > 1
      || video->total_delta == G_MAXUINT64)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (exact_rates); i++) {
    PrwU128 num = exact_rates[i].num;
    /* one frame, in ticks x num */
    PrwU128 frame = (PrwU128) video->timescale * exact_rates[i].den;

    if (abs_diff128 ((PrwU128) video->min_delta * num, frame) < num
        && abs_diff128 ((PrwU128) video->max_delta * num, frame) < num
        && abs_diff128 ((PrwU128) video->total_delta * num,
                        (PrwU128) video->n_samples * frame)
               <= num) {
      *rate_num = exact_rates[i].num;
      *rate_den = exact_rates[i].den;
      return TRUE;
    }
  }
  return FALSE;
}

/* The video's exact frame rate from its time scale (mdhd) and frame
 * durations (stts): one duration, or durations that differ only by the
 * rounding of a supported rate to the time scale. */
static gboolean
video_rate (PrwMediaInfo *self, const PrwQtTrack *video, GError **error)
{
  g_autofree gchar *deltas = NULL;

  if (video->timescale == 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: the video track's media header has time scale 0",
                 self->path);
    return FALSE;
  }
  if (video->sample_delta != 0) {
    guint64 g = prw_gcd64 (video->timescale, video->sample_delta);

    self->rate_num = video->timescale / g;
    self->rate_den = video->sample_delta / g;
    if (prw_timecode_rate_is_supported (self->rate_num, self->rate_den, FALSE))
      return TRUE;
  }
  if (rounded_rate (video, &self->rate_num, &self->rate_den))
    return TRUE;
  if (video->sample_delta != 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: frame rate %u/%u is not supported", self->path,
                 self->rate_num, self->rate_den);
    return FALSE;
  }
  deltas = describe_deltas (video);
  g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
               "%s: variable frame rate: the video's frames last %s at time "
               "scale %u, more than the rounding of one frame rate",
               self->path, deltas, video->timescale);
  return FALSE;
}

/* "1 edit: 400 of 1000 ticks a second from media time 1024, rate 1.0000" */
static gchar *
describe_edits (const PrwQtTrack *track, guint32 movie_timescale)
{
  return g_strdup_printf (
      "%u edit%s; the first shows %" G_GUINT64_FORMAT " movie ticks (%u a "
      "second) from media time %" G_GINT64_FORMAT " (%u a second) at rate "
      "%u/65536%s",
      track->n_edits, track->n_edits == 1 ? "" : "s", track->edit_duration,
      movie_timescale, track->edit_media_time, track->timescale,
      track->edit_rate, track->edits_any_empty ? ", with an empty edit" : "");
}

/* Which samples the video's edit list presents (first_sample, frame_count).
 * No edit list, or one edit at normal rate that shows a run of whole
 * frames from media time M for duration D: frames M / frame to the end of
 * the run. QuickTime shows nothing else ("QuickTime File Format
 * Specification", Edit List Atom). D is in the movie's time scale, which
 * writers round up (ffmpeg writes 418 ms for 10 frames at 23.976, 417.08
 * ms): an edit that ends less than one frame short of the media's end, or
 * beyond it by less than one frame, reaches it; an end elsewhere must fall
 * within one movie tick of a frame boundary (the start, within less than
 * one tick of the media's time scale). Anything else (empty edits,
 * several edits, another rate) is refused with the figures. */
static gboolean
video_presented_run (PrwMediaInfo *self, const PrwQtTrack *video,
                     GError **error)
{
  guint32 movie_ts = self->movie->movie_timescale;
  guint64 n = video->n_samples;
  g_autofree gchar *edits = NULL;
  PrwU128 unit_frame, unit_tick, dur, start, left, frames;
  const gchar *why = NULL;

  self->first_sample = 0;
  self->frame_count = (gint64) n;
  if (video->n_edits == 0)
    return TRUE;
  edits = describe_edits (video, movie_ts);
  if (video->n_edits > 1 || video->edits_any_empty
      || video->edit_media_time < 0)
    why = "only one edit, not empty, can be honoured";
  else if (video->edit_rate != 0x10000)
    why = "only an edit at normal rate (65536/65536) can be honoured";
  else if (movie_ts == 0)
    why = "the movie header has time scale 0";
  if (why != NULL)
    goto refuse;

  /* in units of 1 / (rate_num x movie_ts x timescale) seconds */
  unit_frame = (PrwU128) self->rate_den * movie_ts * video->timescale;
  unit_tick = (PrwU128) self->rate_num * video->timescale;
  start = (PrwU128) video->edit_media_time * self->rate_num * movie_ts;
  dur = (PrwU128) video->edit_duration * self->rate_num * video->timescale;
  /* the media time must fall on a frame within a tick of the media's
   * time scale */
  frames = (start + unit_frame / 2) / unit_frame;
  if (abs_diff128 (frames * unit_frame, start)
      >= (PrwU128) self->rate_num * movie_ts) {
    why = "the edit does not start on a frame";
    goto refuse;
  }
  if (frames >= n) {
    why = "the edit starts beyond the media's last frame";
    goto refuse;
  }
  self->first_sample = (guint64) frames;
  left = (PrwU128) (n - self->first_sample) * unit_frame;
  if (dur + unit_frame > left && dur < left + unit_frame) {
    self->frame_count = (gint64) (n - self->first_sample);
  } else if (dur >= left + unit_frame) {
    why = "the edit lasts longer than the media";
    goto refuse;
  } else {
    frames = (dur + unit_frame / 2) / unit_frame;
    if (frames == 0 || abs_diff128 (frames * unit_frame, dur) > unit_tick) {
      why = "the edit does not last a whole number of frames";
      goto refuse;
    }
    self->frame_count = (gint64) frames;
  }
  if (self->first_sample != 0 || (guint64) self->frame_count != n)
    g_debug ("%s: the video's edit list presents samples %" G_GUINT64_FORMAT
             "-%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT,
             self->path, self->first_sample,
             self->first_sample + (guint64) self->frame_count - 1, n);
  return TRUE;

refuse:
  g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
               "%s: the video track has an edit list (%s) that does not "
               "present one run of its %" G_GUINT64_FORMAT " frames "
               "(%u/%u fps) at normal speed: %s",
               self->path, edits, n, self->rate_num, self->rate_den, why);
  return FALSE;
}

/* The rate the timecode track's samples last whole frames of: its
 * description's time scale over its frame duration ("QuickTime File Format
 * Specification", Timecode Sample Description) where those agree with its
 * frames per second, else tc_num / tc_den. A writer that rounds 29.97 to a
 * time scale (2997 ticks a second, 100 a frame, as Final Cut Pro 7 wrote)
 * counts whole frames at 2997/100, which 30000/1001 would miss by one
 * frame every 500000. */
static void
timecode_count_rate (const PrwQtTrack *tmcd, guint tc_num, guint tc_den,
                     guint *num, guint *den)
{
  *num = tc_num;
  *den = tc_den;
  if (tmcd->tmcd_timescale != 0 && tmcd->tmcd_frame_duration != 0
      && prw_timecode_rate_get_nominal_fps (tmcd->tmcd_timescale,
                                            tmcd->tmcd_frame_duration)
             == tmcd->tmcd_nframes) {
    *num = tmcd->tmcd_timescale;
    *den = tmcd->tmcd_frame_duration;
  }
}

/* Timecode frames (tc_num / tc_den fps) in ticks of the track's media
 * time scale, to the nearest frame */
static gint64
timecode_frames_in (const PrwQtTrack *tmcd, guint tc_num, guint tc_den,
                    guint64 ticks)
{
  PrwU128 at = (PrwU128) ticks * tc_num;
  PrwU128 frame = (PrwU128) tmcd->timescale * tc_den;

  return (gint64) ((at + frame / 2) / frame);
}

/* The timecode track's edit list: none, or one edit at normal rate from
 * media time M, which QuickTime shows from the movie's start: the first
 * label is that of the sample M falls in plus the frames of the timecode
 * track (tc_num / tc_den fps) from that sample's start to M, which must be
 * whole and within the track's samples. Anything else is refused with the
 * figures. *offset: M in frames. */
static gboolean
timecode_edit_offset (PrwMediaInfo *self, const PrwQtTrack *tmcd, guint tc_num,
                      guint tc_den, gint64 *offset, GError **error)
{
  g_autofree gchar *edits = NULL;
  const gchar *why = NULL;
  PrwU128 at, frame, frames = 0;
  guint64 total = 0;

  *offset = 0;
  if (tmcd->n_edits == 0)
    return TRUE;
  /* at most 50 million samples of under 2^32 ticks: no overflow */
  for (guint64 i = 0; tmcd->tmcd_durations != NULL && i < tmcd->n_samples; i++)
    total += tmcd->tmcd_durations[i];
  if (tmcd->n_edits > 1 || tmcd->edits_any_empty || tmcd->edit_media_time < 0)
    why = "only one edit, not empty, can be honoured";
  else if (tmcd->edit_rate != 0x10000)
    why = "only an edit at normal rate (65536/65536) can be honoured";
  else if (tmcd->edit_media_time != 0 && tmcd->timescale == 0)
    why = "its media header has time scale 0";
  else if (tmcd->edit_media_time != 0) {
    /* in units of 1 / (tc_num x timescale) seconds */
    at = (PrwU128) tmcd->edit_media_time * tc_num;
    frame = (PrwU128) tmcd->timescale * tc_den;
    frames = (at + frame / 2) / frame;
    if (abs_diff128 (frames * frame, at) >= tc_num)
      why = "the edit does not start on a timecode frame";
    else if ((guint64) tmcd->edit_media_time >= total)
      why = "the edit starts after the timecode track's samples end";
  }
  if (why == NULL) {
    *offset = (gint64) frames;
    return TRUE;
  }
  edits = describe_edits (tmcd, self->movie->movie_timescale);
  g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
               "%s: the timecode track (track %u) has an edit list (%s) that "
               "cannot be read: %s",
               self->path, tmcd->track_id, edits, why);
  return FALSE;
}

const PrwSample *
prw_media_info_get_frame_sample (PrwMediaInfo *self, gint64 k)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  if (self->video_track == NULL || self->video_track->samples == NULL || k < 0
      || k >= self->frame_count
      || self->first_sample + (guint64) k >= self->video_track->n_samples)
    return NULL;
  return &self->video_track->samples[self->first_sample + (guint64) k];
}

gboolean
prw_media_info_is_trimmed (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), FALSE);
  return self->video_track != NULL
         && (self->first_sample != 0
             || (guint64) self->frame_count != self->video_track->n_samples);
}

void
prw_media_info_set_timecode_runs (PrwMediaInfo *self,
                                  const PrwTimecodeRun *runs, guint n)
{
  gint64 per_day, next = 0;

  g_return_if_fail (PRW_IS_MEDIA_INFO (self));
  g_return_if_fail (n == 0 || runs != NULL);

  g_array_set_size (self->tc_runs, 0);
  g_clear_pointer (&self->start, prw_timecode_free);
  if (n == 0)
    return;
  per_day = prw_timecode_rate_get_frames_per_day (
      runs[0].start.rate_num, runs[0].start.rate_den, runs[0].start.drop_frame);
  for (guint i = 0; i < n && next < self->frame_count; i++) {
    PrwTimecodeRun run = runs[i];
    PrwTimecodeRun *last = self->tc_runs->len == 0
                               ? NULL
                               : &g_array_index (self->tc_runs, PrwTimecodeRun,
                                                 self->tc_runs->len - 1);

    if (run.frames <= 0)
      continue;
    run.first_frame = next;
    run.frames = MIN (run.frames, self->frame_count - next);
    next += run.frames;
    if (last != NULL && per_day > 0
        && (last->start.frames + last->frames) % per_day == run.start.frames)
      last->frames += run.frames;
    else
      g_array_append_val (self->tc_runs, run);
  }
  if (self->tc_runs->len == 0) {
    PrwTimecodeRun run = runs[0];

    run.first_frame = 0;
    run.frames = MAX (self->frame_count, 0);
    g_array_append_val (self->tc_runs, run);
  } else {
    /* the last run lasts to the last frame */
    g_array_index (self->tc_runs, PrwTimecodeRun, self->tc_runs->len - 1).frames
        += self->frame_count - next;
  }
  self->start = prw_timecode_copy (
      &g_array_index (self->tc_runs, PrwTimecodeRun, 0).start);
}

const PrwTimecodeRun *
prw_media_info_get_timecode_runs (PrwMediaInfo *self, guint *n)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  *n = self->tc_runs->len;
  return (const PrwTimecodeRun *) self->tc_runs->data;
}

/* The run holding frame (the first / last for frames before / after) */
static const PrwTimecodeRun *
find_timecode_run (PrwMediaInfo *self, gint64 frame)
{
  guint lo = 0, hi = self->tc_runs->len;

  if (hi == 0)
    return NULL;
  /* the last run whose first frame is at or before frame */
  while (hi - lo > 1) {
    guint mid = lo + (hi - lo) / 2;

    if (g_array_index (self->tc_runs, PrwTimecodeRun, mid).first_frame <= frame)
      lo = mid;
    else
      hi = mid;
  }
  return &g_array_index (self->tc_runs, PrwTimecodeRun, lo);
}

gint64
prw_media_info_get_label_at (PrwMediaInfo *self, gint64 frame)
{
  const PrwTimecodeRun *run;
  gint64 per_day, label;

  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), -1);
  run = find_timecode_run (self, frame);
  if (run == NULL)
    return -1;
  per_day = prw_timecode_rate_get_frames_per_day (
      run->start.rate_num, run->start.rate_den, run->start.drop_frame);
  label = (run->start.frames + (frame - run->first_frame) % per_day) % per_day;
  return label < 0 ? label + per_day : label;
}

/* Of several timecode tracks, the one the chosen video track refers to
 * (its 'tref' 'tmcd'), in a movie of several video tracks: ffmpeg writes a
 * timecode track for each. NULL when the reference names none of them, or
 * more than one track has its ID; and with one video track, where several
 * timecode tracks stay ambiguous. */
static const PrwQtTrack *
referenced_timecode_track (PrwMediaInfo *self)
{
  const PrwQtTrack *found = NULL;
  guint32 id = self->video_track->tref_tmcd;
  guint n_video = 0;

  prw_qt_movie_find_track (self->movie, PRW_QT_FOURCC_VIDE, &n_video);
  if (n_video < 2 || id == 0)
    return NULL;
  for (guint i = 0; i < self->movie->tracks->len; i++) {
    const PrwQtTrack *track = g_ptr_array_index (self->movie->tracks, i);

    if (track->handler != PRW_QT_FOURCC_TMCD || track->track_id != id)
      continue;
    if (found != NULL)
      return NULL;
    found = track;
  }
  return found;
}

/* The timecode map from the one tmcd track, at the video's rate: one run
 * per timecode sample ("QuickTime File Format Specification", Timecode
 * Sample Description: each 'tmcd' sample is the frame number of its first
 * frame, and lasts its time-to-sample ('stts') duration), its frames the
 * whole timecode frames its media time covers (timecode_count_rate(), to
 * the nearest frame), each ratio video frames. The edit list shows the
 * media from the edit's media time on. */
static gboolean
read_timecode_map (PrwMediaInfo *self, GError **error)
{
  const PrwQtTrack *tmcd;
  gboolean drop;
  guint n_tmcd, ratio, tc_num, tc_den, cnt_num, cnt_den;
  gint64 per_day, offset;
  guint64 t = 0, media_start = 0;
  g_autoptr (GArray) runs = NULL;

  tmcd = prw_qt_movie_find_track (self->movie, PRW_QT_FOURCC_TMCD, &n_tmcd);
  if (n_tmcd == 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_NO_TIMECODE,
                 "%s: no timecode track", self->path);
    return FALSE;
  }
  if (n_tmcd > 1 && !(tmcd = referenced_timecode_track (self))) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_NO_TIMECODE,
                 "%s: %u timecode tracks; expected one", self->path, n_tmcd);
    return FALSE;
  }
  if (tmcd->format != PRW_QT_FOURCC_TMCD) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: the timecode track's sample description is '%s', not "
                 "'tmcd'",
                 self->path,
                 prw_fourcc_to_string (tmcd->format, (gchar[5]){ 0 }));
    return FALSE;
  }
  if (tmcd->tmcd_flags & PRW_QT_TMCD_FLAG_COUNTER) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: the timecode track is a counter, not a timecode",
                 self->path);
    return FALSE;
  }
  if (tmcd->tmcd_start_frame < 0 || tmcd->tmcd_values == NULL
      || tmcd->tmcd_durations == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: the timecode track has no samples", self->path);
    return FALSE;
  }
  if (tmcd->n_samples > 1 && tmcd->timescale == 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: the timecode track has %" G_GUINT64_FORMAT " samples "
                 "but its media header has time scale 0",
                 self->path, tmcd->n_samples);
    return FALSE;
  }
  if (!timecode_track_ratio (self, tmcd, &ratio, &tc_num, &tc_den, error))
    return FALSE;
  timecode_count_rate (tmcd, tc_num, tc_den, &cnt_num, &cnt_den);
  if (!timecode_edit_offset (self, tmcd, cnt_num, cnt_den, &offset, error))
    return FALSE;

  drop = (tmcd->tmcd_flags & PRW_QT_TMCD_FLAG_DROP_FRAME) != 0;
  if (drop && !prw_timecode_rate_is_supported (tc_num, tc_den, TRUE)) {
    /* some camera apps set the flag at any rate; drop frame exists only
     * where the library's rates say it does (29.97, 59.94, 119.88) */
    g_autofree gchar *rate = describe_rate (tc_num, tc_den);

    prw_media_info_add_warning (self,
                                "its timecode track says drop frame at %s, "
                                "where there is none; read as non-drop",
                                rate);
    drop = FALSE;
  }
  if (!prw_timecode_rate_is_supported (self->rate_num, self->rate_den, drop)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: %s timecode at %u/%u fps is not supported", self->path,
                 drop ? "drop-frame" : "non-drop-frame", self->rate_num,
                 self->rate_den);
    return FALSE;
  }
  /* counted at the timecode track's rate */
  per_day = prw_timecode_rate_get_frames_per_day (tc_num, tc_den, drop);
  if (offset != 0) {
    g_debug ("%s: the timecode track's edit shows its media from its "
             "frame %" G_GINT64_FORMAT,
             self->path, offset);
    media_start = (guint64) tmcd->edit_media_time;
  }

  runs = g_array_new (FALSE, FALSE, sizeof (PrwTimecodeRun));
  for (guint64 i = 0; i < tmcd->n_samples; i++) {
    guint64 from = MAX (t, media_start), to = t + tmcd->tmcd_durations[i];
    /* an edit into this sample: its label that many frames on */
    gint64 into = media_start > t ? timecode_frames_in (tmcd, cnt_num, cnt_den,
                                                        media_start - t)
                                  : 0;
    gint64 value = tmcd->tmcd_values[i];
    PrwTimecodeRun run = { 0 };
    PrwTimecode *start;

    t = to;
    if (value >= per_day) {
      if (i == 0)
        g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                     "%s: the timecode track starts at frame %" G_GINT64_FORMAT
                     ", beyond the %" G_GINT64_FORMAT " frames of a day",
                     self->path, value, per_day);
      else
        g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                     "%s: timecode sample %" G_GUINT64_FORMAT " holds frame "
                     "%" G_GINT64_FORMAT ", beyond the %" G_GINT64_FORMAT
                     " frames of a day",
                     self->path, i + 1, value, per_day);
      return FALSE;
    }
    /* before the edit's media time: hidden */
    if (media_start > 0 && to <= media_start && i + 1 < tmcd->n_samples)
      continue;
    /* whole timecode frames (the track's), each ratio video frames */
    run.first_frame
        = tmcd->n_samples == 1
              ? 0
              : timecode_frames_in (tmcd, cnt_num, cnt_den, from - media_start)
                    * ratio;
    run.frames
        = tmcd->n_samples == 1
              ? self->frame_count
              : timecode_frames_in (tmcd, cnt_num, cnt_den, to - media_start)
                        * ratio
                    - run.first_frame;
    /* a sample that lasts no frame shows nothing; the first shown one is
     * kept, the start should none last a frame */
    if (run.frames <= 0 && runs->len > 0)
      continue;
    if (runs->len > 0 && run.first_frame >= self->frame_count)
      break;
    /* A timecode frame is ratio video frames, and the labels stay: at a
     * whole ratio, frames per day and drop-frame skips scale alike
     * (10:00:00;00 is frame 1078920 at 29.97 DF, 2157840 at 59.94 DF). An
     * edit into a sample shows a later label, past midnight from 23:59:59
     * on. */
    start = prw_timecode_new (self->rate_num, self->rate_den, drop,
                              ((value + into) % per_day) * ratio);
    if (start == NULL)
      return FALSE;
    run.start = *start;
    prw_timecode_free (start);
    g_array_append_val (runs, run);
  }
  prw_media_info_set_timecode_runs (self, (PrwTimecodeRun *) runs->data,
                                    runs->len);
  self->reel_name = g_strdup (tmcd->reel_name);
  self->timecode_track = tmcd;
  return self->start != NULL;
}

/* "track 1: apcn 320x180, 75 frames; track 2: ..." */
static gchar *
list_video_tracks (const PrwQtMovie *movie)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < movie->tracks->len; i++) {
    const PrwQtTrack *track = g_ptr_array_index (movie->tracks, i);
    gchar buf[5];

    if (track->handler != PRW_QT_FOURCC_VIDE)
      continue;
    g_string_append_printf (
        list, "%strack %u: %s %ux%u, %" G_GUINT64_FORMAT " frame%s",
        list->len > 0 ? "; " : "", track->track_id,
        prw_fourcc_to_string (track->format, buf), track->width, track->height,
        track->n_samples, track->n_samples == 1 ? "" : "s");
  }
  return g_string_free (list, FALSE);
}

/* The video track: the one with ID video_track_id, or (0) the only one.
 * Several and no choice is refused, listing them: printing one of them
 * silently would drop the others (a matte, a burn-in, the picture). */
static const PrwQtTrack *
choose_video_track (PrwMediaInfo *self, guint32 video_track_id, GError **error)
{
  const PrwQtTrack *video;
  g_autofree gchar *list = NULL;
  guint n_video;

  video = prw_qt_movie_find_track (self->movie, PRW_QT_FOURCC_VIDE, &n_video);
  if (video == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_NO_VIDEO, "%s: no video track",
                 self->path);
    return NULL;
  }
  if (video_track_id == 0 && n_video == 1)
    return video;
  if (video_track_id != 0) {
    for (guint i = 0; i < self->movie->tracks->len; i++) {
      const PrwQtTrack *track = g_ptr_array_index (self->movie->tracks, i);

      if (track->handler == PRW_QT_FOURCC_VIDE
          && track->track_id == video_track_id)
        return track;
    }
  }
  list = list_video_tracks (self->movie);
  if (video_track_id != 0)
    g_set_error (error, PRW_ERROR, PRW_ERROR_NO_VIDEO,
                 "%s: no video track has ID %u (%s)", self->path,
                 video_track_id, list);
  else
    g_set_error (error, PRW_ERROR, PRW_ERROR_NO_VIDEO,
                 "%s: %u video tracks (%s); choose one by its track ID",
                 self->path, n_video, list);
  return NULL;
}

PrwMediaInfo *
prw_media_info_new_from_movie (PrwQtMovie *movie, GError **error)
{
  return prw_media_info_new_from_movie_full (movie, 0, error);
}

PrwMediaInfo *
prw_media_info_new_from_movie_full (PrwQtMovie *movie, guint32 video_track_id,
                                    GError **error)
{
  return prw_media_info_new_from_movie_flags (movie, video_track_id,
                                              PRW_MEDIA_INFO_FLAGS_NONE, error);
}

/* A camera original's B-frames: one edit at normal rate from a composition
 * offset, lasting the whole media (within one frame, as writers round it),
 * presents every frame ("QuickTime File Format Specification", Composition
 * Offset Atom and Edit List Atom). */
static gboolean
composition_shift_run (PrwMediaInfo *self, const PrwQtTrack *video)
{
  guint32 movie_ts = self->movie->movie_timescale;
  PrwU128 unit_frame, dur, all;

  if (!video->has_composition_offsets || video->n_edits != 1
      || video->edits_any_empty || video->edit_media_time <= 0
      || video->edit_rate != 0x10000 || movie_ts == 0)
    return FALSE;
  unit_frame = (PrwU128) self->rate_den * movie_ts * video->timescale;
  dur = (PrwU128) video->edit_duration * self->rate_num * video->timescale;
  all = (PrwU128) video->n_samples * unit_frame;
  if (dur + unit_frame <= all || dur >= all + unit_frame)
    return FALSE;
  self->first_sample = 0;
  self->frame_count = (gint64) video->n_samples;
  return TRUE;
}

PrwMediaInfo *
prw_media_info_new_from_movie_flags (PrwQtMovie *movie, guint32 video_track_id,
                                     PrwMediaInfoFlags flags, GError **error)
{
  gboolean any_codec = (flags & PRW_MEDIA_INFO_ANY_CODEC) != 0;
  g_autoptr (PrwMediaInfo) self = NULL;
  const PrwQtTrack *video;
  gchar buf[5];

  g_return_val_if_fail (movie != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PRW_TYPE_MEDIA_INFO, NULL);
  self->movie = movie;
  self->path = g_strdup (movie->path);
  self->file_size = movie->file_size;

  video = choose_video_track (self, video_track_id, error);
  if (video == NULL)
    return NULL;
  self->video_track = video;
  self->codec_fourcc = g_strdup (prw_fourcc_to_string (video->format, buf));
  self->codec_name = prw_prores_flavour_name (video->format);
  if (self->codec_name == NULL && !any_codec) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: video codec '%s' is not ProRes", self->path,
                 self->codec_fourcc);
    return NULL;
  }
  if (video->n_descriptions != 1) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: the video track has %u sample descriptions; expected "
                 "one",
                 self->path, video->n_descriptions);
    return NULL;
  }
  if (video->n_samples == 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_NO_VIDEO,
                 "%s: the video track has no frames", self->path);
    return NULL;
  }
  self->width = video->width;
  self->height = video->height;
  self->colour = g_strdup (video->colour);
  if (!prw_qt_track_pixel_aspect (movie, video, &self->par_n, &self->par_d))
    self->par_n = self->par_d = 0;
  self->has_pasp = video->has_pasp;
  self->pasp_h = video->pasp_h;
  self->pasp_v = video->pasp_v;
  self->fiel_count = video->fiel_count;
  self->fiel_detail = video->fiel_detail;

  if (!video_rate (self, video, error))
    return NULL;
  if (!(any_codec && composition_shift_run (self, video))
      && !video_presented_run (self, video, error))
    return NULL;

  if (!((flags & PRW_MEDIA_INFO_TIMECODE_OPTIONAL)
        && prw_qt_movie_find_track (movie, PRW_QT_FOURCC_TMCD, NULL) == NULL)
      && !read_timecode_map (self, error))
    return NULL;

  for (guint i = 0; i < movie->tracks->len; i++) {
    const PrwQtTrack *track = g_ptr_array_index (movie->tracks, i);

    if (track->handler == PRW_QT_FOURCC_SOUN)
      g_ptr_array_add (self->audio, describe_audio (track));
  }

  return g_steal_pointer (&self);
}

const PrwQtMovie *
prw_media_info_get_movie (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  return self->movie;
}

const PrwQtTrack *
prw_media_info_get_video_track (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  return self->video_track;
}

const PrwQtTrack *
prw_media_info_get_timecode_track (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  return self->timecode_track;
}

gboolean
prw_media_info_get_finish_facts (PrwMediaInfo *self, PrwQtFinishFacts *facts,
                                 GError **error)
{
  const PrwAtom *desc;

  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), FALSE);
  g_return_val_if_fail (self->movie != NULL && self->start != NULL, FALSE);

  desc = &self->video_track->description;
  /* the reader checked it lies inside the stsd; the finish needs its data
   * reference index (bytes 14-15) */
  if (desc->size < 16 || desc->header_size != 8) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: video sample description is malformed", self->path);
    return FALSE;
  }
  memset (facts, 0, sizeof (*facts));
  facts->video_description = self->movie->moov + desc->offset;
  facts->video_description_size = desc->size;
  /* the start as read: at the video's rate, the drop-frame flag as
   * honoured, whatever rate or flag the base's own timecode track has */
  facts->start_frame = (guint32) self->start->frames;
  facts->drop_frame = self->start->drop_frame;
  facts->nominal_fps = prw_timecode_rate_get_nominal_fps (
      self->start->rate_num, self->start->rate_den);
  facts->reel_name = self->reel_name;
  facts->rate_num = self->rate_num;
  facts->rate_den = self->rate_den;
  facts->n_frames = self->frame_count;
  return TRUE;
}

/**
 * prw_media_info_get_path:
 * @self: a #PrwMediaInfo
 *
 * The path given to prw_probe_file(), as it was given (not made absolute).
 *
 * Returns: (type filename) (transfer none): the path the movie was probed at
 *
 * Since: 0.1
 */
const gchar *
prw_media_info_get_path (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  return self->path;
}

/**
 * prw_media_info_get_codec_fourcc:
 * @self: a #PrwMediaInfo
 *
 * The data format of the video track's one sample description (its 'stsd'
 * entry): "apco", "apcs", "apcn", "apch", "ap4h" or "ap4x" for a probed
 * movie.
 *
 * Returns: (transfer none): the video sample description's four-character
 *   code, such as "apch"
 *
 * Since: 0.1
 */
const gchar *
prw_media_info_get_codec_fourcc (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  return self->codec_fourcc;
}

/**
 * prw_media_info_get_codec_name:
 * @self: a #PrwMediaInfo
 *
 * The name of the ProRes flavour that prw_media_info_get_codec_fourcc()
 * names.
 *
 * Returns: (transfer none) (nullable): the ProRes flavour, such as
 *   "ProRes 422 HQ"; %NULL only for a test info whose code is not ProRes
 *
 * Since: 0.1
 */
const gchar *
prw_media_info_get_codec_name (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  return self->codec_name;
}

/**
 * prw_media_info_get_width:
 * @self: a #PrwMediaInfo
 *
 * The width field of the video track's sample description ('stsd').
 *
 * Returns: the coded width in pixels, from the video sample description
 *
 * Since: 0.1
 */
guint
prw_media_info_get_width (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), 0);
  return self->width;
}

/**
 * prw_media_info_get_height:
 * @self: a #PrwMediaInfo
 *
 * The height field of the video track's sample description ('stsd').
 *
 * Returns: the coded height in pixels, from the video sample description
 *
 * Since: 0.1
 */
guint
prw_media_info_get_height (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), 0);
  return self->height;
}

/**
 * prw_media_info_get_rate_num:
 * @self: a #PrwMediaInfo
 *
 * The exact frame rate is rate_num / rate_den in lowest terms (24000/1001
 * for 23.976): the time scale of the video's media header ('mdhd') over
 * its one frame duration (the time-to-sample table, 'stts'). A probed
 * movie's rate is always supported (prw_timecode_rate_is_supported()).
 *
 * Returns: the numerator of the exact frame rate, in frames per second
 *
 * Since: 0.1
 */
guint
prw_media_info_get_rate_num (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), 0);
  return self->rate_num;
}

/**
 * prw_media_info_get_rate_den:
 * @self: a #PrwMediaInfo
 *
 * The denominator of the exact frame rate; see
 * prw_media_info_get_rate_num().
 *
 * Returns: the denominator of the exact frame rate (see
 *   prw_media_info_get_rate_num())
 *
 * Since: 0.1
 */
guint
prw_media_info_get_rate_den (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), 0);
  return self->rate_den;
}

/**
 * prw_media_info_get_frame_count:
 * @self: a #PrwMediaInfo
 *
 * The number of frames the video track presents: its samples (its sample
 * size table, 'stsz'; one sample is one frame), or, since 0.2, the run of
 * them its one edit (edts/elst) shows when it trims the head or the tail.
 * At least 1 for a probed movie.
 *
 * Returns: the number of video frames (samples) in the movie
 *
 * Since: 0.1
 */
gint64
prw_media_info_get_frame_count (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), 0);
  return self->frame_count;
}

/**
 * prw_media_info_get_start_timecode:
 * @self: a #PrwMediaInfo
 *
 * The timecode of the movie's first frame, at the video's frame rate: the
 * frame number in the timecode track's first sample, with the drop-frame
 * flag of its 'tmcd' sample description. Where the track's edit list
 * starts later in its media, the sample the edit starts in, plus the
 * timecode frames from that sample's start to the edit's (since 0.4 in
 * any sample; only in the first before).
 *
 * A timecode track may count at its own rate, a whole fraction of the
 * video's (its description's time scale over its frame duration, with
 * that rate's labels per second: 29.97 DF on 59.94 fps video, one
 * timecode frame per two video frames). Its frame number is then
 * multiplied by the number of video frames per timecode frame, which keeps
 * the labels: 10:00:00;00 at 29.97 DF is 10:00:00;00 at 59.94 DF. Since
 * 0.2; such movies were refused before. A drop-frame flag at a rate that
 * has no drop frame is read as non-drop, with a warning
 * (prw_media_info_get_warnings()); since 0.2, such movies were refused
 * before.
 *
 * The return type is const since 0.2 (the object is immutable); it was
 * #PrwTimecode * in 0.1.
 *
 * Returns: (transfer none) (nullable): the start timecode; never %NULL for a
 *   probed movie
 *
 * Since: 0.1
 */
const PrwTimecode *
prw_media_info_get_start_timecode (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  return self->start;
}

/**
 * prw_media_info_get_n_timecode_runs:
 * @self: a #PrwMediaInfo
 *
 * The timecode map: the labels the movie's timecode track shows, as runs
 * of video frames whose labels follow one another. A 'tmcd' track may hold
 * several samples ("QuickTime File Format Specification", Timecode Media:
 * each sample is the frame number of its first frame, and lasts its
 * duration in the time-to-sample table, 'stts'); a camera or deck that
 * restarts its count (a break: 01:00:00:00 for 25 frames, then
 * 02:00:00:00) writes a new sample there. Each sample starts a run at the
 * video frame its media time falls on, counted in whole frames of the
 * timecode track's own description (its time scale over its frame
 * duration, to the nearest frame), each the whole number of video frames
 * the two rates give, after the track's edit list; a run whose first
 * label continues the previous run's last is merged into it. The runs cover
 * every frame: the first starts at frame 0 with
 * prw_media_info_get_start_timecode(), the last ends at
 * prw_media_info_get_frame_count() (it lasts to the last frame even when
 * the timecode track ends sooner). Within a run, labels count one per
 * video frame and wrap at midnight.
 *
 * There are no errors here: a movie whose timecode samples cannot be read
 * as such a map is refused by prw_probe_file() (%PRW_ERROR_CORRUPT for a
 * sample shorter than 4 bytes or a frame number beyond a day).
 *
 * Returns: the number of runs: 1 for a timecode that never breaks; 0 only
 *   for a test info without a timecode
 *
 * Since: 0.4
 */
guint
prw_media_info_get_n_timecode_runs (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), 0);
  return self->tc_runs->len;
}

/**
 * prw_media_info_get_timecode_run_first_frame:
 * @self: a #PrwMediaInfo
 * @index: a run, from 0, less than prw_media_info_get_n_timecode_runs()
 *
 * Where a run of the timecode map (see
 * prw_media_info_get_n_timecode_runs()) starts.
 *
 * Returns: the run's first video frame (0 for the first run), counted
 *   from the movie's first presented frame
 *
 * Since: 0.4
 */
gint64
prw_media_info_get_timecode_run_first_frame (PrwMediaInfo *self, guint index)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), 0);
  g_return_val_if_fail (index < self->tc_runs->len, 0);
  return g_array_index (self->tc_runs, PrwTimecodeRun, index).first_frame;
}

/**
 * prw_media_info_get_timecode_run_frames:
 * @self: a #PrwMediaInfo
 * @index: a run, from 0, less than prw_media_info_get_n_timecode_runs()
 *
 * How long a run of the timecode map lasts (see
 * prw_media_info_get_n_timecode_runs()).
 *
 * Returns: the run's number of video frames, at least 1 in a probed movie
 *
 * Since: 0.4
 */
gint64
prw_media_info_get_timecode_run_frames (PrwMediaInfo *self, guint index)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), 0);
  g_return_val_if_fail (index < self->tc_runs->len, 0);
  return g_array_index (self->tc_runs, PrwTimecodeRun, index).frames;
}

/**
 * prw_media_info_get_timecode_run_start:
 * @self: a #PrwMediaInfo
 * @index: a run, from 0, less than prw_media_info_get_n_timecode_runs()
 *
 * The label of a run's first frame (see
 * prw_media_info_get_n_timecode_runs()): the frame number its 'tmcd'
 * sample holds, at the video's rate and with the drop-frame flag of the
 * track's description, as prw_media_info_get_start_timecode() reads the
 * first one.
 *
 * Returns: (transfer none): the timecode of the run's first frame, owned
 *   by @self
 *
 * Since: 0.4
 */
const PrwTimecode *
prw_media_info_get_timecode_run_start (PrwMediaInfo *self, guint index)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  g_return_val_if_fail (index < self->tc_runs->len, NULL);
  return &g_array_index (self->tc_runs, PrwTimecodeRun, index).start;
}

/**
 * prw_media_info_get_timecode_at:
 * @self: a #PrwMediaInfo
 * @frame: a video frame, from 0 (the first presented frame)
 *
 * The timecode the movie shows at @frame: its run's start (see
 * prw_media_info_get_n_timecode_runs()) plus the frames since, wrapping at
 * midnight.
 *
 * Returns: (transfer full) (nullable): the timecode of @frame, at the
 *   video's rate; %NULL when @frame is negative or not before
 *   prw_media_info_get_frame_count(), or the info has no timecode
 *
 * Since: 0.4
 */
PrwTimecode *
prw_media_info_get_timecode_at (PrwMediaInfo *self, gint64 frame)
{
  const PrwTimecodeRun *run;
  gint64 label;

  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  if (frame < 0 || frame >= self->frame_count)
    return NULL;
  label = prw_media_info_get_label_at (self, frame);
  run = find_timecode_run (self, frame);
  if (label < 0 || run == NULL)
    return NULL;
  return prw_timecode_new (run->start.rate_num, run->start.rate_den,
                           run->start.drop_frame, label);
}

/**
 * prw_media_info_get_reel_name:
 * @self: a #PrwMediaInfo
 *
 * The reel (tape) name: the 'name' atom inside the timecode track's 'tmcd'
 * sample description, in UTF-8 (invalid bytes replaced).
 *
 * Returns: (transfer none) (nullable): the reel (tape) name stored with the
 *   timecode track, or %NULL if it has none
 *
 * Since: 0.1
 */
const gchar *
prw_media_info_get_reel_name (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  return self->reel_name;
}

/**
 * prw_media_info_get_colour:
 * @self: a #PrwMediaInfo
 *
 * The video's 'colr' description: "nclc P-T-M" (primaries, transfer
 * function and matrix codes), "nclx P-T-M" with " full" appended for full
 * range, or the colour type's code for other kinds.
 *
 * Returns: (transfer none) (nullable): the colour description, or %NULL if
 *   the movie has none
 *
 * Since: 0.1
 */
const gchar *
prw_media_info_get_colour (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  return self->colour;
}

/**
 * prw_media_info_get_n_audio_tracks:
 * @self: a #PrwMediaInfo
 *
 * The number of tracks whose handler ('hdlr') is 'soun'. A print copies
 * them from the base as they are.
 *
 * Returns: the number of sound tracks
 *
 * Since: 0.1
 */
guint
prw_media_info_get_n_audio_tracks (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), 0);
  return self->audio->len;
}

/**
 * prw_media_info_get_audio_description:
 * @self: a #PrwMediaInfo
 * @index: a sound track, from 0, in file order
 *
 * Describes a sound track from its sound sample description ('stsd'): the
 * data format, the channel count and the sample rate in Hz (versions 0, 1
 * and 2 of the description are read).
 *
 * Returns: (transfer none): the sound track's format, channels and sample
 *   rate, such as "lpcm 2 ch 48000 Hz" or "sowt 2 ch 48000 Hz"
 *
 * Since: 0.1
 */
const gchar *
prw_media_info_get_audio_description (PrwMediaInfo *self, guint index)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  g_return_val_if_fail (index < self->audio->len, NULL);
  return g_ptr_array_index (self->audio, index);
}

/**
 * prw_media_info_get_warnings:
 * @self: a #PrwMediaInfo
 *
 * What the probe read but found worth telling, one line each, each naming
 * the file as prw_media_info_get_path() gives it ("PATH: reason"). A
 * warning means the movie was read in a way the reader chose where the
 * file says something that cannot be so, for example a timecode track
 * marked drop frame at a rate that has no drop frame (only 29.97, 59.94 and
 * 119.88 fps have it; see prw_timecode_rate_is_supported()), which is read
 * as non-drop. A plan made with the movie repeats its warnings
 * (prw_plan_get_warnings()).
 *
 * Returns: (transfer none) (array zero-terminated=1): the warnings, empty
 *   when there are none; never %NULL for a #PrwMediaInfo
 *
 * Since: 0.2
 */
const gchar *const *
prw_media_info_get_warnings (PrwMediaInfo *self)
{
  static const gchar *const none[] = { NULL };

  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), NULL);
  if (self->warnings->len == 0)
    return none;
  return (const gchar *const *) self->warnings->pdata;
}

/**
 * prw_media_info_get_file_size:
 * @self: a #PrwMediaInfo
 *
 * The file's size when it was probed. A print refuses an input whose size
 * (or identity or modification time) has changed since
 * (%PRW_ERROR_CHANGED).
 *
 * Returns: the movie's size in bytes when it was probed
 *
 * Since: 0.1
 */
guint64
prw_media_info_get_file_size (PrwMediaInfo *self)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), 0);
  return self->file_size;
}

gboolean
prw_media_info_check_file (PrwMediaInfo *self, int fd, GError **error)
{
  const PrwQtMovie *movie = self->movie;
  PrwFileIdentity was, now;
  const gchar *why;
  struct stat st;
  int r;

  if (!movie || !movie->have_identity)
    return TRUE;

  r = fd >= 0 ? fstat (fd, &st) : stat (self->path, &st);
  if (r < 0) {
    int saved_errno = errno;

    g_set_error (error, PRW_ERROR, PRW_ERROR_CHANGED, "%s: %s", self->path,
                 saved_errno == ENOENT ? "removed since it was read"
                                       : g_strerror (saved_errno));
    return FALSE;
  }
  was.dev = movie->file_dev;
  was.ino = movie->file_ino;
  was.size = movie->file_size;
  was.mtime_ns = movie->file_mtime_ns;
  was.ctime_ns = -1; /* not noted: the rest decides */
  prw_file_identity_from_stat (&now, &st);
  if ((why = prw_file_identity_compare (&was, &now))) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CHANGED,
                 "%s: changed since it was read (%s)", self->path, why);
    return FALSE;
  }
  return TRUE;
}

/* ---- colour descriptions (private) ------------------------------------- */

/* Whether colour (a 'colr' description, prw_media_info_get_colour()) is
 * that of SDR video, which a movie without one is taken to be: primaries
 * BT.709, BT.601 (625 or 525 lines), SMPTE 240M or unspecified, with the
 * BT.709 transfer function (or one of its equals: BT.601, BT.2020's) or an
 * unspecified one (the codes of ISO/IEC 23091-2). */
static gboolean
colour_is_sdr_video (const gchar *colour)
{
  guint primaries, transfer, matrix;

  if (colour == NULL)
    return TRUE;
  if (sscanf (colour, "ncl%*1[cx] %u-%u-%u", &primaries, &transfer, &matrix)
      != 3)
    return FALSE;
  return (primaries == 1 || primaries == 2 || primaries == 5 || primaries == 6
          || primaries == 7)
         && (transfer == 1 || transfer == 2 || transfer == 6 || transfer == 14
             || transfer == 15);
}

gboolean
prw_media_info_colours_agree (const gchar *a, const gchar *b)
{
  if (g_strcmp0 (a, b) == 0)
    return TRUE;
  if (a == NULL)
    return colour_is_sdr_video (b);
  if (b == NULL)
    return colour_is_sdr_video (a);
  return FALSE;
}

/* ---- pixel aspect and fields ------------------------------------------ */

/**
 * prw_field_order_to_string:
 * @order: a #PrwFieldOrder
 *
 * The field order's name for scripts, as `proreswriter probe --json`
 * prints it ("field_order"): "progressive", "top-field-first",
 * "bottom-field-first", "bottom-field-first-top-stored-first",
 * "top-field-first-bottom-stored-first" or "unknown". It is the value's
 * nick in the #PrwFieldOrder #GEnum type, so bindings that read nicks see
 * the same names.
 *
 * Returns: (transfer none): the field order's name, static; %NULL for a
 *   value that is not a #PrwFieldOrder
 *
 * Since: 0.4
 */
const gchar *
prw_field_order_to_string (PrwFieldOrder order)
{
  const gchar *value = prw_enum_value_nick (PRW_TYPE_FIELD_ORDER, (gint) order);

  g_return_val_if_fail (value != NULL, NULL);
  return value;
}

/**
 * prw_media_info_get_pixel_aspect:
 * @self: a #PrwMediaInfo
 * @par_n: (out) (optional): the horizontal spacing of the pixels
 * @par_d: (out) (optional): their vertical spacing
 *
 * The pixel aspect of the video (the shape of its pixels: 2:1 for a 2x
 * anamorphic picture, shown twice as wide as it is stored), from the
 * 'pasp' extension of its sample description (QuickTime File Format,
 * "Video sample description extensions", "Pixel aspect ratio": hSpacing
 * and vSpacing, the pixel aspect being hSpacing:vSpacing), in lowest
 * terms. A movie without 'pasp' (or with a zero term in it, which is no
 * ratio: prw_media_info_get_pasp() gives it as written) has square
 * pixels, as QuickTime shows it: @par_n and @par_d are then 1 and 1, and
 * the function says so by returning %FALSE. FFmpeg and GStreamer's qtmux
 * write a 'pasp' into every ProRes movie.
 *
 * A print tags every output frame with the base's pixel aspect, and warns
 * for a segment whose pixel aspect differs (see #PrwPlan).
 *
 * Returns: %TRUE if the movie has a 'pasp'; %FALSE if it has none, the
 *   pixel aspect then being 1:1
 *
 * Since: 0.4
 */
gboolean
prw_media_info_get_pixel_aspect (PrwMediaInfo *self, guint *par_n, guint *par_d)
{
  gboolean have;

  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), FALSE);

  have = self->par_n != 0 && self->par_d != 0;
  if (par_n != NULL)
    *par_n = have ? self->par_n : 1;
  if (par_d != NULL)
    *par_d = have ? self->par_d : 1;
  return have;
}

/**
 * prw_media_info_get_pasp:
 * @self: a #PrwMediaInfo
 * @h_spacing: (out) (optional): the 'pasp' hSpacing, as written
 * @v_spacing: (out) (optional): its vSpacing, as written
 *
 * The two numbers of the 'pasp' extension of the video's sample
 * description as written, not in lowest terms (QuickTime File Format,
 * "Video sample description extensions", "Pixel aspect ratio": hSpacing
 * and vSpacing, unsigned 32-bit integers: the horizontal and vertical
 * spacing of the pixels, in units left unspecified because only their
 * ratio matters). A spacing of 0 is no ratio: such a 'pasp' is
 * invalid, and prw_media_info_get_pixel_aspect() reads it as 1:1, as it
 * reads a movie without one. Only the first 'pasp' of the description
 * counts, and one shorter than the two numbers is none.
 *
 * Returns: %TRUE if the sample description has a 'pasp', valid or not;
 *   %FALSE if it has none, @h_spacing and @v_spacing then being 0
 *
 * Since: 0.4
 */
gboolean
prw_media_info_get_pasp (PrwMediaInfo *self, guint *h_spacing, guint *v_spacing)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), FALSE);

  if (h_spacing != NULL)
    *h_spacing = self->has_pasp ? self->pasp_h : 0;
  if (v_spacing != NULL)
    *v_spacing = self->has_pasp ? self->pasp_v : 0;
  return self->has_pasp;
}

/**
 * prw_media_info_get_fields:
 * @self: a #PrwMediaInfo
 * @count: (out) (optional): the field count: 1 (progressive) or 2
 *   (interlaced)
 * @detail: (out) (optional): the field ordering: 0 for one field; for two,
 *   1 (top field displayed first and stored first), 6 (bottom, bottom), 9
 *   (bottom displayed first, top stored first) or 14 (top displayed first,
 *   bottom stored first)
 *
 * The field description of the video, the two numbers of the 'fiel'
 * extension of its sample description as written (QuickTime File Format,
 * "Video sample description extensions", "Field handling"). A movie
 * without 'fiel' (or with a field count of 0) is progressive: @count and
 * @detail are then 1 and 0, and the function says so by returning %FALSE.
 * FFmpeg and GStreamer's qtmux write a 'fiel' into every ProRes movie.
 * prw_media_info_get_field_order() gives the same as a #PrwFieldOrder.
 *
 * A print tags every output frame with the base's field description, and
 * warns for a segment whose fields differ (see #PrwPlan).
 *
 * Returns: %TRUE if the movie has a 'fiel'; %FALSE if it has none, the
 *   video then being progressive
 *
 * Since: 0.4
 */
gboolean
prw_media_info_get_fields (PrwMediaInfo *self, guint *count, guint *detail)
{
  gboolean have;

  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), FALSE);

  have = self->fiel_count != 0;
  if (count != NULL)
    *count = have ? self->fiel_count : 1;
  if (detail != NULL)
    *detail = have ? self->fiel_detail : 0;
  return have;
}

/* The field orderings of two fields the QuickTime File Format defines
 * ("Field handling"), by their 'fiel' code: the one table of them. */
static const struct {
  guint detail;
  PrwFieldOrder order;
  const gchar *name; /* for people */
} field_orderings[] = {
  { 1, PRW_FIELD_ORDER_TOP_FIELD_FIRST, "top field first" },
  { 6, PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST, "bottom field first" },
  { 9, PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST_TOP_STORED_FIRST,
    "bottom field first, top field stored first" },
  { 14, PRW_FIELD_ORDER_TOP_FIELD_FIRST_BOTTOM_STORED_FIRST,
    "top field first, bottom field stored first" },
};

/**
 * prw_media_info_get_field_order:
 * @self: a #PrwMediaInfo
 *
 * The field description of the video (prw_media_info_get_fields()) as a
 * #PrwFieldOrder: progressive for a 'fiel' with one field, and for a
 * movie without 'fiel'; for two fields, their ordering; unknown for a
 * 'fiel' the QuickTime File Format does not define.
 *
 * Returns: the field order
 *
 * Since: 0.4
 */
PrwFieldOrder
prw_media_info_get_field_order (PrwMediaInfo *self)
{
  guint count = 1, detail = 0;

  g_return_val_if_fail (PRW_IS_MEDIA_INFO (self), PRW_FIELD_ORDER_UNKNOWN);

  prw_media_info_get_fields (self, &count, &detail);
  if (count == 1)
    return PRW_FIELD_ORDER_PROGRESSIVE;
  if (count != 2)
    return PRW_FIELD_ORDER_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (field_orderings); i++)
    if (field_orderings[i].detail == detail)
      return field_orderings[i].order;
  return PRW_FIELD_ORDER_UNKNOWN;
}

/* ---- pixel aspect and fields for people and for the plan (private) ----- */

gchar *
prw_media_info_describe_pixel_aspect (PrwMediaInfo *self)
{
  guint h = 1, v = 1;

  if (prw_media_info_get_pixel_aspect (self, &h, &v))
    return g_strdup_printf ("%u:%u", h, v);
  /* a spacing of 0 is no ratio: said as written, and read as 1:1 */
  if (prw_media_info_get_pasp (self, &h, &v))
    return g_strdup_printf ("%u:%u (invalid pasp, read as 1:1)", h, v);
  return g_strdup ("1:1 (no pasp)");
}

/* The field ordering of two fields, for people; NULL for a value the
 * QuickTime File Format does not define. */
static const gchar *
field_ordering_name (guint detail)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_orderings); i++)
    if (field_orderings[i].detail == detail)
      return field_orderings[i].name;
  return NULL;
}

gchar *
prw_media_info_describe_fields (PrwMediaInfo *self)
{
  guint count = 1, detail = 0;
  const gchar *ordering;

  if (!prw_media_info_get_fields (self, &count, &detail))
    return g_strdup ("progressive (no fiel)");
  if (count == 1)
    return g_strdup_printf ("progressive (fiel 1 %u)", detail);
  if (count != 2)
    return g_strdup_printf ("an unknown field count (fiel %u %u)", count,
                            detail);
  ordering = field_ordering_name (detail);
  return g_strdup_printf ("interlaced, %s (fiel 2 %u)",
                          ordering != NULL ? ordering : "field order unknown",
                          detail);
}

gboolean
prw_media_info_pixel_aspects_agree (PrwMediaInfo *a, PrwMediaInfo *b)
{
  guint ah = 1, av = 1, bh = 1, bv = 1;

  prw_media_info_get_pixel_aspect (a, &ah, &av);
  prw_media_info_get_pixel_aspect (b, &bh, &bv);
  return ah == bh && av == bv;
}

gboolean
prw_media_info_fields_agree (PrwMediaInfo *a, PrwMediaInfo *b)
{
  guint ac = 1, ad = 0, bc = 1, bd = 0;

  prw_media_info_get_fields (a, &ac, &ad);
  prw_media_info_get_fields (b, &bc, &bd);
  if (ac != bc)
    return FALSE;
  return ac == 1 || ad == bd;
}
