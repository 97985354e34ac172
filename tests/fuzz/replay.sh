#!/bin/sh
# Replays the fuzz corpora (tests/fuzz/corpus/*) through the harnesses built with gcc and
# its sanitizers (a plain main(), tests/fuzz/replay.c). When make fuzz has built the clang
# harnesses, the corpora run through them too: clang's UBSan sees what gcc's does not
# (arithmetic on a NULL array: "[set]" alone in a catalog). Prints one closing line
# "fuzz: N passed, M failed". Usage: tests/fuzz/replay.sh BIN
root=$(cd "$(dirname "$0")/../.." && pwd)
export NTM_FUZZ_DEFAULTS="$root/models/defaults.ini"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
out=$("$1" "$root/tests/fuzz/corpus" 2>&1); rc=$?
printf '%s\n' "$out" | grep -v "^fuzz: " | tail -20
pass=$(printf '%s\n' "$out" | sed -n 's/^fuzz: \([0-9]*\) passed, 0 failed$/\1/p')
fail=0
[ $rc -eq 0 ] && [ -n "$pass" ] || { pass=${pass:-0}; fail=1; }
for h in csv number scenario catalog; do
  b="$root/build/fuzz/fuzz_$h"
  [ -x "$b" ] || continue
  if "$b" "$root/tests/fuzz/corpus/$h/"* >"$root/build/fuzz/replay-$h.log" 2>&1; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); echo "fuzz $h (clang): FAILED, see build/fuzz/replay-$h.log"
  fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
