/* libproreswriter: unit tests of PrwAle (Avid Log Exchange)
 *
 * ALE files written here as DITs' tools write them (Heading, Column, Data;
 * tabs; LF, CR LF or CR), read from memory and from files. Every clip's
 * facts are checked, and every malformed file or row must be refused with a
 * message naming the file and the line, in one line.
 */

#include <check.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include <proreswriter/proreswriter.h>

#define HEAD                                                                   \
  "Heading\n"                                                                  \
  "FIELD_DELIM\tTABS\n"                                                        \
  "VIDEO_FORMAT\t1080\n"                                                       \
  "AUDIO_FORMAT\t48khz\n"

static PrwAle *
parse (const gchar *path, const gchar *text, GError **error)
{
  return prw_ale_new_from_data (path, (const guint8 *) text, strlen (text),
                                error);
}

static PrwSourceClip *
clip_at (PrwAle *ale, guint i)
{
  GListModel *clips = prw_ale_get_clips (ale);
  PrwSourceClip *clip = g_list_model_get_item (clips, i);

  ck_assert_ptr_nonnull (clip);
  /* the list holds a reference */
  g_object_unref (clip);
  return clip;
}

static gchar *
start_label (PrwSourceClip *clip)
{
  return prw_timecode_to_string (prw_source_clip_get_start_timecode (clip));
}

/* A RAW shoot as Silverstack or Resolve exports it: 23.976, Duration and
 * End (exclusive) given, a trailing tab on every line. */
START_TEST (test_ale_good)
{
  static const gchar text[]
      = HEAD "FPS\t23.976\n"
             "\n"
             "Column\n"
             "Name\tTracks\tStart\tEnd\tDuration\tTape\tSource "
             "File\tResolution\t\n"
             "\n"
             "Data\n"
             "A001C003_230101_R1AB\tV\t10:00:00:00\t10:00:10:00\t00:00:10:00\t"
             "A001\tA001C003_230101_R1AB.R3D\t4096x2160\t\n"
             "B002C001_230101_X7YZ\tV\t14:23:10:05\t14:23:12:05\t00:00:02:00\t"
             "B002\tB002C001_230101_X7YZ.ari\t3840 x 2160\t\n"
             "\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwAle) ale = parse ("shoot.ale", text, &error);
  g_autofree gchar *a_start = NULL;
  g_autofree gchar *b_start = NULL;
  PrwSourceClip *a, *b;

  ck_assert_msg (ale != NULL, "%s", error ? error->message : "?");
  ck_assert (prw_ale_check (ale, NULL));
  ck_assert_ptr_null (prw_ale_get_row_errors (ale)[0]);
  ck_assert_str_eq (prw_ale_get_heading (ale, "FPS"), "23.976");
  ck_assert_str_eq (prw_ale_get_heading (ale, "video_format"), "1080");
  ck_assert_ptr_null (prw_ale_get_heading (ale, "NOPE"));
  ck_assert_str_eq (prw_ale_get_path (ale), "shoot.ale");
  ck_assert_uint_eq (g_list_model_get_n_items (prw_ale_get_clips (ale)), 2);

  a = clip_at (ale, 0);
  a_start = start_label (a);
  ck_assert_str_eq (prw_source_clip_get_clip_name (a), "A001C003_230101_R1AB");
  ck_assert_str_eq (prw_source_clip_get_reel (a), "A001");
  ck_assert_str_eq (a_start, "10:00:00:00");
  ck_assert (!prw_source_clip_get_start_timecode (a)->drop_frame);
  ck_assert_int_eq (prw_source_clip_get_frame_count (a), 240);
  ck_assert_uint_eq (prw_source_clip_get_rate_num (a), 24000);
  ck_assert_uint_eq (prw_source_clip_get_rate_den (a), 1001);
  ck_assert_uint_eq (prw_source_clip_get_width (a), 4096);
  ck_assert_uint_eq (prw_source_clip_get_height (a), 2160);
  ck_assert_str_eq (prw_source_clip_get_path (a), "A001C003_230101_R1AB.R3D");
  ck_assert_str_eq (prw_source_clip_get_ale_path (a), "shoot.ale");
  ck_assert_uint_eq (prw_source_clip_get_ale_line (a), 11);
  ck_assert_str_eq (prw_source_clip_get_format (a), "ALE, VIDEO_FORMAT 1080");
  ck_assert_str_eq (
      prw_source_clip_get_origin (a, PRW_SOURCE_CLIP_FACT_START_TIMECODE),
      "the Start column of shoot.ale:11");
  ck_assert_str_eq (
      prw_source_clip_get_origin (a, PRW_SOURCE_CLIP_FACT_FRAME_COUNT),
      "the Duration column of shoot.ale:11");
  ck_assert_str_eq (prw_source_clip_get_origin (a, PRW_SOURCE_CLIP_FACT_RATE),
                    "the FPS heading of shoot.ale");
  ck_assert_str_eq (prw_source_clip_get_origin (a, PRW_SOURCE_CLIP_FACT_SIZE),
                    "the Resolution column of shoot.ale:11");

  b = clip_at (ale, 1);
  b_start = start_label (b);
  ck_assert_str_eq (b_start, "14:23:10:05");
  ck_assert_int_eq (prw_source_clip_get_frame_count (b), 48);
  ck_assert_uint_eq (prw_source_clip_get_width (b), 3840);
  ck_assert_uint_eq (prw_source_clip_get_ale_line (b), 12);
}
END_TEST

