/* libproreswriter: a camera original (OCF) as the tools see it */

#include "prw-source-clip-private.h"

#include "avformat/prw-avformat-probe-private.h"
#include "prw-media-info-private.h"
#include "util/prw-file-name-private.h"
#include <stdarg.h>
#include <string.h>

/**
 * PrwSourceClip:
 *
 * A camera original (an OCF, the "source clip" of a finishing editor) as
 * the tools see it: its clip name, reel (tape) name, start timecode
 * (drop-frame aware), frame count, exact frame rate and, when known, its
 * picture size and pixel aspect; where it came from (the media file, or the ALE
 * file and line); and how each fact was learnt (prw_source_clip_get_origin()),
 * for messages.
 *
 * It is what a blank rush is made from and what conform links graded
 * segments to. Its frames are never read: only what the container (or the
 * ALE) says of them.
 *
 * A source clip is made:
 *
 * - from a QuickTime or MP4 movie of any video codec, by the library's own
 *   reader (prw_source_clip_new_from_file()): the timecode track ('tmcd')
 *   gives the start and, in its name atom, the reel;
 * - from MXF (OP1a and OP-Atom) and whatever else FFmpeg's libavformat
 *   reads (prw_source_clip_new_from_file() again);
 * - from one row of an Avid Log Exchange file (#PrwAle), which covers the
 *   RAW formats the library cannot open (R3D, ARRIRAW, BRAW);
 * - from values the caller gives (prw_source_clip_new()).
 *
 * A source clip always has a start timecode: a file without one is refused
 * unless the caller gives one; the library never assumes 00:00:00:00. Its
 * frame rate is the start timecode's, always supported
 * (prw_timecode_rate_is_supported()) and in lowest terms.
 *
 * A #PrwSourceClip is immutable and safe to share between threads.
 *
 * Since: 0.4
 */
/* struct _PrwSourceClip is in prw-source-clip-private.h */

G_DEFINE_FINAL_TYPE (PrwSourceClip, prw_source_clip, G_TYPE_OBJECT)

static void
prw_source_clip_finalize (GObject *object)
{
  PrwSourceClip *self = PRW_SOURCE_CLIP (object);

  g_free (self->clip_name);
  g_free (self->reel);
  g_clear_pointer (&self->start, prw_timecode_free);
  g_free (self->path);
  g_free (self->ale_path);
  g_free (self->format);
  g_hash_table_unref (self->origins);
  g_ptr_array_unref (self->warnings);

  G_OBJECT_CLASS (prw_source_clip_parent_class)->finalize (object);
}

static void
prw_source_clip_class_init (PrwSourceClipClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = prw_source_clip_finalize;
}

static void
prw_source_clip_init (PrwSourceClip *self)
{
  self->origins = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

PrwSourceClip *
prw_source_clip_new_empty (void)
{
  return g_object_new (PRW_TYPE_SOURCE_CLIP, NULL);
}

void
prw_source_clip_set_identity (PrwSourceClip *self, const struct stat *st)
{
  prw_file_identity_from_stat (&self->identity, st);
  self->have_identity = TRUE;
}

gboolean
prw_source_clip_check_file (PrwSourceClip *self, GError **error)
{
  const gchar *path = self->ale_path != NULL ? self->ale_path : self->path;

  if (!self->have_identity || path == NULL)
    return TRUE;
  return prw_file_identity_check (&self->identity, path, error);
}

void
prw_source_clip_set_origin (PrwSourceClip *self, const gchar *fact,
                            const gchar *format, ...)
{
  va_list args;

  va_start (args, format);
  /* the facts are the PRW_SOURCE_CLIP_FACT_* literals: static keys */
  g_hash_table_insert (self->origins, (gpointer) g_intern_string (fact),
                       g_strdup_vprintf (format, args));
  va_end (args);
}

void
prw_source_clip_add_warning (PrwSourceClip *self, const gchar *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

gchar *
prw_source_clip_name_from_path (const gchar *path)
{
  gchar *name = g_path_get_basename (path);
  gchar *dot = strrchr (name, '.');

  if (dot != NULL && dot != name)
    *dot = '\0';
  return name;
}

/**
 * prw_source_clip_new:
 * @clip_name: the clip's name, not empty (the camera's file name without
 *   its extension, such as "A001C003_230101_R1AB")
 * @reel: (nullable): the reel (tape, camera roll) name, or %NULL
 * @start: the timecode of the clip's first frame; its rate (rate_num /
 *   rate_den) and drop-frame flag are the clip's
 * @frame_count: the number of frames, at least 1 and at most one day's
 *   frames at the start's rate
 * @width: the picture width (as stored) in pixels, or 0 when not known
 * @height: the picture height in pixels, or 0 when not known (both or
 *   neither)
 *
 * Makes a source clip from facts the caller gives (a person, a database, an
 * EDL), each of whose origins is "given by the caller". It has no path.
 *
 * Returns: (transfer full): a new #PrwSourceClip
 *
 * Since: 0.4
 */
PrwSourceClip *
prw_source_clip_new (const gchar *clip_name, const gchar *reel,
                     const PrwTimecode *start, gint64 frame_count, guint width,
                     guint height)
{
  PrwSourceClip *self;

  g_return_val_if_fail (clip_name != NULL && clip_name[0] != '\0', NULL);
  g_return_val_if_fail (start != NULL, NULL);
  g_return_val_if_fail (prw_timecode_rate_is_supported (start->rate_num,
                                                        start->rate_den,
                                                        start->drop_frame),
                        NULL);
  g_return_val_if_fail (
      frame_count >= 1
          && frame_count <= prw_timecode_rate_get_frames_per_day (
                 start->rate_num, start->rate_den, start->drop_frame),
      NULL);
  g_return_val_if_fail ((width == 0) == (height == 0), NULL);

  self = prw_source_clip_new_empty ();
  self->clip_name = g_strdup (clip_name);
  self->reel = g_strdup (reel);
  self->start = prw_timecode_copy (start);
  self->frame_count = frame_count;
  self->width = width;
  self->height = height;
  prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_CLIP_NAME,
                              "given by the caller");
  if (reel != NULL)
    prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_REEL,
                                "given by the caller");
  prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_START_TIMECODE,
                              "given by the caller");
  prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_FRAME_COUNT,
                              "given by the caller");
  prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_RATE,
                              "given by the caller");
  if (width != 0)
    prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_SIZE,
                                "given by the caller");
  return self;
}

