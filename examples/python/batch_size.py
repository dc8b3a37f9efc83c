"""The theory's batch-size comparison, from Python: GD keeps a dense
minimum, SGD with any batch b < n ends 1-sparse and sharper.

Ghosh, Frei, Ha and Yu (JMLR 2025) on f_w(x) = relu(<w, x>) w trained on n
orthonormal x_i: full-batch GD keeps every coordinate c_i = <w, x_i> that
starts positive (its limit is P w0 / ||P w0||, support |P|), while SGD with
any batch b < n ends at one data direction x_k (support 1). On the set of
minima lambda_max = 4/n for both, but tr H = (d - k + 4)/n with k the
support size, so SGD's minimum ((d + 3)/n) is sharper than GD's.

The grid is that of ``snae sweep --preset batch-size`` (sweep/grid.cpp,
docs/sweep.md): relu, canonical data, n = d, b in {1, 2, 4, n/2, n-1, full},
eta = 0.8 b/2 (b = n for full), a budget of 1000 n steps, tolerance 1024u
on max_i ||grad l_i|| (SGD) or on the distance to the minima (GD), the
tolerance tested once per epoch. Each run is trained by snae.train; tr H
comes from snae.hessian at the final iterate with the limit's active set
stated, beside snae.closed_form.hessian_trace.

Run it from the repository root (n = d = 8, 3 seeds, a few seconds):

    PYTHONPATH=build/python /usr/bin/python3 examples/python/batch_size.py --quick

Without --quick: n = d = 16, 6 seeds (under 2 s). --scalar TYPE changes the
type (default mpfr:128), --out DIR the folder (default
reports/python-batch-size), --n and --seeds the size and the seed count.
The tolerance is 1024 unit roundoffs of the type, so a wider type asks for
more: at mpfr:256 SGD with b = 1 needs more than the preset's 1000 n steps
to bring its losing coordinates that low (--budget 2000 gives it room).
Runs that do not converge are listed, and left out of the statistics and
the figure, which show the theory's limits.

Writes DIR/results.json (one record per run; every number a decimal string
that reads back to the run's value exactly: snae's own for cos_init,
dist_min and w0, ceil(p log10 2) + 1 digits for the values formed here),
prints a table per batch size, and draws
DIR/batch_size.png and DIR/batch_size.pdf:

(a) the sorted |c_i| of the final iterate, first seed, one line per b:
    GD keeps |P| coordinates of order 1/sqrt|P|, SGD one coordinate 1;
(b) the support size against b, median and min-max over the seeds:
    1 for every b < n, |P| for full batch;
(c) tr H at the final iterate against b, measured, with the closed forms
    (d + 3)/n for SGD and (d - |P| + 4)/n for GD marked.
"""

from __future__ import annotations

import argparse
import decimal
import json
import math
import os
import statistics
import sys
import time

import mpmath

import matplotlib

if not os.environ.get("DISPLAY") and not os.environ.get("MPLBACKEND"):
    matplotlib.use("Agg")  # headless (CI, ssh): draw to files only
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

import snae  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="n = d = 8 and 3 seeds (a few seconds)")
    p.add_argument("--n", type=int, help="n = d (default 16; 8 with --quick)")
    p.add_argument("--seeds", type=int, help="seeds 0..S-1 (default 6; 3 with --quick)")
    p.add_argument("--scalar", default="mpfr:128", help="snae's scalar type (default mpfr:128)")
    p.add_argument("--budget", type=int, default=1000, help="step budget per n (default 1000, the preset's)")
    p.add_argument("--out", default=os.path.join("reports", "python-batch-size"), help="output folder")
    a = p.parse_args(argv)
    a.n = a.n or (8 if a.quick else 16)
    a.seeds = a.seeds or (3 if a.quick else 6)
    if a.scalar.startswith("mpfi:"):
        p.error("--scalar: intervals give enclosures, this example compares point values; use mpfr:BITS")
    if a.n < 2:
        p.error("--n: SGD needs n >= 2 (a batch b < n)")
    return a


