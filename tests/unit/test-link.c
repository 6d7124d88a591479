/* libproreswriter: the link stage's rules (PrwLinkTable), on sources and
 * segments made in memory (no files)
 *
 * Each test fills a table, seals it and compares the whole result, written
 * out one line per entry, with what is expected:
 *
 *   link CLIP SEGMENT LAYER RULES RECORD_IN RECORD_OUT
 *   ambiguous SEGMENT LAYER CLIP:RULES CLIP:RULES...
 *   unmatched SEGMENT LAYER NEAREST: REASON
 *   skipped CLIP
 */

#include <check.h>
#include <string.h>

#include "prw-source-clip-private.h"
#include "prw-test-support.h"
#include <proreswriter/proreswriter.h>

static PrwTimecode *
tc_at (guint num, guint den, gboolean df, const gchar *label)
{
  g_autoptr (GError) error = NULL;
  PrwTimecode *tc = prw_timecode_new_from_string (label, num, den, df, &error);

  ck_assert_msg (tc != NULL, "%s: %s", label, error ? error->message : "");
  return tc;
}

static PrwSourceClip *
source (const gchar *name, const gchar *reel, guint num, guint den, gboolean df,
        const gchar *start, gint64 frames, guint width, guint height)
{
  g_autoptr (PrwTimecode) tc = tc_at (num, den, df, start);

  return prw_source_clip_new (name, reel, tc, frames, width, height);
}

static PrwSegment *
segment (const gchar *path, const gchar *reel, guint num, guint den,
         gboolean df, const gchar *start, gint64 frames, guint width,
         guint height)
{
  g_autoptr (PrwTimecode) tc = tc_at (num, den, df, start);
  g_autoptr (PrwMediaInfo) media = prw_media_info_new_for_test (
      path, "apch", width, height, num, den, frames, tc);

  prw_media_info_set_reel_for_test (media, reel);
  return prw_segment_new (media);
}

static void
add_source (PrwLinkTable *table, PrwSourceClip *clip, const gchar *folder)
{
  prw_link_table_add_source (table, clip, folder);
  g_object_unref (clip);
}

static void
add_segment (PrwLinkTable *table, PrwSegment *seg, PrwLayer layer)
{
  prw_link_table_add_segment (table, seg, layer);
  g_object_unref (seg);
}

/* The sealed table, one line per entry (see the top). */
static gchar *
describe (PrwLinkTable *table)
{
  GString *out = g_string_new (NULL);

  for (guint l = 0; l < prw_link_table_get_n_links (table); l++) {
    PrwSourceClip *clip = prw_link_table_get_source (
        table, prw_link_table_get_link_source (table, l));
    g_autofree gchar *rules
        = prw_link_rule_to_string (prw_link_table_get_link_rules (table, l));

    g_string_append_printf (
        out, "link %s %s %s %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
        prw_source_clip_get_clip_name (clip),
        prw_segment_get_path (prw_link_table_get_link_segment (table, l)),
        prw_layer_to_string (prw_link_table_get_link_layer (table, l)), rules,
        prw_link_table_get_link_record_in (table, l),
        prw_link_table_get_link_record_out (table, l));
  }
  for (guint a = 0; a < prw_link_table_get_n_ambiguous (table); a++) {
    g_string_append_printf (
        out, "ambiguous %s %s",
        prw_segment_get_path (prw_link_table_get_ambiguous_segment (table, a)),
        prw_layer_to_string (prw_link_table_get_ambiguous_layer (table, a)));
    for (guint k = 0; k < prw_link_table_get_ambiguous_n_candidates (table, a);
         k++) {
      g_autofree gchar *rules = prw_link_rule_to_string (
          prw_link_table_get_ambiguous_candidate_rules (table, a, k));

      g_string_append_printf (
          out, " %s:%s",
          prw_source_clip_get_clip_name (prw_link_table_get_source (
              table, prw_link_table_get_ambiguous_candidate (table, a, k))),
          rules);
    }
    g_string_append_c (out, '\n');
  }
  for (guint u = 0; u < prw_link_table_get_n_unmatched (table); u++) {
    gint nearest = prw_link_table_get_unmatched_nearest (table, u);

    g_string_append_printf (
        out, "unmatched %s %s %s: %s\n",
        prw_segment_get_path (prw_link_table_get_unmatched_segment (table, u)),
        prw_layer_to_string (prw_link_table_get_unmatched_layer (table, u)),
        nearest >= 0 ? prw_source_clip_get_clip_name (
            prw_link_table_get_source (table, (guint) nearest))
                     : "-",
        prw_link_table_get_unmatched_reason (table, u));
  }
  for (guint s = 0; s < prw_link_table_get_n_sources (table); s++)
    if (prw_link_table_get_source_n_links (table, s) == 0)
      g_string_append_printf (
          out, "skipped %s\n",
          prw_source_clip_get_clip_name (prw_link_table_get_source (table, s)));
  return g_string_free (out, FALSE);
}

static void
assert_table (PrwLinkTable *table, const gchar *expected)
{
  g_autofree gchar *got = NULL;

  prw_link_table_seal (table);
  got = describe (table);
  ck_assert_str_eq (got, expected);
}

/* Two cameras rolling at once (overlapping timecode, reels A001 and B001):
 * each grade goes where its name or reel says, never by list order. */
