/* libproreswriter: unit tests of prw_qt_finish()
 *
 * Each test makes a movie as qtmux lays one out (ftyp, an 8-byte free, the
 * media data, then the moov) in memory with the library's writer
 * (test-movie.c), writes it to a temporary file (with the copy sink's holes
 * where a test wants them), finishes it through its descriptor and reads
 * the result back with the library's reader. Expected values come from the
 * movie's records and the facts given, never from the finish.
 */

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "test-movie.h"

/* a big-endian 32-bit field at any address */
#define PEEK32(p) ((guint32) prw_qt_be ((const guint8 *) (p), 4))

#define NAME "/out/finished.mov"

/* ---- inputs ------------------------------------------------------------ */

/* qtmux's movie: default_spec() with qtmux's reel name and flags */
static Spec
muxed_spec (void)
{
  Spec s = default_spec ();

  s.reel = "Tape";
  s.free8 = TRUE;
  return s;
}

/* The base's video sample description: ProRes 4444 with colour 9-16-9,
 * field order, pixel aspect, and data reference 7 (the output has one). */
static GBytes *
base_description (void)
{
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  guint entry = prw_qt_atom_begin (&w, PRW_QT_FOURCC_APCH);
  guint at;

  prw_qt_put_zeros (&w, 6);
  prw_qt_put16 (&w, 7); /* data reference index */
  prw_qt_put_zeros (&w, 16);
  prw_qt_put16 (&w, 3840);
  prw_qt_put16 (&w, 2160);
  prw_qt_put32 (&w, 0x480000);
  prw_qt_put32 (&w, 0x480000);
  prw_qt_put32 (&w, 0);
  prw_qt_put16 (&w, 1);
  prw_qt_put_zeros (&w, 32);
  prw_qt_put16 (&w, 24);
  prw_qt_put16 (&w, 0xffff);
  at = prw_qt_atom_begin (&w, PRW_QT_FOURCC_COLR);
  prw_qt_put32 (&w, PRW_QT_FOURCC_NCLC);
  prw_qt_put16 (&w, 9);
  prw_qt_put16 (&w, 16);
  prw_qt_put16 (&w, 9);
  prw_qt_atom_end (&w, at);
  at = prw_qt_atom_begin (&w, PRW_QT_FOURCC_FIEL);
  prw_qt_put8 (&w, 2);
  prw_qt_put8 (&w, 9);
  prw_qt_atom_end (&w, at);
  at = prw_qt_atom_begin (&w, fourcc ("pasp"));
  prw_qt_put32 (&w, 1);
  prw_qt_put32 (&w, 1);
  prw_qt_atom_end (&w, at);
  prw_qt_atom_end (&w, entry);
  return prw_qt_writer_reset_and_get_bytes (&w);
}

/* The facts of a 5-frame 23.976 base at 01:00:00:00 on reel A001. */
static PrwQtFinishFacts
base_facts (GBytes *description)
{
  PrwQtFinishFacts facts = { 0 };

  facts.video_description
      = g_bytes_get_data (description, &facts.video_description_size);
  facts.start_frame = 86400;
  facts.nominal_fps = 24;
  facts.reel_name = "A001";
  facts.rate_num = 24000;
  facts.rate_den = 1001;
  facts.n_frames = 5;
  return facts;
}

/* ---- running it -------------------------------------------------------- */

typedef struct {
  gchar *path;
  int fd;
} TmpFile;

static void
tmp_file_free (TmpFile *t)
{
  if (t->fd >= 0)
    close (t->fd);
  g_unlink (t->path);
  g_free (t->path);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmpFile, tmp_file_free)

static void
pwrite_or_fail (int fd, const guint8 *buf, gsize size, guint64 offset)
{
  ck_assert_int_eq (pwrite (fd, buf, size, offset), (gssize) size);
}

/* img's bytes in a new temporary file, each run after a shift moved on by
 * its shift: the holes the copy sink leaves. */
