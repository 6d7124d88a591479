/* proreswriter conform: link graded and VFX segments to their camera
 * originals (the library's PrwLinkTable) and describe one job per source
 * (the library's PrwConformJob).
 *
 * --dry-run prints the link table and the jobs; otherwise every job runs,
 * one after the other: one pass per source, printing its segments into its
 * virtual blank rush (prw_conform_job_run()). --job FILE reads one job's
 * description back and runs it.
 *
 * This file walks the folders it is given (walk.c: recursively, hidden
 * files skipped) and reads each file with the library; the rules are the
 * library's. */

#include "cmd.h"
#include "interrupt.h"
#include "walk.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static gboolean
is_ale (const gchar *path)
{
  gsize len = strlen (path);

  return len > 4 && g_ascii_strcasecmp (path + len - 4, ".ale") == 0;
}

/* Whether not reading item loses an input: one named on the command line,
 * or one found in a walked folder that looks like media. */
static gboolean
is_lost_input (const PrwCliFound *item)
{
  return item->named || prw_cli_looks_like_media (item->path);
}

/* A source read, with where it was found. */
typedef struct {
  PrwSourceClip *clip;
  const PrwCliFound *item;
} ReadSource;

static void
read_source_clear (gpointer data)
{
  ReadSource *read = data;

  g_clear_object (&read->clip);
}

/* the clip name, compared as the link table compares it */
static gchar *
read_source_key (const ReadSource *read)
{
  g_autofree gchar *valid
      = g_utf8_make_valid (prw_source_clip_get_clip_name (read->clip), -1);
  g_autofree gchar *nfc
      = g_utf8_normalize (valid, -1, G_NORMALIZE_DEFAULT_COMPOSE);

  return g_utf8_casefold (nfc, -1);
}

/* Adds the sources read to table, each with its folder relative to the
 * path it was found under; when one clip name comes from several paths of
 * the command line ("--sources shoot/day1 shoot/day2", both holding
 * A001C001), each such source's folder starts with its path's own name
 * ("day1", "day1/A001"), so that their outputs keep apart and say where
 * they come from. */
static void
add_read_sources (PrwLinkTable *table, GArray *read)
{
  /* key -> the first root it came from, or G_MAXUINT: several */
  g_autoptr (GHashTable) roots
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < read->len; i++) {
    const ReadSource *one = &g_array_index (read, ReadSource, i);
    gchar *key = read_source_key (one);
    gpointer root;

    if (!g_hash_table_lookup_extended (roots, key, NULL, &root))
      g_hash_table_insert (roots, key, GUINT_TO_POINTER (one->item->root));
    else {
      if (GPOINTER_TO_UINT (root) != one->item->root)
        g_hash_table_insert (roots, g_strdup (key),
                             GUINT_TO_POINTER (G_MAXUINT));
      g_free (key);
    }
  }
  for (guint i = 0; i < read->len; i++) {
    const ReadSource *one = &g_array_index (read, ReadSource, i);
    g_autofree gchar *key = read_source_key (one);
    g_autofree gchar *folder = NULL;

    if (GPOINTER_TO_UINT (g_hash_table_lookup (roots, key)) == G_MAXUINT)
      folder = one->item->folder != NULL ? g_build_filename (
                   one->item->root_name, one->item->folder, NULL)
                                         : g_strdup (one->item->root_name);
    else
      folder = g_strdup (one->item->folder);
    prw_link_table_add_source (table, one->clip, folder);
  }
}

/* Reads every source under paths into table; what cannot be read is
 * reported in one line each and left out. Returns how many inputs were
 * lost: a path that does not exist, an unreadable folder, a file named on
 * the command line or a media file or ALE found in a folder that cannot
 * be read, an ALE row that cannot. */
static guint
add_sources (PrwLinkTable *table, char **paths)
{
  guint lost = 0;
  g_autoptr (GPtrArray) found = prw_cli_walk (paths, &lost);
  g_autoptr (GArray) read = g_array_new (FALSE, TRUE, sizeof (ReadSource));

  g_array_set_clear_func (read, read_source_clear);
  for (guint i = 0; i < found->len; i++) {
    const PrwCliFound *item = g_ptr_array_index (found, i);
    g_autoptr (GError) error = NULL;

    prw_cli_output_add_path (item->path);
    if (is_ale (item->path)) {
      g_autoptr (PrwAle) ale = prw_ale_new_from_file (item->path, NULL, &error);
      GListModel *clips;

      if (ale == NULL) {
        prw_cli_warning (item->path, error->message);
        lost++;
        continue;
      }
      clips = prw_ale_get_clips (ale);
      for (guint k = 0; k < g_list_model_get_n_items (clips); k++) {
        ReadSource one = { g_list_model_get_item (clips, k), item };

        g_array_append_val (read, one);
      }
      for (guint k = 0; k < prw_ale_get_n_row_errors (ale); k++) {
        prw_cli_warning (item->path, prw_ale_get_row_error (ale, k)->message);
        lost++;
      }
    } else {
      ReadSource one = { NULL, item };

      one.clip = prw_source_clip_new_from_file (item->path, NULL, NULL, &error);
      if (one.clip == NULL) {
        prw_cli_warning (item->path, error->message);
        lost += is_lost_input (item);
        continue;
      }
      g_array_append_val (read, one);
    }
  }
  add_read_sources (table, read);
  return lost;
}

/* Discovers every segment under paths into table with layer; what is not a
 * segment is reported in one line each. Returns how many inputs were
 * lost: a path that does not exist, an unreadable folder, a file named on
 * the command line or a media file found in a folder that is no segment. */
static guint
add_segments (PrwLinkTable *table, char **paths, PrwLayer layer)
{
  guint lost = 0;
  g_autoptr (GPtrArray) found = prw_cli_walk (paths, &lost);
  g_autoptr (GPtrArray) files = g_ptr_array_new_null_terminated (0, NULL, TRUE);
  g_autoptr (GHashTable) discovered
      = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GListModel) segments = NULL;
  g_auto (GStrv) invalid = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < found->len; i++) {
    const PrwCliFound *item = g_ptr_array_index (found, i);

    prw_cli_output_add_path (item->path);
    g_ptr_array_add (files, item->path);
  }
  if (files->len == 0)
    return lost;
  segments = prw_discover ((const gchar *const *) files->pdata, &invalid, NULL,
                           &error);
  if (segments == NULL) {
    prw_cli_error (error, NULL);
    return lost + files->len;
  }
  for (guint i = 0; invalid != NULL && invalid[i] != NULL; i++)
    prw_cli_warning (NULL, invalid[i]);
  for (guint i = 0; i < g_list_model_get_n_items (segments); i++) {
    g_autoptr (PrwSegment) segment = g_list_model_get_item (segments, i);

    g_hash_table_add (discovered, (gpointer) prw_segment_get_path (segment));
    prw_cli_output_add_segment (prw_segment_get_path (segment),
                                prw_segment_get_display_name (segment));
    prw_link_table_add_segment (table, segment, layer);
  }
  /* the table keeps the segments, and so their paths */
  for (guint i = 0; i < found->len; i++) {
    const PrwCliFound *item = g_ptr_array_index (found, i);

    if (!g_hash_table_contains (discovered, item->path) && is_lost_input (item))
      lost++;
  }
  return lost;
}

/* The input folder (of any list) that OUTDIR is or is inside, or the
 * folder of an input file (a source, grade, VFX or ALE given as it is)
 * that OUTDIR is or is inside, or NULL (newly allocated): nothing is ever
 * written inside the source or grade folders, and a later walk of that
 * folder would take the outputs for inputs. */
static gchar *
outdir_inside_input (const gchar *outdir, char **const *lists)
{
  g_autofree gchar *out = prw_cli_resolve_path (outdir);

  for (guint l = 0; lists[l] != NULL; l++)
    for (guint i = 0; lists[l][i] != NULL; i++) {
      g_autofree gchar *folder = NULL;
      g_autofree gchar *in = NULL;
      gsize len;

      if (g_file_test (lists[l][i], G_FILE_TEST_IS_DIR))
        folder = g_strdup (lists[l][i]);
      else if (g_file_test (lists[l][i], G_FILE_TEST_EXISTS))
        folder = g_path_get_dirname (lists[l][i]);
      else
        continue;
      in = prw_cli_resolve_path (folder);
      len = strlen (in);
      if (g_str_has_prefix (out, in)
          && (out[len] == '\0' || out[len] == G_DIR_SEPARATOR
              || in[len - 1] == G_DIR_SEPARATOR))
        return g_steal_pointer (&folder);
    }
  return NULL;
}

/* The file on the way to the folder path (path itself, or the nearest of
 * its parents that exists) that is not a folder, or NULL (newly
 * allocated): a folder can be neither made nor written there. */
static gchar *
file_in_way_of_folder (const gchar *path)
{
  g_autofree gchar *p = g_strdup (path);

  while (!g_file_test (p, G_FILE_TEST_EXISTS)) {
    gchar *parent = g_path_get_dirname (p);

    if (g_str_equal (parent, p)) {
      g_free (parent);
      return NULL;
    }
    g_free (p);
    p = parent;
  }
  return g_file_test (p, G_FILE_TEST_IS_DIR) ? NULL : g_steal_pointer (&p);
}

/* What --report DIR is, for its usage errors */
#define REPORT_FOLDER_IS                                                       \
  "the splice reports and their index (index.html) are written to"

/* Whether the folder an option names (-o OUTDIR, --report DIR) can be one:
 * FALSE after the usage error, when a file is on the way (the folder
 * itself, or a parent: every job would fail alike). what: what the folder
 * holds, for the message. */
static gboolean
check_folder_option (const gchar *option, const gchar *path, const gchar *what)
{
  g_autofree gchar *file = file_in_way_of_folder (path);

  if (file == NULL)
    return TRUE;
  if (g_str_equal (file, path))
    prw_cli_usage_error ("conform",
                         "%s %s: is not a folder; %s names the folder %s",
                         option, path, option, what);
  else
    prw_cli_usage_error ("conform",
                         "%s %s: %s is not a folder; %s names the folder %s",
                         option, path, file, option, what);
  return FALSE;
}

/* ---- --all: the blank rushes of the sources without segments ------------ */

/* The format of the blank rushes --all writes: copied from a segment (--like,
 * or the one format of every segment linked in the run), or given
 * (--profile, --size). */
typedef struct {
  gboolean all;
  gboolean no_audio;   /* --no-audio, for every job */
  PrwSegment *like;    /* or NULL */
  gchar *profile;      /* or NULL */
  guint width, height; /* --size, or 0: the source's */
} BlankFormat;

/* Whether the table's source s has a job: segments, or --all. */
static gboolean
is_job (PrwLinkTable *table, guint s, const BlankFormat *blank)
{
  return prw_link_table_get_source_n_links (table, s) > 0 || blank->all;
}

/* The output name (relative to OUTDIR) of the table's source s. A source
 * with segments is named as it is without --all: a blank rush never moves
 * a graded source's output; a blank rush (--all) keeps its source's folder
 * when its clip name is shared with any other source. */
static gchar *
output_name (PrwLinkTable *table, guint s, const BlankFormat *blank)
{
  return prw_link_table_get_source_output_name_full (
      table, s,
      blank->all && prw_link_table_get_source_n_links (table, s) == 0);
}

/* The job of the table's source s: its segments', or, for a source without
 * any (--all), its blank rush alone in blank's format. */
static PrwConformJob *
make_job (PrwLinkTable *table, guint s, const gchar *output,
          const BlankFormat *blank, GError **error)
{
  g_autoptr (PrwConformJob) job
      = prw_conform_job_new_from_link_table (table, s, output);
  gboolean ok = TRUE;

  prw_conform_job_set_audio (job, !blank->no_audio);
  if (prw_conform_job_get_n_segments (job) > 0)
    return g_steal_pointer (&job);
  if (blank->like != NULL)
    ok = prw_conform_job_set_blank_like (job, blank->like, 0, 0, error);
  else if (blank->profile != NULL)
    ok = prw_conform_job_set_blank_format (job, blank->profile, blank->width,
                                           blank->height, error);
  /* the CLI's hint */
  if (!ok && blank->profile != NULL && blank->width == 0
      && prw_source_clip_get_width (prw_conform_job_get_source (job)) == 0) {
    gchar *message = g_strdup_printf (
        "%s (give --like SEGMENT, or --size WxH for every blank rush)",
        (*error)->message);

    g_free ((*error)->message);
    (*error)->message = message;
  }
  return ok ? g_steal_pointer (&job) : NULL;
}

