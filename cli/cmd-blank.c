/* proreswriter blank: write the blank rush of a camera original */

#include "cmd.h"
#include "interrupt.h"
#include "progress.h"
#include "walk.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

typedef struct {
  gchar *like;
  gchar *profile;
  gchar *size;
  gchar *tc;
  gboolean no_burn_in;
  gboolean no_audio;
  gboolean force;
  gboolean json;
  /* parsed */
  PrwMediaInfo *like_media;
  guint width, height;
} Options;

/* One source's outcome. */
typedef struct {
  gchar *source; /* the path, or "ALE:LINE" for an ALE's row: for text */
  gchar *ale;    /* the ALE the source is a row of (or failed in), or NULL */
  guint line;    /* its line in the ALE, from 1; 0 when none is known */
  gchar *output;
  PrwBlankRush *rush; /* NULL when it failed before it was described */
  gboolean ok;
  gchar *message;    /* the failure, without "proreswriter: " */
  const gchar *code; /* its code, as --json's error objects name it */
  gint64 render_us;
  guint n_audio_not_copied; /* the source's sound tracks left out for want
                               of a way to copy them (not --no-audio's) */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->source);
  g_free (job->ale);
  g_free (job->output);
  g_clear_object (&job->rush);
  g_free (job->message);
  g_free (job);
}

gboolean
prw_cli_parse_size (const gchar *text, guint *width, guint *height)
{
  guint64 w, h;
  gchar *end;

  w = g_ascii_strtoull (text, &end, 10);
  if (end == text || (*end != 'x' && *end != 'X'))
    return FALSE;
  text = end + 1;
  h = g_ascii_strtoull (text, &end, 10);
  if (end == text || *end != '\0' || w == 0 || h == 0 || w > 65535 || h > 65535)
    return FALSE;
  *width = (guint) w;
  *height = (guint) h;
  return TRUE;
}

/* The failure of job: reported now (one line), kept for the summary. A
 * message about an ALE's row ("ALE:LINE: reason") is about the ALE, at
 * that line. */
static void
job_fail (Job *job, const GError *error)
{
  guint line = job->ale != NULL
                   ? prw_cli_line_of_message (error->message, job->ale)
                   : 0;

  job->ok = FALSE;
  job->code = prw_cli_error_code (error);
  if (job->line == 0)
    job->line = line;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    /* the summary says what stderr says, not GLib's "Operation was
     * cancelled" */
    const gchar *file = job->output != NULL ? job->output : job->source;

    job->message
        = g_strdup_printf ("%s: interrupted; nothing was written", file);
    prw_cli_error_printf ("cancelled", file, "%s", job->message);
    return;
  }
  job->message = g_strdup (error->message);
  if (line > 0)
    prw_cli_error_at_line (error, job->ale, line);
  else
    prw_cli_error (error, NULL);
}

/* The file a job's warnings are about: its source, or its ALE */
static const gchar *
job_file (Job *job)
{
  return job->ale != NULL ? job->ale : job->source;
}

/* "PATH", or "ALE:LINE" for a clip read from an ALE row */
static gchar *
clip_label (PrwSourceClip *clip)
{
  if (prw_source_clip_get_ale_path (clip))
    return g_strdup_printf ("%s:%u", prw_source_clip_get_ale_path (clip),
                            prw_source_clip_get_ale_line (clip));
  return g_strdup (prw_source_clip_get_path (clip));
}

/* The job of this run that wrote output already (the same file, by
 * identity: two clips of one name in an ALE or two folders, or names that
 * differ only in case on a case-insensitive file system), or NULL. */
static Job *
find_written (GPtrArray *jobs, const gchar *output)
{
  GStatBuf st, done;

  if (g_stat (output, &st) != 0)
    return NULL;
  for (guint i = 0; i < jobs->len; i++) {
    Job *other = jobs->pdata[i];

    if (other->ok && g_stat (other->output, &done) == 0
        && done.st_dev == st.st_dev && done.st_ino == st.st_ino)
      return other;
  }
  return NULL;
}

/* Makes the folder output is written in, as conform does; FALSE with
 * error when it cannot. */
static gboolean
make_folder_of (const gchar *output, GError **error)
{
  g_autofree gchar *dir = g_path_get_dirname (output);
  int saved;

  if (g_file_test (dir, G_FILE_TEST_IS_DIR)
      || g_mkdir_with_parents (dir, 0777) == 0)
    return TRUE;
  saved = errno;
  g_set_error (error, PRW_ERROR,
               saved == ENOSPC   ? PRW_ERROR_NO_SPACE
               : saved == EACCES ? PRW_ERROR_PERMISSION_DENIED
                                 : PRW_ERROR_IO,
               "%s: could not make its folder %s: %s", output, dir,
               g_strerror (saved));
  return FALSE;
}

