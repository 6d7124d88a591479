/* libproreswriter: the sink that writes the output movie */
#include "config.h"

#if defined(HAVE_COPY_FILE_RANGE) || defined(HAVE_SYNC_FILE_RANGE)
#define _GNU_SOURCE /* copy_file_range, sync_file_range */
#endif
#include "prw-copy-sink.h"

#include "prw-file-memory-private.h"
#include "qt/prw-shift-private.h"
#include "util/prw-fd-io-private.h"
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

GST_DEBUG_CATEGORY_STATIC (prw_copy_sink_debug);
#define GST_CAT_DEFAULT prw_copy_sink_debug

/* The bounce buffer of the read/write fallback. */
#define PRW_COPY_CHUNK (1024 * 1024)

/* Adjacent ranges are merged into one copy up to this size, so that
 * copying, the muxer's work and writeback overlap. */
#define PRW_COPY_RUN_MAX (64 * 1024 * 1024)

/* A run is moved on to the source's offset within a page when its first
 * memory is at least this big (see qt/prw-shift-private.h), until the holes
 * add up to PRW_PADDING_MAX. */
#define PRW_ALIGN_MIN (16 * 1024)
#define PRW_PADDING_MAX (64 * 1024 * 1024)
#define PRW_PAGE 4096

enum { PROP_0, PROP_FD, PROP_ALIGN };

struct _PrwCopySink {
  GstBaseSink parent;

  gboolean align;
  int fd;           /* the output, the caller's: never closed here */
  guint64 position; /* where qtmux puts the next byte (logical) */
  GArray *shifts;   /* PrwShift: where the bytes really are */
  guint64 padding;  /* bytes of holes left so far */
  gboolean use_copy_range;
  guint8 *bounce;

  /* the input range waiting to be copied, grown while buffers follow on */
  PrwSourceFile *pending_file;
  guint64 pending_src;
  guint64 pending_dst; /* where it goes */
  guint64 pending_len;

  /* bytes written from memory (a blank rush's frames) since writeback was
   * last started for them, contiguous in the output: [written_dst,
   * written_dst + written_len) */
  guint64 written_dst;
  guint64 written_len;

  /* chunks of the base's copied tracks, put between video frames (see
   * prw-shift-private.h), in order */
  PrwSourceFile *insert_file;
  GArray *insertions; /* PrwInsertion */
  guint next_insertion;
  guint64 n_frames;    /* video frames qtmux will write */
  guint64 frames_seen; /* video frames begun so far */

  /* Writeback of copied runs is started by a thread of its own: the
   * submission costs about a tenth of the copy's CPU time, which the
   * copying thread then does not spend. */
  GThread *syncer;
  GAsyncQueue *sync_queue; /* SyncRange, ended by sync_done */
  gint sync_error;         /* the first errno sync_file_range gave (g_atomic) */

  /* Read from any thread (prw_copy_sink_get_stats), so under the object
   * lock: GLib's atomics (g_atomic, the one style used in lib/) have no
   * 64-bit integers. */
  guint64 kernel_copied;
  guint64 user_copied;
  guint64 written;
  guint64 runs; /* copies of merged ranges */
};

