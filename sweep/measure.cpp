#include "measure.hpp"

#include <snae/errors.hpp>
#include <snae/instantiations.hpp>

#include <algorithm>
#include <cmath>

namespace snae::sweep {

std::vector<std::string> measure_column_names()
{
    return {"status",         "steps",          "loss_gap",      "dist_min",          "support_size",
            "positive_init",  "support_predicted", "participation", "max_coord_ratio", "cos_init",
            "cos_predicted",  "lambda_max",     "lambda_max_closed", "trace",          "trace_closed",
            "hessian_active"};
}

namespace {

/// Steps at which the figures' top coordinates are recorded: every step up
/// to 20, then about 5% apart (a few hundred points up to 10^6 steps).
std::uint64_t next_record(std::uint64_t t) { return std::max<std::uint64_t>(t + 1, t + t / 20); }

/// Which runs the theory predicts to be 1-sparse: every stochastic sampler
/// that can separate two samples (replacement; reshuffle with b < n; cyclic
/// only with b = 1, since two samples that always share a cyclic batch keep
/// their ratio, docs/claims.md#c8). Reshuffle and cyclic with b = n are GD.
enum class regime { gd, sgd, none };

regime regime_of(const run_config& c, std::size_t n)
{
    if (!c.batch) return regime::gd;
    const std::size_t b = static_cast<std::size_t>(*c.batch);
    // Every sampler draws distinct samples within a batch: a batch of n is the full batch.
    if (b == n) return regime::gd;
    switch (c.sampler) {
    case sampler_kind::replacement:
    case sampler_kind::reshuffle: return regime::sgd;
    case sampler_kind::cyclic: return b == 1 ? regime::sgd : regime::none;
    default: return regime::none;
    }
}

template <class T>
run_result measure(const grid_run& g, bool spectrum, bool want_trace, const std::atomic<bool>* interrupt)
{
    using std::sqrt;
    const run_config& c = g.run.config;
    const std::size_t n = g.run.n, d = g.run.d;
    run_inputs<T> in = make_inputs<T>(g.run, interrupt);
    const dataset<T>& data = *in.data;

    run_result res;
    std::uint64_t next = 0;
    T scratch, ci;
    std::vector<double> absc(n);
    auto record = [&](std::uint64_t t, const std::vector<T>& x) {
        for (std::size_t i = 0; i < n; ++i) {
            data.coord(i, x, ci, scratch);
            absc[i] = std::fabs(to_double(ci));
        }
        const std::size_t k = std::min<std::size_t>(5, n);
        std::partial_sort(absc.begin(), absc.begin() + static_cast<std::ptrdiff_t>(k), absc.end(), std::greater<double>());
        res.trace.t.push_back(static_cast<double>(t));
        res.trace.top.resize(k);
        for (std::size_t m = 0; m < k; ++m) res.trace.top[m].push_back(absc[m]);
    };
    std::uint64_t last_recorded = 0;
    iterate_observer<T> observer;
    if (want_trace)
        observer = [&](std::uint64_t t, const std::vector<T>& x) {
            if (t == next) {
                record(t, x);
                last_recorded = t;
                next = next_record(t);
            }
        };
    std::vector<T> w = in.w0;
    const train_outcome out = train(data, c.act, in.eta, w, in.sampler, in.rule, observer);
    if (out.status == run_status::interrupted) {
        res.interrupted = true;
        return res;
    }
    if (want_trace && last_recorded != out.steps) record(out.steps, w);

    const std::vector<std::string> names = measure_column_names();
    std::vector<std::string> v(names.size());
    auto put = [&](const char* name, const std::string& value) {
        v[static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin())] = value;
    };
    put("status", to_string(out.status));
    put("steps", std::to_string(out.steps));

    // Predictions from w_0 alone.
    point_evaluator<T> eval0(data, c.act);
    const auto& s0 = eval0(in.w0);
    std::size_t positive = 0;
    for (const T& x : s0.coords)
        if (is_active(c.act, x)) ++positive;
    put("positive_init", std::to_string(positive));
    const regime rg = regime_of(c, n);
    put("support_predicted", rg == regime::gd ? std::to_string(positive) : rg == regime::sgd ? "1" : "");
    const T norm0 = sqrt(s0.norm2);
    const std::vector<T> coords0 = s0.coords;

