/* proreswriter plan: which frames of which movie land where; and the plan
 * building and plan output that print and verify share */

#include "cmd.h"
#include "walk.h"

#include <string.h>

/* Reports error unless it is only the cancellation. */
static PrwPlan *
plan_failed (const GError *error, const gchar *file)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    prw_cli_error (error, file);
  return NULL;
}

gboolean
prw_cli_check_video_track (const gchar *command, gint value)
{
  if (value >= 0)
    return TRUE;
  prw_cli_usage_error (command,
                       "--video-track: expected a track ID (1 or more)");
  return FALSE;
}

gboolean
prw_cli_check_handles (const gchar *command, gint value)
{
  if (value >= 0)
    return TRUE;
  prw_cli_usage_error (command,
                       "--handles: expected a frame count (0 or more)");
  return FALSE;
}

/* A folder given as SEGMENT_OR_DIR contributes its own files only
 * (prw_discover()): each folder inside it is a warning naming it, in name
 * order, so that a render laid out in folders (or an "old" folder of
 * earlier versions, which must not be printed unasked) is never passed
 * over in silence. Folders named like a movie are prw_discover()'s to
 * report. */
static gint
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar *const *) a, *(const gchar *const *) b);
}

static void
warn_subfolders (char **inputs)
{
  for (guint i = 0; inputs[i] != NULL; i++) {
    g_autoptr (GDir) dir = NULL;
    g_autoptr (GPtrArray) names = NULL;
    const gchar *name;

    if (!g_file_test (inputs[i], G_FILE_TEST_IS_DIR))
      continue;
    dir = g_dir_open (inputs[i], 0, NULL);
    if (dir == NULL)
      continue; /* prw_discover() reports it */
    names = g_ptr_array_new_with_free_func (g_free);
    while ((name = g_dir_read_name (dir)) != NULL) {
      g_autofree gchar *path = g_build_filename (inputs[i], name, NULL);

      if (name[0] != '.' && !prw_cli_looks_like_media (name)
          && g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (names, g_steal_pointer (&path));
    }
    g_ptr_array_sort (names, compare_paths);
    for (guint n = 0; n < names->len; n++) {
      const gchar *path = g_ptr_array_index (names, n);
      g_autofree gchar *line = g_strdup_printf (
          "%s: a folder inside the segment folder %s; its files are not "
          "taken (give it as a SEGMENT_OR_DIR of its own to take them)",
          path, inputs[i]);

      prw_cli_warning (path, line);
    }
  }
}

/* Discovers inputs and adds their segments to plan on layer; every
 * problem is reported (as a warning when skip_invalid). FALSE when one
 * was an error, or discovery failed (*error set). */
static gboolean
add_layer (PrwPlan *plan, char **inputs, PrwLayer layer, gboolean skip_invalid,
           GCancellable *cancellable, GError **error)
{
  g_autoptr (GListModel) segments = NULL;
  g_auto (GStrv) invalid = NULL;
  gboolean failed = FALSE;
  guint n_segments;

  if (inputs == NULL || inputs[0] == NULL)
    return TRUE;
  warn_subfolders (inputs);
  segments = prw_discover ((const gchar *const *) inputs, &invalid, cancellable,
                           error);
  if (segments == NULL)
    return FALSE;

  /* Every bad file and every segment that does not fit the base (rate,
   * flavour, size, or entirely outside it) is reported, not just the
   * first; then the plan fails, unless they are skipped. */
  for (guint i = 0; invalid != NULL && invalid[i] != NULL; i++) {
    if (skip_invalid) {
      prw_cli_warning (NULL, invalid[i]);
    } else {
      prw_cli_error_printf ("invalid-segment", NULL, "%s", invalid[i]);
      failed = TRUE;
    }
  }

  n_segments = g_list_model_get_n_items (segments);
  for (guint i = 0; i < n_segments; i++) {
    g_autoptr (PrwSegment) segment = g_list_model_get_item (segments, i);
    g_autoptr (GError) add_error = NULL;
    const gchar *path = prw_segment_get_path (segment);

    prw_cli_output_add_segment (path, prw_segment_get_display_name (segment));
    if (prw_plan_add_segment_to_layer (plan, segment, layer, &add_error))
      continue;
    if (skip_invalid) {
      prw_cli_warning (path, add_error->message);
    } else {
      prw_cli_error (add_error, path);
      failed = TRUE;
    }
  }
  return !failed;
}

PrwPlan *
prw_cli_build_plan (const gchar *base_path, guint video_track_id, char **inputs,
                    gboolean skip_invalid, GCancellable *cancellable)
{
  return prw_cli_build_layered_plan (base_path, video_track_id, inputs, NULL, 0,
                                     skip_invalid, cancellable);
}

PrwPlan *
prw_cli_build_layered_plan (const gchar *base_path, guint video_track_id,
                            char **inputs, char **vfx_inputs, guint handles,
                            gboolean skip_invalid, GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) base = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  gboolean failed = FALSE;

  prw_cli_output_add_path (base_path);
  for (guint i = 0; inputs[i] != NULL; i++)
    prw_cli_output_add_path (inputs[i]);
  for (guint i = 0; vfx_inputs != NULL && vfx_inputs[i] != NULL; i++)
    prw_cli_output_add_path (vfx_inputs[i]);

  base = prw_probe_file_full (base_path, video_track_id, cancellable, &error);
  if (base == NULL)
    return plan_failed (error, base_path);
  /* nothing is dropped without a word */
  if (video_track_id != 0) {
    g_autofree gchar *note = g_strdup_printf (
        "%s: only video track %u is read; any other video track of the "
        "base is not printed",
        base_path, video_track_id);

    prw_cli_warning (base_path, note);
  }

  plan = prw_plan_new (base);
  prw_plan_set_handles (plan, handles);
  /* the grades, then the VFX shots: each layer's in name order */
  if (!add_layer (plan, inputs, PRW_LAYER_GRADE, skip_invalid, cancellable,
                  &error)) {
    if (error != NULL)
      return plan_failed (error, NULL);
    failed = TRUE;
  }
  if (!add_layer (plan, vfx_inputs, PRW_LAYER_VFX, skip_invalid, cancellable,
                  &error)) {
    if (error != NULL)
      return plan_failed (error, NULL);
    failed = TRUE;
  }
  if (failed)
    return NULL;
  if (!prw_plan_seal (plan, &error))
    return plan_failed (error, NULL);

  return g_steal_pointer (&plan);
}

