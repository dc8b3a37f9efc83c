// The trainer: one GD/SGD step in the reference arithmetic, and the loop that
// runs steps until a stopping rule fires. One template for every scalar type.
//
// Reference arithmetic of one step on the batch B = (i_1, ..., i_m), h = eta/m
// (docs/model.md; every operation below is one rounding in T, no fused
// multiply-add; the claims and golden trajectories are about exactly this):
//   c_k = <w, x_{i_k}>                 (canonical: w_{i_k}; dense: left-to-right dot)
//   S   = sum over active k, in batch order, of c_k * c_k
//   f   = 1 - h * S                    (factor of everything not active in B)
//   canonical: w_j <- w_j * f for j not active in B, and
//              w_i <- w_i * (1 - h * ((N + S) - 2)) for active i in B;
//   dense:     w_j <- w_j * f for all j, then for each active k in batch order
//              w_j <- w_j + (h * (2 - N) * c_k) * x_{i_k, j};
//   N   = sum_j w_j * w_j (left to right), kept for the next step.
// This is w - eta grad L_B(w) with grad L_B = (1/m)(S w - (2 - N) sum_active c_k x_k).
// The canonical form multiplies each coordinate by one factor, so a coordinate's
// sign changes only if its factor is negative, exactly as in real arithmetic.
#pragma once

#include "snae/dataset.hpp"
#include "snae/model.hpp"
#include "snae/sampler.hpp"
#include "snae/scaled_trainer.hpp"
#include "snae/sign.hpp"

#include <atomic>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace snae {

namespace detail {
/// x if a, else +0, without a branch (bit mask; float and double).
template <class F>
F keep_if(bool a, F x) noexcept
{
    using U = std::conditional_t<sizeof(F) == 8, std::uint64_t, std::uint32_t>;
    static_assert(sizeof(U) == sizeof(F), "float or double");
    U u;
    std::memcpy(&u, &x, sizeof u);
    u &= U(0) - static_cast<U>(a);
    std::memcpy(&x, &u, sizeof u);
    return x;
}

/// Decides whether the sample with coordinate c is active, records it in
/// flag and adds c * c to S if so; returns whether it is.
template <class T>
bool add_if_active(char& flag, const T& c, bool linear, T& S, T& scratch)
{
    if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) {
        // No branch on the sign: a GD iterate's signs are random, so a branch
        // per sample would mispredict half the time. The square is masked to
        // +0 for an inactive sample (the compiler turns `a ? c * c : 0` back
        // into a branch); S + (+0) is S (S >= +0), so no bit changes.
        if (!linear && c != c) throw_undecidable("ReLU branch: sign of <w, x_i>");
        const bool a = linear | (c > T(0));
        flag = a;
        S += keep_if(a, T(c * c));
        return a;
    } else {
        const bool a = linear || is_positive(c, "ReLU branch: sign of <w, x_i>");
        flag = a ? 1 : 0;
        if (a) add_square(S, c, scratch);
        return a;
    }
}
} // namespace detail

template <class T>
class trainer {
public:
    trainer(const dataset<T>& data, activation act, const T& eta) : data_(data), act_(act), eta_(eta) {}

    /// Takes w as the current iterate (computes N = ||w||^2).
    void reset(const std::vector<T>& w)
    {
        T N = zero_like(N_), sq(sq_);
        for (const T& x : w) detail::add_square(N, x, sq);
        N_ = N;
    }

    /// ||w||^2 of the current iterate.
    const T& norm2() const noexcept { return N_; }

    /// One step w <- w - eta grad L_B(w) in the reference arithmetic (header
    /// comment); returns the number of active samples in B (0 means the batch
    /// gradient is zero and w is unchanged).
    std::size_t step(std::vector<T>& w, const std::vector<std::size_t>& batch)
    {
        const std::size_t n_active = data_.is_canonical() ? classify_canonical(w, batch) : classify_dense(w, batch);
        if (n_active == 0) return 0;
        h_ = eta_;
        h_ /= T(static_cast<long>(batch.size()));
        f_ = h_;
        f_ *= S_;
        f_ = T(1) - f_; // f = 1 - h S
        if (data_.is_canonical()) {
            t_ = N_;
            t_ += S_;
            t_ -= T(2);
            t_ *= h_;
            fa_ = T(1) - t_; // 1 - h ((N + S) - 2)
            scale_canonical(w, batch);
        } else {
            g_ = T(2);
            g_ -= N_;
            g_ *= h_; // h (2 - N)
            update_dense(w, batch);
            reset(w);
        }
        return n_active;
    }

private:
    // The loops below work on locals and raw pointers taken once: a member
    // might alias w, and a store through a char (the flags and marks) may
    // alias anything, so the compiler would otherwise store and reload sums,
    // act_ and the vectors' data pointers around every write. The locals copy
    // the members (zero_like) so that MPFR values keep the members' precision.

