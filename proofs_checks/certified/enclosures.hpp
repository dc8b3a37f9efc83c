// What the certified claims share: the interval ladder, the hypotheses of
// an instance (proofs_checks/instance.hpp: canonical or Householder data,
// an exact start), an enclosed point of the minimum set with its active set
// known exactly, and bounds on widths compared in log2.
#pragma once

#include "../instance.hpp"
#include "exact_numbers.hpp"
#include "../vectors.hpp"

#include <snae/interval.hpp>
#include <snae/sampler.hpp>
#include <snae/text.hpp>

#include <cmath>

namespace snae::proofs_checks {

/// The interval ladder: MPFI at each number of bits.
struct interval_ladder {
    std::vector<long> bits;
};

/// Calls f(rung<interval>{bits}) inside a precision_scope<interval> for
/// each number of bits, naming it in the tally.
template <class F>
void for_each_precision(const interval_ladder& ladder, tally& t, F&& f)
{
    for (long b : ladder.bits) {
        precision_scope<interval> guard(b);
        t.precision(scalar_traits<interval>::name());
        f(rung<interval>{b});
    }
}

namespace certified {

/// The hypotheses every certificate about this instance rests on: the
/// data and how they are enclosed, w_0, the precision (a certificate adds
/// its own: the point, eta, steps, the kink convention).
inline nlohmann::json hypotheses(const instance& in)
{
    const bool householder = in.kind == data_kind::householder;
    return {{"activation", to_string(in.act)},
            {"n", in.n},
            {"d", in.d},
            {"data", householder ? "x_i = row i of Q = I - 2 v v^T / (v^T v), v = (1, 2, ..., d): exactly orthonormal "
                                   "rationals, each entry enclosed in an interval at the working precision"
                                 : "canonical: x_i = e_i, exact"},
            {"w0", "the " + std::to_string(in.d) + " doubles that snae train draws for seed " + std::to_string(in.seed) +
                       " (N(0, I/d), init stream), taken exactly"},
            {"precision_bits", scalar_traits<interval>::digits()}};
}

/// v exactly, as a hexadecimal floating-point literal (C99 %a form).
inline std::string exact_hex(mpfr_srcptr v)
{
    char* buf = nullptr;
    mpfr_asprintf(&buf, "%Ra", v);
    std::string out(buf);
    mpfr_free_str(buf);
    return out;
}

/// A point w* of M, enclosed, with its active set: data coordinates m_i
/// (dyadic: the midpoints of c_i(w_0), the non-positive ones set to 0 for relu),
/// w* = sum m_i x_i / ||m||, so c_i(w*) = m_i / ||m|| exactly and the active
/// set {m_i > 0} (relu; all i for linear) is known without rounding.
struct minimum_point {
    std::vector<interval> w;   ///< enclosure of w*
    std::vector<char> active;  ///< exact active set of w*
    std::size_t k = 0;         ///< its size
    std::vector<std::string> m_exact; ///< the dyadic m_i, exactly (hexadecimal)
    std::vector<std::string> m_rational; ///< the same, as rationals "p/q" (exported certificates)

    /// The instance's hypotheses plus the point and the branch convention.
    nlohmann::json hypotheses(const instance& in) const
    {
        nlohmann::json h = certified::hypotheses(in);
        h["point"] = "w* = sum_i m_i x_i / ||m||, m_i dyadic (below, exact): the midpoints of the enclosures of "
                     "c_i(w0), the non-positive ones set to 0 for relu; c_i(w*) = m_i / ||m|| exactly, so w* is on M";
        h["m"] = m_exact;
        std::vector<std::size_t> on;
        for (std::size_t i = 0; i < active.size(); ++i)
            if (active[i]) on.push_back(i);
        h["active_set"] = on;
        h["kink"] = "each sample's branch is w*'s exact one: sigma(c_i) = c_i for i in the active set, and sigma(0) = 0, "
                    "sigma'(0) = 0 for the samples with c_i(w*) = 0 (relu)";
        return h;
    }

    minimum_point(const dataset<interval>& data, activation act, const std::vector<interval>& w0)
    {
        const std::size_t n = data.n();
        std::vector<interval> m(n);
        active.assign(n, 0);
        interval scratch, mm(0);
        for (std::size_t i = 0; i < n; ++i) {
            interval c;
            data.coord(i, w0, c, scratch);
            detail::mpfr_temp mid(scalar_traits<interval>::digits());
            mpfi_mid(mid.get(), c.backend().data());
            // Linear: every sample is active whatever the sign of m_i.
            const bool keep = act == activation::linear || mpfr_sgn(mid.get()) > 0;
            m[i] = keep ? scalar_traits<interval>::from_mpfr(mid.get()) : interval(0);
            m_exact.push_back(keep ? exact_hex(mid.get()) : "0");
            m_rational.push_back(keep ? rational_text(exact_rational(mid.get())) : "0");
            active[i] = keep ? 1 : 0;
            k += keep ? 1 : 0;
            detail::add_square(mm, m[i], scratch);
        }
        const interval norm = sqrt_nonneg(mm); // mm > 0: a sum of squares with a positive term
        for (interval& x : m) x /= norm;
        w = combine(data, m);
    }
};

/// A log2 bound for statements: "-inf" for 0, else rounded up to 0.01.
inline std::string log2_text(double l)
{
    if (std::isinf(l) && l < 0) return "-inf";
    return format_number(std::ceil(l * 100) / 100, "%.2f");
}

/// v/100 as a decimal ("1.8" for 180): step sizes that are multiples of n.
inline std::string hundredths(long v)
{
    std::string s = std::to_string(v / 100) + "." + (v % 100 < 10 ? "0" : "") + std::to_string(v % 100);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

/// "[lo, hi]" with `digits` significant digits, lo rounded down and hi up:
/// the printed interval contains x (statements that quote a box).
inline std::string outward_text(const interval& x, int digits)
{
    char* lo = nullptr;
    char* hi = nullptr;
    mpfr_asprintf(&lo, "%.*RDe", digits - 1, &x.backend().data()->left);
    mpfr_asprintf(&hi, "%.*RUe", digits - 1, &x.backend().data()->right);
    std::string out = std::string("[") + lo + ", " + hi + "]";
    mpfr_free_str(lo);
    mpfr_free_str(hi);
    return out;
}

/// Records "a width (or bound) <= 2^log2_bound", compared in log2: at 4096
/// bits the widths are far below the smallest double. The failure message
/// gives both as log2.
inline void record_narrow(tally& t, const std::string& where, const std::string& what, double log2_value, double log2_bound)
{
    const double ratio = std::exp2(log2_value - log2_bound); // 0 for a width of 0 (log2 = -inf)
    t.record(where, what + " (compared as log2)", ratio, log2_value <= log2_bound, log2_value, log2_bound, compared_as::log2);
}

/// log2 of 2^(p/2) u = 2^-(p - p/2): the usefulness threshold "at least
/// half of the working bits survive" (not a rounding tolerance: interval
/// widths grow geometrically with the steps).
inline double half_precision_log2()
{
    const long p = scalar_traits<interval>::digits();
    return -static_cast<double>(p - p / 2);
}

/// log2(K u) = log2 K - p.
inline double log2_k_u(double k) { return std::log2(k) - static_cast<double>(scalar_traits<interval>::digits()); }

/// "<precision> <instance>": where a certificate is made.
inline std::string where_at(const instance& in) { return scalar_traits<interval>::name() + " " + in.name(); }

} // namespace certified
} // namespace snae::proofs_checks
