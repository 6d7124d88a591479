/* libproreswriter: the conform graph (base + segments -> ranges) */

#include "prw-media-info-private.h"
#include "prw-reel-private.h"
#include "util/prw-enum-private.h"
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
 * - Since 0.4, by the timecode each movie *shows* at each frame (its
 *   timecode map, prw_media_info_get_n_timecode_runs()): a segment frame
 *   lands on the base frame whose label equals its own. Where neither
 *   timecode breaks this is the record in above; where one does, the
 *   segment is placed in pieces (prw_plan_get_segment_piece()).
 *
 * # Who owns a frame
 *
 * A record frame belongs to the last segment, in the order they were added,
 * that covers it, and to the base if none does. Segment frames that fall
 * before the base's first frame or after its last, or (since 0.4) whose
 * timecode the base does not show, are dropped. Sealing
 * produces gap-free ranges that cover every record frame exactly once, in
 * record order; neighbouring rows from the same source with contiguous
 * source frames are merged into one. Base rows have
 * #PrwRange.source_in equal to #PrwRange.record_in.
 *
 * # Layers and handles
 *
 * Since 0.4, segments lie on layers (#PrwLayer), as clips on the layers of
 * a GES timeline: prw_plan_add_segment() adds to the grade layer,
 * prw_plan_add_segment_to_layer() to the grade or the VFX layer. With
 * #PrwPlan:handles N, a segment's first and last N frames (its own
 * frames, wherever they land) are *handles*, the frames between them its
 * *core*. Where segments cover one record frame, the owner is decided in
 * this order:
 *
 * 1. a core frame beats a handle, whatever the layers (a VFX shot's
 *    handles yield to a grade's core frames);
 * 2. between two core frames, or two handles, the upper layer wins (VFX
 *    over grade);
 * 3. on one layer, the segment added later wins (a folder's files come in
 *    name order).
 *
 * Any segment frame beats the base's. The rule above ("the last segment
 * added") is the third alone, which is all there is with one layer and no
 * handles. Handle frames whose timecode the base does not show (before
 * its first frame, after its last) are not placed, without a warning.
 * The ranges are cut where a segment's handles meet its core, so each
 * range is all handles or all core (prw_plan_get_range_is_handle()), and
 * carries its layer (prw_plan_get_range_layer()); the renderer reads
 * only the #PrwRange rows, as before.
 *
 * # Warnings
 *
 * Sealing records one warning (in this order, segment by segment in the
 * order they were added) for: a segment whose reel name differs from the
 * base's, when both have one ("shot.mov: its reel \"B002C001\" differs from
 * the base's reel \"A001C003\""; timecode alone does not tell camera rolls
 * apart; reels are compared as conform links them, without the white
 * space around them and ignoring the case of ASCII letters, so "a001c003 "
 * is the reel "A001C003", and "Tape", the name GStreamer's qtmux gives
 * every movie, is none); the frames of a segment
 * dropped before the base's first frame; those dropped after its last frame;
 * since 0.4, each other run of its frames whose timecodes the base does not
 * show ("A.mov: its frames 5-9 (01:00:01:00-01:00:01:04; 5 frames) show
 * timecodes the base does not show (outside the base) and are dropped");
 * every run of record frames of a segment that a later segment hides ("B
 * overrides A on record frames 10-14 (01:00:00:10-01:00:00:14; 5 frames)", the
 * frames being inclusive record frames, the later segment named being the one
 * that is printed there); and a segment that ends up with no frame printed at
 * all ("A is entirely hidden by later segments").
 *
 * Since 0.4, with layers and handles: only dropped *core* frames are
 * warned about ("A.mov: its first 2 core frames (...) lie before the
 * base's first frame ..."); a segment that is all handles says so first
 * ("A.mov: all its 4 frames are handles (2 at each end)"); a run hidden by
 * another rule than the later segment names it, and both layers when they
 * differ: "V.mov (VFX): its handles yield to the core frames of G.mov
 * (grade) on record frames 8-9 (01:00:00:08-01:00:00:09; 2 frames)"
 * (rule 1), "V.mov (VFX) overrides G.mov (grade) on record frames ..." and
 * "V.mov (VFX): its handles override the handles of G.mov (grade) on
 * record frames ..." (rule 2), "B.mov: its handles override the handles
 * of A.mov on record frames ..." (rule 3 between handles); a segment
 * hidden by any but rule 3 alone is "entirely hidden by other segments";
 * and one whose frames are printed but none of its core frames says
 * "A.mov: none of its core frames is printed, only 2 handle frames".
 *
 * Before those come, since 0.2, the warnings of the probes of the base and
 * of each segment (prw_media_info_get_warnings()), each line naming the
 * file by its base name; then, since 0.4, one for each segment whose colour
 * description ('colr', prw_media_info_get_colour()) is not the base's (a
 * movie without one counting as SDR video's: BT.709 or BT.601 primaries
 * and transfer, not BT.2020, PQ or HLG): "G.mov:
 * colour description nclc 9-16-9 differs from the base's nclc 1-1-1
 * (base.mov); its frames are tagged as the base's" (the output has the
 * base's sample description); after it, one if its pixel aspect ('pasp',
 * in lowest terms; a movie without one has square pixels, 1:1) is not
 * the base's: "G.mov: pixel aspect 2:1 differs from the base's 1:1 (no
 * pasp) (base.mov); its frames are tagged as the base's"; and one if its
 * field description ('fiel': field count and order; a movie without one
 * is progressive, whatever order a progressive one gives) is not the
 * base's: "G.mov: field description interlaced, top field first (fiel 2
 * 1) differs from the base's progressive (fiel 1 0) (base.mov); its frames
 * are tagged as the base's: progressive, each frame's two fields woven
 * into one picture (combing where there is motion)" (the last part for
 * an interlaced segment in a progressive base; "..., its fields shown in
 * the wrong order (judder where there is motion)" for two interlaced ones
 * showing opposite fields first).
 *
 * Every warning names a segment by its base name
 * (prw_segment_get_display_name()), unless another segment of the plan has
 * the same base name: since 0.4, both are then named by the shortest end
 * of their paths that tells them apart ("v2/A001C001_S01.mov overrides
 * v1/A001C001_S01.mov on record frames ..."), or by their paths as given
 * when none does.
 *
 * Since: 0.1
 */

struct _PrwPlan {
  GObject parent_instance;

  PrwMediaInfo *base;
  GPtrArray *segments; /* PrwSegment */
  GArray *record_ins;  /* gint64, one per segment */
  GArray *layers;      /* PrwLayer, one per segment */
  guint handles;       /* frames at each end of every segment */
  /* PrwRange (source: the segment's index), every segment's pieces, the
   * segments in the order they were added, each one's in source order;
   * piece_starts[i]: segment i's first piece, piece_starts[n]: the end */
  GArray *pieces;
  GArray *piece_starts; /* guint */

  gboolean sealed;
  GArray *ranges;      /* PrwRange, after sealing */
  GArray *range_kinds; /* RangeKind, one per range, after sealing */
  gchar **warnings;    /* NULL-terminated, empty until sealed */
  gchar **names;       /* each segment's name in warnings, once sealing */
};

/* What a range is made of: its segment's layer, and whether its frames
 * are handles. */
typedef struct {
  PrwLayer layer;
  gboolean handle;
} RangeKind;

enum { PROP_0, PROP_BASE, PROP_SEALED, PROP_HANDLES, N_PROPS };

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PrwPlan, prw_plan, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PrwLayer, prw_layer,
                    G_DEFINE_ENUM_VALUE (PRW_LAYER_BASE, "base"),
                    G_DEFINE_ENUM_VALUE (PRW_LAYER_GRADE, "grade"),
                    G_DEFINE_ENUM_VALUE (PRW_LAYER_VFX, "vfx"))

