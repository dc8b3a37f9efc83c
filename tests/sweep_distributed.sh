#!/usr/bin/env bash
# A sweep run in pieces gives the single process's outputs, byte for byte
# (a ctest entry; docs/sweep.md#beyond-one-machine):
#  shards   --shard I/N for N = 3, then --merge, also after a shard is
#           killed and rerun and with a shard merged twice;
#  mpi      mpirun -np 2 and -np 3 (oversubscribed on this machine);
#  faults   SIGKILL to one worker rank, then SIGTERM to mpirun (what a
#           scheduler sends a job it ends), mid-sweep: every row journaled
#           is kept, and rerunning the same command completes to the same bytes.
# Compared: config.json, runs.csv, summary.{csv,md,tex,json}, traces/ and
# the figures' data and scripts (.dat, .gp). Not compared: timings.csv
# (wall times) and the drawn figures.
# Usage: [MPIEXEC=mpirun] sweep_distributed.sh SNAE_BINARY shards|mpi|faults
set -uo pipefail
snae=$1
part=$2
work=$(mktemp -d /tmp/snae_distributed_XXXXXX)
trap '[[ -n ${KEEP:-} ]] || rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

mpi=("${MPIEXEC:-mpirun}" --oversubscribe)
[[ $(id -u) -eq 0 ]] && mpi+=(--allow-run-as-root)
# Containers often forbid the cross-process memory copy Open MPI's shared
# memory transport tries first; copying through the shared segment works everywhere.
export OMPI_MCA_btl_vader_single_copy_mechanism=none

# Runs of very different cost (n = 16 and 64, b = 1 to full, two precisions).
args=(sweep --n 16,64 --batch 1,4,n/2,full --seeds 0..5 --scalar double,mpfr:128 -q)

outputs() { # the files that must match, relative to the folder
  (cd "$1" && find . -type f \( -name config.json -o -name runs.csv -o -name 'summary.*' -o -path './traces/*' -o -name '*.dat' \
    -o -name '*.gp' \) | sort)
}
identical_to_reference() { # FOLDER: silent; the first difference on stdout
  local list ref f
  ref=$(outputs "$work/ref")
  list=$(outputs "$1")
  [[ "$list" == "$ref" ]] || { echo "other files than the single process's: $(diff <(echo "$ref") <(echo "$list") | head -5)"; return 1; }
  for f in $list; do cmp -s "$work/ref/$f" "$1/$f" || { echo "$f differs from the single process's"; return 1; }; done
}
same_as_reference() { # FOLDER LABEL
  local why
  if why=$(identical_to_reference "$1"); then pass "$2: $(outputs "$1" | wc -l) files byte-identical to the single process's"
  else fail "$2: $why"; fi
}
rows() { [[ -f $1/runs.csv ]] && echo $(($(wc -l < "$1/runs.csv") - 1)) || echo 0; }

"$snae" "${args[@]}" --threads 2 --out-dir "$work/ref" || { echo "FAIL: the reference sweep"; exit 1; }
total=$(rows "$work/ref")

if [[ $part == shards ]]; then
  for i in 1 2 3; do "$snae" "${args[@]}" --threads 1 --shard "$i/3" --out-dir "$work/s$i" || fail "shard $i/3"; done
  sum=$(( $(rows "$work/s1") + $(rows "$work/s2") + $(rows "$work/s3") ))
  [[ $sum -eq $total ]] && pass "the 3 shards hold $sum rows, the sweep's $total" || fail "the shards hold $sum rows, not $total"
  [[ -e $work/s1/summary.csv ]] && fail "a shard wrote a summary of its part"
  "$snae" sweep --merge "$work/s1" "$work/s2" "$work/s3" --out-dir "$work/merged" -q || fail "merge"
  same_as_reference "$work/merged" "--merge of 3 shards"
  # The comparison itself: one changed value in one row, or a trace less, is caught.
  cp -r "$work/merged" "$work/tampered"
  sed -i '2s/,converged,/,max_steps,/' "$work/tampered/runs.csv"
  identical_to_reference "$work/tampered" > /dev/null && fail "a changed row was not noticed" || pass "a changed row is noticed"
  cp "$work/merged/runs.csv" "$work/tampered/runs.csv"
  rm "$(find "$work/tampered/traces" -type f | head -1)"
  identical_to_reference "$work/tampered" > /dev/null && fail "a missing trace was not noticed" || pass "a missing trace is noticed"
  # A partial merge says what is missing; merging the rest (and a shard twice) completes it.
  "$snae" sweep --merge "$work/s1" --out-dir "$work/partial" > "$work/partial.out" || fail "partial merge"
  grep -q "missing" "$work/partial.out" && [[ ! -e $work/partial/summary.csv ]] \
    && pass "a partial merge names what is missing and writes no summary" || fail "partial merge: $(cat "$work/partial.out")"
  "$snae" sweep --merge "$work/s1" "$work/s2" "$work/s3" --out-dir "$work/partial" -q || fail "completing a partial merge"
  same_as_reference "$work/partial" "a partial merge completed"
  # Mismatched inputs are refused with exit 2 and nothing written.
  "$snae" sweep --n 16 --seeds 0..1 --out-dir "$work/other" -q
  "$snae" sweep --merge "$work/s1" "$work/other" --out-dir "$work/bad" 2> "$work/bad.err"
  status=$?
  [[ $status -eq 2 && ! -e $work/bad && $(wc -l < "$work/bad.err") -eq 1 ]] && grep -q -- "--merge" "$work/bad.err" \
    && pass "merging two sweeps' folders: exit 2, one line, nothing written" || fail "merge of two sweeps: status $status, $(cat "$work/bad.err")"
  "$snae" "${args[@]}" --shard 4/3 --out-dir "$work/bad" 2> "$work/bad.err"
  [[ $? -eq 2 && ! -e $work/bad ]] && grep -q -- "--shard" "$work/bad.err" && pass "--shard 4/3 refused" || fail "--shard 4/3: $(cat "$work/bad.err")"
