/* libproreswriter: discovering segments in folders and file lists
 *
 * One folder, made once per test case, holds (all names but the hidden ones
 * share the prefix P = "COS AW25 4K   LR001 Ünïcødé ", runs of spaces and
 * non-ASCII included):
 *
 *   P S10.mov      movie                    -> segment, number 10
 *   P S05.mov      movie without timecode   -> invalid
 *   P S3.mov       movie                    -> segment, number 3
 *   P S04.mov      a text file              -> invalid
 *   P S02.mov      movie                    -> segment, number 2
 *   .hidden S07.mov          movie          -> skipped (hidden)
 *   ._P S02.mov              AppleDouble    -> skipped (hidden)
 *   P S06.mov/               a folder, holding a movie -> not descended
 *
 * created in that (not name) order. In name order as a file manager sorts
 * (numbers by value) that is S02, S3, S04, S05, S10; strcmp would put S3
 * last. */

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

#include "prw-fixture.h"
#include <proreswriter/proreswriter.h>

#define PREFIX "COS AW25 4K   LR001 Ünïcødé "

static gchar *dir;

static gchar *
in_dir (const gchar *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
make_movie (const gchar *path, const gchar *start_timecode)
{
  g_autoptr (GError) error = NULL;
  PrwFixtureSpec spec = { 0 };

  spec.path = path;
  spec.width = 128;
  spec.height = 96;
  spec.rate_num = 25;
  spec.rate_den = 1;
  spec.start_timecode = start_timecode;
  spec.frames = 10;
  spec.profile = "hq";
  fail_unless (prw_fixture_make_movie (&spec, &error), "making %s: %s", path,
               error ? error->message : "?");
}

static void
write_text (const gchar *path, const gchar *text)
{
  g_autoptr (GError) error = NULL;

  fail_unless (g_file_set_contents (path, text, -1, &error), "%s: %s", path,
               error ? error->message : "?");
}

static void
setup_folder (void)
{
  g_autofree gchar *s10 = NULL, *s05 = NULL, *s3 = NULL, *s04 = NULL;
  g_autofree gchar *s02 = NULL, *hidden = NULL, *apple = NULL, *sub = NULL;
  g_autofree gchar *sub_movie = NULL;

  dir = prw_fixture_make_tmpdir ("discover");
  fail_unless (dir != NULL);

  s10 = in_dir (PREFIX "S10.mov");
  s05 = in_dir (PREFIX "S05.mov");
  s3 = in_dir (PREFIX "S3.mov");
  s04 = in_dir (PREFIX "S04.mov");
  s02 = in_dir (PREFIX "S02.mov");
  hidden = in_dir (".hidden S07.mov");
  apple = in_dir ("._" PREFIX "S02.mov");
  sub = in_dir (PREFIX "S06.mov");
  sub_movie = g_build_filename (sub, PREFIX "S08.mov", NULL);

  make_movie (s10, "01:00:10:00");
  make_movie (s05, NULL);
  make_movie (s3, "01:00:03:00");
  write_text (s04, "this is not a movie\n");
  make_movie (s02, "01:00:02:00");
  make_movie (hidden, "01:00:07:00");
  write_text (apple, "Mac OS X        \0\0\0\0");
  fail_unless (g_mkdir (sub, 0755) == 0);
  make_movie (sub_movie, "01:00:08:00");

  /* The tests are forked from this process. */
  prw_fixture_stop_threads ();
}

static void
teardown_folder (void)
{
  prw_fixture_rm_rf (dir);
  g_clear_pointer (&dir, g_free);
}

/* What the probe itself says of path: the reason discover must report. */
static gchar *
probe_message (const gchar *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwMediaInfo) media = prw_probe_file (path, NULL, &error);

  fail_unless (media == NULL, "%s probes fine", path);
  fail_unless (error != NULL);
  return g_strdup (error->message);
}

static void
assert_segment (GListModel *model, guint index, const gchar *name, gint number)
{
  g_autoptr (PrwSegment) seg = g_list_model_get_item (model, index);
  g_autofree gchar *path = in_dir (name);

  fail_unless (seg != NULL, "no segment %u", index);
  fail_unless (PRW_IS_SEGMENT (seg));
  assert_equals_string (prw_segment_get_display_name (seg), name);
  assert_equals_string (prw_segment_get_path (seg), path);
  assert_equals_int (prw_segment_get_number (seg), number);
  assert_equals_int64 (prw_segment_get_frame_count (seg), 10);
  fail_unless (prw_segment_get_start_timecode (seg) != NULL);
}

