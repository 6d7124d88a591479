/* libproreswriter: the QuickTime atom writer */
#include "prw-qt-writer-private.h"

#include "prw-qt-bytes-private.h"

#include <string.h>

static void
oom (void)
{
  g_error ("out of memory writing a movie header");
}

/* The put functions, big-endian, byte by byte (prw-qt-bytes-private.h
 * says why not GstByteWriter's own). */
#define PRW_QT_DEFINE_PUT(name, type)                                          \
  void name (GstByteWriter *w, type v)                                         \
  {                                                                            \
    if (!prw_qt_writer_put_be (w, v, sizeof (type)))                           \
      oom ();                                                                  \
  }

PRW_QT_DEFINE_PUT (prw_qt_put8, guint8)
PRW_QT_DEFINE_PUT (prw_qt_put16, guint16)
PRW_QT_DEFINE_PUT (prw_qt_put32, guint32)
PRW_QT_DEFINE_PUT (prw_qt_put64, guint64)

void
prw_qt_put_zeros (GstByteWriter *w, guint n)
{
  if (!gst_byte_writer_fill (w, 0, n))
    oom ();
}

void
prw_qt_put_bytes (GstByteWriter *w, const guint8 *data, gsize size)
{
  g_return_if_fail (size <= G_MAXUINT);
  if (size == 0)
    return; /* data may be NULL then, which memcpy may not be given */
  if (!gst_byte_writer_put_data (w, data, (guint) size))
    oom ();
}

void
prw_qt_patch32 (GstByteWriter *w, guint pos, guint32 v)
{
  guint end = gst_byte_writer_get_pos (w);

  g_return_if_fail (pos + 4 <= gst_byte_writer_get_size (w));
  gst_byte_writer_set_pos (w, pos);
  prw_qt_put32 (w, v);
  gst_byte_writer_set_pos (w, end);
}

GBytes *
prw_qt_writer_reset_and_get_bytes (GstByteWriter *w)
{
  guint size = gst_byte_writer_get_size (w);
  GBytes *bytes
      = g_bytes_new_take (gst_byte_writer_reset_and_get_data (w), size);

  /* a reset writer is left unowned: make it a growable one again */
  gst_byte_writer_init (w);
  return bytes;
}

void
prw_qt_atom_header_write (GstByteWriter *w, guint32 type, guint64 size,
                          guint header_size)
{
  g_return_if_fail (header_size == 8 || header_size == 16);

  if (header_size == 16) {
    prw_qt_put32 (w, 1);
    prw_qt_put32 (w, type);
    prw_qt_put64 (w, size);
  } else {
    g_return_if_fail (size <= G_MAXUINT32);
    prw_qt_put32 (w, (guint32) size);
    prw_qt_put32 (w, type);
  }
}

guint
prw_qt_atom_begin (GstByteWriter *w, guint32 type)
{
  guint at = gst_byte_writer_get_pos (w);

  prw_qt_atom_header_write (w, type, 0, 8);
  return at;
}

void
prw_qt_atom_end (GstByteWriter *w, guint at)
{
  prw_qt_patch32 (w, at, gst_byte_writer_get_pos (w) - at);
}

guint
prw_qt_full_atom_begin (GstByteWriter *w, guint32 type, guint8 version,
                        guint32 flags)
{
  guint at = prw_qt_atom_begin (w, type);

  prw_qt_put32 (w, ((guint32) version << 24) | (flags & 0xffffff));
  return at;
}

/* A time or duration: 32-bit in version 0 headers, 64-bit in version 1. */
static void
put_time (GstByteWriter *w, guint8 version, guint64 value)
{
  if (version == 1)
    prw_qt_put64 (w, value);
  else
    prw_qt_put32 (w, (guint32) MIN (value, G_MAXUINT32));
}

guint
prw_qt_write_tkhd (GstByteWriter *w, guint8 version, guint32 flags,
                   guint32 track_id, guint64 duration, guint width,
                   guint height)
{
  static const guint32 identity[9]
      = { 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000 };
  guint at = prw_qt_full_atom_begin (w, PRW_QT_FOURCC_TKHD, version, flags);

  put_time (w, version, 0); /* creation */
  put_time (w, version, 0); /* modification */
  prw_qt_put32 (w, track_id);
  prw_qt_put32 (w, 0);
  put_time (w, version, duration);
  prw_qt_put_zeros (w, 8);
  prw_qt_put16 (w, 0); /* layer */
  prw_qt_put16 (w, 0); /* alternate group */
  prw_qt_put16 (w, 0); /* volume */
  prw_qt_put16 (w, 0);
  for (guint i = 0; i < G_N_ELEMENTS (identity); i++)
    prw_qt_put32 (w, identity[i]);
  prw_qt_put32 (w, (guint32) width << 16);
  prw_qt_put32 (w, (guint32) height << 16);
  prw_qt_atom_end (w, at);
  return at;
}

