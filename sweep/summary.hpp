// Aggregation of a sweep's runs over seeds, per grid point, and the summary
// tables: summary.csv (tidy, one row per point and measure), summary.md,
// summary.tex (booktabs + siunitx) and summary.json.
#pragma once

#include "grid.hpp"
#include "statistics.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace snae::sweep {

struct point_row {
    std::size_t point = 0;
    std::vector<std::string> axes;          ///< values of axis_column_names()
    long bits = 53;                         ///< precision of the point's scalar type
    bool float_or_double = true;            ///< its values are doubles exactly (summary.json writes numbers)
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

/// The columns of summary.md and summary.tex from the items of --columns:
/// `paper` (the default, which fits a one-column portrait page), `all`, or
/// column names (table_column_names()). Throws input_error("--columns")
/// naming the accepted values.
std::vector<std::string> table_columns(const std::vector<std::string>& items);
/// Every column name, in the order of `all`.
std::vector<std::string> table_column_names();

/// Writes summary.csv, summary.md, summary.tex and summary.json under dir;
/// the Markdown and LaTeX tables carry the configuration echo and show
/// `columns` (table_columns).
std::vector<std::string> write_summaries(const std::filesystem::path& dir, const nlohmann::json& echo,
                                         const std::vector<point_row>& points, std::size_t seeds,
                                         const std::vector<std::string>& columns);

} // namespace snae::sweep
