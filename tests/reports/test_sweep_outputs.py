"""What a sweep writes goes into a paper and a notebook as it is: runs.csv
and summary.csv load with a bare pandas.read_csv (numeric b, boolean
full_batch), summary.json keeps numbers as numbers and high-precision values
as decimal strings, every summary.tex compiles in the minimal document its
header lists, statistics keep the runs' precision (a loss gap of about
4e-615 at mpfr:1024), and every output names the build that wrote it."""
import csv
import json
import os
import re
from decimal import Decimal, localcontext

import pandas
import pytest

import latex
from conftest import run_snae

QUICK = ["sweep", "--preset", "batch-size", "--quick", "--no-figures", "-q"]
# The example: GD's loss gap at mpfr:1024 is about 4e-615.
TINY = ["sweep", "--n", "8", "--batch", "1,full", "--seeds", "0..1", "--scalar", "mpfr:1024", "--tol", "64u", "--no-figures", "-q"]


@pytest.fixture(scope="module")
def quick(snae_bin, tmp_path_factory):
    out = tmp_path_factory.mktemp("quick")
    run_snae(snae_bin, *QUICK, "--out-dir", str(out / "paper"))
    run_snae(snae_bin, *QUICK, "--out-dir", str(out / "all"), "--columns", "all")
    return out


@pytest.fixture(scope="module")
def tiny(snae_bin, tmp_path_factory):
    out = tmp_path_factory.mktemp("tiny")
    run_snae(snae_bin, *TINY, "--out-dir", str(out))
    return out


def test_runs_csv_loads_with_a_bare_read_csv(quick):
    frame = pandas.read_csv(quick / "paper" / "runs.csv")
    assert len(frame) == 96  # 2 n x 6 batch sizes x 8 seeds
    assert frame["b"].dtype.kind == "i" and frame["full_batch"].dtype == bool
    assert frame["n"].dtype.kind == "i" and frame["seed"].dtype.kind == "i"
    assert frame["loss_gap"].dtype.kind == "f" and frame["trace"].dtype.kind == "f"
    full = frame[frame["batch"] == "full"]
    assert (full["b"] == full["n"]).all() and full["full_batch"].all()
    assert not frame[frame["batch"] != "full"]["full_batch"].any()
    # Sorting by b is numeric, as "batch" (with "full") could not be.
    assert sorted(frame["b"].unique()) == [1, 2, 4, 8, 15, 16, 32, 63, 64]
    # The same values as the csv module reads: nothing was taken for a comment.
    with open(quick / "paper" / "runs.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(frame) and float(rows[0]["trace"]) == frame["trace"][0]


def test_summary_csv_loads_with_a_bare_read_csv(quick):
    frame = pandas.read_csv(quick / "paper" / "summary.csv")
    assert set(frame["measure"]) >= {"loss_gap", "support_size", "trace", "cos_given_k"}
    assert frame["mean"].dtype.kind == "f" and frame["b"].dtype.kind == "i"
    assert (frame["precision_bits"] == 53).all()


def test_config_json_is_the_echo_with_provenance(quick, snae_bin):
    echo = json.load(open(quick / "paper" / "config.json"))
    assert echo["name"] == "batch-size-quick" and echo["snae_sweep_format"] == 1
    prov = echo["provenance"]
    version = run_snae(snae_bin, "--version").stdout
    assert version.startswith("snae " + prov["version"]) and prov["compiler"] in version
    assert set(prov["libraries"]) == {"mpfr", "gmp", "mpfi", "boost", "eigen"}
    assert re.fullmatch(r"[0-9a-f]{40}|unknown", prov["commit"])
    for name in ("summary.md", "summary.tex"):
        text = open(quick / "paper" / name).read()
        assert "snae " + prov["version"] in text and prov["libraries"]["mpfr"] in text, name
    assert json.load(open(quick / "paper" / "summary.json"))["snae_sweep"]["config"]["provenance"] == prov


def test_summary_json_types(quick, tiny):
    points = json.load(open(quick / "paper" / "summary.json"))["points"]
    p = points[0]
    assert isinstance(p["n"], int) and isinstance(p["b"], int) and isinstance(p["steps_budget"], int)
    assert isinstance(p["full_batch"], bool) and isinstance(p["batch"], str)
    assert isinstance(p["measures"]["trace"]["mean"], float)  # double runs: numbers
    hp = json.load(open(tiny / "summary.json"))["points"]
    assert all(isinstance(q["measures"]["trace"]["mean"], str) for q in hp)  # mpfr:1024: decimal strings
    assert hp[0]["precision_bits"] == 1024


@pytest.mark.parametrize("layout", ["paper", "all"])
def test_summary_tex_compiles_without_overfull_boxes(quick, layout):
    assert latex.compile(str(quick / layout / "summary.tex")) == []


def test_the_full_layout_would_not_fit_a_portrait_page(quick, tmp_path):
    # The landscape header is needed: without it the same table overflows,
    # so the check above tests what it says.
    text = open(quick / "all" / "summary.tex").read().replace("% LaTeX page: landscape\n", "")
    path = tmp_path / "portrait.tex"
    path.write_text(text)
    assert any(p.startswith("Overfull \\hbox") for p in latex.compile(str(path)))


def test_tiny_values_keep_their_magnitude(tiny):
    """GD's loss gap at mpfr:1024 is about 4e-615, below double's range: the
    summaries must say so, not 0. The median of two seeds is their mean,
    recomputed here from runs.csv in Python's Decimal at 400 digits."""
    with localcontext() as ctx:
        ctx.prec = 400
        check_tiny(tiny)


def check_tiny(tiny):
    with open(tiny / "runs.csv", newline="") as f:
        gd = [r for r in csv.DictReader(f) if r["batch"] == "full"]
    values = [Decimal(r["loss_gap"]) for r in gd]
    assert len(values) == 2 and all(v < Decimal("1e-500") and v > 0 for v in values)
    with open(tiny / "summary.csv", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["batch"] == "full" and r["measure"] == "loss_gap")
    expected = (values[0] + values[1]) / 2
    median = Decimal(row["median"])
    assert abs(median - expected) <= expected * Decimal(2) ** -1020
    assert row["median"].endswith("e-615")
    shown = "%.2e" % 0  # what a double-based summary printed
    md = open(tiny / "summary.md").read()
    tex = open(tiny / "summary.tex").read()
    want = "{:.2e}".format(expected).replace("E", "e")
    assert want in md and want in tex and want.endswith("e-615")
    assert shown not in md.split("| n |")[1].split("The configuration")[0]


def test_bad_columns_value_is_refused_before_anything_is_written(snae_bin, tmp_path):
    out = tmp_path / "never"
    r = run_snae(snae_bin, *QUICK, "--out-dir", str(out), "--columns", "support,bogus", check=False)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "--columns" in r.stderr and "bogus" in r.stderr
    assert not out.exists()


def test_version_flag(snae_bin):
    r = run_snae(snae_bin, "--version")
    assert re.match(r"snae \d+\.\d+\.\d+ \(commit ([0-9a-f]{12}|unknown)", r.stdout)
    for lib in ("MPFR", "GMP", "MPFI", "Boost", "Eigen"):
        assert lib + " " in r.stdout
