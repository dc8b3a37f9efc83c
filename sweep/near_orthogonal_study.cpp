// The near-orthogonal study: the orthonormal theory's three predictions on
// data that are not orthonormal, against how far they are from it. Gaussian
// rows x_i ~ N(0, I_d/d) approach orthonormal as d/n grows; correlated rows
// (unit, pairwise inner product RHO) leave it as RHO grows. Predictions:
// GD ends at P w0/||P w0|| (limit_distance 0); SGD ends on one data
// direction (alignment 1); and tr H(SGD) - tr H(GD) = (|P0| - 1)/n, from
// tr H = (d - k + 4)/n with k = 1 for SGD and k = |P0| for GD.
#include "study_common.hpp"

#include <snae/text.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace snae::sweep::study {

namespace fs = std::filesystem;

std::string data_family(const std::string& data)
{
    switch (kind_of_data(data)) {
    case data_kind::canonical: return "canonical";
    case data_kind::gaussian: return "gaussian";
    case data_kind::correlated: return "correlated";
    default: return "";
    }
}

double rho_of(const std::string& data)
{
    if (kind_of_data(data) == data_kind::canonical) return 0;
    if (kind_of_data(data) != data_kind::correlated) return std::nan("");
    const std::string rho = correlation_of(data);
    char* end = nullptr;
    const double x = std::strtod(rho.c_str(), &end);
    return end == rho.c_str() + rho.size() ? x : std::nan("");
}

namespace {

std::vector<std::string> geometry_columns() { return {"scalar", "activation", "data", "n", "d"}; }
std::vector<std::string> sgd_columns() { return {"batch", "sampler", "eta_label"}; }

/// The GD run paired with an SGD run: the same seed and batch seed, else the same seed.
const run_record* partner(const run_set& gd, const run_record& sgd)
{
    const run_record* same_seed = nullptr;
    for (const run_record* g : gd) {
        if (g->text("seed") != sgd.text("seed")) continue;
        if (g->text("batch_seed") == sgd.text("batch_seed")) return g;
        if (!same_seed) same_seed = g;
    }
    return same_seed;
}

void add_sgd(near_orthogonal_row& row, const run_set& gd, const run_set& sgd)
{
    row.sgd_runs = sgd.size();
    row.alignment = describe_column(sgd, "alignment");
    std::uint64_t sparse = 0, measured = 0;
    std::vector<double> gaps;
    for (const run_record* r : sgd) {
        if (const auto a = r->number("alignment")) {
            ++measured;
            sparse += *a > one_sparse_alignment;
        }
        const run_record* g = partner(gd, *r);
        const auto t_sgd = r->number("trace");
        const auto t_gd = g ? g->number("trace") : std::nullopt;
        if (t_sgd && t_gd) gaps.push_back(*t_sgd - *t_gd);
    }
    row.one_sparse = wilson(sparse, measured);
    row.gap = describe_doubles(gaps);
}

near_orthogonal_row geometry_row(const group_key& key, const run_set& gd)
{
    near_orthogonal_row row;
    row.key = key;
    row.family = data_family(key[2]);
    row.rho = rho_of(key[2]);
    row.n = digits_value(key[3]).value_or(0);
    row.d = digits_value(key[4]).value_or(0);
    row.ratio = row.n == 0 ? std::nan("") : static_cast<double>(row.d) / static_cast<double>(row.n);
    row.gd_runs = gd.size();
    row.limit_distance = describe_column(gd, "limit_distance");
    std::vector<double> closed;
    for (const run_record* g : gd)
        if (const auto p = g->count("positive_init"); p && *p > 0 && row.n > 0)
            closed.push_back((static_cast<double>(*p) - 1) / static_cast<double>(row.n));
    row.gap_closed = describe_doubles(closed);
    return row;
}

} // namespace

std::vector<near_orthogonal_row> near_orthogonal_rows(const std::vector<run_record>& records)
{
    const run_set studied = select(records, [](const run_record& r) { return !data_family(r.text("data")).empty(); });
    std::vector<near_orthogonal_row> out;
    for (const auto& [geometry, runs] : group_by(studied, geometry_columns())) {
        run_set gd, sgd;
        for (const run_record* r : runs) (is_full_batch(*r) ? gd : sgd).push_back(r);
        const auto settings = group_by(sgd, sgd_columns());
        if (settings.empty()) {
            auto row = geometry_row(geometry, gd);
            row.key.insert(row.key.end(), 3, "");
            out.push_back(std::move(row));
        }
        for (const auto& [setting, members] : settings) {
            auto row = geometry_row(geometry, gd);
            row.key.insert(row.key.end(), setting.begin(), setting.end());
            add_sgd(row, gd, members);
            out.push_back(std::move(row));
        }
    }
    return out;
}

