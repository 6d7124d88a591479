/* libproreswriter: write a blank rush
 *
 * A blank rush is made by the render layer's blank-rush source
 * (render/prw-blank-src.h) through the same muxer, copy sink, finishing
 * step and atomic output as a print (prw-printer.c).
 */
#include "prw-blank-rush-private.h"
#include "prw-media-info-private.h"
#include "prw-source-clip-private.h"
#include "prores/prw-blank-frames-private.h"
#include "prores/prw-prores-frame-private.h"
#include "qt/prw-qt-bytes-private.h"
#include "qt/prw-qt-finish-private.h"
#include "qt/prw-qt-writer-private.h"
#include "render/prw-blank-pipeline-private.h"
#include "util/prw-atomic-output-private.h"
#include "util/prw-fd-io-private.h"
#include "util/prw-file-identity-private.h"
#include "burnin/prw-burn-in-private.h"
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/**
 * PrwBlankRush:
 *
 * A blank rush: a black ProRes movie with a camera original's frame count,
 * exact rate, start timecode (with its drop-frame flag) and reel, and the
 * ProRes format of the segments that will be printed into it, so that the
 * printed result relinks in an editor as the original would. By default
 * each frame shows a burn-in: the running source timecode, the clip name
 * and a "NO GRADE" marker, sized relative to the picture height.
 *
 * It is made without encoding each frame: the black frame is encoded once
 * and each frame's burn-in is spliced into it as a few ProRes slices,
 * encoded once per distinct content (a ProRes picture is made of
 * independent slices; see Apple's "ProRes RAW/ProRes bitstream syntax",
 * SMPTE RDD 36). Without burn-in every frame is the same black frame.
 *
 * The format is copied from a ProRes segment (prw_blank_rush_set_like()):
 * flavour, size and the video sample description byte for byte (colour
 * 'colr', field order 'fiel', aspect 'pasp'); or given
 * (prw_blank_rush_set_format(), BT.709 colour, square pixels, progressive).
 *
 * The movie written (prw_blank_rush_write()) has one sample per frame,
 * one identity edit, and a timecode track ('tmcd') with the start, the
 * drop-frame flag and the reel. A blank rush of a QuickTime or MP4 camera
 * original (prw_blank_rush_new_for_source()) also carries the original's
 * sound tracks as they are (prw_blank_rush_set_audio()): their samples,
 * sample descriptions, tables and edit lists byte for byte, their chunks
 * copied from the original's file between the video frames, as a print
 * copies a base's sound. Where the flavour has an alpha channel
 * (4444, 4444 XQ) every frame's alpha is opaque. It is written as a print
 * is: to a temporary file beside the output, flushed and renamed into
 * place only when complete; on failure or cancellation nothing is left.
 *
 * Since: 0.4
 */

struct _PrwBlankRush {
  GObject parent;

  gchar *clip_name;
  gchar *reel;
  PrwTimecode *start;
  gint64 frame_count;
  gboolean burn_in;

  /* the format: set by set_like or set_format */
  gboolean has_format;
  PrwProresProfile profile;
  gboolean alpha; /* 4444 flavours: frames with an (opaque) alpha channel */
  guint width, height;
  PrwProresColour colour;
  guint par_n, par_d;  /* the pixel aspect ('pasp'), in lowest terms */
  GBytes *description; /* the video sample description, or NULL: built */
  gchar *like_path;
  /* a copied description's picture extensions, as the movie reader read
   * them from the segment (struct _PrwMediaInfo: its colr, NULL without;
   * pasp, 0:0 without; fiel, 0 0 without); set with description */
  gchar *like_colour;
  guint like_par_n, like_par_d;
  guint like_fiel_count, like_fiel_detail;
  /* the files its source was read from (its media file, its ALE), which
   * it is never written over; NULL-terminated, or NULL */
  GStrv source_paths;
  PrwMediaInfo *plan_base; /* the rush as a plan's base, or NULL */
  /* the camera original whose sound tracks it carries (one with some,
   * read from a QuickTime movie), the path its movie is read again from
   * when the rush is written, and whether they are copied */
  PrwSourceClip *sound_source;
  gchar *sound_path;
  gboolean audio;
};

enum { SIGNAL_PROGRESS, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PrwBlankRush, prw_blank_rush, G_TYPE_OBJECT)

static void
prw_blank_rush_finalize (GObject *object)
{
  PrwBlankRush *self = PRW_BLANK_RUSH (object);

  g_free (self->clip_name);
  g_free (self->reel);
  g_clear_pointer (&self->start, prw_timecode_free);
  g_clear_pointer (&self->description, g_bytes_unref);
  g_free (self->like_path);
  g_free (self->like_colour);
  g_strfreev (self->source_paths);
  g_clear_object (&self->plan_base);
  g_clear_object (&self->sound_source);
  g_free (self->sound_path);
  G_OBJECT_CLASS (prw_blank_rush_parent_class)->finalize (object);
}

