/* libproreswriter: unit tests of PrwConformState (what a conform wrote)
 *
 * Files made here in a temporary folder stand for a job's inputs and its
 * output; their sizes and modification times are set with utimensat() to
 * exact nanoseconds, so that nothing depends on the clock. Every reason an
 * output stops being current is checked, and the state file's round trip
 * through disk, and every malformed file.
 */

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <proreswriter/proreswriter.h>

typedef struct {
  gchar *dir;    /* the temporary folder */
  gchar *outdir; /* DIR/out */
  gchar *source; /* DIR/src.mov */
  gchar *grade;  /* DIR/grade.mov */
  gchar *output; /* DIR/out/A.mov */
} Files;

static void
write_file (const gchar *path, const gchar *text, gint64 mtime_ns)
{
  struct timespec times[2];

  ck_assert (g_file_set_contents (path, text, -1, NULL));
  times[0].tv_sec = 0;
  times[0].tv_nsec = UTIME_OMIT;
  times[1].tv_sec = mtime_ns / 1000000000;
  times[1].tv_nsec = mtime_ns % 1000000000;
  ck_assert_int_eq (utimensat (AT_FDCWD, path, times, 0), 0);
}

static void
set_mtime (const gchar *path, gint64 mtime_ns)
{
  struct timespec times[2];

  times[0].tv_sec = 0;
  times[0].tv_nsec = UTIME_OMIT;
  times[1].tv_sec = mtime_ns / 1000000000;
  times[1].tv_nsec = mtime_ns % 1000000000;
  ck_assert_int_eq (utimensat (AT_FDCWD, path, times, 0), 0);
}

static void
files_init (Files *f)
{
  f->dir = g_dir_make_tmp ("prw-conform-state-XXXXXX", NULL);
  ck_assert_ptr_nonnull (f->dir);
  f->outdir = g_build_filename (f->dir, "out", NULL);
  f->source = g_build_filename (f->dir, "src.mov", NULL);
  f->grade = g_build_filename (f->dir, "grade.mov", NULL);
  f->output = g_build_filename (f->outdir, "A.mov", NULL);
  ck_assert_int_eq (g_mkdir (f->outdir, 0777), 0);
  write_file (f->source, "source bytes", 1700000000123456789);
  write_file (f->grade, "grade", 1700000001000000001);
}

static void
files_clear (Files *f)
{
  g_autofree gchar *state
      = g_build_filename (f->outdir, PRW_CONFORM_STATE_FILE_NAME, NULL);

  g_unlink (state);
  g_unlink (f->output);
  g_unlink (f->source);
  g_unlink (f->grade);
  g_rmdir (f->outdir);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->outdir);
  g_free (f->source);
  g_free (f->grade);
  g_free (f->output);
}

/* begins A.mov from the source and the grade, writes it, records it */
static void
write_and_record (PrwConformState *state, Files *f, const gchar *options)
{
  const gchar *inputs[] = { f->source, f->grade, NULL };
  g_autoptr (GError) error = NULL;

  prw_conform_state_begin (state, "A.mov", inputs, options);
  write_file (f->output, "the output", 1700000002000000002);
  ck_assert (prw_conform_state_record (state, "A.mov", &error));
  ck_assert_ptr_null (error);
}

static gboolean
current (PrwConformState *state, Files *f, const gchar *options, gchar **why)
{
  const gchar *inputs[] = { f->source, f->grade, NULL };

  return prw_conform_state_is_current (state, "A.mov", inputs, options, why);
}

