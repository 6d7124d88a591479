/* libproreswriter: memory that names a range of an input file (private) */
#pragma once

#include "prw-source-file-private.h"
#include <gst/gst.h>

G_BEGIN_DECLS

/* A GstMemory that stands for bytes [offset, offset + size) of an input
 * file without reading them. A frame travels through the pipeline as such
 * a memory; prwcopysink asks the kernel to copy the range into the output
 * (copy_file_range), so frame bytes never enter this process.
 *
 * Anything that maps the memory still sees the bytes: the first map reads
 * them (pread) and keeps them. A memory mapped for writing is "dirty" from
 * then on and is written from its bytes, never copied from the file. */
GstMemory *prw_file_memory_new (PrwSourceFile *file, guint64 offset,
                                gsize size);

/* TRUE when mem is a file memory whose bytes are still exactly the file's:
 * then *file (not a new reference) and *offset say where they are, for
 * gst_memory_get_sizes (mem) bytes. */
gboolean prw_file_memory_get_range (GstMemory *mem, PrwSourceFile **file,
                                    guint64 *offset);

/* The frame selector marks the memories of the video frames it pushes:
 * only those may be moved on to keep a copy page-aligned (the finishing
 * step gives every video sample its own chunk; other tracks' chunks must
 * stay contiguous), and the copy sink counts video frames by the first
 * memory of each buffer, to put the chunks of copied tracks between them.
 * Any memory may be marked: a frame in memory (a blank rush's) as well as
 * a file memory. Other memories are never frames. */
void prw_file_memory_mark_frame (GstMemory *mem);
gboolean prw_file_memory_is_frame (GstMemory *mem);

G_END_DECLS
