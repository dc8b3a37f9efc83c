// Interval measures on rows that are not exactly orthonormal (the closed
// forms of snae/model.hpp assume N = S + Off and ||x_i|| = 1):
//  - on such rows every reported box contains the exact value, computed here
//    independently in rational arithmetic (GMP) from the definition;
//  - the closed forms on the same rows miss it (so the literal path is
//    needed, and these tests fail on code that uses the closed forms there);
//  - exactly orthonormal decimal rows keep the closed forms, and still
//    enclose the exact values;
//  - snae train reports the same, refuses --tol-on distance on such rows,
//    and prints no distance to M.
#include "support/cli_sandbox.hpp"

#include <snae/exact_rows.hpp>
#include <snae/interval.hpp>
#include <snae/model.hpp>
#include <snae/random.hpp>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <gmp.h>

#include <fstream>

using snae::interval;

namespace {

/// An exact rational (GMP), just enough arithmetic for the definitions.
struct rational {
    mpq_t v;
    rational() { mpq_init(v); }
    explicit rational(long a, unsigned long b = 1) { mpq_init(v); mpq_set_si(v, a, b); mpq_canonicalize(v); }
    rational(const rational& o) { mpq_init(v); mpq_set(v, o.v); }
    rational& operator=(const rational& o) { mpq_set(v, o.v); return *this; }
    ~rational() { mpq_clear(v); }
    /// A plain decimal "[-]digits[.digits]", exactly.
    static rational decimal(const std::string& s)
    {
        rational r;
        const auto dot = s.find('.');
        std::string digits = s, den = "1";
        if (dot != std::string::npos) {
            digits = s.substr(0, dot) + s.substr(dot + 1);
            den += std::string(s.size() - dot - 1, '0');
        }
        if (digits[0] == '+') digits.erase(0, 1);
        mpq_set_str(r.v, (digits + "/" + den).c_str(), 10);
        mpq_canonicalize(r.v);
        return r;
    }
    /// The exact value of a dyadic MPFR number.
    static rational of(mpfr_srcptr x)
    {
        rational r;
        mpfr_get_q(r.v, x);
        return r;
    }
    friend rational operator+(const rational& a, const rational& b) { rational r; mpq_add(r.v, a.v, b.v); return r; }
    friend rational operator-(const rational& a, const rational& b) { rational r; mpq_sub(r.v, a.v, b.v); return r; }
    friend rational operator*(const rational& a, const rational& b) { rational r; mpq_mul(r.v, a.v, b.v); return r; }
    friend rational operator/(const rational& a, const rational& b) { rational r; mpq_div(r.v, a.v, b.v); return r; }
    int sign() const { return mpq_sgn(v); }
};

using rvec = std::vector<rational>;

/// The exact measures of snae/model.hpp from their definitions: the loss
/// (1/n) sum_i 1/2 ||x_i - sigma(c_i) w||^2, and the squared norms of the
/// batch gradient and of the largest per-sample gradient, where
/// grad l_i = -sigma(c_i)(x_i - sigma(c_i) w) - sigma'(c_i)(c_i - sigma(c_i) N) x_i (relu, or linear).
struct exact_measures {
    rational loss, grad_norm2, max_sample_grad2;
    exact_measures(const std::vector<rvec>& x, const rvec& w, bool linear = false)
    {
        const std::size_t n = x.size(), d = w.size();
        rational N;
        for (const auto& a : w) N = N + a * a;
        rvec g(d);
        for (const auto& xi : x) {
            rational c;
            for (std::size_t j = 0; j < d; ++j) c = c + xi[j] * w[j];
            const bool on = linear || c.sign() > 0;
            const rational s = on ? c : rational(), k = on ? rational(c - s * N) : rational();
            rational li, gi2;
            for (std::size_t j = 0; j < d; ++j) {
                const rational r = xi[j] - s * w[j];
                li = li + r * r;
                const rational gij = rational() - s * r - k * xi[j];
                g[j] = g[j] + gij;
                gi2 = gi2 + gij * gij;
            }
            loss = loss + li / rational(2);
            if (mpq_cmp(gi2.v, max_sample_grad2.v) > 0) max_sample_grad2 = gi2;
        }
        loss = loss / rational(static_cast<long>(n));
        for (auto& gj : g) grad_norm2 = grad_norm2 + (gj / rational(static_cast<long>(n))) * (gj / rational(static_cast<long>(n)));
    }
};

bool contains(const interval& box, const rational& q) { return mpfi_is_inside_q(q.v, box.backend().data()) > 0; }

/// A box of a quantity >= 0 contains sqrt(q2): lo^2 <= q2 <= hi^2, exactly.
bool contains_root(const interval& box, const rational& q2)
{
    mpfi_srcptr p = box.backend().data();
    if (!mpfr_number_p(&p->left) || !mpfr_number_p(&p->right)) return false;
    rational lo = rational::of(&p->left), hi = rational::of(&p->right);
    if (lo.sign() < 0) lo = rational();
    return mpq_cmp((lo * lo).v, q2.v) <= 0 && mpq_cmp(q2.v, (hi * hi).v) <= 0;
}

/// The worked example: x_0 = (a, a), x_1 = (-a, a), a = 0.7071068
/// (defect about 5.3e-8), w = (0.9, 0.3).
struct worked_example {
    std::vector<std::string> rows = {"0.7071068", "0.7071068", "-0.7071068", "0.7071068"}, w = {"0.9", "0.3"};
    std::vector<rvec> x_exact() const
    {
        return {{rational::decimal(rows[0]), rational::decimal(rows[1])}, {rational::decimal(rows[2]), rational::decimal(rows[3])}};
    }
    rvec w_exact() const { return {rational::decimal(w[0]), rational::decimal(w[1])}; }
    snae::dataset<interval> data(snae::orthonormality o) const
    {
        std::vector<interval> r;
        for (const auto& s : rows) r.push_back(snae::from_decimal<interval>(s));
        return snae::dataset<interval>::from_rows(2, 2, r, "file", o);
    }
    std::vector<interval> w_box() const { return {snae::from_decimal<interval>(w[0]), snae::from_decimal<interval>(w[1])}; }
};

} // namespace