START_TEST (test_state_missing_file_is_empty)
{
  Files f;
  g_autoptr (PrwConformState) state = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *why = NULL;
  g_autofree gchar *nowhere = NULL;
  g_autofree gchar *path = NULL;

  files_init (&f);
  state = prw_conform_state_new (f.outdir);
  path = g_build_filename (f.outdir, PRW_CONFORM_STATE_FILE_NAME, NULL);
  ck_assert_str_eq (prw_conform_state_get_path (state), path);
  ck_assert (prw_conform_state_load (state, &error));
  ck_assert_uint_eq (prw_conform_state_get_n_outputs (state), 0);
  ck_assert (!current (state, &f, "o", &why));
  ck_assert (g_str_has_suffix (why, "A.mov: no record of it being written"));
  /* nothing recorded: save writes nothing */
  ck_assert (prw_conform_state_save (state, &error));
  ck_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
  /* an output folder that does not exist yet */
  nowhere = g_build_filename (f.dir, "none", "deeper", NULL);
  g_clear_object (&state);
  state = prw_conform_state_new (nowhere);
  ck_assert (prw_conform_state_load (state, &error));
  ck_assert_uint_eq (prw_conform_state_get_n_outputs (state), 0);
  files_clear (&f);
}
END_TEST

START_TEST (test_state_round_trip)
{
  Files f;
  g_autoptr (PrwConformState) state = NULL;
  g_autoptr (PrwConformState) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *why = NULL;
  g_autofree gchar *first = NULL;
  g_autofree gchar *second = NULL;

  files_init (&f);
  state = prw_conform_state_new (f.outdir);
  write_and_record (state, &f, "handles=0;layers=grade");
  ck_assert (current (state, &f, "handles=0;layers=grade", &why));
  ck_assert_ptr_null (why);
  ck_assert (prw_conform_state_save (state, &error));
  ck_assert (g_file_get_contents (prw_conform_state_get_path (state), &first,
                                  NULL, NULL));
  ck_assert_ptr_nonnull (strstr (first, "\"mtime_ns\" : 1700000000123456789"));
  ck_assert_ptr_nonnull (strstr (first, "\"mtime_ns\" : 1700000002000000002"));

  back = prw_conform_state_new (f.outdir);
  ck_assert (prw_conform_state_load (back, &error));
  ck_assert_uint_eq (prw_conform_state_get_n_outputs (back), 1);
  ck_assert (current (back, &f, "handles=0;layers=grade", NULL));
  /* forgotten, saved: no longer current, and the file says so */
  ck_assert (prw_conform_state_forget (back, "A.mov"));
  ck_assert (!prw_conform_state_forget (back, "A.mov"));
  ck_assert (!current (back, &f, "handles=0;layers=grade", NULL));
  ck_assert (prw_conform_state_save (back, &error));
  ck_assert (g_file_get_contents (prw_conform_state_get_path (back), &second,
                                  NULL, NULL));
  ck_assert_ptr_null (strstr (second, "A.mov"));
  ck_assert (prw_conform_state_load (state, &error));
  ck_assert_uint_eq (prw_conform_state_get_n_outputs (state), 0);
  files_clear (&f);
}
END_TEST

