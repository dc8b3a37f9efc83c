#include "summary.hpp"

#include "journal.hpp"
#include "measure.hpp"

#include <snae/atomic_file.hpp>
#include <snae/text.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <set>

namespace snae::sweep {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::size_t column(const std::vector<std::string>& names, const std::string& name)
{
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

double quantile(const std::vector<double>& sorted, double p)
{
    const double h = (static_cast<double>(sorted.size()) - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

/// One column of a table formatted alike, so that it aligns: fixed point
/// with enough decimals for three significant digits of its smallest
/// non-zero entry, or scientific when the column spans beyond [1e-3, 1e5).
struct column_format {
    bool scientific = false;
    int decimals = 0;
    std::string siunitx; ///< table-format=... for an S column
};

column_format choose_format(const std::vector<double>& values)
{
    double amax = 0, amin = std::numeric_limits<double>::infinity();
    bool negative = false;
    for (double v : values) {
        if (!std::isfinite(v)) continue; // printed as nan or inf; they set no width
        negative = negative || v < 0;
        amax = std::max(amax, std::fabs(v));
        if (v != 0) amin = std::min(amin, std::fabs(v));
    }
    column_format f;
    if (amax == 0) {
        f.decimals = 0;
        f.siunitx = "table-format=1.0";
        return f;
    }
    if (amax < 1e5 && amin >= 1e-3) {
        f.decimals = std::clamp(3 - static_cast<int>(std::floor(std::log10(amin))), 0, 6);
        // Counts and their quartiles (multiples of 1/4) print with only the decimals they need.
        for (int k : {0, 1, 2})
            if (std::all_of(values.begin(), values.end(), [k](double v) {
                    const double scaled = v * std::pow(10.0, k);
                    return std::isnan(v) || scaled == std::floor(scaled);
                })) {
                f.decimals = std::min(f.decimals, k);
                break;
            }
        const int int_digits = std::max(1, static_cast<int>(std::floor(std::log10(amax))) + 1);
        f.siunitx = std::string("table-format=") + (negative ? "-" : "") + std::to_string(int_digits) + "." + std::to_string(f.decimals);
    } else {
        f.scientific = true;
        f.decimals = 2;
        int exp_digits = 1;
        bool neg_exp = false;
        for (double v : values)
            if (std::isfinite(v) && v != 0) { // log10(inf) as an int is undefined
                const int e = static_cast<int>(std::floor(std::log10(std::fabs(v))));
                neg_exp = neg_exp || e < 0;
                exp_digits = std::max(exp_digits, e == 0 ? 1 : static_cast<int>(std::floor(std::log10(std::abs(e)))) + 1);
            }
        f.siunitx = std::string("table-format=") + (negative ? "-" : "") + "1.2e" + (neg_exp ? "-" : "") + std::to_string(exp_digits);
    }
    return f;
}

std::string format_value(double v, const column_format& f)
{
    if (std::isnan(v)) return "";
    const std::string format = "%." + std::to_string(f.decimals) + (f.scientific ? "e" : "f");
    return format_number(v, format.c_str());
}

/// A table column: header, values per point, and for Markdown an optional partner (± sd).
struct table_column {
    std::string md_head, tex_head;
    std::vector<double> values;
    bool text = false;
    std::vector<std::string> text_values;
};

} // namespace

stats describe(std::vector<double> v)
{
    stats s;
    v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return std::isnan(x); }), v.end());
    s.count = v.size();
    if (v.empty()) {
        s.mean = s.sd = s.min = s.q1 = s.median = s.q3 = s.max = nan;
        return s;
    }
    std::sort(v.begin(), v.end());
    long double sum = 0;
    for (double x : v) sum += x;
    const long double mean = sum / static_cast<long double>(v.size());
    long double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    s.mean = static_cast<double>(mean);
    s.sd = v.size() > 1 ? static_cast<double>(std::sqrt(ss / static_cast<long double>(v.size() - 1))) : nan;
    s.min = v.front();
    s.max = v.back();
    s.q1 = quantile(v, 0.25);
    s.median = quantile(v, 0.5);
    s.q3 = quantile(v, 0.75);
    return s;
}

std::vector<std::string> axis_column_names()
{
    std::vector<std::string> out;
    for (const auto& k : key_column_names())
        if (k != "run" && k != "point" && k != "seed") out.push_back(k);
    return out;
}

std::size_t axis_index(const std::string& name) { return column(axis_column_names(), name); }

std::vector<std::string> numeric_measure_names()
{
    std::vector<std::string> out;
    for (const auto& m : measure_column_names())
        if (m != "status") out.push_back(m);
    return out;
}

