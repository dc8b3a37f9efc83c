// C5, certified for every t: full-batch GD from w0 converges to
// P w0/||P w0||. An enclosure of the first T steps of the pair map (GD
// reduced exactly to (u, v) = (||P w_t||, ||w_t - P w_t||)) lies in R, and
// R is an invariant region on which the map contracts (for_all_t.hpp), so
// for every t >= T: P(w_t) = P(w0), (u_t, v_t) in R, and
// ||w_t - P w0/||P w0|| ||_2 <= sqrt(2) e_T rho^(t - T). The limit, as a
// vector, is then compared with the prediction computed in R^d.
#include "for_all_t.hpp"

namespace snae::proofs_checks::certified {

namespace {
constexpr long log2_delta = -10;
constexpr std::uint64_t max_steps = 20000;

/// The prediction P w0/||P w0||, normalised in R^d (not from u0), or a wrong one.
std::vector<interval> predicted_limit(const instance& in, const dataset<interval>& data, const check_options& opt)
{
    instance other = in;
    if (opt.wrong_prediction) other.seed = in.seed + 1; // the positive part of another start
    const gd_reduction red(other, data, other.start<interval>());
    interval nn(0), scratch;
    for (const interval& x : red.a0) detail::add_square(nn, x, scratch);
    const interval norm = sqrt_nonneg(nn);
    std::vector<interval> p = red.a0;
    for (interval& x : p) {
        x /= norm;
        if (opt.wrong_case == "fine") x += ldexp(interval(1), -100); // the limit shifted by 2^-100
    }
    return p;
}

void c5_at(const instance& in, const std::string& eta_text, const check_options& opt, tally& t)
{
    const std::string where = where_at(in) + " eta=" + eta_text;
    const auto data = in.data<interval>();
    const std::vector<interval> w0 = in.start<interval>();
    const gd_reduction red(in, data, w0);
    const interval h = from_decimal<interval>(eta_text) / interval(static_cast<long>(in.n));
    const gd_for_all_t c = certify_gd_for_all_t(red, in.act, h, log2_delta, max_steps);
    record_for_all_t(t, where, c, max_steps);
    if (!c.certified()) return;
    // lim w_t = (u*/u0) a0 + (v*/v0) r0 with (u*, v*) the certified fixed point.
    const interval_box& fp = c.region.fixed_point;
    const bool v_zero = sign_of(fp[1]) == sign::zero;
    const std::vector<interval> pred = predicted_limit(in, data, opt);
    bool overlaps = true;
    double eps = -HUGE_VAL;
    for (std::size_t j = 0; j < in.d; ++j) {
        interval lim = fp[0] / red.u0 * red.a0[j];
        if (!v_zero) lim += fp[1] / red.v0 * red.r0[j];
        overlaps = overlaps && overlap(lim, pred[j]);
        const double e = log2_magnitude_bound(interval(lim - pred[j]));
        if (!(e <= eps)) eps = e;
    }
    t.require(where, "the limit's enclosure and the predicted P w0/||P w0|| overlap in every coordinate", overlaps);
    if (!overlaps) return;
    record_narrow(t, where, "||lim w_t - prediction||_inf <= 2^(p/2) u", eps, half_precision_log2());
    const interval bound = sqrt(interval(2)) * c.e_T;
    const std::string statement =
            "for every t >= T = " + std::to_string(c.T) + ": P(w_t) = P(w0), (||P w_t||, ||w_t - P w_t||) in " +
                pair_region_text(log2_delta) + ", ||w_t - P w0/||P w0|| ||_2 <= " + pow2_text(bound) + " rho^(t - T) with rho <= " +
                upper_text(c.region.rho) + "; so w_t -> P w0/||P w0||, and ||lim w_t - prediction||_inf <= 2^" + log2_text(eps);
    t.prove(where, statement, gd_hypotheses(in, eta_text), gd_certificate(c, log2_delta));
    t.export_certificate(gd_export(in, eta_text, red, c, log2_delta, statement, nullptr));
}
} // namespace

void check_gd_limit(const check_options& opt, tally& t)
{
    for_each_instance(for_all_t_ladder(opt.full), t, gd_instances(opt.full, 64), [&](rung<interval>, const instance& in) {
        c5_at(in, "0.3", opt, t);
        c5_at(in, hundredths(static_cast<long>(in.n) * 25), opt, t); // n/4
    });
}

} // namespace snae::proofs_checks::certified
