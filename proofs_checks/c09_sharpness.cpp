// C9: lambda_max = 4/n at w_GD and at every SGD limit, while
// tr H(w_GD) = (d - |P(w_0)| + 4)/n < tr H(w_SGD) = (d + 3)/n when
// |P(w_0)| > 1 (relu); for linear every minimum has tr H = (d - n + 4)/n.
#include "instance.hpp"

#include <snae/hessian.hpp>

namespace snae::claims {

namespace {
/// The point of M the run reached: its coordinates above the sparsity level,
/// normalised (the Hessian's active set is then the limit's, not rounding
/// noise at the decayed coordinates; docs/claims.md#sharpness).
template <class T>
std::vector<T> reached_minimum(const dataset<T>& data, activation act, const std::vector<T>& w, std::vector<char>& active)
{
    auto c = coords_of(data, w);
    const T level = sparsity_level<T>(data.n(), data.d());
    active.assign(c.size(), 0);
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (!(abs_of(c[i]) > level)) c[i] = T(0);
        active[i] = act == activation::linear || sign_of(c[i]) == sign::positive;
    }
    return combine(data, normalized(c));
}

template <class T>
void c9_at(const instance& in, const check_options& opt, tally& t)
{
    const std::string where = scalar_traits<T>::name() + " " + in.name();
    const auto data = in.data<T>();
    const std::size_t n = in.n, d = in.d;
    const auto w0 = in.start<T>();
    const auto c0 = coords_of(data, w0);
    std::size_t k = 0;
    for (const T& x : c0) k += is_active(in.act, x) ? 1 : 0;
    std::vector<char> a_gd, a_sgd;
    const auto w_gd = reached_minimum(data, in.act, gd_limit_run(data, in.act, w0, gd_limit_steps(scalar_traits<T>::digits())), a_gd);
    const auto w_sgd = reached_minimum(data, in.act, sgd_run(data, in.act, w0, 1, sampler_kind::replacement, in.seed, 8000), a_sgd);
    const T tn(static_cast<long>(n)), u = unit_roundoff<T>();
    const T tol = T(static_cast<long>(16 * d * (n + d))) * u / tn; // as in C3
    const long gd_trace = static_cast<long>(d - k + 4);
    const long sgd_trace = in.act == activation::linear ? static_cast<long>(d - n + 4) : static_cast<long>(d + 3 + (opt.wrong_prediction ? 1 : 0));
    T traces[2];
    int idx = 0;
    using item = std::tuple<std::string, const std::vector<T>&, const std::vector<char>&, long>;
    for (const auto& [label, w, active, numer] : {item{"GD", w_gd, a_gd, gd_trace}, item{"SGD b=1", w_sgd, a_sgd, sgd_trace}}) {
        const auto ev = symmetric_eigenvalues(loss_hessian(data, in.act, w, &active), d);
        T trace(0);
        for (const T& x : ev) trace += x;
        compare(t, where, label + ": lambda_max = 4/n", abs_of(T(ev.back() - T(4) / tn)), tol);
        compare(t, where, label + ": tr H = " + std::to_string(numer) + "/n", abs_of(T(trace - T(numer) / tn)), tol);
        traces[idx++] = trace;
    }
    if (in.act == activation::relu && k > 1)
        t.require(where, "tr H(w_SGD) > tr H(w_GD)", traces[1] - traces[0] > tol);
    t.details["traces"][scalar_traits<T>::name()][where] = {{"GD", to_double(traces[0])}, {"SGD", to_double(traces[1])},
                                                           {"|P(w0)|", k}};
}
} // namespace

void check_sharpness(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto act : {activation::relu, activation::linear})
        for (auto [n, d] : {std::pair<std::size_t, std::size_t>{8, 8}, {6, 10}})
            for (bool rot : {false, true}) list.push_back({n, d, act, rot, 12});
    for_each_precision(opt, t, [&](auto tag) {
        using T = typename decltype(tag)::type;
        for (const auto& in : list) {
            t.instance(in.name());
            c9_at<T>(in, opt, t);
        }
    });
}

} // namespace snae::claims
