/* libproreswriter: the error domain */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#include <glib.h>
#include <proreswriter/prw-version-macros.h>

G_BEGIN_DECLS

/**
 * PRW_ERROR:
 *
 * The error domain of libproreswriter. Every message names the file it is
 * about and the reason, in one line. The codes are #PrwError.
 *
 * Since: 0.1
 */
#define PRW_ERROR (prw_error_quark ())

/**
 * PrwError:
 * @PRW_ERROR_FAILED: anything not covered below.
 * @PRW_ERROR_IO: a file could not be opened, read, written or renamed.
 * @PRW_ERROR_NOT_QUICKTIME: the file is not a QuickTime movie.
 * @PRW_ERROR_CORRUPT: the movie's atoms are truncated or inconsistent.
 * @PRW_ERROR_NO_VIDEO: the movie has no usable video track.
 * @PRW_ERROR_NO_TIMECODE: the movie has no (or more than one) timecode track.
 * @PRW_ERROR_UNSUPPORTED: the codec or frame rate is not supported.
 * @PRW_ERROR_INVALID_TIMECODE: a timecode string or value is not valid at
 *   its rate.
 * @PRW_ERROR_RATE_MISMATCH: a segment's frame rate differs from the base's.
 * @PRW_ERROR_FORMAT_MISMATCH: a segment's codec flavour or size differs from
 *   the base's.
 * @PRW_ERROR_OUTSIDE_BASE: a segment lies entirely outside the base.
 * @PRW_ERROR_OUTPUT_EXISTS: the output exists and overwriting was not asked.
 * @PRW_ERROR_SAME_FILE: the output is one of the inputs.
 * @PRW_ERROR_PIPELINE: the GStreamer pipeline failed.
 * @PRW_ERROR_MISMATCH: verification found an output frame or timecode that
 *   differs from what the plan names.
 * @PRW_ERROR_CHANGED: an input changed, shrank or was removed after it was
 *   probed, so the plan no longer describes it.
 * @PRW_ERROR_NO_SPACE: the disk or the user's quota is full (ENOSPC,
 *   EDQUOT, EFBIG). Since: 0.2
 * @PRW_ERROR_PERMISSION_DENIED: the file or its folder may not be read or
 *   written (EACCES, EPERM, EROFS). Since: 0.2
 * @PRW_ERROR_NOT_FOUND: the file or a folder on its path does not exist
 *   (ENOENT, ENOTDIR). Since: 0.2
 * @PRW_ERROR_MISSING_ELEMENT: a GStreamer element the pipeline needs is not
 *   installed. Since: 0.2
 * @PRW_ERROR_BUSY: another process is writing there now (a conform into
 *   the same output folder). Since: 0.4
 *
 * Error codes in the %PRW_ERROR domain. Each function's documentation
 * lists the codes it can return.
 *
 * Since: 0.1
 */
typedef enum {
  PRW_ERROR_FAILED,
  PRW_ERROR_IO,
  PRW_ERROR_NOT_QUICKTIME,
  PRW_ERROR_CORRUPT,
  PRW_ERROR_NO_VIDEO,
  PRW_ERROR_NO_TIMECODE,
  PRW_ERROR_UNSUPPORTED,
  PRW_ERROR_INVALID_TIMECODE,
  PRW_ERROR_RATE_MISMATCH,
  PRW_ERROR_FORMAT_MISMATCH,
  PRW_ERROR_OUTSIDE_BASE,
  PRW_ERROR_OUTPUT_EXISTS,
  PRW_ERROR_SAME_FILE,
  PRW_ERROR_PIPELINE,
  PRW_ERROR_MISMATCH,
  PRW_ERROR_CHANGED,
  PRW_ERROR_NO_SPACE,
  PRW_ERROR_PERMISSION_DENIED,
  PRW_ERROR_NOT_FOUND,
  PRW_ERROR_MISSING_ELEMENT,
  PRW_ERROR_BUSY,
} PrwError;

PRW_AVAILABLE_IN_0_1 GQuark prw_error_quark (void);

G_END_DECLS
