// Eigenvalue enclosures of a real symmetric ball matrix with Arb, and the
// cluster statement C3 needs, proven from them (docs/arb.md).
//
// Method: acb_mat_approx_eig_qr on the matrix (approximate eigenpairs, not
// trusted), then acb_mat_eig_multiple_rump (method "stock"), whose
// documented contract is:
// on success, n complex balls, each representing one eigenvalue with the
// correct multiplicities; the balls are either disjoint or identical, and a
// complete run of k identical balls contains exactly k eigenvalues (with
// algebraic multiplicity) of every complex matrix in the ball matrix. So
// runs partition the spectrum. The exact matrix here is real symmetric, so
// its eigenvalues are real, and an eigenvalue in a complex ball lies in the
// ball's real part: the cluster counts below read the real parts.
//
// Arb 2.23's acb_mat_eig_enclosure_rump, which the stock routine calls per
// cluster, freezes the LAST k rows of the cluster's approximate basis X; it
// fails when those rows of X are (nearly) rank-deficient, as they are for
// the Hessians of C3 (their invariant subspaces are sparse or rank-one
// perturbations of sparse ones). Method "row_pivoted" does the same steps
// with a better choice: it groups the approximations itself, and encloses
// each cluster with acb_mat_eig_enclosure_rump on P A P^T and P X, where the
// permutation P moves k rows of X chosen by greedy pivoting (largest
// remaining row, then projected out) to the end. A permutation similarity
// leaves the eigenvalues exactly as they are. Each enclosure contains at
// least k eigenvalues (A X' = X' J with X' of full rank, J's k eigenvalues in
// the ball); the balls are then required pairwise disjoint, and the k's sum
// to n, so each holds exactly its k: the stock routine's contract.
#pragma once

#include "ball.hpp"

#include <optional>
#include <vector>

namespace snae::arb_backend {

/// The eigenvalue enclosures of one matrix, by runs of identical balls.
struct eigen_enclosure {
    bool approx_converged = false; ///< acb_mat_approx_eig_qr converged (steering only)
    bool success = false;          ///< the balls below are proven (see method)
    std::string method;            ///< "stock" or "row_pivoted": which one produced them
    std::vector<ball> real;        ///< real part of each run's ball, ascending by midpoint
    std::vector<ball> imag;        ///< its imaginary part (contains 0 for the exact symmetric matrix)
    std::vector<std::size_t> multiplicity; ///< the length k of each run: exactly k eigenvalues in it
    double seconds_approx = 0, seconds_validate = 0;

    /// The eigenvalue ball of the j-th eigenvalue in ascending order
    /// (runs expanded by their lengths).
    arb_srcptr eigenvalue(std::size_t j) const;
    /// log2 of the largest radius of a real part, rounded up.
    double log2_max_radius() const;
};

enum class eig_method { stock, row_pivoted };

/// Encloses every eigenvalue of the d x d matrix a (every matrix in its
/// balls) at prec bits, by the given method.
eigen_enclosure enclose_eigenvalues(const ball_matrix& a, slong prec, eig_method method);

/// The stock method, and row_pivoted if it fails (method says which).
eigen_enclosure enclose_eigenvalues(const ball_matrix& a, slong prec);

/// A predicted cluster: `multiplicity` eigenvalues near `centre`.
struct cluster {
    std::string label;
    ball centre;
    std::size_t multiplicity = 0;
};

struct cluster_count {
    std::string label;
    std::size_t predicted = 0;
    std::optional<std::size_t> counted; ///< empty if a run could not be placed inside or outside
};

/// Proven when `certified`: for each cluster, exactly its multiplicity of
/// eigenvalues of the exact (real symmetric) matrix lie in
/// (centre - 2^e, centre + 2^e), and every eigenvalue lies in some cluster.
struct cluster_certificate {
    bool certified = false;
    std::vector<std::string> failures;
    std::vector<cluster_count> clusters;
};

/// Each run is placed per cluster as certainly inside or certainly outside
/// the cluster's open ball (Arb bounds on |ball - centre|); a run that is
/// neither, or inside no cluster, refuses the certificate.
cluster_certificate certify_clusters(const eigen_enclosure& e, const std::vector<cluster>& clusters, long log2_radius,
                                     slong prec);

} // namespace snae::arb_backend
