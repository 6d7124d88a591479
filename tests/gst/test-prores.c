/* libproreswriter: the ProRes frame layer and the blank-frame generator
 *
 * Frames are made at test time by avenc_prores_ks (through the library's
 * encoder) and checked against FFmpeg's decoder, an independent reader:
 * ffmpeg decodes every frame with -xerror, and the raw decoded samples (in
 * the decoder's own pixel format, so nothing is converted) are compared.
 * A spliced frame must decode, outside its cells, to exactly the black
 * frame's samples, and inside each cell to exactly that cell's samples
 * when it is encoded alone and decoded.
 *
 *   1024x256, 8-macroblock slices (128 px), macroblock rows of 16 px:
 *
 *     0        128      256 ...                              1024
 *   0 +--------------------------------------------------------+
 *     | cell A: 1024x64 (the strip, every slice of 4 rows)
 *  64 +--------+--------+--------------------------------------+
 *  96 |        | cell B |    (128x32: one slice wide, two rows)|
 * 128 |        +--------+                                      |
 * 224 |                                              +---------+
 *     |                                              | cell C  |
 * 256 +----------------------------------------------+---------+
 */

#include <string.h>

#include <gio/gio.h>
#include <gst/check/gstcheck.h>

#include <proreswriter/proreswriter.h>

#include "prores/prw-blank-frames-private.h"
#include "prores/prw-prores-encoder-private.h"
#include "prores/prw-prores-frame-private.h"
#include "prores/prw-prores-splice-private.h"
#include "prw-fixture.h"

static const gchar *profile_names[]
    = { "proxy", "lt", "422", "422hq", "4444", "4444xq" };

/* A picture that differs in every cell and every key: bands, a gradient
 * and a checker seeded by the key's characters. */
static void
paint (guint8 *argb32, gint stride, guint width, guint height, const gchar *key)
{
  guint seed = g_str_hash (key);

  for (guint y = 0; y < height; y++) {
    guint32 *row = (guint32 *) (argb32 + (gsize) y * stride);

    for (guint x = 0; x < width; x++) {
      guint r = (x * 255 / MAX (width - 1, 1) + seed) & 0xff;
      guint g = (y * 255 / MAX (height - 1, 1) + (seed >> 8)) & 0xff;
      guint b = (((x / 8) ^ (y / 8)) & 1) ? (seed >> 16) & 0xff : 0x20;

      row[x] = 0xff000000u | (r << 16) | (g << 8) | b;
    }
  }
}

static guint n_draws;

static void
draw_cell (guint index, const PrwBlankCell *cell, guint8 *argb32, gint stride,
           gpointer user_data)
{
  (void) index;
  (void) user_data;
  n_draws++;
  paint (argb32, stride, cell->width, cell->height, cell->key);
}

static PrwBlankCell
cell (guint x, guint y, guint width, guint height, const gchar *key)
{
  PrwBlankCell c = { x, y, width, height, "" };

  g_strlcpy (c.key, key, sizeof c.key);
  return c;
}

static PrwProresProfile
profile_from_name (const gchar *name)
{
  PrwProresProfile p;

  fail_unless (prw_prores_profile_from_string (name, &p), "%s", name);
  fail_unless_equals_string (prw_prores_profile_to_string (p), name);
  return p;
}

static gchar *tmpdir;

/* ffmpeg's decode of one frame, in the decoder's own pixel format
 * (pix_fmt: yuv422p10le or yuva444p10le), with -xerror: any decoding
 * error fails the test. */
static GBytes *
ffmpeg_decode (const guint8 *frame, gsize size, const gchar *pix_fmt)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = g_build_filename (tmpdir, "frame.prores", NULL);
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GBytes) err = NULL;

  fail_unless (g_file_set_contents (path, (const gchar *) frame, size, &error));
  proc = g_subprocess_new (
      G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
      "ffmpeg", "-nostdin", "-v", "error", "-xerror", "-f", "image2", "-c:v",
      "prores", "-i", path, "-f", "rawvideo", "-pix_fmt", pix_fmt, "-", NULL);
  fail_unless (proc != NULL, "%s", error ? error->message : "?");
  fail_unless (g_subprocess_communicate (proc, NULL, NULL, &out, &err, &error));
  fail_unless (g_subprocess_get_if_exited (proc)
                   && g_subprocess_get_exit_status (proc) == 0
                   && g_bytes_get_size (err) == 0,
               "ffmpeg: %.*s", (int) g_bytes_get_size (err),
               (const gchar *) g_bytes_get_data (err, NULL));
  return g_steal_pointer (&out);
}

static const gchar *
native_pix_fmt (PrwProresProfile profile)
{
  return prw_prores_profile_has_alpha (profile) ? "yuva444p10le"
                                                : "yuv422p10le";
}

/* One plane of a decode: its samples (2 bytes each), width and height. */
typedef struct {
  const guint16 *s;
  guint w, h;
} Plane;

static guint
planes_of (GBytes *raw, PrwProresProfile profile, guint width, guint height,
           Plane planes[4])
{
  const guint16 *s = g_bytes_get_data (raw, NULL);
  gboolean is_444 = prw_prores_profile_has_alpha (profile);
  guint n = is_444 ? 4 : 3;
  gsize total = 0;

  for (guint i = 0; i < n; i++) {
    planes[i].w = (i == 0 || i == 3 || is_444) ? width : width / 2;
    planes[i].h = height;
    planes[i].s = s + total;
    total += (gsize) planes[i].w * planes[i].h;
  }
  fail_unless_equals_uint64 (g_bytes_get_size (raw), total * 2);
  return n;
}

/* Every sample of the spliced decode is the black decode's outside the
 * cells, the cell's own decode inside it. */
