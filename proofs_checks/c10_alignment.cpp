// C10: cos(w_GD, w_0) = sqrt(S_0)/||w_0|| (about sqrt(n/(2d)) for a Gaussian
// start, relu), while cos(w_SGD, w_0) = |c_k(w_0)|/||w_0||, small, where k is
// the coordinate that survives: predicted here by the per-coordinate
// recurrence of SGD run on the same batches, not read off the trainer's run.
#include "floating.hpp"

namespace snae::proofs_checks {

namespace {
/// SGD as the theory writes it, on the data coordinates c_i and R = ||w -
/// sum_i c_i x_i||^2 alone (n + 1 numbers, never the d-dimensional iterate): a
/// batch B of m samples, h = eta/m, multiplies c_i (i in B, active) by
/// 1 - h (N + S_B - 2) and every other c_i, and sqrt(R), by 1 - h S_B
/// (docs/claims.md#sgd-sparsity). Run on the batches of `s` until one |c_k| is
/// within `level` of 1 and every other below it (tested every n steps), or
/// for `steps` steps; returns that k (argmax |c_i|).
template <class T>
std::size_t surviving_coordinate(activation act, std::vector<T> c, T R, const T& eta, batch_sampler s,
                                 std::uint64_t steps, const T& level)
{
    const std::size_t n = c.size();
    auto argmax = [&] {
        std::size_t k = 0;
        for (std::size_t i = 1; i < n; ++i)
            if (abs_of(c[i]) > abs_of(c[k])) k = i;
        return k;
    };
    std::vector<char> in_batch(n, 0);
    for (std::uint64_t t = 1; t <= steps; ++t) {
        const auto& b = s.next();
        T N = R, S(0);
        for (const T& x : c) N += x * x;
        for (std::size_t i : b)
            if (is_active(act, c[i])) S += c[i] * c[i];
        const T h = eta / T(static_cast<long>(b.size()));
        const T fa = T(1) - h * (N + S - T(2)), fr = T(1) - h * S;
        for (std::size_t i : b) in_batch[i] = is_active(act, c[i]) ? 1 : 0;
        for (std::size_t i = 0; i < n; ++i) c[i] *= in_batch[i] ? fa : fr;
        R *= fr * fr;
        for (std::size_t i : b) in_batch[i] = 0;
        if (t % n != 0) continue;
        const std::size_t k = argmax();
        bool sparse = !(abs_of(T(abs_of(c[k]) - T(1))) > level);
        for (std::size_t i = 0; i < n; ++i) sparse = sparse && (i == k || !(abs_of(c[i]) > level));
        if (sparse) break;
    }
    return argmax();
}

template <class T>
void c10_gd(const instance& in, const split_start<T>& st, const dataset<T>& data, const check_options& opt,
            const std::string& where, tally& t, double& sum_gd)
{
    using std::sqrt;
    const std::size_t n = in.n, d = in.d;
    const std::uint64_t steps = gd_limit_steps(scalar_traits<T>::digits());
    const auto w_gd = gd_limit_run(data, in.act, st.w0, steps);
    const T cos_gd = *cosine(w_gd, st.w0);
    // (64 + 2T)(n + d) u as in C5: rounding drifts along M, where GD is neutral.
    const T tol = T(static_cast<long>((64 + 2 * steps) * (n + d))) * unit_roundoff<T>();
    T pred = sqrt(st.S0) / norm(st.w0);
    if (wrong_case_is(opt, "fine-gd")) pred += T(fine_multiple) * tol;
    compare(t, where, "cos(w_GD, w0) = sqrt(S0)/||w0||", abs_of(T(cos_gd - pred)), tol);
    sum_gd += to_double(cos_gd);
}

template <class T>
void c10_sgd(const instance& in, const split_start<T>& st, const dataset<T>& data, const check_options& opt,
             const std::string& where, tally& t, double& sum_sgd)
{
    using std::sqrt;
    const std::size_t n = in.n, d = in.d;
    const T level = sparsity_level<T>(n, d), eta = T(2) / T(5);
    const std::uint64_t seed = in.seed, budget = 8000;
    // The run stops once 1-sparse, as in C8: x_k is a fixed point of every batch.
    const std::function<bool(const std::vector<T>&)> done = [&](const std::vector<T>& x) {
        return sparsity_of(coords_of(data, x), level).one_sparse();
    };
    const auto w_sgd = sgd_run(data, in.act, st.w0, 1, sampler_kind::replacement, seed, budget, done);
    const std::size_t k_run = sparsity_of(coords_of(data, w_sgd), level).k;
    T R(0); // ||w_0 - sum_i c_i(w_0) x_i||^2, summed directly
    const auto proj = combine(data, st.c0);
    for (std::size_t j = 0; j < d; ++j) R += (st.w0[j] - proj[j]) * (st.w0[j] - proj[j]);
    const std::size_t k = surviving_coordinate(in.act, st.c0, R, eta, batch_sampler::replacement(n, 1, seed), budget, level);
    const T norm0 = norm(st.w0), cos_sgd = abs_of(*cosine(w_sgd, st.w0));
    // w_SGD is x_k up to the sparsity level L in every coordinate, so the
    // cosine is within sqrt(n) L + 64 (n + d) u of the prediction.
    const T tol = sqrt(T(static_cast<long>(n))) * level + T(static_cast<long>(64 * (n + d))) * unit_roundoff<T>();
    T pred = opt.wrong_prediction ? T(sqrt(st.S0) / norm0) : T(abs_of(st.c0[k]) / norm0);
    if (wrong_case_is(opt, "fine")) pred += T(fine_multiple) * tol;
    compare(t, where, "|cos(w_SGD, w0)| = |c_k(w0)|/||w0||, k from the recurrence", abs_of(T(cos_sgd - pred)), tol);
    t.require(where, "the run selects the recurrence's k = " + std::to_string(k) + " (run: " + std::to_string(k_run) + ")",
              k_run == k);
    sum_sgd += to_double(cos_sgd);
}
} // namespace

void check_alignment(const check_options& opt, tally& t)
{
    const std::uint64_t seeds = opt.full ? 20 : 6;
    // Every c_i(w_0) <= 0 is a dead start (C2), where neither limit exists
    // and the claim does not apply (relu rotated n=8 d=12 seed=9, --full).
    const auto live = [&](auto r, const instance& in) {
        using T = typename decltype(r)::type;
        if (split_start<T>(in.data<T>(), in).p_size() != 0) return true;
        t.details["dead_starts_skipped"].push_back(where_at<T>(in));
        return false;
    };
    for (auto [n, d] : {std::pair<std::size_t, std::size_t>{16, 16}, {8, 12}}) {
        std::vector<instance> list;
        for (auto kind : {data_kind::canonical, data_kind::rotated})
            for (std::uint64_t seed = 1; seed <= seeds; ++seed) list.push_back({n, d, activation::relu, kind, seed});
        double sum_gd = 0, sum_sgd = 0;
        int count = 0;
        for_each_instance(floating_ladder{opt.full}, t, list, live, [&](auto r, const instance& in) {
            using T = typename decltype(r)::type;
            const auto data = in.data<T>();
            const split_start<T> st(data, in);
            c10_gd(in, st, data, opt, where_at<T>(in), t, sum_gd);
            c10_sgd(in, st, data, opt, where_at<T>(in), t, sum_sgd);
            ++count;
        });
        const std::string key = "n=" + std::to_string(n) + " d=" + std::to_string(d);
        t.details["mean_cos"][key] = {{"GD", sum_gd / count}, {"SGD b=1", sum_sgd / count},
                                      {"sqrt(n/(2d))", std::sqrt(static_cast<double>(n) / (2.0 * static_cast<double>(d)))}};
    }
}

} // namespace snae::proofs_checks
