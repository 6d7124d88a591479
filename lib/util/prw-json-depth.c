/* libproreswriter: how deep a JSON text nests (see the header) */

#include "util/prw-json-depth-private.h"

#include <string.h>

gboolean
prw_json_nests_deeper_than (const gchar *data, gssize length, guint max_depth)
{
  gsize n = length < 0 ? strlen (data) : (gsize) length;
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < n; i++) {
    gchar c = data[i];

    if (in_string) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_string = FALSE;
    } else if (c == '"') {
      in_string = TRUE;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth)
        return TRUE;
    } else if ((c == ']' || c == '}') && depth > 0) {
      depth--;
    }
  }
  return FALSE;
}
