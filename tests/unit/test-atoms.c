/* libproreswriter: unit tests of the QuickTime reader and PrwMediaInfo
 *
 * No media files: test-movie.c lays out QuickTime byte images in memory
 * with the library's own atom writer and records where it put every field,
 * and the reader is run on the image through a memory read callback.
 * Expected values come from the writer's inputs and records, never from
 * the reader. Corruptions are made by patching the recorded fields.
 */

#include <string.h>

#include "prw-test-support.h"
#include "test-movie.h"

#define PATH "/test/movie.mov"

/* ---- reading from memory ----------------------------------------------- */

typedef struct {
  const guint8 *data;
  gsize size;
  guint64 mdat_payload, mdat_end; /* to count reads of media data */
  guint64 mdat_bytes_read;
} MemFile;

static gboolean
mem_read (gpointer user_data, guint64 offset, guint8 *buf, gsize size,
          GError **error)
{
  MemFile *f = user_data;

  if (offset > f->size || size > f->size - offset) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO,
                 "short read of %" G_GSIZE_FORMAT
                 " bytes at %" G_GUINT64_FORMAT,
                 size, offset);
    return FALSE;
  }
  memcpy (buf, f->data + offset, size);
  for (guint64 i = offset; i < offset + size; i++)
    if (i >= f->mdat_payload && i < f->mdat_end)
      f->mdat_bytes_read++;
  return TRUE;
}

static PrwQtMovie *
parse_bytes (const guint8 *data, gsize size, GError **error)
{
  MemFile f = { data, size, 0, 0, 0 };

  return prw_qt_movie_parse (PATH, size, mem_read, &f, error);
}

static PrwQtMovie *
parse_image (Image *img, GError **error)
{
  return parse_bytes (img->data->data, img->data->len, error);
}

/* Asserts the error's domain and code, that its message starts with the
 * path and that it contains every given fragment. */
static void
assert_error_v (GError *error, gint code, const gchar *first, va_list args)
{
  ck_assert_msg (error != NULL, "expected an error");
  ck_assert_msg (error->domain == PRW_ERROR, "domain of: %s", error->message);
  ck_assert_msg (error->code == code, "expected code %d, got %d: %s", code,
                 error->code, error->message);
  ck_assert_msg (g_str_has_prefix (error->message, PATH ": "),
                 "message does not start with the path: %s", error->message);
  ck_assert_msg (strchr (error->message, '\n') == NULL, "multi-line: %s",
                 error->message);
  for (const gchar *frag = first; frag != NULL;
       frag = va_arg (args, const gchar *))
    ck_assert_msg (strstr (error->message, frag) != NULL, "'%s' is not in: %s",
                   frag, error->message);
}

static void
assert_error (GError *error, gint code, ...)
{
  va_list args;
  const gchar *first;

  va_start (args, code);
  first = va_arg (args, const gchar *);
  assert_error_v (error, code, first, args);
  va_end (args);
}

/* Parses img, which must fail with code and these message fragments. */
static void
assert_parse_fails (Image *img, gint code, ...)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwQtMovie) movie = parse_image (img, &error);
  va_list args;
  const gchar *first;

  ck_assert_msg (movie == NULL, "parsing succeeded");
  va_start (args, code);
  first = va_arg (args, const gchar *);
  assert_error_v (error, code, first, args);
  va_end (args);
}

/* Parses img (which must parse) and makes a media info of it, which must
 * fail with code and these message fragments. */
static void
assert_info_fails (Image *img, gint code, ...)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) info = NULL;
  PrwQtMovie *movie = parse_image (img, &error);
  va_list args;
  const gchar *first;

  ck_assert_msg (movie != NULL, "parse failed: %s",
                 error ? error->message : "?");
  info = prw_media_info_new_from_movie (movie, &error);
  ck_assert_msg (info == NULL, "the media info was made");
  va_start (args, code);
  first = va_arg (args, const gchar *);
  assert_error_v (error, code, first, args);
  va_end (args);
}

static PrwMediaInfo *
info_of (Image *img)
{
  g_autoptr (GError) error = NULL;
  PrwQtMovie *movie = parse_image (img, &error);
  PrwMediaInfo *info;

  ck_assert_msg (movie != NULL, "parse failed: %s", error->message);
  info = prw_media_info_new_from_movie (movie, &error);
  ck_assert_msg (info != NULL, "media info failed: %s", error->message);
  return info;
}

/* ---- the atom walker --------------------------------------------------- */

/* Data references (minf/dinf/dref): the movie itself, another file, or an
 * index that names no entry. */
START_TEST (test_data_references)
{
  Spec s = default_spec ();
  g_autoptr (GError) error = NULL;

  s.video_dref = TRUE;
  s.video_dref_flags = 1;
  {
    g_autoptr (Image) img = build_movie (&s);
    g_autoptr (PrwQtMovie) movie = parse_image (img, &error);

    ck_assert_msg (movie != NULL, "%s", error ? error->message : "?");
  }
  s.video_dref_flags = 0;
  s.video_dref_url = "file:///Volumes/A001/A001C003.mov";
  {
    g_autoptr (Image) img = build_movie (&s);

    assert_parse_fails (img, PRW_ERROR_UNSUPPORTED,
                        "the video track (track 1) keeps its data in another "
                        "file, \"file:///Volumes/A001/A001C003.mov\" (a 'url ' "
                        "data reference); only self-contained movies can be "
                        "read",
                        NULL);
  }
  s.video_dref_url = NULL;
  {
    g_autoptr (Image) img = build_movie (&s);

    assert_parse_fails (img, PRW_ERROR_UNSUPPORTED,
                        "the video track (track 1) keeps its data in another "
                        "file (a 'url ' data reference that names none)",
                        NULL);
  }
  s.video_dref_flags = 1;
  for (guint32 index = 0; index <= 2; index += 2) {
    g_autoptr (Image) img = build_movie (&s);
    g_autofree gchar *reason
        = g_strdup_printf ("names data reference %u of 1", index);

    /* reserved (2 bytes) and the index, bytes 12-15 of the entry */
    patch32 (img->data, img->v_entry + 12, index);
    assert_parse_fails (img, PRW_ERROR_CORRUPT, "track 1: ", reason, NULL);
  }
}
END_TEST

START_TEST (test_fourcc_to_string)
{
  gchar buf[5];

  ck_assert_str_eq (prw_fourcc_to_string (PRW_QT_FOURCC_APCH, buf), "apch");
  ck_assert_str_eq (prw_fourcc_to_string (PRW_FOURCC ('r', 'a', 'w', ' '), buf),
                    "raw ");
  ck_assert_str_eq (prw_fourcc_to_string (0x00ff0a41, buf), "???A");
  ck_assert_str_eq (
      prw_fourcc_to_string (PRW_FOURCC (0xa9, 'n', 'a', 'm'), buf), "?nam");
}
END_TEST

START_TEST (test_iter_walks)
{
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  g_autoptr (GByteArray) b = NULL;
  PrwAtomIter iter;
  PrwAtom atom;
  GError *error = NULL;
  guint at;

  prw_qt_put_zeros (&w, 3); /* the region starts after these */
  at = prw_qt_atom_begin (&w, fourcc ("abcd"));
  prw_qt_put32 (&w, 7);
  prw_qt_atom_end (&w, at);
  /* a 64-bit sized atom */
  prw_qt_atom_header_write (&w, PRW_QT_FOURCC_WIDE, 16 + 5, 16);
  prw_qt_put_zeros (&w, 5);
  at = prw_qt_atom_begin (&w, PRW_QT_FOURCC_FREE);
  prw_qt_atom_end (&w, at);
  prw_qt_put32 (&w, 0);     /* a container's 32-bit zero terminator */
  prw_qt_put_zeros (&w, 9); /* past the region */
  b = writer_to_array (&w);

  prw_atom_iter_init (&iter, b->data, 3, b->len - 9);
  ck_assert (prw_atom_iter_next (&iter, &atom, &error));
  ck_assert_uint_eq (atom.type, PRW_FOURCC ('a', 'b', 'c', 'd'));
  ck_assert_uint_eq (atom.offset, 3);
  ck_assert_uint_eq (atom.size, 12);
  ck_assert_uint_eq (atom.header_size, 8);
  ck_assert_uint_eq (PRW_ATOM_PAYLOAD_OFFSET (&atom), 11);
  ck_assert_uint_eq (PRW_ATOM_PAYLOAD_SIZE (&atom), 4);
  ck_assert (prw_atom_iter_next (&iter, &atom, &error));
  ck_assert_uint_eq (atom.type, PRW_QT_FOURCC_WIDE);
  ck_assert_uint_eq (atom.offset, 15);
  ck_assert_uint_eq (atom.size, 21);
  ck_assert_uint_eq (atom.header_size, 16);
  ck_assert_uint_eq (PRW_ATOM_PAYLOAD_SIZE (&atom), 5);
  ck_assert (prw_atom_iter_next (&iter, &atom, &error));
  ck_assert_uint_eq (atom.type, PRW_QT_FOURCC_FREE);
  ck_assert_uint_eq (atom.offset, 36);
  ck_assert_uint_eq (atom.size, 8);
  ck_assert (!prw_atom_iter_next (&iter, &atom, &error));
  ck_assert (error == NULL);
  ck_assert (!prw_atom_iter_next (&iter, &atom, &error));
  ck_assert (error == NULL);

  /* an empty region */
  prw_atom_iter_init (&iter, b->data, 5, 5);
  ck_assert (!prw_atom_iter_next (&iter, &atom, &error));
  ck_assert (error == NULL);
}
END_TEST

/* One bad header in a region of [0, end): the error names the atom, its
 * offset and (when it overruns) the parent's end. */
static void
assert_iter_error (GByteArray *b, guint64 end, const gchar *frag1,
                   const gchar *frag2)
{
  PrwAtomIter iter;
  PrwAtom atom;
  g_autoptr (GError) error = NULL;

  prw_atom_iter_init (&iter, b->data, 0, end);
  ck_assert (prw_atom_iter_next (&iter, &atom, &error));
  ck_assert (error == NULL);
  ck_assert (!prw_atom_iter_next (&iter, &atom, &error));
  ck_assert (error != NULL);
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_CORRUPT));
  ck_assert_msg (strstr (error->message, frag1) != NULL, "%s", error->message);
  ck_assert_msg (strstr (error->message, frag2) != NULL, "%s", error->message);
  /* the walk is over */
  g_clear_error (&error);
  ck_assert (!prw_atom_iter_next (&iter, &atom, &error));
  ck_assert (error == NULL);
}

