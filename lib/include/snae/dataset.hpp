// The data: n orthonormal vectors x_1..x_n in R^d, 1 <= n <= d, in the
// working precision T.
//
//   canonical  x_i = e_i, stored implicitly: c_i(w) = <w, x_i> = w_i exactly.
//   rotated    x_i = Q e_i, the i-th column of a random orthogonal Q: the
//              Householder QR (Eigen's HouseholderQR, in precision T) of the
//              d x d matrix G whose entries, row by row, are the first d*d
//              standard normal draws of the `data` stream, with the columns
//              of Q multiplied by the signs of diag(R) so that Q is unique.
//              Orthonormal to working precision (about d u).
//   file       rows read from a file, correctly rounded at precision T and
//              checked orthonormal within a stated tolerance by the caller,
//              or taken as given (general rows, --any-rows).
//   gaussian   general rows: x_i ~ N(0, I_d/d), entry (i, j) the (i d + j)-th
//              draw of the `data` stream at scale 1/sqrt(d) (random.hpp),
//              rounded to T. Nearly orthogonal for d >> n, not orthonormal.
//   correlated unit rows with pairwise inner product rho, 0 <= rho < 1: the
//              rows of G^(1/2), G = (1 - rho) I + rho 1 1^T, that is e_i plus
//              a shared multiple of the mean direction 1_n, normalised:
//              x_ij = beta + sqrt(1 - rho) [i = j] for j < n, 0 for j >= n,
//              beta = rho / (sqrt(1 - rho + n rho) + sqrt(1 - rho)). Each
//              entry is computed in MPFR at p + 64 bits and rounded once
//              to T (p its precision); rho = 0 is exactly canonical.
//
// Each data set says whether its rows are exactly orthonormal in real
// arithmetic (orthonormality::exact: canonical data, or interval rows that
// enclose an exactly orthonormal set, such as a rational Householder
// reflection), only to a defect (rotated and checked file rows), or not at
// all (orthonormality::none: gaussian, correlated and --any-rows data; every
// quantity is then computed from its definition, model.hpp). Interval
// arithmetic uses the closed forms of snae/model.hpp only for exact rows:
// on the others they are off by about the defect, far more than a box's
// width (docs/certified.md).
//
// Dense rows are stored row-major, so c_i(w) is a left-to-right dot product.
#pragma once

#include "snae/random.hpp"
#include "snae/scalar_traits.hpp"
#include "snae/sign.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace snae {

namespace detail {
template <class T>
std::vector<T> rotated_rows(std::size_t n, std::size_t d, std::uint64_t seed);

/// The two entries of a correlated row (see above), beta and
/// sqrt(1 - rho) + beta, as C99 hexadecimal floats of `bits` bits (MPFR,
/// rounded to nearest): from_decimal<T> rounds them once more to T. `rho`
/// is a decimal in [0, 1) (throws std::invalid_argument otherwise).
std::pair<std::string, std::string> correlated_entries(std::size_t n, const std::string& rho, long bits);
} // namespace detail

enum class orthonormality { exact, approximate, none };

template <class T>
class dataset {
public:
    static dataset canonical(std::size_t n, std::size_t d)
    {
        check_shape(n, d);
        return dataset(n, d, "canonical", {}, orthonormality::exact);
    }

    /// Rows of the first n columns of the seeded random orthogonal Q (see
    /// above). Defined in snae/detail/rotated_rows.hpp, which the library
    /// instantiates for the supported scalar list; include that header to use
    /// another type.
    static dataset rotated(std::size_t n, std::size_t d, std::uint64_t seed)
    {
        check_shape(n, d);
        return dataset(n, d, "rotated", detail::rotated_rows<T>(n, d, seed), orthonormality::approximate);
    }

    /// Gaussian rows x_i ~ N(0, I_d/d) from seed's data stream (see above).
    static dataset gaussian(std::size_t n, std::size_t d, std::uint64_t seed)
    {
        check_shape(n, d);
        random_engine eng(seed, random_stream::data);
        std::vector<T> rows;
        rows.reserve(n * d);
        for (double z : gaussian_doubles(eng, n * d, default_init_scale(d))) rows.push_back(from_double<T>(z));
        return dataset(n, d, "gaussian", std::move(rows), orthonormality::none);
    }