void
prw_cli_report_plan_warnings (PrwPlan *plan)
{
  const gchar *const *warnings = prw_plan_get_warnings (plan);

  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    prw_cli_warning (NULL, warnings[i]);
}

/* Layers and handles are shown only when the plan has them: a plan of
 * grades alone without handles prints as it always did. */
static gboolean
plan_is_layered (PrwPlan *plan)
{
  if (prw_plan_get_handles (plan) > 0)
    return TRUE;
  for (guint i = 0; i < prw_plan_get_n_segments (plan); i++)
    if (prw_plan_get_segment_layer (plan, i) != PRW_LAYER_GRADE)
      return TRUE;
  return FALSE;
}

/* "core", "handle", or "-" for the base's frames. */
static const gchar *
range_part (PrwPlan *plan, guint index)
{
  if (prw_plan_get_range (plan, index)->source == PRW_RANGE_SOURCE_BASE)
    return "-";
  return prw_plan_get_range_is_handle (plan, index) ? "handle" : "core";
}

/* Whether the segment is placed as one run from its record in, cut only
 * by the base's ends (as when neither timecode breaks where they meet):
 * then its record in and out say where it lands; else its pieces do. */
static gboolean
segment_in_one_piece (PrwPlan *plan, guint i)
{
  gint64 base_frames
      = prw_media_info_get_frame_count (prw_plan_get_base (plan));
  gint64 record_in = prw_plan_get_segment_record_in (plan, i);
  gint64 frames = prw_segment_get_frame_count (prw_plan_get_segment (plan, i));
  const PrwRange *piece;

  if (prw_plan_get_segment_n_pieces (plan, i) != 1)
    return FALSE;
  piece = prw_plan_get_segment_piece (plan, i, 0);
  return piece->record_in == MAX (record_in, 0)
         && piece->record_in + piece->frames
                == MIN (record_in + frames, base_frames);
}

