// The claims, written once: ids, names, statements, wrong predictions and
// (certified claims) hypotheses, in order. catalogue.cpp builds the two
// catalogues from these rows, and proofs_checks/CMakeLists.txt reads each
// row's first two strings (one executable check_<name> per claim, one ctest
// entry per claim and per wrong case), so keep every row on one line.
//   CLAIM(id, name, check, statement)          a claim checked in floating point
//   CERTIFIED(id, name, check, statement)      a claim certified in interval arithmetic (name certified-*)
//   WRONG(name, case, precisions, perturbation, expect)
//       a wrong prediction of claim `name`, "coarse" first (--wrong-prediction),
//       the others run by --wrong-case; `expect` is the ECMAScript regex every
//       failure must match, `precisions` every_precision where each precision
//       of the ladder must reject it (any_precision: the first failure ends the run)
//   HYPOTHESIS(name, text)                     a certified claim's own hypothesis, after the common ones
// Statements are the one-line forms of docs/claims.md and docs/certified.md;
// the expect regexes name the parts they share in catalogue.cpp.
#pragma once

// clang-format off
#define SNAE_CLAIM_LIST(CLAIM, CERTIFIED, WRONG, HYPOTHESIS) \
    CLAIM("C1", "minimum", check_minimum, "L >= (n-1)/(2n), equality exactly on M; grad L = 0 on M; L larger off M") \
    WRONG("minimum", "coarse", any_precision, "L* = (n-2)/(2n)", c1_value) \
    WRONG("minimum", "fine", every_precision, "L* = (n-1)/(2n) + 8 tol = (n-1)/(2n) + 64(n+d)u", c1_value) \
    CLAIM("C2", "dead-region", check_dead_region, "relu: all c_i <= 0 gives L = 1/2 and zero batch gradients; GD and SGD never move") \
    WRONG("dead-region", "coarse", any_precision, "L = 1/2 + 1/(2n)", c2_value) \
    WRONG("dead-region", "fine", every_precision, "L = 1/2 + 8 tol = 1/2 + 32(n+d)u", c2_value) \
    CLAIM("C3", "hessian", check_hessian, "on M: eigenvalues 4/n (x1), 1/n (x d-k), 0 (x k-1); one-sided 0 and 1/n at the boundary") \
    WRONG("hessian", "coarse", any_precision, "lambda_max = 3/n", "^C3: .*: " + c3_spectrum + ": error") \
    WRONG("hessian", "fine", every_precision, "lambda_max = 4/n + 8 tol = 4/n + 128 d(n+d)u/n (the trace prediction moves with it)", "^C3: .*: (" + c3_spectrum + R"(|tr H = \(d - k \+ 4\)/n): error)") \
    WRONG("hessian", "fine-one-sided", every_precision, "g''(0-) = 1/n + 8 tol along the boundary direction", R"(^C3: .*: one-sided g''\(0-\) along x_[0-9]+ = 1/n: error)") \
    CLAIM("C4", "gd-recurrence", check_gd_recurrence, "GD trajectory = alpha_t P w0 + beta_t (w0 - P w0) with the two-number recurrence") \
    WRONG("gd-recurrence", "coarse", any_precision, "beta's factor 1 - (eta/n) N_t instead of 1 - (eta/n) S_t", c4_trajectory) \
    WRONG("gd-recurrence", "fine", every_precision, "alpha_t and beta_t both times 1 + 8 tol_t/||alpha_t P w0 + beta_t (w0 - P w0)||_inf", c4_trajectory) \
    CLAIM("C5", "gd-limit", check_gd_limit, "GD limit w_GD = P w0/||P w0||; |P(w_GD)| = |P(w0)|; cos(w_GD, w0) = sqrt(S0)/||w0||") \
    WRONG("gd-limit", "coarse", any_precision, "w_GD = w0/||w0||", c5_limit) \
    WRONG("gd-limit", "fine", every_precision, "w_GD = (P w0/||P w0||)(1 + 8 tol/||P w0/||P w0||||_inf): its largest coordinate off by 8 tol", c5_limit) \
    WRONG("gd-limit", "fine-cos", every_precision, "cos(w_GD, w0) = sqrt(S0)/||w0|| + 8 tol", R"(^C5: .*: cos\(w_GD, w0\) = sqrt\(S0\)/\|\|w0\|\|: error)") \
    CLAIM("C6", "gd-rate", check_gd_rate, "GD contracts near w_GD by max(|1-4eta/n|, |1-eta/n|) per step (radial only if R0 = 0)") \
    WRONG("gd-rate", "coarse", any_precision, "min instead of max", c6_rate) \
    WRONG("gd-rate", "fine", every_precision, "rho = max(|1-4eta/n|, |1-eta/n|) + 8 tol = rho + 32(n+d)u^(1/3)", c6_rate) \
    CLAIM("C7", "stability", check_stability, "w_GD attracts for eta < n/2 and repels radially for eta > n/2") \
    WRONG("stability", "coarse", any_precision, "attract and repel swapped", R"(^C7: .*: eta = 0\.(49 n repels: e_0 1\.03\^T <= e_T|51 n attracts: e_T <= e_0 0\.97\^T \+ 64\(n\+d\)u): error)") \
    WRONG("stability", "margin", every_precision, "radial factors 0.94 and 1.06 (two margins from 0.96, 1.04): bounds 0.95^T and 1.05^T", R"(^C7: .*: eta = 0\.(49 n attracts: e_T <= e_0 0\.95\^T \+ 64\(n\+d\)u|51 n repels: e_0 1\.05\^T <= e_T): error)") \
    CLAIM("C8", "sgd-sparsity", check_sgd_sparsity, "SGD, b < n, random sampler (cyclic: b = 1), eta < b/2: ends at a single x_k, k in P(w0)") \
    WRONG("sgd-sparsity", "coarse", any_precision, "support 2", R"(^C8: .*: support = 2 \(observed 1, k = [0-9]+\) does not hold)") \
    WRONG("sgd-sparsity", "fine", every_precision, "|c_k(w_T)| = 1 + 8 level, level = max(2^-60, 256(n+d)u)", R"(^C8: .*: \|c_k\(w_T\)\| = 1: error)") \
    CLAIM("C9", "sharpness", check_sharpness, "lambda_max = 4/n at GD and SGD limits; tr H(w_GD) = (d-|P|+4)/n < tr H(w_SGD) = (d+3)/n") \
    WRONG("sharpness", "coarse", any_precision, "tr H(w_SGD) = (d+4)/n (relu)", R"(^C9: .*: SGD b=1( iterate)?: tr H = [0-9]+/n: error)") \
    WRONG("sharpness", "fine", every_precision, "lambda_max = 4/n + 8 tol, tol = 16 d(n+d)u/n, at both limits and both iterates", R"(^C9: .*: (GD|SGD b=1)( iterate)?: lambda_max = 4/n: error)") \
    CLAIM("C10", "alignment", check_alignment, "cos(w_GD, w0) = sqrt(S0)/||w0||, cos(w_SGD, w0) = |c_k(w0)|/||w0||") \
    WRONG("alignment", "coarse", any_precision, "cos(w_SGD, w0) = sqrt(S0)/||w0||", "^C10: .*: " + c10_sgd) \
    WRONG("alignment", "fine", every_precision, "|cos(w_SGD, w0)| = |c_k(w0)|/||w0|| + 8 tol, tol = sqrt(n) level + 64(n+d)u", "^C10: .*: " + c10_sgd) \
    WRONG("alignment", "fine-gd", every_precision, "cos(w_GD, w0) = sqrt(S0)/||w0|| + 8 tol, tol = (64 + 2T)(n+d)u", R"(^C10: .*: cos\(w_GD, w0\) = sqrt\(S0\)/\|\|w0\|\|: error)") \
    CLAIM("C11", "rotation", check_rotation, "rotated data: the trajectory is Q times the canonical trajectory") \
    WRONG("rotation", "coarse", any_precision, "Q^T instead of Q", c11_trajectory) \
    WRONG("rotation", "fine", every_precision, "Q w_t times 1 + 8 tol_t/||Q w_t||_inf", c11_trajectory) \
    CERTIFIED("C1", "certified-minimum", certified::check_minimum, "at an enclosed w* in M: |L(w*) - (n-1)/(2n)| <= width of the L(w*) enclosure (<= 8(n+d)u); L((1 +- 2^-8) w*) > (n-1)/(2n)") \
    WRONG("certified-minimum", "coarse", any_precision, "predicted minimum (n-2)/(2n) instead of (n-1)/(2n)", R"(^C1: (?:mpfi:\d+|exact) .*: L\(w\*\) enclosure \S+ contains \(n-2\)/\(2n\) does not hold$)") \
    WRONG("certified-minimum", "fine", every_precision, "predicted minimum (n-1)/(2n) + 2^-100 (every precision must exclude it)", R"(^C1: (?:mpfi:\d+|exact) .*: L\(w\*\) enclosure \S+ contains \(n-1\)/\(2n\) \+ 2\^-100 does not hold$)") \
    HYPOTHESIS("certified-minimum", "w*: sum_i m_i x_i / ||m|| with dyadic m_i >= 0 (relu), so c_i(w*) = m_i/||m|| exactly and w* lies on M; L evaluated per sample with w*'s exact active set") \
    CERTIFIED("C3", "certified-hessian", certified::check_hessian, "at an enclosed w* in M, H = Hessian of the active-branch piece (sigma'(0) = 0): exactly 1 eigenvalue within r = 2^-200 of 4/n, d-k within r of 1/n, k-1 within r of 0 (513 bits)") \
    WRONG("certified-hessian", "coarse", any_precision, "top eigenvalue predicted at 3/n", R"(^C3: (?:mpfi:\d+|exact) .*: cluster 3/n: 0 eigenvalues within 2\^-\d+, predicted 1 does not hold$)") \
    WRONG("certified-hessian", "centre", every_precision, "top eigenvalue predicted at 4/n + 2^-150 (2^50 radii off)", R"(^C3: (?:mpfi:\d+|exact) .*: cluster 4/n \+ 2\^-150: 0 eigenvalues within 2\^-\d+, predicted 1 does not hold$)") \
    WRONG("certified-hessian", "multiplicities", every_precision, "multiplicities (d-k+1, k-2) for the clusters 1/n and 0", R"(^C3: (?:mpfi:\d+|exact) .*: (cluster (1/n|0): \d+ eigenvalues within 2\^-\d+, predicted \d+|the predicted multiplicities sum to \d+, not d = \d+) does not hold$)") \
    HYPOTHESIS("certified-hessian", "w* as in C1; H is the Hessian of (1/n) sum_{i : c_i(w*) > 0} l_i (relu: at samples with c_i(w*) = 0 the convention sigma'(0) = 0); r = 2^-200 at 513 bits (2^-400 at 1025 with --full)") \
    CERTIFIED("C4", "certified-gd-recurrence", certified::check_gd_recurrence, "GD, every t <= T (all T planned steps): ||w_t - (alpha_t P w0 + beta_t (w0 - P w0))||_inf <= eps_t, max eps_t <= 2^-(p/2)") \
    WRONG("certified-gd-recurrence", "coarse", any_precision, "off-support factor 1 - h N in place of 1 - h S", R"(^C4: (?:mpfi:\d+|exact) .*: trajectory and recurrence enclosures overlap at step \d+ does not hold$)") \
    WRONG("certified-gd-recurrence", "eta", any_precision, "the recurrence (only) run with eta + 2^-100", R"(^C4: (?:mpfi:\d+|exact) .*: trajectory and recurrence enclosures overlap at step \d+ does not hold$)") \
    WRONG("certified-gd-recurrence", "unstable-eta", every_precision, "relu at eta = 5n/2, where the recurrence's factors are not positive: fewer than T steps compared must not certify", R"(^C4: (?:mpfi:\d+|exact) relu .*: all T = \d+ planned steps compared \(the recurrence factors are not certainly positive at step \d+\) does not hold$)") \
    HYPOTHESIS("certified-gd-recurrence", "eta: the decimals 0.3 and n/4, exactly (enclosed); full batch; T and P(w0) per instance; every ReLU sign along the run decided on its box, so the kink is never met") \
    CERTIFIED("C5", "certified-gd-limit", certified::check_gd_limit, "GD, for every t >= T: P(w_t) = P(w0) and ||w_t - P w0/||P w0|| ||_2 <= C rho^(t-T), rho < 1 proven on an invariant region R; so w_t -> P w0/||P w0||") \
    WRONG("certified-gd-limit", "coarse", any_precision, "the limit predicted as the positive part of another start (seed + 1), normalised", R"(^C5: mpfi:\d+ .*: the limit's enclosure and the predicted P w0/\|\|P w0\|\| overlap in every coordinate does not hold$)") \
    WRONG("certified-gd-limit", "fine", every_precision, "the limit shifted by 2^-100 in every coordinate", R"(^C5: mpfi:\d+ .*: the limit's enclosure and the predicted P w0/\|\|P w0\|\| overlap in every coordinate does not hold$)") \
    HYPOTHESIS("certified-gd-limit", "full batch; eta: the decimals 0.3 and n/4, enclosed; GD reduced exactly to the pair map in (||P w_t||, ||w_t - P w_t||) (docs/certified.md); R = [1 - 2^-10, 1 + 2^-10] x [0, 2^-10]; T, rho and P(w0) per instance") \
    CERTIFIED("C6", "certified-gd-rate", certified::check_gd_rate, "GD rate r = max(|1-4eta/n|, 1-eta/n): for t >= T contraction by rho <= r + 2^-20 on R; the Jacobian at w_GD has spectral radius r (enclosed), so no smaller rate") \
    WRONG("certified-gd-rate", "coarse", any_precision, "min instead of max", R"(^C6: mpfi:\d+ .*: (the spectral radius of the pair map's Jacobian at \(1, 0\), enclosed, contains the predicted rate|the contraction bound rho on R is within 2\^-20 of the predicted rate) does not hold$)") \
    WRONG("certified-gd-rate", "fine", every_precision, "the rate claimed 2^-40 below max(|1-4eta/n|, 1-eta/n)", R"(^C6: mpfi:\d+ .*: the spectral radius of the pair map's Jacobian at \(1, 0\), enclosed, contains the predicted rate does not hold$)") \
    HYPOTHESIS("certified-gd-rate", "full batch; eta: the decimals 0.3, n/4 and 0.45 n (where |1 - 4 eta/n| = 0.8 dominates), enclosed; R = [1 - 2^-30, 1 + 2^-30] x [0, 2^-30]; instances with ||w0 - P w0|| > 0") \
    CERTIFIED("C7", "certified-stability", certified::check_stability, "GD threshold n/2: eta = 0.49 n attracts for every t >= T; eta = 0.51 n: |du'/du| > 1 near w_GD (repels) and a proven, linearly stable period-2 orbit") \
    WRONG("certified-stability", "coarse", any_precision, "attract and repel swapped (0.51 n claimed attracting, 0.49 n repelling)", R"(^C7: mpfi:\d+ .*: (the prefix enters R within \d+ steps.*|contraction bound rho < 1 on R.*|F\(R\) inside R.*|u's factor .* > 0 on R|\|du'/du\| > 1 on N = .*) does not hold$)") \
    WRONG("certified-stability", "threshold", every_precision, "eta = n/2 + 2^-40 claimed attracting", R"(^C7: mpfi:\d+ .*: (the prefix enters R within \d+ steps.*|contraction bound rho < 1 on R.*|F\(R\) inside R.*) does not hold$)") \
    HYPOTHESIS("certified-stability", "full batch; eta: the decimals 0.49 n and 0.51 n, enclosed; attraction as in C5 (R = [1 - 2^-10, 1 + 2^-10] x [0, 2^-10]); repulsion on N = [1 - 2^-8, 1 + 2^-8] x [0, 2^-8] along the invariant ray {u w_GD : u > 0}") \
    CERTIFIED("C8", "certified-sgd-sparsity", certified::check_sgd_sparsity, "relu SGD, eta = 0.4 b: after a certified prefix one c_k > 0, the rest <= 0; for every continuation the rest stay <= 0 and each batch with k contracts towards x_k by rho < 1") \
    WRONG("certified-sgd-sparsity", "coarse", any_precision, "a wrong k: the next index (k + 1 mod n) claimed selected", R"(^C8: mpfi:\d+ .*: after the prefix, c_\d+ is the one certainly positive coordinate does not hold$)") \
    HYPOTHESIS("certified-sgd-sparsity", "relu; start 2 w0 (3 w0 for the n = 8 and 12 of --full); samplers replacement (b = 1, 2) and reshuffle (b = 2), batches from the seed's batches stream; the seed is the first from 1 whose w0 has >= 2 positive coordinates and whose prefix selects; R = [1 - 2^-10, 1 + 2^-10] x [0, 2^-10] in (c_k, ||w - c_k x_k||)")
// clang-format on
