/* libproreswriter: graded segments linked to their camera originals */

#include <proreswriter/proreswriter.h>

#include "prw-reel-private.h"
#include "util/prw-one-line-private.h"

#include <string.h>

/**
 * PrwLinkTable:
 *
 * The link stage of a conform (discover -> link -> plan -> render): which
 * camera original (#PrwSourceClip) each graded or VFX segment
 * (#PrwSegment) belongs to, with the rule that made each link, and the
 * segments that could not be linked, with why.
 *
 * A table is filled (prw_link_table_add_source(),
 * prw_link_table_add_segment()), then sealed (prw_link_table_seal()),
 * which links and freezes it; its results are read only once it is
 * sealed.
 *
 * ## The rules
 *
 * A segment may belong to a source only if every gate passes:
 *
 * - rate: the segment's exact frame rate (rate_num / rate_den, compared as
 *   a fraction) and drop-frame flag are the source's;
 * - size: the segment's width and height are the source's display size,
 *   where the source's size is known (prw_source_clip_get_width() is not
 *   0);
 * - timecode: the segment's frames, from its start timecode on, lie inside
 *   the source's (from its start timecode, for its frame count), allowing
 *   up to the table's handles frames past either end. The comparison is in
 *   whole frames, modulo a day at the rate (so a source may cross
 *   midnight), with the drop-frame rules of the rate.
 *
 * and one identity rule (#PrwLinkRule) holds: the segment's file name
 * contains the source's clip name (case-insensitively), or the segment's
 * reel (the name of its timecode track) is the source's reel or clip name.
 * Reels are compared without the white space around them and ignoring the
 * case of ASCII letters ("a001 " is the reel "A001", and the clip name
 * "B001C001" is named by the reel "b001c001"). A reel "Tape", which
 * GStreamer's qtmux writes when it knows none, is no reel, nor is a blank
 * one.
 *
 * A segment that passes for one source is linked to it. One that passes
 * for several is ambiguous: it is linked to none, and every candidate is
 * reported; list order never decides. One that passes for none is
 * unmatched, with its nearest miss: a source whose clip name or reel the
 * segment names before one it does not, then the one for which the fewest
 * checks failed, then the closest in timecode, then the first in the
 * table's order; and the reasons ("rate 24 vs 25", "size 1920x1080 vs
 * 3840x2160", "01:00:10:00-01:00:11:24 ends 240 frames after the source's end
 * (00:59:00:00-01:00:01:23)", "name/reel do not match: ...").
 *
 * A link whose segment also names another source, by its file name or its
 * reel, that it does not match (its timecode lies outside that source, say)
 * is made all the same, and carries a warning naming that source and why
 * it is not linked (prw_link_table_get_link_warnings()): the evidence
 * against a link is reported, never weighed. A reel names a camera roll,
 * which holds many clips: a reel that is the linked source's reel too is
 * no evidence against the link.
 *
 * ## One clip, two descriptions
 *
 * A shoot's sources often hold both the media file of a clip and an ALE
 * row describing it. Before linking, sealing merges each ALE row (a
 * source with prw_source_clip_get_ale_path()) into the media file (a
 * source with a path and no ALE) of the same clip: the same clip name
 * (compared as file names are, see below), the same start timecode and
 * drop-frame flag, the same frame count and the same exact rate. They
 * are then one source, so that clip's segments are not ambiguous: the
 * media file's facts win, and when the file has no reel (or "Tape") the
 * ALE row's reel fills it (prw_link_table_get_source_reel()), for linking
 * and for the output. Several rows (from several ALE files) may merge into
 * one file; their reel fills it only when they agree (compared as linking
 * compares reels). Every disagreement on the reel or the size, between
 * the file and a row or between two rows whose reel would fill the file's,
 * is a warning of the source (prw_link_table_get_source_warnings()),
 * naming both, the fact and what the source keeps. A row that matches
 * two media files (copies of one clip) is merged into neither. The merged
 * rows are reported (prw_link_table_get_source_n_merged()) and are not
 * sources of their own.
 *
 * ## Coordinates
 *
 * A link's record range is in frames of its source, counted from the
 * source's first frame (0): the segment's first frame lands on record
 * frame prw_link_table_get_link_record_in(), and it covers record frames
 * up to prw_link_table_get_link_record_out() (exclusive). With handles,
 * the range may start before 0 or end after the source's frame count, by
 * at most the handles. Linking reads a segment's start timecode and frame
 * count (and a source's): a segment whose own timecode breaks is placed
 * run by run later, by the plan (#PrwPlan).
 *
 * ## Order
 *
 * The results do not depend on the order in which sources and segments
 * were added: sources are sorted by clip name, then path, then ALE file and
 * line, then start timecode; segments by path, then layer; links by
 * source, then segment.
 *
 * Since: 0.4
 */

typedef struct {
  PrwSourceClip *clip;
  gchar *folder;
  gchar *name_key;     /* clip name, NFC, case-folded */
  gchar *reel;         /* the clip's reel, or the merged ALE rows' */
  gchar *reel_key;     /* prw_reel_key() of reel, or NULL */
  gchar *clip_key;     /* the clip name as reels are compared */
  GPtrArray *merged;   /* PrwSourceClip: ALE rows merged in, or NULL */
  GPtrArray *warnings; /* gchar *, NULL-terminated: the merge's */
  guint first_link;
  guint n_links;
} Source;

typedef struct {
  PrwSegment *segment;
  PrwLayer layer;
  gchar *name_key; /* file name (UTF-8 for display), NFC, case-folded */
  gchar *reel_key; /* prw_reel_key() of its reel, or NULL */
} Segment;

typedef struct {
  guint source;
  guint segment;
  PrwLinkRule rules;
  gint64 record_in;
  gchar **warnings; /* NULL-terminated: another source named, not linked */
} Link;

typedef struct {
  guint segment;
  GArray *candidates; /* guint, source indices in order */
  GArray *rules;      /* PrwLinkRule, one per candidate */
} Ambiguous;

typedef struct {
  guint segment;
  gint nearest;
  gchar *reason;
} Unmatched;

struct _PrwLinkTable {
  GObject parent_instance;

  guint handles;
  gboolean sealed;
  GArray *sources;   /* Source */
  GArray *segments;  /* Segment */
  GArray *links;     /* Link */
  GArray *ambiguous; /* Ambiguous */
  GArray *unmatched; /* Unmatched */
};

G_DEFINE_FINAL_TYPE (PrwLinkTable, prw_link_table, G_TYPE_OBJECT)

static void
source_clear (gpointer data)
{
  Source *source = data;

  g_clear_object (&source->clip);
  g_clear_pointer (&source->folder, g_free);
  g_clear_pointer (&source->name_key, g_free);
  g_clear_pointer (&source->reel, g_free);
  g_clear_pointer (&source->reel_key, g_free);
  g_clear_pointer (&source->clip_key, g_free);
  g_clear_pointer (&source->merged, g_ptr_array_unref);
  g_clear_pointer (&source->warnings, g_ptr_array_unref);
}

static void
segment_clear (gpointer data)
{
  Segment *segment = data;

  g_clear_object (&segment->segment);
  g_clear_pointer (&segment->name_key, g_free);
  g_clear_pointer (&segment->reel_key, g_free);
}

static void
link_clear (gpointer data)
{
  Link *link = data;

  g_clear_pointer (&link->warnings, g_strfreev);
}

static void
ambiguous_clear (gpointer data)
{
  Ambiguous *ambiguous = data;

  g_clear_pointer (&ambiguous->candidates, g_array_unref);
  g_clear_pointer (&ambiguous->rules, g_array_unref);
}

