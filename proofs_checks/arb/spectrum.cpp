#include "spectrum.hpp"

#include <acb_mat.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <cmath>
#include <numeric>

namespace snae::arb_backend {

namespace {
/// Owning acb_mat_t and acb vector, local to this file.
struct complex_matrix {
    acb_mat_t m;
    explicit complex_matrix(slong d) { acb_mat_init(m, d, d); }
    complex_matrix(const complex_matrix&) = delete;
    complex_matrix& operator=(const complex_matrix&) = delete;
    ~complex_matrix() { acb_mat_clear(m); }
};
struct complex_vector {
    acb_ptr v;
    slong n;
    explicit complex_vector(slong size) : v(_acb_vec_init(size)), n(size) {}
    complex_vector(const complex_vector&) = delete;
    complex_vector& operator=(const complex_vector&) = delete;
    ~complex_vector() { _acb_vec_clear(v, n); }
};

double seconds_since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Arb's output as runs (complete runs of identical balls, in Arb's order),
/// then the runs sorted by the midpoints of their real parts.
void collect_runs(eigen_enclosure& out, acb_srcptr e, slong d)
{
    std::vector<std::pair<slong, std::size_t>> runs; // first index, length
    for (slong j = 0; j < d; ++j) {
        if (j > 0 && acb_equal(e + j, e + runs.back().first)) ++runs.back().second;
        else runs.push_back({j, 1});
    }
    std::sort(runs.begin(), runs.end(), [&](const auto& a, const auto& b) {
        return arf_cmp(arb_midref(acb_realref(e + a.first)), arb_midref(acb_realref(e + b.first))) < 0;
    });
    for (const auto& [first, length] : runs) {
        out.real.emplace_back();
        arb_set(out.real.back().get(), acb_realref(e + first));
        out.imag.emplace_back();
        arb_set(out.imag.back().get(), acb_imagref(e + first));
        out.multiplicity.push_back(length);
    }
}
} // namespace

arb_srcptr eigen_enclosure::eigenvalue(std::size_t j) const
{
    for (std::size_t r = 0; r < multiplicity.size(); ++r) {
        if (j < multiplicity[r]) return real[r].get();
        j -= multiplicity[r];
    }
    return nullptr;
}

double eigen_enclosure::log2_max_radius() const
{
    double worst = -HUGE_VAL;
    for (const ball& b : real) worst = std::max(worst, log2_radius(b.get()));
    return worst;
}

