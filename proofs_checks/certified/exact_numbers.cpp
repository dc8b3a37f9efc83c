#include "exact_numbers.hpp"

#include <snae/random.hpp>

#include <stdexcept>

namespace snae::proofs_checks {

std::string rational_text(const mpq_class& q)
{
    mpq_class c(q);
    c.canonicalize();
    return c.get_den() == 1 ? c.get_num().get_str() : c.get_num().get_str() + "/" + c.get_den().get_str();
}

mpq_class exact_rational(mpfr_srcptr v)
{
    if (!mpfr_number_p(v)) throw std::domain_error("exact_rational: not a finite number");
    mpz_class m;
    const mpfr_exp_t e = mpfr_get_z_2exp(m.get_mpz_t(), v); // v = m 2^e exactly
    mpq_class q(m);
    if (e >= 0) mpq_mul_2exp(q.get_mpq_t(), q.get_mpq_t(), static_cast<mp_bitcnt_t>(e));
    else mpq_div_2exp(q.get_mpq_t(), q.get_mpq_t(), static_cast<mp_bitcnt_t>(-e));
    return q;
}

nlohmann::json interval_json(const interval& x)
{
    return {rational_text(exact_rational(&x.backend().data()->left)), rational_text(exact_rational(&x.backend().data()->right))};
}

std::string upper_rational(const interval& x) { return rational_text(exact_rational(&x.backend().data()->right)); }

mpq_class decimal_rational(const std::string& decimal)
{
    std::string s = decimal;
    long exp10 = 0;
    if (const auto e = s.find_first_of("eE"); e != std::string::npos) {
        exp10 = std::stol(s.substr(e + 1));
        s = s.substr(0, e);
    }
    if (const auto dot = s.find('.'); dot != std::string::npos) {
        exp10 -= static_cast<long>(s.size() - dot - 1);
        s.erase(dot, 1);
    }
    mpq_class q(mpz_class(s, 10));
    mpz_class p10;
    mpz_ui_pow_ui(p10.get_mpz_t(), 10, static_cast<unsigned long>(exp10 < 0 ? -exp10 : exp10));
    if (exp10 < 0) q /= p10;
    else q *= p10;
    q.canonicalize();
    return q;
}

std::vector<mpq_class> householder_rows_exact(std::size_t n, std::size_t d)
{
    mpq_class vv(0);
    for (std::size_t j = 1; j <= d; ++j) vv += static_cast<unsigned long>(j * j);
    std::vector<mpq_class> rows(n * d);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) {
            const mpq_class q = mpq_class(static_cast<unsigned long>(2 * (i + 1) * (j + 1))) / vv;
            rows[i * d + j] = i == j ? mpq_class(1 - q) : mpq_class(-q);
        }
    return rows;
}

nlohmann::json exact_instance(const instance& in, const mpq_class* eta)
{
    nlohmann::json j = {{"activation", to_string(in.act)}, {"n", in.n}, {"d", in.d}};
    if (in.kind == data_kind::canonical) {
        j["data"] = {{"kind", "canonical"}};
    } else {
        const auto rows = householder_rows_exact(in.n, in.d);
        nlohmann::json r = nlohmann::json::array();
        for (std::size_t i = 0; i < in.n; ++i) {
            nlohmann::json row = nlohmann::json::array();
            for (std::size_t k = 0; k < in.d; ++k) row.push_back(rational_text(rows[i * in.d + k]));
            r.push_back(row);
        }
        j["data"] = {{"kind", "rows"}, {"rows", r}};
    }
    random_engine eng(in.seed, random_stream::init);
    nlohmann::json w0 = nlohmann::json::array();
    for (double z : gaussian_doubles(eng, in.d, default_init_scale(in.d))) w0.push_back(rational_text(mpq_class(z) * in.scale));
    j["w0"] = w0;
    j["eta"] = eta ? nlohmann::json(rational_text(*eta)) : nlohmann::json(nullptr);
    return j;
}

} // namespace snae::proofs_checks