/* "29.97 fps", "25 fps" */
static gchar *
describe_rate (guint num, guint den)
{
  g_autofree gchar *rate = prw_timecode_rate_to_string (num, den, FALSE);

  return g_strdup_printf ("%s fps", rate);
}

/* The start: the caller's label read at the file's rate, else the file's,
 * else PRW_ERROR_NO_TIMECODE. file_start is taken. */
static gboolean
take_start (PrwSourceClip *self, const gchar *path, guint rate_num,
            guint rate_den, const gchar *given, PrwTimecode *file_start,
            const gchar *file_origin, const gchar *missing, GError **error)
{
  g_autoptr (PrwTimecode) owned = file_start;

  if (given != NULL) {
    g_autoptr (GError) local = NULL;
    g_autofree gchar *rate = describe_rate (rate_num, rate_den);

    self->start = prw_timecode_new_from_string (given, rate_num, rate_den,
                                                FALSE, &local);
    if (self->start == NULL) {
      g_set_error (error, PRW_ERROR, local->code,
                   "%s: the start timecode given cannot be read at the "
                   "file's %s (%u/%u): %s",
                   path, rate, rate_num, rate_den, local->message);
      return FALSE;
    }
    if (owned != NULL && !owned->drop_frame != !self->start->drop_frame) {
      g_autofree gchar *label = prw_timecode_to_string (owned);

      /* the flag is the file's, a fact of its frames: never changed by
       * the way a label is written, never guessed */
      g_set_error (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE,
                   "%s: the start timecode given, %s, is %s, but the "
                   "file's, %s (from %s), is %s; write the start with %s "
                   "before the frames",
                   path, given,
                   self->start->drop_frame ? "drop frame" : "non-drop frame",
                   label, file_origin,
                   owned->drop_frame ? "drop frame" : "non-drop frame",
                   owned->drop_frame ? "';'" : "':'");
      g_clear_pointer (&self->start, prw_timecode_free);
      return FALSE;
    }
    if (owned != NULL) {
      g_autofree gchar *label = prw_timecode_to_string (owned);

      prw_source_clip_set_origin (
          self, PRW_SOURCE_CLIP_FACT_START_TIMECODE,
          "given by the caller (the file's, %s from %s, is not used)", label,
          file_origin);
    } else {
      prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_START_TIMECODE,
                                  "given by the caller (%s)", missing);
    }
    return TRUE;
  }
  if (owned == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_NO_TIMECODE,
                 "%s: no start timecode (%s), and none was given", path,
                 missing);
    return FALSE;
  }
  self->start = g_steal_pointer (&owned);
  prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_START_TIMECODE, "%s",
                              file_origin);
  return TRUE;
}

/* A day's frames at most: a longer clip has no timecode of its own for
 * every frame. */
static gboolean
check_frame_count (PrwSourceClip *self, const gchar *path, GError **error)
{
  gint64 per_day = prw_timecode_rate_get_frames_per_day (
      self->start->rate_num, self->start->rate_den, self->start->drop_frame);

  if (self->frame_count > per_day) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: %" G_GINT64_FORMAT " frames is longer than a day of "
                 "timecode (%" G_GINT64_FORMAT " frames)",
                 path, self->frame_count, per_day);
    return FALSE;
  }
  return TRUE;
}

/* What libavformat may read of a movie's video bitstream to learn its
 * field order and pixel aspect, where the container does not say them:
 * the first frames' headers (prw_avformat_probe_picture()). */
#define PICTURE_PROBE_BYTES (2 * 1024 * 1024)

static void
set_scan (PrwSourceClip *self, gboolean interlaced, const gchar *origin)
{
  self->interlaced = interlaced;
  prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_SCAN, "%s", origin);
}

