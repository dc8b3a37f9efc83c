// C4: GD keeps directions. The whole d-dimensional GD trajectory equals
// alpha_t (P-part of w_0) + beta_t (rest of w_0), with the two-number
// recurrence of docs/claims.md, while both factors stay positive.
#include "instance.hpp"

namespace snae::claims {

namespace {
template <class T>
void c4_at(const instance& in, const std::string& eta_text, const check_options& opt, tally& t)
{
    const std::string where = scalar_traits<T>::name() + " " + in.name() + " eta=" + eta_text;
    const auto data = in.data<T>();
    const std::size_t n = in.n, d = in.d;
    const split_start<T> st(data, in);
    const auto& w0p = st.p_part;
    const auto& rest = st.rest;
    const T& S0 = st.S0;
    const T& R0 = st.R0;

    const T eta = from_decimal<T>(eta_text);
    const T h = eta / T(static_cast<long>(n));
    const T one(1), two(2);
    T alpha(1), beta(1);
    auto w = st.w0;
    trainer<T> tr(data, in.act, eta);
    tr.reset(w);
    auto batch = batch_sampler::full(n);
    const std::uint64_t steps = opt.full ? 1000 : 200;
    const T u = unit_roundoff<T>();
    T worst_ratio(0);
    std::uint64_t worst_t = 0, compared = 0;
    for (std::uint64_t s = 0; s < steps; ++s) {
        const T S = alpha * alpha * S0;
        const T N = S + beta * beta * R0;
        const T fa = one - h * (N + S - two);
        const T fb = one - h * (opt.wrong_prediction ? N : S);
        if (!(fa > T(0)) || !(fb > T(0))) {
            // Relu: a negative factor flips the signs of P's coordinates, the
            // active set changes and the decomposition ends here. Linear has
            // no active set: the decomposition holds whatever the signs.
            auto& first = t.details["first_nonpositive_factor"][scalar_traits<T>::name()][where];
            if (first.is_null()) first = s;
            if (in.act == activation::relu) break;
        }
        alpha *= fa;
        beta *= fb;
        tr.step(w, batch.next());
        std::vector<T> predicted(d);
        for (std::size_t j = 0; j < d; ++j) predicted[j] = alpha * w0p[j] + beta * rest[j];
        // Tolerance 32 (n + d) u (t + 1): each step adds O((n + d) u) to both
        // the trajectory and the recurrence, the GD map is non-expanding in
        // these regimes, so errors add up linearly.
        const T tol = T(static_cast<long>(32 * (n + d))) * u * T(static_cast<long>(s + 2));
        const T ratio = max_abs_diff(w, predicted) / tol;
        ++compared;
        if (ratio > worst_ratio) {
            worst_ratio = ratio;
            worst_t = s + 1;
        }
    }
    t.require(where, "at least one step compared", compared > 0);
    compare(t, where, "trajectory = alpha_t P w0 + beta_t (w0 - P w0) (worst step " + std::to_string(worst_t) + ")",
              worst_ratio, T(1));
}
} // namespace

void check_gd_recurrence(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto act : {activation::relu, activation::linear})
        for (auto [n, d] : {std::pair<std::size_t, std::size_t>{4, 4}, {6, 10}, {8, 8}})
            for (bool rot : {false, true}) list.push_back({n, d, act, rot, 7});
    for_each_precision(opt, t, [&](auto tag) {
        using T = typename decltype(tag)::type;
        for (const auto& in : list) {
            t.instance(in.name());
            // eta = 0.5, n/4 and 0.45 n (stable, the radial mode alternating).
            for (const std::string& eta : {std::string("0.5"), std::to_string(in.n * 25) + "e-2", std::to_string(in.n * 45) + "e-2"})
                c4_at<T>(in, eta, opt, t);
        }
    });
}

} // namespace snae::claims
