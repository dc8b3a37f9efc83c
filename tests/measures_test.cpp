// The measurements of snae/measures.hpp (the ones snae sweep prints) at a
// point whose values the theory gives in closed form.
#include <snae/measures.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <optional>
#include <vector>

using namespace snae;

BOOST_AUTO_TEST_SUITE(measures)

// The measurements the sweep prints are the installed library's calls
// (snae/measures.hpp): at a known start and at its GD limit they give the
// theory's values (canonical data, n = 4, d = 6, relu: P_0 = {0, 2, 3}).
BOOST_AUTO_TEST_CASE(library_measures_give_the_theory_at_a_known_point)
{
    const auto data = dataset<double>::canonical(4, 6);
    const std::vector<double> w0{0.5, -0.25, 0.75, 0.1, 0.3, -0.2};
    const double s0 = 0.25 + 0.5625 + 0.01, n0 = s0 + 0.0625 + 0.09 + 0.04, tol = 64 * 0x1p-53;
    // tol = 64u (u = 2^-53): each value below is a few dozen roundings at most (sums of six
    // squares, a square root, a quotient), and the 6 x 6 eigen-solve's error is a small
    // multiple of d u ||H|| with ||H|| <= 2 here.
    BOOST_TEST((regime_of(std::nullopt, sampler_kind::replacement, 4) == training_regime::gd));
    BOOST_TEST((regime_of(4, sampler_kind::cyclic, 4) == training_regime::gd));
    BOOST_TEST((regime_of(1, sampler_kind::cyclic, 4) == training_regime::sgd));
    BOOST_TEST((regime_of(2, sampler_kind::cyclic, 4) == training_regime::none));
    BOOST_TEST((regime_of(3, sampler_kind::reshuffle, 4) == training_regime::sgd));

    const auto gd = predict_from_start(data, activation::relu, w0, training_regime::gd);
    BOOST_TEST(gd.positive == 3u);
    BOOST_TEST(*gd.support == 3u);
    BOOST_TEST(*predict_from_start(data, activation::relu, w0, training_regime::sgd).support == 1u);
    BOOST_TEST(!predict_from_start(data, activation::relu, w0, training_regime::none).support);
    BOOST_TEST(*predicted_cosine(gd, 0) == std::sqrt(s0 / n0), boost::test_tools::tolerance(tol));
    const std::vector<double> limit = *predicted_limit(data, activation::relu, gd, 0);
    const std::vector<double> expected{0.5 / std::sqrt(s0), 0, 0.75 / std::sqrt(s0), 0.1 / std::sqrt(s0), 0, 0};
    for (std::size_t j = 0; j < 6; ++j) BOOST_TEST(limit[j] == expected[j], boost::test_tools::tolerance(tol));

    BOOST_TEST(*participation_ratio(std::vector<double>{0, -2, 0, 0}) == 1.0);
    BOOST_TEST(*participation_ratio(std::vector<double>{0.5, -0.5, 0.5, 0.5}) == 4.0);
    BOOST_TEST(!participation_ratio(std::vector<double>{0, 0}));
    BOOST_TEST(largest_abs_coordinate(std::vector<double>{0.5, -0.75, 0.75}).index == 1u);
    // A decayed coordinate (1e-40, not 0) is outside the stated active set.
    BOOST_TEST((limit_active_set(activation::relu, std::vector<double>{1e-40, 0.5, -1}, 1e-6) == std::vector<char>{0, 1, 0}));
    BOOST_TEST((limit_active_set(activation::linear, std::vector<double>{1e-40, -1}, 1e-6) == std::vector<char>{1, 1}));

    // At the GD limit (a minimum with k = 3): tr H = (d - k + 4)/n = 7/4, lambda_max = 4/n = 1.
    const auto m = measure_final(data, activation::relu, w0, limit, gd, 1e-6, spectrum_method::dense);
    BOOST_TEST(!m.undecidable);
    BOOST_TEST(std::abs(*m.loss_gap) <= tol);
    BOOST_TEST(*m.support_size == 3u);
    BOOST_TEST(*m.hessian_active == 3u);
    BOOST_TEST(m.selected == 2u);
    BOOST_TEST(*m.trace_closed == 1.75);
    BOOST_TEST(*m.lambda_max_closed == 1.0);
    BOOST_TEST(*m.trace == 1.75, boost::test_tools::tolerance(tol));
    BOOST_TEST(*m.lambda_max == 1.0, boost::test_tools::tolerance(tol));
    BOOST_TEST(*m.cos_init == *m.cos_predicted, boost::test_tools::tolerance(tol));
    const auto h = hessian_at_limit(data, activation::relu, limit, 1e-6, false);
    BOOST_TEST(h.active == 3u);
    BOOST_TEST(h.matrix.size() == 36u);
    BOOST_TEST(h.trace == *m.trace);
    BOOST_TEST(!h.lambda_max);
}

BOOST_AUTO_TEST_SUITE_END()
