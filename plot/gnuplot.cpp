#include "gnuplot.hpp"

#include <snae/atomic_file.hpp>
#include <snae/text.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace snae::plot {

namespace fs = std::filesystem;

void write_text(const fs::path& path, const std::string& text)
{
    atomic_file out(path.string());
    out.stream() << text;
    out.commit();
}

void remove_quietly(const fs::path& p)
{
    std::error_code ec;
    fs::remove(p, ec);
}

/// The drawings of a figure that is not redrawn now would no longer match its
/// data, so they go, in every format: an earlier run may have asked for others.
void remove_drawings(const fs::path& dir, const std::string& name)
{
    for (const char* ext : {".pdf", ".png", ".svg", ".log"}) remove_quietly(dir / (name + ext));
}

std::optional<std::string> find_on_path(const std::string& program)
{
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        std::string d = dirs.substr(start, end - start);
        if (d.empty()) d = ".";
        const std::string candidate = d + "/" + program;
        struct stat st {};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0)
            return candidate;
        start = end + 1;
    }
    return std::nullopt;
}

namespace {

bool non_empty_file(const fs::path& p)
{
    std::error_code ec;
    return fs::is_regular_file(p, ec) && fs::file_size(p, ec) > 0 && !ec;
}

/// gnuplot stops at its first error, so the last line of its log says why.
std::string last_line(const fs::path& p)
{
    std::ifstream in(p);
    std::string line, last;
    while (std::getline(in, line))
        if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
    return last;
}

/// Runs argv[0] in `stage_dir` with stdin from /dev/null and stdout and
/// stderr to `log`; returns "" if it exits with status 0, otherwise why not.
std::string run_program(const char* const argv[], const std::string& stage_dir, const std::string& log)
{
    // Everything the child needs is prepared by the caller: between fork and
    // exec only async-signal-safe calls are allowed, as the caller may run threads.
    const pid_t pid = ::fork();
    if (pid < 0) return "cannot start gnuplot: " + std::string(std::strerror(errno));
    if (pid == 0) {
        if (::chdir(stage_dir.c_str()) != 0) ::_exit(126);
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
        const int null_fd = ::open("/dev/null", O_RDONLY);
        if (fd < 0 || null_fd < 0) ::_exit(126);
        ::dup2(null_fd, 0);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::execv(argv[0], const_cast<char* const*>(argv));
        ::_exit(127);
    }
    int status = 0;
    pid_t waited;
    do waited = ::waitpid(pid, &status, 0);
    while (waited < 0 && errno == EINTR);
    if (waited < 0) return "lost track of gnuplot: " + std::string(std::strerror(errno));
    if (WIFSIGNALED(status)) return "gnuplot was killed by signal " + std::to_string(WTERMSIG(status));
    if (WEXITSTATUS(status) != 0) return "gnuplot exited with status " + std::to_string(WEXITSTATUS(status));
    return "";
}

/// Moves the drawings (only if `problem` is empty) and a non-empty log from
/// `stage` into `dir`; returns `problem` with the log's last line.
std::string keep_outputs(const fs::path& stage, const fs::path& dir, const std::string& name,
                         const std::vector<figure_format>& formats, std::string problem, std::vector<std::string>& files)
{
    remove_drawings(dir, name);
    if (problem.empty()) {
        for (figure_format f : formats) {
            const std::string file = name + extension(f);
            fs::rename(stage / file, dir / file);
            files.push_back(file);
        }
    }
    // Warnings are kept even after a successful run; an empty log is noise.
    if (non_empty_file(stage / (name + ".log"))) {
        fs::rename(stage / (name + ".log"), dir / (name + ".log"));
        files.push_back(name + ".log");
        if (!problem.empty()) {
            problem += "; see " + (dir / (name + ".log")).string();
            const std::string last = last_line(dir / (name + ".log"));
            if (!last.empty()) problem += ": " + last;
        }
    }
    return problem;
}

/// The drawings of `formats` that gnuplot left empty or did not write, as "a.pdf and a.png".
std::string missing_drawings(const fs::path& stage, const std::string& name, const std::vector<figure_format>& formats)
{
    std::vector<std::string> missing;
    for (figure_format f : formats)
        if (!non_empty_file(stage / (name + extension(f)))) missing.push_back(name + extension(f));
    return join(missing, " and ");
}

} // namespace

