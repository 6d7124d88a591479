/* libproreswriter: one graded clip */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <glib-object.h>
#include <proreswriter/prw-version-macros.h>
#include <proreswriter/prw-media-info.h>

G_BEGIN_DECLS

#define PRW_TYPE_SEGMENT (prw_segment_get_type ())
PRW_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (PrwSegment, prw_segment, PRW, SEGMENT, GObject)

PRW_AVAILABLE_IN_0_1 PrwSegment *prw_segment_new (PrwMediaInfo *media);
PRW_AVAILABLE_IN_0_1 PrwMediaInfo *prw_segment_get_media (PrwSegment *self);
PRW_AVAILABLE_IN_0_1 const gchar *prw_segment_get_path (PrwSegment *self);
PRW_AVAILABLE_IN_0_1 const gchar *
prw_segment_get_display_name (PrwSegment *self);
PRW_AVAILABLE_IN_0_1 gint prw_segment_get_number (PrwSegment *self);
PRW_AVAILABLE_IN_0_1 const PrwTimecode *
prw_segment_get_start_timecode (PrwSegment *self);
PRW_AVAILABLE_IN_0_1 gint64 prw_segment_get_frame_count (PrwSegment *self);

G_END_DECLS
