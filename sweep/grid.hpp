// A sweep: a grid of training runs given by axes of tokens (from flags, a
// JSON config file or a preset), expanded into concrete runs and checked
// before any of them starts.
#pragma once

#include <snae/measures.hpp>
#include <snae/run.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace snae::sweep {

/// A sweep as the user gives it. Every axis is a list of tokens; the grid is
/// their Cartesian product times the seed range. Tokens that depend on n
/// ("n/2", "n-1", "400*n") are evaluated per grid point.
struct sweep_config {
    std::string name;                                    ///< empty: derived from the configuration's hash
    std::vector<std::string> scalar{"double"};
    std::vector<std::string> activation{"relu"};
    std::vector<std::string> data{"canonical"};          ///< canonical | rotated | gaussian | correlated:RHO | path of a data file
    bool any_rows = false;                               ///< the rows of data files are used as given (general data)
    std::vector<std::string> n;                          ///< required unless every data value is a file
    std::vector<std::string> d{"n"};                     ///< INT | n | n+INT | INT*n
    std::vector<std::string> batch{"full"};              ///< full | INT | n | n/INT | n-INT
    std::vector<std::string> sampler{"replacement"};     ///< replacement | reshuffle | cyclic
    std::vector<std::string> eta;                        ///< absolute step sizes (decimal)
    std::vector<std::string> eta_factor;                 ///< eta = factor * b/2 (b = n for full); default 0.8
    std::vector<std::string> init_scale{"default"};      ///< decimal, or default = 1/sqrt(d)
    std::vector<std::string> steps{"1000*n"};            ///< budget: INT | INT*n
    std::vector<std::string> tol{"1024u"};               ///< decimal | Ku (K unit roundoffs) | none
    std::uint64_t seed_first = 0, seed_count = 10;
    /// Seeds of the batch sequence, innermost: every seed (data and w_0)
    /// runs with each of them. Count 0: the batches follow the seed.
    std::uint64_t batch_seed_first = 0, batch_seed_count = 0;
    /// The study whose tables and figures are written besides the
    /// summaries: none | selection | phase | near-orthogonal (studies.hpp).
    std::string study = "none";
    std::string tol_on = "auto";                         ///< auto | distance | gradient | sample-gradient
    std::string check_every = "epoch";                   ///< epoch (ceil(n/b) steps) | INT
    std::string remainder = "keep";                      ///< keep | drop
    std::string support_threshold = "1e-6";
    std::string update = "reference";                    ///< reference | scaled (canonical data only)
    /// auto (structured on canonical data, dense on other data) | structured
    /// (canonical data only) | dense | none: how tr H and lambda_max are
    /// measured (spectrum_of).
    std::string spectrum = "auto";
};

/// The runs of one grid point: seeds times batch seeds.
inline std::uint64_t runs_per_point(const sweep_config& c) { return c.seed_count * std::max<std::uint64_t>(1, c.batch_seed_count); }

/// The spectrum method of a run of `config` on `data` (canonical, rotated or a file).
spectrum_method spectrum_of(const sweep_config& config, const std::string& data);

/// The preset named (batch-size, batch-size-large, selection, phase,
/// near-orthogonal), full or --quick. Throws input_error("--preset") if unknown.
sweep_config preset(const std::string& name, bool quick);

/// Nesting accepted in JSON read from files: a configuration is 2 levels
/// deep, summary.json 5. Printing, copying or comparing a JSON value
/// recurses once per level, so a deeper one could overflow the stack.
constexpr int max_json_depth = 16;
enum class json_read { ok, not_json, too_deep };
/// Parses `text` into `out`, refusing while it parses any value nested
/// deeper than max_json_depth (`out` is then null and never was deep).
json_read parse_shallow_json(const std::string& text, nlohmann::json& out);

/// Reads "A..B" (0 <= A <= B < 10^18, at most 10^6 values) into first and
/// count; throws input_error(flag) otherwise.
void parse_seed_range(const std::string& text, const std::string& flag, std::uint64_t& first, std::uint64_t& count);

/// Reads a JSON config file, or the configuration echoed in any output of a
/// previous sweep (summary.json, runs.csv, summary.csv, summary.md,
/// summary.tex), at most max_input_bytes. Throws input_error("--config")
/// naming the unknown key or bad value, or interrupted_error.
sweep_config read_config(const std::string& path, const std::atomic<bool>* interrupt = nullptr);

/// Applies the keys of a JSON object onto `config` (the config-file format).
void apply_json(sweep_config& config, const nlohmann::json& j, const std::string& where);

/// The configuration as JSON (complete, defaults filled in): what
/// read_config reads back and what the default name hashes.
nlohmann::json to_json(const sweep_config& config);

/// The echo written into every output (config.json, the summaries' headers):
/// to_json plus "provenance", the build that wrote it (snae/provenance.hpp),
/// which read_config ignores.
nlohmann::json echo_json(const sweep_config& config);

/// The name used for the default output folder reports/<name>.
std::string sweep_name(const sweep_config& config);

/// One concrete run of the grid.
struct grid_run {
    std::size_t id = 0, point = 0;   ///< run index; grid point index (runs of one point differ only in seed)
    prepared_run run;                ///< the run, exactly as `snae train` would prepare it
    std::string batch_label;         ///< "full" or the batch size
    std::string eta_label;           ///< the eta token as given (e.g. "0.8*b/2")
    std::string tol_label;           ///< the tol token ("1024u", "1e-12" or "none")
    std::string slice;               ///< the tokens of every axis but n, d and batch: the points a figure compares
};

/// Every run of the sweep in canonical order (scalar, activation, data, n,
/// d, batch, sampler, eta, init scale, steps, tol, then seed, then batch
/// seed innermost).
/// Throws input_error naming the flag and the grid point for an empty grid
/// or an impossible point (b > n, n > d, bad token), before anything runs;
/// throws interrupted_error when *interrupt becomes true.
std::vector<grid_run> expand(const sweep_config& config, const std::atomic<bool>* interrupt = nullptr);

/// Column values that identify a run in runs.csv (checked on resume).
std::vector<std::string> key_columns(const grid_run& r);
std::vector<std::string> key_column_names();

} // namespace snae::sweep
