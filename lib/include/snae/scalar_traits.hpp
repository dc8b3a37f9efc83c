// snae::scalar_traits<T>: the one place that knows a scalar type.
//
// For each supported type it gives the name used on the command line and in
// reports, the precision p in bits (at run time for MPFR), the unit roundoff
// u = 2^-p (round to nearest), and an exact bridge to MPFR. Decimal input and
// output go through that bridge, so they behave the same for every type:
//  - from_decimal(s) is the correctly rounded (nearest, ties to even) value of
//    the number s at precision p (MPFR's mpfr_strtofr), then moved exactly
//    into T; s is a decimal, or a hexadecimal floating-point constant as C's
//    printf("%a") writes it (0x1.8p-3), which denotes a binary value exactly
//    in few digits (detail::read_number);
//  - to_decimal(x) prints mpfr_get_str_ndigits(10, p) significant digits,
//    which MPFR guarantees read back to the same x at precision p.
// A value outside T's exponent range (overflow to infinity) is rejected by
// from_decimal; in the subnormal range of the hardware types the value is
// rounded twice (first to p bits, then by the hardware), documented in
// docs/scalars.md.
//
// scalar_traits<T> holds every customisation point of a type; the optional
// ones (sign, magnitude, max, sqrt_nonneg, add_square, the run-time
// precision) fall back to generic forms when absent. docs/scalars.md lists
// what a type must provide and shows a type added as one row of
// snae/scalar_list.hpp plus one specialisation.
#pragma once

#include "snae/mpfr_real.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace snae {

namespace detail {
/// RAII owner of an mpfr_t at a given precision.
class mpfr_temp {
public:
    explicit mpfr_temp(long bits) { mpfr_init2(v_, bits); }
    mpfr_temp(const mpfr_temp&) = delete;
    mpfr_temp& operator=(const mpfr_temp&) = delete;
    ~mpfr_temp() { mpfr_clear(v_); }
    mpfr_ptr get() noexcept { return v_; }
    mpfr_srcptr get() const noexcept { return v_; }

private:
    mpfr_t v_;
};

/// mpfr_strtofr on snae's number syntax: a decimal, or with a 0x prefix a
/// hexadecimal floating-point constant with a binary exponent (0x1.8p-3, as
/// printf("%a") writes it; no other base is accepted). Returns what
/// mpfr_strtofr returns and sets *end as it does.
inline int read_number(mpfr_ptr v, const char* s, char** end, mpfr_rnd_t rnd)
{
    const char* digits = s + (*s == '-' || *s == '+' ? 1 : 0);
    const bool hex = digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
    return mpfr_strtofr(v, s, end, hex ? 16 : 10, rnd);
}

// Exact T -> MPFR for types with an explicit conversion to double, frexp and
// ldexp: peel off one double (53 bits) at a time from the fraction. Each
// difference m - double(m) is exact because m has at most p bits and the
// double is the nearest one; the loop ends after about p/53 rounds.
template <class T>
void chunked_to_mpfr(const T& x, mpfr_ptr out)
{
    using std::frexp;
    using std::ldexp;
    mpfr_set_zero(out, 1);
    if (x == T(0)) return;
    if (x != x) { // NaN: frexp would not shrink it and the loop below would not end
        mpfr_set_nan(out);
        return;
    }
    if (x - x != T(0)) { // +-inf (finite x gives x - x == 0)
        mpfr_set_inf(out, x > T(0) ? 1 : -1);
        return;
    }
    int e = 0;
    T m = frexp(x, &e);
    // Sum the pieces of the fraction, then scale once: every partial sum is a
    // prefix of m's bits, so the adds are exact as long as out has at least
    // p bits. No mpfr_t is allocated (this runs per coordinate per step in
    // snae precision's deviation and in to_double).
    while (m != T(0)) {
        const double hi = static_cast<double>(m);
        mpfr_add_d(out, out, hi, MPFR_RNDN);
        m -= T(hi);
    }
    mpfr_mul_2si(out, out, e, MPFR_RNDN);
}

// Exact MPFR -> T for a value that T can hold (it has at most p significant
// bits and lies in T's exponent range).
template <class T>
T chunked_from_mpfr(mpfr_srcptr v)
{
    using std::ldexp;
    if (mpfr_nan_p(v)) return T(std::nan(""));
    if (mpfr_inf_p(v)) return T(mpfr_sgn(v) > 0 ? HUGE_VAL : -HUGE_VAL);
    T result(0);
    mpfr_temp rest(mpfr_get_prec(v));
    mpfr_set(rest.get(), v, MPFR_RNDN);
    mpfr_temp piece(53);
    while (!mpfr_zero_p(rest.get())) {
        long e = 0;
        const double m = mpfr_get_d_2exp(&e, rest.get(), MPFR_RNDN);
        result += ldexp(T(m), static_cast<int>(e));
        mpfr_set_d(piece.get(), m, MPFR_RNDN);
        mpfr_mul_2si(piece.get(), piece.get(), e, MPFR_RNDN);
        mpfr_sub(rest.get(), rest.get(), piece.get(), MPFR_RNDN);
    }
    return result;
}
} // namespace detail

