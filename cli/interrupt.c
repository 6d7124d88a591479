/* proreswriter CLI: SIGINT and SIGTERM cancel a GCancellable (see
 * interrupt.h) */

#include "interrupt.h"

#include "output.h"

#include <signal.h>

static sigset_t interrupt_signals;
static GCancellable *interrupt_cancellable;
static gint interrupt_count;

static gpointer
interrupt_thread_func (gpointer data)
{
  for (;;) {
    int sig = 0;

    if (sigwait (&interrupt_signals, &sig) != 0)
      continue;
    if (g_atomic_int_add (&interrupt_count, 1) == 0)
      g_cancellable_cancel (interrupt_cancellable);
    else
      prw_cli_notice ("already stopping; removing what was written");
  }
  return NULL;
}

gboolean
prw_cli_interrupt_setup (void)
{
  int res;

  sigemptyset (&interrupt_signals);
  sigaddset (&interrupt_signals, SIGINT);
  sigaddset (&interrupt_signals, SIGTERM);
  res = pthread_sigmask (SIG_BLOCK, &interrupt_signals, NULL);
  if (res != 0) {
    prw_cli_error_printf ("failed", NULL, "cannot block SIGINT/SIGTERM: %s",
                          g_strerror (res));
    return FALSE;
  }
  interrupt_cancellable = g_cancellable_new ();
  /* never joined: it lives until the process exits */
  g_thread_unref (g_thread_new ("prw-interrupt", interrupt_thread_func, NULL));
  return TRUE;
}

GCancellable *
prw_cli_interrupt_get_cancellable (void)
{
  return interrupt_cancellable;
}
