/* prw-fault-inject: an LD_PRELOAD shim that injects faults into a print
 *
 * It watches the printer's temporary file: any file whose name starts with
 * "." and contains ".prw-" (".OUTPUT.prw-XXXXXX", found through
 * /proc/self/fd). Every way of writing to it goes through a hook that
 * counts its bytes: write, writev, pwrite(64), pwritev(64), pwritev2(64v2),
 * copy_file_range and sendfile(64) (the glibc wrappers; a raw syscall()
 * or a write through mmap is not seen). fsync and fdatasync of it are
 * hooked too. Configured by environment variables, all optional:
 *
 *   PRW_FAULT           the action (default "none"):
 *     none        only count and log
 *     enospc      writes past PRW_FAULT_AFTER bytes fail with ENOSPC (a
 *                 write that crosses the limit is cut short first, as a
 *                 real full disk does); the disk stays full
 *     eio         the same with EIO
 *     fsync-eio   every fsync/fdatasync of the temporary file fails (EIO)
 *     unlink      unlink PRW_FAULT_PATH
 *     truncate    truncate PRW_FAULT_PATH to PRW_FAULT_SIZE bytes
 *     sigint, sigterm   send the signal to the process (kill, not raise:
 *                 the CLI takes signals in a dedicated thread)
 *     sigint-twice      send SIGINT, wait PRW_FAULT_DELAY_MS, send it again
 *     sigkill     send SIGKILL: the process dies at once, as in a crash,
 *                 leaving its temporary file (no "temp-bytes" line)
 *     barrier     create PRW_FAULT_BARRIER_DIR/PID, then wait (at most 20 s)
 *                 until that folder holds PRW_FAULT_BARRIER_COUNT (default
 *                 2) files: concurrent prints meet there
 *     eacces      every open of PRW_FAULT_PATH (open, openat, creat, fopen
 *                 and their variants) fails with EACCES, from the start:
 *                 the file is unreadable, as mode 000 is for anyone but
 *                 root (stat still works)
 *     eacces-create   every open that would create a file (O_CREAT) in the
 *                 folder PRW_FAULT_PATH fails with EACCES, from the start:
 *                 the folder is not writable, as mode 555 is for anyone
 *                 but root (the path must name the folder itself or be
 *                 relative to the working directory; openat from another
 *                 folder's descriptor is not seen)
 *     link-fail   gst_pad_link(), as the library calls it (GStreamer's own
 *                 calls inside libgstreamer are not seen), fails with
 *                 GST_PAD_LINK_NOFORMAT for every source pad whose name
 *                 starts with PRW_FAULT_PAD (default "audio_": the
 *                 demuxer's sound pads, which go to a sink that drops
 *                 their buffers), from the start: as when an element
 *                 refuses a track's format. Logged
 *                 as "fired link-fail gst_pad_link 0 PID"
 *   PRW_FAULT_AFTER     the action fires at the write that would take the
 *                       temporary file's byte count past this, before that
 *                       write is done (default 0: the first write)
 *   PRW_FAULT_ON        "write" (default) or "fsync": fire at the first
 *                       fsync/fdatasync of the temporary file instead
 *   PRW_FAULT_PATH, PRW_FAULT_SIZE   for unlink, truncate, eacces and
 *                       eacces-create
 *   PRW_FAULT_PAD       for link-fail: the start of the pads' names
 *   PRW_FAULT_DELAY_MS  sleep this long after firing (default 0), so that a
 *                       signal is surely taken while the print still runs
 *   PRW_FAULT_LOG       a file the shim appends lines to:
 *     "fired ACTION CALL BYTES PID"  when the action fires
 *     "synced CALL BYTES"            a flush of the temporary file worked
 *     "commit CALL FROM TO RESULT"   the temporary file was renamed or
 *                                    linked (rename, renameat(2), link(at))
 *     "write-open PATH"              any file was opened for writing
 *                                    (open/openat/creat/fopen): inputs must
 *                                    never be
 *     "temp-bytes BYTES CALLS"       at exit: what reached the temp file
 *
 * Built by meson as a shared module; tests/faults/test_faults.py preloads
 * it into every CLI run.
 */

/* Define pwrite and pwrite64 (and friends) as the distinct symbols they
 * are, whatever the build asks for. */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

