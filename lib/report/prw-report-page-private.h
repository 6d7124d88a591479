/* libproreswriter: the splice report's page, from its facts (private)
 *
 * Renders one self-contained HTML document: inline CSS, pictures as data:
 * URIs, an inline SVG timeline, no script and nothing fetched (a
 * Content-Security-Policy allows data: pictures and the inline style
 * alone). Every name is escaped (prw-html-private.h).
 */
#pragma once

#include <proreswriter/proreswriter.h>

G_BEGIN_DECLS

/* A cut's side with no frame: the movie's start or end. */
#define PRW_REPORT_NO_SOURCE G_MININT

/* One cut: between record frames record_frame - 1 and record_frame. */
typedef struct {
  gint64 record_frame;    /* the first frame after the cut, 0..frame_count */
  gint before_source;     /* PrwRange.source of record_frame - 1, or
                             PRW_REPORT_NO_SOURCE at the movie's start */
  gint after_source;      /* PrwRange.source of record_frame, or
                             PRW_REPORT_NO_SOURCE at its end */
  GBytes *before_picture; /* JPEG, or NULL when there is no frame */
  GBytes *after_picture;
} PrwReportCut;

typedef struct {
  PrwPlan *plan;        /* sealed */
  PrwMediaInfo *output; /* the output, probed */
  const gchar *title;   /* UTF-8 */
  gboolean verify_run;
  gboolean verify_passed;
  guint64 frames_checked;
  const gchar *verify_message; /* UTF-8 or NULL */
  const PrwReportCut *cuts;
  guint n_cuts;
  guint picture_width, picture_height;
} PrwReportPage;

/* Appends the whole document to out. */
void prw_report_page_render (const PrwReportPage *page, GString *out);

G_END_DECLS
