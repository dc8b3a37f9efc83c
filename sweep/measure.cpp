#include "measure.hpp"

#include <snae/errors.hpp>
#include <snae/instantiations.hpp>
#include <snae/measures.hpp>

#include <algorithm>
#include <cmath>

namespace snae::sweep {

std::vector<std::string> measure_column_names()
{
    return {"status",        "steps",           "loss",          "loss_gap",          "grad_norm",         "dist_min",
            "support_size",  "positive_init",   "support_predicted", "participation", "max_coord_ratio", "alignment",
            "selected",      "selected_rank",   "selected_abs_rank", "selected_init", "limit_distance", "cos_init",          "cos_predicted",
            "cos_given_k",   "lambda_max",      "lambda_min",    "lambda_max_closed", "trace",             "trace_closed",
            "hessian_active"};
}

namespace {

/// Steps at which the figures' top coordinates are recorded: every step up
/// to 20, then about 5% apart (a few hundred points up to 10^6 steps).
std::uint64_t next_record(std::uint64_t t) { return std::max<std::uint64_t>(t + 1, t + t / 20); }

/// The figures' trace of a run: the 5 largest |c_i(w_t)| at the steps of next_record().
template <class T>
class top_recorder {
public:
    top_recorder(const dataset<T>& data, run_trace& trace) : data_(data), trace_(trace), absc_(data.n()) {}

    /// Whether step t is one the record keeps.
    bool wants(std::uint64_t t) const noexcept { return t == next_; }

    iterate_observer<T> observer()
    {
        return [this](std::uint64_t t, const std::vector<T>& x) {
            if (!wants(t)) return;
            record(t, x);
            next_ = next_record(t);
        };
    }
    /// Records the final iterate unless its step was recorded already.
    void finish(std::uint64_t steps, const std::vector<T>& w)
    {
        if (last_ != steps) record(steps, w);
    }

private:
    void record(std::uint64_t t, const std::vector<T>& x)
    {
        for (std::size_t i = 0; i < absc_.size(); ++i) {
            data_.coord(i, x, ci_, scratch_);
            absc_[i] = std::fabs(to_double(ci_));
        }
        const std::size_t k = std::min<std::size_t>(5, absc_.size());
        std::partial_sort(absc_.begin(), absc_.begin() + static_cast<std::ptrdiff_t>(k), absc_.end(), std::greater<double>());
        trace_.t.push_back(static_cast<double>(t));
        trace_.top.resize(k);
        for (std::size_t m = 0; m < k; ++m) trace_.top[m].push_back(absc_[m]);
        last_ = t;
    }

