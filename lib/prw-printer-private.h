/* libproreswriter: PrwPrinter internals (private) */
#pragma once

#include "render/prw-pipeline-private.h"

G_BEGIN_DECLS

/* How the last print through a printer to finish wrote its output's bytes
 * is kept on the printer as object data under this quark: a
 * PrwPipelineStats (owned by the printer). The test-support library
 * (tests/support) reads it; the shipped library has no reader. */
GQuark prw_printer_stats_quark (void);

G_END_DECLS
