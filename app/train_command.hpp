#pragma once

#include <snae/run.hpp>

#include <CLI/CLI.hpp>

#include <atomic>
#include <string>

namespace snae::cli {

/// The `snae train` subcommand. Numbers are taken as text and checked by
/// snae itself, so every bad value gets the same one-line message naming
/// the flag and its accepted range.
class train_command {
public:
    void attach(CLI::App& parent);
    bool selected() const { return app_ && app_->parsed(); }
    /// Runs the command; throws input_error for bad input. Returns the exit status.
    int run(const std::atomic<bool>& interrupted) const;

private:
    run_config config() const;

    struct options {
        std::string activation = "relu", n, d, data = "canonical", orth_tol, eta = "0.1", batch = "full", sampler,
                    remainder = "keep", schedule, init, init_scale, seed = "0", steps = "1000", tol,
                    tol_on = "distance", check_every = "1", scalar = "double", support_threshold = "1e-6",
                    diverge_norm = "1e6", out, trajectory, every = "1";
        bool quiet = false, remainder_given = false;
    } o_;
    CLI::App* app_ = nullptr;
};

} // namespace snae::cli
