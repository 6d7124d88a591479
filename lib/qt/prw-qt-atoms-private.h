/* libproreswriter: bounds-checked QuickTime atom reader (private) */
#pragma once

#include <gst/base/gstbytereader.h>

#include "prw-qt-fourcc-private.h"

G_BEGIN_DECLS

/* "abcd" for messages; buf must hold 5 bytes */
const gchar *prw_fourcc_to_string (guint32 fourcc, gchar buf[5]);

/* One atom: where it is and how big, header included. Offsets are relative
 * to whatever origin the walker was given (the file, or a buffer). */
typedef struct {
  guint32 type;
  guint64 offset;
  guint64 size;
  guint32 header_size; /* 8, or 16 for a 64-bit size */
} PrwAtom;

typedef enum {
  PRW_QT_HEADER_OK,
  PRW_QT_HEADER_PARTIAL,    /* fewer than 8 bytes left */
  PRW_QT_HEADER_PARTIAL_64, /* size 1, but its 64-bit size is cut off */
} PrwQtHeaderStatus;

/* The one atom-header reader: reads the header at the reader's position
 * into atom (offset: that position; type set unless PARTIAL) and moves past
 * it. A size of 0 is returned as 0: the top level reads it as "to the end
 * of the file", a container as an error. Nothing is checked against a
 * parent here; PrwAtomIter does that. */
PrwQtHeaderStatus prw_qt_atom_header_read (GstByteReader *reader,
                                           PrwAtom *atom);

/* Walks the atoms stored in buf[start, end) (end at most G_MAXUINT). Every
 * size is checked against the region; nothing is read outside it. */
typedef struct {
  GstByteReader reader;   /* buf[0, end), at the next header */
  gboolean allow_padding; /* fewer than 8 zero bytes may end the region */
} PrwAtomIter;

void prw_atom_iter_init (PrwAtomIter *iter, const guint8 *buf, guint64 start,
                         guint64 end);
/* TRUE with *atom set; FALSE at the end of the region (error unset) or when
 * the next header is bad (error set: the reason, no file name). */
gboolean prw_atom_iter_next (PrwAtomIter *iter, PrwAtom *atom, GError **error);

/* The payload of an atom: buf + payload_offset, payload_size bytes. */
#define PRW_ATOM_PAYLOAD_OFFSET(a) ((a)->offset + (a)->header_size)
#define PRW_ATOM_PAYLOAD_SIZE(a) ((a)->size - (a)->header_size)

/* One sample (one frame, for video) of a track, in file offsets. */
typedef struct {
  guint64 offset;
  guint32 size;
} PrwSample;

