/* libproreswriter: one conform job, one camera original and its segments */

#include "prw-blank-rush-private.h"
#include "prw-media-info-private.h"
#include "prw-source-clip-private.h"
#include "util/prw-fd-io-private.h"
#include "util/prw-file-identity-private.h"
#include "util/prw-folder-private.h"
#include "util/prw-json-depth-private.h"
#include "util/prw-one-line-private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

/**
 * PrwConformJob:
 *
 * One job of a conform: a camera original (#PrwSourceClip), the graded and
 * VFX segments linked to it (#PrwLinkTable), the handles and the output
 * path. Running it prints the segments into the source's blank rush
 * (#PrwBlankRush) in one pass, never writing the blank rush itself.
 *
 * A job is made from a sealed link table
 * (prw_conform_job_new_from_link_table()), or read back from its
 * description (prw_conform_job_new_from_data()), so that a render farm can
 * run a shoot as one task per source on machines that share its storage.
 *
 * ## The description
 *
 * prw_conform_job_to_data() describes a job as one JSON object (RFC 8259,
 * UTF-8) with these members:
 *
 * - `source`: the source's facts, enough to make its blank rush without
 *   reading it again: `clip_name`; `path` (the media file, or the ALE's
 *   "Source File" column, or null); `ale` and `ale_line` (the ALE file
 *   and the line of its Data row, from 1, or null); `reel` (as the link
 *   table resolved it: an ALE row merged into the media file may give
 *   it; or null); `format` (such as "MXF OP1a, dnxhd", or null); `width`
 *   and `height` (the display size in pixels, or null when not known);
 *   `rate` ("25/1"), `rate_num`, `rate_den` and `drop_frame`; `frames`;
 *   `start_timecode` and `last_timecode` ("01:00:00:00"); `interlaced`;
 *   `audio_tracks`, only where the source has sound tracks (those of a
 *   QuickTime media file, which the output carries as they are,
 *   prw_source_clip_get_n_audio_tracks(); a description without it has
 *   none);
 *   `merged` (the ALE rows merged into the media file: `clip_name`,
 *   `path`, `ale`, `ale_line` each);
 * - `working_folder`: the absolute folder every relative path of the job
 *   is relative to (the caller's working folder when the job was made);
 * - `handles`: the frames a segment may run past either end of its
 *   source, which the plan treats as handles;
 * - `output`: the movie the job writes, or null when it has none (two
 *   sources of a shoot would write the same file);
 * - `segments`: one object per segment, in the link table's order:
 *   `segment` (its path), `layer` ("grade" or "vfx"), `rules` (the
 *   identity rules that linked it, see prw_link_rule_to_string()),
 *   `start_timecode`, `frames`, `codec` (the sample description's
 *   fourcc), `width`, `height`, `rate` ("25/1"), `reel` (the name of its
 *   timecode track, or null), and its record range in frames of the
 *   source from its first frame, `record_in` and `record_out`
 *   (exclusive; with handles, before 0 or past the source's frames), and
 *   in the source's timecode, `record_timecode_in` and
 *   `record_timecode_last`;
 * - `blank_format`, only in a job without segments (an empty `segments`
 *   array: a source written as its blank rush alone, conform's --all):
 *   `profile` (the ProRes flavour, as prw_blank_rush_set_format() names
 *   it), `width` and `height` (the picture size in pixels), `like` (the
 *   segment whose format is copied, prw_blank_rush_set_like(), or null
 *   for a format given by its flavour) and `codec` (that segment's sample
 *   description fourcc, or null).
 *
 * Reading a description back re-reads every segment (and the `like` of a
 * `blank_format`) and refuses one that no longer shows what the
 * description says; the source is rebuilt from
 * its recorded facts and is not opened, so a job whose source came from an
 * ALE row runs where the ALE is not. A source with sound tracks
 * (`audio_tracks` above 0) is the exception: its media file is read again
 * when the job runs, its sound copied from it, and it must still have its
 * recorded frame count, rate and number of sound tracks.
 *
 * Since: 0.4
 */

/* A segment of the job and the facts of its link. */
typedef struct {
  PrwSegment *segment; /* probed from the path as it is opened */
  gchar *path;         /* as the description gives it */
  PrwLayer layer;
  PrwLinkRule rules;
  gint64 record_in; /* frames of the source, from its first (0) */
  gint64 record_out;
} JobSegment;

/* an ALE row merged into the job's media file */
typedef struct {
  gchar *clip_name;
  gchar *path;
  gchar *ale;
  guint ale_line;
  PrwSourceClip *row; /* the row as the table merged it (its ALE's identity
                         noted); NULL for a job read back */
} JobRef;

struct _PrwConformJob {
  GObject parent_instance;

  PrwSourceClip *source;
  gchar *reel;    /* as the link table resolved it; NULL: none */
  GArray *merged; /* JobRef */
  gchar *working_folder;
  guint handles;
  gchar *output;      /* as described; NULL: none */
  gchar *output_path; /* as it is opened */
  gchar *source_path; /* the source's media file or ALE, as opened; or NULL */
  GArray *segments;   /* JobSegment */
  gboolean read_back; /* from a description: relative paths are opened in
                         working_folder */

  /* a job without segments: its blank rush, format set, and the segment
   * whose format it copies (or NULL) */
  PrwBlankRush *blank;
  PrwSegment *blank_like;
  gchar *blank_like_path; /* as described */
  gchar *blank_label;     /* "4444 640x368", ", like PATH" */
  gchar *blank_key;       /* prw_blank_rush_get_format_key () */

  gboolean overwrite; /* an existing output is replaced (default TRUE) */
  gboolean no_audio;  /* the source's sound tracks are left out */

  PrwBlankRush *rush; /* once planned */
  PrwPlan *plan;      /* sealed, once planned */
  gint64 graded_frames;
};

G_DEFINE_FINAL_TYPE (PrwConformJob, prw_conform_job, G_TYPE_OBJECT)

static void
job_segment_clear (gpointer data)
{
  JobSegment *seg = data;

  g_clear_object (&seg->segment);
  g_clear_pointer (&seg->path, g_free);
}

static void
job_ref_clear (gpointer data)
{
  JobRef *ref = data;

  g_clear_pointer (&ref->clip_name, g_free);
  g_clear_pointer (&ref->path, g_free);
  g_clear_pointer (&ref->ale, g_free);
  g_clear_object (&ref->row);
}

static void
prw_conform_job_finalize (GObject *object)
{
  PrwConformJob *self = PRW_CONFORM_JOB (object);

  g_clear_object (&self->source);
  g_free (self->reel);
  g_array_unref (self->merged);
  g_free (self->working_folder);
  g_free (self->output);
  g_free (self->output_path);
  g_free (self->source_path);
  g_array_unref (self->segments);
  g_clear_object (&self->blank);
  g_clear_object (&self->blank_like);
  g_free (self->blank_like_path);
  g_free (self->blank_label);
  g_free (self->blank_key);
  g_clear_object (&self->rush);
  g_clear_object (&self->plan);

  G_OBJECT_CLASS (prw_conform_job_parent_class)->finalize (object);
}

static void
prw_conform_job_class_init (PrwConformJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = prw_conform_job_finalize;
}

static void
prw_conform_job_init (PrwConformJob *self)
{
  self->merged = g_array_new (FALSE, TRUE, sizeof (JobRef));
  g_array_set_clear_func (self->merged, job_ref_clear);
  self->segments = g_array_new (FALSE, TRUE, sizeof (JobSegment));
  g_array_set_clear_func (self->segments, job_segment_clear);
  self->overwrite = TRUE;
}

/* path as it is opened: a relative one joined to folder (when given) */
static gchar *
resolve (const gchar *folder, const gchar *path)
{
  if (path == NULL)
    return NULL;
  if (folder == NULL || g_path_is_absolute (path))
    return g_strdup (path);
  return g_build_filename (folder, path, NULL);
}

/* the media file (not an ALE row's "Source File") or the ALE */
static const gchar *
source_file (PrwSourceClip *clip)
{
  return prw_source_clip_get_ale_path (clip) != NULL
             ? prw_source_clip_get_ale_path (clip)
             : prw_source_clip_get_path (clip);
}

/**
 * prw_conform_job_new_from_link_table:
 * @table: a sealed link table
 * @source_index: the index of a source of @table
 *   (prw_link_table_get_n_sources())
 * @output: (type filename) (nullable): the movie the job will write, or
 *   %NULL for a job that only describes (prw_conform_job_run() refuses
 *   it)
 *
 * Makes the job of @table's source @source_index: the source, its reel as
 * the table resolved it (prw_link_table_get_source_reel()), the ALE rows
 * merged into it, the table's handles, and its linked segments with their
 * layers, rules and record ranges, in the table's order. A source without
 * links makes a job without segments, which writes the source's blank
 * rush alone: its format must be set (prw_conform_job_set_blank_like() or
 * prw_conform_job_set_blank_format()) before it is planned. Relative paths
 * (the source's, the segments', @output) are taken as relative to the
 * current working folder, which becomes the job's working folder.
 *
 * Returns: (transfer full): a new #PrwConformJob
 *
 * Since: 0.4
 */
PrwConformJob *
prw_conform_job_new_from_link_table (PrwLinkTable *table, guint source_index,
                                     const gchar *output)
{
  PrwConformJob *self;
  guint first, n;

  g_return_val_if_fail (PRW_IS_LINK_TABLE (table), NULL);
  g_return_val_if_fail (prw_link_table_is_sealed (table), NULL);
  g_return_val_if_fail (source_index < prw_link_table_get_n_sources (table),
                        NULL);

  self = g_object_new (PRW_TYPE_CONFORM_JOB, NULL);
  self->source = g_object_ref (prw_link_table_get_source (table, source_index));
  self->reel = g_strdup (prw_link_table_get_source_reel (table, source_index));
  for (guint k = 0;
       k < prw_link_table_get_source_n_merged (table, source_index); k++) {
    PrwSourceClip *row
        = prw_link_table_get_source_merged (table, source_index, k);
    JobRef ref = { g_strdup (prw_source_clip_get_clip_name (row)),
                   g_strdup (prw_source_clip_get_path (row)),
                   g_strdup (prw_source_clip_get_ale_path (row)),
                   prw_source_clip_get_ale_line (row), g_object_ref (row) };

    g_array_append_val (self->merged, ref);
  }
  self->working_folder = g_get_current_dir ();
  self->handles = prw_link_table_get_handles (table);
  self->output = g_strdup (output);
  self->output_path = g_strdup (output);
  self->source_path = g_strdup (source_file (self->source));
  first = prw_link_table_get_source_first_link (table, source_index);
  n = prw_link_table_get_source_n_links (table, source_index);
  for (guint l = first; l < first + n; l++) {
    PrwSegment *segment = prw_link_table_get_link_segment (table, l);
    JobSegment seg = { g_object_ref (segment),
                       g_strdup (prw_segment_get_path (segment)),
                       prw_link_table_get_link_layer (table, l),
                       prw_link_table_get_link_rules (table, l),
                       prw_link_table_get_link_record_in (table, l),
                       prw_link_table_get_link_record_out (table, l) };

    g_array_append_val (self->segments, seg);
  }
  return self;
}

