#pragma once

#include <snae/run.hpp>

#include <CLI/CLI.hpp>

#include <string>

namespace snae::cli {

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
    void read_batches(run_config& c) const;
    void read_outputs(run_config& c) const;
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