START_TEST (test_state_not_current)
{
  Files f;
  g_autoptr (PrwConformState) state = NULL;
  g_autoptr (GError) error = NULL;
  const gchar *options = "handles=0;layers=grade";

  files_init (&f);
  state = prw_conform_state_new (f.outdir);
  write_and_record (state, &f, options);

  {
    g_autofree gchar *why = NULL;

    ck_assert (!current (state, &f, "handles=2;layers=grade", &why));
    ck_assert_ptr_nonnull (strstr (why, "its options changed"));
  }
  {
    /* the grade touched by one nanosecond, then put back */
    g_autofree gchar *why = NULL;

    set_mtime (f.grade, 1700000001000000002);
    ck_assert (!current (state, &f, options, &why));
    ck_assert (g_str_has_prefix (why, f.grade));
    ck_assert_ptr_nonnull (strstr (why, " changed since "));
    set_mtime (f.grade, 1700000001000000001);
    ck_assert (current (state, &f, options, NULL));
  }
  {
    /* the grade rewritten to another size, same mtime */
    write_file (f.grade, "grade, longer", 1700000001000000001);
    ck_assert (!current (state, &f, options, NULL));
    write_file (f.grade, "grade", 1700000001000000001);
    ck_assert (current (state, &f, options, NULL));
  }
  {
    /* inputs in another order, one more, one fewer */
    const gchar *swapped[] = { f.grade, f.source, NULL };
    const gchar *more[] = { f.source, f.grade, f.source, NULL };
    const gchar *fewer[] = { f.source, NULL };
    g_autofree gchar *why = NULL;

    ck_assert (
        !prw_conform_state_is_current (state, "A.mov", swapped, options, NULL));
    ck_assert (
        !prw_conform_state_is_current (state, "A.mov", more, options, &why));
    ck_assert_ptr_nonnull (strstr (why, "is a new input"));
    ck_assert (
        !prw_conform_state_is_current (state, "A.mov", fewer, options, NULL));
  }
  {
    /* a relative name of the same input is the same input */
    g_autofree gchar *cwd = g_get_current_dir ();
    g_autofree gchar *base = g_path_get_basename (f.grade);
    const gchar *relative[] = { f.source, base, NULL };

    ck_assert_int_eq (g_chdir (f.dir), 0);
    ck_assert (
        prw_conform_state_is_current (state, "A.mov", relative, options, NULL));
    ck_assert_int_eq (g_chdir (cwd), 0);
  }
  {
    /* the output replaced, then deleted */
    g_autofree gchar *why = NULL;

    write_file (f.output, "the output", 1700000003000000000);
    ck_assert (!current (state, &f, options, &why));
    ck_assert (g_str_has_suffix (why, "A.mov: changed since it was written"));
    g_clear_pointer (&why, g_free);
    ck_assert_int_eq (g_unlink (f.output), 0);
    ck_assert (!current (state, &f, options, &why));
    ck_assert_ptr_nonnull (strstr (why, g_strerror (ENOENT)));
  }
  {
    /* a source gone */
    write_file (f.output, "the output", 1700000002000000002);
    ck_assert (current (state, &f, options, NULL));
    ck_assert_int_eq (g_unlink (f.source), 0);
    ck_assert (!current (state, &f, options, NULL));
  }
  files_clear (&f);
}
END_TEST

START_TEST (test_state_inputs_taken_at_begin)
{
  Files f;
  g_autoptr (PrwConformState) state = NULL;
  g_autoptr (GError) error = NULL;
  const gchar *inputs[] = { NULL, NULL, NULL };
  const gchar *options = "o";

  files_init (&f);
  inputs[0] = f.source;
  inputs[1] = f.grade;
  state = prw_conform_state_new (f.outdir);
  prw_conform_state_begin (state, "A.mov", inputs, options);
  /* the grade re-exported while the job runs */
  write_file (f.grade, "grade 2", 1700000009000000000);
  write_file (f.output, "the output", 1700000010000000000);
  ck_assert (prw_conform_state_record (state, "A.mov", &error));
  ck_assert (!current (state, &f, options, NULL));

  /* recorded without being begun, or with no output: not recorded */
  ck_assert (!prw_conform_state_record (state, "A.mov", &error));
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_NOT_FOUND));
  ck_assert_uint_eq (prw_conform_state_get_n_outputs (state), 0);
  g_clear_error (&error);
  prw_conform_state_begin (state, "B.mov", inputs, options);
  ck_assert (!prw_conform_state_record (state, "B.mov", &error));
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_NOT_FOUND));
  ck_assert_ptr_nonnull (strstr (error->message, "B.mov: not recorded: "));
  g_clear_error (&error);
  /* an input that cannot be read when begun: never current */
  g_unlink (f.source);
  prw_conform_state_begin (state, "A.mov", inputs, options);
  write_file (f.source, "source bytes", 1700000000123456789);
  ck_assert (prw_conform_state_record (state, "A.mov", &error));
  ck_assert (!current (state, &f, options, NULL));
  files_clear (&f);
}
END_TEST

