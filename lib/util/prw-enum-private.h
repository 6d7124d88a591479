/* libproreswriter: a GEnum value's nick, the string form of the
 * library's enums (private) */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The nick of value in the GEnum type enum_type, as
 * prw_layer_to_string() and prw_field_order_to_string() give it; NULL for
 * a value the type does not have (quietly: a public caller checks its own
 * argument). The string is the type's, static: a static type's class is
 * never freed. */
static inline const gchar *
prw_enum_value_nick (GType enum_type, gint value)
{
  GEnumClass *klass = g_type_class_ref (enum_type);
  GEnumValue *found = g_enum_get_value (klass, value);

  /* a static type's class is never freed: its nicks stay */
  g_type_class_unref (klass);
  return found != NULL ? found->value_nick : NULL;
}

G_END_DECLS