    const dataset<T>& data_;
    run_trace& trace_;
    std::vector<double> absc_;
    std::uint64_t next_ = 0, last_ = 0;
    T ci_, scratch_;
};

/// The columns that hold a closed form of the orthonormal theory, marked
/// not_applicable on general rows.
const std::vector<const char*>& not_applicable_columns()
{
    static const std::vector<const char*> c{"loss_gap", "dist_min", "trace_closed", "lambda_max_closed"};
    return c;
}

/// runs.csv's measured values, filled by column name.
class measured_row {
public:
    measured_row() : names_(measure_column_names()), values_(names_.size()) {}
    void put(const char* name, const std::string& value)
    {
        values_[static_cast<std::size_t>(std::find(names_.begin(), names_.end(), name) - names_.begin())] = value;
    }
    template <class T>
    void put(const char* name, const std::optional<T>& value)
    {
        if (value) put(name, to_decimal(*value));
    }
    void put_count(const char* name, const std::optional<std::size_t>& value)
    {
        if (value) put(name, std::to_string(*value));
    }
    std::vector<std::string> take() { return std::move(values_); }

private:
    std::vector<std::string> names_, values_;
};

/// `regime`: GD's cos_predicted is a prediction from w_0 alone; SGD's,
/// given the k it selected, equals the measured cosine at a 1-sparse limit
/// by construction, a consistency check written as cos_given_k.
template <class T>
void put_final(measured_row& v, const final_measures<T>& m, training_regime regime)
{
    v.put("loss", m.loss);
    v.put("loss_gap", m.loss_gap);
    v.put("grad_norm", m.grad_norm);
    v.put("dist_min", m.dist_min);
    v.put_count("support_size", m.support_size);
    v.put("participation", m.participation);
    v.put("max_coord_ratio", m.max_coord_ratio);
    v.put("alignment", m.alignment);
    if (m.selected_rank) v.put("selected", std::to_string(m.selected));
    v.put_count("selected_rank", m.selected_rank);
    v.put_count("selected_abs_rank", m.selected_abs_rank);
    v.put("selected_init", m.selected_init);
    v.put("limit_distance", m.limit_distance);
    v.put("cos_init", m.cos_init);
    v.put(regime == training_regime::sgd ? "cos_given_k" : "cos_predicted", m.cos_predicted);
    v.put_count("hessian_active", m.hessian_active);
    v.put("trace", m.trace);
    v.put("trace_closed", m.trace_closed);
    v.put("lambda_max_closed", m.lambda_max_closed);
    v.put("lambda_max", m.lambda_max);
    v.put("lambda_min", m.lambda_min);
    // On general rows the closed forms do not apply: said, not left blank.
    if (m.orthonormal) return;
    for (const char* c : not_applicable_columns()) v.put(c, not_applicable);
    if (regime != training_regime::none) v.put(regime == training_regime::sgd ? "cos_given_k" : "cos_predicted", not_applicable);
}

std::vector<double> sorted_abs(const std::vector<double>& x)
{
    std::vector<double> out(x.size());
    std::transform(x.begin(), x.end(), out.begin(), [](double v) { return std::fabs(v); });
    std::sort(out.begin(), out.end(), std::greater<double>());
    return out;
}

/// Trains as `snae train` would and measures the final iterate
/// (measure_final): the predictions from w_0 for every run, the rest only
/// for a run that did not diverge.
template <class T>
run_result measure(const grid_run& g, spectrum_method spectrum, bool want_trace, const std::atomic<bool>* interrupt)
{
    const run_config& c = g.run.config;
    run_inputs<T> in = make_inputs<T>(g.run, interrupt);
    const dataset<T>& data = *in.data;
    run_result res;
    top_recorder<T> recorder(data, res.trace);
    std::vector<T> w = in.w0;
    train_options options;
    options.update = c.update;
    // The record's steps only: under the scaled update each observation writes w out.
    if (want_trace) options.observe_at = [&recorder](std::uint64_t t) { return recorder.wants(t); };
    const train_outcome out =
        train(data, c.act, in.eta, w, in.sampler, in.rule, want_trace ? recorder.observer() : iterate_observer<T>(), options);
    if (out.status == run_status::interrupted) {
        res.interrupted = true;
        return res;
    }
    if (want_trace) recorder.finish(out.steps, w);

    measured_row v;
    v.put("status", to_string(out.status));
    v.put("steps", std::to_string(out.steps));
    const training_regime regime = regime_of(c.batch, c.sampler, g.run.n);
    const start_prediction<T> start = predict_from_start(data, c.act, in.w0, regime);
    v.put("positive_init", std::to_string(start.positive));
    v.put("support_predicted", start.support ? std::to_string(*start.support) : "");
    // A diverged run's iterate is past the divergence bound or not finite:
    // its measures are left undefined rather than computed from it.
    if (out.status != run_status::diverged) {
        const final_measures<T> m = measure_final(data, c.act, in.w0, w, start, in.support_threshold, spectrum);
        put_final(v, m, regime);
        if (m.undecidable) v.put("status", to_string(run_status::undecidable));
        if (want_trace && !m.undecidable) {
            std::vector<double> coords(g.run.n);
            T ci, scratch;
            for (std::size_t i = 0; i < coords.size(); ++i) {
                data.coord(i, w, ci, scratch);
                coords[i] = to_double(ci);
            }
            res.trace.sorted_abs_coords = sorted_abs(coords);
        }
    }
    res.values = v.take();
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
/// (to_decimal writes decimals only: the hexadecimal form from_decimal also reads is never in a journal.)
template <class T>
bool reads_in(const std::string& s)
{
    if (s == "inf" || s == "-inf" || s == "nan") return true;
    if (s.find_first_of("xX") != std::string::npos) return false;
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

/// A column that holds a closed form, not_applicable on general rows.
bool closed_form_column(const std::string& column)
{
    for (const char* c : not_applicable_columns())
        if (column == c) return true;
    return column == "cos_predicted" || column == "cos_given_k";
}

std::optional<std::string> integer_problem(const grid_run& r, const std::string& column, const std::string& v, const std::string& positive)
{
    const std::uint64_t n = r.run.n;
    if (column == "steps" && !count_in(v, r.run.config.steps))
        return "is not a step count in [0, " + std::to_string(r.run.config.steps) + "] (the run's budget)";
    if ((column == "support_size" || column == "positive_init" || column == "hessian_active") && !count_in(v, n))
        return "is not a count in [0, n] = [0, " + std::to_string(n) + "]";
    if (column == "selected" && !count_in(v, n - 1)) return "is not a sample index in [0, n-1] = [0, " + std::to_string(n - 1) + "]";
    if ((column == "selected_rank" || column == "selected_abs_rank") && (!count_in(v, n) || v == "0"))
        return "is not a rank in [1, n] = [1, " + std::to_string(n) + "]";
    if (column == "support_predicted") {
        const training_regime rg = regime_of(r.run.config.batch, r.run.config.sampler, n);
        const std::string expected = rg == training_regime::gd ? positive : rg == training_regime::sgd ? "1" : "";
        if (v != expected)
            return "is not the prediction of this run's regime ('" + expected + "': positive_init for GD, 1 for SGD, empty otherwise)";
    }
    return std::nullopt;
}

} // namespace

std::optional<measure_problem> invalid_measure(const grid_run& r, const std::vector<std::string>& values)
{
    const std::vector<std::string> names = measure_column_names();
    const std::vector<std::string> integers{"steps", "support_size", "positive_init", "support_predicted", "hessian_active",
                                            "selected", "selected_rank", "selected_abs_rank"};
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
            if (v == not_applicable && closed_form_column(names[k])) continue;
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
        const bool from_factor = option_for(e.flag()) == "--eta" && r.eta_label.size() > 4 &&
                                 r.eta_label.compare(r.eta_label.size() - 4, 4, "*b/2") == 0;
        const std::string where = "grid point " + std::to_string(r.point) + " (n=" + std::to_string(r.run.n) + ", batch=" +
                                  r.batch_label + ", scalar=" + p.config.scalar.name() + "): ";
        const std::string eta = from_factor ? "eta = " + r.eta_label + " = " + r.run.config.eta + ": " : std::string();
        throw input_error(from_factor ? "--eta-factor" : e.flag(), shown(where + eta + e.message()));
    }
}

run_result measure_run(const grid_run& r, spectrum_method spectrum, bool want_trace, const std::atomic<bool>* interrupt)
{
    return dispatch_scalar(r.run.config.scalar, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return measure<T>(r, spectrum, want_trace, interrupt);
    });
}

} // namespace snae::sweep
