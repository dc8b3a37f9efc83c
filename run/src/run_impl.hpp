// Definition of run_train<T>; included only by the explicit-instantiation
// translation units (instantiate_*.cpp), one per supported scalar type.
#pragma once

#include "snae/atomic_file.hpp"
#include "snae/errors.hpp"
#include "snae/exact_rows.hpp"
#include "snae/instantiations.hpp"
#include "snae/run.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <ostream>

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

/// A decimal as a CSV field: intervals "[lo,hi]" are quoted (RFC 4180).
template <class T>
std::string csv_field(const T& x)
{
    if constexpr (scalar_traits<T>::is_interval) return '"' + to_decimal(x) + '"';
    else return to_decimal(x);
}

/// The width of the enclosure along a run of an interval type: max_j
/// width(w_t[j]) at every observed step t, kept at a stride so that at most
/// about 512 entries are stored, plus the last step. Widths are kept as log2
/// (rounded up): at 4096 bits they are far below the smallest double.
class width_log {
public:
    explicit width_log(std::uint64_t max_steps) : stride_(std::max<std::uint64_t>(1, max_steps / 512)) {}
    void observe(std::uint64_t t, double width, double log2_width)
    {
        last_ = {t, width, log2_width};
        if (t % stride_ == 0) rows_.push_back(last_);
    }
    nlohmann::json report(long bits) const
    {
        auto rows = rows_;
        if (rows.empty() || rows.back().t != last_.t) rows.push_back(last_);
        auto log2_json = [](double l) { return std::isfinite(l) ? nlohmann::json(l) : nlohmann::json(nullptr); };
        nlohmann::json per = nlohmann::json::array();
        for (const auto& r : rows) per.push_back({r.t, log2_json(r.log2)});
        nlohmann::json j;
        j["max_width_w0"] = rows.front().width;
        j["max_width"] = last_.width;
        j["max_width_log2"] = log2_json(last_.log2);
        j["max_width_in_u"] = std::isfinite(last_.log2) ? std::exp2(last_.log2 + static_cast<double>(bits)) : 0.0;
        // Growth per step from the first step with a non-zero width to the
        // last: (w_T / w_t1)^(1/(T - t1)), and its log2, bits lost per step.
        const auto first = std::find_if(rows.begin(), rows.end(), [](const row& r) { return std::isfinite(r.log2); });
        if (first != rows.end() && last_.t > first->t && std::isfinite(last_.log2)) {
            const double bits_per_step = (last_.log2 - first->log2) / static_cast<double>(last_.t - first->t);
            j["growth_per_step"] = std::exp2(bits_per_step);
            j["bits_lost_per_step"] = bits_per_step;
        } else {
            j["growth_per_step"] = nullptr;
            j["bits_lost_per_step"] = nullptr;
        }
        j["log2_width_per_step"] = per;
        return j;
    }

private:
    struct row {
        std::uint64_t t;
        double width, log2;
    };
    std::uint64_t stride_;
    row last_{0, 0.0, -HUGE_VAL};
    std::vector<row> rows_;
};

/// Streams iterates to CSV: step, loss, dist_min, w_0 .. w_{d-1}.
template <class T>
class trajectory_writer {
public:
    trajectory_writer(const std::string& path, const dataset<T>& data, activation act, std::uint64_t every)
        : file_(path), eval_(data, act), every_(every)
    {
        auto& o = file_.stream();
        o << "step,loss,dist_min";
        for (std::size_t j = 0; j < data.d(); ++j) o << ",w_" << j;
        o << '\n';
    }
    void operator()(std::uint64_t t, const std::vector<T>& w)
    {
        if (t % every_ != 0) return;
        write(t, w);
    }
    /// The final iterate is always written, whatever --every says.
    void finish(std::uint64_t t, const std::vector<T>& w)
    {
        if (!last_ || *last_ != t) write(t, w);
        file_.commit();
    }

private:
    void write(std::uint64_t t, const std::vector<T>& w)
    {
        auto& o = file_.stream();
        o << t << ',';
        try {
            const auto& s = eval_(w);
            o << csv_field(s.loss) << ',' << (s.closed_forms ? csv_field(s.dist_min) : std::string("nan"));
        } catch (const undecidable_sign&) {
            // A non-finite iterate (the run is diverging) or an interval
            // straddling 0: the measures are undefined, the iterate is still written.
            o << "nan,nan";
        }
        for (const T& x : w) o << ',' << csv_field(x);
        o << '\n';
        last_ = t;
    }
    atomic_file file_;
    point_evaluator<T> eval_;
    std::uint64_t every_;
    std::optional<std::uint64_t> last_;
};

