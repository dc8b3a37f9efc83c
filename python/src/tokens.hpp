// Python numbers as the text snae reads (docs/python.md, "Numbers you
// pass"): a binary floating-point value is written exactly as a
// hexadecimal floating-point constant (C's %a, 0x1.999999999999ap-4), which
// snae reads correctly rounded in the run's precision, as it reads a data
// or init file with those digits. No digit is lost on the way.
#pragma once

#include <pybind11/numpy.h>

#include <string>
#include <vector>

namespace snae::python {

/// x exactly, as printf's %a writes it ("nan", "inf" and "-inf" for the
/// special values, which snae then refuses, naming the parameter).
std::string exact_text(double x);

/// exact_text of every element of a float64 or float32 array, in row-major
/// order (float32 values are doubles exactly).
std::vector<std::string> exact_texts(const pybind11::array& a);

} // namespace snae::python
