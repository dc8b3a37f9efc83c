// C5: GD converges to w_GD = (P-part of w_0)/||P-part||, so |P(w_GD)| =
// |P(w_0)| and cos(w_GD, w_0) = sqrt(S_0)/||w_0||.
#include "floating.hpp"

namespace snae::proofs_checks {

namespace {
template <class T>
void c5_at(const instance& in, const check_options& opt, tally& t)
{
    const std::string where = where_at<T>(in);
    const auto data = in.data<T>();
    const std::size_t n = in.n, d = in.d;
    const split_start<T> st(data, in);
    const auto& w0 = st.w0;
    const std::uint64_t steps = gd_limit_steps(scalar_traits<T>::digits());
    const auto w = gd_limit_run(data, in.act, w0, steps);
    const T u = unit_roundoff<T>();
    // Off M each step's O((n + d) u) is damped by the contraction 3/4 (at most
    // 4 (n + d) u in all); along M (a continuum of fixed points, where GD is
    // neutral) nothing damps it, so it can add up over the T steps:
    // tolerance (64 + 2T)(n + d) u.
    const T tol = T(static_cast<long>((64 + 2 * steps) * (n + d))) * u;
    auto predicted = opt.wrong_prediction ? normalized(w0) : st.gd_limit();
    if (wrong_case_is(opt, "fine")) predicted = moved_by(predicted, T(T(fine_multiple) * tol));
    compare(t, where, "w_T = P w0 / ||P w0||", max_abs_diff(w, predicted), tol);
    // Support: coordinates above sqrt(u) (dense data leaves the decayed ones at rounding level).
    using std::sqrt;
    const T floor = sqrt(u);
    const std::size_t kp = st.p_size();
    std::size_t kw = 0;
    for (const T& c : coords_of(data, w)) kw += abs_of(c) > floor ? 1 : 0;
    t.require(where, "|P(w_GD)| = |P(w0)| = " + std::to_string(kp), kw == kp);
    T pcos = sqrt(st.S0) / norm(w0);
    if (wrong_case_is(opt, "fine-cos")) pcos += T(fine_multiple) * tol;
    const T cos = *cosine(w, w0);
    compare(t, where, "cos(w_GD, w0) = sqrt(S0)/||w0||", abs_of(T(cos - pcos)), tol);
}
} // namespace

void check_gd_limit(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto act : {activation::relu, activation::linear})
        for (auto [n, d] : {std::pair<std::size_t, std::size_t>{4, 4}, {6, 10}, {8, 8}, {12, 16}})
            for (auto kind : {data_kind::canonical, data_kind::rotated}) list.push_back({n, d, act, kind, 8});
    if (opt.full) list.push_back({32, 40, activation::relu, data_kind::rotated, 9});
    for_each_instance(floating_ladder{opt.full}, t, list, [&](auto r, const instance& in) {
        using T = typename decltype(r)::type;
        c5_at<T>(in, opt, t);
    });
}

} // namespace snae::proofs_checks
