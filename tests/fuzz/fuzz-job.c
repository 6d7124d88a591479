/* Fuzz harness: the bytes are a conform job's description, the JSON that
 * prw_conform_job_to_data() writes and `proreswriter conform --job FILE`
 * reads. They go through prw_conform_job_new_from_data(): JSON, nesting,
 * members and their types and ranges, the source's rate, drop frame,
 * timecodes and size, the segments' layers, rules and record ranges, and
 * the members that must agree. The seeds' working folder does not exist,
 * so a segment is normally not found: the reader refuses every input at
 * the latest when it probes its first segment. Beyond the sanitizers'
 * checks: every error is PRW_ERROR or G_IO_ERROR, one line of UTF-8 that
 * names the file; a job it accepts (an input naming movies that exist)
 * describes itself in a text that reads back to the same text. */
#include <string.h>

#include "prw-fuzz.h"
#include <proreswriter/proreswriter.h>

#define PATH "fuzz.json"

static void
check_error (const GError *error)
{
  PRW_FUZZ_CHECK (error != NULL);
  PRW_FUZZ_CHECK (error->domain == PRW_ERROR || error->domain == G_IO_ERROR);
  PRW_FUZZ_CHECK (strstr (error->message, PATH) != NULL);
  PRW_FUZZ_CHECK (strchr (error->message, '\n') == NULL);
  PRW_FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwConformJob) job = NULL;
  g_autoptr (PrwConformJob) back = NULL;
  g_autofree gchar *text = NULL;
  g_autofree gchar *again = NULL;
  g_auto (GStrv) inputs = NULL;
  gsize length = 0;

  job = prw_conform_job_new_from_data ((const gchar *) data, (gssize) size,
                                       PATH, NULL, &error);
  if (job == NULL) {
    check_error (error);
    return 0;
  }
  PRW_FUZZ_CHECK (error == NULL);
  PRW_FUZZ_CHECK (prw_conform_job_get_n_segments (job) >= 1);
  PRW_FUZZ_CHECK (
      g_path_is_absolute (prw_conform_job_get_working_folder (job)));
  inputs = prw_conform_job_get_input_paths (job);
  PRW_FUZZ_CHECK (inputs != NULL && inputs[0] != NULL);
  text = prw_conform_job_to_data (job, &length);
  PRW_FUZZ_CHECK (text != NULL && strlen (text) == length);
  PRW_FUZZ_CHECK (g_utf8_validate (text, -1, NULL));
  back = prw_conform_job_new_from_data (text, (gssize) length, PATH, NULL,
                                        &error);
  PRW_FUZZ_CHECK (back != NULL);
  again = prw_conform_job_to_data (back, NULL);
  PRW_FUZZ_CHECK (g_str_equal (again, text));
  return 0;
}