namespace {

// ---------------------------------------------------------------------------
// Tables.

std::vector<std::string> row_columns() { return {"scalar", "activation", "data", "n", "d", "batch", "sampler", "eta"}; }

text_table near_csv(const std::vector<near_orthogonal_row>& rows)
{
    text_table t;
    t.head = row_columns();
    for (const char* h : {"family", "d/n", "rho", "gd_runs", "limit_distance_count", "limit_distance_mean", "limit_distance_sd",
                          "sgd_runs", "alignment_count", "alignment_mean", "alignment_sd", "one_sparse", "one_sparse_trials",
                          "one_sparse_p", "one_sparse_lo95", "one_sparse_hi95", "gap_pairs", "gap_mean", "gap_sd",
                          "gap_closed_mean", "gap_closed_sd"})
        t.head.push_back(h);
    auto g6 = [](double x) { return std::isnan(x) ? std::string() : format_number(x, "%.6g"); };
    for (const auto& r : rows) {
        std::vector<std::string> row = r.key;
        for (const auto& v : {r.family, ratio_text(r.d, r.n), g6(r.rho), std::to_string(r.gd_runs),
                              std::to_string(r.limit_distance.count), r.limit_distance.exact.mean, r.limit_distance.exact.sd,
                              std::to_string(r.sgd_runs), std::to_string(r.alignment.count), r.alignment.exact.mean,
                              r.alignment.exact.sd, std::to_string(r.one_sparse.hits), std::to_string(r.one_sparse.trials),
                              g6(r.one_sparse.p), g6(r.one_sparse.lo), g6(r.one_sparse.hi), std::to_string(r.gap.count),
                              r.gap.exact.mean, r.gap.exact.sd, r.gap_closed.exact.mean, r.gap_closed.exact.sd})
            row.push_back(v);
        t.rows.push_back(row);
    }
    return t;
}

std::string mean_sd(const stats& s)
{
    if (s.count == 0) return "";
    return short_number(s.mean) + (s.count > 1 ? " ± " + short_number(s.sd) : "");
}

text_table near_md(const std::vector<near_orthogonal_row>& rows, const std::vector<std::size_t>& shown)
{
    text_table t;
    for (std::size_t i : shown) t.head.push_back(row_columns()[i]);
    t.right.assign(t.head.size(), false);
    for (const char* h : {"d/n", "ρ", "GD ‖w − limit‖", "SGD alignment", "P(1-sparse) [95% CI]", "tr H gap", "closed form"}) {
        t.head.push_back(h);
        t.right.push_back(true);
    }
    for (const auto& r : rows) {
        std::vector<std::string> row;
        for (std::size_t i : shown) row.push_back(r.key[i]);
        for (const auto& v : {ratio_text(r.d, r.n), std::isnan(r.rho) ? std::string() : short_number(r.rho),
                              mean_sd(r.limit_distance), mean_sd(r.alignment), with_interval(r.one_sparse), mean_sd(r.gap),
                              mean_sd(r.gap_closed)})
            row.push_back(v);
        t.rows.push_back(row);
    }
    return t;
}

std::string near_md_text(const nlohmann::json& echo, const std::vector<near_orthogonal_row>& rows)
{
    const std::string legend =
        "Canonical (orthonormal), gaussian (closer to orthonormal as d/n grows) and correlated:ρ data. GD ‖w − limit‖: "
        "distance of the final GD iterate from P w0/‖P w0‖ (orthonormal theory: 0). SGD alignment: max_i |<w, x_i>|/(‖w‖ "
        "‖x_i‖) (theory: 1); P(1-sparse): alignment > 1 − 1e-6, with a 95% Wilson interval. tr H gap: tr H(SGD) − tr H(GD) "
        "over runs paired by seed; closed form: (|P0| − 1)/n over the GD runs, its orthonormal value. Mean ± sd over the "
        "seeds; b, sampler and eta are the SGD runs'.";
    std::vector<group_key> keys;
    for (const auto& r : rows) keys.push_back(r.key);
    auto shown = varying(keys);
    std::string out = markdown_head(echo, "Near-orthogonal study", legend);
    if (rows.empty()) return out + "The sweep has no canonical, gaussian or correlated data: nothing to show.\n" + markdown_config(echo);
    std::vector<std::string> fixed_text;
    for (std::size_t i = 0; i < row_columns().size(); ++i)
        if (std::find(shown.begin(), shown.end(), i) == shown.end() && !keys.front()[i].empty())
            fixed_text.push_back(row_columns()[i] + " = " + keys.front()[i]);
    if (!fixed_text.empty()) out += "Every row: " + join(fixed_text, ", ") + ".\n\n";
    return out + markdown_text(near_md(rows, shown)) + markdown_config(echo);
}

} // namespace

