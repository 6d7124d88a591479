/* libproreswriter: one-time initialisation */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <glib.h>
#include <proreswriter/prw-visibility.h>

G_BEGIN_DECLS

PRW_API void prw_init (void);

G_END_DECLS