static void
check_spliced (PrwProresProfile profile, guint width, guint height,
               GBytes *spliced, GBytes *black, const PrwBlankCell *cells,
               GBytes **cell_raw, guint n_cells)
{
  Plane sp[4], bp[4];
  guint n = planes_of (spliced, profile, width, height, sp);

  planes_of (black, profile, width, height, bp);
  for (guint i = 0; i < n; i++) {
    guint sub = width / sp[i].w; /* 2 for 4:2:2 chroma */

    for (guint y = 0; y < height; y++)
      for (guint x = 0; x < sp[i].w; x++) {
        guint16 got = sp[i].s[(gsize) y * sp[i].w + x];
        guint16 want = bp[i].s[(gsize) y * bp[i].w + x];

        for (guint k = 0; k < n_cells; k++) {
          const PrwBlankCell *c = &cells[k];

          if (x * sub >= c->x && x * sub < c->x + c->width && y >= c->y
              && y < c->y + c->height) {
            Plane cp[4];

            planes_of (cell_raw[k], profile, c->width, c->height, cp);
            want = cp[i].s[(gsize) (y - c->y) * cp[i].w + x - c->x / sub];
          }
        }
        if (got != want)
          fail ("plane %u sample (%u, %u): %u, expected %u", i, x, y, got,
                want);
      }
  }
}

static void
setup (void)
{
  tmpdir = prw_fixture_make_tmpdir ("prores");
  fail_unless (tmpdir != NULL);
}

static void
teardown (void)
{
  prw_fixture_rm_rf (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

static GBytes *
encode_painted (PrwProresEncoder *enc, guint width, guint height,
                const gchar *key)
{
  g_autofree guint8 *raster = g_malloc ((gsize) width * 4 * height);
  g_autoptr (GError) error = NULL;
  GBytes *bytes;

  paint (raster, (gint) width * 4, width, height, key);
  bytes = prw_prores_encoder_encode (enc, raster, (gint) width * 4, width,
                                     height, &error);
  fail_unless (bytes != NULL, "%s", error ? error->message : "?");
  return bytes;
}

/* Frames of every profile, 1000x72: 63 macroblocks a row (seven slices of
 * 8, then 4, 2 and 1), 5 rows (the last half outside the picture). */
GST_START_TEST (test_parse_profiles)
{
  PrwProresProfile profile = profile_from_name (profile_names[__i__]);
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwProresEncoder) enc
      = prw_prores_encoder_new (PRW_PRORES_ENCODER_KS, profile, NULL, &error);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (PrwProresFrame) f = NULL;
  g_autoptr (GBytes) raw = NULL;
  static const guint counts[] = { 8, 8, 8, 8, 8, 8, 8, 4, 2, 1 };
  const guint8 *data;
  gsize size, pos;

  fail_unless (enc != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_string (prw_prores_encoder_get_element_name (enc),
                             PRW_PRORES_ENCODER_KS);
  bytes = encode_painted (enc, 1000, 72, "parse");
  data = g_bytes_get_data (bytes, &size);
  f = prw_prores_frame_parse (data, size, "frame", &error);
  fail_unless (f != NULL, "%s", error ? error->message : "?");

  fail_unless_equals_uint64 (f->frame_size, size);
  fail_unless_equals_int (f->width, 1000);
  fail_unless_equals_int (f->height, 72);
  fail_unless_equals_int (f->chroma_format,
                          prw_prores_profile_has_alpha (profile)
                              ? PRW_PRORES_CHROMA_444
                              : PRW_PRORES_CHROMA_422);
  fail_unless_equals_int (f->alpha_info,
                          prw_prores_profile_has_alpha (profile) ? 2 : 0);
  fail_unless_equals_int (f->interlace_mode, 0);
  /* BT.709 by default */
  fail_unless_equals_int (f->colour_primaries, 1);
  fail_unless_equals_int (f->transfer, 1);
  fail_unless_equals_int (f->matrix, 1);
  fail_unless_equals_int (prw_prores_frame_get_slice_width (f), 128);
  fail_unless_equals_int (f->mb_width, 63);
  fail_unless_equals_int (f->mb_height, 5);
  fail_unless_equals_int (f->slices_per_row, 10);
  fail_unless_equals_int (f->n_slices, 50);
  pos = f->picture_offset + f->picture_header_size + 2 * f->n_slices;
  for (guint i = 0; i < f->n_slices; i++) {
    const PrwProresSlice *s = &f->slices[i];

    fail_unless_equals_uint64 (s->offset, pos);
    fail_unless_equals_int (s->mb_y, i / 10);
    fail_unless_equals_int (s->mb_count, counts[i % 10]);
    fail_unless_equals_int (prw_prores_frame_find_slice (f, s->mb_x, s->mb_y),
                            i);
    pos += s->size;
  }
  fail_unless_equals_uint64 (pos, f->picture_offset + f->picture_data_size);
  fail_unless_equals_uint64 (pos, size);
  fail_unless_equals_int (prw_prores_frame_find_slice (f, 4, 0), -1);
  fail_unless_equals_int (prw_prores_frame_find_slice (f, 57, 0), -1);
  fail_unless_equals_int (prw_prores_frame_find_slice (f, 62, 4), 49);
  fail_unless_equals_int (prw_prores_frame_find_slice (f, 0, 5), -1);

  /* FFmpeg reads it too */
  raw = ffmpeg_decode (data, size, native_pix_fmt (profile));
}
GST_END_TEST;

static void
assert_parse_fails (const guint8 *data, gsize size, gint code,
                    const gchar *reason)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwProresFrame) f
      = prw_prores_frame_parse (data, size, "a.mov, frame 3", &error);

  fail_unless (f == NULL);
  fail_unless (g_error_matches (error, PRW_ERROR, code), "%s: %s", reason,
               error ? error->message : "no error");
  fail_unless (g_str_has_prefix (error->message, "a.mov, frame 3: "), "%s",
               error->message);
  if (reason != NULL)
    fail_unless (strstr (error->message, reason) != NULL, "%s", error->message);
}

