/* libproreswriter: version */

#include <proreswriter/proreswriter.h>

const gchar *
prw_get_version_string (void)
{
  return PRW_VERSION_STRING;
}
