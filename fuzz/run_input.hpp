// The harness of the input files of `snae train` (--data, --init, --schedule):
// snae::prepare reads and checks them.
#pragma once

#include "harness.hpp"

#include <snae/run.hpp>

namespace snae::fuzz {

/// Writes the input to a file, lets `point_at` name it in a run_config (with
/// whatever sizes that file needs) and prepares the run.
template <class F>
int prepare_with_file(const std::uint8_t* data, std::size_t size, const char* tag, F&& point_at)
{
    const input_file f(data, size, tag);
    return expect_accepted_or_refused([&] {
        run_config c;
        point_at(c, f.path());
        prepare(c);
    });
}

} // namespace snae::fuzz
