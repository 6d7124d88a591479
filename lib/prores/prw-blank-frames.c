/* libproreswriter: the frames of a blank rush (what and why in the
 * header) */
#include "prw-blank-frames-private.h"

#include <string.h>

#include <proreswriter/prw-error.h>

#include "prw-prores-frame-private.h"
#include "prw-prores-splice-private.h"

/* encoded cells kept at most (a 1024x64 4444 cell of text is ~30 KB) */
#define CACHE_MAX_BYTES (16 * 1024 * 1024)

/* A spliced frame shares the black frame's memory for the spans of black
 * slices it keeps (the rows between the burn-in's, above and below it), as
 * a buffer of several memories: at most this many such spans, each of at
 * least SHARE_MIN bytes, so that the buffer stays within
 * GST_BUFFER_MEM_MAX (16) memories (own bytes between and around them). */
#define MAX_SHARES 7
#define SHARE_MIN (16 * 1024)

typedef struct {
  GBytes *bytes;
  PrwProresFrame *frame;
} Cached;

/* The pool of the spliced frames' buffers (see ensure_pool()). A spliced
 * frame is a pool buffer whose first memory holds the frame's own bytes,
 * with the black frame's memory shared after it (and the rest of its own
 * bytes after that): when the frame comes back, the memories added to it
 * go, and the buffer is the pool's as it was, not dropped for having had
 * its memory changed (GstBufferPool's default). */
#define PRW_TYPE_FRAME_POOL (prw_frame_pool_get_type ())
G_DECLARE_FINAL_TYPE (PrwFramePool, prw_frame_pool, PRW, FRAME_POOL,
                      GstBufferPool)

struct _PrwFramePool {
  GstBufferPool parent;
};

G_DEFINE_FINAL_TYPE (PrwFramePool, prw_frame_pool, GST_TYPE_BUFFER_POOL)

static void
prw_frame_pool_reset_buffer (GstBufferPool *pool, GstBuffer *buffer)
{
  if (gst_buffer_n_memory (buffer) > 1) {
    gst_buffer_remove_memory_range (buffer, 1, -1);
    GST_BUFFER_FLAG_UNSET (buffer, GST_BUFFER_FLAG_TAG_MEMORY);
  }
  GST_BUFFER_POOL_CLASS (prw_frame_pool_parent_class)
      ->reset_buffer (pool, buffer);
}

static void
prw_frame_pool_class_init (PrwFramePoolClass *klass)
{
  GST_BUFFER_POOL_CLASS (klass)->reset_buffer = prw_frame_pool_reset_buffer;
}

static void
prw_frame_pool_init (PrwFramePool *self)
{}

struct _PrwBlankFrames {
  PrwProresEncoder *encoder;
  guint width, height;
  GstBuffer *black;
  GBytes *black_bytes;
  PrwProresFrame *black_frame;
  GHashTable *cache; /* "x,y,w,h:key" -> Cached */
  gsize cache_bytes;
  gsize cache_max_bytes;
  guint n_cells_encoded;
  /* the spliced frames' memory, reused (see ensure_pool()) */
  GstBufferPool *pool;
  gsize pool_size;
};

static void
cached_free (gpointer data)
{
  Cached *c = data;

  g_bytes_unref (c->bytes);
  prw_prores_frame_free (c->frame);
  g_free (c);
}

/* A raster of opaque black (premultiplied ARGB32: alpha in the top byte). */
static guint8 *
black_raster (guint width, guint height)
{
  guint32 *px = g_new (guint32, (gsize) width * height);

  for (gsize i = 0; i < (gsize) width * height; i++)
    px[i] = 0xff000000u;
  return (guint8 *) px;
}

/* The black frame: one black macroblock row encoded, repeated down the
 * frame (the whole raster of a 4096x2928 frame and its 10-bit copy would
 * take 150 MB). */
