/* libproreswriter: camera-original facts through FFmpeg's libavformat
 * (private)
 *
 * The only code that includes libavformat. It reads what the container
 * says (MXF, and whatever else libavformat opens) and refuses what it
 * cannot know exactly; the model (prw-source-clip.c) turns the facts into a
 * PrwSourceClip.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a source says of its scan: nothing, progressive, or interlaced. */
typedef enum {
  PRW_AVFORMAT_SCAN_UNKNOWN,
  PRW_AVFORMAT_SCAN_PROGRESSIVE,
  PRW_AVFORMAT_SCAN_INTERLACED,
} PrwAvformatScan;

typedef struct {
  gchar *container; /* "MXF OP1a", "MXF OP-Atom", or libavformat's long
                       name ("Matroska / WebM") */
  gboolean is_mxf;
  gboolean op_atom;     /* MXF OP-Atom (one essence track per file) */
  gchar *codec;         /* libavcodec's name of the video codec ("dnxhd") */
  guint width;          /* display size from the stream's codec parameters; */
  guint height;         /* 0 when unknown */
  PrwAvformatScan scan; /* the stream's field order */
  guint par_n;          /* the pixel aspect (sample aspect ratio) in lowest */
  guint par_d;          /* terms; 0:0 when not known */
  guint rate_num;       /* the video stream's frame rate, in lowest terms */
  guint rate_den;
  const gchar *rate_from;     /* "avg_frame_rate" or "r_frame_rate" */
  gint64 frame_count;         /* exact */
  gchar *frame_count_from;    /* how: "nb_frames" or "the stream's duration" */
  gchar *timecode;            /* the label of a "timecode" tag, or NULL */
  const gchar *timecode_from; /* "format" (MXF: material package) or
                                 "stream" (MXF: source package) */
  gchar *reel;                /* "reel_name" (MXF: tape source package name) */
  const gchar *reel_from;
  gchar *package_name; /* "material_package_name", or NULL */
  guint n_audio;       /* the file's audio streams (AVMEDIA_TYPE_AUDIO) */
} PrwAvformatFacts;

/* Opens path with libavformat and reads its first video stream (and counts
 * its audio streams). Errors
 * (PRW_ERROR, "PATH: reason"): NOT_FOUND, PERMISSION_DENIED, IO (not a
 * regular file); UNSUPPORTED (libavformat cannot read it; a frame rate
 * that is unknown or not known exactly; a frame count that cannot be known
 * exactly: none and no duration in the container, a duration that is not
 * a whole number of frames, or one libavformat only estimated); NO_VIDEO
 * (no video stream); CORRUPT (empty; a file whose first bytes a demuxer
 * recognises, such as an MXF header partition, but that libavformat
 * cannot open; truncated: the file ends before its last frame, or that
 * frame is cut short; the last frame cannot be reached);
 * FAILED (out of memory); G_IO_ERROR_CANCELLED. The rate is not checked
 * against the library's table here. */
gboolean prw_avformat_probe (const gchar *path, GCancellable *cancellable,
                             PrwAvformatFacts *facts, GError **error);
void prw_avformat_facts_clear (PrwAvformatFacts *facts);

/* What a movie's video bitstream says of its picture, for a movie whose
 * container does not say it (a QuickTime movie without 'fiel' or 'pasp'):
 * its field order and pixel aspect as libavformat learns them in
 * avformat_find_stream_info(), which parses the headers of the first
 * frames (H.264's, for one: its slices' field flags and its VUI's aspect).
 * Only for codecs whose bitstream carries them (H.264, HEVC, MPEG-2,
 * MPEG-4 part 2, VC-1, DV, DNxHD, ProRes); others, and anything
 * libavformat cannot open, leave both unknown. The read is bounded:
 * libavformat reads at most max_bytes of the file (its probesize) and
 * half a second of video. */
typedef struct {
  PrwAvformatScan scan;
  guint par_n; /* 0:0 when not known */
  guint par_d;
  gint64 bytes_read; /* what libavformat read of the file */
} PrwAvformatPicture;

/* FALSE with error only when cancelled (G_IO_ERROR_CANCELLED); every
 * other failure leaves picture unknown and is logged (debug). */
gboolean prw_avformat_probe_picture (const gchar *path, gint64 max_bytes,
                                     GCancellable *cancellable,
                                     PrwAvformatPicture *picture,
                                     GError **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PrwAvformatFacts, prw_avformat_facts_clear)

G_END_DECLS