/* 29.97 DF: ';' in the labels makes them drop frame; End exclusive, read
 * by the DF rules (a minute across a dropping minute is 1800 frames);
 * CR LF lines; no Duration column. */
START_TEST (test_ale_drop_frame)
{
  static const gchar text[]
      = "Heading\r\nFIELD_DELIM\tTABS\r\nFPS\t29.97\r\n\r\n"
        "Column\r\nName\tStart\tEnd\tTape\r\n\r\n"
        "Data\r\n"
        "C001\t01:00:00;00\t01:01:00;02\tC\r\n"
        "C002\t00:59:59;29\t01:00:00;02\tC\r\n"
        "C003\t01:00:00:00\t01:00:01:00\tC\r\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwAle) ale = parse ("df.ale", text, &error);
  g_autofree gchar *l1 = NULL;
  g_autofree gchar *l2 = NULL;
  PrwSourceClip *c1, *c2, *c3;

  ck_assert_msg (ale != NULL, "%s", error ? error->message : "?");
  ck_assert (prw_ale_check (ale, NULL));
  c1 = clip_at (ale, 0);
  c2 = clip_at (ale, 1);
  c3 = clip_at (ale, 2);
  l1 = start_label (c1);
  l2 = start_label (c2);
  ck_assert_str_eq (l1, "01:00:00;00");
  ck_assert (prw_source_clip_get_start_timecode (c1)->drop_frame);
  ck_assert_int_eq (prw_source_clip_get_frame_count (c1), 1800);
  ck_assert_uint_eq (prw_source_clip_get_ale_line (c1), 9);
  /* 00:59:59;29, 01:00:00;00, ;01: three frames */
  ck_assert_str_eq (l2, "00:59:59;29");
  ck_assert_int_eq (prw_source_clip_get_frame_count (c2), 3);
  /* ':' labels at 29.97 without DF anywhere are non-drop */
  ck_assert (!prw_source_clip_get_start_timecode (c3)->drop_frame);
  ck_assert_int_eq (prw_source_clip_get_frame_count (c3), 30);
  ck_assert_str_eq (
      prw_source_clip_get_origin (c1, PRW_SOURCE_CLIP_FACT_FRAME_COUNT),
      "End - Start in df.ale:9 (End exclusive)");
  ck_assert_uint_eq (prw_source_clip_get_width (c1), 0);
}
END_TEST

/* Old Macintosh line ends (CR), per-row FPS overriding the heading, a
 * frame count as Duration, a clip across midnight (Duration given), an
 * inclusive End that agrees with Duration, Frame Width/Height columns,
 * Windows-1252 text, column names in another case. */
