/* libproreswriter: the last touch on qtmux's output */
#include "prw-qt-finish-private.h"

#include "prw-media-info-private.h"
#include "render/prw-shift-private.h"
#include "util/prw-fd-io-private.h"
#include <gst/gst.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------------
 * Writing atoms into a GByteArray.
 */

static void
put_be16 (GByteArray *out, guint16 v)
{
  guint8 b[2] = { v >> 8, v };

  g_byte_array_append (out, b, 2);
}

static void
put_be32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (out, b, 4);
}

static void
put_zeros (GByteArray *out, guint n)
{
  static const guint8 zeros[64] = { 0 };

  g_assert (n <= sizeof zeros);
  g_byte_array_append (out, zeros, n);
}

/* Starts an atom; returns where its size goes, for atom_end(). */
static guint
atom_begin (GByteArray *out, guint32 type)
{
  guint at = out->len;

  put_be32 (out, 0);
  put_be32 (out, type);
  return at;
}

static void
atom_end (GByteArray *out, guint at)
{
  guint32 size = out->len - at;

  out->data[at] = size >> 24;
  out->data[at + 1] = size >> 16;
  out->data[at + 2] = size >> 8;
  out->data[at + 3] = size;
}

static guint32
get_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8)
         | p[3];
}

/* ------------------------------------------------------------------------
 * The moov as a tree of atoms: containers have children, leaves keep their
 * bytes (header included). The parser already checked every size.
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
    case PRW_FOURCC ('m', 'o', 'o', 'v'):
    case PRW_FOURCC ('t', 'r', 'a', 'k'):
    case PRW_FOURCC ('m', 'd', 'i', 'a'):
    case PRW_FOURCC ('m', 'i', 'n', 'f'):
    case PRW_FOURCC ('s', 't', 'b', 'l'):
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

static Node *
node_new_leaf (GByteArray *bytes)
{
  Node *node = g_new0 (Node, 1);

  node->type = get_be32 (bytes->data + 4);
  node->orig_offset = G_MAXUINT64;
  node->leaf = g_byte_array_free_to_bytes (bytes);
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

    node->children
        = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
    prw_atom_iter_init (&iter, moov, PRW_ATOM_PAYLOAD_OFFSET (atom),
                        atom->offset + atom->size);
    while (prw_atom_iter_next (&iter, &child, error)) {
      Node *sub = node_parse (moov, &child, error);

      if (!sub) {
        node_free (node);
        return NULL;
      }
      g_ptr_array_add (node->children, sub);
    }
    if (error && *error) {
      node_free (node);
      return NULL;
    }
  } else {
    node->leaf = g_bytes_new (moov + atom->offset, atom->size);
  }
  return node;
}

static void
node_serialize (const Node *node, GByteArray *out)
{
  if (node->leaf) {
    g_byte_array_append (out, g_bytes_get_data (node->leaf, NULL),
                         g_bytes_get_size (node->leaf));
  } else {
    guint at = atom_begin (out, node->type);
    guint i;

    for (i = 0; i < node->children->len; i++)
      node_serialize (g_ptr_array_index (node->children, i), out);
    atom_end (out, at);
  }
}

static Node *
node_child (Node *node, guint32 type, guint *index)
{
  guint i;

  for (i = 0; node->children && i < node->children->len; i++) {
    Node *child = g_ptr_array_index (node->children, i);

    if (child->type == type) {
      if (index)
        *index = i;
      return child;
    }
  }
  return NULL;
}

static Node *
node_find_trak (Node *moov, guint64 orig_offset)
{
  guint i;

  for (i = 0; i < moov->children->len; i++) {
    Node *child = g_ptr_array_index (moov->children, i);

    if (child->orig_offset == orig_offset)
      return child;
  }
  return NULL;
}

/* trak/mdia/minf/stbl/stsd, or NULL */
static Node *
trak_stsd (Node *trak, guint *index, Node **stbl_out)
{
  Node *n = trak;

  n = n ? node_child (n, PRW_FOURCC ('m', 'd', 'i', 'a'), NULL) : NULL;
  n = n ? node_child (n, PRW_FOURCC ('m', 'i', 'n', 'f'), NULL) : NULL;
  n = n ? node_child (n, PRW_FOURCC ('s', 't', 'b', 'l'), NULL) : NULL;
  if (stbl_out)
    *stbl_out = n;
  return n ? node_child (n, PRW_FOURCC ('s', 't', 's', 'd'), index) : NULL;
}

