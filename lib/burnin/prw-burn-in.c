/* libproreswriter: the burn-in of a blank rush, in ProRes slice-aligned
 * cells
 *
 * A blank rush is black but for its burn-in, and a ProRes frame is a grid of
 * independently coded slices (one macroblock row, 16 px, tall; 8 macroblocks,
 * 128 px, wide by default). So the burn-in is laid out in cells that are
 * whole slices, and a frame is the black frame with its cells replaced. Most
 * cells show the same thing frame after frame: each has a key naming what it
 * shows, and an encoded cell is reused for every frame with the same key.
 *
 * The layout, for a 4096x2928 picture (timecode 141.5 px per em, two slice
 * columns per timecode group, "|" slice-column cell edges):
 *
 *   +---------------------------------------------------------------------+
 *   |                                                        |NO GRADE|   |
 *   |                                                                     |
 *   |                                                                     |
 *   |   |A001C003_230815_R2KX|                                            |
 *   |   |[SRC TC]|01:|00:|05:|07|                                         |
 *   +---------------------------------------------------------------------+
 *
 * The timecode is monospaced and its characters sit on a fixed pitch of a
 * third of a group cell, so that "HH:", "MM:" and "SS:" (or "SS;" in drop
 * frame) each fill one cell exactly: the frame digits' cell changes every
 * frame and takes as many keys as the rate has frame labels, the seconds'
 * cell changes once a second, and the minutes' and hours' cells hardly ever.
 * The font size is the one nearest the size the picture height asks for
 * (a twentieth of it) that gives such a pitch with little extra tracking;
 * where none is near enough (1280x720), the label and "HH:MM:SS:" share a
 * cell, right-aligned against the frame digits' cell, and for narrower
 * pictures still the label and timecode are one cell.
 *
 * Text is laid out by Pango and drawn by Cairo in DejaVu (fonts-dejavu-core),
 * white on black; the "SRC TC" label is black in a white box.
 */
#include "prw-burn-in-private.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#define TC_FONT "DejaVu Sans Mono Bold"
#define TEXT_FONT "DejaVu Sans Bold"
#define LABEL_TEXT "SRC TC"
#define GRADE_TEXT "NO GRADE"

/* ProRes macroblock rows */
#define ROW_PX 16u
/* the timecode's size: a twentieth of the picture height, at least this */
#define TC_MIN_PX 12.0
/* the other texts' size relative to the timecode's, at least this */
#define TEXT_SCALE 0.6
#define LABEL_SCALE 0.55
#define TEXT_MIN_PX 10.0
/* a split timecode may be this much larger or smaller than asked for, and
 * its digits' advance this much narrower than their pitch */
#define SPLIT_SIZE_TOLERANCE 0.2
#define SPLIT_MIN_FILL 0.8
/* the widest timecode label: "HH:MM:SS:FFF" */
#define TC_MAX_CHARS 12

typedef enum {
  LAYOUT_SPLIT,   /* label | HH: | MM: | SS: | FF */
  LAYOUT_SECONDS, /* label HH:MM:SS: | FF */
  LAYOUT_MERGED,  /* label HH:MM:SS:FF */
} LayoutKind;

typedef enum {
  SLOT_LABEL,
  SLOT_HH,
  SLOT_MM,
  SLOT_SS,
  SLOT_FF,
  SLOT_HMS,
  SLOT_ALL,
  SLOT_NAME,
  SLOT_GRADE,
} SlotKind;

/* the key of a cell is its tag, then for a timecode cell a space and the
 * characters it shows */
static const gchar *const slot_tags[] = {
  [SLOT_LABEL] = "label", [SLOT_HH] = "hh",     [SLOT_MM] = "mm",
  [SLOT_SS] = "ss",       [SLOT_FF] = "ff",     [SLOT_HMS] = "hms",
  [SLOT_ALL] = "tc",      [SLOT_NAME] = "name", [SLOT_GRADE] = "grade",
};

typedef struct {
  SlotKind kind;
  guint x, y, width, height;
} Slot;