typedef enum {
  ACTION_NONE,
  ACTION_ENOSPC,
  ACTION_EIO,
  ACTION_FSYNC_EIO,
  ACTION_UNLINK,
  ACTION_TRUNCATE,
  ACTION_SIGINT,
  ACTION_SIGTERM,
  ACTION_SIGINT_TWICE,
  ACTION_BARRIER,
  ACTION_EACCES,
  ACTION_EACCES_CREATE,
  ACTION_LINK_FAIL,
  ACTION_SIGKILL,
  N_ACTIONS
} Action;

static const char *const action_names[N_ACTIONS] = {
  "none",     "enospc",        "eio",       "fsync-eio",    "unlink",
  "truncate", "sigint",        "sigterm",   "sigint-twice", "barrier",
  "eacces",   "eacces-create", "link-fail", "sigkill",
};

static struct {
  Action action;
  unsigned long long after;
  int on_fsync;
  const char *path;
  char real_path[PATH_MAX]; /* path, resolved (eacces) */
  off_t size;
  unsigned delay_ms;
  const char *barrier_dir;
  unsigned barrier_count;
  const char *pad; /* link-fail */
  const char *log;
} config;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long long temp_bytes; /* written to the temp file so far */
static unsigned long long temp_calls; /* write calls that reached it */
static int fired;

/* Set while the shim does its own work (the log, the action): the hooks
 * then pass everything through. */
static __thread int in_shim;

static ssize_t (*real_write) (int, const void *, size_t);
static ssize_t (*real_writev) (int, const struct iovec *, int);
static ssize_t (*real_pwrite) (int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64) (int, const void *, size_t, off64_t);
static ssize_t (*real_pwritev) (int, const struct iovec *, int, off_t);
static ssize_t (*real_pwritev64) (int, const struct iovec *, int, off64_t);
static ssize_t (*real_pwritev2) (int, const struct iovec *, int, off_t, int);
static ssize_t (*real_pwritev64v2) (int, const struct iovec *, int, off64_t,
                                    int);
static ssize_t (*real_copy_file_range) (int, off64_t *, int, off64_t *, size_t,
                                        unsigned int);
static ssize_t (*real_sendfile) (int, int, off_t *, size_t);
static ssize_t (*real_sendfile64) (int, int, off64_t *, size_t);
static int (*real_fsync) (int);
static int (*real_fdatasync) (int);
static int (*real_open) (const char *, int, ...);
static int (*real_open64) (const char *, int, ...);
static int (*real_openat) (int, const char *, int, ...);
static int (*real_openat64) (int, const char *, int, ...);
static int (*real_open_2) (const char *, int);
static int (*real_open64_2) (const char *, int);
static int (*real_openat_2) (int, const char *, int);
static int (*real_openat64_2) (int, const char *, int);
static int (*real_creat) (const char *, mode_t);
static int (*real_creat64) (const char *, mode_t);
static FILE *(*real_fopen) (const char *, const char *);
static FILE *(*real_fopen64) (const char *, const char *);
static int (*real_rename) (const char *, const char *);
static int (*real_renameat) (int, const char *, int, const char *);
static int (*real_renameat2) (int, const char *, int, const char *,
                              unsigned int);
static int (*real_link) (const char *, const char *);
static int (*real_linkat) (int, const char *, int, const char *, int);

/* ---- set-up ------------------------------------------------------------ */

static void
die (const char *message)
{
  fputs (message, stderr);
  abort ();
}

/* The next definition of name (libc's); NULL is allowed only when
 * optional (a call this libc lacks then fails with ENOSYS). */
static void *
next (const char *name, int optional)
{
  void *sym = dlsym (RTLD_NEXT, name);

  if (sym == NULL && !optional)
    die ("prw-fault-inject: libc lacks a symbol it must have\n");
  return sym;
}

static unsigned long long
env_number (const char *name, unsigned long long fallback)
{
  const char *value = getenv (name);
  char *end;
  unsigned long long n;

  if (value == NULL || *value == '\0')
    return fallback;
  errno = 0;
  n = strtoull (value, &end, 10);
  if (errno != 0 || *end != '\0')
    die ("prw-fault-inject: a PRW_FAULT_* number is not a number\n");
  return n;
}