static void
node_replace_child (Node *parent, guint index, Node *replacement)
{
  node_free (g_ptr_array_index (parent->children, index));
  parent->children->pdata[index] = replacement;
}

/* ------------------------------------------------------------------------
 * What goes in.
 */

/* The base's first video sample description, alone in a new stsd. */
static GByteArray *
video_stsd_from_base (const PrwQtMovie *movie, const PrwQtTrack *video,
                      GError **error)
{
  const guint8 *stsd = movie->moov + video->stsd.offset;
  guint64 stsd_size = video->stsd.size;
  guint64 entry_at = video->stsd.header_size + 8;
  guint32 entry_size;
  GByteArray *out;
  guint at;

  if (entry_at + 8 > stsd_size || (entry_size = get_be32 (stsd + entry_at)) < 8
      || entry_at + entry_size > stsd_size) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: video sample description is malformed", movie->path);
    return NULL;
  }
  out = g_byte_array_new ();
  at = atom_begin (out, PRW_FOURCC ('s', 't', 's', 'd'));
  put_be32 (out, 0); /* version, flags */
  put_be32 (out, 1); /* one entry */
  g_byte_array_append (out, stsd + entry_at, entry_size);
  /* The output has one data reference, the file itself. */
  out->data[out->len - entry_size + 14] = 0;
  out->data[out->len - entry_size + 15] = 1;
  atom_end (out, at);
  return out;
}

static GByteArray *
tmcd_stsd_new (const PrwTimecode *start, const gchar *reel, guint32 timescale,
               guint32 frame_duration)
{
  GByteArray *out = g_byte_array_new ();
  guint stsd, entry;

  stsd = atom_begin (out, PRW_FOURCC ('s', 't', 's', 'd'));
  put_be32 (out, 0);
  put_be32 (out, 1);
  entry = atom_begin (out, PRW_FOURCC ('t', 'm', 'c', 'd'));
  put_zeros (out, 6);
  put_be16 (out, 1); /* data reference index */
  put_be32 (out, 0); /* reserved */
  /* drop frame (1), 24 hour max (2): our labels wrap at midnight */
  put_be32 (out, (start->drop_frame ? 0x1 : 0) | 0x2);
  put_be32 (out, timescale);
  put_be32 (out, frame_duration);
  g_byte_array_append (out,
                       (const guint8[]){ prw_timecode_rate_get_nominal_fps (
                                             start->rate_num, start->rate_den),
                                         0 },
                       2);
  if (reel && *reel) {
    guint name = atom_begin (out, PRW_FOURCC ('n', 'a', 'm', 'e'));
    gsize len = MIN (strlen (reel), G_MAXUINT16);

    put_be16 (out, len);
    put_be16 (out, 0); /* language: English */
    g_byte_array_append (out, (const guint8 *) reel, len);
    atom_end (out, name);
  }
  atom_end (out, entry);
  atom_end (out, stsd);
  return out;
}

static void
put_full_atom_header (GByteArray *out, guint8 version, guint32 flags)
{
  put_be32 (out, ((guint32) version << 24) | (flags & 0xffffff));
}

static void
put_matrix (GByteArray *out)
{
  static const guint32 identity[9]
      = { 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000 };
  guint i;

  for (i = 0; i < 9; i++)
    put_be32 (out, identity[i]);
}

/* A whole timecode trak with its one sample at sample_offset, for rates
 * qtmux cannot do. Laid out as qtmux lays out its own. */
