/* libproreswriter: a small, defensive QuickTime movie reader
 *
 * qtdemux ignores QuickTime timecode ('tmcd') tracks, so the probe reads the
 * movie itself. This reader trusts nothing in the file: every atom size is
 * checked against its parent, every table's count × entry size is widened to
 * 64 bits before it is compared with the bytes that hold it (as GStreamer's
 * qtatomparser.h does), every sample is checked against the file's size, and
 * nothing is allocated from a count before the count is checked.
 *
 * Only the top-level atom headers, the whole moov atom and the 4-byte tmcd
 * sample are read; mdat is never read.
 */

#include "prw-qt-atoms-private.h"
#include "prw-qt-bytes-private.h"
#include "util/prw-fd-io-private.h"
#include "util/prw-file-identity-private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <proreswriter/prw-error.h>

/* The largest moov this reader loads into memory. */
#define PRW_QT_MOOV_MAX_SIZE (G_GUINT64_CONSTANT (512) * 1024 * 1024)

/* The most samples a video or timecode track may have before its sample
 * table is expanded (50 million frames is more than 4 days at 120 fps). */
#define PRW_QT_MAX_SAMPLES G_GUINT64_CONSTANT (50000000)

/* A visual sample description: 8-byte entry header + 78-byte body. */
#define VISUAL_ENTRY_SIZE 86
/* A timecode sample description: 8-byte entry header + 8 reserved/dref +
 * reserved(4) flags(4) timescale(4) frame_duration(4) nframes(1) reserved(1) */
#define TMCD_ENTRY_SIZE 34

#define FCC(t) prw_fourcc_to_string ((t), (gchar[5]){ 0 })
#define U64(x) ((guint64) (x))

const gchar *
prw_fourcc_to_string (guint32 fourcc, gchar buf[5])
{
  for (guint i = 0; i < 4; i++) {
    guint8 c = (fourcc >> (24 - 8 * i)) & 0xff;

    buf[i] = g_ascii_isprint (c) ? (gchar) c : '?';
  }
  buf[4] = '\0';
  return buf;
}

/* ---- atom headers and the walker --------------------------------------- */

PrwQtHeaderStatus
prw_qt_atom_header_read (GstByteReader *reader, PrwAtom *atom)
{
  guint32 size32 = 0;

  atom->offset = gst_byte_reader_get_pos (reader);
  atom->size = 0;
  atom->header_size = 8;
  if (gst_byte_reader_get_remaining (reader) < 8)
    return PRW_QT_HEADER_PARTIAL;
  size32 = prw_qt_get_u32_unchecked (reader);
  atom->type = prw_qt_get_u32_unchecked (reader);
  atom->size = size32;
  if (size32 != 1)
    return PRW_QT_HEADER_OK;
  if (!prw_qt_get_u64 (reader, &atom->size)) {
    gst_byte_reader_set_pos (reader, atom->offset);
    return PRW_QT_HEADER_PARTIAL_64;
  }
  atom->header_size = 16;
  return PRW_QT_HEADER_OK;
}

void
prw_atom_iter_init (PrwAtomIter *iter, const guint8 *buf, guint64 start,
                    guint64 end)
{
  g_return_if_fail (iter != NULL);
  g_return_if_fail (start <= end);
  g_return_if_fail (end <= G_MAXUINT);

  gst_byte_reader_init (&iter->reader, buf, (guint) end);
  gst_byte_reader_set_pos (&iter->reader, (guint) start);
  iter->allow_padding = FALSE;
}

gboolean
prw_atom_iter_next (PrwAtomIter *iter, PrwAtom *atom, GError **error)
{
  GstByteReader *r;
  guint64 left, end;
  PrwQtHeaderStatus status;

  g_return_val_if_fail (iter != NULL, FALSE);
  g_return_val_if_fail (atom != NULL, FALSE);

  r = &iter->reader;
  left = gst_byte_reader_get_remaining (r);
  end = gst_byte_reader_get_size (r);
  if (left == 0)
    return FALSE;

  status = prw_qt_atom_header_read (r, atom);
  /* On any error the walk ends. */
  gst_byte_reader_set_pos (r, (guint) end);

  if (status == PRW_QT_HEADER_PARTIAL) {
    /* QuickTime lets a container end with a 32-bit zero terminator; where
     * the walker allows padding (after a sample description's fixed part:
     * ffmpeg ends its timecode description with 2 zero bytes), fewer than
     * 8 zero bytes end the walk too. */
    const guint8 *p = r->data + atom->offset;
    guint64 i;

    for (i = 0; i < left && p[i] == 0; i++)
      ;
    if (i == left && (left == 4 || iter->allow_padding))
      return FALSE;
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "a partial atom header of %" G_GUINT64_FORMAT
                 " bytes at offset %" G_GUINT64_FORMAT
                 ", before its parent's end at offset %" G_GUINT64_FORMAT,
                 left, atom->offset, end);
    return FALSE;
  }
  if (status == PRW_QT_HEADER_PARTIAL_64) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "atom '%s' at offset %" G_GUINT64_FORMAT
                 " has a 64-bit size that runs past its parent's end at "
                 "offset %" G_GUINT64_FORMAT,
                 FCC (atom->type), atom->offset, end);
    return FALSE;
  }
  if (atom->size == 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "atom '%s' at offset %" G_GUINT64_FORMAT " has size 0",
                 FCC (atom->type), atom->offset);
    return FALSE;
  }
  if (atom->size < atom->header_size) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "atom '%s' at offset %" G_GUINT64_FORMAT
                 " has size %" G_GUINT64_FORMAT
                 ", smaller than its %u-byte header",
                 FCC (atom->type), atom->offset, atom->size, atom->header_size);
    return FALSE;
  }
  if (atom->size > left) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "atom '%s' at offset %" G_GUINT64_FORMAT
                 " has size %" G_GUINT64_FORMAT
                 " and runs past its parent's end at offset %" G_GUINT64_FORMAT,
                 FCC (atom->type), atom->offset, atom->size, end);
    return FALSE;
  }

  gst_byte_reader_set_pos (r, (guint) (atom->offset + atom->size));
  return TRUE;
}

/* ---- parsing the moov -------------------------------------------------- */

typedef struct {
  const gchar *path;
  const guint8 *moov; /* the whole moov atom */
  guint64 moov_offset;
  guint64 file_size;
  guint32 track_id; /* of the track being parsed; 0 before its tkhd */
} ParseCtx;

static void set_corrupt (ParseCtx *ctx, GError **error, const gchar *format,
                         ...) G_GNUC_PRINTF (3, 4);

/* "path: track N: reason" (or "path: reason" outside a track) */
static void
set_corrupt (ParseCtx *ctx, GError **error, const gchar *format, ...)
{
  g_autofree gchar *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  if (ctx->track_id != 0)
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT, "%s: track %u: %s",
                 ctx->path, ctx->track_id, reason);
  else
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT, "%s: %s", ctx->path,
                 reason);
}

/* A walker error (offsets relative to the moov) with the file and moov. */
static void
propagate_walk_error (ParseCtx *ctx, GError *walk_error, GError **error)
{
  set_corrupt (ctx, error,
               "corrupt movie header (moov at file offset %" G_GUINT64_FORMAT
               "; offsets from its start): %s",
               ctx->moov_offset, walk_error->message);
  g_error_free (walk_error);
}

/* Walks (and so bounds-checks) every child of parent that starts skip bytes
 * into its payload; sets *child to the one child of that type, or child->type
 * to 0 when there is none. Two children of that type are an error. */
static gboolean
find_child (ParseCtx *ctx, const PrwAtom *parent, guint64 skip, guint32 type,
            PrwAtom *child, GError **error)
{
  PrwAtomIter iter;
  PrwAtom atom;
  GError *walk_error = NULL;

  memset (child, 0, sizeof (*child));
  if (skip > PRW_ATOM_PAYLOAD_SIZE (parent)) {
    set_corrupt (ctx, error,
                 "atom '%s' at moov offset %" G_GUINT64_FORMAT
                 " is too small (%" G_GUINT64_FORMAT " bytes)",
                 FCC (parent->type), parent->offset, parent->size);
    return FALSE;
  }

  prw_atom_iter_init (&iter, ctx->moov, PRW_ATOM_PAYLOAD_OFFSET (parent) + skip,
                      parent->offset + parent->size);
  while (prw_atom_iter_next (&iter, &atom, &walk_error)) {
    if (atom.type != type)
      continue;
    if (child->type != 0) {
      set_corrupt (ctx, error,
                   "atom '%s' at moov offset %" G_GUINT64_FORMAT
                   " holds two '%s' atoms",
                   FCC (parent->type), parent->offset, FCC (type));
      return FALSE;
    }
    *child = atom;
  }
  if (walk_error != NULL) {
    propagate_walk_error (ctx, walk_error, error);
    return FALSE;
  }
  return TRUE;
}

/* Like find_child, but a missing child is an error naming what it is. */
static gboolean
require_child (ParseCtx *ctx, const PrwAtom *parent, guint32 type,
               const gchar *what, PrwAtom *child, GError **error)
{
  if (!find_child (ctx, parent, 0, type, child, error))
    return FALSE;
  if (child->type == 0) {
    set_corrupt (ctx, error,
                 "'%s' at moov offset %" G_GUINT64_FORMAT
                 " has no %s ('%s') atom",
                 FCC (parent->type), parent->offset, what, FCC (type));
    return FALSE;
  }
  return TRUE;
}

