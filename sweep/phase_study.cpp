// The phase study: batch size b against step size eta = F * b/2. The
// orthonormal theory has two thresholds: eta = b/2 (F = 1), where a
// mini-batch step overshoots a direction it holds alone, and eta = n/2
// (F = n/b), where even a full-batch step does. The tables and heat maps
// show where runs converge, cycle (stay bounded without converging) or
// diverge, how sparse they end, and how sharp.
#include "study_common.hpp"

#include <snae/text.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace snae::sweep::study {

namespace fs = std::filesystem;

std::vector<std::string> phase_slice_columns() { return {"scalar", "activation", "data", "n", "d/n", "sampler"}; }

std::optional<double> eta_factor(const run_record& r)
{
    const std::string& label = r.text("eta_label");
    const std::string suffix = "*b/2";
    if (label.size() > suffix.size() && label.compare(label.size() - suffix.size(), suffix.size(), suffix) == 0) {
        const std::string f = label.substr(0, label.size() - suffix.size());
        char* end = nullptr;
        const double x = std::strtod(f.c_str(), &end);
        if (end == f.c_str() + f.size()) return x;
    }
    const auto eta = r.number("eta");
    const auto b = r.count("b");
    if (!eta || !b || *b == 0) return std::nullopt;
    return *eta / (static_cast<double>(*b) / 2);
}

namespace {

/// The factor as the grid gave it ("0.8" of "0.8*b/2"), else computed.
std::string factor_text(const run_record& r)
{
    const std::string& label = r.text("eta_label");
    const std::size_t star = label.rfind("*b/2");
    if (star != std::string::npos && star + 4 == label.size()) return label.substr(0, star);
    const auto f = eta_factor(r);
    return f ? format_number(*f, "%.6g") : "";
}

group_key slice_key(const run_record& r, const std::string& sampler)
{
    const std::uint64_t n = r.count("n").value_or(0), d = r.count("d").value_or(0);
    return {r.text("scalar"), r.text("activation"), r.text("data"), r.text("n"), ratio_text(d, n), sampler};
}

/// Runs by slice. A full-batch run has no sampler (runs.csv says "full"):
/// it joins the slice of every sampler its data was run with at b < n, so
/// that b = n ends each sampler's diagram.
std::map<group_key, run_set, natural_less> phase_groups(const std::vector<run_record>& records)
{
    std::map<group_key, run_set, natural_less> out, full;
    for (const auto& r : records) {
        if (!eta_factor(r)) continue;
        if (is_full_batch(r))
            full[slice_key(r, "full")].push_back(&r);
        else
            out[slice_key(r, r.text("sampler"))].push_back(&r);
    }
    for (auto& [key, runs] : full) {
        bool joined = false;
        for (auto& [k, members] : out) {
            if (!std::equal(key.begin(), key.end() - 1, k.begin()) || k.back() == "full") continue;
            members.insert(members.end(), runs.begin(), runs.end());
            joined = true;
        }
        if (!joined) out[key] = runs;
    }
    return out;
}

phase_cell cell_of(const run_set& runs)
{
    phase_cell c;
    c.b = runs.front()->count("b").value_or(0);
    c.factor = *eta_factor(*runs.front());
    c.factor_text = factor_text(*runs.front());
    run_set bounded;
    for (const run_record* r : runs) {
        ++c.runs;
        const std::string& status = r->text("status");
        c.converged += status == "converged";
        c.diverged += status == "diverged";
        c.cycling += status == "max_steps";
        c.dead += status == "dead";
        c.undecidable += status == "undecidable";
        if (status != "diverged") bounded.push_back(r);
    }
    c.support = describe_column(bounded, "support_size");
    c.trace = describe_column(bounded, "trace");
    c.lambda_max = describe_column(bounded, "lambda_max");
    c.lambda_min = describe_column(bounded, "lambda_min");
    return c;
}

} // namespace