/* The line is "PATH: reason" with the path once. */
static void
assert_invalid_line (const gchar *line, const gchar *path)
{
  const gchar *second;

  fail_unless (g_str_has_prefix (line, path), "\"%s\" does not start with %s",
               line, path);
  fail_unless (g_str_has_prefix (line + strlen (path), ": "),
               "no \": \" after the path in \"%s\"", line);
  fail_unless (strlen (line) > strlen (path) + 2, "no reason in \"%s\"", line);
  second = strstr (line + strlen (path), path);
  fail_unless (second == NULL, "path given twice in \"%s\"", line);
}

GST_START_TEST (test_folder)
{
  const gchar *paths[] = { dir, NULL };
  g_auto (GStrv) invalid = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) model = NULL;
  g_autofree gchar *s04 = in_dir (PREFIX "S04.mov");
  g_autofree gchar *s05 = in_dir (PREFIX "S05.mov");
  g_autofree gchar *s04_reason = probe_message (s04);
  g_autofree gchar *s05_reason = probe_message (s05);
  g_autofree gchar *s06 = in_dir (PREFIX "S06.mov");

  model = prw_discover (paths, &invalid, NULL, &error);
  fail_unless (model != NULL, "%s", error ? error->message : "?");
  fail_unless (error == NULL);
  fail_unless (g_list_model_get_item_type (model) == PRW_TYPE_SEGMENT);

  assert_equals_int (g_list_model_get_n_items (model), 3);
  assert_segment (model, 0, PREFIX "S02.mov", 2);
  assert_segment (model, 1, PREFIX "S3.mov", 3);
  assert_segment (model, 2, PREFIX "S10.mov", 10);

  /* the subfolder named like a movie is reported, not passed over */
  fail_unless (invalid != NULL);
  assert_equals_int (g_strv_length (invalid), 3);
  assert_invalid_line (invalid[0], s04);
  assert_invalid_line (invalid[1], s05);
  assert_equals_string (invalid[0], s04_reason);
  assert_equals_string (invalid[1], s05_reason);
  assert_invalid_line (invalid[2], s06);
  fail_unless (strstr (invalid[2], "is a folder") != NULL, "%s", invalid[2]);
}
GST_END_TEST;

GST_START_TEST (test_file_list_order)
{
  g_autofree gchar *s10 = in_dir (PREFIX "S10.mov");
  g_autofree gchar *s02 = in_dir (PREFIX "S02.mov");
  g_autofree gchar *s3 = in_dir (PREFIX "S3.mov");
  g_autofree gchar *hidden = in_dir (".hidden S07.mov");
  const gchar *paths[] = { s10, s02, hidden, s3, NULL };
  g_auto (GStrv) invalid = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) model = NULL;

  model = prw_discover (paths, &invalid, NULL, &error);
  fail_unless (model != NULL, "%s", error ? error->message : "?");

  /* the given order, and a hidden file named explicitly is taken */
  assert_equals_int (g_list_model_get_n_items (model), 4);
  assert_segment (model, 0, PREFIX "S10.mov", 10);
  assert_segment (model, 1, PREFIX "S02.mov", 2);
  assert_segment (model, 2, ".hidden S07.mov", 7);
  assert_segment (model, 3, PREFIX "S3.mov", 3);
  fail_unless (invalid != NULL);
  assert_equals_int (g_strv_length (invalid), 0);
}
GST_END_TEST;

GST_START_TEST (test_files_and_folders_mixed)
{
  g_autofree gchar *s10 = in_dir (PREFIX "S10.mov");
  g_autofree gchar *s04 = in_dir (PREFIX "S04.mov");
  g_autofree gchar *missing = in_dir (PREFIX "S99 missing.mov");
  g_autofree gchar *s04_reason = probe_message (s04);
  const gchar *paths[] = { s10, missing, dir, s04, NULL };
  g_auto (GStrv) invalid = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) model = NULL;

  model = prw_discover (paths, &invalid, NULL, &error);
  fail_unless (model != NULL, "%s", error ? error->message : "?");

  assert_equals_int (g_list_model_get_n_items (model), 4);
  assert_segment (model, 0, PREFIX "S10.mov", 10);
  assert_segment (model, 1, PREFIX "S02.mov", 2);
  assert_segment (model, 2, PREFIX "S3.mov", 3);
  assert_segment (model, 3, PREFIX "S10.mov", 10);

  /* in the order met: the missing file, the folder's three, the text
   * file */
  fail_unless (invalid != NULL);
  assert_equals_int (g_strv_length (invalid), 5);
  assert_invalid_line (invalid[0], missing);
  fail_unless (strstr (invalid[0], "no such file") != NULL, "%s", invalid[0]);
  assert_invalid_line (invalid[1], s04);
  assert_invalid_line (invalid[4], s04);
  assert_equals_string (invalid[4], s04_reason);
}
GST_END_TEST;

