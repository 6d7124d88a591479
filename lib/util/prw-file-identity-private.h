/* libproreswriter: which file a path or descriptor is, and whether it
 * changed (private)
 *
 * A file is the same file while its device and inode are; it is unchanged
 * while its size and modification time (in nanoseconds where the system
 * keeps them) are too. The print reads inputs through sample tables made
 * from one state of each file, so any change fails it.
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
} PrwFileIdentity;

/* st's modification time in nanoseconds since the epoch (st_mtim, or
 * st_mtimespec on macOS; whole seconds where neither exists). */
gint64 prw_stat_get_mtime_ns (const struct stat *st);

void prw_file_identity_from_stat (PrwFileIdentity *id, const struct stat *st);

/* Whether a and b are one file (device and inode): through symbolic and
 * hard links too. */
gboolean prw_stat_same_file (const struct stat *a, const struct stat *b);

/* NULL when now is the file was, unchanged; else why not, for a message:
 * "its size differs", "it is another file now" or "it was modified". */
const gchar *prw_file_identity_compare (const PrwFileIdentity *was,
                                        const PrwFileIdentity *now);

G_END_DECLS
