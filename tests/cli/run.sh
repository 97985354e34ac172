#!/bin/sh
# End-to-end CLI tests. Each case is a folder tests/cli/cases/NAME holding:
#   cmd     a shell script run in a fresh temporary folder, with $NTMPLAN (the binary,
#           sanitizer build), $ROOT (the repository) and $DATA (tests/data) set;
#   stdout, stderr, status   the expected output and exit status (missing = not checked).
# Run with UPDATE=1 to write the expected files from what the command does now, and
# CASE=name to run one case only.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
pass=0; fail=0
for case in "$root"/tests/cli/cases/*/; do
  [ -f "$case/cmd" ] || continue
  name=$(basename "$case")
  [ -n "$CASE" ] && [ "$CASE" != "$name" ] && continue
  tmp=$(mktemp -d)
  ( cd "$tmp" && NTMPLAN="$bin" ROOT="$root" DATA="$root/tests/data" \
      NTMPLAN_MODELS="$root/models" NTMPLAN_DB= SOURCE_DATE_EPOCH=1700000000 \
      ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
      LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0 sh "$case/cmd" >"$tmp/.out" 2>"$tmp/.err"; echo $? >"$tmp/.status" )
  ok=1
  if [ -n "$UPDATE" ]; then
    cp "$tmp/.out" "$case/stdout"; cp "$tmp/.err" "$case/stderr"; cp "$tmp/.status" "$case/status"
  else
    for f in stdout stderr status; do
      src=.out; [ $f = stderr ] && src=.err; [ $f = status ] && src=.status
      if [ -f "$case/$f" ] && ! cmp -s "$case/$f" "$tmp/$src"; then
        ok=0; echo "cli $name: $f differs:"; diff "$case/$f" "$tmp/$src" | head -20
      fi
    done
  fi
  if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
  rm -rf "$tmp"
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
