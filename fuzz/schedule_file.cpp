// The --schedule file: one batch of sample indices per line, n = 6 here.
#include "run_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return snae::fuzz::prepare_with_file(data, size, "schedule", [](snae::run_config& c, const std::string& path) {
        c.n = 6;
        c.d = 6;
        c.schedule_file = path;
    });
}
