/* libproreswriter: reading and writing file descriptors, and what their
 * errors mean (private)
 *
 * Every errno the library meets becomes a GError here, in one place, so
 * that callers can tell a full disk, a refused permission and a missing
 * file apart by code:
 *
 *   ENOSPC, EDQUOT, EFBIG        PRW_ERROR_NO_SPACE
 *   EACCES, EPERM, EROFS         PRW_ERROR_PERMISSION_DENIED
 *   ENOENT, ENOTDIR              PRW_ERROR_NOT_FOUND
 *   anything else                PRW_ERROR_IO
 *
 * The calls below retry EINTR and report a failure as -1 or FALSE with
 * errno set, for callers that report it their own way (the copy sink
 * posts element errors); prw_set_error_from_errno() turns that errno into
 * the library's error.
 */
#pragma once

#include <proreswriter/prw-error.h>
#include <sys/uio.h>

G_BEGIN_DECLS

PrwError prw_error_code_from_errno (int err);

/* Sets error to "PATH: WHAT: REASON" ("PATH: REASON" when what is NULL),
 * REASON being err's description, with prw_error_code_from_errno()'s
 * code. Returns FALSE. */
gboolean prw_set_error_from_errno (GError **error, int err, const gchar *path,
                                   const gchar *what);

/* Opens path, always close-on-exec; -1 with errno set. */
int prw_fd_open (const gchar *path, int flags, int mode);

/* Reads size bytes at offset. Returns how many were read, fewer only at
 * the end of the file, or -1 with errno set. */
gssize prw_fd_pread_all (int fd, void *buf, gsize size, guint64 offset);

/* Writes size bytes at offset. FALSE with errno set on failure; a write
 * that writes nothing is a full disk (ENOSPC). */
gboolean prw_fd_pwrite_all (int fd, const void *buf, gsize size,
                            guint64 offset);

/* Writes n_iov buffers one after the other at offset (pwritev), going on
 * after a short write; iov is changed. FALSE with errno set on failure; a
 * write that writes nothing is a full disk (ENOSPC). */
gboolean prw_fd_pwritev_all (int fd, struct iovec *iov, int n_iov,
                             guint64 offset);

/* Flushes fd's data (and what is needed to read it back) to stable
 * storage: fdatasync where the system declares it, else fsync; with
 * F_FULLFSYNC (macOS) where there is one, which also empties the drive's
 * cache. -1 with errno set. */
int prw_fd_sync_data (int fd);

/* Flushes fd's data and metadata (fsync; F_FULLFSYNC on macOS). */
int prw_fd_sync (int fd);

/* close(), EINTR not retried (POSIX leaves the descriptor's state
 * unspecified then): -1 with errno set. */
int prw_fd_close (int fd);

G_END_DECLS