static void
set_pixel_aspect (PrwSourceClip *self, guint par_n, guint par_d,
                  const gchar *origin)
{
  self->par_n = par_n;
  self->par_d = par_d;
  prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_PIXEL_ASPECT, "%s",
                              origin);
}

/* The scan and pixel aspect of a QuickTime movie: its video sample
 * description's 'fiel' and 'pasp' extensions; where one is missing, the
 * video bitstream's, through libavformat (a few frames' headers: an H.264
 * camera original often has neither atom). FALSE only when cancelled. */
static gboolean
quicktime_picture (PrwSourceClip *self, PrwMediaInfo *info,
                   GCancellable *cancellable, GError **error)
{
  const PrwQtMovie *movie = prw_media_info_get_movie (info);
  const PrwQtTrack *track = prw_media_info_get_video_track (info);
  guint fields = prw_qt_track_field_count (movie, track);
  guint par_n, par_d;
  gboolean have_pasp = prw_qt_track_pixel_aspect (movie, track, &par_n, &par_d);
  PrwAvformatPicture picture;

  if (fields == 1 || fields == 2)
    set_scan (self, fields == 2,
              "the video sample description's field count ('fiel')");
  if (have_pasp)
    set_pixel_aspect (self, par_n, par_d,
                      "the video sample description's pixel aspect ('pasp')");
  if ((fields == 1 || fields == 2) && have_pasp)
    return TRUE;
  if (!prw_avformat_probe_picture (prw_media_info_get_path (info),
                                   PICTURE_PROBE_BYTES, cancellable, &picture,
                                   error))
    return FALSE;
  if (fields != 1 && fields != 2 && picture.scan != PRW_AVFORMAT_SCAN_UNKNOWN)
    set_scan (self, picture.scan == PRW_AVFORMAT_SCAN_INTERLACED,
              "the video bitstream's field order, via libavformat (the "
              "movie has no 'fiel')");
  if (!have_pasp && picture.par_n != 0)
    set_pixel_aspect (self, picture.par_n, picture.par_d,
                      "the video bitstream's sample aspect ratio, via "
                      "libavformat (the movie has no 'pasp')");
  return TRUE;
}

static PrwSourceClip *
from_quicktime (PrwQtMovie *movie, const gchar *given,
                GCancellable *cancellable, GError **error)
{
  g_autoptr (PrwSourceClip) self = prw_source_clip_new_empty ();
  g_autoptr (PrwMediaInfo) info = NULL;
  const PrwTimecode *file_start;
  const gchar *const *warnings;
  const gchar *path;

  info = prw_media_info_new_from_movie_flags (
      movie, 0, PRW_MEDIA_INFO_ANY_CODEC | PRW_MEDIA_INFO_TIMECODE_OPTIONAL,
      error);
  if (info == NULL)
    return NULL;
  path = prw_media_info_get_path (info);
  file_start = prw_media_info_get_start_timecode (info);
  if (!take_start (self, path, info->rate_num, info->rate_den, given,
                   file_start != NULL ? prw_timecode_copy (file_start) : NULL,
                   "the timecode track (tmcd)", "no timecode track", error))
    return NULL;

  self->path = g_strdup (path);
  self->clip_name = prw_source_clip_name_from_path (path);
  prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_CLIP_NAME,
                              "the file name");
  if (file_start != NULL && info->reel_name != NULL
      && info->reel_name[0] != '\0') {
    self->reel = g_strdup (info->reel_name);
    prw_source_clip_set_origin (
        self, PRW_SOURCE_CLIP_FACT_REEL,
        "the timecode track's name atom (tmcd sample description)");
  }
  self->frame_count = info->frame_count;
  prw_source_clip_set_origin (
      self, PRW_SOURCE_CLIP_FACT_FRAME_COUNT, "%s",
      prw_media_info_is_trimmed (info)
          ? "the video track's edit list (edts/elst) over its sample table"
          : "the video track's sample table (stsz)");
  prw_source_clip_set_origin (
      self, PRW_SOURCE_CLIP_FACT_RATE,
      "the video track's time scale and frame durations (mdhd, stts)");
  if (info->width > 0 && info->height > 0) {
    self->width = info->width;
    self->height = info->height;
    prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_SIZE,
                                "the video sample description (stsd)");
  }
  self->n_audio_tracks = prw_media_info_get_n_audio_tracks (info);
  self->format = g_strdup_printf ("QuickTime, %s", info->codec_name != NULL
                                                       ? info->codec_name
                                                       : info->codec_fourcc);
  if (!quicktime_picture (self, info, cancellable, error))
    return NULL;
  warnings = prw_media_info_get_warnings (info);
  for (guint i = 0; warnings[i] != NULL; i++)
    g_ptr_array_add (self->warnings, g_strdup (warnings[i]));
  if (!check_frame_count (self, path, error))
    return NULL;
  return g_steal_pointer (&self);
}

