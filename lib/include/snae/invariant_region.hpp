// Invariant regions and contractions, proven in interval arithmetic: the
// step of a for-all-t certificate that follows an enclosure of a finite
// prefix (docs/certified.md, "Certificates for every step").
//
// Given a map F: R^m -> R^m as a generic callable (called with vectors of
// `interval` and of `dual<interval>`), a box R, a candidate z in R and
// weights w_i > 0 of the norm ||x||_w = max_i |x_i| / w_i, it proves over
// the whole of R:
//   (guards) each named quantity g_k(x) is > 0 for every x in R;
//   (contraction) rho = max_i sum_j sup|J_ij(R)| w_j / w_i < 1, where J(R)
//       encloses the Jacobian of F at every point of R; R is convex, so by
//       the mean value theorem ||F(x) - F(y)||_w <= rho ||x - y||_w on R;
//   (invariance) F(R) is inside R, with F(R) enclosed by the intersection of
//       the naive enclosure and the mean-value form F(z) + J(R) (R - z).
// Banach's fixed-point theorem then gives a unique fixed point x* in R, and
// every orbit that enters R stays in R with ||x_t - x*||_w <= rho^t
// ||x_0 - x*||_w. x* is enclosed by ||x* - z||_w <= ||F(z) - z||_w / (1 - rho):
// when the enclosure of F(z) is the point z itself, x* = z exactly.
// Nothing is proven unless every condition holds; a refusal names the
// condition.
#pragma once

#include "snae/hessian.hpp"
#include "snae/interval.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace snae {

using interval_box = std::vector<interval>;

/// One condition of the certificate and whether it was established.
struct region_condition {
    std::string what;
    bool holds = false;
};

struct region_certificate {
    bool certified = false;                ///< every condition holds
    std::vector<region_condition> conditions; ///< in the order checked
    interval rho;                          ///< [rho, rho]: the contraction bound, rounded up
    interval_box image;                    ///< an enclosure of F(R)
    interval_box jacobian;                 ///< m x m row-major enclosure of J over R
    interval_box fixed_point;              ///< an enclosure of the unique fixed point in R
    /// The first condition that failed ("" when certified).
    std::string failure() const;
};

/// The point interval at x's midpoint (rounded to nearest): a point of x.
interval midpoint(const interval& x);

/// (F(m) + J (X - m)) intersected with the naive enclosure, per component.
interval_box mean_value_combine(const interval_box& naive, const interval_box& f_m, const interval_box& jacobian,
                                const interval_box& x, const interval_box& m);

/// The value part and the Jacobian (m x m, row-major) of F over the box x,
/// from m forward-mode passes in dual<interval>: column j seeds e_j.
template <class Map>
void value_and_jacobian(Map&& F, const interval_box& x, interval_box& value, interval_box& jacobian)
{
    const std::size_t m = x.size();
    jacobian.assign(m * m, interval(0));
    for (std::size_t j = 0; j < m; ++j) {
        std::vector<dual<interval>> xd;
        xd.reserve(m);
        for (std::size_t k = 0; k < m; ++k) xd.emplace_back(x[k], interval(k == j ? 1 : 0));
        const std::vector<dual<interval>> y = F(xd);
        if (j == 0) {
            value.clear();
            for (const auto& yi : y) value.push_back(yi.a);
        }
        for (std::size_t i = 0; i < m; ++i) jacobian[i * m + j] = y[i].b;
    }
}

/// An enclosure of F(X) by the mean-value form F(m) + J(X)(X - m), m the
/// midpoint of X, intersected with the naive enclosure. Iterating a map on
/// boxes with it, the widths grow with |J| near a contraction instead of
/// with the sum of the absolute values of every occurrence of a variable
/// (for u (1 - h(2u^2 - 2)) that is 1 + 8h per step where J = 1 - 4h).
template <class Map>
interval_box mean_value_image(Map&& F, const interval_box& x)
{
    interval_box naive, jacobian, m;
    value_and_jacobian(F, x, naive, jacobian);
    for (const interval& xi : x) m.push_back(midpoint(xi));
    return mean_value_combine(naive, F(m), jacobian, x, m);
}

/// A named quantity that must be > 0 on the whole region, enclosed over it.
struct region_guard {
    std::string name;
    interval value;
};

/// The decision, from enclosures already computed (the non-template part).
region_certificate decide_region(const interval_box& region, const interval_box& z, const interval_box& weights,
                                 const interval_box& f_region, const interval_box& jacobian, const interval_box& f_z,
                                 const std::vector<region_guard>& guards);

/// Certifies R for F (header comment). `guards(box)` returns the quantities
/// that must be positive, enclosed over the box (may return none).
template <class Map, class Guards>
region_certificate certify_invariant_region(Map&& F, Guards&& guards, const interval_box& region, const interval_box& z,
                                            const interval_box& weights)
{
    interval_box f_region, jacobian;
    value_and_jacobian(F, region, f_region, jacobian);
    const interval_box f_z = F(z);
    return decide_region(region, z, weights, f_region, jacobian, f_z, guards(region));
}

/// ||x||_w over a box: sup over x in the box of max_i |x_i - c_i| / w_i,
/// rounded up (c: a box too; the sup is over both).
interval weighted_distance_bound(const interval_box& x, const interval_box& c, const interval_box& weights);

/// q lies in the interior of x (both endpoints strictly inside).
bool strictly_inside(const interval& q, const interval& x);

/// An interval Newton test for a zero of a scalar g on a box X: with m the
/// midpoint, N = m - g(m) / g'(X); if N lies strictly inside X, g has
/// exactly one zero in X, and it lies in N (returned through `zero`). g is
/// a generic callable (interval and dual<interval>).
template <class G>
bool interval_newton(G&& g, const interval& box, interval& zero)
{
    const interval mid = midpoint(box);
    const interval g_mid = g(mid);
    const dual<interval> slope = g(dual<interval>(box, interval(1)));
    const sign s = sign_of(slope.b);
    if (s != sign::positive && s != sign::negative) return false; // g' may vanish on X
    zero = mid - g_mid / slope.b;
    return strictly_inside(zero, box);
}

} // namespace snae