/* Checks that atom's payload holds at least need bytes. */
static gboolean
check_payload (ParseCtx *ctx, const PrwAtom *atom, guint64 need, GError **error)
{
  if (PRW_ATOM_PAYLOAD_SIZE (atom) >= need)
    return TRUE;
  set_corrupt (
      ctx, error,
      "atom '%s' at moov offset %" G_GUINT64_FORMAT " holds %" G_GUINT64_FORMAT
      " bytes; at least %" G_GUINT64_FORMAT " are needed",
      FCC (atom->type), atom->offset, PRW_ATOM_PAYLOAD_SIZE (atom), need);
  return FALSE;
}

/* A reader over atom's payload, which must hold at least need bytes: the
 * fields read from it after that are read unchecked. */
static gboolean
payload_reader (ParseCtx *ctx, const PrwAtom *atom, guint64 need,
                GstByteReader *r, GError **error)
{
  if (!check_payload (ctx, atom, need, error))
    return FALSE;
  gst_byte_reader_init (r, ctx->moov + PRW_ATOM_PAYLOAD_OFFSET (atom),
                        (guint) PRW_ATOM_PAYLOAD_SIZE (atom));
  return TRUE;
}

/* A full atom's table: version/flags(4) [extra] count(4) entries. Checks
 * count * entry_size, widened to 64 bits (as qtatomparser.h does), against
 * the payload; *entries is left at the first entry. */
static gboolean
check_table (ParseCtx *ctx, const PrwAtom *atom, guint64 count_at,
             guint64 entry_size, guint32 *count, GstByteReader *entries,
             GError **error)
{
  GstByteReader r;
  guint64 have;

  if (!payload_reader (ctx, atom, count_at + 4, &r, error))
    return FALSE;
  gst_byte_reader_skip_unchecked (&r, (guint) count_at);
  *count = prw_qt_get_u32_unchecked (&r);
  have = gst_byte_reader_get_remaining (&r);
  if (entries != NULL)
    *entries = r;
  if (U64 (*count) * entry_size > have) {
    set_corrupt (ctx, error,
                 "'%s' at moov offset %" G_GUINT64_FORMAT " says it has %u "
                 "entries of %" G_GUINT64_FORMAT
                 " bytes but holds only %" G_GUINT64_FORMAT " bytes",
                 FCC (atom->type), atom->offset, *count, entry_size, have);
    return FALSE;
  }
  return TRUE;
}

/* A movie, track or media header (mvhd, tkhd, mdhd) starts with its
 * version, flags, and creation and modification times: 32-bit in version
 * 0, 64-bit in version 1. Returns the version with r past the times, once
 * the payload holds need[version] bytes; -1 with the error set when it does
 * not or the version is unknown. */
static gint
header_after_times (ParseCtx *ctx, const PrwAtom *atom, const guint need[2],
                    GstByteReader *r, GError **error)
{
  guint version;

  if (!payload_reader (ctx, atom, 4, r, error))
    return -1;
  version = gst_byte_reader_get_uint8_unchecked (r);
  if (version > 1 && atom->type == PRW_QT_FOURCC_TKHD) {
    set_corrupt (ctx, error,
                 "track header (tkhd) at moov offset %" G_GUINT64_FORMAT
                 " has unknown version %u",
                 atom->offset, version);
    return -1;
  }
  if (version > 1) {
    set_corrupt (ctx, error, "unknown %s version %u",
                 atom->type == PRW_QT_FOURCC_MVHD ? "movie header (mvhd)"
                                                  : "media header (mdhd)",
                 version);
    return -1;
  }
  if (!check_payload (ctx, atom, need[version], error))
    return -1;
  gst_byte_reader_skip_unchecked (r, 3 + (version == 0 ? 8 : 16));
  return version;
}

/* The timescale and duration of a movie or media header (mvhd, mdhd),
 * which follow its times; r is left after them. */
static gboolean
parse_timing (ParseCtx *ctx, const PrwAtom *atom, const guint need[2],
              GstByteReader *r, guint32 *timescale, guint64 *duration,
              GError **error)
{
  gint version = header_after_times (ctx, atom, need, r, error);

  if (version < 0)
    return FALSE;
  *timescale = prw_qt_get_u32_unchecked (r);
  *duration = version == 0 ? prw_qt_get_u32_unchecked (r)
                           : prw_qt_get_u64_unchecked (r);
  return TRUE;
}

static gboolean
parse_mvhd (ParseCtx *ctx, PrwQtMovie *movie, const PrwAtom *mvhd,
            GError **error)
{
  static const guint need[2] = { 100, 112 };
  GstByteReader r;
  guint64 duration;

  if (!parse_timing (ctx, mvhd, need, &r, &movie->movie_timescale, &duration,
                     error))
    return FALSE;
  /* rate, volume, reserved, matrix, preview, poster, selection and current
   * time (76 bytes), then next_track_ID, last */
  gst_byte_reader_skip_unchecked (&r, 76);
  movie->next_track_id = prw_qt_get_u32_unchecked (&r);
  return TRUE;
}

static gboolean
parse_tkhd (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *tkhd,
            GError **error)
{
  /* ... track_ID */
  static const guint need[2] = { 16, 24 };
  GstByteReader r;

  if (header_after_times (ctx, tkhd, need, &r, error) < 0)
    return FALSE;
  track->track_id = prw_qt_get_u32_unchecked (&r);
  return TRUE;
}

/* 'colr' after a visual sample description -> "nclc 1-1-1"; an nclc or
 * nclx one's codes are set in track too */
static gchar *
colour_from_colr (GstByteReader *r, PrwQtTrack *track)
{
  guint32 type;
  guint16 primaries, transfer, matrix;
  guint8 range;

  if (!prw_qt_get_u32 (r, &type))
    return NULL;
  if ((type != PRW_QT_FOURCC_NCLC && type != PRW_QT_FOURCC_NCLX)
      || gst_byte_reader_get_remaining (r) < 6)
    return g_strdup (FCC (type));
  primaries = prw_qt_get_u16_unchecked (r);
  transfer = prw_qt_get_u16_unchecked (r);
  matrix = prw_qt_get_u16_unchecked (r);
  track->colr_codes = TRUE;
  track->colr_primaries = primaries;
  track->colr_transfer = transfer;
  track->colr_matrix = matrix;
  if (type == PRW_QT_FOURCC_NCLC)
    return g_strdup_printf ("nclc %u-%u-%u", primaries, transfer, matrix);
  if (gst_byte_reader_get_uint8 (r, &range))
    return g_strdup_printf ("nclx %u-%u-%u%s", primaries, transfer, matrix,
                            (range & 0x80) ? " full" : "");
  return g_strdup (FCC (type));
}

/* Walks the atoms after a sample description's fixed part: for a video
 * track its picture extensions (QuickTime File Format, "Video sample
 * description extensions": 'colr', 'fiel' two bytes, field count and
 * field ordering; 'pasp' two 32-bit spacings, horizontal and vertical),
 * for a timecode track its reel name ('name'); the first of each kind. */
static gboolean
parse_entry_extensions (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *entry,
                        guint64 fixed_size, GError **error)
{
  PrwAtomIter iter;
  PrwAtom atom;
  GError *walk_error = NULL;
  guint64 start = entry->offset + fixed_size, end = entry->offset + entry->size;
  gboolean seen_fiel = FALSE, seen_pasp = FALSE;

  /* ffmpeg ends a timecode description that has no reel name with a 16-bit
   * zero where the 'name' atom would be: zeros too short for an atom
   * header are padding, not extensions */
  prw_atom_iter_init (&iter, ctx->moov, start, end);
  iter.allow_padding = TRUE;
  while (prw_atom_iter_next (&iter, &atom, &walk_error)) {
    guint64 size = PRW_ATOM_PAYLOAD_SIZE (&atom);
    GstByteReader r;

    payload_reader (ctx, &atom, 0, &r, NULL);
    if (atom.type == PRW_QT_FOURCC_COLR && track->colour == NULL) {
      track->colour = colour_from_colr (&r, track);
    } else if (atom.type == PRW_QT_FOURCC_FIEL
               && track->handler == PRW_QT_FOURCC_VIDE && !seen_fiel
               && size >= 1) {
      seen_fiel = TRUE;
      track->fiel_count = gst_byte_reader_get_uint8_unchecked (&r);
      track->fiel_detail
          = size >= 2 ? gst_byte_reader_get_uint8_unchecked (&r) : 0;
    } else if (atom.type == PRW_QT_FOURCC_PASP
               && track->handler == PRW_QT_FOURCC_VIDE && !seen_pasp
               && size >= 8) {
      seen_pasp = TRUE;
      track->has_pasp = TRUE;
      track->pasp_h = prw_qt_get_u32_unchecked (&r);
      track->pasp_v = prw_qt_get_u32_unchecked (&r);
    } else if (atom.type == PRW_QT_FOURCC_NAME
               && track->handler == PRW_QT_FOURCC_TMCD
               && track->reel_name == NULL) {
      /* u16 string length, u16 language, then the bytes (ffmpeg and qtmux
       * both write it this way) */
      guint len;

      if (size < 4) {
        set_corrupt (
            ctx, error,
            "the timecode's 'name' atom at moov offset %" G_GUINT64_FORMAT
            " is only %" G_GUINT64_FORMAT " bytes",
            atom.offset, atom.size);
        return FALSE;
      }
      len = prw_qt_get_u16_unchecked (&r);
      gst_byte_reader_skip_unchecked (&r, 2); /* language */
      if (U64 (len) > size - 4) {
        set_corrupt (
            ctx, error,
            "the timecode's 'name' atom at moov offset %" G_GUINT64_FORMAT
            " says its string is %u bytes but it "
            "holds only %" G_GUINT64_FORMAT,
            atom.offset, len, size - 4);
        return FALSE;
      }
      track->reel_name = g_strndup (
          (const gchar *) gst_byte_reader_get_data_unchecked (&r, len), len);
      if (!g_utf8_validate (track->reel_name, -1, NULL)) {
        gchar *valid = g_utf8_make_valid (track->reel_name, -1);

        g_free (track->reel_name);
        track->reel_name = valid;
      }
    }
  }
  if (walk_error != NULL) {
    propagate_walk_error (ctx, walk_error, error);
    return FALSE;
  }
  return TRUE;
}

