/* proreswriter CLI: a print's progress as one line on a terminal */

#include "progress.h"

#include "output.h"

#include <unistd.h>

struct _PrwCliProgress {
  GMutex lock;
  GObject *printer;
  gulong handler;
  gint64 start_us;
  gint64 last_draw_us;
};

static void
format_eta (GString *out, guint64 seconds)
{
  if (seconds >= 3600)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT ":%02u:%02u",
                            seconds / 3600, (guint) (seconds / 60 % 60),
                            (guint) (seconds % 60));
  else
    g_string_append_printf (out, "%u:%02u", (guint) (seconds / 60),
                            (guint) (seconds % 60));
}

/* The printer's progress signal (in the thread that runs the print).
 * Rates are for display only. */
static void
on_progress (GObject *printer, guint64 frames_done, guint64 frames_total,
             guint64 bytes_done, gpointer user_data)
{
  PrwCliProgress *progress = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 elapsed;
  g_autoptr (GString) line = NULL;

  g_mutex_lock (&progress->lock);
  if (frames_done < frames_total && progress->last_draw_us != 0
      && now - progress->last_draw_us < G_USEC_PER_SEC / 10) {
    g_mutex_unlock (&progress->lock);
    return;
  }
  progress->last_draw_us = now;
  elapsed = MAX (now - progress->start_us, 1);

  line = g_string_new (NULL);
  g_string_append_printf (line,
                          "%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
                          " frames  %.1f fps  %.1f MB/s  ETA ",
                          frames_done, frames_total,
                          (gdouble) frames_done * G_USEC_PER_SEC / elapsed,
                          (gdouble) bytes_done / elapsed);
  if (frames_done == 0)
    g_string_append (line, "?");
  else
    format_eta (line, (frames_total > frames_done
                           ? (frames_total - frames_done) * (guint64) elapsed
                                 / frames_done / G_USEC_PER_SEC
                           : 0));
  prw_cli_status_draw (line->str);
  g_mutex_unlock (&progress->lock);
}

PrwCliProgress *
prw_cli_progress_start (gpointer printer)
{
  PrwCliProgress *progress;

  if (!isatty (STDERR_FILENO) || prw_cli_output_get_json_errors ())
    return NULL;

  progress = g_new0 (PrwCliProgress, 1);
  g_mutex_init (&progress->lock);
  progress->printer = g_object_ref (printer);
  progress->start_us = g_get_monotonic_time ();
  progress->handler = g_signal_connect (printer, "progress",
                                        G_CALLBACK (on_progress), progress);
  return progress;
}

void
prw_cli_progress_finish (PrwCliProgress *progress)
{
  if (progress == NULL)
    return;
  g_signal_handler_disconnect (progress->printer, progress->handler);
  prw_cli_status_clear ();
  g_object_unref (progress->printer);
  g_mutex_clear (&progress->lock);
  g_free (progress);
}
