// Numbers of numpy arrays as the text snae reads (docs/python.md, "Numbers
// you pass"): each float as the shortest decimal that reads back to it in
// its own type, the number Python and numpy print, written by C++ for
// arrays (a Python loop would cost a microsecond per element).
#pragma once

#include <pybind11/numpy.h>

#include <string>
#include <vector>

namespace snae::python {

/// The shortest decimal of every element of a float64 or float32 array
/// that reads back to it in that type (std::to_chars; "nan", "inf" and
/// "-inf" for the special values, which snae then refuses, naming the
/// parameter), in row-major order.
std::vector<std::string> shortest_texts(const pybind11::array& a);

} // namespace snae::python
