#include "compare.hpp"

#include <snae/errors.hpp>
#include <snae/instantiations.hpp>

#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace snae::precision {

namespace {

/// An mpfr_t owned for a scope, at an explicit precision (independent of the
/// thread's working precision, which this file switches between types).
struct mp {
    mpfr_t v;
    explicit mp(long bits) { mpfr_init2(v, bits); }
    ~mp() { mpfr_clear(v); }
    mp(const mp&) = delete;
    mp& operator=(const mp&) = delete;
};

std::size_t argmax_abs(const std::vector<double>& a)
{
    return static_cast<std::size_t>(std::max_element(a.begin(), a.end(), [](double x, double y) { return std::fabs(x) < std::fabs(y); }) -
                                    a.begin());
}

/// Steps recorded for the figure: every step up to 1000, then about 5000 evenly spaced.
bool recorded(std::uint64_t t, std::uint64_t steps) { return t <= 1000 || t % std::max<std::uint64_t>(1, steps / 5000) == 0 || t == steps; }

/// Runs T and the MPFR reference in lockstep. Every operation on a value of
/// either type happens inside that type's precision_scope: mpfr_real values
/// keep the precision they were built with, and temporaries take the
/// thread's working precision, so the two never mix.
template <class T>
type_result lockstep(const prepared_run& run, long t_bits, long ref_bits, const compare_options& opt)
{
    using R = mpfr_real;
    const run_config& c = run.config;
    const std::size_t n = run.n, d = run.d;
    type_result res;
    res.bits = t_bits;
    res.unit_roundoff = std::ldexp(1.0, static_cast<int>(-t_bits));

    std::optional<run_inputs<R>> ref;
    std::optional<run_inputs<T>> in;
    std::optional<trainer<R>> tr_ref;
    std::optional<trainer<T>> tr;
    std::optional<std::vector<R>> wr;
    std::optional<std::vector<T>> w;
    {
        precision_scope<R> g(ref_bits);
        ref.emplace(make_inputs<R>(run));
        tr_ref.emplace(*ref->data, c.act, ref->eta);
        wr.emplace(ref->w0);
        tr_ref->reset(*wr);
    }
    {
        precision_scope<T> g(t_bits);
        in.emplace(make_inputs<T>(run));
        res.scalar = scalar_traits<T>::name();
        tr.emplace(*in->data, c.act, in->eta);
        w.emplace(in->w0);
        tr->reset(*w);
    }
    batch_sampler& sampler = ref->sampler; // type-independent: one batch sequence for both

    mp x(std::max<long>(t_bits, 64)), diff(ref_bits), acc(ref_bits), nr(ref_bits);
    auto deviation = [&](std::uint64_t t) {
        mpfr_set_zero(acc.v, 1);
        mpfr_set_zero(nr.v, 1);
        for (std::size_t j = 0; j < d; ++j) {
            scalar_traits<T>::to_mpfr((*w)[j], x.v);
            mpfr_sub(diff.v, (*wr)[j].data(), x.v, MPFR_RNDN);
            mpfr_sqr(diff.v, diff.v, MPFR_RNDN);
            mpfr_add(acc.v, acc.v, diff.v, MPFR_RNDN);
            mpfr_sqr(diff.v, (*wr)[j].data(), MPFR_RNDN);
            mpfr_add(nr.v, nr.v, diff.v, MPFR_RNDN);
        }
        mpfr_sqrt(acc.v, acc.v, MPFR_RNDN);
        mpfr_sqrt(nr.v, nr.v, MPFR_RNDN);
        const double abs_dev = mpfr_get_d(acc.v, MPFR_RNDN);
        mpfr_div(acc.v, acc.v, nr.v, MPFR_RNDN);
        const double rel_dev = mpfr_zero_p(nr.v) ? abs_dev : mpfr_get_d(acc.v, MPFR_RNDN);
        res.max_abs = std::max(res.max_abs, abs_dev);
        res.max_rel = std::max(res.max_rel, rel_dev);
        if (!res.first_exceed && rel_dev > opt.threshold) res.first_exceed = t;
        if (opt.keep_series && recorded(t, c.steps)) {
            res.t.push_back(static_cast<double>(t));
            res.rel.push_back(rel_dev);
        }
        return std::isfinite(abs_dev);
    };

    std::uint64_t t = 0;
    try {
        for (;; ++t) {
            if (!deviation(t)) {
                res.status = "diverged";
                break;
            }
            if (t == c.steps) break;
            if (opt.interrupt && opt.interrupt->load()) {
                res.status = "interrupted";
                break;
            }
            const auto& batch = sampler.next();
            {
                precision_scope<R> g(ref_bits);
                tr_ref->step(*wr, batch);
            }
            precision_scope<T> g(t_bits);
            tr->step(*w, batch);
            if (!scalar_traits<T>::is_finite(tr->norm2())) {
                ++t;
                deviation(t);
                res.status = "diverged";
                break;
            }
        }
    } catch (const undecidable_sign& e) {
        res.status = "undecidable";
    }
    res.steps = t;
    res.K = res.max_abs / (res.unit_roundoff * static_cast<double>(std::max<std::uint64_t>(t, 1)));

    // The minimum reached: support and the largest coordinate, each in its own type.
    std::vector<double> cr(n), ct(n);
    try {
        {
            precision_scope<R> g(ref_bits);
            point_evaluator<R> eval(*ref->data, c.act);
            const auto& s = eval(*wr);
            res.ref_support = support(s.coords, from_decimal<R>(c.support_threshold));
            for (std::size_t i = 0; i < n; ++i) cr[i] = to_double(s.coords[i]);
        }
        precision_scope<T> g(t_bits);
        point_evaluator<T> eval(*in->data, c.act);
        const auto& s = eval(*w);
        res.support = support(s.coords, from_decimal<T>(c.support_threshold));
        for (std::size_t i = 0; i < n; ++i) ct[i] = to_double(s.coords[i]);
        res.loss_gap = to_decimal(s.loss_gap);
        res.selected = argmax_abs(ct);
        res.ref_selected = argmax_abs(cr);
    } catch (const undecidable_sign&) {
        // A non-finite iterate: no support to compare.
    }
    // Values of T and R are destroyed inside their own scopes.
    {
        precision_scope<T> g(t_bits);
        w.reset();
        tr.reset();
        in.reset();
    }
    precision_scope<R> g(ref_bits);
    wr.reset();
    tr_ref.reset();
    ref.reset();
    return res;
}

} // namespace

