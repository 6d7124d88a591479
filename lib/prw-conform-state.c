/* libproreswriter: what a conform wrote, so that a re-run skips what is
 * unchanged */

#include "config.h"

#include <proreswriter/prw-conform-state.h>
#include <proreswriter/prw-error.h>
#include <proreswriter/prw-version.h>

#include "util/prw-atomic-output-private.h"
#include "util/prw-fd-io-private.h"
#include "util/prw-file-identity-private.h"
#include "util/prw-folder-private.h"
#include "util/prw-json-depth-private.h"
#include "util/prw-one-line-private.h"
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/**
 * PrwConformState:
 *
 * The record a conform keeps in its output folder of the movies it wrote,
 * so that a re-run skips a job whose inputs and options are unchanged
 * since its output was written (as make does with its targets, but by
 * size and modification time rather than by time order alone).
 *
 * For each output, named by its path relative to the output folder
 * ("A001C001.mov", "DAY1/K001.mov"), the state holds:
 *
 * - the options that change the output, as one string the caller makes
 *   and the state only compares (a conform puts the handles and each
 *   segment's layer there);
 * - every input file, in the caller's order (a conform's source media file
 *   or ALE, then its segments): the path as given, its absolute form (the
 *   one compared, so that a re-run from another working folder still
 *   matches), its size in bytes and its modification time in nanoseconds
 *   since the epoch, its inode number and its status change time (ctime,
 *   in nanoseconds), as stat() gave them when the job started
 *   (prw_conform_state_begin()), and a SHA-256 of a sample of its bytes
 *   (the whole file up to 1 MiB; else its first and last 64 KiB and 4
 *   blocks of 4 KiB spread between: six reads, about 150 KiB, so that
 *   a shoot's thousands of inputs on network storage are sampled in
 *   seconds);
 * - the output's own size and modification time once written
 *   (prw_conform_state_record());
 * - the version of proreswriter that wrote it (#PRW_VERSION_STRING).
 *
 * An output is current (prw_conform_state_is_current()) only when its
 * record was written by this version of proreswriter, has the same
 * options and inputs, in the same order, every input still has its
 * recorded size and modification time, and the output is still there
 * with its recorded size and modification time. Anything else (no record,
 * another version or option, an input added, gone, touched or rewritten,
 * the output deleted or replaced) means the job runs again.
 *
 * Size and modification time are what make and ninja compare, and they
 * are not enough: a file replaced by another of the same size with its
 * modification time kept (cp -p or rsync -t over it, a restore, touch -r,
 * a filesystem that keeps whole seconds) would go unnoticed. So, as git
 * does with its index, an input whose inode or ctime changed since, its
 * size and modification time the same, has its sample taken again: other
 * bytes, and the job runs again; the same (a file copied back, or whose
 * mode changed), and it does not. Only bytes changed outside the sample,
 * with the size and modification time put back, go unnoticed.
 *
 * The state is stored as JSON in the file #PRW_CONFORM_STATE_FILE_NAME in
 * the output folder, hidden so that no walk of the folder takes it for an
 * input, and written atomically (a temporary file beside it, then a
 * rename): a reader sees the old state or the new one, never half of one.
 * Its shape, at version #PRW_CONFORM_STATE_VERSION:
 *
 * |[
 * {
 *   "format": "proreswriter-conform-state",
 *   "version": 1,
 *   "outputs": [
 *     {
 *       "output": "A001C001.mov",
 *       "options": "handles=0;layers=grade,vfx",
 *       "size": 1234567,
 *       "mtime_ns": 1700000000123456789,
 *       "proreswriter_version": "0.3.0",
 *       "inputs": [
 *         { "path": "src/A001C001.mov",
 *           "absolute": "/shoot/src/A001C001.mov",
 *           "size": 7654321, "mtime_ns": 1690000000000000000,
 *           "ino": 1234, "ctime_ns": 1690000000000000000,
 *           "sample_sha256": "9f86d081884c7d65..." }
 *       ]
 *     }
 *   ]
 * }
 * ]|
 *
 * Outputs are written in name order, so that an unchanged state is written
 * to the same bytes.
 *
 * Two conforms into one output folder at once would each read the state,
 * write the same outputs and write the state over the other's: a conform
 * takes the state's lock first (prw_conform_state_lock(), an flock() on
 * the output folder, held as long as the state lives and dropped by the
 * system when the process ends), and the second one is refused. Reading
 * and writing the state file do not take it: the caller decides.
 *
 * A #PrwConformState is not thread-safe: one thread uses it (a conform
 * running several jobs at once records their outcomes from the thread that
 * waits for them).
 *
 * Since: 0.4
 */

/* What stat() and a look at its bytes say of a file. */
typedef struct {
  gint64 size; /* -1: could not be read */
  gint64 mtime_ns;
  gint64 ino;      /* -1: not known (a record without it) */
  gint64 ctime_ns; /* -1: not known */
} FileStat;

typedef struct {
  gchar *path;     /* as given */
  gchar *absolute; /* compared */
  gint64 size;     /* -1: could not be read when the job started */
  gint64 mtime_ns;
  gint64 ino;      /* -1: not known */
  gint64 ctime_ns; /* -1: not known */
  gchar *sample;   /* SHA-256 of its sampled bytes (hex), or NULL */
} Input;

typedef struct {
  gchar *writer; /* the proreswriter version that wrote it, or NULL */
  gchar *options;
  GArray *inputs; /* Input */
  gint64 size;
  gint64 mtime_ns;
} Entry;

