/* libproreswriter: one ProRes frame, parsed (private)
 *
 * The layout (SMPTE RDD 36; FFmpeg's proresdec.c reads it the same way),
 * every field big-endian:
 *
 *   frame     = frame size (4 bytes, the whole frame) + 'icpf'
 *               + frame header + picture (two for interlaced: refused)
 *   header    = header size (2), version (2), creator (4), width (2),
 *               height (2), chroma format (2 bits) | interlace mode (2 bits
 *               at bit 2), reserved, aspect ratio (4 bits) | frame rate (4
 *               bits), colour primaries, transfer, matrix, alpha info (low 4
 *               bits), reserved, flags (bit 1: luma matrix follows, bit 0:
 *               chroma matrix follows), the matrices (64 bytes each)
 *   picture   = header size (5 bits, bytes) ... , picture data size (4, the
 *               whole picture), slice count (2), log2 slice width in
 *               macroblocks (4 bits) | log2 slice height (4 bits, 0)
 *               + slice index table (2 bytes per slice: its size)
 *               + the slices, in raster order
 *   slice     = header size (5 bits, bytes), quantiser (1), luma size (2),
 *               Cb size (2), [Cr size (2) where the header is 8 bytes or
 *               more], then the coded data; what is left is the alpha's
 *
 * A row of macroblocks is cut into slices of (1 << log2) macroblocks, and
 * the rest of the row into ever halving slices (a 63-macroblock row with
 * 8-macroblock slices: seven of 8, then 4, 2 and 1).
 *
 * The parser checks every size against the bytes it is given and the
 * slice count against the picture's size; it reads the slices' own headers
 * too. It keeps offsets into the caller's bytes, which must outlive it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* chroma format codes of the frame header */
#define PRW_PRORES_CHROMA_422 2
#define PRW_PRORES_CHROMA_444 3

/* fixed sizes of the layout, in bytes */
#define PRW_PRORES_FRAME_PREFIX_SIZE 8 /* frame size + 'icpf' */
#define PRW_PRORES_FRAME_HEADER_MIN 20 /* the header without matrices */
#define PRW_PRORES_PICTURE_HEADER_MIN 8

/* offsets of the colour description inside the frame header */
#define PRW_PRORES_HEADER_PRIMARIES 14
#define PRW_PRORES_HEADER_TRANSFER 15
#define PRW_PRORES_HEADER_MATRIX 16

typedef struct {
  gsize offset;     /* from the start of the frame */
  guint16 size;     /* bytes, from the slice index table */
  guint16 mb_x;     /* first macroblock column */
  guint16 mb_y;     /* macroblock row */
  guint16 mb_count; /* width in macroblocks */
} PrwProresSlice;

typedef struct {
  gsize frame_size; /* the frame's first field (may be followed by
                       stuffing after the picture) */
  /* frame header */
  gsize header_size; /* bytes, from just after 'icpf' */
  guint16 version;
  guint32 creator;      /* fourcc, big-endian order */
  guint width, height;  /* pixels */
  guint chroma_format;  /* PRW_PRORES_CHROMA_422 or _444 */
  guint interlace_mode; /* 0 (progressive: the only one accepted) */
  guint aspect_ratio_code, frame_rate_code;
  guint colour_primaries, transfer, matrix; /* ISO/IEC 23091-4 codes */
  guint alpha_info;                         /* 0 none, 1 8-bit, 2 16-bit */
  gboolean has_luma_matrix, has_chroma_matrix;
  guint8 luma_matrix[64];   /* as coded; all 4 where not coded */
  guint8 chroma_matrix[64]; /* as coded; the luma one where not coded */
  /* picture */
  gsize picture_offset; /* from the start of the frame */
  guint picture_header_size;
  gsize picture_data_size; /* the whole picture, header included */
  guint log2_slice_mb_width;
  guint mb_width, mb_height;
  guint slices_per_row; /* every row is cut the same way */
  guint n_slices;
  PrwProresSlice *slices; /* n_slices, raster order */
} PrwProresFrame;

PrwProresFrame *prw_prores_frame_parse (const guint8 *data, gsize size,
                                        const gchar *name, GError **error);
void prw_prores_frame_free (PrwProresFrame *frame);

guint prw_prores_frame_get_slice_width (const PrwProresFrame *frame);
gint prw_prores_frame_find_slice (const PrwProresFrame *frame, guint mb_x,
                                  guint mb_y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrwProresFrame, prw_prores_frame_free)

static inline guint
prw_prores_be16 (const guint8 *p)
{
  return ((guint) p[0] << 8) | p[1];
}

static inline guint32
prw_prores_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8)
         | p[3];
}

static inline void
prw_prores_put_be16 (guint8 *p, guint v)
{
  p[0] = (guint8) (v >> 8);
  p[1] = (guint8) v;
}

static inline void
prw_prores_put_be32 (guint8 *p, guint32 v)
{
  p[0] = (guint8) (v >> 24);
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

G_END_DECLS
