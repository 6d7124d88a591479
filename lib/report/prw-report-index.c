/* libproreswriter: an index of splice reports, one page per source
 *
 * For a conform of several sources: DIR/index.html, a table with a row
 * per source linking its splice report (a PrwReport page in DIR), and
 * what became of it. Everything is first written into a hidden folder
 * inside DIR (".index.prw-XXXXXX"), each page through the atomic output
 * as prw_report_write() writes it; only when every page and the index
 * are complete are they renamed into DIR, the pages first and the index
 * last, so that an index never links a page that is not there. On any
 * failure the hidden folder is removed with what it holds, pages already
 * moved are removed, and DIR too when this call made it: nothing is left.
 */
#include "config.h"

#ifdef HAVE_RENAMEAT2
#define _GNU_SOURCE /* renameat2 */
#endif

#include "prw-html-private.h"
#include "prw-report-page-private.h"
#include "prw-report-private.h"

#include "prw-init-private.h"
#include "util/prw-atomic-output-private.h"
#include "util/prw-file-name-private.h"
#include "util/prw-fd-io-private.h"
#include "util/prw-folder-private.h"
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GST_CAT_DEFAULT prw_debug

#define INDEX_NAME "index.html"
#define DEFAULT_TITLE "Splice reports"
/* bytes of a page's name before ".html" (and a "-N" to tell two apart):
 * with the atomic output's ".NAME.prw-XXXXXX" it stays under NAME_MAX */

/**
 * PrwReportIndex:
 *
 * An index of splice reports: for a conform of several sources, one
 * page, `index.html`, with a row per source that links the source's
 * splice report (a #PrwReport page, written beside it) and sums it up:
 * the number of segments in its plan, the frames of its output that come
 * from segments (of the output's frames), the verify result when the
 * report has one, and the result of its job as the caller words it.
 *
 * Add one row per source with prw_report_index_add_source(), in the
 * order the table is to show them, then write everything with
 * prw_report_index_write(): each report's page (its pictures decoded
 * from its output, as prw_report_write() does) and the index, into one
 * folder, all of it or nothing. A source whose job failed, and so has no
 * output to show, is added without a report: its row has no link.
 *
 * Pages are named after their sources (prw_report_index_get_page_name()),
 * so that `OUTDIR/A001C003.mov` has its report at `DIR/A001C003.html`.
 * Like its pages, the index needs no script and fetches nothing; every
 * name on it is escaped, and every link is a relative URI (percent-encoded)
 * to a file in the same folder. Each page links back to the index.
 *
 * Since: 0.4
 */

typedef struct {
  gchar *name;       /* UTF-8 */
  PrwReport *report; /* or NULL */
  gboolean succeeded;
  gchar *result;      /* UTF-8 or NULL */
  gchar *page_name;   /* a file name in DIR, or NULL */
  gboolean keep_page; /* prw_report_index_set_page_kept() */
  gboolean kept;      /* in this write: the page in DIR is kept */
} Source;

struct _PrwReportIndex {
  GObject parent;

  gchar *title;
  GArray *sources;        /* Source */
  GHashTable *page_names; /* casefolded page names taken */
  gboolean keep_foreign;  /* prw_report_index_set_keep_foreign() */
};

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS,
};

static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (PrwReportIndex, prw_report_index, G_TYPE_OBJECT)

static void
clear_source (gpointer data)
{
  Source *source = data;

  g_free (source->name);
  g_clear_object (&source->report);
  g_free (source->result);
  g_free (source->page_name);
}

static void
prw_report_index_finalize (GObject *object)
{
  PrwReportIndex *self = PRW_REPORT_INDEX (object);

  g_free (self->title);
  g_array_unref (self->sources);
  g_hash_table_unref (self->page_names);
  G_OBJECT_CLASS (prw_report_index_parent_class)->finalize (object);
}