static gboolean
make_black (PrwBlankFrames *self, GError **error)
{
  guint row_height = MIN (self->height, 16);
  g_autofree guint8 *raster = black_raster (self->width, row_height);
  g_autoptr (GBytes) row = NULL;
  g_autoptr (PrwProresFrame) row_frame = NULL;
  const guint8 *data;
  gsize size;

  row = prw_prores_encoder_encode (self->encoder, raster, self->width * 4,
                                   self->width, row_height, error);
  if (row == NULL)
    return FALSE;
  data = g_bytes_get_data (row, &size);
  row_frame = prw_prores_frame_parse (data, size, "black ProRes frame", error);
  if (row_frame == NULL)
    return FALSE;
  if (self->height <= 16)
    self->black_bytes = g_steal_pointer (&row);
  else if ((self->black_bytes = prw_prores_splice_repeat_rows (
                data, row_frame, self->height, error))
           == NULL)
    return FALSE;
  data = g_bytes_get_data (self->black_bytes, &size);
  self->black_frame
      = prw_prores_frame_parse (data, size, "black ProRes frame", error);
  if (self->black_frame == NULL)
    return FALSE;
  self->black = gst_buffer_new_wrapped_bytes (self->black_bytes);
  return TRUE;
}

/*
 * prw_blank_frames_new:
 * @element_name: (nullable): the encoder, see prw_prores_encoder_new()
 * @profile: the ProRes flavour
 * @width: pixels
 * @height: pixels
 * @colour: (nullable): the colour description, %NULL for BT.709
 * @error: %PRW_ERROR_MISSING_ELEMENT, %PRW_ERROR_PIPELINE (the encoder
 *   failed), %PRW_ERROR_CORRUPT or %PRW_ERROR_FAILED (its frame cannot be
 *   used)
 *
 * Encodes the black frame.
 *
 * Returns: (transfer full) (nullable): the generator; for 4444 and 4444
 *   XQ its frames have an opaque alpha channel
 */
PrwBlankFrames *
prw_blank_frames_new (const gchar *element_name, PrwProresProfile profile,
                      guint width, guint height, const PrwProresColour *colour,
                      GError **error)
{
  return prw_blank_frames_new_full (element_name, profile,
                                    prw_prores_profile_has_alpha (profile),
                                    width, height, colour, error);
}

/*
 * prw_blank_frames_new_full:
 * @alpha: for 4444 and 4444 XQ, whether the frames have an (opaque) alpha
 *   channel; see prw_prores_encoder_new_full()
 *
 * As prw_blank_frames_new().
 *
 * Returns: (transfer full) (nullable): the generator
 */
PrwBlankFrames *
prw_blank_frames_new_full (const gchar *element_name, PrwProresProfile profile,
                           gboolean alpha, guint width, guint height,
                           const PrwProresColour *colour, GError **error)
{
  g_autoptr (PrwBlankFrames) self = NULL;

  g_return_val_if_fail (width > 0 && width <= G_MAXUINT16, NULL);
  g_return_val_if_fail (height > 0 && height <= G_MAXUINT16, NULL);

  self = g_new0 (PrwBlankFrames, 1);
  self->width = width;
  self->height = height;
  self->cache_max_bytes = CACHE_MAX_BYTES;
  self->cache
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_free);
  self->encoder = prw_prores_encoder_new_full (element_name, profile, alpha,
                                               colour, error);
  if (self->encoder == NULL || !make_black (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

static void
pool_free (GstBufferPool *pool)
{
  /* frames still out are freed when they come back */
  gst_buffer_pool_set_active (pool, FALSE);
  gst_object_unref (pool);
}

/* The spliced frames' own bytes are made in memory that comes back when a
 * frame is let go, not allocated each: at 4K they are over a hundred
 * kilobytes, and memory allocated in the streaming thread and freed in the
 * muxer's fragments the heap (a 15,000-frame 4096x2928 4444 blank rush
 * peaked 7 MB higher). The pool's buffers hold twice the black frame, or
 * half as much again as the largest own bytes seen when a frame needs more
 * (a new pool then); only what a frame writes becomes resident. FALSE:
 * allocate this frame alone. */
static gboolean
ensure_pool (PrwBlankFrames *self, gsize needed)
{
  GstStructure *config;
  gsize size;

  if (self->pool != NULL && needed <= self->pool_size)
    return TRUE;
  g_clear_pointer (&self->pool, pool_free);
  size = MAX (gst_buffer_get_size (self->black) * 2, needed + needed / 2);
  if (size > G_MAXUINT)
    return FALSE;
  self->pool = gst_object_ref_sink (g_object_new (PRW_TYPE_FRAME_POOL, NULL));
  self->pool_size = size;
  config = gst_buffer_pool_get_config (self->pool);
  gst_buffer_pool_config_set_params (config, NULL, (guint) size, 0, 0);
  if (!gst_buffer_pool_set_config (self->pool, config)
      || !gst_buffer_pool_set_active (self->pool, TRUE)) {
    gst_clear_object (&self->pool);
    return FALSE;
  }
  return TRUE;
}

void
prw_blank_frames_free (PrwBlankFrames *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->cache);
  g_clear_pointer (&self->pool, pool_free);
  if (self->black != NULL)
    gst_buffer_unref (self->black);
  g_clear_pointer (&self->black_bytes, g_bytes_unref);
  prw_prores_frame_free (self->black_frame);
  prw_prores_encoder_free (self->encoder);
  g_free (self);
}

static gboolean
check_cell (PrwBlankFrames *self, const PrwBlankCell *cell, GError **error)
{
  guint sw = prw_prores_frame_get_slice_width (self->black_frame);

  if (cell->width == 0 || cell->height == 0 || cell->x >= self->width
      || cell->y >= self->height || cell->width > self->width - cell->x
      || cell->height > self->height - cell->y || cell->x % sw != 0
      || (cell->width % sw != 0 && cell->x + cell->width != self->width)
      || cell->y % 16 != 0
      || (cell->height % 16 != 0 && cell->y + cell->height != self->height)
      || memchr (cell->key, '\0', sizeof cell->key) == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                 "burn-in cell of %ux%u pixels at (%u, %u) is not on the "
                 "%u-pixel slice grid of the %ux%u frame",
                 cell->width, cell->height, cell->x, cell->y, sw, self->width,
                 self->height);
    return FALSE;
  }
  return TRUE;
}