G_DEFINE_FINAL_TYPE_WITH_CODE (
    PrwCopySink, prw_copy_sink, GST_TYPE_BASE_SINK,
    GST_DEBUG_CATEGORY_INIT (prw_copy_sink_debug, "prwcopysink", 0,
                             "libproreswriter output sink"))

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE (
    "sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

typedef struct {
  guint64 offset, length;
} SyncRange;

static SyncRange sync_done; /* the queue's end */

#ifdef HAVE_SYNC_FILE_RANGE
static gpointer
syncer_func (gpointer data)
{
  PrwCopySink *self = data;
  SyncRange *range;

  while ((range = g_async_queue_pop (self->sync_queue)) != &sync_done) {
    if (sync_file_range (self->fd, (off_t) range->offset, (off_t) range->length,
                         SYNC_FILE_RANGE_WRITE)
        < 0)
      g_atomic_int_compare_and_exchange (&self->sync_error, 0, errno);
    g_free (range);
  }
  return NULL;
}
#endif

/* Waits for the writeback thread to have started every range given it;
 * returns the first error it met (0 if none). */
static int
join_syncer (PrwCopySink *self)
{
  if (self->syncer) {
    g_async_queue_push (self->sync_queue, &sync_done);
    g_thread_join (self->syncer);
    self->syncer = NULL;
  }
  return g_atomic_int_get (&self->sync_error);
}

/* An element error for errno err: a full disk, a refused permission and a
 * missing file keep their meaning (prw_error_code_from_errno(), which the
 * pipeline maps back to the library's codes); anything else is code. */
static void
post_errno_error (PrwCopySink *self, int err, GstResourceError code,
                  gchar *debug)
{
  switch (prw_error_code_from_errno (err)) {
    case PRW_ERROR_NO_SPACE:
      code = GST_RESOURCE_ERROR_NO_SPACE_LEFT;
      break;
    case PRW_ERROR_PERMISSION_DENIED:
      code = GST_RESOURCE_ERROR_NOT_AUTHORIZED;
      break;
    case PRW_ERROR_NOT_FOUND:
      code = GST_RESOURCE_ERROR_NOT_FOUND;
      break;
    default:
      break;
  }
  gst_element_message_full (
      GST_ELEMENT (self), GST_MESSAGE_ERROR, GST_RESOURCE_ERROR, code,
      g_strdup (g_strerror (err)), debug, __FILE__, GST_FUNCTION, __LINE__);
}

static void
post_write_error (PrwCopySink *self, int err)
{
  post_errno_error (
      self, err, GST_RESOURCE_ERROR_WRITE,
      g_strdup_printf ("writing at %" G_GUINT64_FORMAT, self->position));
}

static void
count_bytes (PrwCopySink *self, guint64 *counter, guint64 n)
{
  GST_OBJECT_LOCK (self);
  *counter += n;
  GST_OBJECT_UNLOCK (self);
}

static gboolean
write_all (PrwCopySink *self, const guint8 *data, gsize size, guint64 at)
{
  if (!prw_fd_pwrite_all (self->fd, data, size, at)) {
    post_write_error (self, errno);
    return FALSE;
  }
  return TRUE;
}

static void
post_short_input (PrwCopySink *self, PrwSourceFile *file)
{
  GST_ELEMENT_ERROR (self, RESOURCE, READ,
                     ("%s: ends before the data the print takes from it "
                      "(was it changed during the print?)",
                      prw_source_file_get_path (file)),
                     (NULL));
}

/* Copies through the bounce buffer: the fallback, and how a range the
 * kernel would not copy is finished. */
static gboolean
copy_through_user (PrwCopySink *self, PrwSourceFile *file, guint64 src,
                   guint64 dst, guint64 len)
{
  int in = prw_source_file_get_fd (file);

  if (!self->bounce)
    self->bounce = g_malloc (PRW_COPY_CHUNK);
  while (len > 0) {
    gsize want = MIN (len, PRW_COPY_CHUNK);
    gssize n = prw_fd_pread_all (in, self->bounce, want, src);

    if (n < 0) {
      int err = errno;

      GST_ELEMENT_ERROR (
          self, RESOURCE, READ,
          ("%s: %s", prw_source_file_get_path (file), g_strerror (err)),
          (NULL));
      return FALSE;
    }
    if (n == 0) {
      post_short_input (self, file);
      return FALSE;
    }
    if (!write_all (self, self->bounce, (gsize) n, dst))
      return FALSE;
    count_bytes (self, &self->user_copied, (guint64) n);
    src += (guint64) n;
    dst += (guint64) n;
    len -= (guint64) n;
  }
  return TRUE;
}

static gboolean
copy_range (PrwCopySink *self, PrwSourceFile *file, guint64 src, guint64 dst,
            guint64 len)
{
#ifdef HAVE_COPY_FILE_RANGE
  int in = prw_source_file_get_fd (file);

  while (len > 0 && self->use_copy_range) {
    loff_t off_in = (loff_t) src, off_out = (loff_t) dst;
    guint64 head = (PRW_PAGE - src % PRW_PAGE) % PRW_PAGE;
    /* When the range sits as far into a page in both files (align_run),
     * its head up to the page's end goes first, on its own: the rest then
     * starts on a block in both, as filesystems that can share blocks
     * between files (XFS and Btrfs reflinks) need to share them rather
     * than copy. */
    guint64 want = (head > 0 && head < len && src % PRW_PAGE == dst % PRW_PAGE)
                       ? head
                       : len;
    ssize_t n = copy_file_range (in, &off_in, self->fd, &off_out,
                                 (size_t) MIN (want, G_MAXSSIZE), 0);
    int err;

    if (n > 0) {
      count_bytes (self, &self->kernel_copied, (guint64) n);
      src += (guint64) n;
      dst += (guint64) n;
      len -= (guint64) n;
      continue;
    }
    err = n == 0 ? 0 : errno;
    if (err == EINTR)
      continue;
    if (prw_error_code_from_errno (err) == PRW_ERROR_NO_SPACE) {
      post_write_error (self, err);
      return FALSE;
    }
    /* Refused (EXDEV, EINVAL, ENOSYS, EOPNOTSUPP..., or nothing copied,
     * which some filesystems answer short of the end) or failed (EIO on
     * either side): finish the range through user space, which tells the
     * end of the input, a read error and a write error apart; stop asking
     * unless it was an I/O error. */
    GST_INFO_OBJECT (self, "copy_file_range: %s; copying through memory",
                     err ? g_strerror (err) : "copied nothing");
    if (err != EIO)
      self->use_copy_range = FALSE;
    break;
  }
#endif
  return len == 0 || copy_through_user (self, file, src, dst, len);
}

/* Starts writeback of the bytes written from memory, as flush_pending()
 * does for copied runs: a blank rush's frames are memory, megabytes a
 * second. */
static void
sync_written (PrwCopySink *self)
{
  if (self->written_len && self->syncer) {
    SyncRange *range = g_new (SyncRange, 1);

    range->offset = self->written_dst;
    range->length = self->written_len;
    g_async_queue_push (self->sync_queue, range);
  }
  self->written_len = 0;
}

/* Records size bytes written from memory at dst; writeback starts every
 * PRW_WRITTEN_SYNC bytes. */
#define PRW_WRITTEN_SYNC (16 * 1024 * 1024)

static void
note_written (PrwCopySink *self, guint64 dst, guint64 size)
{
  if (self->written_len && self->written_dst + self->written_len != dst)
    sync_written (self);
  if (!self->written_len)
    self->written_dst = dst;
  self->written_len += size;
  if (self->written_len >= PRW_WRITTEN_SYNC)
    sync_written (self);
}

static gboolean
flush_pending (PrwCopySink *self)
{
  gboolean ok = TRUE;

  if (self->pending_file) {
    ok = copy_range (self, self->pending_file, self->pending_src,
                     self->pending_dst, self->pending_len);
    GST_OBJECT_LOCK (self);
    self->runs++;
    GST_OBJECT_UNLOCK (self);
    /* Start writing the copied range to disk now, while the rest is
     * copied, so that the final flush has little left to do. */
    if (ok && self->syncer) {
      SyncRange *range = g_new (SyncRange, 1);

      range->offset = self->pending_dst;
      range->length = self->pending_len;
      g_async_queue_push (self->sync_queue, range);
    }
    g_clear_pointer (&self->pending_file, prw_source_file_unref);
  }
  return ok;
}

static guint64
physical (PrwCopySink *self, guint64 logical)
{
  return prw_shift_map ((const PrwShift *) self->shifts->data,
                        self->shifts->len, logical);
}

/* Whether bytes qtmux does not know of may go in at the position: only
 * forward from the furthest point written, never inside what qtmux will
 * come back to. */
static gboolean
can_shift_here (PrwCopySink *self)
{
  return self->shifts->len == 0
         || g_array_index (self->shifts, PrwShift, self->shifts->len - 1)
                    .logical
                <= self->position;
}

/* Moves everything qtmux writes from the position on by n more bytes (a
 * hole, or a chunk put in there). */
static void
shift_here (PrwCopySink *self, guint64 n)
{
  PrwShift *last
      = self->shifts->len > 0
            ? &g_array_index (self->shifts, PrwShift, self->shifts->len - 1)
            : NULL;
  PrwShift entry;

  if (last && last->logical == self->position) {
    last->shift += n;
    return;
  }
  entry.logical = self->position;
  entry.shift = physical (self, self->position) + n - self->position;
  g_array_append_val (self->shifts, entry);
}

/* Before a new run of copied bytes from src: move it on so that its
 * output offset is as far into a page as src is. */
static void
align_run (PrwCopySink *self, guint64 src)
{
  guint64 at = physical (self, self->position);
  guint64 pad = (src - at) & (PRW_PAGE - 1);

  if (pad == 0 || self->padding + pad > PRW_PADDING_MAX
      || !can_shift_here (self))
    return;
  shift_here (self, pad);
  self->padding += pad;
}

/* Starts a new run of copied bytes, or grows the pending one when the
 * range follows it on in both files. */
static gboolean
copy_later (PrwCopySink *self, PrwSourceFile *file, guint64 src, guint64 size,
            gboolean may_align)
{
  guint64 dst = physical (self, self->position);

  if (self->pending_file == file && self->pending_src + self->pending_len == src
      && self->pending_dst + self->pending_len == dst
      && self->pending_len < PRW_COPY_RUN_MAX) {
    self->pending_len += size;
    return TRUE;
  }
  if (!flush_pending (self))
    return FALSE;
  if (self->align && may_align && size >= PRW_ALIGN_MIN) {
    align_run (self, src);
    dst = physical (self, self->position);
  }
  self->pending_file = prw_source_file_ref (file);
  self->pending_src = src;
  self->pending_dst = dst;
  self->pending_len = size;
  return TRUE;
}

/* Writes the chunks due before video frame `frame` (the frame count:
 * after the last) where qtmux's next byte would go, and moves qtmux's
 * bytes on past them. */
static gboolean
insert_chunks (PrwCopySink *self, guint64 frame)
{
  while (self->insertions && self->next_insertion < self->insertions->len) {
    PrwInsertion *ins
        = &g_array_index (self->insertions, PrwInsertion, self->next_insertion);

    if (ins->before_frame > frame)
      break;
    if (!can_shift_here (self)) {
      GST_ELEMENT_ERROR (self, STREAM, FAILED,
                         ("the muxer went back over its media data while "
                          "the base's tracks were being copied in"),
                         (NULL));
      return FALSE;
    }
    if (ins->size > 0) {
      if (!copy_later (self, self->insert_file, ins->src, ins->size, TRUE))
        return FALSE;
      ins->landed = self->pending_dst + self->pending_len - ins->size;
      shift_here (self, ins->size);
    } else {
      ins->landed = physical (self, self->position);
    }
    self->next_insertion++;
  }
  return TRUE;
}

/* Writes memories [first, last) of buf (at most PRW_WRITE_MEMORIES), none a
 * file range, at the position: one pwritev for them all (a blank rush's spliced
 * frame is its own bytes with spans of the black frame's between them). */
#define PRW_WRITE_MEMORIES 16 /* a buffer's most memories, in GStreamer 1.x */

static gboolean
write_memories (PrwCopySink *self, GstBuffer *buf, guint first, guint last)
{
  struct iovec iov[PRW_WRITE_MEMORIES];
  GstMapInfo maps[PRW_WRITE_MEMORIES];
  guint n = 0;
  gsize size = 0;
  gboolean ok = TRUE;
  int err = 0;

  for (guint i = first; i < last; i++) {
    if (!gst_memory_map (gst_buffer_peek_memory (buf, i), &maps[n],
                         GST_MAP_READ)) {
      ok = FALSE;
      break;
    }
    iov[n].iov_base = maps[n].data;
    iov[n].iov_len = maps[n].size;
    size += maps[n].size;
    n++;
  }
  if (!ok)
    GST_ELEMENT_ERROR (self, RESOURCE, READ, ("a buffer could not be read"),
                       (NULL));
  else if (!prw_fd_pwritev_all (self->fd, iov, (int) n,
                                physical (self, self->position))) {
    err = errno;
    ok = FALSE;
  }
  for (guint i = 0; i < n; i++)
    gst_memory_unmap (gst_buffer_peek_memory (buf, first + i), &maps[i]);
  if (err != 0)
    post_write_error (self, err);
  if (!ok)
    return FALSE;
  note_written (self, physical (self, self->position), size);
  count_bytes (self, &self->written, size);
  self->position += size;
  return TRUE;
}

static GstFlowReturn
prw_copy_sink_render (GstBaseSink *sink, GstBuffer *buf)
{
  PrwCopySink *self = PRW_COPY_SINK (sink);
  guint i, n = gst_buffer_n_memory (buf);

  for (i = 0; i < n; i++) {
    GstMemory *mem = gst_buffer_peek_memory (buf, i);
    gsize size = gst_memory_get_sizes (mem, NULL, NULL);
    PrwSourceFile *file;
    guint64 src;

    if (size == 0)
      continue;
    if (prw_file_memory_get_range (mem, &file, &src)) {
      /* only before a buffer's first memory: a hole or a chunk must fall
       * between samples, never inside one */
      gboolean frame = i == 0 && prw_file_memory_is_frame (mem);

      if (frame && !insert_chunks (self, self->frames_seen++))
        return GST_FLOW_ERROR;
      if (!copy_later (self, file, src, size, frame))
        return GST_FLOW_ERROR;
      self->position += size;
    } else {
      guint last = i + 1;

      /* a frame in memory (a blank rush's) counts as a copied one does */
      if (i == 0 && prw_file_memory_is_frame (mem)
          && !insert_chunks (self, self->frames_seen++))
        return GST_FLOW_ERROR;
      /* this memory and the in-memory ones after it, at once */
      while (last < n && last - i < PRW_WRITE_MEMORIES
             && !prw_file_memory_get_range (gst_buffer_peek_memory (buf, last),
                                            &file, &src))
        last++;
      if (!flush_pending (self) || !write_memories (self, buf, i, last))
        return GST_FLOW_ERROR;
      i = last - 1;
    }
  }
  /* the chunks that start after the last frame's */
  if (self->frames_seen == self->n_frames
      && !insert_chunks (self, self->n_frames))
    return GST_FLOW_ERROR;
  return GST_FLOW_OK;
}

static gboolean
prw_copy_sink_event (GstBaseSink *sink, GstEvent *event)
{
  PrwCopySink *self = PRW_COPY_SINK (sink);
  int err;

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_SEGMENT: {
      const GstSegment *segment;

      /* qtmux seeks back this way to fill in sizes it learns at the end */
      gst_event_parse_segment (event, &segment);
      if (segment->format == GST_FORMAT_BYTES) {
        if (!flush_pending (self)) {
          gst_event_unref (event);
          return FALSE;
        }
        self->position = segment->start;
      }
      break;
    }
    case GST_EVENT_EOS:
      if (self->insertions && self->next_insertion < self->insertions->len) {
        GST_ELEMENT_ERROR (self, STREAM, FAILED,
                           ("the output ended after %" G_GUINT64_FORMAT
                            " of %" G_GUINT64_FORMAT " video frames, before "
                            "the base's tracks were all copied in",
                            self->frames_seen, self->n_frames),
                           (NULL));
        gst_event_unref (event);
        return FALSE;
      }
      /* Everything is written: have it on disk now, so that a write error
       * the kernel meets in writeback fails the run here, with the
       * element's message, rather than being lost at close. */
      if (!flush_pending (self)) {
        gst_event_unref (event);
        return FALSE;
      }
      sync_written (self);
      err = join_syncer (self);
      if (err == 0 && prw_fd_sync_data (self->fd) < 0)
        err = errno;
      if (err != 0) {
        post_write_error (self, err);
        gst_event_unref (event);
        return FALSE;
      }
      break;
    default:
      break;
  }
  return GST_BASE_SINK_CLASS (prw_copy_sink_parent_class)->event (sink, event);
}

