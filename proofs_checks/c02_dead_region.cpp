// C2 (relu): if c_i(w) <= 0 for all i then L(w) = 1/2 and every batch
// gradient is 0, so GD and SGD never move.
#include "floating.hpp"

namespace snae::proofs_checks {

namespace {
template <class T>
void c2_at(const instance& in, const check_options& opt, tally& t)
{
    const std::string where = where_at<T>(in);
    const auto data = in.data<T>();
    const std::size_t n = in.n, d = in.d;
    const auto w0 = in.start<T>();
    auto c = coords_of(data, w0);
    // c_i = -|c_i(w0)|, and for canonical data c_0 = 0 exactly (sigma'(0) := 0
    // makes it inactive too; with dense data a computed 0 could round to +u);
    // keep w0's part outside span(x).
    for (T& x : c)
        if (sign_of(x) == sign::positive) x = -x;
    if (data.is_canonical()) c[0] = T(0);
    auto w = w0;
    const auto proj = combine(data, coords_of(data, w0));
    const auto neg = combine(data, c);
    for (std::size_t j = 0; j < d; ++j) w[j] = w[j] - proj[j] + neg[j];
    if (!data.is_canonical()) {
        // The coordinates are about -1/sqrt(d), far from 0: rounding cannot make one positive.
        auto cw = coords_of(data, w);
        for (std::size_t i = 0; i < n; ++i) t.require(where, "setup: c_" + std::to_string(i) + "(w) <= 0", !is_positive(cw[i], "setup"));
    }
    const auto all = all_samples(n);
    const T u = unit_roundoff<T>();
    // ||x_i||^2 / 2 summed literally: 2d roundings per sample, K = 4(n + d).
    const T tol = T(static_cast<long>(4 * (n + d))) * u;
    T predicted = opt.wrong_prediction ? T(1) / T(2) + T(1) / T(static_cast<long>(2 * n)) : T(1) / T(2);
    if (wrong_case_is(opt, "fine")) predicted += T(fine_multiple) * tol; // off by 32 (n + d) u
    const T err = abs_of(T(batch_loss(data, activation::relu, w, all) - predicted));
    compare(t, where, "L = 1/2 in the dead region", err, tol);
    std::vector<std::vector<std::size_t>> batches = {all};
    for (std::size_t i = 0; i < n; ++i) batches.push_back({i});
    for (const auto& b : batches) {
        bool zero = true;
        for (const T& g : batch_gradient(data, activation::relu, w, b)) zero = zero && g == T(0);
        t.require(where, "batch gradient exactly 0 for |B| = " + std::to_string(b.size()), zero);
    }
    for (std::size_t b : {n, std::size_t{1}}) {
        auto v = w;
        auto s = b == n ? batch_sampler::full(n) : batch_sampler::replacement(n, b, in.seed);
        stopping_rule<T> rule;
        rule.max_steps = 50;
        const auto out = train(data, activation::relu, from_decimal<T>("0.5"), v, s, rule, {});
        t.require(where, std::string(b == n ? "GD" : "SGD") + " reports dead at step 0",
                  out.status == run_status::dead && out.steps == 0);
        t.require(where, std::string(b == n ? "GD" : "SGD") + " leaves w unchanged", v == w);
    }
}
} // namespace

void check_dead_region(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto [n, d] : {std::pair<std::size_t, std::size_t>{4, 4}, {5, 8}, {8, 8}})
        for (auto kind : {data_kind::canonical, data_kind::rotated}) list.push_back({n, d, activation::relu, kind, 3});
    for_each_instance(floating_ladder{opt.full}, t, list, [&](auto r, const instance& in) {
        using T = typename decltype(r)::type;
        c2_at<T>(in, opt, t);
    });
}

} // namespace snae::proofs_checks
