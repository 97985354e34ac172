#!/bin/sh
# Makes sure the Debian packages ntmplan builds, tests and draws with are installed.
# As root it installs what is missing; otherwise it prints the exact command and fails.
PKGS="build-essential pkg-config libgsl-dev libsqlite3-dev sqlite3 libplot-dev
libfreetype-dev fonts-dejavu-core librsvg2-dev libcairo2-dev libglpk-dev
libxlsxwriter-dev libinih-dev libutf8proc-dev libcmocka-dev gettext xlsx2csv chromium
libzip-dev libxml2-dev python3-openpyxl time
libicu-dev clang libclang-rt-14-dev"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "deps: installing:$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq $missing >/dev/null || exit 1
else
  echo "deps: missing Debian packages; run:" >&2
  echo "  sudo apt-get install -y$missing" >&2
  exit 1
fi
