"""The LaTeX check itself can fail: a clean file passes, and each kind of
problem it looks for (an undefined command, an overfull table, a package
missing from the header, a missing header) is reported."""
import pytest

import latex


def write(tmp_path, text):
    p = tmp_path / "t.tex"
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_clean_table_passes(tmp_path):
    assert latex.compile(write(tmp_path, "% LaTeX packages: booktabs\n\\begin{tabular}{ll}\\toprule a & b \\\\ \\bottomrule\\end{tabular}\n")) == []


def test_undefined_command_fails(tmp_path):
    found = latex.compile(write(tmp_path, "% LaTeX packages: booktabs\n$\\operatorname{tr} H$\n"))
    assert any("Undefined control sequence" in f for f in found)


def test_overfull_table_fails(tmp_path):
    wide = " & ".join(["0.123456789"] * 40)
    found = latex.compile(write(tmp_path, "%% LaTeX packages: booktabs\n\\begin{tabular}{%s}%s\\end{tabular}\n" % ("l" * 40, wide)))
    assert any(f.startswith("Overfull \\hbox") for f in found)


def test_unlisted_package_fails(tmp_path):
    found = latex.compile(write(tmp_path, "% LaTeX packages: booktabs\n\\begin{tabular}{S}1.5\\end{tabular}\n"))
    assert found


def test_missing_header_is_refused(tmp_path):
    with pytest.raises(ValueError):
        latex.compile(write(tmp_path, "\\begin{tabular}{l}a\\end{tabular}\n"))
