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
// The two kernels of Eigen's Householder tridiagonalization (the O(d^3) part
// of SelfAdjointEigenSolver), specialised for snae::mpfr_real: the operations
// of Eigen's generic code, written with MPFR's three-operand calls on reused
// scratch values instead of a new temporary per `a * b` (docs/performance.md).
// The matrix-vector product takes one column at a time where Eigen's generic
// code takes two, so its roundings differ from Eigen's generic ones (each
// result is still a sum of correctly rounded products; docs/performance.md
// gives the check against an independent solver). Everything else is
// Eigen's own.

/// res += alpha * A * rhs, A symmetric, its lower triangle stored column-major.
template <>
struct selfadjoint_matrix_vector_product<snae::mpfr_real, long, ColMajor, Lower, false, false, Specialized> {
    static void run(long size, const snae::mpfr_real* lhs, long stride, const snae::mpfr_real* rhs, snae::mpfr_real* res,
                    snae::mpfr_real alpha)
    {
        snae::mpfr_real t, sum, p;
        for (long j = 0; j < size; ++j) {
            const snae::mpfr_real* a = lhs + j * stride;
            mpfr_mul(t.data(), alpha.data(), rhs[j].data(), MPFR_RNDN);
            mpfr_set_zero(sum.data(), 1);
            mpfr_mul(p.data(), a[j].data(), t.data(), MPFR_RNDN);
            mpfr_add(res[j].data(), res[j].data(), p.data(), MPFR_RNDN);
            for (long i = j + 1; i < size; ++i) {
                mpfr_mul(p.data(), a[i].data(), t.data(), MPFR_RNDN);
                mpfr_add(res[i].data(), res[i].data(), p.data(), MPFR_RNDN);
                mpfr_mul(p.data(), a[i].data(), rhs[i].data(), MPFR_RNDN);
                mpfr_add(sum.data(), sum.data(), p.data(), MPFR_RNDN);
            }
            mpfr_mul(p.data(), alpha.data(), sum.data(), MPFR_RNDN);
            mpfr_add(res[j].data(), res[j].data(), p.data(), MPFR_RNDN);
        }
    }
};

/// The lower triangle of A += alpha u v' + alpha v u', column by column:
/// A(i+k, i) += (alpha u_i) v_{i+k} + (alpha v_i) u_{i+k}, as Eigen's generic form.
template <typename Index, typename UType, typename VType>
struct selfadjoint_rank2_update_selector<snae::mpfr_real, Index, UType, VType, Lower> {
    static void run(snae::mpfr_real* mat, Index stride, const UType& u, const VType& v, const snae::mpfr_real& alpha)
    {
        const Index size = u.size();
        snae::mpfr_real au, av, p, q;
        for (Index i = 0; i < size; ++i) {
            const auto& ui = u.coeff(i);
            const auto& vi = v.coeff(i);
            mpfr_mul(au.data(), alpha.data(), ui.data(), MPFR_RNDN);
            mpfr_mul(av.data(), alpha.data(), vi.data(), MPFR_RNDN);
            snae::mpfr_real* col = mat + stride * i;
            for (Index k = i; k < size; ++k) {
                const auto& uk = u.coeff(k);
                const auto& vk = v.coeff(k);
                mpfr_mul(p.data(), au.data(), vk.data(), MPFR_RNDN);
                mpfr_mul(q.data(), av.data(), uk.data(), MPFR_RNDN);
                mpfr_add(p.data(), p.data(), q.data(), MPFR_RNDN);
                mpfr_add(col[k].data(), col[k].data(), p.data(), MPFR_RNDN);
            }
        }
    }
};

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
