// EXACT instances (exact.hpp): every number is a GMP rational, every
// comparison exact. The data are the canonical basis or the rows of the
// Cayley transform Q = (I - A)(I + A)^-1 of a rational skew-symmetric A
// (exactly orthogonal: Q^T Q = (I + A)^-T (I - A)^T (I - A) (I + A)^-1 = I,
// since (I - A)^T = I + A and I - A, I + A commute); the code checks
// Q Q^T = I before use. Points of M come from the inverse stereographic
// projection of a rational point.
#include "exact.hpp"

#include "exact_numbers.hpp"

#include <snae/random.hpp>

#include <stdexcept>

namespace snae::proofs_checks::certified {

namespace {
using qvec = std::vector<mpq_class>;

const char* const exact_arithmetic = "exact rationals (GMP mpq): no rounding anywhere";

mpq_class dot(const qvec& a, const qvec& b)
{
    mpq_class s(0);
    for (std::size_t j = 0; j < a.size(); ++j) s += a[j] * b[j];
    return s;
}

/// The inverse of a square rational matrix (rows) by Gauss-Jordan; throws if singular.
std::vector<qvec> inverse(std::vector<qvec> m)
{
    const std::size_t d = m.size();
    std::vector<qvec> inv(d, qvec(d, mpq_class(0)));
    for (std::size_t i = 0; i < d; ++i) inv[i][i] = 1;
    for (std::size_t c = 0; c < d; ++c) {
        std::size_t p = c;
        while (p < d && m[p][c] == 0) ++p;
        if (p == d) throw std::logic_error("singular matrix");
        std::swap(m[p], m[c]);
        std::swap(inv[p], inv[c]);
        const mpq_class piv = m[c][c];
        for (std::size_t j = 0; j < d; ++j) {
            m[c][j] /= piv;
            inv[c][j] /= piv;
        }
        for (std::size_t r = 0; r < d; ++r)
            if (r != c && m[r][c] != 0) {
                const mpq_class f = m[r][c];
                for (std::size_t j = 0; j < d; ++j) {
                    m[r][j] -= f * m[c][j];
                    inv[r][j] -= f * inv[c][j];
                }
            }
    }
    return inv;
}

/// Whether the rows are linearly independent (exact elimination).
bool independent(std::vector<qvec> m)
{
    try {
        inverse(std::move(m));
        return true;
    } catch (const std::logic_error&) {
        return false;
    }
}

/// Exactly orthonormal rational data: the first n of d orthonormal rows.
struct exact_data {
    std::size_t n, d;
    bool cayley;
    std::vector<qvec> basis; ///< d x d, orthonormal rows; x_i = basis[i]

    exact_data(std::size_t n_, std::size_t d_, bool cayley_) : n(n_), d(d_), cayley(cayley_), basis(d_, qvec(d_, mpq_class(0)))
    {
        for (std::size_t i = 0; i < d; ++i) basis[i][i] = 1;
        if (!cayley) return;
        std::vector<qvec> plus = basis, minus = basis; // I + A, I - A with A_jk = 1/(j + k + 2) above the diagonal
        for (std::size_t j = 0; j < d; ++j)
            for (std::size_t k = j + 1; k < d; ++k) {
                const mpq_class a(1, static_cast<unsigned long>(j + k + 2));
                plus[j][k] = a;
                plus[k][j] = -a;
                minus[j][k] = -a;
                minus[k][j] = a;
            }
        const auto inv = inverse(plus);
        for (std::size_t i = 0; i < d; ++i)
            for (std::size_t j = 0; j < d; ++j) basis[i][j] = dot(minus[i], [&] {
                qvec col(d);
                for (std::size_t k = 0; k < d; ++k) col[k] = inv[k][j];
                return col;
            }());
        for (std::size_t i = 0; i < d; ++i)
            for (std::size_t j = 0; j < d; ++j)
                if (dot(basis[i], basis[j]) != (i == j ? 1 : 0)) throw std::logic_error("Cayley rows not orthonormal");
    }

