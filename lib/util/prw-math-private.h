/* libproreswriter: integer arithmetic shared by the stages (private) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The greatest common divisor of a and b (Euclid); gcd (a, 0) = a. Rates
 * are reduced with it: 48000/2002 is 24000/1001. */
static inline guint64
prw_gcd64 (guint64 a, guint64 b)
{
  while (b != 0) {
    guint64 t = a % b;

    a = b;
    b = t;
  }
  return a;
}

G_END_DECLS
