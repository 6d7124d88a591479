/* proreswriter CLI: SIGINT and SIGTERM cancel a GCancellable
 *
 * SIGINT and SIGTERM are blocked in every thread (the mask is set before
 * any thread exists, and threads inherit it) and a dedicated thread takes
 * them with sigwait(), so g_cancellable_cancel() runs in a normal thread
 * context, not in a signal handler. A second signal only says that the
 * work is stopping: exiting then would leave a temporary file behind, and
 * cancellation takes effect within a fraction of a second (SIGKILL remains
 * for a process stuck in the kernel).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Call from the main thread before any other thread exists (before
 * prw_init()). Returns FALSE after reporting why it could not. */
gboolean prw_cli_interrupt_setup (void);

/* The cancellable the signals cancel, or NULL if prw_cli_interrupt_setup()
 * was not called. */
GCancellable *prw_cli_interrupt_get_cancellable (void);

G_END_DECLS
