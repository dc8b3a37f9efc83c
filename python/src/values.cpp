#include "values.hpp"

#include <gmp.h>

#include <cstring>
#include <memory>

namespace snae::python {

namespace {

/// A GMP integer that frees itself.
class mpz_value {
public:
    mpz_value() { mpz_init(z_); }
    mpz_value(const mpz_value&) = delete;
    mpz_value& operator=(const mpz_value&) = delete;
    ~mpz_value() { mpz_clear(z_); }
    mpz_ptr get() noexcept { return z_; }

private:
    mpz_t z_;
};

/// |z| as a Python int (through hexadecimal text beyond 64 bits: CPython
/// has no public constructor from limbs).
py::object python_int(mpz_ptr z)
{
    if (mpz_sizeinbase(z, 2) <= 64 && mpz_sgn(z) >= 0) {
        unsigned long long v = 0;
        mpz_export(&v, nullptr, -1, sizeof v, 0, 0, z);
        return py::reinterpret_steal<py::object>(PyLong_FromUnsignedLongLong(v));
    }
    std::unique_ptr<char, void (*)(void*)> text(mpz_get_str(nullptr, 16, z), [](void* p) {
        void (*free_fn)(void*, std::size_t) = nullptr;
        mp_get_memory_functions(nullptr, nullptr, &free_fn);
        free_fn(p, std::strlen(static_cast<char*>(p)) + 1);
    });
    PyObject* out = PyLong_FromString(text.get(), nullptr, 16);
    if (!out) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(out);
}

} // namespace

python_types::python_types()
{
    py::module_ mpmath = py::module_::import("mpmath");
    py::module_ libmp = py::module_::import("mpmath.libmp");
    make_mpf_ = mpmath.attr("mp").attr("make_mpf");
    make_mpi_ = mpmath.attr("iv").attr("make_mpf");
    mpz_ = libmp.attr("MPZ"); // Python's int, or gmpy's mpz when mpmath runs on gmpy
    special_nan_ = libmp.attr("fnan");
    special_inf_ = libmp.attr("finf");
    special_ninf_ = libmp.attr("fninf");
    numpy_empty_ = py::module_::import("numpy").attr("empty");
}

/// mpmath's normalised representation of v: (sign, odd mantissa, exponent,
/// bit count of the mantissa), zero as (0, 0, 0, 0).
py::tuple python_types::mpf_tuple(mpfr_srcptr v) const
{
    if (mpfr_nan_p(v)) return special_nan_;
    if (mpfr_inf_p(v)) return mpfr_sgn(v) > 0 ? special_inf_ : special_ninf_;
    if (mpfr_zero_p(v)) return py::make_tuple(0, mpz_(0), 0, 0);
    mpz_value m;
    long exponent = mpfr_get_z_2exp(m.get(), v); // v = m 2^exponent exactly
    const int sign = mpz_sgn(m.get()) < 0 ? 1 : 0;
    mpz_abs(m.get(), m.get());
    const mp_bitcnt_t zeros = mpz_scan1(m.get(), 0);
    mpz_fdiv_q_2exp(m.get(), m.get(), zeros);
    exponent += static_cast<long>(zeros);
    return py::make_tuple(sign, mpz_(python_int(m.get())), exponent, mpz_sizeinbase(m.get(), 2));
}

py::object python_types::mpf(mpfr_srcptr v) const { return make_mpf_(mpf_tuple(v)); }

py::object python_types::mpi(mpfr_srcptr lo, mpfr_srcptr hi) const
{
    return make_mpi_(py::make_tuple(mpf_tuple(lo), mpf_tuple(hi)));
}

py::object python_types::object_array(py::list items, std::size_t rows, std::optional<std::size_t> cols) const
{
    const py::tuple shape = cols ? py::make_tuple(rows, *cols) : py::make_tuple(rows);
    // Filled through a flat view: numpy.array(list of mpf) would try to
    // read each mpf as a sequence of numbers.
    py::object a = numpy_empty_(py::int_(items.size()), py::arg("dtype") = "object");
    for (std::size_t i = 0; i < items.size(); ++i) a[py::int_(i)] = items[i];
    return a.attr("reshape")(shape);
}

} // namespace snae::python