static void
fill_two_cameras (PrwLinkTable *table, gboolean reverse)
{
  PrwSourceClip *a = source ("A001C001", "A001", 25, 1, FALSE, "01:00:00:00",
                             250, 1920, 1080);
  PrwSourceClip *b = source ("B001C001", "B001", 25, 1, FALSE, "01:00:02:00",
                             250, 1920, 1080);
  PrwSegment *segs[] = {
    /* by name, inside both cameras' timecode */
    segment ("grades/A001C001_v1.mov", NULL, 25, 1, FALSE, "01:00:03:00", 25,
             1920, 1080),
    /* by name, case-insensitive */
    segment ("grades/a001c001_v2.mov", NULL, 25, 1, FALSE, "01:00:00:10", 10,
             1920, 1080),
    /* by reel */
    segment ("grades/shot_020.mov", "B001", 25, 1, FALSE, "01:00:04:00", 25,
             1920, 1080),
    /* by reel naming the clip */
    segment ("grades/shot_030.mov", "A001C001", 25, 1, FALSE, "01:00:05:00", 5,
             1920, 1080),
    /* "Tape" is no reel: nothing names a source */
    segment ("grades/shot_040.mov", "Tape", 25, 1, FALSE, "01:00:05:00", 5,
             1920, 1080),
  };

  if (reverse) {
    add_source (table, b, "B");
    add_source (table, a, "A");
    for (gint i = G_N_ELEMENTS (segs) - 1; i >= 0; i--)
      add_segment (table, segs[i], PRW_LAYER_GRADE);
  } else {
    add_source (table, a, "A");
    add_source (table, b, "B");
    for (guint i = 0; i < G_N_ELEMENTS (segs); i++)
      add_segment (table, segs[i], PRW_LAYER_GRADE);
  }
}

static const gchar *const two_cameras_expected
    = "link A001C001 grades/A001C001_v1.mov grade file-name 75 100\n"
      "link A001C001 grades/a001c001_v2.mov grade file-name 10 20\n"
      "link A001C001 grades/shot_030.mov grade reel-is-clip-name 125 130\n"
      "link B001C001 grades/shot_020.mov grade reel 50 75\n"
      "unmatched grades/shot_040.mov grade A001C001: name/reel do not match: "
      "shot_040.mov does not contain A001C001, and the segment has no reel\n";

START_TEST (test_two_cameras)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);

  fill_two_cameras (table, FALSE);
  assert_table (table, two_cameras_expected);
  ck_assert_uint_eq (prw_link_table_get_source_first_link (table, 0), 0);
  ck_assert_uint_eq (prw_link_table_get_source_n_links (table, 0), 3);
  ck_assert_uint_eq (prw_link_table_get_source_first_link (table, 1), 3);
  ck_assert_uint_eq (prw_link_table_get_source_n_links (table, 1), 1);
}
END_TEST

/* The same inputs in another order give the same table. */
START_TEST (test_order_independent)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);

  fill_two_cameras (table, TRUE);
  assert_table (table, two_cameras_expected);
  ck_assert_str_eq (prw_link_table_get_source_folder (table, 0), "A");
}
END_TEST

/* A segment two sources accept is linked to neither, with both reported;
 * a source with no links is skipped. */
START_TEST (test_ambiguous)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);

  add_source (table,
              source ("C001", "R1", 25, 1, FALSE, "10:00:00:00", 100, 0, 0),
              NULL);
  add_source (table,
              source ("C001_B", "R2", 25, 1, FALSE, "10:00:00:00", 100, 0, 0),
              NULL);
  add_source (table,
              source ("D001", NULL, 25, 1, FALSE, "10:00:00:00", 100, 0, 0),
              NULL);
  /* "C001_B_v1" contains both "C001" and "C001_B" */
  add_segment (table,
               segment ("g/C001_B_v1.mov", NULL, 25, 1, FALSE, "10:00:01:00",
                        10, 1920, 1080),
               PRW_LAYER_VFX);
  /* its reel is C001's clip name, its name is C001_B's */
  add_segment (table,
               segment ("g/C001_B_v2.mov", "C001", 25, 1, FALSE, "10:00:01:00",
                        10, 1920, 1080),
               PRW_LAYER_GRADE);
  assert_table (table, "ambiguous g/C001_B_v1.mov vfx C001:file-name "
                       "C001_B:file-name\n"
                       "ambiguous g/C001_B_v2.mov grade "
                       "C001:file-name+reel-is-clip-name C001_B:file-name\n"
                       "skipped C001\n"
                       "skipped C001_B\n"
                       "skipped D001\n");
}
END_TEST

