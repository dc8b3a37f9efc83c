// The --schedule file: one batch of sample indices per line, n = 6 here.
#include "harness.hpp"

#include <snae/run.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const snae::fuzz::input_file f(data, size, "schedule");
    return snae::fuzz::expect_accepted_or_refused([&] {
        snae::run_config c;
        c.n = 6;
        c.d = 6;
        c.schedule_file = f.path();
        snae::prepare(c);
    });
}
