/* libproreswriter: the report's page without a browser or media
 *
 * HTML writing (escaping, percentages, data: URIs), where the cuts are
 * for plans made of test media infos (no files), and the page rendered
 * from made-up pictures: its rows, its escaping, no script; layers and
 * handles on the page; the index of pages (names, escaping, nothing left
 * on failure). The page in a browser, with real media, is
 * test_report.py. */

#include <check.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
  /* record ranges, one sign each: C starts 3 frames before the base */
  ck_assert (strstr (s->str, "<td>0 to 99</td></tr>"));
  ck_assert (strstr (s->str, "<td>-3 to 1</td></tr>"));
  ck_assert (strstr (s->str, "<td>95 to 104</td></tr>"));
}
END_TEST

/* A layered plan, handles 3: base 100 frames from 01:00:00:00; G (grade)
 * at record 10, 30 frames; V (VFX) at record 30, 20 frames.
 *
 *   record    10  13        30 33 37 40    47 50
 *   G         hhh cccccccccccccccccccc hhh
 *   V                       hhh ccccccccccccc hhh
 *   output    G:h G:core.......  V:core........ V:h  base
 *
 * V's first handles yield to G's core (30-32); V's core beats G's core
 * (33-36, VFX over grade) and G's last handles (37-39). */
static PrwPlan *
make_layered_plan (void)
{
  g_autoptr (PrwMediaInfo) base = info ("base.mov", 0, 100);
  g_autoptr (PrwMediaInfo) g = info ("G.mov", 10, 30);
  g_autoptr (PrwMediaInfo) v = info ("V <vfx> & \"x\".mov", 30, 20);
  g_autoptr (PrwSegment) gs = prw_segment_new (g);
  g_autoptr (PrwSegment) vs = prw_segment_new (v);
  PrwPlan *plan = prw_plan_new (base);

  prw_plan_set_handles (plan, 3);
  ck_assert (prw_plan_add_segment_to_layer (plan, vs, PRW_LAYER_VFX, NULL));
  ck_assert (prw_plan_add_segment_to_layer (plan, gs, PRW_LAYER_GRADE, NULL));
  ck_assert (prw_plan_seal (plan, NULL));
  return plan;
}

