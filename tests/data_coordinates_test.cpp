// GD and SGD in data coordinates (snae/data_coordinates.hpp):
//  - the coordinate step is the trainer's step: c_i(w_t) of the reference
//    trainer equals the coordinate stepper's c_i to K (n + d) u (t + 1), on
//    canonical and rotated data, relu and linear, GD and SGD, and a stepper
//    run with eta (1 + 2^-100) breaks that at 256 bits (so it can fail);
//  - the pair map is GD's (||P w_t||, ||w_t - P w_t||);
//  - interval boxes of the coordinate stepper on Householder rows contain
//    the 1024-bit trajectory's coordinates and keep every sign decided.
#include "support/scalar_list.hpp"

#include <instance.hpp>

#include <snae/data_coordinates.hpp>
#include <snae/interval.hpp>
#include <snae/sampler.hpp>
#include <snae/trainer.hpp>

#include <boost/test/unit_test.hpp>

using namespace snae;
using namespace snae_test;

namespace {

template <class T>
std::vector<T> start(std::size_t d, std::uint64_t seed)
{
    random_engine eng(seed, random_stream::init);
    std::vector<T> w;
    for (double z : gaussian_doubles(eng, d, default_init_scale(d))) w.push_back(from_double<T>(z));
    return w;
}

template <class T>
std::vector<T> coords(const dataset<T>& data, const std::vector<T>& w)
{
    std::vector<T> c(data.n());
    T scratch;
    for (std::size_t i = 0; i < data.n(); ++i) data.coord(i, w, c[i], scratch);
    return c;
}

struct shape {
    std::size_t n, d, b;
    const char* eta;
};

/// The largest ratio |c_i(trainer) - c_i(stepper)| / (K (n + d) u (t + 1))
/// over `steps` steps, with the stepper's eta times (1 + rel).
double worst_ratio(const shape& s, activation act, bool rotated, const mpfr_real& rel, std::uint64_t steps)
{
    using T = mpfr_real;
    const auto data = rotated ? dataset<T>::rotated(s.n, s.d, 5) : dataset<T>::canonical(s.n, s.d);
    const T eta = from_decimal<T>(s.eta), u = unit_roundoff<T>();
    std::vector<T> w = start<T>(s.d, 5);
    snae::data_coordinates<T> c = to_data_coordinates(data, w);
    auto sa = s.b == s.n ? batch_sampler::full(s.n) : batch_sampler::replacement(s.n, s.b, 5);
    auto sb = s.b == s.n ? batch_sampler::full(s.n) : batch_sampler::replacement(s.n, s.b, 5);
    trainer<T> tr(data, act, eta);
    tr.reset(w);
    double worst = 0;
    for (std::uint64_t t = 1; t <= steps; ++t) {
        tr.step(w, sa.next());
        data_coordinate_step(c, sb.next(), act, T(eta * (T(1) + rel)));
        // K = 16: each step of either makes O(n + d) roundings per
        // coordinate, rotated rows are orthonormal to about d u, and at
        // these step sizes the step map does not expand errors, so they add
        // up linearly in t (as in rotation_test.cpp, with both runs).
        const T tol = T(16) * T(static_cast<long>(s.n + s.d)) * u * T(static_cast<long>(t + 1));
        const T err = max_abs_diff(coords(data, w), c.c);
        worst = std::max(worst, to_double(T(err / tol)));
    }
    return worst;
}

} // namespace

BOOST_AUTO_TEST_SUITE(data_coordinates)

BOOST_AUTO_TEST_CASE(the_coordinate_step_is_the_trainer_step)
{
    precision_guard<mpfr_real> guard;
    for (const shape& s : {shape{4, 6, 4, "0.5"}, shape{4, 6, 1, "0.3"}, shape{5, 5, 2, "0.6"}})
        for (activation act : {activation::relu, activation::linear})
            for (bool rotated : {false, true}) {
                BOOST_TEST_CONTEXT(to_string(act) << " n=" << s.n << " b=" << s.b << (rotated ? " rotated" : " canonical"))
                {
                    BOOST_TEST(worst_ratio(s, act, rotated, mpfr_real(0), 200) <= 1.0);
                    // eta off by 2^-100 relative: far above 2^-256 tolerances.
                    BOOST_TEST(worst_ratio(s, act, rotated, ldexp(mpfr_real(1), -100), 200) > 1.0);
                }
            }
}

