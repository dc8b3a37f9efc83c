// Drawing with gnuplot (Debian's gnuplot-nox): a figure is a data file and a
// script written next to its drawings, so it can be restyled and redrawn
// without recomputing anything. Shared by snae sweep and snae precision.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace snae::plot {

/// `text` as a gnuplot double-quoted string: backslash and quote escaped, a
/// line break as \n, other control characters as spaces.
std::string quoted(const std::string& text);

/// One plot command over `clauses`, one per line: "plot A, \\\n     B\n".
std::string plot_command(const std::vector<std::string>& clauses);

/// The commands that send what follows to dir/NAME.svg (800 x 560) and to
/// dir/NAME.png (1200 x 840), both in Helvetica 14, the size of every snae figure.
std::string svg_terminal(const std::string& name);
std::string png_terminal(const std::string& name);

/// Writes `text` to `path` atomically (a temporary renamed into place).
void write_text(const std::filesystem::path& path, const std::string& text);

void remove_quietly(const std::filesystem::path& p);

/// Removes dir/NAME.svg, .png and .log: drawings that would no longer match their data.
void remove_drawings(const std::filesystem::path& dir, const std::string& name);

/// The full path of `program` found on PATH the way execvp would, if any.
std::optional<std::string> find_on_path(const std::string& program);

/// Runs gnuplot on dir/NAME.gp (which names its data and drawings relative
/// to dir; dir must be absolute) in a private staging folder, and moves
/// NAME.svg and NAME.png into dir only when both are complete. Appends the
/// names of the files it leaves to `files`. Returns "" on success, otherwise
/// what went wrong (with the last line of gnuplot's log).
std::string run_gnuplot(const std::string& gnuplot, const std::filesystem::path& dir, const std::string& name,
                        std::vector<std::string>& files);

} // namespace snae::plot
