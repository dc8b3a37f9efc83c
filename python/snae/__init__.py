"""snae: GD and SGD on a single-neuron tied-weight autoencoder with
orthonormal data, at any floating-point precision, from Python.

The same C++ core as the ``snae`` command line, with the same parameters,
defaults and messages (docs/python.md):

>>> import snae
>>> r = snae.train(n=8, d=8, eta=2, steps=200, scalar="mpfr:256")
>>> r.status, r.support.tolist()

Functions: train, evaluate, hessian, verify, sweep, precision; the
submodule closed_form holds the theory's predictions. Values come back
exact in the run's type: numpy arrays for float, double and long double,
mpmath.mpf for the multiprecision types, mpmath.mpi for intervals.
Ctrl-C stops a long call at its next step and raises KeyboardInterrupt
carrying the partial result as its ``.result``.
"""

from __future__ import annotations

import json
import os
import sys

def _import_numpy_and_mpmath():
    """numpy and mpmath from this interpreter, or else from the site folders
    of the interpreter the extension was built for when this one is the same
    Python version (a pyenv or venv python3.11 beside Debian's, which
    scripts/setup.sh gave python3-numpy and python3-mpmath): those folders
    are appended to sys.path, after this interpreter's own."""
    from . import _build
    try:
        import mpmath  # noqa: F401
        import numpy  # noqa: F401
        return
    except ImportError as e:
        missing = e
    if tuple(sys.version_info[:2]) == _build.VERSION:
        sys.path.extend(p for p in _build.SITE_PACKAGES if p not in sys.path)
        try:
            import mpmath  # noqa: F401
            import numpy  # noqa: F401
            return
        except ImportError as e:
            missing = e
    raise ImportError(f"snae needs numpy and mpmath ({missing}); this interpreter is {sys.executable}, and snae was "
                      f"built for {_build.PYTHON} (Python {'.'.join(map(str, _build.VERSION))}), where "
                      "scripts/setup.sh installs them (python3-numpy, python3-mpmath)") from None


_import_numpy_and_mpmath()

from . import _arguments as _a
from . import _snae
from ._results import PrecisionResult, SweepResult, TrainResult, VerifyResult, interrupted, read_csv, read_json
from . import closed_form

__all__ = ["train", "evaluate", "hessian", "verify", "sweep", "merge", "precision", "closed_form", "TrainResult",
           "VerifyResult", "SweepResult", "PrecisionResult", "provenance", "__version__"]

#: snae's version, commit, compiler and library versions (``snae --version``).
provenance = _snae.provenance_line
__version__ = provenance.split()[1]


def _progress_callable(progress, label):
    """None, a callable, or True: a line on sys.stderr per report."""
    if progress is True:
        def show(*args):
            print(f"snae {label}: " + " ".join(str(a) for a in args), file=sys.stderr, flush=True)
        return show
    if progress is False or progress is None:
        return None
    if not callable(progress):
        raise TypeError(f"progress: expected True, False or a callable, got {type(progress).__name__}")
    return progress


def _run(activation, n, d, data, eta, batch, sampler, remainder, schedule, init, init_scale, seed, steps, tol, tol_on,
         check_every, scalar, support_threshold, diverge_norm, orth_tol, update, out, trajectory, every, any_rows=False,
         batch_seed=None):
    """A run as the C++ side takes it: the options as snae's text, and what
    is given in memory (data rows, w0, batches) as lists of text."""
    data_text, rows = _a.data_source(data)
    init_text, init_values = _a.start(init)
    schedule_text, batches = _a.schedule_source(schedule)
    o = {"activation": _a.choice("activation", activation), "data": data_text, "eta": _a.number("eta", eta),
         "seed": _a.integer("seed", seed), "steps": _a.integer("steps", steps), "tol_on": _a.choice("tol_on", tol_on),
         "check_every": _a.integer("check_every", check_every), "scalar": _a.choice("scalar", scalar),
         "support_threshold": _a.number("support_threshold", support_threshold),
         "diverge_norm": _a.number("diverge_norm", diverge_norm), "update": _a.choice("update", update),
         "every": _a.integer("every", every), "init": init_text, "schedule": schedule_text,
         "batch": "full" if isinstance(batch, str) and batch == "full" else _a.integer("batch", batch)}
    for key, value in (("n", n), ("d", d), ("batch_seed", batch_seed)):
        if value is not None:
            o[key] = _a.integer(key, value)
    for key, value in (("sampler", sampler), ("remainder", remainder)):
        if value is not None:
            o[key] = _a.choice(key, value)
    for key, value in (("init_scale", init_scale), ("tol", tol), ("orth_tol", orth_tol)):
        if value is not None:
            o[key] = _a.number(key, value)
    for key, value in (("out", out), ("trajectory", trajectory)):
        if value is not None:
            o[key] = _a.path(key, value)
    return {"options": o, "remainder_given": remainder is not None, "data_rows": rows, "init": init_values,
            "schedule_rows": batches, "any_rows": bool(any_rows)}