std::vector<phase_slice> phase_slices(const std::vector<run_record>& records)
{
    std::vector<phase_slice> out;
    for (const auto& [key, runs] : phase_groups(records)) {
        phase_slice s;
        s.key = key;
        s.n = runs.front()->count("n").value_or(0);
        std::map<group_key, run_set, natural_less> cells;
        for (const run_record* r : runs) cells[{r->text("b"), factor_text(*r)}].push_back(r);
        for (const auto& [cell_key, members] : cells) s.cells.push_back(cell_of(members));
        out.push_back(std::move(s));
    }
    return out;
}

namespace {

// ---------------------------------------------------------------------------
// Tables.

double fraction(std::uint64_t part, std::uint64_t whole)
{
    return whole == 0 ? std::nan("") : static_cast<double>(part) / static_cast<double>(whole);
}

/// A quartile of a count: a multiple of 1/4, exact in a few digits.
std::string count_stat(double x) { return std::isnan(x) ? "" : format_number(x, "%.6g"); }

text_table phase_csv(const std::vector<phase_slice>& slices)
{
    text_table t;
    t.head = phase_slice_columns();
    for (const char* h : {"b", "F", "runs", "converged", "diverged", "cycling", "dead", "undecidable", "frac_converged",
                          "frac_diverged", "frac_cycling", "frac_dead", "support_median", "support_q1", "support_q3",
                          "trace_median", "lambda_max_median", "lambda_min_median"})
        t.head.push_back(h);
    auto share = [](std::uint64_t part, std::uint64_t whole) { return format_number(fraction(part, whole), "%.6g"); };
    for (const auto& s : slices)
        for (const auto& c : s.cells) {
            std::vector<std::string> row = s.key;
            for (const auto& v : {std::to_string(c.b), c.factor_text, std::to_string(c.runs), std::to_string(c.converged),
                                  std::to_string(c.diverged), std::to_string(c.cycling), std::to_string(c.dead),
                                  std::to_string(c.undecidable), share(c.converged, c.runs), share(c.diverged, c.runs),
                                  share(c.cycling, c.runs), share(c.dead, c.runs), count_stat(c.support.median), count_stat(c.support.q1),
                                  count_stat(c.support.q3), c.trace.exact.median, c.lambda_max.exact.median, c.lambda_min.exact.median})
                row.push_back(v);
            t.rows.push_back(row);
        }
    return t;
}

text_table slice_md(const phase_slice& s)
{
    text_table t;
    t.head = {"b", "F", "runs", "converged", "diverged", "cycling", "dead", "support median [q1, q3]", "tr H", "λmax"};
    t.right.assign(t.head.size(), true);
    for (const auto& c : s.cells) {
        const std::string support = c.support.count == 0 ? "" : short_number(c.support.median) + " [" +
                                                                     short_number(c.support.q1) + ", " +
                                                                     short_number(c.support.q3) + "]";
        t.rows.push_back({std::to_string(c.b), c.factor_text, std::to_string(c.runs), fixed(fraction(c.converged, c.runs), 2),
                          fixed(fraction(c.diverged, c.runs), 2), fixed(fraction(c.cycling, c.runs), 2),
                          fixed(fraction(c.dead, c.runs), 2), support, short_number(c.trace.median),
                          short_number(c.lambda_max.median)});
    }
    return t;
}

std::string slice_heading(const phase_slice& s)
{
    const auto names = phase_slice_columns();
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < names.size(); ++i) parts.push_back(names[i] + " = " + s.key[i]);
    return join(parts, ", ");
}

std::string phase_md(const nlohmann::json& echo, const std::vector<phase_slice>& slices)
{
    const std::string legend =
        "Cells (b, F) of eta = F * b/2 over the seeds of a grid point; b = n is full batch (GD). converged, diverged, "
        "cycling (bounded but not converged within the step budget: status max_steps) and dead: fractions of the runs. "
        "Support size (median and quartiles), tr H and λmax (medians) over the runs that did not diverge. The "
        "orthonormal theory's thresholds: eta = b/2 (F = 1) and eta = n/2 (F = n/b).";
    std::string out = markdown_head(echo, "Phase study", legend);
    if (slices.empty()) out += "The sweep has no run whose step size is a multiple of b/2: nothing to show.\n";
    for (const auto& s : slices) out += "## " + slice_heading(s) + "\n\n" + markdown_text(slice_md(s)) + "\n";
    return out + markdown_config(echo);
}

} // namespace