/* ---- the format of a job without segments ------------------------------ */

/* "4444 640x368", ", like PATH" */
static void
set_blank (PrwConformJob *self, PrwBlankRush *rush, PrwSegment *like,
           const gchar *like_path)
{
  g_set_object (&self->blank, rush);
  g_set_object (&self->blank_like, like);
  g_free (self->blank_like_path);
  self->blank_like_path = g_strdup (like_path);
  g_free (self->blank_label);
  self->blank_label = g_strdup_printf (
      "%s %ux%u%s%s", prw_blank_rush_get_profile (rush),
      prw_blank_rush_get_width (rush), prw_blank_rush_get_height (rush),
      like_path != NULL ? ", like " : "", like_path != NULL ? like_path : "");
  g_free (self->blank_key);
  self->blank_key = prw_blank_rush_get_format_key (rush);
}

/* Where the job's source was read from, for messages about its blank
 * rush: "PATH", or "ALE:LINE" for an ALE row, or its clip name for a
 * source given. */
static gchar *
source_where (PrwSourceClip *clip)
{
  if (prw_source_clip_get_ale_path (clip) != NULL)
    return g_strdup_printf ("%s:%u", prw_source_clip_get_ale_path (clip),
                            prw_source_clip_get_ale_line (clip));
  if (prw_source_clip_get_path (clip) != NULL)
    return g_strdup (prw_source_clip_get_path (clip));
  return g_strdup (prw_source_clip_get_clip_name (clip));
}

/* the source's blank rush, with the job's reel */
static PrwBlankRush *
new_blank (PrwConformJob *self, GError **error)
{
  PrwBlankRush *rush = prw_blank_rush_new_for_source (self->source, error);

  if (rush != NULL && self->reel != NULL)
    prw_blank_rush_set_reel (rush, self->reel);
  if (rush != NULL)
    prw_blank_rush_set_audio (rush, !self->no_audio);
  /* the camera original's sound is read from its media file, found from
   * the job's working folder as its segments are */
  if (rush != NULL && prw_source_clip_get_path (self->source) != NULL) {
    g_autofree gchar *path = resolve (self->working_folder,
                                      prw_source_clip_get_path (self->source));

    prw_blank_rush_set_sound_path (rush, path);
  }
  return rush;
}

/**
 * prw_conform_job_set_blank_like:
 * @self: a job without segments (prw_conform_job_get_n_segments() is 0),
 *   not planned yet
 * @like: a ProRes segment whose format to copy
 * @width: the picture width in pixels, or 0 for the source's display size
 *   where the source knows it, else @like's
 * @height: the picture height in pixels, or 0 as @width
 * @error: return location for a #GError, or %NULL
 *
 * Sets the format of the job's blank rush: @like's ProRes flavour, colour
 * description and alpha channel (prw_blank_rush_set_like()), at the size
 * given (prw_blank_rush_set_size()): by default the camera original's, so
 * that the blank rush relinks to it; only a source whose size is not known
 * (an ALE row of a RAW original, say) takes @like's. @like is read now,
 * for its format alone: its path is not one of the job's inputs
 * (prw_conform_job_get_input_paths()); the format copied is named by
 * prw_conform_job_get_blank_format_key().
 *
 * Errors, each message naming the file:
 * - %PRW_ERROR_UNSUPPORTED: the source is interlaced (the message names its
 *   file, or its ALE and line); @like is not ProRes or is interlaced (it
 *   names @like); the size is out of range (prw_blank_rush_set_size(): it
 *   names the source's file and @like);
 * - %PRW_ERROR_CORRUPT: @like's video sample description is too short, it
 *   has no frames, or its first frame is not a ProRes frame;
 * - %PRW_ERROR_IO, %PRW_ERROR_PERMISSION_DENIED or %PRW_ERROR_NOT_FOUND
 *   (by errno): @like's first frame cannot be read
 *   (prw_blank_rush_set_like()).
 *
 * The format is then unchanged.
 *
 * Returns: %TRUE if the format was set
 *
 * Since: 0.4
 */
gboolean
prw_conform_job_set_blank_like (PrwConformJob *self, PrwSegment *like,
                                guint width, guint height, GError **error)
{
  g_autoptr (PrwBlankRush) rush = NULL;
  PrwMediaInfo *media;

  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), FALSE);
  g_return_val_if_fail (PRW_IS_SEGMENT (like), FALSE);
  g_return_val_if_fail (self->segments->len == 0, FALSE);
  g_return_val_if_fail (self->plan == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  media = prw_segment_get_media (like);
  if (width == 0 || height == 0) {
    gboolean known = prw_source_clip_get_width (self->source) > 0
                     && prw_source_clip_get_height (self->source) > 0;

    width = known ? prw_source_clip_get_width (self->source)
                  : prw_media_info_get_width (media);
    height = known ? prw_source_clip_get_height (self->source)
                   : prw_media_info_get_height (media);
  }
  if (!(rush = new_blank (self, error))
      || !prw_blank_rush_set_like (rush, media, error))
    return FALSE;
  if (!prw_blank_rush_set_size (rush, width, height, error)) {
    /* the size is the blank rush's, the source's stand-in */
    g_autofree gchar *where = source_where (self->source);

    g_prefix_error (error, "%s: its blank rush like %s: ", where,
                    prw_segment_get_path (like));
    return FALSE;
  }
  set_blank (self, rush, like, prw_segment_get_path (like));
  return TRUE;
}

/**
 * prw_conform_job_set_blank_format:
 * @self: a job without segments (prw_conform_job_get_n_segments() is 0),
 *   not planned yet
 * @profile: the ProRes flavour: "4444", "4444xq", "422hq", "422", "lt" or
 *   "proxy"
 * @width: the picture width in pixels, or 0 for the source's display size
 * @height: the picture height in pixels, or 0 as @width
 * @error: return location for a #GError, or %NULL
 *
 * Sets the format of the job's blank rush as prw_blank_rush_set_format()
 * does: @profile, BT.709 colour, square pixels, progressive.
 *
 * Errors: %PRW_ERROR_UNSUPPORTED for an interlaced source, an unknown
 * @profile, a size out of range, or no size given for a source whose size
 * is not known (an ALE row of a RAW original, say), the message naming the
 * source's file (or its ALE and line). The format is then unchanged.
 *
 * Returns: %TRUE if the format was set
 *
 * Since: 0.4
 */
gboolean
prw_conform_job_set_blank_format (PrwConformJob *self, const gchar *profile,
                                  guint width, guint height, GError **error)
{
  g_autoptr (PrwBlankRush) rush = NULL;

  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), FALSE);
  g_return_val_if_fail (profile != NULL, FALSE);
  g_return_val_if_fail (self->segments->len == 0, FALSE);
  g_return_val_if_fail (self->plan == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (width == 0 || height == 0) {
    width = prw_source_clip_get_width (self->source);
    height = prw_source_clip_get_height (self->source);
  }
  if (width == 0 || height == 0) {
    PrwSourceClip *clip = self->source;
    g_autofree gchar *name = source_where (clip);

    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: the picture size of %s is not known; its blank rush "
                 "needs one",
                 name, prw_source_clip_get_clip_name (clip));
    return FALSE;
  }
  if (!(rush = new_blank (self, error)))
    return FALSE;
  if (!prw_blank_rush_set_format (rush, profile, width, height, error)) {
    g_autofree gchar *where = source_where (self->source);

    g_prefix_error (error, "%s: its blank rush: ", where);
    return FALSE;
  }
  set_blank (self, rush, NULL, NULL);
  return TRUE;
}

/**
 * prw_conform_job_get_blank_format:
 * @self: a job
 *
 * The format of a job without segments, for people: "FLAVOUR WxH" (the
 * flavour as prw_blank_rush_get_profile() names it, the size in pixels),
 * followed by ", like PATH" when it is copied from a segment, PATH as the
 * segment's path was given (for a job read back, as its description names
 * it: the same label as the job described). It names the segment, which a
 * record of the job's options should not: for that,
 * prw_conform_job_get_blank_format_key() names what is copied.
 *
 * Returns: (nullable): the format, or %NULL for a job with segments or one
 *   whose format is not set yet
 *
 * Since: 0.4
 */
const gchar *
prw_conform_job_get_blank_format (PrwConformJob *self)
{
  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), NULL);
  return self->blank_label;
}

/**
 * prw_conform_job_get_blank_format_key:
 * @self: a job
 *
 * What the output of a job without segments is made of, but its source,
 * as one line for a record of the job's options (a re-run compares it):
 * the blank rush's ProRes four-character code, its size in pixels, its
 * alpha channel ("alpha" or "no-alpha"), its colour ("colr P-T-M", the
 * 'colr' primaries, transfer and matrix codes, which also set the
 * encoder's matrix) and the first 16 hexadecimal digits of the SHA-256 of
 * the video sample description the output gets (copied byte for byte from
 * the segment the format is copied from, its 'pasp' and 'fiel' among it,
 * or built from the flavour given): for example "ap4h 1920x1080 no-alpha
 * colr 1-1-1 stsd 0123456789abcdef". It names no file: two segments of one
 * format, or a segment rendered again in its format, give one key, and the
 * output, the same bytes. The source's facts are not in it: they come
 * from the job's inputs (prw_conform_job_get_input_paths()).
 *
 * Returns: (nullable): the key, or %NULL for a job with segments or one
 *   whose format is not set yet
 *
 * Since: 0.4
 */
const gchar *
prw_conform_job_get_blank_format_key (PrwConformJob *self)
{
  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), NULL);
  return self->blank_key;
}

/* ---- the description, written ------------------------------------------ */

static void
add_string (JsonBuilder *builder, const gchar *name, const gchar *value)
{
  if (name != NULL)
    json_builder_set_member_name (builder, name);
  if (value == NULL) {
    json_builder_add_null_value (builder);
  } else if (g_utf8_validate (value, -1, NULL)) {
    json_builder_add_string_value (builder, value);
  } else {
    g_autofree gchar *valid = g_utf8_make_valid (value, -1);

    json_builder_add_string_value (builder, valid);
  }
}

