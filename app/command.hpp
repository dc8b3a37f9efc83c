// A subcommand of `snae`: what main.cpp needs from each, so that it attaches,
// selects and runs them from one list.
#pragma once

#include <CLI/CLI.hpp>

#include <atomic>
#include <memory>
#include <vector>

namespace snae::cli {

class command {
public:
    virtual ~command() = default;
    /// Adds the subcommand, its flags and their help to `parent`.
    virtual void attach(CLI::App& parent) = 0;
    /// Runs the parsed command; throws input_error for bad input. Returns the
    /// exit status: 130 when `interrupted` stopped it (its outputs hold what
    /// finished).
    virtual int run(const std::atomic<bool>& interrupted) const = 0;
    /// Whether the command line named this subcommand.
    bool selected() const { return app_ && app_->parsed(); }

protected:
    CLI::App* app_ = nullptr;
};

/// `snae train`: one run (train_command.cpp).
std::unique_ptr<command> make_train_command();
/// `snae verify`: the claims catalogue (verify_command.cpp).
std::unique_ptr<command> make_verify_command();
/// `snae sweep`: a grid of runs aggregated over seeds (sweep_command.cpp).
std::unique_ptr<command> make_sweep_command();
/// `snae precision`: every scalar type against an MPFR reference (precision_command.cpp).
std::unique_ptr<command> make_precision_command();

/// Every subcommand, in the order `snae --help` lists them.
inline std::vector<std::unique_ptr<command>> all_commands()
{
    std::vector<std::unique_ptr<command>> all;
    all.push_back(make_train_command());
    all.push_back(make_verify_command());
    all.push_back(make_sweep_command());
    all.push_back(make_precision_command());
    return all;
}

} // namespace snae::cli
