/* libproreswriter: the report's page without a browser or media
 *
 * HTML writing (escaping, percentages, data: URIs), where the cuts are
 * for plans made of test media infos (no files), and the page rendered
 * from made-up pictures: its rows, its escaping, no script. The page in a
 * browser, with real media, is test_report.py. */

#include <check.h>
#include <string.h>

#include "prw-media-info-private.h"
#include "prw-test-support.h"
#include "report/prw-html-private.h"
#include "report/prw-report-page-private.h"
#include "report/prw-thumbnailer-private.h"
#include <proreswriter/proreswriter.h>

#define CODEC "ap4h"

static gchar *
html (void (*fill) (GString *))
{
  GString *s = g_string_new (NULL);

  fill (s);
  return g_string_free (s, FALSE);
}

static void
fill_escaped (GString *s)
{
  prw_html_append (s, "<p title=\"%s\">%s %d %" G_GINT64_FORMAT " %u%%</p>",
                   "a \"q\" 'b'", "<x> & y", -3, (gint64) 1 << 40, 7u);
}

START_TEST (test_escaping)
{
  g_autofree gchar *got = html (fill_escaped);
  GString *s = g_string_new (NULL);

  ck_assert_str_eq (got, "<p title=\"a &quot;q&quot; &#39;b&#39;\">&lt;x&gt; "
                         "&amp; y -3 1099511627776 7%</p>");
  /* invalid UTF-8 and control characters never reach the page */
  prw_html_append_text (s, "a\xff"
                           "b\x01"
                           "c\td");
  ck_assert_str_eq (s->str, "a\xef\xbf\xbd"
                            "b\xef\xbf\xbd"
                            "c\td");
  g_string_free (s, TRUE);
}
END_TEST

START_TEST (test_percent_and_data_uri)
{
  GString *s = g_string_new (NULL);
  g_autoptr (GBytes) bytes = g_bytes_new_static ("abcd", 4);

  prw_html_append_percent (s, 1, 3);
  g_string_append_c (s, ' ');
  prw_html_append_percent (s, 0, 10);
  g_string_append_c (s, ' ');
  prw_html_append_percent (s, 10, 10);
  g_string_append_c (s, ' ');
  prw_html_append_percent (s, 1, 1000000);
  g_string_append_c (s, ' ');
  prw_html_append_percent (s, 2, 3);
  ck_assert_str_eq (s->str, "33.3333% 0.0000% 100.0000% 0.0001% 66.6667%");
  g_string_truncate (s, 0);
  prw_html_append_data_uri (s, "image/jpeg", bytes);
  ck_assert_str_eq (s->str, "data:image/jpeg;base64,YWJjZA==");
  g_string_free (s, TRUE);
}
END_TEST

START_TEST (test_thumbnail_height)
{
  ck_assert_uint_eq (prw_thumbnail_height_for (4096, 2928, 320), 228);
  ck_assert_uint_eq (prw_thumbnail_height_for (1920, 1080, 320), 180);
  ck_assert_uint_eq (prw_thumbnail_height_for (128, 96, 320), 240);
  ck_assert_uint_eq (prw_thumbnail_height_for (720, 486, 320), 216);
  ck_assert_uint_eq (prw_thumbnail_height_for (10000, 1, 320), 2);
}
END_TEST

static PrwMediaInfo *
info (const gchar *path, gint64 start_frame, gint64 frames)
{
  g_autoptr (PrwTimecode) tc
      = prw_timecode_new (25, 1, FALSE, 90000 + start_frame);

  return prw_media_info_new_for_test (path, CODEC, 1920, 1080, 25, 1, frames,
                                      tc);
}

/* base: 100 frames from 01:00:00:00; segments (record in, frames), added
 * in this order:
 *
 *   record   0         1         2         3   ...   9         10
 *            0123456789012345678901234567890   ...   0123456789
 *   base     ##############################    ...   ##########
 *   hidden             EE                                       (under A)
 *   A                  AAAAAAAAAA
 *   B                            BBBBB                          (butts A)
 *   C     CCCCC                                                 (3 dropped)
 *   D                                                ^95 DDDDD  (5 dropped)
 *   F                     FF                                    (inside A)
 */
