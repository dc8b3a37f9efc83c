// The flags that define a run, shared by `snae train` and `snae precision`.
#include "run_flags.hpp"

#include "flag_values.hpp"

#include <snae/errors.hpp>
#include <snae/text.hpp>

namespace snae::cli {

void run_flags::attach(CLI::App& a, bool with_outputs)
{
    app_ = &a;
    with_outputs_ = with_outputs;
    a.add_option("--activation", o_.activation, "relu (sigma'(0) := 0) | linear")->default_str("relu");
    a.add_option("--n", o_.n, "number of data vectors, integer in [1, d] (required unless --data FILE)");
    a.add_option("--d", o_.d, "dimension, integer in [n, 1e9] (canonical), [n, 4096] (rotated)");
    a.add_option("--data", o_.data, "canonical | rotated | FILE (n lines of d decimal numbers, orthonormal rows)")
        ->default_str("canonical");
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
    a.add_option("--steps", o_.steps, "step budget, integer in [0, 2^63]")->default_str("1000");
    a.add_option("--support-threshold", o_.support_threshold, "support = {i : |c_i| > threshold}, decimal >= 0")
        ->default_str("1e-6");
    a.add_option("--diverge-norm", o_.diverge_norm, "status diverged once ||w|| exceeds this, decimal > 0")->default_str("1e6");
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
    a.add_option("--update", o_.update, "reference (the default: the arithmetic the claims pin) | scaled (opt-in, canonical data: "
                                        "O(batch) per step, other roundings; docs/performance.md)")
        ->default_str("reference");
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

/// --batch, --sampler, --remainder and --schedule: each only where it has an effect.
void run_flags::read_batches(run_config& c) const
{
    if (o_.batch != "full") c.batch = parse_integer("--batch", o_.batch, 1, 1000000000ULL);
    if (!o_.sampler.empty())
        c.sampler = parse_choice<sampler_kind>("--sampler", o_.sampler,
                                               {{"replacement", sampler_kind::replacement},
                                                {"reshuffle", sampler_kind::reshuffle},
                                                {"cyclic", sampler_kind::cyclic}});
    c.remainder = parse_choice<remainder_policy>("--remainder", o_.remainder,
                                                 {{"keep", remainder_policy::keep}, {"drop", remainder_policy::drop}});
    if (o_.batch == "full" && o_.schedule.empty() && !o_.sampler.empty())
        throw input_error("--sampler", "applies to SGD only; give --batch B with B in [1, n], or drop --sampler");
    if (o_.remainder_given && c.batch && c.sampler == sampler_kind::replacement)
        throw input_error("--remainder", "applies to --sampler reshuffle or cyclic only");
    if (o_.remainder_given && !c.batch)
        throw input_error("--remainder", "applies to --sampler reshuffle or cyclic only, with --batch B");
    if (!o_.schedule.empty()) {
        if (o_.batch != "full" || !o_.sampler.empty())
            throw input_error("--schedule", "gives the batches itself; it cannot be combined with --batch or --sampler");
        c.schedule_file = o_.schedule;
    }
}

/// The stopping rule, the scalar type and the output files (given by
/// `snae train` only; their defaults otherwise).
void run_flags::read_outputs(run_config& c) const
{
    if (!o_.tol.empty()) c.tol = o_.tol;
    c.tol_on = parse_choice<tol_kind>("--tol-on", o_.tol_on, {{"distance", tol_kind::distance}, {"gradient", tol_kind::gradient},
                                                                     {"sample-gradient", tol_kind::sample_gradient}});
    c.check_every = parse_integer("--check-every", o_.check_every, 1, 1ULL << 63);
    try {
        c.scalar = parse_scalar_spec(o_.scalar);
    } catch (const std::exception& e) {
        throw input_error("--scalar", e.what());
    }
    if (!o_.out.empty()) c.out = o_.out;
    if (!o_.trajectory.empty()) c.trajectory = o_.trajectory;
    c.every = parse_integer("--every", o_.every, 1, 1ULL << 63);
    c.update = parse_choice<update_rule>("--update", o_.update, {{"reference", update_rule::reference}, {"scaled", update_rule::scaled}});
    if (c.update == update_rule::scaled && c.data != "canonical")
        throw input_error("--update", "scaled applies to --data canonical only (a dense step is O(n d) in either update); got --data " + shown(c.data));
}

run_config run_flags::config() const
{
    reject_empty();
    run_config c;
    c.act = parse_choice<activation>("--activation", o_.activation, {{"relu", activation::relu}, {"linear", activation::linear}});
    if (!o_.n.empty()) c.n = parse_integer("--n", o_.n, 1, 1000000000ULL);
    if (!o_.d.empty()) c.d = parse_integer("--d", o_.d, 1, 1000000000ULL);
    c.data = o_.data;
    if (c.data.empty()) throw input_error("--data", "expected canonical | rotated | FILE, got ''");
    c.eta = o_.eta;
    read_batches(c);
    if (!o_.init.empty()) c.init_file = o_.init;
    if (!o_.init_scale.empty()) c.init_scale = o_.init_scale;
    c.seed = parse_integer("--seed", o_.seed, 0, UINT64_MAX);
    c.steps = parse_integer("--steps", o_.steps, 0, 1ULL << 63);
    c.support_threshold = o_.support_threshold;
    c.diverge_norm = o_.diverge_norm;
    if (!o_.orth_tol.empty()) c.orth_tol = o_.orth_tol;
    read_outputs(c);
    return c;
}

} // namespace snae::cli
