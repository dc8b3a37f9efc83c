// C1, certified: at an enclosed point w* of the minimum set M, the enclosure
// [lo, hi] of L(w*), evaluated literally (batch_loss, per sample, with w*'s
// exact active set), contains (n-1)/(2n); hence |L(w*) - (n-1)/(2n)| <=
// hi - lo is proven. At w* scaled by 1 + 2^-8 and by 1 - 2^-8 (off M along
// the ray through w*) the enclosure of L lies strictly above (n-1)/(2n).
#include "enclosures.hpp"
#include "exact.hpp"

namespace snae::proofs_checks::certified {

namespace {
void c1_at(const instance& in, const check_options& opt, tally& t)
{
    const std::string where = where_at(in);
    const auto data = in.data<interval>();
    const std::size_t n = in.n, d = in.d;
    const minimum_point star(data, in.act, in.start<interval>());
    if (star.k == 0) {
        t.require(where, "the start has an active coordinate (an instance with P(w0) empty has no point of M to build)", false);
        return;
    }
    const auto all = all_samples(n);
    // The prediction, enclosed: the exact rational (n-1)/(2n), or a wrong one.
    interval lstar = interval(static_cast<long>(opt.wrong_prediction ? n - 2 : n - 1)) / interval(static_cast<long>(2 * n));
    std::string predicted = opt.wrong_prediction ? "(n-2)/(2n)" : "(n-1)/(2n)";
    if (opt.wrong_case == "fine") {
        lstar += ldexp(interval(1), -100);
        predicted = "(n-1)/(2n) + 2^-100";
    }
    const interval L = batch_loss(data, in.act, star.w, all, &star.active);
    const bool contained = subset(lstar, L);
    t.require(where, "L(w*) enclosure " + to_decimal(L) + " contains " + predicted, contained);
    // Narrow: the width is at most the tolerance the floating-point check of
    // C1 allows for its error, 8 (n + d) u (docs/claims.md), so the
    // enclosure is as sharp as the uncertified comparison.
    const double log2_width = log2_width_bound(L);
    record_narrow(t, where, "width of the L(w*) enclosure <= 8 (n + d) u", log2_width, log2_k_u(8.0 * static_cast<double>(n + d)));
    const nlohmann::json hyp = star.hypotheses(in);
    const mpq_class width = exact_rational(&L.backend().data()->right) - exact_rational(&L.backend().data()->left);
    if (contained)
        t.prove(where,
                std::isfinite(log2_width) ? "|L(w*) - " + predicted + "| <= width of the L(w*) enclosure <= 2^" + log2_text(log2_width)
                                          : "L(w*) = " + predicted + " exactly (the enclosure is that point)",
                hyp);

    // Off M: radially out and in by 2^-8; the signs of c_i do not change, so
    // the active set stays that of w*.
    const interval delta = ldexp(interval(1), -8);
    bool all_above = true;
    for (int side : {+1, -1}) {
        std::vector<interval> v = star.w;
        const interval f = side > 0 ? interval(interval(1) + delta) : interval(interval(1) - delta);
        for (interval& x : v) x *= f;
        const interval Lv = batch_loss(data, in.act, v, all, &star.active);
        const std::string at = std::string("(1 ") + (side > 0 ? "+" : "-") + " 2^-8) w*";
        const bool above = sign_of(interval(Lv - lstar)) == sign::positive;
        t.require(where, "L > " + predicted + " certified at " + at, above);
        if (above) t.prove(where, "L(" + at + ") > " + predicted, hyp);
        all_above = all_above && above;
    }
    if (contained && all_above)
        t.export_certificate({{"level", "CERTIFIED"},
                              {"kind", "interval-minimum"},
                              {"statement", "|L(w*) - (n-1)/(2n)| <= " + rational_text(width) + " at w* = sum m_i x_i / ||m|| on M; "
                                            "L((1 +- 2^-8) w*) > (n-1)/(2n)"},
                              {"instance", exact_instance(in, nullptr)},
                              {"proof", {{"m", star.m_rational}, {"bound", rational_text(width)}, {"delta", "1/256"}}}});
    t.details["L_enclosure"][scalar_traits<interval>::name()][in.name()] = {
        {"L", to_decimal(L)}, {"log2_width", std::isfinite(log2_width) ? nlohmann::json(log2_width) : nlohmann::json(nullptr)},
        {"k", star.k}};
}
} // namespace

void check_minimum(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto act : {activation::relu, activation::linear})
        for (auto [n, d] : {std::pair<std::size_t, std::size_t>{4, 4}, {5, 8}, {6, 11}})
            for (auto kind : {data_kind::canonical, data_kind::householder}) list.push_back({n, d, act, kind, 2});
    if (opt.full) list.push_back({32, 48, activation::relu, data_kind::householder, 3});
    const interval_ladder ladder{opt.full ? std::vector<long>{128, 512, 2048} : std::vector<long>{128, 512}};
    for_each_instance(ladder, t, list, [&](rung<interval>, const instance& in) { c1_at(in, opt, t); });
    exact_minimum(opt, t); // the EXACT instances, after the interval ones
}

} // namespace snae::proofs_checks::certified
