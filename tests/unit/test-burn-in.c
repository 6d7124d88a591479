/* libproreswriter: unit tests of the blank rush's burn-in (lib/burnin/)
 *
 * The layout: every cell slice-aligned, inside the picture, not overlapping
 * another. The keys: over runs of frames the number of distinct keys is what
 * the timecode's fields take, and equal keys give byte-identical pixels.
 * Legibility: a frame composed from its cells is written to a PNG and read
 * back with tesseract (Debian's tesseract-ocr; required, not skipped).
 */

#include <check.h>
#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>
#include <proreswriter/proreswriter.h>

#include "burnin/prw-burn-in-private.h"

#define SLICE 128u

typedef struct {
  guint width, height;
  guint tc_cells; /* how the timecode is split there */
} Size;

static const Size sizes[] = {
  { 4096, 2928, 4 }, { 3840, 2160, 4 }, { 4096, 2160, 4 }, { 1920, 1080, 4 },
  { 2048, 858, 2 },  { 1280, 720, 2 },  { 1000, 562, 2 },  { 720, 486, 2 },
  { 256, 144, 2 },   { 160, 90, 2 },    { 150, 144, 1 },   { 1280, 2000, 2 },
};

static const gchar *const names[] = {
  NULL,
  "",
  "A001C003_230815_R2KX",
  "Scène 12 — Take 3 / 東京 / שלום / 🎬",
  "invalid \xff\xfe bytes",
  "line\nbreak\ttab",
  "a very long clip name that goes on and on, far beyond the width of any "
  "picture, so that it has to be ellipsized at its end to fit the cell it "
  "is given and never spills into another cell or out of the picture at "
  "all, whatever the picture size is, even at 8K",
};

static PrwTimecode *
tc_at (guint num, guint den, gboolean drop, const gchar *label)
{
  GError *error = NULL;
  PrwTimecode *tc
      = prw_timecode_new_from_string (label, num, den, drop, &error);

  ck_assert_msg (tc != NULL, "%s", error ? error->message : "");
  return tc;
}

static PrwBurnIn *
burn_in_new (guint width, guint height, const gchar *name)
{
  GError *error = NULL;
  PrwBurnIn *b = prw_burn_in_new (width, height, SLICE, name, &error);

  ck_assert_msg (b != NULL, "%ux%u: %s", width, height,
                 error ? error->message : "");
  return b;
}

static gboolean
has_key_with_tag (const PrwBurnInCell *cells, guint n, const gchar *tag)
{
  for (guint i = 0; i < n; i++)
    if (g_str_has_prefix (cells[i].key, tag)
        && (cells[i].key[strlen (tag)] == '\0'
            || cells[i].key[strlen (tag)] == ' '))
      return TRUE;
  return FALSE;
}

static void
check_geometry (const PrwBurnInCell *cells, guint n, guint width, guint height,
                const gchar *what)
{
  for (guint i = 0; i < n; i++) {
    const PrwBurnInCell *c = &cells[i];

    ck_assert_msg (c->width > 0 && c->height > 0, "%s: %s empty", what, c->key);
    ck_assert_msg (c->x % SLICE == 0, "%s: %s x %u", what, c->key, c->x);
    ck_assert_msg (c->width % SLICE == 0 || c->x + c->width == width,
                   "%s: %s x %u width %u", what, c->key, c->x, c->width);
    ck_assert_msg (c->y % 16 == 0 && c->height % 16 == 0,
                   "%s: %s y %u height %u", what, c->key, c->y, c->height);
    ck_assert_msg (c->x + c->width <= width && c->y + c->height <= height,
                   "%s: %s %u,%u %ux%u outside", what, c->key, c->x, c->y,
                   c->width, c->height);
    for (guint j = 0; j < i; j++) {
      const PrwBurnInCell *d = &cells[j];
      gboolean apart = c->x + c->width <= d->x || d->x + d->width <= c->x
                       || c->y + c->height <= d->y || d->y + d->height <= c->y;

      ck_assert_msg (apart, "%s: %s and %s overlap", what, c->key, d->key);
    }
  }
}

