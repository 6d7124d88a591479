/* libproreswriter: the splice report's page (see prw-report-page-private.h)
 *
 * Layout: a header (the output, the base and every segment with their
 * facts; the verify result), the timeline (an SVG bar of the whole base,
 * one rectangle per range coloured by source, segments labelled, the
 * frames a later segment hides and the frames dropped outside the base
 * marked below it, a tick per cut linking to its row, record timecodes in
 * each shape's <title>), the plan's warnings, then one row per cut with
 * the last frame before it and the first frame after it.
 *
 * Positions on the timeline are percentages of the base's length, so the
 * SVG stretches to the page's width without distorting its text; they
 * are computed from frame counts with integer arithmetic.
 */
#include "prw-report-page-private.h"

#include "prw-html-private.h"

#define BASE_COLOUR "#5a5a5a"

static const gchar *page_style
    = "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#111;"
      "background:#fafafa}"
      "h1{font-size:1.4em;margin:0 0 .5em}h2{font-size:1.15em;margin:1.5em 0 "
      ".5em}"
      "table.media{border-collapse:collapse;font-size:13px}"
      "table.media th,table.media td{border:1px solid #ccc;padding:2px 6px;"
      "text-align:left;vertical-align:top}"
      "table.media td.path{font-family:monospace;word-break:break-all}"
      ".swatch{display:inline-block;width:.9em;height:.9em;margin-right:.4em;"
      "vertical-align:-.1em;border:1px solid #0004}"
      ".verify{padding:.4em .7em;border-radius:4px;display:inline-block}"
      ".verify.passed{background:#d9f2d9}.verify.failed{background:#f8d4d4}"
      ".verify.not-run{background:#eee}"
      "svg.timeline{width:100%;height:96px;display:block;background:#fff;"
      "border:1px solid #ccc}"
      "svg.timeline text{font:11px sans-serif}"
      ".warnings li{margin:.2em 0}"
      ".cut{display:flex;flex-wrap:wrap;align-items:flex-start;gap:12px;"
      "padding:8px 0;border-top:1px solid #ddd}"
      ".cut h3{flex:0 0 100%;margin:0;font-size:13px;font-weight:600}"
      ".frame{margin:0;background:#fff;border:1px solid #ccc;padding:4px}"
      ".frame img,.frame .none{display:block;background:#000}"
      ".frame .none{color:#aaa;display:flex;align-items:center;"
      "justify-content:center}"
      ".frame figcaption{font-size:12px;margin-top:3px}"
      ".frame .tc{font-family:monospace;font-weight:600}"
      ".cut .edge{align-self:center;font-size:20px;color:#888}";

/* A colour per source: the base grey, segments spread around the hue
 * circle by the golden angle (about 137 degrees). */
static void
append_colour (GString *out, gint source)
{
  if (source == PRW_RANGE_SOURCE_BASE)
    g_string_append (out, BASE_COLOUR);
  else
    g_string_append_printf (out, "hsl(%d,70%%,%d%%)", (source * 137) % 360,
                            45 + (source % 3) * 8);
}

static const gchar *
source_name (PrwPlan *plan, gint source)
{
  if (source == PRW_REPORT_NO_SOURCE)
    return NULL;
  if (source == PRW_RANGE_SOURCE_BASE)
    return NULL; /* see source_label () */
  return prw_segment_get_display_name (prw_plan_get_segment (plan, source));
}

/* The name a source is shown under: a segment's file name; the base's
 * file name too, in a variable the caller frees. */
static gchar *
source_label (PrwPlan *plan, gint source)
{
  if (source == PRW_REPORT_NO_SOURCE)
    return g_strdup ("");
  if (source == PRW_RANGE_SOURCE_BASE)
    return g_filename_display_basename (
        prw_media_info_get_path (prw_plan_get_base (plan)));
  return g_strdup (source_name (plan, source));
}

static gchar *
record_timecode (PrwPlan *plan, gint64 record)
{
  const PrwTimecode *start
      = prw_media_info_get_start_timecode (prw_plan_get_base (plan));
  g_autoptr (PrwTimecode) tc = NULL;

  if (start == NULL)
    return g_strdup_printf ("frame %" G_GINT64_FORMAT, record);
  tc = prw_timecode_add_frames (start, record);
  return prw_timecode_to_string (tc);
}

