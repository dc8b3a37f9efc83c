#include "figures.hpp"

#include "snae/text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace snae::sweep {

namespace fs = std::filesystem;
using plot::enhanced_literal;
using plot::figure_options;
using plot::figure_size;
using plot::math;
using plot::one_line;
using plot::plot_command;

namespace {

// ---------------------------------------------------------------------------
// Text: user strings end up inside gnuplot double-quoted strings that are
// then read as enhanced text, so they pass through two escaping layers.

/// A title (enhanced markup) with a smaller second line: the slice, and
/// what the figure shows of it (`shown`: which seed, or over how many).
std::string title_text(const std::string& title_markup, const figure_inputs& in, const std::string& shown)
{
    const std::string second = one_line(in.subtitle).find_first_not_of(' ') == std::string::npos ? shown : in.subtitle + "; " + shown;
    return plot::quoted(title_markup + "\n{/*0.9 " + enhanced_literal(second) + "}");
}

/// A label shown literally, but a letter standing alone ("n = 16 = d",
/// "b = 4") in italics, as a paper sets a variable.
std::string label_markup(const std::string& label)
{
    const std::string text = enhanced_literal(label);
    auto word_char = [&](std::size_t i) { return i < text.size() && std::isalnum(static_cast<unsigned char>(text[i])); };
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool alone = std::isalpha(static_cast<unsigned char>(text[i])) && !(i > 0 && word_char(i - 1)) && !word_char(i + 1);
        out += alone ? math(std::string(1, text[i])) : std::string(1, text[i]);
    }
    return out;
}

std::string key_title(const std::string& label) { return label.empty() ? "notitle" : "title " + plot::quoted(label_markup(label)); }

std::string number(double v) { return format_number(v, "%.17g"); }

/// "seed 3", or "the first seed" when no trace said which.
std::string seed_text(const figure_inputs& in)
{
    return in.trace_seed ? "seed " + std::to_string(*in.trace_seed) : "the first seed";
}

/// What (b)-(d) average: "mean ± sd over 8 seeds".
std::string over_seeds(const figure_inputs& in)
{
    return "mean \xC2\xB1 sd over " + std::to_string(in.seeds) + (in.seeds == 1 ? " seed" : " seeds");
}

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

    /// The header line, `notes` as comment lines, then the blocks.
    std::string text(const std::string& name, const std::vector<std::string>& notes) const
    {
        std::string out = "# snae sweep figure " + name + ": columns x y [sd]\n";
        for (const auto& n : notes) out += "# " + one_line(n) + "\n";
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
    return plot::quoted(name + ".dat") + " index " + std::to_string(index);
}

/// A figure before it is written: `settings` run once, `draw` once per format.
struct figure {
    std::string name;
    data_file data;
    std::vector<std::string> notes; ///< what x, y and sd are, for the .dat header
    std::string settings;
    std::string draw;
    double height = 0; ///< inches
};

/// The height in inches of a title and its subtitle: two lines and their spacing.
constexpr double title_height = 0.45;

/// The height in inches of a figure with `rows` rows of panels (1 or 2).
double figure_height(const figure_options& style, int rows)
{
    const double axes = style.size == figure_size::page ? (rows == 2 ? 4.6 : 2.6) : (rows == 2 ? 4.2 : 2.3);
    return axes + (style.titles ? title_height : 0.0);
}

/// Two panels: stacked at a column's width, side by side across a page.
bool side_by_side(const figure_options& style) { return style.size == figure_size::page; }

std::string script_text(const figure& f, const std::string& config_json, const figure_options& style)
{
    std::vector<std::string> drawings;
    for (auto format : style.formats) drawings.push_back(f.name + plot::extension(format));
    std::string out;
    out += "# snae sweep figure " + f.name + "\n";
    out += "# sweep configuration:\n";
    out += "# " + one_line(config_json) + "\n";
    out += "# Draws " + join(drawings, ", ") + " from " + f.name + ".dat; rerun with `gnuplot " + f.name +
           ".gp` in this folder.\n\n";
    out += plot::style_preamble();
    out += f.settings;
    out += plot::draw_in_each_format(f.name, style, f.height, f.draw);
    return out;
}

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

