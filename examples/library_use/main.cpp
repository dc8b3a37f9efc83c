// Using snae as a library: GD on canonical data in 128-bit MPFR, with an
// observer that sees every iterate, then the same start in double without one.
//
// Build inside the snae tree (add_subdirectory) or on its own after
// `cmake --install`: see CMakeLists.txt beside this file.
#include <snae/snae.hpp>

#include <iostream>

template <class T>
void run(const char* label, bool trace)
{
    using namespace snae;
    const std::size_t n = 8, d = 12;
    const auto data = dataset<T>::canonical(n, d);
    std::vector<T> w = gaussian_start<T>(d, /*seed=*/7); // N(0, I/d), the same draws for every T
    const std::vector<T> w0 = w;
    auto sampler = batch_sampler::full(n);
    stopping_rule<T> rule;
    rule.max_steps = 5000;
    rule.tol = from_decimal<T>("1e-20");
    const T eta = from_decimal<T>("1.5");

    auto progress = [&](std::uint64_t t, const std::vector<T>& x) {
        if (t % 1000 == 0)
            std::cout << "  " << label << " step " << t << "  dist to M "
                      << to_decimal(evaluate(data, activation::relu, x).dist_min) << '\n';
    };
    const train_outcome out = trace ? train(data, activation::relu, eta, w, sampler, rule, progress)
                                    : train(data, activation::relu, eta, w, sampler, rule);

    const point_summary<T> s = evaluate(data, activation::relu, w);
    std::cout << label << ": " << to_string(out.status) << " after " << out.steps << " steps, loss gap "
              << to_decimal(s.loss_gap) << ", support " << support(s.coords, from_decimal<T>("1e-6")).size()
              << ", cos(w, w0) " << to_decimal(*cosine(w, w0)) << "\n";
}

int main()
{
    {
        snae::precision_scope<snae::mpfr_real> bits(128); // every mpfr_real below has 128 bits
        run<snae::mpfr_real>("mpfr:128", true);
    }
    run<double>("double", false);
}
