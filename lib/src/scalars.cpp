// Names, precisions and parsing of `--scalar` values, from the rows of
// SNAE_SCALAR_LIST (snae/scalar_list.hpp).
#include "snae/scalars.hpp"

#include <stdexcept>
#include <string_view>

namespace snae {

namespace {
/// One row of the list as data.
struct scalar_row {
    scalar_spec::kind id;
    std::string_view name;    // the id without its trailing underscore
    bool runtime_precision;   // named name:BITS
    long (*digits)();         // scalar_traits<type>::digits
};

constexpr std::string_view row_name(std::string_view id)
{
    return id.back() == '_' ? id.substr(0, id.size() - 1) : id;
}

#define SNAE_DETAIL_ROW(id, T) {scalar_spec::kind::id, row_name(#id), has_runtime_precision<T>, &scalar_traits<T>::digits},
const scalar_row rows[] = {SNAE_SCALAR_LIST(SNAE_DETAIL_ROW)};
#undef SNAE_DETAIL_ROW

/// Spellings accepted besides the names.
struct alias {
    std::string_view text, name;
};
constexpr alias aliases[] = {{"long-double", "long_double"}};

std::string bits_range()
{
    return "[" + std::to_string(mpfr_min_bits) + ", " + std::to_string(mpfr_max_bits) + "]";
}

[[noreturn]] void reject(const std::string& text)
{
    throw std::invalid_argument("expected one of " + scalar_spec_choices() + ", got '" + text + "'");
}

/// BITS of `prefix:BITS`, checked against [mpfr_min_bits, mpfr_max_bits].
long parse_bits(const std::string& text, std::size_t prefix)
{
    const std::string digits = text.substr(prefix + 1);
    const bool numeric =
        !digits.empty() && digits.size() <= 9 && digits.find_first_not_of("0123456789") == std::string::npos;
    if (!numeric) reject(text);
    const long bits = std::stol(digits);
    if (bits < mpfr_min_bits || bits > mpfr_max_bits)
        throw std::out_of_range("BITS must be in " + bits_range() + ", got " + digits);
    return bits;
}

bool has_bits_prefix(const std::string& text, std::string_view name)
{
    return text.size() > name.size() && text.compare(0, name.size(), name) == 0 && text[name.size()] == ':';
}

const scalar_row* row_of(scalar_spec::kind id)
{
    for (const scalar_row& r : rows)
        if (r.id == id) return &r;
    return nullptr;
}
} // namespace

std::string scalar_spec_choices()
{
    std::string out;
    for (const scalar_row& r : rows) {
        if (!out.empty()) out += ", ";
        out += std::string(r.name) + (r.runtime_precision ? ":BITS" : "");
    }
    return out + " with BITS in " + bits_range() + ", mpfi:BITS (intervals, snae train only)";
}

std::string scalar_spec::name() const
{
    if (type == kind::mpfi) return "mpfi:" + std::to_string(mpfr_bits);
    const scalar_row* r = row_of(type);
    if (!r) return "?";
    return r->runtime_precision ? std::string(r->name) + ":" + std::to_string(mpfr_bits) : std::string(r->name);
}

long scalar_spec::bits() const
{
    if (type == kind::mpfi) return mpfr_bits;
    const scalar_row* r = row_of(type);
    if (!r) return 0;
    return r->runtime_precision ? mpfr_bits : r->digits();
}

scalar_spec parse_scalar_spec(const std::string& text)
{
    std::string_view name = text;
    for (const alias& a : aliases)
        if (name == a.text) name = a.name;
    scalar_spec s;
    for (const scalar_row& r : rows) {
        if (!r.runtime_precision && name == r.name) {
            s.type = r.id;
            return s;
        }
        if (r.runtime_precision && has_bits_prefix(text, r.name)) {
            s.type = r.id;
            s.mpfr_bits = parse_bits(text, r.name.size());
            return s;
        }
    }
    if (has_bits_prefix(text, "mpfi")) {
        s.type = scalar_spec::kind::mpfi;
        s.mpfr_bits = parse_bits(text, 4);
        return s;
    }
    reject(text);
}

} // namespace snae