static void
unmatched_clear (gpointer data)
{
  Unmatched *unmatched = data;

  g_clear_pointer (&unmatched->reason, g_free);
}

static void
prw_link_table_finalize (GObject *object)
{
  PrwLinkTable *self = PRW_LINK_TABLE (object);

  g_array_unref (self->sources);
  g_array_unref (self->segments);
  g_array_unref (self->links);
  g_array_unref (self->ambiguous);
  g_array_unref (self->unmatched);

  G_OBJECT_CLASS (prw_link_table_parent_class)->finalize (object);
}

static void
prw_link_table_class_init (PrwLinkTableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = prw_link_table_finalize;
}

static void
prw_link_table_init (PrwLinkTable *self)
{
  self->sources = g_array_new (FALSE, TRUE, sizeof (Source));
  g_array_set_clear_func (self->sources, source_clear);
  self->segments = g_array_new (FALSE, TRUE, sizeof (Segment));
  g_array_set_clear_func (self->segments, segment_clear);
  self->links = g_array_new (FALSE, TRUE, sizeof (Link));
  g_array_set_clear_func (self->links, link_clear);
  self->ambiguous = g_array_new (FALSE, TRUE, sizeof (Ambiguous));
  g_array_set_clear_func (self->ambiguous, ambiguous_clear);
  self->unmatched = g_array_new (FALSE, TRUE, sizeof (Unmatched));
  g_array_set_clear_func (self->unmatched, unmatched_clear);
}

/* NFC, then Unicode case folding, then NFC again: the key names are
 * compared by. Bytes that are not UTF-8 are replaced first. */