START_TEST (test_layered_page)
{
  g_autoptr (PrwPlan) plan = make_layered_plan ();
  g_autoptr (PrwReport) report = prw_report_new (plan, "out.mov");
  g_autoptr (PrwMediaInfo) out = info ("out.mov", 0, 100);
  g_autoptr (GBytes) pic = g_bytes_new_static ("JPEG", 4);
  /* segment 0 is V, 1 is G (the order they were added) */
  PrwReportCut cuts[] = {
    { 10, PRW_RANGE_SOURCE_BASE, 1, pic, pic, FALSE, TRUE },
    { 33, 1, 0, pic, pic, FALSE, FALSE },
    { 50, 0, PRW_RANGE_SOURCE_BASE, pic, pic, TRUE, FALSE },
  };
  const gint64 expected[] = { 10, 33, 50 };
  PrwReportPage page = {
    .plan = plan,
    .output = out,
    .title = "Layers",
    .cuts = cuts,
    .n_cuts = G_N_ELEMENTS (cuts),
    .picture_width = 320,
    .picture_height = 180,
  };
  g_autoptr (GString) s = g_string_new (NULL);

  /* no cut where a segment's handles meet its core (13, 47): the
   * pictures run on there */
  ck_assert_uint_eq (prw_report_get_n_cuts (report), G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    ck_assert_int_eq (prw_report_get_cut_record_frame (report, i), expected[i]);

  prw_report_page_render (&page, s);
  /* the header: each segment's layer, the plan's handles */
  ck_assert (strstr (s->str, "<p class=\"handles\" id=\"handles\" "
                             "data-handles=\"3\">Handles: the first and last 3 "
                             "frames of every segment"));
  ck_assert (strstr (s->str, "id=\"segment-0\" data-layer=\"vfx\""));
  ck_assert (strstr (s->str, "id=\"segment-1\" data-layer=\"grade\""));
  ck_assert_uint_eq (count (s->str, "<td class=\"layer vfx\">VFX</td>"), 1);
  ck_assert_uint_eq (count (s->str, "<td class=\"layer grade\">grade</td>"), 1);
  /* the bar: G's first handles and V's last hatched, titled "handle" */
  ck_assert_uint_eq (count (s->str, "<rect class=\"handle-mark\""), 2);
  ck_assert_uint_eq (count (s->str,
                            "<g class=\"range segment grade handle\" "
                            "data-layer=\"grade\" data-part=\"handle\">"),
                     1);
  ck_assert_uint_eq (count (s->str, "<g class=\"range segment vfx handle\" "
                                    "data-layer=\"vfx\" data-part=\"handle\">"),
                     1);
  ck_assert_uint_eq (count (s->str, "<g class=\"range segment vfx\" "
                                    "data-layer=\"vfx\" data-part=\"core\">"),
                     1);
  ck_assert (strstr (s->str, "<title>G.mov (grade, handle): record "
                             "01:00:00:10-01:00:00:12 (frames 10-12, 3 "
                             "frames)</title>"));
  ck_assert (strstr (s->str, "<title>V &lt;vfx&gt; &amp; &quot;x&quot;.mov "
                             "(VFX, handle): record 01:00:01:22-01:00:01:24"));
  /* the layer band: VFX over 33-49, grade over 10-32 */
  ck_assert_uint_eq (count (s->str, "<rect class=\"layer-band vfx\""), 2);
  ck_assert_uint_eq (count (s->str, "<rect class=\"layer-band grade\""), 2);
  ck_assert (strstr (s->str, "<li class=\"key vfx\">"));
  ck_assert (strstr (s->str, "<li class=\"key handle\">"));
  /* hidden frames: G's core under V's core (33-36), G's last handles and
   * V's first handles yielding (37-39, 30-32) */
  ck_assert_uint_eq (count (s->str, "<g class=\"overridden\">"), 1);
  ck_assert_uint_eq (count (s->str, "<g class=\"overridden handles\">"), 2);
  ck_assert (strstr (s->str, "G.mov (grade): hidden by V &lt;vfx&gt; &amp; "
                             "&quot;x&quot;.mov (VFX): record "
                             "01:00:01:08-01:00:01:11"));
  ck_assert (strstr (s->str, "V &lt;vfx&gt; &amp; &quot;x&quot;.mov (VFX): "
                             "its handles yield to the core of G.mov "
                             "(grade): record 01:00:01:05-01:00:01:07"));
  ck_assert (strstr (s->str, "G.mov (grade): its handles yield to the core "
                             "of V &lt;vfx&gt; &amp; &quot;x&quot;.mov (VFX): "
                             "record 01:00:01:12-01:00:01:14"));
  /* cut rows and captions name the layer and part */
  ck_assert (strstr (s->str, "<h3>Cut 1 at 01:00:00:10 (frame 10): base.mov "
                             "&rarr; G.mov (grade, handle)</h3>"));
  ck_assert (strstr (s->str, "<h3>Cut 2 at 01:00:01:08 (frame 33): G.mov "
                             "(grade) &rarr; V &lt;vfx&gt; &amp; &quot;x&quot;"
                             ".mov (VFX)</h3>"));
  ck_assert (strstr (s->str, "<h3>Cut 3 at 01:00:02:00 (frame 50): V "
                             "&lt;vfx&gt; &amp; &quot;x&quot;.mov (VFX, "
                             "handle) &rarr; base.mov</h3>"));
  ck_assert (strstr (s->str, "data-source=\"G.mov\" data-source-kind=\"segment"
                             "\" data-layer=\"grade\" data-part=\"handle\">"));
  ck_assert (strstr (s->str, "<span class=\"src\">G.mov</span><span "
                             "class=\"part\"> (grade, handle)</span>"
                             "</figcaption>"));
  ck_assert_uint_eq (count (s->str, "data-source-kind=\"base\" data-layer="
                                    "\"base\" data-part=\"base\""),
                     2);
  ck_assert (!strstr (s->str, "<vfx>"));
  ck_assert (!strstr (s->str, "<nav"));
}
END_TEST

/* A plan without handles or VFX shows names bare and says it has no
 * handles. */
START_TEST (test_unlayered_names)
{
  g_autoptr (PrwPlan) plan = make_plan ();
  g_autoptr (PrwMediaInfo) out = info ("out.mov", 0, 100);
  PrwReportPage page = {
    .plan = plan,
    .output = out,
    .title = "T",
    .picture_width = 320,
    .picture_height = 180,
    .index_href = "index <1>.html",
  };
  g_autoptr (GString) s = g_string_new (NULL);

  prw_report_page_render (&page, s);
  ck_assert (strstr (s->str, "data-handles=\"0\">Handles: none</p>"));
  ck_assert (!strstr (s->str, "(grade"));
  ck_assert (!strstr (s->str, "handle-mark"));
  ck_assert_uint_eq (count (s->str, "<td class=\"layer grade\">grade</td>"), 6);
  ck_assert (strstr (s->str, "<nav class=\"index\"><a href=\"index &lt;1&gt;"
                             ".html\" rel=\"up\">"));
}
END_TEST

/* ---- the index ---- */

static gchar *
read_file (const gchar *path)
{
  gchar *text = NULL;

  ck_assert_msg (g_file_get_contents (path, &text, NULL, NULL), "%s", path);
  return text;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar *const *) a, *(const gchar *const *) b);
}

