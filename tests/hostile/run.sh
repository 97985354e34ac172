#!/bin/sh
# The hostile corpus: each file of tests/hostile/files (made by generate.py from the
# bundled examples, named CATEGORY-WHAT.csv) is imported into a copy of a database that
# holds scenarios/cam-thanh. Whatever the file, ntmplan must not crash (exit 0 or 1
# only, no sanitizer report) nor take over 20 s; a refusal must name the file and a line
# (FILE:LINE) and leave `sqlite3 DB .dump` identical with PRAGMA integrity_check ok; an
# acceptance must keep everything stored: no unit or observation lost, no stored value of
# theirs emptied. Prints "hostile: N passed, M failed".
# Usage: tests/hostile/run.sh NTMPLAN
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NTMPLAN_MODELS="$root/models" SOURCE_DATE_EPOCH=1700000000 NTMPLAN_DB= NTMPLAN_WAIT=5
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
pass=0; fail=0
cd "$tmp" || exit 1
"$bin" --db base.db init >/dev/null &&
  "$bin" --db base.db import "$root/scenarios/cam-thanh/units.csv" >/dev/null &&
  "$bin" --db base.db import "$root/scenarios/cam-thanh/observations.csv" >/dev/null 2>&1 ||
  { echo "hostile: setup failed"; echo "hostile: 0 passed, 1 failed"; exit 1; }
base_dump=$(sqlite3 base.db .dump | md5sum)
# Rows of the base database missing or emptied in main (0 when nothing was lost).
lost_sql="ATTACH 'base.db' AS b;
SELECT (SELECT count(*) FROM b.unit bu LEFT JOIN main.unit u ON u.name = bu.name
  WHERE u.id IS NULL OR (bu.set_id IS NOT NULL AND u.set_id IS NULL)
  OR (bu.class_key IS NOT NULL AND u.class_key IS NULL) OR (bu.note IS NOT NULL AND u.note IS NULL)
  OR (bu.parent_id IS NOT NULL AND u.parent_id IS NULL) OR (bu.flags IS NOT NULL AND u.flags IS NULL)
  OR (bu.households IS NOT NULL AND u.households IS NULL)
  OR (bu.population IS NOT NULL AND u.population IS NULL))
+ (SELECT count(*) FROM b.observation bo JOIN b.unit bu ON bu.id = bo.unit_id
  LEFT JOIN main.unit u ON u.name = bu.name
  LEFT JOIN main.observation o ON o.unit_id = u.id AND o.criterion = bo.criterion
   AND o.indicator = bo.indicator AND o.date = bo.date AND o.source = bo.source
  WHERE o.id IS NULL OR (bo.note IS NOT NULL AND o.note IS NULL));"
for f in "$root"/tests/hostile/files/*.csv; do
  name=$(basename "$f")
  cp base.db t.db
  cp "$f" "$name"
  timeout 20 "$bin" --db t.db import "$name" >out 2>err; rc=$?
  why=""
  if [ $rc = 124 ]; then why="took over 20 s"
  elif [ $rc != 0 ] && [ $rc != 1 ]; then why="exit $rc"
  elif grep -q "Sanitizer\|runtime error" err; then why="sanitizer report"
  elif [ "$(sqlite3 t.db 'PRAGMA integrity_check')" != ok ]; then why="integrity_check"
  elif [ $rc = 1 ]; then
    grep -q "^$name:[0-9][0-9]*\|^ntmplan: $name:[0-9][0-9]*" err || why="refusal names no line"
    [ "$(sqlite3 t.db .dump | md5sum)" = "$base_dump" ] || why="${why:+$why; }refused but the database changed"
  else
    [ "$(sqlite3 t.db "$lost_sql")" = 0 ] || why="accepted but stored data was lost"
  fi
  if [ -z "$why" ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "hostile $name: $why"; head -5 err
  fi
  rm -f t.db t.db-wal t.db-shm "$name"
done
echo "hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
