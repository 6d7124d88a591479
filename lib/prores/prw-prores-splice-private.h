/* libproreswriter: ProRes slices of strips put into a base frame (private)
 *
 * A ProRes picture is made of slices coded independently of each other
 * (SMPTE RDD 36; each has its own quantiser and its size in the picture's
 * slice table). A "strip" is a small frame encoded alone, with the same
 * encoder and settings as the base, whose slice grid lands on the base's
 * grid: its left edge on a slice boundary of the base (a multiple of the
 * slice width), its top on a macroblock row, and each of its rows cut into
 * the slices the base has there (a strip as wide as whole slices, or one
 * that reaches the base's right edge). Splicing copies the base's slices
 * outside the strips and the strips' slices inside, and writes the slice
 * table, the picture data size and the frame size anew; the frame header
 * and the picture header's other fields are the base's.
 */
#pragma once

#include "prw-prores-frame-private.h"

G_BEGIN_DECLS

typedef struct {
  const guint8 *data;          /* the strip frame's bytes */
  const PrwProresFrame *frame; /* parsed from them */
  guint mb_x, mb_y;            /* where its top left macroblock lands */
} PrwProresStrip;

/* a span of the base's bytes left out of a spliced frame's own bytes */
typedef struct {
  gsize own_offset;  /* where it goes, in the own bytes */
  gsize base_offset; /* where it is, in the base's bytes */
  gsize size;
} PrwProresShare;

gboolean prw_prores_splice_check_format (const PrwProresFrame *base,
                                         const PrwProresFrame *strip,
                                         const gchar *name, GError **error);

gboolean prw_prores_splice (const guint8 *base_data, const PrwProresFrame *base,
                            const PrwProresStrip *strips, guint n_strips,
                            guint8 *out, gsize out_size, gsize *out_needed,
                            GError **error);

gboolean prw_prores_splice_shared (const guint8 *base_data,
                                   const PrwProresFrame *base,
                                   const PrwProresStrip *strips, guint n_strips,
                                   guint8 *out, gsize out_size,
                                   gsize *out_needed, PrwProresShare *shares,
                                   guint max_shares, gsize min_share,
                                   guint *n_shares, GError **error);

GBytes *prw_prores_splice_repeat_rows (const guint8 *row_data,
                                       const PrwProresFrame *row, guint height,
                                       GError **error);

G_END_DECLS