static void
prw_report_index_get_property (GObject *object, guint prop_id, GValue *value,
                               GParamSpec *pspec)
{
  PrwReportIndex *self = PRW_REPORT_INDEX (object);

  switch (prop_id) {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
prw_report_index_set_property (GObject *object, guint prop_id,
                               const GValue *value, GParamSpec *pspec)
{
  PrwReportIndex *self = PRW_REPORT_INDEX (object);

  switch (prop_id) {
    case PROP_TITLE:
      prw_report_index_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
prw_report_index_class_init (PrwReportIndexClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = prw_report_index_finalize;
  object_class->get_property = prw_report_index_get_property;
  object_class->set_property = prw_report_index_set_property;

  /**
   * PrwReportIndex:title:
   *
   * The index page's title and heading (UTF-8); by default "Splice
   * reports". Setting %NULL restores the default.
   *
   * Since: 0.4
   */
  props[PROP_TITLE] = g_param_spec_string (
      "title", NULL, NULL, DEFAULT_TITLE,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
prw_report_index_init (PrwReportIndex *self)
{
  self->title = g_strdup (DEFAULT_TITLE);
  self->sources = g_array_new (FALSE, TRUE, sizeof (Source));
  g_array_set_clear_func (self->sources, clear_source);
  self->page_names
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* the index's own name */
  g_hash_table_add (self->page_names, g_utf8_casefold (INDEX_NAME, -1));
}

/**
 * prw_report_index_new:
 *
 * Makes an empty index: add its sources with prw_report_index_add_source().
 *
 * Returns: (transfer full): a new #PrwReportIndex
 *
 * Since: 0.4
 */
PrwReportIndex *
prw_report_index_new (void)
{
  return g_object_new (PRW_TYPE_REPORT_INDEX, NULL);
}

/**
 * prw_report_index_set_title:
 * @self: a #PrwReportIndex
 * @title: (nullable): the index page's title, UTF-8; %NULL for the
 *   default
 *
 * Sets #PrwReportIndex:title.
 *
 * Since: 0.4
 */
void
prw_report_index_set_title (PrwReportIndex *self, const gchar *title)
{
  g_return_if_fail (PRW_IS_REPORT_INDEX (self));
  g_return_if_fail (title == NULL || g_utf8_validate (title, -1, NULL));

  g_free (self->title);
  self->title = g_strdup (title ? title : DEFAULT_TITLE);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
}

/**
 * prw_report_index_get_title:
 * @self: a #PrwReportIndex
 *
 * The index page's title and heading.
 *
 * Returns: (transfer none): the title (#PrwReportIndex:title)
 *
 * Since: 0.4
 */
const gchar *
prw_report_index_get_title (PrwReportIndex *self)
{
  g_return_val_if_fail (PRW_IS_REPORT_INDEX (self), NULL);

  return self->title;
}

/* A file name for a source's page: its name with what cannot be in one
 * file name ('/', control characters) or would hide it (a leading '.')
 * made '_', cut to PRW_FILE_STEM_MAX bytes on a character's boundary (the
 * library's one rule, util/prw-file-name-private.h), then
 * ".html"; "-2", "-3"... before it when the name is taken (letter case
 * aside, for filesystems that ignore it), "index.html" being taken. */
static gchar *
make_page_name (GHashTable *page_names, const gchar *name)
{
  g_autofree gchar *stem = prw_file_stem_from_name (name, "source");
  gchar *page = NULL;

  for (guint n = 1;; n++) {
    g_autofree gchar *folded = NULL;

    g_free (page);
    page = n == 1 ? g_strdup_printf ("%s.html", stem)
                  : g_strdup_printf ("%s-%u.html", stem, n);
    folded = g_utf8_casefold (page, -1);
    if (!g_hash_table_contains (page_names, folded)) {
      g_hash_table_add (page_names, g_steal_pointer (&folded));
      return page;
    }
  }
}

/**
 * prw_report_index_add_source:
 * @self: a #PrwReportIndex
 * @name: the source's name (UTF-8), as the table shows it and its page
 *   is named: a camera original's clip name, or its path relative to the
 *   sources' folder where two share a clip name
 * @report: (nullable): the splice report of the source's output, or
 *   %NULL when there is no output to show (its job failed or was
 *   skipped): then the row has no page
 * @succeeded: whether the source's job succeeded; the row is marked as
 *   failed otherwise
 * @result: (nullable): what became of the job, in a few words (UTF-8),
 *   such as "printed", "unchanged since the last run", or an error's
 *   message
 *
 * Adds a row to the index, after those already added. With @report, the
 * row links the source's page, named after @name (see
 * prw_report_index_get_page_name()), and shows the number of segments of
 * the report's plan, the output frames they fill (from the plan's
 * ranges: the frames printed from segments, handles included) and the
 * report's verify result (prw_report_set_verify_result()). Nothing is
 * read or written until prw_report_index_write().
 *
 * Returns: the row's index, from 0 in the order sources were added
 *
 * Since: 0.4
 */
guint
prw_report_index_add_source (PrwReportIndex *self, const gchar *name,
                             PrwReport *report, gboolean succeeded,
                             const gchar *result)
{
  Source source = { 0 };

  g_return_val_if_fail (PRW_IS_REPORT_INDEX (self), 0);
  g_return_val_if_fail (name != NULL && g_utf8_validate (name, -1, NULL), 0);
  g_return_val_if_fail (report == NULL || PRW_IS_REPORT (report), 0);
  g_return_val_if_fail (result == NULL || g_utf8_validate (result, -1, NULL),
                        0);

  source.name = g_strdup (name);
  source.report = report ? g_object_ref (report) : NULL;
  source.succeeded = succeeded;
  source.result = g_strdup (result);
  source.page_name = report ? make_page_name (self->page_names, name) : NULL;
  g_array_append_val (self->sources, source);
  return self->sources->len - 1;
}

/**
 * prw_report_index_get_n_sources:
 * @self: a #PrwReportIndex
 *
 * How many rows the index has.
 *
 * Returns: the number of sources added
 *
 * Since: 0.4
 */
guint
prw_report_index_get_n_sources (PrwReportIndex *self)
{
  g_return_val_if_fail (PRW_IS_REPORT_INDEX (self), 0);

  return self->sources->len;
}

/**
 * prw_report_index_get_page_name:
 * @self: a #PrwReportIndex
 * @index: a row, below prw_report_index_get_n_sources()
 *
 * The file name, inside the folder prw_report_index_write() writes, of
 * the row's page: the source's name with '/', '\' and control characters
 * made '_' (and a leading '.', so that no page is hidden), cut to 200
 * bytes, then ".html"; where two names would give one file name (letter
 * case aside, "index.html" included), the later gets "-2", "-3"... before
 * ".html".
 *
 * Returns: (type filename) (nullable) (transfer none): the page's file
 *   name (UTF-8), or %NULL for a row added without a report
 *
 * Since: 0.4
 */
const gchar *
prw_report_index_get_page_name (PrwReportIndex *self, guint index)
{
  g_return_val_if_fail (PRW_IS_REPORT_INDEX (self), NULL);
  g_return_val_if_fail (index < self->sources->len, NULL);

  return g_array_index (self->sources, Source, index).page_name;
}

/**
 * prw_report_index_set_page_kept:
 * @self: a #PrwReportIndex
 * @index: a row added with a report, below
 *   prw_report_index_get_n_sources()
 * @kept: whether the row's page, when prw_report_index_write() finds it
 *   already made, is kept rather than made again
 *
 * For a source whose output is the one an earlier write of the index in
 * the same folder showed (a conform's re-run that skipped its job, the
 * output unchanged): its page is linked as it is, without decoding a
 * picture, when the folder holds a regular file of the row's page name
 * (prw_report_index_get_page_name()) last modified no earlier than the
 * report's output. A page older than its output shows an earlier version
 * of it; that page, or a missing one (the earlier write interrupted, say),
 * is made as any other. A kept page is no part of the write's "all of it
 * or nothing": it is neither written nor removed. By default every page
 * is made.
 *
 * Since: 0.4
 */
void
prw_report_index_set_page_kept (PrwReportIndex *self, guint index,
                                gboolean kept)
{
  g_return_if_fail (PRW_IS_REPORT_INDEX (self));
  g_return_if_fail (index < self->sources->len);

  g_array_index (self->sources, Source, index).keep_page = kept;
}

/**
 * prw_report_index_set_keep_foreign:
 * @self: a #PrwReportIndex
 * @keep: whether a file in the folder that this library did not write is
 *   kept, even when prw_report_index_write() is asked to overwrite
 *
 * Tells the index's own files from anyone else's. Every page and index
 * the library writes carries `<meta name="generator"
 * content="libproreswriter VERSION">` in its head (its first 4096 bytes);
 * with @keep, prw_report_index_write() and
 * prw_report_index_check_folder() replace, at a page's name or at
 * `index.html`, only a regular file whose head has that mark (one an
 * earlier write made, of any version), and refuse anything else there
 * (someone's notes, a copy saved under that name, a symbolic link, even
 * to one of the library's pages) with %PRW_ERROR_OUTPUT_EXISTS, leaving
 * it as it is. So a re-run replaces its own pages and never another's
 * file. By default (%FALSE) overwriting replaces any file that is no
 * movie or input of a report.
 *
 * Since: 0.4
 */
void
prw_report_index_set_keep_foreign (PrwReportIndex *self, gboolean keep)
{
  g_return_if_fail (PRW_IS_REPORT_INDEX (self));

  self->keep_foreign = keep;
}

/* Whether source's page in dir is kept (see
 * prw_report_index_set_page_kept()): there, a regular file, modified no
 * earlier than the output it shows. */
static gboolean
page_is_kept (const Source *source, const gchar *dir)
{
  g_autofree gchar *path = NULL;
  struct stat page, output;

  if (!source->keep_page || source->report == NULL)
    return FALSE;
  path = g_build_filename (dir, source->page_name, NULL);
  if (lstat (path, &page) < 0 || !S_ISREG (page.st_mode)
      || g_stat (prw_report_get_output (source->report), &output) < 0)
    return FALSE;
  return page.st_mtim.tv_sec > output.st_mtim.tv_sec
         || (page.st_mtim.tv_sec == output.st_mtim.tv_sec
             && page.st_mtim.tv_nsec >= output.st_mtim.tv_nsec);
}

static const gchar *index_style
    = "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#111;"
      "background:#fafafa}"
      "h1{font-size:1.4em;margin:0 0 .5em}"
      "table.sources{border-collapse:collapse;font-size:13px}"
      "table.sources th,table.sources td{border:1px solid #ccc;"
      "padding:3px 8px;text-align:left;vertical-align:top}"
      "table.sources td.num{text-align:right}"
      "tr.source.failed td.result{background:#f8d4d4}"
      "tr.source.ok td.result{background:#d9f2d9}"
      "td.verify.failed{background:#f8d4d4}";

static void
render_index (PrwReportIndex *self, GString *out)
{
  guint n_ok = 0;

  for (guint i = 0; i < self->sources->len; i++)
    if (g_array_index (self->sources, Source, i).succeeded)
      n_ok++;

  prw_html_append (
      out,
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      "'none'; img-src data:; style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width\">\n"
      "<meta name=\"generator\" content=\"libproreswriter %s\">\n"
      "<title>%s</title>\n<style>",
      prw_get_version_string (), self->title);
  g_string_append (out, index_style);
  prw_html_append (out,
                   "</style>\n</head>\n<body>\n<h1>%s</h1>\n"
                   "<p class=\"summary\" id=\"summary\">%u source%s: %u "
                   "succeeded, %u failed</p>\n",
                   self->title, self->sources->len,
                   self->sources->len == 1 ? "" : "s", n_ok,
                   self->sources->len - n_ok);
  if (self->sources->len == 0) {
    g_string_append (out, "<p>No sources.</p>\n</body>\n</html>\n");
    return;
  }
  g_string_append (out, "<table class=\"sources\">\n<thead><tr>"
                        "<th>Source</th><th>Report</th><th>Segments</th>"
                        "<th>Frames graded</th><th>Verify</th>"
                        "<th>Result</th></tr></thead>\n<tbody>\n");
  for (guint i = 0; i < self->sources->len; i++) {
    const Source *source = &g_array_index (self->sources, Source, i);
    const gchar *result = source->result
                              ? source->result
                              : (source->succeeded ? "succeeded" : "failed");

    prw_html_append (out,
                     "<tr class=\"source %s\" id=\"source-%u\" "
                     "data-name=\"%s\"><th class=\"name\">%s</th>",
                     source->succeeded ? "ok" : "failed", i + 1, source->name,
                     source->name);
    if (source->report != NULL) {
      PrwPlan *plan = prw_report_get_plan (source->report);
      gint64 frames = prw_media_info_get_frame_count (prw_plan_get_base (plan));
      g_autofree gchar *href
          = g_uri_escape_string (source->page_name, NULL, FALSE);
      gboolean passed = FALSE;
      gboolean verified
          = prw_report_get_verify_result (source->report, &passed);

      prw_html_append (
          out,
          "<td class=\"page\"><a href=\"%s\">%s</a></td>"
          "<td class=\"num segments\">%u</td>"
          "<td class=\"num frames\" data-frames=\"%" G_GINT64_FORMAT
          "\">%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT "</td>"
          "<td class=\"verify %s\">%s</td>",
          href, source->page_name, prw_plan_get_n_segments (plan),
          prw_report_plan_frames_graded (plan),
          prw_report_plan_frames_graded (plan), frames,
          !verified ? "not-run"
          : passed  ? "passed"
                    : "failed",
          !verified ? "not run"
          : passed  ? "passed"
                    : "FAILED");
    } else {
      g_string_append (out, "<td class=\"page none\">no page</td>"
                            "<td class=\"num segments\"></td>"
                            "<td class=\"num frames\"></td>"
                            "<td class=\"verify none\"></td>");
    }
    prw_html_append (out, "<td class=\"result\">%s</td></tr>\n", result);
  }
  g_string_append (out, "</tbody>\n</table>\n</body>\n</html>\n");
}

/* What must never be replaced: any report's output or input. */
static const gchar *
protected_file (PrwReportIndex *self, const struct stat *st)
{
  for (guint i = 0; i < self->sources->len; i++) {
    const Source *source = &g_array_index (self->sources, Source, i);
    const gchar *other;

    if (source->report != NULL
        && (other = prw_report_protected_file (source->report, st)))
      return other;
  }
  return NULL;
}

/* Whether the file name path in dir may be written: nothing there, or
 * (with overwrite) a file that is no movie of any report and, when the
 * index keeps foreign files (prw_report_index_set_keep_foreign()), one
 * this library wrote (prw_report_file_is_ours()). */
static gboolean
check_target (PrwReportIndex *self, const gchar *path, gboolean overwrite,
              GError **error)
{
  struct stat st;
  const gchar *other;

  if (g_stat (path, &st) < 0) {
    if (errno != ENOENT)
      return prw_set_error_from_errno (error, errno, path, NULL);
    /* a symbolic link to nothing: renaming onto it replaces the link */
    if (self->keep_foreign && g_lstat (path, &st) == 0) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS,
                   "%s: exists, a symbolic link to nothing, and was not "
                   "written by libproreswriter; left as it is",
                   path);
      return FALSE;
    }
    return TRUE;
  }
  if ((other = protected_file (self, &st))) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_SAME_FILE,
                 "%s: is %s, a movie of a report; refusing to overwrite it",
                 path, other);
    return FALSE;
  }
  if (S_ISDIR (st.st_mode)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO, "%s: is a directory", path);
    return FALSE;
  }
  if (!overwrite) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS, "%s: exists", path);
    return FALSE;
  }
  if (self->keep_foreign && !prw_report_file_is_ours (path)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS,
                 "%s: exists and was not written by libproreswriter (its "
                 "head has no generator mark of it); left as it is",
                 path);
    return FALSE;
  }
  return TRUE;
}

