/* libproreswriter: whether a folder can be made (prw-folder-private.h) */

#include "util/prw-folder-private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

int
prw_folder_check_makeable (const gchar *dir, gboolean *exists)
{
  g_autofree gchar *there = g_strdup (dir);
  GStatBuf st;

  *exists = FALSE;
  while (g_stat (there, &st) != 0) {
    int saved = errno;
    gchar *parent;

    /* ENOTDIR: a file on the way; EACCES: a parent cannot be searched */
    if (saved != ENOENT)
      return saved;
    /* a symbolic link to nothing takes the name: mkdir() finds it there
     * (EEXIST), and g_mkdir_with_parents() fails, ENOTDIR for dir itself,
     * ENOENT for one of its parents */
    if (g_lstat (there, &st) == 0)
      return g_str_equal (there, dir) ? ENOTDIR : ENOENT;
    parent = g_path_get_dirname (there);
    if (g_str_equal (parent, there)) {
      g_free (parent);
      return 0;
    }
    g_free (there);
    there = parent;
  }
  if (!S_ISDIR (st.st_mode))
    return ENOTDIR;
  if (g_str_equal (there, dir)) {
    *exists = TRUE;
    return 0;
  }
  return g_access (there, W_OK | X_OK) == 0 ? 0 : errno;
}
