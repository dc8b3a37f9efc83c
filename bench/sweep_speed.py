#!/usr/bin/env python3
"""High-precision sweeps, before and after the scaled update and the
structured spectrum (bench/sweep_speed.sh; docs/performance.md).

Usage: sweep_speed.py PHASES SNAE   (PHASES: build/bench/snae_sweep_phases)

Measures, side by side in one run:
 1. the batch-size preset's largest SGD point, n = d = 1024, b = 1, mpfr:256,
    seed 0, split into training (reference and scaled update) and spectrum
    (dense: autodiff Hessian and eigen-solver; structured), and the same
    point end to end through `snae sweep` before (--update reference
    --spectrum dense) and after (--update scaled, the default spectrum);
 2. the spectrum alone at d = 200, 1024, 4096 (a point near M, mpfr:256):
    structured, dense (d <= 1024; d = 4096 projected by d^3), and mpmath's
    eigsy on the same Hessian (d = 100 and 200; larger d projected by d^3);
 3. with BENCH_PRESET=1 (the default), the whole preset at mpfr:256 with
    --update scaled, end to end, beside the double preset.
Writes reports/sweep_speed.{md,json}. Timings are measured here, never
asserted in tests.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import mpmath

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def phases(exe, *args):
    out = subprocess.run([exe, *map(str, args)], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def sweep_seconds(snae, *args):
    """Wall seconds of one `snae sweep`, and its runs.csv rows."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run([snae, "sweep", *map(str, args), "--out-dir", tmp, "-q"], check=True)
        seconds = time.perf_counter() - start
        with open(os.path.join(tmp, "runs.csv")) as f:
            import csv
            rows = list(csv.DictReader(f))
    return seconds, rows


def one_run(exe, snae):
    p = phases(exe, "run", 1024, 1, "mpfr:256", "dense")
    p["before_s"] = p["train_reference_s"] + p["dense_hessian_s"] + p["dense_eigen_s"]
    p["after_s"] = p["train_scaled_s"] + p["structured_s"]
    common = ["--n", 1024, "--batch", 1, "--seeds", "0..0", "--scalar", "mpfr:256", "--threads", 1, "--no-figures"]
    p["sweep_before_s"], before = sweep_seconds(snae, *common, "--update", "reference", "--spectrum", "dense")
    p["sweep_after_s"], after = sweep_seconds(snae, *common, "--update", "scaled")
    p["sweep_rows"] = {"before": before[0], "after": after[0]}
    return p