START_TEST (test_iter_errors)
{
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  g_autoptr (GByteArray) b = NULL;

  /* each case: a good 'good' atom at 0 (12 bytes), then a bad one at 12 */
  prw_qt_atom_header_write (&w, fourcc ("good"), 12, 8);
  prw_qt_put32 (&w, 0);

  prw_qt_atom_header_write (&w, fourcc ("zero"), 0, 8);
  prw_qt_put_zeros (&w, 8);
  b = writer_to_array (&w);
  assert_iter_error (b, b->len, "atom 'zero' at offset 12 has size 0", "zero");

  patch32 (b, 12, 7);
  patch32 (b, 16, fourcc ("tiny"));
  assert_iter_error (b, b->len, "atom 'tiny' at offset 12 has size 7",
                     "smaller than its 8-byte header");

  patch32 (b, 12, 17);
  patch32 (b, 16, fourcc ("long"));
  assert_iter_error (b, b->len, "atom 'long' at offset 12 has size 17",
                     "runs past its parent's end at offset 28");

  /* 64-bit sizes: too small, past the end, and a header cut by the end */
  patch32 (b, 12, 1);
  patch32 (b, 16, fourcc ("big "));
  patch32 (b, 20, 0);
  patch32 (b, 24, 15);
  assert_iter_error (b, b->len, "atom 'big ' at offset 12 has size 15",
                     "smaller than its 16-byte header");
  patch32 (b, 20, 0x7fffffff);
  patch32 (b, 24, 0);
  assert_iter_error (b, b->len, "atom 'big ' at offset 12",
                     "runs past its parent's end at offset 28");
  patch32 (b, 20, 0);
  patch32 (b, 24, 16);
  assert_iter_error (b, 24, "atom 'big ' at offset 12 has a 64-bit size",
                     "parent's end at offset 24");

  /* a partial header that is not a zero terminator */
  patch32 (b, 12, 0);
  patch32 (b, 16, 0x01000000);
  assert_iter_error (b, 18, "partial atom header of 6 bytes at offset 12",
                     "offset 18");
}
END_TEST

/* ---- a good movie ------------------------------------------------------ */

static void
assert_default_movie (const Spec *s, Image *img, const PrwQtMovie *movie)
{
  const PrwQtTrack *video, *tmcd;
  guint n;
  gchar buf[5];

  ck_assert_str_eq (movie->path, PATH);
  ck_assert_uint_eq (movie->file_size, img->data->len);
  ck_assert_uint_eq (movie->moov_offset, img->moov);
  ck_assert_uint_eq (movie->moov_size, img->moov_size);
  ck_assert (memcmp (movie->moov, img->data->data + img->moov, img->moov_size)
             == 0);
  ck_assert_uint_eq (movie->mdat_offset, img->mdat);
  ck_assert_uint_eq (movie->mdat_size, img->mdat_size);
  ck_assert_uint_eq (movie->mdat_header_size, s->mdat_64 ? 16 : 8);
  ck_assert_uint_eq (movie->movie_timescale, 600);
  ck_assert_uint_eq (movie->next_track_id, 2 + s->n_tmcd + (s->audio ? 1 : 0));
  ck_assert_uint_eq (movie->tracks->len, 1 + s->n_tmcd + (s->audio ? 1 : 0));

  video = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_VIDE, &n);
  ck_assert_uint_eq (n, 1);
  ck_assert_ptr_eq (video, g_ptr_array_index (movie->tracks, 0));
  ck_assert_uint_eq (video->track_id, 1);
  ck_assert_str_eq (prw_fourcc_to_string (video->format, buf), s->video_format);
  ck_assert_uint_eq (video->n_descriptions, 1);
  ck_assert_uint_eq (video->timescale, s->timescale);
  ck_assert_uint_eq (video->duration, (guint64) s->n_frames * s->delta);
  ck_assert_uint_eq (video->width, WIDTH);
  ck_assert_uint_eq (video->height, HEIGHT);
  ck_assert_uint_eq (video->sample_delta, s->delta);
  ck_assert_str_eq (video->colour, "nclc 1-2-6");
  ck_assert_ptr_null (video->reel_name);
  ck_assert_int_eq (video->tmcd_start_frame, -1);
  ck_assert_uint_eq (video->trak.offset, img->v_trak - img->moov);
  ck_assert_uint_eq (video->stsd.offset, img->v_stsd - img->moov);
  ck_assert_uint_eq (video->stsd.size, peek32 (img->data, img->v_stsd));
  ck_assert_uint_eq (video->stsd.header_size, 8);
  ck_assert_uint_eq (video->n_samples, s->n_frames);
  for (guint i = 0; i < s->n_frames; i++) {
    ck_assert_uint_eq (video->samples[i].offset, img->frame_offset[i]);
    ck_assert_uint_eq (video->samples[i].size, img->frame_size[i]);
    /* and it is the frame the writer put there */
    ck_assert_uint_eq (peek32 (img->data, video->samples[i].offset),
                       img->frame_size[i]);
  }

  tmcd = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_TMCD, &n);
  ck_assert_uint_eq (n, s->n_tmcd);
  ck_assert_uint_eq (tmcd->track_id, 2);
  ck_assert_uint_eq (tmcd->format, PRW_QT_FOURCC_TMCD);
  ck_assert_uint_eq (tmcd->tmcd_flags, s->tmcd_flags);
  ck_assert_uint_eq (tmcd->tmcd_timescale, s->timescale);
  ck_assert_uint_eq (tmcd->tmcd_frame_duration, s->delta);
  ck_assert_uint_eq (tmcd->tmcd_nframes, s->tmcd_nframes);
  ck_assert_str_eq (tmcd->reel_name, s->reel);
  ck_assert_int_eq (tmcd->tmcd_start_frame, s->tmcd_start);
  ck_assert_uint_eq (tmcd->n_samples, 1);
  ck_assert_uint_eq (tmcd->samples[0].offset, img->tmcd_sample);
  ck_assert_uint_eq (tmcd->samples[0].size, 4);

  ck_assert_ptr_null (prw_qt_movie_find_track (movie, PRW_QT_FOURCC_TEXT, &n));
  ck_assert_uint_eq (n, 0);
}

START_TEST (test_parse_good_movie)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = build_movie (&s);
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwQtMovie) movie = NULL;
  MemFile f = { img->data->data, img->data->len, img->mdat_payload,
                img->mdat + img->mdat_size, 0 };

  movie = prw_qt_movie_parse (PATH, img->data->len, mem_read, &f, &error);
  ck_assert_msg (movie != NULL, "%s", error ? error->message : "");
  assert_default_movie (&s, img, movie);
  /* mdat is never read: only the 4-byte tmcd sample inside it */
  ck_assert_uint_eq (f.mdat_bytes_read, 4);
}
END_TEST

/* Every variant of the layout parses to the same fields. */
START_TEST (test_parse_variants)
{
  for (guint v = 0; v < 16; v++) {
    Spec s = default_spec ();
    g_autoptr (Image) img = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (PrwQtMovie) movie = NULL;

    s.moov_first = (v & 1) != 0;
    s.mdat_64 = (v & 2) != 0;
    s.co64 = (v & 4) != 0;
    s.v1_headers = (v & 8) != 0;
    img = build_movie (&s);
    movie = parse_image (img, &error);
    ck_assert_msg (movie != NULL, "variant %u: %s", v, error->message);
    assert_default_movie (&s, img, movie);
  }
}
END_TEST

START_TEST (test_parse_sound_descriptions)
{
  Spec s = default_spec ();
  g_autoptr (Image) v0 = NULL;
  g_autoptr (Image) v2 = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwQtMovie) movie = NULL;
  g_autoptr (PrwMediaInfo) info = NULL;
  const PrwQtTrack *sound;
  guint n;

  s.audio = 1;
  v0 = build_movie (&s);
  movie = parse_image (v0, &error);
  ck_assert_msg (movie != NULL, "%s", error ? error->message : "");
  assert_default_movie (&s, v0, movie);
  sound = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_SOUN, &n);
  ck_assert_uint_eq (n, 1);
  ck_assert_uint_eq (sound->track_id, 3);
  ck_assert_uint_eq (sound->format, PRW_QT_FOURCC_SOWT);
  ck_assert_uint_eq (sound->channels, 2);
  ck_assert_uint_eq (sound->sample_rate, 48000);
  ck_assert_uint_eq (sound->timescale, 48000);

  info = info_of (v0);
  ck_assert_uint_eq (prw_media_info_get_n_audio_tracks (info), 1);
  ck_assert_str_eq (prw_media_info_get_audio_description (info, 0),
                    "sowt 2 ch 48000 Hz");
  g_clear_object (&info);
  g_clear_pointer (&movie, prw_qt_movie_free);

  s.audio = 3;
  v2 = build_movie (&s);
  movie = parse_image (v2, &error);
  ck_assert_msg (movie != NULL, "%s", error ? error->message : "");
  sound = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_SOUN, &n);
  ck_assert_uint_eq (sound->format, PRW_QT_FOURCC_LPCM);
  ck_assert_uint_eq (sound->channels, 6);
  ck_assert_uint_eq (sound->sample_rate, 96000);
  info = info_of (v2);
  ck_assert_str_eq (prw_media_info_get_audio_description (info, 0),
                    "lpcm 6 ch 96000 Hz");
}
END_TEST

/* An unknown track kind and unknown atoms are skipped, not failed on. */
START_TEST (test_parse_nclx)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;
  g_autoptr (PrwMediaInfo) info = NULL;

  s.nclx = TRUE;
  img = build_movie (&s);
  info = info_of (img);
  ck_assert_str_eq (prw_media_info_get_colour (info), "nclx 1-2-6 full");
}
END_TEST

/* The picture extensions of the video sample description ('colr' codes,
 * 'fiel', 'pasp'; QuickTime File Format, "Video sample description
 * extensions") are read once, by the movie reader, as written; the media
 * info gives the pixel aspect in lowest terms, a missing 'pasp' as 1:1 and
 * a missing 'fiel' as progressive; a 'pasp' with a spacing of 0 (no ratio)
 * as 1:1 too, but said as written, not as none. */
