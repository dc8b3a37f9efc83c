#include "cost.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace snae::sweep {

namespace {

double as_double(std::uint64_t v) { return static_cast<double>(v); }

/// The batch a step touches: b, or n for the full batch.
double batch_of(const grid_run& r) { return r.run.config.batch ? as_double(*r.run.config.batch) : as_double(r.run.n); }

bool scaled(const grid_run& r) { return r.run.config.update == update_rule::scaled && r.run.config.data == "canonical"; }

} // namespace

double operation_cost(const scalar_spec& s)
{
    using k = scalar_spec::kind;
    // MPFR's cost per operation grows slowly up to a few hundred bits
    // (one to four limbs) and linearly beyond; intervals do each twice.
    const auto mpfr = [](long bits) { return 25.0 * (1.0 + static_cast<double>(bits) / 512.0); };
    switch (s.type) {
    case k::float_:
    case k::double_: return 1;
    case k::long_double: return 3;
    case k::float128: return 15;
    case k::cpp_bin_float_50: return 40;
    case k::cpp_bin_float_100: return 60;
    case k::mpfr: return mpfr(s.mpfr_bits);
    case k::mpfi: return 2 * mpfr(s.mpfr_bits);
    }
    return 1;
}

double prior_steps(const grid_run& r)
{
    const double n = as_double(r.run.n), b = batch_of(r), budget = as_double(r.run.config.steps);
    const training_regime regime = regime_of(r.run.config.batch, r.run.config.sampler, r.run.n);
    // Fitted to the batch-size preset (docs/performance.md): GD contracts
    // geometrically, about 60 steps at 0.8 of its threshold; SGD needs
    // about 250 n / b steps to single out a coordinate when b is small, and
    // about 300 n / (n - b) when few samples are left out of each batch,
    // because then each step is nearly GD's and the leader's advantage
    // grows only with the left-out samples.
    double steps = budget;
    if (regime == training_regime::gd) steps = 100;
    else if (regime == training_regime::sgd) steps = 250 * n / b + 300 * n / std::max(1.0, n - b);
    return std::min(steps, budget);
}

double step_operations(const grid_run& r)
{
    const double n = as_double(r.run.n), d = as_double(r.run.d), b = batch_of(r);
    const double check = as_double(r.run.config.check_every);
    const bool canonical = r.run.config.data == "canonical";
    const double op = operation_cost(r.run.config.scalar);
    // Drawing a batch costs about 40 double operations per sample (a
    // random draw and the distinctness check), in any scalar type; the
    // full batch draws nothing.
    const double draws = r.run.config.batch && *r.run.config.batch < r.run.n ? 40 * b : 0;
    // The tolerance test reads every coordinate (canonical: O(n + d);
    // dense data: n dot products), once per check_every steps.
    const double test = (canonical ? n + d : n * d) / std::max(1.0, check);
    if (scaled(r)) return draws + op * (std::min(b, n - b) + 1 + test);
    return draws + op * ((canonical ? b + d : b * d + d) + test);
}

double measure_operations(const grid_run& r, const sweep_config& config)
{
    const spectrum_method spectrum = spectrum_of(config, r.run.config.data);
    const double n = as_double(r.run.n), d = as_double(r.run.d);
    const bool canonical = r.run.config.data == "canonical";
    const double op = operation_cost(r.run.config.scalar);
    // Preparing the run (w_0, the data) and measuring the end point: a
    // fixed cost of about 0.2 ms and about 5000 operations per sample,
    // fitted like prior_steps; then the Hessian.
    const double fixed = 3e5 + 5e3 * n + op * 4 * (canonical ? n + d : n * d);
    switch (spectrum) {
    case spectrum_method::structured: return fixed + op * 10 * (n + d);
    case spectrum_method::dense: return fixed + op * (d * (canonical ? n + d : n * d) + 4 * d * d * d);
    case spectrum_method::none: return fixed + op * d * (canonical ? n + d : n * d);
    }
    return fixed;
}

