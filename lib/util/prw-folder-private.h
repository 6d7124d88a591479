/* libproreswriter: whether a folder can be made, looked at before it is
 * (private)
 *
 * A dry run says what the run will meet without writing: where the run
 * makes a folder and its parents (g_mkdir_with_parents()), the dry run
 * asks prw_folder_check_makeable() first. One walk, for every check of
 * that kind (a conform job's output folder, conform's output folder).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether g_mkdir_with_parents (dir, ...) would succeed, looked at now,
 * making nothing: 0 when dir is a folder already (*exists set TRUE) or
 * can be made (*exists FALSE): the nearest of dir and its parents that
 * is there is a folder that can be written and searched (access(2), as
 * the real user). Else the errno the making fails with: ENOTDIR when a
 * file is on the way (or dir itself is a file, or a symbolic link to
 * nothing), ENOENT when a symbolic link to nothing stands for one of its
 * parents (mkdir() finds the name taken, the path under it missing),
 * EACCES (EROFS...) when a parent cannot be searched or the nearest one
 * there written. A folder dir that is there is not checked further:
 * whether it can be written is its caller's question. */
int prw_folder_check_makeable (const gchar *dir, gboolean *exists);

G_END_DECLS