static PrwSourceClip *
from_avformat (const gchar *path, const gchar *given, GCancellable *cancellable,
               GError **error)
{
  g_autoptr (PrwSourceClip) self = prw_source_clip_new_empty ();
  g_auto (PrwAvformatFacts) facts = { 0 };
  g_autofree gchar *tc_origin = NULL;
  g_autofree gchar *missing = NULL;
  PrwTimecode *file_start = NULL;

  if (!prw_avformat_probe (path, cancellable, &facts, error))
    return NULL;

  if (!prw_timecode_rate_is_supported (facts.rate_num, facts.rate_den, FALSE)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: frame rate %u/%u (the video stream's %s) is not "
                 "supported",
                 path, facts.rate_num, facts.rate_den, facts.rate_from);
    return NULL;
  }

  if (facts.is_mxf && g_strcmp0 (facts.timecode_from, "format") == 0)
    tc_origin = g_strdup ("the MXF material package's timecode component "
                          "(SMPTE 377M; libavformat's format \"timecode\" "
                          "tag)");
  else if (facts.is_mxf)
    tc_origin = g_strdup ("the MXF source package's timecode component "
                          "(SMPTE 377M; libavformat's stream \"timecode\" "
                          "tag)");
  else
    tc_origin = g_strdup_printf ("libavformat's %s \"timecode\" tag",
                                 facts.timecode_from);
  if (facts.timecode != NULL) {
    g_autoptr (GError) tc_error = NULL;

    file_start = prw_timecode_new_from_string (
        facts.timecode, facts.rate_num, facts.rate_den, FALSE, &tc_error);
    if (file_start == NULL) {
      g_set_error (error, PRW_ERROR, tc_error->code,
                   "%s: its timecode (from %s) cannot be read at %u/%u fps: "
                   "%s",
                   path, tc_origin, facts.rate_num, facts.rate_den,
                   tc_error->message);
      return NULL;
    }
  }
  missing = g_strdup_printf ("%s has no timecode tag", facts.container);
  if (!take_start (self, path, facts.rate_num, facts.rate_den, given,
                   file_start, tc_origin, missing, error))
    return NULL;

  self->path = g_strdup (path);
  if (facts.op_atom && facts.package_name != NULL) {
    /* an OP-Atom file holds one track of a clip; the clip is the
     * material package */
    self->clip_name = g_strdup (facts.package_name);
    prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_CLIP_NAME,
                                "the MXF material package's name "
                                "(libavformat's \"material_package_name\" "
                                "tag)");
  } else {
    self->clip_name = prw_source_clip_name_from_path (path);
    prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_CLIP_NAME,
                                "the file name");
  }
  if (facts.reel != NULL) {
    self->reel = g_steal_pointer (&facts.reel);
    if (facts.is_mxf)
      prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_REEL,
                                  "the MXF tape source package's name "
                                  "(libavformat's %s \"reel_name\" tag)",
                                  facts.reel_from);
    else
      prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_REEL,
                                  "libavformat's %s \"reel_name\" tag",
                                  facts.reel_from);
  }
  self->frame_count = facts.frame_count;
  prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_FRAME_COUNT,
                              "%s, via libavformat", facts.frame_count_from);
  prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_RATE,
                              "the video stream's %s, via libavformat",
                              facts.rate_from);
  if (facts.width > 0) {
    self->width = facts.width;
    self->height = facts.height;
    prw_source_clip_set_origin (self, PRW_SOURCE_CLIP_FACT_SIZE,
                                "the video stream's codec parameters, via "
                                "libavformat");
  }
  self->format = g_strdup_printf ("%s, %s", facts.container, facts.codec);
  self->n_uncopied_audio = facts.n_audio;
  if (facts.scan != PRW_AVFORMAT_SCAN_UNKNOWN)
    set_scan (self, facts.scan == PRW_AVFORMAT_SCAN_INTERLACED,
              facts.is_mxf ? "the MXF picture descriptor's frame layout, "
                             "via libavformat (its field order)"
                           : "the video stream's field order, via "
                             "libavformat");
  if (facts.par_n != 0)
    set_pixel_aspect (self, facts.par_n, facts.par_d,
                      facts.is_mxf ? "the MXF picture descriptor's aspect "
                                     "ratio, via libavformat (its sample "
                                     "aspect ratio)"
                                   : "the video stream's sample aspect "
                                     "ratio, via libavformat");
  if (!check_frame_count (self, path, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * prw_source_clip_new_from_file:
 * @path: (type filename): a camera original: a QuickTime or MP4 movie of any
 *   video codec, an MXF file (OP1a or OP-Atom), or another movie FFmpeg's
 *   libavformat reads
 * @start: (nullable): the start timecode to use instead of the file's: a
 *   label ("07:00:00:00", or "07:00:00;00" for drop frame) read at the
 *   file's frame rate (see prw_timecode_new_from_string()); or %NULL to use
 *   the file's
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @error: return location for a #GError, or %NULL
 *
 * Reads what a camera original's container says of it; its frames are
 * never decoded.
 *
 * A file that starts with a QuickTime atom is read by the library's own
 * reader (as prw_probe_file(), with any video codec): the start timecode
 * and drop-frame flag come from its one timecode track ('tmcd'), the reel
 * from that track's name atom, the frame count from the video track's
 * sample table (and its edit list: a run it shows, or every frame where a
 * composition offset, 'ctts', shifts them, as with B-frames), the exact
 * rate from its time scale and frame durations ('mdhd', 'stts'), the size
 * from its sample description ('stsd'). The clip name is the file name
 * without its extension.
 *
 * Any other file is read with libavformat. The video stream is the first
 * one. The start timecode is the format-level "timecode" tag, else the
 * video stream's (for MXF, the timecode components of the material package
 * and of the source package, SMPTE 377M, as libavformat's MXF demuxer
 * exposes them); a ';' before the frames means drop frame. The frame rate
 * is the stream's average frame rate (avg_frame_rate), else its base rate
 * (r_frame_rate), which must then agree; the frame count is the stream's
 * frame count (nb_frames), else its duration in its time base, which must
 * be a whole number of frames and have been given by the container, not
 * estimated. The last frame is then read (its bytes, not decoded), so a
 * truncated file is refused. The reel is the "reel_name" tag (MXF: the
 * name of the tape source package). The clip name is the file name without
 * its extension, except for MXF OP-Atom, where one file holds one track of
 * a clip: the material package's name ("material_package_name"), where
 * there is one.
 *
 * With @start, the file's own timecode (if any) is not used, and a file
 * without one is accepted. Its drop-frame flag is the label's (';', '.'
 * or ',' before the frames: drop frame) only where the file has no
 * timecode: where it has one, its flag is the clip's, and a @start whose
 * separator says the other is refused (never read as the file's). Without it, a
 * file without a timecode is refused: the library never assumes 00:00:00:00.
 *
 * The file's identity as stat() gives it before it is read (its device,
 * inode, size, modification and status change times) is noted with the
 * clip: a conform job made from it refuses to put its output in place if
 * the file changed since (prw_conform_job_run()).
 *
 * Errors, every message starting with @path:
 *
 * - %PRW_ERROR_NOT_FOUND, %PRW_ERROR_PERMISSION_DENIED, %PRW_ERROR_IO: the
 *   file is missing, may not be read, is not a regular file, or reading it
 *   failed;
 * - %PRW_ERROR_NO_TIMECODE: it has no timecode and @start is %NULL; or a
 *   QuickTime movie has more than one timecode track;
 * - %PRW_ERROR_INVALID_TIMECODE: @start, or the file's timecode tag, is
 *   not a valid label at the file's rate (the message says which); or
 *   @start is drop frame and the file's timecode is not, or the reverse
 *   (the message names both);
 * - %PRW_ERROR_UNSUPPORTED: libavformat cannot read the file; the frame
 *   rate varies, is not known exactly or is not supported
 *   (prw_timecode_rate_is_supported()); the frame count cannot be known
 *   exactly; the clip is longer than a day; and for QuickTime every reason
 *   prw_probe_file() gives but the codec;
 * - %PRW_ERROR_NO_VIDEO: no video stream or track (several video tracks in
 *   a QuickTime movie, too);
 * - %PRW_ERROR_CORRUPT: the file is empty or truncated (it ends before its
 *   last frame), its QuickTime atoms are inconsistent, libavformat
 *   recognises its first bytes (an MXF header) but cannot open it, or
 *   libavformat cannot reach its last frame;
 * - %PRW_ERROR_FAILED: out of memory;
 * - %G_IO_ERROR_CANCELLED: @cancellable was cancelled.
 *
 * Returns: (transfer full): the source clip, or %NULL with @error set
 *
 * Since: 0.4
 */
