/* libproreswriter: compile-time version checks and symbol versioning
 *
 * PRW_CHECK_VERSION() tells an application which libproreswriter it is
 * compiled against. The PRW_AVAILABLE_IN_* and PRW_DEPRECATED_IN_* macros
 * stand where PRW_API stands before a declaration, and warn when an
 * application uses a symbol newer than PRW_VERSION_MAX_ALLOWED, or one
 * deprecated at or before PRW_VERSION_MIN_REQUIRED (GLib's scheme, as
 * json-glib's json-version-macros.h applies it).
 *
 * Each new minor release adds its PRW_VERSION_0_N and its pair of
 * PRW_AVAILABLE_IN_0_N / PRW_DEPRECATED_IN_0_N blocks below.
 */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <glib.h>
#include <proreswriter/prw-visibility.h>
#include <proreswriter/prw-version.h>

/**
 * PRW_CHECK_VERSION:
 * @major: the major version to check for
 * @minor: the minor version to check for
 * @micro: the micro version to check for
 *
 * Whether the libproreswriter the code is compiled against is
 * @major.@minor.@micro or newer. Usable in `#if`:
 *
 * |[<!-- language="C" -->
 * #if PRW_CHECK_VERSION (0, 2, 0)
 *   // code that needs 0.2
 * #endif
 * ]|
 *
 * Returns: %TRUE if the version is at least @major.@minor.@micro
 *
 * Since: 0.2
 */
#define PRW_CHECK_VERSION(major, minor, micro)                                 \
  (PRW_MAJOR_VERSION > (major)                                                 \
   || (PRW_MAJOR_VERSION == (major) && PRW_MINOR_VERSION > (minor))            \
   || (PRW_MAJOR_VERSION == (major) && PRW_MINOR_VERSION == (minor)            \
       && PRW_MICRO_VERSION >= (micro)))

/* Each new minor version adds a line here. */

/**
 * PRW_VERSION_0_1:
 *
 * The version 0.1, encoded as `PRW_VERSION_MIN_REQUIRED` and
 * `PRW_VERSION_MAX_ALLOWED` take it.
 *
 * Since: 0.2
 */
#define PRW_VERSION_0_1 (G_ENCODE_VERSION (0, 1))

/**
 * PRW_VERSION_0_2:
 *
 * The version 0.2, encoded as `PRW_VERSION_MIN_REQUIRED` and
 * `PRW_VERSION_MAX_ALLOWED` take it.
 *
 * Since: 0.2
 */
#define PRW_VERSION_0_2 (G_ENCODE_VERSION (0, 2))

/**
 * PRW_VERSION_0_4:
 *
 * The version 0.4, encoded as `PRW_VERSION_MIN_REQUIRED` and
 * `PRW_VERSION_MAX_ALLOWED` take it.
 *
 * Since: 0.4
 */
#define PRW_VERSION_0_4 (G_ENCODE_VERSION (0, 4))

/* The release the present version belongs to: an odd minor version is the
 * development series towards the next even one (GLib's rule), so 0.3.x
 * counts as 0.4. PREV_STABLE is the even release before it (0.0 for 0.2:
 * 0.1, released before these macros, is the one odd release). */
#if (PRW_MINOR_VERSION % 2)
#define PRW_VERSION_CUR_STABLE                                                 \
  (G_ENCODE_VERSION (PRW_MAJOR_VERSION, PRW_MINOR_VERSION + 1))
#define PRW_VERSION_PREV_STABLE                                                \
  (G_ENCODE_VERSION (PRW_MAJOR_VERSION, PRW_MINOR_VERSION - 1))
#else
#define PRW_VERSION_CUR_STABLE                                                 \
  (G_ENCODE_VERSION (PRW_MAJOR_VERSION, PRW_MINOR_VERSION))
#if PRW_MINOR_VERSION >= 2
#define PRW_VERSION_PREV_STABLE                                                \
  (G_ENCODE_VERSION (PRW_MAJOR_VERSION, PRW_MINOR_VERSION - 2))
#else
#define PRW_VERSION_PREV_STABLE (G_ENCODE_VERSION (PRW_MAJOR_VERSION, 0))
#endif
#endif

/**
 * PRW_VERSION_MIN_REQUIRED:
 *
 * The oldest libproreswriter the application supports: one of
 * `PRW_VERSION_0_1`, `PRW_VERSION_0_2`, ... An application
 * may define it before including `<proreswriter/proreswriter.h>`; the
 * default is the present release.
 *
 * Symbols deprecated in that version or before warn when used
 * (`-Wdeprecated-declarations`); those deprecated later do not.
 *
 * Since: 0.2
 */
