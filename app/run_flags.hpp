#pragma once

#include <snae/run.hpp>

#include <CLI/CLI.hpp>

#include <initializer_list>
#include <string>

namespace snae::cli {

/// A flag whose absence selects a default: its name, its value, and the
/// values it accepts (for the message).
struct optional_flag {
    const char* name;
    const std::string& value;
    const char* accepted;
};

/// An explicit empty value ('') for such a flag is bad input, not "not
/// given": throws input_error naming the first flag of `flags` given empty.
void reject_empty_values(const CLI::App& app, std::initializer_list<optional_flag> flags);

/// The flags that define a run (data, step size, batches, start, budget),
/// taken as text and checked by snae itself so that every bad value gets the
/// same one-line message naming the flag and its accepted range. With
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
    struct options {
        std::string activation = "relu", n, d, data = "canonical", orth_tol, eta = "0.1", batch = "full", sampler,
                    remainder = "keep", schedule, init, init_scale, seed = "0", steps = "1000", tol,
                    tol_on = "distance", check_every = "1", scalar = "double", support_threshold = "1e-6",
                    diverge_norm = "1e6", out, trajectory, every = "1", update = "reference";
        bool remainder_given = false;
    } o_;
};

} // namespace snae::cli
