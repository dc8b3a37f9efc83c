// The reports of snae precision: a text table, precision.md, precision.tex
// (booktabs), precision.json, and the figure of deviation against step.
#pragma once

#include "compare.hpp"

#include <gnuplot.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace snae::precision {

struct law_case {
    std::string name;
    nlohmann::json config;
    law_result law;
};

struct agreement_row {
    std::string scalar;
    std::size_t same = 0, seeds = 0;   ///< seeds selecting the reference's k, seeds run
};

struct precision_report {
    nlohmann::json config;             ///< the run (to_json(run_config)); null in --law-only reports
    std::string reference;             ///< e.g. "mpfr:1344"
    double threshold = 1e-6;
    std::vector<type_result> types;
    long law_reference_bits = 0;
    std::vector<law_case> law;
    std::string seeds;                 ///< "A..B" when agreement was measured
    std::vector<agreement_row> agreement;
    /// Stopped by a signal: only what finished is in the report (types
    /// with status ok, law points and seeds counted).
    bool interrupted = false;
};

nlohmann::json to_json(const precision_report& r);
std::string text_table(const precision_report& r);
/// precision.md, precision.tex, precision.json and figures/deviation.* (and
/// law.* with the error law) under dir, the figures drawn as `style` asks;
/// returns the files written.
std::vector<std::string> write_reports(const std::filesystem::path& dir, const precision_report& r, std::string& note,
                                       const plot::figure_options& style = {});

} // namespace snae::precision