static GByteArray *
tmcd_trak_new (guint32 track_id, guint32 movie_duration, guint32 timescale,
               guint32 frame_duration, gint64 frames, guint64 sample_offset,
               GByteArray *stsd)
{
  GByteArray *out = g_byte_array_new ();
  guint trak, a, mdia, minf, gmhd, tmcd, dinf, dref, stbl;
  guint64 media_duration = (guint64) frames * frame_duration;

  trak = atom_begin (out, PRW_FOURCC ('t', 'r', 'a', 'k'));

  a = atom_begin (out, PRW_FOURCC ('t', 'k', 'h', 'd'));
  put_full_atom_header (out, 0, 0x3); /* enabled, in movie */
  put_be32 (out, 0);                  /* creation */
  put_be32 (out, 0);                  /* modification */
  put_be32 (out, track_id);
  put_be32 (out, 0);
  put_be32 (out, movie_duration);
  put_zeros (out, 8);
  put_be16 (out, 0); /* layer */
  put_be16 (out, 0); /* alternate group */
  put_be16 (out, 0); /* volume */
  put_be16 (out, 0);
  put_matrix (out);
  put_be32 (out, 0); /* width */
  put_be32 (out, 0); /* height */
  atom_end (out, a);

  mdia = atom_begin (out, PRW_FOURCC ('m', 'd', 'i', 'a'));
  a = atom_begin (out, PRW_FOURCC ('m', 'd', 'h', 'd'));
  put_full_atom_header (out, 0, 0);
  put_be32 (out, 0);
  put_be32 (out, 0);
  put_be32 (out, timescale);
  put_be32 (out, MIN (media_duration, G_MAXUINT32));
  put_be16 (out, 0x55c4); /* language: und */
  put_be16 (out, 0);
  atom_end (out, a);

  a = atom_begin (out, PRW_FOURCC ('h', 'd', 'l', 'r'));
  put_full_atom_header (out, 0, 0);
  put_be32 (out, PRW_FOURCC ('m', 'h', 'l', 'r'));
  put_be32 (out, PRW_FOURCC ('t', 'm', 'c', 'd'));
  put_zeros (out, 12);
  g_byte_array_append (out, (const guint8 *) "\x0fTimeCodeHandler", 16);
  atom_end (out, a);

  minf = atom_begin (out, PRW_FOURCC ('m', 'i', 'n', 'f'));
  gmhd = atom_begin (out, PRW_FOURCC ('g', 'm', 'h', 'd'));
  a = atom_begin (out, PRW_FOURCC ('g', 'm', 'i', 'n'));
  put_full_atom_header (out, 0, 0);
  put_be16 (out, 0x40); /* graphics mode: copy */
  put_be16 (out, 0x8000);
  put_be16 (out, 0x8000);
  put_be16 (out, 0x8000);
  put_be16 (out, 0); /* balance */
  put_be16 (out, 0);
  atom_end (out, a);
  tmcd = atom_begin (out, PRW_FOURCC ('t', 'm', 'c', 'd'));
  a = atom_begin (out, PRW_FOURCC ('t', 'c', 'm', 'i'));
  put_full_atom_header (out, 0, 0);
  put_be16 (out, 0);  /* font */
  put_be16 (out, 0);  /* face */
  put_be16 (out, 12); /* size */
  put_be16 (out, 0);
  put_zeros (out, 6); /* text colour */
  g_byte_array_append (out, (const guint8 *) "\xff\xff\xff\xff\xff\xff", 6);
  g_byte_array_append (out, (const guint8 *) "\x00", 1); /* font name */
  atom_end (out, a);
  atom_end (out, tmcd);
  atom_end (out, gmhd);

  a = atom_begin (out, PRW_FOURCC ('h', 'd', 'l', 'r'));
  put_full_atom_header (out, 0, 0);
  put_be32 (out, PRW_FOURCC ('d', 'h', 'l', 'r'));
  put_be32 (out, PRW_FOURCC ('a', 'l', 'i', 's'));
  put_zeros (out, 12);
  g_byte_array_append (out, (const guint8 *) "\x00", 1);
  atom_end (out, a);

  dinf = atom_begin (out, PRW_FOURCC ('d', 'i', 'n', 'f'));
  dref = atom_begin (out, PRW_FOURCC ('d', 'r', 'e', 'f'));
  put_full_atom_header (out, 0, 0);
  put_be32 (out, 1);
  a = atom_begin (out, PRW_FOURCC ('a', 'l', 'i', 's'));
  put_full_atom_header (out, 0, 1); /* self reference */
  atom_end (out, a);
  atom_end (out, dref);
  atom_end (out, dinf);

  stbl = atom_begin (out, PRW_FOURCC ('s', 't', 'b', 'l'));
  g_byte_array_append (out, stsd->data, stsd->len);
  a = atom_begin (out, PRW_FOURCC ('s', 't', 't', 's'));
  put_full_atom_header (out, 0, 0);
  put_be32 (out, 1);
  put_be32 (out, 1);
  put_be32 (out, MIN (media_duration, G_MAXUINT32));
  atom_end (out, a);
  a = atom_begin (out, PRW_FOURCC ('s', 't', 's', 'c'));
  put_full_atom_header (out, 0, 0);
  put_be32 (out, 1);
  put_be32 (out, 1); /* first chunk */
  put_be32 (out, 1); /* samples per chunk */
  put_be32 (out, 1); /* description */
  atom_end (out, a);
  a = atom_begin (out, PRW_FOURCC ('s', 't', 's', 'z'));
  put_full_atom_header (out, 0, 0);
  put_be32 (out, 4); /* every sample 4 bytes */
  put_be32 (out, 1);
  atom_end (out, a);
  if (sample_offset <= G_MAXUINT32) {
    a = atom_begin (out, PRW_FOURCC ('s', 't', 'c', 'o'));
    put_full_atom_header (out, 0, 0);
    put_be32 (out, 1);
    put_be32 (out, sample_offset);
  } else {
    a = atom_begin (out, PRW_FOURCC ('c', 'o', '6', '4'));
    put_full_atom_header (out, 0, 0);
    put_be32 (out, 1);
    put_be32 (out, sample_offset >> 32);
    put_be32 (out, sample_offset);
  }
  atom_end (out, a);
  atom_end (out, stbl);
  atom_end (out, minf);
  atom_end (out, mdia);
  atom_end (out, trak);
  return out;
}