/* "ap4h nclc 1-1-1 without alpha": what the blank rushes copy of a
 * segment, but its size (prw_blank_rush_describe_like()); one that cannot
 * be copied is its own flavour, the reason said */
static gchar *
flavour_of (PrwSegment *segment)
{
  PrwMediaInfo *media = prw_segment_get_media (segment);
  g_autoptr (GError) error = NULL;
  gchar *flavour = prw_blank_rush_describe_like (media, &error);
  const gchar *colour;

  if (flavour != NULL)
    return flavour;
  colour = prw_media_info_get_colour (media);
  return g_strdup_printf (
      "%s %s, not copied: %s", prw_media_info_get_codec_fourcc (media),
      colour != NULL ? colour : "(no colr)", error->message);
}

/* --all without --like or --profile: the one flavour of every segment
 * linked in the run, the first such segment copied (blank->like); FALSE,
 * with the usage error reported, when they disagree or there are none. */
static gboolean
blank_format_from_links (PrwLinkTable *table, BlankFormat *blank)
{
  guint n_links = prw_link_table_get_n_links (table);
  g_autoptr (GPtrArray) flavours = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) found = g_string_new (NULL);

  for (guint l = 0; l < n_links; l++) {
    PrwSegment *segment = prw_link_table_get_link_segment (table, l);
    g_autofree gchar *flavour = flavour_of (segment);

    if (g_ptr_array_find_with_equal_func (flavours, flavour, g_str_equal, NULL))
      continue;
    g_string_append_printf (found, "%s%s (%s)", found->len > 0 ? ", " : "",
                            flavour, prw_segment_get_path (segment));
    g_ptr_array_add (flavours, g_steal_pointer (&flavour));
  }
  if (flavours->len == 1) {
    blank->like = g_object_ref (prw_link_table_get_link_segment (table, 0));
    return TRUE;
  }
  if (flavours->len == 0)
    prw_cli_usage_error ("conform",
                         "--all: no segment is linked in this run to take "
                         "the blank rushes' ProRes format from; give --like "
                         "SEGMENT or --profile P [--size WxH]");
  else
    prw_cli_usage_error ("conform",
                         "--all: the segments linked in this run disagree in "
                         "ProRes format: %s; give --like SEGMENT or --profile "
                         "P [--size WxH] for the blank rushes",
                         found->str);
  return FALSE;
}

/* ---- output ------------------------------------------------------------- */

/* "PATH" or "ALE:LINE", the file a source was read from */
static gchar *
source_file (PrwSourceClip *clip)
{
  if (prw_source_clip_get_ale_path (clip) != NULL)
    return g_strdup_printf ("%s:%u", prw_source_clip_get_ale_path (clip),
                            prw_source_clip_get_ale_line (clip));
  return g_strdup (prw_source_clip_get_path (clip) != NULL
                       ? prw_source_clip_get_path (clip)
                       : "");
}

/* "CLIP (FILE)" */
static gchar *
source_label (PrwSourceClip *clip)
{
  g_autofree gchar *file = source_file (clip);

  return g_strdup_printf ("%s (%s)", prw_source_clip_get_clip_name (clip),
                          file);
}

/* Whether --report DIR is clear of the outputs of the table's jobs in
 * OUTDIR: FALSE after the usage error when DIR is one of them, or inside
 * one (the index would be written over a movie, or a movie over the
 * folder of the reports). Before anything is written. */
static gboolean
check_report_not_an_output (PrwLinkTable *table, const gchar *outdir,
                            const gchar *report_dir, const BlankFormat *blank)
{
  g_autofree gchar *report = prw_cli_resolve_path (report_dir);

  for (guint s = 0; s < prw_link_table_get_n_sources (table); s++) {
    g_autofree gchar *name = NULL;
    g_autofree gchar *output = NULL;
    g_autofree gchar *resolved = NULL;
    g_autofree gchar *label = NULL;
    gsize len;

    if (!is_job (table, s, blank))
      continue;
    name = output_name (table, s, blank);
    output = g_build_filename (outdir, name, NULL);
    resolved = prw_cli_resolve_path (output);
    len = strlen (resolved);
    if (!g_str_has_prefix (report, resolved)
        || (report[len] != '\0' && report[len] != G_DIR_SEPARATOR))
      continue;
    label = source_label (prw_link_table_get_source (table, s));
    prw_cli_usage_error ("conform",
                         "--report %s: %s the output %s of %s; --report "
                         "names the folder " REPORT_FOLDER_IS,
                         report_dir, report[len] == '\0' ? "is" : "is inside",
                         output, label);
    return FALSE;
  }
  return TRUE;
}

static gchar *
source_tc (PrwSourceClip *clip, gint64 frame)
{
  g_autoptr (PrwTimecode) tc = prw_timecode_add_frames (
      prw_source_clip_get_start_timecode (clip), frame);

  return prw_timecode_to_string (tc);
}

/* "01:00:01:00-01:00:01:24 (frames 25-49)": the record range in the
 * source's timecode and frames, last frame included; a range starting
 * before the source (handles) reads "(frames -2 to 9)" */
static gchar *
record_range (PrwSourceClip *clip, gint64 record_in, gint64 record_out)
{
  g_autofree gchar *in = source_tc (clip, record_in);
  g_autofree gchar *last = source_tc (clip, record_out - 1);

  return g_strdup_printf (
      "%s-%s (frames %" G_GINT64_FORMAT "%s%" G_GINT64_FORMAT ")", in, last,
      record_in, record_in < 0 ? " to " : "-", record_out - 1);
}

/* Whether source s's reel is its merged ALE rows' rather than its own. */
static gboolean
reel_from_ale (PrwLinkTable *table, guint s)
{
  return prw_link_table_get_source_n_merged (table, s) > 0
         && g_strcmp0 (
                prw_link_table_get_source_reel (table, s),
                prw_source_clip_get_reel (prw_link_table_get_source (table, s)))
                != 0;
}

static void
json_rules (JsonBuilder *builder, const gchar *name, PrwLinkRule rules)
{
  g_autofree gchar *text = prw_link_rule_to_string (rules);
  g_auto (GStrv) parts = g_strsplit (text, "+", -1);

  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; rules != PRW_LINK_RULE_NONE && parts[i] != NULL; i++)
    prw_cli_json_string (builder, NULL, parts[i]);
  json_builder_end_array (builder);
}

static void
json_strings (JsonBuilder *builder, const gchar *name,
              const gchar *const *strings)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strings[i] != NULL; i++)
    prw_cli_json_string (builder, NULL, strings[i]);
  json_builder_end_array (builder);
}

/* A dry run plans each job with segments (writing nothing) to show what
 * its run would warn about: overrides, dropped frames, reels. Returns the
 * plan's warnings (transfer none: the job's), NULL when there are none or
 * the job cannot be planned (left to the run, which reports it). */
static const gchar *const *
dry_run_plan_warnings (PrwConformJob *job)
{
  g_autoptr (GError) error = NULL;
  const gchar *const *warnings;

  if (!prw_conform_job_plan (job, &error)) {
    g_debug ("conform: dry run: %s", error->message);
    return NULL;
  }
  warnings = prw_plan_get_warnings (prw_conform_job_get_plan (job));
  return warnings != NULL && warnings[0] != NULL ? warnings : NULL;
}

/* who a source is: enough to find it again */
static void
json_source_ref (JsonBuilder *builder, PrwSourceClip *clip)
{
  json_builder_begin_object (builder);
  prw_cli_json_string (builder, "clip_name",
                       prw_source_clip_get_clip_name (clip));
  prw_cli_json_string (builder, "path", prw_source_clip_get_path (clip));
  prw_cli_json_string (builder, "ale", prw_source_clip_get_ale_path (clip));
  if (prw_source_clip_get_ale_path (clip) != NULL)
    prw_cli_json_int (builder, "ale_line", prw_source_clip_get_ale_line (clip));
  else
    prw_cli_json_string (builder, "ale_line", NULL);
  json_builder_end_object (builder);
}

/* one link of the table, with who its source is (a job's segments are the
 * library's description, prw_conform_job_to_data()) */
static void
json_link (JsonBuilder *builder, PrwLinkTable *table, guint l)
{
  PrwSourceClip *clip = prw_link_table_get_source (
      table, prw_link_table_get_link_source (table, l));
  PrwSegment *segment = prw_link_table_get_link_segment (table, l);
  gint64 record_in = prw_link_table_get_link_record_in (table, l);
  gint64 record_out = prw_link_table_get_link_record_out (table, l);
  g_autofree gchar *tc_in = source_tc (clip, record_in);
  g_autofree gchar *tc_last = source_tc (clip, record_out - 1);
  g_autofree gchar *seg_tc
      = prw_cli_format_timecode (prw_segment_get_start_timecode (segment));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "source");
  json_source_ref (builder, clip);
  prw_cli_json_string (builder, "segment", prw_segment_get_path (segment));
  prw_cli_json_string (
      builder, "layer",
      prw_layer_to_string (prw_link_table_get_link_layer (table, l)));
  json_rules (builder, "rules", prw_link_table_get_link_rules (table, l));
  prw_cli_json_string (builder, "start_timecode", seg_tc);
  prw_cli_json_int (builder, "frames", prw_segment_get_frame_count (segment));
  prw_cli_json_int (builder, "record_in", record_in);
  prw_cli_json_int (builder, "record_out", record_out);
  prw_cli_json_string (builder, "record_timecode_in", tc_in);
  prw_cli_json_string (builder, "record_timecode_last", tc_last);
  json_strings (builder, "warnings",
                prw_link_table_get_link_warnings (table, l));
  json_builder_end_object (builder);
}

/* Each linked source's output path (each source's, with --all), NULL where
 * two of them would write the same file (reported, counted in
 * *n_collisions): neither is written, but a source with segments keeps its
 * output where the other is a blank rush (--all), which alone is not
 * written. *why_out: for each source, why it has no output (one line,
 * without "proreswriter: "), or NULL. */
static GPtrArray *
output_paths (PrwLinkTable *table, const gchar *outdir,
              const BlankFormat *blank, guint *n_collisions,
              GPtrArray **why_out)
{
  guint n = prw_link_table_get_n_sources (table);
  GPtrArray *outputs = g_ptr_array_new_full (n, g_free);
  GPtrArray *why = g_ptr_array_new_full (n, g_free);
  g_autoptr (GHashTable) seen
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GArray) clash
      = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), n);

  g_array_set_size (clash, n);
  g_ptr_array_set_size (why, (gint) n);
  *n_collisions = 0;
  for (guint s = 0; s < n; s++) {
    g_autofree gchar *name = NULL;
    g_autofree gchar *key = NULL;
    gpointer other;

    if (!is_job (table, s, blank)) {
      g_ptr_array_add (outputs, NULL);
      continue;
    }
    name = output_name (table, s, blank);
    g_ptr_array_add (outputs, g_build_filename (outdir, name, NULL));
    key = g_utf8_casefold (name, -1);
    if (g_hash_table_lookup_extended (seen, key, NULL, &other)) {
      guint o = GPOINTER_TO_UINT (other);
      g_autofree gchar *a = source_label (prw_link_table_get_source (table, o));
      g_autofree gchar *b = source_label (prw_link_table_get_source (table, s));
      gboolean graded_o = prw_link_table_get_source_n_links (table, o) > 0;
      gboolean graded_s = prw_link_table_get_source_n_links (table, s) > 0;

      if (graded_o != graded_s) {
        /* a graded source and a blank rush: the blank rush gives way */
        prw_cli_error_printf (
            "output-exists", NULL,
            "%s: the output of %s, which has segments; the blank rush of %s "
            "would be written there too and is not written",
            (const gchar *) g_ptr_array_index (outputs, s), graded_o ? a : b,
            graded_o ? b : a);
        g_array_index (clash, gboolean, graded_o ? s : o) = TRUE;
        g_free (g_ptr_array_index (why, graded_o ? s : o));
        g_ptr_array_index (why, graded_o ? s : o) = g_strdup_printf (
            "%s is the output of %s, which has segments",
            (const gchar *) g_ptr_array_index (outputs, s), graded_o ? a : b);
        if (graded_s)
          g_hash_table_insert (seen, g_steal_pointer (&key),
                               GUINT_TO_POINTER (s));
      } else {
        prw_cli_error_printf ("output-exists", NULL,
                              "%s: two sources would be written there, %s "
                              "and %s; neither is conformed",
                              (const gchar *) g_ptr_array_index (outputs, s), a,
                              b);
        g_array_index (clash, gboolean, o) = TRUE;
        g_array_index (clash, gboolean, s) = TRUE;
        for (guint k = 0; k < 2; k++) {
          guint i = k == 0 ? o : s;

          g_free (g_ptr_array_index (why, i));
          g_ptr_array_index (why, i) = g_strdup_printf (
              "two sources would be written to %s, %s and %s",
              (const gchar *) g_ptr_array_index (outputs, s), a, b);
        }
      }
      (*n_collisions)++;
    } else {
      g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (s));
    }
  }
  for (guint s = 0; s < n; s++)
    if (g_array_index (clash, gboolean, s))
      g_clear_pointer (&g_ptr_array_index (outputs, s), g_free);
  *why_out = why;
  return outputs;
}