static void
prw_blank_rush_class_init (PrwBlankRushClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = prw_blank_rush_finalize;

  /**
   * PrwBlankRush::progress:
   * @self: the blank rush
   * @frames_done: frames made so far and handed on to the muxer
   * @frames_total: frames in all (the frame count)
   * @bytes_done: the video bytes of those frames
   *
   * Emitted about ten times a second by prw_blank_rush_write(), in the
   * thread that called it. Its arguments are #PrwPrinter::progress's.
   *
   * Since: 0.4
   */
  signals[SIGNAL_PROGRESS] = g_signal_new (
      "progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
      NULL, G_TYPE_NONE, 3, G_TYPE_UINT64, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
prw_blank_rush_init (PrwBlankRush *self)
{
  self->burn_in = TRUE;
  self->audio = TRUE;
  self->par_n = self->par_d = 1;
}

/**
 * prw_blank_rush_new:
 * @clip_name: (nullable): the camera original's clip name (UTF-8, shown in
 *   the burn-in), or %NULL
 * @start: the camera original's start timecode: its rate is the blank
 *   rush's exact frame rate, its drop-frame flag the timecode track's
 * @frame_count: how many frames, at least one
 *
 * Describes the blank rush of a camera original. Its format must be set
 * (prw_blank_rush_set_like() or prw_blank_rush_set_format()) before it is
 * written. Burn-in is on.
 *
 * Returns: (transfer full): a new #PrwBlankRush
 *
 * Since: 0.4
 */
PrwBlankRush *
prw_blank_rush_new (const gchar *clip_name, const PrwTimecode *start,
                    gint64 frame_count)
{
  PrwBlankRush *self;

  g_return_val_if_fail (start != NULL, NULL);
  g_return_val_if_fail (frame_count > 0, NULL);

  self = g_object_new (PRW_TYPE_BLANK_RUSH, NULL);
  self->clip_name = g_strdup (clip_name);
  self->start = prw_timecode_copy (start);
  self->frame_count = frame_count;
  return self;
}

/* Where a source clip's facts come from, for messages: "PATH" or
 * "ALE:LINE". */
static gchar *
source_name (PrwSourceClip *source)
{
  const gchar *ale = prw_source_clip_get_ale_path (source);

  if (ale)
    return g_strdup_printf ("%s:%u", ale,
                            prw_source_clip_get_ale_line (source));
  if (prw_source_clip_get_path (source))
    return g_strdup (prw_source_clip_get_path (source));
  return g_strdup (prw_source_clip_get_clip_name (source));
}

/**
 * prw_blank_rush_new_for_source:
 * @source: a camera original: a #PrwSourceClip read from a file or an ALE
 *   row, or given
 * @error: return location for a #GError
 *
 * Describes the blank rush of @source: its clip name, frame count, exact
 * rate and start timecode (with its drop-frame flag) and its reel. Where
 * @source's picture size is known, the format defaults to ProRes 4444 at
 * that size, with @source's pixel aspect where it is known
 * (prw_source_clip_get_pixel_aspect(); square pixels otherwise):
 * prw_blank_rush_set_like() or prw_blank_rush_set_format() change it;
 * otherwise a format must be set before writing.
 *
 * The files @source was read from (its media file, its ALE) are inputs:
 * prw_blank_rush_write() and prw_blank_rush_print() never write over them.
 * The sound tracks of a QuickTime or MP4 @source
 * (prw_source_clip_get_n_audio_tracks()) are copied into the movie as
 * they are, from its media file (prw_blank_rush_set_audio()).
 *
 * Errors: %PRW_ERROR_UNSUPPORTED when @source is interlaced (blank rushes
 * are progressive), the message naming @source's file (or its ALE and
 * line).
 *
 * Returns: (transfer full) (nullable): a new #PrwBlankRush, or %NULL
 *
 * Since: 0.4
 */
PrwBlankRush *
prw_blank_rush_new_for_source (PrwSourceClip *source, GError **error)
{
  PrwBlankRush *self;

  g_return_val_if_fail (PRW_IS_SOURCE_CLIP (source), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (prw_source_clip_get_interlaced (source)) {
    g_autofree gchar *name = source_name (source);

    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: is interlaced; blank rushes are progressive only", name);
    return NULL;
  }
  self = prw_blank_rush_new (prw_source_clip_get_clip_name (source),
                             prw_source_clip_get_start_timecode (source),
                             prw_source_clip_get_frame_count (source));
  prw_blank_rush_set_reel (self, prw_source_clip_get_reel (source));
  {
    g_autoptr (GStrvBuilder) paths = g_strv_builder_new ();

    if (prw_source_clip_get_path (source))
      g_strv_builder_add (paths, prw_source_clip_get_path (source));
    if (prw_source_clip_get_ale_path (source))
      g_strv_builder_add (paths, prw_source_clip_get_ale_path (source));
    self->source_paths = g_strv_builder_end (paths);
  }
  if (prw_source_clip_get_n_audio_tracks (source) > 0
      && prw_source_clip_get_path (source) != NULL) {
    self->sound_source = g_object_ref (source);
    self->sound_path = g_strdup (prw_source_clip_get_path (source));
  }
  if (prw_source_clip_get_width (source)
      && prw_source_clip_get_height (source)) {
    self->has_format = TRUE;
    self->profile = PRW_PRORES_PROFILE_4444;
    self->alpha = TRUE;
    self->width = prw_source_clip_get_width (source);
    self->height = prw_source_clip_get_height (source);
    self->colour = PRW_PRORES_COLOUR_BT709;
    prw_source_clip_get_pixel_aspect (source, &self->par_n, &self->par_d);
    if (self->par_n == 0 || self->par_d == 0)
      self->par_n = self->par_d = 1;
  }
  return self;
}

/**
 * prw_blank_rush_has_format:
 * @self: a #PrwBlankRush
 *
 * Whether its format is known: set, or defaulted from the source's size.
 * prw_blank_rush_write() needs one.
 *
 * Returns: %TRUE if a format is set
 *
 * Since: 0.4
 */
gboolean
prw_blank_rush_has_format (PrwBlankRush *self)
{
  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), FALSE);
  return self->has_format;
}

/**
 * prw_blank_rush_set_reel:
 * @self: a #PrwBlankRush
 * @reel: (nullable): the reel (tape) name the timecode track carries, or
 *   %NULL for none
 *
 * Sets the reel name, written in the timecode sample description's 'name'
 * atom, where editors read the reel (QuickTime File Format, "Timecode
 * sample description").
 *
 * Since: 0.4
 */
void
prw_blank_rush_set_reel (PrwBlankRush *self, const gchar *reel)
{
  g_return_if_fail (PRW_IS_BLANK_RUSH (self));
  g_free (self->reel);
  self->reel = reel && *reel ? g_strdup (reel) : NULL;
}

/**
 * prw_blank_rush_set_burn_in:
 * @self: a #PrwBlankRush
 * @burn_in: %TRUE to draw the burn-in (the default), %FALSE for pure black
 *
 * Whether each frame shows the running source timecode, the clip name and
 * "NO GRADE". Without, every frame is the same black frame, and the movie
 * is written about as fast as a copy.
 *
 * Since: 0.4
 */
void
prw_blank_rush_set_burn_in (PrwBlankRush *self, gboolean burn_in)
{
  g_return_if_fail (PRW_IS_BLANK_RUSH (self));
  self->burn_in = !!burn_in;
}

/**
 * prw_blank_rush_set_audio:
 * @self: a #PrwBlankRush
 * @audio: %TRUE to copy the camera original's sound tracks (the default),
 *   %FALSE for none
 *
 * Whether the movie carries the camera original's sound tracks, as a
 * blank rush made by prw_blank_rush_new_for_source() from a QuickTime or
 * MP4 movie with sound does by default (prw_source_clip_get_n_audio_tracks()):
 * every track whose handler is 'soun', copied as it is (the trak atom byte
 * for byte but its track ID, its chunk offsets and its durations in the
 * movie's time scale; the sample bytes copied from the original's file by
 * the kernel, each chunk before the first video frame whose time is after
 * the chunk's start), so that a print or a conform of it keeps the
 * original's sync sound (QuickTime File Format, "Sound media"). The
 * original's movie is read again when the rush is written, and must
 * still be the file the source was read from. A source without sound
 * tracks (MXF, whose sound lives in other files or essence containers the
 * rush does not copy; an ALE row) gives none either way.
 *
 * Since: 0.4
 */
void
prw_blank_rush_set_audio (PrwBlankRush *self, gboolean audio)
{
  g_return_if_fail (PRW_IS_BLANK_RUSH (self));
  self->audio = !!audio;
}

/**
 * prw_blank_rush_get_n_audio_tracks:
 * @self: a #PrwBlankRush
 *
 * How many sound tracks the movie carries: the camera original's
 * (prw_source_clip_get_n_audio_tracks()) unless prw_blank_rush_set_audio()
 * turned them off.
 *
 * Returns: the number of sound tracks written; 0 for none
 *
 * Since: 0.4
 */
guint
prw_blank_rush_get_n_audio_tracks (PrwBlankRush *self)
{
  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), 0);
  return self->audio && self->sound_source != NULL
             ? prw_source_clip_get_n_audio_tracks (self->sound_source)
             : 0;
}

void
prw_blank_rush_set_sound_path (PrwBlankRush *self, const gchar *path)
{
  g_return_if_fail (PRW_IS_BLANK_RUSH (self));
  if (self->sound_source == NULL || path == NULL)
    return;
  g_free (self->sound_path);
  self->sound_path = g_strdup (path);
}

static gboolean
profile_from_fourcc (const gchar *fourcc, PrwProresProfile *profile)
{
  static const struct {
    const gchar *fourcc;
    PrwProresProfile profile;
  } table[] = {
    { "apco", PRW_PRORES_PROFILE_PROXY },
    { "apcs", PRW_PRORES_PROFILE_LT },
    { "apcn", PRW_PRORES_PROFILE_422 },
    { "apch", PRW_PRORES_PROFILE_422_HQ },
    { "ap4h", PRW_PRORES_PROFILE_4444 },
    { "ap4x", PRW_PRORES_PROFILE_4444_XQ },
  };

  for (guint i = 0; fourcc && i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (fourcc, table[i].fourcc)) {
      *profile = table[i].profile;
      return TRUE;
    }
  return FALSE;
}

static const gchar *
profile_fourcc (PrwProresProfile profile)
{
  static const gchar *fourccs[]
      = { "apco", "apcs", "apcn", "apch", "ap4h", "ap4x" };

  return fourccs[profile];
}

/* qtmux's caps variant for the flavour (it picks the fourcc from it) */
static const gchar *
profile_variant (PrwProresProfile profile)
{
  static const gchar *variants[]
      = { "proxy", "lt", "standard", "hq", "4444", "4444xq" };

  return variants[profile];
}

