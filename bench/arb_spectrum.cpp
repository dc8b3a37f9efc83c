// The certified spectrum, side by side: snae's certify_spectrum (MPFI) and
// Arb's eigenvalue enclosure (acb_mat_approx_eig_qr + acb_mat_eig_multiple_rump,
// and the row-pivoted per-cluster variant of proofs_checks/arb/spectrum.hpp)
// on the same symmetric matrix at the same precision (docs/arb.md).
//
// The matrix: the Hessian of the active-branch piece at a point w* of M
// (relu, Householder rows, n = d/2, w* = minimum_point of the seed-5 start
// as in the certified C3), clusters 4/n (once), 1/n (d - k), 0 (k - 1). It
// is built once in Arb balls (proofs_checks/arb/model.hpp); snae gets each
// ball's endpoints rounded outward to MPFR at the same precision, a box at
// most an ulp wider per entry. Output: one tab-separated row per
// (d, backend); bench/arb_spectrum.sh prints it as a table.
//
// usage: arb_spectrum [BITS [D...]]   (default 256 bits, d = 50 100 200)
#include "model.hpp"
#include "spectrum.hpp"

#include <snae/certify.hpp>
#include <snae/hessian.hpp>
#include <snae/trainer.hpp>

#include "../certified/enclosures.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace ab = snae::arb_backend;
using snae::interval;