START_TEST (test_ale_variants)
{
  static const gchar text[]
      = "Heading\rFIELD_DELIM\tTABS\rFPS\t25\r\r"
        "Column\rname\tSTART\tend\tduration\tfps\ttape\tFrame Width\tFrame "
        "Height\r\r"
        "Data\r"
        "R1\t10:00:00:00\t\t100\t50\t\t1920\t1080\r"
        "R2\t23:59:59:00\t00:00:01:00\t00:00:02:00\t\tN\t\t\r"
        "R3\t01:00:00:00\t01:00:00:24\t00:00:01:00\t\t\t\t\r"
        "Caf\xe9\t01:00:00:00\t01:00:01:00\t\t\t\t\t\r";
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwAle) ale = parse ("mac.ale", text, &error);
  g_autofree gchar *l2 = NULL;
  PrwSourceClip *r1, *r2, *r3, *r4;

  ck_assert_msg (ale != NULL, "%s", error ? error->message : "?");
  ck_assert_msg (prw_ale_check (ale, &error), "%s",
                 error ? error->message : "?");
  r1 = clip_at (ale, 0);
  ck_assert_uint_eq (prw_source_clip_get_rate_num (r1), 50);
  ck_assert_int_eq (prw_source_clip_get_frame_count (r1), 100);
  ck_assert_uint_eq (prw_source_clip_get_width (r1), 1920);
  ck_assert_uint_eq (prw_source_clip_get_height (r1), 1080);
  ck_assert_ptr_null (prw_source_clip_get_reel (r1));
  ck_assert_ptr_null (prw_source_clip_get_path (r1));
  ck_assert_str_eq (prw_source_clip_get_origin (r1, PRW_SOURCE_CLIP_FACT_RATE),
                    "the FPS column of mac.ale:9");
  r2 = clip_at (ale, 1);
  l2 = start_label (r2);
  ck_assert_str_eq (l2, "23:59:59:00");
  ck_assert_uint_eq (prw_source_clip_get_rate_num (r2), 25);
  ck_assert_int_eq (prw_source_clip_get_frame_count (r2), 50);
  ck_assert_str_eq (prw_source_clip_get_reel (r2), "N");
  r3 = clip_at (ale, 2);
  ck_assert_int_eq (prw_source_clip_get_frame_count (r3), 25);
  ck_assert_str_eq (
      prw_source_clip_get_origin (r3, PRW_SOURCE_CLIP_FACT_FRAME_COUNT),
      "the Duration column of mac.ale:11 (its End is inclusive)");
  r4 = clip_at (ale, 3);
  ck_assert_str_eq (prw_source_clip_get_clip_name (r4), "Caf\xc3\xa9");
  ck_assert_uint_eq (prw_source_clip_get_ale_line (r4), 12);
}
END_TEST

/* Files that are not ALEs, or whose sections are wrong: the whole file is
 * refused, naming it (and the line). */
typedef struct {
  const gchar *what;
  const gchar *text;
  gint code;
  const gchar *message; /* after "bad.ale" */
} BadFile;