struct _PrwConformState {
  GObject parent_instance;

  gchar *outdir;
  gchar *path;
  GHashTable *entries; /* output -> Entry, recorded */
  GHashTable *pending; /* output -> Entry, begun and not yet recorded */
  gboolean dirty;      /* entries changed since the last load or save */
  int lock_fd;         /* the output folder, its flock() held; or -1 */
};

G_DEFINE_FINAL_TYPE (PrwConformState, prw_conform_state, G_TYPE_OBJECT)

#define FORMAT_NAME "proreswriter-conform-state"

/* A state file of a shoot of thousands of sources is a few megabytes. */
#define MAX_STATE_SIZE (256 * 1024 * 1024)

static void
input_clear (gpointer data)
{
  Input *input = data;

  g_free (input->path);
  g_free (input->absolute);
  g_free (input->sample);
}

static Entry *
entry_new (const gchar *options)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->writer = g_strdup (PRW_VERSION_STRING);
  entry->options = g_strdup (options);
  entry->inputs = g_array_new (FALSE, TRUE, sizeof (Input));
  g_array_set_clear_func (entry->inputs, input_clear);
  entry->size = -1;
  entry->mtime_ns = 0;
  return entry;
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->writer);
  g_free (entry->options);
  g_array_unref (entry->inputs);
  g_free (entry);
}

static void
prw_conform_state_finalize (GObject *object)
{
  PrwConformState *self = PRW_CONFORM_STATE (object);

  g_free (self->outdir);
  g_free (self->path);
  g_hash_table_unref (self->entries);
  g_hash_table_unref (self->pending);
  /* the lock goes with the last descriptor of its open file */
  if (self->lock_fd >= 0)
    prw_fd_close (self->lock_fd);

  G_OBJECT_CLASS (prw_conform_state_parent_class)->finalize (object);
}

static void
prw_conform_state_class_init (PrwConformStateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = prw_conform_state_finalize;
}

static void
prw_conform_state_init (PrwConformState *self)
{
  self->entries
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  self->pending
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  self->lock_fd = -1;
}

/**
 * prw_conform_state_new:
 * @outdir: (type filename): the conform's output folder; it need not exist
 *   yet
 *
 * Makes an empty state for @outdir, whose file is @outdir's
 * #PRW_CONFORM_STATE_FILE_NAME. Nothing is read or written:
 * prw_conform_state_load() reads the file, prw_conform_state_save() writes
 * it.
 *
 * Returns: (transfer full): the state, with no output recorded
 *
 * Since: 0.4
 */
PrwConformState *
prw_conform_state_new (const gchar *outdir)
{
  PrwConformState *self;

  g_return_val_if_fail (outdir != NULL, NULL);

  self = g_object_new (PRW_TYPE_CONFORM_STATE, NULL);
  self->outdir = g_strdup (outdir);
  self->path = g_build_filename (outdir, PRW_CONFORM_STATE_FILE_NAME, NULL);
  return self;
}

/**
 * prw_conform_state_get_path:
 * @self: a #PrwConformState
 *
 * The file the state is read from and written to, for messages.
 *
 * Returns: (type filename) (transfer none): the state file's path:
 *   the output folder as given to prw_conform_state_new() and
 *   #PRW_CONFORM_STATE_FILE_NAME
 *
 * Since: 0.4
 */
const gchar *
prw_conform_state_get_path (PrwConformState *self)
{
  g_return_val_if_fail (PRW_IS_CONFORM_STATE (self), NULL);

  return self->path;
}

/* ---- locking ------------------------------------------------------------ */

/* The process holding an flock() on the file st is, as the kernel's table
 * of locks says (Linux's /proc/locks: "1: FLOCK  ADVISORY  WRITE PID
 * MAJ:MIN:INODE 0 EOF", the device in hex); 0 when it cannot be known
 * (another system, a filesystem whose locks the table names by another
 * device). One read of a small file. */
static gint64
lock_holder (const struct stat *st)
{
  g_autofree gchar *text = NULL;
  g_autofree gchar *file
      = g_strdup_printf ("%02x:%02x:%" G_GUINT64_FORMAT, major (st->st_dev),
                         minor (st->st_dev), (guint64) st->st_ino);
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/locks", &text, NULL, NULL))
    return 0;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++) {
    g_auto (GStrv) f = g_strsplit_set (lines[i], " \t", -1);
    GPtrArray *words = g_ptr_array_new ();
    gint64 pid = 0;

    for (guint k = 0; f[k] != NULL; k++)
      if (f[k][0] != '\0')
        g_ptr_array_add (words, f[k]);
    /* a waiter's line reads "1: -> FLOCK ...": not the holder */
    if (words->len >= 6 && g_str_equal (words->pdata[1], "FLOCK")
        && g_str_equal (words->pdata[3], "WRITE")
        && g_str_equal (words->pdata[5], file))
      pid = g_ascii_strtoll (words->pdata[4], NULL, 10);
    g_ptr_array_unref (words);
    if (pid > 0)
      return pid;
  }
  return 0;
}

