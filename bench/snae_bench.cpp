// snae's side of the benchmarks (bench/workloads.md): builds the workload
// with the library, times the training loop only, prints one JSON line
// {"workload", "seconds", "max_rss_kb"} and writes the final iterate to FILE.
#include <snae/hessian.hpp>
#include <snae/instantiations.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include <sys/resource.h>

using namespace snae;

namespace {

struct workload {
    std::string name;
    bool dense, sgd, mpfr;
    std::size_t n, steps;
    bool scaled = false; // the opt-in scaled update (snae/scaled_trainer.hpp)
};

const workload workloads[] = {
    {"W1", false, false, true, 1000, 1000},    {"W2a", false, false, false, 1000, 10000},
    {"W2b", false, false, false, 1000000, 100}, {"W3a", false, true, false, 1000, 100000},
    {"W3b", false, true, true, 1000, 5000},     {"W5", true, false, true, 256, 100},
    {"W2a-scaled", false, false, false, 1000, 10000, true},
    {"W2b-scaled", false, false, false, 1000000, 100, true},
    {"W3a-scaled", false, true, false, 1000, 100000, true},
};

template <class T>
std::vector<T> start(std::size_t d)
{
    const int k = static_cast<int>(std::lround(std::log2(577.0 * std::sqrt(static_cast<double>(d)))));
    std::vector<T> w;
    w.reserve(d);
    for (std::size_t j = 0; j < d; ++j)
        w.push_back(from_double<T>(std::ldexp(static_cast<double>(static_cast<long>((7919 * j + 11) % 2001) - 1000), -k)));
    return w;
}

template <class T>
std::vector<T> hadamard(std::size_t d)
{
    std::vector<T> rows(d * d);
    const T plus = T(1) / T(16), minus = T(-1) / T(16);
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j < d; ++j) rows[i * d + j] = __builtin_popcountll(i & j) % 2 ? minus : plus;
    return rows;
}

template <class T>
int run(const workload& wl, const std::string& out)
{
    const std::size_t n = wl.n, d = wl.n;
    const dataset<T> data = wl.dense ? dataset<T>::from_rows(n, d, hadamard<T>(d), "hadamard") : dataset<T>::canonical(n, d);
    const T eta = wl.sgd ? T(4) / T(10) : T(static_cast<long>(n)) / T(4);
    std::vector<T> w = start<T>(d);
    std::vector<std::size_t> batch(wl.sgd ? 1 : n);
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i] = i;
    std::chrono::steady_clock::time_point t0;
    if (wl.scaled) {
        // Timed: loading w, the steps and writing w back out.
        t0 = std::chrono::steady_clock::now();
        scaled_trainer<T> tr(data, activation::relu, eta);
        tr.reset(w);
        for (std::size_t t = 0; t < wl.steps; ++t) {
            if (wl.sgd) batch[0] = (7919 * t + 13) % n;
            tr.step(batch);
        }
        tr.store(w);
    } else {
        trainer<T> tr(data, activation::relu, eta);
        tr.reset(w);
        t0 = std::chrono::steady_clock::now();
        for (std::size_t t = 0; t < wl.steps; ++t) {
            if (wl.sgd) batch[0] = (7919 * t + 13) % n;
            tr.step(w, batch);
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    std::ofstream f(out);
    for (const T& x : w) f << to_decimal(x) << '\n';
    std::printf("{\"workload\": \"%s\", \"seconds\": %.6f, \"max_rss_kb\": %ld}\n", wl.name.c_str(), seconds, ru.ru_maxrss);
    return f ? 0 : 1;
}

/// W4: the Hessian of L (autodiff) and its full spectrum at a point of M:
/// canonical n = d = 200, w_j = 1/10 for j < 100 and 0 after (|w| = 1 to
/// rounding, 100 active samples). Times the Hessian and the eigen-solver;
/// writes the ascending eigenvalues to FILE and the matrix to FILE.matrix.
int hessian_spectrum(const std::string& out, std::size_t d = 200)
{
    using T = mpfr_real;
    const dataset<T> data = dataset<T>::canonical(d, d);
    std::vector<T> w(d, T(0));
    // d = 200: 1/10 exactly as workloads.md says; other d (scaling runs):
    // 1/sqrt(d/2), the same kind of point of M.
    using std::sqrt;
    const T a = d == 200 ? T(1) / T(10) : T(1) / sqrt(T(static_cast<long>(d / 2)));
    for (std::size_t j = 0; j < d / 2; ++j) w[j] = a;
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<T> h = loss_hessian_by_gradient(data, activation::relu, w);
    const std::vector<T> ev = symmetric_eigenvalues(h, d);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    std::ofstream f(out), m(out + ".matrix");
    for (const T& x : ev) f << to_decimal(x) << '\n';
    for (const T& x : h) m << to_decimal(x) << '\n';
    std::printf("{\"workload\": \"W4\", \"d\": %zu, \"seconds\": %.6f, \"max_rss_kb\": %ld}\n", d, seconds, ru.ru_maxrss);
    return f && m ? 0 : 1;
}

} // namespace

/// `snae_bench scaling KIND D STEPS BITS FILE` (bench/scaling.py): the
/// workload shape with other sizes. KIND: gd | sgd | gd-scaled | sgd-scaled
/// (canonical, n = d, the workloads' start and batch sequence) or hessian
/// (W4 at dimension D); BITS 0 means double, else mpfr:BITS.
int scaling(int argc, char** argv)
{
    if (argc != 7) {
        std::cerr << "usage: snae_bench scaling gd|sgd|gd-scaled|sgd-scaled|hessian D STEPS BITS FILE\n";
        return 2;
    }
    const std::string kind = argv[2];
    const auto d = static_cast<std::size_t>(std::stoull(argv[3]));
    const auto steps = static_cast<std::size_t>(std::stoull(argv[4]));
    const long bits = std::stol(argv[5]);
    if (kind == "hessian") {
        precision_scope<mpfr_real> scope(bits);
        return hessian_spectrum(argv[6], d);
    }
    const bool sgd = kind.rfind("sgd", 0) == 0, scaled = kind.find("-scaled") != std::string::npos;
    const workload wl{"scaling", false, sgd, bits != 0, d, steps, scaled};
    if (bits == 0) return run<double>(wl, argv[6]);
    precision_scope<mpfr_real> scope(bits);
    return run<mpfr_real>(wl, argv[6]);
}

int main(int argc, char** argv)
{
    if (argc >= 2 && std::string(argv[1]) == "scaling") return scaling(argc, argv);
    if (argc != 3) {
        std::cerr << "usage: snae_bench W1|W2a|W2b|W3a|W3b|W4|W5|W2a-scaled|W2b-scaled|W3a-scaled ITERATE_FILE\n";
        return 2;
    }
    if (std::string(argv[1]) == "W4") {
        precision_scope<mpfr_real> scope(256);
        return hessian_spectrum(argv[2]);
    }
    for (const auto& wl : workloads)
        if (wl.name == argv[1]) {
            if (!wl.mpfr) return run<double>(wl, argv[2]);
            precision_scope<mpfr_real> scope(256);
            return run<mpfr_real>(wl, argv[2]);
        }
    std::cerr << "snae_bench: unknown workload '" << argv[1] << "'\n";
    return 2;
}
