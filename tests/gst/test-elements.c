/* libproreswriter: the render elements on their own, in GstHarness
 *
 * prwframeselector: which frame comes out for each base frame, how it is
 * restamped, how a segment is opened, pulled and closed, that frames leave
 * in batches (buffer lists), and what happens when the base ends early or
 * runs long, a segment fails, or the run is flushed or stopped midway.
 *
 * prwcopysink: the bytes it leaves in the output file, byte for byte
 * against the source files, how adjacent input ranges merge into one
 * copy, where "align" leaves its holes and the shift entries that say so,
 * qtmux's seeks back, buffer lists, the read/write fallback, and a stop
 * midway.
 *
 * The inputs are plain files of known bytes this test writes; memories
 * that name their ranges stand for frames (prw-file-memory-private.h). */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "prw-fixture.h"
#include "prw-test-support.h"
#include "render/prw-copy-sink.h"
#include "render/prw-file-memory-private.h"
#include "render/prw-frame-selector.h"
#include "qt/prw-shift-private.h"

static gchar *tmpdir;

/* Byte i of the test file named `seed`: never the same pattern twice. */
static guint8
pattern_byte (guint seed, gsize i)
{
  return (guint8) ((i * 131u + (i >> 9) * 7u + seed * 29u) & 0xff);
}

static gchar *
make_file (const gchar *name, guint seed, gsize size)
{
  gchar *path = g_build_filename (tmpdir, name, NULL);
  guint8 *data = g_malloc (size);
  GError *error = NULL;

  for (gsize i = 0; i < size; i++)
    data[i] = pattern_byte (seed, i);
  fail_unless (g_file_set_contents (path, (const gchar *) data, size, &error),
               "%s", error ? error->message : "");
  g_free (data);
  return path;
}

static PrwSourceFile *
open_source (const gchar *path)
{
  PrwMediaInfo *info
      = prw_media_info_new_for_test (path, "ap4h", 16, 16, 25, 1, 10, NULL);
  GError *error = NULL;
  PrwSourceFile *file = prw_source_file_open (info, &error);

  fail_unless (file != NULL, "%s", error ? error->message : "");
  g_object_unref (info);
  return file;
}

static GstBuffer *
range_buffer (PrwSourceFile *file, guint64 offset, gsize size, gboolean frame)
{
  GstBuffer *buf = gst_buffer_new ();
  GstMemory *mem = prw_file_memory_new (file, offset, size);

  if (frame)
    prw_file_memory_mark_frame (mem);
  gst_buffer_append_memory (buf, mem);
  return buf;
}

static void
elements_setup (void)
{
  prw_init ();
  tmpdir = prw_fixture_make_tmpdir ("elements");
}

static void
elements_teardown (void)
{
  prw_fixture_rm_rf (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
  g_unsetenv ("PRW_NO_COPY_FILE_RANGE");
}

/* The first error message on bus, or NULL. */
static gchar *
pop_error (GstBus *bus)
{
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  GError *error = NULL;
  gchar *text;

  if (!msg)
    return NULL;
  gst_message_parse_error (msg, &error, NULL);
  text = g_strdup (error->message);
  g_error_free (error);
  gst_message_unref (msg);
  return text;
}

/* ======================================================================
 * prwframeselector
 */

#define FRAME_SIZE 1000
#define N_FRAMES 10

/* A segment source that records what is asked of it. */
typedef struct {
  PrwSourceFile *file; /* the segment's frames: FRAME_SIZE bytes each */
  GString *log;        /* "open 0@5 pull pull close ..." */
  gint64 fail_at;      /* pull fails at this source frame (-1: never) */
} FakeSegments;

struct _PrwFrameSource {
  FakeSegments *segs;
  gint source;
  gint64 next;
};

static PrwFrameSource *
fake_open (gpointer user_data, gint source, gint64 source_in, GError **error)
{
  FakeSegments *segs = user_data;
  PrwFrameSource *src = g_new0 (PrwFrameSource, 1);

  (void) error;
  g_string_append_printf (segs->log, "open %d@%" G_GINT64_FORMAT " ", source,
                          source_in);
  src->segs = segs;
  src->source = source;
  src->next = source_in;
  return src;
}

static GstBuffer *
fake_pull (PrwFrameSource *src, GError **error)
{
  gint64 frame = src->next++;

  g_string_append (src->segs->log, "pull ");
  if (frame == src->segs->fail_at) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                 "seg.mov: has no frame %" G_GINT64_FORMAT, frame);
    return NULL;
  }
  return range_buffer (src->segs->file, (guint64) frame * FRAME_SIZE,
                       FRAME_SIZE, FALSE);
}

