// `snae sweep`: flags and config file -> sweep_config -> run_sweep.
#include "sweep_command.hpp"

#include "progress.hpp"

#include <grid.hpp>
#include <sweep.hpp>

#include <snae/errors.hpp>

#include <iostream>
#include <sstream>

namespace snae::cli {

namespace {

std::vector<std::string> split_list(const std::string& flag, const std::string& text)
{
    std::vector<std::string> out;
    if (!text.empty() && text.back() == ',')
        throw input_error(flag, "empty item at the end of the list '" + text + "'; expected comma-separated values");
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        if (item.empty()) throw input_error(flag, "empty item in the list '" + text + "'; expected comma-separated values");
        out.push_back(item);
    }
    if (out.empty()) throw input_error(flag, "empty list; the grid would be empty");
    return out;
}

} // namespace

void sweep_command::attach(CLI::App& parent)
{
    app_ = parent.add_subcommand("sweep", "Run a grid of GD/SGD runs over seeds and write runs.csv, summary tables "
                                          "(csv, md, tex, json) and figures (svg, png). Lists are comma-separated; "
                                          "flags override the keys of --config or --preset.");
    CLI::App& a = *app_;
    a.add_option("--config", o_.config, "JSON file of sweep keys, or any output of an earlier sweep (its configuration is echoed in it)");
    a.add_option("--preset", o_.preset, "a built-in sweep: batch-size (the theory's batch-size comparison)");
    a.add_flag("--quick", o_.quick, "with --preset: smaller n and fewer seeds (about a second)");
    a.add_option("--name", o_.name, "name of the sweep (default: the preset's, or sweep-<hash of the configuration>)");
    a.add_option("--scalar", o_.scalar, "scalar types, e.g. double,mpfr:256 (default double)");
    a.add_option("--activation", o_.activation, "relu | linear (default relu)");
    a.add_option("--data", o_.data, "canonical | rotated | FILE (default canonical)");
    a.add_option("--n", o_.n, "numbers of data vectors, integers >= 1");
    a.add_option("--d", o_.d, "dimensions: INT | n | n+INT | INT*n (default n)");
    a.add_option("--batch", o_.batch, "batch sizes: full | INT | n | n/INT | n-INT (default full)");
    a.add_option("--sampler", o_.sampler, "replacement | reshuffle | cyclic (default replacement)");
    a.add_option("--eta", o_.eta, "absolute step sizes, decimals > 0 (instead of --eta-factor)");
    a.add_option("--eta-factor", o_.eta_factor, "step size as a multiple of the per-batch threshold b/2 (b = n for full), decimal > 0 (default 0.8)");
    a.add_option("--init-scale", o_.init_scale, "scale of w_0 ~ N(0, scale^2 I): decimal > 0 | default (1/sqrt(d))");
    a.add_option("--seeds", o_.seeds, "seed range A..B, inclusive (default 0..9)");
    a.add_option("--steps", o_.steps, "step budgets: INT | INT*n (default 1000*n)");
    a.add_option("--tol", o_.tol, "tolerances: decimal > 0 | Ku (K unit roundoffs of the run's type) | none (default 1024u)");
    a.add_option("--tol-on", o_.tol_on, "auto (distance for full batch, sample-gradient otherwise) | distance | gradient | sample-gradient");
    a.add_option("--check-every", o_.check_every, "test the tolerance every epoch (ceil(n/b) steps, default) or every INT steps");
    a.add_option("--remainder", o_.remainder, "keep | drop: the short last batch of an epoch (default keep)");
    a.add_option("--support-threshold", o_.support_threshold, "|c_i| above this counts in the support, decimal >= 0 (default 1e-6)");
    a.add_flag("--no-spectrum", o_.no_spectrum, "skip the eigen-solver (lambda_max); tr H is still computed");
    a.add_flag("--no-figures", o_.no_figures, "write the tables only");
    a.add_option("--out-dir", o_.out_dir, "output folder (default reports/<name>)");
    a.add_option("--threads", o_.threads, "worker threads, integer in [1, 1024] (default: every core)");
    a.add_flag("--quiet,-q", o_.quiet, "print nothing but errors");
}

