// snae::interval: MPFI intervals (Boost.Multiprecision's mpfi_float, without
// expression templates) as a scalar of the same templated trainer, for
// certified results (docs/certified.md).
//
// Semantics. Every operation returns an interval that contains the exact
// real result for every choice of operands in the operand intervals (MPFI
// rounds each endpoint outward, and MPFR rounds correctly). A value read
// from a decimal string or a double is the tightest interval at the working
// precision that contains it; a value already representable is a point
// interval, taken exactly.
//
// What this header changes for the type, and why:
//  - No relational operator compiles on an interval (deleted below). Boost's
//    throw on overlapping operands inside a noexcept function, so a stray
//    `x > 0` in generic code would end the process with std::terminate.
//    Every sign goes through scalar_traits<interval>::sign_of: positive if the lower
//    bound is > 0, negative if the upper bound is < 0, zero for [0, 0],
//    undecidable otherwise; the trainer then stops with status `undecidable`.
//  - sqrt is MPFI's: NaN for a box that reaches below 0, as the real sqrt
//    is undefined there. Quantities that are >= 0 in real arithmetic (a sum
//    of squares, a squared distance), whose enclosure rounding may push
//    below 0, go through sqrt_nonneg (snae/sqrt_nonneg.hpp), which takes the
//    root of the enclosure's non-negative part: sound only because the exact
//    value is known to be >= 0.
//  - add_square uses mpfi_sqr: x * x on two copies of x is the product of
//    independent intervals and can straddle 0 ([-1, 2] * [-1, 2] = [-2, 4]).
//
// Precision. Boost 1.74 sets an mpfi_float's precision in decimal digits, so
// `mpfi:BITS` runs at the smallest precision Boost can set that is >= BITS
// (mpfi:256 runs at 257 bits); scalar_traits<interval>::digits() and every
// report give the precision actually used.
#pragma once

#include "snae/instantiations.hpp"
#include "snae/scalars.hpp"
#include "snae/sqrt_nonneg.hpp"

#include <boost/multiprecision/mpfi.hpp>

#include <string>
#include <type_traits>

namespace snae {

using interval =
    boost::multiprecision::number<boost::multiprecision::mpfi_float_backend<0>, boost::multiprecision::et_off>;

} // namespace snae

namespace boost::multiprecision {
// Non-template overloads are preferred to Boost's templates, so these
// deletions make every comparison of intervals a compile error.
#define SNAE_DELETE_INTERVAL_RELATION(op)                                                                              \
    bool operator op(const ::snae::interval&, const ::snae::interval&) = delete;                                     \
    template <class V, class = std::enable_if_t<std::is_arithmetic_v<V>>>                                            \
    bool operator op(const ::snae::interval&, const V&) = delete;                                                    \
    template <class V, class = std::enable_if_t<std::is_arithmetic_v<V>>>                                            \
    bool operator op(const V&, const ::snae::interval&) = delete;
SNAE_DELETE_INTERVAL_RELATION(<)
SNAE_DELETE_INTERVAL_RELATION(<=)
SNAE_DELETE_INTERVAL_RELATION(>)
SNAE_DELETE_INTERVAL_RELATION(>=)
SNAE_DELETE_INTERVAL_RELATION(==)
SNAE_DELETE_INTERVAL_RELATION(!=)
#undef SNAE_DELETE_INTERVAL_RELATION

} // namespace boost::multiprecision

namespace snae {

namespace detail {
/// Boost's decimal digits for at least `bits` bits: the smallest d10 with
/// digits10_2_2(d10) >= bits.
unsigned mpfi_digits10_for(long bits);
} // namespace detail

template <>
struct scalar_traits<interval> {
    static constexpr bool is_interval = true;
    static std::string name() { return "mpfi:" + std::to_string(digits()); }
    /// Bits of a new interval's endpoints (the precision actually used).
    static long digits()
    {
        return static_cast<long>(boost::multiprecision::detail::digits10_2_2(interval::default_precision()));
    }
    /// The midpoint, rounded to out's precision (progress lines and plots).
    static void to_mpfr(const interval& x, mpfr_ptr out) { mpfi_mid(out, x.backend().data()); }
    /// The tightest enclosure of v (exact when v fits in the working precision).
    static interval from_mpfr(mpfr_srcptr v)
    {
        interval r;
        mpfi_set_fr(r.backend().data(), v);
        return r;
    }
    static interval from_double(double x)
    {
        interval r;
        mpfi_set_d(r.backend().data(), x);
        return r;
    }
    static bool is_finite(const interval& x) { return mpfi_bounded_p(x.backend().data()) != 0; }
    /// [-inf, +inf]: encloses every real number.
    static interval whole_line()
    {
        interval r;
        mpfr_set_inf(&r.backend().data()->left, -1);
        mpfr_set_inf(&r.backend().data()->right, 1);
        return r;
    }
    /// The tightest enclosure of the decimal number s (already checked).
    static interval enclose_decimal(const std::string& s);
    /// "[lo,hi]" with lo rounded down and hi rounded up, each with
    /// 1 + ceil(p log10 2) digits: the printed interval contains the
    /// computed one (read back as an enclosure, it is at most about an ulp
    /// wider at each end).
    static std::string decimal(const interval& x);