static gboolean
set_appeared_error (GError **error, const gchar *path)
{
  g_set_error (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS,
               "%s: appeared while the reports were written", path);
  return FALSE;
}

/* Moves from (in the hidden folder) to to (in DIR): replacing what is
 * there with overwrite (never a report's movie), else refusing what
 * appeared there meanwhile. */
static gboolean
move_into_place (PrwReportIndex *self, const gchar *from, const gchar *to,
                 gboolean overwrite, GError **error)
{
  if (overwrite) {
    if (!check_target (self, to, TRUE, error))
      return FALSE;
    if (g_rename (from, to) < 0)
      return prw_set_error_from_errno (error, errno, to, "cannot rename");
    return TRUE;
  }
#ifdef HAVE_RENAMEAT2
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return TRUE;
  if (errno == EEXIST)
    return set_appeared_error (error, to);
  if (errno != EINVAL && errno != ENOSYS)
    return prw_set_error_from_errno (error, errno, to, "cannot rename");
#endif
  /* a hard link refuses an existing name just as well */
  if (link (from, to) == 0) {
    g_unlink (from);
    return TRUE;
  }
  if (errno == EEXIST)
    return set_appeared_error (error, to);
  if (!check_target (self, to, FALSE, error))
    return FALSE;
  if (g_rename (from, to) < 0)
    return prw_set_error_from_errno (error, errno, to, "cannot rename");
  return TRUE;
}

