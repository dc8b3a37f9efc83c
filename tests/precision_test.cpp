// A double trajectory and an mpfr:256 trajectory from the same start agree to
// 1e-10 over 100 GD steps on a small problem (and over SGD steps too).
#include "support/scalar_list.hpp"

#include <snae/dataset.hpp>
#include <snae/random.hpp>
#include <snae/sampler.hpp>
#include <snae/trainer.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>

using namespace snae;
using namespace snae_test;

namespace {
template <class T>
std::vector<std::vector<double>> trajectory(const std::string& data, activation act, std::size_t b, const char* eta)
{
    const std::size_t n = 6, d = 8;
    const auto ds = data == "rotated" ? dataset<T>::rotated(n, d, 4) : dataset<T>::canonical(n, d);
    random_engine eng(4, random_stream::init);
    std::vector<T> w;
    for (double z : gaussian_doubles(eng, d, default_init_scale(d))) w.push_back(from_double<T>(z));
    auto sampler = b == n ? batch_sampler::full(n) : batch_sampler::replacement(n, b, 4);
    stopping_rule<T> rule;
    rule.max_steps = 100;
    std::vector<std::vector<double>> out;
    train<T>(ds, act, from_decimal<T>(eta), w, sampler, rule, [&](std::uint64_t, const std::vector<T>& x) {
        std::vector<double> row;
        for (const T& v : x) row.push_back(to_double(v));
        out.push_back(row);
    });
    return out;
}
} // namespace

BOOST_AUTO_TEST_SUITE(precision)

BOOST_AUTO_TEST_CASE(double_and_mpfr256_agree_over_100_steps)
{
    struct run_case { const char* data; activation act; std::size_t b; const char* eta; };
    for (const run_case& c : {run_case{"canonical", activation::relu, 6, "0.5"}, run_case{"rotated", activation::relu, 6, "0.5"},
                              run_case{"canonical", activation::linear, 6, "0.5"}, run_case{"rotated", activation::linear, 2, "0.3"}}) {
        const auto a = trajectory<double>(c.data, c.act, c.b, c.eta);
        std::vector<std::vector<double>> b;
        {
            precision_scope<mpfr_real> guard(256);
            b = trajectory<mpfr_real>(c.data, c.act, c.b, c.eta);
        }
        BOOST_REQUIRE_EQUAL(a.size(), 101u);
        BOOST_REQUIRE_EQUAL(b.size(), 101u);
        double worst = 0, moved = 0;
        for (std::size_t t = 0; t < a.size(); ++t)
            for (std::size_t j = 0; j < a[t].size(); ++j) {
                worst = std::max(worst, std::abs(a[t][j] - b[t][j]));
                moved = std::max(moved, std::abs(a[t][j] - a[0][j]));
            }
        BOOST_TEST_CONTEXT(c.data << ' ' << to_string(c.act) << " b " << c.b)
        {
            BOOST_TEST(worst <= 1e-10);
            // The double run is not exact: it differs from 256 bits (the test can fail)
            // by more than 0 but the runs moved far more than 1e-10.
            BOOST_TEST(moved > 1e-2);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
