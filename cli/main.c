/* proreswriter: the command-line tool
 *
 * Parses arguments, calls libproreswriter and prints for people (or JSON
 * for scripts). No conform logic lives here: what lands where is the plan's
 * business, how it is written the printer's. This file holds the command
 * table and what comes before a command runs; each command has its own
 * cmd-NAME.c, and everything printed goes through output.c.
 *
 * Exit status: 0 success; 1 a failure, reported as exactly one line per
 * problem on stderr ("proreswriter: " and the GError message, which names
 * the file and the reason); 2 a usage error (unknown command or option,
 * missing arguments), with a short hint on stderr. With --json the lines
 * on stderr are JSON objects instead (output.h).
 */

#include "cmd.h"
#include "interrupt.h"

#include <locale.h>

const PrwCliCommand prw_cli_commands[] = {
  { "probe", prw_cli_cmd_probe,
    "Describe ProRes movies, or camera originals (--source)" },
  { "plan", prw_cli_cmd_plan, "Show which frames of which movie land where" },
  { "print", prw_cli_cmd_print,
    "Print segments into the base and write a new movie" },
  { "blank", prw_cli_cmd_blank,
    "Write a black ProRes twin of a camera original, to print into" },
  { "verify", prw_cli_cmd_verify, "Check an output movie against its plan" },
  { "report", prw_cli_cmd_report,
    "Write an HTML page showing every cut of an output movie" },
  { "timecode", prw_cli_cmd_timecode,
    "Convert between timecodes and frame counts" },
  { "conform", prw_cli_cmd_conform,
    "Link grades to their camera originals and print them into "
    "source-length movies (--dry-run: link only)" },
};
const guint prw_cli_n_commands = G_N_ELEMENTS (prw_cli_commands);

static gint64 start_time_us;

gint64
prw_cli_get_start_time_us (void)
{
  return start_time_us;
}

const PrwCliCommand *
prw_cli_command_find (const gchar *name)
{
  for (guint i = 0; i < prw_cli_n_commands; i++) {
    if (g_str_equal (prw_cli_commands[i].name, name))
      return &prw_cli_commands[i];
  }
  return NULL;
}

#define JSON_ERRORS_DESCRIPTION                                                \
  "With --json, the result is JSON on stdout, and each error and warning\n"    \
  "on stderr is one JSON object per line instead of text:\n"                   \
  "  {\"error\": {\"code\": CODE, \"file\": FILE, \"message\": TEXT}}\n"       \
  "  {\"warning\": {\"file\": FILE, \"message\": TEXT}}\n"                     \
  "  {\"notice\": {\"message\": TEXT}}\n"                                      \
  "CODE is the error's name (such as \"output-exists\", \"not-found\",\n"      \
  "\"cancelled\", or \"usage\"); FILE is the file the message is about, or "   \
  "null;\nTEXT is the line that would have followed \"proreswriter: \". "      \
  "An error\nabout a line of FILE (an ALE's row) also has \"line\": N."

gboolean
prw_cli_parse_options (const gchar *command, const gchar *parameter_string,
                       const gchar *summary, const gchar *description,
                       const GOptionEntry *entries, int *argc, char ***argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *full_description = NULL;

  full_description
      = description != NULL
            ? g_strconcat (description, "\n\n", JSON_ERRORS_DESCRIPTION, NULL)
            : g_strdup (JSON_ERRORS_DESCRIPTION);
  context = g_option_context_new (parameter_string);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, full_description);
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, argc, argv, &error)) {
    prw_cli_usage_error (command, "%s", error->message);
    return FALSE;
  }
  /* an empty file name names no file: -o "" would render everything and
   * fail only at the end */
  for (const GOptionEntry *e = entries; e->long_name != NULL; e++) {
    const gchar *value;

    if (e->arg != G_OPTION_ARG_FILENAME || e->arg_data == NULL)
      continue;
    value = *(const gchar **) e->arg_data;
    if (value != NULL && value[0] == '\0') {
      if (e->short_name != 0)
        prw_cli_usage_error (command, "-%c/--%s: an empty file name",
                             e->short_name, e->long_name);
      else
        prw_cli_usage_error (command, "--%s: an empty file name", e->long_name);
      return FALSE;
    }
  }
  return TRUE;
}

