/* libproreswriter: prwblanksrc, the blank rush as a virtual base
 *
 * The element alone in a GstHarness: its caps, each frame's timestamps
 * (from the index and the rational rate, never a sum), its offsets, the
 * cells it asks for each frame, the timecode meta, EOS after the last
 * frame. Frames are made by avenc_prores_ks through PrwBlankFrames.
 */

#include <string.h>

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#include <proreswriter/proreswriter.h>

#include "render/prw-blank-src.h"

typedef struct {
  guint calls;
  gint64 last;
} CellsLog;

/* frame 3 shows one cell (keyed "three"); the others none */
static guint
cells_for (gint64 n, PrwBlankCell *cells, guint max, gpointer user_data)
{
  CellsLog *log = user_data;

  fail_unless (max >= 1);
  fail_unless (log->calls == 0 || n == log->last + 1, "frames out of order");
  log->calls++;
  log->last = n;
  if (n != 3)
    return 0;
  memset (&cells[0], 0, sizeof cells[0]);
  cells[0].x = 0;
  cells[0].y = 0;
  cells[0].width = 128;
  cells[0].height = 16;
  g_strlcpy (cells[0].key, "three", sizeof cells[0].key);
  return 1;
}

static void
draw_white (guint index, const PrwBlankCell *cell, guint8 *argb32, gint stride,
            gpointer user_data)
{
  for (guint y = 0; y < cell->height; y++)
    memset (argb32 + (gsize) y * stride, 0xff, cell->width * 4);
}

static gboolean
same_bytes (GstBuffer *a, GstBuffer *b)
{
  GstMapInfo ma, mb;
  gboolean same;

  gst_buffer_map (a, &ma, GST_MAP_READ);
  gst_buffer_map (b, &mb, GST_MAP_READ);
  same = ma.size == mb.size && memcmp (ma.data, mb.data, ma.size) == 0;
  gst_buffer_unmap (a, &ma);
  gst_buffer_unmap (b, &mb);
  return same;
}

GST_START_TEST (test_frames)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwBlankFrames) frames = prw_blank_frames_new (
      "avenc_prores_ks", PRW_PRORES_PROFILE_422_HQ, 256, 64, NULL, &error);
  g_autoptr (PrwTimecode) start = NULL;
  CellsLog log = { 0 };
  GstHarness *h;
  GstElement *src;
  GstCaps *caps;
  const GstStructure *s;
  GstEvent *event;
  gint num = 0, den = 0, w = 0, hh = 0;

  fail_unless (frames != NULL, "%s", error ? error->message : "?");
  start
      = prw_timecode_new_from_string ("00:59:59;28", 30000, 1001, TRUE, &error);
  fail_unless (start != NULL);

  h = gst_harness_new_with_padnames ("prwblanksrc", NULL, "src");
  src = h->element;
  prw_blank_src_configure (PRW_BLANK_SRC (src), frames, "hq", 256, 64, 30000,
                           1001, 7, start, cells_for, draw_white, &log);
  gst_harness_play (h);

  for (gint64 n = 0; n < 7; n++) {
    GstBuffer *buf = gst_harness_pull (h);
    GstClockTime pts = gst_util_uint64_scale (n, GST_SECOND * 1001, 30000);
    GstClockTime next = gst_util_uint64_scale (n + 1, GST_SECOND * 1001, 30000);
    GstVideoTimeCodeMeta *meta;

    fail_unless (buf != NULL);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), pts);
    fail_unless_equals_uint64 (GST_BUFFER_DTS (buf), pts);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (buf), next - pts);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), n);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET_END (buf), n + 1);
    /* the black frame's bytes, but for frame 3's cell */
    if (n == 3)
      fail_if (same_bytes (buf, prw_blank_frames_get_black (frames)));
    else
      fail_unless (same_bytes (buf, prw_blank_frames_get_black (frames)));
    meta = gst_buffer_get_video_time_code_meta (buf);
    if (n == 0) {
      fail_unless (meta != NULL);
      fail_unless_equals_int (meta->tc.hours, 0);
      fail_unless_equals_int (meta->tc.minutes, 59);
      fail_unless_equals_int (meta->tc.seconds, 59);
      fail_unless_equals_int (meta->tc.frames, 28);
      fail_unless (meta->tc.config.flags
                   & GST_VIDEO_TIME_CODE_FLAGS_DROP_FRAME);
    } else {
      fail_unless (meta == NULL);
    }
    gst_buffer_unref (buf);
  }
  fail_unless_equals_int (log.calls, 7);
  fail_unless_equals_uint64 (
      prw_blank_src_get_frames_done (PRW_BLANK_SRC (src)), 7);

  caps = gst_pad_get_current_caps (h->sinkpad);
  fail_unless (caps != NULL);
  s = gst_caps_get_structure (caps, 0);
  fail_unless_equals_string (gst_structure_get_name (s), "video/x-prores");
  fail_unless_equals_string (gst_structure_get_string (s, "variant"), "hq");
  fail_unless (gst_structure_get_int (s, "width", &w) && w == 256);
  fail_unless (gst_structure_get_int (s, "height", &hh) && hh == 64);
  fail_unless (gst_structure_get_fraction (s, "framerate", &num, &den));
  fail_unless (num == 30000 && den == 1001);
  gst_caps_unref (caps);

  /* EOS after the last frame, and no frame more */
  for (event = gst_harness_pull_event (h);
       event && GST_EVENT_TYPE (event) != GST_EVENT_EOS;
       event = gst_harness_pull_event (h))
    gst_event_unref (event);
  fail_unless (event != NULL, "no EOS");
  gst_event_unref (event);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  gst_harness_teardown (h);
}
GST_END_TEST;

static Suite *
blank_src_suite (void)
{
  Suite *s = suite_create ("blank-src");
  TCase *tc = tcase_create ("blank-src");

  prw_init ();
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_frames);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (blank_src);
