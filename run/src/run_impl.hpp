// Definition of make_inputs<T>, run_train_values<T> and run_train<T>; included only by the
// explicit-instantiation translation units (generated from
// instantiate_run.cpp.in, one per supported scalar type, and
// instantiate_run_interval.cpp).
#pragma once

#include "run_outputs.hpp"

#include "snae/errors.hpp"
#include "snae/exact_rows.hpp"
#include "snae/instantiations.hpp"
#include "snae/provenance.hpp"
#include "snae/run.hpp"

#include <algorithm>
#include <memory>
#include <numeric>

namespace snae {

namespace detail {

template <class T>
T read_decimal(const std::string& flag, const std::string& text, const std::string& where = "")
{
    try {
        return from_decimal<T>(text);
    } catch (const std::invalid_argument& e) {
        throw input_error(flag, (where.empty() ? "" : where + ": ") + e.what() + " (read as " +
                                    scalar_traits<T>::name() + ")");
    }
}

template <class T>
nlohmann::json decimals(const std::vector<T>& v)
{
    nlohmann::json a = nlohmann::json::array();
    for (const T& x : v) a.push_back(to_decimal(x));
    return a;
}

template <class T>
stopping_rule<T> read_rule(const run_config& c, const std::atomic<bool>* interrupt)
{
    stopping_rule<T> rule;
    rule.max_steps = c.steps;
    rule.criterion = c.tol_on;
    rule.check_every = c.check_every;
    rule.diverge_norm = read_decimal<T>("--diverge-norm", c.diverge_norm);
    rule.interrupt = interrupt;
    if (c.tol) {
        if (!c.tol->empty() && c.tol->back() == 'u') // K u: K rounded once, times a power of 2
            rule.tol = read_decimal<T>("--tol", c.tol->substr(0, c.tol->size() - 1)) * unit_roundoff<T>();
        else
            rule.tol = read_decimal<T>("--tol", *c.tol);
    }
    return rule;
}

/// The rows of a data file in precision T, checked to be orthonormal to
/// --orth-tol (default 64 d u).
template <class T>
dataset<T> read_data_file(const prepared_run& run)
{
    const run_config& c = run.config;
    const std::size_t n = run.n, d = run.d;
    std::vector<T> rows;
    rows.reserve(n * d);
    for (std::size_t k = 0; k < run.data_tokens.size(); ++k)
        rows.push_back(read_decimal<T>("--data", run.data_tokens[k], "row " + std::to_string(k / d) + " entry " + std::to_string(k % d)));
    // Intervals: exactly orthonormal decimals (decided in rationals) keep
    // the closed forms; any other rows are measured from the definitions.
    // --any-rows: general rows, no check.
    orthonormality o = c.any_rows ? orthonormality::none : orthonormality::approximate;
    if constexpr (scalar_traits<T>::is_interval)
        if (decimals_exactly_orthonormal(n, d, run.data_tokens)) o = orthonormality::exact;
    dataset<T> data = dataset<T>::from_rows(n, d, std::move(rows), "file", o);
    if (c.any_rows) return data;
    const T tol = c.orth_tol ? read_decimal<T>("--orth-tol", *c.orth_tol) : T(64) * T(static_cast<long>(d)) * unit_roundoff<T>();
    const T defect = data.orthonormality_defect();
    if (exceeds(defect, tol, "orthonormality test"))
        throw input_error("--data", "rows of " + data_source_name(c) + " are not orthonormal: max |<x_i,x_j> - delta_ij| = " +
                                        to_decimal(defect) + " > tolerance " + to_decimal(tol) +
                                        (c.orth_tol ? "" : " (64 d u)") + "; give more digits or set --orth-tol");
    return data;
}

/// The data a generator makes (canonical, rotated, gaussian, correlated).
template <class T>
dataset<T> generated_data(const prepared_run& run)
{
    const run_config& c = run.config;
    switch (kind_of_data(c.data)) {
    case data_kind::canonical: return dataset<T>::canonical(run.n, run.d);
    case data_kind::rotated: return dataset<T>::rotated(run.n, run.d, c.seed);
    case data_kind::gaussian: return dataset<T>::gaussian(run.n, run.d, c.seed);
    default: return dataset<T>::correlated(run.n, run.d, correlation_of(c.data)); // RHO checked by prepare()
    }
}

template <class T>
dataset<T> read_data(const prepared_run& run)
{
    const run_config& c = run.config;
    dataset<T> data = !c.data_rows && kind_of_data(c.data) != data_kind::rows ? generated_data<T>(run) : read_data_file<T>(run);
    if (c.tol && c.tol_on == tol_kind::distance && !data.closed_forms_apply())
        throw input_error("--tol-on", std::string("distance needs ") +
                                          (data.orthonormal() ? "exactly orthonormal rows in interval arithmetic (the distance to "
                                                                "M has no enclosure otherwise); the rows of " + data_source_name(c) + " are not"
                                                              : "orthonormal rows (M and the distance to it are the orthonormal "
                                                                "theory's); these are general rows") +
                                          ": use --tol-on gradient or sample-gradient");
    return data;
}

/// w_0: the --init file's numbers, or the seed's Gaussian start.
template <class T>
std::vector<T> read_start(const prepared_run& run)
{
    if (!run.config.init_file && !run.config.init_values) return gaussian_start<T>(run.d, run.config.seed, run.init_scale);
    std::vector<T> w0;
    w0.reserve(run.d);
    for (std::size_t j = 0; j < run.d; ++j)
        w0.push_back(read_decimal<T>("--init", run.init_tokens[j], "entry " + std::to_string(j)));
    return w0;
}

inline batch_sampler make_sampler(const prepared_run& run)
{
    const run_config& c = run.config;
    const std::size_t n = run.n;
    if (c.schedule_file) return batch_sampler::schedule(n, run.schedule);
    if (!c.batch) return batch_sampler::full(n);
    const auto b = static_cast<std::size_t>(*c.batch);
    const std::uint64_t seed = c.batch_seed.value_or(c.seed);
    switch (c.sampler) {
    case sampler_kind::replacement: return batch_sampler::replacement(n, b, seed);
    case sampler_kind::reshuffle: return batch_sampler::reshuffle(n, b, seed, c.remainder);
    default: return batch_sampler::cyclic(n, b, c.remainder);
    }
}

/// The observer of a run: the enclosure widths (intervals), the trajectory
/// file and the progress display.
template <class T>
iterate_observer<T> run_observer(const run_config& c, const run_hooks& hooks, std::optional<trajectory_writer<T>>& traj,
                                 std::optional<width_log>& widths, const iterate_observer<T>& also)
{
    if constexpr (scalar_traits<T>::is_interval) widths.emplace(c.steps);
    return [&c, &hooks, &traj, &widths, &also](std::uint64_t t, const std::vector<T>& x) {
        if constexpr (scalar_traits<T>::is_interval) {
            const auto b = max_width(x);
            widths->observe(t, b.width, b.log2);
        }
        if (traj) (*traj)(t, x);
        if (also) also(t, x);
        if (hooks.progress) hooks.progress(t, c.steps);
    };
}

/// What the record says before any measure: the configuration, the type,
/// eta and the outcome.
template <class T>
nlohmann::json record_head(const prepared_run& run, const run_inputs<T>& in, const train_outcome& outcome)
{
    const run_config& c = run.config;
    nlohmann::json r;
    r["config"] = to_json(c);
    r["provenance"] = provenance_json();
    r["n"] = run.n;
    r["d"] = run.d;
    r["scalar"] = scalar_traits<T>::name();
    r["precision_bits"] = scalar_traits<T>::digits();
    if constexpr (scalar_traits<T>::is_interval) { // u = 2^-p itself, not an interval around it
        precision_scope<mpfr_real> scope(scalar_traits<T>::digits());
        r["unit_roundoff"] = to_decimal(unit_roundoff<mpfr_real>());
    } else {
        r["unit_roundoff"] = to_decimal(unit_roundoff<T>());
    }
    r["eta"] = to_decimal(in.eta);
    r["init_scale"] = c.init_file || c.init_values ? nlohmann::json(nullptr) : nlohmann::json(run.init_scale);
    r["status"] = to_string(outcome.status);
    r["status_detail"] = outcome.detail;
    r["data_orthonormal"] = in.data->orthonormal();
    r["steps"] = outcome.steps;
    return r;
}

/// Indices whose |c_i| enclosure straddles the threshold: neither certainly
/// in the support nor certainly out of it.
template <class T>
std::size_t support_uncertain(const std::vector<T>& coords, const T& threshold)
{
    std::size_t uncertain = 0;
    using std::abs;
    for (const T& ci : coords) uncertain += sign_of(T(abs(ci) - threshold)) == sign::undecidable ? 1 : 0;
    return uncertain;
}

/// The measures of the final iterate into r; `sup` receives its support
/// and `cos` its cosine with w_0.
/// Throws undecidable_sign where a sign of the iterate cannot be decided.
template <class T>
void record_measures(nlohmann::json& r, const point_summary<T>& s, const run_inputs<T>& in, const std::vector<T>& w,
                     const run_config& c, bool vectors, std::vector<std::size_t>& sup, std::optional<T>& cos)
{
    r["norm"] = to_decimal(T(sqrt_nonneg(s.norm2)));
    r["loss"] = to_decimal(s.loss);
    // On general rows L has no known minimum value and M is not defined:
    // the closed-form comparisons are not applicable (null, and listed).
    const bool orthonormal = in.data->orthonormal();
    r["loss_gap"] = orthonormal ? nlohmann::json(to_decimal(s.loss_gap)) : nlohmann::json(nullptr);
    r["grad_norm"] = to_decimal(s.grad_norm);
    r["dist_min"] = s.closed_forms ? nlohmann::json(to_decimal(s.dist_min)) : nlohmann::json(nullptr);
    r["not_applicable"] = orthonormal ? nlohmann::json::array() : nlohmann::json::array({"loss_gap", "dist_min"});
    if constexpr (scalar_traits<T>::is_interval) r["measures_from"] = s.closed_forms ? "closed forms" : "definitions";
    if (vectors) r["coords"] = decimals(s.coords);
    r["support_threshold"] = to_decimal(in.support_threshold);
    sup = support(s.coords, in.support_threshold);
    // The summary prints a support of at most 8 indices from the record.
    if (vectors || sup.size() <= 8) r["support"] = sup;
    r["support_size"] = sup.size();
    if constexpr (scalar_traits<T>::is_interval) r["support_uncertain"] = support_uncertain(s.coords, in.support_threshold);
    cos = cosine(w, in.w0);
    r["cos_init"] = cos ? nlohmann::json(to_decimal(*cos)) : nlohmann::json(nullptr);
    std::size_t active = 0;
    for (std::size_t i = 0; i < in.data->n(); ++i) active += is_active(c.act, s.coords[i]) ? 1 : 0;
    r["active_size"] = active;
}

/// The measures are null when a sign of the final iterate cannot be decided.
template <class T>
void record_undecidable(nlohmann::json& r, const undecidable_sign& e, const train_outcome& outcome)
{
    // A diverged iterate may hold inf or NaN, where no sign can be decided:
    // the status stays `diverged` and the measures are null.
    for (const char* key : {"norm", "loss", "loss_gap", "grad_norm", "dist_min", "coords", "support_threshold", "support",
                            "support_size", "cos_init", "active_size"})
        r[key] = nullptr;
    if constexpr (scalar_traits<T>::is_interval) {
        // The run's own decisions were all made (else it stopped
        // `undecidable` with its step); only the measures of the last
        // box depend on a sign that the box leaves open.
        r["measures_undecidable"] = e.what();
    } else if (outcome.status != run_status::diverged) {
        r["status"] = to_string(run_status::undecidable);
        r["status_detail"] = std::string("final report: ") + e.what();
    }
}

/// The --out file: the record, with w0, w, coords and support streamed from
/// the run's own vectors.
template <class T>
void write_record(atomic_file& out, const nlohmann::json& r, const std::vector<T>& w0, const std::vector<T>& w,
                  const std::vector<T>* coords, const std::vector<std::size_t>& sup)
{
    nlohmann::json head = r;
    std::vector<streamed_array> arrays;
    auto decimals = [](const char* key, const std::vector<T>& v) {
        return streamed_array{key, v.size(), [&v](std::ostream& o, std::size_t i) { o << '"' << to_decimal(v[i]) << '"'; }};
    };
    for (const char* key : {"w0", "w"}) head.erase(key);
    arrays.push_back(decimals("w0", w0));
    arrays.push_back(decimals("w", w));
    if (coords) {
        head.erase("coords");
        head.erase("support");
        arrays.push_back(decimals("coords", *coords));
        arrays.push_back({"support", sup.size(), [&sup](std::ostream& o, std::size_t i) { o << sup[i]; }});
    }
    write_streamed(out.stream(), head, arrays);
    out.commit();
}

} // namespace detail

template <class T>
run_inputs<T> make_inputs(const prepared_run& run, const std::atomic<bool>* interrupt)
{
    const run_config& c = run.config;
    const T eta = detail::read_decimal<T>("--eta", c.eta);
    if (sign_of(eta) != sign::positive)
        throw input_error("--eta", "'" + c.eta + "' rounds to 0 in " + scalar_traits<T>::name() + "; expected eta > 0");
    const T threshold = detail::read_decimal<T>("--support-threshold", c.support_threshold);
    stopping_rule<T> rule = detail::read_rule<T>(c, interrupt);
    std::optional<dataset<T>> data(detail::read_data<T>(run));
    std::vector<T> w0 = detail::read_start<T>(run);
    return run_inputs<T>{eta, threshold, std::move(rule), std::move(data), std::move(w0), detail::make_sampler(run)};
}

namespace detail {

/// How often the scaled update writes w out for the observer: every
/// stride asked for (the trajectory file's --every, the caller's), and
/// without any often enough for the progress display.
inline std::uint64_t scaled_observe_every(const run_config& c, const run_hooks& hooks, bool trajectory)
{
    std::uint64_t every = trajectory ? c.every : 0;
    if (hooks.observe_every) every = every ? std::gcd(every, hooks.observe_every) : hooks.observe_every;
    return every ? every : std::max<std::uint64_t>(1, c.steps / 256);
}

/// Steps 2 and 3 of a run: the output files' temporaries (an unwritable
/// folder is an input error), then training. The scaled update writes w
/// out only when it is observed: every --every steps for a trajectory,
/// else often enough for the progress display.
template <class T>
struct trained {
    std::unique_ptr<atomic_file> out;
    std::optional<trajectory_writer<T>> traj;
    std::optional<width_log> widths;
    std::vector<T> w;
    train_outcome outcome;