namespace {
struct problem {
    std::size_t n, d, k;
    std::vector<ab::ball> centres; // ascending: 0, 1/n, 4/n
    std::vector<std::size_t> multiplicity;
    std::vector<std::string> labels;
};

struct row {
    std::string backend;
    double seconds = 0, seconds_approx = -1, seconds_validate = -1; ///< -1: not split (snae)
    bool certified = false;
    double log2_radius = 0; ///< the enclosure radius obtained (log2)
    std::string note;
};

double seconds_since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// The Hessian at w* in Arb, and the predicted clusters.
problem build(std::size_t d, slong prec, ab::ball_matrix& h)
{
    const std::size_t n = d / 2;
    const snae::proofs_checks::instance inst{n, d, snae::activation::relu, snae::proofs_checks::data_kind::householder, 5};
    const snae::proofs_checks::certified::minimum_point star(inst.data<interval>(), inst.act, inst.start<interval>());
    const ab::ball_matrix x = ab::data_rows(n, d, true, prec);
    std::vector<ab::ball> m(n);
    for (std::size_t i = 0; i < n; ++i) ab::set_exact_hex(m[i].get(), star.m_exact[i]);
    ab::hessian(h, x, ab::point_from_coordinates(x, m, prec), star.active, prec);
    problem p{n, d, star.k, std::vector<ab::ball>(3), {star.k - 1, d - star.k, 1}, {"0", "1/n", "4/n"}};
    arb_zero(p.centres[0].get());
    arb_set_si(p.centres[1].get(), 1);
    arb_div_si(p.centres[1].get(), p.centres[1].get(), static_cast<slong>(n), prec);
    arb_set_si(p.centres[2].get(), 4);
    arb_div_si(p.centres[2].get(), p.centres[2].get(), static_cast<slong>(n), prec);
    return p;
}

/// snae: certify_spectrum on the box of the same matrix.
row run_snae(const ab::ball_matrix& h, const problem& p, long log2_radius)
{
    const std::size_t d = p.d;
    std::vector<interval> box(d * d);
    for (std::size_t j = 0; j < d; ++j)
        for (std::size_t l = 0; l < d; ++l) {
            mpfi_ptr b = box[j * d + l].backend().data();
            arb_get_interval_mpfr(&b->left, &b->right, h.at(j, l)); // rounded outward
        }
    const interval tn(static_cast<long>(p.n));
    std::vector<snae::eigen_cluster> clusters = {{"4/n", interval(interval(4) / tn), 1}, {"1/n", interval(interval(1) / tn), d - p.k}};
    if (p.k > 1) clusters.push_back({"0", interval(0), p.k - 1});
    const auto t0 = std::chrono::steady_clock::now();
    const snae::spectrum_certificate cert = snae::certify_spectrum(box, d, clusters, log2_radius);
    row r;
    r.backend = "snae certify_spectrum (MPFI)";
    r.seconds = seconds_since(t0);
    r.certified = cert.certified;
    long tight = LONG_MIN;
    for (const auto& c : cert.clusters) tight = std::max(tight, c.tight_log2_radius.value_or(log2_radius));
    r.log2_radius = static_cast<double>(tight);
    double widest = -HUGE_VAL;
    for (const auto& e : cert.residual_enclosures) widest = std::max(widest, snae::log2_width_bound(e) - 1.0);
    r.note = "counts proven at 2^" + std::to_string(tight) + "; widest residual enclosure radius 2^" +
             std::to_string(static_cast<long>(std::ceil(widest)));
    return r;
}

/// Arb: the enclosure by `method`, then the clusters' counts from its runs.
row run_arb(const ab::ball_matrix& h, const problem& p, long log2_radius, slong prec, ab::eig_method method)
{
    const auto t0 = std::chrono::steady_clock::now();
    const ab::eigen_enclosure e = ab::enclose_eigenvalues(h, prec, method);
    std::vector<ab::cluster> clusters(3);
    for (std::size_t c = 0; c < 3; ++c) {
        clusters[c].label = p.labels[c];
        arb_set(clusters[c].centre.get(), p.centres[c].get());
        clusters[c].multiplicity = p.multiplicity[c];
    }
    if (p.k == 1) clusters.erase(clusters.begin()); // no 0 cluster
    const ab::cluster_certificate cert = ab::certify_clusters(e, clusters, log2_radius, prec);
    row r;
    r.backend = method == ab::eig_method::stock ? "Arb acb_mat_eig_multiple_rump" : "Arb row-pivoted rump clusters";
    r.seconds = seconds_since(t0);
    r.seconds_approx = e.seconds_approx;
    r.seconds_validate = e.seconds_validate;
    r.certified = cert.certified;
    r.log2_radius = e.success ? e.log2_max_radius() : HUGE_VAL;
    r.note = e.success ? std::to_string(e.multiplicity.size()) + " runs" : "no enclosure (" + std::string(e.approx_converged ? "" : "QR not converged; ") + "validation failed)";
    if (!cert.certified && !cert.failures.empty()) r.note += "; " + cert.failures.front();
    return r;
}

void print(const problem& p, long bits, const row& r)
{
    auto part = [](double s) { return s < 0 ? std::string("-") : std::to_string(s).substr(0, std::to_string(s).find('.') + 4); };
    std::printf("%zu\t%zu\t%zu\t%ld\t%s\t%.3f\t%s\t%s\t%s\t%s\t%s\t%s\n", p.d, p.n, p.k, bits, r.backend.c_str(), r.seconds,
                part(r.seconds_approx).c_str(), part(r.seconds_validate).c_str(), r.certified ? "yes" : "no", r.certified ? "yes" : "no",
                std::isfinite(r.log2_radius) ? ("2^" + std::to_string(static_cast<long>(std::ceil(r.log2_radius)))).c_str() : "-",
                r.note.c_str());
    std::fflush(stdout);
}
} // namespace

int main(int argc, char** argv)
{
    const long bits = argc > 1 ? std::atol(argv[1]) : 256;
    std::vector<std::size_t> sizes;
    for (int i = 2; i < argc; ++i) sizes.push_back(static_cast<std::size_t>(std::atol(argv[i])));
    if (sizes.empty()) sizes = {50, 100, 200};
    snae::precision_scope<interval> guard(bits);
    const slong prec = snae::scalar_traits<interval>::digits(); // the bits MPFI actually uses
    // The cluster radius scales like the certified C3's: 2^-200 at 512 bits.
    const long log2_radius = -(bits * 200 / 512);
    std::printf("d\tn\tk\tbits\tbackend\tseconds\tapprox_s\tvalidate_s\tcertified\tmultiplicities\tradius\tnote\n");
    for (std::size_t d : sizes) {
        ab::ball_matrix h(d, d);
        const problem p = build(d, prec, h);
        print(p, prec, run_snae(h, p, log2_radius));
        print(p, prec, run_arb(h, p, log2_radius, prec, ab::eig_method::stock));
        print(p, prec, run_arb(h, p, log2_radius, prec, ab::eig_method::row_pivoted));
    }
    return 0;
}
