/* proreswriter CLI: the files under the paths a user gave
 *
 * From cmd-conform.c, whose --sources, --grades and --vfx
 * it walks: a file as it is, a folder recursively, hidden files skipped,
 * each file once. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A file found under a folder the user gave. */
typedef struct {
  gchar *path;      /* as it will be opened: ROOT/REL/NAME */
  gchar *folder;    /* REL, relative to the root; NULL for the root or a file
                       given as it is */
  guint root;       /* which path of the command line it was found under */
  gchar *root_name; /* that path's own name: the folder's, or for a file
                       given as it is its folder's ("day1") */
  gboolean named;   /* given as it is on the command line (found in a
                       folder given before it too) */
} PrwCliFound;

/* The files of paths (PrwCliFound, freed with the array), each once: a
 * file as it is, a folder walked. A path that does not exist, or a folder
 * that cannot be read, is reported in one line and counted in
 * *n_unread. */
GPtrArray *prw_cli_walk (char **paths, guint *n_unread);

/* The folder of paths (as given) that path is, or is inside, symbolic
 * links resolved as far as each exists, or NULL: an output written there
 * would be taken for an input by a later walk of that folder. Files of
 * paths do not count. */
const gchar *prw_cli_walk_folder_holding (char **paths, const gchar *path);

/* Whether a file found in a walked folder is one conform and blank mean
 * to read: a QuickTime/MP4 or MXF movie, or an ALE, by its name's
 * extension. One of these that cannot be read is an input lost (a
 * failure); any other file (notes, a RAW original an ALE lists) is a
 * warning, passed over. */
gboolean prw_cli_looks_like_media (const gchar *path);

/* path made absolute, with its symbolic links resolved as far as it
 * exists: "out/new" under a linked "out" is the link's target and "new",
 * so that two names of one file compare equal, even where it does not
 * exist yet (newly allocated) */
gchar *prw_cli_resolve_path (const gchar *path);

G_END_DECLS
