// The Hessian of the full loss L by automatic differentiation, and its
// spectrum, computed independently of the closed forms they are checked
// against (docs/claims.md).
//
// H_jk is the e1*e2 part of L(w + e1 e_j + e2 e_k) evaluated in hyper-dual
// numbers a + b e1 + c e2 + d e1 e2 (e1^2 = e2^2 = 0, e1 e2 != 0), which is
// exact second-order forward-mode differentiation: every hyper-dual operation
// rounds each part once in T, no step size, no truncation error. The loss is
// evaluated per sample as l_i = 1/2 (1 - 2 c_i sigma(c_i) + N sigma(c_i)^2)
// (the expansion of 1/2 ||x_i - sigma(c_i) w||^2 for a unit x_i), with the
// ReLU branch decided on the value part (so sigma'(0) := 0: a sample with
// c_i = 0 contributes nothing). d(d+1)/2 evaluations, each O(n + d) for
// canonical data and O(nd) for dense data.
//
// loss_hessian_by_gradient is the fast alternative used by snae sweep: d
// forward-mode (dual-number) passes over grad L, one per column, each O(n + d)
// for canonical data (O(d (n + d)) in all instead of O(d^2 (n + d))). It
// differentiates the gradient formula, not the loss, so it rests on that
// formula being right; the tests check it against loss_hessian.
//
// The eigenvalues come from Eigen's SelfAdjointEigenSolver at the working
// precision (backward stable: each computed eigenvalue is within a modest
// multiple of d u ||H|| of an exact eigenvalue of H).
#pragma once

#include "snae/dataset.hpp"
#include "snae/model.hpp"

#include <vector>

namespace snae {

/// a + b e1 + c e2 + d e1 e2 with e1^2 = e2^2 = 0.
template <class T>
struct hyper_dual {
    T a, b, c, d;
    hyper_dual() : a(0), b(0), c(0), d(0) {}
    explicit hyper_dual(const T& value) : a(value), b(0), c(0), d(0) {}
    hyper_dual(const T& a_, const T& b_, const T& c_, const T& d_) : a(a_), b(b_), c(c_), d(d_) {}

    friend hyper_dual operator+(const hyper_dual& x, const hyper_dual& y) { return {x.a + y.a, x.b + y.b, x.c + y.c, x.d + y.d}; }
    friend hyper_dual operator-(const hyper_dual& x, const hyper_dual& y) { return {x.a - y.a, x.b - y.b, x.c - y.c, x.d - y.d}; }
    friend hyper_dual operator*(const hyper_dual& x, const hyper_dual& y)
    {
        return {x.a * y.a, x.a * y.b + x.b * y.a, x.a * y.c + x.c * y.a, x.a * y.d + x.b * y.c + x.c * y.b + x.d * y.a};
    }
    hyper_dual& operator+=(const hyper_dual& y) { return *this = *this + y; }
};

template <class T>
struct sign_decision<hyper_dual<T>> {
    static sign of(const hyper_dual<T>& x) { return sign_of(x.a); }
};

/// L(w) in hyper-dual numbers (see the header comment). With `active`
/// given, sample i is on the active branch iff active[i] (a stated active
/// set, for points whose coordinates at 0 are only 0 to rounding, as with
/// dense data); otherwise the branch is decided on the value of c_i.
template <class T>
hyper_dual<T> loss_hyper_dual(const dataset<T>& data, activation act, const std::vector<hyper_dual<T>>& w,
                              const std::vector<char>* active = nullptr)
{
    using H = hyper_dual<T>;
    const std::size_t n = data.n(), d = data.d();
    H N;
    for (const H& x : w) N += x * x;
    H total;
    const H one(T(1)), two(T(2));
    for (std::size_t i = 0; i < n; ++i) {
        H c;
        if (data.is_canonical()) {
            c = w[i];
        } else {
            for (std::size_t j = 0; j < d; ++j) c += H(data.row(i)[j]) * w[j];
        }
        if (active ? !(*active)[i] : !is_active(act, c)) {
            total += one;
            continue;
        }
        total += one - two * c * c + N * c * c;
    }
    const T scale = T(1) / T(static_cast<long>(2 * n));
    return H(scale) * total;
}

/// a + b e with e^2 = 0: one directional derivative, exact to rounding.
template <class T>
struct dual {
    T a, b;
    dual() : a(0), b(0) {}
    explicit dual(const T& value) : a(value), b(0) {}
    dual(const T& a_, const T& b_) : a(a_), b(b_) {}
    friend dual operator+(const dual& x, const dual& y) { return {x.a + y.a, x.b + y.b}; }
    friend dual operator-(const dual& x, const dual& y) { return {x.a - y.a, x.b - y.b}; }
    friend dual operator*(const dual& x, const dual& y) { return {x.a * y.a, x.a * y.b + x.b * y.a}; }
    dual& operator+=(const dual& y) { return *this = *this + y; }
};

template <class T>
struct sign_decision<dual<T>> {
    static sign of(const dual<T>& x) { return sign_of(x.a); }
};

/// The Hessian of L at w, d x d row-major (entry (j, k) at j*d + k),
/// symmetric by construction. `active`: as for loss_hyper_dual.
template <class T>
std::vector<T> loss_hessian(const dataset<T>& data, activation act, const std::vector<T>& w,
                            const std::vector<char>* active = nullptr);

/// The same Hessian from d dual-number passes over
///   grad L(w) = (1/n) (S w - (2 - N) sum_{i active} c_i x_i)
/// (the sum over i of grad l_i, see model.hpp), seeded with e_k in pass k.
/// Column k is the e-part; the lower triangle is kept and mirrored, so the
/// result is symmetric exactly. `active`: as for loss_hyper_dual.
template <class T>
std::vector<T> loss_hessian_by_gradient(const dataset<T>& data, activation act, const std::vector<T>& w,
                                        const std::vector<char>* active = nullptr);

/// The eigenvalues of a symmetric d x d matrix given row-major, ascending
/// (Eigen's SelfAdjointEigenSolver in precision T).
template <class T>
std::vector<T> symmetric_eigenvalues(const std::vector<T>& h, std::size_t d);

} // namespace snae
