/* libproreswriter: one ProRes frame, parsed (layout in the header) */
#include "prw-prores-frame-private.h"

#include <string.h>

#include <proreswriter/prw-error.h>

#define CORRUPT(...)                                                           \
  G_STMT_START                                                                 \
  {                                                                            \
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT, __VA_ARGS__);            \
    return FALSE;                                                              \
  }                                                                            \
  G_STMT_END

#define UNSUPPORTED(...)                                                       \
  G_STMT_START                                                                 \
  {                                                                            \
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED, __VA_ARGS__);        \
    return FALSE;                                                              \
  }                                                                            \
  G_STMT_END

static gboolean
parse_frame_header (PrwProresFrame *f, const guint8 *data, const gchar *name,
                    GError **error)
{
  const guint8 *h = data + PRW_PRORES_FRAME_PREFIX_SIZE;
  gsize avail = f->frame_size - PRW_PRORES_FRAME_PREFIX_SIZE;
  gsize need = PRW_PRORES_FRAME_HEADER_MIN;
  guint flags;

  if (avail < PRW_PRORES_FRAME_HEADER_MIN)
    CORRUPT ("%s: ProRes frame of %" G_GSIZE_FORMAT
             " bytes ends inside its frame header",
             name, f->frame_size);
  f->header_size = prw_prores_be16 (h);
  f->version = (guint16) prw_prores_be16 (h + 2);
  f->creator = prw_prores_be32 (h + 4);
  f->width = prw_prores_be16 (h + 8);
  f->height = prw_prores_be16 (h + 10);
  f->chroma_format = h[12] >> 6;
  f->interlace_mode = (h[12] >> 2) & 3;
  f->aspect_ratio_code = h[13] >> 4;
  f->frame_rate_code = h[13] & 0xf;
  f->colour_primaries = h[PRW_PRORES_HEADER_PRIMARIES];
  f->transfer = h[PRW_PRORES_HEADER_TRANSFER];
  f->matrix = h[PRW_PRORES_HEADER_MATRIX];
  f->alpha_info = h[17] & 0xf;
  flags = h[19];
  f->has_luma_matrix = (flags & 2) != 0;
  f->has_chroma_matrix = (flags & 1) != 0;

  need += (f->has_luma_matrix ? 64 : 0) + (f->has_chroma_matrix ? 64 : 0);
  if (f->header_size < need || f->header_size > avail)
    CORRUPT ("%s: ProRes frame header size %" G_GSIZE_FORMAT
             " does not hold its fields (%" G_GSIZE_FORMAT
             " bytes) or passes the frame's end (%" G_GSIZE_FORMAT " bytes)",
             name, f->header_size, need, avail);
  if (f->version > 1)
    UNSUPPORTED ("%s: ProRes frame header version %u is not supported", name,
                 f->version);
  if (f->width == 0 || f->height == 0)
    CORRUPT ("%s: ProRes frame of %ux%u pixels", name, f->width, f->height);
  if (f->chroma_format != PRW_PRORES_CHROMA_422
      && f->chroma_format != PRW_PRORES_CHROMA_444)
    UNSUPPORTED ("%s: ProRes chroma format %u is neither 4:2:2 (2) nor "
                 "4:4:4 (3)",
                 name, f->chroma_format);
  if (f->interlace_mode != 0)
    UNSUPPORTED ("%s: interlaced ProRes frame (%s field first) is not "
                 "supported, only progressive frames",
                 name, f->interlace_mode == 1 ? "top" : "bottom");
  if (f->alpha_info > 2)
    CORRUPT ("%s: ProRes alpha channel type %u is not 0, 1 or 2", name,
             f->alpha_info);

  h += PRW_PRORES_FRAME_HEADER_MIN;
  if (f->has_luma_matrix) {
    memcpy (f->luma_matrix, h, 64);
    h += 64;
  } else {
    memset (f->luma_matrix, 4, 64);
  }
  if (f->has_chroma_matrix)
    memcpy (f->chroma_matrix, h, 64);
  else
    memcpy (f->chroma_matrix, f->luma_matrix, 64);
  return TRUE;
}