/// A log axis only pays when every value is positive and they span a
/// factor `ratio` (a decade, unless the values are known to be powers).
bool wants_log(const std::vector<double>& ys, double ratio = 10)
{
    if (!all_positive(ys)) return false;
    const auto [lo, hi] = std::minmax_element(ys.begin(), ys.end());
    return *hi / *lo >= ratio;
}

/// The key above the axes (plot::key_above). Without a figure title, the
/// key's title says what the lines are (which seed, or over how many),
/// which the title's second line says otherwise.
std::string key_above(const figure_options& style, const std::string& shown)
{
    return plot::key_above(style.titles ? "" : enhanced_literal(shown));
}

/// A linear y axis with at most about five labelled tics: a step of 1, 2,
/// 2.5 or 5 times a power of 10 over the range of `ys`.
std::string linear_y_tics(const std::vector<double>& ys)
{
    if (ys.empty()) return "set ytics autofreq\n";
    const auto [lo, hi] = std::minmax_element(ys.begin(), ys.end());
    const double range = *hi - *lo;
    if (!(range > 0)) return "set ytics autofreq\n";
    const double unit = std::pow(10.0, std::floor(std::log10(range / 5)));
    double step = 10 * unit;
    for (double m : {5.0, 2.5, 2.0, 1.0})
        if (range / (m * unit) <= 5) step = m * unit;
    return "set ytics " + format_number(step, "%.6g") + "\n";
}

/// One panel, or two stacked, with the figure's title (plot::titled).
std::string framed(const figure_options& style, const std::string& title, int rows, const std::string& panels)
{
    if (rows == 1) return plot::titled(style, title, panels);
    std::string out = "set multiplot layout " + std::to_string(rows) + ",1";
    if (style.titles) out += " title " + title;
    return out + "\n" + panels + "unset multiplot\n";
}

/// Two panels side by side across a page: margins fixed in screen units,
/// so that both share their top and bottom whatever the first one's key,
/// with room above for the title, two rows of key (gnuplot wraps a key at
/// the first panel's width) and (`headed`) panel titles.
std::string across_layout(const figure_options& style, double height, const std::string& title, bool headed)
{
    const double w = plot::figure_width(style.size);
    const double top = (style.titles ? title_height : 0.0) + (style.titles ? 0.4 : 0.55) + (headed ? 0.3 : 0.0);
    std::ostringstream o;
    o << "set multiplot layout 1,2 margins " << format_number(0.6 / w, "%.4f") << "," << format_number(1 - 0.1 / w, "%.4f")
      << "," << format_number(0.45 / height, "%.4f") << "," << format_number(1 - top / height, "%.4f") << " spacing "
      << format_number(0.75 / w, "%.4f");
    if (style.titles) o << " title " << title;
    return o.str() + "\n";
}

/// The key of two panels side by side: one row centred above both, under the title.
std::string across_key(const figure_options& style, double height, const std::string& shown)
{
    const double y = 1 - ((style.titles ? title_height : 0.0) + 0.03) / height;
    std::string k = "set key at screen 0.5, screen " + format_number(y, "%.4f") + " center top horizontal Left reverse";
    if (!style.titles) k += " title " + plot::quoted(enhanced_literal(shown));
    return k + "\n";
}

/// A figure of two panels (stacked, or side by side across a page) or of one.
std::string two_panels(const figure_options& style, double height, const std::string& title, int panels, bool across,
                       bool headed, const std::string& body)
{
    if (across) return across_layout(style, height, title, headed) + body + "unset multiplot\n";
    return framed(style, title, panels, body);
}

// ---------------------------------------------------------------------------
// The batch-size axis of (b)-(d): log2, numbered SGD batch sizes, and full
// batch at a position of its own.

