/* libproreswriter: the last touch on qtmux's output
 *
 * One pass: the file is parsed once (through the copy sink's shift map, so
 * that qtmux's own offsets read true), its moov becomes a tree of atoms,
 * each named step below changes the tree, and the moov is written once,
 * with the few bytes outside it (the media data's size, the timecode
 * sample) written just before.
 */
#include "prw-qt-finish-private.h"
#include "prw-qt-bytes-private.h"

#include "prw-qt-atoms-private.h"
#include "prw-qt-writer-private.h"
#include "util/prw-fd-io-private.h"
#include <proreswriter/prw-error.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------------
 * The moov as a tree of atoms: containers have children, leaves keep their
 * bytes (header included). The reader already checked every size.
 */

typedef struct _Node Node;
struct _Node {
  guint32 type;
  guint64 orig_offset; /* in the original moov; G_MAXUINT64 for new ones */
  GBytes *leaf;        /* whole atom, for leaves */
  GPtrArray *children; /* Node, for containers */
};

static gboolean
is_container (guint32 type)
{
  switch (type) {
    case PRW_QT_FOURCC_MOOV:
    case PRW_QT_FOURCC_TRAK:
    case PRW_QT_FOURCC_MDIA:
    case PRW_QT_FOURCC_MINF:
    case PRW_QT_FOURCC_STBL:
    case PRW_QT_FOURCC_EDTS:
      return TRUE;
    default:
      return FALSE;
  }
}

static void
node_free (Node *node)
{
  if (node->leaf)
    g_bytes_unref (node->leaf);
  if (node->children)
    g_ptr_array_unref (node->children);
  g_free (node);
}

/* A new leaf of the atom the writer holds (it is reset). */
static Node *
node_new_leaf (GstByteWriter *w)
{
  Node *node = g_new0 (Node, 1);
  gsize size;

  node->leaf = prw_qt_writer_reset_and_get_bytes (w);
  node->type = (guint32) prw_qt_be (
      (const guint8 *) g_bytes_get_data (node->leaf, &size) + 4, 4);
  node->orig_offset = G_MAXUINT64;
  return node;
}

static Node *
node_parse (const guint8 *moov, const PrwAtom *atom, GError **error)
{
  Node *node = g_new0 (Node, 1);

  node->type = atom->type;
  node->orig_offset = atom->offset;
  if (is_container (atom->type)) {
    PrwAtomIter iter;
    PrwAtom child;
    GError *walk_error = NULL;

    node->children
        = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
    prw_atom_iter_init (&iter, moov, PRW_ATOM_PAYLOAD_OFFSET (atom),
                        atom->offset + atom->size);
    while (prw_atom_iter_next (&iter, &child, &walk_error)) {
      Node *sub = node_parse (moov, &child, error);

      if (!sub) {
        node_free (node);
        return NULL;
      }
      g_ptr_array_add (node->children, sub);
    }
    if (walk_error != NULL) {
      /* the end of the walk, or a bad child: told apart by walk_error,
       * whatever the caller passed */
      g_propagate_error (error, walk_error);
      node_free (node);
      return NULL;
    }
  } else {
    node->leaf = g_bytes_new (moov + atom->offset, atom->size);
  }
  return node;
}

static void
node_write (const Node *node, GstByteWriter *w)
{
  if (node->leaf) {
    gsize size;
    const guint8 *data = g_bytes_get_data (node->leaf, &size);

    prw_qt_put_bytes (w, data, size);
  } else {
    guint at = prw_qt_atom_begin (w, node->type);

    for (guint i = 0; i < node->children->len; i++)
      node_write (g_ptr_array_index (node->children, i), w);
    prw_qt_atom_end (w, at);
  }
}

static Node *
node_child (Node *node, guint32 type, guint *index)
{
  for (guint i = 0; node && node->children && i < node->children->len; i++) {
    Node *child = g_ptr_array_index (node->children, i);

    if (child->type == type) {
      if (index)
        *index = i;
      return child;
    }
  }
  return NULL;
}

static void
node_replace_child (Node *parent, guint index, Node *replacement)
{
  node_free (g_ptr_array_index (parent->children, index));
  parent->children->pdata[index] = replacement;
}

