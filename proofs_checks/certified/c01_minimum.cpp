// C1, certified: at an enclosed point w* of the minimum set M, the enclosure
// of L(w*) contains (n-1)/(2n); at w* moved radially by 2^-8 (off M) the
// enclosure of L lies strictly above (n-1)/(2n).
#include "instance.hpp"

#include <snae/hessian.hpp>

namespace snae::claims::certified {

namespace {
/// The enclosure of L at the box w, with the branch of each sample fixed to
/// the active set of the point the box encloses (snae/hessian.hpp evaluates
/// the loss per sample; only the value part is used here).
interval loss_at(const dataset<interval>& data, activation act, const std::vector<interval>& w, const std::vector<char>& active)
{
    std::vector<hyper_dual<interval>> x;
    x.reserve(w.size());
    for (const interval& v : w) x.emplace_back(v);
    return loss_hyper_dual(data, act, x, &active).a;
}

void c1_at(const instance& in, const check_options& opt, tally& t)
{
    const std::string where = scalar_traits<interval>::name() + " " + in.name();
    const auto data = in.data();
    const std::size_t n = in.n, d = in.d;
    const minimum_point star(data, in.act, in.start());
    if (star.k == 0) {
        t.require(where, "the start has an active coordinate (an instance with P(w0) empty has no point of M to build)", false);
        return;
    }
    const long num = static_cast<long>(opt.wrong_prediction ? n - 2 : n - 1);
    const interval lstar = interval(num) / interval(static_cast<long>(2 * n)); // encloses the exact rational
    const interval L = loss_at(data, in.act, star.w, star.active);
    t.require(where, "L(w*) enclosure " + to_decimal(L) + " contains " + std::to_string(num) + "/(2n)", subset(lstar, L));
    // Narrow: the width is at most the tolerance the floating-point check of
    // C1 allows for its error, 8 (n + d) u (docs/claims.md), so the
    // enclosure is as sharp as the uncertified comparison.
    const double log2_width = log2_width_bound(L);
    record_narrow(t, where, "width of the L(w*) enclosure <= 8 (n + d) u", log2_width, log2_k_u(8.0 * static_cast<double>(n + d)));

    // Off M: radially out and in by 2^-8; the signs of c_i do not change, so
    // the active set stays that of w*.
    const interval delta = ldexp(interval(1), -8);
    for (int side : {+1, -1}) {
        std::vector<interval> v = star.w;
        const interval f = side > 0 ? interval(interval(1) + delta) : interval(interval(1) - delta);
        for (interval& x : v) x *= f;
        const interval Lv = loss_at(data, in.act, v, star.active);
        t.require(where, std::string("L > (n-1)/(2n) certified at w* moved radially ") + (side > 0 ? "out" : "in") + " by 2^-8",
                  sign_of(interval(Lv - lstar)) == sign::positive);
    }
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
            for (bool hh : {false, true}) list.push_back({n, d, act, hh, 2});
    if (opt.full) list.push_back({32, 48, activation::relu, true, 3});
    for_each_bits(t, opt.full ? std::vector<long>{128, 512, 2048} : std::vector<long>{128, 512}, [&] {
        for (const auto& in : list) {
            t.instance(in.name());
            c1_at(in, opt, t);
        }
    });
}

} // namespace snae::claims::certified