/* Makes the blank rush of clip into job->output (in a folder made when
 * make_folder, as conform makes its OUTDIR). reel: the reel to write, or
 * NULL for the clip's. jobs: those of the run so far, whose outputs a
 * later job never replaces, --force or not. */
static void
run_job (GPtrArray *jobs, Job *job, PrwSourceClip *clip, const gchar *reel,
         gboolean make_folder, Options *opt, GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *sound = NULL;
  const gchar *const *warnings;
  PrwCliProgress *progress;
  guint src_par_n = 0, src_par_d = 0;
  Job *earlier;
  gint64 t0;

  warnings = prw_source_clip_get_warnings (clip);
  for (guint i = 0; warnings[i] != NULL; i++)
    prw_cli_warning (job_file (job), warnings[i]);
  job->rush = prw_blank_rush_new_for_source (clip, &error);
  if (!job->rush) {
    job_fail (job, error);
    return;
  }
  if (reel)
    prw_blank_rush_set_reel (job->rush, reel);
  if ((earlier = find_written (jobs, job->output)) != NULL) {
    g_set_error (&error, PRW_ERROR, PRW_ERROR_FAILED,
                 "%s: written from %s earlier in this run (two sources "
                 "of one clip name); not replaced",
                 job->output, earlier->source);
    job_fail (job, error);
    return;
  }
  prw_blank_rush_set_burn_in (job->rush, !opt->no_burn_in);
  prw_blank_rush_set_audio (job->rush, !opt->no_audio);
  prw_source_clip_get_pixel_aspect (clip, &src_par_n, &src_par_d);
  if (opt->like_media) {
    guint src_w = prw_source_clip_get_width (clip);
    guint src_h = prw_source_clip_get_height (clip);
    guint like_w = prw_media_info_get_width (opt->like_media);
    guint like_h = prw_media_info_get_height (opt->like_media);

    if (!prw_blank_rush_set_like (job->rush, opt->like_media, &error)) {
      job_fail (job, error);
      return;
    }
    /* the segment's format wins; a different size is likely a mistake */
    if (src_w != 0 && src_h != 0 && (src_w != like_w || src_h != like_h)) {
      g_autofree gchar *line = g_strdup_printf (
          "%s: is %ux%u but --like %s is %ux%u; the blank rush is %ux%u",
          job->source, src_w, src_h, opt->like, like_w, like_h, like_w, like_h);

      prw_cli_warning (job_file (job), line);
    }
    /* a blank rush relinks as its source: a pixel aspect of another
     * shape is likely a mistake too */
    if (src_par_n != 0) {
      guint like_n, like_d;

      prw_blank_rush_get_pixel_aspect (job->rush, &like_n, &like_d);
      if (like_n != src_par_n || like_d != src_par_d) {
        g_autofree gchar *line = g_strdup_printf (
            "%s: has a pixel aspect of %u:%u but --like %s has %u:%u; the "
            "blank rush's is %u:%u",
            job->source, src_par_n, src_par_d, opt->like, like_n, like_d,
            like_n, like_d);

        prw_cli_warning (job_file (job), line);
      }
    }
  } else {
    guint width = opt->size ? opt->width : prw_source_clip_get_width (clip);
    guint height = opt->size ? opt->height : prw_source_clip_get_height (clip);

    if (width == 0 || height == 0) {
      g_set_error (&error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
                   "%s: its picture size is not known; give --size or "
                   "--like",
                   job->source);
      job_fail (job, error);
      return;
    }
    if (!prw_blank_rush_set_format (job->rush, opt->profile, width, height,
                                    &error)) {
      g_prefix_error (&error, "%s: ", job->source);
      job_fail (job, error);
      return;
    }
    /* the source's pixel shape, so that it relinks as the original */
    if (src_par_n != 0)
      prw_blank_rush_set_pixel_aspect (job->rush, src_par_n, src_par_d);
  }

  sound = opt->no_audio ? NULL
                        : prw_cli_format_uncopied_sound (clip, "blank rushes");
  if (sound != NULL) {
    job->n_audio_not_copied
        = prw_source_clip_get_n_uncopied_audio_tracks (clip);
    prw_cli_warning (job_file (job), sound);
  }

  prw_cli_output_add_path (job->output);
  if (make_folder && !make_folder_of (job->output, &error)) {
    job_fail (job, error);
    return;
  }
  progress = prw_cli_progress_start (job->rush);
  t0 = g_get_monotonic_time ();
  job->ok = prw_blank_rush_write (job->rush, job->output,
                                  opt->force ? PRW_PRINT_FLAGS_OVERWRITE
                                             : PRW_PRINT_FLAGS_NONE,
                                  cancellable, &error);
  job->render_us = MAX (g_get_monotonic_time () - t0, 1);
  prw_cli_progress_finish (progress);
  if (!job->ok)
    job_fail (job, error);
}

