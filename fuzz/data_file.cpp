// The --data file: rows of decimals (snae::prepare reads and checks it).
#include "harness.hpp"

#include <snae/run.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const snae::fuzz::input_file f(data, size, "data");
    return snae::fuzz::expect_accepted_or_refused([&] {
        snae::run_config c;
        c.data = f.path();
        snae::prepare(c);
    });
}
