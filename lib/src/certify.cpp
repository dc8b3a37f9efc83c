// Certified spectra: see snae/certify.hpp for the method and what it proves.
#include "snae/certify.hpp"

#include "snae/eigen_support.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace snae {

namespace {

/// The box's symmetric part: entry (j, k) of a symmetric matrix in the box
/// lies in a[j][k] and in a[k][j], so in their intersection (stored in the
/// lower triangle). Empty if some pair is disjoint: then the box holds no
/// symmetric matrix, and nothing is certified.
std::optional<std::vector<interval>> symmetric_part(const std::vector<interval>& a, std::size_t d, std::string& why)
{
    std::vector<interval> s(d * d);
    for (std::size_t j = 0; j < d; ++j)
        for (std::size_t k = 0; k <= j; ++k) {
            if (!overlap(a[j * d + k], a[k * d + j])) {
                why = "the box holds no symmetric matrix: entries (" + std::to_string(j) + ", " + std::to_string(k) +
                      ") and (" + std::to_string(k) + ", " + std::to_string(j) + ") are disjoint";
                return std::nullopt;
            }
            mpfi_intersect(s[j * d + k].backend().data(), a[j * d + k].backend().data(), a[k * d + j].backend().data());
        }
    return s;
}

/// The lower-triangle entry standing for (j, k) and (k, j).
const interval& sym(const std::vector<interval>& a, std::size_t d, std::size_t j, std::size_t k)
{
    return j >= k ? a[j * d + k] : a[k * d + j];
}

interval from_endpoints(mpfr_srcptr lo, mpfr_srcptr hi)
{
    interval r;
    mpfi_interv_fr(r.backend().data(), lo, hi);
    return r;
}

/// The point interval at x's upper (up) or lower endpoint.
interval endpoint_point(const interval& x, bool up)
{
    mpfi_srcptr p = x.backend().data();
    mpfr_srcptr e = up ? &p->right : &p->left;
    return from_endpoints(e, e);
}

/// A separator (a point interval) as "[lo,hi]" decimals around it: the
/// dyadic value itself would need hundreds of digits.
std::string dyadic_decimal(const interval& point) { return to_decimal(point); }

/// The approximate eigenbasis and the matrices of the congruence.
struct congruence {
    std::size_t d = 0;
    std::vector<interval> lambda; ///< approximate eigenvalues (points), ascending
    std::vector<interval> v;      ///< d x d, column i = v_i (points)
    std::vector<interval> av;     ///< A V
    std::vector<interval> m;      ///< V^T A V
    std::vector<interval> g;      ///< V^T V
    double defect = 0;            ///< upper bound of ||G - I||_F
    bool nonsingular = false;

    /// a: the symmetric part of the box (symmetric_part), lower triangle read.
    congruence(const std::vector<interval>& a, std::size_t d_) : d(d_)
    {
        if (a.size() != d * d) throw std::invalid_argument("certify: matrix size is not d x d");
        const long p = scalar_traits<interval>::digits();
        {
            precision_scope<mpfr_real> scope(p);
            fix_eigen_blocking();
            using matrix = Eigen::Matrix<mpfr_real, Eigen::Dynamic, Eigen::Dynamic>;
            const auto di = static_cast<Eigen::Index>(d);
            matrix mid(di, di);
            for (std::size_t j = 0; j < d; ++j)
                for (std::size_t k = 0; k < d; ++k)
                    mpfi_mid(mid(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(k)).data(),
                             sym(a, d, j, k).backend().data());
            Eigen::SelfAdjointEigenSolver<matrix> es(mid, Eigen::ComputeEigenvectors);
            if (es.info() != Eigen::Success) throw std::runtime_error("certify: the midpoint eigen-solver did not converge");
            lambda.reserve(d);
            v.resize(d * d);
            for (std::size_t i = 0; i < d; ++i) {
                lambda.push_back(scalar_traits<interval>::from_mpfr(es.eigenvalues()(static_cast<Eigen::Index>(i)).data()));
                for (std::size_t j = 0; j < d; ++j)
                    v[j * d + i] = scalar_traits<interval>::from_mpfr(
                        es.eigenvectors()(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(i)).data());
            }
        }
        av.assign(d * d, interval(0));
        m.assign(d * d, interval(0));
        g.assign(d * d, interval(0));
        for (std::size_t j = 0; j < d; ++j)
            for (std::size_t i = 0; i < d; ++i) {
                interval s(0);
                for (std::size_t k = 0; k < d; ++k) s += sym(a, d, j, k) * v[k * d + i];
                av[j * d + i] = s;
            }
        interval frob(0), sq;
        for (std::size_t i = 0; i < d; ++i)
            for (std::size_t k = 0; k <= i; ++k) {
                interval sm(0), sg(0);
                for (std::size_t j = 0; j < d; ++j) {
                    sm += v[j * d + i] * av[j * d + k];
                    sg += v[j * d + i] * v[j * d + k];
                }
                // Not chained (a = b = c): Boost 1.74's mpfi self-assignment
                // resets the precision first, which turns the value into NaN.
                m[i * d + k] = sm;
                m[k * d + i] = sm;
                g[i * d + k] = sg;
                g[k * d + i] = sg;
                interval e = i == k ? interval(sg - interval(1)) : sg;
                detail::add_square(frob, e, sq);
                if (i != k) detail::add_square(frob, e, sq);
            }
        defect = upper_bound(sqrt_nonneg(frob));
        nonsingular = sign_of(interval(interval(1) - sqrt_nonneg(frob))) == sign::positive;
    }

