"""The study presets of docs/beyond.md in their --quick form: each writes its
tables and figures, the tables agree with an aggregation of runs.csv done
here independently with pandas, and where the orthonormal theory speaks
(canonical data, eta below both thresholds) the numbers say what it says."""
import os

import pandas
import pytest

from conftest import run_snae

PRESETS = ["selection", "phase", "near-orthogonal"]


@pytest.fixture(scope="module")
def studies(snae_bin, tmp_path_factory):
    out = tmp_path_factory.mktemp("studies")
    for p in PRESETS:
        run_snae(snae_bin, "sweep", "--preset", p, "--quick", "-q", "--figure-format", "png", "--out-dir", str(out / p))
    return out


def runs(studies, preset):
    return pandas.read_csv(studies / preset / "runs.csv")


@pytest.mark.parametrize("preset,files", [
    ("selection", ["selection.csv", "selection.md", "selection-precision.csv", "selection-precision.md",
                   "figures/selection-rank.gp", "figures/selection-rank.dat", "figures/selection-precision.gp"]),
    ("phase", ["phase.csv", "phase.md", "figures/phase-relu-canonical-dn1.gp", "figures/phase-linear-gaussian-dn8.gp"]),
    ("near-orthogonal", ["near-orthogonal.csv", "near-orthogonal.md", "figures/near-orthogonal-gaussian.gp",
                         "figures/near-orthogonal-correlated.gp"]),
])
def test_each_study_writes_its_tables_and_figures(studies, preset, files):
    for f in files:
        path = studies / preset / f
        assert path.is_file() and path.stat().st_size > 0, f
    md = (studies / preset / files[1]).read_text()
    assert "snae-sweep-config" in md and "| ---" in md


def test_selection_table_is_the_runs_counted(studies):
    r = runs(studies, "selection")
    sgd = r[(r.b < r.n) & r.status.isin(["converged", "max_steps"])]
    table = pandas.read_csv(studies / "selection" / "selection.csv")
    ranks = table[table.quantity == "selected_rank"]
    for (scalar, n), group in sgd.groupby(["scalar", "n"]):
        rows = ranks[(ranks.scalar == scalar) & (ranks.n == n)]
        for rank in range(1, min(n, 8) + 1):
            row = rows[rows["rank"] == rank].iloc[0]
            assert row.trials == len(group)
            assert row.hits == (group.selected_rank == rank).sum(), (scalar, n, rank)
        # relu selects a coordinate that starts positive (the theory).
        assert (group.selected_rank <= group.positive_init).all()
    positive = table[table.quantity == "positive_selected"]
    assert (positive.p == 1).all()


def test_selection_agreement_is_the_runs_compared(studies):
    r = runs(studies, "selection")
    keys = ["n", "seed", "batch_seed"]
    ref = r[r.scalar == "mpfr:256"].set_index(keys).selected
    table = pandas.read_csv(studies / "selection" / "selection-precision.csv")
    for scalar in ["float", "double"]:
        mine = r[r.scalar == scalar].set_index(keys).selected
        for n in sorted(r.n.unique()):
            same = (mine.xs(n, level="n") == ref.xs(n, level="n")).sum()
            row = table[(table.scalar == scalar) & (table.n == n)].iloc[0]
            assert row.agree == same and row.pairs == len(mine.xs(n, level="n"))


def test_phase_cells_are_the_runs_counted_and_follow_the_thresholds(studies):
    r = runs(studies, "phase")
    r["F"] = r.eta / (r.b / 2)
    table = pandas.read_csv(studies / "phase" / "phase.csv")
    assert ((table.frac_converged + table.frac_diverged + table.frac_cycling + table.frac_dead
             + table.undecidable / table.runs - 1).abs() < 1e-12).all()
    canon = table[table.data == "canonical"]
    for _, cell in canon.iterrows():
        mine = r[(r.activation == cell.activation) & (r.data == "canonical") & (r.d == cell["d/n"] * r.n) & (r.b == cell.b)
                 & ((r.F - cell.F).abs() < 1e-12)]
        assert len(mine) == cell.runs and (mine.status == "converged").sum() == cell.converged
    below = canon[canon.F < 1]
    # Below both thresholds every run converges, SGD (b < n) to one coordinate.
    assert (below.frac_converged == 1).all()
    assert (below[below.b < 8].support_median == 1).all()
    # Above the per-batch threshold no SGD run can stop: x_k is unstable.
    assert (canon[(canon.F > 1) & (canon.b < 8)].frac_converged == 0).all()


def test_near_orthogonal_is_the_theory_on_canonical_rows(studies):
    table = pandas.read_csv(studies / "near-orthogonal" / "near-orthogonal.csv")
    canon = table[table.data == "canonical"]
    assert (canon.limit_distance_mean < 1e-9).all()
    assert ((canon.alignment_mean - 1).abs() < 1e-12).all()
    assert ((canon.gap_mean - canon.gap_closed_mean).abs() < 1e-9).all()
    # Off the orthonormal set the GD limit moves: the measure can tell.
    assert (table[table.data != "canonical"].limit_distance_mean > 1e-3).all()


def test_sharpness_gap_is_the_paired_runs(studies):
    r = runs(studies, "near-orthogonal")
    table = pandas.read_csv(studies / "near-orthogonal" / "near-orthogonal.csv")
    for _, row in table.iterrows():
        mine = r[(r.data == row.data) & (r.d == row.d)]
        sgd = mine[mine.b < mine.n].set_index("seed").trace
        gd = mine[mine.b == mine.n].set_index("seed").trace
        assert abs((sgd - gd).mean() - row.gap_mean) < 1e-9 * max(1, abs(row.gap_mean))
