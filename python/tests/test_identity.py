"""snae.train and `snae train --out` compute the same numbers, to the last
digit, for double, mpfr:256 and mpfi:128 on several configurations: the
decimal strings are equal, and each Python value is the value of the
command line's string in the run's type (checked in exact rationals)."""

from fractions import Fraction

import mpmath
import numpy as np
import pytest
import snae

from conftest import cli_record, exact

# Exactly orthonormal rows with finite decimals: three rows of the
# Householder reflector I - v v^T / 2, v = (1, 1, 1, 1).
HOUSEHOLDER = [[0.5, -0.5, -0.5, -0.5], [-0.5, 0.5, -0.5, -0.5], [-0.5, -0.5, 0.5, -0.5]]
START = ["0.3", "-0.2", "0.5", "0.1", "-0.4", "0.25"]

# (name, command-line flags, snae.train keywords, scalars)
CASES = [
    ("gd-canonical", ["--n", 8, "--d", 8, "--eta", 2, "--steps", 200], dict(n=8, d=8, eta=2, steps=200),
     ["double", "mpfr:256", "mpfi:128"]),
    ("sgd-rotated-reshuffle", ["--n", 6, "--d", 10, "--data", "rotated", "--batch", 2, "--sampler", "reshuffle", "--eta", "0.4",
                               "--steps", 300, "--seed", 3],
     dict(n=6, d=10, data="rotated", batch=2, sampler="reshuffle", eta="0.4", steps=300, seed=3), ["double", "mpfr:256"]),
    ("linear-init", ["--n", 4, "--d", 6, "--activation", "linear", "--eta", "0.3", "--steps", 150, "--init", "@init"],
     dict(n=4, d=6, activation="linear", eta="0.3", steps=150, init=START), ["double", "mpfr:256", "mpfi:128"]),
    ("sgd-data-rows-tol", ["--data", "@data", "--batch", 1, "--eta", "0.4", "--steps", 3000, "--tol", "64u",
                           "--tol-on", "sample-gradient", "--seed", 5],
     dict(data=np.array(HOUSEHOLDER), batch=1, eta="0.4", steps=3000, tol="64u", tol_on="sample-gradient", seed=5),
     ["double", "mpfr:256", "mpfi:128"]),
    ("gd-tol-distance", ["--n", 5, "--d", 7, "--eta", "1.5", "--steps", 5000, "--tol", "1e-20", "--check-every", 5],
     dict(n=5, d=7, eta="1.5", steps=5000, tol="1e-20", check_every=5), ["double", "mpfr:256"]),
    ("diverging-linear", ["--n", 6, "--d", 8, "--eta", "30", "--steps", 300, "--activation", "linear", "--diverge-norm", "1e300",
                          "--seed", 7],
     dict(n=6, d=8, eta="30", steps=300, activation="linear", diverge_norm="1e300", seed=7), ["double", "mpfr:128", "mpfi:128"]),
]

VECTORS = ["w0", "w", "coords"]
SCALARS = ["loss", "loss_gap", "grad_norm", "dist_min", "norm", "cos_init"]


def flags_with_files(tmp_path, flags):
    """The flags with @init and @data replaced by files holding the same numbers."""
    out = []
    for f in flags:
        if f == "@init":
            (tmp_path / "init.txt").write_text(" ".join(START) + "\n")
            f = tmp_path / "init.txt"
        elif f == "@data":
            (tmp_path / "rows.txt").write_text("\n".join(" ".join(repr(x) for x in row) for row in HOUSEHOLDER) + "\n")
            f = tmp_path / "rows.txt"
        out.append(f)
    return out


def half_ulp_of(x, p):
    """Half a unit in the last place of the p-bit number x (x != 0)."""
    _, e = mpmath.frexp(x)  # |x| in [2^(e-1), 2^e)
    return Fraction(2) ** (int(e) - p - 1)


def assert_is_value_of(python_value, text, p):
    """python_value (exact) is the p-bit number nearest the decimal text."""
    if text in ("inf", "-inf", "nan"):
        assert str(python_value) == text or (text == "nan" and python_value != python_value), (python_value, text)
        return
    x = exact(python_value)
    s = Fraction(text)
    if x == 0:
        assert s == 0, (python_value, text)
        return
    assert abs(x - s) <= half_ulp_of(mpmath.mpf(python_value), p), (python_value, text)


@pytest.mark.parametrize("name,flags,keywords,scalars", CASES, ids=[c[0] for c in CASES])
def test_same_numbers_as_the_command_line(tmp_path, name, flags, keywords, scalars):
    for scalar in scalars:
        record = cli_record(tmp_path, *flags_with_files(tmp_path, flags), "--scalar", scalar)
        r = snae.train(scalar=scalar, **keywords)
        assert (r.status, r.steps) == (record["status"], record["steps"]), scalar
        assert (None if r.support is None else r.support.tolist()) == record["support"], scalar
        for key in VECTORS:
            assert r.decimal(key) == record[key], (scalar, key)
        for key in SCALARS:
            assert r.decimal(key) == record[key], (scalar, key)
        if scalar.startswith("mpfi:"):
            continue  # strings equal; an enclosure's endpoints are printed outward, not nearest
        p = record["precision_bits"]
        for key in VECTORS:
            for value, text in zip(getattr(r, key) if record[key] is not None else [], record[key] or []):
                assert_is_value_of(value, text, p)
        for key in SCALARS:
            if record[key] is not None:
                assert_is_value_of(getattr(r, key), record[key], p)


def test_the_comparison_sees_a_last_bit(tmp_path):
    """The value check fails when one bit differs: it could catch a lossy conversion."""
    record = cli_record(tmp_path, "--n", 8, "--d", 8, "--eta", 2, "--steps", 200, "--scalar", "mpfr:256")
    r = snae.train(n=8, d=8, eta=2, steps=200, scalar="mpfr:256")
    x = r.w[0]
    nudged = mpmath.mp.make_mpf(mpmath.libmp.mpf_add(x._mpf_, mpmath.libmp.from_man_exp(1, int(mpmath.frexp(x)[1]) - 256), 0))
    with pytest.raises(AssertionError):
        assert_is_value_of(nudged, record["w"][0], 256)
    rounded = float(x)  # what a conversion through float64 would give
    with pytest.raises(AssertionError):
        assert_is_value_of(mpmath.mpf(rounded), record["w"][0], 256)


def test_the_done_when_example():
    r = snae.train(n=8, d=8, eta=2, steps=200, scalar="mpfr:256")
    assert r.status == "max_steps"
    assert isinstance(r.w[0], mpmath.mpf)
    sign, man, exp, bc = r.w[0]._mpf_
    assert 200 < bc <= 256  # a 256-bit value, not a double in disguise