/* The names in a folder, sorted, joined with '|'. */
static gchar *
list_dir (const gchar *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const gchar *name;

  if (dir == NULL)
    return g_strdup ("(none)");
  while ((name = g_dir_read_name (dir)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("|", (gchar **) names->pdata);
}

static void
remove_tree (const gchar *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const gchar *name;

  if (dir != NULL) {
    while ((name = g_dir_read_name (dir))) {
      g_autofree gchar *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  }
  g_rmdir (path);
}

START_TEST (test_index_page_names)
{
  g_autoptr (PrwPlan) plan = make_plan ();
  g_autoptr (PrwReport) report = prw_report_new (plan, "out.mov");
  g_autoptr (PrwReportIndex) index = prw_report_index_new ();
  g_autofree gchar *long_name = g_strnfill (300, 'x');
  const struct {
    const gchar *name;
    gboolean with_report;
    const gchar *page;
  } rows[] = {
    { "A001C003", TRUE, "A001C003.html" },
    { "a001c003", TRUE, "a001c003-2.html" }, /* letter case aside */
    { "index", TRUE, "index-2.html" },       /* index.html is the index's */
    { "INDEX", TRUE, "INDEX-3.html" },
    { ".hidden/day 1\\x\t<b> & \"c\" 'd'", TRUE,
      "_hidden_day 1_x_<b> & \"c\" 'd'.html" },
    { "", TRUE, "source.html" },
    { "failed", FALSE, NULL },
    { "r\xc3\xa9"
      "el \xe2\x9c\x93",
      TRUE,
      "r\xc3\xa9"
      "el \xe2\x9c\x93.html" },
  };

  ck_assert_str_eq (prw_report_index_get_title (index), "Splice reports");
  prw_report_index_set_title (index, "Day <1>");
  ck_assert_str_eq (prw_report_index_get_title (index), "Day <1>");
  prw_report_index_set_title (index, NULL);
  ck_assert_str_eq (prw_report_index_get_title (index), "Splice reports");

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++) {
    guint row = prw_report_index_add_source (
        index, rows[i].name, rows[i].with_report ? report : NULL,
        rows[i].with_report, NULL);

    ck_assert_uint_eq (row, i);
    if (rows[i].page == NULL)
      ck_assert_ptr_null (prw_report_index_get_page_name (index, i));
    else
      ck_assert_str_eq (prw_report_index_get_page_name (index, i),
                        rows[i].page);
  }
  /* a long name is cut on a character's boundary, under NAME_MAX with
   * the atomic output's temporary name around it */
  prw_report_index_add_source (index, long_name, report, TRUE, NULL);
  ck_assert_uint_eq (
      strlen (prw_report_index_get_page_name (index, G_N_ELEMENTS (rows))),
      205);
  ck_assert_uint_eq (prw_report_index_get_n_sources (index),
                     G_N_ELEMENTS (rows) + 1);
}
END_TEST

/* Rows without pages (failed jobs): the index alone, escaped, and
 * nothing else in the folder, which is made. */
START_TEST (test_index_without_pages)
{
  g_autofree gchar *tmp = g_dir_make_tmp ("prw-index-XXXXXX", NULL);
  g_autofree gchar *dir = g_build_filename (tmp, "reports <&>", NULL);
  g_autofree gchar *index_path = g_build_filename (dir, "index.html", NULL);
  g_autoptr (PrwReportIndex) index = prw_report_index_new ();
  g_autoptr (GError) error = NULL;
  g_autofree gchar *html = NULL;
  g_autofree gchar *listing = NULL;

  prw_report_index_set_title (index, "Shoot <day> & \"1\"");
  prw_report_index_add_source (index, "A<001> & \"C\" 'x'", NULL, FALSE,
                               "failed: A.mov: <bad> & worse");
  prw_report_index_add_source (index, "B002", NULL, TRUE,
                               "unchanged since the last run");
  ck_assert (prw_report_index_write (index, dir, FALSE, NULL, &error));
  ck_assert_msg (error == NULL, "%s", error->message);
  listing = list_dir (dir);
  ck_assert_str_eq (listing, "index.html");
  html = read_file (index_path);
  ck_assert (strstr (html, "<title>Shoot &lt;day&gt; &amp; &quot;1&quot;"
                           "</title>"));
  ck_assert (strstr (html, "2 sources: 1 succeeded, 1 failed"));
  ck_assert (strstr (html, "<tr class=\"source failed\" id=\"source-1\" "
                           "data-name=\"A&lt;001&gt; &amp; &quot;C&quot; "
                           "&#39;x&#39;\"><th class=\"name\">A&lt;001&gt; "
                           "&amp; &quot;C&quot; &#39;x&#39;</th>"
                           "<td class=\"page none\">no page</td>"));
  ck_assert (strstr (html, "<td class=\"result\">failed: A.mov: &lt;bad&gt; "
                           "&amp; worse</td>"));
  ck_assert (strstr (html, "<tr class=\"source ok\" id=\"source-2\""));
  ck_assert (!strstr (html, "<a "));
  ck_assert (!strstr (html, "<script"));
  ck_assert (!strstr (html, "<001>"));

  /* again: it exists; with overwrite it is replaced */
  ck_assert (!prw_report_index_write (index, dir, FALSE, NULL, &error));
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_OUTPUT_EXISTS));
  ck_assert (strstr (error->message, index_path));
  g_clear_error (&error);
  prw_report_index_set_title (index, "Again");
  ck_assert (prw_report_index_write (index, dir, TRUE, NULL, &error));
  g_free (html);
  html = read_file (index_path);
  ck_assert (strstr (html, "<title>Again</title>"));
  g_free (listing);
  listing = list_dir (dir);
  ck_assert_str_eq (listing, "index.html");
  remove_tree (tmp);
}
END_TEST