/// Where the points go: SGD batch sizes at b, full batch at `full`, one
/// octave past `top`, the smallest power of 2 above every SGD b, with a
/// dotted line between. At b = n, full batch would stand next to b = n - 1,
/// and a line joining them would draw a cliff that is no data.
struct batch_layout {
    double top = 1;
    double full = 2;
    bool any_sgd = false;
};

batch_layout batch_layout_of(const figure_inputs& in)
{
    batch_layout l;
    for (const auto* g : {&in.participation, &in.trace, &in.trace_closed, &in.lambda_max, &in.lambda_max_closed, &in.cosine,
                          &in.cosine_predicted})
        for (const xy_series& s : *g)
            for (double x : s.x)
                if (x != full_batch && std::isfinite(x) && x > 0) {
                    l.any_sgd = true;
                    while (l.top <= x) l.top *= 2;
                }
    l.full = 2 * l.top;
    return l;
}

/// The .dat notes of a batch figure: what x, y and sd are.
std::vector<std::string> batch_notes(const batch_layout& l, const figure_inputs& in)
{
    return {"x: batch size b; full batch (b = n) is at x = " + number(l.full) +
                ", a position of its own right of every SGD b, drawn with the tic label full",
            "y: mean over " + std::to_string(in.seeds) + " seeds, sd: one sample standard deviation (0 with one seed); "
                                                        "closed forms and predictions have no sd"};
}

/// log2 x axis: powers of 2 up to `top` (every `step`-th labelled from 1,
/// so that the labels fit the width, and none closer than `step` octaves
/// to "full"), "full" at l.full, a dotted line between.
std::string batch_axis(const batch_layout& l, const figure_options& style)
{
    const int octaves = static_cast<int>(std::lround(std::log2(l.top)));
    const int most_labels = style.size == figure_size::page ? 14 : 7;
    const int step = std::max(1, (octaves + most_labels) / most_labels);
    std::vector<std::string> tics;
    for (int k = 0; l.any_sgd && k <= octaves; ++k) {
        const std::string x = number(std::ldexp(1.0, k));
        const bool labelled = k % step == 0 && octaves + 1 - k >= step;
        tics.push_back(labelled ? plot::quoted(x) + " " + x : "\"\" " + x + " 1");
    }
    tics.push_back("\"full\" " + number(l.full));
    const double lo = l.any_sgd ? std::pow(2.0, -0.4) : l.full / 2;
    std::ostringstream out;
    out << "set logscale x 2\n"
        << "set xrange [" << number(lo) << ":" << number(l.full * std::pow(2.0, 0.4)) << "]\n"
        << "set xtics (" << join(tics, ", ") << ")\n";
    if (l.any_sgd)
        out << "set arrow 1 from " << number(l.top * std::sqrt(2.0)) << ", graph 0 to " << number(l.top * std::sqrt(2.0))
            << ", graph 1 nohead back dt 3 lw 1 lc rgb \"#777777\"\n";
    return out.str();
}

const std::string batch_label = "batch size " + math("b");

/// Adds the points of `s` with x = b and those with x = full_batch (drawn
/// at l.full) as two blocks, so that no line joins them.
std::pair<std::optional<int>, std::optional<int>> add_batch_series(figure& f, const xy_series& s, const std::string& what,
                                                                   const batch_layout& l, const axes& ax)
{
    check_shape(s);
    xy_series sgd, full;
    for (std::size_t i = 0; i < s.x.size(); ++i) {
        xy_series& to = s.x[i] == full_batch ? full : sgd;
        to.x.push_back(s.x[i] == full_batch ? l.full : s.x[i]);
        to.y.push_back(s.y[i]);
        if (!s.err.empty()) to.err.push_back(s.err[i]);
    }
    const std::string label = what + ": " + s.label;
    return {f.data.add(to_block(sgd, label + ", SGD (x = b)", ax)),
            f.data.add(to_block(full, label + ", full batch (x = " + number(l.full) + ")", ax))};
}

