/* libproreswriter: files and folders -> segments */

#include <proreswriter/proreswriter.h>

typedef struct {
  gchar *name;    /* file name encoding */
  gchar *collate; /* collation key of the display name */
  GFileType type;
} Entry;

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
  g_free (entry->collate);
}

static gint
entry_compare (gconstpointer a, gconstpointer b)
{
  const Entry *ea = a, *eb = b;
  gint result = strcmp (ea->collate, eb->collate);

  return result != 0 ? result : strcmp (ea->name, eb->name);
}

/* Hidden: a leading dot, which also covers AppleDouble "._*" files. */
static gboolean
name_is_hidden (const gchar *name)
{
  return name[0] == '.';
}

/* A name a movie would have: a folder's entry so named that is not a
 * regular file (a folder "x.mov", a broken render) is reported, not
 * skipped. */
static gboolean
name_is_movie_like (const gchar *name)
{
  static const gchar *const extensions[] = { ".mov", ".qt", ".mp4", ".m4v" };
  g_autofree gchar *folded = g_ascii_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_str_has_suffix (folded, extensions[i]))
      return TRUE;
  return FALSE;
}

/* Adds "PATH: reason" to invalid; message may already start with the path
 * (probe errors do), in which case it is taken as it is. */
static void
add_invalid (GPtrArray *invalid, const gchar *path, const gchar *message)
{
  g_autofree gchar *display = g_filename_display_name (path);

  if (g_str_has_prefix (message, path) || g_str_has_prefix (message, display))
    g_ptr_array_add (invalid, g_strdup (message));
  else
    g_ptr_array_add (invalid, g_strdup_printf ("%s: %s", display, message));
  g_debug ("discover: %s is not a segment: %s", display, message);
}

/* Probes one candidate file. Returns FALSE only when the whole discovery
 * must stop (cancelled). */
static gboolean
probe_candidate (const gchar *path, GListStore *store, GPtrArray *invalid,
                 GCancellable *cancellable, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (PrwMediaInfo) media = NULL;
  g_autoptr (PrwSegment) segment = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  media = prw_probe_file (path, cancellable, &local_error);
  if (media == NULL) {
    if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
    add_invalid (invalid, path,
                 local_error != NULL ? local_error->message : "probe failed");
    return TRUE;
  }

  segment = prw_segment_new (media);
  g_list_store_append (store, segment);
  return TRUE;
}

/* The regular, non-hidden files of a directory, and its other entries
 * named like movies, in name order. */