GST_START_TEST (test_parse_malformed)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwProresEncoder) enc = prw_prores_encoder_new (
      PRW_PRORES_ENCODER_KS, PRW_PRORES_PROFILE_4444, NULL, &error);
  g_autoptr (GBytes) bytes = encode_painted (enc, 256, 48, "malformed");
  g_autoptr (PrwProresFrame) f = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  g_autofree guint8 *copy = g_memdup2 (data, size);
  gsize pic;

  f = prw_prores_frame_parse (data, size, "a.mov, frame 3", &error);
  fail_unless (f != NULL);
  pic = f->picture_offset;

  /* every truncation */
  for (gsize n = 0; n < size; n++)
    assert_parse_fails (data, n, PRW_ERROR_CORRUPT, NULL);
  /* every truncation, with the frame size saying so */
  for (gsize n = 8; n < size; n++) {
    g_autofree guint8 *cut = g_memdup2 (data, n);

    prw_prores_put_be32 (cut, (guint32) n);
    assert_parse_fails (cut, n, PRW_ERROR_CORRUPT, NULL);
  }

#define MUTATE(stmt, code, reason)                                             \
  G_STMT_START                                                                 \
  {                                                                            \
    memcpy (copy, data, size);                                                 \
    stmt;                                                                      \
    assert_parse_fails (copy, size, code, reason);                             \
  }                                                                            \
  G_STMT_END

  MUTATE (copy[4] = 'x', PRW_ERROR_CORRUPT, "not a ProRes frame");
  MUTATE (copy[8 + 12] |= 1 << 2, PRW_ERROR_UNSUPPORTED,
          "interlaced ProRes frame (top field first) is not supported");
  MUTATE (copy[8 + 12] |= 2 << 2, PRW_ERROR_UNSUPPORTED,
          "interlaced ProRes frame (bottom field first)");
  MUTATE (prw_prores_put_be16 (copy + 8 + 2, 2), PRW_ERROR_UNSUPPORTED,
          "version 2");
  MUTATE (copy[8 + 12] = (copy[8 + 12] & 0x3f) | (1 << 6),
          PRW_ERROR_UNSUPPORTED, "chroma format 1");
  MUTATE (copy[8 + 17] = (copy[8 + 17] & 0xf0) | 3, PRW_ERROR_CORRUPT,
          "alpha channel type 3");
  MUTATE (prw_prores_put_be16 (copy + 8, 19), PRW_ERROR_CORRUPT,
          "frame header size 19");
  MUTATE (prw_prores_put_be16 (copy + 8 + 8, 0), PRW_ERROR_CORRUPT,
          "0x48 pixels");
  /* a picture with one slice more than its size makes */
  MUTATE (prw_prores_put_be16 (copy + pic + 5, f->n_slices + 1),
          PRW_ERROR_CORRUPT, "has 7 slices where 256x48 pixels");
  MUTATE (copy[pic + 7] = 0x40, PRW_ERROR_UNSUPPORTED, "2^4 x 2^0");
  MUTATE (copy[pic + 7] = 0x31, PRW_ERROR_UNSUPPORTED, "2^3 x 2^1");
  MUTATE (prw_prores_put_be32 (copy + pic + 1, (guint32) (size - pic + 1)),
          PRW_ERROR_CORRUPT, "picture header");
  MUTATE (copy[pic] = 0, PRW_ERROR_CORRUPT, "picture header (0 bytes");
  /* a slice said to be longer than the picture holds */
  MUTATE (prw_prores_put_be16 (copy + pic + 8 + 10, 0xfff0), PRW_ERROR_CORRUPT,
          "slice 5 passes the picture's end");
  /* a slice's own header: its components longer than the slice */
  MUTATE (prw_prores_put_be16 (copy + f->slices[2].offset + 2, 0x7000),
          PRW_ERROR_CORRUPT, "slice 2 of");
  MUTATE (copy[f->slices[1].offset] = 2 << 3, PRW_ERROR_CORRUPT, "slice 1 of");
#undef MUTATE
}
GST_END_TEST;

/* The black frame, one macroblock row encoded and repeated, is the very
 * frame the encoder makes of a whole black picture. */
GST_START_TEST (test_black_frame_is_the_encoders)
{
  PrwProresProfile profile = profile_from_name (profile_names[__i__]);
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwBlankFrames) blank = prw_blank_frames_new (
      PRW_PRORES_ENCODER_KS, profile, 1000, 200, NULL, &error);
  g_autoptr (PrwProresEncoder) enc = NULL;
  g_autofree guint32 *raster = g_new (guint32, 1000 * 200);
  g_autoptr (GBytes) whole = NULL;
  GstBuffer *black;
  GstMapInfo map;

  fail_unless (blank != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_int (
      prw_prores_encoder_get_n_encoded (prw_blank_frames_get_encoder (blank)),
      1);
  enc = prw_prores_encoder_new (PRW_PRORES_ENCODER_KS, profile, NULL, &error);
  for (guint i = 0; i < 1000 * 200; i++)
    raster[i] = 0xff000000u;
  whole = prw_prores_encoder_encode (enc, (guint8 *) raster, 4000, 1000, 200,
                                     &error);
  fail_unless (whole != NULL);
  black = prw_blank_frames_get_black (blank);
  fail_unless (gst_buffer_map (black, &map, GST_MAP_READ));
  fail_unless_equals_uint64 (map.size, g_bytes_get_size (whole));
  fail_unless (memcmp (map.data, g_bytes_get_data (whole, NULL), map.size)
               == 0);
  gst_buffer_unmap (black, &map);
}
GST_END_TEST;

/* Splices cells into a black frame through the generator and checks the
 * decode sample by sample. */