static void
init (void)
{
  const char *action = getenv ("PRW_FAULT");
  const char *on = getenv ("PRW_FAULT_ON");
  const char *barrier = getenv ("PRW_FAULT_BARRIER_DIR");
  int i;

  *(void **) &real_write = next ("write", 0);
  *(void **) &real_writev = next ("writev", 0);
  *(void **) &real_pwrite = next ("pwrite", 0);
  *(void **) &real_pwrite64 = next ("pwrite64", 0);
  *(void **) &real_pwritev = next ("pwritev", 0);
  *(void **) &real_pwritev64 = next ("pwritev64", 0);
  *(void **) &real_pwritev2 = next ("pwritev2", 1);
  *(void **) &real_pwritev64v2 = next ("pwritev64v2", 1);
  *(void **) &real_copy_file_range = next ("copy_file_range", 1);
  *(void **) &real_sendfile = next ("sendfile", 0);
  *(void **) &real_sendfile64 = next ("sendfile64", 0);
  *(void **) &real_fsync = next ("fsync", 0);
  *(void **) &real_fdatasync = next ("fdatasync", 0);
  *(void **) &real_open = next ("open", 0);
  *(void **) &real_open64 = next ("open64", 0);
  *(void **) &real_openat = next ("openat", 0);
  *(void **) &real_openat64 = next ("openat64", 0);
  *(void **) &real_open_2 = next ("__open_2", 0);
  *(void **) &real_open64_2 = next ("__open64_2", 0);
  *(void **) &real_openat_2 = next ("__openat_2", 0);
  *(void **) &real_openat64_2 = next ("__openat64_2", 0);
  *(void **) &real_creat = next ("creat", 0);
  *(void **) &real_creat64 = next ("creat64", 0);
  *(void **) &real_fopen = next ("fopen", 0);
  *(void **) &real_fopen64 = next ("fopen64", 0);
  *(void **) &real_rename = next ("rename", 0);
  *(void **) &real_renameat = next ("renameat", 0);
  *(void **) &real_renameat2 = next ("renameat2", 1);
  *(void **) &real_link = next ("link", 0);
  *(void **) &real_linkat = next ("linkat", 0);

  config.action = ACTION_NONE;
  if (action != NULL && *action != '\0') {
    for (i = 0; i < N_ACTIONS; i++) {
      if (strcmp (action, action_names[i]) == 0)
        break;
    }
    if (i == N_ACTIONS)
      die ("prw-fault-inject: unknown PRW_FAULT action\n");
    config.action = (Action) i;
  }
  if (on != NULL && strcmp (on, "fsync") == 0)
    config.on_fsync = 1;
  else if (on != NULL && *on != '\0' && strcmp (on, "write") != 0)
    die ("prw-fault-inject: PRW_FAULT_ON must be write or fsync\n");
  config.after = env_number ("PRW_FAULT_AFTER", 0);
  config.path = getenv ("PRW_FAULT_PATH");
  config.size = (off_t) env_number ("PRW_FAULT_SIZE", 0);
  config.delay_ms = (unsigned) env_number ("PRW_FAULT_DELAY_MS", 0);
  config.barrier_dir = barrier;
  config.barrier_count = (unsigned) env_number ("PRW_FAULT_BARRIER_COUNT", 2);
  config.log = getenv ("PRW_FAULT_LOG");
  config.pad = getenv ("PRW_FAULT_PAD");
  if (config.pad == NULL || *config.pad == '\0')
    config.pad = "audio_";
  if ((config.action == ACTION_UNLINK || config.action == ACTION_TRUNCATE
       || config.action == ACTION_EACCES
       || config.action == ACTION_EACCES_CREATE)
      && config.path == NULL)
    die ("prw-fault-inject: unlink, truncate, eacces and eacces-create need "
         "PRW_FAULT_PATH\n");
  if ((config.action == ACTION_EACCES || config.action == ACTION_EACCES_CREATE)
      && realpath (config.path, config.real_path) == NULL)
    die ("prw-fault-inject: PRW_FAULT_PATH does not exist\n");
  if (config.action == ACTION_BARRIER && config.barrier_dir == NULL)
    die ("prw-fault-inject: barrier needs PRW_FAULT_BARRIER_DIR\n");
}

static void
ensure_init (void)
{
  pthread_once (&init_once, init);
}