    nlohmann::json json() const
    {
        if (!cayley) return {{"kind", "canonical"}};
        nlohmann::json rows = nlohmann::json::array();
        for (std::size_t i = 0; i < n; ++i) {
            nlohmann::json r = nlohmann::json::array();
            for (const auto& q : basis[i]) r.push_back(rational_text(q));
            rows.push_back(r);
        }
        return {{"kind", "rows"}, {"rows", rows}};
    }
};

bool active(activation act, const mpq_class& c) { return act == activation::linear || c > 0; }

qvec coords(const exact_data& x, const qvec& w)
{
    qvec c(x.n);
    for (std::size_t i = 0; i < x.n; ++i) c[i] = dot(w, x.basis[i]);
    return c;
}

/// L(w) from the definition: (1/n) sum_i 1/2 ||x_i - sigma(c_i) w||^2.
mpq_class loss(const exact_data& x, activation act, const qvec& w)
{
    mpq_class total(0);
    for (std::size_t i = 0; i < x.n; ++i) {
        const mpq_class c = dot(w, x.basis[i]), s = active(act, c) ? c : mpq_class(0);
        for (std::size_t j = 0; j < x.d; ++j) {
            const mpq_class e = x.basis[i][j] - s * w[j];
            total += e * e / 2;
        }
    }
    return total / static_cast<unsigned long>(x.n);
}

/// A rational point of M with support S: the inverse stereographic
/// projection of y = ((j + 2)/(j + 1))_j, whose coordinates are all > 0.
qvec point_on_m(const exact_data& x, const std::vector<std::size_t>& support)
{
    const std::size_t k = support.size();
    qvec c(k, mpq_class(1));
    if (k > 1) {
        mpq_class s(0);
        qvec y(k - 1);
        for (std::size_t j = 0; j + 1 < k; ++j) {
            y[j] = mpq_class(static_cast<unsigned long>(j + 2), static_cast<unsigned long>(j + 1));
            s += y[j] * y[j];
        }
        for (std::size_t j = 0; j + 1 < k; ++j) c[j] = 2 * y[j] / (s + 1);
        c[k - 1] = (s - 1) / (s + 1);
    }
    qvec w(x.d, mpq_class(0));
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t l = 0; l < x.d; ++l) w[l] += c[j] * x.basis[support[j]][l];
    return w;
}

std::string vec_name(const std::vector<std::size_t>& s)
{
    std::string out;
    for (auto i : s) out += (out.empty() ? "" : ",") + std::to_string(i);
    return "{" + out + "}";
}

nlohmann::json qjson(const qvec& v)
{
    nlohmann::json j = nlohmann::json::array();
    for (const auto& q : v) j.push_back(rational_text(q));
    return j;
}

struct exact_case {
    activation act;
    std::size_t n, d;
    bool cayley;
    std::vector<std::size_t> support;
    std::string name() const
    {
        return to_string(act) + " " + (cayley ? "cayley" : "canonical") + " n=" + std::to_string(n) + " d=" + std::to_string(d) +
               " support=" + vec_name(support);
    }
};

std::vector<exact_case> exact_cases(bool full)
{
    std::vector<exact_case> list;
    for (auto act : {activation::relu, activation::linear}) {
        list.push_back({act, 4, 4, false, {0, 2}});
        list.push_back({act, 4, 6, true, {1, 2, 3}});
        list.push_back({act, 5, 8, true, {0, 1, 2, 3, 4}});
        if (full) list.push_back({act, 8, 12, true, {0, 2, 3, 5, 7}});
    }
    return list;
}

/// Calls f(case, where, data, w*) at each exact case's rational point of M,
/// naming it in the tally under the precision "exact".
template <class F>
void for_each_point_on_m(bool full, tally& t, F&& f)
{
    t.precision("exact");
    for (const auto& ec : exact_cases(full)) {
        t.instance(ec.name());
        const exact_data x(ec.n, ec.d, ec.cayley);
        f(ec, "exact " + ec.name(), x, point_on_m(x, ec.support));
    }
}
} // namespace

