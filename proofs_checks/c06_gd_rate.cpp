// C6: near w_GD the distance to the limit contracts per step by
// rho = max(|1 - 4 eta/n|, |1 - eta/n|) (only the radial part when R_0 = 0).
#include "instance.hpp"

namespace snae::claims {

namespace {
template <class T>
void c6_at(const instance& in, long eta_num, long eta_den, const check_options& opt, tally& t)
{
    const std::string where = scalar_traits<T>::name() + " " + in.name() + " eta=" + std::to_string(eta_num) + "n/" +
                              std::to_string(eta_den);
    const auto data = in.data<T>();
    const std::size_t n = in.n, d = in.d;
    const split_start<T> st(data, in);
    const auto& w0 = st.w0;
    const auto limit = st.gd_limit();
    const T& R0 = st.R0;
    const T tn(static_cast<long>(n));
    const T eta = T(eta_num) * tn / T(eta_den);
    const T radial = abs_of(T(T(1) - T(4) * eta / tn)), off = abs_of(T(T(1) - eta / tn));
    const bool has_off = R0 > T(static_cast<long>(n + d)) * unit_roundoff<T>();
    T rho = has_off && off > radial ? off : radial;
    if (opt.wrong_prediction) rho = has_off && off < radial ? off : radial;

    // Window: from the first step with e_t <= u^(1/3) to the first with
    // e_t <= u^(2/3). The estimate (e_t2/e_t1)^(1/(t2-t1)) is off by O(e_t1)
    // (the quadratic term of the map) plus O(u / e_t2)/(t2 - t1) (rounding):
    // both O(u^(1/3)), so the tolerance is K u^(1/3) with K = 4 (n + d).
    using std::exp;
    using std::log;
    const T u = unit_roundoff<T>();
    const T third = exp(log(u) / T(3)), two_thirds = third * third;
    auto w = w0;
    trainer<T> tr(data, in.act, eta);
    tr.reset(w);
    auto batch = batch_sampler::full(n);
    std::optional<std::uint64_t> t1, t2;
    T e1(0), e2(0);
    const std::uint64_t budget = 40 * static_cast<std::uint64_t>(scalar_traits<T>::digits()) + 1000;
    for (std::uint64_t s = 0; s < budget && !t2; ++s) {
        tr.step(w, batch.next());
        std::vector<T> diff(d);
        for (std::size_t j = 0; j < d; ++j) diff[j] = w[j] - limit[j];
        const T e = norm(diff);
        if (!t1 && !(e > third)) {
            t1 = s;
            e1 = e;
        } else if (t1 && !(e > two_thirds)) {
            t2 = s;
            e2 = e;
        }
    }
    t.require(where, "the window e_t in [u^(2/3), u^(1/3)] is reached", t1 && t2 && *t2 > *t1);
    if (!(t1 && t2 && *t2 > *t1)) return;
    const T estimate = exp(log(e2 / e1) / T(static_cast<long>(*t2 - *t1)));
    compare(t, where, "contraction rate = max(|1-4eta/n|, |1-eta/n|)", abs_of(T(estimate - rho)),
              T(static_cast<long>(4 * (n + d))) * third);
    t.details["rates"][scalar_traits<T>::name()][where] = {{"estimate", to_double(estimate)}, {"predicted", to_double(rho)}};
}
} // namespace

void check_gd_rate(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto [n, d] : {std::pair<std::size_t, std::size_t>{6, 10}, {8, 8}})
        for (bool rot : {false, true}) list.push_back({n, d, activation::relu, rot, 10});
    list.push_back({6, 6, activation::linear, false, 10}); // n = d, linear: R_0 = 0, radial part only
    list.push_back({6, 10, activation::linear, true, 10});
    for_each_precision(opt, t, [&](auto tag) {
        using T = typename decltype(tag)::type;
        for (const auto& in : list) {
            t.instance(in.name());
            c6_at<T>(in, 1, 8, opt, t); // radial 1/2, off-support 7/8
            c6_at<T>(in, 1, 3, opt, t); // radial 1/3, off-support 2/3
        }
    });
}

} // namespace snae::claims
