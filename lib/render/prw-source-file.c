/* libproreswriter: an input movie held open for the print */
#include "prw-source-file-private.h"

#include "prw-media-info-private.h"
#include "util/prw-fd-io-private.h"
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

struct _PrwSourceFile {
  gint ref_count;
  int fd;
  gchar *path;
  guint64 size;
};

PrwSourceFile *
prw_source_file_open (PrwMediaInfo *info, GError **error)
{
  const gchar *path = prw_media_info_get_path (info);
  PrwSourceFile *file;
  int fd;

  fd = prw_fd_open (path, O_RDONLY | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0) {
    int saved_errno = errno;

    if (saved_errno == ENOENT)
      g_set_error (error, PRW_ERROR, PRW_ERROR_NOT_FOUND,
                   "%s: removed since it was read", path);
    else
      prw_set_error_from_errno (error, saved_errno, path, NULL);
    return NULL;
  }
  if (!prw_media_info_check_file (info, fd, error)) {
    prw_fd_close (fd);
    return NULL;
  }
  /* O_NONBLOCK only kept the open from hanging on a FIFO; the check made
   * sure this is the regular file that was read, which is read blocking */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);

  file = g_new0 (PrwSourceFile, 1);
  file->ref_count = 1;
  file->fd = fd;
  file->path = g_strdup (path);
  file->size = prw_media_info_get_file_size (info);
  return file;
}

PrwSourceFile *
prw_source_file_ref (PrwSourceFile *file)
{
  g_atomic_int_inc (&file->ref_count);
  return file;
}

void
prw_source_file_unref (PrwSourceFile *file)
{
  if (file && g_atomic_int_dec_and_test (&file->ref_count)) {
    prw_fd_close (file->fd);
    g_free (file->path);
    g_free (file);
  }
}

int
prw_source_file_get_fd (PrwSourceFile *file)
{
  return file->fd;
}

const gchar *
prw_source_file_get_path (PrwSourceFile *file)
{
  return file->path;
}

guint64
prw_source_file_get_size (PrwSourceFile *file)
{
  return file->size;
}