/* Whether like's first frame has an alpha channel (its ProRes frame
 * header's alpha_info, Apple ProRes bitstream syntax, SMPTE RDD 36): a 4444
 * segment may have none, and its sample description's depth (32) does not
 * say. */
static gboolean
read_like_alpha (PrwMediaInfo *like, const gchar *path, gboolean *alpha,
                 GError **error)
{
  guint8 head[PRW_PRORES_FRAME_PREFIX_SIZE + PRW_PRORES_FRAME_HEADER_MIN];
  const PrwSample *sample;
  gssize n;
  int fd, saved;

  if (prw_media_info_get_frame_count (like) < 1
      || (sample = prw_media_info_get_frame_sample (like, 0)) == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT, "%s: has no frames",
                 path);
    return FALSE;
  }
  if ((fd = prw_fd_open (path, O_RDONLY, 0)) < 0)
    return prw_set_error_from_errno (error, errno, path, NULL);
  n = prw_fd_pread_all (fd, head, sizeof head, sample->offset);
  saved = errno;
  prw_fd_close (fd);
  if (n < 0)
    return prw_set_error_from_errno (error, saved, path, NULL);
  if ((gsize) n < sizeof head || sample->size < sizeof head
      || memcmp (head + 4, "icpf", 4) != 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: its first frame is not a ProRes frame", path);
    return FALSE;
  }
  *alpha = (head[PRW_PRORES_FRAME_PREFIX_SIZE + 17] & 0xf) != 0;
  return TRUE;
}

/* What a blank rush copies of a ProRes segment's format (but its size):
 * read from its video sample description and its first frame's header. */
typedef struct {
  PrwProresProfile profile;
  gboolean alpha;
  PrwProresColour colour;
  guint pasp_h, pasp_v;      /* in lowest terms; 1:1 without a 'pasp' */
  const guint8 *description; /* borrowed from the movie's moov */
  gsize description_size;
} LikeFormat;

/* Reads like's format; errors as prw_blank_rush_set_like()'s. */
static gboolean
read_like (PrwMediaInfo *like, LikeFormat *out, GError **error)
{
  const gchar *path = prw_media_info_get_path (like);
  const PrwAtom *desc;
  guint fields = 1, detail = 0;

  memset (out, 0, sizeof *out);
  out->colour = PRW_PRORES_COLOUR_BT709;
  if (!profile_from_fourcc (prw_media_info_get_codec_fourcc (like),
                            &out->profile)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: is not ProRes (codec '%s'): a blank rush copies a "
                 "ProRes segment's format",
                 path, prw_media_info_get_codec_fourcc (like));
    return FALSE;
  }
  if (!like->movie || !like->video_track
      || (desc = &like->video_track->description)->size < 86
      || desc->header_size != 8) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: video sample description is malformed", path);
    return FALSE;
  }
  out->description = like->movie->moov + desc->offset;
  out->description_size = desc->size;
  /* its picture extensions, as the movie reader read them (QuickTime File
   * Format, "Video sample description extensions"): colr (nclc or nclx:
   * primaries, transfer, matrix), fiel and pasp */
  if (like->video_track->colr_codes) {
    out->colour.primaries = (guint8) like->video_track->colr_primaries;
    out->colour.transfer = (guint8) like->video_track->colr_transfer;
    out->colour.matrix = (guint8) like->video_track->colr_matrix;
  }
  prw_media_info_get_pixel_aspect (like, &out->pasp_h, &out->pasp_v);
  prw_media_info_get_fields (like, &fields, &detail);
  if (fields != 1) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: is interlaced (%u fields); blank rushes are "
                 "progressive only",
                 path, fields);
    return FALSE;
  }
  if (prw_prores_profile_has_alpha (out->profile)
      && !read_like_alpha (like, path, &out->alpha, error))
    return FALSE;
  return TRUE;
}

/* The pixel aspect in lowest terms; 1:1 for none (0:0) */
static void
set_par (PrwBlankRush *self, guint par_n, guint par_d)
{
  guint a = par_n, b = par_d;

  if (par_n == 0 || par_d == 0) {
    self->par_n = self->par_d = 1;
    return;
  }
  while (b != 0) {
    guint t = a % b;

    a = b;
    b = t;
  }
  self->par_n = par_n / a;
  self->par_d = par_d / a;
}

/**
 * prw_blank_rush_set_like:
 * @self: a #PrwBlankRush
 * @like: a probed ProRes movie (a graded segment) whose format to copy
 * @error: return location for a #GError
 *
 * Copies @like's format: its ProRes flavour (from the sample description's
 * four-character code), its size, its colour description ('colr', which
 * also sets the encoder's colour matrix), whether its frames have an alpha
 * channel (its first frame's header says; a blank rush's alpha is opaque)
 * and its whole video sample description byte for byte (its pixel aspect
 * 'pasp' and field description 'fiel' among it), so that print and
 * conform take the blank rush as a base for @like and its siblings.
 * prw_blank_rush_describe_like() names what is copied but the size.
 *
 * Errors, each message naming @like's path:
 * - %PRW_ERROR_UNSUPPORTED: @like is not ProRes (its four-character code
 *   is none of apco, apcs, apcn, apch, ap4h, ap4x), or it is interlaced
 *   (its 'fiel' atom says two fields);
 * - %PRW_ERROR_CORRUPT: its video sample description is too short, it has
 *   no frames, or its first frame is not a ProRes frame;
 * - %PRW_ERROR_IO (or %PRW_ERROR_PERMISSION_DENIED, %PRW_ERROR_NOT_FOUND,
 *   by errno): its first frame cannot be read.
 *
 * Returns: %TRUE if the format was set; on failure it is unchanged
 *
 * Since: 0.4
 */
gboolean
prw_blank_rush_set_like (PrwBlankRush *self, PrwMediaInfo *like, GError **error)
{
  LikeFormat format;

  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), FALSE);
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (like), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!read_like (like, &format, error))
    return FALSE;
  self->has_format = TRUE;
  self->profile = format.profile;
  self->alpha = format.alpha;
  self->width = prw_media_info_get_width (like);
  self->height = prw_media_info_get_height (like);
  self->colour = format.colour;
  set_par (self, format.pasp_h, format.pasp_v);
  g_clear_pointer (&self->description, g_bytes_unref);
  self->description = g_bytes_new (format.description, format.description_size);
  g_free (self->like_path);
  self->like_path = g_strdup (prw_media_info_get_path (like));
  g_free (self->like_colour);
  self->like_colour = g_strdup (prw_media_info_get_colour (like));
  self->like_par_n = like->par_n;
  self->like_par_d = like->par_d;
  self->like_fiel_count = like->fiel_count;
  self->like_fiel_detail = like->fiel_detail;
  return TRUE;
}

/**
 * prw_blank_rush_describe_like:
 * @like: a probed ProRes movie (a graded segment)
 * @error: return location for a #GError
 *
 * Names, for people, what prw_blank_rush_set_like() copies of @like's
 * format but its size (a blank rush takes its camera original's size
 * where it is known): "FOURCC COLOUR", the sample description's
 * four-character code and its 'colr' as prw_media_info_get_colour() names
 * it ("nclc 1-1-1", or "(no colr)"); then, for the 4444 flavours (ap4h,
 * ap4x), "with alpha" or "without alpha", as @like's first frame header
 * says (Apple ProRes bitstream syntax, SMPTE RDD 36: alpha_channel_type);
 * then "pasp H:V" when its pixel aspect ('pasp') is not square. For
 * example "ap4h nclc 1-1-1 without alpha" or "apch nclc 1-1-1 pasp 4:3".
 * Two segments a blank rush copies alike, at one size, have the same
 * description; a caller compares them to refuse guessing between formats.
 *
 * Errors: those of prw_blank_rush_set_like(), each message naming @like's
 * path (%PRW_ERROR_UNSUPPORTED for a movie that is not ProRes or is
 * interlaced; %PRW_ERROR_CORRUPT; %PRW_ERROR_IO,
 * %PRW_ERROR_PERMISSION_DENIED, %PRW_ERROR_NOT_FOUND).
 *
 * Returns: (transfer full) (nullable): the description, or %NULL
 *
 * Since: 0.4
 */
