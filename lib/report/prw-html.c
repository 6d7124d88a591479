/* libproreswriter: writing HTML safely (see prw-html-private.h) */
#include "prw-html-private.h"

#include <string.h>

void
prw_html_append_text (GString *out, const gchar *text)
{
  g_autofree gchar *valid = NULL;
  const gchar *p;

  if (text == NULL)
    return;
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  for (p = text; *p; p++) {
    switch (*p) {
      case '&':
        g_string_append (out, "&amp;");
        break;
      case '<':
        g_string_append (out, "&lt;");
        break;
      case '>':
        g_string_append (out, "&gt;");
        break;
      case '"':
        g_string_append (out, "&quot;");
        break;
      case '\'':
        g_string_append (out, "&#39;");
        break;
      default:
        /* C0 controls other than tab and newlines are not HTML text */
        if ((guchar) *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
          g_string_append (out, "\xef\xbf\xbd");
        else
          g_string_append_c (out, *p);
        break;
    }
  }
}

/* Escapes every string argument of a printf-style format: the format is
 * split at its conversions; each %s is given prw_html_append_text(), the
 * others are formatted as they are (numbers need no escaping). Supports
 * the conversions the report uses: %s, %d, %u, %c, %%, and the integer
 * ones with length modifiers (G_GINT64_FORMAT and friends), with flags,
 * width and precision. */
/* spec is one conversion the loop below has checked; never the caller's
 * text */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void
prw_html_append (GString *out, const gchar *format, ...)
{
  va_list args;
  const gchar *p = format;

  va_start (args, format);
  while (*p) {
    const gchar *start = p;
    g_autofree gchar *spec = NULL;
    gchar conv;

    if (*p != '%') {
      const gchar *next = strchr (p, '%');
      gsize len = next ? (gsize) (next - p) : strlen (p);

      g_string_append_len (out, p, len);
      p += len;
      continue;
    }
    p++;
    if (*p == '%') {
      g_string_append_c (out, '%');
      p++;
      continue;
    }
    while (*p && strchr ("-+ #0123456789.", *p))
      p++;
    while (*p && strchr ("hlLqjzt", *p))
      p++;
    conv = *p;
    if (conv == '\0')
      break;
    p++;
    spec = g_strndup (start, p - start);
    switch (conv) {
      case 's':
        prw_html_append_text (out, va_arg (args, const gchar *));
        break;
      case 'c': {
        gchar c[2] = { (gchar) va_arg (args, int), '\0' };

        prw_html_append_text (out, c);
      } break;
      case 'd':
      case 'i':
      case 'u':
      case 'x':
      case 'X':
        if (strstr (spec, "ll") || strchr (spec, 'j') || strchr (spec, 'q'))
          g_string_append_printf (out, spec, va_arg (args, long long));
        else if (strchr (spec, 'l') || strchr (spec, 'z') || strchr (spec, 't'))
          g_string_append_printf (out, spec, va_arg (args, long));
        else
          g_string_append_printf (out, spec, va_arg (args, int));
        break;
      default:
        g_return_if_reached ();
    }
  }
  va_end (args);
}
#pragma GCC diagnostic pop

void
prw_html_append_data_uri (GString *out, const gchar *mime, GBytes *bytes)
{
  gsize size;
  const guchar *data = g_bytes_get_data (bytes, &size);
  gint state = 0, save = 0;
  gsize at;

  g_string_append_printf (out, "data:%s;base64,", mime);
  at = out->len;
  /* room for the encoding, as g_base64_encode_step() documents */
  g_string_set_size (out, at + (size / 3 + 1) * 4 + 4);
  at += g_base64_encode_step (data, size, FALSE, out->str + at, &state, &save);
  at += g_base64_encode_close (FALSE, out->str + at, &state, &save);
  g_string_truncate (out, at);
}

void
prw_html_append_percent (GString *out, gint64 part, gint64 whole)
{
  gint64 tenk;

  g_return_if_fail (whole > 0 && part >= 0);
  /* hundred-thousandths of the whole, rounded: 12.5% is 1250000 / 100 */
  tenk = (part * 1000000 + whole / 2) / whole;
  g_string_append_printf (out, "%" G_GINT64_FORMAT ".%04d%%", tenk / 10000,
                          (int) (tenk % 10000));
}
