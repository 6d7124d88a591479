/* libproreswriter: prw_fd_pwritev_all() (lib/util/prw-fd-io.c), which
 * writes a blank rush's spliced frame (its own bytes with spans of the
 * black frame's between them) in one call
 *
 * The library is linked in statically, so this program's own pwritev64
 * and pwrite64 (the names glibc gives the calls with 64-bit offsets) stand
 * in for the C library's: they cut each call short, fail it with EINTR,
 * or write nothing, as a kernel may, and pass the rest on to the real
 * calls. pwrite64 is the path of a build without pwritev
 * (-Dlinux_io=disabled). Every byte is read back from the file. */
#define _GNU_SOURCE

#include <check.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "util/prw-fd-io-private.h"

/* ---- the stand-ins ----------------------------------------------------- */

static struct {
  gsize cap;        /* a call writes at most this many bytes (0: all) */
  gboolean eintr;   /* every other call fails with EINTR first */
  int fail_errno;   /* every call fails with this (0: none) */
  gboolean nothing; /* every call writes nothing (returns 0) */
  guint calls;      /* calls that reached the stand-ins */
  guint zero_total; /* calls asked to write no byte at all */
  gint most_iov;    /* the most buffers one call was given */
  gboolean interrupted;
} inject;

static void
inject_reset (void)
{
  memset (&inject, 0, sizeof inject);
}

/* How many of want bytes this call writes, or -1 with errno set. */
static gssize
inject_admit (gsize want, int n_iov)
{
  inject.calls++;
  if (want == 0)
    inject.zero_total++;
  inject.most_iov = MAX (inject.most_iov, n_iov);
  if (inject.eintr && !inject.interrupted) {
    inject.interrupted = TRUE;
    errno = EINTR;
    return -1;
  }
  inject.interrupted = FALSE;
  if (inject.fail_errno != 0) {
    errno = inject.fail_errno;
    return -1;
  }
  if (inject.nothing)
    return 0;
  return inject.cap != 0 ? (gssize) MIN (want, inject.cap) : (gssize) want;
}

ssize_t pwrite64 (int fd, const void *buf, size_t len, off64_t offset);
ssize_t pwritev64 (int fd, const struct iovec *iov, int n_iov, off64_t offset);

ssize_t
pwrite64 (int fd, const void *buf, size_t len, off64_t offset)
{
  static ssize_t (*real) (int, const void *, size_t, off64_t);
  gssize allowed = inject_admit (len, 1);

  if (allowed <= 0)
    return allowed;
  if (real == NULL)
    *(void **) &real = dlsym (RTLD_NEXT, "pwrite64");
  return real (fd, buf, (size_t) allowed, offset);
}

ssize_t
pwritev64 (int fd, const struct iovec *iov, int n_iov, off64_t offset)
{
  static ssize_t (*real) (int, const struct iovec *, int, off64_t);
  struct iovec cut[IOV_MAX];
  gsize want = 0, left;
  gssize allowed;
  int n = 0;

  for (int i = 0; i < n_iov; i++)
    want += iov[i].iov_len;
  allowed = inject_admit (want, n_iov);
  if (allowed <= 0)
    return allowed;
  /* the real call with the buffers cut down to what is allowed */
  left = (gsize) allowed;
  for (int i = 0; i < n_iov && left > 0 && n < (int) G_N_ELEMENTS (cut); i++) {
    cut[n] = iov[i];
    cut[n].iov_len = MIN (cut[n].iov_len, left);
    left -= cut[n].iov_len;
    n++;
  }
  if (real == NULL)
    *(void **) &real = dlsym (RTLD_NEXT, "pwritev64");
  return real (fd, cut, n, offset);
}

/* ---- the cases --------------------------------------------------------- */

#define N_PIECES 3000
#define AT 12345

typedef struct {
  gchar *path;
  int fd;
  guint8 *data;
  struct iovec iov[N_PIECES];
  gsize total;
} Fixture;

/* N_PIECES pieces of 0 to 6 bytes (the first, the last and every fifth
 * empty) over one distinct byte pattern, and an empty file */
static void
fixture_init (Fixture *f)
{
  GError *error = NULL;
  gsize at = 0;

  inject_reset ();
  f->fd = g_file_open_tmp ("prw-fd-io-XXXXXX", &f->path, &error);
  ck_assert_msg (f->fd >= 0, "%s", error ? error->message : "");
  f->data = g_malloc (N_PIECES * 6);
  for (guint i = 0; i < N_PIECES * 6; i++)
    f->data[i] = (guint8) (i * 131 + i / 256);
  f->total = 0;
  for (guint i = 0; i < N_PIECES; i++) {
    gsize len = (i == 0 || i == N_PIECES - 1 || i % 5 == 0) ? 0 : i % 7;

    f->iov[i].iov_base = f->data + at;
    f->iov[i].iov_len = len;
    at += len + 1; /* a byte left out between pieces */
    f->total += len;
  }
}

