#include "report.hpp"

#include <gnuplot.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>

namespace snae::precision {

namespace fs = std::filesystem;

namespace {

std::string sci(double x)
{
    if (std::isnan(x)) return "nan";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2e", x);
    return buf;
}

std::string opt_step(const std::optional<std::uint64_t>& t) { return t ? std::to_string(*t) : "-"; }

struct row {
    std::vector<std::string> cells;
};

std::vector<std::string> header()
{
    return {"scalar", "bits", "status", "steps", "max |dw|", "max |dw|/|w|", "first > thr", "K", "same support", "same k", "loss gap"};
}

std::vector<row> rows(const precision_report& r)
{
    std::vector<row> out;
    for (const auto& t : r.types)
        out.push_back({{t.scalar, std::to_string(t.bits), t.status, std::to_string(t.steps), sci(t.max_abs), sci(t.max_rel),
                        opt_step(t.first_exceed), sci(t.K), t.same_support() ? "yes" : "no", t.same_selection() ? "yes" : "no",
                        t.loss_gap.empty() ? "-" : sci(std::strtod(t.loss_gap.c_str(), nullptr))}});
    return out;
}

} // namespace

nlohmann::json to_json(const precision_report& r)
{
    nlohmann::json j;
    j["snae_precision"] = {{"config", r.config}, {"reference", r.reference}, {"threshold", r.threshold}, {"interrupted", r.interrupted}};
    j["types"] = nlohmann::json::array();
    for (const auto& t : r.types) {
        nlohmann::json x;
        x["scalar"] = t.scalar;
        x["bits"] = t.bits;
        x["unit_roundoff"] = t.unit_roundoff;
        x["status"] = t.status;
        x["steps"] = t.steps;
        x["max_abs_deviation"] = t.max_abs;
        x["max_rel_deviation"] = t.max_rel;
        x["first_exceed_step"] = t.first_exceed ? nlohmann::json(*t.first_exceed) : nlohmann::json(nullptr);
        x["K"] = t.K;
        x["support"] = t.support;
        x["reference_support"] = t.ref_support;
        x["same_support"] = t.same_support();
        x["selected"] = t.selected ? nlohmann::json(*t.selected) : nlohmann::json(nullptr);
        x["reference_selected"] = t.ref_selected ? nlohmann::json(*t.ref_selected) : nlohmann::json(nullptr);
        x["same_selected"] = t.same_selection();
        x["loss_gap"] = t.loss_gap;
        j["types"].push_back(x);
    }
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
        const auto h = header();
        const auto rs = rows(r);
        std::vector<std::size_t> width(h.size());
        for (std::size_t k = 0; k < h.size(); ++k) width[k] = h[k].size();
        for (const auto& x : rs)
            for (std::size_t k = 0; k < h.size(); ++k) width[k] = std::max(width[k], x.cells[k].size());
        auto line = [&](const std::vector<std::string>& cells) {
            for (std::size_t k = 0; k < cells.size(); ++k) {
                o << cells[k] << std::string(width[k] - cells[k].size() + 2, ' ');
            }
            o << '\n';
        };
        line(h);
        for (const auto& x : rs) line(x.cells);
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

std::vector<std::string> write_reports(const fs::path& given, const precision_report& r, std::string& note)
{
    fs::create_directories(given);
    const fs::path dir = fs::absolute(given);
    std::vector<std::string> files;
    const std::string echo = r.config.dump();
    plot::write_text(dir / "precision.json", to_json(r).dump(2) + "\n");
    files.push_back("precision.json");
    {
        std::ostringstream o;
        o << "<!-- snae-precision-config: " << echo << " -->\n# Precision report\n\n";
        if (r.interrupted) o << "**Interrupted**: only what finished is reported (types with status ok).\n\n";
        if (!r.types.empty()) {
            o << "Reference " << r.reference << ". Deviation ||w_T(t) - w_ref(t)|| along the trajectory, measured in the reference's "
              << "precision; K = max deviation / (u steps); first step with relative deviation above " << sci(r.threshold) << ".\n\n|";
            for (const auto& h : header()) o << ' ' << h << " |";
            o << "\n|";
            for (std::size_t k = 0; k < header().size(); ++k) o << (k < 3 ? " --- |" : " ---: |");
            o << '\n';
            for (const auto& x : rows(r)) {
                o << '|';
                for (const auto& c : x.cells) o << ' ' << c << " |";
                o << '\n';
            }
        }
        for (const auto& c : r.law) {
            o << "\nError law, " << c.name << " (reference mpfr:" << r.law_reference_bits << "): slope of log2(deviation) per bit = "
              << c.law.slope << "\n\n| bits | log2 deviation |\n| ---: | ---: |\n";
            for (std::size_t k = 0; k < c.law.bits.size(); ++k) o << "| " << c.law.bits[k] << " | " << c.law.log2_deviation[k] << " |\n";
        }
        if (!r.seeds.empty()) {
            o << "\nSeeds " << r.seeds << ": fraction selecting the reference's k\n\n| scalar | same k | seeds |\n| --- | ---: | ---: |\n";
            for (const auto& a : r.agreement) o << "| " << a.scalar << " | " << a.same << " | " << a.seeds << " |\n";
        }
        plot::write_text(dir / "precision.md", o.str());
        files.push_back("precision.md");
    }
    {
        std::ostringstream o;
        o << "% snae-precision-config: " << echo << "\n% \\input in a document that loads booktabs.\n";
        if (!r.types.empty()) {
            o << "\\begin{tabular}{llrrrrrrll}\n\\toprule\nscalar & status & bits & steps & $\\max\\|\\Delta w\\|$ & "
                 "$\\max\\|\\Delta w\\|/\\|w\\|$ & first $>$ thr. & $K$ & same support & same $k$ \\\\\n\\midrule\n";
            for (const auto& t : r.types) {
                std::string name = t.scalar;
                for (std::size_t p = name.find('_'); p != std::string::npos; p = name.find('_', p + 2)) name.replace(p, 1, "\\_");
                o << "\\texttt{" << name << "} & " << t.status << " & " << t.bits << " & " << t.steps << " & " << sci(t.max_abs) << " & "
                  << sci(t.max_rel) << " & " << opt_step(t.first_exceed) << " & " << sci(t.K) << " & "
                  << (t.same_support() ? "yes" : "no") << " & " << (t.same_selection() ? "yes" : "no") << " \\\\\n";
            }
            o << "\\bottomrule\n\\end{tabular}\n";
        }
        plot::write_text(dir / "precision.tex", o.str());
        files.push_back("precision.tex");
    }
    // Figure: relative deviation against step, one line per type, log y.
    bool any = false;
    std::ostringstream dat, gp;
    int index = 0;
    std::vector<std::string> clauses;
    for (const auto& t : r.types) {
        std::ostringstream block;
        std::size_t points = 0;
        for (std::size_t k = 0; k < t.t.size(); ++k)
            if (t.rel[k] > 0 && std::isfinite(t.rel[k])) {
                char buf[64];
                std::snprintf(buf, sizeof buf, "%.17g %.17g\n", t.t[k], t.rel[k]);
                block << buf;
                ++points;
            }
        if (!points) continue;
        dat << "# series " << index << ": " << t.scalar << "\n" << block.str() << "\n\n";
        clauses.push_back("'deviation.dat' index " + std::to_string(index) + " using 1:2 with lines lw 1.5 title '" + t.scalar + "' noenhanced");
        ++index;
        any = true;
    }
    if (any) {
        const fs::path fig = dir / "figures";
        fs::create_directories(fig);
        gp << "# snae precision figure: relative deviation from the reference against step\n# configuration: " << echo << "\n"
           << "set title \"Deviation from the " << r.reference << " reference\"\n"
           << "set xlabel \"step t\"\nset ylabel \"||w_T(t) - w_{ref}(t)|| / ||w_{ref}(t)|| (dimensionless)\"\n"
           << "set logscale y 10\nset format y \"10^{%L}\"\nset grid\nset key outside right\n";
        std::string plot = "plot ";
        for (std::size_t k = 0; k < clauses.size(); ++k) plot += (k ? ", \\\n     " : "") + clauses[k];
        gp << "set terminal svg size 800,560 dynamic enhanced font \"Helvetica,14\"\nset output \"deviation.svg\"\n" << plot << "\n"
           << "set terminal pngcairo size 1200,840 enhanced font \"Helvetica,14\"\nset output \"deviation.png\"\n" << plot << "\n";
        plot::write_text(fig / "deviation.dat", dat.str());
        plot::write_text(fig / "deviation.gp", gp.str());
        files.push_back("figures/deviation.dat");
        files.push_back("figures/deviation.gp");
        const auto gnuplot = plot::find_on_path("gnuplot");
        if (!gnuplot) {
            note = "gnuplot not found: wrote figures/deviation.dat and .gp; install gnuplot-nox to draw them";
        } else {
            std::vector<std::string> drawn;
            const std::string problem = plot::run_gnuplot(*gnuplot, fig, "deviation", drawn);
            if (!problem.empty()) note = "figure not drawn: " + problem;
            for (const auto& f : drawn) files.push_back("figures/" + f);
        }
    }
    // Figure: the error law, log2 deviation against bits with the fitted line, one series per case.
    if (!r.law.empty()) {
        const fs::path fig = dir / "figures";
        fs::create_directories(fig);
        std::ostringstream ld, lg;
        std::vector<std::string> lc;
        for (std::size_t k = 0; k < r.law.size(); ++k) {
            const auto& c = r.law[k];
            ld << "# series " << k << ": " << c.name << " (slope " << c.law.slope << ")\n";
            for (std::size_t m = 0; m < c.law.bits.size(); ++m) ld << c.law.bits[m] << ' ' << c.law.log2_deviation[m] << '\n';
            ld << "\n\n";
            char fit[160];
            std::snprintf(fit, sizeof fit, "%.17g + %.17g*x", c.law.intercept, c.law.slope);
            lc.push_back("'law.dat' index " + std::to_string(k) + " using 1:2 with points pt 7 ps 1.3 lc " + std::to_string(k + 1) +
                         " title '" + c.name + "' noenhanced");
            lc.push_back(std::string(fit) + " with lines dt 2 lc " + std::to_string(k + 1) + " title sprintf('fit, slope %.4f', " +
                         std::to_string(c.law.slope) + ")");
        }
        std::string plot = "plot ";
        for (std::size_t k = 0; k < lc.size(); ++k) plot += (k ? ", \\\n     " : "") + lc[k];
        lg << "# snae precision figure: the error law (log2 of the deviation from mpfr:" << r.law_reference_bits << " against bits)\n"
           << "set title \"Deviation against precision (reference mpfr:" << r.law_reference_bits << ")\"\n"
           << "set xlabel \"MPFR precision p (bits)\"\nset ylabel \"log_2 max_t ||w_p(t) - w_{ref}(t)||\"\n"
           << "set xtics (" << [&] {
                  std::string t;
                  for (long b : r.law.front().law.bits) t += (t.empty() ? "" : ", ") + std::to_string(b);
                  return t;
              }() << ")\nset grid\nset key outside right\n"
           << "set terminal svg size 800,560 dynamic enhanced font \"Helvetica,14\"\nset output \"law.svg\"\n" << plot << "\n"
           << "set terminal pngcairo size 1200,840 enhanced font \"Helvetica,14\"\nset output \"law.png\"\n" << plot << "\n";
        plot::write_text(fig / "law.dat", ld.str());
        plot::write_text(fig / "law.gp", lg.str());
        files.push_back("figures/law.dat");
        files.push_back("figures/law.gp");
        if (const auto gnuplot = plot::find_on_path("gnuplot")) {
            std::vector<std::string> drawn;
            const std::string problem = plot::run_gnuplot(*gnuplot, fig, "law", drawn);
            if (!problem.empty()) note = "figure not drawn: " + problem;
            for (const auto& f : drawn) files.push_back("figures/" + f);
        }
    }
    return files;
}

} // namespace snae::precision
