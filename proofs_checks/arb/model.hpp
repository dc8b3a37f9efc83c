// The model's pieces that C3 and C4 need, written once more for Arb balls
// from the closed forms (docs/arb.md), independently of snae's code paths:
// the data rows, a point of M, the Hessian of the active-branch piece and
// one full-batch GD step. Nothing here includes snae; every input is an
// integer, an exact dyadic or an exact rational, enclosed at prec bits.
#pragma once

#include "ball.hpp"

#include <vector>

namespace snae::arb_backend {

/// n orthonormal rows in R^d: canonical (x_i = e_i, exact) or the first n
/// rows of Q = I - 2 v v^T / (v^T v), v = (1, 2, ..., d) (exactly
/// orthonormal rationals; entry (i, j) = delta_ij - 2 (i+1)(j+1) / (v^T v)
/// with v^T v = d (d+1) (2d+1) / 6, enclosed).
ball_matrix data_rows(std::size_t n, std::size_t d, bool householder, slong prec);

/// <a, row i of x> and ||a||^2 for a vector of d balls.
void row_dot(ball& out, const ball_matrix& x, std::size_t i, const std::vector<ball>& a, slong prec);
void squared_norm(ball& out, const std::vector<ball>& a, slong prec);

/// w* = sum_i m_i x_i / ||m|| (m_i exact; ||m|| > 0): a point of M when the
/// kept m_i are >= 0 (relu) or any (linear), with c_i(w*) = m_i / ||m||.
std::vector<ball> point_from_coordinates(const ball_matrix& x, const std::vector<ball>& m, slong prec);

/// The Hessian at w of (1/n) sum_{i in active} l_i with sigma(c) = c on the
/// active samples (MATH.md):
///   H = (1/n) sum_{i active} [c_i^2 I + (N - 2) x_i x_i^T + 2 c_i (w x_i^T + x_i w^T)]
///     = (1/n) [S I + (N - 2) X_P^T X_P + 2 (w u^T + u w^T)],
/// S = sum_active c_i^2, u = sum_active c_i x_i, X_P the active rows.
void hessian(ball_matrix& h, const ball_matrix& x, const std::vector<ball>& w, const std::vector<char>& active, slong prec);

/// One full-batch GD step of the reference map in exact arithmetic, on balls:
///   w <- w - (eta/n) sum_{i active} (c_i^2 w + c_i (N - 2) x_i)
///      = (1 - h S) w - h (N - 2) u,  h = eta / n,
/// active = every i (linear) or c_i(w) > 0 (relu), decided on the balls.
/// Returns false, leaving w unchanged, if a relu sign is not decided
/// (a ball of c_i contains 0 without being exactly 0).
bool gd_step(std::vector<ball>& w, const ball_matrix& x, const ball& eta, bool linear, slong prec);

} // namespace snae::arb_backend