/// Writes the record r as JSON (2-space indent), followed by the arrays as
/// further members, each streamed element by element from the run's own
/// vectors: at d = 10^6 a JSON value per element made the output 400 MB of
/// memory; streamed, it costs nothing beyond the vectors themselves.
struct streamed_array {
    const char* key;
    std::size_t size;
    std::function<void(std::ostream&, std::size_t)> element;
};

inline void write_streamed(std::ostream& o, const nlohmann::json& r, const std::vector<streamed_array>& arrays)
{
    std::string head = r.dump(2); // "{\n  ...\n}"
    head.erase(head.find_last_not_of("}\n") + 1);
    o << head;
    for (const auto& a : arrays) {
        o << ",\n  \"" << a.key << "\": [";
        for (std::size_t i = 0; i < a.size; ++i) {
            o << (i ? ",\n    " : "\n    ");
            a.element(o, i);
        }
        o << (a.size ? "\n  ]" : "]");
    }
    o << "\n}\n";
}

template <class T>
std::unique_ptr<atomic_file> open_output(const std::optional<std::string>& path, const char* flag)
{
    if (!path) return nullptr;
    try {
        return std::make_unique<atomic_file>(*path);
    } catch (const std::runtime_error& e) {
        throw input_error(flag, e.what());
    }
}

} // namespace detail

template <class T>
run_inputs<T> make_inputs(const prepared_run& run, const std::atomic<bool>* interrupt)
{
    const run_config& c = run.config;
    const std::size_t n = run.n, d = run.d;
    const T eta = detail::read_decimal<T>("--eta", c.eta);
    if (sign_of(eta) != sign::positive)
        throw input_error("--eta", "'" + c.eta + "' rounds to 0 in " + scalar_traits<T>::name() + "; expected eta > 0");
    const T threshold = detail::read_decimal<T>("--support-threshold", c.support_threshold);
    stopping_rule<T> rule;
    rule.max_steps = c.steps;
    rule.criterion = c.tol_on;
    rule.check_every = c.check_every;
    rule.diverge_norm = detail::read_decimal<T>("--diverge-norm", c.diverge_norm);
    rule.interrupt = interrupt;
    if (c.tol) {
        if (!c.tol->empty() && c.tol->back() == 'u') // K u: K rounded once, times a power of 2
            rule.tol = detail::read_decimal<T>("--tol", c.tol->substr(0, c.tol->size() - 1)) * unit_roundoff<T>();
        else
            rule.tol = detail::read_decimal<T>("--tol", *c.tol);
    }

    std::optional<dataset<T>> data;
    if (c.data == "canonical") {
        data = dataset<T>::canonical(n, d);
    } else if (c.data == "rotated") {
        data = dataset<T>::rotated(n, d, c.seed);
    } else {
        std::vector<T> rows;
        rows.reserve(n * d);
        for (std::size_t k = 0; k < run.data_tokens.size(); ++k)
            rows.push_back(detail::read_decimal<T>("--data", run.data_tokens[k],
                                                   "row " + std::to_string(k / d) + " entry " + std::to_string(k % d)));
        // Intervals: exactly orthonormal decimals (decided in rationals) keep
        // the closed forms; any other rows are measured from the definitions.
        orthonormality o = orthonormality::approximate;
        if constexpr (scalar_traits<T>::is_interval)
            if (decimals_exactly_orthonormal(n, d, run.data_tokens)) o = orthonormality::exact;
        data = dataset<T>::from_rows(n, d, std::move(rows), "file", o);
        const T tol = c.orth_tol ? detail::read_decimal<T>("--orth-tol", *c.orth_tol)
                                 : T(64) * T(static_cast<long>(d)) * unit_roundoff<T>();
        const T defect = data->orthonormality_defect();
        if (exceeds(defect, tol, "orthonormality test"))
            throw input_error("--data", "rows of '" + c.data + "' are not orthonormal: max |<x_i,x_j> - delta_ij| = " +
                                            to_decimal(defect) + " > tolerance " + to_decimal(tol) +
                                            (c.orth_tol ? "" : " (64 d u)") + "; give more digits or set --orth-tol");
    }

    if (scalar_traits<T>::is_interval && !data->exactly_orthonormal() && c.tol && c.tol_on == tol_kind::distance)
        throw input_error("--tol-on", "distance needs exactly orthonormal rows in interval arithmetic (the distance to "
                                      "M has no enclosure otherwise); the rows of --data " + c.data +
                                      " are not: use --tol-on gradient or sample-gradient");

    std::vector<T> w0;
    w0.reserve(d);
    if (c.init_file) {
        for (std::size_t j = 0; j < d; ++j)
            w0.push_back(detail::read_decimal<T>("--init", run.init_tokens[j], "entry " + std::to_string(j)));
    } else {
        random_engine eng(c.seed, random_stream::init);
        for (double z : gaussian_doubles(eng, d, run.init_scale)) w0.push_back(from_double<T>(z));
    }

    batch_sampler sampler = c.schedule_file ? batch_sampler::schedule(n, run.schedule)
                            : !c.batch      ? batch_sampler::full(n)
                            : c.sampler == sampler_kind::replacement
                                ? batch_sampler::replacement(n, static_cast<std::size_t>(*c.batch), c.seed)
                            : c.sampler == sampler_kind::reshuffle
                                ? batch_sampler::reshuffle(n, static_cast<std::size_t>(*c.batch), c.seed, c.remainder)
                                : batch_sampler::cyclic(n, static_cast<std::size_t>(*c.batch), c.remainder);
    return run_inputs<T>{eta, threshold, std::move(rule), std::move(data), std::move(w0), std::move(sampler)};
}