static gboolean
prw_copy_sink_query (GstBaseSink *sink, GstQuery *query)
{
  PrwCopySink *self = PRW_COPY_SINK (sink);
  GstFormat format;

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_SEEKING:
      gst_query_parse_seeking (query, &format, NULL, NULL, NULL);
      gst_query_set_seeking (query, format, format == GST_FORMAT_BYTES, 0, -1);
      return TRUE;
    case GST_QUERY_POSITION:
      gst_query_parse_position (query, &format, NULL);
      if (format != GST_FORMAT_BYTES)
        break;
      gst_query_set_position (query, GST_FORMAT_BYTES, (gint64) self->position);
      return TRUE;
    case GST_QUERY_FORMATS:
      gst_query_set_formats (query, 2, GST_FORMAT_DEFAULT, GST_FORMAT_BYTES);
      return TRUE;
    default:
      break;
  }
  return GST_BASE_SINK_CLASS (prw_copy_sink_parent_class)->query (sink, query);
}

static gboolean
prw_copy_sink_start (GstBaseSink *sink)
{
  PrwCopySink *self = PRW_COPY_SINK (sink);
  const gchar *no_copy = g_getenv ("PRW_NO_COPY_FILE_RANGE");

  /* The file is the caller's, new and empty (the printer's temporary
   * file): never truncated here, which on ext4 would force its delayed
   * allocation out at close (auto_da_alloc), seconds on a big movie. */
  if (self->fd < 0) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("no file to write"), (NULL));
    return FALSE;
  }
  self->position = 0;
  self->written_len = 0;
  g_array_set_size (self->shifts, 0);
  self->padding = 0;
  self->next_insertion = 0;
  self->frames_seen = 0;
  self->use_copy_range = !(no_copy && *no_copy && !g_str_equal (no_copy, "0"));
  GST_OBJECT_LOCK (self);
  self->kernel_copied = 0;
  self->user_copied = 0;
  self->written = 0;
  self->runs = 0;
  GST_OBJECT_UNLOCK (self);
  g_atomic_int_set (&self->sync_error, 0);
