/* proreswriter CLI: everything it prints, as text or JSON
 *
 * stdout carries results: text for people, or (--json) one JSON document
 * per command, written with json-glib. stderr carries errors, warnings and
 * notices, one line each: "proreswriter: MESSAGE" and
 * "proreswriter: warning: MESSAGE" as text, or (--json) one JSON
 * object per line:
 *
 *   {"error":{"code":"output-exists","file":"out.mov","message":"..."}}
 *   {"warning":{"file":"shot.mov","message":"..."}}
 *   {"notice":{"message":"..."}}
 *
 * "code" is the nick of the PrwError (or GIOError) code, "usage" for a
 * usage error; "file" is the file the message is about, or null; "message"
 * is the text line without "proreswriter: ". Every write to stderr holds
 * one lock, so lines from the interrupt and streaming threads never mix.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <proreswriter/proreswriter.h>

G_BEGIN_DECLS

#define PRW_CLI_EXIT_OK 0
#define PRW_CLI_EXIT_FAILED 1
#define PRW_CLI_EXIT_USAGE 2

/* Whether stderr carries JSON lines (--json). */
void prw_cli_output_set_json_errors (gboolean json_errors);
gboolean prw_cli_output_get_json_errors (void);

/* A path the command was given or found (an input, a folder, the output):
 * JSON errors and warnings whose message starts with it name it as "file". */
void prw_cli_output_add_path (const gchar *path);
/* A segment: its path, and the display name plan warnings call it by. */
void prw_cli_output_add_segment (const gchar *path, const gchar *display_name);

/* stdout */
void prw_cli_print (const gchar *format, ...) G_GNUC_PRINTF (1, 2);
/* Takes the root (transfer full); pretty-printed, with a final newline. */
void prw_cli_print_json (JsonNode *root);
void prw_cli_flush (void);

/* stderr: errors. @file may be NULL (it is then looked up among the known
 * paths). The message gets the CLI's hint for its code (--force for an
 * existing output, the package of a missing GStreamer element). */
void prw_cli_error (const GError *error, const gchar *file);
void prw_cli_error_printf (const gchar *code, const gchar *file,
                           const gchar *format, ...) G_GNUC_PRINTF (3, 4);
/* An error about line @line (from 1) of @file, such as an ALE's row: with
 * --json its object also has "line": @line. */
void prw_cli_error_at_line (const GError *error, const gchar *file, guint line);
/* The LINE of a "FILE:LINE: reason" message about @file, or 0. */
guint prw_cli_line_of_message (const gchar *message, const gchar *file);
/* The code an error is reported with ("output-exists", "corrupt"...). */
const gchar *prw_cli_error_code (const GError *error);
/* The message prw_cli_error() reports, with its hint, on one line, without
 * "proreswriter: " (newly allocated): a dry run shows the line its run
 * will print. */
gchar *prw_cli_error_line (const GError *error);
/* Prints the usage error and the --help hint; returns PRW_CLI_EXIT_USAGE.
 * @command may be NULL (the top level). */
int prw_cli_usage_error (const gchar *command, const gchar *format, ...)
    G_GNUC_PRINTF (2, 3);

/* stderr: warnings ("proreswriter: warning: ") and notices (no prefix) */
void prw_cli_warning (const gchar *file, const gchar *message);
void prw_cli_notice (const gchar *message);

/* stderr on a terminal: one status line redrawn in place, then cleared */
void prw_cli_status_draw (const gchar *line);
void prw_cli_status_clear (void);

/* Formatting shared by the commands */
gchar *prw_cli_format_rate_fraction (guint rate_num, guint rate_den);
gchar *prw_cli_format_rate_human (guint rate_num, guint rate_den);
gchar *prw_cli_format_timecode (const PrwTimecode *tc);
gchar *prw_cli_format_record_frame (PrwMediaInfo *base, gint64 record_frame);
gchar *prw_cli_format_seconds_us (gint64 us);
/* The warning that clip's sound is not copied into what it makes (into:
 * "blank rushes", "conform outputs"), or NULL when none of it is left
 * out: "PATH: its 1 sound track is not copied (MXF sound is not carried
 * into blank rushes)" */
gchar *prw_cli_format_uncopied_sound (PrwSourceClip *clip, const gchar *into);

/* JSON members and values: strings are made valid UTF-8 (invalid bytes
 * become U+FFFD); a NULL string is null. */
void prw_cli_json_string (JsonBuilder *builder, const gchar *name,
                          const gchar *value);
void prw_cli_json_int (JsonBuilder *builder, const gchar *name, gint64 value);
void prw_cli_json_boolean (JsonBuilder *builder, const gchar *name,
                           gboolean value);
/* "timecode_runs": [{first_frame, frames, start_timecode}...], only where
 * the movie's timecode breaks (more than one run). */
void prw_cli_json_timecode_runs (JsonBuilder *builder, PrwMediaInfo *info);
/* Seconds from microseconds, rounded to milliseconds. */
void prw_cli_json_seconds_us (JsonBuilder *builder, const gchar *name,
                              gint64 us);

/* A table printed in aligned columns; align holds 'l' or 'r' per column. */
typedef struct {
  const gchar *align;
  guint n_columns;
  GPtrArray *rows; /* GStrv */
} PrwCliTable;

void prw_cli_table_init (PrwCliTable *table, const gchar *align);
/* Takes the NULL-terminated list of cells (transfer full). */
void prw_cli_table_add_row (PrwCliTable *table, gchar **cells);
void prw_cli_table_print_and_clear (PrwCliTable *table, const gchar *indent);

G_END_DECLS
