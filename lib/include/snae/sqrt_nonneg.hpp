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

#include <cmath>

namespace snae {

/// Specialise for interval types; a class so that a type declared after this
/// header can specialise it.
template <class T>
struct nonneg_sqrt {
    static T of(const T& x)
    {
        using std::sqrt;
        return sqrt(x);
    }
};

template <class T>
T sqrt_nonneg(const T& x)
{
    return nonneg_sqrt<T>::of(x);
}

} // namespace snae
