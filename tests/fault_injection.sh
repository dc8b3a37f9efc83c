#!/usr/bin/env bash
# Fault injection against the snae command line (a ctest entry; about 30 s):
#  1. a sweep SIGKILLed at random points and rerun until it completes gives
#     runs.csv and summary.csv byte-identical to an uninterrupted sweep;
#  2. a torn last journal line is dropped with a note and the rerun completes
#     to the same bytes;
#  3. a second sweep on a folder in use is refused (exit 2, naming the holder);
#  4. SIGINT stops train, sweep, verify and precision with exit status 130 and
#     complete outputs that say they were interrupted;
#  5. a full file system (a 64 KiB tmpfs, where this machine lets us mount
#     one) fails a write with its reason and leaves the old file whole;
#  6. SIGINT while train or sweep reads an endless pipe (--data, --config)
#     stops the read: exit 130, one line, no output file.
# Usage: fault_injection.sh SNAE_BINARY
set -uo pipefail
snae=$1
work=$(mktemp -d /tmp/snae_fault_XXXXXX)
trap 'umount "$work/full" 2>/dev/null; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

loud_args=(sweep --n 64 --batch 1,2,full --seeds 0..23 --scalar mpfr:128 --no-figures --threads 2)
sweep_args=("${loud_args[@]}" -q)

# 1. SIGKILL at random points, then resume.
"$snae" "${sweep_args[@]}" --out-dir "$work/ref" || fail "reference sweep"
RANDOM=20261129 # the delays are pseudo-random but the same every run
kills=0
for attempt in $(seq 1 12); do
  "$snae" "${sweep_args[@]}" --out-dir "$work/killed" & pid=$!
  sleep "0.$((RANDOM % 6 + 2))"
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; kills=$((kills + 1)); fi
  wait "$pid" 2>/dev/null
  status=$?
  [[ $status -eq 0 ]] && break
done
# Then resume without a kill (a slow build, e.g. under sanitizers, may need it).
[[ $status -eq 0 ]] || "$snae" "${sweep_args[@]}" --out-dir "$work/killed" || fail "1. the last resume"
for f in runs.csv summary.csv; do
  cmp -s "$work/ref/$f" "$work/killed/$f" && pass "1. $f byte-identical after $kills SIGKILLs" \
    || fail "1. $f differs after $kills SIGKILLs and resumes"
done
[[ $kills -ge 2 ]] || fail "1. only $kills kills landed mid-run"

# 2. A torn last line: cut the journal in the middle of its last row (beside
#    the configuration it belongs to, config.json).
mkdir -p "$work/torn"
cp "$work/ref/config.json" "$work/torn/config.json"
bytes=$(wc -c < "$work/ref/runs.csv")
head -c $((bytes - 40)) "$work/ref/runs.csv" > "$work/torn/runs.csv"
"$snae" "${loud_args[@]}" --out-dir "$work/torn" > "$work/torn.out" 2> "$work/torn.err"
status=$?
if [[ $status -eq 0 ]] && cmp -s "$work/ref/runs.csv" "$work/torn/runs.csv" && grep -qi "torn" "$work/torn.err"; then
  pass "2. torn last line dropped with a note, rerun byte-identical"
else
  fail "2. torn last line: exit $status, $(head -c 300 "$work/torn.err")"
fi

# 3. Two sweeps on one folder.
"$snae" "${sweep_args[@]}" --out-dir "$work/busy" & pid=$!
for _ in $(seq 1 100); do # until the first sweep holds the lock (at most 10 s on a loaded machine)
  grep -qs "$pid" "$work/busy/.snae-sweep.lock" && break
  sleep 0.1
done
"$snae" "${sweep_args[@]}" --out-dir "$work/busy" 2> "$work/busy.err"
status=$?
kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
if [[ $status -eq 2 ]] && grep -q "$pid" "$work/busy.err" && [[ $(wc -l < "$work/busy.err") -eq 1 ]]; then
  pass "3. the second sweep is refused, naming pid $pid"
else
  fail "3. second sweep: exit $status, $(cat "$work/busy.err")"
fi