/* A reader over a sample description entry (header included) of at least
 * fixed_size bytes with a plain 8-byte header; FALSE when it is not one. */
static gboolean
entry_reader (ParseCtx *ctx, const PrwAtom *entry, guint64 fixed_size,
              GstByteReader *r)
{
  if (entry->header_size != 8 || entry->size < fixed_size)
    return FALSE;
  /* the walker checked that the entry lies inside the moov */
  gst_byte_reader_init (r, ctx->moov + entry->offset, (guint) entry->size);
  return TRUE;
}

static gboolean
parse_video_entry (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *entry,
                   GError **error)
{
  GstByteReader r;

  if (!entry_reader (ctx, entry, VISUAL_ENTRY_SIZE, &r)) {
    set_corrupt (
        ctx, error,
        "video sample description '%s' at moov offset %" G_GUINT64_FORMAT
        " is %" G_GUINT64_FORMAT " bytes; a visual sample description needs %u",
        FCC (entry->type), entry->offset, entry->size, VISUAL_ENTRY_SIZE);
    return FALSE;
  }
  gst_byte_reader_skip_unchecked (&r, 32);
  track->width = prw_qt_get_u16_unchecked (&r);
  track->height = prw_qt_get_u16_unchecked (&r);
  return parse_entry_extensions (ctx, track, entry, VISUAL_ENTRY_SIZE, error);
}

static gboolean
parse_sound_entry (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *entry,
                   GError **error)
{
  GstByteReader r;
  guint version;
  guint64 need;

  if (!entry_reader (ctx, entry, 36, &r))
    goto too_small;
  gst_byte_reader_skip_unchecked (&r, 16);
  version = prw_qt_peek_u16_unchecked (&r);
  need = version == 2 ? 72 : version == 1 ? 52 : 36;
  if (entry->size < need)
    goto too_small;

  if (version == 2) {
    gdouble rate;
    guint32 channels;

    gst_byte_reader_set_pos (&r, 40);
    {
      guint64 bits = prw_qt_get_u64_unchecked (&r); /* IEEE 754 double */

      memcpy (&rate, &bits, sizeof rate);
    }
    channels = prw_qt_get_u32_unchecked (&r);
    track->channels = (guint16) MIN (channels, G_MAXUINT16);
    /* a nonsense rate is reported as 0 rather than converted */
    track->sample_rate
        = (rate >= 1.0 && rate <= 10000000.0) ? (guint32) (rate + 0.5) : 0;
  } else {
    gst_byte_reader_set_pos (&r, 24);
    track->channels = prw_qt_get_u16_unchecked (&r);
    gst_byte_reader_set_pos (&r, 32);
    track->sample_rate = prw_qt_get_u32_unchecked (&r) >> 16;
  }
  return TRUE;

too_small:
  set_corrupt (ctx, error,
               "sound sample description '%s' at moov offset %" G_GUINT64_FORMAT
               " is too small (%" G_GUINT64_FORMAT " bytes)",
               FCC (entry->type), entry->offset, entry->size);
  return FALSE;
}

static gboolean
parse_tmcd_entry (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *entry,
                  GError **error)
{
  GstByteReader r;

  if (!entry_reader (ctx, entry, TMCD_ENTRY_SIZE, &r)) {
    set_corrupt (ctx, error,
                 "timecode sample description at moov offset %" G_GUINT64_FORMAT
                 " is %" G_GUINT64_FORMAT " bytes; it needs %u",
                 entry->offset, entry->size, TMCD_ENTRY_SIZE);
    return FALSE;
  }
  gst_byte_reader_skip_unchecked (&r, 20);
  track->tmcd_flags = prw_qt_get_u32_unchecked (&r);
  track->tmcd_timescale = prw_qt_get_u32_unchecked (&r);
  track->tmcd_frame_duration = prw_qt_get_u32_unchecked (&r);
  track->tmcd_nframes = gst_byte_reader_get_uint8_unchecked (&r);
  return parse_entry_extensions (ctx, track, entry, TMCD_ENTRY_SIZE, error);
}

static gboolean
parse_stsd (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *stsd,
            GError **error)
{
  PrwAtomIter iter;
  PrwAtom entry, first = { 0 };
  GError *walk_error = NULL;
  guint32 n_found = 0;

  GstByteReader r;

  track->stsd = *stsd;
  if (!payload_reader (ctx, stsd, 8, &r, error))
    return FALSE;
  gst_byte_reader_skip_unchecked (&r, 4);
  track->n_descriptions = prw_qt_get_u32_unchecked (&r);
  if (track->n_descriptions == 0) {
    set_corrupt (ctx, error, "the sample description atom (stsd) is empty");
    return FALSE;
  }

  prw_atom_iter_init (&iter, ctx->moov, PRW_ATOM_PAYLOAD_OFFSET (stsd) + 8,
                      stsd->offset + stsd->size);
  while (n_found < track->n_descriptions
         && prw_atom_iter_next (&iter, &entry, &walk_error)) {
    if (n_found++ == 0)
      first = entry;
  }
  if (walk_error != NULL) {
    propagate_walk_error (ctx, walk_error, error);
    return FALSE;
  }
  if (n_found < track->n_descriptions) {
    set_corrupt (
        ctx, error,
        "the sample description atom (stsd) at moov offset %" G_GUINT64_FORMAT
        " declares %u entries but holds %u",
        stsd->offset, track->n_descriptions, n_found);
    return FALSE;
  }

  track->format = first.type;
  track->description = first;
  switch (track->handler) {
    case PRW_QT_FOURCC_VIDE:
      return parse_video_entry (ctx, track, &first, error);
    case PRW_QT_FOURCC_SOUN:
      return parse_sound_entry (ctx, track, &first, error);
    case PRW_QT_FOURCC_TMCD:
      if (track->format == PRW_QT_FOURCC_TMCD)
        return parse_tmcd_entry (ctx, track, &first, error);
      return TRUE;
    default:
      return TRUE;
  }
}

/* stts: the total must equal the sample count; records the one delta. */
static gboolean
parse_stts (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *stts,
            guint64 n_samples, GError **error)
{
  GstByteReader r;
  guint32 n_entries, delta = 0;
  guint64 total = 0;
  gboolean seen = FALSE, varies = FALSE;

  if (!check_table (ctx, stts, 4, 8, &n_entries, &r, error))
    return FALSE;
  track->min_delta = G_MAXUINT32;
  for (guint32 i = 0; i < n_entries; i++) {
    guint32 count = prw_qt_get_u32_unchecked (&r);
    guint32 d = prw_qt_get_u32_unchecked (&r);
    guint32 k;

    total += count; /* at most 2^32 entries of 2^32: no overflow */
    if (count == 0)
      continue;
    /* (< 2^32) x (< 2^32) per entry, at most 2^32 entries: fits 96 bits,
     * not 64; saturate rather than wrap */
    if (track->total_delta <= G_MAXUINT64 - (guint64) count * d)
      track->total_delta += (guint64) count * d;
    else
      track->total_delta = G_MAXUINT64;
    track->min_delta = MIN (track->min_delta, d);
    track->max_delta = MAX (track->max_delta, d);
    for (k = 0; k < MIN (track->n_deltas, G_N_ELEMENTS (track->deltas)); k++)
      if (track->deltas[k] == d)
        break;
    if (k < G_N_ELEMENTS (track->deltas)) {
      if (k == track->n_deltas) {
        track->deltas[k] = d;
        track->n_deltas++;
      }
      track->delta_counts[k] += count;
    } else {
      track->more_deltas = TRUE;
    }
    if (!seen)
      delta = d;
    else if (d != delta)
      varies = TRUE;
    seen = TRUE;
  }
  if (!seen)
    track->min_delta = 0;
  if (total != n_samples) {
    set_corrupt (
        ctx, error,
        "the time-to-sample table (stts) counts %" G_GUINT64_FORMAT
        " samples but the sample size table (stsz) has %" G_GUINT64_FORMAT,
        total, n_samples);
    return FALSE;
  }
  track->sample_delta = varies ? 0 : delta;
  return TRUE;
}

/* Reads the stsc run at r (checked by check_table): its first chunk,
 * samples per chunk and the chunk after it (the next run's first, or one
 * past the last chunk). */
static void
next_run (GstByteReader *r, gboolean more, guint32 n_chunks, guint64 *first,
          guint64 *per_chunk, guint64 *next)
{
  *first = prw_qt_get_u32_unchecked (r);
  *per_chunk = prw_qt_get_u32_unchecked (r);
  gst_byte_reader_skip_unchecked (r, 4);
  *next = more ? prw_qt_peek_u32_unchecked (r) : U64 (n_chunks) + 1;
}