static void
add_int (JsonBuilder *builder, const gchar *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_boolean (JsonBuilder *builder, const gchar *name, gboolean value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static gchar *
rate_fraction (guint num, guint den)
{
  return g_strdup_printf ("%u/%u", num, den);
}

/* the label of the source's record frame (may be before 0 or past the end) */
static gchar *
source_tc (PrwSourceClip *clip, gint64 frame)
{
  g_autoptr (PrwTimecode) tc = prw_timecode_add_frames (
      prw_source_clip_get_start_timecode (clip), frame);

  return prw_timecode_to_string (tc);
}

static void
add_ref (JsonBuilder *builder, const gchar *clip_name, const gchar *path,
         const gchar *ale, guint ale_line)
{
  json_builder_begin_object (builder);
  add_string (builder, "clip_name", clip_name);
  add_string (builder, "path", path);
  add_string (builder, "ale", ale);
  if (ale != NULL)
    add_int (builder, "ale_line", ale_line);
  else
    add_string (builder, "ale_line", NULL);
  json_builder_end_object (builder);
}

static void
add_source (JsonBuilder *builder, PrwConformJob *self)
{
  PrwSourceClip *clip = self->source;
  const PrwTimecode *start = prw_source_clip_get_start_timecode (clip);
  g_autofree gchar *rate = rate_fraction (prw_source_clip_get_rate_num (clip),
                                          prw_source_clip_get_rate_den (clip));
  g_autofree gchar *tc = prw_timecode_to_string (start);
  g_autoptr (PrwTimecode) last = prw_source_clip_get_last_timecode (clip);
  g_autofree gchar *last_tc = prw_timecode_to_string (last);

  json_builder_begin_object (builder);
  add_string (builder, "clip_name", prw_source_clip_get_clip_name (clip));
  add_string (builder, "path", prw_source_clip_get_path (clip));
  add_string (builder, "ale", prw_source_clip_get_ale_path (clip));
  if (prw_source_clip_get_ale_path (clip) != NULL)
    add_int (builder, "ale_line", prw_source_clip_get_ale_line (clip));
  else
    add_string (builder, "ale_line", NULL);
  add_string (builder, "reel", self->reel);
  add_string (builder, "format", prw_source_clip_get_format (clip));
  if (prw_source_clip_get_width (clip) > 0) {
    add_int (builder, "width", prw_source_clip_get_width (clip));
    add_int (builder, "height", prw_source_clip_get_height (clip));
  } else {
    add_string (builder, "width", NULL);
    add_string (builder, "height", NULL);
  }
  add_string (builder, "rate", rate);
  add_int (builder, "rate_num", prw_source_clip_get_rate_num (clip));
  add_int (builder, "rate_den", prw_source_clip_get_rate_den (clip));
  add_boolean (builder, "drop_frame", start->drop_frame);
  add_int (builder, "frames", prw_source_clip_get_frame_count (clip));
  add_string (builder, "start_timecode", tc);
  add_string (builder, "last_timecode", last_tc);
  add_boolean (builder, "interlaced", prw_source_clip_get_interlaced (clip));
  /* only where the output carries some, as probe's pixel_aspect where
   * not 1:1 */
  if (prw_conform_job_get_n_audio_tracks (self) > 0)
    add_int (builder, "audio_tracks",
             prw_conform_job_get_n_audio_tracks (self));
  json_builder_set_member_name (builder, "merged");
  json_builder_begin_array (builder);
  for (guint k = 0; k < self->merged->len; k++) {
    const JobRef *ref = &g_array_index (self->merged, JobRef, k);

    add_ref (builder, ref->clip_name, ref->path, ref->ale, ref->ale_line);
  }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_rules (JsonBuilder *builder, PrwLinkRule rules)
{
  g_autofree gchar *text = prw_link_rule_to_string (rules);
  g_auto (GStrv) parts = g_strsplit (text, "+", -1);

  json_builder_set_member_name (builder, "rules");
  json_builder_begin_array (builder);
  for (guint i = 0; rules != PRW_LINK_RULE_NONE && parts[i] != NULL; i++)
    add_string (builder, NULL, parts[i]);
  json_builder_end_array (builder);
}

static void
add_segment (JsonBuilder *builder, PrwConformJob *self, const JobSegment *seg)
{
  PrwMediaInfo *media = prw_segment_get_media (seg->segment);
  const PrwTimecode *start = prw_segment_get_start_timecode (seg->segment);
  g_autofree gchar *tc_in = source_tc (self->source, seg->record_in);
  g_autofree gchar *tc_last = source_tc (self->source, seg->record_out - 1);
  g_autofree gchar *seg_tc
      = start != NULL ? prw_timecode_to_string (start) : NULL;
  g_autofree gchar *rate = rate_fraction (prw_media_info_get_rate_num (media),
                                          prw_media_info_get_rate_den (media));

  json_builder_begin_object (builder);
  add_string (builder, "segment", seg->path);
  add_string (builder, "layer", prw_layer_to_string (seg->layer));
  add_rules (builder, seg->rules);
  add_string (builder, "start_timecode", seg_tc);
  add_int (builder, "frames", prw_segment_get_frame_count (seg->segment));
  add_string (builder, "codec", prw_media_info_get_codec_fourcc (media));
  add_int (builder, "width", prw_media_info_get_width (media));
  add_int (builder, "height", prw_media_info_get_height (media));
  add_string (builder, "rate", rate);
  add_string (builder, "reel", prw_media_info_get_reel_name (media));
  add_int (builder, "record_in", seg->record_in);
  add_int (builder, "record_out", seg->record_out);
  add_string (builder, "record_timecode_in", tc_in);
  add_string (builder, "record_timecode_last", tc_last);
  json_builder_end_object (builder);
}

/**
 * prw_conform_job_to_data:
 * @self: a job
 * @length: (out) (optional): where to store the length of the text in
 *   bytes, without its terminating NUL
 *
 * Describes @self as one JSON object, in UTF-8 with no line breaks, whose
 * members are listed in "The description" of #PrwConformJob. Paths are
 * written as the job was given them (relative ones relative to its
 * working folder); a file name that is not valid UTF-8 is written with
 * its invalid bytes replaced (U+FFFD).
 *
 * Returns: (transfer full): the description, NUL-terminated
 *
 * Since: 0.4
 */
gchar *
prw_conform_job_to_data (PrwConformJob *self, gsize *length)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "source");
  add_source (builder, self);
  /* relative paths (sources, segments, output) are relative to it */
  add_string (builder, "working_folder", self->working_folder);
  add_int (builder, "handles", self->handles);
  add_string (builder, "output", self->output);
  json_builder_set_member_name (builder, "segments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->segments->len; i++)
    add_segment (builder, self, &g_array_index (self->segments, JobSegment, i));
  json_builder_end_array (builder);
  if (self->blank != NULL) {
    json_builder_set_member_name (builder, "blank_format");
    json_builder_begin_object (builder);
    add_string (builder, "profile", prw_blank_rush_get_profile (self->blank));
    add_int (builder, "width", prw_blank_rush_get_width (self->blank));
    add_int (builder, "height", prw_blank_rush_get_height (self->blank));
    add_string (builder, "like", self->blank_like_path);
    add_string (builder, "codec",
                self->blank_like != NULL ? prw_media_info_get_codec_fourcc (
                    prw_segment_get_media (self->blank_like))
                                         : NULL);
    json_builder_end_object (builder);
  }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, length);
}

/* ---- the description, read ---------------------------------------------- */

/* A member of object (at where, "source" or "segments[2]": for messages)
 * of the given type (G_TYPE_STRING, G_TYPE_INT64, G_TYPE_BOOLEAN), or
 * null when nullable; NULL with error set when it is missing or of
 * another type. */
static JsonNode *
member (JsonObject *object, const gchar *where, const gchar *name, GType type,
        gboolean nullable, const gchar *label, GError **error)
{
  JsonNode *node = json_object_get_member (object, name);
  const gchar *what = type == G_TYPE_STRING  ? "a string"
                      : type == G_TYPE_INT64 ? "an integer"
                                             : "true or false";

  if (node == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: no member %s%s%s", label,
                 where != NULL ? where : "", where != NULL ? "." : "", name);
    return NULL;
  }
  if (JSON_NODE_HOLDS_NULL (node) && nullable)
    return node;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != type) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: member %s%s%s is not %s%s", label,
                 where != NULL ? where : "", where != NULL ? "." : "", name,
                 what, nullable ? " or null" : "");
    return NULL;
  }
  return node;
}

static gboolean
get_string (JsonObject *object, const gchar *where, const gchar *name,
            gboolean nullable, const gchar **out, const gchar *label,
            GError **error)
{
  JsonNode *node
      = member (object, where, name, G_TYPE_STRING, nullable, label, error);

  if (node == NULL)
    return FALSE;
  *out = JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_string (node);
  /* json-glib takes GScanner's escapes too: "\\377" is the byte 0xff */
  if (*out != NULL && !g_utf8_validate (*out, -1, NULL)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: member %s%s%s is not UTF-8 text",
                 label, where != NULL ? where : "", where != NULL ? "." : "",
                 name);
    return FALSE;
  }
  return TRUE;
}

/* an integer in [min, max], or -1 for null when nullable (min >= 0) */
static gboolean
get_int (JsonObject *object, const gchar *where, const gchar *name,
         gboolean nullable, gint64 min, gint64 max, gint64 *out,
         const gchar *label, GError **error)
{
  JsonNode *node
      = member (object, where, name, G_TYPE_INT64, nullable, label, error);

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node)) {
    *out = -1;
    return TRUE;
  }
  *out = json_node_get_int (node);
  if (*out < min || *out > max) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: member %s%s%s is %" G_GINT64_FORMAT
                 ", outside %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                 label, where != NULL ? where : "", where != NULL ? "." : "",
                 name, *out, min, max);
    return FALSE;
  }
  return TRUE;
}

static gboolean
get_boolean (JsonObject *object, const gchar *where, const gchar *name,
             gboolean *out, const gchar *label, GError **error)
{
  JsonNode *node
      = member (object, where, name, G_TYPE_BOOLEAN, FALSE, label, error);

  if (node == NULL)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

static JsonObject *
get_object (JsonObject *object, const gchar *where, const gchar *name,
            const gchar *label, GError **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: %s %s%s%s%s", label,
                 node == NULL ? "no member" : "member",
                 where != NULL ? where : "", where != NULL ? "." : "", name,
                 node == NULL ? "" : " is not an object");
    return NULL;
  }
  return json_node_get_object (node);
}

static JsonArray *
get_array (JsonObject *object, const gchar *where, const gchar *name,
           const gchar *label, GError **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: %s %s%s%s%s", label,
                 node == NULL ? "no member" : "member",
                 where != NULL ? where : "", where != NULL ? "." : "", name,
                 node == NULL ? "" : " is not an array");
    return NULL;
  }
  return json_node_get_array (node);
}

static JsonObject *
get_element (JsonArray *array, guint i, const gchar *where, const gchar *label,
             GError **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: %s[%u] is not an object", label, where,
                 i);
    return NULL;
  }
  return json_node_get_object (node);
}

/* Whether label is tc's, read at tc's rate (either separator). */
static gboolean
label_is (const gchar *label, const PrwTimecode *tc)
{
  g_autoptr (PrwTimecode) read = prw_timecode_new_from_string (
      label, tc->rate_num, tc->rate_den, tc->drop_frame, NULL);

  return read != NULL && prw_timecode_equal (read, tc);
}

