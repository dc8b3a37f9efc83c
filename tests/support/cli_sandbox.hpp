// Runs the snae command line in a private temporary folder (tests of the
// command-line contract: exit status, messages, files left behind).
#pragma once

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

namespace snae_test {

namespace fs = std::filesystem;

struct cli_result {
    int status;
    std::string err, out;
};

struct sandbox {
    fs::path dir;
    sandbox()
    {
        dir = fs::temp_directory_path() / ("snae_cli_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
        fs::create_directories(dir);
    }
    ~sandbox() { fs::remove_all(dir); }
    static int& counter()
    {
        static int c = 0;
        return c;
    }
    std::string file(const std::string& name, const std::string& content) const
    {
        std::ofstream(dir / name) << content;
        return (dir / name).string();
    }
    std::string path(const std::string& name) const { return (dir / name).string(); }
    /// Files in the sandbox other than the inputs we wrote.
    std::size_t count_files() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator())); }

    /// Runs `snae ARGS` (a hang of more than `seconds` fails instead of stalling the suite).
    /// With `in_sandbox`, the working directory is the sandbox (for relative paths).
    cli_result run(const std::string& args, int seconds = 60, bool in_sandbox = false) const
    {
        const std::string err = path("stderr.txt"), out = path("stdout.txt");
        // timeout: a hang fails the test instead of stalling the suite.
        const std::string cmd = (in_sandbox ? "cd '" + dir.string() + "' && " : std::string()) + "timeout " + std::to_string(seconds) +
                                " " + std::string(SNAE_CLI) + " " + args + " >" + out + " 2>" + err;
        const int raw = std::system(cmd.c_str());
        cli_result r{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(err), slurp(out)};
        fs::remove(err);
        fs::remove(out);
        return r;
    }
    static std::string slurp(const std::string& p)
    {
        std::ifstream in(p);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
};


/// The bad-input contract of `snae COMMAND ARGS --out-dir <sandbox>/never`:
/// exit status 2, one line on stderr that contains `needle` (the flag), and
/// no output folder created.
inline void expect_rejected_before_work(const sandbox& box, const std::string& command, const std::string& args,
                                        const std::string& needle)
{
    const cli_result r = box.run(command + " " + args + " --out-dir " + box.path("never"));
    BOOST_TEST_CONTEXT("snae " << command << " " << args)
    {
        BOOST_TEST(r.status == 2);
        BOOST_TEST(r.err.find(needle) != std::string::npos, r.err);
        BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, r.err);
        BOOST_TEST(!fs::exists(box.path("never")));
    }
}

} // namespace snae_test