/* The sample tables of one track: checks that stsz, stsc + stco|co64 and stts
 * agree, that every sample lies inside the file, and (when store) expands
 * them into track->samples. */
static gboolean
parse_sample_tables (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *stts,
                     const PrwAtom *stsc, const PrwAtom *stsz,
                     const PrwAtom *stco, gboolean store, GError **error)
{
  gboolean co64 = stco->type == PRW_QT_FOURCC_CO64;
  guint32 const_size, n_sizes, n_chunks, n_runs, prev_first = 0;
  GstByteReader sizes, chunks, runs, r;
  guint64 n_samples, expanded = 0, s = 0;
  g_autofree PrwSample *samples = NULL;

  /* stsz: version/flags, sample_size, count, [sizes] */
  if (!payload_reader (ctx, stsz, 12, &r, error))
    return FALSE;
  gst_byte_reader_skip_unchecked (&r, 4);
  const_size = prw_qt_get_u32_unchecked (&r);
  if (!check_table (ctx, stsz, 8, const_size == 0 ? 4 : 0, &n_sizes, &sizes,
                    error))
    return FALSE;
  n_samples = n_sizes;

  if (!parse_stts (ctx, track, stts, n_samples, error))
    return FALSE;

  if (!check_table (ctx, stco, 4, co64 ? 8 : 4, &n_chunks, &chunks, error))
    return FALSE;

  /* stsc: runs of (first_chunk, samples_per_chunk, description index) */
  if (!check_table (ctx, stsc, 4, 12, &n_runs, &runs, error))
    return FALSE;
  if (n_runs == 0 && n_chunks != 0) {
    set_corrupt (ctx, error,
                 "the sample-to-chunk table (stsc) is empty but there are %u "
                 "chunks",
                 n_chunks);
    return FALSE;
  }
  r = runs;
  for (guint32 i = 0; i < n_runs; i++) {
    guint32 first = prw_qt_get_u32_unchecked (&r);
    guint32 desc;

    gst_byte_reader_skip_unchecked (&r, 4);
    desc = prw_qt_get_u32_unchecked (&r);
    if ((i == 0 && first != 1) || (i > 0 && first <= prev_first)
        || first > n_chunks) {
      set_corrupt (ctx, error,
                   "sample-to-chunk (stsc) entry %u starts at chunk %u; "
                   "entries must start at chunk 1, increase and stay within "
                   "the %u chunks of the chunk offset table",
                   i + 1, first, n_chunks);
      return FALSE;
    }
    if (desc == 0 || desc > track->n_descriptions) {
      set_corrupt (ctx, error,
                   "sample-to-chunk (stsc) entry %u names sample description "
                   "%u of %u",
                   i + 1, desc, track->n_descriptions);
      return FALSE;
    }
    prev_first = first;
  }
  r = runs;
  for (guint32 i = 0; i < n_runs && expanded <= n_samples; i++) {
    guint64 first, per_chunk, next;

    next_run (&r, i + 1 < n_runs, n_chunks, &first, &per_chunk, &next);
    /* (< 2^32 chunks) x (< 2^32 samples per chunk) fits 64 bits, and the
     * sum stays below n_samples + one run */
    expanded += (next - first) * per_chunk;
  }
  if (expanded != n_samples) {
    set_corrupt (
        ctx, error,
        "the chunk tables (stsc/%s) hold %s%" G_GUINT64_FORMAT
        " samples but the sample size table (stsz) has %" G_GUINT64_FORMAT,
        co64 ? "co64" : "stco", expanded > n_samples ? "at least " : "",
        expanded, n_samples);
    return FALSE;
  }

  if (store) {
    if (n_samples > PRW_QT_MAX_SAMPLES) {
      set_corrupt (ctx, error,
                   "%" G_GUINT64_FORMAT " samples is implausibly many (at "
                   "most %" G_GUINT64_FORMAT " are accepted)",
                   n_samples, PRW_QT_MAX_SAMPLES);
      return FALSE;
    }
    if (n_samples > 0) {
      samples = g_try_new (PrwSample, n_samples);
      if (samples == NULL) {
        g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                     "%s: track %u: out of memory for %" G_GUINT64_FORMAT
                     " samples",
                     ctx->path, track->track_id, n_samples);
        return FALSE;
      }
    }
  }

  r = runs;
  for (guint32 i = 0; i < n_runs; i++) {
    guint64 first, per_chunk, next;

    next_run (&r, i + 1 < n_runs, n_chunks, &first, &per_chunk, &next);
    /* the runs start at chunk 1 and increase: chunks are read in order */
    for (guint64 c = first; c < next; c++) {
      guint64 off = co64 ? prw_qt_get_u64_unchecked (&chunks)
                         : prw_qt_get_u32_unchecked (&chunks);

      if (!store && const_size != 0) {
        /* no per-sample walk: check the chunk's span at once */
        guint64 span = U64 (per_chunk) * const_size;

        if (off > ctx->file_size || span > ctx->file_size - off) {
          guint64 fit
              = off > ctx->file_size ? 0 : (ctx->file_size - off) / const_size;

          s += MIN (fit, per_chunk);
          goto past_end;
        }
        s += per_chunk;
        continue;
      }

      for (guint32 j = 0; j < per_chunk; j++, s++) {
        guint32 size
            = const_size ? const_size : prw_qt_get_u32_unchecked (&sizes);

        if (off > ctx->file_size || size > ctx->file_size - off)
          goto past_end;
        if (samples != NULL) {
          samples[s].offset = off;
          samples[s].size = size;
        }
        off += size;
      }
    }
  }
  g_assert (s == n_samples);

  track->n_samples = n_samples;
  track->samples = g_steal_pointer (&samples);
  return TRUE;

past_end:
  g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
               "%s: sample %" G_GUINT64_FORMAT " of track %u points past the "
               "end of the file (truncated mdat?)",
               ctx->path, s + 1, track->track_id);
  return FALSE;
}

/* The track's edit list, if any, as written: the model decides what it
 * means for each kind of track. Every entry is read so that an empty edit
 * anywhere is seen. */
static gboolean
parse_edts (ParseCtx *ctx, const PrwAtom *trak, PrwQtTrack *track,
            GError **error)
{
  PrwAtom edts, elst;
  GstByteReader r;
  guint32 count;
  gboolean v1;
  guint64 entry;

  if (!find_child (ctx, trak, 0, PRW_QT_FOURCC_EDTS, &edts, error))
    return FALSE;
  if (edts.type == 0)
    return TRUE;
  if (!find_child (ctx, &edts, 0, PRW_QT_FOURCC_ELST, &elst, error))
    return FALSE;
  if (elst.type == 0)
    return TRUE;
  if (!payload_reader (ctx, &elst, 1, &r, error))
    return FALSE;
  v1 = gst_byte_reader_get_uint8_unchecked (&r) == 1;
  entry = v1 ? 20 : 12;
  if (!check_table (ctx, &elst, 4, entry, &count, &r, error))
    return FALSE;
  track->n_edits = count;
  /* each edit: track duration, media time, rate (16.16) */
  for (guint32 i = 0; i < count; i++) {
    guint64 duration;
    gint64 media_time;
    guint32 rate;

    if (v1) {
      duration = prw_qt_get_u64_unchecked (&r);
      media_time = (gint64) prw_qt_get_u64_unchecked (&r);
    } else {
      duration = prw_qt_get_u32_unchecked (&r);
      media_time = (gint32) prw_qt_get_u32_unchecked (&r);
    }
    rate = prw_qt_get_u32_unchecked (&r);
    if (media_time == -1)
      track->edits_any_empty = TRUE;
    if (i == 0) {
      track->edit_duration = duration;
      track->edit_media_time = media_time;
      track->edit_rate = rate;
    }
  }
  return TRUE;
}

/* ---- data references (minf/dinf/dref) ----------------------------------- */

/* "video", "sound", "timecode", or the handler's code ("'text'") */
static const gchar *
handler_noun (guint32 handler, gchar buf[7])
{
  switch (handler) {
    case PRW_QT_FOURCC_VIDE:
      return "video";
    case PRW_QT_FOURCC_SOUN:
      return "sound";
    case PRW_QT_FOURCC_TMCD:
      return "timecode";
    default:
      buf[0] = '\'';
      prw_fourcc_to_string (handler, buf + 1);
      buf[5] = '\'';
      buf[6] = '\0';
      return buf;
  }
}

/* The file a data reference entry names (its payload after version and
 * flags in r), or NULL: a 'url ' entry holds a NUL-terminated URL, a 'urn '
 * entry a name then a location; an 'alis' or 'rsrc' entry a Mac OS alias
 * record, whose file name is a Pascal string (at most 63 bytes) at byte 50
 * (Inside Macintosh: Files, "AliasRecord"). */
static gchar *
data_ref_name (guint32 type, GstByteReader *r)
{
  guint left = gst_byte_reader_get_remaining (r);
  const guint8 *p = gst_byte_reader_peek_data_unchecked (r);
  gchar *name = NULL;

  if (type == PRW_QT_FOURCC_URL || type == PRW_QT_FOURCC_URN) {
    const guint8 *nul = memchr (p, 0, left);

    name
        = g_strndup ((const gchar *) p, nul != NULL ? (gsize) (nul - p) : left);
  } else if ((type == PRW_QT_FOURCC_ALIS || type == PRW_QT_FOURCC_RSRC)
             && left > 50) {
    guint len = MIN (MIN (p[50], 63), left - 51);

    name = g_strndup ((const gchar *) p + 51, len);
  }
  if (name != NULL && name[0] == '\0')
    g_clear_pointer (&name, g_free);
  if (name != NULL && !g_utf8_validate (name, -1, NULL)) {
    gchar *valid = g_utf8_make_valid (name, -1);

    g_free (name);
    name = valid;
  }
  return name;
}