/* trak/mdia/minf/stbl, or NULL */
static Node *
trak_stbl (Node *trak)
{
  return node_child (node_child (node_child (trak, PRW_QT_FOURCC_MDIA, NULL),
                                 PRW_QT_FOURCC_MINF, NULL),
                     PRW_QT_FOURCC_STBL, NULL);
}

/* A reader over a leaf's payload, past its full atom's version and flags:
 * FALSE unless it has a plain 8-byte header and at least 4 more bytes. */
static gboolean
leaf_full_payload (const Node *leaf, GstByteReader *r, guint8 *version)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (leaf->leaf, &size);
  PrwAtom atom;

  gst_byte_reader_init (r, data, (guint) size);
  return prw_qt_atom_header_read (r, &atom) == PRW_QT_HEADER_OK
         && atom.header_size == 8 && gst_byte_reader_get_uint8 (r, version)
         && gst_byte_reader_skip (r, 3);
}

/* ------------------------------------------------------------------------
 * One finish.
 */

typedef struct {
  guint64 offset; /* physical */
  guint size;
  guint8 bytes[16];
} Patch;

typedef struct {
  int fd;
  const gchar *name;
  const PrwQtFinishFacts *facts;
  const PrwShift *shifts;
  guint n_shifts;

  PrwQtMovie *movie; /* as qtmux laid it out (logical offsets) */
  const PrwQtTrack *video, *tmcd;
  Node *moov;
  Node *video_trak;
  guint64 moov_at;  /* where the moov goes (physical) */
  guint64 appended; /* bytes added at the end of the media data */
  GArray *patches;  /* Patch: bytes outside the moov to write */
  guint32 next_track_id;
  gboolean timecode_copied; /* the base's timecode track is the output's */
} Finish;

static guint64
physical (const Finish *f, guint64 logical)
{
  return prw_shift_map (f->shifts, f->n_shifts, logical);
}

static void
add_patch (Finish *f, guint64 offset, GstByteWriter *w)
{
  g_autoptr (GBytes) bytes = prw_qt_writer_reset_and_get_bytes (w);
  Patch patch = { offset, g_bytes_get_size (bytes), { 0 } };

  g_assert (patch.size <= sizeof patch.bytes);
  memcpy (patch.bytes, g_bytes_get_data (bytes, NULL), patch.size);
  g_array_append_val (f->patches, patch);
}

static gboolean
set_not_as_expected (Finish *f, const gchar *what, GError **error)
{
  g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
               "%s: the muxer's %s is not as expected", f->name, what);
  return FALSE;
}

static gboolean
set_bad_layout (Finish *f, GError **error)
{
  g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
               "%s: the muxer's output is not laid out as expected "
               "(media data, then the movie header)",
               f->name);
  return FALSE;
}

/* A PrwQtReadFunc that reads the file as qtmux wrote it: logical offsets,
 * with the copy sink's holes left out. */
static gboolean
read_logical (gpointer user_data, guint64 offset, guint8 *buf, gsize size,
              GError **error)
{
  Finish *f = user_data;

  while (size > 0) {
    gsize run = size;

    /* up to the next hole, if it starts inside the read */
    for (guint i = 0; i < f->n_shifts; i++) {
      if (f->shifts[i].logical > offset) {
        run = MIN (run, f->shifts[i].logical - offset);
        break;
      }
    }
    if (!prw_qt_pread (GINT_TO_POINTER (f->fd), physical (f, offset), buf, run,
                       error))
      return FALSE;
    buf += run;
    offset += run;
    size -= run;
  }
  return TRUE;
}

