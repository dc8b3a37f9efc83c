"""snae.evaluate, snae.hessian and snae.closed_form against the theory and
against independent computations in exact or much wider arithmetic. Each
tolerance is K u (times steps where errors accumulate) with K stated; each
comparison is also shown to fail on a wrong prediction."""

from fractions import Fraction

import mpmath
import numpy as np
import pytest
import snae
from snae import closed_form

from conftest import exact

SCALARS = [("double", 53), ("mpfr:256", 256)]
# A point of the set of minima M of canonical data with n = 4, d = 7 and two
# positive coordinates, on M to the working precision (0.6 and 0.8 are
# rounded once each, so | ||w||^2 - 1 | <= 3u).
ON_M = ["0.6", "0.8", "0", "0", "0", "0", "0"]


def u(p):
    return mpmath.ldexp(mpmath.mpf(1), -p)


def spectrum_list(n, d, k, scalar):
    out = []
    for value, multiplicity in closed_form.hessian_spectrum(n, d, k, scalar=scalar):
        out += [value] * multiplicity
    return sorted(out)


def max_difference(a, b):
    with mpmath.workprec(1024):
        return max(abs(mpmath.mpf(x) - mpmath.mpf(y)) for x, y in zip(a, b))


@pytest.mark.parametrize("scalar,p", SCALARS)
def test_hessian_on_m_has_the_closed_form_spectrum(scalar, p):
    h = snae.hessian(ON_M, n=4, d=7, scalar=scalar)
    assert np.asarray(h["matrix"]).shape == (7, 7)
    # K = 16 d: the point is on M to 3u, each entry is a few roundings, and
    # the symmetric eigen-solver's backward error is a modest multiple of
    # d u ||H|| (||H|| = 4/n = 1 here). Observed: at most 4 u.
    tol = 16 * 7 * u(p)
    assert max_difference(h["eigenvalues"], spectrum_list(4, 7, 2, scalar)) <= tol
    # A wrong prediction: the spectrum of a point with three positive coordinates.
    assert max_difference(h["eigenvalues"], spectrum_list(4, 7, 3, scalar)) > tol
    with mpmath.workprec(1024):
        assert abs(mpmath.mpf(h["trace"]) - mpmath.mpf(closed_form.hessian_trace(4, 7, 2, scalar=scalar))) <= tol


@pytest.mark.parametrize("scalar,p", SCALARS)
def test_the_two_hessians_agree(scalar, p):
    w = ["0.3", "-0.7", "0.2", "0.5", "0.1", "0", "0.25"]
    a = snae.hessian(w, n=4, d=7, scalar=scalar, eigenvalues=False)
    b = snae.hessian(w, n=4, d=7, scalar=scalar, method="gradient", eigenvalues=False)
    assert a["eigenvalues"] is None
    # K = 8 (n + d): both sum O(n + d) products of entries of size O(1).
    assert max_difference(np.ravel(a["matrix"]), np.ravel(b["matrix"])) <= 8 * 11 * u(p)


def test_a_stated_active_set_is_used():
    w = ["0.6", "0.8", "1e-40", "0", "0", "0", "0"]
    by_sign = snae.hessian(w, n=4, d=7, scalar="mpfr:256")
    stated = snae.hessian(w, n=4, d=7, scalar="mpfr:256", active=[True, True, False, False])
    assert max_difference(stated["eigenvalues"], spectrum_list(4, 7, 2, "mpfr:256")) <= 16 * 7 * u(256)
    assert max_difference(by_sign["eigenvalues"], spectrum_list(4, 7, 3, "mpfr:256")) <= 16 * 7 * u(256)


