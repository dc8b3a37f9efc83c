#include "snae/run.hpp"

#include <mpfr.h>

#include <cstdio>
#include <sstream>

namespace snae {

namespace {
std::string str(const nlohmann::json& j)
{
    if (j.is_null()) return "undefined";
    if (j.is_string()) return j.get<std::string>();
    return j.dump();
}
/// A decimal string cut to `digits` significant digits, for display only
/// (through MPFR, so values beyond double's range print short too).
/// The number s with `digits` digits, rounded in direction rnd ('N', 'D', 'U').
std::string short_decimal(const std::string& s, int digits, char rnd)
{
    mpfr_t v;
    mpfr_init2(v, 64);
    char* end = nullptr;
    mpfr_strtofr(v, s.c_str(), &end, 10, rnd == 'D' ? MPFR_RNDD : rnd == 'U' ? MPFR_RNDU : MPFR_RNDN);
    std::string out = s;
    if (end != s.c_str() && *end == '\0') {
        char* buf = nullptr;
        const char* format = rnd == 'D' ? "%.*RDg" : rnd == 'U' ? "%.*RUg" : "%.*Rg";
        mpfr_asprintf(&buf, format, digits, v);
        out = buf;
        mpfr_free_str(buf);
    }
    mpfr_clear(v);
    return out;
}

/// A decimal string cut to `digits` significant digits, for display only
/// (through MPFR, so values beyond double's range print short too). An
/// interval "[lo,hi]" prints lo rounded down and hi rounded up, so the
/// short form still contains it.
std::string short_num(const nlohmann::json& j, int digits = 6)
{
    if (!j.is_string()) return str(j);
    const std::string s = j.get<std::string>();
    const auto comma = s.find(',');
    if (s.size() > 2 && s.front() == '[' && s.back() == ']' && comma != std::string::npos)
        return "[" + short_decimal(s.substr(1, comma - 1), digits, 'D') + ", " +
               short_decimal(s.substr(comma + 1, s.size() - comma - 2), digits, 'U') + "]";
    return short_decimal(s, digits, 'N');
}
std::string fmt_g(double x, int digits)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, x);
    return buf;
}
} // namespace

std::string summary_text(const nlohmann::json& r)
{
    const auto& c = r.at("config");
    std::ostringstream o;
    const std::string method = c.at("sampler") == "full"       ? "GD (full batch)"
                             : c.at("sampler") == "schedule" ? "SGD, batches from " + str(c.at("schedule"))
                                                             : "SGD, batch " + str(c.at("batch")) + ", sampler " + str(c.at("sampler"));
    o << "snae train: " << str(c.at("activation")) << ", " << str(c.at("data")) << " data, n = " << str(r.at("n"))
      << ", d = " << str(r.at("d")) << ", " << method << ", eta = " << str(c.at("eta")) << ", seed " << str(c.at("seed"))
      << "\n";
    o << "  scalar        " << str(r.at("scalar")) << " (" << str(r.at("precision_bits")) << " bits, u = "
      << short_num(r.at("unit_roundoff"), 3) << ")\n";
    o << "  status        " << str(r.at("status"));
    if (!r.at("status_detail").get<std::string>().empty()) o << " (" << str(r.at("status_detail")) << ")";
    o << " after " << str(r.at("steps")) << " steps\n";
    if (r.contains("loss")) {
        const bool general = !r.value("data_orthonormal", true);
        o << "  loss          " << short_num(r.at("loss"), 12)
          << (general ? std::string("   (general rows: minimum value and gap not applicable)")
                      : "   (minimum (n-1)/(2n); gap " + short_num(r.at("loss_gap"), 3) + ")")
          << "\n";
        o << "  dist to M     "
          << (general ? std::string("not applicable (general rows)")
              : r.at("dist_min").is_null() ? std::string("none (rows not exactly orthonormal)") : short_num(r.at("dist_min"), 3))
          << "   |grad L| " << short_num(r.at("grad_norm"), 3) << "\n";
        o << "  ||w||         " << short_num(r.at("norm"), 12) << "\n";
        o << "  support       " << str(r.at("support_size")) << " of n = " << str(r.at("n")) << " coordinates with |c_i| > "
          << short_num(r.at("support_threshold"), 3);
        // The record holds the indices only when there are at most 8 (or
        // when it was asked for the vectors); the count is always there.
        if (r.contains("support") && !r.at("support").empty() && r.at("support").size() <= 8) o << ": " << r.at("support").dump();
        o << "\n";
        o << "  cos(w, w0)    " << short_num(r.at("cos_init"), 6) << "\n";
    }
    if (r.contains("measures_undecidable")) o << "  measures      undefined: " << str(r.at("measures_undecidable")) << "\n";
    if (r.contains("enclosure")) {
        const auto& e = r.at("enclosure");
        o << "  enclosure     max width " << (e.at("max_width_log2").is_null() ? std::string("0")
                                                    : "2^" + fmt_g(e.at("max_width_log2").get<double>(), 4))
          << " = " << fmt_g(e.at("max_width_in_u").get<double>(), 3) << " u";
        if (!e.at("bits_lost_per_step").is_null())
            o << ", grows " << fmt_g(e.at("growth_per_step").get<double>(), 5) << "x per step ("
              << fmt_g(e.at("bits_lost_per_step").get<double>(), 3) << " bits)";
        o << "\n";
    }
    if (!c.at("out").is_null()) o << "  wrote         " << str(c.at("out")) << "\n";
    if (!c.at("trajectory").is_null()) o << "  wrote         " << str(c.at("trajectory")) << "\n";
    return o.str();
}

} // namespace snae
