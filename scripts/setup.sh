#!/usr/bin/env bash
# One command from a fresh Debian 12 machine (as root) to a built snae:
#   scripts/setup.sh main   installs what is missing, builds in Release, runs the main job
#   scripts/setup.sh test   installs what is missing, builds in Release, runs the whole test suite
# The build goes to build/ (override with SNAE_BUILD_DIR).
set -euo pipefail

mode=${1:-main}
case "$mode" in
  main|test) ;;
  *) echo "usage: scripts/setup.sh main|test" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SNAE_BUILD_DIR:-$root/build}

# Debian packages snae needs (docs/building.md says what each is for).
packages=(g++ make cmake libboost-dev libboost-test-dev libmpfr-dev libgmp-dev libmpfi-dev libeigen3-dev
          libcli11-dev nlohmann-json3-dev python3)
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

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" -j"$(nproc)"

if [[ $mode == test ]]; then
  cd "$build"
  BOOST_TEST_COLOR_OUTPUT=no ctest --output-on-failure
  exit $?
fi

# The main job: the theory's headline in two runs on the same data and start.
# Full-batch GD keeps every coordinate that starts positive (a dense minimum
# aligned with w_0); SGD with batch size 1 selects a single data direction.
snae="$build/app/snae"
echo "== GD, full batch =="
"$snae" train --n 32 --d 32 --eta 4 --steps 100000 --tol 1e-12 --seed 0
echo
echo "== SGD, batch size 1 (same data and w_0) =="
"$snae" train --n 32 --d 32 --batch 1 --eta 0.25 --steps 100000 --seed 0
