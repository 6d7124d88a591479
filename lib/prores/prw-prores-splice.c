/* libproreswriter: ProRes slices of strips put into a base frame (what and
 * why in the header) */
#include "prw-prores-splice-private.h"

#include <stdlib.h>
#include <string.h>

#include <proreswriter/prw-error.h>

/* One row of a strip: its slices replace base slices [base_first,
 * base_first + n). */
typedef struct {
  guint base_first;
  guint n;
  const PrwProresStrip *strip;
  guint strip_first;
} Run;

/*
 * prw_prores_splice_check_format:
 * @base: the base frame
 * @strip: a strip meant for it
 * @name: the strip, for the message
 * @error: %PRW_ERROR_FORMAT_MISMATCH where the two differ in what decoding
 *   a slice depends on: chroma format, alpha, quantisation matrices, or
 *   in the slice width
 *
 * Returns: whether @strip's slices can be decoded as part of @base
 */
gboolean
prw_prores_splice_check_format (const PrwProresFrame *base,
                                const PrwProresFrame *strip, const gchar *name,
                                GError **error)
{
  const gchar *what = NULL;

  if (strip->chroma_format != base->chroma_format)
    what = "chroma format";
  else if (strip->alpha_info != base->alpha_info)
    what = "alpha channel";
  else if (memcmp (strip->luma_matrix, base->luma_matrix, 64) != 0)
    what = "luma quantisation matrix";
  else if (memcmp (strip->chroma_matrix, base->chroma_matrix, 64) != 0)
    what = "chroma quantisation matrix";
  else if (strip->log2_slice_mb_width != base->log2_slice_mb_width)
    what = "slice width";
  if (what == NULL)
    return TRUE;
  g_set_error (error, PRW_ERROR, PRW_ERROR_FORMAT_MISMATCH,
               "%s: ProRes %s differs from the base frame's", name, what);
  return FALSE;
}

/* Where the strip's rows land: one run per row, checked slice by slice. */
static gboolean
add_runs (const PrwProresFrame *base, const PrwProresStrip *strip, GArray *runs,
          GError **error)
{
  const PrwProresFrame *s = strip->frame;

  if (!prw_prores_splice_check_format (base, s, "ProRes strip", error))
    return FALSE;
  if (strip->mb_x + s->mb_width > base->mb_width
      || strip->mb_y + s->mb_height > base->mb_height
      || (s->width % 16 != 0 && strip->mb_x * 16 + s->width != base->width)
      || (s->height % 16 != 0 && strip->mb_y * 16 + s->height != base->height))
    goto misplaced;
  for (guint r = 0; r < s->mb_height; r++) {
    gint first
        = prw_prores_frame_find_slice (base, strip->mb_x, strip->mb_y + r);
    Run run
        = { (guint) first, s->slices_per_row, strip, r * s->slices_per_row };

    if (first < 0
        || (guint) first % base->slices_per_row + s->slices_per_row
               > base->slices_per_row)
      goto misplaced;
    for (guint i = 0; i < s->slices_per_row; i++)
      if (base->slices[run.base_first + i].mb_count
          != s->slices[run.strip_first + i].mb_count)
        goto misplaced;
    g_array_append_val (runs, run);
  }
  return TRUE;

misplaced:
  g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
               "ProRes strip of %ux%u pixels at macroblock (%u, %u) does not "
               "land on the %ux%u base frame's slices",
               s->width, s->height, strip->mb_x, strip->mb_y, base->width,
               base->height);
  return FALSE;
}

static int
compare_runs (const void *a, const void *b)
{
  const Run *ra = a, *rb = b;

  return ra->base_first < rb->base_first ? -1 : ra->base_first > rb->base_first;
}

static gsize
slice_bytes (const PrwProresFrame *f, guint first, guint n)
{
  const PrwProresSlice *last;

  if (n == 0)
    return 0;
  last = &f->slices[first + n - 1];
  return last->offset + last->size - f->slices[first].offset;
}

/* The base's slices between two runs (and before the first, after the
 * last): gap i ends where run i starts. */
static void
gap_bounds (const PrwProresFrame *base, GArray *runs, guint i, guint *from,
            guint *until)
{
  *from = i == 0 ? 0
                 : g_array_index (runs, Run, i - 1).base_first
                       + g_array_index (runs, Run, i - 1).n;
  *until = i < runs->len ? g_array_index (runs, Run, i).base_first
                         : base->n_slices;
}

static int
compare_gap_size_desc (const void *a, const void *b)
{
  const gsize *ga = a, *gb = b; /* {size, index} */

  return ga[0] > gb[0] ? -1 : ga[0] < gb[0];
}