static TmpFile *
tmp_file_with_holes (Image *img, const PrwShift *shifts, guint n)
{
  TmpFile *t = g_new0 (TmpFile, 1);
  guint64 from = 0, shift = 0;

  t->fd = g_file_open_tmp ("prw-finish-XXXXXX.mov", &t->path, NULL);
  ck_assert_int_ge (t->fd, 0);
  for (guint i = 0; i <= n; i++) {
    guint64 to = i < n ? shifts[i].logical : img->data->len;

    pwrite_or_fail (t->fd, img->data->data + from, to - from, from + shift);
    if (i < n) {
      from = shifts[i].logical;
      shift = shifts[i].shift;
    }
  }
  return t;
}

static gboolean
finish (TmpFile *t, const PrwQtFinishFacts *facts, const PrwShift *shifts,
        guint n, GError **error)
{
  gboolean ok = prw_qt_finish (t->fd, NAME, facts, shifts, n, error);

  /* the descriptor is the caller's: still open */
  ck_assert_int_ge (fcntl (t->fd, F_GETFD), 0);
  return ok;
}

/* Finishes img (with holes) and reads the result. */
static PrwQtMovie *
finish_and_read (TmpFile *t, const PrwQtFinishFacts *facts,
                 const PrwShift *shifts, guint n)
{
  g_autoptr (GError) error = NULL;
  PrwQtMovie *movie;

  ck_assert_msg (finish (t, facts, shifts, n, &error), "%s",
                 error ? error->message : "");
  movie = prw_qt_movie_read_file (t->path, &error);
  ck_assert_msg (movie != NULL, "%s", error ? error->message : "");
  return movie;
}

static guint32
file_u32 (TmpFile *t, guint64 offset)
{
  guint8 b[4];

  ck_assert_int_eq (pread (t->fd, b, 4, offset), 4);
  return PEEK32 (b);
}

/* The atom of type found by walking down from parent through the
 * containers on the way (trak, mdia, minf, stbl, tref, edts). */
static gboolean
find_atom (const PrwQtMovie *movie, const PrwAtom *parent, guint32 type,
           PrwAtom *found)
{
  PrwAtomIter iter;
  PrwAtom atom;

  prw_atom_iter_init (&iter, movie->moov, PRW_ATOM_PAYLOAD_OFFSET (parent),
                      parent->offset + parent->size);
  while (prw_atom_iter_next (&iter, &atom, NULL)) {
    if (atom.type == type) {
      *found = atom;
      return TRUE;
    }
    if ((atom.type == PRW_QT_FOURCC_MDIA || atom.type == PRW_QT_FOURCC_MINF
         || atom.type == PRW_QT_FOURCC_STBL || atom.type == PRW_QT_FOURCC_TREF)
        && find_atom (movie, &atom, type, found))
      return TRUE;
  }
  return FALSE;
}

/* The 32-bit field at byte at of the payload of track's atom of type. */
static guint32
track_field (const PrwQtMovie *movie, const PrwQtTrack *track, guint32 type,
             guint at)
{
  PrwAtom atom;

  ck_assert_msg (find_atom (movie, &track->trak, type, &atom), "no '%s'",
                 prw_fourcc_to_string (type, (gchar[5]){ 0 }));
  ck_assert_uint_le (at + 4, PRW_ATOM_PAYLOAD_SIZE (&atom));
  return PEEK32 (movie->moov + PRW_ATOM_PAYLOAD_OFFSET (&atom) + at);
}

static const PrwQtTrack *
track_of (const PrwQtMovie *movie, guint32 handler)
{
  guint n;
  const PrwQtTrack *track = prw_qt_movie_find_track (movie, handler, &n);

  ck_assert_uint_eq (n, 1);
  return track;
}

/* One test's movie: the muxer's (spec, then img), the base's facts, the
 * file it is finished in and what the reader makes of the result. */
typedef struct {
  Spec spec;
  Image *img;
  GBytes *desc;
  PrwQtFinishFacts facts;
  TmpFile *t;
  PrwQtMovie *movie;
} Case;

/* A 23.976 muxed movie and base; change spec and facts, then build. */
static void
case_init (Case *c)
{
  c->spec = muxed_spec ();
  c->desc = base_description ();
  c->facts = base_facts (c->desc);
}

static Image *
case_build (Case *c)
{
  return c->img = build_movie (&c->spec);
}

