/* prw-fault-print: calls the library as an application would, and prints
 * the error code it got, for test_faults.py's "codes" group (the CLI
 * prints messages only; callers branch on codes).
 *
 *   prw-fault-print probe FILE
 *   prw-fault-print print [--force] OUTPUT BASE SEGMENT...
 *
 * Prints one line to stdout: "ok", or "error CODE MESSAGE" where CODE is
 * the error's name (PRW_ERROR_NO_SPACE, ...; G_IO_ERROR_CANCELLED; or
 * DOMAIN:NUMBER for another domain). Exit status 0 ok, 1 error, 2 usage.
 */
#include <proreswriter/proreswriter.h>
#include <stdio.h>
#include <string.h>

static int
report (const GError *error)
{
  g_autofree gchar *code = NULL;

  if (error->domain == PRW_ERROR) {
    GEnumClass *klass = g_type_class_ref (PRW_TYPE_ERROR);
    GEnumValue *value = g_enum_get_value (klass, error->code);

    code = g_strdup (value ? value->value_name : "PRW_ERROR_?");
    g_type_class_unref (klass);
  } else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    code = g_strdup ("G_IO_ERROR_CANCELLED");
  } else {
    code = g_strdup_printf ("%s:%d", g_quark_to_string (error->domain),
                            error->code);
  }
  printf ("error %s %s\n", code, error->message);
  return 1;
}

static int
print (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) base = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  g_autoptr (PrwPrinter) printer = NULL;
  PrwPrintFlags flags = PRW_PRINT_FLAGS_NONE;
  const gchar *output;
  int i = 0;

  if (argc > 0 && strcmp (argv[0], "--force") == 0) {
    flags |= PRW_PRINT_FLAGS_OVERWRITE;
    i++;
  }
  if (argc - i < 3)
    return 2;
  output = argv[i++];
  if (!(base = prw_probe_file (argv[i++], NULL, &error)))
    return report (error);
  plan = prw_plan_new (base);
  for (; i < argc; i++) {
    g_autoptr (PrwMediaInfo) media = prw_probe_file (argv[i], NULL, &error);
    g_autoptr (PrwSegment) segment = NULL;

    if (!media)
      return report (error);
    segment = prw_segment_new (media);
    if (!prw_plan_add_segment (plan, segment, &error))
      return report (error);
  }
  if (!prw_plan_seal (plan, &error))
    return report (error);
  printer = prw_printer_new (plan);
  if (!prw_printer_print (printer, output, flags, NULL, &error))
    return report (error);
  printf ("ok\n");
  return 0;
}

int
main (int argc, char **argv)
{
  prw_init ();
  if (argc == 3 && strcmp (argv[1], "probe") == 0) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PrwMediaInfo) info = prw_probe_file (argv[2], NULL, &error);

    if (!info)
      return report (error);
    printf ("ok\n");
    return 0;
  }
  if (argc >= 2 && strcmp (argv[1], "print") == 0) {
    int status = print (argc - 2, argv + 2);

    if (status != 2)
      return status;
  }
  fprintf (stderr,
           "usage: %s probe FILE\n"
           "       %s print [--force] OUTPUT BASE SEGMENT...\n",
           argv[0], argv[0]);
  return 2;
}