/* A cell drawn on its own, into a buffer of exactly its size. */
static guint8 *
draw_alone (PrwBurnIn *b, const PrwTimecode *tc, const PrwBurnInCell *cell,
            gsize *size)
{
  gint stride = (gint) cell->width * 4;
  guint8 *pixels;

  *size = (gsize) stride * cell->height;
  pixels = g_malloc (*size);
  memset (pixels, 0x5a, *size); /* not black: drawing must paint it all */
  prw_burn_in_draw_cell (b, tc, cell, pixels, stride);
  return pixels;
}

/* (Check's assertions write to a pipe each time: per-pixel checks test
 * first and fail through ck_abort_msg.) */
static void
check_opaque (const guint8 *pixels, gsize size, const gchar *key)
{
  for (gsize i = 0; i < size; i += 4) {
    guint32 argb;

    memcpy (&argb, pixels + i, 4);
    if (argb >> 24 != 0xff)
      ck_abort_msg ("%s: alpha %u at byte %" G_GSIZE_FORMAT, key, argb >> 24,
                    i);
  }
}

static gboolean
has_ink (const guint8 *pixels, gsize size)
{
  for (gsize i = 0; i < size; i += 4) {
    guint32 argb;

    memcpy (&argb, pixels + i, 4);
    if ((argb & 0xffffff) != 0)
      return TRUE;
  }
  return FALSE;
}

START_TEST (test_layout)
{
  g_autoptr (PrwTimecode) tc1 = tc_at (25, 1, FALSE, "01:00:05:07");
  g_autoptr (PrwTimecode) tc2 = tc_at (25, 1, FALSE, "23:59:59:24");
  g_autoptr (PrwTimecode) tc3 = tc_at (120, 1, FALSE, "12:34:56:119");

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++) {
    for (guint k = 0; k < G_N_ELEMENTS (names); k++) {
      const Size *size = &sizes[s];
      g_autoptr (PrwBurnIn) b
          = burn_in_new (size->width, size->height, names[k]);
      PrwBurnInCell a[PRW_BURN_IN_MAX_CELLS], c[PRW_BURN_IN_MAX_CELLS];
      g_autofree gchar *what
          = g_strdup_printf ("%ux%u name %u", size->width, size->height, k);
      guint n = prw_burn_in_get_cells (b, tc1, a, PRW_BURN_IN_MAX_CELLS);
      gboolean named = names[k] != NULL && names[k][0] != '\0';

      ck_assert_uint_ge (n, 2);
      ck_assert_uint_le (n, PRW_BURN_IN_MAX_CELLS);
      ck_assert_uint_eq (prw_burn_in_get_timecode_cells (b), size->tc_cells);
      check_geometry (a, n, size->width, size->height, what);
      ck_assert_msg (has_key_with_tag (a, n, "name") == named, "%s", what);
      ck_assert (has_key_with_tag (a, n, "grade"));
      ck_assert_uint_eq (n, (size->tc_cells == 4   ? 5
                             : size->tc_cells == 2 ? 2
                                                   : 1)
                                + 1 + named);

      /* the same geometry for every frame, at every rate */
      ck_assert_uint_eq (prw_burn_in_get_cells (b, tc2, c, G_N_ELEMENTS (c)),
                         n);
      for (guint i = 0; i < n; i++)
        ck_assert (a[i].x == c[i].x && a[i].y == c[i].y
                   && a[i].width == c[i].width && a[i].height == c[i].height);
      ck_assert_uint_eq (prw_burn_in_get_cells (b, tc3, c, G_N_ELEMENTS (c)),
                         n);
      for (guint i = 0; i < n; i++)
        ck_assert (a[i].x == c[i].x && a[i].y == c[i].y
                   && a[i].width == c[i].width && a[i].height == c[i].height);

      /* every cell is opaque and shows something; a name never reaches into
       * the right margin (it is ellipsized before it) */
      for (guint i = 0; i < n; i++) {
        gsize bytes;
        g_autofree guint8 *pixels = draw_alone (b, tc3, &c[i], &bytes);

        check_opaque (pixels, bytes, c[i].key);
        ck_assert_msg (has_ink (pixels, bytes), "%s: %s is black", what,
                       c[i].key);
        if (g_str_equal (c[i].key, "name")) {
          guint margin = (size->height * 35 + 500) / 1000;

          for (guint y = 0; y < c[i].height; y++)
            for (guint x = 0; x < c[i].width; x++)
              if (c[i].x + x >= size->width - margin + 1) {
                guint32 argb;

                memcpy (&argb, pixels + (y * c[i].width + x) * 4, 4);
                ck_assert_msg ((argb & 0xffffff) == 0, "%s: name ink at x %u",
                               what, c[i].x + x);
              }
        }
      }
      /* fewer places than cells: the first ones */
      ck_assert_uint_eq (prw_burn_in_get_cells (b, tc1, c, 2), 2);
      ck_assert_str_eq (c[0].key, a[0].key);
      ck_assert_str_eq (c[1].key, a[1].key);
    }
  }
}
END_TEST

