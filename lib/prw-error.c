/* libproreswriter: the error domain */

#include <proreswriter/proreswriter.h>

/**
 * prw_error_quark:
 *
 * Returns: the #GQuark of the %PRW_ERROR domain.
 */
/* clang-format off */
G_DEFINE_QUARK (prw-error-quark, prw_error)
/* clang-format on */