def test_interval_hessian_encloses_and_has_no_eigenvalues():
    h = snae.hessian(ON_M, n=4, d=7, scalar="mpfi:128", eigenvalues=False)
    point = snae.hessian(ON_M, n=4, d=7, scalar="mpfr:512", eigenvalues=False)
    with mpmath.workprec(1024):
        for box, x in zip(np.ravel(h["matrix"]), np.ravel(point["matrix"])):
            lo, hi = (mpmath.mp.make_mpf(e) for e in box._mpi_)
            # The 512-bit entries are within 2^-500 of the exact Hessian at the
            # 128-bit-rounded point only if the points agree: they are the
            # same decimals, read at 129 and 512 bits, so allow 2^-120.
            assert lo - mpmath.ldexp(1, -120) <= x <= hi + mpmath.ldexp(1, -120)
    with pytest.raises(ValueError, match=r"^scalar: eigenvalues of an interval Hessian"):
        snae.hessian(ON_M, n=4, d=7, scalar="mpfi:128")


@pytest.mark.parametrize("scalar,p", SCALARS + [("mpfr:1000", 1000)])
def test_closed_forms_against_exact_rationals(scalar, p):
    half_ulp = Fraction(1, 2 ** p)  # relative, for values in [1/2, 1) and below
    for n in (1, 3, 7, 1024):
        assert abs(exact(closed_form.min_loss(n, scalar=scalar)) - Fraction(n - 1, 2 * n)) <= half_ulp
    assert exact(closed_form.gd_threshold(7, scalar=scalar)) == Fraction(7, 2)
    assert exact(closed_form.batch_threshold(3, scalar=scalar)) == Fraction(3, 2)
    assert exact(closed_form.lambda_max(8, scalar=scalar)) == Fraction(1, 2)
    assert exact(closed_form.hessian_trace(8, 12, 3, scalar=scalar)) == Fraction(13, 8)
    for n, eta in ((8, "1"), (8, "3"), (6, "1.4"), (10, "0.3")):
        e = Fraction(eta)
        want = max(abs(1 - 4 * e / n), abs(1 - e / n))
        # eta is read with relative error u, then a division, a product and a
        # subtraction: within 4u + u |4 eta/n| <= 8u absolute for these.
        assert abs(exact(closed_form.gd_rate(n, eta, scalar=scalar)) - want) <= 8 * Fraction(1, 2 ** p)
        radial = abs(1 - 4 * e / n)
        assert abs(exact(closed_form.gd_rate(n, eta, off_support=False, scalar=scalar)) - radial) <= 8 * Fraction(1, 2 ** p)
        if radial != want:  # a wrong prediction: the other factor
            assert abs(exact(closed_form.gd_rate(n, eta, off_support=False, scalar=scalar)) - want) > 8 * Fraction(1, 2 ** p)


def test_gd_recurrence_is_the_gd_trajectory():
    """C4 from Python: GD's iterates are alpha_t a_0 + beta_t r_0."""
    n, d, steps, p = 6, 8, 30, 256
    for eta in ("0.5", "1.5", "2.5"):
        r = snae.train(n=n, d=d, eta=eta, steps=steps, scalar="mpfr:256", trajectory_every=1, seed=4)
        start = closed_form.gd_limit(r.w0, n=n, d=d, scalar="mpfr:256")
        alpha, beta = closed_form.gd_recurrence(n, eta, start["S0"], start["R0"], steps, scalar="mpfr:256")
        # K = 8: a few roundings per coordinate per step in the trainer and
        # in the recurrence, amplified by the map's factors, which exceed 1
        # only while S_t < 1 (the first steps). Observed: at most 0.44 u t.
        assert worst_recurrence_error(r, alpha, beta, n) <= 8 * u(p)
        with mpmath.workprec(300):  # mpmath rounds to mp.prec: at 53 bits 1 + 2^-100 would be 1
            wrong_eta = mpmath.mpf(eta) * (1 + mpmath.ldexp(1, -100))
        wrong_alpha, wrong_beta = closed_form.gd_recurrence(n, wrong_eta, start["S0"], start["R0"], steps, scalar="mpfr:256")
        assert worst_recurrence_error(r, wrong_alpha, wrong_beta, n) > 8 * u(p)


