"""The theory's closed forms, computed by snae's C++ core in any point type
(docs/python.md, "Closed forms"; docs/model.md derives them).

Each function takes ``scalar`` ("double", "mpfr:256", ...) and returns a
value of that type as snae.train does (float, numpy float, or an exact
mpmath.mpf); sizes are ints and other numbers are read as train reads
them. Intervals are refused: the certified forms of these
statements are those of ``snae verify --certified`` (C5-C8).
"""

from __future__ import annotations

from . import _arguments as _a
from . import _snae

__all__ = ["min_loss", "hessian_spectrum", "hessian_trace", "lambda_max", "gd_rate", "gd_threshold", "batch_threshold",
           "gd_recurrence", "gd_limit"]


def _size(name, value):
    return int(_a.integer(name, value))


def min_loss(n, *, scalar="double"):
    """L* = (n - 1)/(2n), the minimum of L over R^d (C1); one division in the type."""
    return _snae.min_loss(_size("n", n), _a.choice("scalar", scalar))


def hessian_spectrum(n, d, k, *, scalar="double"):
    """The Hessian's spectrum at a point of the set of global minima with k
    positive data coordinates (C3; linear: k = n), as [(value, multiplicity)]
    in decreasing order: 4/n once, 1/n (d - k times), 0 (k - 1 times)."""
    return [tuple(c) for c in _snae.hessian_spectrum(_size("n", n), _size("d", d), _size("k", k), _a.choice("scalar", scalar))]


def hessian_trace(n, d, k, *, scalar="double"):
    """tr H = (d - k + 4)/n at a point of the set of minima with k active samples (C3, C9)."""
    return _snae.hessian_trace(_size("n", n), _size("d", d), _size("k", k), _a.choice("scalar", scalar))


def lambda_max(n, *, scalar="double"):
    """The largest Hessian eigenvalue, 4/n, at every point of the set of minima (C3)."""
    return _snae.lambda_max(_size("n", n), _a.choice("scalar", scalar))


def gd_rate(n, eta, *, off_support=True, scalar="double"):
    """GD's contraction factor near its limit (C6): max(|1 - 4 eta/n|, |1 - eta/n|),
    the radial factor |1 - 4 eta/n| alone when w0 lies in the span of its
    active data (off_support=False)."""
    return _snae.gd_rate(_size("n", n), _a.number("eta", eta), bool(off_support), _a.choice("scalar", scalar))


def gd_threshold(n, *, scalar="double"):
    """n/2: GD's limit is stable for 0 < eta < n/2 and repels radially above (C7)."""
    return _snae.gd_threshold(_size("n", n), _a.choice("scalar", scalar))


def batch_threshold(b, *, scalar="double"):
    """b/2: an SGD limit x_k is stable under a batch of b samples holding k for eta < b/2."""
    return _snae.batch_threshold(_size("b", b), _a.choice("scalar", scalar))


def gd_recurrence(n, eta, S0, R0, steps, *, scalar="double"):
    """GD in two numbers (C4): w_t = alpha_t a_0 + beta_t r_0 with
    alpha_{t+1} = alpha_t (1 - (eta/n)(N_t + S_t - 2)), beta_{t+1} = beta_t (1 - (eta/n) S_t),
    S_t = alpha_t^2 S_0, N_t = S_t + beta_t^2 R_0 (a_0: the part of w0 on its
    active data, S_0 = ||a_0||^2, R_0 = ||w0||^2 - S_0; gd_limit gives both).
    Returns (alpha, beta), arrays of steps + 1 values."""
    return _snae.gd_recurrence(_size("n", n), _a.number("eta", eta), _a.number("S0", S0), _a.number("R0", R0),
                               _size("steps", steps), _a.choice("scalar", scalar))


def gd_limit(w0, *, activation="relu", n=None, d=None, data="canonical", seed=0, scalar="double", orth_tol=None):
    """GD's predicted limit from w0 (C5): P w0 / ||P w0||, P the projector on
    the data with c_i(w0) > 0 (relu; every datum for linear), in the data of a
    run with these options. Returns a dict: limit (None for a dead start),
    cosine (cos(limit, w0) = sqrt(S_0)/||w0||), S0, R0 and positive (|P|)."""
    from . import _point  # the package's helper for points in a run's data

    run, w_text = _point(w0, activation, n, d, data, seed, scalar, orth_tol)
    return _snae.gd_prediction(run, w_text)
