# Sourced by the benchmark scripts that run Python beside a C++ program
# (python_overhead.sh, sweep_speed.sh). Sets root, build (SNAE_BUILD_DIR,
# default build/: where the benchmark programs are built), py_build
# (SNAE_PYTHON_BUILD_DIR, default build: where the CLI and the module come
# from, used as built there when it differs) and python (Debian's, which
# has numpy and mpmath after scripts/setup.sh).
#   bench_build TARGET...    configures build with the benchmarks on and
#                            builds the targets, with the CLI and the module
#                            when py_build is build
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SNAE_BUILD_DIR:-$root/build}
py_build=${SNAE_PYTHON_BUILD_DIR:-$build}
python=/usr/bin/python3

bench_build() {
  if ! "$python" -c "import numpy, mpmath" 2>/dev/null; then
    echo "bench: $python lacks numpy or mpmath; run scripts/setup.sh (python3-numpy, python3-mpmath)" >&2
    exit 1
  fi
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSNAE_BUILD_BENCH=ON >/dev/null
  local targets=("$@")
  # (-ef after the configure step: both folders exist by then when they are one)
  [[ $py_build -ef $build ]] && targets+=(snae_cli snae_python)
  cmake --build "$build" --target "${targets[@]}" -j"$(nproc)"
  for f in "$py_build/app/snae" "$py_build/python/snae/__init__.py"; do
    [[ -e $f ]] || { echo "bench: $f is missing; build snae_cli and snae_python in $py_build" >&2; exit 1; }
  done
}
