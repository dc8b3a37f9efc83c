// The flags that define a run, shared by `snae train` and `snae precision`.
#include "run_flags.hpp"

#include "flag_values.hpp"

#include <snae/errors.hpp>

namespace snae::cli {

void run_flags::attach(CLI::App& a, bool with_outputs)
{
    app_ = &a;
    with_outputs_ = with_outputs;
    a.add_option("--activation", o_.activation, "relu (sigma'(0) := 0) | linear")->default_str("relu");
    a.add_option("--n", o_.n, "number of data vectors, integer in [1, d] (required unless --data FILE)");
    a.add_option("--d", o_.d, "dimension, integer in [n, 1e9] (canonical), [n, 4096] (other data)");
    a.add_option("--data", o_.data, "canonical | rotated | gaussian (x_i ~ N(0, I/d)) | correlated:RHO (unit rows, "
                                    "<x_i,x_j> = RHO in [0, 1)) | FILE (n lines of d decimal numbers, orthonormal rows)")
        ->default_str("canonical");
    a.add_flag("--any-rows", o_.any_rows, "use the rows of --data FILE as given (general data, no orthonormality check)");
    a.add_option("--orth-tol", o_.orth_tol, "orthonormality tolerance for --data FILE, decimal >= 0 (default 64 d u)");
    a.add_option("--eta", o_.eta, "step size, decimal > 0, read at the working precision")->default_str("0.1");
    a.add_option("--batch", o_.batch, "batch size: full | integer in [1, n]")->default_str("full");
    a.add_option("--sampler", o_.sampler, "replacement | reshuffle | cyclic (for --batch < n)")->default_str("replacement");
    a.add_option("--remainder", o_.remainder, "keep | drop: the short last batch of an epoch (reshuffle, cyclic)")
        ->default_str("keep")
        ->each([this](const std::string&) { o_.remainder_given = true; });
    a.add_option("--schedule", o_.schedule, "FILE of explicit batches: one per line, 0-based indices in [0, n-1], repeated when exhausted");
    a.add_option("--init", o_.init, "FILE of d decimal numbers for w_0");
    a.add_option("--init-scale", o_.init_scale, "s in w_0 ~ N(0, s^2 I_d), decimal > 0 (default 1/sqrt(d))");
    a.add_option("--seed", o_.seed, "seed for data, w_0 and batches, integer in [0, 2^64-1]")->default_str("0");
    a.add_option("--batch-seed", o_.batch_seed, "seed for the batches alone (default: --seed), integer in [0, 2^64-1]");
    a.add_option("--steps", o_.steps, "step budget, integer in [0, 2^63]")->default_str("1000");
    a.add_option("--support-threshold", o_.support_threshold, "support = {i : |c_i| > threshold}, decimal >= 0")
        ->default_str("1e-6");
    a.add_option("--diverge-norm", o_.diverge_norm, "status diverged once ||w|| exceeds this, decimal > 0")->default_str("1e6");
    a.add_option("--update", o_.update, "reference (the default: the arithmetic the claims pin) | scaled (opt-in, canonical data: "
                                        "O(batch) per step, other roundings; docs/performance.md)")
        ->default_str("reference");
    if (!with_outputs) return;
    a.add_option("--tol", o_.tol, "stop when the --tol-on criterion is <= tol: decimal > 0, or Ku for K times the unit roundoff (default: run all steps)");
    a.add_option("--tol-on", o_.tol_on, "distance (to the set of global minima) | gradient (norm of grad L) | sample-gradient (max_i ||grad l_i||, "
                                        "0 only where SGD stops)")
        ->default_str("distance");
    a.add_option("--check-every", o_.check_every, "test the --tol criterion every K steps, integer >= 1")->default_str("1");
    a.add_option("--scalar", o_.scalar, scalar_spec_choices())->default_str("double");
    a.add_option("--out", o_.out, "write the result as one JSON object to FILE (docs/output.md)");
    a.add_option("--trajectory", o_.trajectory, "stream iterates to FILE.csv (step, loss, dist_min, w_0..w_{d-1})");
    a.add_option("--every", o_.every, "write every K-th iterate to --trajectory (and always the last), integer >= 1")
        ->default_str("1");
}

void run_flags::reject_empty() const
{
    reject_empty_values(*app_, {{"--n", o_.n, "an integer in [1, d]"},
                                {"--d", o_.d, "an integer >= n"},
                                {"--orth-tol", o_.orth_tol, "a finite decimal number >= 0"},
                                {"--sampler", o_.sampler, "one of replacement, reshuffle, cyclic"},
                                {"--schedule", o_.schedule, "a file path"},
                                {"--init", o_.init, "a file path"},
                                {"--init-scale", o_.init_scale, "a finite decimal number > 0"}});
    if (with_outputs_)
        reject_empty_values(*app_, {{"--tol", o_.tol, "a finite decimal number > 0, or K followed by u (e.g. 64u)"},
                                    {"--out", o_.out, "a file path"},
                                    {"--trajectory", o_.trajectory, "a file path"}});
}

run_config run_flags::config() const
{
    reject_empty();
    return make_run_config(o_);
}

} // namespace snae::cli