/// The required members of a type described by std::numeric_limits (float,
/// double, long double, Boost float128 and cpp_bin_float): a specialisation
/// derives from this and adds name().
template <class T>
struct basic_scalar_traits {
    static constexpr bool is_interval = false;
    static long digits() { return std::numeric_limits<T>::digits; }
    static void to_mpfr(const T& x, mpfr_ptr out) { detail::chunked_to_mpfr(x, out); }
    static T from_mpfr(mpfr_srcptr v) { return detail::chunked_from_mpfr<T>(v); }
    static bool is_finite(const T& x)
    {
        using std::isfinite;
        return isfinite(x);
    }
};

template <> struct scalar_traits<float> : basic_scalar_traits<float> { static std::string name() { return "float"; } };
template <> struct scalar_traits<double> : basic_scalar_traits<double> { static std::string name() { return "double"; } };
template <> struct scalar_traits<long double> : basic_scalar_traits<long double> {
    static std::string name() { return "long_double"; }
};

/// true iff T's precision is chosen at run time (its traits have
/// save_precision, set_precision and restore_precision).
template <class T>
inline constexpr bool has_runtime_precision = detail::traits_provide<detail::precision_hook, T>;

/// Sets the working precision of T for the lifetime of the scope, through
/// its traits (a no-op for a type of fixed precision). Set it before any
/// value of T is built: values keep the precision they were built with.
template <class T>
class precision_scope {
public:
    explicit precision_scope(long bits)
    {
        if constexpr (has_runtime_precision<T>) {
            saved_ = scalar_traits<T>::save_precision();
            scalar_traits<T>::set_precision(bits);
        } else {
            (void)bits;
        }
    }
    precision_scope(const precision_scope&) = delete;
    precision_scope& operator=(const precision_scope&) = delete;
    ~precision_scope()
    {
        if constexpr (has_runtime_precision<T>) scalar_traits<T>::restore_precision(saved_);
    }

private:
    long saved_ = 0;
};

/// A zero with the precision of like: a local that inherits the precision
/// of a member (a value built from scratch takes the working precision,
/// which may differ from the one the member was built with).
template <class T>
T zero_like(const T& like)
{
    T z(like);
    z = T(0);
    return z;
}

/// u = 2^-p, the unit roundoff of T under round to nearest.
template <class T>
T unit_roundoff()
{
    using std::ldexp;
    return ldexp(T(1), -static_cast<int>(scalar_traits<T>::digits()));
}

/// The nearest T to the decimal string s (see the header comment); for an
/// interval type, the tightest interval containing s.
/// Throws std::invalid_argument if s is not a complete decimal number or if
/// its value overflows T.
template <class T>
T from_decimal(const std::string& s)
{
    detail::mpfr_temp v(scalar_traits<T>::digits());
    char* end = nullptr;
    const char* begin = s.c_str();
    if (s.empty() || std::isspace(static_cast<unsigned char>(s.front())))
        throw std::invalid_argument("not a decimal number: '" + s + "'");
    detail::read_number(v.get(), begin, &end, MPFR_RNDN);
    if (end == begin || *end != '\0')
        throw std::invalid_argument("not a decimal number: '" + s + "'");
    if (!mpfr_number_p(v.get()))
        throw std::invalid_argument("not a finite number: '" + s + "'");
    T x;
    if constexpr (scalar_traits<T>::is_interval) x = scalar_traits<T>::enclose_decimal(s); // not the rounded v
    else x = scalar_traits<T>::from_mpfr(v.get());
    if (!scalar_traits<T>::is_finite(x))
        throw std::invalid_argument("out of the range of " + scalar_traits<T>::name() + ": '" + s + "'");
    return x;
}

/// The nearest T to the double x (exact whenever T has at least 53 bits and
/// double's exponent range, which holds for every supported type but float
/// and MPFR below 53 bits).
template <class T>
T from_double(double x)
{
    if constexpr (scalar_traits<T>::is_interval) return scalar_traits<T>::from_double(x); // an enclosure below 53 bits
    detail::mpfr_temp v(scalar_traits<T>::digits());
    mpfr_set_d(v.get(), x, MPFR_RNDN);
    return scalar_traits<T>::from_mpfr(v.get());
}

/// Shortest decimal string guaranteed to read back to x at T's precision
/// (intervals: "[lo,hi]", an interval that contains x).
template <class T>
std::string to_decimal(const T& x)
{
    if constexpr (scalar_traits<T>::is_interval) return scalar_traits<T>::decimal(x); // "[lo,hi]", rounded outward
    const long p = scalar_traits<T>::digits();
    detail::mpfr_temp v(p);
    scalar_traits<T>::to_mpfr(x, v.get());
    if (mpfr_nan_p(v.get())) return "nan";
    if (mpfr_inf_p(v.get())) return mpfr_sgn(v.get()) > 0 ? "inf" : "-inf";
    const std::size_t nd = mpfr_get_str_ndigits(10, p);
    char* buf = nullptr;
    mpfr_asprintf(&buf, "%.*Re", static_cast<int>(nd - 1), v.get());
    std::string out(buf);
    mpfr_free_str(buf);
    return out;
}

/// x as a double, correctly rounded (for progress lines and plots only).
template <class T>
double to_double(const T& x)
{
    detail::mpfr_temp v(scalar_traits<T>::digits());
    scalar_traits<T>::to_mpfr(x, v.get());
    return mpfr_get_d(v.get(), MPFR_RNDN);
}

} // namespace snae