static const BadFile bad_files[] = {
  { "empty", "", PRW_ERROR_CORRUPT, ": not an ALE: it is empty" },
  { "no heading", "Column\nName\tStart\tEnd\nData\n", PRW_ERROR_CORRUPT,
    ":1: not an ALE: the first line is not \"Heading\"" },
  { "missing Data", HEAD "FPS\t25\n\nColumn\nName\tStart\tEnd\n\nA\tB\tC\n",
    PRW_ERROR_CORRUPT, ":10: expected \"Data\" after the Column line" },
  { "missing Data at the end", HEAD "FPS\t25\n\nColumn\nName\tStart\tEnd\n",
    PRW_ERROR_CORRUPT, ":8: no Data section" },
  /* a Data section without rows is not an empty success (issue 9) */
  { "no rows", HEAD "FPS\t25\n\nColumn\nName\tStart\tEnd\n\nData\n\n",
    PRW_ERROR_CORRUPT, ": no clips: its Data section has no rows" },
  { "missing Column", HEAD "FPS\t25\n\nData\nA\t01:00:00:00\n",
    PRW_ERROR_CORRUPT, ":7: no Column section" },
  { "empty Column", HEAD "FPS\t25\nColumn\n\nData\n", PRW_ERROR_CORRUPT,
    ":8: the Column section names no columns" },
  { "no Start column", HEAD "FPS\t25\nColumn\nName\tEnd\nData\n",
    PRW_ERROR_CORRUPT, ":7: the columns name no Start" },
  { "no End nor Duration", HEAD "FPS\t25\nColumn\nName\tStart\nData\n",
    PRW_ERROR_CORRUPT, ":7: the columns name no End or Duration" },
  { "nameless column", HEAD "FPS\t25\nColumn\nName\t\tStart\tEnd\nData\n",
    PRW_ERROR_CORRUPT, ":7: column 2 has no name" },
  { "heading without a tab", "Heading\nFPS 25\nColumn\n", PRW_ERROR_CORRUPT,
    ":2: heading line \"FPS 25\" is not KEY<tab>VALUE" },
  { "commas", "Heading\nFIELD_DELIM\tCOMMAS\nColumn\nName,Start\nData\n",
    PRW_ERROR_UNSUPPORTED,
    ": FIELD_DELIM is \"COMMAS\"; an ALE's fields are separated by TABS" },
  { "bad FPS heading", "Heading\nFPS\t26\nColumn\nName\tStart\tEnd\nData\n",
    PRW_ERROR_UNSUPPORTED, ": FPS heading: " },
  { "NUL", "Heading\n\0", PRW_ERROR_CORRUPT,
    ": not an ALE: it holds NUL bytes" },
  /* the quote is cut at 40 characters, not inside one (a fuzz finding) */
  { "long heading line",
    "Heading\nCol\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8"
    "\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8\xf8"
    "\xf8"
    "\xf8\xf8\xf8\xf8\xf8\xf8umn\n",
    PRW_ERROR_CORRUPT,
    ":2: heading line "
    "\"Col\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8"
    "\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8"
    "\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8"
    "\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8"
    "\xc3\xb8\xc3\xb8\xc3\xb8\" is not KEY<tab>VALUE" },
};

START_TEST (test_ale_bad_file)
{
  const BadFile *b = &bad_files[_i];
  gsize len = g_str_equal (b->what, "NUL") ? 9 : strlen (b->text);
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwAle) ale = NULL;
  g_autofree gchar *want = g_strconcat ("bad.ale", b->message, NULL);

  ale = prw_ale_new_from_data ("bad.ale", (const guint8 *) b->text, len,
                               &error);
  ck_assert_msg (ale == NULL, "%s was accepted", b->what);
  ck_assert_msg (error->domain == PRW_ERROR && error->code == b->code,
                 "%s: %s (code %d)", b->what, error->message, error->code);
  ck_assert_msg (g_str_has_prefix (error->message, want), "%s: \"%s\"", b->what,
                 error->message);
  ck_assert (strchr (error->message, '\n') == NULL);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
}
END_TEST

/* Rows that cannot be read: each is a row error naming the file and its
 * line; the good rows around them are still read. */
typedef struct {
  const gchar *row;
  gint code;
  const gchar *message; /* after "rows.ale:12: " */
} BadRow;