static const Cached *
get_cell (PrwBlankFrames *self, guint index, const PrwBlankCell *cell,
          PrwBlankDrawFunc draw, gpointer user_data, GError **error)
{
  g_autofree gchar *key = g_strdup_printf (
      "%u,%u,%u,%u:%s", cell->x, cell->y, cell->width, cell->height, cell->key);
  g_autofree guint8 *raster = NULL;
  Cached *c = g_hash_table_lookup (self->cache, key);
  const guint8 *data;
  gsize size;

  if (c != NULL)
    return c;
  raster = black_raster (cell->width, cell->height);
  draw (index, cell, raster, (gint) cell->width * 4, user_data);
  c = g_new0 (Cached, 1);
  c->bytes = prw_prores_encoder_encode (self->encoder, raster,
                                        (gint) cell->width * 4, cell->width,
                                        cell->height, error);
  if (c->bytes == NULL) {
    g_free (c);
    return NULL;
  }
  self->n_cells_encoded++;
  data = g_bytes_get_data (c->bytes, &size);
  c->frame = prw_prores_frame_parse (data, size, "burn-in cell", error);
  if (c->frame == NULL
      || !prw_prores_splice_check_format (self->black_frame, c->frame,
                                          "burn-in cell", error)) {
    cached_free (c);
    return NULL;
  }
  self->cache_bytes += size;
  g_hash_table_insert (self->cache, g_steal_pointer (&key), c);
  return c;
}

/*
 * prw_blank_frames_get_frame:
 * @self: the generator
 * @n: the frame's number (the buffer's offset)
 * @cells: (array length=n_cells): the burn-in cells, not overlapping
 * @n_cells: their count
 * @draw: (scope call): paints a cell not seen before
 * @user_data: for @draw
 * @error: %PRW_ERROR_FAILED (a cell off the slice grid, cells that
 *   overlap), %PRW_ERROR_PIPELINE (the encoder failed)
 *
 * Returns: (transfer full) (nullable): the frame's bytes: the black frame
 *   itself (a new reference) without cells
 */
