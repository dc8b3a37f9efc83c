// snae.evaluate, snae.hessian, snae.closed_form and TrainResult.decimal:
// the core's measures, Hessian and closed forms at points given from
// Python, with the data built exactly as a run with the same options
// builds it (prepare and make_inputs, the point read as w_0).
#include "bindings.hpp"
#include "values.hpp"

#include <pybind11/stl.h>

#include <snae/closed_forms.hpp>
#include <snae/errors.hpp>
#include <snae/hessian.hpp>
#include <snae/measures.hpp>
#include <snae/structured_spectrum.hpp>

namespace snae::python {

namespace {

/// The data of a run with `options` (and rows given in memory) and the
/// point w, read as that run's w_0 (so exactly, in the options' scalar).
prepared_run prepare_point(const py::dict& run, std::vector<std::string> w)
{
    run_config c = run_config_from(run);
    c.init_values = std::move(w);
    return prepare(c);
}

template <class T>
py::dict evaluate_in(const prepared_run& p)
{
    const run_inputs<T> in = make_inputs<T>(p);
    const point_summary<T> s = evaluate(*in.data, p.config.act, in.w0);
    python_types types;
    py::dict out;
    out["coords"] = to_python(types, s.coords);
    out["norm"] = to_python(types, T(sqrt_nonneg(s.norm2)));
    out["loss"] = to_python(types, s.loss);
    // General rows: no minimum value to take a gap from (not applicable: None).
    out["loss_gap"] = in.data->orthonormal() ? to_python(types, s.loss_gap) : py::none();
    out["grad_norm"] = to_python(types, s.grad_norm);
    out["dist_min"] = s.closed_forms ? to_python(types, s.dist_min) : py::none();
    out["max_sample_grad"] = to_python(types, max_sample_gradient_norm(s, p.config.act));
    const std::vector<std::size_t> sup = support(s.coords, in.support_threshold);
    out["support"] = py::array_t<std::size_t>(static_cast<py::ssize_t>(sup.size()), sup.data());
    return out;
}

py::dict evaluate_point(const py::dict& run, std::vector<std::string> w)
{
    const prepared_run p = prepare_point(run, std::move(w));
    return dispatch_any(p.config.scalar, [&](auto tag) { return evaluate_in<typename decltype(tag)::type>(p); });
}

/// The spectrum from the Hessian's structure (snae/structured_spectrum.hpp):
/// every eigenvalue, ascending, and the clusters; no matrix.
template <class T>
py::dict structured_in(const run_inputs<T>& in, const prepared_run& p, std::vector<char> set)
{
    if constexpr (scalar_traits<T>::is_interval) {
        throw input_error("--scalar", "method structured takes a point type (float ... mpfr:BITS)");
    } else {
        if (!in.data->is_canonical())
            throw input_error("method", "structured needs exactly orthonormal (canonical) data; give method loss or gradient");
        if (set.empty())
            for (std::size_t i = 0; i < p.n; ++i) set.push_back(is_active(p.config.act, in.w0[i]) ? 1 : 0);
        const hessian_spectrum<T> h = structured_hessian_spectrum(*in.data, in.w0, set);
        python_types types;
        std::vector<T> ascending;
        py::list clusters;
        for (auto c = h.clusters.rbegin(); c != h.clusters.rend(); ++c) {
            ascending.insert(ascending.end(), c->multiplicity, c->value);
            clusters.append(py::make_tuple(to_python(types, c->value), c->multiplicity));
        }
        py::dict out;
        out["matrix"] = py::none();
        out["trace"] = to_python(types, h.trace);
        out["eigenvalues"] = to_python(types, ascending);
        out["clusters"] = clusters;
        return out;
    }
}

template <class T>
py::dict hessian_in(const prepared_run& p, const std::string& method, const std::optional<std::vector<bool>>& active,
                    bool eigenvalues)
{
    const run_inputs<T> in = make_inputs<T>(p);
    const std::size_t d = p.d;
    std::vector<char> set;
    if (active) {
        if (active->size() != p.n)
            throw input_error("active", "holds " + std::to_string(active->size()) + " entries, expected n = " + std::to_string(p.n));
        for (bool a : *active) set.push_back(a ? 1 : 0);
    }
    if (method == "structured") return structured_in(in, p, set);
    std::vector<T> h;
    {
        py::gil_scoped_release unlocked;
        h = method == "loss" ? loss_hessian(*in.data, p.config.act, in.w0, active ? &set : nullptr)
                             : loss_hessian_by_gradient(*in.data, p.config.act, in.w0, active ? &set : nullptr);
    }
    python_types types;
    py::dict out;
    out["matrix"] = to_python(types, h, d, d);
    T trace(0);
    for (std::size_t j = 0; j < d; ++j) trace += h[j * d + j];
    out["trace"] = to_python(types, trace);
    out["eigenvalues"] = py::none();
    if (!eigenvalues) return out;
    if constexpr (scalar_traits<T>::is_interval) {
        throw input_error("--scalar", "eigenvalues of an interval Hessian are not computed here (snae verify --certified "
                                      "certifies the spectrum on M, C3); give a point type (float ... mpfr:BITS) or eigenvalues=False");
    } else {
        std::vector<T> ev;
        {
            py::gil_scoped_release unlocked;
            ev = symmetric_eigenvalues(h, d);
        }
        out["eigenvalues"] = to_python(types, ev);
    }
    return out;
}

py::dict hessian(const py::dict& run, std::vector<std::string> w, const std::string& method, std::optional<std::vector<bool>> active,
                 bool eigenvalues)
{
    if (method != "loss" && method != "gradient" && method != "structured")
        throw input_error("method", "expected one of loss, gradient, structured, got '" + shown(method) + "'");
    const prepared_run p = prepare_point(run, std::move(w));
    return dispatch_any(p.config.scalar, [&](auto tag) {
        return hessian_in<typename decltype(tag)::type>(p, method, active, eigenvalues);
    });
}

/// Calls f(type_tag<T>) for the point type named by `scalar`; closed forms
/// refuse intervals (their certified forms are C5-C8).
template <class F>
py::object for_point_type(const std::string& scalar, F&& f)
{
    scalar_spec spec;
    try {
        spec = parse_scalar_spec(scalar);
    } catch (const std::exception& e) {
        throw input_error("--scalar", e.what());
    }
    if (spec.is_interval())
        throw input_error("--scalar", "closed forms take a point type (float ... mpfr:BITS), got '" + scalar +
                                          "'; the certified ones are snae verify --certified's C5-C8");
    return dispatch_scalar(spec, [&](auto tag) -> py::object { return f(tag); });
}

template <class T>
T read_number(const char* name, const std::string& text)
{
    try {
        return from_decimal<T>(text);
    } catch (const std::invalid_argument& e) {
        throw input_error(name, e.what());
    }
}

/// GD's prediction from w_0: its limit, the cosine with w_0, S_0 and R_0.
template <class T>
py::object gd_prediction_in(const prepared_run& p)
{
    const run_inputs<T> in = make_inputs<T>(p);
    const start_prediction<T> s = predict_from_start(*in.data, p.config.act, in.w0, training_regime::gd);
    python_types types;
    py::dict out;
    const auto limit = predicted_limit(*in.data, p.config.act, s, 0);
    out["limit"] = limit ? to_python(types, *limit) : py::none();
    out["cosine"] = to_python(types, predicted_cosine(s, 0));
    out["S0"] = to_python(types, s.active_sum);
    out["R0"] = to_python(types, evaluate(*in.data, p.config.act, in.w0).off); // ||w0||^2 - S_0, summed directly
    out["positive"] = s.positive;
    return std::move(out);
}

void bind_closed_forms(py::module_& m)
{
    m.def("min_loss", [](std::size_t n, const std::string& scalar) {
        return for_point_type(scalar, [&](auto tag) { return to_python(python_types(), minimum_loss<typename decltype(tag)::type>(n)); });
    });
    m.def("hessian_spectrum", [](std::size_t n, std::size_t d, std::size_t k, const std::string& scalar) {
        return for_point_type(scalar, [&](auto tag) -> py::object {
            using T = typename decltype(tag)::type;
            python_types types;
            py::list out;
            for (const auto& c : hessian_spectrum_on_minimum<T>(n, d, k)) out.append(py::make_tuple(to_python(types, c.value), c.multiplicity));
            return std::move(out);
        });
    });
    m.def("hessian_trace", [](std::size_t n, std::size_t d, std::size_t k, const std::string& scalar) {
        if (n < 1 || n > d || k < 1 || k > n) throw input_error("k", "expected 1 <= k <= n <= d");
        return for_point_type(scalar, [&](auto tag) { return to_python(python_types(), closed_form_trace<typename decltype(tag)::type>(n, d, k)); });
    });
    m.def("lambda_max", [](std::size_t n, const std::string& scalar) {
        if (n < 1) throw input_error("n", "expected an integer >= 1");
        return for_point_type(scalar, [&](auto tag) { return to_python(python_types(), closed_form_lambda_max<typename decltype(tag)::type>(n)); });
    });
    m.def("gd_rate", [](std::size_t n, const std::string& eta, bool off_support, const std::string& scalar) {
        return for_point_type(scalar, [&](auto tag) {
            using T = typename decltype(tag)::type;
            return to_python(python_types(), gd_rate<T>(n, read_number<T>("eta", eta), off_support));
        });
    });
    m.def("gd_threshold", [](std::size_t n, const std::string& scalar) {
        return for_point_type(scalar, [&](auto tag) { return to_python(python_types(), gd_threshold<typename decltype(tag)::type>(n)); });
    });
    m.def("batch_threshold", [](std::size_t b, const std::string& scalar) {
        return for_point_type(scalar, [&](auto tag) { return to_python(python_types(), batch_threshold<typename decltype(tag)::type>(b)); });
    });
    m.def("gd_recurrence", [](std::size_t n, const std::string& eta, const std::string& S0, const std::string& R0, std::uint64_t steps,
                              const std::string& scalar) {
        return for_point_type(scalar, [&](auto tag) -> py::object {
            using T = typename decltype(tag)::type;
            const auto points = gd_recurrence<T>(n, read_number<T>("eta", eta), read_number<T>("S0", S0), read_number<T>("R0", R0), steps);
            std::vector<T> alpha, beta;
            for (const auto& p : points) {
                alpha.push_back(p.alpha);
                beta.push_back(p.beta);
            }
            python_types types;
            return py::make_tuple(to_python(types, alpha), to_python(types, beta));
        });
    });
    m.def("gd_prediction", [](const py::dict& run, std::vector<std::string> w0) {
        const prepared_run p = prepare_point(run, std::move(w0));
        return for_point_type(p.config.scalar.name(), [&](auto tag) { return gd_prediction_in<typename decltype(tag)::type>(p); });
    });
}

/// A value of T's precision given as exact text ("inf" and "nan" too, as a
/// diverged run holds them) into `v`, which has T's precision.
void read_exact(mpfr_ptr v, const std::string& text)
{
    char* end = nullptr;
    detail::read_number(v, text.c_str(), &end, MPFR_RNDN);
    if (text.empty() || *end != '\0') throw std::invalid_argument("not a number: '" + text + "'");
}

/// to_decimal of values given as exact text (a point type) or as pairs of
/// endpoints (an interval): the strings `snae train --out` writes.
std::vector<std::string> decimals(const std::vector<std::vector<std::string>>& values, const std::string& scalar)
{
    const scalar_spec spec = parse_scalar_spec(scalar);
    return dispatch_any(spec, [&](auto tag) {
        using T = typename decltype(tag)::type;
        const long p = scalar_traits<T>::digits();
        detail::mpfr_temp lo(p), hi(p);
        std::vector<std::string> out;
        for (const auto& v : values) {
            read_exact(lo.get(), v.at(0));
            if constexpr (scalar_traits<T>::is_interval) {
                read_exact(hi.get(), v.at(1));
                T x;
                mpfi_interv_fr(x.backend().data(), lo.get(), hi.get());
                out.push_back(to_decimal(x));
            } else {
                out.push_back(to_decimal(scalar_traits<T>::from_mpfr(lo.get())));
            }
        }
        return out;
    });
}

} // namespace

void bind_analysis(py::module_& m)
{
    m.def("evaluate", &evaluate_point, py::arg("run"), py::arg("w"));
    m.def("hessian", &hessian, py::arg("run"), py::arg("w"), py::arg("method"), py::arg("active"),
          py::arg("eigenvalues"));
    m.def("decimals", &decimals, py::arg("values"), py::arg("scalar"));
    bind_closed_forms(m);
}

} // namespace snae::python