/* A page that cannot be made (its output is missing) fails the whole
 * index: nothing is left, not even the folder this call made. */
START_TEST (test_index_failure_leaves_nothing)
{
  g_autofree gchar *tmp = g_dir_make_tmp ("prw-index-XXXXXX", NULL);
  g_autofree gchar *dir = g_build_filename (tmp, "reports", NULL);
  g_autofree gchar *missing = g_build_filename (tmp, "missing.mov", NULL);
  g_autoptr (PrwPlan) plan = make_plan ();
  g_autoptr (PrwReport) report = prw_report_new (plan, missing);
  g_autoptr (PrwReportIndex) index = prw_report_index_new ();
  g_autoptr (GError) error = NULL;
  g_autofree gchar *listing = NULL;
  g_autofree gchar *nested = g_build_filename (tmp, "no", "such", NULL);
  g_autofree gchar *file = g_build_filename (tmp, "file", NULL);
  g_autofree gchar *page = g_build_filename (dir, "B.html", NULL);

  prw_report_index_add_source (index, "A", NULL, FALSE, "failed");
  prw_report_index_add_source (index, "B", report, TRUE, "printed");
  ck_assert (!prw_report_index_write (index, dir, FALSE, NULL, &error));
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_NOT_FOUND));
  ck_assert_msg (strstr (error->message, missing), "%s", error->message);
  listing = list_dir (tmp);
  ck_assert_str_eq (listing, "");
  g_clear_error (&error);

  /* the same into a folder that exists: it stays as it was */
  ck_assert_int_eq (g_mkdir (dir, 0777), 0);
  ck_assert (g_file_set_contents (page, "old", -1, NULL));
  ck_assert (!prw_report_index_write (index, dir, TRUE, NULL, &error));
  g_clear_error (&error);
  g_free (listing);
  listing = list_dir (dir);
  ck_assert_str_eq (listing, "B.html");
  {
    g_autofree gchar *old = read_file (page);

    ck_assert_str_eq (old, "old");
  }

  /* a folder whose parent is missing; a file where the folder should be */
  ck_assert (!prw_report_index_write (index, nested, FALSE, NULL, &error));
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_NOT_FOUND));
  ck_assert (strstr (error->message, "does not exist"));
  g_clear_error (&error);
  ck_assert (g_file_set_contents (file, "x", -1, NULL));
  ck_assert (!prw_report_index_write (index, file, FALSE, NULL, &error));
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_IO));
  ck_assert (strstr (error->message, "is not a folder"));
  g_clear_error (&error);
  /* a page's name taken by a report's own movie: refused, kept */
  {
    g_autofree gchar *movie = g_build_filename (dir, "index.html", NULL);
    g_autoptr (PrwReport) other = prw_report_new (plan, movie);
    g_autoptr (PrwReportIndex) index2 = prw_report_index_new ();

    ck_assert (g_file_set_contents (movie, "movie", -1, NULL));
    prw_report_index_add_source (index2, "C", other, TRUE, NULL);
    ck_assert (!prw_report_index_write (index2, dir, TRUE, NULL, &error));
    ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_SAME_FILE));
    g_clear_error (&error);
    g_free (listing);
    listing = list_dir (dir);
    ck_assert_str_eq (listing, "B.html|index.html");
  }
  remove_tree (tmp);
}
END_TEST