START_TEST (test_too_small)
{
  static const guint small[][2] = {
    { 128, 72 }, { 64, 64 }, { 200, 40 }, { 0, 0 }, { 4096, 16 }, { 16, 4096 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (small); i++) {
    GError *error = NULL;
    g_autofree gchar *size
        = g_strdup_printf ("%ux%u: ", small[i][0], small[i][1]);
    PrwBurnIn *b
        = prw_burn_in_new (small[i][0], small[i][1], SLICE, "clip", &error);

    ck_assert_msg (b == NULL, "%s fits", size);
    ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED));
    ck_assert_msg (g_str_has_prefix (error->message, size), "%s",
                   error->message);
    g_error_free (error);
  }
}
END_TEST

/* A name that shows nothing (spaces, zero-width characters) has no cell:
 * every cell differs from black. */
START_TEST (test_invisible_name)
{
  static const gchar *const invisible[] = { " ", "\u200b\u200b", "\t \u2060" };
  g_autoptr (PrwTimecode) tc = tc_at (25, 1, FALSE, "01:00:05:07");

  for (guint i = 0; i < G_N_ELEMENTS (invisible); i++) {
    g_autoptr (PrwBurnIn) b = burn_in_new (1920, 1080, invisible[i]);
    PrwBurnInCell cells[PRW_BURN_IN_MAX_CELLS];
    guint n = prw_burn_in_get_cells (b, tc, cells, PRW_BURN_IN_MAX_CELLS);

    ck_assert_uint_eq (n, 6);
    ck_assert (!has_key_with_tag (cells, n, "name"));
  }
}
END_TEST

typedef struct {
  guint num, den;
  gboolean drop;
  const gchar *start;
  guint nominal;
} Run;

/* Frames from run->start on: the keys each tag takes are exactly the values
 * the timecode's fields take (read from PrwTimecode, not the burn-in), and
 * each key's pixels are the same every time it is drawn. */
