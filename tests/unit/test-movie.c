/* libproreswriter: QuickTime movies for the unit tests, in memory */

#include "test-movie.h"

#include <string.h>

/* ---- bytes ------------------------------------------------------------- */

void
patch32 (GByteArray *b, guint64 at, guint32 v)
{
  ck_assert_uint_le (at + 4, b->len);
  prw_qt_write_be (b->data + at, v, 4);
}

guint32
peek32 (GByteArray *b, guint64 at)
{
  return (guint32) prw_qt_be (b->data + at, 4);
}

/* "abcd" as a fourcc */
guint32
fourcc (const gchar *s)
{
  return (guint32) prw_qt_be ((const guint8 *) s, 4);
}

/* What a writer wrote, as a byte array (the writer is left empty). */
GByteArray *
writer_to_array (GstByteWriter *w)
{
  GBytes *bytes = prw_qt_writer_reset_and_get_bytes (w);

  return g_bytes_unref_to_array (bytes);
}

/* ---- the movies -------------------------------------------------------- */

/* 23.976 fps, 5 ProRes HQ frames, 01:00:00:00 on reel A001 */
Spec
default_spec (void)
{
  Spec s = { 0 };

  s.video_format = "apch";
  s.n_frames = 5;
  s.timescale = 24000;
  s.delta = 1001;
  s.n_tmcd = 1;
  s.tmcd_nframes = 24;
  s.tmcd_start = 86400; /* 1 h of 24 labels per second */
  s.reel = "A001";
  s.name_len = -1;
  return s;
}

void
image_free (Image *img)
{
  g_byte_array_unref (img->data);
  g_free (img);
}

static void
put_mvhd (GstByteWriter *w, const Spec *s, guint32 next_track_id)
{
  guint at = prw_qt_full_atom_begin (w, PRW_QT_FOURCC_MVHD, s->v1_headers, 0);

  if (s->v1_headers) {
    prw_qt_put64 (w, 0);
    prw_qt_put64 (w, 0);
    prw_qt_put32 (w, 600);
    prw_qt_put64 (w, TKHD_DURATION);
  } else {
    prw_qt_put32 (w, 0);
    prw_qt_put32 (w, 0);
    prw_qt_put32 (w, 600);
    prw_qt_put32 (w, TKHD_DURATION);
  }
  prw_qt_put32 (w, 0x10000); /* rate */
  prw_qt_put16 (w, 0x100);   /* volume */
  prw_qt_put_zeros (w, 10 + 36 + 24);
  prw_qt_put32 (w, next_track_id);
  prw_qt_atom_end (w, at);
}

guint
put_tkhd (GstByteWriter *w, const Spec *s, guint32 track_id)
{
  return prw_qt_write_tkhd (w, s->v1_headers, 0, track_id, TKHD_DURATION, 0, 0);
}

/* mdia's start: mdia, mdhd and hdlr (the caller ends mdia) */
guint
begin_mdia (GstByteWriter *w, const Spec *s, guint32 timescale,
            guint64 duration, guint32 handler)
{
  guint mdia = prw_qt_atom_begin (w, PRW_QT_FOURCC_MDIA);

  prw_qt_write_mdhd (w, s->v1_headers, timescale, duration, 0);
  prw_qt_write_hdlr (w, PRW_QT_FOURCC_MHLR, handler, "");
  return mdia;
}

/* stts with one run (or two when vfr) */
static guint
put_stts (GstByteWriter *w, guint32 count, guint32 delta, gboolean vfr)
{
  const PrwQtTimeRun runs[] = { { count - 1, delta }, { 1, delta * 2 } };
  const PrwQtTimeRun one = { count, delta };

  if (vfr && count > 1)
    return prw_qt_write_stts (w, runs, 2);
  return prw_qt_write_stts (w, &one, 1);
}

/* Video chunks: frames 0-1, 2-3, then one frame per chunk, so stsc has two
 * runs: (1, 2, 1) and (3, 1, 1). */
