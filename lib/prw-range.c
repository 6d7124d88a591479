/* libproreswriter: one row of a sealed plan */

#include <proreswriter/proreswriter.h>

G_DEFINE_BOXED_TYPE (PrwRange, prw_range, prw_range_copy, prw_range_free)

/**
 * prw_range_new:
 * @source: %PRW_RANGE_SOURCE_BASE or a segment index
 * @source_in: first source frame, 0 or more
 * @record_in: first record (output) frame, 0 or more
 * @frames: frame count, at least one
 *
 * Makes a range; the plan makes its own when sealed
 * (prw_plan_get_range()). Values outside those given are a programmer
 * error.
 *
 * Returns: (transfer full) (nullable): a new #PrwRange, or %NULL on a
 *   programmer error
 *
 * Since: 0.1
 */
PrwRange *
prw_range_new (gint source, gint64 source_in, gint64 record_in, gint64 frames)
{
  PrwRange *range;

  g_return_val_if_fail (source >= PRW_RANGE_SOURCE_BASE, NULL);
  g_return_val_if_fail (source_in >= 0 && record_in >= 0 && frames > 0, NULL);

  range = g_new (PrwRange, 1);
  range->source = source;
  range->source_in = source_in;
  range->record_in = record_in;
  range->frames = frames;
  return range;
}

/**
 * prw_range_copy:
 * @range: a #PrwRange
 *
 * Copies @range.
 *
 * Returns: (transfer full): a copy of @range
 *
 * Since: 0.1
 */
PrwRange *
prw_range_copy (const PrwRange *range)
{
  g_return_val_if_fail (range != NULL, NULL);

  return g_memdup2 (range, sizeof *range);
}

/**
 * prw_range_free:
 * @range: (nullable) (transfer full): a #PrwRange
 *
 * Frees @range; %NULL is ignored.
 *
 * Since: 0.1
 */
void
prw_range_free (PrwRange *range)
{
  g_free (range);
}

/**
 * prw_range_get_record_out:
 * @range: a #PrwRange
 *
 * The end of @range in record frames: #PrwRange.record_in +
 * #PrwRange.frames.
 *
 * Returns: the record frame just after the range (exclusive end)
 *
 * Since: 0.1
 */
gint64
prw_range_get_record_out (const PrwRange *range)
{
  g_return_val_if_fail (range != NULL, 0);

  return range->record_in + range->frames;
}
