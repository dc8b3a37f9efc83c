"""What snae's calls return (docs/python.md, "Results")."""

from __future__ import annotations

import csv
import json
import os

import mpmath
import numpy as np

from . import _arguments, _snae


def interrupted(result):
    """The KeyboardInterrupt a call raises when Ctrl-C stopped it, carrying
    what the call had finished as ``.result``: for train, the TrainResult
    at the step reached (status "interrupted", every measure of that
    iterate, files written); for sweep, verify and precision, their result
    over the work that finished (also on disk). It is KeyboardInterrupt
    itself, not a subclass, so that an uncaught one ends a script with the
    shell's Ctrl-C status, as Python does for KeyboardInterrupt alone."""
    e = KeyboardInterrupt("snae: interrupted (Ctrl-C); the partial result is in the exception's .result")
    e.result = result
    return e


def _decimal_text(values, scalar):
    """snae's own decimal strings of values of a run in `scalar` (what
    ``snae train --out`` writes for the same values)."""
    single = not isinstance(values, np.ndarray)
    items = [values] if single else list(np.asarray(values, dtype=object).reshape(-1))
    if scalar.startswith("mpfi:"):
        pairs = [[_arguments.number("value", mpmath.mp.make_mpf(end)) for end in x._mpi_] for x in items]
    else:
        pairs = [[_arguments.number("value", x)] for x in items]
    text = _snae.decimals(pairs, scalar)
    return text[0] if single else text


class TrainResult:
    """The outcome of snae.train: the same run as ``snae train`` with the
    same options, its values exact in the run's type (docs/python.md, "Values").

    Attributes
    ----------
    status : str
        converged | max_steps | diverged | dead | undecidable | interrupted.
    status_detail : str
        What a diverged or undecidable status was about ("" otherwise).
    steps : int
        Updates applied.
    w, w0 : array
        The last iterate and the start (length d).
    coords : array or None
        Data coordinates c_i(w) = <w, x_i> (length n); None where a sign of
        w could not be decided (a diverged iterate holding NaN).
    support : numpy.ndarray of int or None
        {i : |c_i(w)| > support_threshold}, increasing (None with coords).
    loss, loss_gap, grad_norm, dist_min, norm, cos_init : number or None
        L(w), L(w) - (n-1)/(2n), ||grad L(w)||, the distance to the set of
        global minima, ||w|| and cos(w, w0), in the run's type (None where
        undefined: see the record).
    eta : number
        The step size as the run read it (rounded once into its type).
    scalar : str
        The type, e.g. "double", "mpfr:256", "mpfi:257".
    precision_bits : int
        Its precision p; unit roundoff u = 2^-p.
    n, d : int
    config : dict
        The configuration, as ``snae train --out`` echoes it.
    record : dict
        Everything ``snae train --out`` writes except the vectors (with the
        provenance, and for intervals the enclosure widths).
    trajectory, trajectory_steps, trajectory_loss, trajectory_loss_gap : array or None
        With ``trajectory_every=k``: w at steps 0, k, 2k, ... and the last
        step (one row each), those steps, and L and L - L* at each row.
    """

    _vectors = ("w", "w0", "coords", "trajectory", "trajectory_loss", "trajectory_loss_gap")
    _scalars = ("loss", "loss_gap", "grad_norm", "dist_min", "norm", "cos_init", "eta")

    def __init__(self, values):
        record = values["record"]
        self.record = record
        self.config = record["config"]
        self.status = record["status"]
        self.status_detail = record["status_detail"]
        self.steps = record["steps"]
        self.scalar = record["scalar"]
        self.precision_bits = record["precision_bits"]
        self.n = record["n"]
        self.d = record["d"]
        self.support_size = record.get("support_size")
        self.active_size = record.get("active_size")
        self.w = values["w"]
        self.w0 = values["w0"]
        self.support = values["support"].astype(np.int64) if "support" in values else None
        for key in ("coords",) + self._scalars:
            setattr(self, key, values.get(key))
        for key in ("trajectory", "trajectory_steps", "trajectory_loss", "trajectory_loss_gap"):
            setattr(self, key, values.get(key))

    @property
    def unit_roundoff(self):
        """u = 2^-p, as an exact mpmath.mpf."""
        return mpmath.ldexp(mpmath.mpf(1), -self.precision_bits)

    def decimal(self, name):
        """The exact decimal text of a value or vector, as snae writes it:
        ``r.decimal("w")`` equals the "w" array of ``snae train --out``, and
        reads back to the same value in the run's type."""
        if name not in self._vectors + self._scalars:
            raise ValueError(f"name: expected one of {', '.join(self._vectors + self._scalars)}, got {name!r}")
        value = getattr(self, name)
        if value is None:
            return None
        # The type as requested: mpfi:128 runs at the precision Boost can set
        # (129 bits), and asking for mpfi:129 would give another one.
        return _decimal_text(value, self.config["scalar"])

    def _support_text(self):
        if self.support is None:
            return None
        return self.support.tolist() if self.support.size <= 8 else f"<{self.support.size} indices>"

    def __repr__(self):
        gap = self.record.get("loss_gap")
        return (f"TrainResult(status={self.status!r}, steps={self.steps}, scalar={self.scalar!r}, n={self.n}, d={self.d}, "
                f"support={self._support_text()}, "
                f"loss_gap={gap})")


class ToolResult:
    """The outcome of snae.verify, snae.sweep or snae.precision: the files
    written (as the command line writes them) and their content as Python
    data.

    Attributes
    ----------
    out_dir : str
        The folder written.
    files : list of str
        The files written.
    data : dict
        The JSON report: verification.json or certification.json (verify),
        summary.json (sweep), precision.json (precision).
    interrupted : bool
        Ctrl-C stopped the work: data holds what finished.
    """

    def __init__(self, out_dir, files, data, interrupted, **extra):
        self.out_dir = out_dir
        self.files = files
        self.data = data
        self.interrupted = interrupted
        for key, value in extra.items():
            setattr(self, key, value)

    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k not in ("data", "files", "config", "runs"))
        return f"{type(self).__name__}({fields})"


class VerifyResult(ToolResult):
    """snae.verify's result; ``passed`` is True only if every selected claim
    passed (with certified=True: is CERTIFIED); ``data["claims"]`` has one
    entry per claim; ``certificates`` counts the exported files."""


class SweepResult(ToolResult):
    """snae.sweep's result; ``data`` is summary.json (``data["points"]``: one
    entry per grid point with statistics over the seeds), ``config`` the
    configuration (config.json) and ``runs`` the rows of runs.csv as dicts
    of text (``pandas.read_csv(os.path.join(r.out_dir, "runs.csv"))`` loads
    them typed). Empty ``data`` when interrupted: runs.csv holds the runs
    that finished, and the same call resumes; and for a shard, or a merge
    with ``missing`` runs, which write no summary. ``ran``, ``resumed``,
    ``total`` and ``missing`` count runs (for snae.merge, ``ran`` counts
    the runs merged in)."""


class PrecisionResult(ToolResult):
    """snae.precision's result; ``data`` is precision.json."""


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_csv(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