std::vector<point_row> aggregate(const std::vector<grid_run>& runs, const std::map<std::size_t, std::vector<std::string>>& rows)
{
    const auto header = journal::header();
    const auto axes = axis_column_names();
    const auto measures = numeric_measure_names();
    std::vector<point_row> out;
    std::map<std::size_t, std::map<std::string, std::vector<double>>> values;
    for (const auto& r : runs) {
        if (out.empty() || out.back().point != r.point) {
            point_row p;
            p.point = r.point;
            const auto keys = key_columns(r);
            for (const auto& a : axes) p.axes.push_back(keys[column(key_column_names(), a)]);
            out.push_back(std::move(p));
        }
        const auto it = rows.find(r.id);
        if (it == rows.end()) continue;
        point_row& p = out.back();
        const auto& row = it->second;
        ++p.runs;
        const std::string& status = row[column(header, "status")];
        if (status == "converged") ++p.converged;
        ++p.statuses_seen[status];
        for (const auto& m : measures) {
            const std::string& text = row[column(header, m)];
            values[r.point][m].push_back(text.empty() ? nan : std::strtod(text.c_str(), nullptr));
        }
    }
    for (auto& p : out)
        for (const auto& m : measures) p.measures[m] = describe(values[p.point][m]);
    return out;
}

namespace {

std::string num17(double x) { return std::isnan(x) ? std::string() : format_number(x, "%.17g"); }

/// summary.csv: tidy, one row per point and measure.
void write_summary_csv(const std::filesystem::path& dir, const nlohmann::json& config, const std::vector<point_row>& points)
{
    atomic_file f((dir / "summary.csv").string());
    auto& o = f.stream();
    o << config_comment(config) << '\n' << "point";
    for (const auto& a : axis_column_names()) o << ',' << a;
    o << ",runs,converged,measure,count,mean,sd,min,q1,median,q3,max\n";
    for (const auto& p : points)
        for (const auto& m : numeric_measure_names()) {
            const stats& s = p.measures.at(m);
            o << p.point;
            for (const auto& a : p.axes) o << ',' << csv_field(a);
            o << ',' << p.runs << ',' << p.converged << ',' << m << ',' << s.count;
            for (double x : {s.mean, s.sd, s.min, s.q1, s.median, s.q3, s.max}) o << ',' << num17(x);
            o << '\n';
        }
    f.commit();
}

/// summary.json: everything, with the configuration.
void write_summary_json(const std::filesystem::path& dir, const nlohmann::json& config, const std::vector<point_row>& points,
                        std::size_t seeds)
{
    const auto axes = axis_column_names();
    const auto num = [](double x) { return std::isnan(x) ? nlohmann::json(nullptr) : nlohmann::json(x); };
    nlohmann::json j;
    j["snae_sweep"]["config"] = config;
    j["snae_sweep"]["seeds_per_point"] = seeds;
    j["points"] = nlohmann::json::array();
    for (const auto& p : points) {
        nlohmann::json q;
        q["point"] = p.point;
        for (std::size_t a = 0; a < axes.size(); ++a) q[axes[a]] = p.axes[a];
        q["runs"] = p.runs;
        q["converged"] = p.converged;
        q["statuses"] = p.statuses_seen;
        for (const auto& m : numeric_measure_names()) {
            const stats& s = p.measures.at(m);
            q["measures"][m] = {{"count", s.count}, {"mean", num(s.mean)}, {"sd", num(s.sd)},         {"min", num(s.min)},
                                {"q1", num(s.q1)},  {"median", num(s.median)}, {"q3", num(s.q3)}, {"max", num(s.max)}};
        }
        j["points"].push_back(q);
    }
    atomic_file f((dir / "summary.json").string());
    f.stream() << j.dump(2) << '\n';
    f.commit();
}

/// The readable tables (Markdown, LaTeX): the axes that vary, then the
/// measures; the settings every point shares go to the caption.
struct summary_table {
    std::size_t varying = 0;          ///< leading columns: axes, as text
    std::string fixed;                ///< "key = value; ..." for the caption
    std::vector<table_column> cols;
    std::vector<column_format> formats;