static void
fake_close (PrwFrameSource *src)
{
  g_string_append (src->segs->log, "close ");
  g_free (src);
}

static const PrwFrameSourceFuncs fake_funcs
    = { fake_open, fake_pull, fake_close };

typedef struct {
  GstHarness *h;
  GstBus *bus;
  PrwSourceFile *base;
  FakeSegments segs;
  GArray *lists; /* guint: the length of each list the selector pushed */
} Selector;

static GstPadProbeReturn
count_lists (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Selector *s = user_data;
  guint n = 1;

  (void) pad;
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    n = gst_buffer_list_length (GST_PAD_PROBE_INFO_BUFFER_LIST (info));
  g_array_append_val (s->lists, n);
  return GST_PAD_PROBE_OK;
}

/* A selector set up with ranges, between a harness' pads. */
static void
selector_start (Selector *s, const PrwRange *ranges, guint n_ranges)
{
  GstElement *el = gst_element_factory_make ("prwframeselector", NULL);
  g_autofree gchar *base_path = make_file ("base.bin", 1, 64 * 1024);
  g_autofree gchar *seg_path = make_file ("seg.bin", 2, 64 * 1024);
  PrwTimecode *start = prw_timecode_new (25, 1, FALSE, 3600 * 25);
  GstPad *srcpad;

  fail_unless (el != NULL);
  memset (s, 0, sizeof (*s));
  s->base = open_source (base_path);
  s->segs.file = open_source (seg_path);
  s->segs.log = g_string_new (NULL);
  s->segs.fail_at = -1;
  s->lists = g_array_new (FALSE, FALSE, sizeof (guint));
  prw_frame_selector_configure (PRW_FRAME_SELECTOR (el), ranges, n_ranges, 25,
                                1, start, &fake_funcs, &s->segs);
  prw_timecode_free (start);
  s->bus = gst_bus_new ();
  gst_element_set_bus (el, s->bus);
  srcpad = gst_element_get_static_pad (el, "src");
  gst_pad_add_probe (srcpad,
                     GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     count_lists, s, NULL);
  gst_object_unref (srcpad);
  s->h = gst_harness_new_with_element (el, "sink", "src");
  gst_object_unref (el);
  gst_harness_set_src_caps_str (s->h, "video/x-prores");
}

/* Pushes base frame i, stamped with a time of its own that the selector
 * must replace. */
static GstFlowReturn
selector_push_base (Selector *s, guint i)
{
  GstBuffer *buf
      = range_buffer (s->base, (guint64) i * FRAME_SIZE, FRAME_SIZE, FALSE);

  GST_BUFFER_PTS (buf) = 7 * GST_SECOND + i * 33 * GST_MSECOND;
  GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
  return gst_harness_push (s->h, buf);
}

static void
selector_stop (Selector *s)
{
  if (s->h)
    gst_harness_teardown (s->h);
  gst_bus_set_flushing (s->bus, TRUE);
  gst_object_unref (s->bus);
  prw_source_file_unref (s->base);
  prw_source_file_unref (s->segs.file);
  g_string_free (s->segs.log, TRUE);
  g_array_unref (s->lists);
}

/* Checks that buf is record frame i, made of bytes [offset, +FRAME_SIZE)
 * of file. */
static void
assert_frame (GstBuffer *buf, guint i, PrwSourceFile *file, guint64 offset)
{
  GstMemory *mem;
  PrwSourceFile *got_file;
  guint64 got_offset;

  fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), i * 40 * GST_MSECOND);
  fail_unless_equals_uint64 (GST_BUFFER_DTS (buf), i * 40 * GST_MSECOND);
  fail_unless_equals_uint64 (GST_BUFFER_DURATION (buf), 40 * GST_MSECOND);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), i);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET_END (buf), i + 1);
  fail_if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT));
  fail_unless_equals_int (gst_buffer_n_memory (buf), 1);
  mem = gst_buffer_peek_memory (buf, 0);
  fail_unless (prw_file_memory_get_range (mem, &got_file, &got_offset),
               "frame %u is not a file range", i);
  fail_unless (got_file == file, "frame %u from the wrong file", i);
  fail_unless_equals_uint64 (got_offset, offset);
  fail_unless_equals_uint64 (gst_buffer_get_size (buf), FRAME_SIZE);
  fail_unless (prw_file_memory_is_frame (mem), "frame %u not marked", i);
  fail_unless ((gst_buffer_get_video_time_code_meta (buf) != NULL) == (i == 0),
               "timecode meta on frame %u", i);
}

