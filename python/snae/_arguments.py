"""Python arguments as the text snae reads (docs/python.md, "Numbers you pass").

Every number becomes text, and snae reads that text correctly rounded in
the run's precision, exactly as it reads a flag or a file:

- ``str``: as it is (the command line's text: "0.1", "1e-12", "0x1.8p-3");
- ``int``, ``decimal.Decimal``: their exact decimal;
- ``float`` and numpy's floats: the shortest decimal that reads back to the
  same float, the number Python prints (``repr``). So ``eta=0.1`` is
  ``--eta 0.1`` at every precision, as 0.1 in a sweep's JSON config is;
- ``mpmath.mpf``: its exact binary value, as a hexadecimal floating-point
  constant (0x...p...), so the values of a multiprecision run pass back
  into snae without loss, however small;
- ``fractions.Fraction``: its decimal if it has a finite one, else refused.

To pass a float's exact binary value instead, pass ``mpmath.mpf(x)`` or
``x.hex()``. Values of the wrong type raise TypeError naming the
parameter; values of the right type that snae refuses raise ValueError
from the C++ side, with the command line's message and the parameter's
name.
"""

from __future__ import annotations

import decimal
import fractions
import numbers
import os

import mpmath
import numpy as np

from . import _snae

GENERATED_DATA = ("canonical", "rotated")


def integer(name, value):
    """An integer option as text (bool refused: it is not a count)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected an int, got {type(value).__name__}")
    return str(int(value))


def choice(name, value):
    """A named choice (activation, sampler, scalar, ...) as text."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a str, got {type(value).__name__}")
    return value


def path(name, value):
    """A file path as text."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a path (str or os.PathLike), got {type(value).__name__}")
    return value


def _mpf_text(x):
    sign, man, exp, _ = x._mpf_
    if not man:
        if x == 0:
            return "-0" if sign else "0"
        return "nan" if mpmath.isnan(x) else ("-inf" if x < 0 else "inf")
    return f"{'-' if sign else ''}0x{int(man):x}p{exp:+d}"


def number(name, value):
    """The text of one number (module docstring)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name}: expected a number, got bool")
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, mpmath.mpf):
        return _mpf_text(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, fractions.Fraction):
        d = value.denominator
        twos = (d & -d).bit_length() - 1
        fives, rest = 0, d >> twos
        while rest % 5 == 0:
            rest //= 5
            fives += 1
        if rest != 1:
            raise ValueError(f"{name}: {value} has no finite decimal expansion; pass its digits as a str")
        scale = 10 ** max(twos, fives)
        return f"{value.numerator * (scale // d)}e-{max(twos, fives)}"
    if isinstance(value, float):
        return repr(value)  # "nan" and "inf" too: snae refuses them with the range
    if isinstance(value, np.floating):
        return str(value)  # numpy prints each of its floats as the shortest decimal of its own type
    raise TypeError(f"{name}: expected a number (int, float, str, decimal.Decimal, fractions.Fraction or "
                    f"mpmath.mpf), got {type(value).__name__}")


def optional_number(name, value):
    return None if value is None else number(name, value)


def numbers_of(name, values, ndim):
    """An array-like of numbers (ndim 1 or 2) as text (number()): a list
    of str (1-D) or a list of rows (2-D)."""
    if isinstance(values, mpmath.matrix):
        values = values.tolist()
        if ndim == 1 and (len(values) == 1 or all(len(row) == 1 for row in values)):
            values = [x for row in values for x in row]
    try:
        a = values if isinstance(values, np.ndarray) else np.asarray(values, dtype=object)
    except ValueError as e:  # ragged rows
        raise ValueError(f"{name}: expected rows of equal length ({e})") from None
    if a.dtype.kind == "c":
        raise TypeError(f"{name}: expected real numbers, got complex")
    if a.ndim == 0:
        what = "a vector of numbers" if ndim == 1 else "an array of rows"
        raise TypeError(f"{name}: expected a path or {what}, got {type(values).__name__}")
    if a.ndim != ndim:
        shape = "a vector (1-D)" if ndim == 1 else "a matrix of rows (2-D)"
        raise ValueError(f"{name}: expected {shape}, got an array of shape {a.shape}")
    if a.dtype in (np.float64, np.float32):
        flat = _snae.shortest_texts(np.ascontiguousarray(a))
    else:
        flat = [number(name, x) for x in a.reshape(-1)]
    if ndim == 1:
        return flat
    cols = a.shape[1]
    return [flat[i * cols:(i + 1) * cols] for i in range(a.shape[0])]


def data_source(value):
    """The data option: a generated kind or a file path as text, or rows given in memory.

    Returns (text, rows): rows is None unless an array was given."""
    if isinstance(value, str) or isinstance(value, os.PathLike):
        return path("data", value), None
    return "array", numbers_of("data", value, 2)


def start(value):
    """The init option: a file path as text, or d numbers. Returns (text, values)."""
    if value is None:
        return "", None
    if isinstance(value, str) or isinstance(value, os.PathLike):
        return path("init", value), None
    return "", numbers_of("init", value, 1)


def schedule_source(value):
    """The schedule option: a file path as text, or batches of sample
    indices given as lists. Returns (text, batches): "array" names batches
    given in memory, as the configuration echo records them."""
    if value is None:
        return "", None
    if isinstance(value, str) or isinstance(value, os.PathLike):
        return path("schedule", value), None
    if isinstance(value, np.ndarray):
        value = value.tolist()
    try:
        batches = [[integer("schedule", i) for i in batch] for batch in value]
    except TypeError as e:
        if "expected an int" in str(e):
            raise
        raise TypeError(f"schedule: expected a path or a list of batches (lists of sample indices), got "
                        f"{type(value).__name__}") from None
    return "array", batches
