/* libproreswriter: run a sealed plan to a new movie
 *
 * The output appears only complete (util/prw-atomic-output-private.h): the
 * pipeline writes a temporary file beside it (".NAME.prw-XXXXXX") through
 * one descriptor, the movie header is finished, the file is flushed to
 * disk and only then renamed over the output. On any failure or
 * cancellation the temporary file is removed and nothing else is touched.
 */
#include "prw-media-info-private.h"
#include "prw-printer-private.h"
#include "qt/prw-qt-finish-private.h"
#include "util/prw-atomic-output-private.h"
#include "util/prw-fd-io-private.h"
#include "util/prw-file-identity-private.h"
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/**
 * PrwPrinter:
 *
 * Runs a sealed #PrwPlan: writes a new movie as long as the base, each
 * record frame's bytes copied from the source the plan names (by the
 * kernel where it can: copy_file_range()), without decoding or
 * re-encoding, with the base's sound tracks and a timecode track ('tmcd')
 * that starts at the base's start timecode with its reel name. Since 0.3
 * the sound tracks are the base's bit for bit (every packet, sample
 * description, table and edit list; their chunks are copied between the
 * video frames), and so is the timecode track when it counts at the
 * video's rate.
 *
 * The output appears only complete: it is written to a temporary file
 * beside it (".NAME.prw-XXXXXX"), flushed to disk and renamed into place;
 * on failure or cancellation the temporary file is removed and nothing
 * else is touched. Inputs are never written. One printer may run several
 * prints at once, to different outputs.
 *
 * Since: 0.1
 */

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
   *
   * Since: 0.1
   */
  properties[PROP_PLAN] = g_param_spec_object (
      "plan", "Plan", "The sealed plan this printer runs", PRW_TYPE_PLAN,
      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PrwPrinter::progress:
   * @self: the printer
   * @frames_done: output frames done so far, in record order: taken from
   *   their source and handed on to the muxer, which writes them soon after
   * @frames_total: output frames in all (the base's frame count)
   * @bytes_done: the video frame bytes of those frames
   *
   * Emitted about ten times a second while printing: from the thread that
   * called prw_printer_print(), or in the thread-default main context of
   * the caller of prw_printer_print_async().
   *
   * Since: 0.1
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
 * Makes a printer for @plan; an unsealed plan is a programmer error.
 *
 * Returns: (transfer full): a printer for @plan
 *
 * Since: 0.1
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
 * The plan the printer runs (#PrwPrinter:plan).
 *
 * Returns: (transfer none): the plan
 *
 * Since: 0.1
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

    if (g_stat (input, &st) == 0 && prw_stat_same_file (&st, out))
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
    /* not replaced even when asked, like a directory */
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO,
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
      g_set_error (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS, "%s: exists",
                   output);
      return FALSE;
    }
  }
  if (g_stat (dir, &st) < 0) {
    int saved = errno;

    if (saved != ENOENT && saved != ENOTDIR)
      return prw_set_error_from_errno (error, saved, output, dir);
    g_set_error (error, PRW_ERROR, PRW_ERROR_NOT_FOUND,
                 "%s: its folder %s does not exist", output, dir);
    return FALSE;
  }
  if (!S_ISDIR (st.st_mode)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_NOT_FOUND,
                 "%s: its folder %s does not exist", output, dir);
    return FALSE;
  }
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

/* Just before the output is put in place: the output may have become an
 * input's name since the start. */
