#include "snae/random.hpp"

#include "snae/scalar_traits.hpp"

#include <mpfr.h>

#include <stdexcept>

namespace snae {

std::uint64_t splitmix64(std::uint64_t x) noexcept
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

random_engine::random_engine(std::uint64_t seed, random_stream stream)
    : gen_(splitmix64(seed ^ (0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(stream))))
{
}

std::uint64_t random_engine::below(std::uint64_t m)
{
    if (m == 0) throw std::invalid_argument("random_engine::below(0)");
    const std::uint64_t threshold = (0 - m) % m; // 2^64 mod m
    for (;;) {
        const std::uint64_t r = gen_();
        if (r >= threshold) return r % m;
    }
}

namespace {
constexpr mpfr_prec_t draw_bits = 128;

struct mp {
    mpfr_t v;
    mp() { mpfr_init2(v, draw_bits); }
    ~mp() { mpfr_clear(v); }
    mp(const mp&) = delete;
    mp& operator=(const mp&) = delete;
};
} // namespace

std::vector<double> gaussian_doubles(random_engine& eng, std::size_t count, const std::string& scale)
{
    mp s, two_pi, u1, u2, r, c, sn;
    char* end = nullptr;
    detail::read_number(s.v, scale.c_str(), &end, MPFR_RNDN);
    if (scale.empty() || *end != '\0' || !mpfr_number_p(s.v) || mpfr_sgn(s.v) <= 0)
        throw std::invalid_argument("scale must be a finite decimal number > 0, got '" + scale + "'");
    mpfr_const_pi(two_pi.v, MPFR_RNDN);
    mpfr_mul_2ui(two_pi.v, two_pi.v, 1, MPFR_RNDN);

    std::vector<double> out;
    out.reserve(count);
    while (out.size() < count) {
        const std::uint64_t a = (eng.next() >> 11) + 1; // 1 .. 2^53
        const std::uint64_t b = eng.next() >> 11;       // 0 .. 2^53 - 1
        mpfr_set_ui_2exp(u1.v, a, -53, MPFR_RNDN);        // exact
        mpfr_set_ui_2exp(u2.v, b, -53, MPFR_RNDN);        // exact
        mpfr_log(r.v, u1.v, MPFR_RNDN);
        mpfr_mul_si(r.v, r.v, -2, MPFR_RNDN);
        mpfr_sqrt(r.v, r.v, MPFR_RNDN);
        mpfr_mul(u2.v, u2.v, two_pi.v, MPFR_RNDN);
        mpfr_sin_cos(sn.v, c.v, u2.v, MPFR_RNDN);
        mpfr_mul(c.v, c.v, r.v, MPFR_RNDN);
        mpfr_mul(c.v, c.v, s.v, MPFR_RNDN);
        out.push_back(mpfr_get_d(c.v, MPFR_RNDN));
        if (out.size() == count) break;
        mpfr_mul(sn.v, sn.v, r.v, MPFR_RNDN);
        mpfr_mul(sn.v, sn.v, s.v, MPFR_RNDN);
        out.push_back(mpfr_get_d(sn.v, MPFR_RNDN));
    }
    return out;
}

std::string default_init_scale(std::size_t d)
{
    mp x;
    mpfr_set_ui(x.v, static_cast<unsigned long>(d), MPFR_RNDN);
    mpfr_rec_sqrt(x.v, x.v, MPFR_RNDN);
    char* buf = nullptr;
    mpfr_asprintf(&buf, "%.39Re", x.v);
    std::string out(buf);
    mpfr_free_str(buf);
    return out;
}

} // namespace snae