static const BadRow bad_rows[] = {
  { "X\t10:00:00:00\t10:00:01:00\n", PRW_ERROR_CORRUPT,
    "3 fields, but the Column line (line 8) names 5" },
  { "X\t10:00:00:00\t10:00:01:00\t\t\t\t\n", PRW_ERROR_CORRUPT,
    "7 fields, but the Column line (line 8) names 5" },
  { "X\t10:00:00:25\t10:00:01:00\t\tA\n", PRW_ERROR_INVALID_TIMECODE,
    "Start: \"10:00:00:25\"" },
  { "X\t10:00:00\t10:00:01:00\t\tA\n", PRW_ERROR_INVALID_TIMECODE,
    "Start: \"10:00:00\" is not a timecode" },
  { "X\t10:00:00:00\t10:00:61:00\t\tA\n", PRW_ERROR_INVALID_TIMECODE,
    "End: \"10:00:61:00\"" },
  { "X\t10:00:10:00\t10:00:00:00\t\tA\n", PRW_ERROR_CORRUPT,
    "End \"10:00:00:00\" is not after Start \"10:00:10:00\" (End is the "
    "timecode after the last frame)" },
  { "X\t10:00:10:00\t10:00:10:00\t\tA\n", PRW_ERROR_CORRUPT,
    "End \"10:00:10:00\" is not after Start \"10:00:10:00\"" },
  { "X\t10:00:00:00\t10:00:01:00\t00:00:05:00\tA\n", PRW_ERROR_CORRUPT,
    "End \"10:00:01:00\" and Duration \"00:00:05:00\" disagree: from Start "
    "\"10:00:00:00\", End is 25 frames later (exclusive End), Duration 125 "
    "frames" },
  { "X\t10:00:00:00\t\t0\tA\n", PRW_ERROR_CORRUPT,
    "Duration \"0\" is 0 frames" },
  { "X\t10:00:00:00\t\t\tA\n", PRW_ERROR_CORRUPT, "no End and no Duration" },
  { "\t10:00:00:00\t10:00:01:00\t\tA\n", PRW_ERROR_CORRUPT, "no Name" },
  { "X\t\t10:00:01:00\t\tA\n", PRW_ERROR_NO_TIMECODE, "no Start" },
  { "X\t10:00:00;00\t10:00:01;00\t\tA\n", PRW_ERROR_INVALID_TIMECODE,
    "Start: " },
};

START_TEST (test_ale_bad_row)
{
  const BadRow *b = &bad_rows[_i];
  g_autofree gchar *text = g_strconcat (
      HEAD "FPS\t25\n\nColumn\nName\tStart\tEnd\tDuration\tTape\n\nData\n"
           "GOOD1\t09:00:00:00\t09:00:01:00\t\tA\n",
      b->row, "GOOD2\t11:00:00:00\t\t50\tB\n", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwAle) ale = parse ("rows.ale", text, &error);
  g_autofree gchar *want = g_strconcat ("rows.ale:12: ", b->message, NULL);
  const gchar *const *errors;

  ck_assert_msg (ale != NULL, "%s", error ? error->message : "?");
  ck_assert_uint_eq (g_list_model_get_n_items (prw_ale_get_clips (ale)), 2);
  ck_assert_str_eq (prw_source_clip_get_clip_name (clip_at (ale, 0)), "GOOD1");
  ck_assert_str_eq (prw_source_clip_get_clip_name (clip_at (ale, 1)), "GOOD2");
  ck_assert_uint_eq (prw_source_clip_get_ale_line (clip_at (ale, 1)), 13);
  errors = prw_ale_get_row_errors (ale);
  ck_assert_ptr_nonnull (errors[0]);
  ck_assert_ptr_null (errors[1]);
  ck_assert_msg (g_str_has_prefix (errors[0], want), "\"%s\"", errors[0]);
  ck_assert (strchr (errors[0], '\n') == NULL);
  ck_assert (!prw_ale_check (ale, &error));
  ck_assert_msg (error->domain == PRW_ERROR && error->code == b->code,
                 "%s (code %d)", error->message, error->code);
  ck_assert_str_eq (error->message, errors[0]);
  ck_assert_uint_eq (prw_ale_get_n_row_errors (ale), 1);
  ck_assert (
      g_error_matches (prw_ale_get_row_error (ale, 0), PRW_ERROR, b->code));
  ck_assert_str_eq (prw_ale_get_row_error (ale, 0)->message, errors[0]);
}
END_TEST

/* No FPS anywhere: every row is an error, naming its line. */
START_TEST (test_ale_no_rate)
{
  static const gchar text[]
      = "Heading\nFIELD_DELIM\tTABS\n\nColumn\nName\tStart\tEnd\n\nData\n"
        "A\t01:00:00:00\t01:00:01:00\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwAle) ale = parse ("norate.ale", text, &error);

  ck_assert_ptr_nonnull (ale);
  ck_assert_uint_eq (g_list_model_get_n_items (prw_ale_get_clips (ale)), 0);
  ck_assert_str_eq (prw_ale_get_row_errors (ale)[0],
                    "norate.ale:8: no frame rate: no FPS column value and no "
                    "FPS heading");
}
END_TEST