static guint
video_chunks (const Spec *s, const Image *img, guint64 *offsets)
{
  guint n = 0;

  for (guint i = 0; i < s->n_frames;) {
    offsets[n++] = img->frame_offset[i];
    i += n <= 2 ? 2 : 1;
  }
  return n;
}

/* A ProRes-like visual sample description with 'fiel' and 'colr'. */
static void
put_video_entry (GstByteWriter *w, const Spec *s, Image *img)
{
  guint entry, at;

  img->v_entry = entry = prw_qt_atom_begin (w, fourcc (s->video_format));
  prw_qt_put_zeros (w, 6);
  prw_qt_put16 (w, 1);        /* data reference index */
  prw_qt_put_zeros (w, 16);   /* version, revision, vendor, qualities */
  prw_qt_put16 (w, WIDTH);    /* entry offset 32 */
  prw_qt_put16 (w, HEIGHT);   /* entry offset 34 */
  prw_qt_put32 (w, 0x480000); /* 72 dpi */
  prw_qt_put32 (w, 0x480000);
  prw_qt_put32 (w, 0);      /* data size */
  prw_qt_put16 (w, 1);      /* frames per sample */
  prw_qt_put_zeros (w, 32); /* compressor name */
  prw_qt_put16 (w, 24);     /* depth */
  prw_qt_put16 (w, 0xffff); /* colour table id */
  ck_assert_uint_eq (gst_byte_writer_get_pos (w) - entry, 86);
  if (!s->no_fiel) {
    at = prw_qt_atom_begin (w, PRW_QT_FOURCC_FIEL);
    prw_qt_put8 (w, s->fiel_count != 0 ? s->fiel_count : 1);
    prw_qt_put8 (w, s->fiel_detail);
    prw_qt_atom_end (w, at);
  }
  at = prw_qt_atom_begin (w, PRW_QT_FOURCC_COLR);
  prw_qt_put32 (w, s->nclx ? PRW_QT_FOURCC_NCLX : PRW_QT_FOURCC_NCLC);
  prw_qt_put16 (w, 1);
  prw_qt_put16 (w, 2);
  prw_qt_put16 (w, 6);
  if (s->nclx)
    prw_qt_put8 (w, 0x80);
  prw_qt_atom_end (w, at);
  if (s->pasp) {
    at = prw_qt_atom_begin (w, PRW_QT_FOURCC_PASP);
    prw_qt_put32 (w, s->pasp_h);
    prw_qt_put32 (w, s->pasp_v);
    prw_qt_atom_end (w, at);
  }
  prw_qt_atom_end (w, entry);
}

