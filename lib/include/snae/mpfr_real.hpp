// snae::mpfr_real: an MPFR number whose precision is an exact number of bits
// chosen at run time.
//
// Why not boost::multiprecision::mpfr_float: in Boost 1.74 its precision is
// set in decimal digits and converted to bits by digits10_2_2, so 256 bits
// cannot be asked for (76 digits give 254 bits, 77 give 257), and copy
// assignment silently changes the target's precision to the source's. A
// precision study needs `mpfr:256` to mean 256 bits and u = 2^-256 exactly.
//
// Semantics (those of MPFR itself, round to nearest, ties to even):
//  - a new value (default, from an integer, a double or an operator's result)
//    gets the calling thread's working precision, set by snae::precision_scope;
//  - assignment rounds the source to the target's precision;
//  - copy construction copies the value and its precision exactly;
//  - every arithmetic operation and sqrt is correctly rounded.
// The compound operators (+=, -=, *=, /=) work in place and never allocate,
// which is what the trainer's inner loops use.
//
// Storage: a value of at most inline_bits (256) bits keeps its significand in
// the object itself (MPFR's custom interface, mpfr_custom_init_set), so a
// temporary such as Eigen makes for every `a * b` costs no malloc/free
// (allocation dominated Eigen's solvers otherwise: docs/performance.md); a
// wider value lives on the heap as with mpfr_init2. The significand pointer
// then points into the object: a value is never relocated by memcpy (moves
// copy the limbs), and mpfr_swap is used only when neither operand is inline.
#pragma once

#include "snae/sign.hpp"

#include <mpfr.h>

#include <cstring>
#include <stdexcept>
#include <ostream>
#include <string>
#include <utility>

namespace snae {

/// Smallest and largest precision, in bits, that snae accepts for MPFR.
inline constexpr long mpfr_min_bits = 16;
inline constexpr long mpfr_max_bits = 1L << 20;

namespace detail {
inline mpfr_prec_t& thread_working_bits() noexcept
{
    // thread_local: a sweep may run several precisions on several threads.
    static thread_local mpfr_prec_t bits = 256;
    return bits;
}
} // namespace detail

class mpfr_real {
public:
    mpfr_real() { init(detail::thread_working_bits()); mpfr_set_zero(v_, 1); }
    explicit mpfr_real(int i) { init(detail::thread_working_bits()); mpfr_set_si(v_, i, MPFR_RNDN); }
    explicit mpfr_real(long i) { init(detail::thread_working_bits()); mpfr_set_si(v_, i, MPFR_RNDN); }
    explicit mpfr_real(unsigned long i) { init(detail::thread_working_bits()); mpfr_set_ui(v_, i, MPFR_RNDN); }
    explicit mpfr_real(unsigned i) : mpfr_real(static_cast<unsigned long>(i)) {}
    explicit mpfr_real(long long i) : mpfr_real(static_cast<long>(i)) {}
    explicit mpfr_real(unsigned long long i) : mpfr_real(static_cast<unsigned long>(i)) {}
    /// Exact when the working precision is at least 53 bits; rounded otherwise.
    explicit mpfr_real(double x) { init(detail::thread_working_bits()); mpfr_set_d(v_, x, MPFR_RNDN); }

    mpfr_real(const mpfr_real& o)
    {
        if (o.is_inline()) {
            copy_inline(o);
        } else {
            init(mpfr_get_prec(o.v_));
            mpfr_set(v_, o.v_, MPFR_RNDN);
        }
    }
    mpfr_real(mpfr_real&& o) noexcept
    {
        if (o.is_inline()) {
            copy_inline(o);
        } else {
            std::memcpy(v_, o.v_, sizeof(mpfr_t)); // steal the heap limbs
            o.v_->_mpfr_d = nullptr;
        }
    }
    mpfr_real& operator=(const mpfr_real& o)
    {
        if (this == &o) return *this;
        if (o.is_inline() && (!v_->_mpfr_d || (is_inline() && mpfr_get_prec(v_) == mpfr_get_prec(o.v_)))) {
            copy_inline(o); // exact: same precision (or a moved-from target)
            return *this;
        }
        if (!v_->_mpfr_d) init(mpfr_get_prec(o.v_)); // target was moved from
        mpfr_set(v_, o.v_, MPFR_RNDN);
        return *this;
    }
    mpfr_real& operator=(mpfr_real&& o) noexcept
    {
        if (this == &o || !o.v_->_mpfr_d) return *this;
        if (!v_->_mpfr_d) {
            if (o.is_inline()) {
                copy_inline(o);
            } else {
                std::memcpy(v_, o.v_, sizeof(mpfr_t));
                o.v_->_mpfr_d = nullptr;
            }
        } else if (mpfr_get_prec(v_) == mpfr_get_prec(o.v_) && !is_inline() && !o.is_inline()) {
            mpfr_swap(v_, o.v_);
        } else {
            mpfr_set(v_, o.v_, MPFR_RNDN); // keep the target's precision
        }
        return *this;
    }
    /// Assigning an integer rounds it to the target's precision (Eigen writes
    /// `x = 0` and compares `x != 0`; nothing converts implicitly otherwise).
    mpfr_real& operator=(int i)
    {
        if (!v_->_mpfr_d) init(detail::thread_working_bits());
        mpfr_set_si(v_, i, MPFR_RNDN);
        return *this;
    }
    friend bool operator==(const mpfr_real& a, int i) { return !mpfr_nan_p(a.v_) && mpfr_cmp_si(a.v_, i) == 0; }
    friend bool operator!=(const mpfr_real& a, int i) { return !(a == i); }
    ~mpfr_real()
    {
        if (v_->_mpfr_d && !is_inline()) mpfr_clear(v_);
    }

