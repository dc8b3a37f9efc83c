// snae sweep end to end: expand and check the grid, resume from runs.csv,
// run what is missing on all cores, then write the summaries and figures.
#pragma once

#include "dispatch.hpp"
#include "grid.hpp"

#include <gnuplot.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace snae::sweep {

struct sweep_options {
    std::filesystem::path out_dir;     ///< empty: reports/<name> (a shard: reports/<name>-shard-I-of-N)
    unsigned threads = 0;              ///< 0: every core
    bool figures = true;
    /// The columns of summary.md and summary.tex (table_columns); empty: the paper layout.
    std::vector<std::string> table_columns;
    plot::figure_options figure_style; ///< formats, size and titles of the figures
    const std::atomic<bool>* interrupt = nullptr;
    /// Called (from one thread at a time) after each finished run, with the
    /// runs done and to do in this invocation and the cost model's ETA.
    std::function<void(const sweep_progress&)> progress;
    /// Run only the index-th (1-based) of `count` shards (shard_runs).
    std::size_t shard_index = 1, shard_count = 1;
    /// The MPI job this process is a rank of, if any (mpi_dispatch.hpp).
    const class mpi_world* mpi = nullptr;
    /// Notes for the user (resumed runs, dropped fragments, figures not drawn).
    std::function<void(const std::string&)> note;
};

struct sweep_outcome {
    std::string name;              ///< sweep_name of the configuration
    std::filesystem::path out_dir;
    std::size_t runs = 0, resumed = 0, ran = 0;
    std::size_t missing = 0;       ///< runs not yet in runs.csv (a shard's other runs, or an incomplete merge)
    bool interrupted = false;
    std::vector<std::string> files;    ///< relative to out_dir
};

/// Checks everything first (input_error, nothing written), then runs. On
/// interrupt, finished runs stay in runs.csv and no summary is written.
/// Under MPI every rank calls it; rank 0 keeps the folder and hands runs
/// out, the others only run them (their outcome is empty). A shard writes
/// runs.csv (its runs only) and no summary.
sweep_outcome run_sweep(const sweep_config& config, const sweep_options& options);

/// Reads "I/N" (1 <= I <= N <= 10^6) into options.shard_index and
/// shard_count; throws input_error(flag) otherwise.
void parse_shard(const std::string& text, const std::string& flag, sweep_options& options);

/// The runs of shard `index` (1-based) of `count`: runs in decreasing prior
/// cost (ties by id), each given to the shard with the least prior cost so
/// far (ties: the lowest index). Depends on the configuration only.
std::vector<std::size_t> shard_runs(const std::vector<grid_run>& runs, const sweep_config& config, std::size_t index, std::size_t count);

/// Combines the runs.csv (and traces and timings) of shard folders, written
/// by this build for one configuration, into `options.out_dir` (default:
/// reports/<name>), resuming it like a sweep; when every run is there,
/// writes the summaries and figures, byte-identical to a single sweep's.
/// Runs in two folders must agree to the byte. Throws input_error("--merge").
sweep_outcome merge_shards(const std::vector<std::filesystem::path>& dirs, const sweep_options& options);

} // namespace snae::sweep
