// How a run ends: every status of train() is reached, at the right step, for
// every scalar type, and nothing hangs or crashes on divergence.
#include "support/scalar_list.hpp"

#include <snae/dataset.hpp>
#include <snae/sampler.hpp>
#include <snae/trainer.hpp>

#include <boost/test/unit_test.hpp>

using namespace snae;
using namespace snae_test;

namespace {
template <class T>
std::vector<T> vec(std::initializer_list<const char*> xs)
{
    std::vector<T> v;
    for (const char* x : xs) v.push_back(from_decimal<T>(x));
    return v;
}
} // namespace

BOOST_AUTO_TEST_SUITE(status)

BOOST_AUTO_TEST_CASE_TEMPLATE(every_status_is_reached, T, all_scalars)
{
    precision_guard<T> guard;
    const auto data = dataset<T>::canonical(3, 4);
    const std::string name = scalar_traits<T>::name();

    {   // GD from a point with two positive coordinates converges to the
        // normalised positive part; dist to M <= 1e-5 is reached in every type.
        std::vector<T> w = vec<T>({"0.3", "0.4", "-0.2", "0.1"});
        auto s = batch_sampler::full(3);
        stopping_rule<T> rule;
        rule.max_steps = 10000;
        rule.tol = from_decimal<T>("1e-5");
        const auto out = train(data, activation::relu, from_decimal<T>("1"), w, s, rule, {});
        BOOST_TEST((out.status == run_status::converged), name);
        BOOST_TEST(out.steps > 0u);
        BOOST_TEST(out.steps < 10000u);
        // The same run with the gradient-norm criterion also converges.
        std::vector<T> v = vec<T>({"0.3", "0.4", "-0.2", "0.1"});
        rule.criterion = tol_kind::gradient;
        BOOST_TEST((train(data, activation::relu, from_decimal<T>("1"), v, s, rule, {}).status == run_status::converged));
    }
    {   // The same run without a tolerance uses the whole budget.
        std::vector<T> w = vec<T>({"0.3", "0.4", "-0.2", "0.1"});
        auto s = batch_sampler::full(3);
        stopping_rule<T> rule;
        rule.max_steps = 37;
        const auto out = train(data, activation::relu, from_decimal<T>("1"), w, s, rule, {});
        BOOST_TEST((out.status == run_status::max_steps));
        BOOST_TEST(out.steps == 37u);
    }
    {   // Dead region: every c_i <= 0 (one exactly 0: sigma'(0) = 0), so the
        // gradient is zero and the run stops at step 0 with w unchanged.
        const std::vector<T> start = vec<T>({"-0.3", "0", "-0.2", "0.7"});
        std::vector<T> w = start;
        auto s = batch_sampler::replacement(3, 1, 5);
        stopping_rule<T> rule;
        const auto out = train(data, activation::relu, from_decimal<T>("0.1"), w, s, rule, {});
        BOOST_TEST((out.status == run_status::dead), name);
        BOOST_TEST(out.steps == 0u);
        BOOST_TEST((w == start));
        // With a gradient tolerance the criterion is met there at once
        // (every gradient is 0), and the run still says dead, not converged.
        for (tol_kind k : {tol_kind::gradient, tol_kind::sample_gradient}) {
            std::vector<T> x = start;
            stopping_rule<T> with_tol;
            with_tol.tol = from_decimal<T>("1e-3");
            with_tol.criterion = k;
            const auto o = train(data, activation::relu, from_decimal<T>("0.1"), x, s, with_tol, {});
            BOOST_TEST((o.status == run_status::dead), name << " " << to_string(k));
            BOOST_TEST(o.steps == 0u);
        }
        // The same point is not dead for the linear activation.
        std::vector<T> v = start;
        rule.max_steps = 5;
        BOOST_TEST((train(data, activation::linear, from_decimal<T>("0.1"), v, s, rule, {}).status == run_status::max_steps));
    }
    {   // Linear, step far above the stability bound n/2: ||w|| grows past
        // the bound within a few steps and the run says so at that step.
        std::vector<T> w = vec<T>({"0.9", "0.8", "0.7", "0"});
        auto s = batch_sampler::full(3);
        stopping_rule<T> rule;
        rule.max_steps = 1000;
        rule.diverge_norm = from_decimal<T>("1e6");
        std::uint64_t last_seen = 0;
        const auto out = train(data, activation::linear, from_decimal<T>("30"), w, s, rule,
                               [&](std::uint64_t t, const std::vector<T>&) { last_seen = t; });
        BOOST_TEST((out.status == run_status::diverged), name);
        BOOST_TEST(out.steps < 20u);
        BOOST_TEST(out.steps == last_seen); // the diverged iterate is the last one observed
        T N(0);
        for (const T& x : w) N += x * x;
        BOOST_TEST((!scalar_traits<T>::is_finite(N) || N > from_decimal<T>("1e12")));
    }
    {   // An interrupt request stops the run before the next step.
        std::vector<T> w = vec<T>({"0.3", "0.4", "-0.2", "0.1"});
        auto s = batch_sampler::full(3);
        std::atomic<bool> stop{false};
        stopping_rule<T> rule;
        rule.max_steps = 1000;
        rule.interrupt = &stop;
        const auto out = train(data, activation::relu, from_decimal<T>("1"), w, s, rule,
                               [&](std::uint64_t t, const std::vector<T>&) { if (t == 12) stop = true; });
        BOOST_TEST((out.status == run_status::interrupted));
        BOOST_TEST(out.steps == 12u);
    }
}

BOOST_AUTO_TEST_SUITE_END()