// ---------------------------------------------------------------------------
// Figures.

namespace {

struct panel_def {
    std::string title, ylabel;
    std::function<const stats&(const near_orthogonal_row&)> measured;
    double theory; ///< the orthonormal value; NaN: the per-row closed form instead
};

std::vector<panel_def> panel_defs()
{
    return {{"GD: distance to the predicted limit", "||" + plot::math("w") + " \xE2\x88\x92 limit||",
             [](const near_orthogonal_row& r) -> const stats& { return r.limit_distance; }, 0.0},
            {"SGD: alignment with one direction", "alignment",
             [](const near_orthogonal_row& r) -> const stats& { return r.alignment; }, 1.0},
            {"sharpness gap", "tr " + plot::math("H") + "(SGD) \xE2\x88\x92 tr " + plot::math("H") + "(GD)",
             [](const near_orthogonal_row& r) -> const stats& { return r.gap; }, std::nan("")}};
}

/// A series: every key column but the data (whose departure is the x axis) and d.
group_key series_key(const near_orthogonal_row& r, bool correlated)
{
    return {r.key[0], r.key[1], r.key[3], correlated ? ratio_text(r.d, r.n) : "", r.key[5], r.key[6], r.key[7]};
}

std::string series_label(const group_key& key, const std::vector<std::size_t>& shown, bool correlated)
{
    static const std::vector<std::string> names{"", "", "n = ", "d/n = ", "b = ", "", "eta = "};
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < key.size(); ++i)
        if ((correlated && i == 3) || std::find(shown.begin(), shown.end(), i) != shown.end()) parts.push_back(names[i] + key[i]);
    return parts.empty() ? "measured" : join(parts, ", ");
}

using series_map = std::map<group_key, std::vector<const near_orthogonal_row*>, natural_less>;

/// The mean over the canonical rows of a measured value: the reference the data depart from.
double canonical_reference(const std::vector<near_orthogonal_row>& rows, const panel_def& p)
{
    double sum = 0;
    int count = 0;
    for (const auto& r : rows)
        if (r.family == "canonical" && p.measured(r).count > 0 && std::isfinite(p.measured(r).mean)) {
            sum += p.measured(r).mean;
            ++count;
        }
    return count == 0 ? std::nan("") : sum / count;
}

std::vector<std::string> near_panel(figure_script& f, const series_map& series, const panel_def& p, double canonical, bool correlated)
{
    std::vector<std::string> clauses;
    int slot = 0;
    for (const auto& [key, members] : series) {
        ++slot;
        std::vector<std::vector<double>> measured, closed;
        for (const auto* r : members) {
            const double x = correlated ? r->rho : r->ratio;
            const stats& s = p.measured(*r);
            if (s.count > 0) measured.push_back({x, s.mean, s.count > 1 ? s.sd : 0.0});
            if (std::isnan(p.theory) && r->gap_closed.count > 0) closed.push_back({x, r->gap_closed.mean});
        }
        const std::string lt = " lt " + std::to_string(slot);
        if (const auto i = f.data.add(p.title + ", measured", measured))
            clauses.push_back(data_ref(f.name, *i) + " using 1:2:3 with yerrorlines" + lt + " notitle");
        if (const auto i = f.data.add(p.title + ", orthonormal closed form", closed))
            clauses.push_back(data_ref(f.name, *i) + " using 1:2 with lines dt 2" + lt + " notitle");
    }
    if (!std::isnan(p.theory))
        clauses.push_back(format_number(p.theory, "%g") + " with lines dt 2 lw 1.5 lc rgb \"#000000\" notitle");
    if (!std::isnan(canonical))
        clauses.push_back(format_number(canonical, "%.17g") + " with lines dt 3 lw 1.5 lc rgb \"#777777\" notitle");
    if (clauses.empty()) clauses.push_back("NaN notitle"); // an empty panel keeps its place
    return clauses;
}

