// The batch samplers do what docs/model.md says.
#include <snae/sampler.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

using namespace snae;

BOOST_AUTO_TEST_SUITE(sampler)

BOOST_AUTO_TEST_CASE(full_batch_is_every_sample)
{
    auto s = batch_sampler::full(5);
    BOOST_TEST(s.next() == (std::vector<std::size_t>{0, 1, 2, 3, 4}));
}

BOOST_AUTO_TEST_CASE(replacement_draws_subsets_of_size_b)
{
    auto s = batch_sampler::replacement(10, 4, 1);
    std::vector<int> seen(10, 0);
    for (int t = 0; t < 2000; ++t) {
        const auto& b = s.next();
        BOOST_REQUIRE_EQUAL(b.size(), 4u);
        BOOST_REQUIRE_EQUAL(std::set<std::size_t>(b.begin(), b.end()).size(), 4u);
        for (auto i : b) ++seen[i];
    }
    // Expected 800 per sample, standard deviation under 20: 700 is five away.
    for (int c : seen) BOOST_TEST(c > 700);
}

BOOST_AUTO_TEST_CASE(reshuffle_covers_each_epoch_once_and_keeps_the_remainder)
{
    auto s = batch_sampler::reshuffle(7, 3, 2, remainder_policy::keep);
    std::vector<std::vector<std::size_t>> epochs_orders;
    for (int epoch = 0; epoch < 4; ++epoch) {
        std::vector<std::size_t> all;
        std::vector<std::size_t> sizes;
        for (int k = 0; k < 3; ++k) {
            const auto& b = s.next();
            sizes.push_back(b.size());
            all.insert(all.end(), b.begin(), b.end());
        }
        BOOST_TEST(sizes == (std::vector<std::size_t>{3, 3, 1}));
        epochs_orders.push_back(all);
        std::sort(all.begin(), all.end());
        BOOST_TEST(all == (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6}));
    }
    // Fresh permutations: not all four epochs in the same order.
    BOOST_TEST(!(epochs_orders[0] == epochs_orders[1] && epochs_orders[1] == epochs_orders[2] &&
                 epochs_orders[2] == epochs_orders[3]));
}

BOOST_AUTO_TEST_CASE(cyclic_order_and_remainder_policies)
{
    auto keep = batch_sampler::cyclic(5, 2, remainder_policy::keep);
    const std::vector<std::vector<std::size_t>> expected_keep = {{0, 1}, {2, 3}, {4}, {0, 1}};
    for (const auto& e : expected_keep) BOOST_TEST(keep.next() == e);
    auto drop = batch_sampler::cyclic(5, 2, remainder_policy::drop);
    const std::vector<std::vector<std::size_t>> expected_drop = {{0, 1}, {2, 3}, {0, 1}, {2, 3}};
    for (const auto& e : expected_drop) BOOST_TEST(drop.next() == e);
}

BOOST_AUTO_TEST_CASE(schedule_repeats_when_exhausted)
{
    auto s = batch_sampler::schedule(4, {{3}, {0, 2}});
    BOOST_TEST(s.next() == (std::vector<std::size_t>{3}));
    BOOST_TEST(s.next() == (std::vector<std::size_t>{0, 2}));
    BOOST_TEST(s.next() == (std::vector<std::size_t>{3}));
    BOOST_CHECK_THROW(batch_sampler::schedule(4, {}), std::invalid_argument);
    BOOST_CHECK_THROW(batch_sampler::schedule(4, {{4}}), std::invalid_argument);
    BOOST_CHECK_THROW(batch_sampler::schedule(4, {{1, 2, 1}}), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
