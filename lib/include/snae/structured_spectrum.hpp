// The whole spectrum of the Hessian of L at any point w, from its structure,
// for exactly orthonormal data (canonical data; docs/model.md, "The
// Hessian's structure"), in O(n + d) instead of the dense O(d^3) solve.
//
// With A the active set (the samples on the active branch of sigma: stated,
// or decided on the signs of c_i), a = sum over A of c_i x_i (the part of w
// in span{x_i : i in A}), r = w - a, S = ||a||^2, R = ||r||^2, N = S + R and
// P_A the projector onto span{x_i : i in A} (k = |A| dimensions),
//   n H = S I + (N - 2) P_A + 2 (w a^T + a w^T).
// Every direction of span{x_i : i in A} orthogonal to a is an eigenvector
// with eigenvalue (S + N - 2)/n; every direction orthogonal to that span and
// to r, with S/n; and on span{a, r} n H acts as the symmetric 2 x 2 matrix
//   [[5S + N - 2, 2 sqrt(S R)], [2 sqrt(S R), S]]
// in the orthonormal basis a/||a||, r/||r|| (its first row or column alone
// when r = 0, and nothing when a = 0). So the clusters are
//   (S + N - 2)/n   k - 1 times (k if a = 0),
//   S/n             d - k - 1 times (d - k if r = 0 or a = 0),
//   the eigenvalues of the 2 x 2 block, / n,
// and tr H = (d S + k (N - 2) + 4 S)/n. On the set of minima (S = N = 1,
// R = 0) they are 0, 1/n and 4/n with the multiplicities of C3.
//
// Accuracy: S, R and N are sums of squares (relative error about (n + d) u),
// each eigenvalue a few roundings more, so each is within a small multiple
// of (n + d) u max(1, |N - 2|, S)/n of the exact eigenvalue of the Hessian of
// the data as given; the test compares with the dense solve at 16 d u.
// For rows orthonormal only to delta (rotated data, files), P_A is off by
// delta and the eigenvalues by up to |N - 2| delta / n (Weyl): use the
// dense Hessian there.
#pragma once

#include "snae/dataset.hpp"
#include "snae/model.hpp"
#include "snae/sqrt_nonneg.hpp"

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <vector>

namespace snae {

/// One eigenvalue of a spectrum and how many times it occurs.
template <class T>
struct eigenvalue_cluster {
    T value;
    std::size_t multiplicity = 0;
};

/// The spectrum of H with multiplicities, its trace and its largest eigenvalue.
template <class T>
struct hessian_spectrum {
    std::vector<eigenvalue_cluster<T>> clusters; ///< decreasing values, multiplicities >= 1, summing to d
    T trace;
    T lambda_max;
    std::size_t active = 0; ///< k = |A|
};

/// The spectrum of the Hessian of L at w (header comment), with the active
/// set `active` (active[i] != 0: sample i on the active branch, as
/// loss_hessian_by_gradient takes it). Throws std::invalid_argument unless
/// the data are canonical.
template <class T>
hessian_spectrum<T> structured_hessian_spectrum(const dataset<T>& data, const std::vector<T>& w, const std::vector<char>& active)
{
    using std::sqrt;
    if (!data.is_canonical()) throw std::invalid_argument("the structured Hessian spectrum needs exactly orthonormal (canonical) data");
    const std::size_t n = data.n(), d = data.d();
    if (active.size() != n || w.size() != d) throw std::invalid_argument("structured_hessian_spectrum: sizes of w and active");
    T S(0), R(0), scratch(0);
    std::size_t k = 0;
    for (std::size_t j = 0; j < d; ++j) {
        const bool in_a = j < n && active[j];
        detail::add_square(in_a ? S : R, w[j], scratch);
        k += in_a ? 1 : 0;
    }
    const T N = S + R, tn(static_cast<long>(n)), two(2);
    const bool has_a = sign_of(S) != sign::zero, has_r = sign_of(R) != sign::zero;
    hessian_spectrum<T> h;
    h.active = k;
    std::vector<eigenvalue_cluster<T>> c;
    if (has_a) {
        const T p = T(5) * S + N - two;
        if (has_r) {
            // Eigenvalues of [[p, q], [q, S]], q = 2 sqrt(S R): m -+ sqrt(((p - S)/2)^2 + q^2).
            const T m = (p + S) / two, half = (p - S) / two;
            const T root = sqrt_nonneg(T(half * half + T(4) * S * R));
            c.push_back({T((m + root) / tn), 1});
            c.push_back({T((m - root) / tn), 1});
        } else {
            c.push_back({T(p / tn), 1});
        }
    }
    const std::size_t on_span = has_a ? k - 1 : k, off_span = d - k - (has_a && has_r ? 1 : 0);
    if (on_span) c.push_back({T((S + N - two) / tn), on_span});
    if (off_span) c.push_back({T(S / tn), off_span});
    std::sort(c.begin(), c.end(), [](const eigenvalue_cluster<T>& x, const eigenvalue_cluster<T>& y) { return exceeds(x.value, y.value, "order of eigenvalues"); });
    h.clusters = std::move(c);
    h.trace = T((T(static_cast<long>(d)) * S + T(static_cast<long>(k)) * (N - two) + T(4) * S) / tn);
    h.lambda_max = h.clusters.front().value;
    return h;
}

} // namespace snae
