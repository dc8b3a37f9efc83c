// Definitions of loss_hessian and symmetric_eigenvalues; compiled in the
// library for the supported scalar list (Eigen's eigen-solver is heavy).
// Include this header to use another type.
#pragma once

#include "snae/eigen_support.hpp"
#include "snae/hessian.hpp"

#include <Eigen/Eigenvalues>

namespace snae {

template <class T>
std::vector<T> loss_hessian(const dataset<T>& data, activation act, const std::vector<T>& w, const std::vector<char>* active)
{
    using H = hyper_dual<T>;
    const std::size_t d = data.d();
    std::vector<T> hess(d * d);
    std::vector<H> x(d);
    for (std::size_t m = 0; m < d; ++m) x[m] = H(w[m]);
    for (std::size_t j = 0; j < d; ++j)
        for (std::size_t k = j; k < d; ++k) {
            x[j].b = T(1);
            x[k].c = T(1);
            const T hjk = loss_hyper_dual(data, act, x, active).d;
            x[j].b = T(0);
            x[k].c = T(0);
            hess[j * d + k] = hjk;
            hess[k * d + j] = hjk;
        }
    return hess;
}

template <class T>
std::vector<T> loss_hessian_by_gradient(const dataset<T>& data, activation act, const std::vector<T>& w,
                                        const std::vector<char>* active)
{
    using D = dual<T>;
    const std::size_t n = data.n(), d = data.d();
    const bool canonical = data.is_canonical();
    std::vector<T> hess(d * d);
    std::vector<D> x(d), c(n), g(d);
    std::vector<char> on(n);
    for (std::size_t m = 0; m < d; ++m) x[m] = D(w[m]);
    const T inv_n = T(1) / T(static_cast<long>(n));
    const D two(T(2));
    for (std::size_t k = 0; k < d; ++k) {
        x[k].b = T(1);
        D N, S;
        for (const D& v : x) N += v * v;
        for (std::size_t i = 0; i < n; ++i) {
            if (canonical) {
                c[i] = x[i];
            } else {
                c[i] = D();
                const T* row = data.row(i);
                for (std::size_t j = 0; j < d; ++j) c[i] += D(row[j]) * x[j];
            }
            on[i] = active ? (*active)[i] : is_active(act, c[i]) ? 1 : 0;
            if (on[i]) S += c[i] * c[i];
        }
        const D q = two - N;
        for (std::size_t j = 0; j < d; ++j) g[j] = S * x[j];
        for (std::size_t i = 0; i < n; ++i) {
            if (!on[i]) continue;
            const D qc = q * c[i];
            if (canonical) {
                g[i] = g[i] - qc;
            } else {
                const T* row = data.row(i);
                for (std::size_t j = 0; j < d; ++j) g[j] = g[j] - D(row[j]) * qc;
            }
        }
        for (std::size_t j = k; j < d; ++j) {
            const T h = g[j].b * inv_n;
            hess[j * d + k] = h;
            hess[k * d + j] = h;
        }
        x[k].b = T(0);
    }
    return hess;
}

template <class T>
std::vector<T> symmetric_eigenvalues(const std::vector<T>& h, std::size_t d)
{
    fix_eigen_blocking();
    using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    const auto di = static_cast<Eigen::Index>(d);
    matrix m(di, di);
    for (Eigen::Index j = 0; j < di; ++j)
        for (Eigen::Index k = 0; k < di; ++k) m(j, k) = h[static_cast<std::size_t>(j * di + k)];
    Eigen::SelfAdjointEigenSolver<matrix> es(m, Eigen::EigenvaluesOnly);
    if (es.info() != Eigen::Success) throw std::runtime_error("symmetric_eigenvalues: no convergence");
    const auto& ev = es.eigenvalues();
    return std::vector<T>(ev.data(), ev.data() + ev.size());
}

} // namespace snae
