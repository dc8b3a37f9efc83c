// C3, certified: at an enclosed point w* of M with k active samples, the
// Hessian of L has exactly one eigenvalue within 2^-e of 4/n, exactly d - k
// within 2^-e of 1/n and exactly k - 1 within 2^-e of 0 (and so no other),
// with e = 200 at 512 bits (snae/certify.hpp: residual bounds and Sylvester
// inertia on an interval LDL^T).
#include "instance.hpp"

#include <snae/certify.hpp>
#include <snae/hessian.hpp>

namespace snae::claims::certified {

namespace {
void c3_at(const instance& in, long log2_radius, const check_options& opt, tally& t)
{
    const std::string where = scalar_traits<interval>::name() + " " + in.name();
    const auto data = in.data();
    const std::size_t n = in.n, d = in.d;
    const minimum_point star(data, in.act, in.start());
    if (star.k == 0) {
        t.require(where, "the start has an active coordinate", false);
        return;
    }
    const std::size_t k = star.k;
    // The Hessian enclosure at the box around w*, with w*'s active set
    // (hyper-dual automatic differentiation in interval arithmetic).
    const std::vector<interval> h = loss_hessian(data, in.act, star.w, &star.active);
    const interval tn(static_cast<long>(n));
    std::vector<eigen_cluster> clusters;
    const long top = opt.wrong_prediction ? 3 : 4;
    clusters.push_back({std::to_string(top) + "/n", interval(interval(top) / tn), 1});
    if (d > k) clusters.push_back({"1/n", interval(interval(1) / tn), d - k});
    if (k > 1) clusters.push_back({"0", interval(0), k - 1});
    const spectrum_certificate cert = certify_spectrum(h, d, clusters, log2_radius);
    for (const auto& f : cert.failures) t.require(where, f, false);
    if (cert.certified) t.require(where, "every eigenvalue within 2^" + std::to_string(log2_radius) + " of its predicted value, multiplicities exact", true);
    // Narrow: the residual enclosures, one per approximate eigenpair, are at
    // most 2^10 d u wide (the Hessian box is a few d u wide; the residual
    // norm adds d roundings per entry).
    double widest = -HUGE_VAL; // log2
    for (const auto& e : cert.residual_enclosures) widest = std::max(widest, log2_width_bound(e));
    record_narrow(t, where, "width of every residual eigenvalue enclosure <= 2^10 d u", widest, log2_k_u(1024.0 * static_cast<double>(d)));
    nlohmann::json cl = nlohmann::json::array();
    for (const auto& c : cert.clusters)
        cl.push_back({{"cluster", c.label},
                      {"predicted", c.predicted},
                      {"counted", c.counted ? nlohmann::json(*c.counted) : nlohmann::json(nullptr)},
                      {"in", "(" + c.label + " - 2^" + std::to_string(log2_radius) + ", " + c.label + " + 2^" +
                                 std::to_string(log2_radius) + "), separators rounded inward"},
                      {"tight_radius", c.tight_log2_radius ? nlohmann::json("2^" + std::to_string(*c.tight_log2_radius))
                                                           : nlohmann::json(nullptr)}});
    t.details["spectra"][scalar_traits<interval>::name()][in.name()] = {
        {"k", k}, {"radius", "2^" + std::to_string(log2_radius)}, {"clusters", cl}, {"basis_defect", cert.basis_defect},
        {"log2_widest_residual_enclosure", std::isfinite(widest) ? nlohmann::json(widest) : nlohmann::json(nullptr)}};
}
} // namespace

void check_hessian(const check_options& opt, tally& t)
{
    std::vector<instance> list;
    for (auto act : {activation::relu, activation::linear})
        for (auto [n, d] : {std::pair<std::size_t, std::size_t>{4, 4}, {6, 10}, {8, 8}})
            for (bool hh : {false, true}) list.push_back({n, d, act, hh, 5});
    if (opt.full) list.push_back({16, 24, activation::relu, true, 6});
    // The radius 2^-200 at 512 bits, 2^-400 at 1024 bits: well above the
    // enclosure widths (2^-500), far below the gaps (1/n and 3/n).
    const std::vector<long> bits = opt.full ? std::vector<long>{512, 1024} : std::vector<long>{512};
    for (long b : bits) {
        precision_scope<interval> guard(b);
        t.precision(scalar_traits<interval>::name());
        for (const auto& in : list) {
            t.instance(in.name());
            c3_at(in, -(b * 200 / 512), opt, t);
        }
    }
}

} // namespace snae::claims::certified