GstBuffer *
prw_blank_frames_get_frame (PrwBlankFrames *self, gint64 n,
                            const PrwBlankCell *cells, guint n_cells,
                            PrwBlankDrawFunc draw, gpointer user_data,
                            GError **error)
{
  g_autofree PrwProresStrip *strips = NULL;
  PrwProresShare shares[MAX_SHARES];
  guint n_shares = 0;
  const guint8 *base;
  GstBuffer *buffer;
  GstMemory *own_mem, *black_mem;
  GstMapInfo map;
  gboolean ok;
  gsize needed, at = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_cells == 0 || (cells != NULL && draw != NULL), NULL);

  if (n_cells == 0)
    return gst_buffer_ref (self->black);
  base = g_bytes_get_data (self->black_bytes, NULL);
  /* full: start again, before this frame's cells are looked up (they stay
   * until it is made) */
  if (self->cache_bytes > self->cache_max_bytes) {
    g_hash_table_remove_all (self->cache);
    self->cache_bytes = 0;
  }
  strips = g_new (PrwProresStrip, n_cells);
  for (guint i = 0; i < n_cells; i++) {
    const Cached *c;

    if (!check_cell (self, &cells[i], error)
        || (c = get_cell (self, i, &cells[i], draw, user_data, error)) == NULL)
      return NULL;
    strips[i].data = g_bytes_get_data (c->bytes, NULL);
    strips[i].frame = c->frame;
    strips[i].mb_x = cells[i].x / 16;
    strips[i].mb_y = cells[i].y / 16;
  }
  if (!prw_prores_splice_shared (base, self->black_frame, strips, n_cells, NULL,
                                 0, &needed, shares, MAX_SHARES, SHARE_MIN,
                                 &n_shares, error))
    return NULL;
  /* the frame's own bytes, in pooled memory: at 4K the most memory a
   * blank rush holds is the frames in flight */
  buffer = NULL;
  if (ensure_pool (self, needed)
      && gst_buffer_pool_acquire_buffer (self->pool, &buffer, NULL)
             == GST_FLOW_OK)
    gst_buffer_set_size (buffer, (gssize) needed);
  else
    buffer = gst_buffer_new_allocate (NULL, needed, NULL);
  own_mem = gst_buffer_peek_memory (buffer, 0);
  gst_memory_map (own_mem, &map, GST_MAP_WRITE);
  ok = prw_prores_splice_shared (base, self->black_frame, strips, n_cells,
                                 map.data, map.size, &needed, shares,
                                 MAX_SHARES, SHARE_MIN, &n_shares, error);
  gst_memory_unmap (own_mem, &map);
  if (!ok) {
    gst_buffer_unref (buffer);
    return NULL;
  }
  if (n_shares == 0) {
    GST_BUFFER_OFFSET (buffer) = (guint64) n;
    return buffer;
  }
  /* The own memory keeps the own bytes before the first span (cut while
   * it is still writable); after it come the black frame's spans, with
   * the rest of the own bytes between them, shared from the own memory
   * beyond its size (within its allocation). */
  gst_memory_resize (own_mem, 0, shares[0].own_offset);
  black_mem = gst_buffer_peek_memory (self->black, 0);
  at = shares[0].own_offset;
  for (guint i = 0; i < n_shares; i++) {
    if (shares[i].own_offset > at)
      gst_buffer_append_memory (
          buffer, gst_memory_share (own_mem, (gssize) at,
                                    (gssize) (shares[i].own_offset - at)));
    gst_buffer_append_memory (
        buffer, gst_memory_share (black_mem, (gssize) shares[i].base_offset,
                                  (gssize) shares[i].size));
    at = shares[i].own_offset;
  }
  if (needed > at)
    gst_buffer_append_memory (
        buffer,
        gst_memory_share (own_mem, (gssize) at, (gssize) (needed - at)));
  GST_BUFFER_OFFSET (buffer) = (guint64) n;
  return buffer;
}

/* (transfer none): the black frame */
GstBuffer *
prw_blank_frames_get_black (PrwBlankFrames *self)
{
  return self->black;
}

/* The slice width in pixels: cells' x and width are multiples of it. */
guint
prw_blank_frames_get_slice_width (PrwBlankFrames *self)
{
  return prw_prores_frame_get_slice_width (self->black_frame);
}

/* cells drawn and encoded so far (each distinct rectangle and key once,
 * while the cache keeps them) */
guint
prw_blank_frames_get_n_cells_encoded (PrwBlankFrames *self)
{
  return self->n_cells_encoded;
}

/* Encoded cells kept, in bytes, before the cache starts again (at the next
 * frame); CACHE_MAX_BYTES by default. */
void
prw_blank_frames_set_cache_limit (PrwBlankFrames *self, gsize max_bytes)
{
  self->cache_max_bytes = max_bytes;
}

PrwProresEncoder *
prw_blank_frames_get_encoder (PrwBlankFrames *self)
{
  return self->encoder;
}
