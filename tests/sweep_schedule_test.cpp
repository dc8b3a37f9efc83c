// How a sweep's work is ordered, split and predicted: the prior cost orders
// the preset's runs as their measured cost does, shards partition the grid
// deterministically and in balance, and the ETA printed after a quarter of
// the preset's runs is within a factor 2 of the time that was actually left.
#include "support/cli_sandbox.hpp"

#include <cost.hpp>
#include <grid.hpp>
#include <sweep.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <set>

using namespace snae;
using namespace snae::sweep;
using snae_test::sandbox;

namespace {

double total_cost(const std::vector<grid_run>& runs, const sweep_config& c, const std::vector<std::size_t>& ids)
{
    double s = 0;
    for (std::size_t id : ids) s += prior_cost(runs[id], c);
    return s;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sweep_schedule)

BOOST_AUTO_TEST_CASE(shards_partition_the_grid_in_balance)
{
    sweep_config c = preset("batch-size", false);
    const auto runs = expand(c);
    for (std::size_t n : {1u, 2u, 3u, 16u, 100u}) {
        std::set<std::size_t> seen;
        double most = 0, all = total_cost(runs, c, shard_runs(runs, c, 1, 1));
        for (std::size_t i = 1; i <= n; ++i) {
            const auto mine = shard_runs(runs, c, i, n);
            BOOST_TEST(mine == shard_runs(runs, c, i, n)); // deterministic
            BOOST_TEST(std::is_sorted(mine.begin(), mine.end()));
            for (std::size_t id : mine) BOOST_TEST(seen.insert(id).second, "run " << id << " in two shards of " << n);
            most = std::max(most, total_cost(runs, c, mine));
        }
        BOOST_TEST(seen.size() == runs.size(), n << " shards hold " << seen.size() << " of " << runs.size() << " runs");
        // Greedy, largest first: the run that ends the fullest shard went to
        // the emptiest one, then below the mean, so no shard exceeds the
        // mean by more than the largest run.
        double largest = 0;
        for (const auto& r : runs) largest = std::max(largest, prior_cost(r, c));
        const double bound = all / static_cast<double>(n) + largest;
        BOOST_TEST(most <= bound * (1 + 1e-12), n << " shards: the largest holds " << most << ", bound " << bound);
    }
}

BOOST_AUTO_TEST_CASE(prior_orders_by_shape)
{
    sweep_config c = preset("batch-size", false);
    const auto runs = expand(c);
    auto cost_at = [&](const std::string& n, const std::string& batch) {
        for (const auto& r : runs)
            if (std::to_string(r.run.n) == n && r.batch_label == batch) return prior_cost(r, c);
        BOOST_FAIL("no run n=" << n << " batch=" << batch);
        return 0.0;
    };
    // SGD with b = 1 at n = 1024 is the preset's largest run; GD the smallest of its n.
    BOOST_TEST(cost_at("1024", "1") > cost_at("256", "1"));
    BOOST_TEST(cost_at("1024", "1") > cost_at("1024", "full"));
    BOOST_TEST(cost_at("256", "1") > cost_at("64", "1"));
    // Precision multiplies the cost of the same shape.
    sweep_config m = c;
    m.scalar = {"mpfr:256"};
    const auto mruns = expand(m);
    BOOST_TEST(prior_cost(mruns[0], m) > 10 * prior_cost(runs[0], c));
}

// "ETA 6s" was printed for the last 40 s of the preset, because the late
// runs were the large ones. Largest first and the cost model keep every
// ETA within a factor 2 of the time that was actually left. The preset's
// shape (n up to 1024, six batch sizes) with 10 seeds instead of 20: the
// same mix of costs in half the time. Largest first, a
// quarter of the runs is done only late, so every report is judged once a
// quarter of the runs or of the time has passed. The truth is the time to
// the last run's end (what the ETA predicts; the summaries after it take a
// further 0.1 s). The last fifth of the time is not judged: there the time
// left is the last large run's own, and seeds of the point n = 1024,
// b = n - 1 differ by a factor 2 (5.6 s to 11.3 s measured), which no
// prediction from shape can know (docs/sweep.md#cost-model-and-eta).
BOOST_AUTO_TEST_CASE(eta_after_a_quarter_is_within_a_factor_two)
{
#ifdef SNAE_SANITIZED
    // Instrumented code runs 3 to 10 times slower, unevenly, and this one
    // case would take 150 s of the sanitizer stage (where it passed, worst
    // ratio 1.24). A decorator cannot skip it: ctest names the suite, and
    // Boost.Test runs the disabled cases of a suite it is asked for.
    BOOST_TEST_MESSAGE("skipped under sanitizers: a wall-time prediction");
    return;
#endif
    sandbox box;
    sweep_config c = preset("batch-size", false);
    c.seed_count = 10;
    sweep_options opt;
    opt.out_dir = box.path("eta");
    opt.threads = 2;
    opt.figures = false;
    std::vector<sweep_progress> seen;
    opt.progress = [&seen](const sweep_progress& p) { seen.push_back(p); };
    const sweep_outcome out = run_sweep(c, opt);
    BOOST_TEST_REQUIRE(out.ran == 180u);
    BOOST_TEST_REQUIRE(seen.size() == 180u);
    const double end = seen.back().elapsed;
    std::size_t judged = 0;
    double worst = 1;
    for (const auto& p : seen) {
        const double left = end - p.elapsed;
        if ((4 * p.done < p.total && 4 * p.elapsed < end) || 5 * left < end) continue;
        ++judged;
        const double ratio = p.eta / left;
        BOOST_TEST_MESSAGE(p.done << " runs, " << p.elapsed << " s: ETA " << p.eta << " s, left " << left << " s");
        worst = std::max(worst, std::max(ratio, 1 / ratio));
        BOOST_TEST((ratio >= 0.5 && ratio <= 2.0), "after " << p.done << " of " << p.total << " runs (" << p.elapsed << " s): ETA "
                                                           << p.eta << " s, actually " << left << " s left");
    }
    BOOST_TEST(judged >= 3u, "only " << judged << " reports were judged");
    BOOST_TEST_MESSAGE("ETA: worst ratio " << worst << " over " << judged << " reports; runs took " << end << " s");
}

BOOST_AUTO_TEST_SUITE_END()
