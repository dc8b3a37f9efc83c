// What a sweep's runs cost: a prior from each run's shape (n, d, batch,
// budget, update, spectrum, scalar type), used to hand out the largest runs
// first and to split a sweep into shards, and the same model calibrated on
// the runs that have finished, for the ETA. docs/sweep.md#cost-model gives
// the formulas and docs/performance.md the fit to measured runs.
#pragma once

#include "grid.hpp"

#include <cstdint>
#include <map>
#include <vector>

namespace snae::sweep {

/// Relative cost of one arithmetic operation in the scalar type `s`
/// (double = 1): a prior the calibration replaces once a run of the type
/// has finished.
double operation_cost(const scalar_spec& s);

/// The prior step count of a run: its budget, or fewer where the regime's
/// typical convergence is shorter (docs/sweep.md#cost-model).
double prior_steps(const grid_run& r);

/// Operations of one step (drawing the batch, the update and the amortised
/// tolerance test) for the run's data, batch, update rule and type.
double step_operations(const grid_run& r);

/// Operations of the final measurement (loss, distance, Hessian spectrum
/// by `config`'s spectrum method for the run's data).
double measure_operations(const grid_run& r, const sweep_config& config);

/// The prior cost of a run in units of one double operation (about 0.65 ns
/// on the machine of docs/performance.md): prior_steps * step_operations +
/// measure_operations, a function of the configuration only, so the order
/// of work and the shards are too.
double prior_cost(const grid_run& r, const sweep_config& config);

/// Run ids in decreasing prior cost (ties by id): the order work is handed out.
std::vector<std::size_t> largest_first(const std::vector<double>& cost, const std::vector<std::size_t>& ids);

/// The cost model calibrated on finished runs. Seconds of a run not yet
/// done: the mean of the finished runs of its grid point (seeds of a point
/// cost alike) or, for a point with none finished, kappa_T * units, where
/// units use prior_steps times the ratio of measured to prior steps over
/// finished runs of the same regime, and kappa_T is seconds per unit over
/// finished runs of the scalar type T (of every type while none of T has
/// finished).
class cost_model {
public:
    cost_model(const std::vector<grid_run>& runs, const sweep_config& config);

    /// A run finished after `seconds` on one worker, having taken `steps` steps.
    void observe(std::size_t id, double seconds, std::uint64_t steps);
    /// Seconds the journal took to take one result in (writing the row and
    /// the trace): serial work, beside the runs' parallel work.
    void observe_journal(double seconds);

    /// Predicted seconds of run `id` on one worker.
    double predict(std::size_t id) const;

    /// Wall seconds left for `todo` (not started) and `running` (id and the
    /// seconds it has run) on `workers` parallel workers: the larger of the
    /// work spread evenly and the longest single run left, plus the
    /// journal's mean time per result for each of them. Seeds of one point
    /// differ (at b = n - 1 by a factor 2), so a run past its prediction
    /// is given what its point's slower runs needed beyond that time.
    double remaining(const std::vector<std::size_t>& todo, const std::vector<std::pair<std::size_t, double>>& running,
                     unsigned workers) const;

private:
    struct sums {
        double a = 0, b = 0;
        std::size_t count = 0;
    };
    const std::vector<grid_run>& runs_;
    std::vector<double> steps_, step_ops_, measure_ops_;
    /// Seconds left of a run that has run `elapsed`: with two or more
    /// finished runs of its point, the mean of what those that took longer
    /// needed beyond `elapsed` (their standard deviation when none did);
    /// else the prediction less `elapsed`, at least a tenth of it.
    double left_of_running(std::size_t id, double elapsed) const;

    std::map<std::size_t, std::vector<double>> point_seconds_;
    std::map<int, sums> regime_steps_;            // per regime: measured, prior steps
    std::map<std::string, sums> type_seconds_;    // per scalar type: seconds, units
    sums all_seconds_;                            // seconds, units
    sums journal_seconds_;                        // seconds, - / operation_cost
};

} // namespace snae::sweep