typedef struct {
  guint32 track_id;
  guint32 handler;   /* hdlr subtype: 'vide', 'soun', 'tmcd', ... */
  guint32 timescale; /* mdhd */
  guint64 duration;  /* mdhd, in timescale units */
  guint32 format;    /* fourcc of the first sample description */
  guint32 n_descriptions;

  /* video */
  guint16 width;
  guint16 height;
  guint32 sample_delta; /* the one stts delta; 0 when deltas vary */
  /* the time-to-sample table (stts) at large: its smallest and largest
   * delta, the sum of every sample's delta (media time scale), and the
   * distinct deltas (the first 4 kept; more_deltas: there are others)
   * with how many samples last each, for messages */
  guint32 min_delta;
  guint32 max_delta;
  guint64 total_delta;
  guint32 n_deltas;
  guint32 deltas[4];
  guint64 delta_counts[4];
  gboolean more_deltas;
  gchar *colour; /* "nclc 1-1-1" / "nclx 9-16-9 full", or NULL */
  /* the picture extensions of a 'vide' track's first sample description
   * (QuickTime File Format, "Video sample description extensions"), the
   * first atom of each kind, as written:
   *  colr_codes: its 'colr' is nclc or nclx, whose primaries, transfer
   *    function and matrix codes are colr_primaries, colr_transfer,
   *    colr_matrix (ISO/IEC 23091-2; colour names them);
   *  fiel_count: the 'fiel' field count, 1 (progressive) or 2
   *    (interlaced); 0 without a 'fiel';
   *  fiel_detail: its field ordering: 0 for one field; for two, 1 (top
   *    field displayed first and stored first), 6 (bottom, bottom), 9
   *    (bottom displayed first, top stored first) or 14 (top displayed
   *    first, bottom stored first);
   *  pasp_h, pasp_v: the 'pasp' horizontal and vertical spacing (the
   *    pixel aspect is h:v); 0:0 without a 'pasp';
   *  has_pasp: whether there is a 'pasp' (one whose spacings are 0 too,
   *    which is no ratio) */
  gboolean colr_codes;
  guint16 colr_primaries;
  guint16 colr_transfer;
  guint16 colr_matrix;
  guint8 fiel_count;
  guint8 fiel_detail;
  guint32 pasp_h;
  guint32 pasp_v;
  gboolean has_pasp;

  /* audio */
  guint16 channels;
  guint32 sample_rate;

  /* timecode (handler 'tmcd', format 'tmcd') */
  guint32 tmcd_flags; /* PRW_QT_TMCD_FLAG_* */
  guint32 tmcd_timescale;
  guint32 tmcd_frame_duration;
  guint8 tmcd_nframes;
  gchar *reel_name;        /* from the entry's 'name' atom, or NULL */
  gint64 tmcd_start_frame; /* the first sample's value; -1 if none */
  /* every timecode sample, n_samples of each (NULL when there are none):
   * its 4-byte value (a frame number at the track's own rate) and its
   * duration from the time-to-sample table (stts), in the track's media
   * time scale (mdhd) */
  guint32 *tmcd_values;
  guint32 *tmcd_durations;

  /* edit list (edts/elst): how many edits, and the first one as written:
   * its duration in the movie's time scale (mvhd), where it starts in the
   * media (media time scale; -1 for an empty edit) and its rate (16.16).
   * any_empty: some edit is empty (media time -1). What the edits mean is
   * the model's business (prw_qt_track_presented_run). */
  guint32 n_edits;
  guint64 edit_duration;
  gint64 edit_media_time;
  guint32 edit_rate;
  gboolean edits_any_empty;
  /* the sample table has composition offsets ('ctts': frames presented in
   * another order than stored, as with B-frames); 'vide' tracks only */
  gboolean has_composition_offsets;
  /* the track reference of type 'tmcd' (tref): the ID of the timecode
   * track that labels this one, the first it lists; 0 when there is none
   * (or the reference cannot be read: it is a choice among timecode
   * tracks, never a reason to refuse a movie) */
  guint32 tref_tmcd;

  /* where things are in PrwQtMovie.moov (offsets relative to moov[0]) */
  PrwAtom trak;
  PrwAtom stsd;
  PrwAtom description; /* the first sample description, inside stsd */
  /* the sample tables (parsed handlers only; type 0 otherwise): what
   * prw_qt_track_read_chunks() reads. chunk_offsets is stco or co64. */
  PrwAtom stts;
  PrwAtom stsc;
  PrwAtom stsz;
  PrwAtom chunk_offsets;

  /* every sample, expanded from stsz/stsc/stco|co64 and checked against
   * the file's size */
  guint64 n_samples;
  PrwSample *samples;
} PrwQtTrack;

typedef struct {
  gchar *path; /* for messages only */
  guint64 file_size;
  /* the file as it was when read (prw_qt_movie_read_file only): the print
   * refuses a file that no longer matches the tables read from it */
  gboolean have_identity;
  guint64 file_dev;
  guint64 file_ino;
  gint64 file_mtime_ns;
  guint64 moov_offset; /* file offset of the moov atom */
  guint8 *moov;        /* the whole moov atom, header included */
  gsize moov_size;
  guint32 moov_header_size; /* 8, or 16 for a 64-bit size */
  guint64 mdat_offset; /* file offset of the first mdat atom (its header) */
  guint64 mdat_size;   /* its whole size, header included */
  guint32 mdat_header_size;
  /* an 8-byte free atom lies just before the mdat (qtmux's room for a
   * 64-bit size) */
  gboolean mdat_after_free8;
  guint32 movie_timescale; /* mvhd */
  guint32 next_track_id;   /* mvhd */
  GPtrArray *tracks;       /* PrwQtTrack, in file order */
} PrwQtMovie;

/* Reads size bytes at offset into buf; FALSE with error on a short read. */
typedef gboolean (*PrwQtReadFunc) (gpointer user_data, guint64 offset,
                                   guint8 *buf, gsize size, GError **error);

/* A PrwQtReadFunc over a file descriptor (GINT_TO_POINTER (fd)): pread
 * until done; a short file is PRW_ERROR_CORRUPT, other failures the code
 * prw_error_code_from_errno() gives (NO_SPACE, PERMISSION_DENIED,
 * NOT_FOUND, else IO). Messages carry no file name. */
gboolean prw_qt_pread (gpointer user_data, guint64 offset, guint8 *buf,
                       gsize size, GError **error);

