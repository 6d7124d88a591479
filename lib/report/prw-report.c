/* libproreswriter: the splice report
 *
 * After a print: one HTML page that shows every cut of the output as the
 * output itself shows it. The cuts come from the plan's ranges; the
 * pictures are decoded from the output file only (never the inputs), each
 * frame addressed by its sample (prw-thumbnailer-private.h); the page is
 * rendered by prw-report-page.c and written through the atomic output
 * (a temporary file beside it, renamed into place; nothing left on
 * failure).
 */
#include "prw-report-page-private.h"
#include "prw-report-private.h"
#include "prw-thumbnailer-private.h"

#include "prw-init-private.h"
#include "util/prw-atomic-output-private.h"
#include "util/prw-fd-io-private.h"
#include "util/prw-file-identity-private.h"
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GST_CAT_DEFAULT prw_debug

/**
 * PrwReport:
 *
 * A splice report: one self-contained HTML page showing, for an output
 * printed from a #PrwPlan, every cut as the output shows it.
 *
 * A cut is a place where the output's frames change source: where a
 * segment's frames start and where they end (one cut where two segments
 * butt). For each, the page shows the last frame before the cut and the
 * first frame after it, about %PRW_REPORT_THUMBNAIL_WIDTH pixels wide, each
 * labelled with its record timecode, record frame number and the name of
 * the file the plan says it comes from. The pictures are decoded from the
 * output file alone, by sample index through its sample table (one sample
 * per frame), so that a wrong print shows as wrong pictures; only the
 * frames shown are decoded, each once (GStreamer: avdec_prores,
 * videoscale, videoconvert, jpegenc); alpha is laid over black.
 *
 * The page also has a header (the output, the base and the segments with
 * their paths, codec, size, rate, frame count, start timecode, reel and
 * layer; the plan's handles; the verify result when one was given with
 * prw_report_set_verify_result()), an SVG timeline of the whole base
 * coloured by source with the segments labelled, the frames a later
 * segment hides and the frames dropped outside the base marked, record
 * timecodes in each shape's title, and the plan's warnings.
 *
 * Since 0.4 the page shows the plan's layers and handles (see "Layers and
 * handles" in #PrwPlan): on the timeline a band above each range is
 * coloured by its layer (prw_plan_get_range_layer()), ranges of handles
 * (prw_plan_get_range_is_handle()) are hatched and titled "handle", and a
 * segment's handles hidden by another segment's core frames are marked
 * apart from its core frames hidden; a key explains the marks. When the
 * plan has handles or a VFX segment, each name in a cut's heading and a
 * picture's caption says its layer and part ("V.mov (VFX, handle)"). A
 * place where a segment's handles meet its core is no cut: the output's
 * pictures run on there.
 *
 * The page needs no script and fetches nothing: pictures are embedded as
 * data: URIs (JPEG), the style is inline. Pictures are marked
 * `loading="lazy"` with their size given, so a browser decodes only those
 * near the view: a page of a thousand segments (2000 cuts, some 30 MB at
 * about 8 KB a picture) opens in a few seconds. Making it costs the
 * decoding of every picture shown, once each (no page holds fewer).
 *
 * For a conform of several sources, make one report per source's plan,
 * each with its own title (prw_report_set_title()), and write them with a
 * #PrwReportIndex, which links them from one index page.
 *
 * Since: 0.4
 */

struct _PrwReport {
  GObject parent;

  PrwPlan *plan;
  gchar *output;
  gchar *title;
  gboolean verify_run;
  gboolean verify_passed;
  guint64 frames_checked;
  gchar *verify_message;
  GArray *cuts; /* PrwReportCut, pictures NULL */
};

enum {
  PROP_0,
  PROP_PLAN,
  PROP_OUTPUT,
  PROP_TITLE,
  N_PROPS,
};

static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (PrwReport, prw_report, G_TYPE_OBJECT)

/* Every boundary between two ranges where a segment's frames start or
 * end, and the movie's start or end where a segment's frames are there.
 * Where one segment's handles meet its core (two ranges of one source
 * whose frames continue each other) the output's pictures run on: no
 * cut. */
