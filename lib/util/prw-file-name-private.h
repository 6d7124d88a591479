/* libproreswriter: a file name made from a name a movie or a log gives
 * (private)
 *
 * Clip names come from files (an MXF package name, an ALE's Name column)
 * and may hold '/', "..", control characters or a leading '.', which would
 * put a file elsewhere than meant or hide it. One rule for every file the
 * library or the tool names after such a name (blank rushes, conform's
 * outputs, the report's pages).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest stem, in bytes: room for an extension and a "-N" within the
 * 255 bytes most file systems allow. */
#define PRW_FILE_STEM_MAX 200

/* name as one file name without its extension: '/', '\\' and control
 * characters become '_', as does a leading '.' (so neither "." nor ".."
 * nor a hidden name results); cut to PRW_FILE_STEM_MAX bytes on a
 * character's boundary; fallback when nothing is left. name is UTF-8
 * (invalid bytes become U+FFFD). */
gchar *prw_file_stem_from_name (const gchar *name, const gchar *fallback);

G_END_DECLS
