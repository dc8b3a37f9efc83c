// The report toolkit's text helpers, one of each, for every writer of tables
// and messages and every front end (claims, sweep, precision, the command
// line, the Python module): joining, number formatting, escaping for CSV,
// Markdown and LaTeX, and reading option values given as text (integers,
// bit counts, an enum from its name).
#pragma once

#include "snae/errors.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace snae {

/// The strings of `v` separated by `sep`.
std::string join(const std::vector<std::string>& v, const std::string& sep);

/// `x` printed by std::snprintf with `format` (one conversion of a double,
/// e.g. "%.3g", "%.17g", "%.2e"); the C locale's decimal point.
std::string format_number(double x, const char* format);

/// A CSV field (RFC 4180): quoted, with doubled quotes, if it holds a comma,
/// a quote or a line break; as it is otherwise.
std::string csv_field(const std::string& s);

/// A Markdown table cell: '|' escaped, which would end the cell.
std::string md_cell(const std::string& s);

/// Text for LaTeX's text mode: the ten special characters escaped, and
/// < > | set in maths (the OT1 text fonts have no glyphs for them).
std::string tex_escape(const std::string& s);

/// Typewriter text for LaTeX (\texttt{...}), for free text such as
/// instance names and inequalities written in ASCII: every printable ASCII
/// character as the typewriter font prints it (OT1 cmtt has each at its own
/// code, so the specials go in as \char), and a break point after a comma
/// inside a word, so that a long word can wrap.
std::string tex_typewriter(const std::string& s);

/// A number for a siunitx S column: `decimals` decimals and an unpadded
/// exponent, "1.23e-2" (siunitx prints 1.23 x 10^-2); 0 as "0"; NaN and
/// infinities as braced text, which an S column sets as text.
std::string siunitx_number(double x, int decimals = 2);

/// The column type that aligns `values`, as siunitx_number prints them, on
/// the decimal point: "S[table-format=1.<decimals>e-<digits>,
/// group-digits=false]", <digits> the longest exponent's (at least 1), with
/// a place for a minus sign when a value is negative.
std::string siunitx_column(const std::vector<double>& values, int decimals = 2);

/// `text` as a number if it is 1 to `max_digits` decimal digits (no sign,
/// blank or exponent) and fits in 64 bits.
std::optional<std::uint64_t> digits_value(const std::string& text, std::size_t max_digits = 20);

/// `text` as an integer in [lo, hi]; else input_error(flag): "expected an
/// integer in [lo, hi], got ...".
std::uint64_t parse_integer(const std::string& flag, const std::string& text, std::uint64_t lo, std::uint64_t hi);

/// `text` as a number of MPFR bits in [16, 2^20]; else input_error(flag).
long parse_bits(const std::string& flag, const std::string& text);

/// The value named `text` among `choices`; else input_error(flag) listing
/// the names: "expected one of a, b, c, got 'x'".
template <class E>
E parse_choice(const std::string& flag, const std::string& text, const std::vector<std::pair<std::string, E>>& choices)
{
    std::vector<std::string> names;
    for (const auto& [name, value] : choices) {
        if (name == text) return value;
        names.push_back(name);
    }
    throw input_error(flag, "expected one of " + join(names, ", ") + ", got '" + shown(text) + "'");
}

} // namespace snae
