/* libproreswriter: the conform graph (base + segments -> ranges) */

#include "prw-media-info-private.h"
#include <string.h>

#include "prw-media-info-private.h"

/**
 * PrwPlan:
 *
 * What to print where: a base movie, the segments to print into it, and,
 * once sealed, the resolved list of #PrwRange rows the renderer executes.
 *
 * A plan is built in two steps, like a GES timeline that is edited and then
 * committed. prw_plan_add_segment() checks each segment against the base at
 * once (frame rate, drop-frame flag, ProRes flavour, frame size, and that
 * the segment touches the base at all) and places it by its start
 * timecode. prw_plan_seal() then decides which source owns every frame of
 * the base and freezes the plan: segments can no longer be added, and the
 * ranges and warnings become available.
 *
 * # Time coordinates
 *
 * - *Record frames* count the base's (and the output's) frames, 0 being the
 *   base's first frame. Every frame of the output has exactly one record
 *   frame, and the output is as long as the base.
 * - *Source frames* count a source movie's own frames, 0 being its first.
 * - A segment's *record in* is the record frame its first frame lands on:
 *   the number of frames from the base's start timecode to the segment's
 *   (prw_timecode_frames_between(), so drop-frame labels and a base that
 *   crosses midnight are handled). It is negative when the segment starts
 *   before the base. Placement is decided by timecode only, never by file
 *   name.
 *
 * # Who owns a frame
 *
 * A record frame belongs to the last segment, in the order they were added,
 * that covers it, and to the base if none does. Segment frames that fall
 * before the base's first frame or after its last are dropped. Sealing
 * produces gap-free ranges that cover every record frame exactly once, in
 * record order; neighbouring rows from the same source with contiguous
 * source frames are merged into one. Base rows have
 * #PrwRange.source_in equal to #PrwRange.record_in.
 *
 * # Warnings
 *
 * Sealing records one warning (in this order, segment by segment in the
 * order they were added) for: a segment whose reel name differs from the
 * base's, when both have one ("shot.mov: its reel \"B002C001\" differs from
 * the base's reel \"A001C003\""; timecode alone does not tell camera rolls
 * apart; trailing spaces are not part of a name, and "Tape", the name
 * GStreamer's qtmux gives every movie, is none); the frames of a segment
 * dropped before the base's first frame; those dropped after its last frame;
 * every run of record frames of a segment that a later segment hides ("B
 * overrides A on record frames 10-14 (01:00:00:10-01:00:00:14; 5 frames)", the
 * frames being inclusive record frames, the later segment named being the one
 * that is printed there); and a segment that ends up with no frame printed at
 * all.
 *
 * Before those come, since 0.2, the warnings of the probes of the base and
 * of each segment (prw_media_info_get_warnings()), each line naming the
 * file by its base name.
 *
 * Since: 0.1
 */

struct _PrwPlan {
  GObject parent_instance;

  PrwMediaInfo *base;
  GPtrArray *segments; /* PrwSegment */
  GArray *record_ins;  /* gint64, one per segment */

  gboolean sealed;
  GArray *ranges;   /* PrwRange, after sealing */
  gchar **warnings; /* NULL-terminated, empty until sealed */
};

enum { PROP_0, PROP_BASE, PROP_SEALED, N_PROPS };

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PrwPlan, prw_plan, G_TYPE_OBJECT)

static void
prw_plan_finalize (GObject *object)
{
  PrwPlan *self = PRW_PLAN (object);

  g_clear_object (&self->base);
  g_ptr_array_unref (self->segments);
  g_array_unref (self->record_ins);
  g_clear_pointer (&self->ranges, g_array_unref);
  g_strfreev (self->warnings);

  G_OBJECT_CLASS (prw_plan_parent_class)->finalize (object);
}

