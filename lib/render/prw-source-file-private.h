/* libproreswriter: an input movie held open for the print (private) */
#pragma once

#include <proreswriter/proreswriter.h>

G_BEGIN_DECLS

/* A read-only file descriptor on a probed movie, shared by every buffer
 * that points into it. Reference counted, thread-safe. */
typedef struct _PrwSourceFile PrwSourceFile;

/* Opens the file info was probed from, read-only, and checks that it is
 * still that file: same device, inode, size and modification time. A file
 * that changed since would not match the sample tables the plan uses, so
 * it is refused ("PATH: changed since it was read ..."). */
PrwSourceFile *prw_source_file_open (PrwMediaInfo *info, GError **error);

PrwSourceFile *prw_source_file_ref (PrwSourceFile *file);
void prw_source_file_unref (PrwSourceFile *file);

int prw_source_file_get_fd (PrwSourceFile *file);
const gchar *prw_source_file_get_path (PrwSourceFile *file);
guint64 prw_source_file_get_size (PrwSourceFile *file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrwSourceFile, prw_source_file_unref)

G_END_DECLS