static void
check_keys (guint width, guint height, const Run *run, guint frames)
{
  g_autoptr (PrwBurnIn) b = burn_in_new (width, height, "A001C003_230815_R2KX");
  g_autoptr (PrwTimecode) start
      = tc_at (run->num, run->den, run->drop, run->start);
  g_autoptr (GHashTable) drawn = g_hash_table_new_full (
      g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_autoptr (GHashTable) ff = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) ss = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) mm = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) hh = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) hms = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) ff_pixels
      = g_hash_table_new (g_bytes_hash, g_bytes_equal);
  guint split = prw_burn_in_get_timecode_cells (b), redrawn = 0;
  guint expected;

  for (guint f = 0; f < frames; f++) {
    g_autoptr (PrwTimecode) tc = prw_timecode_add_frames (start, f);
    PrwBurnInCell cells[PRW_BURN_IN_MAX_CELLS];
    guint n = prw_burn_in_get_cells (b, tc, cells, PRW_BURN_IN_MAX_CELLS);
    guint h, m, s, fr;

    prw_timecode_get_components (tc, &h, &m, &s, &fr);
    g_hash_table_add (ff, GUINT_TO_POINTER (fr + 1));
    g_hash_table_add (ss, GUINT_TO_POINTER (s + 1));
    g_hash_table_add (mm, GUINT_TO_POINTER (m + 1));
    g_hash_table_add (hh, GUINT_TO_POINTER (h + 1));
    g_hash_table_add (hms, GUINT_TO_POINTER ((h * 60 + m) * 60 + s + 1));

    for (guint i = 0; i < n; i++) {
      g_autofree gchar *key
          = g_strdup_printf ("%s@%u,%u,%ux%u", cells[i].key, cells[i].x,
                             cells[i].y, cells[i].width, cells[i].height);
      GBytes *before = g_hash_table_lookup (drawn, cells[i].key);
      gsize size;
      guint8 *pixels;
      GBytes *now;

      /* redraw every repeat on the first 200 frames and every 7th frame
       * after; the others repeat them */
      if (before != NULL && f >= 200 && f % 7 != 0)
        continue;
      pixels = draw_alone (b, tc, &cells[i], &size);
      now = g_bytes_new_take (pixels, size);
      if (before == NULL) {
        check_opaque (pixels, size, cells[i].key);
        g_hash_table_insert (drawn, g_strdup (cells[i].key), now);
        g_hash_table_insert (drawn, g_steal_pointer (&key), g_bytes_ref (now));
        if (g_str_has_prefix (cells[i].key, "ff "))
          g_hash_table_add (ff_pixels, now);
      } else {
        /* the same key: the same geometry and the same bytes */
        ck_assert_msg (g_hash_table_contains (drawn, key),
                       "%s changed geometry", cells[i].key);
        ck_assert_msg (g_bytes_equal (before, now),
                       "%s: other pixels at frame %u", cells[i].key, f);
        g_bytes_unref (now);
        redrawn++;
      }
    }
  }
  ck_assert_uint_gt (redrawn, frames);

  /* drawn holds each key twice (bare and with its geometry) */
  expected = 2 /* grade, name */ + g_hash_table_size (ff);
  if (split == 4)
    expected += 1 /* label */ + g_hash_table_size (ss) + g_hash_table_size (mm)
                + g_hash_table_size (hh);
  else if (split == 2)
    expected += g_hash_table_size (hms);
  ck_assert_uint_eq (g_hash_table_size (ff), run->nominal);
  ck_assert_uint_eq (g_hash_table_size (drawn), 2 * expected);
  /* different frame digits are different pictures */
  ck_assert_uint_eq (g_hash_table_size (ff_pixels), run->nominal);
}

static const Run runs[] = {
  /* crosses an hour */
  { 25, 1, FALSE, "00:59:57:00", 25 },
  /* crosses minute 1, which drops 00:01:00;00 and ;01 */
  { 30000, 1001, TRUE, "00:00:57;00", 30 },
  { 24000, 1001, FALSE, "10:20:58:00", 24 },
};

START_TEST (test_keys_split)
{
  /* 1920x1080: "HH:" "MM:" "SS:" and the frame digits each in a cell */
  check_keys (1920, 1080, &runs[_i], 300);
}
END_TEST

START_TEST (test_keys_4k)
{
  check_keys (4096, 2928, &runs[_i], 120);
}
END_TEST

START_TEST (test_keys_seconds)
{
  /* 1280x720: the label and "HH:MM:SS:" in a cell, the digits in another */
  check_keys (1280, 720, &runs[_i], 300);
}
END_TEST

/* A long run: 2000 frames at 25 fps (80 s) take 25 frame keys, 60 seconds
 * keys, a few minutes and hours keys and the three fixed cells. */
START_TEST (test_keys_count)
{
  g_autoptr (PrwBurnIn) b = burn_in_new (4096, 2928, "clip");
  g_autoptr (PrwTimecode) start = tc_at (25, 1, FALSE, "00:59:50:00");
  g_autoptr (GHashTable) keys
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint ff = 0, ss = 0, mm = 0, hh = 0;
  GHashTableIter iter;
  const gchar *key;

  for (guint f = 0; f < 2000; f++) {
    g_autoptr (PrwTimecode) tc = prw_timecode_add_frames (start, f);
    PrwBurnInCell cells[PRW_BURN_IN_MAX_CELLS];
    guint n = prw_burn_in_get_cells (b, tc, cells, PRW_BURN_IN_MAX_CELLS);

    for (guint i = 0; i < n; i++)
      g_hash_table_add (keys, g_strdup (cells[i].key));
  }
  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL)) {
    ff += g_str_has_prefix (key, "ff ");
    ss += g_str_has_prefix (key, "ss ");
    mm += g_str_has_prefix (key, "mm ");
    hh += g_str_has_prefix (key, "hh ");
  }
  /* 00:59:50:00 .. 01:01:09:24 */
  ck_assert_uint_eq (ff, 25);
  ck_assert_uint_eq (ss, 60);
  ck_assert_uint_eq (mm, 3); /* 59, 00, 01 */
  ck_assert_uint_eq (hh, 2);
  ck_assert_uint_eq (g_hash_table_size (keys), 25 + 60 + 3 + 2 + 3);
}
END_TEST

