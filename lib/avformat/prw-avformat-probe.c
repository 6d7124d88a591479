/* libproreswriter: camera-original facts through FFmpeg's libavformat */

#include "prw-avformat-probe-private.h"

#include "util/prw-fd-io-private.h"
#include <errno.h>
#include <fcntl.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <string.h>
#include <sys/stat.h>

/* Frame counts times rate terms times time bases: beyond 64 bits */
typedef unsigned __int128 PrwU128;

/* libavformat's log goes to our debug output, never to stderr: a message
 * the user sees is one of ours, naming the file. */
static void
log_to_debug (void *avcl, int level, const char *fmt, va_list args)
{
  /* libavformat logs a line in pieces; each thread gathers its own */
  static GPrivate pending = G_PRIVATE_INIT ((GDestroyNotify) g_free);
  static GPrivate prefix_state = G_PRIVATE_INIT (NULL);
  char piece[1024];
  int print_prefix = GPOINTER_TO_INT (g_private_get (&prefix_state)) == 0;
  gchar *line = g_private_get (&pending);
  gchar *joined;
  gsize len;

  if (level > AV_LOG_VERBOSE)
    return;
  av_log_format_line (avcl, level, fmt, args, piece, sizeof piece,
                      &print_prefix);
  g_private_set (&prefix_state, GINT_TO_POINTER (print_prefix == 0));
  joined = g_strconcat (line != NULL ? line : "", piece, NULL);
  len = strlen (joined);
  if (len > 0 && joined[len - 1] == '\n') {
    g_strchomp (joined);
    g_debug ("libavformat: %s", joined);
    g_free (joined);
    joined = NULL;
  } else if (len > 4096) {
    g_debug ("libavformat: %s", joined);
    g_free (joined);
    joined = NULL;
  }
  /* frees the previous piece */
  g_private_replace (&pending, joined);
}

static void
init_once (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    av_log_set_callback (log_to_debug);
    g_once_init_leave (&done, 1);
  }
}

static int
interrupted (void *opaque)
{
  return g_cancellable_is_cancelled (opaque);
}

static const gchar *
av_reason (int err, gchar buf[AV_ERROR_MAX_STRING_SIZE])
{
  if (av_strerror (err, buf, AV_ERROR_MAX_STRING_SIZE) < 0)
    g_snprintf (buf, AV_ERROR_MAX_STRING_SIZE, "error %d", err);
  return buf;
}

/* The demuxer that recognises the file by its first bytes (not by its
 * name alone), or NULL: the format of a file libavformat then fails to
 * open, which is damaged or truncated rather than not a movie. */
static const AVInputFormat *
recognised_format (const gchar *path)
{
  guint8 buf[4096 + AVPROBE_PADDING_SIZE] = { 0 };
  AVProbeData pd = { 0 };
  const AVInputFormat *format;
  gssize n;
  int score = 0;
  int fd = prw_fd_open (path, O_RDONLY, 0);

  if (fd < 0)
    return NULL;
  n = prw_fd_pread_all (fd, buf, 4096, 0);
  prw_fd_close (fd);
  if (n <= 0)
    return NULL;
  pd.filename = "";
  pd.buf = buf;
  pd.buf_size = (int) n;
  format = av_probe_input_format3 (&pd, 1, &score);
  return score > AVPROBE_SCORE_EXTENSION ? format : NULL;
}

void
prw_avformat_facts_clear (PrwAvformatFacts *facts)
{
  g_free (facts->container);
  g_free (facts->codec);
  g_free (facts->frame_count_from);
  g_free (facts->timecode);
  g_free (facts->reel);
  g_free (facts->package_name);
  memset (facts, 0, sizeof *facts);
}

static gchar *
tag (AVDictionary *dict, const gchar *key)
{
  AVDictionaryEntry *e = av_dict_get (dict, key, NULL, 0);

  if (e == NULL || e->value == NULL || e->value[0] == '\0')
    return NULL;
  if (!g_utf8_validate (e->value, -1, NULL))
    return g_utf8_make_valid (e->value, -1);
  return g_strdup (e->value);
}

