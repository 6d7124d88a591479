/* libproreswriter: files and folders -> segments */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <gio/gio.h>
#include <proreswriter/prw-version-macros.h>
#include <proreswriter/prw-segment.h>

G_BEGIN_DECLS

PRW_AVAILABLE_IN_0_1 GListModel *prw_discover (const gchar *const *paths,
                                               gchar ***invalid,
                                               GCancellable *cancellable,
                                               GError **error);

G_END_DECLS
