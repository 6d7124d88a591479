/* libproreswriter: PrwPrinter internals for tests (private) */
#pragma once

#include "render/prw-pipeline-private.h"

G_BEGIN_DECLS

/* How the last print through self to finish wrote its output's bytes;
 * stats->shifts is a new reference (prw_pipeline_stats_clear). */
void prw_printer_get_last_stats (PrwPrinter *self, PrwPipelineStats *stats);

G_END_DECLS
