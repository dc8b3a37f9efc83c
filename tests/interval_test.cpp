// Intervals (snae/interval.hpp) and certified spectra (snae/certify.hpp):
//  - sign decisions, decimal input and output enclose;
//  - GD and SGD enclosures contain the trajectory computed at 4096 bits from
//    the same start, and the same check fails for a run whose step size is
//    off by 2^-100 (so it can fail);
//  - a coordinate whose enclosure straddles 0 at the ReLU stops the run as
//    `undecidable`, with its step;
//  - the eigenvalue certification certifies a matrix of known spectrum and
//    refuses a perturbed one or wrong multiplicities.
#include "support/scalar_list.hpp"

#include <instance.hpp>

#include <snae/certify.hpp>
#include <snae/hessian.hpp>
#include <snae/interval.hpp>
#include <snae/sampler.hpp>

#include <boost/test/unit_test.hpp>

#include <functional>

namespace {

using snae::interval;
using snae::mpfr_real;

/// [lo, hi] from two decimals (lo rounded down, hi up).
interval hull_of(const std::string& lo, const std::string& hi)
{
    interval a = snae::from_decimal<interval>(lo), b = snae::from_decimal<interval>(hi), r;
    mpfi_union(r.backend().data(), a.backend().data(), b.backend().data());
    return r;
}

using snae::proofs_checks::householder_rows;

/// Runs `steps` steps of T's trainer and hands every iterate to `see`.
template <class T>
snae::train_outcome run(const snae::dataset<T>& data, snae::activation act, const T& eta, std::vector<T> w,
                        snae::batch_sampler sampler, std::uint64_t steps,
                        const std::function<void(std::uint64_t, const std::vector<T>&)>& see)
{
    snae::stopping_rule<T> rule;
    rule.max_steps = steps;
    return snae::train(data, act, eta, w, sampler, rule, see);
}

struct enclosure_case {
    const char* name;
    snae::activation act;
    bool householder;
    std::size_t n, d, batch; // batch 0: full
};

/// Steps at which a 4096-bit coordinate lies outside the 128-bit box
/// (0 = none), for a reference run whose step size is eta_ref.
std::uint64_t first_escape(const enclosure_case& c, const std::string& eta, const std::string& eta_ref, std::uint64_t steps)
{
    std::vector<std::vector<interval>> boxes;
    {
        snae::precision_scope<interval> p(128);
        const auto data = c.householder ? snae::dataset<interval>::from_rows(c.n, c.d, householder_rows<interval>(c.n, c.d))
                                        : snae::dataset<interval>::canonical(c.n, c.d);
        const auto sampler = c.batch ? snae::batch_sampler::replacement(c.n, c.batch, 3) : snae::batch_sampler::full(c.n);
        const auto out = run<interval>(data, c.act, snae::from_decimal<interval>(eta), snae_test::gaussian_start<interval>(c.d, 11), sampler, steps,
                                       [&](std::uint64_t, const std::vector<interval>& w) { boxes.push_back(w); });
        BOOST_TEST_REQUIRE((out.status == snae::run_status::max_steps), c.name << ": " << out.detail);
    }
    snae::precision_scope<mpfr_real> p(4096);
    const auto data = c.householder ? snae::dataset<mpfr_real>::from_rows(c.n, c.d, householder_rows<mpfr_real>(c.n, c.d))
                                    : snae::dataset<mpfr_real>::canonical(c.n, c.d);
    const auto sampler = c.batch ? snae::batch_sampler::replacement(c.n, c.batch, 3) : snae::batch_sampler::full(c.n);
    std::uint64_t escape = 0;
    run<mpfr_real>(data, c.act, snae::from_decimal<mpfr_real>(eta_ref), snae_test::gaussian_start<mpfr_real>(c.d, 11), sampler, steps,
                   [&](std::uint64_t t, const std::vector<mpfr_real>& w) {
                       for (std::size_t j = 0; j < w.size() && escape == 0; ++j)
                           if (!snae::contains(boxes.at(t)[j], w[j].data())) escape = t == 0 ? 1 : t;
                   });
    return escape;
}

} // namespace

BOOST_AUTO_TEST_SUITE(interval)

