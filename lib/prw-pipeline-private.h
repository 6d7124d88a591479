/* libproreswriter: the GStreamer pipeline that renders a plan (private)
 *
 *   filesrc(base) ! qtdemux -- video --> prwframeselector ! queue --+
 *                           \- audio_N --> queue -------------------+--> qtmux
 * ! filesink(tmp) filesrc(segment) ! qtdemux ! appsink   (opened by the
 * selector, one at a time)
 */
#pragma once

#include <gio/gio.h>
#include <proreswriter/proreswriter.h>

G_BEGIN_DECLS

typedef void (*PrwPipelineProgressFunc) (guint64 frames, guint64 bytes,
                                         gpointer user_data);

/* Runs the sealed plan into path (which the caller owns and removes on
 * failure); errors about the output name output_name, the file the user
 * asked for. Blocks until done; polls cancellable and calls progress from
 * the calling thread about ten times a second. */
gboolean prw_pipeline_run (PrwPlan *plan, const gchar *path,
                           const gchar *output_name, GCancellable *cancellable,
                           PrwPipelineProgressFunc progress, gpointer user_data,
                           GError **error);

G_END_DECLS
