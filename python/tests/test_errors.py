"""Bad arguments: ValueError with the command line's message, the flag
named as the Python parameter; TypeError for a value of the wrong type;
no output file created either way."""

import re

import numpy as np
import pytest
import snae

from conftest import cli

# (snae train flags, snae.train keywords): the same bad input both ways.
BAD = [
    (["--n", 4, "--d", 4, "--eta=-1"], dict(n=4, d=4, eta=-1)),
    (["--n", 4, "--d", 4, "--eta", "0"], dict(n=4, d=4, eta=0)),
    (["--n", 0, "--d", 4], dict(n=0, d=4)),
    (["--n", 5, "--d", 4], dict(n=5, d=4)),
    (["--d", 4], dict(d=4)),
    (["--n", 4, "--d", 4, "--batch", 0], dict(n=4, d=4, batch=0)),
    (["--n", 4, "--d", 4, "--batch", 9], dict(n=4, d=4, batch=9)),
    (["--n", 4, "--d", 4, "--sampler", "cyclic"], dict(n=4, d=4, sampler="cyclic")),
    (["--n", 4, "--d", 4, "--batch", 2, "--remainder", "drop"], dict(n=4, d=4, batch=2, remainder="drop")),
    (["--n", 4, "--d", 4, "--batch", 2, "--sampler", "shuffle"], dict(n=4, d=4, batch=2, sampler="shuffle")),
    (["--n", 4, "--d", 4, "--data", "rotated", "--update", "scaled"], dict(n=4, d=4, data="rotated", update="scaled")),
    (["--n", 4, "--d", 4, "--scalar", "mpfr:8"], dict(n=4, d=4, scalar="mpfr:8")),
    (["--n", 4, "--d", 4, "--scalar", "quad"], dict(n=4, d=4, scalar="quad")),
    (["--n", 4, "--d", 4, "--tol", "abc"], dict(n=4, d=4, tol="abc")),
    (["--n", 4, "--d", 4, "--tol-on", "nope"], dict(n=4, d=4, tol_on="nope")),
    (["--n", 4, "--d", 4, "--check-every", 0], dict(n=4, d=4, check_every=0)),
    (["--n", 4, "--d", 4, "--steps=-1"], dict(n=4, d=4, steps=-1)),
    (["--n", 4, "--d", 4, "--init-scale", "0"], dict(n=4, d=4, init_scale="0")),
    (["--n", 4, "--d", 4, "--support-threshold=-1"], dict(n=4, d=4, support_threshold=-1)),
    (["--n", 4, "--d", 4, "--activation", "tanh"], dict(n=4, d=4, activation="tanh")),
    (["--data", "/nonexistent/rows.txt"], dict(data="/nonexistent/rows.txt")),
    (["--n", 4, "--d", 4, "--eta", "1e999999999"], dict(n=4, d=4, eta="1e999999999")),
]


def cli_message(flags):
    p = cli("train", *flags, check=False)
    assert p.returncode == 2, p.stderr
    line = p.stderr.strip()
    assert line.count("\n") == 0 and line.startswith("snae: error: --")
    return line[len("snae: error: "):]


def python_name(text):
    """The command line's message with each flag named as the Python parameter."""
    return re.sub(r"(?<![\w-])--([a-z][a-z-]*)", lambda m: m.group(1).replace("-", "_"), text)


@pytest.mark.parametrize("flags,keywords", BAD, ids=[" ".join(map(str, f)) for f, _ in BAD])
def test_value_errors_say_what_the_command_line_says(tmp_path, flags, keywords):
    expected = python_name(cli_message(flags))
    out = tmp_path / "never.json"
    with pytest.raises(ValueError) as e:
        snae.train(out=out, **keywords)
    assert str(e.value) == expected
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_python_name_changes_only_flags():
    assert python_name("--check-every: x; give --batch B, or drop --sampler") == "check_every: x; give batch B, or drop sampler"
    assert python_name("rows of 'a--b.txt' are") == "rows of 'a--b.txt' are"


def test_rows_that_are_not_orthonormal_are_named_as_an_array():
    with pytest.raises(ValueError, match=r"^data: rows of the data array are not orthonormal: .* \(64 d u\); give more digits or set orth_tol$"):
        snae.train(data=np.array([[1.0, 0.0], [0.6, 0.8]]))
    with pytest.raises(ValueError, match=r"^data: the data array has 2 rows but n is 3$"):
        snae.train(data=np.eye(2, 3), n=3)
    with pytest.raises(ValueError, match=r"^init: the array holds 2 numbers, expected d = 3$"):
        snae.train(n=3, d=3, init=[1, 2])


@pytest.mark.parametrize("keywords,name", [
    (dict(n="8", d=8), "n"), (dict(n=8.0, d=8), "n"), (dict(n=True, d=8), "n"), (dict(n=8, d=8, eta=[1]), "eta"),
    (dict(n=8, d=8, batch=2.5), "batch"), (dict(n=8, d=8, activation=1), "activation"), (dict(n=8, d=8, data=5), "data"),
    (dict(n=8, d=8, seed=None), "seed"), (dict(n=8, d=8, callback=3), "callback"), (dict(n=8, d=8, progress="yes"), "progress"),
])
def test_type_errors_name_the_parameter(keywords, name):
    with pytest.raises(TypeError, match=rf"^{name}: expected"):
        snae.train(**keywords)


def test_a_decimal_without_finite_expansion_is_refused():
    from fractions import Fraction
    with pytest.raises(ValueError, match=r"^eta: 1/3 has no finite decimal expansion"):
        snae.train(n=4, d=4, eta=Fraction(1, 3))
    assert snae.train(n=4, d=4, eta=Fraction(3, 8), steps=1).eta == 0.375


def test_tools_mirror_their_command_lines(tmp_path):
    p = cli("verify", "--claims", "C1,C99", "--out-dir", tmp_path / "v", check=False)
    with pytest.raises(ValueError) as e:
        snae.verify(["C1", "C99"], out_dir=tmp_path / "w")
    assert str(e.value) == python_name(p.stderr.strip()[len("snae: error: "):])
    with pytest.raises(ValueError, match=r"^export: needs certified"):
        snae.verify(["C1"], export=tmp_path / "c", out_dir=tmp_path / "v2")
    with pytest.raises(ValueError, match=r"^config: keys: unknown key 'sizes'"):
        snae.sweep(preset="batch-size", quick=True, sizes=[4], out_dir=tmp_path / "s")
    with pytest.raises(ValueError, match=r"^threshold: expected a decimal > 0"):
        snae.precision(n=4, d=4, threshold=-1, out_dir=tmp_path / "p")
    assert not (tmp_path / "s").exists() and not (tmp_path / "p").exists()