/// Measured means with error bars in the colour and point type of `slot`;
/// `joined` draws a line through the SGD points. The key names the series once.
std::vector<std::string> measured_clauses(const figure& f, std::pair<std::optional<int>, std::optional<int>> idx, int slot,
                                          const std::string& label, bool joined)
{
    const std::string lt = " lt " + std::to_string(slot + 1) + " ";
    std::vector<std::string> out;
    std::string title = key_title(label);
    for (const auto& [index, line] : {std::pair{idx.first, joined}, std::pair{idx.second, false}}) {
        if (!index) continue;
        const bool err = f.data.has_err(*index);
        const char* with = err ? (line ? "yerrorlines" : "yerrorbars") : (line ? "linespoints" : "points");
        out.push_back(data_ref(f.name, *index) + (err ? " using 1:2:3" : " using 1:2") + " with " + with + lt + title);
        title = "notitle";
    }
    return out;
}

/// Closed forms are dashed in the colour of the series they predict: a line
/// over the SGD batch sizes, a short level mark at full batch.
std::vector<std::string> closed_clauses(const figure& f, std::pair<std::optional<int>, std::optional<int>> idx, int slot)
{
    const std::string lc = " dt 2 lw 2 lc " + std::to_string(slot + 1) + " notitle";
    std::vector<std::string> out;
    if (idx.first) out.push_back(data_ref(f.name, *idx.first) + " using 1:2 with lines" + lc);
    if (idx.second)
        out.push_back(data_ref(f.name, *idx.second) + " using ($1/1.3):2:($1*1.3-$1/1.3):(0) with vectors nohead" + lc);
    return out;
}

/// Measured series and their closed forms on the batch axis, with one key
/// entry for every closed form (`closed_name`, dashed).
std::vector<std::string> measured_and_closed(figure& f, const std::vector<xy_series>& measured,
                                             const std::vector<xy_series>& closed, const std::string& what,
                                             const std::string& closed_name, const batch_layout& l, const axes& ax)
{
    std::vector<std::string> clauses;
    for (std::size_t i = 0; i < measured.size(); ++i) {
        const auto idx = add_batch_series(f, measured[i], what + " measured", l, ax);
        for (auto& c : measured_clauses(f, idx, static_cast<int>(i), measured[i].label, false)) clauses.push_back(c);
    }
    bool any_closed = false;
    for (std::size_t i = 0; i < closed.size(); ++i) {
        const auto idx = add_batch_series(f, closed[i], what + " " + closed_name, l, ax);
        for (auto& c : closed_clauses(f, idx, static_cast<int>(i))) clauses.push_back(c);
        any_closed = any_closed || idx.first || idx.second;
    }
    if (any_closed && !clauses.empty())
        clauses.push_back("keyentry with lines dt 2 lw 2 lc rgb \"#555555\" title " + plot::quoted(closed_name));
    return clauses;
}

// ---------------------------------------------------------------------------
// The five figures. Each returns nullopt when it has nothing to draw.

std::optional<figure> sorted_coords_figure(const figure_inputs& in, const figure_options& style)
{
    figure f{"a_sorted_coords", {}, {}, {}, {}, figure_height(style, 1)};
    const axes ax{false, true, 0};
    // Marking every rank of a 256-long curve hides the lines; about 12 marks per curve suffice.
    const std::size_t every = std::max<std::size_t>(1, (in.sorted_n + 11) / 12);
    std::vector<std::string> clauses;
    for (std::size_t i = 0; i < in.sorted_coords.size(); ++i) {
        const xy_series& s = in.sorted_coords[i];
        if (auto idx = f.data.add(to_block(s, s.label, ax)))
            clauses.push_back(data_ref(f.name, *idx) + " using 1:2 with linespoints lt " + std::to_string(i + 1) +
                              " pi " + std::to_string(every) + " " + key_title(s.label));
    }
    if (clauses.empty()) return std::nullopt;

    const std::string shown = seed_text(in) + ", one run per line";
    f.notes = {"x: rank i; y: |c_i| of the final iterate, in descending order, at n = " + std::to_string(in.sorted_n),
               "shown: " + shown + " (traces are kept for the first seed of each grid point)"};
    std::ostringstream set;
    set << plot::xlabel("rank " + math("i")) << plot::ylabel("final |" + math("c") + "_" + math("i") + "|")
        << plot::log_y_tics(finite_ys({&in.sorted_coords})) << key_above(style, shown);
    if (in.sorted_n > 0) set << "set xrange [0.5:" << in.sorted_n << ".5]\n";
    f.settings = set.str();
    f.draw = framed(style, title_text("Final coordinates, sorted, at " + math("n") + " = " + std::to_string(in.sorted_n), in, shown),
                    1, plot_command(clauses));
    return f;
}