    /// Three-valued: undecidable unless the whole box lies on one side of 0
    /// (or is [0, 0]).
    static sign sign_of(const interval& x)
    {
        mpfi_srcptr p = x.backend().data();
        if (mpfi_nan_p(p)) return sign::undecidable;
        if (mpfi_is_strictly_pos(p)) return sign::positive;
        if (mpfi_is_strictly_neg(p)) return sign::negative;
        if (mpfi_is_zero(p)) return sign::zero;
        return sign::undecidable;
    }
    /// The point interval [sup |x|, sup |x|] (rounded up), whose comparisons decide.
    static interval magnitude(const interval& x)
    {
        interval r;
        mpfi_mag(&r.backend().data()->left, x.backend().data());
        mpfr_set(&r.backend().data()->right, &r.backend().data()->left, MPFR_RNDU);
        return r;
    }
    /// The endpoint-wise maximum (NaN if either is NaN).
    static interval max(const interval& a, const interval& b)
    {
        interval r;
        mpfi_ptr q = r.backend().data();
        mpfi_srcptr x = a.backend().data(), y = b.backend().data();
        if (mpfi_nan_p(x) || mpfi_nan_p(y)) return mpfi_nan_p(x) ? a : b;
        mpfr_max(&q->left, &x->left, &y->left, MPFR_RNDD);
        mpfr_max(&q->right, &x->right, &y->right, MPFR_RNDU);
        return r;
    }
    /// The root of the part of x that is >= 0, for quantities that are >= 0
    /// in real arithmetic (snae/sqrt_nonneg.hpp); NaN if x lies entirely
    /// below 0, which no such quantity can.
    static interval sqrt_nonneg(const interval& x)
    {
        interval r;
        mpfi_srcptr p = x.backend().data();
        if (mpfr_sgn(&p->left) >= 0 || mpfr_sgn(&p->right) < 0 || mpfi_nan_p(p)) {
            mpfi_sqrt(r.backend().data(), p);
        } else {
            interval nonneg(x);
            mpfr_set_zero(&nonneg.backend().data()->left, 1);
            mpfi_sqrt(r.backend().data(), nonneg.backend().data());
        }
        return r;
    }
    /// acc += x^2 with MPFI's square (x * x would treat the two factors as
    /// independent boxes).
    static void add_square(interval& acc, const interval& x, interval& scratch)
    {
        mpfi_sqr(scratch.backend().data(), x.backend().data());
        mpfi_add(acc.backend().data(), acc.backend().data(), scratch.backend().data());
    }

    /// Boost's default precision of new intervals (decimal digits), for precision_scope.
    static long save_precision() { return static_cast<long>(interval::default_precision()); }
    static void set_precision(long bits)
    {
        if (bits < mpfr_min_bits || bits > mpfr_max_bits) throw std::out_of_range("MPFI precision out of range");
        interval::default_precision(detail::mpfi_digits10_for(bits));
    }
    static void restore_precision(long saved) { interval::default_precision(static_cast<unsigned>(saved)); }
};

/// Lower and upper endpoints, and the width hi - lo rounded up, as doubles
/// (lower rounded down, upper rounded up): for reports.
double lower_bound(const interval& x);
double upper_bound(const interval& x);
double width_bound(const interval& x);
/// log2 of width(x) and of sup |x|, rounded up, -inf for 0: no underflow at
/// any precision (a width of 2^-4000 is not a double).
double log2_width_bound(const interval& x);
double log2_magnitude_bound(const interval& x);

/// max_j width(v_j) as a double rounded up, and its log2 rounded up (-inf
/// if every v_j is a point); NaN for both if any v_j is NaN (a NaN box
/// encloses nothing, so no width may hide it). One pass, two MPFR
/// temporaries per call.
struct width_bounds {
    double width, log2;
};
width_bounds max_width(const std::vector<interval>& v);

/// q is a subset of x: every value q encloses lies in x.
bool subset(const interval& q, const interval& x);

/// true iff a and b have a point in common.
bool overlap(const interval& a, const interval& b);
/// true iff the MPFR value v lies in x.
bool contains(const interval& x, mpfr_srcptr v);

/// Calls f(type_tag<T>{}) as dispatch_scalar does, for the point types and
/// for interval (`mpfi:BITS`, inside a precision_scope for it).
template <class F>
decltype(auto) dispatch_scalar_or_interval(const scalar_spec& spec, F&& f)
{
    if (spec.type == scalar_spec::kind::mpfi) {
        precision_scope<interval> guard(spec.mpfr_bits);
        return f(type_tag<interval>{});
    }
    return dispatch_scalar(spec, f);
}

// Eigen's solvers compare scalars: on intervals they would abort at the first
// ambiguous comparison. Spectra of interval matrices are certified by
// snae/certify.hpp instead.
template <>
std::vector<interval> symmetric_eigenvalues<interval>(const std::vector<interval>&, std::size_t) = delete;

/// The rotated data set in intervals: the rows that mpfr at the same
/// precision computes (Householder QR in floating point), taken exactly as
/// dyadic point intervals. They are orthonormal only to about d u, and the
/// enclosures are enclosures for exactly these rows.
namespace detail {
template <>
std::vector<interval> rotated_rows<interval>(std::size_t n, std::size_t d, std::uint64_t seed);
} // namespace detail

} // namespace snae

SNAE_CORE_INSTANTIATIONS(extern, ::snae::interval)