def batch_sizes(n):
    """The preset's batch sizes at this n. Duplicates are dropped (at n = 8,
    n/2 = 4), so each (b, seed) is one run; b = n is the full batch."""
    return sorted({b for b in (1, 2, 4, n // 2, n - 1) if 1 <= b < n}) + ["full"]


def eta_of(b, n):
    """0.8 * b/2 formed exactly in decimal, as the sweep's --eta-factor does;
    snae reads the text correctly rounded in the run's type."""
    return str(decimal.Decimal("0.8") * (n if b == "full" else b) / 2)


def to_mpf(x):
    """A value of the run's type as an exact mpmath.mpf (numpy floats and
    Python floats are dyadic: numerator / power of two, both exact at the
    run's precision). Call under mpmath.workprec(bits)."""
    if isinstance(x, mpmath.mpf):
        return x
    num, den = x.as_integer_ratio()
    return mpmath.mpf(num) / den


def text(x, bits):
    """x as a decimal string that reads back to the same value at `bits`
    bits (ceil(bits log10 2) + 1 significant digits)."""
    return mpmath.nstr(x, int(math.ceil(bits * math.log10(2))) + 1)


def train(n, b, seed, scalar, budget):
    """One run of the preset's grid point (n, b) with this seed."""
    size = n if b == "full" else b
    return snae.train(activation="relu", n=n, d=n, data="canonical", eta=eta_of(b, n), batch=b, seed=seed,
                      steps=budget * n, tol="1024u", tol_on="distance" if b == "full" else "sample-gradient",
                      check_every=-(-n // size), scalar=scalar)


def final_trace(r, seed, scalar):
    """tr H at the final iterate, with the limit's active set stated: the
    support's positive coordinates (as the sweep does). A losing coordinate
    that has decayed to 1e-40 but not to 0 would otherwise count as active,
    and H would be that of a point beside the limit. Returns (tr H, k)."""
    active = [i in set(r.support.tolist()) and bool(r.coords[i] > 0) for i in range(r.n)]
    h = snae.hessian(r.w, n=r.n, d=r.d, seed=seed, scalar=scalar, active=active, eigenvalues=False)
    return h["trace"], sum(active)


def measure(r, b, seed, scalar):
    """The record of run r: JSON-ready strings ("record") and the same values
    as exact mpmath.mpf for the table and the figure ("mp"). The closed form
    of tr H holds on the set of minima, so only converged runs get one."""
    n, d, bits = r.n, r.d, r.precision_bits
    trace, k = final_trace(r, seed, scalar)
    closed = snae.closed_form.hessian_trace(n, d, k, scalar=scalar) if r.status == "converged" else None
    start = snae.evaluate(r.w0, n=n, d=d, seed=seed, scalar=scalar)["coords"]
    with mpmath.workprec(bits):
        c = [to_mpf(x) for x in r.coords]
        c2 = [x * x for x in c]
        mp = {"bits": bits, "abs_sorted": sorted((abs(x) for x in c), reverse=True), "trace": to_mpf(trace),
              "participation": mpmath.fsum(c2) ** 2 / mpmath.fsum(x * x for x in c2),
              "trace_closed": None if closed is None else to_mpf(closed)}
        positive_init = sum(1 for x in start if to_mpf(x) > 0)
    exact = {key: r.decimal(key) for key in ("cos_init", "dist_min", "w0")}
    record = {"b": b, "seed": seed, "eta": eta_of(b, n), "status": r.status, "steps": r.steps,
              "support_size": int(r.support.size), "support": r.support.tolist(), "positive_init": positive_init,
              "participation": text(mp["participation"], bits), "coords": [text(x, bits) for x in c],
              "abs_coords_sorted": [text(x, bits) for x in mp["abs_sorted"]], "hessian_active": k,
              "trace": text(mp["trace"], bits),
              "trace_closed": None if closed is None else text(mp["trace_closed"], bits), **exact}
    if b == "full":
        g = snae.closed_form.gd_limit(r.w0, n=n, d=d, seed=seed, scalar=scalar)
        record["positive_predicted"] = g["positive"]
        record["cos_predicted"] = None if g["cosine"] is None else text(to_mpf(g["cosine"]), bits)
    return record, mp


def table(runs, n, bits):
    """Per batch size: statistics over the converged seeds, means in mpmath."""
    lines = [f"{'b':>5} {'runs':>4} {'conv':>4} {'median k':>8} {'mean PR':>10} {'mean tr H':>12} "
             f"{'closed form':>12} {'max |tr H - closed| / u':>24}"]
    for b in batch_sizes(n):
        rows = [(rec, mp) for rec, mp in runs if rec["b"] == b and rec["status"] == "converged"]
        head = f"{str(b):>5} {sum(rec['b'] == b for rec, _ in runs):>4} {len(rows):>4}"
        if not rows:
            lines.append(head)
            continue
        with mpmath.workprec(bits):
            mean = lambda key: mpmath.fsum(mp[key] for _, mp in rows) / len(rows)  # noqa: E731
            worst = max(abs(mp["trace"] - mp["trace_closed"]) for _, mp in rows) * mpmath.mpf(2) ** bits
            lines.append(f"{head} {statistics.median(rec['support_size'] for rec, _ in rows):>8g} "
                         f"{mpmath.nstr(mean('participation'), 6):>10} {mpmath.nstr(mean('trace'), 10):>12} "
                         f"{mpmath.nstr(mean('trace_closed'), 10):>12} {mpmath.nstr(worst, 4):>24}")
    others = [f"b = {rec['b']} seed {rec['seed']}: {rec['status']} after {rec['steps']} steps"
              for rec, _ in runs if rec["status"] != "converged"]
    return "\n".join(lines + (["not converged (left out above and in the figure):"] + others if others else []))


def cosine_line(runs, bits):
    """GD's cos(w, w0) against the prediction sqrt(S_0)/||w0|| of its limit."""
    gd = [rec for rec, _ in runs if rec["b"] == "full" and rec["status"] == "converged" and rec["cos_predicted"]]
    if not gd:
        return "GD: no converged run to compare cos(w, w0) with"
    with mpmath.workprec(bits):
        worst = max(abs(mpmath.mpf(r["cos_init"]) - mpmath.mpf(r["cos_predicted"])) for r in gd) * mpmath.mpf(2) ** bits
        mean = mpmath.fsum(mpmath.mpf(r["cos_init"]) for r in gd) / len(gd)
    return (f"GD: mean cos(w, w0) = {mpmath.nstr(mean, 6)}; max |cos(w, w0) - sqrt(S_0)/||w0|||"
            f" = {mpmath.nstr(worst, 4)} u over {len(gd)} runs")


# Plotting is the only place values leave the run's precision: matplotlib
# draws float64. Magnitudes go through log10 in mpmath first, because the
# decayed coordinates (1e-600 and below) are out of float64's range.

def log10_float(x):
    with mpmath.workprec(64):
        return float(mpmath.log10(x)) if x != 0 else -math.inf


def panel_coords(ax, runs, n, bits):
    """(a) sorted |c_i| of the first seed's final iterate, one line per b.
    The axis stops 20 decades below the unit roundoff u: what decayed
    further is zero at the working precision, and drawing it to 1e-600
    would squash the structure near 1 (it is marked on the floor)."""
    sgd = batch_sizes(n)[:-1]
    colours = dict(zip(sgd, plt.cm.viridis([0.85 * i / max(1, len(sgd) - 1) for i in range(len(sgd))])))
    floor = math.floor(-bits * math.log10(2)) - 20
    first = min(rec["seed"] for rec, _ in runs)
    for rec, mp in (r for r in runs if r[0]["seed"] == first):
        b = rec["b"]
        style = dict(color="tab:red", lw=2.4, marker="s", ms=5) if b == "full" else \
            dict(color=colours[b], lw=1.3, marker="o", ms=3.5)
        y = [log10_float(x) for x in mp["abs_sorted"]]
        ax.plot(range(1, n + 1), [max(v, floor) for v in y],
                label="GD (full batch)" if b == "full" else f"SGD b = {b}", **style)
        below = [i + 1 for i, v in enumerate(y) if v < floor]
        ax.plot(below, [floor] * len(below), ls="none", marker="v", ms=7, color=style["color"])
    ax.axhline(-bits * math.log10(2), color="grey", ls=":", lw=1)
    ax.text(n, -bits * math.log10(2) - 1, f"unit roundoff u = 2^-{bits}", ha="right", va="top", fontsize=8,
            color="grey")
    ax.plot([], [], ls="none", marker="v", color="grey", label=f"below 1e{floor} (off scale)")
    ax.set_ylim(floor - 2, 3)
    ax.set_xlabel("rank i of |c_i| (largest first)")
    ax.set_ylabel("|c_i| of the final iterate (log scale)")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"$10^{{{int(round(y))}}}$"))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 5, 10], integer=True))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(f"(a) final coordinates, seed {first}")
    ax.legend(fontsize=8, loc="upper right")


