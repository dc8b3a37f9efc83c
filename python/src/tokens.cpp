#include "tokens.hpp"

#include <charconv>
#include <stdexcept>

namespace snae::python {

namespace py = pybind11;

namespace {
template <class F>
std::vector<std::string> texts_of(const py::array& a)
{
    const auto c = py::array_t<F, py::array::c_style | py::array::forcecast>::ensure(a);
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(c.size()));
    char buf[64];
    for (py::ssize_t i = 0; i < c.size(); ++i) {
        const auto r = std::to_chars(buf, buf + sizeof buf, c.data()[i]); // shortest round trip (C++17)
        out.emplace_back(buf, r.ptr);
    }
    return out;
}
} // namespace

std::vector<std::string> shortest_texts(const py::array& a)
{
    if (py::isinstance<py::array_t<double>>(a)) return texts_of<double>(a);
    if (py::isinstance<py::array_t<float>>(a)) return texts_of<float>(a);
    throw std::invalid_argument("shortest_texts takes a float64 or float32 array");
}

} // namespace snae::python
