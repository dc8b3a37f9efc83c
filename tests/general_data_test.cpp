// Data beyond the theorem's hypotheses (snae/dataset.hpp): gaussian and
// correlated rows, and rows used as given. Their rows are what the header
// says, the same in every type, and every quantity on them comes from its
// definition, never from an orthonormal closed form.
#include <snae/errors.hpp>
#include <snae/instantiations.hpp>
#include <snae/measures.hpp>
#include <snae/mpfr_real.hpp>
#include <snae/run.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

using namespace snae;

namespace {

/// <x_i, x_k> summed in T.
template <class T>
T dot_rows(const dataset<T>& data, std::size_t i, std::size_t k)
{
    T s(0);
    for (std::size_t j = 0; j < data.d(); ++j) s += data.entry(i, j) * data.entry(k, j);
    return s;
}

/// The Gram matrix of correlated:rho rows is (1 - rho) I + rho 1 1^T. Each
/// entry is within u(1 + 2^-64) of its exact value (MPFR at p + 64 bits,
/// then one rounding), and each of the n nonzero products and sums of a
/// dot product adds at most u relative to terms of size <= 1: 4 n u bounds
/// the error of every Gram entry (n entries, each counted for its own
/// error, its product and its sum, with room).
template <class T>
void check_correlated_gram(std::size_t n, std::size_t d, const std::string& rho_text, const T& rho)
{
    const auto data = dataset<T>::correlated(n, d, rho_text);
    BOOST_TEST(!data.orthonormal());
    const T tol = T(static_cast<long>(4 * n)) * unit_roundoff<T>();
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < n; ++k) {
            const T expected = i == k ? T(1) : rho;
            BOOST_TEST(magnitude(T(dot_rows(data, i, k) - expected)) <= tol, "Gram entry (" << i << ", " << k << ")");
        }
    for (std::size_t j = n; j < d; ++j) BOOST_TEST((sign_of(data.entry(0, j)) == sign::zero));
}

} // namespace

BOOST_AUTO_TEST_SUITE(general_data)

BOOST_AUTO_TEST_CASE(correlated_rows_have_the_stated_gram_matrix)
{
    check_correlated_gram<double>(5, 7, "0.3", 0.3);
    check_correlated_gram<double>(16, 16, "0.5", 0.5);
    const precision_scope<mpfr_real> scope(256);
    check_correlated_gram<mpfr_real>(5, 7, "0.3", from_decimal<mpfr_real>("0.3"));
    // A wrong rho is caught: the Gram entries of 0.3 are not those of 0.31.
    const auto data = dataset<double>::correlated(5, 7, "0.3");
    BOOST_TEST(std::abs(dot_rows(data, 0, 1) - 0.31) > 1e-3);
}

BOOST_AUTO_TEST_CASE(correlated_zero_is_the_canonical_basis_and_bad_rho_is_refused)
{
    const auto data = dataset<double>::correlated(3, 4, "0");
    BOOST_TEST(data.exactly_orthonormal());
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 4; ++j) BOOST_TEST(data.entry(i, j) == (i == j ? 1.0 : 0.0));
    for (const char* bad : {"1", "-0.1", "1.5", "x", ""}) BOOST_CHECK_THROW((void)dataset<double>::correlated(3, 4, bad), std::invalid_argument);
}

// Portable to the bit: every type rounds the same double draws (random.hpp),
// so an mpfr:256 row equals the double row exactly and a float row is its
// float rounding. Scale 1/sqrt(d): the mean of x_ij^2 over n d = 4096 draws
// is 1/d to within 5 standard deviations (sd of a mean of z^2: sqrt(2/4096)).
BOOST_AUTO_TEST_CASE(gaussian_rows_are_the_seeded_draws_in_every_type)
{
    const std::size_t n = 32, d = 128;
    const auto dd = dataset<double>::gaussian(n, d, 7);
    const auto df = dataset<float>::gaussian(n, d, 7);
    BOOST_TEST(!dd.orthonormal());
    double mean_square = 0;
    bool float_ok = true;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) {
            mean_square += dd.entry(i, j) * dd.entry(i, j) / static_cast<double>(n * d);
            float_ok = float_ok && df.entry(i, j) == static_cast<float>(dd.entry(i, j));
        }
    BOOST_TEST(float_ok);
    BOOST_TEST(std::abs(mean_square * d - 1) < 5 * std::sqrt(2.0 / (n * d)));
    BOOST_TEST(dataset<double>::gaussian(n, d, 8).entry(0, 0) != dd.entry(0, 0));
    const precision_scope<mpfr_real> scope(256);
    const auto dm = dataset<mpfr_real>::gaussian(n, d, 7);
    bool mpfr_ok = true;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) mpfr_ok = mpfr_ok && to_double(dm.entry(i, j)) == dd.entry(i, j) &&
                                                       dm.entry(i, j) == mpfr_real(dd.entry(i, j));
    BOOST_TEST(mpfr_ok);
}