std::optional<figure> participation_figure(const figure_inputs& in, const figure_options& style, const batch_layout& l)
{
    figure f{"b_participation", {}, batch_notes(l, in), {}, {}, figure_height(style, 1)};
    // The ratio runs from 1 (one coordinate) to n (all equal): a log axis shows both ends.
    const bool log_y = all_positive(finite_ys({&in.participation}));
    const axes ax{true, log_y, 0};
    std::vector<std::string> clauses;
    for (std::size_t i = 0; i < in.participation.size(); ++i) {
        const xy_series& s = in.participation[i];
        for (auto& c : measured_clauses(f, add_batch_series(f, s, "participation", l, ax), static_cast<int>(i), s.label, true))
            clauses.push_back(c);
    }
    if (clauses.empty()) return std::nullopt;

    std::string set = batch_axis(l, style) + plot::xlabel(batch_label) + plot::ylabel("participation ratio");
    if (log_y) set += plot::log_y_tics(finite_ys({&in.participation}));
    // Ratios of 1 (every SGD run) would sit on the lower border.
    set += "set yrange [*:*]\nset autoscale yfix\nset offsets 0, 0, graph 0.06, graph 0.06\n";
    f.settings = set + key_above(style, over_seeds(in));
    f.draw = framed(style, title_text("Participation ratio of the final iterate", in, over_seeds(in)), 1, plot_command(clauses));
    return f;
}

/// One panel of a two-panel figure: its y axis (`y_axis`), the key only
/// above the first (the colours mean the same in both), and the x label
/// only under the last when the panels are stacked.
std::string panel(const std::vector<std::string>& clauses, const std::string& y_axis, const std::string& key, bool first,
                  bool last, bool stacked, const std::string& xlabel)
{
    std::string d = y_axis + (first ? key : "unset key\n");
    d += !stacked || last ? plot::xlabel(xlabel) : "unset xlabel\n";
    return d + plot_command(clauses);
}

/// The y axis of a panel of (c): log when the values span a decade.
std::string sharpness_y(const std::string& label, bool log_y, const std::vector<double>& ys)
{
    return plot::ylabel(label) + (log_y ? plot::log_y_tics(ys) : "unset logscale y\nset autoscale y\n" + linear_y_tics(ys));
}