// The suite's namespace is named `interval` too: name the type again inside it.
using snae::interval;

BOOST_AUTO_TEST_SUITE(scalar)

BOOST_AUTO_TEST_CASE(signs_are_decided_on_the_whole_box)
{
    snae::precision_scope<interval> p(128);
    using snae::sign;
    BOOST_TEST((snae::sign_of(hull_of("1", "2")) == sign::positive));
    BOOST_TEST((snae::sign_of(hull_of("-2", "-1e-30")) == sign::negative));
    BOOST_TEST((snae::sign_of(interval(0)) == sign::zero));
    BOOST_TEST((snae::sign_of(hull_of("-1e-30", "1")) == sign::undecidable));
    BOOST_TEST((snae::sign_of(hull_of("0", "1")) == sign::undecidable)); // [0, 1]: 0 or positive
    BOOST_CHECK_THROW(snae::is_positive(hull_of("-1e-30", "1e-30"), "test"), snae::undecidable_sign);
    // The ReLU branch of a straddling coordinate is never guessed.
    BOOST_CHECK_THROW(snae::is_active(snae::activation::relu, hull_of("-1e-30", "1e-30")), snae::undecidable_sign);
    BOOST_TEST(snae::is_active(snae::activation::linear, hull_of("-1e-30", "1e-30")));
}

BOOST_AUTO_TEST_CASE(decimals_are_enclosed_and_printed_outward)
{
    snae::precision_scope<interval> p(128);
    BOOST_TEST(snae::scalar_traits<interval>::digits() >= 128);
    const double u = snae::to_double(snae::unit_roundoff<interval>());
    const interval tenth = snae::from_decimal<interval>("0.1");
    snae::detail::mpfr_temp exact(4096);
    mpfr_set_str(exact.get(), "0.1", 10, MPFR_RNDN);
    BOOST_TEST(snae::contains(tenth, exact.get()));
    BOOST_TEST(snae::width_bound(tenth) > 0);             // 0.1 is not dyadic
    BOOST_TEST(snae::width_bound(tenth) <= 0.1 * 2 * u);  // one unit in the last place
    BOOST_TEST(snae::width_bound(snae::from_decimal<interval>("0.375")) == 0); // dyadic: a point
    // The printed form reads back to an interval containing the original.
    const std::string s = snae::to_decimal(tenth);
    BOOST_TEST_REQUIRE(s.front() == '[');
    const auto comma = s.find(',');
    const interval back = hull_of(s.substr(1, comma - 1), s.substr(comma + 1, s.size() - comma - 2));
    BOOST_TEST(snae::subset(tenth, back));
    // Below 53 bits a double is enclosed, not rounded.
    snae::precision_scope<interval> narrow(20);
    const interval third = snae::from_double<interval>(1.0 / 3.0);
    snae::detail::mpfr_temp d(53);
    mpfr_set_d(d.get(), 1.0 / 3.0, MPFR_RNDN);
    BOOST_TEST(snae::contains(third, d.get()));
    BOOST_TEST(snae::width_bound(third) > 0);
}

BOOST_AUTO_TEST_CASE(square_and_root_of_boxes_around_zero)
{
    snae::precision_scope<interval> p(128);
    interval acc(0), scratch;
    snae::detail::add_square(acc, hull_of("-1", "2"), scratch);
    BOOST_TEST(snae::lower_bound(acc) == 0.0); // [0, 4], not [-2, 4]
    BOOST_TEST(snae::upper_bound(acc) == 4.0);
    // sqrt_nonneg: for a quantity known to be >= 0, the root of the box's
    // non-negative part, [0, 2].
    const interval r = snae::sqrt_nonneg(hull_of("-1e-30", "4"));
    BOOST_TEST(snae::lower_bound(r) == 0.0);
    BOOST_TEST(snae::upper_bound(r) == 2.0);
    // sqrt keeps its meaning: undefined (NaN) where the box reaches below 0,
    // never [0, ...] for a box that is certainly negative.
    using std::sqrt;
    BOOST_TEST(mpfi_nan_p(interval(sqrt(hull_of("-1e-30", "4"))).backend().data()) != 0);
    BOOST_TEST(mpfi_nan_p(interval(sqrt(hull_of("-4", "-1"))).backend().data()) != 0);
    BOOST_TEST(mpfi_nan_p(snae::sqrt_nonneg(hull_of("-4", "-1")).backend().data()) != 0);
    BOOST_TEST(snae::upper_bound(interval(sqrt(hull_of("1", "4")))) == 2.0);
    // mpfi:256 runs at the smallest precision Boost 1.74 can set above 256 bits.
    snae::precision_scope<interval> q(256);
    BOOST_TEST(snae::scalar_traits<interval>::digits() >= 256);
    BOOST_TEST(snae::scalar_traits<interval>::digits() <= 260);
    BOOST_TEST(snae::scalar_traits<interval>::name() == "mpfi:" + std::to_string(snae::scalar_traits<interval>::digits()));
}