    /// Eigenvalues below sigma, from the LDL^T of M - sigma G (see the header).
    std::optional<std::size_t> count_below(const interval& sigma) const
    {
        if (!nonsingular) return std::nullopt;
        std::vector<interval> b(d * d);
        for (std::size_t i = 0; i < d; ++i)
            for (std::size_t k = 0; k <= i; ++k) b[i * d + k] = m[i * d + k] - sigma * g[i * d + k];
        std::vector<std::size_t> rest(d);
        for (std::size_t i = 0; i < d; ++i) rest[i] = i;
        auto at = [&](std::size_t i, std::size_t k) -> interval& { return i >= k ? b[i * d + k] : b[k * d + i]; };
        detail::mpfr_temp best(scalar_traits<interval>::digits()), cand(scalar_traits<interval>::digits());
        std::size_t negative = 0;
        interval sq; // scratch for the squares below
        while (!rest.empty()) {
            // Pivot: the largest |midpoint| on the remaining diagonal.
            std::size_t pick = 0;
            for (std::size_t r = 0; r < rest.size(); ++r) {
                mpfi_mid(cand.get(), at(rest[r], rest[r]).backend().data());
                if (r == 0 || mpfr_cmpabs(cand.get(), best.get()) > 0) {
                    mpfr_set(best.get(), cand.get(), MPFR_RNDN);
                    pick = r;
                }
            }
            const std::size_t p = rest[pick];
            rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(pick));
            const interval piv = at(p, p);
            const sign s = sign_of(piv);
            if (s == sign::undecidable || s == sign::zero) return std::nullopt;
            if (s == sign::negative) ++negative;
            // Schur complement on the rest: b_ik -= b_ip b_kp / piv.
            for (std::size_t x = 0; x < rest.size(); ++x) {
                const std::size_t i = rest[x];
                const interval li = at(i, p) / piv;
                for (std::size_t y = 0; y <= x; ++y) {
                    const std::size_t k = rest[y];
                    if (i == k) {
                        mpfi_sqr(sq.backend().data(), at(i, p).backend().data());
                        at(i, i) -= sq / piv;
                    } else {
                        at(i, k) -= li * at(k, p);
                    }
                }
            }
        }
        return negative;
    }
};

} // namespace

namespace {
/// The smallest radius 2^e at which the count of cluster k is also proven:
/// first the one its approximate eigenvalues suggest (twice their distance
/// from the centre plus their residual bounds, but not below 2^(4 - p),
/// where inward-rounded separators and pivots stop deciding), then the
/// safer 2^(16 - p). Empty if neither is below the requested radius or
/// proves the count.
std::optional<long> tight_radius(const congruence& c, const eigen_cluster& k, const std::vector<interval>& residuals,
                                 std::size_t first, long log2_radius)
{
    double r = 0;
    for (std::size_t i = first; i < first + k.multiplicity; ++i)
        r = std::max(r, upper_bound(abs(interval(residuals[i] - k.center))));
    const long p = scalar_traits<interval>::digits(), safe = 16 - p;
    const long suggested = std::max(r > 0 ? static_cast<long>(std::ceil(std::log2(2 * r))) : safe, 4 - p);
    const std::vector<long> tries = suggested < safe ? std::vector<long>{suggested, safe} : std::vector<long>{suggested};
    for (long e : tries) {
        if (e >= log2_radius) continue;
        const interval tr = ldexp(interval(1), static_cast<int>(e));
        const interval lo = endpoint_point(interval(k.center - tr), true), hi = endpoint_point(interval(k.center + tr), false);
        const auto a1 = c.count_below(lo), a2 = c.count_below(hi);
        if (a1 && a2 && *a2 - *a1 == k.multiplicity) return e;
    }
    return std::nullopt;
}

/// [lambda_i - rho_i, lambda_i + rho_i] with rho_i = ||A v_i - lambda_i v_i|| / ||v_i|| (step 2).
std::vector<interval> residual_enclosures(const congruence& c)
{
    const std::size_t d = c.d;
    std::vector<interval> out;
    for (std::size_t i = 0; i < d; ++i) {
        interval rr(0), vv(0), sq;
        for (std::size_t j = 0; j < d; ++j) {
            const interval r = c.av[j * d + i] - c.lambda[i] * c.v[j * d + i];
            detail::add_square(rr, r, sq);
            detail::add_square(vv, c.v[j * d + i], sq);
        }
        const interval rho = sqrt_nonneg(rr) / sqrt_nonneg(vv);
        interval lo = c.lambda[i] - endpoint_point(rho, true), hi = c.lambda[i] + endpoint_point(rho, true);
        out.push_back(from_endpoints(&lo.backend().data()->left, &hi.backend().data()->right));
    }
    return out;
}

/// The count of cluster k between its inward-rounded separators (step 4);
/// a count that fails or differs from the prediction is added to failures.
cluster_certificate count_cluster(const congruence& c, const eigen_cluster& k, const interval& radius, const std::string& rtext,
                                  std::vector<std::string>& failures)
{
    cluster_certificate cc;
    cc.label = k.label;
    cc.predicted = k.multiplicity;
    cc.lo_point = endpoint_point(interval(k.center - radius), true);  // >= centre - r
    cc.hi_point = endpoint_point(interval(k.center + radius), false); // <= centre + r
    cc.lo = dyadic_decimal(cc.lo_point);
    cc.hi = dyadic_decimal(cc.hi_point);
    const auto below_lo = c.count_below(cc.lo_point), below_hi = c.count_below(cc.hi_point);
    if (!below_lo || !below_hi) {
        failures.push_back("cluster " + k.label + ": the eigenvalue count below " + k.label + (below_lo ? " + " : " - ") + rtext +
                           " could not be established (a pivot of the interval LDL^T contains 0)");
        return cc;
    }
    cc.counted = *below_hi - *below_lo;
    if (*cc.counted != k.multiplicity)
        failures.push_back("cluster " + k.label + ": " + std::to_string(*cc.counted) + " eigenvalues within " + rtext +
                           ", predicted " + std::to_string(k.multiplicity));
    else
        cc.certified = true;
    return cc;
}
} // namespace