/* Writes the movie with holes, finishes it and reads the result. */
static const PrwQtMovie *
case_finish (Case *c, const PrwShift *shifts, guint n)
{
  c->t = tmp_file_with_holes (c->img, shifts, n);
  return c->movie = finish_and_read (c->t, &c->facts, shifts, n);
}

static void
case_clear (Case *c)
{
  g_clear_pointer (&c->movie, prw_qt_movie_free);
  g_clear_pointer (&c->t, tmp_file_free);
  g_clear_pointer (&c->img, image_free);
  g_clear_pointer (&c->desc, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Case, case_clear)

/* ---- the steps --------------------------------------------------------- */

/* The video sample description becomes the base's, byte for byte, but for
 * its data reference (the output's one); frames stay where they are. */
START_TEST (test_video_description)
{
  g_auto (Case) c = { 0 };
  const PrwQtMovie *movie;
  const PrwQtTrack *video;
  const guint8 *in, *out;
  Image *img;
  gsize size;

  case_init (&c);
  img = case_build (&c);
  movie = case_finish (&c, NULL, 0);
  video = track_of (movie, PRW_QT_FOURCC_VIDE);
  out = movie->moov + video->description.offset;
  in = g_bytes_get_data (c.desc, &size);

  ck_assert_uint_eq (video->n_descriptions, 1);
  ck_assert_uint_eq (video->description.size, size);
  ck_assert (memcmp (out, in, 14) == 0);
  ck_assert_uint_eq ((guint16) prw_qt_be (out + 14, 2), 1);
  ck_assert (memcmp (out + 16, in + 16, size - 16) == 0);
  ck_assert_uint_eq (video->width, 3840);
  ck_assert_str_eq (video->colour, "nclc 9-16-9");

  ck_assert_uint_eq (video->n_samples, c.spec.n_frames);
  for (guint i = 0; i < c.spec.n_frames; i++) {
    ck_assert_uint_eq (video->samples[i].offset, img->frame_offset[i]);
    ck_assert_uint_eq (video->samples[i].size, img->frame_size[i]);
  }
  /* the media data did not move or grow; the moov ends the file */
  ck_assert_uint_eq (movie->mdat_offset, img->mdat);
  ck_assert_uint_eq (movie->mdat_size, img->mdat_size);
  ck_assert_uint_eq (movie->moov_offset, img->moov);
  ck_assert_uint_eq (movie->moov_offset + movie->moov_size, movie->file_size);
}
END_TEST

/* qtmux's timecode description gets the base's drop flag and reel; its
 * timing stays; its sample becomes the base's start frame. */
START_TEST (test_timecode_description)
{
  g_auto (Case) c = { 0 };
  const PrwQtMovie *movie;
  const PrwQtTrack *tmcd;
  Image *img;

  case_init (&c);
  /* 29.97 drop frame, which qtmux wrote as non-drop from frame 0 */
  c.spec.timescale = 30000;
  c.spec.delta = 1001;
  c.spec.tmcd_nframes = 30;
  c.spec.tmcd_start = 0;
  c.facts.drop_frame = TRUE;
  c.facts.nominal_fps = 30;
  c.facts.start_frame = 107892; /* 01:00:00;00 */
  c.facts.rate_num = 30000;
  img = case_build (&c);
  movie = case_finish (&c, NULL, 0);

  tmcd = track_of (movie, PRW_QT_FOURCC_TMCD);
  ck_assert_uint_eq (tmcd->tmcd_flags, PRW_QT_TMCD_FLAG_DROP_FRAME
                                           | PRW_QT_TMCD_FLAG_24_HOUR_MAX);
  ck_assert_str_eq (tmcd->reel_name, "A001");
  ck_assert_uint_eq (tmcd->tmcd_timescale, 30000);
  ck_assert_uint_eq (tmcd->tmcd_frame_duration, 1001);
  ck_assert_uint_eq (tmcd->tmcd_nframes, 30);
  ck_assert_uint_eq (tmcd->n_samples, 1);
  ck_assert_uint_eq (tmcd->samples[0].offset, img->tmcd_sample);
  ck_assert_int_eq (tmcd->tmcd_start_frame, 107892);
  ck_assert_uint_eq (file_u32 (c.t, img->tmcd_sample), 107892);
  ck_assert_uint_eq (movie->mdat_size, img->mdat_size);
}
END_TEST

/* No reel in the base: no 'name' in the description; a sample already
 * right is left alone. */
START_TEST (test_timecode_without_reel)
{
  g_auto (Case) c = { 0 };
  const PrwQtTrack *tmcd;

  case_init (&c);
  c.facts.reel_name = NULL;
  case_build (&c);
  tmcd = track_of (case_finish (&c, NULL, 0), PRW_QT_FOURCC_TMCD);
  ck_assert_ptr_null (tmcd->reel_name);
  ck_assert_uint_eq (tmcd->description.size, 34);
  ck_assert_uint_eq (tmcd->tmcd_flags, PRW_QT_TMCD_FLAG_24_HOUR_MAX);
  ck_assert_int_eq (tmcd->tmcd_start_frame, 86400);
}
END_TEST

/* qtmux made no timecode track (above 60 fps): the sample is appended to
 * the media data, the track added after the others with the next track
 * ID, and the video track refers to it. */
START_TEST (test_add_timecode_track)
{
  g_auto (Case) c = { 0 };
  const PrwQtMovie *movie;
  const PrwQtTrack *video, *tmcd;
  Image *img;

  case_init (&c);
  c.spec.timescale = 120;
  c.spec.delta = 1;
  c.spec.n_tmcd = 0;
  c.facts.rate_num = 120;
  c.facts.rate_den = 1;
  c.facts.nominal_fps = 120;
  c.facts.start_frame = 120 * 3600;
  img = case_build (&c);
  movie = case_finish (&c, NULL, 0);

  ck_assert_uint_eq (movie->tracks->len, 2);
  tmcd = g_ptr_array_index (movie->tracks, 1);
  ck_assert_uint_eq (tmcd->handler, PRW_QT_FOURCC_TMCD);
  ck_assert_uint_eq (tmcd->track_id, 2); /* the muxer's next track ID */
  ck_assert_uint_eq (movie->next_track_id, 3);
  ck_assert_uint_eq (tmcd->tmcd_flags, PRW_QT_TMCD_FLAG_24_HOUR_MAX);
  ck_assert_uint_eq (tmcd->tmcd_timescale, 120);
  ck_assert_uint_eq (tmcd->tmcd_frame_duration, 1);
  ck_assert_uint_eq (tmcd->tmcd_nframes, 120);
  ck_assert_str_eq (tmcd->reel_name, "A001");
  ck_assert_uint_eq (tmcd->timescale, 120);
  ck_assert_uint_eq (tmcd->duration, 5);
  /* its one sample where the moov was; the moov after it */
  ck_assert_uint_eq (tmcd->n_samples, 1);
  ck_assert_uint_eq (tmcd->samples[0].offset, img->moov);
  ck_assert_uint_eq (tmcd->samples[0].size, 4);
  ck_assert_int_eq (tmcd->tmcd_start_frame, 120 * 3600);
  ck_assert_uint_eq (movie->mdat_offset, img->mdat);
  ck_assert_uint_eq (movie->mdat_size, img->mdat_size + 4);
  ck_assert_uint_eq (movie->moov_offset, img->moov + 4);
  ck_assert_uint_eq (movie->moov_offset + movie->moov_size, movie->file_size);

  video = track_of (movie, PRW_QT_FOURCC_VIDE);
  /* tref/tmcd names track 2 */
  ck_assert_uint_eq (track_field (movie, video, PRW_QT_FOURCC_TMCD, 0), 2);
  for (guint i = 0; i < c.spec.n_frames; i++)
    ck_assert_uint_eq (video->samples[i].offset, img->frame_offset[i]);
}
END_TEST

/* After holes (shifts): every frame at its real place and its own chunk,
 * the other tracks' chunks moved with the holes before them, the media
 * data reaching the moov, which ends the file. */
static void
assert_moved (const Case *c, const PrwShift *shifts, guint n)
{
  const Image *img = c->img;
  const PrwQtMovie *movie = c->movie;
  const guint n_frames = c->spec.n_frames;
  const PrwQtTrack *video = track_of (movie, PRW_QT_FOURCC_VIDE);
  const PrwQtTrack *tmcd = track_of (movie, PRW_QT_FOURCC_TMCD);
  const PrwQtTrack *sound = track_of (movie, PRW_QT_FOURCC_SOUN);
  guint32 chunk_table
      = prw_shift_map (shifts, n, img->frame_offset[n_frames - 1]) > G_MAXUINT32
            ? PRW_QT_FOURCC_CO64
            : PRW_QT_FOURCC_STCO;

  ck_assert_uint_eq (video->n_samples, n_frames);
  for (guint i = 0; i < n_frames; i++) {
    guint64 at = prw_shift_map (shifts, n, img->frame_offset[i]);
    g_autofree guint8 *bytes = g_malloc (img->frame_size[i]);

    ck_assert_uint_eq (video->samples[i].offset, at);
    ck_assert_uint_eq (video->samples[i].size, img->frame_size[i]);
    ck_assert_int_eq (pread (c->t->fd, bytes, img->frame_size[i], at),
                      img->frame_size[i]);
    ck_assert (memcmp (bytes, img->data->data + img->frame_offset[i],
                       img->frame_size[i])
               == 0);
  }
  /* stsc: one run, (1, 1, 1) */
  ck_assert_uint_eq (track_field (movie, video, PRW_QT_FOURCC_STSC, 4), 1);
  ck_assert_uint_eq (track_field (movie, video, PRW_QT_FOURCC_STSC, 8), 1);
  ck_assert_uint_eq (track_field (movie, video, PRW_QT_FOURCC_STSC, 12), 1);
  ck_assert_uint_eq (track_field (movie, video, chunk_table, 4), n_frames);

  ck_assert_uint_eq (tmcd->samples[0].offset,
                     prw_shift_map (shifts, n, img->tmcd_sample));
  ck_assert_int_eq (tmcd->tmcd_start_frame, c->spec.tmcd_start);
  ck_assert_uint_eq (sound->n_samples, AUDIO_SAMPLES);
  ck_assert_uint_eq (track_field (movie, sound, PRW_QT_FOURCC_STSC, 4), 1);
  if (chunk_table == PRW_QT_FOURCC_STCO)
    ck_assert_uint_eq (track_field (movie, sound, PRW_QT_FOURCC_STCO, 8),
                       prw_shift_map (shifts, n, img->audio_chunk));

  ck_assert_uint_eq (movie->moov_offset, prw_shift_map (shifts, n, img->moov));
  ck_assert_uint_eq (movie->mdat_offset + movie->mdat_size, movie->moov_offset);
  ck_assert_uint_eq (movie->moov_offset + movie->moov_size, movie->file_size);
}

START_TEST (test_move_chunk_offsets)
{
  g_auto (Case) c = { 0 };
  const PrwQtMovie *movie;
  PrwShift shifts[3];
  Image *img;

  case_init (&c);
  c.spec.audio = 1;
  img = case_build (&c);
  /* a hole inside qtmux's chunk of frames 0-1 (before frame 1), and before
   * the chunks of frames 2-3 and of frame 4 */
  shifts[0] = (PrwShift){ img->frame_offset[1], 100 };
  shifts[1] = (PrwShift){ img->frame_offset[2], 100 + 4000 };
  shifts[2] = (PrwShift){ img->frame_offset[4], 100 + 4000 + 7 };
  movie = case_finish (&c, shifts, 3);
  ck_assert_uint_eq (movie->mdat_offset, img->mdat);
  ck_assert_uint_eq (movie->mdat_header_size, 8);
  assert_moved (&c, shifts, 3);
}
END_TEST

/* Holes that carry the media data past 4 GB: the 8-byte free atom becomes
 * the front of a 64-bit mdat header, chunk offsets become co64. (The file
 * is sparse.) */
START_TEST (test_move_past_4gb)
{
  g_auto (Case) c = { 0 };
  const PrwQtMovie *movie;
  PrwShift shift;
  Image *img;

  case_init (&c);
  c.spec.audio = 1;
  img = case_build (&c);
  shift = (PrwShift){ img->frame_offset[2], G_GUINT64_CONSTANT (1) << 32 };
  movie = case_finish (&c, &shift, 1);
  ck_assert_uint_eq (movie->mdat_offset, img->mdat - 8);
  ck_assert_uint_eq (movie->mdat_header_size, 16);
  assert_moved (&c, &shift, 1);
}
END_TEST

/* A timecode track added after holes: its sample goes at the moov's real
 * place, and the media data's size covers holes and sample. */
START_TEST (test_move_and_add_timecode_track)
{
  g_auto (Case) c = { 0 };
  const PrwQtMovie *movie;
  const PrwQtTrack *tmcd;
  PrwShift shift;
  Image *img;

  case_init (&c);
  c.spec.n_tmcd = 0;
  img = case_build (&c);
  shift = (PrwShift){ img->frame_offset[3], 2000 };
  movie = case_finish (&c, &shift, 1);
  tmcd = track_of (movie, PRW_QT_FOURCC_TMCD);
  ck_assert_uint_eq (tmcd->samples[0].offset, img->moov + 2000);
  ck_assert_int_eq (tmcd->tmcd_start_frame, 86400);
  ck_assert_uint_eq (movie->mdat_size, img->mdat_size + 2000 + 4);
  ck_assert_uint_eq (movie->moov_offset, img->moov + 2000 + 4);
  ck_assert_uint_eq (track_of (movie, PRW_QT_FOURCC_VIDE)->samples[3].offset,
                     img->frame_offset[3] + 2000);
}
END_TEST

/* A base's sound track copied into the output as it is (its chunk written
 * by the copy sink into a hole that carries the media data past 4 GB):
 * every atom the base's but its track ID, its chunk offsets (co64 now)
 * and its track header's duration, rescaled from the base's movie time
 * scale (300 here) to the output's (600); mvhd's next track ID follows. */
START_TEST (test_copy_base_sound_track)
{
  g_auto (Case) c = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (Image) base_img = NULL;
  g_autoptr (TmpFile) base_file = NULL;
  g_autoptr (PrwQtMovie) base = NULL;
  Spec base_spec = muxed_spec ();
  const PrwQtTrack *bs, *os;
  const PrwQtMovie *movie;
  PrwQtCopiedTrak copied = { 0 };
  PrwShift shift;
  guint64 landed;
  Image *img;
  PrwAtom chunks;

  case_init (&c);
  img = case_build (&c);
  base_spec.audio = 1;
  base_img = build_movie (&base_spec);
  base_file = tmp_file_with_holes (base_img, NULL, 0);
  base = prw_qt_movie_read_file (base_file->path, &error);
  ck_assert_msg (base != NULL, "%s", error ? error->message : "");
  bs = track_of (base, PRW_QT_FOURCC_SOUN);

  shift = (PrwShift){ img->frame_offset[2],
                      (G_GUINT64_CONSTANT (1) << 32) + 4096 };
  landed = img->frame_offset[2] + (G_GUINT64_CONSTANT (1) << 32);
  copied.trak = base->moov + bs->trak.offset;
  copied.trak_size = bs->trak.size;
  copied.base_track_id = bs->track_id;
  copied.chunk_offsets = &landed;
  copied.n_chunks = 1;
  c.facts.copied = &copied;
  c.facts.n_copied = 1;
  c.facts.base_movie_timescale = 300;
  c.t = tmp_file_with_holes (img, &shift, 1);
  pwrite_or_fail (c.t->fd, base_img->data->data + base_img->audio_chunk,
                  AUDIO_SAMPLES * AUDIO_SAMPLE_SIZE, landed);
  movie = c.movie = finish_and_read (c.t, &c.facts, &shift, 1);

  os = track_of (movie, PRW_QT_FOURCC_SOUN);
  ck_assert_uint_eq (os->track_id, 2 + c.spec.n_tmcd);
  ck_assert_uint_eq (movie->next_track_id, os->track_id + 1);
  ck_assert_uint_eq (os->n_samples, AUDIO_SAMPLES);
  ck_assert_uint_eq (os->stsd.size, bs->stsd.size);
  ck_assert (memcmp (movie->moov + os->stsd.offset,
                     base->moov + bs->stsd.offset, bs->stsd.size)
             == 0);
  ck_assert (find_atom (movie, &os->trak, PRW_QT_FOURCC_CO64, &chunks));
  ck_assert_uint_eq (track_field (movie, os, PRW_QT_FOURCC_CO64, 4), 1);
  ck_assert_uint_eq (
      prw_qt_be (movie->moov + PRW_ATOM_PAYLOAD_OFFSET (&chunks) + 8, 8),
      landed);
  /* tkhd version 0: flags, times, ID, reserved, then the duration */
  ck_assert_uint_eq (track_field (movie, os, PRW_QT_FOURCC_TKHD, 20),
                     2 * TKHD_DURATION);
  ck_assert_uint_eq (track_field (movie, os, PRW_QT_FOURCC_MDHD, 16),
                     track_field (base, bs, PRW_QT_FOURCC_MDHD, 16));
  ck_assert_uint_eq (file_u32 (c.t, landed), 0);
  ck_assert_uint_eq (movie->mdat_offset + movie->mdat_size, movie->moov_offset);
  ck_assert_uint_eq (track_of (movie, PRW_QT_FOURCC_VIDE)->samples[2].offset,
                     img->frame_offset[2] + shift.shift);
}
END_TEST

/* ---- refusals, with the messages they always had ----------------------- */

static void
assert_finish_fails (TmpFile *t, const PrwQtFinishFacts *facts, gint code,
                     const gchar *message)
{
  g_autoptr (GError) error = NULL;

  ck_assert (!finish (t, facts, NULL, 0, &error));
  ck_assert (g_error_matches (error, PRW_ERROR, code));
  ck_assert_str_eq (error->message, message);
}

START_TEST (test_refusals)
{
  static const guint8 junk[8] = { 0, 0, 0, 8, 'f', 'r', 'e', 'e' };
  static const gchar *const not_laid_out
      = NAME ": the muxer's output is not laid out as expected "
             "(media data, then the movie header)";
  g_auto (Case) c = { 0 };
  g_autofree gchar *truncated = NULL;
  Image *img;
  TmpFile *t;

  case_init (&c);
  img = case_build (&c);
  t = c.t = tmp_file_with_holes (img, NULL, 0);

  /* something after the moov */
  pwrite_or_fail (t->fd, junk, 8, img->data->len);
  assert_finish_fails (t, &c.facts, PRW_ERROR_FAILED, not_laid_out);
  ck_assert_int_eq (ftruncate (t->fd, img->data->len), 0);

  /* a video format the base does not have */
  c.spec.video_format = "apcn";
  g_clear_pointer (&c.img, image_free);
  img = case_build (&c);
  pwrite_or_fail (t->fd, img->data->data, img->data->len, 0);
  assert_finish_fails (t, &c.facts, PRW_ERROR_FAILED, not_laid_out);

  /* a cut moov: the reader's message, naming the output */
  ck_assert_int_eq (ftruncate (t->fd, img->moov + 100), 0);
  truncated = g_strdup_printf (
      NAME ": truncated file: atom 'moov' at offset %" G_GUINT64_FORMAT
           " has size %" G_GUINT64_FORMAT
           " but the file ends at offset %" G_GUINT64_FORMAT,
      img->moov, img->moov_size, img->moov + 100);
  assert_finish_fails (t, &c.facts, PRW_ERROR_CORRUPT, truncated);
}
END_TEST

static Suite *
qt_finish_suite (void)
{
  Suite *s = suite_create ("qt-finish");
  TCase *tc;

  tc = tcase_create ("steps");
  tcase_add_test (tc, test_video_description);
  tcase_add_test (tc, test_timecode_description);
  tcase_add_test (tc, test_timecode_without_reel);
  tcase_add_test (tc, test_add_timecode_track);
  tcase_add_test (tc, test_move_chunk_offsets);
  tcase_add_test (tc, test_move_past_4gb);
  tcase_add_test (tc, test_move_and_add_timecode_track);
  tcase_add_test (tc, test_copy_base_sound_track);
  suite_add_tcase (s, tc);

  tc = tcase_create ("refusals");
  tcase_add_test (tc, test_refusals);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *runner = srunner_create (qt_finish_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
