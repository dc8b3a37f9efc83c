// The studies of a finished sweep: tables and figures that read the runs of
// the whole grid together, beside the per-point summaries. Each answers one
// question of the paper:
//   selection        which data direction SGD selects, against the ranks of
//                    the initial coordinates, and whether precisions agree;
//   phase            batch size x step size phase diagram: sparsity,
//                    convergence, divergence, cycling and sharpness;
//   near-orthogonal  how the orthonormal theory's GD limit, SGD sparsity and
//                    sharpness gap degrade as the data leave orthonormality.
// The aggregation behind each is declared in study_common.hpp.
#pragma once

#include "grid.hpp"

#include <gnuplot.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace snae::sweep {

enum class study_kind { none, selection, phase, near_orthogonal };

/// "none" | "selection" | "phase" | "near-orthogonal"; throws
/// input_error("--study", "expected none, selection, phase or
/// near-orthogonal, got 'X'").
study_kind parse_study(const std::string& text);
std::string to_string(study_kind k);

struct study_result {
    std::vector<std::string> files; ///< every file written, relative to dir
    std::string message;            ///< figures not drawn: why ("" when drawn or not asked for)
};

/// Writes the study's tables and figures under dir (tables at
/// dir/<study>*.csv|.md, figures under dir/figures/). `rows` maps a run id
/// (grid_run::id) to its measured values in measure_column_names() order;
/// runs without a row are left out. `figures` false writes the tables only.
/// A missing gnuplot is not an error: the figures' .dat and .gp files are
/// written and `message` says so. Throws std::runtime_error or
/// std::filesystem::filesystem_error when a file cannot be written.
study_result write_study(study_kind kind, const std::filesystem::path& dir, const nlohmann::json& echo,
                         const std::vector<grid_run>& runs, const std::map<std::size_t, std::vector<std::string>>& rows,
                         const plot::figure_options& style, bool figures);

} // namespace snae::sweep
