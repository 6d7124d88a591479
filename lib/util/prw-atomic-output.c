/* libproreswriter: an output that appears only complete */
#include "config.h"

#ifdef HAVE_RENAMEAT2
#define _GNU_SOURCE /* renameat2 */
#endif

#include "prw-atomic-output-private.h"

#include "prw-fd-io-private.h"
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

struct _PrwAtomicOutput {
  gchar *path;
  gchar *temp_path;
  PrwAtomicOutputFlags flags;
  int fd;
  mode_t mode;        /* what creat() would have given the file */
  gboolean committed; /* the temporary file is gone: renamed or linked */
};

PrwAtomicOutput *
prw_atomic_output_open (const gchar *path, PrwAtomicOutputFlags flags,
                        GError **error)
{
  g_autofree gchar *dir = g_path_get_dirname (path);
  g_autofree gchar *name = g_path_get_basename (path);
  PrwAtomicOutput *self;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_new0 (PrwAtomicOutput, 1);
  self->path = g_strdup (path);
  self->flags = flags;
  self->temp_path = g_strdup_printf ("%s/.%s.prw-XXXXXX", dir, name);
  /* Created as creat (path, 0666) would be, so that the kernel applies the
   * umask (and a default ACL) as it would to any new file; read back,
   * then kept to its owner until the commit. No umask() (which would
   * change it for every thread for a moment) and no /proc. */
  self->fd = g_mkstemp_full (self->temp_path, O_RDWR | O_CLOEXEC, 0666);
  if (self->fd < 0) {
    prw_set_error_from_errno (error, errno, path,
                              "cannot create a temporary file");
    g_clear_pointer (&self->temp_path, g_free);
    prw_atomic_output_free (self);
    return NULL;
  }
  if (fstat (self->fd, &st) < 0) {
    prw_set_error_from_errno (error, errno, path,
                              "cannot create a temporary file");
    prw_atomic_output_free (self);
    return NULL;
  }
  self->mode = st.st_mode & 07777;
  if (self->mode != 0600)
    (void) fchmod (self->fd, 0600); /* only privacy while it is written */
  return self;
}

int
prw_atomic_output_get_fd (PrwAtomicOutput *self)
{
  return self->fd;
}

/* Gives the file its creat() mode, flushes it to disk and closes it. */
static gboolean
flush_and_close (PrwAtomicOutput *self, GError **error)
{
  int fd = self->fd;

  self->fd = -1;
  if (fchmod (fd, self->mode) < 0) {
    prw_set_error_from_errno (error, errno, self->path,
                              "cannot set the file's mode");
    prw_fd_close (fd);
    return FALSE;
  }
  if (prw_fd_sync (fd) < 0) {
    prw_set_error_from_errno (error, errno, self->path, "cannot flush to disk");
    prw_fd_close (fd);
    return FALSE;
  }
  if (prw_fd_close (fd) < 0)
    return prw_set_error_from_errno (error, errno, self->path,
                                     "cannot flush to disk");
  return TRUE;
}

static gboolean
set_appeared_error (GError **error, const gchar *path)
{
  g_set_error (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS,
               "%s: appeared during the print", path);
  return FALSE;
}

/* Moves the temporary file to the output without replacing a file that
 * appeared meanwhile: renameat2 (RENAME_NOREPLACE) where there is one and
 * the filesystem supports it, else a hard link, which refuses an existing
 * name just as well, then the temporary name's removal; a filesystem with
 * neither gets a plain rename. */
static gboolean
rename_no_replace (PrwAtomicOutput *self, GError **error)
{
#ifdef HAVE_RENAMEAT2
  if (renameat2 (AT_FDCWD, self->temp_path, AT_FDCWD, self->path,
                 RENAME_NOREPLACE)
      == 0) {
    self->committed = TRUE;
    return TRUE;
  }
  if (errno == EEXIST)
    return set_appeared_error (error, self->path);
  if (errno != EINVAL && errno != ENOSYS)
    return prw_set_error_from_errno (error, errno, self->path,
                                     "cannot rename the finished print");
#endif
  if (g_file_test (self->path, G_FILE_TEST_EXISTS))
    return set_appeared_error (error, self->path);
  if (link (self->temp_path, self->path) == 0) {
    self->committed = TRUE;
    g_unlink (self->temp_path);
    return TRUE;
  }
  if (errno == EEXIST)
    return set_appeared_error (error, self->path);
  if (g_rename (self->temp_path, self->path) < 0)
    return prw_set_error_from_errno (error, errno, self->path,
                                     "cannot rename the finished print");
  self->committed = TRUE;
  return TRUE;
}

static void
sync_dir (const gchar *path)
{
  g_autofree gchar *dir = g_path_get_dirname (path);
  int fd = prw_fd_open (dir, O_RDONLY | O_DIRECTORY, 0);

  if (fd >= 0) {
    (void) prw_fd_sync (fd);
    prw_fd_close (fd);
  }
}

gboolean
prw_atomic_output_commit (PrwAtomicOutput *self, PrwAtomicOutputCheckFunc check,
                          gpointer user_data, GCancellable *cancellable,
                          GError **error)
{
  struct stat st;

  g_return_val_if_fail (self->fd >= 0 && !self->committed, FALSE);

  if (!flush_and_close (self, error))
    return FALSE;
  if (check
      && !check (self->path, g_stat (self->path, &st) == 0 ? &st : NULL,
                 user_data, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (self->flags & PRW_ATOMIC_OUTPUT_REPLACE) {
    if (g_rename (self->temp_path, self->path) < 0)
      return prw_set_error_from_errno (error, errno, self->path,
                                       "cannot rename the finished print");
    self->committed = TRUE;
  } else if (!rename_no_replace (self, error)) {
    return FALSE;
  }
  sync_dir (self->path);
  return TRUE;
}

void
prw_atomic_output_free (PrwAtomicOutput *self)
{
  if (!self)
    return;
  if (self->fd >= 0)
    prw_fd_close (self->fd);
  if (self->temp_path && !self->committed)
    g_unlink (self->temp_path);
  g_free (self->temp_path);
  g_free (self->path);
  g_free (self);
}