/* A dry run's line under a job that will fail: the line its run prints */
static void
print_will_fail (GPtrArray *fails, guint s)
{
  const GError *error = fails != NULL ? g_ptr_array_index (fails, s) : NULL;
  g_autofree gchar *line = NULL;

  if (error == NULL)
    return;
  line = prw_cli_error_line (error);
  prw_cli_print ("    will fail: %s\n", line);
}

/* The link table and the jobs, for people; returns how many jobs cannot be
 * made (a blank rush whose format cannot be had: shown in its line), which
 * a dry run counts as the run would. fails: a dry run's foresight
 * (foresee_failures()), or NULL. */
static guint
print_text (PrwLinkTable *table, GPtrArray *outputs, GPtrArray *why,
            const BlankFormat *blank, gboolean dry_run, GPtrArray *fails)
{
  guint n_failed = 0;
  guint n_links = prw_link_table_get_n_links (table);
  guint n_ambiguous = prw_link_table_get_n_ambiguous (table);
  guint n_unmatched = prw_link_table_get_n_unmatched (table);
  guint n_sources = prw_link_table_get_n_sources (table);
  guint handles = prw_link_table_get_handles (table);
  guint n_skipped = 0;
  guint n_merged = 0;
  guint n_warned = 0;
  g_autoptr (GPtrArray) plan_warnings = g_ptr_array_new_with_free_func (g_free);
  PrwCliTable t;

  prw_cli_print ("Links (%u, handles %u frame%s):\n", n_links, handles,
                 handles == 1 ? "" : "s");
  prw_cli_table_init (&t, "lllll");
  prw_cli_table_add_row (
      &t, g_strsplit ("SOURCE|SEGMENT|LAYER|RULE|RECORD", "|", -1));
  for (guint l = 0; l < n_links; l++) {
    PrwSourceClip *clip = prw_link_table_get_source (
        table, prw_link_table_get_link_source (table, l));
    gchar **row = g_new0 (gchar *, 6);

    row[0] = g_strdup (prw_source_clip_get_clip_name (clip));
    row[1] = g_strdup (
        prw_segment_get_path (prw_link_table_get_link_segment (table, l)));
    row[2] = g_strdup (
        prw_layer_to_string (prw_link_table_get_link_layer (table, l)));
    row[3] = prw_link_rule_to_string (prw_link_table_get_link_rules (table, l));
    row[4] = record_range (clip, prw_link_table_get_link_record_in (table, l),
                           prw_link_table_get_link_record_out (table, l));
    prw_cli_table_add_row (&t, row);
  }
  prw_cli_table_print_and_clear (&t, "  ");

  /* links made against another source's name or reel */
  for (guint l = 0; l < n_links; l++)
    n_warned += prw_link_table_get_link_warnings (table, l)[0] != NULL;
  if (n_warned > 0) {
    prw_cli_print ("\nLinked against other evidence (%u):\n", n_warned);
    for (guint l = 0; l < n_links; l++) {
      const gchar *const *warnings
          = prw_link_table_get_link_warnings (table, l);

      for (guint w = 0; warnings[w] != NULL; w++)
        prw_cli_print (
            "  %s: %s\n",
            prw_segment_get_path (prw_link_table_get_link_segment (table, l)),
            warnings[w]);
    }
  }

  if (n_ambiguous > 0) {
    prw_cli_print ("\nAmbiguous (%u, printed nowhere):\n", n_ambiguous);
    for (guint a = 0; a < n_ambiguous; a++) {
      GString *line = g_string_new (NULL);

      g_string_append_printf (
          line, "  %s (%s): matches ",
          prw_segment_get_path (
              prw_link_table_get_ambiguous_segment (table, a)),
          prw_layer_to_string (prw_link_table_get_ambiguous_layer (table, a)));
      for (guint k = 0;
           k < prw_link_table_get_ambiguous_n_candidates (table, a); k++) {
        g_autofree gchar *label = source_label (prw_link_table_get_source (
            table, prw_link_table_get_ambiguous_candidate (table, a, k)));
        g_autofree gchar *rules = prw_link_rule_to_string (
            prw_link_table_get_ambiguous_candidate_rules (table, a, k));

        g_string_append_printf (line, "%s%s by %s", k > 0 ? ", " : "", label,
                                rules);
      }
      prw_cli_print ("%s\n", line->str);
      g_string_free (line, TRUE);
    }
  }

  if (n_unmatched > 0) {
    prw_cli_print ("\nUnmatched (%u):\n", n_unmatched);
    for (guint u = 0; u < n_unmatched; u++) {
      gint nearest = prw_link_table_get_unmatched_nearest (table, u);
      g_autofree gchar *label
          = nearest >= 0 ? source_label (
                prw_link_table_get_source (table, (guint) nearest))
                         : g_strdup ("none");

      prw_cli_print (
          "  %s (%s): nearest %s: %s\n",
          prw_segment_get_path (
              prw_link_table_get_unmatched_segment (table, u)),
          prw_layer_to_string (prw_link_table_get_unmatched_layer (table, u)),
          label, prw_link_table_get_unmatched_reason (table, u));
    }
  }

  for (guint s = 0; s < n_sources; s++)
    n_merged += prw_link_table_get_source_n_merged (table, s) > 0;
  if (n_merged > 0) {
    prw_cli_print ("\nMerged (%u, an ALE row and the media file of the same "
                   "clip: one source):\n",
                   n_merged);
    for (guint s = 0; s < n_sources; s++) {
      PrwSourceClip *clip = prw_link_table_get_source (table, s);
      GString *line;

      if (prw_link_table_get_source_n_merged (table, s) == 0)
        continue;
      line = g_string_new (NULL);
      g_string_append_printf (line, "  %s: %s is ",
                              prw_source_clip_get_clip_name (clip),
                              prw_source_clip_get_path (clip));
      for (guint k = 0; k < prw_link_table_get_source_n_merged (table, s);
           k++) {
        g_autofree gchar *row
            = source_file (prw_link_table_get_source_merged (table, s, k));

        g_string_append_printf (line, "%s%s", k > 0 ? ", " : "", row);
      }
      if (reel_from_ale (table, s))
        g_string_append_printf (line,
                                " (the file's facts; reel %s from the "
                                "ALE)",
                                prw_link_table_get_source_reel (table, s));
      else
        g_string_append (line, " (the file's facts)");
      prw_cli_print ("%s\n", line->str);
      g_string_free (line, TRUE);
      for (const gchar *const *w
           = prw_link_table_get_source_warnings (table, s);
           *w != NULL; w++)
        prw_cli_print ("    warning: %s\n", *w);
    }
  }

  for (guint s = 0; s < n_sources; s++)
    n_skipped += !is_job (table, s, blank);
  if (n_skipped > 0) {
    prw_cli_print ("\nSkipped (%u, no segments):\n", n_skipped);
    for (guint s = 0; s < n_sources; s++)
      if (prw_link_table_get_source_n_links (table, s) == 0) {
        g_autofree gchar *label
            = source_label (prw_link_table_get_source (table, s));

        prw_cli_print ("  %s\n", label);
      }
  }

  prw_cli_print ("\nJobs (%u):\n", n_sources - n_skipped);
  for (guint s = 0; s < n_sources; s++) {
    guint n = prw_link_table_get_source_n_links (table, s);
    const gchar *output = g_ptr_array_index (outputs, s);
    g_autofree gchar *label = NULL;
    g_autofree gchar *not_conformed = NULL;

    if (!is_job (table, s, blank))
      continue;
    label = source_label (prw_link_table_get_source (table, s));
    /* the reason in the row itself: stderr may be elsewhere */
    if (output == NULL)
      not_conformed = g_strdup_printf (
          "(not conformed: %s)", (const gchar *) g_ptr_array_index (why, s));
    if (n == 0) {
      g_autoptr (GError) error = NULL;
      g_autoptr (PrwConformJob) job
          = make_job (table, s, output, blank, &error);

      prw_cli_print ("  %s: no segments, blank rush (%s) -> %s\n", label,
                     job != NULL ? prw_conform_job_get_blank_format (job)
                                 : error->message,
                     output != NULL ? output : not_conformed);
      print_will_fail (fails, s);
      n_failed += job == NULL;
      continue;
    }
    prw_cli_print ("  %s: %u segment%s -> %s\n", label, n, n == 1 ? "" : "s",
                   output != NULL ? output : not_conformed);
    print_will_fail (fails, s);
    if (dry_run && output != NULL) {
      g_autoptr (PrwConformJob) job = make_job (table, s, output, blank, NULL);
      const gchar *const *w = dry_run_plan_warnings (job);

      for (; w != NULL && *w != NULL; w++)
        g_ptr_array_add (plan_warnings, g_strdup_printf ("%s: %s", output, *w));
    }
  }
  /* what the run will warn about, as it plans each job */
  if (plan_warnings->len > 0) {
    prw_cli_print ("\nPlan warnings (%u):\n", plan_warnings->len);
    for (guint i = 0; i < plan_warnings->len; i++)
      prw_cli_print ("  %s\n",
                     (const gchar *) g_ptr_array_index (plan_warnings, i));
  }
  return n_failed;
}

/* The job's description as a node of the CLI's document (transfer full). */
static JsonNode *
job_node (PrwConformJob *job)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize length = 0;
  g_autofree gchar *data = prw_conform_job_to_data (job, &length);

  /* the library wrote it: it is JSON */
  if (!json_parser_load_from_data (parser, data, (gssize) length, NULL))
    g_assert_not_reached ();
  return json_node_copy (json_parser_get_root (parser));
}

/* A dry run's "will_fail" of a job: what its run will say on stderr, in
 * the shape of the error objects there (--json) */
static JsonNode *
will_fail_node (const GError *error, const gchar *output)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree gchar *line = prw_cli_error_line (error);

  json_builder_begin_object (builder);
  prw_cli_json_string (builder, "code", prw_cli_error_code (error));
  prw_cli_json_string (builder, "file", output);
  prw_cli_json_string (builder, "message", line);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The link table and the jobs as one JSON document; returns how many jobs
 * cannot be made. fails: a dry run's foresight (foresee_failures()): a job
 * that will fail has its "will_fail", one that will not has none; its
 * "file" the job's output, or run_fail_file when the run as a whole
 * fails (OUTDIR: the run's lock cannot make or open it; --report DIR:
 * refused), as stderr says. */
