/* proreswriter CLI: the files under the paths a user gave (walk.h) */

#include "walk.h"

#include "output.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void
found_free (gpointer data)
{
  PrwCliFound *found = data;

  g_free (found->path);
  g_free (found->folder);
  g_free (found->root_name);
  g_free (found);
}

/* The own name of a folder given on the command line, or of the folder of
 * a file given there: "shoot/day1/" and "day1/." are "day1". */
static gchar *
root_name_of (const gchar *path, gboolean is_dir)
{
  g_autofree gchar *abs = g_canonicalize_filename (path, NULL);
  g_autofree gchar *folder = is_dir ? g_strdup (abs) : g_path_get_dirname (abs);

  return g_path_get_basename (folder);
}

typedef struct {
  gchar *name;
  gchar *collate;
  gboolean is_dir;
} Entry;

static gint
entry_compare (gconstpointer a, gconstpointer b)
{
  const Entry *ea = a, *eb = b;
  gint result = strcmp (ea->collate, eb->collate);

  return result != 0 ? result : strcmp (ea->name, eb->name);
}

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
  g_free (entry->collate);
}

/* Whether path (a folder or a file) was taken already: given twice, or
 * reached again through a symbolic link (to a folder above it, say); marks
 * it taken. */
static gboolean
already_walked (GHashTable *walked, const gchar *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return FALSE;
  return !g_hash_table_add (walked,
                            g_strdup_printf ("%ju:%ju", (uintmax_t) st.st_dev,
                                             (uintmax_t) st.st_ino));
}

/* Every regular, non-hidden file under dir (whose path relative to the
 * root is rel, NULL at the root), in name order, folders' files where the
 * folder sorts, each found under root (named root_name). Unreadable
 * folders are reported, counted in *n_unread and passed over; a folder
 * is walked once, however many links lead to it. */
static void
walk_folder (const gchar *dir, const gchar *rel, guint root,
             const gchar *root_name, GPtrArray *found, GHashTable *walked,
             guint *n_unread)
{
  g_autoptr (GFile) file = g_file_new_for_path (dir);
  g_autoptr (GFileEnumerator) enumerator = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));

  g_array_set_clear_func (entries, entry_clear);
  if (already_walked (walked, dir))
    return;
  enumerator = g_file_enumerate_children (
      file, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
      G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (enumerator == NULL) {
    g_autofree gchar *line = g_strdup_printf ("%s: %s", dir, error->message);

    prw_cli_warning (dir, line);
    (*n_unread)++;
    return;
  }
  for (;;) {
    GFileInfo *info = NULL;
    const gchar *name;
    g_autofree gchar *display = NULL;
    Entry entry;
    GFileType type;

    if (!g_file_enumerator_iterate (enumerator, &info, NULL, NULL, &error)) {
      g_autofree gchar *line = g_strdup_printf ("%s: %s", dir, error->message);

      prw_cli_warning (dir, line);
      (*n_unread)++;
      break;
    }
    if (info == NULL)
      break;
    name = g_file_info_get_name (info);
    /* hidden, AppleDouble "._" files included */
    if (name[0] == '.')
      continue;
    type = g_file_info_get_file_type (info);
    if (type != G_FILE_TYPE_REGULAR && type != G_FILE_TYPE_DIRECTORY)
      continue;
    display = g_filename_display_name (name);
    entry.name = g_strdup (name);
    entry.collate = g_utf8_collate_key_for_filename (display, -1);
    entry.is_dir = type == G_FILE_TYPE_DIRECTORY;
    g_array_append_val (entries, entry);
  }
  g_array_sort (entries, entry_compare);

  for (guint i = 0; i < entries->len; i++) {
    const Entry *entry = &g_array_index (entries, Entry, i);
    g_autofree gchar *path = g_build_filename (dir, entry->name, NULL);

    if (entry->is_dir) {
      g_autofree gchar *child_rel
          = rel != NULL ? g_build_filename (rel, entry->name, NULL)
                        : g_strdup (entry->name);

      walk_folder (path, child_rel, root, root_name, found, walked, n_unread);
    } else if (!already_walked (walked, path)) {
      PrwCliFound *item = g_new0 (PrwCliFound, 1);

      item->path = g_steal_pointer (&path);
      item->folder = g_strdup (rel);
      item->root = root;
      item->root_name = g_strdup (root_name);
      g_ptr_array_add (found, item);
    }
  }
}

