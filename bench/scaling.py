"""How snae's cost grows with d, with the number of steps and with the
precision: runs `snae_bench scaling ...` at several sizes of one variable
(the others fixed), takes the median of BENCH_SCALING_REPS (3) runs per size, fits
log(time) = a + p log(size) by least squares and writes the exponent p with
every measurement to reports/scaling.{md,json}. Called by bench/run.sh."""
import json
import math
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPS = int(os.environ.get("BENCH_SCALING_REPS", "3"))
SNAE = sys.argv[1]
TMP = os.path.join(ROOT, "reports", "bench-iterates")

# (title, variable, expected growth in words, runs as (kind, d, steps, bits); bits 0 = double)
SERIES = [
    ("GD, mpfr:256, 100 steps", "d", "O(d) per step",
     [("gd", d, 100, 256) for d in (1000, 4000, 16000, 64000)]),
    ("GD, double, 100 steps", "d", "O(d) per step",
     [("gd", d, 100, 0) for d in (10000, 100000, 1000000)]),
    ("SGD b = 1, double, 10^4 steps", "d", "O(d) per step",
     [("sgd", d, 10000, 0) for d in (1000, 4000, 16000)]),
    ("SGD b = 1, double, 10^4 steps, --update scaled", "d", "O(1) per step, O(d) per n steps",
     [("sgd-scaled", d, 10000, 0) for d in (1000, 4000, 16000)]),
    ("GD, double, 100 steps, --update scaled", "d", "O(d) to load and store, O(1) per step",
     [("gd-scaled", d, 100, 0) for d in (10000, 100000, 1000000)]),
    ("GD, mpfr:256, d = 1000", "steps", "linear",
     [("gd", 1000, t, 256) for t in (250, 1000, 4000)]),
    ("SGD b = 1, mpfr:256, d = 1000", "steps", "linear",
     [("sgd", 1000, t, 256) for t in (1250, 5000, 20000)]),
    ("GD, mpfr, d = 1000, 200 steps", "bits", "MPFR's add and mul at p bits",
     [("gd", 1000, 200, b) for b in (128, 512, 2048, 8192)]),
    ("Hessian and spectrum, mpfr:256", "d", "O(d^3) (the eigen-solver)",
     [("hessian", d, 0, 256) for d in (50, 100, 200, 400)]),
]


def time_once(kind, d, steps, bits):
    out = os.path.join(TMP, "scaling.txt")
    r = subprocess.run([SNAE, "scaling", kind, str(d), str(steps), str(bits), out],
                       check=True, capture_output=True, text=True)
    return json.loads(r.stdout.strip().splitlines()[-1])["seconds"]


def fit(xs, ys):
    """Least-squares slope of log y against log x."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def main():
    os.makedirs(TMP, exist_ok=True)
    out = []
    for title, var, expected, runs in SERIES:
        points = []
        for kind, d, steps, bits in runs:
            secs = statistics.median(time_once(kind, d, steps, bits) for _ in range(REPS))
            size = {"d": d, "steps": steps, "bits": bits}[var]
            points.append({"size": size, "seconds": secs})
            print(f"scaling: {title}: {var} = {size}: {secs:.4g} s", file=sys.stderr, flush=True)
        p = fit([q["size"] for q in points], [q["seconds"] for q in points])
        out.append({"series": title, "variable": var, "expected": expected, "points": points, "exponent": p})
    with open(os.path.join(ROOT, "reports", "scaling.json"), "w") as f:
        json.dump({"reps": REPS, "series": out}, f, indent=2)
    lines = ["| series | variable | sizes | seconds (median) | fitted exponent | expected |", "|---|---|---|---|---:|---|"]
    for s in out:
        sizes = ", ".join(str(q["size"]) for q in s["points"])
        secs = ", ".join(f"{q['seconds']:.3g}" for q in s["points"])
        lines.append(f"| {s['series']} | {s['variable']} | {sizes} | {secs} | {s['exponent']:.2f} | {s['expected']} |")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(ROOT, "reports", "scaling.md"), "w") as f:
        f.write(f"# Growth of the cost ({REPS} repetitions, medians; time ~ size^exponent)\n\n" + text)
    print(text)


if __name__ == "__main__":
    main()