/**
 * prw_conform_state_lock:
 * @self: a #PrwConformState
 * @error: return location for a #GError, or %NULL
 *
 * Makes the output folder (and its parents) if need be, and takes an
 * exclusive lock on it, without waiting, so that no other conform reads
 * and rewrites the state file, or writes the same outputs, while this one
 * does: take it before prw_conform_state_load(), and keep @self until the
 * last output is written and the state saved. The lock is released when
 * @self is finalized, or by the system when the process ends, however it
 * ends: a conform that was killed or crashed never blocks the next one.
 * Locking a state locked already does nothing.
 *
 * The lock is an flock() on the output folder itself, so that nothing is
 * added to the folder: an open file description's lock on Linux, macOS
 * and the BSDs (two states of one folder exclude each other in one
 * process too). Other readers of the folder's files are not stopped: the
 * lock only excludes other lockers. A filesystem without flock() on
 * folders (NFS, which emulates flock() with a whole-file lock a folder
 * cannot take; some FUSE ones) cannot lock: the state is then left
 * unlocked, without an error, and said at debug level.
 *
 * Returns: %TRUE when the lock is held (or cannot be had on this
 *   filesystem); else %FALSE with @error set, naming the output folder:
 *   %PRW_ERROR_BUSY when another process (or another state of the same
 *   folder) holds it ("OUTDIR: another conform is writing there (process
 *   PID)", the process given where the system says it: Linux's
 *   /proc/locks); %PRW_ERROR_NO_SPACE, %PRW_ERROR_PERMISSION_DENIED,
 *   %PRW_ERROR_NOT_FOUND or %PRW_ERROR_IO when the folder cannot be made
 *   or opened
 *
 * Since: 0.4
 */
gboolean
prw_conform_state_lock (PrwConformState *self, GError **error)
{
  struct stat st;
  int fd, r;

  g_return_val_if_fail (PRW_IS_CONFORM_STATE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->lock_fd >= 0)
    return TRUE;
  if (g_mkdir_with_parents (self->outdir, 0777) != 0)
    return prw_set_error_from_errno (error, errno, self->outdir,
                                     "cannot make the output folder");
  fd = prw_fd_open (self->outdir, O_RDONLY | O_DIRECTORY | O_NOCTTY, 0);
  if (fd < 0)
    return prw_set_error_from_errno (error, errno, self->outdir,
                                     "cannot open the output folder");
  do
    r = flock (fd, LOCK_EX | LOCK_NB);
  while (r < 0 && errno == EINTR);
  if (r == 0) {
    self->lock_fd = fd;
    return TRUE;
  }
  if (errno == EWOULDBLOCK) {
    gint64 pid = fstat (fd, &st) == 0 ? lock_holder (&st) : 0;

    if (pid > 0)
      g_set_error (
          error, PRW_ERROR, PRW_ERROR_BUSY,
          "%s: another conform is writing there (process %" G_GINT64_FORMAT ")",
          self->outdir, pid);
    else
      g_set_error (error, PRW_ERROR, PRW_ERROR_BUSY,
                   "%s: another conform is writing there", self->outdir);
    prw_fd_close (fd);
    return FALSE;
  }
  /* EBADF (NFS), ENOLCK, EOPNOTSUPP, EINVAL: no locks here */
  g_debug ("%s: not locked, this filesystem cannot lock it: %s", self->outdir,
           g_strerror (errno));
  prw_fd_close (fd);
  return TRUE;
}

/**
 * prw_conform_state_check_folder:
 * @self: a #PrwConformState
 * @error: return location for a #GError, or %NULL
 *
 * Whether prw_conform_state_lock() can make the output folder (and its
 * parents) and open it, looked at now, making nothing and taking no
 * lock: what a dry run asks to say what the run meets first. The folder,
 * when there, must be readable (the lock opens it); when not, the nearest
 * of it and its parents that is there must be a folder that can be
 * written and searched (access(2), as the real user), with no file or
 * symbolic link to nothing on the way. Another conform holding the lock
 * is not looked for: it may be done by the time the run starts.
 *
 * Returns: %TRUE when nothing found now stops the lock; else %FALSE with
 *   @error set in the lock's words ("OUTDIR: cannot make the output
 *   folder: REASON", "OUTDIR: cannot open the output folder: REASON"):
 *   %PRW_ERROR_PERMISSION_DENIED (EACCES, EPERM, EROFS),
 *   %PRW_ERROR_NOT_FOUND (a file or a symbolic link to nothing on the
 *   way: ENOTDIR, ENOENT) or %PRW_ERROR_IO
 *
 * Since: 0.4
 */
