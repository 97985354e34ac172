#!/bin/sh
# Runs every unit test binary given, then the end-to-end CLI tests, and prints one
# closing line "tests: N passed, M failed". Exit status 0 only when nothing failed.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
root=$(cd "$(dirname "$0")/.." && pwd)
pass=0; fail=0; failed_bins=""
# The tests write only in temporary folders: the checkout's status (changed and untracked
# files; ignored ones such as build/ aside) must be the same after them as before.
state=$(mktemp -d)
in_git=0
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  in_git=1; git -C "$root" status --porcelain --untracked-files=all >"$state/before"
fi
for t in "$@"; do
  out=$("$t" 2>&1); rc=$?
  p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
  f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed or sanitizer abort
  pass=$((pass + p)); fail=$((fail + f))
  if [ "$f" -gt 0 ]; then
    failed_bins="$failed_bins $(basename "$t")"
    printf '%s\n' "$out" | grep -vE '^\[ +(RUN|OK) +\]' | tail -40
  fi
  printf '%-28s %3d passed, %d failed\n' "$(basename "$t")" "$p" "$f"
done
cli=$(sh "$root/tests/cli/run.sh" "$root/build/san/ntmplan"); rc=$?
printf '%s\n' "$cli"
cp=$(printf '%s\n' "$cli" | sed -n 's/^cli: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
cf=$(printf '%s\n' "$cli" | sed -n 's/^cli: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
[ -z "$cp" ] && { cp=0; cf=1; }
pass=$((pass + cp)); fail=$((fail + cf))
# Suites that print "NAME: N passed, M failed": the hostile corpus (sanitizer build),
# the fault tests (release build: the kills need its speed), the fuzz corpora replayed.
for suite in "hostile:tests/hostile/run.sh:build/san/ntmplan" "fault:tests/fault/run.sh:ntmplan" \
             "fuzz:tests/fuzz/replay.sh:build/san/tests/fuzz_replay"; do
  sname=${suite%%:*}; rest=${suite#*:}; script=${rest%%:*}; target=${rest#*:}
  [ -f "$root/$script" ] || continue
  out=$(sh "$root/$script" "$root/$target" 2>&1)
  printf '%s\n' "$out" | tail -30
  sp=$(printf '%s\n' "$out" | sed -n "s/^$sname: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p")
  sf=$(printf '%s\n' "$out" | sed -n "s/^$sname: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p")
  [ -z "$sp" ] && { sp=0; sf=1; }
  pass=$((pass + sp)); fail=$((fail + sf))
done
# The program installed by `make test` into build/stage (see tests/install.sh): one test.
if inst=$(sh "$root/tests/install.sh" "$root/build/stage"); then
  pass=$((pass + 1)); printf '%-28s %3d passed, %d failed\n' install 1 0
else
  fail=$((fail + 1)); printf '%s\n%-28s %3d passed, %d failed\n' "$inst" install 0 1
fi
if [ $in_git = 1 ]; then
  git -C "$root" status --porcelain --untracked-files=all >"$state/after"
  if cmp -s "$state/before" "$state/after"; then
    pass=$((pass + 1)); echo "checkout: unchanged by the tests"
  else
    fail=$((fail + 1)); echo "checkout: the tests changed it (git status before / after):"
    diff "$state/before" "$state/after" | head -20
  fi
else
  echo "checkout: not a git work tree, not checked"
fi
rm -rf "$state"
[ -n "$failed_bins" ] && echo "failed unit tests:$failed_bins"
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
