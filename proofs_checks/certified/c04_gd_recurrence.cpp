// C4, certified: for every step t = 1..T of full-batch GD (all T planned
// steps, or nothing is certified), the enclosure A_t of the trajectory (the
// generic trainer in interval arithmetic) and the enclosure B_t of
// alpha_t P w0 + beta_t (w0 - P w0) (the two-number recurrence in interval
// arithmetic) overlap. What is proven is the inequality that follows:
// ||w_t - (alpha_t P w0 + beta_t (w0 - P w0))||_inf <= eps_t =
// max_j sup |A_t[j] - B_t[j]| for the exact iterate and the exact
// recurrence, and max_t eps_t stays narrow.
#include "enclosures.hpp"
#include "exact.hpp"

#include <algorithm>
#include <cmath>

namespace snae::proofs_checks::certified {

namespace {
/// w0 split by P = P(w0) in interval arithmetic (P decided on the
/// enclosures of c_i(w0)): the P-part, the rest, S0 and R0.
struct gd_split {
    std::vector<interval> p_part, rest;
    interval S0 = interval(0), R0 = interval(0);

    gd_split(const dataset<interval>& data, activation act, const std::vector<interval>& w0)
    {
        const std::size_t n = data.n();
        std::vector<interval> p_coords(n, interval(0));
        interval c, scratch;
        for (std::size_t i = 0; i < n; ++i) {
            data.coord(i, w0, c, scratch);
            if (is_active(act, c)) { // throws undecidable_sign if c_i(w0) straddles 0
                p_coords[i] = c;
                detail::add_square(S0, c, scratch);
            }
        }
        p_part = combine(data, p_coords);
        rest = w0;
        for (std::size_t j = 0; j < rest.size(); ++j) rest[j] -= p_part[j];
        for (const interval& x : rest) detail::add_square(R0, x, scratch);
    }
};

/// The trainer's boxes A_t beside the recurrence's boxes B_t, step by step.
struct comparison {
    std::uint64_t compared = 0;
    std::string stopped;                                 ///< why it ended before T, if it did
    double worst_eps = -HUGE_VAL, worst_width = -HUGE_VAL; ///< log2, rounded up; NaN propagates
    std::vector<double> width_at;                        ///< log2 of the trajectory width per step

