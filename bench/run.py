"""Runs every workload of bench/workloads.md in snae and its baselines side by
side, checks that each baseline ends at snae's final iterate to the working
precision before any time is reported, and writes the medians and ratios to
reports/bench.{txt,md,json}. Called by bench/run.sh after the build."""
import json
import os
import statistics
import subprocess
import sys

from mpmath import mp, mpf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPS = int(os.environ.get("BENCH_REPS", "5"))
SNAE, FLOOR = sys.argv[1], sys.argv[2]
PY = "/usr/bin/python3"
TMP = os.path.join(ROOT, "reports", "bench-iterates")

# workload: steps, unit roundoff, baselines with (kind, target ratio):
#   "faster": snae must be at least R times faster (baseline / snae >= R)
#   "within": snae may take at most R times the baseline (snae / baseline <= R)
#   R = None: no target in the issue; the ratio is reported for information
WORKLOADS = {
    "W1": (1000, 2.0 ** -256, [("mpmath", "faster", 20), ("floor", "within", 1.5)]),
    "W2a": (10000, 2.0 ** -53, [("numpy", "faster", 5), ("floor", "within", None)]),
    "W2b": (100, 2.0 ** -53, [("numpy", "faster", 1.5), ("floor", "within", 1.3)]),
    "W3a": (100000, 2.0 ** -53, [("numpy", "faster", 10), ("floor", "within", None)]),
    "W3b": (5000, 2.0 ** -256, [("mpmath", "faster", 20), ("floor", "within", None)]),
    "W4": (1, 2.0 ** -256, [("mpmath", "faster", 10)]),
    "W5": (100, 2.0 ** -256, [("floor", "within", 1.5)]),
    # The opt-in scaled update (--update scaled) against the same algorithm
    # in numpy: the double targets with an order of arithmetic the user chose.
    "W2a-scaled": (10000, 2.0 ** -53, [("numpy-scaled", "faster", 5)]),
    "W2b-scaled": (100, 2.0 ** -53, [("numpy-scaled", "faster", 1.5)]),
    "W3a-scaled": (100000, 2.0 ** -53, [("numpy-scaled", "faster", 10)]),
}


def command(impl, name, out):
    if name == "W4" and impl == "mpmath":
        # eigsy on the very matrix snae computed (written next to its eigenvalues)
        return [PY, os.path.join(ROOT, "bench", "baselines.py"), impl, name, out,
                os.path.join(TMP, "W4-snae.txt.matrix")]
    if impl == "snae":
        return [SNAE, name, out]
    if impl == "floor":
        return [FLOOR, name, out]
    return [PY, os.path.join(ROOT, "bench", "baselines.py"), impl, name, out]