START_TEST (test_picture_extensions)
{
  static const struct {
    gboolean no_fiel;
    guint8 fiel_count, fiel_detail;
    gboolean pasp;
    guint32 pasp_h, pasp_v;
    /* expected */
    gboolean have_fields;
    guint count, detail;
    gboolean have_par;
    guint par_n, par_d;
    const gchar *fields_text, *par_text;
  } cases[] = {
    { FALSE, 0, 0, FALSE, 0, 0, TRUE, 1, 0, FALSE, 1, 1,
      "progressive (fiel 1 0)", "1:1 (no pasp)" },
    { FALSE, 2, 14, TRUE, 40, 30, TRUE, 2, 14, TRUE, 4, 3,
      "interlaced, top field first, bottom field stored first (fiel 2 14)",
      "4:3" },
    { FALSE, 2, 6, TRUE, 1, 1, TRUE, 2, 6, TRUE, 1, 1,
      "interlaced, bottom field first (fiel 2 6)", "1:1" },
    { FALSE, 2, 3, TRUE, 2, 1, TRUE, 2, 3, TRUE, 2, 1,
      "interlaced, field order unknown (fiel 2 3)", "2:1" },
    /* no 'fiel', and a 'pasp' with a zero term: no ratio, read as 1:1
     * and said as written (it was "1:1 (no pasp)", as if there were none) */
    { TRUE, 0, 0, TRUE, 0, 1, FALSE, 1, 0, FALSE, 1, 1, "progressive (no fiel)",
      "0:1 (invalid pasp, read as 1:1)" },
    { FALSE, 0, 0, TRUE, 0, 0, TRUE, 1, 0, FALSE, 1, 1,
      "progressive (fiel 1 0)", "0:0 (invalid pasp, read as 1:1)" },
    { FALSE, 0, 0, TRUE, 7, 0, TRUE, 1, 0, FALSE, 1, 1,
      "progressive (fiel 1 0)", "7:0 (invalid pasp, read as 1:1)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    Spec s = default_spec ();
    g_autoptr (Image) img = NULL;
    g_autoptr (PrwMediaInfo) info = NULL;
    g_autofree gchar *fields_text = NULL;
    g_autofree gchar *par_text = NULL;
    const PrwQtTrack *video;
    guint a = 99, b = 99, n = 99, d = 99;

    s.no_fiel = cases[i].no_fiel;
    s.fiel_count = cases[i].fiel_count;
    s.fiel_detail = cases[i].fiel_detail;
    s.pasp = cases[i].pasp;
    s.pasp_h = cases[i].pasp_h;
    s.pasp_v = cases[i].pasp_v;
    img = build_movie (&s);
    info = info_of (img);
    video = prw_media_info_get_video_track (info);
    /* the track as written */
    ck_assert (video->colr_codes);
    ck_assert_uint_eq (video->colr_primaries, 1);
    ck_assert_uint_eq (video->colr_transfer, 2);
    ck_assert_uint_eq (video->colr_matrix, 6);
    ck_assert_uint_eq (video->fiel_count,
                       s.no_fiel ? 0 : (s.fiel_count ? s.fiel_count : 1));
    ck_assert_uint_eq (video->fiel_detail, s.no_fiel ? 0 : s.fiel_detail);
    ck_assert_uint_eq (video->pasp_h, s.pasp ? s.pasp_h : 0);
    ck_assert_uint_eq (video->pasp_v, s.pasp ? s.pasp_v : 0);
    ck_assert_int_eq (video->has_pasp, s.pasp);
    ck_assert_uint_eq (
        prw_qt_track_field_count (prw_media_info_get_movie (info), video),
        video->fiel_count);
    ck_assert_int_eq (prw_qt_track_pixel_aspect (
                          prw_media_info_get_movie (info), video, &n, &d),
                      cases[i].have_par);
    if (cases[i].have_par) {
      ck_assert_uint_eq (n, cases[i].par_n);
      ck_assert_uint_eq (d, cases[i].par_d);
    }
    /* the media info */
    ck_assert_int_eq (prw_media_info_get_fields (info, &a, &b),
                      cases[i].have_fields);
    ck_assert_uint_eq (a, cases[i].count);
    ck_assert_uint_eq (b, cases[i].detail);
    ck_assert_int_eq (prw_media_info_get_pixel_aspect (info, &a, &b),
                      cases[i].have_par);
    ck_assert_uint_eq (a, cases[i].par_n);
    ck_assert_uint_eq (b, cases[i].par_d);
    /* the 'pasp' as written, valid or not */
    a = b = 99;
    ck_assert_int_eq (prw_media_info_get_pasp (info, &a, &b), s.pasp);
    ck_assert_uint_eq (a, s.pasp ? s.pasp_h : 0);
    ck_assert_uint_eq (b, s.pasp ? s.pasp_v : 0);
    ck_assert_int_eq (prw_media_info_get_pasp (info, NULL, NULL), s.pasp);
    fields_text = prw_media_info_describe_fields (info);
    par_text = prw_media_info_describe_pixel_aspect (info);
    ck_assert_str_eq (fields_text, cases[i].fields_text);
    ck_assert_str_eq (par_text, cases[i].par_text);
  }
}
END_TEST

/* Which pixel aspects and field descriptions agree (the output's sample
 * description shows the other's frames as they are): the same in lowest
 * terms, a missing 'pasp' being 1:1; the same count and ordering, a
 * missing 'fiel' being progressive, whose ordering does not count. */
START_TEST (test_picture_extensions_agree)
{
  static const struct {
    gboolean no_fiel;
    guint8 fiel_count, fiel_detail;
    gboolean pasp;
    guint32 pasp_h, pasp_v;
  } specs[] = {
    { TRUE, 0, 0, FALSE, 0, 0 },   /* 0: neither */
    { FALSE, 1, 0, TRUE, 1, 1 },   /* 1: progressive, square, written */
    { FALSE, 1, 6, TRUE, 10, 10 }, /* 2: as 1, written otherwise */
    { FALSE, 2, 1, TRUE, 2, 1 },   /* 3: interlaced tff, 2:1 */
    { FALSE, 2, 9, TRUE, 4, 2 },   /* 4: bff (top stored first), 2:1 */
  };
  /* [i][j]: pixel aspects agree, fields agree */
  static const gboolean par_agree[5][5] = {
    { 1, 1, 1, 0, 0 }, { 1, 1, 1, 0, 0 }, { 1, 1, 1, 0, 0 },
    { 0, 0, 0, 1, 1 }, { 0, 0, 0, 1, 1 },
  };
  static const gboolean fields_agree[5][5] = {
    { 1, 1, 1, 0, 0 }, { 1, 1, 1, 0, 0 }, { 1, 1, 1, 0, 0 },
    { 0, 0, 0, 1, 0 }, { 0, 0, 0, 0, 1 },
  };
  PrwMediaInfo *infos[5];
  Image *imgs[5];

  for (guint i = 0; i < 5; i++) {
    Spec s = default_spec ();

    s.no_fiel = specs[i].no_fiel;
    s.fiel_count = specs[i].fiel_count;
    s.fiel_detail = specs[i].fiel_detail;
    s.pasp = specs[i].pasp;
    s.pasp_h = specs[i].pasp_h;
    s.pasp_v = specs[i].pasp_v;
    imgs[i] = build_movie (&s);
    infos[i] = info_of (imgs[i]);
  }
  for (guint i = 0; i < 5; i++)
    for (guint j = 0; j < 5; j++) {
      ck_assert_msg (prw_media_info_pixel_aspects_agree (infos[i], infos[j])
                         == par_agree[i][j],
                     "pixel aspects %u, %u", i, j);
      ck_assert_msg (prw_media_info_fields_agree (infos[i], infos[j])
                         == fields_agree[i][j],
                     "fields %u, %u", i, j);
    }
  for (guint i = 0; i < 5; i++) {
    g_object_unref (infos[i]);
    image_free (imgs[i]);
  }
}
END_TEST

/* A moov over 512 MiB is refused before anything is allocated or read. */
typedef struct {
  GByteArray *head; /* the bytes that exist; the rest of the file is a hole */
  guint64 bytes_read;
} SparseFile;

static gboolean
sparse_read (gpointer user_data, guint64 offset, guint8 *buf, gsize size,
             GError **error)
{
  SparseFile *f = user_data;

  f->bytes_read += size;
  if (offset > f->head->len || size > f->head->len - offset) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_IO, "read in the hole");
    return FALSE;
  }
  memcpy (buf, f->head->data + offset, size);
  return TRUE;
}

START_TEST (test_moov_too_large)
{
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  g_autoptr (GByteArray) b = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwQtMovie) movie = NULL;
  const guint64 moov_size = G_GUINT64_CONSTANT (513) * 1024 * 1024;
  SparseFile f = { NULL, 0 };

  put_ftyp (&w);
  prw_qt_atom_header_write (&w, PRW_QT_FOURCC_MOOV, moov_size, 8);
  f.head = b = writer_to_array (&w);
  movie = prw_qt_movie_parse (PATH, ftyp_size () + moov_size, sparse_read, &f,
                              &error);
  ck_assert_ptr_null (movie);
  assert_error (error, PRW_ERROR_UNSUPPORTED, "movie header (moov)",
                "537919488 bytes", NULL);
  /* only the two atom headers were read */
  ck_assert_uint_eq (f.bytes_read, 16);
}
END_TEST

START_TEST (test_parse_skips_unknown)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = build_movie (&s);
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  g_autoptr (GByteArray) b = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwQtMovie) movie = NULL;
  guint64 trak, mdia, at, extra;
  guint n;

  /* insert a 'text' track (with no sample table at all) and an unknown
   * atom at the start of the moov */
  prw_qt_put_bytes (&w, img->data->data, img->moov + 8);
  at = prw_qt_atom_begin (&w, fourcc ("zzzz"));
  prw_qt_put_zeros (&w, 5);
  prw_qt_atom_end (&w, at);
  trak = prw_qt_atom_begin (&w, PRW_QT_FOURCC_TRAK);
  put_tkhd (&w, &s, 9);
  mdia = begin_mdia (&w, &s, 1000, 1, PRW_QT_FOURCC_TEXT);
  prw_qt_atom_end (&w, mdia);
  prw_qt_atom_end (&w, trak);
  extra = gst_byte_writer_get_pos (&w) - (img->moov + 8);
  prw_qt_put_bytes (&w, img->data->data + img->moov + 8, img->moov_size - 8);
  b = writer_to_array (&w);
  patch32 (b, img->moov, img->moov_size + extra);

  movie = parse_bytes (b->data, b->len, &error);
  ck_assert_msg (movie != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (movie->tracks->len, 3);
  ck_assert_ptr_eq (prw_qt_movie_find_track (movie, PRW_QT_FOURCC_TEXT, &n),
                    g_ptr_array_index (movie->tracks, 0));
  ck_assert_uint_eq (n, 1);
  ck_assert_uint_eq (
      ((PrwQtTrack *) g_ptr_array_index (movie->tracks, 0))->track_id, 9);
  ck_assert_uint_eq (
      ((PrwQtTrack *) g_ptr_array_index (movie->tracks, 0))->n_samples, 0);
  prw_qt_movie_find_track (movie, PRW_QT_FOURCC_VIDE, &n);
  ck_assert_uint_eq (n, 1);
}
END_TEST

/* ---- the media info ---------------------------------------------------- */

START_TEST (test_media_info)
{
  g_autoptr (Image) img = build_default ();
  g_autoptr (PrwMediaInfo) info = info_of (img);
  g_autofree gchar *label = NULL;
  const PrwTimecode *start;

  ck_assert_str_eq (prw_media_info_get_path (info), PATH);
  ck_assert_str_eq (prw_media_info_get_codec_fourcc (info), "apch");
  ck_assert_str_eq (prw_media_info_get_codec_name (info), "ProRes 422 HQ");
  ck_assert_uint_eq (prw_media_info_get_width (info), WIDTH);
  ck_assert_uint_eq (prw_media_info_get_height (info), HEIGHT);
  ck_assert_uint_eq (prw_media_info_get_rate_num (info), 24000);
  ck_assert_uint_eq (prw_media_info_get_rate_den (info), 1001);
  ck_assert_int_eq (prw_media_info_get_frame_count (info), 5);
  ck_assert_str_eq (prw_media_info_get_reel_name (info), "A001");
  ck_assert_str_eq (prw_media_info_get_colour (info), "nclc 1-2-6");
  ck_assert_uint_eq (prw_media_info_get_n_audio_tracks (info), 0);
  ck_assert_uint_eq (prw_media_info_get_file_size (info), img->data->len);

  start = prw_media_info_get_start_timecode (info);
  ck_assert_ptr_nonnull (start);
  ck_assert_uint_eq (start->rate_num, 24000);
  ck_assert_uint_eq (start->rate_den, 1001);
  ck_assert (!start->drop_frame);
  ck_assert_int_eq (start->frames, 86400);
  label = prw_timecode_to_string (start);
  ck_assert_str_eq (label, "01:00:00:00");

  ck_assert_ptr_nonnull (prw_media_info_get_movie (info));
  ck_assert_uint_eq (prw_media_info_get_video_track (info)->track_id, 1);
  ck_assert_uint_eq (prw_media_info_get_video_track (info)->n_samples, 5);
}
END_TEST