START_TEST (test_state_replaced_same_size_and_mtime)
{
  /* an input replaced by other bytes of the same size, its modification
   * time kept (cp -p over it, rsync -t, touch -r): not current; the same
   * bytes written back, or only its mode changed: current */
  Files f;
  g_autoptr (PrwConformState) state = NULL;
  g_autoptr (PrwConformState) back = NULL;
  g_autoptr (GError) error = NULL;
  const gchar *options = "o";

  files_init (&f);
  state = prw_conform_state_new (f.outdir);
  write_and_record (state, &f, options);
  ck_assert (prw_conform_state_save (state, &error));
  back = prw_conform_state_new (f.outdir);
  ck_assert (prw_conform_state_load (back, &error));
  {
    g_autofree gchar *why = NULL;

    write_file (f.grade, "GRADE", 1700000001000000001);
    ck_assert (!current (back, &f, options, &why));
    ck_assert (g_str_has_prefix (why, f.grade));
    ck_assert_ptr_nonnull (strstr (why, " changed since "));
    ck_assert_ptr_nonnull (strstr (why, "replaced or rewritten"));
  }
  write_file (f.grade, "grade", 1700000001000000001);
  ck_assert (current (back, &f, options, NULL));
  ck_assert_int_eq (g_chmod (f.grade, 0600), 0);
  ck_assert (current (back, &f, options, NULL));
  {
    /* a large input: bytes changed in its head, its tail or between */
    static const gint64 offsets[]
        = { 10, 3 * 1024 * 1024 - 10, 3 * 1024 * 1024 / 5 };
    g_autofree gchar *big = g_malloc0 (3 * 1024 * 1024 + 1);

    memset (big, 'x', 3 * 1024 * 1024);
    write_file (f.source, big, 1700000000123456789);
    write_and_record (back, &f, options);
    ck_assert (current (back, &f, options, NULL));
    for (guint k = 0; k < G_N_ELEMENTS (offsets); k++) {
      big[offsets[k]] = 'y';
      write_file (f.source, big, 1700000000123456789);
      ck_assert_msg (!current (back, &f, options, NULL),
                     "offset %" G_GINT64_FORMAT, offsets[k]);
      big[offsets[k]] = 'x';
      write_file (f.source, big, 1700000000123456789);
      ck_assert (current (back, &f, options, NULL));
    }
  }
  files_clear (&f);
}
END_TEST

START_TEST (test_state_other_version)
{
  /* an output written by another proreswriter (or one recorded before
   * the version was) is never current */
  static const struct {
    const gchar *from, *to, *why;
  } edits[] = {
    { "\"proreswriter_version\" : \"" PRW_VERSION_STRING "\"",
      "\"proreswriter_version\" : \"0.0.1\"",
      "written by proreswriter 0.0.1, not by this one (" PRW_VERSION_STRING
      ")" },
    { "\"proreswriter_version\" : \"" PRW_VERSION_STRING "\",", "",
      "written by proreswriter of an unknown version" },
  };
  Files f;
  g_autoptr (PrwConformState) state = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *text = NULL;
  const gchar *options = "o";

  files_init (&f);
  state = prw_conform_state_new (f.outdir);
  write_and_record (state, &f, options);
  ck_assert (prw_conform_state_save (state, &error));
  ck_assert (g_file_get_contents (prw_conform_state_get_path (state), &text,
                                  NULL, NULL));
  for (guint k = 0; k < G_N_ELEMENTS (edits); k++) {
    g_autoptr (PrwConformState) back = prw_conform_state_new (f.outdir);
    g_auto (GStrv) parts = g_strsplit (text, edits[k].from, -1);
    g_autofree gchar *edited = g_strjoinv (edits[k].to, parts);
    g_autofree gchar *why = NULL;

    ck_assert_uint_eq (g_strv_length (parts), 2);
    ck_assert (g_file_set_contents (prw_conform_state_get_path (state), edited,
                                    -1, NULL));
    ck_assert (prw_conform_state_load (back, &error));
    ck_assert_uint_eq (prw_conform_state_get_n_outputs (back), 1);
    ck_assert (!current (back, &f, options, &why));
    ck_assert_msg (strstr (why, edits[k].why) != NULL, "%s", why);
  }
  files_clear (&f);
}
END_TEST

