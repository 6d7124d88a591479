/* libproreswriter: an error message kept on one line (see the header) */

#include "util/prw-one-line-private.h"

#include <string.h>

gchar *
prw_one_line (const gchar *text)
{
  GString *line = g_string_sized_new (strlen (text));

  for (const gchar *c = text; *c != '\0'; c++) {
    guchar u = (guchar) *c;

    if (u == '\n')
      g_string_append (line, "\\n");
    else if (u == '\r')
      g_string_append (line, "\\r");
    else if (u == '\t')
      g_string_append (line, "\\t");
    else if (u < 0x20 || u == 0x7f)
      g_string_append_printf (line, "\\x%02x", u);
    else
      g_string_append_c (line, *c);
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