/* Rates compared exactly, the drop-frame flag included. */
START_TEST (test_rate_gate)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);

  add_source (
      table,
      source ("S23976", NULL, 24000, 1001, FALSE, "01:00:00:00", 100, 0, 0),
      NULL);
  add_source (
      table,
      source ("S2997DF", NULL, 30000, 1001, TRUE, "01:00:00;00", 100, 0, 0),
      NULL);
  add_segment (table,
               segment ("S23976_at_24.mov", NULL, 24, 1, FALSE, "01:00:00:10",
                        10, 1920, 1080),
               PRW_LAYER_GRADE);
  add_segment (table,
               segment ("S2997DF_ndf.mov", NULL, 30000, 1001, FALSE,
                        "01:00:00:10", 10, 1920, 1080),
               PRW_LAYER_GRADE);
  add_segment (table,
               segment ("S2997DF_ok.mov", NULL, 30000, 1001, TRUE,
                        "01:00:00;10", 10, 1920, 1080),
               PRW_LAYER_GRADE);
  assert_table (table, "link S2997DF S2997DF_ok.mov grade file-name 10 20\n"
                       "unmatched S23976_at_24.mov grade S23976: rate 24 vs "
                       "23.976\n"
                       "unmatched S2997DF_ndf.mov grade S2997DF: rate 29.97 "
                       "vs 29.97 DF\n"
                       "skipped S23976\n");
}
END_TEST

/* The size gate: the source's display size where it is known. */
START_TEST (test_size_gate)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);

  add_source (
      table, source ("UHD", NULL, 25, 1, FALSE, "01:00:00:00", 100, 3840, 2160),
      NULL);
  add_source (table,
              source ("UNKNOWN", NULL, 25, 1, FALSE, "01:00:00:00", 100, 0, 0),
              NULL);
  add_segment (
      table,
      segment ("UHD_hd.mov", NULL, 25, 1, FALSE, "01:00:00:10", 10, 1920, 1080),
      PRW_LAYER_GRADE);
  add_segment (
      table,
      segment ("UHD_ok.mov", NULL, 25, 1, FALSE, "01:00:00:10", 10, 3840, 2160),
      PRW_LAYER_GRADE);
  add_segment (table,
               segment ("UNKNOWN_any.mov", NULL, 25, 1, FALSE, "01:00:00:10",
                        10, 1280, 720),
               PRW_LAYER_GRADE);
  assert_table (
      table, "link UHD UHD_ok.mov grade file-name 10 20\n"
             "link UNKNOWN UNKNOWN_any.mov grade file-name 10 20\n"
             "unmatched UHD_hd.mov grade UHD: size 1920x1080 vs 3840x2160\n");
}
END_TEST

/* The timecode gate and handles: up to N frames past either end. */
START_TEST (test_range_and_handles)
{
  static const struct {
    guint handles;
    const gchar *expected;
  } cases[] = {
    { 0, "unmatched C_after.mov grade C: 01:00:03:20-01:00:04:04 ends 5 "
         "frames after the source's end (01:00:00:00-01:00:03:24)\n"
         "unmatched C_before.mov grade C: 00:59:59:22-01:00:00:06 starts 3 "
         "frames before the source's start (01:00:00:00-01:00:03:24)\n"
         "unmatched C_far.mov grade C: 02:00:00:00-02:00:00:09 ends 89910 "
         "frames after the source's end (01:00:00:00-01:00:03:24)\n"
         "skipped C\n" },
    { 4, "link C C_before.mov grade file-name -3 7\n"
         "unmatched C_after.mov grade C: 01:00:03:20-01:00:04:04 ends 5 "
         "frames after the source's end (01:00:00:00-01:00:03:24), more than "
         "the 4 handle frames\n"
         "unmatched C_far.mov grade C: 02:00:00:00-02:00:00:09 ends 89910 "
         "frames after the source's end (01:00:00:00-01:00:03:24), more than "
         "the 4 handle frames\n" },
    { 5, "link C C_after.mov grade file-name 95 105\n"
         "link C C_before.mov grade file-name -3 7\n"
         "unmatched C_far.mov grade C: 02:00:00:00-02:00:00:09 ends 89910 "
         "frames after the source's end (01:00:00:00-01:00:03:24), more than "
         "the 5 handle frames\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PrwLinkTable) table = prw_link_table_new (cases[i].handles);

    add_source (table,
                source ("C", NULL, 25, 1, FALSE, "01:00:00:00", 100, 0, 0),
                NULL);
    add_segment (table,
                 segment ("C_after.mov", NULL, 25, 1, FALSE, "01:00:03:20", 10,
                          1920, 1080),
                 PRW_LAYER_GRADE);
    add_segment (table,
                 segment ("C_before.mov", NULL, 25, 1, FALSE, "00:59:59:22", 10,
                          1920, 1080),
                 PRW_LAYER_GRADE);
    add_segment (table,
                 segment ("C_far.mov", NULL, 25, 1, FALSE, "02:00:00:00", 10,
                          1920, 1080),
                 PRW_LAYER_GRADE);
    ck_assert_uint_eq (prw_link_table_get_handles (table), cases[i].handles);
    assert_table (table, cases[i].expected);
  }
}
END_TEST

/* A source across midnight; handles before a source that starts just
 * before it; drop-frame labels counted by the drop-frame rules. */
START_TEST (test_midnight_and_drop_frame)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (2);

  add_source (table,
              source ("NIGHT", NULL, 25, 1, FALSE, "23:59:59:00", 50, 0, 0),
              NULL);
  add_source (table,
              source ("DF", NULL, 30000, 1001, TRUE, "01:00:59;28", 100, 0, 0),
              NULL);
  /* 25 frames to midnight, then 10 */
  add_segment (table,
               segment ("NIGHT_after.mov", NULL, 25, 1, FALSE, "00:00:00:10",
                        10, 1920, 1080),
               PRW_LAYER_GRADE);
  /* two frames before the start, in the handles */
  add_segment (table,
               segment ("NIGHT_handles.mov", NULL, 25, 1, FALSE, "23:59:58:23",
                        10, 1920, 1080),
               PRW_LAYER_GRADE);
  /* ;28 ;29, then 01:01:00;02 (;00 and ;01 are dropped) */
  add_segment (table,
               segment ("DF_after_drop.mov", NULL, 30000, 1001, TRUE,
                        "01:01:00;02", 10, 1920, 1080),
               PRW_LAYER_GRADE);
  assert_table (table, "link DF DF_after_drop.mov grade file-name 2 12\n"
                       "link NIGHT NIGHT_after.mov grade file-name 35 45\n"
                       "link NIGHT NIGHT_handles.mov grade file-name -2 8\n");
}
END_TEST