def worst_recurrence_error(r, alpha, beta, n):
    """max over t >= 1 and j of |w_t[j] - (alpha_t a_0 + beta_t r_0)[j]| / t."""
    with mpmath.workprec(1024):
        w0 = [mpmath.mpf(x) for x in r.w0]
        a0 = [x if i < n and x > 0 else mpmath.mpf(0) for i, x in enumerate(w0)]
        r0 = [x - a for x, a in zip(w0, a0)]
        worst = mpmath.mpf(0)
        for t in range(1, len(alpha)):
            for j, x in enumerate(r.trajectory[t]):
                worst = max(worst, abs(mpmath.mpf(x) - (alpha[t] * a0[j] + beta[t] * r0[j])) / t)
        return worst


def test_gd_limit_is_where_gd_goes():
    n, d = 5, 9
    r = snae.train(n=n, d=d, eta="2", steps=3000, scalar="mpfr:128", seed=2)
    limit = closed_form.gd_limit(r.w0, n=n, d=d, scalar="mpfr:128")
    # GD contracts by max(|1 - 8/5|, |1 - 2/5|) = 0.6 per step, so after 3000
    # steps the iterate is at its fixed point to rounding: K = 64 (n + d),
    # the rounding of the fixed point's coordinates and of N and S.
    assert max_difference(r.w, limit["limit"]) <= 64 * (n + d) * u(128)
    with mpmath.workprec(512):
        assert abs(mpmath.mpf(r.cos_init) - limit["cosine"]) <= 64 * (n + d) * u(128)
    assert r.support.size == limit["positive"]


def test_evaluate_against_the_definition():
    rows = [[0.5, -0.5, -0.5, -0.5], [-0.5, 0.5, -0.5, -0.5], [-0.5, -0.5, 0.5, -0.5]]
    w = ["0.31", "-0.47", "0.11", "0.6"]
    v = snae.evaluate(w, data=np.array(rows), scalar="mpfr:256")
    with mpmath.workprec(2048):
        x = [[mpmath.mpf(e) for e in row] for row in rows]
        wv = [mpmath.mpf(e) for e in w]  # the decimals, nearly exact at 2048 bits
        loss = 0
        for xi in x:
            c = sum(a * b for a, b in zip(xi, wv))
            s = max(c, 0)
            loss += sum((a - s * b) ** 2 for a, b in zip(xi, wv)) / 2
        loss /= len(rows)
        gap = loss - mpmath.mpf(len(rows) - 1) / (2 * len(rows))
        # K = 4 (n + d): w is read with relative error u per entry and each
        # quantity is O(n d) operations on O(1) values.
        tol = 4 * 7 * u(256)
        assert abs(mpmath.mpf(v["loss"]) - loss) <= tol and abs(mpmath.mpf(v["loss_gap"]) - gap) <= tol
        assert abs(mpmath.mpf(v["loss"]) - (loss + mpmath.ldexp(1, -200))) > tol
    assert v["support"].tolist() == [0, 1, 2]  # |c_i| > 1e-6: 0.035, -0.745, -0.165


@pytest.mark.parametrize("scalar,p", SCALARS)
def test_the_structured_spectrum_is_the_dense_one(scalar, p):
    """method="structured" (O(n + d), no matrix) against the dense solve at
    the same point and active set, within the dense solve's 16 d u ||H||
    (tests/structured_spectrum_test.cpp checks 90 points per type)."""
    w = ["0.3", "-0.7", "0.2", "0.5", "0.1", "0", "0.25"]
    for activation in ("relu", "linear"):
        dense = snae.hessian(w, n=4, d=7, activation=activation, scalar=scalar)
        fast = snae.hessian(w, n=4, d=7, activation=activation, scalar=scalar, method="structured")
        assert fast["matrix"] is None and sum(m for _, m in fast["clusters"]) == 7
        scale = max(1, max(abs(mpmath.mpf(x)) for x in dense["eigenvalues"]))
        assert max_difference(fast["eigenvalues"], dense["eigenvalues"]) <= 16 * 7 * u(p) * scale
    with pytest.raises(ValueError, match=r"^method: structured needs exactly orthonormal \(canonical\) data"):
        snae.hessian(w, n=4, d=7, data="rotated", method="structured")
