/* libproreswriter: the splice report's page (see prw-report-page-private.h)
 *
 * Layout: a header (the output, the base and every segment with their
 * facts and layer; the plan's handles; the verify result), the timeline
 * (an SVG bar of the whole base, one rectangle per range coloured by
 * source, handle ranges hatched over, a band above the bar coloured by
 * each range's layer, segments labelled, the frames another segment hides
 * and the frames dropped outside the base marked below it, a tick per cut
 * linking to its row, record timecodes in each shape's <title>; a key
 * under it), the plan's warnings, then one row per cut with the last frame
 * before it and the first frame after it.
 *
 * When the plan has handles or a VFX segment, every segment's name on the
 * page says its layer and, for a frame or a range, its part: "V.mov (VFX,
 * handle)", "G.mov (grade)". A plan of grades alone without handles shows
 * names bare, as it always did.
 *
 * Positions on the timeline are percentages of the base's length, so the
 * SVG stretches to the page's width without distorting its text; they
 * are computed from frame counts with integer arithmetic.
 */
#include "prw-report-page-private.h"

#include "prw-html-private.h"

#include <string.h>

#define BASE_COLOUR "#5a5a5a"
#define GRADE_LAYER_COLOUR "#1f77b4"
#define VFX_LAYER_COLOUR "#c2185b"
#define HIDDEN_COLOUR "#c00"
#define YIELD_COLOUR "#e08a00"

/* The timeline's rows, in SVG pixels from its top: two lines of labels,
 * the layer band, the bar, the cut ticks, the hidden and dropped marks,
 * the first and last timecodes. */
#define LAYER_Y 30
#define LAYER_H 5
#define BAR_Y 36
#define BAR_H 30
#define TICK_Y (BAR_Y + BAR_H)
#define TICK_H 6
#define MARK_Y (TICK_Y + TICK_H)
#define MARK_H 8
#define TEXT_Y 96

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
      "svg.timeline{width:100%;height:102px;display:block;background:#fff;"
      "border:1px solid #ccc}"
      "svg.timeline text{font:11px sans-serif}"
      "ul.keys{list-style:none;padding:0;margin:.4em 0;display:flex;"
      "flex-wrap:wrap;gap:.3em 1.2em;font-size:12px}"
      "ul.keys svg{width:28px;height:12px;vertical-align:-2px;"
      "margin-right:.35em;border:1px solid #ccc;background:#fff}"
      ".handles{margin:.4em 0}"
      "td.layer.vfx{color:" VFX_LAYER_COLOUR ";font-weight:600}"
      ".frame .part{font-style:italic}"
      "nav.index{margin-bottom:.5em}"
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

gboolean
prw_report_plan_is_layered (PrwPlan *plan)
{
  if (prw_plan_get_handles (plan) > 0)
    return TRUE;
  for (guint i = 0; i < prw_plan_get_n_segments (plan); i++)
    if (prw_plan_get_segment_layer (plan, i) != PRW_LAYER_GRADE)
      return TRUE;
  return FALSE;
}

gint64
prw_report_plan_frames_graded (PrwPlan *plan)
{
  gint64 frames = 0;

  for (guint i = 0; i < prw_plan_get_n_ranges (plan); i++) {
    const PrwRange *r = prw_plan_get_range (plan, i);

    if (r->source >= 0)
      frames += r->frames;
  }
  return frames;
}

/* A layer as the page names it; its CSS class and data-layer value are
 * PrwLayer's nick (layer_nick ()). */
static const gchar *
layer_name (PrwLayer layer)
{
  switch (layer) {
    case PRW_LAYER_BASE:
      return "base";
    case PRW_LAYER_VFX:
      return "VFX";
    case PRW_LAYER_GRADE:
    default:
      return "grade";
  }
}

static const gchar *
layer_nick (PrwLayer layer)
{
  switch (layer) {
    case PRW_LAYER_BASE:
      return "base";
    case PRW_LAYER_VFX:
      return "vfx";
    case PRW_LAYER_GRADE:
    default:
      return "grade";
  }
}