BOOST_AUTO_TEST_CASE(a_nan_coordinate_makes_the_width_nan)
{
    snae::precision_scope<interval> p(128);
    std::vector<interval> v = {hull_of("0", "1"), hull_of("2", "2.5")};
    BOOST_TEST(snae::max_width(v).width == 1.0);
    interval nan;
    mpfr_set_nan(&nan.backend().data()->left);
    mpfr_set_nan(&nan.backend().data()->right);
    for (std::size_t at : {0u, 1u, 2u}) { // first, middle, last
        auto w = v;
        w.insert(w.begin() + static_cast<std::ptrdiff_t>(at), nan);
        const auto b = snae::max_width(w);
        BOOST_TEST(std::isnan(b.width), at);
        BOOST_TEST(std::isnan(b.log2), at);
    }
}

BOOST_AUTO_TEST_SUITE_END() // scalar

BOOST_AUTO_TEST_SUITE(trainer)

BOOST_AUTO_TEST_CASE(enclosures_contain_the_4096_bit_trajectory)
{
    // eta = 0.3 is not dyadic: the 128-bit run encloses it, the 4096-bit run
    // rounds it (to 2^-4096 relative, far inside the 2^-120 boxes).
    const enclosure_case cases[] = {
        {"relu canonical GD", snae::activation::relu, false, 4, 6, 0},
        {"linear canonical SGD b=1", snae::activation::linear, false, 5, 5, 1},
        {"relu householder GD", snae::activation::relu, true, 4, 6, 0},
        {"relu householder SGD b=2", snae::activation::relu, true, 5, 7, 2},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.name)
        {
            BOOST_TEST(first_escape(c, "0.3", "0.3", 60) == 0u);
            // The same check fails for a reference run with eta off by about
            // 2^-100 relative: the test can tell.
            BOOST_TEST(first_escape(c, "0.3", "0.30000000000000000000000000000024", 60) != 0u);
        }
    }
}

BOOST_AUTO_TEST_CASE(reference_and_scaled_boxes_both_contain_the_exact_iterate)
{
    // The two updates are the same map in real arithmetic with different
    // roundings: their boxes must overlap at every observed step (both hold
    // the exact iterate), and a run with eta off by 2^-100 must not.
    snae::precision_scope<interval> p(128);
    const auto data = snae::dataset<interval>::canonical(8, 8);
    auto boxes = [&](const char* eta, snae::update_rule rule) {
        std::vector<std::vector<interval>> out;
        std::vector<interval> w = snae_test::gaussian_start<interval>(8, 5);
        auto sampler = snae::batch_sampler::replacement(8, 1, 9);
        snae::stopping_rule<interval> stop;
        stop.max_steps = 300;
        snae::train_options o;
        o.update = rule;
        o.observe_every = 10;
        const auto r = snae::train(data, snae::activation::relu, snae::from_decimal<interval>(eta), w, sampler, stop,
                                   [&](std::uint64_t t, const std::vector<interval>& x) { if (t % 10 == 0) out.push_back(x); }, o);
        BOOST_TEST_REQUIRE((r.status == snae::run_status::max_steps), r.detail);
        return out;
    };
    auto all_overlap = [](const std::vector<std::vector<interval>>& a, const std::vector<std::vector<interval>>& b) {
        BOOST_TEST_REQUIRE(a.size() == b.size());
        for (std::size_t t = 0; t < a.size(); ++t)
            for (std::size_t j = 0; j < a[t].size(); ++j)
                if (!snae::overlap(a[t][j], b[t][j])) return false;
        return true;
    };
    const auto ref = boxes("0.3", snae::update_rule::reference);
    BOOST_TEST(all_overlap(ref, boxes("0.3", snae::update_rule::scaled)));
    BOOST_TEST(!all_overlap(ref, boxes("0.30000000000000000000000000000024", snae::update_rule::scaled)));
}

