#include "snae/scalars.hpp"

#include <stdexcept>

namespace snae {

std::string scalar_spec_choices()
{
    return "float, double, long_double, float128, cpp_bin_float_50, cpp_bin_float_100, mpfr:BITS with BITS in [" +
           std::to_string(mpfr_min_bits) + ", " + std::to_string(mpfr_max_bits) + "], mpfi:BITS (intervals, snae train only)";
}

std::string scalar_spec::name() const
{
    switch (type) {
    case kind::float_: return "float";
    case kind::double_: return "double";
    case kind::long_double: return "long_double";
    case kind::float128: return "float128";
    case kind::cpp_bin_float_50: return "cpp_bin_float_50";
    case kind::cpp_bin_float_100: return "cpp_bin_float_100";
    case kind::mpfr: return "mpfr:" + std::to_string(mpfr_bits);
    case kind::mpfi: return "mpfi:" + std::to_string(mpfr_bits);
    }
    return "?";
}

long scalar_spec::bits() const
{
    switch (type) {
    case kind::float_: return scalar_traits<float>::digits();
    case kind::double_: return scalar_traits<double>::digits();
    case kind::long_double: return scalar_traits<long double>::digits();
    case kind::float128: return scalar_traits<float128>::digits();
    case kind::cpp_bin_float_50: return scalar_traits<cpp_bin_float_50>::digits();
    case kind::cpp_bin_float_100: return scalar_traits<cpp_bin_float_100>::digits();
    case kind::mpfr:
    case kind::mpfi: return mpfr_bits;
    }
    return 0;
}

scalar_spec parse_scalar_spec(const std::string& text)
{
    scalar_spec s;
    using k = scalar_spec::kind;
    if (text == "float") s.type = k::float_;
    else if (text == "double") s.type = k::double_;
    else if (text == "long_double" || text == "long-double") s.type = k::long_double;
    else if (text == "float128") s.type = k::float128;
    else if (text == "cpp_bin_float_50") s.type = k::cpp_bin_float_50;
    else if (text == "cpp_bin_float_100") s.type = k::cpp_bin_float_100;
    else if (text.rfind("mpfr:", 0) == 0 || text.rfind("mpfi:", 0) == 0) {
        const std::string digits = text.substr(5);
        const bool numeric = !digits.empty() && digits.size() <= 9 &&
                             digits.find_first_not_of("0123456789") == std::string::npos;
        if (!numeric) throw std::invalid_argument("expected one of " + scalar_spec_choices() + ", got '" + text + "'");
        const long bits = std::stol(digits);
        if (bits < mpfr_min_bits || bits > mpfr_max_bits)
            throw std::out_of_range("BITS must be in [" + std::to_string(mpfr_min_bits) + ", " +
                                    std::to_string(mpfr_max_bits) + "], got " + digits);
        s.type = text[3] == 'i' ? k::mpfi : k::mpfr;
        s.mpfr_bits = bits;
    } else {
        throw std::invalid_argument("expected one of " + scalar_spec_choices() + ", got '" + text + "'");
    }
    return s;
}

} // namespace snae