/**
 * prw_layer_to_string:
 * @layer: a #PrwLayer
 *
 * The layer's name for people and scripts, as the CLI prints it (plan,
 * print and conform, in text and JSON): "base", "grade" or "vfx". It is
 * the value's nick in the #PrwLayer #GEnum type, so bindings that read
 * nicks see the same names.
 *
 * Returns: (transfer none): the layer's name, static; %NULL for a value
 *   that is not a #PrwLayer
 *
 * Since: 0.4
 */
const gchar *
prw_layer_to_string (PrwLayer layer)
{
  const gchar *value = prw_enum_value_nick (PRW_TYPE_LAYER, (gint) layer);

  g_return_val_if_fail (value != NULL, NULL);
  return value;
}

/* The stack of layers, bottom to top: the one place that orders them (a
 * GES layer's priority, counted upwards). A new layer gets the next free
 * PrwLayer value and its height here. */
static guint
layer_rank (PrwLayer layer)
{
  switch (layer) {
    case PRW_LAYER_BASE:
      return 0;
    case PRW_LAYER_GRADE:
      return 1;
    case PRW_LAYER_VFX:
      return 2;
  }
  g_return_val_if_reached (0);
}

/* A layer a segment can be added to. */
static gboolean
layer_is_segment_layer (PrwLayer layer)
{
  return layer == PRW_LAYER_GRADE || layer == PRW_LAYER_VFX;
}

/* The layer's name in warnings. */
static const gchar *
layer_name (PrwLayer layer)
{
  switch (layer) {
    case PRW_LAYER_BASE:
      return "base";
    case PRW_LAYER_GRADE:
      return "grade";
    case PRW_LAYER_VFX:
      return "VFX";
  }
  g_return_val_if_reached ("?");
}