/* OP-Atom's operational pattern label: 060e2b34.0401010?.0d010201.10...
 * (SMPTE 390M); OP1a's is ...0d010201.0101.... libavformat's MXF demuxer
 * gives it as the "operational_pattern_ul" tag. */
static gboolean
is_op_atom (AVFormatContext *fmt)
{
  AVDictionaryEntry *e
      = av_dict_get (fmt->metadata, "operational_pattern_ul", NULL, 0);

  return e != NULL && strstr (e->value, ".0d010201.10") != NULL;
}

/* The video stream's rate: avg_frame_rate, else r_frame_rate; both known
 * and different is a rate that is not known exactly. */
static gboolean
stream_rate (const gchar *path, AVStream *st, PrwAvformatFacts *facts,
             GError **error)
{
  AVRational avg = st->avg_frame_rate, r = st->r_frame_rate, use;
  gboolean avg_ok = avg.num > 0 && avg.den > 0;
  gboolean r_ok = r.num > 0 && r.den > 0;
  int num, den;

  if (avg_ok && r_ok && av_cmp_q (avg, r) != 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: the frame rate is not known exactly: libavformat "
                 "reports an average rate of %d/%d fps and a base rate of "
                 "%d/%d fps",
                 path, avg.num, avg.den, r.num, r.den);
    return FALSE;
  }
  if (!avg_ok && !r_ok) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: the frame rate is not known (libavformat reports none)",
                 path);
    return FALSE;
  }
  use = avg_ok ? avg : r;
  facts->rate_from = avg_ok ? "avg_frame_rate" : "r_frame_rate";
  av_reduce (&num, &den, use.num, use.den, G_MAXINT);
  facts->rate_num = (guint) num;
  facts->rate_den = (guint) den;
  return TRUE;
}

/* Exactly: nb_frames, or the stream's duration (in its time base) when it
 * is a whole number of frames and the container said it (not an estimate
 * from timestamps or the bit rate). */
static gboolean
stream_frame_count (const gchar *path, AVFormatContext *fmt, AVStream *st,
                    PrwAvformatFacts *facts, GError **error)
{
  PrwU128 num, den;

  if (st->nb_frames > 0) {
    facts->frame_count = st->nb_frames;
    facts->frame_count_from = g_strdup ("the stream's frame count (nb_frames)");
    return TRUE;
  }
  if (st->duration == AV_NOPTS_VALUE || st->duration <= 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: the frame count cannot be known exactly: the container "
                 "gives neither a frame count nor the video's duration",
                 path);
    return FALSE;
  }
  if (fmt->duration_estimation_method != AVFMT_DURATION_FROM_STREAM) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: the frame count cannot be known exactly: libavformat "
                 "only estimated the video's duration (from %s)",
                 path,
                 fmt->duration_estimation_method == AVFMT_DURATION_FROM_PTS
                     ? "timestamps"
                     : "the bit rate");
    return FALSE;
  }
  if (st->time_base.num <= 0 || st->time_base.den <= 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: the frame count cannot be known exactly: the video's "
                 "time base is %d/%d",
                 path, st->time_base.num, st->time_base.den);
    return FALSE;
  }
  /* frames = duration x tb.num / tb.den x rate_num / rate_den */
  num = (PrwU128) st->duration * (guint) st->time_base.num * facts->rate_num;
  den = (PrwU128) (guint) st->time_base.den * facts->rate_den;
  if (num % den != 0 || num / den > G_MAXINT64) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: the frame count cannot be known exactly: the video "
                 "lasts %" G_GINT64_FORMAT " x %d/%d s, not a whole number "
                 "of frames at %u/%u fps",
                 path, st->duration, st->time_base.num, st->time_base.den,
                 facts->rate_num, facts->rate_den);
    return FALSE;
  }
  facts->frame_count = (gint64) (num / den);
  facts->frame_count_from = g_strdup_printf (
      "the stream's duration (%" G_GINT64_FORMAT " x %d/%d s)", st->duration,
      st->time_base.num, st->time_base.den);
  return TRUE;
}

/* A truncated file keeps its header's duration: seek to the last frame
 * and read it whole. */
