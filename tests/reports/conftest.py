"""Shared set-up of the report tests: the snae binary under test (SNAE_BIN,
set by ctest) and a helper that runs it."""
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))


@pytest.fixture(scope="session")
def snae_bin():
    path = os.environ.get("SNAE_BIN")
    if not path:
        pytest.fail("SNAE_BIN is not set (ctest sets it to the built snae)")
    return path


def run_snae(snae_bin, *args, cwd=None, check=True):
    """Runs `snae ARGS`; fails the test with its output when the status is not 0."""
    r = subprocess.run([snae_bin, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, text=True, timeout=600)
    if check and r.returncode != 0:
        pytest.fail("snae %s: status %d\n%s\n%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
    return r
