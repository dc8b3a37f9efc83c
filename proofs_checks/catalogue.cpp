// The claims catalogue, in order; statements are the one-line forms of
// docs/claims.md.
#include "claims.hpp"

namespace snae::claims {

void check_minimum(const check_options&, tally&);
void check_dead_region(const check_options&, tally&);
void check_hessian(const check_options&, tally&);
void check_gd_recurrence(const check_options&, tally&);
void check_gd_limit(const check_options&, tally&);
void check_gd_rate(const check_options&, tally&);
void check_stability(const check_options&, tally&);
void check_sgd_sparsity(const check_options&, tally&);
void check_sharpness(const check_options&, tally&);
void check_alignment(const check_options&, tally&);
void check_rotation(const check_options&, tally&);

const std::vector<claim>& catalogue()
{
    static const std::vector<claim> list = {
        {"C1", "minimum", "L >= (n-1)/(2n), equality exactly on M; grad L = 0 on M; L larger off M", check_minimum},
        {"C2", "dead-region", "relu: all c_i <= 0 gives L = 1/2 and zero batch gradients; GD and SGD never move",
         check_dead_region},
        {"C3", "hessian", "on M: eigenvalues 4/n (x1), 1/n (x d-k), 0 (x k-1); one-sided 0 and 1/n at the boundary",
         check_hessian},
        {"C4", "gd-recurrence", "GD trajectory = alpha_t P w0 + beta_t (w0 - P w0) with the two-number recurrence",
         check_gd_recurrence},
        {"C5", "gd-limit", "GD limit w_GD = P w0/||P w0||; |P(w_GD)| = |P(w0)|; cos(w_GD, w0) = sqrt(S0)/||w0||",
         check_gd_limit},
        {"C6", "gd-rate", "GD contracts near w_GD by max(|1-4eta/n|, |1-eta/n|) per step (radial only if R0 = 0)",
         check_gd_rate},
        {"C7", "stability", "w_GD attracts for eta < n/2 and repels radially for eta > n/2", check_stability},
        {"C8", "sgd-sparsity", "SGD, b < n, random sampler (cyclic: b = 1), eta < b/2: ends at a single x_k, k in P(w0)",
         check_sgd_sparsity},
        {"C9", "sharpness", "lambda_max = 4/n at GD and SGD limits; tr H(w_GD) = (d-|P|+4)/n < tr H(w_SGD) = (d+3)/n",
         check_sharpness},
        {"C10", "alignment", "cos(w_GD, w0) = sqrt(S0)/||w0||, cos(w_SGD, w0) = |c_k(w0)|/||w0||", check_alignment},
        {"C11", "rotation", "rotated data: the trajectory is Q times the canonical trajectory", check_rotation},
    };
    return list;
}

} // namespace snae::claims
