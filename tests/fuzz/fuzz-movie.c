/* Fuzz harness: the bytes are a movie file. They go through what the probe
 * does (the QuickTime reader, then PrwMediaInfo: track lookup, sample
 * tables, tmcd start and reel, rate) and, for a movie the probe accepts,
 * on through its getters, its timecodes and a plan that prints the movie
 * over itself. Beyond the sanitizers' checks, the harness checks what must
 * hold for any accepted movie. */
#include <string.h>

#include "prw-fuzz.h"
#include "prw-media-info-private.h"

typedef struct {
  const guint8 *data;
  gsize size;
} Bytes;

static gboolean
bytes_read (gpointer user_data, guint64 offset, guint8 *buf, gsize size,
            GError **error)
{
  const Bytes *b = user_data;

  if (offset > b->size || size > b->size - offset) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "truncated file: it ends at offset %" G_GSIZE_FORMAT, b->size);
    return FALSE;
  }
  memcpy (buf, b->data + offset, size);
  return TRUE;
}

/* What holds for every movie the probe accepts. */
static void
check_media_info (PrwMediaInfo *info, gsize size)
{
  const PrwQtTrack *video = prw_media_info_get_video_track (info);
  const PrwTimecode *start = prw_media_info_get_start_timecode (info);
  gint64 frames = prw_media_info_get_frame_count (info);
  g_autoptr (PrwTimecode) last = NULL;
  g_autoptr (PrwTimecode) parsed = NULL;
  g_autofree gchar *label = NULL;
  g_autoptr (GError) error = NULL;

  PRW_FUZZ_CHECK (video != NULL);
  PRW_FUZZ_CHECK (prw_media_info_get_codec_name (info) != NULL);
  PRW_FUZZ_CHECK (prw_media_info_get_file_size (info) == size);
  /* every sample, or the run of them the video's edit list presents */
  PRW_FUZZ_CHECK (frames > 0 && (guint64) frames <= video->n_samples);
  PRW_FUZZ_CHECK (prw_media_info_is_trimmed (info)
                  || (guint64) frames == video->n_samples);
  for (gint64 k = 0; k < frames; k++) {
    const PrwSample *s = prw_media_info_get_frame_sample (info, k);

    PRW_FUZZ_CHECK (
        s != NULL && s >= video->samples
        && s < video->samples + video->n_samples
        && (k == 0 || s == prw_media_info_get_frame_sample (info, k - 1) + 1));
  }
  PRW_FUZZ_CHECK (prw_media_info_get_frame_sample (info, frames) == NULL);
  for (guint64 i = 0; i < video->n_samples; i++)
    PRW_FUZZ_CHECK (video->samples[i].offset <= size
                    && video->samples[i].size
                           <= size - video->samples[i].offset);
  PRW_FUZZ_CHECK (prw_timecode_rate_is_supported (
      prw_media_info_get_rate_num (info), prw_media_info_get_rate_den (info),
      FALSE));
  PRW_FUZZ_CHECK (start != NULL);
  PRW_FUZZ_CHECK (
      prw_timecode_get_frames (start) >= 0
      && prw_timecode_get_frames (start)
             < prw_timecode_rate_get_frames_per_day (
                 start->rate_num, start->rate_den, start->drop_frame));

  /* the label of the first and last frames, and back */
  label = prw_timecode_to_string (start);
  parsed = prw_timecode_new_from_string (
      label, start->rate_num, start->rate_den, start->drop_frame, &error);
  PRW_FUZZ_CHECK (parsed != NULL && prw_timecode_equal (parsed, start));
  last = prw_timecode_add_frames (start, frames - 1);
  PRW_FUZZ_CHECK (last != NULL);
  g_free (prw_timecode_to_string (last));

  /* the timecode map: runs from frame 0 to the last, each start within a
   * day, and the label of each run's first frame is its start */
  {
    gint64 next = 0;

    PRW_FUZZ_CHECK (prw_media_info_get_n_timecode_runs (info) >= 1);
    for (guint r = 0; r < prw_media_info_get_n_timecode_runs (info); r++) {
      const PrwTimecode *run_start
          = prw_media_info_get_timecode_run_start (info, r);
      g_autoptr (PrwTimecode) at = NULL;

      PRW_FUZZ_CHECK (prw_media_info_get_timecode_run_first_frame (info, r)
                      == next);
      PRW_FUZZ_CHECK (prw_media_info_get_timecode_run_frames (info, r) > 0);
      PRW_FUZZ_CHECK (run_start->frames >= 0
                      && run_start->frames
                             < prw_timecode_rate_get_frames_per_day (
                                 run_start->rate_num, run_start->rate_den,
                                 run_start->drop_frame));
      at = prw_media_info_get_timecode_at (info, next);
      PRW_FUZZ_CHECK (at != NULL && prw_timecode_equal (at, run_start));
      next += prw_media_info_get_timecode_run_frames (info, r);
    }
    PRW_FUZZ_CHECK (next == frames);
    PRW_FUZZ_CHECK (prw_timecode_equal (
        start, prw_media_info_get_timecode_run_start (info, 0)));
    PRW_FUZZ_CHECK (prw_media_info_get_timecode_at (info, frames) == NULL);
  }

  (void) prw_media_info_get_reel_name (info);
  (void) prw_media_info_get_colour (info);
  (void) prw_media_info_get_width (info);
  (void) prw_media_info_get_height (info);
  for (guint i = 0; i < prw_media_info_get_n_audio_tracks (info); i++)
    PRW_FUZZ_CHECK (prw_media_info_get_audio_description (info, i) != NULL);
}