static guint
print_json (PrwLinkTable *table, GPtrArray *outputs, const gchar *outdir,
            const BlankFormat *blank, gboolean dry_run, GPtrArray *fails,
            const gchar *run_fail_file)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  guint n_sources = prw_link_table_get_n_sources (table);
  guint handles = prw_link_table_get_handles (table);
  g_autofree gchar *cwd = g_get_current_dir ();
  guint n_failed = 0;
  /* the outputs of the jobs whose plans warn, and their warnings */
  g_autoptr (GPtrArray) warned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) warnings
      = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  json_builder_begin_object (builder);
  prw_cli_json_int (builder, "handles", handles);
  prw_cli_json_string (builder, "output_folder", outdir);
  prw_cli_json_string (builder, "working_folder", cwd);

  json_builder_set_member_name (builder, "links");
  json_builder_begin_array (builder);
  for (guint l = 0; l < prw_link_table_get_n_links (table); l++)
    json_link (builder, table, l);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "ambiguous");
  json_builder_begin_array (builder);
  for (guint a = 0; a < prw_link_table_get_n_ambiguous (table); a++) {
    json_builder_begin_object (builder);
    prw_cli_json_string (
        builder, "segment",
        prw_segment_get_path (prw_link_table_get_ambiguous_segment (table, a)));
    prw_cli_json_string (
        builder, "layer",
        prw_layer_to_string (prw_link_table_get_ambiguous_layer (table, a)));
    json_builder_set_member_name (builder, "candidates");
    json_builder_begin_array (builder);
    for (guint k = 0; k < prw_link_table_get_ambiguous_n_candidates (table, a);
         k++) {
      PrwSourceClip *clip = prw_link_table_get_source (
          table, prw_link_table_get_ambiguous_candidate (table, a, k));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "source");
      json_source_ref (builder, clip);
      json_rules (builder, "rules",
                  prw_link_table_get_ambiguous_candidate_rules (table, a, k));
      json_builder_end_object (builder);
    }
    json_builder_end_array (builder);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "unmatched");
  json_builder_begin_array (builder);
  for (guint u = 0; u < prw_link_table_get_n_unmatched (table); u++) {
    gint nearest = prw_link_table_get_unmatched_nearest (table, u);

    json_builder_begin_object (builder);
    prw_cli_json_string (
        builder, "segment",
        prw_segment_get_path (prw_link_table_get_unmatched_segment (table, u)));
    prw_cli_json_string (
        builder, "layer",
        prw_layer_to_string (prw_link_table_get_unmatched_layer (table, u)));
    json_builder_set_member_name (builder, "nearest");
    if (nearest >= 0)
      json_source_ref (builder,
                       prw_link_table_get_source (table, (guint) nearest));
    else
      json_builder_add_null_value (builder);
    prw_cli_json_string (builder, "reason",
                         prw_link_table_get_unmatched_reason (table, u));
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);

  /* ALE rows merged into the media file of the same clip */
  json_builder_set_member_name (builder, "merged");
  json_builder_begin_array (builder);
  for (guint s = 0; s < n_sources; s++) {
    guint n_merged = prw_link_table_get_source_n_merged (table, s);

    if (n_merged == 0)
      continue;
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "source");
    json_source_ref (builder, prw_link_table_get_source (table, s));
    json_builder_set_member_name (builder, "ale_rows");
    json_builder_begin_array (builder);
    for (guint k = 0; k < n_merged; k++)
      json_source_ref (builder, prw_link_table_get_source_merged (table, s, k));
    json_builder_end_array (builder);
    prw_cli_json_string (builder, "reel",
                         prw_link_table_get_source_reel (table, s));
    prw_cli_json_boolean (builder, "reel_from_ale", reel_from_ale (table, s));
    json_strings (builder, "warnings",
                  prw_link_table_get_source_warnings (table, s));
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "skipped");
  json_builder_begin_array (builder);
  for (guint s = 0; s < n_sources; s++)
    if (!is_job (table, s, blank))
      json_source_ref (builder, prw_link_table_get_source (table, s));
  json_builder_end_array (builder);

  /* one self-contained job per linked source (per source, with --all):
   * the library's description */
  json_builder_set_member_name (builder, "jobs");
  json_builder_begin_array (builder);
  for (guint s = 0; s < n_sources; s++) {
    g_autoptr (PrwConformJob) job = NULL;
    g_autoptr (GError) error = NULL;
    JsonNode *node;

    if (!is_job (table, s, blank))
      continue;
    job = make_job (table, s, g_ptr_array_index (outputs, s), blank, &error);
    if (job == NULL) {
      prw_cli_error (error, NULL);
      n_failed++;
      continue;
    }
    if (dry_run && prw_conform_job_get_n_segments (job) > 0
        && g_ptr_array_index (outputs, s) != NULL) {
      const gchar *const *w = dry_run_plan_warnings (job);

      if (w != NULL) {
        g_ptr_array_add (warned, g_strdup (g_ptr_array_index (outputs, s)));
        g_ptr_array_add (warnings, g_strdupv ((gchar **) w));
      }
    }
    node = job_node (job);
    if (fails != NULL && g_ptr_array_index (fails, s) != NULL)
      json_object_set_member (
          json_node_get_object (node), "will_fail",
          will_fail_node (g_ptr_array_index (fails, s),
                          run_fail_file != NULL
                              ? run_fail_file
                              : g_ptr_array_index (outputs, s)));
    json_builder_add_value (builder, node);
  }
  json_builder_end_array (builder);

  /* what each job's run will warn about, as it plans it */
  json_builder_set_member_name (builder, "plan_warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < warned->len; i++) {
    json_builder_begin_object (builder);
    prw_cli_json_string (builder, "output", g_ptr_array_index (warned, i));
    json_strings (builder, "warnings", g_ptr_array_index (warnings, i));
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  prw_cli_print_json (json_builder_get_root (builder));
  return n_failed;
}

/* ---- running the jobs -----------------------------------------------------
 */

/* Plans job, reports its plan's warnings, and prints it; *graded: the
 * frames its segments replace; *plan_out: its plan, once printed. */
static gboolean
run_conform_job (PrwConformJob *job, GCancellable *cancellable, gint64 *graded,
                 PrwPlan **plan_out, GError **error)
{
  *graded = 0;
  if (!prw_conform_job_plan (job, error))
    return FALSE;
  prw_cli_report_plan_warnings (prw_conform_job_get_plan (job));
  *graded = prw_conform_job_get_graded_frames (job);
  if (!prw_conform_job_run (job, cancellable, error))
    return FALSE;
  *plan_out = g_object_ref (prw_conform_job_get_plan (job));
  return TRUE;
}

/* ---- re-runs and jobs at once --------------------------------------------
 */

/* The options that change job's output, from the job itself:
 * "handles=N;layers=grade,vfx,..." (each segment's layer, in link order;
 * the burn-in and the format follow from the inputs); for a job without
 * segments (--all), "blank=KEY", the format it copies or is given
 * (prw_conform_job_get_blank_format_key()), which names no file: a grade
 * it copies rendered again in its format leaves it current. Either ends in
 * ";audio=none" when --no-audio leaves out the source's sound tracks. */
static gchar *
job_options (PrwConformJob *job)
{
  guint n = prw_conform_job_get_n_segments (job);
  GString *options = g_string_new (NULL);

  if (n == 0) {
    g_string_append_printf (options, "blank=%s",
                            prw_conform_job_get_blank_format_key (job));
  } else {
    g_string_append_printf (
        options, "handles=%u;layers=", prw_conform_job_get_handles (job));
    for (guint i = 0; i < n; i++)
      g_string_append_printf (
          options, "%s%s", i > 0 ? "," : "",
          prw_layer_to_string (prw_conform_job_get_segment_layer (job, i)));
  }
  if (prw_conform_job_get_n_audio_tracks (job)
      < prw_source_clip_get_n_audio_tracks (prw_conform_job_get_source (job)))
    g_string_append (options, ";audio=none");
  return g_string_free (options, FALSE);
}

/* One job of a run: what a worker thread needs, and what it found. */
typedef struct {
  PrwLinkTable *table;
  guint s;
  const gchar *output;
  PrwConformJob *job; /* NULL: no job, or it could not be made (error) */
  gchar *name; /* the output, relative to OUTDIR: what the state records */
  GCancellable *cancellable;
  GAsyncQueue *done; /* where the job goes when finished */
  gboolean skipped;  /* unchanged since written: not run */
  gboolean started;  /* FALSE: interrupted before it started */
  gboolean ok;
  gint64 graded;
  PrwPlan *plan;
  GError *error;
  gint64 time_us;
} JobRun;

static void
job_run_clear (JobRun *job)
{
  g_free (job->name);
  g_clear_object (&job->job);
  g_clear_object (&job->plan);
  g_clear_error (&job->error);
}

/* A worker thread's task (GThreadPool): one job, unless interrupted. Each
 * job's pipeline is its own; the summary and the state are the waiting
 * thread's. */
static void
job_thread (gpointer data, gpointer user_data)
{
  JobRun *job = data;

  (void) user_data;
  if (!g_cancellable_is_cancelled (job->cancellable)) {
    gint64 start_us = g_get_monotonic_time ();

    job->started = TRUE;
    job->ok = run_conform_job (job->job, job->cancellable, &job->graded,
                               &job->plan, &job->error);
    job->time_us = g_get_monotonic_time () - start_us;
  }
  g_async_queue_push (job->done, job);
}

/* How writing the state has gone so far in a run. */
typedef enum {
  STATE_SAVED,     /* every save so far worked (or none was made) */
  STATE_UNSAVED,   /* the last failed, said in a warning */
  STATE_RECOVERED, /* one failed, a later one worked, said in a notice */
} StateSaving;

/* Writes the state after a finished job. A failure is said once, with
 * what it means: the outputs made by the jobs finished meanwhile have no
 * record on disk, so the next run, which reads the state as it last was,
 * takes a new one for another tool's file (foreign_output()) and refuses
 * to replace it without --force; one that replaced an earlier conform's
 * output keeps that output's record (the next run judges it by it). The
 * state in memory still holds every record: a later save that works
 * writes them all, which is said too (and a failure after it again). */
static void
save_state (PrwConformState *state, StateSaving *saving)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *line = NULL;

  if (prw_conform_state_save (state, &error)) {
    if (*saving == STATE_UNSAVED) {
      *saving = STATE_RECOVERED;
      line = g_strdup_printf ("%s: written at last; every job finished so "
                              "far is recorded",
                              prw_conform_state_get_path (state));
      prw_cli_notice (line);
    }
    return;
  }
  if (*saving == STATE_UNSAVED)
    return;
  *saving = STATE_UNSAVED;
  line = g_strdup_printf (
      "%s; the jobs finished now are not recorded: the next run refuses "
      "to replace the outputs they made anew (no conform had written "
      "them) unless --force, and judges those they rewrote by their "
      "earlier record",
      error->message);
  prw_cli_warning (prw_conform_state_get_path (state), line);
}

/* ---- outputs a conform did not write, or wrote earlier -------------------
 */

/* Whether the file at output is one that no conform wrote: the state
 * (known: read, or missing) has no record of name. --force replaces it;
 * so does a run whose state could not be read (it said so, and that every
 * job runs again). What the job refuses with --force too is left to the
 * job, which says why (prw_conform_job_check()): one of its inputs, a
 * folder, a symbolic link to nothing. TRUE with error set when it is. */
static gboolean
foreign_output (PrwConformState *state, gboolean state_known, const gchar *name,
                const gchar *output, PrwConformJob *job, GError **error)
{
  g_auto (GStrv) inputs = NULL;
  GStatBuf st, in;

  if (!state_known || prw_conform_state_has_output (state, name)
      || g_lstat (output, &st) != 0 || g_stat (output, &st) != 0
      || S_ISDIR (st.st_mode))
    return FALSE;
  /* one of its inputs (a hard link to its source) */
  inputs = prw_conform_job_get_input_paths (job);
  for (guint i = 0; inputs[i] != NULL; i++)
    if (g_stat (inputs[i], &in) == 0 && in.st_dev == st.st_dev
        && in.st_ino == st.st_ino)
      return FALSE;
  g_set_error (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS,
               "%s: exists and was not written by a conform (%s has no "
               "record of it); left as it is",
               output, prw_conform_state_get_path (state));
  return TRUE;
}

/* What becomes of a job before any job starts. */
typedef enum {
  JOB_RUNS,
  JOB_SKIPPED, /* unchanged since its output was written */
  JOB_FAILS,   /* refused before writing anything */
} JobFate;

/* What a run decides of job (the table's source whose output is output,
 * name relative to OUTDIR) before it starts any, from the files as they
 * are now and OUTDIR's conform state (known: read, or missing), writing
 * nothing: the one place of these rules, for the run and its dry run alike
 * (a dry run reads the state without taking its lock).
 *
 * JOB_FAILS, error set to what the run reports, when a file is at its
 * output that no conform wrote (unless force), or when the job refuses
 * itself before writing (prw_conform_job_check(): its segments disagree
 * in format, colour, pixel aspect or fields; its output is an input, a
 * folder or a link to nothing; its folder cannot be made or written).
 * JOB_SKIPPED when its output is current (unless force). JOB_RUNS
 * otherwise, *why_runs (when not NULL) set to why it is not skipped, or
 * NULL.
 *
 * A job with nothing at its output is told not to replace a file that
 * appears there before it renames its output into place (another tool's,
 * a colleague's copy), which may be hours later. */
