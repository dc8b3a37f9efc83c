// What the for-all-t certificates (C5-C8) share: the region around the
// pair map's fixed point, the region test for one or several step sizes,
// full-batch GD reduced to the pair map, and the words of their statements
// (docs/certified.md, "Certificates for every step").
#pragma once

#include "enclosures.hpp"
#include "exact_numbers.hpp"

#include <snae/data_coordinates.hpp>
#include <snae/invariant_region.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace snae::proofs_checks::certified {

/// R = [1 - delta, 1 + delta] x [0, delta], delta = 2^log2_delta: a box in
/// (u, v) around the pair map's fixed point (1, 0); v >= 0 is a norm.
interval_box pair_region(long log2_delta);

/// "R = [1 - 2^-10, 1 + 2^-10] x [0, 2^-10]".
std::string pair_region_text(long log2_delta);

/// The region test of pair_map with h = each of `hs`, on pair_region(log2_delta),
/// candidate (1, 0), the max norm; relu adds the guards that both factors
/// are positive on R. certified iff every h's test holds; rho is the
/// largest; conditions carry the h (as text) they failed for.
struct pair_region_result {
    bool certified = false;
    interval rho;                       ///< the largest contraction bound (rounded up)
    interval_box fixed_point;           ///< of the first h (the same point (1, 0) for all)
    std::vector<region_condition> conditions;
};
pair_region_result certify_pair_region(const std::vector<interval>& hs, const std::vector<std::string>& h_names,
                                       activation act, long log2_delta);

/// Full-batch GD from an instance's w_0, reduced to the pair map: the P-part
/// a0 = sum_{i in P} c_i(w0) x_i and the rest r0 = w0 - a0 (in R^d), and
/// their norms u0, v0 from the data coordinates. P = {i : c_i(w0) > 0}
/// (relu, decided on the boxes; throws undecidable_sign) or all i (linear).
struct gd_reduction {
    std::vector<char> in_p;
    interval u0, v0;
    std::vector<interval> a0, r0;
    gd_reduction(const instance& in, const dataset<interval>& data, const std::vector<interval>& w0);
};

/// An enclosure of (u_t, v_t) from (u0, v0) by the pair map with h = eta/n
/// until the box lies in R (T = that step), and the region test.
struct gd_for_all_t {
    std::uint64_t T = 0;
    bool entered = false;       ///< the prefix box lies in R at step T
    std::string prefix_failure; ///< a relu factor not certainly positive at a step, or R never entered
    interval_box x_T;
    pair_region_result region;
    interval e_T;               ///< sup ||x_T - (1, 0)||_inf, rounded up
    bool certified() const { return entered && region.certified; }
};
gd_for_all_t certify_gd_for_all_t(const gd_reduction& red, activation act, const interval& h, long log2_delta,
                                  std::uint64_t max_steps);

/// Records each condition of a for-all-t certificate in the tally (the
/// failures name the condition).
void record_for_all_t(tally& t, const std::string& where, const gd_for_all_t& c, std::uint64_t max_steps);

/// "2^x" for the log2 of an interval's magnitude, rounded up to 0.01.
std::string pow2_text(const interval& x);
/// The upper endpoint, rounded up, in 7 significant digits.
std::string upper_text(const interval& x);

/// The hypotheses of a GD for-all-t certificate: the instance's, eta, the
/// reduction, P(w0), the kink.
nlohmann::json gd_hypotheses(const instance& in, const std::string& eta_text);

/// What a GD for-all-t proof found: T, R, rho, the box at T and its
/// distance to (1, 0).
nlohmann::json gd_certificate(const gd_for_all_t& c, long log2_delta);

/// The GD instances of C5 to C7: relu and linear, canonical and Householder
/// data, (n, d) = (4, 6), (6, 10), and with `full` also (32, 40) and
/// (64, full_d), seed 1.
std::vector<instance> gd_instances(bool full, std::size_t full_d);

/// mpfi:128 and mpfi:512, and with `full` also mpfi:1024.
interval_ladder for_all_t_ladder(bool full);

/// A box of intervals as certificates give it: [[lo, hi], ...] exactly.
nlohmann::json box_json(const interval_box& box);

/// The exportable certificate of a GD for-all-t proof (kind "gd-for-all-t",
/// docs/certificates.md); `rate`: C6's claimed rate, or null.
nlohmann::json gd_export(const instance& in, const std::string& eta_text, const gd_reduction& red, const gd_for_all_t& c,
                         long log2_delta, const std::string& statement, const mpq_class* rate);

} // namespace snae::proofs_checks::certified
