/* libproreswriter: an error message kept on one line (private)
 *
 * Every error message names the file and the reason, in one line. The
 * files the library reads back (a conform job, the conform state) hold
 * strings a person may have edited by hand, quoted in messages as they
 * are: a line break or another control character in one would split the
 * message, or hide part of it. They are written as C escapes instead.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Rewrites error's message (if error is not NULL) with each line break,
 * carriage return and tab written as "\n", "\r" and "\t", and every other
 * control character (below 0x20, and 0x7f) as "\xHH", and so is each byte
 * that is not part of a valid UTF-8 sequence: the message is valid UTF-8.
 * The C1 controls (U+0080 to U+009F, NEL among them) and Unicode's line
 * and paragraph separators (U+2028, U+2029), which break a line too, are
 * written as the "\xHH" of each of their UTF-8 bytes ("\xc2\x85").
 * Other characters are kept. */
void prw_error_on_one_line (GError *error);

/* text as prw_error_on_one_line() writes a message: a new string. */
gchar *prw_one_line (const gchar *text);

G_END_DECLS
