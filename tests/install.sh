#!/bin/sh
# The installed program: `make test` first runs `make install DESTDIR=build/stage` (with the
# default PREFIX); this checks that the copy under STAGE, run from another folder with no
# NTMPLAN_* variables, finds its Vietnamese catalog and the shipped criteria sets.
# Usage: tests/install.sh STAGE. Exit status 0 when every check holds.
root=$(cd "$(dirname "$0")/.." && pwd)
stage=$(cd "${1:?usage: tests/install.sh STAGE}" 2>/dev/null && pwd) || stage=$1
fail() { echo "install: $*"; exit 1; }
[ -d "$stage" ] || fail "nothing installed in $stage (see build/stage.log)"
bin=$(find "$stage" -path '*/bin/ntmplan' -type f | head -1)
[ -x "$bin" ] || fail "no bin/ntmplan under $stage"
share=$(cd "$(dirname "$bin")/../share" && pwd) || fail "no share/ beside $bin"
cmp -s "$root/build/locale/vi/LC_MESSAGES/ntmplan.mo" "$share/locale/vi/LC_MESSAGES/ntmplan.mo" ||
  fail "share/locale/vi/LC_MESSAGES/ntmplan.mo missing or not the built catalog"
diff -r "$root/models" "$share/ntmplan/models" >/dev/null || fail "share/ntmplan/models differs from models/"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
run() { env -u NTMPLAN_MODELS -u NTMPLAN_LOCALEDIR -u NTMPLAN_DB "$bin" "$@"; }
run --help >help.out 2>help.err || fail "--help: exit $?"
grep -q '^Các lệnh:' help.out || fail "--help is not in Vietnamese: $(head -3 help.out) $(cat help.err)"
[ -s help.err ] && fail "--help wrote to stderr: $(cat help.err)"
run init >init.out 2>init.err || fail "init: exit $?: $(cat init.err)"
want=$(ls "$root"/models/criteria/*.ini | wc -l)
got=$(grep -c '(đã nạp)' init.out)
[ "$got" -eq "$want" ] || fail "init loaded $got criteria sets, models/criteria has $want: $(cat init.out init.err)"
grep -q '^  thanh-hoa-2022 ' init.out || fail "init did not load thanh-hoa-2022: $(cat init.out)"
exit 0