static void
find_cuts (PrwReport *self)
{
  PrwPlan *plan = self->plan;
  guint n_ranges = prw_plan_get_n_ranges (plan);
  gint64 n = prw_media_info_get_frame_count (prw_plan_get_base (plan));

  for (guint j = 0; j <= n_ranges; j++) {
    const PrwRange *before = j > 0 ? prw_plan_get_range (plan, j - 1) : NULL;
    const PrwRange *after = j < n_ranges ? prw_plan_get_range (plan, j) : NULL;
    PrwReportCut cut = { 0 };

    if (before != NULL && after != NULL && before->source == after->source
        && before->source_in + before->frames == after->source_in)
      continue;
    cut.record_frame = after != NULL ? after->record_in : n;
    cut.before_source = before != NULL ? before->source : PRW_REPORT_NO_SOURCE;
    cut.after_source = after != NULL ? after->source : PRW_REPORT_NO_SOURCE;
    cut.before_handle
        = before != NULL && prw_plan_get_range_is_handle (plan, j - 1);
    cut.after_handle = after != NULL && prw_plan_get_range_is_handle (plan, j);
    if (cut.before_source >= 0 || cut.after_source >= 0)
      g_array_append_val (self->cuts, cut);
  }
}

static void
prw_report_constructed (GObject *object)
{
  PrwReport *self = PRW_REPORT (object);

  G_OBJECT_CLASS (prw_report_parent_class)->constructed (object);
  g_return_if_fail (PRW_IS_PLAN (self->plan)
                    && prw_plan_is_sealed (self->plan));
  g_return_if_fail (self->output != NULL);
  if (self->title == NULL) {
    g_autofree gchar *name = g_filename_display_basename (self->output);

    self->title = g_strdup_printf ("Splice report: %s", name);
  }
  find_cuts (self);
}

static void
prw_report_finalize (GObject *object)
{
  PrwReport *self = PRW_REPORT (object);

  g_clear_object (&self->plan);
  g_free (self->output);
  g_free (self->title);
  g_free (self->verify_message);
  g_array_unref (self->cuts);
  G_OBJECT_CLASS (prw_report_parent_class)->finalize (object);
}

