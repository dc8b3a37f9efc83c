#include "tables.hpp"

#include <snae/atomic_file.hpp>
#include <snae/errors.hpp>
#include <snae/provenance.hpp>
#include <snae/text.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace snae::sweep {

namespace {

/// A measure column of the tables: its --columns name, headings, and the
/// statistic it shows (measure empty: the point's converged runs).
struct column_spec {
    std::string name, md_head, group, tex_head, measure;
    std::string stat_decimals::*field = nullptr;
    std::string format_group;
};

const std::vector<column_spec>& catalogue()
{
    static const std::vector<column_spec> specs{
        {"converged", "converged", "", "{conv.}", "", nullptr, ""},
        {"support", "support median", "support", "{median}", "support_size", &stat_decimals::median, "support"},
        {"support_iqr", "support q1", "support", "{$q_1$}", "support_size", &stat_decimals::q1, "support"},
        {"support_iqr", "support q3", "support", "{$q_3$}", "support_size", &stat_decimals::q3, "support"},
        {"pr", "PR mean", "PR", "{mean}", "participation", &stat_decimals::mean, ""},
        {"pr_sd", "PR sd", "PR", "{sd}", "participation", &stat_decimals::sd, ""},
        {"cos", "cos(w, w0) mean", "$\\cos(w, w_0)$", "{mean}", "cos_init", &stat_decimals::mean, ""},
        {"cos_sd", "cos(w, w0) sd", "$\\cos(w, w_0)$", "{sd}", "cos_init", &stat_decimals::sd, ""},
        {"cos_predicted", "cos predicted (GD)", "$\\cos(w, w_0)$", "{GD pred.}", "cos_predicted", &stat_decimals::mean, ""},
        {"cos_given_k", "cos given k (SGD; consistency)", "$\\cos(w, w_0)$", "{given $k$}", "cos_given_k", &stat_decimals::mean, ""},
        {"lambda_max", "λmax mean", "$\\lambda_{\\max}$", "{mean}", "lambda_max", &stat_decimals::mean, "lambda"},
        {"lambda_max_closed", "λmax closed (4/n)", "$\\lambda_{\\max}$", "{$4/n$}", "lambda_max_closed", &stat_decimals::mean, "lambda"},
        {"trace", "tr H mean", "$\\operatorname{tr} H$", "{mean}", "trace", &stat_decimals::mean, "trace"},
        {"trace_sd", "tr H sd", "$\\operatorname{tr} H$", "{sd}", "trace", &stat_decimals::sd, ""},
        {"trace_closed", "tr H closed mean", "$\\operatorname{tr} H$", "{closed}", "trace_closed", &stat_decimals::mean, "trace"},
        {"loss_gap", "loss gap median", "loss gap", "{median}", "loss_gap", &stat_decimals::median, ""}};
    return specs;
}

/// The paper layout: what the theory's comparison needs, narrow enough for
/// a one-column portrait page (\textwidth = 345 pt).
const std::vector<std::string> paper_columns{"support", "pr", "cos", "trace", "trace_closed", "loss_gap"};

} // namespace

std::vector<std::string> table_column_names()
{
    std::vector<std::string> out;
    for (const auto& s : catalogue())
        if (out.empty() || out.back() != s.name) out.push_back(s.name);
    return out;
}

std::vector<std::string> table_columns(const std::vector<std::string>& items)
{
    if (items.size() == 1 && items[0] == "paper") return paper_columns;
    const std::vector<std::string> names = table_column_names();
    if (items.size() == 1 && items[0] == "all") return names;
    std::vector<std::string> out;
    for (const auto& item : items) {
        if (std::find(names.begin(), names.end(), item) == names.end())
            throw input_error("--columns", "expected paper, all, or a comma-separated list of " + join(names, ", ") + "; got '" +
                                               shown(item) + "'");
        if (std::find(out.begin(), out.end(), item) != out.end())
            throw input_error("--columns", "column '" + shown(item) + "' is listed twice");
        out.push_back(item);
    }
    if (out.empty()) throw input_error("--columns", "expected paper, all, or a comma-separated list of " + join(names, ", "));
    return out;
}