static PrwLayer
source_layer (PrwPlan *plan, gint source)
{
  return source >= 0 ? prw_plan_get_segment_layer (plan, (guint) source)
                     : PRW_LAYER_BASE;
}

/* A source's name with, in a layered plan, its layer and (handle) part:
 * "V.mov (VFX, handle)"; the base's name bare. */
static gchar *
source_label_full (PrwPlan *plan, gint source, gboolean handle)
{
  g_autofree gchar *name = source_label (plan, source);

  if (source < 0 || !prw_report_plan_is_layered (plan))
    return g_steal_pointer (&name);
  return g_strdup_printf ("%s (%s%s)", name,
                          layer_name (source_layer (plan, source)),
                          handle ? ", handle" : "");
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
  PrwLayer layer = source_layer (plan, source);
  g_autofree gchar *path
      = g_filename_display_name (prw_media_info_get_path (info));
  g_autofree gchar *rate = rate_label (info);
  const PrwTimecode *start = prw_media_info_get_start_timecode (info);
  g_autofree gchar *tc = start ? prw_timecode_to_string (start) : NULL;
  const gchar *codec = prw_media_info_get_codec_name (info);

  prw_html_append (out, "<tr class=\"%s\"", css_class);
  if (source >= 0)
    prw_html_append (out, " id=\"segment-%d\" data-layer=\"%s\"", source,
                     layer_nick (layer));
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
      "</td><td>%s</td><td>%s</td><td class=\"layer %s\">%s</td>"
      "<td>%s</td></tr>\n",
      kind, path, codec ? codec : "ProRes",
      prw_media_info_get_codec_fourcc (info), prw_media_info_get_width (info),
      prw_media_info_get_height (info), rate,
      prw_media_info_get_frame_count (info), tc ? tc : "none",
      prw_media_info_get_reel_name (info) ? prw_media_info_get_reel_name (info)
                                          : "",
      source == PRW_REPORT_NO_SOURCE ? "" : layer_nick (layer),
      source == PRW_REPORT_NO_SOURCE ? "" : layer_name (layer),
      record ? record : "");
}

static void
append_header (GString *out, const PrwReportPage *page)
{
  PrwPlan *plan = page->plan;
  PrwMediaInfo *base = prw_plan_get_base (plan);
  gint64 n = prw_media_info_get_frame_count (base);

  g_string_append (out, "<header>\n");
  if (page->index_href != NULL)
    prw_html_append (out,
                     "<nav class=\"index\"><a href=\"%s\" rel=\"up\">"
                     "&larr; All sources</a></nav>\n",
                     page->index_href);
  prw_html_append (out, "<h1>%s</h1>\n", page->title);
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
                        "<th>Reel</th><th>Layer</th><th>Record frames</th>"
                        "</tr></thead>\n"
                        "<tbody>\n");
  append_media_row (out, plan, "Output", "output", PRW_REPORT_NO_SOURCE,
                    page->output, NULL);
  {
    g_autofree gchar *all
        = g_strdup_printf ("0 to %" G_GINT64_FORMAT, MAX (n - 1, 0));

    append_media_row (out, plan, "Base", "base", PRW_RANGE_SOURCE_BASE, base,
                      all);
  }
  for (guint i = 0; i < prw_plan_get_n_segments (plan); i++) {
    PrwSegment *segment = prw_plan_get_segment (plan, i);
    gint64 in = prw_plan_get_segment_record_in (plan, i);
    g_autofree gchar *record
        = g_strdup_printf ("%" G_GINT64_FORMAT " to %" G_GINT64_FORMAT, in,
                           in + prw_segment_get_frame_count (segment) - 1);
    g_autofree gchar *kind = g_strdup_printf ("Segment %u", i + 1);

    append_media_row (out, plan, kind, "segment", (gint) i,
                      prw_segment_get_media (segment), record);
  }
  g_string_append (out, "</tbody>\n</table>\n");
  if (prw_plan_get_handles (plan) > 0)
    prw_html_append (out,
                     "<p class=\"handles\" id=\"handles\" data-handles=\"%u\">"
                     "Handles: the first and last %u frame%s of every "
                     "segment, printed only where no segment's core frame "
                     "lands</p>\n",
                     prw_plan_get_handles (plan), prw_plan_get_handles (plan),
                     prw_plan_get_handles (plan) == 1 ? "" : "s");
  else
    g_string_append (out, "<p class=\"handles\" id=\"handles\" "
                          "data-handles=\"0\">Handles: none</p>\n");
  g_string_append (out, "</header>\n");
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

