#include "figures.hpp"

#include <gnuplot.hpp>

#include "snae/atomic_file.hpp"
#include "snae/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace snae::sweep {

namespace fs = std::filesystem;
using plot::find_on_path;
using plot::plot_command;
using plot::quoted;
using plot::remove_drawings;
using plot::remove_quietly;
using plot::run_gnuplot;
using plot::write_text;

namespace {

// ---------------------------------------------------------------------------
// Text: user strings end up inside gnuplot double-quoted strings that are
// then read as enhanced text, so they pass through two escaping layers.

/// Control characters (a stray newline in a label) would break a comment line
/// or a gnuplot command, so they become spaces.
std::string one_line(const std::string& s)
{
    std::string out = s;
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return out;
}

/// Plain text -> enhanced text that shows it literally.
std::string enhanced_literal(const std::string& s)
{
    std::string out;
    for (char c : one_line(s)) {
        if (std::strchr("_^{}@&~\\", c) != nullptr) out += '\\';
        out += c;
    }
    return out;
}


/// A title (enhanced markup) with the sweep's subtitle as a smaller second line.
std::string title_text(const std::string& title_markup, const std::string& subtitle)
{
    if (one_line(subtitle).find_first_not_of(' ') == std::string::npos) return quoted(title_markup);
    return quoted(title_markup + "\n{/*0.8 " + enhanced_literal(subtitle) + "}");
}

std::string key_title(const std::string& label)
{
    return label.empty() ? "notitle" : "title " + quoted(enhanced_literal(label));
}

/// Width in characters of a key entry, counting UTF-8 code points, for sizing margins.
std::size_t display_width(const std::string& s)
{
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++n;
    return n;
}

std::string number(double v) { return format_number(v, "%.17g"); }

// ---------------------------------------------------------------------------
// Data: one .dat file per figure, one index block per drawn series.

/// Which points can be shown: log axes cannot show values <= 0, and (e)
/// plots t + 1 rather than the stored t.
struct axes {
    bool log_x = false;
    bool log_y = false;
    double x_shift = 0;

    bool shows(double x, double y) const
    {
        return std::isfinite(x) && std::isfinite(y) && (!log_x || x + x_shift > 0) && (!log_y || y > 0);
    }
};

struct point {
    double x, y, err;
};

struct block {
    std::string label;
    bool has_err = false;
    std::vector<point> points;
};

void check_shape(const xy_series& s)
{
    if (s.x.size() != s.y.size())
        throw std::invalid_argument("figure series '" + s.label + "': x and y differ in length");
    if (!s.err.empty() && s.err.size() != s.x.size())
        throw std::invalid_argument("figure series '" + s.label + "': err differs in length from x");
}

block to_block(const xy_series& s, const std::string& comment, const axes& ax)
{
    check_shape(s);
    block b;
    b.label = comment;
    b.has_err = !s.err.empty();
    for (std::size_t i = 0; i < s.x.size(); ++i) {
        if (!ax.shows(s.x[i], s.y[i])) continue;
        // A single seed has no sd; show the mean rather than drop it.
        const double e = b.has_err && std::isfinite(s.err[i]) ? std::fabs(s.err[i]) : 0.0;
        b.points.push_back({s.x[i], s.y[i], e});
    }
    return b;
}

class data_file {
public:
    /// Returns the gnuplot index of the block, or nullopt when no point survives
    /// (gnuplot refuses to plot an empty block).
    std::optional<int> add(block b)
    {
        if (b.points.empty()) return std::nullopt;
        blocks_.push_back(std::move(b));
        return static_cast<int>(blocks_.size()) - 1;
    }
    bool empty() const { return blocks_.empty(); }

    std::string text(const std::string& name) const
    {
        std::string out = "# snae sweep figure " + name + ": columns x y [sd]\n";
        for (std::size_t i = 0; i < blocks_.size(); ++i) {
            if (i > 0) out += "\n\n";
            out += "# series " + std::to_string(i) + ": " + one_line(blocks_[i].label) + "\n";
            for (const point& p : blocks_[i].points) {
                out += number(p.x) + ' ' + number(p.y);
                if (blocks_[i].has_err) out += ' ' + number(p.err);
                out += '\n';
            }
        }
        return out;
    }

