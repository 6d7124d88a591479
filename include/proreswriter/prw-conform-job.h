/* libproreswriter: one conform job, one camera original and its segments */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <gio/gio.h>
#include <proreswriter/prw-version-macros.h>
#include <proreswriter/prw-link.h>
#include <proreswriter/prw-plan.h>
#include <proreswriter/prw-segment.h>
#include <proreswriter/prw-source-clip.h>

G_BEGIN_DECLS

#define PRW_TYPE_CONFORM_JOB (prw_conform_job_get_type ())
PRW_AVAILABLE_IN_0_4
G_DECLARE_FINAL_TYPE (PrwConformJob, prw_conform_job, PRW, CONFORM_JOB, GObject)

PRW_AVAILABLE_IN_0_4 PrwConformJob *
prw_conform_job_new_from_link_table (PrwLinkTable *table, guint source_index,
                                     const gchar *output);
PRW_AVAILABLE_IN_0_4 PrwConformJob *
prw_conform_job_new_from_data (const gchar *data, gssize length,
                               const gchar *label, GCancellable *cancellable,
                               GError **error);
PRW_AVAILABLE_IN_0_4 gchar *prw_conform_job_to_data (PrwConformJob *self,
                                                     gsize *length);

PRW_AVAILABLE_IN_0_4 gboolean
prw_conform_job_set_blank_like (PrwConformJob *self, PrwSegment *like,
                                guint width, guint height, GError **error);
PRW_AVAILABLE_IN_0_4 gboolean
prw_conform_job_set_blank_format (PrwConformJob *self, const gchar *profile,
                                  guint width, guint height, GError **error);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_conform_job_get_blank_format (PrwConformJob *self);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_conform_job_get_blank_format_key (PrwConformJob *self);

PRW_AVAILABLE_IN_0_4 PrwSourceClip *
prw_conform_job_get_source (PrwConformJob *self);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_conform_job_get_reel (PrwConformJob *self);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_conform_job_get_working_folder (PrwConformJob *self);
PRW_AVAILABLE_IN_0_4 guint prw_conform_job_get_handles (PrwConformJob *self);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_conform_job_get_output (PrwConformJob *self);
PRW_AVAILABLE_IN_0_4 void prw_conform_job_set_overwrite (PrwConformJob *self,
                                                         gboolean overwrite);
PRW_AVAILABLE_IN_0_4 gboolean
prw_conform_job_get_overwrite (PrwConformJob *self);
PRW_AVAILABLE_IN_0_4 void prw_conform_job_set_audio (PrwConformJob *self,
                                                     gboolean audio);
PRW_AVAILABLE_IN_0_4 guint
prw_conform_job_get_n_audio_tracks (PrwConformJob *self);
PRW_AVAILABLE_IN_0_4 guint prw_conform_job_get_n_segments (PrwConformJob *self);
PRW_AVAILABLE_IN_0_4 PrwSegment *
prw_conform_job_get_segment (PrwConformJob *self, guint index);
PRW_AVAILABLE_IN_0_4 PrwLayer
prw_conform_job_get_segment_layer (PrwConformJob *self, guint index);
PRW_AVAILABLE_IN_0_4 gchar **
prw_conform_job_get_input_paths (PrwConformJob *self);

PRW_AVAILABLE_IN_0_4 gboolean prw_conform_job_plan (PrwConformJob *self,
                                                    GError **error);
PRW_AVAILABLE_IN_0_4 gboolean prw_conform_job_check (PrwConformJob *self,
                                                     GError **error);
PRW_AVAILABLE_IN_0_4 gboolean prw_conform_job_run (PrwConformJob *self,
                                                   GCancellable *cancellable,
                                                   GError **error);
PRW_AVAILABLE_IN_0_4 PrwPlan *prw_conform_job_get_plan (PrwConformJob *self);
PRW_AVAILABLE_IN_0_4 gint64
prw_conform_job_get_graded_frames (PrwConformJob *self);

G_END_DECLS