def train(*, activation="relu", n=None, d=None, data="canonical", eta="0.1", batch="full", sampler=None, remainder=None,
          schedule=None, init=None, init_scale=None, seed=0, steps=1000, tol=None, tol_on="distance", check_every=1,
          scalar="double", support_threshold="1e-6", diverge_norm="1e6", orth_tol=None, update="reference", out=None,
          trajectory=None, every=1, trajectory_every=None, callback=None, callback_every=1, progress=False,
          any_rows=False, batch_seed=None):
    """Train the autoencoder with GD or SGD; the run of ``snae train`` with the same options.

    Parameters (those of ``snae train``, with the same defaults; docs/cli.md)
    ----------
    activation : "relu" (sigma'(0) := 0) | "linear"
    n, d : int
        Number of data vectors and dimension, 1 <= n <= d. Required for
        generated data; taken from the array or file otherwise.
    data : "canonical" | "rotated" | "gaussian" | "correlated:RHO" | path | array (n x d)
        Canonical basis vectors, a seeded random orthonormal set, seeded
        rows x_i ~ N(0, I_d/d), unit rows with pairwise inner product RHO
        in [0, 1), the rows of a file, or the rows of an array (rows
        orthonormal to orth_tol, default 64 d u, unless any_rows).
    any_rows : bool
        Use the rows of a file or array as given (general data: no
        orthonormality check; docs/beyond.md).
    eta : number
        Step size > 0. Numbers are text to snae: a str as it is, a float as
        the decimal Python prints (0.1 and "0.1" are both --eta 0.1), an
        mpmath.mpf exactly (docs/python.md, "Numbers you pass").
    batch : "full" | int
        Full batch (GD) or a batch size in [1, n] (SGD).
    sampler : "replacement" | "reshuffle" | "cyclic" (SGD; default replacement)
    remainder : "keep" | "drop"
        The short last batch of an epoch (reshuffle, cyclic).
    schedule : path | list of batches
        Explicit batches, repeated when exhausted: a file of one batch per
        line, or a list of lists of sample indices in [0, n - 1].
    init : path | array (d)
        w_0 (default: N(0, init_scale^2 I_d) from the seed).
    init_scale : number
        Scale of the Gaussian start (default 1/sqrt(d)).
    seed : int
        Seed of the data, the start and the batches, in [0, 2^64 - 1].
    batch_seed : int, optional
        Seed of the batches alone (default: seed).
    steps : int
        Step budget.
    tol : number or "Ku"
        Stop when the tol_on criterion is <= tol ("64u": 64 unit roundoffs).
    tol_on : "distance" | "gradient" | "sample-gradient"
    check_every : int
        Test the tolerance every K steps.
    scalar : str
        float | double | long_double | float128 | cpp_bin_float_50 |
        cpp_bin_float_100 | mpfr:BITS | mpfi:BITS (intervals).
    support_threshold, diverge_norm, orth_tol : number
    update : "reference" | "scaled"
    out, trajectory : path
        Also write the JSON record and the trajectory CSV, as snae train
        --out and --trajectory do (every: the CSV's stride).

    Beyond the command line
    -----------------------
    trajectory_every : int, optional
        Keep w every k steps (and the last) in memory: r.trajectory.
    callback : callable(step, w), optional
        Called every callback_every steps with the iterate (GIL held; its
        cost is per call, docs/python.md). An exception it raises stops the
        run and propagates.
    progress : bool or callable(done, total)
        Report progress at most twice a second (True: a line on stderr).

    Returns
    -------
    TrainResult

    Raises
    ------
    ValueError
        A value snae refuses, named with its range, as the command line does.
    TypeError
        An argument of the wrong type.
    KeyboardInterrupt
        Ctrl-C; its ``.result`` is the TrainResult at the step reached.
    """
    run = _run(activation, n, d, data, eta, batch, sampler, remainder, schedule, init, init_scale, seed, steps, tol, tol_on,
               check_every, scalar, support_threshold, diverge_norm, orth_tol, update, out, trajectory, every, any_rows,
               batch_seed)
    k_trajectory = 0 if trajectory_every is None else int(_a.integer("trajectory_every", trajectory_every))
    k_callback = int(_a.integer("callback_every", callback_every))
    if trajectory_every is not None and k_trajectory < 1:
        raise ValueError(f"trajectory_every: expected an integer >= 1, got {k_trajectory}")
    if k_callback < 1:
        raise ValueError(f"callback_every: expected an integer >= 1, got {k_callback}")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback: expected a callable, got {type(callback).__name__}")
    values = _snae.train(run, k_trajectory, callback, k_callback, _progress_callable(progress, "train"))
    result = TrainResult(values)
    if values["keyboard_interrupt"]:
        raise interrupted(result)
    return result


