#include "model.hpp"

namespace snae::arb_backend {

ball_matrix data_rows(std::size_t n, std::size_t d, bool householder, slong prec)
{
    ball_matrix x(n, d);
    // v^T v = d (d+1) (2d+1) / 6, an exact integer.
    const slong vv = static_cast<slong>(d * (d + 1) * (2 * d + 1) / 6);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) {
            arb_ptr e = x.at(i, j);
            if (!householder) {
                arb_set_si(e, i == j ? 1 : 0);
                continue;
            }
            // delta_ij - 2 (i+1)(j+1) / vv: one rounded division, then an
            // exact subtraction from an integer (enclosed at prec).
            arb_set_si(e, static_cast<slong>(2 * (i + 1) * (j + 1)));
            arb_div_si(e, e, vv, prec);
            arb_neg(e, e);
            if (i == j) arb_add_si(e, e, 1, prec);
        }
    return x;
}

void row_dot(ball& out, const ball_matrix& x, std::size_t i, const std::vector<ball>& a, slong prec)
{
    arb_zero(out.get());
    for (std::size_t j = 0; j < a.size(); ++j) arb_addmul(out.get(), x.at(i, j), a[j].get(), prec);
}

void squared_norm(ball& out, const std::vector<ball>& a, slong prec)
{
    ball sq;
    arb_zero(out.get());
    for (const ball& v : a) {
        arb_sqr(sq.get(), v.get(), prec); // a square, not a product of two independent balls
        arb_add(out.get(), out.get(), sq.get(), prec);
    }
}

std::vector<ball> point_from_coordinates(const ball_matrix& x, const std::vector<ball>& m, slong prec)
{
    ball norm;
    squared_norm(norm, m, prec);
    arb_sqrtpos(norm.get(), norm.get(), prec); // root of a sum of squares, >= 0 in real arithmetic
    std::vector<ball> w(x.cols());
    for (std::size_t j = 0; j < w.size(); ++j) {
        arb_zero(w[j].get());
        for (std::size_t i = 0; i < m.size(); ++i) arb_addmul(w[j].get(), m[i].get(), x.at(i, j), prec);
        arb_div(w[j].get(), w[j].get(), norm.get(), prec);
    }
    return w;
}

namespace {
/// S = sum_active c_i^2 and u = sum_active c_i x_i at w.
void active_sums(ball& S, std::vector<ball>& u, const ball_matrix& x, const std::vector<ball>& w,
                 const std::vector<char>& active, slong prec)
{
    ball c, sq;
    arb_zero(S.get());
    u.assign(w.size(), ball());
    for (std::size_t i = 0; i < x.rows(); ++i) {
        if (!active[i]) continue;
        row_dot(c, x, i, w, prec);
        arb_sqr(sq.get(), c.get(), prec);
        arb_add(S.get(), S.get(), sq.get(), prec);
        for (std::size_t j = 0; j < w.size(); ++j) arb_addmul(u[j].get(), c.get(), x.at(i, j), prec);
    }
}
} // namespace

void hessian(ball_matrix& h, const ball_matrix& x, const std::vector<ball>& w, const std::vector<char>& active, slong prec)
{
    const std::size_t d = w.size();
    ball S, N, nm2;
    std::vector<ball> u;
    active_sums(S, u, x, w, active, prec);
    squared_norm(N, w, prec);
    arb_sub_si(nm2.get(), N.get(), 2, prec);
    // X_P^T X_P by Arb's matrix product (active rows only).
    std::size_t k = 0;
    for (char a : active) k += a ? 1 : 0;
    ball_matrix xp(k, d), xpt(d, k);
    for (std::size_t i = 0, r = 0; i < x.rows(); ++i) {
        if (!active[i]) continue;
        for (std::size_t j = 0; j < d; ++j) arb_set(xp.at(r, j), x.at(i, j));
        ++r;
    }
    arb_mat_transpose(xpt.get(), xp.get());
    arb_mat_mul(h.get(), xpt.get(), xp.get(), prec);
    ball t;
    for (std::size_t j = 0; j < d; ++j)
        for (std::size_t l = 0; l < d; ++l) {
            arb_ptr e = h.at(j, l);
            arb_mul(e, e, nm2.get(), prec);
            arb_mul(t.get(), w[j].get(), u[l].get(), prec);
            arb_addmul(t.get(), u[j].get(), w[l].get(), prec);
            arb_mul_2exp_si(t.get(), t.get(), 1); // exact doubling
            arb_add(e, e, t.get(), prec);
            if (j == l) arb_add(e, e, S.get(), prec);
            arb_div_ui(e, e, static_cast<ulong>(x.rows()), prec);
        }
}

bool gd_step(std::vector<ball>& w, const ball_matrix& x, const ball& eta, bool linear, slong prec)
{
    std::vector<char> active(x.rows(), 1);
    ball c;
    for (std::size_t i = 0; i < x.rows() && !linear; ++i) {
        row_dot(c, x, i, w, prec);
        // sigma'(0) = 0: an exact 0 is inactive; a ball straddling 0 is undecided.
        if (arb_is_positive(c.get())) active[i] = 1;
        else if (arb_is_nonpositive(c.get())) active[i] = 0;
        else return false;
    }
    ball S, N, h, f, g;
    std::vector<ball> u;
    active_sums(S, u, x, w, active, prec);
    squared_norm(N, w, prec);
    arb_div_ui(h.get(), eta.get(), static_cast<ulong>(x.rows()), prec);
    arb_mul(f.get(), h.get(), S.get(), prec);
    arb_sub_si(f.get(), f.get(), 1, prec);
    arb_neg(f.get(), f.get()); // 1 - h S
    arb_sub_si(g.get(), N.get(), 2, prec);
    arb_mul(g.get(), g.get(), h.get(), prec); // h (N - 2)
    for (std::size_t j = 0; j < w.size(); ++j) {
        arb_mul(w[j].get(), w[j].get(), f.get(), prec);
        arb_submul(w[j].get(), g.get(), u[j].get(), prec);
    }
    return true;
}

} // namespace snae::arb_backend