static void
check_cells (PrwProresProfile profile, guint width, guint height,
             const PrwBlankCell *cells, guint n_cells)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwBlankFrames) blank = prw_blank_frames_new (
      PRW_PRORES_ENCODER_KS, profile, width, height, NULL, &error);
  g_autoptr (PrwProresEncoder) enc = NULL;
  g_autoptr (GBytes) black_raw = NULL;
  g_autoptr (GBytes) spliced_raw = NULL;
  GBytes *cell_raw[8];
  GstBuffer *frame;
  GstMapInfo map;

  fail_unless (n_cells <= G_N_ELEMENTS (cell_raw));
  fail_unless (blank != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_int (prw_blank_frames_get_slice_width (blank), 128);
  frame = prw_blank_frames_get_frame (blank, 7, cells, n_cells, draw_cell, NULL,
                                      &error);
  fail_unless (frame != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (frame), 7);

  /* the spliced frame parses, and says its own size */
  fail_unless (gst_buffer_map (frame, &map, GST_MAP_READ));
  {
    g_autoptr (PrwProresFrame) f
        = prw_prores_frame_parse (map.data, map.size, "spliced", &error);

    fail_unless (f != NULL, "%s", error ? error->message : "?");
    fail_unless_equals_uint64 (f->frame_size, map.size);
    fail_unless_equals_uint64 (f->picture_offset + f->picture_data_size,
                               map.size);
  }
  spliced_raw = ffmpeg_decode (map.data, map.size, native_pix_fmt (profile));
  gst_buffer_unmap (frame, &map);
  gst_buffer_unref (frame);

  fail_unless (
      gst_buffer_map (prw_blank_frames_get_black (blank), &map, GST_MAP_READ));
  black_raw = ffmpeg_decode (map.data, map.size, native_pix_fmt (profile));
  gst_buffer_unmap (prw_blank_frames_get_black (blank), &map);

  /* each cell encoded alone, with an encoder of the same settings */
  enc = prw_prores_encoder_new (PRW_PRORES_ENCODER_KS, profile, NULL, &error);
  for (guint k = 0; k < n_cells; k++) {
    g_autoptr (GBytes) alone
        = encode_painted (enc, cells[k].width, cells[k].height, cells[k].key);

    cell_raw[k]
        = ffmpeg_decode (g_bytes_get_data (alone, NULL),
                         g_bytes_get_size (alone), native_pix_fmt (profile));
  }
  check_spliced (profile, width, height, spliced_raw, black_raw, cells,
                 cell_raw, n_cells);
  for (guint k = 0; k < n_cells; k++)
    g_bytes_unref (cell_raw[k]);
}

GST_START_TEST (test_splice_cells)
{
  PrwProresProfile profile = profile_from_name (profile_names[__i__]);
  PrwBlankCell cells[] = {
    cell (0, 0, 1024, 64, "A strip"),
    cell (128, 96, 128, 32, "B small"),
    cell (896, 224, 128, 32, "C corner"),
  };

  check_cells (profile, 1024, 256, cells, G_N_ELEMENTS (cells));
}
GST_END_TEST;

/* A frame whose width and height are not whole slices: a cell may end at
 * the right and bottom edges, where the base's slices halve (1000 px: 63
 * macroblocks, so a row ends with slices of 4, 2 and 1) and its last row
 * is partly outside the picture (200 px: 12.5 rows). */
GST_START_TEST (test_splice_cells_at_edges)
{
  PrwBlankCell cells[] = {
    cell (896, 0, 104, 32, "right edge"),
    cell (768, 192, 232, 8, "bottom right corner"),
    cell (0, 160, 128, 40, "bottom left"),
  };

  check_cells (PRW_PRORES_PROFILE_422_HQ, 1000, 200, cells,
               G_N_ELEMENTS (cells));
  check_cells (PRW_PRORES_PROFILE_4444, 1000, 200, cells, G_N_ELEMENTS (cells));
}
GST_END_TEST;

/* The case: a 4096x2928 ProRes 4444 frame. */
GST_START_TEST (test_splice_4096_4444)
{
  PrwBlankCell cells[] = {
    cell (0, 2864, 1024, 64, "SRC TC 01:00:00:00"),
    cell (1024, 2864, 256, 64, "01:00:00:00"),
    cell (1280, 2864, 128, 64, "frame 00"),
    cell (3584, 0, 512, 64, "NO GRADE"),
    cell (1536, 1456, 128, 32, "middle"),
    cell (3968, 2896, 128, 32, "corner"),
  };

  check_cells (PRW_PRORES_PROFILE_4444, 4096, 2928, cells,
               G_N_ELEMENTS (cells));
}
GST_END_TEST;

static void
draw_counted (guint index, const PrwBlankCell *c, guint8 *argb32, gint stride,
              gpointer user_data)
{
  guint *draws = user_data;

  draws[index]++;
  paint (argb32, stride, c->width, c->height, c->key);
}

/* N frames whose cells show K distinct (rectangle, key) pairs: K cells
 * drawn and encoded; equal keys give equal frames; no cells, the black
 * frame itself. */