/* File names compared after NFC and Unicode case folding. */
START_TEST (test_unicode_names)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);

  add_source (
      table, source ("Éclair_01", NULL, 25, 1, FALSE, "01:00:00:00", 100, 0, 0),
      NULL);
  /* "éclair" with a combining acute accent (NFD), lower case */
  add_segment (table,
               segment ("g/graded_e\xcc\x81"
                        "clair_01_v2.mov",
                        NULL, 25, 1, FALSE, "01:00:00:00", 10, 1920, 1080),
               PRW_LAYER_GRADE);
  add_segment (table,
               segment ("g/eclair_01.mov", NULL, 25, 1, FALSE, "01:00:00:00",
                        10, 1920, 1080),
               PRW_LAYER_GRADE);
  assert_table (table,
                "link Éclair_01 g/graded_e\xcc\x81"
                "clair_01_v2.mov grade file-name 0 10\n"
                "unmatched g/eclair_01.mov grade Éclair_01: name/reel do not "
                "match: eclair_01.mov does not contain Éclair_01, and the "
                "segment has no reel\n");
}
END_TEST

/* The nearest miss is a source the segment names, before one whose gates
 * all pass; a reel that names no source is said so. */
START_TEST (test_nearest_miss)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);

  add_source (table,
              source ("A001", "RA", 25, 1, FALSE, "01:00:00:00", 100, 0, 0),
              NULL);
  add_source (table,
              source ("B001", NULL, 25, 1, FALSE, "01:00:00:00", 500, 0, 0),
              NULL);
  add_segment (table,
               segment ("A001_late.mov", NULL, 25, 1, FALSE, "01:00:10:00", 50,
                        1920, 1080),
               PRW_LAYER_GRADE);
  add_segment (
      table,
      segment ("shot.mov", "ZZ", 25, 1, FALSE, "01:00:00:00", 50, 1920, 1080),
      PRW_LAYER_GRADE);
  assert_table (
      table,
      "unmatched A001_late.mov grade A001: 01:00:10:00-01:00:11:24 ends 200 "
      "frames after the source's end (01:00:00:00-01:00:03:24)\n"
      "unmatched shot.mov grade A001: name/reel do not match: shot.mov does "
      "not contain A001, and its reel \"ZZ\" is neither the source's reel "
      "\"RA\" nor its clip name\n"
      "skipped A001\n"
      "skipped B001\n");
}
END_TEST

START_TEST (test_no_sources)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);

  add_segment (
      table,
      segment ("x.mov", NULL, 25, 1, FALSE, "01:00:00:00", 5, 1920, 1080),
      PRW_LAYER_GRADE);
  assert_table (table, "unmatched x.mov grade -: there are no sources\n");
}
END_TEST

/* Outputs: CLIP.mov, or FOLDER/CLIP.mov when two linked sources share a
 * clip name (case-insensitively). */
START_TEST (test_output_names)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);
  g_autofree gchar *n0 = NULL, *n1 = NULL, *n2 = NULL, *n3 = NULL;

  add_source (table,
              source ("C001", NULL, 25, 1, FALSE, "01:00:00:00", 100, 0, 0),
              "DAY1/A");
  add_source (table,
              source ("c001", NULL, 25, 1, FALSE, "02:00:00:00", 100, 0, 0),
              "DAY2/A");
  add_source (table,
              source ("D/002", NULL, 25, 1, FALSE, "03:00:00:00", 100, 0, 0),
              ".");
  add_source (table,
              source ("D/002", NULL, 25, 1, FALSE, "04:00:00:00", 100, 0, 0),
              "X");
  add_segment (table,
               segment ("g/C001_a.mov", NULL, 25, 1, FALSE, "01:00:00:00", 5,
                        1920, 1080),
               PRW_LAYER_GRADE);
  add_segment (table,
               segment ("g/C001_b.mov", NULL, 25, 1, FALSE, "02:00:00:00", 5,
                        1920, 1080),
               PRW_LAYER_GRADE);
  add_segment (
      table,
      segment ("g/x.mov", "D/002", 25, 1, FALSE, "03:00:00:00", 5, 1920, 1080),
      PRW_LAYER_GRADE);
  prw_link_table_seal (table);
  /* order: "C001" < "D/002" (03:00) < "D/002" (04:00) < "c001" */
  n0 = prw_link_table_get_source_output_name (table, 0);
  n1 = prw_link_table_get_source_output_name (table, 1);
  n2 = prw_link_table_get_source_output_name (table, 2);
  n3 = prw_link_table_get_source_output_name (table, 3);
  ck_assert_str_eq (n0, "DAY1/A/C001.mov");
  ck_assert_str_eq (n1, "D_002.mov"); /* the other D/002 has no links */
  ck_assert_ptr_null (prw_link_table_get_source_folder (table, 1));
  ck_assert_str_eq (n2, "X/D_002.mov"); /* it shares it with a linked one */
  ck_assert_str_eq (n3, "DAY2/A/c001.mov");
}
END_TEST