/* A state of f.outdir recording A.mov, saved, then its file's bytes
 * replaced by text (a hand-edited or damaged state file): not loaded. */
static PrwConformState *
state_replaced_by (Files *f, const gchar *text)
{
  PrwConformState *state = prw_conform_state_new (f->outdir);
  g_autoptr (GError) error = NULL;

  write_and_record (state, f, "o");
  ck_assert (prw_conform_state_save (state, &error));
  ck_assert (
      g_file_set_contents (prw_conform_state_get_path (state), text, -1, NULL));
  return state;
}

static const struct {
  const gchar *text;
  PrwError code;
  const gchar *why;
} bad_states[] = {
  { "{ not json", PRW_ERROR_CORRUPT, "not a conform state file: " },
  { "[]", PRW_ERROR_CORRUPT, "not a JSON object" },
  { "{\"format\": \"other\", \"version\": 1, \"outputs\": []}",
    PRW_ERROR_CORRUPT, "no \"format\"" },
  { "{\"format\": \"proreswriter-conform-state\", \"outputs\": []}",
    PRW_ERROR_CORRUPT, "no version" },
  { "{\"format\": \"proreswriter-conform-state\", \"version\": 2, "
    "\"outputs\": []}",
    PRW_ERROR_UNSUPPORTED, "version 2 of the conform state" },
  { "{\"format\": \"proreswriter-conform-state\", \"version\": 1}",
    PRW_ERROR_CORRUPT, "no outputs" },
  { "{\"format\": \"proreswriter-conform-state\", \"version\": 1, "
    "\"outputs\": [3]}",
    PRW_ERROR_CORRUPT, "outputs[0] not an object" },
  { "{\"format\": \"proreswriter-conform-state\", \"version\": 1, "
    "\"outputs\": [{\"output\": \"A.mov\", \"options\": \"\", \"inputs\": [], "
    "\"size\": \"1\", \"mtime_ns\": 2}]}",
    PRW_ERROR_CORRUPT, "outputs[0] (A.mov) lacks its size or mtime_ns" },
  { "{\"format\": \"proreswriter-conform-state\", \"version\": 1, "
    "\"outputs\": [{\"output\": \"A.mov\", \"options\": \"\", \"inputs\": "
    "[{\"path\": \"a\", \"size\": 1, \"mtime_ns\": 2}], \"size\": 1, "
    "\"mtime_ns\": 2}]}",
    PRW_ERROR_CORRUPT, "inputs[0] lacks its path, absolute" },
  /* json-glib reads GScanner's octal escapes: "\377" is the byte 0xff,
   * not UTF-8, and "\640" after a string a parse error quoting 0xa0 */
  { "{\"format\": \"proreswriter-conform-state\", \"version\": 1, "
    "\"outputs\": [{\"output\": \"A\\377.mov\", \"options\": \"\", "
    "\"inputs\": [], \"size\": 1, \"mtime_ns\": 2}]}",
    PRW_ERROR_CORRUPT, "outputs[0] lacks its output, options or inputs" },
  { "[\"\\640\" 1]", PRW_ERROR_CORRUPT,
    "unexpected string constant \"\\xa0\"" },
  /* a byte that is not UTF-8 in the file itself */
  { "{\"format\": \"A\xff\"}", PRW_ERROR_CORRUPT, "UTF-8" },
};

START_TEST (test_state_bad_file)
{
  Files f;
  g_autoptr (PrwConformState) state = NULL;
  g_autoptr (GError) error = NULL;

  files_init (&f);
  state = state_replaced_by (&f, bad_states[_i].text);
  ck_assert (!prw_conform_state_load (state, &error));
  ck_assert (g_error_matches (error, PRW_ERROR, bad_states[_i].code));
  ck_assert (
      g_str_has_prefix (error->message, prw_conform_state_get_path (state)));
  ck_assert_msg (strstr (error->message, bad_states[_i].why) != NULL, "%s",
                 error->message);
  ck_assert_ptr_null (strchr (error->message, '\n'));
  ck_assert_msg (g_utf8_validate (error->message, -1, NULL), "%s",
                 error->message);
  /* left empty: every job runs again */
  ck_assert_uint_eq (prw_conform_state_get_n_outputs (state), 0);
  ck_assert (!current (state, &f, "o", NULL));
  files_clear (&f);
}
END_TEST