gboolean
prw_conform_state_check_folder (PrwConformState *self, GError **error)
{
  gboolean exists;
  int err;

  g_return_val_if_fail (PRW_IS_CONFORM_STATE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  err = prw_folder_check_makeable (self->outdir, &exists);
  if (err != 0)
    return prw_set_error_from_errno (error, err, self->outdir,
                                     "cannot make the output folder");
  if (exists && g_access (self->outdir, R_OK) != 0)
    return prw_set_error_from_errno (error, errno, self->outdir,
                                     "cannot open the output folder");
  return TRUE;
}

/* ---- reading ------------------------------------------------------------ */

static gboolean
get_string (JsonObject *object, const gchar *name, const gchar **value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_string (node);
  /* json-glib takes GScanner's escapes too: "\\377" is the byte 0xff */
  return g_utf8_validate (*value, -1, NULL);
}

static gboolean
get_int (JsonObject *object, const gchar *name, gint64 *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static JsonArray *
get_array (JsonObject *object, const gchar *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node)
             ? json_node_get_array (node)
             : NULL;
}

static JsonObject *
get_object (JsonArray *array, guint index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
corrupt (PrwConformState *self, GError **error, const gchar *why)
{
  g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
               "%s: not a conform state file: %s", self->path, why);
  return FALSE;
}

/* One output's record, from its JSON object, into self->entries. */
static gboolean
read_entry (PrwConformState *self, JsonObject *object, guint index,
            GError **error)
{
  const gchar *output = NULL, *options = NULL, *writer = NULL;
  g_autoptr (GString) why = g_string_new (NULL);
  JsonArray *inputs = get_array (object, "inputs");
  Entry *entry;

  if (!get_string (object, "output", &output) || output[0] == '\0'
      || !get_string (object, "options", &options) || inputs == NULL) {
    g_string_printf (why, "outputs[%u] lacks its output, options or inputs",
                     index);
    return corrupt (self, error, why->str);
  }
  entry = entry_new (options);
  /* absent from a record of a build before it: never current */
  g_clear_pointer (&entry->writer, g_free);
  if (get_string (object, "proreswriter_version", &writer))
    entry->writer = g_strdup (writer);
  if (!get_int (object, "size", &entry->size)
      || !get_int (object, "mtime_ns", &entry->mtime_ns)) {
    entry_free (entry);
    g_string_printf (why, "outputs[%u] (%s) lacks its size or mtime_ns", index,
                     output);
    return corrupt (self, error, why->str);
  }
  for (guint i = 0; i < json_array_get_length (inputs); i++) {
    JsonObject *in = get_object (inputs, i);
    const gchar *path = NULL, *absolute = NULL, *sample = NULL;
    Input input = { NULL, NULL, 0, 0, -1, -1, NULL };

    if (in == NULL || !get_string (in, "path", &path)
        || !get_string (in, "absolute", &absolute)
        || !get_int (in, "size", &input.size)
        || !get_int (in, "mtime_ns", &input.mtime_ns)) {
      entry_free (entry);
      g_string_printf (why,
                       "outputs[%u] (%s): inputs[%u] lacks its path, "
                       "absolute, size or mtime_ns",
                       index, output, i);
      return corrupt (self, error, why->str);
    }
    /* optional: without them, the file's bytes are never known to be the
     * same (see prw_conform_state_is_current()) */
    if (!get_int (in, "ino", &input.ino))
      input.ino = -1;
    if (!get_int (in, "ctime_ns", &input.ctime_ns))
      input.ctime_ns = -1;
    if (get_string (in, "sample_sha256", &sample))
      input.sample = g_strdup (sample);
    input.path = g_strdup (path);
    input.absolute = g_strdup (absolute);
    g_array_append_val (entry->inputs, input);
  }
  g_hash_table_replace (self->entries, g_strdup (output), entry);
  return TRUE;
}

static gboolean
read_root (PrwConformState *self, JsonNode *root, GError **error)
{
  JsonObject *object;
  JsonArray *outputs;
  const gchar *format = NULL;
  gint64 version = 0;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return corrupt (self, error, "not a JSON object");
  object = json_node_get_object (root);
  if (!get_string (object, "format", &format)
      || !g_str_equal (format, FORMAT_NAME))
    return corrupt (self, error, "no \"format\": \"" FORMAT_NAME "\"");
  if (!get_int (object, "version", &version))
    return corrupt (self, error, "no version");
  if (version != PRW_CONFORM_STATE_VERSION) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: version %" G_GINT64_FORMAT
                 " of the conform state, not %d, the one this library reads",
                 self->path, version, PRW_CONFORM_STATE_VERSION);
    return FALSE;
  }
  if (!(outputs = get_array (object, "outputs")))
    return corrupt (self, error, "no outputs");
  for (guint i = 0; i < json_array_get_length (outputs); i++) {
    JsonObject *entry = get_object (outputs, i);

    if (entry == NULL) {
      g_autofree gchar *why = g_strdup_printf ("outputs[%u] not an object", i);

      return corrupt (self, error, why);
    }
    if (!read_entry (self, entry, i, error))
      return FALSE;
  }
  return TRUE;
}

/**
 * prw_conform_state_load:
 * @self: a #PrwConformState
 * @error: return location for a #GError, or %NULL
 *
 * Reads the state file, replacing what @self held (what was begun and not
 * recorded is dropped too).
 *
 * A missing file (a first run, or an output folder that does not exist
 * yet) is no error: the state is empty. A file that cannot be read or
 * understood is one, and the state is left empty all the same: the caller
 * may report it as a warning and go on, every job then running again (and
 * prw_conform_state_save() writing a good file over the bad one), which
 * is what a conform does.
 *
 * Returns: %TRUE when the file was read or is missing; else %FALSE with
 *   @error set, naming the file and why: %PRW_ERROR_PERMISSION_DENIED,
 *   %PRW_ERROR_IO (it cannot be read, or is larger than 256 MiB),
 *   %PRW_ERROR_CORRUPT (not JSON, or not the shape above) or
 *   %PRW_ERROR_UNSUPPORTED (another version of the format); the message
 *   is one line, a line break or other control character in a name the
 *   file holds written as a C escape ("\\n")
 *
 * Since: 0.4
 */
static gboolean load_file (PrwConformState *self, GError **error);