/* Refuses a track whose data is not in the movie's own file. The entries
 * of its data reference atom that its sample descriptions name (each
 * description's data_reference_index, bytes 14-15; every entry when stsd
 * is NULL) must have the self-reference flag. A track without dinf/dref is
 * taken as self-contained (hand-made movies omit them; qtmux and ffmpeg
 * always write one self-reference). */
static gboolean
check_data_refs (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *minf,
                 const PrwAtom *stsd, GError **error)
{
  PrwAtom dinf, dref, entry;
  PrwAtomIter iter;
  GError *walk_error = NULL;
  GstByteReader r;
  guint32 n_refs, n = 0;
  g_autofree guint32 *types = NULL;
  g_autofree guint32 *flags = NULL;
  g_autofree const guint8 **payloads = NULL;
  g_autofree guint *payload_sizes = NULL;
  guint32 n_used = 0;
  g_autofree guint32 *used = NULL;

  if (!find_child (ctx, minf, 0, PRW_QT_FOURCC_DINF, &dinf, error))
    return FALSE;
  if (dinf.type == 0)
    return TRUE;
  if (!find_child (ctx, &dinf, 0, PRW_QT_FOURCC_DREF, &dref, error))
    return FALSE;
  if (dref.type == 0)
    return TRUE;
  if (!payload_reader (ctx, &dref, 8, &r, error))
    return FALSE;
  gst_byte_reader_skip_unchecked (&r, 4);
  n_refs = prw_qt_get_u32_unchecked (&r);
  /* each entry is an atom of at least 12 bytes */
  if (U64 (n_refs) * 12 > PRW_ATOM_PAYLOAD_SIZE (&dref) - 8) {
    set_corrupt (ctx, error,
                 "the data reference atom (dref) at moov offset "
                 "%" G_GUINT64_FORMAT " declares %u entries but holds only "
                 "%" G_GUINT64_FORMAT " bytes",
                 dref.offset, n_refs, PRW_ATOM_PAYLOAD_SIZE (&dref) - 8);
    return FALSE;
  }
  types = g_new0 (guint32, n_refs + 1);
  flags = g_new0 (guint32, n_refs + 1);
  payloads = g_new0 (const guint8 *, n_refs + 1);
  payload_sizes = g_new0 (guint, n_refs + 1);
  prw_atom_iter_init (&iter, ctx->moov, PRW_ATOM_PAYLOAD_OFFSET (&dref) + 8,
                      dref.offset + dref.size);
  while (n < n_refs && prw_atom_iter_next (&iter, &entry, &walk_error)) {
    if (PRW_ATOM_PAYLOAD_SIZE (&entry) < 4) {
      set_corrupt (ctx, error,
                   "data reference entry '%s' at moov offset "
                   "%" G_GUINT64_FORMAT " has no version and flags",
                   FCC (entry.type), entry.offset);
      return FALSE;
    }
    types[n] = entry.type;
    flags[n]
        = (guint32) prw_qt_be (ctx->moov + PRW_ATOM_PAYLOAD_OFFSET (&entry), 4)
          & 0xffffff;
    payloads[n] = ctx->moov + PRW_ATOM_PAYLOAD_OFFSET (&entry) + 4;
    payload_sizes[n] = (guint) PRW_ATOM_PAYLOAD_SIZE (&entry) - 4;
    n++;
  }
  if (walk_error != NULL) {
    propagate_walk_error (ctx, walk_error, error);
    return FALSE;
  }
  if (n < n_refs) {
    set_corrupt (ctx, error,
                 "the data reference atom (dref) at moov offset "
                 "%" G_GUINT64_FORMAT " declares %u entries but holds %u",
                 dref.offset, n_refs, n);
    return FALSE;
  }

  /* which entries the sample descriptions use */
  if (stsd != NULL) {
    PrwAtom desc;

    used = g_new0 (guint32, track->n_descriptions + 1);
    prw_atom_iter_init (&iter, ctx->moov, PRW_ATOM_PAYLOAD_OFFSET (stsd) + 8,
                        stsd->offset + stsd->size);
    /* parse_stsd walked these entries already */
    while (n_used < track->n_descriptions
           && prw_atom_iter_next (&iter, &desc, NULL)) {
      guint32 index;

      if (desc.size < 16 || desc.header_size != 8) {
        set_corrupt (ctx, error,
                     "sample description '%s' at moov offset "
                     "%" G_GUINT64_FORMAT " is %" G_GUINT64_FORMAT
                     " bytes: too small for its data reference index",
                     FCC (desc.type), desc.offset, desc.size);
        return FALSE;
      }
      index = (guint32) prw_qt_be (ctx->moov + desc.offset + 14, 2);
      if (index == 0 || index > n_refs) {
        set_corrupt (ctx, error,
                     "sample description '%s' at moov offset "
                     "%" G_GUINT64_FORMAT " names data reference %u of %u",
                     FCC (desc.type), desc.offset, index, n_refs);
        return FALSE;
      }
      used[n_used++] = index - 1;
    }
  } else {
    used = g_new0 (guint32, n_refs + 1);
    for (n_used = 0; n_used < n_refs; n_used++)
      used[n_used] = n_used;
  }

  for (guint32 i = 0; i < n_used; i++) {
    guint32 k = used[i];
    g_autofree gchar *name = NULL;
    GstByteReader pr;
    gchar noun[7];

    if (flags[k] & PRW_QT_DREF_FLAG_SELF)
      continue;
    gst_byte_reader_init (&pr, payloads[k], payload_sizes[k]);
    name = data_ref_name (types[k], &pr);
    if (name != NULL)
      g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                   "%s: the %s track (track %u) keeps its data in another "
                   "file, \"%s\" (a '%s' data reference); only "
                   "self-contained movies can be read",
                   ctx->path, handler_noun (track->handler, noun),
                   track->track_id, name, FCC (types[k]));
    else
      g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                   "%s: the %s track (track %u) keeps its data in another "
                   "file (a '%s' data reference that names none); only "
                   "self-contained movies can be read",
                   ctx->path, handler_noun (track->handler, noun),
                   track->track_id, FCC (types[k]));
    return FALSE;
  }
  return TRUE;
}

/* A timecode track whose samples are frame numbers (format 'tmcd') */
static gboolean
is_timecode_track (const PrwQtTrack *track)
{
  return track->handler == PRW_QT_FOURCC_TMCD
         && track->format == PRW_QT_FOURCC_TMCD;
}

/* Every timecode sample's duration, from the stts that parse_stts()
 * checked (its counts add up to n_samples, which parse_sample_tables()
 * capped). */
static void
expand_tmcd_durations (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *stts)
{
  GstByteReader r;
  guint32 n_entries;
  guint64 s = 0;

  if (track->n_samples == 0
      || !check_table (ctx, stts, 4, 8, &n_entries, &r, NULL))
    return;
  track->tmcd_durations = g_new (guint32, track->n_samples);
  for (guint32 i = 0; i < n_entries; i++) {
    guint32 count = prw_qt_get_u32_unchecked (&r);
    guint32 d = prw_qt_get_u32_unchecked (&r);

    for (guint32 k = 0; k < count && s < track->n_samples; k++)
      track->tmcd_durations[s++] = d;
  }
  g_assert (s == track->n_samples);
}

static gboolean
handler_is_parsed (guint32 handler)
{
  return handler == PRW_QT_FOURCC_VIDE || handler == PRW_QT_FOURCC_SOUN
         || handler == PRW_QT_FOURCC_TMCD;
}

/* The timecode track a track refers to ("QuickTime File Format
 * Specification", Track Reference Atoms: 'tref' holds atoms named by the
 * reference type, each a list of 32-bit track IDs; type 'tmcd' names the
 * timecode track). Read leniently: a malformed reference leaves 0. */
static void
parse_tref_tmcd (ParseCtx *ctx, const PrwAtom *trak, PrwQtTrack *track)
{
  PrwAtomIter iter;
  PrwAtom atom, tref = { 0 };

  prw_atom_iter_init (&iter, ctx->moov, PRW_ATOM_PAYLOAD_OFFSET (trak),
                      trak->offset + trak->size);
  while (prw_atom_iter_next (&iter, &atom, NULL))
    if (atom.type == PRW_QT_FOURCC_TREF && tref.type == 0)
      tref = atom;
  if (tref.type == 0)
    return;
  prw_atom_iter_init (&iter, ctx->moov, PRW_ATOM_PAYLOAD_OFFSET (&tref),
                      tref.offset + tref.size);
  while (prw_atom_iter_next (&iter, &atom, NULL)) {
    if (atom.type == PRW_QT_FOURCC_TMCD && PRW_ATOM_PAYLOAD_SIZE (&atom) >= 4) {
      track->tref_tmcd = (guint32) prw_qt_be (
          ctx->moov + PRW_ATOM_PAYLOAD_OFFSET (&atom), 4);
      return;
    }
  }
}