    /// Cell (point i, column k) as printed; "" where undefined.
    std::string cell(std::size_t i, std::size_t k) const
    {
        return cols[k].text ? cols[k].text_values[i] : format_value(cols[k].values[i], formats[k]);
    }
};

/// The axes shown: n, batch, d where it is not n, and any axis that takes
/// two values at the same (n, d, batch); the others are set by the
/// configuration (eta = 0.8*b/2, steps = 1000*n, ...) and named in the
/// caption by their tokens.
std::vector<std::size_t> varying_axes(const std::vector<point_row>& points)
{
    const auto axes = axis_column_names();
    const std::size_t n = axis_index("n"), d = axis_index("d"), b = axis_index("batch");
    std::vector<std::size_t> out;
    for (std::size_t a = 0; a < axes.size(); ++a) {
        bool show = axes[a] == "n" || axes[a] == "batch";
        if (axes[a] == "d")
            for (const auto& p : points) show = show || p.axes[a] != p.axes[n];
        std::map<std::string, std::set<std::string>> seen;
        for (const auto& p : points) {
            auto& set = seen[p.axes[n] + "|" + p.axes[d] + "|" + p.axes[b]];
            set.insert(p.axes[a]);
            show = show || set.size() > 1;
        }
        if (show) out.push_back(a);
    }
    return out;
}

/// The configuration's settings that hold for every point shown, as
/// "key = tokens; ...", d left out when it is a column.
std::string fixed_settings(const nlohmann::json& config, bool d_shown)
{
    std::vector<std::string> parts;
    for (const char* key : {"scalar", "activation", "data", "sampler", "eta", "eta_factor", "init_scale", "steps", "tol", "tol_on", "d"}) {
        if (!config.contains(key) || (std::string(key) == "d" && d_shown)) continue;
        const auto& v = config[key];
        if (v.is_array() && v.empty()) continue;
        std::vector<std::string> items;
        if (v.is_array())
            for (const auto& x : v) items.push_back(x.get<std::string>());
        else
            items.push_back(v.is_string() ? v.get<std::string>() : v.dump());
        parts.push_back(std::string(key) + " = " + join(items, ", "));
    }
    return join(parts, "; ");
}

/// The measure columns: runs, converged, then statistics of the measures.
std::vector<table_column> measure_columns(const std::vector<point_row>& points)
{
    std::vector<table_column> cols;
    const auto add = [&](const std::string& md, const std::string& tex, const std::function<double(const point_row&)>& value) {
        table_column c;
        c.md_head = md;
        c.tex_head = tex;
        for (const auto& p : points) c.values.push_back(value(p));
        cols.push_back(c);
    };
    const auto stat = [&](const std::string& md, const std::string& tex, const std::string& m, double stats::*field) {
        add(md, tex, [&](const point_row& p) { return p.measures.at(m).*field; });
    };
    add("runs", "{runs}", [](const point_row& p) { return static_cast<double>(p.runs); });
    add("converged", "{conv.}", [](const point_row& p) { return static_cast<double>(p.converged); });
    stat("support median", "{median}", "support_size", &stats::median);
    stat("support q1", "{$q_1$}", "support_size", &stats::q1);
    stat("support q3", "{$q_3$}", "support_size", &stats::q3);
    stat("PR mean", "{mean}", "participation", &stats::mean);
    stat("PR sd", "{sd}", "participation", &stats::sd);
    stat("cos(w, w0) mean", "{mean}", "cos_init", &stats::mean);
    stat("cos(w, w0) sd", "{sd}", "cos_init", &stats::sd);
    stat("cos predicted mean", "{pred.}", "cos_predicted", &stats::mean);
    stat("λmax mean", "{mean}", "lambda_max", &stats::mean);
    stat("λmax closed (4/n)", "{$4/n$}", "lambda_max_closed", &stats::mean);
    stat("tr H mean", "{mean}", "trace", &stats::mean);
    stat("tr H sd", "{sd}", "trace", &stats::sd);
    stat("tr H closed mean", "{closed}", "trace_closed", &stats::mean);
    stat("loss gap median", "{median}", "loss_gap", &stats::median);
    return cols;
}

summary_table make_table(const nlohmann::json& config, const std::vector<point_row>& points)
{
    const auto axes = axis_column_names();
    const std::vector<std::size_t> varying = varying_axes(points);
    summary_table t;
    t.varying = varying.size();
    t.fixed = fixed_settings(config, std::find(varying.begin(), varying.end(), axis_index("d")) != varying.end());
    for (std::size_t a : varying) {
        table_column c;
        c.md_head = c.tex_head = axes[a];
        c.text = true;
        for (const auto& p : points) c.text_values.push_back(p.axes[a]);
        t.cols.push_back(c);
    }
    for (auto& c : measure_columns(points)) t.cols.push_back(std::move(c));
    for (const auto& c : t.cols) t.formats.push_back(c.text ? column_format{} : choose_format(c.values));
    return t;
}

void write_summary_md(const std::filesystem::path& dir, const nlohmann::json& config, const summary_table& t, std::size_t points,
                      std::size_t seeds)
{
    atomic_file f((dir / "summary.md").string());
    auto& o = f.stream();
    o << "<!-- snae-sweep-config: " << config.dump() << " -->\n";
    o << "# Sweep " << config.value("name", std::string()) << "\n\n";
    o << seeds << " seeds per grid point; " << t.fixed << ".\n";
    o << "Support: |c_i| above the support threshold; PR: participation ratio (sum c_i^2)^2 / sum c_i^4; "
         "tr H and λmax of the loss Hessian at the final iterate (autodiff, eigen-solver), beside their closed forms "
         "(d - k + 4)/n and 4/n; statistics over the seeds of each point (quartiles: linear interpolation).\n\n";
    std::vector<std::string> head, rule;
    for (const auto& c : t.cols) {
        head.push_back(md_cell(c.md_head));
        rule.push_back(c.text ? "---" : "---:");
    }
    o << "| " << join(head, " | ") << " |\n| " << join(rule, " | ") << " |\n";
    for (std::size_t i = 0; i < points; ++i) {
        std::vector<std::string> row;
        for (std::size_t k = 0; k < t.cols.size(); ++k) {
            const std::string v = t.cell(i, k);
            row.push_back(v.empty() ? "—" : md_cell(v));
        }
        o << "| " << join(row, " | ") << " |\n";
    }
    o << "\nThe configuration (to rerun: save it as a file and pass `snae sweep --config FILE`, or pass this file itself):\n\n```json\n"
      << config.dump(2) << "\n```\n";
    f.commit();
}

/// The group headers over the measure columns and their rules, after
/// `varying` empty cells over the axis columns.
std::string tex_group_header(std::size_t varying)
{
    const std::vector<std::pair<std::string, std::size_t>> groups{
        {"", 2}, {"support", 3}, {"PR", 2}, {"$\\cos(w, w_0)$", 3}, {"$\\lambda_{\\max}$", 2}, {"$\\operatorname{tr} H$", 3}, {"loss gap", 1}};
    std::string head;
    for (std::size_t k = 0; k < varying; ++k) head += "& ";
    std::vector<std::string> cells;
    std::string rules;
    std::size_t at = varying + 1;
    for (const auto& [title, span] : groups) {
        if (title.empty()) {
            cells.insert(cells.end(), span, "");
        } else {
            cells.push_back("\\multicolumn{" + std::to_string(span) + "}{c}{" + title + "}");
            rules += "\\cmidrule(lr){" + std::to_string(at) + "-" + std::to_string(at + span - 1) + "}";
        }
        at += span;
    }
    return head + join(cells, " & ") + " \\\\\n" + rules + "\n";
}

void write_summary_tex(const std::filesystem::path& dir, const nlohmann::json& config, const summary_table& t, std::size_t points,
                       std::size_t seeds)
{
    atomic_file f((dir / "summary.tex").string());
    auto& o = f.stream();
    o << "% snae-sweep-config: " << config.dump() << "\n";
    o << "% snae sweep summary: \\input this file in a document that loads booktabs and siunitx.\n";
    o << "% " << seeds << " seeds per grid point; " << t.fixed << ".\n";
    o << "\\begin{tabular}{";
    for (std::size_t k = 0; k < t.cols.size(); ++k) o << (t.cols[k].text ? "l" : "S[" + t.formats[k].siunitx + "]");
    o << "}\n\\toprule\n" << tex_group_header(t.varying);
    std::vector<std::string> head;
    for (const auto& c : t.cols) head.push_back(c.text ? tex_escape(c.tex_head) : c.tex_head);
    o << join(head, " & ") << " \\\\\n\\midrule\n";
    for (std::size_t i = 0; i < points; ++i) {
        std::vector<std::string> row;
        for (std::size_t k = 0; k < t.cols.size(); ++k) {
            const std::string v = t.cols[k].text ? tex_escape(t.cell(i, k)) : t.cell(i, k);
            row.push_back(v.empty() ? "{--}" : v);
        }
        o << join(row, " & ") << " \\\\\n";
    }
    o << "\\bottomrule\n\\end{tabular}\n";
    f.commit();
}

} // namespace

std::vector<std::string> write_summaries(const std::filesystem::path& dir, const nlohmann::json& config,
                                         const std::vector<point_row>& points, std::size_t seeds)
{
    write_summary_csv(dir, config, points);
    write_summary_json(dir, config, points, seeds);
    const summary_table table = make_table(config, points);
    write_summary_md(dir, config, table, points.size(), seeds);
    write_summary_tex(dir, config, table, points.size(), seeds);
    return {"summary.csv", "summary.json", "summary.md", "summary.tex"};
}

} // namespace snae::sweep