START_TEST (test_media_info_rates)
{
  /* timescale, delta -> reduced rate; nominal fps; DF flag; start */
  static const struct {
    guint32 timescale, delta;
    guint num, den;
    guint8 nframes;
    gboolean drop;
    guint32 start;
    const gchar *label;
  } cases[] = {
    { 12800, 512, 25, 1, 25, FALSE, 90000, "01:00:00:00" },
    { 2500, 100, 25, 1, 25, FALSE, 0, "00:00:00:00" },
    /* 00:59:59;00 is one second (30 frames) before 01:00:00;00 = 107892 */
    { 30000, 1001, 30000, 1001, 30, TRUE, 107862, "00:59:59;00" },
    { 60000, 1001, 60000, 1001, 60, TRUE, 215784, "01:00:00;00" },
    { 120000, 1000, 120, 1, 120, FALSE, 120, "00:00:01:000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    Spec s = default_spec ();
    g_autoptr (Image) img = NULL;
    g_autoptr (PrwMediaInfo) info = NULL;
    g_autofree gchar *label = NULL;
    const PrwTimecode *start;

    s.timescale = cases[i].timescale;
    s.delta = cases[i].delta;
    s.tmcd_nframes = cases[i].nframes;
    s.tmcd_flags = cases[i].drop ? PRW_QT_TMCD_FLAG_DROP_FRAME : 0;
    s.tmcd_start = cases[i].start;
    s.reel = NULL;
    s.video_format = "ap4x";
    img = build_movie (&s);
    info = info_of (img);
    ck_assert_uint_eq (prw_media_info_get_rate_num (info), cases[i].num);
    ck_assert_uint_eq (prw_media_info_get_rate_den (info), cases[i].den);
    ck_assert_str_eq (prw_media_info_get_codec_name (info), "ProRes 4444 XQ");
    ck_assert_ptr_null (prw_media_info_get_reel_name (info));
    start = prw_media_info_get_start_timecode (info);
    ck_assert_int_eq (start->drop_frame, cases[i].drop);
    ck_assert_int_eq (start->frames, cases[i].start);
    ck_assert_uint_eq (start->rate_num, cases[i].num);
    ck_assert_uint_eq (start->rate_den, cases[i].den);
    label = prw_timecode_to_string (start);
    ck_assert_str_eq (label, cases[i].label);
  }
}
END_TEST

/* ffmpeg ends a timecode description without a reel name with a 16-bit
 * zero where the 'name' atom would be; such movies were once refused as
 * corrupt ("a partial atom header of 2 bytes"). */
START_TEST (test_media_info_ffmpeg_tmcd_without_reel)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;
  g_autoptr (PrwMediaInfo) info = NULL;

  s.reel = NULL;
  s.tmcd_tail16 = TRUE;
  img = build_movie (&s);
  info = info_of (img);
  ck_assert_ptr_null (prw_media_info_get_reel_name (info));
  ck_assert_int_eq (prw_media_info_get_start_timecode (info)->frames, 86400);
}
END_TEST

/* Two bytes there that are not zero are still no atom. */
START_TEST (test_tmcd_short_tail_not_zero)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;

  s.reel = NULL;
  s.tmcd_tail16 = TRUE;
  s.tmcd_tail16_value = 0x0100;
  img = build_movie (&s);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "track 2: corrupt movie header",
                      "a partial atom header of 2 bytes", NULL);
}
END_TEST

START_TEST (test_flavour_names)
{
  static const gchar *const flavours[][2] = {
    { "apco", "ProRes 422 Proxy" }, { "apcs", "ProRes 422 LT" },
    { "apcn", "ProRes 422" },       { "apch", "ProRes 422 HQ" },
    { "ap4h", "ProRes 4444" },      { "ap4x", "ProRes 4444 XQ" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (flavours); i++) {
    const gchar *f = flavours[i][0];

    ck_assert_str_eq (
        prw_prores_flavour_name (PRW_FOURCC (f[0], f[1], f[2], f[3])),
        flavours[i][1]);
  }
  ck_assert_ptr_null (prw_prores_flavour_name (PRW_QT_FOURCC_AVC1));
  ck_assert_ptr_null (prw_prores_flavour_name (0));
}
END_TEST

START_TEST (test_media_info_for_test)
{
  g_autoptr (PrwTimecode) tc = prw_timecode_new (25, 1, FALSE, 90000);
  g_autoptr (PrwMediaInfo) info = prw_media_info_new_for_test (
      "/x/base.mov", "apcn", 1280, 720, 25, 1, 250, tc);

  ck_assert_str_eq (prw_media_info_get_path (info), "/x/base.mov");
  ck_assert_str_eq (prw_media_info_get_codec_fourcc (info), "apcn");
  ck_assert_str_eq (prw_media_info_get_codec_name (info), "ProRes 422");
  ck_assert_uint_eq (prw_media_info_get_width (info), 1280);
  ck_assert_uint_eq (prw_media_info_get_height (info), 720);
  ck_assert_uint_eq (prw_media_info_get_rate_num (info), 25);
  ck_assert_uint_eq (prw_media_info_get_rate_den (info), 1);
  ck_assert_int_eq (prw_media_info_get_frame_count (info), 250);
  ck_assert (prw_timecode_equal (prw_media_info_get_start_timecode (info), tc));
  ck_assert_ptr_ne (prw_media_info_get_start_timecode (info), tc);
  ck_assert_ptr_null (prw_media_info_get_movie (info));
  ck_assert_ptr_null (prw_media_info_get_video_track (info));
  ck_assert_uint_eq (prw_media_info_get_n_audio_tracks (info), 0);
}
END_TEST

/* ---- not movies, and truncated movies ---------------------------------- */

START_TEST (test_not_quicktime)
{
  static const gchar text[]
      = "Hello, this is a text file named x.mov, not a movie.\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwQtMovie) movie = NULL;

  movie = parse_bytes ((const guint8 *) text, strlen (text), &error);
  ck_assert_ptr_null (movie);
  assert_error (error, PRW_ERROR_NOT_QUICKTIME, "not a QuickTime movie",
                "\"Hello, t\"", NULL);
  g_clear_error (&error);

  movie = parse_bytes ((const guint8 *) text, 0, &error);
  ck_assert_ptr_null (movie);
  assert_error (error, PRW_ERROR_NOT_QUICKTIME, "empty file", NULL);
  g_clear_error (&error);

  movie = parse_bytes ((const guint8 *) "\0\0\0\x08mo", 6, &error);
  ck_assert_ptr_null (movie);
  assert_error (error, PRW_ERROR_NOT_QUICKTIME, "not a QuickTime movie",
                "6 bytes", NULL);
}
END_TEST

START_TEST (test_no_moov)
{
  g_autoptr (Image) img = build_default ();

  /* ftyp + mdat, complete, and nothing else */
  g_byte_array_set_size (img->data, img->moov);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "no movie header (moov)",
                      "truncated or still being written", NULL);
}
END_TEST

START_TEST (test_truncated_mid_moov)
{
  g_autoptr (Image) img = build_default ();

  g_byte_array_set_size (img->data, img->moov + img->moov_size / 2);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "truncated", "'moov'", NULL);
}
END_TEST

START_TEST (test_truncated_mid_mdat)
{
  g_autoptr (Image) img = build_default ();
  g_autofree gchar *at = NULL;

  g_byte_array_set_size (img->data, img->mdat + img->mdat_size / 2);
  at = g_strdup_printf ("offset %" G_GUINT64_FORMAT, img->mdat);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "truncated", "'mdat'", at,
                      "no movie header (moov)", NULL);
}
END_TEST

/* A faststart movie (moov first) cut inside mdat: the moov is whole but the
 * mdat runs past the end. */
START_TEST (test_truncated_faststart)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;

  s.moov_first = TRUE;
  img = build_movie (&s);
  g_byte_array_set_size (img->data, img->data->len - 30);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "truncated", "'mdat'", NULL);

  /* a 64-bit mdat size past the end of the file */
  s.mdat_64 = TRUE;
  g_clear_pointer (&img, image_free);
  img = build_movie (&s);
  patch32 (img->data, img->mdat + 8, 0x100);
  patch32 (img->data, img->mdat + 12, 0);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "truncated", "'mdat'",
                      "has size 1099511627776", NULL);
}
END_TEST

/* Every prefix of the file fails cleanly: the moov is last, so no prefix is
 * a whole movie. (Faststart movies too: their mdat is last.) */
START_TEST (test_truncated_everywhere)
{
  for (guint layout = 0; layout < 2; layout++) {
    Spec s = default_spec ();
    g_autoptr (Image) img = NULL;

    s.moov_first = layout == 1;
    s.audio = 1;
    img = build_movie (&s);
    for (gsize len = 0; len < img->data->len; len++) {
      g_autoptr (GError) error = NULL;
      g_autoptr (PrwQtMovie) movie = parse_bytes (img->data->data, len, &error);

      ck_assert_msg (movie == NULL, "a %" G_GSIZE_FORMAT "-byte prefix parsed",
                     len);
      ck_assert (error != NULL && error->domain == PRW_ERROR);
      ck_assert_msg (error->code == PRW_ERROR_CORRUPT
                         || error->code == PRW_ERROR_NOT_QUICKTIME,
                     "%s", error->message);
      ck_assert_msg (g_str_has_prefix (error->message, PATH ": "), "%s",
                     error->message);
      if (len >= 8) {
        ck_assert_msg (error->code == PRW_ERROR_CORRUPT, "%s", error->message);
        ck_assert_msg (strstr (error->message, "truncated") != NULL, "%s",
                       error->message);
      }
    }
  }
}
END_TEST

/* The moov itself cut at every length, its size patched to match so the
 * file's top level is consistent: the walk inside the moov fails cleanly
 * unless the cut falls exactly between two of the moov's children. */
START_TEST (test_moov_cut_everywhere)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;

  s.audio = 1;
  img = build_movie (&s);
  for (guint64 len = 8; len < img->moov_size; len++) {
    g_autoptr (GByteArray) b = g_byte_array_new ();
    g_autoptr (GError) error = NULL;
    g_autoptr (PrwQtMovie) movie = NULL;
    gboolean boundary = FALSE;

    g_byte_array_append (b, img->data->data, img->moov + len);
    patch32 (b, img->moov, len);
    for (guint i = 0; i < img->n_moov_children; i++)
      boundary = boundary || img->moov + len == img->moov_child_end[i];
    movie = parse_bytes (b->data, b->len, &error);
    if (boundary) {
      ck_assert_msg (movie != NULL, "cut at %" G_GUINT64_FORMAT ": %s", len,
                     error->message);
    } else {
      ck_assert_msg (movie == NULL, "cut at %" G_GUINT64_FORMAT " parsed", len);
      ck_assert_msg (g_error_matches (error, PRW_ERROR, PRW_ERROR_CORRUPT),
                     "%s", error->message);
      ck_assert_msg (g_str_has_prefix (error->message, PATH ": "), "%s",
                     error->message);
    }
  }
}
END_TEST

/* Every byte of the moov set to a few values: the reader never crashes, and
 * when it accepts the result every sample lies inside the file. */
