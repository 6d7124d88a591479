/* libproreswriter: a file source whose buffers name file ranges (private)
 *
 * prwfilesrc answers pulls like filesrc, but does not read: each buffer
 * holds one memory that names the range of the input file it stands for
 * (see prw-file-memory-private.h). qtdemux reads the header atoms it maps;
 * the media data it pulls passes through unread, to be copied by the
 * kernel at the sink.
 */
#pragma once

#include "prw-source-file-private.h"
#include <gst/base/gstbasesrc.h>

G_BEGIN_DECLS

#define PRW_TYPE_FILE_SRC (prw_file_src_get_type ())
G_DECLARE_FINAL_TYPE (PrwFileSrc, prw_file_src, PRW, FILE_SRC, GstBaseSrc)

/* The file to serve; set before the element starts. */
void prw_file_src_set_file (PrwFileSrc *self, PrwSourceFile *file);

G_END_DECLS
