// The structured Hessian spectrum (snae/structured_spectrum.hpp) against the
// dense one (the autodiff Hessian and the eigen-solver) at random points on
// and off the set of minima, relu and linear, stated and sign-decided active
// sets, every supported type; and shown to fail on a wrong prediction.
#include "support/scalar_list.hpp"

#include <snae/hessian.hpp>
#include <snae/structured_spectrum.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace snae;
using namespace snae_test;

namespace {

/// The clusters as one ascending list, as symmetric_eigenvalues gives them.
template <class T>
std::vector<T> expanded(const hessian_spectrum<T>& h)
{
    std::vector<T> out;
    for (const auto& c : h.clusters) out.insert(out.end(), c.multiplicity, c.value);
    std::sort(out.begin(), out.end(), [](const T& a, const T& b) { return b > a; });
    return out;
}

/// A point of one of three kinds: random (off M), on M with k positive
/// coordinates (normalised in T: on M to a few u), or near M (M plus 2^-20
/// noise on every coordinate).
template <class T>
std::vector<T> random_point(random_engine& eng, std::size_t n, std::size_t d, int kind)
{
    std::vector<double> z = gaussian_doubles(eng, d, "1");
    if (kind == 0) {
        std::vector<T> w;
        for (double x : z) w.push_back(from_double<T>(x));
        return w;
    }
    const std::size_t k = 1 + eng.next() % n;
    std::vector<T> w(d, T(0));
    T norm2(0);
    for (std::size_t i = 0; i < k; ++i) {
        w[i] = from_double<T>(std::abs(z[i]) + 0.1);
        norm2 += w[i] * w[i];
    }
    using std::sqrt;
    const T norm = sqrt(norm2);
    for (std::size_t i = 0; i < k; ++i) w[i] /= norm;
    if (kind == 2)
        for (std::size_t j = 0; j < d; ++j) w[j] += from_double<T>(std::ldexp(z[j], -20));
    return w;
}

/// The stated active set: the signs (relu), every sample (linear), or at
/// random (a stated set need not match the signs: the Hessian of the branch).
template <class T>
std::vector<char> active_set(random_engine& eng, activation act, const std::vector<T>& w, std::size_t n)
{
    std::vector<char> a(n, 1);
    const bool at_random = eng.next() % 3 == 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (at_random) a[i] = eng.next() % 2 == 0;
        else if (act == activation::relu) a[i] = w[i] > T(0);
    }
    return a;
}

} // namespace

BOOST_AUTO_TEST_SUITE(structured_spectrum)

// Tolerance K u ||H||_max with K = 16 d: the dense eigen-solver is backward
// stable with an error of a modest multiple of d u ||H||, and the structured
// form is O(n + d) roundings of the sums S and R (n <= d). ||H||_max is the
// largest |eigenvalue|, at least 1/n (so a zero spectrum is judged at 1/n).
BOOST_AUTO_TEST_CASE_TEMPLATE(every_eigenvalue_matches_the_dense_solve, T, all_scalars)
{
    precision_guard<T> guard;
    random_engine eng(31, random_stream::init);
    T worst_ratio(0);
    for (int trial = 0; trial < 90; ++trial) {
        const std::size_t n = 1 + eng.next() % 6, d = n + eng.next() % 5;
        const activation act = trial % 2 ? activation::relu : activation::linear;
        const auto data = dataset<T>::canonical(n, d);
        const std::vector<T> w = random_point<T>(eng, n, d, trial % 3);
        const std::vector<char> active = active_set(eng, act, w, n);
        const hessian_spectrum<T> h = structured_hessian_spectrum(data, w, active);
        const std::vector<T> dense = symmetric_eigenvalues(loss_hessian_by_gradient(data, act, w, &active), d);
        const std::vector<T> mine = expanded(h);
        BOOST_REQUIRE_EQUAL(mine.size(), d);
        T scale = T(1) / T(static_cast<long>(n));
        for (const T& x : dense) scale = std::max(scale, T(magnitude(x)));
        const T tol = T(static_cast<long>(16 * d)) * unit_roundoff<T>() * scale;
        const T err = max_abs_diff(mine, dense);
        BOOST_TEST((err <= tol), scalar_traits<T>::name() << " trial " << trial << " n=" << n << " d=" << d << ": error "
                                                           << to_double(err) << " > " << to_double(tol));
        T dense_trace(0);
        for (const T& x : dense) dense_trace += x;
        BOOST_TEST((magnitude(T(h.trace - dense_trace)) <= tol * T(static_cast<long>(d))), scalar_traits<T>::name() << " trace");
        BOOST_TEST((h.lambda_max == mine.back()));
        worst_ratio = std::max(worst_ratio, T(err / tol));
    }
    BOOST_TEST_MESSAGE(scalar_traits<T>::name() << ": worst error / tolerance " << to_double(worst_ratio));
}

// On M the clusters are C3's: 4/n once, 1/n (d - k times), 0 (k - 1 times).
// A wrong prediction, one eigenvalue moved from the 1/n cluster to the 0
// cluster (the multiplicities of k + 1 positive coordinates), is refused by
// the same tolerance.
BOOST_AUTO_TEST_CASE(on_the_minima_the_clusters_are_the_closed_form)
{
    precision_guard<mpfr_real> guard;
    const std::size_t n = 5, d = 8;
    const auto data = dataset<mpfr_real>::canonical(n, d);
    std::vector<mpfr_real> w(d, mpfr_real(0));
    w[0] = mpfr_real(3) / mpfr_real(5);
    w[2] = mpfr_real(4) / mpfr_real(5);
    const std::vector<char> active{1, 0, 1, 0, 0};
    const hessian_spectrum<mpfr_real> h = structured_hessian_spectrum(data, w, active);
    const mpfr_real tol = mpfr_real(16 * d) * unit_roundoff<mpfr_real>();
    BOOST_REQUIRE_EQUAL(h.clusters.size(), 3u);
    // (value numerator, multiplicity) with value = numerator / n: 4/n, 1/n, 0.
    const std::vector<std::pair<long, std::size_t>> expected{{4, 1}, {1, 6}, {0, 1}};
    for (std::size_t c = 0; c < 3; ++c) {
        BOOST_TEST(h.clusters[c].multiplicity == expected[c].second);
        const mpfr_real value = mpfr_real(expected[c].first) / mpfr_real(static_cast<long>(n));
        BOOST_TEST((magnitude(mpfr_real(h.clusters[c].value - value)) <= tol));
    }
    std::vector<mpfr_real> right = expanded(h), wrong = right;
    wrong[1] = mpfr_real(0); // 0 twice, 1/n five times: k = 3
    const std::vector<mpfr_real> dense = symmetric_eigenvalues(loss_hessian_by_gradient(data, activation::relu, w, &active), d);
    BOOST_TEST((max_abs_diff(right, dense) <= tol));
    BOOST_TEST((max_abs_diff(wrong, dense) > tol));
}

BOOST_AUTO_TEST_CASE(dense_data_are_refused)
{
    const auto data = dataset<double>::rotated(3, 4, 1);
    BOOST_CHECK_THROW(structured_hessian_spectrum(data, std::vector<double>(4, 0.5), std::vector<char>(3, 1)), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
