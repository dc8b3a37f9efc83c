#include "gnuplot.hpp"

#include <snae/atomic_file.hpp>
#include <snae/text.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
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
/// data, so they go.
void remove_drawings(const fs::path& dir, const std::string& name)
{
    for (const char* ext : {".svg", ".png", ".log"}) remove_quietly(dir / (name + ext));
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
std::string keep_outputs(const fs::path& stage, const fs::path& dir, const std::string& name, std::string problem,
                         std::vector<std::string>& files)
{
    remove_drawings(dir, name);
    if (problem.empty()) {
        for (const char* ext : {".svg", ".png"}) {
            fs::rename(stage / (name + ext), dir / (name + ext));
            files.push_back(name + ext);
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

} // namespace

/// Runs gnuplot on dir/NAME.gp in a private staging folder inside `dir` and
/// moves the drawings out only when both are complete, so an interrupted or
/// failed run never leaves a truncated figure under its final name.
std::string run_gnuplot(const std::string& gnuplot, const fs::path& dir, const std::string& name,
                        std::vector<std::string>& files)
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
    if (problem.empty() && (!non_empty_file(stage / (name + ".svg")) || !non_empty_file(stage / (name + ".png"))))
        problem = "gnuplot did not produce " + name + ".svg and " + name + ".png";
    problem = keep_outputs(stage, dir, name, problem, files);
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

std::string plot_command(const std::vector<std::string>& clauses) { return "plot " + join(clauses, ", \\\n     ") + "\n"; }

std::string svg_terminal(const std::string& name)
{
    return "set terminal svg size 800,560 dynamic enhanced font \"Helvetica,14\"\nset output " + quoted(name + ".svg") + "\n";
}

std::string png_terminal(const std::string& name)
{
    return "set terminal pngcairo size 1200,840 enhanced font \"Helvetica,14\"\nset output " + quoted(name + ".png") + "\n";
}

} // namespace snae::plot