gchar *
prw_blank_rush_describe_like (PrwMediaInfo *like, GError **error)
{
  LikeFormat format;
  const gchar *colour;
  GString *text;

  g_return_val_if_fail (PRW_IS_MEDIA_INFO (like), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_like (like, &format, error))
    return NULL;
  colour = prw_media_info_get_colour (like);
  text = g_string_new (NULL);
  g_string_printf (text, "%s %s", prw_media_info_get_codec_fourcc (like),
                   colour != NULL ? colour : "(no colr)");
  if (prw_prores_profile_has_alpha (format.profile))
    g_string_append (text, format.alpha ? " with alpha" : " without alpha");
  if (format.pasp_h != format.pasp_v)
    g_string_append_printf (text, " pasp %u:%u", format.pasp_h, format.pasp_v);
  return g_string_free (text, FALSE);
}

/* The sizes a blank rush may have: an even width (4:2:2 chroma pairs) and
 * a height from 16 to 8192. */
static gboolean
check_size (guint width, guint height, GError **error)
{
  if (width < 16 || height < 16 || width > 8192 || height > 8192
      || width % 2 != 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "unsupported picture size %ux%u (an even width and a height "
                 "from 16 to 8192)",
                 width, height);
    return FALSE;
  }
  return TRUE;
}

/**
 * prw_blank_rush_set_format:
 * @self: a #PrwBlankRush
 * @profile: the ProRes flavour: "4444", "4444xq", "422hq", "422", "lt" or
 *   "proxy"
 * @width: the picture width in pixels, even, from 16 to 8192
 * @height: the picture height in pixels, from 16 to 8192
 * @error: return location for a #GError
 *
 * Sets the format: @profile at @width x @height, BT.709 colour (colr
 * nclc 1-1-1), square pixels (pasp 1:1, which
 * prw_blank_rush_set_pixel_aspect() changes), progressive (fiel 1).
 *
 * Errors: %PRW_ERROR_UNSUPPORTED for an unknown @profile or a size out of
 * range, naming it.
 *
 * Returns: %TRUE if the format was set
 *
 * Since: 0.4
 */
gboolean
prw_blank_rush_set_format (PrwBlankRush *self, const gchar *profile,
                           guint width, guint height, GError **error)
{
  PrwProresProfile p;

  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), FALSE);
  g_return_val_if_fail (profile != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!prw_prores_profile_from_string (profile, &p)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "unknown ProRes profile '%s' (4444, 4444xq, 422hq, 422, lt "
                 "or proxy)",
                 profile);
    return FALSE;
  }
  if (!check_size (width, height, error))
    return FALSE;
  self->has_format = TRUE;
  self->profile = p;
  self->alpha = prw_prores_profile_has_alpha (p);
  self->width = width;
  self->height = height;
  self->colour = PRW_PRORES_COLOUR_BT709;
  self->par_n = self->par_d = 1;
  g_clear_pointer (&self->description, g_bytes_unref);
  g_clear_pointer (&self->like_path, g_free);
  g_clear_pointer (&self->like_colour, g_free);
  return TRUE;
}

/**
 * prw_blank_rush_set_size:
 * @self: a #PrwBlankRush whose format is set (prw_blank_rush_has_format())
 * @width: the picture width in pixels, even, from 16 to 8192
 * @height: the picture height in pixels, from 16 to 8192
 * @error: return location for a #GError
 *
 * Changes the picture size of the format set, keeping its ProRes flavour,
 * its alpha channel and its colour description: a format copied from a
 * segment (prw_blank_rush_set_like()) at the size of a camera original the
 * segment is not of. At the size the format has already, nothing changes,
 * the copied video sample description included; at another, the sample
 * description is built as prw_blank_rush_set_format() builds it (square
 * pixels, progressive), with the copied colour ('colr' nclc), since the
 * copy's size, clean aperture and aspect are the segment's.
 *
 * Errors: %PRW_ERROR_UNSUPPORTED for a size out of range, naming it; the
 * format is then unchanged.
 *
 * Returns: %TRUE if the size was set
 *
 * Since: 0.4
 */
gboolean
prw_blank_rush_set_size (PrwBlankRush *self, guint width, guint height,
                         GError **error)
{
  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), FALSE);
  g_return_val_if_fail (self->has_format, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (width == self->width && height == self->height)
    return TRUE;
  if (!check_size (width, height, error))
    return FALSE;
  self->width = width;
  self->height = height;
  self->par_n = self->par_d = 1;
  g_clear_pointer (&self->description, g_bytes_unref);
  return TRUE;
}

/**
 * prw_blank_rush_set_pixel_aspect:
 * @self: a #PrwBlankRush whose format is built, not copied: set by
 *   prw_blank_rush_set_format() (or the default of
 *   prw_blank_rush_new_for_source()), or by prw_blank_rush_set_size() at
 *   another size than the segment's
 * @par_n: the horizontal spacing of the pixels, at least 1
 * @par_d: the vertical spacing, at least 1
 *
 * Sets the pixel aspect its video sample description says ('pasp',
 * QuickTime File Format, "Pixel aspect ratio"), in lowest terms: 2:1 for
 * an anamorphic camera original shown twice as wide as it is stored
 * (prw_source_clip_get_pixel_aspect()), so that its blank rush shows as
 * it does. Only the description changes, never the frames. A format
 * copied from a segment (prw_blank_rush_set_like()) keeps the segment's
 * description byte for byte, its 'pasp' among it.
 *
 * Since: 0.4
 */
void
prw_blank_rush_set_pixel_aspect (PrwBlankRush *self, guint par_n, guint par_d)
{
  g_return_if_fail (PRW_IS_BLANK_RUSH (self));
  g_return_if_fail (self->has_format && self->description == NULL);
  g_return_if_fail (par_n >= 1 && par_d >= 1);

  set_par (self, par_n, par_d);
}

/**
 * prw_blank_rush_get_pixel_aspect:
 * @self: a #PrwBlankRush
 * @par_n: (out) (optional): the horizontal spacing of the pixels
 * @par_d: (out) (optional): the vertical spacing
 *
 * The pixel aspect of its format, in lowest terms: a copied segment's
 * ('pasp'; 1:1 where it has none), the one set by
 * prw_blank_rush_set_pixel_aspect(), else 1:1 (square pixels, also while
 * no format is set).
 *
 * Since: 0.4
 */
void
prw_blank_rush_get_pixel_aspect (PrwBlankRush *self, guint *par_n, guint *par_d)
{
  g_return_if_fail (PRW_IS_BLANK_RUSH (self));
  if (par_n != NULL)
    *par_n = self->par_n;
  if (par_d != NULL)
    *par_d = self->par_d;
}

/**
 * prw_blank_rush_get_clip_name:
 * @self: a #PrwBlankRush
 *
 * The clip name the burn-in shows.
 *
 * Returns: (nullable): the clip name, or %NULL
 *
 * Since: 0.4
 */
const gchar *
prw_blank_rush_get_clip_name (PrwBlankRush *self)
{
  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), NULL);
  return self->clip_name;
}

/**
 * prw_blank_rush_get_reel:
 * @self: a #PrwBlankRush
 *
 * The reel name the timecode track carries.
 *
 * Returns: (nullable): the reel name, or %NULL
 *
 * Since: 0.4
 */
const gchar *
prw_blank_rush_get_reel (PrwBlankRush *self)
{
  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), NULL);
  return self->reel;
}