def mpmath_eigsy(d):
    """Seconds of mpmath.eigsy at 256 bits on snae's dense Hessian at a point
    near M with d/2 positive coordinates, and its largest eigenvalue beside
    snae's structured one at the same point (their agreement is checked)."""
    import snae as s

    w = [mpmath.mpf(1) / (j + 2) for j in range(d // 2)]
    with mpmath.workprec(300):
        norm = mpmath.sqrt(mpmath.fsum(x * x for x in w))
        w = [x / norm for x in w] + [mpmath.ldexp(1, -30)] * (d - d // 2)
    active = [j < d // 2 for j in range(d)]
    h = s.hessian(w, n=d, d=d, scalar="mpfr:256", active=active, eigenvalues=False)
    structured = s.hessian(w, n=d, d=d, scalar="mpfr:256", active=active, method="structured")
    with mpmath.workprec(256):
        a = mpmath.matrix(h["matrix"].tolist())
        start = time.perf_counter()
        ev = mpmath.eigsy(a, eigvals_only=True)
        seconds = time.perf_counter() - start
        largest = max(ev)
        gap = abs(largest - structured["eigenvalues"][-1])
    assert gap < mpmath.ldexp(1, -200), f"mpmath and snae disagree at d = {d}: {gap}"
    return seconds


def spectra(exe):
    rows = []
    for d in (200, 1024, 4096):
        rows.append(phases(exe, "spectrum", d, "mpfr:256", *(["dense"] if d <= 1024 else [])))
    dense = {r["d"]: r["dense_hessian_s"] + r["dense_eigen_s"] for r in rows if "dense_eigen_s" in r}
    mp = {d: mpmath_eigsy(d) for d in (100, 200)}
    for r in rows:
        d = r["d"]
        r["dense_s"] = dense.get(d, dense[1024] * (d / 1024) ** 3)
        r["dense_projected"] = d not in dense
        r["mpmath_s"] = mp.get(d, mp[200] * (d / 200) ** 3)
        r["mpmath_projected"] = d not in mp
    return rows, mp


def preset_runs(snae):
    out = {}
    for label, extra in (("double", []), ("mpfr:256 scaled", ["--scalar", "mpfr:256", "--update", "scaled"])):
        out[label], rows = sweep_seconds(snae, "--preset", "batch-size", *extra)
        out[label + " runs"] = len(rows)
    return out


def markdown(one, rows, mp, preset):
    lines = ["# High-precision sweeps: before and after (bench/sweep_speed.py)", "",
             "## One run: n = d = 1024, b = 1, mpfr:256, seed 0", "",
             "| phase | before | after |", "|---|---:|---:|",
             f"| training (reference / scaled update) | {one['train_reference_s']:.2f} s | {one['train_scaled_s']:.3f} s |",
             f"| spectrum (dense autodiff + eigen-solver / structured) | {one['dense_hessian_s'] + one['dense_eigen_s']:.2f} s | "
             f"{one['structured_s'] * 1e3:.3f} ms |",
             f"| sum | {one['before_s']:.2f} s | {one['after_s']:.3f} s |",
             f"| `snae sweep` end to end | {one['sweep_before_s']:.2f} s | {one['sweep_after_s']:.2f} s |", "",
             f"Speed-up end to end: {one['sweep_before_s'] / one['sweep_after_s']:.0f}x. Same support "
             f"({one['support_reference']} and {one['support_scaled']}); max |w_ref - w_scaled| = {one['max_abs_dw']}; "
             f"lambda_max dense {one['dense_lambda_max'][:20]}, structured {one['structured_lambda_max'][:20]}.", "",
             "## The spectrum alone (mpfr:256, a point near M with d/2 positive coordinates)", "",
             "| d | structured | dense (autodiff + eigen) | mpmath eigsy |", "|---:|---:|---:|---:|"]
    for r in rows:
        dense = f"{r['dense_s']:.1f} s" + (" (projected, d^3)" if r["dense_projected"] else "")
        mpm = f"{r['mpmath_s']:.1f} s" + (" (projected, d^3)" if r["mpmath_projected"] else "")
        lines.append(f"| {r['d']} | {r['structured_s'] * 1e3:.3f} ms | {dense} | {mpm} |")
    lines += ["", f"mpmath eigsy measured at d = 100: {mp[100]:.1f} s, d = 200: {mp[200]:.1f} s.", ""]
    if preset:
        lines += ["## The batch-size preset end to end (2 threads)", "",
                  f"- double, default update and spectrum: {preset['double']:.0f} s ({preset['double runs']} runs)",
                  f"- mpfr:256 with --update scaled: {preset['mpfr:256 scaled']:.0f} s ({preset['mpfr:256 scaled runs']} runs)", ""]
    return "\n".join(lines)


def main():
    exe, snae = sys.argv[1], sys.argv[2]
    one = one_run(exe, snae)
    rows, mp = spectra(exe)
    preset = preset_runs(snae) if os.environ.get("BENCH_PRESET", "1") != "0" else None
    os.makedirs(os.path.join(ROOT, "reports"), exist_ok=True)
    with open(os.path.join(ROOT, "reports", "sweep_speed.json"), "w") as f:
        json.dump({"one_run": one, "spectra": rows, "mpmath": mp, "preset": preset}, f, indent=1, default=str)
    text = markdown(one, rows, mp, preset)
    with open(os.path.join(ROOT, "reports", "sweep_speed.md"), "w") as f:
        f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