static gchar *
name_key (const gchar *name)
{
  g_autofree gchar *valid = g_utf8_make_valid (name, -1);
  g_autofree gchar *nfc
      = g_utf8_normalize (valid, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  g_autofree gchar *folded = g_utf8_casefold (nfc, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_DEFAULT_COMPOSE);
}

/* A reel that names something: not NULL, not blank, not qtmux's "Tape". */
static const gchar *
usable_reel (const gchar *reel)
{
  g_autofree gchar *stripped = prw_reel_strip (reel);

  return stripped != NULL ? reel : NULL;
}

/**
 * prw_link_table_new:
 * @handles: how many frames a segment may run past either end of its
 *   source (the handles a colourist renders around a shot); 0 for none
 *
 * Makes an empty link table.
 *
 * Returns: (transfer full): a new #PrwLinkTable
 *
 * Since: 0.4
 */
PrwLinkTable *
prw_link_table_new (guint handles)
{
  PrwLinkTable *self = g_object_new (PRW_TYPE_LINK_TABLE, NULL);

  self->handles = handles;
  return self;
}

/**
 * prw_link_table_get_handles:
 * @self: a #PrwLinkTable
 *
 * How many frames a segment may run past either end of its source.
 *
 * Returns: the handles, in frames, given to prw_link_table_new()
 *
 * Since: 0.4
 */
guint
prw_link_table_get_handles (PrwLinkTable *self)
{
  g_return_val_if_fail (PRW_IS_LINK_TABLE (self), 0);
  return self->handles;
}

/**
 * prw_link_table_add_source:
 * @self: an unsealed #PrwLinkTable
 * @source: a camera original
 * @folder: (type filename) (nullable): the folder @source was found in,
 *   relative to the folder the user gave ("DAY1/A001"), or %NULL; only
 *   used to tell apart the outputs of two linked sources that share a clip
 *   name (prw_link_table_get_source_output_name()), so a caller given
 *   several folders may lead it with the given folder's own name
 *   ("day1/A001") where one clip name comes from several of them
 *
 * Adds a source a segment may be linked to. The table keeps a reference.
 *
 * Since: 0.4
 */
void
prw_link_table_add_source (PrwLinkTable *self, PrwSourceClip *source,
                           const gchar *folder)
{
  Source entry = { 0 };

  g_return_if_fail (PRW_IS_LINK_TABLE (self));
  g_return_if_fail (PRW_IS_SOURCE_CLIP (source));
  g_return_if_fail (!self->sealed);

  entry.clip = g_object_ref (source);
  entry.folder = g_strdup (
      folder != NULL && folder[0] != '\0' && !g_str_equal (folder, ".") ? folder
                                                                        : NULL);
  entry.name_key = name_key (prw_source_clip_get_clip_name (source));
  entry.reel = g_strdup (prw_source_clip_get_reel (source));
  entry.reel_key = prw_reel_key (entry.reel);
  /* g_strstrip() works in place: the copy g_ascii_strdown() made */
  entry.clip_key = g_strstrip (
      g_ascii_strdown (prw_source_clip_get_clip_name (source), -1));
  g_array_append_val (self->sources, entry);
}

/**
 * prw_link_table_add_segment:
 * @self: an unsealed #PrwLinkTable
 * @segment: a graded or VFX segment
 * @layer: what @segment is: %PRW_LAYER_GRADE or %PRW_LAYER_VFX (the base
 *   is no segment's layer: %PRW_LAYER_BASE is a programmer error)
 *
 * Adds a segment to link. Linking treats both layers alike; the layer
 * travels with the link, to be given to the plan
 * (prw_plan_add_segment_to_layer()). The table keeps a reference.
 *
 * Since: 0.4
 */
void
prw_link_table_add_segment (PrwLinkTable *self, PrwSegment *segment,
                            PrwLayer layer)
{
  Segment entry = { 0 };
  g_autofree gchar *display = NULL;

  g_return_if_fail (PRW_IS_LINK_TABLE (self));
  g_return_if_fail (PRW_IS_SEGMENT (segment));
  g_return_if_fail (layer == PRW_LAYER_GRADE || layer == PRW_LAYER_VFX);
  g_return_if_fail (!self->sealed);

  display = g_filename_display_basename (prw_segment_get_path (segment));
  entry.segment = g_object_ref (segment);
  entry.layer = layer;
  entry.name_key = name_key (display);
  entry.reel_key = prw_reel_key (
      prw_media_info_get_reel_name (prw_segment_get_media (segment)));
  g_array_append_val (self->segments, entry);
}

/* ---- sorting ------------------------------------------------------------ */

static gint
source_compare (gconstpointer a, gconstpointer b)
{
  PrwSourceClip *ca = ((const Source *) a)->clip;
  PrwSourceClip *cb = ((const Source *) b)->clip;
  gint result;

  result = g_strcmp0 (prw_source_clip_get_clip_name (ca),
                      prw_source_clip_get_clip_name (cb));
  if (result == 0)
    result = g_strcmp0 (prw_source_clip_get_path (ca),
                        prw_source_clip_get_path (cb));
  if (result == 0)
    result = g_strcmp0 (prw_source_clip_get_ale_path (ca),
                        prw_source_clip_get_ale_path (cb));
  if (result == 0) {
    guint la = prw_source_clip_get_ale_line (ca);
    guint lb = prw_source_clip_get_ale_line (cb);

    result = (la > lb) - (la < lb);
  }
  if (result == 0)
    result = prw_timecode_compare (prw_source_clip_get_start_timecode (ca),
                                   prw_source_clip_get_start_timecode (cb));
  if (result == 0) {
    gint64 fa = prw_source_clip_get_frame_count (ca);
    gint64 fb = prw_source_clip_get_frame_count (cb);

    result = (fa > fb) - (fa < fb);
  }
  if (result == 0)
    result = g_strcmp0 (((const Source *) a)->folder,
                        ((const Source *) b)->folder);
  return result;
}

static gint
segment_compare (gconstpointer a, gconstpointer b)
{
  const Segment *sa = a, *sb = b;
  gint result = g_strcmp0 (prw_segment_get_path (sa->segment),
                           prw_segment_get_path (sb->segment));

  if (result == 0)
    result = (sa->layer > sb->layer) - (sa->layer < sb->layer);
  return result;
}

static gint
link_compare (gconstpointer a, gconstpointer b)
{
  const Link *la = a, *lb = b;

  if (la->source != lb->source)
    return la->source < lb->source ? -1 : 1;
  return (la->segment > lb->segment) - (la->segment < lb->segment);
}

/* ---- the checks --------------------------------------------------------- */

typedef struct {
  gboolean rate_ok;
  gboolean size_ok;
  gboolean range_ok;
  PrwLinkRule rules;
  gint64 record_in; /* when rate_ok */
  gint64 excess;    /* frames outside the allowed range; G_MAXINT64: not
                       compared */
} Check;

static guint
check_n_failed (const Check *check)
{
  return !check->rate_ok + !check->size_ok + !check->range_ok
         + (check->rules == PRW_LINK_RULE_NONE);
}

/* Whether a is a nearer miss than b: one whose name or reel says it is
 * the segment's source first, then fewer failed checks, then nearer in
 * timecode. */
static gboolean
check_nearer (const Check *a, const Check *b)
{
  gboolean a_named = a->rules != PRW_LINK_RULE_NONE;
  gboolean b_named = b->rules != PRW_LINK_RULE_NONE;

  if (a_named != b_named)
    return a_named;
  if (check_n_failed (a) != check_n_failed (b))
    return check_n_failed (a) < check_n_failed (b);
  return a->excess < b->excess;
}

static gint64
excess_of (gint64 record_in, gint64 frames, gint64 source_frames,
           gint64 handles)
{
  gint64 before = -record_in - handles;
  gint64 after = record_in + frames - source_frames - handles;

  return MAX (0, MAX (before, after));
}

static void
check_one (PrwLinkTable *self, const Source *source, const Segment *segment,
           Check *check)
{
  PrwSourceClip *clip = source->clip;
  PrwMediaInfo *media = prw_segment_get_media (segment->segment);
  const PrwTimecode *src_start = prw_source_clip_get_start_timecode (clip);
  const PrwTimecode *seg_start
      = prw_segment_get_start_timecode (segment->segment);

  memset (check, 0, sizeof *check);
  check->excess = G_MAXINT64;

  /* rate: exact fractions (both sides in lowest terms, but compared
   * cross-multiplied all the same) and the drop-frame flag */
  check->rate_ok = seg_start != NULL
                   && (guint64) prw_media_info_get_rate_num (media)
                              * prw_source_clip_get_rate_den (clip)
                          == (guint64) prw_source_clip_get_rate_num (clip)
                                 * prw_media_info_get_rate_den (media)
                   && !seg_start->drop_frame == !src_start->drop_frame;

  check->size_ok
      = prw_source_clip_get_width (clip) == 0
        || (prw_media_info_get_width (media) == prw_source_clip_get_width (clip)
            && prw_media_info_get_height (media)
                   == prw_source_clip_get_height (clip));

  if (check->rate_ok) {
    gint64 day = prw_timecode_rate_get_frames_per_day (
        src_start->rate_num, src_start->rate_den, src_start->drop_frame);
    gint64 d = ((seg_start->frames - src_start->frames) % day + day) % day;
    gint64 n = prw_segment_get_frame_count (segment->segment);
    gint64 m = prw_source_clip_get_frame_count (clip);
    gint64 after = excess_of (d, n, m, self->handles);
    gint64 before = excess_of (d - day, n, m, self->handles);

    /* the reading of the label that is nearer the source: on or after its
     * start, or (across midnight) before it */
    if (before < after) {
      check->record_in = d - day;
      check->excess = before;
    } else {
      check->record_in = d;
      check->excess = after;
    }
    check->range_ok = check->excess == 0;
  }

  if (strstr (segment->name_key, source->name_key) != NULL)
    check->rules |= PRW_LINK_RULE_FILE_NAME;
  if (segment->reel_key != NULL && source->reel_key != NULL
      && g_str_equal (segment->reel_key, source->reel_key))
    check->rules |= PRW_LINK_RULE_REEL;
  if (segment->reel_key != NULL
      && g_str_equal (segment->reel_key, source->clip_key))
    check->rules |= PRW_LINK_RULE_REEL_IS_CLIP_NAME;
}

static gboolean
check_passes (const Check *check)
{
  return check->rate_ok && check->size_ok && check->range_ok
         && check->rules != PRW_LINK_RULE_NONE;
}

static gchar *
label_plus (const PrwTimecode *start, gint64 frames)
{
  g_autoptr (PrwTimecode) tc = prw_timecode_add_frames (start, frames);

  return prw_timecode_to_string (tc);
}

/* Why the segment is not the source's: every failed check, "; "-joined. */
static gchar *
describe_miss (PrwLinkTable *self, const Source *source, const Segment *segment,
               const Check *check)
{
  PrwSourceClip *clip = source->clip;
  PrwMediaInfo *media = prw_segment_get_media (segment->segment);
  const PrwTimecode *src_start = prw_source_clip_get_start_timecode (clip);
  const PrwTimecode *seg_start
      = prw_segment_get_start_timecode (segment->segment);
  GString *reason = g_string_new (NULL);

  if (seg_start == NULL) {
    g_string_append (reason, "the segment has no timecode");
  } else if (!check->rate_ok) {
    g_autofree gchar *seg_rate = prw_timecode_rate_to_string (
        prw_media_info_get_rate_num (media),
        prw_media_info_get_rate_den (media), seg_start->drop_frame);
    g_autofree gchar *src_rate = prw_timecode_rate_to_string (
        src_start->rate_num, src_start->rate_den, src_start->drop_frame);

    g_string_append_printf (reason, "rate %s vs %s", seg_rate, src_rate);
  }
  if (!check->size_ok)
    g_string_append_printf (
        reason, "%ssize %ux%u vs %ux%u", reason->len > 0 ? "; " : "",
        prw_media_info_get_width (media), prw_media_info_get_height (media),
        prw_source_clip_get_width (clip), prw_source_clip_get_height (clip));
  if (check->rate_ok && !check->range_ok) {
    gint64 n = prw_segment_get_frame_count (segment->segment);
    gint64 m = prw_source_clip_get_frame_count (clip);
    gint64 after = check->record_in + n - m;
    g_autofree gchar *seg_in = label_plus (seg_start, 0);
    g_autofree gchar *seg_last = label_plus (seg_start, n - 1);
    g_autofree gchar *src_in = label_plus (src_start, 0);
    g_autofree gchar *src_last = label_plus (src_start, m - 1);

    if (after > (gint64) self->handles)
      g_string_append_printf (reason,
                              "%s%s-%s ends %" G_GINT64_FORMAT
                              " frames after the source's end (%s-%s)",
                              reason->len > 0 ? "; " : "", seg_in, seg_last,
                              after, src_in, src_last);
    else
      g_string_append_printf (reason,
                              "%s%s-%s starts %" G_GINT64_FORMAT
                              " frames before the source's start (%s-%s)",
                              reason->len > 0 ? "; " : "", seg_in, seg_last,
                              -check->record_in, src_in, src_last);
    if (self->handles > 0)
      g_string_append_printf (reason, ", more than the %u handle frames",
                              self->handles);
  }
  if (check->rules == PRW_LINK_RULE_NONE) {
    const gchar *seg_reel = usable_reel (prw_media_info_get_reel_name (media));
    const gchar *src_reel = usable_reel (source->reel);
    g_autofree gchar *file
        = g_filename_display_basename (prw_segment_get_path (segment->segment));

    g_string_append_printf (reason,
                            "%sname/reel do not match: %s does not contain "
                            "%s, and ",
                            reason->len > 0 ? "; " : "", file,
                            prw_source_clip_get_clip_name (clip));
    if (seg_reel == NULL)
      g_string_append (reason, "the segment has no reel");
    else if (src_reel != NULL)
      g_string_append_printf (
          reason,
          "its reel \"%s\" is neither the source's reel \"%s\" nor its "
          "clip name",
          seg_reel, src_reel);
    else
      g_string_append_printf (reason,
                              "its reel \"%s\" is not the source's clip "
                              "name (the source has no reel)",
                              seg_reel);
  }
  return g_string_free (reason, FALSE);
}

/* ---- one clip, two descriptions ----------------------------------------- */

static gboolean
is_ale_row (PrwSourceClip *clip)
{
  return prw_source_clip_get_ale_path (clip) != NULL;
}

static gboolean
is_media_file (PrwSourceClip *clip)
{
  return prw_source_clip_get_ale_path (clip) == NULL
         && prw_source_clip_get_path (clip) != NULL;
}

/* Whether an ALE row and a media file describe the same clip: name, start
 * (drop-frame flag included), frame count and exact rate. */
static gboolean
same_clip (const Source *row, const Source *file)
{
  PrwSourceClip *a = row->clip, *b = file->clip;
  const PrwTimecode *ta = prw_source_clip_get_start_timecode (a);
  const PrwTimecode *tb = prw_source_clip_get_start_timecode (b);

  return g_str_equal (row->name_key, file->name_key)
         && prw_source_clip_get_rate_num (a) == prw_source_clip_get_rate_num (b)
         && prw_source_clip_get_rate_den (a) == prw_source_clip_get_rate_den (b)
         && !ta->drop_frame == !tb->drop_frame && ta->frames == tb->frames
         && prw_source_clip_get_frame_count (a)
                == prw_source_clip_get_frame_count (b);
}

/* "PATH" or "ALE:LINE": where a source's facts were read */
static gchar *
where_read (PrwSourceClip *clip)
{
  if (prw_source_clip_get_ale_path (clip) != NULL)
    return g_strdup_printf ("%s:%u", prw_source_clip_get_ale_path (clip),
                            prw_source_clip_get_ale_line (clip));
  return g_strdup (prw_source_clip_get_path (clip));
}

static void
add_source_warning (Source *source, PrwSourceClip *a, PrwSourceClip *b,
                    const gchar *fact, const gchar *value_a,
                    const gchar *value_b, const gchar *outcome)
{
  g_autofree gchar *where_a = where_read (a);
  g_autofree gchar *where_b = where_read (b);
  g_autofree gchar *text = g_strdup_printf (
      "%s and %s disagree on the %s of %s: %s vs %s; %s", where_a, where_b,
      fact, prw_source_clip_get_clip_name (source->clip), value_a, value_b,
      outcome);
  /* paths, clip names and reels as they are read may hold a line break */
  gchar *line = prw_one_line (text);

  g_debug ("link: %s", line);
  if (source->warnings == NULL)
    source->warnings = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  g_ptr_array_add (source->warnings, line);
}

/* The facts of a media file and the ALE rows merged into it, once merged:
 * the file's win; a file without a reel takes its rows' reel when they
 * agree (reels compared as linking does). Every disagreement between the
 * file and a row, or between two rows whose reel is to fill the file's,
 * is a warning of the source, one line naming both and the fact. */
static void
merge_facts (Source *source)
{
  PrwSourceClip *file = source->clip;
  PrwSourceClip *first = NULL; /* the first row with a reel */
  g_autofree gchar *first_key = NULL;
  gboolean agree = TRUE;
  gboolean file_reel = usable_reel (source->reel) != NULL;

  for (guint k = 0; k < source->merged->len; k++) {
    PrwSourceClip *row = g_ptr_array_index (source->merged, k);
    const gchar *row_reel = usable_reel (prw_source_clip_get_reel (row));
    g_autofree gchar *key = prw_reel_key (row_reel);

    if (prw_source_clip_get_width (file) != 0
        && prw_source_clip_get_width (row) != 0
        && (prw_source_clip_get_width (file) != prw_source_clip_get_width (row)
            || prw_source_clip_get_height (file)
                   != prw_source_clip_get_height (row))) {
      g_autofree gchar *a
          = g_strdup_printf ("%ux%u", prw_source_clip_get_width (file),
                             prw_source_clip_get_height (file));
      g_autofree gchar *b
          = g_strdup_printf ("%ux%u", prw_source_clip_get_width (row),
                             prw_source_clip_get_height (row));

      add_source_warning (source, file, row, "size", a, b,
                          "the file's is kept");
    }
    if (key == NULL)
      continue;
    if (file_reel) {
      if (!g_str_equal (key, source->reel_key)) {
        g_autofree gchar *a = g_strdup_printf ("\"%s\"", source->reel);
        g_autofree gchar *b = g_strdup_printf ("\"%s\"", row_reel);

        add_source_warning (source, file, row, "reel", a, b,
                            "the file's is kept");
      }
      continue;
    }
    if (first == NULL) {
      first = row;
      first_key = g_steal_pointer (&key);
      continue;
    }
    if (!g_str_equal (key, first_key)) {
      g_autofree gchar *a
          = g_strdup_printf ("\"%s\"", prw_source_clip_get_reel (first));
      g_autofree gchar *b = g_strdup_printf ("\"%s\"", row_reel);

      add_source_warning (source, first, row, "reel", a, b,
                          "the source has no reel");
      agree = FALSE;
    }
  }
  if (!file_reel && first != NULL && agree) {
    g_free (source->reel);
    source->reel = prw_reel_strip (prw_source_clip_get_reel (first));
    g_free (source->reel_key);
    source->reel_key = prw_reel_key (source->reel);
  }
}

/* Merges each ALE row into the one media file of the same clip (see "One
 * clip, two descriptions"); the sources are sorted, and stay so. */
static void
merge_ale_rows (PrwLinkTable *self)
{
  /* backwards, so that removing a row leaves the rows still to see where
   * they are; rows are put first in their file's list to keep the order */
  for (guint r = self->sources->len; r-- > 0;) {
    Source *row = &g_array_index (self->sources, Source, r);
    Source *file = NULL;
    guint n_files = 0;

    if (!is_ale_row (row->clip))
      continue;
    for (guint s = 0; s < self->sources->len; s++) {
      Source *other = &g_array_index (self->sources, Source, s);

      if (is_media_file (other->clip) && same_clip (row, other)) {
        file = other;
        n_files++;
      }
    }
    if (n_files != 1)
      continue;
    if (file->merged == NULL)
      file->merged = g_ptr_array_new_with_free_func (g_object_unref);
    g_ptr_array_insert (file->merged, 0, g_object_ref (row->clip));
    g_debug ("link: %s:%u is %s", prw_source_clip_get_ale_path (row->clip),
             prw_source_clip_get_ale_line (row->clip),
             prw_source_clip_get_path (file->clip));
    g_array_remove_index (self->sources, r); /* row and file are stale now */
  }

  for (guint s = 0; s < self->sources->len; s++) {
    Source *source = &g_array_index (self->sources, Source, s);

    if (source->merged != NULL)
      merge_facts (source);
  }
}

/* "file name", "reel \"A001\"", "reel \"B001C001\" (its clip name)":
 * what of the segment names the source, " and "-joined */
static gchar *
describe_rules (const Segment *segment, PrwLinkRule rules)
{
  const gchar *reel
      = prw_media_info_get_reel_name (prw_segment_get_media (segment->segment));
  GString *out = g_string_new (NULL);

  if (rules & PRW_LINK_RULE_FILE_NAME)
    g_string_append (out, "file name");
  if (rules & PRW_LINK_RULE_REEL)
    g_string_append_printf (out, "%sreel \"%s\"", out->len > 0 ? " and " : "",
                            reel);
  if (rules & PRW_LINK_RULE_REEL_IS_CLIP_NAME)
    g_string_append_printf (out, "%sreel \"%s\" (the clip name)",
                            out->len > 0 ? " and " : "", reel);
  return g_string_free (out, FALSE);
}

/* A source in a link's warning: its clip name, and where it was read
 * when the other source has the same clip name ("K001 (DAY2/K001.mov)") */
static gchar *
source_label (const Source *source, const Source *other)
{
  g_autofree gchar *where = NULL;

  if (g_str_equal (source->name_key, other->name_key))
    where = where_read (source->clip);
  if (where == NULL)
    return g_strdup (prw_source_clip_get_clip_name (source->clip));
  return g_strdup_printf ("%s (%s)",
                          prw_source_clip_get_clip_name (source->clip), where);
}

/* A link's warnings: one for each other source its segment names (by file
 * name or reel) but does not match, "linked to A001C001 by reel \"A001\";
 * its file name also names A001C002, not linked: ..." with the failed
 * checks; NULL for none. */
static gchar **
link_warnings (PrwLinkTable *self, guint linked, const Check *check,
               const Segment *segment, GArray *named, GArray *named_checks)
{
  const Source *source = &g_array_index (self->sources, Source, linked);
  g_autofree gchar *by = NULL;
  GPtrArray *warnings;

  if (named->len == 0)
    return NULL;
  by = describe_rules (segment, check->rules);
  warnings = g_ptr_array_new_null_terminated (named->len, g_free, TRUE);
  for (guint k = 0; k < named->len; k++) {
    const Source *other = &g_array_index (self->sources, Source,
                                          g_array_index (named, guint, k));
    const Check *other_check = &g_array_index (named_checks, Check, k);
    PrwLinkRule rules = other_check->rules;
    g_autofree gchar *names = NULL;
    g_autofree gchar *why = NULL;
    g_autofree gchar *linked_label = NULL;
    g_autofree gchar *other_label = NULL;
    g_autofree gchar *text = NULL;

    /* a reel names a camera roll, which holds many clips: the roll of the
     * linked source is no evidence against the link */
    if (source->reel_key != NULL && other->reel_key != NULL
        && g_str_equal (source->reel_key, other->reel_key))
      rules &= ~PRW_LINK_RULE_REEL;
    if (rules == PRW_LINK_RULE_NONE)
      continue;
    names = describe_rules (segment, rules);
    why = describe_miss (self, other, segment, other_check);
    linked_label = source_label (source, other);
    other_label = source_label (other, source);
    text = g_strdup_printf ("linked to %s by %s; its %s also names %s, not "
                            "linked: %s",
                            linked_label, by, names, other_label, why);
    /* the reels, names and paths quoted as they are: on one line */
    g_ptr_array_add (warnings, prw_one_line (text));
  }
  if (warnings->len == 0) {
    g_ptr_array_unref (warnings);
    return NULL;
  }
  return (gchar **) g_ptr_array_free (warnings, FALSE);
}

/* ---- sealing ------------------------------------------------------------ */

/**
 * prw_link_table_seal:
 * @self: an unsealed #PrwLinkTable
 *
 * Merges the ALE rows that describe a media file among the sources into
 * it, links every segment (see #PrwLinkTable for the rules) and freezes the
 * table: nothing can be added afterwards, and its results can be read.
 * Linking cannot fail: what does not link is reported by the table.
 *
 * Since: 0.4
 */
void
prw_link_table_seal (PrwLinkTable *self)
{
  g_return_if_fail (PRW_IS_LINK_TABLE (self));
  g_return_if_fail (!self->sealed);

  g_array_sort (self->sources, source_compare);
  merge_ale_rows (self);
  g_array_sort (self->segments, segment_compare);

  for (guint g = 0; g < self->segments->len; g++) {
    const Segment *segment = &g_array_index (self->segments, Segment, g);
    g_autoptr (GArray) matches = g_array_new (FALSE, FALSE, sizeof (guint));
    g_autoptr (GArray) match_checks
        = g_array_new (FALSE, FALSE, sizeof (Check));
    /* the sources the segment names that it does not match */
    g_autoptr (GArray) named = g_array_new (FALSE, FALSE, sizeof (guint));
    g_autoptr (GArray) named_checks
        = g_array_new (FALSE, FALSE, sizeof (Check));
    gint nearest = -1;
    Check nearest_check = { 0 };

    for (guint s = 0; s < self->sources->len; s++) {
      const Source *source = &g_array_index (self->sources, Source, s);
      Check check;

      check_one (self, source, segment, &check);
      if (check_passes (&check)) {
        g_array_append_val (matches, s);
        g_array_append_val (match_checks, check);
        continue;
      }
      if (check.rules != PRW_LINK_RULE_NONE) {
        g_array_append_val (named, s);
        g_array_append_val (named_checks, check);
      }
      if (nearest < 0 || check_nearer (&check, &nearest_check)) {
        nearest = (gint) s;
        nearest_check = check;
      }
    }

    if (matches->len == 1) {
      Check *check = &g_array_index (match_checks, Check, 0);
      Link link = { g_array_index (matches, guint, 0), g, check->rules,
                    check->record_in, NULL };

      link.warnings = link_warnings (self, link.source, check, segment, named,
                                     named_checks);
      g_array_append_val (self->links, link);
    } else if (matches->len > 1) {
      Ambiguous ambiguous = { g, NULL, NULL };

      ambiguous.candidates = g_array_ref (matches);
      ambiguous.rules = g_array_new (FALSE, FALSE, sizeof (PrwLinkRule));
      for (guint k = 0; k < match_checks->len; k++)
        g_array_append_val (ambiguous.rules,
                            g_array_index (match_checks, Check, k).rules);
      g_array_append_val (self->ambiguous, ambiguous);
    } else {
      Unmatched unmatched = { g, nearest, NULL };

      if (nearest >= 0) {
        g_autofree gchar *reason = describe_miss (
            self, &g_array_index (self->sources, Source, nearest), segment,
            &nearest_check);

        /* the file name and reels quoted as they are: on one line */
        unmatched.reason = prw_one_line (reason);
      } else
        unmatched.reason = g_strdup ("there are no sources");
      g_array_append_val (self->unmatched, unmatched);
    }
  }

  g_array_sort (self->links, link_compare);
  for (guint i = 0; i < self->links->len; i++) {
    const Link *link = &g_array_index (self->links, Link, i);
    Source *source = &g_array_index (self->sources, Source, link->source);

    if (source->n_links == 0)
      source->first_link = i;
    source->n_links++;
  }
  for (guint s = 0; s < self->sources->len; s++) {
    Source *source = &g_array_index (self->sources, Source, s);

    if (source->n_links == 0)
      source->first_link = self->links->len;
  }
  self->sealed = TRUE;
  g_debug ("link: %u sources, %u segments: %u links, %u ambiguous, %u "
           "unmatched",
           self->sources->len, self->segments->len, self->links->len,
           self->ambiguous->len, self->unmatched->len);
}

/**
 * prw_link_table_is_sealed:
 * @self: a #PrwLinkTable
 *
 * Whether the table is sealed: linked, frozen and readable.
 *
 * Returns: whether prw_link_table_seal() has been called
 *
 * Since: 0.4
 */
gboolean
prw_link_table_is_sealed (PrwLinkTable *self)
{
  g_return_val_if_fail (PRW_IS_LINK_TABLE (self), FALSE);
  return self->sealed;
}

/* ---- sources ------------------------------------------------------------ */

#define RETURN_IF_NOT_SEALED(val)                                              \
  g_return_val_if_fail (PRW_IS_LINK_TABLE (self), val);                        \
  g_return_val_if_fail (self->sealed, val)

static const gchar *const no_warnings[] = { NULL };

/**
 * prw_link_table_get_n_sources:
 * @self: a sealed #PrwLinkTable
 *
 * The number of sources added, linked or not.
 *
 * Returns: the number of sources, linked or not
 *
 * Since: 0.4
 */
guint
prw_link_table_get_n_sources (PrwLinkTable *self)
{
  RETURN_IF_NOT_SEALED (0);
  return self->sources->len;
}

static const Source *
source_at (PrwLinkTable *self, guint index)
{
  return &g_array_index (self->sources, Source, index);
}

/**
 * prw_link_table_get_source:
 * @self: a sealed #PrwLinkTable
 * @index: a source index, below prw_link_table_get_n_sources()
 *
 * The sources in the table's order (clip name, path, ALE file and line,
 * start timecode, frame count).
 *
 * Returns: (transfer none): the source at @index
 *
 * Since: 0.4
 */
PrwSourceClip *
prw_link_table_get_source (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (NULL);
  g_return_val_if_fail (index < self->sources->len, NULL);
  return source_at (self, index)->clip;
}

/**
 * prw_link_table_get_source_folder:
 * @self: a sealed #PrwLinkTable
 * @index: a source index
 *
 * The folder the source was found in, relative to the one the user gave.
 *
 * Returns: (type filename) (transfer none) (nullable): the folder given to
 *   prw_link_table_add_source() ("." and "" read as %NULL)
 *
 * Since: 0.4
 */
const gchar *
prw_link_table_get_source_folder (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (NULL);
  g_return_val_if_fail (index < self->sources->len, NULL);
  return source_at (self, index)->folder;
}

/**
 * prw_link_table_get_source_reel:
 * @self: a sealed #PrwLinkTable
 * @index: a source index
 *
 * The source's reel, as linking reads it and a conform writes it: the
 * clip's own (prw_source_clip_get_reel()), unless it has none (or
 * "Tape") and the ALE rows merged into it give one they agree on (see
 * "One clip, two descriptions" in #PrwLinkTable).
 *
 * Returns: (transfer none) (nullable): the reel, or %NULL for none
 *
 * Since: 0.4
 */
const gchar *
prw_link_table_get_source_reel (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (NULL);
  g_return_val_if_fail (index < self->sources->len, NULL);
  return source_at (self, index)->reel;
}

/**
 * prw_link_table_get_source_n_merged:
 * @self: a sealed #PrwLinkTable
 * @index: a source index
 *
 * How many ALE rows were merged into the source: rows that describe the
 * same clip as its media file (see "One clip, two descriptions" in
 * #PrwLinkTable).
 *
 * Returns: the number of merged ALE rows; 0 for most sources
 *
 * Since: 0.4
 */
guint
prw_link_table_get_source_n_merged (PrwLinkTable *self, guint index)
{
  const Source *source;

  RETURN_IF_NOT_SEALED (0);
  g_return_val_if_fail (index < self->sources->len, 0);
  source = source_at (self, index);
  return source->merged != NULL ? source->merged->len : 0;
}

/**
 * prw_link_table_get_source_merged:
 * @self: a sealed #PrwLinkTable
 * @index: a source index
 * @merged: an index below prw_link_table_get_source_n_merged()
 *
 * An ALE row merged into the source, as it was added
 * (prw_source_clip_get_ale_path() and prw_source_clip_get_ale_line() say
 * where it was read).
 *
 * Returns: (transfer none): the merged row, in the table's order of
 *   sources
 *
 * Since: 0.4
 */
PrwSourceClip *
prw_link_table_get_source_merged (PrwLinkTable *self, guint index, guint merged)
{
  const Source *source;

  RETURN_IF_NOT_SEALED (NULL);
  g_return_val_if_fail (index < self->sources->len, NULL);
  source = source_at (self, index);
  g_return_val_if_fail (source->merged != NULL && merged < source->merged->len,
                        NULL);
  return g_ptr_array_index (source->merged, merged);
}

/**
 * prw_link_table_get_source_warnings:
 * @self: a sealed #PrwLinkTable
 * @index: a source index
 *
 * Where the ALE rows merged into the source disagree with its media file,
 * or with one another, on a fact the merge keeps (the reel, the size):
 * one line each, naming both ("PATH" or "ALE:LINE"), the fact, both values
 * and what the source keeps ("day1.ale:9 and day2.ale:9 disagree on the
 * reel of B001C001: \"B001\" vs \"B00X\"; the source has no reel"). See
 * "One clip, two descriptions" in #PrwLinkTable. A control character in a
 * path, clip name or reel (a line break) is written as a C escape ("\\n",
 * "\\t", "\\x1b"), so that each warning is one line. The text may change.
 *
 * Returns: (transfer none) (array zero-terminated=1): the warnings; empty
 *   for most sources
 *
 * Since: 0.4
 */
const gchar *const *
prw_link_table_get_source_warnings (PrwLinkTable *self, guint index)
{
  const Source *source;

  RETURN_IF_NOT_SEALED (no_warnings);
  g_return_val_if_fail (index < self->sources->len, no_warnings);
  source = source_at (self, index);
  return source->warnings != NULL
             ? (const gchar *const *) source->warnings->pdata
             : no_warnings;
}

/**
 * prw_link_table_get_source_first_link:
 * @self: a sealed #PrwLinkTable
 * @index: a source index
 *
 * The links of a source follow one another; this is the first one's
 * index.
 *
 * Returns: the index of the source's first link, or
 *   prw_link_table_get_n_links() when it has none
 *
 * Since: 0.4
 */
guint
prw_link_table_get_source_first_link (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (0);
  g_return_val_if_fail (index < self->sources->len, 0);
  return source_at (self, index)->first_link;
}

/**
 * prw_link_table_get_source_n_links:
 * @self: a sealed #PrwLinkTable
 * @index: a source index
 *
 * How many segments are linked to the source.
 *
 * Returns: how many segments are linked to the source; 0 for a source
 *   that a conform skips
 *
 * Since: 0.4
 */
guint
prw_link_table_get_source_n_links (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (0);
  g_return_val_if_fail (index < self->sources->len, 0);
  return source_at (self, index)->n_links;
}

/**
 * prw_link_table_get_source_output_name:
 * @self: a sealed #PrwLinkTable
 * @index: a source index
 *
 * Where a conform writes the source's movie, relative to its output
 * folder: "CLIP.mov", CLIP being the clip name made a safe file name
 * (prw_source_clip_dup_file_stem()).
 * When another source with links shares the clip name (compared
 * case-insensitively, as some filesystems do), it is "FOLDER/CLIP.mov",
 * FOLDER the source's folder (prw_link_table_add_source()), so that
 * neither is written over the other. Two such sources in the same folder
 * still share a name: the caller must refuse them.
 *
 * Returns: (type filename) (transfer full): the output's relative path
 *
 * Since: 0.4
 */
gchar *
prw_link_table_get_source_output_name (PrwLinkTable *self, guint index)
{
  return prw_link_table_get_source_output_name_full (self, index, FALSE);
}

/**
 * prw_link_table_get_source_output_name_full:
 * @self: a sealed #PrwLinkTable
 * @index: a source index
 * @every_source: %TRUE when every source of the table is written, those
 *   without links too (as blank rushes: conform's --all)
 *
 * As prw_link_table_get_source_output_name(), the sources written being
 * those with links, or with @every_source all of them: a clip name shared
 * with another source written keeps the source's folder.
 *
 * Returns: (type filename) (transfer full): the output's relative path
 *
 * Since: 0.4
 */
gchar *
prw_link_table_get_source_output_name_full (PrwLinkTable *self, guint index,
                                            gboolean every_source)
{
  const Source *source;
  g_autofree gchar *stem = NULL;
  g_autofree gchar *file = NULL;
  gboolean shared = FALSE;

  RETURN_IF_NOT_SEALED (NULL);
  g_return_val_if_fail (index < self->sources->len, NULL);

  source = source_at (self, index);
  stem = prw_source_clip_dup_file_stem (source->clip);
  file = g_strconcat (stem, ".mov", NULL);
  for (guint s = 0; s < self->sources->len && !shared; s++) {
    const Source *other = source_at (self, s);

    shared = s != index && (every_source || other->n_links > 0)
             && g_str_equal (other->name_key, source->name_key);
  }
  if (!shared || source->folder == NULL)
    return g_steal_pointer (&file);
  return g_build_filename (source->folder, file, NULL);
}

/* ---- links -------------------------------------------------------------- */

static const Link *
link_at (PrwLinkTable *self, guint index)
{
  return &g_array_index (self->links, Link, index);
}

/**
 * prw_link_table_get_n_links:
 * @self: a sealed #PrwLinkTable
 *
 * The number of links: segments each linked to exactly one source.
 *
 * Returns: the number of links (segments linked to exactly one source)
 *
 * Since: 0.4
 */
guint
prw_link_table_get_n_links (PrwLinkTable *self)
{
  RETURN_IF_NOT_SEALED (0);
  return self->links->len;
}

/**
 * prw_link_table_get_link_source:
 * @self: a sealed #PrwLinkTable
 * @index: a link index, below prw_link_table_get_n_links()
 *
 * Which source the link is to.
 *
 * Returns: the index of the link's source (prw_link_table_get_source())
 *
 * Since: 0.4
 */
guint
prw_link_table_get_link_source (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (0);
  g_return_val_if_fail (index < self->links->len, 0);
  return link_at (self, index)->source;
}

/**
 * prw_link_table_get_link_segment:
 * @self: a sealed #PrwLinkTable
 * @index: a link index
 *
 * The segment the link is from.
 *
 * Returns: (transfer none): the linked segment
 *
 * Since: 0.4
 */
PrwSegment *
prw_link_table_get_link_segment (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (NULL);
  g_return_val_if_fail (index < self->links->len, NULL);
  return g_array_index (self->segments, Segment, link_at (self, index)->segment)
      .segment;
}

/**
 * prw_link_table_get_link_layer:
 * @self: a sealed #PrwLinkTable
 * @index: a link index
 *
 * The linked segment's layer.
 *
 * Returns: the layer the segment was added with: %PRW_LAYER_GRADE or
 *   %PRW_LAYER_VFX
 *
 * Since: 0.4
 */
PrwLayer
prw_link_table_get_link_layer (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (PRW_LAYER_GRADE);
  g_return_val_if_fail (index < self->links->len, PRW_LAYER_GRADE);
  return g_array_index (self->segments, Segment, link_at (self, index)->segment)
      .layer;
}

/**
 * prw_link_table_get_link_rules:
 * @self: a sealed #PrwLinkTable
 * @index: a link index
 *
 * The identity rules that made the link (the gates all passed).
 *
 * Returns: every identity rule that holds for the link (at least one)
 *
 * Since: 0.4
 */
PrwLinkRule
prw_link_table_get_link_rules (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (PRW_LINK_RULE_NONE);
  g_return_val_if_fail (index < self->links->len, PRW_LINK_RULE_NONE);
  return link_at (self, index)->rules;
}

/**
 * prw_link_table_get_link_record_in:
 * @self: a sealed #PrwLinkTable
 * @index: a link index
 *
 * The source frame the segment's first frame lands on, counted from the
 * source's first frame (0). It is below 0 when the segment starts in the
 * handles before the source (never by more than the handles).
 *
 * Returns: the record in, in source frames
 *
 * Since: 0.4
 */
gint64
prw_link_table_get_link_record_in (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (0);
  g_return_val_if_fail (index < self->links->len, 0);
  return link_at (self, index)->record_in;
}

/**
 * prw_link_table_get_link_record_out:
 * @self: a sealed #PrwLinkTable
 * @index: a link index
 *
 * The record in plus the segment's frame count: the source frame after
 * the segment's last. Past the source's frame count (by at most the
 * handles) when the segment ends in the handles after it.
 *
 * Returns: the record out (exclusive), in source frames
 *
 * Since: 0.4
 */
gint64
prw_link_table_get_link_record_out (PrwLinkTable *self, guint index)
{
  const Link *link;

  RETURN_IF_NOT_SEALED (0);
  g_return_val_if_fail (index < self->links->len, 0);
  link = link_at (self, index);
  return link->record_in
         + prw_segment_get_frame_count (
             g_array_index (self->segments, Segment, link->segment).segment);
}

/**
 * prw_link_table_get_link_warnings:
 * @self: a sealed #PrwLinkTable
 * @index: a link index
 *
 * What speaks against the link: one line for each other source that the
 * segment's file name or reel also names (an identity rule holds; a reel
 * that the linked source has too, its camera roll's, names no other) but
 * that the segment does not match, with the rule that made the link and every
 * check that failed for the other source, for people ("linked to A001C001
 * by reel \"A001\"; its file name also names A001C002, not linked:
 * 10:00:03:00-10:00:03:09 starts 7425 frames before the source's start
 * (10:05:00:00-10:05:03:24)"). The link stands (it follows the rules); the
 * warning says the evidence is not all on its side. A control character in
 * a file name, clip name or reel (a line break) is written as a C escape
 * ("\\n", "\\t", "\\x1b"), so that each warning is one line. The text may
 * change.
 *
 * Returns: (transfer none) (array zero-terminated=1): the warnings, in the
 *   table's order of sources; empty for most links
 *
 * Since: 0.4
 */
const gchar *const *
prw_link_table_get_link_warnings (PrwLinkTable *self, guint index)
{
  const Link *link;

  RETURN_IF_NOT_SEALED (no_warnings);
  g_return_val_if_fail (index < self->links->len, no_warnings);
  link = link_at (self, index);
  return link->warnings != NULL ? (const gchar *const *) link->warnings
                                : no_warnings;
}

/* ---- ambiguous ---------------------------------------------------------- */

static const Ambiguous *
ambiguous_at (PrwLinkTable *self, guint index)
{
  return &g_array_index (self->ambiguous, Ambiguous, index);
}

/**
 * prw_link_table_get_n_ambiguous:
 * @self: a sealed #PrwLinkTable
 *
 * The number of ambiguous segments.
 *
 * Returns: the number of segments that match several sources, and are
 *   linked to none
 *
 * Since: 0.4
 */
guint
prw_link_table_get_n_ambiguous (PrwLinkTable *self)
{
  RETURN_IF_NOT_SEALED (0);
  return self->ambiguous->len;
}

/**
 * prw_link_table_get_ambiguous_segment:
 * @self: a sealed #PrwLinkTable
 * @index: an index below prw_link_table_get_n_ambiguous()
 *
 * An ambiguous segment, which matches several sources and is linked to none.
 *
 * Returns: (transfer none): the ambiguous segment (in path order)
 *
 * Since: 0.4
 */
PrwSegment *
prw_link_table_get_ambiguous_segment (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (NULL);
  g_return_val_if_fail (index < self->ambiguous->len, NULL);
  return g_array_index (self->segments, Segment,
                        ambiguous_at (self, index)->segment)
      .segment;
}

/**
 * prw_link_table_get_ambiguous_layer:
 * @self: a sealed #PrwLinkTable
 * @index: an ambiguous segment's index
 *
 * An ambiguous segment's layer.
 *
 * Returns: the layer the segment was added with: %PRW_LAYER_GRADE or
 *   %PRW_LAYER_VFX
 *
 * Since: 0.4
 */
PrwLayer
prw_link_table_get_ambiguous_layer (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (PRW_LAYER_GRADE);
  g_return_val_if_fail (index < self->ambiguous->len, PRW_LAYER_GRADE);
  return g_array_index (self->segments, Segment,
                        ambiguous_at (self, index)->segment)
      .layer;
}

/**
 * prw_link_table_get_ambiguous_n_candidates:
 * @self: a sealed #PrwLinkTable
 * @index: an ambiguous segment's index
 *
 * The number of sources an ambiguous segment matches.
 *
 * Returns: how many sources the segment matches (2 or more)
 *
 * Since: 0.4
 */
guint
prw_link_table_get_ambiguous_n_candidates (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (0);
  g_return_val_if_fail (index < self->ambiguous->len, 0);
  return ambiguous_at (self, index)->candidates->len;
}

/**
 * prw_link_table_get_ambiguous_candidate:
 * @self: a sealed #PrwLinkTable
 * @index: an ambiguous segment's index
 * @candidate: a candidate's index, below
 *   prw_link_table_get_ambiguous_n_candidates()
 *
 * One of the sources an ambiguous segment matches.
 *
 * Returns: the candidate's source index (prw_link_table_get_source()), in
 *   the table's order of sources
 *
 * Since: 0.4
 */
guint
prw_link_table_get_ambiguous_candidate (PrwLinkTable *self, guint index,
                                        guint candidate)
{
  const Ambiguous *ambiguous;

  RETURN_IF_NOT_SEALED (0);
  g_return_val_if_fail (index < self->ambiguous->len, 0);
  ambiguous = ambiguous_at (self, index);
  g_return_val_if_fail (candidate < ambiguous->candidates->len, 0);
  return g_array_index (ambiguous->candidates, guint, candidate);
}

/**
 * prw_link_table_get_ambiguous_candidate_rules:
 * @self: a sealed #PrwLinkTable
 * @index: an ambiguous segment's index
 * @candidate: a candidate's index
 *
 * Why an ambiguous segment matches one of its candidates.
 *
 * Returns: the identity rules that hold between the segment and the
 *   candidate
 *
 * Since: 0.4
 */
PrwLinkRule
prw_link_table_get_ambiguous_candidate_rules (PrwLinkTable *self, guint index,
                                              guint candidate)
{
  const Ambiguous *ambiguous;

  RETURN_IF_NOT_SEALED (PRW_LINK_RULE_NONE);
  g_return_val_if_fail (index < self->ambiguous->len, PRW_LINK_RULE_NONE);
  ambiguous = ambiguous_at (self, index);
  g_return_val_if_fail (candidate < ambiguous->rules->len, PRW_LINK_RULE_NONE);
  return g_array_index (ambiguous->rules, PrwLinkRule, candidate);
}

/* ---- unmatched ---------------------------------------------------------- */

static const Unmatched *
unmatched_at (PrwLinkTable *self, guint index)
{
  return &g_array_index (self->unmatched, Unmatched, index);
}

/**
 * prw_link_table_get_n_unmatched:
 * @self: a sealed #PrwLinkTable
 *
 * The number of unmatched segments.
 *
 * Returns: the number of segments no source matches
 *
 * Since: 0.4
 */
guint
prw_link_table_get_n_unmatched (PrwLinkTable *self)
{
  RETURN_IF_NOT_SEALED (0);
  return self->unmatched->len;
}

/**
 * prw_link_table_get_unmatched_segment:
 * @self: a sealed #PrwLinkTable
 * @index: an index below prw_link_table_get_n_unmatched()
 *
 * A segment that no source matches.
 *
 * Returns: (transfer none): the unmatched segment (in path order)
 *
 * Since: 0.4
 */
PrwSegment *
prw_link_table_get_unmatched_segment (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (NULL);
  g_return_val_if_fail (index < self->unmatched->len, NULL);
  return g_array_index (self->segments, Segment,
                        unmatched_at (self, index)->segment)
      .segment;
}

/**
 * prw_link_table_get_unmatched_layer:
 * @self: a sealed #PrwLinkTable
 * @index: an unmatched segment's index
 *
 * An unmatched segment's layer.
 *
 * Returns: the layer the segment was added with: %PRW_LAYER_GRADE or
 *   %PRW_LAYER_VFX
 *
 * Since: 0.4
 */
PrwLayer
prw_link_table_get_unmatched_layer (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (PRW_LAYER_GRADE);
  g_return_val_if_fail (index < self->unmatched->len, PRW_LAYER_GRADE);
  return g_array_index (self->segments, Segment,
                        unmatched_at (self, index)->segment)
      .layer;
}

/**
 * prw_link_table_get_unmatched_nearest:
 * @self: a sealed #PrwLinkTable
 * @index: an unmatched segment's index
 *
 * The nearest miss: a source the segment names (an identity rule holds)
 * before one it does not; then the source for which the fewest of the four
 * checks (rate, size, timecode range, identity) failed; then the one whose
 * timecode range is nearest the segment's; then the first in the table's
 * order.
 *
 * Returns: the nearest miss's source index, or -1 when the table has no
 *   sources
 *
 * Since: 0.4
 */
gint
prw_link_table_get_unmatched_nearest (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (-1);
  g_return_val_if_fail (index < self->unmatched->len, -1);
  return unmatched_at (self, index)->nearest;
}

/**
 * prw_link_table_get_unmatched_reason:
 * @self: a sealed #PrwLinkTable
 * @index: an unmatched segment's index
 *
 * Why the nearest miss is not the segment's source: every check that
 * failed, "; "-separated, for people ("rate 24 vs 25", "size 1920x1080 vs
 * 3840x2160", "01:00:10:00-01:00:11:24 ends 240 frames after the source's
 * end (00:59:00:00-01:00:01:23)", "name/reel do not match: ..."), or
 * "there are no sources". A control character in the segment's file name
 * or a reel (a line break) is written as a C escape ("\\n", "\\t",
 * "\\x1b"), so that the reason is one line. The text may change.
 *
 * Returns: (transfer none): the reason, one line
 *
 * Since: 0.4
 */
const gchar *
prw_link_table_get_unmatched_reason (PrwLinkTable *self, guint index)
{
  RETURN_IF_NOT_SEALED (NULL);
  g_return_val_if_fail (index < self->unmatched->len, NULL);
  return unmatched_at (self, index)->reason;
}

/* ---- names -------------------------------------------------------------- */

/**
 * prw_link_rule_to_string:
 * @rules: identity rules
 *
 * The rules for people and scripts, "+"-joined in a fixed order:
 * "file-name", "reel", "reel-is-clip-name" ("file-name+reel"); "none" for
 * none.
 *
 * Returns: (transfer full): the rules' names
 *
 * Since: 0.4
 */
gchar *
prw_link_rule_to_string (PrwLinkRule rules)
{
  GString *out = g_string_new (NULL);

  if (rules & PRW_LINK_RULE_FILE_NAME)
    g_string_append (out, "file-name");
  if (rules & PRW_LINK_RULE_REEL)
    g_string_append (out, out->len > 0 ? "+reel" : "reel");
  if (rules & PRW_LINK_RULE_REEL_IS_CLIP_NAME)
    g_string_append (out,
                     out->len > 0 ? "+reel-is-clip-name" : "reel-is-clip-name");
  if (out->len == 0)
    g_string_append (out, "none");
  return g_string_free (out, FALSE);
}
