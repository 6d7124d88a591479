/* libproreswriter: QuickTime four-character codes and timecode flags
 * (private)
 *
 * One name for every atom type, handler and sample format the library reads
 * or writes (QuickTime File Format Specification, "Atoms"; isomp4's fourcc.h
 * keeps the same kind of table). A fourcc is the four bytes read as one
 * big-endian 32-bit value.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PRW_FOURCC(a, b, c, d)                                                 \
  (((guint32) (guint8) (a) << 24) | ((guint32) (guint8) (b) << 16)             \
   | ((guint32) (guint8) (c) << 8) | (guint32) (guint8) (d))

/* top level */
#define PRW_QT_FOURCC_FTYP PRW_FOURCC ('f', 't', 'y', 'p')
#define PRW_QT_FOURCC_MOOV PRW_FOURCC ('m', 'o', 'o', 'v')
#define PRW_QT_FOURCC_MDAT PRW_FOURCC ('m', 'd', 'a', 't')
#define PRW_QT_FOURCC_WIDE PRW_FOURCC ('w', 'i', 'd', 'e')
#define PRW_QT_FOURCC_FREE PRW_FOURCC ('f', 'r', 'e', 'e')
#define PRW_QT_FOURCC_SKIP PRW_FOURCC ('s', 'k', 'i', 'p')
#define PRW_QT_FOURCC_PNOT PRW_FOURCC ('p', 'n', 'o', 't')
#define PRW_QT_FOURCC_UUID PRW_FOURCC ('u', 'u', 'i', 'd')
#define PRW_QT_FOURCC_JUNK PRW_FOURCC ('j', 'u', 'n', 'k')
/* ftyp brand */
#define PRW_QT_FOURCC_QT PRW_FOURCC ('q', 't', ' ', ' ')

/* the movie and its tracks */
#define PRW_QT_FOURCC_MVHD PRW_FOURCC ('m', 'v', 'h', 'd')
#define PRW_QT_FOURCC_TRAK PRW_FOURCC ('t', 'r', 'a', 'k')
#define PRW_QT_FOURCC_TKHD PRW_FOURCC ('t', 'k', 'h', 'd')
#define PRW_QT_FOURCC_TREF PRW_FOURCC ('t', 'r', 'e', 'f')
#define PRW_QT_FOURCC_EDTS PRW_FOURCC ('e', 'd', 't', 's')
#define PRW_QT_FOURCC_ELST PRW_FOURCC ('e', 'l', 's', 't')
#define PRW_QT_FOURCC_UDTA PRW_FOURCC ('u', 'd', 't', 'a')
#define PRW_QT_FOURCC_MDIA PRW_FOURCC ('m', 'd', 'i', 'a')
#define PRW_QT_FOURCC_MDHD PRW_FOURCC ('m', 'd', 'h', 'd')
#define PRW_QT_FOURCC_HDLR PRW_FOURCC ('h', 'd', 'l', 'r')
#define PRW_QT_FOURCC_MINF PRW_FOURCC ('m', 'i', 'n', 'f')
#define PRW_QT_FOURCC_VMHD PRW_FOURCC ('v', 'm', 'h', 'd')
#define PRW_QT_FOURCC_GMHD PRW_FOURCC ('g', 'm', 'h', 'd')
#define PRW_QT_FOURCC_GMIN PRW_FOURCC ('g', 'm', 'i', 'n')
#define PRW_QT_FOURCC_TCMI PRW_FOURCC ('t', 'c', 'm', 'i')
#define PRW_QT_FOURCC_DINF PRW_FOURCC ('d', 'i', 'n', 'f')
#define PRW_QT_FOURCC_DREF PRW_FOURCC ('d', 'r', 'e', 'f')
/* data reference entries (in dref); 'alis' is below, with the handlers */
#define PRW_QT_FOURCC_URL PRW_FOURCC ('u', 'r', 'l', ' ')
#define PRW_QT_FOURCC_URN PRW_FOURCC ('u', 'r', 'n', ' ')
#define PRW_QT_FOURCC_RSRC PRW_FOURCC ('r', 's', 'r', 'c')

/* movie fragments (ISO 14496-12 8.8): the moov's extends atom, and the
 * top-level fragment */
