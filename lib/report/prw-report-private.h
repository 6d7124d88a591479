/* libproreswriter: what the index page needs of a PrwReport (private) */
#pragma once

#include <proreswriter/proreswriter.h>
#include <sys/stat.h>

G_BEGIN_DECLS

/* Which file that must never be replaced st is (the report's output, one
 * of its plan's inputs), or NULL. */
const gchar *prw_report_protected_file (PrwReport *self, const struct stat *st);

/* prw_report_write(), the page linking back to an index page at
 * index_href (a URI reference, or NULL for no link). */
gboolean prw_report_write_page (PrwReport *self, const gchar *path,
                                gboolean overwrite, const gchar *index_href,
                                GCancellable *cancellable, GError **error);

/* The verify result given with prw_report_set_verify_result(): FALSE when
 * none was; *passed tells it then. */
gboolean prw_report_get_verify_result (PrwReport *self, gboolean *passed);

/* The mark every page and index this library writes carries in its head
 * (prw_report_page_render(), the index's render), before its version */
#define PRW_REPORT_GENERATOR_MARK                                              \
  "<meta name=\"generator\" content=\"libproreswriter "

/* Whether the file at path is a page or an index this library wrote: a
 * regular file (not a symbolic link) whose head, its first
 * PRW_REPORT_HEAD_MAX bytes, carries PRW_REPORT_GENERATOR_MARK. The one
 * rule that tells a report's own files from anyone else's. */
#define PRW_REPORT_HEAD_MAX 4096
gboolean prw_report_file_is_ours (const gchar *path);

G_END_DECLS
