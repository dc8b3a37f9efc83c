// The model and the quantities measured at a point w.
//
// f_w(x) = sigma(<w,x>) w, sigma = relu (sigma'(0) := 0) or linear;
// l_i(w) = 1/2 ||x_i - f_w(x_i)||^2, L_B = mean over B, L = L_{all n}.
// With c_i = <w, x_i>, N = ||w||^2, "active" meaning c_i > 0 (relu) or
// always (linear), S = sum of c_i^2 over active i, and Off = N - S (the part
// of ||w||^2 outside the active data directions, summed directly, never as a
// difference, so that it is accurate near a minimum):
//   L(w)      = (n-1)/(2n) + gap,  gap = ((1 - S)^2 + S Off) / (2n)
//   grad L(w) = (1/n) (S w - (2 - N) sum_{active} c_i x_i),
//   ||grad L|| = sqrt((2(S-1) + Off)^2 S + S^2 Off) / n
//   dist(w, M) = sqrt(Off + (sqrt(S) - 1)^2)              if S > 0,
//              = sqrt(Off - 2 max_i c_i + 1)               if S = 0,
// where M = {w in span(x): ||w|| = 1, c_i >= 0} (relu; linear drops the sign
// condition): the nearest point of M is c_+/||c_+|| in the data basis, or
// x_k with k = argmax c_i when no coordinate is positive. docs/model.md
// derives each formula.
//
// These closed forms need exactly orthonormal rows (N = S + Off, ||x_i|| = 1).
// Point types use them on orthonormal data sets: on rows orthonormal only to
// a defect delta they are off by O(delta) (docs/output.md). Interval types use
// them only on data that are exactly orthonormal (dataset::
// exactly_orthonormal). On other rows, and on general rows (gaussian,
// correlated, --any-rows: dataset::orthonormal() is false) for every type,
// each quantity comes from its definition (literal mode below): boxes then
// contain the exact value for the rows as given, and dist_min, which has no
// closed form there, is not applicable (the whole line for intervals, 0 for
// point types; point_summary::closed_forms says which).
//
// batch_loss and batch_gradient evaluate the definitions literally (per
// sample, as vectors); they are the independent reference the trainer's
// fused arithmetic is tested against.
#pragma once

#include "snae/dataset.hpp"
#include "snae/sign.hpp"
#include "snae/sqrt_nonneg.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace snae {

enum class activation { relu, linear };

inline std::string to_string(activation a) { return a == activation::relu ? "relu" : "linear"; }

namespace detail {
/// acc += x * x, two roundings, through scratch storage so that MPFR
/// allocates nothing; scalar_traits<T>::add_square where the type has its
/// own (one MPFR call fewer; MPFI's square of one operand).
template <class T>
void add_square(T& acc, const T& x, T& scratch)
{
    if constexpr (traits_provide<add_square_hook, T>) {
        scalar_traits<T>::add_square(acc, x, scratch);
    } else {
        scratch = x;
        scratch *= x;
        acc += scratch;
    }
}
} // namespace detail

/// Whether sample coordinate c is on the active branch of sigma.
template <class T>
bool is_active(activation a, const T& c)
{
    return a == activation::linear || is_positive(c, "ReLU branch: sign of <w, x_i>");
}

/// Everything snae reports about a point w.
template <class T>
struct point_summary {
    std::vector<T> coords; // c_i(w), i = 0..n-1
    T norm2;               // N = ||w||^2
    T active_sum;          // S
    T off;                 // N - S, summed directly
    T loss;                // L(w)
    T loss_gap;            // L(w) - (n-1)/(2n)
    T grad_norm;           // ||grad L(w)||
    T dist_min;            // distance from w to M
    /// false in literal mode (general rows; intervals on rows not exactly
    /// orthonormal): off is then N - S, dist_min is not applicable (the
    /// whole line for intervals, 0 for point types: never report it), and
    /// max_sample_grad holds max_i ||grad l_i(w)|| from the definition.
    bool closed_forms = true;
    T max_sample_grad;
};

