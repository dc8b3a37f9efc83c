#include "statistics.hpp"

#include <snae/mpfr_real.hpp>
#include <snae/scalar_traits.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace snae::sweep {

namespace {

/// Guard bits of the accumulation: count * 2^-(p + 64) relative to the
/// largest |x| bounds the error of each sum for any count below 2^32, far
/// below the one rounding to p bits that follows.
constexpr long guard_bits = 64;

/// x at `bits` bits (exactly the value a run of that precision wrote).
mpfr_real read_at(const std::string& x, long bits)
{
    if (x == "inf" || x == "-inf") {
        mpfr_real r;
        mpfr_set_inf(r.data(), x == "inf" ? 1 : -1);
        return r;
    }
    const precision_scope<mpfr_real> scope(bits);
    return from_decimal<mpfr_real>(x);
}

/// Sorted values at p + guard bits, NaN and empty ones left out.
std::vector<mpfr_real> sorted_values(const std::vector<std::string>& values, long bits)
{
    std::vector<mpfr_real> out;
    for (const auto& v : values) {
        if (v.empty() || v == "nan" || v == "n/a") continue;
        mpfr_real wide; // p + guard bits (the scope of describe)
        wide = read_at(v, bits);
        out.push_back(std::move(wide));
    }
    std::sort(out.begin(), out.end(), [](const mpfr_real& a, const mpfr_real& b) { return mpfr_less_p(a.data(), b.data()); });
    return out;
}

mpfr_real quantile(const std::vector<mpfr_real>& sorted, std::size_t quarter)
{
    // h = (count - 1) q with q = quarter/4: the fraction h - floor(h) is a multiple of 1/4, exact.
    const std::size_t h4 = (sorted.size() - 1) * quarter;
    const std::size_t lo = h4 / 4, hi = std::min(lo + 1, sorted.size() - 1);
    mpfr_real r = sorted[hi] - sorted[lo];
    r *= mpfr_real(static_cast<long>(h4 % 4));
    r /= mpfr_real(4);
    return sorted[lo] + r;
}

/// `x` rounded once to p bits and printed as a p-bit decimal; its double too.
std::string at_p(const mpfr_real& x, long bits, double& as_double)
{
    const precision_scope<mpfr_real> scope(bits);
    mpfr_real r;
    r = x;
    as_double = mpfr_get_d(r.data(), MPFR_RNDN);
    return to_decimal(r);
}

} // namespace

stats describe(const std::vector<std::string>& values, long bits)
{
    stats s;
    s.bits = bits;
    const precision_scope<mpfr_real> scope(bits + guard_bits);
    const std::vector<mpfr_real> v = sorted_values(values, bits);
    s.count = v.size();
    const double nan = std::nan("");
    s.mean = s.sd = s.min = s.q1 = s.median = s.q3 = s.max = nan;
    // A closed form that applies to none of the runs (general rows) is said so.
    const bool none_apply = !values.empty() && std::all_of(values.begin(), values.end(), [](const std::string& x) { return x == "n/a"; });
    if (none_apply) s.exact = {"n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a"};
    if (v.empty()) return s;
    mpfr_real sum;
    for (const auto& x : v) sum += x; // ascending: independent of the order runs finished in
    const mpfr_real mean = sum / mpfr_real(static_cast<unsigned long>(v.size()));
    s.exact.mean = at_p(mean, bits, s.mean);
    if (v.size() > 1) {
        mpfr_real ss;
        for (const auto& x : v) ss += (x - mean) * (x - mean);
        s.exact.sd = at_p(sqrt(ss / mpfr_real(static_cast<unsigned long>(v.size() - 1))), bits, s.sd);
    }
    s.exact.min = at_p(v.front(), bits, s.min);
    s.exact.max = at_p(v.back(), bits, s.max);
    s.exact.q1 = at_p(quantile(v, 1), bits, s.q1);
    s.exact.median = at_p(quantile(v, 2), bits, s.median);
    s.exact.q3 = at_p(quantile(v, 3), bits, s.q3);
    return s;
}

int decimal_sign(const std::string& x) { return mpfr_sgn(read_at(x, 64).data()); }

long decimal_exponent(const std::string& x)
{
    // From the text itself ([-]digits[.digits][e[+-]digits]): no logarithm,
    // so no MPFR constant is cached in the thread that writes the tables.
    const std::size_t from = x[0] == '-' || x[0] == '+' ? 1 : 0;
    const std::size_t e = x.find_first_of("eE");
    const std::string mantissa = x.substr(from, e == std::string::npos ? std::string::npos : e - from);
    const long exponent = e == std::string::npos ? 0 : std::stol(x.substr(e + 1));
    const std::size_t dot = std::min(mantissa.find('.'), mantissa.size());
    const std::size_t first = mantissa.find_first_not_of("0.");
    if (first == std::string::npos) throw std::invalid_argument("decimal_exponent of zero: '" + x + "'");
    const long position = first < dot ? static_cast<long>(dot - first) - 1 : -static_cast<long>(first - dot);
    return exponent + position;
}

std::string format_decimal(const std::string& x, long bits, int decimals, bool scientific)
{
    const mpfr_real r = read_at(x, bits);
    char* buf = nullptr;
    mpfr_asprintf(&buf, scientific ? "%.*Re" : "%.*Rf", decimals, r.data());
    std::string out(buf);
    mpfr_free_str(buf);
    return out;
}

bool is_multiple_of_power_of_ten(const std::string& x, long bits, int k)
{
    const precision_scope<mpfr_real> scope(bits + 16); // times 10^k, k <= 2: exact in 7 more bits
    mpfr_real r;
    r = read_at(x, bits);
    for (int i = 0; i < k; ++i) r *= mpfr_real(10);
    return mpfr_integer_p(r.data()) != 0;
}

} // namespace snae::sweep
