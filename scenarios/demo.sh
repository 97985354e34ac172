#!/bin/sh
# make demo: the whole job on the bundled examples, in fresh databases under plots/demo/:
# the commune of the Kế hoạch UBND xã Cẩm Thành (xã Cẩm Thành, Thanh Hóa, 07/2023) and the district of the Công văn UBND huyện Hữu Lũng
# (huyện Hữu Lũng, Lạng Sơn, 2024; illustrative data). Every step is printed before it runs.
set -e
bin=${1:-./ntmplan}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/plots/demo"
ct="$root/scenarios/cam-thanh"
hl="$root/scenarios/huu-lung"
mkdir -p "$out"
db="$out/demo.db"
rm -f "$db" "$db-wal" "$db-shm"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

# Where Cẩm Thành stands, where it is heading, and whether 2024 can be made.
step "$bin" --db "$db" init
step "$bin" --db "$db" import "$ct/units.csv"
step "$bin" --db "$db" import "$ct/observations.csv"
step "$bin" --db "$db" status --unit "Cam Thanh"
step "$bin" --db "$db" project --unit "Cam Thanh" --to 2026
for sc in baseline plan tight; do
  step "$bin" --db "$db" check --year 2024 "$ct/$sc.ini"
done
step "$bin" --db "$db" run "$ct/plan.ini"
# What closing the gaps costs, what to fund first, and the scenarios side by side.
step "$bin" --db "$db" gaps "$ct/baseline.ini" --by 2024
step "$bin" --db "$db" optimize "$ct/tight.ini" --out "$out/tight-optimized.ini"
step "$bin" --db "$db" roadmap "$ct/plan.ini"
step "$bin" --db "$db" compare "$ct/baseline.ini" "$ct/tight.ini" "$ct/plan.ini" \
  "$out/tight-optimized.ini"

# Every chart kind, in the three formats.
for ext in svg png pdf; do
  step "$bin" --db "$db" plot trajectory --unit "Cam Thanh" --indicator 11.1 --target 2023 \
    --deadline 2024 --to 2027 --out "$out/trajectory-11.1.$ext"
  step "$bin" --db "$db" plot trajectory --unit "Cam Thanh" --all --deadline 2024 \
    --out "$out/trajectories.$ext"
  step "$bin" --db "$db" plot scorecard --unit "Cam Thanh" --out "$out/scorecard.$ext"
  step "$bin" --db "$db" plot roadmap "$ct/plan.ini" --out "$out/roadmap.$ext"
  step "$bin" --db "$db" plot gaps "$ct/baseline.ini" --out "$out/gaps.$ext"
  step "$bin" --db "$db" plot compare "$ct/baseline.ini" "$ct/tight.ini" "$ct/plan.ini" \
    --out "$out/compare.$ext"
done

# The district: which communes to push for 2024, which recognised ones are at risk.
hdb="$out/huu-lung.db"
rm -f "$hdb" "$hdb-wal" "$hdb-shm"
step "$bin" --db "$hdb" init
step "$bin" --db "$hdb" import "$hl/units.csv"
step "$bin" --db "$hdb" import "$hl/observations.csv"
step "$bin" --db "$hdb" optimize "$hl/district-2024.ini" --objective communes \
  --out "$out/huu-lung-optimized.ini"
for ext in svg png pdf; do
  step "$bin" --db "$hdb" plot heatmap "$hl/district-2024.ini" --out "$out/heatmap-huu-lung.$ext"
done

# Today (December 2026): a commune merged on 1/7/2025 from two former communes, on an
# illustrative province set for 2026-2030, and its 2026-2030 plan with the 2026 funding keys.
tdb="$out/xa-sap-nhap-2026.db"
x26="$root/scenarios/xa-sap-nhap-2026"
rm -f "$tdb" "$tdb-wal" "$tdb-shm"
step "$bin" --db "$tdb" init
step "$bin" --db "$tdb" units --province "Thanh Hóa" --code 15127
step "$bin" --db "$tdb" --today 2026-12-04 import "$x26/units.csv" "$x26/observations.csv" \
  "$x26/mergers.csv" "$x26/recognitions.csv"
step "$bin" --db "$tdb" --today 2026-12-04 status --unit "Cẩm Thành Mới"
step "$bin" --db "$tdb" --today 2026-12-04 check "$x26/ke-hoach-2026-2030.ini"

# The meeting pack for the committee.
step "$bin" --db "$db" report "$ct/plan.ini" "$ct/baseline.ini" "$ct/tight.ini" --out "$out/pack"

printf '\nCơ sở dữ liệu: %s, %s, %s\n' "$db" "$hdb" "$tdb"
printf 'Biểu đồ (SVG, PNG, PDF):\n'
ls "$out"/*.svg "$out"/*.png "$out"/*.pdf | sed 's/^/  /'
printf 'Tài liệu họp Ban chỉ đạo: %s/pack/index.html (bảng Excel: tables.xlsx; tóm tắt: summary.txt)\n' "$out"

# Following the plan: tasks, dossiers, registrations and money of 2023-2024, then the
# 9-month report of 2023 as the committee would read it on 01/10/2023.
ft="$root/scenarios/cam-thanh-theo-doi"
step "$bin" --db "$db" import "$ft/observations-q3.csv" "$ft/tasks.csv" "$ft/dossiers.csv" \
  "$ft/registrations.csv" "$ft/disbursements.csv"
step "$bin" --db "$db" progress --period 9T/2023 --unit "Cam Thanh" --today 2023-10-01
