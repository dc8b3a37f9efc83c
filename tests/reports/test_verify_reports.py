"""The reports of `snae verify`, `snae verify --certified` and `snae precision`
go into a paper unedited: every .tex compiles cleanly in the minimal document
its header asks for; its header (and the Markdown's) lists exactly the
precisions the JSON says ran; the JSON gives, for every claim and every
precision it ran, the worst comparison as numbers; and every report names
the build that made it. Each check is a function that returns the problems it
finds, and is shown to find them in doctored reports."""
import copy
import json
import math
import os
import re

import pytest

import latex
from conftest import run_snae

# Below this an error is subnormal in double and has lost relative precision.
SMALLEST_NORMAL = 2.0 ** -1022


@pytest.fixture(scope="module")
def reports(snae_bin, tmp_path_factory):
    """Every report, from one run each: verify (all claims, default mode),
    verify --certified, verify --full of one fast claim (six precisions,
    more than one table holds), and two small precision runs."""
    out = tmp_path_factory.mktemp("reports")
    run_snae(snae_bin, "verify", "--quiet", "--out-dir", str(out / "verify"))
    run_snae(snae_bin, "verify", "--certified", "--quiet", "--out-dir", str(out / "verify"))
    run_snae(snae_bin, "verify", "--full", "--claims", "C2", "--quiet", "--out-dir", str(out / "full"))
    run_snae(snae_bin, "precision", "--n", "6", "--d", "6", "--batch", "1", "--eta", "0.4", "--steps", "100",
             "--seeds", "1..2", "--quiet", "--out-dir", str(out / "precision"))
    run_snae(snae_bin, "precision", "--law", "--n", "6", "--d", "6", "--eta", "1.5", "--steps", "50",
             "--law-bits", "64,128,256", "--law-reference-bits", "1024", "--quiet", "--out-dir", str(out / "law"))
    return out


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f) if str(path).endswith(".json") else f.read()


CLAIM_REPORTS = ["verify/verification", "verify/certification", "full/verification"]
PRECISION_REPORTS = ["precision/precision", "law/precision"]


# --- The checks ---

def header_precisions(text, prefix):
    """{"": union, "C1": [...], ...} from the lines "<prefix>Precisions: a, b" and "<prefix>C1 precisions: ..."."""
    found = {}
    for m in re.finditer(r"^%s(?:(C\d+) p|P)recisions: (.*)$" % re.escape(prefix), text, re.M):
        found[m.group(1) or ""] = [p.strip() for p in m.group(2).split(",") if p.strip()]
    return found


def precision_list_problems(text, prefix, j):
    """Where the header's precision lists differ from what the JSON says ran."""
    found = header_precisions(text, prefix)
    problems = []
    ran = {c["id"]: c["precisions"] for c in j["claims"]}
    for cid, precisions in ran.items():
        if found.get(cid) != precisions:
            problems.append("%s: header lists %s, the JSON %s" % (cid, found.get(cid), precisions))
    union = found.get("")
    every = {p for ps in ran.values() for p in ps}
    if union is None or sorted(union) != sorted(every) or len(union) != len(set(union)) or union != j["precisions"]:
        problems.append("union: header lists %s, the claims ran %s, the JSON says %s" % (union, sorted(every), j["precisions"]))
    for extra in sorted(set(found) - set(ran) - {""}):
        problems.append("%s: in the header, not in the JSON" % extra)
    return problems


def ratio_problem(e):
    """Why an entry's ratio is not its error over its tolerance (2^(error - tolerance) for log2), or None."""
    if e["compared_as"] == "log2":
        expected = 0.0 if e["error"] is None else 2.0 ** (e["error"] - e["tolerance"])
        ok = math.isclose(e["ratio"], expected, rel_tol=1e-12, abs_tol=1e-300)
    else:
        # A subnormal error is exact only to 2^-1074: compare error with ratio x tolerance there.
        if abs(e["error"]) < SMALLEST_NORMAL:
            ok = abs(e["ratio"] * e["tolerance"] - e["error"]) <= 2.0 ** -1070
        else:
            ok = math.isclose(e["ratio"], e["error"] / e["tolerance"], rel_tol=1e-12)
    return None if ok else "ratio %r is not error %r / tolerance %r" % (e["ratio"], e["error"], e["tolerance"])