PrwSourceClip *
prw_source_clip_new_from_file (const gchar *path, const gchar *start,
                               GCancellable *cancellable, GError **error)
{
  g_autoptr (GError) qt_error = NULL;
  PrwSourceClip *clip = NULL;
  PrwQtMovie *movie;
  gboolean have_st;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable),
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  /* the file as it is before its facts are read: a change from now on is
   * seen by prw_source_clip_check_file() (a conform job's, before the
   * rename of its output) */
  have_st = stat (path, &st) == 0;
  movie = prw_qt_movie_read_file (path, &qt_error);
  if (movie != NULL) {
    if (g_cancellable_set_error_if_cancelled (cancellable, error)) {
      prw_qt_movie_free (movie);
      return NULL;
    }
    /* the info takes the movie, also on failure */
    clip = from_quicktime (movie, start, cancellable, error);
  } else if (!g_error_matches (qt_error, PRW_ERROR, PRW_ERROR_NOT_QUICKTIME)) {
    g_propagate_error (error, g_steal_pointer (&qt_error));
    return NULL;
  } else {
    clip = from_avformat (path, start, cancellable, error);
  }
  if (clip != NULL && have_st)
    prw_source_clip_set_identity (clip, &st);
  return clip;
}

/**
 * prw_source_clip_get_clip_name:
 * @self: a #PrwSourceClip
 *
 * The clip's name, as a finishing editor's bin shows it: for a file, its
 * name without its folder and extension (MXF OP-Atom: the material
 * package's name); for an ALE row, its Name column.
 *
 * The name is text the source gives, not a file name: an MXF package name
 * or an ALE's Name may hold '/', "..", or characters a file system
 * refuses. A caller that names a file after it (OUTDIR/NAME.mov) must make
 * it safe first: prw_source_clip_dup_file_stem().
 *
 * Returns: (transfer none): the clip name, never empty
 *
 * Since: 0.4
 */
