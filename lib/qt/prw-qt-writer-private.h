/* libproreswriter: the QuickTime atom writer (private)
 *
 * Atoms are written into a growable GstByteWriter: an atom is begun (its
 * header, with the size left open) and ended (the size filled in), so a
 * container is its begin, its children and its end. The builders below
 * write the atoms the finishing step makes; tests build whole movies from
 * the same builders. Every value is big-endian, as QuickTime stores it.
 * A growable writer fails only when memory runs out, which aborts, as
 * g_malloc() does.
 */
#pragma once

#include <gst/base/gstbytewriter.h>

#include "prw-qt-fourcc-private.h"

G_BEGIN_DECLS

/* A growable GstByteWriter that frees its bytes at scope exit:
 *   g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT; */
typedef GstByteWriter PrwQtWriter;
/* as gst_byte_writer_init() leaves it */
#define PRW_QT_WRITER_INIT                                                     \
  {                                                                            \
    .owned = TRUE                                                              \
  }
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PrwQtWriter, gst_byte_writer_reset)

void prw_qt_put8 (GstByteWriter *w, guint8 v);
void prw_qt_put16 (GstByteWriter *w, guint16 v);
void prw_qt_put32 (GstByteWriter *w, guint32 v);
void prw_qt_put64 (GstByteWriter *w, guint64 v);
void prw_qt_put_zeros (GstByteWriter *w, guint n);
void prw_qt_put_bytes (GstByteWriter *w, const guint8 *data, gsize size);
/* Overwrites 4 bytes at pos (already written) without moving on. */
void prw_qt_patch32 (GstByteWriter *w, guint pos, guint32 v);

/* The writer's bytes as a GBytes; the writer is left empty, ready for
 * the next atom. */
GBytes *prw_qt_writer_reset_and_get_bytes (GstByteWriter *w);

/* An atom header: header_size 8 (a 32-bit size, which size must fit) or
 * 16 (size field 1, then the 64-bit size). */
void prw_qt_atom_header_write (GstByteWriter *w, guint32 type, guint64 size,
                               guint header_size);

/* Begins an atom with an 8-byte header; returns where it starts, for
 * prw_qt_atom_end(), which fills in its size. */
guint prw_qt_atom_begin (GstByteWriter *w, guint32 type);
void prw_qt_atom_end (GstByteWriter *w, guint at);
/* A full atom: the header, then version (8 bits) and flags (24 bits). */
guint prw_qt_full_atom_begin (GstByteWriter *w, guint32 type, guint8 version,
                              guint32 flags);

/* ---- builders: each returns where its atom starts ---------------------- */

/* tkhd: version 0 (32-bit times) or 1 (64-bit); an identity matrix;
 * width and height in pixels. */
guint prw_qt_write_tkhd (GstByteWriter *w, guint8 version, guint32 flags,
                         guint32 track_id, guint64 duration, guint width,
                         guint height);
/* mdhd; language is the packed ISO 639-2/T code (0x55c4 is "und"). */
guint prw_qt_write_mdhd (GstByteWriter *w, guint8 version, guint32 timescale,
                         guint64 duration, guint16 language);
/* hdlr: component type ('mhlr', 'dhlr'), subtype, and a name (Pascal). */
guint prw_qt_write_hdlr (GstByteWriter *w, guint32 type, guint32 subtype,
                         const gchar *name);

typedef struct {
  guint32 count;
  guint32 delta;
} PrwQtTimeRun;

typedef struct {
  guint32 first_chunk; /* from 1 */
  guint32 samples_per_chunk;
  guint32 description; /* from 1 */
} PrwQtChunkRun;

guint prw_qt_write_stts (GstByteWriter *w, const PrwQtTimeRun *runs, guint n);
guint prw_qt_write_stsc (GstByteWriter *w, const PrwQtChunkRun *runs, guint n);
/* stsz: constant_size, or 0 and count sizes */
guint prw_qt_write_stsz (GstByteWriter *w, guint32 constant_size, guint32 count,
                         const guint32 *sizes);
/* stco, or co64 when wide */
guint prw_qt_write_chunk_offsets (GstByteWriter *w, const guint64 *offsets,
                                  guint32 count, gboolean wide);

/* stsd's header and entry count; its entries follow, then prw_qt_atom_end. */
guint prw_qt_stsd_begin (GstByteWriter *w, guint32 n_entries);

/* What a timecode sample description says. */
typedef struct {
  guint32 flags; /* PRW_QT_TMCD_FLAG_* */
  guint32 timescale;
  guint32 frame_duration;
  guint8 nframes; /* labels per second */
} PrwQtTimecodeFormat;

/* A 'tmcd' sample description up to its fixed part's end (data reference
 * 1); a 'name' atom may follow, then prw_qt_atom_end. */
guint prw_qt_tmcd_entry_begin (GstByteWriter *w,
                               const PrwQtTimecodeFormat *format);
/* 'name': a 16-bit length, a 16-bit language (0: English), the bytes. */
guint prw_qt_write_name (GstByteWriter *w, const gchar *name);
/* A whole stsd holding one timecode description, with reel (may be NULL
 * or empty: no 'name'). */
guint prw_qt_write_tmcd_stsd (GstByteWriter *w,
                              const PrwQtTimecodeFormat *format,
                              const gchar *reel);

/* A timecode track with one sample (laid out as qtmux lays out its own). */
typedef struct {
  guint8 version; /* of tkhd and mdhd */
  guint32 track_id;
  guint64 movie_duration; /* tkhd, in the movie's timescale */
  guint32 timescale;      /* mdhd */
  guint64 media_duration; /* mdhd and the one stts entry */
  guint64 sample_offset;  /* the 4-byte sample, in the file */
  gboolean co64;          /* co64 even when the offset fits 32 bits */
  const guint8 *stsd;     /* the whole sample description atom */
  gsize stsd_size;
} PrwQtTimecodeTrak;

guint prw_qt_write_tmcd_trak (GstByteWriter *w, const PrwQtTimecodeTrak *t);

/* tref holding one 'tmcd' reference to track_id. */
guint prw_qt_write_tref_tmcd (GstByteWriter *w, guint32 track_id);

G_END_DECLS