/* From a file; a missing file. */
START_TEST (test_ale_file)
{
  static const gchar text[] = HEAD "FPS\t59.94\n\nColumn\nName\tStart\tEnd\n"
                                   "\nData\nS1\t01:00:00;00\t01:00:00;10\n";
  g_autoptr (GError) error = NULL;
  g_autofree gchar *tmp = g_dir_make_tmp ("prw-ale-XXXXXX", NULL);
  g_autofree gchar *path = g_build_filename (tmp, "day1.ale", NULL);
  g_autofree gchar *missing = g_build_filename (tmp, "none.ale", NULL);
  g_autoptr (PrwAle) ale = NULL;
  PrwSourceClip *clip;

  ck_assert (g_file_set_contents (path, text, -1, NULL));
  ale = prw_ale_new_from_file (path, NULL, &error);
  ck_assert_msg (ale != NULL, "%s", error ? error->message : "?");
  clip = clip_at (ale, 0);
  ck_assert_str_eq (prw_source_clip_get_ale_path (clip), path);
  ck_assert_uint_eq (prw_source_clip_get_rate_num (clip), 60000);
  ck_assert (prw_source_clip_get_start_timecode (clip)->drop_frame);
  ck_assert_int_eq (prw_source_clip_get_frame_count (clip), 10);
  g_clear_object (&ale);

  ale = prw_ale_new_from_file (missing, NULL, &error);
  ck_assert_ptr_null (ale);
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_NOT_FOUND));
  ck_assert (g_str_has_prefix (error->message, missing));
  g_clear_error (&error);

  ale = prw_ale_new_from_file (tmp, NULL, &error);
  ck_assert_ptr_null (ale);
  ck_assert (error->domain == PRW_ERROR);
  ck_assert (g_str_has_prefix (error->message, tmp));

  g_unlink (path);
  g_rmdir (tmp);
}
END_TEST

/* The specification's global TAPE heading names the reel of every row whose
 * Tape is empty or absent; a row's own Tape overrides it. */
START_TEST (test_ale_tape_heading)
{
  static const gchar text[]
      = HEAD "FPS\t25\nTAPE\tROLL_07\n\nColumn\nName\tStart\tEnd\tTape\n\n"
             "Data\n"
             "A\t10:00:00:00\t10:00:01:00\t\n"
             "B\t10:00:00:00\t10:00:01:00\tB002\n";
  static const gchar no_tape_column[]
      = HEAD "FPS\t25\nTAPE\tROLL_08\n\nColumn\nName\tStart\tEnd\n\nData\n"
             "C\t10:00:00:00\t10:00:01:00\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwAle) ale = parse ("tape.ale", text, &error);
  g_autoptr (PrwAle) other = NULL;
  PrwSourceClip *a, *b, *c;

  ck_assert_msg (ale != NULL, "%s", error ? error->message : "?");
  a = clip_at (ale, 0);
  b = clip_at (ale, 1);
  ck_assert_str_eq (prw_source_clip_get_reel (a), "ROLL_07");
  ck_assert_str_eq (prw_source_clip_get_origin (a, PRW_SOURCE_CLIP_FACT_REEL),
                    "the TAPE heading of tape.ale");
  ck_assert_str_eq (prw_source_clip_get_reel (b), "B002");
  ck_assert_str_eq (prw_source_clip_get_origin (b, PRW_SOURCE_CLIP_FACT_REEL),
                    "the Tape column of tape.ale:13");

  other = parse ("tape2.ale", no_tape_column, &error);
  ck_assert_msg (other != NULL, "%s", error ? error->message : "?");
  c = clip_at (other, 0);
  ck_assert_str_eq (prw_source_clip_get_reel (c), "ROLL_08");
}
END_TEST

/* A clip across midnight in time-of-day timecode, as Resolve exports it
 * (no Duration column): an End before Start is the next day's, when that
 * span is at most half a day; an End just before Start (a span of nearly a
 * day) stays an error (test_ale_bad_row). */
