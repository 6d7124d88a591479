/* Shared by the fuzz harnesses: GLib messages as findings. */
#include "prw-fuzz.h"

#include <stdio.h>
#include <stdlib.h>

void
prw_fuzz_fail (const gchar *file, int line, const gchar *what)
{
  fprintf (stderr, "%s:%d: check failed: %s\n", file, line, what);
  abort ();
}

static void
log_handler (const gchar *domain, GLogLevelFlags level, const gchar *message,
             gpointer user_data)
{
  if (level
      & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) {
    fprintf (stderr, "%s: %s\n", domain ? domain : "(no domain)", message);
    abort ();
  }
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_log_set_default_handler (log_handler, NULL);
  return 0;
}
