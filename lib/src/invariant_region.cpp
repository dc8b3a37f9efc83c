// The decision of an invariant-region certificate (snae/invariant_region.hpp):
// every bound is an interval computation read at the endpoint that makes
// it hold for the whole box, so a condition is established only when it is
// certain.
#include "snae/invariant_region.hpp"

#include <cmath>
#include <stdexcept>

namespace snae {

namespace {
/// Whether every value of x is < 1 (upper endpoint below 1).
bool certainly_below_one(const interval& x) { return sign_of(interval(interval(1) - x)) == sign::positive; }

/// The point interval [sup x, sup x]: an upper bound that is itself a number.
interval upper_point(const interval& x)
{
    interval r(x);
    mpfr_set(&r.backend().data()->left, &r.backend().data()->right, MPFR_RNDU);
    return r;
}

/// a intersected with b: where both enclose the same value, so does this.
interval intersect(const interval& a, const interval& b)
{
    interval r;
    mpfi_intersect(r.backend().data(), a.backend().data(), b.backend().data());
    return r;
}

/// rho = max_i sum_j sup|J_ij| w_j / w_i, rounded up.
interval contraction_bound(const interval_box& jacobian, const interval_box& weights)
{
    const std::size_t m = weights.size();
    interval rho(0);
    for (std::size_t i = 0; i < m; ++i) {
        interval row(0);
        for (std::size_t j = 0; j < m; ++j)
            row += scalar_traits<interval>::magnitude(jacobian[i * m + j]) * weights[j] / weights[i];
        rho = scalar_traits<interval>::max(rho, upper_point(row));
    }
    return upper_point(rho);
}

/// sup x in 8 significant digits, rounded up.
std::string upper_text(const interval& x)
{
    char* buf = nullptr;
    mpfr_asprintf(&buf, "%.7RUe", &x.backend().data()->right);
    std::string out(buf);
    mpfr_free_str(buf);
    return out;
}

std::string component(std::size_t i) { return "component " + std::to_string(i); }
} // namespace

bool strictly_inside(const interval& q, const interval& x)
{
    mpfi_srcptr a = q.backend().data(), b = x.backend().data();
    if (mpfi_nan_p(a) || mpfi_nan_p(b)) return false;
    return mpfr_greater_p(&a->left, &b->left) && mpfr_less_p(&a->right, &b->right);
}

interval midpoint(const interval& x)
{
    interval r(x);
    mpfi_mid(&r.backend().data()->left, x.backend().data());
    mpfr_set(&r.backend().data()->right, &r.backend().data()->left, MPFR_RNDN);
    return r;
}

interval_box mean_value_combine(const interval_box& naive, const interval_box& f_m, const interval_box& jacobian,
                                const interval_box& x, const interval_box& m)
{
    const std::size_t k = x.size();
    interval_box out(k);
    for (std::size_t i = 0; i < k; ++i) {
        interval mv = f_m[i];
        for (std::size_t j = 0; j < k; ++j) mv += jacobian[i * k + j] * (x[j] - m[j]);
        out[i] = intersect(naive[i], mv);
    }
    return out;
}

interval weighted_distance_bound(const interval_box& x, const interval_box& c, const interval_box& weights)
{
    interval worst(0);
    for (std::size_t i = 0; i < x.size(); ++i)
        worst = scalar_traits<interval>::max(worst, upper_point(scalar_traits<interval>::magnitude(x[i] - c[i]) / weights[i]));
    return upper_point(worst);
}

std::string region_certificate::failure() const
{
    for (const auto& c : conditions)
        if (!c.holds) return c.what;
    return "";
}

region_certificate decide_region(const interval_box& region, const interval_box& z, const interval_box& weights,
                                 const interval_box& f_region, const interval_box& jacobian, const interval_box& f_z,
                                 const std::vector<region_guard>& guards)
{
    const std::size_t m = region.size();
    if (z.size() != m || weights.size() != m || f_region.size() != m || f_z.size() != m || jacobian.size() != m * m)
        throw std::invalid_argument("decide_region: sizes differ");
    region_certificate c;
    c.jacobian = jacobian;
    bool z_inside = true;
    for (std::size_t i = 0; i < m; ++i) z_inside = z_inside && subset(z[i], region[i]);
    c.conditions.push_back({"the candidate z lies in R", z_inside});
    for (const auto& g : guards)
        c.conditions.push_back({g.name + " > 0 on R", sign_of(g.value) == sign::positive});
    c.rho = contraction_bound(jacobian, weights);
    c.conditions.push_back({"contraction bound rho < 1 on R (rho <= " + upper_text(c.rho) + ")", certainly_below_one(c.rho)});
    // F(R): the naive enclosure intersected with the mean-value form
    // F(z) + J(R)(R - z), both enclosures of the same image.
    bool inside = true;
    std::string outside;
    c.image = mean_value_combine(f_region, f_z, jacobian, region, z);
    for (std::size_t i = 0; i < m; ++i) {
        if (!subset(c.image[i], region[i]) && inside) {
            inside = false;
            outside = " (" + component(i) + " leaves R)";
        }
    }
    c.conditions.push_back({"F(R) inside R" + outside, inside});
    c.certified = c.failure().empty();
    if (!c.certified) return c;
    // ||x* - z||_w <= ||F(z) - z||_w / (1 - rho), intersected with R.
    const interval r = weighted_distance_bound(f_z, z, weights) / (interval(1) - c.rho);
    c.fixed_point.resize(m);
    for (std::size_t i = 0; i < m; ++i) {
        const interval ball = z[i] + upper_point(r * weights[i]) * interval(-1, 1);
        c.fixed_point[i] = intersect(ball, region[i]);
    }
    return c;
}

} // namespace snae