static gchar *
rate_label (PrwMediaInfo *info)
{
  const PrwTimecode *tc = prw_media_info_get_start_timecode (info);
  gchar *name = prw_timecode_rate_to_string (prw_media_info_get_rate_num (info),
                                             prw_media_info_get_rate_den (info),
                                             tc != NULL && tc->drop_frame);

  return name != NULL
             ? name
             : g_strdup_printf ("%u/%u", prw_media_info_get_rate_num (info),
                                prw_media_info_get_rate_den (info));
}

/* One row of the media table. */
static void
append_media_row (GString *out, PrwPlan *plan, const gchar *kind,
                  const gchar *css_class, gint source, PrwMediaInfo *info,
                  const gchar *record)
{
  g_autofree gchar *path
      = g_filename_display_name (prw_media_info_get_path (info));
  g_autofree gchar *rate = rate_label (info);
  const PrwTimecode *start = prw_media_info_get_start_timecode (info);
  g_autofree gchar *tc = start ? prw_timecode_to_string (start) : NULL;
  const gchar *codec = prw_media_info_get_codec_name (info);

  prw_html_append (out, "<tr class=\"%s\"", css_class);
  if (source >= 0)
    prw_html_append (out, " id=\"segment-%d\"", source);
  g_string_append (out, "><th>");
  if (source != PRW_REPORT_NO_SOURCE) {
    g_string_append (out, "<span class=\"swatch\" style=\"background:");
    append_colour (out, source);
    g_string_append (out, "\"></span>");
  }
  prw_html_append (
      out,
      "%s</th><td class=\"path\">%s</td><td>%s (%s)</td>"
      "<td>%ux%u</td><td>%s</td><td>%" G_GINT64_FORMAT
      "</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
      kind, path, codec ? codec : "ProRes",
      prw_media_info_get_codec_fourcc (info), prw_media_info_get_width (info),
      prw_media_info_get_height (info), rate,
      prw_media_info_get_frame_count (info), tc ? tc : "none",
      prw_media_info_get_reel_name (info) ? prw_media_info_get_reel_name (info)
                                          : "",
      record ? record : "");
}

static void
append_header (GString *out, const PrwReportPage *page)
{
  PrwPlan *plan = page->plan;
  PrwMediaInfo *base = prw_plan_get_base (plan);
  gint64 n = prw_media_info_get_frame_count (base);

  prw_html_append (out, "<header>\n<h1>%s</h1>\n", page->title);
  if (!page->verify_run)
    g_string_append (out, "<p class=\"verify not-run\" id=\"verify\">Verify: "
                          "not run</p>\n");
  else if (page->verify_passed)
    prw_html_append (out,
                     "<p class=\"verify passed\" id=\"verify\">Verify: passed, "
                     "%" G_GUINT64_FORMAT " frames match the plan</p>\n",
                     page->frames_checked);
  else
    prw_html_append (out,
                     "<p class=\"verify failed\" id=\"verify\">Verify: "
                     "FAILED after %" G_GUINT64_FORMAT " frames: %s</p>\n",
                     page->frames_checked,
                     page->verify_message ? page->verify_message : "");

  g_string_append (out, "<table class=\"media\">\n<thead><tr><th></th>"
                        "<th>File</th><th>Codec</th><th>Size</th>"
                        "<th>Rate</th><th>Frames</th><th>Start</th>"
                        "<th>Reel</th><th>Record frames</th></tr></thead>\n"
                        "<tbody>\n");
  append_media_row (out, plan, "Output", "output", PRW_REPORT_NO_SOURCE,
                    page->output, NULL);
  {
    g_autofree gchar *all
        = g_strdup_printf ("0-%" G_GINT64_FORMAT, MAX (n - 1, 0));

    append_media_row (out, plan, "Base", "base", PRW_RANGE_SOURCE_BASE, base,
                      all);
  }
  for (guint i = 0; i < prw_plan_get_n_segments (plan); i++) {
    PrwSegment *segment = prw_plan_get_segment (plan, i);
    gint64 in = prw_plan_get_segment_record_in (plan, i);
    g_autofree gchar *record
        = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, in,
                           in + prw_segment_get_frame_count (segment) - 1);
    g_autofree gchar *kind = g_strdup_printf ("Segment %u", i + 1);

    append_media_row (out, plan, kind, "segment", (gint) i,
                      prw_segment_get_media (segment), record);
  }
  g_string_append (out, "</tbody>\n</table>\n</header>\n");
}