    point_evaluator<T> eval(data, c.act);
    // A diverged run's iterate is past the divergence bound or not finite:
    // its measures are left undefined rather than computed from it.
    if (out.status == run_status::diverged) {
        res.values = std::move(v);
        return res;
    }
    try {
        const auto& s = eval(w);
        put("loss_gap", to_decimal(s.loss_gap));
        put("dist_min", to_decimal(s.dist_min));
        const auto sup = support(s.coords, in.support_threshold);
        put("support_size", std::to_string(sup.size()));
        // Participation ratio (sum c^2)^2 / sum c^4 over the data coordinates.
        T s2(0), s4(0), big(0);
        for (const T& x : s.coords) {
            const T x2 = x * x;
            s2 += x2;
            s4 += x2 * x2;
        }
        if (sign_of(s4) == sign::positive) put("participation", to_decimal(T(s2 * s2 / s4)));
        std::size_t kmax = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const T a = sign_of(s.coords[i]) == sign::negative ? T(-s.coords[i]) : s.coords[i];
            if (exceeds(a, big, "largest |c_i|")) {
                big = a;
                kmax = i;
            }
        }
        if (sign_of(s.norm2) == sign::positive) put("max_coord_ratio", to_decimal(T(big / sqrt(s.norm2))));
        if (const auto cs = cosine(w, in.w0)) put("cos_init", to_decimal(*cs));
        if (sign_of(norm0) == sign::positive) {
            if (rg == regime::gd) {
                // GD keeps the direction of the active part of w_0: cos = sqrt(S_0) / ||w_0||.
                put("cos_predicted", to_decimal(T(sqrt(s0.active_sum) / norm0)));
            } else if (rg == regime::sgd) {
                // Given the selected k (the largest final |c_k|): cos(x_k, w_0) = |c_k(w_0)| / ||w_0||.
                const T a = sign_of(coords0[kmax]) == sign::negative ? T(-coords0[kmax]) : coords0[kmax];
                put("cos_predicted", to_decimal(T(a / norm0)));
            }
        }
        // The Hessian at the final iterate with the active set of its limit:
        // for relu the samples with c_i above the support threshold; a
        // coordinate that has decayed to 1e-40 but not to 0 is not active there.
        std::vector<char> active(n, 1);
        std::size_t k = n;
        if (c.act == activation::relu) {
            k = 0;
            for (std::size_t i = 0; i < n; ++i) {
                active[i] = exceeds(s.coords[i], in.support_threshold, "active set of the limit") ? 1 : 0;
                k += static_cast<std::size_t>(active[i]);
            }
        }
        put("hessian_active", std::to_string(k));
        const std::vector<T> h = loss_hessian_by_gradient(data, c.act, w, &active);
        T tr(0);
        for (std::size_t j = 0; j < d; ++j) tr += h[j * d + j];
        put("trace", to_decimal(tr));
        const T tn(static_cast<long>(n));
        put("trace_closed", to_decimal(T(T(static_cast<long>(d - k + 4)) / tn)));
        put("lambda_max_closed", to_decimal(T(T(4) / tn)));
        if (spectrum) {
            try {
                put("lambda_max", to_decimal(symmetric_eigenvalues(h, d).back()));
            } catch (const std::runtime_error&) {
                // The eigen-solver did not converge (it reports, it does not
                // guess): lambda_max stays undefined for this run.
            }
        }
        if (want_trace) {
            res.trace.sorted_abs_coords.resize(n);
            for (std::size_t i = 0; i < n; ++i) res.trace.sorted_abs_coords[i] = std::fabs(to_double(s.coords[i]));
            std::sort(res.trace.sorted_abs_coords.begin(), res.trace.sorted_abs_coords.end(), std::greater<double>());
        }
    } catch (const undecidable_sign&) {
        // A diverged iterate (inf or NaN): the measures stay undefined.
        if (out.status != run_status::diverged) put("status", to_string(run_status::undecidable));
    }
    res.values = std::move(v);
    return res;
}

} // namespace

namespace {

/// A count as std::to_string writes it (digits, no sign, no leading zero), at most `max`.
bool count_in(const std::string& s, std::uint64_t max)
{
    if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos || (s.size() > 1 && s[0] == '0'))
        return false;
    return std::stoull(s) <= max;
}

/// A value to_decimal could have written for a T: a finite number that reads in T, or inf, -inf, nan.
template <class T>
bool reads_in(const std::string& s)
{
    if (s == "inf" || s == "-inf" || s == "nan") return true;
    try {
        (void)from_decimal<T>(s);
        return true;
    } catch (const std::invalid_argument&) {
        return false;
    }
}

