// C1: L >= (n-1)/(2n), with equality exactly on M; grad L = 0 on M; L is
// strictly larger at points moved off M.
#include "floating.hpp"

namespace snae::proofs_checks {

namespace {
/// w in M moved off M by delta = 2^-8: radially out and in, out of span(x)
/// when d > n, and (relu) toward a negative c_j where m_j = 0.
template <class T>
std::vector<std::pair<std::string, std::vector<T>>> moved_off_minima(const dataset<T>& data, const instance& in,
                                                                     const std::vector<T>& c0, const std::vector<T>& w)
{
    const std::size_t n = in.n, d = in.d;
    const T delta = ldexp(T(1), -8);
    std::vector<std::pair<std::string, std::vector<T>>> moved;
    std::vector<T> out = w, inw = w;
    for (std::size_t j = 0; j < d; ++j) {
        out[j] *= T(1) + delta;
        inw[j] *= T(1) - delta;
    }
    moved.emplace_back("radially out", out);
    moved.emplace_back("radially in", inw);
    if (d > n) {
        auto r = in.start<T>();
        const auto proj = combine(data, c0);
        for (std::size_t j = 0; j < d; ++j) r[j] -= proj[j];
        r = normalized(r);
        auto v = w;
        for (std::size_t j = 0; j < d; ++j) v[j] += delta * r[j];
        moved.emplace_back("out of span(x)", v);
    }
    const auto p = active_set(in.act, c0);
    for (std::size_t i = 0; i < n; ++i)
        if (in.act == activation::relu && !p[i]) {
            auto v = w;
            for (std::size_t j = 0; j < d; ++j) v[j] -= delta * data.entry(i, j);
            moved.emplace_back("toward c_" + std::to_string(i) + " < 0", v);
            break;
        }
    return moved;
}

template <class T>
void c1_at(const instance& in, const check_options& opt, tally& t)
{
    const std::string where = where_at<T>(in);
    const auto data = in.data<T>();
    const std::size_t n = in.n, d = in.d;
    const auto c0 = coords_of(data, in.start<T>());
    const auto m = project_onto_minima(in.act, c0);
    const auto w = combine(data, m); // a point of M, to working precision
    const auto all = all_samples(n);
    const T u = unit_roundoff<T>();
    // Tolerance: L and grad L are evaluated literally with at most 4(n + d)
    // roundings per quantity and w is on M to about d u: K = 8(n + d).
    const T tol = T(static_cast<long>(8 * (n + d))) * u;
    T lstar = T(static_cast<long>(opt.wrong_prediction ? n - 2 : n - 1)) / T(static_cast<long>(2 * n));
    if (wrong_case_is(opt, "fine")) lstar += T(fine_multiple) * tol; // off by 64 (n + d) u
    const T L = batch_loss(data, in.act, w, all);
    const T err = abs_of(T(L - lstar));
    compare(t, where, "L = (n-1)/(2n) on M", err, tol);
    compare(t, where, "grad L = 0 on M", norm(batch_gradient(data, in.act, w, all)), tol);
    for (const auto& [how, v] : moved_off_minima(data, in, c0, w))
        t.require(where, "L > (n-1)/(2n) moved " + how, batch_loss(data, in.act, v, all) - lstar > tol);
}
} // namespace

void check_minimum(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto act : {activation::relu, activation::linear})
        for (auto [n, d] : {std::pair<std::size_t, std::size_t>{4, 4}, {5, 8}, {8, 8}, {6, 11}})
            for (auto kind : {data_kind::canonical, data_kind::rotated})
                for (std::uint64_t seed : {1u, 2u}) list.push_back({n, d, act, kind, seed});
    if (opt.full) list.push_back({32, 48, activation::relu, data_kind::rotated, 3});
    for_each_instance(floating_ladder{opt.full}, t, list, [&](auto r, const instance& in) {
        using T = typename decltype(r)::type;
        c1_at<T>(in, opt, t);
    });
}

} // namespace snae::proofs_checks
