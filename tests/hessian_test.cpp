// The hyper-dual Hessian against central differences of the literal gradient
// formula computed at 512 bits, for every scalar type; and the eigen-solver
// on a matrix with a known spectrum.
#include "support/scalar_list.hpp"

#include <snae/dataset.hpp>
#include <snae/hessian.hpp>
#include <snae/model.hpp>
#include <snae/random.hpp>

#include <boost/test/unit_test.hpp>

using namespace snae;
using namespace snae_test;

namespace {
/// H by central differences of batch_gradient at 512 bits with step 2^-100:
/// truncation O(2^-200), far below any tested type's u.
std::vector<double> reference_hessian(activation act, bool rotated, const std::vector<double>& w0, std::size_t n)
{
    precision_scope<mpfr_real> guard(512);
    const std::size_t d = w0.size();
    const auto data = rotated ? dataset<mpfr_real>::rotated(n, d, 3) : dataset<mpfr_real>::canonical(n, d);
    std::vector<std::size_t> all(n);
    for (std::size_t i = 0; i < n; ++i) all[i] = i;
    std::vector<mpfr_real> w;
    for (double x : w0) w.push_back(mpfr_real(x));
    const mpfr_real h = ldexp(mpfr_real(1), -100);
    std::vector<double> out(d * d);
    for (std::size_t k = 0; k < d; ++k) {
        auto wp = w, wm = w;
        wp[k] += h;
        wm[k] -= h;
        const auto gp = batch_gradient(data, act, wp, all), gm = batch_gradient(data, act, wm, all);
        for (std::size_t j = 0; j < d; ++j) out[j * d + k] = static_cast<double>((gp[j] - gm[j]) / (h + h));
    }
    return out;
}
} // namespace

BOOST_AUTO_TEST_SUITE(hessian)

// Tolerance 16 (n + d) u / n on each entry (entries are about 1/n; the
// hyper-dual evaluation makes O(n + d) roundings per entry), plus the 2^-53
// of rounding the reference to double.
BOOST_AUTO_TEST_CASE_TEMPLATE(hyper_dual_hessian_matches_differences, T, all_scalars)
{
    precision_guard<T> guard;
    const std::size_t n = 4, d = 6;
    random_engine eng(21, random_stream::init);
    std::vector<double> w0 = gaussian_doubles(eng, d, default_init_scale(d));
    // Positive entries: every canonical coordinate is active, so no case is
    // the dead region, where the Hessian is 0 and the comparison says little.
    for (double& x : w0) x = std::abs(x);
    for (bool rotated : {false, true})
        for (activation act : {activation::relu, activation::linear}) {
            const auto ref = reference_hessian(act, rotated, w0, n);
            const auto data = rotated ? dataset<T>::rotated(n, d, 3) : dataset<T>::canonical(n, d);
            std::vector<T> w;
            for (double x : w0) w.push_back(from_double<T>(x));
            // Both autodiff Hessians: hyper-dual on the loss (the claims'),
            // and dual passes over the gradient (the sweep's); the second makes
            // O(n + d) roundings per entry too (O(nd) sums for dense data, of
            // which each entry sees one row's worth).
            const auto h = loss_hessian(data, act, w);
            const auto hg = loss_hessian_by_gradient(data, act, w);
            const double tol = 16.0 * static_cast<double>(n + d) * to_double(unit_roundoff<T>()) / static_cast<double>(n) + 0x1p-52;
            double worst = 0, worst_g = 0, largest = 0;
            for (std::size_t k = 0; k < d * d; ++k) {
                worst = std::max(worst, std::abs(to_double(h[k]) - ref[k]));
                worst_g = std::max(worst_g, std::abs(to_double(hg[k]) - ref[k]));
                largest = std::max(largest, std::abs(ref[k]));
            }
            BOOST_TEST(worst <= tol, scalar_traits<T>::name() << (rotated ? " rotated " : " canonical ") << to_string(act));
            BOOST_TEST(worst_g <= tol, "by gradient: " << scalar_traits<T>::name() << (rotated ? " rotated " : " canonical ") << to_string(act));
            BOOST_TEST(largest > 0.1); // the Hessian is not trivially small
        }
}

// With a stated active set the two Hessians agree at a point where some
// coordinates are negative or tiny (the sweep's case: the limit's active set).
BOOST_AUTO_TEST_CASE_TEMPLATE(stated_active_set_agrees, T, all_scalars)
{
    precision_guard<T> guard;
    const std::size_t n = 5, d = 7;
    const auto data = dataset<T>::canonical(n, d);
    std::vector<T> w{T(1), from_decimal<T>("1e-30"), T(-1) / T(4), T(1) / T(8), T(0), T(1) / T(16), T(1) / T(32)};
    const std::vector<char> active{1, 0, 0, 1, 0};
    const auto h = loss_hessian(data, activation::relu, w, &active);
    const auto hg = loss_hessian_by_gradient(data, activation::relu, w, &active);
    const T tol = T(16) * T(static_cast<long>(n + d)) * unit_roundoff<T>() / T(static_cast<long>(n));
    T worst(0);
    for (std::size_t k = 0; k < d * d; ++k) {
        const T e = magnitude(T(h[k] - hg[k]));
        if (e > worst) worst = e;
    }
    BOOST_TEST((worst <= tol), scalar_traits<T>::name() << ": " << to_decimal(worst));
    // The mask is honoured: sample 1 (c = 1e-30 > 0) is off, so H_11 = (S)/n with S = 1 + 1/64.
    const T s = T(1) + T(1) / T(64);
    BOOST_TEST((magnitude(T(hg[1 * d + 1] - s / T(static_cast<long>(n)))) <= tol), scalar_traits<T>::name());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(eigenvalues_of_a_known_matrix, T, all_scalars)
{
    precision_guard<T> guard;
    // A = Q diag(1, 2, 3, 4) Q^T with Q the rotated data's orthogonal matrix.
    const std::size_t d = 4;
    const auto q = dataset<T>::rotated(d, d, 9);
    std::vector<T> a(d * d, T(0));
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j < d; ++j)
            for (std::size_t k = 0; k < d; ++k) a[i * d + j] += q.entry(k, i) * T(static_cast<long>(k + 1)) * q.entry(k, j);
    const auto ev = symmetric_eigenvalues(a, d);
    for (std::size_t k = 0; k < d; ++k)
        BOOST_TEST((magnitude(T(ev[k] - T(static_cast<long>(k + 1)))) <= T(64) * T(static_cast<long>(d)) * unit_roundoff<T>()),
                   scalar_traits<T>::name() << " eigenvalue " << k);
}

BOOST_AUTO_TEST_SUITE_END()