/* Frames [from, to) of segment s, hidden on the output by range index i
 * (another segment's frames): a hatched mark below the bar. A segment's
 * core frames hidden are red; its handles yielding are orange. */
static void
append_hidden (GString *out, PrwPlan *plan, guint s, gboolean handle, guint i,
               gint64 from, gint64 to, gint64 n)
{
  const PrwRange *r = prw_plan_get_range (plan, i);
  gboolean winner_handle = prw_plan_get_range_is_handle (plan, i);
  gboolean layered = prw_report_plan_is_layered (plan);
  g_autofree gchar *loser = NULL;
  g_autofree gchar *winner = NULL;
  g_autofree gchar *what = NULL;

  if (!layered) {
    what = g_strdup_printf ("%s: hidden by %s", source_name (plan, (gint) s),
                            source_name (plan, r->source));
  } else {
    loser = source_label_full (plan, (gint) s, FALSE);
    winner = source_label_full (plan, r->source, FALSE);
    if (!handle)
      what = g_strdup_printf ("%s: hidden by %s%s", loser,
                              winner_handle ? "the handles of " : "", winner);
    else if (!winner_handle)
      what = g_strdup_printf ("%s: its handles yield to the core of %s", loser,
                              winner);
    else
      what = g_strdup_printf ("%s: its handles hidden by the handles of %s",
                              loser, winner);
  }
  prw_html_append (out, "<g class=\"%s\">",
                   handle ? "overridden handles" : "overridden");
  append_rect (out, from, to, n, MARK_Y, MARK_H);
  prw_html_append (out,
                   " data-segment=\"%u\" data-part=\"%s\" fill=\"url(#%s)\" "
                   "stroke=\"%s\" stroke-width=\"1\">",
                   s, handle ? "handle" : "core",
                   handle ? "yield-hatch" : "hatch",
                   handle ? YIELD_COLOUR : HIDDEN_COLOUR);
  append_range_title (out, plan, from, to, what);
  g_string_append (out, "</rect></g>\n");
}

/* The frames of segment s that land in the base (its pieces) but that
 * another segment's frames hide on the output, marked below the bar, cut
 * where s's handles meet its core. */
static void
append_overridden (GString *out, PrwPlan *plan, guint s, gint64 n)
{
  gint64 frames = prw_segment_get_frame_count (prw_plan_get_segment (plan, s));
  gint64 handles = prw_plan_get_handles (plan);
  guint n_ranges = prw_plan_get_n_ranges (plan);

  for (guint p = 0; p < prw_plan_get_segment_n_pieces (plan, s); p++) {
    const PrwRange *piece = prw_plan_get_segment_piece (plan, s, p);
    gint64 from = piece->record_in, to = prw_range_get_record_out (piece);
    /* the record frames of s's core in this piece: its source frames
     * [handles, frames - handles) */
    gint64 core_in = from + handles - piece->source_in;
    gint64 core_out = MAX (from + frames - handles - piece->source_in, core_in);

    for (guint i = 0; i < n_ranges; i++) {
      const PrwRange *r = prw_plan_get_range (plan, i);
      gint64 a = MAX (r->record_in, from),
             b = MIN (prw_range_get_record_out (r), to);

      if (r->record_in >= to)
        break;
      if (a >= b || r->source == (gint) s)
        continue;
      if (a < MIN (b, core_in))
        append_hidden (out, plan, s, TRUE, i, a, MIN (b, core_in), n);
      if (MAX (a, core_in) < MIN (b, core_out))
        append_hidden (out, plan, s, FALSE, i, MAX (a, core_in),
                       MIN (b, core_out), n);
      if (MAX (a, core_out) < b)
        append_hidden (out, plan, s, TRUE, i, MAX (a, core_out), b, n);
    }
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
                     "<g class=\"dropped\"><polygon points=\"0,%d 10,%d 0,%d\" "
                     "fill=\"%s\"><title>%s: %" G_GINT64_FORMAT
                     " frames before the base's start dropped</title>"
                     "</polygon></g>\n",
                     MARK_Y, MARK_Y + MARK_H / 2, MARK_Y + MARK_H,
                     HIDDEN_COLOUR, name, before);
  if (after > 0)
    prw_html_append (
        out,
        "<g class=\"dropped\"><svg x=\"100%%\" overflow=\"visible\">"
        "<polygon points=\"0,%d -10,%d 0,%d\" fill=\"%s\">"
        "<title>%s: %" G_GINT64_FORMAT
        " frames after the base's end dropped</title></polygon>"
        "</svg></g>\n",
        MARK_Y, MARK_Y + MARK_H / 2, MARK_Y + MARK_H, HIDDEN_COLOUR, name,
        after);
}

