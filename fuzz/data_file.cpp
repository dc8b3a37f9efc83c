// The --data file: rows of decimals.
#include "run_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return snae::fuzz::prepare_with_file(data, size, "data", [](snae::run_config& c, const std::string& path) { c.data = path; });
}