/* A media file at 25 fps, 1920x1080, as prw_source_clip_new_from_file()
 * leaves one: with its path, no ALE. */
static PrwSourceClip *
media_source (const gchar *path, const gchar *name, const gchar *reel,
              const gchar *start, gint64 frames)
{
  PrwSourceClip *clip
      = source (name, reel, 25, 1, FALSE, start, frames, 1920, 1080);

  g_free (clip->path);
  clip->path = g_strdup (path);
  return clip;
}

/* An ALE row and the media file of the same clip are one source: the
 * file's facts, the row's reel where the file has none; a row that differs
 * (here in frame count) stays a source of its own. */
START_TEST (test_ale_row_and_file)
{
  static const gchar ale_text[]
      = "Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\n"
        "Column\nName\tStart\tEnd\tTape\n\nData\n"
        "F001C001\t05:00:00:00\t05:00:04:00\tF001\n"  /* line 9 */
        "G001C001\t06:00:00:00\t06:00:04:00\tG001\n"  /* line 10 */
        "H001C001\t07:00:00:00\t07:00:02:00\tH001\n"; /* line 11 */
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwAle) ale = prw_ale_new_from_data (
      "day.ale", (const guint8 *) ale_text, strlen (ale_text), &error);
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);
  GListModel *rows;
  PrwSourceClip *merged;

  ck_assert_msg (ale != NULL, "%s", error != NULL ? error->message : "");
  rows = prw_ale_get_clips (ale);
  ck_assert_uint_eq (g_list_model_get_n_items (rows), 3);
  for (guint k = 0; k < 3; k++)
    add_source (table, g_list_model_get_item (rows, k), NULL);
  add_source (
      table,
      media_source ("ocf/F001C001.mov", "F001C001", NULL, "05:00:00:00", 100),
      "ocf");
  add_source (
      table,
      media_source ("ocf/G001C001.mov", "G001C001", "GCAM", "06:00:00:00", 100),
      "ocf");
  /* 100 frames; the row says 50 */
  add_source (
      table,
      media_source ("ocf/H001C001.mov", "H001C001", NULL, "07:00:00:00", 100),
      "ocf");
  /* both descriptions of F would take it: one source, no ambiguity */
  add_segment (table,
               segment ("g/F001C001_v1.mov", NULL, 25, 1, FALSE, "05:00:01:00",
                        10, 1920, 1080),
               PRW_LAYER_GRADE);
  /* the reel only the ALE row knows */
  add_segment (table,
               segment ("g/shot_f.mov", "F001", 25, 1, FALSE, "05:00:02:00", 10,
                        1920, 1080),
               PRW_LAYER_VFX);
  /* the file has a reel of its own: it wins, the row's names nothing */
  add_segment (table,
               segment ("g/shot_g.mov", "G001", 25, 1, FALSE, "06:00:00:00", 10,
                        1920, 1080),
               PRW_LAYER_GRADE);
  add_segment (table,
               segment ("g/shot_g2.mov", "GCAM", 25, 1, FALSE, "06:00:00:00",
                        10, 1920, 1080),
               PRW_LAYER_GRADE);
  add_segment (table,
               segment ("g/H001C001_v1.mov", NULL, 25, 1, FALSE, "07:00:00:10",
                        10, 1920, 1080),
               PRW_LAYER_GRADE);
  assert_table (
      table, "link F001C001 g/F001C001_v1.mov grade file-name 25 35\n"
             "link F001C001 g/shot_f.mov vfx reel 50 60\n"
             "link G001C001 g/shot_g2.mov grade reel 0 10\n"
             "ambiguous g/H001C001_v1.mov grade H001C001:file-name "
             "H001C001:file-name\n"
             "unmatched g/shot_g.mov grade G001C001: name/reel do not match: "
             "shot_g.mov does not contain G001C001, and its reel \"G001\" is "
             "neither the source's reel \"GCAM\" nor its clip name\n"
             "skipped H001C001\n"
             "skipped H001C001\n");

  /* F and G are their files; H's row and file are two sources */
  ck_assert_uint_eq (prw_link_table_get_n_sources (table), 4);
  ck_assert_str_eq (
      prw_source_clip_get_path (prw_link_table_get_source (table, 0)),
      "ocf/F001C001.mov");
  ck_assert_str_eq (prw_link_table_get_source_reel (table, 0), "F001");
  ck_assert_ptr_null (
      prw_source_clip_get_reel (prw_link_table_get_source (table, 0)));
  ck_assert_uint_eq (prw_link_table_get_source_n_merged (table, 0), 1);
  merged = prw_link_table_get_source_merged (table, 0, 0);
  ck_assert_str_eq (prw_source_clip_get_ale_path (merged), "day.ale");
  ck_assert_uint_eq (prw_source_clip_get_ale_line (merged), 9);
  ck_assert_str_eq (prw_link_table_get_source_folder (table, 0), "ocf");

  ck_assert_str_eq (
      prw_source_clip_get_path (prw_link_table_get_source (table, 1)),
      "ocf/G001C001.mov");
  ck_assert_str_eq (prw_link_table_get_source_reel (table, 1), "GCAM");
  ck_assert_uint_eq (prw_link_table_get_source_n_merged (table, 1), 1);
  ck_assert_uint_eq (prw_source_clip_get_ale_line (
                         prw_link_table_get_source_merged (table, 1, 0)),
                     10);

  ck_assert_str_eq (
      prw_source_clip_get_ale_path (prw_link_table_get_source (table, 2)),
      "day.ale");
  ck_assert_uint_eq (prw_link_table_get_source_n_merged (table, 2), 0);
  ck_assert_str_eq (
      prw_source_clip_get_path (prw_link_table_get_source (table, 3)),
      "ocf/H001C001.mov");
  ck_assert_uint_eq (prw_link_table_get_source_n_merged (table, 3), 0);
  ck_assert_ptr_null (prw_link_table_get_source_reel (table, 3));
}
END_TEST

