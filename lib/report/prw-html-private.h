/* libproreswriter: writing HTML safely (private)
 *
 * Markup is only ever the format string; every string argument is escaped
 * (& < > " ' become entities), so names with spaces, quotes, '<' or '&'
 * stay text in element content and in quoted attribute values alike.
 * Strings must be UTF-8 (file names go through g_filename_display_name()
 * first); invalid sequences are replaced with U+FFFD.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends text, escaped. */
void prw_html_append_text (GString *out, const gchar *text);

/* Appends format with its arguments, each %s argument escaped (the format
 * itself is markup and is not). As g_markup_printf_escaped(). */
void prw_html_append (GString *out, const gchar *format, ...)
    G_GNUC_PRINTF (2, 3);

/* Appends a data: URI ("data:MIME;base64,...") holding bytes. */
void prw_html_append_data_uri (GString *out, const gchar *mime, GBytes *bytes);

/* Appends a percentage of part in whole with four decimals ("12.5000%"),
 * by integer arithmetic; whole > 0, 0 <= part. */
void prw_html_append_percent (GString *out, gint64 part, gint64 whole);

G_END_DECLS
