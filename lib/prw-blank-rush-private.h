/* libproreswriter: a blank rush as a pipeline's base (private)
 *
 * What prw_blank_rush_write() gives its pipeline and finishing step, for
 * other renders to share: conform prints segments into a blank rush that
 * never goes to disk by putting the render's base (a prwblanksrc's
 * configuration, render/prw-blank-pipeline-private.h) in front of its
 * frame selector with its plan's ranges, and finishing its movie with the
 * render's facts. The frame filter says which frames show the burn-in:
 * frames a segment replaces need none (the shared black frame is then
 * made for them, at no cost).
 */
#pragma once

#include <proreswriter/proreswriter.h>

#include "qt/prw-qt-finish-private.h"
#include "render/prw-blank-pipeline-private.h"

G_BEGIN_DECLS

typedef struct _PrwBlankRender PrwBlankRender;

/* TRUE if record frame n shows the blank rush's burn-in. */
typedef gboolean (*PrwBlankFrameFilter) (gint64 n, gpointer user_data);

/* The encoder, the black frame and the burn-in for rush (whose format is
 * set); errors start with output_name (PRW_ERROR_MISSING_ELEMENT,
 * PRW_ERROR_UNSUPPORTED, PRW_ERROR_PIPELINE, from the encoder and the
 * burn-in). */
PrwBlankRender *prw_blank_render_new (PrwBlankRush *rush,
                                      const gchar *output_name, GError **error);
void prw_blank_render_free (PrwBlankRender *r);

/* Valid while r lives; its user_data is r. */
const PrwBlankBase *prw_blank_render_get_base (PrwBlankRender *r);
/* Call before the pipeline starts. */
void prw_blank_render_set_frame_filter (PrwBlankRender *r,
                                        PrwBlankFrameFilter filter,
                                        gpointer user_data);
/* What prw_qt_finish() must make the movie say: the video sample
 * description (borrowed from r), the start, drop-frame flag, reel, rate
 * and frame count. */
void prw_blank_render_get_finish_facts (PrwBlankRender *r,
                                        PrwQtFinishFacts *facts);

/* After the run: the original's sound tracks as the pipeline copied them
 * (stats->copied), into facts for prw_qt_finish() (borrowed from r). */
void prw_blank_render_add_copied (PrwBlankRender *r,
                                  const PrwPipelineStats *stats,
                                  PrwQtFinishFacts *facts);
/* The original whose sound was copied is still the file its tables were
 * read from (PRW_ERROR_CHANGED otherwise); TRUE without sound. */
gboolean prw_blank_render_check_sound (PrwBlankRender *r, GError **error);

/* Where the camera original's movie is read again for its sound tracks
 * (a conform job read back from its description: the source's path
 * resolved from the job's working folder); no effect on a rush without
 * sound. */
void prw_blank_rush_set_sound_path (PrwBlankRush *self, const gchar *path);

/* What rush's output is made of, but its source's facts (frames, rate,
 * timecode, reel, clip name), as one line: its flavour's fourcc, size,
 * alpha channel, colour (the encoder's and the 'colr') and a digest of the
 * video sample description the movie gets (copied from a like, 'pasp' and
 * 'fiel' in it, or built): "ap4h 640x368 no-alpha colr 1-1-1 stsd
 * 0123456789abcdef". Two rushes of one source with one key write the same
 * bytes; it names no file. NULL while no format is set. */
gchar *prw_blank_rush_get_format_key (PrwBlankRush *rush);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrwBlankRender, prw_blank_render_free)

/* What prw_blank_rush_write() and prw_blank_rush_print() refuse at output
 * before they write anything, looked at now and writing nothing: a
 * symbolic link to nothing (PRW_ERROR_IO), the like's or a source's file
 * (PRW_ERROR_SAME_FILE), a folder (PRW_ERROR_IO, "PATH: is a directory"),
 * a file there without PRW_PRINT_FLAGS_OVERWRITE (PRW_ERROR_OUTPUT_EXISTS,
 * "PATH: exists"), a folder of output that is none (PRW_ERROR_NOT_FOUND,
 * or the errno's code). Both call it; so does a conform job's check
 * (prw_conform_job_check()), so that a dry run says what the run will. */
gboolean prw_blank_rush_check_output (PrwBlankRush *self, const gchar *output,
                                      PrwPrintFlags flags, GError **error);

/* What else must be unchanged for a print's output to stand: called just
 * before the final rename, after the segments' check; FALSE with error set
 * refuses the output (nothing is left). */
typedef gboolean (*PrwBlankPrintCheckFunc) (gpointer user_data, GError **error);

/* prw_blank_rush_print(), check (if not NULL) called with user_data as
 * above: a conform job checks there that its source's file is the one its
 * facts were read from. */
gboolean prw_blank_rush_print_checked (PrwBlankRush *self, PrwPlan *plan,
                                       const gchar *output, PrwPrintFlags flags,
                                       PrwBlankPrintCheckFunc check,
                                       gpointer user_data,
                                       GCancellable *cancellable,
                                       GError **error);

G_END_DECLS