GST_START_TEST (test_cache)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwBlankFrames) blank = prw_blank_frames_new (
      PRW_PRORES_ENCODER_KS, PRW_PRORES_PROFILE_4444, 1024, 128, NULL, &error);
  g_autoptr (GPtrArray) frames
      = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);
  PrwProresEncoder *enc;
  guint draws[3] = { 0, 0, 0 };
  GstBuffer *f;

  fail_unless (blank != NULL);
  enc = prw_blank_frames_get_encoder (blank);
  for (guint n = 0; n < 100; n++) {
    PrwBlankCell cells[3] = {
      cell (0, 0, 512, 32, "CLIP A001C003"),
      cell (512, 0, 256, 32, n < 50 ? "01:00:00" : "01:00:01"),
      cell (768, 0, 128, 32, ""),
    };

    g_snprintf (cells[2].key, sizeof cells[2].key, "%02u", n % 25);
    f = prw_blank_frames_get_frame (blank, n, cells, 3, draw_counted, draws,
                                    &error);
    fail_unless (f != NULL, "%s", error ? error->message : "?");
    g_ptr_array_add (frames, f);
  }
  /* 1 + 2 + 25 distinct cells; the black row before them */
  fail_unless_equals_int (prw_blank_frames_get_n_cells_encoded (blank), 28);
  fail_unless_equals_int (prw_prores_encoder_get_n_encoded (enc), 29);
  fail_unless_equals_int (draws[0], 1);
  fail_unless_equals_int (draws[1], 2);
  fail_unless_equals_int (draws[2], 25);
  /* frames 3 and 28 show the same keys; 3 and 53 do not */
  {
    GstMapInfo a, b, c;

    gst_buffer_map (g_ptr_array_index (frames, 3), &a, GST_MAP_READ);
    gst_buffer_map (g_ptr_array_index (frames, 28), &b, GST_MAP_READ);
    gst_buffer_map (g_ptr_array_index (frames, 53), &c, GST_MAP_READ);
    fail_unless (a.size == b.size && memcmp (a.data, b.data, a.size) == 0);
    fail_unless (a.size != c.size || memcmp (a.data, c.data, a.size) != 0);
    gst_buffer_unmap (g_ptr_array_index (frames, 3), &a);
    gst_buffer_unmap (g_ptr_array_index (frames, 28), &b);
    gst_buffer_unmap (g_ptr_array_index (frames, 53), &c);
  }
  /* no cells: the black frame itself, not a copy */
  f = prw_blank_frames_get_frame (blank, 100, NULL, 0, NULL, NULL, &error);
  fail_unless (f == prw_blank_frames_get_black (blank));
  gst_buffer_unref (f);
  fail_unless_equals_int (prw_prores_encoder_get_n_encoded (enc), 29);
}
GST_END_TEST;

/* A cache at its limit starts again between frames, never while a frame
 * is made: with no room at all, every cell is encoded again for each
 * frame, and the frames are the same bytes as with the whole cache. */
GST_START_TEST (test_cache_limit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwBlankFrames) roomy = prw_blank_frames_new (
      PRW_PRORES_ENCODER_KS, PRW_PRORES_PROFILE_422_HQ, 512, 64, NULL, &error);
  g_autoptr (PrwBlankFrames) tight = prw_blank_frames_new (
      PRW_PRORES_ENCODER_KS, PRW_PRORES_PROFILE_422_HQ, 512, 64, NULL, &error);

  fail_unless (roomy != NULL && tight != NULL);
  prw_blank_frames_set_cache_limit (tight, 0);
  for (guint n = 0; n < 20; n++) {
    PrwBlankCell cells[3] = {
      cell (0, 0, 256, 32, "clip"),
      cell (256, 0, 128, 32, ""),
      cell (0, 32, 512, 32, n < 10 ? "01:00:00" : "01:00:01"),
    };
    GstBuffer *a, *b;
    GstMapInfo ma, mb;

    g_snprintf (cells[1].key, sizeof cells[1].key, "%02u", n % 5);
    a = prw_blank_frames_get_frame (roomy, n, cells, 3, draw_cell, NULL,
                                    &error);
    b = prw_blank_frames_get_frame (tight, n, cells, 3, draw_cell, NULL,
                                    &error);
    fail_unless (a != NULL && b != NULL);
    gst_buffer_map (a, &ma, GST_MAP_READ);
    gst_buffer_map (b, &mb, GST_MAP_READ);
    fail_unless (ma.size == mb.size && memcmp (ma.data, mb.data, ma.size) == 0,
                 "frame %u", n);
    gst_buffer_unmap (a, &ma);
    gst_buffer_unmap (b, &mb);
    gst_buffer_unref (a);
    gst_buffer_unref (b);
  }
  fail_unless_equals_int (prw_blank_frames_get_n_cells_encoded (roomy),
                          1 + 5 + 2);
  fail_unless_equals_int (prw_blank_frames_get_n_cells_encoded (tight), 60);
}
GST_END_TEST;

/* Spliced frames are made in memory that comes back once a frame is let
 * go (a pool: no allocation per frame, and a long blank rush's memory does
 * not creep up); a frame in reused memory, whatever size the frame before
 * it had there, is the same bytes as one in new memory. */
GST_START_TEST (test_frame_memory_reused)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwBlankFrames) reuse = prw_blank_frames_new (
      PRW_PRORES_ENCODER_KS, PRW_PRORES_PROFILE_4444, 512, 64, NULL, &error);
  g_autoptr (PrwBlankFrames) fresh = prw_blank_frames_new (
      PRW_PRORES_ENCODER_KS, PRW_PRORES_PROFILE_4444, 512, 64, NULL, &error);
  GstBuffer *held[12] = { NULL };
  gsize min_size = G_MAXSIZE, max_size = 0;
  const guint8 *last = NULL;

  fail_unless (reuse != NULL && fresh != NULL);
  for (guint n = 0; n < G_N_ELEMENTS (held); n++) {
    /* one cell or two, of contents that code to different sizes; the
     * first frame is among the largest, so that one pool holds them all */
    PrwBlankCell cells[2] = {
      cell (0, 0, n % 3 == 0 ? 512 : 128, 32, n % 3 == 0 ? "wide" : "x"),
      cell (0, 32, 256, 32, ""),
    };
    guint n_cells = n % 3 == 0 ? 2 : 1;
    GstBuffer *a, *b;
    GstMapInfo ma, mb;

    g_snprintf (cells[1].key, sizeof cells[1].key, "%u", n);
    a = prw_blank_frames_get_frame (reuse, n, cells, n_cells, draw_cell, NULL,
                                    &error);
    fail_unless (a != NULL, "%s", error ? error->message : "");
    fail_unless (a->pool != NULL, "frame %u: not from the pool", n);
    /* frames of `fresh` are all held: each is in memory of its own */
    held[n] = b = prw_blank_frames_get_frame (fresh, n, cells, n_cells,
                                              draw_cell, NULL, &error);
    fail_unless (b != NULL, "%s", error ? error->message : "");
    gst_buffer_map (a, &ma, GST_MAP_READ);
    gst_buffer_map (b, &mb, GST_MAP_READ);
    fail_unless (ma.size == mb.size && memcmp (ma.data, mb.data, ma.size) == 0,
                 "frame %u", n);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (a), n);
    /* the frame before was let go: its memory is this frame's */
    if (last != NULL)
      fail_unless (ma.data == last, "frame %u: in new memory", n);
    last = ma.data;
    min_size = MIN (min_size, ma.size);
    max_size = MAX (max_size, ma.size);
    gst_buffer_unmap (a, &ma);
    gst_buffer_unmap (b, &mb);
    gst_buffer_unref (a);
  }
  /* the reused memory held frames of several sizes */
  fail_unless (min_size < max_size);
  for (guint n = 0; n < G_N_ELEMENTS (held); n++)
    gst_buffer_unref (held[n]);
}
GST_END_TEST;