const gchar *
prw_source_clip_get_clip_name (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), NULL);
  return self->clip_name;
}

/**
 * prw_source_clip_dup_file_stem:
 * @self: a #PrwSourceClip
 *
 * The clip name made one safe file name, without an extension, for the
 * files named after the clip (a blank rush's OUTDIR/CLIP.mov, a conform's
 * outputs): '/', '\\' and control characters become '_', as does a
 * leading '.' (never ".", ".." or a hidden file); cut to 200 bytes on a
 * character's boundary, leaving room for an extension within the 255
 * bytes file systems allow; "clip" if nothing is left.
 *
 * Returns: (transfer full): the file stem, never empty
 *
 * Since: 0.4
 */
gchar *
prw_source_clip_dup_file_stem (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), NULL);

  return prw_file_stem_from_name (self->clip_name, "clip");
}

/**
 * prw_source_clip_get_reel:
 * @self: a #PrwSourceClip
 *
 * The reel (tape, camera roll) name: a QuickTime timecode track's name
 * atom, MXF's tape source package name, an ALE row's Tape column (or the ALE's
 * TAPE heading). QuickTime movies written by GStreamer's qtmux always say
 * "Tape", which is returned as it is.
 *
 * Returns: (transfer none) (nullable): the reel name, or %NULL when the
 *   source names none
 *
 * Since: 0.4
 */
const gchar *
prw_source_clip_get_reel (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), NULL);
  return self->reel;
}

/**
 * prw_source_clip_get_start_timecode:
 * @self: a #PrwSourceClip
 *
 * The timecode of the clip's first frame, with the clip's exact frame rate
 * and drop-frame flag.
 *
 * Returns: (transfer none): the start timecode; never %NULL
 *
 * Since: 0.4
 */
const PrwTimecode *
prw_source_clip_get_start_timecode (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), NULL);
  return self->start;
}

/**
 * prw_source_clip_get_last_timecode:
 * @self: a #PrwSourceClip
 *
 * The timecode of the clip's last frame: the start plus the frame count
 * minus one, past midnight from 23:59:59 on. (An ALE's End column is one
 * frame later: see #PrwAle.)
 *
 * Returns: (transfer full): the last frame's timecode
 *
 * Since: 0.4
 */
PrwTimecode *
prw_source_clip_get_last_timecode (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), NULL);
  return prw_timecode_add_frames (self->start, self->frame_count - 1);
}

/**
 * prw_source_clip_get_frame_count:
 * @self: a #PrwSourceClip
 *
 * The number of frames of the clip, as its container (or ALE row) gives
 * it: see prw_source_clip_get_origin() for where it came from.
 *
 * Returns: the number of frames, at least 1 and at most one day's at the
 *   clip's rate
 *
 * Since: 0.4
 */
gint64
prw_source_clip_get_frame_count (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), 0);
  return self->frame_count;
}

/**
 * prw_source_clip_get_rate_num:
 * @self: a #PrwSourceClip
 *
 * The exact frame rate is rate_num / rate_den frames per second, in lowest
 * terms (24000/1001 for 23.976), the start timecode's.
 *
 * Returns: the numerator of the exact frame rate
 *
 * Since: 0.4
 */
guint
prw_source_clip_get_rate_num (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), 0);
  return self->start->rate_num;
}

/**
 * prw_source_clip_get_rate_den:
 * @self: a #PrwSourceClip
 *
 * The denominator of the clip's exact frame rate.
 *
 * Returns: the denominator of the exact frame rate (see
 *   prw_source_clip_get_rate_num())
 *
 * Since: 0.4
 */
guint
prw_source_clip_get_rate_den (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), 0);
  return self->start->rate_den;
}

/**
 * prw_source_clip_get_width:
 * @self: a #PrwSourceClip
 *
 * The picture width as stored, in pixels: a QuickTime video sample
 * description's, the width libavformat reports for the video stream, an
 * ALE row's "Frame Width" or "Resolution"-like column ("4096x2160"). An
 * anamorphic source is shown wider: see
 * prw_source_clip_get_pixel_aspect().
 *
 * Returns: the stored width in pixels, or 0 when not known
 *
 * Since: 0.4
 */
guint
prw_source_clip_get_width (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), 0);
  return self->width;
}

/**
 * prw_source_clip_get_height:
 * @self: a #PrwSourceClip
 *
 * The picture height, from where prw_source_clip_get_width() says
 * (the stored height is the displayed one).
 *
 * Returns: the height in pixels, or 0 when not known (see
 *   prw_source_clip_get_width())
 *
 * Since: 0.4
 */
guint
prw_source_clip_get_height (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), 0);
  return self->height;
}

