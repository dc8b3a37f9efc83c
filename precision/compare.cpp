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

/// One side of the lockstep: the inputs, trainer and iterate of type T, each
/// built, stepped, read and destroyed inside T's precision_scope. mpfr_real
/// values keep the precision they were built with and temporaries take the
/// thread's working precision, so the two sides never mix.
template <class T>
class side {
public:
    side(const prepared_run& run, long bits) : bits_(bits), act_(run.config.act)
    {
        precision_scope<T> g(bits_);
        in_.emplace(make_inputs<T>(run));
        name_ = scalar_traits<T>::name();
        w_.emplace(in_->w0);
        if (run.config.update == update_rule::scaled) {
            scaled_.emplace(*in_->data, act_, in_->eta);
            scaled_->reset(*w_);
        } else {
            tr_.emplace(*in_->data, act_, in_->eta);
            tr_->reset(*w_);
        }
    }
    ~side()
    {
        precision_scope<T> g(bits_);
        w_.reset();
        tr_.reset();
        scaled_.reset();
        in_.reset();
    }
    side(const side&) = delete;
    side& operator=(const side&) = delete;

    const std::string& name() const { return name_; }
    const std::vector<T>& w() const { return *w_; }
    batch_sampler& sampler() { return in_->sampler; }
    /// One step on `batch` in the run's update; false once ||w||^2 is not
    /// finite. The scaled update writes w out at every step: the deviation
    /// is measured at every step.
    bool step(const std::vector<std::size_t>& batch)
    {
        precision_scope<T> g(bits_);
        if (scaled_) {
            scaled_->step(batch);
            scaled_->store(*w_);
            return scalar_traits<T>::is_finite(scaled_->norm2());
        }
        tr_->step(*w_, batch);
        return scalar_traits<T>::is_finite(tr_->norm2());
    }
    /// The data coordinates of the final iterate (as doubles), its support
    /// and, if asked, its loss gap.
    std::vector<double> coords_at_end(const std::string& support_threshold, std::vector<std::size_t>& supp,
                                      std::string* loss_gap) const
    {
        precision_scope<T> g(bits_);
        point_evaluator<T> eval(*in_->data, act_);
        const auto& s = eval(*w_);
        supp = support(s.coords, from_decimal<T>(support_threshold));
        std::vector<double> c(s.coords.size());
        for (std::size_t i = 0; i < c.size(); ++i) c[i] = to_double(s.coords[i]);
        // General rows have no minimum value to take a gap from.
        if (loss_gap) *loss_gap = in_->data->orthonormal() ? to_decimal(s.loss_gap) : "n/a";
        return c;
    }

private:
    long bits_;
    activation act_;
    std::string name_;
    std::optional<run_inputs<T>> in_;
    std::optional<trainer<T>> tr_;          ///< the reference update, or
    std::optional<scaled_trainer<T>> scaled_; ///< the scaled update (--update scaled)
    std::optional<std::vector<T>> w_;
};

/// ||w_T - w_ref|| and ||w_T - w_ref|| / ||w_ref||, summed in the reference's
/// precision (MPFR at `ref_bits`, exact conversions from T).
class deviation_meter {
public:
    deviation_meter(long t_bits, long ref_bits) : x_(std::max<long>(t_bits, 64)), diff_(ref_bits), acc_(ref_bits), nr_(ref_bits) {}

