// Python numbers as the decimal text that snae reads (docs/python.md,
// "Numbers you pass"): a binary floating-point value is a dyadic rational,
// so it has a finite decimal expansion, which is written out in full and
// then read, correctly rounded, in the run's precision, exactly as a data
// or init file with those digits would be. No digit is lost on the way.
#pragma once

#include <pybind11/numpy.h>

#include <string>
#include <vector>

namespace snae::python {

/// The exact decimal expansion of x ("-0", "nan", "inf" and "-inf" for the
/// special values, which snae then refuses, naming the parameter).
std::string exact_decimal(double x);

/// exact_decimal of every element of a float64 or float32 array, in
/// row-major order.
std::vector<std::string> exact_decimals(const pybind11::array& a);

} // namespace snae::python