void exact_minimum(const check_options& opt, tally& t)
{
    for_each_point_on_m(opt.full, t, [&](const exact_case& ec, const std::string& where, const exact_data& x, const qvec& w) {
        mpq_class lstar(static_cast<long>(opt.wrong_prediction ? ec.n - 2 : ec.n - 1), static_cast<unsigned long>(2 * ec.n));
        lstar.canonicalize(); // GMP compares rationals in lowest terms only
        std::string predicted = opt.wrong_prediction ? "(n-2)/(2n)" : "(n-1)/(2n)";
        if (opt.wrong_case == "fine") {
            lstar += mpq_class(1, 1) / mpq_class(mpz_class(1) << 100);
            predicted = "(n-1)/(2n) + 2^-100";
        }
        bool nonnegative = true;
        for (const auto& c : coords(x, w)) nonnegative = nonnegative && c >= 0;
        t.require(where, "w* on M exactly (||w*||^2 = 1, every c_i(w*) >= 0; in span(x_i) by construction)",
                  dot(w, w) == 1 && nonnegative);
        const mpq_class L = loss(x, ec.act, w);
        const std::string value = "[" + rational_text(L) + "," + rational_text(L) + "]";
        t.require(where, "L(w*) enclosure " + value + " contains " + predicted, L == lstar);
        if (L != lstar) return;
        nlohmann::json hyp = {{"activation", to_string(ec.act)}, {"data", x.json()}, {"w_star", qjson(w)}, {"arithmetic", exact_arithmetic}};
        t.prove(where, "L(w*) = " + predicted + " exactly, in rational arithmetic", hyp, nullptr, "EXACT");
        for (int side : {+1, -1}) {
            qvec v = w;
            for (auto& q : v) q *= 1 + side * mpq_class(1, 256);
            const bool above = loss(x, ec.act, v) > lstar;
            const std::string at = std::string("(1 ") + (side > 0 ? "+" : "-") + " 2^-8) w*";
            t.require(where, "L > " + predicted + " exactly at " + at, above);
            if (above) t.prove(where, "L(" + at + ") > " + predicted + " exactly", hyp, nullptr, "EXACT");
        }
        t.export_certificate({{"level", "EXACT"}, {"kind", "exact-minimum"}, {"statement", "L(w*) = (n-1)/(2n) exactly, w* on M"},
                              {"instance", {{"activation", to_string(ec.act)}, {"n", ec.n}, {"d", ec.d}, {"data", x.json()},
                                            {"w0", nullptr}, {"eta", nullptr}}},
                              {"proof", {{"w_star", qjson(w)}}}});
    });
}

namespace {
/// The Hessian at w of (1/n) sum over the active samples of l_i, each on its
/// active branch: (1/n) sum (c_i^2 I + (N - 2) x_i x_i^T + 2 c_i (w x_i^T + x_i w^T))
/// (docs/claims.md derives it from l_i).
std::vector<qvec> hessian(const exact_data& x, activation act, const qvec& w)
{
    const std::size_t d = x.d;
    std::vector<qvec> h(d, qvec(d, mpq_class(0)));
    const mpq_class N = dot(w, w);
    for (std::size_t i = 0; i < x.n; ++i) {
        const mpq_class c = dot(w, x.basis[i]);
        if (!active(act, c)) continue;
        const qvec& xi = x.basis[i];
        for (std::size_t j = 0; j < d; ++j)
            for (std::size_t k = 0; k < d; ++k)
                h[j][k] += (j == k ? c * c : mpq_class(0)) + (N - 2) * xi[j] * xi[k] + 2 * c * (w[j] * xi[k] + xi[j] * w[k]);
    }
    for (auto& row : h)
        for (auto& q : row) q /= static_cast<unsigned long>(x.n);
    return h;
}

/// The eigenbasis at a point of M: w (4/n); x_i for inactive i and the rows
/// of the basis beyond n (1/n); c_i x_a - c_a x_i for active i != a (0),
/// a the first active sample with c_a != 0.
void eigenbasis(const exact_data& x, activation act, const qvec& w, std::vector<qvec>& v, qvec& lambda)
{
    const mpq_class tn(static_cast<unsigned long>(x.n));
    const qvec c = coords(x, w);
    v.push_back(w);
    lambda.push_back(4 / tn);
    std::size_t a = x.n;
    for (std::size_t i = 0; i < x.n; ++i)
        if (active(act, c[i]) && c[i] != 0 && a == x.n) a = i;
    for (std::size_t i = 0; i < x.d; ++i) {
        if (i >= x.n || !active(act, c[i])) {
            v.push_back(x.basis[i]);
            lambda.push_back(1 / tn);
        } else if (i != a) {
            qvec u(x.d);
            for (std::size_t j = 0; j < x.d; ++j) u[j] = c[i] * x.basis[a][j] - c[a] * x.basis[i][j];
            v.push_back(u);
            lambda.push_back(0);
        }
    }
}

/// The predicted clusters (centre, label, multiplicity), or the wrong case's
/// (the same cases as the interval C3).
struct exact_cluster {
    mpq_class centre;
    std::string label;
    std::size_t m;
};
std::vector<exact_cluster> predicted(std::size_t n, std::size_t d, std::size_t k, const check_options& opt)
{
    const mpq_class tn(static_cast<unsigned long>(n));
    const long top = opt.wrong_prediction ? 3 : 4; // centres below are quotients, so in lowest terms
    const bool shift = opt.wrong_case == "centre", recount = opt.wrong_case == "multiplicities";
    mpq_class tc = top / tn;
    if (shift) tc += mpq_class(1) / mpq_class(mpz_class(1) << 150);
    std::vector<exact_cluster> out = {{tc, std::to_string(top) + "/n" + (shift ? " + 2^-150" : ""), 1}};
    if (d - k + (recount ? 1 : 0) > 0) out.push_back({1 / tn, "1/n", d - k + (recount ? 1 : 0)});
    if (k > 1) out.push_back({0, "0", k - 1 - (recount && k > 1 ? 1 : 0)});
    return out;
}

/// Records H V = V Lambda, det V != 0 and the cluster counts; true if all hold.
bool spectrum_holds(const std::string& where, const std::vector<qvec>& h, const std::vector<qvec>& v, const qvec& lambda,
                    const std::vector<exact_cluster>& clusters, tally& t)
{
    bool eigen = true;
    for (std::size_t e = 0; e < v.size(); ++e)
        for (std::size_t j = 0; j < h.size(); ++j) eigen = eigen && dot(h[j], v[e]) == lambda[e] * v[e][j];
    t.require(where, "H v = lambda v exactly for every column of V", eigen);
    const bool basis = v.size() == h.size() && independent(v);
    t.require(where, "det V != 0 exactly", basis);
    const mpq_class r = mpq_class(1) / mpq_class(mpz_class(1) << 200);
    bool counts = true;
    for (const auto& c : clusters) {
        std::size_t m = 0;
        for (const auto& l : lambda) m += abs(mpq_class(l - c.centre)) < r ? 1 : 0;
        t.require(where, "cluster " + c.label + ": " + std::to_string(m) + " eigenvalues within 2^-200, predicted " + std::to_string(c.m), m == c.m);
        counts = counts && m == c.m;
    }
    return eigen && basis && counts;
}
} // namespace