/* A file given by name that a folder given before it held: the one found
 * there is named too (whether not reading it loses an input does not
 * depend on the order of the paths). */
static void
mark_named (GPtrArray *found, const gchar *path)
{
  GStatBuf st, other;

  if (g_stat (path, &st) != 0)
    return;
  for (guint i = 0; i < found->len; i++) {
    PrwCliFound *item = g_ptr_array_index (found, i);

    if (g_stat (item->path, &other) == 0 && other.st_dev == st.st_dev
        && other.st_ino == st.st_ino) {
      item->named = TRUE;
      return;
    }
  }
}

/* The files of paths: a file as it is, a folder walked; each file once.
 * A path that does not exist, or a folder that cannot be read, is
 * reported in one line and counted in *n_unread. */
GPtrArray *
prw_cli_walk (char **paths, guint *n_unread)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (found_free);
  g_autoptr (GHashTable) walked
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  *n_unread = 0;
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++) {
    if (g_file_test (paths[i], G_FILE_TEST_IS_DIR)) {
      g_autofree gchar *root_name = root_name_of (paths[i], TRUE);

      walk_folder (paths[i], NULL, i, root_name, found, walked, n_unread);
    } else if (g_file_test (paths[i], G_FILE_TEST_EXISTS)) {
      PrwCliFound *item;

      if (already_walked (walked, paths[i])) {
        mark_named (found, paths[i]);
        continue;
      }
      item = g_new0 (PrwCliFound, 1);

      item->path = g_strdup (paths[i]);
      item->root = i;
      item->root_name = root_name_of (paths[i], FALSE);
      item->named = TRUE;
      g_ptr_array_add (found, item);
    } else {
      g_autofree gchar *line
          = g_strdup_printf ("%s: no such file or folder", paths[i]);

      prw_cli_warning (paths[i], line);
      (*n_unread)++;
    }
  }
  return found;
}

gchar *
prw_cli_resolve_path (const gchar *path)
{
  g_autofree gchar *abs = g_canonicalize_filename (path, NULL);
  g_autofree gchar *real = realpath (abs, NULL);
  g_autofree gchar *parent = NULL;
  g_autofree gchar *base = NULL;
  g_autofree gchar *resolved_parent = NULL;

  if (real != NULL)
    return g_steal_pointer (&real);
  parent = g_path_get_dirname (abs);
  if (g_str_equal (parent, abs))
    return g_steal_pointer (&abs);
  base = g_path_get_basename (abs);
  resolved_parent = prw_cli_resolve_path (parent);
  return g_build_filename (resolved_parent, base, NULL);
}

const gchar *
prw_cli_walk_folder_holding (char **paths, const gchar *path)
{
  g_autofree gchar *resolved = prw_cli_resolve_path (path);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++) {
    g_autofree gchar *folder = NULL;
    gsize len;

    if (!g_file_test (paths[i], G_FILE_TEST_IS_DIR))
      continue;
    folder = prw_cli_resolve_path (paths[i]);
    len = strlen (folder);
    if (g_str_has_prefix (resolved, folder)
        && (resolved[len] == '\0' || resolved[len] == G_DIR_SEPARATOR
            || folder[len - 1] == G_DIR_SEPARATOR))
      return paths[i];
  }
  return NULL;
}

/* Whether a file found in a walked folder is one conform and blank mean
 * to read, by its name's extension (walk.h; moved from cmd-conform.c). */
gboolean
prw_cli_looks_like_media (const gchar *path)
{
  static const gchar *const extensions[]
      = { ".mov", ".qt", ".mp4", ".m4v", ".mxf", ".ale", NULL };
  const gchar *dot = strrchr (path, '.');

  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return FALSE;
  for (guint i = 0; extensions[i] != NULL; i++)
    if (g_ascii_strcasecmp (dot, extensions[i]) == 0)
      return TRUE;
  return FALSE;
}