#define PRW_QT_FOURCC_MVEX PRW_FOURCC ('m', 'v', 'e', 'x')
#define PRW_QT_FOURCC_MOOF PRW_FOURCC ('m', 'o', 'o', 'f')

/* the sample table */
#define PRW_QT_FOURCC_STBL PRW_FOURCC ('s', 't', 'b', 'l')
#define PRW_QT_FOURCC_STSD PRW_FOURCC ('s', 't', 's', 'd')
#define PRW_QT_FOURCC_STTS PRW_FOURCC ('s', 't', 't', 's')
#define PRW_QT_FOURCC_STSC PRW_FOURCC ('s', 't', 's', 'c')
#define PRW_QT_FOURCC_STSZ PRW_FOURCC ('s', 't', 's', 'z')
#define PRW_QT_FOURCC_STCO PRW_FOURCC ('s', 't', 'c', 'o')
#define PRW_QT_FOURCC_CTTS PRW_FOURCC ('c', 't', 't', 's')
#define PRW_QT_FOURCC_CO64 PRW_FOURCC ('c', 'o', '6', '4')

/* sample description extensions */
#define PRW_QT_FOURCC_COLR PRW_FOURCC ('c', 'o', 'l', 'r')
#define PRW_QT_FOURCC_NCLC PRW_FOURCC ('n', 'c', 'l', 'c')
#define PRW_QT_FOURCC_NCLX PRW_FOURCC ('n', 'c', 'l', 'x')
#define PRW_QT_FOURCC_FIEL PRW_FOURCC ('f', 'i', 'e', 'l')
#define PRW_QT_FOURCC_PASP PRW_FOURCC ('p', 'a', 's', 'p')
#define PRW_QT_FOURCC_NAME PRW_FOURCC ('n', 'a', 'm', 'e')

/* handler types and subtypes (hdlr) */
#define PRW_QT_FOURCC_MHLR PRW_FOURCC ('m', 'h', 'l', 'r')
#define PRW_QT_FOURCC_DHLR PRW_FOURCC ('d', 'h', 'l', 'r')
#define PRW_QT_FOURCC_VIDE PRW_FOURCC ('v', 'i', 'd', 'e')
#define PRW_QT_FOURCC_SOUN PRW_FOURCC ('s', 'o', 'u', 'n')
#define PRW_QT_FOURCC_TEXT PRW_FOURCC ('t', 'e', 'x', 't')
#define PRW_QT_FOURCC_ALIS PRW_FOURCC ('a', 'l', 'i', 's')
/* the timecode handler, sample format, tref type and gmhd child */
#define PRW_QT_FOURCC_TMCD PRW_FOURCC ('t', 'm', 'c', 'd')

/* sample formats */
#define PRW_QT_FOURCC_APCO PRW_FOURCC ('a', 'p', 'c', 'o')
#define PRW_QT_FOURCC_APCS PRW_FOURCC ('a', 'p', 'c', 's')
#define PRW_QT_FOURCC_APCN PRW_FOURCC ('a', 'p', 'c', 'n')
#define PRW_QT_FOURCC_APCH PRW_FOURCC ('a', 'p', 'c', 'h')
#define PRW_QT_FOURCC_AP4H PRW_FOURCC ('a', 'p', '4', 'h')
#define PRW_QT_FOURCC_AP4X PRW_FOURCC ('a', 'p', '4', 'x')
#define PRW_QT_FOURCC_AVC1 PRW_FOURCC ('a', 'v', 'c', '1')
#define PRW_QT_FOURCC_SOWT PRW_FOURCC ('s', 'o', 'w', 't')
#define PRW_QT_FOURCC_LPCM PRW_FOURCC ('l', 'p', 'c', 'm')

/* Flags of a timecode sample description (QuickTime File Format
 * Specification, "Timecode Sample Description"). */
#define PRW_QT_TMCD_FLAG_DROP_FRAME 0x1
#define PRW_QT_TMCD_FLAG_24_HOUR_MAX 0x2
#define PRW_QT_TMCD_FLAG_NEGATIVE_OK 0x4
#define PRW_QT_TMCD_FLAG_COUNTER 0x8

/* The flag of a data reference entry whose data is in the movie's own file
 * (QuickTime File Format Specification, "Data Reference Atoms"; ISO
 * 14496-12 8.7.2: "the media data is in the same file"). */
#define PRW_QT_DREF_FLAG_SELF 0x1

G_END_DECLS
