// Drawing with gnuplot (Debian's gnuplot-nox): a figure is a data file and a
// script written next to its drawings, so it can be restyled and redrawn
// without recomputing anything. Shared by snae sweep and snae precision, so
// their figures have one size, font and style.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace snae::plot {

/// The formats a figure is drawn in: pdf (pdfcairo, fonts embedded, for a
/// paper), png (pngcairo at 300 dpi) and svg.
enum class figure_format { pdf, png, svg };

/// The width a figure is laid out for: one column of a two-column paper
/// (3.3 in) or the text width of the page (6.9 in).
enum class figure_size { column, page };

/// How figures are drawn: presentation only. It changes no number, so it is
/// not part of any configuration (nor of a sweep's name).
struct figure_options {
    std::vector<figure_format> formats{figure_format::pdf, figure_format::png, figure_format::svg};
    figure_size size = figure_size::column;
    bool titles = true; ///< off: no figure titles, for a paper whose captions say it
};

/// Reads --figure-format (a comma-separated list of pdf, png, svg; repeats
/// are drawn once), --figure-size (column | page) and --figure-titles
/// (on | off). A bad or empty value is input_error naming the flag and the
/// accepted values.
figure_options parse_figure_options(const std::string& formats, const std::string& size, const std::string& titles);

/// The flags' defaults as text (parse_figure_options of them is
/// figure_options{}) and their help, for the command lines.
extern const char* const default_figure_format; ///< "pdf,png,svg"
extern const char* const default_figure_size;   ///< "column"
extern const char* const default_figure_titles; ///< "on"
extern const char* const figure_format_help;
extern const char* const figure_size_help;
extern const char* const figure_titles_help;

/// ".pdf", ".png" or ".svg".
std::string extension(figure_format f);

/// Width in inches of a figure of size `s`: 3.3 or 6.9.
double figure_width(figure_size s);

/// The size of titles and axis labels, in points at the figure's final size
/// (tic labels and keys are 8 pt).
constexpr int font_points = 9;

/// `text` as a gnuplot double-quoted string: backslash and quote escaped, a
/// line break as \n, other control characters as spaces.
std::string quoted(const std::string& text);

/// Plain text -> gnuplot enhanced text that shows it literally.
std::string enhanced_literal(const std::string& text);
/// `text` with control characters (a stray newline in a label) as spaces:
/// they would break a comment line of a data file or a gnuplot command.
std::string one_line(const std::string& text);

/// Enhanced text for a variable as a paper sets it: `name` in italics.
std::string math(const std::string& name);

/// Enhanced text for the letter lambda in italics, from the maths font (the
/// text font has no Greek lower case).
std::string lambda();
/// The letters eta and rho, likewise.
std::string eta();
std::string rho();

/// One plot command over `clauses`, one per line: "plot A, \\\n     B\n".
std::string plot_command(const std::vector<std::string>& clauses);

/// `set xlabel` / `set ylabel` of enhanced `markup`, close to the tic labels.
std::string xlabel(const std::string& markup);
std::string ylabel(const std::string& markup);

/// A log y axis over the positive values of `ys`: tics at 1, 2 and 5 times
/// each power of 10 over values within a decade and a half near 1, decades
/// up to 6 of them, and beyond at most about six labelled tics every 2, 5,
/// 10, 20, 50 or 100 decades, without minor tics.
std::string log_y_tics(const std::vector<double>& ys);

/// The key above the axes, centred, in as many rows as it needs, with an
/// optional title (enhanced markup): inside the axes it would cover data
/// whose place is not known in advance.
std::string key_above(const std::string& title_markup = "");

/// `draw` under the figure's title (a quoted gnuplot string) when `style`
/// asks for titles. The title is a multiplot's, so that it stands above a
/// key outside the top of the axes (a plot's own title would stand below).
std::string titled(const figure_options& style, const std::string& title, const std::string& draw);

/// The settings every figure starts with: encoding, colours and line types,
/// grid, border, tics and key.
std::string style_preamble();

/// For each format of `o`: the terminal, at figure_width(o.size) x
/// `height_inches` with the figure font, `set output "NAME.ext"`, and `draw`
/// (a multiplot cannot be replotted, so its commands are repeated).
std::string draw_in_each_format(const std::string& name, const figure_options& o, double height_inches,
                                const std::string& draw);

/// Writes `text` to `path` atomically (a temporary renamed into place).
void write_text(const std::filesystem::path& path, const std::string& text);

void remove_quietly(const std::filesystem::path& p);

/// Removes dir/NAME.pdf, .png, .svg and .log, whatever formats were asked:
/// drawings that would no longer match their data.
void remove_drawings(const std::filesystem::path& dir, const std::string& name);

/// The full path of `program` found on PATH the way execvp would, if any.
std::optional<std::string> find_on_path(const std::string& program);

/// Runs gnuplot on dir/NAME.gp (which names its data and drawings relative
/// to dir; dir must be absolute) in a private staging folder, and moves the
/// drawings of `formats` into dir only when all of them are complete.
/// Appends the names of the files it leaves to `files`. Returns "" on
/// success, otherwise what went wrong (with the last line of gnuplot's log).
std::string run_gnuplot(const std::string& gnuplot, const std::filesystem::path& dir, const std::string& name,
                        const std::vector<figure_format>& formats, std::vector<std::string>& files);

} // namespace snae::plot