static GArray *
list_directory (GFile *dir, GCancellable *cancellable, GError **error)
{
  g_autoptr (GFileEnumerator) enumerator = NULL;
  g_autoptr (GArray) entries = NULL;

  enumerator = g_file_enumerate_children (
      dir, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
      G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (enumerator == NULL)
    return NULL;

  entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_clear_func (entries, entry_clear);

  for (;;) {
    GFileInfo *info = NULL;
    const gchar *name;
    g_autofree gchar *display = NULL;
    Entry entry;

    if (!g_file_enumerator_iterate (enumerator, &info, NULL, cancellable,
                                    error))
      return NULL;
    if (info == NULL)
      break;

    name = g_file_info_get_name (info);
    if (name_is_hidden (name))
      continue;
    entry.type = g_file_info_get_file_type (info);
    if (entry.type != G_FILE_TYPE_REGULAR && !name_is_movie_like (name))
      continue;

    display = g_filename_display_name (name);
    entry.name = g_strdup (name);
    entry.collate = g_utf8_collate_key_for_filename (display, -1);
    g_array_append_val (entries, entry);
  }

  g_array_sort (entries, entry_compare);
  return g_steal_pointer (&entries);
}

/**
 * prw_discover:
 * @paths: (array zero-terminated=1) (element-type filename): files and
 *   folders, in the order they should be taken
 * @invalid: (out) (optional) (array zero-terminated=1) (transfer full):
 *   one line "PATH: reason" per file that is not a usable segment (an empty
 *   array if there are none)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Turns a list of files and folders into segments. Paths are taken in the
 * given order; a folder contributes its regular files (not those of its
 * subfolders) in name order, as a file manager sorts them ("S2" before
 * "S10"), leaving out hidden files (a leading dot, which includes
 * AppleDouble "._" files). A file given explicitly is always tried. A
 * folder's entry named like a movie (.mov, .qt, .mp4, .m4v) that is not a
 * regular file, a folder "x.mov" say, is reported in @invalid; other
 * subfolders are passed over.
 *
 * Every candidate is probed with prw_probe_file(). A file that cannot be
 * probed, a path that does not exist and a folder that cannot be read are
 * reported in @invalid and otherwise skipped; they are not errors.
 *
 * The only error is %G_IO_ERROR_CANCELLED, when @cancellable is cancelled
 * during the discovery; @invalid is then %NULL.
 *
 * Returns: (transfer full) (nullable): a #GListModel of #PrwSegment, in the
 *   order described, or %NULL with @error set if discovery was cancelled
 *
 * Since: 0.1
 */
GListModel *
prw_discover (const gchar *const *paths, gchar ***invalid,
              GCancellable *cancellable, GError **error)
{
  g_autoptr (GListStore) store = NULL;
  g_autoptr (GPtrArray) invalid_lines = NULL;

  g_return_val_if_fail (paths != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable),
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (invalid != NULL)
    *invalid = NULL;

  store = g_list_store_new (PRW_TYPE_SEGMENT);
  invalid_lines = g_ptr_array_new_null_terminated (0, g_free, TRUE);

  for (gsize i = 0; paths[i] != NULL; i++) {
    const gchar *path = paths[i];
    g_autoptr (GFile) file = NULL;
    g_autoptr (GFileInfo) info = NULL;
    g_autoptr (GError) local_error = NULL;
    g_autoptr (GArray) entries = NULL;

    if (g_cancellable_set_error_if_cancelled (cancellable, error))
      return NULL;

    file = g_file_new_for_path (path);
    info
        = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                             G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
    if (info == NULL) {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        add_invalid (invalid_lines, path, "no such file or folder");
      else
        add_invalid (invalid_lines, path, local_error->message);
      continue;
    }

    if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR) {
      if (!probe_candidate (path, store, invalid_lines, cancellable, error))
        return NULL;
      continue;
    }
    if (g_file_info_get_file_type (info) != G_FILE_TYPE_DIRECTORY) {
      add_invalid (invalid_lines, path, "not a regular file or a folder");
      continue;
    }

    entries = list_directory (file, cancellable, &local_error);
    if (entries == NULL) {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
      add_invalid (invalid_lines, path, local_error->message);
      continue;
    }

    for (guint j = 0; j < entries->len; j++) {
      const Entry *entry = &g_array_index (entries, Entry, j);
      g_autofree gchar *child = g_build_filename (path, entry->name, NULL);

      if (entry->type != G_FILE_TYPE_REGULAR) {
        add_invalid (invalid_lines, child,
                     entry->type == G_FILE_TYPE_DIRECTORY
                         ? "is a folder, not a movie"
                         : "not a regular file");
        continue;
      }
      if (!probe_candidate (child, store, invalid_lines, cancellable, error))
        return NULL;
    }
  }

  g_debug ("discover: %u segments, %u invalid",
           g_list_model_get_n_items (G_LIST_MODEL (store)), invalid_lines->len);

  if (invalid != NULL) {
    *invalid
        = (gchar **) g_ptr_array_free (g_steal_pointer (&invalid_lines), FALSE);
    /* Older GLibs give no array at all for an empty one. */
    if (*invalid == NULL)
      *invalid = g_new0 (gchar *, 1);
  }
  return G_LIST_MODEL (g_steal_pointer (&store));
}
