#!/bin/sh
# make demo: the whole job on the bundled example (seed 003, xã Cẩm Thành), in a fresh
# database plots/demo/demo.db, so a planner sees every step and its output.
set -e
bin=${1:-./ntmplan}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/plots/demo"
mkdir -p "$out"
db="$out/demo.db"
rm -f "$db" "$db-wal" "$db-shm"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
step "$bin" --db "$db" init
step "$bin" --db "$db" import "$root/scenarios/cam-thanh/units.csv"
step "$bin" --db "$db" import "$root/scenarios/cam-thanh/observations.csv"
step "$bin" --db "$db" status --unit "Cam Thanh"
step "$bin" --db "$db" project --unit "Cam Thanh" --to 2026
for sc in baseline plan tight; do
  step "$bin" --db "$db" check --year 2024 "$root/scenarios/cam-thanh/$sc.ini"
done
step "$bin" --db "$db" run "$root/scenarios/cam-thanh/plan.ini"
for ext in svg png pdf; do
  step "$bin" --db "$db" plot trajectory --unit "Cam Thanh" --indicator 11.1 --target 2023 \
    --deadline 2024 --to 2027 --out "$out/trajectory-11.1.$ext"
  step "$bin" --db "$db" plot scorecard --unit "Cam Thanh" --out "$out/scorecard.$ext"
done
step "$bin" --db "$db" plot trajectory --unit "Cam Thanh" --all --deadline 2024 --out "$out/trajectories.png"
printf '\nCơ sở dữ liệu của bản chạy thử: %s\n' "$db"
printf 'Biểu đồ: %s\n' "$out"
step "$bin" --db "$db" report "$root/scenarios/cam-thanh/plan.ini" "$root/scenarios/cam-thanh/baseline.ini" \
  "$root/scenarios/cam-thanh/tight.ini" --out "$out/pack"
printf 'Tài liệu họp Ban chỉ đạo: %s/pack/index.html (bảng Excel: tables.xlsx; tóm tắt: summary.txt)\n' "$out"