static JobFate
decide_job (PrwConformState *state, gboolean state_known, gboolean force,
            const gchar *name, const gchar *output, PrwConformJob *job,
            gchar **why_runs, GError **error)
{
  g_auto (GStrv) inputs = NULL;
  g_autofree gchar *options = NULL;
  GStatBuf st;

  if (!force && foreign_output (state, state_known, name, output, job, error))
    return JOB_FAILS;
  if (g_lstat (output, &st) != 0)
    prw_conform_job_set_overwrite (job, FALSE);
  inputs = prw_conform_job_get_input_paths (job);
  options = job_options (job);
  if (!force
      && prw_conform_state_is_current (
          state, name, (const gchar *const *) inputs, options, why_runs))
    return JOB_SKIPPED;
  if (!prw_conform_job_check (job, error)) {
    if (why_runs != NULL)
      g_clear_pointer (why_runs, g_free);
    return JOB_FAILS;
  }
  return JOB_RUNS;
}

/* Reads OUTDIR's conform state, for a run (under its lock) or a dry run
 * (which takes none); FALSE, said in one warning, when it cannot be read:
 * every job then runs again. */
static gboolean
load_state (PrwConformState *state)
{
  g_autoptr (GError) load_error = NULL;
  g_autofree gchar *line = NULL;

  if (prw_conform_state_load (state, &load_error))
    return TRUE;
  line = g_strdup_printf ("%s; every job runs again, replacing its output",
                          load_error->message);
  prw_cli_warning (prw_conform_state_get_path (state), line);
  return FALSE;
}

/* After job failed: its output as it was stands (a failed job leaves
 * nothing), and so does its record while that file is there, so that the
 * next run still knows it for conform's own and replaces it; the record
 * of an output that is not there is forgotten, and so is the record of a
 * job that was not to replace its output (none was there when the run
 * began): a file there now is another writer's, not conform's. Either way
 * the next run runs the job again: its inputs or options differ from the
 * record's, or the output is gone. */
static void
forget_failed_output (PrwConformState *state, JobRun *job)
{
  GStatBuf st;

  if (!prw_conform_job_get_overwrite (job->job)
      || g_lstat (job->output, &st) != 0)
    prw_conform_state_forget (state, job->name);
}

/* Every output the state records that no job of this run writes or skips
 * as unchanged (its source lost its segments, or is not given; its name
 * moved into OUTDIR/FOLDER/): reported in one line each, left as it is,
 * and added to the summary table t; its record is kept, so that a later
 * run that has a job for it again replaces it as conform's own, and this
 * warning is given again while the file stays. The record of such an
 * output that is not there any more is forgotten. Returns how many were
 * reported. */
static guint
report_left_outputs (PrwConformState *state, PrwLinkTable *table,
                     GPtrArray *outputs, const gchar *outdir,
                     const BlankFormat *blank, PrwCliTable *t)
{
  g_autoptr (GHashTable) names
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) recorded = prw_conform_state_dup_outputs (state);
  guint n_left = 0;

  for (guint s = 0; s < prw_link_table_get_n_sources (table); s++)
    if (is_job (table, s, blank) && g_ptr_array_index (outputs, s) != NULL)
      g_hash_table_add (names, output_name (table, s, blank));
  for (guint i = 0; recorded[i] != NULL; i++) {
    g_autofree gchar *path = NULL;
    g_autofree gchar *line = NULL;
    gchar **row;
    GStatBuf st;

    if (g_hash_table_contains (names, recorded[i]))
      continue;
    path = g_build_filename (outdir, recorded[i], NULL);
    if (g_lstat (path, &st) != 0) {
      prw_conform_state_forget (state, recorded[i]);
      continue;
    }
    line = g_strdup_printf ("%s: written by an earlier conform, from "
                            "segments or a source this run does not link "
                            "to it; left as it is",
                            path);
    prw_cli_output_add_path (path);
    prw_cli_warning (path, line);
    row = g_new0 (gchar *, 6);
    row[0] = g_strdup_printf ("%s (earlier)", recorded[i]);
    row[1] = g_strdup ("-");
    row[2] = g_strdup ("-");
    row[3] = g_strdup_printf ("left: %s, by an earlier run", path);
    row[4] = g_strdup ("-");
    prw_cli_table_add_row (t, row);
    n_left++;
  }
  return n_left;
}

/* The report index's row of the table's source s, whose job is job and
 * whose summary says result. A job skipped as unchanged has the page of
 * its output: kept when an earlier run wrote it (and after the output),
 * else made from its plan (an earlier run interrupted before it wrote its
 * report). */
static void
add_index_row (PrwReportIndex *index, PrwLinkTable *table, guint s,
               const BlankFormat *blank, JobRun *job, const gchar *result)
{
  g_autofree gchar *name = output_name (table, s, blank);
  g_autoptr (PrwReport) report = NULL;
  PrwPlan *plan = job->plan;
  guint row;

  if (plan == NULL && job->skipped && job->job != NULL
      && prw_conform_job_plan (job->job, NULL))
    plan = prw_conform_job_get_plan (job->job);
  if (plan != NULL)
    report = prw_report_new (plan, job->output);
  if (g_str_has_suffix (name, ".mov"))
    name[strlen (name) - 4] = '\0';
  row = prw_report_index_add_source (
      index, name, report, job->plan != NULL || job->skipped,
      job->plan != NULL ? "printed"
                        : (job->error != NULL ? job->error->message : result));
  if (job->skipped && report != NULL)
    prw_report_index_set_page_kept (index, row, TRUE);
}

/* For a GPtrArray of errors, some NULL */
static void
error_free0 (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

/* Whether the folder report_dir is made in is not there now but is made
 * by the run before the report is written: folder (OUTDIR, made by the
 * lock; a job's output folder, made by the job) or one of its parents,
 * which g_mkdir_with_parents() makes with it. Its making is the lock's or
 * the job's own check; a DIR made anew holds no page to refuse. */
static gboolean
report_folder_made_with (const gchar *report_dir, const gchar *folder)
{
  g_autofree gchar *report = prw_cli_resolve_path (report_dir);
  g_autofree gchar *parent = g_path_get_dirname (report);
  g_autofree gchar *made = prw_cli_resolve_path (folder);
  gsize len = strlen (parent);

  if (g_file_test (parent, G_FILE_TEST_EXISTS)
      || !g_str_has_prefix (made, parent))
    return FALSE;
  return made[len] == '\0' || made[len] == G_DIR_SEPARATOR;
}

/* Whether the report index's write into report_dir would be refused for
 * the folder or a name it takes there, looked at before any job renders
 * (prw_report_index_check_folder()): the folder cannot be made or
 * written, or a page of a job's source or index.html is a file no
 * proreswriter wrote (replaced only with force), or a folder. The pages'
 * names are those the run's index gives its rows, in the same order. */
static gboolean
check_report_folder (PrwLinkTable *table, GPtrArray *outputs,
                     const gchar *outdir, const gchar *report_dir,
                     const BlankFormat *blank, gboolean force, GError **error)
{
  g_autoptr (PrwReportIndex) index = prw_report_index_new ();
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint s = 0; s < prw_link_table_get_n_sources (table); s++) {
    gchar *name;

    if (!is_job (table, s, blank) || g_ptr_array_index (outputs, s) == NULL)
      continue;
    name = output_name (table, s, blank);
    if (g_str_has_suffix (name, ".mov"))
      name[strlen (name) - 4] = '\0';
    g_ptr_array_add (names, name);
  }
  /* DIR inside an OUTDIR still to make: the lock makes it, with a job */
  if (names->len > 0 && report_folder_made_with (report_dir, outdir))
    return TRUE;
  g_ptr_array_add (names, NULL);
  prw_report_index_set_keep_foreign (index, !force);
  return prw_report_index_check_folder (
      index, report_dir, (const gchar *const *) names->pdata, TRUE, error);
}

/* A dry run's foresight: for each of the table's sources, the error its
 * job will fail with before the run writes anything, or NULL (no job, no
 * output, a job that cannot be made, which its row says, or none
 * foreseen), decided by decide_job() as the run decides it, from OUTDIR's
 * state read without its lock and the files as they are now, and each
 * said on stderr as the run says it. When the run's lock cannot make or
 * open OUTDIR (prw_conform_state_check_folder()), or when --report DIR
 * will be refused (check_report_folder()), the run fails before deciding
 * any job: that one line is said, once, and is every job's failure
 * (*run_fail_file: OUTDIR, or DIR; else NULL). *n_failing: how many (at
 * least one when DIR is refused). */
static GPtrArray *
foresee_failures (PrwLinkTable *table, GPtrArray *outputs, const gchar *outdir,
                  const gchar *report_dir, const BlankFormat *blank,
                  gboolean force, guint *n_failing, const gchar **run_fail_file)
{
  guint n_sources = prw_link_table_get_n_sources (table);
  g_autoptr (PrwConformState) state = prw_conform_state_new (outdir);
  g_autoptr (GError) run_failure = NULL;
  gboolean state_known = TRUE;
  GPtrArray *fails = g_ptr_array_new_full (n_sources, error_free0);

  /* as the run: the report's folder and names first, then the lock, when
   * there is a job to run */
  *run_fail_file = NULL;
  if (report_dir != NULL
      && !check_report_folder (table, outputs, outdir, report_dir, blank, force,
                               &run_failure)) {
    prw_cli_error (run_failure, report_dir);
    *run_fail_file = report_dir;
  }
  for (guint s = 0; s < n_sources && run_failure == NULL; s++) {
    if (!is_job (table, s, blank) || g_ptr_array_index (outputs, s) == NULL)
      continue;
    if (!prw_conform_state_check_folder (state, &run_failure)) {
      prw_cli_error (run_failure, outdir);
      *run_fail_file = outdir;
    }
    break;
  }
  if (run_failure == NULL)
    state_known = load_state (state);

  *n_failing = 0;
  for (guint s = 0; s < n_sources; s++) {
    const gchar *output = g_ptr_array_index (outputs, s);
    g_autoptr (PrwConformJob) job = NULL;
    g_autoptr (GError) unmade = NULL; /* said in its row */
    g_autofree gchar *name = NULL;
    GError *error = NULL;

    g_ptr_array_add (fails, NULL);
    if (!is_job (table, s, blank) || output == NULL
        || !(job = make_job (table, s, output, blank, &unmade)))
      continue;
    if (run_failure != NULL) {
      g_ptr_array_index (fails, s) = g_error_copy (run_failure);
      (*n_failing)++;
      continue;
    }
    name = output_name (table, s, blank);
    if (decide_job (state, state_known, force, name, output, job, NULL, &error)
        != JOB_FAILS)
      continue;
    prw_cli_error (error, output);
    g_ptr_array_index (fails, s) = error;
    (*n_failing)++;
  }
  if (run_failure != NULL && *n_failing == 0)
    *n_failing = 1;
  return fails;
}

/* Runs every job with an output whose inputs or options changed since it
 * was written (every one with force), n_jobs at once; records each
 * outcome in OUTDIR's conform state as it finishes; prints the summary
 * table, rows in source order; with report_dir, writes the splice report
 * index there. Returns how many failed (or were not run, after an
 * interrupt), the report counted as one. */
