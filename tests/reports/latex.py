"""Compiles a generated .tex file the way a paper would use it.

Every .tex that snae writes names, in one header comment line,

    % LaTeX packages: booktabs, siunitx, amsmath

exactly the packages it needs, and may say ``% LaTeX page: landscape`` when
it is meant for a landscape page (pdflscape's landscape environment, whose
package it then lists too). compile() builds the minimal document

    \\documentclass{article}        (10 pt, portrait, \\textwidth = 345 pt)
    \\usepackage{...}                one line per listed package, nothing else
    \\begin{document} \\noindent\\input{FILE} \\end{document}

(\\noindent: a table's tabular sits in a table environment, where no
paragraph indent precedes it.)
runs pdflatex on it and returns every problem found in the log: an error
("!" lines), an overfull box (a table or line wider than the page), or a
missing glyph (a character the font cannot print, silently dropped).
"""
import os
import re
import shutil
import subprocess
import tempfile

PACKAGES = re.compile(r"^% LaTeX packages: (.*)$", re.M)
LANDSCAPE = re.compile(r"^% LaTeX page: landscape$", re.M)


def packages(text):
    """The packages a generated file lists; raises ValueError without the line."""
    m = PACKAGES.search(text)
    if not m:
        raise ValueError("no '% LaTeX packages:' header line")
    names = [p.strip() for p in m.group(1).split(",") if p.strip()]
    if any(not re.fullmatch(r"[A-Za-z0-9-]+", p) for p in names):
        raise ValueError("bad package list: " + m.group(1))
    return names


def document(path):
    """The minimal document around `path`, as the header comment asks for it."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    body = "\\noindent\\input{%s}" % os.path.abspath(path)
    if LANDSCAPE.search(text):
        body = "\\begin{landscape}\n%s\n\\end{landscape}" % body
    lines = ["\\documentclass{article}"]
    lines += ["\\usepackage{%s}" % p for p in packages(text)]
    lines += ["\\begin{document}", body, "\\end{document}", ""]
    return "\n".join(lines)


def problems(log):
    """Errors, overfull boxes and missing characters in a pdflatex log."""
    found = []
    for i, line in enumerate(log.splitlines()):
        if line.startswith("!") or line.startswith("Overfull \\") or "Missing character" in line:
            found.append(line)
    return found


def compile(path):
    """Compiles `path` in its minimal document; returns the problems (empty: clean)."""
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        raise RuntimeError("pdflatex not found (Debian's texlive-latex-recommended; scripts/setup.sh installs it)")
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "doc.tex"), "w", encoding="utf-8") as f:
            f.write(document(path))
        run = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=tmp,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=120)
        log_path = os.path.join(tmp, "doc.log")
        log = open(log_path, encoding="latin-1").read() if os.path.exists(log_path) else run.stdout.decode("latin-1")
        found = problems(log)
        if run.returncode != 0 and not found:
            found.append("pdflatex exited with status %d" % run.returncode)
        return found
