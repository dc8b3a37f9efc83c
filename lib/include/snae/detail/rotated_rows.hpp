// Definition of the rotated data set's rows: Householder QR (Eigen) of a
// seeded Gaussian matrix in precision T. Kept out of dataset.hpp so that
// Eigen's QR is compiled once per type, in the library.
#pragma once

#include "snae/dataset.hpp"
#include "snae/eigen_support.hpp"

#include <Eigen/QR>

namespace snae::detail {

template <class T>
std::vector<T> rotated_rows(std::size_t n, std::size_t d, std::uint64_t seed)
{
    fix_eigen_blocking();
    random_engine eng(seed, random_stream::data);
    const std::vector<double> z = gaussian_doubles(eng, d * d, "1");
    using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    const auto di = static_cast<Eigen::Index>(d);
    matrix g(di, di);
    for (Eigen::Index r = 0; r < di; ++r)
        for (Eigen::Index c = 0; c < di; ++c) g(r, c) = from_double<T>(z[static_cast<std::size_t>(r * di + c)]);
    Eigen::HouseholderQR<matrix> qr(g);
    const matrix q = qr.householderQ();
    const matrix& packed = qr.matrixQR(); // R is its upper triangle
    std::vector<T> rows(n * d);
    for (std::size_t i = 0; i < n; ++i) {
        const auto ii = static_cast<Eigen::Index>(i);
        // Q's column i times sign(R_ii), so that Q is the unique factor with diag(R) > 0.
        const bool flip = sign_of(T(packed(ii, ii))) == sign::negative;
        for (std::size_t j = 0; j < d; ++j) {
            const T& qji = q(static_cast<Eigen::Index>(j), ii);
            rows[i * d + j] = flip ? T(-qji) : qji;
        }
    }
    return rows;
}

} // namespace snae::detail
