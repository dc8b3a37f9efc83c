// C9: lambda_max = 4/n at w_GD and at every SGD limit, while
// tr H(w_GD) = (d - |P(w_0)| + 4)/n < tr H(w_SGD) = (d + 3)/n when
// |P(w_0)| > 1 (relu); for linear every minimum has tr H = (d - n + 4)/n.
// Checked at the point of M the run reached (what C3 says there) and at the
// reached iterate itself, with the tolerance its distance to M implies.
#include "floating.hpp"

#include <snae/hessian.hpp>

namespace snae::proofs_checks {

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

/// What one point is compared with: lambda_max = 4/n (moved by `shift` in the
/// case "fine") and tr H = numer/n, each within tol plus the Lipschitz terms
/// lip_max, lip_trace (0 on M).
template <class T>
struct spectrum_check {
    std::string label;
    T tol, shift, lip_max, lip_trace;
    long numer;
};

template <class T>
T spectrum_at(const dataset<T>& data, activation act, const std::vector<T>& w, const std::vector<char>& active,
              const spectrum_check<T>& c, const std::string& where, tally& t)
{
    const std::size_t d = data.d();
    const T tn(static_cast<long>(data.n()));
    const auto ev = symmetric_eigenvalues(loss_hessian(data, act, w, &active), d);
    T trace(0);
    for (const T& x : ev) trace += x;
    compare(t, where, c.label + ": lambda_max = 4/n", abs_of(T(ev.back() - (T(4) / tn + c.shift))), T(c.tol + c.lip_max));
    compare(t, where, c.label + ": tr H = " + std::to_string(c.numer) + "/n", abs_of(T(trace - T(c.numer) / tn)),
            T(c.tol + c.lip_trace));
    return trace;
}

/// The reached point w* on M and the iterate w itself, with the active set
/// of w* at both. The Hessian with a stated active set A is polynomial in w:
///   H_A(w) = (1/n) (S_A I + (N - 2) Pi_A + 2 (w v^T + v w^T)),  v = Pi_A w,
/// and with delta = ||w - w*||, ||w*|| = 1: |dS_A|, |dN| <= (2 + delta) delta and
/// ||w v^T - w* v*^T|| <= (2 + delta) delta, so ||H_A(w) - H_A(w*)||_2 <= 6 (2 + delta) delta / n
/// (Weyl: every eigenvalue moves as little), and
/// tr H_A = ((d + 4) S_A + |A| (N - 2))/n moves by at most (d + 4 + |A|)(2 + delta) delta / n.
template <class T>
T limit_and_iterate(const dataset<T>& data, activation act, const std::vector<T>& w, spectrum_check<T> c,
                    const std::string& where, tally& t)
{
    std::vector<char> active;
    const auto star = reached_minimum(data, act, w, active);
    const T trace = spectrum_at(data, act, star, active, c, where, t);
    std::vector<T> diff(w.size());
    for (std::size_t j = 0; j < w.size(); ++j) diff[j] = w[j] - star[j];
    const T delta = norm(diff), grow = (T(2) + delta) * delta / T(static_cast<long>(data.n()));
    long k = 0;
    for (char a : active) k += a ? 1 : 0;
    c.label += " iterate";
    c.lip_max = T(6) * grow;
    c.lip_trace = T(static_cast<long>(data.d()) + 4 + k) * grow;
    spectrum_at(data, act, w, active, c, where, t);
    t.details["distance_to_M"][where + " " + c.label] = to_double(delta);
    return trace;
}

template <class T>
void c9_at(const instance& in, const check_options& opt, tally& t)
{
    const std::string where = where_at<T>(in);
    const auto data = in.data<T>();
    const std::size_t n = in.n, d = in.d;
    const auto w0 = in.start<T>();
    const auto c0 = coords_of(data, w0);
    std::size_t k = 0;
    for (const T& x : c0) k += is_active(in.act, x) ? 1 : 0;
    const auto w_gd = gd_limit_run(data, in.act, w0, gd_limit_steps(scalar_traits<T>::digits()));
    const auto w_sgd = sgd_run(data, in.act, w0, 1, sampler_kind::replacement, in.seed, 8000);
    const T tn(static_cast<long>(n)), u = unit_roundoff<T>();
    const T tol = T(static_cast<long>(16 * d * (n + d))) * u / tn; // as in C3
    const T shift = wrong_case_is(opt, "fine") ? T(T(fine_multiple) * tol) : T(0);
    const long gd_trace = static_cast<long>(d - k + 4);
    const long sgd_trace = in.act == activation::linear ? static_cast<long>(d - n + 4) : static_cast<long>(d + 3 + (opt.wrong_prediction ? 1 : 0));
    const T tr_gd = limit_and_iterate(data, in.act, w_gd, spectrum_check<T>{"GD", tol, shift, T(0), T(0), gd_trace}, where, t);
    const T tr_sgd =
        limit_and_iterate(data, in.act, w_sgd, spectrum_check<T>{"SGD b=1", tol, shift, T(0), T(0), sgd_trace}, where, t);
    if (in.act == activation::relu && k > 1)
        t.require(where, "tr H(w_SGD) > tr H(w_GD)", tr_sgd - tr_gd > tol);
    t.details["traces"][scalar_traits<T>::name()][where] = {{"GD", to_double(tr_gd)}, {"SGD", to_double(tr_sgd)},
                                                           {"|P(w0)|", k}};
}
} // namespace

void check_sharpness(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto act : {activation::relu, activation::linear})
        for (auto [n, d] : {std::pair<std::size_t, std::size_t>{8, 8}, {6, 10}})
            for (auto kind : {data_kind::canonical, data_kind::rotated}) list.push_back({n, d, act, kind, 12});
    for_each_instance(floating_ladder{opt.full}, t, list, [&](auto r, const instance& in) {
        using T = typename decltype(r)::type;
        c9_at<T>(in, opt, t);
    });
}

} // namespace snae::proofs_checks