/* Parses the file once and makes the moov's tree. */
static gboolean
finish_parse (Finish *f, GError **error)
{
  guint64 holes = f->n_shifts ? f->shifts[f->n_shifts - 1].shift : 0;
  const PrwQtMovie *movie;
  PrwAtom top = { 0 };
  guint n_tmcd;
  struct stat st;

  if (fstat (f->fd, &st) < 0)
    return prw_set_error_from_errno (error, errno, f->name, NULL);
  if ((guint64) st.st_size < holes)
    return set_bad_layout (f, error);
  f->movie = prw_qt_movie_parse (f->name, st.st_size - holes, read_logical, f,
                                 error);
  if (!(movie = f->movie))
    return FALSE;

  f->video = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_VIDE, NULL);
  f->tmcd = prw_qt_movie_find_track (movie, PRW_QT_FOURCC_TMCD, &n_tmcd);
  if (!f->video
      || f->video->format
             != (guint32) prw_qt_be (f->facts->video_description + 4, 4)
      || movie->moov_offset + movie->moov_size != movie->file_size
      || movie->mdat_offset + movie->mdat_size != movie->moov_offset
      || n_tmcd > 1)
    return set_bad_layout (f, error);
  f->moov_at = physical (f, movie->moov_offset);
  f->next_track_id = movie->next_track_id;

  top.type = PRW_QT_FOURCC_MOOV;
  top.size = movie->moov_size;
  top.header_size = movie->moov_header_size;
  if (!(f->moov = node_parse (movie->moov, &top, error)))
    return FALSE;
  for (guint i = 0; i < f->moov->children->len; i++) {
    Node *child = g_ptr_array_index (f->moov->children, i);

    if (child->orig_offset == f->video->trak.offset)
      f->video_trak = child;
  }
  if (!trak_stbl (f->video_trak))
    return set_not_as_expected (f, "video track", error);
  return TRUE;
}

/* ---- step: chunk offsets to where the copy sink put the bytes ---------- */

/* A chunk offset table (stco or co64) with every entry moved. */
static Node *
chunk_offsets_moved (Finish *f, const Node *node, GError **error)
{
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  gboolean wide = node->type == PRW_QT_FOURCC_CO64, moved_wide = FALSE;
  guint entry_size = wide ? 8 : 4;
  g_autofree guint64 *moved = NULL;
  GstByteReader r;
  guint8 version;
  guint32 count;

  if (!leaf_full_payload (node, &r, &version) || !prw_qt_get_u32 (&r, &count)
      || (guint64) count * entry_size > gst_byte_reader_get_remaining (&r)) {
    set_not_as_expected (f, "chunk offset table", error);
    return NULL;
  }
  moved = g_new (guint64, MAX (count, 1));
  for (guint32 i = 0; i < count; i++) {
    guint64 logical
        = wide ? prw_qt_get_u64_unchecked (&r) : prw_qt_get_u32_unchecked (&r);

    moved[i] = physical (f, logical);
    moved_wide = moved_wide || moved[i] > G_MAXUINT32;
  }
  prw_qt_write_chunk_offsets (&w, moved, count, moved_wide);
  return node_new_leaf (&w);
}

/* Every video sample becomes its own chunk at its real offset (a hole may
 * fall inside one of qtmux's chunks). */
static gboolean
split_video_chunks (Finish *f, Node *stbl, GError **error)
{
  const PrwQtTrack *video = f->video;
  const PrwQtChunkRun one_per_chunk = { 1, 1, 1 };
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  g_autofree guint64 *offsets = NULL;
  gboolean wide = FALSE;

  if (!video->samples || video->n_descriptions != 1
      || video->n_samples > G_MAXUINT32)
    return set_not_as_expected (f, "video track", error);
  offsets = g_new (guint64, MAX (video->n_samples, 1));
  for (guint64 k = 0; k < video->n_samples; k++) {
    offsets[k] = physical (f, video->samples[k].offset);
    wide = wide || offsets[k] > G_MAXUINT32;
  }
  for (guint j = 0; j < stbl->children->len; j++) {
    Node *child = g_ptr_array_index (stbl->children, j);

    if (child->type == PRW_QT_FOURCC_STSC) {
      prw_qt_write_stsc (&w, &one_per_chunk, 1);
      node_replace_child (stbl, j, node_new_leaf (&w));
    } else if (child->type == PRW_QT_FOURCC_STCO
               || child->type == PRW_QT_FOURCC_CO64) {
      prw_qt_write_chunk_offsets (&w, offsets, video->n_samples, wide);
      node_replace_child (stbl, j, node_new_leaf (&w));
    }
  }
  return TRUE;
}

/* The copy sink left holes in the media data that qtmux knew nothing of,
 * each before a video frame: every video sample becomes its own chunk at
 * its real offset, and the other tracks' chunk offsets move with the holes
 * before them. (The media data's size is written with the moov.) */