    /// Canonical data: c_k is w_{i_k} itself, read in place. Sets the active
    /// flags and S; returns the number of active samples.
    std::size_t classify_canonical(const std::vector<T>& w, const std::vector<std::size_t>& batch)
    {
        const std::size_t m = batch.size();
        active_.resize(m);
        T S = zero_like(S_), sq(sq_);
        const T* const wp = w.data();
        const std::size_t* const bp = batch.data();
        char* const ap = active_.data();
        const bool linear = act_ == activation::linear;
        std::size_t n_active = 0;
        for (std::size_t k = 0; k < m; ++k) n_active += detail::add_if_active(ap[k], wp[bp[k]], linear, S, sq);
        S_ = S;
        return n_active;
    }

    /// Dense data: c_k = <w, x_{i_k}> into c_, then as classify_canonical.
    std::size_t classify_dense(const std::vector<T>& w, const std::vector<std::size_t>& batch)
    {
        const std::size_t m = batch.size();
        active_.resize(m);
        c_.resize(m);
        T S = zero_like(S_), sq(sq_);
        const std::size_t* const bp = batch.data();
        char* const ap = active_.data();
        const bool linear = act_ == activation::linear;
        std::size_t n_active = 0;
        for (std::size_t k = 0; k < m; ++k) {
            data_.coord(bp[k], w, c_[k], sq);
            n_active += detail::add_if_active(ap[k], c_[k], linear, S, sq);
        }
        S_ = S;
        return n_active;
    }

    /// w_j *= fa for j active in B (there w_j is still c_k), else w_j *= f,
    /// then N summed left to right: one pass over w. The factor is picked by
    /// index, not by a branch (the signs of a GD iterate are random).
    void scale_canonical(std::vector<T>& w, const std::vector<std::size_t>& batch)
    {
        const std::size_t d = w.size(), m = batch.size();
        mark_.resize(d, 0);
        char* const mp = mark_.data();
        const std::size_t* const bp = batch.data();
        const char* const ap = active_.data();
        T* const wp = w.data();
        for (std::size_t k = 0; k < m; ++k) mp[bp[k]] = ap[k]; // no branch (marks are 0 before)
        const T factor[2] = {f_, fa_};
        T N = zero_like(N_), sq(sq_);
        for (std::size_t j = 0; j < d; ++j) {
            wp[j] *= factor[static_cast<unsigned char>(mp[j])];
            detail::add_square(N, wp[j], sq);
        }
        N_ = N;
        for (std::size_t k = 0; k < m; ++k) mp[bp[k]] = 0;
    }

    /// w_j *= f for all j, then w_j += (h (2 - N) c_k) x_{i_k, j} for each
    /// active k in batch order.
    void update_dense(std::vector<T>& w, const std::vector<std::size_t>& batch)
    {
        const T f(f_);
        for (T& x : w) x *= f;
        const std::size_t d = data_.d();
        T tk(t_), sq(sq_);
        for (std::size_t k = 0; k < batch.size(); ++k) {
            if (!active_[k]) continue;
            tk = g_;
            tk *= c_[k];
            const T* x = data_.row(batch[k]);
            for (std::size_t j = 0; j < d; ++j) {
                sq = x[j];
                sq *= tk;
                w[j] += sq;
            }
        }
    }

    const dataset<T>& data_;
    activation act_;
    T eta_;
    // Value-initialised: the sums copy them (for MPFR, to take their precision) before setting them.
    T N_{}, S_{}, h_{}, f_{}, fa_{}, g_{}, t_{}, sq_{};
    std::vector<T> c_;
    std::vector<char> active_, mark_;
};

/// How a run ended.
///   converged    the tolerance criterion was met (see stopping_rule::tol)
///   max_steps    the step budget was used up
///   diverged     ||w|| became non-finite or exceeded the divergence bound
///   dead         relu, and no c_i(w) > 0: every batch gradient is 0 forever
///   undecidable  a sign decision could not be made (interval types)
///   interrupted  the user interrupted the run (SIGINT/SIGTERM)
enum class run_status { converged, max_steps, diverged, dead, undecidable, interrupted };

std::string to_string(run_status s);

/// What the tolerance is tested on: dist(w, M); ||grad L(w)||; or
/// max_i ||grad l_i(w)||, which is 0 exactly where every batch gradient is 0
/// (the points SGD cannot leave; for relu these are x_k and 0-padded
/// versions, so a dense minimum that GD stops at is not one).
enum class tol_kind { distance, gradient, sample_gradient };

std::string to_string(tol_kind k);

