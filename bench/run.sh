#!/bin/sh
# Runs each benchmark program given, from the repository root, and says on what machine.
# Figures go to stdout; copy them into README.md with the command that produced them.
cd "$(dirname "$0")/.." || exit 1
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "command: make bench ($(git rev-parse --short HEAD 2>/dev/null || echo 'no git'))"
status=0
for b in "$@"; do
  echo
  echo "== $(basename "$b")"
  case "$(basename "$b")" in
    m3_eval) "$b" bench/data/m3-yearly || status=1 ;;
    *) "$b" || status=1 ;;
  esac
done
# Gap costing for one commune, through the CLI as a planner runs it (the scenario's
# 2000 draws), best of three.
echo
echo "== gaps (one commune: scenarios/cam-thanh/baseline.ini --by 2024)"
tmp=$(mktemp -d)
./ntmplan --db "$tmp/b.db" init >/dev/null && ./ntmplan --db "$tmp/b.db" import scenarios/cam-thanh/units.csv >/dev/null &&
  ./ntmplan --db "$tmp/b.db" import scenarios/cam-thanh/observations.csv >/dev/null 2>&1 || status=1
best=""
for i in 1 2 3; do
  t0=$(date +%s.%N)
  ./ntmplan --db "$tmp/b.db" gaps scenarios/cam-thanh/baseline.ini --by 2024 >/dev/null 2>&1 || status=1
  t1=$(date +%s.%N)
  t=$(echo "$t1 - $t0" | bc -l 2>/dev/null || awk "BEGIN {print $t1 - $t0}")
  if [ -z "$best" ] || [ "$(awk "BEGIN {print ($t < $best)}")" = 1 ]; then best=$t; fi
done
printf 'gaps for 10 gaps and 8 criteria, 2000 draws: best %.2f s of 3 runs (target < 1 s)\n' "$best"
rm -rf "$tmp"
exit $status
