/* libproreswriter: the version macros as an application sees them
 *
 * Built as an application is (the shared library, no PRW_COMPILATION),
 * three times: with the defaults, with PRW_VERSION_MAX_ALLOWED at 0.1
 * (TEST_MAX_0_1) and with PRW_VERSION_MIN_REQUIRED at 0.2 (TEST_MIN_0_2).
 * Expected values are written down from the version meson gives
 * (TEST_VERSION, "MAJOR.MINOR.MICRO"), not read from the headers.
 */

#if defined(TEST_MAX_0_1)
#define PRW_VERSION_MIN_REQUIRED PRW_VERSION_0_1
#define PRW_VERSION_MAX_ALLOWED PRW_VERSION_0_1
#elif defined(TEST_MIN_0_2)
#define PRW_VERSION_MIN_REQUIRED PRW_VERSION_0_2
#endif

#include <check.h>
#include <stdio.h>
#include <string.h>

#include <proreswriter/proreswriter.h>

#ifndef TEST_VERSION
#error "TEST_VERSION (meson's project version) is not defined"
#endif

/* usable in #if, as the docs say */
#if !PRW_CHECK_VERSION(0, 1, 0)
#error "PRW_CHECK_VERSION (0, 1, 0) is false in #if"
#endif
#if PRW_CHECK_VERSION(PRW_MAJOR_VERSION + 1, 0, 0)
#error "PRW_CHECK_VERSION (next major, 0, 0) is true in #if"
#endif

/* Under -Werror a use of a symbol marked PRW_AVAILABLE_IN_0_1 must compile
 * silently whatever the bounds (0.1 is the oldest version). */
PRW_AVAILABLE_IN_0_1 int test_symbol_in_0_1 (void);

int
test_symbol_in_0_1 (void)
{
  return 1;
}

#define STRINGIFY(x) #x
#define EXPANSION(x) STRINGIFY (x)

static void
parse_test_version (gint *major, gint *minor, gint *micro)
{
  ck_assert_int_eq (sscanf (TEST_VERSION, "%d.%d.%d", major, minor, micro), 3);
}

START_TEST (test_numbers)
{
  gint major, minor, micro;

  parse_test_version (&major, &minor, &micro);
  ck_assert_int_eq (PRW_MAJOR_VERSION, major);
  ck_assert_int_eq (PRW_MINOR_VERSION, minor);
  ck_assert_int_eq (PRW_MICRO_VERSION, micro);
  ck_assert_str_eq (PRW_VERSION_STRING, TEST_VERSION);
  /* the library that runs is the one just built */
  ck_assert_str_eq (prw_get_version_string (), TEST_VERSION);
  ck_assert_int_eq (test_symbol_in_0_1 (), 1);
}
END_TEST

START_TEST (test_check_version)
{
  gint major, minor, micro;

  parse_test_version (&major, &minor, &micro);
  ck_assert (PRW_CHECK_VERSION (major, minor, micro));
  ck_assert (PRW_CHECK_VERSION (0, 0, 0));
  ck_assert (PRW_CHECK_VERSION (0, 1, 0));
  ck_assert (!PRW_CHECK_VERSION (major, minor, micro + 1));
  ck_assert (!PRW_CHECK_VERSION (major, minor + 1, 0));
  ck_assert (!PRW_CHECK_VERSION (major + 1, 0, 0));
  if (micro > 0)
    ck_assert (PRW_CHECK_VERSION (major, minor, micro - 1));
  if (minor > 0)
    ck_assert (PRW_CHECK_VERSION (major, minor - 1, 99));
  if (major > 0)
    ck_assert (PRW_CHECK_VERSION (major - 1, 99, 99));
}
END_TEST

START_TEST (test_version_order)
{
  gint major, minor, micro;

  parse_test_version (&major, &minor, &micro);
  ck_assert_uint_eq (PRW_VERSION_0_1, (0u << 16) | (1u << 8));
  ck_assert_uint_eq (PRW_VERSION_0_2, (0u << 16) | (2u << 8));
  ck_assert_uint_lt (PRW_VERSION_0_1, PRW_VERSION_0_2);
  ck_assert_uint_le (PRW_VERSION_MIN_REQUIRED, PRW_VERSION_MAX_ALLOWED);
  ck_assert_uint_ge (PRW_VERSION_MIN_REQUIRED, PRW_VERSION_0_1);
#if !defined(TEST_MAX_0_1)
  /* by default all the API of this version may be used, and 0.1.x is the
   * development series towards 0.2 */
  ck_assert_int_ge (PRW_VERSION_MAX_ALLOWED,
                    (major << 16) | ((minor + (minor % 2)) << 8));
  ck_assert_uint_ge (PRW_VERSION_MAX_ALLOWED, PRW_VERSION_0_2);
#endif
}
END_TEST

START_TEST (test_availability)
{
  const gchar *in_0_1 = EXPANSION (PRW_AVAILABLE_IN_0_1);
  const gchar *in_0_2 = EXPANSION (PRW_AVAILABLE_IN_0_2);

  /* every form still exports the symbol */
  ck_assert_ptr_nonnull (strstr (in_0_1, "visibility"));
  ck_assert_ptr_nonnull (strstr (in_0_2, "visibility"));
  ck_assert_ptr_nonnull (strstr (in_0_2, "extern"));
  ck_assert_ptr_null (strstr (in_0_1, "Not available before"));
#if defined(TEST_MAX_0_1)
  ck_assert_ptr_nonnull (strstr (in_0_2, "Not available before"));
  ck_assert_ptr_nonnull (strstr (in_0_2, "deprecated"));
#else
  ck_assert_ptr_null (strstr (in_0_2, "Not available before"));
  ck_assert_ptr_null (strstr (in_0_2, "deprecated"));
#endif
}
END_TEST

START_TEST (test_deprecation)
{
  const gchar *dep_0_1 = EXPANSION (PRW_DEPRECATED_IN_0_1);
  const gchar *dep_0_2 = EXPANSION (PRW_DEPRECATED_IN_0_2);
  const gchar *dep_0_2_for
      = EXPANSION (PRW_DEPRECATED_IN_0_2_FOR (prw_test_replacement));

  ck_assert_ptr_nonnull (strstr (dep_0_1, "visibility"));
  ck_assert_ptr_nonnull (strstr (dep_0_2, "visibility"));
  /* deprecated in 0.1 or before: warns for any application (>= 0.1) */
  ck_assert_ptr_nonnull (strstr (dep_0_1, "deprecated"));
#if defined(TEST_MAX_0_1)
  /* one that supports 0.1 is not told about deprecations in 0.2 */
  ck_assert_ptr_null (strstr (dep_0_2, "deprecated"));
  ck_assert_ptr_null (strstr (dep_0_2_for, "prw_test_replacement"));
#else
  ck_assert_ptr_nonnull (strstr (dep_0_2, "deprecated"));
  ck_assert_ptr_nonnull (strstr (dep_0_2_for, "prw_test_replacement"));
#endif
}
END_TEST

static Suite *
version_suite (void)
{
  Suite *s = suite_create ("version");
  TCase *tc = tcase_create ("core");

  tcase_add_test (tc, test_numbers);
  tcase_add_test (tc, test_check_version);
  tcase_add_test (tc, test_version_order);
  tcase_add_test (tc, test_availability);
  tcase_add_test (tc, test_deprecation);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (version_suite ());
  int failed;

  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