/* A hand-edited name holding a line break (or another control character)
 * is quoted in the message as a C escape: the message stays one line. */
START_TEST (test_state_bad_file_name_one_line)
{
  Files f;
  g_autoptr (PrwConformState) state = NULL;
  g_autoptr (GError) error = NULL;
  const gchar *text
      = "{\"format\": \"proreswriter-conform-state\", \"version\": 1, "
        "\"outputs\": [{\"output\": \"A\\n\\u0001.mov\", \"options\": "
        "\"\", \"inputs\": [], \"mtime_ns\": 2}]}";

  files_init (&f);
  state = state_replaced_by (&f, text);
  ck_assert (!prw_conform_state_load (state, &error));
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_CORRUPT));
  ck_assert_ptr_null (strchr (error->message, '\n'));
  ck_assert_ptr_null (strchr (error->message, '\001'));
  ck_assert_msg (strstr (error->message,
                         "outputs[0] (A\\n\\x01.mov) lacks its size or "
                         "mtime_ns")
                     != NULL,
                 "%s", error->message);
  ck_assert (
      g_str_has_prefix (error->message, prw_conform_state_get_path (state)));
  ck_assert_uint_eq (prw_conform_state_get_n_outputs (state), 0);
  files_clear (&f);
}
END_TEST

/* Unicode's other line breaks are control characters too: NEL (U+0085, a
 * C1 control) and the line and paragraph separators (U+2028, U+2029),
 * which terminals, editors and line readers (Python's splitlines()) break
 * a line at. A hand-edited name holding one is quoted as the C escapes of
 * its bytes; other characters (an accented letter) are kept. */
START_TEST (test_state_bad_file_name_unicode_breaks)
{
  Files f;
  g_autoptr (PrwConformState) state = NULL;
  g_autoptr (GError) error = NULL;
  const gchar *text
      = "{\"format\": \"proreswriter-conform-state\", \"version\": 1, "
        "\"outputs\": [{\"output\": \"A\\u0085\\u2028\\u2029\\u009b"
        "\\u00e9.mov\", \"options\": \"\", \"inputs\": [], "
        "\"mtime_ns\": 2}]}";

  files_init (&f);
  state = state_replaced_by (&f, text);
  ck_assert (!prw_conform_state_load (state, &error));
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_CORRUPT));
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  ck_assert_ptr_null (g_utf8_strchr (error->message, -1, 0x85));
  ck_assert_ptr_null (g_utf8_strchr (error->message, -1, 0x9b));
  ck_assert_ptr_null (g_utf8_strchr (error->message, -1, 0x2028));
  ck_assert_ptr_null (g_utf8_strchr (error->message, -1, 0x2029));
  ck_assert_msg (strstr (error->message,
                         "outputs[0] (A\\xc2\\x85\\xe2\\x80\\xa8\\xe2\\x80"
                         "\\xa9\\xc2\\x9b\xc3\xa9.mov) lacks its size or "
                         "mtime_ns")
                     != NULL,
                 "%s", error->message);
  files_clear (&f);
}
END_TEST

/* Why an output is not current quotes what the state file holds (its
 * writer's version, its options, an input's path), which a person may
 * have edited: a line break or another control character in it is a C
 * escape, and the reason stays one line. */
