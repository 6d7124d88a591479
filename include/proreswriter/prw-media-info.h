/* libproreswriter: what a probe learnt of one movie (immutable) */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <glib-object.h>
#include <proreswriter/prw-version-macros.h>
#include <proreswriter/prw-timecode.h>

G_BEGIN_DECLS

/**
 * PrwFieldOrder:
 * @PRW_FIELD_ORDER_PROGRESSIVE: one field: each frame is a whole picture
 *   ('fiel' 1 and any ordering, or no 'fiel')
 * @PRW_FIELD_ORDER_TOP_FIELD_FIRST: two fields, the top one displayed
 *   first and stored first ('fiel' 2 1)
 * @PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST: two fields, the bottom one
 *   displayed first and stored first ('fiel' 2 6)
 * @PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST_TOP_STORED_FIRST: two fields, the
 *   bottom one displayed first, the top one stored first ('fiel' 2 9)
 * @PRW_FIELD_ORDER_TOP_FIELD_FIRST_BOTTOM_STORED_FIRST: two fields, the
 *   top one displayed first, the bottom one stored first ('fiel' 2 14)
 * @PRW_FIELD_ORDER_UNKNOWN: a 'fiel' the QuickTime File Format does not
 *   define: another field count, or two fields with another ordering
 *
 * How a movie's frames are made of fields, as the 'fiel' extension of its
 * video sample description says (QuickTime File Format, "Video sample
 * description extensions", "Field handling": a field count, then a field
 * ordering whose codes are given above). A movie without 'fiel' is
 * progressive: a player shows its frames whole. See
 * prw_media_info_get_field_order(), and prw_media_info_get_fields() for
 * the two numbers as written.
 *
 * Since: 0.4
 */
typedef enum {
  PRW_FIELD_ORDER_PROGRESSIVE = 0,
  PRW_FIELD_ORDER_TOP_FIELD_FIRST = 1,
  PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST = 2,
  PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST_TOP_STORED_FIRST = 3,
  PRW_FIELD_ORDER_TOP_FIELD_FIRST_BOTTOM_STORED_FIRST = 4,
  PRW_FIELD_ORDER_UNKNOWN = 5,
} PrwFieldOrder;

#define PRW_TYPE_FIELD_ORDER (prw_field_order_get_type ())
PRW_AVAILABLE_IN_0_4 GType prw_field_order_get_type (void) G_GNUC_CONST;
PRW_AVAILABLE_IN_0_4 const gchar *
prw_field_order_to_string (PrwFieldOrder order);

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
PRW_AVAILABLE_IN_0_4 gboolean prw_media_info_get_pixel_aspect (
    PrwMediaInfo *self, guint *par_n, guint *par_d);
PRW_AVAILABLE_IN_0_4 gboolean prw_media_info_get_pasp (PrwMediaInfo *self,
                                                       guint *h_spacing,
                                                       guint *v_spacing);
PRW_AVAILABLE_IN_0_4 gboolean prw_media_info_get_fields (PrwMediaInfo *self,
                                                         guint *count,
                                                         guint *detail);
PRW_AVAILABLE_IN_0_4 PrwFieldOrder
prw_media_info_get_field_order (PrwMediaInfo *self);

G_END_DECLS
