/* libproreswriter: big-endian fields on a GstByteReader / GstByteWriter
 * (private)
 *
 * GStreamer's own getters and putters (gst_byte_reader_get_uint32_be and
 * the rest) load and store whole words at whatever address the field is
 * on, where the CPU allows it (GST_HAVE_UNALIGNED_ACCESS, x86). Atom fields
 * are rarely aligned, and such an access is undefined behaviour in C
 * (UBSan reports it). These take the field's bytes from the reader (so its
 * position and bounds stay GStreamer's) and assemble the value byte by
 * byte; compilers make that one load and a byte swap where it is safe.
 *
 * The _unchecked forms need as many bytes remaining as they read (the
 * caller checked); the others return FALSE, reading nothing, when fewer
 * remain.
 */
#pragma once

#include <gst/base/gstbytereader.h>
#include <gst/base/gstbytewriter.h>

G_BEGIN_DECLS

static inline guint64
prw_qt_be (const guint8 *p, guint n)
{
  guint64 v = 0;

  for (guint i = 0; i < n; i++)
    v = (v << 8) | p[i];
  return v;
}

static inline guint16
prw_qt_get_u16_unchecked (GstByteReader *r)
{
  return (guint16) prw_qt_be (gst_byte_reader_get_data_unchecked (r, 2), 2);
}

static inline guint32
prw_qt_get_u32_unchecked (GstByteReader *r)
{
  return (guint32) prw_qt_be (gst_byte_reader_get_data_unchecked (r, 4), 4);
}

static inline guint64
prw_qt_get_u64_unchecked (GstByteReader *r)
{
  return prw_qt_be (gst_byte_reader_get_data_unchecked (r, 8), 8);
}

static inline guint16
prw_qt_peek_u16_unchecked (const GstByteReader *r)
{
  return (guint16) prw_qt_be (gst_byte_reader_peek_data_unchecked (r), 2);
}

static inline guint32
prw_qt_peek_u32_unchecked (const GstByteReader *r)
{
  return (guint32) prw_qt_be (gst_byte_reader_peek_data_unchecked (r), 4);
}

static inline gboolean
prw_qt_get_u32 (GstByteReader *r, guint32 *v)
{
  if (gst_byte_reader_get_remaining (r) < 4)
    return FALSE;
  *v = prw_qt_get_u32_unchecked (r);
  return TRUE;
}

static inline gboolean
prw_qt_get_u64 (GstByteReader *r, guint64 *v)
{
  if (gst_byte_reader_get_remaining (r) < 8)
    return FALSE;
  *v = prw_qt_get_u64_unchecked (r);
  return TRUE;
}

/* Stores the n low bytes of v at p, most significant first. */
static inline void
prw_qt_write_be (guint8 *p, guint64 v, guint n)
{
  for (guint i = 0; i < n; i++)
    p[i] = (guint8) (v >> (8 * (n - 1 - i)));
}

/* Appends the n low bytes of v, most significant first. */
static inline gboolean
prw_qt_writer_put_be (GstByteWriter *w, guint64 v, guint n)
{
  guint8 b[8];

  prw_qt_write_be (b, v, n);
  return gst_byte_writer_put_data (w, b, n);
}

G_END_DECLS
