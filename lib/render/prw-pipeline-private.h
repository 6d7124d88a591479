/* libproreswriter: the GStreamer pipeline that renders a plan (private)
 *
 *   prwfilesrc(base) ! qtdemux -- video --> prwframeselector ! queue
 *                              \- audio_N --> fakesink          --> qtmux
 *                                                       ! prwcopysink
 *
 * qtmux takes the video only. The base's sound tracks and its timecode
 * track (when the output's can be the base's as it is) are copied as they
 * are: the copy sink writes their chunks between video frames, from the
 * base's sample tables, and prw_qt_finish() copies their tables
 * (stats->copied says where each chunk landed). qtdemux's audio pads go
 * to a fakesink, their buffers unread.
 *
 * Video frames cross from the demuxer's thread to the queue's and on to the
 * muxer's in batches (buffer lists from the selector; qtmux's pads hold up
 * to a second, like the queue), not one by one. Request pads (audio) are
 * released when the pipeline is torn down.
 *
 * Media data travels as memories that name input file ranges (see
 * prw-file-memory-private.h): a segment's frames are made from its sample
 * table, opened when the selector first needs them; the sink has the
 * kernel copy every range into the output. The sink may leave a hole
 * before a video frame to keep its copies page-aligned; the caller moves
 * the header's offsets after (stats->shifts, prw_qt_finish).
 */
#pragma once

#include <gio/gio.h>
#include <proreswriter/proreswriter.h>

#include "qt/prw-qt-atoms-private.h"
#include "qt/prw-qt-finish-private.h"

G_BEGIN_DECLS

/* A track of the base copied as it is (sound, timecode): where the sink
 * put each of its chunks in the output. */
typedef struct {
  const PrwQtTrack *track; /* the base's (borrowed from the plan's base) */
  GArray *offsets;         /* guint64, one per chunk, in chunk order */
} PrwCopiedTrack;

/* How the output's bytes were written. */
typedef struct {
  guint64 kernel_copied; /* copy_file_range, input to output */
  guint64 user_copied;   /* pread/pwrite fallback */
  guint64 written;       /* from memory: headers, mapped data */
  guint64 padding;       /* bytes of holes left to keep copies aligned */
  GArray *shifts;        /* PrwShift (qt/prw-shift-private.h), owned */
  /* PrwCopiedTrack, owned: the base's tracks copied as they are, in file
   * order; NULL when the run did not get that far */
  GPtrArray *copied;
} PrwPipelineStats;

void prw_pipeline_stats_clear (PrwPipelineStats *stats);

/* The tracks of movie (the QuickTime movie the run copied them from, which
 * keeps their trak atoms) that stats->copied says were copied, for
 * prw_qt_finish(): a new array of *n (at least one element, freed with
 * g_free). */
PrwQtCopiedTrak *
prw_pipeline_stats_get_copied_traks (const PrwPipelineStats *stats,
                                     const PrwQtMovie *movie, guint *n);

/* The tracks of info's movie copied as they are into an output whose
 * video frames are info's (its rate and frame count): every sound track
 * and, unless sound_only, the timecode track when it counts at the video's
 * rate. *copied_out: PrwCopiedTrack, their offsets to be filled in;
 * *insertions_out: PrwInsertion, their chunks in the order the copy sink
 * writes them, each due before the first video frame whose time is after
 * the chunk's start (prw_copy_sink_set_insertions()); *due_out says whose
 * each insertion is, for prw_pipeline_collect_landed(). FALSE with error
 * set when a track's sample table cannot be cut into chunks
 * (prw_qt_track_read_chunks()). */
gboolean prw_pipeline_plan_copied_tracks (PrwMediaInfo *info,
                                          gboolean sound_only,
                                          GPtrArray **copied_out,
                                          GArray **insertions_out,
                                          GArray **due_out, GError **error);

/* Where the sink put each chunk (landed: prw_copy_sink_get_insertions()),
 * into its copied track's offsets. */
void prw_pipeline_collect_landed (GPtrArray *copied, GArray *due,
                                  GArray *landed);

typedef void (*PrwPipelineProgressFunc) (guint64 frames, guint64 bytes,
                                         gpointer user_data);

/* Runs the sealed plan into fd, a new, empty, seekable file open for
 * writing (the caller owns it, and removes the file on failure); errors
 * about the output name output_name, the file the user asked for. A full
 * disk, a refused permission and a missing file keep their codes
 * (PRW_ERROR_NO_SPACE, PRW_ERROR_PERMISSION_DENIED, PRW_ERROR_NOT_FOUND);
 * a missing element is PRW_ERROR_MISSING_ELEMENT. Blocks until done; polls
 * cancellable and calls progress from the calling thread about ten times a
 * second. stats, when not NULL, is filled in whether or not the run succeeds.
 */
gboolean prw_pipeline_run (PrwPlan *plan, int fd, const gchar *output_name,
                           GCancellable *cancellable,
                           PrwPipelineProgressFunc progress, gpointer user_data,
                           PrwPipelineStats *stats, GError **error);

G_END_DECLS
