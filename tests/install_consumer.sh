#!/usr/bin/env bash
# Installs the built snae into a temporary prefix and builds
# examples/library_use against it with find_package(snae): the package
# works for a user outside this tree. Usage: install_consumer.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
cmake -S "$src/examples/library_use" -B "$tmp/example" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/example" >/dev/null
out=$("$tmp/example/snae_library_use")
echo "$out" | tail -2
# The 128-bit run converges (its tolerance 1e-20 is above 2^-128).
grep -q "^mpfr:128: converged" <<<"$out"