static void
prw_report_get_property (GObject *object, guint prop_id, GValue *value,
                         GParamSpec *pspec)
{
  PrwReport *self = PRW_REPORT (object);

  switch (prop_id) {
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    case PROP_OUTPUT:
      g_value_set_string (value, self->output);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
prw_report_set_property (GObject *object, guint prop_id, const GValue *value,
                         GParamSpec *pspec)
{
  PrwReport *self = PRW_REPORT (object);

  switch (prop_id) {
    case PROP_PLAN:
      self->plan = g_value_dup_object (value);
      break;
    case PROP_OUTPUT:
      self->output = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      prw_report_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
prw_report_class_init (PrwReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = prw_report_constructed;
  object_class->finalize = prw_report_finalize;
  object_class->get_property = prw_report_get_property;
  object_class->set_property = prw_report_set_property;

  /**
   * PrwReport:plan:
   *
   * The sealed plan the output was printed from.
   *
   * Since: 0.4
   */
  props[PROP_PLAN] = g_param_spec_object (
      "plan", NULL, NULL, PRW_TYPE_PLAN,
      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * PrwReport:output:
   *
   * The printed movie whose frames the page shows (a file name).
   *
   * Since: 0.4
   */
  props[PROP_OUTPUT] = g_param_spec_string (
      "output", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * PrwReport:title:
   *
   * The page's title and heading (UTF-8); by default "Splice report: "
   * and the output's file name. Setting %NULL restores the default.
   *
   * Since: 0.4
   */
  props[PROP_TITLE] = g_param_spec_string (
      "title", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
prw_report_init (PrwReport *self)
{
  self->cuts = g_array_new (FALSE, TRUE, sizeof (PrwReportCut));
}

/**
 * prw_report_new:
 * @plan: a sealed #PrwPlan
 * @output: (type filename): the movie printed from @plan (not read until
 *   prw_report_write())
 *
 * Makes a report of @output. The cuts are found from @plan's ranges at
 * once (prw_report_get_n_cuts()); nothing is read.
 *
 * Returns: (transfer full): a new #PrwReport
 *
 * Since: 0.4
 */
PrwReport *
prw_report_new (PrwPlan *plan, const gchar *output)
{
  g_return_val_if_fail (PRW_IS_PLAN (plan), NULL);
  g_return_val_if_fail (prw_plan_is_sealed (plan), NULL);
  g_return_val_if_fail (output != NULL, NULL);

  return g_object_new (PRW_TYPE_REPORT, "plan", plan, "output", output, NULL);
}

/**
 * prw_report_get_plan:
 * @self: a #PrwReport
 *
 * The plan the report is of.
 *
 * Returns: (transfer none): the plan (#PrwReport:plan)
 *
 * Since: 0.4
 */
PrwPlan *
prw_report_get_plan (PrwReport *self)
{
  g_return_val_if_fail (PRW_IS_REPORT (self), NULL);

  return self->plan;
}

/**
 * prw_report_get_output:
 * @self: a #PrwReport
 *
 * The movie whose frames the page shows.
 *
 * Returns: (type filename) (transfer none): the output (#PrwReport:output)
 *
 * Since: 0.4
 */
const gchar *
prw_report_get_output (PrwReport *self)
{
  g_return_val_if_fail (PRW_IS_REPORT (self), NULL);

  return self->output;
}

/**
 * prw_report_set_title:
 * @self: a #PrwReport
 * @title: (nullable): the page's title, UTF-8; %NULL for the default
 *
 * Sets #PrwReport:title.
 *
 * Since: 0.4
 */
void
prw_report_set_title (PrwReport *self, const gchar *title)
{
  g_return_if_fail (PRW_IS_REPORT (self));
  g_return_if_fail (title == NULL || g_utf8_validate (title, -1, NULL));

  g_free (self->title);
  self->title = g_strdup (title);
  if (self->title == NULL && self->output != NULL) {
    g_autofree gchar *name = g_filename_display_basename (self->output);

    self->title = g_strdup_printf ("Splice report: %s", name);
  }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
}

/**
 * prw_report_get_title:
 * @self: a #PrwReport
 *
 * The page's title and heading.
 *
 * Returns: (transfer none): the page's title (#PrwReport:title)
 *
 * Since: 0.4
 */
const gchar *
prw_report_get_title (PrwReport *self)
{
  g_return_val_if_fail (PRW_IS_REPORT (self), NULL);

  return self->title;
}

/**
 * prw_report_set_verify_result:
 * @self: a #PrwReport
 * @passed: whether prw_verify_output() returned %TRUE
 * @frames_checked: the frames it found identical (its @frames_checked)
 * @message: (nullable): its error's message when it failed, UTF-8
 *
 * Puts the result of prw_verify_output() on the page. Without it the page
 * says verify was not run.
 *
 * Since: 0.4
 */
void
prw_report_set_verify_result (PrwReport *self, gboolean passed,
                              guint64 frames_checked, const gchar *message)
{
  g_return_if_fail (PRW_IS_REPORT (self));
  g_return_if_fail (message == NULL || g_utf8_validate (message, -1, NULL));

  self->verify_run = TRUE;
  self->verify_passed = passed;
  self->frames_checked = frames_checked;
  g_free (self->verify_message);
  self->verify_message = g_strdup (message);
}

/**
 * prw_report_get_n_cuts:
 * @self: a #PrwReport
 *
 * The number of cuts the page shows, one row each: every record frame
 * where the output's source changes and a segment is on one side of it,
 * and the movie's first frame or its end when a segment's frames are
 * there.
 *
 * Returns: the number of cuts
 *
 * Since: 0.4
 */
guint
prw_report_get_n_cuts (PrwReport *self)
{
  g_return_val_if_fail (PRW_IS_REPORT (self), 0);

  return self->cuts->len;
}

/**
 * prw_report_get_cut_record_frame:
 * @self: a #PrwReport
 * @index: a cut, below prw_report_get_n_cuts()
 *
 * Where a cut is: the record frame just after it (0 for the movie's start,
 * the base's frame count for its end). Cuts are in record order.
 *
 * Returns: the first record frame after the cut
 *
 * Since: 0.4
 */
gint64
prw_report_get_cut_record_frame (PrwReport *self, guint index)
{
  g_return_val_if_fail (PRW_IS_REPORT (self), -1);
  g_return_val_if_fail (index < self->cuts->len, -1);

  return g_array_index (self->cuts, PrwReportCut, index).record_frame;
}

gboolean
prw_report_get_verify_result (PrwReport *self, gboolean *passed)
{
  g_return_val_if_fail (PRW_IS_REPORT (self), FALSE);

  if (passed)
    *passed = self->verify_passed;
  return self->verify_run;
}

const gchar *
prw_report_protected_file (PrwReport *self, const struct stat *st)
{
  struct stat other;

  if (g_stat (self->output, &other) == 0 && prw_stat_same_file (&other, st))
    return self->output;
  for (guint i = 0; i <= prw_plan_get_n_segments (self->plan); i++) {
    const gchar *input = prw_plan_get_source_path (self->plan, (gint) i - 1);

    if (g_stat (input, &other) == 0 && prw_stat_same_file (&other, st))
      return input;
  }
  return NULL;
}

gboolean
prw_report_file_is_ours (const gchar *path)
{
  gchar head[PRW_REPORT_HEAD_MAX + 1];
  struct stat st;
  gssize n;
  int fd;

  /* no symbolic link is ours: the library writes regular files only; and
   * nothing else is opened, even to look: opening a named pipe for reading
   * lets in a writer that waits for a reader, a device may act on open */
  if (g_lstat (path, &st) < 0 || !S_ISREG (st.st_mode))
    return FALSE;
  fd = prw_fd_open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK, 0);
  if (fd < 0)
    return FALSE;
  /* what was opened is what was looked at, not a pipe put there since */
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode)) {
    prw_fd_close (fd);
    return FALSE;
  }
  n = prw_fd_pread_all (fd, head, PRW_REPORT_HEAD_MAX, 0);
  prw_fd_close (fd);
  if (n <= 0)
    return FALSE;
  head[n] = '\0';
  /* every name on a page is escaped: the mark's quotes are the page's own */
  return strstr (head, PRW_REPORT_GENERATOR_MARK) != NULL;
}

/* prw_report_check_path(): what prw_report_write() refuses before it
 * decodes anything. */
static gboolean
check_path (PrwReport *self, const gchar *path, gboolean overwrite,
            GError **error)
{
  g_autofree gchar *dir = g_path_get_dirname (path);
  const gchar *other;
  struct stat st;

  if (g_stat (path, &st) == 0) {
    if ((other = prw_report_protected_file (self, &st))) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_SAME_FILE,
                   "%s: is %s, a movie of the report; refusing to overwrite it",
                   path, other);
      return FALSE;
    }
    if (S_ISDIR (st.st_mode)) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_IO, "%s: is a directory", path);
      return FALSE;
    }
    if (!overwrite) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS, "%s: exists",
                   path);
      return FALSE;
    }
  } else if (!overwrite && g_lstat (path, &st) == 0) {
    /* a symbolic link to nothing takes the name: the final rename, which
     * never replaces a name without overwrite, would refuse it after the
     * decoding ("appeared while it was written") */
    g_set_error (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS,
                 "%s: exists, a symbolic link to nothing", path);
    return FALSE;
  }
  if (g_stat (dir, &st) < 0) {
    int saved = errno;

    if (saved != ENOENT && saved != ENOTDIR)
      return prw_set_error_from_errno (error, saved, path, dir);
    g_set_error (error, PRW_ERROR, PRW_ERROR_NOT_FOUND,
                 "%s: its folder %s does not exist", path, dir);
    return FALSE;
  }
  if (!S_ISDIR (st.st_mode)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_NOT_FOUND,
                 "%s: its folder %s is not a folder", path, dir);
    return FALSE;
  }
  /* the temporary file is created there, then renamed */
  if (access (dir, W_OK | X_OK) < 0) {
    int saved = errno;
    g_autofree gchar *what
        = g_strdup_printf ("its folder %s cannot be written", dir);

    return prw_set_error_from_errno (error, saved, path, what);
  }
  return TRUE;
}