/* Each link's warnings, "warn SEGMENT: WARNING" one a line, then every
 * source's, "source CLIP: WARNING". */
static gchar *
describe_warnings (PrwLinkTable *table)
{
  GString *out = g_string_new (NULL);

  for (guint l = 0; l < prw_link_table_get_n_links (table); l++) {
    const gchar *const *w = prw_link_table_get_link_warnings (table, l);

    ck_assert_ptr_nonnull (w);
    for (; *w != NULL; w++)
      g_string_append_printf (
          out, "warn %s: %s\n",
          prw_segment_get_path (prw_link_table_get_link_segment (table, l)),
          *w);
  }
  for (guint s = 0; s < prw_link_table_get_n_sources (table); s++) {
    const gchar *const *w = prw_link_table_get_source_warnings (table, s);

    ck_assert_ptr_nonnull (w);
    for (; *w != NULL; w++)
      g_string_append_printf (
          out, "source %s: %s\n",
          prw_source_clip_get_clip_name (prw_link_table_get_source (table, s)),
          *w);
  }
  return g_string_free (out, FALSE);
}

/* A link made against what the segment's name or reel says: the link
 * stands (the rules make it), and says which other source is named and why
 * it is not that one. */
START_TEST (test_link_against_evidence)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);
  g_autofree gchar *warnings = NULL;

  /* one camera roll, two clips: 5 minutes, then 10 seconds */
  add_source (table,
              source ("A001C001", "A001", 25, 1, FALSE, "10:00:00:00", 7500,
                      1920, 1080),
              NULL);
  add_source (
      table,
      source ("A001C002", "A001", 25, 1, FALSE, "10:05:00:00", 250, 1920, 1080),
      NULL);
  /* an MXF of another camera, an hour later */
  add_source (
      table,
      media_source ("ocf/B001C001.mxf", "B001C001", "B001", "11:00:00:00", 250),
      NULL);
  /* its name says A001C002, its timecode lies in A001C001 (same reel) */
  add_segment (table,
               segment ("g/A001C002_S09.mov", "A001", 25, 1, FALSE,
                        "10:00:03:00", 10, 1920, 1080),
               PRW_LAYER_GRADE);
  /* its name says A001C001, its reel B001C001's clip name */
  add_segment (table,
               segment ("g/A001C001_S09.mov", "B001C001", 25, 1, FALSE,
                        "10:00:05:00", 10, 1920, 1080),
               PRW_LAYER_GRADE);
  /* nothing against it */
  add_segment (table,
               segment ("g/A001C001_S01.mov", "A001", 25, 1, FALSE,
                        "10:00:00:00", 10, 1920, 1080),
               PRW_LAYER_GRADE);
  assert_table (table, "link A001C001 g/A001C001_S01.mov grade file-name+reel "
                       "0 10\n"
                       "link A001C001 g/A001C001_S09.mov grade file-name 125 "
                       "135\n"
                       "link A001C001 g/A001C002_S09.mov grade reel 75 85\n"
                       "skipped A001C002\n"
                       "skipped B001C001\n");
  warnings = describe_warnings (table);
  ck_assert_str_eq (
      warnings,
      "warn g/A001C001_S09.mov: linked to A001C001 by file name; its reel "
      "\"B001C001\" (the clip name) also names B001C001, not linked: "
      "10:00:05:00-10:00:05:09 starts 89875 frames before the source's "
      "start (11:00:00:00-11:00:09:24)\n"
      "warn g/A001C002_S09.mov: linked to A001C001 by reel \"A001\"; its "
      "file name also names A001C002, not linked: 10:00:03:00-10:00:03:09 "
      "starts 7425 frames before the source's start "
      "(10:05:00:00-10:05:09:24)\n");
}
END_TEST

/* Reels are compared without the white space around them and ignoring
 * ASCII case; messages quote them, so that a trailing space shows. */
