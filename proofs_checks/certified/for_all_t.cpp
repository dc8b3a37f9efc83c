#include "for_all_t.hpp"

#include <cmath>

namespace snae::proofs_checks::certified {

interval_box pair_region(long log2_delta)
{
    const interval delta = ldexp(interval(1), static_cast<int>(log2_delta)); // exact: a power of two
    return {interval(1) + delta * interval(-1, 1), delta * interval(0, 1)};
}

std::string pair_region_text(long log2_delta)
{
    const std::string d = "2^" + std::to_string(log2_delta);
    return "R = [1 - " + d + ", 1 + " + d + "] x [0, " + d + "]";
}

std::string pow2_text(const interval& x) { return "2^" + log2_text(log2_magnitude_bound(x)); }

std::string upper_text(const interval& x)
{
    const double up = upper_bound(x); // rounded up
    return format_number(std::nextafter(std::ceil(up * 1e7) / 1e7, HUGE_VAL), "%.7f");
}

pair_region_result certify_pair_region(const std::vector<interval>& hs, const std::vector<std::string>& h_names,
                                       activation act, long log2_delta)
{
    const interval_box R = pair_region(log2_delta);
    const interval_box z = {interval(1), interval(0)}, weights = {interval(1), interval(1)};
    pair_region_result out;
    out.certified = true;
    out.rho = interval(0);
    for (std::size_t k = 0; k < hs.size(); ++k) {
        const interval& h = hs[k];
        auto map = [&](const auto& x) {
            using V = typename std::decay_t<decltype(x)>::value_type;
            return pair_map(x, V(h));
        };
        auto guards = [&](const interval_box& box) {
            std::vector<region_guard> g;
            if (act != activation::relu) return g; // linear: every sample is active whatever the signs
            const auto f = pair_map_factors(box, h);
            g.push_back({"u's factor 1 - h(2u^2 + v^2 - 2)", f[0]});
            g.push_back({"v's factor 1 - h u^2", f[1]});
            return g;
        };
        const region_certificate c = certify_invariant_region(map, guards, R, z, weights);
        for (const auto& cond : c.conditions)
            out.conditions.push_back({cond.what + (hs.size() > 1 ? " for " + h_names[k] : ""), cond.holds});
        out.certified = out.certified && c.certified;
        out.rho = scalar_traits<interval>::max(out.rho, c.rho);
        if (k == 0) out.fixed_point = c.fixed_point;
    }
    return out;
}

gd_reduction::gd_reduction(const instance& in, const dataset<interval>& data, const std::vector<interval>& w0)
{
    const data_coordinates<interval> s = to_data_coordinates(data, w0);
    const std::size_t n = data.n();
    in_p.assign(n, 0);
    std::vector<interval> p_coords(n, interval(0));
    interval S0(0), R0 = s.rest2, scratch;
    for (std::size_t i = 0; i < n; ++i) {
        in_p[i] = is_active(in.act, s.c[i]) ? 1 : 0; // throws undecidable_sign on a box across 0
        if (in_p[i]) p_coords[i] = s.c[i];
        detail::add_square(in_p[i] ? S0 : R0, s.c[i], scratch);
    }
    u0 = sqrt_nonneg(S0);
    v0 = sqrt_nonneg(R0);
    a0 = combine(data, p_coords);
    r0 = w0;
    for (std::size_t j = 0; j < r0.size(); ++j) r0[j] -= a0[j];
}

gd_for_all_t certify_gd_for_all_t(const gd_reduction& red, activation act, const interval& h, long log2_delta,
                                  std::uint64_t max_steps)
{
    gd_for_all_t c;
    const interval_box R = pair_region(log2_delta);
    interval_box x = {red.u0, red.v0};
    auto map = [&](const auto& y) {
        using V = typename std::decay_t<decltype(y)>::value_type;
        return pair_map(y, V(h));
    };
    for (c.T = 0; c.T <= max_steps; ++c.T) {
        if (subset(x[0], R[0]) && subset(x[1], R[1])) {
            c.entered = true;
            break;
        }
        if (c.T == max_steps) break;
        if (act == activation::relu) {
            // The reduction holds while both factors are positive: P stays
            // active, the other coordinates keep their signs.
            const auto f = pair_map_factors(x, h);
            if (sign_of(f[0]) != sign::positive || sign_of(f[1]) != sign::positive) {
                c.prefix_failure = "the pair map's factors are not certainly positive at step " + std::to_string(c.T);
                break;
            }
        }
        x = mean_value_image(map, x); // the naive image would widen by 1 + 8h per step
    }
    if (!c.entered && c.prefix_failure.empty())
        c.prefix_failure = "R not entered within " + std::to_string(max_steps) + " steps";
    c.x_T = x;
    c.e_T = weighted_distance_bound(x, {interval(1), interval(0)}, {interval(1), interval(1)});
    c.region = certify_pair_region({h}, {"h"}, act, log2_delta);
    return c;
}

void record_for_all_t(tally& t, const std::string& where, const gd_for_all_t& c, std::uint64_t max_steps)
{
    t.require(where, "the prefix enters R within " + std::to_string(max_steps) + " steps" +
                         (c.prefix_failure.empty() ? "" : " (" + c.prefix_failure + ")"),
              c.entered);
    for (const auto& cond : c.region.conditions) t.require(where, cond.what, cond.holds);
    if (c.entered) record_narrow(t, where, "the prefix's last box is narrow: width <= 2^(p/2) u", max_width(c.x_T).log2, half_precision_log2());
}

nlohmann::json gd_hypotheses(const instance& in, const std::string& eta_text)
{
    nlohmann::json h = hypotheses(in);
    h["eta"] = eta_text + ", enclosed";
    h["method"] = "full-batch GD; reduced exactly (orthonormal data, docs/certified.md) to the pair map "
                  "(u, v) -> (u (1 - h(2u^2 + v^2 - 2)), v (1 - h u^2)), h = eta/n, u_t = ||P w_t||, v_t = ||w_t - P w_t||";
    h["P"] = "P(w0) = {i : c_i(w0) > 0} (relu; all i for linear), decided on the enclosures of c_i(w0)";
    h["kink"] = "every ReLU sign is decided on a box (c_i(w0)) or by the certified positivity of the factors, so the "
                "exact iterates never meet c_i = 0 for i in P, and coordinates with c_i(w0) = 0 stay 0 (sigma'(0) = 0)";
    return h;
}

nlohmann::json gd_certificate(const gd_for_all_t& c, long log2_delta)
{
    return {{"T", c.T},
            {"R", pair_region_text(log2_delta)},
            {"rho_upper_bound", upper_text(c.region.rho)},
            {"x_T", {outward_text(c.x_T[0], 17), outward_text(c.x_T[1], 17)}},
            {"e_T_upper_bound", pow2_text(c.e_T)}};
}

std::vector<instance> gd_instances(bool full, std::size_t full_d)
{
    std::vector<std::pair<std::size_t, std::size_t>> shapes = {{4, 6}, {6, 10}};
    if (full) shapes.insert(shapes.end(), {{32, 40}, {64, full_d}});
    std::vector<instance> list;
    for (auto act : {activation::relu, activation::linear})
        for (auto [n, d] : shapes)
            for (auto kind : {data_kind::canonical, data_kind::householder}) list.push_back({n, d, act, kind, 1});
    return list;
}

interval_ladder for_all_t_ladder(bool full) { return full ? interval_ladder{{128, 512, 1024}} : interval_ladder{{128, 512}}; }

nlohmann::json box_json(const interval_box& box)
{
    nlohmann::json j = nlohmann::json::array();
    for (const interval& x : box) j.push_back(interval_json(x));
    return j;
}

nlohmann::json gd_export(const instance& in, const std::string& eta_text, const gd_reduction& red, const gd_for_all_t& c,
                         long log2_delta, const std::string& statement, const mpq_class* rate)
{
    const mpq_class eta = decimal_rational(eta_text);
    std::vector<std::size_t> p;
    for (std::size_t i = 0; i < red.in_p.size(); ++i)
        if (red.in_p[i]) p.push_back(i);
    return {{"level", "CERTIFIED"},
            {"kind", "gd-for-all-t"},
            {"statement", statement},
            {"instance", exact_instance(in, &eta)},
            {"proof",
             {{"P", p},
              {"T", c.T},
              {"R", box_json(pair_region(log2_delta))},
              {"rho", upper_rational(c.region.rho)},
              {"rate", rate ? nlohmann::json(rational_text(*rate)) : nlohmann::json(nullptr)}}}};
}

} // namespace snae::proofs_checks::certified
