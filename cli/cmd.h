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
/* Tunes glibc's malloc for the peak memory of blank rushes made by
 * n_jobs jobs at once (cmd-blank.c). */
void prw_cli_blank_tune_malloc (guint n_jobs);
int prw_cli_cmd_report (int argc, char **argv);

/* Writes the splice report of output (printed from plan) to path, with
 * the verify result on it when verify ran (verified TRUE, or verify_error
 * set); *n_cuts (optional) is set to the page's number of cuts. FALSE with
 * error (the library's, unreported) when it is not written. */
gboolean prw_cli_write_report (PrwPlan *plan, const gchar *output,
                               const gchar *path, gboolean force,
                               gboolean verified, guint64 frames_checked,
                               const GError *verify_error, guint *n_cuts,
                               GCancellable *cancellable, GError **error);
int prw_cli_cmd_conform (int argc, char **argv);

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
  "segments are errors (one line each) unless --skip-invalid is given.\n"      \
  "Segments given with --vfx lie on a layer above the grades and win\n"        \
  "where they overlap one; with --handles N, a segment's first and last\n"     \
  "N frames are handles, which yield to any segment's other frames."

/* Probes base_path, discovers inputs and builds a sealed plan. Every
 * problem is reported on stderr (one line each) and NULL returned; invalid
 * inputs are warnings instead when skip_invalid. An error that is only the
 * cancellation is not reported: the caller says what was interrupted. */
PrwPlan *prw_cli_build_plan (const gchar *base_path, guint video_track_id,
                             char **inputs, gboolean skip_invalid,
                             GCancellable *cancellable);

/* The same with layers and handles: inputs on the grade layer, vfx_inputs
 * (NULL or NULL-terminated) on the VFX layer, and handles frames at each
 * end of every segment. */
PrwPlan *prw_cli_build_layered_plan (const gchar *base_path,
                                     guint video_track_id, char **inputs,
                                     char **vfx_inputs, guint handles,
                                     gboolean skip_invalid,
                                     GCancellable *cancellable);

/* --vfx PATH (repeated), for plan, print and verify: segments on the VFX
 * layer. */
#define PRW_CLI_VFX_ENTRY(var)                                                 \
  {                                                                            \
    "vfx", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, (var),                           \
        "A VFX segment or a folder of them, on the layer above the grades "    \
        "(repeatable)",                                                        \
        "PATH"                                                                 \
  }

/* --handles N, for plan, print and verify: the handles of every segment. */
#define PRW_CLI_HANDLES_ENTRY(var)                                             \
  {                                                                            \
    "handles", 0, 0, G_OPTION_ARG_INT, (var),                                  \
        "The first and last N frames of every segment are handles, printed "   \
        "only where no segment's core frame lands (default 0)",                \
        "N"                                                                    \
  }

/* Checks the --handles value; FALSE after a usage error. */
gboolean prw_cli_check_handles (const gchar *command, gint value);

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

/* --size WxH, for blank and conform --all: FALSE unless text is two
 * numbers from 1 to 65535 joined by 'x' (the library checks the range a
 * ProRes picture may have). */
gboolean prw_cli_parse_size (const gchar *text, guint *width, guint *height);

/* The plan's warnings on stderr. */
void prw_cli_report_plan_warnings (PrwPlan *plan);

/* The members base, segments, ranges and warnings of the plan object (the
 * caller opens and closes the object). */
void prw_cli_json_plan_members (JsonBuilder *builder, PrwPlan *plan);

G_END_DECLS