START_TEST (test_reel_case_and_space)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);

  add_source (
      table,
      source ("A001C001", "A001", 25, 1, FALSE, "01:00:00:00", 250, 1920, 1080),
      NULL);
  add_source (table,
              source ("B001C001", " B001", 25, 1, FALSE, "02:00:00:00", 250,
                      1920, 1080),
              NULL);
  add_segment (table,
               segment ("g/shot_1.mov", "a001", 25, 1, FALSE, "01:00:00:00", 10,
                        1920, 1080),
               PRW_LAYER_GRADE);
  add_segment (table,
               segment ("g/shot_2.mov", "A001 ", 25, 1, FALSE, "01:00:01:00",
                        10, 1920, 1080),
               PRW_LAYER_GRADE);
  add_segment (table,
               segment ("g/shot_3.mov", "b001c001", 25, 1, FALSE, "02:00:00:00",
                        10, 1920, 1080),
               PRW_LAYER_GRADE);
  add_segment (table,
               segment ("g/shot_4.mov", "b001\t", 25, 1, FALSE, "02:00:01:00",
                        10, 1920, 1080),
               PRW_LAYER_VFX);
  /* a blank reel is none; "Tape " is qtmux's none too */
  add_segment (table,
               segment ("g/shot_5.mov", "  ", 25, 1, FALSE, "01:00:00:00", 10,
                        1920, 1080),
               PRW_LAYER_GRADE);
  add_segment (table,
               segment ("g/shot_6.mov", "Tape ", 25, 1, FALSE, "01:00:00:00",
                        10, 1920, 1080),
               PRW_LAYER_GRADE);
  /* another reel, its trailing space shown */
  add_segment (table,
               segment ("g/shot_7.mov", "A002 ", 25, 1, FALSE, "01:00:00:00",
                        10, 1920, 1080),
               PRW_LAYER_GRADE);
  assert_table (
      table,
      "link A001C001 g/shot_1.mov grade reel 0 10\n"
      "link A001C001 g/shot_2.mov grade reel 25 35\n"
      "link B001C001 g/shot_3.mov grade reel-is-clip-name 0 10\n"
      "link B001C001 g/shot_4.mov vfx reel 25 35\n"
      "unmatched g/shot_5.mov grade A001C001: name/reel do not match: "
      "shot_5.mov does not contain A001C001, and the segment has no reel\n"
      "unmatched g/shot_6.mov grade A001C001: name/reel do not match: "
      "shot_6.mov does not contain A001C001, and the segment has no reel\n"
      "unmatched g/shot_7.mov grade A001C001: name/reel do not match: "
      "shot_7.mov does not contain A001C001, and its reel \"A002 \" is "
      "neither the source's reel \"A001\" nor its clip name\n");
}
END_TEST

/* ALE rows merged into one media file that disagree on a fact: one
 * warning each, naming both and the fact; reels that differ only in case
 * or surrounding white space agree. */
START_TEST (test_merge_disagreements)
{
  static const gchar day1[]
      = "Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\n"
        "Column\nName\tStart\tEnd\tTape\tFrame Width\tFrame Height\n\nData\n"
        "B001C001\t11:00:00:00\t11:00:10:00\tB001\t1920\t1080\n"  /* line 9 */
        "C001C001\t12:00:00:00\t12:00:10:00\tC001\t1920\t1080\n"  /* 10 */
        "D001C001\t13:00:00:00\t13:00:10:00\tD0X1\t3840\t2160\n"; /* 11 */
  static const gchar day2[]
      = "Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\n"
        "Column\nName\tStart\tEnd\tTape\n\nData\n"
        "B001C001\t11:00:00:00\t11:00:10:00\tB00X\n"   /* line 9 */
        "C001C001\t12:00:00:00\t12:00:10:00\tc001 \n"; /* line 10 */
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwAle) ale1 = prw_ale_new_from_data (
      "day1.ale", (const guint8 *) day1, strlen (day1), &error);
  g_autoptr (PrwAle) ale2 = prw_ale_new_from_data (
      "day2.ale", (const guint8 *) day2, strlen (day2), &error);
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);
  g_autofree gchar *warnings = NULL;

  ck_assert_msg (ale1 != NULL && ale2 != NULL, "%s",
                 error != NULL ? error->message : "");
  for (guint k = 0; k < 3; k++)
    add_source (table, g_list_model_get_item (prw_ale_get_clips (ale1), k),
                NULL);
  for (guint k = 0; k < 2; k++)
    add_source (table, g_list_model_get_item (prw_ale_get_clips (ale2), k),
                NULL);
  add_source (
      table,
      media_source ("ocf/B001C001.mxf", "B001C001", NULL, "11:00:00:00", 250),
      NULL);
  add_source (
      table,
      media_source ("ocf/C001C001.mov", "C001C001", NULL, "12:00:00:00", 250),
      NULL);
  add_source (
      table,
      media_source ("ocf/D001C001.mov", "D001C001", "D001", "13:00:00:00", 250),
      NULL);
  prw_link_table_seal (table);

  ck_assert_uint_eq (prw_link_table_get_n_sources (table), 3);
  ck_assert_uint_eq (prw_link_table_get_source_n_merged (table, 0), 2);
  ck_assert_uint_eq (prw_link_table_get_source_n_merged (table, 1), 2);
  ck_assert_uint_eq (prw_link_table_get_source_n_merged (table, 2), 1);
  /* B's rows disagree: no reel, as before, but said */
  ck_assert_ptr_null (prw_link_table_get_source_reel (table, 0));
  /* C's agree, but for case and a space */
  ck_assert_str_eq (prw_link_table_get_source_reel (table, 1), "C001");
  /* D's file has its own reel */
  ck_assert_str_eq (prw_link_table_get_source_reel (table, 2), "D001");
  warnings = describe_warnings (table);
  ck_assert_str_eq (
      warnings,
      "source B001C001: day1.ale:9 and day2.ale:9 disagree on the reel of "
      "B001C001: \"B001\" vs \"B00X\"; the source has no reel\n"
      "source D001C001: ocf/D001C001.mov and day1.ale:11 disagree on the "
      "size of D001C001: 1920x1080 vs 3840x2160; the file's is kept\n"
      "source D001C001: ocf/D001C001.mov and day1.ale:11 disagree on the "
      "reel of D001C001: \"D001\" vs \"D0X1\"; the file's is kept\n");
}
END_TEST