/* ---- the log ----------------------------------------------------------- */

static void log_line (const char *format, ...)
    __attribute__ ((format (printf, 1, 2)));

static void
log_line (const char *format, ...)
{
  char line[PATH_MAX + 128];
  va_list args;
  int len, fd, saved = errno;

  if (config.log == NULL)
    return;
  in_shim++;
  va_start (args, format);
  len = vsnprintf (line, sizeof line - 1, format, args);
  va_end (args);
  if (len < 0)
    len = 0;
  if ((size_t) len > sizeof line - 2)
    len = (int) sizeof line - 2;
  line[len++] = '\n';
  fd = real_open (config.log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0) {
    if (real_write (fd, line, (size_t) len) < 0) {
      /* nothing to be done: the test sees the line missing */
    }
    close (fd);
  }
  in_shim--;
  errno = saved;
}

__attribute__ ((destructor)) static void
log_totals (void)
{
  ensure_init ();
  log_line ("temp-bytes %llu %llu", temp_bytes, temp_calls);
}

/* ---- which fd is the temporary file ------------------------------------ */

/* The path fd refers to, in buf; FALSE if it has none. */
static int
fd_path (int fd, char *buf, size_t size)
{
  char link[64];
  ssize_t n;

  if (fd < 0)
    return 0;
  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, buf, size - 1);
  if (n <= 0)
    return 0;
  buf[n] = '\0';
  return 1;
}

/* ".OUTPUT.prw-XXXXXX" (" (deleted)" may follow once it is unlinked) */
static int
is_temp_fd (int fd)
{
  char path[PATH_MAX];
  const char *base;
  int saved = errno, temp = 0;

  ensure_init ();
  if (in_shim == 0 && fd_path (fd, path, sizeof path)) {
    base = strrchr (path, '/');
    base = base != NULL ? base + 1 : path;
    temp = base[0] == '.' && strstr (base, ".prw-") != NULL;
  }
  errno = saved;
  return temp;
}

/* ---- the actions ------------------------------------------------------- */

static void
sleep_ms (unsigned ms)
{
  struct timespec ts = { ms / 1000, (long) (ms % 1000) * 1000000L };

  while (nanosleep (&ts, &ts) < 0 && errno == EINTR) {
  }
}

static unsigned
count_entries (const char *dir)
{
  DIR *d = opendir (dir);
  struct dirent *entry;
  unsigned n = 0;

  if (d == NULL)
    return 0;
  while ((entry = readdir (d)) != NULL) {
    if (entry->d_name[0] != '.')
      n++;
  }
  closedir (d);
  return n;
}

/* Processes meet: each leaves its pid in the folder and waits for the
 * others (at most 20 s). */
static void
barrier (void)
{
  char path[PATH_MAX];
  int fd, waited_ms = 0;

  snprintf (path, sizeof path, "%s/%d", config.barrier_dir, (int) getpid ());
  fd = real_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0)
    close (fd);
  while (count_entries (config.barrier_dir) < config.barrier_count) {
    if (waited_ms >= 20000) {
      log_line ("barrier-timeout %d", (int) getpid ());
      return;
    }
    sleep_ms (5);
    waited_ms += 5;
  }
}

static void
fire (const char *call)
{
  in_shim++;
  log_line ("fired %s %s %llu %d", action_names[config.action], call,
            temp_bytes, (int) getpid ());
  switch (config.action) {
    case ACTION_UNLINK:
      if (unlink (config.path) < 0)
        log_line ("action-failed unlink %s: %s", config.path, strerror (errno));
      break;
    case ACTION_TRUNCATE:
      if (truncate (config.path, config.size) < 0)
        log_line ("action-failed truncate %s: %s", config.path,
                  strerror (errno));
      break;
    case ACTION_SIGINT:
      kill (getpid (), SIGINT);
      break;
    case ACTION_SIGTERM:
      kill (getpid (), SIGTERM);
      break;
    case ACTION_SIGINT_TWICE:
      kill (getpid (), SIGINT);
      sleep_ms (config.delay_ms);
      kill (getpid (), SIGINT);
      break;
    case ACTION_SIGKILL:
      kill (getpid (), SIGKILL);
      break;
    case ACTION_BARRIER:
      barrier ();
      break;
    default:
      break;
  }
  sleep_ms (config.delay_ms);
  in_shim--;
}

