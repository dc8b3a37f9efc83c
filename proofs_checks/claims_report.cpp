// The reports of `snae verify`, all from the same claim results: the text
// table, and verification.{md,tex,json} (certification.* for the certified
// catalogue). What each holds: docs/claims.md, "Reports", and
// docs/certified.md. The .tex files compile in \documentclass{article} with
// exactly the packages their header lists (tests/reports/latex.py).
#include "claims.hpp"

#include <snae/atomic_file.hpp>
#include <snae/provenance.hpp>
#include <snae/text.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>

namespace snae::proofs_checks {

namespace {

/// Numbers in the text and Markdown reports: three significant digits.
std::string fmt(double x) { return format_number(x, "%.3g"); }

std::size_t exact_count(const claim_result& r)
{
    std::size_t k = 0;
    for (const auto& p : r.t.proven) k += p.value("level", "") == "EXACT" ? 1 : 0;
    return k;
}

/// The verdict, with the number of statements proven EXACT beside it.
std::string result_text(const claim_result& r)
{
    const std::size_t k = exact_count(r);
    return verdict(r) + (r.pass && k > 0 ? " + " + std::to_string(k) + " EXACT" : "");
}

/// A claim with no comparison under a tolerance (exact conditions only) has
/// no worst ratio: a dash in the tables, null in the JSON, never a 0.
bool exact_only(const claim_result& r) { return r.t.tolerance_comparisons == 0; }

std::string ratio_text(const claim_result& r) { return exact_only(r) ? "-" : fmt(r.t.worst_ratio); }

bool any_exact_only(const std::vector<claim_result>& results)
{
    for (const auto& r : results)
        if (exact_only(r)) return true;
    return false;
}

const char* exact_only_legend = "A dash in \"worst e/tol\": exact conditions only, no comparison under a tolerance.";

/// An error or a tolerance as its comparison recorded it: the value, or 2^x
/// for a comparison made in log2 (2^-inf, a width of 0, as 0).
std::string amount_text(double x, compared_as scale)
{
    if (scale == compared_as::value) return fmt(x);
    if (std::isinf(x) && x < 0) return "0";
    return "2^" + format_number(x, "%.2f");
}

bool all_pass(const std::vector<claim_result>& results)
{
    bool all = true;
    for (const auto& r : results) all = all && r.pass;
    return all;
}

bool any_interrupted(const std::vector<claim_result>& results)
{
    for (const auto& r : results)
        if (r.interrupted) return true;
    return false;
}

std::string overall(const std::vector<claim_result>& results, const check_options& opt)
{
    if (any_interrupted(results)) return "INTERRUPTED (only the claims marked PASS or CERTIFIED below finished)";
    if (all_pass(results)) return opt.certified ? "CERTIFIED" : "PASS";
    return opt.certified ? "NOT CERTIFIED" : "FAIL";
}

std::string mode_text(const check_options& opt)
{
    return std::string(opt.full ? "full" : "default") + (opt.wrong_prediction ? " (WRONG PREDICTIONS: every claim must fail)" : "");
}

// --- Which precisions ran ---

/// The bits of a precision named "<family>:<bits>" (mpfr:256, mpfi:513).
std::optional<long> bits_of(const std::string& precision)
{
    const auto colon = precision.find(':');
    if (colon == std::string::npos || colon + 1 == precision.size()) return std::nullopt;
    const std::string digits = precision.substr(colon + 1);
    if (digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stol(digits);
}

std::string family_of(const std::string& precision) { return precision.substr(0, precision.find(':')); }

/// Where a precision new to `all` goes: among its family by bits when it
/// has bits (mpfi:257 between mpfi:128 and mpfi:513), else at `fallback`
/// (right after the claim's previous precision).
std::size_t insert_position(const std::vector<std::string>& all, const std::string& p, std::size_t fallback)
{
    const auto bits = bits_of(p);
    if (!bits) return fallback;
    std::optional<std::size_t> after_family;
    for (std::size_t k = 0; k < all.size(); ++k) {
        if (family_of(all[k]) != family_of(p) || !bits_of(all[k])) continue;
        if (*bits_of(all[k]) > *bits) return k;
        after_family = k + 1;
    }
    return after_family.value_or(fallback);
}

/// Every precision any claim ran, each once, each claim's in its order.
std::vector<std::string> merged_precisions(const std::vector<claim_result>& results)
{
    std::vector<std::string> all;
    for (const auto& r : results) {
        std::size_t next = 0;
        for (const auto& p : r.t.precisions) {
            auto at = std::find(all.begin(), all.end(), p);
            if (at == all.end()) at = all.insert(all.begin() + static_cast<std::ptrdiff_t>(insert_position(all, p, next)), p);
            next = static_cast<std::size_t>(at - all.begin()) + 1;
        }
    }
    return all;
}

/// The header lines every report shares: what ran, from the same lists as the JSON's `precisions`.
std::vector<std::string> precision_lines(const std::vector<claim_result>& results)
{
    std::vector<std::string> lines{"Precisions: " + join(merged_precisions(results), ", ")};
    for (const auto& r : results) lines.push_back(r.id + " precisions: " + join(r.t.precisions, ", "));
    return lines;
}

} // namespace

// --- The text table ---

std::string text_table(const std::vector<claim_result>& results)
{
    std::ostringstream o;
    char line[512];
    std::snprintf(line, sizeof line, "%-4s %-66s %5s %5s %11s  %s\n", "", "claim", "inst", "prec", "worst e/tol", "result");
    o << line;
    for (const auto& r : results) {
        std::string st = r.statement.size() > 66 ? r.statement.substr(0, 63) + "..." : r.statement;
        std::snprintf(line, sizeof line, "%-4s %-66s %5zu %5zu %11s  %s\n", r.id.c_str(), st.c_str(), r.t.instances.size(),
                      r.t.precisions.size(), ratio_text(r).c_str(), result_text(r).c_str());
        o << line;
        for (std::size_t k = 0; k < r.t.failures.size() && k < 5; ++k) o << "       " << r.t.failures[k] << "\n";
        if (r.t.failures.size() > 5) o << "       ... " << r.t.failures.size() - 5 << " more failures\n";
    }
    if (any_exact_only(results)) o << exact_only_legend << "\n";
    return o.str();
}

namespace {

// --- Markdown ---

/// The title, the provenance, what the report says, and (certified) each claim's hypotheses.
void write_markdown_intro(std::ostream& m, const std::vector<claim_result>& results, const check_options& opt)
{
    m << (opt.certified ? "# snae certification report\n\n" : "# snae verification report\n\n")
      << "Provenance: " << provenance_line() << "\n\n";
    if (opt.certified)
        m << "Each claim is certified in interval arithmetic (MPFI): every statement is an enclosure statement proven "
             "for the stated instances, resting on the correct rounding of MPFR and MPFI. CERTIFIED means every bound "
             "was established; NOT CERTIFIED names each bound that could not be. \"worst e/tol\" is the largest "
             "enclosure width divided by the width the claim allows. What is and is not proven: docs/certified.md.\n\n";
    else
        m << "Each claim is checked by running the generic trainer and comparing with the closed form at every precision "
             "listed; \"worst e/tol\" is the largest observed error divided by its tolerance (a claim passes when every "
             "ratio is at most 1 and every exact condition holds). Statements, derivations and tolerances: docs/claims.md.\n\n";
    if (!opt.certified) return;
    m << "Hypotheses of each certificate (every proven inequality below also lists its own instance's):\n\n";
    for (const auto& r : results) {
        m << "- " << r.id << " " << r.name << ":\n";
        for (const auto& h : r.hypotheses) m << "  - " << h.plain << "\n";
    }
    m << "\n";
}

/// The claim's worst comparison at each precision, with the counts there.
void write_markdown_by_precision(std::ostream& m, const claim_result& r)
{
    m << "\n| precision | under a tolerance | exact conditions | worst e/tol | error | tolerance | where: quantity |\n"
         "|---|---:|---:|---:|---:|---:|---|\n";
    for (const auto& s : r.t.by_precision) {
        m << "| " << s.precision << " | " << s.tolerance_comparisons << " | " << s.exact_conditions << " | ";
        if (s.tolerance_comparisons == 0) {
            m << "- | | | exact conditions only |\n";
            continue;
        }
        const comparison& w = s.worst;
        m << fmt(w.ratio) << " | " << amount_text(w.error, w.scale) << " | " << amount_text(w.tolerance, w.scale) << " | "
          << md_cell(w.where + ": " + w.quantity) << " |\n";
    }
    m << "\n";
}

/// One claim's section: instances, precisions, the comparisons and the worst
/// of them (overall and per precision), what was proven, observations, failures.
void write_markdown_claim(std::ostream& m, const claim_result& r)
{
    m << "## " << r.id << " " << r.name << "\n\n" << r.statement << "\n\n"
      << "- instances: " << join(r.t.instances, "; ") << "\n"
      << "- precisions: " << join(r.t.precisions, ", ") << "\n"
      << "- comparisons: " << r.t.comparisons << " (" << r.t.tolerance_comparisons << " under a tolerance, "
      << r.t.exact_conditions << " exact conditions); ";
    if (exact_only(r)) m << "exact conditions only, so no worst error/tolerance\n";
    else m << "worst error/tolerance " << fmt(r.t.worst_ratio) << " at " << r.t.worst_where << "\n";
    m << "- time: " << format_number(r.seconds, "%.2f") << " s\n"
      << "- worst comparison at each precision:\n";
    write_markdown_by_precision(m, r);
    if (!r.t.proven.empty()) {
        m << "- proven (" << r.t.proven.size() << " inequalities; hypotheses per instance in the JSON report):\n";
        for (const auto& p : r.t.proven)
            m << "  - " << p.at("instance").get<std::string>() << ": " << p.at("proven").get<std::string>() << "\n";
    }
    if (!r.t.details.empty()) m << "- observations:\n\n```json\n" << r.t.details.dump(1) << "\n```\n";
    for (const auto& f : r.t.failures) m << "- FAILED: " << f << "\n";
    m << "\n";
}

/// The mode, the overall verdict, what ran, and the table of claims.
void write_markdown_summary(std::ostream& m, const std::vector<claim_result>& results, const check_options& opt)
{
    m << "Mode: " << mode_text(opt) << ". Overall: " << overall(results, opt) << ".\n\n";
    for (const auto& line : precision_lines(results)) m << "- " << line << "\n";
    m << "\n| claim | statement | instances | precisions | worst e/tol | result |\n|---|---|---|---|---|---|\n";
    for (const auto& r : results)
        m << "| " << r.id << " | " << md_cell(r.statement) << " | " << r.t.instances.size() << " | " << join(r.t.precisions, ", ")
          << " | " << ratio_text(r) << " | " << result_text(r) << " |\n";
    if (any_exact_only(results)) m << "\n" << exact_only_legend << "\n";
    m << "\n";
}

void write_markdown(const std::vector<claim_result>& results, const check_options& opt, const std::string& md)
{
    atomic_file fm(md);
    auto& m = fm.stream();
    write_markdown_intro(m, results, opt);
    write_markdown_summary(m, results, opt);
    for (const auto& r : results) write_markdown_claim(m, r);
    fm.commit();
}

// --- LaTeX ---

std::string tex_ratio(const claim_result& r) { return exact_only(r) ? "{---}" : siunitx_number(r.t.worst_ratio); }

/// Every worst ratio the two LaTeX tables print.
std::vector<double> printed_ratios(const std::vector<claim_result>& results)
{
    std::vector<double> v;
    for (const auto& r : results) {
        if (!exact_only(r)) v.push_back(r.t.worst_ratio);
        for (const auto& s : r.t.by_precision)
            if (s.tolerance_comparisons > 0) v.push_back(s.worst.ratio);
    }
    return v;
}

/// The distinct precision lists of the claims, keyed a, b, ... in order of first appearance.
class precision_keys {
public:
    explicit precision_keys(const std::vector<claim_result>& results)
    {
        for (const auto& r : results)
            if (std::find(lists_.begin(), lists_.end(), r.t.precisions) == lists_.end()) lists_.push_back(r.t.precisions);
    }
    std::string key(const std::vector<std::string>& list) const
    {
        const auto at = std::find(lists_.begin(), lists_.end(), list);
        return std::string(1, static_cast<char>('a' + (at - lists_.begin()) % 26));
    }
    /// Whether the claims ran different lists (else one list, no keys).
    bool several() const { return lists_.size() > 1; }
    /// "Prec.: the precisions run, (a) double, ...; (b) ...", or the one list every claim ran; in typewriter.
    std::string legend() const
    {
        std::vector<std::string> parts;
        for (const auto& l : lists_) {
            std::vector<std::string> names;
            for (const auto& p : l) names.push_back(tex_typewriter(p));
            parts.push_back((several() ? "(" + key(l) + ") " : "") + join(names, ", "));
        }
        return (several() ? "Prec.: the precisions run, " : "Every claim ran at the precisions ") + join(parts, "; ") + ".";
    }

private:
    std::vector<std::vector<std::string>> lists_;
};

/// The header: what the file is, the packages it needs (read by
/// tests/reports/latex.py), the provenance, and what ran.
void write_tex_header(std::ostream& t, const std::vector<claim_result>& results, const check_options& opt)
{
    t << "% snae " << (opt.certified ? "certification" : "verification")
      << " report: \\input this file in a document that loads the packages below.\n"
      << "% LaTeX packages: booktabs, siunitx, amsmath, tabularx\n"
      << "% Provenance: " << provenance_line() << "\n"
      << "% Mode: " << mode_text(opt) << ". Overall: " << overall(results, opt) << ".\n";
    for (const auto& line : precision_lines(results)) t << "% " << line << "\n";
}

/// The claim's name in the certified table, without the catalogue's "certified-" prefix.
std::string short_name(const claim_result& r)
{
    const std::string prefix = "certified-";
    return r.name.compare(0, prefix.size(), prefix) == 0 ? r.name.substr(prefix.size()) : r.name;
}

/// The table of claims. The floating one states each claim; the certified
/// one names it (its statements, longer, head each claim's section below)
/// and counts the statements proven exactly. A "Prec." column keys each
/// claim's precisions when the claims ran different lists.
void write_tex_summary(std::ostream& t, const std::vector<claim_result>& results, const check_options& opt,
                       const precision_keys& keys, const std::string& column)
{
    // The second column takes what the page leaves (tabularx), so a long result (NOT CERTIFIED) still fits.
    std::string spec = "@{}l>{\\raggedright\\arraybackslash}Xr";
    std::string head = opt.certified ? "Claim & Name & {Inst.}" : "Claim & Statement & {Inst.}";
    if (keys.several()) spec += "c", head += " & {Prec.}";
    spec += column, head += " & {$\\max e/\\mathrm{tol}$}";
    if (opt.certified) spec += "r", head += " & {Exact}";
    spec += "l@{}", head += " & Result";
    t << "\\begin{tabularx}{\\linewidth}{" << spec << "}\n\\toprule\n" << head << " \\\\\n\\midrule\n";
    for (const auto& r : results) {
        t << r.id << " & " << (opt.certified ? tex_escape(short_name(r)) : r.statement_latex) << " & " << r.t.instances.size();
        if (keys.several()) t << " & " << keys.key(r.t.precisions);
        t << " & " << tex_ratio(r);
        if (opt.certified) t << " & " << exact_count(r);
        t << " & " << verdict(r) << " \\\\\n";
        // Statements run over several lines: a little space tells the rows apart.
        if (!opt.certified && &r != &results.back()) t << "\\addlinespace[0.3em]\n";
    }
    t << "\\bottomrule\n\\end{tabularx}\n";
}

/// How many precisions from `k` on share the family of precisions[k] and
/// have bits (mpfr:256, mpfr:1024): one head spans them. 1 for a name alone.
std::size_t family_run(const std::vector<std::string>& precisions, std::size_t k)
{
    if (!bits_of(precisions[k])) return 1;
    std::size_t run = 1;
    while (k + run < precisions.size() && bits_of(precisions[k + run]) && family_of(precisions[k + run]) == family_of(precisions[k]))
        ++run;
    return run;
}

/// The heads of the per-precision table: a family over its bits ("mpfr"
/// over 256 and 1024), a name without bits alone (double, exact).
void write_tex_precision_heads(std::ostream& t, const std::vector<std::string>& precisions)
{
    std::ostringstream top, rules, bits;
    for (std::size_t k = 0; k < precisions.size();) {
        const std::size_t run = family_run(precisions, k);
        if (!bits_of(precisions[k])) {
            top << " & {" << tex_typewriter(precisions[k]) << "}";
            bits << " & {}";
        } else {
            top << " & \\multicolumn{" << run << "}{c}{" << tex_typewriter(family_of(precisions[k])) << "}";
            rules << "\\cmidrule(lr){" << k + 2 << "-" << k + run + 1 << "}";
            for (std::size_t j = k; j < k + run; ++j) bits << " & {" << *bits_of(precisions[j]) << "}";
        }
        k += run;
    }
    t << "Claim" << top.str() << " \\\\\n";
    if (!rules.str().empty()) t << rules.str() << "\n" << bits.str() << " \\\\\n";
}

/// One claim's row: its worst ratio at each precision, a dash where it made
/// exact conditions only, empty where it did not run.
void write_tex_precision_row(std::ostream& t, const claim_result& r, const std::vector<std::string>& precisions)
{
    t << r.id;
    for (const auto& p : precisions) {
        t << " & ";
        for (const auto& s : r.t.by_precision)
            if (s.precision == p) t << (s.tolerance_comparisons == 0 ? "{---}" : siunitx_number(s.worst.ratio));
    }
    t << " \\\\\n";
}

/// The worst ratio of each claim at the given precisions: one table, small, with narrow column gaps.
void write_tex_precision_table(std::ostream& t, const std::vector<claim_result>& results,
                               const std::vector<std::string>& precisions, const std::string& column)
{
    const std::size_t n = precisions.size();
    t << "{\\small\\setlength{\\tabcolsep}{4pt}%\n\\begin{tabular}{@{}l*{" << n << "}{" << column << "}@{}}\n\\toprule\n"
      << " & \\multicolumn{" << n << "}{c}{$\\max e/\\mathrm{tol}$ at each precision} \\\\\n\\cmidrule(l){2-" << n + 1 << "}\n";
    write_tex_precision_heads(t, precisions);
    t << "\\midrule\n";
    for (const auto& r : results) write_tex_precision_row(t, r, precisions);
    t << "\\bottomrule\n\\end{tabular}\\par}\n";
}

/// At most five precisions fit the page (345 pt) side by side: more are
/// split into tables of nearly equal size, one above the other.
constexpr std::size_t precisions_per_table = 5;

void write_tex_by_precision(std::ostream& t, const std::vector<claim_result>& results, const std::string& column)
{
    const auto precisions = merged_precisions(results);
    const std::size_t tables = (precisions.size() + precisions_per_table - 1) / precisions_per_table;
    if (tables == 0) return;
    const std::size_t per = (precisions.size() + tables - 1) / tables;
    for (std::size_t k = 0; k < precisions.size(); k += per) {
        const auto end = precisions.begin() + static_cast<std::ptrdiff_t>(std::min(k + per, precisions.size()));
        if (k > 0) t << "\\medskip\n";
        write_tex_precision_table(t, results, {precisions.begin() + static_cast<std::ptrdiff_t>(k), end}, column);
    }
}

/// What the columns mean, below the tables.
void write_tex_legend(std::ostream& t, const std::vector<claim_result>& results, const check_options& opt,
                      const precision_keys& keys)
{
    bool dash = any_exact_only(results);
    for (const auto& r : results)
        for (const auto& s : r.t.by_precision) dash = dash || s.tolerance_comparisons == 0;
    t << "\\par\\smallskip\n{\\footnotesize\\raggedright Inst.: instances. " << keys.legend() << " "
      << (opt.certified ? "$\\max e/\\mathrm{tol}$: the largest enclosure width divided by the width the claim allows. "
                          "Exact: statements proven in exact rational arithmetic. "
                        : "$\\max e/\\mathrm{tol}$: the largest observed error divided by its tolerance; a claim passes when "
                          "every ratio is at most 1 and every exact condition holds. ")
      << (dash ? "A dash: exact conditions only, no comparison under a tolerance. " : "") << "Mode: " << tex_escape(mode_text(opt))
      << ". Overall: " << tex_escape(overall(results, opt)) << ".\\par}\n";
}

/// The proven inequalities, grouped under the instance each is about (the
/// checks prove an instance's statements one after another), all in
/// typewriter as the check wrote them. Tight lists: there are hundreds.
void write_tex_proven_list(std::ostream& t, const nlohmann::json& proven)
{
    if (proven.empty()) return;
    const std::string tight = "\\raggedright\\frenchspacing\\setlength{\\itemsep}{0pt}\\setlength{\\parskip}{0pt}";
    t << "\\begin{itemize}" << tight << "\n";
    std::string instance;
    bool open = false;
    for (const auto& p : proven) {
        const std::string here = p.at("instance").get<std::string>();
        if (!open || here != instance) {
            if (open) t << "\\end{itemize}\n";
            t << "\\item " << tex_typewriter(here) << ":\n\\begin{itemize}" << tight << "\n";
            instance = here;
            open = true;
        }
        t << "\\item " << tex_typewriter(p.at("proven").get<std::string>()) << "\n";
    }
    t << "\\end{itemize}\n\\end{itemize}\n";
}

/// Certified reports, after the tables: per claim its statement, its
/// hypotheses and every inequality proven, per instance, in typewriter
/// as the check wrote it (the JSON has each instance's own hypotheses).
void write_tex_proven(std::ostream& t, const std::vector<claim_result>& results)
{
    for (const auto& r : results) {
        t << "\n\\paragraph{" << r.id << " (" << tex_escape(r.name) << ")}\n" << r.statement_latex
          << "\n\n\\noindent Hypotheses:\n\\begin{itemize}\\raggedright\n";
        for (const auto& h : r.hypotheses) t << "\\item " << h.latex << "\n";
        t << "\\end{itemize}\n\\noindent ";
        if (r.t.proven.empty()) t << "Proven: nothing.\n";
        else t << "Proven (" << r.t.proven.size() << " inequalities), per instance:\n";
        write_tex_proven_list(t, r.t.proven);
    }
}

void write_tex(const std::vector<claim_result>& results, const check_options& opt, const std::string& tex)
{
    atomic_file ft(tex);
    auto& t = ft.stream();
    write_tex_header(t, results, opt);
    const precision_keys keys(results);
    const std::string column = siunitx_column(printed_ratios(results));
    // Centred paragraphs (no indent), not one box: the tables may fall on two pages.
    t << "{\\centering\n";
    write_tex_summary(t, results, opt, keys, column);
    t << "\\par\\bigskip\n";
    write_tex_by_precision(t, results, column);
    t << "\\par}\n";
    write_tex_legend(t, results, opt, keys);
    if (opt.certified) write_tex_proven(t, results);
    ft.commit();
}

// --- JSON ---

nlohmann::json number_or_null(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

nlohmann::json text_or_null(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

/// A tolerance comparison as {claim, precision, instance, where, quantity,
/// error, tolerance, ratio, compared_as}; without one (exact conditions
/// only) the same keys, null but claim and precision.
nlohmann::json comparison_json(const std::string& claim, const std::string& precision, const comparison* c)
{
    if (!c)
        return {{"claim", claim}, {"precision", precision}, {"instance", nullptr}, {"where", nullptr}, {"quantity", nullptr},
                {"error", nullptr}, {"tolerance", nullptr}, {"ratio", nullptr}, {"compared_as", nullptr}};
    return {{"claim", claim},
            {"precision", c->precision},
            {"instance", text_or_null(c->instance)},
            {"where", c->where},
            {"quantity", c->quantity},
            {"error", number_or_null(c->error)},
            {"tolerance", number_or_null(c->tolerance)},
            {"ratio", number_or_null(c->ratio)},
            {"compared_as", c->scale == compared_as::log2 ? "log2" : "value"}};
}

/// One entry per precision the claim ran: its worst comparison and its counts.
nlohmann::json by_precision_json(const claim_result& r)
{
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& s : r.t.by_precision) {
        nlohmann::json e = comparison_json(r.id, s.precision, s.tolerance_comparisons > 0 ? &s.worst : nullptr);
        e["tolerance_comparisons"] = s.tolerance_comparisons;
        e["exact_conditions"] = s.exact_conditions;
        rows.push_back(e);
    }
    return rows;
}

/// What was compared and the worst of it, overall and per precision.
void add_comparisons_json(nlohmann::json& c, const claim_result& r)
{
    c["comparisons"] = r.t.comparisons;
    c["tolerance_comparisons"] = r.t.tolerance_comparisons;
    c["exact_conditions"] = r.t.exact_conditions;
    c["worst_ratio"] = exact_only(r) ? nlohmann::json(nullptr) : number_or_null(r.t.worst_ratio);
    c["worst_where"] = r.t.worst_where;
    c["worst"] = exact_only(r) ? nlohmann::json(nullptr) : comparison_json(r.id, r.t.worst.precision, &r.t.worst);
    c["worst_by_precision"] = by_precision_json(r);
}

nlohmann::json claim_json(const claim_result& r)
{
    nlohmann::json c;
    c["id"] = r.id;
    c["name"] = r.name;
    c["statement"] = r.statement;
    c["statement_latex"] = r.statement_latex;
    c["pass"] = r.pass;
    c["certified_claim"] = r.certified;
    c["result"] = verdict(r);
    c["exact_statements"] = exact_count(r);
    c["interrupted"] = r.interrupted;
    c["instances"] = r.t.instances;
    c["precisions"] = r.t.precisions;
    add_comparisons_json(c, r);
    c["failures"] = r.t.failures;
    c["details"] = r.t.details;
    if (r.certified) {
        c["hypotheses"] = nlohmann::json::array();
        c["hypotheses_latex"] = nlohmann::json::array();
        for (const auto& h : r.hypotheses) {
            c["hypotheses"].push_back(h.plain);
            c["hypotheses_latex"].push_back(h.latex);
        }
        c["proven"] = r.t.proven;
    }
    c["seconds"] = r.seconds;
    return c;
}

void write_json(const std::vector<claim_result>& results, const check_options& opt, const std::string& js)
{
    nlohmann::json j;
    j["provenance"] = provenance_json();
    j["mode"] = opt.full ? "full" : "default";
    j["certified"] = opt.certified;
    j["wrong_prediction"] = opt.wrong_prediction;
    j["pass"] = all_pass(results);
    j["interrupted"] = any_interrupted(results);
    j["precisions"] = merged_precisions(results);
    j["claims"] = nlohmann::json::array();
    for (const auto& r : results) j["claims"].push_back(claim_json(r));
    atomic_file fj(js);
    fj.stream() << j.dump(2) << "\n";
    fj.commit();
}

} // namespace

std::vector<std::string> write_reports(const std::vector<claim_result>& results, const check_options& opt,
                                       const std::string& dir)
{
    std::filesystem::create_directories(dir);
    const std::string base = dir + (opt.certified ? "/certification" : "/verification");
    const std::string md = base + ".md", tex = base + ".tex", js = base + ".json";
    write_markdown(results, opt, md);
    write_tex(results, opt, tex);
    write_json(results, opt, js);
    return {md, tex, js};
}

} // namespace snae::proofs_checks
