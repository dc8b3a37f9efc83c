#!/usr/bin/env bash
# Where each workload spends its time: `perf record` on snae_bench (built by
# bench/run.sh) and the top symbols by self time, into reports/profile.txt.
# Needs linux-perf (Debian: apt-get install linux-perf) and permission to
# profile (kernel.perf_event_paranoid <= 2, or root).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=${SNAE_BUILD_DIR:-$root/build}/bench/snae_bench
command -v perf >/dev/null || { echo "profile: perf not found (apt-get install linux-perf)" >&2; exit 1; }
[[ -x $bench ]] || { echo "profile: $bench not built; run bench/run.sh first" >&2; exit 1; }
mkdir -p "$root/reports/bench-iterates"
out=$root/reports/profile.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/profile.txt"
for w in ${PROFILE_ONLY:-W1 W2a W2b W3a W3b W4 W5 W2a-scaled W2b-scaled W3a-scaled}; do
  echo "profile: $w" >&2
  perf record -q -o "$tmp/$w.data" "$bench" "$w" "$root/reports/bench-iterates/$w-profile.txt" >/dev/null 2>&1
  {
    echo "== $w (self time, top 12 symbols)"
    perf report -i "$tmp/$w.data" --no-children --stdio --sort dso,symbol 2>/dev/null |
      grep -E '^ +[0-9]' | awk 'NR <= 12' | sed -E 's/ +/ /g'
    echo
  } >> "$tmp/profile.txt"
done
mv "$tmp/profile.txt" "$out"
echo "profile: wrote $out" >&2
