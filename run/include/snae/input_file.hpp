// Reading a file the user named (--data, --init, --schedule, --config):
// bounded in size, and stopped by an interrupt, so that a device or a
// runaway file (/dev/urandom, /dev/zero, an endless pipe) is refused at a
// cap or left on Ctrl-C, never read until memory runs out.
#pragma once

#include <atomic>
#include <cstddef>
#include <fstream>
#include <string>

namespace snae {

/// What snae reads of an input file at most: 1 GiB in all, 256 MiB a line
/// (4096 numbers of 65 536 bits are about 80 MB).
constexpr std::size_t max_input_bytes = std::size_t(1) << 30;
constexpr std::size_t max_input_line_bytes = std::size_t(1) << 28;

/// Line by line, counting bytes against the caps. Errors are input_error
/// naming `flag`; an interrupt seen while reading throws interrupted_error.
class input_file {
public:
    input_file(const std::string& path, const std::string& flag, const std::atomic<bool>* interrupt = nullptr);

    /// The next line into `text` (without its newline); false at the end.
    bool next_line(std::string& text);
    /// The rest of the file as one string (still within max_input_bytes).
    std::string rest();

private:
    /// Counts one byte; throws past the cap, or on an interrupt (checked
    /// every 64 KiB, a few milliseconds of reading).
    void count();
    std::ifstream in_;
    std::string path_, flag_; ///< path_ as shown in messages
    const std::atomic<bool>* interrupt_;
    std::size_t total_ = 0;
};

} // namespace snae