/* The source from its recorded facts; it is not opened. */
static gboolean
read_source (PrwConformJob *self, JsonObject *object, const gchar *label,
             GError **error)
{
  const gchar *where = "source";
  const gchar *clip_name, *path, *ale, *reel, *format, *start_label;
  const gchar *rate_label, *last_label;
  gint64 ale_line, width, height, rate_num, rate_den, frames;
  gint64 audio_tracks = 0;
  gboolean drop_frame, interlaced;
  g_autoptr (GError) local = NULL;
  g_autoptr (PrwTimecode) start = NULL;
  g_autoptr (PrwSourceClip) clip = NULL;
  JsonArray *merged;

  if (!get_string (object, where, "clip_name", FALSE, &clip_name, label, error)
      || !get_string (object, where, "path", TRUE, &path, label, error)
      || !get_string (object, where, "ale", TRUE, &ale, label, error)
      || !get_int (object, where, "ale_line", ale == NULL, 1, G_MAXUINT,
                   &ale_line, label, error)
      || !get_string (object, where, "reel", TRUE, &reel, label, error)
      || !get_string (object, where, "format", TRUE, &format, label, error)
      || !get_int (object, where, "width", TRUE, 1, G_MAXUINT, &width, label,
                   error)
      || !get_int (object, where, "height", width < 0, 1, G_MAXUINT, &height,
                   label, error)
      || !get_string (object, where, "rate", FALSE, &rate_label, label, error)
      || !get_int (object, where, "rate_num", FALSE, 1, G_MAXUINT, &rate_num,
                   label, error)
      || !get_int (object, where, "rate_den", FALSE, 1, G_MAXUINT, &rate_den,
                   label, error)
      || !get_boolean (object, where, "drop_frame", &drop_frame, label, error)
      || !get_int (object, where, "frames", FALSE, 1, G_MAXINT64, &frames,
                   label, error)
      || !get_string (object, where, "start_timecode", FALSE, &start_label,
                      label, error)
      || !get_string (object, where, "last_timecode", FALSE, &last_label, label,
                      error)
      || !get_boolean (object, where, "interlaced", &interlaced, label, error)
      /* only a source with sound tracks has it */
      || (json_object_has_member (object, "audio_tracks")
          && !get_int (object, where, "audio_tracks", FALSE, 1, G_MAXUINT16,
                       &audio_tracks, label, error))
      || !(merged = get_array (object, where, "merged", label, error)))
    return FALSE;
  if (audio_tracks > 0 && path == NULL) {
    g_set_error (
        error, PRW_ERROR, PRW_ERROR_CORRUPT,
        "%s: not a conform job: source.audio_tracks is %" G_GINT64_FORMAT
        " without a source.path to copy them from",
        label, audio_tracks);
    return FALSE;
  }
  if (clip_name[0] == '\0' || (path == NULL && ale == NULL)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: source.%s is empty", label,
                 clip_name[0] == '\0' ? "clip_name" : "path (and source.ale)");
    return FALSE;
  }
  if ((width < 0) != (height < 0)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: source.width and source.height are "
                 "not both given",
                 label);
    return FALSE;
  }
  if (!prw_timecode_rate_is_supported ((guint) rate_num, (guint) rate_den,
                                       drop_frame)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: source %s: the rate %" G_GINT64_FORMAT
                 "/%" G_GINT64_FORMAT "%s is not supported",
                 label, clip_name, rate_num, rate_den,
                 drop_frame ? " drop-frame" : "");
    return FALSE;
  }
  if (frames > prw_timecode_rate_get_frames_per_day (
          (guint) rate_num, (guint) rate_den, drop_frame)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                 "%s: source %s: %" G_GINT64_FORMAT " frames is longer than a "
                 "day of timecode",
                 label, clip_name, frames);
    return FALSE;
  }
  {
    g_autofree gchar *fraction
        = rate_fraction ((guint) rate_num, (guint) rate_den);

    /* the fraction and its parts say one rate */
    if (!g_str_equal (rate_label, fraction)) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                   "%s: not a conform job: source.rate is \"%s\", not "
                   "source.rate_num/source.rate_den (%s)",
                   label, rate_label, fraction);
      return FALSE;
    }
  }
  start = prw_timecode_new_from_string (start_label, (guint) rate_num,
                                        (guint) rate_den, drop_frame, &local);
  if (start == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE,
                 "%s: source.start_timecode: %s", label, local->message);
    return FALSE;
  }
  /* a label's ';' makes it drop frame: it must agree with drop_frame */
  if (!start->drop_frame != !drop_frame) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: source.start_timecode %s is %s, but "
                 "source.drop_frame is %s",
                 label, start_label,
                 start->drop_frame ? "drop frame" : "non-drop frame",
                 drop_frame ? "true" : "false");
    return FALSE;
  }
  {
    g_autoptr (PrwTimecode) last = prw_timecode_add_frames (start, frames - 1);

    if (!label_is (last_label, last)) {
      g_autofree gchar *want = prw_timecode_to_string (last);

      g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                   "%s: not a conform job: source.last_timecode is \"%s\", "
                   "not %s (source.start_timecode and source.frames)",
                   label, last_label, want);
      return FALSE;
    }
  }

  clip = prw_source_clip_new_empty ();
  clip->clip_name = g_strdup (clip_name);
  clip->reel = g_strdup (reel);
  clip->start = g_steal_pointer (&start);
  clip->frame_count = frames;
  clip->width = width < 0 ? 0 : (guint) width;
  clip->height = height < 0 ? 0 : (guint) height;
  clip->path = g_strdup (path);
  clip->ale_path = g_strdup (ale);
  clip->ale_line = ale != NULL ? (guint) ale_line : 0;
  clip->format = g_strdup (format);
  clip->interlaced = interlaced;
  clip->n_audio_tracks = (guint) audio_tracks;
  prw_source_clip_set_origin (clip, PRW_SOURCE_CLIP_FACT_CLIP_NAME,
                              "recorded in the job %s", label);
  if (reel != NULL)
    prw_source_clip_set_origin (clip, PRW_SOURCE_CLIP_FACT_REEL,
                                "recorded in the job %s", label);
  prw_source_clip_set_origin (clip, PRW_SOURCE_CLIP_FACT_START_TIMECODE,
                              "recorded in the job %s", label);
  prw_source_clip_set_origin (clip, PRW_SOURCE_CLIP_FACT_FRAME_COUNT,
                              "recorded in the job %s", label);
  prw_source_clip_set_origin (clip, PRW_SOURCE_CLIP_FACT_RATE,
                              "recorded in the job %s", label);
  if (width > 0)
    prw_source_clip_set_origin (clip, PRW_SOURCE_CLIP_FACT_SIZE,
                                "recorded in the job %s", label);
  self->source = g_steal_pointer (&clip);
  self->reel = g_strdup (reel);

  for (guint k = 0; k < json_array_get_length (merged); k++) {
    g_autofree gchar *at = g_strdup_printf ("source.merged[%u]", k);
    JsonObject *row = get_element (merged, k, "source.merged", label, error);
    const gchar *row_name, *row_path, *row_ale;
    gint64 row_line;
    JobRef ref;

    if (row == NULL
        || !get_string (row, at, "clip_name", FALSE, &row_name, label, error)
        || !get_string (row, at, "path", TRUE, &row_path, label, error)
        || !get_string (row, at, "ale", TRUE, &row_ale, label, error)
        || !get_int (row, at, "ale_line", row_ale == NULL, 1, G_MAXUINT,
                     &row_line, label, error))
      return FALSE;
    ref.clip_name = g_strdup (row_name);
    ref.path = g_strdup (row_path);
    ref.ale = g_strdup (row_ale);
    ref.ale_line = row_ale != NULL ? (guint) row_line : 0;
    ref.row = NULL;
    g_array_append_val (self->merged, ref);
  }
  return TRUE;
}

static gboolean
parse_layer (const gchar *text, PrwLayer *layer)
{
  const PrwLayer layers[] = { PRW_LAYER_GRADE, PRW_LAYER_VFX };

  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    if (g_str_equal (text, prw_layer_to_string (layers[i]))) {
      *layer = layers[i];
      return TRUE;
    }
  return FALSE;
}

static gboolean
parse_rules (JsonArray *array, PrwLinkRule *rules)
{
  *rules = PRW_LINK_RULE_NONE;
  for (guint i = 0; i < json_array_get_length (array); i++) {
    JsonNode *node = json_array_get_element (array, i);
    const gchar *text;

    if (!JSON_NODE_HOLDS_VALUE (node)
        || json_node_get_value_type (node) != G_TYPE_STRING)
      return FALSE;
    text = json_node_get_string (node);
    if (g_str_equal (text, "file-name"))
      *rules |= PRW_LINK_RULE_FILE_NAME;
    else if (g_str_equal (text, "reel"))
      *rules |= PRW_LINK_RULE_REEL;
    else if (g_str_equal (text, "reel-is-clip-name"))
      *rules |= PRW_LINK_RULE_REEL_IS_CLIP_NAME;
    else
      return FALSE;
  }
  return TRUE;
}

/* One fact of a segment, as described and as it is now: a difference is
 * appended to changes. */
static void
compare (GString *changes, const gchar *fact, const gchar *then,
         const gchar *now)
{
  if (g_strcmp0 (then, now) == 0)
    return;
  g_string_append_printf (
      changes, "%s%s %s then, %s now", changes->len > 0 ? "; " : "", fact,
      then != NULL ? then : "none", now != NULL ? now : "none");
}

/* What a segment's description says of its place in the source agrees
 * with the source's: the record range lies within the source's frames and
 * its handles (as linking found it), its record timecodes are those of
 * that range, and its size is the source's where that is known. */
static gboolean
check_record (PrwConformJob *self, const gchar *where, gint64 width,
              gint64 height, gint64 record_in, gint64 record_out,
              const gchar *record_tc_in, const gchar *record_tc_last,
              const gchar *label, GError **error)
{
  PrwSourceClip *clip = self->source;
  gint64 source_frames = prw_source_clip_get_frame_count (clip);
  g_autoptr (PrwTimecode) tc_in = NULL;
  g_autoptr (PrwTimecode) tc_last = NULL;

  if (record_in < -(gint64) self->handles
      || record_out > source_frames + (gint64) self->handles) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: %s.record_in and record_out "
                 "(%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT ") are not within "
                 "the source's %" G_GINT64_FORMAT " frames and its %u "
                 "handles",
                 label, where, record_in, record_out, source_frames,
                 self->handles);
    return FALSE;
  }
  tc_in = prw_timecode_add_frames (prw_source_clip_get_start_timecode (clip),
                                   record_in);
  tc_last = prw_timecode_add_frames (prw_source_clip_get_start_timecode (clip),
                                     record_out - 1);
  if (!label_is (record_tc_in, tc_in) || !label_is (record_tc_last, tc_last)) {
    g_autofree gchar *want_in = prw_timecode_to_string (tc_in);
    g_autofree gchar *want_last = prw_timecode_to_string (tc_last);

    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: %s.record_timecode_in and "
                 "record_timecode_last are %s-%s, not the source's %s-%s of "
                 "its record frames %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                 label, where, record_tc_in, record_tc_last, want_in, want_last,
                 record_in, record_out - 1);
    return FALSE;
  }
  if (prw_source_clip_get_width (clip) > 0
      && (width != prw_source_clip_get_width (clip)
          || height != prw_source_clip_get_height (clip))) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: %s is %" G_GINT64_FORMAT
                 "x%" G_GINT64_FORMAT ", not the source's size %ux%u",
                 label, where, width, height, prw_source_clip_get_width (clip),
                 prw_source_clip_get_height (clip));
    return FALSE;
  }
  return TRUE;
}