static void
put_video_trak (GstByteWriter *w, const Spec *s, Image *img)
{
  const PrwQtChunkRun runs[] = { { 1, 2, 1 }, { 3, 1, 1 } };
  guint trak, mdia, minf, stbl, at;
  guint64 chunks[MAX_FRAMES];
  guint n_chunks = video_chunks (s, img, chunks);

  img->v_trak = trak = prw_qt_atom_begin (w, PRW_QT_FOURCC_TRAK);
  img->v_tkhd = put_tkhd (w, s, 1);
  if (s->video_tref_tmcd != 0) {
    guint tref = prw_qt_atom_begin (w, PRW_QT_FOURCC_TREF);
    guint kind = prw_qt_atom_begin (w, PRW_QT_FOURCC_TMCD);

    if (s->tref_short)
      gst_byte_writer_put_uint16_be (w, (guint16) s->video_tref_tmcd);
    else
      prw_qt_put32 (w, s->video_tref_tmcd);
    prw_qt_atom_end (w, kind);
    prw_qt_atom_end (w, tref);
  }
  if (s->n_edits > 0) {
    guint edts = prw_qt_atom_begin (w, PRW_QT_FOURCC_EDTS);
    guint elst = prw_qt_full_atom_begin (w, PRW_QT_FOURCC_ELST, 0, 0);

    prw_qt_put32 (w, s->n_edits);
    for (guint i = 0; i < s->n_edits; i++)
      for (guint j = 0; j < 3; j++)
        prw_qt_put32 (w, s->edits[i][j]);
    prw_qt_atom_end (w, elst);
    prw_qt_atom_end (w, edts);
  }
  mdia = begin_mdia (w, s, s->timescale, (guint64) s->n_frames * s->delta,
                     PRW_QT_FOURCC_VIDE);
  minf = prw_qt_atom_begin (w, PRW_QT_FOURCC_MINF);
  at = prw_qt_full_atom_begin (w, PRW_QT_FOURCC_VMHD, 0, 0);
  prw_qt_put_zeros (w, 8);
  prw_qt_atom_end (w, at);
  prw_qt_write_hdlr (w, PRW_QT_FOURCC_DHLR, PRW_QT_FOURCC_ALIS, "");
  if (s->video_dref) {
    guint dinf = prw_qt_atom_begin (w, PRW_QT_FOURCC_DINF);
    guint dref = prw_qt_full_atom_begin (w, PRW_QT_FOURCC_DREF, 0, 0);
    guint url;

    prw_qt_put32 (w, 1);
    url = prw_qt_full_atom_begin (w, fourcc ("url "), 0, s->video_dref_flags);
    if (s->video_dref_url != NULL)
      prw_qt_put_bytes (w, (const guint8 *) s->video_dref_url,
                        strlen (s->video_dref_url) + 1);
    prw_qt_atom_end (w, url);
    prw_qt_atom_end (w, dref);
    prw_qt_atom_end (w, dinf);
  }
  stbl = prw_qt_atom_begin (w, PRW_QT_FOURCC_STBL);

  img->v_stsd = prw_qt_stsd_begin (w, 1);
  put_video_entry (w, s, img);
  prw_qt_atom_end (w, img->v_stsd);
  img->v_stts = s->stts_runs != NULL
                    ? prw_qt_write_stts (w, s->stts_runs, s->n_stts_runs)
                    : put_stts (w, s->n_frames, s->delta, s->vfr);
  img->v_stsc = prw_qt_write_stsc (w, runs, n_chunks > 2 ? 2 : 1);
  img->v_stsz = prw_qt_write_stsz (w, 0, s->n_frames, img->frame_size);
  img->v_stco = prw_qt_write_chunk_offsets (w, chunks, n_chunks, s->co64);

  prw_qt_atom_end (w, stbl);
  prw_qt_atom_end (w, minf);
  prw_qt_atom_end (w, mdia);
  prw_qt_atom_end (w, trak);
}

/* The timecode description of s, with its reel, its odd 'name' length or
 * ffmpeg's 16-bit tail. */
static GBytes *
tmcd_stsd (const Spec *s)
{
  const PrwQtTimecodeFormat format
      = { s->tmcd_flags, s->tmcd_timescale ? s->tmcd_timescale : s->timescale,
          s->tmcd_frame_duration ? s->tmcd_frame_duration : s->delta,
          s->tmcd_nframes };
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  guint stsd = prw_qt_stsd_begin (&w, 1);
  guint entry = prw_qt_tmcd_entry_begin (&w, &format);

  if (s->reel != NULL) {
    guint name = prw_qt_write_name (&w, s->reel);

    if (s->name_len >= 0) {
      guint end = gst_byte_writer_get_pos (&w);

      gst_byte_writer_set_pos (&w, name + 8);
      prw_qt_put16 (&w, (guint16) s->name_len);
      gst_byte_writer_set_pos (&w, end);
    }
  } else if (s->tmcd_tail16) {
    prw_qt_put16 (&w, s->tmcd_tail16_value);
  }
  prw_qt_atom_end (&w, entry);
  prw_qt_atom_end (&w, stsd);
  return prw_qt_writer_reset_and_get_bytes (&w);
}

