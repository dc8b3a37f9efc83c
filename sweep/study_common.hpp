// What the studies (studies.hpp) share: runs read by column name, binomial
// intervals, grouping, table text and figure files; and the aggregates of
// each study, which tests/study_test.cpp checks on hand-made rows.
//
// Numbers here are for reading, not for the precision tables: decimals are
// read with std::strtod, except counts (exact integers) and the order
// statistics and moments of describe() (statistics.hpp), which read the
// decimals at the runs' precision and are rounded to double for drawing.
#pragma once

#include "grid.hpp"
#include "statistics.hpp"
#include "studies.hpp"

#include <gnuplot.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace snae::sweep::study {

// ---------------------------------------------------------------------------
// Runs by column name.

/// "", "n/a" (a closed form that does not apply) and "nan": no value.
bool is_missing(const std::string& value);

/// One finished run: its key columns (key_column_names()), its measured
/// columns (measure_column_names()) and the grid tokens "eta_label" and
/// "batch_label", read by name so that added or reordered columns change
/// nothing. A column the run does not have reads as "" (missing).
class run_record {
public:
    using column_index = std::map<std::string, std::size_t>;
    run_record(std::shared_ptr<const column_index> columns, std::vector<std::string> values);

    const std::string& text(const std::string& column) const;
    bool missing(const std::string& column) const { return is_missing(text(column)); }
    /// The value by std::strtod; nullopt when missing or not a number.
    std::optional<double> number(const std::string& column) const;
    /// A plain unsigned integer (a count, rank or index), exactly; nullopt otherwise.
    std::optional<std::uint64_t> count(const std::string& column) const;

private:
    std::shared_ptr<const column_index> columns_;
    std::vector<std::string> values_;
};

/// The records of the runs that have a row, in run order. Throws
/// std::invalid_argument when a row's length is not measure_column_names()'s.
std::vector<run_record> records_of(const std::vector<grid_run>& runs, const std::map<std::size_t, std::vector<std::string>>& rows);

/// A record from explicit name = value pairs (synthetic rows, tests).
run_record record_of(const std::map<std::string, std::string>& columns);

using run_set = std::vector<const run_record*>;

/// The records for which `keep` holds.
run_set select(const std::vector<run_record>& records, const std::function<bool(const run_record&)>& keep);

/// The full-batch (GD) runs: b = n.
bool is_full_batch(const run_record& r);

// ---------------------------------------------------------------------------
// Grouping.

using group_key = std::vector<std::string>;

/// Element by element: numerically when both parse as numbers (so n = 4
/// comes before n = 16), else as text.
struct natural_less {
    bool operator()(const group_key& a, const group_key& b) const;
};

using groups = std::map<group_key, run_set, natural_less>;

/// The values of `columns` of r.
group_key key_of(const run_record& r, const std::vector<std::string>& columns);

/// `runs` grouped by the values of `columns`.
groups group_by(const run_set& runs, const std::vector<std::string>& columns);

/// The positions in `columns` whose value differs between keys: what a label must say.
std::vector<std::size_t> varying(const std::vector<group_key>& keys);

// ---------------------------------------------------------------------------
// Statistics.

/// A binomial proportion hits/trials with its 95% Wilson score interval.
struct proportion {
    std::uint64_t hits = 0, trials = 0;
    double p = std::numeric_limits<double>::quiet_NaN(); ///< undefined without trials
    double lo = 0, hi = 1;                               ///< [0, 1] without trials: no information
};

/// z of a two-sided 95% interval: the 0.975 quantile of the standard normal.
constexpr double z95 = 1.959963984540054;

/// Wilson score interval (Wilson 1927) of hits out of trials at z = z95:
///   p = hits/trials,
///   centre = (p + z^2/(2 trials)) / (1 + z^2/trials),
///   half   = z/(1 + z^2/trials) * sqrt(p (1 - p)/trials + z^2/(4 trials^2)),
///   [lo, hi] = [centre - half, centre + half], clamped to [0, 1].
/// Unlike p +- z sqrt(p(1-p)/trials) it stays inside [0, 1] and is not empty
/// at p = 0 or 1, which selection probabilities reach at small counts.
proportion wilson(std::uint64_t hits, std::uint64_t trials);

/// Precision in bits of a scalar named as in --scalar (the library's
/// scalar_spec); 0 for a name it does not know.
long scalar_bits(const std::string& name);

/// The name with the most bits; among equal bits MPFR first (its rounding is
/// the reference one), then by name. "" for none.
std::string most_precise(const std::vector<std::string>& names);

/// describe() of a column over runs, at the precision of their scalar (the
/// most precise among them), missing values left out.
stats describe_column(const run_set& runs, const std::string& column);