START_TEST (test_state_why_one_line)
{
  Files f;
  g_autoptr (PrwConformState) state = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *text = NULL;
  g_autofree gchar *quoted_source = NULL;
  const gchar *options = "o";
  struct {
    const gchar *from, *to, *why;
  } edits[] = {
    { "\"proreswriter_version\" : \"" PRW_VERSION_STRING "\"",
      "\"proreswriter_version\" : \"0.0.1\\n\\u0001\"",
      "written by proreswriter 0.0.1\\n\\x01, not by this one" },
    { "\"options\" : \"o\"", "\"options\" : \"o\\nx\\t\"",
      "its options changed (were \"o\\nx\\t\", now \"o\")" },
    { NULL, "\"/gone\\nsrc.mov\"",
      "its inputs changed (/gone\\nsrc.mov was one)" },
  };

  files_init (&f);
  quoted_source = g_strdup_printf ("\"%s\"", f.source);
  edits[2].from = quoted_source;
  state = prw_conform_state_new (f.outdir);
  write_and_record (state, &f, options);
  ck_assert (prw_conform_state_save (state, &error));
  ck_assert (g_file_get_contents (prw_conform_state_get_path (state), &text,
                                  NULL, NULL));
  for (guint k = 0; k < G_N_ELEMENTS (edits); k++) {
    g_autoptr (PrwConformState) back = prw_conform_state_new (f.outdir);
    g_auto (GStrv) parts = g_strsplit (text, edits[k].from, -1);
    g_autofree gchar *edited = g_strjoinv (edits[k].to, parts);
    g_autofree gchar *why = NULL;

    ck_assert_uint_ge (g_strv_length (parts), 2);
    ck_assert (g_file_set_contents (prw_conform_state_get_path (state), edited,
                                    -1, NULL));
    ck_assert (prw_conform_state_load (back, &error));
    ck_assert_uint_eq (prw_conform_state_get_n_outputs (back), 1);
    ck_assert (!current (back, &f, options, &why));
    ck_assert_msg (strchr (why, '\n') == NULL, "%s", why);
    ck_assert_msg (strchr (why, '\t') == NULL, "%s", why);
    ck_assert_msg (strchr (why, '\001') == NULL, "%s", why);
    ck_assert_msg (strstr (why, edits[k].why) != NULL, "%s", why);
  }
  files_clear (&f);
}
END_TEST

/* The lock: the output folder made if need be; a second state of the
 * folder is refused while the first lives (in one process too: an flock()
 * is its open file's), naming the folder and this process; then taken. */
/* prw_conform_state_check_folder() says what prw_conform_state_lock()
 * meets, in its words, making nothing: a folder to make below one that
 * is there, a folder there, a file or a symbolic link to nothing in the
 * way of the folder or of one of its parents. */
START_TEST (test_state_check_folder)
{
  Files f;
  g_autofree gchar *dangling = NULL;
  const gchar *names[] = { "out/new/deeper", "out",      "src.mov",
                           "src.mov/sub",    "dangling", "dangling/sub" };

  files_init (&f);
  dangling = g_build_filename (f.dir, "dangling", NULL);
  ck_assert_int_eq (symlink ("nowhere", dangling), 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autofree gchar *outdir = g_build_filename (f.dir, names[i], NULL);
    g_autoptr (PrwConformState) checked = prw_conform_state_new (outdir);
    g_autoptr (PrwConformState) locked = prw_conform_state_new (outdir);
    g_autoptr (GError) foreseen = NULL;
    g_autoptr (GError) met = NULL;
    gboolean ok = prw_conform_state_check_folder (checked, &foreseen);
    gboolean was_dir = g_file_test (outdir, G_FILE_TEST_IS_DIR);

    /* nothing made */
    ck_assert_msg (was_dir == (i == 1), "%s", names[i]);
    ck_assert_msg (ok == prw_conform_state_lock (locked, &met), "%s", names[i]);
    ck_assert_msg (ok == (i < 2), "%s", names[i]);
    if (!ok) {
      ck_assert_int_eq (foreseen->code, met->code);
      ck_assert_str_eq (foreseen->message, met->message);
      ck_assert (g_error_matches (foreseen, PRW_ERROR, PRW_ERROR_NOT_FOUND));
      ck_assert (g_str_has_prefix (foreseen->message, outdir));
      ck_assert_msg (
          strstr (foreseen->message, ": cannot make the output folder: ")
              != NULL,
          "%s", foreseen->message);
    }
  }
  ck_assert_int_eq (g_unlink (dangling), 0);
  {
    g_autofree gchar *deeper = g_build_filename (f.dir, "out/new/deeper", NULL);
    g_autofree gchar *new = g_build_filename (f.dir, "out/new", NULL);

    ck_assert_int_eq (g_rmdir (deeper), 0);
    ck_assert_int_eq (g_rmdir (new), 0);
  }
  files_clear (&f);
}
END_TEST

