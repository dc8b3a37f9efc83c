// C4, certified: for every step t = 1..T of full-batch GD (all T planned
// steps, or nothing is certified), the enclosure A_t of the trajectory (the
// generic trainer in interval arithmetic) and the enclosure B_t of
// alpha_t P w0 + beta_t (w0 - P w0) (the two-number recurrence in interval
// arithmetic) overlap. What is proven is the inequality that follows:
// ||w_t - (alpha_t P w0 + beta_t (w0 - P w0))||_inf <= eps_t =
// max_j sup |A_t[j] - B_t[j]| for the exact iterate and the exact
// recurrence, and max_t eps_t stays narrow.
#include "instance.hpp"

#include <cmath>

namespace snae::claims::certified {

namespace {
void c4_at(const instance& in, const std::string& eta_text, std::uint64_t steps, const check_options& opt, tally& t)
{
    const std::string where = scalar_traits<interval>::name() + " " + in.name() + " eta=" + eta_text;
    const auto data = in.data();
    const std::size_t n = in.n, d = in.d;
    const std::vector<interval> w0 = in.start();

    // The split of w0 by P = P(w0), in interval arithmetic: P must be
    // decided on the enclosures of c_i(w0).
    std::vector<interval> c0(n), p_coords(n, interval(0));
    interval scratch, S0(0), R0(0);
    for (std::size_t i = 0; i < n; ++i) {
        data.coord(i, w0, c0[i], scratch);
        if (is_active(in.act, c0[i])) { // throws undecidable_sign if c_i(w0) straddles 0
            p_coords[i] = c0[i];
            detail::add_square(S0, c0[i], scratch);
        }
    }
    const std::vector<interval> p_part = combine(data, p_coords);
    std::vector<interval> rest = w0;
    for (std::size_t j = 0; j < d; ++j) rest[j] -= p_part[j];
    for (const interval& x : rest) detail::add_square(R0, x, scratch);

    const interval eta = from_decimal<interval>(eta_text); // an enclosure of the decimal step size
    // The wrong case "eta": the recurrence alone uses eta + 2^-100.
    const interval eta_rec = opt.wrong_case == "eta" ? interval(eta + ldexp(interval(1), -100)) : eta;
    const interval h = eta_rec / interval(static_cast<long>(n));
    const interval one(1), two(2);
    interval alpha(1), beta(1);
    std::vector<interval> w = w0;
    trainer<interval> tr(data, in.act, eta);
    tr.reset(w);
    auto batch = batch_sampler::full(n);

    const long p = scalar_traits<interval>::digits();
    double worst_eps = -HUGE_VAL, worst_width = -HUGE_VAL; // log2, rounded up
    std::uint64_t compared = 0, first_gap = 0;
    std::string stopped; // why the comparison ended before `steps`, if it did
    std::vector<double> width_at; // log2 of the trajectory width per step
    for (std::uint64_t s = 0; s < steps; ++s) {
        const interval S = alpha * alpha * S0;
        const interval N = S + beta * beta * R0;
        const interval fa = one - h * (N + S - two);
        const interval fb = one - h * (opt.wrong_prediction ? N : S);
        if (in.act == activation::relu && (sign_of(fa) != sign::positive || sign_of(fb) != sign::positive)) {
            // The decomposition is the claim while both factors are positive
            // (relu): stop comparing at the first step where that is not certain.
            t.details["first_step_without_positive_factors"][where] = s;
            stopped = "the recurrence factors are not certainly positive at step " + std::to_string(s);
            break;
        }
        alpha *= fa;
        beta *= fb;
        try {
            tr.step(w, batch.next());
        } catch (const undecidable_sign& e) {
            t.require(where, "the trajectory's ReLU signs decided at step " + std::to_string(s) + " (" + e.what() + ")", false);
            return;
        }
        double eps = -HUGE_VAL; // log2
        bool all_overlap = true;
        for (std::size_t j = 0; j < d; ++j) {
            const interval b = alpha * p_part[j] + beta * rest[j];
            all_overlap = all_overlap && overlap(w[j], b);
            const double m = log2_magnitude_bound(interval(w[j] - b));
            if (!(m <= eps)) eps = m; // NaN propagates
        }
        ++compared;
        if (!all_overlap && first_gap == 0) first_gap = s + 1;
        if (!(eps <= worst_eps)) worst_eps = eps; // NaN (a box grown to infinity) propagates
        const double log2_width = max_width(w).log2;
        if (!(log2_width <= worst_width)) worst_width = log2_width; // NaN propagates
        width_at.push_back(log2_width);
        if (!all_overlap) {
            t.require(where, "trajectory and recurrence enclosures overlap at step " + std::to_string(s + 1), false);
            return;
        }
    }
    // Nothing short of all planned steps is certified.
    t.require(where, "all T = " + std::to_string(steps) + " planned steps compared" + (stopped.empty() ? "" : " (" + stopped + ")"),
              compared == steps);
    if (compared != steps) return;
    t.require(where, "trajectory and recurrence enclosures overlap at all " + std::to_string(compared) + " steps", true);
    // Narrow: eps_t, the certified bound on |w_t - recurrence_t|, stays below
    // 2^(p/2) u = 2^-(p/2): at least half of the working bits survive. The
    // widths grow geometrically (the wrapping effect of interval arithmetic,
    // reported as bits lost per step), not like rounding errors, so no
    // K (t + 1) u bound holds for them; this is a usefulness threshold.
    record_narrow(t, where, "certified |w_t - (alpha_t P w0 + beta_t (w0 - P w0))| <= 2^(p/2) u at every step", worst_eps,
                  -static_cast<double>(p - p / 2));
    auto log2_json = [](double l) { return std::isfinite(l) ? nlohmann::json(l) : nlohmann::json(nullptr); };
    // Growth from the first step with a non-zero width to the last.
    double bits_per_step = 0;
    std::size_t first = 0;
    while (first < width_at.size() && !std::isfinite(width_at[first])) ++first;
    if (first + 1 < width_at.size() && std::isfinite(width_at.back()))
        bits_per_step = (width_at.back() - width_at[first]) / static_cast<double>(width_at.size() - 1 - first);
    if (worst_eps <= -static_cast<double>(p - p / 2)) {
        nlohmann::json hyp = in.hypotheses();
        hyp["eta"] = "the decimal " + eta_text + " exactly (enclosed)";
        hyp["steps"] = steps;
        hyp["method"] = "full-batch GD, the reference step of snae/trainer.hpp in exact arithmetic";
        hyp["P"] = "P(w0) = {i : c_i(w0) > 0} (relu; all i for linear), decided on the enclosures of c_i(w0)";
        hyp["kink"] = "every ReLU sign along the trajectory was decided on its box, so the exact iterates never meet "
                      "c_i = 0 and the convention at the kink plays no part";
        t.prove(where, "max over t = 1.." + std::to_string(steps) + " of ||w_t - (alpha_t P w0 + beta_t (w0 - P w0))||_inf <= 2^" +
                           log2_text(worst_eps),
                hyp);
    }
    t.details["enclosures"][scalar_traits<interval>::name()][where] = {
        {"steps", compared}, {"planned_steps", steps}, {"log2_max_certified_distance", log2_json(worst_eps)},
        {"log2_max_trajectory_width", log2_json(worst_width)},
        {"max_trajectory_width_in_u", std::isfinite(worst_width) ? std::exp2(worst_width + static_cast<double>(p)) : 0.0},
        {"bits_lost_per_step", bits_per_step}};
}
} // namespace

void check_gd_recurrence(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto act : {activation::relu, activation::linear})
        for (auto [n, d] : {std::pair<std::size_t, std::size_t>{4, 4}, {6, 10}})
            for (bool hh : {false, true}) list.push_back({n, d, act, hh, 8});
    // Interval iteration loses bits at a rate set by the step size (the
    // wrapping effect; docs/certified.md): about 0.3-0.6 bits per step at
    // eta = 0.3, about 1 at eta = n/4. Each precision gets the steps and
    // step sizes whose loss stays below half its bits.
    struct plan {
        long bits;
        std::uint64_t steps_03, steps_quarter_n; // steps at eta = 0.3 and at eta = n/4 (0: not run)
    };
    std::vector<plan> plans = {{128, 100, 0}, {256, 200, 0}, {1024, 200, 200}};
    if (opt.full) plans.push_back({4096, 2000, 1000});
    for (const auto& pl : plans) {
        precision_scope<interval> guard(pl.bits);
        t.precision(scalar_traits<interval>::name());
        for (const auto& in : list) {
            t.instance(in.name());
            c4_at(in, "0.3", pl.steps_03, opt, t); // not dyadic: enclosed
            if (pl.steps_quarter_n) c4_at(in, std::to_string(in.n * 25) + "e-2", pl.steps_quarter_n, opt, t);
        }
    }
}

} // namespace snae::claims::certified