void
prw_cli_json_plan_members (JsonBuilder *builder, PrwPlan *plan)
{
  gboolean layered = plan_is_layered (plan);
  PrwMediaInfo *base = prw_plan_get_base (plan);
  guint n_segments = prw_plan_get_n_segments (plan);
  guint n_ranges = prw_plan_get_n_ranges (plan);
  const gchar *const *warnings = prw_plan_get_warnings (plan);
  g_autofree gchar *base_tc
      = prw_cli_format_timecode (prw_media_info_get_start_timecode (base));
  g_autofree gchar *rate = prw_cli_format_rate_fraction (
      prw_media_info_get_rate_num (base), prw_media_info_get_rate_den (base));

  json_builder_set_member_name (builder, "base");
  json_builder_begin_object (builder);
  prw_cli_json_string (builder, "path", prw_media_info_get_path (base));
  prw_cli_json_string (builder, "start_timecode", base_tc);
  prw_cli_json_int (builder, "frames", prw_media_info_get_frame_count (base));
  prw_cli_json_string (builder, "rate", rate);
  /* where the base's timecode breaks: only then */
  prw_cli_json_timecode_runs (builder, base);
  json_builder_end_object (builder);
  if (layered)
    prw_cli_json_int (builder, "handles", prw_plan_get_handles (plan));

  json_builder_set_member_name (builder, "segments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_segments; i++) {
    PrwSegment *segment = prw_plan_get_segment (plan, i);
    gint64 record_in = prw_plan_get_segment_record_in (plan, i);
    gint64 frames = prw_segment_get_frame_count (segment);
    g_autofree gchar *tc
        = prw_cli_format_timecode (prw_segment_get_start_timecode (segment));

    json_builder_begin_object (builder);
    prw_cli_json_string (builder, "path", prw_segment_get_path (segment));
    prw_cli_json_string (builder, "start_timecode", tc);
    prw_cli_json_int (builder, "frames", frames);
    prw_cli_json_int (builder, "record_in", record_in);
    prw_cli_json_int (builder, "record_out", record_in + frames);
    if (layered)
      prw_cli_json_string (
          builder, "layer",
          prw_layer_to_string (prw_plan_get_segment_layer (plan, i)));
    /* a segment cut by a timecode break, or whose frames next to its
     * record in land elsewhere: only then */
    if (!segment_in_one_piece (plan, i)) {
      json_builder_set_member_name (builder, "pieces");
      json_builder_begin_array (builder);
      for (guint p = 0; p < prw_plan_get_segment_n_pieces (plan, i); p++) {
        const PrwRange *piece = prw_plan_get_segment_piece (plan, i, p);

        json_builder_begin_object (builder);
        prw_cli_json_int (builder, "source_in", piece->source_in);
        prw_cli_json_int (builder, "record_in", piece->record_in);
        prw_cli_json_int (builder, "frames", piece->frames);
        json_builder_end_object (builder);
      }
      json_builder_end_array (builder);
    }
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "ranges");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_ranges; i++) {
    const PrwRange *range = prw_plan_get_range (plan, i);

    json_builder_begin_object (builder);
    if (range->source == PRW_RANGE_SOURCE_BASE)
      prw_cli_json_string (builder, "source", "base");
    else
      prw_cli_json_string (builder, "source",
                           prw_segment_get_path (prw_plan_get_segment (
                               plan, (guint) range->source)));
    prw_cli_json_int (builder, "source_in", range->source_in);
    prw_cli_json_int (builder, "record_in", range->record_in);
    prw_cli_json_int (builder, "record_out", prw_range_get_record_out (range));
    prw_cli_json_int (builder, "frames", range->frames);
    if (layered) {
      prw_cli_json_string (
          builder, "layer",
          prw_layer_to_string (prw_plan_get_range_layer (plan, i)));
      prw_cli_json_boolean (builder, "handle",
                            prw_plan_get_range_is_handle (plan, i));
    }
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    prw_cli_json_string (builder, NULL, warnings[i]);
  json_builder_end_array (builder);
}

