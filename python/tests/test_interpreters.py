"""The issue's one-liner with whatever `python3` is first on PATH (on this
kind of machine a pyenv 3.11 without numpy): it works when that Python has
the build's version, borrowing numpy and mpmath from the build
interpreter's site folders, and otherwise says which interpreter to use."""

import os
import shutil
import subprocess
import sys

import pytest
from snae import _build

ONE_LINER = "import snae; r = snae.train(n=8, d=8, eta=2, steps=200, scalar='mpfr:256'); print(r.status, r.w[0])"


def python3_on_path():
    path = shutil.which("python3")
    if path is None:
        pytest.skip("no python3 on PATH")
    return path


def test_the_issues_one_liner_with_python3_on_path():
    python3 = python3_on_path()
    version = subprocess.run([python3, "-c", "import sys; print(*sys.version_info[:2])"], capture_output=True, text=True,
                             check=True).stdout.split()
    p = subprocess.run([python3, "-c", ONE_LINER], capture_output=True, text=True, env=dict(os.environ), timeout=120)
    if tuple(map(int, version)) == _build.VERSION:
        assert p.returncode == 0, p.stderr
        assert p.stdout.startswith("max_steps 0.4774102801750"), p.stdout
    else:
        assert p.returncode != 0 and f"built for {_build.PYTHON}" in p.stderr, p.stderr


def test_a_python_without_numpy_finds_the_build_interpreters(tmp_path):
    """An isolated interpreter (-S: no site folders, so no numpy) of the
    build's version still imports snae, from the build's site folders."""
    code = "import sys; sys.path.insert(0, %r); import snae, numpy; print(numpy.__file__)" % os.path.dirname(
        os.path.dirname(snae_file()))
    p = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert any(p.stdout.startswith(site) for site in _build.SITE_PACKAGES), p.stdout


def snae_file():
    import snae
    return snae.__file__
