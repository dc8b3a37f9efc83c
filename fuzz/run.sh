#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang-14 (ASan + UBSan + coverage) and
# runs each for a bounded time on its corpus:
#   bash fuzz/run.sh [SECONDS_EACH]     (default 60)
# New interesting inputs go to fuzz/corpus/<name>/, merged down to those that
# add coverage at the end (commit them);
# a crash is saved to fuzz/crashes/<name>/, where the ctest entry
# fuzz_replay_<name> replays it from then on. A summary line per harness
# (executions, corpus size, crashes) goes to reports/fuzz.txt.
set -euo pipefail

seconds=${1:-60}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SNAE_FUZZ_BUILD_DIR:-$root/build-fuzz}
bash "$root/scripts/setup.sh" packages fuzz

# clang finds GCC's libstdc++ but not quadmath.h, which sits among GCC's own
# builtin headers: expose that one header (and its companion) alone.
quad=$build/quadmath-include
mkdir -p "$quad"
for h in quadmath.h quadmath_weak.h; do ln -sf "$(gcc -print-file-name=include)/$h" "$quad/$h"; done
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++-14 \
      -DCMAKE_CXX_FLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -isystem $quad" \
      -DSNAE_FUZZ=ON -DSNAE_BUILD_TESTS=OFF -DSNAE_BUILD_CLI=OFF -DSNAE_BUILD_EXAMPLES=OFF >/dev/null
harnesses=(data_file init_file schedule_file sweep_config n_expr journal)
cmake --build "$build" -j"$(nproc)" --target "${harnesses[@]/#/fuzz_}"

mkdir -p "$root/reports"
report=$root/reports/fuzz.txt
: > "$report"
for h in "${harnesses[@]}"; do
  corpus=$root/fuzz/corpus/$h crashes=$root/fuzz/crashes/$h
  mkdir -p "$corpus" "$crashes"
  log=$build/fuzz_$h.log
  # -max_len keeps inputs file-sized; -timeout flags a hang; -rss_limit_mb a runaway allocation.
  (cd "$build" && ./fuzz/fuzz_$h -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$crashes/" "$corpus" >"$log" 2>&1) || true
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || true)
  [[ -n $execs ]] || execs=$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
  # Keep only the inputs that add coverage (the corpus is committed and replayed by ctest).
  merged=$(mktemp -d)
  (cd "$build" && ./fuzz/fuzz_$h -merge=1 "$merged" "$corpus" >>"$log" 2>&1) && rm -f "$corpus"/* && cp "$merged"/* "$corpus"/
  rm -rf "$merged"
  found=$(find "$crashes" -type f ! -name '.*' | wc -l)
  echo "$h: ${execs:-?} executions in ${seconds} s, corpus $(ls "$corpus" | wc -l) inputs, crash/timeout/oom inputs kept: $found" | tee -a "$report"
done