/// The measured columns measure_run always writes for a run that ended
/// converged, max_steps or dead (not diverged or undecidable: those stop early).
bool always_written(const std::string& column)
{
    for (const char* c : {"loss_gap", "dist_min", "support_size", "hessian_active", "trace", "trace_closed", "lambda_max_closed"})
        if (column == c) return true;
    return false;
}

std::optional<std::string> integer_problem(const grid_run& r, const std::string& column, const std::string& v, const std::string& positive)
{
    const std::uint64_t n = r.run.n;
    if (column == "steps" && !count_in(v, r.run.config.steps))
        return "is not a step count in [0, " + std::to_string(r.run.config.steps) + "] (the run's budget)";
    if ((column == "support_size" || column == "positive_init" || column == "hessian_active") && !count_in(v, n))
        return "is not a count in [0, n] = [0, " + std::to_string(n) + "]";
    if (column == "support_predicted") {
        const regime rg = regime_of(r.run.config, n);
        const std::string expected = rg == regime::gd ? positive : rg == regime::sgd ? "1" : "";
        if (v != expected)
            return "is not the prediction of this run's regime ('" + expected + "': positive_init for GD, 1 for SGD, empty otherwise)";
    }
    return std::nullopt;
}

} // namespace

std::optional<measure_problem> invalid_measure(const grid_run& r, const std::vector<std::string>& values)
{
    const std::vector<std::string> names = measure_column_names();
    const std::vector<std::string> integers{"steps", "support_size", "positive_init", "support_predicted", "hessian_active"};
    const auto value = [&](const char* name) { return values[static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin())]; };
    const std::string status = value("status");
    const std::vector<std::string> statuses{to_string(run_status::converged), to_string(run_status::max_steps), to_string(run_status::diverged),
                                            to_string(run_status::dead), to_string(run_status::undecidable)};
    if (std::find(statuses.begin(), statuses.end(), status) == statuses.end())
        return measure_problem{0, "status", "is not one of converged, max_steps, diverged, dead, undecidable"};
    const bool finished = status != to_string(run_status::diverged) && status != to_string(run_status::undecidable);
    return dispatch_scalar(r.run.config.scalar, [&](auto tag) -> std::optional<measure_problem> {
        using T = typename decltype(tag)::type;
        for (std::size_t k = 1; k < names.size(); ++k) {
            const std::string& v = values[k];
            const bool integer = std::find(integers.begin(), integers.end(), names[k]) != integers.end();
            if (v.empty() && names[k] != "support_predicted") {
                if (names[k] == "steps" || names[k] == "positive_init" || (finished && always_written(names[k])))
                    return measure_problem{k, names[k], "is empty; a run that ended " + status + " always has it"};
                continue;
            }
            if (!integer && !reads_in<T>(v))
                return measure_problem{k, names[k], "is not a number of " + r.run.config.scalar.name() + " (nor inf, -inf or nan)"};
            if (integer)
                if (const auto why = integer_problem(r, names[k], v, value("positive_init"))) return measure_problem{k, names[k], *why};
        }
        return std::nullopt;
    });
}

void check_in_precision(const grid_run& r)
{
    prepared_run p = r.run;
    // Rotated data is orthonormal by construction; building it (a QR) is not needed to check the numbers.
    if (p.config.data == "rotated") p.config.data = "canonical";
    try {
        dispatch_scalar(p.config.scalar, [&](auto tag) {
            using T = typename decltype(tag)::type;
            (void)make_inputs<T>(p);
        });
    } catch (const input_error& e) {
        // eta = factor * b/2 was made from --eta-factor: name the flag the user gave.
        const bool from_factor = e.flag() == "--eta" && r.eta_label.size() > 4 &&
                                 r.eta_label.compare(r.eta_label.size() - 4, 4, "*b/2") == 0;
        throw input_error(from_factor ? "--eta-factor" : e.flag(), shown("grid point " + std::to_string(r.point) + " (n=" + std::to_string(r.run.n) + ", batch=" +
                                        r.batch_label + ", scalar=" + p.config.scalar.name() + "): " +
                                        (from_factor ? "eta = " + r.eta_label + " = " + r.run.config.eta + ": " : std::string()) +
                                        std::string(e.what()).substr(e.flag().size() + 2)));
    }
}

run_result measure_run(const grid_run& r, bool spectrum, bool want_trace, const std::atomic<bool>* interrupt)
{
    return dispatch_scalar(r.run.config.scalar, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return measure<T>(r, spectrum, want_trace, interrupt);
    });
}

} // namespace snae::sweep
