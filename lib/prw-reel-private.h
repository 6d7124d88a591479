/* libproreswriter: reel names, compared one way everywhere (private)
 *
 * A reel names the camera roll a clip was shot on (the name of a
 * QuickTime movie's timecode track, an ALE's Tape column, an MXF
 * package's). Linking (prw-link.c) and the plan's reel warning
 * (prw-plan.c) compare reels by prw_reel_key(), so that a segment that
 * links to a source by its reel is never then warned of as another reel's. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* reel without the white space around it (ASCII, g_strstrip()), or NULL
 * when it names no reel: NULL, empty or blank, or "Tape", the placeholder
 * GStreamer's qtmux (1.22) writes as every movie's reel. Newly allocated;
 * for messages, which quote a reel as it is named. */
gchar *prw_reel_strip (const gchar *reel);

/* The key reels (and the clip names a reel may name) are compared by:
 * prw_reel_strip(), its ASCII letters in lower case ("a001 " and "A001"
 * are one reel; other characters are compared as they are); NULL for no
 * reel. Newly allocated. */
gchar *prw_reel_key (const gchar *reel);

G_END_DECLS