double prior_cost(const grid_run& r, const sweep_config& config)
{
    return prior_steps(r) * step_operations(r) + measure_operations(r, config);
}

std::vector<std::size_t> largest_first(const std::vector<double>& cost, const std::vector<std::size_t>& ids)
{
    std::vector<std::size_t> order = ids;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cost[a] > cost[b] || (cost[a] == cost[b] && a < b); });
    return order;
}

cost_model::cost_model(const std::vector<grid_run>& runs, const sweep_config& config) : runs_(runs)
{
    for (const auto& r : runs) {
        steps_.push_back(prior_steps(r));
        step_ops_.push_back(step_operations(r));
        measure_ops_.push_back(measure_operations(r, config));
    }
}

void cost_model::observe(std::size_t id, double seconds, std::uint64_t steps)
{
    const grid_run& r = runs_[id];
    const double units = as_double(steps) * step_ops_[id] + measure_ops_[id];
    point_seconds_[r.point].push_back(seconds);
    auto& g = regime_steps_[static_cast<int>(regime_of(r.run.config.batch, r.run.config.sampler, r.run.n))];
    g.a += as_double(steps);
    g.b += steps_[id];
    auto& t = type_seconds_[r.run.config.scalar.name()];
    t.a += seconds;
    t.b += units;
    all_seconds_.a += seconds;
    all_seconds_.b += units;
}

void cost_model::observe_journal(double seconds)
{
    journal_seconds_.a += seconds;
    ++journal_seconds_.count;
}

double cost_model::predict(std::size_t id) const
{
    const grid_run& r = runs_[id];
    if (auto p = point_seconds_.find(r.point); p != point_seconds_.end())
        return std::accumulate(p->second.begin(), p->second.end(), 0.0) / static_cast<double>(p->second.size());
    double steps = steps_[id];
    if (auto g = regime_steps_.find(static_cast<int>(regime_of(r.run.config.batch, r.run.config.sampler, r.run.n)));
        g != regime_steps_.end() && g->second.b > 0)
        steps = std::min(as_double(r.run.config.steps), steps * g->second.a / g->second.b);
    const double units = steps * step_ops_[id] + measure_ops_[id];
    if (auto t = type_seconds_.find(r.run.config.scalar.name()); t != type_seconds_.end() && t->second.b > 0)
        return units * t->second.a / t->second.b;
    if (all_seconds_.b > 0) return units * all_seconds_.a / all_seconds_.b;
    return units * 0.65e-9; // a double operation on the machine of docs/performance.md, until a run has finished
}

double cost_model::left_of_running(std::size_t id, double elapsed) const
{
    const double predicted = predict(id);
    const auto p = point_seconds_.find(runs_[id].point);
    if (p == point_seconds_.end() || p->second.size() < 2) return std::max(predicted - elapsed, 0.1 * predicted);
    double excess = 0, slower = 0, sq = 0;
    for (double t : p->second) {
        sq += (t - predicted) * (t - predicted);
        if (t > elapsed) {
            excess += t - elapsed;
            ++slower;
        }
    }
    if (slower > 0) return excess / slower;
    return std::sqrt(sq / static_cast<double>(p->second.size() - 1));
}

double cost_model::remaining(const std::vector<std::size_t>& todo, const std::vector<std::pair<std::size_t, double>>& running,
                             unsigned workers) const
{
    double total = 0, longest = 0;
    for (std::size_t id : todo) {
        const double s = predict(id);
        total += s;
        longest = std::max(longest, s);
    }
    for (const auto& [id, elapsed] : running) {
        const double s = left_of_running(id, elapsed);
        total += s;
        longest = std::max(longest, s);
    }
    const double journal = journal_seconds_.count ? journal_seconds_.a / static_cast<double>(journal_seconds_.count) : 0.0;
    return std::max(total / std::max(1u, workers), longest) + journal * static_cast<double>(todo.size() + running.size());
}

} // namespace snae::sweep