struct _PrwBurnIn {
  guint width;
  guint height;
  guint slice_width;
  LayoutKind layout;
  Slot slots[PRW_BURN_IN_MAX_CELLS];
  guint n_slots;

  /* where things are, in picture pixels */
  gdouble tc_px;  /* the timecode's size, pixels per em */
  gdouble char_w; /* a timecode character's advance */
  guint group_w;  /* LAYOUT_SPLIT: a group's cell width, 3 character pitches */
  gdouble tc_x;   /* SPLIT: the first group's left edge; SECONDS: the frame
                     digits' left edge; MERGED: the timecode's left edge */
  gdouble tc_y;   /* top of the timecode's layout */
  gdouble prefix_w;                /* width of "HH:MM:SS:" */
  gint box_x, box_y, box_w, box_h; /* the label's white box */
  gdouble label_x, label_y;
  gdouble name_x, name_y;
  gdouble grade_x, grade_y;
  gboolean has_name;

  /* Pango objects are not thread-safe: drawing holds the lock */
  GMutex lock;
  PangoFontMap *font_map;
  PangoContext *context;
  PangoLayout *tc;
  PangoLayout *label;
  PangoLayout *name;
  PangoLayout *grade;
  gchar *name_text;
};

static guint
floor_to (guint v, guint step)
{
  return v / step * step;
}

static guint
ceil_to (guint v, guint step)
{
  return (v + step - 1) / step * step;
}

static guint
ceil_px (gdouble v)
{
  return v <= 0 ? 0 : (guint) ceil (v);
}