static gboolean
check_not_protected (const gchar *path, const struct stat *existing,
                     gpointer user_data, GError **error)
{
  const gchar *other;

  if (existing && (other = prw_report_protected_file (user_data, existing))) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_SAME_FILE,
                 "%s: is %s, a movie of the report; refusing to overwrite it",
                 path, other);
    return FALSE;
  }
  return TRUE;
}

/* Decodes the pictures of every cut from the output into cuts (a copy of
 * self->cuts whose pictures the caller frees). */
static gboolean
decode_pictures (PrwReport *self, PrwMediaInfo *output, GArray *cuts,
                 GCancellable *cancellable, GError **error)
{
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) pictures = NULL;
  guint k = 0;

  for (guint i = 0; i < cuts->len; i++) {
    PrwReportCut *cut = &g_array_index (cuts, PrwReportCut, i);
    gint64 before = cut->record_frame - 1;

    if (cut->before_source != PRW_REPORT_NO_SOURCE)
      g_array_append_val (frames, before);
    if (cut->after_source != PRW_REPORT_NO_SOURCE)
      g_array_append_val (frames, cut->record_frame);
  }
  pictures = prw_thumbnailer_decode (output, (const gint64 *) frames->data,
                                     frames->len, PRW_REPORT_THUMBNAIL_WIDTH,
                                     cancellable, error);
  if (!pictures)
    return FALSE;
  for (guint i = 0; i < cuts->len; i++) {
    PrwReportCut *cut = &g_array_index (cuts, PrwReportCut, i);

    if (cut->before_source != PRW_REPORT_NO_SOURCE)
      cut->before_picture = g_bytes_ref (g_ptr_array_index (pictures, k++));
    if (cut->after_source != PRW_REPORT_NO_SOURCE)
      cut->after_picture = g_bytes_ref (g_ptr_array_index (pictures, k++));
  }
  return TRUE;
}

