#include "study_common.hpp"

#include "measure.hpp"

#include <snae/provenance.hpp>
#include <snae/scalars.hpp>
#include <snae/text.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace snae::sweep {

namespace fs = std::filesystem;

study_kind parse_study(const std::string& text)
{
    const std::vector<std::pair<std::string, study_kind>> names{{"none", study_kind::none},
                                                                {"selection", study_kind::selection},
                                                                {"phase", study_kind::phase},
                                                                {"near-orthogonal", study_kind::near_orthogonal}};
    for (const auto& [name, kind] : names)
        if (name == text) return kind;
    throw input_error("--study", "expected none, selection, phase or near-orthogonal, got '" + shown(text) + "'");
}

std::string to_string(study_kind k)
{
    switch (k) {
    case study_kind::none: return "none";
    case study_kind::selection: return "selection";
    case study_kind::phase: return "phase";
    case study_kind::near_orthogonal: return "near-orthogonal";
    }
    return "";
}

study_result write_study(study_kind kind, const fs::path& dir, const nlohmann::json& echo, const std::vector<grid_run>& runs,
                         const std::map<std::size_t, std::vector<std::string>>& rows, const plot::figure_options& style,
                         bool figures)
{
    if (kind == study_kind::none) return {};
    fs::create_directories(dir);
    const auto records = study::records_of(runs, rows);
    switch (kind) {
    case study_kind::selection: return study::write_selection(dir, echo, records, style, figures);
    case study_kind::phase: return study::write_phase(dir, echo, records, style, figures);
    case study_kind::near_orthogonal: return study::write_near_orthogonal(dir, echo, records, style, figures);
    case study_kind::none: break;
    }
    return {};
}

namespace study {

// ---------------------------------------------------------------------------
// Runs by column name.

bool is_missing(const std::string& value) { return value.empty() || value == "n/a" || value == "nan"; }

run_record::run_record(std::shared_ptr<const column_index> columns, std::vector<std::string> values)
    : columns_(std::move(columns)), values_(std::move(values))
{
}

const std::string& run_record::text(const std::string& column) const
{
    static const std::string none;
    const auto it = columns_->find(column);
    return it == columns_->end() || it->second >= values_.size() ? none : values_[it->second];
}

std::optional<double> run_record::number(const std::string& column) const
{
    const std::string& v = text(column);
    if (is_missing(v)) return std::nullopt;
    char* end = nullptr;
    const double x = std::strtod(v.c_str(), &end);
    if (end != v.c_str() + v.size() || std::isnan(x)) return std::nullopt;
    return x;
}

std::optional<std::uint64_t> run_record::count(const std::string& column) const
{
    return digits_value(text(column));
}

namespace {

/// The extra columns a record carries beside runs.csv's: the grid tokens.
const std::vector<std::string>& label_columns()
{
    static const std::vector<std::string> names{"eta_label", "batch_label"};
    return names;
}

std::shared_ptr<const run_record::column_index> index_of(const std::vector<std::string>& names)
{
    auto index = std::make_shared<run_record::column_index>();
    for (std::size_t i = 0; i < names.size(); ++i) index->emplace(names[i], i);
    return index;
}

} // namespace

std::vector<run_record> records_of(const std::vector<grid_run>& runs, const std::map<std::size_t, std::vector<std::string>>& rows)
{
    std::vector<std::string> names = key_column_names();
    const std::vector<std::string> measured = measure_column_names();
    names.insert(names.end(), measured.begin(), measured.end());
    names.insert(names.end(), label_columns().begin(), label_columns().end());
    const auto index = index_of(names);
    std::vector<run_record> out;
    for (const grid_run& r : runs) {
        const auto row = rows.find(r.id);
        if (row == rows.end()) continue;
        if (row->second.size() != measured.size())
            throw std::invalid_argument("run " + std::to_string(r.id) + ": " + std::to_string(row->second.size()) +
                                        " measured values, expected " + std::to_string(measured.size()));
        std::vector<std::string> values = key_columns(r);
        values.resize(key_column_names().size()); // a key column without a value reads as missing
        values.insert(values.end(), row->second.begin(), row->second.end());
        values.push_back(r.eta_label);
        values.push_back(r.batch_label);
        out.emplace_back(index, std::move(values));
    }
    return out;
}

run_record record_of(const std::map<std::string, std::string>& columns)
{
    std::vector<std::string> names, values;
    for (const auto& [name, value] : columns) {
        names.push_back(name);
        values.push_back(value);
    }
    return run_record(index_of(names), std::move(values));
}

run_set select(const std::vector<run_record>& records, const std::function<bool(const run_record&)>& keep)
{
    run_set out;
    for (const auto& r : records)
        if (keep(r)) out.push_back(&r);
    return out;
}

bool is_full_batch(const run_record& r) { return r.text("full_batch") == "true"; }

// ---------------------------------------------------------------------------
// Grouping.

namespace {

std::optional<double> as_number(const std::string& s)
{
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const double x = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size()) return std::nullopt;
    return x;
}

} // namespace

