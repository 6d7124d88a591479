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
  gchar *path;   /* as it will be opened: ROOT/REL/NAME */
  gchar *folder; /* REL, relative to the root; NULL for the root or a file
                    given as it is */
} PrwCliFound;

/* The files of paths (PrwCliFound, freed with the array); unreadable folders
 * and missing paths are reported as warnings. */
GPtrArray *prw_cli_walk (char **paths);

G_END_DECLS
