#!/bin/sh
# check-man.sh GROFF PAGE: the manual page renders, and groff (every warning
# on: -ww) has nothing to say about it.
set -eu
groff=$1
page=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
LC_ALL=C.UTF-8 "$groff" -man -Tutf8 -ww -z "$page" 2>"$out"
if [ -s "$out" ]; then
  echo "groff warns about $page:" >&2
  cat "$out" >&2
  exit 1
fi
# and it says something: the NAME line is there
LC_ALL=C.UTF-8 "$groff" -man -Tutf8 "$page" 2>/dev/null | grep -q 'proreswriter' || {
  echo "$page renders to nothing recognisable" >&2
  exit 1
}
echo "$page renders without warnings"