    mpfr_ptr data() noexcept { return v_; }
    mpfr_srcptr data() const noexcept { return v_; }
    long precision() const noexcept { return static_cast<long>(mpfr_get_prec(v_)); }

    mpfr_real& operator+=(const mpfr_real& o) { mpfr_add(v_, v_, o.v_, MPFR_RNDN); return *this; }
    mpfr_real& operator-=(const mpfr_real& o) { mpfr_sub(v_, v_, o.v_, MPFR_RNDN); return *this; }
    mpfr_real& operator*=(const mpfr_real& o) { mpfr_mul(v_, v_, o.v_, MPFR_RNDN); return *this; }
    mpfr_real& operator/=(const mpfr_real& o) { mpfr_div(v_, v_, o.v_, MPFR_RNDN); return *this; }

    explicit operator double() const { return mpfr_get_d(v_, MPFR_RNDN); }
    explicit operator long double() const { return mpfr_get_ld(v_, MPFR_RNDN); }

    friend mpfr_real operator-(const mpfr_real& a) { mpfr_real r; mpfr_neg(r.v_, a.v_, MPFR_RNDN); return r; }
    friend mpfr_real operator+(const mpfr_real& a) { return a; }
    friend mpfr_real operator+(const mpfr_real& a, const mpfr_real& b) { mpfr_real r; mpfr_add(r.v_, a.v_, b.v_, MPFR_RNDN); return r; }
    friend mpfr_real operator-(const mpfr_real& a, const mpfr_real& b) { mpfr_real r; mpfr_sub(r.v_, a.v_, b.v_, MPFR_RNDN); return r; }
    friend mpfr_real operator*(const mpfr_real& a, const mpfr_real& b) { mpfr_real r; mpfr_mul(r.v_, a.v_, b.v_, MPFR_RNDN); return r; }
    friend mpfr_real operator/(const mpfr_real& a, const mpfr_real& b) { mpfr_real r; mpfr_div(r.v_, a.v_, b.v_, MPFR_RNDN); return r; }

    // Relational operators follow IEEE semantics: every comparison with NaN is false.
    friend bool operator==(const mpfr_real& a, const mpfr_real& b) { return mpfr_equal_p(a.v_, b.v_); }
    friend bool operator!=(const mpfr_real& a, const mpfr_real& b) { return !mpfr_equal_p(a.v_, b.v_); }
    friend bool operator<(const mpfr_real& a, const mpfr_real& b) { return mpfr_less_p(a.v_, b.v_); }
    friend bool operator>(const mpfr_real& a, const mpfr_real& b) { return mpfr_greater_p(a.v_, b.v_); }
    friend bool operator<=(const mpfr_real& a, const mpfr_real& b) { return mpfr_lessequal_p(a.v_, b.v_); }
    friend bool operator>=(const mpfr_real& a, const mpfr_real& b) { return mpfr_greaterequal_p(a.v_, b.v_); }

