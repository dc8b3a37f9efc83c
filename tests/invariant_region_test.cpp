// The invariant-region certifier (snae/invariant_region.hpp): it certifies
// maps whose contraction factor and fixed point are known in closed form,
// and refuses, naming the condition, a region the map leaves, an expanding
// map, a guard that is not positive, and the pair map just above its
// threshold h = 1/2. The interval Newton test proves a known zero and
// finds none where there is none; the mean-value image encloses the image
// of points of the box and is narrower than the naive one.
#include <snae/data_coordinates.hpp>
#include <snae/invariant_region.hpp>

#include <boost/test/unit_test.hpp>

using namespace snae;

namespace {

interval box(const char* lo, const char* hi)
{
    interval a = from_decimal<interval>(lo), b = from_decimal<interval>(hi), r;
    mpfi_union(r.backend().data(), a.backend().data(), b.backend().data());
    return r;
}

auto no_guards = [](const interval_box&) { return std::vector<region_guard>{}; };

/// F(x) = (x0/2 + 1/4, x1/3): fixed point (1/2, 0), Jacobian diag(1/2, 1/3).
auto affine = [](const auto& x) {
    using V = typename std::decay_t<decltype(x)>::value_type;
    return std::vector<V>{x[0] * V(interval(0.5)) + V(interval(0.25)), x[1] * V(interval(1) / interval(3))};
};

bool has_failed(const region_certificate& c, const std::string& what)
{
    return !c.certified && c.failure().find(what) == 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(invariant_region)

BOOST_AUTO_TEST_CASE(a_known_contraction_is_certified_with_its_fixed_point)
{
    precision_scope<interval> p(128);
    const interval_box R = {box("0", "1"), box("0", "1")}, w = {interval(1), interval(1)};
    const auto c = certify_invariant_region(affine, no_guards, R, {interval(0.5), interval(0)}, w);
    BOOST_TEST_REQUIRE(c.certified, c.failure());
    BOOST_TEST(upper_bound(c.rho) == 0.5); // max row sum of |J| = 1/2, exactly
    // F(z) = z exactly, so the fixed point's enclosure is the point z.
    BOOST_TEST((sign_of(interval(c.fixed_point[0] - interval(0.5))) == sign::zero));
    BOOST_TEST((sign_of(c.fixed_point[1]) == sign::zero));
    // From another candidate the enclosure still holds the fixed point.
    const auto d = certify_invariant_region(affine, no_guards, R, {interval(0.4), interval(0)}, w);
    BOOST_TEST_REQUIRE(d.certified, d.failure());
    detail::mpfr_temp half(128);
    mpfr_set_d(half.get(), 0.5, MPFR_RNDN);
    BOOST_TEST(contains(d.fixed_point[0], half.get()));
    BOOST_TEST(upper_bound(d.fixed_point[0]) - lower_bound(d.fixed_point[0]) <= 0.2 + 1e-9); // 0.05/(1 - 1/2) each side
}

BOOST_AUTO_TEST_CASE(a_region_the_map_leaves_is_refused)
{
    precision_scope<interval> p(128);
    // The fixed point (1/2, 0) is outside [0.6, 1] x [0, 1]: F(R) is not inside R.
    const auto c = certify_invariant_region(affine, no_guards, {box("0.6", "1"), box("0", "1")}, {interval(0.8), interval(0)},
                                            {interval(1), interval(1)});
    BOOST_TEST(has_failed(c, "F(R) inside R"), c.failure());
}

BOOST_AUTO_TEST_CASE(an_expanding_map_is_refused)
{
    precision_scope<interval> p(128);
    auto expand = [](const auto& x) {
        using V = typename std::decay_t<decltype(x)>::value_type;
        return std::vector<V>{x[0] * V(interval(2)) - V(interval(0.5))}; // fixed point 1/2, slope 2
    };
    const auto c = certify_invariant_region(expand, no_guards, {box("0.4", "0.6")}, {interval(0.5)}, {interval(1)});
    BOOST_TEST(has_failed(c, "contraction bound rho < 1 on R"), c.failure());
}

BOOST_AUTO_TEST_CASE(a_guard_that_is_not_positive_is_refused)
{
    precision_scope<interval> p(128);
    auto straddles = [](const interval_box&) { return std::vector<region_guard>{{"g", box("-1e-30", "1")}}; };
    const auto c = certify_invariant_region(affine, straddles, {box("0", "1"), box("0", "1")}, {interval(0.5), interval(0)},
                                            {interval(1), interval(1)});
    BOOST_TEST(has_failed(c, "g > 0 on R"), c.failure());
}

BOOST_AUTO_TEST_CASE(the_pair_map_contracts_below_its_threshold_only)
{
    precision_scope<interval> p(256);
    const interval delta = ldexp(interval(1), -20);
    const interval_box R = {interval(1) + delta * interval(-1, 1), delta * interval(0, 1)};
    auto at = [&](const interval& h) {
        auto map = [&](const auto& x) {
            using V = typename std::decay_t<decltype(x)>::value_type;
            return pair_map(x, V(h));
        };
        return certify_invariant_region(map, no_guards, R, {interval(1), interval(0)}, {interval(1), interval(1)});
    };
    const auto below = at(from_decimal<interval>("0.3")); // Jacobian at (1, 0): diag(-0.2, 0.7)
    BOOST_TEST_REQUIRE(below.certified, below.failure());
    BOOST_TEST(upper_bound(below.rho) >= 0.7);
    BOOST_TEST(upper_bound(below.rho) <= 0.7 + 1e-5); // + O(h delta) over R
    const auto above = at(interval(interval(0.5) + ldexp(interval(1), -40)));
    BOOST_TEST(has_failed(above, "contraction bound rho < 1 on R"), above.failure());
}

BOOST_AUTO_TEST_CASE(interval_newton_proves_a_zero_and_only_where_there_is_one)
{
    precision_scope<interval> p(256);
    auto g = [](const auto& x) {
        using V = std::decay_t<decltype(x)>;
        return x * x - V(interval(2));
    };
    interval zero;
    BOOST_TEST_REQUIRE(interval_newton(g, box("1.4", "1.5"), zero));
    detail::mpfr_temp r2(600);
    mpfr_sqrt_ui(r2.get(), 2, MPFR_RNDN);
    BOOST_TEST(contains(zero, r2.get()));
    BOOST_TEST(!interval_newton(g, box("1.5", "1.6"), zero)); // sqrt(2) is not in it
    BOOST_TEST(!interval_newton(g, box("-1", "1.5"), zero));  // g' = 2x vanishes in it
}

BOOST_AUTO_TEST_CASE(the_mean_value_image_encloses_and_is_narrower)
{
    precision_scope<interval> p(128);
    const interval h = from_decimal<interval>("0.3");
    auto map = [&](const auto& x) {
        using V = typename std::decay_t<decltype(x)>::value_type;
        return pair_map(x, V(h));
    };
    const interval_box X = {box("0.99", "1.01"), box("0", "0.01")};
    const interval_box mv = mean_value_image(map, X), naive = pair_map(X, h);
    for (const char* u : {"0.99", "1", "1.005", "1.01"})
        for (const char* v : {"0", "0.005", "0.01"}) {
            detail::mpfr_temp uu(128), vv(128);
            mpfr_set_str(uu.get(), u, 10, MPFR_RNDN);
            mpfr_set_str(vv.get(), v, 10, MPFR_RNDN);
            const auto y = pair_map(interval_box{scalar_traits<interval>::from_mpfr(uu.get()), scalar_traits<interval>::from_mpfr(vv.get())}, h);
            for (int i = 0; i < 2; ++i) BOOST_TEST(subset(y[i], mv[i]));
        }
    BOOST_TEST(width_bound(mv[0]) < 0.5 * width_bound(naive[0])); // |J_11| = 0.2 against 1 + 8h
}

BOOST_AUTO_TEST_SUITE_END()
