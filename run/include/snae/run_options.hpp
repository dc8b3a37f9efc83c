// A run's options as a front end receives them: text, one field per flag of
// `snae train` (the Python module's parameters have the same names), read
// into a run_config by one function, so that every front end accepts the
// same values, fills the same defaults and refuses bad ones with the same
// one-line message naming the option and its accepted range.
#pragma once

#include "snae/run.hpp"

#include <string>

namespace snae {

/// Every option of a run as text, defaults as `snae train --help` shows
/// them; an empty value means "not given" where the option has no default.
struct run_options {
    std::string activation = "relu", n, d, data = "canonical", orth_tol, eta = "0.1", batch = "full", sampler,
                remainder = "keep", schedule, init, init_scale, seed = "0", steps = "1000", tol, tol_on = "distance",
                check_every = "1", scalar = "double", support_threshold = "1e-6", diverge_norm = "1e6", out, trajectory,
                every = "1", update = "reference", batch_seed;
    /// --any-rows: the rows of a data file or array are used as given.
    bool any_rows = false;
    /// --remainder was given (it applies to reshuffle and cyclic only, so
    /// giving it elsewhere is refused even with its default value).
    bool remainder_given = false;
};

/// The run_config of `o`: integers and choices read and range-checked, the
/// combinations of batch, sampler, remainder, schedule and update checked.
/// Decimal numbers stay text (prepare() checks them). Throws input_error
/// naming the option as a flag ("--check-every").
run_config make_run_config(const run_options& o);

} // namespace snae
