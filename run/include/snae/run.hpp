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
    /// canonical | rotated | gaussian | correlated:RHO | path of a data file | "array" (data_rows)
    std::string data = "canonical";
    /// The rows of a data file or array are used as given (general data:
    /// no orthonormality check, every quantity from its definition).
    bool any_rows = false;
    std::string eta = "0.1";                ///< step size, finite and > 0
    std::optional<std::uint64_t> batch;     ///< empty: full batch (GD)
    sampler_kind sampler = sampler_kind::replacement;
    remainder_policy remainder = remainder_policy::keep;
    std::optional<std::string> schedule_file;
    std::optional<std::string> init_file;
    std::optional<std::string> init_scale;  ///< default 1/sqrt(d)
    std::uint64_t seed = 0;                 ///< data, w_0 and (unless batch_seed) the batches
    std::optional<std::uint64_t> batch_seed; ///< the batch sequence's seed, when not `seed`
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
    /// Rows given in memory instead of a data file (the Python module's
    /// arrays): decimal tokens as a file's lines would hold them, checked
    /// and read the same way; prepare() names the data "array".
    std::optional<std::vector<std::vector<std::string>>> data_rows;
    /// w_0 given in memory instead of --init FILE: d decimal tokens.
    std::optional<std::vector<std::string>> init_values;
    /// Batches given in memory instead of the lines of --schedule FILE (with
    /// schedule_file naming them, "array"): the indices of each batch as text.
    std::optional<std::vector<std::vector<std::string>>> schedule_rows;
};

/// How messages name the data of a data file or array: "'rows.txt'" or
/// "the data array".
std::string data_source_name(const run_config& config);

/// What a --data value names: data generated from n, d (and the seed), or
/// rows read from a file or array.
enum class data_kind { canonical, rotated, gaussian, correlated, rows };

/// The kind of a --data value: "correlated:RHO" is correlated (RHO after
/// the colon), an unknown name a file.
data_kind kind_of_data(const std::string& data);

/// RHO of "correlated:RHO".
std::string correlation_of(const std::string& data);

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
    /// Under --update scaled (which writes w out only when it is read): the
    /// observer also sees every multiple of this many steps; 0 for none. A
    /// trajectory file asks for --every, and without either the progress
    /// display sees the run about 256 times.
    std::uint64_t observe_every = 0;
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

/// A run's final state in precision T beside its record, for callers that
/// go on computing with it (the Python module converts these values
/// exactly instead of reading the record's decimal strings back).
template <class T>
struct run_values {
    nlohmann::json record;                 ///< the record (the content of --out), as run_train returns it
    std::vector<T> w0, w;                  ///< the start and the last iterate
    std::optional<dataset<T>> data;        ///< the run's data, for measures of other points (trajectories)
    train_outcome outcome;
    /// The measures of w (coords, loss, loss_gap, grad_norm, dist_min, ...);
    /// empty where a sign of w cannot be decided (the record's are null).
    std::optional<point_summary<T>> final;
    std::optional<T> cos_init;             ///< cos(w, w_0); empty if either is 0 or final is empty
    std::vector<std::size_t> support;      ///< {i : |c_i(w)| > support threshold}
};

/// Runs a prepared run in precision T (inside the caller's precision_scope),
/// writes the --out and --trajectory files atomically, and returns the
/// record and the final state. `also`, when given, sees every iterate the
/// run observes (t = 0, every step, the last; under --update scaled every
/// --every steps with a trajectory, else about 256 times). Throws
/// input_error for inputs that fail in precision T (unparseable or
/// overflowing numbers, non-orthonormal data), before any file is created.
template <class T>
run_values<T> run_train_values(const prepared_run& run, const run_hooks& hooks, const iterate_observer<T>& also = {});

/// run_train_values' record alone: what `snae train` prints and writes.
template <class T>
nlohmann::json run_train(const prepared_run& run, const run_hooks& hooks);

#define SNAE_EXTERN_RUN_TRAIN(T)                                                                                        \
    extern template nlohmann::json run_train<T>(const prepared_run&, const run_hooks&);                               \
    extern template run_values<T> run_train_values<T>(const prepared_run&, const run_hooks&, const iterate_observer<T>&); \
    extern template run_inputs<T> make_inputs<T>(const prepared_run&, const std::atomic<bool>*);
SNAE_FOR_EACH_SCALAR(SNAE_EXTERN_RUN_TRAIN)
#undef SNAE_EXTERN_RUN_TRAIN

/// A readable multi-line summary of a record returned by run_train.
std::string summary_text(const nlohmann::json& record);

} // namespace snae
