// Vectors in R^d and in data coordinates, in any scalar type the checks use
// (intervals too): |x|, norms, the largest difference, c_i(w),
// sum_i a_i x_i and the full batch.
#pragma once

#include <snae/dataset.hpp>
#include <snae/sign.hpp>

#include <cmath>
#include <vector>

namespace snae::proofs_checks {

template <class T>
T abs_of(const T& x)
{
    return sign_of(x) == sign::negative ? T(-x) : x;
}

template <class T>
T norm(const std::vector<T>& v)
{
    T s(0);
    for (const T& x : v) s += x * x;
    using std::sqrt;
    return sqrt(s);
}

/// a / ||a||.
template <class T>
std::vector<T> normalized(std::vector<T> a)
{
    const T s = norm(a);
    for (T& x : a) x /= s;
    return a;
}

/// max_j |a_j - b_j|.
template <class T>
T max_abs_diff(const std::vector<T>& a, const std::vector<T>& b)
{
    T worst(0);
    for (std::size_t j = 0; j < a.size(); ++j) {
        const T e = abs_of(T(a[j] - b[j]));
        if (e > worst) worst = e;
    }
    return worst;
}

/// c_i(w) = <w, x_i> for every sample.
template <class T>
std::vector<T> coords_of(const dataset<T>& data, const std::vector<T>& w)
{
    std::vector<T> c(data.n());
    T scratch;
    for (std::size_t i = 0; i < data.n(); ++i) data.coord(i, w, c[i], scratch);
    return c;
}

/// sum_i a_i x_i in R^d (its enclosure in intervals).
template <class T>
std::vector<T> combine(const dataset<T>& data, const std::vector<T>& a)
{
    std::vector<T> w(data.d(), T(0));
    for (std::size_t i = 0; i < data.n(); ++i)
        for (std::size_t j = 0; j < data.d(); ++j) w[j] += a[i] * data.entry(i, j);
    return w;
}

/// All sample indices 0 .. n-1: the full batch.
inline std::vector<std::size_t> all_samples(std::size_t n)
{
    std::vector<std::size_t> all(n);
    for (std::size_t i = 0; i < n; ++i) all[i] = i;
    return all;
}

} // namespace snae::proofs_checks
