#!/usr/bin/env bash
# One command from a fresh Debian 12 machine (as root) to a built snae:
#   scripts/setup.sh main   installs what is missing, builds in Release, runs the main job (snae verify)
#   scripts/setup.sh test   installs what is missing, builds in Release, runs the whole test suite
#   scripts/setup.sh sanitize   installs what is missing, builds in Debug -O1 with ASan+UBSan (build-asan/),
#                               runs the whole test suite there (LeakSanitizer included)
#   scripts/setup.sh packages [fuzz]   only installs what is missing (fuzz: also clang-14 and libFuzzer,
#                                      for fuzz/run.sh)
# The build goes to build/ (override with SNAE_BUILD_DIR).
set -euo pipefail

mode=${1:-main}
case "$mode" in
  main|test|sanitize|packages) ;;
  *) echo "usage: scripts/setup.sh main|test|sanitize|packages [fuzz]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SNAE_BUILD_DIR:-$root/build}

# Debian packages snae needs (docs/building.md says what each is for).
packages=(g++ make cmake libboost-dev libboost-test-dev libmpfr-dev libgmp-dev libmpfi-dev libeigen3-dev
          libcli11-dev nlohmann-json3-dev python3 python3-dev pybind11-dev python3-numpy python3-mpmath python3-matplotlib python3-pytest python3-pandas gnuplot-nox fonts-lmodern libflint-arb-dev
          texlive-latex-recommended texlive-science libopenmpi-dev openmpi-bin)
if [[ $mode == packages && ${2:-} == fuzz ]]; then packages+=(clang-14 libfuzzer-14-dev); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing packages and not root; run as root or install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

[[ $mode == packages ]] && exit 0

if [[ $mode == sanitize ]]; then
  asan=${SNAE_ASAN_BUILD_DIR:-$root/build-asan}
  # No Python module: an instrumented extension cannot load into an uninstrumented python3.
  # No MPI: Open MPI leaves allocations live at exit, which LeakSanitizer would report (not tried).
  cmake -S "$root" -B "$asan" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="-O1 -g" -DSNAE_SANITIZE=ON -DSNAE_BUILD_EXAMPLES=OFF -DSNAE_PYTHON=OFF \
    -DSNAE_MPI=OFF
  cmake --build "$asan" -j"$(nproc)"
  cd "$asan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 BOOST_TEST_COLOR_OUTPUT=no \
    ctest --output-on-failure -j"$(nproc)"
  exit $?
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" -j"$(nproc)"

if [[ $mode == test ]]; then
  cd "$build"
  BOOST_TEST_COLOR_OUTPUT=no ctest --output-on-failure -j"$(nproc)"
  exit $?
fi

# The main job: check every claim of the theory against the trainer at five
# precisions and write reports/verification.{md,tex,json} (exit 1 if a claim fails).
cd "$root"
exec "$build/app/snae" verify
