// C11: with rotated data the trajectory is Q times the canonical trajectory
// from Q^T w_0 (equivalently: from v_0 = Q w_0 the rotated run is Q w_t).
#include "amplification.hpp"
#include "floating.hpp"

namespace snae::proofs_checks {

namespace {
/// The step's Jacobian at the canonical iterate w (data basis = standard basis) for A_t.
template <class T>
void amplify(amplification& amp, activation act, const T& eta, const std::vector<T>& w, const std::vector<std::size_t>& batch)
{
    std::vector<double> z(w.size());
    std::vector<char> in_pi(w.size(), 0);
    for (std::size_t j = 0; j < w.size(); ++j) z[j] = to_double(w[j]);
    for (std::size_t i : batch) in_pi[i] = is_active(act, w[i]) ? 1 : 0;
    amp.step(to_double(T(eta / T(static_cast<long>(batch.size())))), z, in_pi);
}

template <class T>
void c11_at(const instance& in, std::size_t b, const check_options& opt, tally& t)
{
    const std::string where = where_at<T>(in) + " b=" + std::to_string(b);
    const std::size_t n = in.n, d = in.d;
    const auto canon = dataset<T>::canonical(n, d);
    const auto rot = dataset<T>::rotated(n, d, in.seed);
    const auto q = dataset<T>::rotated(d, d, in.seed); // row i = column i of Q
    // Q w (or, for the wrong prediction, Q^T w).
    auto apply = [&](const std::vector<T>& x) {
        std::vector<T> v(d, T(0));
        for (std::size_t i = 0; i < d; ++i)
            for (std::size_t j = 0; j < d; ++j)
                if (opt.wrong_prediction) v[i] += q.entry(i, j) * x[j];
                else v[j] += x[i] * q.entry(i, j);
        return v;
    };
    auto w = in.start<T>();
    auto v = apply(w);
    auto sa = b == n ? batch_sampler::full(n) : batch_sampler::replacement(n, b, in.seed);
    auto sb = b == n ? batch_sampler::full(n) : batch_sampler::replacement(n, b, in.seed);
    const T eta = b == n ? T(1) / T(2) : T(static_cast<long>(2 * b)) / T(5);
    trainer<T> ta(canon, in.act, eta), tb(rot, in.act, eta);
    ta.reset(w);
    tb.reset(v);
    const T u = unit_roundoff<T>();
    T worst(0);
    amplification amp(d); // A_t as in C4: t + 1 while the steps do not expand
    for (std::uint64_t s = 1; s <= 100; ++s) {
        const auto& batch = sa.next();
        amplify(amp, in.act, eta, w, batch);
        ta.step(w, batch);
        tb.step(v, sb.next());
        // K (n + d) u A_t, K = 8: one dense step adds O((n + d) u), Q is
        // orthonormal to about d u, and the later steps carry it on by at most Phi(t, s).
        const T tol = T(static_cast<long>(8 * (n + d))) * u * from_double<T>(amp.sum());
        auto predicted = apply(w);
        if (wrong_case_is(opt, "fine")) predicted = moved_by(predicted, T(T(fine_multiple) * tol));
        const T ratio = max_abs_diff(v, predicted) / tol;
        if (!(ratio <= worst)) worst = ratio; // a NaN ratio (a diverging run) is the worst
    }
    compare(t, where, "rotated trajectory = Q x canonical trajectory (100 steps)", worst, T(1));
    if (scalar_traits<T>::name() == "double")
        t.details["amplification_max_A_t/(t+1)"][where] = amp.worst_growth();
}
} // namespace

void check_rotation(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto act : {activation::relu, activation::linear})
        for (auto [n, d] : {std::pair<std::size_t, std::size_t>{4, 6}, {5, 5}, {8, 12}}) list.push_back({n, d, act, data_kind::rotated, 13});
    // w_0 doubled, ||w_0||^2 near 4.7: the first steps expand (docs/claims.md#rotation).
    for (auto act : {activation::relu, activation::linear}) list.push_back({8, 12, act, data_kind::rotated, 13, 2});
    for_each_instance(floating_ladder{opt.full}, t, list, [&](auto r, const instance& in) {
        using T = typename decltype(r)::type;
        for (std::size_t b : {in.n, std::size_t{1}, std::size_t{2}}) c11_at<T>(in, b, opt, t);
    });
}

} // namespace snae::proofs_checks