static gboolean
step_move_chunk_offsets (Finish *f, GError **error)
{
  if (f->n_shifts == 0)
    return TRUE;
  for (guint i = 0; i < f->moov->children->len; i++) {
    Node *trak = g_ptr_array_index (f->moov->children, i);
    Node *stbl = trak_stbl (trak);

    if (!stbl)
      continue;
    if (trak == f->video_trak) {
      if (!split_video_chunks (f, stbl, error))
        return FALSE;
      continue;
    }
    for (guint j = 0; j < stbl->children->len; j++) {
      Node *child = g_ptr_array_index (stbl->children, j);
      Node *moved;

      if (child->type != PRW_QT_FOURCC_STCO
          && child->type != PRW_QT_FOURCC_CO64)
        continue;
      if (!(moved = chunk_offsets_moved (f, child, error)))
        return FALSE;
      node_replace_child (stbl, j, moved);
    }
  }
  return TRUE;
}

/* ---- step: the base's video sample description -------------------------- */

static gboolean
step_replace_video_description (Finish *f, GError **error)
{
  const guint8 *desc = f->facts->video_description;
  gsize size = f->facts->video_description_size;
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  Node *stbl = trak_stbl (f->video_trak);
  guint index, at;

  if (!node_child (stbl, PRW_QT_FOURCC_STSD, &index))
    return set_not_as_expected (f, "video track", error);
  /* alone in a new stsd; the output has one data reference, the file */
  at = prw_qt_stsd_begin (&w, 1);
  prw_qt_put_bytes (&w, desc, 14);
  prw_qt_put16 (&w, 1);
  prw_qt_put_bytes (&w, desc + 16, size - 16);
  prw_qt_atom_end (&w, at);
  node_replace_child (stbl, index, node_new_leaf (&w));
  return TRUE;
}

/* ---- steps: the timecode ------------------------------------------------ */

/* The timecode description's format for timescale / frame_duration. */
static PrwQtTimecodeFormat
timecode_format (Finish *f, guint32 timescale, guint32 frame_duration)
{
  /* 24 hour max: our labels wrap at midnight */
  PrwQtTimecodeFormat format
      = { (f->facts->drop_frame ? PRW_QT_TMCD_FLAG_DROP_FRAME : 0)
              | PRW_QT_TMCD_FLAG_24_HOUR_MAX,
          timescale, frame_duration, f->facts->nominal_fps };

  return format;
}

/* The one timecode sample, the start frame big-endian, at offset. */
static void
patch_timecode_sample (Finish *f, guint64 offset)
{
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;

  prw_qt_put32 (&w, f->facts->start_frame);
  add_patch (f, offset, &w);
}

/* qtmux's timecode track: keep its timing, replace its description (drop
 * flag, reel), and make sure its sample is the start frame. */
static gboolean
step_set_timecode_description (Finish *f, GError **error)
{
  const PrwQtTrack *tmcd = f->tmcd;
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  PrwQtTimecodeFormat format;
  Node *stbl = NULL;
  guint index;

  if (!tmcd || f->timecode_copied)
    return TRUE;
  for (guint i = 0; i < f->moov->children->len; i++) {
    Node *child = g_ptr_array_index (f->moov->children, i);

    if (child->orig_offset == tmcd->trak.offset)
      stbl = trak_stbl (child);
  }
  if (!node_child (stbl, PRW_QT_FOURCC_STSD, &index) || tmcd->n_samples != 1
      || tmcd->tmcd_timescale == 0 || tmcd->tmcd_frame_duration == 0)
    return set_not_as_expected (f, "timecode track", error);
  format = timecode_format (f, tmcd->tmcd_timescale, tmcd->tmcd_frame_duration);
  prw_qt_write_tmcd_stsd (&w, &format, f->facts->reel_name);
  node_replace_child (stbl, index, node_new_leaf (&w));
  if (tmcd->tmcd_start_frame != f->facts->start_frame)
    patch_timecode_sample (f, physical (f, tmcd->samples[0].offset));
  return TRUE;
}

/* The video tkhd's duration (in the movie's timescale). */
static guint64
tkhd_duration (Node *trak)
{
  Node *tkhd = node_child (trak, PRW_QT_FOURCC_TKHD, NULL);
  GstByteReader r;
  guint8 version;
  guint32 d32;
  guint64 d64;

  if (!tkhd || !leaf_full_payload (tkhd, &r, &version))
    return 0;
  /* times, track_ID, reserved, then the duration */
  if (version == 0 && gst_byte_reader_skip (&r, 16)
      && prw_qt_get_u32 (&r, &d32))
    return d32;
  if (version == 1 && gst_byte_reader_skip (&r, 24)
      && prw_qt_get_u64 (&r, &d64))
    return d64;
  return 0;
}

