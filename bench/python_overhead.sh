#!/usr/bin/env bash
# What the Python call snae.train adds over the C++ library and over
# `snae train`, side by side in one run (bench/python_overhead.py): builds
# snae_library_call, the CLI and the Python module in Release, then runs the
# script, which writes reports/python_overhead.{md,json}. Not part of the
# test suite: timings are measured here, never asserted in tests.
#   BENCH_REPS=5 (interleaved rounds)
#   SNAE_BUILD_DIR (default build/): where snae_library_call is built
#   SNAE_PYTHON_BUILD_DIR (default SNAE_BUILD_DIR): where the CLI and the
#     module come from; when it differs they are used as built there, not
#     rebuilt (so a benchmark can run beside someone else's build/).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SNAE_BUILD_DIR:-$root/build}
py_build=${SNAE_PYTHON_BUILD_DIR:-$build}

# The module needs Debian's python3 with numpy and mpmath (scripts/setup.sh).
python=/usr/bin/python3
if ! "$python" -c "import numpy, mpmath" 2>/dev/null; then
  echo "bench: $python lacks numpy or mpmath; run scripts/setup.sh (python3-numpy, python3-mpmath)" >&2
  exit 1
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSNAE_BUILD_BENCH=ON >/dev/null
targets=(snae_library_call)
# (-ef after the configure step: both folders exist by then when they are one)
[[ $py_build -ef $build ]] && targets+=(snae_cli snae_python)
cmake --build "$build" --target "${targets[@]}" -j"$(nproc)"
for f in "$py_build/app/snae" "$py_build/python/snae/__init__.py"; do
  [[ -e $f ]] || { echo "bench: $f is missing; build snae_cli and snae_python in $py_build" >&2; exit 1; }
done
cd "$root"
PYTHONPATH="$py_build/python${PYTHONPATH:+:$PYTHONPATH}" \
  "$python" "$root/bench/python_overhead.py" "$build/bench/snae_library_call" "$py_build/app/snae"
