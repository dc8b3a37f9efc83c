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
# shellcheck source=bench/build_bench.sh
source "$(dirname "${BASH_SOURCE[0]}")/build_bench.sh"
bench_build snae_library_call
cd "$root"
PYTHONPATH="$py_build/python${PYTHONPATH:+:$PYTHONPATH}" \
  "$python" "$root/bench/python_overhead.py" "$build/bench/snae_library_call" "$py_build/app/snae"
