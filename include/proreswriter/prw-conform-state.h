/* libproreswriter: what a conform wrote, so that a re-run skips what is
 * unchanged */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <gio/gio.h>
#include <proreswriter/prw-version-macros.h>

G_BEGIN_DECLS

/**
 * PRW_CONFORM_STATE_FILE_NAME:
 *
 * The name of the state file inside a conform's output folder: hidden, so
 * that a walk of the folder (which skips hidden files) never takes it for
 * an input.
 *
 * Since: 0.4
 */
#define PRW_CONFORM_STATE_FILE_NAME ".proreswriter-conform.json"

/**
 * PRW_CONFORM_STATE_VERSION:
 *
 * The version of the state file's format that this library writes, and the
 * only one it reads.
 *
 * Since: 0.4
 */
#define PRW_CONFORM_STATE_VERSION 1

#define PRW_TYPE_CONFORM_STATE (prw_conform_state_get_type ())
PRW_AVAILABLE_IN_0_4
G_DECLARE_FINAL_TYPE (PrwConformState, prw_conform_state, PRW, CONFORM_STATE,
                      GObject)

PRW_AVAILABLE_IN_0_4 PrwConformState *
prw_conform_state_new (const gchar *outdir);
PRW_AVAILABLE_IN_0_4 const gchar *
prw_conform_state_get_path (PrwConformState *self);
PRW_AVAILABLE_IN_0_4 gboolean
prw_conform_state_check_folder (PrwConformState *self, GError **error);
PRW_AVAILABLE_IN_0_4 gboolean prw_conform_state_lock (PrwConformState *self,
                                                      GError **error);
PRW_AVAILABLE_IN_0_4 gboolean prw_conform_state_load (PrwConformState *self,
                                                      GError **error);
PRW_AVAILABLE_IN_0_4 gboolean prw_conform_state_is_current (
    PrwConformState *self, const gchar *output, const gchar *const *inputs,
    const gchar *options, gchar **why_not);
PRW_AVAILABLE_IN_0_4 void prw_conform_state_begin (PrwConformState *self,
                                                   const gchar *output,
                                                   const gchar *const *inputs,
                                                   const gchar *options);
PRW_AVAILABLE_IN_0_4 gboolean prw_conform_state_record (PrwConformState *self,
                                                        const gchar *output,
                                                        GError **error);
PRW_AVAILABLE_IN_0_4 gboolean prw_conform_state_forget (PrwConformState *self,
                                                        const gchar *output);
PRW_AVAILABLE_IN_0_4 guint
prw_conform_state_get_n_outputs (PrwConformState *self);
PRW_AVAILABLE_IN_0_4 gboolean
prw_conform_state_has_output (PrwConformState *self, const gchar *output);
PRW_AVAILABLE_IN_0_4 gchar **
prw_conform_state_dup_outputs (PrwConformState *self);
PRW_AVAILABLE_IN_0_4 gboolean prw_conform_state_save (PrwConformState *self,
                                                      GError **error);

G_END_DECLS