static PrwPlan *
make_plan (void)
{
  g_autoptr (PrwMediaInfo) base = info ("base.mov", 0, 100);
  PrwPlan *plan = prw_plan_new (base);
  const struct {
    const gchar *name;
    gint64 in, frames;
  } segs[] = {
    { "E hidden.mov", 12, 2 }, { "A <1> & \"x\".mov", 10, 10 },
    { "B.mov", 20, 5 },        { "C.mov", -3, 5 },
    { "D.mov", 95, 10 },       { "F.mov", 13, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (segs); i++) {
    g_autoptr (PrwMediaInfo) m
        = info (segs[i].name, segs[i].in, segs[i].frames);
    g_autoptr (PrwSegment) seg = prw_segment_new (m);

    ck_assert (prw_plan_add_segment (plan, seg, NULL));
  }
  ck_assert (prw_plan_seal (plan, NULL));
  return plan;
}

START_TEST (test_cuts)
{
  g_autoptr (PrwPlan) plan = make_plan ();
  g_autoptr (PrwReport) report = prw_report_new (plan, "out.mov");
  /* C's end; A in; F in and out (A resumes: a cut); A->B; B out; D in;
   * the end */
  const gint64 expected[] = { 0, 2, 10, 13, 15, 20, 25, 95, 100 };

  ck_assert_uint_eq (prw_report_get_n_cuts (report), G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    ck_assert_int_eq (prw_report_get_cut_record_frame (report, i), expected[i]);
  ck_assert_str_eq (prw_report_get_title (report), "Splice report: out.mov");
  prw_report_set_title (report, "Reel 1 <A>");
  ck_assert_str_eq (prw_report_get_title (report), "Reel 1 <A>");
  prw_report_set_title (report, NULL);
  ck_assert_str_eq (prw_report_get_title (report), "Splice report: out.mov");
}
END_TEST

static guint
count (const gchar *haystack, const gchar *needle)
{
  guint n = 0;

  for (const gchar *p = haystack; (p = strstr (p, needle)); p++)
    n++;
  return n;
}

START_TEST (test_page)
{
  g_autoptr (PrwPlan) plan = make_plan ();
  g_autoptr (PrwMediaInfo) out = info ("out <put>.mov", 0, 100);
  g_autoptr (GBytes) pic = g_bytes_new_static ("JPEG", 4);
  PrwReportCut cuts[] = {
    { 0, PRW_REPORT_NO_SOURCE, 3, NULL, pic },
    { 10, PRW_RANGE_SOURCE_BASE, 1, pic, pic },
    { 100, 4, PRW_REPORT_NO_SOURCE, pic, NULL },
  };
  PrwReportPage page = {
    .plan = plan,
    .output = out,
    .title = "T <&>",
    .verify_run = TRUE,
    .verify_passed = FALSE,
    .frames_checked = 12,
    .verify_message = "out.mov: frame 12 <differs>",
    .cuts = cuts,
    .n_cuts = G_N_ELEMENTS (cuts),
    .picture_width = 320,
    .picture_height = 180,
  };
  g_autoptr (GString) s = g_string_new (NULL);

  prw_report_page_render (&page, s);
  ck_assert (g_str_has_prefix (s->str, "<!DOCTYPE html>"));
  ck_assert (g_str_has_suffix (s->str, "</html>\n"));
  ck_assert_uint_eq (count (s->str, "<div class=\"cut\""), 3);
  ck_assert_uint_eq (count (s->str, "<img "), 4);
  ck_assert_uint_eq (count (s->str, "loading=\"lazy\""), 4);
  ck_assert_uint_eq (count (s->str, "data:image/jpeg;base64,SlBFRw=="), 4);
  ck_assert_uint_eq (count (s->str, "start of the movie"), 1);
  ck_assert_uint_eq (count (s->str, "end of the movie"), 1);
  ck_assert_uint_eq (count (s->str, "<script"), 0);
  ck_assert (strstr (s->str, "<title>T &lt;&amp;&gt;</title>"));
  ck_assert (strstr (s->str, "FAILED after 12 frames: out.mov: frame 12 "
                             "&lt;differs&gt;"));
  ck_assert (strstr (s->str, "out &lt;put&gt;.mov"));
  ck_assert (strstr (s->str, "data-source=\"A &lt;1&gt; &amp; &quot;x&quot;"
                             ".mov\""));
  ck_assert (!strstr (s->str, "A <1>"));
  /* cut 2: base frame 9 before, A's first frame after, with timecodes */
  ck_assert (strstr (s->str, "<h3>Cut 2 at 01:00:00:10 (frame 10): base.mov "
                             "&rarr; A &lt;1&gt; &amp; &quot;x&quot;.mov"
                             "</h3>"));
  ck_assert (strstr (s->str, "data-record-frame=\"9\" data-timecode="
                             "\"01:00:00:09\" data-source=\"base.mov\""));
  /* the timeline: hidden frames (E under A at 12 and under F at 13; A
   * under F at 13-14) and dropped ones */
  ck_assert_uint_eq (count (s->str, "<g class=\"overridden\">"), 3);
  ck_assert (strstr (s->str, "E hidden.mov: hidden by A &lt;1&gt;"));
  ck_assert (strstr (s->str, "E hidden.mov: hidden by F.mov"));
  ck_assert (strstr (s->str, "A &lt;1&gt; &amp; &quot;x&quot;.mov: hidden by "
                             "F.mov: record 01:00:00:13-01:00:00:14"));
  ck_assert_uint_eq (count (s->str, "<g class=\"dropped\">"), 2);
  ck_assert (strstr (s->str, "C.mov: 3 frames before the base's start "
                             "dropped"));
  ck_assert (strstr (s->str, "D.mov: 5 frames after the base's end "
                             "dropped"));
  ck_assert_uint_eq (count (s->str, "<line class=\"cut\""), 3);
}
END_TEST

static Suite *
report_suite (void)
{
  Suite *s = suite_create ("report-page");
  TCase *tc = tcase_create ("page");

  tcase_add_test (tc, test_escaping);
  tcase_add_test (tc, test_percent_and_data_uri);
  tcase_add_test (tc, test_thumbnail_height);
  tcase_add_test (tc, test_cuts);
  tcase_add_test (tc, test_page);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *runner = srunner_create (report_suite ());
  int failed;

  gst_init (NULL, NULL);
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
