#pragma once

#include "run_flags.hpp"

#include <CLI/CLI.hpp>

#include <atomic>
#include <string>

namespace snae::cli {

/// The `snae precision` subcommand: one run in every scalar type against an
/// MPFR reference (docs/precision.md), the error-vs-precision law (--law),
/// agreement of the selected coordinate over seeds (--seeds), and the
/// regeneration of the golden trajectories (--write-golden).
class precision_command {
public:
    void attach(CLI::App& parent);
    bool selected() const { return app_ && app_->parsed(); }
    int run(const std::atomic<bool>& interrupted) const;

private:
    run_flags flags_;
    std::string scalars_, reference_bits_, threshold_ = "1e-6", out_, out_dir_ = "reports/precision", seeds_, law_bits_,
        law_reference_bits_ = "4096", write_golden_, golden_bits_ = "2048";
    bool law_ = false, quiet_ = false;
    CLI::App* app_ = nullptr;
};

} // namespace snae::cli