template <class T>
struct stopping_rule {
    std::uint64_t max_steps = 1000;
    std::optional<T> tol;                    ///< stop when the criterion is <= tol
    tol_kind criterion = tol_kind::distance; ///< see tol_kind
    std::uint64_t check_every = 1;           ///< test the criterion every k steps
    T diverge_norm = T(1000000);             ///< diverged once ||w|| > this
    const std::atomic<bool>* interrupt = nullptr;
};

struct train_outcome {
    run_status status = run_status::max_steps;
    std::uint64_t steps = 0; ///< updates applied
    std::string detail;      ///< what undecidable or diverged was about
};

/// Sees w_t after step t (t = 0 is the start).
template <class T>
using iterate_observer = std::function<void(std::uint64_t step, const std::vector<T>& w)>;

/// Which arithmetic a run's steps use: the reference update (trainer<T>,
/// the default, what claims and golden trajectories pin) or the opt-in
/// scaled update (scaled_trainer<T>: the same map in real arithmetic, other
/// roundings, O(batch) per step on canonical data).
enum class update_rule { reference, scaled };

std::string to_string(update_rule u);

/// How train() runs, beyond when it stops.
struct train_options {
    update_rule update = update_rule::reference;
    /// The observer sees t = 0, every multiple of this and the last t. With
    /// the scaled update every observation writes w out (O(d)), so a stride
    /// keeps its steps O(batch).
    std::uint64_t observe_every = 1;
    /// When given, the observer sees t = 0, the steps t for which this is
    /// true and the last t, instead of the multiples of observe_every (a
    /// sweep's log-spaced record of a run).
    std::function<bool(std::uint64_t)> observe_at;
};