// ---------------------------------------------------------------------------
// Heat maps.

namespace {

/// Cell edges on a log axis: halfway (geometrically) to the neighbours, and
/// as far beyond the ends as the nearest neighbour is (a factor 2 alone).
std::map<double, std::pair<double, double>> log_edges(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    std::map<double, std::pair<double, double>> out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        const double below = i > 0 ? std::sqrt(values[i - 1] * v) : 0, above = i + 1 < values.size() ? std::sqrt(v * values[i + 1]) : 0;
        const double step = values.size() == 1 ? std::sqrt(2.0) : i > 0 ? v / below : above / v;
        out[v] = {i > 0 ? below : v / step, i + 1 < values.size() ? above : v * step};
    }
    return out;
}

/// The heat maps' panels, two rows of this many.
constexpr std::size_t panel_columns = 4;

struct panel_spec {
    std::string title;
    bool unit_range; ///< a fraction: the colour scale is [0, 1] in every slice
    std::function<double(const phase_cell&)> value;
};

std::vector<panel_spec> panel_specs()
{
    auto share = [](std::uint64_t phase_cell::*part) {
        return [part](const phase_cell& c) { return fraction(c.*part, c.runs); };
    };
    return {{"median support size", false, [](const phase_cell& c) { return c.support.median; }},
            {"converged", true, share(&phase_cell::converged)},
            {"diverged", true, share(&phase_cell::diverged)},
            {"cycling", true, share(&phase_cell::cycling)},
            {"dead", true, share(&phase_cell::dead)},
            {"median tr {/:Italic H}", false, [](const phase_cell& c) { return c.trace.median; }},
            {"median " + plot::lambda() + "_{max}", false, [](const phase_cell& c) { return c.lambda_max.median; }},
            {"median " + plot::lambda() + "_{min}", false, [](const phase_cell& c) { return c.lambda_min.median; }}};
}

/// The thresholds' line styles, in every panel and in the key.
const char* const eta_b_style = "dt 2 lw 1.5 lc rgb \"#000000\"";
const char* const eta_n_style = "dt 4 lw 1.5 lc rgb \"#c00000\"";

std::vector<std::string> threshold_key()
{
    return {"keyentry with lines " + std::string(eta_b_style) + " title " + plot::quoted(plot::eta() + " = " + plot::math("b") + "/2 (" +
                                                                                           plot::math("F") + " = 1)"),
            "keyentry with lines " + std::string(eta_n_style) + " title " + plot::quoted(plot::eta() + " = " + plot::math("n") + "/2 (" +
                                                                                           plot::math("F") + " = " + plot::math("n") + "/" + plot::math("b") + ")")};
}

/// Panel `index` of the 2 x 4: the cells as filled boxes, then both
/// thresholds; axis labels on the outer panels only.
std::string heat_panel(figure_script& f, const phase_slice& s, const panel_spec& p, std::size_t index,
                       const std::map<double, std::pair<double, double>>& bx, const std::map<double, std::pair<double, double>>& fy)
{
    std::vector<std::vector<double>> rows;
    for (const auto& c : s.cells) {
        const double b = static_cast<double>(c.b);
        rows.push_back({b, c.factor, bx.at(b).first, bx.at(b).second, fy.at(c.factor).first, fy.at(c.factor).second, p.value(c)});
    }
    const auto block = f.data.add(p.title, rows);
    std::vector<std::string> clauses;
    if (block) clauses.push_back(data_ref(f.name, *block) + " using 1:2:3:4:5:6:7 with boxxyerror fc palette fs solid 1.0 noborder notitle");
    clauses.push_back("1 with lines " + std::string(eta_b_style) + " notitle");
    clauses.push_back(std::to_string(s.n) + ".0/x with lines " + std::string(eta_n_style) + " notitle");
    std::string out = "set title " + plot::quoted(p.title) + "\n";
    out += p.unit_range ? "set cbrange [0:1]\n" : "set autoscale cb\n";
    out += index % panel_columns == 0 ? plot::ylabel(plot::math("F") + " (" + plot::eta() + " = " + plot::math("F b") + "/2)") : "unset ylabel\n";
    out += index >= panel_columns ? plot::xlabel("batch size " + plot::math("b")) : "unset xlabel\n";
    return out + plot::plot_command(clauses);
}

