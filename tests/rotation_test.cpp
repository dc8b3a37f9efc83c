// Canonical and rotated data give trajectories equal up to the rotation:
// from v_0 = Q w_0, the rotated run's v_t equals Q w_t to working precision,
// where w_t is the canonical run with the same batches.
#include "support/scalar_list.hpp"

#include <snae/dataset.hpp>
#include <snae/random.hpp>
#include <snae/sampler.hpp>
#include <snae/trainer.hpp>

#include <boost/test/unit_test.hpp>

using namespace snae;
using namespace snae_test;

BOOST_AUTO_TEST_SUITE(rotation)

// Tolerance after t steps: K (n + d) u (t + 1) with K = 8. One dense step
// makes O(n + d) roundings per coordinate and Q is orthonormal to about d u,
// so each step adds at most a few (n + d) u to ||v_t - Q w_t||; with eta
// below the stability bounds the step map is non-expanding near these
// iterates, so the errors add up linearly in t. K = 8 covers the constant of
// both runs and of forming Q w_t.
BOOST_AUTO_TEST_CASE_TEMPLATE(rotated_trajectory_is_rotated_canonical_trajectory, T, all_scalars)
{
    precision_guard<T> guard;
    const std::uint64_t seed = 11, steps = 100;
    const T u = unit_roundoff<T>();
    struct shape { std::size_t n, d, b; const char* eta; };
    for (const shape& s : {shape{4, 6, 4, "0.5"}, shape{4, 6, 1, "0.25"}, shape{5, 5, 2, "0.5"}})
        for (activation act : {activation::relu, activation::linear}) {
            const auto canon = dataset<T>::canonical(s.n, s.d);
            const auto rot = dataset<T>::rotated(s.n, s.d, seed);
            const auto full_q = dataset<T>::rotated(s.d, s.d, seed); // rows are all of Q's columns
            const T eta = from_decimal<T>(s.eta);
            random_engine eng(seed, random_stream::init);
            std::vector<T> w;
            for (double z : gaussian_doubles(eng, s.d, default_init_scale(s.d))) w.push_back(from_double<T>(z));
            auto rotate = [&](const std::vector<T>& x) {
                std::vector<T> v(s.d, T(0));
                for (std::size_t i = 0; i < s.d; ++i)
                    for (std::size_t j = 0; j < s.d; ++j) v[j] += x[i] * full_q.entry(i, j);
                return v;
            };
            std::vector<T> v = rotate(w);
            // The n rotated rows are the first n columns of the same Q.
            for (std::size_t i = 0; i < s.n; ++i)
                for (std::size_t j = 0; j < s.d; ++j) BOOST_REQUIRE(rot.entry(i, j) == full_q.entry(i, j));
            auto sa = s.b == s.n ? batch_sampler::full(s.n) : batch_sampler::replacement(s.n, s.b, seed);
            auto sb = s.b == s.n ? batch_sampler::full(s.n) : batch_sampler::replacement(s.n, s.b, seed);
            trainer<T> ta(canon, act, eta), tb(rot, act, eta);
            ta.reset(w);
            tb.reset(v);
            T worst_ratio(0);
            for (std::uint64_t t = 1; t <= steps; ++t) {
                ta.step(w, sa.next());
                tb.step(v, sb.next());
                const T tol = T(8) * T(static_cast<long>(s.n + s.d)) * u * T(static_cast<long>(t + 1));
                const T err = max_abs_diff(v, rotate(w));
                const T ratio = err / tol;
                if (ratio > worst_ratio) worst_ratio = ratio;
            }
            BOOST_TEST_CONTEXT(scalar_traits<T>::name() << " n " << s.n << " d " << s.d << " b " << s.b << ' '
                                                        << to_string(act))
            {
                BOOST_TEST_MESSAGE("worst error / tolerance " << approx(worst_ratio));
                BOOST_TEST((worst_ratio <= T(1)), "worst error / tolerance = " << approx(worst_ratio));
            }
            // Not vacuous: the trajectory moved far beyond the tolerance.
            std::vector<T> w0;
            random_engine eng2(seed, random_stream::init);
            for (double z : gaussian_doubles(eng2, s.d, default_init_scale(s.d))) w0.push_back(from_double<T>(z));
            BOOST_TEST((max_abs_diff(w, w0) > T(100) * T(8) * T(static_cast<long>(s.n + s.d)) * u * T(101)));
        }
}

BOOST_AUTO_TEST_SUITE_END()
