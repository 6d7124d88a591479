/* libproreswriter: a splice report, one HTML page showing every cut; an
 * index of them, one page per source */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <gio/gio.h>
#include <proreswriter/prw-version-macros.h>
#include <proreswriter/prw-plan.h>

G_BEGIN_DECLS

/**
 * PRW_REPORT_THUMBNAIL_WIDTH:
 *
 * The width of the report's pictures, in pixels; their height keeps the
 * movie's aspect ratio (rounded to an even number of pixels).
 *
 * Since: 0.4
 */
#define PRW_REPORT_THUMBNAIL_WIDTH 320

#define PRW_TYPE_REPORT (prw_report_get_type ())
PRW_AVAILABLE_IN_0_4
G_DECLARE_FINAL_TYPE (PrwReport, prw_report, PRW, REPORT, GObject)

PRW_AVAILABLE_IN_0_4 PrwReport *prw_report_new (PrwPlan *plan,
                                                const gchar *output);
PRW_AVAILABLE_IN_0_4 PrwPlan *prw_report_get_plan (PrwReport *self);
PRW_AVAILABLE_IN_0_4 const gchar *prw_report_get_output (PrwReport *self);
PRW_AVAILABLE_IN_0_4 void prw_report_set_title (PrwReport *self,
                                                const gchar *title);
PRW_AVAILABLE_IN_0_4 const gchar *prw_report_get_title (PrwReport *self);
PRW_AVAILABLE_IN_0_4 void prw_report_set_verify_result (PrwReport *self,
                                                        gboolean passed,
                                                        guint64 frames_checked,
                                                        const gchar *message);
PRW_AVAILABLE_IN_0_4 guint prw_report_get_n_cuts (PrwReport *self);
PRW_AVAILABLE_IN_0_4 gint64 prw_report_get_cut_record_frame (PrwReport *self,
                                                             guint index);
PRW_AVAILABLE_IN_0_4 gboolean prw_report_check_path (PrwReport *self,
                                                     const gchar *path,
                                                     gboolean overwrite,
                                                     GError **error);
PRW_AVAILABLE_IN_0_4 gboolean prw_report_write (PrwReport *self,
                                                const gchar *path,
                                                gboolean overwrite,
                                                GCancellable *cancellable,
                                                GError **error);

#define PRW_TYPE_REPORT_INDEX (prw_report_index_get_type ())
PRW_AVAILABLE_IN_0_4
G_DECLARE_FINAL_TYPE (PrwReportIndex, prw_report_index, PRW, REPORT_INDEX,
                      GObject)

PRW_AVAILABLE_IN_0_4 PrwReportIndex *prw_report_index_new (void);
PRW_AVAILABLE_IN_0_4 void prw_report_index_set_title (PrwReportIndex *self,
                                                      const gchar *title);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_report_index_get_title (PrwReportIndex *self);
PRW_AVAILABLE_IN_0_4 guint prw_report_index_add_source (PrwReportIndex *self,
                                                        const gchar *name,
                                                        PrwReport *report,
                                                        gboolean succeeded,
                                                        const gchar *result);
PRW_AVAILABLE_IN_0_4 guint
prw_report_index_get_n_sources (PrwReportIndex *self);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_report_index_get_page_name (PrwReportIndex *self, guint index);
PRW_AVAILABLE_IN_0_4 void prw_report_index_set_page_kept (PrwReportIndex *self,
                                                          guint index,
                                                          gboolean kept);
PRW_AVAILABLE_IN_0_4 void
prw_report_index_set_keep_foreign (PrwReportIndex *self, gboolean keep);
PRW_AVAILABLE_IN_0_4 gboolean prw_report_index_check_folder (
    PrwReportIndex *self, const gchar *dir, const gchar *const *names,
    gboolean overwrite, GError **error);
PRW_AVAILABLE_IN_0_4 gboolean prw_report_index_write (PrwReportIndex *self,
                                                      const gchar *dir,
                                                      gboolean overwrite,
                                                      GCancellable *cancellable,
                                                      GError **error);

G_END_DECLS
