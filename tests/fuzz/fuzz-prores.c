/* Fuzz harness: the bytes are one ProRes frame. They go through the frame
 * parser and, for a frame it accepts, through splicing: the frame copied
 * with no strips, and spliced with itself as a strip over its whole
 * picture; both must give a frame that parses back to the same slices.
 * A frame one macroblock row high is also repeated down a taller frame.
 * Beyond the sanitizers' checks, the harness checks what must hold for any
 * accepted frame: every slice inside the frame, one after the other, the
 * rows covering every macroblock. */
#include <string.h>

#include <proreswriter/prw-error.h>

#include "prores/prw-prores-frame-private.h"
#include "prores/prw-prores-splice-private.h"
#include "prw-fuzz.h"

static void
check_frame (const PrwProresFrame *f, gsize size)
{
  gsize pos
      = f->picture_offset + f->picture_header_size + 2 * (gsize) f->n_slices;

  PRW_FUZZ_CHECK (f->frame_size <= size);
  PRW_FUZZ_CHECK (f->picture_offset + f->picture_data_size <= f->frame_size);
  PRW_FUZZ_CHECK (f->interlace_mode == 0);
  PRW_FUZZ_CHECK (f->n_slices == f->slices_per_row * f->mb_height);
  for (guint i = 0; i < f->n_slices; i++) {
    const PrwProresSlice *s = &f->slices[i];

    PRW_FUZZ_CHECK (s->offset == pos);
    PRW_FUZZ_CHECK (s->mb_y == i / f->slices_per_row);
    PRW_FUZZ_CHECK (s->mb_count > 0 && s->mb_x + s->mb_count <= f->mb_width);
    PRW_FUZZ_CHECK (
        i % f->slices_per_row == 0
            ? s->mb_x == 0
            : s->mb_x == f->slices[i - 1].mb_x + f->slices[i - 1].mb_count);
    if (i % f->slices_per_row == f->slices_per_row - 1)
      PRW_FUZZ_CHECK (s->mb_x + s->mb_count == f->mb_width);
    PRW_FUZZ_CHECK (prw_prores_frame_find_slice (f, s->mb_x, s->mb_y)
                    == (gint) i);
    pos += s->size;
  }
  PRW_FUZZ_CHECK (pos <= f->picture_offset + f->picture_data_size);
}

/* out parses, with in's headers and slices */
static void
check_same_slices (const guint8 *in_data, const PrwProresFrame *in,
                   const guint8 *out_data, gsize out_size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwProresFrame) out
      = prw_prores_frame_parse (out_data, out_size, "out", &error);

  PRW_FUZZ_CHECK (out != NULL);
  PRW_FUZZ_CHECK (out->frame_size == out_size);
  PRW_FUZZ_CHECK (out->picture_offset + out->picture_data_size == out_size);
  PRW_FUZZ_CHECK (out->width == in->width && out->height == in->height);
  PRW_FUZZ_CHECK (out->n_slices == in->n_slices);
  PRW_FUZZ_CHECK (memcmp (out_data + 4, in_data + 4, 4 + in->header_size) == 0);
  for (guint i = 0; i < in->n_slices; i++) {
    PRW_FUZZ_CHECK (out->slices[i].size == in->slices[i].size);
    PRW_FUZZ_CHECK (memcmp (out_data + out->slices[i].offset,
                            in_data + in->slices[i].offset, in->slices[i].size)
                    == 0);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwProresFrame) f
      = prw_prores_frame_parse (data, size, "fuzz", &error);
  g_autofree guint8 *copy = NULL;
  g_autofree guint8 *self_spliced = NULL;
  PrwProresStrip strip;
  gsize needed, needed2;

  if (f == NULL) {
    PRW_FUZZ_CHECK (error != NULL && error->domain == PRW_ERROR);
    PRW_FUZZ_CHECK (g_str_has_prefix (error->message, "fuzz: "));
    return 0;
  }
  PRW_FUZZ_CHECK (error == NULL);
  check_frame (f, size);

  /* no strips: the same frame, without stuffing */
  PRW_FUZZ_CHECK (
      prw_prores_splice (data, f, NULL, 0, NULL, 0, &needed, &error));
  copy = g_malloc (needed);
  PRW_FUZZ_CHECK (
      prw_prores_splice (data, f, NULL, 0, copy, needed, &needed2, &error));
  PRW_FUZZ_CHECK (needed2 == needed);
  check_same_slices (data, f, copy, needed);

  /* itself as a strip over the whole picture: the same bytes again */
  strip = (PrwProresStrip){ data, f, 0, 0 };
  PRW_FUZZ_CHECK (
      prw_prores_splice (data, f, &strip, 1, NULL, 0, &needed2, &error));
  PRW_FUZZ_CHECK (needed2 == needed);
  self_spliced = g_malloc (needed);
  PRW_FUZZ_CHECK (prw_prores_splice (data, f, &strip, 1, self_spliced, needed,
                                     &needed2, &error));
  PRW_FUZZ_CHECK (memcmp (self_spliced, copy, needed) == 0);
  /* twice over itself: refused, they overlap */
  {
    PrwProresStrip twice[2] = { strip, strip };

    PRW_FUZZ_CHECK (
        !prw_prores_splice (data, f, twice, 2, NULL, 0, &needed2, &error));
    PRW_FUZZ_CHECK (g_error_matches (error, PRW_ERROR, PRW_ERROR_FAILED));
    g_clear_error (&error);
  }

  /* one row repeated */
  if (f->height == 16) {
    g_autoptr (GBytes) tall
        = prw_prores_splice_repeat_rows (data, f, 40, &error);

    if (tall != NULL) {
      g_autoptr (PrwProresFrame) t
          = prw_prores_frame_parse (g_bytes_get_data (tall, NULL),
                                    g_bytes_get_size (tall), "tall", &error);

      PRW_FUZZ_CHECK (t != NULL);
      PRW_FUZZ_CHECK (t->height == 40 && t->n_slices == 3 * f->n_slices);
    } else {
      PRW_FUZZ_CHECK (g_error_matches (error, PRW_ERROR, PRW_ERROR_FAILED));
    }
  }
  return 0;
}