/// Evaluates point_summary at w, reusing its storage between calls (no
/// allocation per call for MPFR once the vectors have their size).
template <class T>
class point_evaluator {
public:
    point_evaluator(const dataset<T>& data, activation act) : data_(data), act_(act) {}

    /// The summary at w, by value: it stays valid across later calls.
    point_summary<T> evaluate(const std::vector<T>& w) { return (*this)(w); }

    /// The summary at w in the evaluator's own storage, without a copy: the
    /// next call overwrites it (hot loops; evaluate() otherwise).
    const point_summary<T>& operator()(const std::vector<T>& w)
    {
        const std::size_t n = data_.n(), d = data_.d();
        point_summary<T>& s = s_;
        s.coords.resize(n);
        active_.assign(n, 0);
        for (std::size_t i = 0; i < n; ++i) data_.coord(i, w, s.coords[i], sq_);
        s.norm2 = T(0);
        for (std::size_t j = 0; j < d; ++j) detail::add_square(s.norm2, w[j], sq_);
        s.active_sum = T(0);
        s.off = T(0);
        for (std::size_t i = 0; i < n; ++i) {
            active_[i] = is_active(act_, s.coords[i]) ? 1 : 0;
            detail::add_square(active_[i] ? s.active_sum : s.off, s.coords[i], sq_);
        }
        s.closed_forms = data_.closed_forms_apply();
        if (s.closed_forms) closed_forms(w, s);
        else literal(w, s);
        return s;
    }

    /// The summary of the last call.
    const point_summary<T>& last() const noexcept { return s_; }

    /// The summary of the last call, moved out without a copy (its n
    /// coordinates can be most of a large run's memory); the next call
    /// rebuilds the storage.
    point_summary<T> take() noexcept { return std::move(s_); }

private:
    void closed_forms(const std::vector<T>& w, point_summary<T>& s)
    {
        const std::size_t n = data_.n(), d = data_.d();
        // The part of w outside span(x): canonical coordinates j >= n, or the
        // residual r = w - sum_i c_i x_i for dense data.
        if (data_.is_canonical()) {
            for (std::size_t j = n; j < d; ++j) detail::add_square(s.off, w[j], sq_);
        } else {
            for (std::size_t j = 0; j < d; ++j) {
                r_ = w[j];
                for (std::size_t i = 0; i < n; ++i) {
                    sq_ = data_.row(i)[j];
                    sq_ *= s.coords[i];
                    r_ -= sq_;
                }
                detail::add_square(s.off, r_, sq_);
            }
        }
        const T one(1), two(2), twice_n(static_cast<long>(2 * n)), tn(static_cast<long>(n));
        const T& S = s.active_sum;
        // gap = ((1 - S)^2 + S Off) / (2n)
        T a = one - S;
        s.loss_gap = (a * a + S * s.off) / twice_n;
        s.loss = T(static_cast<long>(n - 1)) / twice_n + s.loss_gap;
        // ||grad L|| = sqrt((2(S-1) + Off)^2 S + S^2 Off) / n: >= 0 as a sum of such products
        T q = two * (S - one) + s.off;
        s.grad_norm = sqrt_nonneg(T(q * q * S + S * S * s.off)) / tn;
        if (sign_of(S) == sign::positive) {
            T rs = sqrt_nonneg(S);
            T e = (S - one) / (rs + one); // sqrt(S) - 1 without cancellation
            s.dist_min = sqrt_nonneg(T(s.off + e * e));
        } else {
            // No active coordinate: nearest point of M is x_k, k = argmax c_i (<= 0).
            T cmax(0);
            if (act_ == activation::relu) {
                cmax = s.coords[0];
                for (std::size_t i = 1; i < n; ++i) cmax = enclose_max(s.coords[i], cmax, "max of c_i");
            }
            s.dist_min = sqrt_nonneg(T(s.off - two * cmax + one)); // ||w - x_k||^2, cmax <= 0
        }
    }