namespace {

/// The axes shown: n, batch, d where it is not n, and any axis that takes
/// two values at the same (n, d, batch); the others are set by the
/// configuration (eta = 0.8*b/2, steps = 1000*n, ...) and named in the
/// caption by their tokens. b and full_batch restate batch: never shown.
std::vector<std::size_t> varying_axes(const std::vector<point_row>& points)
{
    const auto axes = axis_column_names();
    const std::size_t n = axis_index("n"), d = axis_index("d"), b = axis_index("batch");
    std::vector<std::size_t> out;
    for (std::size_t a = 0; a < axes.size(); ++a) {
        if (axes[a] == "b" || axes[a] == "full_batch") continue;
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
/// The spectrum method as used: auto resolved per data value (spectrum_of).
std::string spectrum_used(const nlohmann::json& config)
{
    sweep_config c;
    c.spectrum = config.value("spectrum", std::string("auto"));
    std::vector<std::string> used;
    for (const auto& data : config.value("data", std::vector<std::string>{"canonical"})) {
        const spectrum_method m = spectrum_of(c, data);
        const std::string name = m == spectrum_method::structured ? "structured" : m == spectrum_method::dense ? "dense" : "none";
        const std::string item = c.spectrum == "auto" && config.at("data").size() > 1 ? name + " (" + data + ")" : name;
        if (std::find(used.begin(), used.end(), item) == used.end()) used.push_back(item);
    }
    return join(used, ", ");
}

std::string fixed_settings(const nlohmann::json& config, bool d_shown)
{
    std::vector<std::string> parts;
    for (const char* key : {"scalar", "activation", "data", "sampler", "eta", "eta_factor", "init_scale", "steps", "tol", "tol_on", "d",
                            "update", "spectrum"}) {
        if (std::string(key) == "spectrum" && config.contains(key)) {
            parts.push_back("spectrum = " + spectrum_used(config));
            continue;
        }
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

table_column axis_column(const std::string& axis, std::size_t a, const std::vector<point_row>& points)
{
    table_column c;
    const bool integer = axis == "n" || axis == "d" || axis == "batch";
    c.md_head = axis == "batch" ? "b" : axis;
    c.tex_head = integer ? "{$" + c.md_head + "$}" : tex_escape(axis);
    c.text = !integer;
    c.integer_axis = integer;
    for (const auto& p : points) c.values.push_back(p.axes[a]);
    return c;
}

table_column measure_column(const column_spec& s, const std::vector<point_row>& points)
{
    table_column c;
    c.md_head = s.md_head;
    c.group = s.group;
    c.tex_head = s.tex_head;
    c.format_group = s.format_group;
    c.needs_amsmath = s.group.find("\\operatorname") != std::string::npos;
    for (const auto& p : points) {
        if (s.measure.empty()) c.values.push_back(std::to_string(p.converged)); // runs per point: the seeds, in the caption
        else c.values.push_back(p.measures.at(s.measure).exact.*s.field);
    }
    return c;
}

bool finite_number(const std::string& v) { return !v.empty() && v != "nan" && v != "n/a" && v != "inf" && v != "-inf"; }

column_format choose_format(const std::vector<std::string>& values, const std::vector<long>& bits);

} // namespace

std::string summary_table::cell(std::size_t i, std::size_t k) const
{
    const std::string& v = cols[k].values[i];
    if (cols[k].text || cols[k].integer_axis || !finite_number(v)) return v;
    if (formats[k].scientific && decimal_sign(v) == 0) return "0"; // not 0.00e+00
    return format_decimal(v, bits[i], formats[k].decimals, formats[k].scientific);
}

summary_table make_table(const nlohmann::json& echo, const std::vector<point_row>& points, const std::vector<std::string>& columns)
{
    const auto axes = axis_column_names();
    const std::vector<std::size_t> varying = varying_axes(points);
    summary_table t;
    t.columns_spec = columns == paper_columns ? "paper" : columns == table_column_names() ? "all" : join(columns, ",");
    t.axes = varying.size();
    t.fixed = fixed_settings(echo, std::find(varying.begin(), varying.end(), axis_index("d")) != varying.end());
    for (const auto& p : points) t.bits.push_back(p.bits);
    for (std::size_t a : varying) t.cols.push_back(axis_column(axes[a], a, points));
    for (const auto& name : columns)
        for (const auto& s : catalogue())
            if (s.name == name) t.cols.push_back(measure_column(s, points));
    for (const auto& c : t.cols) {
        if (c.text || c.integer_axis) {
            t.formats.emplace_back();
            continue;
        }
        // Columns of one format group (support median and quartiles, tr H and
        // its closed form) print alike, so they read against each other.
        std::vector<std::string> values;
        std::vector<long> bits;
        for (const auto& o : t.cols)
            if (&o == &c || (!c.format_group.empty() && o.format_group == c.format_group)) {
                values.insert(values.end(), o.values.begin(), o.values.end());
                bits.insert(bits.end(), t.bits.begin(), t.bits.end());
            }
        t.formats.push_back(choose_format(values, bits));
    }
    return t;
}

} // namespace snae::sweep

namespace snae::sweep {

namespace {

/// The significant digits before the point, and the exponent's digits, of
/// printed cells ("-12.34", "1.23e-85"), for siunitx's table-format.
std::string table_format(const std::vector<std::string>& cells, const column_format& f)
{
    std::size_t integer = 1, exponent = 1;
    bool negative = false, negative_exponent = false;
    for (const auto& c : cells) {
        negative = negative || c.front() == '-';
        const std::size_t digits_from = c.front() == '-' ? 1 : 0;
        integer = std::max(integer, c.find_first_of(".e") == std::string::npos ? c.size() - digits_from : c.find_first_of(".e") - digits_from);
        if (const auto e = c.find('e'); e != std::string::npos) {
            negative_exponent = negative_exponent || c[e + 1] == '-';
            const std::string digits = c.substr(e + 2);
            exponent = std::max(exponent, digits.size() - std::min(digits.size() - 1, digits.find_first_not_of('0')));
        }
    }
    std::string out = "table-format=" + std::string(negative ? "-" : "") + std::to_string(integer) + "." + std::to_string(f.decimals);
    if (f.scientific) out += "e" + std::string(negative_exponent ? "-" : "") + std::to_string(exponent);
    return out + ",group-digits=false";
}

/// Fixed point with 3 - floor(log10 m) decimals (at most 6), m the smallest
/// non-zero magnitude, but no more decimals than the values
/// need when all are multiples of 1, 0.1 or 0.01 (counts, and medians and
/// quartiles of counts); scientific with two decimals when some magnitude
/// is >= 1e5 or some non-zero one < 1e-3. The S column's table-format is
/// measured on the cells as printed, so that it holds every one.
column_format choose_format(const std::vector<std::string>& values, const std::vector<long>& bits)
{
    long emax = 0, emin = 0;
    bool any = false;
    for (const auto& v : values) {
        if (!finite_number(v) || decimal_sign(v) == 0) continue;
        const long e = decimal_exponent(v);
        emax = any ? std::max(emax, e) : e;
        emin = any ? std::min(emin, e) : e;
        any = true;
    }
    column_format f;
    if (any && (emax >= 5 || emin < -3)) {
        f.scientific = true;
        f.decimals = 2;
    } else if (any) {
        f.decimals = static_cast<int>(std::clamp(3 - emin, 0L, 6L));
        for (int k : {0, 1, 2}) {
            bool all = true;
            for (std::size_t i = 0; i < values.size() && all; ++i)
                all = !finite_number(values[i]) || is_multiple_of_power_of_ten(values[i], bits[i], k);
            if (all) {
                f.decimals = std::min(f.decimals, k);
                break;
            }
        }
    }
    std::vector<std::string> cells;
    for (std::size_t i = 0; i < values.size(); ++i)
        if (finite_number(values[i])) cells.push_back(format_decimal(values[i], bits[i], f.decimals, f.scientific));
    f.siunitx = table_format(cells, f);
    return f;
}

/// The legend under the Markdown heading: what each column holds.
const char* legend()
{
    return "Support: |c_i| above the support threshold; PR: participation ratio (sum c_i^2)^2 / sum c_i^4; "
           "cos predicted (GD): sqrt(S_0)/||w_0||, the cosine of the limit GD is predicted to reach; cos given k (SGD): "
           "|c_k(w_0)|/||w_0|| for the k SGD selected, equal to the measured cosine at a 1-sparse limit by construction "
           "(a consistency check, not a prediction); tr H and λmax of the loss Hessian at the final iterate, beside their "
           "closed forms (d - k + 4)/n and 4/n; statistics over the seeds of each point in the runs' own precision "
           "(quartiles: linear interpolation).";
}

} // namespace

void write_summary_md(const std::filesystem::path& dir, const nlohmann::json& echo, const summary_table& t, std::size_t seeds)
{
    atomic_file f((dir / "summary.md").string());
    auto& o = f.stream();
    o << "<!-- snae-sweep-config: " << echo.dump() << " -->\n";
    o << "# Sweep " << echo.value("name", std::string()) << "\n\n";
    o << "Computed by " << provenance_line() << ".\n\n";
    o << seeds << " seeds per grid point; " << t.fixed << ".\n" << legend() << "\n\n";
    std::vector<std::string> head, rule;
    for (const auto& c : t.cols) {
        head.push_back(md_cell(c.md_head));
        rule.push_back(c.text ? "---" : "---:");
    }
    o << "| " << join(head, " | ") << " |\n| " << join(rule, " | ") << " |\n";
    for (std::size_t i = 0; i < t.bits.size(); ++i) {
        std::vector<std::string> row;
        for (std::size_t k = 0; k < t.cols.size(); ++k) {
            const std::string v = t.cell(i, k);
            row.push_back(v.empty() ? "—" : md_cell(v));
        }
        o << "| " << join(row, " | ") << " |\n";
    }
    o << "\nThe configuration (to rerun: save it as a file and pass `snae sweep --config FILE`, or pass this file itself):\n\n```json\n"
      << echo.dump(2) << "\n```\n";
    f.commit();
}

namespace {

/// The group headings over the measure columns (neighbours with one group
/// share a \multicolumn) and their rules, after empty cells over the axes.
std::string tex_group_header(const summary_table& t)
{
    std::vector<std::string> cells(t.axes, "");
    std::string rules;
    for (std::size_t k = t.axes; k < t.cols.size();) {
        std::size_t end = k + 1;
        while (end < t.cols.size() && !t.cols[k].group.empty() && t.cols[end].group == t.cols[k].group) ++end;
        if (t.cols[k].group.empty()) {
            cells.push_back("");
        } else {
            cells.push_back("\\multicolumn{" + std::to_string(end - k) + "}{c}{" + t.cols[k].group + "}");
            rules += "\\cmidrule(lr){" + std::to_string(k + 1) + "-" + std::to_string(end) + "}";
        }
        k = end;
    }
    return join(cells, " & ") + " \\\\\n" + rules + "\n";
}

/// A body cell: text axes escaped; in an S column, text ("full", inf) in braces.
std::string tex_cell(const summary_table& t, std::size_t i, std::size_t k)
{
    const std::string v = t.cell(i, k);
    if (v.empty()) return "{--}";
    if (t.cols[k].text) return tex_escape(v);
    if (v == "inf" || v == "-inf") return std::string("{$") + (v == "inf" ? "" : "-") + "\\infty$}";
    if (v == "nan" || v == "n/a" || v == "full") return "{" + v + "}";
    return v;
}

std::string tex_column_types(const summary_table& t)
{
    std::string out;
    for (std::size_t k = 0; k < t.cols.size(); ++k) {
        const table_column& c = t.cols[k];
        if (c.text) out += "l";
        else if (c.integer_axis) {
            std::size_t digits = 1;
            for (const auto& v : c.values) digits = std::max(digits, v == "full" ? 1 : v.size());
            out += "S[table-format=" + std::to_string(digits) + ".0,group-digits=false]";
        } else {
            out += "S[" + t.formats[k].siunitx + "]";
        }
    }
    return out;
}

} // namespace

void write_summary_tex(const std::filesystem::path& dir, const nlohmann::json& echo, const summary_table& t, std::size_t seeds)
{
    bool amsmath = false;
    for (const auto& c : t.cols) amsmath = amsmath || c.needs_amsmath;
    // More measure columns than the paper layout's do not fit a portrait
    // page: they are set small for a landscape one.
    const bool landscape = t.cols.size() - t.axes > paper_columns.size();
    atomic_file f((dir / "summary.tex").string());
    auto& o = f.stream();
    o << "% snae-sweep-config: " << echo.dump() << "\n"
      << "% snae sweep summary, columns " << t.columns_spec << ": a bare tabular, to \\input inside a table environment"
      << (landscape ? " on a landscape page (pdflscape's landscape environment)" : "") << ".\n"
      << "% LaTeX packages: booktabs, siunitx" << (amsmath ? ", amsmath" : "") << (landscape ? ", pdflscape" : "") << "\n"
      << (landscape ? "% LaTeX page: landscape\n" : "") << "% Computed by " << provenance_line() << "\n"
      << "% " << seeds << " seeds per grid point; " << t.fixed << ".\n";
    // Column gaps of 4 pt (2 pt when set small) instead of LaTeX's 6: the
    // paper layout at n = 1024 then fits 345 pt with room to spare.
    o << (landscape ? "{\\scriptsize\\setlength{\\tabcolsep}{2pt}%\n" : "{\\setlength{\\tabcolsep}{4pt}%\n");
    o << "\\begin{tabular}{" << tex_column_types(t) << "}\n\\toprule\n" << tex_group_header(t);
    std::vector<std::string> head;
    for (const auto& c : t.cols) head.push_back(c.tex_head);
    o << join(head, " & ") << " \\\\\n\\midrule\n";
    for (std::size_t i = 0; i < t.bits.size(); ++i) {
        std::vector<std::string> row;
        for (std::size_t k = 0; k < t.cols.size(); ++k) row.push_back(tex_cell(t, i, k));
        o << join(row, " & ") << " \\\\\n";
    }
    o << "\\bottomrule\n\\end{tabular}}\n";
    f.commit();
}

} // namespace snae::sweep