    bool has_err(int index) const { return blocks_.at(static_cast<std::size_t>(index)).has_err; }

private:
    std::vector<block> blocks_;
};

// ---------------------------------------------------------------------------
// Scripts.


std::string data_ref(const std::string& name, int index)
{
    return quoted(name + ".dat") + " index " + std::to_string(index);
}

/// A figure before it is written: `settings` run once, `draw` once per terminal
/// (a multiplot cannot be replotted, so the drawing commands are repeated).
struct figure {
    std::string name;
    data_file data;
    std::string settings;
    std::string draw;
};

/// Colour-blind-safe colours without yellow (unreadable on white); the point
/// types differ too so the series survive greyscale printing.
const char* const style_preamble =
    "set encoding utf8\n"
    "set linetype 1 lc rgb \"#0072b2\" lw 2 pt 7 ps 1.1\n"
    "set linetype 2 lc rgb \"#d55e00\" lw 2 pt 5 ps 1.0\n"
    "set linetype 3 lc rgb \"#009e73\" lw 2 pt 9 ps 1.3\n"
    "set linetype 4 lc rgb \"#cc79a7\" lw 2 pt 11 ps 1.3\n"
    "set linetype 5 lc rgb \"#e69f00\" lw 2 pt 13 ps 1.3\n"
    "set linetype 6 lc rgb \"#56b4e9\" lw 2 pt 4 ps 1.0\n"
    "set linetype 7 lc rgb \"#000000\" lw 2 pt 6 ps 1.1\n"
    "set linetype 8 lc rgb \"#999999\" lw 2 pt 8 ps 1.1\n"
    "set linetype cycle 8\n"
    "set style line 100 lc rgb \"#d9d9d9\" lw 1 dt 1\n"
    "set grid xtics ytics back ls 100\n"
    "set border 3 lw 1\n"
    "set tics nomirror out\n"
    "set key outside right top vertical Left reverse spacing 1.2 samplen 3\n"
    "set bars small\n";

std::string script_text(const figure& f, const std::string& config_json)
{
    std::string out;
    out += "# snae sweep figure " + f.name + "\n";
    out += "# sweep configuration:\n";
    out += "# " + one_line(config_json) + "\n";
    out += "# Draws " + f.name + ".svg and " + f.name + ".png from " + f.name +
           ".dat; rerun with `gnuplot " + f.name + ".gp` in this folder.\n\n";
    out += style_preamble;
    out += f.settings;
    out += "\nset terminal svg size 800,560 dynamic enhanced font \"Helvetica,14\"\n";
    out += "set output " + quoted(f.name + ".svg") + "\n";
    out += f.draw;
    out += "\nset terminal pngcairo size 1200,840 enhanced font \"Helvetica,14\"\n";
    out += "set output " + quoted(f.name + ".png") + "\n";
    out += f.draw;
    out += "unset output\n";
    return out;
}

/// The smallest and largest b (1 and n) fall on powers of 2 and hence on the
/// borders, where they would hide half their error bars: pad the x range.
const char* const batch_axis = "set xlabel \"batch size b (full batch plotted at b = n)\"\n"
                               "set logscale x 2\n"
                               "set format x \"%g\"\n"
                               "set offsets graph 0.04, graph 0.04, 0, 0\n";

/// Finite y values of the series, for choosing a linear or log axis.
std::vector<double> finite_ys(std::initializer_list<const std::vector<xy_series>*> groups)
{
    std::vector<double> ys;
    for (const auto* g : groups)
        for (const xy_series& s : *g)
            for (double y : s.y)
                if (std::isfinite(y)) ys.push_back(y);
    return ys;
}

bool all_positive(const std::vector<double>& ys)
{
    return !ys.empty() && std::all_of(ys.begin(), ys.end(), [](double y) { return y > 0; });
}

/// A log axis only pays when every value is positive and they span a decade.
bool wants_log(const std::vector<double>& ys)
{
    if (!all_positive(ys)) return false;
    const auto [lo, hi] = std::minmax_element(ys.begin(), ys.end());
    return *hi / *lo >= 10;
}

/// Minor tics for a log y axis: one per decade crowd into black bars once the
/// major tics are many decades apart, as when coordinates decay to 1e-300.
std::string log_y_minor_tics(const std::vector<double>& ys)
{
    double lo = 0, hi = 0;
    for (double y : ys)
        if (std::isfinite(y) && y > 0) {
            lo = lo == 0 ? y : std::min(lo, y);
            hi = std::max(hi, y);
        }
    const bool wide = lo > 0 && std::log10(hi / lo) > 12;
    return wide ? "unset mytics\n" : "set mytics default\n";
}

/// Right margin (in character widths) wide enough for an outside key, fixed so
/// that stacked panels share their x extent.
int key_margin(std::initializer_list<const std::vector<xy_series>*> groups)
{
    std::size_t widest = 0;
    for (const auto* g : groups)
        for (const xy_series& s : *g)
            if (!s.x.empty()) widest = std::max(widest, display_width(one_line(s.label)));
    return static_cast<int>(std::min<std::size_t>(widest, 40)) + 8;
}

/// Measured means with error bars (or bare points) in the colour and point type of `slot`.
std::string measured_clause(const figure& f, int index, int slot, const std::string& label)
{
    const std::string lt = " lt " + std::to_string(slot + 1);
    if (f.data.has_err(index))
        return data_ref(f.name, index) + " using 1:2:3 with yerrorbars" + lt + " " + key_title(label);
    return data_ref(f.name, index) + " using 1:2 with points" + lt + " " + key_title(label);
}

/// Closed forms are dashed lines in the colour of the measured series they predict.
std::string closed_clause(const figure& f, int index, int slot, const std::string& label)
{
    return data_ref(f.name, index) + " using 1:2 with lines dt 2 lw 2 lc " + std::to_string(slot + 1) + " " +
           key_title(label);
}

/// Adds measured series and their closed forms to `f`, returning the plot clauses.
std::vector<std::string> measured_and_closed(figure& f, const std::vector<xy_series>& measured,
                                             const std::vector<xy_series>& closed, const std::string& what,
                                             const axes& ax)
{
    std::vector<std::string> clauses;
    for (std::size_t i = 0; i < measured.size(); ++i)
        if (auto idx = f.data.add(to_block(measured[i], what + " measured: " + measured[i].label, ax)))
            clauses.push_back(measured_clause(f, *idx, static_cast<int>(i), measured[i].label));
    for (std::size_t i = 0; i < closed.size(); ++i)
        if (auto idx = f.data.add(to_block(closed[i], what + " closed form: " + closed[i].label, ax)))
            clauses.push_back(closed_clause(f, *idx, static_cast<int>(i), closed[i].label));
    return clauses;
}

// ---------------------------------------------------------------------------
// The five figures. Each returns nullopt when it has nothing to draw.

std::optional<figure> sorted_coords_figure(const figure_inputs& in)
{
    figure f{"a_sorted_coords", {}, {}, {}};
    const axes ax{false, true, 0};
    // Marking every rank of a 256-long curve hides the lines; about 16 marks per curve suffice.
    const std::size_t every = std::max<std::size_t>(1, (in.sorted_n + 15) / 16);
    std::vector<std::string> clauses;
    for (std::size_t i = 0; i < in.sorted_coords.size(); ++i) {
        const xy_series& s = in.sorted_coords[i];
        if (auto idx = f.data.add(to_block(s, s.label, ax)))
            clauses.push_back(data_ref(f.name, *idx) + " using 1:2 with linespoints lt " + std::to_string(i + 1) +
                              " pi " + std::to_string(every) + " " + key_title(s.label));
    }
    if (clauses.empty()) return std::nullopt;

    std::ostringstream set;
    set << "set title " << title_text("Final neuron: sorted |c_i|", in.subtitle) << "\n"
        << "set xlabel \"rank i\"\n"
        << "set ylabel \"|c_i(w_{final})| (sorted, descending)\"\n"
        << "set logscale y 10\n"
        << "set format y \"10^{%L}\"\n"
        << log_y_minor_tics(finite_ys({&in.sorted_coords}));
    if (in.sorted_n > 0) set << "set xrange [0.5:" << in.sorted_n << ".5]\n";
    f.settings = set.str();
    f.draw = plot_command(clauses);
    return f;
}

std::optional<figure> participation_figure(const figure_inputs& in)
{
    figure f{"b_participation", {}, {}, {}};
    // The ratio runs from 1 (one coordinate) to n (all equal): a log axis shows both ends.
    const bool log_y = all_positive(finite_ys({&in.participation}));
    const axes ax{true, log_y, 0};
    std::vector<std::string> clauses;
    for (std::size_t i = 0; i < in.participation.size(); ++i) {
        const xy_series& s = in.participation[i];
        auto idx = f.data.add(to_block(s, s.label, ax));
        if (!idx) continue;
        const std::string lt = " lt " + std::to_string(i + 1) + " ";
        clauses.push_back(f.data.has_err(*idx)
                              ? data_ref(f.name, *idx) + " using 1:2:3 with yerrorlines" + lt + key_title(s.label)
                              : data_ref(f.name, *idx) + " using 1:2 with linespoints" + lt + key_title(s.label));
    }
    if (clauses.empty()) return std::nullopt;

    std::string set = "set title " + title_text("Participation ratio of the final neuron", in.subtitle) + "\n";
    set += batch_axis;
    set += "set ylabel \"participation ratio (Σ_i c_i^2)^2 / Σ_i c_i^4 (dimensionless)\"\n";
    if (log_y) set += "set logscale y 10\nset format y \"%g\"\n";
    f.settings = set;
    f.draw = plot_command(clauses);
    return f;
}

std::optional<figure> sharpness_figure(const figure_inputs& in)
{
    figure f{"c_sharpness", {}, {}, {}};
    const bool log_trace = wants_log(finite_ys({&in.trace, &in.trace_closed}));
    const bool log_lambda = wants_log(finite_ys({&in.lambda_max, &in.lambda_max_closed}));
    const auto top = measured_and_closed(f, in.trace, in.trace_closed, "tr H", {true, log_trace, 0});
    const auto bottom =
        measured_and_closed(f, in.lambda_max, in.lambda_max_closed, "lambda_max", {true, log_lambda, 0});
    if (top.empty() && bottom.empty()) return std::nullopt;

    const int rows = (top.empty() || bottom.empty()) ? 1 : 2;
    const int rmargin = key_margin({&in.trace, &in.trace_closed, &in.lambda_max, &in.lambda_max_closed});
    std::ostringstream d;
    d << "set multiplot layout " << rows << ",1 title "
      << title_text("Sharpness vs batch size (Hessian of the loss; closed forms dashed)", in.subtitle) << "\n"
      << "set lmargin 11\nset rmargin " << rmargin << "\n";
    auto panel = [&](const std::vector<std::string>& clauses, const char* ylabel, bool log_y, bool last) {
        d << "set ylabel " << ylabel << "\n";
        // Only the bottom panel carries the shared x label, to leave room for the data.
        d << (last ? "set xlabel \"batch size b (full batch plotted at b = n)\"\n" : "unset xlabel\n");
        d << (log_y ? "set logscale y 10\n" : "unset logscale y\n");
        d << plot_command(clauses);
    };
    if (!top.empty()) panel(top, "\"tr H\"", log_trace, bottom.empty());
    if (!bottom.empty()) panel(bottom, "\"λ_{max}\"", log_lambda, true);
    d << "unset multiplot\n";

    f.settings = std::string(batch_axis) + "set format y \"%g\"\n";
    f.draw = d.str();
    return f;
}

std::optional<figure> cosine_figure(const figure_inputs& in)
{
    figure f{"d_cosine", {}, {}, {}};
    auto clauses = measured_and_closed(f, in.cosine, in.cosine_predicted, "cos(w, w_0)", {true, false, 0});
    if (clauses.empty()) return std::nullopt;
    clauses.push_back("sqrt(0.5) with lines dt 3 lw 1.5 lc rgb \"#555555\" title \"√(1/2)\"");

    // Always show 0 and 1, the ends of the interesting range, widened only if the data leave it.
    double lo = -0.05, hi = 1.05;
    for (const auto* g : {&in.cosine, &in.cosine_predicted})
        for (const xy_series& s : *g)
            for (std::size_t i = 0; i < s.y.size(); ++i) {
                const double e = i < s.err.size() && std::isfinite(s.err[i]) ? std::fabs(s.err[i]) : 0.0;
                if (std::isfinite(s.y[i])) {
                    lo = std::min(lo, s.y[i] - e - 0.05);
                    hi = std::max(hi, s.y[i] + e + 0.05);
                }
            }

    std::string set = "set title " + title_text("Alignment with the initial weights (predicted dashed)", in.subtitle) + "\n";
    set += batch_axis;
    set += "set ylabel \"cos(w, w_0) (dimensionless)\"\n";
    set += "set yrange [" + format_number(lo, "%.4g") + ":" + format_number(hi, "%.4g") + "]\n";
    set += "set ytics 0.1\nset format y \"%.1f\"\n";
    f.settings = set;
    f.draw = plot_command(clauses);
    return f;
}

std::optional<figure> top_coords_figure(const figure_inputs& in)
{
    figure f{"e_top_coords", {}, {}, {}};
    const axes ax{true, true, 1};
    auto add_panel = [&](const std::vector<xy_series>& series, const std::string& run) {
        std::vector<std::string> clauses;
        for (std::size_t i = 0; i < series.size(); ++i)
            if (auto idx = f.data.add(to_block(series[i], run + ": " + series[i].label, ax)))
                clauses.push_back(data_ref(f.name, *idx) + " using ($1+1):2 with lines lt " + std::to_string(i + 1) +
                                  " " + key_title(series[i].label));
        return clauses;
    };
    const auto gd = add_panel(in.top_gd, "GD");
    const auto sgd = add_panel(in.top_sgd, "SGD");
    if (gd.empty() && sgd.empty()) return std::nullopt;

    const int cols = (gd.empty() || sgd.empty()) ? 1 : 2;
    std::ostringstream d;
    d << "set multiplot layout 1," << cols << " title "
      << title_text("Largest coordinates |c_i(w_t)| during training", in.subtitle) << "\n";
    auto panel = [&](const std::vector<std::string>& clauses, const std::vector<xy_series>& series,
                     const std::string& title, const char* fallback) {
        d << "set title " << quoted(enhanced_literal(title.empty() ? fallback : title)) << "\n";
        d << log_y_minor_tics(finite_ys({&series}));
        d << plot_command(clauses);
    };
    if (!gd.empty()) panel(gd, in.top_gd, in.top_gd_title, "GD");
    if (!sgd.empty()) panel(sgd, in.top_sgd, in.top_sgd_title, "SGD");
    d << "unset multiplot\n";

    f.settings = "set xlabel \"step t + 1\"\n"
                 "set ylabel \"|c_i(w_t)|\"\n"
                 "set logscale x 10\n"
                 "set logscale y 10\n"
                 "set format x \"10^{%L}\"\n"
                 "set format y \"10^{%L}\"\n"
                 // Two panels side by side leave no room for a key at the right; the
                 // extra height keeps the key clear of the x label.
                 "set key outside bottom center horizontal Left reverse height 1\n";
    f.draw = d.str();
    return f;
}

// ---------------------------------------------------------------------------
// Files and gnuplot.

} // namespace

