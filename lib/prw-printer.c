/* libproreswriter: run a sealed plan to a new movie
 *
 * The output appears only complete: the pipeline writes a temporary file
 * beside it (".NAME.prw-XXXXXX"), the movie header is finished, the file is
 * flushed to disk and only then renamed over the output. On any failure or
 * cancellation the temporary file is removed and nothing else is touched.
 */
#define _GNU_SOURCE /* renameat2 */

#include "prw-media-info-private.h"
#include "prw-printer-private.h"
#include "qt/prw-qt-finish-private.h"
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct _PrwPrinter {
  GObject parent;

  PrwPlan *plan;
};

enum { PROP_0, PROP_PLAN, N_PROPS };
enum { SIGNAL_PROGRESS, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PrwPrinter, prw_printer, G_TYPE_OBJECT)

static void
prw_printer_finalize (GObject *object)
{
  PrwPrinter *self = PRW_PRINTER (object);

  g_clear_object (&self->plan);
  G_OBJECT_CLASS (prw_printer_parent_class)->finalize (object);
}

static void
prw_printer_get_property (GObject *object, guint prop_id, GValue *value,
                          GParamSpec *pspec)
{
  PrwPrinter *self = PRW_PRINTER (object);

  switch (prop_id) {
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
prw_printer_set_property (GObject *object, guint prop_id, const GValue *value,
                          GParamSpec *pspec)
{
  PrwPrinter *self = PRW_PRINTER (object);

  switch (prop_id) {
    case PROP_PLAN:
      self->plan = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
prw_printer_class_init (PrwPrinterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = prw_printer_finalize;
  object_class->get_property = prw_printer_get_property;
  object_class->set_property = prw_printer_set_property;

  /**
   * PrwPrinter:plan:
   *
   * The sealed plan this printer runs.
   */
  properties[PROP_PLAN] = g_param_spec_object (
      "plan", "Plan", "The sealed plan this printer runs", PRW_TYPE_PLAN,
      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PrwPrinter::progress:
   * @self: the printer
   * @frames_done: output frames written so far
   * @frames_total: output frames in all
   * @bytes_done: frame bytes written so far
   *
   * Emitted about ten times a second while printing: from the thread that
   * called prw_printer_print(), or in the thread-default main context of
   * the caller of prw_printer_print_async().
   */
  signals[SIGNAL_PROGRESS] = g_signal_new (
      "progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
      NULL, G_TYPE_NONE, 3, G_TYPE_UINT64, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
prw_printer_init (PrwPrinter *self)
{
  (void) self;
}

/**
 * prw_printer_new:
 * @plan: a sealed #PrwPlan
 *
 * Returns: (transfer full): a printer for @plan
 */
PrwPrinter *
prw_printer_new (PrwPlan *plan)
{
  g_return_val_if_fail (PRW_IS_PLAN (plan), NULL);
  g_return_val_if_fail (prw_plan_is_sealed (plan), NULL);

  return g_object_new (PRW_TYPE_PRINTER, "plan", plan, NULL);
}

/**
 * prw_printer_get_plan:
 * @self: a #PrwPrinter
 *
 * Returns: (transfer none): the plan
 */
PrwPlan *
prw_printer_get_plan (PrwPrinter *self)
{
  g_return_val_if_fail (PRW_IS_PRINTER (self), NULL);

  return self->plan;
}

/* The input that output is (same device and inode, so through symlinks and
 * hard links too), or NULL. */
static const gchar *
output_is_input (PrwPlan *plan, const struct stat *out)
{
  guint i;

  for (i = 0; i <= prw_plan_get_n_segments (plan); i++) {
    const gchar *input
        = prw_plan_get_source_path (plan, (gint) i - 1); /* -1 is the base */
    struct stat st;

    if (g_stat (input, &st) == 0 && st.st_dev == out->st_dev
        && st.st_ino == out->st_ino)
      return input;
  }
  return NULL;
}

/* Refuses what must never be overwritten, before anything is written. */
static gboolean
check_output (PrwPlan *plan, const gchar *output, PrwPrintFlags flags,
              GError **error)
{
  struct stat st;
  const gchar *input;
  g_autofree gchar *dir = g_path_get_dirname (output);

  if (g_lstat (output, &st) == 0 && S_ISLNK (st.st_mode)
      && g_stat (output, &st) < 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS,
                 "%s: is a symbolic link to nothing; refusing to replace it",
                 output);
    return FALSE;
  }
  if (g_stat (output, &st) == 0) {
    if ((input = output_is_input (plan, &st))) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_SAME_FILE,
                   "%s: is the input %s; refusing to overwrite an input",
                   output, input);
      return FALSE;
    }
    if (S_ISDIR (st.st_mode)) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_IO, "%s: is a directory",
                   output);
      return FALSE;
    }
    if (!(flags & PRW_PRINT_FLAGS_OVERWRITE)) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS,
                   "%s: exists; use --force to replace it", output);
      return FALSE;
    }
  }
  if (g_stat (dir, &st) < 0 || !S_ISDIR (st.st_mode)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO,
                 "%s: its folder %s does not exist", output, dir);
    return FALSE;
  }
  return TRUE;
}