/* mvhd's next_track_ID, wherever its version puts it. */
static void
mvhd_set_next_track_id (Node *mvhd, guint32 next)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (mvhd->leaf, &size);
  GstByteReader r;
  guint8 version, *copy;
  gsize at;

  if (!leaf_full_payload (mvhd, &r, &version))
    return;
  at = 8 + (version == 1 ? 108 : 96);
  if (at + 4 > size)
    return;
  copy = g_memdup2 (data, size);
  prw_qt_write_be (copy + at, next, 4);
  g_bytes_unref (mvhd->leaf);
  mvhd->leaf = g_bytes_new_take (copy, size);
}

/* qtmux made no timecode track (rates above 60 fps): its one sample goes
 * at the end of the media data, the track after the others, a reference
 * to it in the video track. */
static gboolean
step_add_timecode_track (Finish *f, GError **error)
{
  const PrwQtFinishFacts *facts = f->facts;
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  guint32 track_id = f->movie->next_track_id;
  PrwQtTimecodeFormat format;
  PrwQtTimecodeTrak trak = { 0 };
  g_autoptr (GBytes) stsd = NULL;
  Node *mvhd;
  guint index = 0;

  track_id = f->next_track_id;
  if (f->tmcd || f->timecode_copied)
    return TRUE;
  if (node_child (f->video_trak, PRW_QT_FOURCC_TREF, NULL)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                 "%s: the video track already has track references", f->name);
    return FALSE;
  }
  patch_timecode_sample (f, f->moov_at);
  f->appended = 4;

  format = timecode_format (f, facts->rate_num, facts->rate_den);
  prw_qt_write_tmcd_stsd (&w, &format, facts->reel_name);
  stsd = prw_qt_writer_reset_and_get_bytes (&w);
  trak.track_id = track_id;
  trak.movie_duration = MIN (tkhd_duration (f->video_trak), G_MAXUINT32);
  trak.timescale = facts->rate_num;
  trak.media_duration = facts->n_frames * facts->rate_den;
  trak.sample_offset = f->moov_at;
  trak.stsd = g_bytes_get_data (stsd, &trak.stsd_size);
  prw_qt_write_tmcd_trak (&w, &trak);
  g_ptr_array_add (f->moov->children, node_new_leaf (&w));

  prw_qt_write_tref_tmcd (&w, track_id);
  node_child (f->video_trak, PRW_QT_FOURCC_MDIA, &index);
  g_ptr_array_insert (f->video_trak->children, index, node_new_leaf (&w));
  mvhd = node_child (f->moov, PRW_QT_FOURCC_MVHD, NULL);
  if (mvhd)
    mvhd_set_next_track_id (mvhd, track_id + 1);
  f->next_track_id = track_id + 1;
  f->moov_at += f->appended;
  return TRUE;
}

/* ---- step: the base's tracks copied as they are ------------------------ */

/* A copy of a leaf's bytes to patch in place. */
static guint8 *
leaf_copy (Node *leaf, gsize *size)
{
  const guint8 *data = g_bytes_get_data (leaf->leaf, size);

  return g_memdup2 (data, *size);
}

static void
leaf_take (Node *leaf, guint8 *data, gsize size)
{
  g_bytes_unref (leaf->leaf);
  leaf->leaf = g_bytes_new_take (data, size);
}

/* A duration in the base's movie time scale, in the output's: exact when
 * it divides, else to the nearest unit. FALSE when it does not fit
 * max. */
static gboolean
rescale_duration (Finish *f, guint64 d, guint64 max, guint64 *out)
{
  guint32 from = f->facts->base_movie_timescale;
  guint32 to = f->movie->movie_timescale;

  *out = (from == to || from == 0 || to == 0)
             ? d
             : gst_util_uint64_scale_round (d, to, from);
  return *out <= max;
}

static gboolean
set_not_rescaled (Finish *f, guint32 id, GError **error)
{
  g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
               "%s: track %u of the base: a duration does not fit its field "
               "in the output's movie time scale (%u per second, the base's "
               "%u)",
               f->name, id, f->movie->movie_timescale,
               f->facts->base_movie_timescale);
  return FALSE;
}

