"""The figures go into a paper unedited: PDFs at the stated column or page
width with Latin Modern embedded and text at its final size, titles only
when asked, full batch at a position of its own, no "(dimensionless)", the
seed that (a) and (e) show said in the figure, drawings that always match
their data, and a bad --figure-format refused before anything is written.
Everything is read back from the files (PDF, PNG and SVG headers, the .gp
scripts, the .dat data) with the standard library only."""
import math
import os
import re
import shutil
import zlib

import pytest

from conftest import run_snae

SWEEP = ["sweep", "--n", "8,16", "--batch", "1,n-1,full", "--seeds", "0..2", "--threads", "2", "-q"]
FIGURES = ["a_sorted_coords", "b_participation", "c_sharpness", "d_cosine", "e_top_coords"]
# The figures' titles, as the scripts write them (enhanced text).
TITLES = {
    "a_sorted_coords": "Final coordinates, sorted",
    "b_participation": "Participation ratio of the final iterate",
    "c_sharpness": "Sharpness against batch size",
    "d_cosine": "Alignment with the initial weights",
    "e_top_coords": "Largest coordinates during training",
    "deviation": "Deviation from the",
}
WIDTH_PT = {"column": 3.3 * 72, "page": 6.9 * 72}


def sweep(snae_bin, out, *flags):
    if shutil.which("gnuplot") is None:
        pytest.fail("gnuplot not found (Debian's gnuplot-nox, with the cairo terminals)")
    run_snae(snae_bin, *SWEEP, "--out-dir", str(out), *flags)
    return out / "figures"


@pytest.fixture(scope="module")
def column(snae_bin, tmp_path_factory):
    """Every format at a column's width, titles on (the defaults but the formats)."""
    return sweep(snae_bin, tmp_path_factory.mktemp("column") / "s", "--figure-format", "pdf,png,svg")


@pytest.fixture(scope="module")
def page(snae_bin, tmp_path_factory):
    return sweep(snae_bin, tmp_path_factory.mktemp("page") / "s", "--figure-format", "pdf,png,svg", "--figure-size", "page",
                 "--figure-titles", "off")


@pytest.fixture(scope="module")
def precision(snae_bin, tmp_path_factory):
    out = tmp_path_factory.mktemp("precision") / "p"
    run_snae(snae_bin, "precision", "--n", "8", "--d", "8", "--steps", "20", "--scalars", "float,double", "--out-dir", str(out), "-q",
             "--figure-format", "pdf", "--figure-size", "page", "--figure-titles", "off")
    return out / "figures"


# --- reading the files --------------------------------------------------------

def media_box(path):
    """The page's /MediaBox [x0 y0 x1 y1] of a one-page PDF, in points."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", path.read_bytes())
    assert len(boxes) >= 1, "%s has no /MediaBox" % path
    return [float(v) for v in boxes[0]]


def text_sizes(path):
    """The size in points of every text the PDF draws: the scale of each text
    matrix `a b c d e f Tm` (the fonts are selected at size 1) in its
    Flate-compressed content streams."""
    sizes = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", path.read_bytes(), re.S):
        try:
            content = zlib.decompress(m.group(1))
        except zlib.error:
            continue  # an embedded font or image, not page content
        for t in re.finditer(rb"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) [-\d.]+ [-\d.]+ Tm", content):
            a, b = float(t.group(1)), float(t.group(2))
            sizes.append(round(math.hypot(a, b), 2))
    return sizes


def png_size(path):
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def dat_blocks(path):
    """{series label: [(x, y), ...]} of a figure's .dat file."""
    blocks, label = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"# series \d+: (.*)", line)
        if m:
            label = m.group(1)
            blocks[label] = []
        elif line and not line.startswith("#"):
            blocks[label].append(tuple(float(v) for v in line.split()[:2]))
    return blocks


# --- size, fonts, formats ----------------------------------------------------

@pytest.mark.parametrize("size", ["column", "page"])
def test_pdfs_have_the_stated_width_and_fonts(column, page, size):
    folder = column if size == "column" else page
    for name in FIGURES:
        pdf = folder / (name + ".pdf")
        x0, y0, x1, y1 = media_box(pdf)
        assert abs((x1 - x0) - WIDTH_PT[size]) < 1.0, "%s: %g pt wide, expected %g" % (pdf, x1 - x0, WIDTH_PT[size])
        assert 1.5 * 72 < y1 - y0 < 5.5 * 72, "%s: %g pt high" % (pdf, y1 - y0)
        # Latin Modern Roman embedded (a subset: "ABCDEF+LMRoman10-Regular").
        assert re.search(rb"/FontName /[A-Z]{6}\+LMRoman10-Regular", pdf.read_bytes()), \
            "%s does not embed Latin Modern Roman (Debian's fonts-lmodern)" % pdf


def test_text_is_at_its_final_size(column):
    """9 pt labels and 8 pt tic labels and keys, sub- and superscripts at 0.8
    of those; nothing at gnuplot's 4/3 or 1/2 of the asked size."""
    for name in FIGURES:
        sizes = text_sizes(column / (name + ".pdf"))
        assert sizes, name
        assert 9.0 in sizes and 8.0 in sizes, "%s: sizes %s" % (name, sorted(set(sizes)))
        assert all(6.0 <= s <= 10.0 for s in sizes), "%s: sizes %s" % (name, sorted(set(sizes)))


