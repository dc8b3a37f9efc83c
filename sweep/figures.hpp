// The figures of a sweep, drawn by gnuplot (Debian's gnuplot-nox) from data
// files and scripts written next to them, so a figure can be redrawn or
// restyled without rerunning the sweep: figures/<name>.dat, <name>.gp, and
// <name>.pdf, .png, .svg as plot::figure_options asks.
#pragma once

#include <gnuplot.hpp>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace snae::sweep {

/// The x of a full-batch point on a batch-size axis. The figures draw it at
/// a position of its own to the right of every SGD batch size, not at b = n.
constexpr double full_batch = std::numeric_limits<double>::infinity();

/// One line of a figure. `err` is empty or holds one standard deviation per point.
struct xy_series {
    std::string label;
    std::vector<double> x, y, err;
};

/// Everything the five figures show. Series whose vectors are empty are skipped.
struct figure_inputs {
    std::string subtitle;    ///< the axes held fixed, e.g. "relu, canonical data, double"
    std::string config_json; ///< the sweep configuration, written into every script as a comment
    std::size_t seeds = 0;   ///< seeds per grid point: the means of (b)-(d) are over these
    /// The seed of the runs (a) and (e) show: traces are kept for one seed per point.
    std::optional<std::uint64_t> trace_seed;

    /// (a) sorted |c_i| of the final neuron (x = rank 1..n, y = |c_i| descending; zeros are not drawn
    /// on the log axis), one series for GD and one per SGD batch size, for one run each.
    std::size_t sorted_n = 0;
    std::vector<xy_series> sorted_coords;

    /// (b)-(d) have x = b, or full_batch for full batch.
    /// (b) participation ratio vs b (mean over seeds, err = sd), one series per n.
    std::vector<xy_series> participation;

    /// (c) tr H and lambda_max vs b: measured (mean, err = sd) and the closed forms, one series per n each.
    std::vector<xy_series> trace, trace_closed, lambda_max, lambda_max_closed;

    /// (d) cos(w, w_0) vs b: measured (mean, err = sd) and predicted, one series per n.
    std::vector<xy_series> cosine, cosine_predicted;

    /// (e) the k-th largest |c_i(w_t)| against t (k = 1..5, one series each), for one GD and one SGD run.
    std::string top_gd_title, top_sgd_title;
    std::vector<xy_series> top_gd, top_sgd;
};

struct figure_result {
    bool drawn = false;              ///< gnuplot ran and produced every file
    std::string message;             ///< why not, when not drawn
    std::vector<std::string> files;  ///< every file written (relative to the output folder)
};

/// Writes the data and scripts under `dir` (created if needed) and runs
/// gnuplot on each script, drawing the formats, at the size and with or
/// without the titles that `style` asks. A missing gnuplot is not an error:
/// the data and scripts are still written and `message` says so. Stale
/// drawings of a figure that is not redrawn (no data, no gnuplot, gnuplot
/// failed) are removed in every format. Throws std::invalid_argument when a
/// series' x, y and err lengths disagree, and std::runtime_error or
/// std::filesystem::filesystem_error when a file cannot be written.
figure_result write_figures(const std::filesystem::path& dir, const figure_inputs& in, const plot::figure_options& style);

} // namespace snae::sweep