/**
 * prw_blank_rush_get_start_timecode:
 * @self: a #PrwBlankRush
 *
 * The first frame's timecode; its rate is the blank rush's exact frame rate.
 *
 * Returns: (transfer none): the first frame's timecode, with the rate
 *
 * Since: 0.4
 */
const PrwTimecode *
prw_blank_rush_get_start_timecode (PrwBlankRush *self)
{
  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), NULL);
  return self->start;
}

/**
 * prw_blank_rush_get_frame_count:
 * @self: a #PrwBlankRush
 *
 * The number of frames the blank rush has.
 *
 * Returns: the number of frames
 *
 * Since: 0.4
 */
gint64
prw_blank_rush_get_frame_count (PrwBlankRush *self)
{
  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), 0);
  return self->frame_count;
}

/**
 * prw_blank_rush_get_profile:
 * @self: a #PrwBlankRush
 *
 * The ProRes flavour, as prw_blank_rush_set_format() names it.
 *
 * Returns: (nullable): the ProRes flavour ("4444", "422hq", ...), or %NULL
 *   while no format is set
 *
 * Since: 0.4
 */
const gchar *
prw_blank_rush_get_profile (PrwBlankRush *self)
{
  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), NULL);
  return self->has_format ? prw_prores_profile_to_string (self->profile) : NULL;
}

/**
 * prw_blank_rush_get_width:
 * @self: a #PrwBlankRush
 *
 * The picture width.
 *
 * Returns: the picture width in pixels, 0 while no format is set
 *
 * Since: 0.4
 */
guint
prw_blank_rush_get_width (PrwBlankRush *self)
{
  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), 0);
  return self->width;
}

/**
 * prw_blank_rush_get_height:
 * @self: a #PrwBlankRush
 *
 * The picture height.
 *
 * Returns: the picture height in pixels, 0 while no format is set
 *
 * Since: 0.4
 */
guint
prw_blank_rush_get_height (PrwBlankRush *self)
{
  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), 0);
  return self->height;
}

/**
 * prw_blank_rush_get_burn_in:
 * @self: a #PrwBlankRush
 *
 * Whether each frame shows the burn-in (prw_blank_rush_set_burn_in()).
 *
 * Returns: whether frames show the burn-in
 *
 * Since: 0.4
 */
gboolean
prw_blank_rush_get_burn_in (PrwBlankRush *self)
{
  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), FALSE);
  return self->burn_in;
}

/* A ProRes video sample description (QuickTime File Format, "Video sample
 * description"; Apple ProRes in QuickTime): the fixed part, then colr
 * nclc, fiel (progressive) and pasp (1:1 unless set). */
static GBytes *
build_description (PrwBlankRush *self)
{
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  const gchar *fourcc = profile_fourcc (self->profile);
  static const gchar name[] = "Apple ProRes";
  guint at, child;

  at = prw_qt_atom_begin (
      &w, PRW_FOURCC (fourcc[0], fourcc[1], fourcc[2], fourcc[3]));
  prw_qt_put_zeros (&w, 6);
  prw_qt_put16 (&w, 1); /* data reference index */
  prw_qt_put16 (&w, 0); /* version */
  prw_qt_put16 (&w, 0); /* revision */
  prw_qt_put32 (&w, PRW_FOURCC ('a', 'p', 'p', 'l'));
  prw_qt_put32 (&w, 0);    /* temporal quality */
  prw_qt_put32 (&w, 1023); /* spatial quality */
  prw_qt_put16 (&w, (guint16) self->width);
  prw_qt_put16 (&w, (guint16) self->height);
  prw_qt_put32 (&w, 72 << 16); /* 72 dpi */
  prw_qt_put32 (&w, 72 << 16);
  prw_qt_put32 (&w, 0); /* data size */
  prw_qt_put16 (&w, 1); /* frames per sample */
  prw_qt_put8 (&w, sizeof name - 1);
  prw_qt_put_bytes (&w, (const guint8 *) name, sizeof name - 1);
  prw_qt_put_zeros (&w, 31 - (sizeof name - 1));
  prw_qt_put16 (&w, prw_prores_profile_has_alpha (self->profile) ? 32 : 24);
  prw_qt_put16 (&w, 0xffff); /* no colour table */

  child = prw_qt_atom_begin (&w, PRW_FOURCC ('c', 'o', 'l', 'r'));
  prw_qt_put32 (&w, PRW_FOURCC ('n', 'c', 'l', 'c'));
  prw_qt_put16 (&w, self->colour.primaries);
  prw_qt_put16 (&w, self->colour.transfer);
  prw_qt_put16 (&w, self->colour.matrix);
  prw_qt_atom_end (&w, child);
  child = prw_qt_atom_begin (&w, PRW_FOURCC ('f', 'i', 'e', 'l'));
  prw_qt_put8 (&w, 1);
  prw_qt_put8 (&w, 0);
  prw_qt_atom_end (&w, child);
  child = prw_qt_atom_begin (&w, PRW_FOURCC ('p', 'a', 's', 'p'));
  prw_qt_put32 (&w, self->par_n);
  prw_qt_put32 (&w, self->par_d);
  prw_qt_atom_end (&w, child);
  prw_qt_atom_end (&w, at);
  return prw_qt_writer_reset_and_get_bytes (&w);
}

/* What the frames and the movie's video sample description are made of,
 * as one line (prw-blank-rush-private.h). */
gchar *
prw_blank_rush_get_format_key (PrwBlankRush *self)
{
  g_autoptr (GBytes) description = NULL;
  g_autofree gchar *digest = NULL;

  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), NULL);

  if (!self->has_format)
    return NULL;
  description = self->description != NULL ? g_bytes_ref (self->description)
                                          : build_description (self);
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, description);
  return g_strdup_printf ("%s %ux%u %s colr %u-%u-%u stsd %.16s",
                          profile_fourcc (self->profile), self->width,
                          self->height, self->alpha ? "alpha" : "no-alpha",
                          self->colour.primaries, self->colour.transfer,
                          self->colour.matrix, digest);
}

/* ---- the render: what the pipeline and the finishing step are given --- */

struct _PrwBlankRender {
  PrwBlankRush *self;
  PrwBlankFrames *frames;
  PrwBurnIn *burn_in;         /* NULL without burn-in */
  PrwTimecode *tc;            /* the frame being made's */
  PrwBlankFrameFilter filter; /* NULL: every frame has its burn-in */
  gpointer filter_data;
  GBytes *description;
  PrwMediaInfo *sound;     /* the original, read again for its sound; or NULL */
  PrwQtCopiedTrak *copied; /* its tracks as copied (prw_qt_finish()) */
  PrwBlankBase base;
};

G_STATIC_ASSERT (sizeof (PrwBurnInCell) == sizeof (PrwBlankCell));
G_STATIC_ASSERT (G_STRUCT_OFFSET (PrwBurnInCell, key)
                 == G_STRUCT_OFFSET (PrwBlankCell, key));

/* Frame n's cells: those of its source timecode (the start plus n); none
 * where the filter says the frame is not shown. */
static guint
burn_in_cells (gint64 n, PrwBlankCell *cells, guint max, gpointer user_data)
{
  PrwBlankRender *r = user_data;

  if (r->filter && !r->filter (n, r->filter_data))
    return 0;
  g_clear_pointer (&r->tc, prw_timecode_free);
  r->tc = prw_timecode_add_frames (r->self->start, n);
  return prw_burn_in_get_cells (r->burn_in, r->tc, (PrwBurnInCell *) cells,
                                MIN (max, PRW_BURN_IN_MAX_CELLS));
}

static void
burn_in_draw (guint index, const PrwBlankCell *cell, guint8 *argb32,
              gint stride, gpointer user_data)
{
  PrwBlankRender *r = user_data;

  prw_burn_in_draw_cell (r->burn_in, r->tc, (const PrwBurnInCell *) cell,
                         argb32, stride);
}