guint
prw_qt_write_mdhd (GstByteWriter *w, guint8 version, guint32 timescale,
                   guint64 duration, guint16 language)
{
  guint at = prw_qt_full_atom_begin (w, PRW_QT_FOURCC_MDHD, version, 0);

  put_time (w, version, 0); /* creation */
  put_time (w, version, 0); /* modification */
  prw_qt_put32 (w, timescale);
  put_time (w, version, duration);
  prw_qt_put16 (w, language);
  prw_qt_put16 (w, 0); /* quality */
  prw_qt_atom_end (w, at);
  return at;
}

guint
prw_qt_write_hdlr (GstByteWriter *w, guint32 type, guint32 subtype,
                   const gchar *name)
{
  guint at = prw_qt_full_atom_begin (w, PRW_QT_FOURCC_HDLR, 0, 0);
  gsize len = name ? MIN (strlen (name), 255) : 0;

  prw_qt_put32 (w, type);
  prw_qt_put32 (w, subtype);
  prw_qt_put_zeros (w, 12); /* manufacturer, flags, flags mask */
  prw_qt_put8 (w, (guint8) len);
  prw_qt_put_bytes (w, (const guint8 *) name, len);
  prw_qt_atom_end (w, at);
  return at;
}

/* A full atom holding a 32-bit count and count entries of n_fields 32-bit
 * fields each. */
static guint
write_table32 (GstByteWriter *w, guint32 type, const guint32 *fields,
               guint count, guint n_fields)
{
  guint at = prw_qt_full_atom_begin (w, type, 0, 0);

  prw_qt_put32 (w, count);
  for (gsize i = 0; i < (gsize) count * n_fields; i++)
    prw_qt_put32 (w, fields[i]);
  prw_qt_atom_end (w, at);
  return at;
}

G_STATIC_ASSERT (sizeof (PrwQtTimeRun) == 2 * sizeof (guint32));
G_STATIC_ASSERT (sizeof (PrwQtChunkRun) == 3 * sizeof (guint32));

guint
prw_qt_write_stts (GstByteWriter *w, const PrwQtTimeRun *runs, guint n)
{
  return write_table32 (w, PRW_QT_FOURCC_STTS, (const guint32 *) runs, n, 2);
}

guint
prw_qt_write_stsc (GstByteWriter *w, const PrwQtChunkRun *runs, guint n)
{
  return write_table32 (w, PRW_QT_FOURCC_STSC, (const guint32 *) runs, n, 3);
}

guint
prw_qt_write_stsz (GstByteWriter *w, guint32 constant_size, guint32 count,
                   const guint32 *sizes)
{
  guint at = prw_qt_full_atom_begin (w, PRW_QT_FOURCC_STSZ, 0, 0);

  prw_qt_put32 (w, constant_size);
  prw_qt_put32 (w, count);
  for (guint32 i = 0; constant_size == 0 && i < count; i++)
    prw_qt_put32 (w, sizes[i]);
  prw_qt_atom_end (w, at);
  return at;
}

guint
prw_qt_write_chunk_offsets (GstByteWriter *w, const guint64 *offsets,
                            guint32 count, gboolean wide)
{
  guint at = prw_qt_full_atom_begin (
      w, wide ? PRW_QT_FOURCC_CO64 : PRW_QT_FOURCC_STCO, 0, 0);

  prw_qt_put32 (w, count);
  for (guint32 i = 0; i < count; i++) {
    if (wide)
      prw_qt_put64 (w, offsets[i]);
    else
      prw_qt_put32 (w, (guint32) offsets[i]);
  }
  prw_qt_atom_end (w, at);
  return at;
}

guint
prw_qt_stsd_begin (GstByteWriter *w, guint32 n_entries)
{
  guint at = prw_qt_full_atom_begin (w, PRW_QT_FOURCC_STSD, 0, 0);

  prw_qt_put32 (w, n_entries);
  return at;
}

guint
prw_qt_tmcd_entry_begin (GstByteWriter *w, const PrwQtTimecodeFormat *format)
{
  guint at = prw_qt_atom_begin (w, PRW_QT_FOURCC_TMCD);

  prw_qt_put_zeros (w, 6);
  prw_qt_put16 (w, 1); /* data reference index */
  prw_qt_put32 (w, 0); /* reserved */
  prw_qt_put32 (w, format->flags);
  prw_qt_put32 (w, format->timescale);
  prw_qt_put32 (w, format->frame_duration);
  prw_qt_put8 (w, format->nframes);
  prw_qt_put8 (w, 0);
  return at;
}

guint
prw_qt_write_name (GstByteWriter *w, const gchar *name)
{
  guint at = prw_qt_atom_begin (w, PRW_QT_FOURCC_NAME);
  gsize len = MIN (strlen (name), G_MAXUINT16);

  prw_qt_put16 (w, (guint16) len);
  prw_qt_put16 (w, 0); /* language: English */
  prw_qt_put_bytes (w, (const guint8 *) name, len);
  prw_qt_atom_end (w, at);
  return at;
}