/* Whether --tc's separator says the other drop-frame flag than path's
 * own timecode (the library refuses it, PRW_ERROR_INVALID_TIMECODE): a
 * usage error naming both, reported here. Never guessed: where the file
 * has no timecode, the label decides. */
static gboolean
tc_flag_disagrees (const gchar *path, const gchar *tc,
                   GCancellable *cancellable)
{
  g_autoptr (PrwSourceClip) own
      = prw_source_clip_new_from_file (path, NULL, cancellable, NULL);
  g_autoptr (PrwTimecode) given = NULL;
  g_autofree gchar *label = NULL;
  const PrwTimecode *start;

  if (own == NULL)
    return FALSE;
  start = prw_source_clip_get_start_timecode (own);
  given = prw_timecode_new_from_string (tc, start->rate_num, start->rate_den,
                                        FALSE, NULL);
  if (given == NULL || !given->drop_frame == !start->drop_frame)
    return FALSE;
  label = prw_cli_format_timecode (start);
  prw_cli_usage_error ("blank",
                       "--tc %s is %s, but %s starts at %s, %s (the "
                       "drop-frame flag is the source's); write --tc with "
                       "'%c' before the frames",
                       tc, given->drop_frame ? "drop frame" : "non-drop frame",
                       path, label,
                       start->drop_frame ? "drop frame" : "non-drop frame",
                       start->drop_frame ? ';' : ':');
  return TRUE;
}

static Job *
add_job (GPtrArray *jobs, const gchar *source, const gchar *output)
{
  Job *job = g_new0 (Job, 1);

  job->source = g_strdup (source);
  job->output = g_strdup (output);
  g_ptr_array_add (jobs, job);
  return job;
}

/* A job of an ALE: one of its rows (line), or the ALE itself (line 0) */
static Job *
add_ale_job (GPtrArray *jobs, const gchar *label, const gchar *ale, guint line)
{
  Job *job = add_job (jobs, label, NULL);

  job->ale = g_strdup (ale);
  job->line = line;
  return job;
}

static gboolean
has_suffix (const gchar *path, const gchar *suffix)
{
  gsize n = strlen (path), k = strlen (suffix);

  return n > k && g_ascii_strcasecmp (path + n - k, suffix) == 0;
}

static gboolean
is_ale (const gchar *path)
{
  return has_suffix (path, ".ale");
}

/* What a run reads before it writes: the clips found, each with the
 * folder it was found in (relative to a folder given, as conform's
 * --sources records it), and the failures met, as jobs. */
typedef struct {
  GPtrArray *jobs;     /* Job, in the order met */
  PrwLinkTable *table; /* the clips (folder mode), named as conform does */
  PrwSourceClip *clip; /* the one clip (one SOURCE file, -o a movie) */
  Job *clip_job;
  guint n_found;     /* clips and failures */
  guint n_unread;    /* folders under a folder given that could not be read:
                        each a warning (walk.c), and the run fails */
  GHashTable *read;  /* "DEV:INO" of every file read: each file once */
  GHashTable *named; /* "DEV:INO" of every file given by name */
} Sources;

/* "DEV:INO" of path, or NULL when it cannot be stat()ed */
static gchar *
identity_key (const gchar *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return NULL;
  return g_strdup_printf ("%ju:%ju", (uintmax_t) st.st_dev,
                          (uintmax_t) st.st_ino);
}

/* Whether path was read already in this run (given twice, or given and
 * found in a folder given too: one file, by identity); marks it read. */
static gboolean
already_read (Sources *src, const gchar *path)
{
  gchar *key = identity_key (path);

  return key != NULL && !g_hash_table_add (src->read, key);
}

/* Whether path is (by identity) a file given by name on the command line:
 * found in a folder given before it, it is read there, but as given (what
 * cannot be read of it fails the run, in either order). */
static gboolean
is_named (Sources *src, const gchar *path)
{
  g_autofree gchar *key = identity_key (path);

  return key != NULL && g_hash_table_contains (src->named, key);
}

