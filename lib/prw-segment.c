/* libproreswriter: one graded clip */

#include <proreswriter/proreswriter.h>

/**
 * PrwSegment:
 *
 * One graded clip to print into the base: an immutable wrapper around the
 * #PrwMediaInfo of a probed movie, with the name it is shown under.
 *
 * Where a segment lands is decided by its start timecode only. The number
 * parsed from a trailing "S01"-style suffix of the file name
 * (prw_segment_get_number()) is for display and never decides placement.
 *
 * Since: 0.1
 */

struct _PrwSegment {
  GObject parent_instance;

  PrwMediaInfo *media;
  gchar *display_name;
  gint number;
};

enum { PROP_0, PROP_MEDIA, PROP_PATH, PROP_DISPLAY_NAME, PROP_NUMBER, N_PROPS };

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PrwSegment, prw_segment, G_TYPE_OBJECT)

/* The number of a trailing "S<digits>" at the end of the stem (the name
 * without its last extension), preceded by the start of the name or by a
 * character that is not alphanumeric; -1 if there is none. Works on the
 * UTF-8 display name, so non-ASCII letters before the S count as letters. */
static gint
parse_number (const gchar *name)
{
  const gchar *dot, *end, *digits, *s;
  guint64 value = 0;

  dot = strrchr (name, '.');
  /* A leading dot starts a hidden name, not an extension. */
  end = (dot != NULL && dot != name) ? dot : name + strlen (name);

  digits = end;
  while (digits > name && g_ascii_isdigit (digits[-1]))
    digits--;
  if (digits == end || digits == name)
    return -1;

  s = digits - 1;
  if (*s != 'S' && *s != 's')
    return -1;

  if (s != name) {
    const gchar *prev = g_utf8_find_prev_char (name, s);
    gunichar c;

    if (prev == NULL)
      return -1;
    c = g_utf8_get_char_validated (prev, s - prev);
    if (c == (gunichar) -1 || c == (gunichar) -2 || g_unichar_isalnum (c))
      return -1;
  }

  for (const gchar *p = digits; p < end; p++) {
    value = value * 10 + (guint64) (*p - '0');
    if (value > G_MAXINT)
      return -1;
  }
  return (gint) value;
}

static void
prw_segment_constructed (GObject *object)
{
  PrwSegment *self = PRW_SEGMENT (object);

  G_OBJECT_CLASS (prw_segment_parent_class)->constructed (object);

  if (self->media == NULL) {
    g_critical ("PrwSegment constructed without a media info");
    self->display_name = g_strdup ("");
    self->number = -1;
    return;
  }

  self->display_name
      = g_filename_display_basename (prw_media_info_get_path (self->media));
  self->number = parse_number (self->display_name);
}

static void
prw_segment_finalize (GObject *object)
{
  PrwSegment *self = PRW_SEGMENT (object);

  g_clear_object (&self->media);
  g_free (self->display_name);

  G_OBJECT_CLASS (prw_segment_parent_class)->finalize (object);
}