static gboolean
parse_trak (ParseCtx *ctx, const PrwAtom *trak, PrwQtTrack *track,
            GError **error)
{
  PrwAtom tkhd, mdia, mdhd, hdlr, minf, stbl, stsd, stts, stsc, stsz, stco,
      co64, ctts;
  static const guint mdhd_need[2] = { 20, 32 };
  GstByteReader r;

  track->trak = *trak;
  track->tmcd_start_frame = -1;
  ctx->track_id = 0;

  if (!require_child (ctx, trak, PRW_QT_FOURCC_TKHD, "track header", &tkhd,
                      error)
      || !parse_tkhd (ctx, track, &tkhd, error))
    return FALSE;
  ctx->track_id = track->track_id;
  if (!parse_edts (ctx, trak, track, error))
    return FALSE;
  parse_tref_tmcd (ctx, trak, track);

  if (!require_child (ctx, trak, PRW_QT_FOURCC_MDIA, "media", &mdia, error)
      || !require_child (ctx, &mdia, PRW_QT_FOURCC_MDHD, "media header", &mdhd,
                         error)
      || !parse_timing (ctx, &mdhd, mdhd_need, &r, &track->timescale,
                        &track->duration, error)
      || !find_child (ctx, &mdia, 0, PRW_QT_FOURCC_HDLR, &hdlr, error))
    return FALSE;
  if (hdlr.type != 0) {
    /* version, flags, component type, then the subtype */
    if (!payload_reader (ctx, &hdlr, 12, &r, error))
      return FALSE;
    gst_byte_reader_skip_unchecked (&r, 8);
    track->handler = prw_qt_get_u32_unchecked (&r);
  }

  /* tracks of other kinds are walked no further than their data
   * references */
  if (!handler_is_parsed (track->handler)) {
    if (!find_child (ctx, &mdia, 0, PRW_QT_FOURCC_MINF, &minf, error))
      return FALSE;
    return minf.type == 0 || check_data_refs (ctx, track, &minf, NULL, error);
  }

  if (!require_child (ctx, &mdia, PRW_QT_FOURCC_MINF, "media information",
                      &minf, error)
      || !require_child (ctx, &minf, PRW_QT_FOURCC_STBL, "sample table", &stbl,
                         error)
      || !require_child (ctx, &stbl, PRW_QT_FOURCC_STSD, "sample description",
                         &stsd, error)
      || !parse_stsd (ctx, track, &stsd, error)
      /* before the sample tables: another file's offsets mean nothing
       * here */
      || !check_data_refs (ctx, track, &minf, &stsd, error)
      || !require_child (ctx, &stbl, PRW_QT_FOURCC_STTS, "time-to-sample",
                         &stts, error)
      || !require_child (ctx, &stbl, PRW_QT_FOURCC_STSC, "sample-to-chunk",
                         &stsc, error)
      || !require_child (ctx, &stbl, PRW_QT_FOURCC_STSZ, "sample size", &stsz,
                         error)
      || !find_child (ctx, &stbl, 0, PRW_QT_FOURCC_STCO, &stco, error)
      || !find_child (ctx, &stbl, 0, PRW_QT_FOURCC_CO64, &co64, error))
    return FALSE;

  if (track->handler == PRW_QT_FOURCC_VIDE) {
    if (!find_child (ctx, &stbl, 0, PRW_QT_FOURCC_CTTS, &ctts, error))
      return FALSE;
    track->has_composition_offsets = ctts.type != 0;
  }

  track->stts = stts;
  track->stsc = stsc;
  track->stsz = stsz;
  track->chunk_offsets = stco.type ? stco : co64;
  if ((stco.type == 0) == (co64.type == 0)) {
    set_corrupt (ctx, error,
                 "the sample table at moov offset %" G_GUINT64_FORMAT
                 " has %s chunk offset table (stco/co64)",
                 stbl.offset, stco.type == 0 ? "no" : "more than one");
    return FALSE;
  }

  /* audio tracks can hold hundreds of millions of (PCM) samples: they are
   * checked but not expanded */
  if (!parse_sample_tables (ctx, track, &stts, &stsc, &stsz,
                            stco.type ? &stco : &co64,
                            track->handler != PRW_QT_FOURCC_SOUN, error))
    return FALSE;
  if (is_timecode_track (track))
    expand_tmcd_durations (ctx, track, &stts);
  return TRUE;
}

static void
track_free (gpointer data)
{
  PrwQtTrack *track = data;

  g_free (track->colour);
  g_free (track->reel_name);
  g_free (track->samples);
  g_free (track->tmcd_values);
  g_free (track->tmcd_durations);
  g_free (track);
}

static gboolean
parse_moov (ParseCtx *ctx, PrwQtMovie *movie, GError **error)
{
  PrwAtom moov = { 0 }, mvhd, atom;
  PrwAtomIter iter;
  GError *walk_error = NULL;

  moov.type = PRW_QT_FOURCC_MOOV;
  moov.offset = 0;
  moov.size = movie->moov_size;
  moov.header_size = movie->moov_header_size;

  if (!require_child (ctx, &moov, PRW_QT_FOURCC_MVHD, "movie header", &mvhd,
                      error)
      || !parse_mvhd (ctx, movie, &mvhd, error))
    return FALSE;

  prw_atom_iter_init (&iter, movie->moov, moov.header_size, moov.size);
  while (prw_atom_iter_next (&iter, &atom, &walk_error)) {
    PrwQtTrack *track;

    if (atom.type == PRW_QT_FOURCC_MVEX) {
      /* samples would follow in movie fragments, which this reader does
       * not read: refused rather than counted short */
      ctx->track_id = 0;
      g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                   "%s: fragmented movie (mvex in the movie header); not "
                   "supported",
                   ctx->path);
      return FALSE;
    }
    if (atom.type != PRW_QT_FOURCC_TRAK)
      continue;
    track = g_new0 (PrwQtTrack, 1);
    g_ptr_array_add (movie->tracks, track);
    if (!parse_trak (ctx, &atom, track, error))
      return FALSE;
  }
  ctx->track_id = 0;
  if (walk_error != NULL) {
    propagate_walk_error (ctx, walk_error, error);
    return FALSE;
  }
  return TRUE;
}

/* ---- the top level ----------------------------------------------------- */

static gboolean
read_at (const gchar *path, PrwQtReadFunc read, gpointer user_data,
         guint64 offset, guint8 *buf, gsize size, GError **error)
{
  GError *read_error = NULL;

  if (read (user_data, offset, buf, size, &read_error))
    return TRUE;
  if (read_error != NULL)
    g_propagate_prefixed_error (error, read_error, "%s: ", path);
  else
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO,
                 "%s: could not read %" G_GSIZE_FORMAT
                 " bytes at offset %" G_GUINT64_FORMAT,
                 path, size, offset);
  return FALSE;
}

