// The phases of one sweep run, timed apart (bench/sweep_speed.py): training
// with the reference and with the scaled update, and the Hessian's spectrum
// by the dense route (autodiff Hessian, then Eigen's eigen-solver) and by
// the structured one (snae/structured_spectrum.hpp). One JSON line.
//
//   snae_sweep_phases run N B SCALAR [dense]
//       the sweep's run: relu, canonical n = d = N, batch B (0: full),
//       replacement sampler, eta = 0.8 B/2, seed 0, 1000 N steps, tol
//       1024u on the sweep's criterion, tested once an epoch; both updates
//       are timed, and with `dense` the dense spectrum too
//   snae_sweep_phases spectrum D SCALAR [dense]
//       the spectrum alone at a point near M with D/2 positive coordinates
#include <snae/measures.hpp>
#include <snae/run.hpp>
#include <snae/run_options.hpp>
#include <snae/structured_spectrum.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

using namespace snae;

namespace {

using clock_type = std::chrono::steady_clock;

double since(clock_type::time_point t0) { return std::chrono::duration<double>(clock_type::now() - t0).count(); }

/// The sweep's run with the first seed, prepared as snae sweep prepares it.
prepared_run sweep_run(std::size_t n, std::size_t b, const std::string& scalar)
{
    run_options o;
    o.n = o.d = std::to_string(n);
    o.scalar = scalar;
    const std::size_t batch = b ? b : n;
    if (b) o.batch = std::to_string(b);
    // eta = 0.8 b/2 = 0.4 b, exact in decimal.
    o.eta = std::to_string(4 * batch / 10) + "." + std::to_string(4 * batch % 10);
    o.steps = std::to_string(1000 * n);
    o.tol = "1024u";
    o.tol_on = b && b < n ? "sample-gradient" : "distance";
    o.check_every = std::to_string((n + batch - 1) / batch);
    return prepare(make_run_config(o));
}

/// Times the dense and the structured spectrum at w with the stated active
/// set; prints their tr H and lambda_max beside the times.
template <class T>
void spectra(const dataset<T>& data, const std::vector<T>& w, const std::vector<char>& active, bool dense)
{
    auto t0 = clock_type::now();
    const hessian_spectrum<T> s = structured_hessian_spectrum(data, w, active);
    const double structured = since(t0);
    std::printf("\"structured_s\": %.6e, \"structured_trace\": \"%s\", \"structured_lambda_max\": \"%s\"", structured,
                to_decimal(s.trace).c_str(), to_decimal(s.lambda_max).c_str());
    if (!dense) return;
    t0 = clock_type::now();
    const std::vector<T> h = loss_hessian_by_gradient(data, activation::relu, w, &active);
    const double hessian = since(t0);
    t0 = clock_type::now();
    const std::vector<T> ev = symmetric_eigenvalues(h, data.d());
    const double eigen = since(t0);
    std::printf(", \"dense_hessian_s\": %.6e, \"dense_eigen_s\": %.6e, \"dense_lambda_max\": \"%s\"", hessian, eigen,
                to_decimal(ev.back()).c_str());
}

/// Trains a fresh copy of the run's inputs with `rule`; returns the seconds.
template <class T>
double train_timed(const prepared_run& p, update_rule rule, std::vector<T>& w, train_outcome& out)
{
    run_inputs<T> in = make_inputs<T>(p);
    w = in.w0;
    train_options options;
    options.update = rule;
    const auto t0 = clock_type::now();
    out = train(*in.data, p.config.act, in.eta, w, in.sampler, in.rule, {}, options);
    return since(t0);
}

template <class T>
void run_phases(const prepared_run& p, bool dense)
{
    std::vector<T> w_ref, w_scaled;
    train_outcome o_ref, o_scaled;
    const double t_ref = train_timed<T>(p, update_rule::reference, w_ref, o_ref);
    const double t_scaled = train_timed<T>(p, update_rule::scaled, w_scaled, o_scaled);
    T dw(0);
    for (std::size_t j = 0; j < w_ref.size(); ++j) dw = std::max(dw, T(magnitude(T(w_ref[j] - w_scaled[j]))));
    const run_inputs<T> in = make_inputs<T>(p);
    const point_summary<T> s = evaluate(*in.data, p.config.act, w_scaled);
    const std::vector<char> active = limit_active_set(p.config.act, s.coords, in.support_threshold);
    std::printf("{\"mode\": \"run\", \"n\": %zu, \"scalar\": \"%s\", \"train_reference_s\": %.6e, \"train_scaled_s\": %.6e, "
                "\"steps_reference\": %llu, \"steps_scaled\": %llu, \"status_reference\": \"%s\", \"status_scaled\": \"%s\", "
                "\"max_abs_dw\": \"%s\", \"support_reference\": %zu, \"support_scaled\": %zu, ",
                p.n, scalar_traits<T>::name().c_str(), t_ref, t_scaled, static_cast<unsigned long long>(o_ref.steps),
                static_cast<unsigned long long>(o_scaled.steps), to_string(o_ref.status).c_str(), to_string(o_scaled.status).c_str(),
                to_decimal(dw).c_str(), support(evaluate(*in.data, p.config.act, w_ref).coords, in.support_threshold).size(),
                support(s.coords, in.support_threshold).size());
    spectra(*in.data, w_scaled, active, dense);
    std::printf("}\n");
}

/// A point near M: D/2 positive coordinates of a unit vector, the others 2^-30.
template <class T>
void spectrum_phase(std::size_t d, bool dense)
{
    const dataset<T> data = dataset<T>::canonical(d, d);
    std::vector<T> w = gaussian_start<T>(d, 7);
    T norm2(0);
    for (std::size_t j = 0; j < d / 2; ++j) {
        w[j] = T(magnitude(w[j])) + T(1) / T(static_cast<long>(d));
        norm2 += w[j] * w[j];
    }
    using std::ldexp;
    using std::sqrt;
    const T norm = sqrt(norm2);
    for (std::size_t j = 0; j < d; ++j) w[j] = j < d / 2 ? T(w[j] / norm) : T(ldexp(T(1), -30));
    std::vector<char> active(d, 0);
    for (std::size_t j = 0; j < d / 2; ++j) active[j] = 1;
    std::printf("{\"mode\": \"spectrum\", \"d\": %zu, \"scalar\": \"%s\", ", d, scalar_traits<T>::name().c_str());
    spectra(data, w, active, dense);
    std::printf("}\n");
}

} // namespace

int main(int argc, char** argv)
{
    const std::string mode = argc > 1 ? argv[1] : "";
    const bool run = mode == "run" && (argc == 5 || argc == 6), spec = mode == "spectrum" && (argc == 4 || argc == 5);
    if (!run && !spec) {
        std::cerr << "usage: snae_sweep_phases run N B SCALAR [dense] | spectrum D SCALAR [dense]\n";
        return 2;
    }
    const std::size_t size = std::stoul(argv[2]);
    const scalar_spec scalar = parse_scalar_spec(argv[run ? 4 : 3]);
    const bool dense = argc == (run ? 6 : 5) && std::string(argv[argc - 1]) == "dense";
    dispatch_scalar(scalar, [&](auto tag) {
        using T = typename decltype(tag)::type;
        if (run) run_phases<T>(sweep_run(size, std::stoul(argv[3]), scalar.name()), dense);
        else spectrum_phase<T>(size, dense);
    });
    return 0;
}