static gboolean
splice (const guint8 *base_data, const PrwProresFrame *base,
        const PrwProresStrip *strips, guint n_strips, guint8 *out,
        gsize out_size, gsize *out_needed, PrwProresShare *shares,
        guint max_shares, gsize min_share, guint *n_shares, GError **error)
{
  g_autoptr (GArray) runs = g_array_new (FALSE, FALSE, sizeof (Run));
  g_autofree gboolean *shared = NULL;
  gsize head = PRW_PRORES_FRAME_PREFIX_SIZE + base->header_size;
  gsize data_size = 0, total, own;
  guint8 *table, *dst;
  guint next = 0, n_shared = 0;

  for (guint i = 0; i < n_strips; i++)
    if (!add_runs (base, &strips[i], runs, error))
      return FALSE;
  /* no strips: runs->data may be NULL, which qsort must not be given */
  if (runs->len > 1)
    qsort (runs->data, runs->len, sizeof (Run), compare_runs);

  /* the sizes: the base's bytes minus what the strips replace, plus theirs */
  data_size = slice_bytes (base, 0, base->n_slices);
  for (guint i = 0; i < runs->len; i++) {
    const Run *run = &g_array_index (runs, Run, i);

    if (run->base_first < next) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                   "ProRes strips overlap at the base frame's slice %u",
                   run->base_first);
      return FALSE;
    }
    next = run->base_first + run->n;
    data_size -= slice_bytes (base, run->base_first, run->n);
    data_size += slice_bytes (run->strip->frame, run->strip_first, run->n);
  }
  total = head + base->picture_header_size + 2 * (gsize) base->n_slices
          + data_size;
  /* the gaps left in the base's bytes: the largest max_shares of those of
   * min_share bytes or more */
  own = total;
  shared = g_new0 (gboolean, runs->len + 1);
  if (shares != NULL && max_shares > 0) {
    g_autofree gsize *gaps = g_new (gsize, 2 * (runs->len + 1));

    for (guint i = 0; i <= runs->len; i++) {
      guint from, until;

      gap_bounds (base, runs, i, &from, &until);
      gaps[2 * i] = slice_bytes (base, from, until - from);
      gaps[2 * i + 1] = i;
    }
    qsort (gaps, runs->len + 1, 2 * sizeof (gsize), compare_gap_size_desc);
    for (guint i = 0; i <= runs->len && n_shared < max_shares; i++)
      if (gaps[2 * i] >= min_share && gaps[2 * i] > 0) {
        shared[gaps[2 * i + 1]] = TRUE;
        own -= gaps[2 * i];
        n_shared++;
      }
  }
  *out_needed = own;
  if (n_shares != NULL)
    *n_shares = n_shared;
  if (out == NULL)
    return TRUE;
  if (out_size < own || total > G_MAXUINT32) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                 "spliced ProRes frame of %" G_GSIZE_FORMAT
                 " bytes does not fit in %" G_GSIZE_FORMAT,
                 own, out_size);
    return FALSE;
  }

  /* the headers: the base's, with the sizes rewritten */
  memcpy (out, base_data, head);
  prw_prores_put_be32 (out, (guint32) total);
  memcpy (out + head, base_data + base->picture_offset,
          base->picture_header_size);
  prw_prores_put_be32 (out + head + 1, (guint32) (total - head));

  /* the slice table and the slices, a run at a time: the base's slices
   * between two runs are contiguous in its bytes, and so are a strip
   * row's */
  table = out + head + base->picture_header_size;
  dst = table + 2 * (gsize) base->n_slices;
  n_shared = 0;
  for (guint i = 0; i <= runs->len; i++) {
    const Run *run = i < runs->len ? &g_array_index (runs, Run, i) : NULL;
    guint from, until;
    gsize n;

    gap_bounds (base, runs, i, &from, &until);
    if (until > from) {
      const guint8 *base_table
          = base_data + base->picture_offset + base->picture_header_size;

      memcpy (table + 2 * (gsize) from, base_table + 2 * (gsize) from,
              2 * (gsize) (until - from));
      n = slice_bytes (base, from, until - from);
      if (shared[i]) {
        shares[n_shared].own_offset = (gsize) (dst - out);
        shares[n_shared].base_offset = base->slices[from].offset;
        shares[n_shared].size = n;
        n_shared++;
      } else {
        memcpy (dst, base_data + base->slices[from].offset, n);
        dst += n;
      }
    }
    if (run == NULL)
      break;
    {
      const PrwProresFrame *s = run->strip->frame;
      const guint8 *strip_table
          = run->strip->data + s->picture_offset + s->picture_header_size;

      memcpy (table + 2 * (gsize) run->base_first,
              strip_table + 2 * (gsize) run->strip_first, 2 * (gsize) run->n);
      n = slice_bytes (s, run->strip_first, run->n);
      memcpy (dst, run->strip->data + s->slices[run->strip_first].offset, n);
      dst += n;
    }
  }
  g_assert ((gsize) (dst - out) == own);
  return TRUE;
}