/* The frame at tc composed from its cells on a black picture, drawn through
 * the picture's stride, written to a PNG. Each cell is also drawn alone and
 * must match. */
static gchar *
compose_png (guint width, guint height, const gchar *name,
             const PrwTimecode *tc, const gchar *dir)
{
  g_autoptr (PrwBurnIn) b = burn_in_new (width, height, name);
  cairo_surface_t *frame
      = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  PrwBurnInCell cells[PRW_BURN_IN_MAX_CELLS];
  guint n = prw_burn_in_get_cells (b, tc, cells, PRW_BURN_IN_MAX_CELLS);
  g_autofree gchar *label = prw_timecode_to_string (tc);
  gchar *path;
  guint8 *data;
  gint stride;
  cairo_t *cr;

  cr = cairo_create (frame);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (frame);
  data = cairo_image_surface_get_data (frame);
  stride = cairo_image_surface_get_stride (frame);
  for (guint i = 0; i < n; i++) {
    gsize size;
    g_autofree guint8 *alone = draw_alone (b, tc, &cells[i], &size);

    prw_burn_in_draw_cell (b, tc, &cells[i],
                           data + cells[i].y * stride + cells[i].x * 4, stride);
    for (guint y = 0; y < cells[i].height; y++)
      ck_assert (memcmp (data + (cells[i].y + y) * stride + cells[i].x * 4,
                         alone + y * cells[i].width * 4, cells[i].width * 4)
                 == 0);
  }
  cairo_surface_mark_dirty (frame);
  path = g_strdup_printf ("%s/%ux%u-%c%c.png", dir, width, height, label[9],
                          label[10]);
  ck_assert_int_eq (cairo_surface_write_to_png (frame, path),
                    CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (frame);
  return path;
}

static gchar *
ocr (const gchar *png)
{
  const gchar *argv[] = { "tesseract", png, "stdout", NULL };
  g_auto (GStrv) env
      = g_environ_setenv (g_get_environ (), "OMP_THREAD_LIMIT", "1", TRUE);
  g_autofree gchar *err = NULL;
  gchar *out = NULL;
  GError *error = NULL;
  gint status = 0;

  if (!g_spawn_sync (NULL, (gchar **) argv, env, G_SPAWN_SEARCH_PATH, NULL,
                     NULL, &out, &err, &status, &error))
    ck_abort_msg ("tesseract (Debian's tesseract-ocr) is needed: %s",
                  error->message);
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "tesseract %s: %s",
                 png, err);
  return out;
}

/* The timecodes in OCR text, with the spaces OCR may put around
 * separators dropped ("10:09:00; 02"). */
static gboolean
ocr_has_timecode (const gchar *text, const gchar *label)
{
  g_autoptr (GRegex) re = g_regex_new (
      "\\d\\d\\s*[:;]\\s*\\d\\d\\s*[:;]\\s*\\d\\d\\s*[:;]\\s*\\d{2,3}", 0, 0,
      NULL);
  g_autoptr (GMatchInfo) match = NULL;
  gboolean found = FALSE;

  g_regex_match (re, text, 0, &match);
  while (!found && g_match_info_matches (match)) {
    g_autofree gchar *tc = g_match_info_fetch (match, 0);
    g_autoptr (GString) bare = g_string_new (NULL);

    for (const gchar *p = tc; *p; p++)
      if (!g_ascii_isspace (*p))
        g_string_append_c (bare, *p);
    found = g_str_equal (bare->str, label);
    g_match_info_next (match, NULL);
  }
  return found;
}

typedef struct {
  guint width, height;
  guint num, den;
  gboolean drop;
  const gchar *tc;
  const gchar *name;
} OcrCase;

/* Names tesseract 5.3 reads as written at each size. It confuses O and 0
 * in camera-style names at some sizes and reads the underscores of a name
 * at 4K sizes as spaces, so the 4K cases use names without them. */
