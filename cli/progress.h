/* proreswriter CLI: a print's progress as one line on a terminal */
#pragma once

#include <proreswriter/proreswriter.h>

G_BEGIN_DECLS

typedef struct _PrwCliProgress PrwCliProgress;

/* Shows the "progress" signal of a PrwPrinter or PrwBlankRush on stderr,
 * redrawn at most ten times a second, until prw_cli_progress_finish(); only
 * when stderr is a terminal and carries text (not --json): NULL otherwise. */
PrwCliProgress *prw_cli_progress_start (gpointer printer);

/* Disconnects, clears the line and frees; progress may be NULL. */
void prw_cli_progress_finish (PrwCliProgress *progress);

G_END_DECLS