BOOST_AUTO_TEST_SUITE(orthonormality)

BOOST_AUTO_TEST_CASE(boxes_on_rows_with_a_defect_contain_the_exact_values)
{
    snae::precision_scope<interval> p(256);
    const worked_example ex;
    const exact_measures exact(ex.x_exact(), ex.w_exact());
    const rational gap = exact.loss - rational(1, 4); // (n-1)/(2n), n = 2
    const auto data = ex.data(snae::orthonormality::approximate);
    snae::point_evaluator<interval> eval(data, snae::activation::relu);
    const auto& s = eval(ex.w_box());
    BOOST_TEST(!s.closed_forms);
    BOOST_TEST(contains(s.loss, exact.loss), snae::to_decimal(s.loss));
    BOOST_TEST(contains(s.loss_gap, gap), snae::to_decimal(s.loss_gap));
    BOOST_TEST(contains_root(s.grad_norm, exact.grad_norm2), snae::to_decimal(s.grad_norm));
    BOOST_TEST(contains_root(snae::max_sample_gradient_norm(s, snae::activation::relu), exact.max_sample_grad2));
    BOOST_TEST(!snae::scalar_traits<interval>::is_finite(s.dist_min)); // no closed form: the whole line
    BOOST_TEST(snae::width_bound(s.loss) < 1e-70);                      // and still narrow

    // The closed forms on the same rows (declared exact, which they are not)
    // are off by about 1.8e-8, far outside their 2^-250-wide boxes.
    const auto lie = ex.data(snae::orthonormality::exact);
    snae::point_evaluator<interval> closed(lie, snae::activation::relu);
    const auto& c = closed(ex.w_box());
    BOOST_TEST(c.closed_forms);
    BOOST_TEST(!contains(c.loss, exact.loss), snae::to_decimal(c.loss));
    BOOST_TEST(!contains_root(c.grad_norm, exact.grad_norm2));
}

BOOST_AUTO_TEST_CASE(boxes_on_rotated_rows_contain_the_exact_values)
{
    // Rotated rows are the dyadic rows of a floating-point QR, orthonormal
    // only to about d u; the exact values below use exactly those rows.
    for (long bits : {64L, 256L}) {
        snae::precision_scope<interval> p(bits);
        const std::size_t n = 6, d = 10;
        const auto data = snae::dataset<interval>::rotated(n, d, 3);
        BOOST_TEST(!data.exactly_orthonormal());
        std::vector<rvec> x(n, rvec(d));
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < d; ++j) x[i][j] = rational::of(&data.row(i)[j].backend().data()->left);
        snae::random_engine eng(3, snae::random_stream::init);
        std::vector<interval> w;
        rvec wq;
        for (double z : snae::gaussian_doubles(eng, d, "1")) {
            w.push_back(snae::from_double<interval>(z));
            wq.push_back(rational::of(&w.back().backend().data()->left));
        }
        const exact_measures exact(x, wq);
        snae::point_evaluator<interval> eval(data, snae::activation::relu);
        const auto& s = eval(w);
        BOOST_TEST_CONTEXT("mpfi:" << bits)
        {
            BOOST_TEST(!s.closed_forms);
            BOOST_TEST(contains(s.loss, exact.loss), snae::to_decimal(s.loss));
            BOOST_TEST(contains_root(s.grad_norm, exact.grad_norm2), snae::to_decimal(s.grad_norm));
            BOOST_TEST(contains_root(snae::max_sample_gradient_norm(s, snae::activation::relu), exact.max_sample_grad2));
            // At w = x_0 (linear: no sign to decide), a point of M for exactly
            // orthonormal rows: the closed-form gap ((1-S)^2 + S Off)/(2n) is a
            // box of width about u^2 around its O(u^2) value, while the exact
            // gap of these rows is O(defect) = O(u). The literal box contains
            // it; the closed forms on the same rows (declared exact, which they
            // are not) miss it.
            const std::vector<interval> x0(data.row(0), data.row(0) + d);
            const exact_measures at_x0(x, x[0], true);
            const rational gap = at_x0.loss - rational(static_cast<long>(n - 1), 2 * n);
            snae::point_evaluator<interval> lin(data, snae::activation::linear);
            BOOST_TEST(contains(lin(x0).loss_gap, gap), snae::to_decimal(lin.last().loss_gap));
            std::vector<interval> rows(data.row(0), data.row(0) + n * d);
            const auto lie = snae::dataset<interval>::from_rows(n, d, rows, "rotated", snae::orthonormality::exact);
            snae::point_evaluator<interval> closed(lie, snae::activation::linear);
            BOOST_TEST(!contains(closed(x0).loss_gap, gap), snae::to_decimal(closed.last().loss_gap));
        }
    }
}

