/* Runs every file named on the command line (a folder: every file in it,
 * in name order) through a fuzz harness once: the seed corpus and the
 * regression inputs become a plain test in every build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prw-fuzz.h"

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar *const *) a, *(const gchar *const *) b);
}

static void
add_path (GPtrArray *files, const gchar *path)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const gchar *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR)) {
    g_ptr_array_add (files, g_strdup (path));
    return;
  }
  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL) {
    fprintf (stderr, "replay: cannot read folder %s\n", path);
    exit (1);
  }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && !g_str_has_suffix (name, ".md"))
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (files, g_strdup (g_ptr_array_index (names, i)));
}

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  if (argc < 2) {
    fprintf (stderr, "usage: %s FILE_OR_FOLDER...\n", argv[0]);
    return 2;
  }
  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    add_path (files, argv[i]);
  if (files->len == 0) {
    fprintf (stderr, "replay: no inputs\n");
    return 1;
  }
  for (guint i = 0; i < files->len; i++) {
    const gchar *file = g_ptr_array_index (files, i);
    g_autofree gchar *data = NULL;
    g_autoptr (GError) error = NULL;
    gsize size;

    if (!g_file_get_contents (file, &data, &size, &error)) {
      fprintf (stderr, "replay: %s\n", error->message);
      return 1;
    }
    printf ("%s (%" G_GSIZE_FORMAT " bytes)\n", file, size);
    fflush (stdout);
    LLVMFuzzerTestOneInput ((const uint8_t *) data, size);
  }
  printf ("%u inputs ran cleanly\n", files->len);
  return 0;
}
