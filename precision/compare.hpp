// One run in several scalar types against a high-precision reference, in
// lockstep: the same data, w_0 and batch sequence, the deviation of every
// iterate measured in the reference's precision.
#pragma once

#include <snae/run.hpp>
#include <snae/scalars.hpp>

#include <atomic>
#include <optional>
#include <string>
#include <vector>

namespace snae::precision {

struct compare_options {
    long reference_bits = 0;        ///< 0: default_reference_bits(types)
    double threshold = 1e-6;        ///< relative deviation reported by first_exceed
    bool keep_series = true;        ///< keep the per-step deviations (for the figure)
    const std::atomic<bool>* interrupt = nullptr;
};

/// How one type's trajectory compares with the reference's.
struct type_result {
    std::string scalar;
    long bits = 0;
    double unit_roundoff = 0;
    std::string status = "ok";       ///< ok | diverged (not finite or past --diverge-norm) | undecidable | interrupted
    std::uint64_t steps = 0;         ///< steps compared
    double max_abs = 0;              ///< max_t ||w_T(t) - w_ref(t)||
    double max_rel = 0;              ///< max_t ||w_T(t) - w_ref(t)|| / ||w_ref(t)||
    std::optional<std::uint64_t> first_exceed;  ///< first t with relative deviation > threshold
    double K = 0;                    ///< max_abs / (u steps): the empirical constant
    std::vector<std::size_t> support, ref_support;
    std::optional<std::size_t> selected, ref_selected;  ///< argmax_i |c_i| at the end
    std::string loss_gap;            ///< L(w_T) - (n-1)/(2n) at the end, in T; "n/a" on general rows
    std::vector<double> t, rel;      ///< recorded steps and relative deviations
    bool same_support() const { return support == ref_support; }
    bool same_selection() const { return selected == ref_selected; }
};

/// 4 times the widest type tested, at least 1024 bits, rounded up to a multiple of 64.
long default_reference_bits(const std::vector<scalar_spec>& types);

/// Runs `run` (its --steps, no tolerance) in type `spec` and in MPFR at
/// `reference_bits`, step by step with one batch sequence.
type_result compare_type(const prepared_run& run, const scalar_spec& spec, long reference_bits, const compare_options& opt);

/// The default types, also those of the golden files' pinned iterates: float,
/// double, long double, float128, cpp_bin_float_50 and 100, mpfr:256.
std::vector<scalar_spec> default_types();

/// The error law: deviation from MPFR at `reference_bits` after the run's
/// steps, for MPFR at each of `bits`; slope of log2(max_abs) against bits by
/// least squares.
struct law_result {
    std::vector<long> bits;
    std::vector<double> log2_deviation;
    double slope = 0, intercept = 0;
};
law_result error_law(const prepared_run& run, const std::vector<long>& bits, long reference_bits,
                     const std::atomic<bool>* interrupt = nullptr);

} // namespace snae::precision