static void
print_plan_human (PrwPlan *plan)
{
  PrwMediaInfo *base = prw_plan_get_base (plan);
  guint n_segments = prw_plan_get_n_segments (plan);
  guint n_ranges = prw_plan_get_n_ranges (plan);
  const gchar *const *warnings = prw_plan_get_warnings (plan);
  g_autofree gchar *base_tc
      = prw_cli_format_timecode (prw_media_info_get_start_timecode (base));
  g_autofree gchar *rate = prw_cli_format_rate_human (
      prw_media_info_get_rate_num (base), prw_media_info_get_rate_den (base));
  gboolean with_numbers = FALSE;
  gboolean layered = plan_is_layered (plan);
  PrwCliTable table;

  prw_cli_print ("base: %s\n", prw_media_info_get_path (base));
  prw_cli_print ("  start %s, %" G_GINT64_FORMAT " frames, %s\n",
                 base_tc != NULL ? base_tc : "none",
                 prw_media_info_get_frame_count (base), rate);
  /* where its timecode breaks */
  for (guint r = 0; prw_media_info_get_n_timecode_runs (base) > 1
                    && r < prw_media_info_get_n_timecode_runs (base);
       r++) {
    g_autofree gchar *start = prw_cli_format_timecode (
        prw_media_info_get_timecode_run_start (base, r));

    gint64 frames = prw_media_info_get_timecode_run_frames (base, r);

    prw_cli_print ("  timecode %s from frame %" G_GINT64_FORMAT
                   " (%" G_GINT64_FORMAT " frame%s)\n",
                   start, prw_media_info_get_timecode_run_first_frame (base, r),
                   frames, frames == 1 ? "" : "s");
  }
  if (prw_plan_get_handles (plan) > 0)
    prw_cli_print ("handles: the first and last %u frames of every segment\n",
                   prw_plan_get_handles (plan));

  /* the "S01"-style number column only when some name has one */
  for (guint i = 0; i < n_segments; i++) {
    if (prw_segment_get_number (prw_plan_get_segment (plan, i)) >= 0)
      with_numbers = TRUE;
  }

  prw_cli_print ("\nsegments:\n");
  prw_cli_table_init (&table, with_numbers ? (layered ? "rrlrrlll" : "rrlrrll")
                                           : (layered ? "rlrrlll" : "rlrrll"));
  {
    g_autofree gchar *head = g_strconcat (
        with_numbers ? "#|number|segment|start TC|frames|record in|record out"
                     : "#|segment|start TC|frames|record in|record out",
        layered ? "|layer" : "", NULL);

    prw_cli_table_add_row (&table, g_strsplit (head, "|", -1));
  }
  for (guint i = 0; i < n_segments; i++) {
    PrwSegment *segment = prw_plan_get_segment (plan, i);
    gint64 record_in = prw_plan_get_segment_record_in (plan, i);
    gint64 frames = prw_segment_get_frame_count (segment);
    gint number = prw_segment_get_number (segment);
    g_autofree gchar *tc
        = prw_cli_format_timecode (prw_segment_get_start_timecode (segment));
    gboolean one_piece = segment_in_one_piece (plan, i);
    guint n_rows = one_piece ? 1 : prw_plan_get_segment_n_pieces (plan, i);

    /* a row per piece where a timecode break cuts it: the piece's first
     * frame's timecode, its frames, where they land */
    for (guint p = 0; p < n_rows; p++) {
      gchar **row = g_new0 (gchar *, 9);
      guint c = 0;

      row[c++] = p == 0 ? g_strdup_printf ("%u", i + 1) : g_strdup ("");
      if (with_numbers)
        row[c++] = p > 0         ? g_strdup ("")
                   : number >= 0 ? g_strdup_printf ("%d", number)
                                 : g_strdup ("-");
      row[c++]
          = g_strdup (p == 0 ? prw_segment_get_display_name (segment) : "");
      if (one_piece) {
        row[c++] = g_strdup (tc != NULL ? tc : "none");
        row[c++] = g_strdup_printf ("%" G_GINT64_FORMAT, frames);
        row[c++] = prw_cli_format_record_frame (base, record_in);
        row[c++] = prw_cli_format_record_frame (base, record_in + frames);
      } else {
        const PrwRange *piece = prw_plan_get_segment_piece (plan, i, p);
        g_autoptr (PrwTimecode) piece_tc = prw_media_info_get_timecode_at (
            prw_segment_get_media (segment), piece->source_in);
        g_autofree gchar *label = prw_cli_format_timecode (piece_tc);

        row[c++] = g_strdup (label != NULL ? label : "none");
        row[c++] = g_strdup_printf ("%" G_GINT64_FORMAT, piece->frames);
        row[c++] = prw_cli_format_record_frame (base, piece->record_in);
        row[c++] = prw_cli_format_record_frame (base, piece->record_in
                                                          + piece->frames);
      }
      if (layered)
        row[c++] = g_strdup (
            p == 0 ? prw_layer_to_string (prw_plan_get_segment_layer (plan, i))
                   : "");
      prw_cli_table_add_row (&table, row);
    }
  }
  prw_cli_table_print_and_clear (&table, "  ");

  prw_cli_print ("\nranges:\n");
  prw_cli_table_init (&table, layered ? "llrlrll" : "llrlr");
  prw_cli_table_add_row (
      &table, g_strsplit (layered ? "record in|record out|frames|source|"
                                    "source in|layer|part"
                                  : "record in|record out|frames|source|"
                                    "source in",
                          "|", -1));
  for (guint i = 0; i < n_ranges; i++) {
    const PrwRange *range = prw_plan_get_range (plan, i);
    gchar **row = g_new0 (gchar *, 8);

    row[0] = prw_cli_format_record_frame (base, range->record_in);
    row[1]
        = prw_cli_format_record_frame (base, prw_range_get_record_out (range));
    row[2] = g_strdup_printf ("%" G_GINT64_FORMAT, range->frames);
    if (range->source == PRW_RANGE_SOURCE_BASE)
      row[3] = g_strdup ("base");
    else
      row[3] = g_strdup (prw_segment_get_display_name (
          prw_plan_get_segment (plan, (guint) range->source)));
    row[4] = g_strdup_printf ("%" G_GINT64_FORMAT, range->source_in);
    if (layered) {
      row[5]
          = g_strdup (prw_layer_to_string (prw_plan_get_range_layer (plan, i)));
      row[6] = g_strdup (range_part (plan, i));
    }
    prw_cli_table_add_row (&table, row);
  }
  prw_cli_table_print_and_clear (&table, "  ");

  if (warnings != NULL && warnings[0] != NULL) {
    prw_cli_print ("\n");
    for (guint i = 0; warnings[i] != NULL; i++)
      prw_cli_print ("warning: %s\n", warnings[i]);
  }
}