    /// Runs up to `steps` steps; false after a failure it has recorded.
    bool run(const instance& in, const interval& eta, const interval& eta_rec, std::uint64_t steps, const check_options& opt,
             const std::string& where, tally& t)
    {
        const auto data = in.data<interval>();
        const std::vector<interval> w0 = in.start<interval>();
        const gd_split sp(data, in.act, w0);
        const interval h = eta_rec / interval(static_cast<long>(in.n)), one(1), two(2);
        interval alpha(1), beta(1);
        std::vector<interval> w = w0;
        trainer<interval> tr(data, in.act, eta);
        tr.reset(w);
        auto batch = batch_sampler::full(in.n);
        for (std::uint64_t s = 0; s < steps; ++s) {
            const interval S = alpha * alpha * sp.S0;
            const interval N = S + beta * beta * sp.R0;
            const interval fa = one - h * (N + S - two), fb = one - h * (opt.wrong_prediction ? N : S);
            if (in.act == activation::relu && (sign_of(fa) != sign::positive || sign_of(fb) != sign::positive)) {
                // The decomposition is the claim while both factors are positive (relu).
                stopped = "the recurrence factors are not certainly positive at step " + std::to_string(s);
                return true;
            }
            alpha *= fa;
            beta *= fb;
            try {
                tr.step(w, batch.next());
            } catch (const undecidable_sign& e) {
                t.require(where, "the trajectory's ReLU signs decided at step " + std::to_string(s) + " (" + e.what() + ")", false);
                return false;
            }
            if (!observe(w, alpha, beta, sp)) {
                t.require(where, "trajectory and recurrence enclosures overlap at step " + std::to_string(s + 1), false);
                return false;
            }
        }
        return true;
    }

private:
    /// eps_t = max_j sup |A_t[j] - B_t[j]| and the width at this step;
    /// whether every A_t[j] and B_t[j] overlap.
    bool observe(const std::vector<interval>& w, const interval& alpha, const interval& beta, const gd_split& sp)
    {
        double eps = -HUGE_VAL;
        bool all_overlap = true;
        for (std::size_t j = 0; j < w.size(); ++j) {
            const interval b = alpha * sp.p_part[j] + beta * sp.rest[j];
            all_overlap = all_overlap && overlap(w[j], b);
            const double m = log2_magnitude_bound(interval(w[j] - b));
            if (!(m <= eps)) eps = m;
        }
        ++compared;
        if (!(eps <= worst_eps)) worst_eps = eps;
        const double log2_width = max_width(w).log2;
        if (!(log2_width <= worst_width)) worst_width = log2_width;
        width_at.push_back(log2_width);
        return all_overlap;
    }
};

/// Bits lost per step, from the first step with a non-zero width to the last.
double bits_lost_per_step(const std::vector<double>& width_at)
{
    std::size_t first = 0;
    while (first < width_at.size() && !std::isfinite(width_at[first])) ++first;
    if (first + 1 >= width_at.size() || !std::isfinite(width_at.back())) return 0;
    return (width_at.back() - width_at[first]) / static_cast<double>(width_at.size() - 1 - first);
}

nlohmann::json c4_hypotheses(const instance& in, const std::string& eta_text, std::uint64_t steps)
{
    nlohmann::json hyp = hypotheses(in);
    hyp["eta"] = "the decimal " + eta_text + " exactly (enclosed)";
    hyp["steps"] = steps;
    hyp["method"] = "full-batch GD, the reference step of snae/trainer.hpp in exact arithmetic";
    hyp["P"] = "P(w0) = {i : c_i(w0) > 0} (relu; all i for linear), decided on the enclosures of c_i(w0)";
    hyp["kink"] = "every ReLU sign along the trajectory was decided on its box, so the exact iterates never meet "
                  "c_i = 0 and the convention at the kink plays no part";
    return hyp;
}

/// The exportable certificate (kind "interval-gd-recurrence"): T, P(w0) and
/// eps rounded up to a power of two.
nlohmann::json c4_export(const instance& in, const std::string& eta_text, std::uint64_t steps, double log2_eps)
{
    const auto data = in.data<interval>();
    const std::vector<interval> w0 = in.start<interval>();
    std::vector<std::size_t> p;
    interval c, scratch;
    for (std::size_t i = 0; i < in.n; ++i) {
        data.coord(i, w0, c, scratch);
        if (is_active(in.act, c)) p.push_back(i);
    }
    mpq_class eps(0);
    if (std::isfinite(log2_eps)) {
        const long k = static_cast<long>(std::floor(-log2_eps)); // 2^-k >= 2^log2_eps >= eps
        eps = 1;
        if (k >= 0) mpq_div_2exp(eps.get_mpq_t(), eps.get_mpq_t(), static_cast<mp_bitcnt_t>(k));
        else mpq_mul_2exp(eps.get_mpq_t(), eps.get_mpq_t(), static_cast<mp_bitcnt_t>(-k));
    }
    const mpq_class eta = decimal_rational(eta_text);
    return {{"level", "CERTIFIED"},
            {"kind", "interval-gd-recurrence"},
            {"statement", "max over t = 1.." + std::to_string(steps) + " of ||w_t - (alpha_t P w0 + beta_t (w0 - P w0))||_inf <= " +
                              rational_text(eps)},
            {"instance", exact_instance(in, &eta)},
            {"proof", {{"T", steps}, {"P", p}, {"eps", rational_text(eps)}}}};
}

void c4_at(const instance& in, const std::string& eta_text, std::uint64_t steps, const check_options& opt, tally& t)
{
    const std::string where = where_at(in) + " eta=" + eta_text;
    const interval eta = from_decimal<interval>(eta_text); // an enclosure of the decimal step size
    // The wrong case "eta": the recurrence alone uses eta + 2^-100.
    const interval eta_rec = opt.wrong_case == "eta" ? interval(eta + ldexp(interval(1), -100)) : eta;
    comparison cmp;
    if (!cmp.run(in, eta, eta_rec, steps, opt, where, t)) return;
    // Nothing short of all planned steps is certified.
    const std::string why = cmp.stopped.empty() ? "" : " (" + cmp.stopped + ")";
    t.require(where, "all T = " + std::to_string(steps) + " planned steps compared" + why, cmp.compared == steps);
    if (cmp.compared != steps) return;
    t.require(where, "trajectory and recurrence enclosures overlap at all " + std::to_string(steps) + " steps", true);
    // Narrow: eps_t, the certified bound on |w_t - recurrence_t|, stays below
    // 2^(p/2) u = 2^-(p/2): at least half of the working bits survive. The
    // widths grow geometrically (the wrapping effect of interval arithmetic,
    // reported as bits lost per step), not like rounding errors, so no
    // K (t + 1) u bound holds for them; this is a usefulness threshold.
    const long p = scalar_traits<interval>::digits();
    const double bound = -static_cast<double>(p - p / 2);
    record_narrow(t, where, "certified |w_t - (alpha_t P w0 + beta_t (w0 - P w0))| <= 2^(p/2) u at every step", cmp.worst_eps, bound);
    if (cmp.worst_eps <= bound) {
        t.prove(where, "max over t = 1.." + std::to_string(steps) + " of ||w_t - (alpha_t P w0 + beta_t (w0 - P w0))||_inf <= 2^" +
                           log2_text(cmp.worst_eps),
                c4_hypotheses(in, eta_text, steps));
        t.export_certificate(c4_export(in, eta_text, steps, cmp.worst_eps));
    }
    auto log2_json = [](double l) { return std::isfinite(l) ? nlohmann::json(l) : nlohmann::json(nullptr); };
    t.details["enclosures"][scalar_traits<interval>::name()][where] = {
        {"steps", cmp.compared}, {"planned_steps", steps}, {"log2_max_certified_distance", log2_json(cmp.worst_eps)},
        {"log2_max_trajectory_width", log2_json(cmp.worst_width)},
        {"max_trajectory_width_in_u", std::isfinite(cmp.worst_width) ? std::exp2(cmp.worst_width + static_cast<double>(p)) : 0.0},
        {"bits_lost_per_step", bits_lost_per_step(cmp.width_at)}};
}
} // namespace

void check_gd_recurrence(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto act : {activation::relu, activation::linear})
        for (auto [n, d] : {std::pair<std::size_t, std::size_t>{4, 4}, {6, 10}})
            for (auto kind : {data_kind::canonical, data_kind::householder}) list.push_back({n, d, act, kind, 8});
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
    interval_ladder ladder;
    for (const auto& pl : plans) ladder.bits.push_back(pl.bits);
    for_each_instance(ladder, t, list, [&](rung<interval> r, const instance& in) {
        const plan& pl = *std::find_if(plans.begin(), plans.end(), [&](const plan& p) { return p.bits == r.bits; });
        if (opt.wrong_case == "unstable-eta") { // relu at eta = 5n/2: the factors fail at once
            if (in.act == activation::relu) c4_at(in, std::to_string(in.n * 25) + "e-1", pl.steps_03, opt, t);
            return;
        }
        c4_at(in, "0.3", pl.steps_03, opt, t); // not dyadic: enclosed
        if (pl.steps_quarter_n) c4_at(in, std::to_string(in.n * 25) + "e-2", pl.steps_quarter_n, opt, t);
    });
    exact_gd_recurrence(opt, t); // the EXACT instances, after the interval ones
}

} // namespace snae::proofs_checks::certified
