"""snae.verify, snae.sweep and snae.precision write what the command line
writes for the same options, and return it as Python data."""

import filecmp
import json
import os

import pytest
import snae

from conftest import cli


def without(data, keys):
    """A JSON value without the given keys, at any depth (wall times, and the
    provenance, which names the build: the module and the command line may
    have been built at different commits)."""
    if isinstance(data, dict):
        return {k: without(v, keys) for k, v in data.items() if k not in keys}
    if isinstance(data, list):
        return [without(v, keys) for v in data]
    return data


def test_verify_is_snae_verify(tmp_path):
    cli("verify", "--claims", "C1,C3", "--out-dir", tmp_path / "cli", "--quiet")
    seen = []
    r = snae.verify(["C1", "C3"], out_dir=tmp_path / "py", progress=lambda claim, verdict: seen.append((claim, verdict)))
    assert r.passed and not r.interrupted and seen == [("C1", "PASS"), ("C3", "PASS")]
    assert sorted(os.path.basename(f) for f in r.files) == ["verification.json", "verification.md", "verification.tex"]
    with open(tmp_path / "cli" / "verification.json") as f:
        expected = json.load(f)
    assert without(r.data, {"seconds", "provenance"}) == without(expected, {"seconds", "provenance"})
    assert [c["id"] for c in r.data["claims"]] == ["C1", "C3"]


def test_verify_fails_on_wrong_predictions(tmp_path):
    r = snae.verify(["C1"], wrong_prediction=True, out_dir=tmp_path)
    assert not r.passed and r.data["claims"][0]["pass"] is False


def test_verify_certified_exports_certificates(tmp_path):
    r = snae.verify("C1", certified=True, out_dir=tmp_path / "reports", export=tmp_path / "certs")
    assert r.passed and r.certificates > 0
    assert len([f for f in os.listdir(tmp_path / "certs") if f != "index.json"]) == r.certificates
    assert os.path.basename(r.files[-1]).startswith("certification.")


def test_sweep_is_snae_sweep(tmp_path):
    cli("sweep", "--preset", "batch-size", "--quick", "--out-dir", tmp_path / "cli", "--no-figures", "--quiet")
    calls = []
    r = snae.sweep(preset="batch-size", quick=True, out_dir=tmp_path / "py", figures=False,
                   progress=lambda done, total: calls.append((done, total)))
    assert r.total == 96 and r.ran == 96 and len(r.runs) == 96 and calls[-1] == (96, 96)
    for name in ("runs.csv", "summary.csv"):  # plain data: byte for byte
        assert filecmp.cmp(tmp_path / "cli" / name, tmp_path / "py" / name, shallow=False), name
    for name in ("summary.json", "config.json"):
        with open(tmp_path / "cli" / name) as a, open(tmp_path / "py" / name) as b:
            assert without(json.load(a), {"provenance"}) == without(json.load(b), {"provenance"}), name
    points = r.data["points"]
    assert len(points) == 12
    for p in points:  # the theory's batch-size result on the quick grid
        median = p["measures"]["support_size"]["median"]
        assert median == 1 if not p["full_batch"] else median > 1


def test_sweep_takes_a_config_and_overrides(tmp_path):
    r = snae.sweep({"n": [8], "batch": ["1", "full"], "seeds": range(3)}, out_dir=tmp_path, figures=False,
                   scalar=["double", "mpfr:128"])
    assert r.total == 2 * 2 * 3 and r.config["scalar"] == ["double", "mpfr:128"] and r.config["n"] == ["8"]
    assert r.config["seeds"] == "0..2"
    again = snae.sweep(os.path.join(tmp_path, "config.json"), out_dir=tmp_path, figures=False)
    assert again.ran == 0 and again.resumed == 12 and again.data == r.data


def test_precision_is_snae_precision(tmp_path):
    cli("precision", "--n", 8, "--d", 8, "--eta", 2, "--steps", 50, "--scalars", "float,double", "--out-dir", tmp_path / "cli",
        "--quiet", "--figure-format", "png")
    r = snae.precision(n=8, d=8, eta=2, steps=50, scalars=["float", "double"], out_dir=tmp_path / "py", figure_format="png")
    with open(tmp_path / "cli" / "precision.json") as f:
        assert without(r.data, {"provenance"}) == without(json.load(f), {"provenance"})
    assert [t["scalar"] for t in r.data["types"]] == ["float", "double"]


def test_precision_law_without_a_run_uses_the_built_in_cases(tmp_path):
    r = snae.precision(law=True, law_bits=[64, 128], law_reference_bits=512, out_dir=tmp_path, figure_format="png")
    slopes = [case["slope"] for case in r.data["cases"]]
    assert len(slopes) == 2 and all(-1.2 < s < -0.8 for s in slopes)  # deviation ~ 2^-bits


def test_sweep_takes_the_update_and_the_spectrum(tmp_path):
    r = snae.sweep(n=[8], batch=["1", "full"], seeds="0..1", scalar=["mpfr:128"], update="scaled", spectrum="structured",
                   out_dir=tmp_path, figures=False)
    assert r.config["update"] == "scaled" and r.config["spectrum"] == "structured" and len(r.runs) == 4
    assert all(row["support_size"] == ("1" if row["batch"] == "1" else row["positive_init"]) for row in r.runs)
    with pytest.raises(ValueError, match=r"^spectrum: structured needs exactly orthonormal"):
        snae.sweep(n=[8], data=["rotated"], spectrum="structured", out_dir=tmp_path / "x", figures=False)


def test_shards_merge_into_the_single_sweep(tmp_path):
    keys = dict(n=[8, 16], batch=["1", "full"], seeds="0..3", figures=False)
    whole = snae.sweep(out_dir=tmp_path / "whole", **keys)
    one = snae.sweep(out_dir=tmp_path / "s1", shard="1/2", **keys)
    two = snae.sweep(out_dir=tmp_path / "s2", shard=(2, 2), **keys)
    assert one.data == {} and one.ran + two.ran == whole.total
    partial = snae.merge([tmp_path / "s1"], out_dir=tmp_path / "partial", figures=False)
    assert partial.missing == two.ran and partial.data == {}
    merged = snae.merge([tmp_path / "s1", tmp_path / "s2"], out_dir=tmp_path / "merged", figures=False)
    assert merged.missing == 0 and merged.ran == whole.total
    for f in ("runs.csv", "summary.csv", "summary.json", "config.json"):
        assert (tmp_path / "merged" / f).read_bytes() == (tmp_path / "whole" / f).read_bytes(), f
    with pytest.raises(ValueError, match="shard"):
        snae.sweep(out_dir=tmp_path / "bad", shard="3/2", **keys)
    assert not (tmp_path / "bad").exists()
