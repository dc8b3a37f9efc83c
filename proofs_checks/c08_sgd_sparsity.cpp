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
#include "floating.hpp"

#include <algorithm>
#include <functional>
#include <map>

namespace snae::proofs_checks {

namespace {
/// What the runs select, over the instances: per precision the runs that
/// ended 1-sparse (of all), per instance how often each k was selected.
struct selections {
    std::map<std::string, std::pair<int, int>> reached;
    std::map<std::string, std::vector<int>> picks;
};

/// The selection's shape after SGD from w_0. The run stops once it is
/// 1-sparse: x_k is a fixed point of every batch and the other coordinates
/// only shrink from there, so the state the check sees is the one it would
/// see after the whole budget. Cyclic b >= 2 (an observation, with support
/// counts) runs its whole budget.
template <class T>
sparsity sgd_selection(const dataset<T>& data, const instance& in, std::size_t b, sampler_kind kind, std::uint64_t steps,
                       const T& level, std::vector<T>& c)
{
    std::function<bool(const std::vector<T>&)> done;
    if (!(kind == sampler_kind::cyclic && b > 1))
        done = [&](const std::vector<T>& x) { return sparsity_of(coords_of(data, x), level).one_sparse(); };
    c = coords_of(data, sgd_run(data, in.act, in.start<T>(), b, kind, in.seed, steps, done));
    return sparsity_of(c, level);
}

template <class T>
void c8_at(const instance& in, std::size_t b, sampler_kind kind, std::uint64_t steps, const check_options& opt, tally& t,
           selections& sel)
{
    const std::string where = where_at<T>(in) + " b=" + std::to_string(b) + " " + to_string(kind);
    const auto data = in.data<T>();
    const auto p = active_set(in.act, coords_of(data, in.start<T>()));
    // 1-sparse: every other |c_i| and | |c_k| - 1 | below the sparsity level
    // (2^-60, or 256 (n + d) u where rounding noise is larger).
    const T level = sparsity_level<T>(in.n, in.d);
    std::vector<T> c;
    const sparsity s = sgd_selection(data, in, b, kind, steps, level, c);
    const std::size_t k = s.k, predicted = opt.wrong_prediction ? 2 : 1;
    if (kind == sampler_kind::cyclic && b > 1) {
        // Outside the claim: count the support sizes it ends with, per b.
        auto& count = t.details["cyclic_b_ge_2_support_counts"]["b=" + std::to_string(b)][std::to_string(s.support)];
        count = count.is_null() ? 1 : count.template get<int>() + 1;
        return;
    }
    const bool in_p = in.act == activation::linear || (p[k] && c[k] > T(0));
    const bool ok = s.one_sparse() && in_p;
    auto& r = sel.reached[scalar_traits<T>::name()];
    r.first += ok ? 1 : 0;
    r.second += 1;
    if (ok) {
        auto& h = sel.picks[in.name()];
        h.resize(in.n);
        ++h[k];
    }
    t.require(where, "support = " + std::to_string(predicted) + " (observed " + std::to_string(s.support) + ", k = " +
                         std::to_string(k) + ")", s.support == predicted);
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
    std::vector<instance> list;
    // n = d = 8 over all seeds, and n = 6 < d = 10 over the first two.
    for (auto [n, d, nseeds] : {std::tuple<std::size_t, std::size_t, std::uint64_t>{8, 8, seeds}, {6, 10, 2}})
        for (auto act : {activation::relu, activation::linear})
            for (auto kind : {data_kind::canonical, data_kind::rotated})
                for (std::uint64_t seed = 1; seed <= nseeds; ++seed) list.push_back({n, d, act, kind, seed});
    selections sel;
    for_each_instance(floating_ladder{opt.full}, t, list, [&](auto r, const instance& in) {
        using T = typename decltype(r)::type;
        for (std::size_t b : {std::size_t{1}, std::size_t{2}, in.n - 1})
            for (auto kind : {sampler_kind::replacement, sampler_kind::reshuffle, sampler_kind::cyclic})
                // Cyclic b >= 2 is an observation that runs its whole budget: the default one suffices.
                c8_at<T>(in, b, kind, kind == sampler_kind::cyclic && b > 1 ? std::min<std::uint64_t>(steps, 8000) : steps,
                         opt, t, sel);
    });
    for (const auto& [prec, r] : sel.reached) t.details["fraction_1_sparse"][prec] = static_cast<double>(r.first) / r.second;
    for (const auto& [inst, h] : sel.picks) t.details["selected_k_counts"][inst] = h;
}

} // namespace snae::proofs_checks
