/* libproreswriter: run a sealed plan to a new movie */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <gio/gio.h>
#include <proreswriter/prw-version-macros.h>
#include <proreswriter/prw-plan.h>

G_BEGIN_DECLS

/**
 * PrwPrintFlags:
 * @PRW_PRINT_FLAGS_NONE: refuse an output that exists.
 * @PRW_PRINT_FLAGS_OVERWRITE: replace an existing output (never an input),
 *   at the final rename only.
 *
 * How prw_printer_print() treats its output.
 *
 * Since: 0.1
 */
typedef enum /*< flags >*/ {
  PRW_PRINT_FLAGS_NONE = 0,
  PRW_PRINT_FLAGS_OVERWRITE = 1 << 0,
} PrwPrintFlags;

#define PRW_TYPE_PRINTER (prw_printer_get_type ())
PRW_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (PrwPrinter, prw_printer, PRW, PRINTER, GObject)

PRW_AVAILABLE_IN_0_1 PrwPrinter *prw_printer_new (PrwPlan *plan);
PRW_AVAILABLE_IN_0_1 PrwPlan *prw_printer_get_plan (PrwPrinter *self);
PRW_AVAILABLE_IN_0_1 gboolean prw_printer_print (PrwPrinter *self,
                                                 const gchar *output,
                                                 PrwPrintFlags flags,
                                                 GCancellable *cancellable,
                                                 GError **error);
PRW_AVAILABLE_IN_0_1 void
prw_printer_print_async (PrwPrinter *self, const gchar *output,
                         PrwPrintFlags flags, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data);
PRW_AVAILABLE_IN_0_1 gboolean prw_printer_print_finish (PrwPrinter *self,
                                                        GAsyncResult *result,
                                                        GError **error);

G_END_DECLS
