/* libproreswriter: PrwMediaInfo internals shared by the stages (private) */
#pragma once

#include "qt/prw-qt-atoms-private.h"
#include "qt/prw-qt-finish-private.h"
#include <proreswriter/proreswriter.h>

G_BEGIN_DECLS

/* Whether frames of colour description b may be shown in an output
 * described as a (each prw_media_info_get_colour(), or NULL: no 'colr'):
 * the same description, or none beside SDR video's (primaries BT.709,
 * BT.601, SMPTE 240M or unspecified, with BT.709's transfer function or its
 * equals, or an unspecified one; ISO/IEC 23091-2 codes), which is how a
 * movie without 'colr' is shown. Used by print's warnings and conform's
 * format check alike. */
gboolean prw_media_info_colours_agree (const gchar *a, const gchar *b);

/* The pixel aspect and field description are public:
 * prw_media_info_get_pixel_aspect(), prw_media_info_get_fields() and
 * prw_media_info_get_field_order(). */

/* For people: the pixel aspect, "2:1", or "1:1 (no pasp)" without a 'pasp'
 * extension, or "0:0 (invalid pasp, read as 1:1)" for one with a spacing
 * of 0 (as written, which is no ratio); and the field description,
 * "interlaced, top field first (fiel 2 1)", "progressive (fiel 1 0)" or
 * "progressive (no fiel)". */
gchar *prw_media_info_describe_pixel_aspect (PrwMediaInfo *self);
gchar *prw_media_info_describe_fields (PrwMediaInfo *self);

/* Whether b's frames keep their pixel aspect, or their field description,
 * when shown through a's sample description (the output has one for every
 * frame): the same in lowest terms, a movie without 'pasp' counting as
 * 1:1; the same field count and ordering, a movie without 'fiel' counting
 * as progressive, whose ordering does not matter. Used by print's
 * warnings and conform's format check alike. */
gboolean prw_media_info_pixel_aspects_agree (PrwMediaInfo *a, PrwMediaInfo *b);
gboolean prw_media_info_fields_agree (PrwMediaInfo *a, PrwMediaInfo *b);

/* Takes ownership of movie. Fails (PRW_ERROR, message "path: reason") when
 * the movie is not a ProRes movie this library can print: no video track
 * or several, a codec that is not ProRes, a frame rate that varies or is
 * not supported, no timecode track or two of them. */
PrwMediaInfo *prw_media_info_new_from_movie (PrwQtMovie *movie, GError **error);
/* The same with the video track chosen by its track ID (tkhd); 0: the
 * movie's only video track. Several video tracks and no choice, or no
 * video track with that ID, is PRW_ERROR_NO_VIDEO, listing the video
 * tracks. */
PrwMediaInfo *prw_media_info_new_from_movie_full (PrwQtMovie *movie,
                                                  guint32 video_track_id,
                                                  GError **error);

/* One run of a movie's timecode map: video frames [first_frame,
 * first_frame + frames) show start, start + 1, ... at the video's rate
 * (wrapping at midnight). */
typedef struct {
  gint64 first_frame;
  gint64 frames;
  PrwTimecode start;
} PrwTimecodeRun;

/* What a camera original may be that a base or segment may not, for
 * PrwSourceClip only (print's rules are those of flags 0):
 *  ANY_CODEC: any video codec, not only ProRes; and a single edit that
 *    shows the whole media from a composition offset (B-frames: 'ctts'),
 *    which QuickTime presents as every frame, counts every frame;
 *  TIMECODE_OPTIONAL: a movie without a timecode track is described with
 *    start NULL (one with a bad timecode track still fails). */
typedef enum {
  PRW_MEDIA_INFO_FLAGS_NONE = 0,
  PRW_MEDIA_INFO_ANY_CODEC = 1 << 0,
  PRW_MEDIA_INFO_TIMECODE_OPTIONAL = 1 << 1,
} PrwMediaInfoFlags;

PrwMediaInfo *prw_media_info_new_from_movie_flags (PrwQtMovie *movie,
                                                   guint32 video_track_id,
                                                   PrwMediaInfoFlags flags,
                                                   GError **error);

