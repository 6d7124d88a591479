/* prw-bench-burn-in: how long the burn-in of a blank rush takes per frame
 *
 * For each frame of a run, prw_burn_in_get_cells() and a draw of each cell
 * whose key has not been seen (what the blank-rush source does before
 * encoding the cells it has no encoded copy of), then the same with every
 * cell drawn every frame, for comparison. Defaults: the seed's clip,
 * 10635 frames of 4096x2928 at 25 fps from 01:00:00:00.
 *
 *   build/bench/prw-bench-burn-in [--size WxH] [--frames N] [--rate R]
 *                                 [--start TC] [--name NAME]
 *
 * Not a test: it prints times and exits 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <proreswriter/proreswriter.h>

#include "burnin/prw-burn-in-private.h"

typedef struct {
  gint64 frames;
  guint draws;
  gint64 cells_us; /* in prw_burn_in_get_cells() */
  gint64 draw_us;  /* in prw_burn_in_draw_cell() */
  gint64 worst_us; /* the slowest frame */
  gint64 total_us;
} Run;

static void
run_frames (PrwBurnIn *b, const PrwTimecode *start, gint64 frames,
            gboolean cached, guint8 *scratch, Run *run)
{
  g_autoptr (GHashTable) seen
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 t_start = g_get_monotonic_time ();

  memset (run, 0, sizeof *run);
  for (gint64 f = 0; f < frames; f++) {
    g_autoptr (PrwTimecode) tc = prw_timecode_add_frames (start, f);
    PrwBurnInCell cells[PRW_BURN_IN_MAX_CELLS];
    gint64 t0 = g_get_monotonic_time (), t1, t2;
    guint n = prw_burn_in_get_cells (b, tc, cells, PRW_BURN_IN_MAX_CELLS);

    t1 = g_get_monotonic_time ();
    for (guint i = 0; i < n; i++) {
      if (cached && g_hash_table_contains (seen, cells[i].key))
        continue;
      prw_burn_in_draw_cell (b, tc, &cells[i], scratch,
                             (gint) cells[i].width * 4);
      run->draws++;
      if (cached)
        g_hash_table_add (seen, g_strdup (cells[i].key));
    }
    t2 = g_get_monotonic_time ();
    run->cells_us += t1 - t0;
    run->draw_us += t2 - t1;
    run->worst_us = MAX (run->worst_us, t2 - t0);
  }
  run->frames = frames;
  run->total_us = g_get_monotonic_time () - t_start;
}

static void
report (const gchar *what, const Run *run)
{
  printf ("%-26s %6" G_GINT64_FORMAT " frames %6u draws  %8.2f us/frame "
          "(cells %.2f, draws %.2f)  slowest frame %.2f ms  %.0f fps\n",
          what, run->frames, run->draws, (gdouble) run->total_us / run->frames,
          (gdouble) run->cells_us / run->frames,
          (gdouble) run->draw_us / run->frames, run->worst_us / 1000.0,
          run->frames * 1e6 / MAX (run->total_us, 1));
}

int
main (int argc, char **argv)
{
  g_autofree gchar *size = g_strdup ("4096x2928");
  g_autofree gchar *rate = g_strdup ("25");
  g_autofree gchar *start_label = g_strdup ("01:00:00:00");
  g_autofree gchar *name = g_strdup ("A001C003_230815_R2KX");
  gint64 frames = 10635;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "picture size", "WxH" },
    { "frames", 0, 0, G_OPTION_ARG_INT64, &frames, "frames", "N" },
    { "rate", 0, 0, G_OPTION_ARG_STRING, &rate, "rate (25, 29.97 DF...)", "R" },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start_label, "start timecode",
      "TC" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "clip name", "NAME" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwBurnIn) b = NULL;
  g_autoptr (PrwTimecode) start = NULL;
  g_autofree guint8 *scratch = NULL;
  guint width, height, num, den;
  gboolean drop;
  PrwBurnInCell cells[PRW_BURN_IN_MAX_CELLS];
  gsize largest = 0;
  gint64 t0;
  guint n;
  Run cached, uncached;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || sscanf (size, "%ux%u", &width, &height) != 2
      || !prw_timecode_rate_parse (rate, &num, &den, &drop, &error)
      || !(start
           = prw_timecode_new_from_string (start_label, num, den, drop, &error))
      || frames <= 0) {
    fprintf (stderr, "prw-bench-burn-in: %s\n",
             error ? error->message : "bad --size or --frames");
    return 2;
  }

  t0 = g_get_monotonic_time ();
  b = prw_burn_in_new (width, height, 128, name, &error);
  if (b == NULL) {
    fprintf (stderr, "prw-bench-burn-in: %s\n", error->message);
    return 1;
  }
  printf ("%ux%u, %s, %" G_GINT64_FORMAT " frames from %s; "
          "prw_burn_in_new: %.1f ms; timecode %.1f px in %u cells\n",
          width, height, rate, frames, start_label,
          (g_get_monotonic_time () - t0) / 1000.0,
          prw_burn_in_get_timecode_size (b),
          prw_burn_in_get_timecode_cells (b));
  n = prw_burn_in_get_cells (b, start, cells, PRW_BURN_IN_MAX_CELLS);
  for (guint i = 0; i < n; i++) {
    printf ("  cell %4u,%-4u %4ux%-3u %s\n", cells[i].x, cells[i].y,
            cells[i].width, cells[i].height, cells[i].key);
    largest = MAX (largest, (gsize) cells[i].width * cells[i].height * 4);
  }
  scratch = g_malloc (largest);

  run_frames (b, start, frames, TRUE, scratch, &cached);
  report ("new keys drawn", &cached);
  run_frames (b, start, MIN (frames, 2000), FALSE, scratch, &uncached);
  report ("every cell drawn", &uncached);
  return 0;
}
