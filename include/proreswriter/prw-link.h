/* libproreswriter: graded segments linked to their camera originals */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <gio/gio.h>
#include <proreswriter/prw-version-macros.h>
#include <proreswriter/prw-plan.h>
#include <proreswriter/prw-segment.h>
#include <proreswriter/prw-source-clip.h>

G_BEGIN_DECLS

/**
 * PrwLinkRule:
 * @PRW_LINK_RULE_NONE: no identity rule holds.
 * @PRW_LINK_RULE_FILE_NAME: the segment's file name contains the source's
 *   clip name, compared case-insensitively (Unicode case folding of the
 *   NFC-normalized UTF-8 names).
 * @PRW_LINK_RULE_REEL: the segment's reel (its timecode track's name atom)
 *   is the source's reel.
 * @PRW_LINK_RULE_REEL_IS_CLIP_NAME: the segment's reel is the source's clip
 *   name.
 *
 * The identity rules that tie a segment to a source once the gates (frame
 * rate, size, timecode range) pass. Several may hold at once. A reel
 * "Tape" (what GStreamer's qtmux writes when it knows none) is no reel.
 *
 * Since: 0.4
 */
typedef enum /*< flags >*/ {
  PRW_LINK_RULE_NONE = 0,
  PRW_LINK_RULE_FILE_NAME = 1 << 0,
  PRW_LINK_RULE_REEL = 1 << 1,
  PRW_LINK_RULE_REEL_IS_CLIP_NAME = 1 << 2,
} PrwLinkRule;

#define PRW_TYPE_LINK_TABLE (prw_link_table_get_type ())
PRW_AVAILABLE_IN_0_4
G_DECLARE_FINAL_TYPE (PrwLinkTable, prw_link_table, PRW, LINK_TABLE, GObject)

PRW_AVAILABLE_IN_0_4 PrwLinkTable *prw_link_table_new (guint handles);
PRW_AVAILABLE_IN_0_4 guint prw_link_table_get_handles (PrwLinkTable *self);
PRW_AVAILABLE_IN_0_4 void prw_link_table_add_source (PrwLinkTable *self,
                                                     PrwSourceClip *source,
                                                     const gchar *folder);
PRW_AVAILABLE_IN_0_4 void prw_link_table_add_segment (PrwLinkTable *self,
                                                      PrwSegment *segment,
                                                      PrwLayer layer);
PRW_AVAILABLE_IN_0_4 void prw_link_table_seal (PrwLinkTable *self);
PRW_AVAILABLE_IN_0_4 gboolean prw_link_table_is_sealed (PrwLinkTable *self);

/* sources, sorted */
PRW_AVAILABLE_IN_0_4 guint prw_link_table_get_n_sources (PrwLinkTable *self);
PRW_AVAILABLE_IN_0_4 PrwSourceClip *
prw_link_table_get_source (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_link_table_get_source_folder (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_link_table_get_source_reel (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 guint
prw_link_table_get_source_n_merged (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 PrwSourceClip *
prw_link_table_get_source_merged (PrwLinkTable *self, guint index,
                                  guint merged);
PRW_AVAILABLE_IN_0_4 const gchar *const *
prw_link_table_get_source_warnings (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 guint
prw_link_table_get_source_first_link (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 guint
prw_link_table_get_source_n_links (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 gchar *
prw_link_table_get_source_output_name (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 gchar *
prw_link_table_get_source_output_name_full (PrwLinkTable *self, guint index,
                                            gboolean every_source);

/* links, sorted by source, then segment path */
PRW_AVAILABLE_IN_0_4 guint prw_link_table_get_n_links (PrwLinkTable *self);
PRW_AVAILABLE_IN_0_4 guint prw_link_table_get_link_source (PrwLinkTable *self,
                                                           guint index);
PRW_AVAILABLE_IN_0_4 PrwSegment *
prw_link_table_get_link_segment (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 PrwLayer prw_link_table_get_link_layer (PrwLinkTable *self,
                                                             guint index);
PRW_AVAILABLE_IN_0_4 PrwLinkRule
prw_link_table_get_link_rules (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 gint64
prw_link_table_get_link_record_in (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 gint64
prw_link_table_get_link_record_out (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 const gchar *const *
prw_link_table_get_link_warnings (PrwLinkTable *self, guint index);

/* ambiguous segments, sorted by path */
PRW_AVAILABLE_IN_0_4 guint prw_link_table_get_n_ambiguous (PrwLinkTable *self);
PRW_AVAILABLE_IN_0_4 PrwSegment *
prw_link_table_get_ambiguous_segment (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 PrwLayer
prw_link_table_get_ambiguous_layer (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 guint
prw_link_table_get_ambiguous_n_candidates (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 guint prw_link_table_get_ambiguous_candidate (
    PrwLinkTable *self, guint index, guint candidate);
PRW_AVAILABLE_IN_0_4 PrwLinkRule prw_link_table_get_ambiguous_candidate_rules (
    PrwLinkTable *self, guint index, guint candidate);

/* unmatched segments, sorted by path */
PRW_AVAILABLE_IN_0_4 guint prw_link_table_get_n_unmatched (PrwLinkTable *self);
PRW_AVAILABLE_IN_0_4 PrwSegment *
prw_link_table_get_unmatched_segment (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 PrwLayer
prw_link_table_get_unmatched_layer (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 gint
prw_link_table_get_unmatched_nearest (PrwLinkTable *self, guint index);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_link_table_get_unmatched_reason (PrwLinkTable *self, guint index);

PRW_AVAILABLE_IN_0_4 gchar *prw_link_rule_to_string (PrwLinkRule rules);

G_END_DECLS
