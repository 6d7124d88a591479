/* libproreswriter: a file source whose buffers name file ranges */
#include "prw-file-src.h"

#include "prw-file-memory-private.h"

GST_DEBUG_CATEGORY_STATIC (prw_file_src_debug);
#define GST_CAT_DEFAULT prw_file_src_debug

struct _PrwFileSrc {
  GstBaseSrc parent;
  PrwSourceFile *file;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (
    PrwFileSrc, prw_file_src, GST_TYPE_BASE_SRC,
    GST_DEBUG_CATEGORY_INIT (prw_file_src_debug, "prwfilesrc", 0,
                             "libproreswriter file-range source"))

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE (
    "src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

static gboolean
prw_file_src_start (GstBaseSrc *src)
{
  PrwFileSrc *self = PRW_FILE_SRC (src);

  if (!self->file) {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND, ("no file to read"), (NULL));
    return FALSE;
  }
  return TRUE;
}

static gboolean
prw_file_src_get_size (GstBaseSrc *src, guint64 *size)
{
  PrwFileSrc *self = PRW_FILE_SRC (src);

  if (!self->file)
    return FALSE;
  *size = prw_source_file_get_size (self->file);
  return TRUE;
}

static gboolean
prw_file_src_is_seekable (GstBaseSrc *src)
{
  (void) src;
  return TRUE;
}

static GstFlowReturn
prw_file_src_create (GstBaseSrc *src, guint64 offset, guint length,
                     GstBuffer **buf)
{
  PrwFileSrc *self = PRW_FILE_SRC (src);
  guint64 size = prw_source_file_get_size (self->file);
  GstBuffer *out;

  if (offset >= size)
    return GST_FLOW_EOS;
  if (length > size - offset)
    length = (guint) (size - offset);

  out = gst_buffer_new ();
  gst_buffer_append_memory (out,
                            prw_file_memory_new (self->file, offset, length));
  GST_BUFFER_OFFSET (out) = offset;
  GST_BUFFER_OFFSET_END (out) = offset + length;
  *buf = out;
  return GST_FLOW_OK;
}

static void
prw_file_src_finalize (GObject *object)
{
  PrwFileSrc *self = PRW_FILE_SRC (object);

  g_clear_pointer (&self->file, prw_source_file_unref);
  G_OBJECT_CLASS (prw_file_src_parent_class)->finalize (object);
}

static void
prw_file_src_class_init (PrwFileSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *basesrc_class = GST_BASE_SRC_CLASS (klass);

  object_class->finalize = prw_file_src_finalize;
  basesrc_class->start = prw_file_src_start;
  basesrc_class->get_size = prw_file_src_get_size;
  basesrc_class->is_seekable = prw_file_src_is_seekable;
  basesrc_class->create = prw_file_src_create;

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (
      element_class, "ProResWriter file source", "Source/File",
      "Serves an input movie as buffers that name its byte ranges, read "
      "only when mapped",
      "libproreswriter");
}

static void
prw_file_src_init (PrwFileSrc *self)
{
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_BYTES);
}

void
prw_file_src_set_file (PrwFileSrc *self, PrwSourceFile *file)
{
  g_return_if_fail (PRW_IS_FILE_SRC (self));

  g_clear_pointer (&self->file, prw_source_file_unref);
  self->file = prw_source_file_ref (file);
}