/*
 * prw_prores_splice:
 * @base_data: the base frame's bytes
 * @base: parsed from them
 * @strips: (array length=n_strips): the strips, which must not overlap
 * @n_strips: their count (0 copies the base)
 * @out: (nullable): where the spliced frame goes, or %NULL to measure it
 * @out_size: bytes at @out
 * @out_needed: (out): the spliced frame's size
 * @error: %PRW_ERROR_FORMAT_MISMATCH (a strip's format differs, see
 *   prw_prores_splice_check_format()), %PRW_ERROR_FAILED (a strip that
 *   does not land on the base's slices or overlaps another, or @out too
 *   small)
 *
 * Writes the base frame with the strips' slices in place of the slices
 * they cover.
 *
 * Returns: whether the frame was written (or measured)
 */
gboolean
prw_prores_splice (const guint8 *base_data, const PrwProresFrame *base,
                   const PrwProresStrip *strips, guint n_strips, guint8 *out,
                   gsize out_size, gsize *out_needed, GError **error)
{
  return splice (base_data, base, strips, n_strips, out, out_size, out_needed,
                 NULL, 0, 0, NULL, error);
}

/*
 * prw_prores_splice_shared:
 * @shares: (array length=max_shares) (out caller-allocates): the spans of
 *   the base's bytes left out of @out, in the order they belong
 * @max_shares: at most this many
 * @min_share: only spans of at least this many bytes are left out
 * @n_shares: (out): how many were
 * @out_needed: (out): the size of what is written at @out: the spliced
 *   frame without the spans left out
 *
 * As prw_prores_splice(), but the largest spans of the base's slices that
 * the frame keeps unchanged (between the strips' rows, and before and after
 * them) are left out of @out: the frame is @out with, at each share's
 * own_offset, the base's bytes at its base_offset inserted. The headers at
 * @out carry the whole frame's sizes. A spliced frame can thus share the
 * base's memory for most of its bytes.
 *
 * Returns: whether the frame was written (or measured)
 */
gboolean
prw_prores_splice_shared (const guint8 *base_data, const PrwProresFrame *base,
                          const PrwProresStrip *strips, guint n_strips,
                          guint8 *out, gsize out_size, gsize *out_needed,
                          PrwProresShare *shares, guint max_shares,
                          gsize min_share, guint *n_shares, GError **error)
{
  g_return_val_if_fail (shares != NULL && n_shares != NULL, FALSE);
  return splice (base_data, base, strips, n_strips, out, out_size, out_needed,
                 shares, max_shares, min_share, n_shares, error);
}

/*
 * prw_prores_splice_repeat_rows:
 * @row_data: a frame one macroblock row high (16 pixels)
 * @row: parsed from it
 * @height: the height of the frame to make, in pixels
 * @error: %PRW_ERROR_FAILED (@row is not 16 pixels high, or the frame
 *   would have more than 65535 slices or 4 GB)
 *
 * Makes a frame @height pixels high whose every macroblock row is @row's
 * (its slices and their table entries repeated; the headers @row's, with
 * the height, slice count and sizes rewritten). A uniform picture (the
 * black frame) is made this way from one row instead of a whole raster:
 * an intra encoder codes each row of a uniform picture the same way.
 *
 * Returns: (transfer full) (nullable): the frame
 */
GBytes *
prw_prores_splice_repeat_rows (const guint8 *row_data,
                               const PrwProresFrame *row, guint height,
                               GError **error)
{
  guint mb_height = (height + 15) / 16;
  gsize head = PRW_PRORES_FRAME_PREFIX_SIZE + row->header_size;
  gsize table_size = 2 * (gsize) row->n_slices;
  gsize row_bytes = slice_bytes (row, 0, row->n_slices);
  guint64 n_slices = (guint64) row->n_slices * mb_height;
  guint64 total = head + row->picture_header_size
                  + (guint64) mb_height * (table_size + row_bytes);
  const guint8 *row_table
      = row_data + row->picture_offset + row->picture_header_size;
  guint8 *out, *table, *dst;

  if (row->height != 16 || height == 0 || height > G_MAXUINT16
      || n_slices > G_MAXUINT16 || total > G_MAXUINT32) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                 "a ProRes frame %u pixels high cannot be made of a %ux%u row",
                 height, row->width, row->height);
    return NULL;
  }
  out = g_malloc (total);
  memcpy (out, row_data, head);
  prw_prores_put_be32 (out, (guint32) total);
  prw_prores_put_be16 (out + PRW_PRORES_FRAME_PREFIX_SIZE + 10, height);
  memcpy (out + head, row_data + row->picture_offset, row->picture_header_size);
  prw_prores_put_be32 (out + head + 1, (guint32) (total - head));
  prw_prores_put_be16 (out + head + 5, (guint) n_slices);
  table = out + head + row->picture_header_size;
  dst = table + mb_height * table_size;
  for (guint r = 0; r < mb_height; r++) {
    memcpy (table + r * table_size, row_table, table_size);
    memcpy (dst + r * row_bytes, row_data + row->slices[0].offset, row_bytes);
  }
  return g_bytes_new_take (out, total);
}