static gboolean
set_io_error (GError **error, const gchar *path, const gchar *what)
{
  int saved = errno;

  g_set_error (error, PRW_ERROR, PRW_ERROR_IO, "%s: %s: %s", path, what,
               g_strerror (saved));
  return FALSE;
}

/* The process's umask, read without setting it (umask() cannot be read
 * without changing it for every thread for a moment). */
static mode_t
current_umask (void)
{
  g_autofree gchar *status = NULL;
  const gchar *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      && (line = strstr (status, "\nUmask:")))
    return (mode_t) g_ascii_strtoull (line + 7, NULL, 8) & 0777;
  return 022;
}

/* Gives the new file the mode a plain creat() would have (0666 less the
 * umask) and flushes it to disk. */
static gboolean
sync_and_chmod (const gchar *path, const gchar *output, GError **error)
{
  mode_t mask = current_umask ();
  int fd;

  fd = g_open (path, O_RDWR | O_CLOEXEC, 0);
  if (fd < 0)
    return set_io_error (error, output, "cannot reopen the temporary file");
  if (fchmod (fd, 0666 & ~mask) < 0 || fsync (fd) < 0) {
    set_io_error (error, output, "cannot flush to disk");
    close (fd);
    return FALSE;
  }
  if (close (fd) < 0)
    return set_io_error (error, output, "cannot flush to disk");
  return TRUE;
}

/* Every input must still be the file the plan was made from; one that was
 * changed, truncated or removed during the print fails it, naming the
 * file. */
static gboolean
check_inputs_unchanged (PrwPlan *plan, GError **error)
{
  guint i, n = prw_plan_get_n_segments (plan);

  if (!prw_media_info_check_file (prw_plan_get_base (plan), -1, error))
    return FALSE;
  for (i = 0; i < n; i++) {
    PrwSegment *segment = prw_plan_get_segment (plan, i);

    if (!prw_media_info_check_file (prw_segment_get_media (segment), -1, error))
      return FALSE;
  }
  return TRUE;
}

static void
sync_dir (const gchar *path)
{
  g_autofree gchar *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0) {
    fsync (fd);
    close (fd);
  }
}

static gboolean
set_appeared_error (GError **error, const gchar *output)
{
  g_set_error (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS,
               "%s: appeared during the print; use --force to replace it",
               output);
  return FALSE;
}

/* Moves tmp to output: atomically, and without replacing an output that
 * appeared meanwhile unless asked. */
static gboolean
commit_output (PrwPlan *plan, const gchar *tmp, const gchar *output,
               PrwPrintFlags flags, GError **error)
{
  struct stat st;
  const gchar *input;

  /* The output may have become an input's name since the start. */
  if (g_stat (output, &st) == 0 && (input = output_is_input (plan, &st))) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_SAME_FILE,
                 "%s: is the input %s; refusing to overwrite an input", output,
                 input);
    return FALSE;
  }
  if (flags & PRW_PRINT_FLAGS_OVERWRITE) {
    if (g_rename (tmp, output) < 0)
      return set_io_error (error, output, "cannot rename the finished print");
    return TRUE;
  }
#ifdef RENAME_NOREPLACE
  if (renameat2 (AT_FDCWD, tmp, AT_FDCWD, output, RENAME_NOREPLACE) == 0)
    return TRUE;
  if (errno == EEXIST)
    return set_appeared_error (error, output);
  if (errno != EINVAL && errno != ENOSYS)
    return set_io_error (error, output, "cannot rename the finished print");
#endif
  /* No renameat2 here: a hard link refuses an existing name just as well. */
  if (g_file_test (output, G_FILE_TEST_EXISTS))
    return set_appeared_error (error, output);
  if (link (tmp, output) == 0) {
    g_unlink (tmp);
    return TRUE;
  }
  if (errno == EEXIST)
    return set_appeared_error (error, output);
  if (g_rename (tmp, output) < 0)
    return set_io_error (error, output, "cannot rename the finished print");
  return TRUE;
}

typedef struct {
  PrwPrinter *self;
  guint64 frames_total;
  GMainContext *context; /* where to emit, for async; NULL for sync */
} Progress;

typedef struct {
  PrwPrinter *self;
  guint64 frames, total, bytes;
} ProgressEmission;

static gboolean
emit_progress_cb (gpointer data)
{
  ProgressEmission *e = data;

  g_signal_emit (e->self, signals[SIGNAL_PROGRESS], 0, e->frames, e->total,
                 e->bytes);
  return G_SOURCE_REMOVE;
}

static void
emission_free (gpointer data)
{
  ProgressEmission *e = data;

  g_object_unref (e->self);
  g_free (e);
}

static void
on_progress (guint64 frames, guint64 bytes, gpointer user_data)
{
  Progress *p = user_data;

  if (!p->context) {
    g_signal_emit (p->self, signals[SIGNAL_PROGRESS], 0, frames,
                   p->frames_total, bytes);
  } else {
    ProgressEmission *e = g_new (ProgressEmission, 1);

    e->self = g_object_ref (p->self);
    e->frames = frames;
    e->total = p->frames_total;
    e->bytes = bytes;
    g_main_context_invoke_full (p->context, G_PRIORITY_DEFAULT,
                                emit_progress_cb, e, emission_free);
  }
}

