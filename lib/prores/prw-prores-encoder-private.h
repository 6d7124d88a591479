/* libproreswriter: ProRes frames encoded from ARGB32 rasters (private)
 *
 * One encoder, one set of settings, for every frame it makes: the black
 * frame of a blank rush and every strip spliced into it must come from the
 * same encoder with the same settings (prw-prores-splice-private.h). The
 * GStreamer element is chosen by name: vtenc_prores where it exists
 * (macOS, VideoToolbox), else avenc_prores_ks (FFmpeg's prores_ks), with
 * slices of 8 macroblocks. Each picture size gets its own small pipeline
 * (appsrc ! videoconvert ! encoder ! appsink), made on first use and kept.
 *
 * Rasters are cairo's CAIRO_FORMAT_ARGB32: premultiplied, one native-endian
 * 32-bit word per pixel (BGRA in memory on little-endian machines). The
 * colour description (ISO/IEC 23091-4 codes, as the ProRes frame header
 * holds them) sets videoconvert's RGB to Y'CbCr matrix and is written into
 * every frame's header.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  PRW_PRORES_PROFILE_PROXY,
  PRW_PRORES_PROFILE_LT,
  PRW_PRORES_PROFILE_422,
  PRW_PRORES_PROFILE_422_HQ,
  PRW_PRORES_PROFILE_4444,
  PRW_PRORES_PROFILE_4444_XQ,
} PrwProresProfile;

/* ISO/IEC 23091-4 (ITU-T H.273) code points, as in the ProRes frame
 * header and QuickTime's colr atom */
typedef struct {
  guint8 primaries, transfer, matrix;
} PrwProresColour;

#define PRW_PRORES_COLOUR_BT709 ((PrwProresColour){ 1, 1, 1 })

#define PRW_PRORES_ENCODER_VT "vtenc_prores"
#define PRW_PRORES_ENCODER_KS "avenc_prores_ks"

gboolean prw_prores_profile_from_string (const gchar *name,
                                         PrwProresProfile *profile);
const gchar *prw_prores_profile_to_string (PrwProresProfile profile);
gboolean prw_prores_profile_has_alpha (PrwProresProfile profile);

typedef struct _PrwProresEncoder PrwProresEncoder;

PrwProresEncoder *prw_prores_encoder_new (const gchar *element_name,
                                          PrwProresProfile profile,
                                          const PrwProresColour *colour,
                                          GError **error);
PrwProresEncoder *prw_prores_encoder_new_full (const gchar *element_name,
                                               PrwProresProfile profile,
                                               gboolean alpha,
                                               const PrwProresColour *colour,
                                               GError **error);
void prw_prores_encoder_free (PrwProresEncoder *self);

GBytes *prw_prores_encoder_encode (PrwProresEncoder *self, const guint8 *argb32,
                                   gint stride, guint width, guint height,
                                   GError **error);

const gchar *prw_prores_encoder_get_element_name (PrwProresEncoder *self);
guint prw_prores_encoder_get_n_encoded (PrwProresEncoder *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrwProresEncoder, prw_prores_encoder_free)

G_END_DECLS