/* tkhd: the new track ID and the duration in the output's time scale. */
static gboolean
copied_tkhd (Finish *f, Node *tkhd, guint32 id, guint64 *duration,
             GError **error)
{
  gsize size;
  guint8 *d = leaf_copy (tkhd, &size);
  gboolean v1 = size > 8 && d[8] == 1;
  gsize id_at = v1 ? 28 : 20, dur_at = v1 ? 36 : 28, dur_n = v1 ? 8 : 4;

  if (size < dur_at + dur_n) {
    g_free (d);
    return set_not_as_expected (f, "copy of a base track header", error);
  }
  prw_qt_write_be (d + id_at, id, 4);
  if (!rescale_duration (f, prw_qt_be (d + dur_at, dur_n),
                         v1 ? G_MAXUINT64 : G_MAXUINT32, duration)) {
    g_free (d);
    return set_not_rescaled (f, id, error);
  }
  prw_qt_write_be (d + dur_at, *duration, dur_n);
  leaf_take (tkhd, d, size);
  return TRUE;
}

/* elst: every edit's duration in the output's time scale. */
static gboolean
copied_elst (Finish *f, Node *elst, guint32 id, GError **error)
{
  gsize size;
  guint8 *d = leaf_copy (elst, &size);
  gboolean v1 = size > 8 && d[8] == 1;
  gsize entry = v1 ? 20 : 12, n_dur = v1 ? 8 : 4;
  guint64 count = size >= 16 ? prw_qt_be (d + 12, 4) : 0;

  if (size < 16 || count > (size - 16) / entry) {
    g_free (d);
    return set_not_as_expected (f, "copy of a base edit list", error);
  }
  for (guint64 i = 0; i < count; i++) {
    guint8 *at = d + 16 + i * entry;
    guint64 out;

    if (!rescale_duration (f, prw_qt_be (at, n_dur),
                           v1 ? G_MAXUINT64 : G_MAXUINT32, &out)) {
      g_free (d);
      return set_not_rescaled (f, id, error);
    }
    prw_qt_write_be (at, out, n_dur);
  }
  leaf_take (elst, d, size);
  return TRUE;
}

/* The new ID of a base track copied into the output, or 0. */
static guint32
copied_id (Finish *f, guint32 base_id, guint32 first_id)
{
  for (guint i = 0; i < f->facts->n_copied; i++)
    if (f->facts->copied[i].base_track_id == base_id)
      return first_id + i;
  return 0;
}

/* tref: references to copied tracks follow them; references of a kind
 * naming another track are dropped (it is not in the output). NULL: none
 * is left. */
static Node *
copied_tref (Finish *f, Node *tref, guint32 first_id)
{
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  gsize size;
  const guint8 *d = g_bytes_get_data (tref->leaf, &size);
  guint at = prw_qt_atom_begin (&w, PRW_QT_FOURCC_TREF);
  gboolean any = FALSE;
  gsize p = 8;

  while (p + 8 <= size) {
    guint64 len = prw_qt_be (d + p, 4);
    gboolean all = TRUE;

    if (len < 8 || len > size - p)
      break;
    for (gsize q = p + 8; q + 4 <= p + len; q += 4)
      all = all && copied_id (f, (guint32) prw_qt_be (d + q, 4), first_id);
    if (all) {
      guint kind = prw_qt_atom_begin (&w, (guint32) prw_qt_be (d + p + 4, 4));

      for (gsize q = p + 8; q + 4 <= p + len; q += 4)
        prw_qt_put32 (&w,
                      copied_id (f, (guint32) prw_qt_be (d + q, 4), first_id));
      prw_qt_atom_end (&w, kind);
      any = TRUE;
    }
    p += len;
  }
  prw_qt_atom_end (&w, at);
  return any ? node_new_leaf (&w) : NULL;
}

