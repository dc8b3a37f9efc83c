#pragma once

#include <snae/run_options.hpp>

#include <CLI/CLI.hpp>

#include <string>

namespace snae::cli {

/// The flags that define a run (data, step size, batches, start, budget),
/// taken as text into run_options and read by make_run_config (the Python
/// module's reader too), so that every bad value gets the same one-line
/// message naming the flag and its accepted range. With
/// `with_outputs`, also the stopping tolerance, the scalar type and the
/// output files of `snae train`.
class run_flags {
public:
    void attach(CLI::App& app, bool with_outputs);
    /// Throws input_error naming the flag.
    run_config config() const;

private:
    void reject_empty() const;
    CLI::App* app_ = nullptr;
    bool with_outputs_ = false;
    run_options o_;
};

} // namespace snae::cli