static void
prw_plan_get_property (GObject *object, guint prop_id, GValue *value,
                       GParamSpec *pspec)
{
  PrwPlan *self = PRW_PLAN (object);

  switch (prop_id) {
    case PROP_BASE:
      g_value_set_object (value, self->base);
      break;
    case PROP_SEALED:
      g_value_set_boolean (value, self->sealed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
prw_plan_set_property (GObject *object, guint prop_id, const GValue *value,
                       GParamSpec *pspec)
{
  PrwPlan *self = PRW_PLAN (object);

  switch (prop_id) {
    case PROP_BASE:
      self->base = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
prw_plan_constructed (GObject *object)
{
  PrwPlan *self = PRW_PLAN (object);

  G_OBJECT_CLASS (prw_plan_parent_class)->constructed (object);

  if (self->base == NULL)
    g_critical ("PrwPlan constructed without a base media info");
}

static void
prw_plan_class_init (PrwPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = prw_plan_constructed;
  object_class->finalize = prw_plan_finalize;
  object_class->get_property = prw_plan_get_property;
  object_class->set_property = prw_plan_set_property;

  /**
   * PrwPlan:base:
   *
   * The base movie: the output has its length, rate and start timecode.
   *
   * Since: 0.1
   */
  properties[PROP_BASE] = g_param_spec_object (
      "base", NULL, NULL, PRW_TYPE_MEDIA_INFO,
      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PrwPlan:sealed:
   *
   * Whether prw_plan_seal() succeeded.
   *
   * Since: 0.1
   */
  properties[PROP_SEALED] = g_param_spec_boolean (
      "sealed", NULL, NULL, FALSE,
      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
prw_plan_init (PrwPlan *self)
{
  self->segments = g_ptr_array_new_with_free_func (g_object_unref);
  self->record_ins = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->warnings = g_new0 (gchar *, 1);
}

/**
 * prw_plan_new:
 * @base: the probed base movie
 *
 * Makes a plan that prints into @base; add segments with
 * prw_plan_add_segment(), then seal it with prw_plan_seal().
 *
 * Returns: (transfer full): a new, empty, unsealed plan printing into @base
 *
 * Since: 0.1
 */
PrwPlan *
prw_plan_new (PrwMediaInfo *base)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (base), NULL);

  return g_object_new (PRW_TYPE_PLAN, "base", base, NULL);
}

/* --- helpers ------------------------------------------------------------ */

static gchar *
display_path (PrwMediaInfo *media)
{
  return g_filename_display_name (prw_media_info_get_path (media));
}

static const gchar *
flavour_name (PrwMediaInfo *media)
{
  const gchar *name = prw_media_info_get_codec_name (media);

  if (name == NULL || *name == '\0')
    name = prw_media_info_get_codec_fourcc (media);
  return name != NULL ? name : "unknown codec";
}

/* The label of the timecode offset frames after start (wrapping at
 * midnight). */
static gchar *
timecode_label (const PrwTimecode *start, gint64 offset)
{
  g_autoptr (PrwTimecode) tc = prw_timecode_add_frames (start, offset);

  return tc != NULL ? prw_timecode_to_string (tc) : g_strdup ("??:??:??:??");
}

/* "TC1-TC2": the labels of frames first..last (inclusive) after start. */
static gchar *
timecode_span (const PrwTimecode *start, gint64 first, gint64 last)
{
  g_autofree gchar *a = timecode_label (start, first);
  g_autofree gchar *b = timecode_label (start, last);

  return g_strdup_printf ("%s-%s", a, b);
}

static gboolean
overlaps_base (gint64 record_in, gint64 frames, gint64 base_frames)
{
  return record_in < base_frames && record_in + frames > 0;
}

/* What the probe of media found (prw_media_info_get_warnings()), each
 * line naming the file as the plan's other warnings do. */
static void
add_probe_warnings (GPtrArray *warnings, PrwMediaInfo *media, const gchar *name)
{
  const gchar *const *reasons = prw_media_info_get_warning_reasons (media);

  for (guint i = 0; reasons[i] != NULL; i++)
    g_ptr_array_add (warnings, g_strdup_printf ("%s: %s", name, reasons[i]));
}

static void
collect_probe_warnings (PrwPlan *self, GPtrArray *warnings)
{
  g_autofree gchar *base_name
      = g_filename_display_basename (prw_media_info_get_path (self->base));

  add_probe_warnings (warnings, self->base, base_name);
  for (guint i = 0; i < self->segments->len; i++) {
    PrwSegment *segment = g_ptr_array_index (self->segments, i);

    add_probe_warnings (warnings, prw_segment_get_media (segment),
                        prw_segment_get_display_name (segment));
  }
}

static gboolean
check_compatible (PrwMediaInfo *base, PrwMediaInfo *media, GError **error)
{
  g_autofree gchar *base_path = display_path (base);
  g_autofree gchar *path = display_path (media);
  const PrwTimecode *base_tc = prw_media_info_get_start_timecode (base);
  const PrwTimecode *tc = prw_media_info_get_start_timecode (media);
  guint bn = prw_media_info_get_rate_num (base);
  guint bd = prw_media_info_get_rate_den (base);
  guint sn = prw_media_info_get_rate_num (media);
  guint sd = prw_media_info_get_rate_den (media);
  const gchar *base_fourcc = prw_media_info_get_codec_fourcc (base);
  const gchar *fourcc = prw_media_info_get_codec_fourcc (media);
  guint bw = prw_media_info_get_width (base);
  guint bh = prw_media_info_get_height (base);
  guint sw = prw_media_info_get_width (media);
  guint sh = prw_media_info_get_height (media);

  if (base_tc == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_NO_TIMECODE,
                 "%s: the base has no timecode track", base_path);
    return FALSE;
  }
  if (tc == NULL) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_NO_TIMECODE,
                 "%s: no timecode track", path);
    return FALSE;
  }

  if ((guint64) sn * bd != (guint64) bn * sd) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_RATE_MISMATCH,
                 "%s: frame rate %u/%u differs from the base's %u/%u (%s)",
                 path, sn, sd, bn, bd, base_path);
    return FALSE;
  }

  if (!tc->drop_frame != !base_tc->drop_frame) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_RATE_MISMATCH,
                 "%s: %s timecode differs from the base's %s timecode (%s)",
                 path, tc->drop_frame ? "drop-frame" : "non-drop-frame",
                 base_tc->drop_frame ? "drop-frame" : "non-drop-frame",
                 base_path);
    return FALSE;
  }

  if (g_strcmp0 (fourcc, base_fourcc) != 0) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FORMAT_MISMATCH,
                 "%s: codec %s differs from the base's %s (%s)", path,
                 flavour_name (media), flavour_name (base), base_path);
    return FALSE;
  }

  if (sw != bw || sh != bh) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_FORMAT_MISMATCH,
                 "%s: frame size %ux%u differs from the base's %ux%u (%s)",
                 path, sw, sh, bw, bh, base_path);
    return FALSE;
  }

  return TRUE;
}