int sweep_command::run(const std::atomic<bool>& interrupted) const
{
    using sweep::sweep_config;
    if (!o_.config.empty() && !o_.preset.empty()) throw input_error("--preset", "give --preset or --config, not both");
    if (o_.quick && o_.preset.empty()) throw input_error("--quick", "only applies to --preset");
    sweep_config c = !o_.preset.empty() ? sweep::preset(o_.preset, o_.quick)
                     : !o_.config.empty() ? sweep::read_config(o_.config, &interrupted)
                                          : sweep_config{};
    // A flag given with an empty value empties its axis, and with it the grid.
    for (const char* flag : {"--scalar", "--activation", "--data", "--n", "--d", "--batch", "--sampler", "--eta", "--eta-factor",
                             "--init-scale", "--steps", "--tol", "--seeds"})
        if (app_->count(flag) > 0 && app_->get_option(flag)->as<std::string>().empty())
            throw input_error(flag, "empty value; the grid would be empty (give at least one value)");
    auto list = [](const std::string& flag, const std::string& text, std::vector<std::string>& axis) {
        if (!text.empty()) axis = split_list(flag, text);
    };
    if (!o_.name.empty()) c.name = o_.name;
    list("--scalar", o_.scalar, c.scalar);
    list("--activation", o_.activation, c.activation);
    list("--data", o_.data, c.data);
    list("--n", o_.n, c.n);
    list("--d", o_.d, c.d);
    list("--batch", o_.batch, c.batch);
    list("--sampler", o_.sampler, c.sampler);
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
    if (!o_.seeds.empty()) {
        nlohmann::json j;
        j["seeds"] = o_.seeds;
        try {
            sweep::apply_json(c, j, "--seeds");
        } catch (const input_error& e) {
            throw input_error("--seeds", "expected a seed range A..B with A <= B (at most 10^6 seeds), got '" + o_.seeds + "'");
        }
    }
    if (!o_.tol_on.empty()) c.tol_on = o_.tol_on;
    if (!o_.check_every.empty()) c.check_every = o_.check_every;
    if (!o_.remainder.empty()) c.remainder = o_.remainder;
    if (!o_.support_threshold.empty()) c.support_threshold = o_.support_threshold;
    if (o_.no_spectrum) c.spectrum = false;

    sweep::sweep_options opt;
    if (!o_.threads.empty()) {
        const bool digits = o_.threads.size() <= 4 && o_.threads.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || std::stoul(o_.threads) < 1 || std::stoul(o_.threads) > 1024)
            throw input_error("--threads", "expected an integer in [1, 1024], got '" + o_.threads + "'");
        opt.threads = static_cast<unsigned>(std::stoul(o_.threads));
    }
    opt.out_dir = o_.out_dir;
    opt.figures = !o_.no_figures;
    opt.interrupt = &interrupted;
    progress_meter meter(o_.quiet, "sweep", "run", 1);
    opt.progress = [&meter](std::size_t done, std::size_t total) { meter.update(done, total); };
    const bool quiet = o_.quiet;
    opt.note = [quiet](const std::string& s) {
        if (!quiet) std::cerr << "sweep: " << s << '\n';
    };
    const auto out = sweep::run_sweep(c, opt);
    meter.finish();
    if (out.interrupted) {
        std::cerr << "sweep: interrupted; " << out.resumed + out.ran << " of " << out.runs << " runs are saved in "
                  << (out.out_dir / "runs.csv").string() << "; run the same command again to finish\n";
        return 130;
    }
    if (!quiet) {
        std::cout << "sweep " << sweep::sweep_name(c) << ": " << out.runs << " runs (" << out.ran << " run now, " << out.resumed
                  << " resumed)\n";
        for (const auto& f : out.files) std::cout << "wrote " << (out.out_dir / f).string() << '\n';
    }
    return 0;
}

} // namespace snae::cli
