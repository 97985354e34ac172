#!/bin/sh
# `make fuzz`: runs each libFuzzer harness for FUZZ_SECONDS (default 60) on a copy of its
# corpus (new inputs it finds go to build/fuzz/corpus/NAME, not into the repository);
# a crash leaves its input in build/fuzz/ and fails. Usage: tests/fuzz/run.sh SECONDS BIN...
root=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}; shift
export NTM_FUZZ_DEFAULTS="$root/models/defaults.ini"
status=0
for b in "$@"; do
  name=$(basename "$b" | sed 's/^fuzz_//')
  work="$root/build/fuzz/corpus/$name"
  mkdir -p "$work"
  cp "$root/tests/fuzz/corpus/$name/"* "$work/" 2>/dev/null
  echo "== fuzz $name: $secs s"
  "$b" -max_total_time="$secs" -max_len=65536 -timeout=20 -artifact_prefix="$root/build/fuzz/$name-" \
    "$work" >"$root/build/fuzz/$name.log" 2>&1
  rc=$?
  grep -E "^Done [0-9]+ runs|ERROR|SUMMARY|runtime error|invariant failed" "$root/build/fuzz/$name.log" | tail -5
  if [ $rc -ne 0 ]; then echo "fuzz $name: FAILED (log build/fuzz/$name.log, input build/fuzz/$name-*)"; status=1; fi
done
exit $status