/* Where the segment's first frame lands in record frames. The timecode
 * distance is taken as prw_timecode_frames_between() gives it; should that
 * miss the base while the same labels one day later or earlier would not
 * (a base longer than half a day crossing midnight), that reading wins. */
static gboolean
compute_record_in (PrwMediaInfo *base, PrwMediaInfo *media, gint64 *record_in,
                   GError **error)
{
  const PrwTimecode *base_tc = prw_media_info_get_start_timecode (base);
  const PrwTimecode *tc = prw_media_info_get_start_timecode (media);
  gint64 base_frames = prw_media_info_get_frame_count (base);
  gint64 frames = prw_media_info_get_frame_count (media);
  gint64 day, offset;

  if (frames <= 0) {
    g_autofree gchar *path = display_path (media);

    g_set_error (error, PRW_ERROR, PRW_ERROR_NO_VIDEO, "%s: no video frames",
                 path);
    return FALSE;
  }

  offset = prw_timecode_frames_between (base_tc, tc);
  day = prw_timecode_rate_get_frames_per_day (
      base_tc->rate_num, base_tc->rate_den, base_tc->drop_frame);
  if (!overlaps_base (offset, frames, base_frames) && day > 0) {
    if (overlaps_base (offset + day, frames, base_frames))
      offset += day;
    else if (overlaps_base (offset - day, frames, base_frames))
      offset -= day;
  }

  if (!overlaps_base (offset, frames, base_frames)) {
    g_autofree gchar *path = display_path (media);
    g_autofree gchar *base_path = display_path (base);
    g_autofree gchar *span = timecode_span (tc, 0, frames - 1);

    if (base_frames <= 0) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_OUTSIDE_BASE,
                   "%s: %s lies entirely outside the base %s, which has no "
                   "frames",
                   path, span, base_path);
    } else {
      g_autofree gchar *base_span = timecode_span (base_tc, 0, base_frames - 1);

      g_set_error (error, PRW_ERROR, PRW_ERROR_OUTSIDE_BASE,
                   "%s: %s lies entirely outside the base %s %s", path, span,
                   base_path, base_span);
    }
    return FALSE;
  }

  *record_in = offset;
  return TRUE;
}

