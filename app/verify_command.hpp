#pragma once

#include <CLI/CLI.hpp>

#include <atomic>

#include <string>

namespace snae::cli {

/// The `snae verify` subcommand. Exit status 0 only if every selected claim passes
/// (with --certified: is certified).
class verify_command {
public:
    void attach(CLI::App& parent);
    bool selected() const { return app_ && app_->parsed(); }
    /// 0 if every selected claim passes, 1 if one fails, 130 when
    /// `interrupted` stops it (the reports then hold what finished).
    int run(const std::atomic<bool>& interrupted) const;

private:
    CLI::App* app_ = nullptr;
    bool full_ = false, wrong_ = false, quiet_ = false, certified_ = false;
    std::string claims_, out_dir_ = "reports";
};

} // namespace snae::cli
