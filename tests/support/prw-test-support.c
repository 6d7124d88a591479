/* Test support: internals only the tests need (see prw-test-support.h) */
#include "prw-test-support.h"

#include "prw-media-info-private.h"
#include <string.h>

PrwMediaInfo *
prw_media_info_new_for_test (const gchar *path, const gchar *codec_fourcc,
                             guint width, guint height, guint rate_num,
                             guint rate_den, gint64 frame_count,
                             const PrwTimecode *start)
{
  PrwMediaInfo *self;
  guint8 b[4] = { ' ', ' ', ' ', ' ' };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (codec_fourcc != NULL, NULL);
  g_return_val_if_fail (rate_num > 0 && rate_den > 0, NULL);

  for (guint i = 0; i < 4 && codec_fourcc[i] != '\0'; i++)
    b[i] = (guint8) codec_fourcc[i];

  self = g_object_new (PRW_TYPE_MEDIA_INFO, NULL);
  self->path = g_strdup (path);
  self->codec_fourcc = g_strdup (codec_fourcc);
  self->codec_name
      = prw_prores_flavour_name (PRW_FOURCC (b[0], b[1], b[2], b[3]));
  self->width = width;
  self->height = height;
  self->rate_num = rate_num;
  self->rate_den = rate_den;
  self->frame_count = frame_count;
  if (start != NULL) {
    /* one run: the timecode never breaks */
    PrwTimecodeRun run = { 0, frame_count, *start };

    prw_media_info_set_timecode_runs (self, &run, 1);
  }
  return self;
}

void
prw_media_info_set_reel_for_test (PrwMediaInfo *self, const gchar *reel_name)
{
  g_return_if_fail (PRW_IS_MEDIA_INFO (self));

  g_free (self->reel_name);
  self->reel_name = g_strdup (reel_name);
}

/* Called by g_object_dup_qdata() under GObject's data lock, so that a
 * print finishing in another thread cannot free the stats meanwhile. */
static gpointer
stats_dup (gpointer data, gpointer user_data)
{
  const PrwPipelineStats *kept = data;
  PrwPipelineStats *copy = user_data;

  if (kept) {
    *copy = *kept;
    if (copy->shifts)
      g_array_ref (copy->shifts);
    if (copy->copied)
      g_ptr_array_ref (copy->copied);
  }
  return NULL;
}

void
prw_printer_get_last_stats (PrwPrinter *self, PrwPipelineStats *stats)
{
  g_return_if_fail (PRW_IS_PRINTER (self));

  memset (stats, 0, sizeof (*stats));
  g_object_dup_qdata (G_OBJECT (self), prw_printer_stats_quark (), stats_dup,
                      stats);
}
