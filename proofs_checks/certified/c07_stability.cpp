// C7, certified: the GD threshold eta = n/2.
//  - Below (eta = 0.49 n): w_GD attracts, for every t >= T, as in C5.
//  - Above (eta = 0.51 n): on N = [1 - 2^-8, 1 + 2^-8] x [0, 2^-8],
//    |du'/du| > 1 everywhere, so on the invariant ray {u w_GD : u > 0}
//    (v = 0) every start in N other than w_GD leaves N: w_GD repels.
//  - And the map has a period-2 orbit {u1 w_GD, u2 w_GD}: an interval
//    Newton test proves a unique zero u1 of f(f(u)) - u in a box X whose
//    image f(X) is disjoint from X (so f(u1) != u1), with f(u) = u (1 -
//    h (2u^2 - 2)) the map on the ray; its two multipliers, (f o f)'(u1)
//    and (1 - h u1^2)(1 - h u2^2), are enclosed in (-1, 1): linearly stable.
#include "for_all_t.hpp"

#include <cmath>

namespace snae::proofs_checks::certified {

namespace {
constexpr long log2_delta = -10, log2_repel = -8;
constexpr std::uint64_t max_steps = 20000;

void attracts(const instance& in, const interval& eta, const std::string& eta_text, tally& t)
{
    const std::string where = where_at(in) + " eta=" + eta_text;
    const gd_reduction red(in, in.data<interval>(), in.start<interval>());
    const gd_for_all_t c = certify_gd_for_all_t(red, in.act, eta / interval(static_cast<long>(in.n)), log2_delta, max_steps);
    record_for_all_t(t, where, c, max_steps);
    if (!c.certified()) return;
    const std::string statement =
            "eta = " + eta_text + " < n/2 attracts: for every t >= T = " + std::to_string(c.T) + ", ||w_t - w_GD||_2 <= " +
                pow2_text(interval(sqrt(interval(2)) * c.e_T)) + " rho^(t - T), rho <= " + upper_text(c.region.rho);
    t.prove(where, statement, gd_hypotheses(in, eta_text), gd_certificate(c, log2_delta));
    t.export_certificate(gd_export(in, eta_text, red, c, log2_delta, statement, nullptr));
}

/// The exportable certificate of a statement about the map on the ray:
/// the instance, h = eta/n exactly, and the box of the proof.
nlohmann::json ray_export(const instance& in, const std::string& eta_text, const std::string& kind, nlohmann::json proof,
                          const std::string& statement)
{
    const mpq_class eta = decimal_rational(eta_text);
    proof["h"] = rational_text(mpq_class(eta / static_cast<long>(in.n)));
    return {{"level", "CERTIFIED"}, {"kind", kind}, {"statement", statement}, {"instance", exact_instance(in, &eta)}, {"proof", proof}};
}

/// f(u) = u (1 - h (2u^2 - 2)): the pair map on v = 0.
template <class V>
V ray_map(const V& u, const interval& h)
{
    return pair_map(std::vector<V>{u, V(interval(0))}, V(h))[0];
}

/// An approximation of the 2-cycle in double: iterate from 1.01.
double cycle_guess(double h)
{
    double u = 1.01;
    for (int k = 0; k < 20000; ++k) u = u * (1 - h * (2 * u * u - 2));
    return u;
}

void repels(const instance& in, const interval& eta, const std::string& eta_text, tally& t)
{
    const std::string where = where_at(in) + " eta=" + eta_text;
    const interval h = eta / interval(static_cast<long>(in.n));
    auto map = [&](const auto& x) {
        using V = typename std::decay_t<decltype(x)>::value_type;
        return pair_map(x, V(h));
    };
    interval_box value, j;
    value_and_jacobian(map, pair_region(log2_repel), value, j);
    const interval expansion = abs(j[0]);
    const bool expands = sign_of(interval(expansion - interval(1))) == sign::positive;
    t.require(where, "|du'/du| > 1 on N = " + pair_region_text(log2_repel).substr(4), expands);
    const bool factor = in.act != activation::relu ||
                        sign_of(pair_map_factors(pair_region(log2_repel), h)[0]) == sign::positive;
    t.require(where, "u's factor 1 - h(2u^2 + v^2 - 2) > 0 on N (P stays active)", factor);
    if (!expands || !factor) return;
    // 1 + 2^x with x rounded down: a lower bound on the expansion.
    const double margin = lower_bound(interval(expansion - interval(1)));
    const std::string statement =
            "eta = " + eta_text + " > n/2 repels: |du'/du| >= 1 + 2^" + format_number(std::floor(std::log2(margin) * 100) / 100, "%.2f") +
                " on N = " + pair_region_text(log2_repel).substr(4) +
                ", so on the ray {u w_GD : u > 0} every start in N other than w_GD leaves N: w_GD is not attracting";
    t.prove(where, statement, hypotheses(in));
    t.export_certificate(ray_export(in, eta_text, "gd-repels", {{"N", box_json(pair_region(log2_repel))}}, statement));
}

/// The period-2 orbit of the ray map at eta (above n/2).
void two_cycle(const instance& in, const interval& eta, const std::string& eta_text, tally& t)
{
    const std::string where = where_at(in) + " eta=" + eta_text;
    const interval h = eta / interval(static_cast<long>(in.n));
    auto g = [&](const auto& u) { return ray_map(ray_map(u, h), h) - u; };
    const double guess = cycle_guess(upper_bound(h));
    interval box = interval(guess) + ldexp(interval(1), -30) * interval(-1, 1), zero;
    bool proven = interval_newton(g, box, zero);
    for (int k = 0; proven && k < 8; ++k) { // each Newton step on the enclosure narrows it
        box = zero;
        interval next;
        if (!interval_newton(g, box, next)) break;
        zero = next;
    }
    t.require(where, "interval Newton proves a unique zero of f(f(u)) - u near u = " + format_number(guess, "%.6f"), proven);
    if (!proven) return;
    record_narrow(t, where, "the orbit's enclosure is narrow: width <= 2^(p/2) u", log2_width_bound(zero), half_precision_log2());
    const interval u2 = ray_map(zero, h);
    t.require(where, "f(X) is disjoint from X (u1 is not a fixed point of f: the period is 2)", !overlap(u2, zero));
    const dual<interval> ff = ray_map(ray_map(dual<interval>(zero, interval(1)), h), h);
    const interval mult_v = (interval(1) - h * zero * zero) * (interval(1) - h * u2 * u2);
    const bool stable = sign_of(interval(interval(1) - abs(ff.b))) == sign::positive &&
                        sign_of(interval(interval(1) - abs(mult_v))) == sign::positive;
    t.require(where, "both multipliers of the 2-cycle lie in (-1, 1)", stable);
    bool factors = true;
    for (const interval& u : {zero, u2})
        for (const interval& f : pair_map_factors(std::vector<interval>{u, interval(0)}, h))
            factors = factors && (in.act != activation::relu || sign_of(f) == sign::positive);
    t.require(where, "the factors are positive on the orbit (relu: P stays active, the rest keeps its signs)", factors);
    if (overlap(u2, zero) || !stable || !factors) return;
    const std::string statement =
            "eta = " + eta_text + ": GD has the period-2 orbit {u1 w_GD, u2 w_GD}, u1 in " + outward_text(zero, 17) +
                " (width <= 2^" + log2_text(log2_width_bound(zero)) +
                "), u2 = f(u1); multipliers (f o f)'(u1) in " + outward_text(ff.b, 7) + " and (1 - h u1^2)(1 - h u2^2) <= " + upper_text(abs(mult_v)) +
                ": linearly stable";
    t.prove(where, statement, hypotheses(in));
    t.export_certificate(ray_export(in, eta_text, "gd-two-cycle", {{"X", interval_json(zero)}}, statement));
}
} // namespace

void check_stability(const check_options& opt, tally& t)
{
    for_each_instance(for_all_t_ladder(opt.full), t, gd_instances(opt.full, 64), [&](rung<interval>, const instance& in) {
        const long n = static_cast<long>(in.n);
        const std::string below = hundredths(n * 49), above = hundredths(n * 51);
        if (opt.wrong_case == "threshold") {
            attracts(in, interval(interval(n) / interval(2) + ldexp(interval(1), -40)), "n/2 + 2^-40", t);
            return;
        }
        const bool swap = opt.wrong_prediction;
        attracts(in, from_decimal<interval>(swap ? above : below), swap ? above : below, t);
        repels(in, from_decimal<interval>(swap ? below : above), swap ? below : above, t);
        if (!swap) two_cycle(in, from_decimal<interval>(above), above, t);
    });
}

} // namespace snae::proofs_checks::certified