def test_png_and_svg_match_the_pdf_layout(column):
    for name in FIGURES:
        w, h = png_size(column / (name + ".png"))
        assert w == round(3.3 * 300), (name, w)  # 300 dpi
        x0, y0, x1, y1 = media_box(column / (name + ".pdf"))
        assert abs(h - (y1 - y0) / 72 * 300) < 5, (name, h)  # cairo rounds the MediaBox to whole points
        svg = (column / (name + ".svg")).read_text(encoding="utf-8")
        assert re.search(r"<svg[^>]*viewBox=\"0 0 238 ", svg), name  # one unit per point
        assert "Latin Modern Roman" in svg, name


def test_only_the_asked_formats_are_left(snae_bin, tmp_path):
    """A drawing always matches its .dat: redrawing in fewer formats removes the others."""
    figures = sweep(snae_bin, tmp_path / "s", "--figure-format", "png,svg")
    assert (figures / "b_participation.svg").exists() and not (figures / "b_participation.pdf").exists()
    sweep(snae_bin, tmp_path / "s", "--figure-format", "pdf")
    for name in FIGURES:
        assert (figures / (name + ".pdf")).exists(), name
        assert not (figures / (name + ".png")).exists() and not (figures / (name + ".svg")).exists(), name
    assert not [f for f in os.listdir(figures) if ".tmp-" in f]  # no staging folder left


# --- titles -------------------------------------------------------------------

def test_titles_are_drawn_by_default(column):
    for name in FIGURES:
        gp = (column / (name + ".gp")).read_text(encoding="utf-8")
        assert TITLES[name] in gp, name
        assert re.search(r"^set multiplot layout \d,\d title ", gp, re.M), name


@pytest.mark.parametrize("which", ["page", "precision"])
def test_titles_off_leaves_them_out(page, precision, which):
    folder = page if which == "page" else precision
    names = FIGURES if which == "page" else ["deviation"]
    for name in names:
        gp = (folder / (name + ".gp")).read_text(encoding="utf-8")
        assert TITLES[name] not in gp, name
        assert not re.search(r"^set multiplot .*title", gp, re.M), name
        # Only (e) keeps `set title`: its panels' headings (which run, which seed).
        headings = re.findall(r"^set title (.*)$", gp, re.M)
        assert all("seed" in h for h in headings) and (name == "e_top_coords") == bool(headings), (name, headings)


def test_precision_figure_follows_the_flags(precision):
    x0, y0, x1, y1 = media_box(precision / "deviation.pdf")
    assert abs((x1 - x0) - WIDTH_PT["page"]) < 1.0
    assert not (precision / "deviation.png").exists() and not (precision / "deviation.svg").exists()


# --- what the figures say -------------------------------------------------------

def test_no_label_says_dimensionless(column, page, precision):
    for folder in (column, page, precision):
        for f in os.listdir(folder):
            if f.endswith((".gp", ".svg")):
                assert "dimensionless" not in (folder / f).read_text(encoding="utf-8"), folder / f


@pytest.mark.parametrize("name", ["b_participation", "c_sharpness", "d_cosine"])
def test_full_batch_has_its_own_position(column, name):
    blocks = dat_blocks(column / (name + ".dat"))
    full = [x for label, pts in blocks.items() if "full batch" in label for x, _ in pts]
    sgd = [x for label, pts in blocks.items() if "SGD" in label for x, _ in pts]
    assert full and sgd, blocks.keys()
    # b = 1 and n - 1 for n = 8, 16: SGD up to 15, full batch one octave past 16.
    assert set(full) == {32.0}, full
    assert max(sgd) == 15.0 and not set(full) & {8.0, 16.0}
    gp = (column / (name + ".gp")).read_text(encoding="utf-8")
    assert re.search(r'^set xtics \(.*"full" 32\)$', gp, re.M), name
    header = (column / (name + ".dat")).read_text(encoding="utf-8").splitlines()[1]
    assert "full batch (b = n) is at x = 32" in header


def test_traced_figures_say_which_seed(column, page):
    for name in ("a_sorted_coords", "e_top_coords"):
        dat = (column / (name + ".dat")).read_text(encoding="utf-8")
        assert re.search(r"^# shown: seed 0, one run per (line|panel)", dat, re.M), name
        assert "seed 0, one run per" in (column / (name + ".gp")).read_text(encoding="utf-8"), name
        # Without titles the key's title says it.
        assert re.search(r'^set key .* title "seed 0, one run per', (page / (name + ".gp")).read_text(encoding="utf-8"), re.M)
    assert "seeds per point" not in (column / "a_sorted_coords.gp").read_text(encoding="utf-8")


# --- bad values ----------------------------------------------------------------

@pytest.mark.parametrize("command", ["sweep", "precision"])
@pytest.mark.parametrize("value", ["jpg", "pdf,", "", "PDF"])
def test_bad_figure_format_is_refused_before_any_output(snae_bin, tmp_path, command, value):
    out = tmp_path / "never"
    args = SWEEP if command == "sweep" else ["precision", "--n", "8", "--d", "8", "--steps", "5", "-q"]
    r = run_snae(snae_bin, *args, "--out-dir", str(out), "--figure-format", value, check=False)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and "--figure-format" in lines[0] and "pdf, png, svg" in lines[0], r.stderr
    assert not out.exists()


@pytest.mark.parametrize("flag,value,accepted", [("--figure-size", "a4", "column, page"), ("--figure-titles", "yes", "on, off")])
def test_bad_size_or_titles_is_refused(snae_bin, tmp_path, flag, value, accepted):
    out = tmp_path / "never"
    r = run_snae(snae_bin, *SWEEP, "--out-dir", str(out), flag, value, check=False)
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1 and flag in r.stderr and accepted in r.stderr, r.stderr
    assert not out.exists()
