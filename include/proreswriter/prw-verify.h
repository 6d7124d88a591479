/* libproreswriter: check an output against its plan, byte for byte */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <gio/gio.h>
#include <proreswriter/prw-version-macros.h>
#include <proreswriter/prw-plan.h>

G_BEGIN_DECLS

PRW_AVAILABLE_IN_0_1 gboolean prw_verify_output (PrwPlan *plan,
                                                 const gchar *output,
                                                 guint64 *frames_checked,
                                                 GCancellable *cancellable,
                                                 GError **error);

G_END_DECLS