/* A timecode track with the n_tmcd_samples samples of s, in one chunk */
static void
put_tmcd_samples_trak (GstByteWriter *w, const Spec *s, Image *img,
                       guint32 track_id)
{
  g_autoptr (GBytes) stsd = tmcd_stsd (s);
  g_autofree PrwQtTimeRun *times = g_new (PrwQtTimeRun, s->n_tmcd_samples);
  const PrwQtChunkRun chunks = { 1, s->n_tmcd_samples, 1 };
  guint64 duration = 0;
  gsize stsd_size;
  const guint8 *stsd_data = g_bytes_get_data (stsd, &stsd_size);
  guint trak, mdia, minf, stbl;

  for (guint i = 0; i < s->n_tmcd_samples; i++) {
    times[i].count = 1;
    times[i].delta = s->tmcd_durations[i];
    duration += s->tmcd_durations[i];
  }
  trak = prw_qt_atom_begin (w, PRW_QT_FOURCC_TRAK);
  put_tkhd (w, s, track_id);
  mdia = begin_mdia (w, s, s->timescale, duration, PRW_QT_FOURCC_TMCD);
  minf = prw_qt_atom_begin (w, PRW_QT_FOURCC_MINF);
  stbl = prw_qt_atom_begin (w, PRW_QT_FOURCC_STBL);
  prw_qt_put_bytes (w, stsd_data, stsd_size);
  prw_qt_write_stts (w, times, s->n_tmcd_samples);
  prw_qt_write_stsc (w, &chunks, 1);
  prw_qt_write_stsz (w, 4, s->n_tmcd_samples, NULL);
  prw_qt_write_chunk_offsets (w, &img->tmcd_sample, 1, s->co64);
  prw_qt_atom_end (w, stbl);
  prw_qt_atom_end (w, minf);
  prw_qt_atom_end (w, mdia);
  prw_qt_atom_end (w, trak);
}

static void
put_tmcd_trak (GstByteWriter *w, const Spec *s, Image *img, guint32 track_id)
{
  g_autoptr (GBytes) stsd = tmcd_stsd (s);
  PrwQtTimecodeTrak t = { 0 };

  if (s->n_tmcd_samples > 0) {
    put_tmcd_samples_trak (w, s, img, track_id);
    return;
  }

  t.version = s->v1_headers;
  t.track_id = track_id;
  t.movie_duration = TKHD_DURATION;
  t.timescale = s->timescale;
  t.media_duration = (guint64) s->n_frames * s->delta;
  t.sample_offset = img->tmcd_sample;
  t.co64 = s->co64;
  t.stsd = g_bytes_get_data (stsd, &t.stsd_size);
  prw_qt_write_tmcd_trak (w, &t);
}

/* A sound sample description up to its version-specific fields: data
 * reference 1, version, revision, vendor. */
static guint
begin_sound_entry (GstByteWriter *w, guint32 format, guint16 version)
{
  guint entry = prw_qt_atom_begin (w, format);

  prw_qt_put_zeros (w, 6);
  prw_qt_put16 (w, 1);
  prw_qt_put16 (w, version);
  prw_qt_put16 (w, 0);
  prw_qt_put32 (w, 0);
  return entry;
}

/* 16-bit stereo at 48 kHz (version 0), or 6 channels at 96 kHz (version
 * 2, a 64-bit float rate) */