    /// Unit rows with pairwise inner product rho (see above); rho a decimal
    /// in [0, 1). rho = 0 gives the canonical rows, exactly orthonormal.
    static dataset correlated(std::size_t n, std::size_t d, const std::string& rho)
    {
        check_shape(n, d);
        const long bits = std::max<long>(scalar_traits<T>::digits(), 53) + 64;
        const auto [off, diag] = detail::correlated_entries(n, rho, bits);
        const T b = from_decimal<T>(off), a = from_decimal<T>(diag);
        std::vector<T> rows(n * d, T(0));
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) rows[i * d + j] = i == j ? a : b;
        const bool exact = sign_of(b) == sign::zero && sign_of(T(a - T(1))) == sign::zero;
        return dataset(n, d, "correlated", std::move(rows), exact ? orthonormality::exact : orthonormality::none);
    }

    /// Rows x_i = rows[i*d .. i*d + d), taken as given (validate first).
    /// Pass orthonormality::exact only when the rows are (or, for intervals,
    /// enclose) an exactly orthonormal set in real arithmetic: the closed
    /// forms of snae/model.hpp are then used on intervals too.
    static dataset from_rows(std::size_t n, std::size_t d, std::vector<T> rows, std::string source = "file",
                             orthonormality o = orthonormality::approximate)
    {
        check_shape(n, d);
        if (rows.size() != n * d) throw std::invalid_argument("dataset::from_rows: wrong number of entries");
        return dataset(n, d, std::move(source), std::move(rows), o);
    }

    std::size_t n() const noexcept { return n_; }
    std::size_t d() const noexcept { return d_; }
    bool is_canonical() const noexcept { return rows_.empty(); }
    /// The rows are exactly orthonormal in real arithmetic (see above).
    bool exactly_orthonormal() const noexcept { return orth_ == orthonormality::exact; }
    /// The rows are orthonormal, exactly or to a defect: the theory's closed
    /// forms apply (to within the defect). False for general rows.
    bool orthonormal() const noexcept { return orth_ != orthonormality::none; }
    /// The closed forms of model.hpp (dist(w, M) among them) are used on
    /// these rows in T: exactly orthonormal rows, or for point types rows
    /// orthonormal to a defect (off by O(defect)).
    bool closed_forms_apply() const noexcept
    {
        return orth_ == orthonormality::exact || (!scalar_traits<T>::is_interval && orth_ == orthonormality::approximate);
    }
    /// "canonical", "rotated", "gaussian", "correlated", "file" or "array".
    const std::string& source() const noexcept { return source_; }
    /// Row i of a dense data set (not for canonical data).
    const T* row(std::size_t i) const { return rows_.data() + i * d_; }
    /// Entry j of x_i.
    T entry(std::size_t i, std::size_t j) const { return is_canonical() ? T(i == j ? 1 : 0) : rows_[i * d_ + j]; }

    /// out = c_i(w) = <w, x_i>, summed left to right; scratch avoids allocation.
    void coord(std::size_t i, const std::vector<T>& w, T& out, T& scratch) const
    {
        if (is_canonical()) {
            out = w[i];
            return;
        }
        const T* x = row(i);
        out = T(0);
        for (std::size_t j = 0; j < d_; ++j) {
            scratch = x[j];
            scratch *= w[j];
            out += scratch;
        }
    }

    /// max over i, j of |<x_i, x_j> - delta_ij|, computed in T.
    T orthonormality_defect() const
    {
        T worst(0);
        if (is_canonical()) return worst;
        T dot, sq;
        for (std::size_t i = 0; i < n_; ++i)
            for (std::size_t k = i; k < n_; ++k) {
                dot = T(0);
                for (std::size_t j = 0; j < d_; ++j) {
                    sq = rows_[i * d_ + j];
                    sq *= rows_[k * d_ + j];
                    dot += sq;
                }
                if (i == k) dot -= T(1);
                dot = magnitude(dot);
                if (exceeds(dot, worst, "orthonormality defect")) worst = dot;
            }
        return worst;
    }

private:
    dataset(std::size_t n, std::size_t d, std::string source, std::vector<T> rows, orthonormality o)
        : n_(n), d_(d), source_(std::move(source)), rows_(std::move(rows)), orth_(o)
    {
    }
    static void check_shape(std::size_t n, std::size_t d)
    {
        if (n < 1 || n > d) throw std::invalid_argument("dataset: need 1 <= n <= d");
    }

    std::size_t n_, d_;
    std::string source_;
    std::vector<T> rows_; // empty for canonical data
    orthonormality orth_;
};

} // namespace snae
