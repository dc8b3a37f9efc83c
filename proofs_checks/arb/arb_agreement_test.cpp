// Arb and MPFI agree on every certified instance of C3 and C4 (docs/arb.md),
// and the comparison is shown to catch a wrong input: an Arb Hessian moved
// by 2^-100 (refused and disjoint), one moved by 2^-300 (still inside the
// 2^-200 clusters, but disjoint from snae's tight enclosures), and an Arb
// GD run with eta moved by 2^-100.
#define BOOST_TEST_MODULE arb_agreement
#include <boost/test/unit_test.hpp>

#include "agreement.hpp"
#include "ball.hpp"
#include "model.hpp"
#include "spectrum.hpp"

#include <iostream>

namespace ab = snae::arb_backend;

namespace {
void print(const ab::c3_outcome& o)
{
    std::cout << "C3 " << o.instance << " at " << o.bits << " bits: MPFI " << (o.mpfi_certified ? "certified" : "refused")
              << ", Arb " << (o.arb_certified ? "certified" : "refused") << " (" << o.arb_method << "), " << o.pairs << " pairs, " << o.disjoint
              << " disjoint; Arb radius <= 2^" << o.arb_log2_max_radius << ", snae tight radius 2^"
              << o.mpfi_log2_tight_radius << "\n";
    for (const auto& f : o.failures) std::cout << "  " << f << "\n";
}

void print(const ab::c4_outcome& o)
{
    std::cout << "C4 " << o.instance << " at " << o.bits << " bits: " << o.compared << "/" << o.planned
              << " steps compared, last Arb radius <= 2^" << o.arb_log2_radius << ", last MPFI width <= 2^"
              << o.mpfi_log2_width << "\n";
    for (const auto& f : o.failures) std::cout << "  " << f << "\n";
}

const ab::instance_spec& first_householder(const std::vector<ab::instance_spec>& list)
{
    for (const auto& in : list)
        if (in.householder && !in.linear && in.n == 6) return in;
    throw std::logic_error("no relu Householder n=6 instance");
}
} // namespace

BOOST_AUTO_TEST_SUITE(arb_agreement)

// The exact comparison of a ball with a box: touching endpoints overlap, a
// gap of 2^-200 does not (an inexact comparison would miss one of the two).
BOOST_AUTO_TEST_CASE(ball_box_overlap_is_exact)
{
    ab::ball x; // [1 +- 2^-10]
    arb_one(x.get());
    mag_set_ui_2exp_si(arb_radref(x.get()), 1, -10);
    mpfr_t lo, hi;
    mpfr_inits2(512, lo, hi, static_cast<mpfr_ptr>(nullptr));
    mpfr_set_ui(lo, 1, MPFR_RNDN);
    mpfr_add_d(lo, lo, 0x1p-10, MPFR_RNDN); // exactly 1 + 2^-10
    mpfr_set_ui(hi, 2, MPFR_RNDN);
    BOOST_TEST(ab::overlaps(x.get(), lo, hi));
    mpfr_add_d(lo, lo, 0x1p-200, MPFR_RNDN); // exactly 1 + 2^-10 + 2^-200
    BOOST_TEST(!ab::overlaps(x.get(), lo, hi));
    mpfr_clears(lo, hi, static_cast<mpfr_ptr>(nullptr));
}