void
prw_blank_render_free (PrwBlankRender *r)
{
  if (!r)
    return;
  g_clear_pointer (&r->burn_in, prw_burn_in_free);
  g_clear_pointer (&r->frames, prw_blank_frames_free);
  g_clear_pointer (&r->tc, prw_timecode_free);
  g_clear_pointer (&r->description, g_bytes_unref);
  g_clear_object (&r->sound);
  g_free (r->copied);
  g_clear_object (&r->self);
  g_free (r);
}

PrwBlankRender *
prw_blank_render_new (PrwBlankRush *self, const gchar *output_name,
                      GError **error)
{
  g_autoptr (PrwBlankRender) r = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), NULL);
  g_return_val_if_fail (self->has_format, NULL);

  r = g_new0 (PrwBlankRender, 1);
  r->self = g_object_ref (self);
  r->frames = prw_blank_frames_new_full (NULL, self->profile, self->alpha,
                                         self->width, self->height,
                                         &self->colour, &local_error);
  if (r->frames && self->burn_in)
    r->burn_in = prw_burn_in_new (self->width, self->height,
                                  prw_blank_frames_get_slice_width (r->frames),
                                  self->clip_name, &local_error);
  if (local_error) {
    g_set_error (error, local_error->domain, local_error->code, "%s: %s",
                 output_name, local_error->message);
    g_error_free (local_error);
    return NULL;
  }
  /* the original's sound tracks, from its movie read again: its file
   * must still be the one the source was read from */
  if (self->audio && self->sound_source != NULL
      && !(r->sound = prw_source_clip_read_sound (self->sound_source,
                                                  self->sound_path, error)))
    return NULL;
  r->description = self->description ? g_bytes_ref (self->description)
                                     : build_description (self);
  r->base.frames = r->frames;
  r->base.variant = profile_variant (self->profile);
  r->base.width = self->width;
  r->base.height = self->height;
  r->base.rate_num = self->start->rate_num;
  r->base.rate_den = self->start->rate_den;
  r->base.n_frames = self->frame_count;
  r->base.start = self->start;
  r->base.user_data = r;
  r->base.sound = r->sound;
  if (r->burn_in) {
    r->base.cells = burn_in_cells;
    r->base.draw = burn_in_draw;
  }
  return g_steal_pointer (&r);
}

const PrwBlankBase *
prw_blank_render_get_base (PrwBlankRender *r)
{
  return &r->base;
}

void
prw_blank_render_set_frame_filter (PrwBlankRender *r,
                                   PrwBlankFrameFilter filter,
                                   gpointer user_data)
{
  r->filter = filter;
  r->filter_data = user_data;
}

void
prw_blank_render_get_finish_facts (PrwBlankRender *r, PrwQtFinishFacts *facts)
{
  const PrwTimecode *start = r->self->start;

  memset (facts, 0, sizeof (*facts));
  facts->video_description
      = g_bytes_get_data (r->description, &facts->video_description_size);
  facts->start_frame = (guint32) start->frames;
  facts->drop_frame = start->drop_frame;
  facts->nominal_fps = (guint8) prw_timecode_rate_get_nominal_fps (
      start->rate_num, start->rate_den);
  facts->reel_name = r->self->reel;
  facts->rate_num = start->rate_num;
  facts->rate_den = start->rate_den;
  facts->n_frames = (guint64) r->self->frame_count;
}

void
prw_blank_render_add_copied (PrwBlankRender *r, const PrwPipelineStats *stats,
                             PrwQtFinishFacts *facts)
{
  if (r->sound == NULL || stats->copied == NULL)
    return;
  g_free (r->copied);
  r->copied = prw_pipeline_stats_get_copied_traks (
      stats, prw_media_info_get_movie (r->sound), &facts->n_copied);
  facts->copied = r->copied;
  facts->base_movie_timescale
      = prw_media_info_get_movie (r->sound)->movie_timescale;
}

gboolean
prw_blank_render_check_sound (PrwBlankRender *r, GError **error)
{
  return r->sound == NULL || prw_media_info_check_file (r->sound, -1, error);
}

typedef struct {
  PrwBlankRush *self;
  guint64 frames_total;
} Progress;

static void
on_progress (guint64 frames, guint64 bytes, gpointer user_data)
{
  Progress *p = user_data;

  g_signal_emit (p->self, signals[SIGNAL_PROGRESS], 0, frames, p->frames_total,
                 bytes);
}

/* ---- the output --------------------------------------------------------- */

/* FALSE with PRW_ERROR_SAME_FILE when existing (what is at output) is one
 * of the rush's inputs: the segment its format was copied from, the files
 * its source was read from. By identity (device and inode), never by name:
 * a hard link, a symbolic link, or a name that differs only in case on a
 * case-insensitive filesystem (CLIP.mov for CLIP.MOV on macOS) is caught. */
static gboolean
check_not_the_inputs (PrwBlankRush *self, const gchar *output,
                      const struct stat *existing, GError **error)
{
  struct stat st;

  if (!existing)
    return TRUE;
  if (self->like_path && g_stat (self->like_path, &st) == 0
      && prw_stat_same_file (existing, &st)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_SAME_FILE,
                 "%s: is the input %s; refusing to overwrite an input", output,
                 self->like_path);
    return FALSE;
  }
  for (guint i = 0; self->source_paths && self->source_paths[i]; i++) {
    const gchar *path = self->source_paths[i];

    if (g_stat (path, &st) == 0 && prw_stat_same_file (existing, &st)) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_SAME_FILE,
                   "%s: is the source %s; refusing to overwrite an input",
                   output, path);
      return FALSE;
    }
  }
  return TRUE;
}

gboolean
prw_blank_rush_check_output (PrwBlankRush *self, const gchar *output,
                             PrwPrintFlags flags, GError **error)
{
  struct stat st;
  g_autofree gchar *dir = g_path_get_dirname (output);

  if (g_lstat (output, &st) == 0 && S_ISLNK (st.st_mode)
      && g_stat (output, &st) < 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO,
                 "%s: is a symbolic link to nothing; refusing to replace it",
                 output);
    return FALSE;
  }
  if (g_stat (output, &st) == 0) {
    /* with PRW_PRINT_FLAGS_OVERWRITE or not: an input is never replaced */
    if (!check_not_the_inputs (self, output, &st, error))
      return FALSE;
    if (S_ISDIR (st.st_mode)) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_IO, "%s: is a directory",
                   output);
      return FALSE;
    }
    if (!(flags & PRW_PRINT_FLAGS_OVERWRITE)) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS, "%s: exists",
                   output);
      return FALSE;
    }
  }
  if (g_stat (dir, &st) < 0 || !S_ISDIR (st.st_mode)) {
    int saved = errno;

    if (saved != 0 && saved != ENOENT && saved != ENOTDIR)
      return prw_set_error_from_errno (error, saved, output, dir);
    g_set_error (error, PRW_ERROR, PRW_ERROR_NOT_FOUND,
                 "%s: its folder %s does not exist", output, dir);
    return FALSE;
  }
  return TRUE;
}

static gboolean
check_not_the_like (const gchar *output, const struct stat *existing,
                    gpointer user_data, GError **error)
{
  return check_not_the_inputs (user_data, output, existing, error);
}

