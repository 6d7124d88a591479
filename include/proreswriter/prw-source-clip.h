/* libproreswriter: a camera original (OCF) as the tools see it */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <gio/gio.h>
#include <proreswriter/prw-version-macros.h>
#include <proreswriter/prw-timecode.h>

G_BEGIN_DECLS

/**
 * PRW_SOURCE_CLIP_FACT_CLIP_NAME:
 *
 * The fact name of prw_source_clip_get_clip_name(), for
 * prw_source_clip_get_origin().
 *
 * Since: 0.4
 */
#define PRW_SOURCE_CLIP_FACT_CLIP_NAME "clip-name"
/**
 * PRW_SOURCE_CLIP_FACT_REEL:
 *
 * The fact name of prw_source_clip_get_reel().
 *
 * Since: 0.4
 */
#define PRW_SOURCE_CLIP_FACT_REEL "reel"
/**
 * PRW_SOURCE_CLIP_FACT_START_TIMECODE:
 *
 * The fact name of prw_source_clip_get_start_timecode().
 *
 * Since: 0.4
 */
#define PRW_SOURCE_CLIP_FACT_START_TIMECODE "start-timecode"
/**
 * PRW_SOURCE_CLIP_FACT_FRAME_COUNT:
 *
 * The fact name of prw_source_clip_get_frame_count().
 *
 * Since: 0.4
 */
#define PRW_SOURCE_CLIP_FACT_FRAME_COUNT "frame-count"
/**
 * PRW_SOURCE_CLIP_FACT_RATE:
 *
 * The fact name of prw_source_clip_get_rate_num() and
 * prw_source_clip_get_rate_den().
 *
 * Since: 0.4
 */
#define PRW_SOURCE_CLIP_FACT_RATE "rate"
/**
 * PRW_SOURCE_CLIP_FACT_SIZE:
 *
 * The fact name of prw_source_clip_get_width() and
 * prw_source_clip_get_height().
 *
 * Since: 0.4
 */
#define PRW_SOURCE_CLIP_FACT_SIZE "size"
/**
 * PRW_SOURCE_CLIP_FACT_PIXEL_ASPECT:
 *
 * The fact name of prw_source_clip_get_pixel_aspect().
 *
 * Since: 0.4
 */
#define PRW_SOURCE_CLIP_FACT_PIXEL_ASPECT "pixel-aspect"
/**
 * PRW_SOURCE_CLIP_FACT_SCAN:
 *
 * The fact name of prw_source_clip_get_interlaced(): known when the
 * source says whether it is progressive or interlaced.
 *
 * Since: 0.4
 */
#define PRW_SOURCE_CLIP_FACT_SCAN "scan"

#define PRW_TYPE_SOURCE_CLIP (prw_source_clip_get_type ())
PRW_AVAILABLE_IN_0_4
G_DECLARE_FINAL_TYPE (PrwSourceClip, prw_source_clip, PRW, SOURCE_CLIP, GObject)

PRW_AVAILABLE_IN_0_4 PrwSourceClip *
prw_source_clip_new (const gchar *clip_name, const gchar *reel,
                     const PrwTimecode *start, gint64 frame_count, guint width,
                     guint height);
PRW_AVAILABLE_IN_0_4 PrwSourceClip *
prw_source_clip_new_from_file (const gchar *path, const gchar *start,
                               GCancellable *cancellable, GError **error);

PRW_AVAILABLE_IN_0_4 const gchar *
prw_source_clip_get_clip_name (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 gchar *prw_source_clip_dup_file_stem (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_source_clip_get_reel (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 const PrwTimecode *
prw_source_clip_get_start_timecode (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 gint64
prw_source_clip_get_frame_count (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 guint prw_source_clip_get_rate_num (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 guint prw_source_clip_get_rate_den (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 guint prw_source_clip_get_width (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 guint prw_source_clip_get_height (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 gboolean prw_source_clip_get_pixel_aspect (
    PrwSourceClip *self, guint *par_n, guint *par_d);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_source_clip_get_path (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_source_clip_get_ale_path (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 guint prw_source_clip_get_ale_line (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_source_clip_get_format (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 gboolean
prw_source_clip_get_interlaced (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 guint
prw_source_clip_get_n_audio_tracks (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 guint
prw_source_clip_get_n_uncopied_audio_tracks (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_source_clip_get_origin (PrwSourceClip *self, const gchar *fact);
PRW_AVAILABLE_IN_0_4 const gchar *const *
prw_source_clip_get_warnings (PrwSourceClip *self);
PRW_AVAILABLE_IN_0_4 PrwTimecode *
prw_source_clip_get_last_timecode (PrwSourceClip *self);

G_END_DECLS