/* base 0-3, segment 0 from its frame 5 at 4-6, base 7-9 */
static const PrwRange three_ranges[] = {
  { PRW_RANGE_SOURCE_BASE, 0, 0, 4 },
  { 0, 5, 4, 3 },
  { PRW_RANGE_SOURCE_BASE, 7, 7, 3 },
};

START_TEST (test_selector_ranges)
{
  Selector s;
  guint64 frames, bytes;
  GstVideoTimeCodeMeta *tc;
  GstEvent *event;
  const GstSegment *segment;
  gboolean saw_segment = FALSE, saw_eos = FALSE;
  guint n_caps = 0;

  selector_start (&s, three_ranges, G_N_ELEMENTS (three_ranges));
  /* a second caps event is the base's again: dropped */
  gst_harness_set_src_caps_str (s.h, "video/x-prores, variant=(string)hq");
  for (guint i = 0; i < N_FRAMES; i++)
    fail_unless_equals_int (selector_push_base (&s, i), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (s.h, gst_event_new_eos ()));

  fail_unless_equals_int (gst_harness_buffers_received (s.h), N_FRAMES);
  for (guint i = 0; i < N_FRAMES; i++) {
    GstBuffer *buf = gst_harness_pull (s.h);

    if (i >= 4 && i <= 6)
      assert_frame (buf, i, s.segs.file, (5 + i - 4) * FRAME_SIZE);
    else
      assert_frame (buf, i, s.base, (guint64) i * FRAME_SIZE);
    if (i == 0) {
      tc = gst_buffer_get_video_time_code_meta (buf);
      fail_unless_equals_int (tc->tc.hours, 1);
      fail_unless_equals_int (tc->tc.minutes, 0);
      fail_unless_equals_int (tc->tc.seconds, 0);
      fail_unless_equals_int (tc->tc.frames, 0);
      fail_unless_equals_int (tc->tc.config.fps_n, 25);
    }
    gst_buffer_unref (buf);
  }
  /* one segment opened at the range's first frame, pulled three times and
   * closed right after its last frame, before the base went on */
  fail_unless_equals_string (s.segs.log->str, "open 0@5 pull pull pull close ");

  /* restamped from 0 for the whole record, the base's caps once, and the
   * EOS after every frame */
  while ((event = gst_harness_try_pull_event (s.h))) {
    switch (GST_EVENT_TYPE (event)) {
      case GST_EVENT_CAPS:
        n_caps++;
        break;
      case GST_EVENT_SEGMENT:
        gst_event_parse_segment (event, &segment);
        fail_unless_equals_int (segment->format, GST_FORMAT_TIME);
        fail_unless_equals_uint64 (segment->start, 0);
        fail_unless_equals_uint64 (segment->duration,
                                   N_FRAMES * 40 * GST_MSECOND);
        saw_segment = TRUE;
        break;
      case GST_EVENT_EOS:
        saw_eos = TRUE;
        break;
      default:
        break;
    }
    gst_event_unref (event);
  }
  fail_unless_equals_int (n_caps, 1);
  fail_unless (saw_segment && saw_eos);

  prw_frame_selector_get_progress (PRW_FRAME_SELECTOR (s.h->element), &frames,
                                   &bytes);
  fail_unless_equals_uint64 (frames, N_FRAMES);
  fail_unless_equals_uint64 (bytes, N_FRAMES * FRAME_SIZE);
  fail_unless (pop_error (s.bus) == NULL);
  selector_stop (&s);
}
END_TEST

/* Frames leave in buffer lists: at most 16 frames and under 250 ms of
 * record time each, the last one as soon as the record's last frame is in. */
