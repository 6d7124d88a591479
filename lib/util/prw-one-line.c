/* libproreswriter: an error message kept on one line (see the header) */

#include "util/prw-one-line-private.h"

#include <string.h>

gchar *
prw_one_line (const gchar *text)
{
  GString *line = g_string_sized_new (strlen (text));
  const gchar *c = text;

  while (*c != '\0') {
    guchar u = (guchar) *c;
    gunichar wide;

    if (u == '\n')
      g_string_append (line, "\\n");
    else if (u == '\r')
      g_string_append (line, "\\r");
    else if (u == '\t')
      g_string_append (line, "\\t");
    else if (u < 0x20 || u == 0x7f)
      g_string_append_printf (line, "\\x%02x", u);
    else if (u < 0x80)
      g_string_append_c (line, *c);
    else {
      /* a byte that does not start a whole UTF-8 sequence (json-glib
       * quotes the raw bytes of a bad escape in its messages) */
      wide = g_utf8_get_char_validated (c, -1);
      if (wide == (gunichar) -1 || wide == (gunichar) -2)
        g_string_append_printf (line, "\\x%02x", u);
      else {
        const gchar *next = g_utf8_next_char (c);

        /* a C1 control (NEL, U+0085, among them) or Unicode's line and
         * paragraph separators, which break a line too: each byte */
        if ((wide >= 0x80 && wide <= 0x9f) || wide == 0x2028 || wide == 0x2029)
          for (const gchar *b = c; b < next; b++)
            g_string_append_printf (line, "\\x%02x", (guchar) *b);
        else
          g_string_append_len (line, c, next - c);
        c = next;
        continue;
      }
    }
    c++;
  }
  return g_string_free (line, FALSE);
}

void
prw_error_on_one_line (GError *error)
{
  gchar *line;

  if (error == NULL)
    return;
  line = prw_one_line (error->message);
  g_free (error->message);
  error->message = line;
}