gboolean
prw_conform_state_load (PrwConformState *self, GError **error)
{
  GError *local = NULL;

  g_return_val_if_fail (PRW_IS_CONFORM_STATE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_hash_table_remove_all (self->entries);
  g_hash_table_remove_all (self->pending);
  self->dirty = FALSE;

  if (load_file (self, &local))
    return TRUE;
  /* a hand-edited output or input name is quoted in the message as it is,
   * and may hold a line break: escaped, as a conform job's are */
  prw_error_on_one_line (local);
  g_propagate_error (error, local);
  return FALSE;
}

static gboolean
load_file (PrwConformState *self, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) parse_error = NULL;
  g_autofree gchar *data = NULL;
  gsize length = 0;
  GStatBuf st;

  if (g_stat (self->path, &st) != 0) {
    int saved = errno;

    if (saved == ENOENT || saved == ENOTDIR)
      return TRUE;
    return prw_set_error_from_errno (error, saved, self->path,
                                     "cannot read the conform state");
  }
  if (!S_ISREG (st.st_mode)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO,
                 "%s: cannot read the conform state: not a regular file",
                 self->path);
    return FALSE;
  }
  if (st.st_size > MAX_STATE_SIZE) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO,
                 "%s: cannot read the conform state: larger than %d MiB",
                 self->path, MAX_STATE_SIZE / (1024 * 1024));
    return FALSE;
  }
  {
    g_autoptr (GError) read_error = NULL;

    if (!g_file_get_contents (self->path, &data, &length, &read_error)) {
      if (g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (
          error, PRW_ERROR,
          g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_ACCES)
              ? PRW_ERROR_PERMISSION_DENIED
              : PRW_ERROR_IO,
          "%s: cannot read the conform state: %s", self->path,
          read_error->message);
      return FALSE;
    }
  }
  if (prw_json_nests_deeper_than (data, (gssize) length, PRW_JSON_MAX_DEPTH))
    return corrupt (self, error,
                    "arrays and objects nested more than " G_STRINGIFY (
                        PRW_JSON_MAX_DEPTH) " deep");
  if (!json_parser_load_from_data (parser, data, (gssize) length,
                                   &parse_error)) {
    const gchar *why = parse_error->message;

    /* "<data>:LINE:COL: Parse error: ...": the file is named already */
    if (g_str_has_prefix (why, "<data>:"))
      why += strlen ("<data>:");
    return corrupt (self, error, why);
  }
  if (!read_root (self, json_parser_get_root (parser), error)) {
    g_hash_table_remove_all (self->entries);
    return FALSE;
  }
  return TRUE;
}

/* ---- comparing ---------------------------------------------------------- */

static gchar *
absolute_path (const gchar *path)
{
  return g_canonicalize_filename (path, NULL);
}

/* stat()s path: its size and mtime, or FALSE with errno set. */
static gboolean
stat_file (const gchar *path, gint64 *size, gint64 *mtime_ns)
{
  struct stat st;

  if (stat (path, &st) != 0)
    return FALSE;
  if (!S_ISREG (st.st_mode)) {
    errno = EISDIR;
    return FALSE;
  }
  *size = (gint64) st.st_size;
  *mtime_ns = prw_stat_get_mtime_ns (&st);
  return TRUE;
}

/* stat()s an input: its size, mtime, inode and ctime, or FALSE with errno
 * set. */
static gboolean
stat_input (const gchar *path, FileStat *fs)
{
  struct stat st;

  if (stat (path, &st) != 0)
    return FALSE;
  if (!S_ISREG (st.st_mode)) {
    errno = EISDIR;
    return FALSE;
  }
  fs->size = (gint64) st.st_size;
  fs->mtime_ns = prw_stat_get_mtime_ns (&st);
  fs->ino = (gint64) st.st_ino;
  fs->ctime_ns = prw_stat_get_ctime_ns (&st);
  return TRUE;
}

/* The sample of a file whole up to this size; of a larger one: its first
 * and last SAMPLE_END bytes (a movie's header and index: its moov, an MXF
 * partition and index) and SAMPLE_N_BLOCKS blocks spread between. */
#define SAMPLE_WHOLE (1024 * 1024)
#define SAMPLE_END (64 * 1024)
#define SAMPLE_BLOCK 4096
#define SAMPLE_N_BLOCKS 4

static gboolean
sample_range (int fd, GChecksum *checksum, guint8 *buf, guint64 offset,
              gsize length)
{
  gssize got = prw_fd_pread_all (fd, buf, length, offset);

  if (got != (gssize) length)
    return FALSE;
  g_checksum_update (checksum, buf, length);
  return TRUE;
}

/* A SHA-256 (hex) of size and of path's bytes, sampled as above: what
 * tells a file rewritten with other bytes from one copied or touched with
 * the same (its size and modification time the same, its inode or ctime
 * not). NULL when it cannot be read whole at size. Six reads, about 150
 * KiB. */
static gchar *
file_sample (const gchar *path, gint64 size)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buf = NULL;
  guint64 usize = (guint64) size;
  gboolean ok = TRUE;
  int fd;

  if (size < 0 || (fd = prw_fd_open (path, O_RDONLY, 0)) < 0)
    return NULL;
  g_checksum_update (checksum, (const guchar *) &usize, sizeof usize);
  buf = g_malloc (MAX (SAMPLE_END, SAMPLE_WHOLE));
  if (size <= SAMPLE_WHOLE) {
    ok = sample_range (fd, checksum, buf, 0, (gsize) size);
  } else {
    ok = sample_range (fd, checksum, buf, 0, SAMPLE_END);
    for (guint k = 1; ok && k <= SAMPLE_N_BLOCKS; k++)
      ok = sample_range (fd, checksum, buf,
                         (usize - SAMPLE_BLOCK) * k / (SAMPLE_N_BLOCKS + 1),
                         SAMPLE_BLOCK);
    ok = ok && sample_range (fd, checksum, buf, usize - SAMPLE_END, SAMPLE_END);
  }
  prw_fd_close (fd);
  return ok ? g_strdup (g_checksum_get_string (checksum)) : NULL;
}