/* A slice's own header: its sizes fit inside the slice. */
static gboolean
check_slice (const PrwProresFrame *f, guint index, const guint8 *s,
             const gchar *name, GError **error)
{
  guint size = f->slices[index].size;
  guint hdr, sum;

  if (size < 6 || (hdr = s[0] >> 3) < 6 || hdr > size)
    CORRUPT ("%s: ProRes slice %u of %u bytes has a header of %u bytes", name,
             index, size, size ? (guint) s[0] >> 3 : 0);
  sum = hdr + prw_prores_be16 (s + 2) + prw_prores_be16 (s + 4);
  if (hdr >= 8)
    sum += prw_prores_be16 (s + 6);
  if (sum > size)
    CORRUPT ("%s: ProRes slice %u of %u bytes has component data of %u bytes",
             name, index, size, sum - hdr);
  return TRUE;
}

static gboolean
parse_picture (PrwProresFrame *f, const guint8 *data, const gchar *name,
               GError **error)
{
  const guint8 *p;
  gsize avail, table_end, pos;
  guint log2_height, row_slices, mb_x, mb_y, count;

  f->picture_offset = PRW_PRORES_FRAME_PREFIX_SIZE + f->header_size;
  avail = f->frame_size - f->picture_offset;
  p = data + f->picture_offset;
  if (avail < PRW_PRORES_PICTURE_HEADER_MIN)
    CORRUPT ("%s: ProRes frame ends inside its picture header", name);
  f->picture_header_size = p[0] >> 3;
  f->picture_data_size = prw_prores_be32 (p + 1);
  f->n_slices = prw_prores_be16 (p + 5);
  f->log2_slice_mb_width = p[7] >> 4;
  log2_height = p[7] & 0xf;
  if (f->picture_header_size < PRW_PRORES_PICTURE_HEADER_MIN
      || f->picture_data_size > avail
      || f->picture_header_size > f->picture_data_size)
    CORRUPT ("%s: ProRes picture header (%u bytes, picture of %" G_GSIZE_FORMAT
             " bytes) does not fit the %" G_GSIZE_FORMAT
             " bytes left in the frame",
             name, f->picture_header_size, f->picture_data_size, avail);
  if (f->log2_slice_mb_width > 3 || log2_height != 0)
    UNSUPPORTED ("%s: ProRes slices of 2^%u x 2^%u macroblocks are not "
                 "supported",
                 name, f->log2_slice_mb_width, log2_height);

  f->mb_width = (f->width + 15) / 16;
  f->mb_height = (f->height + 15) / 16;
  /* whole slices, then one per bit of what is left */
  row_slices = f->mb_width >> f->log2_slice_mb_width;
  for (guint rest = f->mb_width & ((1u << f->log2_slice_mb_width) - 1);
       rest != 0; rest &= rest - 1)
    row_slices++;
  f->slices_per_row = row_slices;
  if ((guint64) row_slices * f->mb_height != f->n_slices)
    CORRUPT ("%s: ProRes picture has %u slices where %ux%u pixels in slices "
             "of %u macroblocks make %u",
             name, f->n_slices, f->width, f->height,
             1u << f->log2_slice_mb_width, row_slices * f->mb_height);

  table_end = (gsize) f->picture_header_size + 2 * (gsize) f->n_slices;
  if (table_end > f->picture_data_size)
    CORRUPT ("%s: ProRes slice table of %u slices passes the picture's end",
             name, f->n_slices);

  f->slices = g_new (PrwProresSlice, f->n_slices);
  pos = f->picture_offset + table_end;
  mb_x = mb_y = 0;
  count = 1u << f->log2_slice_mb_width;
  for (guint i = 0; i < f->n_slices; i++) {
    PrwProresSlice *s = &f->slices[i];

    s->size = (guint16) prw_prores_be16 (p + f->picture_header_size + 2 * i);
    s->offset = pos;
    while (f->mb_width - mb_x < count)
      count >>= 1;
    s->mb_x = (guint16) mb_x;
    s->mb_y = (guint16) mb_y;
    s->mb_count = (guint16) count;
    pos += s->size;
    if (pos > f->picture_offset + f->picture_data_size)
      CORRUPT ("%s: ProRes slice %u passes the picture's end (%" G_GSIZE_FORMAT
               " bytes)",
               name, i, f->picture_data_size);
    if (!check_slice (f, i, data + s->offset, name, error))
      return FALSE;
    mb_x += count;
    if (mb_x == f->mb_width) {
      mb_x = 0;
      mb_y++;
      count = 1u << f->log2_slice_mb_width;
    }
  }
  return TRUE;
}