/* ---- the pad-link hook (link-fail) ------------------------------------- */

/* GstPadLinkReturn's GST_PAD_LINK_NOFORMAT: the pads' formats do not meet.
 * GStreamer's types are not needed: pads are passed through as pointers,
 * their names read with gst_object_get_name() and freed with g_free(). */
#define PAD_LINK_NOFORMAT (-4)

int gst_pad_link (void *srcpad, void *sinkpad);

int
gst_pad_link (void *srcpad, void *sinkpad)
{
  int (*real_link_pads) (void *, void *);
  char *(*get_name) (void *);
  void (*free_name) (void *);
  int refuse = 0;

  ensure_init ();
  *(void **) &real_link_pads = next ("gst_pad_link", 0);
  if (config.action == ACTION_LINK_FAIL) {
    char *name;

    *(void **) &get_name = next ("gst_object_get_name", 0);
    *(void **) &free_name = next ("g_free", 0);
    name = get_name (srcpad);
    refuse
        = name != NULL && strncmp (name, config.pad, strlen (config.pad)) == 0;
    free_name (name);
  }
  if (refuse) {
    pthread_mutex_lock (&lock);
    if (!fired) {
      fired = 1;
      fire ("gst_pad_link");
    }
    pthread_mutex_unlock (&lock);
    return PAD_LINK_NOFORMAT;
  }
  return real_link_pads (srcpad, sinkpad);
}

/* ---- the write hooks --------------------------------------------------- */

/* How many of len bytes may go to the temporary file now: len, fewer (a
 * short write, as a disk that fills up mid-write gives), or -1 with errno
 * set. Fires the action when its moment has come. */
static ssize_t
admit (const char *call, size_t len)
{
  ssize_t allowed = (ssize_t) len;
  int fire_now = 0, full, triggered;
  unsigned long long end;

  pthread_mutex_lock (&lock);
  temp_calls++;
  end = temp_bytes + len;
  full = config.action == ACTION_ENOSPC || config.action == ACTION_EIO;
  triggered = config.action != ACTION_NONE && !full
              && config.action != ACTION_FSYNC_EIO
              && config.action != ACTION_LINK_FAIL && !config.on_fsync;
  if (full && end > config.after) {
    if (temp_bytes < config.after) {
      allowed = (ssize_t) (config.after - temp_bytes);
    } else {
      allowed = -1;
    }
    if (!fired) {
      fired = 1;
      log_line ("fired %s %s %llu %d", action_names[config.action], call,
                temp_bytes, (int) getpid ());
    }
  } else if (triggered && !fired && end > config.after) {
    fired = fire_now = 1;
  }
  pthread_mutex_unlock (&lock);

  if (fire_now)
    fire (call);
  if (allowed < 0)
    errno = config.action == ACTION_ENOSPC ? ENOSPC : EIO;
  return allowed;
}

/* Counts what a real call wrote; returns n. */
static ssize_t
account (ssize_t n)
{
  if (n > 0) {
    pthread_mutex_lock (&lock);
    temp_bytes += (unsigned long long) n;
    pthread_mutex_unlock (&lock);
  }
  return n;
}

/* iov cut down to its first max bytes, in out (at most IOV_MAX entries);
 * returns the new count. */
static int
clip_iov (const struct iovec *iov, int count, size_t max, struct iovec *out)
{
  int i, n = 0;

  for (i = 0; i < count && i < IOV_MAX && max > 0; i++) {
    out[n] = iov[i];
    if (out[n].iov_len > max)
      out[n].iov_len = max;
    max -= out[n].iov_len;
    n++;
  }
  return n;
}

static size_t
iov_total (const struct iovec *iov, int count)
{
  size_t total = 0;
  int i;

  for (i = 0; i < count; i++)
    total += iov[i].iov_len;
  return total;
}

/* A write of len bytes to fd: pass is the real call as asked, cut the
 * real call with what admit() allows, in allowed. */
#define WRITE_HOOK(call_name, fd, len, pass, cut)                              \
  do {                                                                         \
    ssize_t allowed;                                                           \
                                                                               \
    if (!is_temp_fd (fd))                                                      \
      return pass;                                                             \
    if ((allowed = admit (call_name, len)) < 0)                                \
      return -1;                                                               \
    return account (cut);                                                      \
  } while (0)

