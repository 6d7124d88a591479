/* proreswriter CLI: a tiny JSON writer (no parser, no dependency) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes one JSON value, pretty-printed with two-space indents, into a
 * GString. Commas and indentation are placed by the writer; callers only
 * open and close containers, name members with _key() and write values.
 * Strings are escaped (quotes, backslashes, control characters); valid
 * UTF-8 passes through and invalid bytes become U+FFFD so the result is
 * always valid JSON text. */
typedef struct _PrwCliJson PrwCliJson;

PrwCliJson *prw_cli_json_new (void);
/* Frees the writer and returns the text, with a final newline. */
gchar *prw_cli_json_free_to_string (PrwCliJson *json);
void prw_cli_json_free (PrwCliJson *json);

void prw_cli_json_begin_object (PrwCliJson *json);
void prw_cli_json_end_object (PrwCliJson *json);
void prw_cli_json_begin_array (PrwCliJson *json);
void prw_cli_json_end_array (PrwCliJson *json);

/* The member name of the next value; only inside an object. */
void prw_cli_json_key (PrwCliJson *json, const gchar *key);

/* value may be NULL: writes null */
void prw_cli_json_string (PrwCliJson *json, const gchar *value);
void prw_cli_json_int (PrwCliJson *json, gint64 value);
void prw_cli_json_uint (PrwCliJson *json, guint64 value);
void prw_cli_json_boolean (PrwCliJson *json, gboolean value);
void prw_cli_json_null (PrwCliJson *json);
/* A number with a fixed count of decimals, in the C locale. */
void prw_cli_json_double (PrwCliJson *json, gdouble value, guint decimals);

/* Appends the JSON string literal for value (quotes included) to out. */
void prw_cli_json_append_escaped (GString *out, const gchar *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrwCliJson, prw_cli_json_free)

G_END_DECLS