static gboolean
write_index_file (PrwReportIndex *self, const gchar *path,
                  GCancellable *cancellable, GError **error)
{
  g_autoptr (PrwAtomicOutput) out = NULL;
  g_autoptr (GString) html = g_string_sized_new (4096);

  render_index (self, html);
  out = prw_atomic_output_open (path, PRW_ATOMIC_OUTPUT_NONE, error);
  if (!out)
    return FALSE;
  if (!prw_fd_pwrite_all (prw_atomic_output_get_fd (out), html->str, html->len,
                          0))
    return prw_set_error_from_errno (error, errno, path, "cannot write");
  return prw_atomic_output_commit (out, NULL, NULL, cancellable, error);
}

static void
sync_folder (const gchar *dir)
{
  int fd = prw_fd_open (dir, O_RDONLY | O_DIRECTORY, 0);

  if (fd >= 0) {
    (void) prw_fd_sync (fd);
    prw_fd_close (fd);
  }
}

/* The folder dir is made in: its name's parent, trailing separators
 * aside ("rp/" is made in ".", not in "rp" as g_path_get_dirname() has
 * it). */
static gchar *
parent_folder (const gchar *dir)
{
  g_autofree gchar *name = g_strdup (dir);
  gsize len = strlen (name);

  while (len > 1 && G_IS_DIR_SEPARATOR (name[len - 1]))
    name[--len] = '\0';
  return g_path_get_dirname (name);
}