std::optional<figure> sharpness_figure(const figure_inputs& in, const figure_options& style, const batch_layout& l)
{
    figure f{"c_sharpness", {}, batch_notes(l, in), {}, {}, 0};
    const auto trace_ys = finite_ys({&in.trace, &in.trace_closed}), lambda_ys = finite_ys({&in.lambda_max, &in.lambda_max_closed});
    const bool log_trace = wants_log(trace_ys);
    // lambda_max is 4/n: the n of a sweep, powers of 2 or 4 apart, are spaced evenly on a log axis.
    const bool log_lambda = wants_log(lambda_ys, 2);
    const auto top = measured_and_closed(f, in.trace, in.trace_closed, "tr H", "closed form", l, {true, log_trace, 0});
    const auto bottom = measured_and_closed(f, in.lambda_max, in.lambda_max_closed, "lambda_max", "closed form", l,
                                            {true, log_lambda, 0});
    if (top.empty() && bottom.empty()) return std::nullopt;

    const bool two = !top.empty() && !bottom.empty();
    const bool across = two && side_by_side(style);
    f.height = figure_height(style, two && !across ? 2 : 1);
    // Fixed margins, so that the panels' axes line up whatever their tic labels.
    f.settings = batch_axis(l, style) + "set format y \"%g\"\nset lmargin 9\nset rmargin 2\n";
    const std::string key = across ? across_key(style, f.height, over_seeds(in)) : key_above(style, over_seeds(in));
    std::string panels;
    if (!top.empty())
        panels += panel(top, sharpness_y("tr " + math("H"), log_trace, trace_ys), key, true, bottom.empty(), !across, batch_label);
    if (!bottom.empty())
        panels += panel(bottom, sharpness_y(plot::lambda() + "_{max}", log_lambda, lambda_ys), key, top.empty(), true, !across,
                        batch_label);
    f.draw = two_panels(style, f.height, title_text("Sharpness against batch size", in, over_seeds(in)), two ? 2 : 1, across,
                        false, panels);
    return f;
}

std::optional<figure> cosine_figure(const figure_inputs& in, const figure_options& style, const batch_layout& l)
{
    figure f{"d_cosine", {}, batch_notes(l, in), {}, {}, figure_height(style, 1)};
    auto clauses = measured_and_closed(f, in.cosine, in.cosine_predicted, "cos(w, w_0)", "predicted", l, {true, false, 0});
    if (clauses.empty()) return std::nullopt;
    clauses.push_back("sqrt(0.5) with lines dt 3 lw 1.5 lc rgb \"#555555\" title \"\xE2\x88\x9A(1/2)\"");

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

    std::string set = batch_axis(l, style) + plot::xlabel(batch_label) + plot::ylabel("cos(" + math("w") + ", " + math("w") + "_0)");
    set += "set yrange [" + format_number(lo, "%.4g") + ":" + format_number(hi, "%.4g") + "]\n";
    f.settings = set + "set ytics 0.2\nset format y \"%.1f\"\n" + key_above(style, over_seeds(in));
    f.draw = framed(style, title_text("Alignment with the initial weights", in, over_seeds(in)), 1, plot_command(clauses));
    return f;
}

/// The plot clauses of one panel of (e), adding its series to the data.
std::vector<std::string> top_coords_panel(figure& f, const std::vector<xy_series>& series, const std::string& run)
{
    const axes ax{true, true, 1};
    std::vector<std::string> clauses;
    for (std::size_t i = 0; i < series.size(); ++i)
        if (auto idx = f.data.add(to_block(series[i], run + ": " + series[i].label, ax)))
            clauses.push_back(data_ref(f.name, *idx) + " using ($1+1):2 with lines lt " + std::to_string(i + 1) + " " +
                              key_title(series[i].label));
    return clauses;
}

std::optional<figure> top_coords_figure(const figure_inputs& in, const figure_options& style)
{
    figure f{"e_top_coords", {}, {}, {}, {}, 0};
    const auto gd = top_coords_panel(f, in.top_gd, "GD");
    const auto sgd = top_coords_panel(f, in.top_sgd, "SGD");
    if (gd.empty() && sgd.empty()) return std::nullopt;

    const std::string shown = seed_text(in) + ", one run per panel";
    f.notes = {"x: step t (the figure plots t + 1 on its log axis); y: the k-th largest |c_i(w_t)|, k = 1..5",
               "shown: " + shown + ", GD and the smallest SGD b at the largest n (traces are kept for the first seed)"};
    const bool two = !gd.empty() && !sgd.empty();
    const bool across = two && side_by_side(style);
    f.height = figure_height(style, two && !across ? 2 : 1);
    // A panel is headed by its run, titles or not: that tells the panels apart.
    auto y_axis = [&](const std::vector<xy_series>& series, const std::string& title, const char* fallback) {
        return "set title " + plot::quoted(label_markup(title.empty() ? fallback : title)) + "\n" +
               plot::log_y_tics(finite_ys({&series}));
    };
    const std::string key = across ? across_key(style, f.height, shown) : key_above(style, shown);
    const std::string xlabel = "step " + math("t") + " + 1";
    std::string panels;
    if (!gd.empty()) panels += panel(gd, y_axis(in.top_gd, in.top_gd_title, "GD"), key, true, sgd.empty(), !across, xlabel);
    if (!sgd.empty()) panels += panel(sgd, y_axis(in.top_sgd, in.top_sgd_title, "SGD"), key, gd.empty(), true, !across, xlabel);

    f.settings = plot::ylabel("|" + math("c") + "_" + math("i") + "(" + math("w") + "_" + math("t") + ")|") +
                 "set logscale x 10\nset format x \"10^{%L}\"\nset lmargin 10\nset rmargin 2\n";
    f.draw = two_panels(style, f.height, title_text("Largest coordinates during training", in, shown), two ? 2 : 1, across,
                        true, panels);
    return f;
}

