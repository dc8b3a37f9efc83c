// The one instance type of the claim checks, floating and certified: a
// problem (activation, n, d, the kind of data) and a start (seed, scale),
// and the loop every check runs over a ladder of precisions and its
// instances, naming both in the tally.
#pragma once

#include "claims.hpp"

#include <snae/dataset.hpp>
#include <snae/random.hpp>
#include <snae/scalars.hpp>

#include <sstream>
#include <stdexcept>

namespace snae::proofs_checks {

/// The data an instance trains on.
enum class data_kind {
    canonical, ///< x_i = e_i: exact at every precision
    rotated,   ///< the rows of a seeded random rotation (floating checks)
    /// The rows of Q = I - 2 v v^T / (v^T v), v = (1, 2, ..., d): exactly
    /// orthonormal rationals, not dyadic (v^T v = d(d+1)(2d+1)/6), so the
    /// data themselves are enclosures of width about u (certified checks).
    householder,
};

inline const char* to_string(data_kind k)
{
    return k == data_kind::canonical ? "canonical" : k == data_kind::rotated ? "rotated" : "householder";
}

/// The first n rows of Q = I - 2 v v^T / (v^T v), v = (1..d), in T: exactly
/// orthonormal rationals, which an interval T encloses and MPFR rounds.
template <class T>
std::vector<T> householder_rows(std::size_t n, std::size_t d)
{
    T vv(0);
    for (std::size_t j = 1; j <= d; ++j) vv += T(static_cast<long>(j * j));
    std::vector<T> rows(n * d);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) {
            const T q = T(static_cast<long>(2 * (i + 1) * (j + 1))) / vv;
            rows[i * d + j] = i == j ? T(T(1) - q) : T(-q);
        }
    return rows;
}

/// The Householder rows of data_kind::householder, in interval arithmetic.
template <class T>
dataset<T> householder_data(std::size_t n, std::size_t d)
{
    // Exactly orthonormal rationals, enclosed: the closed forms apply.
    return dataset<T>::from_rows(n, d, householder_rows<T>(n, d), "householder", orthonormality::exact);
}

struct instance {
    std::size_t n, d;
    activation act = activation::relu;
    data_kind kind = data_kind::canonical;
    std::uint64_t seed = 1;
    /// w_0 multiplied by this small integer: 2 multiplies ||w_0||^2 by 4, a
    /// start where the first steps expand (docs/claims.md#gd-recurrence). A
    /// power of two is exact at every precision, so w_0 is the same real
    /// vector throughout; 3 is exact from 55 bits (the certified claims),
    /// not in double.
    long scale = 1;

    std::string name() const
    {
        std::ostringstream o;
        o << to_string(act) << " " << to_string(kind) << " n=" << n << " d=" << d << " seed=" << seed;
        if (scale != 1) o << " w0x" << scale;
        return o.str();
    }

    /// Canonical and rotated data in floating point, canonical and
    /// Householder data in intervals (enclosures with exact orthonormality).
    template <class T>
    dataset<T> data() const
    {
        if (kind == data_kind::canonical) return dataset<T>::canonical(n, d);
        if constexpr (scalar_traits<T>::is_interval) {
            if (kind == data_kind::householder) return householder_data<T>(n, d);
        } else {
            if (kind == data_kind::rotated) return dataset<T>::rotated(n, d, seed);
        }
        throw std::logic_error(std::string("no ") + to_string(kind) + " data in " + scalar_traits<T>::name());
    }

    /// w_0 ~ N(0, I/d) from the seed's init stream: the doubles snae train
    /// draws, taken exactly (point intervals at >= 53 bits), times `scale`.
    template <class T>
    std::vector<T> start() const
    {
        random_engine eng(seed, random_stream::init);
        std::vector<T> w;
        for (double z : gaussian_doubles(eng, d, default_init_scale(d))) {
            T x = from_double<T>(z);
            if (scale != 1) x *= T(scale);
            w.push_back(x);
        }
        return w;
    }
};

/// One precision of a ladder: the working type and, for MPFR and MPFI, the
/// bits asked for (0 for the fixed types).
template <class T>
struct rung {
    using type = T;
    long bits = 0;
};

/// The floating-point ladder: double, long double, float128, mpfr:256 and
/// mpfr:1024, and with `full` also mpfr:4096. (Only these four types are
/// instantiated: the checks compile in a fraction of the time the whole
/// supported list would take.)
struct floating_ladder {
    bool full = false;
};

/// Calls f(rung<T>{...}) at each precision of the ladder, inside a
/// precision_scope for MPFR, naming it in the tally.
template <class F>
void for_each_precision(const floating_ladder& ladder, tally& t, F&& f)
{
    t.precision("double");
    f(rung<double>{});
    t.precision("long_double");
    f(rung<long double>{});
    t.precision("float128");
    f(rung<float128>{});
    std::vector<long> bits = {256, 1024};
    if (ladder.full) bits.push_back(4096);
    for (long b : bits) {
        precision_scope<mpfr_real> guard(b);
        t.precision("mpfr:" + std::to_string(b));
        f(rung<mpfr_real>{b});
    }
}

/// Calls f(rung, in) at every precision of `ladder` (the outer loop) for
/// every instance of `list` for which applies(rung, in) holds, naming the
/// instance in the tally before its check runs; the others are skipped
/// unnamed.
template <class Ladder, class Applies, class F>
void for_each_instance(const Ladder& ladder, tally& t, const std::vector<instance>& list, Applies&& applies, F&& f)
{
    for_each_precision(ladder, t, [&](auto r) {
        for (const auto& in : list) {
            if (!applies(r, in)) continue;
            t.instance(in.name());
            f(r, in);
        }
    });
}

/// The same for every instance of `list`.
template <class Ladder, class F>
void for_each_instance(const Ladder& ladder, tally& t, const std::vector<instance>& list, F&& f)
{
    for_each_instance(ladder, t, list, [](const auto&, const instance&) { return true; }, f);
}

} // namespace snae::proofs_checks
