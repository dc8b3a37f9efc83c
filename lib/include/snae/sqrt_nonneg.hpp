// sqrt_nonneg(x): the square root of a quantity known to be >= 0 in real
// arithmetic (a sum of squares, a squared distance, a product of such).
//
// For point types it is sqrt. For interval types (snae/interval.hpp) it is
// the root of the part of the enclosure that is >= 0: rounding can push the
// lower bound of a non-negative quantity below 0, where the plain interval
// sqrt would give NaN. Dropping the negative part keeps the exact value only
// because the caller knows it is >= 0, so call it only on such quantities;
// sqrt itself keeps its ordinary meaning on every type.
#pragma once

#include "snae/detail/traits_hooks.hpp"

#include <cmath>

namespace snae {

/// scalar_traits<T>::sqrt_nonneg if the type provides it (intervals), else sqrt.
template <class T>
T sqrt_nonneg(const T& x)
{
    if constexpr (detail::traits_provide<detail::sqrt_nonneg_hook, T>) {
        return scalar_traits<T>::sqrt_nonneg(x);
    } else {
        using std::sqrt;
        return sqrt(x);
    }
}

} // namespace snae
