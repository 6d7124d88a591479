/* Print every graded clip in a folder into a base movie, synchronously.
 *
 *   print-folder BASE.mov GRADED_FOLDER OUTPUT.mov
 */
#include <proreswriter/proreswriter.h>
#include <stdio.h>

/* What this example uses is all in 0.1 (PRW_CHECK_VERSION also works in
 * plain C, to choose a code path). */
#if !PRW_CHECK_VERSION(0, 1, 0)
#error "libproreswriter 0.1 or newer is needed"
#endif

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) base = NULL;
  g_autoptr (GListModel) segments = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  g_autoptr (PrwPrinter) printer = NULL;
  g_auto (GStrv) invalid = NULL;
  const gchar *folder[2] = { NULL, NULL };
  guint i;

  if (argc != 4) {
    fprintf (stderr, "usage: %s BASE FOLDER OUTPUT\n", argv[0]);
    return 2;
  }
  prw_init ();

  base = prw_probe_file (argv[1], NULL, &error);
  if (!base)
    goto fail;

  folder[0] = argv[2];
  segments = prw_discover (folder, &invalid, NULL, &error);
  if (!segments)
    goto fail;
  for (i = 0; invalid[i]; i++)
    fprintf (stderr, "skipped %s\n", invalid[i]);

  plan = prw_plan_new (base);
  for (i = 0; i < g_list_model_get_n_items (segments); i++) {
    g_autoptr (PrwSegment) segment = g_list_model_get_item (segments, i);

    if (!prw_plan_add_segment (plan, segment, &error))
      goto fail;
  }
  if (!prw_plan_seal (plan, &error))
    goto fail;
  for (i = 0; prw_plan_get_warnings (plan)[i]; i++)
    fprintf (stderr, "warning: %s\n", prw_plan_get_warnings (plan)[i]);

  printer = prw_printer_new (plan);
  if (!prw_printer_print (printer, argv[3], PRW_PRINT_FLAGS_NONE, NULL, &error))
    goto fail;
  printf ("printed %s\n", argv[3]);
  return 0;

fail:
  fprintf (stderr, "%s\n", error->message);
  return 1;
}
