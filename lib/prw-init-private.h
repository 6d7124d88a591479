/* libproreswriter: debug categories (private) */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (prw_debug);

G_END_DECLS