/**
 * prw_source_clip_get_pixel_aspect:
 * @self: a #PrwSourceClip
 * @par_n: (out) (optional): the pixel aspect's numerator (the horizontal
 *   spacing), or 0 when not known
 * @par_d: (out) (optional): its denominator (the vertical spacing), or 0
 *   when not known
 *
 * The shape of the source's pixels, in lowest terms: 1:1 for square
 * pixels, 2:1 for an anamorphic picture shown twice as wide as it is
 * stored. The display size is the stored one
 * (prw_source_clip_get_width()) with the width times @par_n / @par_d.
 *
 * It comes from a QuickTime video sample description's 'pasp' extension
 * (QuickTime File Format, "Pixel aspect ratio"), else, for a QuickTime
 * movie without one, from the video bitstream (the sample aspect ratio of
 * H.264's VUI, for one), read by libavformat in a few frames' headers; or
 * from the sample aspect ratio libavformat reports for another file (MXF:
 * the picture descriptor's aspect ratio). An ALE row, a clip given by the
 * caller and a source that says nothing have none.
 *
 * Returns: %TRUE when the pixel aspect is known
 *
 * Since: 0.4
 */
gboolean
prw_source_clip_get_pixel_aspect (PrwSourceClip *self, guint *par_n,
                                  guint *par_d)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), FALSE);
  if (par_n != NULL)
    *par_n = self->par_n;
  if (par_d != NULL)
    *par_d = self->par_d;
  return self->par_n != 0;
}

/**
 * prw_source_clip_get_path:
 * @self: a #PrwSourceClip
 *
 * The media file: the path given to prw_source_clip_new_from_file(), or an
 * ALE row's Source File column as written (often a RAW file the library
 * cannot open).
 *
 * Returns: (type filename) (transfer none) (nullable): the path of the
 *   clip's file, or %NULL when none is known
 *
 * Since: 0.4
 */
const gchar *
prw_source_clip_get_path (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), NULL);
  return self->path;
}

/**
 * prw_source_clip_get_ale_path:
 * @self: a #PrwSourceClip
 *
 * The Avid Log Exchange file the clip was read from (#PrwAle), as its path
 * was given.
 *
 * Returns: (type filename) (transfer none) (nullable): the ALE file the
 *   clip was read from, or %NULL
 *
 * Since: 0.4
 */
const gchar *
prw_source_clip_get_ale_path (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), NULL);
  return self->ale_path;
}

/**
 * prw_source_clip_get_ale_line:
 * @self: a #PrwSourceClip
 *
 * The line of the clip's row in its ALE, for messages ("shoot.ale:12").
 *
 * Returns: the line of the ALE's Data section the clip was read from,
 *   counted from 1, or 0 when it was not read from an ALE
 *
 * Since: 0.4
 */
guint
prw_source_clip_get_ale_line (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), 0);
  return self->ale_line;
}

/**
 * prw_source_clip_get_format:
 * @self: a #PrwSourceClip
 *
 * The container and the video codec, for people: "QuickTime, avc1",
 * "QuickTime, ProRes 422 HQ", "MXF OP1a, dnxhd", "MXF OP-Atom, dnxhd";
 * for an ALE row, "ALE" and its VIDEO_FORMAT heading.
 *
 * Returns: (transfer none) (nullable): a description of the format, or
 *   %NULL for a clip made by prw_source_clip_new()
 *
 * Since: 0.4
 */
const gchar *
prw_source_clip_get_format (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), NULL);
  return self->format;
}

/**
 * prw_source_clip_get_n_audio_tracks:
 * @self: a #PrwSourceClip
 *
 * The camera original's sound tracks: for a QuickTime or MP4 movie, its
 * tracks whose handler ('hdlr') is 'soun' (as
 * prw_media_info_get_n_audio_tracks() counts them), which its blank rush
 * and a conform output made from it carry as they are
 * (prw_blank_rush_set_audio()). An MXF file, what else libavformat
 * reads, and an ALE row have none here: MXF keeps its sound in other
 * files (OP-Atom) or in the same file's essence containers, which the
 * blank rush does not copy (prw_source_clip_get_n_uncopied_audio_tracks()
 * counts them).
 *
 * Returns: the number of sound tracks the blank rush can copy; 0 for
 *   none
 *
 * Since: 0.4
 */
guint
prw_source_clip_get_n_audio_tracks (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), 0);
  return self->n_audio_tracks;
}

/**
 * prw_source_clip_get_n_uncopied_audio_tracks:
 * @self: a #PrwSourceClip
 *
 * The camera original's sound that a blank rush, and a conform output
 * made from it, do not carry, so that a tool can say so each time: for a
 * file read with libavformat (MXF OP1a and OP-Atom, and whatever else it
 * reads), its audio streams, as libavformat lists them after reading the
 * file's headers (an MXF file's sound tracks: SMPTE 377M, each a track of
 * its material package; an OP-Atom file holds none when its sound is in
 * other files). A QuickTime or MP4 movie has none here: its sound tracks
 * are copied (prw_source_clip_get_n_audio_tracks()). An ALE row and a
 * clip given by the caller have none: what sound their files have is not
 * known.
 *
 * Returns: the number of the source's sound tracks (audio streams) that
 *   are not copied; 0 for none or not known
 *
 * Since: 0.4
 */
guint
prw_source_clip_get_n_uncopied_audio_tracks (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), 0);
  return self->n_uncopied_audio;
}

