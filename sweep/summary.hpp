// Aggregation of a sweep's runs over seeds, per grid point, and the summary
// tables: summary.csv (tidy, one row per point and measure), summary.md,
// summary.tex (booktabs + siunitx) and summary.json.
#pragma once

#include "grid.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace snae::sweep {

/// Order statistics and moments of one measure over the seeds of a point,
/// in double (statistics, not verification). Quartiles interpolate linearly
/// between order statistics (R's type 7, numpy's default); sd is the sample
/// standard deviation (n - 1), NaN below two values. Runs where the measure
/// is undefined (a diverged run) are not counted.
struct stats {
    std::size_t count = 0;
    double mean = 0, sd = 0, min = 0, q1 = 0, median = 0, q3 = 0, max = 0;
};
stats describe(std::vector<double> values);

struct point_row {
    std::size_t point = 0;
    std::vector<std::string> axes;          ///< values of axis_column_names()
    std::size_t runs = 0, converged = 0;
    std::map<std::string, std::size_t> statuses_seen;  ///< status -> number of runs
    std::map<std::string, stats> measures;  ///< by numeric_measure_names()
};

/// The key columns that define a grid point (the run's key columns without run, point and seed).
std::vector<std::string> axis_column_names();
/// The position of axis `name` in axis_column_names() (and in point_row::axes).
std::size_t axis_index(const std::string& name);
/// The measures aggregated (every numeric column of runs.csv).
std::vector<std::string> numeric_measure_names();

/// Aggregates the finished rows (runs.csv rows by run id) per grid point, in point order.
std::vector<point_row> aggregate(const std::vector<grid_run>& runs, const std::map<std::size_t, std::vector<std::string>>& rows);

/// Writes summary.csv, summary.md, summary.tex and summary.json under dir,
/// each carrying the configuration echo.
std::vector<std::string> write_summaries(const std::filesystem::path& dir, const nlohmann::json& config,
                                         const std::vector<point_row>& points, std::size_t seeds);

} // namespace snae::sweep
