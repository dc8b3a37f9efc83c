// GD and SGD in the coordinates of exactly orthonormal data.
//
// With x_1..x_n orthonormal, write w = sum_i c_i x_i + r (r orthogonal to
// every x_i) and N = ||w||^2 = sum_i c_i^2 + ||r||^2. A step on batch B of
// size m with h = eta/m and S_B = sum over active i in B of c_i^2 multiplies
//   c_i by fa = 1 - h (N + S_B - 2)   for i active and in B,
//   c_i by f  = 1 - h S_B            for every other i, and r by f
// (docs/certified.md derives it from the per-sample gradient). The step
// below is that identity: on exactly orthonormal data it is the reference
// step of trainer.hpp in real arithmetic, so interval boxes of (c, ||r||^2)
// enclose the exact iterate's coordinates. It needs no rotation back to w,
// so a coordinate that decays keeps a box of small relative width instead of
// one that straddles 0 (the wrapping of docs/certified.md).
//
// pair_map is the two-number map both for-all-t certificates reduce to:
// GD, with u = ||P(w_0)-part of w|| and v = ||the rest||, and SGD once a
// single coordinate k is active, with u = c_k, v = ||w - c_k x_k|| and
// h = eta/m for a batch of size m that contains k.
#pragma once

#include "snae/dataset.hpp"
#include "snae/model.hpp"

#include <cstddef>
#include <stdexcept>
#include <vector>

namespace snae {

/// w as (c_1..c_n, ||r||^2): data coordinates and the squared norm of the
/// part outside span(x_1..x_n).
template <class T>
struct data_coordinates {
    std::vector<T> c;
    T rest2;
};

/// c_i = <w, x_i> and ||r||^2 with r = w - sum c_i x_i formed explicitly, so
/// that for intervals the sum of squares encloses the exact ||r||^2 and is
/// never negative. The rows must be exactly orthonormal (intervals: enclose
/// such rows; point types: orthonormal to rounding).
template <class T>
data_coordinates<T> to_data_coordinates(const dataset<T>& data, const std::vector<T>& w)
{
    if constexpr (scalar_traits<T>::is_interval)
        if (!data.exactly_orthonormal())
            throw std::invalid_argument("data coordinates need exactly orthonormal rows");
    const std::size_t n = data.n(), d = data.d();
    data_coordinates<T> s{std::vector<T>(n), T(0)};
    T scratch;
    for (std::size_t i = 0; i < n; ++i) data.coord(i, w, s.c[i], scratch);
    std::vector<T> r = w;
    if (data.is_canonical()) {
        for (std::size_t i = 0; i < n; ++i) r[i] = T(0); // w_i - c_i: exactly 0
    } else {
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < d; ++j) r[j] -= s.c[i] * data.entry(i, j);
    }
    for (const T& x : r) detail::add_square(s.rest2, x, scratch);
    return s;
}

/// The two factors of one step (see the header comment).
template <class T>
struct step_factors {
    T active;   ///< fa = 1 - h (N + S_B - 2), for the active samples of the batch
    T inactive; ///< f = 1 - h S_B, for everything else
    std::size_t active_count = 0;
};

/// One GD/SGD step on `batch` (distinct indices), in data coordinates, with
/// the trainer's semantics: sample i is active when sigma'(c_i) = 1 (relu:
/// c_i > 0, decided by is_active, which throws undecidable_sign on a box
/// that straddles 0; sigma'(0) = 0), the mean is over the whole batch.
template <class T>
step_factors<T> data_coordinate_step(data_coordinates<T>& s, const std::vector<std::size_t>& batch, activation act,
                                     const T& eta)
{
    T N = s.rest2, S(0), scratch;
    for (const T& c : s.c) detail::add_square(N, c, scratch);
    std::vector<char> in_batch(s.c.size(), 0);
    step_factors<T> f;
    for (std::size_t i : batch)
        if (is_active(act, s.c[i])) {
            in_batch[i] = 1;
            ++f.active_count;
            detail::add_square(S, s.c[i], scratch);
        }
    const T h = eta / T(static_cast<long>(batch.size()));
    f.inactive = T(1) - h * S;
    f.active = T(1) - h * (N + S - T(2));
    for (std::size_t i = 0; i < s.c.size(); ++i) s.c[i] *= in_batch[i] ? f.active : f.inactive;
    T f2(0);
    detail::add_square(f2, f.inactive, scratch);
    s.rest2 *= f2;
    return f;
}

/// Phi_h(u, v) = (u (1 - h (2u^2 + v^2 - 2)), v (1 - h u^2)), generic in the
/// number type V (intervals, or dual numbers over them for the Jacobian).
/// Fixed point (1, 0); Jacobian there diag(1 - 4h, 1 - h).
template <class V>
std::vector<V> pair_map(const std::vector<V>& x, const V& h)
{
    const V& u = x[0];
    const V& v = x[1];
    const V one(1), two(2);
    const V uu = u * u;
    return {u * (one - h * (two * uu + v * v - two)), v * (one - h * uu)};
}

/// The two factors of pair_map at (u, v): u's, 1 - h (2u^2 + v^2 - 2), and
/// v's, 1 - h u^2. A relu reduction holds while both are positive.
template <class V>
std::vector<V> pair_map_factors(const std::vector<V>& x, const V& h)
{
    const V one(1), two(2);
    const V uu = x[0] * x[0];
    return {one - h * (two * uu + x[1] * x[1] - two), one - h * uu};
}

} // namespace snae
