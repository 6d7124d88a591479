/* libproreswriter: the burn-in of a blank rush, in ProRes slice-aligned
 * cells (private) */
#pragma once

#include <proreswriter/proreswriter.h>

G_BEGIN_DECLS

/* The most cells a frame's burn-in has (prw_burn_in_get_cells()). */
#define PRW_BURN_IN_MAX_CELLS 8

/* One rectangle of the picture that differs from black, in pixels from the
 * picture's top left. x and width are multiples of the slice width given to
 * prw_burn_in_new(), except that a cell may end at the picture's right edge
 * (the last slice column of a row is narrower when the width is not a
 * multiple of it); y and height are multiples of 16 (a ProRes slice is one
 * macroblock row tall). Cells never overlap and lie inside the picture.
 *
 * key names what the cell shows, as a NUL-terminated string: within one
 * PrwBurnIn, two cells with equal keys have the same geometry and
 * byte-identical pixels, so an encoded cell may be cached by its key (a cache
 * shared by several PrwBurnIns must add the instance to the key). */
typedef struct {
  guint x;
  guint y;
  guint width;
  guint height;
  gchar key[64];
} PrwBurnInCell;

typedef struct _PrwBurnIn PrwBurnIn;

/* The burn-in of a width x height picture whose slices are slice_width_px
 * wide (8 macroblocks: 128; a positive multiple of 16): a "SRC TC" label box
 * and the running source timecode at the bottom left, the clip name above
 * them, "NO GRADE" at the top right, sized relative to the picture height.
 * clip_name is any UTF-8 (invalid bytes are shown as U+FFFD), ellipsized at
 * its end to the picture; NULL or "" gives no name cell.
 *
 * The timecode is split so that few cells change: with room, "HH:", "MM:",
 * "SS:" and the frame digits each have a cell (the digits' cell changes every
 * frame, the seconds' cell every second); with less, the label and
 * "HH:MM:SS:" share one cell and the frame digits have another; with less
 * still, the label and the whole timecode are one cell. A picture too small
 * for even that (about 256x144 is the smallest that fits) is
 * PRW_ERROR_UNSUPPORTED, naming the size. */
PrwBurnIn *prw_burn_in_new (guint width, guint height, guint slice_width_px,
                            const gchar *clip_name, GError **error);

/* Fills cells with the cells that differ from black in the frame showing tc,
 * in a fixed order (label, timecode from left to right, name, NO GRADE), and
 * returns how many: at most max_cells (pass PRW_BURN_IN_MAX_CELLS; fewer
 * gives the first max_cells). The geometry of each cell is the same for
 * every frame; only the timecode cells' keys change. Thread-safe. */
guint prw_burn_in_get_cells (PrwBurnIn *b, const PrwTimecode *tc,
                             PrwBurnInCell *cells, guint max_cells);

/* Paints cell (as prw_burn_in_get_cells() gave it for tc) as the frame shows
 * it: opaque, on black, into a Cairo ARGB32 raster (native-endian
 * premultiplied 0xAARRGGBB words, alpha 255 everywhere) of cell->width x
 * cell->height pixels at argb32, whose rows are stride bytes apart (a
 * multiple of 4, at least 4 * cell->width; argb32 4-byte aligned). The
 * pixels are a function of the cell's key alone. Serialised by a lock:
 * callable from any thread. */
void prw_burn_in_draw_cell (PrwBurnIn *b, const PrwTimecode *tc,
                            const PrwBurnInCell *cell, guint8 *argb32,
                            gint stride);

/* How the timecode is split: 4 (one cell per group), 2 (label with
 * "HH:MM:SS:", then the frame digits) or 1 (label and timecode in one
 * cell). */
guint prw_burn_in_get_timecode_cells (PrwBurnIn *b);

/* The timecode's font size, in pixels per em. */
gdouble prw_burn_in_get_timecode_size (PrwBurnIn *b);

void prw_burn_in_free (PrwBurnIn *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrwBurnIn, prw_burn_in_free)

G_END_DECLS