std::vector<scalar_spec> default_types()
{
    std::vector<scalar_spec> v;
    for (const char* name : {"float", "double", "long_double", "float128", "cpp_bin_float_50", "cpp_bin_float_100", "mpfr:256"})
        v.push_back(parse_scalar_spec(name));
    return v;
}

long default_reference_bits(const std::vector<scalar_spec>& types)
{
    long widest = 0;
    for (const auto& s : types) widest = std::max(widest, s.bits());
    const long bits = std::max<long>(1024, 4 * widest);
    return (bits + 63) / 64 * 64;
}

type_result compare_type(const prepared_run& run, const scalar_spec& spec, long reference_bits, const compare_options& opt)
{
    return dispatch_scalar(spec, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return lockstep<T>(run, spec.bits(), reference_bits, opt);
    });
}

law_result error_law(const prepared_run& run, const std::vector<long>& bits, long reference_bits, const std::atomic<bool>* interrupt)
{
    law_result out;
    compare_options opt;
    opt.keep_series = false;
    opt.interrupt = interrupt;
    for (long b : bits) {
        const type_result r = lockstep<mpfr_real>(run, b, reference_bits, opt);
        if (r.status != "ok") throw std::runtime_error("error law: the mpfr:" + std::to_string(b) + " run ended " + r.status);
        out.bits.push_back(b);
        out.log2_deviation.push_back(std::log2(r.max_abs));
    }
    // Least squares y = a + s x.
    const double m = static_cast<double>(out.bits.size());
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t k = 0; k < out.bits.size(); ++k) {
        const double x = static_cast<double>(out.bits[k]), y = out.log2_deviation[k];
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    out.slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
    out.intercept = (sy - out.slope * sx) / m;
    return out;
}

} // namespace snae::precision
