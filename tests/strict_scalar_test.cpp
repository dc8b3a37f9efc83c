// The templates compile and run with strict_real, a scalar with no implicit
// conversion to or from double: a silent narrowing anywhere in the library
// is a compile error here. Since strict_real does double arithmetic, its run
// must equal the double run bit for bit.
#include "support/scalar_list.hpp"
#include "support/strict_real.hpp"

#include <snae/dataset.hpp>
#include <snae/model.hpp>
#include <snae/random.hpp>
#include <snae/sampler.hpp>
#include <snae/trainer.hpp>

#include <boost/test/unit_test.hpp>

using namespace snae;
using snae_test::strict_real;

namespace {
template <class T>
std::vector<double> short_run(activation act, std::size_t b, run_status& status)
{
    const std::size_t n = 5, d = 6;
    std::vector<T> rows;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) rows.push_back(T(i == j ? 1 : 0));
    const auto data = dataset<T>::from_rows(n, d, rows, "identity");
    const auto canon = dataset<T>::canonical(n, d);
    random_engine eng(8, random_stream::init);
    std::vector<T> w;
    for (double z : gaussian_doubles(eng, d, default_init_scale(d))) w.push_back(from_double<T>(z));
    std::vector<T> v = w;
    auto s1 = b == n ? batch_sampler::full(n) : batch_sampler::replacement(n, b, 8);
    auto s2 = b == n ? batch_sampler::full(n) : batch_sampler::replacement(n, b, 8);
    stopping_rule<T> rule;
    rule.max_steps = 200;
    rule.tol = from_decimal<T>("1e-9");
    status = train<T>(canon, act, from_decimal<T>("0.5"), w, s1, rule, {}).status;
    train<T>(data, act, from_decimal<T>("0.5"), v, s2, rule, {});
    point_evaluator<T> eval(canon, act);
    const auto& s = eval(w);
    std::vector<double> out;
    for (const T& x : w) out.push_back(to_double(x));
    for (const T& x : v) out.push_back(to_double(x));
    out.push_back(to_double(s.loss));
    out.push_back(to_double(s.dist_min));
    out.push_back(to_double(s.grad_norm));
    out.push_back(static_cast<double>(support(s.coords, from_decimal<T>("1e-6")).size()));
    const auto c = cosine(w, v);
    out.push_back(c ? to_double(*c) : -2.0);
    for (const T& g : batch_gradient(canon, act, w, {0, 1})) out.push_back(to_double(g));
    return out;
}
} // namespace

BOOST_AUTO_TEST_SUITE(strict_scalar)

BOOST_AUTO_TEST_CASE(library_runs_with_a_scalar_without_implicit_conversions)
{
    for (activation act : {activation::relu, activation::linear})
        for (std::size_t b : {std::size_t{5}, std::size_t{2}}) {
            run_status st_strict{}, st_double{};
            const auto strict = short_run<strict_real>(act, b, st_strict);
            const auto plain = short_run<double>(act, b, st_double);
            BOOST_TEST(strict == plain, to_string(act) << " b " << b);
            BOOST_TEST((st_strict == st_double));
        }
}

BOOST_AUTO_TEST_SUITE_END()