static void
prw_plan_finalize (GObject *object)
{
  PrwPlan *self = PRW_PLAN (object);

  g_clear_object (&self->base);
  g_ptr_array_unref (self->segments);
  g_array_unref (self->record_ins);
  g_array_unref (self->layers);
  g_array_unref (self->pieces);
  g_array_unref (self->piece_starts);
  g_clear_pointer (&self->ranges, g_array_unref);
  g_clear_pointer (&self->range_kinds, g_array_unref);
  g_strfreev (self->warnings);
  g_strfreev (self->names);

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
    case PROP_HANDLES:
      g_value_set_uint (value, self->handles);
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
    case PROP_HANDLES:
      prw_plan_set_handles (self, g_value_get_uint (value));
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

  /**
   * PrwPlan:handles:
   *
   * How many frames at each end of every segment are handles, in the
   * segment's own frames: its first and last #PrwPlan:handles frames
   * (all of them when it has no more than twice as many). A handle
   * frame is printed only where no segment's core frame covers the
   * record frame, whatever the layers, and is not placed, without a
   * warning, where the base does not show its timecode. 0 (the default):
   * no handles, every frame is a core frame. Settable until the plan is
   * sealed (prw_plan_set_handles()).
   *
   * One count for the whole plan, not one per segment: handles are how a
   * shoot's shots were rendered (Resolve's Deliver page adds the same
   * number to every clip of a render job), and the link stage's timecode
   * gate allows the same number past a source's ends.
   *
   * Since: 0.4
   */
  properties[PROP_HANDLES] = g_param_spec_uint (
      "handles", NULL, NULL, 0, G_MAXUINT, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
prw_plan_init (PrwPlan *self)
{
  self->segments = g_ptr_array_new_with_free_func (g_object_unref);
  self->record_ins = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->layers = g_array_new (FALSE, FALSE, sizeof (PrwLayer));
  self->pieces = g_array_new (FALSE, FALSE, sizeof (PrwRange));
  self->piece_starts = g_array_new (FALSE, TRUE, sizeof (guint));
  g_array_set_size (self->piece_starts, 1);
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

/* The label media's timecode map gives its frame (before its first frame
 * or after its last, the first or last run continued). */
static gchar *
timecode_label (PrwMediaInfo *media, gint64 frame)
{
  const PrwTimecode *start = prw_media_info_get_start_timecode (media);
  gint64 label = prw_media_info_get_label_at (media, frame);
  g_autoptr (PrwTimecode) tc = NULL;

  if (start != NULL && label >= 0)
    tc = prw_timecode_new (start->rate_num, start->rate_den, start->drop_frame,
                           label);
  return tc != NULL ? prw_timecode_to_string (tc) : g_strdup ("??:??:??:??");
}

/* "TC1-TC2": the labels of media's frames first..last (inclusive). */
static gchar *
timecode_span (PrwMediaInfo *media, gint64 first, gint64 last)
{
  g_autofree gchar *a = timecode_label (media, first);
  g_autofree gchar *b = timecode_label (media, last);

  return g_strdup_printf ("%s-%s", a, b);
}

/* The end of path from its last n components on ("v1/A.mov" for n = 2 of
 * "ver/v1/A.mov"), or all of it when it has no more. */
static const gchar *
path_tail (const gchar *path, guint n)
{
  const gchar *p = path + strlen (path);

  while (p > path) {
    if (p[-1] == G_DIR_SEPARATOR && --n == 0)
      return p;
    p--;
  }
  return path;
}

/* Whether segments i and j have one base name but are two files (paths). */
static gboolean
share_base_name (GPtrArray *segments, guint i, guint j)
{
  PrwSegment *a = g_ptr_array_index (segments, i);
  PrwSegment *b = g_ptr_array_index (segments, j);

  return i != j
         && g_str_equal (prw_segment_get_display_name (a),
                         prw_segment_get_display_name (b))
         && !g_str_equal (prw_segment_get_path (a), prw_segment_get_path (b));
}

/* Each segment's name in the warnings: its display name (the base name),
 * or, when another file among the plan's segments has the same, the
 * shortest end of its path that tells it from every such one ("v1/A.mov"
 * and "v2/A.mov"; a file added twice is one file), or its path as given
 * when none does. */
static gchar **
warning_names (GPtrArray *segments)
{
  gchar **names = g_new0 (gchar *, segments->len + 1);

  for (guint i = 0; i < segments->len; i++) {
    PrwSegment *segment = g_ptr_array_index (segments, i);
    const gchar *path = prw_segment_get_path (segment);
    const gchar *tail = NULL;
    gboolean shared = FALSE;

    for (guint j = 0; j < segments->len && !shared; j++)
      shared = share_base_name (segments, i, j);
    for (guint n = 2; shared && tail == NULL; n++) {
      const gchar *candidate = path_tail (path, n);
      gboolean unique = TRUE;

      for (guint j = 0; j < segments->len && unique; j++)
        unique = !share_base_name (segments, i, j)
                 || !g_str_equal (
                     candidate, path_tail (prw_segment_get_path (
                                               g_ptr_array_index (segments, j)),
                                           n));
      if (unique || candidate == path)
        tail = candidate;
    }
    names[i] = tail != NULL ? g_filename_display_name (tail)
                            : g_strdup (prw_segment_get_display_name (segment));
  }
  return names;
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

/* Which field of two media shows first: 't', 'b', or 0 for progressive
 * or unknown (prw_media_info_get_field_order(), the one table of 'fiel'
 * orderings). */
static gchar
shown_first (PrwMediaInfo *media)
{
  switch (prw_media_info_get_field_order (media)) {
    case PRW_FIELD_ORDER_TOP_FIELD_FIRST:
    case PRW_FIELD_ORDER_TOP_FIELD_FIRST_BOTTOM_STORED_FIRST:
      return 't';
    case PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST:
    case PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST_TOP_STORED_FIRST:
      return 'b';
    default:
      return 0;
  }
}

/* "NAME: field description F differs from the base's B (BASE); its frames
 * are tagged as the base's", and what a viewer then sees where it matters:
 * an interlaced segment in a progressive base has its two fields shown
 * woven into one picture (combing on motion); one of the other field
 * order, its fields shown in the wrong order (judder). */
static gchar *
fields_warning (PrwMediaInfo *base, const gchar *base_name, PrwMediaInfo *media,
                const gchar *name)
{
  g_autofree gchar *fields = prw_media_info_describe_fields (media);
  g_autofree gchar *base_fields = prw_media_info_describe_fields (base);
  guint count = 1, base_count = 1;
  const gchar *seen = "";

  prw_media_info_get_fields (media, &count, NULL);
  prw_media_info_get_fields (base, &base_count, NULL);
  if (count == 2 && base_count == 1)
    seen = ": progressive, each frame's two fields woven into one picture "
           "(combing where there is motion)";
  else if (shown_first (media) != 0 && shown_first (base) != 0
           && shown_first (media) != shown_first (base))
    seen = ", its fields shown in the wrong order (judder where there is "
           "motion)";
  return g_strdup_printf ("%s: field description %s differs from the base's "
                          "%s (%s); its frames are tagged as the base's%s",
                          name, fields, base_fields, base_name, seen);
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
                        self->names[i]);
  }
  /* the output has the base's sample description: a segment described in
   * other colours, pixel aspect or fields is shown in the base's (a movie
   * without 'colr' is shown as SDR video, without 'pasp' with square
   * pixels, without 'fiel' progressive). Conform, having no base of its
   * own to decide, refuses a job whose segments disagree so. */
  for (guint i = 0; i < self->segments->len; i++) {
    PrwMediaInfo *media
        = prw_segment_get_media (g_ptr_array_index (self->segments, i));
    const gchar *colour = prw_media_info_get_colour (media);
    const gchar *base_colour = prw_media_info_get_colour (self->base);

    if (!prw_media_info_colours_agree (base_colour, colour))
      g_ptr_array_add (
          warnings,
          g_strdup_printf (
              "%s: colour description %s differs from the "
              "base's %s (%s); its frames are tagged as the "
              "base's",
              self->names[i], colour != NULL ? colour : "(no colr)",
              base_colour != NULL ? base_colour : "(no colr)", base_name));
    if (!prw_media_info_pixel_aspects_agree (self->base, media)) {
      g_autofree gchar *aspect = prw_media_info_describe_pixel_aspect (media);
      g_autofree gchar *base_aspect
          = prw_media_info_describe_pixel_aspect (self->base);

      g_ptr_array_add (warnings,
                       g_strdup_printf ("%s: pixel aspect %s differs from the "
                                        "base's %s (%s); its frames are "
                                        "tagged as the base's",
                                        self->names[i], aspect, base_aspect,
                                        base_name));
    }
    if (!prw_media_info_fields_agree (self->base, media))
      g_ptr_array_add (warnings, fields_warning (self->base, base_name, media,
                                                 self->names[i]));
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

static gint
piece_by_source (gconstpointer a, gconstpointer b)
{
  const PrwRange *pa = a, *pb = b;

  if (pa->source_in != pb->source_in)
    return pa->source_in < pb->source_in ? -1 : 1;
  return 0;
}

static gint
piece_by_record (gconstpointer a, gconstpointer b)
{
  const PrwRange *pa = a, *pb = b;

  if (pa->record_in != pb->record_in)
    return pa->record_in < pb->record_in ? -1 : 1;
  return 0;
}

static gint64
floor_div (gint64 a, gint64 b)
{
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The segment frames of run s that show a label base run b shows, as
 * pieces (source = -1 until added): segment frame s.first + k shows
 * s.start + k, base frame b.first + m shows b.start + m, both modulo a day
 * (per_day), so k - m = (b.start - s.start) mod per_day + t x per_day for
 * some whole t: one piece per t, a day apart (one or two for runs shorter
 * than a day: the midnight wrap, run by run). */
static void
match_runs (const PrwTimecodeRun *s, const PrwTimecodeRun *b, gint64 per_day,
            GArray *pieces)
{
  gint64 delta
      = ((b->start.frames - s->start.frames) % per_day + per_day) % per_day;
  /* k in [delta - t x day, delta - t x day + b->frames) and [0, s->frames) */
  gint64 t_first = floor_div (delta - s->frames, per_day) + 1;
  gint64 t_last = -floor_div (-(delta + b->frames), per_day) - 1;

  for (gint64 t = t_first; t <= t_last; t++) {
    gint64 shift = delta - t * per_day;
    gint64 k0 = MAX (0, shift);
    gint64 k1 = MIN (s->frames, shift + b->frames);
    PrwRange piece = { -1, 0, 0, 0 };

    if (k1 <= k0)
      continue;
    piece.source_in = s->first_frame + k0;
    piece.record_in = b->first_frame + (k0 - shift);
    piece.frames = k1 - k0;
    g_array_append_val (pieces, piece);
  }
}

/* Where the segment's frames land: each segment frame on the base frame
 * that shows the same label, by the two timecode maps
 * (prw_media_info_get_n_timecode_runs()). *pieces: (source_in, record_in,
 * frames) in source order, neighbours that continue each other merged;
 * frames whose label the base does not show are in none. Fails when no
 * frame lands (PRW_ERROR_OUTSIDE_BASE, naming both spans) and when a frame
 * would land twice, its label being shown twice by the base, or two of the
 * segment's frames on one base frame (PRW_ERROR_OUTSIDE_BASE: ambiguous). */
static gboolean
place_segment (PrwMediaInfo *base, PrwMediaInfo *media, const gchar *name,
               GArray *pieces, GError **error)
{
  const PrwTimecode *base_tc = prw_media_info_get_start_timecode (base);
  gint64 base_frames = prw_media_info_get_frame_count (base);
  gint64 frames = prw_media_info_get_frame_count (media);
  const PrwTimecodeRun *bruns, *sruns;
  guint nb, ns, n = 0;
  gint64 per_day;
  g_autoptr (GArray) by_record = NULL;

  if (frames <= 0) {
    g_autofree gchar *path = display_path (media);

    g_set_error (error, PRW_ERROR, PRW_ERROR_NO_VIDEO, "%s: no video frames",
                 path);
    return FALSE;
  }

  per_day = prw_timecode_rate_get_frames_per_day (
      base_tc->rate_num, base_tc->rate_den, base_tc->drop_frame);
  bruns = prw_media_info_get_timecode_runs (base, &nb);
  sruns = prw_media_info_get_timecode_runs (media, &ns);
  for (guint i = 0; i < ns && per_day > 0; i++)
    for (guint j = 0; j < nb; j++)
      match_runs (&sruns[i], &bruns[j], per_day, pieces);

  if (pieces->len == 0) {
    g_autofree gchar *path = display_path (media);
    g_autofree gchar *base_path = display_path (base);
    g_autofree gchar *span = timecode_span (media, 0, frames - 1);

    if (base_frames <= 0) {
      g_set_error (error, PRW_ERROR, PRW_ERROR_OUTSIDE_BASE,
                   "%s: %s lies entirely outside the base %s, which has no "
                   "frames",
                   path, span, base_path);
    } else {
      g_autofree gchar *base_span = timecode_span (base, 0, base_frames - 1);

      g_set_error (error, PRW_ERROR, PRW_ERROR_OUTSIDE_BASE,
                   "%s: %s lies entirely outside the base %s %s", path, span,
                   base_path, base_span);
    }
    return FALSE;
  }

  /* a segment frame whose label the base shows twice: ambiguous */
  g_array_sort (pieces, piece_by_source);
  for (guint i = 1; i < pieces->len; i++) {
    const PrwRange *a = &g_array_index (pieces, PrwRange, i - 1);
    const PrwRange *b = &g_array_index (pieces, PrwRange, i);

    if (b->source_in < a->source_in + a->frames) {
      g_autofree gchar *path = display_path (media);
      g_autofree gchar *base_path = display_path (base);
      g_autofree gchar *label = timecode_label (media, b->source_in);
      gint64 r1 = a->record_in + (b->source_in - a->source_in);
      gint64 r2 = b->record_in;

      g_set_error (error, PRW_ERROR, PRW_ERROR_OUTSIDE_BASE,
                   "%s: its frame %" G_GINT64_FORMAT " (%s) cannot be placed: "
                   "the base %s shows %s twice, at record frames "
                   "%" G_GINT64_FORMAT " and %" G_GINT64_FORMAT,
                   path, b->source_in, label, base_path, label, MIN (r1, r2),
                   MAX (r1, r2));
      return FALSE;
    }
  }
  /* two frames of the segment with one label: ambiguous too */
  by_record = g_array_copy (pieces);
  g_array_sort (by_record, piece_by_record);
  for (guint i = 1; i < by_record->len; i++) {
    const PrwRange *a = &g_array_index (by_record, PrwRange, i - 1);
    const PrwRange *b = &g_array_index (by_record, PrwRange, i);

    if (b->record_in < a->record_in + a->frames) {
      g_autofree gchar *path = display_path (media);
      g_autofree gchar *label = timecode_label (base, b->record_in);
      gint64 k1 = a->source_in + (b->record_in - a->record_in);
      gint64 k2 = b->source_in;

      g_set_error (error, PRW_ERROR, PRW_ERROR_OUTSIDE_BASE,
                   "%s: its frames %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT
                   " both show %s; it cannot be placed",
                   path, MIN (k1, k2), MAX (k1, k2), label);
      return FALSE;
    }
  }

  /* merge neighbours that continue each other */
  for (guint i = 0; i < pieces->len; i++) {
    const PrwRange *b = &g_array_index (pieces, PrwRange, i);
    PrwRange *a = n > 0 ? &g_array_index (pieces, PrwRange, n - 1) : NULL;

    if (a != NULL && a->source_in + a->frames == b->source_in
        && a->record_in + a->frames == b->record_in)
      a->frames += b->frames;
    else
      g_array_index (pieces, PrwRange, n++) = *b;
  }
  g_array_set_size (pieces, n);
  for (guint i = 0; i < n; i++)
    g_debug ("plan: %s: frames %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
             " at record frame %" G_GINT64_FORMAT,
             name, g_array_index (pieces, PrwRange, i).source_in,
             g_array_index (pieces, PrwRange, i).source_in
                 + g_array_index (pieces, PrwRange, i).frames - 1,
             g_array_index (pieces, PrwRange, i).record_in);
  return TRUE;
}

/**
 * prw_plan_add_segment:
 * @self: an unsealed #PrwPlan
 * @segment: the segment to print
 * @error: return location for a #GError
 *
 * Adds @segment on the grade layer (%PRW_LAYER_GRADE; see
 * prw_plan_add_segment_to_layer()), on top of those already added there:
 * where it overlaps them, it wins. Each of its frames is placed on the base
 * frame that shows the same timecode, by the two movies' timecode maps
 * (prw_media_info_get_n_timecode_runs()): for movies whose timecode never
 * breaks, at the record frame its start timecode names (see
 * prw_plan_get_segment_record_in()); since 0.4, where either timecode
 * breaks, piece by piece (prw_plan_get_segment_n_pieces()). Frames whose
 * timecode the base does not show are dropped with a warning when sealing.
 *
 * Fails, naming both files and both values, with
 * %PRW_ERROR_RATE_MISMATCH when the frame rate or the drop-frame flag
 * differs from the base's, %PRW_ERROR_FORMAT_MISMATCH when the ProRes
 * flavour (the sample description's four-character code) or the frame
 * size differs, and %PRW_ERROR_OUTSIDE_BASE when no frame of the segment
 * shows a timecode the base shows (labels are compared modulo a day, so a
 * base that crosses midnight is handled run by run), or, since 0.4, when a
 * frame of the segment shows a timecode the base shows twice (the message
 * names the segment frame, the timecode and both record frames) or two of
 * its frames show one timecode: the placement would be ambiguous. A
 * timecode the base shows twice is refused only when a segment frame shows
 * it. %PRW_ERROR_NO_TIMECODE (either movie has no start
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
  return prw_plan_add_segment_to_layer (self, segment, PRW_LAYER_GRADE, error);
}

/**
 * prw_plan_add_segment_to_layer:
 * @self: an unsealed #PrwPlan
 * @segment: the segment to print
 * @layer: the layer it lies on: %PRW_LAYER_GRADE or %PRW_LAYER_VFX
 *   (%PRW_LAYER_BASE is the base's alone)
 * @error: return location for a #GError
 *
 * Adds @segment on @layer, placed exactly as prw_plan_add_segment() places
 * it (each frame on the base frame that shows its timecode, in pieces
 * where a timecode breaks). Who then owns a record frame two segments
 * cover is decided when sealing, in this order: a core frame beats a
 * handle (#PrwPlan:handles), whatever the layers; then the upper layer
 * wins (VFX over grade); then, on one layer, the segment added later.
 * Segments of one layer are expected in name order, as prw_discover()
 * gives a folder's files; the order between layers does not matter.
 *
 * Fails, naming both files and both values, with
 * %PRW_ERROR_RATE_MISMATCH (frame rate or drop-frame flag),
 * %PRW_ERROR_FORMAT_MISMATCH (ProRes flavour or frame size) and
 * %PRW_ERROR_OUTSIDE_BASE (no frame shows a timecode the base shows, or
 * a placement that would be ambiguous), as prw_plan_add_segment() does;
 * %PRW_ERROR_NO_TIMECODE and %PRW_ERROR_NO_VIDEO cannot happen with
 * movies from prw_probe_file(). The plan is unchanged on failure. Nothing
 * is read from disk.
 *
 * Returns: %TRUE if the segment was added
 *
 * Since: 0.4
 */
gboolean
prw_plan_add_segment_to_layer (PrwPlan *self, PrwSegment *segment,
                               PrwLayer layer, GError **error)
{
  PrwMediaInfo *media;
  gint64 record_in = 0;
  g_autoptr (GArray) pieces = NULL;
  const PrwRange *first;

  g_return_val_if_fail (PRW_IS_PLAN (self), FALSE);
  g_return_val_if_fail (PRW_IS_SEGMENT (segment), FALSE);
  g_return_val_if_fail (layer_is_segment_layer (layer), FALSE);
  g_return_val_if_fail (!self->sealed, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->segments->len < G_MAXINT, FALSE);

  media = prw_segment_get_media (segment);
  if (!check_compatible (self->base, media, error))
    return FALSE;
  pieces = g_array_new (FALSE, FALSE, sizeof (PrwRange));
  if (!place_segment (self->base, media, prw_segment_get_display_name (segment),
                      pieces, error))
    return FALSE;
  /* where its first frame would land were it all in the base */
  first = &g_array_index (pieces, PrwRange, 0);
  record_in = first->record_in - first->source_in;

  for (guint i = 0; i < pieces->len; i++)
    g_array_index (pieces, PrwRange, i).source = (gint) self->segments->len;
  g_array_append_vals (self->pieces, pieces->data, pieces->len);
  g_array_append_val (self->piece_starts, self->pieces->len);
  g_ptr_array_add (self->segments, g_object_ref (segment));
  g_array_append_val (self->record_ins, record_in);
  g_array_append_val (self->layers, layer);
  g_debug ("plan: segment %u %s on the %s layer at record frame "
           "%" G_GINT64_FORMAT,
           self->segments->len - 1, prw_segment_get_display_name (segment),
           layer_name (layer), record_in);
  return TRUE;
}

/**
 * prw_plan_set_handles:
 * @self: an unsealed #PrwPlan
 * @frames: how many frames at each end of every segment are handles, in
 *   the segment's own frames; 0 for none
 *
 * Sets #PrwPlan:handles: a segment's first and last @frames frames are
 * handles, printed only where no segment's core frame covers the record
 * frame. Setting it on a sealed plan is a programmer error.
 *
 * Since: 0.4
 */
void
prw_plan_set_handles (PrwPlan *self, guint frames)
{
  g_return_if_fail (PRW_IS_PLAN (self));
  g_return_if_fail (!self->sealed);

  if (self->handles == frames)
    return;
  self->handles = frames;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HANDLES]);
}

/**
 * prw_plan_get_handles:
 * @self: a #PrwPlan
 *
 * #PrwPlan:handles.
 *
 * Returns: how many frames at each end of every segment are handles
 *
 * Since: 0.4
 */
guint
prw_plan_get_handles (PrwPlan *self)
{
  g_return_val_if_fail (PRW_IS_PLAN (self), 0);

  return self->handles;
}

/* --- sealing ------------------------------------------------------------ */

/* A run of a segment's frames that are all handles or all core frames:
 * a piece, cut where its handles end and begin. */
typedef struct {
  PrwRange range; /* source: the segment's index */
  gboolean handle;
  /* precedence, greater wins: core over handle, then the upper layer,
   * then the later segment (one segment's parts never overlap) */
  guint64 key;
} Part;

static gint
part_by_record (gconstpointer a, gconstpointer b)
{
  return piece_by_record (&((const Part *) a)->range,
                          &((const Part *) b)->range);
}

/* The core frames of segment index: [*core_in, *core_out), empty when
 * the handles take every frame. */
static void
segment_core (PrwPlan *self, guint index, gint64 *core_in, gint64 *core_out)
{
  gint64 frames
      = prw_segment_get_frame_count (g_ptr_array_index (self->segments, index));

  *core_in = MIN ((gint64) self->handles, frames);
  *core_out = MAX (*core_in, frames - (gint64) self->handles);
}

/* Every segment's pieces cut into parts, the segments in the order they
 * were added, each one's in source order; part_starts[i]: segment i's
 * first part, part_starts[n]: the end. */
static GArray *
make_parts (PrwPlan *self, GArray *part_starts)
{
  GArray *parts = g_array_new (FALSE, FALSE, sizeof (Part));

  for (guint i = 0; i < self->segments->len; i++) {
    guint p0 = g_array_index (self->piece_starts, guint, i);
    guint p1 = g_array_index (self->piece_starts, guint, i + 1);
    guint64 rank = layer_rank (g_array_index (self->layers, PrwLayer, i));
    gint64 cuts[2];

    segment_core (self, i, &cuts[0], &cuts[1]);
    if (cuts[0] == cuts[1]) /* all handles: one part per piece */
      cuts[0] = cuts[1]
          = prw_segment_get_frame_count (g_ptr_array_index (self->segments, i));
    g_array_append_val (part_starts, parts->len);
    for (guint p = p0; p < p1; p++) {
      const PrwRange *piece = &g_array_index (self->pieces, PrwRange, p);
      gint64 k = piece->source_in;
      gint64 end = piece->source_in + piece->frames;

      for (guint c = 0; c <= G_N_ELEMENTS (cuts); c++) {
        gint64 next = c < G_N_ELEMENTS (cuts) ? MIN (cuts[c], end) : end;
        Part part;

        if (next <= k)
          continue;
        part.range = *piece;
        part.range.source_in = k;
        part.range.record_in = piece->record_in + (k - piece->source_in);
        part.range.frames = next - k;
        part.handle = k < cuts[0] || k >= cuts[1];
        part.key = ((guint64) !part.handle << 40) | (rank << 32) | i;
        g_array_append_val (parts, part);
        k = next;
      }
    }
  }
  g_array_append_val (part_starts, parts->len);
  return parts;
}

typedef struct {
  gint64 record_frame;
  gint part; /* in parts */
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

#define PART_KEY(parts, i) (g_array_index ((parts), Part, (i)).key)

/* A max-heap of part indices by their keys: the top is the part that
 * wins. */
static void
heap_push (GArray *heap, gint value, GArray *parts)
{
  gint *h;
  guint i;

  g_array_append_val (heap, value);
  h = (gint *) heap->data;
  for (i = heap->len - 1;
       i > 0 && PART_KEY (parts, h[(i - 1) / 2]) < PART_KEY (parts, h[i]);
       i = (i - 1) / 2) {
    gint tmp = h[i];

    h[i] = h[(i - 1) / 2];
    h[(i - 1) / 2] = tmp;
  }
}

static void
heap_pop (GArray *heap, GArray *parts)
{
  gint *h = (gint *) heap->data;
  guint n = heap->len - 1, i = 0;

  h[0] = h[n];
  g_array_set_size (heap, n);
  for (;;) {
    guint l = 2 * i + 1, r = l + 1, top = i;
    gint tmp;

    if (l < n && PART_KEY (parts, h[l]) > PART_KEY (parts, h[top]))
      top = l;
    if (r < n && PART_KEY (parts, h[r]) > PART_KEY (parts, h[top]))
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
append_range (PrwPlan *self, gint source, gint64 source_in, gint64 record_in,
              gint64 frames, gboolean handle)
{
  PrwRange range;
  RangeKind kind;

  if (self->ranges->len > 0) {
    PrwRange *last
        = &g_array_index (self->ranges, PrwRange, self->ranges->len - 1);
    RangeKind *last_kind = &g_array_index (self->range_kinds, RangeKind,
                                           self->range_kinds->len - 1);

    if (last->source == source && last->record_in + last->frames == record_in
        && last->source_in + last->frames == source_in
        && !last_kind->handle == !handle) {
      last->frames += frames;
      return;
    }
  }

  range.source = source;
  range.source_in = source_in;
  range.record_in = record_in;
  range.frames = frames;
  g_array_append_val (self->ranges, range);
  kind.layer = source == PRW_RANGE_SOURCE_BASE
                   ? PRW_LAYER_BASE
                   : g_array_index (self->layers, PrwLayer, source);
  kind.handle = handle;
  g_array_append_val (self->range_kinds, kind);
}

/* Sweeps the parts' boundaries in record order, keeping the covering
 * parts in a max-heap by precedence (ended ones are removed lazily when
 * they reach the top): O((parts + ranges) log parts). */
static void
resolve_ranges (PrwPlan *self, GArray *parts, gint64 base_frames)
{
  guint n = parts->len;
  g_autoptr (GArray) events
      = g_array_sized_new (FALSE, FALSE, sizeof (Event), 2 * n);
  g_autoptr (GArray) heap = g_array_sized_new (FALSE, FALSE, sizeof (gint), n);
  g_autofree gboolean *ended = g_new0 (gboolean, MAX (n, 1));
  gint64 cur = 0;
  guint ei = 0;

  for (guint i = 0; i < n; i++) {
    const PrwRange *part = &g_array_index (parts, Part, i).range;
    Event start = { part->record_in, (gint) i, TRUE };
    Event end = { part->record_in + part->frames, (gint) i, FALSE };

    g_assert (start.record_frame >= 0 && end.record_frame <= base_frames
              && start.record_frame < end.record_frame);
    g_array_append_val (events, start);
    g_array_append_val (events, end);
  }
  g_array_sort (events, event_compare);

  while (cur < base_frames) {
    gint top = -1;
    gint64 next;

    for (; ei < events->len; ei++) {
      const Event *event = &g_array_index (events, Event, ei);

      if (event->record_frame != cur)
        break;
      if (event->start)
        heap_push (heap, event->part, parts);
      else
        ended[event->part] = TRUE;
    }
    while (heap->len > 0 && ended[g_array_index (heap, gint, 0)])
      heap_pop (heap, parts);
    if (heap->len > 0)
      top = g_array_index (heap, gint, 0);

    next = ei < events->len ? g_array_index (events, Event, ei).record_frame
                            : base_frames;
    g_assert (next > cur && next <= base_frames);
    if (top < 0) {
      append_range (self, PRW_RANGE_SOURCE_BASE, cur, cur, next - cur, FALSE);
    } else {
      const Part *part = &g_array_index (parts, Part, top);

      append_range (self, part->range.source,
                    part->range.source_in + (cur - part->range.record_in), cur,
                    next - cur, part->handle);
    }
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

/* The warning for segment frames [k0, k1) that land nowhere: before the
 * base's first frame (first: they lead the segment, and the frames after
 * them land on record frame 0) or after its last (last: likewise at the
 * end), else outside the base's timecodes. With handles, only core frames
 * are warned about, as "core frames". */
static gchar *
dropped_warning (PrwPlan *self, guint index, gint64 k0, gint64 k1,
                 gboolean first, gboolean last, gint64 base_frames)
{
  PrwSegment *segment = g_ptr_array_index (self->segments, index);
  PrwMediaInfo *media = prw_segment_get_media (segment);
  const gchar *name = self->names[index];
  const gchar *what = self->handles > 0 ? " core" : "";
  gint64 dropped = k1 - k0;
  g_autofree gchar *span = timecode_span (media, k0, k1 - 1);

  if (first) {
    g_autofree gchar *base_first = timecode_label (self->base, 0);

    return g_strdup_printf ("%s: its first %" G_GINT64_FORMAT "%s frame%s "
                            "(%s) lie%s before the base's first frame %s and "
                            "%s dropped",
                            name, dropped, what, plural (dropped), span,
                            dropped == 1 ? "s" : "", base_first,
                            dropped == 1 ? "is" : "are");
  }
  if (last) {
    g_autofree gchar *base_last = timecode_label (self->base, base_frames - 1);

    return g_strdup_printf ("%s: its last %" G_GINT64_FORMAT "%s frame%s "
                            "(%s) lie%s after the base's last frame %s and "
                            "%s dropped",
                            name, dropped, what, plural (dropped), span,
                            dropped == 1 ? "s" : "", base_last,
                            dropped == 1 ? "is" : "are");
  }
  return g_strdup_printf ("%s: its%s frames %" G_GINT64_FORMAT
                          "-%" G_GINT64_FORMAT " (%s; %" G_GINT64_FORMAT
                          " frame%s) show timecodes the base does not show "
                          "(outside the base) and are dropped",
                          name, what, k0, k1 - 1, span, dropped,
                          plural (dropped));
}

/* The warning for record frames [from, to) where segment winner's frames
 * hide segment loser's: by the rule that decided (core beats handle;
 * then the upper layer, both layers named; then the later segment: "B
 * overrides A", as before layers and handles came). */
static gchar *
override_warning (PrwPlan *self, guint winner, gboolean winner_handle,
                  guint loser, gboolean loser_handle, gint64 from, gint64 to)
{
  const gchar *w = self->names[winner];
  const gchar *l = self->names[loser];
  PrwLayer wl = g_array_index (self->layers, PrwLayer, winner);
  PrwLayer ll = g_array_index (self->layers, PrwLayer, loser);
  g_autofree gchar *w_tag = NULL, *l_tag = NULL;
  g_autofree gchar *span = timecode_span (self->base, from, to - 1);
  g_autofree gchar *where = g_strdup_printf (
      "on record frames %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
      " (%s; %" G_GINT64_FORMAT " frame%s)",
      from, to - 1, span, to - from, plural (to - from));

  /* a handle never hides a core frame */
  g_assert (!winner_handle || loser_handle);
  w_tag = wl != ll ? g_strdup_printf (" (%s)", layer_name (wl)) : g_strdup ("");
  l_tag = ll != wl ? g_strdup_printf (" (%s)", layer_name (ll)) : g_strdup ("");
  /* each message starts with the file it is about, as the others do */
  if (!winner_handle && loser_handle)
    return g_strdup_printf ("%s%s: its handles yield to the core frames of "
                            "%s%s %s",
                            l, l_tag, w, w_tag, where);
  if (winner_handle)
    return g_strdup_printf ("%s%s: its handles override the handles of %s%s "
                            "%s",
                            w, w_tag, l, l_tag, where);
  return g_strdup_printf ("%s%s overrides %s%s %s", w, w_tag, l, l_tag, where);
}

static void
collect_warnings (PrwPlan *self, GArray *parts, GArray *part_starts,
                  gint64 base_frames, GPtrArray *warnings)
{
  const gchar *base_reel = prw_media_info_get_reel_name (self->base);
  g_autofree gchar *base_key = prw_reel_key (base_reel);

  for (guint i = 0; i < self->segments->len; i++) {
    PrwSegment *segment = g_ptr_array_index (self->segments, i);
    const gchar *name = self->names[i];
    gint64 frames = prw_segment_get_frame_count (segment);
    PrwLayer layer = g_array_index (self->layers, PrwLayer, i);
    guint p0 = g_array_index (self->piece_starts, guint, i);
    guint p1 = g_array_index (self->piece_starts, guint, i + 1);
    const PrwRange *pieces = &g_array_index (self->pieces, PrwRange, p0);
    guint np = p1 - p0;
    guint q0 = g_array_index (part_starts, guint, i);
    guint q1 = g_array_index (part_starts, guint, i + 1);
    g_autoptr (GArray) by_record = NULL;
    gint64 shown = 0, shown_core = 0, k = 0, core_in, core_out;
    gboolean by_later_alone = TRUE;
    const gchar *reel
        = prw_media_info_get_reel_name (prw_segment_get_media (segment));
    g_autofree gchar *key = prw_reel_key (reel);

    /* No warning when either has no reel: many renders carry none. Reels
     * are compared as linking compares them (prw-reel-private.h): a
     * segment linked to the base's source by its reel is that reel. */
    if (base_key != NULL && key != NULL && strcmp (key, base_key) != 0) {
      g_autofree gchar *quoted = prw_reel_strip (reel);
      g_autofree gchar *base_quoted = prw_reel_strip (base_reel);

      g_ptr_array_add (warnings,
                       g_strdup_printf ("%s: its reel \"%s\" differs from "
                                        "the base's reel \"%s\"",
                                        name, quoted, base_quoted));
    }

    segment_core (self, i, &core_in, &core_out);
    if (core_in >= core_out)
      g_ptr_array_add (warnings,
                       g_strdup_printf ("%s: all its %" G_GINT64_FORMAT
                                        " frame%s are handles (%u at each "
                                        "end)",
                                        name, frames, plural (frames),
                                        self->handles));

    /* the core frames that land nowhere, in source order (handles that
     * do are simply not placed) */
    for (guint p = 0; p <= np; p++) {
      gint64 next = p < np ? pieces[p].source_in : frames;
      gint64 a = MAX (k, core_in), b = MIN (next, core_out);

      if (b > a)
        g_ptr_array_add (warnings,
                         dropped_warning (self, i, a, b,
                                          p == 0 && pieces[0].record_in == 0,
                                          p == np
                                              && pieces[np - 1].record_in
                                                         + pieces[np - 1].frames
                                                     == base_frames,
                                          base_frames));
      if (p < np)
        k = pieces[p].source_in + pieces[p].frames;
    }

    by_record = g_array_sized_new (FALSE, FALSE, sizeof (Part), q1 - q0);
    g_array_append_vals (by_record, &g_array_index (parts, Part, q0), q1 - q0);
    g_array_sort (by_record, part_by_record);
    for (guint q = 0; q < by_record->len; q++) {
      const Part *part = &g_array_index (by_record, Part, q);
      gint64 first = part->range.record_in;
      gint64 end = part->range.record_in + part->range.frames;

      for (guint r = find_range (self, first); r < self->ranges->len; r++) {
        const PrwRange *range = &g_array_index (self->ranges, PrwRange, r);
        const RangeKind *kind
            = &g_array_index (self->range_kinds, RangeKind, r);
        gint64 from, to;

        if (range->record_in >= end)
          break;
        from = MAX (range->record_in, first);
        to = MIN (range->record_in + range->frames, end);
        if (range->source == (gint) i) {
          shown += to - from;
          if (!part->handle)
            shown_core += to - from;
          continue;
        }
        /* a segment (and a part) always beats the base */
        g_assert (range->source >= 0);
        if (range->source < (gint) i || kind->layer != layer
            || !kind->handle != !part->handle)
          by_later_alone = FALSE;
        g_ptr_array_add (warnings,
                         override_warning (self, (guint) range->source,
                                           kind->handle, i, part->handle, from,
                                           to));
      }
    }

    if (shown == 0)
      g_ptr_array_add (
          warnings, g_strdup_printf ("%s is entirely hidden by %s segments",
                                     name, by_later_alone ? "later" : "other"));
    else if (shown_core == 0 && core_in < core_out)
      g_ptr_array_add (warnings,
                       g_strdup_printf ("%s: none of its core frames is "
                                        "printed, only %" G_GINT64_FORMAT
                                        " handle frame%s",
                                        name, shown, plural (shown)));
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
 * that covers it, else the base; since 0.4, core frames before handles and
 * upper layers before lower ones first: see "Layers and handles" in
 * #PrwPlan), makes the ranges and the warnings, and freezes the plan. Sealing a
 * sealed plan does nothing and succeeds.
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
  g_autoptr (GArray) parts = NULL;
  g_autoptr (GArray) part_starts = NULL;
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

  part_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  parts = make_parts (self, part_starts);
  self->ranges = g_array_new (FALSE, FALSE, sizeof (PrwRange));
  self->range_kinds = g_array_new (FALSE, FALSE, sizeof (RangeKind));
  resolve_ranges (self, parts, base_frames);

  g_strfreev (self->names);
  self->names = warning_names (self->segments);
  warnings = g_ptr_array_new_with_free_func (g_free);
  collect_probe_warnings (self, warnings);
  collect_warnings (self, parts, part_starts, base_frames, warnings);
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
 * frame n lands on record frame record_in + n when neither timecode
 * breaks; since 0.4, where one does, this is where its first placed piece
 * (prw_plan_get_segment_piece()) puts frame 0, the piece's record in minus
 * its source in.
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
 * prw_plan_get_segment_n_pieces:
 * @self: a #PrwPlan
 * @index: a segment index, in the order they were added
 *
 * Into how many pieces the segment's placement is cut: the runs of its
 * frames that land on consecutive record frames
 * (prw_plan_get_segment_piece()). One when neither the segment's timecode
 * nor the base's breaks where they meet; more where one breaks (a base
 * that shows 01:00:00:00 for 25 frames and then 02:00:00:00 splits a
 * segment that runs across 01:00:00:24 and 02:00:00:00). Frames in no
 * piece show a timecode the base does not show; they are dropped, with a
 * warning.
 *
 * Returns: the number of pieces, at least 1
 *
 * Since: 0.4
 */
guint
prw_plan_get_segment_n_pieces (PrwPlan *self, guint index)
{
  g_return_val_if_fail (PRW_IS_PLAN (self), 0);
  g_return_val_if_fail (index < self->segments->len, 0);

  return g_array_index (self->piece_starts, guint, index + 1)
         - g_array_index (self->piece_starts, guint, index);
}

/**
 * prw_plan_get_segment_piece:
 * @self: a #PrwPlan
 * @index: a segment index, in the order they were added
 * @piece: a piece, from 0, less than prw_plan_get_segment_n_pieces()
 *
 * Where a run of the segment's frames lands, before later segments are
 * laid over it (prw_plan_get_range() gives what is printed): its
 * #PrwRange.source is @index, its source frames
 * [#PrwRange.source_in, #PrwRange.source_in + #PrwRange.frames) land on
 * record frames from #PrwRange.record_in on, each on the base frame that
 * shows its timecode. Pieces are in source order and lie within the base.
 *
 * Returns: (transfer none): the piece, owned by the plan
 *
 * Since: 0.4
 */
const PrwRange *
prw_plan_get_segment_piece (PrwPlan *self, guint index, guint piece)
{
  guint first;

  g_return_val_if_fail (PRW_IS_PLAN (self), NULL);
  g_return_val_if_fail (index < self->segments->len, NULL);
  first = g_array_index (self->piece_starts, guint, index);
  g_return_val_if_fail (
      piece < g_array_index (self->piece_starts, guint, index + 1) - first,
      NULL);

  return &g_array_index (self->pieces, PrwRange, first + piece);
}

/**
 * prw_plan_get_segment_layer:
 * @self: a #PrwPlan
 * @index: a segment index, in the order they were added
 *
 * The layer the segment was added to: %PRW_LAYER_GRADE for one added with
 * prw_plan_add_segment().
 *
 * Returns: the segment's layer
 *
 * Since: 0.4
 */
PrwLayer
prw_plan_get_segment_layer (PrwPlan *self, guint index)
{
  g_return_val_if_fail (PRW_IS_PLAN (self), PRW_LAYER_GRADE);
  g_return_val_if_fail (index < self->layers->len, PRW_LAYER_GRADE);

  return g_array_index (self->layers, PrwLayer, index);
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
 * order, with no two neighbours that could be merged: neighbours from one
 * source whose frames continue each other are one range, unless (since
 * 0.4) one holds handles and the other core frames
 * (prw_plan_get_range_is_handle()). The renderer needs nothing else.
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

static const RangeKind *
range_kind (PrwPlan *self, guint index)
{
  g_return_val_if_fail (PRW_IS_PLAN (self), NULL);
  g_return_val_if_fail (self->sealed, NULL);
  g_return_val_if_fail (index < self->ranges->len, NULL);

  return &g_array_index (self->range_kinds, RangeKind, index);
}

/**
 * prw_plan_get_range_layer:
 * @self: a sealed #PrwPlan
 * @index: a range index, in record order (as prw_plan_get_range())
 *
 * The layer the range's frames come from: %PRW_LAYER_BASE for a range of
 * the base (#PrwRange.source is %PRW_RANGE_SOURCE_BASE), else its
 * segment's layer (prw_plan_get_segment_layer()).
 *
 * Returns: the range's layer
 *
 * Since: 0.4
 */
PrwLayer
prw_plan_get_range_layer (PrwPlan *self, guint index)
{
  const RangeKind *kind = range_kind (self, index);

  return kind != NULL ? kind->layer : PRW_LAYER_BASE;
}

/**
 * prw_plan_get_range_is_handle:
 * @self: a sealed #PrwPlan
 * @index: a range index, in record order (as prw_plan_get_range())
 *
 * Whether the range's frames are handles of its segment (within
 * #PrwPlan:handles frames of either of its ends) rather than core frames.
 * A range never holds both; a range of the base holds neither.
 *
 * Returns: %TRUE if every frame of the range is a handle
 *
 * Since: 0.4
 */
gboolean
prw_plan_get_range_is_handle (PrwPlan *self, guint index)
{
  const RangeKind *kind = range_kind (self, index);

  return kind != NULL && kind->handle;
}

/**
 * prw_plan_get_warnings:
 * @self: a #PrwPlan
 *
 * What sealing found worth telling: the probe warnings of the base and
 * the segments (since 0.2), segments hiding frames of earlier ones (since
 * 0.4, also core frames hiding handles and upper layers hiding lower
 * ones, naming both files and the record frames), segments hidden
 * entirely, and segment frames dropped outside the base (see the #PrwPlan
 * description). Empty until the plan is sealed.
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
