// Reading flag values given as text, for every subcommand: each bad value
// becomes one input_error naming the flag and what it accepts (the integer
// and bit-count readers are the run layer's, snae/text.hpp, which the
// Python module shares).
#pragma once

#include <snae/atomic_file.hpp>
#include <snae/text.hpp>

#include <CLI/CLI.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace snae::cli {

/// The comma-separated items of `text`, empty ones included.
std::vector<std::string> split(const std::string& text);

/// A flag whose absence selects a default: its name, its value, and the
/// values it accepts (for the message).
struct optional_flag {
    const char* name;
    const std::string& value;
    const char* accepted;
};

/// An explicit empty value ('') for such a flag is bad input, not "not
/// given": throws input_error naming the first flag of `flags` given empty.
void reject_empty_values(const CLI::App& app, std::initializer_list<optional_flag> flags);

} // namespace snae::cli
