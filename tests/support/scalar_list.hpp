// The scalar list the template test bodies run over, and a guard giving
// mpfr_real a fixed precision inside a test body.
#pragma once

#include <snae/scalars.hpp>
#include <snae/instantiations.hpp>
#include <snae/random.hpp>
#include <snae/sign.hpp>

#include <tuple>
#include <vector>

namespace snae_test {

using all_scalars = snae::supported_scalars;

/// Precision used for mpfr_real inside the per-type test bodies.
inline constexpr long test_mpfr_bits = 256;

template <class T>
struct precision_guard : snae::precision_scope<T> {
    precision_guard() : snae::precision_scope<T>(test_mpfr_bits) {}
};

/// |x| as T without relying on an abs overload (the core's).
using snae::magnitude;

template <class T>
T max_abs_diff(const std::vector<T>& a, const std::vector<T>& b)
{
    T worst(0);
    for (std::size_t j = 0; j < a.size(); ++j) {
        const T diff = magnitude(T(a[j] - b[j]));
        if (diff > worst) worst = diff;
    }
    return worst;
}

/// A double for messages only.
template <class T>
double approx(const T& x)
{
    return snae::to_double(x);
}

/// w_0 as snae draws it for seed (N(0, I/d), rounded to T): the start the
/// trainer tests share.
using snae::gaussian_start;

} // namespace snae_test