/* Whether some label occurs twice in the movie's timecode map (a run
 * longer than a day, or two runs whose labels overlap modulo a day) */
static gboolean
labels_repeat (PrwMediaInfo *info)
{
  guint n = prw_media_info_get_n_timecode_runs (info);
  const PrwTimecode *start = prw_media_info_get_start_timecode (info);
  gint64 day = prw_timecode_rate_get_frames_per_day (
      start->rate_num, start->rate_den, start->drop_frame);

  for (guint i = 0; i < n; i++) {
    gint64 a = prw_media_info_get_timecode_run_start (info, i)->frames;
    gint64 na = prw_media_info_get_timecode_run_frames (info, i);

    if (na > day)
      return TRUE;
    for (guint j = i + 1; j < n; j++) {
      gint64 b = prw_media_info_get_timecode_run_start (info, j)->frames;
      gint64 nb = prw_media_info_get_timecode_run_frames (info, j);

      /* b within [a, a + na) or a within [b, b + nb), modulo a day */
      if (((b - a) % day + day) % day < na || ((a - b) % day + day) % day < nb)
        return TRUE;
    }
  }
  return FALSE;
}

/* The movie printed over itself: one segment at record frame 0 that owns
 * every frame; refused as ambiguous when the movie shows a timecode
 * twice. */
static void
check_plan (PrwMediaInfo *info)
{
  g_autoptr (PrwSegment) segment = prw_segment_new (info);
  g_autoptr (PrwPlan) plan = prw_plan_new (info);
  g_autoptr (GError) error = NULL;
  gint64 covered = 0;

  if (labels_repeat (info)) {
    PRW_FUZZ_CHECK (!prw_plan_add_segment (plan, segment, &error));
    PRW_FUZZ_CHECK (error != NULL && error->domain == PRW_ERROR
                    && error->code == PRW_ERROR_OUTSIDE_BASE);
    return;
  }
  PRW_FUZZ_CHECK (prw_plan_add_segment (plan, segment, &error));
  PRW_FUZZ_CHECK (prw_plan_get_segment_record_in (plan, 0) == 0);
  PRW_FUZZ_CHECK (prw_plan_get_segment_n_pieces (plan, 0) == 1);
  if (!prw_plan_seal (plan, &error)) {
    /* only a base the print cannot keep as it is: trimmed by its video
     * edit list, or with a sound track that cannot be copied */
    PRW_FUZZ_CHECK (prw_media_info_is_trimmed (info)
                    || prw_media_info_get_n_audio_tracks (info) > 0);
    PRW_FUZZ_CHECK (error != NULL && error->domain == PRW_ERROR
                    && error->code == PRW_ERROR_UNSUPPORTED
                    && !prw_plan_is_sealed (plan));
    return;
  }
  for (guint i = 0; i < prw_plan_get_n_ranges (plan); i++) {
    const PrwRange *range = prw_plan_get_range (plan, i);

    PRW_FUZZ_CHECK (range->record_in == covered && range->frames > 0);
    PRW_FUZZ_CHECK (range->source == 0 && range->source_in == covered);
    covered += range->frames;
  }
  PRW_FUZZ_CHECK (covered == prw_media_info_get_frame_count (info));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  Bytes bytes = { data, size };
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) info = NULL;
  PrwQtMovie *movie;
  guint n_video = 0;
  guint32 video_id = 0;

  movie = prw_qt_movie_parse ("fuzz.mov", size, bytes_read, &bytes, &error);
  if (movie == NULL) {
    PRW_FUZZ_CHECK (error != NULL && error->domain == PRW_ERROR);
    return 0;
  }
  PRW_FUZZ_CHECK (error == NULL);
  /* several video tracks are refused without a choice: the last one is
   * chosen, so that the choice is fuzzed too (the refusal is tested in
   * test-probe) */
  for (guint i = 0; i < movie->tracks->len; i++) {
    const PrwQtTrack *track = g_ptr_array_index (movie->tracks, i);

    if (track->handler == PRW_QT_FOURCC_VIDE) {
      n_video++;
      video_id = track->track_id;
    }
  }
  info = prw_media_info_new_from_movie_full (movie, n_video > 1 ? video_id : 0,
                                             &error);
  if (info == NULL) {
    PRW_FUZZ_CHECK (error != NULL && error->domain == PRW_ERROR);
    PRW_FUZZ_CHECK (g_str_has_prefix (error->message, "fuzz.mov: "));
    return 0;
  }
  check_media_info (info, size);
  check_plan (info);
  return 0;
}