/* The segment's start timecode (start, as it is now) lands on its
 * record_in, as linking placed it: on or after the source's start, or
 * (across midnight) a day before. A segment at another rate is left to
 * the plan, which refuses it. */
static gboolean
check_placement (PrwConformJob *self, const gchar *where,
                 const PrwTimecode *start, gint64 record_in, const gchar *label,
                 GError **error)
{
  const PrwTimecode *source_start
      = prw_source_clip_get_start_timecode (self->source);
  gint64 day, d;

  if (start == NULL
      || (guint64) start->rate_num * source_start->rate_den
             != (guint64) source_start->rate_num * start->rate_den
      || !start->drop_frame != !source_start->drop_frame)
    return TRUE;
  day = prw_timecode_rate_get_frames_per_day (
      source_start->rate_num, source_start->rate_den, source_start->drop_frame);
  d = ((start->frames - source_start->frames) % day + day) % day;
  if (record_in != d && record_in != d - day) {
    g_autofree gchar *seg_tc = prw_timecode_to_string (start);
    g_autofree gchar *src_tc = prw_timecode_to_string (source_start);

    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: %s.record_in is %" G_GINT64_FORMAT
                 ", but its start timecode %s is the source's record frame "
                 "%" G_GINT64_FORMAT " (source.start_timecode %s)",
                 label, where, record_in, seg_tc, d, src_tc);
    return FALSE;
  }
  return TRUE;
}

/* Segment i: read again from its file, and compared with what the
 * description says of it. */
static gboolean
read_segment (PrwConformJob *self, JsonObject *object, guint i,
              const gchar *label, GCancellable *cancellable, GError **error)
{
  g_autofree gchar *where = g_strdup_printf ("segments[%u]", i);
  const gchar *path, *layer_text, *start_label, *codec, *rate, *reel;
  const gchar *record_tc_in, *record_tc_last;
  gint64 frames, width, height, record_in, record_out;
  JsonArray *rules_array;
  JobSegment seg = { 0 };
  g_autofree gchar *opened = NULL;
  g_autoptr (PrwMediaInfo) media = NULL;
  g_autoptr (PrwSegment) segment = NULL;
  g_autoptr (GString) changes = g_string_new (NULL);
  const PrwTimecode *now_start;
  g_autofree gchar *now_start_label = NULL;
  g_autofree gchar *now_rate = NULL;
  g_autofree gchar *then_frames = NULL, *now_frames = NULL;
  g_autofree gchar *then_size = NULL, *now_size = NULL;

  if (!get_string (object, where, "segment", FALSE, &path, label, error)
      || !get_string (object, where, "layer", FALSE, &layer_text, label, error)
      || !(rules_array = get_array (object, where, "rules", label, error))
      || !get_string (object, where, "start_timecode", FALSE, &start_label,
                      label, error)
      || !get_int (object, where, "frames", FALSE, 1, G_MAXINT64, &frames,
                   label, error)
      || !get_string (object, where, "codec", FALSE, &codec, label, error)
      || !get_int (object, where, "width", FALSE, 1, G_MAXUINT, &width, label,
                   error)
      || !get_int (object, where, "height", FALSE, 1, G_MAXUINT, &height, label,
                   error)
      || !get_string (object, where, "rate", FALSE, &rate, label, error)
      || !get_string (object, where, "reel", TRUE, &reel, label, error)
      || !get_int (object, where, "record_in", FALSE, G_MININT64 / 2,
                   G_MAXINT64 / 2, &record_in, label, error)
      || !get_int (object, where, "record_out", FALSE, G_MININT64 / 2,
                   G_MAXINT64 / 2, &record_out, label, error)
      || !get_string (object, where, "record_timecode_in", FALSE, &record_tc_in,
                      label, error)
      || !get_string (object, where, "record_timecode_last", FALSE,
                      &record_tc_last, label, error))
    return FALSE;
  if (!parse_layer (layer_text, &seg.layer)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: %s.layer is \"%s\", not \"grade\" or "
                 "\"vfx\"",
                 label, where, layer_text);
    return FALSE;
  }
  if (!parse_rules (rules_array, &seg.rules)
      || seg.rules == PRW_LINK_RULE_NONE) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: %s.rules is empty or holds a name "
                 "that is not \"file-name\", \"reel\" or "
                 "\"reel-is-clip-name\"",
                 label, where);
    return FALSE;
  }
  if (record_out - record_in != frames) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: %s.record_in and record_out "
                 "(%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT ") do not span its "
                 "%" G_GINT64_FORMAT " frames",
                 label, where, record_in, record_out, frames);
    return FALSE;
  }
  if (!check_record (self, where, width, height, record_in, record_out,
                     record_tc_in, record_tc_last, label, error))
    return FALSE;

  opened = resolve (self->working_folder, path);
  media = prw_probe_file (opened, cancellable, error);
  if (media == NULL) {
    g_prefix_error (error, "%s: ", label);
    return FALSE;
  }
  segment = prw_segment_new (media);
  now_start = prw_segment_get_start_timecode (segment);
  now_start_label
      = now_start != NULL ? prw_timecode_to_string (now_start) : NULL;
  now_rate = rate_fraction (prw_media_info_get_rate_num (media),
                            prw_media_info_get_rate_den (media));
  then_frames = g_strdup_printf ("%" G_GINT64_FORMAT, frames);
  now_frames = g_strdup_printf ("%" G_GINT64_FORMAT,
                                prw_segment_get_frame_count (segment));
  then_size = g_strdup_printf ("%" G_GINT64_FORMAT "x%" G_GINT64_FORMAT, width,
                               height);
  now_size = g_strdup_printf ("%ux%u", prw_media_info_get_width (media),
                              prw_media_info_get_height (media));
  compare (changes, "start timecode", start_label, now_start_label);
  compare (changes, "frames", then_frames, now_frames);
  compare (changes, "rate", rate, now_rate);
  compare (changes, "codec", codec, prw_media_info_get_codec_fourcc (media));
  compare (changes, "size", then_size, now_size);
  compare (changes, "reel", reel, prw_media_info_get_reel_name (media));
  if (changes->len > 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CHANGED,
                 "%s: changed since the job was described (%s): %s", opened,
                 label, changes->str);
    return FALSE;
  }
  if (!check_placement (self, where, now_start, record_in, label, error))
    return FALSE;
  seg.segment = g_steal_pointer (&segment);
  seg.path = g_strdup (path);
  seg.record_in = record_in;
  seg.record_out = record_out;
  g_array_append_val (self->segments, seg);
  return TRUE;
}

/* The format of a job without segments; its like (if any) read again and
 * compared with what the description says of it. */
static gboolean
read_blank_format (PrwConformJob *self, JsonObject *parent, const gchar *label,
                   GCancellable *cancellable, GError **error)
{
  const gchar *where = "blank_format";
  JsonObject *object;
  const gchar *profile, *like, *codec;
  gint64 width, height;
  g_autofree gchar *opened = NULL;
  g_autoptr (PrwMediaInfo) media = NULL;
  g_autoptr (PrwSegment) segment = NULL;
  g_autoptr (GString) changes = g_string_new (NULL);
  gboolean ok;

  if (!(object = get_object (parent, NULL, where, label, error))
      || !get_string (object, where, "profile", FALSE, &profile, label, error)
      || !get_int (object, where, "width", FALSE, 1, G_MAXUINT, &width, label,
                   error)
      || !get_int (object, where, "height", FALSE, 1, G_MAXUINT, &height, label,
                   error)
      || !get_string (object, where, "like", TRUE, &like, label, error)
      || !get_string (object, where, "codec", like == NULL, &codec, label,
                      error))
    return FALSE;
  if (like == NULL && codec != NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: blank_format.codec is \"%s\" "
                 "without a like (a format given by its flavour has none)",
                 label, codec);
    return FALSE;
  }
  if (like == NULL) {
    ok = prw_conform_job_set_blank_format (self, profile, (guint) width,
                                           (guint) height, error);
  } else {
    opened = resolve (self->working_folder, like);
    media = prw_probe_file (opened, cancellable, error);
    if (media == NULL) {
      g_prefix_error (error, "%s: ", label);
      return FALSE;
    }
    compare (changes, "codec", codec, prw_media_info_get_codec_fourcc (media));
    if (changes->len > 0) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_CHANGED,
                   "%s: changed since the job was described (%s): %s", opened,
                   label, changes->str);
      return FALSE;
    }
    segment = prw_segment_new (media);
    ok = prw_conform_job_set_blank_like (self, segment, (guint) width,
                                         (guint) height, error);
    /* the like as described: the job's description and its format's label
     * name it as the job made from the link table did */
    if (ok)
      set_blank (self, self->blank, segment, like);
  }
  if (!ok) {
    g_prefix_error (error, "%s: ", label);
    return FALSE;
  }
  if (!g_str_equal (profile, prw_blank_rush_get_profile (self->blank))) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: blank_format.profile is \"%s\", not "
                 "the flavour of its like %s (%s)",
                 label, profile, like,
                 prw_blank_rush_get_profile (self->blank));
    return FALSE;
  }
  return TRUE;
}