std::optional<std::size_t> count_eigenvalues_below(const std::vector<interval>& a, std::size_t d, const interval& sigma)
{
    if (a.size() != d * d) throw std::invalid_argument("certify: matrix size is not d x d");
    std::string why;
    const auto s = symmetric_part(a, d, why);
    if (!s) return std::nullopt;
    return congruence(*s, d).count_below(sigma);
}

spectrum_certificate certify_spectrum(const std::vector<interval>& a, std::size_t d, std::vector<eigen_cluster> clusters,
                                      long log2_radius)
{
    spectrum_certificate out;
    if (a.size() != d * d) throw std::invalid_argument("certify: matrix size is not d x d");
    std::string why;
    const auto sa = symmetric_part(a, d, why);
    if (!sa) {
        out.failures.push_back(why);
        return out;
    }
    const congruence c(*sa, d);
    out.basis_defect = c.defect;
    out.basis = c.v;
    if (!c.nonsingular)
        out.failures.push_back("the approximate eigenvector basis V is not proven nonsingular: ||V^T V - I||_F <= " +
                               std::to_string(c.defect) + " is not < 1");

    out.residual_enclosures = residual_enclosures(c);

    // Clusters (step 4), in increasing order of their centres.
    std::sort(clusters.begin(), clusters.end(), [](const eigen_cluster& x, const eigen_cluster& y) {
        return mpfr_less_p(&x.center.backend().data()->left, &y.center.backend().data()->left);
    });
    std::size_t total = 0;
    for (const auto& k : clusters) total += k.multiplicity;
    if (total != d)
        out.failures.push_back("the predicted multiplicities sum to " + std::to_string(total) + ", not d = " + std::to_string(d));
    const interval radius = ldexp(interval(1), static_cast<int>(log2_radius));
    const std::string rtext = "2^" + std::to_string(log2_radius);
    std::size_t first_approx = 0; // approximate eigenvalues assigned to clusters in ascending order
    for (std::size_t j = 0; j < clusters.size(); ++j) {
        const auto& k = clusters[j];
        cluster_certificate cc = count_cluster(c, k, radius, rtext, out.failures);
        // The balls themselves must be disjoint (centre distance >= 2r, for
        // every centre in the enclosures): only then does "every eigenvalue is
        // in some (lo, hi)" make each ball hold exactly its count.
        if (j > 0 && !certainly_at_most(interval(radius * interval(2)), interval(k.center - clusters[j - 1].center))) {
            out.failures.push_back("clusters " + clusters[j - 1].label + " and " + k.label + ": the balls of radius " + rtext +
                                   " around them are not certainly disjoint");
            cc.certified = false;
        }
        if (cc.certified && first_approx + k.multiplicity <= d)
            cc.tight_log2_radius = tight_radius(c, k, out.residual_enclosures, first_approx, log2_radius);
        first_approx += k.multiplicity;
        out.clusters.push_back(cc);
    }
    out.certified = out.failures.empty();
    return out;
}

} // namespace snae
