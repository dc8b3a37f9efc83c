// The selection study: which data direction SGD ends on, against the rank of
// its initial coordinate c_k(w0). The orthonormal theory says SGD (b < n)
// converges to a single data direction x_k; these tables show how k relates
// to w0 (the largest initial coordinate? a positive one?) and whether the
// choice survives a change of precision.
#include "study_common.hpp"

#include <snae/text.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace snae::sweep::study {

namespace fs = std::filesystem;

std::vector<std::string> selection_slice_columns()
{
    return {"scalar", "activation", "data", "n", "d", "batch", "sampler", "eta"};
}

bool decided(const run_record& r)
{
    const std::string& status = r.text("status");
    return (status == "converged" || status == "max_steps") && r.count("selected") && r.count("selected_rank") &&
           r.count("selected_abs_rank");
}

namespace {

/// Counts per rank 1..ranks of a rank column over the decided runs.
std::vector<proportion> rank_distribution(const run_set& runs, const std::string& column, std::size_t ranks, std::uint64_t decided_runs)
{
    std::vector<std::uint64_t> hits(ranks, 0);
    for (const run_record* r : runs) {
        if (!decided(*r)) continue;
        const std::uint64_t rank = *r->count(column);
        if (rank >= 1 && rank <= ranks) ++hits[rank - 1];
    }
    std::vector<proportion> out;
    for (std::uint64_t h : hits) out.push_back(wilson(h, decided_runs));
    return out;
}

selection_slice slice_of(const group_key& key, const run_set& runs)
{
    selection_slice s;
    s.key = key;
    s.n = runs.front()->count("n").value_or(0);
    s.runs = runs.size();
    std::uint64_t positive_hits = 0, positive_trials = 0, positive_sum = 0;
    for (const run_record* r : runs) {
        if (!decided(*r)) continue;
        ++s.decided;
        const auto positive = r->count("positive_init");
        if (!positive || r->missing("selected_init")) continue;
        ++positive_trials;
        positive_sum += *positive;
        if (*r->number("selected_init") > 0) ++positive_hits;
    }
    const std::size_t ranks = std::min<std::size_t>(s.n, figure_ranks);
    s.rank = rank_distribution(runs, "selected_rank", ranks, s.decided);
    s.abs_rank = rank_distribution(runs, "selected_abs_rank", ranks, s.decided);
    s.positive = wilson(positive_hits, positive_trials);
    if (positive_sum > 0) s.uniform = static_cast<double>(positive_trials) / static_cast<double>(positive_sum);
    return s;
}

} // namespace

std::vector<selection_slice> selection_slices(const std::vector<run_record>& records)
{
    std::vector<selection_slice> out;
    const run_set sgd = select(records, [](const run_record& r) { return !is_full_batch(r); });
    for (const auto& [key, runs] : group_by(sgd, selection_slice_columns())) out.push_back(slice_of(key, runs));
    return out;
}

namespace {

/// The columns that group runs of one grid point and seeds across scalars.
std::vector<std::string> cross_scalar_columns()
{
    return {"activation", "data", "n", "d", "batch", "sampler", "eta", "seed", "batch_seed"};
}

} // namespace

std::vector<precision_agreement> selection_agreement(const std::vector<run_record>& records)
{
    const run_set sgd = select(records, [](const run_record& r) { return !is_full_batch(r) && decided(r); });
    std::set<std::string> scalars;
    for (const run_record* r : sgd) scalars.insert(r->text("scalar"));
    if (scalars.size() < 2) return {};
    const std::string reference = most_precise({scalars.begin(), scalars.end()});
    std::map<group_key, std::pair<std::uint64_t, std::uint64_t>, natural_less> tally; // hits, trials
    for (const auto& [key, runs] : group_by(sgd, cross_scalar_columns())) {
        const auto ref = std::find_if(runs.begin(), runs.end(), [&](const run_record* r) { return r->text("scalar") == reference; });
        if (ref == runs.end()) continue;
        std::set<std::string> seen; // one run per scalar: the first in run order
        for (const run_record* r : runs) {
            const std::string scalar = r->text("scalar");
            if (scalar == reference || !seen.insert(scalar).second) continue;
            auto& t = tally[{key[0], key[1], scalar, key[2]}];
            t.first += r->count("selected") == (*ref)->count("selected") ? 1 : 0;
            ++t.second;
        }
    }
    std::vector<precision_agreement> out;
    for (const auto& [key, t] : tally)
        out.push_back({key[0], key[1], key[2], reference, digits_value(key[3]).value_or(0), wilson(t.first, t.second)});
    return out;
}