/* An unwritable folder: a permission error naming it, nothing left. Root
 * writes anywhere, so as root the test becomes nobody first (each test
 * runs in a child process of its own). */
START_TEST (test_index_unwritable_dir)
{
  g_autofree gchar *tmp = NULL;
  g_autofree gchar *dir = NULL;
  g_autofree gchar *sub = NULL;
  g_autoptr (PrwReportIndex) index = prw_report_index_new ();
  g_autoptr (GError) error = NULL;
  g_autofree gchar *listing = NULL;

  if (geteuid () == 0)
    ck_assert_int_eq (setuid (65534), 0);
  ck_assert_int_ne (geteuid (), 0);
  tmp = g_dir_make_tmp ("prw-index-XXXXXX", NULL);
  ck_assert (tmp != NULL);
  dir = g_build_filename (tmp, "ro", NULL);
  sub = g_build_filename (dir, "new", NULL);
  ck_assert_int_eq (g_mkdir (dir, 0555), 0);
  prw_report_index_add_source (index, "A", NULL, TRUE, "printed");

  ck_assert (!prw_report_index_write (index, dir, FALSE, NULL, &error));
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_PERMISSION_DENIED));
  ck_assert_msg (g_str_has_prefix (error->message, dir), "%s", error->message);
  g_clear_error (&error);
  listing = list_dir (dir);
  ck_assert_str_eq (listing, "");
  /* a new folder inside it cannot be made either */
  ck_assert (!prw_report_index_write (index, sub, FALSE, NULL, &error));
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_PERMISSION_DENIED));
  ck_assert_msg (strstr (error->message, sub), "%s", error->message);
  g_free (listing);
  listing = list_dir (dir);
  ck_assert_str_eq (listing, "");
  g_chmod (dir, 0755);
  remove_tree (tmp);
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
  tcase_add_test (tc, test_layered_page);
  tcase_add_test (tc, test_unlayered_names);
  tcase_add_test (tc, test_index_page_names);
  tcase_add_test (tc, test_index_without_pages);
  tcase_add_test (tc, test_index_failure_leaves_nothing);
  tcase_add_test (tc, test_index_unwritable_dir);
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