BOOST_AUTO_TEST_CASE(a_box_straddling_zero_at_the_relu_is_undecidable)
{
    snae::precision_scope<interval> p(128);
    // x_0 = (0.6, 0.8), x_1 = (-0.8, 0.6) and w_0 = (0.8, -0.6), all enclosed:
    // c_0(w_0) = 0 in real arithmetic and its enclosure straddles 0.
    const auto rd = [](const char* s) { return snae::from_decimal<interval>(s); };
    auto data = snae::dataset<interval>::from_rows(2, 2, {rd("0.6"), rd("0.8"), rd("-0.8"), rd("0.6")});
    std::vector<interval> w0 = {rd("0.8"), rd("-0.6")};
    // The first batch needs the sign of c_0: the run stops at step 0.
    auto sched = snae::batch_sampler::schedule(2, {{0}, {1}});
    const auto out = run<interval>(data, snae::activation::relu, rd("0.1"), w0, sched, 10, {});
    BOOST_TEST((out.status == snae::run_status::undecidable));
    BOOST_TEST(out.steps == 0u);
    BOOST_TEST(out.detail.find("ReLU") != std::string::npos, out.detail);
    // A batch of x_1 alone (c_1 = -1: decided, inactive) leaves no active
    // sample, and the dead-region test needs the sign of c_0: undecidable too.
    auto sched1 = snae::batch_sampler::schedule(2, {{1}, {0}});
    const auto dead = run<interval>(data, snae::activation::relu, rd("0.1"), w0, sched1, 10, {});
    BOOST_TEST((dead.status == snae::run_status::undecidable));
    BOOST_TEST(dead.detail.find("dead-region") != std::string::npos, dead.detail);
    // Linear has no branch: the same run goes on.
    auto sched2 = snae::batch_sampler::schedule(2, {{1}, {0}});
    const auto lin = run<interval>(data, snae::activation::linear, rd("0.1"), w0, sched2, 10, {});
    BOOST_TEST((lin.status == snae::run_status::max_steps));
}

BOOST_AUTO_TEST_CASE(the_undecidable_step_is_reported)
{
    snae::precision_scope<interval> p(128);
    const auto rd = [](const char* s) { return snae::from_decimal<interval>(s); };
    // d = 3: x_0 = (0.6, 0.8, 0), x_1 = (0, 0, 1); w_0 = (0.8, -0.6, 0.5).
    // c_1 = 0.5 > 0 is decided, and a step on x_1 only scales the third
    // coordinate (and all others by f = 1 - eta c_1^2 > 0), so c_0 stays 0
    // in real arithmetic while its enclosure straddles 0: batches {1}, {1},
    // {0} stop at step 2.
    auto data = snae::dataset<interval>::from_rows(2, 3, {rd("0.6"), rd("0.8"), interval(0), interval(0), interval(0), interval(1)});
    std::vector<interval> w0 = {rd("0.8"), rd("-0.6"), rd("0.5")};
    auto sched = snae::batch_sampler::schedule(2, {{1}, {1}, {0}});
    const auto out = run<interval>(data, snae::activation::relu, rd("0.1"), w0, sched, 10, {});
    BOOST_TEST((out.status == snae::run_status::undecidable));
    BOOST_TEST(out.steps == 2u);
    BOOST_TEST(out.detail.find("ReLU") != std::string::npos, out.detail);
}

BOOST_AUTO_TEST_SUITE_END() // trainer

BOOST_AUTO_TEST_SUITE(certify)

