// One writer per format: the text table, precision.json, precision.md,
// precision.tex, and the two figures' data and gnuplot scripts.
#include "report.hpp"

#include <gnuplot.hpp>

#include <snae/provenance.hpp>
#include <snae/text.hpp>

#include <algorithm>

#include <cmath>
#include <sstream>

namespace snae::precision {

namespace fs = std::filesystem;

namespace {

/// A deviation or constant in the tables: 3 significant digits; any NaN as "nan".
std::string sci(double x) { return std::isnan(x) ? "nan" : format_number(x, "%.2e"); }

std::string opt_step(const std::optional<std::uint64_t>& t) { return t ? std::to_string(*t) : "-"; }

std::string yes_no(bool b) { return b ? "yes" : "no"; }

std::vector<std::string> header()
{
    return {"scalar", "bits", "status", "steps", "max |dw|", "max |dw|/|w|", "first > thr", "K", "same support", "same k", "loss gap"};
}

/// The cells of header() for one type, shared by the text and Markdown tables.
std::vector<std::string> cells(const type_result& t)
{
    return {t.scalar, std::to_string(t.bits), t.status, std::to_string(t.steps), sci(t.max_abs), sci(t.max_rel),
            opt_step(t.first_exceed), sci(t.K), yes_no(t.same_support()), yes_no(t.same_selection()),
            t.loss_gap.empty() ? "-" : t.loss_gap == "n/a" ? t.loss_gap : sci(std::strtod(t.loss_gap.c_str(), nullptr))};
}

template <class T>
nlohmann::json or_null(const std::optional<T>& v)
{
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json to_json(const type_result& t)
{
    return {{"scalar", t.scalar},
            {"bits", t.bits},
            {"unit_roundoff", t.unit_roundoff},
            {"status", t.status},
            {"steps", t.steps},
            {"max_abs_deviation", t.max_abs},
            {"max_rel_deviation", t.max_rel},
            {"first_exceed_step", or_null(t.first_exceed)},
            {"K", t.K},
            {"support", t.support},
            {"reference_support", t.ref_support},
            {"same_support", t.same_support()},
            {"selected", or_null(t.selected)},
            {"reference_selected", or_null(t.ref_selected)},
            {"same_selected", t.same_selection()},
            {"loss_gap", t.loss_gap}};
}

// --- Markdown and LaTeX ---

std::string markdown_types(const precision_report& r)
{
    std::ostringstream o;
    o << "Reference " << r.reference << ". Deviation ||w_T(t) - w_ref(t)|| along the trajectory, measured in the reference's "
      << "precision; K = max deviation / (u steps); first step with relative deviation above " << sci(r.threshold) << ".\n\n|";
    const auto h = header();
    for (const auto& c : h) o << ' ' << c << " |";
    o << "\n|";
    for (std::size_t k = 0; k < h.size(); ++k) o << (k < 3 ? " --- |" : " ---: |");
    o << '\n';
    for (const auto& t : r.types) {
        o << '|';
        for (const auto& c : cells(t)) o << ' ' << md_cell(c) << " |";
        o << '\n';
    }
    return o.str();
}

std::string markdown_law_and_seeds(const precision_report& r)
{
    std::ostringstream o;
    for (const auto& c : r.law) {
        o << "\nError law, " << c.name << " (reference mpfr:" << r.law_reference_bits << "): slope of log2(deviation) per bit = "
          << c.law.slope << "\n\n| bits | log2 deviation |\n| ---: | ---: |\n";
        for (std::size_t k = 0; k < c.law.bits.size(); ++k) o << "| " << c.law.bits[k] << " | " << c.law.log2_deviation[k] << " |\n";
    }
    if (!r.seeds.empty()) {
        o << "\nSeeds " << md_cell(r.seeds) << ": fraction selecting the reference's k\n\n| scalar | same k | seeds |\n| --- | ---: | ---: |\n";
        for (const auto& a : r.agreement) o << "| " << md_cell(a.scalar) << " | " << a.same << " | " << a.seeds << " |\n";
    }
    return o.str();
}

std::string markdown_report(const precision_report& r)
{
    std::string o = "<!-- snae-precision-config: " + r.config.dump() + " -->\n# Precision report\n\nProvenance: " +
                    provenance_line() + "\n\n";
    if (r.interrupted) o += "**Interrupted**: only what finished is reported (types with status ok).\n\n";
    if (!r.types.empty()) o += markdown_types(r);
    return o + markdown_law_and_seeds(r);
}

// LaTeX: tables to \input in \documentclass{article} with exactly the
// packages the header lists (tests/reports/latex.py), each narrower than
// the page's 345 pt: the types' numbers in two tables, the error law and
// the agreement over seeds each in its own.

/// The loss gap as a number (NaN when it was not measured).
double loss_gap_of(const type_result& t)
{
    return t.loss_gap.empty() || t.loss_gap == "n/a" ? std::nan("") : std::strtod(t.loss_gap.c_str(), nullptr);
}

/// A cell of an S column: the number, or a dash where there is none.
std::string tex_cell(double x) { return std::isnan(x) ? "{---}" : siunitx_number(x); }

/// The header: what the file is, the packages it needs, the provenance, the run.
std::string latex_header(const precision_report& r)
{
    return "% snae precision report: \\input this file in a document that loads the packages below.\n"
           "% LaTeX packages: booktabs, siunitx, amsmath\n"
           "% Provenance: " + provenance_line() + "\n"
           "% snae-precision-config: " + r.config.dump() + "\n";
}

/// How far each type's trajectory is from the reference's, absolute and relative, and its constant K.
std::string latex_deviations(const precision_report& r)
{
    std::vector<double> abs, rel, K;
    for (const auto& t : r.types) abs.push_back(t.max_abs), rel.push_back(t.max_rel), K.push_back(t.K);
    std::ostringstream o;
    o << "\\begin{tabular}{@{}lrr" << siunitx_column(abs) << siunitx_column(rel) << siunitx_column(K) << "@{}}\n\\toprule\n"
      << " & & & \\multicolumn{2}{c}{$\\max_t \\lVert w_T(t) - w_{\\mathrm{ref}}(t)\\rVert$} & \\\\\n\\cmidrule(lr){4-5}\n"
      << "Scalar $T$ & {Bits} & {Steps} & {absolute} & {relative} & {$K$} \\\\\n\\midrule\n";
    for (const auto& t : r.types)
        o << tex_typewriter(t.scalar) << " & " << t.bits << " & " << t.steps << " & " << tex_cell(t.max_abs) << " & "
          << tex_cell(t.max_rel) << " & " << tex_cell(t.K) << " \\\\\n";
    o << "\\bottomrule\n\\end{tabular}\n";
    return o.str();
}

/// What each type ended with: its status, when it left the threshold, its support, its k and its loss gap.
std::string latex_outcomes(const precision_report& r)
{
    std::vector<double> gaps;
    for (const auto& t : r.types) gaps.push_back(loss_gap_of(t));
    std::ostringstream o;
    o << "\\begin{tabular}{@{}llrll" << siunitx_column(gaps) << "@{}}\n\\toprule\n"
      << " & & {First $t$} & Same & Same & {Loss gap} \\\\\n"
      << "Scalar $T$ & Status & {above thr.} & support & $k$ & {$L(w_T) - \\frac{n-1}{2n}$} \\\\\n\\midrule\n";
    for (const auto& t : r.types)
        o << tex_typewriter(t.scalar) << " & " << tex_escape(t.status) << " & " << (t.first_exceed ? std::to_string(*t.first_exceed) : "---")
          << " & " << yes_no(t.same_support()) << " & " << yes_no(t.same_selection()) << " & " << tex_cell(loss_gap_of(t)) << " \\\\\n";
    o << "\\bottomrule\n\\end{tabular}\n";
    return o.str();
}

/// A log2 deviation or a slope, fixed point, for an S column; infinities as text.
std::string tex_fixed(double x, const char* format)
{
    if (std::isnan(x)) return "{---}";
    if (std::isinf(x)) return x > 0 ? "{$\\infty$}" : "{$-\\infty$}";
    return format_number(x, format);
}

/// The error law: one row per number of bits, one column per case, the fitted slopes last.
std::string latex_law(const precision_report& r)
{
    std::vector<long> bits;
    for (const auto& c : r.law)
        for (long b : c.law.bits)
            if (std::find(bits.begin(), bits.end(), b) == bits.end()) bits.push_back(b);
    std::sort(bits.begin(), bits.end());
    const std::size_t n = r.law.size();
    std::ostringstream o;
    o << "\\begin{tabular}{@{}r*{" << n << "}{S[table-format=-4.2, group-digits=false]}@{}}\n\\toprule\n"
      << " & \\multicolumn{" << n << "}{c}{$\\log_2 \\max_t \\lVert w_p(t) - w_{\\mathrm{ref}}(t)\\rVert$, reference "
      << tex_typewriter("mpfr:" + std::to_string(r.law_reference_bits)) << "} \\\\\n\\cmidrule(l){2-" << n + 1 << "}\n{Bits $p$}";
    for (const auto& c : r.law) o << " & {" << tex_typewriter(c.name) << "}";
    o << " \\\\\n\\midrule\n";
    for (long b : bits) {
        o << b;
        for (const auto& c : r.law) {
            const auto at = std::find(c.law.bits.begin(), c.law.bits.end(), b);
            o << " & " << (at == c.law.bits.end() ? "" : tex_fixed(c.law.log2_deviation[static_cast<std::size_t>(at - c.law.bits.begin())], "%.2f"));
        }
        o << " \\\\\n";
    }
    o << "\\midrule\n{Slope}";
    for (const auto& c : r.law) o << " & {$" << tex_fixed(c.law.slope, "%.5f") << "$}";
    o << " \\\\\n\\bottomrule\n\\end{tabular}\n";
    return o.str();
}

/// How many seeds end with the reference's selected k, per type.
std::string latex_agreement(const precision_report& r)
{
    std::ostringstream o;
    o << "\\begin{tabular}{@{}lrrr@{}}\n\\toprule\n"
      << "Scalar $T$ & Same $k$ & Seeds & Fraction \\\\\n\\midrule\n";
    for (const auto& a : r.agreement)
        o << tex_typewriter(a.scalar) << " & " << a.same << " & " << a.seeds << " & "
          << (a.seeds ? format_number(static_cast<double>(a.same) / static_cast<double>(a.seeds), "%.2f") : "---") << " \\\\\n";
    o << "\\bottomrule\n\\end{tabular}\n";
    return o.str();
}

/// What the columns mean, below the tables.
std::string latex_legend(const precision_report& r)
{
    std::string o = "\\par\\smallskip\n{\\footnotesize\\raggedright ";
    if (!r.types.empty())
        o += "Reference " + tex_typewriter(r.reference) + ": every deviation $\\lVert w_T(t) - w_{\\mathrm{ref}}(t)\\rVert$ is "
             "measured in its precision; relative: divided by $\\lVert w_{\\mathrm{ref}}(t)\\rVert$. "
             "$K$: the largest deviation divided by $u \\cdot \\mathrm{steps}$, $u = 2^{-\\mathrm{bits}}$. First $t$ above thr.: "
             "the first step whose relative deviation exceeds \\num{" + format_number(r.threshold, "%g") + "} (a dash: none). Same support, same $k$: "
             "the final support $\\{i : \\lvert c_i\\rvert > \\text{threshold}\\}$ and the final $\\arg\\max_i \\lvert c_i\\rvert$ "
             "are the reference's. Loss gap: at the end, in $T$ (a dash: not measured). ";
    if (!r.law.empty()) o += "Error law: MPFR at $p$ bits against the reference; the slope of $\\log_2$ deviation per bit, fitted by least squares, is $-1$ when no decision differs. ";
    if (!r.seeds.empty()) o += "Seeds " + tex_escape(r.seeds) + ": how many end with the reference's selected $k$. ";
    if (r.interrupted) o += "Interrupted: only what finished is reported (types with status ok). ";
    return o + "\\par}\n";
}

/// precision.tex: the header, then the tables the run has, centred, and their legend.
std::string latex_report(const precision_report& r)
{
    std::string o = latex_header(r);
    if (r.types.empty() && r.law.empty() && r.seeds.empty()) return o;
    o += "{\\centering\\small\n";
    if (!r.types.empty()) o += latex_deviations(r) + "\\par\\medskip\n" + latex_outcomes(r);
    if (!r.law.empty()) o += (r.types.empty() ? "" : "\\par\\medskip\n") + latex_law(r);
    if (!r.seeds.empty()) o += "\\par\\medskip\n" + latex_agreement(r);
    return o + "\\par}\n" + latex_legend(r);
}

// --- Figures: a data file and a gnuplot script each ---

struct figure {
    std::string name, data, script;
};

/// 2.3 in of axes at a column's width (2.6 across a page), `extra` more
/// for the key's rows, and 0.45 in for a title and its line space.
double figure_height(const plot::figure_options& style, double extra)
{
    return (style.size == plot::figure_size::page ? 2.6 : 2.3 + extra) + (style.titles ? 0.45 : 0.0);
}

/// The script of a figure: comments, the shared style, `settings`, and
/// `plot` under the title (when asked) in each format.
std::string figure_script(const std::string& name, const std::string& what, const precision_report& r,
                          const std::string& title, const std::string& settings, const std::string& plot,
                          const plot::figure_options& style, double height)
{
    std::string gp = "# snae precision figure " + name + ": " + what + "\n# configuration: " + r.config.dump() + "\n" +
                     "# rerun with `gnuplot " + name + ".gp` in this folder\n\n" + plot::style_preamble() + settings +
                     plot::key_above();
    return gp + plot::draw_in_each_format(name, style, height, plot::titled(style, plot::quoted(title), plot));
}

/// ‖x‖ in the figures' text: the double bar, as a paper sets the norm.
std::string norm(const std::string& x) { return "\xE2\x80\x96" + x + "\xE2\x80\x96"; }

/// A number as a paper prints it: a minus sign, not a hyphen.
std::string signed_text(const std::string& number)
{
    return !number.empty() && number[0] == '-' ? "\xE2\x88\x92" + number.substr(1) : number;
}

/// Relative deviation against step, one line per type, log y; none if no
/// type has a positive finite deviation.
std::optional<figure> deviation_figure(const precision_report& r, const plot::figure_options& style)
{
    std::string dat = "# snae precision figure deviation: columns t, ||w_T(t) - w_ref(t)|| / ||w_ref(t)|| against " +
                      r.reference + "; one series per type\n";
    std::vector<std::string> clauses;
    std::vector<double> shown;
    for (const auto& t : r.types) {
        std::string block;
        for (std::size_t k = 0; k < t.t.size(); ++k)
            if (t.rel[k] > 0 && std::isfinite(t.rel[k])) {
                block += format_number(t.t[k], "%.17g") + " " + format_number(t.rel[k], "%.17g") + "\n";
                shown.push_back(t.rel[k]);
            }
        if (block.empty()) continue;
        const std::string index = std::to_string(clauses.size());
        dat += "# series " + index + ": " + t.scalar + "\n" + block + "\n\n";
        clauses.push_back("'deviation.dat' index " + index + " using 1:2 with lines lt " + std::to_string(clauses.size() + 1) +
                          " title " + plot::quoted(plot::enhanced_literal(t.scalar)));
    }
    if (clauses.empty()) return std::nullopt;
    const std::string w = plot::math("w"), ref = w + "_{ref}";
    const std::string settings = plot::xlabel("step " + plot::math("t")) +
                                 plot::ylabel(norm(w + "_{/:Italic T} \xE2\x88\x92 " + ref) + " / " + norm(ref)) +
                                 plot::log_y_tics(shown) + "set offsets 0, 0, graph 0.04, graph 0.04\n";
    // Seven types make four rows of key at a column's width.
    const double height = figure_height(style, 0.15 * static_cast<double>((clauses.size() + 1) / 2));
    return figure{"deviation", dat,
                  figure_script("deviation", "relative deviation from the reference against step", r,
                                "Deviation from the " + plot::enhanced_literal(r.reference) + " reference", settings,
                                plot::plot_command(clauses), style, height)};
}

/// The error law: log2 deviation against bits with the fitted line, one
/// series per case; the first case's marks are filled, the next ones open
/// and larger, as the cases' points nearly coincide.
figure law_figure(const precision_report& r, const plot::figure_options& style)
{
    const std::string ref = "mpfr:" + std::to_string(r.law_reference_bits);
    std::ostringstream dat;
    dat << "# snae precision figure law: columns bits, log2 max_t ||w_p(t) - w_ref(t)|| against " << ref
        << "; one series per case, its fitted line in the script\n";
    std::vector<std::string> clauses;
    for (std::size_t k = 0; k < r.law.size(); ++k) {
        const auto& c = r.law[k];
        dat << "# series " << k << ": " << c.name << " (slope " << c.law.slope << ")\n";
        for (std::size_t m = 0; m < c.law.bits.size(); ++m) dat << c.law.bits[m] << ' ' << c.law.log2_deviation[m] << '\n';
        dat << "\n\n";
        const std::string lt = " lt " + std::to_string(k + 1);
        clauses.push_back("'law.dat' index " + std::to_string(k) + " using 1:2 with points" + lt + (k == 0 ? " pt 7 ps 0.8" : " pt 6 ps 1.6") +
                          " title " + plot::quoted(plot::enhanced_literal(c.name)));
        clauses.push_back(format_number(c.law.intercept, "%.17g") + " + " + format_number(c.law.slope, "%.17g") + "*x with lines dt 2" +
                          lt + " lw 1.5 title " + plot::quoted("fit, slope " + signed_text(format_number(c.law.slope, "%.4f"))));
    }
    const std::string t = plot::math("t"), w = plot::math("w");
    const std::string settings = plot::xlabel("MPFR precision " + plot::math("p") + " (bits)") +
                                 plot::ylabel("log_2 max_{/:Italic t} " + norm(w + "_{/:Italic p}(" + t + ") \xE2\x88\x92 " + w + "_{ref}(" + t + ")")) +
                                 "set xrange [0:*]\nset offsets 0, graph 0.04, graph 0.06, graph 0.06\n";
    return figure{"law", dat.str(),
                  figure_script("law", "the error law (log2 of the deviation from " + ref + " against bits)", r,
                                "Deviation against precision (reference " + plot::enhanced_literal(ref) + ")", settings,
                                plot::plot_command(clauses), style, figure_height(style, 0.15 * static_cast<double>(r.law.size())))};
}

/// Writes the figure's data and script under dir/figures and draws it if
/// gnuplot is on PATH; a problem goes to `note`. Drawings that are not
/// redrawn go, as they would not match the new data.
void write_figure(const fs::path& dir, const figure& f, const plot::figure_options& style, std::vector<std::string>& files,
                  std::string& note, bool say_no_gnuplot)
{
    const fs::path fig = dir / "figures";
    fs::create_directories(fig);
    plot::write_text(fig / (f.name + ".dat"), f.data);
    plot::write_text(fig / (f.name + ".gp"), f.script);
    files.push_back("figures/" + f.name + ".dat");
    files.push_back("figures/" + f.name + ".gp");
    const auto gnuplot = plot::find_on_path("gnuplot");
    if (!gnuplot) {
        plot::remove_drawings(fig, f.name);
        if (say_no_gnuplot) note = "gnuplot not found: wrote figures/" + f.name + ".dat and .gp; install gnuplot-nox to draw them";
        return;
    }
    std::vector<std::string> drawn;
    const std::string problem = plot::run_gnuplot(*gnuplot, fig, f.name, style.formats, drawn);
    if (!problem.empty()) note = "figure not drawn: " + problem;
    for (const auto& d : drawn) files.push_back("figures/" + d);
}

} // namespace

nlohmann::json to_json(const precision_report& r)
{
    nlohmann::json j;
    j["snae_precision"] = {{"config", r.config}, {"reference", r.reference}, {"threshold", r.threshold}, {"interrupted", r.interrupted}};
    j["provenance"] = provenance_json();
    j["types"] = nlohmann::json::array();
    for (const auto& t : r.types) j["types"].push_back(to_json(t));
    if (!r.law.empty()) {
        j["law"]["reference_bits"] = r.law_reference_bits;
        for (const auto& c : r.law)
            j["cases"].push_back({{"name", c.name}, {"config", c.config}, {"bits", c.law.bits},
                                  {"log2_deviation", c.law.log2_deviation}, {"slope", c.law.slope}, {"intercept", c.law.intercept},
                                  {"reference_bits", r.law_reference_bits}});
    }
    if (!r.seeds.empty()) {
        j["agreement"]["seeds"] = r.seeds;
        for (const auto& a : r.agreement)
            j["agreement"]["types"].push_back({{"scalar", a.scalar}, {"same_k", a.same}, {"seeds", a.seeds},
                                               {"fraction", a.seeds ? static_cast<double>(a.same) / static_cast<double>(a.seeds) : 0.0}});
    }
    return j;
}

std::string text_table(const precision_report& r)
{
    std::ostringstream o;
    if (r.interrupted) o << "INTERRUPTED: only what finished is reported (types with status ok)\n";
    if (!r.types.empty()) {
        o << "reference " << r.reference << "; threshold " << sci(r.threshold) << " relative\n";
        std::vector<std::vector<std::string>> lines{header()};
        for (const auto& t : r.types) lines.push_back(cells(t));
        std::vector<std::size_t> width(lines.front().size());
        for (const auto& line : lines)
            for (std::size_t k = 0; k < width.size(); ++k) width[k] = std::max(width[k], line[k].size());
        for (const auto& line : lines) {
            for (std::size_t k = 0; k < line.size(); ++k) o << line[k] << std::string(width[k] - line[k].size() + 2, ' ');
            o << '\n';
        }
    }
    for (const auto& c : r.law) {
        o << "error law (" << c.name << ", reference mpfr:" << r.law_reference_bits << "): slope " << c.law.slope << " (log2 deviation per bit):";
        for (std::size_t k = 0; k < c.law.bits.size(); ++k) o << "  " << c.law.bits[k] << ":" << c.law.log2_deviation[k];
        o << '\n';
    }
    if (!r.seeds.empty()) {
        o << "seeds " << r.seeds << ", fraction selecting the reference's k:";
        for (const auto& a : r.agreement) o << "  " << a.scalar << " " << a.same << "/" << a.seeds;
        o << '\n';
    }
    return o.str();
}

std::vector<std::string> write_reports(const fs::path& given, const precision_report& r, std::string& note,
                                       const plot::figure_options& style)
{
    fs::create_directories(given);
    const fs::path dir = fs::absolute(given);
    std::vector<std::string> files{"precision.json", "precision.md", "precision.tex"};
    plot::write_text(dir / "precision.json", to_json(r).dump(2) + "\n");
    plot::write_text(dir / "precision.md", markdown_report(r));
    plot::write_text(dir / "precision.tex", latex_report(r));
    if (const auto f = deviation_figure(r, style)) write_figure(dir, *f, style, files, note, true);
    if (!r.law.empty()) write_figure(dir, law_figure(r, style), style, files, note, false);
    return files;
}

} // namespace snae::precision