/// Runs gnuplot on dir/NAME.gp in a private staging folder inside `dir` and
/// moves the drawings out only when all are complete, so an interrupted or
/// failed run never leaves a truncated figure under its final name.
std::string run_gnuplot(const std::string& gnuplot, const fs::path& dir, const std::string& name,
                        const std::vector<figure_format>& formats, std::vector<std::string>& files)
{
    const fs::path stage = dir / ("." + name + ".tmp-" + std::to_string(::getpid()));
    fs::remove_all(stage);
    fs::create_directory(stage);
    const std::string log = (stage / (name + ".log")).string();
    // The script names its data and drawings relative to `dir`; from the
    // staging folder the data is found through gnuplot's loadpath.
    const std::string loadpath = "set loadpath '..'";
    const std::string script = "../" + name + ".gp";
    const char* argv[] = {gnuplot.c_str(), "-e", loadpath.c_str(), script.c_str(), nullptr};
    std::string problem = run_program(argv, stage.string(), log);
    if (problem.empty())
        if (const std::string missing = missing_drawings(stage, name, formats); !missing.empty())
            problem = "gnuplot did not produce " + missing;
    problem = keep_outputs(stage, dir, name, formats, problem, files);
    fs::remove_all(stage);
    return problem;
}

std::string quoted(const std::string& text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '\\' || c == '"') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string one_line(const std::string& text)
{
    std::string out = text;
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return out;
}

std::string enhanced_literal(const std::string& text)
{
    std::string out;
    for (char c : one_line(text)) {
        if (std::strchr("_^{}@&~\\", c) != nullptr) out += '\\';
        out += c;
    }
    return out;
}

std::string math(const std::string& name) { return "{/:Italic " + name + "}"; }

// U+1D706, MATHEMATICAL ITALIC SMALL LAMDA: the glyph \lambda gives in a paper.
std::string lambda() { return "{/'Latin Modern Math' \xF0\x9D\x9C\x86}"; }
// U+1D702 and U+1D70C, MATHEMATICAL ITALIC SMALL ETA and RHO.
std::string eta() { return "{/'Latin Modern Math' \xF0\x9D\x9C\x82}"; }
std::string rho() { return "{/'Latin Modern Math' \xF0\x9D\x9C\x8C}"; }

std::string plot_command(const std::vector<std::string>& clauses) { return "plot " + join(clauses, ", \\\n     ") + "\n"; }

// The default offsets leave a line of space between tic labels and axis labels: too much at 9 pt.
std::string xlabel(const std::string& markup) { return "set xlabel " + quoted(markup) + " offset 0,0.7\n"; }
std::string ylabel(const std::string& markup) { return "set ylabel " + quoted(markup) + " offset 0.8,0\n"; }

namespace {

/// The values 1, 2 and 5 times a power of 10 (and 1.5, 3, 4, 7 times for a
/// range under 0.6 decades, which would have two tics) from the largest one
/// <= lo to the smallest one >= hi.
std::vector<double> round_tics(double lo, double hi)
{
    const std::vector<double> steps = std::log10(hi / lo) < 0.6 ? std::vector<double>{1, 1.5, 2, 3, 4, 5, 7}
                                                                 : std::vector<double>{1, 2, 5};
    std::vector<double> all;
    for (int e = static_cast<int>(std::floor(std::log10(lo))) - 1; e <= static_cast<int>(std::ceil(std::log10(hi))) + 1; ++e)
        for (double m : steps) all.push_back(m * std::pow(10.0, e));
    double first = all.front(), last = all.back();
    for (double t : all) {
        if (t <= lo) first = t;
        if (t >= hi && last == all.back()) last = std::min(last, t);
    }
    std::vector<double> out;
    for (double t : all)
        if (t >= first && t <= last) out.push_back(t);
    return out;
}

} // namespace

