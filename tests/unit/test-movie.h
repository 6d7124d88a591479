/* libproreswriter: QuickTime movies for the unit tests, in memory
 *
 * Made with the library's own atom writer (lib/qt/prw-qt-writer.c): ftyp,
 * mdat with fake ProRes frames and a 4-byte tmcd sample, moov with mvhd, a
 * 'vide' track, 'tmcd' tracks and optionally a 'soun' track. Every field's
 * place is recorded, so tests expect values from the writer's inputs and
 * records, never from the reader, and corrupt a movie by patching them.
 */
#pragma once

#include <check.h>

#include "prw-media-info-private.h"
#include "qt/prw-qt-bytes-private.h"
#include "qt/prw-qt-writer-private.h"

#define MAX_FRAMES 16

typedef struct {
  const gchar *video_format; /* NULL: no video track */
  guint n_frames;
  guint32 timescale;
  guint32 delta;
  gboolean vfr; /* the last frame lasts twice as long */
  guint n_tmcd;
  guint32 tmcd_flags;
  guint8 tmcd_nframes;
  guint32 tmcd_timescale;      /* 0: the video's timescale */
  guint32 tmcd_frame_duration; /* 0: the video's delta */
  guint32 tmcd_start;
  const gchar *reel;    /* NULL: no 'name' atom */
  gint name_len;        /* the 'name' string length written; -1: the real one */
  gboolean tmcd_tail16; /* no reel: a 16-bit value in its place, ... */
  guint16 tmcd_tail16_value; /* ... 0 as ffmpeg writes it */
  guint audio;               /* 0: none; 1: sound description v0; 3: v2 */
  gboolean moov_first;
  gboolean mdat_64;    /* mdat with a 64-bit size */
  gboolean co64;       /* 64-bit chunk offsets */
  gboolean v1_headers; /* mvhd, tkhd and mdhd version 1 */
  gboolean nclx;       /* 'colr' of type nclx, full range */
  /* the video description's 'fiel': none when no_fiel, else fiel_count
   * and fiel_detail (0 0: 1 0, progressive); its 'pasp', after 'colr',
   * when pasp, with these spacings */
  gboolean no_fiel;
  guint8 fiel_count;
  guint8 fiel_detail;
  gboolean pasp;
  guint32 pasp_h;
  guint32 pasp_v;
  gboolean free8; /* an 8-byte free atom before mdat (qtmux's room for a
                   * 64-bit size) */
  /* the video track's data references (minf/dinf/dref): none when FALSE;
   * else one 'url ' entry with these flags (1: the movie itself) and, when
   * not NULL, this URL */
  gboolean video_dref;
  guint32 video_dref_flags;
  const gchar *video_dref_url;
  /* the video's time-to-sample runs, when not NULL (else n_frames of
   * delta, see vfr); their counts must add up to n_frames */
  const PrwQtTimeRun *stts_runs;
  guint n_stts_runs;
  /* the video track's edit list, when n_edits > 0: (duration in the
   * movie's 600 time scale, media time (-1 as 0xffffffff), rate 16.16) */
  const guint32 (*edits)[3];
  guint n_edits;
  /* the timecode track's samples, when n_tmcd_samples > 0 (else one,
   * tmcd_start, lasting the video's duration): their values and their
   * durations (time-to-sample, in the video's time scale), stored one
   * after the other in one chunk */
  const guint32 *tmcd_values;
  const guint32 *tmcd_durations;
  guint n_tmcd_samples;
  /* the video track's reference to its timecode track (tref 'tmcd'):
   * none when 0, else this track ID; tref_short: only its first 2 bytes
   * (a malformed reference) */
  guint32 video_tref_tmcd;
  gboolean tref_short;
} Spec;

#define AUDIO_SAMPLES 100
#define AUDIO_SAMPLE_SIZE 4
#define WIDTH 1920
#define HEIGHT 1080
/* every track header says this duration (in the movie's 600 timescale) */
#define TKHD_DURATION 1234

/* What the writer wrote, and where (file offsets). */
typedef struct {
  GByteArray *data;
  guint64 moov, moov_size, mdat, mdat_size, mdat_payload;
  guint64 moov_child_end[8]; /* where each child of moov ends */
  guint n_moov_children;
  guint64 frame_offset[MAX_FRAMES];
  guint32 frame_size[MAX_FRAMES];
  guint64 tmcd_sample;
  guint64 audio_chunk;
  /* the video track's atoms */
  guint64 v_trak, v_tkhd, v_stsd, v_entry, v_stts, v_stsc, v_stsz, v_stco;
} Image;

void image_free (Image *img);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Image, image_free)

/* 23.976 fps, 5 ProRes HQ frames, 01:00:00:00 on reel A001 */
Spec default_spec (void);
Image *build_movie (const Spec *s);
Image *build_default (void);

void patch32 (GByteArray *b, guint64 at, guint32 v);
guint32 peek32 (GByteArray *b, guint64 at);
/* "abcd" as a fourcc */
guint32 fourcc (const gchar *s);
/* What a writer wrote, as a byte array (the writer is left empty). */
GByteArray *writer_to_array (GstByteWriter *w);

/* Pieces of the movies, for tests that build their own. */
guint put_tkhd (GstByteWriter *w, const Spec *s, guint32 track_id);
/* mdia's start: mdia, mdhd and hdlr (the caller ends mdia) */
guint begin_mdia (GstByteWriter *w, const Spec *s, guint32 timescale,
                  guint64 duration, guint32 handler);
guint64 ftyp_size (void);
void put_ftyp (GstByteWriter *w);