/* One base trak, its IDs, durations and chunk offsets made the output's. */
static Node *
copied_trak (Finish *f, const PrwQtCopiedTrak *c, guint32 id, guint32 first_id,
             guint64 *duration, GError **error)
{
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  GstByteReader r;
  PrwAtom atom;
  Node *trak, *stbl, *tkhd;
  gboolean wide = FALSE;

  gst_byte_reader_init (&r, c->trak, (guint) c->trak_size);
  if (prw_qt_atom_header_read (&r, &atom) != PRW_QT_HEADER_OK
      || atom.type != PRW_QT_FOURCC_TRAK || atom.size != c->trak_size) {
    set_not_as_expected (f, "copy of a base track", error);
    return NULL;
  }
  if (!(trak = node_parse (c->trak, &atom, error)))
    return NULL;
  stbl = trak_stbl (trak);
  tkhd = node_child (trak, PRW_QT_FOURCC_TKHD, NULL);
  if (!stbl || !tkhd || !copied_tkhd (f, tkhd, id, duration, error))
    goto fail;
  for (guint i = 0; i < trak->children->len; i++) {
    Node *child = g_ptr_array_index (trak->children, i);

    if (child->type == PRW_QT_FOURCC_EDTS) {
      for (guint j = 0; child->children && j < child->children->len; j++) {
        Node *elst = g_ptr_array_index (child->children, j);

        if (elst->leaf && elst->type == PRW_QT_FOURCC_ELST
            && !copied_elst (f, elst, id, error))
          goto fail;
      }
    } else if (child->type == PRW_QT_FOURCC_TREF && child->leaf) {
      Node *tref = copied_tref (f, child, first_id);

      if (tref) {
        node_replace_child (trak, i, tref);
      } else {
        node_free (g_ptr_array_steal_index (trak->children, i));
        i--;
      }
    }
  }
  for (guint64 k = 0; k < c->n_chunks; k++)
    wide = wide || c->chunk_offsets[k] > G_MAXUINT32;
  for (guint j = 0; j < stbl->children->len; j++) {
    Node *child = g_ptr_array_index (stbl->children, j);
    guint64 n = 0;

    if (child->type != PRW_QT_FOURCC_STCO && child->type != PRW_QT_FOURCC_CO64)
      continue;
    if (child->leaf) {
      gsize size;
      const guint8 *d = g_bytes_get_data (child->leaf, &size);

      n = size >= 16 ? prw_qt_be (d + 12, 4) : G_MAXUINT64;
    }
    if (n != c->n_chunks) {
      set_not_as_expected (f, "copy of a base chunk offset table", error);
      goto fail;
    }
    prw_qt_write_chunk_offsets (&w, c->chunk_offsets, c->n_chunks, wide);
    node_replace_child (stbl, j, node_new_leaf (&w));
  }
  return trak;

fail:
  node_free (trak);
  return NULL;
}

/* mvhd's duration: at least max. */
static void
mvhd_extend_duration (Node *mvhd, guint64 max)
{
  gsize size;
  guint8 *d = leaf_copy (mvhd, &size);
  gboolean v1 = size > 8 && d[8] == 1;
  gsize at = v1 ? 32 : 24, n = v1 ? 8 : 4;

  if (size >= at + n && prw_qt_be (d + at, n) < max
      && (v1 || max <= G_MAXUINT32))
    prw_qt_write_be (d + at, max, n);
  leaf_take (mvhd, d, size);
}

/* The base's sound tracks (and its timecode track, when copied) as the
 * base has them, after the output's own tracks; the video refers to a
 * copied timecode track. */
static gboolean
step_copy_base_tracks (Finish *f, GError **error)
{
  const PrwQtFinishFacts *facts = f->facts;
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  guint32 first_id = f->next_track_id;
  guint insert_at = 0;
  guint64 longest = 0;
  Node *mvhd;

  if (facts->n_copied == 0)
    return TRUE;
  for (guint i = 0; i < f->moov->children->len; i++) {
    Node *child = g_ptr_array_index (f->moov->children, i);

    if (child->type == PRW_QT_FOURCC_TRAK || child->type == PRW_QT_FOURCC_MVHD)
      insert_at = i + 1;
  }
  for (guint i = 0; i < facts->n_copied; i++) {
    const PrwQtCopiedTrak *c = &facts->copied[i];
    guint64 duration = 0;
    Node *trak = copied_trak (f, c, first_id + i, first_id, &duration, error);

    if (!trak)
      return FALSE;
    g_ptr_array_insert (f->moov->children, insert_at++, trak);
    longest = MAX (longest, duration);
    if (!c->timecode)
      continue;
    if (f->tmcd || f->timecode_copied
        || node_child (f->video_trak, PRW_QT_FOURCC_TREF, NULL))
      return set_not_as_expected (f, "timecode track", error);
    f->timecode_copied = TRUE;
    prw_qt_write_tref_tmcd (&w, first_id + i);
    {
      guint index = 0;

      node_child (f->video_trak, PRW_QT_FOURCC_MDIA, &index);
      g_ptr_array_insert (f->video_trak->children, index, node_new_leaf (&w));
    }
  }
  f->next_track_id = first_id + facts->n_copied;
  mvhd = node_child (f->moov, PRW_QT_FOURCC_MVHD, NULL);
  if (mvhd) {
    mvhd_set_next_track_id (mvhd, f->next_track_id);
    mvhd_extend_duration (mvhd, longest);
  }
  return TRUE;
}