START_TEST (test_selector_batches)
{
  static const PrwRange all_base[] = { { PRW_RANGE_SOURCE_BASE, 0, 0, 40 } };
  Selector s;
  guint total = 0;

  selector_start (&s, all_base, 1);
  for (guint i = 0; i < 40; i++) {
    fail_unless_equals_int (selector_push_base (&s, i), GST_FLOW_OK);
    /* nothing is held back once the record is complete */
    if (i == 39)
      fail_unless_equals_int (gst_harness_buffers_received (s.h), 40);
  }
  /* 25 fps: 7 frames span 240 ms, the 8th reaches 280 ms and ends the
   * batch; 40 = 8 + 8 + 8 + 8 + 8 */
  fail_unless_equals_int (s.lists->len, 5);
  for (guint i = 0; i < s.lists->len; i++) {
    fail_unless_equals_int (g_array_index (s.lists, guint, i), 8);
    total += g_array_index (s.lists, guint, i);
  }
  fail_unless_equals_int (total, 40);
  for (guint i = 0; i < 40; i++) {
    GstBuffer *buf = gst_harness_pull (s.h);

    assert_frame (buf, i, s.base, (guint64) i * FRAME_SIZE);
    gst_buffer_unref (buf);
  }
  selector_stop (&s);
}
END_TEST

START_TEST (test_selector_base_ends_early)
{
  Selector s;
  g_autofree gchar *message = NULL;

  selector_start (&s, three_ranges, G_N_ELEMENTS (three_ranges));
  for (guint i = 0; i < 5; i++)
    fail_unless_equals_int (selector_push_base (&s, i), GST_FLOW_OK);
  /* the frames held back still go out, then the run fails, no EOS */
  fail_if (gst_harness_push_event (s.h, gst_event_new_eos ()));
  fail_unless_equals_int (gst_harness_buffers_received (s.h), 5);
  message = pop_error (s.bus);
  fail_unless_equals_string (message,
                             "the base ended after 5 of its 10 frames");
  selector_stop (&s);
}
END_TEST

START_TEST (test_selector_base_runs_long)
{
  Selector s;
  g_autofree gchar *message = NULL;

  selector_start (&s, three_ranges, G_N_ELEMENTS (three_ranges));
  for (guint i = 0; i < N_FRAMES; i++)
    fail_unless_equals_int (selector_push_base (&s, i), GST_FLOW_OK);
  fail_unless_equals_int (selector_push_base (&s, N_FRAMES), GST_FLOW_ERROR);
  fail_unless_equals_int (gst_harness_buffers_received (s.h), N_FRAMES);
  message = pop_error (s.bus);
  fail_unless_equals_string (
      message, "the base has more video frames than its sample table (10)");
  selector_stop (&s);
}
END_TEST

START_TEST (test_selector_segment_fails)
{
  Selector s;
  g_autofree gchar *message = NULL;

  selector_start (&s, three_ranges, G_N_ELEMENTS (three_ranges));
  s.segs.fail_at = 6; /* the segment's second frame */
  for (guint i = 0; i < 5; i++)
    fail_unless_equals_int (selector_push_base (&s, i), GST_FLOW_OK);
  fail_unless_equals_int (selector_push_base (&s, 5), GST_FLOW_ERROR);
  message = pop_error (s.bus);
  fail_unless_equals_string (message, "seg.mov: has no frame 6");
  /* nothing after the failure went out; the frames before it had not
   * filled a batch yet */
  fail_unless_equals_int (gst_harness_buffers_received (s.h), 0);
  fail_unless_equals_string (s.segs.log->str, "open 0@5 pull pull ");
  selector_stop (&s);
}
END_TEST

/* A serialized query does not overtake the frames held back. */
START_TEST (test_selector_serialized_query)
{
  static const PrwRange base_only[] = {
    { PRW_RANGE_SOURCE_BASE, 0, 0, 10 },
  };
  Selector s;
  GstQuery *drain;

  selector_start (&s, base_only, G_N_ELEMENTS (base_only));
  for (guint i = 0; i < 3; i++)
    fail_unless_equals_int (selector_push_base (&s, i), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_received (s.h), 0);
  drain = gst_query_new_drain ();
  gst_pad_peer_query (s.h->srcpad, drain);
  gst_query_unref (drain);
  fail_unless_equals_int (gst_harness_buffers_received (s.h), 3);
  selector_stop (&s);
}
END_TEST

/* A flush drops the frames held back; a stop midway closes the segment
 * that was open. */