namespace {
/// Greedy row pivoting on the n x k approximate basis x (midpoints, in
/// double: only a choice, which the enclosure does not trust): the k rows
/// picked one by one as the largest after projecting out those already
/// picked. Returns the permutation that lists the other rows, then these.
std::vector<slong> frozen_last(const acb_mat_t x, slong n, slong k)
{
    std::vector<std::vector<double>> rows(n, std::vector<double>(k));
    for (slong i = 0; i < n; ++i)
        for (slong j = 0; j < k; ++j) rows[i][j] = arf_get_d(arb_midref(acb_realref(acb_mat_entry(x, i, j))), ARF_RND_NEAR);
    std::vector<char> picked(n, 0);
    std::vector<slong> last;
    for (slong step = 0; step < k; ++step) {
        slong best = -1;
        double best_norm = -1;
        for (slong i = 0; i < n; ++i) {
            const double nrm = picked[i] ? -1 : std::inner_product(rows[i].begin(), rows[i].end(), rows[i].begin(), 0.0);
            if (nrm > best_norm) best_norm = nrm, best = i;
        }
        picked[best] = 1;
        last.push_back(best);
        const std::vector<double> p = rows[best];
        for (slong i = 0; i < n; ++i) { // rows[i] -= (<rows[i], p> / <p, p>) p
            const double f = best_norm > 0 ? std::inner_product(rows[i].begin(), rows[i].end(), p.begin(), 0.0) / best_norm : 0;
            for (slong j = 0; j < k; ++j) rows[i][j] -= f * p[j];
        }
    }
    std::vector<slong> perm;
    for (slong i = 0; i < n; ++i)
        if (!picked[i]) perm.push_back(i);
    perm.insert(perm.end(), last.begin(), last.end());
    return perm;
}

/// Groups of indices of approximate eigenvalues, ascending by real part;
/// a new group starts more than escale 2^(-prec/2) above the group's first
/// (approximations of a symmetric matrix's eigenvalues are accurate to a
/// few ulps of ||A||, gaps between distinct clusters are O(1)).
std::vector<std::vector<slong>> group_approximations(acb_srcptr e, slong n, slong prec)
{
    std::vector<slong> order(n);
    std::iota(order.begin(), order.end(), 0);
    auto re = [&](slong i) { return arf_get_d(arb_midref(acb_realref(e + i)), ARF_RND_NEAR); };
    std::sort(order.begin(), order.end(), [&](slong a, slong b) { return re(a) < re(b); });
    double escale = 0;
    for (slong i = 0; i < n; ++i) escale = std::max(escale, std::abs(re(i)));
    const double eps = std::ldexp(escale, static_cast<int>(-prec / 2));
    std::vector<std::vector<slong>> groups;
    for (slong i : order) {
        if (groups.empty() || re(i) - re(groups.back().front()) > eps) groups.emplace_back();
        groups.back().push_back(i);
    }
    return groups;
}

/// One cluster's enclosure by acb_mat_eig_enclosure_rump on P A P^T, P X.
void enclose_cluster(acb_t lambda, const acb_mat_t a, acb_srcptr e, const acb_mat_t r, const std::vector<slong>& group,
                     slong prec)
{
    const slong n = acb_mat_nrows(a), k = static_cast<slong>(group.size());
    acb_mat_t x, xp, ap, xout;
    acb_mat_init(x, n, k);
    for (slong i = 0; i < n; ++i)
        for (slong j = 0; j < k; ++j) acb_set(acb_mat_entry(x, i, j), acb_mat_entry(r, i, group[j]));
    const std::vector<slong> perm = frozen_last(x, n, k);
    acb_mat_init(xp, n, k);
    acb_mat_init(ap, n, n);
    acb_mat_init(xout, n, k);
    for (slong i = 0; i < n; ++i) {
        for (slong j = 0; j < k; ++j) acb_set(acb_mat_entry(xp, i, j), acb_mat_entry(x, perm[i], j));
        for (slong j = 0; j < n; ++j) acb_set(acb_mat_entry(ap, i, j), acb_mat_entry(a, perm[i], perm[j]));
    }
    acb_mat_eig_enclosure_rump(lambda, nullptr, xout, ap, e + group.front(), xp, prec);
    acb_mat_clear(x);
    acb_mat_clear(xp);
    acb_mat_clear(ap);
    acb_mat_clear(xout);
}

/// The row-pivoted method: per-cluster enclosures, required finite and
/// pairwise disjoint; out (n balls) gets each cluster's ball k times.
bool row_pivoted(acb_ptr out, const acb_mat_t a, acb_srcptr e, const acb_mat_t r, slong prec)
{
    const slong n = acb_mat_nrows(a);
    const auto groups = group_approximations(e, n, prec);
    complex_vector balls(static_cast<slong>(groups.size()));
    for (std::size_t g = 0; g < groups.size(); ++g) {
        enclose_cluster(balls.v + g, a, e, r, groups[g], prec);
        if (!acb_is_finite(balls.v + g)) return false;
        for (std::size_t h = 0; h < g; ++h)
            if (acb_overlaps(balls.v + g, balls.v + h)) return false;
    }
    slong i = 0;
    for (std::size_t g = 0; g < groups.size(); ++g)
        for (std::size_t j = 0; j < groups[g].size(); ++j) acb_set(out + i++, balls.v + g);
    return true;
}
} // namespace