figure_result write_figures(const fs::path& given_dir, const figure_inputs& in)
{
    // gnuplot runs in a staging folder below dir: every path it is given
    // must not depend on the working directory.
    fs::create_directories(given_dir);
    const fs::path dir = fs::absolute(given_dir);
    figure_result result;

    std::vector<figure> figures;
    const char* const all_names[] = {"a_sorted_coords", "b_participation", "c_sharpness", "d_cosine", "e_top_coords"};
    std::optional<figure> built[] = {sorted_coords_figure(in), participation_figure(in), sharpness_figure(in),
                                     cosine_figure(in), top_coords_figure(in)};
    for (std::size_t i = 0; i < std::size(built); ++i) {
        if (built[i]) {
            figures.push_back(std::move(*built[i]));
        } else {
            // Files left by an earlier sweep in this folder would pass for this one's.
            for (const char* ext : {".dat", ".gp"}) remove_quietly(dir / (std::string(all_names[i]) + ext));
            remove_drawings(dir, all_names[i]);
        }
    }

    for (const figure& f : figures) {
        write_text(dir / (f.name + ".dat"), f.data.text(f.name));
        write_text(dir / (f.name + ".gp"), script_text(f, in.config_json));
        result.files.push_back(f.name + ".dat");
        result.files.push_back(f.name + ".gp");
    }
    if (figures.empty()) {
        result.message = "no figure has any data to plot; nothing written in " + dir.string();
        return result;
    }

    const auto gnuplot = find_on_path("gnuplot");
    if (!gnuplot) {
        for (const figure& f : figures) remove_drawings(dir, f.name);
        result.message = "gnuplot not found: wrote the data and scripts in " + dir.string() +
                         "; install gnuplot-nox and run gnuplot on each .gp file";
        return result;
    }

    std::string problems;
    for (const figure& f : figures) {
        const std::string problem = run_gnuplot(*gnuplot, dir, f.name, result.files);
        if (!problem.empty()) problems += (problems.empty() ? "" : "; ") + f.name + ".gp: " + problem;
    }
    result.drawn = problems.empty();
    result.message = problems;
    return result;
}

} // namespace snae::sweep