/// describe() of doubles (values the study computed), at 53 bits.
stats describe_doubles(const std::vector<double>& values);

// ---------------------------------------------------------------------------
// Text.

/// A table for CSV and Markdown: headings, cells, right-aligned columns.
struct text_table {
    std::vector<std::string> head;
    std::vector<bool> right; ///< per column; missing entries: left
    std::vector<std::vector<std::string>> rows;
};

/// RFC 4180 CSV with a header line.
std::string csv_text(const text_table& t);

/// A Markdown table padded so that its columns line up in plain text.
std::string markdown_text(const text_table& t);

/// The head of a study's Markdown file: the configuration echo as a comment
/// (read_config accepts the file), the title, provenance and `legend`.
std::string markdown_head(const nlohmann::json& echo, const std::string& title, const std::string& legend);

/// The configuration as the closing section of a Markdown file.
std::string markdown_config(const nlohmann::json& echo);

/// x with `decimals` decimals; "—" for NaN.
std::string fixed(double x, int decimals);
/// x in %.3g; "—" for NaN.
std::string short_number(double x);
/// "0.52 [0.42, 0.62]"; "—" without trials.
std::string with_interval(const proportion& p);
/// A file-name part from free text: letters, digits, '.', '-' kept, the rest '_'.
std::string file_token(const std::string& text);
/// d/n as text: an integer when it is one, else %.4g.
std::string ratio_text(std::uint64_t d, std::uint64_t n);

/// Writes dir/name (atomically) and appends name to files.
void write_file(const std::filesystem::path& dir, const std::string& name, const std::string& text,
                std::vector<std::string>& files);

// ---------------------------------------------------------------------------
// Figures: dir/figures/NAME.dat and NAME.gp, then gnuplot.

/// The index blocks of a figure's data file.
class data_blocks {
public:
    /// Adds a block of rows (comment `label`); rows with a non-finite value
    /// are left out. nullopt (and nothing added) when no row remains.
    std::optional<int> add(const std::string& label, const std::vector<std::vector<double>>& rows);
    bool empty() const { return blocks_.empty(); }
    std::string text(const std::string& name, const std::vector<std::string>& notes) const;

private:
    std::vector<std::pair<std::string, std::vector<std::vector<double>>>> blocks_;
};

/// `file.dat` index i, for a plot clause.
std::string data_ref(const std::string& name, int index);

/// Where the panels of a figure go, in inches: margins around the grid of
/// panels, the gaps between them, and above them (below any title) a band
/// `key` high for the figure's key and, when `headed`, room for the
/// panels' own titles.
struct panel_grid {
    int rows = 1, cols = 1;
    double left = 0.55, right = 0.15, bottom = 0.5, hgap = 0.55, vgap = 0.45;
    double key = 0.25;
    bool headed = false;
};

/// The height in inches of a title and its subtitle line (0 without titles).
double title_room(const plot::figure_options& style);

/// The room for a panel's title, in inches.
constexpr double panel_title_room = 0.3;

/// The height of a figure of `g` with panels `panel` inches high.
double grid_height(const plot::figure_options& style, const panel_grid& g, double panel);

/// Entries per row of the key: two at a column's width, four across a page.
std::size_t key_per_row(const plot::figure_options& style);

/// The height in inches of a key of `entries`.
double key_room(const plot::figure_options& style, std::size_t entries);

struct figure_script;

/// `set multiplot` with the figure's title (a quoted string) when the style has titles.
std::string multiplot(const figure_script& f, const std::string& title);

/// The margins that put the next plot in panel `index` (row-major) of `g`:
/// fixed in screen units, so that panels line up whatever their tic labels.
std::string panel_at(const figure_script& f, const panel_grid& g, std::size_t index);

/// The figure's key: a last, empty plot over the band above the panels
/// showing `entries` (keyentry clauses) in rows of key_per_row(). A key in
/// a panel would be squeezed to the panel's width.
std::string key_band(const figure_script& f, const panel_grid& g, const std::vector<std::string>& entries);

/// A title (enhanced markup) with a smaller second line of plain text.
std::string title_with(const std::string& title_markup, const std::string& subtitle);

struct figure_script {
    std::string name;
    data_blocks data;
    std::vector<std::string> notes; ///< what the columns are, for the .dat header
    std::string settings;           ///< after the style preamble
    std::string draw;               ///< after the settings; the three once per format, after a reset
    double height = 2.5;            ///< inches
    plot::figure_options style;
};