bool natural_less::operator()(const group_key& a, const group_key& b) const
{
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        if (a[i] == b[i]) continue;
        const auto x = as_number(a[i]), y = as_number(b[i]);
        if (x && y && *x != *y) return *x < *y;
        return a[i] < b[i];
    }
    return a.size() < b.size();
}

group_key key_of(const run_record& r, const std::vector<std::string>& columns)
{
    group_key key;
    for (const auto& c : columns) key.push_back(r.text(c));
    return key;
}

groups group_by(const run_set& runs, const std::vector<std::string>& columns)
{
    groups out;
    for (const run_record* r : runs) out[key_of(*r, columns)].push_back(r);
    return out;
}

std::vector<std::size_t> varying(const std::vector<group_key>& keys)
{
    std::vector<std::size_t> out;
    if (keys.empty()) return out;
    for (std::size_t i = 0; i < keys.front().size(); ++i)
        for (const auto& k : keys)
            if (i >= k.size() || k[i] != keys.front()[i]) {
                out.push_back(i);
                break;
            }
    return out;
}

// ---------------------------------------------------------------------------
// Statistics.

proportion wilson(std::uint64_t hits, std::uint64_t trials)
{
    proportion out;
    out.hits = hits;
    out.trials = trials;
    if (trials == 0) return out;
    const double t = static_cast<double>(trials), p = static_cast<double>(hits) / t, z2 = z95 * z95;
    const double denominator = 1 + z2 / t;
    const double centre = (p + z2 / (2 * t)) / denominator;
    const double half = z95 / denominator * std::sqrt(p * (1 - p) / t + z2 / (4 * t * t));
    out.p = p;
    out.lo = std::max(0.0, centre - half);
    out.hi = std::min(1.0, centre + half);
    return out;
}

long scalar_bits(const std::string& name)
{
    try {
        return parse_scalar_spec(name).bits();
    } catch (const std::exception&) {
        return 0;
    }
}

std::string most_precise(const std::vector<std::string>& names)
{
    std::string best;
    for (const auto& name : names) {
        if (best.empty()) {
            best = name;
            continue;
        }
        const long a = scalar_bits(name), b = scalar_bits(best);
        const bool mpfr_a = name.rfind("mpfr:", 0) == 0, mpfr_b = best.rfind("mpfr:", 0) == 0;
        if (a > b || (a == b && mpfr_a && !mpfr_b) || (a == b && mpfr_a == mpfr_b && name < best)) best = name;
    }
    return best;
}

stats describe_column(const run_set& runs, const std::string& column)
{
    std::vector<std::string> scalars, values;
    for (const run_record* r : runs) {
        scalars.push_back(r->text("scalar"));
        if (!r->missing(column)) values.push_back(r->text(column));
    }
    const long bits = scalar_bits(most_precise(scalars));
    return describe(values, bits > 0 ? bits : 53);
}

stats describe_doubles(const std::vector<double>& values)
{
    std::vector<std::string> text;
    for (double x : values)
        if (!std::isnan(x)) text.push_back(std::isinf(x) ? (x > 0 ? "inf" : "-inf") : format_number(x, "%.17g"));
    return describe(text, 53);
}

// ---------------------------------------------------------------------------
// Text.

std::string csv_text(const text_table& t)
{
    auto line = [](const std::vector<std::string>& cells) {
        std::vector<std::string> fields;
        for (const auto& c : cells) fields.push_back(csv_field(c));
        return join(fields, ",") + "\n";
    };
    std::string out = line(t.head);
    for (const auto& row : t.rows) out += line(row);
    return out;
}

