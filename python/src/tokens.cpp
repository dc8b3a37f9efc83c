#include "tokens.hpp"

#include <gmp.h>

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace snae::python {

namespace py = pybind11;

namespace {
/// GMP's text, freed with GMP's own allocator.
std::string mpz_text(mpz_srcptr z)
{
    char* s = mpz_get_str(nullptr, 10, z);
    std::string out(s);
    void (*free_fn)(void*, std::size_t) = nullptr;
    mp_get_memory_functions(nullptr, nullptr, &free_fn);
    free_fn(s, std::strlen(s) + 1);
    return out;
}
} // namespace

std::string exact_decimal(double x)
{
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    if (x == 0) return std::signbit(x) ? "-0" : "0";
    int e = 0;
    // x = m 2^e with m an integer of at most 53 bits: frexp's fraction
    // times 2^53 is exact.
    const double m = std::ldexp(std::frexp(std::fabs(x), &e), 53);
    e -= 53;
    mpz_t z;
    mpz_init_set_d(z, m);
    std::string out;
    if (e >= 0) {
        mpz_mul_2exp(z, z, static_cast<mp_bitcnt_t>(e));
        out = mpz_text(z);
    } else {
        // m 2^-k = (m 5^k) 10^-k.
        mpz_t five;
        mpz_init(five);
        mpz_ui_pow_ui(five, 5, static_cast<unsigned long>(-e));
        mpz_mul(z, z, five);
        mpz_clear(five);
        out = mpz_text(z) + "e" + std::to_string(e);
    }
    mpz_clear(z);
    return x < 0 ? "-" + out : out;
}

std::vector<std::string> exact_decimals(const py::array& a)
{
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(a.size()));
    if (py::isinstance<py::array_t<double>>(a)) {
        const auto c = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(a);
        for (py::ssize_t i = 0; i < c.size(); ++i) out.push_back(exact_decimal(c.data()[i]));
    } else if (py::isinstance<py::array_t<float>>(a)) {
        const auto c = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(a);
        for (py::ssize_t i = 0; i < c.size(); ++i) out.push_back(exact_decimal(static_cast<double>(c.data()[i])));
    } else {
        throw std::invalid_argument("exact_decimals takes a float64 or float32 array");
    }
    return out;
}

} // namespace snae::python
