/* libproreswriter: an output that appears only complete */
#include "config.h"

#ifdef HAVE_RENAMEAT2
#define _GNU_SOURCE /* renameat2 */
#endif

#include "prw-atomic-output-private.h"

#include "prw-fd-io-private.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* The longest file name the filesystems we write to take, in bytes
 * (NAME_MAX on Linux and macOS). */
#define NAME_MAX_BYTES 255
/* ".", ".prw-" and the six letters: what a temporary name adds to NAME */
#define TEMP_NAME_EXTRA (1 + 5 + TEMP_SUFFIX_LENGTH)
/* "~" and eight hex digits: what stands for the cut end of a long NAME */
#define TEMP_TAIL_LENGTH 9

/* "XXXXXX" as g_mkstemp_full() fills it in */
#define TEMP_LETTERS                                                           \
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define TEMP_SUFFIX_LENGTH 6

struct _PrwAtomicOutput {
  gchar *path;
  gchar *temp_path;
  PrwAtomicOutputFlags flags;
  int fd;
  /* a duplicate of fd holding its flock() from the creation of the
   * temporary file to its rename or removal (fd itself is closed before
   * the rename); -1 on a filesystem without locks */
  int lock_fd;
  mode_t mode;        /* what creat() would have given the file */
  gboolean committed; /* the temporary file is gone: renamed or linked */
};