int
prw_cli_cmd_plan (int argc, char **argv)
{
  gboolean json_output = FALSE;
  gboolean skip_invalid = FALSE;
  gint video_track = 0;
  gint handles = 0;
  g_auto (GStrv) operands = NULL;
  g_auto (GStrv) vfx = NULL;
  const GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &json_output,
            "Print the plan as JSON instead of text", NULL },
          PRW_CLI_VIDEO_TRACK_ENTRY (&video_track),
          PRW_CLI_VFX_ENTRY (&vfx),
          PRW_CLI_HANDLES_ENTRY (&handles),
          { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid,
            "Warn about invalid inputs and go on without them", NULL },
          { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &operands,
            NULL, NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (PrwPlan) plan = NULL;

  if (!prw_cli_parse_options ("plan", "BASE SEGMENT_OR_DIR...",
                              "Show which frames of which movie would land "
                              "where.",
                              PRW_CLI_SEGMENTS_DESCRIPTION, entries, &argc,
                              &argv))
    return PRW_CLI_EXIT_USAGE;
  if (!prw_cli_check_video_track ("plan", video_track)
      || !prw_cli_check_handles ("plan", handles))
    return PRW_CLI_EXIT_USAGE;
  if (prw_cli_n_operands (operands) < 1)
    return prw_cli_usage_error ("plan", "no BASE given");
  if (prw_cli_n_operands (operands) < 2 && prw_cli_n_operands (vfx) < 1)
    return prw_cli_usage_error ("plan", "no SEGMENT_OR_DIR given");

  plan = prw_cli_build_layered_plan (operands[0], (guint) video_track,
                                     operands + 1, vfx, (guint) handles,
                                     skip_invalid, NULL);
  if (plan == NULL)
    return PRW_CLI_EXIT_FAILED;

  if (json_output) {
    g_autoptr (JsonBuilder) builder = json_builder_new ();

    json_builder_begin_object (builder);
    prw_cli_json_plan_members (builder, plan);
    json_builder_end_object (builder);
    prw_cli_print_json (json_builder_get_root (builder));
  } else {
    print_plan_human (plan);
  }
  return PRW_CLI_EXIT_OK;
}
