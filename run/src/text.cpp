#include "snae/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace snae {

std::string join(const std::vector<std::string>& v, const std::string& sep)
{
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
    return out;
}

std::string format_number(double x, const char* format)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, format, x);
    return buf;
}

std::string csv_field(const std::string& s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string md_cell(const std::string& s)
{
    std::string out;
    for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}

std::string tex_escape(const std::string& s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '_': out += "\\_"; break;
        case '&': out += "\\&"; break;
        case '%': out += "\\%"; break;
        case '#': out += "\\#"; break;
        case '$': out += "\\$"; break;
        case '{': out += "\\{"; break;
        case '}': out += "\\}"; break;
        case '^': out += "\\^{}"; break;
        case '~': out += "\\~{}"; break;
        case '\\': out += "\\textbackslash{}"; break;
        case '<': out += "$<$"; break;
        case '>': out += "$>$"; break;
        case '|': out += "$|$"; break;
        default: out += c;
        }
    }
    return out;
}

std::string tex_typewriter(const std::string& s)
{
    std::string out = "\\texttt{";
    for (std::size_t k = 0; k < s.size(); ++k) {
        const char c = s[k];
        switch (c) {
        case '\\': case '{': case '}': case '_': case '^': case '~':
            out += "{\\char" + std::to_string(static_cast<int>(c)) + "}";
            break;
        case '$': case '&': case '%': case '#': out += std::string("\\") + c; break;
        default: out += c;
        }
        if (c == ',' && k + 1 < s.size() && s[k + 1] != ' ') out += "\\allowbreak{}";
    }
    return out + "}";
}

std::string siunitx_number(double x, int decimals)
{
    if (std::isnan(x)) return "{NaN}";
    if (std::isinf(x)) return x > 0 ? "{$\\infty$}" : "{$-\\infty$}";
    if (x == 0) return "0";
    const std::string format = "%." + std::to_string(decimals) + "e";
    const std::string s = format_number(x, format.c_str());
    const auto e = s.find('e');
    const int exponent = std::stoi(s.substr(e + 1));
    return exponent == 0 ? s.substr(0, e) : s.substr(0, e) + "e" + std::to_string(exponent);
}

std::string siunitx_column(const std::vector<double>& values, int decimals)
{
    int digits = 1;
    for (double x : values) {
        const std::string s = siunitx_number(x, decimals);
        const auto e = s.find('e');
        if (e == std::string::npos) continue;
        const std::size_t sign = s[e + 1] == '-' ? 1 : 0;
        digits = std::max(digits, static_cast<int>(s.size() - e - 1 - sign));
    }
    bool negative = false;
    for (double x : values) negative = negative || (std::isfinite(x) && x < 0);
    // A sign before the mantissa has a place of its own in table-format.
    return std::string("S[table-format=") + (negative ? "-" : "") + "1." + std::to_string(decimals) + "e-" +
           std::to_string(digits) + ", group-digits=false]";
}

std::optional<std::uint64_t> digits_value(const std::string& text, std::size_t max_digits)
{
    if (text.empty() || text.size() > max_digits || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    try {
        return std::stoull(text);
    } catch (const std::out_of_range&) {
        return std::nullopt;
    }
}

std::uint64_t parse_integer(const std::string& flag, const std::string& text, std::uint64_t lo, std::uint64_t hi)
{
    const std::string range = "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    const auto v = digits_value(text);
    if (!v) throw input_error(flag, "expected " + range + ", got '" + shown(text) + "'");
    if (*v < lo || *v > hi) throw input_error(flag, "expected " + range + ", got " + text);
    return *v;
}

long parse_bits(const std::string& flag, const std::string& text)
{
    const auto v = digits_value(text, 7);
    if (!v || *v < 16 || *v > (1U << 20)) throw input_error(flag, "expected a number of bits in [16, 1048576], got '" + shown(text) + "'");
    return static_cast<long>(*v);
}

} // namespace snae