    /// Literal mode: L = (1/n) sum_i 1/2 ||x_i - sigma(c_i) w||^2 and
    /// grad L = (1/n) (S w - (2 - N) sum_{active} c_i x_i), which holds for
    /// any rows (grad l_i = c_i^2 w - (2 - N) c_i x_i for an active i, 0
    /// otherwise; docs/model.md), each evaluated as vectors.
    void literal(const std::vector<T>& w, point_summary<T>& s)
    {
        const std::size_t n = data_.n(), d = data_.d();
        const T two(2), tn(static_cast<long>(n)), twice_n(static_cast<long>(2 * n));
        s.off = s.norm2 - s.active_sum;
        const T b = two - s.norm2;
        T total(0), li, gi, gnorm;
        g_.assign(d, T(0));
        s.max_sample_grad = T(0);
        for (std::size_t i = 0; i < n; ++i) {
            const T* x = data_.row(i);
            const T& c = s.coords[i];
            li = T(0);
            gnorm = T(0);
            for (std::size_t j = 0; j < d; ++j) {
                r_ = active_[i] ? T(x[j] - c * w[j]) : x[j];
                detail::add_square(li, r_, sq_);
                if (!active_[i]) continue;
                gi = c * c * w[j] - b * c * x[j];
                detail::add_square(gnorm, gi, sq_);
                g_[j] += gi;
            }
            total += li;
            if (active_[i]) {
                gi = sqrt_nonneg(gnorm);
                s.max_sample_grad = enclose_max(gi, s.max_sample_grad, "max of sample gradients");
            }
        }
        s.loss = total / twice_n;
        s.loss_gap = s.loss - T(static_cast<long>(n - 1)) / twice_n;
        gnorm = T(0);
        for (const T& x : g_) detail::add_square(gnorm, x, sq_);
        s.grad_norm = sqrt_nonneg(gnorm) / tn;
        s.dist_min = whole_line();
    }

    /// An enclosure of every real number: the sound answer where no formula
    /// is available. Point types get 0, a placeholder that closed_forms =
    /// false marks as not applicable.
    static T whole_line()
    {
        if constexpr (scalar_traits<T>::is_interval) return scalar_traits<T>::whole_line();
        else return T(0);
    }

    const dataset<T>& data_;
    activation act_;
    point_summary<T> s_;
    std::vector<char> active_;
    std::vector<T> g_;
    T sq_, r_;
};

/// The summary at w in one call (a point_evaluator for repeated calls).
template <class T>
point_summary<T> evaluate(const dataset<T>& data, activation act, const std::vector<T>& w)
{
    return point_evaluator<T>(data, act)(w);
}

/// max_i ||grad l_i(w)|| from a point summary, O(n). For an active sample,
/// with c = c_i, R_i = N - c^2 and a = 2 - N,
///   ||grad l_i||^2 = c^2 ((a - c^2)^2 + c^2 R_i),
/// a sum of non-negative terms: the only cancellation is in a - c^2, which is
/// squared. R_i is formed as Off + (S - c^2); the one sample that can carry
/// more than half of S gets S - c^2 summed directly, so R_i has a small
/// relative error for every i. Inactive samples contribute 0.
template <class T>
T max_sample_gradient_norm(const point_summary<T>& s, activation act)
{
    if (!s.closed_forms) return s.max_sample_grad; // literal mode: computed from the definition
    const std::size_t n = s.coords.size();
    const T two(2);
    T half_s = s.active_sum / two;
    T best(0), rest, a, g;
    for (std::size_t i = 0; i < n; ++i) {
        const T& c = s.coords[i];
        if (!is_active(act, c)) continue;
        const T c2 = c * c;
        // Either branch gives R_i exactly in real arithmetic; the test only
        // picks the one without cancellation, so it need not be certain.
        if (certainly_exceeds(c2, half_s)) {
            rest = T(0);
            for (std::size_t j = 0; j < n; ++j)
                if (j != i && is_active(act, s.coords[j])) rest += s.coords[j] * s.coords[j];
        } else {
            rest = s.active_sum - c2;
        }
        rest += s.off;
        a = two - s.norm2 - c2;
        g = sqrt_nonneg(T(c2 * (a * a + c2 * rest)));
        best = enclose_max(g, best, "max of sample gradients");
    }
    return best;
}

