import os
from typing import Any, Callable, Literal, Optional, Sequence, Union

import numpy as np

from . import closed_form as closed_form

Number = Any  # int, float, str (decimal text), decimal.Decimal, fractions.Fraction, numpy float, mpmath.mpf
Value = Any  # float, numpy.float32, numpy.longdouble, mpmath.mpf or mpmath.mpi, as the scalar type gives
Data = Union[Literal["canonical", "rotated"], str, os.PathLike, Any]
Progress = Union[bool, Callable[..., Any], None]

provenance: str
__version__: str

class TrainResult:
    status: str
    status_detail: str
    steps: int
    scalar: str
    precision_bits: int
    n: int
    d: int
    w: np.ndarray
    w0: np.ndarray
    coords: Optional[np.ndarray]
    support: np.ndarray
    support_size: Optional[int]
    active_size: Optional[int]
    loss: Optional[Value]
    loss_gap: Optional[Value]
    grad_norm: Optional[Value]
    dist_min: Optional[Value]
    norm: Optional[Value]
    cos_init: Optional[Value]
    eta: Value
    config: dict[str, Any]
    record: dict[str, Any]
    trajectory: Optional[np.ndarray]
    trajectory_steps: Optional[np.ndarray]
    trajectory_loss: Optional[np.ndarray]
    trajectory_loss_gap: Optional[np.ndarray]
    @property
    def unit_roundoff(self) -> Any: ...
    def decimal(self, name: str) -> Union[str, list[str], None]: ...

class ToolResult:
    out_dir: str
    files: list[str]
    data: dict[str, Any]
    interrupted: bool

class VerifyResult(ToolResult):
    passed: bool
    certificates: int
    export: Optional[str]

class SweepResult(ToolResult):
    name: str
    config: dict[str, Any]
    runs: list[dict[str, str]]
    notes: list[str]
    ran: int
    resumed: int
    total: int
    missing: int

class PrecisionResult(ToolResult):
    note: str

def train(*, activation: str = ..., n: Optional[int] = ..., d: Optional[int] = ..., data: Data = ..., eta: Number = ...,
          batch: Union[Literal["full"], int] = ..., sampler: Optional[str] = ..., remainder: Optional[str] = ...,
          schedule: Union[str, os.PathLike, Sequence[Sequence[int]], None] = ..., init: Any = ...,
          init_scale: Optional[Number] = ..., seed: int = ..., steps: int = ..., tol: Optional[Number] = ..., tol_on: str = ..., check_every: int = ...,
          scalar: str = ..., support_threshold: Number = ..., diverge_norm: Number = ..., orth_tol: Optional[Number] = ...,
          update: str = ..., out: Union[str, os.PathLike, None] = ..., trajectory: Union[str, os.PathLike, None] = ...,
          every: int = ..., trajectory_every: Optional[int] = ..., callback: Optional[Callable[[int, Any], Any]] = ...,
          callback_every: int = ..., progress: Progress = ..., any_rows: bool = ...,
          batch_seed: Optional[int] = ...) -> TrainResult: ...

def evaluate(w: Any, *, activation: str = ..., n: Optional[int] = ..., d: Optional[int] = ..., data: Data = ...,
             seed: int = ..., scalar: str = ..., orth_tol: Optional[Number] = ...,
             support_threshold: Number = ..., any_rows: bool = ...) -> dict[str, Any]: ...

def hessian(w: Any, *, activation: str = ..., n: Optional[int] = ..., d: Optional[int] = ..., data: Data = ...,
            seed: int = ..., scalar: str = ..., orth_tol: Optional[Number] = ..., method: str = ...,
            active: Optional[Sequence[bool]] = ..., eigenvalues: bool = ..., any_rows: bool = ...) -> dict[str, Any]: ...

def verify(claims: Union[str, Sequence[str], None] = ..., *, certified: bool = ..., full: bool = ...,
           wrong_prediction: bool = ..., out_dir: Union[str, os.PathLike] = ...,
           export: Union[str, os.PathLike, None] = ..., progress: Progress = ...) -> VerifyResult: ...

def sweep(config: Union[dict[str, Any], str, os.PathLike, None] = ..., *, preset: Optional[str] = ..., quick: bool = ...,
          out_dir: Union[str, os.PathLike, None] = ..., threads: Optional[int] = ...,
          shard: Union[str, tuple[int, int], None] = ..., figures: bool = ...,
          columns: Union[str, Sequence[str], None] = ..., figure_format: str = ..., figure_size: str = ...,
          figure_titles: str = ..., progress: Progress = ..., **keys: Any) -> SweepResult: ...

def merge(dirs: Union[str, os.PathLike, Sequence[Union[str, os.PathLike]]], *, out_dir: Union[str, os.PathLike, None] = ...,
          figures: bool = ..., columns: Union[str, Sequence[str], None] = ..., figure_format: str = ...,
          figure_size: str = ..., figure_titles: str = ..., progress: Progress = ...) -> SweepResult: ...

def precision(*, activation: str = ..., n: Optional[int] = ..., d: Optional[int] = ..., data: Data = ..., eta: Number = ...,
              batch: Union[Literal["full"], int] = ..., sampler: Optional[str] = ..., remainder: Optional[str] = ...,
              schedule: Union[str, os.PathLike, Sequence[Sequence[int]], None] = ..., init: Any = ..., init_scale: Optional[Number] = ...,
              seed: int = ..., steps: int = ..., support_threshold: Number = ..., diverge_norm: Number = ...,
              orth_tol: Optional[Number] = ..., update: str = ..., scalars: Union[str, Sequence[str], None] = ...,
              reference_bits: Optional[int] = ..., threshold: Number = ..., seeds: Union[str, Sequence[int], None] = ...,
              law: bool = ..., law_bits: Optional[Sequence[int]] = ..., law_reference_bits: int = ...,
              out_dir: Union[str, os.PathLike] = ..., figure_format: str = ..., figure_size: str = ...,
              figure_titles: str = ..., progress: Progress = ..., any_rows: bool = ...,
              batch_seed: Optional[int] = ...) -> PrecisionResult: ...