namespace {

// ---------------------------------------------------------------------------
// Tables.

std::string number6(double x) { return std::isnan(x) ? "" : format_number(x, "%.6g"); }

void add_tidy(text_table& t, const selection_slice& s, const std::string& quantity, const std::string& rank, const proportion& p)
{
    std::vector<std::string> row = s.key;
    for (const auto& v : {std::to_string(s.runs), std::to_string(s.decided), quantity, rank, std::to_string(p.hits),
                          std::to_string(p.trials), number6(p.p), number6(p.lo), number6(p.hi)})
        row.push_back(v);
    t.rows.push_back(row);
}

text_table selection_csv(const std::vector<selection_slice>& slices)
{
    text_table t;
    t.head = selection_slice_columns();
    for (const char* h : {"runs", "decided", "quantity", "rank", "hits", "trials", "p", "lo95", "hi95"}) t.head.push_back(h);
    for (const auto& s : slices) {
        for (std::size_t r = 0; r < s.rank.size(); ++r) add_tidy(t, s, "selected_rank", std::to_string(r + 1), s.rank[r]);
        for (std::size_t r = 0; r < s.abs_rank.size(); ++r) add_tidy(t, s, "selected_abs_rank", std::to_string(r + 1), s.abs_rank[r]);
        add_tidy(t, s, "positive_selected", "", s.positive);
        std::vector<std::string> row = s.key;
        for (const auto& v : {std::to_string(s.runs), std::to_string(s.decided), std::string("uniform_baseline"), std::string(),
                              std::string(), std::string(), number6(s.uniform), std::string(), std::string()})
            row.push_back(v);
        t.rows.push_back(row);
    }
    return t;
}

/// The slice columns that differ between slices, and "name = value" of the others.
std::pair<std::vector<std::size_t>, std::string> shown_columns(const std::vector<group_key>& keys, const std::vector<std::string>& names)
{
    const auto shown = varying(keys);
    std::vector<std::string> fixed_text;
    for (std::size_t i = 0; i < names.size() && !keys.empty(); ++i)
        if (std::find(shown.begin(), shown.end(), i) == shown.end()) fixed_text.push_back(names[i] + " = " + keys.front()[i]);
    return {shown, join(fixed_text, ", ")};
}

text_table md_table(const std::vector<selection_slice>& slices, const std::vector<std::size_t>& shown)
{
    text_table t;
    for (std::size_t i : shown) t.head.push_back(selection_slice_columns()[i]);
    t.right.assign(t.head.size(), false);
    for (const char* h : {"runs", "decided", "P(rank 1) [95% CI]", "P(c_k(w0) > 0) [95% CI]", "1/mean |P0|"}) {
        t.head.push_back(h);
        t.right.push_back(true);
    }
    for (const auto& s : slices) {
        std::vector<std::string> row;
        for (std::size_t i : shown) row.push_back(s.key[i]);
        row.push_back(std::to_string(s.runs));
        row.push_back(std::to_string(s.decided));
        row.push_back(s.rank.empty() ? "" : with_interval(s.rank[0]));
        row.push_back(with_interval(s.positive));
        row.push_back(fixed(s.uniform, 3));
        t.rows.push_back(row);
    }
    return t;
}

text_table md_rank_table(const std::vector<selection_slice>& slices, const std::vector<std::size_t>& shown, bool absolute)
{
    std::size_t ranks = 0;
    for (const auto& s : slices) ranks = std::max(ranks, std::min<std::size_t>(s.rank.size(), table_ranks));
    text_table t;
    for (std::size_t i : shown) t.head.push_back(selection_slice_columns()[i]);
    t.right.assign(t.head.size(), false);
    for (std::size_t r = 1; r <= ranks; ++r) {
        t.head.push_back("r = " + std::to_string(r));
        t.right.push_back(true);
    }
    for (const auto& s : slices) {
        std::vector<std::string> row;
        for (std::size_t i : shown) row.push_back(s.key[i]);
        const auto& p = absolute ? s.abs_rank : s.rank;
        for (std::size_t r = 0; r < ranks; ++r) row.push_back(r < p.size() ? with_interval(p[r]) : "");
        t.rows.push_back(row);
    }
    return t;
}

const char* selection_legend()
{
    return "SGD runs (b < n) only. A run is *decided* when it converged or ran out of steps bounded and names the data "
           "direction k its final w is closest to. rank r: 1 + #{i : c_i(w0) > c_k(w0)} (1 = the largest initial "
           "coordinate); |rank|: the same for |c_i(w0)|. P(c_k(w0) > 0) from the sign of c_k(w0) (selected_init); "
           "|P0| = #{i active at w0} (all n for linear); 1/mean |P0| is the chance of a given one if SGD chose uniformly among them. Probabilities over "
           "the decided runs, with 95% Wilson score intervals in brackets.";
}

std::string selection_md(const nlohmann::json& echo, const std::vector<selection_slice>& slices)
{
    std::vector<group_key> keys;
    for (const auto& s : slices) keys.push_back(s.key);
    const auto [shown, fixed_text] = shown_columns(keys, selection_slice_columns());
    std::string out = markdown_head(echo, "Selection study", selection_legend());
    if (slices.empty()) return out + "The sweep has no SGD run (b < n): nothing to show.\n" + markdown_config(echo);
    if (!fixed_text.empty()) out += "Every row: " + fixed_text + ".\n\n";
    out += "## Summary\n\n" + markdown_text(md_table(slices, shown));
    out += "\n## P(selected_rank = r): rank of c_k(w0) among the c_i(w0)\n\n" + markdown_text(md_rank_table(slices, shown, false));
    out += "\n## P(selected_abs_rank = r): rank of |c_k(w0)| among the |c_i(w0)|\n\n" + markdown_text(md_rank_table(slices, shown, true));
    return out + markdown_config(echo);
}

text_table agreement_table(const std::vector<precision_agreement>& rows, bool readable)
{
    text_table t;
    t.head = {"activation", "data", "scalar", "reference", "n", "agree", "pairs"};
    t.right = {false, false, false, false, true, true, true};
    if (readable) {
        t.head.push_back("P(same k) [95% CI]");
    } else {
        for (const char* h : {"p", "lo95", "hi95"}) t.head.push_back(h);
    }
    t.right.resize(t.head.size(), true);
    for (const auto& a : rows) {
        std::vector<std::string> row{a.activation, a.data, a.scalar, a.reference, std::to_string(a.n),
                                     std::to_string(a.agree.hits), std::to_string(a.agree.trials)};
        if (readable) {
            row.push_back(with_interval(a.agree));
        } else {
            for (double x : {a.agree.p, a.agree.lo, a.agree.hi}) row.push_back(number6(x));
        }
        t.rows.push_back(row);
    }
    return t;
}

std::string agreement_md(const nlohmann::json& echo, const std::vector<precision_agreement>& rows)
{
    const std::string legend =
        "Decided SGD runs of one grid point, seed and batch seed at two precisions: the fraction whose selected "
        "direction k equals the one selected at the reference precision (the scalar with the most bits), with 95% "
        "Wilson score intervals. pairs: runs decided at both precisions.";
    return markdown_head(echo, "Selection across precisions", legend) + markdown_text(agreement_table(rows, true)) +
           markdown_config(echo);
}

} // namespace

