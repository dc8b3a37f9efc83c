// The theory's closed forms that depend on sizes and the step size alone, as
// library calls in precision T (docs/model.md, docs/claims.md): the minimum
// value, the Hessian's spectrum on the set of minima, GD's two-number
// recurrence, its rate and the stability thresholds. The closed forms that
// depend on w_0 (the predicted limit and cosine) are in snae/measures.hpp.
//
// Each value is computed from the integers n, d, k, b and the given eta with
// the operations written beside it, each rounded once in T, so it is within
// a few units of T's roundoff of the exact value (stated per function).
// Point types only: intervals have their certified counterparts (C5-C8,
// docs/certified.md).
#pragma once

#include "snae/measures.hpp"
#include "snae/sign.hpp"
#include "snae/structured_spectrum.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace snae {

/// L* = (n - 1)/(2n), the minimum value of L (C1): one division, so within
/// u of the exact value relative to it (n - 1 and 2n are exact in T for
/// n < 2^p).
template <class T>
T minimum_loss(std::size_t n)
{
    if (n < 1) throw std::invalid_argument("n must be >= 1");
    return T(T(static_cast<long>(n - 1)) / T(static_cast<long>(2 * n)));
}

/// The spectrum of the Hessian of L at a point of the set of minima with k
/// active samples (C3; relu with 1 <= k <= n, linear with k = n): 4/n once
/// (along w), 1/n on the d - k directions off the active data, 0 on the
/// other k - 1; in decreasing order, clusters of multiplicity 0 left out.
/// Each value is one division (within u relative).
template <class T>
std::vector<eigenvalue_cluster<T>> hessian_spectrum_on_minimum(std::size_t n, std::size_t d, std::size_t k)
{
    if (n < 1 || n > d) throw std::invalid_argument("n must be in [1, d]");
    if (k < 1 || k > n) throw std::invalid_argument("k must be in [1, n]");
    const T tn(static_cast<long>(n));
    std::vector<eigenvalue_cluster<T>> out{{closed_form_lambda_max<T>(n), 1}};
    if (d > k) out.push_back({T(T(1) / tn), d - k});
    if (k > 1) out.push_back({T(0), k - 1});
    return out;
}

/// GD's local contraction factor at its limit (C6):
///   rho = max(|1 - 4 eta/n|, |1 - eta/n|),
/// the radial factor only when w_0 has no part outside the span of its
/// active data (`off_support` false: R_0 = 0). Each factor is a division, a
/// product and a subtraction (within 2u + u |4 eta/n| absolute).
template <class T>
T gd_rate(std::size_t n, const T& eta, bool off_support = true)
{
    const T tn(static_cast<long>(n));
    const T radial = magnitude(T(T(1) - T(T(4) * eta) / tn));
    if (!off_support) return radial;
    const T off = magnitude(T(T(1) - eta / tn));
    return enclose_max(radial, off, "GD rate: which factor is larger");
}

/// The step size below which GD's limit is stable (C7): n/2, exact.
template <class T>
T gd_threshold(std::size_t n)
{
    return T(T(static_cast<long>(n)) / T(2));
}

/// The step size below which an SGD limit x_k is stable for a batch of b
/// samples that holds k (the per-batch radial factor 1 - 4 eta/b): b/2, exact.
template <class T>
T batch_threshold(std::size_t b)
{
    return T(T(static_cast<long>(b)) / T(2));
}

/// GD's two-number recurrence (C4): from w_0 = a_0 + r_0, a_0 its part in
/// the span of the data active at w_0 (S_0 = ||a_0||^2) and r_0 the rest
/// (R_0 = ||r_0||^2), GD's iterate is w_t = alpha_t a_0 + beta_t r_0 while
/// every factor stays positive, with alpha_0 = beta_0 = 1 and
///   S_t = alpha_t^2 S_0,  N_t = S_t + beta_t^2 R_0,
///   alpha_{t+1} = alpha_t (1 - (eta/n)(N_t + S_t - 2)),
///   beta_{t+1}  = beta_t (1 - (eta/n) S_t).
/// Returns (alpha_t, beta_t) for t = 0..steps, each step rounded in T in
/// the order written (errors grow with t as the map amplifies them).
template <class T>
struct gd_recurrence_point {
    T alpha, beta;
};

template <class T>
std::vector<gd_recurrence_point<T>> gd_recurrence(std::size_t n, const T& eta, const T& S0, const T& R0, std::uint64_t steps)
{
    const T h = eta / T(static_cast<long>(n));
    std::vector<gd_recurrence_point<T>> out;
    out.reserve(static_cast<std::size_t>(steps) + 1);
    out.push_back({T(1), T(1)});
    for (std::uint64_t t = 0; t < steps; ++t) {
        const T a = out.back().alpha; // copies, not references: the push_back below may reallocate
        const T b = out.back().beta;
        const T S = T(a * a) * S0;
        const T N = S + T(b * b) * R0;
        out.push_back({T(a * T(T(1) - h * T(T(N + S) - T(2)))), T(b * T(T(1) - h * S))});
    }
    return out;
}

} // namespace snae
