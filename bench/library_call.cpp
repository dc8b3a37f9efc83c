// The C++ side of bench/python_overhead.py: the per-call time of the run
// that snae.train(n=8, d=8, eta=2, steps=STEPS, scalar=SCALAR) performs,
// through the library in one of two ways:
//   run   the run layer exactly as the Python binding calls it
//         (run_options -> make_run_config -> prepare -> run_train_values<T>
//         with record_vectors off and an interrupt flag, inside
//         dispatch_scalar's precision scope):
//         what a C++ user of the run layer pays;
//   core  the core alone (dataset<T>::canonical, gaussian_start, the full
//         batch sampler, train()): what the run layer adds is the difference.
// Prints one JSON line: the median per-call seconds over batches of calls,
// the batch shape, and w of one untimed call as snae's exact decimals (the
// script checks it against snae.train's r.decimal("w")).
#include <snae/instantiations.hpp>
#include <snae/random.hpp>
#include <snae/run_options.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

using namespace snae;

namespace {

using clock_type = std::chrono::steady_clock;

/// The run the Python call makes: everything but the scalar and the step
/// count at snae.train's defaults.
run_options options_of(const std::string& scalar, const std::string& steps)
{
    run_options o;
    o.n = "8";
    o.d = "8";
    o.eta = "2";
    o.steps = steps;
    o.scalar = scalar;
    return o;
}

/// One run through the run layer; w's decimals into *w_out when asked
/// (outside the timed calls, so the timing has no printing in it).
void run_layer_call(const run_options& o, std::vector<std::string>* w_out)
{
    // The binding watches Ctrl-C through a flag that prepare() and every
    // step read; one that is never set costs the same reads here.
    std::atomic<bool> interrupt{false};
    const run_config c = make_run_config(o);
    const prepared_run prepared = prepare(c, &interrupt);
    run_hooks hooks;
    hooks.interrupt = &interrupt;
    hooks.record_vectors = false; // as the binding: it converts w itself
    dispatch_scalar(c.scalar, [&](auto tag) {
        using T = typename decltype(tag)::type;
        const run_values<T> v = run_train_values<T>(prepared, hooks);
        if (w_out)
            for (const T& x : v.w) w_out->push_back(to_decimal(x));
    });
}

/// One run on the core alone, the same computation as run_layer_call: the
/// run layer's defaults (seed 0, scale 1/sqrt(d), no tolerance, ||w||
/// bound 1e6) are the core's.
void core_call(const scalar_spec& spec, std::uint64_t steps, std::vector<std::string>* w_out)
{
    dispatch_scalar(spec, [&](auto tag) {
        using T = typename decltype(tag)::type;
        const std::size_t n = 8, d = 8;
        const dataset<T> data = dataset<T>::canonical(n, d);
        std::vector<T> w = gaussian_start<T>(d, 0);
        batch_sampler sampler = batch_sampler::full(n);
        stopping_rule<T> rule;
        rule.max_steps = steps;
        train(data, activation::relu, from_decimal<T>("2"), w, sampler, rule);
        if (w_out)
            for (const T& x : w) w_out->push_back(to_decimal(x));
    });
}

struct timing {
    double median = 0;           ///< seconds per call
    std::size_t number = 1;      ///< calls per batch
    std::size_t batches = 0;
};

double seconds_of(const std::function<void()>& call, std::size_t number)
{
    const auto t0 = clock_type::now();
    for (std::size_t i = 0; i < number; ++i) call();
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

/// Batches of calls, each batch at least ~50 ms (the clock's resolution and
/// the loop's cost vanish in it), until min_seconds have passed and at
/// least min_batches are done; the median of batch time / number. The first
/// call warms caches and allocators and sizes the batch; it is not counted.
timing time_calls(const std::function<void()>& call, double min_seconds, std::size_t min_batches)
{
    timing t;
    const double first = std::max(seconds_of(call, 1), 1e-9);
    t.number = static_cast<std::size_t>(std::max(1.0, std::ceil(0.05 / first)));
    std::vector<double> per_call;
    double spent = 0;
    while (spent < min_seconds || per_call.size() < min_batches) {
        const double s = seconds_of(call, t.number);
        spent += s;
        per_call.push_back(s / static_cast<double>(t.number));
    }
    std::sort(per_call.begin(), per_call.end());
    const std::size_t k = per_call.size();
    t.median = k % 2 ? per_call[k / 2] : (per_call[k / 2 - 1] + per_call[k / 2]) / 2;
    t.batches = k;
    return t;
}

void print_json(const std::string& way, const std::string& scalar, std::uint64_t steps, const timing& t,
                const std::vector<std::string>& w)
{
    std::printf("{\"way\": \"%s\", \"scalar\": \"%s\", \"steps\": %llu, \"seconds_per_call\": %.9e, "
                "\"number\": %zu, \"batches\": %zu, \"w\": [",
                way.c_str(), scalar.c_str(), static_cast<unsigned long long>(steps), t.median, t.number, t.batches);
    for (std::size_t j = 0; j < w.size(); ++j) std::printf("%s\"%s\"", j ? ", " : "", w[j].c_str());
    std::printf("]}\n");
}

} // namespace

/// `snae_library_call run|core SCALAR STEPS [MIN_SECONDS [MIN_BATCHES]]`
int main(int argc, char** argv)
{
    if (argc < 4 || argc > 6 || (std::string(argv[1]) != "run" && std::string(argv[1]) != "core")) {
        std::cerr << "usage: snae_library_call run|core double|mpfr:BITS|... STEPS [MIN_SECONDS=0.5 [MIN_BATCHES=5]]\n";
        return 2;
    }
    try {
        const std::string way = argv[1], scalar = argv[2];
        const std::uint64_t steps = std::stoull(argv[3]);
        const double min_seconds = argc > 4 ? std::stod(argv[4]) : 0.5;
        const std::size_t min_batches = argc > 5 ? std::stoul(argv[5]) : 5;
        const run_options o = options_of(scalar, argv[3]);
        const scalar_spec spec = parse_scalar_spec(scalar);
        std::vector<std::string> w;
        std::function<void()> call;
        if (way == "run") {
            run_layer_call(o, &w);
            call = [&o] { run_layer_call(o, nullptr); };
        } else {
            core_call(spec, steps, &w);
            call = [&spec, steps] { core_call(spec, steps, nullptr); };
        }
        print_json(way, scalar, steps, time_calls(call, min_seconds, min_batches), w);
    } catch (const std::exception& e) {
        std::cerr << "snae_library_call: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
