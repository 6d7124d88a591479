/* libproreswriter: a file name made from a name a movie or a log gives */
#include "prw-file-name-private.h"

gchar *
prw_file_stem_from_name (const gchar *name, const gchar *fallback)
{
  g_autofree gchar *valid = g_utf8_make_valid (name ? name : "", -1);
  GString *stem = g_string_new (NULL);

  for (const gchar *p = valid; *p != '\0'; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    gsize len = (gsize) (g_utf8_next_char (p) - p);

    if (stem->len + len > PRW_FILE_STEM_MAX)
      break;
    if (c == '/' || c == '\\' || g_unichar_iscntrl (c)
        || (c == '.' && stem->len == 0))
      g_string_append_c (stem, '_');
    else
      g_string_append_len (stem, p, (gssize) len);
  }
  if (stem->len == 0)
    g_string_append (stem, fallback);
  return g_string_free (stem, FALSE);
}
