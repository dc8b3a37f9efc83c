// Golden trajectories: reference iterates of a few fixed configurations,
// computed in MPFR at many bits and stored as decimal strings in
// tests/golden/<case>.json. The tests compare every scalar type against
// them; they are written only by `snae precision --write-golden DIR`.
#pragma once

#include <snae/run.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace snae::precision {

struct golden_case {
    std::string name;
    run_config config;                     ///< steps = the last checkpoint
    std::vector<std::uint64_t> checkpoints; ///< steps whose iterates are stored
};

/// GD and SGD, relu and linear, canonical and rotated data.
std::vector<golden_case> golden_cases();

/// The case's iterates at its checkpoints in MPFR at `bits`:
/// {"case", "config", "bits", "status", "checkpoints": [{"step", "w": [decimal, ...]}]}.
nlohmann::json golden_record(const golden_case& c, long bits);

/// The same iterates as computed by snae's own arithmetic in type T (mpfr_real
/// at the caller's precision), as exact decimals: a regression pin, not a
/// reference. A different value means the arithmetic changed.
template <class T>
std::vector<std::vector<std::string>> pinned_iterates(const golden_case& c);

/// {"<scalar name>": {"digits": p, "checkpoints": [[decimal, ...], ...]}} for
/// every supported type (mpfr at 256 bits).
nlohmann::json pinned_record(const golden_case& c);

} // namespace snae::precision
