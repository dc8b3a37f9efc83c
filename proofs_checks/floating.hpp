// What the floating-point checks share: comparisons under a tolerance, the
// active set and the points of the minimum set built from a start, GD and
// SGD runs to their limits, and the wrong predictions at a claim's own
// resolution.
#pragma once

#include "instance.hpp"
#include "vectors.hpp"

#include <snae/instantiations.hpp>
#include <snae/model.hpp>
#include <snae/sampler.hpp>
#include <snae/trainer.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>

namespace snae::proofs_checks {

/// Records error <= tolerance, compared in the working type T.
template <class T>
void compare(tally& t, const std::string& where, const std::string& what, const T& error, const T& tolerance)
{
    const bool ok = !(error > tolerance) && scalar_traits<T>::is_finite(error);
    t.record(where, what, to_double(T(error / tolerance)), ok, to_double(error), to_double(tolerance));
}

/// "<precision> <instance>": where a comparison is made.
template <class T>
std::string where_at(const instance& in)
{
    return scalar_traits<T>::name() + " " + in.name();
}

/// P(w_0): the active coordinates (c_i > 0 for relu; all for linear).
template <class T>
std::vector<bool> active_set(activation act, const std::vector<T>& c)
{
    std::vector<bool> p(c.size());
    for (std::size_t i = 0; i < c.size(); ++i) p[i] = is_active(act, c[i]);
    return p;
}

/// The projection of w onto span{x_i : i in P}, as data coordinates (zero off P).
template <class T>
std::vector<T> restrict_to(const std::vector<T>& c, const std::vector<bool>& p)
{
    std::vector<T> r(c.size(), T(0));
    for (std::size_t i = 0; i < c.size(); ++i)
        if (p[i]) r[i] = c[i];
    return r;
}

/// A point of M built from data coordinates c: the active part of c,
/// normalised; x_k for the largest c_k when no coordinate is active.
template <class T>
std::vector<T> project_onto_minima(activation act, const std::vector<T>& c)
{
    const auto p = active_set(act, c);
    bool any = false;
    for (bool b : p) any = any || b;
    if (any) return normalized(restrict_to(c, p));
    std::size_t k = 0;
    for (std::size_t i = 1; i < c.size(); ++i)
        if (c[i] > c[k]) k = i;
    std::vector<T> e(c.size(), T(0));
    e[k] = T(1);
    return e;
}

/// w_0 split by P = P(w_0): the part in span{x_i : i in P} and the rest,
/// with S_0 = sum_{i in P} c_i(w_0)^2 and R_0 = ||rest||^2 (summed directly).
template <class T>
struct split_start {
    std::vector<T> w0, c0, p_part, rest;
    std::vector<bool> p;
    T S0, R0;

