/* proreswriter CLI: the commands and what they share
 *
 * main.c holds the command table; each command lives in cmd-NAME.c and is
 * called with argv[0] its own name. A command returns the exit status:
 * PRW_CLI_EXIT_OK, PRW_CLI_EXIT_FAILED (each problem reported on stderr)
 * or PRW_CLI_EXIT_USAGE.
 */
#pragma once

#include "output.h"

G_BEGIN_DECLS

typedef struct {
  const gchar *name;
  int (*run) (int argc, char **argv);
  const gchar *summary;
} PrwCliCommand;

extern const PrwCliCommand prw_cli_commands[];
extern const guint prw_cli_n_commands;

const PrwCliCommand *prw_cli_command_find (const gchar *name);

int prw_cli_cmd_probe (int argc, char **argv);
int prw_cli_cmd_plan (int argc, char **argv);
int prw_cli_cmd_print (int argc, char **argv);
int prw_cli_cmd_verify (int argc, char **argv);
int prw_cli_cmd_timecode (int argc, char **argv);
int prw_cli_cmd_blank (int argc, char **argv);

/* When main() started: print's setup time counts from here. */
gint64 prw_cli_get_start_time_us (void);

/* Parses argv (argv[0] is the command name) with entries, which must end
 * with a G_OPTION_REMAINING entry that collects the operands (each
 * command declares its own --json; main() has already turned JSON errors
 * on when it is given). Returns FALSE after reporting a usage error.
 * --help prints and exits 0 inside GLib. */
gboolean prw_cli_parse_options (const gchar *command,
                                const gchar *parameter_string,
                                const gchar *summary, const gchar *description,
                                const GOptionEntry *entries, int *argc,
                                char ***argv);

guint prw_cli_n_operands (char **operands);

/* plan, print and verify: how SEGMENT_OR_DIR operands are read */
#define PRW_CLI_SEGMENTS_DESCRIPTION                                           \
  "Each SEGMENT_OR_DIR is a segment movie or a folder of them. A segment\n"    \
  "lands in the base at the frames its start timecode names; where\n"          \
  "segments overlap, the later one wins. Inputs that are not valid\n"          \
  "segments are errors (one line each) unless --skip-invalid is given."

/* Probes base_path, discovers inputs and builds a sealed plan. Every
 * problem is reported on stderr (one line each) and NULL returned; invalid
 * inputs are warnings instead when skip_invalid. An error that is only the
 * cancellation is not reported: the caller says what was interrupted. */
PrwPlan *prw_cli_build_plan (const gchar *base_path, guint video_track_id,
                             char **inputs, gboolean skip_invalid,
                             GCancellable *cancellable);

/* --video-track ID, for probe, plan, print and verify: which video track
 * of a movie (of the base, for plan, print and verify) is read when it
 * has several. */
#define PRW_CLI_VIDEO_TRACK_ENTRY(var)                                         \
  {                                                                            \
    "video-track", 0, 0, G_OPTION_ARG_INT, (var),                              \
        "Read the base's video track with this track ID (a movie with "        \
        "several "                                                             \
        "video tracks is refused without it; the others are not printed)",     \
        "ID"                                                                   \
  }

/* Checks the --video-track value; FALSE after a usage error. */
gboolean prw_cli_check_video_track (const gchar *command, gint value);

/* The plan's warnings on stderr. */
void prw_cli_report_plan_warnings (PrwPlan *plan);

/* The members base, segments, ranges and warnings of the plan object (the
 * caller opens and closes the object). */
void prw_cli_json_plan_members (JsonBuilder *builder, PrwPlan *plan);

G_END_DECLS
