/* libproreswriter: reel names, compared one way everywhere
 * (prw-reel-private.h) */

#include "prw-reel-private.h"

/* The placeholder qtmux (GStreamer 1.22) writes as every movie's reel
 * name: it names no reel. */
#define QTMUX_PLACEHOLDER_REEL "Tape"

gchar *
prw_reel_strip (const gchar *reel)
{
  g_autofree gchar *stripped = NULL;

  if (reel == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (reel));
  if (stripped[0] == '\0' || g_str_equal (stripped, QTMUX_PLACEHOLDER_REEL))
    return NULL;
  return g_steal_pointer (&stripped);
}

gchar *
prw_reel_key (const gchar *reel)
{
  g_autofree gchar *stripped = prw_reel_strip (reel);

  return stripped != NULL ? g_ascii_strdown (stripped, -1) : NULL;
}