guint
prw_qt_write_tmcd_stsd (GstByteWriter *w, const PrwQtTimecodeFormat *format,
                        const gchar *reel)
{
  guint stsd = prw_qt_stsd_begin (w, 1);
  guint entry = prw_qt_tmcd_entry_begin (w, format);

  if (reel && *reel)
    prw_qt_write_name (w, reel);
  prw_qt_atom_end (w, entry);
  prw_qt_atom_end (w, stsd);
  return stsd;
}

/* gmhd with gmin and the timecode media information (tcmi) */
static void
write_gmhd_tmcd (GstByteWriter *w)
{
  guint gmhd = prw_qt_atom_begin (w, PRW_QT_FOURCC_GMHD);
  guint a = prw_qt_full_atom_begin (w, PRW_QT_FOURCC_GMIN, 0, 0);
  guint tmcd;

  prw_qt_put16 (w, 0x40); /* graphics mode: copy */
  prw_qt_put16 (w, 0x8000);
  prw_qt_put16 (w, 0x8000);
  prw_qt_put16 (w, 0x8000);
  prw_qt_put16 (w, 0); /* balance */
  prw_qt_put16 (w, 0);
  prw_qt_atom_end (w, a);
  tmcd = prw_qt_atom_begin (w, PRW_QT_FOURCC_TMCD);
  a = prw_qt_full_atom_begin (w, PRW_QT_FOURCC_TCMI, 0, 0);
  prw_qt_put16 (w, 0);  /* font */
  prw_qt_put16 (w, 0);  /* face */
  prw_qt_put16 (w, 12); /* size */
  prw_qt_put16 (w, 0);
  prw_qt_put_zeros (w, 6);  /* text colour */
  prw_qt_put16 (w, 0xffff); /* background colour: white */
  prw_qt_put16 (w, 0xffff);
  prw_qt_put16 (w, 0xffff);
  prw_qt_put8 (w, 0); /* font name */
  prw_qt_atom_end (w, a);
  prw_qt_atom_end (w, tmcd);
  prw_qt_atom_end (w, gmhd);
}

/* dinf with one data reference: the file itself */
static void
write_dinf_self (GstByteWriter *w)
{
  guint dinf = prw_qt_atom_begin (w, PRW_QT_FOURCC_DINF);
  guint dref = prw_qt_full_atom_begin (w, PRW_QT_FOURCC_DREF, 0, 0);

  prw_qt_put32 (w, 1);
  prw_qt_atom_end (w, prw_qt_full_atom_begin (w, PRW_QT_FOURCC_ALIS, 0, 1));
  prw_qt_atom_end (w, dref);
  prw_qt_atom_end (w, dinf);
}

guint
prw_qt_write_tmcd_trak (GstByteWriter *w, const PrwQtTimecodeTrak *t)
{
  const guint32 duration = (guint32) MIN (t->media_duration, G_MAXUINT32);
  const PrwQtTimeRun time = { 1, duration };
  const PrwQtChunkRun chunks = { 1, 1, 1 };
  guint trak, mdia, minf, stbl;

  trak = prw_qt_atom_begin (w, PRW_QT_FOURCC_TRAK);
  prw_qt_write_tkhd (w, t->version, 0x3 /* enabled, in movie */, t->track_id,
                     t->movie_duration, 0, 0);
  mdia = prw_qt_atom_begin (w, PRW_QT_FOURCC_MDIA);
  prw_qt_write_mdhd (w, t->version, t->timescale, t->media_duration, 0x55c4);
  prw_qt_write_hdlr (w, PRW_QT_FOURCC_MHLR, PRW_QT_FOURCC_TMCD,
                     "TimeCodeHandler");
  minf = prw_qt_atom_begin (w, PRW_QT_FOURCC_MINF);
  write_gmhd_tmcd (w);
  prw_qt_write_hdlr (w, PRW_QT_FOURCC_DHLR, PRW_QT_FOURCC_ALIS, NULL);
  write_dinf_self (w);
  stbl = prw_qt_atom_begin (w, PRW_QT_FOURCC_STBL);
  prw_qt_put_bytes (w, t->stsd, t->stsd_size);
  prw_qt_write_stts (w, &time, 1);
  prw_qt_write_stsc (w, &chunks, 1);
  prw_qt_write_stsz (w, 4, 1, NULL); /* a frame number: 4 bytes */
  prw_qt_write_chunk_offsets (w, &t->sample_offset, 1,
                              t->co64 || t->sample_offset > G_MAXUINT32);
  prw_qt_atom_end (w, stbl);
  prw_qt_atom_end (w, minf);
  prw_qt_atom_end (w, mdia);
  prw_qt_atom_end (w, trak);
  return trak;
}

guint
prw_qt_write_tref_tmcd (GstByteWriter *w, guint32 track_id)
{
  guint tref = prw_qt_atom_begin (w, PRW_QT_FOURCC_TREF);
  guint tmcd = prw_qt_atom_begin (w, PRW_QT_FOURCC_TMCD);

  prw_qt_put32 (w, track_id);
  prw_qt_atom_end (w, tmcd);
  prw_qt_atom_end (w, tref);
  return tref;
}
