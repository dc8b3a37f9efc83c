// Eigen 3.4 support for snae's scalar types, kept in one place.
//
//  - snae::mpfr_real: NumTraits with the run-time precision p (epsilon is
//    2^(1-p), read from the calling thread's working precision, so a
//    precision_scope must be active while Eigen runs, as everywhere else).
//  - Boost.Multiprecision numbers (float128, cpp_bin_float): Boost 1.74's
//    boost/multiprecision/eigen.hpp, plus the hypot that it lacks for Eigen 3.4
//    (SelfAdjointEigenSolver calls numext::hypot).
//
// Reproducibility: Eigen's blocked kernels choose block sizes from the CPU's
// cache sizes, which changes the order of floating-point operations from one
// machine to another. fix_eigen_blocking() sets fixed cache sizes once; every
// snae routine that calls Eigen calls it first.
#pragma once

#include "snae/mpfr_real.hpp"

#include <Eigen/Core>
#include <boost/multiprecision/eigen.hpp>

#include <climits>

namespace Eigen {

template <>
struct NumTraits<snae::mpfr_real> : GenericNumTraits<snae::mpfr_real> {
    using Real = snae::mpfr_real;
    using NonInteger = snae::mpfr_real;
    using Literal = snae::mpfr_real;
    using Nested = snae::mpfr_real;
    enum {
        IsComplex = 0,
        IsInteger = 0,
        IsSigned = 1,
        RequireInitialization = 1,
        ReadCost = 1,
        AddCost = 4,
        MulCost = 8
    };
    static long bits() { return static_cast<long>(snae::detail::thread_working_bits()); }
    static Real epsilon() { return ldexp(Real(1), static_cast<int>(1 - bits())); }
    static Real dummy_precision() { return ldexp(Real(1), static_cast<int>(10 - bits())); }
    static Real highest() { return ldexp(Real(1), INT_MAX / 4); }
    static Real lowest() { return -highest(); }
    static int digits() { return static_cast<int>(bits()); }
    static int digits10() { return static_cast<int>((bits() - 1) * 301L / 1000L); }
    static int min_exponent() { return INT_MIN / 4; }
    static int max_exponent() { return INT_MAX / 4; }
    static Real infinity()
    {
        Real r;
        mpfr_set_inf(r.data(), 1);
        return r;
    }
    static Real quiet_NaN()
    {
        Real r;
        mpfr_set_nan(r.data());
        return r;
    }
};

namespace internal {
template <class Backend, boost::multiprecision::expression_template_option ET>
struct hypot_impl<boost::multiprecision::number<Backend, ET>> {
    using T = boost::multiprecision::number<Backend, ET>;
    static T run(const T& x, const T& y) { return boost::multiprecision::hypot(x, y); }
};
} // namespace internal
} // namespace Eigen

namespace snae {
/// Fixes the cache sizes Eigen blocks its kernels by (see the header comment).
void fix_eigen_blocking();
} // namespace snae