static PangoLayout *
layout_new (PrwBurnIn *b, const gchar *font, gdouble px, const gchar *text)
{
  PangoLayout *layout = pango_layout_new (b->context);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_font_description_set_absolute_size (desc, px * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* in pixels */
typedef struct {
  gdouble ink_y, ink_w, ink_h;
  gdouble log_w, log_h;
} Extents;

static Extents
extents_of (PangoLayout *layout)
{
  PangoRectangle ink, logical;
  Extents e;

  pango_layout_get_extents (layout, &ink, &logical);
  e.ink_y = (gdouble) (ink.y - logical.y) / PANGO_SCALE;
  e.ink_w = (gdouble) ink.width / PANGO_SCALE;
  e.ink_h = (gdouble) ink.height / PANGO_SCALE;
  e.log_w = (gdouble) logical.width / PANGO_SCALE;
  e.log_h = (gdouble) logical.height / PANGO_SCALE;
  return e;
}

static void
slot_add (PrwBurnIn *b, SlotKind kind, guint x, guint end, guint y,
          guint height)
{
  Slot *slot;

  g_assert (b->n_slots < PRW_BURN_IN_MAX_CELLS);
  slot = &b->slots[b->n_slots++];
  slot->kind = kind;
  slot->x = x;
  slot->y = y;
  slot->width = end - x;
  slot->height = height;
}

static void
layouts_clear (PrwBurnIn *b)
{
  g_clear_object (&b->tc);
  g_clear_object (&b->label);
  g_clear_object (&b->name);
  g_clear_object (&b->grade);
}

/* The advance of a timecode digit at 1 px per em. */
static gdouble
digit_advance_per_px (PrwBurnIn *b)
{
  PangoLayout *layout = layout_new (b, TC_FONT, 100.0, "0");
  gdouble advance = extents_of (layout).log_w / 100.0;

  g_object_unref (layout);
  return advance;
}

/* Lays the burn-in out with the timecode at tc_px pixels per em (and, for
 * LAYOUT_SPLIT, group_w pixels per group). FALSE if it does not fit the
 * picture. */
static gboolean
try_layout (PrwBurnIn *b, LayoutKind kind, gdouble tc_px, guint group_w)
{
  const guint W = b->width, H = b->height, sw = b->slice_width;
  gdouble text_px = MAX (tc_px * TEXT_SCALE, TEXT_MIN_PX);
  gdouble label_px = MAX (tc_px * LABEL_SCALE, TEXT_MIN_PX);
  Extents digits, label, prefix, grade, name = { 0 };
  guint margin, pad, gap, row_h, row_y, bottom, name_row_h = 0;
  guint grade_row_y, grade_row_h, top_of_bottom_rows;
  guint x;
  gdouble tc_end, centre;

  layouts_clear (b);
  b->n_slots = 0;
  b->layout = kind;
  b->tc_px = tc_px;
  b->group_w = group_w;

  b->tc = layout_new (b, TC_FONT, tc_px, "0123456789:;");
  digits = extents_of (b->tc);
  pango_layout_set_text (b->tc, "00:00:00:", -1);
  prefix = extents_of (b->tc);
  pango_layout_set_text (b->tc, "0", -1);
  b->char_w = extents_of (b->tc).log_w;
  b->prefix_w = prefix.log_w;
  b->label = layout_new (b, TEXT_FONT, label_px, LABEL_TEXT);
  label = extents_of (b->label);
  b->grade = layout_new (b, TEXT_FONT, text_px, GRADE_TEXT);
  grade = extents_of (b->grade);

  /* title-safe margin, padding inside the rows, gap after the label box */
  margin = (H * 35 + 500) / 1000;
  pad = MAX (2u, (guint) lround (tc_px * 0.08));
  gap = MAX (4u, (guint) lround (b->char_w * 0.4));

  /* the bottom row: label box and timecode, centred on the digits' ink */
  b->box_h = (gint) ceil (digits.ink_h) + 2 * (gint) pad;
  b->box_w = (gint) ceil (label.log_w) + 3 * (gint) pad;
  row_h = ceil_to ((guint) b->box_h + 2 * pad, ROW_PX);
  if (H < margin + row_h)
    return FALSE;
  bottom = floor_to (H - margin, ROW_PX);
  if (bottom < row_h)
    return FALSE;
  row_y = bottom - row_h;
  centre = row_y + row_h / 2.0;
  b->tc_y = round (centre - (digits.ink_y + digits.ink_h / 2.0));
  b->box_y = (gint) lround (centre - b->box_h / 2.0);

  switch (kind) {
    case LAYOUT_SPLIT: {
      guint start = ceil_to (margin + (guint) b->box_w + gap, sw);
      guint i;

      if (b->char_w > group_w / 3.0)
        return FALSE;
      b->tc_x = start;
      b->box_x = (gint) (start - gap) - b->box_w;
      tc_end = start + 4.0 * group_w;
      if (tc_end > (gdouble) W - margin)
        return FALSE;
      slot_add (b, SLOT_LABEL, floor_to ((guint) b->box_x, sw), start, row_y,
                row_h);
      for (i = 0; i < 4; i++)
        slot_add (b, SLOT_HH + i, start + i * group_w,
                  start + (i + 1) * group_w, row_y, row_h);
      break;
    }
    case LAYOUT_SECONDS: {
      guint edge = ceil_to (
          margin + (guint) b->box_w + gap + ceil_px (b->prefix_w), sw);

      b->tc_x = edge;
      b->box_x
          = (gint) edge - (gint) ceil_px (b->prefix_w) - (gint) gap - b->box_w;
      tc_end = edge + 3.0 * b->char_w;
      if (tc_end > (gdouble) W - margin)
        return FALSE;
      slot_add (b, SLOT_HMS, floor_to ((guint) b->box_x, sw), edge, row_y,
                row_h);
      slot_add (b, SLOT_FF, edge, MIN (W, ceil_to (ceil_px (tc_end), sw)),
                row_y, row_h);
      break;
    }
    case LAYOUT_MERGED:
      b->box_x = (gint) margin;
      b->tc_x = margin + b->box_w + gap;
      tc_end = b->tc_x + TC_MAX_CHARS * b->char_w;
      if (tc_end > (gdouble) W - margin)
        return FALSE;
      slot_add (b, SLOT_ALL, floor_to (margin, sw),
                MIN (W, ceil_to (ceil_px (tc_end), sw)), row_y, row_h);
      break;
    default:
      g_assert_not_reached ();
  }
  b->label_x = b->box_x + (b->box_w - label.log_w) / 2.0;
  b->label_y
      = round (b->box_y + b->box_h / 2.0 - (label.ink_y + label.ink_h / 2.0));
  top_of_bottom_rows = row_y;

  /* the clip name, above, from the label box's left edge to the margin
   * (none if it shows nothing: only spaces or invisible characters) */
  b->name_x = b->box_x;
  b->has_name = FALSE;
  if (b->name_text != NULL
      && (gdouble) W - margin - b->name_x >= 3.0 * text_px) {
    b->name = layout_new (b, TEXT_FONT, text_px, b->name_text);
    /* a left-to-right paragraph, left-aligned, even for a right-to-left
     * name (whose characters Pango still orders right to left) */
    pango_layout_set_auto_dir (b->name, FALSE);
    pango_layout_set_width (b->name,
                            (gint) ((W - margin - b->name_x) * PANGO_SCALE));
    pango_layout_set_ellipsize (b->name, PANGO_ELLIPSIZE_END);
    name = extents_of (b->name);
    b->has_name = name.ink_w > 0 && name.ink_h > 0;
  }
  if (b->has_name) {
    guint name_x = floor_to ((guint) b->name_x, sw);

    name_row_h = ceil_to (ceil_px (name.log_h) + 2 * pad, ROW_PX);
    if (row_y < name_row_h)
      return FALSE;
    top_of_bottom_rows = row_y - name_row_h;
    b->name_y = round (top_of_bottom_rows + (name_row_h - name.log_h) / 2.0);
    /* the layout's width is the ellipsizing width; the text may be shorter */
    x = MAX (ceil_px (b->name_x + name.log_w), name_x + 1);
    slot_add (b, SLOT_NAME, name_x, MIN (W, ceil_to (x, sw)),
              top_of_bottom_rows, name_row_h);
  }

  /* NO GRADE at the top right */
  grade_row_y = floor_to (margin, ROW_PX);
  grade_row_h = ceil_to (ceil_px (grade.log_h) + 2 * pad, ROW_PX);
  if (grade_row_y + grade_row_h > top_of_bottom_rows)
    return FALSE;
  if ((gdouble) W - margin < grade.log_w + margin)
    return FALSE;
  b->grade_x = floor ((gdouble) W - margin - grade.log_w);
  b->grade_y = round (grade_row_y + (grade_row_h - grade.log_h) / 2.0);
  if (b->grade_x < tc_end && grade_row_y + grade_row_h > row_y)
    return FALSE;
  slot_add (b, SLOT_GRADE, floor_to ((guint) b->grade_x, sw),
            MIN (W, ceil_to (W - margin, sw)), grade_row_y, grade_row_h);
  return TRUE;
}

/* The split layout's timecode size nearest asked_px: the character pitch is
 * a third of k slice columns, and a digit's advance fills at least
 * SPLIT_MIN_FILL of it. 0 if none is within SPLIT_SIZE_TOLERANCE. */
static gdouble
split_size (PrwBurnIn *b, gdouble asked_px, guint *group_w)
{
  gdouble advance = digit_advance_per_px (b);
  gdouble best = 0, best_error = SPLIT_SIZE_TOLERANCE;
  guint k;

  for (k = 1; k * b->slice_width <= b->width; k++) {
    gdouble pitch = k * b->slice_width / 3.0;
    /* a little below the pitch, so that rounding cannot overrun it */
    gdouble largest = floor (pitch / advance * 0.995 * 4) / 4;
    gdouble smallest = pitch * SPLIT_MIN_FILL / advance;
    gdouble px = CLAMP (asked_px, smallest, largest);
    gdouble error = fabs (px - asked_px) / asked_px;

    if (error <= best_error) {
      best = px;
      best_error = error;
      *group_w = k * b->slice_width;
    }
  }
  return best;
}

PrwBurnIn *
prw_burn_in_new (guint width, guint height, guint slice_width_px,
                 const gchar *clip_name, GError **error)
{
  g_autoptr (PrwBurnIn) b = NULL;
  cairo_font_options_t *options;
  gdouble asked_px, split_px;
  guint group_w = 0;

  g_return_val_if_fail (slice_width_px > 0 && slice_width_px % 16 == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  b = g_new0 (PrwBurnIn, 1);
  g_mutex_init (&b->lock);
  b->width = width;
  b->height = height;
  b->slice_width = slice_width_px;
  if (clip_name != NULL && clip_name[0] != '\0')
    b->name_text = g_utf8_make_valid (clip_name, -1);

  /* A font map of our own: the default one is per thread. Grey
   * antialiasing, outlines hinted only vertically, unhinted advances (the
   * timecode's pitch scales exactly with its size). */
  b->font_map = pango_cairo_font_map_new ();
  b->context = pango_font_map_create_context (b->font_map);
  options = cairo_font_options_create ();
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (b->context, options);
  cairo_font_options_destroy (options);

  asked_px = MAX (height / 20.0, TC_MIN_PX);
  if (width > 0 && height > 0) {
    split_px = split_size (b, asked_px, &group_w);
    if (split_px > 0 && try_layout (b, LAYOUT_SPLIT, split_px, group_w))
      return g_steal_pointer (&b);
    if (try_layout (b, LAYOUT_SECONDS, asked_px, 0))
      return g_steal_pointer (&b);
    if (try_layout (b, LAYOUT_MERGED, asked_px, 0))
      return g_steal_pointer (&b);
  }
  g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
               "%ux%u: too small for a burn-in (the timecode, its label and "
               "NO GRADE at %.0f px need more room)",
               width, height, asked_px);
  return NULL;
}

void
prw_burn_in_free (PrwBurnIn *b)
{
  if (b == NULL)
    return;
  layouts_clear (b);
  g_clear_object (&b->context);
  g_clear_object (&b->font_map);
  g_free (b->name_text);
  g_mutex_clear (&b->lock);
  g_free (b);
}

guint
prw_burn_in_get_timecode_cells (PrwBurnIn *b)
{
  g_return_val_if_fail (b != NULL, 0);

  switch (b->layout) {
    case LAYOUT_SPLIT:
      return 4;
    case LAYOUT_SECONDS:
      return 2;
    default:
      return 1;
  }
}

gdouble
prw_burn_in_get_timecode_size (PrwBurnIn *b)
{
  g_return_val_if_fail (b != NULL, 0);

  return b->tc_px;
}

/* The characters of label (as prw_timecode_to_string() writes it: "HH:MM:SS:"
 * then two or three frame digits) that a timecode slot shows, or NULL. */
static const gchar *
slot_text (SlotKind kind, const gchar *label, gchar *buf, gsize size)
{
  switch (kind) {
    case SLOT_HH:
    case SLOT_MM:
    case SLOT_SS:
      g_strlcpy (buf, label + 3 * (kind - SLOT_HH), MIN (size, 4));
      return buf;
    case SLOT_FF:
      return label + 9;
    case SLOT_HMS:
      g_strlcpy (buf, label, MIN (size, 10));
      return buf;
    case SLOT_ALL:
      return label;
    default:
      return NULL;
  }
}

guint
prw_burn_in_get_cells (PrwBurnIn *b, const PrwTimecode *tc,
                       PrwBurnInCell *cells, guint max_cells)
{
  g_autofree gchar *label = NULL;
  guint i, n;

  g_return_val_if_fail (b != NULL, 0);
  g_return_val_if_fail (tc != NULL, 0);
  g_return_val_if_fail (cells != NULL || max_cells == 0, 0);

  label = prw_timecode_to_string (tc);
  g_return_val_if_fail (label != NULL && strlen (label) >= 11
                            && strlen (label) <= TC_MAX_CHARS,
                        0);

  n = MIN (max_cells, b->n_slots);
  for (i = 0; i < n; i++) {
    const Slot *slot = &b->slots[i];
    gchar buf[16];
    const gchar *text = slot_text (slot->kind, label, buf, sizeof buf);

    cells[i].x = slot->x;
    cells[i].y = slot->y;
    cells[i].width = slot->width;
    cells[i].height = slot->height;
    if (text != NULL)
      g_snprintf (cells[i].key, sizeof cells[i].key, "%s %s",
                  slot_tags[slot->kind], text);
    else
      g_strlcpy (cells[i].key, slot_tags[slot->kind], sizeof cells[i].key);
  }
  return n;
}

static void
show (cairo_t *cr, PangoLayout *layout, gdouble x, gdouble y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_label (PrwBurnIn *b, cairo_t *cr)
{
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, b->box_x, b->box_y, b->box_w, b->box_h);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  show (cr, b->label, b->label_x, b->label_y);
  cairo_set_source_rgb (cr, 1, 1, 1);
}

/* The characters of group (0: hours ... 3: frames), each centred on its
 * pitch, a third of the group's cell. */
static void
draw_group (PrwBurnIn *b, cairo_t *cr, guint group, const gchar *text)
{
  guint i;

  for (i = 0; text[i] != '\0' && i < 3; i++) {
    gdouble pitch_x
        = b->tc_x + group * b->group_w + (gdouble) (i * b->group_w / 3);

    pango_layout_set_text (b->tc, text + i, 1);
    show (cr, b->tc, round (pitch_x + (b->group_w / 3 - b->char_w) / 2),
          b->tc_y);
  }
}

void
prw_burn_in_draw_cell (PrwBurnIn *b, const PrwTimecode *tc,
                       const PrwBurnInCell *cell, guint8 *argb32, gint stride)
{
  const Slot *slot = NULL;
  const gchar *text = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint i;

  g_return_if_fail (b != NULL);
  g_return_if_fail (cell != NULL);
  g_return_if_fail (argb32 != NULL);
  g_return_if_fail (stride >= 0 && stride % 4 == 0
                    && (guint) stride >= 4 * cell->width);

  /* the slot this cell is; its text is in the key */
  for (i = 0; i < b->n_slots && slot == NULL; i++) {
    const Slot *s = &b->slots[i];
    gsize tag_len = strlen (slot_tags[s->kind]);

    if (s->x == cell->x && s->y == cell->y && s->width == cell->width
        && s->height == cell->height
        && strncmp (cell->key, slot_tags[s->kind], tag_len) == 0
        && (cell->key[tag_len] == '\0' || cell->key[tag_len] == ' ')) {
      slot = s;
      if (cell->key[tag_len] == ' ')
        text = cell->key + tag_len + 1;
    }
  }
  g_return_if_fail (slot != NULL);

  surface = cairo_image_surface_create_for_data (argb32, CAIRO_FORMAT_ARGB32,
                                                 (gint) cell->width,
                                                 (gint) cell->height, stride);
  cr = cairo_create (surface);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  cairo_translate (cr, -(gdouble) cell->x, -(gdouble) cell->y);
  cairo_set_source_rgb (cr, 1, 1, 1);

  g_mutex_lock (&b->lock);
  switch (slot->kind) {
    case SLOT_LABEL:
      draw_label (b, cr);
      break;
    case SLOT_HH:
    case SLOT_MM:
    case SLOT_SS:
      if (text != NULL)
        draw_group (b, cr, slot->kind - SLOT_HH, text);
      break;
    case SLOT_FF:
      if (text == NULL)
        break;
      if (b->layout == LAYOUT_SPLIT) {
        draw_group (b, cr, 3, text);
      } else {
        pango_layout_set_text (b->tc, text, -1);
        show (cr, b->tc, b->tc_x, b->tc_y);
      }
      break;
    case SLOT_HMS:
      draw_label (b, cr);
      if (text != NULL) {
        pango_layout_set_text (b->tc, text, -1);
        show (cr, b->tc, b->tc_x - b->prefix_w, b->tc_y);
      }
      break;
    case SLOT_ALL:
      draw_label (b, cr);
      if (text != NULL) {
        pango_layout_set_text (b->tc, text, -1);
        show (cr, b->tc, b->tc_x, b->tc_y);
      }
      break;
    case SLOT_NAME:
      show (cr, b->name, b->name_x, b->name_y);
      break;
    case SLOT_GRADE:
      show (cr, b->grade, b->grade_x, b->grade_y);
      break;
    default:
      g_assert_not_reached ();
  }
  g_mutex_unlock (&b->lock);

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cairo_surface_destroy (surface);
}
