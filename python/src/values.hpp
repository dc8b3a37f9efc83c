// Exact conversions of snae's scalar types into Python values
// (docs/python.md, "Values"). Nothing is rounded on the way:
//
//   float                                  numpy.float32 (arrays: dtype float32)
//   double                                 float (arrays: dtype float64)
//   long_double                            numpy.longdouble (arrays: dtype longdouble)
//   float128, cpp_bin_float_*, mpfr:BITS   mpmath.mpf holding the value exactly
//                                          (arrays: dtype object)
//   mpfi:BITS                              mpmath.mpi (mpmath.iv) with the two
//                                          endpoints exactly (arrays: dtype object)
//
// An mpmath.mpf is built from its exact mantissa and exponent
// (mpmath.mp.make_mpf), so it keeps every bit whatever mpmath.mp.prec is;
// arithmetic on it then rounds to mp.prec, as all of mpmath's does.
#pragma once

#include <snae/interval.hpp>
#include <snae/scalars.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace snae::python {

namespace py = pybind11;

/// The Python objects every conversion of one call needs, looked up once
/// (a lookup per element would cost more than the conversion).
class python_types {
public:
    python_types();
    /// An mpmath.mpf equal to v exactly (NaN and infinities as mpmath's).
    py::object mpf(mpfr_srcptr v) const;
    /// An mpmath.mpi [lo, hi] with both endpoints exactly.
    py::object mpi(mpfr_srcptr lo, mpfr_srcptr hi) const;
    /// An object array of the given shape holding `items` in row-major order.
    py::object object_array(py::list items, std::size_t rows, std::optional<std::size_t> cols) const;

private:
    py::tuple mpf_tuple(mpfr_srcptr v) const;
    py::object make_mpf_, make_mpi_, mpz_, special_nan_, special_inf_, special_ninf_, numpy_empty_;
};

/// Types whose values become numpy numbers (the others become mpmath objects).
template <class T>
inline constexpr bool is_hardware = std::is_same_v<T, float> || std::is_same_v<T, double> || std::is_same_v<T, long double>;

template <class T>
py::object to_python(const python_types& types, const T& x)
{
    if constexpr (std::is_same_v<T, double>) {
        return py::float_(x);
    } else if constexpr (is_hardware<T>) {
        py::array_t<T> a(1);
        a.mutable_at(0) = x;
        return a[py::int_(0)]; // a numpy scalar of T's own dtype
    } else if constexpr (scalar_traits<T>::is_interval) {
        const long p = scalar_traits<T>::digits();
        detail::mpfr_temp lo(p), hi(p);
        mpfi_get_left(lo.get(), x.backend().data());
        mpfi_get_right(hi.get(), x.backend().data());
        return types.mpi(lo.get(), hi.get());
    } else {
        detail::mpfr_temp v(scalar_traits<T>::digits());
        scalar_traits<T>::to_mpfr(x, v.get()); // exact: v has T's precision
        return types.mpf(v.get());
    }
}

/// v as a 1-D array, or with `cols` a rows x cols array of v in row-major order.
template <class T>
py::object to_python(const python_types& types, const std::vector<T>& v, std::size_t rows, std::optional<std::size_t> cols = {})
{
    if constexpr (is_hardware<T>) {
        std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(rows)};
        if (cols) shape.push_back(static_cast<py::ssize_t>(*cols));
        py::array_t<T> a(shape);
        std::copy(v.begin(), v.end(), a.mutable_data());
        return std::move(a);
    } else {
        py::list items(v.size());
        for (std::size_t i = 0; i < v.size(); ++i) items[i] = to_python(types, v[i]);
        return types.object_array(items, rows, cols);
    }
}

template <class T>
py::object to_python(const python_types& types, const std::vector<T>& v)
{
    return to_python(types, v, v.size());
}

template <class T>
py::object to_python(const python_types& types, const std::optional<T>& x)
{
    return x ? to_python(types, *x) : py::none();
}

} // namespace snae::python