GQuark
prw_printer_stats_quark (void)
{
  return g_quark_from_static_string ("prw-printer-stats");
}

static void
stats_free (gpointer data)
{
  prw_pipeline_stats_clear (data);
  g_free (data);
}

/* Takes stats over as the printer's last (object data, which prints in
 * several threads at once may set: GObject serialises that). */
static void
keep_stats (PrwPrinter *self, PrwPipelineStats *stats)
{
  g_object_set_qdata_full (G_OBJECT (self), prw_printer_stats_quark (),
                           g_memdup2 (stats, sizeof (*stats)), stats_free);
  memset (stats, 0, sizeof (*stats));
}

static gboolean
print_internal (PrwPrinter *self, const gchar *output, PrwPrintFlags flags,
                GMainContext *context, GCancellable *cancellable,
                GError **error)
{
  PrwMediaInfo *base = prw_plan_get_base (self->plan);
  g_autofree gchar *dir = g_path_get_dirname (output);
  g_autofree gchar *name = g_path_get_basename (output);
  g_autofree gchar *tmp = NULL;
  Progress progress = { self, prw_media_info_get_frame_count (base), context };
  PrwPipelineStats stats = { 0 };
  GError *local_error = NULL;
  gboolean ok;
  int fd;

  if (!check_output (self->plan, output, flags, error))
    return FALSE;

  tmp = g_strdup_printf ("%s/.%s.prw-XXXXXX", dir, name);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_io_error (error, output, "cannot create a temporary file");
  close (fd);

  ok = prw_pipeline_run (self->plan, tmp, output, cancellable, on_progress,
                         &progress, &stats, &local_error)
       && prw_qt_finish (tmp, output, base, stats.shifts, &local_error);
  keep_stats (self, &stats);
  if (!ok) {
    GError *changed = NULL;

    /* A failure that an input changing under the print caused (a short
     * read, a bad frame) is reported as that change. */
    if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
        && !check_inputs_unchanged (self->plan, &changed)) {
      g_clear_error (&local_error);
      local_error = changed;
    }
    g_propagate_error (error, local_error);
    g_unlink (tmp);
    return FALSE;
  }
  if (!check_inputs_unchanged (self->plan, error)
      || !sync_and_chmod (tmp, output, error)
      || g_cancellable_set_error_if_cancelled (cancellable, error)
      || !commit_output (self->plan, tmp, output, flags, error)) {
    g_unlink (tmp);
    return FALSE;
  }
  sync_dir (output);
  return TRUE;
}

/**
 * prw_printer_print:
 * @self: a #PrwPrinter
 * @output: (type filename): the movie to write
 * @flags: #PrwPrintFlags
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Prints the plan into @output, in one pass, without re-encoding. Blocks.
 * @output must not be one of the plan's inputs; an existing @output is
 * replaced only with %PRW_PRINT_FLAGS_OVERWRITE, and only when the new
 * movie is complete. On failure or cancellation nothing is left behind.
 *
 * Returns: %TRUE on success
 */
gboolean
prw_printer_print (PrwPrinter *self, const gchar *output, PrwPrintFlags flags,
                   GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (PRW_IS_PRINTER (self), FALSE);
  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return print_internal (self, output, flags, NULL, cancellable, error);
}

typedef struct {
  gchar *output;
  PrwPrintFlags flags;
  GMainContext *context;
} PrintData;

static void
print_data_free (PrintData *data)
{
  g_free (data->output);
  g_main_context_unref (data->context);
  g_free (data);
}

static void
print_thread (GTask *task, gpointer source, gpointer task_data,
              GCancellable *cancellable)
{
  PrintData *data = task_data;
  GError *error = NULL;

  if (print_internal (PRW_PRINTER (source), data->output, data->flags,
                      data->context, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * prw_printer_print_async:
 * @self: a #PrwPrinter
 * @output: (type filename): the movie to write
 * @flags: #PrwPrintFlags
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when done
 * @user_data: (closure): data for @callback
 *
 * Prints in a worker thread; #PrwPrinter::progress and @callback come in
 * the thread-default main context of the caller.
 */
void
prw_printer_print_async (PrwPrinter *self, const gchar *output,
                         PrwPrintFlags flags, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;
  PrintData *data;

  g_return_if_fail (PRW_IS_PRINTER (self));
  g_return_if_fail (output != NULL);

  data = g_new0 (PrintData, 1);
  data->output = g_strdup (output);
  data->flags = flags;
  data->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, prw_printer_print_async);
  g_task_set_task_data (task, data, (GDestroyNotify) print_data_free);
  g_task_run_in_thread (task, print_thread);
  g_object_unref (task);
}

/**
 * prw_printer_print_finish:
 * @self: a #PrwPrinter
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the print succeeded
 */
gboolean
prw_printer_print_finish (PrwPrinter *self, GAsyncResult *result,
                          GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