static GByteArray *
tref_tmcd_new (guint32 track_id)
{
  GByteArray *out = g_byte_array_new ();
  guint tref = atom_begin (out, PRW_FOURCC ('t', 'r', 'e', 'f'));
  guint tmcd = atom_begin (out, PRW_FOURCC ('t', 'm', 'c', 'd'));

  put_be32 (out, track_id);
  atom_end (out, tmcd);
  atom_end (out, tref);
  return out;
}

/* ------------------------------------------------------------------------
 * The file.
 */

static gboolean
pwrite_all (int fd, const gchar *path, const guint8 *buf, gsize size,
            guint64 offset, GError **error)
{
  if (!prw_fd_pwrite_all (fd, buf, size, offset))
    return prw_set_error_from_errno (error, errno, path, "write failed");
  return TRUE;
}

/* ------------------------------------------------------------------------
 * Moving qtmux's offsets to where the copy sink put the bytes.
 */

static void
put_be64 (GByteArray *out, guint64 v)
{
  put_be32 (out, v >> 32);
  put_be32 (out, v & G_MAXUINT32);
}

static gboolean
pread_all (int fd, const gchar *path, guint8 *buf, gsize size, guint64 at,
           GError **error)
{
  if (prw_qt_pread (GINT_TO_POINTER (fd), at, buf, size, error))
    return TRUE;
  g_prefix_error (error, "%s: ", path);
  return FALSE;
}

/* A chunk offset table: stco, or co64 when an offset needs it. */
static Node *
chunk_offsets_new (const guint64 *offsets, guint32 count)
{
  GByteArray *out = g_byte_array_new ();
  gboolean wide = FALSE;
  guint32 i;
  guint at;

  for (i = 0; i < count; i++)
    wide = wide || offsets[i] > G_MAXUINT32;
  at = atom_begin (out, wide ? PRW_FOURCC ('c', 'o', '6', '4')
                             : PRW_FOURCC ('s', 't', 'c', 'o'));
  put_be32 (out, 0); /* version, flags */
  put_be32 (out, count);
  for (i = 0; i < count; i++) {
    if (wide)
      put_be64 (out, offsets[i]);
    else
      put_be32 (out, (guint32) offsets[i]);
  }
  atom_end (out, at);
  return node_new_leaf (out);
}