guint
prw_cli_n_operands (char **operands)
{
  return operands != NULL ? g_strv_length (operands) : 0;
}

/* --json applies to the usage errors of option parsing too, so it is
 * looked for before the options are parsed (up to "--"). */
static gboolean
wants_json_errors (int argc, char **argv)
{
  for (int i = 2; i < argc; i++) {
    if (g_str_equal (argv[i], "--"))
      break;
    if (g_str_equal (argv[i], "--json"))
      return TRUE;
  }
  return FALSE;
}

static void
print_main_help (void)
{
  prw_cli_print ("Usage:\n"
                 "  proreswriter COMMAND [OPTION…] ARGUMENTS…\n"
                 "\n"
                 "Print graded ProRes segments into a base movie at the "
                 "frames their timecode\nnames, without re-encoding.\n"
                 "\n"
                 "Commands:\n");
  for (guint i = 0; i < prw_cli_n_commands; i++)
    prw_cli_print ("  %-10s %s\n", prw_cli_commands[i].name,
                   prw_cli_commands[i].summary);
  prw_cli_print ("\n"
                 "Options:\n"
                 "  -h, --help     Show this help\n"
                 "  --version      Show the version\n"
                 "\n"
                 "Every command takes --json: results on stdout as JSON, and "
                 "errors and\nwarnings on stderr as JSON, one object per "
                 "line.\n"
                 "\n"
                 "Run 'proreswriter COMMAND --help' for a command's "
                 "arguments and options.\n");
}

int
main (int argc, char **argv)
{
  const PrwCliCommand *command;
  g_autofree gchar *prgname = NULL;

  start_time_us = g_get_monotonic_time ();
  setlocale (LC_ALL, "");
  /* numbers in output and JSON always use a decimal point */
  setlocale (LC_NUMERIC, "C");

  if (argc < 2) {
    g_set_prgname ("proreswriter");
    return prw_cli_usage_error (NULL, "no command given");
  }

  command = prw_cli_command_find (argv[1]);
  if (command != NULL)
    prw_cli_output_set_json_errors (wants_json_errors (argc, argv));

  /* Before any thread exists (prw_init() starts GStreamer), so that every
   * thread inherits the blocked mask. */
  if (command != NULL
      && (command->run == prw_cli_cmd_print || command->run == prw_cli_cmd_blank
          || command->run == prw_cli_cmd_report
          || command->run == prw_cli_cmd_conform)
      && !prw_cli_interrupt_setup ())
    return PRW_CLI_EXIT_FAILED;

  /* "proreswriter probe" in a command's --help */
  if (command != NULL)
    prgname = g_strdup_printf ("proreswriter %s", argv[1]);
  else if (g_str_equal (argv[1], "help") && argc >= 3
           && prw_cli_command_find (argv[2]) != NULL)
    prgname = g_strdup_printf ("proreswriter %s", argv[2]);
  else
    prgname = g_strdup ("proreswriter");
  g_set_prgname (prgname);

  prw_init ();

  if (command != NULL)
    return command->run (argc - 1, argv + 1);

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")
      || g_str_equal (argv[1], "help")) {
    if (argc >= 3 && g_str_equal (argv[1], "help")) {
      const PrwCliCommand *topic = prw_cli_command_find (argv[2]);
      char *help_argv[] = { argv[2], (char *) "--help", NULL };

      if (topic == NULL)
        return prw_cli_usage_error (NULL, "unknown command '%s'", argv[2]);
      return topic->run (2, help_argv);
    }
    if (argc > 2 && !g_str_equal (argv[1], "help"))
      return prw_cli_usage_error (NULL, "unexpected argument '%s'", argv[2]);
    print_main_help ();
    return PRW_CLI_EXIT_OK;
  }
  if (g_str_equal (argv[1], "--version")) {
    if (argc > 2)
      return prw_cli_usage_error (NULL, "unexpected argument '%s'", argv[2]);
    prw_cli_print ("proreswriter %s\n", prw_get_version_string ());
    return PRW_CLI_EXIT_OK;
  }
  if (argv[1][0] == '-')
    return prw_cli_usage_error (NULL, "unknown option '%s'", argv[1]);
  return prw_cli_usage_error (NULL, "unknown command '%s'", argv[1]);
}