static void
assert_frame_fails (PrwBlankFrames *blank, const PrwBlankCell *cells,
                    guint n_cells, const gchar *reason)
{
  g_autoptr (GError) error = NULL;
  GstBuffer *f = prw_blank_frames_get_frame (blank, 0, cells, n_cells,
                                             draw_cell, NULL, &error);

  fail_unless (f == NULL);
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_FAILED), "%s",
               error ? error->message : "no error");
  fail_unless (strstr (error->message, reason) != NULL, "%s", error->message);
}

GST_START_TEST (test_refusals)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwBlankFrames) blank = prw_blank_frames_new (
      PRW_PRORES_ENCODER_KS, PRW_PRORES_PROFILE_4444, 1024, 128, NULL, &error);
  g_autoptr (PrwProresEncoder) enc422 = prw_prores_encoder_new (
      PRW_PRORES_ENCODER_KS, PRW_PRORES_PROFILE_422_HQ, NULL, &error);
  g_autoptr (PrwProresEncoder) missing = NULL;
  g_autoptr (GBytes) strip = NULL;
  g_autoptr (PrwProresFrame) strip_frame = NULL;
  g_autoptr (PrwProresFrame) base_frame = NULL;
  GstMapInfo map;
  gsize needed;

  fail_unless (blank != NULL && enc422 != NULL);
  /* off the slice grid, outside the frame, overlapping */
  {
    PrwBlankCell c = cell (64, 0, 128, 32, "x");

    assert_frame_fails (blank, &c, 1, "not on the 128-pixel slice grid");
    c = cell (0, 8, 128, 32, "x");
    assert_frame_fails (blank, &c, 1, "not on the 128-pixel slice grid");
    c = cell (0, 0, 192, 32, "x");
    assert_frame_fails (blank, &c, 1, "192x32 pixels at (0, 0)");
    c = cell (896, 96, 256, 32, "x");
    assert_frame_fails (blank, &c, 1, "1024x128 frame");
    c = cell (0, 0, 128, 24, "x");
    assert_frame_fails (blank, &c, 1, "not on the");
  }
  {
    PrwBlankCell c[]
        = { cell (0, 0, 256, 32, "a"), cell (128, 16, 128, 32, "b") };

    assert_frame_fails (blank, c, 2,
                        "strips overlap at the base frame's slice");
  }

  /* a strip of another format */
  strip = encode_painted (enc422, 128, 32, "other format");
  strip_frame
      = prw_prores_frame_parse (g_bytes_get_data (strip, NULL),
                                g_bytes_get_size (strip), "strip", &error);
  fail_unless (strip_frame != NULL);
  fail_unless (
      gst_buffer_map (prw_blank_frames_get_black (blank), &map, GST_MAP_READ));
  base_frame = prw_prores_frame_parse (map.data, map.size, "base", &error);
  fail_unless (base_frame != NULL);
  {
    PrwProresStrip s = { g_bytes_get_data (strip, NULL), strip_frame, 0, 0 };

    fail_if (prw_prores_splice (map.data, base_frame, &s, 1, NULL, 0, &needed,
                                &error));
    fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_FORMAT_MISMATCH));
    fail_unless_equals_string (
        error->message,
        "ProRes strip: ProRes chroma format differs from the base frame's");
    g_clear_error (&error);
    fail_unless (prw_prores_splice_check_format (base_frame, base_frame, "self",
                                                 &error));
  }
  {
    g_autoptr (PrwBlankFrames) small = prw_blank_frames_new (
        PRW_PRORES_ENCODER_KS, PRW_PRORES_PROFILE_4444, 256, 32, NULL, &error);
    GstMapInfo m2;
    PrwProresStrip s;
    g_autofree guint8 *out = NULL;
    g_autoptr (PrwProresFrame) small_frame = NULL;

    fail_unless (small != NULL);
    gst_buffer_map (prw_blank_frames_get_black (small), &m2, GST_MAP_READ);
    small_frame = prw_prores_frame_parse (m2.data, m2.size, "small", &error);
    s = (PrwProresStrip){ m2.data, small_frame, 4, 0 };
    fail_if (prw_prores_splice (map.data, base_frame, &s, 1, NULL, 0, &needed,
                                &error));
    fail_unless (strstr (error->message, "does not land on") != NULL, "%s",
                 error->message);
    g_clear_error (&error);
    s.mb_x = 56; /* passes the right edge */
    fail_if (prw_prores_splice (map.data, base_frame, &s, 1, NULL, 0, &needed,
                                &error));
    g_clear_error (&error);
    /* where it lands: measured, then too small a buffer */
    s.mb_x = 48;
    fail_unless (prw_prores_splice (map.data, base_frame, &s, 1, NULL, 0,
                                    &needed, &error));
    out = g_malloc (needed);
    fail_if (prw_prores_splice (map.data, base_frame, &s, 1, out, needed - 1,
                                &needed, &error));
    fail_unless (strstr (error->message, "does not fit") != NULL);
    g_clear_error (&error);
    fail_unless (prw_prores_splice (map.data, base_frame, &s, 1, out, needed,
                                    &needed, &error));
    gst_buffer_unmap (prw_blank_frames_get_black (small), &m2);
  }
  gst_buffer_unmap (prw_blank_frames_get_black (blank), &map);

  /* an encoder that is not installed */
  missing = prw_prores_encoder_new ("prwnosuchencoder", PRW_PRORES_PROFILE_4444,
                                    NULL, &error);
  fail_unless (missing == NULL);
  fail_unless (g_error_matches (error, PRW_ERROR, PRW_ERROR_MISSING_ELEMENT));
  fail_unless_equals_string (error->message,
                             "GStreamer element prwnosuchencoder is not "
                             "installed");
}
GST_END_TEST;

