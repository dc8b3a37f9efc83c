"""The walk-through of docs/python.md runs as written: each >>> example's
output is what this build prints (doctest), so the document cannot drift
from the package."""

import doctest
import os

from conftest import SOURCE


def test_the_walk_through_prints_what_it_says(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the examples write reports/ where they run
    result = doctest.testfile(os.path.join(SOURCE, "docs", "python.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 15
    assert result.failed == 0