// ---------------------------------------------------------------------------
// Files and gnuplot.

/// The five figures, each nullopt when it has nothing to draw.
std::vector<std::pair<const char*, std::optional<figure>>> build_figures(const figure_inputs& in, const figure_options& style)
{
    const batch_layout l = batch_layout_of(in);
    std::vector<std::pair<const char*, std::optional<figure>>> out;
    out.emplace_back("a_sorted_coords", sorted_coords_figure(in, style));
    out.emplace_back("b_participation", participation_figure(in, style, l));
    out.emplace_back("c_sharpness", sharpness_figure(in, style, l));
    out.emplace_back("d_cosine", cosine_figure(in, style, l));
    out.emplace_back("e_top_coords", top_coords_figure(in, style));
    return out;
}

/// Runs gnuplot on every figure's script; "" when every drawing was made.
std::string draw_all(const std::string& gnuplot, const fs::path& dir, const std::vector<figure>& figures,
                     const figure_options& style, std::vector<std::string>& files)
{
    std::string problems;
    for (const figure& f : figures) {
        const std::string problem = plot::run_gnuplot(gnuplot, dir, f.name, style.formats, files);
        if (!problem.empty()) problems += (problems.empty() ? "" : "; ") + f.name + ".gp: " + problem;
    }
    return problems;
}

} // namespace

figure_result write_figures(const fs::path& given_dir, const figure_inputs& in, const figure_options& style)
{
    // gnuplot runs in a staging folder below dir: every path it is given
    // must not depend on the working directory.
    fs::create_directories(given_dir);
    const fs::path dir = fs::absolute(given_dir);
    figure_result result;

    std::vector<figure> figures;
    for (auto& [name, built] : build_figures(in, style)) {
        if (built) {
            figures.push_back(std::move(*built));
        } else {
            // Files left by an earlier sweep in this folder would pass for this one's.
            for (const char* ext : {".dat", ".gp"}) plot::remove_quietly(dir / (std::string(name) + ext));
            plot::remove_drawings(dir, name);
        }
    }

    for (const figure& f : figures) {
        plot::write_text(dir / (f.name + ".dat"), f.data.text(f.name, f.notes));
        plot::write_text(dir / (f.name + ".gp"), script_text(f, in.config_json, style));
        result.files.push_back(f.name + ".dat");
        result.files.push_back(f.name + ".gp");
    }
    if (figures.empty()) {
        result.message = "no figure has any data to plot; nothing written in " + dir.string();
        return result;
    }

    const auto gnuplot = plot::find_on_path("gnuplot");
    if (!gnuplot) {
        for (const figure& f : figures) plot::remove_drawings(dir, f.name);
        result.message = "gnuplot not found: wrote the data and scripts in " + dir.string() +
                         "; install gnuplot-nox and run gnuplot on each .gp file";
        return result;
    }
    result.message = draw_all(*gnuplot, dir, figures, style, result.files);
    result.drawn = result.message.empty();
    return result;
}

} // namespace snae::sweep