static gboolean
is_top_level_type (guint32 type)
{
  static const guint32 types[] = {
    PRW_QT_FOURCC_FTYP, PRW_QT_FOURCC_MOOV, PRW_QT_FOURCC_MDAT,
    PRW_QT_FOURCC_WIDE, PRW_QT_FOURCC_FREE, PRW_QT_FOURCC_SKIP,
    PRW_QT_FOURCC_PNOT, PRW_QT_FOURCC_UUID, PRW_QT_FOURCC_JUNK,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (types[i] == type)
      return TRUE;
  return FALSE;
}

/* The most bytes one read of timecode samples spans */
#define TMCD_READ_SPAN 65536

/* Every timecode sample's 4-byte value. Samples laid out in increasing
 * offsets (as every writer lays them) are read TMCD_READ_SPAN bytes at a
 * time, so one sample per frame costs few reads. */
static gboolean
read_tmcd_samples (ParseCtx *ctx, PrwQtTrack *track, PrwQtReadFunc read,
                   gpointer user_data, GError **error)
{
  g_autofree guint8 *buf = NULL;
  guint64 i = 0;

  for (guint64 k = 0; k < track->n_samples; k++)
    if (track->samples[k].size < 4) {
      ctx->track_id = track->track_id;
      if (k == 0)
        set_corrupt (ctx, error,
                     "the first timecode sample is %u bytes; a frame number "
                     "needs 4",
                     track->samples[k].size);
      else
        set_corrupt (ctx, error,
                     "timecode sample %" G_GUINT64_FORMAT " is %u bytes; a "
                     "frame number needs 4",
                     k + 1, track->samples[k].size);
      return FALSE;
    }
  track->tmcd_values = g_new (guint32, track->n_samples);
  buf = g_malloc (TMCD_READ_SPAN);
  while (i < track->n_samples) {
    guint64 from = track->samples[i].offset, j = i + 1;

    while (j < track->n_samples && track->samples[j].offset >= from
           && track->samples[j].offset - from <= TMCD_READ_SPAN - 4
           && track->samples[j].offset >= track->samples[j - 1].offset)
      j++;
    if (!read_at (ctx->path, read, user_data, from, buf,
                  track->samples[j - 1].offset + 4 - from, error))
      return FALSE;
    for (; i < j; i++)
      track->tmcd_values[i]
          = (guint32) prw_qt_be (buf + (track->samples[i].offset - from), 4);
  }
  track->tmcd_start_frame = track->tmcd_values[0];
  return TRUE;
}

static gboolean
read_tmcd_starts (ParseCtx *ctx, PrwQtMovie *movie, PrwQtReadFunc read,
                  gpointer user_data, GError **error)
{
  for (guint i = 0; i < movie->tracks->len; i++) {
    PrwQtTrack *track = g_ptr_array_index (movie->tracks, i);

    if (!is_timecode_track (track) || track->n_samples == 0)
      continue;
    if (!read_tmcd_samples (ctx, track, read, user_data, error))
      return FALSE;
  }
  return TRUE;
}

PrwQtMovie *
prw_qt_movie_parse (const gchar *path, guint64 file_size, PrwQtReadFunc read,
                    gpointer user_data, GError **error)
{
  g_autoptr (PrwQtMovie) movie = NULL;
  ParseCtx ctx = { 0 };
  guint64 pos = 0;
  gboolean have_mdat = FALSE, after_free8 = FALSE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (read != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (file_size == 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_NOT_QUICKTIME, "%s: empty file",
                 path);
    return NULL;
  }
  if (file_size < 8) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_NOT_QUICKTIME,
                 "%s: not a QuickTime movie (only %" G_GUINT64_FORMAT " bytes)",
                 path, file_size);
    return NULL;
  }

  movie = g_new0 (PrwQtMovie, 1);
  movie->path = g_strdup (path);
  movie->file_size = file_size;
  movie->tracks = g_ptr_array_new_with_free_func (track_free);

  while (pos < file_size) {
    guint8 header[16];
    guint64 left = file_size - pos, size;
    guint32 type, header_size;
    PrwQtHeaderStatus status;
    GstByteReader r;
    PrwAtom atom;

    if (left < 8) {
      g_set_error (
          error, PRW_ERROR, PRW_ERROR_CORRUPT,
          "%s: truncated file: a partial atom header of %" G_GUINT64_FORMAT
          " bytes at offset %" G_GUINT64_FORMAT,
          path, left, pos);
      return NULL;
    }
    if (!read_at (path, read, user_data, pos, header, 8, error))
      return NULL;
    gst_byte_reader_init (&r, header, 8);
    status = prw_qt_atom_header_read (&r, &atom);

    if (pos == 0 && !is_top_level_type (atom.type)) {
      gchar start[9];

      for (guint i = 0; i < 8; i++)
        start[i] = g_ascii_isprint (header[i]) ? (gchar) header[i] : '?';
      start[8] = '\0';
      g_set_error (error, PRW_ERROR, PRW_ERROR_NOT_QUICKTIME,
                   "%s: not a QuickTime movie (it starts with \"%s\", not a "
                   "QuickTime atom)",
                   path, start);
      return NULL;
    }

    if (status == PRW_QT_HEADER_PARTIAL_64) {
      /* size 1: the 64-bit size follows */
      if (left < 16) {
        g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                     "%s: truncated file: the 64-bit size of atom '%s' at "
                     "offset %" G_GUINT64_FORMAT " is cut off",
                     path, FCC (atom.type), pos);
        return NULL;
      }
      if (!read_at (path, read, user_data, pos + 8, header + 8, 8, error))
        return NULL;
      gst_byte_reader_init (&r, header, 16);
      prw_qt_atom_header_read (&r, &atom);
    }
    size = atom.size;
    type = atom.type;
    header_size = atom.header_size;

    if (size == 0) {
      /* the last atom: it extends to the end of the file */
      size = left;
    }

    if (size < header_size) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                   "%s: atom '%s' at offset %" G_GUINT64_FORMAT
                   " has size %" G_GUINT64_FORMAT
                   ", smaller than its %u-byte header",
                   path, FCC (type), pos, size, header_size);
      return NULL;
    }
    if (size > left) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                   "%s: truncated file: atom '%s' at offset %" G_GUINT64_FORMAT
                   " has size %" G_GUINT64_FORMAT
                   " but the file ends at offset %" G_GUINT64_FORMAT "%s",
                   path, FCC (type), pos, size, file_size,
                   movie->moov == NULL && type != PRW_QT_FOURCC_MOOV
                       ? " (and no movie header (moov) came before it)"
                       : "");
      return NULL;
    }

    if (type == PRW_QT_FOURCC_MOOF) {
      /* ISO 14496-12 8.8: samples in movie fragments, which this reader
       * does not read. Refused rather than counted short. */
      g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                   "%s: fragmented movie (moof at offset %" G_GUINT64_FORMAT
                   "); not supported",
                   path, pos);
      return NULL;
    }
    if (type == PRW_QT_FOURCC_MOOV) {
      if (movie->moov != NULL) {
        g_set_error (
            error, PRW_ERROR, PRW_ERROR_CORRUPT,
            "%s: a second movie header (moov) at offset %" G_GUINT64_FORMAT,
            path, pos);
        return NULL;
      }
      if (size > PRW_QT_MOOV_MAX_SIZE) {
        g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                     "%s: the movie header (moov) is %" G_GUINT64_FORMAT
                     " bytes; at most %" G_GUINT64_FORMAT " are supported",
                     path, size, PRW_QT_MOOV_MAX_SIZE);
        return NULL;
      }
      movie->moov = g_try_malloc (size);
      if (movie->moov == NULL) {
        g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                     "%s: out of memory for a %" G_GUINT64_FORMAT
                     "-byte movie header",
                     path, size);
        return NULL;
      }
      movie->moov_size = size;
      movie->moov_header_size = header_size;
      movie->moov_offset = pos;
      if (!read_at (path, read, user_data, pos, movie->moov, size, error))
        return NULL;
    } else if (type == PRW_QT_FOURCC_MDAT && !have_mdat) {
      have_mdat = TRUE;
      movie->mdat_after_free8 = after_free8;
      movie->mdat_offset = pos;
      movie->mdat_size = size;
      movie->mdat_header_size = header_size;
    }
    after_free8 = type == PRW_QT_FOURCC_FREE && size == 8;
    pos += size;
  }

  if (movie->moov == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: no movie header (moov): the file is truncated or still "
                 "being written",
                 path);
    return NULL;
  }

  ctx.path = path;
  ctx.moov = movie->moov;
  ctx.moov_offset = movie->moov_offset;
  ctx.file_size = file_size;
  if (!parse_moov (&ctx, movie, error)
      || !read_tmcd_starts (&ctx, movie, read, user_data, error))
    return NULL;

  return g_steal_pointer (&movie);
}

/* ---- files ------------------------------------------------------------- */

gboolean
prw_qt_pread (gpointer user_data, guint64 offset, guint8 *buf, gsize size,
              GError **error)
{
  int fd = GPOINTER_TO_INT (user_data);
  gssize n;

  if (offset > (guint64) G_MAXINT64) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO,
                 "offset %" G_GUINT64_FORMAT " is out of range", offset);
    return FALSE;
  }
  n = prw_fd_pread_all (fd, buf, size, offset);
  if (n < 0) {
    int saved_errno = errno;

    g_set_error (error, PRW_ERROR, prw_error_code_from_errno (saved_errno),
                 "read error at offset %" G_GUINT64_FORMAT ": %s", offset,
                 g_strerror (saved_errno));
    return FALSE;
  }
  if ((gsize) n < size) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "truncated file: it ends at offset %" G_GUINT64_FORMAT
                 " (did it shrink while being read?)",
                 offset + (guint64) n);
    return FALSE;
  }
  return TRUE;
}

PrwQtMovie *
prw_qt_movie_read_file (const gchar *path, GError **error)
{
  PrwQtMovie *movie;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* O_NONBLOCK: opening a FIFO must not hang; it is rejected below */
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    int saved_errno = errno;

    prw_set_error_from_errno (error, saved_errno, path, NULL);
    return NULL;
  }
  if (fstat (fd, &st) < 0) {
    int saved_errno = errno;

    prw_set_error_from_errno (error, saved_errno, path, NULL);
    close (fd);
    return NULL;
  }
  if (S_ISDIR (st.st_mode)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO, "%s: is a directory", path);
    close (fd);
    return NULL;
  }
  if (!S_ISREG (st.st_mode)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO, "%s: not a regular file",
                 path);
    close (fd);
    return NULL;
  }

  movie = prw_qt_movie_parse (path, (guint64) st.st_size, prw_qt_pread,
                              GINT_TO_POINTER (fd), error);
  close (fd);
  if (movie) {
    movie->have_identity = TRUE;
    movie->file_dev = (guint64) st.st_dev;
    movie->file_ino = (guint64) st.st_ino;
    movie->file_mtime_ns = prw_stat_get_mtime_ns (&st);
  }
  return movie;
}

void
prw_qt_movie_free (PrwQtMovie *movie)
{
  if (movie == NULL)
    return;
  g_free (movie->path);
  g_free (movie->moov);
  if (movie->tracks != NULL)
    g_ptr_array_unref (movie->tracks);
  g_free (movie);
}

const PrwQtTrack *
prw_qt_movie_find_track (const PrwQtMovie *movie, guint32 handler, guint *n)
{
  const PrwQtTrack *found = NULL;
  guint count = 0;

  g_return_val_if_fail (movie != NULL, NULL);

  for (guint i = 0; i < movie->tracks->len; i++) {
    const PrwQtTrack *track = g_ptr_array_index (movie->tracks, i);

    if (track->handler != handler)
      continue;
    if (found == NULL)
      found = track;
    count++;
  }
  if (n != NULL)
    *n = count;
  return found;
}

guint
prw_qt_track_field_count (const PrwQtMovie *movie, const PrwQtTrack *track)
{
  g_return_val_if_fail (movie != NULL && track != NULL, 0);

  /* read with the other extensions by parse_entry_extensions() */
  return track->handler == PRW_QT_FOURCC_VIDE ? track->fiel_count : 0;
}