namespace {

/// Characters as a monospace viewer shows them: UTF-8 continuation bytes take no column.
std::size_t width(const std::string& s)
{
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string padded(const std::string& s, std::size_t w, bool right)
{
    const std::string fill(w > width(s) ? w - width(s) : 0, ' ');
    return right ? fill + s : s + fill;
}

} // namespace

std::string markdown_text(const text_table& t)
{
    const std::size_t columns = t.head.size();
    auto cell = [](const std::string& s) { return md_cell(s.empty() ? "—" : s); };
    std::vector<std::size_t> w(columns, 3);
    for (std::size_t k = 0; k < columns; ++k) {
        w[k] = std::max(w[k], width(cell(t.head[k])));
        for (const auto& row : t.rows)
            if (k < row.size()) w[k] = std::max(w[k], width(cell(row[k])));
    }
    auto right = [&](std::size_t k) { return k < t.right.size() && t.right[k]; };
    std::string out = "|", rule = "|";
    for (std::size_t k = 0; k < columns; ++k) {
        out += " " + padded(cell(t.head[k]), w[k], right(k)) + " |";
        rule += " " + (right(k) ? std::string(w[k] - 1, '-') + ":" : std::string(w[k], '-')) + " |";
    }
    out += "\n" + rule + "\n";
    for (const auto& row : t.rows) {
        out += "|";
        for (std::size_t k = 0; k < columns; ++k) out += " " + padded(cell(k < row.size() ? row[k] : ""), w[k], right(k)) + " |";
        out += "\n";
    }
    return out;
}

std::string markdown_head(const nlohmann::json& echo, const std::string& title, const std::string& legend)
{
    return "<!-- snae-sweep-config: " + echo.dump() + " -->\n# " + title + " — sweep " + echo.value("name", std::string()) +
           "\n\nComputed by " + provenance_line() + ".\n\n" + legend + "\n\n";
}

std::string markdown_config(const nlohmann::json& echo)
{
    return "\nThe configuration (to rerun: save it as a file and pass `snae sweep --config FILE`):\n\n```json\n" + echo.dump(2) +
           "\n```\n";
}

std::string fixed(double x, int decimals)
{
    if (std::isnan(x)) return "—";
    const std::string format = "%." + std::to_string(decimals) + "f";
    return format_number(x, format.c_str());
}

std::string short_number(double x) { return std::isnan(x) ? "—" : format_number(x, "%.3g"); }

std::string with_interval(const proportion& p)
{
    if (p.trials == 0) return "—";
    return fixed(p.p, 2) + " [" + fixed(p.lo, 2) + ", " + fixed(p.hi, 2) + "]";
}

std::string file_token(const std::string& text)
{
    std::string out;
    for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_';
    // A path gives a long token: its end names the file.
    return out.size() > 48 ? out.substr(out.size() - 48) : out;
}

std::string ratio_text(std::uint64_t d, std::uint64_t n)
{
    if (n == 0) return "";
    if (d % n == 0) return std::to_string(d / n);
    return format_number(static_cast<double>(d) / static_cast<double>(n), "%.4g");
}

void write_file(const fs::path& dir, const std::string& name, const std::string& text, std::vector<std::string>& files)
{
    plot::write_text(dir / name, text);
    files.push_back(name);
}

// ---------------------------------------------------------------------------
// Figures.

std::optional<int> data_blocks::add(const std::string& label, const std::vector<std::vector<double>>& rows)
{
    std::vector<std::vector<double>> kept;
    for (const auto& row : rows)
        if (std::all_of(row.begin(), row.end(), [](double x) { return std::isfinite(x); })) kept.push_back(row);
    // gnuplot refuses to plot an empty block.
    if (kept.empty()) return std::nullopt;
    blocks_.emplace_back(label, std::move(kept));
    return static_cast<int>(blocks_.size()) - 1;
}

std::string data_blocks::text(const std::string& name, const std::vector<std::string>& notes) const
{
    std::string out = "# snae sweep study figure " + name + "\n";
    for (const auto& n : notes) out += "# " + plot::one_line(n) + "\n";
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
        if (i > 0) out += "\n\n";
        out += "# block " + std::to_string(i) + ": " + plot::one_line(blocks_[i].first) + "\n";
        for (const auto& row : blocks_[i].second) {
            std::vector<std::string> fields;
            for (double x : row) fields.push_back(format_number(x, "%.17g"));
            out += join(fields, " ") + "\n";
        }
    }
    return out;
}

std::string data_ref(const std::string& name, int index) { return plot::quoted(name + ".dat") + " index " + std::to_string(index); }

double title_room(const plot::figure_options& style) { return style.titles ? 0.45 : 0.0; }

namespace {

/// The room between the title and the panels.
double top_room(const panel_grid& g) { return g.key + (g.headed ? panel_title_room : 0.0); }

std::string screen(double x) { return "at screen " + format_number(x, "%.4f"); }

} // namespace

double grid_height(const plot::figure_options& style, const panel_grid& g, double panel)
{
    return title_room(style) + top_room(g) + g.bottom + g.rows * panel + (g.rows - 1) * g.vgap;
}

std::size_t key_per_row(const plot::figure_options& style) { return style.size == plot::figure_size::page ? 4 : 2; }

double key_room(const plot::figure_options& style, std::size_t entries)
{
    const std::size_t rows = (std::max<std::size_t>(entries, 1) + key_per_row(style) - 1) / key_per_row(style);
    return 0.08 + 0.16 * static_cast<double>(rows);
}