/**
 * prw_plan_add_segment:
 * @self: an unsealed #PrwPlan
 * @segment: the segment to print
 * @error: return location for a #GError
 *
 * Adds @segment on top of those already added: where it overlaps them, it
 * wins. It is placed at the record frame its start timecode names (see
 * prw_plan_get_segment_record_in()).
 *
 * Fails, naming both files and both values, with
 * %PRW_ERROR_RATE_MISMATCH when the frame rate or the drop-frame flag
 * differs from the base's, %PRW_ERROR_FORMAT_MISMATCH when the ProRes
 * flavour (the sample description's four-character code) or the frame
 * size differs, and %PRW_ERROR_OUTSIDE_BASE when no frame of the segment
 * falls within the base, even a day earlier or later for a base that
 * crosses midnight. %PRW_ERROR_NO_TIMECODE (either movie has no start
 * timecode) and %PRW_ERROR_NO_VIDEO (the segment has no frames) cannot
 * happen with movies from prw_probe_file(), which refuses those. The plan
 * is unchanged on failure. Nothing is read from disk.
 *
 * Returns: %TRUE if the segment was added
 *
 * Since: 0.1
 */
gboolean
prw_plan_add_segment (PrwPlan *self, PrwSegment *segment, GError **error)
{
  PrwMediaInfo *media;
  gint64 record_in = 0;

  g_return_val_if_fail (PRW_IS_PLAN (self), FALSE);
  g_return_val_if_fail (PRW_IS_SEGMENT (segment), FALSE);
  g_return_val_if_fail (!self->sealed, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->segments->len < G_MAXINT, FALSE);

  media = prw_segment_get_media (segment);
  if (!check_compatible (self->base, media, error))
    return FALSE;
  if (!compute_record_in (self->base, media, &record_in, error))
    return FALSE;

  g_ptr_array_add (self->segments, g_object_ref (segment));
  g_array_append_val (self->record_ins, record_in);
  g_debug ("plan: segment %u %s at record frame %" G_GINT64_FORMAT,
           self->segments->len - 1, prw_segment_get_display_name (segment),
           record_in);
  return TRUE;
}

/* --- sealing ------------------------------------------------------------ */

typedef struct {
  gint64 record_frame;
  gint segment;
  gboolean start;
} Event;

static gint
event_compare (gconstpointer a, gconstpointer b)
{
  const Event *ea = a, *eb = b;

  if (ea->record_frame != eb->record_frame)
    return ea->record_frame < eb->record_frame ? -1 : 1;
  return 0;
}

/* A max-heap of segment indices: the top is the latest segment. */
static void
heap_push (GArray *heap, gint value)
{
  gint *h;
  guint i;

  g_array_append_val (heap, value);
  h = (gint *) heap->data;
  for (i = heap->len - 1; i > 0 && h[(i - 1) / 2] < h[i]; i = (i - 1) / 2) {
    gint tmp = h[i];

    h[i] = h[(i - 1) / 2];
    h[(i - 1) / 2] = tmp;
  }
}

static void
heap_pop (GArray *heap)
{
  gint *h = (gint *) heap->data;
  guint n = heap->len - 1, i = 0;

  h[0] = h[n];
  g_array_set_size (heap, n);
  for (;;) {
    guint l = 2 * i + 1, r = l + 1, top = i;
    gint tmp;

    if (l < n && h[l] > h[top])
      top = l;
    if (r < n && h[r] > h[top])
      top = r;
    if (top == i)
      break;
    tmp = h[i];
    h[i] = h[top];
    h[top] = tmp;
    i = top;
  }
}

static void
append_range (PrwPlan *self, gint source, gint64 record_in, gint64 frames)
{
  PrwRange range;
  gint64 source_in = record_in;

  if (source != PRW_RANGE_SOURCE_BASE)
    source_in = record_in - g_array_index (self->record_ins, gint64, source);

  if (self->ranges->len > 0) {
    PrwRange *last
        = &g_array_index (self->ranges, PrwRange, self->ranges->len - 1);

    if (last->source == source && last->record_in + last->frames == record_in
        && last->source_in + last->frames == source_in) {
      last->frames += frames;
      return;
    }
  }

  range.source = source;
  range.source_in = source_in;
  range.record_in = record_in;
  range.frames = frames;
  g_array_append_val (self->ranges, range);
}

