/* prw-report-index-helper: writes an index of splice reports with the
 * library, as conform will (PrwReportIndex), for test_report.py: printed
 * movies stand in for the outputs of a conform's sources.
 *
 *   prw-report-index-helper DIR [--force] [--title TITLE] SOURCE...
 *
 * each SOURCE one of
 *
 *   --source NAME --failed RESULT
 *   --source NAME --output OUTPUT --base BASE [--handles N] [--verify]
 *                 (--grade SEGMENT | --vfx SEGMENT)...
 *
 * A source with an output gets the report of OUTPUT printed from BASE and
 * the segments (with --verify, verified first; its row says "printed").
 * Prints "ok" then one line per row, "page ROW PAGE_NAME" ("-" for none),
 * or "error CODE MESSAGE" (CODE: the PRW_ERROR value's name). Exit status
 * 0 ok, 1 error, 2 usage.
 */
#include <proreswriter/proreswriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
report_error (const GError *error)
{
  g_autofree gchar *code = NULL;

  if (error->domain == PRW_ERROR) {
    GEnumClass *klass = g_type_class_ref (PRW_TYPE_ERROR);
    GEnumValue *value = g_enum_get_value (klass, error->code);

    code = g_strdup (value ? value->value_name : "PRW_ERROR_?");
    g_type_class_unref (klass);
  } else {
    code = g_strdup_printf ("%s:%d", g_quark_to_string (error->domain),
                            error->code);
  }
  printf ("error %s %s\n", code, error->message);
  return 1;
}

static gboolean
add_segment (PrwPlan *plan, const gchar *path, PrwLayer layer, GError **error)
{
  g_autoptr (PrwMediaInfo) media = prw_probe_file (path, NULL, error);
  g_autoptr (PrwSegment) segment = NULL;

  if (!media)
    return FALSE;
  segment = prw_segment_new (media);
  return prw_plan_add_segment_to_layer (plan, segment, layer, error);
}

/* Parses one source from argv[*i] (just past "--source NAME") up to the
 * next "--source" and adds it to index. */
static int
add_source (PrwReportIndex *index, const gchar *name, int argc, char **argv,
            int *i)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) base = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  g_autoptr (PrwReport) report = NULL;
  g_autoptr (GPtrArray) segments = g_ptr_array_new (); /* "g"/"v" + path */
  const gchar *output = NULL, *base_path = NULL;
  guint handles = 0;
  gboolean verify = FALSE;

  for (; *i < argc && strcmp (argv[*i], "--source") != 0; (*i)++) {
    const gchar *arg = argv[*i];

    if (*i + 1 >= argc && strcmp (arg, "--verify") != 0)
      return 2;
    if (strcmp (arg, "--failed") == 0) {
      prw_report_index_add_source (index, name, NULL, FALSE, argv[++*i]);
      (*i)++;
      return 0;
    } else if (strcmp (arg, "--output") == 0) {
      output = argv[++*i];
    } else if (strcmp (arg, "--base") == 0) {
      base_path = argv[++*i];
    } else if (strcmp (arg, "--handles") == 0) {
      handles = (guint) atoi (argv[++*i]);
    } else if (strcmp (arg, "--verify") == 0) {
      verify = TRUE;
    } else if (strcmp (arg, "--grade") == 0 || strcmp (arg, "--vfx") == 0) {
      g_ptr_array_add (segments, (gpointer) arg);
      g_ptr_array_add (segments, argv[++*i]);
    } else {
      return 2;
    }
  }
  if (output == NULL || base_path == NULL)
    return 2;
  if (!(base = prw_probe_file (base_path, NULL, &error)))
    return report_error (error);
  plan = prw_plan_new (base);
  prw_plan_set_handles (plan, handles);
  for (guint k = 0; k < segments->len; k += 2) {
    const gchar *kind = g_ptr_array_index (segments, k);

    if (!add_segment (plan, g_ptr_array_index (segments, k + 1),
                      strcmp (kind, "--vfx") == 0 ? PRW_LAYER_VFX
                                                  : PRW_LAYER_GRADE,
                      &error))
      return report_error (error);
  }
  if (!prw_plan_seal (plan, &error))
    return report_error (error);
  report = prw_report_new (plan, output);
  prw_report_set_title (report, name);
  if (verify) {
    guint64 checked = 0;
    gboolean ok = prw_verify_output (plan, output, &checked, NULL, &error);

    prw_report_set_verify_result (report, ok, checked,
                                  error ? error->message : NULL);
  }
  prw_report_index_add_source (index, name, report, TRUE, "printed");
  return 0;
}

int
main (int argc, char **argv)
{
  g_autoptr (PrwReportIndex) index = NULL;
  g_autoptr (GError) error = NULL;
  gboolean force = FALSE;
  const gchar *dir;
  int i = 2;

  prw_init ();
  if (argc < 2)
    return 2;
  dir = argv[1];
  index = prw_report_index_new ();
  while (i < argc) {
    if (strcmp (argv[i], "--force") == 0) {
      force = TRUE;
      i++;
    } else if (strcmp (argv[i], "--title") == 0 && i + 1 < argc) {
      prw_report_index_set_title (index, argv[i + 1]);
      i += 2;
    } else if (strcmp (argv[i], "--source") == 0 && i + 1 < argc) {
      const gchar *name = argv[i + 1];
      int status;

      i += 2;
      status = add_source (index, name, argc, argv, &i);
      if (status != 0)
        return status;
    } else {
      return 2;
    }
  }
  if (!prw_report_index_write (index, dir, force, NULL, &error))
    return report_error (error);
  printf ("ok\n");
  for (guint row = 0; row < prw_report_index_get_n_sources (index); row++) {
    const gchar *page = prw_report_index_get_page_name (index, row);

    printf ("page %u %s\n", row, page ? page : "-");
  }
  return 0;
}