def run(impl, name, out):
    r = subprocess.run(command(impl, name, out), check=True, capture_output=True, text=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def relative_difference(a_file, b_file):
    """||a - b|| / ||b|| in 300-bit arithmetic (exact enough for either precision)."""
    mp.prec = 300
    num = den = mpf(0)
    with open(a_file) as fa, open(b_file) as fb:
        for la, lb in zip(fa, fb):
            a, b = mpf(la.strip()), mpf(lb.strip())
            num += (a - b) ** 2
            den += b * b
    return float(mp.sqrt(num / den)) if den else float(mp.sqrt(num))


def max_abs_difference(a_file, b_file):
    mp.prec = 300
    worst = mpf(0)
    with open(a_file) as fa, open(b_file) as fb:
        for la, lb in zip(fa, fb):
            worst = max(worst, abs(mpf(la.strip()) - mpf(lb.strip())))
    return float(worst)


def main():
    os.makedirs(TMP, exist_ok=True)
    only = os.environ.get("BENCH_ONLY", "").split(",") if os.environ.get("BENCH_ONLY") else None
    results = []
    for name, (steps, u, baselines) in WORKLOADS.items():
        if only and name not in only:
            continue
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        ref = os.path.join(TMP, f"{name}-snae.txt")
        # Agreement first (one run each), then REPS timed rounds in which
        # snae and every agreeing baseline run one after the other, so that
        # the machine's load drifts over all of them alike.
        snae_runs = [run("snae", name, ref)]
        first, checks = {}, {}
        for impl, kind, target in baselines:
            out = os.path.join(TMP, f"{name}-{impl}.txt")
            first[impl] = run(impl, name, out)
            # 64 u per step is far above the rounding a different summation
            # order makes, far below a different update.
            if name == "W4":
                # The criterion: every eigenvalue agrees to 1e-70.
                diff, tol = max_abs_difference(out, ref), 1e-70
            else:
                diff = relative_difference(out, ref)
                tol = 64 * u * steps
            checks[impl] = (diff, tol, diff <= tol)
        times = {impl: [] for impl, _, _ in baselines}
        snae_runs = []
        for _ in range(REPS):
            snae_runs.append(run("snae", name, ref))
            for impl, _, _ in baselines:
                if checks[impl][2]:
                    times[impl].append(run(impl, name, os.path.join(TMP, f"{name}-{impl}.txt")))
        snae_s = statistics.median(r["seconds"] for r in snae_runs)
        entry = {"workload": name, "steps": steps, "snae_seconds": snae_s,
                 "snae_max_rss_kb": max(r["max_rss_kb"] for r in snae_runs), "baselines": []}
        for impl, kind, target in baselines:
            diff, tol, agree = checks[impl]
            reps = times[impl] if agree else [first[impl]]
            base_s = statistics.median(r["seconds"] for r in reps)
            ratio = base_s / snae_s if kind == "faster" else snae_s / base_s
            met = None if target is None else agree and (ratio >= target if kind == "faster" else ratio <= target)
            entry["baselines"].append({
                "impl": impl, "seconds": base_s if agree else None, "agreement": diff, "agreement_tolerance": tol,
                "agrees": agree, "kind": kind, "target": target, "ratio": ratio if agree else None, "met": met})
            print(f"bench:   {impl}: {base_s:.4g} s, ratio {ratio:.3g} ({kind} {target or '-'}), agreement {diff:.2e}",
                  file=sys.stderr, flush=True)
        results.append(entry)
    # Memory target: W2 at d = 10^6 within 64 MB (peak resident, the whole snae_bench process).
    memory = [{"workload": e["workload"], "max_rss_mb": e["snae_max_rss_kb"] / 1024, "target_mb": 64,
               "met": e["snae_max_rss_kb"] / 1024 <= 64} for e in results if e["workload"].startswith("W2b")]
    report = {"reps": REPS, "machine": os.uname().machine, "nproc": os.cpu_count(), "workloads": results, "memory": memory}
    os.makedirs(os.path.join(ROOT, "reports"), exist_ok=True)
    with open(os.path.join(ROOT, "reports", "bench.json"), "w") as f:
        json.dump(report, f, indent=2)
    lines = ["| workload | snae (s) | baseline | baseline (s) | ratio | target | agreement | met |",
             "|---|---:|---|---:|---:|---|---:|---|"]
    for e in results:
        for b in e["baselines"]:
            target = ("(no target)" if b["target"] is None else
                      f">= {b['target']}x faster" if b["kind"] == "faster" else f"<= {b['target']}x the floor")
            secs = f"{b['seconds']:.4g}" if b["seconds"] is not None else "-"
            ratio = f"{b['ratio']:.3g}" if b["ratio"] is not None else "DISAGREES"
            lines.append(f"| {e['workload']} | {e['snae_seconds']:.4g} | {b['impl']} | {secs} | {ratio} | {target} | "
                         f"{b['agreement']:.1e} | {'-' if b['met'] is None else 'yes' if b['met'] else 'NO'} |")
    text = "\n".join(lines) + "\n"
    mem = [f"{e['workload']}: snae peak RSS {e['snae_max_rss_kb'] / 1024:.1f} MB" +
           (f" (target <= 64 MB: {'met' if e['snae_max_rss_kb'] / 1024 <= 64 else 'NOT met'})"
            if e["workload"].startswith("W2b") else "")
           for e in results]
    with open(os.path.join(ROOT, "reports", "bench.md"), "w") as f:
        f.write(f"# Benchmarks ({REPS} repetitions, medians)\n\n" + text + "\n" + "\n".join(f"- {m}" for m in mem) + "\n")
    with open(os.path.join(ROOT, "reports", "bench.txt"), "w") as f:
        f.write(text + "\n".join(mem) + "\n")
    print(text + "\n".join(mem))


if __name__ == "__main__":
    main()
