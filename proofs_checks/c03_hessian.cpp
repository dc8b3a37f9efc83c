// C3: on M, with k = |P(w)|, the Hessian has eigenvalues 4/n (once), 1/n
// (d - k times) and 0 (k - 1 times); lambda_max = 4/n and tr H = (d-k+4)/n.
// At a boundary point (some c_i = 0) the one-sided second derivatives along
// x_i are 0 (into the active side) and 1/n (out of it).
#include "floating.hpp"

#include <snae/hessian.hpp>

#include <algorithm>

namespace snae::proofs_checks {

namespace {
/// The data coordinates of the point of M named `point`: x_0, all positive
/// (normalised), or the projection of a Gaussian start onto M.
template <class T>
std::vector<T> point_on_minima(const dataset<T>& data, const instance& in, const std::string& point)
{
    std::vector<T> m(in.n, T(0));
    if (point == "x_0") {
        m[0] = T(1);
    } else if (point == "all positive") {
        for (T& x : m) x = T(1);
        m = normalized(m);
    } else { // the projection of a Gaussian start onto M
        m = project_onto_minima(activation::relu, coords_of(data, in.start<T>()));
    }
    return m;
}

/// One-sided second derivatives along x_i at a boundary point (c_i = 0),
/// evaluated at tau = +-2^-20 where g''(tau) = 6 tau^2 / n (active side)
/// and 1/n (inactive side) exactly.
template <class T>
void one_sided_at(const dataset<T>& data, const instance& in, const std::vector<T>& w, const std::vector<T>& m,
                  const std::vector<char>& active, const T& tol, const check_options& opt, const std::string& where, tally& t)
{
    const std::size_t d = in.d;
    const T tn(static_cast<long>(in.n));
    std::size_t i0 = 0;
    while (sign_of(m[i0]) == sign::positive) ++i0;
    const T tau = ldexp(T(1), -20);
    T second[2];
    for (int side = 0; side < 2; ++side) {
        std::vector<hyper_dual<T>> x(d);
        for (std::size_t j = 0; j < d; ++j) {
            const T e = data.entry(i0, j);
            x[j] = hyper_dual<T>(w[j] + (side == 0 ? tau : T(-tau)) * e, e, e, T(0));
        }
        // Active set: the boundary sample i0 is active on the + side only.
        std::vector<char> act_side = active;
        act_side[i0] = side == 0;
        second[side] = loss_hyper_dual(data, in.act, x, &act_side).d;
    }
    const T trunc = T(6) * tau * tau / tn;
    // + side: g''(tau) = 6 tau^2/n exactly, which tends to 0 as tau -> 0+.
    const T e_in = abs_of(T(second[0] - trunc));
    T out_of_m = T(1) / tn;
    if (wrong_case_is(opt, "fine-one-sided")) out_of_m += T(fine_multiple) * tol;
    const T e_out = abs_of(T(second[1] - out_of_m));
    compare(t, where, "one-sided g''(tau) = 6 tau^2/n -> 0 along x_" + std::to_string(i0), e_in, tol);
    compare(t, where, "one-sided g''(0-) along x_" + std::to_string(i0) + " = 1/n", e_out, tol);
    t.details["one_sided_second_derivatives"][scalar_traits<T>::name()][in.name()] = {
        {"into_active_side", to_decimal(second[0])}, {"out_of_M", to_decimal(second[1])}, {"1/n", to_decimal(T(T(1) / tn))}};
}

template <class T>
void c3_at(const instance& in, const std::string& point, const check_options& opt, tally& t)
{
    const std::string where = where_at<T>(in) + " " + point;
    const auto data = in.data<T>();
    const std::size_t n = in.n, d = in.d;
    const std::vector<T> m = point_on_minima(data, in, point);
    // The active set is stated, not read off w: with dense data the
    // coordinates that are 0 by construction come out of combine() as +-u.
    std::vector<char> active(n);
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) {
        active[i] = in.act == activation::linear || sign_of(m[i]) == sign::positive;
        k += active[i] ? 1 : 0;
    }
    const auto w = combine(data, m);
    const auto h = loss_hessian(data, in.act, w, &active);
    const auto ev = symmetric_eigenvalues(h, d);
    const T tn(static_cast<long>(n));
    std::vector<T> predicted;
    for (std::size_t i = 0; i + 1 < k; ++i) predicted.push_back(T(0));
    for (std::size_t i = k; i < d; ++i) predicted.push_back(T(1) / tn);
    const T u = unit_roundoff<T>();
    // Tolerance K d (n + d) u / n with K = 16: each Hessian entry (about 1/n)
    // carries O((n + d) u / n) from the hyper-dual evaluation, so
    // ||dH||_2 <= d (n + d) u / n; the eigen-solver adds O(d u ||H||) with
    // ||H|| = 4/n, and w is on M only to O(d u).
    const T tol = T(static_cast<long>(16 * d * (n + d))) * u / tn;
    predicted.push_back(T(opt.wrong_prediction ? 3 : 4) / tn);
    if (wrong_case_is(opt, "fine")) predicted.back() += T(fine_multiple) * tol; // lambda_max off by 8 tol
    compare(t, where, "eigenvalues {0 x (k-1), 1/n x (d-k), 4/n}", max_abs_diff(ev, predicted), tol);
    T trace(0), ptrace(0);
    for (std::size_t j = 0; j < d; ++j) trace += h[j * d + j];
    for (const T& x : predicted) ptrace += x;
    const T terr = abs_of(T(trace - ptrace));
    compare(t, where, "tr H = (d - k + 4)/n", terr, tol);

    if (in.act == activation::relu && k < n && point != "all positive") one_sided_at(data, in, w, m, active, tol, opt, where, t);
}
} // namespace

void check_hessian(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto act : {activation::relu, activation::linear})
        for (auto [n, d] : {std::pair<std::size_t, std::size_t>{4, 4}, {6, 10}, {8, 8}})
            for (auto kind : {data_kind::canonical, data_kind::rotated}) list.push_back({n, d, act, kind, 5});
    if (opt.full) list.push_back({16, 24, activation::relu, data_kind::rotated, 6});
    for_each_instance(floating_ladder{opt.full}, t, list, [&](auto r, const instance& in) {
        using T = typename decltype(r)::type;
        for (const char* point : {"projected start", "x_0", "all positive"}) c3_at<T>(in, point, opt, t);
    });
}

} // namespace snae::proofs_checks
