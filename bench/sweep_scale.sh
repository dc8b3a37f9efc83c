#!/usr/bin/env bash
# Runs per second of one sweep at --threads 1 and 2 and under mpirun -np 1
# and 2 (one thread per rank), side by side in one invocation, and the
# per-run cost model's fit (docs/performance.md#sweeps-beyond-one-machine).
# Usage: bench/sweep_scale.sh [SNAE_BINARY]   (default build/app/snae)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
snae=${1:-$root/build/app/snae}
work=$(mktemp -d /tmp/snae_scale_XXXXXX)
trap 'rm -rf "$work"' EXIT
mpi=(mpirun --oversubscribe)
[[ $(id -u) -eq 0 ]] && mpi+=(--allow-run-as-root)
export OMPI_MCA_btl_vader_single_copy_mechanism=none
# The preset's shape without its b = n - 1 column (whose 8 s runs would make
# the figure a measure of two runs' variance): 300 runs of 1 ms to 0.3 s.
grid=(sweep --preset batch-size --batch 1,2,4,n/2,full --seeds 0..9 --no-figures -q)
run() { # LABEL COMMAND...
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  "$@" --out-dir "$work/$label"
  end=$(date +%s.%N)
  local runs=$(($(wc -l < "$work/$label/runs.csv") - 1))
  local busy
  busy=$(awk -F, 'NR > 1 { s += $2 } END { printf "%.2f", s }' "$work/$label/timings.csv")
  awk -v l="$label" -v r="$runs" -v s="$start" -v e="$end" -v b="$busy" \
    'BEGIN { w = e - s; printf "%-22s %4d runs  %7.2f s wall  %6.2f runs/s  busy %6.2f s\n", l, r, w, r / w, b }'
}
for round in 1 2; do
  echo "round $round"
  run threads-1 "$snae" "${grid[@]}" --threads 1
  run threads-2 "$snae" "${grid[@]}" --threads 2
  run mpirun-np-1 "${mpi[@]}" -np 1 "$snae" "${grid[@]}" --threads 1
  run mpirun-np-2 "${mpi[@]}" -np 2 "$snae" "${grid[@]}" --threads 1
  rm -rf "$work"/threads-* "$work"/mpirun-*
done