def _point(w, activation, n, d, data, seed, scalar, orth_tol, support_threshold="1e-6", any_rows=False):
    """The options and inputs of a point w in the data of a run with these options."""
    run = _run(activation, n, d, data, "1", "full", None, None, None, None, None, seed, 0, None, "distance", 1, scalar,
               support_threshold, "1e6", orth_tol, "reference", None, None, 1, any_rows)
    return run, _a.numbers_of("w", w, 1)


def evaluate(w, *, activation="relu", n=None, d=None, data="canonical", seed=0, scalar="double", orth_tol=None,
             support_threshold="1e-6", any_rows=False):
    """Everything snae reports about a point w, in the given scalar type.

    The data are built as a run with the same activation, n, d, data, seed
    and orth_tol builds them, and w (length d) is read as train reads its
    numbers (mpmath.mpf values exactly, so a run's r.w is the run's point). Returns a dict: coords (c_i(w)), norm, loss, loss_gap
    (L(w) - (n-1)/(2n), computed without cancellation), grad_norm
    (||grad L(w)||), dist_min (distance to the set of global minima; None
    for interval arithmetic on rows not exactly orthonormal),
    max_sample_grad (max_i ||grad l_i(w)||) and support
    ({i : |c_i| > support_threshold})."""
    run, w_text = _point(w, activation, n, d, data, seed, scalar, orth_tol, support_threshold, any_rows)
    values = _snae.evaluate(run, w_text)
    values["support"] = values["support"].astype("int64")
    return values


def hessian(w, *, activation="relu", n=None, d=None, data="canonical", seed=0, scalar="double", orth_tol=None,
            method="loss", active=None, eigenvalues=True, any_rows=False):
    """The Hessian of the full loss L at w, by automatic differentiation, and its spectrum.

    method "loss" differentiates L twice (hyper-dual numbers, O(d^2 (n + d))),
    "gradient" differentiates the gradient formula once (O(d (n + d))); both
    exact to rounding (docs/model.md). "structured" gives the spectrum from
    the Hessian's structure without forming it (canonical data, O(n + d):
    docs/model.md, "The Hessian's structure"): matrix None, eigenvalues and
    "clusters", [(value, multiplicity)] in increasing order. ``active`` (n booleans) states the
    ReLU's active set instead of deciding it on the signs of c_i(w), for
    points whose zero coordinates are zero only to rounding. Returns a dict:
    matrix (d x d), trace, and eigenvalues (ascending; Eigen's symmetric
    solver at the working precision, backward stable) or None with
    eigenvalues=False. Interval types give an enclosure of the matrix and no
    eigenvalues (snae verify --certified certifies the spectrum on M)."""
    run, w_text = _point(w, activation, n, d, data, seed, scalar, orth_tol, any_rows=any_rows)
    if active is not None:
        active = [bool(a) for a in active]
    return _snae.hessian(run, w_text, _a.choice("method", method), active, bool(eigenvalues))


def verify(claims=None, *, certified=False, full=False, wrong_prediction=False, out_dir="reports", export=None,
           progress=False):
    """Check the claims of the theory, as ``snae verify`` does, and write its reports.

    claims : list of ids ("C1", ...), default all; certified=True runs the
    certified claims (C1, C3-C8 in interval arithmetic; export=DIR also
    writes their certificates for the independent checker); full=True runs
    larger instances; wrong_prediction=True compares with deliberately
    wrong predictions (every claim must then fail). Writes
    out_dir/verification.{md,tex,json} (certification.* with certified) and
    returns a VerifyResult whose ``data`` is that JSON report and whose
    ``passed`` says whether every selected claim passed. progress: True or
    callable(claim_id, verdict) after each claim."""
    if claims is not None:
        if isinstance(claims, str):
            claims = [claims]
        claims = [_a.choice("claims", c) for c in claims]
    out_dir = _a.path("out_dir", out_dir)
    export = None if export is None else _a.path("export", export)
    values = _snae.verify(claims, bool(certified), bool(full), bool(wrong_prediction), out_dir, export,
                          _progress_callable(progress, "verify"))
    report = [f for f in values["files"] if f.endswith(".json")]
    result = VerifyResult(out_dir, values["files"], read_json(report[0]) if report else {}, values["interrupted"],
                          passed=values["passed"] and not values["interrupted"], certificates=values["certificates"],
                          export=export)
    if values["keyboard_interrupt"]:
        raise interrupted(result)
    return result