START_TEST (test_selector_cancel)
{
  static const PrwRange seg_first[] = {
    { 0, 0, 0, 5 },
    { PRW_RANGE_SOURCE_BASE, 5, 5, 5 },
  };
  Selector s;

  selector_start (&s, seg_first, G_N_ELEMENTS (seg_first));
  for (guint i = 0; i < 3; i++)
    fail_unless_equals_int (selector_push_base (&s, i), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_received (s.h), 0);
  fail_unless (gst_harness_push_event (s.h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (s.h, gst_event_new_flush_stop (TRUE)));
  /* the three frames were dropped, not pushed after the flush */
  fail_unless_equals_int (gst_harness_buffers_received (s.h), 0);
  fail_unless_equals_string (s.segs.log->str, "open 0@0 pull pull pull ");

  gst_harness_teardown (s.h);
  s.h = NULL;
  fail_unless_equals_string (s.segs.log->str, "open 0@0 pull pull pull close ");
  selector_stop (&s);
}
END_TEST

/* ======================================================================
 * prwcopysink
 */

typedef struct {
  GstHarness *h;
  gchar *out;
  int fd;       /* the output, open for the sink as the printer opens it */
  guint8 *want; /* what the output must hold */
  gsize want_size;
} Sink;

static void
sink_start (Sink *k, gboolean align)
{
  GstElement *el = gst_element_factory_make ("prwcopysink", NULL);
  GstSegment segment;

  fail_unless (el != NULL);
  memset (k, 0, sizeof (*k));
  k->out = g_build_filename (tmpdir, "out.mov", NULL);
  k->fd = open (k->out, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  fail_unless (k->fd >= 0, "%s: %s", k->out, g_strerror (errno));
  g_object_set (el, "fd", k->fd, "align", align, "async", FALSE, NULL);
  k->h = gst_harness_new_with_element (el, "sink", NULL);
  gst_object_unref (el);
  k->want = g_malloc0 (1024 * 1024);
  /* as qtmux starts: bytes from 0 */
  gst_harness_set_src_caps_str (k->h, "video/quicktime");
  gst_segment_init (&segment, GST_FORMAT_BYTES);
  fail_unless (gst_harness_push_event (k->h, gst_event_new_segment (&segment)));
}

static PrwCopySink *
sink_el (Sink *k)
{
  return PRW_COPY_SINK (k->h->element);
}

/* Expects size bytes of source `seed` from src at dst in the output. */
static void
want_source (Sink *k, guint seed, guint64 src, guint64 dst, gsize size)
{
  for (gsize i = 0; i < size; i++)
    k->want[dst + i] = pattern_byte (seed, src + i);
  k->want_size = MAX (k->want_size, dst + size);
}

static void
want_bytes (Sink *k, const gchar *bytes, guint64 dst)
{
  memcpy (k->want + dst, bytes, strlen (bytes));
  k->want_size = MAX (k->want_size, dst + strlen (bytes));
}

static GstFlowReturn
push_bytes (Sink *k, const gchar *bytes)
{
  return gst_harness_push (k->h, gst_buffer_new_memdup (bytes, strlen (bytes)));
}

static void
seek_to (Sink *k, guint64 logical)
{
  GstSegment segment;

  gst_segment_init (&segment, GST_FORMAT_BYTES);
  segment.start = logical;
  fail_unless (gst_harness_push_event (k->h, gst_event_new_segment (&segment)));
}

static void
assert_output (Sink *k)
{
  gchar *data = NULL;
  gsize size = 0;
  GError *error = NULL;

  fail_unless (g_file_get_contents (k->out, &data, &size, &error), "%s",
               error ? error->message : "");
  fail_unless_equals_uint64 (size, k->want_size);
  for (gsize i = 0; i < size; i++)
    if ((guint8) data[i] != k->want[i])
      fail ("output byte %" G_GSIZE_FORMAT " is %u, not %u", i,
            (guint8) data[i], k->want[i]);
  g_free (data);
}

static void
sink_stop (Sink *k)
{
  if (k->h)
    gst_harness_teardown (k->h);
  if (k->fd >= 0)
    close (k->fd);
  g_free (k->out);
  g_free (k->want);
}

static void
assert_copied (Sink *k, guint64 copied, guint64 written)
{
  guint64 kernel, user, wrote;

  prw_copy_sink_get_stats (sink_el (k), &kernel, &user, &wrote);
  fail_unless_equals_uint64 (kernel + user, copied);
  fail_unless_equals_uint64 (wrote, written);
}

/* Ranges that follow on in the same file are one copy; a gap, another
 * file or bytes from memory end it. */
static void
run_merging (gboolean fallback)
{
  g_autofree gchar *a_path = make_file ("a.bin", 3, 512 * 1024);
  g_autofree gchar *b_path = make_file ("b.bin", 4, 512 * 1024);
  PrwSourceFile *a, *b;
  GstBuffer *two;
  guint64 kernel;
  Sink k;

  if (fallback)
    g_setenv ("PRW_NO_COPY_FILE_RANGE", "1", TRUE);
  a = open_source (a_path);
  b = open_source (b_path);
  sink_start (&k, FALSE);

  fail_unless_equals_int (push_bytes (&k, "ftyp-mdat"), GST_FLOW_OK);
  want_bytes (&k, "ftyp-mdat", 0);
  /* a[100, 150100) in three buffers: one run */
  for (guint i = 0; i < 3; i++)
    fail_unless_equals_int (
        gst_harness_push (k.h, range_buffer (a, 100 + i * 50000, 50000, TRUE)),
        GST_FLOW_OK);
  want_source (&k, 3, 100, 9, 150000);
  /* a gap in a: a second run; then two memories of one buffer that follow
   * on from it: still the second run */
  fail_unless_equals_int (
      gst_harness_push (k.h, range_buffer (a, 300000, 1000, TRUE)),
      GST_FLOW_OK);
  two = range_buffer (a, 301000, 1000, TRUE);
  gst_buffer_append_memory (two, prw_file_memory_new (a, 302000, 3000));
  fail_unless_equals_int (gst_harness_push (k.h, two), GST_FLOW_OK);
  want_source (&k, 3, 300000, 150009, 5000);
  /* b's byte that follows a's last: another file, a third run */
  fail_unless_equals_int (
      gst_harness_push (k.h, range_buffer (b, 305000, 2000, FALSE)),
      GST_FLOW_OK);
  want_source (&k, 4, 305000, 155009, 2000);
  /* bytes from memory between two ranges of a that would follow on */
  fail_unless_equals_int (
      gst_harness_push (k.h, range_buffer (a, 400000, 1000, FALSE)),
      GST_FLOW_OK);
  fail_unless_equals_int (push_bytes (&k, "free"), GST_FLOW_OK);
  fail_unless_equals_int (
      gst_harness_push (k.h, range_buffer (a, 401000, 1000, FALSE)),
      GST_FLOW_OK);
  want_source (&k, 3, 400000, 157009, 1000);
  want_bytes (&k, "free", 158009);
  want_source (&k, 3, 401000, 158013, 1000);
  fail_unless (gst_harness_push_event (k.h, gst_event_new_eos ()));

  fail_unless_equals_uint64 (prw_copy_sink_get_runs (sink_el (&k)), 5);
  assert_copied (&k, 150000 + 5000 + 2000 + 1000 + 1000, 9 + 4);
  prw_copy_sink_get_stats (sink_el (&k), &kernel, NULL, NULL);
  if (fallback)
    fail_unless_equals_uint64 (kernel, 0);
  gst_harness_teardown (k.h);
  k.h = NULL;
  assert_output (&k);
  sink_stop (&k);
  prw_source_file_unref (a);
  prw_source_file_unref (b);
}

START_TEST (test_sink_run_merging)
{
  run_merging (FALSE);
}
END_TEST

START_TEST (test_sink_run_merging_fallback)
{
  run_merging (TRUE);
}
END_TEST

/* A buffer list is rendered as its buffers would be, one run. */
START_TEST (test_sink_buffer_list)
{
  g_autofree gchar *a_path = make_file ("a.bin", 5, 256 * 1024);
  PrwSourceFile *a = open_source (a_path);
  GstBufferList *list = gst_buffer_list_new ();
  Sink k;

  sink_start (&k, FALSE);
  for (guint i = 0; i < 6; i++)
    gst_buffer_list_add (list, range_buffer (a, 7 + i * 30000, 30000, TRUE));
  fail_unless_equals_int (gst_pad_push_list (k.h->srcpad, list), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (k.h, gst_event_new_eos ()));
  want_source (&k, 5, 7, 0, 180000);
  fail_unless_equals_uint64 (prw_copy_sink_get_runs (sink_el (&k)), 1);
  assert_copied (&k, 180000, 0);
  gst_harness_teardown (k.h);
  k.h = NULL;
  assert_output (&k);
  sink_stop (&k);
  prw_source_file_unref (a);
}
END_TEST

static void
assert_shifts (Sink *k, const PrwShift *want, guint n, guint64 padding)
{
  guint64 got_padding = 0;
  GArray *shifts = prw_copy_sink_get_shifts (sink_el (k), &got_padding);

  fail_unless_equals_int (shifts->len, n);
  for (guint i = 0; i < n; i++) {
    fail_unless_equals_uint64 (g_array_index (shifts, PrwShift, i).logical,
                               want[i].logical);
    fail_unless_equals_uint64 (g_array_index (shifts, PrwShift, i).shift,
                               want[i].shift);
  }
  fail_unless_equals_uint64 (got_padding, padding);
  g_array_unref (shifts);
}

/* With "align", a run that starts with a big frame is moved on to the
 * source's offset within a page; small frames, other memories, memories
 * after a buffer's first and runs already in step are left where qtmux
 * put them. qtmux's seeks back land on the moved places. */
START_TEST (test_sink_alignment_holes)
{
  g_autofree gchar *a_path = make_file ("a.bin", 6, 512 * 1024);
  PrwSourceFile *a = open_source (a_path);
  GstBuffer *buf;
  const PrwShift want[] = {
    { 100, 200 },          /* 100 -> 300, as a[8492] is 300 into a page */
    { 45113, 200 + 1099 }, /* 45313 -> 46412, as a[263500] */
  };
  Sink k;

  sink_start (&k, TRUE);
  /* logical [0, 100): a header */
  fail_unless_equals_int (push_bytes (&k, "h"), GST_FLOW_OK);
  for (guint i = 1; i < 100; i++)
    fail_unless_equals_int (push_bytes (&k, "."), GST_FLOW_OK);
  want_bytes (&k, "h", 0);
  for (guint i = 1; i < 100; i++)
    want_bytes (&k, ".", i);
  /* a big frame: a hole of 200, logical [100, 20100) -> [300, 20300) */
  fail_unless_equals_int (
      gst_harness_push (k.h, range_buffer (a, 8492, 20000, TRUE)), GST_FLOW_OK);
  want_source (&k, 6, 8492, 300, 20000);
  /* not a frame (audio): no hole, [20100, 40100) -> [20300, 40300) */
  fail_unless_equals_int (
      gst_harness_push (k.h, range_buffer (a, 40007, 20000, FALSE)),
      GST_FLOW_OK);
  want_source (&k, 6, 40007, 20300, 20000);
  /* a frame under 16 KiB: no hole, [40100, 41100) -> [40300, 41300) */
  fail_unless_equals_int (
      gst_harness_push (k.h, range_buffer (a, 70005, 1000, TRUE)), GST_FLOW_OK);
  want_source (&k, 6, 70005, 40300, 1000);
  /* a frame after bytes from memory in the same buffer: no hole,
   * [41100, 41113) -> [41300, 41313), [41113, 45113) -> [41313, 45313) */
  buf = gst_buffer_new_memdup ("sample-header", 13);
  gst_buffer_append_memory (buf, prw_file_memory_new (a, 90011, 4000));
  prw_file_memory_mark_frame (gst_buffer_peek_memory (buf, 1));
  fail_unless_equals_int (gst_harness_push (k.h, buf), GST_FLOW_OK);
  want_bytes (&k, "sample-header", 41300);
  want_source (&k, 6, 90011, 41313, 4000);
  /* a big frame 1356 into a page, at 45313 (257 into one): a hole of
   * 1099, [45113, 65113) -> [46412, 66412) */
  fail_unless_equals_int (
      gst_harness_push (k.h, range_buffer (a, 262144 + 1356, 20000, TRUE)),
      GST_FLOW_OK);
  want_source (&k, 6, 262144 + 1356, 46412, 20000);
  /* a big frame already in step (66412 and 4096 * 3 + 876 = 13164 are both
   * 876 into a page): no hole */
  fail_unless_equals_int (
      gst_harness_push (k.h, range_buffer (a, 4096 * 3 + 876, 20000, TRUE)),
      GST_FLOW_OK);
  want_source (&k, 6, 4096 * 3 + 876, 66412, 20000);

  /* qtmux comes back to fill in sizes: logical 0 is physical 0, logical
   * 45113 (the second frame's first byte) is physical 46412 */
  seek_to (&k, 0);
  fail_unless_equals_int (push_bytes (&k, "H"), GST_FLOW_OK);
  want_bytes (&k, "H", 0);
  seek_to (&k, 200);
  fail_unless_equals_int (push_bytes (&k, "in-frame-1"), GST_FLOW_OK);
  want_bytes (&k, "in-frame-1", 400);
  fail_unless (gst_harness_push_event (k.h, gst_event_new_eos ()));

  assert_shifts (&k, want, G_N_ELEMENTS (want), 200 + 1099);
  fail_unless_equals_uint64 (prw_shift_map (want, G_N_ELEMENTS (want), 85113),
                             86412);
  assert_copied (&k, 20000 * 4 + 1000 + 4000, 100 + 13 + 1 + 10);
  gst_harness_teardown (k.h);
  k.h = NULL;
  /* the holes read as zeros */
  assert_output (&k);
  sink_stop (&k);
  prw_source_file_unref (a);
}
END_TEST

/* Without "align" the same frames leave no holes. */
START_TEST (test_sink_no_align)
{
  g_autofree gchar *a_path = make_file ("a.bin", 7, 64 * 1024);
  PrwSourceFile *a = open_source (a_path);
  Sink k;

  sink_start (&k, FALSE);
  fail_unless_equals_int (push_bytes (&k, "moov"), GST_FLOW_OK);
  fail_unless_equals_int (
      gst_harness_push (k.h, range_buffer (a, 8492, 20000, TRUE)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (k.h, gst_event_new_eos ()));
  want_bytes (&k, "moov", 0);
  want_source (&k, 7, 8492, 4, 20000);
  assert_shifts (&k, NULL, 0, 0);
  gst_harness_teardown (k.h);
  k.h = NULL;
  assert_output (&k);
  sink_stop (&k);
  prw_source_file_unref (a);
}
END_TEST

/* A run still being merged when the element stops is not copied: a
 * cancelled print leaves only what was finished (and the printer removes
 * the file). A flush keeps what was rendered before it. */
START_TEST (test_sink_cancel)
{
  g_autofree gchar *a_path = make_file ("a.bin", 8, 128 * 1024);
  PrwSourceFile *a = open_source (a_path);
  Sink k;

  sink_start (&k, FALSE);
  fail_unless_equals_int (
      gst_harness_push (k.h, range_buffer (a, 0, 30000, TRUE)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (k.h, gst_event_new_flush_start ()));
  fail_unless_equals_int (
      gst_harness_push (k.h, range_buffer (a, 30000, 30000, TRUE)),
      GST_FLOW_FLUSHING);
  fail_unless (gst_harness_push_event (k.h, gst_event_new_flush_stop (TRUE)));
  /* after the flush qtmux would start a new segment */
  seek_to (&k, 30000);
  want_source (&k, 8, 0, 0, 30000);
  fail_unless_equals_int (
      gst_harness_push (k.h, range_buffer (a, 60000, 10000, TRUE)),
      GST_FLOW_OK);
  fail_unless_equals_int (push_bytes (&k, "tail"), GST_FLOW_OK);
  want_source (&k, 8, 60000, 30000, 10000);
  want_bytes (&k, "tail", 40000);
  /* pending when the element stops, without EOS: never copied */
  fail_unless_equals_int (
      gst_harness_push (k.h, range_buffer (a, 90000, 10000, TRUE)),
      GST_FLOW_OK);
  fail_unless_equals_uint64 (prw_copy_sink_get_runs (sink_el (&k)), 2);
  assert_copied (&k, 40000, 4);
  gst_harness_teardown (k.h);
  k.h = NULL;
  assert_output (&k);
  sink_stop (&k);
  prw_source_file_unref (a);
}
END_TEST

static Suite *
elements_suite (void)
{
  Suite *s = suite_create ("elements");
  TCase *tc = tcase_create ("selector");

  tcase_add_checked_fixture (tc, elements_setup, elements_teardown);
  tcase_add_test (tc, test_selector_ranges);
  tcase_add_test (tc, test_selector_batches);
  tcase_add_test (tc, test_selector_base_ends_early);
  tcase_add_test (tc, test_selector_base_runs_long);
  tcase_add_test (tc, test_selector_segment_fails);
  tcase_add_test (tc, test_selector_serialized_query);
  tcase_add_test (tc, test_selector_cancel);
  suite_add_tcase (s, tc);

  tc = tcase_create ("sink");
  tcase_add_checked_fixture (tc, elements_setup, elements_teardown);
  tcase_add_test (tc, test_sink_run_merging);
  tcase_add_test (tc, test_sink_run_merging_fallback);
  tcase_add_test (tc, test_sink_buffer_list);
  tcase_add_test (tc, test_sink_alignment_holes);
  tcase_add_test (tc, test_sink_no_align);
  tcase_add_test (tc, test_sink_cancel);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (elements);
