"""Shared by the tests of the Python package: the command line beside it
(SNAE_BIN, set by ctest) and the repository root (SNAE_SOURCE)."""

import json
import os
import subprocess
from fractions import Fraction

import mpmath
import pytest

SOURCE = os.environ.get("SNAE_SOURCE", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def snae_bin():
    path = os.environ.get("SNAE_BIN", os.path.join(SOURCE, "build", "app", "snae"))
    if not os.path.exists(path):
        pytest.fail(f"the snae command line is not at {path} (set SNAE_BIN)")
    return path


def cli(*args, check=True):
    """Runs `snae ARGS`; returns the completed process (text output)."""
    p = subprocess.run([snae_bin(), *map(str, args)], capture_output=True, text=True, timeout=600)
    if check and p.returncode != 0:
        raise AssertionError(f"snae {' '.join(map(str, args))} exited {p.returncode}: {p.stderr}")
    return p


def cli_record(tmp_path, *args):
    """The JSON record that `snae train ARGS --out FILE` writes."""
    out = tmp_path / "cli.json"
    cli("train", *args, "--out", out, "--quiet")
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def exact(value):
    """A float or an mpmath.mpf as the rational number it is."""
    if isinstance(value, mpmath.mpf):
        sign, man, exp, _ = value._mpf_
        v = Fraction(int(man)) * Fraction(2) ** exp
        return -v if sign else v
    return Fraction(value)
