/* Test support: internals only the tests need, kept out of the shipped
 * library. Linked into the test programs (prw_test_support_dep), never
 * into libproreswriter. */
#pragma once

#include "prw-printer-private.h"
#include <proreswriter/proreswriter.h>

G_BEGIN_DECLS

/* For plan tests that need no file: a media info with no sample table
 * (its file check always passes, its file size is 0). */
PrwMediaInfo *prw_media_info_new_for_test (const gchar *path,
                                           const gchar *codec_fourcc,
                                           guint width, guint height,
                                           guint rate_num, guint rate_den,
                                           gint64 frame_count,
                                           const PrwTimecode *start);

/* Gives a test info the reel name its timecode track would carry (NULL:
 * none), before the info is shared (a plan or a segment takes it). */
void prw_media_info_set_reel_for_test (PrwMediaInfo *self,
                                       const gchar *reel_name);

/* How the last print through self to finish wrote its output's bytes
 * (all zero if none did); stats->shifts is a new reference
 * (prw_pipeline_stats_clear). */
void prw_printer_get_last_stats (PrwPrinter *self, PrwPipelineStats *stats);

G_END_DECLS