def entry_problems(claim, e):
    """What is wrong with one entry of a claim's worst_by_precision."""
    where = "%s %s" % (claim["id"], e.get("precision"))
    problems = []
    keys = {"claim", "precision", "instance", "where", "quantity", "error", "tolerance", "ratio", "compared_as",
            "tolerance_comparisons", "exact_conditions"}
    if set(e) != keys:
        return ["%s: keys %s" % (where, sorted(set(e) ^ keys))]
    if e["claim"] != claim["id"]:
        problems.append("%s: claim %r" % (where, e["claim"]))
    if e["tolerance_comparisons"] == 0:
        if any(e[k] is not None for k in ("ratio", "error", "tolerance", "instance", "quantity")):
            problems.append("%s: exact conditions only, yet a ratio %r" % (where, e["ratio"]))
        if e["exact_conditions"] == 0:
            problems.append("%s: nothing compared" % where)
        return problems
    # A log2 comparison of a width 0 has error log2(0) = -inf, written null.
    numbers = ("ratio", "tolerance") + (("error",) if e["compared_as"] == "value" or e["error"] is not None else ())
    for k in numbers:
        if not isinstance(e[k], (int, float)) or isinstance(e[k], bool):
            problems.append("%s: %s is not a number: %r" % (where, k, e[k]))
    if problems:
        return problems
    if not e["instance"] or not e["quantity"] or not e["where"].startswith(e["precision"]):
        problems.append("%s: instance %r, quantity %r, where %r" % (where, e["instance"], e["quantity"], e["where"]))
    elif e["instance"] not in claim["instances"] or e["instance"] not in e["where"]:
        problems.append("%s: instance %r not among the claim's or not in %r" % (where, e["instance"], e["where"]))
    why = ratio_problem(e)
    if why:
        problems.append("%s: %s" % (where, why))
    return problems


def json_problems(j):
    """What is wrong with the structured fields of verification.json or certification.json."""
    problems = []
    for c in j["claims"]:
        rows = c["worst_by_precision"]
        if [e["precision"] for e in rows] != c["precisions"]:
            problems.append("%s: entries for %s, precisions %s" % (c["id"], [e["precision"] for e in rows], c["precisions"]))
        for e in rows:
            problems += entry_problems(c, e)
        tolerance = sum(e["tolerance_comparisons"] for e in rows)
        exact = sum(e["exact_conditions"] for e in rows)
        if (tolerance, exact) != (c["tolerance_comparisons"], c["exact_conditions"]) or tolerance + exact != c["comparisons"]:
            problems.append("%s: counts per precision %d + %d, claim %d + %d = %d" % (
                c["id"], tolerance, exact, c["tolerance_comparisons"], c["exact_conditions"], c["comparisons"]))
        if c["tolerance_comparisons"] == 0:
            if c["worst_ratio"] is not None or c["worst"] is not None:
                problems.append("%s: exact conditions only, yet worst ratio %r" % (c["id"], c["worst_ratio"]))
            continue
        ratios = [e["ratio"] for e in rows if e["ratio"] is not None]
        if c["worst_ratio"] != max(ratios) or c["worst"]["ratio"] != c["worst_ratio"]:
            problems.append("%s: worst ratio %r, the largest per precision %r" % (c["id"], c["worst_ratio"], max(ratios)))
    return problems


def provenance_problems(text, line, fmt):
    """Whether a report carries the provenance line: a "% Provenance:" line in .tex, a "Provenance:" line near the top of .md."""
    if fmt == "tex":
        return [] if ("% Provenance: " + line + "\n") in text else ["no '% Provenance: ' line"]
    head = text.split("\n")[:6]
    return [] if ("Provenance: " + line) in head else ["no 'Provenance:' line in the first lines"]


# --- The reports pass ---

@pytest.mark.parametrize("name", CLAIM_REPORTS + PRECISION_REPORTS)
def test_every_tex_compiles_cleanly(reports, name):
    assert latex.compile(str(reports / (name + ".tex"))) == []


@pytest.mark.parametrize("name", CLAIM_REPORTS)
def test_headers_list_what_ran(reports, name):
    j = load(reports / (name + ".json"))
    assert precision_list_problems(load(reports / (name + ".tex")), "% ", j) == []
    assert precision_list_problems(load(reports / (name + ".md")), "- ", j) == []


def test_the_certified_header_lists_every_precision_of_c4(reports):
    # C4 runs at mpfi:257 and mpfi:1025, which the first claim does not.
    found = header_precisions(load(reports / "verify/certification.tex"), "% ")
    assert found[""] == ["mpfi:128", "mpfi:257", "mpfi:513", "mpfi:1025", "exact"]


@pytest.mark.parametrize("name", CLAIM_REPORTS)
def test_json_gives_each_precisions_worst_comparison(reports, name):
    assert json_problems(load(reports / (name + ".json"))) == []


def test_an_error_versus_precision_table_comes_from_the_json_alone(reports):
    pd = pytest.importorskip("pandas")
    j = load(reports / "verify/verification.json")
    rows = pd.DataFrame([e for c in j["claims"] for e in c["worst_by_precision"]])
    table = rows.pivot(index="claim", columns="precision", values="ratio")[j["precisions"]]
    assert list(table.index) == sorted(c["id"] for c in j["claims"])
    assert table.notna().all().all()  # every floating claim compares under a tolerance at every precision
    worst = pd.Series({c["id"]: c["worst_ratio"] for c in j["claims"]}).reindex(table.index)
    assert (table.max(axis=1) == worst).all()


def test_exact_conditions_only_have_a_null_ratio(reports):
    # The certified C1, C3 and C4 decide their exact instances in rational
    # arithmetic: at "exact" they check exact conditions only.
    j = load(reports / "verify/certification.json")
    exact = [e for c in j["claims"] for e in c["worst_by_precision"] if e["precision"] == "exact"]
    assert [e["claim"] for e in exact] == ["C1", "C3", "C4"]
    for e in exact:
        assert e["ratio"] is None and e["tolerance_comparisons"] == 0 and e["exact_conditions"] > 0
    assert "{---}" in load(reports / "verify/certification.tex")


