/* libproreswriter: an output that appears only complete (private)
 *
 * One file descriptor, from the creation of a hidden temporary file beside
 * the output (".NAME.prw-XXXXXX", in the output's folder so that the final
 * rename stays on one filesystem) to the rename that puts it in place:
 *
 *   open      creates the temporary file, new and empty, readable by its
 *             owner only while it is written
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

/* Creates the temporary file for path. Errors name path: "PATH: cannot
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
 * ("PATH: appeared during the print") without REPLACE, "PATH: cannot
 * rename the finished print: REASON". On failure the temporary file is
 * removed by free, as ever. */
gboolean prw_atomic_output_commit (PrwAtomicOutput *self,
                                   PrwAtomicOutputCheckFunc check,
                                   gpointer user_data,
                                   GCancellable *cancellable, GError **error);

void prw_atomic_output_free (PrwAtomicOutput *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrwAtomicOutput, prw_atomic_output_free)

G_END_DECLS