START_TEST (test_ale_end_across_midnight)
{
  static const gchar text[]
      = HEAD "FPS\t25\n\nColumn\nName\tStart\tEnd\n\nData\n"
             "NIGHT\t23:59:50:00\t00:00:05:00\n"
             "HALF\t18:00:00:00\t06:00:00:00\n"
             "LONGER\t18:00:00:00\t06:00:00:01\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwAle) ale = parse ("night.ale", text, &error);
  PrwSourceClip *night, *half;
  g_autofree gchar *night_start = NULL;

  ck_assert_msg (ale != NULL, "%s", error ? error->message : "?");
  ck_assert_uint_eq (g_list_model_get_n_items (prw_ale_get_clips (ale)), 2);
  night = clip_at (ale, 0);
  night_start = start_label (night);
  ck_assert_str_eq (night_start, "23:59:50:00");
  ck_assert_int_eq (prw_source_clip_get_frame_count (night), 15 * 25);
  ck_assert_str_eq (
      prw_source_clip_get_origin (night, PRW_SOURCE_CLIP_FACT_FRAME_COUNT),
      "End - Start in night.ale:11 (End exclusive, across midnight)");
  half = clip_at (ale, 1);
  ck_assert_int_eq (prw_source_clip_get_frame_count (half), 12 * 3600 * 25);
  ck_assert_uint_eq (prw_ale_get_n_row_errors (ale), 1);
  ck_assert_str_eq (prw_ale_get_row_errors (ale)[0],
                    "night.ale:13: End \"06:00:00:01\" is not after Start "
                    "\"18:00:00:00\" (End is the timecode after the last "
                    "frame)");
}
END_TEST

/* text as Windows tools save it: a UTF-8 byte order mark (Excel's "CSV
 * UTF-8", Notepad), and UTF-16 with its mark, little and big endian (Excel's
 * "Unicode text"), each with CR LF line ends. The clips are those of the
 * same text without a mark. */
static const gchar marked_text[]
    = "Heading\r\nFIELD_DELIM\tTABS\r\nFPS\t25\r\n\r\nColumn\r\n"
      "Name\tTape\tStart\tEnd\r\n\r\nData\r\n"
      "Caf\xc3\xa9_A001C001\tA001\t10:00:00:00\t10:00:10:00\r\n"
      "A001C002\tA001\t23:59:59:00\t23:59:59:10\r\n";

static void
check_marked (PrwAle *ale, const gchar *what)
{
  PrwSourceClip *a, *b;
  g_autofree gchar *a_start = NULL;

  ck_assert_msg (prw_ale_check (ale, NULL), "%s: %s", what,
                 prw_ale_get_row_errors (ale)[0]);
  ck_assert_uint_eq (g_list_model_get_n_items (prw_ale_get_clips (ale)), 2);
  ck_assert_str_eq (prw_ale_get_heading (ale, "FIELD_DELIM"), "TABS");
  a = clip_at (ale, 0);
  a_start = start_label (a);
  ck_assert_str_eq (prw_source_clip_get_clip_name (a), "Caf\xc3\xa9_A001C001");
  ck_assert_str_eq (a_start, "10:00:00:00");
  ck_assert_int_eq (prw_source_clip_get_frame_count (a), 250);
  ck_assert_uint_eq (prw_source_clip_get_ale_line (a), 9);
  b = clip_at (ale, 1);
  ck_assert_int_eq (prw_source_clip_get_frame_count (b), 10);
  ck_assert_uint_eq (prw_source_clip_get_ale_line (b), 10);
}

