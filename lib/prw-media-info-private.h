/* libproreswriter: PrwMediaInfo internals shared by the stages (private) */
#pragma once

#include "qt/prw-qt-atoms-private.h"
#include "qt/prw-qt-finish-private.h"
#include <proreswriter/proreswriter.h>

G_BEGIN_DECLS

/* Takes ownership of movie. Fails (PRW_ERROR, message "path: reason") when
 * the movie is not a ProRes movie this library can print: no video track,
 * a codec that is not ProRes, a frame rate that varies or is not supported,
 * no timecode track or two of them. */
PrwMediaInfo *prw_media_info_new_from_movie (PrwQtMovie *movie, GError **error);

/* For plan tests that need no file: a media info with no sample table. */
PrwMediaInfo *prw_media_info_new_for_test (const gchar *path,
                                           const gchar *codec_fourcc,
                                           guint width, guint height,
                                           guint rate_num, guint rate_den,
                                           gint64 frame_count,
                                           const PrwTimecode *start);

/* The parsed movie (NULL for test infos) and its video track. */
const PrwQtMovie *prw_media_info_get_movie (PrwMediaInfo *self);
const PrwQtTrack *prw_media_info_get_video_track (PrwMediaInfo *self);

/* What prw_qt_finish() needs of the base, borrowed from self (which must
 * outlive facts and have been made from a movie). Fails with
 * PRW_ERROR_CORRUPT ("PATH: video sample description is malformed"). */
gboolean prw_media_info_get_finish_facts (PrwMediaInfo *self,
                                          PrwQtFinishFacts *facts,
                                          GError **error);

/* Checks that the file at the info's path (fd >= 0: that open file; -1:
 * the path, looked up again) is still the one probed: same device, inode,
 * size and modification time. Fails with PRW_ERROR_CHANGED, "PATH: changed
 * since it was read" or "PATH: removed since it was read". Infos made
 * without a file always pass. */
gboolean prw_media_info_check_file (PrwMediaInfo *self, int fd, GError **error);

/* The ProRes flavour name of a fourcc ("ProRes 422 HQ"), or NULL. */
const gchar *prw_prores_flavour_name (guint32 fourcc);

G_END_DECLS