PrwMediaInfo *
prw_source_clip_read_sound (PrwSourceClip *self, const gchar *path,
                            GError **error)
{
  g_autoptr (PrwMediaInfo) info = NULL;
  PrwQtMovie *movie;
  guint n_audio;

  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  /* a file changed since is said so, rather than as what its reader
   * makes of it; and checked again once read */
  if (!prw_source_clip_check_file (self, error)
      || !(movie = prw_qt_movie_read_file (path, error)))
    return NULL;
  /* the info takes the movie, also on failure */
  info = prw_media_info_new_from_movie_flags (
      movie, 0, PRW_MEDIA_INFO_ANY_CODEC | PRW_MEDIA_INFO_TIMECODE_OPTIONAL,
      error);
  if (info == NULL)
    return NULL;
  n_audio = prw_media_info_get_n_audio_tracks (info);
  if (n_audio != self->n_audio_tracks || info->frame_count != self->frame_count
      || (guint64) info->rate_num * self->start->rate_den
             != (guint64) info->rate_den * self->start->rate_num) {
    g_set_error (
        error, PRW_ERROR, PRW_ERROR_CHANGED,
        "%s: changed since it was read (%u sound track%s, %" G_GINT64_FORMAT
        " frames at %u/%u fps; it had %u, %" G_GINT64_FORMAT " at %u/%u)",
        path, n_audio, n_audio == 1 ? "" : "s", info->frame_count,
        info->rate_num, info->rate_den, self->n_audio_tracks, self->frame_count,
        self->start->rate_num, self->start->rate_den);
    return NULL;
  }
  if (!prw_source_clip_check_file (self, error))
    return NULL;
  return g_steal_pointer (&info);
}

/**
 * prw_source_clip_get_interlaced:
 * @self: a #PrwSourceClip
 *
 * Whether the source says its video is interlaced: a QuickTime video sample
 * description whose 'fiel' extension counts two fields; for a QuickTime
 * movie without 'fiel', a field order other than progressive in its video
 * bitstream (H.264, HEVC, MPEG-2, MPEG-4 part 2, VC-1, DV, DNxHD, ProRes),
 * which libavformat reads in the headers of the first frames (at most 2 MB
 * of the file, half a second of video); for another file, a field order
 * other than progressive as libavformat reports it (MXF: the picture
 * descriptor's frame layout). Blank rushes refuse interlaced sources for
 * now. Whether the source says anything: prw_source_clip_get_origin()
 * of %PRW_SOURCE_CLIP_FACT_SCAN is then not %NULL.
 *
 * Returns: %TRUE when the source says its frames are interlaced; %FALSE
 *   when it says they are progressive or says nothing (an ALE row, values
 *   given by the caller, a movie without 'fiel' of another codec)
 *
 * Since: 0.4
 */
gboolean
prw_source_clip_get_interlaced (PrwSourceClip *self)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), FALSE);
  return self->interlaced;
}

/**
 * prw_source_clip_get_origin:
 * @self: a #PrwSourceClip
 * @fact: the name of a fact: %PRW_SOURCE_CLIP_FACT_CLIP_NAME ("clip-name"),
 *   %PRW_SOURCE_CLIP_FACT_REEL ("reel"),
 *   %PRW_SOURCE_CLIP_FACT_START_TIMECODE ("start-timecode"),
 *   %PRW_SOURCE_CLIP_FACT_FRAME_COUNT ("frame-count"),
 *   %PRW_SOURCE_CLIP_FACT_RATE ("rate"), %PRW_SOURCE_CLIP_FACT_SIZE
 *   ("size"), %PRW_SOURCE_CLIP_FACT_PIXEL_ASPECT ("pixel-aspect") or
 *   %PRW_SOURCE_CLIP_FACT_SCAN ("scan")
 *
 * How a fact was learnt, for messages: "the timecode track (tmcd)", "the
 * MXF material package's timecode component (SMPTE 377M; libavformat's
 * format \"timecode\" tag)", "the Start column of the ALE's line 12",
 * "given by the caller". The text is for people and may change.
 *
 * Returns: (transfer none) (nullable): where the fact came from, or %NULL
 *   when the clip does not know it (no reel, no size) or @fact is not a
 *   fact's name
 *
 * Since: 0.4
 */
const gchar *
prw_source_clip_get_origin (PrwSourceClip *self, const gchar *fact)
{
  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), NULL);
  g_return_val_if_fail (fact != NULL, NULL);
  return g_hash_table_lookup (self->origins, fact);
}

/**
 * prw_source_clip_get_warnings:
 * @self: a #PrwSourceClip
 *
 * What the reader found worth telling, one line each naming the file
 * ("PATH: reason"; an ALE row's, "ALE:LINE: reason"): a QuickTime timecode
 * track marked drop frame at a rate without drop frame (read as non-drop);
 * an ALE size column that is not a size.
 *
 * Returns: (transfer none) (array zero-terminated=1): the warnings, empty
 *   when there are none
 *
 * Since: 0.4
 */
const gchar *const *
prw_source_clip_get_warnings (PrwSourceClip *self)
{
  static const gchar *const none[] = { NULL };

  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (self), NULL);
  if (self->warnings->len == 0)
    return none;
  return (const gchar *const *) self->warnings->pdata;
}
