/* libproreswriter: one row of a sealed plan */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <glib-object.h>
#include <proreswriter/prw-version-macros.h>

G_BEGIN_DECLS

#define PRW_TYPE_RANGE (prw_range_get_type ())

/**
 * PRW_RANGE_SOURCE_BASE:
 *
 * The #PrwRange.source of a range taken from the base movie.
 *
 * Since: 0.1
 */
#define PRW_RANGE_SOURCE_BASE (-1)

typedef struct _PrwRange PrwRange;

/**
 * PrwRange:
 * @source: %PRW_RANGE_SOURCE_BASE, or the index of the segment in the plan
 * @source_in: first frame taken, 0-based in the source's own frames
 * @record_in: where it lands, 0-based in the base's (and output's) frames
 * @frames: how many frames, at least one
 *
 * One resolved row of a plan: @frames frames of @source starting at its
 * frame @source_in, written at output frame @record_in. All four are frame
 * counts (never times); see "Time coordinates" in #PrwPlan.
 *
 * Since: 0.1
 */
struct _PrwRange {
  gint source;
  gint64 source_in;
  gint64 record_in;
  gint64 frames;
};

PRW_AVAILABLE_IN_0_1 GType prw_range_get_type (void);
PRW_AVAILABLE_IN_0_1 PrwRange *prw_range_new (gint source, gint64 source_in,
                                              gint64 record_in, gint64 frames);
PRW_AVAILABLE_IN_0_1 PrwRange *prw_range_copy (const PrwRange *range);
PRW_AVAILABLE_IN_0_1 void prw_range_free (PrwRange *range);
PRW_AVAILABLE_IN_0_1 gint64 prw_range_get_record_out (const PrwRange *range);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrwRange, prw_range_free)

G_END_DECLS