static gboolean
check_not_an_input (const gchar *output, const struct stat *existing,
                    gpointer user_data, GError **error)
{
  PrwPlan *plan = user_data;
  const gchar *input;

  if (existing && (input = output_is_input (plan, existing))) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_SAME_FILE,
                 "%s: is the input %s; refusing to overwrite an input", output,
                 input);
    return FALSE;
  }
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
  g_autoptr (PrwAtomicOutput) out = NULL;
  Progress progress = { self, prw_media_info_get_frame_count (base), context };
  PrwPipelineStats stats = { 0 };
  PrwQtFinishFacts facts;
  g_autofree PrwQtCopiedTrak *copied = NULL;
  GError *local_error = NULL;
  gboolean ok;

  /* nothing is created for a print cancelled before it starts */
  if (g_cancellable_set_error_if_cancelled (cancellable, error)
      || !check_output (self->plan, output, flags, error))
    return FALSE;

  out = prw_atomic_output_open (output,
                                flags & PRW_PRINT_FLAGS_OVERWRITE
                                    ? PRW_ATOMIC_OUTPUT_REPLACE
                                    : PRW_ATOMIC_OUTPUT_NONE,
                                error);
  if (!out)
    return FALSE;

  ok = prw_pipeline_run (self->plan, prw_atomic_output_get_fd (out), output,
                         cancellable, on_progress, &progress, &stats,
                         &local_error)
       && prw_media_info_get_finish_facts (base, &facts, &local_error);
  if (ok) {
    copied = prw_pipeline_stats_get_copied_traks (
        &stats, prw_media_info_get_movie (base), &facts.n_copied);
    facts.copied = copied;
    facts.base_movie_timescale
        = prw_media_info_get_movie (base)
              ? prw_media_info_get_movie (base)->movie_timescale
              : 0;
  }
  ok = ok
       && prw_qt_finish (prw_atomic_output_get_fd (out), output, &facts,
                         stats.shifts ? (const PrwShift *) stats.shifts->data
                                      : NULL,
                         stats.shifts ? stats.shifts->len : 0, &local_error);
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
    return FALSE; /* out's temporary file goes with it */
  }
  return check_inputs_unchanged (self->plan, error)
         && prw_atomic_output_commit (out, check_not_an_input, self->plan,
                                      cancellable, error);
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
 * Errors, each message starting with the file it is about (@output, or
 * the input concerned):
 *
 * - %PRW_ERROR_OUTPUT_EXISTS: @output exists and
 *   %PRW_PRINT_FLAGS_OVERWRITE was not given, or @output appeared during
 *   the print;
 * - %PRW_ERROR_SAME_FILE: @output is one of the plan's inputs (the same
 *   file, through links too), checked before the print and again before
 *   the rename;
 * - %PRW_ERROR_CHANGED: an input was changed, truncated, replaced or
 *   removed since it was probed (its device, inode, size or modification
 *   time differ); a failure that such a change caused is reported as this;
 * - %PRW_ERROR_NO_SPACE: the disk or the quota is full (ENOSPC, EDQUOT,
 *   EFBIG) while creating, writing or flushing the output;
 * - %PRW_ERROR_PERMISSION_DENIED: @output's folder may not be searched or
 *   written, the output may not be written, or the base may not be read
 *   (EACCES, EPERM, EROFS);
 * - %PRW_ERROR_NOT_FOUND: @output's folder does not exist (ENOENT,
 *   ENOTDIR);
 * - %PRW_ERROR_IO: @output is a directory or a symbolic link to nothing
 *   (neither is replaced, even with %PRW_PRINT_FLAGS_OVERWRITE), any other
 *   failure to create,
 *   write, flush or rename it, or a failure to read an input (also a
 *   segment that cannot be opened during the print, whatever its errno);
 * - %PRW_ERROR_MISSING_ELEMENT: a GStreamer element the pipeline needs is
 *   not installed (qtdemux and qtmux are in gst-plugins-good);
 * - %PRW_ERROR_PIPELINE: the pipeline failed otherwise (the demuxer, the
 *   muxer, or the base's frames not matching its sample table);
 * - %PRW_ERROR_CORRUPT: the base's video sample description is too short
 *   to copy; also, as %PRW_ERROR_NOT_QUICKTIME or %PRW_ERROR_UNSUPPORTED,
 *   if the movie the muxer wrote cannot be read back (a bug);
 * - %PRW_ERROR_FAILED: the muxer's movie is not laid out as expected, or
 *   memory ran out while reading it back (a bug);
 * - %G_IO_ERROR_CANCELLED: @cancellable was cancelled.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
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
 * the thread-default main context of the caller. The errors are
 * prw_printer_print()'s, returned by prw_printer_print_finish().
 *
 * Since: 0.1
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
 * Finishes prw_printer_print_async(). The errors are prw_printer_print()'s
 * (%PRW_ERROR_OUTPUT_EXISTS, %PRW_ERROR_SAME_FILE, %PRW_ERROR_CHANGED,
 * %PRW_ERROR_NO_SPACE, %PRW_ERROR_PERMISSION_DENIED, %PRW_ERROR_NOT_FOUND,
 * %PRW_ERROR_IO, %PRW_ERROR_MISSING_ELEMENT, %PRW_ERROR_PIPELINE,
 * %PRW_ERROR_CORRUPT, %PRW_ERROR_NOT_QUICKTIME, %PRW_ERROR_UNSUPPORTED,
 * %PRW_ERROR_FAILED, %G_IO_ERROR_CANCELLED), with the same meanings.
 *
 * Returns: %TRUE if the print succeeded
 *
 * Since: 0.1
 */
gboolean
prw_printer_print_finish (PrwPrinter *self, GAsyncResult *result,
                          GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
