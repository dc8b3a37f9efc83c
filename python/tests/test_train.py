"""snae.train: the command line's parameters and defaults, values in the
run's own type, trajectories and callbacks."""

import json

import mpmath
import numpy as np
import pytest
import snae

from conftest import cli_record


def test_defaults_are_the_command_lines(tmp_path):
    record = cli_record(tmp_path, "--n", 6, "--d", 9)
    r = snae.train(n=6, d=9)
    expected = dict(record["config"], out=None)
    assert r.config == expected
    assert r.decimal("w") == record["w"]


@pytest.mark.parametrize("scalar,dtype,bits", [("float", np.float32, 24), ("double", np.float64, 53),
                                                ("long_double", np.longdouble, np.finfo(np.longdouble).nmant + 1)])
def test_hardware_types_are_numpy_arrays_of_their_own_dtype(scalar, dtype, bits):
    r = snae.train(n=5, d=7, eta="1.5", steps=40, scalar=scalar)
    assert r.precision_bits == bits
    for v in (r.w, r.w0, r.coords, r.trajectory if r.trajectory is not None else r.w):
        assert isinstance(v, np.ndarray) and v.dtype == dtype
    assert np.asarray(r.loss).dtype == dtype
    assert r.w.shape == (7,) and r.coords.shape == (5,)


@pytest.mark.parametrize("scalar,bits", [("float128", 113), ("cpp_bin_float_50", 168), ("mpfr:300", 300)])
def test_multiprecision_values_are_exact_mpf(scalar, bits):
    r = snae.train(n=5, d=7, eta="1.5", steps=40, scalar=scalar)
    assert r.precision_bits == bits and r.w.dtype == object
    widths = [x._mpf_[3] for x in r.w if x != 0]
    assert all(isinstance(x, mpmath.mpf) for x in r.w)
    assert max(widths) <= bits and max(widths) > 64  # all of the type's bits, not a double's
    assert isinstance(r.loss_gap, mpmath.mpf)


def test_intervals_are_mpi_enclosures():
    r = snae.train(n=4, d=6, eta="0.3", steps=50, scalar="mpfi:128")
    assert r.scalar.startswith("mpfi:") and r.w.dtype == object
    for x in r.w:
        assert isinstance(x, mpmath.ctx_iv.ivmpf)
        lo, hi = (mpmath.mp.make_mpf(e) for e in x._mpi_)
        assert lo <= hi and hi - lo < mpmath.ldexp(1, -100)
    # The 512-bit run's iterate (within 50 steps of 2^-400 of the exact one) lies
    # in every box; the slack is added at 1024 bits, as mpmath rounds to mp.prec.
    point = snae.train(n=4, d=6, eta="0.3", steps=50, scalar="mpfr:512")
    with mpmath.workprec(1024):
        for box, x in zip(r.w, point.w):
            lo, hi = (mpmath.mp.make_mpf(e) for e in box._mpi_)
            assert lo - mpmath.ldexp(1, -400) <= x <= hi + mpmath.ldexp(1, -400)


def test_a_float_is_the_decimal_python_prints_and_an_mpf_its_binary_value():
    text = snae.train(n=4, d=4, eta="0.1", steps=1, scalar="mpfr:256").eta
    printed = snae.train(n=4, d=4, eta=0.1, steps=1, scalar="mpfr:256").eta
    binary = snae.train(n=4, d=4, eta=mpmath.mpf(0.1), steps=1, scalar="mpfr:256").eta
    assert printed == text  # eta=0.1 is --eta 0.1 at every precision
    assert binary == mpmath.mpf(0.1) and binary != text  # the double nearest 0.1, exactly
    with mpmath.workprec(256):
        assert text == mpmath.mpf("0.1")


def test_arrays_in_are_read_as_their_numbers():
    w0 = np.array([0.6, -0.8, 0.1, 0.25])
    r = snae.train(n=2, d=4, init=w0, steps=0, scalar="mpfr:256")
    with mpmath.workprec(256):
        assert list(r.w0) == [mpmath.mpf(s) for s in ("0.6", "-0.8", "0.1", "0.25")]
    same = snae.train(n=2, d=4, init=["0.6", "-0.8", "0.1", "0.25"], steps=0, scalar="mpfr:256")
    assert list(same.w0) == list(r.w0)
    f32 = snae.train(n=2, d=4, init=w0.astype(np.float32), steps=0, scalar="mpfr:256")
    assert list(f32.w0) == list(r.w0)  # float32's shortest decimals are the same here
    mp_start = [mpmath.mpf(1) / 3, 0, 0, mpmath.mpf(2) ** -70000]
    r = snae.train(n=2, d=4, init=mp_start, steps=0, scalar="mpfr:128")
    assert list(r.w0) == mp_start  # mpf values pass exactly: 1/3 has 53 bits here, 2^-70000 is a power of two


def test_a_double_runs_values_pass_back_unchanged():
    first = snae.train(n=6, d=6, eta="1.5", steps=17)
    again = snae.train(n=6, d=6, eta="1.5", steps=0, init=first.w)
    assert np.array_equal(again.w0, first.w)
    h = snae.evaluate(first.w, n=6, d=6)
    assert h["loss"] == first.loss and np.array_equal(h["coords"], first.coords)