/* A reel or a file name holding a line break, a tab or another control
 * character: every reason and warning that quotes it stays on one line,
 * the character written as a C escape. */
START_TEST (test_control_characters_on_one_line)
{
  g_autoptr (PrwLinkTable) table = prw_link_table_new (0);
  g_autofree gchar *warnings = NULL;

  add_source (table,
              source ("A001C001", "CAM\nA", 25, 1, FALSE, "10:00:00:00", 7500,
                      1920, 1080),
              NULL);
  add_source (table,
              source ("A001C002", "CAM\nB", 25, 1, FALSE, "10:05:00:00", 250,
                      1920, 1080),
              NULL);
  /* linked by its reel; its name says A001C002, not in its range */
  add_segment (table,
               segment ("g/A001C002_S09.mov", "CAM\nA", 25, 1, FALSE,
                        "10:00:03:00", 10, 1920, 1080),
               PRW_LAYER_GRADE);
  /* names nothing: a tab in its name, a line break and an escape in its
   * reel */
  add_segment (table,
               segment ("g/shot\tone.mov", "R\n01\x1b", 25, 1, FALSE,
                        "10:00:00:00", 10, 1920, 1080),
               PRW_LAYER_GRADE);
  assert_table (table,
                "link A001C001 g/A001C002_S09.mov grade reel 75 85\n"
                "unmatched g/shot\tone.mov grade A001C001: name/reel do not "
                "match: shot\\tone.mov does not contain A001C001, and its "
                "reel \"R\\n01\\x1b\" is neither the source's reel "
                "\"CAM\\nA\" nor its clip name\n"
                "skipped A001C002\n");
  ck_assert_ptr_null (
      strpbrk (prw_link_table_get_unmatched_reason (table, 0), "\n\t\x1b"));
  warnings = describe_warnings (table);
  ck_assert_str_eq (warnings,
                    "warn g/A001C002_S09.mov: linked to A001C001 by reel "
                    "\"CAM\\nA\"; its file name also names A001C002, not "
                    "linked: 10:00:03:00-10:00:03:09 starts 7425 frames "
                    "before the source's start (10:05:00:00-10:05:09:24)\n");
}
END_TEST

START_TEST (test_rule_names)
{
  g_autofree gchar *none = prw_link_rule_to_string (PRW_LINK_RULE_NONE);
  g_autofree gchar *all
      = prw_link_rule_to_string (PRW_LINK_RULE_FILE_NAME | PRW_LINK_RULE_REEL
                                 | PRW_LINK_RULE_REEL_IS_CLIP_NAME);

  ck_assert_str_eq (none, "none");
  ck_assert_str_eq (all, "file-name+reel+reel-is-clip-name");
  /* the layer's one string form: its GEnum nick, as plan prints it */
  ck_assert_str_eq (prw_layer_to_string (PRW_LAYER_VFX), "vfx");
  ck_assert_str_eq (prw_layer_to_string (PRW_LAYER_GRADE), "grade");
  ck_assert_str_eq (prw_layer_to_string (PRW_LAYER_BASE), "base");
  {
    GEnumClass *klass = g_type_class_ref (PRW_TYPE_LAYER);

    for (gint v = PRW_LAYER_BASE; v <= PRW_LAYER_VFX; v++)
      ck_assert_str_eq (prw_layer_to_string ((PrwLayer) v),
                        g_enum_get_value (klass, v)->value_nick);
    g_type_class_unref (klass);
  }
}
END_TEST

static Suite *
link_suite (void)
{
  Suite *s = suite_create ("link");
  TCase *tc = tcase_create ("link");

  tcase_add_test (tc, test_two_cameras);
  tcase_add_test (tc, test_order_independent);
  tcase_add_test (tc, test_ambiguous);
  tcase_add_test (tc, test_rate_gate);
  tcase_add_test (tc, test_size_gate);
  tcase_add_test (tc, test_range_and_handles);
  tcase_add_test (tc, test_midnight_and_drop_frame);
  tcase_add_test (tc, test_unicode_names);
  tcase_add_test (tc, test_nearest_miss);
  tcase_add_test (tc, test_no_sources);
  tcase_add_test (tc, test_output_names);
  tcase_add_test (tc, test_ale_row_and_file);
  tcase_add_test (tc, test_rule_names);
  tcase_add_test (tc, test_link_against_evidence);
  tcase_add_test (tc, test_reel_case_and_space);
  tcase_add_test (tc, test_merge_disagreements);
  tcase_add_test (tc, test_control_characters_on_one_line);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (link_suite ());
  int failed;

  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? 0 : 1;
}
