"""General data (docs/beyond.md): on rows that are not orthonormal, snae's
loss, gradient and trajectory come from the definitions. Checked against an
independent computation in mpmath at 300 digits: the loss summed from
l_i = 1/2 ||x_i - relu(c_i) w||^2 and its gradient by mpmath's numerical
differentiation of that sum (no gradient formula of snae's), at points away
from the ReLU kink."""

import mpmath
import pytest

import snae
from conftest import cli_record

# Three non-orthogonal rows in R^4 (norms 0.8 to 1.3, pairwise cosines up to 0.5).
ROWS = [["0.9", "0.3", "-0.2", "0.1"],
        ["0.4", "1.1", "0.5", "-0.3"],
        ["-0.1", "0.35", "0.6", "0.45"]]
W = ["0.6", "0.5", "0.3", "-0.2"]
U256 = mpmath.mpf(2) ** -256


def rows_mp():
    return [[mpmath.mpf(x) for x in row] for row in ROWS]


def literal_loss(rows, w):
    total = mpmath.mpf(0)
    for x in rows:
        c = mpmath.fsum(a * b for a, b in zip(x, w))
        s = c if c > 0 else 0
        total += mpmath.fsum((a - s * b) ** 2 for a, b in zip(x, w)) / 2
    return total / len(rows)


def numeric_gradient(rows, w):
    grad = []
    for j in range(len(w)):
        def along(t, j=j):
            v = list(w)
            v[j] = w[j] + t
            return literal_loss(rows, v)
        grad.append(mpmath.diff(along, 0))
    return grad


def norm(v):
    return mpmath.sqrt(mpmath.fsum(x * x for x in v))


def closed_form_gradient_norm(rows, w):
    """The orthonormal theory's ||grad L||, which these rows do not satisfy:
    the value a wrong (closed-form) computation would give."""
    c = [mpmath.fsum(a * b for a, b in zip(x, w)) for x in rows]
    s = mpmath.fsum(ci * ci for ci in c if ci > 0)
    off = mpmath.fsum(x * x for x in w) - s
    return mpmath.sqrt((2 * (s - 1) + off) ** 2 * s + s * s * off) / len(rows)


def test_loss_and_gradient_at_a_point_are_literal():
    # Tolerance 64 n d u at u = 2^-256: each value is a sum of n d rounded
    # products and squares (twice for the gradient), far below this; the
    # mpmath reference at 300 digits is exact by comparison.
    with mpmath.workdps(300):
        rows, w = rows_mp(), [mpmath.mpf(x) for x in W]
        loss = literal_loss(rows, w)
        gnorm = norm(numeric_gradient(rows, w))
        wrong = closed_form_gradient_norm(rows, w)
        v = snae.evaluate(W, data=ROWS, any_rows=True, scalar="mpfr:256")
        tol = 64 * 3 * 4 * U256
        assert abs(v["loss"] - loss) <= tol * loss
        assert abs(v["grad_norm"] - gnorm) <= tol * gnorm
        assert v["loss_gap"] is None and v["dist_min"] is None
        # The closed form would have been caught: it is off by far more.
        assert abs(wrong - gnorm) > 1e6 * tol * gnorm


def test_gd_trajectory_is_the_literal_gradient_map():
    # 30 GD steps w <- w - eta grad L(w) at eta = 0.3, replayed in mpmath with
    # the numerical gradient. snae's mpfr:256 step adds at most about
    # 64 n d u ||w|| of rounding; the map's Lipschitz constant here is below
    # 1 + eta ||H|| < 1.5, so after t steps the deviation is at most
    # 64 n d u sum_{s<t} 1.5^s < 64 n d u 1.5^t / 0.5 ||w||: with t = 30,
    # about 2^26 u. A step size off by 1e-9 moves the end by far more.
    steps, eta = 30, "0.3"
    r = snae.train(data=ROWS, any_rows=True, scalar="mpfr:256", eta=eta, steps=steps, seed=4)
    assert r.record["status"] == "max_steps" and r.record["steps"] == steps
    with mpmath.workdps(300):
        rows = rows_mp()

        def replay(step):
            w = [mpmath.mpf(x) for x in r.w0]
            for _ in range(steps):
                g = numeric_gradient(rows, w)
                w = [a - step * b for a, b in zip(w, g)]
            return w

        exact = replay(mpmath.mpf(eta))
        off = replay(mpmath.mpf(eta) * (1 + mpmath.mpf("1e-9")))
        deviation = norm([mpmath.mpf(a) - b for a, b in zip(r.w, exact)])
        tol = 64 * 3 * 4 * U256 * mpmath.mpf("1.5") ** steps / mpmath.mpf("0.5") * norm(exact)
        assert deviation <= tol
        assert norm([a - b for a, b in zip(off, exact)]) > 1e6 * tol


def test_command_line_and_python_agree_on_any_rows(tmp_path):
    rows = tmp_path / "rows.txt"
    rows.write_text("\n".join(" ".join(row) for row in ROWS) + "\n")
    record = cli_record(tmp_path, "--data", rows, "--any-rows", "--eta", "0.3", "--steps", "20", "--seed", "4")
    r = snae.train(data=ROWS, any_rows=True, eta="0.3", steps=20, seed=4)
    assert [float(x) for x in record["w"]] == [float(x) for x in r.w]
    assert record["loss"] == r.record["loss"]
    assert record["loss_gap"] is None and record["not_applicable"] == ["loss_gap", "dist_min"]


def test_rows_that_are_not_orthonormal_are_refused_without_any_rows():
    with pytest.raises(ValueError, match="not orthonormal"):
        snae.train(data=ROWS, steps=1)


@pytest.mark.parametrize("data", ["gaussian", "correlated:0.3"])
def test_generated_general_data_in_every_front_end(data):
    r = snae.train(data=data, n=4, d=6, eta="0.4", batch=1, steps=300, seed=2, batch_seed=9)
    assert r.record["data_orthonormal"] is False
    assert r.loss_gap is None and r.dist_min is None
    same = snae.train(data=data, n=4, d=6, eta="0.4", batch=1, steps=300, seed=2, batch_seed=9, scalar="mpfr:113")
    assert same.record["config"]["batch_seed"] == 9
    # The data and start are the seed's in every type: the first coordinates agree to float.
    assert abs(float(same.w0[0]) - float(r.w0[0])) <= 2.0 ** -52 * abs(float(r.w0[0]))


def test_sweep_with_general_data_batch_seeds_and_a_study(tmp_path):
    r = snae.sweep(data=["gaussian", "correlated:0.2"], n=[4], d=["n"], batch=["1", "full"], eta=["0.4"], seeds=(0, 1),
                   batch_seeds=(3, 4), study="near-orthogonal", out_dir=tmp_path / "s", figures=False)
    # 2 data x 2 batches x 2 seeds x 2 batch seeds, batch seed innermost.
    assert r.total == 16 and len(r.runs) == 16
    assert [int(x["batch_seed"]) for x in r.runs[:4]] == [3, 4, 3, 4]
    assert all(x["dist_min"] == "n/a" and x["loss_gap"] == "n/a" for x in r.runs)
    assert (tmp_path / "s" / "near-orthogonal.csv").is_file()


def test_precision_on_general_rows_says_the_gap_is_not_applicable(tmp_path):
    p = snae.precision(data="gaussian", n=4, d=6, eta="0.4", batch=1, steps=100, scalars=["float", "double"],
                       out_dir=tmp_path / "p", figure_format="svg")
    assert [t["loss_gap"] for t in p.data["types"]] == ["n/a", "n/a"]
