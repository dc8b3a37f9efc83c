// What the claim checks share: an instance (problem and start), its start
// point, data coordinates and the points of the minimum set built from it.
#pragma once

#include "claims.hpp"

#include <snae/instantiations.hpp>
#include <snae/scalars.hpp>

#include <snae/dataset.hpp>
#include <snae/model.hpp>
#include <snae/random.hpp>
#include <snae/sampler.hpp>
#include <snae/trainer.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace snae::claims {

/// Records error <= tolerance, compared in the working type T.
template <class T>
void compare(tally& t, const std::string& where, const std::string& what, const T& error, const T& tolerance)
{
    const bool ok = !(error > tolerance) && scalar_traits<T>::is_finite(error);
    t.record(where, what, to_double(T(error / tolerance)), ok, to_double(error), to_double(tolerance));
}

/// The precision ladder: calls f(type_tag<T>{}) for double, long double,
/// float128, mpfr:256 and mpfr:1024, and with `full` also mpfr:4096; names
/// each in the tally. (Only these four types are instantiated: the checks
/// compile in a fraction of the time the whole supported list would take.)
template <class F>
void for_each_precision(const check_options& opt, tally& t, F&& f)
{
    t.precision("double");
    f(type_tag<double>{});
    t.precision("long_double");
    f(type_tag<long double>{});
    t.precision("float128");
    f(type_tag<float128>{});
    std::vector<long> bits = {256, 1024};
    if (opt.full) bits.push_back(4096);
    for (long b : bits) {
        precision_scope<mpfr_real> guard(b);
        t.precision("mpfr:" + std::to_string(b));
        f(type_tag<mpfr_real>{});
    }
}

struct instance {
    std::size_t n, d;
    activation act = activation::relu;
    bool rotated = false;
    std::uint64_t seed = 1;
    /// w_0 multiplied by this power of two (exact, so w_0 is still the same
    /// real vector at every precision): 2 multiplies ||w_0||^2 by 4, a start
    /// where the first steps expand (docs/claims.md#gd-recurrence).
    long scale = 1;

    std::string name() const
    {
        std::ostringstream o;
        o << to_string(act) << (rotated ? " rotated" : " canonical") << " n=" << n << " d=" << d << " seed=" << seed;
        if (scale != 1) o << " w0x" << scale;
        return o.str();
    }
    template <class T>
    dataset<T> data() const
    {
        return rotated ? dataset<T>::rotated(n, d, seed) : dataset<T>::canonical(n, d);
    }
    /// w_0 ~ N(0, I/d) from the seed's init stream (the draws snae train makes).
    template <class T>
    std::vector<T> start() const
    {
        random_engine eng(seed, random_stream::init);
        std::vector<T> w;
        for (double z : gaussian_doubles(eng, d, default_init_scale(d))) w.push_back(from_double<T>(z) * T(scale));
        return w;
    }
};

template <class T>
std::vector<T> coords_of(const dataset<T>& data, const std::vector<T>& w)
{
    std::vector<T> c(data.n());
    T scratch;
    for (std::size_t i = 0; i < data.n(); ++i) data.coord(i, w, c[i], scratch);
    return c;
}

/// sum_i a_i x_i in R^d.
template <class T>
std::vector<T> combine(const dataset<T>& data, const std::vector<T>& a)
{
    std::vector<T> w(data.d(), T(0));
    for (std::size_t i = 0; i < data.n(); ++i)
        for (std::size_t j = 0; j < data.d(); ++j) w[j] += a[i] * data.entry(i, j);
    return w;
}

template <class T>
T norm(const std::vector<T>& v)
{
    T s(0);
    for (const T& x : v) s += x * x;
    using std::sqrt;
    return sqrt(s);
}

