// The --init file: d decimals, d = 8 here.
#include "run_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return snae::fuzz::prepare_with_file(data, size, "init", [](snae::run_config& c, const std::string& path) {
        c.n = 4;
        c.d = 8;
        c.init_file = path;
    });
}
