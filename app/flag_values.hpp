// Reading flag values given as text, for every subcommand: each bad value
// becomes one input_error naming the flag and what it accepts.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace snae::cli {

/// `text` as a number if it is 1 to `max_digits` decimal digits (no sign,
/// blank or exponent) and fits in 64 bits.
std::optional<std::uint64_t> digits_value(const std::string& text, std::size_t max_digits = 20);

/// `text` as an integer in [lo, hi]; else input_error(flag).
std::uint64_t parse_integer(const std::string& flag, const std::string& text, std::uint64_t lo, std::uint64_t hi);

/// `text` as a number of MPFR bits in [16, 2^20]; else input_error(flag).
long parse_bits(const std::string& flag, const std::string& text);

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

/// Creates `dir` and checks a file can be written in it, before any work, so
/// that a bad folder costs nothing; else input_error(flag).
void require_writable_folder(const std::string& flag, const std::string& dir);

} // namespace snae::cli