    trained(const prepared_run& run, run_inputs<T>& in, const run_hooks& hooks, const iterate_observer<T>& also)
        : out(open_output(run.config.out, "--out")), w(in.w0)
    {
        const run_config& c = run.config;
        if (c.trajectory) {
            try {
                traj.emplace(*c.trajectory, *in.data, c.act, c.every);
            } catch (const std::runtime_error& e) {
                throw input_error("--trajectory", e.what());
            }
        }
        train_options options;
        options.update = c.update;
        if (c.update == update_rule::scaled) options.observe_every = scaled_observe_every(c, hooks, traj.has_value());
        outcome = train(*in.data, c.act, in.eta, w, in.sampler, in.rule, run_observer<T>(c, hooks, traj, widths, also), options);
    }
};

/// Step 4: the record and the final state's measures (null in the record,
/// empty in v, where a sign of w cannot be decided).
template <class T>
void report(run_values<T>& v, const prepared_run& run, const run_inputs<T>& in, const trained<T>& tr, bool vectors)
{
    point_evaluator<T> eval(*in.data, run.config.act);
    v.record = record_head<T>(run, in, tr.outcome);
    if (vectors) {
        v.record["w0"] = decimals(in.w0);
        v.record["w"] = decimals(tr.w);
    }
    try {
        eval(tr.w);
        v.final = eval.take();
        record_measures<T>(v.record, *v.final, in, tr.w, run.config, vectors, v.support, v.cos_init);
    } catch (const undecidable_sign& e) {
        v.final.reset();
        v.support.clear();
        v.cos_init.reset();
        record_undecidable<T>(v.record, e, tr.outcome);
    }
    if constexpr (scalar_traits<T>::is_interval) v.record["enclosure"] = tr.widths->report(scalar_traits<T>::digits());
}

} // namespace detail

template <class T>
run_values<T> run_train_values(const prepared_run& run, const run_hooks& hooks, const iterate_observer<T>& also)
{
    // 1. Everything read in precision T, each failure an input_error, before any file exists.
    run_inputs<T> in = make_inputs<T>(run, hooks.interrupt);
    // 2, 3. Output temporaries, then the steps.
    detail::trained<T> tr(run, in, hooks, also);
    // 4. Report, then the files appear whole.
    run_values<T> v;
    detail::report<T>(v, run, in, tr, hooks.record_vectors);
    if (tr.out) detail::write_record<T>(*tr.out, v.record, in.w0, tr.w, v.final ? &v.final->coords : nullptr, v.support);
    if (tr.traj) tr.traj->finish(tr.outcome.steps, tr.w);
    v.w0 = std::move(in.w0);
    v.w = std::move(tr.w);
    v.data = std::move(in.data);
    v.outcome = tr.outcome;
    return v;
}

template <class T>
nlohmann::json run_train(const prepared_run& run, const run_hooks& hooks)
{
    return run_train_values<T>(run, hooks).record;
}

} // namespace snae
