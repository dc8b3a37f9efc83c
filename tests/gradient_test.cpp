// The gradient formula against an independent derivative (forward-mode dual
// numbers through the literal loss), and the trainer's fused step against
// w - eta grad L_B(w), for every scalar type.
#include "support/dual.hpp"
#include "support/scalar_list.hpp"

#include <snae/dataset.hpp>
#include <snae/model.hpp>
#include <snae/random.hpp>
#include <snae/trainer.hpp>

#include <boost/test/unit_test.hpp>

using namespace snae;
using namespace snae_test;

namespace {

template <class T>
std::vector<dataset<T>> test_data(std::size_t n, std::size_t d)
{
    return {dataset<T>::canonical(n, d), dataset<T>::rotated(n, d, 7)};
}

const std::vector<std::vector<std::size_t>> test_batches = {{0, 1, 2, 3}, {2}, {3, 1}};

} // namespace

BOOST_AUTO_TEST_SUITE(gradient)

// Tolerance: both sides evaluate each component with at most 3d + 10
// roundings of quantities bounded by max(1, N)^2 (N = ||w||^2, about 1 here),
// so each is within (3d + 10) u max(1,N)^2 of the exact value to first
// order; the tolerance is twice that, K = 2(3d + 10).
BOOST_AUTO_TEST_CASE_TEMPLATE(formula_matches_dual_number_derivative, T, all_scalars)
{
    precision_guard<T> guard;
    const std::size_t n = 4, d = 6;
    const T u = unit_roundoff<T>();
    for (const auto& data : test_data<T>(n, d))
        for (activation act : {activation::relu, activation::linear})
            for (std::uint64_t seed : {1u, 2u, 3u})
                for (const auto& batch : test_batches) {
                    const std::vector<T> w = gaussian_start<T>(d, seed);
                    T N(0);
                    for (const T& x : w) N += x * x;
                    const T scale = N > T(1) ? T(N * N) : T(1);
                    const T tol = T(static_cast<long>(2 * (3 * d + 10))) * u * scale;
                    const std::vector<T> g = batch_gradient(data, act, w, batch);
                    T worst(0), worst_wrong(0);
                    bool any_active = false;
                    for (std::size_t j = 0; j < d; ++j) {
                        std::vector<snae_test::dual<T>> wd;
                        for (std::size_t k = 0; k < d; ++k) wd.emplace_back(w[k], T(k == j ? 1 : 0));
                        const T deriv = batch_loss(data, act, wd, batch).e;
                        const T err = magnitude(T(deriv - g[j]));
                        if (err > worst) worst = err;
                        // A wrong gradient (the sigma' term dropped) must be told apart.
                        std::vector<T> wrong(d, T(0));
                        for (std::size_t i : batch) {
                            T z(0);
                            for (std::size_t k = 0; k < d; ++k) z += data.entry(i, k) * w[k];
                            const T s = is_active(act, z) ? z : T(0);
                            any_active = any_active || is_active(act, z);
                            for (std::size_t k = 0; k < d; ++k) wrong[k] -= s * (data.entry(i, k) - s * w[k]);
                        }
                        for (T& x : wrong) x /= T(static_cast<long>(batch.size()));
                        const T werr = magnitude(T(deriv - wrong[j]));
                        if (werr > worst_wrong) worst_wrong = werr;
                    }
                    BOOST_TEST_CONTEXT(scalar_traits<T>::name() << ' ' << data.source() << ' ' << to_string(act) << " seed "
                                                                << seed << " |B| " << batch.size())
                    {
                        BOOST_TEST_MESSAGE("derivative error / tolerance " << approx(T(worst / tol)));
                        BOOST_TEST((worst <= tol), "error " << approx(worst) << " > tolerance " << approx(tol));
                        if (any_active) // else both gradients are 0 and agree
                            BOOST_TEST((worst_wrong > tol), "a wrong gradient passed: " << approx(worst_wrong));
                    }
                }
}

