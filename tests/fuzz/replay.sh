#!/bin/sh
# Replays the fuzz corpora (tests/fuzz/corpus/*) through the harnesses built with gcc and
# its sanitizers (a plain main(), tests/fuzz/replay.c). Usage: tests/fuzz/replay.sh BIN
root=$(cd "$(dirname "$0")/../.." && pwd)
export NTM_FUZZ_DEFAULTS="$root/models/defaults.ini"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
out=$("$1" "$root/tests/fuzz/corpus" 2>&1); rc=$?
printf '%s\n' "$out" | tail -20
if [ $rc -ne 0 ] && ! printf '%s\n' "$out" | grep -q "^fuzz: .* 1 failed$"; then
  echo "fuzz: 0 passed, 1 failed"
fi
