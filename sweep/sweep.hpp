// snae sweep end to end: expand and check the grid, resume from runs.csv,
// run what is missing on all cores, then write the summaries and figures.
#pragma once

#include "grid.hpp"

#include <gnuplot.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace snae::sweep {

struct sweep_options {
    std::filesystem::path out_dir;     ///< empty: reports/<name>
    unsigned threads = 0;              ///< 0: every core
    bool figures = true;
    /// The columns of summary.md and summary.tex (table_columns); empty: the paper layout.
    std::vector<std::string> table_columns;
    plot::figure_options figure_style; ///< formats, size and titles of the figures
    const std::atomic<bool>* interrupt = nullptr;
    /// Called (from one thread at a time) after each finished run: (done, to do) in this invocation.
    std::function<void(std::size_t, std::size_t)> progress;
    /// Notes for the user (resumed runs, dropped fragments, figures not drawn).
    std::function<void(const std::string&)> note;
};

struct sweep_outcome {
    std::filesystem::path out_dir;
    std::size_t runs = 0, resumed = 0, ran = 0;
    bool interrupted = false;
    std::vector<std::string> files;    ///< relative to out_dir
};

/// Checks everything first (input_error, nothing written), then runs. On
/// interrupt, finished runs stay in runs.csv and no summary is written.
sweep_outcome run_sweep(const sweep_config& config, const sweep_options& options);

} // namespace snae::sweep