/* The instance structure, here so that the test-support library
 * (tests/support) can make infos with no file behind them without the
 * shipped library carrying a constructor only tests use. */
struct _PrwMediaInfo {
  GObject parent_instance;

  gchar *path;
  gchar *codec_fourcc;
  const gchar *codec_name; /* static, or NULL */
  guint width;
  guint height;
  guint rate_num;
  guint rate_den;
  gint64 frame_count;
  PrwTimecode *start; /* NULL only for some test infos */
  /* the timecode map: PrwTimecodeRun, in frame order, contiguous from
   * frame 0 to frame_count, neighbours whose labels continue merged; its
   * first run starts at *start. Empty when start is NULL. */
  GArray *tc_runs;
  gchar *reel_name;
  gchar *colour;
  /* the video sample description's picture extensions: its pixel aspect
   * ('pasp') in lowest terms, 0:0 without one (or with a zero term); the
   * 'pasp' as written, and whether there is one (0:0 and FALSE without);
   * its field count and field ordering ('fiel'), 0 and 0 without one */
  guint par_n, par_d;
  guint pasp_h, pasp_v;
  gboolean has_pasp;
  guint fiel_count, fiel_detail;
  GPtrArray *audio; /* gchar*: "lpcm 2 ch 48000 Hz" */
  /* NULL-terminated, gchar*: "PATH: reason", and the reasons alone */
  GPtrArray *warnings;
  GPtrArray *warning_reasons;
  guint64 file_size;

  PrwQtMovie *movie;             /* NULL for test infos */
  const PrwQtTrack *video_track; /* inside movie */
  /* the timecode track the map is read from, inside movie; NULL without
   * one */
  const PrwQtTrack *timecode_track;
  /* the frames the video track's edit list presents: samples
   * [first_sample, first_sample + frame_count) */
  guint64 first_sample;
};

/* Sets the timecode map from runs in frame order, contiguous from frame
 * 0 (the last one is stretched or cut to end at frame_count; runs at or
 * past frame_count are dropped); neighbours whose labels continue are
 * merged. Sets start to the first run's. For the model and the tests. */
void prw_media_info_set_timecode_runs (PrwMediaInfo *self,
                                       const PrwTimecodeRun *runs, guint n);

/* The base's timecode track the timecode map is read from (of several,
 * the one the chosen video track refers to), or NULL. */
const PrwQtTrack *prw_media_info_get_timecode_track (PrwMediaInfo *self);

/* The timecode map (see struct _PrwMediaInfo); *n runs. */
const PrwTimecodeRun *prw_media_info_get_timecode_runs (PrwMediaInfo *self,
                                                        guint *n);

/* The label of video frame frame as frames since midnight (in [0, frames
 * per day)); before the first run or after the last, that run continued.
 * -1 when the info has no timecode. */
gint64 prw_media_info_get_label_at (PrwMediaInfo *self, gint64 frame);

/* Presented frame k (0 <= k < frame_count) of the video track: the sample
 * the edit list shows k-th. NULL when k is out of range or the info has no
 * sample table. */
const PrwSample *prw_media_info_get_frame_sample (PrwMediaInfo *self, gint64 k);

/* Whether the video's edit list hides some samples (the presented frames
 * are not every sample, from the first). */
gboolean prw_media_info_is_trimmed (PrwMediaInfo *self);

/* The parsed movie (NULL for infos made without a file) and its video track. */
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

/* Records a warning found while reading the movie (the reason alone,
 * printf-style, without the path: "its timecode track ..."). For the
 * model while it makes the info, and for tests. */
void prw_media_info_add_warning (PrwMediaInfo *self, const gchar *format, ...)
    G_GNUC_PRINTF (2, 3);

/* The warnings' reasons without the path (never NULL, NULL-terminated),
 * for the plan, which names files its own way. */
const gchar *const *prw_media_info_get_warning_reasons (PrwMediaInfo *self);

/* The ProRes flavour name of a fourcc ("ProRes 422 HQ"), or NULL. */
const gchar *prw_prores_flavour_name (guint32 fourcc);

G_END_DECLS
