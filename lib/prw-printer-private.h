/* libproreswriter: PrwPrinter internals for tests (private) */
#pragma once

#include "prw-pipeline-private.h"

G_BEGIN_DECLS

/* How the last print through self wrote its output's bytes (stats->shifts
 * stays the printer's). */
void prw_printer_get_last_stats (PrwPrinter *self, PrwPipelineStats *stats);

G_END_DECLS