/* Checks dir before anything is written: a folder, or a name whose
 * folder exists (*missing is then TRUE); and, when it exists, every name
 * the index will take in it. */
static gboolean
check_folder (PrwReportIndex *self, const gchar *dir, gboolean overwrite,
              gboolean *missing, GError **error)
{
  g_autofree gchar *parent = parent_folder (dir);
  g_autofree gchar *index_path = NULL;
  struct stat st;

  *missing = FALSE;
  if (g_stat (dir, &st) < 0) {
    if (errno != ENOENT)
      return prw_set_error_from_errno (error, errno, dir, NULL);
    if (g_stat (parent, &st) < 0 || !S_ISDIR (st.st_mode)) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_NOT_FOUND,
                   "%s: its folder %s does not exist", dir, parent);
      return FALSE;
    }
    *missing = TRUE;
    return TRUE;
  }
  if (!S_ISDIR (st.st_mode)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO, "%s: is not a folder", dir);
    return FALSE;
  }
  for (guint i = 0; i < self->sources->len; i++) {
    const Source *source = &g_array_index (self->sources, Source, i);
    g_autofree gchar *path = NULL;

    if (source->page_name == NULL || source->kept)
      continue;
    path = g_build_filename (dir, source->page_name, NULL);
    if (!check_target (self, path, overwrite, error))
      return FALSE;
  }
  index_path = g_build_filename (dir, INDEX_NAME, NULL);
  return check_target (self, index_path, overwrite, error);
}