void exact_hessian(const check_options& opt, tally& t)
{
    for_each_point_on_m(opt.full, t, [&](const exact_case& ec, const std::string& where, const exact_data& x, const qvec& w) {
        const std::size_t k = ec.act == activation::linear ? ec.n : ec.support.size();
        std::vector<qvec> v;
        qvec lambda;
        eigenbasis(x, ec.act, w, v, lambda);
        if (!spectrum_holds(where, hessian(x, ec.act, w), v, lambda, predicted(ec.n, ec.d, k, opt), t)) return;
        const std::string statement = "the spectrum of H is exactly {4/n x 1, 1/n x " + std::to_string(ec.d - k) + ", 0 x " +
                                      std::to_string(k - 1) + "} (H V = V Lambda, V rational, det V != 0)";
        t.prove(where, statement, {{"activation", to_string(ec.act)}, {"data", x.json()}, {"w_star", qjson(w)}, {"arithmetic", exact_arithmetic}}, nullptr, "EXACT");
        nlohmann::json vj = nlohmann::json::array();
        for (const auto& col : v) vj.push_back(qjson(col));
        t.export_certificate({{"level", "EXACT"}, {"kind", "exact-spectrum"}, {"statement", statement},
                              {"instance", {{"activation", to_string(ec.act)}, {"n", ec.n}, {"d", ec.d}, {"data", x.json()},
                                            {"w0", nullptr}, {"eta", nullptr}}},
                              {"proof", {{"w_star", qjson(w)}, {"V", vj}, {"lambda", qjson(lambda)}}}});
    });
}

namespace {
/// One exact GD step from the per-sample gradient of the definition,
/// grad l_i = -sigma(c)(x_i - sigma(c) w) - sigma'(c)(c - sigma(c) N) x_i.
qvec gd_step(const exact_data& x, activation act, const mpq_class& eta, const qvec& w)
{
    const mpq_class N = dot(w, w);
    qvec g(x.d, mpq_class(0));
    for (std::size_t i = 0; i < x.n; ++i) {
        const mpq_class c = dot(w, x.basis[i]);
        if (!active(act, c)) continue; // relu: sigma = sigma' = 0
        for (std::size_t j = 0; j < x.d; ++j) g[j] += -c * (x.basis[i][j] - c * w[j]) - (c - c * N) * x.basis[i][j];
    }
    qvec out = w;
    for (std::size_t j = 0; j < x.d; ++j) out[j] -= eta * g[j] / static_cast<unsigned long>(x.n);
    return out;
}

/// Bits of the largest numerator or denominator in v.
std::size_t bits(const qvec& v)
{
    std::size_t b = 0;
    for (const auto& q : v) b = std::max({b, mpz_sizeinbase(q.get_num_mpz_t(), 2), mpz_sizeinbase(q.get_den_mpz_t(), 2)});
    return b;
}

qvec seed_start(std::size_t d, std::uint64_t seed)
{
    random_engine eng(seed, random_stream::init);
    qvec w;
    for (double z : gaussian_doubles(eng, d, default_init_scale(d))) w.push_back(mpq_class(z));
    return w;
}
} // namespace