/**
 * prw_conform_job_new_from_data:
 * @data: a job's description (prw_conform_job_to_data()): one JSON object
 *   in UTF-8
 * @length: the length of @data in bytes, or -1 when it is NUL-terminated
 * @label: (type filename): the name of the file @data was read from, for
 *   messages
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @error: return location for a #GError, or %NULL
 *
 * Reads a job back from its description. Relative paths in it (the
 * source's, the segments', the output) are relative to its
 * `working_folder`, which must be absolute. Every segment is read again
 * (prw_probe_file()) and must still show what the description says of it:
 * its start timecode, frame count, rate, codec, size and reel; so is the
 * segment a job without segments copies its blank rush's format from
 * (`blank_format.like`), whose codec must be the one described. The source
 * is rebuilt from its recorded facts, each of whose origins is "recorded
 * in the job @label", and is not opened: a source described from an ALE
 * row needs neither its media nor the ALE. The members that say one fact
 * twice must agree: the source's `rate` and `rate_num`/`rate_den`, its
 * `drop_frame` and its start timecode's label, its `last_timecode`; and
 * a segment's `record_in` and its start timecode's place in the source,
 * its record range and the source's frames and handles, its record
 * timecodes, and its size and the source's, where that is known (the
 * gates linking applied).
 *
 * Errors: %PRW_ERROR_CORRUPT when @data is not JSON, a member is
 * missing or of the wrong type or value, or members disagree (the message
 * names @label and the member); %PRW_ERROR_UNSUPPORTED for a source rate the
 * library does not support or a source longer than a day;
 * %PRW_ERROR_INVALID_TIMECODE for a start timecode that does not exist at the
 * source's rate; %PRW_ERROR_CHANGED when a segment no longer shows what the
 * description says (the message names the segment and each difference); and the
 * errors of prw_probe_file() for a segment that cannot be read
 * (%PRW_ERROR_NOT_FOUND, %PRW_ERROR_PERMISSION_DENIED, %PRW_ERROR_IO,
 * %PRW_ERROR_NOT_QUICKTIME, ...), prefixed with @label; for a
 * `blank_format`, %PRW_ERROR_CORRUPT also for a `profile` that is not its
 * `like`'s flavour or a `codec` without a `like`, and the errors of
 * prw_conform_job_set_blank_format() and prw_conform_job_set_blank_like()
 * (%PRW_ERROR_UNSUPPORTED for an unknown `profile`, a size a blank rush
 * cannot have, or a `like` that is not progressive ProRes; %PRW_ERROR_CORRUPT,
 * %PRW_ERROR_IO, %PRW_ERROR_PERMISSION_DENIED, %PRW_ERROR_NOT_FOUND for a
 * `like` whose first frame cannot be read), prefixed with @label;
 * %G_IO_ERROR_CANCELLED when @cancellable was cancelled.
 *
 * Returns: (transfer full) (nullable): the job, or %NULL with @error set
 *
 * Since: 0.4
 */
static PrwConformJob *new_from_data (const gchar *data, gssize length,
                                     const gchar *label,
                                     GCancellable *cancellable, GError **error);

PrwConformJob *
prw_conform_job_new_from_data (const gchar *data, gssize length,
                               const gchar *label, GCancellable *cancellable,
                               GError **error)
{
  GError *local = NULL;
  PrwConformJob *job;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  job = new_from_data (data, length, label, cancellable, &local);
  if (job == NULL) {
    /* a job's strings (a timecode label, a path) are quoted in its
     * messages as they are */
    prw_error_on_one_line (local);
    g_propagate_error (error, local);
  }
  return job;
}

static PrwConformJob *
new_from_data (const gchar *data, gssize length, const gchar *label,
               GCancellable *cancellable, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (PrwConformJob) self = NULL;
  g_autoptr (GError) local = NULL;
  JsonNode *root;
  JsonObject *object, *source;
  JsonArray *segments;
  const gchar *working_folder, *output;
  gint64 handles;

  if (prw_json_nests_deeper_than (data, length, PRW_JSON_MAX_DEPTH)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: arrays and objects nested more than "
                 "%d deep",
                 label, PRW_JSON_MAX_DEPTH);
    return NULL;
  }
  if (!json_parser_load_from_data (parser, data, length, &local)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: %s", label, local->message);
    return NULL;
  }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: not a JSON object", label);
    return NULL;
  }
  object = json_node_get_object (root);
  self = g_object_new (PRW_TYPE_CONFORM_JOB, NULL);
  if (!(source = get_object (object, NULL, "source", label, error))
      || !get_string (object, NULL, "working_folder", FALSE, &working_folder,
                      label, error)
      || !get_int (object, NULL, "handles", FALSE, 0, G_MAXUINT, &handles,
                   label, error)
      || !get_string (object, NULL, "output", TRUE, &output, label, error)
      || !(segments = get_array (object, NULL, "segments", label, error)))
    return NULL;
  if (!g_path_is_absolute (working_folder)) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: working_folder %s is not an absolute "
                 "path",
                 label, working_folder);
    return NULL;
  }
  if (output != NULL && output[0] == '\0') {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 "%s: not a conform job: output is empty", label);
    return NULL;
  }
  if ((json_array_get_length (segments) == 0)
      != json_object_has_member (object, "blank_format")) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CORRUPT,
                 json_array_get_length (segments) == 0
                     ? "%s: not a conform job: segments is empty, and it has "
                       "no blank_format"
                     : "%s: not a conform job: a blank_format with segments",
                 label);
    return NULL;
  }
  self->read_back = TRUE;
  self->working_folder = g_strdup (working_folder);
  self->handles = (guint) handles;
  self->output = g_strdup (output);
  self->output_path = resolve (working_folder, output);
  if (!read_source (self, source, label, error))
    return NULL;
  self->source_path = resolve (working_folder, source_file (self->source));
  for (guint i = 0; i < json_array_get_length (segments); i++) {
    JsonObject *segment = get_element (segments, i, "segments", label, error);

    if (segment == NULL
        || !read_segment (self, segment, i, label, cancellable, error))
      return NULL;
  }
  if (self->segments->len == 0
      && !read_blank_format (self, object, label, cancellable, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- getters ------------------------------------------------------------- */

/**
 * prw_conform_job_get_source:
 * @self: a job
 *
 * The job's camera original: the link table's source, or, for a job read
 * back, one rebuilt from its recorded facts (never opened).
 *
 * Returns: (transfer none): the source
 *
 * Since: 0.4
 */
PrwSourceClip *
prw_conform_job_get_source (PrwConformJob *self)
{
  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), NULL);
  return self->source;
}

/**
 * prw_conform_job_get_reel:
 * @self: a job
 *
 * The reel the output's timecode track is given: the source's, or the
 * merged ALE rows' where the source has none
 * (prw_link_table_get_source_reel()).
 *
 * Returns: (nullable): the reel, or %NULL when none is known
 *
 * Since: 0.4
 */
const gchar *
prw_conform_job_get_reel (PrwConformJob *self)
{
  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), NULL);
  return self->reel;
}

/**
 * prw_conform_job_get_working_folder:
 * @self: a job
 *
 * The absolute folder the job's relative paths are relative to.
 *
 * Returns: (type filename): the working folder
 *
 * Since: 0.4
 */
const gchar *
prw_conform_job_get_working_folder (PrwConformJob *self)
{
  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), NULL);
  return self->working_folder;
}

/**
 * prw_conform_job_get_handles:
 * @self: a job
 *
 * The job's handles, from its link table or its description.
 *
 * Returns: the frames a segment may run past either end of the source,
 *   which the plan treats as handles (prw_plan_set_handles())
 *
 * Since: 0.4
 */
guint
prw_conform_job_get_handles (PrwConformJob *self)
{
  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), 0);
  return self->handles;
}

/**
 * prw_conform_job_get_output:
 * @self: a job
 *
 * The movie the job writes, as it is opened: for a job read back, a
 * relative path of its description joined to its working folder.
 *
 * Returns: (type filename) (nullable): the output, or %NULL when the job
 *   has none
 *
 * Since: 0.4
 */
const gchar *
prw_conform_job_get_output (PrwConformJob *self)
{
  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), NULL);
  return self->output_path;
}

/**
 * prw_conform_job_set_overwrite:
 * @self: a job
 * @overwrite: %TRUE to replace a file at the job's output, %FALSE to
 *   leave it and fail
 *
 * Whether prw_conform_job_run() replaces a file at the job's output
 * (%TRUE, a new job's default, for a job made from a link table or read
 * back from its description alike) or leaves it as it is and fails
 * (%FALSE). Without @overwrite, the output must not exist when the job
 * runs, and the finished movie is moved into place without replacing a
 * file that appeared there while it was written (renameat2() with
 * RENAME_NOREPLACE, else link(), as prw_printer_print() does without
 * %PRW_PRINT_FLAGS_OVERWRITE): a caller that found no file at the output
 * when it decided to run the job so never replaces one that another
 * writer put there since. The choice is not part of the job's description
 * (prw_conform_job_to_data()): a job read back replaces its output unless
 * told otherwise.
 *
 * An input of the job is never replaced, with @overwrite or without
 * (%PRW_ERROR_SAME_FILE).
 *
 * Since: 0.4
 */
void
prw_conform_job_set_overwrite (PrwConformJob *self, gboolean overwrite)
{
  g_return_if_fail (PRW_IS_CONFORM_JOB (self));
  self->overwrite = !!overwrite;
}

/**
 * prw_conform_job_set_audio:
 * @self: a job
 * @audio: %TRUE to copy the source's sound tracks into the output (a new
 *   job's default), %FALSE to leave them out
 *
 * Whether the output carries the camera original's sound tracks, as its
 * blank rush does (prw_blank_rush_set_audio(): a QuickTime or MP4
 * original's tracks whose handler is 'soun', copied as they are). Left
 * out, the job's description (prw_conform_job_to_data()) records none, so
 * a job read back from it writes none either.
 *
 * Since: 0.4
 */
void
prw_conform_job_set_audio (PrwConformJob *self, gboolean audio)
{
  g_return_if_fail (PRW_IS_CONFORM_JOB (self));
  self->no_audio = !audio;
  if (self->blank != NULL)
    prw_blank_rush_set_audio (self->blank, audio);
  if (self->rush != NULL)
    prw_blank_rush_set_audio (self->rush, audio);
}

/**
 * prw_conform_job_get_n_audio_tracks:
 * @self: a job
 *
 * How many sound tracks the output carries: the source's
 * (prw_source_clip_get_n_audio_tracks(); a job read back, those its
 * description records) unless prw_conform_job_set_audio() left them out.
 *
 * Returns: the number of sound tracks the job writes; 0 for none
 *
 * Since: 0.4
 */
guint
prw_conform_job_get_n_audio_tracks (PrwConformJob *self)
{
  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), 0);
  return self->no_audio ? 0 : prw_source_clip_get_n_audio_tracks (self->source);
}

/**
 * prw_conform_job_get_overwrite:
 * @self: a job
 *
 * Whether prw_conform_job_run() replaces a file at the job's output
 * (prw_conform_job_set_overwrite()).
 *
 * Returns: %TRUE when an existing output is replaced (the default),
 *   %FALSE when it is left and the job fails
 *
 * Since: 0.4
 */
gboolean
prw_conform_job_get_overwrite (PrwConformJob *self)
{
  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), TRUE);
  return self->overwrite;
}

/**
 * prw_conform_job_get_n_segments:
 * @self: a job
 *
 * How many segments the job prints, grades and VFX shots together.
 *
 * Returns: the number of the job's segments: 0 for a job that writes its
 *   source's blank rush alone (prw_conform_job_set_blank_like())
 *
 * Since: 0.4
 */