static void
prw_segment_get_property (GObject *object, guint prop_id, GValue *value,
                          GParamSpec *pspec)
{
  PrwSegment *self = PRW_SEGMENT (object);

  switch (prop_id) {
    case PROP_MEDIA:
      g_value_set_object (value, self->media);
      break;
    case PROP_PATH:
      g_value_set_string (value, prw_segment_get_path (self));
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_NUMBER:
      g_value_set_int (value, self->number);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
prw_segment_set_property (GObject *object, guint prop_id, const GValue *value,
                          GParamSpec *pspec)
{
  PrwSegment *self = PRW_SEGMENT (object);

  switch (prop_id) {
    case PROP_MEDIA:
      self->media = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
prw_segment_class_init (PrwSegmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = prw_segment_constructed;
  object_class->finalize = prw_segment_finalize;
  object_class->get_property = prw_segment_get_property;
  object_class->set_property = prw_segment_set_property;

  /**
   * PrwSegment:media:
   *
   * The probed movie this segment prints.
   *
   * Since: 0.1
   */
  properties[PROP_MEDIA] = g_param_spec_object (
      "media", NULL, NULL, PRW_TYPE_MEDIA_INFO,
      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PrwSegment:path:
   *
   * The movie's path, in the GLib file name encoding.
   *
   * Since: 0.1
   */
  properties[PROP_PATH] = g_param_spec_string (
      "path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PrwSegment:display-name:
   *
   * The movie's file name (basename) in UTF-8, for people.
   *
   * Since: 0.1
   */
  properties[PROP_DISPLAY_NAME]
      = g_param_spec_string ("display-name", NULL, NULL, NULL,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PrwSegment:number:
   *
   * The number of a trailing "S01"-style suffix of the file name, or -1.
   * For display only.
   *
   * Since: 0.1
   */
  properties[PROP_NUMBER]
      = g_param_spec_int ("number", NULL, NULL, -1, G_MAXINT, -1,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
prw_segment_init (PrwSegment *self)
{
  self->number = -1;
}

/**
 * prw_segment_new:
 * @media: the probed movie
 *
 * Wraps @media as a segment. Its display name is the file's basename; its
 * number comes from a trailing "S01"-style suffix (see
 * prw_segment_get_number()).
 *
 * Returns: (transfer full): a new #PrwSegment
 *
 * Since: 0.1
 */
PrwSegment *
prw_segment_new (PrwMediaInfo *media)
{
  g_return_val_if_fail (PRW_IS_MEDIA_INFO (media), NULL);

  return g_object_new (PRW_TYPE_SEGMENT, "media", media, NULL);
}

/**
 * prw_segment_get_media:
 * @self: a #PrwSegment
 *
 * The probed movie the segment prints (#PrwSegment:media).
 *
 * Returns: (transfer none): the probed movie
 *
 * Since: 0.1
 */
PrwMediaInfo *
prw_segment_get_media (PrwSegment *self)
{
  g_return_val_if_fail (PRW_IS_SEGMENT (self), NULL);

  return self->media;
}

/**
 * prw_segment_get_path:
 * @self: a #PrwSegment
 *
 * The movie's path, as prw_media_info_get_path() gives it.
 *
 * Returns: (type filename) (transfer none): the movie's path
 *
 * Since: 0.1
 */
const gchar *
prw_segment_get_path (PrwSegment *self)
{
  g_return_val_if_fail (PRW_IS_SEGMENT (self), NULL);

  return self->media != NULL ? prw_media_info_get_path (self->media) : NULL;
}

/**
 * prw_segment_get_display_name:
 * @self: a #PrwSegment
 *
 * The name the segment is shown under in messages and warnings: the file
 * name without its folder, converted to UTF-8 for display
 * (g_filename_display_basename()).
 *
 * Returns: (transfer none): the movie's file name without its folder, in
 *   UTF-8
 *
 * Since: 0.1
 */
const gchar *
prw_segment_get_display_name (PrwSegment *self)
{
  g_return_val_if_fail (PRW_IS_SEGMENT (self), NULL);

  return self->display_name;
}

/**
 * prw_segment_get_number:
 * @self: a #PrwSegment
 *
 * The number of a trailing "S01"-style suffix of the file name's stem: an S
 * or s followed by digits at the very end of the name without its
 * extension, preceded by the start of the name or a character that is not a
 * letter or digit. "Reel 4K S01.mov" is 1, "x_s12.mov" is 12, "AS01.mov"
 * and "S01 v2.mov" have none. For display only: placement is decided by
 * timecode.
 *
 * Returns: the number, or -1 if the name has none
 *
 * Since: 0.1
 */
gint
prw_segment_get_number (PrwSegment *self)
{
  g_return_val_if_fail (PRW_IS_SEGMENT (self), -1);

  return self->number;
}

/**
 * prw_segment_get_start_timecode:
 * @self: a #PrwSegment
 *
 * The timecode of the movie's first frame, as
 * prw_media_info_get_start_timecode() gives it; it decides where the
 * segment lands in the base. The return type is const since 0.2.
 *
 * Returns: (transfer none) (nullable): the timecode of the movie's first
 *   frame; never %NULL for a probed movie
 *
 * Since: 0.1
 */
const PrwTimecode *
prw_segment_get_start_timecode (PrwSegment *self)
{
  g_return_val_if_fail (PRW_IS_SEGMENT (self), NULL);

  return self->media != NULL ? prw_media_info_get_start_timecode (self->media)
                             : NULL;
}

/**
 * prw_segment_get_frame_count:
 * @self: a #PrwSegment
 *
 * The movie's frame count, as prw_media_info_get_frame_count() gives it.
 *
 * Returns: the number of video frames of the movie
 *
 * Since: 0.1
 */
gint64
prw_segment_get_frame_count (PrwSegment *self)
{
  g_return_val_if_fail (PRW_IS_SEGMENT (self), 0);

  return self->media != NULL ? prw_media_info_get_frame_count (self->media) : 0;
}