/* A chunk offset table (stco or co64) with every entry moved. */
static Node *
chunk_offsets_moved (const Node *node, const PrwShift *shifts, guint n,
                     const gchar *path, GError **error)
{
  gsize size;
  const guint8 *p = g_bytes_get_data (node->leaf, &size);
  gboolean wide = node->type == PRW_FOURCC ('c', 'o', '6', '4');
  guint entry_size = wide ? 8 : 4;
  g_autofree guint64 *moved = NULL;
  guint32 count, i;

  if (size < 16 || get_be32 (p) == 1
      || (count = get_be32 (p + 12)) > (size - 16) / entry_size) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                 "%s: the muxer's chunk offset table is not as expected", path);
    return NULL;
  }
  moved = g_new (guint64, MAX (count, 1));
  for (i = 0; i < count; i++) {
    const guint8 *e = p + 16 + (gsize) i * entry_size;
    guint64 logical = wide ? ((guint64) get_be32 (e) << 32) | get_be32 (e + 4)
                           : get_be32 (e);

    moved[i] = prw_shift_map (shifts, n, logical);
  }
  return chunk_offsets_new (moved, count);
}

/* stsc: every chunk holds one sample, of the first description. */
static Node *
one_sample_per_chunk (void)
{
  GByteArray *out = g_byte_array_new ();
  guint at = atom_begin (out, PRW_FOURCC ('s', 't', 's', 'c'));

  put_be32 (out, 0); /* version, flags */
  put_be32 (out, 1);
  put_be32 (out, 1); /* first chunk */
  put_be32 (out, 1); /* samples per chunk */
  put_be32 (out, 1); /* sample description */
  atom_end (out, at);
  return node_new_leaf (out);
}

/* The copy sink left holes in the media data that qtmux knew nothing of,
 * each before a video frame: the media data's size moves to where the
 * movie header really is, every video sample becomes its own chunk at its
 * real offset (a hole may fall inside one of qtmux's chunks), and the
 * other tracks' chunk offsets move with the holes before them. */
