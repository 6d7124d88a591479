/* libproreswriter: the error domain */

#include <proreswriter/proreswriter.h>

/**
 * prw_error_quark:
 *
 * The error domain's quark; %PRW_ERROR calls it.
 *
 * Returns: the #GQuark of the %PRW_ERROR domain
 *
 * Since: 0.1
 */
/* clang-format off */
G_DEFINE_QUARK (prw-error-quark, prw_error)
/* clang-format on */