START_TEST (test_moov_mutations)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;
  guint accepted = 0, rejected = 0;

  s.audio = 1;
  img = build_movie (&s);
  for (guint64 i = img->moov; i < img->moov + img->moov_size; i++) {
    const guint8 orig = img->data->data[i];
    const guint8 values[] = { 0x00, 0xff, orig ^ 0x80, orig + 1, 0x01 };

    for (guint v = 0; v < G_N_ELEMENTS (values); v++) {
      g_autoptr (GError) error = NULL;
      PrwQtMovie *movie;

      img->data->data[i] = values[v];
      movie = parse_image (img, &error);
      if (movie == NULL) {
        ck_assert (error != NULL && error->domain == PRW_ERROR);
        ck_assert_msg (g_str_has_prefix (error->message, PATH ": "), "%s",
                       error->message);
        rejected++;
      } else {
        PrwMediaInfo *info;

        for (guint t = 0; t < movie->tracks->len; t++) {
          const PrwQtTrack *track = g_ptr_array_index (movie->tracks, t);

          for (guint64 k = 0; track->samples && k < track->n_samples; k++)
            ck_assert_uint_le (track->samples[k].offset
                                   + track->samples[k].size,
                               img->data->len);
        }
        info = prw_media_info_new_from_movie (movie, &error);
        if (info != NULL)
          g_object_unref (info);
        else
          ck_assert_msg (g_str_has_prefix (error->message, PATH ": "), "%s",
                         error->message);
        accepted++;
      }
      img->data->data[i] = orig;
    }
  }
  /* both outcomes happen: the loop did exercise the reader */
  ck_assert_uint_gt (accepted, 0);
  ck_assert_uint_gt (rejected, 0);
}
END_TEST

/* ---- bad atoms --------------------------------------------------------- */

START_TEST (test_atom_size_zero_in_moov)
{
  g_autoptr (Image) img = build_default ();
  g_autofree gchar *at = NULL;

  patch32 (img->data, img->v_tkhd, 0);
  at = g_strdup_printf ("atom 'tkhd' at offset %" G_GUINT64_FORMAT
                        " has size 0",
                        img->v_tkhd - img->moov);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, at, "moov", NULL);
}
END_TEST

START_TEST (test_atom_size_too_small)
{
  g_autoptr (Image) img = build_default ();

  patch32 (img->data, img->v_stsd, 4);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "atom 'stsd'", "has size 4",
                      "smaller than its 8-byte header", NULL);
}
END_TEST

START_TEST (test_atom_past_parent)
{
  g_autoptr (Image) img = build_default ();
  g_autofree gchar *at = NULL;

  patch32 (img->data, img->v_stsd, peek32 (img->data, img->v_stsd) + 1000);
  at = g_strdup_printf ("atom 'stsd' at offset %" G_GUINT64_FORMAT,
                        img->v_stsd - img->moov);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, at, "runs past its parent's end",
                      NULL);
}
END_TEST

START_TEST (test_atom_64bit_past_parent)
{
  g_autoptr (Image) img = build_default ();
  guint64 fiel = img->v_entry + 86;

  /* the 'fiel' extension, 10 bytes, becomes a 64-bit sized atom: its
   * largesize field overlaps the next atom and claims 2^40 bytes */
  ck_assert_uint_eq (peek32 (img->data, fiel + 4), PRW_QT_FOURCC_FIEL);
  patch32 (img->data, fiel, 1);
  patch32 (img->data, fiel + 8, 0x100);
  patch32 (img->data, fiel + 12, 0);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "atom 'fiel'",
                      "has size 1099511627776", "runs past its parent's end",
                      NULL);
}
END_TEST

START_TEST (test_top_level_bad_sizes)
{
  g_autoptr (Image) img = build_default ();

  patch32 (img->data, 0, 5);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "atom 'ftyp' at offset 0",
                      "smaller than its 8-byte header", NULL);
  patch32 (img->data, 0, 20);

  /* a size-0 atom must be the last: one in the middle swallows the moov */
  patch32 (img->data, img->mdat, 0);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (PrwQtMovie) movie = parse_image (img, &error);

    ck_assert_ptr_null (movie);
    assert_error (error, PRW_ERROR_CORRUPT, "no movie header (moov)", NULL);
  }
}
END_TEST

/* ---- bad sample tables ------------------------------------------------- */

START_TEST (test_stsc_samples_disagree)
{
  g_autoptr (Image) img = build_default ();

  /* the second run gets 2 samples per chunk: 2+2+2*1 chunks = 6 samples */
  patch32 (img->data, img->v_stsc + 16 + 12 + 4, 2);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "track 1",
                      "chunk tables (stsc/stco) hold at least 6 samples",
                      "sample size table (stsz) has 5", NULL);
}
END_TEST

START_TEST (test_stts_samples_disagree)
{
  g_autoptr (Image) img = build_default ();

  patch32 (img->data, img->v_stts + 16, 6);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "track 1",
                      "time-to-sample table (stts) counts 6 samples",
                      "(stsz) has 5", NULL);
}
END_TEST

START_TEST (test_stsz_count_disagree)
{
  g_autoptr (Image) img = build_default ();

  /* stsz says 4 samples (its table has room for 5) */
  patch32 (img->data, img->v_stsz + 16, 4);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "track 1", "counts 5 samples",
                      "(stsz) has 4", NULL);
}
END_TEST

START_TEST (test_stco_count_overruns)
{
  g_autoptr (Image) img = build_default ();

  /* 4 chunk offsets in an atom that holds 3 */
  patch32 (img->data, img->v_stco + 12, 4);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "'stco'",
                      "says it has 4 entries of 4 bytes", "holds only 12 bytes",
                      NULL);
}
END_TEST

START_TEST (test_stco_fewer_chunks)
{
  g_autoptr (Image) img = build_default ();

  /* 2 chunks, but stsc's second run starts at chunk 3 */
  patch32 (img->data, img->v_stco + 12, 2);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "stsc", "entry 2",
                      "starts at chunk 3", "the 2 chunks", NULL);
}
END_TEST

START_TEST (test_chunk_offset_past_eof)
{
  g_autoptr (Image) img = build_default ();

  /* the last chunk (frame 5) starts 10 bytes before the end */
  patch32 (img->data, img->v_stco + 16 + 8, img->data->len - 10);
  assert_parse_fails (img, PRW_ERROR_CORRUPT,
                      "sample 5 of track 1 points past the end of the file",
                      "truncated mdat?", NULL);

  /* and far past it */
  patch32 (img->data, img->v_stco + 16, 0xfffffff0);
  assert_parse_fails (img, PRW_ERROR_CORRUPT,
                      "sample 1 of track 1 points past the end of the file",
                      NULL);
}
END_TEST

START_TEST (test_stsc_first_chunk_bad)
{
  g_autoptr (Image) img = build_default ();
  guint64 run1 = img->v_stsc + 16, run2 = run1 + 12;

  patch32 (img->data, run1, 0);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "stsc", "entry 1",
                      "starts at chunk 0", NULL);
  patch32 (img->data, run1, 1);

  /* not increasing */
  patch32 (img->data, run2, 1);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "stsc", "entry 2",
                      "starts at chunk 1", "increase", NULL);

  /* decreasing */
  patch32 (img->data, run1, 3);
  patch32 (img->data, run2, 2);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "stsc", "entry 1",
                      "starts at chunk 3", NULL);

  /* past the chunk count */
  patch32 (img->data, run1, 1);
  patch32 (img->data, run2, 9);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "stsc", "entry 2",
                      "starts at chunk 9", "the 3 chunks", NULL);
}
END_TEST

START_TEST (test_huge_sample_count)
{
  g_autoptr (Image) img = build_default ();
  const guint32 huge = 100000000;

  /* consistent tables for 100 million samples of one constant size: stsz
   * constant, stts one run, stsc's last chunk holding the rest */
  patch32 (img->data, img->v_stsz + 12, 1);
  patch32 (img->data, img->v_stsz + 16, huge);
  patch32 (img->data, img->v_stts + 16, huge);
  /* chunks 1-2 hold 2 each; chunk 3 the rest */
  patch32 (img->data, img->v_stsc + 16 + 12 + 4, huge - 4);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "track 1", "100000000 samples",
                      "implausibly many", NULL);
}
END_TEST

START_TEST (test_huge_table_counts)
{
  g_autoptr (Image) img = build_default ();

  /* 0x20000000 entries of 8 bytes is 2^32 bytes: 0 if computed in 32 bits */
  patch32 (img->data, img->v_stts + 12, 0x20000000);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "'stts'",
                      "says it has 536870912 entries of 8 bytes", NULL);
  patch32 (img->data, img->v_stts + 12, 1);

  /* the same with stsz's 4-byte sizes */
  patch32 (img->data, img->v_stsz + 16, 0x40000000);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "'stsz'",
                      "says it has 1073741824 entries of 4 bytes", NULL);
  patch32 (img->data, img->v_stsz + 16, 5);

  /* and stsc's 12-byte runs: 0x15555556 * 12 wraps to 8 in 32 bits */
  patch32 (img->data, img->v_stsc + 12, 0x15555556);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "'stsc'", "entries of 12 bytes",
                      NULL);
  patch32 (img->data, img->v_stsc + 12, 2);

  /* and the sample descriptions */
  patch32 (img->data, img->v_stsd + 12, 0xffffffff);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "declares 4294967295 entries",
                      "holds 1", NULL);
}
END_TEST

START_TEST (test_name_overrun)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;

  s.name_len = 5; /* "A001" is 4 bytes */
  img = build_movie (&s);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "track 2", "'name' atom",
                      "string is 5 bytes", "holds only 4", NULL);
}
END_TEST

START_TEST (test_tmcd_sample_too_small)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = build_movie (&s);
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwQtMovie) movie = parse_image (img, &error);
  guint64 stsz = 0;
  const PrwQtTrack *tmcd;

  /* find the tmcd track's stsz from its parsed trak (the writer did not
   * record it) and make its one sample 2 bytes long */
  tmcd = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_TMCD, NULL);
  for (guint64 i = img->moov + tmcd->trak.offset;
       i < img->moov + tmcd->trak.offset + tmcd->trak.size; i++) {
    if (peek32 (img->data, i) == PRW_QT_FOURCC_STSZ) {
      stsz = i - 4;
      break;
    }
  }
  ck_assert_uint_ne (stsz, 0);
  patch32 (img->data, stsz + 12, 2);
  assert_parse_fails (img, PRW_ERROR_CORRUPT, "track 2",
                      "first timecode sample is 2 bytes", NULL);
}
END_TEST

/* ---- movies this library cannot print ---------------------------------- */

START_TEST (test_two_tmcd_tracks)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;

  s.n_tmcd = 2;
  img = build_movie (&s);
  assert_info_fails (img, PRW_ERROR_NO_TIMECODE,
                     "2 timecode tracks; expected one", NULL);
}
END_TEST

/* The video track's reference to its timecode track (tref 'tmcd') is
 * read; a malformed one reads as none and refuses nothing. With one video
 * track, two timecode tracks stay ambiguous even when the video names
 * one: the reference chooses only among several video tracks' own
 * (issue 12, C22). */
