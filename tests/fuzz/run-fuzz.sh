#!/usr/bin/env bash
# Fuzzes the QuickTime/media-info reader (fuzz-movie), the timecode
# parser and arithmetic (fuzz-timecode), the ProRes frame parser and
# splicer (fuzz-prores), the ALE reader (fuzz-ale) and the conform job
# reader (fuzz-job) with libFuzzer for
# SECONDS each, side by side (the machine's cores shared). Builds the clang
# + ASan + UBSan build first if needed. Exits 0 when none found anything, 1 on a finding (the
# input is saved under $PRW_FUZZ_BUILD_DIR/fuzz-findings/: copy it to
# tests/fuzz/regressions/<harness>/ with the fix), 2 on a usage error.
#
#   tests/fuzz/run-fuzz.sh SECONDS
#
# New inputs that reach new code go to $PRW_FUZZ_BUILD_DIR/fuzz-corpus/
# (not committed); the committed seeds in tests/fuzz/corpus/ are only read.
# The build is $PRW_FUZZ_BUILD_DIR, by default build-fuzz: clang with
# -Dfuzzing=true, ASan and UBSan (introspection off: meson would link its
# dumper with GCC's sanitizer runtimes).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
seconds=${1:-}
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 SECONDS" >&2
  exit 2
fi

build=${PRW_FUZZ_BUILD_DIR:-$top/build-fuzz}
if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$top" -Dwerror=true -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false -Dintrospection=disabled
fi
ninja -C "$build" tests/fuzz/fuzz-movie tests/fuzz/fuzz-timecode \
  tests/fuzz/fuzz-prores tests/fuzz/fuzz-ale tests/fuzz/fuzz-job

findings=$build/fuzz-findings
mkdir -p "$findings"
status=0
names=(movie timecode prores ale job)
pids=()
for name in "${names[@]}"; do
  corpus=$build/fuzz-corpus/$name
  mkdir -p "$corpus"
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
        -print_final_stats=1 -artifact_prefix="$findings/$name-")
  # The largest movie seed is 12 KB (16 KB leaves room to grow it); a
  # timecode input is a 25-byte header and a label.
  if [ "$name" = movie ]; then
    args+=(-max_len=16384 -dict="$here/movie.dict")
  elif [ "$name" = prores ]; then
    args+=(-max_len=16384)
  elif [ "$name" = ale ]; then
    args+=(-max_len=4096 -dict="$here/ale.dict")
  elif [ "$name" = job ]; then
    args+=(-max_len=4096 -dict="$here/job.dict")
  else
    args+=(-max_len=64)
  fi
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
    "$build/tests/fuzz/fuzz-$name" "${args[@]}" "$corpus" \
      "$here/corpus/$name" "$here/regressions/$name" \
      >"$build/fuzz-$name.log" 2>&1 &
  pids+=($!)
done
for i in "${!names[@]}"; do
  name=${names[$i]}
  if wait "${pids[$i]}"; then
    result=clean
  else
    result=FOUND
    status=1
  fi
  echo "== fuzz-$name: $result (log: $build/fuzz-$name.log)"
  grep -E '^#[0-9]+.*(DONE|INITED)|^stat::|^SUMMARY|==ERROR|check failed' \
    "$build/fuzz-$name.log" || true
done
if [ $status -ne 0 ]; then
  echo "findings in $findings:" >&2
  ls -l "$findings" >&2
fi
exit $status
