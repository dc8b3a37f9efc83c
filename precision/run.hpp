// snae precision end to end, for every front end (the command line and the
// Python module): the options read into a plan, checked before any work,
// and the comparisons the plan asks for, collected into a report.
#pragma once

#include "compare.hpp"
#include "report.hpp"

#include <gnuplot.hpp>

#include <snae/run.hpp>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace snae::precision {

/// The options of `snae precision` beyond the run itself, as text (its
/// flags; the Python parameters of snae.precision have the same names).
struct precision_options {
    std::string scalars, reference_bits, threshold = "1e-6", seeds, law_bits, law_reference_bits = "4096";
    std::string figure_format = plot::default_figure_format, figure_size = plot::default_figure_size,
                figure_titles = plot::default_figure_titles;
    bool law = false;
};

using seed_range = std::pair<std::uint64_t, std::uint64_t>;

/// The options read and checked.
struct precision_plan {
    double threshold = 0;
    std::vector<scalar_spec> types;
    long reference_bits = 0;
    std::optional<seed_range> seeds;
    std::string seeds_text;  ///< "A..B" as given, for the report
    bool law = false;
    std::vector<long> law_bits;
    long law_reference_bits = 0;
    plot::figure_options figures;
};

/// Reads the options; throws input_error naming the flag ("--law-bits")
/// with its accepted range.
precision_plan make_plan(const precision_options& o);

/// GD and SGD (b = 1), relu, canonical n = d = 16, 200 steps: the error
/// law's cases when no run is given. Short enough that no ReLU sign
/// differs between the precisions compared.
std::vector<std::pair<std::string, run_config>> built_in_law_cases();

/// Progress text: (text, continues the line begun by the previous call).
using say_fn = std::function<void(const std::string&, bool)>;

/// Runs what the plan asks: with plan.law the error law of `prepared` (or
/// of the built-in cases without one), else every type against the
/// reference and, with seeds, the agreement over seeds. Stops at the next
/// step once *interrupt is set; the report then holds what finished and
/// says interrupted.
precision_report run_precision(const precision_plan& plan, const std::optional<prepared_run>& prepared,
                               const std::atomic<bool>* interrupt, const say_fn& say = {});

} // namespace snae::precision
