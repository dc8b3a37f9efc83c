// C8: for every batch size 1 <= b < n with a random sampler (replacement,
// reshuffle), and for cyclic with b = 1, SGD with eta = 0.4 b (< b/2)
// converges to x_k for a single k in P(w_0) (relu), or to +-x_k (linear):
// support size 1.
//
// Not for cyclic with b >= 2: two samples that always share a batch keep the
// ratio of their coordinates forever (a batch multiplies all its active
// coordinates by one factor), so the limit keeps every active sample of the
// winning batch. The check records what cyclic b >= 2 ends with as an
// observation (docs/claims.md#sgd-sparsity).
#include "instance.hpp"

#include <algorithm>
#include <functional>
#include <map>

namespace snae::claims {

namespace {
template <class T>
void c8_at(const instance& in, std::size_t b, sampler_kind kind, std::uint64_t steps, const check_options& opt, tally& t,
           std::map<std::string, std::pair<int, int>>& reached, std::map<std::string, std::vector<int>>& picks)
{
    const std::string where = scalar_traits<T>::name() + " " + in.name() + " b=" + std::to_string(b) + " " + to_string(kind);
    const auto data = in.data<T>();
    const std::size_t n = in.n;
    const auto w0 = in.start<T>();
    const auto c0 = coords_of(data, w0);
    const auto p = active_set(in.act, c0);
    // 1-sparse: every other |c_i| and | |c_k| - 1 | below the sparsity level
    // (2^-60, or 256 (n + d) u where rounding noise is larger).
    const T level = sparsity_level<T>(n, in.d);
    struct shape {
        std::size_t k = 0, support = 0;
        bool unit = false;
    };
    auto shape_of = [&](const std::vector<T>& c) {
        shape s;
        for (std::size_t i = 1; i < n; ++i)
            if (abs_of(c[i]) > abs_of(c[s.k])) s.k = i;
        for (std::size_t i = 0; i < n; ++i) s.support += abs_of(c[i]) > level ? 1 : 0;
        s.unit = !(abs_of(T(abs_of(c[s.k]) - T(1))) > level);
        return s;
    };
    // The run stops once it is 1-sparse: x_k is a fixed point of every batch
    // and the other coordinates only shrink from there, so the state the check
    // sees is the one it would see after the whole budget. Cyclic b >= 2 (an
    // observation, with support counts) runs its whole budget.
    std::function<bool(const std::vector<T>&)> done;
    if (!(kind == sampler_kind::cyclic && b > 1))
        done = [&](const std::vector<T>& x) {
            const shape s = shape_of(coords_of(data, x));
            return s.support == 1 && s.unit;
        };
    const auto w = sgd_run(data, in.act, w0, b, kind, in.seed, steps, done);
    const auto c = coords_of(data, w);
    const shape s = shape_of(c);
    const std::size_t k = s.k, support = s.support;
    const bool unit = s.unit;
    const std::size_t predicted = opt.wrong_prediction ? 2 : 1;
    const bool in_p = in.act == activation::linear || (p[k] && c[k] > T(0));
    const bool ok = support == 1 && unit && in_p;
    if (kind == sampler_kind::cyclic && b > 1) {
        // Outside the claim: count the support sizes it ends with, per b.
        auto& count = t.details["cyclic_b_ge_2_support_counts"]["b=" + std::to_string(b)][std::to_string(support)];
        count = count.is_null() ? 1 : count.template get<int>() + 1;
        return;
    }
    auto& r = reached[scalar_traits<T>::name()];
    r.first += ok ? 1 : 0;
    r.second += 1;
    if (ok) {
        auto& h = picks[in.name()];
        h.resize(n);
        ++h[k];
    }
    t.require(where, "support = " + std::to_string(predicted) + " (observed " + std::to_string(support) + ", k = " +
                         std::to_string(k) + ")", support == predicted);
    // The limit is a unit vector: | |c_k| - 1 | within the level (the case
    // "fine" predicts |c_k| = 1 + 8 level).
    T unit_norm(1);
    if (wrong_case_is(opt, "fine")) unit_norm += T(fine_multiple) * level;
    compare(t, where, "|c_k(w_T)| = 1", abs_of(T(abs_of(c[k]) - unit_norm)), level);
    if (in.act == activation::relu) t.require(where, "k in P(w0) and c_k(w_T) > 0", in_p);
}
} // namespace

void check_sgd_sparsity(const check_options& opt, tally& t)
{
    const std::uint64_t seeds = opt.full ? 20 : 4, steps = opt.full ? 20000 : 8000;
    std::map<std::string, std::pair<int, int>> reached;
    std::map<std::string, std::vector<int>> picks;
    for_each_precision(opt, t, [&](auto tag) {
        using T = typename decltype(tag)::type;
        // n = d = 8 over all seeds, and n = 6 < d = 10 over the first two.
        for (auto [n, d, nseeds] : {std::tuple<std::size_t, std::size_t, std::uint64_t>{8, 8, seeds}, {6, 10, 2}})
        for (auto act : {activation::relu, activation::linear})
            for (bool rot : {false, true})
                for (std::uint64_t seed = 1; seed <= nseeds; ++seed) {
                    const instance in{n, d, act, rot, seed};
                    t.instance(in.name());
                    for (std::size_t b : {std::size_t{1}, std::size_t{2}, n - 1})
                        for (auto kind : {sampler_kind::replacement, sampler_kind::reshuffle, sampler_kind::cyclic})
                            // Cyclic b >= 2 is an observation that runs its whole budget: the default one suffices.
                            c8_at<T>(in, b, kind, kind == sampler_kind::cyclic && b > 1 ? std::min<std::uint64_t>(steps, 8000) : steps,
                                     opt, t, reached, picks);
                }
    });
    for (const auto& [prec, r] : reached) t.details["fraction_1_sparse"][prec] = static_cast<double>(r.first) / r.second;
    for (const auto& [inst, h] : picks) t.details["selected_k_counts"][inst] = h;
}

} // namespace snae::claims