ssize_t
write (int fd, const void *buf, size_t len)
{
  WRITE_HOOK ("write", fd, len, real_write (fd, buf, len),
              real_write (fd, buf, (size_t) allowed));
}

ssize_t
pwrite (int fd, const void *buf, size_t len, off_t offset)
{
  WRITE_HOOK ("pwrite", fd, len, real_pwrite (fd, buf, len, offset),
              real_pwrite (fd, buf, (size_t) allowed, offset));
}

ssize_t
pwrite64 (int fd, const void *buf, size_t len, off64_t offset)
{
  WRITE_HOOK ("pwrite64", fd, len, real_pwrite64 (fd, buf, len, offset),
              real_pwrite64 (fd, buf, (size_t) allowed, offset));
}

/* The vector calls: the real call with the vector cut to what is allowed. */
#define VECTOR_HOOK(call_name, real_call, ...)                                 \
  do {                                                                         \
    struct iovec clipped[IOV_MAX];                                             \
                                                                               \
    WRITE_HOOK (call_name, fd, iov_total (iov, count),                         \
                real_call (fd, iov, count, ##__VA_ARGS__),                     \
                real_call (fd, clipped,                                        \
                           clip_iov (iov, count, (size_t) allowed, clipped),   \
                           ##__VA_ARGS__));                                    \
  } while (0)

ssize_t
writev (int fd, const struct iovec *iov, int count)
{
  VECTOR_HOOK ("writev", real_writev);
}

ssize_t
pwritev (int fd, const struct iovec *iov, int count, off_t offset)
{
  VECTOR_HOOK ("pwritev", real_pwritev, offset);
}

ssize_t
pwritev64 (int fd, const struct iovec *iov, int count, off64_t offset)
{
  VECTOR_HOOK ("pwritev64", real_pwritev64, offset);
}

ssize_t
pwritev2 (int fd, const struct iovec *iov, int count, off_t offset, int flags)
{
  ensure_init ();
  if (real_pwritev2 == NULL) {
    errno = ENOSYS;
    return -1;
  }
  VECTOR_HOOK ("pwritev2", real_pwritev2, offset, flags);
}

ssize_t
pwritev64v2 (int fd, const struct iovec *iov, int count, off64_t offset,
             int flags)
{
  ensure_init ();
  if (real_pwritev64v2 == NULL) {
    errno = ENOSYS;
    return -1;
  }
  VECTOR_HOOK ("pwritev64v2", real_pwritev64v2, offset, flags);
}

ssize_t
copy_file_range (int fd_in, off64_t *off_in, int fd_out, off64_t *off_out,
                 size_t len, unsigned int flags)
{
  ensure_init ();
  if (real_copy_file_range == NULL) {
    errno = ENOSYS;
    return -1;
  }
  WRITE_HOOK ("copy_file_range", fd_out, len,
              real_copy_file_range (fd_in, off_in, fd_out, off_out, len, flags),
              real_copy_file_range (fd_in, off_in, fd_out, off_out,
                                    (size_t) allowed, flags));
}

ssize_t
sendfile (int fd_out, int fd_in, off_t *offset, size_t count)
{
  WRITE_HOOK ("sendfile", fd_out, count,
              real_sendfile (fd_out, fd_in, offset, count),
              real_sendfile (fd_out, fd_in, offset, (size_t) allowed));
}

ssize_t
sendfile64 (int fd_out, int fd_in, off64_t *offset, size_t count)
{
  WRITE_HOOK ("sendfile64", fd_out, count,
              real_sendfile64 (fd_out, fd_in, offset, count),
              real_sendfile64 (fd_out, fd_in, offset, (size_t) allowed));
}

/* ---- flushing ---------------------------------------------------------- */

/* Before a flush of the temporary file: 0 to go on with the real call,
 * -1 (errno set) to fail it. */
static int
before_sync (const char *call)
{
  int fire_now = 0;

  pthread_mutex_lock (&lock);
  if (config.action == ACTION_FSYNC_EIO) {
    if (!fired) {
      fired = 1;
      log_line ("fired %s %s %llu %d", action_names[config.action], call,
                temp_bytes, (int) getpid ());
    }
    pthread_mutex_unlock (&lock);
    errno = EIO;
    return -1;
  }
  if (config.on_fsync && !fired)
    fired = fire_now = 1;
  pthread_mutex_unlock (&lock);
  if (fire_now)
    fire (call);
  return 0;
}

/* Logs a flush that worked ("synced CALL BYTES"); returns result. */
static int
after_sync (const char *call, int result)
{
  if (result == 0)
    log_line ("synced %s %llu", call, temp_bytes);
  return result;
}

int
fsync (int fd)
{
  if (!is_temp_fd (fd))
    return real_fsync (fd);
  if (before_sync ("fsync") < 0)
    return -1;
  return after_sync ("fsync", real_fsync (fd));
}

int
fdatasync (int fd)
{
  if (!is_temp_fd (fd))
    return real_fdatasync (fd);
  if (before_sync ("fdatasync") < 0)
    return -1;
  return after_sync ("fdatasync", real_fdatasync (fd));
}

/* ---- renames of the temporary file ------------------------------------- */

static int
is_temp_name (const char *path)
{
  const char *base = strrchr (path, '/');

  base = base != NULL ? base + 1 : path;
  return base[0] == '.' && strstr (base, ".prw-") != NULL;
}

/* Logs "commit CALL FROM TO RESULT" when from is the temporary file, so
 * that a test can see that it was flushed before it took the output's
 * name; returns result. */
static int
note_commit (const char *call, const char *from, const char *to, int result)
{
  int saved = errno;

  if (in_shim == 0 && is_temp_name (from))
    log_line ("commit %s %s %s %s", call, from, to,
              result == 0 ? "ok" : strerror (saved));
  errno = saved;
  return result;
}

int
rename (const char *from, const char *to)
{
  ensure_init ();
  return note_commit ("rename", from, to, real_rename (from, to));
}

int
renameat (int from_dir, const char *from, int to_dir, const char *to)
{
  ensure_init ();
  return note_commit ("renameat", from, to,
                      real_renameat (from_dir, from, to_dir, to));
}

int
renameat2 (int from_dir, const char *from, int to_dir, const char *to,
           unsigned int flags)
{
  ensure_init ();
  if (real_renameat2 == NULL) {
    errno = ENOSYS;
    return -1;
  }
  return note_commit ("renameat2", from, to,
                      real_renameat2 (from_dir, from, to_dir, to, flags));
}

int
link (const char *from, const char *to)
{
  ensure_init ();
  return note_commit ("link", from, to, real_link (from, to));
}

int
linkat (int from_dir, const char *from, int to_dir, const char *to, int flags)
{
  ensure_init ();
  return note_commit ("linkat", from, to,
                      real_linkat (from_dir, from, to_dir, to, flags));
}

/* ---- opens for writing ------------------------------------------------- */

/* Logs what fd (just opened with write intent) is. Returns fd. */
static int
note_write_open (int fd)
{
  char path[PATH_MAX];
  int saved = errno;

  if (fd >= 0 && in_shim == 0 && config.log != NULL
      && fd_path (fd, path, sizeof path))
    log_line ("write-open %s", path);
  errno = saved;
  return fd;
}

static int
wants_write (int flags)
{
  return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)) != 0;
}

/* The mode argument of a variadic open, in mode (0 when there is none). */
#define TAKE_MODE(flags, mode)                                                 \
  do {                                                                         \
    va_list args;                                                              \
                                                                               \
    va_start (args, flags);                                                    \
    mode = (flags & (O_CREAT | O_TMPFILE)) ? (mode_t) va_arg (args, int) : 0;  \
    va_end (args);                                                             \
  } while (0)

/* Fails an open with EACCES for the eacces actions; logs the first. */
static int
refuse_open (void)
{
  int first;

  pthread_mutex_lock (&lock);
  first = !fired;
  fired = 1;
  pthread_mutex_unlock (&lock);
  if (first)
    log_line ("fired %s open %llu %d", action_names[config.action], temp_bytes,
              (int) getpid ());
  errno = EACCES;
  return 1;
}

/* eacces: TRUE (errno set) when path is PRW_FAULT_PATH, which is then
 * unreadable as a file of mode 000 is to anyone but root. A relative path
 * is resolved from the working directory. */
static int
denied (const char *path)
{
  char real[PATH_MAX];

  if (config.action != ACTION_EACCES || in_shim != 0 || path == NULL)
    return 0;
  if (strcmp (path, config.path) != 0
      && (realpath (path, real) == NULL
          || strcmp (real, config.real_path) != 0))
    return 0;
  return refuse_open ();
}

/* eacces-create: TRUE (errno set) when an open with flags would create a
 * file in the folder PRW_FAULT_PATH. */
static int
create_denied (const char *path, int flags)
{
  char dir[PATH_MAX], real[PATH_MAX];
  const char *slash;
  size_t len;

  if (config.action != ACTION_EACCES_CREATE || in_shim != 0 || path == NULL
      || (flags & O_CREAT) == 0)
    return 0;
  slash = strrchr (path, '/');
  if (slash == NULL) {
    strcpy (dir, ".");
  } else {
    len = slash == path ? 1 : (size_t) (slash - path);
    if (len >= sizeof dir)
      return 0;
    memcpy (dir, path, len);
    dir[len] = '\0';
  }
  if (realpath (dir, real) == NULL || strcmp (real, config.real_path) != 0)
    return 0;
  return refuse_open ();
}

#define OPEN_HOOK(real_call, ...)                                              \
  do {                                                                         \
    int fd;                                                                    \
                                                                               \
    ensure_init ();                                                            \
    if (denied (path) || create_denied (path, flags))                          \
      return -1;                                                               \
    fd = real_call (__VA_ARGS__);                                              \
    return wants_write (flags) ? note_write_open (fd) : fd;                    \
  } while (0)

int
open (const char *path, int flags, ...)
{
  mode_t mode;

  TAKE_MODE (flags, mode);
  OPEN_HOOK (real_open, path, flags, mode);
}

int
open64 (const char *path, int flags, ...)
{
  mode_t mode;

  TAKE_MODE (flags, mode);
  OPEN_HOOK (real_open64, path, flags, mode);
}

int
openat (int dir, const char *path, int flags, ...)
{
  mode_t mode;

  TAKE_MODE (flags, mode);
  OPEN_HOOK (real_openat, dir, path, flags, mode);
}

int
openat64 (int dir, const char *path, int flags, ...)
{
  mode_t mode;

  TAKE_MODE (flags, mode);
  OPEN_HOOK (real_openat64, dir, path, flags, mode);
}

/* The _FORTIFY_SOURCE entry points (no mode: never O_CREAT). */
int __open_2 (const char *path, int flags);
int __open64_2 (const char *path, int flags);
int __openat_2 (int dir, const char *path, int flags);
int __openat64_2 (int dir, const char *path, int flags);

int
__open_2 (const char *path, int flags)
{
  OPEN_HOOK (real_open_2, path, flags);
}

int
__open64_2 (const char *path, int flags)
{
  OPEN_HOOK (real_open64_2, path, flags);
}

int
__openat_2 (int dir, const char *path, int flags)
{
  OPEN_HOOK (real_openat_2, dir, path, flags);
}

int
__openat64_2 (int dir, const char *path, int flags)
{
  OPEN_HOOK (real_openat64_2, dir, path, flags);
}

int
creat (const char *path, mode_t mode)
{
  int flags = O_CREAT | O_WRONLY | O_TRUNC;

  OPEN_HOOK (real_creat, path, mode);
}

int
creat64 (const char *path, mode_t mode)
{
  int flags = O_CREAT | O_WRONLY | O_TRUNC;

  OPEN_HOOK (real_creat64, path, mode);
}

static int
mode_wants_write (const char *mode)
{
  return strpbrk (mode, "wa+") != NULL;
}

#define FOPEN_HOOK(real_call)                                                  \
  do {                                                                         \
    FILE *f;                                                                   \
                                                                               \
    ensure_init ();                                                            \
    if (denied (path))                                                         \
      return NULL;                                                             \
    f = real_call (path, mode);                                                \
    if (f != NULL && mode_wants_write (mode))                                  \
      note_write_open (fileno (f));                                            \
    return f;                                                                  \
  } while (0)

FILE *
fopen (const char *path, const char *mode)
{
  FOPEN_HOOK (real_fopen);
}

FILE *
fopen64 (const char *path, const char *mode)
{
  FOPEN_HOOK (real_fopen64);
}
