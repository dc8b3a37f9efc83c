#pragma once

#include <CLI/CLI.hpp>

#include <atomic>
#include <string>

namespace snae::cli {

/// The `snae sweep` subcommand: a grid of runs from flags, a JSON config
/// file or a preset (flags override the file's keys), aggregated over seeds
/// into tables and figures. Comma-separated lists give an axis several values.
class sweep_command {
public:
    void attach(CLI::App& parent);
    bool selected() const { return app_ && app_->parsed(); }
    /// Throws input_error for bad input; returns the exit status.
    int run(const std::atomic<bool>& interrupted) const;

private:
    struct options {
        std::string config, preset, name, scalar, activation, data, n, d, batch, sampler, eta, eta_factor, init_scale,
            steps, tol, seeds, tol_on, check_every, remainder, support_threshold, out_dir, threads;
        bool quick = false, quiet = false, no_figures = false, no_spectrum = false;
    } o_;
    CLI::App* app_ = nullptr;
};

} // namespace snae::cli