static guint
run_jobs (PrwLinkTable *table, GPtrArray *outputs, const gchar *outdir,
          const gchar *report_dir, gboolean force, guint n_jobs,
          const BlankFormat *blank)
{
  GCancellable *cancellable = prw_cli_interrupt_get_cancellable ();
  guint n_sources = prw_link_table_get_n_sources (table);
  guint n_failed = 0;
  guint n_to_run = 0;
  StateSaving state_saving = STATE_SAVED;
  gboolean state_known;
  g_autoptr (PrwReportIndex) index
      = report_dir != NULL ? prw_report_index_new () : NULL;
  g_autoptr (PrwConformState) state = prw_conform_state_new (outdir);
  g_autoptr (GAsyncQueue) done = g_async_queue_new ();
  GThreadPool *pool = NULL;
  JobRun *jobs = g_new0 (JobRun, n_sources);
  PrwCliTable t;

  /* the report's folder and names, before any job renders: a foreign
   * page is never replaced without --force, and a folder that cannot be
   * made is said now rather than after every job; nothing is made before,
   * not even OUTDIR by the lock */
  if (index != NULL) {
    g_autoptr (GError) error = NULL;

    if (!check_report_folder (table, outputs, outdir, report_dir, blank, force,
                              &error)) {
      prw_cli_error (error, NULL);
      g_free (jobs);
      return 1;
    }
    prw_report_index_set_keep_foreign (index, !force);
  }

  /* one conform at a time writes into OUTDIR: the lock is taken before
   * the state is read and held until it is saved for the last time (the
   * state's life); a run with no job to run writes nothing, and makes no
   * OUTDIR */
  for (guint s = 0; s < n_sources; s++) {
    g_autoptr (GError) error = NULL;

    if (!is_job (table, s, blank) || g_ptr_array_index (outputs, s) == NULL)
      continue;
    if (!prw_conform_state_lock (state, &error)) {
      /* "OUTDIR: another conform is writing there (process PID)" */
      prw_cli_error (error, outdir);
      g_free (jobs);
      return 1;
    }
    break;
  }

  state_known = load_state (state);

  /* which jobs run: decided here, before any starts */
  for (guint s = 0; s < n_sources; s++) {
    JobRun *job = &jobs[s];
    g_auto (GStrv) inputs = NULL;
    g_autofree gchar *options = NULL;
    g_autofree gchar *why = NULL;

    job->table = table;
    job->s = s;
    job->output = g_ptr_array_index (outputs, s);
    job->cancellable = cancellable;
    job->done = done;
    if (!is_job (table, s, blank) || job->output == NULL)
      continue;
    job->job = make_job (table, s, job->output, blank, &job->error);
    if (job->job == NULL) {
      /* its blank rush's format cannot be had: it fails alone */
      prw_cli_error (job->error, NULL);
      job->started = TRUE;
      continue;
    }
    job->name = output_name (table, s, blank);
    switch (decide_job (state, state_known, force, job->name, job->output,
                        job->job, &why, &job->error)) {
      case JOB_FAILS:
        /* fails alone, nothing written; its earlier output stands */
        prw_cli_error (job->error, job->output);
        job->started = TRUE;
        forget_failed_output (state, job);
        g_clear_pointer (&job->name, g_free);
        continue;
      case JOB_SKIPPED:
        job->skipped = TRUE;
        prw_cli_print ("%s: unchanged since it was written; skipped "
                       "(--force runs it again)\n",
                       job->output);
        continue;
      case JOB_RUNS:
        break;
    }
    if (!force && why != NULL && prw_conform_state_get_n_outputs (state) > 0)
      prw_cli_print ("%s; running its job\n", why);
    inputs = prw_conform_job_get_input_paths (job->job);
    options = job_options (job->job);
    prw_conform_state_begin (state, job->name, (const gchar *const *) inputs,
                             options);
    n_to_run++;
  }
  prw_cli_flush ();

  if (n_to_run > 0) {
    g_autoptr (GError) error = NULL;

    pool = g_thread_pool_new (job_thread, NULL, (gint) MIN (n_jobs, n_to_run),
                              TRUE, &error);
    if (pool == NULL) {
      g_autofree gchar *line = g_strdup_printf (
          "cannot start the job threads: %s; the jobs run one at a time",
          error->message);

      prw_cli_warning (NULL, line);
    }
  }
  /* in source order: a pool takes its tasks first in, first out */
  for (guint s = 0; s < n_sources; s++) {
    JobRun *job = &jobs[s];

    if (job->name == NULL || job->skipped)
      continue;
    if (pool != NULL)
      g_thread_pool_push (pool, job, NULL);
    else
      job_thread (job, NULL);
  }
  /* each outcome as it comes: errors now, the state after every job, so
   * that an interrupted run keeps the record of the finished ones */
  for (guint k = 0; k < n_to_run; k++) {
    JobRun *job = g_async_queue_pop (done);

    if (!job->started)
      continue;
    if (job->ok) {
      g_autoptr (GError) error = NULL;

      if (!prw_conform_state_record (state, job->name, &error))
        prw_cli_warning (job->output, error->message);
    } else if (g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
      /* the output as it was, and its record, stand */
      prw_cli_error_printf ("cancelled", job->output,
                            "%s: interrupted; nothing was written",
                            job->output);
    } else if (g_error_matches (job->error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS)
               && !prw_conform_job_get_overwrite (job->job)) {
      /* "OUTDIR/CLIP.mov: appeared while it was written", or "exists"
       * when it came before the job started: not conform's, so kept */
      prw_cli_error_printf (prw_cli_error_code (job->error), job->output,
                            "%s; no conform wrote it (there was no file "
                            "there when this run began); left as it is",
                            job->error->message);
      forget_failed_output (state, job);
    } else {
      prw_cli_error (job->error, NULL);
      forget_failed_output (state, job);
    }
    save_state (state, &state_saving);
  }
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);

  prw_cli_table_init (&t, "lrrll");
  prw_cli_table_add_row (
      &t, g_strsplit ("SOURCE|SEGMENTS|GRADED FRAMES|RESULT|TIME", "|", -1));
  for (guint s = 0; s < n_sources; s++) {
    JobRun *job = &jobs[s];
    guint n = prw_link_table_get_source_n_links (table, s);
    const gchar *output = job->output;
    gchar *result;
    gchar **row;

    if (!is_job (table, s, blank))
      continue;
    if (output == NULL) {
      result = g_strdup ("failed: output name taken twice");
      n_failed++;
    } else if (job->skipped) {
      result = g_strdup ("skipped: unchanged");
    } else if (!job->started) {
      result = g_strdup ("not run: interrupted");
      n_failed++;
    } else if (job->ok) {
      result = g_strdup_printf ("written: %s", output);
    } else if (g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
      result = g_strdup ("interrupted");
      n_failed++;
    } else {
      result = g_strdup ("failed");
      n_failed++;
    }
    if (index != NULL)
      add_index_row (index, table, s, blank, job, result);
    row = g_new0 (gchar *, 6);
    row[0] = source_label (prw_link_table_get_source (table, s));
    row[1] = g_strdup_printf ("%u", n);
    row[2] = job->skipped ? g_strdup ("-")
                          : g_strdup_printf ("%" G_GINT64_FORMAT, job->graded);
    row[3] = result;
    row[4] = job->skipped ? g_strdup ("-")
                          : prw_cli_format_seconds_us (job->time_us);
    prw_cli_table_add_row (&t, row);
  }
  report_left_outputs (state, table, outputs, outdir, blank, &t);
  save_state (state, &state_saving);
  for (guint s = 0; s < n_sources; s++)
    job_run_clear (&jobs[s]);
  g_free (jobs);
  prw_cli_print ("Jobs:\n");
  prw_cli_table_print_and_clear (&t, "  ");
  if (index != NULL && !g_cancellable_is_cancelled (cancellable)) {
    g_autoptr (GError) error = NULL;

    if (!prw_report_index_write (index, report_dir, TRUE, cancellable,
                                 &error)) {
      g_prefix_error (&error, "report not written: ");
      prw_cli_error (error, NULL);
      n_failed++;
    }
  }
  return n_failed;
}

/* The input of job (prw_conform_job_get_input_paths()) in whose folder
 * path (the output, or the report folder when is_dir) would be written,
 * or NULL: nothing is ever written inside the source or grade folders. A
 * job knows its files, not the folders walked for them, so it is the
 * folder an input lies in that is refused, not the folders above it. */
static gchar *
job_input_folder_of (PrwConformJob *job, const gchar *path, gboolean is_dir)
{
  g_auto (GStrv) inputs = prw_conform_job_get_input_paths (job);
  g_autofree gchar *resolved = prw_cli_resolve_path (path);
  g_autofree gchar *folder
      = is_dir ? g_strdup (resolved) : g_path_get_dirname (resolved);

  for (guint i = 0; inputs[i] != NULL; i++) {
    g_autofree gchar *in = prw_cli_resolve_path (inputs[i]);
    g_autofree gchar *in_folder = g_path_get_dirname (in);

    if (g_str_equal (in, resolved) || g_str_equal (in_folder, folder))
      return g_strdup (inputs[i]);
  }
  return NULL;
}

/* conform --job FILE: reads the job FILE describes (prw_conform_job_to_data(),
 * a job of --dry-run --json) and runs exactly it, as run_jobs() runs one;
 * with report_dir, writes its splice report and the index there. Returns
 * the exit status. */
static int
run_job_file (const gchar *path, const gchar *report_dir)
{
  GCancellable *cancellable = prw_cli_interrupt_get_cancellable ();
  g_autoptr (GError) error = NULL;
  g_autofree gchar *data = NULL;
  gsize length = 0;
  g_autoptr (PrwConformJob) job = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  const gchar *output;
  g_autofree gchar *label = NULL;
  gint64 graded = 0;
  gint64 start_us;
  gchar *result;
  gchar **row;
  int status = PRW_CLI_EXIT_OK;
  PrwCliTable t;

  prw_cli_output_add_path (path);
  if (!g_file_get_contents (path, &data, &length, &error)) {
    int code = error->code == G_FILE_ERROR_NOENT   ? PRW_ERROR_NOT_FOUND
               : error->code == G_FILE_ERROR_ACCES ? PRW_ERROR_PERMISSION_DENIED
                                                   : PRW_ERROR_IO;
    g_autoptr (GError) read_error
        = g_error_new_literal (PRW_ERROR, code, error->message);

    prw_cli_error (read_error, path);
    return PRW_CLI_EXIT_FAILED;
  }
  job = prw_conform_job_new_from_data (data, (gssize) length, path, cancellable,
                                       &error);
  if (job == NULL) {
    prw_cli_error (error, path);
    return PRW_CLI_EXIT_FAILED;
  }
  output = prw_conform_job_get_output (job);
  if (output == NULL) {
    prw_cli_error_printf ("output-exists", path,
                          "%s: the job has no output (two sources of its "
                          "shoot would be written to one file); nothing "
                          "written",
                          path);
    return PRW_CLI_EXIT_FAILED;
  }
  {
    g_autofree gchar *input = job_input_folder_of (job, output, FALSE);

    if (input == NULL && report_dir != NULL
        && (input = job_input_folder_of (job, report_dir, TRUE)) != NULL) {
      prw_cli_error_printf ("same-file", path,
                            "%s: --report %s: in the folder of the input %s; "
                            "nothing is written inside the source, grade or "
                            "VFX folders; nothing written",
                            path, report_dir, input);
      return PRW_CLI_EXIT_FAILED;
    }
    if (input != NULL) {
      prw_cli_error_printf ("same-file", path,
                            "%s: output %s: in the folder of the input %s; "
                            "nothing is written inside the source, grade or "
                            "VFX folders; nothing written",
                            path, output, input);
      return PRW_CLI_EXIT_FAILED;
    }
  }
  if (report_dir != NULL) {
    /* as a conform's run: before the job renders, and never a page that
     * no proreswriter wrote (--force does not go with --job) */
    g_autoptr (PrwReportIndex) check = prw_report_index_new ();
    g_autofree gchar *name = g_path_get_basename (output);
    g_autofree gchar *output_dir = g_path_get_dirname (output);
    const gchar *names[] = { name, NULL };
    g_autoptr (GError) report_error = NULL;

    if (g_str_has_suffix (name, ".mov"))
      name[strlen (name) - 4] = '\0';
    prw_report_index_set_keep_foreign (check, TRUE);
    /* DIR inside the output's folder still to make: the job makes it */
    if (!report_folder_made_with (report_dir, output_dir)
        && !prw_report_index_check_folder (check, report_dir, names, TRUE,
                                           &report_error)) {
      /* its own words: the hint of --force would not go with --job */
      prw_cli_error_printf (prw_cli_error_code (report_error), report_dir, "%s",
                            report_error->message);
      return PRW_CLI_EXIT_FAILED;
    }
  }
  prw_cli_output_add_path (output);
  for (guint i = 0; i < prw_conform_job_get_n_segments (job); i++) {
    PrwSegment *segment = prw_conform_job_get_segment (job, i);

    prw_cli_output_add_segment (prw_segment_get_path (segment),
                                prw_segment_get_display_name (segment));
  }
  label = source_label (prw_conform_job_get_source (job));
  start_us = g_get_monotonic_time ();
  if (run_conform_job (job, cancellable, &graded, &plan, &error)) {
    result = g_strdup_printf ("written: %s", output);
  } else {
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
      prw_cli_error_printf ("cancelled", output,
                            "%s: interrupted; nothing was written", output);
      result = g_strdup ("interrupted");
    } else {
      prw_cli_error (error, NULL);
      result = g_strdup ("failed");
    }
    status = PRW_CLI_EXIT_FAILED;
  }

  prw_cli_table_init (&t, "lrrll");
  prw_cli_table_add_row (
      &t, g_strsplit ("SOURCE|SEGMENTS|GRADED FRAMES|RESULT|TIME", "|", -1));
  row = g_new0 (gchar *, 6);
  row[0] = g_steal_pointer (&label);
  row[1] = g_strdup_printf ("%u", prw_conform_job_get_n_segments (job));
  row[2] = g_strdup_printf ("%" G_GINT64_FORMAT, graded);
  row[3] = result;
  row[4] = prw_cli_format_seconds_us (g_get_monotonic_time () - start_us);
  prw_cli_table_add_row (&t, row);
  prw_cli_print ("Jobs:\n");
  prw_cli_table_print_and_clear (&t, "  ");

  if (report_dir != NULL && !g_cancellable_is_cancelled (cancellable)) {
    g_autoptr (PrwReportIndex) index = prw_report_index_new ();
    g_autoptr (PrwReport) report
        = plan != NULL ? prw_report_new (plan, output) : NULL;
    g_autofree gchar *name = g_path_get_basename (output);
    g_autoptr (GError) report_error = NULL;

    if (g_str_has_suffix (name, ".mov"))
      name[strlen (name) - 4] = '\0';
    prw_report_index_add_source (
        index, name, report, plan != NULL,
        plan != NULL ? "printed" : (error != NULL ? error->message : result));
    prw_report_index_set_keep_foreign (index, TRUE);
    if (!prw_report_index_write (index, report_dir, TRUE, cancellable,
                                 &report_error)) {
      g_prefix_error (&report_error, "report not written: ");
      prw_cli_error (report_error, NULL);
      status = PRW_CLI_EXIT_FAILED;
    }
  }
  return status;
}

