// C6: near w_GD the distance to the limit contracts per step by
// rho = max(|1 - 4 eta/n|, |1 - eta/n|) (only the radial part when R_0 = 0).
#include "floating.hpp"

namespace snae::proofs_checks {

namespace {
template <class T>
struct window {
    std::uint64_t t1 = 0, t2 = 0;
    T e1, e2;
    bool reached = false;
};

/// Runs GD from w_0 and finds the window: t1 is the first step with
/// e_t <= u^(1/3) at which one mode dominates the error w_t - w_GD (the
/// squared ratio of its radial part a_t = <w_t - w_GD, w_GD> and the rest
/// b_t is at most u^(1/3), either way round), t2 the first later step with
/// e_t <= u^(2/3) (docs/claims.md#gd-rate).
template <class T>
window<T> find_window(const dataset<T>& data, activation act, const T& eta, const std::vector<T>& w0,
                      const std::vector<T>& limit)
{
    using std::exp;
    using std::log;
    const std::size_t d = data.d();
    const T u = unit_roundoff<T>();
    const T third = exp(log(u) / T(3)), two_thirds = third * third;
    auto w = w0;
    trainer<T> tr(data, act, eta);
    tr.reset(w);
    auto batch = batch_sampler::full(data.n());
    window<T> win;
    bool started = false;
    const std::uint64_t budget = 40 * static_cast<std::uint64_t>(scalar_traits<T>::digits()) + 1000;
    for (std::uint64_t s = 0; s < budget; ++s) {
        tr.step(w, batch.next());
        std::vector<T> diff(d);
        T radial(0);
        for (std::size_t j = 0; j < d; ++j) diff[j] = w[j] - limit[j];
        for (std::size_t j = 0; j < d; ++j) radial += diff[j] * limit[j];
        const T e = norm(diff);
        if (!started) {
            std::vector<T> rest(d);
            for (std::size_t j = 0; j < d; ++j) rest[j] = diff[j] - radial * limit[j];
            const T a2 = radial * radial, b2 = norm(rest) * norm(rest);
            const bool dominated = !(third * (a2 > b2 ? a2 : b2) < (a2 > b2 ? b2 : a2));
            if (!(e > third) && dominated) {
                started = true;
                win.t1 = s;
                win.e1 = e;
            }
        } else if (!(e > two_thirds)) {
            win.t2 = s;
            win.e2 = e;
            win.reached = win.t2 > win.t1;
            break;
        }
    }
    return win;
}

template <class T>
void c6_at(const instance& in, long eta_num, long eta_den, const check_options& opt, tally& t)
{
    const std::string where = where_at<T>(in) + " eta=" + std::to_string(eta_num) + "n/" + std::to_string(eta_den);
    const auto data = in.data<T>();
    const std::size_t n = in.n, d = in.d;
    const split_start<T> st(data, in);
    const T tn(static_cast<long>(n));
    const T eta = T(eta_num) * tn / T(eta_den);
    using std::exp;
    using std::log;
    const T radial = abs_of(T(T(1) - T(4) * eta / tn)), off = abs_of(T(T(1) - eta / tn));
    const bool has_off = st.R0 > T(static_cast<long>(n + d)) * unit_roundoff<T>();
    T rho = has_off && off > radial ? off : radial;
    if (opt.wrong_prediction) rho = has_off && off < radial ? off : radial;
    // The estimate (e_t2/e_t1)^(1/(t2-t1)) is off by O(e_t1) (the quadratic
    // term of the map), O(u / e_t2)/(t2 - t1) (rounding) and at most
    // u^(1/3)/2 (the dominated mode): all O(u^(1/3)), so the tolerance is
    // K u^(1/3) with K = 4 (n + d).
    const T tol = T(static_cast<long>(4 * (n + d))) * exp(log(unit_roundoff<T>()) / T(3));
    if (wrong_case_is(opt, "fine")) rho += T(fine_multiple) * tol;
    const auto win = find_window(data, in.act, eta, st.w0, st.gd_limit());
    t.require(where, "the window e_t in [u^(2/3), u^(1/3)], one mode dominating, is reached", win.reached);
    if (!win.reached) return;
    const T estimate = exp(log(win.e2 / win.e1) / T(static_cast<long>(win.t2 - win.t1)));
    compare(t, where, "contraction rate = max(|1-4eta/n|, |1-eta/n|)", abs_of(T(estimate - rho)), tol);
    t.details["rates"][scalar_traits<T>::name()][where] = {
        {"estimate", to_double(estimate)}, {"predicted", to_double(rho)}, {"window", {win.t1, win.t2}}};
}
} // namespace

void check_gd_rate(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto [n, d] : {std::pair<std::size_t, std::size_t>{6, 10}, {8, 8}})
        for (auto kind : {data_kind::canonical, data_kind::rotated}) list.push_back({n, d, activation::relu, kind, 10});
    list.push_back({6, 6, activation::linear, data_kind::canonical, 10}); // n = d, linear: R_0 = 0, radial part only
    list.push_back({6, 10, activation::linear, data_kind::rotated, 10});
    for_each_instance(floating_ladder{opt.full}, t, list, [&](auto r, const instance& in) {
        using T = typename decltype(r)::type;
        c6_at<T>(in, 1, 8, opt, t);  // radial 1/2, off-support 7/8
        c6_at<T>(in, 1, 3, opt, t);  // radial 1/3, off-support 2/3
        c6_at<T>(in, 9, 20, opt, t); // radial |1 - 1.8| = 0.8 > off-support 0.55: the radial branch of the max
    });
}

} // namespace snae::proofs_checks
