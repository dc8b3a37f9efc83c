// A complete training run described by a type-independent configuration, as
// `snae train` performs it: read and check the inputs, build the data, w_0
// and the batch sequence, train, and report.
//
// run_train<T> is explicitly instantiated for the supported scalar list
// (snae/scalars.hpp); other types use snae/trainer.hpp directly.
#pragma once

#include "snae/model.hpp"
#include "snae/sampler.hpp"
#include "snae/scalars.hpp"
#include "snae/trainer.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace snae {

/// Everything that defines a run. Decimal values stay strings until they are
/// read, correctly rounded, in the working precision.
struct run_config {
    activation act = activation::relu;
    std::optional<std::uint64_t> n, d;      ///< required unless a data file gives them
    std::string data = "canonical";         ///< canonical | rotated | path of a data file
    std::string eta = "0.1";                ///< step size, finite and > 0
    std::optional<std::uint64_t> batch;     ///< empty: full batch (GD)
    sampler_kind sampler = sampler_kind::replacement;
    remainder_policy remainder = remainder_policy::keep;
    std::optional<std::string> schedule_file;
    std::optional<std::string> init_file;
    std::optional<std::string> init_scale;  ///< default 1/sqrt(d)
    std::uint64_t seed = 0;
    std::uint64_t steps = 1000;
    std::optional<std::string> tol;
    tol_kind tol_on = tol_kind::distance;
    std::uint64_t check_every = 1;
    scalar_spec scalar;
    std::string support_threshold = "1e-6";
    std::string diverge_norm = "1e6";
    std::optional<std::string> orth_tol;    ///< default 64 d u
    std::optional<std::string> out, trajectory; ///< regular files or new ones (snae/atomic_file.hpp), not one file
    std::uint64_t every = 1;
    update_rule update = update_rule::reference; ///< --update (scaled: canonical data only)
};

/// The inputs read from files and checked for shape, before the precision
/// is known: decimal tokens, the resolved n and d, and the schedule.
struct prepared_run {
    run_config config;
    std::size_t n = 0, d = 0;
    std::vector<std::string> data_tokens;   ///< n*d, row by row (data file only)
    std::vector<std::string> init_tokens;   ///< d (init file only)
    std::vector<std::vector<std::size_t>> schedule;
    std::string init_scale;                 ///< resolved decimal scale
};

/// Checks ranges and the output paths (output_target_problem, and out and
/// trajectory not one file), and reads the input files, before any work;
/// throws input_error naming the flag, or interrupted_error when *interrupt
/// becomes true while an input file is read.
prepared_run prepare(const run_config& config, const std::atomic<bool>* interrupt = nullptr);

/// The configuration as JSON (the `config` key of the output).
nlohmann::json to_json(const run_config& config);

struct run_hooks {
    /// Called after every step with (t, max steps); may be empty.
    std::function<void(std::uint64_t, std::uint64_t)> progress;
    const std::atomic<bool>* interrupt = nullptr;
    /// Put the d- and n-vectors (w0, w, coords, support) in the returned
    /// record. The --out file holds them either way, streamed from the run's
    /// vectors; the command line turns this off: at d = 10^6 they are three
    /// million decimal strings in memory that only the file needs.
    bool record_vectors = true;
};

/// A prepared run read in precision T: what train() takes. The same inputs
/// for `snae train`, `snae sweep` and library users, so a sweep row and the
/// train run with the same flags are the same computation.
template <class T>
struct run_inputs {
    T eta, support_threshold;
    stopping_rule<T> rule;
    std::optional<dataset<T>> data;
    std::vector<T> w0;
    batch_sampler sampler;
};

/// Reads a prepared run in precision T (inside the caller's precision_scope):
/// data, w_0, batch sequence and stopping rule. Throws input_error for inputs
/// that fail in precision T (unparseable or overflowing numbers,
/// non-orthonormal data).
template <class T>
run_inputs<T> make_inputs(const prepared_run& run, const std::atomic<bool>* interrupt = nullptr);

/// Runs a prepared run in precision T (inside the caller's precision_scope),
/// writes the --out and --trajectory files atomically, and returns the JSON
/// record (the content of --out). Throws input_error for inputs that fail in
/// precision T (unparseable or overflowing numbers, non-orthonormal data),
/// before any file is created.
template <class T>
nlohmann::json run_train(const prepared_run& run, const run_hooks& hooks);

#define SNAE_EXTERN_RUN_TRAIN(T)                                                                                        \
    extern template nlohmann::json run_train<T>(const prepared_run&, const run_hooks&);                               \
    extern template run_inputs<T> make_inputs<T>(const prepared_run&, const std::atomic<bool>*);
SNAE_FOR_EACH_SCALAR(SNAE_EXTERN_RUN_TRAIN)
#undef SNAE_EXTERN_RUN_TRAIN

/// A readable multi-line summary of a record returned by run_train.
std::string summary_text(const nlohmann::json& record);

} // namespace snae
