/* libproreswriter: which file a path or descriptor is, and whether it
 * changed (private)
 *
 * A file is the same file while its device and inode are; it is unchanged
 * while its size and modification time (in nanoseconds where the system
 * keeps them) are too, and, where it was noted, its status change time
 * (ctime: a rewrite whose modification time was put back, with touch -r
 * or rsync -t, changes it; so does a chmod). The print reads inputs through
 * sample tables made from one state of each file, so any change fails it.
 */
#pragma once

#include <glib.h>
#include <sys/stat.h>

G_BEGIN_DECLS

typedef struct {
  guint64 dev;
  guint64 ino;
  guint64 size;
  gint64 mtime_ns;
  gint64 ctime_ns; /* -1: not noted, not compared */
} PrwFileIdentity;

/* st's modification time in nanoseconds since the epoch (st_mtim, or
 * st_mtimespec on macOS; whole seconds where neither exists). */
gint64 prw_stat_get_mtime_ns (const struct stat *st);

/* st's status change time (ctime) in nanoseconds since the epoch: when
 * the file was last written, had its times or mode set, or was made. */
gint64 prw_stat_get_ctime_ns (const struct stat *st);

/* Notes st's device, inode, size, modification time and ctime. */
void prw_file_identity_from_stat (PrwFileIdentity *id, const struct stat *st);

/* Whether a and b are one file (device and inode): through symbolic and
 * hard links too. */
gboolean prw_stat_same_file (const struct stat *a, const struct stat *b);

/* NULL when now is the file was, unchanged; else why not, for a message:
 * "its size differs", "it is another file now", "it was modified" or
 * (when was noted its ctime) "it was rewritten or its times set". */
const gchar *prw_file_identity_compare (const PrwFileIdentity *was,
                                        const PrwFileIdentity *now);

/* Whether path is still the file was noted, unchanged (stat() now). FALSE
 * with error set, PRW_ERROR_CHANGED: "PATH: changed since it was read
 * (WHY)", "PATH: removed since it was read", or "PATH: REASON" when it
 * cannot be stat()ed: the message a print gives of a segment changed
 * under it. */
gboolean prw_file_identity_check (const PrwFileIdentity *was, const gchar *path,
                                  GError **error);

G_END_DECLS