/* A spliced frame without the base's largest unchanged spans, with those
 * spans put back where the shares say, is the spliced frame; and at 4K a
 * blank rush's frame shares the black frame's memory for them. */
static void
check_shared (const guint8 *base_data, const PrwProresFrame *base,
              const PrwProresStrip *strips, guint n_strips, guint max_shares,
              gsize min_share, guint expect_shares)
{
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *whole = NULL, *own = NULL, *joined = NULL;
  PrwProresShare shares[8];
  gsize needed, own_size, at = 0, to = 0;
  guint n_shares = 99;

  fail_unless (prw_prores_splice (base_data, base, strips, n_strips, NULL, 0,
                                  &needed, &error));
  whole = g_malloc (needed);
  fail_unless (prw_prores_splice (base_data, base, strips, n_strips, whole,
                                  needed, &needed, &error));
  fail_unless (prw_prores_splice_shared (base_data, base, strips, n_strips,
                                         NULL, 0, &own_size, shares, max_shares,
                                         min_share, &n_shares, &error));
  fail_unless_equals_int (n_shares, expect_shares);
  own = g_malloc (own_size);
  fail_if (prw_prores_splice_shared (base_data, base, strips, n_strips, own,
                                     own_size - 1, &own_size, shares,
                                     max_shares, min_share, &n_shares, &error));
  g_clear_error (&error);
  fail_unless (prw_prores_splice_shared (
      base_data, base, strips, n_strips, own, own_size, &own_size, shares,
      max_shares, min_share, &n_shares, &error));
  joined = g_malloc (needed);
  for (guint i = 0; i < n_shares; i++) {
    fail_unless (shares[i].own_offset >= at && shares[i].size >= min_share);
    memcpy (joined + to, own + at, shares[i].own_offset - at);
    to += shares[i].own_offset - at;
    memcpy (joined + to, base_data + shares[i].base_offset, shares[i].size);
    to += shares[i].size;
    at = shares[i].own_offset;
  }
  memcpy (joined + to, own + at, own_size - at);
  to += own_size - at;
  fail_unless_equals_uint64 (to, needed);
  fail_unless (memcmp (joined, whole, needed) == 0);
}

GST_START_TEST (test_splice_shared)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwBlankFrames) blank = prw_blank_frames_new (
      PRW_PRORES_ENCODER_KS, PRW_PRORES_PROFILE_4444, 1024, 128, NULL, &error);
  g_autoptr (GBytes) strip = NULL;
  g_autoptr (PrwProresFrame) strip_frame = NULL;
  g_autoptr (PrwProresFrame) base_frame = NULL;
  PrwProresStrip s[2];
  GstMapInfo map;

  fail_unless (blank != NULL);
  strip = encode_painted (prw_blank_frames_get_encoder (blank), 256, 32,
                          "shared");
  strip_frame
      = prw_prores_frame_parse (g_bytes_get_data (strip, NULL),
                                g_bytes_get_size (strip), "strip", &error);
  fail_unless (strip_frame != NULL);
  gst_buffer_map (prw_blank_frames_get_black (blank), &map, GST_MAP_READ);
  base_frame = prw_prores_frame_parse (map.data, map.size, "base", &error);
  fail_unless (base_frame != NULL);
  /* at the top left, and in macroblock rows 4-5 at the right edge */
  s[0] = (PrwProresStrip){ g_bytes_get_data (strip, NULL), strip_frame, 0, 0 };
  s[1] = (PrwProresStrip){ g_bytes_get_data (strip, NULL), strip_frame, 48, 4 };
  /* 8 slices a row: the strips' rows are runs at slices 0-1, 8-9, 38-39
   * and 46-47, between and after which lie 4 spans of the base's (none
   * before the first) */
  check_shared (map.data, base_frame, s, 2, 8, 1, 4);
  check_shared (map.data, base_frame, s, 2, 1, 1, 1);
  check_shared (map.data, base_frame, s, 2, 8, G_MAXSIZE, 0);
  check_shared (map.data, base_frame, NULL, 0, 8, 1, 1);
  gst_buffer_unmap (prw_blank_frames_get_black (blank), &map);
}
GST_END_TEST;

/* At 4096x2928 a frame with the burn-in at the top and the bottom is the
 * pool's memory for its own bytes and the black frame's for the rows
 * between: the frame is far larger than what it holds of its own, and
 * its memory comes back to the pool. */