/* Whether range i starts a run of its segment's frames: its source is a
 * segment, and the range before it is another source's or does not
 * continue its frames (a segment's handles and core are one run). */
static gboolean
range_starts_run (PrwPlan *plan, guint i)
{
  const PrwRange *r = prw_plan_get_range (plan, i);
  const PrwRange *prev = i > 0 ? prw_plan_get_range (plan, i - 1) : NULL;

  if (r->source < 0)
    return FALSE;
  return prev == NULL || prev->source != r->source
         || prev->source_in + prev->frames != r->source_in;
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

/* One range of the bar: its source's colour; hatched over when it holds
 * handles; the band above it in its layer's colour. */
static void
append_range (GString *out, PrwPlan *plan, guint i, gint64 n)
{
  const PrwRange *r = prw_plan_get_range (plan, i);
  gboolean handle = prw_plan_get_range_is_handle (plan, i);
  PrwLayer layer = prw_plan_get_range_layer (plan, i);
  g_autofree gchar *label = source_label_full (plan, r->source, handle);
  gint64 out_frame = prw_range_get_record_out (r);

  prw_html_append (out,
                   "<g class=\"range %s %s%s\" data-layer=\"%s\" "
                   "data-part=\"%s\">",
                   r->source == PRW_RANGE_SOURCE_BASE ? "base" : "segment",
                   layer_nick (layer), handle ? " handle" : "",
                   layer_nick (layer),
                   r->source < 0 ? "base"
                   : handle      ? "handle"
                                 : "core");
  append_rect (out, r->record_in, out_frame, n, BAR_Y, BAR_H);
  g_string_append (out, " fill=\"");
  append_colour (out, r->source);
  /* a stroke of the same colour keeps a one-frame range visible */
  g_string_append (out, "\" stroke=\"");
  append_colour (out, r->source);
  g_string_append (out, "\" stroke-width=\"1\">");
  append_range_title (out, plan, r->record_in, out_frame, label);
  g_string_append (out, "</rect>");
  if (handle) {
    g_string_append (out, "<rect class=\"handle-mark\"");
    append_rect (out, r->record_in, out_frame, n, BAR_Y, BAR_H);
    g_string_append (out, " fill=\"url(#handle-hatch)\">");
    append_range_title (out, plan, r->record_in, out_frame, label);
    g_string_append (out, "</rect>");
  }
  if (r->source >= 0) {
    g_autofree gchar *name = source_label (plan, r->source);
    g_autofree gchar *what
        = g_strdup_printf ("%s: %s layer", name, layer_name (layer));

    prw_html_append (out, "<rect class=\"layer-band %s\"", layer_nick (layer));
    append_rect (out, r->record_in, out_frame, n, LAYER_Y, LAYER_H);
    prw_html_append (out, " fill=\"%s\">",
                     layer == PRW_LAYER_VFX ? VFX_LAYER_COLOUR
                                            : GRADE_LAYER_COLOUR);
    append_range_title (out, plan, r->record_in, out_frame, what);
    g_string_append (out, "</rect>");
  }
  g_string_append (out, "</g>\n");
}

/* The key to the timeline's marks, each with a little picture of it. */
static void
append_keys (GString *out)
{
  static const struct {
    const gchar *css_class;
    const gchar *shape;
    const gchar *text;
  } keys[] = {
    { "grade",
      "<rect width=\"28\" height=\"12\" fill=\"" GRADE_LAYER_COLOUR "\"/>",
      "band above the bar: a grade" },
    { "vfx", "<rect width=\"28\" height=\"12\" fill=\"" VFX_LAYER_COLOUR "\"/>",
      "band above the bar: a VFX shot (above the grades)" },
    { "handle",
      "<rect width=\"28\" height=\"12\" fill=\"#888\"/>"
      "<rect width=\"28\" height=\"12\" fill=\"url(#handle-hatch)\"/>",
      "hatched white on the bar: a segment's handles" },
    { "hidden", "<rect width=\"28\" height=\"12\" fill=\"url(#hatch)\"/>",
      "hatched red below: a segment's frames hidden by another's" },
    { "yield", "<rect width=\"28\" height=\"12\" fill=\"url(#yield-hatch)\"/>",
      "hatched orange below: a segment's handles hidden by another's frames "
      "(they yield to its core)" },
    { "dropped",
      "<polygon points=\"8,2 18,6 8,10\" fill=\"" HIDDEN_COLOUR "\"/>",
      "red arrow: frames dropped outside the base" },
    { "cut",
      "<line x1=\"14\" x2=\"14\" y1=\"0\" y2=\"12\" stroke=\"#000\" "
      "stroke-width=\"2\"/>",
      "tick: a cut (click to go to its row)" },
  };

  g_string_append (out, "<ul class=\"keys\">\n");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++) {
    prw_html_append (out,
                     "<li class=\"key %s\"><svg xmlns=\"http://www.w3.org/"
                     "2000/svg\" viewBox=\"0 0 28 12\" aria-hidden=\"true\">",
                     keys[i].css_class);
    /* the shapes are the page's own markup, appended as they are */
    g_string_append (out, keys[i].shape);
    prw_html_append (out, "</svg>%s</li>\n", keys[i].text);
  }
  g_string_append (out, "</ul>\n");
}

