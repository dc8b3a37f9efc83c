#!/usr/bin/env bash
# The certified spectrum side by side (docs/arb.md#benchmark): snae's
# certify_spectrum (MPFI) against Arb's eigenvalue enclosure of the same
# matrix at the same precision, d = 50, 100, 200 by default. Builds the
# arb_spectrum executable (not part of the default build) in Release and
# prints its rows as a table; with an output path also keeps the raw
# tab-separated rows there. Timings are measured here, never asserted.
#   bash bench/arb_spectrum.sh [BITS [D...]]       (default: 256 50 100 200)
#   SNAE_BUILD_DIR=build-x  ARB_SPECTRUM_OUT=reports/arb_spectrum.tsv
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SNAE_BUILD_DIR:-$root/build}
if ! dpkg-query -W -f='${Status}' libflint-arb-dev 2>/dev/null | grep -q "install ok installed"; then
  echo "arb_spectrum: libflint-arb-dev is not installed (apt-get install libflint-arb-dev)" >&2
  exit 1
fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSNAE_WITH_ARB=ON >/dev/null
cmake --build "$build" --target arb_spectrum -j"$(nproc)" >/dev/null
out=${ARB_SPECTRUM_OUT:-$(mktemp)}
"$build/proofs_checks/arb/arb_spectrum" "$@" | tee "$out" >/dev/null
# Columns: the radius is the enclosure radius each backend obtained with
# the counts (snae: the tight cluster radius; Arb: its largest ball).
cut -f1-11 "$out" | column -t -s $'\t'
echo
echo "notes:"
awk -F'\t' 'NR > 1 && $12 != "" { printf "  d=%s %s: %s\n", $1, $5, $12 }' "$out"
if [[ -z ${ARB_SPECTRUM_OUT:-} ]]; then rm -f "$out"; fi