/// The key, once for all panels: a colour per series and the two references.
std::vector<std::string> key_entries(const series_map& series, bool correlated, bool canonical)
{
    std::vector<group_key> keys;
    for (const auto& [key, members] : series) keys.push_back(key);
    const auto shown = varying(keys);
    std::vector<std::string> out;
    int slot = 0;
    for (const auto& key : keys)
        out.push_back("keyentry with yerrorlines lt " + std::to_string(++slot) + " title " +
                      plot::quoted(plot::enhanced_literal(series_label(key, shown, correlated))));
    out.push_back("keyentry with lines dt 2 lw 1.5 lc rgb \"#000000\" title \"orthonormal theory\"");
    if (canonical) out.push_back("keyentry with lines dt 3 lw 1.5 lc rgb \"#777777\" title \"canonical data\"");
    return out;
}

/// Three panels across a page, stacked in a column.
panel_grid near_grid(const plot::figure_options& style, std::size_t series)
{
    const bool across = style.size == plot::figure_size::page;
    panel_grid g;
    g.rows = across ? 1 : 3;
    g.cols = across ? 3 : 1;
    g.left = 0.65;
    g.hgap = 0.75;
    g.vgap = 0.75; // x tic labels and the next panel's title
    g.key = key_room(style, series + 2); // the series and two reference lines
    g.headed = true;
    return g;
}

std::string near_axes(bool correlated)
{
    return std::string(correlated ? "set xrange [-0.02:0.52]\n" : "set logscale x 2\nset offsets graph 0.05, graph 0.05, 0, 0\n") +
           "set format y \"%g\"\n";
}

/// The x label under every panel across a page, under the last one of a column.
std::string near_xlabel(bool correlated, bool shown)
{
    if (!shown) return "unset xlabel\n";
    return plot::xlabel(correlated ? plot::rho() + " (pairwise inner product)" : plot::math("d") + "/" + plot::math("n"));
}

std::optional<figure_script> near_figure(const std::string& family, const std::vector<near_orthogonal_row>& rows,
                                         const plot::figure_options& style)
{
    const bool correlated = family == "correlated";
    series_map series;
    for (const auto& r : rows)
        if (r.family == family) series[series_key(r, correlated)].push_back(&r);
    if (series.empty()) return std::nullopt;
    figure_script f;
    f.name = "near-orthogonal-" + family;
    f.style = style;
    const panel_grid g = near_grid(style, series.size());
    f.height = grid_height(style, g, 1.8);
    const auto defs = panel_defs();
    std::string panels;
    for (std::size_t i = 0; i < defs.size(); ++i)
        panels += panel_at(f, g, i) + "set title " + plot::quoted(defs[i].title) + "\n" + plot::ylabel(defs[i].ylabel) +
                  near_xlabel(correlated, g.rows == 1 || i + 1 == defs.size()) +
                  plot::plot_command(near_panel(f, series, defs[i], canonical_reference(rows, defs[i]), correlated));
    if (f.data.empty()) return std::nullopt;
    const bool canonical = std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.family == "canonical"; });
    f.notes = {"per panel and series: x, mean, sd over the seeds (measured), then x, closed form (sharpness gap only)",
               correlated ? "x: rho of correlated:RHO data" : "x: d/n of gaussian data"};
    f.settings = "unset key\n" + near_axes(correlated);
    const std::string subtitle = correlated ? "correlated:RHO rows" : "gaussian rows";
    f.draw = multiplot(f, title_with("Departure from orthonormal data", subtitle + "; mean \xC2\xB1 sd over seeds")) + panels +
             key_band(f, g, key_entries(series, correlated, canonical)) + "unset multiplot\n";
    return f;
}

} // namespace

study_result write_near_orthogonal(const fs::path& dir, const nlohmann::json& echo, const std::vector<run_record>& records,
                                   const plot::figure_options& style, bool figures)
{
    study_result out;
    const auto rows = near_orthogonal_rows(records);
    write_file(dir, "near-orthogonal.csv", csv_text(near_csv(rows)), out.files);
    write_file(dir, "near-orthogonal.md", near_md_text(echo, rows), out.files);
    if (!figures) return out;
    std::vector<figure_script> scripts;
    for (const char* family : {"gaussian", "correlated"})
        if (auto f = near_figure(family, rows, style)) scripts.push_back(std::move(*f));
    out.message = write_figures(dir / "figures", scripts, echo, out.files);
    return out;
}

} // namespace snae::sweep::study
