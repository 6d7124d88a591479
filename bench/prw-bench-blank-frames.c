/* prw-bench-blank-frames: how fast the blank-frame generator makes the
 * frames of a blank rush (lib/prores/prw-blank-frames.c), without writing
 * them anywhere. Not a test: it prints figures.
 *
 *   build/tests/prw-bench-blank-frames [--size 4096x2928] [--profile 4444]
 *       [--frames 1000] [--cells 6] [--distinct 25]
 *
 * It times the black frame's encode (prw_blank_frames_new), then
 * prw_blank_frames_get_frame for --frames frames with --cells cells laid
 * out like a burn-in along the bottom and top right, of which one changes
 * every frame, cycling through --distinct keys (the frame digits); the
 * others keep their key. It reports frames per second overall and once
 * every key is cached, the encodes, the frame sizes and the peak RSS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <gst/gst.h>

#include "prores/prw-blank-frames-private.h"

static void
draw (guint index, const PrwBlankCell *cell, guint8 *argb32, gint stride,
      gpointer user_data)
{
  guint seed = g_str_hash (cell->key);

  (void) index;
  (void) user_data;
  /* something to code: a checker of grey levels that depends on the key,
   * like text, where a blank cell would cost nothing */
  for (guint y = 0; y < cell->height; y++) {
    guint32 *row = (guint32 *) (argb32 + (gsize) y * stride);

    for (guint x = 0; x < cell->width; x++) {
      guint v = (((x / 6) ^ (y / 9) ^ seed) & 1) ? 0xe0 : 0x10;

      row[x] = 0xff000000u | (v << 16) | (v << 8) | v;
    }
  }
}

int
main (int argc, char **argv)
{
  gchar *size = NULL, *profile_name = NULL;
  gint frames = 1000, n_cells = 6, distinct = 25;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "WxH (4096x2928)", "WxH" },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name,
      "4444|4444xq|422hq|422|lt|proxy (4444)", "P" },
    { "frames", 0, 0, G_OPTION_ARG_INT, &frames, "frames (1000)", "N" },
    { "cells", 0, 0, G_OPTION_ARG_INT, &n_cells, "cells, 0-6 (6)", "N" },
    { "distinct", 0, 0, G_OPTION_ARG_INT, &distinct,
      "keys of the changing cell (25)", "N" },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("");
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwBlankFrames) blank = NULL;
  PrwProresProfile profile = PRW_PRORES_PROFILE_4444;
  guint width = 4096, height = 2928, sw;
  PrwBlankCell cells[6];
  gint64 t0, t1, t_warm = 0;
  guint64 bytes = 0, black_size;
  struct rusage ru;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error)
      || (size != NULL && sscanf (size, "%ux%u", &width, &height) != 2)
      || (profile_name != NULL
          && !prw_prores_profile_from_string (profile_name, &profile))
      || n_cells < 0 || n_cells > 6 || frames < 1 || distinct < 1) {
    fprintf (stderr, "usage: see --help\n");
    return 2;
  }
  gst_init (NULL, NULL);

  t0 = g_get_monotonic_time ();
  blank = prw_blank_frames_new (NULL, profile, width, height, NULL, &error);
  t1 = g_get_monotonic_time ();
  if (blank == NULL) {
    fprintf (stderr, "%s\n", error->message);
    return 1;
  }
  sw = prw_blank_frames_get_slice_width (blank);
  black_size = gst_buffer_get_size (prw_blank_frames_get_black (blank));
  printf ("encoder         %s, ProRes %s %ux%u, slices of %u px\n",
          prw_prores_encoder_get_element_name (
              prw_blank_frames_get_encoder (blank)),
          prw_prores_profile_to_string (profile), width, height, sw);
  printf ("black frame     %.1f ms to encode, %" G_GUINT64_FORMAT " bytes\n",
          (t1 - t0) / 1000.0, black_size);

  /* a burn-in along the bottom: box, timecode (hours to seconds), frame
   * digits, clip name; NO GRADE at the top right */
  {
    guint ch = MIN (64, height / 16 * 16), y = (height - ch) / 16 * 16;
    PrwBlankCell layout[6] = {
      { 0, y, 2 * sw, ch, "SRC TC box" },
      { 2 * sw, y, 4 * sw, ch, "01:00:00:" },
      { 6 * sw, y, sw, ch, "" /* the frame digits, below */ },
      { 8 * sw, y, 8 * sw, ch, "A001C003_230101_R1AB" },
      { width / sw * sw - 4 * sw, 0, 4 * sw, ch, "NO GRADE" },
      { 0, 0, 2 * sw, ch, "reel" },
    };
    memcpy (cells, layout, sizeof cells);
  }

  t0 = g_get_monotonic_time ();
  for (gint n = 0; n < frames; n++) {
    GstBuffer *f;

    g_snprintf (cells[2].key, sizeof cells[2].key, "%02d", n % distinct);
    f = prw_blank_frames_get_frame (blank, n, cells, (guint) n_cells, draw,
                                    NULL, &error);
    if (f == NULL) {
      fprintf (stderr, "frame %d: %s\n", n, error->message);
      return 1;
    }
    bytes += gst_buffer_get_size (f);
    gst_buffer_unref (f);
    if (n + 1 == MIN (distinct, frames))
      t_warm = g_get_monotonic_time ();
  }
  t1 = g_get_monotonic_time ();
  getrusage (RUSAGE_SELF, &ru);

  printf ("frames          %d with %d cells (1 changing, %d keys)\n", frames,
          n_cells, distinct);
  printf ("all frames      %.0f fps (%.3f s)\n", frames * 1e6 / (t1 - t0),
          (t1 - t0) / 1e6);
  if (frames > distinct)
    printf ("cached cells    %.0f fps (after the first %d frames)\n",
            (frames - distinct) * 1e6 / (t1 - t_warm), distinct);
  printf ("cells encoded   %u\n", prw_blank_frames_get_n_cells_encoded (blank));
  printf ("frame size      %" G_GUINT64_FORMAT " bytes on average\n",
          bytes / (guint64) frames);
  printf ("peak RSS        %ld MB\n", ru.ru_maxrss / 1024);
  g_free (size);
  g_free (profile_name);
  return 0;
}
