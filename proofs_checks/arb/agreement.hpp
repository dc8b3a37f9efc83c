// Arb against MPFI on the certified instances of C3 and C4 (docs/arb.md).
//
// Agreement means: both backends certify, and every pair of enclosures of
// the same exact quantity intersects. Two correct enclosures of one real
// number always intersect, so a disjoint pair proves that one backend (or
// the code feeding it) is wrong; an intersecting pair shows consistency,
// not that either is correct.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace snae::arb_backend {

/// One instance of the certified claims (proofs_checks/instance.hpp): data
/// canonical or Householder, w_0 the seed's doubles.
struct instance_spec {
    std::size_t n = 0, d = 0;
    bool linear = false;
    bool householder = false;
    std::uint64_t seed = 1;
    std::string name() const;
};

/// The certified C3's instances (relu/linear x canonical/Householder x
/// (4,4), (6,10), (8,8), seed 5) and C4's (relu/linear x
/// canonical/Householder x (4,4), (6,10), seed 8).
std::vector<instance_spec> c3_instances();
std::vector<instance_spec> c4_instances();

struct c3_outcome {
    std::string instance;
    long bits = 0, log2_radius = 0;
    bool mpfi_certified = false, arb_certified = false;
    std::string arb_method; ///< "stock" (acb_mat_eig_multiple_rump) or "row_pivoted" (spectrum.hpp), "" if both failed
    std::vector<std::string> failures; ///< every refusal of either backend and every disjoint pair
    std::size_t pairs = 0, disjoint = 0; ///< eigenvalue enclosures compared, and how many were disjoint
    double arb_log2_max_radius = 0;      ///< largest Arb eigenvalue radius (log2, rounded up)
    long mpfi_log2_tight_radius = 0;     ///< largest of snae's tight cluster radii (log2)
    bool agree() const { return mpfi_certified && arb_certified && disjoint == 0 && failures.empty(); }
};

/// C3 at the point w* of proofs_checks/certified/enclosures.hpp
/// (minimum_point) at MPFI's `bits`: snae's certify_spectrum on its
/// autodiff Hessian box, Arb's acb_mat_eig_multiple_rump on the closed-form
/// Hessian built in Arb from the same exact w*; clusters 4/n (once), 1/n
/// (d - k), 0 (k - 1) within 2^log2_radius; then the j-th eigenvalue's
/// enclosures (Arb's ball, snae's cluster centre +- its tight radius) must
/// intersect for every j, and each of snae's residual enclosures must meet
/// an Arb ball. shift_log2: add 2^shift_log2 to the Arb Hessian's diagonal
/// (moves every eigenvalue of the Arb matrix by exactly that much; the
/// failure demonstration).
c3_outcome check_c3(const instance_spec& in, long bits, long log2_radius, std::optional<long> shift_log2 = {});

struct c4_outcome {
    std::string instance;
    long bits = 0;
    std::uint64_t planned = 0, compared = 0; ///< steps planned, steps compared
    std::optional<std::uint64_t> first_disjoint; ///< first step with a disjoint coordinate pair
    std::vector<std::string> failures;
    double arb_log2_radius = 0, mpfi_log2_width = 0; ///< at the last step compared (log2, rounded up)
    bool agree() const { return compared == planned && !first_disjoint && failures.empty(); }
};

/// C4's prefix: `steps` full-batch GD steps at eta = eta_num / eta_den from
/// the instance's w_0, by snae's trainer<interval> at `bits` and by the
/// Arb step (model.hpp) at the same bits; after every step each Arb ball
/// must intersect the trainer's box of the same coordinate. eta_shift_log2:
/// the Arb run uses eta + 2^eta_shift_log2 (the failure demonstration).
c4_outcome check_c4(const instance_spec& in, long bits, long eta_num, long eta_den, std::uint64_t steps,
                    std::optional<long> eta_shift_log2 = {});

} // namespace snae::arb_backend
