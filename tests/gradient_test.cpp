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
std::vector<T> gaussian_start(std::size_t d, std::uint64_t seed)
{
    random_engine eng(seed, random_stream::init);
    std::vector<T> w;
    for (double z : gaussian_doubles(eng, d, default_init_scale(d))) w.push_back(from_double<T>(z));
    return w;
}

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
                        std::vector<dual<T>> wd;
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

BOOST_AUTO_TEST_SUITE_END()
