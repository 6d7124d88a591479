/* libproreswriter: memory that names a range of an input file */
#include "prw-file-memory-private.h"
#include "util/prw-fd-io-private.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

GST_DEBUG_CATEGORY_STATIC (prw_file_memory_debug);
#define GST_CAT_DEFAULT prw_file_memory_debug

#define PRW_FILE_MEMORY_TYPE "PrwFileMemory"

/* The bytes behind one or more memories (a memory and its shares). */
typedef struct {
  gint ref_count;
  PrwSourceFile *file;
  guint64 offset; /* of byte 0 of the memory's maxsize */
  GMutex lock;
  guint8 *data; /* read on first map */
  gboolean dirty;
} Backing;

typedef struct {
  GstMemory mem;
  Backing *backing;
  gboolean frame; /* a video frame: its copy may be aligned */
} PrwFileMemory;

typedef GstAllocator PrwFileAllocator;
typedef GstAllocatorClass PrwFileAllocatorClass;

static GType prw_file_allocator_get_type (void);
G_DEFINE_TYPE (PrwFileAllocator, prw_file_allocator, GST_TYPE_ALLOCATOR)

static GstAllocator *file_allocator;

static Backing *
backing_new (PrwSourceFile *file, guint64 offset)
{
  Backing *b = g_new0 (Backing, 1);

  b->ref_count = 1;
  b->file = prw_source_file_ref (file);
  b->offset = offset;
  g_mutex_init (&b->lock);
  return b;
}

static void
backing_unref (Backing *b)
{
  if (!g_atomic_int_dec_and_test (&b->ref_count))
    return;
  prw_source_file_unref (b->file);
  g_mutex_clear (&b->lock);
  g_free (b->data);
  g_free (b);
}

static GstMemory *
file_memory_wrap (Backing *backing, GstMemoryFlags flags, GstMemory *parent,
                  gsize maxsize, gsize offset, gsize size)
{
  PrwFileMemory *fm = g_new0 (PrwFileMemory, 1);

  gst_memory_init (GST_MEMORY_CAST (fm), flags, file_allocator, parent, maxsize,
                   0, offset, size);
  fm->backing = backing;
  return GST_MEMORY_CAST (fm);
}

GstMemory *
prw_file_memory_new (PrwSourceFile *file, guint64 offset, gsize size)
{
  static gsize once = 0;

  if (g_once_init_enter (&once)) {
    GST_DEBUG_CATEGORY_INIT (prw_file_memory_debug, "prwfilememory", 0,
                             "libproreswriter file-range memory");
    file_allocator = g_object_new (prw_file_allocator_get_type (), NULL);
    gst_object_ref_sink (file_allocator);
    GST_OBJECT_FLAG_SET (file_allocator, GST_OBJECT_FLAG_MAY_BE_LEAKED);
    g_once_init_leave (&once, 1);
  }
  return file_memory_wrap (backing_new (file, offset), 0, NULL, size, 0, size);
}

/* A frame in memory (a blank rush's) is marked by qdata: its memory may
 * be shared by many frames (the black frame's), all of them frames. */
static GQuark
prw_frame_memory_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("prw-frame-memory");
  return quark;
}

void
prw_file_memory_mark_frame (GstMemory *mem)
{
  if (file_allocator && mem->allocator == file_allocator)
    ((PrwFileMemory *) mem)->frame = TRUE;
  else if (!gst_mini_object_get_qdata (GST_MINI_OBJECT_CAST (mem),
                                       prw_frame_memory_quark ()))
    gst_mini_object_set_qdata (GST_MINI_OBJECT_CAST (mem),
                               prw_frame_memory_quark (), GINT_TO_POINTER (1),
                               NULL);
}

gboolean
prw_file_memory_is_frame (GstMemory *mem)
{
  if (file_allocator && mem->allocator == file_allocator)
    return ((PrwFileMemory *) mem)->frame;
  return gst_mini_object_get_qdata (GST_MINI_OBJECT_CAST (mem),
                                    prw_frame_memory_quark ())
         != NULL;
}

gboolean
prw_file_memory_get_range (GstMemory *mem, PrwSourceFile **file,
                           guint64 *offset)
{
  PrwFileMemory *fm = (PrwFileMemory *) mem;
  gboolean dirty;

  if (!file_allocator || mem->allocator != file_allocator)
    return FALSE;
  g_mutex_lock (&fm->backing->lock);
  dirty = fm->backing->dirty;
  g_mutex_unlock (&fm->backing->lock);
  if (dirty)
    return FALSE;
  *file = fm->backing->file;
  *offset = fm->backing->offset + mem->offset;
  return TRUE;
}