void exact_gd_recurrence(const check_options& opt, tally& t)
{
    t.precision("exact");
    // Each step about triples the rationals' size (the step is cubic in w):
    // 6 steps reach about 2^17 bits (docs/certified.md gives sizes and times).
    const std::uint64_t planned = opt.full ? 8 : 6;
    for (const auto& ec : exact_cases(opt.full)) {
        if (opt.wrong_case == "unstable-eta" && ec.act != activation::relu) continue;
        const std::string where = "exact " + to_string(ec.act) + (ec.cayley ? " cayley" : " canonical") + " n=" +
                                  std::to_string(ec.n) + " d=" + std::to_string(ec.d) + " seed=8";
        t.instance(where.substr(6));
        const exact_data x(ec.n, ec.d, ec.cayley);
        mpq_class eta = opt.wrong_case == "unstable-eta" ? mpq_class(static_cast<unsigned long>(5 * ec.n), 2) : mpq_class(3, 10);
        eta.canonicalize();
        const mpq_class h = eta / static_cast<unsigned long>(ec.n);
        qvec w = seed_start(ec.d, 8), a0(ec.d, mpq_class(0));
        const qvec c0 = coords(x, w);
        std::vector<std::size_t> p;
        for (std::size_t i = 0; i < ec.n; ++i)
            if (active(ec.act, c0[i])) {
                p.push_back(i);
                for (std::size_t j = 0; j < ec.d; ++j) a0[j] += c0[i] * x.basis[i][j];
            }
        qvec r0 = w;
        for (std::size_t j = 0; j < ec.d; ++j) r0[j] -= a0[j];
        const mpq_class S0 = dot(a0, a0), R0 = dot(r0, r0);
        qvec alpha = {1}, beta = {1};
        std::string stopped;
        std::uint64_t compared = 0;
        bool equal = true;
        for (std::uint64_t s = 0; s < planned && equal; ++s) {
            const mpq_class S = alpha.back() * alpha.back() * S0, N = S + beta.back() * beta.back() * R0;
            const mpq_class fa = 1 - h * (N + S - 2), fb = 1 - h * (opt.wrong_prediction ? N : S);
            if (ec.act == activation::relu && (fa <= 0 || fb <= 0)) {
                stopped = " (the recurrence factors are not certainly positive at step " + std::to_string(s) + ")";
                break;
            }
            alpha.push_back(alpha.back() * fa);
            beta.push_back(beta.back() * fb);
            w = gd_step(x, ec.act, eta, w);
            for (std::size_t j = 0; j < ec.d && equal; ++j) equal = w[j] == alpha.back() * a0[j] + beta.back() * r0[j];
            t.require(where, "trajectory and recurrence enclosures overlap at step " + std::to_string(s + 1), equal);
            compared += equal ? 1 : 0;
        }
        if (!equal) continue;
        t.require(where, "all T = " + std::to_string(planned) + " planned steps compared" + stopped, compared == planned);
        if (compared != planned) continue;
        const std::string statement = "w_t = alpha_t P w0 + beta_t (w0 - P w0) exactly for t = 0.." + std::to_string(planned) +
                                      " (rationals of up to " + std::to_string(bits(w)) + " bits at the last step)";
        t.prove(where, statement, {{"activation", to_string(ec.act)}, {"data", x.json()}, {"eta", rational_text(eta)}, {"T", planned},
                 {"w0", "the 8-seed doubles, exactly"}, {"arithmetic", exact_arithmetic}},
                nullptr, "EXACT");
        t.export_certificate({{"level", "EXACT"}, {"kind", "exact-gd-recurrence"}, {"statement", statement},
                              {"instance", {{"activation", to_string(ec.act)}, {"n", ec.n}, {"d", ec.d}, {"data", x.json()},
                                            {"w0", qjson(seed_start(ec.d, 8))}, {"eta", rational_text(eta)}}},
                              {"proof", {{"T", planned}, {"P", p}, {"alpha", qjson(alpha)}, {"beta", qjson(beta)}}}});
    }
}

} // namespace snae::proofs_checks::certified