static gboolean
apply_shifts (int fd, const gchar *path, GArray *shift_array, GError **error)
{
  const PrwShift *shifts = (const PrwShift *) shift_array->data;
  guint n = shift_array->len;
  guint64 pos = 0, free_at = G_MAXUINT64, size = 0, new_size, file_size;
  g_autoptr (PrwQtMovie) movie = NULL;
  guint32 header = 8;
  GByteArray *bytes = NULL;
  Node *moov = NULL;
  PrwAtom top = { 0 };
  guint8 h[16];
  gboolean ok = FALSE;
  struct stat st;
  guint i, j, k;

  if (fstat (fd, &st) < 0) {
    int saved = errno;

    prw_set_error_from_errno (error, saved, path, NULL);
    return FALSE;
  }
  file_size = st.st_size;

  /* qtmux's top level: ftyp, an 8-byte free (room for a 64-bit mdat
   * header), mdat, and after it the moov */
  for (;;) {
    if (pos + 16 > file_size || !pread_all (fd, path, h, 16, pos, error))
      goto bad_layout;
    size = get_be32 (h);
    header = 8;
    if (size == 1) {
      size = ((guint64) get_be32 (h + 8) << 32) | get_be32 (h + 12);
      header = 16;
    }
    if (size < header || size > file_size - pos)
      goto bad_layout;
    if (get_be32 (h + 4) == PRW_FOURCC ('m', 'd', 'a', 't'))
      break;
    free_at = get_be32 (h + 4) == PRW_FOURCC ('f', 'r', 'e', 'e') && size == 8
                  ? pos
                  : G_MAXUINT64;
    pos += size;
  }

  new_size = prw_shift_map (shifts, n, pos + size) - pos;
  bytes = g_byte_array_new ();
  if (header == 16) {
    put_be64 (bytes, new_size);
    if (!pwrite_all (fd, path, bytes->data, 8, pos + 8, error))
      goto out;
  } else if (new_size <= G_MAXUINT32) {
    put_be32 (bytes, new_size);
    if (!pwrite_all (fd, path, bytes->data, 4, pos, error))
      goto out;
  } else if (free_at + 8 == pos) {
    /* the free atom becomes the front of a 64-bit header */
    put_be32 (bytes, 1);
    put_be32 (bytes, PRW_FOURCC ('m', 'd', 'a', 't'));
    put_be64 (bytes, new_size + 8);
    if (!pwrite_all (fd, path, bytes->data, 16, free_at, error))
      goto out;
  } else {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                 "%s: media data too large for its 32-bit size", path);
    goto out;
  }

  /* Now laid out where the bytes are; the tables still say where qtmux
   * thought they were (inside the file, so the reader takes them). */
  movie = prw_qt_movie_parse (path, file_size, prw_qt_pread,
                              GINT_TO_POINTER (fd), error);
  if (!movie)
    goto out;
  top.type = PRW_FOURCC ('m', 'o', 'o', 'v');
  top.size = movie->moov_size;
  top.header_size = get_be32 (movie->moov) == 1 ? 16 : 8;
  if (!(moov = node_parse (movie->moov, &top, error)))
    goto out;

  for (i = 0; i < moov->children->len; i++) {
    Node *trak = g_ptr_array_index (moov->children, i);
    const PrwQtTrack *track = NULL;
    Node *stbl = NULL;

    for (k = 0; k < movie->tracks->len; k++) {
      const PrwQtTrack *t = g_ptr_array_index (movie->tracks, k);

      if (t->trak.offset == trak->orig_offset)
        track = t;
    }
    trak_stsd (trak, NULL, &stbl);
    if (!track || !stbl)
      continue;
    if (track->handler == PRW_FOURCC ('v', 'i', 'd', 'e')) {
      g_autofree guint64 *offsets = NULL;

      if (!track->samples || track->n_descriptions != 1
          || track->n_samples > G_MAXUINT32) {
        g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                     "%s: the muxer's video track is not as expected", path);
        goto out;
      }
      offsets = g_new (guint64, MAX (track->n_samples, 1));
      for (k = 0; k < track->n_samples; k++)
        offsets[k] = prw_shift_map (shifts, n, track->samples[k].offset);
      for (j = 0; j < stbl->children->len; j++) {
        Node *child = g_ptr_array_index (stbl->children, j);

        if (child->type == PRW_FOURCC ('s', 't', 's', 'c'))
          node_replace_child (stbl, j, one_sample_per_chunk ());
        else if (child->type == PRW_FOURCC ('s', 't', 'c', 'o')
                 || child->type == PRW_FOURCC ('c', 'o', '6', '4'))
          node_replace_child (stbl, j,
                              chunk_offsets_new (offsets, track->n_samples));
      }
      continue;
    }
    for (j = 0; j < stbl->children->len; j++) {
      Node *child = g_ptr_array_index (stbl->children, j);
      Node *moved;

      if (child->type != PRW_FOURCC ('s', 't', 'c', 'o')
          && child->type != PRW_FOURCC ('c', 'o', '6', '4'))
        continue;
      if (!(moved = chunk_offsets_moved (child, shifts, n, path, error)))
        goto out;
      node_replace_child (stbl, j, moved);
    }
  }
  g_byte_array_set_size (bytes, 0);
  node_serialize (moov, bytes);
  if (!pwrite_all (fd, path, bytes->data, bytes->len, movie->moov_offset,
                   error))
    goto out;
  if (ftruncate (fd, movie->moov_offset + bytes->len) < 0) {
    int saved = errno;

    prw_set_error_from_errno (error, saved, path, NULL);
    goto out;
  }
  ok = TRUE;
  goto out;

bad_layout:
  if (error && !*error)
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                 "%s: the muxer's output is not laid out as expected "
                 "(media data, then the movie header)",
                 path);
out:
  if (bytes)
    g_byte_array_unref (bytes);
  if (moov)
    node_free (moov);
  return ok;
}