static gboolean
same_file (const struct stat *a, const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* NAME as the temporary name holds it: NAME itself where ".NAME.prw-XXXXXX"
 * fits in a file name, else NAME's start, cut on a UTF-8 character's
 * boundary, then "~" and eight hex digits of a digest of the whole NAME, so
 * that two long names with one start keep temporary names of their own
 * (and neither's stale files are the other's). Every writer of one output
 * computes the same stem, so the next one finds a killed one's file. */
static gchar *
temp_stem (const gchar *name)
{
  gsize length = strlen (name);
  gsize keep = NAME_MAX_BYTES - TEMP_NAME_EXTRA - TEMP_TAIL_LENGTH;
  g_autofree gchar *digest = NULL;

  if (length + TEMP_NAME_EXTRA <= NAME_MAX_BYTES)
    return g_strdup (name);
  /* back to the first byte of a character: never a continuation byte
   * (10xxxxxx) at the cut; a name that is not UTF-8 is cut likewise */
  while (keep > 0 && ((guchar) name[keep] & 0xC0) == 0x80)
    keep--;
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
  return g_strdup_printf ("%.*s~%.8s", (int) keep, name, digest);
}

/* ".NAME.prw-" followed by exactly six of TEMP_LETTERS */
static gboolean
is_temp_name (const gchar *entry, const gchar *prefix, gsize prefix_length)
{
  return strncmp (entry, prefix, prefix_length) == 0
         && strlen (entry + prefix_length) == TEMP_SUFFIX_LENGTH
         && strspn (entry + prefix_length, TEMP_LETTERS) == TEMP_SUFFIX_LENGTH;
}

/* Removes dir/entry if it is a regular file of this user that no one
 * holds the lock of: a writer that died without removing it (SIGKILL, a
 * crash, a power cut). The lock taken is held while the name is checked
 * again and removed, so that a writer that creates its file at that
 * moment either finds it gone (and makes another, see lock_temp()) or
 * keeps it. */
static void
remove_if_stale (int dir_fd, const gchar *dir, const gchar *entry)
{
  struct stat before, st;
  int fd, r;

  if (fstatat (dir_fd, entry, &before, AT_SYMLINK_NOFOLLOW) < 0
      || !S_ISREG (before.st_mode) || before.st_uid != geteuid ())
    return;
  /* read-write: NFS emulates flock() with a lock on the whole file, which
   * needs it for LOCK_EX; O_NONBLOCK, O_NOFOLLOW: whatever was put under
   * that name since fstatat() is neither waited for nor followed */
  do
    fd = openat (dir_fd, entry,
                 O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return;
  if (fstat (fd, &st) < 0 || !same_file (&st, &before)) {
    prw_fd_close (fd);
    return;
  }
  do
    r = flock (fd, LOCK_EX | LOCK_NB);
  while (r < 0 && errno == EINTR);
  if (r < 0) {
    /* EWOULDBLOCK: its writer is alive (another print of the same output);
     * ENOLCK, EOPNOTSUPP, EINVAL: a filesystem without locks (some FUSE
     * and network ones), where a stale file cannot be told from a live
     * one */
    if (errno != EWOULDBLOCK)
      g_debug ("%s/%s: kept, its lock cannot be taken: %s", dir, entry,
               g_strerror (errno));
    prw_fd_close (fd);
    return;
  }
  if (fstatat (dir_fd, entry, &st, AT_SYMLINK_NOFOLLOW) == 0
      && same_file (&st, &before) && unlinkat (dir_fd, entry, 0) == 0)
    g_info ("%s/%s: removed the temporary file of a writer that did not "
            "finish",
            dir, entry);
  prw_fd_close (fd);
}

/* Removes the stale temporary files of stem (temp_stem()) in dir
 * (remove_if_stale());
 * a folder that cannot be read is left as it is. */
static void
remove_stale_temps (const gchar *dir, const gchar *stem)
{
  g_autofree gchar *prefix = g_strdup_printf (".%s.prw-", stem);
  gsize prefix_length = strlen (prefix);
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  struct dirent *entry;
  DIR *d;
  int dir_fd = prw_fd_open (dir, O_RDONLY | O_DIRECTORY, 0);

  if (dir_fd < 0)
    return;
  if (!(d = fdopendir (dir_fd))) {
    prw_fd_close (dir_fd);
    return;
  }
  /* listed first, removed after: the folder is not changed under readdir */
  while ((entry = readdir (d)) != NULL) {
    if (is_temp_name (entry->d_name, prefix, prefix_length))
      g_ptr_array_add (found, g_strdup (entry->d_name));
  }
  for (guint i = 0; i < found->len; i++)
    remove_if_stale (dirfd (d), dir, found->pdata[i]);
  closedir (d);
}

/* Takes the lock of the new temporary file, waiting while another writer's
 * remove_if_stale() holds it (for a moment: it may have found the file
 * between its creation and now). FALSE: that writer removed it, make
 * another one. */
static gboolean
lock_temp (PrwAtomicOutput *self)
{
  struct stat st, named;
  int r;

  do
    r = flock (self->fd, LOCK_EX);
  while (r < 0 && errno == EINTR);
  if (r < 0) {
    g_debug ("%s: the temporary file cannot be locked: %s (a stale one "
             "cannot be told from it)",
             self->temp_path, g_strerror (errno));
    return TRUE;
  }
  if (fstat (self->fd, &st) < 0 || g_lstat (self->temp_path, &named) < 0
      || !same_file (&st, &named))
    return FALSE;
  /* a descriptor of its own: fd is closed before the rename */
  self->lock_fd = fcntl (self->fd, F_DUPFD_CLOEXEC, 0);
  return TRUE;
}

PrwAtomicOutput *
prw_atomic_output_open (const gchar *path, PrwAtomicOutputFlags flags,
                        GError **error)
{
  g_autofree gchar *dir = g_path_get_dirname (path);
  g_autofree gchar *name = g_path_get_basename (path);
  g_autofree gchar *stem = temp_stem (name);
  PrwAtomicOutput *self;
  struct stat st;
  guint attempt;

  g_return_val_if_fail (path != NULL, NULL);

  remove_stale_temps (dir, stem);

  self = g_new0 (PrwAtomicOutput, 1);
  self->path = g_strdup (path);
  self->flags = flags;
  self->fd = -1;
  self->lock_fd = -1;
  for (attempt = 0;; attempt++) {
    self->temp_path = g_strdup_printf ("%s/.%s.prw-XXXXXX", dir, stem);
    /* Created as creat (path, 0666) would be, so that the kernel applies
     * the umask (and a default ACL) as it would to any new file; read
     * back, then kept to its owner until the commit. No umask() (which
     * would change it for every thread for a moment) and no /proc. */
    self->fd = g_mkstemp_full (self->temp_path, O_RDWR | O_CLOEXEC, 0666);
    if (self->fd < 0) {
      prw_set_error_from_errno (error, errno, path,
                                "cannot create a temporary file");
      g_clear_pointer (&self->temp_path, g_free);
      prw_atomic_output_free (self);
      return NULL;
    }
    if (lock_temp (self))
      break;
    /* removed by another writer of the same output: not ours to unlink */
    prw_fd_close (self->fd);
    self->fd = -1;
    g_clear_pointer (&self->temp_path, g_free);
    if (attempt == 100) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_IO,
                   "%s: cannot create a temporary file: removed by another "
                   "writer each time",
                   path);
      prw_atomic_output_free (self);
      return NULL;
    }
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
               "%s: appeared while it was written", path);
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
    return prw_set_error_from_errno (
        error, errno, self->path, "cannot rename the finished file into place");
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
    return prw_set_error_from_errno (
        error, errno, self->path, "cannot rename the finished file into place");
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
      return prw_set_error_from_errno (
          error, errno, self->path,
          "cannot rename the finished file into place");
    self->committed = TRUE;
  } else if (!rename_no_replace (self, error)) {
    return FALSE;
  }
  if (self->lock_fd >= 0) {
    prw_fd_close (self->lock_fd);
    self->lock_fd = -1;
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
    g_unlink (self->temp_path); /* still locked: no one else removes it */
  if (self->lock_fd >= 0)
    prw_fd_close (self->lock_fd);
  g_free (self->temp_path);
  g_free (self->path);
  g_free (self);
}