/* A rectangle of the timeline from record frame from to to (exclusive). */
static void
append_rect (GString *out, gint64 from, gint64 to, gint64 n, gint y,
             gint height)
{
  g_string_append (out, "<rect x=\"");
  prw_html_append_percent (out, from, n);
  g_string_append (out, "\" width=\"");
  prw_html_append_percent (out, to - from, n);
  g_string_append_printf (out, "\" y=\"%d\" height=\"%d\"", y, height);
}

static void
append_range_title (GString *out, PrwPlan *plan, gint64 from, gint64 to,
                    const gchar *what)
{
  g_autofree gchar *a = record_timecode (plan, from);
  g_autofree gchar *b = record_timecode (plan, to - 1);

  prw_html_append (out,
                   "<title>%s: record %s-%s (frames %" G_GINT64_FORMAT
                   "-%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                   " frames)</title>",
                   what, a, b, from, to - 1, to - from);
}

/* The frames of segment s that land in the base but that a later segment
 * hides, marked below the bar. */
static void
append_overridden (GString *out, PrwPlan *plan, guint s, gint64 n)
{
  gint64 in = prw_plan_get_segment_record_in (plan, s);
  gint64 from
      = MAX (in, 0),
      to = MIN (
          in + prw_segment_get_frame_count (prw_plan_get_segment (plan, s)), n);
  const gchar *name = source_name (plan, (gint) s);

  for (guint i = 0; i < prw_plan_get_n_ranges (plan) && from < to; i++) {
    const PrwRange *r = prw_plan_get_range (plan, i);
    gint64 a = MAX (r->record_in, from),
           b = MIN (prw_range_get_record_out (r), to);
    g_autofree gchar *what = NULL;

    if (a >= b || r->source == (gint) s)
      continue;
    what = g_strdup_printf ("%s: hidden by %s", name,
                            r->source >= 0 ? source_name (plan, r->source)
                                           : "the base");
    g_string_append (out, "<g class=\"overridden\">");
    append_rect (out, a, b, n, 66, 8);
    g_string_append (out, " fill=\"url(#hatch)\" stroke=\"#c00\" "
                          "stroke-width=\"1\">");
    append_range_title (out, plan, a, b, what);
    g_string_append (out, "</rect></g>\n");
  }
}

/* Frames of segment s outside the base: a mark at the bar's end. */
static void
append_dropped (GString *out, PrwPlan *plan, guint s, gint64 n)
{
  gint64 in = prw_plan_get_segment_record_in (plan, s);
  gint64 frames = prw_segment_get_frame_count (prw_plan_get_segment (plan, s));
  const gchar *name = source_name (plan, (gint) s);
  gint64 before = in < 0 ? MIN (-in, frames) : 0;
  gint64 after = in + frames > n ? MIN (in + frames - n, frames) : 0;

  if (before > 0)
    prw_html_append (out,
                     "<g class=\"dropped\"><polygon points=\"0,66 10,70 0,74\" "
                     "fill=\"#c00\"><title>%s: %" G_GINT64_FORMAT
                     " frames before the base's start dropped</title>"
                     "</polygon></g>\n",
                     name, before);
  if (after > 0)
    prw_html_append (
        out,
        "<g class=\"dropped\"><svg x=\"100%%\" overflow=\"visible\">"
        "<polygon points=\"0,66 -10,70 0,74\" fill=\"#c00\">"
        "<title>%s: %" G_GINT64_FORMAT
        " frames after the base's end dropped</title></polygon>"
        "</svg></g>\n",
        name, after);
}

/* A segment's label above the bar, on the first of two lines with room
 * (the timeline taken as 1000 pixels, 7 a character): its file name where
 * it fits before the next segment's frames (next_in), else its number in
 * the header's table; none where neither line has room (the range's title
 * still names it). */
static void
append_label (GString *out, const PrwRange *r, gint64 next_in, gint64 n,
              const gchar *name, gint64 label_end[2])
{
  gint64 x = r->record_in * 1000 / n;
  gint64 room = (next_in - r->record_in) * 1000 / n;
  g_autofree gchar *number = g_strdup_printf ("%d", r->source + 1);
  const gchar *text
      = (gint64) g_utf8_strlen (name, -1) * 7 + 4 <= room ? name : number;
  gint64 end = x + (gint64) g_utf8_strlen (text, -1) * 7 + 4;

  for (guint line = 0; line < 2; line++) {
    if (x >= label_end[line]) {
      label_end[line] = end;
      g_string_append (out, "<text class=\"label\" x=\"");
      prw_html_append_percent (out, r->record_in, n);
      prw_html_append (out, "\" y=\"%d\" dx=\"1\">%s</text>\n",
                       line == 0 ? 13 : 26, text);
      return;
    }
  }
}