START_TEST (test_tref_tmcd)
{
  Spec s = default_spec ();
  g_autoptr (GError) error = NULL;

  {
    g_autoptr (Image) img = build_movie (&s);
    g_autoptr (PrwQtMovie) movie = parse_image (img, &error);

    ck_assert_msg (movie != NULL, "%s", error ? error->message : "?");
    ck_assert_uint_eq (
        prw_qt_movie_find_track (movie, PRW_QT_FOURCC_VIDE, NULL)->tref_tmcd,
        0);
  }
  s.video_tref_tmcd = 2;
  {
    g_autoptr (Image) img = build_movie (&s);
    g_autoptr (PrwQtMovie) movie = parse_image (img, &error);

    ck_assert_msg (movie != NULL, "%s", error ? error->message : "?");
    ck_assert_uint_eq (
        prw_qt_movie_find_track (movie, PRW_QT_FOURCC_VIDE, NULL)->tref_tmcd,
        2);
  }
  s.tref_short = TRUE;
  {
    g_autoptr (Image) img = build_movie (&s);
    g_autoptr (PrwQtMovie) movie = parse_image (img, &error);
    g_autoptr (PrwMediaInfo) info = NULL;

    ck_assert_msg (movie != NULL, "%s", error ? error->message : "?");
    ck_assert_uint_eq (
        prw_qt_movie_find_track (movie, PRW_QT_FOURCC_VIDE, NULL)->tref_tmcd,
        0);
    info = prw_media_info_new_from_movie (g_steal_pointer (&movie), &error);
    ck_assert_msg (info != NULL, "%s", error ? error->message : "?");
  }
  s.tref_short = FALSE;
  s.n_tmcd = 2;
  {
    g_autoptr (Image) img = build_movie (&s);

    assert_info_fails (img, PRW_ERROR_NO_TIMECODE,
                       "2 timecode tracks; expected one", NULL);
  }
}
END_TEST

START_TEST (test_no_tmcd_track)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;

  s.n_tmcd = 0;
  img = build_movie (&s);
  assert_info_fails (img, PRW_ERROR_NO_TIMECODE, "no timecode track", NULL);
}
END_TEST

START_TEST (test_no_video)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;

  s.video_format = NULL;
  s.audio = 1;
  img = build_movie (&s);
  assert_info_fails (img, PRW_ERROR_NO_VIDEO, "no video track", NULL);
}
END_TEST

START_TEST (test_not_prores)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;

  s.video_format = "avc1";
  img = build_movie (&s);
  assert_info_fails (img, PRW_ERROR_UNSUPPORTED, "video codec 'avc1'",
                     "is not ProRes", NULL);
}
END_TEST

START_TEST (test_variable_frame_rate)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwQtMovie) movie = NULL;

  s.vfr = TRUE;
  img = build_movie (&s);
  movie = parse_image (img, &error);
  ck_assert_msg (movie != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (
      ((PrwQtTrack *) g_ptr_array_index (movie->tracks, 0))->sample_delta, 0);
  assert_info_fails (img, PRW_ERROR_UNSUPPORTED, "variable frame rate", NULL);
}
END_TEST

/* Frame durations that differ only by the rounding of a supported rate to
 * the time scale are that rate, exactly: an older qtmux wrote 59.94 at
 * time scale 5994 as 100-tick frames with a 99-tick one (5994 x 1001 /
 * 60000 = 99.9999 ticks). Truly variable durations are refused with the
 * figures. */
START_TEST (test_rounded_frame_durations)
{
  static const PrwQtTimeRun rounded[] = { { 7, 100 }, { 1, 99 }, { 7, 100 } };
  static const PrwQtTimeRun constant[] = { { 15, 100 } };
  /* each within a tick of 99.9999, but 13 ticks short in all */
  static const PrwQtTimeRun drifting[] = { { 14, 99 }, { 1, 100 } };
  static const PrwQtTimeRun two_ticks[] = { { 14, 100 }, { 1, 98 } };
  const PrwQtTimeRun *ok[] = { rounded, constant };
  const guint n_ok[] = { G_N_ELEMENTS (rounded), G_N_ELEMENTS (constant) };
  Spec s = default_spec ();

  s.n_frames = 15;
  s.timescale = 5994;
  s.delta = 100;
  s.tmcd_nframes = 60;
  s.tmcd_start = 60 * 3600;
  for (guint i = 0; i < G_N_ELEMENTS (ok); i++) {
    g_autoptr (Image) img = NULL;
    g_autoptr (PrwMediaInfo) info = NULL;
    g_autofree gchar *tc = NULL;

    s.stts_runs = ok[i];
    s.n_stts_runs = n_ok[i];
    img = build_movie (&s);
    info = info_of (img);
    ck_assert_uint_eq (prw_media_info_get_rate_num (info), 60000);
    ck_assert_uint_eq (prw_media_info_get_rate_den (info), 1001);
    ck_assert_int_eq (prw_media_info_get_frame_count (info), 15);
    tc = prw_timecode_to_string (prw_media_info_get_start_timecode (info));
    ck_assert_str_eq (tc, "01:00:00:00");
  }

  {
    g_autoptr (Image) img = NULL;

    s.stts_runs = drifting;
    s.n_stts_runs = G_N_ELEMENTS (drifting);
    img = build_movie (&s);
    assert_info_fails (img, PRW_ERROR_UNSUPPORTED,
                       "variable frame rate: the video's frames last 99 "
                       "ticks (14 frames), 100 ticks (1 frame) at time "
                       "scale 5994",
                       NULL);
  }
  {
    g_autoptr (Image) img = NULL;

    s.stts_runs = two_ticks;
    s.n_stts_runs = G_N_ELEMENTS (two_ticks);
    img = build_movie (&s);
    assert_info_fails (img, PRW_ERROR_UNSUPPORTED,
                       "100 ticks (14 frames), 98 ticks (1 frame)", NULL);
  }
  {
    static const PrwQtTimeRun five[]
        = { { 1, 101 }, { 1, 102 }, { 1, 103 }, { 1, 104 }, { 11, 105 } };
    g_autoptr (Image) img = NULL;

    s.stts_runs = five;
    s.n_stts_runs = G_N_ELEMENTS (five);
    img = build_movie (&s);
    assert_info_fails (img, PRW_ERROR_UNSUPPORTED,
                       "frames last 101 ticks (1 frame), 102 ticks (1 frame), "
                       "103 ticks (1 frame), 104 ticks (1 frame) and others "
                       "at time scale 5994",
                       NULL);
  }
}
END_TEST

/* Video edit lists (movie time scale 600; a frame at 23.976 is 25.025
 * ticks): one edit at rate 1 presenting whole frames is honoured, with
 * durations rounded up to the tick; anything else is refused with the
 * figures. */
static void
assert_presented (const guint32 (*edits)[3], guint n_edits, guint first,
                  guint count)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;
  g_autoptr (PrwMediaInfo) info = NULL;

  s.edits = edits;
  s.n_edits = n_edits;
  img = build_movie (&s);
  info = info_of (img);
  ck_assert_int_eq (prw_media_info_get_frame_count (info), count);
  ck_assert (prw_media_info_is_trimmed (info) == (first != 0 || count != 5));
  for (guint k = 0; k < count; k++) {
    const PrwSample *sample = prw_media_info_get_frame_sample (info, k);

    ck_assert_ptr_nonnull (sample);
    ck_assert_uint_eq (sample->offset, img->frame_offset[first + k]);
    ck_assert_uint_eq (sample->size, img->frame_size[first + k]);
  }
  ck_assert_ptr_null (prw_media_info_get_frame_sample (info, count));
  ck_assert_ptr_null (prw_media_info_get_frame_sample (info, -1));
}

START_TEST (test_video_edit_lists)
{
  static const guint32 identity[][3] = { { 126, 0, 0x10000 } };
  static const guint32 exact_full[][3] = { { 125, 0, 0x10000 } };
  static const guint32 trimtail[][3] = { { 76, 0, 0x10000 } };
  static const guint32 trimhead[][3] = { { 76, 2002, 0x10000 } };
  static const guint32 both[][3] = { { 51, 1001, 0x10000 } };
  static const guint32 empty[][3]
      = { { 25, 0xffffffff, 0x10000 }, { 126, 0, 0x10000 } };
  static const guint32 two[][3] = { { 50, 0, 0x10000 }, { 50, 3003, 0x10000 } };
  static const guint32 slow[][3] = { { 126, 0, 0x8000 } };
  static const guint32 off_frame[][3] = { { 76, 1000, 0x10000 } };
  static const guint32 half[][3] = { { 63, 0, 0x10000 } };
  static const guint32 beyond[][3] = { { 25, 5005, 0x10000 } };
  static const guint32 too_long[][3] = { { 160, 0, 0x10000 } };
  static const struct {
    const guint32 (*edits)[3];
    guint n;
    const gchar *why;
  } refused[] = {
    { empty, 2, "only one edit, not empty" },
    { two, 2, "only one edit, not empty" },
    { slow, 1, "only an edit at normal rate" },
    { off_frame, 1, "does not start on a frame" },
    { half, 1, "does not last a whole number of frames" },
    { beyond, 1, "starts beyond the media's last frame" },
    { too_long, 1, "lasts longer than the media" },
  };

  /* ffmpeg's rounding up (125.125 ticks written as 126) */
  assert_presented (identity, 1, 0, 5);
  assert_presented (exact_full, 1, 0, 5);
  /* C10 trimtail: 3 of 5 frames (75.075 ticks, written as 76) */
  assert_presented (trimtail, 1, 0, 3);
  /* HandBrake's skip: from frame 2 to the end, the end a tick short */
  assert_presented (trimhead, 1, 2, 3);
  assert_presented (both, 1, 1, 2);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++) {
    Spec s = default_spec ();
    g_autoptr (Image) img = NULL;

    s.edits = refused[i].edits;
    s.n_edits = refused[i].n;
    img = build_movie (&s);
    assert_info_fails (img, PRW_ERROR_UNSUPPORTED,
                       "the video track has an edit list (",
                       "not present one run of its 5 frames (24000/1001 fps)",
                       refused[i].why, NULL);
  }
}
END_TEST

START_TEST (test_unsupported_rate)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;

  s.timescale = 1000;
  s.delta = 77; /* 1000/77 fps */
  img = build_movie (&s);
  assert_info_fails (img, PRW_ERROR_UNSUPPORTED, "frame rate 1000/77", NULL);
}
END_TEST

START_TEST (test_tmcd_nframes_mismatch)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;

  s.tmcd_nframes = 25; /* but the video is 23.976 */
  img = build_movie (&s);
  assert_info_fails (img, PRW_ERROR_CORRUPT, "counts 25 frames per second",
                     "24000/1001", NULL);
}
END_TEST

START_TEST (test_tmcd_start_past_a_day)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;

  s.tmcd_start = 24 * 3600 * 24; /* 24:00:00:00 at 24 labels per second */
  img = build_movie (&s);
  assert_info_fails (img, PRW_ERROR_CORRUPT, "starts at frame 2073600", NULL);
}
END_TEST

/* A movie's warnings: exactly these lines (NULL-terminated), and the
 * same reasons without the path. */
static void
assert_warnings (PrwMediaInfo *info, ...)
{
  const gchar *const *warnings = prw_media_info_get_warnings (info);
  const gchar *const *reasons = prw_media_info_get_warning_reasons (info);
  const gchar *reason;
  va_list args;
  guint n = 0;

  ck_assert_ptr_nonnull (warnings);
  ck_assert_ptr_nonnull (reasons);
  va_start (args, info);
  while ((reason = va_arg (args, const gchar *)) != NULL) {
    g_autofree gchar *line = g_strdup_printf ("%s: %s", PATH, reason);

    ck_assert_ptr_nonnull (warnings[n]);
    ck_assert_str_eq (warnings[n], line);
    ck_assert_str_eq (reasons[n], reason);
    n++;
  }
  va_end (args);
  ck_assert_ptr_null (warnings[n]);
  ck_assert_ptr_null (reasons[n]);
}

