"""The baselines of bench/workloads.md, each written the natural way for its
tool with snae's per-coordinate update: numpy (double, vectorised) and mpmath
(256 bits, gmpy2 backend, Python loops over mpf). Times the training loop
only; prints {"workload", "seconds", "max_rss_kb"}; writes the final iterate.
Usage: baselines.py numpy|numpy-scaled|mpmath WORKLOAD ITERATE_FILE (W4: ... ITERATE_FILE MATRIX_FILE)"""
import json
import math
import resource
import sys
import time

WORKLOADS = {  # name: (n, steps, sgd)
    "W1": (1000, 1000, False), "W2a": (1000, 10000, False), "W2b": (1000000, 100, False),
    "W3a": (1000, 100000, True), "W3b": (1000, 5000, True),
    "W2a-scaled": (1000, 10000, False), "W2b-scaled": (1000000, 100, False), "W3a-scaled": (1000, 100000, True),
}


def start_value(j, d):
    k = round(math.log2(577.0 * math.sqrt(d)))
    return math.ldexp(float((7919 * j + 11) % 2001 - 1000), -k)


def run_numpy(n, steps, sgd):
    import numpy as np
    d = n
    w = np.array([start_value(j, d) for j in range(d)], dtype=np.float64)
    eta = 0.4 if sgd else n / 4.0
    N = float(np.dot(w, w))
    t0 = time.perf_counter()
    for t in range(steps):
        if sgd:
            i = (7919 * t + 13) % n
            c = float(w[i])
            if c <= 0:
                continue
            S = c * c
            h = eta
            f = 1.0 - h * S
            fa = 1.0 - ((N + S) - 2.0) * h
            w *= f
            w[i] = c * fa
        else:
            c = w[:n].copy()
            act = c > 0
            if not act.any():
                continue
            ca = c[act]
            S = float(np.dot(ca, ca))
            h = eta / n
            f = 1.0 - h * S
            fa = 1.0 - ((N + S) - 2.0) * h
            w *= f
            w[:n][act] = ca * fa
        N = float(np.dot(w, w))
    return time.perf_counter() - t0, [repr(float(x)) for x in w]


def run_numpy_scaled(n, steps, sgd):
    """snae's opt-in scaled update (lib/include/snae/scaled_trainer.hpp) in
    numpy: w = s * v with one scale (SGD) or one per group of active and
    inactive coordinates (GD), folded back into v as snae folds it. Timed
    from loading w to writing it back, as snae_bench times it."""
    import numpy as np
    d = n
    w = np.array([start_value(j, d) for j in range(d)], dtype=np.float64)
    eta = 0.4 if sgd else n / 4.0
    lo, hi = 2.0 ** -60, 2.0 ** 60

    def out_of_range(x):
        return not lo <= abs(x) <= hi

    t0 = time.perf_counter()
    v = w.copy()
    if sgd:
        s, Q, since = 1.0, float(np.dot(v, v)), 0
        for t in range(steps):
            i = (7919 * t + 13) % n
            c = s * float(v[i])
            if c <= 0:
                continue
            S = c * c
            N = (s * s) * Q
            f = 1.0 - eta * S
            fa = 1.0 - ((N + S) - 2.0) * eta
            s *= f
            since += 1
            refold = out_of_range(s) or since >= n
            if refold:
                v *= s
                s, since = 1.0, 0
            else:
                Q -= float(v[i]) * float(v[i])
            v[i] = (c * fa) / s
            Q = float(np.dot(v, v)) if refold else Q + float(v[i]) * float(v[i])
        w = v * s
    else:
        s0 = s1 = 1.0
        grp = np.zeros(d, dtype=bool)
        grouped = dirty = False
        h = eta / n
        for t in range(steps):
            if not grouped or dirty:
                v = np.where(grp, v * s1, v * s0)
                s0 = s1 = 1.0
                grp[:] = False
                grp[:n] = v[:n] > 0
                Q1, Q0, count = float(np.dot(v[grp], v[grp])), float(np.dot(v[~grp], v[~grp])), int(grp.sum())
                grouped, dirty = True, False
            if count == 0:
                continue
            S = (s1 * s1) * Q1
            N = (s0 * s0) * Q0 + S
            f = 1.0 - h * S
            fa = 1.0 - ((N + S) - 2.0) * h
            s0 *= f
            s1 *= fa
            dirty = f <= 0 or fa <= 0 or out_of_range(s0) or out_of_range(s1)
        w = np.where(grp, v * s1, v * s0)
    return time.perf_counter() - t0, [repr(float(x)) for x in w]


def run_mpmath(n, steps, sgd):
    from mpmath import mp, mpf
    mp.prec = 256
    d = n
    w = [mpf(start_value(j, d)) for j in range(d)]
    eta = mpf("0.4") if sgd else mpf(n) / 4
    N = mpf(0)
    for x in w:
        N += x * x
    two = mpf(2)
    t0 = time.perf_counter()
    for t in range(steps):
        batch = [(7919 * t + 13) % n] if sgd else range(n)
        m = 1 if sgd else n
        c = [w[i] for i in batch]
        act = [x > 0 for x in c]
        if not any(act):
            continue
        S = mpf(0)
        for x, a in zip(c, act):
            if a:
                S += x * x
        h = eta / m
        f = 1 - h * S
        fa = 1 - ((N + S) - two) * h
        w = [x * f for x in w]
        for i, x, a in zip(batch, c, act):
            if a:
                w[i] = x * fa
        N = mpf(0)
        for x in w:
            N += x * x
    return time.perf_counter() - t0, [mp.nstr(x, 80, strip_zeros=False) for x in w]


def run_eigsy(matrix_file):
    """W4: mpmath's eigsy on snae's Hessian (read from its decimals), 256 bits."""
    from mpmath import mp, mpf
    mp.prec = 256
    with open(matrix_file) as f:
        vals = [mpf(line.strip()) for line in f if line.strip()]
    d = int(round(len(vals) ** 0.5))
    A = mp.matrix(d, d)
    for i in range(d):
        for j in range(d):
            A[i, j] = vals[i * d + j]
    t0 = time.perf_counter()
    E = mp.eigsy(A, eigvals_only=True)
    seconds = time.perf_counter() - t0
    ev = sorted(E[i] for i in range(d))
    return seconds, [mp.nstr(x, 80, strip_zeros=False) for x in ev]


def main():
    tool, name, out = sys.argv[1], sys.argv[2], sys.argv[3]
    if name == "W4":
        seconds, values = run_eigsy(sys.argv[4])
        with open(out, "w") as f:
            f.write("\n".join(values) + "\n")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"workload": name, "seconds": round(seconds, 6), "max_rss_kb": rss}))
        return
    n, steps, sgd = WORKLOADS[name]
    run = {"numpy": run_numpy, "numpy-scaled": run_numpy_scaled, "mpmath": run_mpmath}[tool]
    seconds, values = run(n, steps, sgd)
    with open(out, "w") as f:
        f.write("\n".join(values) + "\n")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"workload": name, "seconds": round(seconds, 6), "max_rss_kb": rss}))


if __name__ == "__main__":
    main()