static void
append_timeline (GString *out, const PrwReportPage *page)
{
  PrwPlan *plan = page->plan;
  PrwMediaInfo *base = prw_plan_get_base (plan);
  gint64 n = prw_media_info_get_frame_count (base);
  g_autofree gchar *first = record_timecode (plan, 0);
  g_autofree gchar *last = record_timecode (plan, MAX (n - 1, 0));
  /* where each line of labels is taken up to, in thousandths */
  gint64 label_end[2] = { G_MININT64, G_MININT64 };

  g_string_append (out, "<section id=\"timeline\">\n<h2>Timeline</h2>\n");
  if (n <= 0) {
    g_string_append (out, "<p>The base has no frames.</p>\n</section>\n");
    return;
  }
  g_string_append (
      out, "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" "
           "role=\"img\" aria-label=\"Timeline of the base, by source\">\n"
           "<defs><pattern id=\"hatch\" width=\"4\" height=\"4\" "
           "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
           "<rect width=\"2\" height=\"4\" fill=\"#c00\"/></pattern></defs>\n");

  /* the bar: every range, coloured by source */
  for (guint i = 0; i < prw_plan_get_n_ranges (plan); i++) {
    const PrwRange *r = prw_plan_get_range (plan, i);
    g_autofree gchar *label = source_label (plan, r->source);

    prw_html_append (out, "<g class=\"range %s\">",
                     r->source == PRW_RANGE_SOURCE_BASE ? "base" : "segment");
    append_rect (out, r->record_in, prw_range_get_record_out (r), n, 30, 30);
    g_string_append (out, " fill=\"");
    append_colour (out, r->source);
    /* a stroke of the same colour keeps a one-frame range visible */
    g_string_append (out, "\" stroke=\"");
    append_colour (out, r->source);
    g_string_append (out, "\" stroke-width=\"1\">");
    append_range_title (out, plan, r->record_in, prw_range_get_record_out (r),
                        label);
    g_string_append (out, "</rect></g>\n");

    if (r->source >= 0) {
      gint64 next_in = n;

      for (guint j = i + 1; j < prw_plan_get_n_ranges (plan); j++) {
        if (prw_plan_get_range (plan, j)->source >= 0) {
          next_in = prw_plan_get_range (plan, j)->record_in;
          break;
        }
      }
      append_label (out, r, next_in, n, label, label_end);
    }
  }
  /* what is hidden or dropped */
  for (guint s = 0; s < prw_plan_get_n_segments (plan); s++) {
    append_overridden (out, plan, s, n);
    append_dropped (out, plan, s, n);
  }
  /* a tick per cut, linking to its row */
  for (guint i = 0; i < page->n_cuts; i++) {
    const PrwReportCut *cut = &page->cuts[i];
    g_autofree gchar *tc = record_timecode (plan, cut->record_frame);

    prw_html_append (out, "<a href=\"#cut-%u\"><line class=\"cut\" x1=\"",
                     i + 1);
    prw_html_append_percent (out, cut->record_frame, n);
    g_string_append (out, "\" x2=\"");
    prw_html_append_percent (out, cut->record_frame, n);
    prw_html_append (
        out,
        "\" y1=\"60\" y2=\"66\" stroke=\"#000\" "
        "stroke-width=\"2\"><title>cut %u at %s (frame %" G_GINT64_FORMAT
        ")</title></line></a>\n",
        i + 1, tc, cut->record_frame);
  }
  prw_html_append (out,
                   "<text x=\"0\" y=\"90\">%s</text>"
                   "<text x=\"100%%\" y=\"90\" text-anchor=\"end\">%s</text>\n"
                   "</svg>\n",
                   first, last);
  g_string_append (out, "<p class=\"legend\">Bar: which file each output "
                        "frame comes from (hover for record timecodes). "
                        "Below it: ticks at the cuts (click to go to one); "
                        "hatched red, a segment's frames hidden by a later "
                        "segment; red arrows, frames dropped outside the "
                        "base.</p>\n</section>\n");
}