/**
 * prw_conform_state_is_current:
 * @self: a #PrwConformState
 * @output: (type filename): the output, relative to the output folder
 *   ("A001C001.mov")
 * @inputs: (array zero-terminated=1) (element-type filename): every file
 *   the output is made from, in a fixed order (for a conform: its source's
 *   media file or ALE, then its segments in link order)
 * @options: the options that change the output, as one string; compared
 *   as it is
 * @why_not: (out) (optional) (transfer full) (nullable): where to put, when
 *   the output is not current, why, in one line naming the file
 *   ("grades/A001C001_001.mov changed since out/A001C001.mov was written");
 *   %NULL when it is
 *
 * Whether @output, as recorded, still stands for @inputs and @options: its
 * record was written by this version of proreswriter and has the same
 * options and the same inputs (by absolute path, in the same order); every
 * input has the size and modification time it had when the output was
 * begun, and, when its inode or ctime differs, the same sample of bytes;
 * and the output exists with the size and modification time it had when
 * recorded. Files are looked at now (stat(), and a read of about 150 KiB
 * of an input whose inode or ctime changed).
 *
 * Returns: %TRUE when the output is current and its job can be skipped
 *
 * Since: 0.4
 */
gboolean
prw_conform_state_is_current (PrwConformState *self, const gchar *output,
                              const gchar *const *inputs, const gchar *options,
                              gchar **why_not)
{
  g_autofree gchar *output_path = NULL;
  g_autofree gchar *why = NULL;
  Entry *entry;
  guint n_inputs;
  gint64 size, mtime_ns;
  FileStat fs;
  gboolean current;

  g_return_val_if_fail (PRW_IS_CONFORM_STATE (self), FALSE);
  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (inputs != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  output_path = g_build_filename (self->outdir, output, NULL);
  n_inputs = g_strv_length ((gchar **) inputs);
  entry = g_hash_table_lookup (self->entries, output);
  if (entry == NULL) {
    why = g_strdup_printf ("%s: no record of it being written", output_path);
  } else if (g_strcmp0 (entry->writer, PRW_VERSION_STRING) != 0) {
    why = g_strdup_printf ("%s: written by proreswriter %s, not by this one "
                           "(%s)",
                           output_path,
                           entry->writer != NULL ? entry->writer
                                                 : "of an unknown version",
                           PRW_VERSION_STRING);
  } else if (!g_str_equal (entry->options, options)) {
    why = g_strdup_printf ("%s: its options changed (were \"%s\", now \"%s\")",
                           output_path, entry->options, options);
  } else {
    for (guint i = 0; why == NULL && i < MAX (n_inputs, entry->inputs->len);
         i++) {
      const Input *was = i < entry->inputs->len
                             ? &g_array_index (entry->inputs, Input, i)
                             : NULL;
      g_autofree gchar *now = i < n_inputs ? absolute_path (inputs[i]) : NULL;

      if (was == NULL)
        why = g_strdup_printf ("%s: %s is a new input", output_path, inputs[i]);
      else if (now == NULL || !g_str_equal (was->absolute, now))
        why = g_strdup_printf ("%s: its inputs changed (%s was one)",
                               output_path, was->path);
      else if (was->size < 0)
        why = g_strdup_printf ("%s: %s could not be read when it was written",
                               output_path, inputs[i]);
      else if (!stat_input (inputs[i], &fs))
        why = g_strdup_printf ("%s: %s: %s", output_path, inputs[i],
                               g_strerror (errno));
      else if (fs.size != was->size || fs.mtime_ns != was->mtime_ns)
        why = g_strdup_printf ("%s changed since %s was written", inputs[i],
                               output_path);
      else if (fs.ino != was->ino || fs.ctime_ns != was->ctime_ns) {
        /* rewritten or replaced since, to the same size and modification
         * time (cp -p, rsync -t, a restore, touch -r): its bytes decide */
        g_autofree gchar *sample = file_sample (inputs[i], fs.size);

        if (sample == NULL || g_strcmp0 (sample, was->sample) != 0)
          why = g_strdup_printf ("%s changed since %s was written (replaced "
                                 "or rewritten with other bytes; its size "
                                 "and modification time are the same)",
                                 inputs[i], output_path);
      }
    }
  }
  if (why == NULL) {
    if (!stat_file (output_path, &size, &mtime_ns))
      why = g_strdup_printf ("%s: %s", output_path, g_strerror (errno));
    else if (size != entry->size || mtime_ns != entry->mtime_ns)
      why = g_strdup_printf ("%s: changed since it was written", output_path);
  }
  current = why == NULL;
  /* the writer, the options and an input's path are quoted as the state
   * file holds them, maybe edited by hand: kept on one line */
  if (why_not != NULL)
    *why_not = why != NULL ? prw_one_line (why) : NULL;
  return current;
}

/* ---- recording ---------------------------------------------------------- */

/**
 * prw_conform_state_begin:
 * @self: a #PrwConformState
 * @output: (type filename): the output, relative to the output folder
 * @inputs: (array zero-terminated=1) (element-type filename): every file
 *   the output is made from, as for prw_conform_state_is_current()
 * @options: the options that change the output, as one string
 *
 * Notes, just before the job that writes @output starts, the size,
 * modification time, inode and ctime of each of @inputs and a sample of
 * its bytes (about 150 KiB read; an input that cannot be stat()ed is
 * noted as unreadable: such a record is never current), for
 * prw_conform_state_record() to keep once the job succeeded. Taking them
 * before the job reads the inputs means that an input rewritten while the
 * job runs makes the next run redo it. The output's current record, if
 * any, stays until then.
 *
 * Since: 0.4
 */
void
prw_conform_state_begin (PrwConformState *self, const gchar *output,
                         const gchar *const *inputs, const gchar *options)
{
  Entry *entry;

  g_return_if_fail (PRW_IS_CONFORM_STATE (self));
  g_return_if_fail (output != NULL);
  g_return_if_fail (inputs != NULL);
  g_return_if_fail (options != NULL);

  entry = entry_new (options);
  for (guint i = 0; inputs[i] != NULL; i++) {
    Input input = {
      g_strdup (inputs[i]), absolute_path (inputs[i]), -1, 0, -1, -1, NULL
    };
    FileStat fs;

    if (stat_input (inputs[i], &fs)) {
      input.size = fs.size;
      input.mtime_ns = fs.mtime_ns;
      input.ino = fs.ino;
      input.ctime_ns = fs.ctime_ns;
      /* after the stat: bytes changed since make the next run redo it */
      input.sample = file_sample (inputs[i], fs.size);
    }
    g_array_append_val (entry->inputs, input);
  }
  g_hash_table_replace (self->pending, g_strdup (output), entry);
}

/**
 * prw_conform_state_record:
 * @self: a #PrwConformState
 * @output: (type filename): an output begun with prw_conform_state_begin()
 *   and now written
 * @error: return location for a #GError, or %NULL
 *
 * Records @output, written: the inputs and options noted when it was
 * begun, and its own size and modification time, as stat() gives them
 * now. The record replaces any earlier one of @output; it is kept in
 * memory until prw_conform_state_save().
 *
 * Returns: %TRUE when recorded; else %FALSE with @error set and @output
 *   not recorded (any earlier record of it forgotten):
 *   %PRW_ERROR_NOT_FOUND when the output is not there (or was never
 *   begun), %PRW_ERROR_PERMISSION_DENIED or %PRW_ERROR_IO when it cannot
 *   be stat()ed
 *
 * Since: 0.4
 */
gboolean
prw_conform_state_record (PrwConformState *self, const gchar *output,
                          GError **error)
{
  g_autofree gchar *output_path = NULL;
  gpointer key = NULL, value = NULL;
  Entry *entry;

  g_return_val_if_fail (PRW_IS_CONFORM_STATE (self), FALSE);
  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  output_path = g_build_filename (self->outdir, output, NULL);
  if (!g_hash_table_steal_extended (self->pending, output, &key, &value)) {
    prw_conform_state_forget (self, output);
    g_set_error (error, PRW_ERROR, PRW_ERROR_NOT_FOUND,
                 "%s: not recorded: its job was never begun", output_path);
    return FALSE;
  }
  entry = value;
  if (!stat_file (output_path, &entry->size, &entry->mtime_ns)) {
    int saved = errno;

    g_free (key);
    entry_free (entry);
    prw_conform_state_forget (self, output);
    return prw_set_error_from_errno (error, saved, output_path, "not recorded");
  }
  g_hash_table_replace (self->entries, key, entry);
  self->dirty = TRUE;
  return TRUE;
}

/**
 * prw_conform_state_forget:
 * @self: a #PrwConformState
 * @output: (type filename): an output, relative to the output folder
 *
 * Forgets @output's record and what was begun of it: its job failed, and
 * the next run must run it again.
 *
 * Returns: %TRUE when there was a record to forget
 *
 * Since: 0.4
 */
gboolean
prw_conform_state_forget (PrwConformState *self, const gchar *output)
{
  g_return_val_if_fail (PRW_IS_CONFORM_STATE (self), FALSE);
  g_return_val_if_fail (output != NULL, FALSE);

  g_hash_table_remove (self->pending, output);
  if (!g_hash_table_remove (self->entries, output))
    return FALSE;
  self->dirty = TRUE;
  return TRUE;
}

/**
 * prw_conform_state_get_n_outputs:
 * @self: a #PrwConformState
 *
 * How many outputs the state holds a record of: those loaded and recorded,
 * less those forgotten (what is only begun is not counted).
 *
 * Returns: how many outputs are recorded
 *
 * Since: 0.4
 */
guint
prw_conform_state_get_n_outputs (PrwConformState *self)
{
  g_return_val_if_fail (PRW_IS_CONFORM_STATE (self), 0);

  return g_hash_table_size (self->entries);
}

/**
 * prw_conform_state_has_output:
 * @self: a #PrwConformState
 * @output: (type filename): an output, relative to the output folder
 *   ("A001C001.mov")
 *
 * Whether @output has a record: it was written by a conform into this
 * output folder (loaded, or recorded since) and not forgotten, whether or
 * not it is current (prw_conform_state_is_current()). A conform replaces
 * such a file as its own; a file at an output's name without a record was
 * not written by a conform, and is not replaced unless asked. What is
 * only begun is not a record. Nothing is read: the answer is the state's.
 *
 * Returns: %TRUE when @output is recorded
 *
 * Since: 0.4
 */
gboolean
prw_conform_state_has_output (PrwConformState *self, const gchar *output)
{
  g_return_val_if_fail (PRW_IS_CONFORM_STATE (self), FALSE);
  g_return_val_if_fail (output != NULL, FALSE);

  return g_hash_table_contains (self->entries, output);
}

static gint compare_strings (gconstpointer a, gconstpointer b);

/**
 * prw_conform_state_dup_outputs:
 * @self: a #PrwConformState
 *
 * Every output the state holds a record of (as
 * prw_conform_state_get_n_outputs() counts them), by its path relative to
 * the output folder, in byte order of the names (the order the state file
 * lists them in).
 *
 * Returns: (transfer full) (array zero-terminated=1) (element-type filename):
 *   the recorded outputs' names; an empty array when there is none. Free
 *   with g_strfreev().
 *
 * Since: 0.4
 */
gchar **
prw_conform_state_dup_outputs (PrwConformState *self)
{
  GHashTableIter iter;
  gpointer key;
  GPtrArray *names;

  g_return_val_if_fail (PRW_IS_CONFORM_STATE (self), NULL);

  names = g_ptr_array_new_null_terminated (g_hash_table_size (self->entries),
                                           NULL, TRUE);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, g_strdup (key));
  g_ptr_array_sort (names, compare_strings);
  return (gchar **) g_ptr_array_free (names, FALSE);
}

