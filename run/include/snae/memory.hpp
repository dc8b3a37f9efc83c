// Up-front memory estimates: a run that cannot fit in the memory available
// is bad input, refused before any work with the estimate, rather than an
// abort in GMP or std::bad_alloc after minutes of work (docs/reliability.md).
#pragma once

#include "snae/scalars.hpp"

#include <optional>
#include <string>

namespace snae {

/// Bytes one value of the scalar occupies, storage included: the object,
/// and for MPFR beyond its inline 256 bits the limbs on the heap with the
/// allocator's overhead (an estimate, to within a small factor).
double bytes_per_value(const scalar_spec& s);

/// MemAvailable of /proc/meminfo in bytes, else the physical memory, else
/// nothing (no check is then made).
std::optional<double> available_memory();

/// Throws input_error(flag, ...) if `values` values of the scalar need more
/// memory than is available; `what` says what they are for the message.
void check_fits_in_memory(const std::string& flag, double values, const scalar_spec& s, const std::string& what);

} // namespace snae