gboolean
prw_qt_track_pixel_aspect (const PrwQtMovie *movie, const PrwQtTrack *track,
                           guint *h_spacing, guint *v_spacing)
{
  guint32 a, b;

  g_return_val_if_fail (movie != NULL && track != NULL, FALSE);
  g_return_val_if_fail (h_spacing != NULL && v_spacing != NULL, FALSE);

  if (track->handler != PRW_QT_FOURCC_VIDE || track->pasp_h == 0
      || track->pasp_v == 0)
    return FALSE;
  a = track->pasp_h;
  b = track->pasp_v;
  while (b != 0) {
    guint32 t = a % b;

    a = b;
    b = t;
  }
  *h_spacing = track->pasp_h / a;
  *v_spacing = track->pasp_v / a;
  return TRUE;
}

/* ---- chunks of the tracks the print copies as they are ----------------- */

gchar *
prw_qt_sound_track_label (const PrwQtTrack *track)
{
  gchar fourcc[5];

  prw_fourcc_to_string (track->format, fourcc);
  g_strchomp (fourcc);
  return g_strdup_printf ("audio track %u (%s, %u ch, %u Hz)", track->track_id,
                          fourcc, track->channels, track->sample_rate);
}

/* A reader over a full atom's payload past its version and flags (the
 * parse checked that the atom lies inside the moov). */
static void
table_reader (const PrwQtMovie *movie, const PrwAtom *atom, GstByteReader *r)
{
  gst_byte_reader_init (r, movie->moov + PRW_ATOM_PAYLOAD_OFFSET (atom),
                        (guint) PRW_ATOM_PAYLOAD_SIZE (atom));
  gst_byte_reader_skip (r, 4);
}

/* Bytes per sample-table sample of the index-th (from 1) sample
 * description of a sound track whose stsz says 1 byte per sample, as
 * num / den; FALSE with *why set when the description does not tell. */
static gboolean
sound_unit_bytes (const PrwQtMovie *movie, const PrwQtTrack *track,
                  guint32 index, guint64 *num, guint64 *den, const gchar **why)
{
  PrwAtomIter iter;
  PrwAtom entry;
  guint32 i = 0;
  const guint8 *e;
  guint version, bits, channels;

  prw_atom_iter_init (&iter, movie->moov,
                      PRW_ATOM_PAYLOAD_OFFSET (&track->stsd) + 8,
                      track->stsd.offset + track->stsd.size);
  while (prw_atom_iter_next (&iter, &entry, NULL) && ++i < index)
    ;
  *why = "its sample description cannot be read";
  if (i != index || entry.header_size != 8 || entry.size < 36)
    return FALSE;
  e = movie->moov + entry.offset;
  version = (guint) prw_qt_be (e + 16, 2);
  if (version == 1 && entry.size >= 52) {
    /* samplesPerPacket, bytesPerPacket, bytesPerFrame, bytesPerSample */
    *num = prw_qt_be (e + 44, 4);
    *den = prw_qt_be (e + 36, 4);
    *why = "its version 1 sound description gives no packet size";
    return *num > 0 && *den > 0;
  }
  if (version == 2 && entry.size >= 72) {
    /* constBytesPerAudioPacket, constLPCMFramesPerAudioPacket */
    *num = prw_qt_be (e + 64, 4);
    *den = prw_qt_be (e + 68, 4);
    *why = "its version 2 sound description has variable-size packets";
    return *num > 0 && *den > 0;
  }
  if (version != 0) {
    *why = "its sound description has an unknown version";
    return FALSE;
  }
  /* version 0: uncompressed PCM, the sample size in the format or the
   * description */
  channels = (guint) prw_qt_be (e + 24, 2);
  bits = (guint) prw_qt_be (e + 26, 2);
  switch (entry.type) {
    case PRW_FOURCC ('i', 'n', '2', '4'):
      bits = 24;
      break;
    case PRW_FOURCC ('i', 'n', '3', '2'):
    case PRW_FOURCC ('f', 'l', '3', '2'):
      bits = 32;
      break;
    case PRW_FOURCC ('f', 'l', '6', '4'):
      bits = 64;
      break;
    case PRW_FOURCC ('u', 'l', 'a', 'w'):
    case PRW_FOURCC ('a', 'l', 'a', 'w'):
      bits = 8;
      break;
    case PRW_FOURCC ('t', 'w', 'o', 's'):
    case PRW_FOURCC ('s', 'o', 'w', 't'):
    case PRW_FOURCC ('r', 'a', 'w', ' '):
    case PRW_FOURCC ('N', 'O', 'N', 'E'):
      break;
    default:
      *why = "its version 0 sound description is compressed and gives no "
             "packet size";
      return FALSE;
  }
  *num = (guint64) channels * (bits / 8);
  *den = 1;
  *why = "its version 0 sound description gives no sample size";
  return bits % 8 == 0 && *num > 0;
}

static GArray *
chunks_unsupported (const PrwQtMovie *movie, const PrwQtTrack *track,
                    GArray *chunks, GError **error, const gchar *why)
{
  g_autofree gchar *label = track->handler == PRW_QT_FOURCC_SOUN
                                ? prw_qt_sound_track_label (track)
                                : g_strdup_printf ("track %u", track->track_id);

  g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
               "%s: %s cannot be copied into the output: %s", movie->path,
               label, why);
  g_array_unref (chunks);
  return NULL;
}

GArray *
prw_qt_track_read_chunks (const PrwQtMovie *movie, const PrwQtTrack *track,
                          GError **error)
{
  gboolean co64 = track->chunk_offsets.type == PRW_QT_FOURCC_CO64;
  GstByteReader stsz, stsc, stco, stts;
  guint32 const_size = 0, n_sizes = 0, n_runs = 0, n_chunks = 0, n_times = 0;
  guint32 time_left = 0, delta = 0;
  guint64 time = 0;
  GArray *chunks = g_array_new (FALSE, FALSE, sizeof (PrwQtChunk));
  /* bytes per sample of the run's description, as num / den (sound
   * tracks whose stsz says 1) */
  guint64 num = 1, den = 1;
  guint32 num_desc = 0;

  g_return_val_if_fail (movie != NULL && track != NULL, NULL);

  if (track->stsz.type == 0 || track->stsc.type == 0 || track->stts.type == 0
      || track->chunk_offsets.type == 0)
    return chunks_unsupported (movie, track, chunks, error,
                               "it has no sample table");
  table_reader (movie, &track->stsz, &stsz);
  table_reader (movie, &track->stsc, &stsc);
  table_reader (movie, &track->chunk_offsets, &stco);
  table_reader (movie, &track->stts, &stts);
  /* the parse checked every count against its table's size */
  if (!prw_qt_get_u32 (&stsz, &const_size) || !prw_qt_get_u32 (&stsz, &n_sizes)
      || !prw_qt_get_u32 (&stsc, &n_runs) || !prw_qt_get_u32 (&stco, &n_chunks)
      || !prw_qt_get_u32 (&stts, &n_times))
    return chunks_unsupported (movie, track, chunks, error,
                               "its sample table is short");

  for (guint32 i = 0; i < n_runs; i++) {
    guint32 first = 0, per_chunk = 0, desc = 0, next;

    if (!prw_qt_get_u32 (&stsc, &first) || !prw_qt_get_u32 (&stsc, &per_chunk)
        || !prw_qt_get_u32 (&stsc, &desc))
      return chunks_unsupported (movie, track, chunks, error,
                                 "its sample-to-chunk table is short");
    next = i + 1 < n_runs ? prw_qt_peek_u32_unchecked (&stsc) : n_chunks + 1;
    if (const_size == 1 && track->handler == PRW_QT_FOURCC_SOUN
        && desc != num_desc) {
      const gchar *why = NULL;

      if (!sound_unit_bytes (movie, track, desc, &num, &den, &why))
        return chunks_unsupported (movie, track, chunks, error, why);
      num_desc = desc;
    }
    for (guint64 c = first; c < next; c++) {
      PrwQtChunk chunk = { 0 };
      guint64 left = per_chunk;

      chunk.offset = co64 ? prw_qt_get_u64_unchecked (&stco)
                          : prw_qt_get_u32_unchecked (&stco);
      chunk.start = time;
      if (const_size == 0) {
        for (guint32 j = 0; j < per_chunk; j++)
          chunk.size += prw_qt_get_u32_unchecked (&stsz);
      } else if (const_size == 1 && track->handler == PRW_QT_FOURCC_SOUN) {
        if ((per_chunk * num) % den != 0)
          return chunks_unsupported (
              movie, track, chunks, error,
              "a chunk holds part of a packet of its sample description");
        chunk.size = per_chunk * num / den;
      } else {
        chunk.size = per_chunk * (guint64) const_size;
      }
      if (chunk.offset > movie->file_size
          || chunk.size > movie->file_size - chunk.offset)
        return chunks_unsupported (movie, track, chunks, error,
                                   "a chunk of it ends past the end of the "
                                   "file");
      /* the chunk's duration: its samples' deltas (stts) */
      while (left > 0) {
        guint64 take;

        if (time_left == 0) {
          if (n_times == 0)
            break; /* the parse checked the counts agree */
          time_left = prw_qt_get_u32_unchecked (&stts);
          delta = prw_qt_get_u32_unchecked (&stts);
          n_times--;
          continue;
        }
        take = MIN (left, time_left);
        time += take * delta;
        time_left -= (guint32) take;
        left -= take;
      }
      g_array_append_val (chunks, chunk);
    }
  }
  return chunks;
}