static void
put_sound_entry (GstByteWriter *w, const Spec *s)
{
  guint entry;

  if (s->audio == 3) {
    entry = begin_sound_entry (w, PRW_QT_FOURCC_LPCM, 2);
    prw_qt_put16 (w, 3);
    prw_qt_put16 (w, 16);
    prw_qt_put16 (w, 0xfffe);
    prw_qt_put16 (w, 0);
    prw_qt_put32 (w, 65536);
    prw_qt_put32 (w, 72);
    {
      gdouble rate = 96000.0;
      guint64 bits;

      memcpy (&bits, &rate, 8);
      prw_qt_put64 (w, bits); /* entry offset 40 */
    }
    prw_qt_put32 (w, 6); /* channels, entry offset 48 */
    prw_qt_put32 (w, 0x7f000000);
    prw_qt_put32 (w, 24);
    prw_qt_put32 (w, 0xc);
    prw_qt_put32 (w, 18);
    prw_qt_put32 (w, 1);
  } else {
    entry = begin_sound_entry (w, PRW_QT_FOURCC_SOWT, 0);
    prw_qt_put16 (w, 2);  /* channels, entry offset 24 */
    prw_qt_put16 (w, 16); /* bits */
    prw_qt_put16 (w, 0);
    prw_qt_put16 (w, 0);
    prw_qt_put32 (w, 48000u << 16); /* entry offset 32 */
  }
  prw_qt_atom_end (w, entry);
}

static void
put_sound_trak (GstByteWriter *w, const Spec *s, Image *img, guint32 track_id)
{
  const PrwQtChunkRun run = { 1, AUDIO_SAMPLES, 1 };
  guint trak, mdia, minf, stbl, stsd;

  trak = prw_qt_atom_begin (w, PRW_QT_FOURCC_TRAK);
  put_tkhd (w, s, track_id);
  mdia = begin_mdia (w, s, 48000, AUDIO_SAMPLES, PRW_QT_FOURCC_SOUN);
  minf = prw_qt_atom_begin (w, PRW_QT_FOURCC_MINF);
  stbl = prw_qt_atom_begin (w, PRW_QT_FOURCC_STBL);

  stsd = prw_qt_stsd_begin (w, 1);
  put_sound_entry (w, s);
  prw_qt_atom_end (w, stsd);
  put_stts (w, AUDIO_SAMPLES, 1, FALSE);
  prw_qt_write_stsc (w, &run, 1);
  prw_qt_write_stsz (w, AUDIO_SAMPLE_SIZE, AUDIO_SAMPLES, NULL);
  prw_qt_write_chunk_offsets (w, &img->audio_chunk, 1, s->co64);

  prw_qt_atom_end (w, stbl);
  prw_qt_atom_end (w, minf);
  prw_qt_atom_end (w, mdia);
  prw_qt_atom_end (w, trak);
}

static void
put_moov (GstByteWriter *w, const Spec *s, Image *img)
{
  guint32 id = 1;
  guint at;

  img->moov = prw_qt_atom_begin (w, PRW_QT_FOURCC_MOOV);
  img->n_moov_children = 0;
  put_mvhd (w, s, 2 + s->n_tmcd + (s->audio ? 1 : 0));
  img->moov_child_end[img->n_moov_children++] = gst_byte_writer_get_pos (w);
  if (s->video_format != NULL) {
    put_video_trak (w, s, img);
    img->moov_child_end[img->n_moov_children++] = gst_byte_writer_get_pos (w);
  }
  for (guint i = 0; i < s->n_tmcd; i++) {
    put_tmcd_trak (w, s, img, ++id);
    img->moov_child_end[img->n_moov_children++] = gst_byte_writer_get_pos (w);
  }
  if (s->audio) {
    put_sound_trak (w, s, img, ++id);
    img->moov_child_end[img->n_moov_children++] = gst_byte_writer_get_pos (w);
  }
  /* a user data atom ending in a 32-bit zero terminator */
  at = prw_qt_atom_begin (w, PRW_QT_FOURCC_UDTA);
  prw_qt_put32 (w, 0);
  prw_qt_atom_end (w, at);
  img->moov_child_end[img->n_moov_children++] = gst_byte_writer_get_pos (w);
  prw_qt_atom_end (w, img->moov);
  img->moov_size = gst_byte_writer_get_pos (w) - img->moov;
}

/* The mdat's payload: frames, then the tmcd sample, then audio. Offsets are
 * recorded from base (the payload's file offset). */
