// The claims catalogue, in order; statements are the one-line forms of
// docs/claims.md, and each claim's wrong predictions with the failure each
// must cause (docs/claims.md, "Wrong predictions").
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

namespace {
// The first failure of a coarse run (it stops there).
wrong_case coarse(const std::string& perturbation, const std::string& expect) { return {"coarse", perturbation, expect, false}; }
// A case at the claim's resolution: every precision of the ladder must reject it.
wrong_case at_resolution(const std::string& name, const std::string& perturbation, const std::string& expect)
{
    return {name, perturbation, expect, true};
}

const std::string c1_value = R"(^C1: .*: L = \(n-1\)/\(2n\) on M: error)";
const std::string c3_spectrum = R"(eigenvalues \{0 x \(k-1\), 1/n x \(d-k\), 4/n\})";
const std::string c4_trajectory = R"(^C4: .*: trajectory = alpha_t P w0 \+ beta_t \(w0 - P w0\) \(worst step [0-9]+\): error)";
const std::string c5_limit = R"(^C5: .*: w_T = P w0 / \|\|P w0\|\|: error)";
const std::string c6_rate = R"(^C6: .*: contraction rate = max\(\|1-4eta/n\|, \|1-eta/n\|\): error)";
const std::string c10_sgd = R"(\|cos\(w_SGD, w0\)\| = \|c_k\(w0\)\|/\|\|w0\|\|, k from the recurrence: error)";
const std::string c11_trajectory = R"(^C11: .*: rotated trajectory = Q x canonical trajectory \(100 steps\): error)";

std::vector<claim> claims()
{
    return {
        {"C1", "minimum", "L >= (n-1)/(2n), equality exactly on M; grad L = 0 on M; L larger off M", check_minimum, false,
         {coarse("L* = (n-2)/(2n)", c1_value),
          at_resolution("fine", "L* = (n-1)/(2n) + 8 tol = (n-1)/(2n) + 64(n+d)u", c1_value)}},
        {"C2", "dead-region", "relu: all c_i <= 0 gives L = 1/2 and zero batch gradients; GD and SGD never move",
         check_dead_region, false,
         {coarse("L = 1/2 + 1/(2n)", R"(^C2: .*: L = 1/2 in the dead region: error)"),
          at_resolution("fine", "L = 1/2 + 8 tol = 1/2 + 32(n+d)u", R"(^C2: .*: L = 1/2 in the dead region: error)")}},
        {"C3", "hessian", "on M: eigenvalues 4/n (x1), 1/n (x d-k), 0 (x k-1); one-sided 0 and 1/n at the boundary",
         check_hessian, false,
         {coarse("lambda_max = 3/n", "^C3: .*: " + c3_spectrum + ": error"),
          at_resolution("fine", "lambda_max = 4/n + 8 tol = 4/n + 128 d(n+d)u/n (the trace prediction moves with it)",
                        "^C3: .*: (" + c3_spectrum + R"(|tr H = \(d - k \+ 4\)/n): error)"),
          at_resolution("fine-one-sided", "g''(0-) = 1/n + 8 tol along the boundary direction",
                        R"(^C3: .*: one-sided g''\(0-\) along x_[0-9]+ = 1/n: error)")}},
        {"C4", "gd-recurrence", "GD trajectory = alpha_t P w0 + beta_t (w0 - P w0) with the two-number recurrence",
         check_gd_recurrence, false,
         {coarse("beta's factor 1 - (eta/n) N_t instead of 1 - (eta/n) S_t", c4_trajectory),
          at_resolution("fine", "alpha_t and beta_t both times 1 + 8 tol_t/||alpha_t P w0 + beta_t (w0 - P w0)||_inf", c4_trajectory)}},
        {"C5", "gd-limit", "GD limit w_GD = P w0/||P w0||; |P(w_GD)| = |P(w0)|; cos(w_GD, w0) = sqrt(S0)/||w0||",
         check_gd_limit, false,
         {coarse("w_GD = w0/||w0||", c5_limit),
          at_resolution("fine", "w_GD = (P w0/||P w0||)(1 + 8 tol/||P w0/||P w0||||_inf): its largest coordinate off by 8 tol",
                        c5_limit),
          at_resolution("fine-cos", "cos(w_GD, w0) = sqrt(S0)/||w0|| + 8 tol",
                        R"(^C5: .*: cos\(w_GD, w0\) = sqrt\(S0\)/\|\|w0\|\|: error)")}},
        {"C6", "gd-rate", "GD contracts near w_GD by max(|1-4eta/n|, |1-eta/n|) per step (radial only if R0 = 0)",
         check_gd_rate, false,
         {coarse("min instead of max", c6_rate),
          at_resolution("fine", "rho = max(|1-4eta/n|, |1-eta/n|) + 8 tol = rho + 32(n+d)u^(1/3)", c6_rate)}},
        {"C7", "stability", "w_GD attracts for eta < n/2 and repels radially for eta > n/2", check_stability, false,
         {coarse("attract and repel swapped",
                 R"(^C7: .*: eta = 0\.(49 n repels: e_0 1\.03\^T <= e_T|51 n attracts: e_T <= e_0 0\.97\^T \+ 64\(n\+d\)u): error)"),
          at_resolution("margin", "radial factors 0.94 and 1.06 (two margins from 0.96, 1.04): bounds 0.95^T and 1.05^T",
                        R"(^C7: .*: eta = 0\.(49 n attracts: e_T <= e_0 0\.95\^T \+ 64\(n\+d\)u|51 n repels: e_0 1\.05\^T <= e_T): error)")}},
        {"C8", "sgd-sparsity", "SGD, b < n, random sampler (cyclic: b = 1), eta < b/2: ends at a single x_k, k in P(w0)",
         check_sgd_sparsity, false,
         {coarse("support 2", R"(^C8: .*: support = 2 \(observed 1, k = [0-9]+\) does not hold)"),
          at_resolution("fine", "|c_k(w_T)| = 1 + 8 level, level = max(2^-60, 256(n+d)u)", R"(^C8: .*: \|c_k\(w_T\)\| = 1: error)")}},
        {"C9", "sharpness", "lambda_max = 4/n at GD and SGD limits; tr H(w_GD) = (d-|P|+4)/n < tr H(w_SGD) = (d+3)/n",
         check_sharpness, false,
         {coarse("tr H(w_SGD) = (d+4)/n (relu)", R"(^C9: .*: SGD b=1( iterate)?: tr H = [0-9]+/n: error)"),
          at_resolution("fine", "lambda_max = 4/n + 8 tol, tol = 16 d(n+d)u/n, at both limits and both iterates",
                        R"(^C9: .*: (GD|SGD b=1)( iterate)?: lambda_max = 4/n: error)")}},
        {"C10", "alignment", "cos(w_GD, w0) = sqrt(S0)/||w0||, cos(w_SGD, w0) = |c_k(w0)|/||w0||", check_alignment, false,
         {coarse("cos(w_SGD, w0) = sqrt(S0)/||w0||", "^C10: .*: " + c10_sgd),
          at_resolution("fine", "|cos(w_SGD, w0)| = |c_k(w0)|/||w0|| + 8 tol, tol = sqrt(n) level + 64(n+d)u",
                        "^C10: .*: " + c10_sgd),
          at_resolution("fine-gd", "cos(w_GD, w0) = sqrt(S0)/||w0|| + 8 tol, tol = (64 + 2T)(n+d)u",
                        R"(^C10: .*: cos\(w_GD, w0\) = sqrt\(S0\)/\|\|w0\|\|: error)")}},
        {"C11", "rotation", "rotated data: the trajectory is Q times the canonical trajectory", check_rotation, false,
         {coarse("Q^T instead of Q", c11_trajectory),
          at_resolution("fine", "Q w_t times 1 + 8 tol_t/||Q w_t||_inf", c11_trajectory)}},
    };
}
} // namespace

const std::vector<claim>& catalogue()
{
    static const std::vector<claim> list = claims();
    return list;
}

} // namespace snae::claims
