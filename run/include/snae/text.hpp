// The report toolkit's text helpers, one of each, for every writer of tables
// and messages (claims, sweep, precision, the command line): joining,
// number formatting, escaping for CSV, Markdown and LaTeX, and parsing an
// enum from its name.
#pragma once

#include "snae/errors.hpp"

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
