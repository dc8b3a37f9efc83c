// C3, certified: at an enclosed point w* of M with k active samples, the
// Hessian H of the active-branch piece (1/n) sum_{i in P(w*)} l_i (the
// convention sigma'(0) = 0 at samples with c_i(w*) = 0) has exactly one
// eigenvalue within r of 4/n, exactly d - k within r of 1/n and exactly
// k - 1 within r of 0, r = 2^-200 at 512 bits (snae/certify.hpp: residual
// bounds and Sylvester inertia on an interval LDL^T; the balls are disjoint
// and the counts sum to d, so no eigenvalue lies elsewhere).
#include "enclosures.hpp"
#include "exact.hpp"

#include <snae/certify.hpp>
#include <snae/hessian.hpp>

namespace snae::proofs_checks::certified {

namespace {
/// The predicted clusters: 4/n once, 1/n d-k times, 0 k-1 times (or the
/// wrong case's). centre: the top centre moved by 2^-150, 2^50 radii;
/// multiplicities: one eigenvalue moved from the 0 cluster to the 1/n cluster.
std::vector<eigen_cluster> predicted_clusters(const instance& in, std::size_t k, const check_options& opt)
{
    const std::size_t d = in.d;
    const interval tn(static_cast<long>(in.n));
    const long top = opt.wrong_prediction ? 3 : 4;
    const bool shift = opt.wrong_case == "centre", recount = opt.wrong_case == "multiplicities";
    std::vector<eigen_cluster> clusters;
    interval top_centre = interval(top) / tn;
    if (shift) top_centre += ldexp(interval(1), -150);
    clusters.push_back({std::to_string(top) + "/n" + (shift ? " + 2^-150" : ""), top_centre, 1});
    const std::size_t m_one = d - k + (recount ? 1 : 0), m_zero = k - 1 - (recount && k > 1 ? 1 : 0);
    if (m_one > 0) clusters.push_back({"1/n", interval(interval(1) / tn), m_one});
    if (k > 1) clusters.push_back({"0", interval(0), m_zero});
    return clusters;
}

/// Each cluster as counted, for the report's observations.
nlohmann::json clusters_json(const spectrum_certificate& cert, long log2_radius)
{
    nlohmann::json cl = nlohmann::json::array();
    for (const auto& c : cert.clusters)
        cl.push_back({{"cluster", c.label},
                      {"predicted", c.predicted},
                      {"counted", c.counted ? nlohmann::json(*c.counted) : nlohmann::json(nullptr)},
                      {"in", "(" + c.label + " - 2^" + std::to_string(log2_radius) + ", " + c.label + " + 2^" +
                                 std::to_string(log2_radius) + "), separators rounded inward"},
                      {"tight_radius", c.tight_log2_radius ? nlohmann::json("2^" + std::to_string(*c.tight_log2_radius))
                                                           : nlohmann::json(nullptr)}});
    return cl;
}

/// The exportable certificate (kind "interval-spectrum", docs/certificates.md):
/// the dyadic m of w*, V and the exact separators, with the exact centres.
nlohmann::json spectrum_export(const instance& in, const minimum_point& star, const spectrum_certificate& cert, long log2_radius,
                               const std::string& statement)
{
    const std::size_t d = in.d;
    nlohmann::json v = nlohmann::json::array();
    for (std::size_t i = 0; i < d; ++i) {
        nlohmann::json col = nlohmann::json::array();
        for (std::size_t j = 0; j < d; ++j) col.push_back(rational_text(exact_rational(&cert.basis[j * d + i].backend().data()->left)));
        v.push_back(col);
    }
    nlohmann::json clusters = nlohmann::json::array();
    for (const auto& c : cert.clusters) {
        // The centres are the predictions 4/n, 1/n and 0, exactly.
        const mpq_class centre = c.label == "0" ? mpq_class(0) : mpq_class(c.label == "4/n" ? 4 : 1) / static_cast<unsigned long>(in.n);
        clusters.push_back({{"centre", rational_text(centre)}, {"multiplicity", c.predicted},
                            {"lo", rational_text(exact_rational(&c.lo_point.backend().data()->left))},
                            {"hi", rational_text(exact_rational(&c.hi_point.backend().data()->left))}});
    }
    mpq_class radius(1);
    mpq_div_2exp(radius.get_mpq_t(), radius.get_mpq_t(), static_cast<mp_bitcnt_t>(-log2_radius));
    return {{"level", "CERTIFIED"},
            {"kind", "interval-spectrum"},
            {"statement", statement},
            {"instance", exact_instance(in, nullptr)},
            {"proof", {{"m", star.m_rational}, {"radius", rational_text(radius)}, {"V", v}, {"clusters", clusters}}}};
}

void c3_at(const instance& in, long log2_radius, const check_options& opt, tally& t)
{
    const std::string where = where_at(in);
    const auto data = in.data<interval>();
    const std::size_t d = in.d;
    const minimum_point star(data, in.act, in.start<interval>());
    if (star.k == 0) {
        t.require(where, "the start has an active coordinate", false);
        return;
    }
    const std::size_t k = star.k;
    // The Hessian enclosure at the box around w*, with w*'s active set
    // (hyper-dual automatic differentiation in interval arithmetic).
    const std::vector<interval> h = loss_hessian(data, in.act, star.w, &star.active);
    const spectrum_certificate cert = certify_spectrum(h, d, predicted_clusters(in, k, opt), log2_radius);
    for (const auto& f : cert.failures) t.require(where, f, false);
    const std::string r = "2^" + std::to_string(log2_radius);
    if (cert.certified) {
        std::string what;
        for (const auto& c : cert.clusters)
            what += (what.empty() ? "" : "; ") + std::string("exactly ") + std::to_string(c.predicted) +
                    " eigenvalue(s) of H in (" + c.label + " - " + r + ", " + c.label + " + " + r + ")";
        nlohmann::json hyp = star.hypotheses(in);
        hyp["matrix"] = "H = the Hessian at w* of (1/n) sum over the active set of l_i (the active-branch piece of L), "
                        "by hyper-dual automatic differentiation in interval arithmetic";
        t.prove(where, what + "; no other eigenvalue", hyp);
        t.export_certificate(spectrum_export(in, star, cert, log2_radius, what + "; no other eigenvalue"));
        t.require(where, "exactly m eigenvalues within " + r + " of each predicted value, no other", true);
    }
    // Narrow: the residual enclosures, one per approximate eigenpair, are at
    // most 2^10 d u wide (the Hessian box is a few d u wide; the residual
    // norm adds d roundings per entry).
    double widest = -HUGE_VAL; // log2
    for (const auto& e : cert.residual_enclosures) {
        const double l = log2_width_bound(e);
        if (!(l <= widest)) widest = l; // NaN propagates
    }
    record_narrow(t, where, "width of every residual eigenvalue enclosure <= 2^10 d u", widest, log2_k_u(1024.0 * static_cast<double>(d)));
    t.details["spectra"][scalar_traits<interval>::name()][in.name()] = {
        {"k", k}, {"radius", "2^" + std::to_string(log2_radius)}, {"clusters", clusters_json(cert, log2_radius)}, {"basis_defect", cert.basis_defect},
        {"log2_widest_residual_enclosure", std::isfinite(widest) ? nlohmann::json(widest) : nlohmann::json(nullptr)}};
}
} // namespace

void check_hessian(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto act : {activation::relu, activation::linear})
        for (auto [n, d] : {std::pair<std::size_t, std::size_t>{4, 4}, {6, 10}, {8, 8}})
            for (auto kind : {data_kind::canonical, data_kind::householder}) list.push_back({n, d, act, kind, 5});
    if (opt.full) list.push_back({16, 24, activation::relu, data_kind::householder, 6});
    // The radius 2^-200 at 512 bits, 2^-400 at 1024 bits: well above the
    // enclosure widths (2^-500), far below the gaps (1/n and 3/n).
    const interval_ladder ladder{opt.full ? std::vector<long>{512, 1024} : std::vector<long>{512}};
    for_each_instance(ladder, t, list, [&](rung<interval> r, const instance& in) { c3_at(in, -(r.bits * 200 / 512), opt, t); });
    exact_hessian(opt, t); // the EXACT instances, after the interval ones
}

} // namespace snae::proofs_checks::certified
