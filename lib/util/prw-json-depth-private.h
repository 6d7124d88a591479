/* libproreswriter: how deep a JSON text nests, before it is parsed
 * (private)
 *
 * JSON-GLib 1.6's parser recurses once per array or object level with no
 * limit of its own, so a file of 100,000 '[' overflows the stack. The
 * files the library reads (a conform job, the conform state) nest a few
 * levels deep; a reader refuses anything deeper than PRW_JSON_MAX_DEPTH
 * before it hands the text to the parser.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Far deeper than any file the library writes (a conform job nests 4
 * deep, the conform state 5). */
#define PRW_JSON_MAX_DEPTH 32

/* Whether data (length bytes, or up to its NUL if length is negative)
 * opens more than max_depth arrays and objects at once, brackets inside
 * strings aside. It does not check the rest of the syntax. */
gboolean prw_json_nests_deeper_than (const gchar *data, gssize length,
                                     guint max_depth);

G_END_DECLS