/* Sweeps the segments' (clipped) boundaries in record order, keeping the
 * covering segments in a max-heap (ended ones are removed lazily when they
 * reach the top): O((segments + ranges) log segments). */
static void
resolve_ranges (PrwPlan *self, gint64 base_frames)
{
  guint n = self->segments->len;
  g_autoptr (GArray) events
      = g_array_sized_new (FALSE, FALSE, sizeof (Event), 2 * n);
  g_autoptr (GArray) heap = g_array_sized_new (FALSE, FALSE, sizeof (gint), n);
  g_autofree gboolean *ended = g_new0 (gboolean, n);
  gint64 cur = 0;
  guint ei = 0;

  for (guint i = 0; i < n; i++) {
    gint64 record_in = g_array_index (self->record_ins, gint64, i);
    gint64 frames
        = prw_segment_get_frame_count (g_ptr_array_index (self->segments, i));
    Event start = { MAX (record_in, 0), (gint) i, TRUE };
    Event end = { MIN (record_in + frames, base_frames), (gint) i, FALSE };

    g_assert (start.record_frame < end.record_frame);
    g_array_append_val (events, start);
    g_array_append_val (events, end);
  }
  g_array_sort (events, event_compare);

  while (cur < base_frames) {
    gint owner = PRW_RANGE_SOURCE_BASE;
    gint64 next;

    for (; ei < events->len; ei++) {
      const Event *event = &g_array_index (events, Event, ei);

      if (event->record_frame != cur)
        break;
      if (event->start)
        heap_push (heap, event->segment);
      else
        ended[event->segment] = TRUE;
    }
    while (heap->len > 0 && ended[g_array_index (heap, gint, 0)])
      heap_pop (heap);
    if (heap->len > 0)
      owner = g_array_index (heap, gint, 0);

    next = ei < events->len ? g_array_index (events, Event, ei).record_frame
                            : base_frames;
    g_assert (next > cur && next <= base_frames);
    append_range (self, owner, cur, next - cur);
    cur = next;
  }
}