    split_start(const dataset<T>& data, const instance& in)
        : w0(in.start<T>()), c0(coords_of(data, w0)), p(active_set(in.act, c0)), S0(0), R0(0)
    {
        p_part = combine(data, restrict_to(c0, p));
        rest = w0;
        for (std::size_t j = 0; j < rest.size(); ++j) rest[j] -= p_part[j];
        for (std::size_t i = 0; i < c0.size(); ++i)
            if (p[i]) S0 += c0[i] * c0[i];
        for (const T& x : rest) R0 += x * x;
    }
    /// w_GD = P-part / ||P-part||.
    std::vector<T> gd_limit() const { return normalized(p_part); }
    std::size_t p_size() const { return static_cast<std::size_t>(std::count(p.begin(), p.end(), true)); }
};

/// GD from w with eta = n/4 (radial factor |1 - 4 eta/n| = 0, off-support
/// 1 - eta/n = 3/4) for `steps` steps.
template <class T>
std::vector<T> gd_limit_run(const dataset<T>& data, activation act, std::vector<T> w, std::uint64_t steps)
{
    const std::size_t n = data.n();
    const T eta = T(static_cast<long>(n)) / T(4);
    auto s = batch_sampler::full(n);
    stopping_rule<T> rule;
    rule.max_steps = steps;
    train(data, act, eta, w, s, rule, {});
    return w;
}

/// Steps after which (3/4)^t < 2^-p / 2^10 for p bits: 2.41 p + 24, rounded up.
inline std::uint64_t gd_limit_steps(long p) { return static_cast<std::uint64_t>(25 * p / 10 + 30); }

/// SGD with batch b (sampler `kind`) and eta = 0.4 b (< b/2, the per-batch
/// radial stability bound) for `steps` steps. Short remainder batches are
/// dropped: a batch of r < b samples needs eta < r/2, which eta = 0.4 b
/// breaks whenever r < 0.8 b.
/// `done`, when given, is tested every n steps; the run stops at the first
/// test it passes (a state the claim's check accepts and the dynamics keep),
/// so long budgets cost only what the run needs.
template <class T>
std::vector<T> sgd_run(const dataset<T>& data, activation act, std::vector<T> w, std::size_t b, sampler_kind kind,
                       std::uint64_t seed, std::uint64_t steps,
                       const std::function<bool(const std::vector<T>&)>& done = nullptr)
{
    const std::size_t n = data.n();
    auto s = kind == sampler_kind::replacement ? batch_sampler::replacement(n, b, seed)
             : kind == sampler_kind::reshuffle ? batch_sampler::reshuffle(n, b, seed, remainder_policy::drop)
                                               : batch_sampler::cyclic(n, b, remainder_policy::drop);
    stopping_rule<T> rule;
    rule.max_steps = steps;
    std::atomic<bool> stop{false};
    rule.interrupt = &stop;
    iterate_observer<T> observer;
    if (done)
        observer = [&](std::uint64_t t, const std::vector<T>& x) {
            if (t % n == 0 && done(x)) stop.store(true);
        };
    train(data, act, T(static_cast<long>(2 * b)) / T(5), w, s, rule, observer);
    return w;
}

/// Level below which a coordinate counts as gone in SGD's selection: 2^-60,
/// or 256 (n + d) u where rounding noise is larger (float, dense data).
template <class T>
T sparsity_level(std::size_t n, std::size_t d)
{
    const T a = ldexp(T(1), -60), b = T(static_cast<long>(256 * (n + d))) * unit_roundoff<T>();
    return a > b ? a : b;
}

/// The shape of an SGD iterate in data coordinates: the largest |c_k|, how
/// many |c_i| are above `level`, and whether | |c_k| - 1 | is within it.
struct sparsity {
    std::size_t k = 0, support = 0;
    bool unit = false;
    /// 1-sparse: a single x_k, up to the level.
    bool one_sparse() const { return support == 1 && unit; }
};

template <class T>
sparsity sparsity_of(const std::vector<T>& c, const T& level)
{
    sparsity s;
    for (std::size_t i = 1; i < c.size(); ++i)
        if (abs_of(c[i]) > abs_of(c[s.k])) s.k = i;
    for (const T& x : c) s.support += abs_of(x) > level ? 1 : 0;
    s.unit = !(abs_of(T(abs_of(c[s.k]) - T(1))) > level);
    return s;
}

/// The named wrong predictions at a claim's own resolution ("fine", ...) are
/// off by this many times the tolerance of the comparison they feed: far
/// outside it, yet only 8 K u (hundreds to thousands of u) where it is K u.
constexpr long fine_multiple = 8;

/// Whether the run compares with the named wrong prediction `name`.
inline bool wrong_case_is(const check_options& opt, const char* name) { return opt.wrong_case == name; }

/// A predicted vector scaled by 1 + amount/||v||_inf, so that its largest
/// component moves by exactly `amount` (to rounding): a prediction off by
/// `amount` in the max-norm the checks compare in.
template <class T>
std::vector<T> moved_by(std::vector<T> v, const T& amount)
{
    T top(0);
    for (const T& x : v)
        if (abs_of(x) > top) top = abs_of(x);
    const T f = T(1) + amount / top;
    for (T& x : v) x *= f;
    return v;
}

} // namespace snae::proofs_checks
