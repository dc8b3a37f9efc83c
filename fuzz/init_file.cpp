// The --init file: d decimals, d = 8 here.
#include "harness.hpp"

#include <snae/run.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const snae::fuzz::input_file f(data, size, "init");
    return snae::fuzz::expect_accepted_or_refused([&] {
        snae::run_config c;
        c.n = 4;
        c.d = 8;
        c.init_file = f.path();
        snae::prepare(c);
    });
}