/* Some camera apps set the drop-frame flag at any rate. Drop frame exists
 * only at 29.97, 59.94 and 119.88: elsewhere the flag is read as non-drop,
 * with a warning (0.1 refused such movies). The timecode track may run at
 * a whole fraction of the video's rate; the flag is judged at its rate. */
START_TEST (test_drop_frame_flag_without_drop_frame)
{
  static const struct {
    guint32 timescale, delta, tmcd_timescale, tmcd_delta;
    guint8 nframes;
    guint32 start;
    gint64 frames;
    const gchar *label, *rate;
  } cases[] = {
    { 24, 1, 0, 0, 24, 19 * 3600 * 24 + 36 * 60 * 24, 1693440, "19:36:00:00",
      "24 fps" },
    { 25, 1, 0, 0, 25, 90000, 90000, "01:00:00:00", "25 fps" },
    { 24000, 1001, 0, 0, 24, 86400, 86400, "01:00:00:00", "23.976 fps" },
    { 30, 1, 0, 0, 30, 108000, 108000, "01:00:00:00", "30 fps" },
    { 50, 1, 0, 0, 50, 180000, 180000, "01:00:00:00", "50 fps" },
    { 60, 1, 0, 0, 60, 216000, 216000, "01:00:00:00", "60 fps" },
    { 120, 1, 0, 0, 120, 432000, 432000, "01:00:00:000", "120 fps" },
    /* a 30 fps timecode on 60 fps video: judged at 30 */
    { 60, 1, 30, 1, 30, 108000, 216000, "01:00:00:00", "30 fps" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    Spec s = default_spec ();
    g_autoptr (Image) img = NULL;
    g_autoptr (PrwMediaInfo) info = NULL;
    g_autofree gchar *label = NULL;
    g_autofree gchar *reason = NULL;
    const PrwTimecode *start;

    s.timescale = cases[i].timescale;
    s.delta = cases[i].delta;
    s.tmcd_timescale = cases[i].tmcd_timescale;
    s.tmcd_frame_duration = cases[i].tmcd_delta;
    s.tmcd_nframes = cases[i].nframes;
    s.tmcd_flags = PRW_QT_TMCD_FLAG_DROP_FRAME;
    s.tmcd_start = cases[i].start;
    img = build_movie (&s);
    info = info_of (img);
    start = prw_media_info_get_start_timecode (info);
    ck_assert (!start->drop_frame);
    ck_assert_int_eq (start->frames, cases[i].frames);
    ck_assert_uint_eq (start->rate_num * cases[i].delta,
                       cases[i].timescale * start->rate_den);
    label = prw_timecode_to_string (start);
    ck_assert_str_eq (label, cases[i].label);
    reason = g_strdup_printf ("its timecode track says drop frame at %s, "
                              "where there is none; read as non-drop",
                              cases[i].rate);
    assert_warnings (info, reason, NULL);
  }
}
END_TEST

/* Where drop frame exists the flag is honoured, without a word; a movie
 * with nothing to say has no warnings. */
START_TEST (test_no_warnings)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;
  g_autoptr (PrwMediaInfo) info = NULL;

  s.timescale = 30000;
  s.delta = 1001;
  s.tmcd_nframes = 30;
  s.tmcd_flags = PRW_QT_TMCD_FLAG_DROP_FRAME;
  s.tmcd_start = 107892;
  img = build_movie (&s);
  info = info_of (img);
  ck_assert (prw_media_info_get_start_timecode (info)->drop_frame);
  assert_warnings (info, NULL);
  g_clear_object (&info);
  g_clear_pointer (&img, image_free);

  img = build_default ();
  info = info_of (img);
  assert_warnings (info, NULL);
}
END_TEST

/* A timecode track that counts at its own rate, a whole fraction of the
 * video's (a camera's or deck's 29.97 DF on 59.94p): its frame number times
 * the video frames per timecode frame, at the video's rate, same labels. */
START_TEST (test_tmcd_at_its_own_rate)
{
  static const struct {
    guint32 timescale, delta, tmcd_timescale, tmcd_delta;
    guint8 nframes;
    gboolean drop;
    guint32 start;
    gint64 frames;
    const gchar *label;
  } cases[] = {
    /* 10:00:00;00 at 29.97 DF is frame 1078920 */
    { 60000, 1001, 30000, 1001, 30, TRUE, 1078920, 2157840, "10:00:00;00" },
    /* 40 timecode frames later: 80 video frames */
    { 60000, 1001, 30000, 1001, 30, TRUE, 1078960, 2157920, "10:00:01;20" },
    /* the same rate not in lowest terms */
    { 60000, 1001, 60000, 2002, 30, TRUE, 1078960, 2157920, "10:00:01;20" },
    /* past a dropping minute: 10:01:00;02 at 29.97 DF, 10:01:00;04 at
     * 59.94 DF */
    { 60000, 1001, 30000, 1001, 30, TRUE, 1078920 + 1800, 2157840 + 3600,
      "10:01:00;04" },
    /* four video frames per timecode frame */
    { 120000, 1001, 30000, 1001, 30, TRUE, 1078960, 4315840, "10:00:01;040" },
    { 50, 1, 25, 1, 25, FALSE, 90001, 180002, "01:00:00:02" },
    { 48, 1, 24, 1, 24, FALSE, 86401, 172802, "01:00:00:02" },
    { 60, 1, 30, 1, 30, FALSE, 108001, 216002, "01:00:00:02" },
    { 120, 1, 60, 1, 60, FALSE, 216001, 432002, "01:00:00:002" },
    { 120, 1, 30, 1, 30, FALSE, 108001, 432004, "01:00:00:004" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    Spec s = default_spec ();
    g_autoptr (Image) img = NULL;
    g_autoptr (PrwMediaInfo) info = NULL;
    g_autofree gchar *label = NULL;
    const PrwTimecode *start;

    s.timescale = cases[i].timescale;
    s.delta = cases[i].delta;
    s.tmcd_timescale = cases[i].tmcd_timescale;
    s.tmcd_frame_duration = cases[i].tmcd_delta;
    s.tmcd_nframes = cases[i].nframes;
    s.tmcd_flags = cases[i].drop ? PRW_QT_TMCD_FLAG_DROP_FRAME : 0;
    s.tmcd_start = cases[i].start;
    img = build_movie (&s);
    info = info_of (img);
    start = prw_media_info_get_start_timecode (info);
    ck_assert_int_eq (start->drop_frame, cases[i].drop);
    ck_assert_int_eq (start->frames, cases[i].frames);
    ck_assert_uint_eq ((guint64) start->rate_num * cases[i].delta,
                       (guint64) cases[i].timescale * start->rate_den);
    label = prw_timecode_to_string (start);
    ck_assert_str_eq (label, cases[i].label);
    assert_warnings (info, NULL);
  }
}
END_TEST

/* Not a whole ratio, a timecode faster than the video, a rate whose
 * labels per second are not nframes: refused, with the figures. */
START_TEST (test_tmcd_at_its_own_rate_refused)
{
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;

  /* 24 fps timecode on 25 fps video */
  s.timescale = 25;
  s.delta = 1;
  s.tmcd_timescale = 24;
  s.tmcd_frame_duration = 1;
  s.tmcd_nframes = 24;
  img = build_movie (&s);
  assert_info_fails (img, PRW_ERROR_UNSUPPORTED, PATH,
                     "runs at 24/1 fps (24 fps) and the video at 25/1 fps "
                     "(25 fps): not a whole number of video frames per "
                     "timecode frame",
                     NULL);
  g_clear_pointer (&img, image_free);

  /* 30 fps (not 29.97) timecode on 59.94 video */
  s.timescale = 60000;
  s.delta = 1001;
  s.tmcd_timescale = 30;
  s.tmcd_frame_duration = 1;
  s.tmcd_nframes = 30;
  img = build_movie (&s);
  assert_info_fails (img, PRW_ERROR_UNSUPPORTED, "30/1 fps (30 fps)",
                     "60000/1001 fps (59.94 fps)", "not a whole number", NULL);
  g_clear_pointer (&img, image_free);

  /* 50 fps timecode on 25 fps video */
  s.timescale = 25;
  s.delta = 1;
  s.tmcd_timescale = 50;
  s.tmcd_frame_duration = 1;
  s.tmcd_nframes = 50;
  img = build_movie (&s);
  assert_info_fails (img, PRW_ERROR_UNSUPPORTED, "50/1 fps", "25/1 fps",
                     "not a whole number", NULL);
  g_clear_pointer (&img, image_free);

  /* nframes 30, but the description's rate is 25 */
  s.timescale = 60;
  s.delta = 1;
  s.tmcd_timescale = 25;
  s.tmcd_frame_duration = 1;
  s.tmcd_nframes = 30;
  img = build_movie (&s);
  assert_info_fails (img, PRW_ERROR_CORRUPT, "counts 30 frames per second",
                     "say 25/1 fps", "60/1", NULL);
  g_clear_pointer (&img, image_free);

  /* a timecode rate the library has no labels for */
  s.timescale = 60;
  s.delta = 1;
  s.tmcd_timescale = 20;
  s.tmcd_frame_duration = 1;
  s.tmcd_nframes = 20;
  img = build_movie (&s);
  assert_info_fails (img, PRW_ERROR_UNSUPPORTED, "20/1 fps (20 fps)",
                     "not supported", NULL);
  g_clear_pointer (&img, image_free);

  /* past the day at the timecode's own rate (24:00:00:00 at 25) */
  s.timescale = 50;
  s.delta = 1;
  s.tmcd_timescale = 25;
  s.tmcd_frame_duration = 1;
  s.tmcd_nframes = 25;
  s.tmcd_start = 25 * 86400;
  img = build_movie (&s);
  assert_info_fails (img, PRW_ERROR_CORRUPT, "starts at frame 2160000",
                     "2160000 frames of a day", NULL);
}
END_TEST

/* ---- several timecode samples (issue 12, C01) ---------------------------- */

/* A run of the timecode map: first frame, frames, and its start's label */
typedef struct {
  gint64 first, frames;
  const gchar *label;
} RunCase;

static void
assert_runs (PrwMediaInfo *info, const RunCase *runs, guint n)
{
  ck_assert_uint_eq (prw_media_info_get_n_timecode_runs (info), n);
  for (guint i = 0; i < n; i++) {
    g_autofree gchar *label = prw_timecode_to_string (
        prw_media_info_get_timecode_run_start (info, i));

    ck_assert_int_eq (prw_media_info_get_timecode_run_first_frame (info, i),
                      runs[i].first);
    ck_assert_int_eq (prw_media_info_get_timecode_run_frames (info, i),
                      runs[i].frames);
    ck_assert_str_eq (label, runs[i].label);
  }
  ck_assert (
      prw_timecode_equal (prw_media_info_get_start_timecode (info),
                          prw_media_info_get_timecode_run_start (info, 0)));
}

static gchar *
label_at (PrwMediaInfo *info, gint64 frame)
{
  g_autoptr (PrwTimecode) tc = prw_media_info_get_timecode_at (info, frame);

  return tc != NULL ? prw_timecode_to_string (tc) : NULL;
}

/* Three timecode samples: the reader gives every value and its duration
 * (stts, in the media's time scale), the model one run per sample where
 * the count breaks: 01:00:00:00 for 2 frames, 02:00:00:00 for 3, then
 * 01:00:00:02 (23.976: 24 labels a second, 1001 ticks of 24000 a frame). */
START_TEST (test_tmcd_samples)
{
  static const guint32 values[] = { 86400, 172800, 86402 };
  static const guint32 durations[] = { 2 * 1001, 3 * 1001, 7 * 1001 };
  static const RunCase runs[] = {
    { 0, 2, "01:00:00:00" },
    { 2, 3, "02:00:00:00" },
    { 5, 7, "01:00:00:02" },
  };
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwQtMovie) movie = NULL;
  g_autoptr (PrwMediaInfo) info = NULL;
  const PrwQtTrack *tmcd;
  g_autofree gchar *at4 = NULL, *at5 = NULL, *at11 = NULL, *at12 = NULL;

  s.n_frames = 12;
  s.tmcd_values = values;
  s.tmcd_durations = durations;
  s.n_tmcd_samples = 3;
  img = build_movie (&s);

  movie = parse_image (img, &error);
  ck_assert_msg (movie != NULL, "%s", error ? error->message : "?");
  tmcd = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_TMCD, NULL);
  ck_assert_ptr_nonnull (tmcd);
  ck_assert_uint_eq (tmcd->n_samples, 3);
  ck_assert_ptr_nonnull (tmcd->tmcd_values);
  ck_assert_ptr_nonnull (tmcd->tmcd_durations);
  for (guint i = 0; i < 3; i++) {
    ck_assert_uint_eq (tmcd->tmcd_values[i], values[i]);
    ck_assert_uint_eq (tmcd->tmcd_durations[i], durations[i]);
    ck_assert_uint_eq (tmcd->samples[i].offset, img->tmcd_sample + 4 * i);
  }
  ck_assert_int_eq (tmcd->tmcd_start_frame, 86400);

  info = info_of (img);
  assert_runs (info, runs, G_N_ELEMENTS (runs));
  at4 = label_at (info, 4);
  at5 = label_at (info, 5);
  at11 = label_at (info, 11);
  at12 = label_at (info, 12);
  ck_assert_str_eq (at4, "02:00:00:02");
  ck_assert_str_eq (at5, "01:00:00:02");
  ck_assert_str_eq (at11, "01:00:00:08");
  ck_assert_ptr_null (at12);
  ck_assert_ptr_null (prw_media_info_get_timecode_at (info, -1));
}
END_TEST