template <class T>
nlohmann::json run_train(const prepared_run& run, const run_hooks& hooks)
{
    const run_config& c = run.config;
    const std::size_t n = run.n, d = run.d;

    // 1. Everything read in precision T, each failure an input_error, before any file exists.
    run_inputs<T> in = make_inputs<T>(run, hooks.interrupt);
    const T& eta = in.eta;
    const T& threshold = in.support_threshold;
    const stopping_rule<T>& rule = in.rule;
    std::optional<dataset<T>>& data = in.data;
    const std::vector<T>& w0 = in.w0;
    batch_sampler& sampler = in.sampler;

    // 2. Output files: temporaries now (an unwritable folder is an input error), renamed at the end.
    auto out = detail::open_output<T>(c.out, "--out");
    std::optional<detail::trajectory_writer<T>> traj;
    if (c.trajectory) {
        try {
            traj.emplace(*c.trajectory, *data, c.act, c.every);
        } catch (const std::runtime_error& e) {
            throw input_error("--trajectory", e.what());
        }
    }

    // 3. Train.
    std::vector<T> w = w0;
    std::optional<detail::width_log> widths;
    if constexpr (scalar_traits<T>::is_interval) widths.emplace(c.steps);
    iterate_observer<T> observer = [&](std::uint64_t t, const std::vector<T>& x) {
        if constexpr (scalar_traits<T>::is_interval) {
            const auto b = max_width(x);
            widths->observe(t, b.width, b.log2);
        }
        if (traj) (*traj)(t, x);
        if (hooks.progress) hooks.progress(t, c.steps);
    };
    // The scaled update writes w out only when it is observed: every --every
    // steps for a trajectory, else often enough for the progress display.
    train_options options;
    options.update = c.update;
    if (c.update == update_rule::scaled) options.observe_every = traj ? c.every : std::max<std::uint64_t>(1, c.steps / 256);
    const train_outcome outcome = train(*data, c.act, eta, w, sampler, rule, observer, options);

    // 4. Report.
    point_evaluator<T> eval(*data, c.act);
    nlohmann::json r;
    r["config"] = to_json(c);
    r["n"] = n;
    r["d"] = d;
    r["scalar"] = scalar_traits<T>::name();
    r["precision_bits"] = scalar_traits<T>::digits();
    if constexpr (scalar_traits<T>::is_interval) { // u = 2^-p itself, not an interval around it
        precision_scope<mpfr_real> scope(scalar_traits<T>::digits());
        r["unit_roundoff"] = to_decimal(unit_roundoff<mpfr_real>());
    } else {
        r["unit_roundoff"] = to_decimal(unit_roundoff<T>());
    }
    r["eta"] = to_decimal(eta);
    r["init_scale"] = c.init_file ? nlohmann::json(nullptr) : nlohmann::json(run.init_scale);
    r["status"] = to_string(outcome.status);
    r["status_detail"] = outcome.detail;
    r["steps"] = outcome.steps;
    if (hooks.record_vectors) {
        r["w0"] = detail::decimals(w0);
        r["w"] = detail::decimals(w);
    }
    bool measured = false;
    std::vector<std::size_t> sup;
    try {
        const auto& s = eval(w);
        r["norm"] = to_decimal(T(sqrt_nonneg(s.norm2)));
        r["loss"] = to_decimal(s.loss);
        r["loss_gap"] = to_decimal(s.loss_gap);
        r["grad_norm"] = to_decimal(s.grad_norm);
        r["dist_min"] = s.closed_forms ? nlohmann::json(to_decimal(s.dist_min)) : nlohmann::json(nullptr);
        if constexpr (scalar_traits<T>::is_interval)
            r["measures_from"] = s.closed_forms ? "closed forms" : "definitions";
        if (hooks.record_vectors) r["coords"] = detail::decimals(s.coords);
        r["support_threshold"] = to_decimal(threshold);
        sup = support(s.coords, threshold);
        // The summary prints a support of at most 8 indices from the record.
        if (hooks.record_vectors || sup.size() <= 8) r["support"] = sup;
        r["support_size"] = sup.size();
        if constexpr (scalar_traits<T>::is_interval) {
            // Indices whose |c_i| enclosure straddles the threshold: neither
            // certainly in the support nor certainly out of it.
            std::size_t uncertain = 0;
            using std::abs;
            for (const T& ci : s.coords) uncertain += sign_of(T(abs(ci) - threshold)) == sign::undecidable ? 1 : 0;
            r["support_uncertain"] = uncertain;
        }
        const auto cs = cosine(w, w0);
        r["cos_init"] = cs ? nlohmann::json(to_decimal(*cs)) : nlohmann::json(nullptr);
        std::size_t active = 0;
        for (std::size_t i = 0; i < n; ++i) active += is_active(c.act, s.coords[i]) ? 1 : 0;
        r["active_size"] = active;
        measured = true;
    } catch (const undecidable_sign& e) {
        // A diverged iterate may hold inf or NaN, where no sign can be decided:
        // the status stays `diverged` and the measures are null.
        for (const char* key : {"norm", "loss", "loss_gap", "grad_norm", "dist_min", "coords", "support_threshold",
                                "support", "support_size", "cos_init", "active_size"})
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

    if constexpr (scalar_traits<T>::is_interval) r["enclosure"] = widths->report(scalar_traits<T>::digits());

    if (out) {
        nlohmann::json head = r;
        std::vector<detail::streamed_array> arrays;
        auto decimals = [](const char* key, const std::vector<T>& v) {
            return detail::streamed_array{key, v.size(), [&v](std::ostream& o, std::size_t i) { o << '"' << to_decimal(v[i]) << '"'; }};
        };
        for (const char* key : {"w0", "w"}) head.erase(key);
        arrays.push_back(decimals("w0", w0));
        arrays.push_back(decimals("w", w));
        if (measured) {
            head.erase("coords");
            head.erase("support");
            arrays.push_back(decimals("coords", eval.last().coords));
            arrays.push_back({"support", sup.size(), [&sup](std::ostream& o, std::size_t i) { o << sup[i]; }});
        }
        detail::write_streamed(out->stream(), head, arrays);
        out->commit();
    }
    if (traj) traj->finish(outcome.steps, w);
    return r;
}

} // namespace snae
