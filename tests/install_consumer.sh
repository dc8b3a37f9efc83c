#!/usr/bin/env bash
# Installs the built snae into a temporary prefix and builds
# examples/library_use against it with find_package(snae), and imports the
# installed Python package from there: both work for a user outside this
# tree. Usage: install_consumer.sh BUILD_DIR SOURCE_DIR
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

# The Python package, where the install put it for the interpreter it was
# built for (docs/python.md): importable from there, away from the build tree.
site=$(sed -n 's/^SNAE_PYTHON_INSTALL_DIR:[A-Z]*=//p' "$build/CMakeCache.txt")
python=$(sed -n 's/^SNAE_PYTHON_EXECUTABLE:[A-Z]*=//p' "$build/CMakeCache.txt")
if [[ -n $site && -d "$build/python/snae" ]]; then
  cd "$tmp"
  PYTHONPATH="$tmp/prefix/$site" "$python" -c "
import snae, sys
assert snae.__file__.startswith('$tmp/prefix/'), snae.__file__
r = snae.train(n=8, d=8, eta=2, steps=200, scalar='mpfr:256')
assert r.status == 'max_steps' and r.precision_bits == 256, r
print('python:', snae.__file__, r.status)
"
fi
