/* libproreswriter: an output that appears only complete (private)
 *
 * One file descriptor, from the creation of a hidden temporary file beside
 * the output (".NAME.prw-XXXXXX", in the output's folder so that the final
 * rename stays on one filesystem; where that would pass the 255 bytes a
 * file name may have, NAME is cut to its start, on a UTF-8 character's
 * boundary, followed by "~" and eight hex digits of the SHA-256 of the
 * whole NAME) to the rename that puts it in place:
 *
 *   open      removes the stale temporary files of the same output (see
 *             below), then creates the temporary file, new and empty,
 *             readable by its owner only while it is written, and takes
 *             its lock
 *   (write)   the caller writes through prw_atomic_output_get_fd()
 *   commit    gives the file the mode a plain creat() would have, flushes
 *             it to disk and closes it, lets the caller check what it must
 *             just before (the inputs, what is at the output now), then
 *             renames it into place (refusing an output that appeared in
 *             the meantime unless REPLACE) and flushes the folder
 *   free      closes the descriptor and, unless committed, removes the
 *             temporary file: on any failure or cancellation nothing is
 *             left behind
 *
 * A writer that dies at once (SIGKILL, a crash, a power cut) cannot
 * remove its temporary file, so the next writer of the same output does.
 * Each writer holds an exclusive flock() on its temporary file from its
 * creation to its rename or removal (through a duplicate of its
 * descriptor, kept open after the commit closes the one written through).
 * open lists the output's folder and removes each ".NAME.prw-XXXXXX"
 * (NAME cut as above; exactly six letters or digits after it) that is a
 * regular file, not a symbolic link, of the same user, and whose lock it
 * takes without waiting: one that no living process holds. Nothing else is
 * removed: not the output, not the file of a concurrent writer of the same
 * output (its lock is held), not a file on a filesystem without locks (flock()
 * fails: it is kept, said at debug level), not another output's files. A
 * removal is logged with g_info(). flock() rather than fcntl() locks: a
 * POSIX fcntl() lock belongs to the process (two writers in one process do
 * not exclude each other, and any close of the file drops it), and OFD
 * fcntl() locks are Linux's only; flock() is per open file description on
 * Linux, macOS and the BSDs (NFS emulates it with a whole-file lock, hence
 * the read-write open). A file created by a writer can be found by
 * another's listing before its writer locks it: the writer then waits for
 * the lock and, if its file's name is gone, creates another.
 *
 * libgit2's filebuf is the model (lock file, commit, cleanup).
 */
#pragma once

#include <gio/gio.h>
#include <sys/stat.h>

G_BEGIN_DECLS

typedef struct _PrwAtomicOutput PrwAtomicOutput;

typedef enum {
  PRW_ATOMIC_OUTPUT_NONE = 0,
  /* an existing output is replaced (atomically) */
  PRW_ATOMIC_OUTPUT_REPLACE = 1 << 0,
} PrwAtomicOutputFlags;

/* Called by commit after the flush, just before the rename, with what is
 * at the output's name now (NULL: nothing); returns FALSE with error set
 * to refuse. */
typedef gboolean (*PrwAtomicOutputCheckFunc) (const gchar *path,
                                              const struct stat *existing,
                                              gpointer user_data,
                                              GError **error);

/* Removes the stale temporary files of path (see above) and creates its
 * own. Errors name path: "PATH: cannot
 * create a temporary file: REASON" (PRW_ERROR_NO_SPACE,
 * PRW_ERROR_PERMISSION_DENIED, PRW_ERROR_NOT_FOUND or PRW_ERROR_IO). */
PrwAtomicOutput *prw_atomic_output_open (const gchar *path,
                                         PrwAtomicOutputFlags flags,
                                         GError **error);

/* The temporary file's descriptor, read-write, owned by self: valid until
 * commit or free. */
int prw_atomic_output_get_fd (PrwAtomicOutput *self);

/* Puts the file in place (see above). Errors: "PATH: cannot flush to
 * disk: REASON", check's own, G_IO_ERROR_CANCELLED, PRW_ERROR_OUTPUT_EXISTS
 * ("PATH: appeared while it was written") without REPLACE, "PATH: cannot
 * rename the finished file into place: REASON". On failure the temporary file
 * is removed by free, as ever. */
gboolean prw_atomic_output_commit (PrwAtomicOutput *self,
                                   PrwAtomicOutputCheckFunc check,
                                   gpointer user_data,
                                   GCancellable *cancellable, GError **error);

void prw_atomic_output_free (PrwAtomicOutput *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrwAtomicOutput, prw_atomic_output_free)

G_END_DECLS
