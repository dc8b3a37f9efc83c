#include "agreement.hpp"

#include "model.hpp"
#include "spectrum.hpp"

// snae's model and trainer first: the proofs_checks headers rely on them.
#include <snae/certify.hpp>
#include <snae/hessian.hpp>
#include <snae/trainer.hpp>

#include "../certified/enclosures.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

namespace snae::arb_backend {

namespace {
proofs_checks::instance to_instance(const instance_spec& s)
{
    return {s.n, s.d, s.linear ? activation::linear : activation::relu,
            s.householder ? proofs_checks::data_kind::householder : proofs_checks::data_kind::canonical, s.seed};
}

std::vector<instance_spec> grid(const std::vector<std::pair<std::size_t, std::size_t>>& sizes, std::uint64_t seed)
{
    std::vector<instance_spec> list;
    for (bool linear : {false, true})
        for (auto [n, d] : sizes)
            for (bool householder : {false, true}) list.push_back({n, d, linear, householder, seed});
    return list;
}

bool overlaps_box(arb_srcptr x, const interval& box)
{
    return overlaps(x, &box.backend().data()->left, &box.backend().data()->right);
}
} // namespace

std::string instance_spec::name() const { return to_instance(*this).name(); }

// The seeds and sizes of certified/c03_hessian.cpp and c04_gd_recurrence.cpp.
std::vector<instance_spec> c3_instances() { return grid({{4, 4}, {6, 10}, {8, 8}}, 5); }
std::vector<instance_spec> c4_instances() { return grid({{4, 4}, {6, 10}}, 8); }

namespace {
/// A predicted cluster of C3 in both backends' forms, ascending by centre.
struct prediction {
    std::string label;
    long num, den; // the centre num/den
    std::size_t multiplicity;
};

std::vector<prediction> c3_predictions(std::size_t n, std::size_t d, std::size_t k)
{
    std::vector<prediction> p;
    const long ln = static_cast<long>(n);
    if (k > 1) p.push_back({"0", 0, 1, k - 1});
    if (d > k) p.push_back({"1/n", 1, ln, d - k});
    p.push_back({"4/n", 4, ln, 1});
    return p;
}

/// snae's side: certify_spectrum on the autodiff Hessian box, as
/// certified/c03_hessian.cpp does.
spectrum_certificate mpfi_spectrum(const std::vector<interval>& h, std::size_t d, const std::vector<prediction>& pred,
                                   long log2_radius)
{
    std::vector<eigen_cluster> clusters;
    for (const auto& p : pred) clusters.push_back({p.label, interval(interval(p.num) / interval(p.den)), p.multiplicity});
    return certify_spectrum(h, d, clusters, log2_radius);
}

/// Arb's side: the closed-form Hessian at w* = sum m_i x_i / ||m|| built in
/// Arb from the same exact m_i, its eigenvalue balls and their clusters.
eigen_enclosure arb_spectrum(const instance_spec& in, const proofs_checks::certified::minimum_point& star,
                             std::optional<long> shift_log2, slong prec)
{
    const ball_matrix x = data_rows(in.n, in.d, in.householder, prec);
    std::vector<ball> m(in.n);
    for (std::size_t i = 0; i < in.n; ++i) set_exact_hex(m[i].get(), star.m_exact[i]);
    const std::vector<ball> w = point_from_coordinates(x, m, prec);
    ball_matrix h(in.d, in.d);
    hessian(h, x, w, star.active, prec);
    if (shift_log2) {
        ball s;
        arb_one(s.get());
        arb_mul_2exp_si(s.get(), s.get(), *shift_log2);
        for (std::size_t j = 0; j < in.d; ++j) arb_add(h.at(j, j), h.at(j, j), s.get(), prec);
    }
    return enclose_eigenvalues(h, prec);
}

std::vector<cluster> arb_clusters(const std::vector<prediction>& pred, slong prec)
{
    std::vector<cluster> out(pred.size());
    for (std::size_t c = 0; c < pred.size(); ++c) {
        out[c].label = pred[c].label;
        arb_set_si(out[c].centre.get(), pred[c].num);
        arb_div_si(out[c].centre.get(), out[c].centre.get(), pred[c].den, prec);
        out[c].multiplicity = pred[c].multiplicity;
    }
    return out;
}
} // namespace

namespace {
/// snae's enclosure of every eigenvalue in ascending order: the centre of
/// its cluster widened by the cluster's tight radius (exactly m eigenvalues
/// lie within it, and the clusters are ordered and disjoint, so the j-th
/// eigenvalue lies in the cluster that the counts assign to j).
std::vector<interval> mpfi_eigenvalue_boxes(const spectrum_certificate& cert, const std::vector<prediction>& pred,
                                            long log2_radius, long& widest)
{
    std::vector<interval> boxes;
    widest = LONG_MIN;
    for (std::size_t c = 0; c < pred.size(); ++c) {
        // certify_spectrum reports its clusters in its own order: match by label.
        const auto it = std::find_if(cert.clusters.begin(), cert.clusters.end(),
                                     [&](const snae::cluster_certificate& cc) { return cc.label == pred[c].label; });
        const long e = it == cert.clusters.end() ? log2_radius : it->tight_log2_radius.value_or(log2_radius);
        widest = std::max(widest, e);
        const interval centre = interval(pred[c].num) / interval(pred[c].den);
        const interval r = ldexp(interval(1), static_cast<int>(e));
        const interval box = hull(interval(centre - r), interval(centre + r));
        for (std::size_t k = 0; k < pred[c].multiplicity; ++k) boxes.push_back(box);
    }
    return boxes;
}

/// The pairwise comparison: Arb's j-th ball against snae's j-th box, and
/// each of snae's residual enclosures against the union of Arb's balls.
void compare_spectra(c3_outcome& out, const eigen_enclosure& arb, const spectrum_certificate& cert,
                     const std::vector<prediction>& pred)
{
    const std::vector<interval> boxes = mpfi_eigenvalue_boxes(cert, pred, out.log2_radius, out.mpfi_log2_tight_radius);
    for (std::size_t j = 0; j < boxes.size(); ++j) {
        ++out.pairs;
        if (overlaps_box(arb.eigenvalue(j), boxes[j])) continue;
        ++out.disjoint;
        out.failures.push_back("eigenvalue " + std::to_string(j) + " (ascending): Arb's ball and snae's box are disjoint");
    }
    for (std::size_t i = 0; i < cert.residual_enclosures.size(); ++i) {
        ++out.pairs;
        bool met = false;
        for (const ball& b : arb.real) met = met || overlaps_box(b.get(), cert.residual_enclosures[i]);
        if (met) continue;
        ++out.disjoint;
        out.failures.push_back("snae's residual enclosure " + std::to_string(i) + " meets no Arb eigenvalue ball");
    }
}
} // namespace

c3_outcome check_c3(const instance_spec& in, long bits, long log2_radius, std::optional<long> shift_log2)
{
    precision_scope<interval> guard(bits);
    const slong prec = scalar_traits<interval>::digits(); // the bits MPFI actually uses (513 for 512)
    c3_outcome out;
    out.instance = in.name();
    out.bits = prec;
    out.log2_radius = log2_radius;
    const proofs_checks::instance inst = to_instance(in);
    const auto data = inst.data<interval>();
    const proofs_checks::certified::minimum_point star(data, inst.act, inst.start<interval>());
    const auto pred = c3_predictions(in.n, in.d, star.k);

    const std::vector<interval> h = loss_hessian(data, inst.act, star.w, &star.active);
    const spectrum_certificate cert = mpfi_spectrum(h, in.d, pred, log2_radius);
    out.mpfi_certified = cert.certified;
    for (const auto& f : cert.failures) out.failures.push_back("MPFI: " + f);

    const eigen_enclosure arb = arb_spectrum(in, star, shift_log2, prec);
    const cluster_certificate acert = certify_clusters(arb, arb_clusters(pred, prec), log2_radius, prec);
    out.arb_certified = acert.certified;
    for (const auto& f : acert.failures) out.failures.push_back("Arb: " + f);
    if (arb.success) {
        out.arb_method = arb.method;
        out.arb_log2_max_radius = arb.log2_max_radius();
    }
    if (arb.success && cert.certified) compare_spectra(out, arb, cert, pred);
    return out;
}

namespace {
/// Compares the trainer's boxes with Arb's balls coordinate by coordinate;
/// records the first disjoint step.
void compare_step(c4_outcome& out, std::uint64_t step, const std::vector<interval>& w, const std::vector<ball>& v)
{
    for (std::size_t j = 0; j < w.size(); ++j)
        if (!overlaps_box(v[j].get(), w[j])) {
            if (!out.first_disjoint) {
                out.first_disjoint = step;
                out.failures.push_back("step " + std::to_string(step) + ", coordinate " + std::to_string(j) +
                                       ": Arb's ball and the trainer's box are disjoint");
            }
            return;
        }
}

/// num/den enclosed at prec, plus 2^shift_log2 if given.
ball rational_ball(long num, long den, std::optional<long> shift_log2, slong prec)
{
    ball b;
    arb_set_si(b.get(), num);
    arb_div_si(b.get(), b.get(), den, prec);
    if (shift_log2) {
        ball s;
        arb_one(s.get());
        arb_mul_2exp_si(s.get(), s.get(), *shift_log2);
        arb_add(b.get(), b.get(), s.get(), prec);
    }
    return b;
}

void record_widths(c4_outcome& out, const std::vector<interval>& w, const std::vector<ball>& v)
{
    out.mpfi_log2_width = max_width(w).log2;
    out.arb_log2_radius = -HUGE_VAL;
    for (const ball& b : v) out.arb_log2_radius = std::max(out.arb_log2_radius, log2_radius(b.get()));
}
} // namespace

c4_outcome check_c4(const instance_spec& in, long bits, long eta_num, long eta_den, std::uint64_t steps,
                    std::optional<long> eta_shift_log2)
{
    precision_scope<interval> guard(bits);
    const slong prec = scalar_traits<interval>::digits();
    c4_outcome out;
    out.instance = in.name();
    out.bits = prec;
    out.planned = steps;
    const proofs_checks::instance inst = to_instance(in);
    // MPFI: the tightest enclosure of eta_num/eta_den (for 3/10 the same box
    // as c04's from_decimal("0.3")); Arb: its own enclosure of the rational.
    const interval eta = interval(eta_num) / interval(eta_den);
    const dataset<interval> data = inst.data<interval>(); // the trainer keeps a reference to it
    trainer<interval> tr(data, inst.act, eta);
    std::vector<interval> w = inst.start<interval>();
    tr.reset(w);
    auto batch = batch_sampler::full(in.n);

    const ball_matrix x = data_rows(in.n, in.d, in.householder, prec);
    const ball eta_arb = rational_ball(eta_num, eta_den, eta_shift_log2, prec);
    std::vector<ball> v(in.d);
    const std::vector<double> w0 = inst.start<double>(); // the same doubles, taken exactly
    for (std::size_t j = 0; j < in.d; ++j) arb_set_d(v[j].get(), w0[j]);

    for (std::uint64_t s = 1; s <= steps; ++s) {
        try {
            tr.step(w, batch.next());
        } catch (const undecidable_sign& e) {
            out.failures.push_back("MPFI: step " + std::to_string(s) + ": " + e.what());
            break;
        }
        if (!gd_step(v, x, eta_arb, in.linear, prec)) {
            out.failures.push_back("Arb: step " + std::to_string(s) + ": a ReLU sign is undecided");
            break;
        }
        out.compared = s;
        compare_step(out, s, w, v);
        record_widths(out, w, v);
    }
    return out;
}

} // namespace snae::arb_backend
