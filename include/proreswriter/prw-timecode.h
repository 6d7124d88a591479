/* libproreswriter: SMPTE timecode as an integer frame count */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <glib-object.h>
#include <proreswriter/prw-version-macros.h>

G_BEGIN_DECLS

#define PRW_TYPE_TIMECODE (prw_timecode_get_type ())

typedef struct _PrwTimecode PrwTimecode;

/**
 * PrwTimecode:
 * @rate_num: numerator of the exact frame rate (24000 for 23.976)
 * @rate_den: denominator of the exact frame rate (1001 for 23.976)
 * @drop_frame: whether labels follow the drop-frame rules
 * @frames: frames since 00:00:00:00, after the drop-frame rules; always in
 *   [0, frames per day)
 *
 * A timecode. The frame count is the truth; the "HH:MM:SS:FF" label is
 * derived from it with integer arithmetic only. The fields may be read
 * directly; a #PrwTimecode made by this library always has a supported
 * rate (see prw_timecode_rate_is_supported()) in lowest terms.
 *
 * Since: 0.1
 */
struct _PrwTimecode {
  guint rate_num;
  guint rate_den;
  gboolean drop_frame;
  gint64 frames;
};

PRW_AVAILABLE_IN_0_1 GType prw_timecode_get_type (void);

PRW_AVAILABLE_IN_0_1 gboolean prw_timecode_rate_is_supported (
    guint rate_num, guint rate_den, gboolean drop_frame);
PRW_AVAILABLE_IN_0_1 guint prw_timecode_rate_get_nominal_fps (guint rate_num,
                                                              guint rate_den);
PRW_AVAILABLE_IN_0_1 gint64 prw_timecode_rate_get_frames_per_day (
    guint rate_num, guint rate_den, gboolean drop_frame);
PRW_AVAILABLE_IN_0_2 gboolean prw_timecode_rate_parse (const gchar *str,
                                                       guint *rate_num,
                                                       guint *rate_den,
                                                       gboolean *drop_frame,
                                                       GError **error);
PRW_AVAILABLE_IN_0_2 gchar *prw_timecode_rate_to_string (guint rate_num,
                                                         guint rate_den,
                                                         gboolean drop_frame);

PRW_AVAILABLE_IN_0_1 PrwTimecode *prw_timecode_new (guint rate_num,
                                                    guint rate_den,
                                                    gboolean drop_frame,
                                                    gint64 frames);
PRW_AVAILABLE_IN_0_1 PrwTimecode *
prw_timecode_new_from_string (const gchar *str, guint rate_num, guint rate_den,
                              gboolean drop_frame, GError **error);
PRW_AVAILABLE_IN_0_1 PrwTimecode *prw_timecode_new_from_components (
    guint rate_num, guint rate_den, gboolean drop_frame, guint hours,
    guint minutes, guint seconds, guint frames, GError **error);
PRW_AVAILABLE_IN_0_1 PrwTimecode *prw_timecode_copy (const PrwTimecode *tc);
PRW_AVAILABLE_IN_0_1 void prw_timecode_free (PrwTimecode *tc);

PRW_AVAILABLE_IN_0_1 gint64 prw_timecode_get_frames (const PrwTimecode *tc);
PRW_AVAILABLE_IN_0_1 void
prw_timecode_get_components (const PrwTimecode *tc, guint *hours,
                             guint *minutes, guint *seconds, guint *frames);
PRW_AVAILABLE_IN_0_1 gchar *prw_timecode_to_string (const PrwTimecode *tc);
PRW_AVAILABLE_IN_0_1 PrwTimecode *
prw_timecode_add_frames (const PrwTimecode *tc, gint64 frames);
PRW_AVAILABLE_IN_0_1 gint64
prw_timecode_frames_between (const PrwTimecode *from, const PrwTimecode *to);
PRW_AVAILABLE_IN_0_1 gint prw_timecode_compare (const PrwTimecode *a,
                                                const PrwTimecode *b);
PRW_AVAILABLE_IN_0_1 gboolean prw_timecode_equal (const PrwTimecode *a,
                                                  const PrwTimecode *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrwTimecode, prw_timecode_free)

G_END_DECLS