def positions(n):
    """x positions of the batch sizes: SGD sizes in order, then a gap and full."""
    sizes = batch_sizes(n)
    return {b: (i if b != "full" else i + 0.6) for i, b in enumerate(sizes)}


def batch_axis(ax, n):
    """The b axis: one tick per size, full batch apart after a dotted line,
    not joined to the SGD points (b = n - 1 -> n would draw a cliff)."""
    pos = positions(n)
    ax.set_xticks(list(pos.values()))
    ax.set_xticklabels([f"full\n(b = {n})" if b == "full" else str(b) for b in pos])
    ax.axvline((pos["full"] + pos[batch_sizes(n)[-2]]) / 2, color="grey", ls=":", lw=1)
    ax.set_xlim(-0.5, pos["full"] + 0.5)
    ax.set_xlabel("batch size b")


def panel_support(ax, runs, n):
    """(b) support size per b: median, min-max bar, and GD's predicted |P|."""
    pos = positions(n)
    for b, x in pos.items():
        k = [rec["support_size"] for rec, _ in runs if rec["b"] == b]
        if not k:
            continue
        middle = statistics.median(k)
        ax.errorbar([x], [middle], yerr=[[middle - min(k)], [max(k) - middle]], fmt="o", capsize=4, ms=7, zorder=3,
                    color="tab:red" if b == "full" else "tab:blue")
    sgd = [x for b, x in pos.items() if b != "full"]
    ax.hlines(1, sgd[0] - 0.3, sgd[-1] + 0.3, color="tab:blue", ls="--", lw=1, label="SGD prediction: 1")
    predicted = [rec["positive_init"] for rec, _ in runs if rec["b"] == "full"]
    ax.scatter([pos["full"] + 0.22] * len(predicted), predicted, marker="_", s=220, color="k", lw=1.5,
               label="GD prediction: |P| = #{c_i(w0) > 0}", zorder=4)
    ax.errorbar([], [], fmt="o", color="grey", capsize=4, label="measured: median, min-max over seeds")
    batch_axis(ax, n)
    ax.set_ylabel("support size k = #{|c_i| > 1e-6}")
    ax.set_ylim(0, n + 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("(b) support of the final iterate")
    ax.legend(fontsize=8, loc="upper left")


def panel_trace(ax, runs, n, d):
    """(c) tr H per run (one dot per seed) on the closed forms: a dot sitting
    on its dash is a measurement matching the theory."""
    pos = positions(n)
    for b, x in pos.items():
        t = [float(mp["trace"]) for rec, mp in runs if rec["b"] == b]
        ax.plot([x] * len(t), t, ls="none", marker="o", ms=7, alpha=0.7, zorder=3,
                color="tab:red" if b == "full" else "tab:blue")
    sgd = [x for b, x in pos.items() if b != "full"]
    ax.hlines((d + 3) / n, sgd[0] - 0.3, sgd[-1] + 0.3, color="tab:blue", ls="--", lw=1,
              label=f"SGD closed form (d+3)/n = {(d + 3) / n:g}")
    gd = [float(mp["trace_closed"]) for rec, mp in runs if rec["b"] == "full"]
    ax.scatter([pos["full"]] * len(gd), gd, marker="_", s=500, color="k", lw=1.5, zorder=2,
               label="GD closed form (d-|P|+4)/n, per seed")
    ax.plot([], [], ls="none", marker="o", ms=7, color="grey", label="measured tr H, one dot per seed")
    batch_axis(ax, n)
    ax.set_ylabel("tr H at the final iterate")
    low, high = min(gd + [(d + 3) / n]), (d + 3) / n
    margin = 0.25 * max(high - low, 1 / n)
    ax.set_ylim(low - margin, high + margin)
    ax.set_title("(c) sharpness: trace of the Hessian")
    ax.legend(fontsize=8, loc="lower left")


def figure(runs, n, d, scalar, seeds, out):
    """The three panels, of the converged runs only (the theory's limits)."""
    done = [run for run in runs if run[0]["status"] == "converged"]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.8), constrained_layout=True)
    if done:
        panel_coords(axes[0], done, n, runs[0][1]["bits"])
        panel_support(axes[1], done, n)
        panel_trace(axes[2], done, n, d)
    else:  # still write the files, saying why they are empty
        for ax in axes:
            ax.text(0.5, 0.5, "no run converged", ha="center", va="center", transform=ax.transAxes)
    left_out = f" ({len(runs) - len(done)} runs not converged, left out)" if len(done) < len(runs) else ""
    fig.suptitle(f"GD vs SGD on relu(<w,x>) w, n = d = {n}, canonical data, {scalar}, seeds 0..{seeds - 1}, "
                 f"eta = 0.8 b/2: SGD ends 1-sparse and sharper{left_out}")
    paths = [os.path.join(out, "batch_size." + ext) for ext in ("png", "pdf")]
    for path in paths:
        fig.savefig(path, dpi=150)
    plt.close(fig)
    return paths


def main(argv=None):
    a = parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    start = time.monotonic()
    runs = []
    for b in batch_sizes(a.n):
        for seed in range(a.seeds):
            runs.append(measure(train(a.n, b, seed, a.scalar, a.budget), b, seed, a.scalar))
    bits = runs[0][1]["bits"]
    results = {"config": {"activation": "relu", "data": "canonical", "n": a.n, "d": a.n, "scalar": a.scalar,
                          "precision_bits": bits, "batch": batch_sizes(a.n), "eta": "0.8*b/2", "steps": a.budget * a.n,
                          "tol": "1024u", "tol_on": {"sgd": "sample-gradient", "gd": "distance"},
                          "seeds": list(range(a.seeds)), "provenance": snae.provenance},
               "runs": [rec for rec, _ in runs]}
    with open(os.path.join(a.out, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)
        f.write("\n")
    print(f"n = d = {a.n}, {a.scalar}, seeds 0..{a.seeds - 1}: {len(runs)} runs in {time.monotonic() - start:.1f} s")
    print(table(runs, a.n, bits))
    print(cosine_line(runs, bits))
    for path in figure(runs, a.n, a.n, a.scalar, a.seeds, a.out) + [os.path.join(a.out, "results.json")]:
        print("wrote", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