/* ---- writing ------------------------------------------------------------ */

/* The media data's size, where the holes and the appended bytes put its
 * end: in its own header, or (past 4 GB) in a 64-bit header that takes
 * over the 8-byte free atom before it. */
static gboolean
patch_media_data_size (Finish *f, GError **error)
{
  const PrwQtMovie *movie = f->movie;
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  guint64 at = physical (f, movie->mdat_offset);
  guint64 size = f->moov_at - at;

  if (f->n_shifts == 0 && f->appended == 0)
    return TRUE;
  if (movie->mdat_header_size == 16 || size <= G_MAXUINT32) {
    prw_qt_atom_header_write (&w, PRW_QT_FOURCC_MDAT, size,
                              movie->mdat_header_size);
  } else if (movie->mdat_after_free8) {
    prw_qt_atom_header_write (&w, PRW_QT_FOURCC_MDAT, size + 8, 16);
    at -= 8;
  } else {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                 "%s: media data too large for its 32-bit size", f->name);
    return FALSE;
  }
  add_patch (f, at, &w);
  return TRUE;
}

static gboolean
pwrite_all (Finish *f, const guint8 *buf, gsize size, guint64 offset,
            GError **error)
{
  if (!prw_fd_pwrite_all (f->fd, buf, size, offset))
    return prw_set_error_from_errno (error, errno, f->name, "write failed");
  return TRUE;
}

static gboolean
finish_write (Finish *f, GError **error)
{
  g_auto (PrwQtWriter) w = PRW_QT_WRITER_INIT;
  g_autoptr (GBytes) moov = NULL;
  const guint8 *data;
  gsize size;

  if (!patch_media_data_size (f, error))
    return FALSE;
  for (guint i = 0; i < f->patches->len; i++) {
    const Patch *p = &g_array_index (f->patches, Patch, i);

    if (!pwrite_all (f, p->bytes, p->size, p->offset, error))
      return FALSE;
  }
  node_write (f->moov, &w);
  moov = prw_qt_writer_reset_and_get_bytes (&w);
  data = g_bytes_get_data (moov, &size);
  if (!pwrite_all (f, data, size, f->moov_at, error))
    return FALSE;
  if (ftruncate (f->fd, f->moov_at + size) < 0)
    return prw_set_error_from_errno (error, errno, f->name, NULL);
  return TRUE;
}

/* ------------------------------------------------------------------------ */

typedef gboolean (*FinishStep) (Finish *f, GError **error);

/* In this order: the timecode track is added with offsets already moved,
 * and after the copied tracks (which may be the timecode). */
static const FinishStep steps[] = {
  step_move_chunk_offsets, step_replace_video_description,
  step_copy_base_tracks,   step_set_timecode_description,
  step_add_timecode_track,
};

gboolean
prw_qt_finish (int fd, const gchar *name, const PrwQtFinishFacts *facts,
               const PrwShift *shifts, guint n_shifts, GError **error)
{
  Finish f = { 0 };
  gboolean ok;

  g_return_val_if_fail (fd >= 0, FALSE);
  g_return_val_if_fail (name != NULL && facts != NULL, FALSE);
  g_return_val_if_fail (facts->video_description != NULL
                            && facts->video_description_size >= 16,
                        FALSE);
  g_return_val_if_fail (n_shifts == 0 || shifts != NULL, FALSE);

  f.fd = fd;
  f.name = name;
  f.facts = facts;
  f.shifts = shifts;
  f.n_shifts = n_shifts;
  f.patches = g_array_new (FALSE, FALSE, sizeof (Patch));

  ok = finish_parse (&f, error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (steps); i++)
    ok = steps[i](&f, error);
  ok = ok && finish_write (&f, error);

  g_array_unref (f.patches);
  if (f.moov)
    node_free (f.moov);
  prw_qt_movie_free (f.movie);
  return ok;
}
