#include "snae/run_options.hpp"

#include "snae/errors.hpp"
#include "snae/text.hpp"

#include <cstdint>

namespace snae {

namespace {

/// --batch, --sampler, --remainder and --schedule: each only where it has an effect.
void read_batches(const run_options& o, run_config& c)
{
    if (o.batch != "full") c.batch = parse_integer("--batch", o.batch, 1, 1000000000ULL);
    if (!o.sampler.empty())
        c.sampler = parse_choice<sampler_kind>("--sampler", o.sampler,
                                               {{"replacement", sampler_kind::replacement},
                                                {"reshuffle", sampler_kind::reshuffle},
                                                {"cyclic", sampler_kind::cyclic}});
    c.remainder = parse_choice<remainder_policy>("--remainder", o.remainder,
                                                 {{"keep", remainder_policy::keep}, {"drop", remainder_policy::drop}});
    if (o.batch == "full" && o.schedule.empty() && !o.sampler.empty())
        throw input_error("--sampler", "applies to SGD only; give --batch B with B in [1, n], or drop --sampler");
    if (o.remainder_given && c.batch && c.sampler == sampler_kind::replacement)
        throw input_error("--remainder", "applies to --sampler reshuffle or cyclic only");
    if (o.remainder_given && !c.batch)
        throw input_error("--remainder", "applies to --sampler reshuffle or cyclic only, with --batch B");
    if (!o.schedule.empty()) {
        if (o.batch != "full" || !o.sampler.empty())
            throw input_error("--schedule", "gives the batches itself; it cannot be combined with --batch or --sampler");
        c.schedule_file = o.schedule;
    }
}

/// The stopping rule, the scalar type, the output files and the update.
void read_outputs(const run_options& o, run_config& c)
{
    if (!o.tol.empty()) c.tol = o.tol;
    c.tol_on = parse_choice<tol_kind>("--tol-on", o.tol_on, {{"distance", tol_kind::distance}, {"gradient", tol_kind::gradient},
                                                                  {"sample-gradient", tol_kind::sample_gradient}});
    c.check_every = parse_integer("--check-every", o.check_every, 1, 1ULL << 63);
    try {
        c.scalar = parse_scalar_spec(o.scalar);
    } catch (const std::exception& e) {
        throw input_error("--scalar", e.what());
    }
    if (!o.out.empty()) c.out = o.out;
    if (!o.trajectory.empty()) c.trajectory = o.trajectory;
    c.every = parse_integer("--every", o.every, 1, 1ULL << 63);
    c.update = parse_choice<update_rule>("--update", o.update, {{"reference", update_rule::reference}, {"scaled", update_rule::scaled}});
    if (c.update == update_rule::scaled && c.data != "canonical")
        throw input_error("--update", "scaled applies to --data canonical only (a dense step is O(n d) in either update); got --data " + shown(c.data));
}

} // namespace

run_config make_run_config(const run_options& o)
{
    run_config c;
    c.act = parse_choice<activation>("--activation", o.activation, {{"relu", activation::relu}, {"linear", activation::linear}});
    if (!o.n.empty()) c.n = parse_integer("--n", o.n, 1, 1000000000ULL);
    if (!o.d.empty()) c.d = parse_integer("--d", o.d, 1, 1000000000ULL);
    c.data = o.data;
    if (c.data.empty()) throw input_error("--data", "expected canonical | rotated | gaussian | correlated:RHO | FILE, got ''");
    c.any_rows = o.any_rows;
    c.eta = o.eta;
    read_batches(o, c);
    if (!o.init.empty()) c.init_file = o.init;
    if (!o.init_scale.empty()) c.init_scale = o.init_scale;
    c.seed = parse_integer("--seed", o.seed, 0, UINT64_MAX);
    if (!o.batch_seed.empty()) c.batch_seed = parse_integer("--batch-seed", o.batch_seed, 0, UINT64_MAX);
    c.steps = parse_integer("--steps", o.steps, 0, 1ULL << 63);
    c.support_threshold = o.support_threshold;
    c.diverge_norm = o.diverge_norm;
    if (!o.orth_tol.empty()) c.orth_tol = o.orth_tol;
    read_outputs(o, c);
    return c;
}

} // namespace snae