namespace {
/// Q diag(lambda) Q^T with Q the Householder reflection of householder_rows():
/// a symmetric matrix whose eigenvalues are exactly lambda, enclosed.
std::vector<interval> known_spectrum(const std::vector<long>& num, long den)
{
    const std::size_t d = num.size();
    const auto q = householder_rows<interval>(d, d);
    std::vector<interval> a(d * d, interval(0));
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j < d; ++j)
            for (std::size_t k = 0; k < d; ++k) a[i * d + j] += q[i * d + k] * interval(num[k]) / interval(den) * q[j * d + k];
    return a;
}

/// diag(1, 2, 3) as point intervals.
std::vector<interval> diag_123()
{
    std::vector<interval> a(9, interval(0));
    for (std::size_t i = 0; i < 3; ++i) a[i * 3 + i] = interval(static_cast<long>(i + 1));
    return a;
}
} // namespace

BOOST_AUTO_TEST_CASE(a_known_spectrum_is_certified_and_a_perturbed_one_refused)
{
    snae::precision_scope<interval> p(256);
    const std::size_t d = 6;
    // Eigenvalues 0 (x2), 1/3 (x3), 4/3 (x1): 1/3 is not dyadic.
    const auto a = known_spectrum({0, 0, 1, 1, 1, 4}, 3);
    const auto clusters = std::vector<snae::eigen_cluster>{
        {"4/3", interval(interval(4) / interval(3)), 1}, {"1/3", interval(interval(1) / interval(3)), 3}, {"0", interval(0), 2}};
    const auto ok = snae::certify_spectrum(a, d, clusters, -100);
    BOOST_TEST(ok.certified);
    for (const auto& f : ok.failures) BOOST_TEST_MESSAGE(f);
    BOOST_TEST_REQUIRE(ok.clusters.size() == 3u);
    for (const auto& c : ok.clusters) {
        BOOST_TEST(c.certified, c.label);
        BOOST_TEST((c.counted && *c.counted == c.predicted), c.label);
        BOOST_TEST((c.tight_log2_radius && *c.tight_log2_radius < -200), c.label); // the enclosures are ~2^-250 wide
    }
    BOOST_TEST(ok.residual_enclosures.size() == d);
    BOOST_TEST(ok.basis_defect < 1e-60);

    // One symmetric pair of entries moved by 2^-60: the double eigenvalue 0
    // and the triple 1/3 split by far more than 2^-100.
    auto bad = a;
    const interval e = ldexp(interval(1), -60);
    bad[0 * d + 1] += e;
    bad[1 * d + 0] += e;
    const auto refused = snae::certify_spectrum(bad, d, clusters, -100);
    BOOST_TEST(!refused.certified);
    BOOST_TEST(!refused.failures.empty());
    for (const auto& f : refused.failures) BOOST_TEST_MESSAGE("refused: " << f);
    // A diagonal entry moved: refused as well.
    auto bad2 = a;
    bad2[2 * d + 2] += e;
    BOOST_TEST(!snae::certify_spectrum(bad2, d, clusters, -100).certified);
    // Wrong multiplicities on the exact matrix: refused, naming the cluster.
    const auto wrong = snae::certify_spectrum(
        a, d, {{"4/3", interval(interval(4) / interval(3)), 1}, {"1/3", interval(interval(1) / interval(3)), 4}, {"0", interval(0), 1}},
        -100);
    BOOST_TEST(!wrong.certified);
    bool named = false;
    for (const auto& f : wrong.failures) named = named || f.find("cluster 1/3") != std::string::npos;
    BOOST_TEST(named);
}

BOOST_AUTO_TEST_CASE(a_separator_on_an_eigenvalue_gives_no_count)
{
    snae::precision_scope<interval> p(128);
    // diag(1, 2, 3): below 2.5 there are 2; at exactly 2 no pivot can exclude 0.
    const auto a = diag_123();
    const auto below = snae::count_eigenvalues_below(a, 3, snae::from_decimal<interval>("2.5"));
    BOOST_TEST((below && *below == 2u));
    BOOST_TEST(!snae::count_eigenvalues_below(a, 3, interval(2)).has_value());
}