/* The clips of the ALE at path (found in folder, or given when folder is
 * NULL). A file that cannot be read, and each row that cannot, is a
 * failure (one line), as conform counts it an input lost, given or found
 * in a folder walked. */
static void
add_ale (Sources *src, const gchar *path, const gchar *folder,
         GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwAle) ale = prw_ale_new_from_file (path, cancellable, &error);
  GListModel *clips;

  if (!ale) {
    job_fail (add_ale_job (src->jobs, path, path, 0), error);
    src->n_found++;
    return;
  }
  /* every row that cannot be read: one line each, naming the line */
  for (guint e = 0; e < prw_ale_get_n_row_errors (ale); e++) {
    job_fail (add_ale_job (src->jobs, path, path, 0),
              prw_ale_get_row_error (ale, e));
    src->n_found++;
  }
  clips = prw_ale_get_clips (ale);
  for (guint c = 0; c < g_list_model_get_n_items (clips); c++) {
    g_autoptr (PrwSourceClip) clip = g_list_model_get_item (clips, c);

    prw_link_table_add_source (src->table, clip, folder);
    src->n_found++;
  }
}

/* Every source in the folder dir, walked as conform walks --sources
 * (walk.c): media files and ALEs. One that cannot be read (an ALE's bad
 * row too) is a failure, as conform counts it an input lost; another file
 * that cannot be read as a source is a warning and left out (a camera
 * folder holds sidecar files), but for one given by name too (is_named()):
 * a failure, as given. A folder inside it that cannot be read is a warning
 * line (walk.c), counted in src->n_unread: the run goes on and fails, as
 * conform's does. A folder with no source at all is a failure. */
static void
add_folder (Sources *src, const gchar *dir, GCancellable *cancellable)
{
  gchar *paths[] = { (gchar *) dir, NULL };
  guint n_unread; /* folders that could not be read: each a warning */
  g_autoptr (GPtrArray) found = prw_cli_walk (paths, &n_unread);
  guint before = src->n_found;

  src->n_unread += n_unread;

  for (guint i = 0; i < found->len; i++) {
    const PrwCliFound *item = g_ptr_array_index (found, i);
    g_autoptr (GError) error = NULL;
    g_autoptr (PrwSourceClip) clip = NULL;

    prw_cli_output_add_path (item->path);
    if (g_cancellable_is_cancelled (cancellable))
      break;
    if (already_read (src, item->path)) {
      src->n_found++;
      continue;
    }
    if (is_ale (item->path)) {
      add_ale (src, item->path, item->folder, cancellable);
      continue;
    }
    clip
        = prw_source_clip_new_from_file (item->path, NULL, cancellable, &error);
    if (!clip) {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        break;
      /* a movie (by its extension) or a file given by name: a source
       * lost, as conform counts it */
      if (is_named (src, item->path) || prw_cli_looks_like_media (item->path)) {
        job_fail (add_job (src->jobs, item->path, NULL), error);
        src->n_found++;
      } else {
        prw_cli_warning (item->path, error->message);
      }
      continue;
    }
    prw_link_table_add_source (src->table, clip, item->folder);
    src->n_found++;
  }
  if (g_cancellable_is_cancelled (cancellable)) {
    Job *job = add_job (src->jobs, dir, NULL);

    job->message = g_strdup ("interrupted");
    job->code = "cancelled";
  } else if (src->n_found == before) {
    g_autoptr (GError) error = g_error_new (
        PRW_ERROR, PRW_ERROR_NOT_FOUND,
        "%s: no sources in it (no movie or ALE that can be read)", dir);

    job_fail (add_job (src->jobs, dir, NULL), error);
  }
}

static void
print_job_human (Job *job)
{
  PrwBlankRush *rush = job->rush;
  const PrwTimecode *start = prw_blank_rush_get_start_timecode (rush);
  g_autofree gchar *tc = prw_cli_format_timecode (start);
  g_autofree gchar *rate
      = prw_cli_format_rate_human (start->rate_num, start->rate_den);
  g_autofree gchar *secs = prw_cli_format_seconds_us (job->render_us);
  gint64 frames = prw_blank_rush_get_frame_count (rush);
  g_autofree gchar *aspect = NULL;
  g_autofree gchar *sound = NULL;
  guint par_n, par_d, n_audio = prw_blank_rush_get_n_audio_tracks (rush);

  prw_blank_rush_get_pixel_aspect (rush, &par_n, &par_d);
  if (par_n != par_d)
    aspect = g_strdup_printf (", pixel aspect %u:%u", par_n, par_d);
  if (n_audio > 0)
    sound = g_strdup_printf (", %u sound track%s", n_audio,
                             n_audio == 1 ? "" : "s");
  prw_cli_print (
      "wrote %s: %" G_GINT64_FORMAT
      " frames at %s, timecode %s, reel %s, ProRes %s %ux%u%s%s%s, "
      "%s s (%.1f fps)\n",
      job->output, frames, rate, tc,
      prw_blank_rush_get_reel (rush) ? prw_blank_rush_get_reel (rush) : "none",
      prw_blank_rush_get_profile (rush), prw_blank_rush_get_width (rush),
      prw_blank_rush_get_height (rush), aspect != NULL ? aspect : "",
      prw_blank_rush_get_burn_in (rush) ? ", burn-in" : "",
      sound != NULL ? sound : "", secs,
      (gdouble) frames * G_USEC_PER_SEC / job->render_us);
}

