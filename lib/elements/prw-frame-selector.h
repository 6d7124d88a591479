/* libproreswriter: the element that executes a plan's frame ranges (private) */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define PRW_TYPE_FRAME_SELECTOR (prw_frame_selector_get_type ())
G_DECLARE_FINAL_TYPE (PrwFrameSelector, prw_frame_selector, PRW,
                      FRAME_SELECTOR, GstElement)

G_END_DECLS