/// Within about a decade and a half near 1 (a participation ratio, GD's
/// coordinates) tics at 1, 2 and 5 times each power of 10 over just the
/// data, printed plainly; up to 6 decades gnuplot's decade tics; beyond,
/// as when coordinates decay to 1e-300, labelled tics every 2, 5, 10, 20,
/// 50 or 100 decades (at most about six labels) over whole decades, and no
/// minor tics, which would crowd into black bars.
std::string log_y_tics(const std::vector<double>& ys)
{
    double lo = 0, hi = 0;
    for (double y : ys)
        if (std::isfinite(y) && y > 0) {
            lo = lo == 0 ? y : std::min(lo, y);
            hi = std::max(hi, y);
        }
    if (lo == 0) return "set logscale y 10\nset format y \"10^{%L}\"\nset autoscale y\nset ytics autofreq\n";
    const bool plain = lo >= 1e-3 && hi <= 1e4;
    std::vector<std::string> tics;
    if (plain && std::log10(hi / lo) <= 1.5) {
        const auto v = round_tics(lo, hi);
        for (double t : v) tics.push_back(format_number(t, "%g"));
        return "set logscale y 10\nset format y \"%g\"\nset yrange [" + tics.front() + ":" + tics.back() + "]\nset ytics (" +
               join(tics, ", ") + ")\nset mytics default\n";
    }
    const int e_lo = static_cast<int>(std::floor(std::log10(lo))), e_hi = static_cast<int>(std::ceil(std::log10(hi)));
    const std::string out = std::string("set logscale y 10\nset format y \"") + (plain ? "%g" : "10^{%L}") + "\"\n";
    if (e_hi - e_lo <= 6) return out + "set autoscale y\nset ytics autofreq\nset mytics default\n";
    int step = 1;
    for (int s : {2, 5, 10, 20, 50, 100})
        if ((e_hi - e_lo) / step > 5) step = s;
    for (int e = e_hi - ((e_hi % step) + step) % step; e >= e_lo; e -= step)
        tics.push_back(quoted("10^{" + std::string(e < 0 ? "\xE2\x88\x92" : "") + std::to_string(std::abs(e)) + "}") + " 1e" +
                       std::to_string(e));
    return out + "set yrange [1e" + std::to_string(e_lo) + ":1e" + std::to_string(e_hi) + "]\nset ytics (" + join(tics, ", ") +
           ")\nunset mytics\n";
}

std::string key_above(const std::string& title_markup)
{
    std::string k = "set key outside top center horizontal Left reverse";
    if (!title_markup.empty()) k += " title " + quoted(title_markup);
    return k + "\n";
}

std::string titled(const figure_options& style, const std::string& title, const std::string& draw)
{
    if (!style.titles) return draw;
    return "set multiplot layout 1,1 title " + title + "\n" + draw + "unset multiplot\n";
}

// ---------------------------------------------------------------------------
// Options and terminals.

const char* const default_figure_format = "pdf,png,svg";
const char* const default_figure_size = "column";
const char* const default_figure_titles = "on";
const char* const figure_format_help = "comma-separated drawing formats of the figures: pdf (fonts embedded), png (300 dpi), svg";
const char* const figure_size_help = "width the figures are laid out for: column (3.3 in) | page (6.9 in)";
const char* const figure_titles_help = "on | off: titles above the figures; off for a paper whose captions say it";

std::string extension(figure_format f)
{
    switch (f) {
    case figure_format::pdf: return ".pdf";
    case figure_format::png: return ".png";
    case figure_format::svg: return ".svg";
    }
    return "";
}

double figure_width(figure_size s) { return s == figure_size::page ? 6.9 : 3.3; }

namespace {

/// The items of a comma-separated list; an empty item or list is bad input.
std::vector<figure_format> parse_formats(const std::string& text)
{
    const std::vector<std::pair<std::string, figure_format>> names{
        {"pdf", figure_format::pdf}, {"png", figure_format::png}, {"svg", figure_format::svg}};
    std::vector<figure_format> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, end - start);
        if (item.empty())
            throw input_error("--figure-format", "empty item in '" + shown(text) + "'; expected a comma-separated list of pdf, png, svg");
        const figure_format f = parse_choice("--figure-format", item, names);
        if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
        if (end == text.size()) return out;
        start = end + 1;
    }
}

} // namespace