/* mvhd's next_track_ID, wherever its version puts it. */
static void
mvhd_set_next_track_id (Node *mvhd, guint32 next)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (mvhd->leaf, &size);
  gsize at = 8 + (data[8] == 1 ? 108 : 96);
  guint8 *copy;

  if (at + 4 > size)
    return;
  copy = g_memdup2 (data, size);
  copy[at] = next >> 24;
  copy[at + 1] = next >> 16;
  copy[at + 2] = next >> 8;
  copy[at + 3] = next;
  g_bytes_unref (mvhd->leaf);
  mvhd->leaf = g_bytes_new_take (copy, size);
}

/* The video tkhd's duration (in movie timescale), for the timecode trak. */
static guint32
tkhd_duration (Node *trak)
{
  Node *tkhd = node_child (trak, PRW_FOURCC ('t', 'k', 'h', 'd'), NULL);
  gsize size;
  const guint8 *d;

  if (!tkhd)
    return 0;
  d = g_bytes_get_data (tkhd->leaf, &size);
  if (d[8] == 0 && size >= 8 + 24)
    return get_be32 (d + 8 + 20);
  if (d[8] == 1 && size >= 8 + 36)
    return MIN (((guint64) get_be32 (d + 8 + 28) << 32) | get_be32 (d + 8 + 32),
                G_MAXUINT32);
  return 0;
}