/* One warning for each source of a job whose sound its output does not
 * carry (an MXF original's: prw_source_clip_get_n_uncopied_audio_tracks()),
 * in the run and in its dry run alike, before any job runs; none with
 * --no-audio (no sound was asked for), none for a source not conformed
 * (no output). */
static void
report_uncopied_sound (PrwLinkTable *table, GPtrArray *outputs,
                       const BlankFormat *blank)
{
  if (blank->no_audio)
    return;
  for (guint s = 0; s < prw_link_table_get_n_sources (table); s++) {
    PrwSourceClip *clip = prw_link_table_get_source (table, s);
    g_autofree gchar *line = NULL;

    if (!is_job (table, s, blank) || g_ptr_array_index (outputs, s) == NULL
        || !(line = prw_cli_format_uncopied_sound (clip, "conform outputs")))
      continue;
    prw_cli_warning (prw_source_clip_get_path (clip), line);
  }
}

/* ---- the run's end ------------------------------------------------------ */

/* Each unmatched segment in one line on stderr, the file and why, so that
 * a script's log shows it (the link table's section is on stdout). */
static void
report_unmatched (PrwLinkTable *table)
{
  for (guint u = 0; u < prw_link_table_get_n_unmatched (table); u++) {
    PrwSegment *segment = prw_link_table_get_unmatched_segment (table, u);
    gint nearest = prw_link_table_get_unmatched_nearest (table, u);
    g_autofree gchar *label
        = nearest >= 0 ? source_label (
              prw_link_table_get_source (table, (guint) nearest))
                       : g_strdup ("none");
    g_autofree gchar *line = g_strdup_printf (
        "%s: unmatched %s, printed nowhere: nearest %s: %s",
        prw_segment_get_path (segment),
        prw_layer_to_string (prw_link_table_get_unmatched_layer (table, u)),
        label, prw_link_table_get_unmatched_reason (table, u));

    prw_cli_warning (prw_segment_get_path (segment), line);
  }
}

/* The run's last lines: how many segments were unmatched (on stdout,
 * after the summary; --json lists them), and, on stderr, how many inputs could
 * not be read and whether there was nothing to conform. Returns whether either
 * makes the run fail (exit status 1): an input given (a path, a media file or
 * ALE in a walked folder, an ALE row) that could not be read, or no job
 * at all. Unmatched segments alone do not. */
static gboolean
report_run_end (PrwLinkTable *table, guint n_lost, guint n_job_sources,
                gboolean json_output)
{
  guint n_unmatched = prw_link_table_get_n_unmatched (table);

  /* --json: its "unmatched" says it */
  if (n_unmatched > 0 && !json_output)
    prw_cli_print ("\nUnmatched: %u segment%s, printed nowhere (listed "
                   "above)\n",
                   n_unmatched, n_unmatched == 1 ? "" : "s");
  prw_cli_flush ();
  if (n_job_sources == 0)
    prw_cli_error_printf (
        "nothing-to-conform", NULL,
        "nothing to conform: no segment is linked to a source (%u "
        "source%s, %u segment%s unmatched, %u ambiguous)",
        prw_link_table_get_n_sources (table),
        prw_link_table_get_n_sources (table) == 1 ? "" : "s", n_unmatched,
        n_unmatched == 1 ? "" : "s", prw_link_table_get_n_ambiguous (table));
  if (n_lost > 0)
    prw_cli_error_printf ("unreadable", NULL,
                          "%u input%s could not be read (see the warnings "
                          "above); the run went on without %s",
                          n_lost, n_lost == 1 ? "" : "s",
                          n_lost == 1 ? "it" : "them");
  return n_lost > 0 || n_job_sources == 0;
}

/* ---- arguments ---------------------------------------------------------- */

static gboolean
is_list_option (const gchar *arg)
{
  return g_str_equal (arg, "--sources") || g_str_equal (arg, "--grades")
         || g_str_equal (arg, "--vfx");
}

/* "--sources A B --grades C" -> "--sources=A --sources=B --grades=C":
 * GOption takes one value per option; conform takes several. An operand
 * starting with '-' is given as "--sources=-odd". */
static char **
expand_lists (int argc, char **argv, int *new_argc)
{
  GPtrArray *out = g_ptr_array_new_null_terminated (argc, g_free, TRUE);
  const gchar *list = NULL;
  gboolean rest = FALSE;

  for (int i = 0; i < argc; i++) {
    const gchar *arg = argv[i];

    if (i == 0 || rest) {
      g_ptr_array_add (out, g_strdup (arg));
      continue;
    }
    if (g_str_equal (arg, "--")) {
      rest = TRUE;
      g_ptr_array_add (out, g_strdup (arg));
      continue;
    }
    if (is_list_option (arg)) {
      /* a list option with nothing after it stays, for GOption to refuse */
      if (i + 1 >= argc || argv[i + 1][0] == '-')
        g_ptr_array_add (out, g_strdup (arg));
      list = arg;
      continue;
    }
    if (arg[0] == '-') {
      list = NULL;
      g_ptr_array_add (out, g_strdup (arg));
      continue;
    }
    if (list != NULL)
      g_ptr_array_add (out, g_strconcat (list, "=", arg, NULL));
    else
      g_ptr_array_add (out, g_strdup (arg));
  }
  *new_argc = (int) out->len;
  return (char **) g_ptr_array_free (out, FALSE);
}

