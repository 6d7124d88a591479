/* libproreswriter: probe a movie without GStreamer's demuxer */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <gio/gio.h>
#include <proreswriter/prw-version-macros.h>
#include <proreswriter/prw-media-info.h>

G_BEGIN_DECLS

PRW_AVAILABLE_IN_0_1 PrwMediaInfo *
prw_probe_file (const gchar *path, GCancellable *cancellable, GError **error);
PRW_AVAILABLE_IN_0_2 PrwMediaInfo *
prw_probe_file_full (const gchar *path, guint video_track_id,
                     GCancellable *cancellable, GError **error);

G_END_DECLS