// ---------------------------------------------------------------------------
// Figures.

namespace {

/// The series label of a slice: n, then whichever other slice columns vary in the figure.
std::string series_label(const selection_slice& s, const std::vector<std::size_t>& shown)
{
    const auto names = selection_slice_columns();
    std::vector<std::string> parts{"n = " + std::to_string(s.n)};
    for (std::size_t i : shown)
        if (names[i] != "n") parts.push_back(names[i] + " = " + s.key[i]);
    return join(parts, ", ");
}

/// The clauses of one panel: per series, probabilities with Wilson bars,
/// nudged sideways so that bars at one rank do not hide each other.
std::vector<std::string> rank_panel(figure_script& f, const std::vector<const selection_slice*>& slices, bool absolute)
{
    std::vector<std::string> clauses;
    for (std::size_t i = 0; i < slices.size(); ++i) {
        const auto& p = absolute ? slices[i]->abs_rank : slices[i]->rank;
        const double nudge = (static_cast<double>(i) - (static_cast<double>(slices.size()) - 1) / 2) * 0.07;
        std::vector<std::vector<double>> rows;
        for (std::size_t r = 0; r < p.size(); ++r)
            if (p[r].trials > 0) rows.push_back({static_cast<double>(r + 1) + nudge, p[r].p, p[r].lo, p[r].hi});
        const auto index = f.data.add((absolute ? "|rank|, " : "rank, ") + join(slices[i]->key, " "), rows);
        if (index)
            clauses.push_back(data_ref(f.name, *index) + " using 1:2:3:4 with yerrorlines lt " + std::to_string(i + 1) + " notitle");
    }
    return clauses;
}

/// The key: one entry per slice, named by n and whatever else varies (d
/// only when d/n does: otherwise d follows from n).
std::vector<std::string> rank_key(const std::vector<const selection_slice*>& slices)
{
    std::vector<group_key> keys;
    std::set<std::string> ratios;
    for (const auto* s : slices) {
        keys.push_back(s->key);
        ratios.insert(ratio_text(digits_value(s->key[4]).value_or(0), s->n));
    }
    auto shown = varying(keys);
    if (ratios.size() == 1) shown.erase(std::remove(shown.begin(), shown.end(), std::size_t{4}), shown.end());
    std::vector<std::string> entries;
    for (std::size_t i = 0; i < slices.size(); ++i)
        entries.push_back("keyentry with yerrorlines lt " + std::to_string(i + 1) + " title " +
                          plot::quoted(plot::enhanced_literal(series_label(*slices[i], shown))));
    return entries;
}

std::optional<figure_script> rank_figure(const std::string& name, const std::string& subtitle,
                                         const std::vector<const selection_slice*>& slices, const plot::figure_options& style)
{
    figure_script f;
    f.name = name;
    f.style = style;
    const auto left = rank_panel(f, slices, false), right = rank_panel(f, slices, true);
    if (left.empty()) return std::nullopt;
    std::size_t ranks = 1;
    for (const auto* s : slices) ranks = std::max(ranks, s->rank.size());
    panel_grid g;
    g.cols = 2;
    g.key = key_room(style, slices.size());
    g.headed = true;
    f.height = grid_height(style, g, 2.0);
    f.notes = {"x: rank r (nudged per series); y: probability; then the 95% Wilson interval lo, hi",
               "blocks: rank of c_k(w0), then rank of |c_k(w0)|, per series"};
    f.settings = "unset key\nset xrange [0.5:" + std::to_string(ranks) + ".5]\nset xtics 1\nset yrange [0:1]\nset ytics 0.2\n" +
                 "set format y \"%.1f\"\n" + plot::xlabel("rank " + plot::math("r"));
    const std::string ck = "{/:Italic c_k}({/:Italic w}_0)";
    f.draw = multiplot(f, title_with("Which direction SGD selects", subtitle)) + panel_at(f, g, 0) + "set title \"rank of " + ck +
             "\"\n" + plot::ylabel("probability") + plot::plot_command(left) + panel_at(f, g, 1) + "set title \"rank of |" + ck +
             "|\"\nunset ylabel\n" + plot::plot_command(right) + key_band(f, g, rank_key(slices)) + "unset multiplot\n";
    return f;
}

std::vector<figure_script> rank_figures(const std::vector<selection_slice>& slices, const plot::figure_options& style)
{
    std::vector<std::string> scalars;
    for (const auto& s : slices) scalars.push_back(s.key[0]);
    const std::string reference = most_precise(scalars);
    std::map<group_key, std::vector<const selection_slice*>, natural_less> by_data; // activation, data
    for (const auto& s : slices)
        if (s.key[0] == reference) by_data[{s.key[1], s.key[2]}].push_back(&s);
    std::vector<figure_script> out;
    for (const auto& [key, members] : by_data) {
        const std::string name =
            by_data.size() == 1 ? "selection-rank" : "selection-rank-" + file_token(key[0]) + "-" + file_token(key[1]);
        if (auto f = rank_figure(name, key[0] + ", " + key[1] + " data, " + reference + "; Wilson 95% intervals", members, style))
            out.push_back(std::move(*f));
    }
    return out;
}

std::optional<figure_script> agreement_figure(const std::vector<precision_agreement>& rows, const plot::figure_options& style)
{
    figure_script f;
    f.name = "selection-precision";
    f.style = style;
    std::map<group_key, std::vector<std::vector<double>>, natural_less> series; // scalar, activation, data
    std::set<std::string> data_kinds;
    for (const auto& a : rows) {
        series[{a.scalar, a.activation, a.data}].push_back({static_cast<double>(a.n), a.agree.p, a.agree.lo, a.agree.hi});
        data_kinds.insert(a.activation + "|" + a.data);
    }
    std::vector<std::string> clauses, entries;
    for (const auto& [key, points] : series) {
        const std::string label = data_kinds.size() > 1 ? key[0] + " (" + key[1] + ", " + key[2] + ")" : key[0];
        const auto index = f.data.add(label, points);
        if (!index) continue;
        const std::string lt = " lt " + std::to_string(entries.size() + 1);
        clauses.push_back(data_ref(f.name, *index) + " using 1:2:3:4 with yerrorlines" + lt + " notitle");
        entries.push_back("keyentry with yerrorlines" + lt + " title " + plot::quoted(plot::enhanced_literal(label)));
    }
    if (clauses.empty()) return std::nullopt;
    panel_grid g;
    g.key = key_room(style, entries.size());
    f.height = grid_height(style, g, 2.0);
    f.notes = {"x: n; y: fraction of seeds selecting the reference's k; then the 95% Wilson interval lo, hi"};
    f.settings = "unset key\nset logscale x 2\nset offsets graph 0.05, graph 0.05, 0, 0\nset yrange [0:1.05]\nset ytics 0.2\n" +
                 std::string("set format y \"%.1f\"\n") + plot::xlabel(plot::math("n")) +
                 plot::ylabel("agreement with " + plot::enhanced_literal(rows.front().reference));
    f.draw = multiplot(f, title_with("Selected direction across precisions", "Wilson 95% intervals")) + panel_at(f, g, 0) +
             plot::plot_command(clauses) + key_band(f, g, entries) + "unset multiplot\n";
    return f;
}

} // namespace

study_result write_selection(const fs::path& dir, const nlohmann::json& echo, const std::vector<run_record>& records,
                             const plot::figure_options& style, bool figures)
{
    study_result out;
    const auto slices = selection_slices(records);
    write_file(dir, "selection.csv", csv_text(selection_csv(slices)), out.files);
    write_file(dir, "selection.md", selection_md(echo, slices), out.files);
    const auto agreement = selection_agreement(records);
    if (!agreement.empty()) {
        write_file(dir, "selection-precision.csv", csv_text(agreement_table(agreement, false)), out.files);
        write_file(dir, "selection-precision.md", agreement_md(echo, agreement), out.files);
    }
    if (!figures) return out;
    auto scripts = rank_figures(slices, style);
    if (auto f = agreement_figure(agreement, style)) scripts.push_back(std::move(*f));
    out.message = write_figures(dir / "figures", scripts, echo, out.files);
    return out;
}

} // namespace snae::sweep::study
