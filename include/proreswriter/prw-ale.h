/* libproreswriter: Avid Log Exchange (ALE) files, as DITs export them */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <gio/gio.h>
#include <proreswriter/prw-version-macros.h>
#include <proreswriter/prw-source-clip.h>

G_BEGIN_DECLS

#define PRW_TYPE_ALE (prw_ale_get_type ())
PRW_AVAILABLE_IN_0_4
G_DECLARE_FINAL_TYPE (PrwAle, prw_ale, PRW, ALE, GObject)

PRW_AVAILABLE_IN_0_4 PrwAle *prw_ale_new_from_file (const gchar *path,
                                                    GCancellable *cancellable,
                                                    GError **error);
PRW_AVAILABLE_IN_0_4 PrwAle *prw_ale_new_from_data (const gchar *path,
                                                    const guint8 *data,
                                                    gsize length,
                                                    GError **error);

PRW_AVAILABLE_IN_0_4 const gchar *prw_ale_get_path (PrwAle *self);
PRW_AVAILABLE_IN_0_4 const gchar *prw_ale_get_heading (PrwAle *self,
                                                       const gchar *key);
PRW_AVAILABLE_IN_0_4 GListModel *prw_ale_get_clips (PrwAle *self);
PRW_AVAILABLE_IN_0_4 const gchar *const *prw_ale_get_row_errors (PrwAle *self);
PRW_AVAILABLE_IN_0_4 guint prw_ale_get_n_row_errors (PrwAle *self);
PRW_AVAILABLE_IN_0_4 const GError *prw_ale_get_row_error (PrwAle *self,
                                                          guint index);
PRW_AVAILABLE_IN_0_4 gboolean prw_ale_check (PrwAle *self, GError **error);

G_END_DECLS
