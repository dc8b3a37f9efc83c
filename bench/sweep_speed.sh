#!/usr/bin/env bash
# High-precision sweeps before and after the scaled update and the
# structured spectrum, side by side in one run (bench/sweep_speed.py):
# builds snae_sweep_phases, the CLI and the Python module in Release, then
# runs the script, which writes reports/sweep_speed.{md,json}. About 10
# minutes on 2 cores (the dense 1024 x 1024 solve at 256 bits, mpmath's
# eigsy at d = 200 and two whole presets). Not part of the test suite.
#   BENCH_PRESET=0 skips the two presets
#   SNAE_BUILD_DIR (default build/): where snae_sweep_phases is built
#   SNAE_PYTHON_BUILD_DIR (default SNAE_BUILD_DIR): where the CLI and the
#     module come from; when it differs they are used as built there
set -euo pipefail
# shellcheck source=bench/build_bench.sh
source "$(dirname "${BASH_SOURCE[0]}")/build_bench.sh"
bench_build snae_sweep_phases
cd "$root"
PYTHONPATH="$py_build/python${PYTHONPATH:+:$PYTHONPATH}" \
  "$python" "$root/bench/sweep_speed.py" "$build/bench/snae_sweep_phases" "$py_build/app/snae"
