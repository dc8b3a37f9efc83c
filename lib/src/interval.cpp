// The parts of snae::interval that need no template: decimal input and
// output with outward rounding, endpoint access for reports, and the rotated
// data set taken from MPFR.
#include "snae/interval.hpp"

#include <mpfi_io.h>

#include <algorithm>
#include <cmath>

namespace snae {

namespace detail {
unsigned mpfi_digits10_for(long bits)
{
    unsigned d10 = 1;
    while (static_cast<long>(boost::multiprecision::detail::digits10_2_2(d10)) < bits) ++d10;
    return d10;
}
} // namespace detail

interval scalar_traits<interval>::enclose_decimal(const std::string& s)
{
    // Each endpoint correctly rounded in its direction: the tightest
    // enclosure at the working precision (a representable s gives a point).
    const long p = digits();
    detail::mpfr_temp lo(p), hi(p);
    detail::read_number(lo.get(), s.c_str(), nullptr, MPFR_RNDD);
    detail::read_number(hi.get(), s.c_str(), nullptr, MPFR_RNDU);
    interval r;
    mpfi_interv_fr(r.backend().data(), lo.get(), hi.get());
    return r;
}

namespace {
/// v with 1 + ceil(p log10 2) significant digits, rounded in direction rnd.
std::string endpoint(mpfr_srcptr v, mpfr_rnd_t rnd)
{
    if (mpfr_nan_p(v)) return "nan";
    if (mpfr_inf_p(v)) return mpfr_sgn(v) > 0 ? "inf" : "-inf";
    const std::size_t nd = mpfr_get_str_ndigits(10, mpfr_get_prec(v));
    char* buf = nullptr;
    mpfr_asprintf(&buf, rnd == MPFR_RNDD ? "%.*RDe" : "%.*RUe", static_cast<int>(nd - 1), v);
    std::string out(buf);
    mpfr_free_str(buf);
    return out;
}
} // namespace

std::string scalar_traits<interval>::decimal(const interval& x)
{
    mpfi_srcptr p = x.backend().data();
    return "[" + endpoint(&p->left, MPFR_RNDD) + "," + endpoint(&p->right, MPFR_RNDU) + "]";
}

double lower_bound(const interval& x) { return mpfr_get_d(&x.backend().data()->left, MPFR_RNDD); }
double upper_bound(const interval& x) { return mpfr_get_d(&x.backend().data()->right, MPFR_RNDU); }

double width_bound(const interval& x)
{
    detail::mpfr_temp w(mpfi_get_prec(x.backend().data()));
    mpfi_diam_abs(w.get(), x.backend().data()); // hi - lo, rounded up
    return mpfr_get_d(w.get(), MPFR_RNDU);
}

namespace {
double log2_up(mpfr_ptr v) // v >= 0; overwritten
{
    if (mpfr_zero_p(v)) return -HUGE_VAL;
    mpfr_log2(v, v, MPFR_RNDU);
    return mpfr_get_d(v, MPFR_RNDU);
}
} // namespace

double log2_width_bound(const interval& x)
{
    detail::mpfr_temp w(mpfi_get_prec(x.backend().data()));
    mpfi_diam_abs(w.get(), x.backend().data());
    return log2_up(w.get());
}

double log2_magnitude_bound(const interval& x)
{
    detail::mpfr_temp m(mpfi_get_prec(x.backend().data()));
    mpfi_mag(m.get(), x.backend().data());
    return log2_up(m.get());
}

width_bounds max_width(const std::vector<interval>& v)
{
    const mpfr_prec_t p = scalar_traits<interval>::digits();
    detail::mpfr_temp best(p), w(p);
    mpfr_set_zero(best.get(), 1);
    for (const interval& x : v) {
        if (mpfi_nan_p(x.backend().data())) return {std::nan(""), std::nan("")};
        mpfi_diam_abs(w.get(), x.backend().data()); // hi - lo, rounded up
        mpfr_max(best.get(), best.get(), w.get(), MPFR_RNDU); // (mpfr_max would drop a NaN)
    }
    const double width = mpfr_get_d(best.get(), MPFR_RNDU);
    return {width, log2_up(best.get())};
}

bool subset(const interval& q, const interval& x) { return mpfi_is_inside(q.backend().data(), x.backend().data()) > 0; }

bool overlap(const interval& a, const interval& b)
{
    mpfi_srcptr p = a.backend().data(), q = b.backend().data();
    return mpfr_lessequal_p(&p->left, &q->right) && mpfr_lessequal_p(&q->left, &p->right);
}

bool contains(const interval& x, mpfr_srcptr v) { return mpfi_is_inside_fr(v, x.backend().data()) > 0; }

namespace detail {
template <>
std::vector<interval> rotated_rows<interval>(std::size_t n, std::size_t d, std::uint64_t seed)
{
    const long bits = scalar_traits<interval>::digits();
    std::vector<mpfr_real> rows;
    {
        precision_scope<mpfr_real> scope(bits);
        rows = rotated_rows<mpfr_real>(n, d, seed);
    }
    std::vector<interval> out;
    out.reserve(rows.size());
    for (const mpfr_real& x : rows) out.push_back(scalar_traits<interval>::from_mpfr(x.data())); // exact: same precision
    return out;
}
} // namespace detail

} // namespace snae
