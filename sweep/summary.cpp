#include "summary.hpp"

#include "journal.hpp"
#include "measure.hpp"

#include <snae/atomic_file.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
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

std::string num17(double x)
{
    if (std::isnan(x)) return "";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    return buf;
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
    char buf[48];
    std::snprintf(buf, sizeof buf, f.scientific ? "%.*e" : "%.*f", f.decimals, v);
    return buf;
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

std::vector<std::string> write_summaries(const std::filesystem::path& dir, const nlohmann::json& config,
                                         const std::vector<point_row>& points, std::size_t seeds)
{
    const auto axes = axis_column_names();
    const auto measures = numeric_measure_names();
    std::vector<std::string> written;

    // summary.csv: tidy, one row per point and measure.
    {
        atomic_file f((dir / "summary.csv").string());
        auto& o = f.stream();
        o << config_comment(config) << '\n' << "point";
        for (const auto& a : axes) o << ',' << a;
        o << ",runs,converged,measure,count,mean,sd,min,q1,median,q3,max\n";
        for (const auto& p : points)
            for (const auto& m : measures) {
                const stats& s = p.measures.at(m);
                o << p.point;
                for (const auto& a : p.axes) o << ',' << csv_field(a);
                o << ',' << p.runs << ',' << p.converged << ',' << m << ',' << s.count;
                for (double x : {s.mean, s.sd, s.min, s.q1, s.median, s.q3, s.max}) o << ',' << num17(x);
                o << '\n';
            }
        f.commit();
        written.push_back("summary.csv");
    }

    // summary.json: everything, with the configuration.
    {
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
            for (const auto& m : measures) {
                const stats& s = p.measures.at(m);
                auto num = [](double x) { return std::isnan(x) ? nlohmann::json(nullptr) : nlohmann::json(x); };
                q["measures"][m] = {{"count", s.count}, {"mean", num(s.mean)},     {"sd", num(s.sd)},
                                    {"min", num(s.min)},   {"q1", num(s.q1)},         {"median", num(s.median)},
                                    {"q3", num(s.q3)},     {"max", num(s.max)}};
            }
            j["points"].push_back(q);
        }
        atomic_file f((dir / "summary.json").string());
        f.stream() << j.dump(2) << '\n';
        f.commit();
        written.push_back("summary.json");
    }

    // The readable tables show n, batch, d where it is not n, and any axis
    // that takes two values at the same (n, d, batch); the others are set
    // by the configuration (eta = 0.8*b/2, steps = 1000*n, ...) and named in
    // the caption by their tokens.
    const auto col = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(axes.begin(), axes.end(), name) - axes.begin());
    };
    std::vector<std::size_t> varying;
    for (std::size_t a = 0; a < axes.size(); ++a) {
        bool show = axes[a] == "n" || axes[a] == "batch";
        if (axes[a] == "d")
            for (const auto& p : points) show = show || p.axes[a] != p.axes[col("n")];
        std::map<std::string, std::set<std::string>> seen;
        for (const auto& p : points) {
            auto& set = seen[p.axes[col("n")] + "|" + p.axes[col("d")] + "|" + p.axes[col("batch")]];
            set.insert(p.axes[a]);
            show = show || set.size() > 1;
        }
        if (show) varying.push_back(a);
    }
    std::string fixed;
    for (const char* key : {"scalar", "activation", "data", "sampler", "eta", "eta_factor", "init_scale", "steps", "tol", "tol_on", "d"}) {
        if (!config.contains(key)) continue;
        const auto& v = config[key];
        if (v.is_array() && v.empty()) continue;
        if (std::string(key) == "d" && std::find(varying.begin(), varying.end(), col("d")) != varying.end()) continue;
        std::string text;
        if (v.is_array())
            for (const auto& x : v) text += (text.empty() ? "" : ", ") + x.get<std::string>();
        else
            text = v.is_string() ? v.get<std::string>() : v.dump();
        fixed += (fixed.empty() ? "" : "; ") + std::string(key) + " = " + text;
    }

    std::vector<table_column> cols;
    for (std::size_t a : varying) {
        table_column c;
        c.md_head = c.tex_head = axes[a];
        c.text = true;
        for (const auto& p : points) c.text_values.push_back(p.axes[a]);
        cols.push_back(c);
    }
    auto stat_col = [&](const std::string& md, const std::string& tex, const std::string& m, double stats::*field) {
        table_column c;
        c.md_head = md;
        c.tex_head = tex;
        for (const auto& p : points) c.values.push_back(p.measures.at(m).*field);
        cols.push_back(c);
    };
    {
        table_column r;
        r.md_head = "runs";
        r.tex_head = "{runs}";
        table_column cv;
        cv.md_head = "converged";
        cv.tex_head = "{conv.}";
        for (const auto& p : points) {
            r.values.push_back(static_cast<double>(p.runs));
            cv.values.push_back(static_cast<double>(p.converged));
        }
        cols.push_back(r);
        cols.push_back(cv);
    }
    stat_col("support median", "{median}", "support_size", &stats::median);
    stat_col("support q1", "{$q_1$}", "support_size", &stats::q1);
    stat_col("support q3", "{$q_3$}", "support_size", &stats::q3);
    stat_col("PR mean", "{mean}", "participation", &stats::mean);
    stat_col("PR sd", "{sd}", "participation", &stats::sd);
    stat_col("cos(w, w0) mean", "{mean}", "cos_init", &stats::mean);
    stat_col("cos(w, w0) sd", "{sd}", "cos_init", &stats::sd);
    stat_col("cos predicted mean", "{pred.}", "cos_predicted", &stats::mean);
    stat_col("λmax mean", "{mean}", "lambda_max", &stats::mean);
    stat_col("λmax closed (4/n)", "{$4/n$}", "lambda_max_closed", &stats::mean);
    stat_col("tr H mean", "{mean}", "trace", &stats::mean);
    stat_col("tr H sd", "{sd}", "trace", &stats::sd);
    stat_col("tr H closed mean", "{closed}", "trace_closed", &stats::mean);
    stat_col("loss gap median", "{median}", "loss_gap", &stats::median);
    std::vector<column_format> formats;
    for (const auto& c : cols) formats.push_back(c.text ? column_format{} : choose_format(c.values));

    const std::string echo = config.dump();
    {
        atomic_file f((dir / "summary.md").string());
        auto& o = f.stream();
        o << "<!-- snae-sweep-config: " << echo << " -->\n";
        o << "# Sweep " << config.value("name", std::string()) << "\n\n";
        o << seeds << " seeds per grid point; " << fixed << ".\n";
        o << "Support: |c_i| above the support threshold; PR: participation ratio (sum c_i^2)^2 / sum c_i^4; "
             "tr H and λmax of the loss Hessian at the final iterate (autodiff, eigen-solver), beside their closed forms "
             "(d - k + 4)/n and 4/n; statistics over the seeds of each point (quartiles: linear interpolation).\n\n";
        o << "|";
        for (const auto& c : cols) o << ' ' << c.md_head << " |";
        o << "\n|";
        for (const auto& c : cols) o << (c.text ? " --- |" : " ---: |");
        o << '\n';
        for (std::size_t i = 0; i < points.size(); ++i) {
            o << "|";
            for (std::size_t k = 0; k < cols.size(); ++k) {
                const std::string v = cols[k].text ? cols[k].text_values[i] : format_value(cols[k].values[i], formats[k]);
                o << ' ' << (v.empty() ? "—" : v) << " |";
            }
            o << '\n';
        }
        o << "\nThe configuration (to rerun: save it as a file and pass `snae sweep --config FILE`, or pass this file itself):\n\n```json\n"
          << config.dump(2) << "\n```\n";
        f.commit();
        written.push_back("summary.md");
    }
    {
        atomic_file f((dir / "summary.tex").string());
        auto& o = f.stream();
        auto tex_escape = [](const std::string& s) {
            std::string r;
            for (char ch : s) {
                if (std::string("&%$#_{}").find(ch) != std::string::npos) r += '\\';
                if (ch == '~' || ch == '^' || ch == '\\') {
                    r += ch == '~' ? "\\textasciitilde{}" : ch == '^' ? "\\textasciicircum{}" : "\\textbackslash{}";
                    continue;
                }
                r += ch;
            }
            return r;
        };
        o << "% snae-sweep-config: " << echo << "\n";
        o << "% snae sweep summary: \\input this file in a document that loads booktabs and siunitx.\n";
        o << "% " << seeds << " seeds per grid point; " << fixed << ".\n";
        o << "\\begin{tabular}{";
        for (std::size_t k = 0; k < cols.size(); ++k) o << (cols[k].text ? "l" : "S[" + formats[k].siunitx + "]");
        o << "}\n\\toprule\n";
        // Group headers over the measure columns.
        const std::size_t nv = varying.size();
        const std::vector<std::pair<std::string, std::size_t>> groups{
            {"", 2}, {"support", 3}, {"PR", 2}, {"$\\cos(w, w_0)$", 3}, {"$\\lambda_{\\max}$", 2}, {"$\\operatorname{tr} H$", 3}, {"loss gap", 1}};
        for (std::size_t k = 0; k < nv; ++k) o << "& ";
        std::size_t at = nv + 1;
        std::string rules;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            o << (g ? " & " : "") << (groups[g].first.empty() ? "" : "\\multicolumn{" + std::to_string(groups[g].second) + "}{c}{" + groups[g].first + "}");
            if (groups[g].first.empty())
                for (std::size_t k = 1; k < groups[g].second; ++k) o << " & ";
            if (!groups[g].first.empty())
                rules += "\\cmidrule(lr){" + std::to_string(at) + "-" + std::to_string(at + groups[g].second - 1) + "}";
            at += groups[g].second;
        }
        o << " \\\\\n" << rules << "\n";
        for (std::size_t k = 0; k < cols.size(); ++k) o << (k ? " & " : "") << (cols[k].text ? tex_escape(cols[k].tex_head) : cols[k].tex_head);
        o << " \\\\\n\\midrule\n";
        for (std::size_t i = 0; i < points.size(); ++i) {
            for (std::size_t k = 0; k < cols.size(); ++k) {
                const std::string v = cols[k].text ? tex_escape(cols[k].text_values[i]) : format_value(cols[k].values[i], formats[k]);
                o << (k ? " & " : "") << (v.empty() ? "{--}" : v);
            }
            o << " \\\\\n";
        }
        o << "\\bottomrule\n\\end{tabular}\n";
        f.commit();
        written.push_back("summary.tex");
    }
    return written;
}

} // namespace snae::sweep