static gboolean
check_last_frame (const gchar *path, AVFormatContext *fmt, AVStream *st,
                  PrwAvformatFacts *facts, GError **error)
{
  gint64 start = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
  gint64 last = facts->frame_count - 1;
  gint64 target;
  AVPacket *pkt;
  gchar buf[AV_ERROR_MAX_STRING_SIZE];
  gboolean ok = FALSE;
  int r;

  /* the last frame's time in the stream's time base, rounded down */
  target
      = start
        + (gint64) ((PrwU128) last * facts->rate_den * (guint) st->time_base.den
                    / ((PrwU128) facts->rate_num * (guint) st->time_base.num));
  r = av_seek_frame (fmt, st->index, target, AVSEEK_FLAG_BACKWARD);
  if (r < 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: cannot reach its last frame (frame %" G_GINT64_FORMAT
                 " of %" G_GINT64_FORMAT "): %s",
                 path, last + 1, facts->frame_count, av_reason (r, buf));
    return FALSE;
  }
  pkt = av_packet_alloc ();
  if (pkt == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED, "%s: out of memory", path);
    return FALSE;
  }
  for (guint n = 0; n < 100000; n++) {
    gint64 ts;

    r = av_read_frame (fmt, pkt);
    if (r < 0)
      break;
    if (pkt->stream_index != st->index) {
      av_packet_unref (pkt);
      continue;
    }
    ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
    if (ts != AV_NOPTS_VALUE && ts >= target) {
      gint64 file_size = avio_size (fmt->pb);

      ok = (pkt->flags & AV_PKT_FLAG_CORRUPT) == 0;
      if (!ok) {
        g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                     "%s: truncated: its last frame (frame %" G_GINT64_FORMAT
                     ") is cut short",
                     path, last + 1);
      } else if (facts->is_mxf && pkt->pos >= 0 && file_size > 0
                 && pkt->pos + pkt->size >= file_size) {
        /* libavformat clips a clip-wrapped (OP-Atom) frame at the end of
         * the file without a word; a whole MXF file ends with its footer
         * partition after the essence (SMPTE 377M) */
        ok = FALSE;
        g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                     "%s: truncated: its last frame (frame %" G_GINT64_FORMAT
                     ") runs to the end of the file, where the MXF footer "
                     "partition should be",
                     path, last + 1);
      }
      av_packet_unref (pkt);
      av_packet_free (&pkt);
      return ok;
    }
    av_packet_unref (pkt);
  }
  av_packet_free (&pkt);
  if (r == AVERROR_EXIT) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: cancelled",
                 path);
    return FALSE;
  }
  g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
               "%s: truncated: the file ends before its last frame (frame "
               "%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT ")%s%s",
               path, last + 1, facts->frame_count,
               r < 0 && r != AVERROR_EOF ? ": " : "",
               r < 0 && r != AVERROR_EOF ? av_reason (r, buf) : "");
  return FALSE;
}

static void
read_tags (AVFormatContext *fmt, AVStream *st, PrwAvformatFacts *facts)
{
  /* MXF: the format-level tag is the material package's timecode
   * component, the stream-level one its source package's (SMPTE 377M), as
   * libavformat's MXF demuxer exposes them */
  if ((facts->timecode = tag (fmt->metadata, "timecode")) != NULL)
    facts->timecode_from = "format";
  else if ((facts->timecode = tag (st->metadata, "timecode")) != NULL)
    facts->timecode_from = "stream";
  /* MXF: the name of the tape (physical) source package */
  if ((facts->reel = tag (st->metadata, "reel_name")) != NULL)
    facts->reel_from = "stream";
  else if ((facts->reel = tag (fmt->metadata, "reel_name")) != NULL)
    facts->reel_from = "format";
  facts->package_name = tag (fmt->metadata, "material_package_name");
}

static PrwAvformatScan
scan_of (enum AVFieldOrder order)
{
  switch (order) {
    case AV_FIELD_UNKNOWN:
      return PRW_AVFORMAT_SCAN_UNKNOWN;
    case AV_FIELD_PROGRESSIVE:
      return PRW_AVFORMAT_SCAN_PROGRESSIVE;
    default:
      return PRW_AVFORMAT_SCAN_INTERLACED;
  }
}