guint
prw_conform_job_get_n_segments (PrwConformJob *self)
{
  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), 0);
  return self->segments->len;
}

/**
 * prw_conform_job_get_segment:
 * @self: a job
 * @index: a segment's index, below prw_conform_job_get_n_segments()
 *
 * One of the job's segments, in the link table's order (by path); for a
 * job read back, probed again from the path its description gives.
 *
 * Returns: (transfer none): the segment
 *
 * Since: 0.4
 */
PrwSegment *
prw_conform_job_get_segment (PrwConformJob *self, guint index)
{
  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), NULL);
  g_return_val_if_fail (index < self->segments->len, NULL);
  return g_array_index (self->segments, JobSegment, index).segment;
}

/**
 * prw_conform_job_get_segment_layer:
 * @self: a job
 * @index: a segment's index, below prw_conform_job_get_n_segments()
 *
 * The layer the segment is printed on (see #PrwLayer).
 *
 * Returns: the segment's layer (%PRW_LAYER_GRADE or %PRW_LAYER_VFX)
 *
 * Since: 0.4
 */
PrwLayer
prw_conform_job_get_segment_layer (PrwConformJob *self, guint index)
{
  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), PRW_LAYER_GRADE);
  g_return_val_if_fail (index < self->segments->len, PRW_LAYER_GRADE);
  return g_array_index (self->segments, JobSegment, index).layer;
}

/**
 * prw_conform_job_get_input_paths:
 * @self: a job
 *
 * Every file whose bytes the job's output depends on, as it is opened: the
 * source's media file (or, for a source from an ALE row, the ALE), the ALE
 * files of the rows merged into it, and each segment, in that order, each
 * once. For a job without segments the segment its blank rush's format is
 * copied from is not one: the output depends on that format alone, not on
 * the segment's bytes or path, and prw_conform_job_get_blank_format_key()
 * names it.
 * For a job read back, relative paths are joined to its working folder. A
 * caller records their sizes and modification times (with the options, and
 * for a job without segments its format's key) to know later whether the
 * output is still current.
 *
 * Returns: (transfer full) (array zero-terminated=1) (element-type filename):
 *   the paths
 *
 * Since: 0.4
 */
gchar **
prw_conform_job_get_input_paths (PrwConformJob *self)
{
  g_autoptr (GPtrArray) paths = NULL;
  g_autoptr (GHashTable) seen = NULL;

  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), NULL);

  paths = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  if (self->source_path != NULL) {
    g_hash_table_add (seen, self->source_path);
    g_ptr_array_add (paths, g_strdup (self->source_path));
  }
  for (guint k = 0; k < self->merged->len; k++) {
    const JobRef *ref = &g_array_index (self->merged, JobRef, k);
    gchar *path;

    if (ref->ale == NULL)
      continue;
    path = resolve (self->read_back ? self->working_folder : NULL, ref->ale);
    if (!g_hash_table_add (seen, path)) {
      g_free (path);
      continue;
    }
    g_ptr_array_add (paths, path);
  }
  for (guint i = 0; i < self->segments->len; i++) {
    const gchar *path = prw_segment_get_path (
        g_array_index (self->segments, JobSegment, i).segment);

    if (g_hash_table_add (seen, (gpointer) path))
      g_ptr_array_add (paths, g_strdup (path));
  }
  return (gchar **) g_ptr_array_steal (paths, NULL);
}

/* ---- running ------------------------------------------------------------- */

/* "apcn 1920x1080" */
static gchar *
format_label (PrwMediaInfo *media)
{
  return g_strdup_printf ("%s %ux%u", prw_media_info_get_codec_fourcc (media),
                          prw_media_info_get_width (media),
                          prw_media_info_get_height (media));
}

/* Fails (PRW_ERROR_FORMAT_MISMATCH) when a segment's fact (what, as
 * describe names it) does not agree with the first segment's, naming
 * each odd segment and the first. */
static gboolean
check_segments_agree (PrwConformJob *self, const gchar *name, const gchar *what,
                      gboolean (*agree) (PrwMediaInfo *a, PrwMediaInfo *b),
                      gchar *(*describe) (PrwMediaInfo *media), GError **error)
{
  PrwSegment *first = g_array_index (self->segments, JobSegment, 0).segment;
  PrwMediaInfo *like = prw_segment_get_media (first);
  g_autoptr (GString) odd = g_string_new (NULL);
  g_autofree gchar *like_text = NULL;

  for (guint i = 1; i < self->segments->len; i++) {
    PrwSegment *segment = g_array_index (self->segments, JobSegment, i).segment;
    g_autofree gchar *text = NULL;

    if (agree (like, prw_segment_get_media (segment)))
      continue;
    text = describe (prw_segment_get_media (segment));
    g_string_append_printf (odd, "%s%s (%s)", odd->len > 0 ? ", " : "",
                            prw_segment_get_path (segment), text);
  }
  if (odd->len == 0)
    return TRUE;
  like_text = describe (like);
  g_set_error (error, PRW_ERROR, PRW_ERROR_FORMAT_MISMATCH,
               "%s: its segments disagree in %s: %s, unlike %s (%s); nothing "
               "written",
               name, what, odd->str, prw_segment_get_path (first), like_text);
  return FALSE;
}

/**
 * prw_conform_job_plan:
 * @self: a job
 * @error: return location for a #GError, or %NULL
 *
 * Plans the job without writing anything: its base is the source's blank
 * rush (prw_blank_rush_new_for_source()), with the job's reel and in the
 * first segment's ProRes format and size (prw_blank_rush_set_like()), and
 * the segments are added to a plan on their layers with the job's handles,
 * then sealed (prw_plan_seal()). A job without segments plans its blank
 * rush alone, in the format set (prw_conform_job_set_blank_like() or
 * prw_conform_job_set_blank_format()). The plan and the graded frame count are
 * then readable (prw_conform_job_get_plan(),
 * prw_conform_job_get_graded_frames()), its warnings included. Planning a
 * planned job does nothing.
 *
 * Errors: %PRW_ERROR_FORMAT_MISMATCH when the segments disagree in codec
 * or size (the message names the output, each odd segment and the first
 * one), or in colour description (their 'colr' atoms,
 * prw_media_info_get_colour(); the output has one for every frame): two
 * different descriptions, or none beside one that is not SDR video's
 * (BT.2020 primaries, PQ or HLG; a movie without 'colr' is shown as SDR
 * video); the message names the output, each odd segment and the first
 * segment with a description; or in pixel aspect ('pasp',
 * a movie without one counting as 1:1) or in field description ('fiel':
 * field count and order, a movie without one counting as progressive),
 * the output having the first segment's for every frame; the message
 * names the output, each odd segment and the first one;
 * %PRW_ERROR_UNSUPPORTED for an interlaced source
 * or a segment format a blank rush cannot have; %PRW_ERROR_FAILED for a job
 * without segments whose format is not set; and the errors of
 * prw_plan_add_segment_to_layer() and prw_plan_seal().
 *
 * Returns: %TRUE when the job is planned
 *
 * Since: 0.4
 */
gboolean
prw_conform_job_plan (PrwConformJob *self, GError **error)
{
  const JobSegment *first;
  PrwMediaInfo *like;
  g_autofree gchar *like_format = NULL;
  PrwSegment *described = NULL;
  g_autoptr (GString) odd = g_string_new (NULL);
  g_autoptr (PrwBlankRush) rush = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  const gchar *name = self->output_path != NULL
                          ? self->output_path
                          : prw_source_clip_get_clip_name (self->source);
  gint64 graded = 0;

  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->plan != NULL)
    return TRUE;
  if (self->segments->len == 0) {
    if (self->blank == NULL) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_FAILED,
                   "%s: has no segments and no blank rush format; nothing "
                   "written",
                   name);
      return FALSE;
    }
    plan = prw_blank_rush_new_plan (self->blank);
    if (!prw_plan_seal (plan, error))
      return FALSE;
    self->rush = g_object_ref (self->blank);
    self->plan = g_steal_pointer (&plan);
    self->graded_frames = 0;
    return TRUE;
  }
  first = &g_array_index (self->segments, JobSegment, 0);
  like = prw_segment_get_media (first->segment);
  like_format = format_label (like);
  /* the first segment's format (the blank rush's); the others must share
   * it */
  for (guint i = 1; i < self->segments->len; i++) {
    PrwSegment *segment = g_array_index (self->segments, JobSegment, i).segment;
    g_autofree gchar *format = format_label (prw_segment_get_media (segment));

    if (!g_str_equal (format, like_format))
      g_string_append_printf (odd, "%s%s (%s)", odd->len > 0 ? ", " : "",
                              prw_segment_get_path (segment), format);
  }
  if (odd->len > 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FORMAT_MISMATCH,
                 "%s: its segments disagree in format: %s, unlike %s (%s); "
                 "nothing written",
                 name, odd->str, prw_segment_get_path (first->segment),
                 like_format);
    return FALSE;
  }
  /* one colour description for every frame: the first one given */
  for (guint i = 0; i < self->segments->len && described == NULL; i++) {
    PrwSegment *segment = g_array_index (self->segments, JobSegment, i).segment;

    if (prw_media_info_get_colour (prw_segment_get_media (segment)) != NULL)
      described = segment;
  }
  for (guint i = 0; described != NULL && i < self->segments->len; i++) {
    PrwSegment *segment = g_array_index (self->segments, JobSegment, i).segment;
    const gchar *colour
        = prw_media_info_get_colour (prw_segment_get_media (segment));

    if (!prw_media_info_colours_agree (
            prw_media_info_get_colour (prw_segment_get_media (described)),
            colour))
      g_string_append_printf (odd, "%s%s (%s)", odd->len > 0 ? ", " : "",
                              prw_segment_get_path (segment),
                              colour != NULL ? colour : "no colr");
  }
  if (odd->len > 0) {
    g_set_error (
        error, PRW_ERROR, PRW_ERROR_FORMAT_MISMATCH,
        "%s: its segments disagree in colour description: %s, unlike %s "
        "(%s); nothing written",
        name, odd->str, prw_segment_get_path (described),
        prw_media_info_get_colour (prw_segment_get_media (described)));
    return FALSE;
  }
  /* one pixel aspect and one field description for every frame: the
   * first segment's, which the blank rush copies */
  if (!check_segments_agree (self, name, "pixel aspect",
                             prw_media_info_pixel_aspects_agree,
                             prw_media_info_describe_pixel_aspect, error)
      || !check_segments_agree (self, name, "field description",
                                prw_media_info_fields_agree,
                                prw_media_info_describe_fields, error))
    return FALSE;
  if (!(rush = new_blank (self, error))
      || !prw_blank_rush_set_like (rush, like, error))
    return FALSE;
  plan = prw_blank_rush_new_plan (rush);
  prw_plan_set_handles (plan, self->handles);
  for (guint i = 0; i < self->segments->len; i++) {
    const JobSegment *seg = &g_array_index (self->segments, JobSegment, i);

    if (!prw_plan_add_segment_to_layer (plan, seg->segment, seg->layer, error))
      return FALSE;
  }
  if (!prw_plan_seal (plan, error))
    return FALSE;
  for (guint i = 0; i < prw_plan_get_n_ranges (plan); i++) {
    const PrwRange *range = prw_plan_get_range (plan, i);

    if (range->source != PRW_RANGE_SOURCE_BASE)
      graded += range->frames;
  }
  self->rush = g_steal_pointer (&rush);
  self->plan = g_steal_pointer (&plan);
  self->graded_frames = graded;
  return TRUE;
}

