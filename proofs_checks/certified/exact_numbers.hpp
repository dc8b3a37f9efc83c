// Exact numbers for certificates that leave snae (docs/certificates.md):
// rationals written "p/q", interval endpoints as the exact dyadic rationals
// they are, and an instance (data, w0, eta) with every entry exact, so
// that an independent checker can recompute every claim from it.
#pragma once

#include "../instance.hpp"

#include <snae/interval.hpp>

#include <gmpxx.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace snae::proofs_checks {

/// "p/q" (or "p" when q = 1), in lowest terms.
std::string rational_text(const mpq_class& q);
/// An MPFR number exactly (a dyadic rational).
mpq_class exact_rational(mpfr_srcptr v);
/// [lo, hi] of a box, each endpoint exactly.
nlohmann::json interval_json(const interval& x);
/// The upper endpoint of a box exactly (a bound stated as a number).
std::string upper_rational(const interval& x);

/// A decimal ("0.3", "-1.25e-2") as the exact rational it denotes.
mpq_class decimal_rational(const std::string& decimal);

/// The first n rows of Q = I - 2 v v^T / (v^T v), v = (1..d), exactly.
std::vector<mpq_class> householder_rows_exact(std::size_t n, std::size_t d);

/// The instance as certificates give it: activation, n, d, the data
/// (canonical, or exact rational rows), w0 (the seed's doubles times the
/// scale, exactly) and eta (exact; null for none).
nlohmann::json exact_instance(const instance& in, const mpq_class* eta);

} // namespace snae::proofs_checks