/* ---- writing ------------------------------------------------------------ */

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar *const *) a, *(const gchar *const *) b);
}

static gchar *
to_json (PrwConformState *self, gsize *length)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree gpointer *names = NULL;
  guint n = 0;

  names = g_hash_table_get_keys_as_array (self->entries, &n);
  qsort (names, n, sizeof (gpointer), compare_strings);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, PRW_CONFORM_STATE_VERSION);
  json_builder_set_member_name (builder, "outputs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++) {
    const Entry *entry = g_hash_table_lookup (self->entries, names[i]);

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "output");
    json_builder_add_string_value (builder, names[i]);
    json_builder_set_member_name (builder, "proreswriter_version");
    if (entry->writer != NULL)
      json_builder_add_string_value (builder, entry->writer);
    else
      json_builder_add_null_value (builder);
    json_builder_set_member_name (builder, "options");
    json_builder_add_string_value (builder, entry->options);
    json_builder_set_member_name (builder, "size");
    json_builder_add_int_value (builder, entry->size);
    json_builder_set_member_name (builder, "mtime_ns");
    json_builder_add_int_value (builder, entry->mtime_ns);
    json_builder_set_member_name (builder, "inputs");
    json_builder_begin_array (builder);
    for (guint k = 0; k < entry->inputs->len; k++) {
      const Input *input = &g_array_index (entry->inputs, Input, k);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, input->path);
      json_builder_set_member_name (builder, "absolute");
      json_builder_add_string_value (builder, input->absolute);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, input->size);
      json_builder_set_member_name (builder, "mtime_ns");
      json_builder_add_int_value (builder, input->mtime_ns);
      json_builder_set_member_name (builder, "ino");
      json_builder_add_int_value (builder, input->ino);
      json_builder_set_member_name (builder, "ctime_ns");
      json_builder_add_int_value (builder, input->ctime_ns);
      json_builder_set_member_name (builder, "sample_sha256");
      if (input->sample != NULL)
        json_builder_add_string_value (builder, input->sample);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
    json_builder_end_array (builder);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  {
    gchar *text = json_generator_to_data (generator, length);
    gchar *line = g_strconcat (text, "\n", NULL);

    g_free (text);
    *length += 1;
    return line;
  }
}