/**
 * prw_report_index_check_folder:
 * @self: a #PrwReportIndex
 * @dir: (type filename): the folder prw_report_index_write() is to write
 *   into
 * @names: (nullable) (array zero-terminated=1): the names of the sources
 *   whose rows are still to be added with a report, as they will be given
 *   to prw_report_index_add_source() and in that order, or %NULL
 * @overwrite: as prw_report_index_write() will be given it
 * @error: return location for a #GError
 *
 * Looks, writing nothing, at what prw_report_index_write() with @dir and
 * @overwrite would refuse before it decodes a picture, so that a caller
 * can refuse at once rather than after hours of work that precede the
 * write (a conform's jobs): that @dir is a folder that can be written and
 * searched, or can be made (its parent is a folder that can be written;
 * nothing on the way is a file or a symbolic link to nothing); and, when
 * @dir exists, that no page name nor `index.html` there is taken by a
 * file the write would refuse: a folder, a movie or input of a report
 * already added, any file without @overwrite, a file this library did not
 * write with prw_report_index_set_keep_foreign(). The page names checked
 * are those of the rows already added with a report and those @names
 * will take after them (prw_report_index_get_page_name()); the index is
 * not changed. What happens after the check (a file appearing, a full
 * disk) the write itself still refuses.
 *
 * Errors:
 *
 * - %PRW_ERROR_NOT_FOUND: @dir cannot be made: it does not exist and
 *   neither does its parent folder, or @dir or one of its parents is a
 *   file or a symbolic link to nothing;
 * - %PRW_ERROR_IO: a page's name or `index.html` in @dir is a folder;
 * - %PRW_ERROR_PERMISSION_DENIED: @dir cannot be written or searched, or
 *   made in its parent (access(2), as the real user; a read-only
 *   filesystem or an immutable folder too);
 * - %PRW_ERROR_OUTPUT_EXISTS: a page or `index.html` exists in @dir and
 *   @overwrite is %FALSE, or it was not written by this library and the
 *   index keeps foreign files;
 * - %PRW_ERROR_SAME_FILE: a page or `index.html` in @dir is the output or
 *   an input of one of the reports already added.
 *
 * Returns: %TRUE if the write would not be refused for its folder or its
 *   names, as they are now
 *
 * Since: 0.4
 */