fi

if [[ $part == mpi ]]; then
  for np in 2 3; do
    "${mpi[@]}" -np "$np" "$snae" "${args[@]}" --threads 1 --out-dir "$work/np$np" 2> "$work/np$np.err" || fail "mpirun -np $np: $(tail -3 "$work/np$np.err")"
    same_as_reference "$work/np$np" "mpirun -np $np"
    workers=$(cut -d, -f4 "$work/np$np/timings.csv" | grep -o "rank [0-9]*" | sort -u | wc -l)
    [[ $workers -eq $np ]] && pass "mpirun -np $np: runs were done on $workers ranks" || fail "mpirun -np $np: runs done on $workers ranks, not $np"
  done
  # Bad input under MPI: one line from rank 0, exit 2, nothing written.
  "${mpi[@]}" -np 2 "$snae" "${args[@]}" --threads 0 --out-dir "$work/bad" > "$work/bad.out" 2> "$work/bad.err"
  status=$?
  [[ $status -eq 2 && ! -e $work/bad && $(grep -c "snae: error: --threads" "$work/bad.err") -eq 1 ]] \
    && pass "mpirun with a bad flag: exit 2, one error line, nothing written" || fail "mpirun with a bad flag: status $status: $(cat "$work/bad.err")"
fi

if [[ $part == faults ]]; then
  # Not quiet: the rerun's note says how many runs it resumed.
  slow=(sweep --n 64,128 --batch 1,full --seeds 0..5 --scalar mpfr:256 --no-figures)
  "$snae" "${slow[@]}" --threads 2 --out-dir "$work/slow-ref" > /dev/null 2>&1 || fail "the slow reference"
  for victim in rank mpirun; do
    dir=$work/killed-$victim
    "${mpi[@]}" -np 2 "$snae" "${slow[@]}" --threads 1 --out-dir "$dir" > /dev/null 2> "$dir.err" & job=$!
    for _ in $(seq 1 300); do [[ $(rows "$dir") -ge 5 ]] && break; sleep 0.05; done
    if [[ $victim == rank ]]; then
      # The rank-1 process: the snae child of mpirun holding OMPI_COMM_WORLD_RANK=1.
      pid=
      for p in $(pgrep -P "$job" -x snae); do grep -qz "^OMPI_COMM_WORLD_RANK=1$" "/proc/$p/environ" && pid=$p; done
      [[ -n $pid ]] || { fail "no rank 1 process found"; kill "$job"; wait "$job"; continue; }
      kill -KILL "$pid"
    else
      kill -TERM "$job"
    fi
    wait "$job" 2>/dev/null
    status=$?
    sleep 0.5 # mpirun ends the other ranks
    kept=$(rows "$dir")
    [[ $status -ne 0 && $kept -lt 24 ]] || fail "killing $victim: the job ended with $status and $kept of 24 rows (not mid-sweep)"
    "${mpi[@]}" -np 2 "$snae" "${slow[@]}" --threads 1 --out-dir "$dir" 2> "$dir.resume" > /dev/null || fail "resuming after killing $victim"
    resumed=$(sed -n 's/.*resuming: \([0-9]*\) of.*/\1/p' "$dir.resume")
    [[ -n $resumed && $resumed -eq $kept ]] \
      && pass "killing $victim with $kept whole rows journaled: the rerun resumed all $resumed" \
      || fail "killing $victim: $kept rows journaled, the rerun resumed '${resumed}'"
    differ=0
    for f in config.json runs.csv summary.csv summary.json; do
      cmp -s "$work/slow-ref/$f" "$dir/$f" || { fail "killing $victim: $f differs from the uninterrupted sweep's"; differ=1; }
    done
    [[ $differ -eq 0 ]] && pass "killing $victim: the resumed sweep's outputs are the uninterrupted one's"
  done
fi

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