std::string range_of(const std::map<double, std::pair<double, double>>& edges)
{
    // Exactly the outer box edges: a range rounded inside them would drop the outer cells from the colour scale.
    return "[" + format_number(edges.begin()->second.first, "%.17g") + ":" + format_number(edges.rbegin()->second.second, "%.17g") + "]";
}

figure_script heat_map(const std::string& name, const phase_slice& s, const plot::figure_options& style)
{
    figure_script f;
    f.name = name;
    // Eight panels with colour boxes need a page's width whatever the other figures use.
    f.style = style;
    f.style.size = plot::figure_size::page;
    panel_grid g;
    g.rows = 2;
    g.cols = panel_columns;
    g.left = 0.6;
    g.right = 0.55;
    g.hgap = 0.95;
    g.vgap = 0.62;
    g.key = key_room(f.style, 2);
    g.headed = true;
    f.height = grid_height(f.style, g, 1.7);
    std::vector<double> bs, fs_;
    for (const auto& c : s.cells) {
        bs.push_back(static_cast<double>(c.b));
        fs_.push_back(c.factor);
    }
    const auto bx = log_edges(bs), fy = log_edges(fs_);
    f.notes = {"blocks: one per panel; columns: b, F, box edges b_lo b_hi F_lo F_hi, value (empty cells have no row)"};
    f.settings = "unset key\nset logscale x 2\nset logscale y 2\nset xrange " + range_of(bx) + "\nset yrange " + range_of(fy) +
                 "\nset palette defined (0 \"#440154\", 0.25 \"#3b528b\", 0.5 \"#21918c\", 0.75 \"#5ec962\", 1 \"#fde725\")\n" +
                 "set colorbox user origin graph 1.04, graph 0 size graph 0.05, graph 1\nset cbtics font \",7\"\n" +
                 // b labelled at powers of 4: labels at every power of 2 collide in a quarter-page panel.
                 "set grid noxtics noytics\nset xtics 1, 4\n";
    std::string panels;
    const auto specs = panel_specs();
    for (std::size_t i = 0; i < specs.size(); ++i) panels += panel_at(f, g, i) + heat_panel(f, s, specs[i], i, bx, fy);
    f.draw = multiplot(f, title_with("Phase diagram", slice_heading(s))) + panels + key_band(f, g, threshold_key()) +
             "unset multiplot\n";
    return f;
}

/// One name per slice: phase-<activation>-<data>-dn<ratio>, with the n,
/// scalar or sampler appended only when the sweep has several of them.
std::vector<figure_script> heat_maps(const std::vector<phase_slice>& slices, const plot::figure_options& style)
{
    std::vector<group_key> keys;
    for (const auto& s : slices) keys.push_back(s.key);
    const auto several = varying(keys);
    auto has = [&](std::size_t i) { return std::find(several.begin(), several.end(), i) != several.end(); };
    std::vector<figure_script> out;
    for (const auto& s : slices) {
        if (s.cells.empty()) continue;
        std::string name = "phase-" + file_token(s.key[1]) + "-" + file_token(s.key[2]) + "-dn" + file_token(s.key[4]);
        if (has(3)) name += "-n" + s.key[3];
        if (has(0)) name += "-" + file_token(s.key[0]);
        if (has(5)) name += "-" + file_token(s.key[5]);
        out.push_back(heat_map(name, s, style));
    }
    return out;
}

} // namespace

study_result write_phase(const fs::path& dir, const nlohmann::json& echo, const std::vector<run_record>& records,
                         const plot::figure_options& style, bool figures)
{
    study_result out;
    const auto slices = phase_slices(records);
    write_file(dir, "phase.csv", csv_text(phase_csv(slices)), out.files);
    write_file(dir, "phase.md", phase_md(echo, slices), out.files);
    if (figures) out.message = write_figures(dir / "figures", heat_maps(slices, style), echo, out.files);
    return out;
}

} // namespace snae::sweep::study
