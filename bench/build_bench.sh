# Sourced by the benchmark scripts that run Python beside a C++ program
# (python_overhead.sh, sweep_speed.sh): checks Debian's python3 has numpy
# and mpmath, configures $build with the benchmarks on and builds the
# targets given, with the CLI and the Python module when $py_build is $build.
#   bench_build TARGET...    (sets python, build, py_build, root beforehand)
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