// The trainer's fused update against the literal w - eta grad L_B(w).
// Tolerance: each side has at most 2d + |B| + 10 roundings per component of
// quantities bounded by (1 + eta) max(1, N)^2; K = 2(2d + |B| + 10).
BOOST_AUTO_TEST_CASE_TEMPLATE(step_is_w_minus_eta_gradient, T, all_scalars)
{
    precision_guard<T> guard;
    const std::size_t n = 4, d = 6;
    const T u = unit_roundoff<T>();
    const T eta = from_decimal<T>("0.3");
    for (const auto& data : test_data<T>(n, d))
        for (activation act : {activation::relu, activation::linear})
            for (const auto& batch : test_batches) {
                const std::vector<T> w = gaussian_start<T>(d, 5);
                std::vector<T> stepped = w;
                trainer<T> tr(data, act, eta);
                tr.reset(stepped);
                tr.step(stepped, batch);
                const std::vector<T> g = batch_gradient(data, act, w, batch);
                std::vector<T> expected = w;
                for (std::size_t j = 0; j < d; ++j) expected[j] -= eta * g[j];
                T N(0);
                for (const T& x : w) N += x * x;
                const T scale = (T(1) + eta) * (N > T(1) ? T(N * N) : T(1));
                const T tol = T(static_cast<long>(2 * (2 * d + batch.size() + 10))) * u * scale;
                const T err = max_abs_diff(stepped, expected);
                BOOST_TEST_CONTEXT(scalar_traits<T>::name() << ' ' << data.source() << ' ' << to_string(act) << " |B| "
                                                            << batch.size())
                {
                    BOOST_TEST_MESSAGE("step error / tolerance " << approx(T(err / tol)));
                    BOOST_TEST((err <= tol), "error " << approx(err) << " > tolerance " << approx(tol));
                    // Where the gradient is not zero, the step moved w by far more than
                    // the tolerance: the comparison is not vacuous.
                    if (max_abs_diff(g, std::vector<T>(d, T(0))) > T(0))
                        BOOST_TEST((max_abs_diff(stepped, w) > T(1000) * tol));
                }
            }
}

BOOST_AUTO_TEST_SUITE(sample)

namespace {
/// max_i ||grad l_i(w)|| from the literal per-sample gradient at 512 bits.
double reference_max_sample_gradient(const std::vector<std::string>& w_text, std::size_t n, activation act)
{
    precision_scope<mpfr_real> guard(512);
    const auto data = dataset<mpfr_real>::canonical(n, w_text.size());
    std::vector<mpfr_real> w;
    for (const auto& s : w_text) w.push_back(from_decimal<mpfr_real>(s));
    mpfr_real best(0);
    for (std::size_t i = 0; i < n; ++i) {
        const auto g = batch_gradient(data, act, w, {i});
        mpfr_real s(0);
        for (const auto& x : g) s += x * x;
        if (sqrt(s) > best) best = sqrt(s);
    }
    return static_cast<double>(best);
}
} // namespace

// Relative tolerance 32 u: each term is a sum of non-negative products
// formed with a few roundings each (the one cancellation, 2 - N - c^2, is
// squared). The second point is near x_0 with 3 coordinates at 2^-15: in
// float N rounds to 1, so R_0 = N - c_0^2 formed by subtraction would be 0
// and the result 2^-15 sqrt(3) times too small; summed directly it is right.
BOOST_AUTO_TEST_CASE_TEMPLATE(max_sample_gradient_matches_literal, T, all_scalars)
{
    precision_guard<T> guard;
    const std::size_t n = 5;
    const std::vector<std::vector<std::string>> points{
        {"0.3", "-0.2", "0.45", "0.1", "0.7", "-0.25"},
        {"1", "0.000030517578125", "0.000030517578125", "0.000030517578125", "0", "0"},
        {"0.999", "0", "-0.5", "0", "0", "0.01"}};
    for (const auto& p : points)
        for (activation act : {activation::relu, activation::linear}) {
            const auto data = dataset<T>::canonical(n, p.size());
            std::vector<T> w;
            for (const auto& s : p) w.push_back(from_decimal<T>(s));
            point_evaluator<T> eval(data, act);
            const double got = to_double(max_sample_gradient_norm(eval(w), act));
            // The reference starts from the same (rounded) point, exactly.
            std::vector<std::string> exact;
            for (const T& x : w) exact.push_back(to_decimal(x));
            const double ref = reference_max_sample_gradient(exact, n, act);
            const double tol = 32 * to_double(unit_roundoff<T>()) * ref + 0x1p-60 * ref;
            BOOST_TEST(std::abs(got - ref) <= tol, scalar_traits<T>::name() << " " << to_string(act) << " at " << p[0] << ": got "
                                                                         << got << ", reference " << ref);
        }
}

// Exactly 0 where SGD stops (x_k, all batch gradients 0) and not 0 at a dense
// point of the minimum set, where GD stops but SGD does not.
BOOST_AUTO_TEST_CASE_TEMPLATE(zero_exactly_at_one_sparse_minima, T, all_scalars)
{
    precision_guard<T> guard;
    const auto data = dataset<T>::canonical(4, 6);
    point_evaluator<T> eval(data, activation::relu);
    std::vector<T> xk(6, T(0));
    xk[2] = T(1);
    BOOST_TEST((sign_of(max_sample_gradient_norm(eval(xk), activation::relu)) == sign::zero));
    std::vector<T> dense(6, T(0));
    dense[0] = dense[1] = from_decimal<T>("0.6");
    dense[0] = from_decimal<T>("0.8");
    BOOST_TEST((max_sample_gradient_norm(eval(dense), activation::relu) > T(1) / T(10)));
}

BOOST_AUTO_TEST_SUITE_END() // sample

BOOST_AUTO_TEST_SUITE_END() // gradient