BOOST_AUTO_TEST_CASE(a_box_without_a_symmetric_matrix_is_refused)
{
    snae::precision_scope<interval> p(128);
    // diag(1, 2, 3) with the (0, 1) entry alone moved to 1/2: the lower
    // triangle is the certified diagonal matrix, but no symmetric matrix lies
    // in the box.
    const auto a = diag_123();
    const std::vector<snae::eigen_cluster> clusters = {{"1", interval(1), 1}, {"2", interval(2), 1}, {"3", interval(3), 1}};
    BOOST_TEST(snae::certify_spectrum(a, 3, clusters, -20).certified);
    auto asym = a;
    asym[0 * 3 + 1] = snae::from_decimal<interval>("0.5");
    const auto refused = snae::certify_spectrum(asym, 3, clusters, -20);
    BOOST_TEST(!refused.certified);
    BOOST_TEST_REQUIRE(refused.failures.size() == 1u);
    BOOST_TEST(refused.failures[0].find("no symmetric matrix: entries (1, 0) and (0, 1)") != std::string::npos, refused.failures[0]);
    BOOST_TEST(!snae::count_eigenvalues_below(asym, 3, snae::from_decimal<interval>("2.5")).has_value());
    // Entries (0, 1) and (1, 0) that overlap: the symmetric matrices of the
    // box are those with the entry in the intersection, here [0, 0].
    auto overlapping = a;
    overlapping[0 * 3 + 1] = hull_of("0", "0.5");
    overlapping[1 * 3 + 0] = hull_of("-0.5", "0");
    BOOST_TEST(snae::certify_spectrum(overlapping, 3, clusters, -20).certified);
}

BOOST_AUTO_TEST_CASE(clusters_whose_balls_overlap_are_refused)
{
    snae::precision_scope<interval> p(128);
    // Eigenvalues 0 and 2r, r = 2^-20. The second centre is predicted as the
    // box [1.5 r, 2.5 r]: its inward separators (1.5 r, 2.5 r) do not meet
    // those of 0, (-r, r), and both counts hold, but a centre 1.5 r in the box
    // would put the two balls of radius r over each other.
    const interval r = ldexp(interval(1), -20);
    std::vector<interval> a(4, interval(0));
    a[3] = r * interval(2);
    interval wide;
    mpfi_interv_d(wide.backend().data(), 1.5 * std::ldexp(1.0, -20), 2.5 * std::ldexp(1.0, -20));
    const auto cert = snae::certify_spectrum(a, 2, {{"0", interval(0), 1}, {"2r", wide, 1}}, -20);
    BOOST_TEST(!cert.certified);
    bool named = false;
    for (const auto& f : cert.failures) named = named || f.find("not certainly disjoint") != std::string::npos;
    BOOST_TEST(named);
    for (const auto& c : cert.clusters) BOOST_TEST((c.counted && *c.counted == 1u), c.label); // the counts alone hold
    // The same centre as a point: disjoint balls, certified.
    BOOST_TEST(snae::certify_spectrum(a, 2, {{"0", interval(0), 1}, {"2r", interval(r * interval(2)), 1}}, -20).certified);
}

BOOST_AUTO_TEST_CASE(the_hessian_on_M_is_certified)
{
    snae::precision_scope<interval> p(512);
    // Canonical n = 4, d = 6, w* = (1, 1, 1, 0, 0, 0)/sqrt(3): k = 3 active samples.
    const auto data = snae::dataset<interval>::canonical(4, 6);
    using std::sqrt;
    const interval s = interval(1) / sqrt(interval(3));
    const std::vector<interval> w = {s, s, s, interval(0), interval(0), interval(0)};
    const std::vector<char> active = {1, 1, 1, 0};
    const auto h = snae::loss_hessian(data, snae::activation::relu, w, &active);
    const interval tn(4);
    const auto cert = snae::certify_spectrum(
        h, 6, {{"4/n", interval(interval(4) / tn), 1}, {"1/n", interval(interval(1) / tn), 3}, {"0", interval(0), 2}}, -200);
    BOOST_TEST(cert.certified);
    for (const auto& f : cert.failures) BOOST_TEST_MESSAGE(f);
}

BOOST_AUTO_TEST_SUITE_END() // certify

BOOST_AUTO_TEST_SUITE_END() // interval
