// The --config file of snae sweep: a JSON object of axes, or the
// configuration echoed in a previous sweep's outputs.
#include "harness.hpp"

#include <grid.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const snae::fuzz::input_file f(data, size, "config.json");
    return snae::fuzz::expect_accepted_or_refused([&] { snae::sweep::read_config(f.path()); });
}
