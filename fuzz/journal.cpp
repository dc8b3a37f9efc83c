// The runs.csv journal that a sweep resumes from, for the sweep of
// fuzz/journal_config.json (the seed corpus holds that sweep's own files).
#include "harness.hpp"

#include <grid.hpp>
#include <journal.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const snae::sweep::sweep_config config = [] {
        snae::sweep::sweep_config c;
        snae::sweep::apply_json(c, nlohmann::json::parse(R"({"n": ["4"], "batch": ["1", "full"], "steps": ["20"], "seeds": "0..1"})"),
                                "fuzz");
        return c;
    }();
    static const std::vector<snae::sweep::grid_run> runs = snae::sweep::expand(config);
    const snae::fuzz::input_file f(data, size, "runs.csv");
    return snae::fuzz::expect_accepted_or_refused([&] {
        std::vector<std::string> notes;
        snae::sweep::journal j(f.path(), snae::sweep::to_json(config), runs, notes);
    });
}