def test_trajectory_rows_are_the_iterates():
    r = snae.train(n=6, d=6, eta="1.5", steps=23, trajectory_every=5, scalar="mpfr:128")
    assert r.trajectory_steps.tolist() == [0, 5, 10, 15, 20, 23]
    assert r.trajectory.shape == (6, 6)
    assert list(r.trajectory[0]) == list(r.w0) and list(r.trajectory[-1]) == list(r.w)
    assert r.trajectory_loss[-1] == r.loss
    middle = snae.train(n=6, d=6, eta="1.5", steps=10, scalar="mpfr:128")
    assert list(r.trajectory[2]) == list(middle.w)
    assert snae.evaluate(r.trajectory[2], n=6, d=6, scalar="mpfr:128")["loss"] == r.trajectory_loss[2]


def test_scaled_update_keeps_the_asked_rows():
    r = snae.train(n=6, d=6, eta="1.5", steps=1000, update="scaled", trajectory_every=100)
    assert r.trajectory_steps.tolist() == list(range(0, 1001, 100))


def test_callback_sees_the_steps_and_its_exception_stops_the_run():
    seen = []
    snae.train(n=4, d=4, steps=10, callback=lambda t, w: seen.append((t, w.copy())), callback_every=4)
    assert [t for t, _ in seen] == [0, 4, 8]
    assert np.array_equal(seen[0][1], snae.train(n=4, d=4, steps=0).w)

    calls = []

    def stop_at_3(t, w):
        calls.append(t)
        if t == 3:
            raise RuntimeError("enough")

    with pytest.raises(RuntimeError, match="enough"):
        snae.train(n=4, d=4, steps=10 ** 7, callback=stop_at_3)
    assert calls == [0, 1, 2, 3]


def test_an_exception_in_progress_stops_the_run():
    def fail(done, total):
        raise ValueError("stop here")

    with pytest.raises(ValueError, match="stop here"):
        snae.train(n=64, d=64, batch=1, eta="0.4", steps=10 ** 9, scalar="mpfr:128", progress=fail)


def test_progress_is_reported():
    reports = []
    snae.train(n=64, d=64, batch=1, eta="0.4", steps=400000, scalar="mpfr:128", progress=lambda t, n: reports.append((t, n)))
    assert reports and reports[-1] == (400000, 400000)
    assert all(n == 400000 for _, n in reports)


def test_out_file_is_the_command_lines(tmp_path):
    out = tmp_path / "run.json"
    r = snae.train(n=5, d=5, eta="2", steps=30, out=out, scalar="mpfr:128")
    with open(out) as f:
        written = json.load(f)
    assert written["w"] == r.decimal("w") and written["status"] == r.status


def test_a_schedule_list_is_the_schedule_file(tmp_path):
    batches = [[0], [2, 1], [0, 1, 2], [1]]
    (tmp_path / "s.txt").write_text("\n".join(" ".join(map(str, b)) for b in batches) + "\n")
    record = cli_record(tmp_path, "--n", 3, "--d", 5, "--eta", "0.3", "--steps", 50, "--schedule", tmp_path / "s.txt",
                        "--scalar", "mpfr:160")
    r = snae.train(n=3, d=5, eta="0.3", steps=50, schedule=batches, scalar="mpfr:160")
    assert r.decimal("w") == record["w"] and r.config["schedule"] == "array" and r.config["sampler"] == "schedule"
    with pytest.raises(ValueError, match=r"^schedule: row 1 of the schedule array is empty"):
        snae.train(n=3, d=5, schedule=[[0], []])
    with pytest.raises(ValueError, match=r"^schedule: row 0 of the schedule array: index 3 out of range"):
        snae.train(n=3, d=5, schedule=[[3]])
    with pytest.raises(ValueError, match=r"^schedule: gives the batches itself"):
        snae.train(n=3, d=5, schedule=[[0]], batch=2)


def test_data_array_gives_n_and_d():
    rows = np.eye(3, 5)
    r = snae.train(data=rows, steps=10)
    assert (r.n, r.d) == (3, 5) and r.config["data"] == "array"
    assert r.config["n"] is None and r.config["d"] is None


def test_values_far_below_doubles_range_pass_back():
    """SGD's losing coordinates end far below 2^-1074 at mpfr (here below
    2^-6000): r.decimal and the functions that take r.w handle them."""
    r = snae.train(n=16, d=16, eta="6.0", batch=15, steps=16000, tol="1024u", tol_on="sample-gradient", check_every=2,
                   scalar="mpfr:128", seed=1)
    smallest = min(int(mpmath.frexp(x)[1]) for x in r.w if x != 0)
    assert smallest < -6000
    assert len(r.decimal("w")) == 16 and r.decimal("dist_min") is not None
    v = snae.evaluate(r.w, n=16, d=16, scalar="mpfr:128")
    assert list(v["coords"]) == list(r.coords) and v["loss_gap"] == r.loss_gap
