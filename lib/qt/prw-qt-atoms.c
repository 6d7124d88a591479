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
#include "util/prw-file-identity-private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <proreswriter/proreswriter.h>

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

/* Big-endian reads, byte by byte (the atoms are not aligned). Callers have
 * checked the bounds. */
static inline guint16
rd16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

static inline guint32
rd32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8)
         | (guint32) p[3];
}

static inline guint64
rd64 (const guint8 *p)
{
  return ((guint64) rd32 (p) << 32) | rd32 (p + 4);
}

static inline gdouble
rd_double (const guint8 *p)
{
  guint64 bits = rd64 (p);
  gdouble d;

  memcpy (&d, &bits, sizeof (d));
  return d;
}

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

/* ---- the atom walker --------------------------------------------------- */

void
prw_atom_iter_init (PrwAtomIter *iter, const guint8 *buf, guint64 start,
                    guint64 end)
{
  g_return_if_fail (iter != NULL);
  g_return_if_fail (start <= end);

  iter->buf = buf;
  iter->pos = start;
  iter->end = end;
  iter->allow_padding = FALSE;
}

gboolean
prw_atom_iter_next (PrwAtomIter *iter, PrwAtom *atom, GError **error)
{
  const guint8 *p;
  guint64 left, size, pos;
  guint32 type, header_size = 8;

  g_return_val_if_fail (iter != NULL, FALSE);
  g_return_val_if_fail (atom != NULL, FALSE);

  if (iter->pos >= iter->end)
    return FALSE;

  pos = iter->pos;
  left = iter->end - pos;
  p = iter->buf + pos;
  /* On any error the walk ends. */
  iter->pos = iter->end;

  if (left < 8) {
    /* QuickTime lets a container end with a 32-bit zero terminator; where
     * the walker allows padding (after a sample description's fixed part:
     * ffmpeg ends its timecode description with 2 zero bytes), fewer than
     * 8 zero bytes end the walk too. */
    guint64 i;

    for (i = 0; i < left && p[i] == 0; i++)
      ;
    if (i == left && (left == 4 || iter->allow_padding))
      return FALSE;
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "a partial atom header of %" G_GUINT64_FORMAT
                 " bytes at offset %" G_GUINT64_FORMAT
                 ", before its parent's end at offset %" G_GUINT64_FORMAT,
                 left, pos, iter->end);
    return FALSE;
  }

  size = rd32 (p);
  type = rd32 (p + 4);

  if (size == 1) {
    if (left < 16) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                   "atom '%s' at offset %" G_GUINT64_FORMAT
                   " has a 64-bit size that runs past its parent's end at "
                   "offset %" G_GUINT64_FORMAT,
                   FCC (type), pos, iter->end);
      return FALSE;
    }
    size = rd64 (p + 8);
    header_size = 16;
  } else if (size == 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "atom '%s' at offset %" G_GUINT64_FORMAT " has size 0",
                 FCC (type), pos);
    return FALSE;
  }

  if (size < header_size) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "atom '%s' at offset %" G_GUINT64_FORMAT
                 " has size %" G_GUINT64_FORMAT
                 ", smaller than its %u-byte header",
                 FCC (type), pos, size, header_size);
    return FALSE;
  }
  if (size > left) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "atom '%s' at offset %" G_GUINT64_FORMAT
                 " has size %" G_GUINT64_FORMAT
                 " and runs past its parent's end at offset %" G_GUINT64_FORMAT,
                 FCC (type), pos, size, iter->end);
    return FALSE;
  }

  atom->type = type;
  atom->offset = pos;
  atom->size = size;
  atom->header_size = header_size;
  iter->pos = pos + size;
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