/* Samples that continue each other are one run; durations that are not
 * whole frames fall on the nearest frame, counted from the start (no
 * drift); a timecode track shorter than the video lasts to its end; a
 * timecode at half the video's rate gives runs at the video's rate. */
START_TEST (test_tmcd_samples_runs)
{
  static const struct {
    guint32 timescale, delta, tmcd_timescale, tmcd_delta;
    guint8 nframes;
    guint n_frames;
    guint32 values[3], durations[3];
    guint n_samples;
    RunCase runs[3];
    guint n_runs;
  } cases[] = {
    /* continuous: 01:00:00:00, 01:00:00:02, 01:00:00:05 */
    { 24000,
      1001,
      0,
      0,
      24,
      12,
      { 86400, 86402, 86405 },
      { 2 * 1001, 3 * 1001, 7 * 1001 },
      3,
      { { 0, 12, "01:00:00:00" } },
      1 },
    /* 2.4995 frames, then 3.5 (to 5.999): frames 0-1, 2-5, 6-11 */
    { 24000,
      1001,
      0,
      0,
      24,
      12,
      { 86400, 172800, 0 },
      { 2502, 3503, 1001 },
      3,
      { { 0, 2, "01:00:00:00" },
        { 2, 4, "02:00:00:00" },
        { 6, 6, "00:00:00:00" } },
      3 },
    /* the samples end after 5 frames: the last run lasts to frame 11 */
    { 24000,
      1001,
      0,
      0,
      24,
      12,
      { 86400, 172800 },
      { 2 * 1001, 3 * 1001 },
      2,
      { { 0, 2, "01:00:00:00" }, { 2, 10, "02:00:00:00" } },
      2 },
    /* a break backward across midnight at 25 fps */
    { 25,
      1,
      0,
      0,
      25,
      10,
      { 2159990, 5 },
      { 6, 4 },
      2,
      { { 0, 6, "23:59:59:15" }, { 6, 4, "00:00:00:05" } },
      2 },
    /* a sample of no duration shows nothing: the ones either side
     * continue each other */
    { 24000,
      1001,
      0,
      0,
      24,
      12,
      { 86400, 172800, 86402 },
      { 2 * 1001, 0, 10 * 1001 },
      3,
      { { 0, 12, "01:00:00:00" } },
      1 },
    /* samples that all last nothing: the first one's label, as a reader
     * of the first sample only (ffprobe) shows, not the last's */
    { 24000,
      1001,
      0,
      0,
      24,
      12,
      { 86400, 172800 },
      { 0, 0 },
      2,
      { { 0, 12, "01:00:00:00" } },
      1 },
    /* 30 on 60 fps: each sample's frame number doubled, its durations in
     * the media's time scale (60) */
    { 60,
      1,
      30,
      1,
      30,
      12,
      { 108000, 216000 },
      { 4, 8 },
      2,
      { { 0, 4, "01:00:00:00" }, { 4, 8, "02:00:00:00" } },
      2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    Spec s = default_spec ();
    g_autoptr (Image) img = NULL;
    g_autoptr (PrwMediaInfo) info = NULL;

    s.timescale = cases[i].timescale;
    s.delta = cases[i].delta;
    s.tmcd_timescale = cases[i].tmcd_timescale;
    s.tmcd_frame_duration = cases[i].tmcd_delta;
    s.tmcd_nframes = cases[i].nframes;
    s.n_frames = cases[i].n_frames;
    s.tmcd_values = cases[i].values;
    s.tmcd_durations = cases[i].durations;
    s.n_tmcd_samples = cases[i].n_samples;
    img = build_movie (&s);
    info = info_of (img);
    assert_runs (info, cases[i].runs, cases[i].n_runs);
  }
}
END_TEST

/* A later sample beyond a day, or shorter than a frame number: refused */
START_TEST (test_tmcd_samples_refused)
{
  static const guint32 durations[] = { 2 * 1001, 3 * 1001 };
  static const guint32 past_day[] = { 86400, 24 * 3600 * 24 };
  Spec s = default_spec ();
  g_autoptr (Image) img = NULL;

  s.tmcd_values = past_day;
  s.tmcd_durations = durations;
  s.n_tmcd_samples = 2;
  img = build_movie (&s);
  assert_info_fails (img, PRW_ERROR_CORRUPT,
                     "timecode sample 2 holds frame "
                     "2073600",
                     "2073600 frames of a day", NULL);
}
END_TEST

static Suite *
atoms_suite (void)
{
  Suite *s = suite_create ("atoms");
  TCase *tc;

  tc = tcase_create ("walker");
  tcase_add_test (tc, test_fourcc_to_string);
  tcase_add_test (tc, test_data_references);
  tcase_add_test (tc, test_tref_tmcd);
  tcase_add_test (tc, test_iter_walks);
  tcase_add_test (tc, test_iter_errors);
  suite_add_tcase (s, tc);

  tc = tcase_create ("movie");
  tcase_add_test (tc, test_parse_good_movie);
  tcase_add_test (tc, test_parse_variants);
  tcase_add_test (tc, test_parse_sound_descriptions);
  tcase_add_test (tc, test_parse_skips_unknown);
  tcase_add_test (tc, test_parse_nclx);
  tcase_add_test (tc, test_picture_extensions);
  tcase_add_test (tc, test_picture_extensions_agree);
  suite_add_tcase (s, tc);

  tc = tcase_create ("media-info");
  tcase_add_test (tc, test_media_info);
  tcase_add_test (tc, test_media_info_rates);
  tcase_add_test (tc, test_media_info_ffmpeg_tmcd_without_reel);
  tcase_add_test (tc, test_flavour_names);
  tcase_add_test (tc, test_media_info_for_test);
  suite_add_tcase (s, tc);

  tc = tcase_create ("truncated");
  tcase_add_test (tc, test_not_quicktime);
  tcase_add_test (tc, test_no_moov);
  tcase_add_test (tc, test_truncated_mid_moov);
  tcase_add_test (tc, test_truncated_mid_mdat);
  tcase_add_test (tc, test_truncated_faststart);
  tcase_add_test (tc, test_truncated_everywhere);
  tcase_add_test (tc, test_moov_cut_everywhere);
  tcase_add_test (tc, test_moov_mutations);
  suite_add_tcase (s, tc);

  tc = tcase_create ("bad-atoms");
  tcase_add_test (tc, test_atom_size_zero_in_moov);
  tcase_add_test (tc, test_atom_size_too_small);
  tcase_add_test (tc, test_atom_past_parent);
  tcase_add_test (tc, test_atom_64bit_past_parent);
  tcase_add_test (tc, test_top_level_bad_sizes);
  tcase_add_test (tc, test_moov_too_large);
  suite_add_tcase (s, tc);

  tc = tcase_create ("bad-tables");
  tcase_add_test (tc, test_stsc_samples_disagree);
  tcase_add_test (tc, test_stts_samples_disagree);
  tcase_add_test (tc, test_stsz_count_disagree);
  tcase_add_test (tc, test_stco_count_overruns);
  tcase_add_test (tc, test_stco_fewer_chunks);
  tcase_add_test (tc, test_chunk_offset_past_eof);
  tcase_add_test (tc, test_stsc_first_chunk_bad);
  tcase_add_test (tc, test_huge_sample_count);
  tcase_add_test (tc, test_huge_table_counts);
  tcase_add_test (tc, test_name_overrun);
  tcase_add_test (tc, test_tmcd_sample_too_small);
  tcase_add_test (tc, test_tmcd_short_tail_not_zero);
  suite_add_tcase (s, tc);

  tc = tcase_create ("unprintable");
  tcase_add_test (tc, test_two_tmcd_tracks);
  tcase_add_test (tc, test_no_tmcd_track);
  tcase_add_test (tc, test_no_video);
  tcase_add_test (tc, test_not_prores);
  tcase_add_test (tc, test_variable_frame_rate);
  tcase_add_test (tc, test_rounded_frame_durations);
  tcase_add_test (tc, test_video_edit_lists);
  tcase_add_test (tc, test_unsupported_rate);
  tcase_add_test (tc, test_tmcd_nframes_mismatch);
  tcase_add_test (tc, test_tmcd_start_past_a_day);
  tcase_add_test (tc, test_drop_frame_flag_without_drop_frame);
  tcase_add_test (tc, test_no_warnings);
  tcase_add_test (tc, test_tmcd_at_its_own_rate);
  tcase_add_test (tc, test_tmcd_at_its_own_rate_refused);
  suite_add_tcase (s, tc);

  tc = tcase_create ("timecode-map");
  tcase_add_test (tc, test_tmcd_samples);
  tcase_add_test (tc, test_tmcd_samples_runs);
  tcase_add_test (tc, test_tmcd_samples_refused);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  SRunner *runner = srunner_create (atoms_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
