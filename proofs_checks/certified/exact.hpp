// EXACT instances of C1, C3 and C4: rational data that are exactly
// orthonormal, rational points of M, rational eta and dyadic w0, decided in
// GMP's rational arithmetic with no rounding at all (docs/certified.md,
// "Exact instances"). Each runs after its claim's interval instances, under
// the precision name "exact", and records its statements at level EXACT.
#pragma once

#include "../claims.hpp"

namespace snae::proofs_checks::certified {

/// C1: L(w*) = (n-1)/(2n) exactly at rational points of M; L > (n-1)/(2n)
/// at (1 +- 2^-8) w*.
void exact_minimum(const check_options& opt, tally& t);
/// C3: H V = V diag(lambda) with V rational and det V != 0, so the spectrum
/// with multiplicities is exactly {4/n x 1, 1/n x (d-k), 0 x (k-1)}.
void exact_hessian(const check_options& opt, tally& t);
/// C4: the first T GD steps, exactly, equal alpha_t P w0 + beta_t (w0 - P w0).
void exact_gd_recurrence(const check_options& opt, tally& t);

} // namespace snae::proofs_checks::certified