GST_START_TEST (test_nonexistent)
{
  g_autofree gchar *missing = in_dir ("no such dir/S01.mov");
  const gchar *paths[] = { missing, NULL };
  g_auto (GStrv) invalid = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) model = NULL;

  model = prw_discover (paths, &invalid, NULL, &error);
  fail_unless (model != NULL, "%s", error ? error->message : "?");
  assert_equals_int (g_list_model_get_n_items (model), 0);
  assert_equals_int (g_strv_length (invalid), 1);
  assert_invalid_line (invalid[0], missing);
  fail_unless (strstr (invalid[0], "no such file") != NULL, "%s", invalid[0]);
}
GST_END_TEST;

GST_START_TEST (test_empty_folder)
{
  g_autofree gchar *sub = in_dir (PREFIX "S06.mov");
  g_autofree gchar *empty = g_build_filename (sub, "empty", NULL);
  const gchar *paths[] = { empty, NULL };
  const gchar *none[] = { NULL };
  g_auto (GStrv) invalid = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) model = NULL;
  g_autoptr (GListModel) model2 = NULL;

  fail_unless (g_mkdir (empty, 0755) == 0);
  model = prw_discover (paths, &invalid, NULL, &error);
  fail_unless (model != NULL, "%s", error ? error->message : "?");
  assert_equals_int (g_list_model_get_n_items (model), 0);
  fail_unless (invalid != NULL && invalid[0] == NULL);
  g_rmdir (empty);

  /* no paths at all; invalid is optional */
  model2 = prw_discover (none, NULL, NULL, &error);
  fail_unless (model2 != NULL, "%s", error ? error->message : "?");
  assert_equals_int (g_list_model_get_n_items (model2), 0);
}
GST_END_TEST;

GST_START_TEST (test_subfolder_given_explicitly)
{
  g_autofree gchar *sub = in_dir (PREFIX "S06.mov");
  const gchar *paths[] = { sub, NULL };
  g_auto (GStrv) invalid = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) model = NULL;
  g_autoptr (PrwSegment) seg = NULL;

  model = prw_discover (paths, &invalid, NULL, &error);
  fail_unless (model != NULL, "%s", error ? error->message : "?");
  assert_equals_int (g_list_model_get_n_items (model), 1);
  seg = g_list_model_get_item (model, 0);
  assert_equals_string (prw_segment_get_display_name (seg), PREFIX "S08.mov");
  assert_equals_int (prw_segment_get_number (seg), 8);
  assert_equals_int (g_strv_length (invalid), 0);
}
GST_END_TEST;

GST_START_TEST (test_cancelled)
{
  const gchar *paths[] = { dir, NULL };
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_auto (GStrv) invalid = NULL;
  g_autoptr (GError) error = NULL;
  GListModel *model;

  g_cancellable_cancel (cancellable);
  model = prw_discover (paths, &invalid, cancellable, &error);
  fail_unless (model == NULL);
  fail_unless (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  fail_unless (invalid == NULL);
}
GST_END_TEST;

static Suite *
discover_suite (void)
{
  Suite *s = suite_create ("discover");
  TCase *tc = tcase_create ("folder");

  tcase_add_unchecked_fixture (tc, setup_folder, teardown_folder);
  tcase_add_test (tc, test_folder);
  tcase_add_test (tc, test_file_list_order);
  tcase_add_test (tc, test_files_and_folders_mixed);
  tcase_add_test (tc, test_nonexistent);
  tcase_add_test (tc, test_empty_folder);
  tcase_add_test (tc, test_subfolder_given_explicitly);
  tcase_add_test (tc, test_cancelled);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (discover);
