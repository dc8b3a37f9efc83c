// C10: cos(w_GD, w_0) = sqrt(S_0)/||w_0|| (about sqrt(n/(2d)) for a Gaussian
// start, relu), while cos(w_SGD, w_0) = |c_k(w_0)|/||w_0||, small.
#include "instance.hpp"

namespace snae::claims {

namespace {
template <class T>
void c10_at(const instance& in, const check_options& opt, tally& t, double& sum_gd, double& sum_sgd, int& count)
{
    const std::string where = scalar_traits<T>::name() + " " + in.name();
    const auto data = in.data<T>();
    const std::size_t n = in.n, d = in.d;
    const split_start<T> st(data, in);
    const auto& w0 = st.w0;
    const auto& c0 = st.c0;
    using std::sqrt;
    const T norm0 = norm(w0);
    const T pred_gd = sqrt(st.S0) / norm0;
    const std::uint64_t steps = gd_limit_steps(scalar_traits<T>::digits());
    const auto w_gd = gd_limit_run(data, in.act, w0, steps);
    const T cos_gd = *cosine(w_gd, w0);
    const T u = unit_roundoff<T>();
    // (64 + 2T)(n + d) u as in C5: rounding drifts along M, where GD is neutral.
    compare(t, where, "cos(w_GD, w0) = sqrt(S0)/||w0||", abs_of(T(cos_gd - pred_gd)),
            T(static_cast<long>((64 + 2 * steps) * (n + d))) * u);

    const auto w_sgd = sgd_run(data, in.act, w0, 1, sampler_kind::replacement, in.seed, 8000);
    const auto c = coords_of(data, w_sgd);
    std::size_t k = 0;
    for (std::size_t i = 1; i < n; ++i)
        if (abs_of(c[i]) > abs_of(c[k])) k = i;
    const T cos_sgd = abs_of(*cosine(w_sgd, w0));
    const T pred_sgd = opt.wrong_prediction ? pred_gd : T(abs_of(c0[k]) / norm0);
    // w_SGD is x_k up to the sparsity level L in every coordinate, so the
    // cosine is within sqrt(n) L + 64 (n + d) u of the prediction.
    const T level = sparsity_level<T>(n, d);
    compare(t, where, "|cos(w_SGD, w0)| = |c_k(w0)|/||w0||", abs_of(T(cos_sgd - pred_sgd)),
              T(sqrt(T(static_cast<long>(n))) * level + T(static_cast<long>(64 * (n + d))) * u));
    sum_gd += to_double(cos_gd);
    sum_sgd += to_double(cos_sgd);
    ++count;
}
} // namespace

void check_alignment(const check_options& opt, tally& t)
{
    const std::uint64_t seeds = opt.full ? 20 : 6;
    for (auto [n, d] : {std::pair<std::size_t, std::size_t>{16, 16}, {8, 12}}) {
        double sum_gd = 0, sum_sgd = 0;
        int count = 0;
        for_each_precision(opt, t, [&](auto tag) {
            using T = typename decltype(tag)::type;
            for (bool rot : {false, true})
                for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
                    const instance in{n, d, activation::relu, rot, seed};
                    t.instance(in.name());
                    c10_at<T>(in, opt, t, sum_gd, sum_sgd, count);
                }
        });
        const std::string key = "n=" + std::to_string(n) + " d=" + std::to_string(d);
        t.details["mean_cos"][key] = {{"GD", sum_gd / count}, {"SGD b=1", sum_sgd / count},
                                      {"sqrt(n/(2d))", std::sqrt(static_cast<double>(n) / (2.0 * static_cast<double>(d)))}};
    }
}

} // namespace snae::claims
