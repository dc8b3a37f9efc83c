// C7: w_GD attracts for 0 < eta < n/2 and repels radially for eta > n/2:
// from a point of M moved radially by delta, GD at eta = 0.49 n returns and
// at eta = 0.51 n moves away.
#include "floating.hpp"

namespace snae::proofs_checks {

namespace {
template <class T>
T distance(const std::vector<T>& a, const std::vector<T>& b)
{
    std::vector<T> diff(a.size());
    for (std::size_t j = 0; j < a.size(); ++j) diff[j] = a[j] - b[j];
    return norm(diff);
}

template <class T>
void c7_at(const instance& in, const check_options& opt, tally& t)
{
    const std::string where = where_at<T>(in);
    const auto data = in.data<T>();
    const std::size_t n = in.n, d = in.d;
    const auto star = combine(data, project_onto_minima(in.act, coords_of(data, in.start<T>())));
    const T delta = ldexp(T(1), -12);
    auto start = star;
    for (T& x : start) x *= T(1) + delta;
    const T e0 = distance(start, star);
    const T tn(static_cast<long>(n));
    const T u = unit_roundoff<T>();
    // Below the threshold (radial factor |1 - 1.96| = 0.96): after 600 steps the
    // distance is below e0 0.97^600 plus the rounding floor 64 (n + d) u.
    // Above it (factor 1.04): after 60 steps it is above e0 1.03^60, while
    // still small enough (2^-12 1.04^60, about 2.6e-3) for the linearisation to hold.
    // The case "margin" predicts each factor two margins (0.02) too far from
    // 1, 0.94 and 1.06, and compares with 0.95^T and 1.05^T.
    const long margin = wrong_case_is(opt, "margin") ? 5 : 3;
    struct side { long percent; std::uint64_t steps; bool attracts; };
    for (const side s : {side{49, 600, true}, side{51, 60, false}}) {
        const bool predicted_attracts = opt.wrong_prediction ? !s.attracts : s.attracts;
        auto w = start;
        auto batch = batch_sampler::full(n);
        stopping_rule<T> rule;
        rule.max_steps = s.steps;
        train(data, in.act, T(s.percent) * tn / T(100), w, batch, rule, {});
        const T eT = distance(w, star);
        T bound(1);
        const long f100 = predicted_attracts ? 100 - margin : 100 + margin; // the factor in hundredths
        const T f = T(f100) / T(100);
        for (std::uint64_t k = 0; k < s.steps; ++k) bound *= f;
        bound *= e0;
        const std::string label = "eta = 0." + std::to_string(s.percent) + " n " + (predicted_attracts ? "attracts" : "repels");
        const std::string factor = (f100 < 100 ? "0." : "1.0") + std::to_string(f100 % 100);
        if (predicted_attracts)
            compare(t, where, label + ": e_T <= e_0 " + factor + "^T + 64(n+d)u", eT,
                    T(bound + T(static_cast<long>(64 * (n + d))) * u));
        else
            compare(t, where, label + ": e_0 " + factor + "^T <= e_T", bound, eT);
        t.details["distance_ratio"][scalar_traits<T>::name()][where + " eta=0." + std::to_string(s.percent) + "n"] =
            to_double(T(eT / e0));
    }
}
} // namespace

void check_stability(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto act : {activation::relu, activation::linear})
        for (auto [n, d] : {std::pair<std::size_t, std::size_t>{4, 4}, {6, 10}, {8, 8}})
            for (auto kind : {data_kind::canonical, data_kind::rotated}) list.push_back({n, d, act, kind, 11});
    for_each_instance(floating_ladder{opt.full}, t, list, [&](auto r, const instance& in) {
        using T = typename decltype(r)::type;
        c7_at<T>(in, opt, t);
    });
}

} // namespace snae::proofs_checks