/**
 * prw_blank_rush_write:
 * @self: a #PrwBlankRush whose format is set
 * @output: (type filename): the movie to write
 * @flags: #PrwPrintFlags: %PRW_PRINT_FLAGS_OVERWRITE replaces an existing
 *   @output (never the segment its format was copied from, nor its
 *   source's files), at the final rename only
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the blank rush to @output, a QuickTime movie: one ProRes sample
 * per frame at the exact rate (each sample lasting one frame in a
 * timescale of the rate's numerator), one identity edit, and a timecode
 * track starting at the start timecode, with its drop-frame flag and the
 * reel; and the camera original's sound tracks, as they are
 * (prw_blank_rush_set_audio()). Blocks; emits #PrwBlankRush::progress. The
 * movie appears only complete (a temporary file beside it, flushed and
 * renamed); on failure or cancellation nothing is left behind.
 *
 * The black frame and the burn-in's slices come from one encoder with one
 * set of settings: vtenc_prores where it exists (macOS), else
 * avenc_prores_ks (gst-libav).
 *
 * Errors, each message starting with the file it is about:
 * - %PRW_ERROR_OUTPUT_EXISTS: @output exists and
 *   %PRW_PRINT_FLAGS_OVERWRITE was not given (or appeared meanwhile);
 * - %PRW_ERROR_SAME_FILE: @output is the segment the format was copied
 *   from, or a file the source was read from (its media file or ALE,
 *   prw_blank_rush_new_for_source()), by identity: through links, or a
 *   name that differs only in case on a case-insensitive filesystem;
 *   whatever @flags say;
 * - %PRW_ERROR_NO_SPACE, %PRW_ERROR_PERMISSION_DENIED, %PRW_ERROR_NOT_FOUND
 *   (@output's folder does not exist), %PRW_ERROR_IO: creating, writing,
 *   flushing or renaming @output failed (by errno); %PRW_ERROR_IO also
 *   for an @output that is a directory or a symbolic link to nothing;
 * - %PRW_ERROR_MISSING_ELEMENT: a GStreamer element is not installed (the
 *   ProRes encoder, qtmux);
 * - %PRW_ERROR_UNSUPPORTED: the encoder does not take the size, or the
 *   picture is too small for the burn-in;
 * - %PRW_ERROR_PIPELINE: the encoder or the muxer failed otherwise;
 * - %PRW_ERROR_CORRUPT, %PRW_ERROR_FAILED: the muxer's movie cannot be
 *   finished (a bug);
 * - with the camera original's sound: %PRW_ERROR_CHANGED when its media
 *   file changed since the source was read, or changes while it is copied
 *   ("PATH: changed since it was read ..."), or no longer has the
 *   source's frame count, rate or number of sound tracks; and the errors
 *   of reading it again (prw_source_clip_new_from_file(): %PRW_ERROR_NOT_FOUND,
 *   %PRW_ERROR_PERMISSION_DENIED, %PRW_ERROR_IO, %PRW_ERROR_CORRUPT...),
 *   each message naming it;
 * - %G_IO_ERROR_CANCELLED: @cancellable was cancelled.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.4
 */
gboolean
prw_blank_rush_write (PrwBlankRush *self, const gchar *output,
                      PrwPrintFlags flags, GCancellable *cancellable,
                      GError **error)
{
  g_autoptr (PrwBlankRender) render = NULL;
  g_autoptr (PrwAtomicOutput) out = NULL;
  PrwPipelineStats stats = { 0 };
  PrwQtFinishFacts facts;
  Progress progress;
  gboolean ok;

  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), FALSE);
  g_return_val_if_fail (self->has_format, FALSE);
  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  prw_init ();
  if (g_cancellable_set_error_if_cancelled (cancellable, error)
      || !prw_blank_rush_check_output (self, output, flags, error)
      || !(render = prw_blank_render_new (self, output, error)))
    return FALSE;
  prw_blank_render_get_finish_facts (render, &facts);
  progress.self = self;
  progress.frames_total = (guint64) self->frame_count;

  out = prw_atomic_output_open (output,
                                flags & PRW_PRINT_FLAGS_OVERWRITE
                                    ? PRW_ATOMIC_OUTPUT_REPLACE
                                    : PRW_ATOMIC_OUTPUT_NONE,
                                error);
  ok = out
       && prw_blank_pipeline_run (
           prw_blank_render_get_base (render), prw_atomic_output_get_fd (out),
           output, cancellable, on_progress, &progress, &stats, error);
  if (ok)
    prw_blank_render_add_copied (render, &stats, &facts);
  ok = ok
       && prw_qt_finish (prw_atomic_output_get_fd (out), output, &facts,
                         stats.shifts ? (const PrwShift *) stats.shifts->data
                                      : NULL,
                         stats.shifts ? stats.shifts->len : 0, error)
       && prw_blank_render_check_sound (render, error)
       && prw_atomic_output_commit (out, check_not_the_like, self, cancellable,
                                    error);
  prw_pipeline_stats_clear (&stats);
  return ok; /* out's temporary file goes with it unless committed */
}

/* ---- conform: segments printed into the rush in the same pass ---------- */

/**
 * prw_blank_rush_new_plan:
 * @self: a #PrwBlankRush whose format is set
 *
 * Makes a plan whose base is the blank rush itself, never written to disk:
 * a movie of the rush's frame count, rate, start timecode (one unbroken
 * run) and reel, in its ProRes flavour and size, with the colour
 * description, pixel aspect and field description of the video sample
 * description it is written with (a segment's copied by
 * prw_blank_rush_set_like(), or the one built), which the plan's warnings
 * compare each segment's with (prw_plan_get_warnings()). Add segments with
 * prw_plan_add_segment_to_layer(), which checks each against that format
 * (a segment of another flavour or size is refused there with
 * %PRW_ERROR_FORMAT_MISMATCH), seal it, and print it with
 * prw_blank_rush_print(). The base's path, as the plan's messages name
 * it, is "CLIP (blank rush)".
 *
 * Returns: (transfer full): a new, empty, unsealed plan printing into the
 *   blank rush
 *
 * Since: 0.4
 */
PrwPlan *
prw_blank_rush_new_plan (PrwBlankRush *self)
{
  g_autofree gchar *colour = NULL;
  guint par_n, par_d, fiel_count, fiel_detail;

  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), NULL);
  g_return_val_if_fail (self->has_format, NULL);

  /* the picture extensions of the sample description it is written with,
   * as the movie reader reads them (the plan warns of a segment whose
   * are not the base's): a copied one's are its segment's; a built one
   * has colr nclc, fiel 1 0 and pasp (build_description()) */
  if (self->description != NULL) {
    colour = g_strdup (self->like_colour);
    par_n = self->like_par_n;
    par_d = self->like_par_d;
    fiel_count = self->like_fiel_count;
    fiel_detail = self->like_fiel_detail;
  } else {
    colour = g_strdup_printf ("nclc %u-%u-%u", self->colour.primaries,
                              self->colour.transfer, self->colour.matrix);
    par_n = self->par_n;
    par_d = self->par_d;
    fiel_count = 1;
    fiel_detail = 0;
  }
  if (self->plan_base == NULL
      || g_strcmp0 (self->plan_base->codec_fourcc,
                    profile_fourcc (self->profile))
             != 0
      || self->plan_base->width != self->width
      || self->plan_base->height != self->height
      || g_strcmp0 (self->plan_base->reel_name, self->reel) != 0
      || g_strcmp0 (self->plan_base->colour, colour) != 0
      || self->plan_base->par_n != par_n || self->plan_base->par_d != par_d
      || self->plan_base->fiel_count != fiel_count
      || self->plan_base->fiel_detail != fiel_detail) {
    const gchar *fourcc = profile_fourcc (self->profile);
    PrwMediaInfo *info = g_object_new (PRW_TYPE_MEDIA_INFO, NULL);
    PrwTimecodeRun run = { 0, self->frame_count, *self->start };

    info->path = g_strdup_printf ("%s (blank rush)", self->clip_name);
    info->codec_fourcc = g_strdup (fourcc);
    info->codec_name = prw_prores_flavour_name (
        PRW_FOURCC (fourcc[0], fourcc[1], fourcc[2], fourcc[3]));
    info->width = self->width;
    info->height = self->height;
    info->rate_num = self->start->rate_num;
    info->rate_den = self->start->rate_den;
    info->frame_count = self->frame_count;
    info->reel_name = g_strdup (self->reel);
    info->colour = g_steal_pointer (&colour);
    info->par_n = par_n;
    info->par_d = par_d;
    info->fiel_count = fiel_count;
    info->fiel_detail = fiel_detail;
    prw_media_info_set_timecode_runs (info, &run, 1);
    g_clear_object (&self->plan_base);
    self->plan_base = info;
  }
  return prw_plan_new (self->plan_base);
}

