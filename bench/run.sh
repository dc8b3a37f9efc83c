#!/usr/bin/env bash
# Benchmarks side by side (bench/workloads.md): snae, numpy, mpmath (gmpy2
# backend) and the raw-MPFR / plain-C floor, in one run. Installs what is
# missing (as root), builds snae_bench in Release and the floor with the
# same floating-point flags, then runs bench/run.py. Not part of the test
# suite: timings are measured here, never asserted in tests.
#   BENCH_REPS=5 (timed rounds), BENCH_ONLY=W1,W3b (a subset)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SNAE_BUILD_DIR:-$root/build}

packages=(g++ gcc make cmake libmpfr-dev libgmp-dev python3 python3-mpmath python3-gmpy2 python3-numpy)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then echo "bench: missing ${missing[*]}; run as root or install them" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSNAE_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target snae_bench -j"$(nproc)"
mkdir -p "$build/bench"
gcc -std=c11 -O2 -ffp-contract=off -o "$build/bench/floor" "$root/bench/floor.c" -lmpfr -lgmp -lm
cd "$root"
/usr/bin/python3 "$root/bench/run.py" "$build/bench/snae_bench" "$build/bench/floor"
# Growth with d, steps and precision (reports/scaling.*); BENCH_SCALING=0 skips it.
if [[ ${BENCH_SCALING:-1} != 0 ]]; then
  /usr/bin/python3 "$root/bench/scaling.py" "$build/bench/snae_bench"
fi