/*
 * prw_prores_frame_parse:
 * @data: (array length=size): the frame's bytes, which must outlive the
 *   result
 * @size: their count; the frame may be shorter (its first field says)
 * @name: what the bytes are, for error messages ("a.mov, frame 12")
 * @error: %PRW_ERROR_CORRUPT (a size or count that does not fit, not
 *   'icpf'), %PRW_ERROR_UNSUPPORTED (interlaced, header version above 1,
 *   chroma format other than 4:2:2 and 4:4:4, slices taller than a
 *   macroblock or wider than 8)
 *
 * Returns: (transfer full) (nullable): the frame's description
 */
PrwProresFrame *
prw_prores_frame_parse (const guint8 *data, gsize size, const gchar *name,
                        GError **error)
{
  g_autoptr (PrwProresFrame) f = NULL;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (size < PRW_PRORES_FRAME_PREFIX_SIZE
      || memcmp (data + 4, "icpf", 4) != 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a ProRes frame (no 'icpf' after its size)", name);
    return NULL;
  }
  f = g_new0 (PrwProresFrame, 1);
  f->frame_size = prw_prores_be32 (data);
  if (f->frame_size < PRW_PRORES_FRAME_PREFIX_SIZE || f->frame_size > size) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: ProRes frame size %" G_GSIZE_FORMAT
                 " does not fit its %" G_GSIZE_FORMAT " bytes",
                 name, f->frame_size, size);
    return NULL;
  }
  if (!parse_frame_header (f, data, name, error)
      || !parse_picture (f, data, name, error))
    return NULL;
  return g_steal_pointer (&f);
}

void
prw_prores_frame_free (PrwProresFrame *frame)
{
  if (frame == NULL)
    return;
  g_free (frame->slices);
  g_free (frame);
}

/* The widest slice's width in pixels (128 for 8 macroblocks). */
guint
prw_prores_frame_get_slice_width (const PrwProresFrame *frame)
{
  return 16u << frame->log2_slice_mb_width;
}

/* The index of the slice that begins at macroblock (mb_x, mb_y), or -1
 * where no slice begins there. */
gint
prw_prores_frame_find_slice (const PrwProresFrame *frame, guint mb_x,
                             guint mb_y)
{
  guint full = 1u << frame->log2_slice_mb_width;
  guint n_full = frame->mb_width >> frame->log2_slice_mb_width;
  guint i;

  if (mb_y >= frame->mb_height || mb_x >= frame->mb_width)
    return -1;
  if (mb_x < n_full * full) {
    if (mb_x % full != 0)
      return -1;
    i = mb_x / full;
  } else {
    /* the halving slices at the row's end */
    i = n_full;
    while (i < frame->slices_per_row
           && frame->slices[mb_y * frame->slices_per_row + i].mb_x < mb_x)
      i++;
    if (i == frame->slices_per_row
        || frame->slices[mb_y * frame->slices_per_row + i].mb_x != mb_x)
      return -1;
  }
  return (gint) (mb_y * frame->slices_per_row + i);
}
