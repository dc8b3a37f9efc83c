#include "summary.hpp"

#include "journal.hpp"
#include "measure.hpp"
#include "tables.hpp"

#include <snae/atomic_file.hpp>
#include <snae/text.hpp>

#include <algorithm>

namespace snae::sweep {

namespace {

std::size_t column(const std::vector<std::string>& names, const std::string& name)
{
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

/// A new point's row: its axes from the key columns of its first run.
point_row new_point(const grid_run& r)
{
    point_row p;
    p.point = r.point;
    const auto keys = key_columns(r);
    for (const auto& a : axis_column_names()) p.axes.push_back(keys[column(key_column_names(), a)]);
    const scalar_spec& s = r.run.config.scalar;
    p.bits = s.bits();
    p.float_or_double = s.type == scalar_spec::kind::float_ || s.type == scalar_spec::kind::double_;
    return p;
}

} // namespace

std::vector<std::string> axis_column_names()
{
    std::vector<std::string> out;
    for (const auto& k : key_column_names())
        if (k != "run" && k != "point" && k != "seed" && k != "batch_seed") out.push_back(k);
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
    const auto measures = numeric_measure_names();
    std::vector<point_row> out;
    std::map<std::size_t, std::map<std::string, std::vector<std::string>>> values;
    for (const auto& r : runs) {
        if (out.empty() || out.back().point != r.point) out.push_back(new_point(r));
        const auto it = rows.find(r.id);
        if (it == rows.end()) continue;
        point_row& p = out.back();
        const auto& row = it->second;
        ++p.runs;
        const std::string& status = row[column(header, "status")];
        if (status == "converged") ++p.converged;
        ++p.statuses_seen[status];
        for (const auto& m : measures) values[r.point][m].push_back(row[column(header, m)]);
    }
    for (auto& p : out)
        for (const auto& m : measures) p.measures[m] = describe(values[p.point][m], p.bits);
    return out;
}

namespace {

std::vector<std::string> stat_fields(const stats& s)
{
    const stat_decimals& e = s.exact;
    return {e.mean, e.sd, e.min, e.q1, e.median, e.q3, e.max};
}

/// summary.csv: tidy, one row per point and measure, a plain CSV (the
/// configuration is in config.json beside it).
void write_summary_csv(const std::filesystem::path& dir, const std::vector<point_row>& points)
{
    atomic_file f((dir / "summary.csv").string());
    auto& o = f.stream();
    o << "point";
    for (const auto& a : axis_column_names()) o << ',' << a;
    o << ",precision_bits,runs,converged,measure,count,mean,sd,min,q1,median,q3,max\n";
    for (const auto& p : points)
        for (const auto& m : numeric_measure_names()) {
            const stats& s = p.measures.at(m);
            o << p.point;
            for (const auto& a : p.axes) o << ',' << csv_field(a);
            o << ',' << p.bits << ',' << p.runs << ',' << p.converged << ',' << m << ',' << s.count;
            for (const auto& x : stat_fields(s)) o << ',' << x;
            o << '\n';
        }
    f.commit();
}

/// An axis of summary.json as JSON: integers as numbers, full_batch as a
/// boolean, the rest (decimals as given, names, "full") as strings.
nlohmann::json axis_json(const std::string& axis, const std::string& value)
{
    if (axis == "n" || axis == "d" || axis == "b" || axis == "steps_budget") return std::stoull(value);
    if (axis == "full_batch") return value == "true";
    return value;
}

/// A statistic of summary.json: a number where the run's type is float or
/// double (every value is then exactly a double), else its decimal string
/// in the run's precision; null where undefined, not applicable or not finite.
nlohmann::json stat_json(const point_row& p, const std::string& exact, double rounded)
{
    if (exact.empty() || exact == "nan" || exact == "n/a" || exact == "inf" || exact == "-inf") return nullptr;
    if (p.float_or_double) return rounded;
    return exact;
}

nlohmann::json point_json(const point_row& p)
{
    const auto axes = axis_column_names();
    nlohmann::json q;
    q["point"] = p.point;
    for (std::size_t a = 0; a < axes.size(); ++a) q[axes[a]] = axis_json(axes[a], p.axes[a]);
    q["precision_bits"] = p.bits;
    q["runs"] = p.runs;
    q["converged"] = p.converged;
    q["statuses"] = p.statuses_seen;
    for (const auto& m : numeric_measure_names()) {
        const stats& s = p.measures.at(m);
        const stat_decimals& e = s.exact;
        q["measures"][m] = {{"count", s.count},
                            {"mean", stat_json(p, e.mean, s.mean)},
                            {"sd", stat_json(p, e.sd, s.sd)},
                            {"min", stat_json(p, e.min, s.min)},
                            {"q1", stat_json(p, e.q1, s.q1)},
                            {"median", stat_json(p, e.median, s.median)},
                            {"q3", stat_json(p, e.q3, s.q3)},
                            {"max", stat_json(p, e.max, s.max)}};
    }
    return q;
}

/// summary.json: everything, with the configuration echo.
void write_summary_json(const std::filesystem::path& dir, const nlohmann::json& echo, const std::vector<point_row>& points,
                        std::size_t seeds)
{
    nlohmann::json j;
    j["snae_sweep"]["config"] = echo;
    j["snae_sweep"]["seeds_per_point"] = seeds;
    j["points"] = nlohmann::json::array();
    for (const auto& p : points) j["points"].push_back(point_json(p));
    atomic_file f((dir / "summary.json").string());
    f.stream() << j.dump(2) << '\n';
    f.commit();
}

} // namespace

std::vector<std::string> write_summaries(const std::filesystem::path& dir, const nlohmann::json& echo,
                                         const std::vector<point_row>& points, std::size_t seeds,
                                         const std::vector<std::string>& columns)
{
    write_summary_csv(dir, points);
    write_summary_json(dir, echo, points, seeds);
    const summary_table table = make_table(echo, points, columns);
    write_summary_md(dir, echo, table, seeds);
    write_summary_tex(dir, echo, table, seeds);
    return {"summary.csv", "summary.json", "summary.md", "summary.tex"};
}

} // namespace snae::sweep