/// Indices i with |c_i| > threshold, in increasing order (intervals: those
/// whose enclosure of |c_i| lies entirely above the threshold).
template <class T>
std::vector<std::size_t> support(const std::vector<T>& coords, const T& threshold)
{
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < coords.size(); ++i) {
        if constexpr (scalar_traits<T>::is_interval) {
            // Certainly in the support: the whole enclosure of |c_i| above it.
            using std::abs;
            if (sign_of(T(abs(coords[i]) - threshold)) == sign::positive) out.push_back(i);
        } else {
            if (exceeds(magnitude(coords[i]), threshold, "support test |c_i| > threshold")) out.push_back(i);
        }
    }
    return out;
}

/// cos(u, v) = <u, v> / (||u|| ||v||); empty when either vector is 0.
template <class T>
std::optional<T> cosine(const std::vector<T>& u, const std::vector<T>& v)
{
    T uv(0), uu(0), vv(0), sq;
    for (std::size_t j = 0; j < u.size(); ++j) {
        uv += u[j] * v[j];
        detail::add_square(uu, u[j], sq);
        detail::add_square(vv, v[j], sq);
    }
    if (sign_of(uu) != sign::positive || sign_of(vv) != sign::positive) return std::nullopt;
    return uv / (sqrt_nonneg(uu) * sqrt_nonneg(vv));
}

/// L_B(w) evaluated literally: mean over i in B of 1/2 ||x_i - sigma(c_i) w||^2.
/// V may be a wider type than T (for example a dual number) constructible from T.
/// `active`, when given, fixes the branch of each sample i (active[i] != 0:
/// sigma(c_i) = c_i, else 0) instead of deciding it on c_i: for a point whose
/// active set is known exactly while the box of some c_i = 0 straddles 0.
template <class T, class V>
V batch_loss(const dataset<T>& data, activation act, const std::vector<V>& w, const std::vector<std::size_t>& batch,
             const std::vector<char>* active = nullptr)
{
    const std::size_t d = data.d();
    V total(0);
    for (std::size_t i : batch) {
        V c(0);
        for (std::size_t j = 0; j < d; ++j) c += V(data.entry(i, j)) * w[j];
        const bool on = active ? (*active)[i] != 0 : is_active(act, c);
        const V s = on ? c : V(0);
        V li(0);
        for (std::size_t j = 0; j < d; ++j) {
            const V r = V(data.entry(i, j)) - s * w[j];
            li += r * r;
        }
        total += li / V(2);
    }
    return total / V(static_cast<long>(batch.size()));
}

/// grad L_B(w) from the per-sample formula
/// grad l_i = -sigma(z)(x_i - sigma(z) w) - sigma'(z)(z - sigma(z) N) x_i.
template <class T>
std::vector<T> batch_gradient(const dataset<T>& data, activation act, const std::vector<T>& w,
                              const std::vector<std::size_t>& batch)
{
    const std::size_t d = data.d();
    T N(0);
    for (const T& x : w) N += x * x;
    std::vector<T> g(d, T(0));
    for (std::size_t i : batch) {
        T z(0);
        for (std::size_t j = 0; j < d; ++j) z += data.entry(i, j) * w[j];
        const bool on = is_active(act, z);
        const T s = on ? z : T(0);
        const T ds = on ? T(1) : T(0);
        const T k = ds * (z - s * N);
        for (std::size_t j = 0; j < d; ++j) g[j] -= s * (data.entry(i, j) - s * w[j]) + k * data.entry(i, j);
    }
    const T m(static_cast<long>(batch.size()));
    for (T& x : g) x /= m;
    return g;
}

} // namespace snae