gboolean
prw_qt_finish (const gchar *tmp_path, const gchar *path, PrwMediaInfo *base,
               GArray *shifts, GError **error)
{
  const PrwQtMovie *base_movie = prw_media_info_get_movie (base);
  const PrwQtTrack *base_video = prw_media_info_get_video_track (base);
  const PrwTimecode *start = prw_media_info_get_start_timecode (base);
  g_autoptr (PrwQtMovie) movie = NULL;
  const PrwQtTrack *video, *tmcd;
  Node *moov = NULL, *trak, *stbl, *mvhd;
  GByteArray *bytes, *moov_bytes = NULL;
  PrwAtom top = { 0 };
  guint64 moov_at;
  guint index, n_tmcd;
  guint32 timescale, frame_duration;
  guint32 sample_be;
  guint8 sample[4];
  gboolean ok = FALSE;
  struct stat st;
  int fd;

  g_return_val_if_fail (base_movie != NULL && start != NULL, FALSE);

  fd = g_open (tmp_path, O_RDWR | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) < 0) {
    int saved = errno;

    prw_set_error_from_errno (error, saved, path, NULL);
    if (fd >= 0)
      close (fd);
    return FALSE;
  }
  if (shifts && shifts->len > 0) {
    if (!apply_shifts (fd, path, shifts, error))
      goto out;
    if (fstat (fd, &st) < 0) {
      int saved = errno;

      prw_set_error_from_errno (error, saved, path, NULL);
      goto out;
    }
  }
  movie = prw_qt_movie_parse (path, st.st_size, prw_qt_pread,
                              GINT_TO_POINTER (fd), error);
  if (!movie)
    goto out;

  video
      = prw_qt_movie_find_track (movie, PRW_FOURCC ('v', 'i', 'd', 'e'), NULL);
  tmcd = prw_qt_movie_find_track (movie, PRW_FOURCC ('t', 'm', 'c', 'd'),
                                  &n_tmcd);
  if (!video || video->format != base_video->format
      || movie->moov_offset + movie->moov_size != movie->file_size
      || movie->mdat_offset + movie->mdat_size != movie->moov_offset
      || n_tmcd > 1) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                 "%s: the muxer's output is not laid out as expected "
                 "(media data, then the movie header)",
                 path);
    goto out;
  }

  top.type = PRW_FOURCC ('m', 'o', 'o', 'v');
  top.size = movie->moov_size;
  top.header_size = 8;
  if (movie->moov_size >= 16 && get_be32 (movie->moov) == 1)
    top.header_size = 16;
  if (!(moov = node_parse (movie->moov, &top, error)))
    goto out;

  /* The base's video sample description, byte for byte. */
  trak = node_find_trak (moov, video->trak.offset);
  if (!trak_stsd (trak, &index, &stbl)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                 "%s: the muxer's video track is not as expected", path);
    goto out;
  }
  if (!(bytes = video_stsd_from_base (base_movie, base_video, error)))
    goto out;
  node_replace_child (stbl, index, node_new_leaf (bytes));

  /* The timecode track, with the base's flags and reel; its one sample is
   * the start frame, big-endian. */
  sample_be = GUINT32_TO_BE ((guint32) start->frames);
  memcpy (sample, &sample_be, sizeof sample);
  if (tmcd) {
    /* qtmux's: keep its timing, replace its description. */
    Node *tc_trak = node_find_trak (moov, tmcd->trak.offset);

    timescale = tmcd->tmcd_timescale;
    frame_duration = tmcd->tmcd_frame_duration;
    if (!trak_stsd (tc_trak, &index, &stbl) || tmcd->n_samples != 1
        || timescale == 0 || frame_duration == 0) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                   "%s: the muxer's timecode track is not as expected", path);
      goto out;
    }
    node_replace_child (stbl, index,
                        node_new_leaf (tmcd_stsd_new (
                            start, prw_media_info_get_reel_name (base),
                            timescale, frame_duration)));
    moov_at = movie->moov_offset;
    /* The sample is the start frame; make sure of it. */
    if (tmcd->tmcd_start_frame != start->frames
        && !pwrite_all (fd, path, sample, 4, tmcd->samples[0].offset, error))
      goto out;
  } else {
    /* None (rates above 60 fps): append the sample to the media data and
     * add the track. */
    guint32 track_id = movie->next_track_id;
    GByteArray *stsd;
    guint8 size_field[8];
    guint64 mdat_size = movie->mdat_size + 4;

    timescale = prw_media_info_get_rate_num (base);
    frame_duration = prw_media_info_get_rate_den (base);
    if (!pwrite_all (fd, path, sample, 4, movie->moov_offset, error))
      goto out;
    if (movie->mdat_header_size == 16) {
      for (index = 0; index < 8; index++)
        size_field[index] = mdat_size >> (56 - 8 * index);
      if (!pwrite_all (fd, path, size_field, 8, movie->mdat_offset + 8, error))
        goto out;
    } else if (mdat_size <= G_MAXUINT32) {
      for (index = 0; index < 4; index++)
        size_field[index] = mdat_size >> (24 - 8 * index);
      if (!pwrite_all (fd, path, size_field, 4, movie->mdat_offset, error))
        goto out;
    } else {
      g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                   "%s: media data too large for its 32-bit size", path);
      goto out;
    }

    stsd = tmcd_stsd_new (start, prw_media_info_get_reel_name (base), timescale,
                          frame_duration);
    g_ptr_array_add (
        moov->children,
        node_new_leaf (tmcd_trak_new (
            track_id, tkhd_duration (trak), timescale, frame_duration,
            prw_media_info_get_frame_count (base), movie->moov_offset, stsd)));
    g_byte_array_unref (stsd);
    if (node_child (trak, PRW_FOURCC ('t', 'r', 'e', 'f'), NULL)) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                   "%s: the video track already has track references", path);
      goto out;
    }
    node_child (trak, PRW_FOURCC ('m', 'd', 'i', 'a'), &index);
    g_ptr_array_insert (trak->children, index,
                        node_new_leaf (tref_tmcd_new (track_id)));
    mvhd = node_child (moov, PRW_FOURCC ('m', 'v', 'h', 'd'), NULL);
    if (mvhd)
      mvhd_set_next_track_id (mvhd, track_id + 1);
    moov_at = movie->moov_offset + 4;
  }

  moov_bytes = g_byte_array_new ();
  node_serialize (moov, moov_bytes);
  if (!pwrite_all (fd, path, moov_bytes->data, moov_bytes->len, moov_at, error))
    goto out;
  if (ftruncate (fd, moov_at + moov_bytes->len) < 0) {
    int saved = errno;

    prw_set_error_from_errno (error, saved, path, NULL);
    goto out;
  }
  ok = TRUE;

out:
  if (moov_bytes)
    g_byte_array_unref (moov_bytes);
  if (moov)
    node_free (moov);
  if (close (fd) < 0 && ok) {
    int saved = errno;

    prw_set_error_from_errno (error, saved, path, NULL);
    ok = FALSE;
  }
  return ok;
}