static gpointer
file_memory_map (GstMemory *mem, gsize maxsize, GstMapFlags flags)
{
  PrwFileMemory *fm = (PrwFileMemory *) mem;
  Backing *b = fm->backing;
  gpointer data = NULL;

  (void) maxsize;
  g_mutex_lock (&b->lock);
  if (!b->data) {
    guint8 *buf = g_malloc (mem->maxsize);
    gssize n = prw_fd_pread_all (prw_source_file_get_fd (b->file), buf,
                                 mem->maxsize, b->offset);

    if (n == (gssize) mem->maxsize) {
      b->data = buf;
    } else {
      GST_ERROR ("%s: cannot read %" G_GSIZE_FORMAT
                 " bytes at %" G_GUINT64_FORMAT ": %s",
                 prw_source_file_get_path (b->file), mem->maxsize, b->offset,
                 n < 0 ? g_strerror (errno) : "end of file");
      g_free (buf);
    }
  }
  if (b->data) {
    data = b->data;
    if (flags & GST_MAP_WRITE)
      b->dirty = TRUE;
  }
  g_mutex_unlock (&b->lock);
  return data;
}

static void
file_memory_unmap (GstMemory *mem)
{
  (void) mem;
}

static GstMemory *
file_memory_share (GstMemory *mem, gssize offset, gssize size)
{
  PrwFileMemory *fm = (PrwFileMemory *) mem;
  GstMemory *parent = mem->parent ? mem->parent : mem;

  if (size == -1)
    size = mem->size - offset;
  g_atomic_int_inc (&fm->backing->ref_count);
  return file_memory_wrap (fm->backing,
                           GST_MINI_OBJECT_FLAGS (parent)
                               | GST_MINI_OBJECT_FLAG_LOCK_READONLY,
                           parent, mem->maxsize, mem->offset + offset, size);
}

/* A copy of clean bytes is another name for the same file range; a copy
 * of dirty bytes is ordinary memory. */
static GstMemory *
file_memory_copy (GstMemory *mem, gssize offset, gssize size)
{
  PrwSourceFile *file;
  guint64 file_offset;
  GstMemory *copy;
  GstMapInfo map;

  if (size == -1)
    size = mem->size > (gsize) offset ? mem->size - offset : 0;
  if (prw_file_memory_get_range (mem, &file, &file_offset))
    return prw_file_memory_new (file, file_offset + offset, size);

  if (!gst_memory_map (mem, &map, GST_MAP_READ))
    return NULL;
  copy = gst_allocator_alloc (NULL, size, NULL);
  if (copy) {
    GstMapInfo out;

    if (gst_memory_map (copy, &out, GST_MAP_WRITE)) {
      memcpy (out.data, map.data + offset, size);
      gst_memory_unmap (copy, &out);
    } else {
      g_clear_pointer (&copy, gst_memory_unref);
    }
  }
  gst_memory_unmap (mem, &map);
  return copy;
}

static void
file_memory_free (GstAllocator *allocator, GstMemory *mem)
{
  PrwFileMemory *fm = (PrwFileMemory *) mem;

  (void) allocator;
  backing_unref (fm->backing);
  g_free (fm);
}

static GstMemory *
file_memory_alloc (GstAllocator *allocator, gsize size,
                   GstAllocationParams *params)
{
  (void) allocator;
  (void) size;
  (void) params;
  return NULL; /* only prw_file_memory_new() makes these */
}

static void
prw_file_allocator_class_init (PrwFileAllocatorClass *klass)
{
  klass->alloc = file_memory_alloc;
  klass->free = file_memory_free;
}

static void
prw_file_allocator_init (PrwFileAllocator *allocator)
{
  allocator->mem_type = PRW_FILE_MEMORY_TYPE;
  allocator->mem_map = file_memory_map;
  allocator->mem_unmap = file_memory_unmap;
  allocator->mem_share = file_memory_share;
  allocator->mem_copy = file_memory_copy;
  GST_OBJECT_FLAG_SET (allocator, GST_ALLOCATOR_FLAG_CUSTOM_ALLOC);
}