static const guint8 *
payload (ParseCtx *ctx, const PrwAtom *atom)
{
  return ctx->moov + PRW_ATOM_PAYLOAD_OFFSET (atom);
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

/* A full atom's table: version/flags(4) [extra] count(4) entries. Checks
 * count * entry_size (in 64 bits) against the payload. */
static gboolean
check_table (ParseCtx *ctx, const PrwAtom *atom, guint64 count_at,
             guint64 entry_size, guint32 *count, GError **error)
{
  guint64 have;

  if (!check_payload (ctx, atom, count_at + 4, error))
    return FALSE;
  *count = rd32 (payload (ctx, atom) + count_at);
  have = PRW_ATOM_PAYLOAD_SIZE (atom) - (count_at + 4);
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

static gboolean
parse_mvhd (ParseCtx *ctx, PrwQtMovie *movie, const PrwAtom *mvhd,
            GError **error)
{
  const guint8 *p = payload (ctx, mvhd);
  guint version;

  if (!check_payload (ctx, mvhd, 4, error))
    return FALSE;
  version = p[0];
  if (version == 0) {
    if (!check_payload (ctx, mvhd, 100, error))
      return FALSE;
    movie->movie_timescale = rd32 (p + 12);
    movie->next_track_id = rd32 (p + 96);
  } else if (version == 1) {
    if (!check_payload (ctx, mvhd, 112, error))
      return FALSE;
    movie->movie_timescale = rd32 (p + 20);
    movie->next_track_id = rd32 (p + 108);
  } else {
    set_corrupt (ctx, error, "unknown movie header (mvhd) version %u", version);
    return FALSE;
  }
  return TRUE;
}

static gboolean
parse_tkhd (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *tkhd,
            GError **error)
{
  const guint8 *p = payload (ctx, tkhd);
  guint version;

  if (!check_payload (ctx, tkhd, 4, error))
    return FALSE;
  version = p[0];
  if (version == 0) {
    if (!check_payload (ctx, tkhd, 16, error))
      return FALSE;
    track->track_id = rd32 (p + 12);
  } else if (version == 1) {
    if (!check_payload (ctx, tkhd, 24, error))
      return FALSE;
    track->track_id = rd32 (p + 20);
  } else {
    set_corrupt (ctx, error,
                 "track header (tkhd) at moov offset %" G_GUINT64_FORMAT
                 " has unknown version %u",
                 tkhd->offset, version);
    return FALSE;
  }
  return TRUE;
}

static gboolean
parse_mdhd (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *mdhd,
            GError **error)
{
  const guint8 *p = payload (ctx, mdhd);
  guint version;

  if (!check_payload (ctx, mdhd, 4, error))
    return FALSE;
  version = p[0];
  if (version == 0) {
    if (!check_payload (ctx, mdhd, 20, error))
      return FALSE;
    track->timescale = rd32 (p + 12);
    track->duration = rd32 (p + 16);
  } else if (version == 1) {
    if (!check_payload (ctx, mdhd, 32, error))
      return FALSE;
    track->timescale = rd32 (p + 20);
    track->duration = rd64 (p + 24);
  } else {
    set_corrupt (ctx, error, "unknown media header (mdhd) version %u", version);
    return FALSE;
  }
  return TRUE;
}

/* 'colr' after a visual sample description -> "nclc 1-1-1" */
static gchar *
colour_from_colr (const guint8 *p, guint64 size)
{
  guint32 type;

  if (size < 4)
    return NULL;
  type = rd32 (p);
  if (type == PRW_FOURCC ('n', 'c', 'l', 'c') && size >= 10)
    return g_strdup_printf ("nclc %u-%u-%u", rd16 (p + 4), rd16 (p + 6),
                            rd16 (p + 8));
  if (type == PRW_FOURCC ('n', 'c', 'l', 'x') && size >= 11)
    return g_strdup_printf ("nclx %u-%u-%u%s", rd16 (p + 4), rd16 (p + 6),
                            rd16 (p + 8), (p[10] & 0x80) ? " full" : "");
  return g_strdup (FCC (type));
}

/* Walks the atoms after a sample description's fixed part. */
static gboolean
parse_entry_extensions (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *entry,
                        guint64 fixed_size, GError **error)
{
  PrwAtomIter iter;
  PrwAtom atom;
  GError *walk_error = NULL;
  guint64 start = entry->offset + fixed_size, end = entry->offset + entry->size;

  /* ffmpeg ends a timecode description that has no reel name with a 16-bit
   * zero where the 'name' atom would be: zeros too short for an atom
   * header are padding, not extensions */
  prw_atom_iter_init (&iter, ctx->moov, start, end);
  iter.allow_padding = TRUE;
  while (prw_atom_iter_next (&iter, &atom, &walk_error)) {
    const guint8 *p = payload (ctx, &atom);
    guint64 size = PRW_ATOM_PAYLOAD_SIZE (&atom);

    if (atom.type == PRW_FOURCC ('c', 'o', 'l', 'r') && track->colour == NULL) {
      track->colour = colour_from_colr (p, size);
    } else if (atom.type == PRW_FOURCC ('n', 'a', 'm', 'e')
               && track->handler == PRW_FOURCC ('t', 'm', 'c', 'd')
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
      len = rd16 (p);
      if (U64 (len) > size - 4) {
        set_corrupt (
            ctx, error,
            "the timecode's 'name' atom at moov offset %" G_GUINT64_FORMAT
            " says its string is %u bytes but it "
            "holds only %" G_GUINT64_FORMAT,
            atom.offset, len, size - 4);
        return FALSE;
      }
      track->reel_name = g_strndup ((const gchar *) p + 4, len);
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

static gboolean
parse_video_entry (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *entry,
                   GError **error)
{
  const guint8 *p = ctx->moov + entry->offset;

  if (entry->header_size != 8 || entry->size < VISUAL_ENTRY_SIZE) {
    set_corrupt (
        ctx, error,
        "video sample description '%s' at moov offset %" G_GUINT64_FORMAT
        " is %" G_GUINT64_FORMAT " bytes; a visual sample description needs %u",
        FCC (entry->type), entry->offset, entry->size, VISUAL_ENTRY_SIZE);
    return FALSE;
  }
  track->width = rd16 (p + 32);
  track->height = rd16 (p + 34);
  return parse_entry_extensions (ctx, track, entry, VISUAL_ENTRY_SIZE, error);
}

static gboolean
parse_sound_entry (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *entry,
                   GError **error)
{
  const guint8 *p = ctx->moov + entry->offset;
  guint version;
  guint64 need;

  if (entry->header_size != 8 || entry->size < 36)
    goto too_small;
  version = rd16 (p + 16);
  need = version == 2 ? 72 : version == 1 ? 52 : 36;
  if (entry->size < need)
    goto too_small;

  if (version == 2) {
    gdouble rate = rd_double (p + 40);

    track->channels = (guint16) MIN (rd32 (p + 48), G_MAXUINT16);
    /* a nonsense rate is reported as 0 rather than converted */
    track->sample_rate
        = (rate >= 1.0 && rate <= 10000000.0) ? (guint32) (rate + 0.5) : 0;
  } else {
    track->channels = rd16 (p + 24);
    track->sample_rate = rd32 (p + 32) >> 16;
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
  const guint8 *p = ctx->moov + entry->offset;

  if (entry->header_size != 8 || entry->size < TMCD_ENTRY_SIZE) {
    set_corrupt (ctx, error,
                 "timecode sample description at moov offset %" G_GUINT64_FORMAT
                 " is %" G_GUINT64_FORMAT " bytes; it needs %u",
                 entry->offset, entry->size, TMCD_ENTRY_SIZE);
    return FALSE;
  }
  track->tmcd_flags = rd32 (p + 20);
  track->tmcd_timescale = rd32 (p + 24);
  track->tmcd_frame_duration = rd32 (p + 28);
  track->tmcd_nframes = p[32];
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

  track->stsd = *stsd;
  if (!check_payload (ctx, stsd, 8, error))
    return FALSE;
  track->n_descriptions = rd32 (payload (ctx, stsd) + 4);
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
  switch (track->handler) {
    case PRW_FOURCC ('v', 'i', 'd', 'e'):
      return parse_video_entry (ctx, track, &first, error);
    case PRW_FOURCC ('s', 'o', 'u', 'n'):
      return parse_sound_entry (ctx, track, &first, error);
    case PRW_FOURCC ('t', 'm', 'c', 'd'):
      if (track->format == PRW_FOURCC ('t', 'm', 'c', 'd'))
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
  const guint8 *p;
  guint32 n_entries, delta = 0;
  guint64 total = 0;
  gboolean seen = FALSE, varies = FALSE;

  if (!check_table (ctx, stts, 4, 8, &n_entries, error))
    return FALSE;
  p = payload (ctx, stts) + 8;
  for (guint32 i = 0; i < n_entries; i++, p += 8) {
    guint32 count = rd32 (p);
    guint32 d = rd32 (p + 4);

    total += count; /* at most 2^32 entries of 2^32: no overflow */
    if (count == 0)
      continue;
    if (!seen)
      delta = d;
    else if (d != delta)
      varies = TRUE;
    seen = TRUE;
  }
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

/* The sample tables of one track: checks that stsz, stsc + stco|co64 and stts
 * agree, that every sample lies inside the file, and (when store) expands
 * them into track->samples. */
static gboolean
parse_sample_tables (ParseCtx *ctx, PrwQtTrack *track, const PrwAtom *stts,
                     const PrwAtom *stsc, const PrwAtom *stsz,
                     const PrwAtom *stco, gboolean store, GError **error)
{
  gboolean co64 = stco->type == PRW_FOURCC ('c', 'o', '6', '4');
  guint32 const_size, n_sizes, n_chunks, n_runs;
  const guint8 *sizes, *chunks, *runs;
  guint64 n_samples, expanded = 0, s = 0;
  g_autofree PrwSample *samples = NULL;

  /* stsz: version/flags, sample_size, count, [sizes] */
  if (!check_payload (ctx, stsz, 12, error))
    return FALSE;
  const_size = rd32 (payload (ctx, stsz) + 4);
  if (!check_table (ctx, stsz, 8, const_size == 0 ? 4 : 0, &n_sizes, error))
    return FALSE;
  sizes = payload (ctx, stsz) + 12;
  n_samples = n_sizes;

  if (!parse_stts (ctx, track, stts, n_samples, error))
    return FALSE;

  if (!check_table (ctx, stco, 4, co64 ? 8 : 4, &n_chunks, error))
    return FALSE;
  chunks = payload (ctx, stco) + 8;

  /* stsc: runs of (first_chunk, samples_per_chunk, description index) */
  if (!check_table (ctx, stsc, 4, 12, &n_runs, error))
    return FALSE;
  runs = payload (ctx, stsc) + 8;
  if (n_runs == 0 && n_chunks != 0) {
    set_corrupt (ctx, error,
                 "the sample-to-chunk table (stsc) is empty but there are %u "
                 "chunks",
                 n_chunks);
    return FALSE;
  }
  for (guint32 i = 0; i < n_runs; i++) {
    const guint8 *r = runs + U64 (i) * 12;
    guint32 first = rd32 (r);
    guint32 desc = rd32 (r + 8);

    if ((i == 0 && first != 1) || (i > 0 && first <= rd32 (r - 12))
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
  }
  for (guint32 i = 0; i < n_runs && expanded <= n_samples; i++) {
    const guint8 *r = runs + U64 (i) * 12;
    guint64 first = rd32 (r);
    guint64 next = i + 1 < n_runs ? rd32 (r + 12) : U64 (n_chunks) + 1;

    /* (< 2^32 chunks) x (< 2^32 samples per chunk) fits 64 bits, and the
     * sum stays below n_samples + one run */
    expanded += (next - first) * rd32 (r + 4);
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

  for (guint32 i = 0; i < n_runs; i++) {
    const guint8 *r = runs + U64 (i) * 12;
    guint32 first = rd32 (r);
    guint32 per_chunk = rd32 (r + 4);
    guint64 next = i + 1 < n_runs ? rd32 (r + 12) : U64 (n_chunks) + 1;

    for (guint64 c = first; c < next; c++) {
      guint64 off
          = co64 ? rd64 (chunks + (c - 1) * 8) : rd32 (chunks + (c - 1) * 4);

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
        guint32 size = const_size ? const_size : rd32 (sizes + s * 4);

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

/* The track's edit list, if any: qtdemux plays samples through it, so only
 * a single edit from the first sample at rate 1 keeps "the n-th buffer"
 * equal to "sample n". */
static gboolean
parse_edts (ParseCtx *ctx, const PrwAtom *trak, PrwQtTrack *track,
            GError **error)
{
  PrwAtom edts, elst;
  const guint8 *p;
  guint32 count;
  gboolean v1;
  guint64 entry;
  gint64 media_time;
  guint32 rate;

  track->edits_are_identity = TRUE;
  if (!find_child (ctx, trak, 0, PRW_FOURCC ('e', 'd', 't', 's'), &edts, error))
    return FALSE;
  if (edts.type == 0)
    return TRUE;
  if (!find_child (ctx, &edts, 0, PRW_FOURCC ('e', 'l', 's', 't'), &elst,
                   error))
    return FALSE;
  if (elst.type == 0)
    return TRUE;
  if (!check_payload (ctx, &elst, 1, error))
    return FALSE;
  v1 = payload (ctx, &elst)[0] == 1;
  entry = v1 ? 20 : 12;
  if (!check_table (ctx, &elst, 4, entry, &count, error))
    return FALSE;
  track->n_edits = count;
  if (count == 0)
    return TRUE;
  p = payload (ctx, &elst) + 8;
  media_time = v1 ? (gint64) (((guint64) rd32 (p + 8) << 32) | rd32 (p + 12))
                  : (gint64) (gint32) rd32 (p + 4);
  rate = rd32 (p + entry - 4);
  track->edits_are_identity = count == 1 && media_time == 0 && rate == 0x10000;
  return TRUE;
}

static gboolean
handler_is_parsed (guint32 handler)
{
  return handler == PRW_FOURCC ('v', 'i', 'd', 'e')
         || handler == PRW_FOURCC ('s', 'o', 'u', 'n')
         || handler == PRW_FOURCC ('t', 'm', 'c', 'd');
}

static gboolean
parse_trak (ParseCtx *ctx, const PrwAtom *trak, PrwQtTrack *track,
            GError **error)
{
  PrwAtom tkhd, mdia, mdhd, hdlr, minf, stbl, stsd, stts, stsc, stsz, stco,
      co64;

  track->trak = *trak;
  track->tmcd_start_frame = -1;
  ctx->track_id = 0;

  if (!require_child (ctx, trak, PRW_FOURCC ('t', 'k', 'h', 'd'),
                      "track header", &tkhd, error)
      || !parse_tkhd (ctx, track, &tkhd, error))
    return FALSE;
  ctx->track_id = track->track_id;
  if (!parse_edts (ctx, trak, track, error))
    return FALSE;

  if (!require_child (ctx, trak, PRW_FOURCC ('m', 'd', 'i', 'a'), "media",
                      &mdia, error)
      || !require_child (ctx, &mdia, PRW_FOURCC ('m', 'd', 'h', 'd'),
                         "media header", &mdhd, error)
      || !parse_mdhd (ctx, track, &mdhd, error)
      || !find_child (ctx, &mdia, 0, PRW_FOURCC ('h', 'd', 'l', 'r'), &hdlr,
                      error))
    return FALSE;
  if (hdlr.type != 0) {
    if (!check_payload (ctx, &hdlr, 12, error))
      return FALSE;
    track->handler = rd32 (payload (ctx, &hdlr) + 8);
  }

  /* tracks of other kinds are walked no further */
  if (!handler_is_parsed (track->handler))
    return TRUE;

  if (!require_child (ctx, &mdia, PRW_FOURCC ('m', 'i', 'n', 'f'),
                      "media information", &minf, error)
      || !require_child (ctx, &minf, PRW_FOURCC ('s', 't', 'b', 'l'),
                         "sample table", &stbl, error)
      || !require_child (ctx, &stbl, PRW_FOURCC ('s', 't', 's', 'd'),
                         "sample description", &stsd, error)
      || !parse_stsd (ctx, track, &stsd, error)
      || !require_child (ctx, &stbl, PRW_FOURCC ('s', 't', 't', 's'),
                         "time-to-sample", &stts, error)
      || !require_child (ctx, &stbl, PRW_FOURCC ('s', 't', 's', 'c'),
                         "sample-to-chunk", &stsc, error)
      || !require_child (ctx, &stbl, PRW_FOURCC ('s', 't', 's', 'z'),
                         "sample size", &stsz, error)
      || !find_child (ctx, &stbl, 0, PRW_FOURCC ('s', 't', 'c', 'o'), &stco,
                      error)
      || !find_child (ctx, &stbl, 0, PRW_FOURCC ('c', 'o', '6', '4'), &co64,
                      error))
    return FALSE;

  if ((stco.type == 0) == (co64.type == 0)) {
    set_corrupt (ctx, error,
                 "the sample table at moov offset %" G_GUINT64_FORMAT
                 " has %s chunk offset table (stco/co64)",
                 stbl.offset, stco.type == 0 ? "no" : "more than one");
    return FALSE;
  }

  /* audio tracks can hold hundreds of millions of (PCM) samples: they are
   * checked but not expanded */
  return parse_sample_tables (
      ctx, track, &stts, &stsc, &stsz, stco.type ? &stco : &co64,
      track->handler != PRW_FOURCC ('s', 'o', 'u', 'n'), error);
}

static void
track_free (gpointer data)
{
  PrwQtTrack *track = data;

  g_free (track->colour);
  g_free (track->reel_name);
  g_free (track->samples);
  g_free (track);
}

static gboolean
parse_moov (ParseCtx *ctx, PrwQtMovie *movie, GError **error)
{
  PrwAtom moov = { 0 }, mvhd, atom;
  PrwAtomIter iter;
  GError *walk_error = NULL;

  moov.type = PRW_FOURCC ('m', 'o', 'o', 'v');
  moov.offset = 0;
  moov.size = movie->moov_size;
  moov.header_size = rd32 (movie->moov) == 1 ? 16 : 8;

  if (!require_child (ctx, &moov, PRW_FOURCC ('m', 'v', 'h', 'd'),
                      "movie header", &mvhd, error)
      || !parse_mvhd (ctx, movie, &mvhd, error))
    return FALSE;

  prw_atom_iter_init (&iter, movie->moov, moov.header_size, moov.size);
  while (prw_atom_iter_next (&iter, &atom, &walk_error)) {
    PrwQtTrack *track;

    if (atom.type != PRW_FOURCC ('t', 'r', 'a', 'k'))
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
    PRW_FOURCC ('f', 't', 'y', 'p'), PRW_FOURCC ('m', 'o', 'o', 'v'),
    PRW_FOURCC ('m', 'd', 'a', 't'), PRW_FOURCC ('w', 'i', 'd', 'e'),
    PRW_FOURCC ('f', 'r', 'e', 'e'), PRW_FOURCC ('s', 'k', 'i', 'p'),
    PRW_FOURCC ('p', 'n', 'o', 't'), PRW_FOURCC ('u', 'u', 'i', 'd'),
    PRW_FOURCC ('j', 'u', 'n', 'k'),
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (types[i] == type)
      return TRUE;
  return FALSE;
}

static gboolean
read_tmcd_starts (ParseCtx *ctx, PrwQtMovie *movie, PrwQtReadFunc read,
                  gpointer user_data, GError **error)
{
  for (guint i = 0; i < movie->tracks->len; i++) {
    PrwQtTrack *track = g_ptr_array_index (movie->tracks, i);
    guint8 buf[4];

    if (track->handler != PRW_FOURCC ('t', 'm', 'c', 'd')
        || track->format != PRW_FOURCC ('t', 'm', 'c', 'd')
        || track->n_samples == 0)
      continue;
    if (track->samples[0].size < 4) {
      ctx->track_id = track->track_id;
      set_corrupt (ctx, error,
                   "the first timecode sample is %u bytes; a frame number "
                   "needs 4",
                   track->samples[0].size);
      return FALSE;
    }
    if (!read_at (ctx->path, read, user_data, track->samples[0].offset, buf, 4,
                  error))
      return FALSE;
    track->tmcd_start_frame = rd32 (buf);
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
  gboolean have_mdat = FALSE;

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
    guint32 type, header_size = 8;

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
    size = rd32 (header);
    type = rd32 (header + 4);

    if (pos == 0 && !is_top_level_type (type)) {
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

    if (size == 1) {
      if (left < 16) {
        g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                     "%s: truncated file: the 64-bit size of atom '%s' at "
                     "offset %" G_GUINT64_FORMAT " is cut off",
                     path, FCC (type), pos);
        return NULL;
      }
      if (!read_at (path, read, user_data, pos + 8, header + 8, 8, error))
        return NULL;
      size = rd64 (header + 8);
      header_size = 16;
    } else if (size == 0) {
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
                   movie->moov == NULL
                           && type != PRW_FOURCC ('m', 'o', 'o', 'v')
                       ? " (and no movie header (moov) came before it)"
                       : "");
      return NULL;
    }

    if (type == PRW_FOURCC ('m', 'o', 'o', 'v')) {
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
      movie->moov_offset = pos;
      if (!read_at (path, read, user_data, pos, movie->moov, size, error))
        return NULL;
    } else if (type == PRW_FOURCC ('m', 'd', 'a', 't') && !have_mdat) {
      have_mdat = TRUE;
      movie->mdat_offset = pos;
      movie->mdat_size = size;
      movie->mdat_header_size = header_size;
    }
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

  while (size > 0) {
    ssize_t n;

    if (offset > (guint64) G_MAXINT64) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_IO,
                   "offset %" G_GUINT64_FORMAT " is out of range", offset);
      return FALSE;
    }
    n = pread (fd, buf, MIN (size, (gsize) G_MAXSSIZE), (off_t) offset);
    if (n < 0) {
      int saved_errno = errno;

      if (saved_errno == EINTR)
        continue;
      g_set_error (error, PRW_ERROR, PRW_ERROR_IO,
                   "read error at offset %" G_GUINT64_FORMAT ": %s", offset,
                   g_strerror (saved_errno));
      return FALSE;
    }
    if (n == 0) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                   "truncated file: it ends at offset %" G_GUINT64_FORMAT
                   " (did it shrink while being read?)",
                   offset);
      return FALSE;
    }
    buf += n;
    size -= (gsize) n;
    offset += (guint64) n;
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

    g_set_error (error, PRW_ERROR, PRW_ERROR_IO, "%s: %s", path,
                 g_strerror (saved_errno));
    return NULL;
  }
  if (fstat (fd, &st) < 0) {
    int saved_errno = errno;

    g_set_error (error, PRW_ERROR, PRW_ERROR_IO, "%s: %s", path,
                 g_strerror (saved_errno));
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
