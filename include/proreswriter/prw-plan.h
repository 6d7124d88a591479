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

/**
 * PrwLayer:
 * @PRW_LAYER_BASE: the base movie's own frames: the bottom of the stack,
 *   never a segment's layer (prw_plan_get_range_layer() gives it for
 *   ranges taken from the base)
 * @PRW_LAYER_GRADE: graded shots, the layer prw_plan_add_segment() uses
 * @PRW_LAYER_VFX: visual-effects shots, above the grades
 *
 * The layer a segment lies on, as a layer of a GES timeline: layers
 * are a stack, and where two segments cover one record frame the upper
 * layer wins, once the core-beats-handle rule has spoken (see "Who owns a
 * frame" in #PrwPlan). The stack, from the bottom: the base, grades, VFX.
 *
 * A value names a layer; it is not its height. The stacking order lives
 * in the plan (one table), so a layer added later (titles above VFX, or
 * fixes between grades and VFX) takes the next free value and its place
 * in the stack without renumbering these.
 *
 * Since: 0.4
 */
typedef enum {
  PRW_LAYER_BASE = 0,
  PRW_LAYER_GRADE = 1,
  PRW_LAYER_VFX = 2,
} PrwLayer;

#define PRW_TYPE_LAYER (prw_layer_get_type ())
PRW_AVAILABLE_IN_0_4 GType prw_layer_get_type (void) G_GNUC_CONST;
PRW_AVAILABLE_IN_0_4 const gchar *prw_layer_to_string (PrwLayer layer);

#define PRW_TYPE_PLAN (prw_plan_get_type ())
PRW_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (PrwPlan, prw_plan, PRW, PLAN, GObject)

PRW_AVAILABLE_IN_0_1 PrwPlan *prw_plan_new (PrwMediaInfo *base);
PRW_AVAILABLE_IN_0_1 gboolean prw_plan_add_segment (PrwPlan *self,
                                                    PrwSegment *segment,
                                                    GError **error);
PRW_AVAILABLE_IN_0_4 gboolean prw_plan_add_segment_to_layer (
    PrwPlan *self, PrwSegment *segment, PrwLayer layer, GError **error);
PRW_AVAILABLE_IN_0_4 void prw_plan_set_handles (PrwPlan *self, guint frames);
PRW_AVAILABLE_IN_0_4 guint prw_plan_get_handles (PrwPlan *self);
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
PRW_AVAILABLE_IN_0_4 PrwLayer prw_plan_get_segment_layer (PrwPlan *self,
                                                          guint index);
PRW_AVAILABLE_IN_0_1 guint prw_plan_get_n_ranges (PrwPlan *self);
PRW_AVAILABLE_IN_0_1 const PrwRange *prw_plan_get_range (PrwPlan *self,
                                                         guint index);
PRW_AVAILABLE_IN_0_4 PrwLayer prw_plan_get_range_layer (PrwPlan *self,
                                                        guint index);
PRW_AVAILABLE_IN_0_4 gboolean prw_plan_get_range_is_handle (PrwPlan *self,
                                                            guint index);
PRW_AVAILABLE_IN_0_1 const gchar *const *prw_plan_get_warnings (PrwPlan *self);
PRW_AVAILABLE_IN_0_1 const gchar *prw_plan_get_source_path (PrwPlan *self,
                                                            gint source);

G_END_DECLS