static void
clear_cut (gpointer data)
{
  PrwReportCut *cut = data;

  g_clear_pointer (&cut->before_picture, g_bytes_unref);
  g_clear_pointer (&cut->after_picture, g_bytes_unref);
}

static gboolean
write_file (PrwReport *self, const gchar *path, gboolean overwrite,
            const GString *html, GCancellable *cancellable, GError **error)
{
  g_autoptr (PrwAtomicOutput) out = NULL;

  out = prw_atomic_output_open (
      path, overwrite ? PRW_ATOMIC_OUTPUT_REPLACE : PRW_ATOMIC_OUTPUT_NONE,
      error);
  if (!out)
    return FALSE;
  if (!prw_fd_pwrite_all (prw_atomic_output_get_fd (out), html->str, html->len,
                          0))
    return prw_set_error_from_errno (error, errno, path, "cannot write");
  return prw_atomic_output_commit (out, check_not_protected, self, cancellable,
                                   error);
}

/**
 * prw_report_check_path:
 * @self: a #PrwReport
 * @path: (type filename): the HTML file prw_report_write() is to write
 * @overwrite: whether an existing file at @path is to be replaced
 * @error: return location for a #GError
 *
 * Checks, writing and decoding nothing, that prw_report_write() with the
 * same @path and @overwrite would not refuse @path: the checks it makes
 * first, before it probes the output. Call it before long work the page
 * is to follow (a print, a verify), so that a page that cannot be written
 * is refused before that work, not after it. The output need not exist
 * yet. prw_report_write() checks again: what changes in between (the
 * folder removed, the file appearing) fails it then.
 *
 * The folder is checked with access(2) for writing and searching (W_OK and
 * X_OK), as the process's real user: the page's temporary file is created
 * in it and renamed there.
 *
 * Errors, each message starting with @path:
 *
 * - %PRW_ERROR_SAME_FILE: @path is the output or one of the plan's inputs
 *   (the same file, through links too);
 * - %PRW_ERROR_IO: @path is a directory, or its folder cannot be looked
 *   up for another reason (a loop of links, a name too long);
 * - %PRW_ERROR_OUTPUT_EXISTS: @path exists and @overwrite is %FALSE, a
 *   symbolic link to nothing too ("PATH: exists, a symbolic link to
 *   nothing": with @overwrite, the link is replaced, not what it names);
 * - %PRW_ERROR_NOT_FOUND: @path's folder does not exist or is not a
 *   folder (ENOENT, ENOTDIR);
 * - %PRW_ERROR_PERMISSION_DENIED: @path's folder may not be searched or
 *   written (EACCES, EPERM, EROFS).
 *
 * Returns: %TRUE if @path may be written
 *
 * Since: 0.4
 */
