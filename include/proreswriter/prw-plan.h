/* libproreswriter: the conform graph (base + segments -> ranges) */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <gio/gio.h>
#include <proreswriter/prw-version-macros.h>
#include <proreswriter/prw-range.h>
#include <proreswriter/prw-segment.h>

G_BEGIN_DECLS

#define PRW_TYPE_PLAN (prw_plan_get_type ())
PRW_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (PrwPlan, prw_plan, PRW, PLAN, GObject)

PRW_AVAILABLE_IN_0_1 PrwPlan *prw_plan_new (PrwMediaInfo *base);
PRW_AVAILABLE_IN_0_1 gboolean prw_plan_add_segment (PrwPlan *self,
                                                    PrwSegment *segment,
                                                    GError **error);
PRW_AVAILABLE_IN_0_1 gboolean prw_plan_seal (PrwPlan *self, GError **error);
PRW_AVAILABLE_IN_0_1 gboolean prw_plan_is_sealed (PrwPlan *self);

PRW_AVAILABLE_IN_0_1 PrwMediaInfo *prw_plan_get_base (PrwPlan *self);
PRW_AVAILABLE_IN_0_1 guint prw_plan_get_n_segments (PrwPlan *self);
PRW_AVAILABLE_IN_0_1 PrwSegment *prw_plan_get_segment (PrwPlan *self,
                                                       guint index);
PRW_AVAILABLE_IN_0_1 gint64 prw_plan_get_segment_record_in (PrwPlan *self,
                                                            guint index);
PRW_AVAILABLE_IN_0_4 guint prw_plan_get_segment_n_pieces (PrwPlan *self,
                                                          guint index);
PRW_AVAILABLE_IN_0_4 const PrwRange *
prw_plan_get_segment_piece (PrwPlan *self, guint index, guint piece);
PRW_AVAILABLE_IN_0_1 guint prw_plan_get_n_ranges (PrwPlan *self);
PRW_AVAILABLE_IN_0_1 const PrwRange *prw_plan_get_range (PrwPlan *self,
                                                         guint index);
PRW_AVAILABLE_IN_0_1 const gchar *const *prw_plan_get_warnings (PrwPlan *self);
PRW_AVAILABLE_IN_0_1 const gchar *prw_plan_get_source_path (PrwPlan *self,
                                                            gint source);

G_END_DECLS
