// One run of a sweep: train exactly as `snae train` would (make_inputs), then
// measure the final iterate in the run's own precision with the library's
// measurements (snae/measures.hpp) and print them as runs.csv's columns.
#pragma once

#include "grid.hpp"

#include <atomic>
#include <optional>
#include <string>
#include <vector>

namespace snae::sweep {

/// The measured columns of runs.csv, in order, after key_column_names().
std::vector<std::string> measure_column_names();

/// The value of a closed-form column on general rows (gaussian, correlated
/// with RHO > 0, --any-rows), where the orthonormal theory's formula does
/// not apply. pandas reads it as missing.
inline const std::string not_applicable = "n/a";

/// What a run leaves for the figures (kept for the first seed of each point).
struct run_trace {
    std::vector<double> sorted_abs_coords;   ///< |c_i(w_final)|, descending
    std::vector<double> t;                   ///< recorded steps (log-spaced, and the last)
    std::vector<std::vector<double>> top;    ///< top[k][m]: the (k+1)-th largest |c_i(w_t[m])|, k < 5
};

struct run_result {
    bool interrupted = false;
    std::vector<std::string> values;  ///< measure_column_names() order; "" for undefined
    run_trace trace;                  ///< filled only when asked
};

/// A measured value of a runs.csv row that measure_run could not have written.
struct measure_problem {
    std::size_t index = 0;   ///< position in measure_column_names()
    std::string column;
    std::string reason;      ///< e.g. "is not one of converged, ...", "is not a number of double"
};

/// Checks the measured values of a row (measure_column_names() order) read
/// back for run `r`: the status is one a finished run has, the integers are
/// plain and in range (steps <= budget, counts <= n, support_predicted as the
/// regime gives it), the decimals read as numbers of the run's type (or
/// inf, -inf, nan), and a value is empty only where measure_run leaves it
/// empty. nullopt when every value can be the run's.
std::optional<measure_problem> invalid_measure(const grid_run& r, const std::vector<std::string>& values);

/// Reads the run's numbers in its precision (eta, tol, thresholds, a data
/// file and its orthonormality) and throws input_error if one fails there.
void check_in_precision(const grid_run& r);

/// Trains and measures one run, with the run's update (reference or scaled),
/// then measure_final in snae/measures.hpp: the Hessian with the ReLU active
/// set stated as {i : c_i > support threshold}, the active set of the
/// limit, measured by `spectrum`. Values are written with enough significant
/// digits to read back exactly in the run's type (to_decimal: 17 for
/// double). `want_trace` also records the figures' data.
run_result measure_run(const grid_run& r, spectrum_method spectrum, bool want_trace, const std::atomic<bool>* interrupt);

} // namespace snae::sweep
