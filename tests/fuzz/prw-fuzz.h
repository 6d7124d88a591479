/* Shared by the fuzz harnesses in tests/fuzz: each harness defines
 * LLVMFuzzerTestOneInput; prw-fuzz.c defines LLVMFuzzerInitialize, which
 * makes every GLib warning, critical (a failed g_return_if_fail) and error
 * a finding: it prints it and aborts, which libFuzzer and the sanitizers
 * catch (GLib's own fatal path raises SIGTRAP, which libFuzzer does not).
 * libFuzzer's main (a -Dfuzzing=true build) or replay.c (every build)
 * calls them. */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

G_GNUC_NORETURN void prw_fuzz_fail (const gchar *file, int line,
                                    const gchar *what);

/* An oracle check of a harness, kept in every build type. */
#define PRW_FUZZ_CHECK(cond)                                                   \
  do {                                                                         \
    if (G_UNLIKELY (!(cond)))                                                  \
      prw_fuzz_fail (__FILE__, __LINE__, #cond);                               \
  } while (0)