namespace detail {
template <class U>
struct non_deduced {
    using type = U;
};

/// The reference update, stepping w in place.
template <class T>
class reference_stepper {
public:
    reference_stepper(const dataset<T>& data, activation act, const T& eta, std::vector<T>& w)
        : data_(data), tr_(data, act, eta), w_(w)
    {
        tr_.reset(w_);
    }
    const T& norm2() { return tr_.norm2(); }
    std::size_t step(const std::vector<std::size_t>& batch) { return tr_.step(w_, batch); }
    const std::vector<T>& iterate() { return w_; }
    /// c_i(w) > 0 (the dead-region test), without evaluating the whole point.
    bool positive_coordinate(std::size_t i)
    {
        data_.coord(i, w_, c_, sq_);
        return is_positive(c_, "dead-region test");
    }

private:
    const dataset<T>& data_;
    trainer<T> tr_;
    std::vector<T>& w_;
    T c_{}, sq_{};
};

/// The scaled update; w is written out only when it is read.
template <class T>
class scaled_stepper {
public:
    scaled_stepper(const dataset<T>& data, activation act, const T& eta, std::vector<T>& w) : tr_(data, act, eta), w_(w)
    {
        tr_.reset(w_);
    }
    const T& norm2() { return tr_.norm2(); }
    std::size_t step(const std::vector<std::size_t>& batch)
    {
        stale_ = true;
        return tr_.step(batch);
    }
    const std::vector<T>& iterate()
    {
        if (stale_) tr_.store(w_);
        stale_ = false;
        return w_;
    }
    /// c_i(w) > 0, from the scaled form (no O(d) write-out).
    bool positive_coordinate(std::size_t i) { return tr_.positive_coordinate(i); }

private:
    scaled_trainer<T> tr_;
    std::vector<T>& w_;
    bool stale_ = false;
};

/// The status at which the tolerance stops a run at the point summarised
/// by s, or nothing if the criterion is not certainly met.
template <class T>
std::optional<run_status> tolerance_stop(const point_summary<T>& s, activation act, const stopping_rule<T>& rule)
{
    const bool met = rule.criterion == tol_kind::sample_gradient
                         ? certainly_at_most(max_sample_gradient_norm(s, act), *rule.tol)
                         : certainly_at_most(rule.criterion == tol_kind::distance ? s.dist_min : s.grad_norm, *rule.tol);
    if (!met) return std::nullopt;
    // The gradient criteria are also met in the relu dead region
    // (every c_i <= 0, every gradient 0): that is not convergence. Nor is a
    // point next to it, whose active coordinates are so small that
    // S = sum of their squares is <= sqrt(tol): its gradients are small
    // because those coordinates are (||grad l_i|| = c_i ||c_i w - (2 - N) x_i||),
    // not because it is stationary, and the next steps grow them (N < 2)
    // or send w into the dead region: the run goes on. S is about 1 at
    // every point where a relu run can stop near a minimum.
    if (act != activation::relu) return run_status::converged;
    bool positive = false;
    for (std::size_t i = 0; !positive && i < s.coords.size(); ++i) positive = is_positive(s.coords[i], "dead-region test");
    if (!positive) return run_status::dead;
    if (rule.criterion == tol_kind::distance || certainly_exceeds(s.active_sum, sqrt_nonneg(*rule.tol))) return run_status::converged;
    return std::nullopt;
}

/// Whether some c_i > 0 (else the relu run is in the dead region). Scanned
/// with an early exit, from the last positive coordinate found (`hint`): an
/// SGD run meets an inactive batch every other step, and near a 1-sparse
/// minimum the one positive coordinate is the same each time, so this is
/// O(1) there instead of a whole point evaluation.
template <class Stepper>
bool any_positive(Stepper& st, std::size_t n, std::size_t& hint)
{
    if (st.positive_coordinate(hint)) return true;
    for (std::size_t i = 0; i < n; ++i)
        if (st.positive_coordinate(i)) {
            hint = i;
            return true;
        }
    return false;
}

template <class T, class Stepper>
train_outcome train_loop(Stepper& st, const dataset<T>& data, activation act, batch_sampler& sampler,
                         const stopping_rule<T>& rule, const iterate_observer<T>& observer, const train_options& options)
{
    const std::uint64_t observe_every = options.observe_every;
    const auto& observe_at = options.observe_at;
    point_evaluator<T> eval(data, act);
    train_outcome out;
    const T bound2 = rule.diverge_norm * rule.diverge_norm;
    std::uint64_t observed = 0;
    std::size_t positive_hint = 0;
    if (observer) observer(0, st.iterate());
    try {
        for (std::uint64_t t = 0;; ++t) {
            out.steps = t;
            if (rule.interrupt && rule.interrupt->load(std::memory_order_relaxed)) {
                out.status = run_status::interrupted;
                break;
            }
            const T& N = st.norm2();
            // Run control decides on certainty: an interval that straddles a
            // bound does not stop the run (the same answers as exceeds() on
            // finite numbers, which N is here and the criteria below are).
            if (!scalar_traits<T>::is_finite(N) || certainly_exceeds(N, bound2)) {
                out.status = run_status::diverged;
                out.detail = scalar_traits<T>::is_finite(N) ? "||w|| exceeded the divergence bound" : "||w|| is not finite";
                break;
            }
            if (rule.tol && t % rule.check_every == 0)
                if (const auto stop = tolerance_stop(eval(st.iterate()), act, rule)) {
                    out.status = *stop;
                    break;
                }
            if (t == rule.max_steps) {
                out.status = run_status::max_steps;
                break;
            }
            const auto& batch = sampler.next();
            if (st.step(batch) == 0 && act == activation::relu && !any_positive(st, data.n(), positive_hint)) {
                out.status = run_status::dead;
                break;
            }
            if (observer && (observe_at ? observe_at(t + 1) : (t + 1) % observe_every == 0)) {
                observer(t + 1, st.iterate());
                observed = t + 1;
            }
        }
    } catch (const undecidable_sign& e) {
        out.status = run_status::undecidable;
        out.detail = e.what();
    }
    // The final iterate is always observed (already, when its step was a multiple).
    if (observer && observed != out.steps) observer(out.steps, st.iterate());
    st.iterate();
    return out;
}
} // namespace detail

/// Runs steps on w (in place) until the rule stops them; w holds the last
/// iterate on return. The observer may be any callable (a lambda) or be
/// left out: T is deduced from the other arguments. The order of checks at
/// every t: interrupt, divergence, tolerance (when due), budget, then one
/// step; a relu batch with no active sample triggers the dead-region test. The
/// scaled update applies to canonical data; dense data always runs the
/// reference update (a dense step is O(m d) in either).
template <class T>
train_outcome train(const dataset<T>& data, activation act, const T& eta, std::vector<T>& w,
                    batch_sampler& sampler, const stopping_rule<T>& rule,
                    const typename detail::non_deduced<iterate_observer<T>>::type& observer = {},
                    const train_options& options = {})
{
    // dist(w, M) has a formula only where the closed forms apply (model.hpp).
    if (rule.tol && rule.criterion == tol_kind::distance && !data.closed_forms_apply())
        throw std::invalid_argument("train: the distance criterion needs orthonormal rows; use the gradient or "
                                    "sample_gradient criterion on these");
    train_options o = options;
    if (o.observe_every == 0) o.observe_every = 1;
    if (options.update == update_rule::scaled && data.is_canonical()) {
        detail::scaled_stepper<T> st(data, act, eta, w);
        return detail::train_loop(st, data, act, sampler, rule, observer, o);
    }
    detail::reference_stepper<T> st(data, act, eta, w);
    return detail::train_loop(st, data, act, sampler, rule, observer, o);
}

} // namespace snae