BOOST_AUTO_TEST_CASE(gd_reduces_to_the_pair_map)
{
    precision_guard<mpfr_real> guard;
    using T = mpfr_real;
    const std::size_t n = 4, d = 6;
    const auto data = dataset<T>::canonical(n, d);
    const T eta = from_decimal<T>("1.2"), h = eta / T(4), u = unit_roundoff<T>();
    std::vector<T> w = start<T>(d, 3);
    const std::vector<T> c0 = coords(data, w);
    std::vector<char> in_p;
    T S0(0), N0(0);
    for (const T& x : w) N0 += x * x;
    for (const T& c : c0) {
        in_p.push_back(c > T(0));
        if (c > T(0)) S0 += c * c;
    }
    std::vector<T> x = {sqrt(S0), sqrt(N0 - S0)};
    trainer<T> tr(data, activation::relu, eta);
    tr.reset(w);
    auto full = batch_sampler::full(n);
    for (int t = 1; t <= 300; ++t) {
        tr.step(w, full.next());
        x = pair_map(x, h);
        T P(0), rest(0);
        for (std::size_t j = 0; j < d; ++j) (j < n && in_p[j] ? P : rest) += w[j] * w[j];
        // 16 (t + 1) u: a few roundings per step in each run, not expanded
        // (the map contracts at this step size).
        const T tol = T(16) * u * T(t + 1);
        BOOST_TEST_REQUIRE(to_double(magnitude(T(sqrt(P) - x[0]))) <= to_double(tol));
        BOOST_TEST_REQUIRE(to_double(magnitude(T(sqrt(rest) - x[1]))) <= to_double(tol));
    }
    BOOST_TEST(to_double(magnitude(T(x[0] - T(1)))) < 1e-30); // and it converged to (1, 0)
}

BOOST_AUTO_TEST_CASE(boxes_contain_the_exact_coordinates_and_keep_their_signs)
{
    // Householder rows, SGD b = 1, relu: 600 steps at 256 bits. The boxes
    // must contain the coordinates of the trajectory computed at 1024 bits
    // (rows rounded there: 2^-1000 from the enclosed rows, far inside any
    // 256-bit box), and every sign stays decided.
    const std::size_t n = 4, d = 6, steps = 600;
    std::vector<std::vector<interval>> boxes;
    {
        precision_scope<interval> g(256);
        const auto data = snae::proofs_checks::householder_data<interval>(n, d);
        snae::data_coordinates<interval> c = to_data_coordinates(data, start<interval>(d, 4));
        auto s = batch_sampler::replacement(n, 1, 4);
        for (std::size_t t = 0; t <= steps; ++t) {
            boxes.push_back(c.c);
            for (std::size_t i = 0; i < n; ++i)
                BOOST_TEST_REQUIRE((sign_of(c.c[i]) != sign::undecidable), "step " << t << " coordinate " << i);
            if (t < steps) data_coordinate_step(c, s.next(), activation::relu, from_decimal<interval>("0.4"));
        }
    }
    precision_scope<mpfr_real> g(1024);
    const auto data = snae::proofs_checks::householder_data<mpfr_real>(n, d);
    std::vector<mpfr_real> w = start<mpfr_real>(d, 4);
    trainer<mpfr_real> tr(data, activation::relu, from_decimal<mpfr_real>("0.4"));
    tr.reset(w);
    auto s = batch_sampler::replacement(n, 1, 4);
    for (std::size_t t = 0; t <= steps; ++t) {
        const auto c = coords(data, w);
        for (std::size_t i = 0; i < n; ++i)
            BOOST_TEST_REQUIRE(contains(boxes[t][i], c[i].data()), "step " << t << " coordinate " << i);
        if (t < steps) tr.step(w, s.next());
    }
}

BOOST_AUTO_TEST_SUITE_END()