/* Parses a movie through read (top-level atoms, the whole moov, the tmcd
 * sample). path is used in messages only. Errors are in PRW_ERROR and their
 * messages start with "path: ". */
PrwQtMovie *prw_qt_movie_parse (const gchar *path, guint64 file_size,
                                PrwQtReadFunc read, gpointer user_data,
                                GError **error);
/* Opens path read-only and parses it. */
PrwQtMovie *prw_qt_movie_read_file (const gchar *path, GError **error);
void prw_qt_movie_free (PrwQtMovie *movie);

/* The first track with that handler, or NULL; n counts them when not NULL. */
const PrwQtTrack *prw_qt_movie_find_track (const PrwQtMovie *movie,
                                           guint32 handler, guint *n);

/* The field count of a video track's first sample description, from its
 * 'fiel' extension (fiel_count, read by prw_qt_movie_parse()): 1
 * (progressive), 2 (interlaced), or 0 when it has none (or the track is
 * not video). */
guint prw_qt_track_field_count (const PrwQtMovie *movie,
                                const PrwQtTrack *track);

/* The pixel aspect of a video track's first sample description, from its
 * 'pasp' extension (pasp_h, pasp_v, read by prw_qt_movie_parse();
 * horizontal and vertical spacing, QuickTime File Format, "Pixel aspect
 * ratio"), in lowest terms: FALSE when it has none, or one with a zero
 * term (or the track is not video). */
gboolean prw_qt_track_pixel_aspect (const PrwQtMovie *movie,
                                    const PrwQtTrack *track, guint *h_spacing,
                                    guint *v_spacing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrwQtMovie, prw_qt_movie_free)

/* One chunk of a track: a contiguous run of its samples in the file. */
typedef struct {
  guint64 offset; /* in the file */
  guint64 size;   /* bytes */
  guint64 start;  /* media time of its first sample (mdhd time scale) */
} PrwQtChunk;

/* Every chunk of a track of movie ('soun' or 'tmcd'; any parsed track), in
 * order: where it is, how many bytes it holds, and when it starts. A
 * chunk's bytes are its samples' sizes (stsz) added up; where a sound
 * track's sample size table says 1 byte per sample, QuickTime's
 * convention for uncompressed and constant-rate sound, the sizes come
 * from the sample description ("QuickTime File Format Specification",
 * Sound Sample Descriptions): version 1, bytes per frame over samples per
 * packet; version 2, constBytesPerAudioPacket over
 * constLPCMFramesPerAudioPacket; version 0, the channels times the sample
 * size its PCM format implies. Fails with PRW_ERROR_UNSUPPORTED ("path:
 * audio track N (fmt, C ch, R Hz): reason") when the size of a chunk
 * cannot be told that way or a chunk ends past the end of the file. Returns a
 * new GArray of PrwQtChunk. */
GArray *prw_qt_track_read_chunks (const PrwQtMovie *movie,
                                  const PrwQtTrack *track, GError **error);

/* "audio track 2 (fl32, 2 ch, 48000 Hz)": a sound track as messages name
 * it, by its track ID (tkhd). */
gchar *prw_qt_sound_track_label (const PrwQtTrack *track);

/* Notes on what prw_qt_movie_parse() fills in (appended by the reader):
 *  - samples is expanded for 'vide' and 'tmcd' tracks (at most 50 million
 *    samples each). 'soun' tracks can hold hundreds of millions of PCM
 *    samples: their tables are checked the same way (counts agree, every
 *    sample inside the file) and n_samples is set, but samples is NULL.
 *    Tracks of other handlers keep n_samples 0, samples NULL, stsd zeroed;
 *    only tkhd, mdhd and hdlr are read for them.
 *  - stsd.offset / trak.offset are relative to moov[0]; the first sample
 *    description starts at stsd.offset + stsd.header_size + 8.
 *  - colour: "nclc P-T-M", "nclx P-T-M" (+ " full" when the range bit is
 *    set), or the colr type ("prof") for other kinds.
 *  - the picture extensions (colr codes, fiel, pasp) are read for 'vide'
 *    tracks only, in the one walk over the description's extensions that
 *    also reads colour; this is the library's only reader of them.
 *  - tmcd_start_frame is the first 4 bytes of the tmcd track's first sample,
 *    big-endian; -1 when the track has no samples.
 *  - tmcd_values / tmcd_durations hold every sample of a 'tmcd' track
 *    (handler and format): the first 4 bytes of each, big-endian, and its
 *    stts duration. Every sample must hold at least 4 bytes. */

G_END_DECLS