gboolean
prw_report_index_check_folder (PrwReportIndex *self, const gchar *dir,
                               const gchar *const *names, gboolean overwrite,
                               GError **error)
{
  g_autoptr (GHashTable) taken = NULL;
  g_autofree gchar *index_path = NULL;
  GHashTableIter iter;
  gpointer name;
  gboolean exists = FALSE;
  int err;

  g_return_val_if_fail (PRW_IS_REPORT_INDEX (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* the walk a folder's making is foreseen with, everywhere */
  err = prw_folder_check_makeable (dir, &exists);
  if (err != 0)
    return prw_set_error_from_errno (error, err, dir, "cannot make the folder");
  if (!exists) {
    g_autofree gchar *parent = parent_folder (dir);

    /* the write makes dir alone, not its parents */
    if (!g_file_test (parent, G_FILE_TEST_IS_DIR)) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_NOT_FOUND,
                   "%s: its folder %s does not exist", dir, parent);
      return FALSE;
    }
    return TRUE;
  }
  if (g_access (dir, W_OK | X_OK) < 0)
    return prw_set_error_from_errno (error, errno, dir,
                                     "cannot write into the folder");

  for (guint i = 0; i < self->sources->len; i++) {
    const Source *source = &g_array_index (self->sources, Source, i);
    g_autofree gchar *path = NULL;

    if (source->page_name == NULL || page_is_kept (source, dir))
      continue;
    path = g_build_filename (dir, source->page_name, NULL);
    if (!check_target (self, path, overwrite, error))
      return FALSE;
  }
  /* the names the rows still to come will take, on a copy of the taken */
  taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, self->page_names);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_hash_table_add (taken, g_strdup (name));
  for (guint i = 0; names != NULL && names[i] != NULL; i++) {
    g_autofree gchar *page = make_page_name (taken, names[i]);
    g_autofree gchar *path = g_build_filename (dir, page, NULL);

    if (!check_target (self, path, overwrite, error))
      return FALSE;
  }
  index_path = g_build_filename (dir, INDEX_NAME, NULL);
  return check_target (self, index_path, overwrite, error);
}

/**
 * prw_report_index_write:
 * @self: a #PrwReportIndex
 * @dir: (type filename): the folder to write the pages and the index
 *   into; made if it does not exist (its parent must)
 * @overwrite: whether existing pages and `index.html` in @dir are
 *   replaced (never a movie or input of a report; only the library's own
 *   files when prw_report_index_set_keep_foreign() says so)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes `@dir/index.html` and, for each row added with a report, the
 * report's page `@dir/PAGE` (PAGE: prw_report_index_get_page_name()),
 * each page as prw_report_write() writes it (its pictures decoded from
 * its output alone) and linking back to the index; a row's page that
 * prw_report_index_set_page_kept() keeps, and that @dir holds made after
 * its output, is linked as it is, neither written nor removed.
 *
 * All of it appears or none of it. Pages and the index are written into
 * a hidden folder made inside @dir (".index.prw-XXXXXX"), each through a
 * temporary file renamed when complete and flushed to disk; only when
 * every one is written are they renamed into @dir, the pages first, the
 * index last, and @dir is flushed. On any failure or cancellation the
 * hidden folder and what it holds are removed, so are the pages already
 * renamed into @dir (which, with @overwrite, may have replaced earlier
 * ones), and @dir too when this call made it; files already in @dir are
 * otherwise left as they were. Every name the index will take in @dir is
 * checked before any picture is decoded.
 *
 * The time taken is that of the pages, one after the other (see
 * prw_report_write()); the index itself is a few kilobytes.
 *
 * Errors:
 *
 * - %PRW_ERROR_NOT_FOUND: @dir does not exist and neither does its
 *   parent folder;
 * - %PRW_ERROR_IO: @dir is not a folder, or a page's name or
 *   `index.html` in it is a folder;
 * - %PRW_ERROR_OUTPUT_EXISTS: a page or `index.html` exists in @dir and
 *   @overwrite is %FALSE (also when one appears while they are written),
 *   or it was not written by this library and the index keeps foreign
 *   files (prw_report_index_set_keep_foreign());
 * - %PRW_ERROR_SAME_FILE: a page or `index.html` in @dir is the output or
 *   an input of one of the reports;
 * - %PRW_ERROR_PERMISSION_DENIED, %PRW_ERROR_NO_SPACE, %PRW_ERROR_IO:
 *   @dir, a page or the index cannot be made or written (the message
 *   names the file);
 * - any error of prw_report_write() making a source's page from its
 *   output (%PRW_ERROR_NOT_FOUND, %PRW_ERROR_PERMISSION_DENIED,
 *   %PRW_ERROR_IO, %PRW_ERROR_NOT_QUICKTIME, %PRW_ERROR_CORRUPT,
 *   %PRW_ERROR_UNSUPPORTED, %PRW_ERROR_NO_VIDEO, %PRW_ERROR_NO_TIMECODE,
 *   %PRW_ERROR_FAILED, %PRW_ERROR_MISMATCH, %PRW_ERROR_MISSING_ELEMENT,
 *   %PRW_ERROR_PIPELINE), its message naming the output;
 * - %G_IO_ERROR_CANCELLED: @cancellable was cancelled.
 *
 * Returns: %TRUE if the index and every page were written
 *
 * Since: 0.4
 */