def test_every_report_names_its_build(snae_bin, reports):
    line = run_snae(snae_bin, "--version").stdout.strip()
    for name in CLAIM_REPORTS + PRECISION_REPORTS:
        for fmt in ("tex", "md"):
            assert provenance_problems(load(reports / ("%s.%s" % (name, fmt))), line, fmt) == [], name + "." + fmt
        p = load(reports / (name + ".json"))["provenance"]
        assert p["commit"][:12] in line and p["version"] in line, name


def test_the_tex_reports_use_the_latex_statements(reports):
    tex = load(reports / "verify/verification.tex")
    assert r"\operatorname{tr} H(w_{\mathrm{GD}})" in tex
    assert r"\lVert w_0\rVert" in tex
    for ascii_maths in ("$>$=", r"\_GD", "$|$$|$"):
        assert ascii_maths not in tex


# --- The checks find what is wrong ---

def test_a_wrong_precision_list_is_found(reports):
    j = load(reports / "verify/certification.json")
    tex = load(reports / "verify/certification.tex")
    assert precision_list_problems(tex.replace("% C4 precisions: mpfi:128, mpfi:257,", "% C4 precisions: mpfi:128,"), "% ", j)
    # The list of the first claim as the union (what the header said before).
    assert precision_list_problems(re.sub(r"^% Precisions: .*$", "% Precisions: mpfi:128, mpfi:513, exact", tex, flags=re.M), "% ", j)
    assert precision_list_problems(re.sub(r"^% C3 precisions: .*\n", "", tex, flags=re.M), "% ", j)


def doctored(j, change):
    k = copy.deepcopy(j)
    change(k)
    return json_problems(k)


def first_compared(j):
    return next(e for c in j["claims"] for e in c["worst_by_precision"] if e["ratio"])


def test_a_doctored_json_is_rejected(reports):
    j = load(reports / "verify/verification.json")
    assert json_problems(j) == []
    assert doctored(j, lambda k: k["claims"][2]["worst_by_precision"].pop(1))  # a precision without its entry
    assert doctored(j, lambda k: first_compared(k).update(ratio=first_compared(k)["ratio"] * 1.5))
    assert doctored(j, lambda k: first_compared(k).update(error=str(first_compared(k)["error"])))
    assert doctored(j, lambda k: first_compared(k).update(instance="relu canonical n=99 d=99 seed=1"))
    assert doctored(j, lambda k: k["claims"][0]["worst_by_precision"][0].update(claim="C2"))
    assert doctored(j, lambda k: k["claims"][0].update(worst_ratio=0.0))
    assert doctored(j, lambda k: k["claims"][0]["worst_by_precision"][0].update(exact_conditions=0))


def test_a_ratio_for_exact_conditions_only_is_rejected(reports):
    j = load(reports / "verify/certification.json")
    assert json_problems(j) == []

    def zero_ratio(k):
        exact = next(e for c in k["claims"] for e in c["worst_by_precision"] if e["tolerance_comparisons"] == 0)
        exact["ratio"] = 0  # the misleading 0 the report used to print
    assert doctored(j, zero_ratio)

    def claim_exact_only(k):
        c = k["claims"][0]  # as if it had compared nothing under a tolerance, but kept a worst ratio
        for e in c["worst_by_precision"]:
            e.update(tolerance_comparisons=0, exact_conditions=1, ratio=None, error=None, tolerance=None, instance=None, quantity=None)
        c.update(tolerance_comparisons=0, exact_conditions=len(c["worst_by_precision"]), comparisons=len(c["worst_by_precision"]))
    assert doctored(j, claim_exact_only)


def test_a_log2_ratio_is_checked_as_a_power_of_two(reports):
    j = load(reports / "verify/certification.json")
    e = first_compared(j)
    assert e["compared_as"] == "log2"
    assert ratio_problem(e) is None
    assert ratio_problem(dict(e, error=e["error"] + 1))


def test_a_missing_provenance_is_found(snae_bin, reports):
    line = run_snae(snae_bin, "--version").stdout.strip()
    tex = load(reports / "verify/verification.tex")
    assert provenance_problems(tex.replace("% Provenance: ", "% "), line, "tex")
    md = load(reports / "verify/verification.md")
    assert provenance_problems(md.replace(line, line.replace("commit", "commit 0")), line, "md")


def test_an_overfull_tex_is_found(reports, tmp_path):
    # The compile check itself is tested in test_latex_harness.py; here, that a
    # wide claims table would be caught: the statement column made too wide.
    tex = load(reports / "verify/verification.tex").replace(r"\begin{tabularx}{\linewidth}", r"\begin{tabularx}{1.3\linewidth}")
    p = tmp_path / "wide.tex"
    p.write_text(tex, encoding="utf-8")
    assert any(f.startswith("Overfull \\hbox") for f in latex.compile(str(p)))
