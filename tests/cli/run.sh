#!/bin/sh
# End-to-end CLI tests. Each case is a folder tests/cli/cases/NAME holding:
#   cmd     a shell script run by `sh -e` in a fresh temporary folder, with $NTMPLAN (the
#           binary, sanitizer build), $ROOT (the repository) and $DATA (tests/data) set;
#   stdout, stderr, status   the expected output and exit status of the whole script.
# All three expected files must exist: a case without one fails. The script runs under
# `sh -e`, so a command that fails ends it and its status becomes the case's: a call
# expected to fail is written `$NTMPLAN ... || echo "exit $?"`, and no $NTMPLAN call may
# feed a pipe (the pipe's status would be the filter's): write to a file, then filter.
# In stdout and stderr the repository's path and the temporary folder's are replaced by
# "" (so messages read "tests/data/cli/units.csv", "pack/index.html").
# Run with UPDATE=1 to write the expected files from what the cases do now, CASE=name to
# run one case only, and CASES_DIR=folder to run the cases of another folder.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
cases=${CASES_DIR:-$root/tests/cli/cases}
pass=0; fail=0
for case in "$cases"/*/; do
  case=${case%/}
  [ -d "$case" ] || continue
  name=$(basename "$case")
  [ -n "$CASE" ] && [ "$CASE" != "$name" ] && continue
  if [ ! -f "$case/cmd" ]; then
    echo "cli $name: no cmd script"; fail=$((fail + 1)); continue
  fi
  # An ntmplan call whose output feeds a pipe: its exit status would be lost.
  piped=$(grep -n '\$NTMPLAN' "$case/cmd" | grep -v '^[0-9]*: *#' |
    sed -e "s/'[^']*'//g" -e 's/"[^"]*"//g' | grep '\$NTMPLAN[^;]*[^|;]|\([^|]\|$\)' || true)
  if [ -n "$piped" ]; then
    echo "cli $name: \$NTMPLAN feeds a pipe (its exit status is lost); write to a file, then filter:"
    printf '%s\n' "$piped"; fail=$((fail + 1)); continue
  fi
  tmp=$(mktemp -d)
  ( cd "$tmp" && NTMPLAN="$bin" ROOT="$root" DATA="$root/tests/data" \
      NTMPLAN_MODELS="$root/models" NTMPLAN_DB= SOURCE_DATE_EPOCH=1700000000 \
      ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
      LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0 \
      sh -e "$case/cmd" >"$tmp/.out" 2>"$tmp/.err"; echo $? >"$tmp/.status" )
  for f in .out .err; do
    sed -e "s|$root/||g" -e "s|$tmp/||g" "$tmp/$f" >"$tmp/$f.n"
  done
  ok=1
  for f in stdout stderr status; do
    got=$tmp/.out.n; [ $f = stderr ] && got=$tmp/.err.n; [ $f = status ] && got=$tmp/.status
    if [ -n "$UPDATE" ]; then
      cp "$got" "$case/$f"
    elif [ ! -f "$case/$f" ]; then
      ok=0; echo "cli $name: no expected $f file (review the output, then UPDATE=1 CASE=$name)"
    elif ! cmp -s "$case/$f" "$got"; then
      ok=0; echo "cli $name: $f differs:"; diff "$case/$f" "$got" | head -20
    fi
  done
  if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
  rm -rf "$tmp"
done
[ $((pass + fail)) -gt 0 ] || { echo "cli: no case ran${CASE:+ (no case '$CASE')}"; fail=1; }
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
