/* libproreswriter: a blank rush, the black ProRes twin of a camera original */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <gio/gio.h>
#include <proreswriter/prw-version-macros.h>
#include <proreswriter/prw-media-info.h>
#include <proreswriter/prw-printer.h>
#include <proreswriter/prw-source-clip.h>
#include <proreswriter/prw-timecode.h>

G_BEGIN_DECLS

#define PRW_TYPE_BLANK_RUSH (prw_blank_rush_get_type ())
PRW_AVAILABLE_IN_0_4
G_DECLARE_FINAL_TYPE (PrwBlankRush, prw_blank_rush, PRW, BLANK_RUSH, GObject)

PRW_AVAILABLE_IN_0_4
PrwBlankRush *prw_blank_rush_new (const gchar *clip_name,
                                  const PrwTimecode *start, gint64 frame_count);

PRW_AVAILABLE_IN_0_4
PrwBlankRush *prw_blank_rush_new_for_source (PrwSourceClip *source,
                                             GError **error);
PRW_AVAILABLE_IN_0_4
gboolean prw_blank_rush_has_format (PrwBlankRush *self);

PRW_AVAILABLE_IN_0_4
void prw_blank_rush_set_reel (PrwBlankRush *self, const gchar *reel);
PRW_AVAILABLE_IN_0_4
void prw_blank_rush_set_burn_in (PrwBlankRush *self, gboolean burn_in);
PRW_AVAILABLE_IN_0_4
void prw_blank_rush_set_audio (PrwBlankRush *self, gboolean audio);
PRW_AVAILABLE_IN_0_4
gboolean prw_blank_rush_set_like (PrwBlankRush *self, PrwMediaInfo *like,
                                  GError **error);
PRW_AVAILABLE_IN_0_4
gchar *prw_blank_rush_describe_like (PrwMediaInfo *like, GError **error);
PRW_AVAILABLE_IN_0_4
gboolean prw_blank_rush_set_format (PrwBlankRush *self, const gchar *profile,
                                    guint width, guint height, GError **error);
PRW_AVAILABLE_IN_0_4
gboolean prw_blank_rush_set_size (PrwBlankRush *self, guint width, guint height,
                                  GError **error);

PRW_AVAILABLE_IN_0_4
void prw_blank_rush_set_pixel_aspect (PrwBlankRush *self, guint par_n,
                                      guint par_d);
PRW_AVAILABLE_IN_0_4
void prw_blank_rush_get_pixel_aspect (PrwBlankRush *self, guint *par_n,
                                      guint *par_d);
PRW_AVAILABLE_IN_0_4
const gchar *prw_blank_rush_get_clip_name (PrwBlankRush *self);
PRW_AVAILABLE_IN_0_4
const gchar *prw_blank_rush_get_reel (PrwBlankRush *self);
PRW_AVAILABLE_IN_0_4
const PrwTimecode *prw_blank_rush_get_start_timecode (PrwBlankRush *self);
PRW_AVAILABLE_IN_0_4
gint64 prw_blank_rush_get_frame_count (PrwBlankRush *self);
PRW_AVAILABLE_IN_0_4
const gchar *prw_blank_rush_get_profile (PrwBlankRush *self);
PRW_AVAILABLE_IN_0_4
guint prw_blank_rush_get_width (PrwBlankRush *self);
PRW_AVAILABLE_IN_0_4
guint prw_blank_rush_get_height (PrwBlankRush *self);
PRW_AVAILABLE_IN_0_4
gboolean prw_blank_rush_get_burn_in (PrwBlankRush *self);
PRW_AVAILABLE_IN_0_4
guint prw_blank_rush_get_n_audio_tracks (PrwBlankRush *self);

PRW_AVAILABLE_IN_0_4
PrwPlan *prw_blank_rush_new_plan (PrwBlankRush *self);
PRW_AVAILABLE_IN_0_4
gboolean prw_blank_rush_print (PrwBlankRush *self, PrwPlan *plan,
                               const gchar *output, PrwPrintFlags flags,
                               GCancellable *cancellable, GError **error);
PRW_AVAILABLE_IN_0_4
gboolean prw_blank_rush_write (PrwBlankRush *self, const gchar *output,
                               PrwPrintFlags flags, GCancellable *cancellable,
                               GError **error);

G_END_DECLS
