// C4: GD keeps directions. The whole d-dimensional GD trajectory equals
// alpha_t (P-part of w_0) + beta_t (rest of w_0), with the two-number
// recurrence of docs/claims.md, while both factors stay positive.
#include "amplification.hpp"
#include "floating.hpp"

namespace snae::proofs_checks {

namespace {
/// The two-number recurrence (alpha_t, beta_t) beside the trainer, and the
/// amplification A_t of the rounding errors (amplification.hpp). GD's Jacobian
/// keeps fixed invariant directions: the plane of a_0 and r_0, the rest of
/// span{x_i : i in P_0} (factor f_a) and the rest outside it (factor f_r),
/// so A_t is tracked in a basis of at most four of them, those that exist.
template <class T>
struct recurrence {
    T h, S0, R0, alpha = T(1), beta = T(1);
    std::vector<char> in_p; // per basis direction: a_0, then r_0, tangent, outside (those present)
    amplification amp;

    recurrence(const T& h_, const split_start<T>& st, std::size_t d)
        : h(h_), S0(st.S0), R0(st.R0), in_p(basis(st, d)), amp(in_p.size())
    {
    }
    static std::vector<char> basis(const split_start<T>& st, std::size_t d)
    {
        const std::size_t k = st.p_size(), has_r = st.R0 > T(0) ? 1 : 0;
        std::vector<char> b = {1};
        if (has_r) b.push_back(0);
        if (k >= 2) b.push_back(1);
        if (d > k + has_r) b.push_back(0);
        return b;
    }
    /// One step; false (and no step) when a factor is not positive.
    bool step(bool wrong)
    {
        const T S = alpha * alpha * S0;
        const T N = S + beta * beta * R0;
        const T fa = T(1) - h * (N + S - T(2));
        const T fb = T(1) - h * (wrong ? N : S);
        if (!(fa > T(0)) || !(fb > T(0))) return false;
        advance(fa, fb);
        return true;
    }
    /// The step whatever the signs of the factors (linear).
    void step_anyway(bool wrong)
    {
        const T S = alpha * alpha * S0;
        const T N = S + beta * beta * R0;
        advance(T(1) - h * (N + S - T(2)), T(1) - h * (wrong ? N : S));
    }

private:
    void advance(const T& fa, const T& fb)
    {
        // The iterate is alpha a_0 + beta r_0: coordinates alpha sqrt(S0), beta sqrt(R0).
        std::vector<double> z(in_p.size(), 0.0);
        z[0] = to_double(alpha) * std::sqrt(to_double(S0));
        if (R0 > T(0)) z[1] = to_double(beta) * std::sqrt(to_double(R0));
        amp.step(to_double(h), z, in_p);
        alpha *= fa;
        beta *= fb;
    }
};

/// The worst ratio max_j |w_t - predicted_t| / tol_t over the steps
/// compared, its step, and the amplification's max A_t/(t+1).
template <class T>
struct worst_step {
    T ratio = T(0);
    std::uint64_t t = 0, compared = 0;
    double growth = 0;
};

/// GD beside the recurrence, for `steps` steps or until (relu) a factor is
/// not positive.
template <class T>
worst_step<T> run_beside(const dataset<T>& data, const instance& in, const split_start<T>& st, const T& eta,
                         std::uint64_t steps, const check_options& opt, const std::string& where, tally& t)
{
    const std::size_t n = in.n, d = in.d;
    recurrence<T> rec(eta / T(static_cast<long>(n)), st, d);
    auto w = st.w0;
    trainer<T> tr(data, in.act, eta);
    tr.reset(w);
    auto batch = batch_sampler::full(n);
    const T u = unit_roundoff<T>();
    worst_step<T> worst;
    for (std::uint64_t s = 0; s < steps; ++s) {
        if (!rec.step(opt.wrong_prediction)) {
            // Relu: a negative factor flips the signs of P's coordinates, the
            // active set changes and the decomposition ends here. Linear has
            // no active set: the decomposition holds whatever the signs.
            auto& first = t.details["first_nonpositive_factor"][scalar_traits<T>::name()][where];
            if (first.is_null()) first = s;
            if (in.act == activation::relu) break;
            rec.step_anyway(opt.wrong_prediction);
        }
        tr.step(w, batch.next());
        std::vector<T> predicted(d);
        for (std::size_t j = 0; j < d; ++j) predicted[j] = rec.alpha * st.p_part[j] + rec.beta * st.rest[j];
        // Tolerance 32 (n + d) u A_t: each step adds O((n + d) u) to both the
        // trajectory and the recurrence, and the later steps carry it on by
        // at most Phi(t, s); A_t = t + 1 where GD does not expand.
        const T tol = T(static_cast<long>(32 * (n + d))) * u * from_double<T>(rec.amp.sum());
        if (wrong_case_is(opt, "fine")) predicted = moved_by(predicted, T(T(fine_multiple) * tol));
        const T ratio = max_abs_diff(w, predicted) / tol;
        ++worst.compared;
        if (!(ratio <= worst.ratio)) { // a NaN ratio (a diverging run) is the worst
            worst.ratio = ratio;
            worst.t = s + 1;
        }
    }
    worst.growth = rec.amp.worst_growth();
    return worst;
}

template <class T>
void c4_at(const instance& in, const std::string& eta_text, const check_options& opt, tally& t)
{
    const std::string where = where_at<T>(in) + " eta=" + eta_text;
    const auto data = in.data<T>();
    const split_start<T> st(data, in);
    const std::uint64_t steps = opt.full ? 1000 : 200;
    const auto worst = run_beside(data, in, st, from_decimal<T>(eta_text), steps, opt, where, t);
    t.require(where, "at least one step compared", worst.compared > 0);
    compare(t, where, "trajectory = alpha_t P w0 + beta_t (w0 - P w0) (worst step " + std::to_string(worst.t) + ")",
            worst.ratio, T(1));
    if (scalar_traits<T>::name() == "double") t.details["amplification_max_A_t/(t+1)"][where] = worst.growth;
}
} // namespace

void check_gd_recurrence(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto act : {activation::relu, activation::linear})
        for (auto [n, d] : {std::pair<std::size_t, std::size_t>{4, 4}, {6, 10}, {8, 8}})
            for (auto kind : {data_kind::canonical, data_kind::rotated}) list.push_back({n, d, act, kind, 7});
    // w_0 doubled, ||w_0||^2 near 7: the first step overshoots towards 0 and
    // the next ones expand (docs/claims.md#gd-recurrence).
    list.push_back({6, 6, activation::linear, data_kind::canonical, 7, 2});
    list.push_back({6, 10, activation::linear, data_kind::rotated, 7, 2});
    list.push_back({6, 10, activation::relu, data_kind::rotated, 7, 2});
    for_each_instance(floating_ladder{opt.full}, t, list, [&](auto r, const instance& in) {
        using T = typename decltype(r)::type;
        // eta = 0.5, n/4 and 0.45 n (stable, the radial mode alternating);
        // from w_0 doubled eta = 0.5 only: from N_0 near 7, eta = n/4 has
        // |1 - (eta/n)(2 N_0 - 2)| > 1 (linear diverges).
        std::vector<std::string> etas = {"0.5"};
        if (in.scale == 1) etas = {"0.5", std::to_string(in.n * 25) + "e-2", std::to_string(in.n * 45) + "e-2"};
        for (const auto& eta : etas) c4_at<T>(in, eta, opt, t);
    });
}

} // namespace snae::proofs_checks