std::string multiplot(const figure_script& f, const std::string& title)
{
    return std::string("set multiplot") + (f.style.titles ? " title " + title : "") + "\n";
}

std::string panel_at(const figure_script& f, const panel_grid& g, std::size_t index)
{
    const double w = plot::figure_width(f.style.size), h = f.height;
    const double pw = (w - g.left - g.right - (g.cols - 1) * g.hgap) / g.cols;
    const double ph = (h - title_room(f.style) - top_room(g) - g.bottom - (g.rows - 1) * g.vgap) / g.rows;
    const double row = static_cast<double>(index / static_cast<std::size_t>(g.cols));
    const double col = static_cast<double>(index % static_cast<std::size_t>(g.cols));
    const double x0 = g.left + col * (pw + g.hgap), top = title_room(f.style) + top_room(g) + row * (ph + g.vgap);
    return "set lmargin " + screen(x0 / w) + "\nset rmargin " + screen((x0 + pw) / w) + "\nset tmargin " + screen(1 - top / h) +
           "\nset bmargin " + screen(1 - (top + ph) / h) + "\n";
}

std::string key_band(const figure_script& f, const panel_grid& g, const std::vector<std::string>& entries)
{
    if (entries.empty()) return "";
    const double h = f.height, top = title_room(f.style);
    std::string out = "set lmargin at screen 0.02\nset rmargin at screen 0.98\nset tmargin " + screen(1 - top / h) +
                      "\nset bmargin " + screen(1 - (top + g.key) / h) + "\n";
    out += "unset title\nunset xlabel\nunset ylabel\nunset logscale\nunset colorbox\nunset grid\nset border 0\nunset xtics\n"
           "unset ytics\nset xrange [0:1]\nset yrange [0:1]\n";
    out += "set key at graph 0.5, graph 1 center top horizontal Left reverse maxcols " + std::to_string(key_per_row(f.style)) + "\n";
    std::vector<std::string> clauses{"NaN notitle"};
    clauses.insert(clauses.end(), entries.begin(), entries.end());
    return out + plot::plot_command(clauses);
}

std::string title_with(const std::string& title_markup, const std::string& subtitle)
{
    return plot::quoted(title_markup + "\n{/*0.9 " + plot::enhanced_literal(subtitle) + "}");
}

namespace {

std::string script_text(const figure_script& f, const nlohmann::json& echo)
{
    std::vector<std::string> drawings;
    for (auto format : f.style.formats) drawings.push_back(f.name + plot::extension(format));
    std::string config = echo.dump();
    for (char& c : config)
        if (c == '\n' || c == '\r') c = ' ';
    return "# snae sweep study figure " + f.name + "\n# sweep configuration:\n# " + config + "\n# Draws " +
           join(drawings, ", ") + " from " + f.name + ".dat; rerun with `gnuplot " + f.name + ".gp` in this folder.\n" +
           plot::draw_in_each_format(f.name, f.style, f.height, "reset\n" + plot::style_preamble() + f.settings + f.draw);
}

} // namespace

std::string write_figures(const fs::path& given_dir, const std::vector<figure_script>& figures, const nlohmann::json& echo,
                          std::vector<std::string>& files)
{
    if (figures.empty()) return "";
    // gnuplot runs in a staging folder below dir: its paths must not depend on the working directory.
    fs::create_directories(given_dir);
    const fs::path dir = fs::absolute(given_dir);
    for (const auto& f : figures) {
        plot::write_text(dir / (f.name + ".dat"), f.data.text(f.name, f.notes));
        plot::write_text(dir / (f.name + ".gp"), script_text(f, echo));
        files.push_back("figures/" + f.name + ".dat");
        files.push_back("figures/" + f.name + ".gp");
    }
    const auto gnuplot = plot::find_on_path("gnuplot");
    if (!gnuplot) {
        // Drawings of an earlier sweep in this folder would pass for this one's.
        for (const auto& f : figures) plot::remove_drawings(dir, f.name);
        return "gnuplot not found: wrote the study's figure data and scripts in " + dir.string() +
               "; install gnuplot-nox and run gnuplot on each .gp file";
    }
    std::string problems;
    for (const auto& f : figures) {
        std::vector<std::string> drawn;
        const std::string problem = plot::run_gnuplot(*gnuplot, dir, f.name, f.style.formats, drawn);
        for (const auto& d : drawn) files.push_back("figures/" + d);
        if (!problem.empty()) problems += (problems.empty() ? "" : "; ") + f.name + ".gp: " + problem;
    }
    return problems;
}

} // namespace study

} // namespace snae::sweep