# 4. SIGINT: exit 130 within a few seconds, complete outputs marked interrupted.
interrupt() { # name, seconds before SIGINT, check command, command...
  local name=$1 delay=$2 check=$3; shift 3
  "$snae" "$@" > "$work/$name.out" 2> "$work/$name.err" & local pid=$!
  sleep "$delay"
  local t0=$SECONDS
  kill -INT "$pid"
  wait "$pid"
  local status=$?
  if [[ $status -eq 130 ]] && (( SECONDS - t0 <= 2 )) && eval "$check"; then
    pass "4. $name: SIGINT gives exit 130 and complete outputs"
  else
    fail "4. $name: exit $status after $((SECONDS - t0)) s, check: $check"
  fi
}
interrupt train 1 'grep -q "\"status\": \"interrupted\"" "$work/t.json"' \
  train --n 64 --d 64 --batch 1 --eta 0.25 --steps 100000000 --scalar mpfr:256 --out "$work/t.json"
interrupt sweep 1 'python3 -c "import csv,sys; rows=list(csv.reader(open(sys.argv[1]))); sys.exit(0 if len(rows) >= 2 else 1)" "$work/int_sweep/runs.csv"' \
  sweep --n 64 --batch 1 --seeds 0..200 --scalar mpfr:256 --no-figures -q --threads 2 --out-dir "$work/int_sweep"
interrupt verify 2 'python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if j[\"interrupted\"] else 1)" "$work/int_verify/verification.json"' \
  verify --claims C1,C8 --out-dir "$work/int_verify" -q
interrupt precision 2 'python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if j[\"snae_precision\"][\"interrupted\"] else 1)" "$work/int_precision/precision.json"' \
  precision --n 64 --d 64 --eta 4 --steps 20000 --out-dir "$work/int_precision" -q

# 5. A full file system.
mkdir -p "$work/full"
if mount -t tmpfs -o size=64k tmpfs "$work/full" 2>/dev/null; then
  "$snae" train --n 4 --d 4 --steps 3 --out "$work/full/r.json" -q || fail "5. first small write"
  cp "$work/full/r.json" "$work/before.json"
  "$snae" train --n 1 --d 20000 --steps 1 --out "$work/full/r.json" -q 2> "$work/full.err"
  status=$?
  if [[ $status -ne 0 ]] && grep -q "No space left on device" "$work/full.err" && cmp -s "$work/before.json" "$work/full/r.json" \
     && [[ $(ls -A "$work/full" | wc -l) -eq 1 ]]; then
    pass "5. disk full: exit $status, the reason given, the old file whole, no temporary left"
  else
    fail "5. disk full: exit $status, $(cat "$work/full.err"), files: $(ls -A "$work/full")"
  fi
else
  echo "skipped: 5. full file system (this machine does not let the test mount a tmpfs)"
fi

# 6. SIGINT while reading an input that never ends.
read_interrupt() { # flag name, command...
  local name=$1; shift
  rm -f "$work/pipe" && mkfifo "$work/pipe"
  yes "# a comment line, skipped and never held" > "$work/pipe" 2>/dev/null & local feeder=$!
  "$snae" "$@" 2> "$work/$name.err" & local pid=$!
  sleep 1
  local t0=$SECONDS
  kill -INT "$pid"
  wait "$pid"
  local status=$?
  kill "$feeder" 2>/dev/null; wait "$feeder" 2>/dev/null
  if [[ $status -eq 130 ]] && (( SECONDS - t0 <= 2 )) && [[ $(wc -l < "$work/$name.err") -eq 1 ]] \
     && grep -q "interrupted while reading" "$work/$name.err" && [[ ! -e "$work/$name.out" ]]; then
    pass "6. $name: SIGINT while reading an endless pipe gives exit 130, one line, no file"
  else
    fail "6. $name: exit $status after $((SECONDS - t0)) s, $(cat "$work/$name.err")"
  fi
}
read_interrupt read_data train --data "$work/pipe" --out "$work/read_data.out" -q
read_interrupt read_config sweep --config "$work/pipe" --out-dir "$work/read_config.out" -q

echo "$failures failed"
[[ $failures -eq 0 ]]
