// runs.csv: one row per finished run, appended as runs finish (in whatever
// order the threads finish them) and rewritten in run order when the sweep
// completes. Reopening it resumes the sweep: rows already there are not run
// again. A file written by another sweep, or damaged, is reported and left
// alone.
#pragma once

#include "grid.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace snae::sweep {

/// One CSV field, quoted (RFC 4180) when it holds a comma, quote or newline.
std::string csv_field(const std::string& s);
/// Splits one CSV line (RFC 4180 quoting); nullopt if the quoting is broken.
std::optional<std::vector<std::string>> csv_split(const std::string& line);

/// The line that echoes the configuration into a CSV file.
std::string config_comment(const nlohmann::json& config);

class journal {
public:
    /// Opens `file`, reading and checking the rows already there against
    /// `runs` (every key column must match the run of that id), or creates
    /// it with the config line and header. Throws input_error("--out-dir")
    /// for a foreign or corrupt file; an incomplete last line (a write cut
    /// short) is dropped with a note in `notes`.
    journal(std::filesystem::path file, const nlohmann::json& config, const std::vector<grid_run>& runs,
            std::vector<std::string>& notes);

    /// Finished rows (full rows, key columns first), by run id.
    const std::map<std::size_t, std::vector<std::string>>& rows() const { return rows_; }

    /// Appends a finished run and flushes it; safe to call from any thread.
    void append(std::size_t id, const std::vector<std::string>& row);

    /// Rewrites the file in run order (atomically), so the finished file does
    /// not depend on the number of threads.
    void finish();

    static std::vector<std::string> header();

private:
    std::filesystem::path file_;
    std::string config_line_;
    std::map<std::size_t, std::vector<std::string>> rows_;
    std::ofstream out_;
    std::mutex mutex_;
};

} // namespace snae::sweep
