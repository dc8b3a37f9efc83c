#include "ball.hpp"

#include <flint/fmpz.h>

#include <cmath>
#include <stdexcept>

namespace snae::arb_backend {

bool overlaps(arb_srcptr x, mpfr_srcptr lo, mpfr_srcptr hi)
{
    if (arf_is_nan(arb_midref(x)) || mpfr_nan_p(lo) || mpfr_nan_p(hi)) return false;
    dyadic r, x_lo, x_hi, a, b;
    arf_set_mag(r.get(), arb_radref(x));
    // Exact: no rounding at ARF_PREC_EXACT, so the comparison below decides
    // overlap of the true sets, not of rounded copies.
    arf_sub(x_lo.get(), arb_midref(x), r.get(), ARF_PREC_EXACT, ARF_RND_DOWN);
    arf_add(x_hi.get(), arb_midref(x), r.get(), ARF_PREC_EXACT, ARF_RND_UP);
    arf_set_mpfr(a.get(), lo);
    arf_set_mpfr(b.get(), hi);
    return arf_cmp(x_lo.get(), b.get()) <= 0 && arf_cmp(a.get(), x_hi.get()) <= 0;
}

namespace {
/// The ball x - c, or false if it is not finite.
bool difference(ball& out, arb_srcptr x, arb_srcptr c, slong prec)
{
    arb_sub(out.get(), x, c, prec);
    return arb_is_finite(out.get()) != 0;
}
} // namespace

bool inside(arb_srcptr x, arb_srcptr c, long e, slong prec)
{
    ball t;
    if (!difference(t, x, c, prec)) return false;
    dyadic ub;
    arb_get_abs_ubound_arf(ub.get(), t.get(), prec); // rounded up
    return arf_cmp_2exp_si(ub.get(), e) < 0;
}

bool outside(arb_srcptr x, arb_srcptr c, long e, slong prec)
{
    ball t;
    if (!difference(t, x, c, prec)) return false;
    dyadic lb;
    arb_get_abs_lbound_arf(lb.get(), t.get(), prec); // rounded down
    return arf_cmp_2exp_si(lb.get(), e) >= 0;
}

double log2_radius(arb_srcptr x)
{
    if (!arb_is_finite(x)) return HUGE_VAL;
    const mag_struct* r = arb_radref(x);
    if (mag_is_zero(r)) return -HUGE_VAL;
    // r = man 2^(exp - 30), man < 2^30; exp fits a double for any radius a
    // run can produce. Rounded up to 1/100 for reports.
    const double l = static_cast<double>(fmpz_get_si(&MAG_EXP(r))) - 30.0 + std::log2(static_cast<double>(MAG_MAN(r)));
    return std::ceil(l * 100.0) / 100.0;
}

void set_exact_hex(arb_ptr x, const std::string& hex)
{
    // 4 bits per hexadecimal digit bound the mantissa, so this precision
    // holds the value exactly; the ternary value confirms it.
    mpfr_t v;
    mpfr_init2(v, static_cast<mpfr_prec_t>(4 * hex.size() + 8));
    char* end = nullptr;
    const int inexact = mpfr_strtofr(v, hex.c_str(), &end, 0, MPFR_RNDN);
    const bool whole = end != nullptr && *end == '\0' && !hex.empty();
    if (whole && inexact == 0 && mpfr_number_p(v)) {
        dyadic a;
        arf_set_mpfr(a.get(), v);
        arb_set_arf(x, a.get());
    }
    mpfr_clear(v);
    if (!whole || inexact != 0) throw std::invalid_argument("not an exact hexadecimal dyadic: " + hex);
}

} // namespace snae::arb_backend
