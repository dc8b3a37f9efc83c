// Exact orthonormality of decimal rows (snae/exact_rows.hpp), in GMP rationals.
#include "snae/exact_rows.hpp"

#include <gmp.h>

#include <cctype>
#include <cstdlib>
#include <memory>

namespace snae {

namespace {
struct rational {
    mpq_t q;
    rational() { mpq_init(q); }
    ~rational() { mpq_clear(q); }
    rational(const rational&) = delete;
    rational& operator=(const rational&) = delete;
};

/// The exact value of a plain decimal; false if s is not one.
bool read_decimal(const std::string& s, mpq_t out)
{
    std::size_t k = 0;
    bool negative = false;
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) negative = s[k++] == '-';
    std::string digits;
    long scale = 0; // value = digits * 10^(exponent - scale)
    bool any = false;
    for (; k < s.size() && std::isdigit(static_cast<unsigned char>(s[k])); ++k, any = true) digits += s[k];
    if (k < s.size() && s[k] == '.')
        for (++k; k < s.size() && std::isdigit(static_cast<unsigned char>(s[k])); ++k, ++scale, any = true) digits += s[k];
    if (!any) return false;
    long exponent = 0;
    if (k < s.size() && (s[k] == 'e' || s[k] == 'E')) {
        const std::string e = s.substr(k + 1);
        if (e.empty() || e.size() > 6) return false;
        std::size_t used = 0;
        try {
            exponent = std::stol(e, &used);
        } catch (...) {
            return false;
        }
        if (used != e.size()) return false;
        k = s.size();
    }
    if (k != s.size() || exponent > 4096 || exponent < -4096) return false;
    mpz_set_str(mpq_numref(out), digits.c_str(), 10);
    mpz_set_ui(mpq_denref(out), 1);
    const long p = exponent - scale;
    mpz_t ten;
    mpz_init(ten);
    mpz_ui_pow_ui(ten, 10, static_cast<unsigned long>(p < 0 ? -p : p));
    if (p >= 0) mpz_mul(mpq_numref(out), mpq_numref(out), ten);
    else mpz_set(mpq_denref(out), ten);
    mpz_clear(ten);
    mpq_canonicalize(out);
    if (negative) mpq_neg(out, out);
    return true;
}
} // namespace

bool decimals_exactly_orthonormal(std::size_t n, std::size_t d, const std::vector<std::string>& tokens)
{
    if (tokens.size() != n * d) return false;
    std::unique_ptr<rational[]> x(new rational[n * d]);
    for (std::size_t k = 0; k < n * d; ++k)
        if (!read_decimal(tokens[k], x[k].q)) return false;
    rational dot, term;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i; j < n; ++j) {
            mpq_set_ui(dot.q, 0, 1);
            for (std::size_t k = 0; k < d; ++k) {
                mpq_mul(term.q, x[i * d + k].q, x[j * d + k].q);
                mpq_add(dot.q, dot.q, term.q);
            }
            if (mpq_cmp_ui(dot.q, i == j ? 1 : 0, 1) != 0) return false;
        }
    return true;
}

} // namespace snae
