// `snae train`: flags -> run_config -> run_train<T> for the chosen scalar.
#include "command.hpp"
#include "progress.hpp"
#include "run_flags.hpp"

#include <snae/errors.hpp>
#include <snae/interval.hpp>
#include <snae/run.hpp>

#include <iostream>

namespace snae::cli {

namespace {

/// Numbers are taken as text and checked by snae itself, so every bad value
/// gets the same one-line message naming the flag and its accepted range.
class train_command final : public command {
public:
    void attach(CLI::App& parent) override
    {
        app_ = parent.add_subcommand("train", "Train the single-neuron autoencoder with GD or SGD and report the final iterate.");
        flags_.attach(*app_, true);
        app_->add_flag("--quiet,-q", quiet_, "no progress and no summary");
    }

    int run(const std::atomic<bool>& interrupted) const override
    {
        const run_config cfg = flags_.config();
        const prepared_run prepared = prepare(cfg, &interrupted);
        progress_meter meter(quiet_, "train");
        run_hooks hooks;
        hooks.interrupt = &interrupted;
        hooks.record_vectors = false; // the summary needs none; --out streams them from the run
        if (!quiet_) hooks.progress = [&](std::uint64_t t, std::uint64_t total) { meter.update(t, total); };
        const nlohmann::json record =
            dispatch_scalar_or_interval(cfg.scalar, [&](auto tag) { return run_train<typename decltype(tag)::type>(prepared, hooks); });
        meter.finish();
        if (!quiet_) std::cout << summary_text(record) << std::flush;
        return record.at("status") == "interrupted" ? 130 : 0;
    }

private:
    run_flags flags_;
    bool quiet_ = false;
};

} // namespace

std::unique_ptr<command> make_train_command() { return std::make_unique<train_command>(); }

} // namespace snae::cli
