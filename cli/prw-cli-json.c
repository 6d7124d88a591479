/* proreswriter CLI: a tiny JSON writer */

#include "prw-cli-json.h"

#include <math.h>

typedef struct {
  gboolean is_object;
  guint n_members;
} PrwCliJsonLevel;

struct _PrwCliJson {
  GString *out;
  GArray *stack;     /* PrwCliJsonLevel, innermost last */
  gboolean have_key; /* a key was written; its value comes next */
};

PrwCliJson *
prw_cli_json_new (void)
{
  PrwCliJson *json = g_new0 (PrwCliJson, 1);

  json->out = g_string_new (NULL);
  json->stack = g_array_new (FALSE, FALSE, sizeof (PrwCliJsonLevel));
  return json;
}

void
prw_cli_json_free (PrwCliJson *json)
{
  if (json == NULL)
    return;
  g_string_free (json->out, TRUE);
  g_array_unref (json->stack);
  g_free (json);
}

gchar *
prw_cli_json_free_to_string (PrwCliJson *json)
{
  gchar *text;

  g_return_val_if_fail (json != NULL, NULL);
  g_warn_if_fail (json->stack->len == 0);

  g_string_append_c (json->out, '\n');
  text = g_string_free (json->out, FALSE);
  g_array_unref (json->stack);
  g_free (json);
  return text;
}

static PrwCliJsonLevel *
top (PrwCliJson *json)
{
  if (json->stack->len == 0)
    return NULL;
  return &g_array_index (json->stack, PrwCliJsonLevel, json->stack->len - 1);
}

static void
newline_indent (PrwCliJson *json, guint depth)
{
  g_string_append_c (json->out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (json->out, "  ");
}

/* Everything written before a value (or a key): the separator and the
 * indentation. After a key, the value follows on the same line. */
static void
before_value (PrwCliJson *json)
{
  PrwCliJsonLevel *level = top (json);

  if (json->have_key) {
    json->have_key = FALSE;
    return;
  }
  if (level == NULL)
    return;
  g_return_if_fail (!level->is_object);
  if (level->n_members > 0)
    g_string_append_c (json->out, ',');
  level->n_members++;
  newline_indent (json, json->stack->len);
}

void
prw_cli_json_key (PrwCliJson *json, const gchar *key)
{
  PrwCliJsonLevel *level;

  g_return_if_fail (json != NULL && key != NULL);
  level = top (json);
  g_return_if_fail (level != NULL && level->is_object && !json->have_key);

  if (level->n_members > 0)
    g_string_append_c (json->out, ',');
  level->n_members++;
  newline_indent (json, json->stack->len);
  prw_cli_json_append_escaped (json->out, key);
  g_string_append (json->out, ": ");
  json->have_key = TRUE;
}

static void
begin (PrwCliJson *json, gboolean is_object)
{
  PrwCliJsonLevel level = { is_object, 0 };

  before_value (json);
  g_string_append_c (json->out, is_object ? '{' : '[');
  g_array_append_val (json->stack, level);
}

static void
end (PrwCliJson *json, gboolean is_object)
{
  PrwCliJsonLevel *level = top (json);
  guint n_members;

  g_return_if_fail (level != NULL && level->is_object == is_object);
  g_return_if_fail (!json->have_key);

  n_members = level->n_members;
  g_array_set_size (json->stack, json->stack->len - 1);
  if (n_members > 0)
    newline_indent (json, json->stack->len);
  g_string_append_c (json->out, is_object ? '}' : ']');
}

void
prw_cli_json_begin_object (PrwCliJson *json)
{
  begin (json, TRUE);
}

void
prw_cli_json_end_object (PrwCliJson *json)
{
  end (json, TRUE);
}

void
prw_cli_json_begin_array (PrwCliJson *json)
{
  begin (json, FALSE);
}

void
prw_cli_json_end_array (PrwCliJson *json)
{
  end (json, FALSE);
}

void
prw_cli_json_append_escaped (GString *out, const gchar *value)
{
  g_autofree gchar *valid = NULL;

  if (!g_utf8_validate (value, -1, NULL))
    value = valid = g_utf8_make_valid (value, -1);

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) value; *p != '\0'; p++) {
    switch (*p) {
      case '"':
        g_string_append (out, "\\\"");
        break;
      case '\\':
        g_string_append (out, "\\\\");
        break;
      case '\b':
        g_string_append (out, "\\b");
        break;
      case '\f':
        g_string_append (out, "\\f");
        break;
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\r':
        g_string_append (out, "\\r");
        break;
      case '\t':
        g_string_append (out, "\\t");
        break;
      default:
        if (*p < 0x20)
          g_string_append_printf (out, "\\u%04x", (guint) *p);
        else
          g_string_append_c (out, (gchar) *p);
        break;
    }
  }
  g_string_append_c (out, '"');
}

void
prw_cli_json_string (PrwCliJson *json, const gchar *value)
{
  g_return_if_fail (json != NULL);

  if (value == NULL) {
    prw_cli_json_null (json);
    return;
  }
  before_value (json);
  prw_cli_json_append_escaped (json->out, value);
}

void
prw_cli_json_int (PrwCliJson *json, gint64 value)
{
  g_return_if_fail (json != NULL);

  before_value (json);
  g_string_append_printf (json->out, "%" G_GINT64_FORMAT, value);
}

void
prw_cli_json_uint (PrwCliJson *json, guint64 value)
{
  g_return_if_fail (json != NULL);

  before_value (json);
  g_string_append_printf (json->out, "%" G_GUINT64_FORMAT, value);
}

void
prw_cli_json_boolean (PrwCliJson *json, gboolean value)
{
  g_return_if_fail (json != NULL);

  before_value (json);
  g_string_append (json->out, value ? "true" : "false");
}

void
prw_cli_json_null (PrwCliJson *json)
{
  g_return_if_fail (json != NULL);

  before_value (json);
  g_string_append (json->out, "null");
}

void
prw_cli_json_double (PrwCliJson *json, gdouble value, guint decimals)
{
  gchar format[16];
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (json != NULL);

  /* JSON has no NaN or infinity */
  if (!isfinite (value)) {
    prw_cli_json_null (json);
    return;
  }
  g_snprintf (format, sizeof format, "%%.%uf", MIN (decimals, 9u));
  before_value (json);
  g_string_append (json->out, g_ascii_formatd (buf, sizeof buf, format, value));
}