    template <class T>
    std::pair<double, double> operator()(const std::vector<T>& w, const std::vector<mpfr_real>& wr)
    {
        mpfr_set_zero(acc_.v, 1);
        mpfr_set_zero(nr_.v, 1);
        for (std::size_t j = 0; j < w.size(); ++j) {
            scalar_traits<T>::to_mpfr(w[j], x_.v);
            mpfr_sub(diff_.v, wr[j].data(), x_.v, MPFR_RNDN);
            mpfr_sqr(diff_.v, diff_.v, MPFR_RNDN);
            mpfr_add(acc_.v, acc_.v, diff_.v, MPFR_RNDN);
            mpfr_sqr(diff_.v, wr[j].data(), MPFR_RNDN);
            mpfr_add(nr_.v, nr_.v, diff_.v, MPFR_RNDN);
        }
        mpfr_sqrt(acc_.v, acc_.v, MPFR_RNDN);
        mpfr_sqrt(nr_.v, nr_.v, MPFR_RNDN);
        const double abs_dev = mpfr_get_d(acc_.v, MPFR_RNDN);
        mpfr_div(acc_.v, acc_.v, nr_.v, MPFR_RNDN);
        const double rel_dev = mpfr_zero_p(nr_.v) ? abs_dev : mpfr_get_d(acc_.v, MPFR_RNDN);
        return {abs_dev, rel_dev};
    }

private:
    mp x_, diff_, acc_, nr_;
};

/// Adds the deviation at step t to the maxima, the first crossing and the
/// recorded series; false if it is not finite.
bool record(type_result& res, std::uint64_t t, std::pair<double, double> dev, std::uint64_t steps, const compare_options& opt)
{
    const auto [abs_dev, rel_dev] = dev;
    res.max_abs = std::max(res.max_abs, abs_dev);
    res.max_rel = std::max(res.max_rel, rel_dev);
    if (!res.first_exceed && rel_dev > opt.threshold) res.first_exceed = t;
    if (opt.keep_series && recorded(t, steps)) {
        res.t.push_back(static_cast<double>(t));
        res.rel.push_back(rel_dev);
    }
    return std::isfinite(abs_dev);
}

/// Steps both sides with one batch sequence (the reference's sampler: it is
/// type-independent) until the budget, divergence, an undecidable sign or an
/// interrupt; sets the status and returns the steps compared.
template <class T>
std::uint64_t run_lockstep(side<mpfr_real>& ref, side<T>& mine, deviation_meter& meter, std::uint64_t steps, type_result& res,
                           const compare_options& opt)
{
    std::uint64_t t = 0;
    try {
        for (;; ++t) {
            if (!record(res, t, meter(mine.w(), ref.w()), steps, opt)) {
                res.status = "diverged";
                break;
            }
            if (t == steps) break;
            if (opt.interrupt && opt.interrupt->load()) {
                res.status = "interrupted";
                break;
            }
            const auto& batch = ref.sampler().next();
            ref.step(batch);
            if (!mine.step(batch)) {
                ++t;
                record(res, t, meter(mine.w(), ref.w()), steps, opt);
                res.status = "diverged";
                break;
            }
        }
    } catch (const undecidable_sign&) {
        res.status = "undecidable";
    }
    return t;
}

/// Runs T at `t_bits` and the MPFR reference at `ref_bits` in lockstep, then
/// compares the minima they reach.
template <class T>
type_result lockstep(const prepared_run& run, long t_bits, long ref_bits, const compare_options& opt)
{
    type_result res;
    res.bits = t_bits;
    res.unit_roundoff = std::ldexp(1.0, static_cast<int>(-t_bits));
    side<mpfr_real> ref(run, ref_bits);
    side<T> mine(run, t_bits);
    res.scalar = mine.name();
    deviation_meter meter(t_bits, ref_bits);
    const std::uint64_t t = run_lockstep(ref, mine, meter, run.config.steps, res, opt);
    res.steps = t;
    res.K = res.max_abs / (res.unit_roundoff * static_cast<double>(std::max<std::uint64_t>(t, 1)));
    // The minimum reached: support and the largest coordinate, each in its own type.
    try {
        const auto cr = ref.coords_at_end(run.config.support_threshold, res.ref_support, nullptr);
        const auto ct = mine.coords_at_end(run.config.support_threshold, res.support, &res.loss_gap);
        res.selected = argmax_abs(ct);
        res.ref_selected = argmax_abs(cr);
    } catch (const undecidable_sign&) {
        // A non-finite iterate: no support to compare.
    }
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
