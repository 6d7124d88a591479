/* libproreswriter: reading and writing file descriptors, and what their
 * errors mean */
#include "config.h"

#include "prw-fd-io-private.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

PrwError
prw_error_code_from_errno (int err)
{
  switch (err) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      return PRW_ERROR_NO_SPACE;
    case EACCES:
    case EPERM:
    case EROFS:
      return PRW_ERROR_PERMISSION_DENIED;
    case ENOENT:
    case ENOTDIR:
      return PRW_ERROR_NOT_FOUND;
    default:
      return PRW_ERROR_IO;
  }
}

gboolean
prw_set_error_from_errno (GError **error, int err, const gchar *path,
                          const gchar *what)
{
  if (what)
    g_set_error (error, PRW_ERROR, prw_error_code_from_errno (err),
                 "%s: %s: %s", path, what, g_strerror (err));
  else
    g_set_error (error, PRW_ERROR, prw_error_code_from_errno (err), "%s: %s",
                 path, g_strerror (err));
  return FALSE;
}

int
prw_fd_open (const gchar *path, int flags, int mode)
{
  int fd;

  do
    fd = open (path, flags | O_CLOEXEC, mode);
  while (fd < 0 && errno == EINTR);
  return fd;
}

gssize
prw_fd_pread_all (int fd, void *buf, gsize size, guint64 offset)
{
  guint8 *at = buf;
  gsize done = 0;

  size = MIN (size, (gsize) G_MAXSSIZE);
  while (done < size) {
    ssize_t n;

    if (offset + done > (guint64) G_MAXINT64) {
      errno = EOVERFLOW;
      return -1;
    }
    n = pread (fd, at + done, size - done, (off_t) (offset + done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return -1;
    if (n == 0)
      break;
    done += (gsize) n;
  }
  return (gssize) done;
}

gboolean
prw_fd_pwrite_all (int fd, const void *buf, gsize size, guint64 offset)
{
  const guint8 *at = buf;

  while (size > 0) {
    ssize_t n;

    if (offset > (guint64) G_MAXINT64) {
      errno = EFBIG;
      return FALSE;
    }
    n = pwrite (fd, at, MIN (size, (gsize) G_MAXSSIZE), (off_t) offset);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return FALSE;
    if (n == 0) {
      errno = ENOSPC;
      return FALSE;
    }
    at += n;
    size -= (gsize) n;
    offset += (guint64) n;
  }
  return TRUE;
}

/* the most buffers one pwritev takes (POSIX: at least 16) */
#ifdef IOV_MAX
#define PRW_IOV_MAX IOV_MAX
#else
#define PRW_IOV_MAX 16
#endif

gboolean
prw_fd_pwritev_all (int fd, struct iovec *iov, int n_iov, guint64 offset)
{
  while (n_iov > 0) {
    ssize_t n;

    if (iov->iov_len == 0) {
      iov++;
      n_iov--;
      continue;
    }
    if (offset > (guint64) G_MAXINT64) {
      errno = EFBIG;
      return FALSE;
    }
#ifdef HAVE_PWRITEV
    n = pwritev (fd, iov, MIN (n_iov, PRW_IOV_MAX), (off_t) offset);
#else
    /* pwritev is not POSIX (macOS has it from 11): one buffer a call */
    n = pwrite (fd, iov->iov_base, iov->iov_len, (off_t) offset);
#endif
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return FALSE;
    if (n == 0) {
      errno = ENOSPC;
      return FALSE;
    }
    offset += (guint64) n;
    while (n > 0 && (gsize) n >= iov->iov_len) {
      n -= (ssize_t) iov->iov_len;
      iov++;
      n_iov--;
    }
    if (n > 0) {
      iov->iov_base = (guint8 *) iov->iov_base + n;
      iov->iov_len -= (gsize) n;
    }
  }
  return TRUE;
}

#ifdef HAVE_F_FULLFSYNC
/* fsync() on macOS leaves the data in the drive's cache. A filesystem
 * that does not support F_FULLFSYNC (network, FAT) gets fsync(); a real
 * failure is reported. */
static int
full_fsync (int fd)
{
  if (fcntl (fd, F_FULLFSYNC) == 0)
    return 0;
  if (errno != ENOTSUP && errno != EINVAL && errno != ENOTTY)
    return -1;
  return fsync (fd);
}
#endif

int
prw_fd_sync_data (int fd)
{
#if defined(HAVE_F_FULLFSYNC)
  return full_fsync (fd);
#elif defined(HAVE_FDATASYNC)
  return fdatasync (fd);
#else
  return fsync (fd);
#endif
}

int
prw_fd_sync (int fd)
{
#ifdef HAVE_F_FULLFSYNC
  return full_fsync (fd);
#else
  return fsync (fd);
#endif
}

int
prw_fd_close (int fd)
{
  return close (fd);
}
