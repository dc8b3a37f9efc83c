// snae's mpfr_real kernels inside Eigen (snae/eigen_support.hpp): the
// symmetric matrix-vector product and the symmetric rank-2 update, against
// plain loops over the full matrix. The entries are small dyadic numbers, so
// every product and sum is exact at 256 bits and the results must be equal,
// not merely close: what is tested is which entries each kernel reads and
// writes.
#include <snae/eigen_support.hpp>
#include <snae/scalars.hpp>

#include <Eigen/Core>

#include <boost/test/unit_test.hpp>

using snae::mpfr_real;
using matrix = Eigen::Matrix<mpfr_real, Eigen::Dynamic, Eigen::Dynamic>;
using vector = Eigen::Matrix<mpfr_real, Eigen::Dynamic, 1>;

namespace {

/// k/16 with k in [-8, 8]: dyadic, exact in every product and sum below.
mpfr_real dyadic(long k) { return mpfr_real(k % 17 - 8) / mpfr_real(16); }

matrix symmetric(long n)
{
    matrix a(n, n);
    for (long i = 0; i < n; ++i)
        for (long j = 0; j <= i; ++j) a(i, j) = a(j, i) = dyadic(7 * i + 3 * j + 5);
    return a;
}

vector column(long n, long seed)
{
    vector x(n);
    for (long i = 0; i < n; ++i) x(i) = dyadic(5 * i + seed);
    return x;
}

bool equal(const vector& a, const vector& b)
{
    for (long i = 0; i < a.size(); ++i)
        if (!(a(i) == b(i))) return false;
    return true;
}

} // namespace

BOOST_AUTO_TEST_SUITE(eigen_kernels)

BOOST_AUTO_TEST_CASE(symmetric_product_reads_the_lower_triangle_only)
{
    snae::precision_scope<mpfr_real> scope(256);
    const long n = 23;
    const matrix a = symmetric(n);
    const vector x = column(n, 2), y0 = column(n, 9);
    const mpfr_real alpha(3);
    // Reference: y0 + alpha * (A x), summed over the full matrix.
    vector expected = y0;
    for (long i = 0; i < n; ++i) {
        mpfr_real s(0);
        for (long j = 0; j < n; ++j) s += a(i, j) * x(j);
        expected(i) += alpha * s;
    }
    vector y = y0;
    y.noalias() += alpha * (a.selfadjointView<Eigen::Lower>() * x);
    BOOST_TEST(equal(y, expected));
    // The upper triangle is not read: damaging it changes nothing ...
    matrix b = a;
    b(2, 9) = mpfr_real(1000);
    vector z = y0;
    z.noalias() += alpha * (b.selfadjointView<Eigen::Lower>() * x);
    BOOST_TEST(equal(z, expected));
    // ... and damaging the lower one is seen.
    b(9, 2) = mpfr_real(1000);
    vector e = y0;
    e.noalias() += alpha * (b.selfadjointView<Eigen::Lower>() * x);
    BOOST_TEST(!equal(e, expected));
}

BOOST_AUTO_TEST_CASE(rank_two_update_writes_the_lower_triangle)
{
    snae::precision_scope<mpfr_real> scope(256);
    const long n = 19;
    const matrix a = symmetric(n);
    const vector u = column(n, 4), v = column(n, 11);
    const mpfr_real alpha(-1);
    matrix b = a;
    b.selfadjointView<Eigen::Lower>().rankUpdate(u, v, alpha);
    bool lower_ok = true, upper_untouched = true;
    for (long i = 0; i < n; ++i)
        for (long j = 0; j < n; ++j) {
            if (i >= j) {
                const mpfr_real want = a(i, j) + alpha * (u(i) * v(j) + v(i) * u(j));
                lower_ok = lower_ok && b(i, j) == want;
            } else {
                upper_untouched = upper_untouched && b(i, j) == a(i, j);
            }
        }
    BOOST_TEST(lower_ok);
    BOOST_TEST(upper_untouched);
}

BOOST_AUTO_TEST_SUITE_END()