static void
json_job (JsonBuilder *b, Job *job)
{
  json_builder_begin_object (b);
  prw_cli_json_string (b, "source", job_file (job));
  if (job->ale != NULL && job->line > 0)
    prw_cli_json_int (b, "line", job->line);
  prw_cli_json_string (b, "output", job->output);
  if (job->ok) {
    PrwBlankRush *rush = job->rush;
    const PrwTimecode *start = prw_blank_rush_get_start_timecode (rush);
    g_autofree gchar *tc = prw_cli_format_timecode (start);
    g_autofree gchar *aspect = NULL;
    guint par_n, par_d;

    prw_blank_rush_get_pixel_aspect (rush, &par_n, &par_d);
    aspect = g_strdup_printf ("%u:%u", par_n, par_d);
    prw_cli_json_string (b, "clip", prw_blank_rush_get_clip_name (rush));
    prw_cli_json_int (b, "frames", prw_blank_rush_get_frame_count (rush));
    prw_cli_json_int (b, "rate_num", start->rate_num);
    prw_cli_json_int (b, "rate_den", start->rate_den);
    prw_cli_json_boolean (b, "drop_frame", start->drop_frame);
    prw_cli_json_string (b, "start_timecode", tc);
    prw_cli_json_string (b, "reel", prw_blank_rush_get_reel (rush));
    prw_cli_json_string (b, "profile", prw_blank_rush_get_profile (rush));
    prw_cli_json_int (b, "width", prw_blank_rush_get_width (rush));
    prw_cli_json_int (b, "height", prw_blank_rush_get_height (rush));
    prw_cli_json_string (b, "pixel_aspect", aspect);
    prw_cli_json_boolean (b, "burn_in", prw_blank_rush_get_burn_in (rush));
    prw_cli_json_int (b, "audio_tracks",
                      prw_blank_rush_get_n_audio_tracks (rush));
    prw_cli_json_int (b, "audio_not_copied", job->n_audio_not_copied);
    prw_cli_json_seconds_us (b, "render_seconds", job->render_us);
  } else {
    prw_cli_json_string (b, "code", job->code != NULL ? job->code : "failed");
    prw_cli_json_string (b, "error", job->message);
  }
  json_builder_end_object (b);
}

