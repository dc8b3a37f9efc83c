// Certified spectra of symmetric interval matrices (docs/certified.md).
//
// Input: a d x d box of matrices given by intervals (row-major), read as the
// set of every SYMMETRIC matrix whose entries lie in the intervals: entry
// (j, k) = (k, j) lies in the intersection of the two boxes. A box whose
// (j, k) and (k, j) entries are disjoint holds no symmetric matrix and is
// refused. Output: statements that hold for every such matrix, hence for the
// exact matrix the box encloses (the Hessian at a point of M, say).
//
// Method, all bounds in interval arithmetic at the working precision:
//  1. Eigen's SelfAdjointEigenSolver on the midpoint matrix, in MPFR at the
//     same precision: approximate eigenpairs (lambda_i, v_i), taken as exact
//     dyadic numbers. Nothing below trusts them; they only steer.
//  2. Residual enclosures: for symmetric A, some eigenvalue of A lies within
//     ||A v - lambda v|| / ||v|| of lambda (for any v != 0). With the norms
//     bounded in interval arithmetic, [lambda_i - rho_i, lambda_i + rho_i]
//     contains an eigenvalue of every matrix in the box. This says nothing
//     about multiplicities: several intervals may hold the same eigenvalue.
//  3. Counts: with V = [v_1 .. v_d] and G = V^T V, ||G - I||_F < 1 (bounded
//     above) proves V nonsingular; then V^T (A - sigma I) V = M - sigma G,
//     M = V^T A V, has the inertia of A - sigma I (Sylvester). An LDL^T
//     factorisation of M - sigma G in interval arithmetic (symmetric
//     pivoting chosen on midpoints, a permutation, exact) whose pivots all
//     exclude 0 gives the number of negative pivots, which is the number of
//     eigenvalues below sigma, for every matrix in the box. The near-diagonal
//     M - sigma G keeps the pivots near lambda_i - sigma, so separators close
//     to eigenvalues (2^-200 at 512 bits) still decide.
//  4. Clusters: for a predicted centre c (an interval) with multiplicity m
//     and a radius r = 2^e, the separators lo >= c - r and hi <= c + r are
//     dyadic numbers (rounded inward); count(hi) - count(lo) = m proves that
//     exactly m eigenvalues lie in (lo, hi), so at least m within r of c.
//     The certificate also requires the multiplicities to sum to d and the
//     balls (c - r, c + r) to be pairwise disjoint (centre distances >= 2r,
//     proven on the enclosures): then every eigenvalue lies in some (lo, hi),
//     and each ball holds exactly its m eigenvalues.
// A bound that cannot be established (a pivot whose interval contains 0, a
// count that differs from the prediction, a basis not proven nonsingular)
// makes the certificate fail with a message saying which; nothing is
// claimed then.
#pragma once

#include "snae/interval.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace snae {

/// A predicted eigenvalue cluster: exactly `multiplicity` eigenvalues within
/// the radius of `center`.
struct eigen_cluster {
    std::string label; ///< for messages, e.g. "4/n"
    interval center;
    std::size_t multiplicity = 0;
};

struct cluster_certificate {
    std::string label;
    std::size_t predicted = 0;
    std::optional<std::size_t> counted; ///< eigenvalues in (lo, hi); empty if a count failed
    std::string lo, hi;                 ///< the separators (dyadic), as decimal intervals around them
    interval lo_point, hi_point;        ///< the same separators, exactly (point intervals)
    /// The smallest radius 2^e (e >= the requested exponent's floor) at which
    /// the same count was also established around the centre: how tight the
    /// enclosure really is. Empty if only the requested radius was.
    std::optional<long> tight_log2_radius;
    bool certified = false;
};

struct spectrum_certificate {
    bool certified = false;
    std::vector<std::string> failures; ///< each bound that could not be established
    std::vector<cluster_certificate> clusters;
    /// [lambda_i - rho_i, lambda_i + rho_i], lambda_i ascending: each contains
    /// at least one eigenvalue of every matrix in the box (step 2).
    std::vector<interval> residual_enclosures;
    double basis_defect = 0; ///< upper bound of ||V^T V - I||_F
    /// V, d x d row-major, column i = the approximate eigenvector v_i
    /// (dyadic points): with the separators, what an independent checker
    /// needs to redo the counts (docs/certificates.md).
    std::vector<interval> basis;
};

/// The number of eigenvalues below sigma of every symmetric matrix in the
/// box a (d x d), from the congruence with the approximate eigenvectors
/// (step 3 above); empty if a pivot interval contains 0 or V is not proven
/// nonsingular.
std::optional<std::size_t> count_eigenvalues_below(const std::vector<interval>& a, std::size_t d, const interval& sigma);

/// Certifies the predicted clusters, each within 2^log2_radius of its centre
/// (steps 1-4 above), inside the caller's precision_scope<interval>.
spectrum_certificate certify_spectrum(const std::vector<interval>& a, std::size_t d, std::vector<eigen_cluster> clusters,
                                      long log2_radius);

} // namespace snae