int
prw_cli_cmd_conform (int argc, char **argv)
{
  gboolean json_output = FALSE;
  gboolean dry_run = FALSE;
  gint handles = 0;
  gint n_jobs = 1;
  gboolean force = FALSE;
  g_auto (GStrv) sources = NULL;
  g_auto (GStrv) grades = NULL;
  g_auto (GStrv) vfx = NULL;
  g_autofree gchar *outdir = NULL;
  g_autofree gchar *report_dir = NULL;
  g_autofree gchar *job_file = NULL;
  gboolean all = FALSE;
  gboolean no_audio = FALSE;
  g_autofree gchar *like = NULL;
  g_autofree gchar *profile = NULL;
  g_autofree gchar *size = NULL;
  g_auto (GStrv) operands = NULL;
  const GOptionEntry entries[] = {
    { "sources", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &sources,
      "Camera originals: files, folders (walked) and .ale files", "PATH..." },
    { "grades", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &grades,
      "Graded ProRes segments: files and folders (walked)", "PATH..." },
    { "vfx", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &vfx,
      "VFX ProRes segments: files and folders (walked)", "PATH..." },
    { "handles", 0, 0, G_OPTION_ARG_INT, &handles,
      "Segments may run up to N frames past either end of their "
      "source",
      "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir,
      "The folder the movies are written to", "OUTDIR" },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report_dir,
      "Write the splice reports and their index (index.html) into DIR", "DIR" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      "Link and describe the jobs; write nothing", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json_output,
      "Print the link table and the jobs as one JSON document", NULL },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &n_jobs, "Run N jobs at once (default 1)",
      "N" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      "Run every job, even one unchanged since its output was written", NULL },
    { "job", 0, 0, G_OPTION_ARG_FILENAME, &job_file,
      "Run the one job FILE describes (a job of --dry-run --json)", "FILE" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all,
      "Write a blank rush for each source without segments too", NULL },
    { "no-audio", 0, 0, G_OPTION_ARG_NONE, &no_audio,
      "Leave out the camera originals' sound tracks", NULL },
    { "like", 0, 0, G_OPTION_ARG_FILENAME, &like,
      "With --all: the blank rushes copy this segment's ProRes format",
      "SEGMENT" },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile,
      "With --all: the blank rushes' ProRes flavour: 4444, 4444xq, 422hq, "
      "422, lt or proxy (BT.709)",
      "P" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size,
      "With --all --profile: the blank rushes' picture size (default: each "
      "source's)",
      "WxH" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &operands, NULL,
      NULL },
    G_OPTION_ENTRY_NULL
  };
  int expanded_argc = 0;
  g_auto (GStrv) expanded = expand_lists (argc, argv, &expanded_argc);
  /* GOption may reorder and drop entries of the vector it is given */
  g_autofree char **parse_argv
      = g_memdup2 (expanded, sizeof (char *) * ((gsize) expanded_argc + 1));
  char **parse_argv_ptr = parse_argv;
  g_autoptr (PrwLinkTable) table = NULL;
  g_autoptr (GPtrArray) outputs = NULL;
  g_autoptr (GPtrArray) why = NULL; /* why a source has no output */
  guint n_collisions = 0;
  guint n_undescribed = 0;
  guint n_failing = 0; /* jobs a dry run sees failing */
  /* all of them: OUTDIR (prw_conform_state_check_folder()), or --report
   * DIR (check_report_folder()) */
  const gchar *run_fail_file = NULL;
  g_autoptr (GPtrArray) fails = NULL;
  guint n_lost = 0;
  guint n_job_sources = 0;
  BlankFormat blank = { 0 };
  int status;

  if (!prw_cli_parse_options (
          "conform",
          "--sources PATH... --grades PATH... [--vfx PATH...] -o OUTDIR "
          "[--jobs N] [--force] [--dry-run]\n      [--report DIR] [--all "
          "[--like SEGMENT | "
          "--profile P "
          "[--size WxH]]]\n  proreswriter conform --job FILE "
          "[--report DIR]",
          "Link every graded (and VFX) segment to its camera original and\n"
          "print them into one source-length movie per original.",
          "A segment is linked to a source when its frame rate is the "
          "source's, its\nsize the source's display size (where known), "
          "its timecode range inside\nthe source's (up to --handles "
          "frames past either end), and its file name\ncontains the "
          "source's clip name or its reel is the source's reel or clip\n"
          "name. A segment that matches several sources is ambiguous and "
          "printed\nnowhere (exit status 1); one that matches none is "
          "reported with its\nnearest miss and why, also on stderr in one "
          "line. Folders are walked\nrecursively; hidden files are "
          "skipped. An input that cannot be read is\nreported in one line "
          "and left out, and the run ends with exit status 1:\na path "
          "given, a movie (.mov .qt .mp4 .m4v .mxf) or ALE found in a "
          "folder,\nan ALE row (other files found are reported alone). "
          "Nothing to conform\n(no segment linked) is exit status 1 too. "
          "OUTDIR (and --report DIR) may\nnot be an input folder, the "
          "folder of an input file, or inside either.\nAn ALE row and the "
          "media file of the same clip (name, start, frames,\nrate) are one "
          "source: the file's facts, the row's reel where the file\nhas "
          "none.\n\n"
          "Without --dry-run every job runs (--jobs N at once, default "
          "1): one pass per\nsource, printing its segments into its blank rush "
          "(the "
          "source's frames,\nrate, start timecode and reel, in the first "
          "segment's ProRes format,\nburn-in on the ungraded frames), never "
          "written to disk. Each output is\nOUTDIR/CLIP.mov, or "
          "OUTDIR/FOLDER/CLIP.mov when two sources share a\nclip name, "
          "FOLDER being the source's folder relative to the path given,\n"
          "led by that path's own name when the clip name comes from "
          "several paths\n(--sources shoot/day1 shoot/day2: OUTDIR/day1/"
          "CLIP.mov and\nOUTDIR/day2/CLIP.mov); two sources still written "
          "to one name are\nboth refused. A job whose segments differ in "
          "format (ProRes flavour,\nsize, colour description) fails and "
          "leaves nothing; the others go on.\nAn output is replaced when a "
          "conform wrote it (the state file below\nrecords it); a file there "
          "that no conform wrote fails its job alone,\nleft as it is "
          "(--force replaces it); one that appears while its job runs,\nnone "
          "being there when the run began, fails the job, left as it is.\n"
          "An output an earlier conform wrote that no job of this\nrun "
          "writes (its source lost its segments, say) is reported and left "
          "as\nit is. A summary table ends the run; the exit\nstatus is 1 if a "
          "job failed, a segment was ambiguous "
          "or an input could\nnot be read. Ctrl-C keeps the finished "
          "outputs and removes the ones in\nprogress. One conform at a time "
          "writes into an OUTDIR: a second one is\nrefused (exit status 1) "
          "before it writes anything; a job whose source\n(or ALE) changed "
          "since it was read fails.\n\n"
          "A re-run skips a job whose inputs (its source's media file or "
          "ALE, its\nsegments) and options (--handles, each segment's "
          "layer) are unchanged\nsince its output was written, and whose "
          "output is still as written;\nOUTDIR/.proreswriter-conform.json "
          "records their sizes and modification\ntimes after every "
          "finished job. --force runs every job again, replacing\nany file "
          "at its output.\n\n"
          "--all also writes OUTDIR/CLIP.mov for each source without "
          "segments: its\nblank rush alone (its frames, rate, start timecode "
          "and reel, burn-in on\nevery frame), so that the whole shoot "
          "relinks. Its ProRes format is the\none every segment linked in the "
          "run shares (flavour, colour, alpha), at\nthe source's size (the "
          "segments' where the source's is not known); when\nthe segments "
          "disagree, or none is linked, give --like SEGMENT or\n--profile P "
          "[--size WxH], as for blank (exit status 2 without). A\nre-run "
          "skips them while their source and the format they copy are\n"
          "unchanged (a grade rendered again in its format leaves them "
          "current).\n\n"
          "--dry-run prints the link table, and with --json one "
          "self-contained\njob per source. It writes nothing and takes no "
          "lock; a job the run will\nfail before writing (its segments "
          "disagree, a file no conform wrote or a\nfolder at its output, "
          "a folder that cannot be made) is said as the run\nwill say it, "
          "under its row and on stderr, and the exit status is 1.\n\n"
          "--job FILE runs exactly one such job, written to a file of its "
          "own (a\nrender farm's task per source): its relative paths are "
          "relative to its\nworking_folder, wherever it runs; the source is "
          "not read again (an ALE\nneed not be there), each segment is, and "
          "one whose start timecode,\nframes, rate, codec, size or reel "
          "changed since the dry run is refused\n(its pixels are not "
          "compared: the latest render is printed). Its output\nis "
          "replaced if it exists (the job names it; there is no state to "
          "skip\nby): no other option, --force neither, goes with --job.",
          entries, &expanded_argc, &parse_argv_ptr))
    return PRW_CLI_EXIT_USAGE;
  /* its prints are into blank rushes */
  prw_cli_blank_tune_malloc (n_jobs > 0 ? (guint) n_jobs : 1);
  if (prw_cli_n_operands (operands) > 0)
    return prw_cli_usage_error ("conform", "unexpected argument '%s'",
                                operands[0]);
  if (job_file != NULL) {
    const gchar *other = prw_cli_n_operands (sources) > 0  ? "--sources"
                         : prw_cli_n_operands (grades) > 0 ? "--grades"
                         : prw_cli_n_operands (vfx) > 0    ? "--vfx"
                         : outdir != NULL                  ? "-o"
                         : handles != 0                    ? "--handles"
                         : dry_run                         ? "--dry-run"
                         : json_output                     ? "--json"
                         : n_jobs != 1                     ? "--jobs"
                         : all                             ? "--all"
                         : like != NULL                    ? "--like"
                         : profile != NULL                 ? "--profile"
                         : size != NULL                    ? "--size"
                         : no_audio                        ? "--no-audio"
                                                           : NULL;

    if (other != NULL)
      return prw_cli_usage_error ("conform",
                                  "--job: %s does not go with it (the job "
                                  "file says everything)",
                                  other);
    if (force)
      return prw_cli_usage_error (
          "conform", "--job: --force does not go with it (a job replaces its "
                     "output always: the job file, which a dry run of conform "
                     "wrote, names it)");
    if (report_dir != NULL
        && !check_folder_option ("--report", report_dir, REPORT_FOLDER_IS))
      return PRW_CLI_EXIT_USAGE;
    return run_job_file (job_file, report_dir);
  }
  if (prw_cli_n_operands (sources) == 0)
    return prw_cli_usage_error ("conform", "no --sources given");
  if (prw_cli_n_operands (grades) == 0 && prw_cli_n_operands (vfx) == 0)
    return prw_cli_usage_error ("conform", "no --grades (or --vfx) given");
  if (outdir == NULL)
    return prw_cli_usage_error ("conform",
                                "no output folder given (-o OUTDIR)");
  if (handles < 0)
    return prw_cli_usage_error ("conform",
                                "--handles: expected a number of frames (0 "
                                "or more)");
  {
    char **const lists[] = { sources, grades != NULL ? grades : vfx,
                             vfx != NULL ? vfx : sources, NULL };
    g_autofree gchar *inside = outdir_inside_input (outdir, lists);

    if (inside == NULL && report_dir != NULL
        && (inside = outdir_inside_input (report_dir, lists)) != NULL)
      return prw_cli_usage_error ("conform",
                                  "--report %s: inside the input folder %s; "
                                  "nothing is written inside the source, "
                                  "grade or VFX folders",
                                  report_dir, inside);
    if (inside != NULL)
      return prw_cli_usage_error ("conform",
                                  "-o %s: inside the input folder %s; "
                                  "nothing is written inside the source, "
                                  "grade or VFX folders",
                                  outdir, inside);
  }
  /* a file where a folder is meant: every job would fail alike */
  if (!check_folder_option ("-o", outdir, "each CLIP.mov is written to")
      || (report_dir != NULL
          && !check_folder_option ("--report", report_dir, REPORT_FOLDER_IS)))
    return PRW_CLI_EXIT_USAGE;
  if (!dry_run && json_output)
    return prw_cli_usage_error ("conform", "--json needs --dry-run");
  if (n_jobs < 1)
    return prw_cli_usage_error ("conform",
                                "--jobs: expected a number of jobs to run "
                                "at once (1 or more)");
  if (!all && (like != NULL || profile != NULL || size != NULL))
    return prw_cli_usage_error ("conform",
                                "%s: the blank rushes' format goes with --all",
                                like != NULL      ? "--like"
                                : profile != NULL ? "--profile"
                                                  : "--size");
  if (like != NULL && (profile != NULL || size != NULL))
    return prw_cli_usage_error ("conform",
                                "--like and --profile/--size exclude each "
                                "other");
  if (size != NULL && profile == NULL)
    return prw_cli_usage_error ("conform", "--size goes with --profile");
  if (size != NULL && !prw_cli_parse_size (size, &blank.width, &blank.height))
    return prw_cli_usage_error ("conform", "--size %s: not WIDTHxHEIGHT", size);
  if (profile != NULL) {
    g_autoptr (PrwBlankRush) check = NULL;
    g_autoptr (PrwTimecode) tc = prw_timecode_new (25, 1, FALSE, 0);
    g_autoptr (GError) error = NULL;

    check = prw_blank_rush_new (NULL, tc, 1);
    if (!prw_blank_rush_set_format (check, profile, 1920, 1080, &error))
      return prw_cli_usage_error ("conform", "--profile: %s", error->message);
    /* a size ProRes cannot take: the library's rule, as blank checks it */
    if (size != NULL
        && !prw_blank_rush_set_format (check, profile, blank.width,
                                       blank.height, &error))
      return prw_cli_usage_error ("conform", "--size %s: %s", size,
                                  error->message);
  }
  blank.all = all;
  blank.no_audio = no_audio;
  blank.profile = profile;

  table = prw_link_table_new ((guint) handles);
  n_lost = add_sources (table, sources);
  n_lost += add_segments (table, grades, PRW_LAYER_GRADE);
  n_lost += add_segments (table, vfx, PRW_LAYER_VFX);
  prw_link_table_seal (table);

  /* --all: the blank rushes' format, never guessed */
  if (all && like != NULL) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PrwMediaInfo) media = NULL;

    prw_cli_output_add_path (like);
    media = prw_probe_file (like, prw_cli_interrupt_get_cancellable (), &error);
    if (media == NULL) {
      prw_cli_error (error, NULL);
      return PRW_CLI_EXIT_FAILED;
    }
    blank.like = prw_segment_new (media);
  } else if (all && profile == NULL) {
    gboolean unlinked = FALSE;

    for (guint s = 0; s < prw_link_table_get_n_sources (table); s++)
      unlinked = unlinked || prw_link_table_get_source_n_links (table, s) == 0;
    if (unlinked && !blank_format_from_links (table, &blank))
      return PRW_CLI_EXIT_USAGE;
  }

  if (report_dir != NULL
      && !check_report_not_an_output (table, outdir, report_dir, &blank))
    return PRW_CLI_EXIT_USAGE;

  for (guint a = 0; a < prw_link_table_get_n_ambiguous (table); a++) {
    PrwSegment *segment = prw_link_table_get_ambiguous_segment (table, a);
    GString *names = g_string_new (NULL);

    for (guint k = 0; k < prw_link_table_get_ambiguous_n_candidates (table, a);
         k++) {
      g_autofree gchar *label = source_label (prw_link_table_get_source (
          table, prw_link_table_get_ambiguous_candidate (table, a, k)));

      g_string_append_printf (names, "%s%s", k > 0 ? ", " : "", label);
    }
    prw_cli_error_printf ("ambiguous", prw_segment_get_path (segment),
                          "%s: matches %u sources (%s); printed nowhere",
                          prw_segment_get_path (segment),
                          prw_link_table_get_ambiguous_n_candidates (table, a),
                          names->str);
    g_string_free (names, TRUE);
  }
  report_unmatched (table);
  outputs = output_paths (table, outdir, &blank, &n_collisions, &why);
  for (guint s = 0; s < prw_link_table_get_n_sources (table); s++)
    n_job_sources += is_job (table, s, &blank);

  report_uncopied_sound (table, outputs, &blank);
  /* what the run will refuse before writing, said as it will say it */
  if (dry_run)
    fails = foresee_failures (table, outputs, outdir, report_dir, &blank, force,
                              &n_failing, &run_fail_file);
  if (json_output)
    n_undescribed = print_json (table, outputs, outdir, &blank, dry_run, fails,
                                run_fail_file);
  else
    n_undescribed = print_text (table, outputs, why, &blank, dry_run, fails);
  if (!dry_run
      && run_jobs (table, outputs, outdir, report_dir, force, (guint) n_jobs,
                   &blank)
             > 0)
    status = PRW_CLI_EXIT_FAILED;
  else
    status = prw_link_table_get_n_ambiguous (table) > 0 || n_collisions > 0
                     || n_undescribed > 0 || n_failing > 0
                 ? PRW_CLI_EXIT_FAILED
                 : PRW_CLI_EXIT_OK;
  if (report_run_end (table, n_lost, n_job_sources, json_output))
    status = PRW_CLI_EXIT_FAILED;
  g_clear_object (&blank.like);
  return status;
}