// The row-pivoted variant against Arb's own routine on a matrix where the
// stock routine succeeds (linear, Householder rows, n = d = 4, w* along
// m = (1, 2, 3, 4): k = 4, clusters 0 three times and 4/n once): both
// prove the same runs, and the j-th balls intersect.
BOOST_AUTO_TEST_CASE(row_pivoted_agrees_with_stock)
{
    const slong prec = 256;
    const ab::ball_matrix x = ab::data_rows(4, 4, true, prec);
    std::vector<ab::ball> m(4);
    for (int i = 0; i < 4; ++i) arb_set_si(m[i].get(), i + 1);
    ab::ball_matrix h(4, 4);
    ab::hessian(h, x, ab::point_from_coordinates(x, m, prec), std::vector<char>(4, 1), prec);
    const ab::eigen_enclosure stock = ab::enclose_eigenvalues(h, prec, ab::eig_method::stock);
    const ab::eigen_enclosure pivoted = ab::enclose_eigenvalues(h, prec, ab::eig_method::row_pivoted);
    BOOST_TEST_REQUIRE(stock.success);
    BOOST_TEST_REQUIRE(pivoted.success);
    BOOST_TEST(stock.multiplicity == pivoted.multiplicity);
    BOOST_TEST(stock.multiplicity == (std::vector<std::size_t>{3, 1}));
    for (std::size_t j = 0; j < 4; ++j) BOOST_TEST(arb_overlaps(stock.eigenvalue(j), pivoted.eigenvalue(j)), j);
}

// C3 at 512 bits, radius 2^-200, on the certified claim's 12 instances.
BOOST_AUTO_TEST_CASE(c3_both_certify_and_intersect)
{
    for (const auto& in : ab::c3_instances()) {
        const ab::c3_outcome o = ab::check_c3(in, 512, -200);
        print(o);
        BOOST_TEST(o.agree(), o.instance);
        // Both enclose to far below the cluster radius: Arb's balls within
        // 2^-400 (a few hundred ulps at 513 bits would do; a ball as wide as
        // the radius would prove the counts only barely).
        BOOST_TEST(o.arb_log2_max_radius < -400.0, o.instance);
    }
}

// C4's prefix at mpfi:128, eta = 0.3, 100 steps, on the certified claim's 8 instances.
BOOST_AUTO_TEST_CASE(c4_every_step_intersects)
{
    for (const auto& in : ab::c4_instances()) {
        const ab::c4_outcome o = ab::check_c4(in, 128, 3, 10, 100);
        print(o);
        BOOST_TEST(o.agree(), o.instance);
    }
}

// A Hessian moved by 2^-100 on the diagonal: every eigenvalue moves by
// 2^-100, far outside the 2^-200 clusters and Arb's and snae's radii.
BOOST_AUTO_TEST_CASE(c3_shift_by_2_pow_minus_100_is_refused_and_disjoint)
{
    const ab::c3_outcome o = ab::check_c3(first_householder(ab::c3_instances()), 512, -200, -100);
    print(o);
    BOOST_TEST(o.mpfi_certified);
    BOOST_TEST(!o.arb_certified);
    BOOST_TEST(o.disjoint > 0u);
    BOOST_TEST(!o.agree());
}

// Moved by 2^-300 only: Arb still proves the clusters at 2^-200, so only the
// intersection with snae's tight enclosures (about 2^-490) can see it.
BOOST_AUTO_TEST_CASE(c3_shift_by_2_pow_minus_300_is_caught_by_intersection_only)
{
    const ab::c3_outcome o = ab::check_c3(first_householder(ab::c3_instances()), 512, -200, -300);
    print(o);
    BOOST_TEST(o.mpfi_certified);
    BOOST_TEST(o.arb_certified);
    BOOST_TEST(o.disjoint > 0u);
    BOOST_TEST(!o.agree());
}

// An Arb run with eta + 2^-100: the first step moves w by about
// 2^-100 |grad L(w0)|, while both enclosures are then about 2^-125 wide
// (128 bits, a few roundings), so the balls leave the trainer's boxes.
BOOST_AUTO_TEST_CASE(c4_eta_moved_by_2_pow_minus_100_is_disjoint)
{
    const ab::c4_outcome o = ab::check_c4(first_householder(ab::c4_instances()), 128, 3, 10, 100, -100);
    print(o);
    BOOST_TEST(static_cast<bool>(o.first_disjoint));
    BOOST_TEST(!o.agree());
}

BOOST_AUTO_TEST_SUITE_END()