#ifdef HAVE_SYNC_FILE_RANGE
  {
    GError *thread_error = NULL;

    self->syncer = g_thread_try_new ("prwcopysink-sync", syncer_func, self,
                                     &thread_error);
    if (!self->syncer) {
      GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
                         ("%s", thread_error->message), (NULL));
      g_error_free (thread_error);
      return FALSE;
    }
  }
#endif
  /* Without sync_file_range there is no way to start writeback early: the
   * flush at EOS does it all. */
  return TRUE;
}

static gboolean
prw_copy_sink_stop (GstBaseSink *sink)
{
  PrwCopySink *self = PRW_COPY_SINK (sink);

  g_clear_pointer (&self->pending_file, prw_source_file_unref);
  g_clear_pointer (&self->bounce, g_free);
  join_syncer (self); /* it uses the file until then */
  return TRUE;        /* the file is the caller's to close */
}

static void
prw_copy_sink_set_property (GObject *object, guint prop_id, const GValue *value,
                            GParamSpec *pspec)
{
  PrwCopySink *self = PRW_COPY_SINK (object);

  switch (prop_id) {
    case PROP_FD:
      self->fd = g_value_get_int (value);
      break;
    case PROP_ALIGN:
      self->align = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
prw_copy_sink_get_property (GObject *object, guint prop_id, GValue *value,
                            GParamSpec *pspec)
{
  PrwCopySink *self = PRW_COPY_SINK (object);

  switch (prop_id) {
    case PROP_FD:
      g_value_set_int (value, self->fd);
      break;
    case PROP_ALIGN:
      g_value_set_boolean (value, self->align);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
prw_copy_sink_finalize (GObject *object)
{
  PrwCopySink *self = PRW_COPY_SINK (object);

  g_array_unref (self->shifts);
  g_clear_pointer (&self->insertions, g_array_unref);
  g_clear_pointer (&self->insert_file, prw_source_file_unref);
  g_async_queue_unref (self->sync_queue);
  G_OBJECT_CLASS (prw_copy_sink_parent_class)->finalize (object);
}

static void
prw_copy_sink_class_init (PrwCopySinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *basesink_class = GST_BASE_SINK_CLASS (klass);

  object_class->set_property = prw_copy_sink_set_property;
  object_class->get_property = prw_copy_sink_get_property;
  object_class->finalize = prw_copy_sink_finalize;
  basesink_class->start = prw_copy_sink_start;
  basesink_class->stop = prw_copy_sink_stop;
  basesink_class->render = prw_copy_sink_render;
  basesink_class->event = prw_copy_sink_event;
  basesink_class->query = prw_copy_sink_query;

  g_object_class_install_property (
      object_class, PROP_FD,
      g_param_spec_int (
          "fd", "File descriptor",
          "The output file: new, empty, seekable, open for writing; the "
          "caller's, which it closes after the sink is stopped",
          -1, G_MAXINT, -1, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (
      object_class, PROP_ALIGN,
      g_param_spec_boolean (
          "align", "Align",
          "Leave holes of under a page in the media data so that copies "
          "keep the source's offset within a page (the muxer must make one "
          "chunk per buffer, and the header be moved after; see "
          "prw_copy_sink_get_shifts)",
          FALSE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (
      element_class, "ProResWriter copy sink", "Sink/File",
      "Writes a movie, copying input file ranges in the kernel",
      "libproreswriter");
}

static void
prw_copy_sink_init (PrwCopySink *self)
{
  self->fd = -1;
  self->shifts = g_array_new (FALSE, FALSE, sizeof (PrwShift));
  self->sync_queue = g_async_queue_new ();
  gst_base_sink_set_sync (GST_BASE_SINK (self), FALSE);
}

void
prw_copy_sink_get_stats (PrwCopySink *self, guint64 *kernel_copied,
                         guint64 *user_copied, guint64 *written)
{
  g_return_if_fail (PRW_IS_COPY_SINK (self));

  GST_OBJECT_LOCK (self);
  if (kernel_copied)
    *kernel_copied = self->kernel_copied;
  if (user_copied)
    *user_copied = self->user_copied;
  if (written)
    *written = self->written;
  GST_OBJECT_UNLOCK (self);
}

guint64
prw_copy_sink_get_runs (PrwCopySink *self)
{
  guint64 runs;

  g_return_val_if_fail (PRW_IS_COPY_SINK (self), 0);

  GST_OBJECT_LOCK (self);
  runs = self->runs;
  GST_OBJECT_UNLOCK (self);
  return runs;
}

GArray *
prw_copy_sink_get_shifts (PrwCopySink *self, guint64 *padding)
{
  g_return_val_if_fail (PRW_IS_COPY_SINK (self), NULL);

  if (padding)
    *padding = self->padding;
  return g_array_copy (self->shifts);
}

void
prw_copy_sink_set_insertions (PrwCopySink *self, PrwSourceFile *file,
                              const PrwInsertion *insertions, guint n,
                              guint64 n_frames)
{
  g_return_if_fail (PRW_IS_COPY_SINK (self));
  g_return_if_fail (n == 0 || (file != NULL && insertions != NULL));

  g_clear_pointer (&self->insertions, g_array_unref);
  g_clear_pointer (&self->insert_file, prw_source_file_unref);
  self->n_frames = n_frames;
  if (n == 0)
    return;
  self->insert_file = prw_source_file_ref (file);
  self->insertions = g_array_sized_new (FALSE, FALSE, sizeof (PrwInsertion), n);
  g_array_append_vals (self->insertions, insertions, n);
  for (guint i = 1; i < n; i++)
    g_return_if_fail (insertions[i - 1].before_frame
                      <= insertions[i].before_frame);
}

GArray *
prw_copy_sink_get_insertions (PrwCopySink *self)
{
  g_return_val_if_fail (PRW_IS_COPY_SINK (self), NULL);

  return self->insertions ? g_array_copy (self->insertions)
                          : g_array_new (FALSE, FALSE, sizeof (PrwInsertion));
}