static void
append_timeline (GString *out, const PrwReportPage *page)
{
  PrwPlan *plan = page->plan;
  PrwMediaInfo *base = prw_plan_get_base (plan);
  gint64 n = prw_media_info_get_frame_count (base);
  guint n_ranges = prw_plan_get_n_ranges (plan);
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
      out,
      "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" "
      "role=\"img\" aria-label=\"Timeline of the base, by source\">\n"
      "<defs><pattern id=\"hatch\" width=\"4\" height=\"4\" "
      "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
      "<rect width=\"2\" height=\"4\" fill=\"" HIDDEN_COLOUR "\"/></pattern>"
      "<pattern id=\"yield-hatch\" width=\"4\" height=\"4\" "
      "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
      "<rect width=\"2\" height=\"4\" fill=\"" YIELD_COLOUR "\"/></pattern>"
      "<pattern id=\"handle-hatch\" width=\"6\" height=\"6\" "
      "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\">"
      "<rect width=\"3\" height=\"6\" fill=\"#fff\" fill-opacity=\"0.6\"/>"
      "</pattern></defs>\n");

  /* the bar: every range, coloured by source */
  for (guint i = 0; i < n_ranges; i++) {
    const PrwRange *r = prw_plan_get_range (plan, i);
    gint64 next_in = n;
    g_autofree gchar *label = NULL;

    append_range (out, plan, i, n);
    if (!range_starts_run (plan, i))
      continue;
    for (guint j = i + 1; j < n_ranges; j++) {
      if (range_starts_run (plan, j)) {
        next_in = prw_plan_get_range (plan, j)->record_in;
        break;
      }
    }
    label = source_label (plan, r->source);
    append_label (out, r, next_in, n, label, label_end);
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
        "\" y1=\"%d\" y2=\"%d\" stroke=\"#000\" "
        "stroke-width=\"2\"><title>cut %u at %s (frame %" G_GINT64_FORMAT
        ")</title></line></a>\n",
        TICK_Y, TICK_Y + TICK_H, i + 1, tc, cut->record_frame);
  }
  prw_html_append (out,
                   "<text x=\"0\" y=\"%d\">%s</text>"
                   "<text x=\"100%%\" y=\"%d\" text-anchor=\"end\">%s</text>\n"
                   "</svg>\n",
                   TEXT_Y, first, TEXT_Y, last);
  g_string_append (out, "<p class=\"legend\">Bar: which file each output "
                        "frame comes from (hover for record timecodes). "
                        "Above it: the layer of those frames. Below it: "
                        "ticks at the cuts (click to go to one); hatched, "
                        "a segment's frames hidden by another segment's; "
                        "red arrows, frames dropped outside the "
                        "base.</p>\n");
  append_keys (out);
  g_string_append (out, "</section>\n");
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
              gint64 record, gint source, gboolean handle, GBytes *picture)
{
  PrwPlan *plan = page->plan;
  g_autofree gchar *tc = NULL;
  g_autofree gchar *label = NULL;
  g_autofree gchar *full = NULL;
  PrwLayer layer;

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
  full = source_label_full (plan, source, handle);
  layer = source_layer (plan, source);
  prw_html_append (
      out,
      "<figure class=\"frame %s\" data-record-frame=\"%" G_GINT64_FORMAT
      "\" data-timecode=\"%s\" data-source=\"%s\" "
      "data-source-kind=\"%s\" data-layer=\"%s\" data-part=\"%s\">"
      "<img src=\"",
      side, record, tc, label,
      source == PRW_RANGE_SOURCE_BASE ? "base" : "segment", layer_nick (layer),
      source < 0 ? "base"
      : handle   ? "handle"
                 : "core");
  prw_html_append_data_uri (out, "image/jpeg", picture);
  prw_html_append (out,
                   "\" width=\"%u\" height=\"%u\" loading=\"lazy\" "
                   "decoding=\"async\" alt=\"%s, frame %" G_GINT64_FORMAT
                   ", %s\"><figcaption><span class=\"tc\">%s</span> "
                   "&middot; frame %" G_GINT64_FORMAT
                   " &middot; <span class=\"src\">%s</span>",
                   page->picture_width, page->picture_height, tc, record, full,
                   tc, record, label);
  /* in a layered plan, the layer and part after the name: "(VFX, handle)" */
  if (strcmp (full, label) != 0)
    prw_html_append (out, "<span class=\"part\">%s</span>",
                     full + strlen (label));
  g_string_append (out, "</figcaption></figure>\n");
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
    g_autofree gchar *from
        = source_label_full (plan, cut->before_source, cut->before_handle);
    g_autofree gchar *to
        = source_label_full (plan, cut->after_source, cut->after_handle);

    prw_html_append (
        out,
        "<div class=\"cut\" id=\"cut-%u\" data-record-frame=\"%" G_GINT64_FORMAT
        "\" data-timecode=\"%s\">"
        "<h3>Cut %u at %s (frame %" G_GINT64_FORMAT "): %s "
        "&rarr; %s</h3>\n",
        i + 1, cut->record_frame, tc, i + 1, tc, cut->record_frame,
        from[0] ? from : "start", to[0] ? to : "end");
    append_frame (out, page, "before", cut->record_frame - 1,
                  cut->before_source, cut->before_handle, cut->before_picture);
    g_string_append (out, "<div class=\"edge\">|</div>\n");
    append_frame (out, page, "after", cut->record_frame, cut->after_source,
                  cut->after_handle, cut->after_picture);
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