/* The container's sample aspect ratio, else the codec's (ffprobe's rule:
 * av_guess_sample_aspect_ratio()), in lowest terms; 0:0 when neither
 * says. */
static void
pixel_aspect (AVFormatContext *fmt, AVStream *st, guint *par_n, guint *par_d)
{
  AVRational sar = av_guess_sample_aspect_ratio (fmt, st, NULL);
  int n, d;

  *par_n = *par_d = 0;
  if (sar.num <= 0 || sar.den <= 0)
    return;
  av_reduce (&n, &d, sar.num, sar.den, G_MAXINT);
  *par_n = (guint) n;
  *par_d = (guint) d;
}

gboolean
prw_avformat_probe (const gchar *path, GCancellable *cancellable,
                    PrwAvformatFacts *facts, GError **error)
{
  AVFormatContext *fmt = NULL;
  const AVInputFormat *known;
  AVStream *st = NULL;
  gchar buf[AV_ERROR_MAX_STRING_SIZE];
  struct stat sb;
  gboolean ok = FALSE;
  int r;

  g_return_val_if_fail (path != NULL && facts != NULL, FALSE);

  memset (facts, 0, sizeof *facts);
  init_once ();
  if (stat (path, &sb) < 0)
    return prw_set_error_from_errno (error, errno, path, NULL);
  if (!S_ISREG (sb.st_mode)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO, "%s: not a regular file",
                 path);
    return FALSE;
  }
  if (sb.st_size == 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: empty (0 bytes): truncated", path);
    return FALSE;
  }

  fmt = avformat_alloc_context ();
  if (fmt == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED, "%s: out of memory", path);
    return FALSE;
  }
  if (cancellable != NULL) {
    fmt->interrupt_callback.callback = interrupted;
    fmt->interrupt_callback.opaque = cancellable;
  }
  r = avformat_open_input (&fmt, path, NULL, NULL);
  if (r < 0) {
    /* avformat_open_input frees fmt on failure */
    if (r == AVERROR (ENOENT) || r == AVERROR (EACCES) || r == AVERROR (EPERM))
      return prw_set_error_from_errno (error, AVUNERROR (r), path, NULL);
    if (r == AVERROR_EXIT) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: cancelled",
                   path);
    } else if ((known = recognised_format (path)) != NULL) {
      /* an MXF file cut inside its header partition */
      g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                   "%s: damaged or truncated: libavformat knows it as %s "
                   "but cannot read it (%s)",
                   path,
                   known->long_name != NULL ? known->long_name : known->name,
                   av_reason (r, buf));
    } else {
      g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                   "%s: not a movie libavformat can read (%s)", path,
                   av_reason (r, buf));
    }
    return FALSE;
  }
  r = avformat_find_stream_info (fmt, NULL);
  if (r < 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: libavformat cannot read its streams (%s)", path,
                 av_reason (r, buf));
    goto out;
  }

  for (unsigned i = 0; i < fmt->nb_streams; i++) {
    AVStream *s = fmt->streams[i];

    if (s->codecpar->codec_type == AVMEDIA_TYPE_VIDEO
        && !(s->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
      st = s;
      break;
    }
  }
  if (st == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_NO_VIDEO,
                 "%s: no video stream (%s)", path, fmt->iformat->name);
    goto out;
  }

  for (unsigned i = 0; i < fmt->nb_streams; i++)
    facts->n_audio
        += fmt->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO;
  facts->is_mxf = g_str_has_prefix (fmt->iformat->name, "mxf");
  facts->op_atom = facts->is_mxf && is_op_atom (fmt);
  if (facts->is_mxf)
    facts->container = g_strdup (facts->op_atom ? "MXF OP-Atom" : "MXF OP1a");
  else
    facts->container
        = g_strdup (fmt->iformat->long_name != NULL ? fmt->iformat->long_name
                                                    : fmt->iformat->name);
  facts->codec = g_strdup (avcodec_get_name (st->codecpar->codec_id));
  if (st->codecpar->width > 0 && st->codecpar->height > 0) {
    facts->width = (guint) st->codecpar->width;
    facts->height = (guint) st->codecpar->height;
  }
  facts->scan = scan_of (st->codecpar->field_order);
  pixel_aspect (fmt, st, &facts->par_n, &facts->par_d);
  read_tags (fmt, st, facts);

  if (!stream_rate (path, st, facts, error)
      || !stream_frame_count (path, fmt, st, facts, error)
      || !check_last_frame (path, fmt, st, facts, error))
    goto out;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  ok = TRUE;