figure_options parse_figure_options(const std::string& formats, const std::string& size, const std::string& titles)
{
    figure_options o;
    o.formats = parse_formats(formats);
    o.size = parse_choice("--figure-size", size, std::vector<std::pair<std::string, figure_size>>{
                                                     {"column", figure_size::column}, {"page", figure_size::page}});
    o.titles = parse_choice("--figure-titles", titles, std::vector<std::pair<std::string, bool>>{{"on", true}, {"off", false}});
    return o;
}

namespace {

/// Latin Modern Roman, the font of a LaTeX paper, found by fontconfig (Debian's fonts-lmodern).
const std::string font = "font \"Latin Modern Roman," + std::to_string(font_points) + "\"";

/// The raster resolution of the PNG drawings, in dots per inch.
constexpr double png_dpi = 300;

// The cairo terminals lay text out at 96 dpi on a 72 dpi page, so a font of
// F points comes out at F·4/3 unless scaled by 3/4 (a test reads the size
// back from the PDF). Their line width 1 is 0.5 pt.
std::string terminal(figure_format f, double width, double height)
{
    std::ostringstream t;
    switch (f) {
    case figure_format::pdf:
        t << "set terminal pdfcairo enhanced color rounded size " << width << "in," << height << "in " << font
          << " fontscale 0.75 linewidth 1\n";
        break;
    case figure_format::png:
        // The PDF's layout at png_dpi: every length scaled from 72 dpi.
        t << "set terminal pngcairo enhanced color rounded size " << std::lround(width * png_dpi) << ","
          << std::lround(height * png_dpi) << " " << font << " fontscale " << 0.75 * png_dpi / 72 << " linewidth "
          << 0.5 * png_dpi / 72 << " pointscale " << png_dpi / 72 << "\n";
        break;
    case figure_format::svg:
        // One SVG unit is one point of the PDF's layout; `dynamic` lets a viewer scale it.
        t << "set terminal svg enhanced rounded dynamic size " << std::lround(width * 72) << ","
          << std::lround(height * 72) << " " << font << " linewidth 0.5\n";
        break;
    }
    return t.str();
}

} // namespace

std::string draw_in_each_format(const std::string& name, const figure_options& o, double height_inches,
                                const std::string& draw)
{
    std::string out;
    for (figure_format f : o.formats) {
        out += "\n" + terminal(f, figure_width(o.size), height_inches);
        out += "set output " + quoted(name + extension(f)) + "\n";
        out += draw;
        out += "unset output\n";
    }
    return out;
}

/// Colour-blind-safe colours without yellow (unreadable on white); the point
/// types differ too so the series survive greyscale printing. Lines of 1 pt
/// and marks of about 5 pt read at a column's width; tic labels and keys are
/// 8 pt beside 9 pt axis labels, as in a paper's figures.
std::string style_preamble()
{
    return "set encoding utf8\n"
           "set minussign\n"
           "set linetype 1 lc rgb \"#0072b2\" lw 2 pt 7 ps 0.6\n"
           "set linetype 2 lc rgb \"#d55e00\" lw 2 pt 5 ps 0.55\n"
           "set linetype 3 lc rgb \"#009e73\" lw 2 pt 9 ps 0.75\n"
           "set linetype 4 lc rgb \"#cc79a7\" lw 2 pt 11 ps 0.75\n"
           "set linetype 5 lc rgb \"#e69f00\" lw 2 pt 13 ps 0.75\n"
           "set linetype 6 lc rgb \"#56b4e9\" lw 2 pt 4 ps 0.55\n"
           "set linetype 7 lc rgb \"#000000\" lw 2 pt 6 ps 0.6\n"
           "set linetype 8 lc rgb \"#999999\" lw 2 pt 8 ps 0.6\n"
           "set linetype cycle 8\n"
           "set style line 100 lc rgb \"#dddddd\" lw 1 dt 1\n"
           "set grid xtics ytics back ls 100\n"
           "set border 3 lw 1\n"
           "set tics nomirror out scale 0.6 font \",8\"\n"
           // gnuplot leaves a line between the x axis and its tic labels.
           "set xtics offset 0,0.3\n"
           "set key spacing 1.0 samplen 1.5 font \",8\"\n"
           "set bars small\n";
}

} // namespace snae::plot