def sweep(config=None, *, preset=None, quick=False, out_dir=None, threads=None, shard=None, figures=True, columns=None,
          figure_format="pdf,png,svg", figure_size="column", figure_titles="on", progress=False, **keys):
    """Run a grid of runs over seeds and aggregate them, as ``snae sweep`` does.

    config : dict or path, optional
        Sweep keys (those of a config file, docs/cli.md#snae-sweep: scalar,
        activation, data, any_rows, n, d, batch, sampler, eta, eta_factor,
        init_scale, steps, tol, seeds, batch_seeds, tol_on, check_every,
        remainder, support_threshold, spectrum, study, name), or a config
        file (any output of an earlier sweep).
    preset : "batch-size" | "batch-size-large" | "selection" | "phase" |
        "near-orthogonal", optional (quick=True: its small form;
        docs/beyond.md)
    **keys
        Sweep keys that override the config's or the preset's (a list or a
        single value per axis; seeds as "A..B", a range or a pair (A, B);
        numbers as train reads them).
    out_dir, threads, figures, columns, figure_format, figure_size, figure_titles
        As the flags of snae sweep (default out_dir: reports/<name>).
    shard : "I/N" or (I, N), optional
        Run only the I-th of N shards (docs/sweep.md#shards-for-job-arrays)
        into its own folder (default reports/<name>-shard-I-of-N); combine
        the shards with snae.merge.

    Writes runs.csv, config.json, the summaries and figures, and returns a
    SweepResult (``data`` = summary.json, ``config``, ``runs``). An
    interrupted sweep keeps its finished runs; the same call resumes it.
    progress: True or callable(done, total) after each run."""
    path = None
    j = {}
    if isinstance(config, (str, os.PathLike)):
        path = _a.path("config", config)
    elif isinstance(config, dict):
        j.update(config)
    elif config is not None:
        raise TypeError(f"config: expected a dict of sweep keys or a path, got {type(config).__name__}")
    j.update(keys)
    j = {k: _sweep_value(k, v) for k, v in j.items()}
    out = None if out_dir is None else _a.path("out_dir", out_dir)
    nthreads = 0 if threads is None else int(_a.integer("threads", threads))
    if threads is not None and not 1 <= nthreads <= 1024:
        raise ValueError(f"threads: expected an integer in [1, 1024], got {nthreads}")
    cols = _columns(columns)
    values = _snae.sweep(None if preset is None else _a.choice("preset", preset), bool(quick), path, json.dumps(j), out,
                         nthreads, _shard(shard), bool(figures), cols, figure_format, figure_size, figure_titles,
                         _progress_callable(progress, "sweep"))
    return _sweep_result(values)


def merge(dirs, *, out_dir=None, figures=True, columns=None, figure_format="pdf,png,svg", figure_size="column",
          figure_titles="on", progress=False):
    """Combine shard folders into one sweep, as ``snae sweep --merge`` does.

    dirs : paths of the shards' folders (one configuration, this build).
    out_dir : default reports/<name>.

    Writes runs.csv in run order, the traces and timings.csv, and, once
    every run is there, the summaries and figures, byte-identical to one
    sweep's. Returns a SweepResult; ``missing`` counts the runs still
    missing (then no summary is written)."""
    if isinstance(dirs, (str, os.PathLike)):
        dirs = [dirs]
    folders = [_a.path("dirs", d) for d in dirs]
    out = None if out_dir is None else _a.path("out_dir", out_dir)
    values = _snae.merge(folders, out, bool(figures), _columns(columns), figure_format, figure_size, figure_titles,
                         _progress_callable(progress, "merge"))
    return _sweep_result(values)


def _columns(columns):
    return None if columns is None else ([columns] if isinstance(columns, str) else [_a.choice("columns", c) for c in columns])


def _shard(shard):
    """A shard as the flag reads it: "I/N" from a string or an (I, N) pair."""
    if shard is None or isinstance(shard, str):
        return shard
    if isinstance(shard, (tuple, list)) and len(shard) == 2:
        return f"{int(_a.integer('shard', shard[0]))}/{int(_a.integer('shard', shard[1]))}"
    raise TypeError(f"shard: expected \"I/N\" or a pair (I, N), got {type(shard).__name__}")