static void
put_mdat_payload (GstByteWriter *w, const Spec *s, Image *img, guint64 base)
{
  guint64 start = gst_byte_writer_get_pos (w);

  for (guint i = 0; i < s->n_frames; i++) {
    img->frame_offset[i] = base + (gst_byte_writer_get_pos (w) - start);
    img->frame_size[i] = 200 + 10 * i;
    prw_qt_put32 (w, img->frame_size[i]);
    prw_qt_put32 (w, fourcc ("icpf"));
    for (guint j = 8; j < img->frame_size[i]; j++)
      prw_qt_put8 (w, (guint8) (i * 7 + j));
  }
  img->tmcd_sample = base + (gst_byte_writer_get_pos (w) - start);
  if (s->n_tmcd_samples > 0)
    for (guint i = 0; i < s->n_tmcd_samples; i++)
      prw_qt_put32 (w, s->tmcd_values[i]);
  else
    prw_qt_put32 (w, s->tmcd_start);
  img->audio_chunk = base + (gst_byte_writer_get_pos (w) - start);
  if (s->audio)
    prw_qt_put_zeros (w, AUDIO_SAMPLES * AUDIO_SAMPLE_SIZE);
}

guint64
ftyp_size (void)
{
  return 20;
}

void
put_ftyp (GstByteWriter *w)
{
  guint at = prw_qt_atom_begin (w, PRW_QT_FOURCC_FTYP);

  prw_qt_put32 (w, PRW_QT_FOURCC_QT);
  prw_qt_put32 (w, 0);
  prw_qt_put32 (w, PRW_QT_FOURCC_QT);
  prw_qt_atom_end (w, at);
  ck_assert_uint_eq (gst_byte_writer_get_pos (w), ftyp_size ());
}

Image *
build_movie (const Spec *s)
{
  Image *img = g_new0 (Image, 1);
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  guint mdat_header = s->mdat_64 ? 16 : 8;
  guint64 moov_size = 0;

  ck_assert_uint_le (s->n_frames, MAX_FRAMES);
  put_ftyp (&w);

  if (s->moov_first) {
    /* a dry run to learn the moov's size (it does not depend on offsets) */
    g_auto (PrwQtWriter) scratch = PRW_QT_WRITER_INIT;
    g_auto (PrwQtWriter) payload = PRW_QT_WRITER_INIT;
    Image dry = { 0 };

    put_mdat_payload (&payload, s, &dry, 0);
    put_moov (&scratch, s, &dry);
    moov_size = gst_byte_writer_get_pos (&scratch);
    {
      g_auto (PrwQtWriter) ignored = PRW_QT_WRITER_INIT;

      put_mdat_payload (&ignored, s, img,
                        ftyp_size () + moov_size + (s->free8 ? 8 : 0)
                            + mdat_header);
    }
    put_moov (&w, s, img);
    ck_assert_uint_eq (img->moov_size, moov_size);
  }

  if (s->free8)
    prw_qt_atom_header_write (&w, PRW_QT_FOURCC_FREE, 8, 8);
  img->mdat = gst_byte_writer_get_pos (&w);
  prw_qt_atom_header_write (&w, PRW_QT_FOURCC_MDAT, 0, mdat_header);
  img->mdat_payload = gst_byte_writer_get_pos (&w);
  put_mdat_payload (&w, s, img, img->mdat_payload);
  img->mdat_size = gst_byte_writer_get_pos (&w) - img->mdat;
  if (s->mdat_64) {
    prw_qt_patch32 (&w, img->mdat + 8, img->mdat_size >> 32);
    prw_qt_patch32 (&w, img->mdat + 12, img->mdat_size & 0xffffffff);
  } else {
    prw_qt_patch32 (&w, img->mdat, img->mdat_size);
  }

  if (!s->moov_first)
    put_moov (&w, s, img);
  img->data = writer_to_array (&w);
  return img;
}

Image *
build_default (void)
{
  Spec s = default_spec ();

  return build_movie (&s);
}
