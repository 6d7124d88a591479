/* Fuzz harness: the bytes are an Avid Log Exchange file. They go through
 * prw_ale_new_from_data() (lines, sections, columns, rows, timecodes,
 * rates, sizes, text encodings) and, for an ALE it accepts, through every
 * clip's getters. Beyond the sanitizers' checks: every error is PRW_ERROR
 * and one line naming the file; every row error names the file and a line;
 * every clip has a name, a supported rate, a start whose label parses back
 * to it, 1 to a day's frames, and its ALE line, in increasing order. */
#include <string.h>

#include "prw-fuzz.h"
#include <proreswriter/proreswriter.h>

#define PATH "fuzz.ale"

static void
check_message (const gchar *message)
{
  PRW_FUZZ_CHECK (g_str_has_prefix (message, PATH ":"));
  PRW_FUZZ_CHECK (strchr (message, '\n') == NULL);
  PRW_FUZZ_CHECK (g_utf8_validate (message, -1, NULL));
}

static void
check_clip (PrwSourceClip *clip, guint *line)
{
  const PrwTimecode *start = prw_source_clip_get_start_timecode (clip);
  gint64 frames = prw_source_clip_get_frame_count (clip);
  g_autofree gchar *label = NULL;
  g_autoptr (PrwTimecode) back = NULL;
  g_autoptr (PrwTimecode) last = NULL;
  const gchar *const *warnings;
  gint64 per_day;

  PRW_FUZZ_CHECK (prw_source_clip_get_clip_name (clip) != NULL
                  && prw_source_clip_get_clip_name (clip)[0] != '\0');
  PRW_FUZZ_CHECK (start != NULL);
  PRW_FUZZ_CHECK (prw_timecode_rate_is_supported (
      start->rate_num, start->rate_den, start->drop_frame));
  PRW_FUZZ_CHECK (prw_source_clip_get_rate_num (clip) == start->rate_num
                  && prw_source_clip_get_rate_den (clip) == start->rate_den);
  PRW_FUZZ_CHECK (frames >= 1
                  && frames <= prw_timecode_rate_get_frames_per_day (
                         start->rate_num, start->rate_den, start->drop_frame));
  label = prw_timecode_to_string (start);
  back = prw_timecode_new_from_string (label, start->rate_num, start->rate_den,
                                       start->drop_frame, NULL);
  PRW_FUZZ_CHECK (back != NULL && prw_timecode_equal (back, start));
  last = prw_source_clip_get_last_timecode (clip);
  PRW_FUZZ_CHECK (last != NULL);
  per_day = prw_timecode_rate_get_frames_per_day (
      start->rate_num, start->rate_den, start->drop_frame);
  PRW_FUZZ_CHECK (((last->frames - start->frames) % per_day + per_day) % per_day
                  == (frames - 1) % per_day);
  PRW_FUZZ_CHECK ((prw_source_clip_get_width (clip) == 0)
                  == (prw_source_clip_get_height (clip) == 0));
  PRW_FUZZ_CHECK (g_strcmp0 (prw_source_clip_get_ale_path (clip), PATH) == 0);
  PRW_FUZZ_CHECK (prw_source_clip_get_ale_line (clip) > *line);
  *line = prw_source_clip_get_ale_line (clip);
  PRW_FUZZ_CHECK (
      prw_source_clip_get_origin (clip, PRW_SOURCE_CLIP_FACT_CLIP_NAME)
      && prw_source_clip_get_origin (clip, PRW_SOURCE_CLIP_FACT_START_TIMECODE)
      && prw_source_clip_get_origin (clip, PRW_SOURCE_CLIP_FACT_FRAME_COUNT)
      && prw_source_clip_get_origin (clip, PRW_SOURCE_CLIP_FACT_RATE));
  PRW_FUZZ_CHECK (
      (prw_source_clip_get_reel (clip) != NULL)
      == (prw_source_clip_get_origin (clip, PRW_SOURCE_CLIP_FACT_REEL)
          != NULL));
  PRW_FUZZ_CHECK (
      g_utf8_validate (prw_source_clip_get_clip_name (clip), -1, NULL));
  warnings = prw_source_clip_get_warnings (clip);
  for (guint i = 0; warnings[i] != NULL; i++)
    check_message (warnings[i]);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) first = NULL;
  g_autoptr (PrwAle) ale = NULL;
  const gchar *const *row_errors;
  GListModel *clips;
  guint line = 0;

  ale = prw_ale_new_from_data (PATH, data, size, &error);
  if (ale == NULL) {
    PRW_FUZZ_CHECK (error != NULL && error->domain == PRW_ERROR);
    check_message (error->message);
    return 0;
  }
  PRW_FUZZ_CHECK (error == NULL);
  (void) prw_ale_get_heading (ale, "FPS");

  clips = prw_ale_get_clips (ale);
  for (guint i = 0; i < g_list_model_get_n_items (clips); i++) {
    g_autoptr (PrwSourceClip) clip = g_list_model_get_item (clips, i);

    check_clip (clip, &line);
  }
  row_errors = prw_ale_get_row_errors (ale);
  for (guint i = 0; row_errors[i] != NULL; i++)
    check_message (row_errors[i]);
  if (row_errors[0] == NULL) {
    PRW_FUZZ_CHECK (prw_ale_check (ale, &first));
  } else {
    PRW_FUZZ_CHECK (!prw_ale_check (ale, &first));
    PRW_FUZZ_CHECK (first->domain == PRW_ERROR
                    && g_str_equal (first->message, row_errors[0]));
  }
  return 0;
}