def _sweep_result(values):
    """The SweepResult of a finished (or interrupted) sweep or merge."""
    folder = values["out_dir"]
    summary = os.path.join(folder, "summary.json")
    complete = not values["interrupted"] and os.path.exists(summary) and values["missing"] == 0
    result = SweepResult(folder, values["files"], read_json(summary) if complete else {},
                         values["interrupted"], name=values["name"], config=read_json(os.path.join(folder, "config.json")),
                         runs=read_csv(os.path.join(folder, "runs.csv")), notes=values["notes"],
                         ran=values["ran"], resumed=values["resumed"], total=values["runs"], missing=values["missing"])
    if values["keyboard_interrupt"]:
        raise interrupted(result)
    return result


def _sweep_value(key, value):
    """A sweep key's value as the config file takes it: numbers as text
    (as train reads them), lists element by element, booleans as they are,
    seeds as "A..B" (also from a range or a pair)."""
    if key in ("seeds", "batch_seeds") and isinstance(value, range) and value.step == 1 and len(value):
        return f"{value.start}..{value.stop - 1}"
    if key in ("seeds", "batch_seeds") and isinstance(value, (tuple, list)) and len(value) == 2:
        return f"{_a.integer(key, value[0])}..{_a.integer(key, value[1])}"
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, range):
        value = list(value)
    if isinstance(value, (list, tuple)):
        return [v if isinstance(v, str) else _a.number(key, v) for v in value]
    return _a.number(key, value)


def precision(*, activation="relu", n=None, d=None, data="canonical", eta="0.1", batch="full", sampler=None,
              remainder=None, schedule=None, init=None, init_scale=None, seed=0, steps=1000,
              support_threshold="1e-6", diverge_norm="1e6", orth_tol=None, update="reference", scalars=None, reference_bits=None,
              threshold="1e-6", seeds=None, law=False, law_bits=None, law_reference_bits=4096,
              out_dir="reports/precision", figure_format="pdf,png,svg", figure_size="column", figure_titles="on",
              progress=False, any_rows=False, batch_seed=None):
    """Run one configuration in several scalar types against an MPFR reference, as ``snae precision`` does.

    The run's parameters are train's (scalar aside; update="scaled" runs
    every type and the reference with the scaled update); scalars (list, default
    float ... mpfr:256) are compared step by step with MPFR at
    reference_bits (default 4 x the widest, at least 1024). seeds=(A, B) or
    "A..B" also counts, per type, the seeds that select the reference's
    coordinate; law=True fits the slope of log2(deviation) against bits
    (MPFR at law_bits against law_reference_bits; without n and data, the
    built-in GD and SGD cases). Writes out_dir/precision.{md,tex,json} and
    figures; returns a PrecisionResult (``data`` = precision.json).
    progress: True or callable(text) as each comparison starts and ends."""
    built_in_law = bool(law) and n is None and (isinstance(data, str) and data == "canonical")
    run = _run(activation, n, d, data, eta, batch, sampler, remainder, schedule, init, init_scale, seed, steps, None,
               "distance", 1, "double", support_threshold, diverge_norm, orth_tol, update, None, None, 1, any_rows,
               batch_seed)
    p = {"threshold": _a.number("threshold", threshold), "law": bool(law),
         "law_reference_bits": _a.integer("law_reference_bits", law_reference_bits),
         "figure_format": figure_format, "figure_size": figure_size, "figure_titles": figure_titles}
    if scalars is not None:
        p["scalars"] = ",".join(_a.choice("scalars", s) for s in ([scalars] if isinstance(scalars, str) else scalars))
    if reference_bits is not None:
        p["reference_bits"] = _a.integer("reference_bits", reference_bits)
    if law_bits is not None:
        p["law_bits"] = ",".join(_a.integer("law_bits", b) for b in law_bits)
    if seeds is not None:
        p["seeds"] = seeds if isinstance(seeds, str) else f"{_a.integer('seeds', seeds[0])}..{_a.integer('seeds', seeds[1])}"
    out_dir = _a.path("out_dir", out_dir)
    values = _snae.precision(run, built_in_law, p, out_dir, _progress_callable(progress, "precision"))
    report = [os.path.join(out_dir, f) for f in values["files"] if f.endswith(".json")]
    result = PrecisionResult(out_dir, values["files"], read_json(report[0]) if report else {}, values["interrupted"],
                             note=values["note"])
    if values["keyboard_interrupt"]:
        raise interrupted(result)
    return result