gboolean
prw_report_check_path (PrwReport *self, const gchar *path, gboolean overwrite,
                       GError **error)
{
  g_return_val_if_fail (PRW_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_path (self, path, overwrite, error);
}

/**
 * prw_report_write:
 * @self: a #PrwReport
 * @path: (type filename): the HTML file to write
 * @overwrite: whether an existing file at @path is replaced (never the
 *   output nor one of the plan's inputs)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Probes the output, decodes the frames on either side of every cut from
 * it (and nothing else), and writes the page to @path. The file appears
 * only complete: it is written to a temporary file beside it
 * (".NAME.prw-XXXXXX"), flushed and renamed into place; on any failure or
 * cancellation nothing is left. The output and the inputs are only read.
 *
 * The time taken is that of decoding the two frames of each cut, each
 * frame once (at 4096x2928 ProRes 4444 on two cores, 50 to 150 ms a
 * frame: the seed's 13 segments, 24 cuts, take 3.5 to 5.5 s).
 *
 * Errors:
 *
 * - any error of prw_probe_file() on the output (%PRW_ERROR_NOT_FOUND,
 *   %PRW_ERROR_PERMISSION_DENIED, %PRW_ERROR_IO, %PRW_ERROR_NOT_QUICKTIME,
 *   %PRW_ERROR_CORRUPT, %PRW_ERROR_UNSUPPORTED, %PRW_ERROR_NO_VIDEO,
 *   %PRW_ERROR_NO_TIMECODE, %PRW_ERROR_FAILED);
 * - %PRW_ERROR_MISMATCH: the output's frame count is not the base's (its
 *   frames cannot be the plan's record frames);
 * - %PRW_ERROR_CORRUPT: the output ends before a frame its sample table
 *   names;
 * - %PRW_ERROR_MISSING_ELEMENT: a GStreamer element the decoding needs
 *   (avdec_prores from gst-libav, jpegenc, videoscale, videoconvert,
 *   appsrc, appsink) is missing;
 * - %PRW_ERROR_PIPELINE: a frame cannot be decoded;
 * - %PRW_ERROR_OUTPUT_EXISTS: @path exists (a symbolic link to nothing
 *   too) and @overwrite is %FALSE (also when it appears while the report
 *   is made);
 * - %PRW_ERROR_SAME_FILE: @path is the output or one of the plan's inputs;
 * - %PRW_ERROR_NOT_FOUND: @path's folder does not exist or is not a
 *   folder;
 * - %PRW_ERROR_NO_SPACE, %PRW_ERROR_PERMISSION_DENIED, %PRW_ERROR_IO:
 *   @path cannot be written (%PRW_ERROR_IO also when it is a directory);
 *   a folder that cannot be written is refused before anything is decoded,
 *   as prw_report_check_path() refuses it;
 * - %G_IO_ERROR_CANCELLED: @cancellable was cancelled.
 *
 * Returns: %TRUE if the page was written
 *
 * Since: 0.4
 */
gboolean
prw_report_write (PrwReport *self, const gchar *path, gboolean overwrite,
                  GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (PRW_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return prw_report_write_page (self, path, overwrite, NULL, cancellable,
                                error);
}

gboolean
prw_report_write_page (PrwReport *self, const gchar *path, gboolean overwrite,
                       const gchar *index_href, GCancellable *cancellable,
                       GError **error)
{
  g_autoptr (PrwMediaInfo) output = NULL;
  g_autoptr (GArray) cuts = NULL;
  g_autoptr (GString) html = NULL;
  PrwMediaInfo *base;
  PrwReportPage page = { 0 };

  if (!check_path (self, path, overwrite, error))
    return FALSE;
  output = prw_probe_file (self->output, cancellable, error);
  if (!output)
    return FALSE;
  base = prw_plan_get_base (self->plan);
  if (prw_media_info_get_frame_count (output)
      != prw_media_info_get_frame_count (base)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_MISMATCH,
                 "%s: has %" G_GINT64_FORMAT
                 " frames; the base has %" G_GINT64_FORMAT,
                 self->output, prw_media_info_get_frame_count (output),
                 prw_media_info_get_frame_count (base));
    return FALSE;
  }

  cuts
      = g_array_sized_new (FALSE, TRUE, sizeof (PrwReportCut), self->cuts->len);
  g_array_set_clear_func (cuts, clear_cut);
  g_array_append_vals (cuts, self->cuts->data, self->cuts->len);
  if (!decode_pictures (self, output, cuts, cancellable, error))
    return FALSE;

  page.plan = self->plan;
  page.output = output;
  page.title = self->title;
  page.verify_run = self->verify_run;
  page.verify_passed = self->verify_passed;
  page.frames_checked = self->frames_checked;
  page.verify_message = self->verify_message;
  page.cuts = (const PrwReportCut *) cuts->data;
  page.n_cuts = cuts->len;
  page.index_href = index_href;
  page.picture_width = PRW_REPORT_THUMBNAIL_WIDTH;
  page.picture_height = prw_thumbnail_height_for (
      prw_media_info_get_width (output), prw_media_info_get_height (output),
      PRW_REPORT_THUMBNAIL_WIDTH);
  html = g_string_sized_new (4096 + cuts->len * 40000);
  prw_report_page_render (&page, html);
  GST_DEBUG ("report %s: %u cuts, %" G_GSIZE_FORMAT " bytes", path, cuts->len,
             html->len);

  return write_file (self, path, overwrite, html, cancellable, error);
}