// On general rows the evaluator is literal: L and ||grad L|| agree with
// batch_loss and batch_gradient (per-sample definitions, model.hpp) to
// 64 n d u relative (each is a sum of n d rounded products, twice over),
// while the orthonormal closed form on the same rows is off by far more.
BOOST_AUTO_TEST_CASE(measures_on_general_rows_come_from_the_definitions)
{
    const precision_scope<mpfr_real> scope(256);
    using T = mpfr_real;
    const std::size_t n = 6, d = 9;
    const auto data = dataset<T>::gaussian(n, d, 3);
    const std::vector<T> w = gaussian_start<T>(d, 11, "0.5");
    const point_summary<T> s = evaluate(data, activation::relu, w);
    BOOST_TEST(!s.closed_forms);
    std::vector<std::size_t> all(n);
    for (std::size_t i = 0; i < n; ++i) all[i] = i;
    const T loss = batch_loss(data, activation::relu, w, all);
    T g2(0);
    for (const T& g : batch_gradient(data, activation::relu, w, all)) g2 += g * g;
    const T tol = T(static_cast<long>(64 * n * d)) * unit_roundoff<T>();
    BOOST_TEST(magnitude(T(s.loss - loss)) <= tol * loss);
    BOOST_TEST(magnitude(T(s.grad_norm - sqrt(g2))) <= tol * sqrt(g2));
    std::vector<T> rows(n * d);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) rows[i * d + j] = data.entry(i, j);
    const auto as_orthonormal = dataset<T>::from_rows(n, d, rows, "file", orthonormality::approximate);
    BOOST_TEST(magnitude(T(evaluate(as_orthonormal, activation::relu, w).loss - loss)) > from_decimal<T>("1e-3"));
}

BOOST_AUTO_TEST_CASE(the_distance_criterion_is_refused_on_general_rows)
{
    const auto data = dataset<double>::gaussian(4, 8, 1);
    std::vector<double> w = gaussian_start<double>(8, 2);
    batch_sampler sampler = batch_sampler::full(4);
    stopping_rule<double> rule;
    rule.tol = 1e-9;
    rule.criterion = tol_kind::distance;
    BOOST_CHECK_THROW((void)train(data, activation::relu, 0.5, w, sampler, rule), std::invalid_argument);
    rule.criterion = tol_kind::gradient;
    BOOST_CHECK_NO_THROW((void)train(data, activation::relu, 0.5, w, sampler, rule));
}

// The nearest data direction divides by the row norms (a long row is not
// nearer for being long), and ranks count the entries strictly above.
BOOST_AUTO_TEST_CASE(nearest_direction_and_ranks)
{
    const auto data = dataset<double>::from_rows(2, 2, {3, 0, 0, 1}, "file", orthonormality::none);
    const std::vector<double> w{0.5, 0.9};
    const std::vector<double> c{1.5, 0.9}; // <w, x_0> = 1.5 but cos = 0.5/|w|; <w, x_1> = 0.9
    const auto near = nearest_data_direction(data, c, 0.25 + 0.81);
    BOOST_TEST(near.index == 1u);
    BOOST_TEST(*near.alignment == 0.9 / std::sqrt(1.06), boost::test_tools::tolerance(1e-15));
    const std::vector<double> c0{0.3, -0.7, 0.3, 0.1};
    BOOST_TEST(rank_of(c0, 2, false) == 1u);
    BOOST_TEST(rank_of(c0, 3, false) == 3u);
    BOOST_TEST(rank_of(c0, 3, true) == 4u);
    BOOST_TEST(rank_of(c0, 1, true) == 1u);
}

// snae train on generated general data: literal measures, the closed-form
// comparisons null and listed, and the input errors of the new options.
BOOST_AUTO_TEST_CASE(train_reports_not_applicable_on_general_data)
{
    run_config c;
    c.data = "correlated:0.25";
    c.n = 4;
    c.d = 5;
    c.eta = "0.4";
    c.batch = 1;
    c.steps = 200;
    const nlohmann::json r = run_train<double>(prepare(c), {});
    BOOST_TEST(r.at("loss_gap").is_null());
    BOOST_TEST(r.at("dist_min").is_null());
    BOOST_TEST(r.at("not_applicable").size() == 2u);
    BOOST_TEST(!r.at("loss").is_null());
    BOOST_TEST(r.at("data_orthonormal") == false);
    c.tol = "1e-9";
    BOOST_CHECK_THROW((void)run_train<double>(prepare(c), {}), input_error);
    c.tol.reset();
    for (const char* bad : {"correlated:1", "correlated:-0.5", "correlated:"}) {
        c.data = bad;
        BOOST_CHECK_THROW((void)prepare(c), input_error);
    }
    c.data = "canonical";
    c.any_rows = true;
    BOOST_CHECK_THROW((void)prepare(c), input_error);
}

// --batch-seed changes the batches and nothing else: the same start, and
// a different batch sequence from the seed's.
BOOST_AUTO_TEST_CASE(batch_seed_moves_the_batches_only)
{
    run_config c;
    c.n = 8;
    c.d = 8;
    c.batch = 1;
    c.steps = 50;
    c.eta = "0.4";
    const auto plain = run_train_values<double>(prepare(c), {});
    c.batch_seed = 5;
    const auto moved = run_train_values<double>(prepare(c), {});
    BOOST_TEST(plain.w0 == moved.w0);
    BOOST_TEST(plain.w != moved.w);
    c.batch_seed = 0; // the seed's own batches, given explicitly
    BOOST_TEST(run_train_values<double>(prepare(c), {}).w == plain.w);
}

BOOST_AUTO_TEST_SUITE_END()
