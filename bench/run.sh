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
exit $status