eigen_enclosure enclose_eigenvalues(const ball_matrix& a, slong prec, eig_method method)
{
    const slong d = static_cast<slong>(a.rows());
    eigen_enclosure out;
    out.method = method == eig_method::stock ? "stock" : "row_pivoted";
    complex_matrix m(d), r(d);
    complex_vector approx(d), proven(d);
    acb_mat_set_arb_mat(m.m, a.get());
    auto t0 = std::chrono::steady_clock::now();
    // Default tolerance and iteration limit; the result only steers the
    // validation, which does not trust it.
    out.approx_converged = acb_mat_approx_eig_qr(approx.v, nullptr, r.m, m.m, nullptr, 0, prec) != 0;
    out.seconds_approx = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    out.success = method == eig_method::stock ? acb_mat_eig_multiple_rump(proven.v, m.m, approx.v, r.m, prec) != 0
                                              : row_pivoted(proven.v, m.m, approx.v, r.m, prec);
    out.seconds_validate = seconds_since(t0);
    if (out.success) collect_runs(out, proven.v, d);
    return out;
}

eigen_enclosure enclose_eigenvalues(const ball_matrix& a, slong prec)
{
    eigen_enclosure stock = enclose_eigenvalues(a, prec, eig_method::stock);
    return stock.success ? stock : enclose_eigenvalues(a, prec, eig_method::row_pivoted);
}

namespace {
/// Adds run r's length to the cluster it lies inside; false (with a
/// failure) if a cluster cannot place it or none holds it.
bool place_run(const eigen_enclosure& e, std::size_t r, const std::vector<cluster>& clusters, long log2_radius, slong prec,
               std::vector<std::size_t>& counts, cluster_certificate& cert)
{
    bool placed = false, decided = true;
    for (std::size_t c = 0; c < clusters.size(); ++c) {
        if (inside(e.real[r].get(), clusters[c].centre.get(), log2_radius, prec)) {
            counts[c] += e.multiplicity[r];
            placed = true;
        } else if (!outside(e.real[r].get(), clusters[c].centre.get(), log2_radius, prec)) {
            cert.failures.push_back("an eigenvalue ball (run of " + std::to_string(e.multiplicity[r]) +
                                    ") is neither inside nor outside cluster " + clusters[c].label + " +- 2^" +
                                    std::to_string(log2_radius));
            decided = false;
        }
    }
    if (decided && !placed)
        cert.failures.push_back("an eigenvalue ball (run of " + std::to_string(e.multiplicity[r]) +
                                ") lies in no predicted cluster");
    return decided && placed;
}
} // namespace

cluster_certificate certify_clusters(const eigen_enclosure& e, const std::vector<cluster>& clusters, long log2_radius,
                                     slong prec)
{
    cluster_certificate cert;
    if (!e.success) {
        cert.failures.push_back("acb_mat_eig_multiple_rump did not isolate the eigenvalue clusters");
        return cert;
    }
    std::vector<std::size_t> counts(clusters.size(), 0);
    bool all_placed = true;
    for (std::size_t r = 0; r < e.real.size(); ++r)
        all_placed = place_run(e, r, clusters, log2_radius, prec, counts, cert) && all_placed;
    bool all_match = true;
    for (std::size_t c = 0; c < clusters.size(); ++c) {
        cluster_count cc{clusters[c].label, clusters[c].multiplicity, counts[c]};
        if (!all_placed) cc.counted.reset(); // a count with an unplaced run is only a lower bound
        if (cc.counted != cc.predicted) {
            all_match = false;
            if (all_placed)
                cert.failures.push_back("cluster " + cc.label + ": " + std::to_string(counts[c]) +
                                        " eigenvalues within 2^" + std::to_string(log2_radius) + ", predicted " +
                                        std::to_string(cc.predicted));
        }
        cert.clusters.push_back(cc);
    }
    cert.certified = all_placed && all_match;
    return cert;
}

} // namespace snae::arb_backend
