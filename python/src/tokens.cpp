#include "tokens.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace snae::python {

namespace py = pybind11;

std::string exact_text(double x)
{
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char buf[40]; // "-0x1.fffffffffffffp-1074" and its terminator
    std::snprintf(buf, sizeof buf, "%a", x);
    return buf;
}

std::vector<std::string> exact_texts(const py::array& a)
{
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(a.size()));
    if (py::isinstance<py::array_t<double>>(a)) {
        const auto c = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(a);
        for (py::ssize_t i = 0; i < c.size(); ++i) out.push_back(exact_text(c.data()[i]));
    } else if (py::isinstance<py::array_t<float>>(a)) {
        const auto c = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(a);
        for (py::ssize_t i = 0; i < c.size(); ++i) out.push_back(exact_text(static_cast<double>(c.data()[i])));
    } else {
        throw std::invalid_argument("exact_texts takes a float64 or float32 array");
    }
    return out;
}

} // namespace snae::python