GST_START_TEST (test_frame_shares_black)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwBlankFrames) blank = prw_blank_frames_new (
      PRW_PRORES_ENCODER_KS, PRW_PRORES_PROFILE_4444, 4096, 2928, NULL, &error);
  PrwBlankCell cells[] = {
    cell (3584, 0, 512, 64, "NO GRADE"),
    cell (0, 2864, 1024, 64, "SRC TC 01:00:00:00"),
  };
  GstMemory *black_mem;
  const guint8 *own_data = NULL;

  fail_unless (blank != NULL, "%s", error ? error->message : "");
  black_mem = gst_buffer_peek_memory (prw_blank_frames_get_black (blank), 0);
  for (guint n = 0; n < 3; n++) {
    GstBuffer *f = prw_blank_frames_get_frame (blank, n, cells, 2, draw_cell,
                                               NULL, &error);
    gboolean shared = FALSE;
    GstMapInfo m;

    fail_unless (f != NULL, "%s", error ? error->message : "");
    fail_unless (f->pool != NULL);
    fail_unless (gst_buffer_n_memory (f) >= 2);
    for (guint i = 1; i < gst_buffer_n_memory (f); i++)
      shared |= gst_buffer_peek_memory (f, i)->parent == black_mem;
    fail_unless (shared, "frame %u shares nothing of the black frame", n);
    fail_unless (gst_buffer_get_size (f)
                 > 2 * gst_buffer_peek_memory (f, 0)->size);
    /* the first memory is the pool's, the same each time */
    gst_memory_map (gst_buffer_peek_memory (f, 0), &m, GST_MAP_READ);
    if (own_data != NULL)
      fail_unless (m.data == own_data, "frame %u: in new memory", n);
    own_data = m.data;
    gst_memory_unmap (gst_buffer_peek_memory (f, 0), &m);
    gst_buffer_unref (f);
  }
}
GST_END_TEST;

/* The colour description given is in every frame's header. */
GST_START_TEST (test_colour)
{
  PrwProresColour bt2020 = { 9, 14, 9 };
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwBlankFrames) blank
      = prw_blank_frames_new (PRW_PRORES_ENCODER_KS, PRW_PRORES_PROFILE_422_HQ,
                              256, 64, &bt2020, &error);
  PrwBlankCell c = cell (128, 32, 128, 32, "colour");
  GstBuffer *f;
  GstMapInfo map;

  fail_unless (blank != NULL);
  f = prw_blank_frames_get_frame (blank, 0, &c, 1, draw_cell, NULL, &error);
  fail_unless (f != NULL);
  gst_buffer_map (f, &map, GST_MAP_READ);
  fail_unless_equals_int (map.data[8 + PRW_PRORES_HEADER_PRIMARIES], 9);
  fail_unless_equals_int (map.data[8 + PRW_PRORES_HEADER_TRANSFER], 14);
  fail_unless_equals_int (map.data[8 + PRW_PRORES_HEADER_MATRIX], 9);
  gst_buffer_unmap (f, &map);
  gst_buffer_unref (f);
}
GST_END_TEST;

/* A cell encoded alone gives the same bytes every time (one encoder, one
 * set of settings), and inside a spliced frame it decodes as it does alone
 * (test_splice_cells). The same pixels inside a wider picture are not
 * always coded the same: prores_ks picks the quantisers of a row's slices
 * together, under the row's bit budget (at "422" these 128x32 pixels
 * between other pixels take 1112 bytes instead of 948 in their first
 * slice). That is why each cell is encoded alone, at its own rectangle,
 * and never cut out of a bigger picture. */
GST_START_TEST (test_cell_encoding_repeats)
{
  PrwProresProfile profile = profile_from_name (profile_names[__i__]);
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwProresEncoder) enc
      = prw_prores_encoder_new (PRW_PRORES_ENCODER_KS, profile, NULL, &error);
  g_autoptr (PrwProresEncoder) enc2
      = prw_prores_encoder_new (PRW_PRORES_ENCODER_KS, profile, NULL, &error);
  g_autoptr (GBytes) a = NULL;
  g_autoptr (GBytes) b = NULL;
  g_autoptr (GBytes) other = NULL;
  g_autoptr (GBytes) c = NULL;

  fail_unless (enc != NULL && enc2 != NULL);
  a = encode_painted (enc, 128, 32, "the cell");
  other = encode_painted (enc, 512, 32, "something else between");
  b = encode_painted (enc, 128, 32, "the cell");
  c = encode_painted (enc2, 128, 32, "the cell");
  fail_unless (g_bytes_equal (a, b));
  fail_unless (g_bytes_equal (a, c));
  fail_if (g_bytes_equal (a, other));
  fail_unless_equals_int (prw_prores_encoder_get_n_encoded (enc), 3);
}
GST_END_TEST;

static Suite *
prores_suite (void)
{
  Suite *s = suite_create ("prores");
  TCase *tc = tcase_create ("prores");

  tcase_set_timeout (tc, 300);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_loop_test (tc, test_parse_profiles, 0,
                       G_N_ELEMENTS (profile_names));
  tcase_add_test (tc, test_parse_malformed);
  tcase_add_loop_test (tc, test_cell_encoding_repeats, 0,
                       G_N_ELEMENTS (profile_names));
  tcase_add_loop_test (tc, test_black_frame_is_the_encoders, 0,
                       G_N_ELEMENTS (profile_names));
  tcase_add_loop_test (tc, test_splice_cells, 0, G_N_ELEMENTS (profile_names));
  tcase_add_test (tc, test_splice_cells_at_edges);
  tcase_add_test (tc, test_splice_4096_4444);
  tcase_add_test (tc, test_cache);
  tcase_add_test (tc, test_cache_limit);
  tcase_add_test (tc, test_frame_memory_reused);
  tcase_add_test (tc, test_splice_shared);
  tcase_add_test (tc, test_frame_shares_black);
  tcase_add_test (tc, test_refusals);
  tcase_add_test (tc, test_colour);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (prores);