/* The output is none of the job's inputs: not its source's media file (or
 * ALE), which the blank rush does not read and so cannot guard, nor a
 * merged ALE, nor a segment. (The segment a job without segments copies
 * its format from, not an input, is the blank rush's to guard:
 * prw_blank_rush_print() refuses to overwrite it.) */
static gboolean
check_not_an_input (PrwConformJob *self, GError **error)
{
  g_auto (GStrv) inputs = NULL;
  struct stat out_st;

  if (g_stat (self->output_path, &out_st) != 0)
    return TRUE;
  inputs = prw_conform_job_get_input_paths (self);
  for (guint i = 0; inputs[i] != NULL; i++) {
    struct stat st;

    if (g_stat (inputs[i], &st) == 0 && prw_stat_same_file (&out_st, &st)) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_SAME_FILE,
                   "%s: is the input %s; refusing to overwrite an input",
                   self->output_path, inputs[i]);
      return FALSE;
    }
  }
  return TRUE;
}

/* The output stands for the source's facts (its frames, rate, timecode,
 * reel) only if the source's file is still the one they were read from,
 * and the ALE of each row merged into it (which may give the reel) too:
 * checked before the rename, as the segments are. A job read back from
 * its description has no file read to compare (its source is not read
 * again). */
static gboolean
check_source_unchanged (gpointer user_data, GError **error)
{
  PrwConformJob *self = user_data;

  if (!prw_source_clip_check_file (self->source, error))
    return FALSE;
  for (guint k = 0; k < self->merged->len; k++) {
    const JobRef *ref = &g_array_index (self->merged, JobRef, k);

    if (ref->row != NULL && !prw_source_clip_check_file (ref->row, error))
      return FALSE;
  }
  return TRUE;
}

/* The job's failure when its output's folder dir cannot be made, mkdir()
 * having failed (or being sure to fail) with err: one message, whether the
 * run met it or a check foresaw it. */
static gboolean
folder_error (PrwConformJob *self, const gchar *dir, int err, GError **error)
{
  g_set_error (error, PRW_ERROR,
               err == ENOSPC   ? PRW_ERROR_NO_SPACE
               : err == EACCES ? PRW_ERROR_PERMISSION_DENIED
                               : PRW_ERROR_IO,
               "%s: could not make its folder %s: %s", self->output_path, dir,
               g_strerror (err));
  return FALSE;
}

/* What the run meets at the output's name and in its folder before it
 * writes a byte, looked at now, writing nothing: a folder that is there
 * must take the output (the blank rush's own check of the output,
 * prw_blank_rush_check_output(), and write and search permission for its
 * temporary file, which the atomic output makes there); a folder that is
 * not must be one g_mkdir_with_parents() can make: the nearest of its
 * parents that is there is a folder, and can be written, and no symbolic
 * link to nothing is on the way. */
static gboolean
check_output_folder (PrwConformJob *self, GError **error)
{
  g_autofree gchar *dir = g_path_get_dirname (self->output_path);
  gboolean exists;
  int err = prw_folder_check_makeable (dir, &exists);

  if (err != 0)
    return folder_error (self, dir, err, error);
  if (!exists)
    return TRUE;
  if (!prw_blank_rush_check_output (self->rush, self->output_path,
                                    self->overwrite ? PRW_PRINT_FLAGS_OVERWRITE
                                                    : PRW_PRINT_FLAGS_NONE,
                                    error))
    return FALSE;
  if (g_access (dir, W_OK | X_OK) != 0)
    return prw_set_error_from_errno (error, errno, self->output_path,
                                     "cannot create a temporary file");
  return TRUE;
}

/**
 * prw_conform_job_check:
 * @self: a job with an output
 * @error: return location for a #GError, or %NULL
 *
 * Whether prw_conform_job_run() would refuse the job before writing
 * anything, found without writing anything (and without a lock): the job
 * is planned (prw_conform_job_plan(): segments that disagree in format,
 * colour description, pixel aspect or field description, an interlaced
 * source, ...); its output must not be one of its inputs (nor the segment
 * a job without segments copies its format from), a folder, or a symbolic
 * link to nothing; and its folder, when there, must let a file be made in
 * it (write and search permission, access(2)), or, when not, be one that
 * can be made: the nearest of its parents that is there is a folder that
 * can be written. Without overwrite (prw_conform_job_set_overwrite()), a
 * file at the output is a failure too.
 *
 * prw_conform_job_run() starts with this check, so a dry run that calls it
 * says the same as the run, in the same words. Files are looked at now: a
 * change made between the check and the run (or during it, another
 * program's), a full disk, and a source or segment changed while the job
 * runs, may still fail the run; so may what the print makes before its
 * first byte and this check does not make (the ProRes encoder, the black
 * frame, the burn-in's layout: a missing encoder, a picture too small for
 * the burn-in).
 *
 * Errors: those of prw_conform_job_plan(); %PRW_ERROR_SAME_FILE when the
 * output is one of the job's inputs ("PATH: is the input INPUT; refusing
 * to overwrite an input"); %PRW_ERROR_IO when it is a folder ("PATH: is a
 * directory") or a symbolic link to nothing; without overwrite,
 * %PRW_ERROR_OUTPUT_EXISTS ("PATH: exists"); when its folder cannot be made
 * ("PATH: could not make its folder DIR: REASON": a file on the way,
 * ENOTDIR, a symbolic link to nothing on the way, ENOTDIR or ENOENT as
 * g_mkdir_with_parents() meets it, or a parent that cannot be written),
 * %PRW_ERROR_PERMISSION_DENIED
 * or %PRW_ERROR_IO; when its folder is there but cannot be written
 * ("PATH: cannot create a temporary file: REASON"),
 * %PRW_ERROR_PERMISSION_DENIED (EACCES, EPERM, and EROFS: a read-only
 * filesystem, as the run's temporary file meets it) or %PRW_ERROR_IO.
 * Each message starts with the output.
 *
 * Returns: %TRUE when nothing found now stops the run
 *
 * Since: 0.4
 */
gboolean
prw_conform_job_check (PrwConformJob *self, GError **error)
{
  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), FALSE);
  g_return_val_if_fail (self->output_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return prw_conform_job_plan (self, error) && check_not_an_input (self, error)
         && check_output_folder (self, error);
}

/**
 * prw_conform_job_run:
 * @self: a job with an output
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @error: return location for a #GError, or %NULL
 *
 * Runs the job: plans it if it is not planned yet (prw_conform_job_plan()),
 * checks what can be known before writing (prw_conform_job_check()),
 * makes the output's folder (and its parents) if need be, and prints the
 * segments into the source's blank rush in one pass
 * (prw_blank_rush_print()), replacing an existing output atomically
 * (unless prw_conform_job_set_overwrite() said not to: then an output
 * that exists when the job starts, or appears while it is written, is
 * left as it is and the job fails). A job that fails, or is cancelled,
 * leaves no output and no temporary file.
 *
 * Just before the output is renamed into place, the source's file (its
 * media file, or the ALE of an ALE row) must still be the file its facts
 * were read from (prw_source_clip_new_from_file(),
 * prw_ale_new_from_file()), and so must the ALE of each row merged into
 * it (which may give its reel): same device, inode, size, modification
 * time and status change time; else the output is not written, since it
 * would be made from the facts of a file no longer there. A job read back from
 * its description does not read its source again, and does not check it,
 * unless the source has sound tracks (`audio_tracks`): its media file is
 * then read again for them, and must still have that many, its frame
 * count and its rate (%PRW_ERROR_CHANGED otherwise).
 *
 * Errors: those of prw_conform_job_plan() and prw_conform_job_check();
 * %PRW_ERROR_CHANGED when the
 * source's file, or a merged row's ALE, changed since it was read ("PATH:
 * changed since it was read (WHY)"); %PRW_ERROR_SAME_FILE when the
 * output is one of the job's inputs (prw_conform_job_get_input_paths():
 * its source's media file or ALE among them); %PRW_ERROR_NO_SPACE,
 * %PRW_ERROR_PERMISSION_DENIED or %PRW_ERROR_IO when the output's folder
 * cannot be made; without overwrite, %PRW_ERROR_OUTPUT_EXISTS when the
 * output exists when the job starts ("PATH: exists") or appeared while it
 * was written ("PATH: appeared while it was written"); those of
 * prw_blank_rush_print(); %G_IO_ERROR_CANCELLED
 * when @cancellable was cancelled.
 *
 * Returns: %TRUE when the output was written
 *
 * Since: 0.4
 */
gboolean
prw_conform_job_run (PrwConformJob *self, GCancellable *cancellable,
                     GError **error)
{
  g_autofree gchar *dir = NULL;

  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), FALSE);
  g_return_val_if_fail (self->output_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* what can be known before a byte is written, as a dry run knows it */
  if (!prw_conform_job_check (self, error))
    return FALSE;
  dir = g_path_get_dirname (self->output_path);
  if (g_mkdir_with_parents (dir, 0777) != 0)
    return folder_error (self, dir, errno, error);
  return prw_blank_rush_print_checked (
      self->rush, self->plan, self->output_path,
      self->overwrite ? PRW_PRINT_FLAGS_OVERWRITE : PRW_PRINT_FLAGS_NONE,
      check_source_unchanged, self, cancellable, error);
}

/**
 * prw_conform_job_get_plan:
 * @self: a job
 *
 * The job's sealed plan, once it is planned (prw_conform_job_plan(), or
 * prw_conform_job_run(), whether or not the print then succeeded).
 *
 * Returns: (transfer none) (nullable): the plan, or %NULL before planning
 *
 * Since: 0.4
 */
PrwPlan *
prw_conform_job_get_plan (PrwConformJob *self)
{
  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), NULL);
  return self->plan;
}

/**
 * prw_conform_job_get_graded_frames:
 * @self: a job
 *
 * How many of the output's frames the segments give, for a summary.
 *
 * Returns: the frames of the output the segments replace (the plan's
 *   ranges not taken from the base), once it is planned; 0 before
 *
 * Since: 0.4
 */
gint64
prw_conform_job_get_graded_frames (PrwConformJob *self)
{
  g_return_val_if_fail (PRW_IS_CONFORM_JOB (self), 0);
  return self->graded_frames;
}