/* The index of the first range whose record out is after record_frame. */
static guint
find_range (PrwPlan *self, gint64 record_frame)
{
  guint lo = 0, hi = self->ranges->len;

  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    const PrwRange *range = &g_array_index (self->ranges, PrwRange, mid);

    if (range->record_in + range->frames <= record_frame)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static const gchar *
plural (gint64 n)
{
  return n == 1 ? "" : "s";
}

/* The placeholder qtmux (GStreamer 1.22) writes as every movie's reel
 * name: it names no reel. */
#define QTMUX_PLACEHOLDER_REEL "Tape"

/* A media's reel name without the trailing spaces some writers pad it
 * with, or NULL when nothing is left or it is qtmux's placeholder. */
static gchar *
reel_of (PrwMediaInfo *media)
{
  const gchar *reel = prw_media_info_get_reel_name (media);
  gsize len;

  if (reel == NULL)
    return NULL;
  len = strlen (reel);
  while (len > 0 && reel[len - 1] == ' ')
    len--;
  if (len == 0
      || (len == strlen (QTMUX_PLACEHOLDER_REEL)
          && strncmp (reel, QTMUX_PLACEHOLDER_REEL, len) == 0))
    return NULL;
  return g_strndup (reel, len);
}

static void
collect_warnings (PrwPlan *self, gint64 base_frames, GPtrArray *warnings)
{
  const PrwTimecode *base_tc = prw_media_info_get_start_timecode (self->base);
  g_autofree gchar *base_reel = reel_of (self->base);

  for (guint i = 0; i < self->segments->len; i++) {
    PrwSegment *segment = g_ptr_array_index (self->segments, i);
    const gchar *name = prw_segment_get_display_name (segment);
    gint64 record_in = g_array_index (self->record_ins, gint64, i);
    gint64 frames = prw_segment_get_frame_count (segment);
    gint64 first = MAX (record_in, 0);
    gint64 end = MIN (record_in + frames, base_frames);
    gint64 shown = 0;
    g_autofree gchar *reel = reel_of (prw_segment_get_media (segment));

    /* No warning when either has no reel: many renders carry none. */
    if (base_reel != NULL && reel != NULL && strcmp (reel, base_reel) != 0)
      g_ptr_array_add (warnings,
                       g_strdup_printf ("%s: its reel \"%s\" differs from "
                                        "the base's reel \"%s\"",
                                        name, reel, base_reel));

    if (record_in < 0) {
      gint64 dropped = -record_in;
      g_autofree gchar *span = timecode_span (base_tc, record_in, -1);
      g_autofree gchar *base_first = timecode_label (base_tc, 0);

      g_ptr_array_add (
          warnings,
          g_strdup_printf ("%s: its first %" G_GINT64_FORMAT " frame%s (%s) "
                           "lie%s before the base's first frame %s and %s "
                           "dropped",
                           name, dropped, plural (dropped), span,
                           dropped == 1 ? "s" : "", base_first,
                           dropped == 1 ? "is" : "are"));
    }
    if (record_in + frames > base_frames) {
      gint64 dropped = record_in + frames - base_frames;
      g_autofree gchar *span
          = timecode_span (base_tc, base_frames, record_in + frames - 1);
      g_autofree gchar *base_last = timecode_label (base_tc, base_frames - 1);

      g_ptr_array_add (
          warnings,
          g_strdup_printf ("%s: its last %" G_GINT64_FORMAT " frame%s (%s) "
                           "lie%s after the base's last frame %s and %s "
                           "dropped",
                           name, dropped, plural (dropped), span,
                           dropped == 1 ? "s" : "", base_last,
                           dropped == 1 ? "is" : "are"));
    }

    for (guint r = find_range (self, first); r < self->ranges->len; r++) {
      const PrwRange *range = &g_array_index (self->ranges, PrwRange, r);
      gint64 from, to;
      PrwSegment *winner;
      g_autofree gchar *span = NULL;

      if (range->record_in >= end)
        break;
      from = MAX (range->record_in, first);
      to = MIN (range->record_in + range->frames, end);
      if (range->source == (gint) i) {
        shown += to - from;
        continue;
      }
      /* Within its own frames a segment loses only to later ones. */
      g_assert (range->source > (gint) i);
      winner = g_ptr_array_index (self->segments, range->source);
      span = timecode_span (base_tc, from, to - 1);
      g_ptr_array_add (
          warnings,
          g_strdup_printf ("%s overrides %s on record frames %" G_GINT64_FORMAT
                           "-%" G_GINT64_FORMAT " (%s; %" G_GINT64_FORMAT
                           " frame%s)",
                           prw_segment_get_display_name (winner), name, from,
                           to - 1, span, to - from, plural (to - from)));
    }

    if (shown == 0)
      g_ptr_array_add (warnings,
                       g_strdup_printf ("%s is entirely hidden by later "
                                        "segments",
                                        name));
  }
}

/* The base's video frames come from the demuxer, which plays the edit list
 * its own way: a base whose edit list hides frames is refused (a segment's
 * is honoured: its frames come from its sample table). */
static gboolean
check_base_video (PrwMediaInfo *base, GError **error)
{
  const PrwQtTrack *video = prw_media_info_get_video_track (base);
  g_autofree gchar *base_path = NULL;

  if (video == NULL || !prw_media_info_is_trimmed (base))
    return TRUE;
  base_path = display_path (base);
  g_set_error (error, PRW_ERROR, PRW_ERROR_UNSUPPORTED,
               "%s: the base's video edit list shows %" G_GINT64_FORMAT
               " of its %" G_GUINT64_FORMAT " frames (from frame "
               "%" G_GUINT64_FORMAT "); a base must present every frame it "
               "holds (only segments may be trimmed)",
               base_path, prw_media_info_get_frame_count (base),
               video->n_samples, base->first_sample);
  return FALSE;
}

/* The base's sound tracks are copied into the output as they are, chunk
 * by chunk, with their sample descriptions and edit lists: any codec,
 * any sample description version. What cannot be copied is a track
 * whose chunks' sizes cannot be told from its tables (see
 * prw_qt_track_read_chunks()): refused before anything is written. */
static gboolean
check_base_audio (PrwMediaInfo *base, GError **error)
{
  const PrwQtMovie *movie = prw_media_info_get_movie (base);

  for (guint i = 0; movie != NULL && i < movie->tracks->len; i++) {
    const PrwQtTrack *track = g_ptr_array_index (movie->tracks, i);
    g_autoptr (GArray) chunks = NULL;

    if (track->handler != PRW_QT_FOURCC_SOUN)
      continue;
    if (!(chunks = prw_qt_track_read_chunks (movie, track, error)))
      return FALSE;
  }
  return TRUE;
}

/**
 * prw_plan_seal:
 * @self: a #PrwPlan
 * @error: return location for a #GError
 *
 * Resolves which source owns every record frame (the last segment added
 * that covers it, else the base), makes the ranges and the warnings, and
 * freezes the plan. Sealing a sealed plan does nothing and succeeds.
 *
 * Fails with %PRW_ERROR_NO_VIDEO when the base has no frames, which
 * cannot happen with a base from prw_probe_file(), and (since 0.2) with
 * %PRW_ERROR_UNSUPPORTED when a sound track of the base cannot be copied
 * into the output, named in the message with its track ID ('tkhd'),
 * format, channels and rate: since 0.3 every sound track is copied as it
 * is (any codec and sample description version, its edit list kept), but
 * one whose sample table says 1 byte per sample (QuickTime's convention
 * for uncompressed sound) with a sample description that does not give
 * the size of its packets cannot be cut into chunks; and when the base's
 * video edit list hides frames (a trimmed base: its frames come from the
 * demuxer, which plays edits its own way). The plan stays unsealed then.
 * Nothing is read from disk.
 *
 * Returns: %TRUE if the plan is sealed
 *
 * Since: 0.1
 */
gboolean
prw_plan_seal (PrwPlan *self, GError **error)
{
  g_autoptr (GPtrArray) warnings = NULL;
  gint64 base_frames;

  g_return_val_if_fail (PRW_IS_PLAN (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->sealed)
    return TRUE;

  base_frames = prw_media_info_get_frame_count (self->base);
  if (base_frames <= 0) {
    g_autofree gchar *base_path = display_path (self->base);

    g_set_error (error, PRW_ERROR, PRW_ERROR_NO_VIDEO,
                 "%s: the base has no video frames", base_path);
    return FALSE;
  }
  if (!check_base_video (self->base, error)
      || !check_base_audio (self->base, error))
    return FALSE;

  self->ranges = g_array_new (FALSE, FALSE, sizeof (PrwRange));
  resolve_ranges (self, base_frames);

  warnings = g_ptr_array_new_with_free_func (g_free);
  collect_probe_warnings (self, warnings);
  collect_warnings (self, base_frames, warnings);
  for (guint i = 0; i < warnings->len; i++)
    g_debug ("plan: %s", (const gchar *) g_ptr_array_index (warnings, i));
  g_ptr_array_add (warnings, NULL);
  g_ptr_array_set_free_func (warnings, NULL);
  g_strfreev (self->warnings);
  self->warnings
      = (gchar **) g_ptr_array_free (g_steal_pointer (&warnings), FALSE);

  self->sealed = TRUE;
  g_debug ("plan: sealed, %u segments, %u ranges", self->segments->len,
           self->ranges->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEALED]);
  return TRUE;
}

/**
 * prw_plan_is_sealed:
 * @self: a #PrwPlan
 *
 * Whether the plan is sealed (#PrwPlan:sealed): its ranges and warnings
 * are then available and no segment can be added.
 *
 * Returns: whether prw_plan_seal() has succeeded
 *
 * Since: 0.1
 */
gboolean
prw_plan_is_sealed (PrwPlan *self)
{
  g_return_val_if_fail (PRW_IS_PLAN (self), FALSE);

  return self->sealed;
}

/**
 * prw_plan_get_base:
 * @self: a #PrwPlan
 *
 * The base movie (#PrwPlan:base): the output has its frame count, rate,
 * start timecode, reel name and sound tracks.
 *
 * Returns: (transfer none): the base movie
 *
 * Since: 0.1
 */
PrwMediaInfo *
prw_plan_get_base (PrwPlan *self)
{
  g_return_val_if_fail (PRW_IS_PLAN (self), NULL);

  return self->base;
}

/**
 * prw_plan_get_n_segments:
 * @self: a #PrwPlan
 *
 * How many segments prw_plan_add_segment() added; their indices run from
 * 0 to this minus one.
 *
 * Returns: the number of segments added
 *
 * Since: 0.1
 */
guint
prw_plan_get_n_segments (PrwPlan *self)
{
  g_return_val_if_fail (PRW_IS_PLAN (self), 0);

  return self->segments->len;
}

/**
 * prw_plan_get_segment:
 * @self: a #PrwPlan
 * @index: a segment index, in the order they were added
 *
 * The segment added @index-th, from 0.
 *
 * Returns: (transfer none): the segment; #PrwRange.source names it by
 *   this index
 *
 * Since: 0.1
 */
PrwSegment *
prw_plan_get_segment (PrwPlan *self, guint index)
{
  g_return_val_if_fail (PRW_IS_PLAN (self), NULL);
  g_return_val_if_fail (index < self->segments->len, NULL);

  return g_ptr_array_index (self->segments, index);
}

/**
 * prw_plan_get_segment_record_in:
 * @self: a #PrwPlan
 * @index: a segment index
 *
 * The record frame the segment's first frame lands on, from the timecodes:
 * negative when it starts before the base (those frames are dropped). Its
 * frame n lands on record frame record_in + n.
 *
 * Returns: the segment's record in, in record frames
 *
 * Since: 0.1
 */
gint64
prw_plan_get_segment_record_in (PrwPlan *self, guint index)
{
  g_return_val_if_fail (PRW_IS_PLAN (self), 0);
  g_return_val_if_fail (index < self->record_ins->len, 0);

  return g_array_index (self->record_ins, gint64, index);
}

/**
 * prw_plan_get_n_ranges:
 * @self: a sealed #PrwPlan
 *
 * How many rows the sealed plan has (see prw_plan_get_range()); at least
 * one.
 *
 * Returns: the number of resolved ranges
 *
 * Since: 0.1
 */
guint
prw_plan_get_n_ranges (PrwPlan *self)
{
  g_return_val_if_fail (PRW_IS_PLAN (self), 0);
  g_return_val_if_fail (self->sealed, 0);

  return self->ranges->len;
}

/**
 * prw_plan_get_range:
 * @self: a sealed #PrwPlan
 * @index: a range index, in record order
 *
 * The ranges cover every record frame of the base exactly once, in record
 * order, with no two neighbours that could be merged.
 *
 * Returns: (transfer none): the range, owned by the plan
 *
 * Since: 0.1
 */
const PrwRange *
prw_plan_get_range (PrwPlan *self, guint index)
{
  g_return_val_if_fail (PRW_IS_PLAN (self), NULL);
  g_return_val_if_fail (self->sealed, NULL);
  g_return_val_if_fail (index < self->ranges->len, NULL);

  return &g_array_index (self->ranges, PrwRange, index);
}

/**
 * prw_plan_get_warnings:
 * @self: a #PrwPlan
 *
 * What sealing found worth telling: the probe warnings of the base and
 * the segments (since 0.2), segments hiding frames of earlier ones,
 * segments hidden entirely, and segment frames dropped outside the base
 * (see the #PrwPlan description). Empty until the plan is sealed.
 *
 * Returns: (transfer none) (array zero-terminated=1): the warnings, one
 *   line each
 *
 * Since: 0.1
 */
const gchar *const *
prw_plan_get_warnings (PrwPlan *self)
{
  g_return_val_if_fail (PRW_IS_PLAN (self), NULL);

  return (const gchar *const *) self->warnings;
}

/**
 * prw_plan_get_source_path:
 * @self: a #PrwPlan
 * @source: %PRW_RANGE_SOURCE_BASE or a segment index (a #PrwRange.source)
 *
 * The file a range's frames come from.
 *
 * Returns: (type filename) (transfer none): the path of the base for
 *   %PRW_RANGE_SOURCE_BASE, else of the segment
 *
 * Since: 0.1
 */
const gchar *
prw_plan_get_source_path (PrwPlan *self, gint source)
{
  g_return_val_if_fail (PRW_IS_PLAN (self), NULL);
  g_return_val_if_fail (source >= PRW_RANGE_SOURCE_BASE
                            && source < (gint) self->segments->len,
                        NULL);

  if (source == PRW_RANGE_SOURCE_BASE)
    return prw_media_info_get_path (self->base);
  return prw_segment_get_path (g_ptr_array_index (self->segments, source));
}
