// What `snae sweep` measures at the end of a run and what the theory
// predicts for it, as library calls: the participation ratio, the Hessian
// with the active set of the limit stated, tr H and lambda_max beside their
// closed forms at a minimum, and the GD/SGD predictions from w_0 (support,
// cosine with w_0, the limit itself). Every value is computed in T, with
// one rounding per operation in the order written below, so the sweep's
// runs.csv and a call here agree to the last digit. docs/sweep.md states
// the theory behind each prediction; docs/claims.md proves the closed forms.
//
// For point scalar types (the sweep refuses intervals: a maximum or an
// active set of boxes is not one number). The Hessian calls
// loss_hessian_by_gradient and symmetric_eigenvalues, which the library
// compiles for the supported scalar types (snae/scalars.hpp); the rest is
// header-only for any T.
#pragma once

#include "snae/dataset.hpp"
#include "snae/hessian.hpp"
#include "snae/model.hpp"
#include "snae/sampler.hpp"
#include "snae/sign.hpp"
#include "snae/structured_spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <vector>

namespace snae {

/// Which limit the theory predicts for a run: GD keeps every coordinate
/// that starts active; SGD that can separate two samples ends at one x_k;
/// none: the theory predicts no support (cyclic batches of b >= 2 keep
/// every active sample of the winning batch, docs/claims.md#c8).
enum class training_regime { gd, sgd, none };

/// The regime of a run over n samples with batch size `batch` (empty: full
/// batch) drawn by `sampler`. Every sampler draws distinct samples within a
/// batch, so b = n is the full batch (GD) whatever the sampler;
/// replacement and reshuffle with b < n, and cyclic with b = 1, are SGD;
/// cyclic with b >= 2 and a schedule file are none.
inline training_regime regime_of(std::optional<std::uint64_t> batch, sampler_kind sampler, std::size_t n)
{
    if (!batch || static_cast<std::size_t>(*batch) == n) return training_regime::gd;
    switch (sampler) {
    case sampler_kind::replacement:
    case sampler_kind::reshuffle: return training_regime::sgd;
    case sampler_kind::cyclic: return *batch == 1 ? training_regime::sgd : training_regime::none;
    default: return training_regime::none;
    }
}

/// ||x_i||^2, summed in index order (1 for canonical rows, exactly).
template <class T>
T row_norm2(const dataset<T>& data, std::size_t i)
{
    if (data.is_canonical()) return T(1);
    T out(0), sq;
    for (std::size_t j = 0; j < data.d(); ++j) detail::add_square(out, data.row(i)[j], sq);
    return out;
}

/// The participation ratio PR(c) = (sum c_i^2)^2 / sum c_i^4 of the data
/// coordinates: 1 for a 1-sparse c, m for m equal entries. Summed in index
/// order as c_i^2 and (c_i^2)^2; empty when sum c_i^4 is not positive.
template <class T>
std::optional<T> participation_ratio(const std::vector<T>& coords)
{
    T s2(0), s4(0);
    for (const T& x : coords) {
        const T x2 = x * x;
        s2 += x2;
        s4 += x2 * x2;
    }
    if (sign_of(s4) != sign::positive) return std::nullopt;
    return T(s2 * s2 / s4);
}

/// The largest |c_i| and its index: the first i whose |c_i| exceeds every
/// earlier one (index 0, value 0 when every c_i is 0). For an SGD run
/// this is the selected coordinate k.
template <class T>
struct largest_coordinate {
    std::size_t index = 0;
    T value;   ///< |c_index|
};

template <class T>
largest_coordinate<T> largest_abs_coordinate(const std::vector<T>& coords)
{
    largest_coordinate<T> out{0, T(0)};
    for (std::size_t i = 0; i < coords.size(); ++i) {
        const T a = magnitude(coords[i]);
        if (exceeds(a, out.value, "largest |c_i|")) {
            out.value = a;
            out.index = i;
        }
    }
    return out;
}

/// The data direction w is closest to: k = argmax_i |c_i|/||x_i|| (the
/// first on ties), with its alignment |c_k|/(||w|| ||x_k||) = |cos(w, x_k)|,
/// 1 exactly when w lies on the line of x_k. On orthonormal rows k is
/// largest_abs_coordinate's (the norms are taken as 1, so k does not move
/// with a rotated row's rounding). Empty alignment for w = 0.
template <class T>
struct nearest_direction {
    std::size_t index = 0;
    std::optional<T> alignment;
};

template <class T>
nearest_direction<T> nearest_data_direction(const dataset<T>& data, const std::vector<T>& coords, const T& norm2)
{
    using std::sqrt;
    nearest_direction<T> out;
    std::vector<T> norms(coords.size(), T(1));
    if (!data.orthonormal())
        for (std::size_t i = 0; i < coords.size(); ++i) norms[i] = sqrt(row_norm2(data, i));
    T best(0);
    for (std::size_t i = 0; i < coords.size(); ++i) {
        const T r = magnitude(coords[i]) / norms[i];
        if (exceeds(r, best, "nearest data direction")) {
            best = r;
            out.index = i;
        }
    }
    if (sign_of(norm2) == sign::positive) out.alignment = T(best / sqrt(norm2));
    return out;
}

/// The rank of coords[k] among coords in decreasing order: 1 + the number
/// of entries strictly above it (ties share the better rank); of the
/// magnitudes with `by_magnitude`.
template <class T>
std::size_t rank_of(const std::vector<T>& coords, std::size_t k, bool by_magnitude)
{
    const T ck = by_magnitude ? magnitude(coords[k]) : coords[k];
    std::size_t above = 0;
    for (const T& c : coords) above += exceeds(by_magnitude ? magnitude(c) : c, ck, "rank of c_k(w_0)") ? 1 : 0;
    return above + 1;
}

/// The stated active set of the limit, as loss_hessian_by_gradient takes
/// it: for relu, sample i is active iff c_i > threshold (the support
/// threshold); for linear every sample is. A losing coordinate of an SGD
/// run has decayed to about 1e-40, not to 0, when the run stops; with the
/// raw sign it would count as active, and since the Hessian of l_i jumps at
/// c_i = 0 (sigma'(0) := 0) it would be the Hessian on the wrong side of the
/// kink, with eigenvalue 0 instead of 1/n along x_i.
template <class T>
std::vector<char> limit_active_set(activation act, const std::vector<T>& coords, const T& threshold)
{
    std::vector<char> active(coords.size(), 1);
    if (act == activation::relu)
        for (std::size_t i = 0; i < coords.size(); ++i)
            active[i] = exceeds(coords[i], threshold, "active set of the limit") ? 1 : 0;
    return active;
}

/// tr H = (d - k + 4)/n at a point of the set of minima with k active
/// samples (relu; k = n for linear): eigenvalues 4/n once, 1/n on the d - k
/// directions off the active ones, 0 on the other k - 1 (docs/claims.md#c3).
template <class T>
T closed_form_trace(std::size_t n, std::size_t d, std::size_t k)
{
    return T(T(static_cast<long>(d - k + 4)) / T(static_cast<long>(n)));
}

/// lambda_max = 4/n at every point of the set of minima (docs/claims.md#c3).
template <class T>
T closed_form_lambda_max(std::size_t n)
{
    return T(T(4) / T(static_cast<long>(n)));
}

/// The Hessian of L at w with a stated active set, and what the sweep reads
/// from it beside the closed forms at a minimum with the same k.
template <class T>
struct limit_hessian {
    std::size_t active = 0;           ///< k: samples in the stated active set
    std::vector<T> matrix;            ///< d x d row-major (loss_hessian_by_gradient)
    T trace;                          ///< sum of the diagonal, in index order
    T trace_closed;                   ///< (d - k + 4)/n
    T lambda_max_closed;              ///< 4/n
    std::optional<T> lambda_max;      ///< largest eigenvalue; empty if not asked or the solver did not converge
    std::optional<T> lambda_min;      ///< smallest eigenvalue, likewise
};

/// The Hessian at w with `active` as the active set (limit_active_set), tr
/// H, the closed forms, and with `spectrum` lambda_max from the
/// eigen-solver at T's precision (O(d^3): skip it for large d).
template <class T>
limit_hessian<T> hessian_with_active_set(const dataset<T>& data, activation act, const std::vector<T>& w,
                                         const std::vector<char>& active, bool spectrum)
{
    const std::size_t n = data.n(), d = data.d();
    limit_hessian<T> h;
    for (char a : active) h.active += static_cast<std::size_t>(a);
    h.matrix = loss_hessian_by_gradient(data, act, w, &active);
    h.trace = T(0);
    for (std::size_t j = 0; j < d; ++j) h.trace += h.matrix[j * d + j];
    h.trace_closed = closed_form_trace<T>(n, d, h.active);
    h.lambda_max_closed = closed_form_lambda_max<T>(n);
    if (spectrum) {
        try {
            const std::vector<T> eig = symmetric_eigenvalues(h.matrix, d);
            h.lambda_max = eig.back();
            h.lambda_min = eig.front();
        } catch (const std::runtime_error&) {
            // The eigen-solver did not converge (it reports, it does not guess).
        }
    }
    return h;
}

/// The Hessian at w with the active set of its limit, {i : c_i > threshold}
/// for relu (every sample for linear), in one call.
template <class T>
limit_hessian<T> hessian_at_limit(const dataset<T>& data, activation act, const std::vector<T>& w, const T& threshold,
                                  bool spectrum)
{
    std::vector<T> coords(data.n());
    T scratch;
    for (std::size_t i = 0; i < data.n(); ++i) data.coord(i, w, coords[i], scratch);
    return hessian_with_active_set(data, act, w, limit_active_set(act, coords, threshold), spectrum);
}

/// What the theory predicts from w_0 alone.
template <class T>
struct start_prediction {
    training_regime regime = training_regime::none;
    std::vector<T> coords;                ///< c_i(w_0)
    T norm;                               ///< ||w_0|| = sqrt(N_0)
    T active_sum;                         ///< S_0 = sum of c_i(w_0)^2 over active i
    std::size_t positive = 0;             ///< |P_0|: samples active at w_0
    std::optional<std::size_t> support;   ///< GD: |P_0|; SGD: 1; none: empty
};

template <class T>
start_prediction<T> predict_from_start(const dataset<T>& data, activation act, const std::vector<T>& w0, training_regime regime)
{
    using std::sqrt;
    const point_summary<T> s = evaluate(data, act, w0);
    start_prediction<T> p;
    p.regime = regime;
    p.coords = s.coords;
    p.norm = sqrt(s.norm2);
    p.active_sum = s.active_sum;
    for (const T& c : s.coords)
        if (is_active(act, c)) ++p.positive;
    if (regime == training_regime::gd) p.support = p.positive;
    if (regime == training_regime::sgd) p.support = 1;
    return p;
}

/// The predicted cos(w_limit, w_0). GD keeps the direction of the active
/// part of w_0: sqrt(S_0)/||w_0||. SGD ends at x_k for the selected k (the
/// largest final |c_k|), so given k: |c_k(w_0)|/||w_0||. Empty for regime
/// none or w_0 = 0.
template <class T>
std::optional<T> predicted_cosine(const start_prediction<T>& p, std::size_t selected)
{
    using std::sqrt;
    if (sign_of(p.norm) != sign::positive) return std::nullopt;
    if (p.regime == training_regime::gd) return T(sqrt(p.active_sum) / p.norm);
    if (p.regime == training_regime::sgd) return T(magnitude(p.coords[selected]) / p.norm);
    return std::nullopt;
}

/// The predicted limit in R^d: GD, P w_0 / ||P w_0|| = sum over active i of
/// c_i(w_0) x_i / sqrt(S_0); SGD, x_k for the selected k. Empty for regime
/// none, or for GD when no coordinate starts active (S_0 = 0: a dead start).
/// On general rows (dataset::orthonormal() false) these are the orthonormal
/// theory's formulas applied to the rows as given, SGD's with x_k/||x_k||,
/// the minimiser of l_k: how far a run ends from them measures how far the
/// theory carries beyond its hypotheses.
template <class T>
std::optional<std::vector<T>> predicted_limit(const dataset<T>& data, activation act, const start_prediction<T>& p,
                                              std::size_t selected)
{
    using std::sqrt;
    const std::size_t d = data.d();
    std::vector<T> w(d, T(0));
    if (p.regime == training_regime::sgd) {
        for (std::size_t j = 0; j < d; ++j) w[j] = data.entry(selected, j);
        if (!data.orthonormal()) {
            const T norm = sqrt(row_norm2(data, selected));
            for (T& x : w) x /= norm;
        }
        return w;
    }
    if (p.regime != training_regime::gd || sign_of(p.active_sum) != sign::positive) return std::nullopt;
    const T norm = sqrt(p.active_sum);
    for (std::size_t i = 0; i < data.n(); ++i)
        if (is_active(act, p.coords[i]))
            for (std::size_t j = 0; j < d; ++j) w[j] += p.coords[i] * data.entry(i, j);
    for (T& x : w) x /= norm;
    return w;
}

/// Everything the sweep measures at a final iterate w (not diverged), in
/// T. A sign that cannot be decided (a NaN in w) stops the measurement:
/// `undecidable` is set, the fields measured before it keep their values
/// and the later ones stay empty, in the order of the fields below.
///
/// On general rows (dataset::orthonormal() false) the closed-form fields
/// (loss_gap, dist_min, cos_predicted, trace_closed, lambda_max_closed)
/// are not applicable: `orthonormal` is false and they stay empty; the
/// rest is computed from the definitions.
template <class T>
struct final_measures {
    bool undecidable = false;
    bool orthonormal = true;                   ///< the closed forms apply
    std::optional<T> loss, grad_norm;          ///< point_evaluator at w
    std::optional<T> loss_gap, dist_min;       ///< point_evaluator at w (orthonormal rows)
    std::optional<std::size_t> support_size;   ///< #{i : |c_i| > threshold}
    std::optional<T> participation;            ///< participation_ratio(c)
    std::size_t selected = 0;                  ///< nearest_data_direction: k
    std::optional<std::size_t> selected_rank;      ///< rank_of(c(w_0), k): 1 = the largest c_i(w_0)
    std::optional<std::size_t> selected_abs_rank;  ///< the same among |c_i(w_0)|
    std::optional<T> selected_init;            ///< c_k(w_0) of the selected k
    std::optional<T> max_coord_ratio;          ///< max_i |c_i| / ||w||; empty for w = 0
    std::optional<T> alignment;                ///< |cos(w, x_k)|; empty for w = 0
    std::optional<T> limit_distance;           ///< ||w - predicted_limit(start, k)||
    std::optional<T> cos_init;                 ///< cos(w, w_0)
    std::optional<T> cos_predicted;            ///< predicted_cosine(start, selected)
    std::optional<std::size_t> hessian_active; ///< k of the stated active set
    std::optional<T> trace, trace_closed, lambda_max_closed, lambda_max, lambda_min;  ///< hessian_with_active_set
};

/// How the Hessian at a final iterate is measured: the dense Hessian by
/// automatic differentiation and the eigen-solver (O(d^3)); the structured
/// spectrum (structured_spectrum.hpp: O(n + d), canonical data only); or
/// the dense Hessian's trace without its eigenvalues.
enum class spectrum_method { dense, structured, none };

/// tr H and lambda_max at w with the stated active set, by `method`, beside
/// their closed forms at a minimum with the same k.
template <class T>
void measure_hessian(final_measures<T>& m, const dataset<T>& data, activation act, const std::vector<T>& w,
                     const std::vector<char>& active, spectrum_method method)
{
    if (m.orthonormal) {
        m.trace_closed = closed_form_trace<T>(data.n(), data.d(), *m.hessian_active);
        m.lambda_max_closed = closed_form_lambda_max<T>(data.n());
    }
    if (method == spectrum_method::structured) {
        const hessian_spectrum<T> h = structured_hessian_spectrum(data, w, active);
        m.trace = h.trace;
        m.lambda_max = h.lambda_max;
        m.lambda_min = h.clusters.back().value;
        return;
    }
    const limit_hessian<T> h = hessian_with_active_set(data, act, w, active, method == spectrum_method::dense);
    m.trace = h.trace;
    m.lambda_max = h.lambda_max;
    m.lambda_min = h.lambda_min;
}

/// Where w is against the predictions from w_0: the nearest data direction
/// k and its alignment, the ranks of c_k(w_0), and the distance to the
/// predicted limit.
template <class T>
void measure_against_start(final_measures<T>& m, const dataset<T>& data, activation act, const point_summary<T>& s,
                           const std::vector<T>& w, const start_prediction<T>& start)
{
    const nearest_direction<T> near = nearest_data_direction(data, s.coords, s.norm2);
    m.selected = near.index;
    m.alignment = near.alignment;
    m.selected_rank = rank_of(start.coords, m.selected, false);
    m.selected_abs_rank = rank_of(start.coords, m.selected, true);
    m.selected_init = start.coords[m.selected];
    if (const auto limit = predicted_limit(data, act, start, m.selected)) {
        T sum(0), diff, sq;
        for (std::size_t j = 0; j < w.size(); ++j) {
            diff = w[j] - (*limit)[j];
            detail::add_square(sum, diff, sq);
        }
        m.limit_distance = sqrt_nonneg(sum);
    }
    if (m.orthonormal) m.cos_predicted = predicted_cosine(start, m.selected);
}

/// The measures of a final iterate w reached from w_0 = start's point, with
/// support threshold `threshold` (support and the active set of the
/// limit); `method` says how the Hessian is measured.
template <class T>
final_measures<T> measure_final(const dataset<T>& data, activation act, const std::vector<T>& w0, const std::vector<T>& w,
                                const start_prediction<T>& start, const T& threshold, spectrum_method method)
{
    using std::sqrt;
    final_measures<T> m;
    m.orthonormal = data.orthonormal();
    try {
        const point_summary<T> s = evaluate(data, act, w);
        m.loss = s.loss;
        m.grad_norm = s.grad_norm;
        if (m.orthonormal) {
            m.loss_gap = s.loss_gap;
            m.dist_min = s.dist_min;
        }
        m.support_size = support(s.coords, threshold).size();
        m.participation = participation_ratio(s.coords);
        const largest_coordinate<T> big = largest_abs_coordinate(s.coords);
        if (sign_of(s.norm2) == sign::positive) m.max_coord_ratio = T(big.value / sqrt(s.norm2));
        m.cos_init = cosine(w, w0);
        measure_against_start(m, data, act, s, w, start);
        const std::vector<char> active = limit_active_set(act, s.coords, threshold);
        m.hessian_active = static_cast<std::size_t>(std::count(active.begin(), active.end(), 1));
        measure_hessian(m, data, act, w, active, method);
    } catch (const undecidable_sign&) {
        m.undecidable = true;
    }
    return m;
}

} // namespace snae