/// Writes every figure's .dat and .gp under dir (created) with the echo as
/// a comment, and draws them; appends "figures/..." names to files. Returns
/// "" when every drawing was made, else why not (no gnuplot, its error).
std::string write_figures(const std::filesystem::path& dir, const std::vector<figure_script>& figures,
                          const nlohmann::json& echo, std::vector<std::string>& files);

// ---------------------------------------------------------------------------
// selection (selection_study.cpp)

/// The slice of the selection tables: one SGD grid point without its seeds.
std::vector<std::string> selection_slice_columns(); ///< scalar, activation, data, n, d, batch, sampler, eta

/// Ranks shown: 1..min(n, max_rank).
constexpr std::size_t table_ranks = 8, figure_ranks = 10;

struct selection_slice {
    group_key key; ///< values of selection_slice_columns()
    std::uint64_t n = 0, runs = 0, decided = 0;
    std::vector<proportion> rank, abs_rank; ///< [r - 1]: P(selected_rank == r), r = 1..min(n, figure_ranks)
    proportion positive;                    ///< P(c_k(w0) > 0), from the sign of selected_init
    double uniform = std::numeric_limits<double>::quiet_NaN(); ///< 1/mean(positive_init) over decided runs
};

/// A run decided a direction: it converged or ran out of steps (bounded)
/// and says which direction it is closest to.
bool decided(const run_record& r);

/// Per slice of the SGD runs (b < n), in natural order.
std::vector<selection_slice> selection_slices(const std::vector<run_record>& records);

/// Agreement of the selected direction between a scalar and the reference
/// (the most precise scalar of the sweep) over the runs with one grid
/// point and seeds at both precisions, both decided.
struct precision_agreement {
    std::string activation, data, scalar, reference;
    std::uint64_t n = 0;
    proportion agree;
};

/// Per (activation, data, scalar, n); empty with fewer than two scalars.
std::vector<precision_agreement> selection_agreement(const std::vector<run_record>& records);

// ---------------------------------------------------------------------------
// phase (phase_study.cpp)

/// The slice of a phase diagram: scalar, activation, data, n, d/n, sampler
/// (full-batch runs join every sampler's slice of their data).
std::vector<std::string> phase_slice_columns();

/// F of eta = F * b/2: the factor of an eta_label "F*b/2", else eta/(b/2).
std::optional<double> eta_factor(const run_record& r);

struct phase_cell {
    std::uint64_t b = 0;
    double factor = 0;
    std::string factor_text;
    std::uint64_t runs = 0, converged = 0, diverged = 0, cycling = 0, dead = 0, undecidable = 0;
    stats support, trace, lambda_max, lambda_min; ///< over the runs that did not diverge
};

struct phase_slice {
    group_key key; ///< values of phase_slice_columns()
    std::uint64_t n = 0;
    std::vector<phase_cell> cells; ///< by b, then F
};

std::vector<phase_slice> phase_slices(const std::vector<run_record>& records);

// ---------------------------------------------------------------------------
// near-orthogonal (near_orthogonal_study.cpp)

/// canonical, gaussian or correlated (the family of a data value); "" for others.
std::string data_family(const std::string& data);
/// RHO of "correlated:RHO"; NaN otherwise, 0 for canonical.
double rho_of(const std::string& data);

/// Alignment above this counts as 1-sparse.
constexpr double one_sparse_alignment = 1 - 1e-6;

struct near_orthogonal_row {
    group_key key; ///< scalar, activation, data, n, d, then the SGD setting: batch, sampler, eta_label ("" without SGD)
    std::string family;
    double ratio = 0, rho = std::numeric_limits<double>::quiet_NaN();
    std::uint64_t n = 0, d = 0, gd_runs = 0, sgd_runs = 0;
    stats limit_distance; ///< GD runs
    stats alignment;      ///< SGD runs
    proportion one_sparse;
    stats gap;            ///< tr H(SGD) - tr H(GD) over runs paired by seed
    stats gap_closed;     ///< (positive_init - 1)/n over the GD runs
};

std::vector<near_orthogonal_row> near_orthogonal_rows(const std::vector<run_record>& records);

// ---------------------------------------------------------------------------
// The writers (one per study file), called by write_study.

study_result write_selection(const std::filesystem::path& dir, const nlohmann::json& echo, const std::vector<run_record>& records,
                             const plot::figure_options& style, bool figures);
study_result write_phase(const std::filesystem::path& dir, const nlohmann::json& echo, const std::vector<run_record>& records,
                         const plot::figure_options& style, bool figures);
study_result write_near_orthogonal(const std::filesystem::path& dir, const nlohmann::json& echo, const std::vector<run_record>& records,
                                   const plot::figure_options& style, bool figures);

} // namespace snae::sweep::study
