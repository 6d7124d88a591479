/* libproreswriter: one-time initialisation */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <glib.h>
#include <proreswriter/prw-version-macros.h>

G_BEGIN_DECLS

PRW_AVAILABLE_IN_0_1 void prw_init (void);

G_END_DECLS