BOOST_AUTO_TEST_CASE(exactly_orthonormal_rows_keep_the_closed_forms)
{
    snae::precision_scope<interval> p(128);
    // (0.6, 0.8), (-0.8, 0.6): exactly orthonormal rationals, enclosed.
    const std::vector<std::string> rows = {"0.6", "0.8", "-0.8", "0.6"};
    BOOST_TEST(snae::decimals_exactly_orthonormal(2, 2, rows));
    BOOST_TEST(!snae::decimals_exactly_orthonormal(2, 2, {"0.7071068", "0.7071068", "-0.7071068", "0.7071068"}));
    BOOST_TEST(!snae::decimals_exactly_orthonormal(2, 2, {"0.6", "0.8", "-0.8", "0.6000001"}));
    BOOST_TEST(snae::decimals_exactly_orthonormal(1, 3, {"6e-1", "0", "+0.8E0"}));
    std::vector<interval> r;
    for (const auto& s : rows) r.push_back(snae::from_decimal<interval>(s));
    const auto data = snae::dataset<interval>::from_rows(2, 2, r, "file", snae::orthonormality::exact);
    const std::vector<interval> w = {snae::from_decimal<interval>("0.9"), snae::from_decimal<interval>("0.3")};
    snae::point_evaluator<interval> eval(data, snae::activation::relu);
    const auto& s = eval(w);
    BOOST_TEST(s.closed_forms);
    const std::vector<rvec> x = {{rational::decimal("0.6"), rational::decimal("0.8")}, {rational::decimal("-0.8"), rational::decimal("0.6")}};
    const exact_measures exact(x, {rational::decimal("0.9"), rational::decimal("0.3")});
    BOOST_TEST(contains(s.loss, exact.loss));
    BOOST_TEST(contains_root(s.grad_norm, exact.grad_norm2));
    BOOST_TEST(snae::scalar_traits<interval>::is_finite(s.dist_min));
}

BOOST_AUTO_TEST_CASE(snae_train_reports_the_exact_loss_on_rows_with_a_defect)
{
    snae_test::sandbox box;
    const worked_example ex;
    const std::string data = box.file("x.txt", "0.7071068 0.7071068\n-0.7071068 0.7071068\n"), init = box.file("w.txt", "0.9 0.3\n");
    const std::string base = "train --data " + data + " --orth-tol 1e-6 --init " + init + " --scalar mpfi:256 --steps 0 ";
    const auto r = box.run(base + "--out " + box.path("r.json"));
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("dist to M     none") != std::string::npos, r.out);
    std::ifstream in(box.path("r.json"));
    const auto j = nlohmann::json::parse(in);
    BOOST_TEST(j.at("measures_from") == "definitions");
    BOOST_TEST(j.at("dist_min").is_null());
    // The printed box [lo,hi] (lo rounded down, hi up) contains the exact loss.
    const std::string loss = j.at("loss").get<std::string>();
    const auto comma = loss.find(',');
    mpfi_t printed;
    mpfi_init2(printed, 300);
    mpfi_set_str(printed, loss.c_str(), 10);
    interval read;
    {
        snae::precision_scope<interval> p(300);
        mpfi_set(read.backend().data(), printed);
    }
    mpfi_clear(printed);
    BOOST_TEST(comma != std::string::npos, loss);
    BOOST_TEST(contains(read, exact_measures(ex.x_exact(), ex.w_exact()).loss), loss);

    // --tol with the default --tol-on distance: refused, no file.
    const auto bad = box.run(base + "--tol 1e-10 --out " + box.path("bad.json"));
    BOOST_TEST(bad.status == 2);
    BOOST_TEST(bad.err.find("--tol-on") != std::string::npos, bad.err);
    BOOST_TEST(!std::filesystem::exists(box.path("bad.json")));
    // Exactly orthonormal decimals keep the closed forms and the distance.
    const std::string exact_rows = box.file("e.txt", "0.6 0.8\n-0.8 0.6\n");
    const auto e = box.run("train --data " + exact_rows + " --init " + init + " --scalar mpfi:128 --steps 3 --out " + box.path("e.json"));
    BOOST_TEST_REQUIRE(e.status == 0, e.err);
    std::ifstream ein(box.path("e.json"));
    const auto ej = nlohmann::json::parse(ein);
    BOOST_TEST(ej.at("measures_from") == "closed forms");
    BOOST_TEST(ej.at("dist_min").is_string());
}

BOOST_AUTO_TEST_SUITE_END()
