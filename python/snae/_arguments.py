"""Python arguments as the text snae reads (docs/python.md, "Numbers you pass").

Every number becomes text that denotes it exactly, and snae reads that
text, correctly rounded, in the run's precision, as it reads a flag or a
file: a ``str`` is used as it is (the command line's text), an ``int`` and
a ``decimal.Decimal`` are exact decimals already, and a binary
floating-point value (``float``, numpy's floats, ``mpmath.mpf``) is
written as a hexadecimal floating-point constant (0x1.999999999999ap-4,
C's %a), which snae reads exactly, however small or large the value. So
``eta=0.1`` is the double nearest 0.1 at every precision, and
``eta="0.1"`` is the decimal 0.1, as ``--eta 0.1`` is.

Values of the wrong type raise TypeError naming the parameter; values of
the right type that snae refuses raise ValueError from the C++ side, with
the command line's message and the parameter's name.
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


def _binary(numerator, denominator):
    """numerator / denominator, the denominator a power of two, exactly in hexadecimal."""
    k = denominator.bit_length() - 1
    sign = "-" if numerator < 0 else ""
    return f"{sign}0x{abs(numerator):x}p-{k}"


def _mpf_text(x):
    sign, man, exp, _ = x._mpf_
    if not man:
        if x == 0:
            return "-0" if sign else "0"
        return "nan" if mpmath.isnan(x) else ("-inf" if x < 0 else "inf")
    return f"{'-' if sign else ''}0x{int(man):x}p{exp:+d}"


def number(name, value):
    """The exact text of one number (module docstring)."""
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
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            return str(float(value))  # "nan", "inf": snae refuses them with the range
        if isinstance(value, (float, np.float64, np.float32, np.float16)):
            return float(value).hex()  # exact: these widen to a double exactly
        return _binary(*value.as_integer_ratio())
    raise TypeError(f"{name}: expected a number (int, float, str, decimal.Decimal, fractions.Fraction or "
                    f"mpmath.mpf), got {type(value).__name__}")


def optional_number(name, value):
    return None if value is None else number(name, value)


def numbers_of(name, values, ndim):
    """An array-like of numbers (ndim 1 or 2) as exact text: a list of
    str (1-D) or a list of rows (2-D)."""
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
        flat = _snae.exact_texts(np.ascontiguousarray(a))
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
