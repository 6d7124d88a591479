/* libproreswriter: the only header applications include */
#pragma once

#define PRW_INSIDE

#include <proreswriter/prw-visibility.h>
#include <proreswriter/prw-version.h>
#include <proreswriter/prw-version-macros.h>
#include <proreswriter/prw-error.h>
#include <proreswriter/prw-enum-types.h>
#include <proreswriter/prw-init.h>
#include <proreswriter/prw-timecode.h>
#include <proreswriter/prw-media-info.h>
#include <proreswriter/prw-probe.h>
#include <proreswriter/prw-segment.h>
#include <proreswriter/prw-discover.h>
#include <proreswriter/prw-range.h>
#include <proreswriter/prw-plan.h>
#include <proreswriter/prw-printer.h>
#include <proreswriter/prw-verify.h>
#include <proreswriter/prw-source-clip.h>
#include <proreswriter/prw-ale.h>
#include <proreswriter/prw-report.h>
#include <proreswriter/prw-blank-rush.h>
#include <proreswriter/prw-link.h>
#include <proreswriter/prw-conform-state.h>
#include <proreswriter/prw-conform-job.h>

#undef PRW_INSIDE
