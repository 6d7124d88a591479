/* libproreswriter: what a probe learnt of one movie (immutable) */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <glib-object.h>
#include <proreswriter/prw-version-macros.h>
#include <proreswriter/prw-timecode.h>

G_BEGIN_DECLS

#define PRW_TYPE_MEDIA_INFO (prw_media_info_get_type ())
PRW_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (PrwMediaInfo, prw_media_info, PRW, MEDIA_INFO, GObject)

PRW_AVAILABLE_IN_0_1 const gchar *prw_media_info_get_path (PrwMediaInfo *self);
PRW_AVAILABLE_IN_0_1 const gchar *
prw_media_info_get_codec_fourcc (PrwMediaInfo *self);
PRW_AVAILABLE_IN_0_1 const gchar *
prw_media_info_get_codec_name (PrwMediaInfo *self);
PRW_AVAILABLE_IN_0_1 guint prw_media_info_get_width (PrwMediaInfo *self);
PRW_AVAILABLE_IN_0_1 guint prw_media_info_get_height (PrwMediaInfo *self);
PRW_AVAILABLE_IN_0_1 guint prw_media_info_get_rate_num (PrwMediaInfo *self);
PRW_AVAILABLE_IN_0_1 guint prw_media_info_get_rate_den (PrwMediaInfo *self);
PRW_AVAILABLE_IN_0_1 gint64 prw_media_info_get_frame_count (PrwMediaInfo *self);
PRW_AVAILABLE_IN_0_1 const PrwTimecode *
prw_media_info_get_start_timecode (PrwMediaInfo *self);
PRW_AVAILABLE_IN_0_1 const gchar *
prw_media_info_get_reel_name (PrwMediaInfo *self);
PRW_AVAILABLE_IN_0_1 const gchar *
prw_media_info_get_colour (PrwMediaInfo *self);
PRW_AVAILABLE_IN_0_1 guint
prw_media_info_get_n_audio_tracks (PrwMediaInfo *self);
PRW_AVAILABLE_IN_0_1 const gchar *
prw_media_info_get_audio_description (PrwMediaInfo *self, guint index);
PRW_AVAILABLE_IN_0_1 guint64 prw_media_info_get_file_size (PrwMediaInfo *self);
PRW_AVAILABLE_IN_0_2 const gchar *const *
prw_media_info_get_warnings (PrwMediaInfo *self);
PRW_AVAILABLE_IN_0_4 guint
prw_media_info_get_n_timecode_runs (PrwMediaInfo *self);
PRW_AVAILABLE_IN_0_4 gint64
prw_media_info_get_timecode_run_first_frame (PrwMediaInfo *self, guint index);
PRW_AVAILABLE_IN_0_4 gint64
prw_media_info_get_timecode_run_frames (PrwMediaInfo *self, guint index);
PRW_AVAILABLE_IN_0_4 const PrwTimecode *
prw_media_info_get_timecode_run_start (PrwMediaInfo *self, guint index);
PRW_AVAILABLE_IN_0_4 PrwTimecode *
prw_media_info_get_timecode_at (PrwMediaInfo *self, gint64 frame);

G_END_DECLS
