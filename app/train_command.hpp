#pragma once

#include "run_flags.hpp"

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
    run_flags flags_;
    bool quiet_ = false;
    CLI::App* app_ = nullptr;
};

} // namespace snae::cli
