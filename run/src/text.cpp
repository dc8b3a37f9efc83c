#include "snae/text.hpp"

#include <cstdio>

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

} // namespace snae
