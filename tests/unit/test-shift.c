/* libproreswriter: the shift map (prw-shift-private.h), over its edges
 *
 * prw_shift_map() says where a byte qtmux placed at a logical offset
 * really is once the copy sink has left its alignment holes: the shift of
 * the last entry at or before it. Checked here against a plain linear
 * reading of the same table, written independently of the binary search. */

#include <check.h>

#include "qt/prw-shift-private.h"

/* The definition, read the slow way: every entry at or before logical
 * counts, the last one wins. */
static guint64
map_linear (const PrwShift *shifts, guint n, guint64 logical)
{
  guint64 shift = 0;

  for (guint i = 0; i < n; i++)
    if (shifts[i].logical <= logical)
      shift = shifts[i].shift;
  return logical + shift;
}

START_TEST (test_empty)
{
  /* no holes: every offset is where qtmux put it; the table is not read */
  ck_assert_uint_eq (prw_shift_map (NULL, 0, 0), 0);
  ck_assert_uint_eq (prw_shift_map (NULL, 0, 4096), 4096);
  ck_assert_uint_eq (prw_shift_map (NULL, 0, G_MAXUINT64), G_MAXUINT64);
}
END_TEST

START_TEST (test_one_entry)
{
  const PrwShift one[] = { { 1000, 300 } };

  ck_assert_uint_eq (prw_shift_map (one, 1, 0), 0);
  ck_assert_uint_eq (prw_shift_map (one, 1, 999), 999);
  /* at the entry: moved, so the hole is [1000, 1300) */
  ck_assert_uint_eq (prw_shift_map (one, 1, 1000), 1300);
  ck_assert_uint_eq (prw_shift_map (one, 1, 1001), 1301);
  ck_assert_uint_eq (prw_shift_map (one, 1, 1ull << 40), (1ull << 40) + 300);
}
END_TEST

START_TEST (test_entry_at_zero)
{
  /* a hole before the very first byte */
  const PrwShift zero[] = { { 0, 4095 } };

  ck_assert_uint_eq (prw_shift_map (zero, 1, 0), 4095);
  ck_assert_uint_eq (prw_shift_map (zero, 1, 1), 4096);
}
END_TEST

START_TEST (test_shifts_add_up)
{
  /* the shifts are cumulative (each entry holds the total so far), as the
   * copy sink appends them: 100 + 200 + 4000 */
  const PrwShift three[] = { { 10, 100 }, { 5000, 300 }, { 9000, 4300 } };

  ck_assert_uint_eq (prw_shift_map (three, 3, 9), 9);
  ck_assert_uint_eq (prw_shift_map (three, 3, 10), 110);
  ck_assert_uint_eq (prw_shift_map (three, 3, 4999), 5099);
  ck_assert_uint_eq (prw_shift_map (three, 3, 5000), 5300);
  ck_assert_uint_eq (prw_shift_map (three, 3, 8999), 9299);
  ck_assert_uint_eq (prw_shift_map (three, 3, 9000), 13300);
  ck_assert_uint_eq (prw_shift_map (three, 3, G_MAXUINT64 - 4300), G_MAXUINT64);
  /* a shorter n reads only the first entries */
  ck_assert_uint_eq (prw_shift_map (three, 1, 9000), 9100);
  ck_assert_uint_eq (prw_shift_map (three, 2, 9000), 9300);
}
END_TEST

START_TEST (test_adjacent_entries)
{
  /* entries one byte apart: each offset takes its own */
  const PrwShift adj[] = { { 1, 1 }, { 2, 2 }, { 3, 3 }, { 4, 4 } };

  for (guint64 x = 0; x < 8; x++)
    ck_assert_uint_eq (prw_shift_map (adj, 4, x), map_linear (adj, 4, x));
  ck_assert_uint_eq (prw_shift_map (adj, 4, 0), 0);
  ck_assert_uint_eq (prw_shift_map (adj, 4, 2), 4);
  ck_assert_uint_eq (prw_shift_map (adj, 4, 7), 11);
}
END_TEST

/* Tables of every length up to 64 (the binary search's every shape, odd
 * and even), each probed at every entry, one byte either side, and the
 * ends of the range. */
START_TEST (test_against_linear)
{
  GRand *rand = g_rand_new_with_seed (0x5417 + (guint32) _i);
  guint n = (guint) _i;
  PrwShift *table = g_new0 (PrwShift, MAX (n, 1));
  guint64 logical = 0, shift = 0;

  for (guint i = 0; i < n; i++) {
    logical += 1 + g_rand_int_range (rand, 0, 1 << 20);
    shift += 1 + g_rand_int_range (rand, 0, 4096);
    table[i].logical = logical;
    table[i].shift = shift;
  }
  ck_assert_uint_eq (prw_shift_map (table, n, 0), 0);
  for (guint i = 0; i < n; i++) {
    guint64 at = table[i].logical;

    ck_assert_uint_eq (prw_shift_map (table, n, at - 1),
                       map_linear (table, n, at - 1));
    ck_assert_uint_eq (prw_shift_map (table, n, at), at + table[i].shift);
    ck_assert_uint_eq (prw_shift_map (table, n, at + 1),
                       map_linear (table, n, at + 1));
  }
  for (guint k = 0; k < 200; k++) {
    guint64 x
        = g_rand_int_range (rand, 0, (gint32) MIN (logical + 2, G_MAXINT32));

    ck_assert_uint_eq (prw_shift_map (table, n, x), map_linear (table, n, x));
  }
  ck_assert_uint_eq (prw_shift_map (table, n, logical + 1000),
                     logical + 1000 + shift);
  g_free (table);
  g_rand_free (rand);
}
END_TEST

static Suite *
shift_suite (void)
{
  Suite *s = suite_create ("shift");
  TCase *tc = tcase_create ("map");

  tcase_add_test (tc, test_empty);
  tcase_add_test (tc, test_one_entry);
  tcase_add_test (tc, test_entry_at_zero);
  tcase_add_test (tc, test_shifts_add_up);
  tcase_add_test (tc, test_adjacent_entries);
  tcase_add_loop_test (tc, test_against_linear, 0, 65);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *runner = srunner_create (shift_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
