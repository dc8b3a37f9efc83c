// `snae sweep`: flags and config file -> sweep_config -> run_sweep.
#include "command.hpp"
#include "flag_values.hpp"
#include "progress.hpp"

#include <grid.hpp>
#include <mpi_dispatch.hpp>
#include <summary.hpp>
#include <sweep.hpp>

#include <snae/errors.hpp>
#include <snae/text.hpp>

#include <iostream>

namespace snae::cli {

namespace {

/// The items of a comma-separated list; an empty item or list is bad input.
std::vector<std::string> split_list(const std::string& flag, const std::string& text)
{
    if (!text.empty() && text.back() == ',')
        throw input_error(flag, "empty item at the end of the list '" + shown(text) + "'; expected comma-separated values");
    const std::vector<std::string> out = split(text);
    for (const auto& item : out)
        if (item.empty()) throw input_error(flag, "empty item in the list '" + shown(text) + "'; expected comma-separated values");
    if (out.empty()) throw input_error(flag, "empty list; the grid would be empty");
    return out;
}

/// A grid of runs from flags, a JSON config file or a preset (flags override
/// the file's keys), aggregated over seeds into tables and figures.
/// Comma-separated lists give an axis several values.
class sweep_command final : public command {
public:
    void attach(CLI::App& parent) override;
    int run(const std::atomic<bool>& interrupted) const override;

private:
    sweep::sweep_config config(const std::atomic<bool>& interrupted) const;
    void apply_axes(sweep::sweep_config& c) const;
    void apply_settings(sweep::sweep_config& c) const;
    unsigned threads() const;
    int report(const sweep::sweep_outcome& out, const sweep::sweep_options& opt) const;
    struct options {
        std::string config, preset, name, scalar, activation, data, n, d, batch, sampler, eta, eta_factor, init_scale,
            steps, tol, seeds, batch_seeds, tol_on, check_every, remainder, support_threshold, out_dir, threads, columns, update,
            spectrum, shard, study;
        std::vector<std::string> merge;
        bool quick = false, quiet = false, no_figures = false, no_spectrum = false, any_rows = false;
        std::string figure_format = plot::default_figure_format, figure_size = plot::default_figure_size,
                    figure_titles = plot::default_figure_titles;
    } o_;
};

void sweep_command::attach(CLI::App& parent)
{
    app_ = parent.add_subcommand("sweep", "Run a grid of GD/SGD runs over seeds and write runs.csv, summary tables "
                                          "(csv, md, tex, json) and figures (pdf, png, svg). Lists are comma-separated; "
                                          "flags override the keys of --config or --preset.");
    CLI::App& a = *app_;
    a.add_option("--config", o_.config, "JSON file of sweep keys, or any output of an earlier sweep (its configuration is echoed in it)");
    a.add_option("--preset", o_.preset, "a built-in sweep: batch-size (the theory's batch-size comparison, 360 runs) | batch-size-large "
                                          "(n up to 4096, 100 seeds: 1800 runs, for a cluster) | selection (which coordinate SGD "
                                          "selects, in float, double and mpfr:256) | phase (batch size x step size, across eta = b/2 "
                                          "and n/2) | near-orthogonal (gaussian and correlated data against the theory); docs/beyond.md");
    a.add_flag("--quick", o_.quick, "with --preset: smaller n and fewer seeds (seconds)");
    a.add_option("--study", o_.study, "none | selection | phase | near-orthogonal: the study tables and figures written besides "
                                      "the summaries (default: the preset's, else none)");
    a.add_option("--name", o_.name, "name of the sweep (default: the preset's, or sweep-<hash of the configuration>)");
    a.add_option("--scalar", o_.scalar, "scalar types, e.g. double,mpfr:256 (default double)");
    a.add_option("--activation", o_.activation, "relu | linear (default relu)");
    a.add_option("--data", o_.data, "canonical | rotated | gaussian | correlated:RHO | FILE (default canonical)");
    a.add_flag("--any-rows", o_.any_rows, "use the rows of data files as given (general data, no orthonormality check)");
    a.add_option("--n", o_.n, "numbers of data vectors, integers >= 1");
    a.add_option("--d", o_.d, "dimensions: INT | n | n+INT | INT*n (default n)");
    a.add_option("--batch", o_.batch, "batch sizes: full | INT | n | n/INT | n-INT (default full)");
    a.add_option("--sampler", o_.sampler, "replacement | reshuffle | cyclic (default replacement)");
    a.add_option("--eta", o_.eta, "absolute step sizes, decimals > 0 (instead of --eta-factor)");
    a.add_option("--eta-factor", o_.eta_factor, "step size as a multiple of the per-batch threshold b/2 (b = n for full), decimal > 0 (default 0.8)");
    a.add_option("--init-scale", o_.init_scale, "scale of w_0 ~ N(0, scale^2 I): decimal > 0 | default (1/sqrt(d))");
    a.add_option("--seeds", o_.seeds, "seed range A..B, inclusive (default 0..9): data and w_0, and the batches unless --batch-seeds");
    a.add_option("--batch-seeds", o_.batch_seeds, "seed range A..B of the batch sequence, run for every seed (default: same, the seed's)");
    a.add_option("--steps", o_.steps, "step budgets: INT | INT*n (default 1000*n)");
    a.add_option("--tol", o_.tol, "tolerances: decimal > 0 | Ku (K unit roundoffs of the run's type) | none (default 1024u)");
    a.add_option("--tol-on", o_.tol_on, "auto (distance for full batch, sample-gradient otherwise) | distance | gradient | sample-gradient");
    a.add_option("--check-every", o_.check_every, "test the tolerance every epoch (ceil(n/b) steps, default) or every INT steps");
    a.add_option("--remainder", o_.remainder, "keep | drop: the short last batch of an epoch (default keep)");
    a.add_option("--support-threshold", o_.support_threshold, "|c_i| above this counts in the support, decimal >= 0 (default 1e-6)");
    a.add_option("--update", o_.update, "reference (default: the arithmetic the claims pin) | scaled (canonical data: O(batch) per "
                                        "step, other roundings; docs/performance.md)");
    a.add_option("--spectrum", o_.spectrum, "how tr H and lambda_max are measured: auto (default: structured on canonical data, dense "
                                            "otherwise) | structured (O(n + d), canonical data) | dense (autodiff Hessian and "
                                            "eigen-solver, O(d^3)) | none (tr H of the dense Hessian only)");
    a.add_flag("--no-spectrum", o_.no_spectrum, "the same as --spectrum none");
    a.add_flag("--no-figures", o_.no_figures, "write the tables only");
    a.add_option("--columns", o_.columns, "columns of summary.md and summary.tex: paper (default; fits a one-column page) | all | "
                                          "a comma-separated list of " + join(sweep::table_column_names(), ", "));
    a.add_option("--figure-format", o_.figure_format, plot::figure_format_help)->default_str(plot::default_figure_format);
    a.add_option("--figure-size", o_.figure_size, plot::figure_size_help)->default_str(plot::default_figure_size);
    a.add_option("--figure-titles", o_.figure_titles, plot::figure_titles_help)->default_str(plot::default_figure_titles);
    a.add_option("--out-dir", o_.out_dir, "output folder (default reports/<name>)");
    a.add_option("--threads", o_.threads, "worker threads, integer in [1, 1024] (default: every core; under mpirun, the node's "
                                          "cores shared among its ranks)");
    a.add_option("--shard", o_.shard, "I/N: run only the I-th of N shards (1 <= I <= N), into its own --out-dir, for job arrays; "
                                      "combine them with --merge");
    a.add_option("--merge", o_.merge, "shard folders to combine into --out-dir (default reports/<name>), with the summaries "
                                      "and figures once every run is there; the configuration is the shards'")
        ->expected(1, -1);
    a.add_flag("--quiet,-q", o_.quiet, "print nothing but errors");
}

/// The preset or config file, with the flags' overrides.
sweep::sweep_config sweep_command::config(const std::atomic<bool>& interrupted) const
{
    if (!o_.config.empty() && !o_.preset.empty()) throw input_error("--preset", "give --preset or --config, not both");
    if (o_.quick && o_.preset.empty()) throw input_error("--quick", "only applies to --preset");
    sweep::sweep_config c = !o_.preset.empty() ? sweep::preset(o_.preset, o_.quick)
                            : !o_.config.empty() ? sweep::read_config(o_.config, &interrupted)
                                                 : sweep::sweep_config{};
    // A flag given with an empty value empties its axis, and with it the grid.
    for (const char* flag : {"--scalar", "--activation", "--data", "--n", "--d", "--batch", "--sampler", "--eta", "--eta-factor",
                             "--init-scale", "--steps", "--tol", "--seeds"})
        if (app_->count(flag) > 0 && app_->get_option(flag)->as<std::string>().empty())
            throw input_error(flag, "empty value; the grid would be empty (give at least one value)");
    if (!o_.name.empty()) c.name = o_.name;
    apply_axes(c);
    apply_settings(c);
    return c;
}

/// The grid's axes given as lists.
void sweep_command::apply_axes(sweep::sweep_config& c) const
{
    auto list = [](const std::string& flag, const std::string& text, std::vector<std::string>& axis) {
        if (!text.empty()) axis = split_list(flag, text);
    };
    list("--scalar", o_.scalar, c.scalar);
    list("--activation", o_.activation, c.activation);
    list("--data", o_.data, c.data);
    list("--n", o_.n, c.n);
    list("--d", o_.d, c.d);
    list("--batch", o_.batch, c.batch);
    list("--sampler", o_.sampler, c.sampler);
    // --eta and --eta-factor are two ways to give one axis: either replaces the other.
    if (!o_.eta.empty()) {
        c.eta = split_list("--eta", o_.eta);
        if (o_.eta_factor.empty()) c.eta_factor.clear();
    }
    if (!o_.eta_factor.empty()) {
        c.eta_factor = split_list("--eta-factor", o_.eta_factor);
        if (o_.eta.empty()) c.eta.clear();
    }
    list("--init-scale", o_.init_scale, c.init_scale);
    list("--steps", o_.steps, c.steps);
    list("--tol", o_.tol, c.tol);
}

/// The seeds and the settings that are one value for the whole grid.
void sweep_command::apply_settings(sweep::sweep_config& c) const
{
    if (!o_.seeds.empty()) sweep::parse_seed_range(o_.seeds, "--seeds", c.seed_first, c.seed_count);
    if (o_.batch_seeds == "same") c.batch_seed_count = 0;
    else if (!o_.batch_seeds.empty()) sweep::parse_seed_range(o_.batch_seeds, "--batch-seeds", c.batch_seed_first, c.batch_seed_count);
    if (o_.any_rows) c.any_rows = true;
    if (!o_.study.empty()) c.study = o_.study;
    if (!o_.tol_on.empty()) c.tol_on = o_.tol_on;
    if (!o_.check_every.empty()) c.check_every = o_.check_every;
    if (!o_.remainder.empty()) c.remainder = o_.remainder;
    if (!o_.support_threshold.empty()) c.support_threshold = o_.support_threshold;
    if (!o_.update.empty()) c.update = o_.update;
    if (!o_.spectrum.empty()) c.spectrum = o_.spectrum;
    if (o_.no_spectrum) {
        if (!o_.spectrum.empty() && o_.spectrum != "none")
            throw input_error("--no-spectrum", "contradicts --spectrum " + shown(o_.spectrum) + "; give one of them");
        c.spectrum = "none";
    }
}

/// --threads, or 0 (every core) without it.
unsigned sweep_command::threads() const
{
    if (o_.threads.empty()) return 0;
    const auto v = digits_value(o_.threads, 4);
    if (!v || *v < 1 || *v > 1024) throw input_error("--threads", "expected an integer in [1, 1024], got '" + shown(o_.threads) + "'");
    return static_cast<unsigned>(*v);
}

int sweep_command::run(const std::atomic<bool>& interrupted) const
{
    sweep::sweep_options opt;
    // Presentation only: not part of the configuration, so not of the sweep's name.
    opt.figure_style = plot::parse_figure_options(o_.figure_format, o_.figure_size, o_.figure_titles);
    if (!o_.merge.empty())
        for (const char* flag : {"--config", "--preset", "--shard", "--threads"})
            if (app_->count(flag) > 0) throw input_error("--merge", std::string("takes the shards' configuration; drop ") + flag);
    const sweep::sweep_config c = o_.merge.empty() ? config(interrupted) : sweep::sweep_config{};
    if (!o_.threads.empty()) opt.threads = threads();
    if (!o_.shard.empty()) sweep::parse_shard(o_.shard, "--shard", opt);
    opt.out_dir = o_.out_dir;
    opt.figures = !o_.no_figures;
    if (app_->count("--columns") > 0) opt.table_columns = sweep::table_columns(split_list("--columns", o_.columns));
    opt.interrupt = &interrupted;
    std::optional<sweep::mpi_world> world;
    if (o_.merge.empty() && sweep::launched_as_mpi_rank()) world.emplace();
    opt.mpi = world ? &*world : nullptr;
    const bool quiet = o_.quiet || (world && world->rank() != 0); // one progress line and one report, from rank 0
    progress_meter meter(quiet, "sweep", "run", 1);
    opt.progress = [&meter](const sweep::sweep_progress& p) { meter.update(p.done, p.total, p.eta); };
    opt.note = [quiet](const std::string& s) {
        if (!quiet) std::cerr << "sweep: " << s << '\n';
    };
    std::vector<std::filesystem::path> dirs(o_.merge.begin(), o_.merge.end());
    const auto out = o_.merge.empty() ? sweep::run_sweep(c, opt) : sweep::merge_shards(dirs, opt);
    meter.finish();
    if (world && world->rank() != 0) return out.interrupted ? 130 : 0;
    return report(out, opt);
}

/// The outcome for the user: the files written, or what is left to run.
int sweep_command::report(const sweep::sweep_outcome& out, const sweep::sweep_options& opt) const
{
    const std::string runs_csv = (out.out_dir / "runs.csv").string();
    if (out.interrupted) {
        std::cerr << "sweep: interrupted; " << out.resumed + out.ran << " of " << out.runs << " runs are saved in " << runs_csv
                  << "; run the same command again to finish\n";
        return 130;
    }
    if (o_.quiet) return 0;
    const std::string& name = out.name;
    if (opt.shard_count > 1)
        std::cout << "sweep " << name << ": shard " << opt.shard_index << "/" << opt.shard_count << " done (" << out.ran << " run now, "
                  << out.resumed << " resumed) in " << runs_csv << "; combine the shards with snae sweep --merge\n";
    else if (out.missing)
        std::cout << "sweep " << name << ": " << out.runs - out.missing << " of " << out.runs << " runs in " << runs_csv << "; "
                  << out.missing << " missing: finish their shards and merge again, or run them here with snae sweep --config "
                  << (out.out_dir / "config.json").string() << " --out-dir " << out.out_dir.string() << "\n";
    else
        std::cout << "sweep " << name << ": " << out.runs << " runs (" << out.ran << (o_.merge.empty() ? " run now, " : " merged, ")
                  << out.resumed << " resumed)\n";
    for (const auto& f : out.files) std::cout << "wrote " << (out.out_dir / f).string() << '\n';
    return 0;
}

} // namespace

std::unique_ptr<command> make_sweep_command() { return std::make_unique<sweep_command>(); }

} // namespace snae::cli