#ifndef PRW_VERSION_MIN_REQUIRED
#define PRW_VERSION_MIN_REQUIRED (PRW_VERSION_CUR_STABLE)
#endif

/**
 * PRW_VERSION_MAX_ALLOWED:
 *
 * The newest libproreswriter API the application may use: one of
 * `PRW_VERSION_0_1`, `PRW_VERSION_0_2`, ... An application
 * may define it before including `<proreswriter/proreswriter.h>`; the
 * default is `PRW_VERSION_MIN_REQUIRED` when that is newer than the
 * previous even release (0.0 for 0.2), otherwise the present release: an
 * application that asks for 0.1 as its oldest is warned about what 0.2
 * added.
 *
 * Symbols added after it warn when used ("Not available before 0.2").
 *
 * Since: 0.2
 */
#ifndef PRW_VERSION_MAX_ALLOWED
#if PRW_VERSION_MIN_REQUIRED > PRW_VERSION_PREV_STABLE
#define PRW_VERSION_MAX_ALLOWED (PRW_VERSION_MIN_REQUIRED)
#else
#define PRW_VERSION_MAX_ALLOWED (PRW_VERSION_CUR_STABLE)
#endif
#endif

#if PRW_VERSION_MAX_ALLOWED < PRW_VERSION_MIN_REQUIRED
#error "PRW_VERSION_MAX_ALLOWED must be >= PRW_VERSION_MIN_REQUIRED"
#endif
#if PRW_VERSION_MIN_REQUIRED < PRW_VERSION_0_1
#error "PRW_VERSION_MIN_REQUIRED must be >= PRW_VERSION_0_1"
#endif

/* The library's own build and its tests may use what they deprecate. */
#if defined(PRW_DISABLE_DEPRECATION_WARNINGS) || defined(PRW_COMPILATION)
#define PRW_DEPRECATED PRW_API
#define PRW_DEPRECATED_FOR(f) PRW_API
#define PRW_UNAVAILABLE(maj, min) PRW_API
#else
#define PRW_DEPRECATED G_DEPRECATED PRW_API
#define PRW_DEPRECATED_FOR(f) G_DEPRECATED_FOR (f) PRW_API
#define PRW_UNAVAILABLE(maj, min) G_UNAVAILABLE (maj, min) PRW_API
#endif

/* Each new minor version adds a block here. */

/* 0.1 */
#if PRW_VERSION_MIN_REQUIRED >= PRW_VERSION_0_1
#define PRW_DEPRECATED_IN_0_1 PRW_DEPRECATED
#define PRW_DEPRECATED_IN_0_1_FOR(f) PRW_DEPRECATED_FOR (f)
#else
#define PRW_DEPRECATED_IN_0_1 PRW_API
#define PRW_DEPRECATED_IN_0_1_FOR(f) PRW_API
#endif

#if PRW_VERSION_MAX_ALLOWED < PRW_VERSION_0_1
#define PRW_AVAILABLE_IN_0_1 PRW_UNAVAILABLE (0, 1)
#else
#define PRW_AVAILABLE_IN_0_1 PRW_API
#endif

/* 0.2 */
#if PRW_VERSION_MIN_REQUIRED >= PRW_VERSION_0_2
#define PRW_DEPRECATED_IN_0_2 PRW_DEPRECATED
#define PRW_DEPRECATED_IN_0_2_FOR(f) PRW_DEPRECATED_FOR (f)
#else
#define PRW_DEPRECATED_IN_0_2 PRW_API
#define PRW_DEPRECATED_IN_0_2_FOR(f) PRW_API
#endif

#if PRW_VERSION_MAX_ALLOWED < PRW_VERSION_0_2
#define PRW_AVAILABLE_IN_0_2 PRW_UNAVAILABLE (0, 2)
#else
#define PRW_AVAILABLE_IN_0_2 PRW_API
#endif

/* 0.4 */
#if PRW_VERSION_MIN_REQUIRED >= PRW_VERSION_0_4
#define PRW_DEPRECATED_IN_0_4 PRW_DEPRECATED
#define PRW_DEPRECATED_IN_0_4_FOR(f) PRW_DEPRECATED_FOR (f)
#else
#define PRW_DEPRECATED_IN_0_4 PRW_API
#define PRW_DEPRECATED_IN_0_4_FOR(f) PRW_API
#endif

#if PRW_VERSION_MAX_ALLOWED < PRW_VERSION_0_4
#define PRW_AVAILABLE_IN_0_4 PRW_UNAVAILABLE (0, 4)
#else
#define PRW_AVAILABLE_IN_0_4 PRW_API
#endif
