// A small C++ layer over Arb (FLINT) balls: owning wrappers for arb_t and
// arb_mat_t, and the exact comparisons of a ball with an MPFI box that the
// agreement checks need (docs/arb.md).
//
// An Arb ball [m +- r] (m an arbitrary-precision dyadic, r an upper bound
// kept with a 30-bit mantissa) encloses a real number; every Arb operation
// returns a ball that contains the exact result for every input in the
// input balls (Arb's documented contract, which this layer relies on and does
// not prove). Precision is passed to each operation, never kept globally.
#pragma once

#include <arb.h>
#include <arb_mat.h>
#include <arf.h>
#include <mpfr.h>

#include <cstddef>
#include <string>

namespace snae::arb_backend {

/// An owning arb_t.
class ball {
public:
    ball() { arb_init(x_); }
    ball(const ball& o) { arb_init(x_); arb_set(x_, o.x_); }
    ball& operator=(const ball& o)
    {
        if (this != &o) arb_set(x_, o.x_);
        return *this;
    }
    ~ball() { arb_clear(x_); }
    arb_ptr get() { return x_; }
    arb_srcptr get() const { return x_; }

private:
    arb_t x_;
};

/// An owning arb_mat_t (rows x cols), entries initialised to 0.
class ball_matrix {
public:
    ball_matrix(std::size_t rows, std::size_t cols) : rows_(rows), cols_(cols)
    {
        arb_mat_init(m_, static_cast<slong>(rows), static_cast<slong>(cols));
    }
    ball_matrix(ball_matrix&& o) noexcept : rows_(o.rows_), cols_(o.cols_)
    {
        arb_mat_init(m_, 0, 0);
        arb_mat_swap(m_, o.m_); // o keeps an empty matrix, which it clears
        o.rows_ = o.cols_ = 0;
    }
    ball_matrix(const ball_matrix&) = delete;
    ball_matrix& operator=(const ball_matrix&) = delete;
    ~ball_matrix() { arb_mat_clear(m_); }
    arb_ptr at(std::size_t i, std::size_t j) { return arb_mat_entry(m_, static_cast<slong>(i), static_cast<slong>(j)); }
    arb_srcptr at(std::size_t i, std::size_t j) const
    {
        return arb_mat_entry(m_, static_cast<slong>(i), static_cast<slong>(j));
    }
    arb_mat_struct* get() { return m_; }
    const arb_mat_struct* get() const { return m_; }
    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }

private:
    std::size_t rows_, cols_;
    arb_mat_t m_;
};

/// An owning arf_t (an exact dyadic number, or +-inf, or NaN).
class dyadic {
public:
    dyadic() { arf_init(x_); }
    dyadic(const dyadic&) = delete;
    dyadic& operator=(const dyadic&) = delete;
    ~dyadic() { arf_clear(x_); }
    arf_ptr get() { return x_; }
    arf_srcptr get() const { return x_; }

private:
    arf_t x_;
};

/// Whether the ball x and the closed interval [lo, hi] (MPFR endpoints, as
/// MPFI stores them) have a point in common, decided exactly: x's endpoints
/// m - r and m + r are formed without rounding (arf arithmetic at
/// ARF_PREC_EXACT) and compared with lo and hi exactly. False if either
/// holds a NaN.
bool overlaps(arb_srcptr x, mpfr_srcptr lo, mpfr_srcptr hi);

/// The ball x is certainly inside the open interval (c - 2^e, c + 2^e) for
/// every value of the ball c: sup |x - c| < 2^e, bounded above in Arb.
bool inside(arb_srcptr x, arb_srcptr c, long e, slong prec);

/// The ball x is certainly outside the open interval (c - 2^e, c + 2^e) for
/// every value of c: inf |x - c| >= 2^e, bounded below in Arb.
bool outside(arb_srcptr x, arb_srcptr c, long e, slong prec);

/// log2 of the radius of x, rounded up (-inf for an exact ball, +inf for an
/// infinite or NaN one): how wide an enclosure is, at any precision.
double log2_radius(arb_srcptr x);

/// The exact dyadic written in C99 hexadecimal form ("0x1.8p-3", "-0x1p+0",
/// "0"), as snae writes its dyadic inputs (mpfr's %Ra); throws
/// std::invalid_argument unless the text is read completely and exactly.
void set_exact_hex(arb_ptr x, const std::string& hex);

} // namespace snae::arb_backend