    friend mpfr_real sqrt(const mpfr_real& a) { mpfr_real r; mpfr_sqrt(r.v_, a.v_, MPFR_RNDN); return r; }
    friend mpfr_real abs(const mpfr_real& a) { mpfr_real r; mpfr_abs(r.v_, a.v_, MPFR_RNDN); return r; }
    friend mpfr_real fabs(const mpfr_real& a) { return abs(a); }
    friend mpfr_real log(const mpfr_real& a) { mpfr_real r; mpfr_log(r.v_, a.v_, MPFR_RNDN); return r; }
    friend mpfr_real exp(const mpfr_real& a) { mpfr_real r; mpfr_exp(r.v_, a.v_, MPFR_RNDN); return r; }
    friend mpfr_real log2(const mpfr_real& a) { mpfr_real r; mpfr_log2(r.v_, a.v_, MPFR_RNDN); return r; }
    friend mpfr_real ldexp(const mpfr_real& a, int e) { mpfr_real r; mpfr_mul_2si(r.v_, a.v_, e, MPFR_RNDN); return r; }
    friend mpfr_real frexp(const mpfr_real& a, int* e)
    {
        mpfr_real r(a);
        if (mpfr_regular_p(a.v_)) {
            *e = static_cast<int>(mpfr_get_exp(a.v_));
            mpfr_set_exp(r.v_, 0);
        } else {
            *e = 0;
        }
        return r;
    }
    /// Prints the digits that read back exactly at the value's precision.
    friend std::ostream& operator<<(std::ostream& os, const mpfr_real& a)
    {
        char* buf = nullptr;
        const auto nd = mpfr_get_str_ndigits(10, mpfr_get_prec(a.v_));
        mpfr_asprintf(&buf, "%.*Re", static_cast<int>(nd - 1), a.v_);
        os << buf;
        mpfr_free_str(buf);
        return os;
    }
    friend bool isfinite(const mpfr_real& a) { return mpfr_number_p(a.v_) != 0; }
    friend bool isnan(const mpfr_real& a) { return mpfr_nan_p(a.v_) != 0; }
    friend bool isinf(const mpfr_real& a) { return mpfr_inf_p(a.v_) != 0; }

    /// Values of at most this many bits are stored without a heap allocation.
    static constexpr long inline_bits = 256;

private:
    static constexpr int inline_limbs = static_cast<int>(inline_bits / GMP_NUMB_BITS);
    static_assert(inline_bits % GMP_NUMB_BITS == 0, "inline storage is a whole number of limbs");

    bool is_inline() const noexcept { return v_->_mpfr_d == limbs_; }
    /// Becomes an exact copy of the inline value o (same precision): the
    /// header and the limbs are copied, the significand pointer is our own.
    /// Same result as init + mpfr_set, at a fraction of the cost (copies are
    /// what Eigen's kernels make most of).
    void copy_inline(const mpfr_real& o) noexcept
    {
        std::memcpy(v_, o.v_, sizeof(mpfr_t));
        std::memcpy(limbs_, o.limbs_, sizeof(limbs_));
        v_->_mpfr_d = limbs_;
    }
    void init(mpfr_prec_t bits)
    {
        if (bits <= inline_bits) {
            mpfr_custom_init(limbs_, bits);
            mpfr_custom_init_set(v_, MPFR_ZERO_KIND, 0, bits, limbs_);
        } else {
            mpfr_init2(v_, bits);
        }
    }
    mpfr_t v_;
    mp_limb_t limbs_[inline_limbs] = {}; // zeroed: copy_inline copies all of them
};

/// Here rather than in snae/scalar_traits.hpp, so that every use of
/// mpfr_real sees its sign decision and sums of squares.
template <>
struct scalar_traits<mpfr_real> {
    static constexpr bool is_interval = false;
    static std::string name() { return "mpfr:" + std::to_string(digits()); }
    static long digits() { return static_cast<long>(detail::thread_working_bits()); }
    static void to_mpfr(const mpfr_real& x, mpfr_ptr out) { mpfr_set(out, x.data(), MPFR_RNDN); }
    static mpfr_real from_mpfr(mpfr_srcptr v)
    {
        mpfr_real r;
        mpfr_set(r.data(), v, MPFR_RNDN);
        return r;
    }
    static bool is_finite(const mpfr_real& x) { return isfinite(x); }

    /// From the sign bit and NaN flag (mpfr_sgn): no zero constructed and no
    /// three comparisons, for the ReLU test run once per sample per step.
    static sign sign_of(const mpfr_real& x)
    {
        if (mpfr_nan_p(x.data())) return sign::undecidable;
        const int s = mpfr_sgn(x.data());
        return s > 0 ? sign::positive : s < 0 ? sign::negative : sign::zero;
    }
    /// acc += x * x with the square straight into the scratch (mpfr_sqr, the
    /// same correctly rounded x * x): no copy of x per term.
    static void add_square(mpfr_real& acc, const mpfr_real& x, mpfr_real& scratch)
    {
        mpfr_sqr(scratch.data(), x.data(), MPFR_RNDN);
        mpfr_add(acc.data(), acc.data(), scratch.data(), MPFR_RNDN);
    }

    /// The calling thread's working precision, for precision_scope.
    static long save_precision() { return static_cast<long>(detail::thread_working_bits()); }
    static void set_precision(long bits)
    {
        if (bits < mpfr_min_bits || bits > mpfr_max_bits) throw std::out_of_range("MPFR precision out of range");
        detail::thread_working_bits() = static_cast<mpfr_prec_t>(bits);
    }
    static void restore_precision(long saved) { detail::thread_working_bits() = static_cast<mpfr_prec_t>(saved); }
};

} // namespace snae