START_TEST (test_ale_byte_order_marks)
{
  static const struct {
    const gchar *what;
    const gchar *encoding;
    const guint8 mark[3];
    gsize mark_len;
  } marks[] = {
    { "UTF-8", NULL, { 0xef, 0xbb, 0xbf }, 3 },
    { "UTF-16LE", "UTF-16LE", { 0xff, 0xfe }, 2 },
    { "UTF-16BE", "UTF-16BE", { 0xfe, 0xff }, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (GByteArray) bytes = g_byte_array_new ();
    g_autofree gchar *body = NULL;
    gsize body_len = strlen (marked_text);
    g_autoptr (PrwAle) ale = NULL;

    if (marks[i].encoding != NULL)
      body = g_convert (marked_text, -1, marks[i].encoding, "UTF-8", NULL,
                        &body_len, NULL);
    else
      body = g_strdup (marked_text);
    ck_assert_ptr_nonnull (body);
    g_byte_array_append (bytes, marks[i].mark, (guint) marks[i].mark_len);
    g_byte_array_append (bytes, (const guint8 *) body, (guint) body_len);
    ale = prw_ale_new_from_data ("marked.ale", bytes->data, bytes->len, &error);
    ck_assert_msg (ale != NULL, "%s: %s", marks[i].what,
                   error ? error->message : "?");
    check_marked (ale, marks[i].what);
  }
}
END_TEST

/* A UTF-16 mark before text that is not UTF-16 (an odd number of bytes),
 * and UTF-16 text holding U+0000: the file is refused, in one line. */
START_TEST (test_ale_bad_utf16)
{
  static const guint8 odd[] = { 0xff, 0xfe, 'H', 0, 'e', 0, 'a' };
  static const guint8 nul[] = { 0xff, 0xfe, 'H', 0, 0, 0, '\n', 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwAle) ale = NULL;

  ale = prw_ale_new_from_data ("odd.ale", odd, sizeof odd, &error);
  ck_assert_ptr_null (ale);
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_CORRUPT));
  ck_assert_str_eq (error->message,
                    "odd.ale: not an ALE: it starts with a UTF-16LE byte "
                    "order mark but its text is not UTF-16LE");
  g_clear_error (&error);
  ale = prw_ale_new_from_data ("nul.ale", nul, sizeof nul, &error);
  ck_assert_ptr_null (ale);
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_CORRUPT));
  ck_assert_str_eq (error->message,
                    "nul.ale: not an ALE: it holds NUL characters");
}
END_TEST

/* A FIFO named .ale is refused at once, never waited on (an open of it
 * would block until a writer came); a folder named .ale too, with the
 * same reason. */
START_TEST (test_ale_not_regular)
{
  g_autofree gchar *tmp = g_dir_make_tmp ("prw-ale-XXXXXX", NULL);
  g_autofree gchar *fifo = g_build_filename (tmp, "pipe.ale", NULL);
  g_autofree gchar *folder = g_build_filename (tmp, "folder.ale", NULL);
  g_autofree gchar *want_fifo
      = g_strconcat (fifo, ": not a regular file", NULL);
  g_autofree gchar *want_folder
      = g_strconcat (folder, ": not a regular file", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PrwAle) ale = NULL;

  ck_assert_int_eq (mkfifo (fifo, 0600), 0);
  ck_assert_int_eq (g_mkdir (folder, 0700), 0);

  ale = prw_ale_new_from_file (fifo, NULL, &error);
  ck_assert_ptr_null (ale);
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_IO));
  ck_assert_str_eq (error->message, want_fifo);
  g_clear_error (&error);

  ale = prw_ale_new_from_file (folder, NULL, &error);
  ck_assert_ptr_null (ale);
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_IO));
  ck_assert_str_eq (error->message, want_folder);

  g_unlink (fifo);
  g_rmdir (folder);
  g_rmdir (tmp);
}
END_TEST

static Suite *
ale_suite (void)
{
  Suite *s = suite_create ("ale");
  TCase *tc = tcase_create ("ale");

  tcase_add_test (tc, test_ale_good);
  tcase_add_test (tc, test_ale_drop_frame);
  tcase_add_test (tc, test_ale_variants);
  tcase_add_loop_test (tc, test_ale_bad_file, 0, G_N_ELEMENTS (bad_files));
  tcase_add_loop_test (tc, test_ale_bad_row, 0, G_N_ELEMENTS (bad_rows));
  tcase_add_test (tc, test_ale_no_rate);
  tcase_add_test (tc, test_ale_file);
  tcase_add_test (tc, test_ale_tape_heading);
  tcase_add_test (tc, test_ale_end_across_midnight);
  tcase_add_test (tc, test_ale_byte_order_marks);
  tcase_add_test (tc, test_ale_bad_utf16);
  tcase_add_test (tc, test_ale_not_regular);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (ale_suite ());
  int failed;

  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? 0 : 1;
}