template <class T>
T max_abs_diff(const std::vector<T>& a, const std::vector<T>& b)
{
    T worst(0);
    for (std::size_t j = 0; j < a.size(); ++j) {
        T e = a[j] - b[j];
        if (sign_of(e) == sign::negative) e = -e;
        if (e > worst) worst = e;
    }
    return worst;
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
std::vector<T> project_onto_minima(activation act, const std::vector<T>& c);

/// a / ||a||.
template <class T>
std::vector<T> normalized(std::vector<T> a)
{
    const T s = norm(a);
    for (T& x : a) x /= s;
    return a;
}

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

template <class T>
T abs_of(const T& x)
{
    return sign_of(x) == sign::negative ? T(-x) : x;
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

/// How much of each step's rounding error can reach step t, to first order:
/// A_t = sum_{s=0}^{t} ||Phi(t, s)||_2, with Phi(t, s) = J_t ... J_{s+1} the
/// product of the step Jacobians (Phi(t, t) = I) and s = 0 the start's own
/// rounding. A_t <= t + 1 when every product is non-expanding; it is larger
/// through an expanding stretch (docs/claims.md#gd-recurrence). Each step's
/// Jacobian, on a batch of m distinct samples at w with h = eta/m, is
///   J = I - eta H_B(w) = f_a Pi + f_r (I - Pi) - 4h a a^T - 2h (a r^T + r a^T),
///   f_a = 1 - h(N + S_B - 2),  f_r = 1 - h S_B,
/// Pi the projector onto span{x_i : i in B active}, a = Pi w, r = w - a,
/// N = ||w||^2, S_B = ||a||^2. It is given in any orthonormal basis where Pi
/// is diagonal (the data basis, or the fixed directions of a GD run), so the
/// dimension can be small. ||Phi||_2 is bounded by sqrt(||Phi||_1 ||Phi||_inf)
/// (exact for a diagonal Phi). In double: it only scales a tolerance.
class amplification {
public:
    explicit amplification(std::size_t dim) : dim_(static_cast<Eigen::Index>(dim)) { phi_.push_back(identity()); }

    /// One step at the point z (coordinates in that basis), Pi = the
    /// coordinates flagged in `in_pi`.
    void step(double h, const std::vector<double>& z, const std::vector<char>& in_pi)
    {
        const Eigen::Map<const Eigen::VectorXd> w(z.data(), dim_);
        Eigen::VectorXd a = Eigen::VectorXd::Zero(dim_), f(dim_);
        for (Eigen::Index i = 0; i < dim_; ++i)
            if (in_pi[static_cast<std::size_t>(i)]) a(i) = w(i);
        const Eigen::VectorXd r = w - a;
        const double N = w.squaredNorm(), S = a.squaredNorm(), fa = 1 - h * (N + S - 2), fr = 1 - h * S;
        for (Eigen::Index i = 0; i < dim_; ++i) f(i) = in_pi[static_cast<std::size_t>(i)] ? fa : fr;
        const Eigen::MatrixXd J = Eigen::MatrixXd(f.asDiagonal()) - 4 * h * a * a.transpose() -
                                  2 * h * (a * r.transpose() + r * a.transpose());
        sum_ = 1;
        for (auto& m : phi_) {
            m = J * m;
            sum_ += norm2_bound(m);
        }
        phi_.push_back(identity());
        ++steps_;
        worst_growth_ = std::max(worst_growth_, sum_ / static_cast<double>(steps_ + 1));
    }
    /// A_t.
    double sum() const { return sum_; }
    /// max over the steps so far of A_t / (t + 1): 1 or less where nothing expands.
    double worst_growth() const { return worst_growth_; }

private:
    Eigen::MatrixXd identity() const { return Eigen::MatrixXd::Identity(dim_, dim_); }
    /// sqrt(||m||_1 ||m||_inf) >= ||m||_2.
    static double norm2_bound(const Eigen::MatrixXd& m)
    {
        const Eigen::MatrixXd a = m.cwiseAbs();
        return std::sqrt(a.colwise().sum().maxCoeff() * a.rowwise().sum().maxCoeff());
    }

    Eigen::Index dim_;
    std::size_t steps_ = 0;
    std::vector<Eigen::MatrixXd> phi_;
    double sum_ = 1, worst_growth_ = 0;
};

} // namespace snae::claims