static void
fixture_clear (Fixture *f)
{
  close (f->fd);
  unlink (f->path);
  g_free (f->path);
  g_free (f->data);
}

/* The file is AT bytes of nothing, then the pieces one after the other. */
static void
assert_written (Fixture *f)
{
  g_autofree guint8 *back = g_malloc0 (AT + f->total + 1);
  gsize at = AT;
  struct stat st;

  ck_assert_int_eq (fstat (f->fd, &st), 0);
  ck_assert_uint_eq ((guint64) st.st_size, AT + f->total);
  ck_assert_int_eq (pread (f->fd, back, AT + f->total + 1, 0),
                    (gssize) (AT + f->total));
  for (gsize i = 0; i < AT; i++)
    ck_assert_uint_eq (back[i], 0);
  /* the iov was changed: read the pieces' places from the data again */
  for (guint i = 0, src = 0; i < N_PIECES; i++) {
    gsize len = (i == 0 || i == N_PIECES - 1 || i % 5 == 0) ? 0 : i % 7;

    ck_assert_msg (memcmp (back + at, f->data + src, len) == 0,
                   "piece %u is not at %" G_GSIZE_FORMAT, i, at);
    at += len;
    src += (guint) len + 1;
  }
}

START_TEST (test_pieces_land_in_order)
{
  Fixture f;

  fixture_init (&f);
  ck_assert (prw_fd_pwritev_all (f.fd, f.iov, N_PIECES, AT));
  assert_written (&f);
  /* more pieces than one call takes, none a call of no byte at all */
  ck_assert_uint_gt (inject.calls, 1);
  ck_assert_uint_eq (inject.zero_total, 0);
  ck_assert_int_le (inject.most_iov, sysconf (_SC_IOV_MAX));
  fixture_clear (&f);
}
END_TEST

START_TEST (test_short_writes_go_on)
{
  Fixture f;

  /* every call cut to 1..13 bytes: inside pieces, at their ends, and
   * across the empty ones */
  fixture_init (&f);
  inject.cap = (gsize) _i + 1;
  ck_assert (prw_fd_pwritev_all (f.fd, f.iov, N_PIECES, AT));
  assert_written (&f);
  ck_assert_uint_eq (inject.zero_total, 0);
  fixture_clear (&f);
}
END_TEST

START_TEST (test_eintr_is_retried)
{
  Fixture f;

  fixture_init (&f);
  inject.eintr = TRUE;
  inject.cap = 4;
  ck_assert (prw_fd_pwritev_all (f.fd, f.iov, N_PIECES, AT));
  assert_written (&f);
  fixture_clear (&f);
}
END_TEST

START_TEST (test_nothing_to_write)
{
  Fixture f;
  struct iovec empty[3] = { { NULL, 0 }, { NULL, 0 }, { NULL, 0 } };
  struct stat st;

  fixture_init (&f);
  ck_assert (prw_fd_pwritev_all (f.fd, empty, 3, AT));
  ck_assert (prw_fd_pwritev_all (f.fd, empty, 0, AT));
  ck_assert_uint_eq (inject.calls, 0);
  ck_assert_int_eq (fstat (f.fd, &st), 0);
  ck_assert_int_eq (st.st_size, 0);
  fixture_clear (&f);
}
END_TEST

START_TEST (test_a_write_of_nothing_is_a_full_disk)
{
  Fixture f;

  fixture_init (&f);
  inject.nothing = TRUE;
  errno = 0;
  ck_assert (!prw_fd_pwritev_all (f.fd, f.iov, N_PIECES, AT));
  ck_assert_int_eq (errno, ENOSPC);
  ck_assert_int_eq (prw_error_code_from_errno (errno), PRW_ERROR_NO_SPACE);
  ck_assert_uint_eq (inject.calls, 1);
  fixture_clear (&f);
}
END_TEST

START_TEST (test_an_error_is_kept)
{
  Fixture f;

  fixture_init (&f);
  inject.fail_errno = EIO;
  ck_assert (!prw_fd_pwritev_all (f.fd, f.iov, N_PIECES, AT));
  ck_assert_int_eq (errno, EIO);
  ck_assert_uint_eq (inject.calls, 1);
  fixture_clear (&f);
}
END_TEST

static Suite *
fd_io_suite (void)
{
  Suite *s = suite_create ("fd-io");
  TCase *tc = tcase_create ("pwritev");

  tcase_add_test (tc, test_pieces_land_in_order);
  tcase_add_loop_test (tc, test_short_writes_go_on, 0, 13);
  tcase_add_test (tc, test_eintr_is_retried);
  tcase_add_test (tc, test_nothing_to_write);
  tcase_add_test (tc, test_a_write_of_nothing_is_a_full_disk);
  tcase_add_test (tc, test_an_error_is_kept);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *runner = srunner_create (fd_io_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
