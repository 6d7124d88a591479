/* libproreswriter: one-time initialisation */

#include "prw-init-private.h"
#include "render/prw-blank-src.h"
#include "render/prw-copy-sink.h"
#include "render/prw-file-src.h"
#include "render/prw-frame-selector.h"
#include <proreswriter/proreswriter.h>

GST_DEBUG_CATEGORY (prw_debug);

/**
 * prw_init:
 *
 * Initialises GStreamer if needed, the library's debug categories and its
 * private elements. Safe to call more than once and from any thread. Every
 * function that needs it calls it, so applications need not.
 *
 * Since: 0.1
 */
void
prw_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised)) {
    if (!gst_is_initialized ())
      gst_init (NULL, NULL);
    GST_DEBUG_CATEGORY_INIT (prw_debug, "proreswriter", 0, "libproreswriter");
    gst_element_register (NULL, "prwframeselector", GST_RANK_NONE,
                          PRW_TYPE_FRAME_SELECTOR);
    gst_element_register (NULL, "prwfilesrc", GST_RANK_NONE, PRW_TYPE_FILE_SRC);
    gst_element_register (NULL, "prwcopysink", GST_RANK_NONE,
                          PRW_TYPE_COPY_SINK);
    gst_element_register (NULL, "prwblanksrc", GST_RANK_NONE,
                          PRW_TYPE_BLANK_SRC);
    g_once_init_leave (&initialised, 1);
  }
}