void
prw_cli_blank_tune_malloc (guint n_jobs)
{
#ifdef __GLIBC__
  /* At most one heap (arena) more than the jobs that run at once: glibc
   * gives each thread that meets a busy heap one of its own, up to eight
   * per core, and the pipelines' streaming threads each keep a few
   * hundred KB in theirs (about 1.5 MB of peak RSS on a 200-source
   * conform). The copying is the kernel's; nothing here mallocs much. */
  mallopt (M_ARENA_MAX, (int) MIN (n_jobs, 64) + 1);
  /* Blocks of 128 KB and more are mapped on their own, and unmapped when
   * freed: glibc's default raises that threshold to the largest block
   * freed so far, after which the burn-in's transient rasters (a cell's
   * ARGB picture, its copy and its 10-bit conversion, hundreds of KB
   * each) come from, and stay in, a thread's heap (about 1 MB of peak RSS
   * on a 4096x2928 blank rush). */
  mallopt (M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

int
prw_cli_cmd_blank (int argc, char **argv)
{
  Options opt = { 0 };
  g_autofree gchar *output = NULL;
  g_auto (GStrv) operands = NULL;
  const GOptionEntry entries[]
      = { { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
            "The movie to write, or a folder for one CLIP.mov per source "
            "(required)",
            "OUTPUT" },
          { "like", 0, 0, G_OPTION_ARG_FILENAME, &opt.like,
            "Copy the ProRes format (flavour, size, colour, aspect) of this "
            "segment",
            "SEGMENT" },
          { "profile", 0, 0, G_OPTION_ARG_STRING, &opt.profile,
            "ProRes flavour: 4444, 4444xq, 422hq, 422, lt or proxy (BT.709)",
            "P" },
          { "size", 0, 0, G_OPTION_ARG_STRING, &opt.size,
            "Picture size (default: the source's)", "WxH" },
          { "no-burn-in", 0, 0, G_OPTION_ARG_NONE, &opt.no_burn_in,
            "Pure black: no timecode, clip name or NO GRADE", NULL },
          { "no-audio", 0, 0, G_OPTION_ARG_NONE, &opt.no_audio,
            "Leave out the camera original's sound tracks", NULL },
          { "tc", 0, 0, G_OPTION_ARG_STRING, &opt.tc,
            "Start timecode, instead of the source's", "TC" },
          { "force", 0, 0, G_OPTION_ARG_NONE, &opt.force,
            "Replace an existing output", NULL },
          { "json", 0, 0, G_OPTION_ARG_NONE, &opt.json,
            "Print what was written as JSON", NULL },
          { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &operands,
            NULL, NULL },
          G_OPTION_ENTRY_NULL };
  GCancellable *cancellable = prw_cli_interrupt_get_cancellable ();
  g_autoptr (GPtrArray) jobs = g_ptr_array_new_with_free_func (job_free);
  g_autoptr (GError) error = NULL;
  Sources src = { 0 };
  gboolean to_dir;
  guint n_ok = 0, n_failed = 0, n;

  if (!prw_cli_parse_options (
          "blank", "SOURCE... -o OUTPUT",
          "Write a blank rush: a black ProRes movie with a camera original's\n"
          "frame count, exact rate, start timecode and reel, to print into.",
          "The format comes from --like SEGMENT, or from --profile (and\n"
          "--size, else the source's size). By default each frame shows its\n"
          "source timecode, the clip name and NO GRADE.\n\n"
          "A SOURCE is a camera original (QuickTime or MP4 of any codec, MXF\n"
          "or anything else FFmpeg reads), an ALE file, one clip per row, or\n"
          "a folder of them, walked as conform walks --sources (hidden files\n"
          "skipped; a movie or ALE in it that cannot be read fails, another\n"
          "file that is not a source is a warning, left out; a folder in it\n"
          "that cannot be read is a warning, and the run fails).\n"
          "With several sources, an ALE, a folder, or when OUTPUT is an\n"
          "existing folder, each clip is written to OUTPUT/CLIP.mov\n"
          "(OUTPUT/FOLDER/CLIP.mov for clips of one name in different\n"
          "folders, as conform names them), OUTPUT being made if missing\n"
          "(never inside a folder SOURCE);\n"
          "the others are still made when one fails, and a summary of both\n"
          "ends the run. With one SOURCE file, OUTPUT is the movie written.\n"
          "A file a source was read from is never written over, --force or\n"
          "not.\n"
          "Each output is written to a temporary file next to it and renamed\n"
          "only when complete; an interrupted run (SIGINT, SIGTERM) leaves\n"
          "nothing of the one in progress.",
          entries, &argc, &argv))
    goto usage;
  prw_cli_blank_tune_malloc (1);
  if (output == NULL) {
    prw_cli_usage_error ("blank", "no -o OUTPUT given");
    goto usage;
  }
  if ((n = prw_cli_n_operands (operands)) < 1) {
    prw_cli_usage_error ("blank", "no SOURCE given");
    goto usage;
  }
  if (opt.like && (opt.profile || opt.size)) {
    prw_cli_usage_error ("blank", "--like and --profile/--size exclude each "
                                  "other");
    goto usage;
  }
  if (!opt.like && !opt.profile) {
    prw_cli_usage_error ("blank", "give --like SEGMENT or --profile P");
    goto usage;
  }
  if (opt.size && !prw_cli_parse_size (opt.size, &opt.width, &opt.height)) {
    prw_cli_usage_error ("blank", "--size %s: not WIDTHxHEIGHT", opt.size);
    goto usage;
  }
  if (opt.profile) {
    g_autoptr (PrwBlankRush) check = NULL;
    g_autoptr (PrwTimecode) tc = prw_timecode_new (25, 1, FALSE, 0);

    check = prw_blank_rush_new (NULL, tc, 1);
    if (!prw_blank_rush_set_format (check, opt.profile, 1920, 1080, &error)) {
      prw_cli_usage_error ("blank", "--profile: %s", error->message);
      goto usage;
    }
    /* a size ProRes cannot take (the library's rule), before any source
     * is read: it is the option's fault, not the source's */
    if (opt.size
        && !prw_blank_rush_set_format (check, opt.profile, opt.width,
                                       opt.height, &error)) {
      prw_cli_usage_error ("blank", "--size %s: %s", opt.size, error->message);
      goto usage;
    }
  }
  to_dir = n > 1 || g_file_test (output, G_FILE_TEST_IS_DIR);
  for (guint i = 0; i < n; i++)
    to_dir = to_dir || is_ale (operands[i])
             || g_file_test (operands[i], G_FILE_TEST_IS_DIR);
  /* one CLIP.mov per clip: -o names their folder (made if missing, as
   * conform makes its OUTDIR), never a movie */
  if (to_dir && g_file_test (output, G_FILE_TEST_EXISTS)
      && !g_file_test (output, G_FILE_TEST_IS_DIR)) {
    prw_cli_usage_error ("blank",
                         "-o %s: is not a folder; with several sources, an "
                         "ALE or a folder, -o names the folder each CLIP.mov "
                         "is written to",
                         output);
    goto usage;
  }
  if (to_dir && !g_file_test (output, G_FILE_TEST_EXISTS)
      && has_suffix (output, ".mov")) {
    prw_cli_usage_error ("blank",
                         "-o %s: names a movie, but several sources, an ALE "
                         "or a folder make one CLIP.mov per clip: give -o "
                         "FOLDER",
                         output);
    goto usage;
  }
  /* as conform's OUTDIR: a later walk of the folder would take the blank
   * rushes for sources */
  if (prw_cli_walk_folder_holding (operands, output) != NULL) {
    prw_cli_usage_error ("blank",
                         "-o %s: inside the folder %s, which is walked for "
                         "sources; nothing is written inside a source folder",
                         output,
                         prw_cli_walk_folder_holding (operands, output));
    goto usage;
  }
  if (opt.tc && to_dir) {
    prw_cli_usage_error ("blank", "--tc is for one SOURCE file, not several "
                                  "or an ALE");
    goto usage;
  }

  if (opt.like) {
    prw_cli_output_add_path (opt.like);
    opt.like_media = prw_probe_file (opt.like, cancellable, &error);
    if (!opt.like_media) {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        prw_cli_error_printf ("cancelled", opt.like,
                              "%s: interrupted; nothing was written", opt.like);
      else
        prw_cli_error (error, NULL);
      goto failed;
    }
  }

  src.jobs = jobs;
  src.table = prw_link_table_new (0);
  src.read = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  src.named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n; i++) {
    gchar *key = g_file_test (operands[i], G_FILE_TEST_IS_DIR)
                     ? NULL
                     : identity_key (operands[i]);

    if (key != NULL)
      g_hash_table_add (src.named, key);
  }
  for (guint i = 0; i < n; i++) {
    const gchar *path = operands[i];

    prw_cli_output_add_path (path);
    if (g_cancellable_is_cancelled (cancellable)) {
      Job *job = add_job (jobs, path, NULL);

      job->message = g_strdup ("interrupted");
      job->code = "cancelled";
      continue;
    }
    if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
      add_folder (&src, path, cancellable);
    } else if (already_read (&src, path)) {
      continue;
    } else if (is_ale (path)) {
      add_ale (&src, path, NULL, cancellable);
    } else {
      g_autoptr (PrwSourceClip) clip
          = prw_source_clip_new_from_file (path, opt.tc, cancellable, &error);
      Job *job;

      if (!clip && opt.tc
          && g_error_matches (error, PRW_ERROR, PRW_ERROR_INVALID_TIMECODE)
          && tc_flag_disagrees (path, opt.tc, cancellable)) {
        g_clear_error (&error);
        g_clear_object (&opt.like_media);
        goto usage;
      }
      if (!clip) {
        job_fail (add_job (jobs, path, NULL), error);
        g_clear_error (&error);
        continue;
      }
      if (to_dir) {
        prw_link_table_add_source (src.table, clip, NULL);
      } else {
        job = add_job (jobs, path, output);
        src.clip = g_steal_pointer (&clip);
        src.clip_job = job;
      }
    }
  }
  if (src.clip) {
    if (g_cancellable_is_cancelled (cancellable)) {
      src.clip_job->message = g_strdup ("interrupted");
      src.clip_job->code = "cancelled";
    } else
      run_job (jobs, src.clip_job, src.clip, NULL, FALSE, &opt, cancellable);
  }
  /* Folder mode: the clips, as conform --all names their outputs
   * (PrwLinkTable): OUTDIR/CLIP.mov, or OUTDIR/FOLDER/CLIP.mov for clips
   * of one name found in different folders; an ALE row and the media file
   * of the same clip are one source, the row's reel filling the file's
   * (conform's merge). Two clips of one name in one folder (or given by
   * name) map to one output: the first is written, the later ones are
   * refused (find_written()), never written over it. */
  prw_link_table_seal (src.table);
  for (guint i = 0; i < prw_link_table_get_n_sources (src.table); i++) {
    PrwSourceClip *clip = prw_link_table_get_source (src.table, i);
    g_autofree gchar *label = clip_label (clip);
    g_autofree gchar *name
        = prw_link_table_get_source_output_name_full (src.table, i, TRUE);
    g_autofree gchar *path = g_build_filename (output, name, NULL);
    Job *job = add_job (jobs, label, path);

    /* a row of an ALE: its errors are about the ALE, at that line */
    if (prw_source_clip_get_ale_path (clip) != NULL
        && prw_source_clip_get_path (clip) == NULL) {
      job->ale = g_strdup (prw_source_clip_get_ale_path (clip));
      job->line = prw_source_clip_get_ale_line (clip);
    }
    if (g_cancellable_is_cancelled (cancellable)) {
      job->message = g_strdup ("interrupted");
      job->code = "cancelled";
      continue;
    }
    run_job (jobs, job, clip, prw_link_table_get_source_reel (src.table, i),
             TRUE, &opt, cancellable);
  }
  g_clear_object (&src.table);
  g_clear_object (&src.clip);
  g_clear_pointer (&src.read, g_hash_table_unref);
  g_clear_pointer (&src.named, g_hash_table_unref);
  for (guint i = 0; i < jobs->len; i++) {
    if (((Job *) jobs->pdata[i])->ok)
      n_ok++;
    else
      n_failed++;
  }

  if (opt.json) {
    g_autoptr (JsonBuilder) b = json_builder_new ();

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "outputs");
    json_builder_begin_array (b);
    for (guint i = 0; i < jobs->len; i++)
      if (((Job *) jobs->pdata[i])->ok)
        json_job (b, jobs->pdata[i]);
    json_builder_end_array (b);
    json_builder_set_member_name (b, "failed");
    json_builder_begin_array (b);
    for (guint i = 0; i < jobs->len; i++)
      if (!((Job *) jobs->pdata[i])->ok)
        json_job (b, jobs->pdata[i]);
    json_builder_end_array (b);
    json_builder_end_object (b);
    prw_cli_print_json (json_builder_get_root (b));
  } else {
    for (guint i = 0; i < jobs->len; i++)
      if (((Job *) jobs->pdata[i])->ok)
        print_job_human (jobs->pdata[i]);
    if (jobs->len > 1) {
      prw_cli_print ("%u written, %u failed\n", n_ok, n_failed);
      for (guint i = 0; i < jobs->len; i++) {
        Job *job = jobs->pdata[i];
        const gchar *message = job->message ? job->message : "not made";

        if (job->ok)
          continue;
        /* most messages name their file already */
        if (g_str_has_prefix (message, job->source))
          prw_cli_print ("  failed: %s\n", message);
        else
          prw_cli_print ("  failed: %s: %s\n", job->source, message);
      }
    }
  }
  /* as conform ends a run that lost inputs: one line on stderr, after
   * the summary; the warnings above name each folder and why */
  if (src.n_unread > 0) {
    prw_cli_flush ();
    prw_cli_error_printf ("unreadable", NULL,
                          "%u folder%s could not be read (see the warnings "
                          "above); the run went on without %s",
                          src.n_unread, src.n_unread == 1 ? "" : "s",
                          src.n_unread == 1 ? "it" : "them");
  }
  g_clear_object (&opt.like_media);
  g_free (opt.like);
  g_free (opt.profile);
  g_free (opt.size);
  g_free (opt.tc);
  return n_failed || src.n_unread ? PRW_CLI_EXIT_FAILED : PRW_CLI_EXIT_OK;

failed:
  g_clear_object (&opt.like_media);
  g_free (opt.like);
  g_free (opt.profile);
  g_free (opt.size);
  g_free (opt.tc);
  return PRW_CLI_EXIT_FAILED;
usage:
  /* --tc refused after the run's tables were made */
  g_clear_object (&src.table);
  g_clear_pointer (&src.read, g_hash_table_unref);
  g_clear_pointer (&src.named, g_hash_table_unref);
  g_free (opt.like);
  g_free (opt.profile);
  g_free (opt.size);
  g_free (opt.tc);
  return PRW_CLI_EXIT_USAGE;
}
