#!/bin/sh
# Fault tests: an import and a run killed with SIGKILL at random moments leave the
# database as it was before or after, never between, and intact; two writers at once
# both succeed (the second waits and says so) or the second stops at its bound with
# the database unchanged; a run whose final write cannot get the database saves its
# results beside it and says where; a full disk (ulimit -f) gives a clear error and an
# unchanged database. Prints "fault: N passed, M failed"; exit 0 when nothing failed.
# Usage: tests/fault/run.sh NTMPLAN (the release binary: the kills need real speed).
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NTMPLAN_MODELS="$root/models" SOURCE_DATE_EPOCH=1700000000 NTMPLAN_DB= LC_ALL=C.UTF-8
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "fault: FAILED: $*"; }
cd "$tmp" || exit 1

# A province of 300 communes and 60.000 observations of them (12 per commune and year).
awk 'BEGIN { print "name;level;parent;class;set";
             print "Tỉnh Thử;province;;BTB;";
             for (i = 1; i <= 300; i++) printf "Xã %03d;commune;Tỉnh Thử;BTB;thanh-hoa-2022\n", i }' >units.csv
awk 'BEGIN { print "unit;indicator;date;value;source";
             split("6.2 11.1 11.1a 11.1b 12.2 13.3 15.1 15.4 17.7 19.2 11.1 12.2", c, " ");
             n = 0;
             for (y = 1960; n < 60000; y++) for (i = 1; i <= 300 && n < 60000; i++)
               for (k = 1; k <= 10 && n < 60000; k++) { printf "Xã %03d;%s;%d;%d,5;Báo cáo %d\n", i, c[k], y, k, y; n++ } }' >obs.csv
"$bin" --db base.db init >/dev/null && "$bin" --db base.db import units.csv >/dev/null ||
  { bad "setup"; echo "fault: $pass passed, $((fail)) failed"; exit 1; }

integrity() { sqlite3 "$1" "PRAGMA integrity_check"; }
count() { sqlite3 "$1" "SELECT count(*) FROM $2"; }
rand_ms() { awk -v s="$1" 'BEGIN { srand(s); printf "%.3f", 0.02 + rand() * 0.9 }'; }

# 1. kill -9 during an import: 0 or all 60.000 observations, integrity ok.
for i in 1 2 3 4 5 6; do
  cp base.db k.db
  "$bin" --db k.db import obs.csv >/dev/null 2>&1 &
  pid=$!
  sleep "$(rand_ms $i)"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  n=$(count k.db observation)
  [ "$(integrity k.db)" = ok ] || bad "import kill $i: integrity"
  if [ "$n" = 0 ] || [ "$n" = 60000 ]; then ok; else bad "import kill $i: $n observations (partial)"; fi
  rm -f k.db k.db-wal k.db-shm
done

# 2. kill -9 during a run: no run or one whole run, integrity ok.
"$bin" --db r.db init >/dev/null && "$bin" --db r.db import "$root/scenarios/cam-thanh/units.csv" >/dev/null &&
  "$bin" --db r.db import "$root/scenarios/cam-thanh/observations.csv" >/dev/null 2>&1 || bad "run setup"
for i in 1 2 3 4; do
  cp r.db rk.db
  "$bin" --db rk.db run --draws 40000 "$root/scenarios/cam-thanh/plan.ini" >/dev/null 2>&1 &
  pid=$!
  sleep "$(rand_ms $((i + 10)))"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  [ "$(integrity rk.db)" = ok ] || bad "run kill $i: integrity"
  runs=$(count rk.db run); items=$(sqlite3 rk.db "SELECT count(*) FROM run_item")
  if [ "$runs" = 0 ] && [ "$items" = 0 ]; then ok
  elif [ "$runs" = 1 ] && [ "$items" -gt 0 ]; then ok
  else bad "run kill $i: $runs runs with $items items"; fi
  rm -f rk.db rk.db-wal rk.db-shm
done

# 3. Two writers: while another program holds the write lock for 2 s, an import waits
# (and says so), then succeeds; two imports at once both succeed.
cp base.db w.db
printf 'BEGIN IMMEDIATE;\n.shell sleep 2\nCOMMIT;\n' | sqlite3 w.db &
holder=$!
sleep 0.5
printf 'name;level;parent\nXã Mới;commune;Tỉnh Thử\n' >new.csv
NTMPLAN_WAIT=30 "$bin" --db w.db import new.csv >w.out 2>w.err; rc=$?
wait $holder
if [ $rc = 0 ] && grep -q "đang được một chương trình khác ghi" w.err; then ok; else bad "writer waits: exit $rc: $(cat w.err)"; fi
[ "$(count w.db unit)" = 302 ] && ok || bad "writer waits: units $(count w.db unit)"
"$bin" --db w.db import obs.csv >/dev/null 2>w1.err &
a=$!
NTMPLAN_WAIT=60 "$bin" --db w.db import "$root/scenarios/cam-thanh/units.csv" >/dev/null 2>w2.err; rb=$?
wait $a; ra=$?
if [ $ra = 0 ] && [ $rb = 0 ] && [ "$(count w.db observation)" = 60000 ] && [ "$(count w.db unit)" = 305 ]; then ok
else bad "two imports at once: exits $ra $rb: $(cat w1.err w2.err)"; fi

# 4. The wait has a bound: past it the import stops, in Vietnamese, and changes nothing.
cp base.db b.db
before=$(sqlite3 b.db .dump | md5sum)
printf 'BEGIN IMMEDIATE;\n.shell sleep 3\nCOMMIT;\n' | sqlite3 b.db &
holder=$!
sleep 0.5
"$bin" --db b.db import --wait 0.5 new.csv >/dev/null 2>b.err; rc=$?
wait $holder
if [ $rc = 1 ] && grep -q "đang được một chương trình khác ghi" b.err && ! grep -q "database is locked" b.err; then ok
else bad "wait bound: exit $rc: $(cat b.err)"; fi
[ "$(sqlite3 b.db .dump | md5sum)" = "$before" ] && ok || bad "wait bound: database changed"

# 5. A run whose final write cannot get the database keeps its results in a file beside it.
cp r.db rb.db
printf 'BEGIN IMMEDIATE;\n.shell sleep 6\nCOMMIT;\n' | sqlite3 rb.db &
holder=$!
sleep 0.5
NTMPLAN_WAIT=0.3 "$bin" --db rb.db run --draws 200 "$root/scenarios/cam-thanh/plan.ini" >/dev/null 2>rb.err; rc=$?
wait $holder
saved=$(ls rb.db.run-*.db 2>/dev/null | head -1)
if [ $rc = 1 ] && [ -n "$saved" ] && [ "$(count "$saved" run)" = 1 ] && grep -q "$saved" rb.err; then ok
else bad "run saved aside: exit $rc, file '$saved': $(cat rb.err)"; fi

# 6. A full disk (a file size limit; SIGXFSZ ignored so that the write fails with EFBIG).
cp base.db f.db
before=$(sqlite3 f.db .dump | md5sum)
size=$(( $(wc -c <f.db) / 512 + 64 ))
( trap '' XFSZ; ulimit -f $size; exec "$bin" --db f.db import obs.csv ) >/dev/null 2>f.err; rc=$?
if [ $rc = 1 ] && grep -q "đĩa đã đầy" f.err; then ok; else bad "full disk: exit $rc: $(cat f.err)"; fi
[ "$(integrity f.db)" = ok ] || bad "full disk: integrity"
[ "$(sqlite3 f.db .dump | md5sum)" = "$before" ] && ok || bad "full disk: database changed"

echo "fault: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