typedef struct {
  PrwBlankRush *self;
  PrwPlan *plan;
} PrintCheck;

/* Frames a segment replaces show no burn-in. */
static gboolean
frame_is_base (gint64 n, gpointer user_data)
{
  GArray *is_base = user_data;

  return n >= 0 && (guint64) n < is_base->len
         && g_array_index (is_base, guint8, n);
}

static gboolean
check_not_an_input (const gchar *output, const struct stat *existing,
                    gpointer user_data, GError **error)
{
  PrintCheck *check = user_data;

  if (!check_not_the_like (output, existing, check->self, error))
    return FALSE;
  for (guint i = 0; existing && i < prw_plan_get_n_segments (check->plan);
       i++) {
    const gchar *path
        = prw_segment_get_path (prw_plan_get_segment (check->plan, i));
    struct stat st;

    if (g_stat (path, &st) == 0 && prw_stat_same_file (existing, &st)) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_SAME_FILE,
                   "%s: is the input %s; refusing to overwrite an input",
                   output, path);
      return FALSE;
    }
  }
  return TRUE;
}

/* Every segment must still be the file the plan was made from: one
 * changed, truncated, replaced or removed during the print fails it,
 * naming the file (as prw_printer_print() checks its inputs). */
static gboolean
check_segments_unchanged (PrwPlan *plan, GError **error)
{
  for (guint i = 0; i < prw_plan_get_n_segments (plan); i++) {
    PrwSegment *segment = prw_plan_get_segment (plan, i);

    if (!prw_media_info_check_file (prw_segment_get_media (segment), -1, error))
      return FALSE;
  }
  return TRUE;
}

/**
 * prw_blank_rush_print:
 * @self: a #PrwBlankRush whose format is set
 * @plan: a sealed plan made by prw_blank_rush_new_plan() on @self, whose
 *   format and reel have not changed since
 * @output: (type filename): the movie to write
 * @flags: #PrwPrintFlags: %PRW_PRINT_FLAGS_OVERWRITE replaces an existing
 *   @output (never an input), at the final rename only
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Prints @plan's segments into the blank rush in one pass, the rush never
 * written to disk: @output is the movie prw_blank_rush_write() would
 * write (same frames, sample description, timecode track with the start,
 * drop-frame flag and reel) except at the record frames @plan gives its
 * segments, whose frames are copied byte for byte from the segments (by
 * the kernel where it can, as prw_printer_print() does). Frames a segment
 * replaces are not given the burn-in. Blocks; emits
 * #PrwBlankRush::progress. The movie appears only complete (a temporary
 * file beside it, flushed and renamed); on failure or cancellation nothing
 * is left behind.
 *
 * Errors, each message starting with the file it is about: those of
 * prw_blank_rush_write(), and
 * - %PRW_ERROR_SAME_FILE: @output is one of @plan's segments;
 * - %PRW_ERROR_CHANGED: a segment was changed, truncated, replaced or
 *   removed since it was probed (its device, inode, size or modification
 *   time differ), checked before the final rename; a failure that such a
 *   change caused is reported as this;
 * - %PRW_ERROR_NOT_FOUND, %PRW_ERROR_PERMISSION_DENIED, %PRW_ERROR_IO: a
 *   segment cannot be opened or read;
 * - %PRW_ERROR_FAILED: a segment has no sample table to print from.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.4
 */
gboolean
prw_blank_rush_print (PrwBlankRush *self, PrwPlan *plan, const gchar *output,
                      PrwPrintFlags flags, GCancellable *cancellable,
                      GError **error)
{
  return prw_blank_rush_print_checked (self, plan, output, flags, NULL, NULL,
                                       cancellable, error);
}

gboolean
prw_blank_rush_print_checked (PrwBlankRush *self, PrwPlan *plan,
                              const gchar *output, PrwPrintFlags flags,
                              PrwBlankPrintCheckFunc extra_check,
                              gpointer user_data, GCancellable *cancellable,
                              GError **error)
{
  g_autoptr (PrwBlankRender) render = NULL;
  g_autoptr (PrwAtomicOutput) out = NULL;
  g_autoptr (GArray) is_base = NULL;
  g_autofree PrwRange *ranges = NULL;
  PrwPipelineStats stats = { 0 };
  PrwQtFinishFacts facts;
  Progress progress;
  PrintCheck check;
  GError *local_error = NULL;
  guint n_ranges;
  gboolean ok;

  g_return_val_if_fail (PRW_IS_BLANK_RUSH (self), FALSE);
  g_return_val_if_fail (self->has_format, FALSE);
  g_return_val_if_fail (PRW_IS_PLAN (plan) && prw_plan_is_sealed (plan), FALSE);
  g_return_val_if_fail (self->plan_base != NULL
                            && prw_plan_get_base (plan) == self->plan_base,
                        FALSE);
  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  prw_init ();
  if (g_cancellable_set_error_if_cancelled (cancellable, error)
      || !prw_blank_rush_check_output (self, output, flags, error)
      || !(render = prw_blank_render_new (self, output, error)))
    return FALSE;
  check.self = self;
  check.plan = plan;
  if (!check_not_an_input (output, NULL, &check, error))
    return FALSE;

  n_ranges = prw_plan_get_n_ranges (plan);
  ranges = g_new (PrwRange, n_ranges);
  is_base = g_array_sized_new (FALSE, TRUE, 1, (guint) self->frame_count);
  g_array_set_size (is_base, (guint) self->frame_count);
  for (guint i = 0; i < n_ranges; i++) {
    ranges[i] = *prw_plan_get_range (plan, i);
    if (ranges[i].source == PRW_RANGE_SOURCE_BASE)
      memset (&g_array_index (is_base, guint8, ranges[i].record_in), 1,
              (gsize) ranges[i].frames);
  }
  prw_blank_render_set_frame_filter (render, frame_is_base, is_base);
  prw_blank_render_get_finish_facts (render, &facts);
  progress.self = self;
  progress.frames_total = (guint64) self->frame_count;

  out = prw_atomic_output_open (output,
                                flags & PRW_PRINT_FLAGS_OVERWRITE
                                    ? PRW_ATOMIC_OUTPUT_REPLACE
                                    : PRW_ATOMIC_OUTPUT_NONE,
                                error);
  if (!out)
    return FALSE;
  ok = prw_blank_pipeline_run_ranges (
      prw_blank_render_get_base (render), ranges, n_ranges,
      prw_pipeline_get_segment_source_funcs (), plan,
      prw_atomic_output_get_fd (out), output, cancellable, on_progress,
      &progress, &stats, &local_error);
  if (ok)
    prw_blank_render_add_copied (render, &stats, &facts);
  ok = ok
       && prw_qt_finish (prw_atomic_output_get_fd (out), output, &facts,
                         stats.shifts ? (const PrwShift *) stats.shifts->data
                                      : NULL,
                         stats.shifts ? stats.shifts->len : 0, &local_error);
  prw_pipeline_stats_clear (&stats);
  if (!ok) {
    GError *changed = NULL;

    /* a failure that a segment (or the original whose sound is copied)
     * changing under the print caused (a short read) is reported as that
     * change, as prw_printer_print() does */
    if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
        && (!check_segments_unchanged (plan, &changed)
            || !prw_blank_render_check_sound (render, &changed))) {
      g_clear_error (&local_error);
      local_error = changed;
    }
    g_propagate_error (error, local_error);
    return FALSE; /* out's temporary file goes with it */
  }
  return check_segments_unchanged (plan, error)
         && prw_blank_render_check_sound (render, error)
         && (extra_check == NULL || extra_check (user_data, error))
         && prw_atomic_output_commit (out, check_not_an_input, &check,
                                      cancellable, error);
}