out:
  avformat_close_input (&fmt);
  if (!ok)
    prw_avformat_facts_clear (facts);
  return ok;
}

/* The codecs whose bitstream says how a picture is scanned and the
 * aspect of its pixels. */
static gboolean
bitstream_says_picture (enum AVCodecID id)
{
  switch (id) {
    case AV_CODEC_ID_H264:
    case AV_CODEC_ID_HEVC:
    case AV_CODEC_ID_MPEG2VIDEO:
    case AV_CODEC_ID_MPEG4:
    case AV_CODEC_ID_VC1:
    case AV_CODEC_ID_DVVIDEO:
    case AV_CODEC_ID_DNXHD:
    case AV_CODEC_ID_PRORES:
      return TRUE;
    default:
      return FALSE;
  }
}

gboolean
prw_avformat_probe_picture (const gchar *path, gint64 max_bytes,
                            GCancellable *cancellable,
                            PrwAvformatPicture *picture, GError **error)
{
  AVFormatContext *fmt = NULL;
  AVStream *st = NULL;
  gchar buf[AV_ERROR_MAX_STRING_SIZE];
  int r;

  g_return_val_if_fail (path != NULL && picture != NULL, FALSE);
  g_return_val_if_fail (max_bytes >= 32, FALSE);

  memset (picture, 0, sizeof *picture);
  init_once ();
  fmt = avformat_alloc_context ();
  if (fmt == NULL)
    return TRUE;
  if (cancellable != NULL) {
    fmt->interrupt_callback.callback = interrupted;
    fmt->interrupt_callback.opaque = cancellable;
  }
  fmt->probesize = max_bytes;
  fmt->max_analyze_duration = AV_TIME_BASE / 2;
  r = avformat_open_input (&fmt, path, NULL, NULL);
  if (r < 0) {
    if (r == AVERROR_EXIT)
      goto cancelled;
    g_debug ("%s: libavformat cannot open it for its picture: %s", path,
             av_reason (r, buf));
    return TRUE;
  }
  for (unsigned i = 0; i < fmt->nb_streams; i++) {
    AVStream *s = fmt->streams[i];

    if (st == NULL && s->codecpar->codec_type == AVMEDIA_TYPE_VIDEO
        && !(s->disposition & AV_DISPOSITION_ATTACHED_PIC))
      st = s;
    else
      s->discard = AVDISCARD_ALL;
  }
  if (st == NULL || !bitstream_says_picture (st->codecpar->codec_id)) {
    g_debug ("%s: its video bitstream (%s) says nothing of its picture", path,
             st != NULL ? avcodec_get_name (st->codecpar->codec_id) : "none");
    avformat_close_input (&fmt);
    return TRUE;
  }
  r = avformat_find_stream_info (fmt, NULL);
  picture->bytes_read = fmt->pb != NULL ? fmt->pb->bytes_read : 0;
  if (r == AVERROR_EXIT || g_cancellable_is_cancelled (cancellable)) {
    avformat_close_input (&fmt);
    goto cancelled;
  }
  if (r < 0) {
    g_debug ("%s: libavformat cannot read its video's headers: %s", path,
             av_reason (r, buf));
  } else {
    picture->scan = scan_of (st->codecpar->field_order);
    pixel_aspect (fmt, st, &picture->par_n, &picture->par_d);
  }
  g_debug ("%s: libavformat read %" G_GINT64_FORMAT " bytes for its "
           "picture: field order %d, pixel aspect %u:%u",
           path, picture->bytes_read, st->codecpar->field_order, picture->par_n,
           picture->par_d);
  avformat_close_input (&fmt);
  return TRUE;

cancelled:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: cancelled", path);
  return FALSE;
}
