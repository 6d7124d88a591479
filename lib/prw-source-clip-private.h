/* libproreswriter: PrwSourceClip internals for the readers that make one
 * (private) */
#pragma once

#include <proreswriter/proreswriter.h>

#include "util/prw-file-identity-private.h"

G_BEGIN_DECLS

struct _PrwSourceClip {
  GObject parent_instance;

  gchar *clip_name;
  gchar *reel;        /* NULL: none known */
  PrwTimecode *start; /* never NULL once made; its rate is the clip's */
  gint64 frame_count; /* >= 1 */
  guint width;        /* 0 x 0: not known */
  guint height;
  guint par_n; /* the pixel aspect, in lowest terms; 0:0: not known */
  guint par_d;
  gchar *path;            /* the media file, or NULL (given by the caller) */
  gchar *ale_path;        /* the ALE it was read from, or NULL */
  guint ale_line;         /* its Data row's line in the ALE, from 1; or 0 */
  gchar *format;          /* "MXF OP1a, dnxhd", or NULL */
  gboolean interlaced;    /* the source says so */
  guint n_audio_tracks;   /* QuickTime: its sound tracks ('soun'); else 0 */
  guint n_uncopied_audio; /* libavformat: its audio streams, which a blank
                             rush does not copy; else 0 */
  GHashTable *origins;    /* fact name -> how it was learnt */
  GPtrArray *warnings;    /* gchar*, NULL-terminated */
  /* the file its facts were read from (the media file, or the ALE of an
   * ALE row), as stat() gave it before the read */
  gboolean have_identity;
  PrwFileIdentity identity;
};

/* An empty clip for a reader to fill in (every field 0 or NULL). */
PrwSourceClip *prw_source_clip_new_empty (void);

/* Records how fact (PRW_SOURCE_CLIP_FACT_*) was learnt, printf-style. */
void prw_source_clip_set_origin (PrwSourceClip *self, const gchar *fact,
                                 const gchar *format, ...) G_GNUC_PRINTF (3, 4);

void prw_source_clip_add_warning (PrwSourceClip *self, const gchar *format, ...)
    G_GNUC_PRINTF (2, 3);

/* The file name without its folder and its last extension ("A001C003"
 * for "/shoot/A001C003.mov"); a name that starts with its only dot keeps
 * it. */
gchar *prw_source_clip_name_from_path (const gchar *path);

/* Notes st as the identity of the file the clip's facts are read from
 * (taken before reading them). */
void prw_source_clip_set_identity (PrwSourceClip *self, const struct stat *st);

/* Whether the file the clip's facts were read from (its media file; for an
 * ALE row, the ALE) is still that file, unchanged: its device, inode,
 * size, modification time and ctime (prw_file_identity_check()). FALSE
 * with error set (PRW_ERROR_CHANGED: "PATH: changed since it was read
 * (WHY)", "PATH: removed since it was read"); TRUE for a clip read from no
 * file (given by the caller, or rebuilt from a job's description). */
gboolean prw_source_clip_check_file (PrwSourceClip *self, GError **error);

/* The QuickTime movie at path (the clip's media file, where it is found:
 * a conform job's path resolved from its working folder), read again for
 * its sound tracks, which a blank rush copies as they are: the movie as
 * prw_source_clip_new_from_file() reads it, which must still show the
 * clip's frame count, rate and number of sound tracks, and whose file must
 * still be the one the clip was read from (prw_source_clip_check_file()).
 * Errors: those of reading the movie (prw_source_clip_new_from_file());
 * PRW_ERROR_CHANGED when it no longer shows those facts ("PATH: changed
 * since it was read (...)") or its file changed. */
PrwMediaInfo *prw_source_clip_read_sound (PrwSourceClip *self,
                                          const gchar *path, GError **error);

G_END_DECLS
