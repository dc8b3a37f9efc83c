// What every fuzz harness shares. A harness feeds bytes to one of snae's
// parsers and accepts two outcomes: the input is taken, or it is refused
// with input_error (the bad-input contract: exit status 2 and one line). Any
// other exception, like a crash, a hang or a sanitizer report, is a finding:
// the harness aborts so that libFuzzer keeps the input.
#pragma once

#include <snae/errors.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>

#include <unistd.h>

namespace snae::fuzz {

/// A file in /tmp holding the input, removed when the harness returns (the
/// parsers read paths, as the command line gives them).
class input_file {
public:
    input_file(const std::uint8_t* data, std::size_t size, const char* tag)
        : path_("/tmp/snae_fuzz_" + std::to_string(::getpid()) + "_" + tag)
    {
        std::ofstream(path_, std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    input_file(const input_file&) = delete;
    input_file& operator=(const input_file&) = delete;
    ~input_file() { std::remove(path_.c_str()); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

/// Runs f; an input_error is the expected refusal, anything else aborts.
template <class F>
int expect_accepted_or_refused(F&& f)
{
    try {
        f();
    } catch (const input_error&) {
        // refused as bad input: the contract
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz: not an input_error: %s\n", e.what());
        std::abort();
    }
    return 0;
}

} // namespace snae::fuzz