gboolean
prw_report_index_write (PrwReportIndex *self, const gchar *dir,
                        gboolean overwrite, GCancellable *cancellable,
                        GError **error)
{
  g_autofree gchar *staging = NULL;
  /* names written in staging; paths renamed into dir */
  g_autoptr (GPtrArray) staged = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) moved = g_ptr_array_new_with_free_func (g_free);
  gboolean missing = FALSE;
  gboolean made_dir = FALSE;
  gboolean made_staging = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (PRW_IS_REPORT_INDEX (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < self->sources->len; i++) {
    Source *source = &g_array_index (self->sources, Source, i);

    source->kept = page_is_kept (source, dir);
  }
  if (!check_folder (self, dir, overwrite, &missing, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (missing) {
    if (g_mkdir (dir, 0777) < 0)
      return prw_set_error_from_errno (error, errno, dir,
                                       "cannot make the folder");
    made_dir = TRUE;
  }
  staging = g_build_filename (dir, ".index.prw-XXXXXX", NULL);
  if (g_mkdtemp_full (staging, 0700) == NULL) {
    prw_set_error_from_errno (error, errno, dir,
                              "cannot make a temporary folder");
    goto out;
  }
  made_staging = TRUE;

  /* every page, then the index, in the hidden folder */
  for (guint i = 0; i < self->sources->len; i++) {
    const Source *source = &g_array_index (self->sources, Source, i);
    g_autofree gchar *path = NULL;

    if (source->report == NULL || source->kept)
      continue;
    path = g_build_filename (staging, source->page_name, NULL);
    if (!prw_report_write_page (source->report, path, FALSE, INDEX_NAME,
                                cancellable, error))
      goto out;
    g_ptr_array_add (staged, g_strdup (source->page_name));
  }
  {
    g_autofree gchar *path = g_build_filename (staging, INDEX_NAME, NULL);

    if (!write_index_file (self, path, cancellable, error))
      goto out;
    g_ptr_array_add (staged, g_strdup (INDEX_NAME));
  }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  /* into place, the index last */
  for (guint i = 0; i < staged->len; i++) {
    const gchar *name = g_ptr_array_index (staged, i);
    g_autofree gchar *from = g_build_filename (staging, name, NULL);
    g_autofree gchar *to = g_build_filename (dir, name, NULL);

    if (!move_into_place (self, from, to, overwrite, error))
      goto out;
    g_ptr_array_add (moved, g_steal_pointer (&to));
  }
  sync_folder (dir);
  GST_DEBUG ("report index %s: %u sources, %u pages", dir, self->sources->len,
             staged->len - 1);
  ok = TRUE;

out:
  if (!ok)
    for (guint i = 0; i < moved->len; i++)
      g_unlink (g_ptr_array_index (moved, i));
  for (guint i = 0; i < staged->len; i++) {
    g_autofree gchar *path
        = g_build_filename (staging, g_ptr_array_index (staged, i), NULL);

    g_unlink (path); /* already gone when it was moved */
  }
  if (made_staging)
    g_rmdir (staging);
  if (!ok && made_dir)
    g_rmdir (dir);
  return ok;
}
