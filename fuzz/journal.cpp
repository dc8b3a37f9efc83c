// The runs.csv journal that a sweep resumes from, for the sweep of
// fuzz/journal_config.json (the seed corpus holds that sweep's own files),
// in a folder whose config.json is that sweep's echo, so the rows are read.
#include "harness.hpp"

#include <grid.hpp>
#include <journal.hpp>

#include <filesystem>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const snae::sweep::sweep_config config = [] {
        snae::sweep::sweep_config c;
        snae::sweep::apply_json(c, nlohmann::json::parse(R"({"n": ["4"], "batch": ["1", "full"], "steps": ["20"], "seeds": "0..1"})"),
                                "fuzz");
        return c;
    }();
    static const std::vector<snae::sweep::grid_run> runs = snae::sweep::expand(config);
    static const nlohmann::json echo = snae::sweep::echo_json(config);
    // One folder per process, removed when it exits.
    static const struct folder {
        std::filesystem::path path = "/tmp/snae_fuzz_journal_" + std::to_string(::getpid());
        folder() { std::filesystem::create_directories(path); }
        ~folder() { std::filesystem::remove_all(path); }
    } scratch;
    const std::filesystem::path& dir = scratch.path;
    std::ofstream(dir / snae::sweep::config_file_name) << echo.dump(2) << '\n';
    std::ofstream(dir / "runs.csv", std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return snae::fuzz::expect_accepted_or_refused([&] {
        std::vector<std::string> notes;
        snae::sweep::journal j(dir / "runs.csv", echo, runs, notes);
    });
}
