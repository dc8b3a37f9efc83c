// The entries of the correlated data set (snae/dataset.hpp), computed once
// in MPFR so that every scalar type rounds the same real numbers.
#include "snae/dataset.hpp"

#include <mpfr.h>


namespace snae::detail {

namespace {

/// x as a C99 hexadecimal float with every bit of its precision.
std::string hex(mpfr_srcptr x)
{
    char* text = nullptr;
    if (mpfr_asprintf(&text, "%Ra", x) < 0) throw std::runtime_error("correlated data: mpfr_asprintf failed");
    std::string out(text);
    mpfr_free_str(text);
    return out;
}

} // namespace

std::pair<std::string, std::string> correlated_entries(std::size_t n, const std::string& rho, long bits)
{
    mpfr_temp r(bits), s1(bits), s2(bits), beta(bits), diag(bits);
    char* end = nullptr;
    read_number(r.get(), rho.c_str(), &end, MPFR_RNDN);
    if (rho.empty() || *end != '\0' || !mpfr_number_p(r.get()) || mpfr_sgn(r.get()) < 0 || mpfr_cmp_ui(r.get(), 1) >= 0)
        throw std::invalid_argument("rho must be a decimal in [0, 1), got '" + rho + "'");
    // s1 = sqrt(1 - rho), s2 = sqrt(1 - rho + n rho) = sqrt(1 + (n - 1) rho);
    // beta = rho / (s1 + s2): the difference (s2 - s1)/n without cancellation.
    mpfr_ui_sub(s1.get(), 1, r.get(), MPFR_RNDN);
    mpfr_sqrt(s1.get(), s1.get(), MPFR_RNDN);
    mpfr_mul_ui(s2.get(), r.get(), static_cast<unsigned long>(n - 1), MPFR_RNDN);
    mpfr_add_ui(s2.get(), s2.get(), 1, MPFR_RNDN);
    mpfr_sqrt(s2.get(), s2.get(), MPFR_RNDN);
    mpfr_add(beta.get(), s1.get(), s2.get(), MPFR_RNDN);
    mpfr_div(beta.get(), r.get(), beta.get(), MPFR_RNDN);
    mpfr_add(diag.get(), s1.get(), beta.get(), MPFR_RNDN);
    return {hex(beta.get()), hex(diag.get())};
}

} // namespace snae::detail