/**
 * prw_conform_state_save:
 * @self: a #PrwConformState
 * @error: return location for a #GError, or %NULL
 *
 * Writes the state file, atomically (a hidden temporary file in the output
 * folder, flushed to disk, then renamed over the old file), when a record
 * was made or forgotten since the last load or save; otherwise does
 * nothing, so that a run that wrote nothing makes no output folder. The
 * output folder must exist. What is begun and not recorded is not
 * written.
 *
 * Returns: %TRUE when written (or nothing had changed); else %FALSE with
 *   @error set, naming the file and why, and the old file left as it was:
 *   %PRW_ERROR_NO_SPACE, %PRW_ERROR_PERMISSION_DENIED,
 *   %PRW_ERROR_NOT_FOUND (no output folder) or %PRW_ERROR_IO
 *
 * Since: 0.4
 */
gboolean
prw_conform_state_save (PrwConformState *self, GError **error)
{
  g_autoptr (PrwAtomicOutput) out = NULL;
  g_autofree gchar *text = NULL;
  gsize length = 0;

  g_return_val_if_fail (PRW_IS_CONFORM_STATE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->dirty)
    return TRUE;
  text = to_json (self, &length);
  if (!(out = prw_atomic_output_open (self->path, PRW_ATOMIC_OUTPUT_REPLACE,
                                      error)))
    return FALSE;
  if (!prw_fd_pwrite_all (prw_atomic_output_get_fd (out), text, length, 0))
    return prw_set_error_from_errno (error, errno, self->path,
                                     "cannot write the conform state");
  if (!prw_atomic_output_commit (out, NULL, NULL, NULL, error))
    return FALSE;
  self->dirty = FALSE;
  return TRUE;
}
