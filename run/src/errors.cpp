#include "snae/errors.hpp"

#include <algorithm>
#include <cstdio>

namespace snae {

std::string shown(const std::string& s)
{
    std::string out;
    for (const char ch : s) {
        const auto u = static_cast<unsigned char>(ch);
        if (ch == '\n') out += "\\n";
        else if (ch == '\r') out += "\\r";
        else if (ch == '\t') out += "\\t";
        else if (u < 0x20 || u == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", u);
            out += buf;
        } else out += ch;
    }
    return out;
}

std::string option_for(const std::string& flag)
{
    if (flag.rfind("--", 0) == 0) return flag;
    std::string out = "--" + flag;
    std::replace(out.begin(), out.end(), '_', '-');
    return out;
}

} // namespace snae
