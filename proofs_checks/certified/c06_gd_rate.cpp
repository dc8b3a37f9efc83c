// C6, certified: the rate of full-batch GD towards w_GD is
// r = max(|1 - 4 eta/n|, 1 - eta/n), from both sides.
//  - Upper: on a small R (delta = 2^-30) the pair map contracts by rho with
//    rho <= r + 2^-20, proven over R, for every t >= T (as in C5).
//  - Lower: the Jacobian of the pair map at the limit (1, 0), enclosed, is
//    diagonal (its off-diagonal entries are exactly 0), so its spectral
//    radius is max(|J_11|, |J_22|), enclosed; the prediction must lie in
//    that enclosure. Along P w0 and along w0 - P w0 the map stretches
//    distances to the limit by |J_11| and |J_22| to first order, so no
//    contraction bound below the spectral radius holds on any neighbourhood
//    of w_GD in the invariant half-plane.
#include "for_all_t.hpp"

namespace snae::proofs_checks::certified {

namespace {
constexpr long log2_delta = -30;
constexpr long log2_slack = -20; // the stated delta between rho and the rate
constexpr std::uint64_t max_steps = 20000;

/// max(|1 - 4h|, 1 - h), or the wrong predictions.
interval predicted_rate(const interval& h, const check_options& opt)
{
    const interval radial = abs(interval(interval(1) - interval(4) * h)), off = interval(1) - h;
    if (opt.wrong_prediction) return scalar_traits<interval>::max(interval(-radial), interval(-off)) * interval(-1); // min
    const interval r = scalar_traits<interval>::max(radial, off);
    return opt.wrong_case == "fine" ? interval(r - ldexp(interval(1), -40)) : r;
}

/// The spectral radius of J(1, 0) when J is diagonal; NaN otherwise.
interval spectral_radius_at_limit(const interval& h)
{
    auto map = [&](const auto& x) {
        using V = typename std::decay_t<decltype(x)>::value_type;
        return pair_map(x, V(h));
    };
    interval_box value, j;
    value_and_jacobian(map, {interval(1), interval(0)}, value, j);
    if (sign_of(j[1]) != sign::zero || sign_of(j[2]) != sign::zero) return interval(std::numeric_limits<double>::quiet_NaN());
    return scalar_traits<interval>::max(abs(j[0]), abs(j[3]));
}

void c6_at(const instance& in, const std::string& eta_text, const check_options& opt, tally& t)
{
    const std::string where = where_at(in) + " eta=" + eta_text;
    const auto data = in.data<interval>();
    const gd_reduction red(in, data, in.start<interval>());
    const interval h = from_decimal<interval>(eta_text) / interval(static_cast<long>(in.n));
    const gd_for_all_t c = certify_gd_for_all_t(red, in.act, h, log2_delta, max_steps);
    record_for_all_t(t, where, c, max_steps);
    t.require(where, "v0 = ||w0 - P w0|| > 0 (the off-support factor is part of the rate)", sign_of(red.v0) == sign::positive);
    const interval rate = predicted_rate(h, opt), radius = spectral_radius_at_limit(h);
    t.require(where, "the spectral radius of the pair map's Jacobian at (1, 0), enclosed, contains the predicted rate",
              overlap(radius, rate));
    const interval excess = c.region.rho - rate; // sup: rho's bound minus the smallest rate in the box
    const bool within = sign_of(interval(ldexp(interval(1), log2_slack) - excess)) == sign::positive;
    t.require(where, "the contraction bound rho on R is within 2^" + std::to_string(log2_slack) + " of the predicted rate", within);
    if (within) record_narrow(t, where, "rho - rate <= 2^" + std::to_string(log2_slack), log2_magnitude_bound(excess), log2_slack);
    if (!c.certified() || !overlap(radius, rate) || !within) return;
    const std::string statement =
            "for every t >= T = " + std::to_string(c.T) + ": ||w_t - w_GD||_2 <= " + pow2_text(interval(sqrt(interval(2)) * c.e_T)) +
                " rho^(t - T), rho <= " + upper_text(c.region.rho) + " <= max(|1 - 4 eta/n|, 1 - eta/n) + 2^" +
                std::to_string(log2_slack) + "; and the Jacobian of the GD map on span{P w0, w0 - P w0} at w_GD is " +
                "diag(1 - 4 eta/n, 1 - eta/n) (enclosed), spectral radius within 2^" +
                log2_text(log2_width_bound(radius)) + " of max(|1 - 4 eta/n|, 1 - eta/n), so no smaller rate holds near w_GD";
    t.prove(where, statement, gd_hypotheses(in, eta_text), gd_certificate(c, log2_delta));
    // The rate exactly: max(|1 - 4h|, 1 - h) with h = eta/n rational.
    const mpq_class hq = decimal_rational(eta_text) / static_cast<long>(in.n), radial = abs(mpq_class(1 - 4 * hq));
    const mpq_class exact_rate = radial > mpq_class(1 - hq) ? radial : mpq_class(1 - hq);
    t.export_certificate(gd_export(in, eta_text, red, c, log2_delta, statement, &exact_rate));
}
} // namespace

void check_gd_rate(const check_options& opt, tally& t)
{
    // d = 72 > n = 64 keeps w0 - P w0 != 0 for linear too (v0 > 0 is required).
    for_each_instance(for_all_t_ladder(opt.full), t, gd_instances(opt.full, 72), [&](rung<interval>, const instance& in) {
        c6_at(in, "0.3", opt, t);                               // 1 - eta/n dominates
        c6_at(in, hundredths(static_cast<long>(in.n) * 25), opt, t);  // n/4: the radial factor is 0, 1 - eta/n = 3/4
        c6_at(in, hundredths(static_cast<long>(in.n) * 45), opt, t);  // 0.45 n in (2n/5, n/2): |1 - 4 eta/n| = 0.8 dominates
    });
}

} // namespace snae::proofs_checks::certified
