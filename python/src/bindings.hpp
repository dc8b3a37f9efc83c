// The parts of the _snae extension module, each bound by its own file, and
// what they share: reading run options from a dict and the errors Python
// sees (docs/python.md, "Errors").
#pragma once

#include <snae/interval.hpp>
#include <snae/run_options.hpp>

#include <pybind11/pybind11.h>

#include <mutex>
#include <string>

namespace snae::python {

namespace py = pybind11;

void bind_train(py::module_& m);    ///< train (train.cpp)
void bind_analysis(py::module_& m); ///< evaluate, hessian, closed forms, decimals (analysis.cpp)
void bind_tools(py::module_& m);    ///< verify, sweep, precision (tools.cpp)

/// Held by calls in interval arithmetic: MPFI's working precision is
/// Boost's one process-wide default (MPFR's is per thread), so interval
/// calls from several Python threads take turns (a callback may nest one).
std::recursive_mutex& interval_mutex();

/// dispatch_scalar_or_interval, taking interval_mutex first for an interval
/// type (waiting without the GIL, so that the call holding it can finish).
template <class F>
decltype(auto) dispatch_any(const scalar_spec& spec, F&& f)
{
    std::unique_lock<std::recursive_mutex> turn(interval_mutex(), std::defer_lock);
    if (spec.is_interval()) {
        py::gil_scoped_release unlocked;
        turn.lock();
    }
    return dispatch_scalar_or_interval(spec, std::forward<F>(f));
}

/// The run_config of a run as the Python wrapper passes it: {"options":
/// {run_options field: text} (the Python parameters of snae.train),
/// "remainder_given": bool, and what is given in memory, "data_rows",
/// "init", "schedule_rows" (lists of text, or None)}. Reads the options
/// with make_run_config; throws std::invalid_argument for a key that is
/// not a field.
run_config run_config_from(const py::dict& run);

/// The Python name of what an input_error names: "--check-every" and
/// "check_every" are both check_every.
std::string parameter_name(const std::string& flag);

/// A message that names options as flags ("give --batch B") with their
/// Python names instead ("give batch B").
std::string python_message(const std::string& message);

} // namespace snae::python