static void
append_warnings (GString *out, const PrwReportPage *page)
{
  const gchar *const *warnings = prw_plan_get_warnings (page->plan);

  g_string_append (out, "<section id=\"warnings\">\n<h2>Warnings</h2>\n");
  if (warnings == NULL || warnings[0] == NULL) {
    g_string_append (out, "<p>The plan has no warnings.</p>\n");
  } else {
    g_string_append (out, "<ul class=\"warnings\">\n");
    for (guint i = 0; warnings[i]; i++)
      prw_html_append (out, "<li>%s</li>\n", warnings[i]);
    g_string_append (out, "</ul>\n");
  }
  g_string_append (out, "</section>\n");
}

static void
append_frame (GString *out, const PrwReportPage *page, const gchar *side,
              gint64 record, gint source, GBytes *picture)
{
  PrwPlan *plan = page->plan;
  g_autofree gchar *tc = NULL;
  g_autofree gchar *label = NULL;

  if (source == PRW_REPORT_NO_SOURCE) {
    prw_html_append (out,
                     "<figure class=\"frame %s none\"><div class=\"none\" "
                     "style=\"width:%upx;height:%upx\">%s</div>"
                     "<figcaption>&nbsp;</figcaption></figure>\n",
                     side, page->picture_width, page->picture_height,
                     record <= 0 ? "start of the movie" : "end of the movie");
    return;
  }
  tc = record_timecode (plan, record);
  label = source_label (plan, source);
  prw_html_append (
      out,
      "<figure class=\"frame %s\" data-record-frame=\"%" G_GINT64_FORMAT
      "\" data-timecode=\"%s\" data-source=\"%s\" "
      "data-source-kind=\"%s\"><img src=\"",
      side, record, tc, label,
      source == PRW_RANGE_SOURCE_BASE ? "base" : "segment");
  prw_html_append_data_uri (out, "image/jpeg", picture);
  prw_html_append (out,
                   "\" width=\"%u\" height=\"%u\" loading=\"lazy\" "
                   "decoding=\"async\" alt=\"%s, frame %" G_GINT64_FORMAT
                   ", %s\"><figcaption><span class=\"tc\">%s</span> "
                   "&middot; frame %" G_GINT64_FORMAT
                   " &middot; <span class=\"src\">%s</span></figcaption>"
                   "</figure>\n",
                   page->picture_width, page->picture_height, tc, record, label,
                   tc, record, label);
}

static void
append_cuts (GString *out, const PrwReportPage *page)
{
  PrwPlan *plan = page->plan;

  prw_html_append (out, "<section id=\"cuts\">\n<h2>Cuts (%u)</h2>\n",
                   page->n_cuts);
  if (page->n_cuts == 0)
    g_string_append (out, "<p>No segment shows in the output.</p>\n");
  for (guint i = 0; i < page->n_cuts; i++) {
    const PrwReportCut *cut = &page->cuts[i];
    g_autofree gchar *tc = record_timecode (plan, cut->record_frame);
    g_autofree gchar *from = source_label (plan, cut->before_source);
    g_autofree gchar *to = source_label (plan, cut->after_source);

    prw_html_append (
        out,
        "<div class=\"cut\" id=\"cut-%u\" data-record-frame=\"%" G_GINT64_FORMAT
        "\" data-timecode=\"%s\">"
        "<h3>Cut %u at %s (frame %" G_GINT64_FORMAT "): %s "
        "&rarr; %s</h3>\n",
        i + 1, cut->record_frame, tc, i + 1, tc, cut->record_frame,
        from[0] ? from : "start", to[0] ? to : "end");
    append_frame (out, page, "before", cut->record_frame - 1,
                  cut->before_source, cut->before_picture);
    g_string_append (out, "<div class=\"edge\">|</div>\n");
    append_frame (out, page, "after", cut->record_frame, cut->after_source,
                  cut->after_picture);
    g_string_append (out, "</div>\n");
  }
  g_string_append (out, "</section>\n");
}

void
prw_report_page_render (const PrwReportPage *page, GString *out)
{
  prw_html_append (
      out,
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      "'none'; img-src data:; style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width\">\n"
      "<meta name=\"generator\" content=\"libproreswriter %s\">\n"
      "<title>%s</title>\n<style>",
      prw_get_version_string (), page->title);
  g_string_append (out, page_style);
  g_string_append (out, "</style>\n</head>\n<body>\n");
  append_header (out, page);
  append_timeline (out, page);
  append_warnings (out, page);
  append_cuts (out, page);
  g_string_append (out, "</body>\n</html>\n");
}
