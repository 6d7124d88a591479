/* libproreswriter: the frames of a blank rush (private)
 *
 * A blank rush is black, with a burn-in drawn in a few "cells". The black
 * frame is encoded once; each other frame is the black frame with the
 * cells' slices spliced in (prw-prores-splice-private.h). A cell is a
 * rectangle on the frame's slice grid: x and width multiples of the slice
 * width (128 pixels for avenc_prores_ks's 8-macroblock slices; a cell may
 * instead end at the frame's right edge), y and height multiples of 16
 * (or ending at the bottom edge). It has a key: two cells at the same
 * place with the same key show the same pixels. Each distinct (rectangle,
 * key) is drawn and encoded once, then kept (16 MB of encoded cells at
 * most by default; past that, the cache starts again at the next frame).
 *
 * The cell's shape is PrwBurnInCell's (lib/burnin/), so that burn-in cells
 * pass through as they are.
 */
#pragma once

#include <gst/gst.h>

#include "prw-prores-encoder-private.h"

G_BEGIN_DECLS

typedef struct {
  guint x, y, width, height; /* pixels */
  gchar key[64];             /* NUL-terminated */
} PrwBlankCell;

/* Paints cell @index (of the list given to prw_blank_frames_get_frame())
 * into @argb32, cairo ARGB32 of the cell's size with rows of @stride
 * bytes, which holds opaque black when called. */
typedef void (*PrwBlankDrawFunc) (guint index, const PrwBlankCell *cell,
                                  guint8 *argb32, gint stride,
                                  gpointer user_data);

typedef struct _PrwBlankFrames PrwBlankFrames;

PrwBlankFrames *prw_blank_frames_new (const gchar *element_name,
                                      PrwProresProfile profile, guint width,
                                      guint height,
                                      const PrwProresColour *colour,
                                      GError **error);
PrwBlankFrames *
prw_blank_frames_new_full (const gchar *element_name, PrwProresProfile profile,
                           gboolean alpha, guint width, guint height,
                           const PrwProresColour *colour, GError **error);
void prw_blank_frames_free (PrwBlankFrames *self);

GstBuffer *prw_blank_frames_get_frame (PrwBlankFrames *self, gint64 n,
                                       const PrwBlankCell *cells, guint n_cells,
                                       PrwBlankDrawFunc draw,
                                       gpointer user_data, GError **error);

GstBuffer *prw_blank_frames_get_black (PrwBlankFrames *self);
guint prw_blank_frames_get_slice_width (PrwBlankFrames *self);
guint prw_blank_frames_get_n_cells_encoded (PrwBlankFrames *self);
PrwProresEncoder *prw_blank_frames_get_encoder (PrwBlankFrames *self);
void prw_blank_frames_set_cache_limit (PrwBlankFrames *self, gsize max_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrwBlankFrames, prw_blank_frames_free)

G_END_DECLS