static const OcrCase ocr_cases[] = {
  { 4096, 2928, 25, 1, FALSE, "01:00:05:07", "ROOFTOP-DUSK-CAM-B" },
  { 4096, 2928, 30000, 1001, TRUE, "10:09:00;02", "Scene 12 Take 3" },
  { 3840, 2160, 24000, 1001, FALSE, "14:23:59:23", "Harbour Night Take 4" },
  { 1920, 1080, 25, 1, FALSE, "23:59:59:24", "A001C003_230815_R2KX" },
  { 1920, 1080, 30000, 1001, TRUE, "00:01:00;02", "Harbour_Night_Take_4" },
  { 1280, 720, 30000, 1001, TRUE, "23:59:59;29", "A001C003_230815_R2KX" },
  { 1280, 720, 50, 1, FALSE, "08:15:42:49", "ROOFTOP-DUSK-CAM-B" },
};

START_TEST (test_ocr)
{
  const OcrCase *c = &ocr_cases[_i];
  g_autofree gchar *dir = g_dir_make_tmp ("prw-burn-in-XXXXXX", NULL);
  g_autoptr (PrwTimecode) tc = tc_at (c->num, c->den, c->drop, c->tc);
  g_autofree gchar *png = NULL;
  g_autofree gchar *text = NULL;

  ck_assert (dir != NULL);
  png = compose_png (c->width, c->height, c->name, tc, dir);
  text = ocr (png);
  ck_assert_msg (ocr_has_timecode (text, c->tc), "%ux%u: no %s in: %s",
                 c->width, c->height, c->tc, text);
  ck_assert_msg (strstr (text, c->name) != NULL, "%ux%u: no %s in: %s",
                 c->width, c->height, c->name, text);
  ck_assert_msg (strstr (text, "NO GRADE") != NULL, "%ux%u: no NO GRADE in: %s",
                 c->width, c->height, text);
  ck_assert_int_eq (g_unlink (png), 0);
  ck_assert_int_eq (g_rmdir (dir), 0);
}
END_TEST

/* A long name is cut with an ellipsis: its start is read, its end is not. */
START_TEST (test_ocr_long_name)
{
  g_autofree gchar *dir = g_dir_make_tmp ("prw-burn-in-XXXXXX", NULL);
  g_autoptr (PrwTimecode) tc = tc_at (25, 1, FALSE, "01:02:03:04");
  g_autofree gchar *png = NULL;
  g_autofree gchar *text = NULL;
  g_autoptr (GString) name = g_string_new ("Harbour Night Take 4");

  while (name->len < 400)
    g_string_append (name, " and more");
  g_string_append (name, " THE END");
  png = compose_png (1920, 1080, name->str, tc, dir);
  text = ocr (png);
  ck_assert_msg (strstr (text, "Harbour Night Take 4 and more") != NULL, "%s",
                 text);
  ck_assert_msg (strstr (text, "THE END") == NULL, "%s", text);
  ck_assert_msg (ocr_has_timecode (text, "01:02:03:04"), "%s", text);
  ck_assert_int_eq (g_unlink (png), 0);
  ck_assert_int_eq (g_rmdir (dir), 0);
}
END_TEST

static Suite *
burn_in_suite (void)
{
  Suite *s = suite_create ("burn-in");
  TCase *tc = tcase_create ("layout");

  tcase_add_test (tc, test_layout);
  tcase_add_test (tc, test_too_small);
  tcase_add_test (tc, test_invisible_name);
  suite_add_tcase (s, tc);

  tc = tcase_create ("keys");
  tcase_add_loop_test (tc, test_keys_split, 0, G_N_ELEMENTS (runs));
  tcase_add_loop_test (tc, test_keys_4k, 0, G_N_ELEMENTS (runs));
  tcase_add_loop_test (tc, test_keys_seconds, 0, G_N_ELEMENTS (runs));
  tcase_add_test (tc, test_keys_count);
  suite_add_tcase (s, tc);

  tc = tcase_create ("ocr");
  tcase_add_loop_test (tc, test_ocr, 0, G_N_ELEMENTS (ocr_cases));
  tcase_add_test (tc, test_ocr_long_name);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (burn_in_suite ());
  int failed;

  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? 0 : 1;
}