START_TEST (test_state_lock)
{
  Files f;
  g_autoptr (PrwConformState) first = NULL;
  g_autoptr (PrwConformState) second = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *deeper = NULL;
  g_autofree gchar *expected = NULL;

  files_init (&f);
  deeper = g_build_filename (f.outdir, "new", NULL);
  first = prw_conform_state_new (deeper);
  ck_assert (prw_conform_state_lock (first, &error));
  ck_assert_ptr_null (error);
  ck_assert (g_file_test (deeper, G_FILE_TEST_IS_DIR));
  /* again: nothing to do */
  ck_assert (prw_conform_state_lock (first, &error));

  second = prw_conform_state_new (deeper);
  ck_assert (!prw_conform_state_lock (second, &error));
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_BUSY));
  expected = g_strdup_printf ("%s: another conform is writing there "
                              "(process %d)",
                              deeper, (int) getpid ());
  ck_assert_str_eq (error->message, expected);
  g_clear_error (&error);
  /* nothing was added to the folder */
  {
    g_autoptr (GDir) dir = g_dir_open (deeper, 0, NULL);

    ck_assert_ptr_null (g_dir_read_name (dir));
  }

  g_clear_object (&first);
  ck_assert (prw_conform_state_lock (second, &error));
  ck_assert_ptr_null (error);
  g_clear_object (&second);
  ck_assert_int_eq (g_rmdir (deeper), 0);
  files_clear (&f);
}
END_TEST

/* JSON-GLib's parser recurses once per level: 200,000 '[' would overflow
 * the stack; the state refuses them before parsing, as a malformed file. */
START_TEST (test_state_too_deep)
{
  Files f;
  g_autoptr (PrwConformState) state = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *deep = g_strnfill (200000, '[');

  files_init (&f);
  state = state_replaced_by (&f, deep);
  ck_assert (!prw_conform_state_load (state, &error));
  ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_CORRUPT));
  ck_assert_msg (strstr (error->message, "nested more than 32 deep") != NULL,
                 "%s", error->message);
  ck_assert_uint_eq (prw_conform_state_get_n_outputs (state), 0);
  files_clear (&f);
}
END_TEST

static Suite *
conform_state_suite (void)
{
  Suite *s = suite_create ("conform-state");
  TCase *tc = tcase_create ("conform-state");

  tcase_add_test (tc, test_state_missing_file_is_empty);
  tcase_add_test (tc, test_state_round_trip);
  tcase_add_test (tc, test_state_not_current);
  tcase_add_test (tc, test_state_inputs_taken_at_begin);
  tcase_add_test (tc, test_state_replaced_same_size_and_mtime);
  tcase_add_test (tc, test_state_other_version);
  tcase_add_test (tc, test_state_too_deep);
  tcase_add_test (tc, test_state_bad_file_name_one_line);
  tcase_add_test (tc, test_state_bad_file_name_unicode_breaks);
  tcase_add_test (tc, test_state_lock);
  tcase_add_test (tc, test_state_check_folder);
  tcase_add_test (tc, test_state_why_one_line);
  tcase_add_loop_test (tc, test_state_bad_file, 0, G_N_ELEMENTS (bad_states));
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (conform_state_suite ());
  int failed;

  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? 0 : 1;
}
