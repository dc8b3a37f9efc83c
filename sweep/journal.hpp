// runs.csv: one row per finished run, appended as runs finish (in whatever
// order the threads finish them) and rewritten in run order when the sweep
// completes. Reopening it resumes the sweep: rows already there are not run
// again. A file written by another sweep, or damaged, is reported and left
// alone.
#pragma once

#include "grid.hpp"

#include <snae/text.hpp>

#include <filesystem>
#include <fstream>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace snae::sweep {

/// Splits one CSV line (RFC 4180 quoting, as csv_field in snae/text.hpp
/// writes it); nullopt if the quoting is broken.
std::optional<std::vector<std::string>> csv_split(const std::string& line);

/// One record of a CSV text: one line, or several when a quoted field holds
/// a line break (RFC 4180).
struct csv_record {
    std::string text;        ///< without the newline that ends it
    std::size_t line = 0;    ///< 1-based line on which it starts
    std::size_t begin = 0;   ///< offset of its first character in the text
    bool complete = false;   ///< ended by a newline outside quotes
};
/// Splits a CSV text, from offset `from` (which starts line `line`), into
/// records; the last is incomplete when the text does not end with a
/// newline outside quotes (a write cut short).
std::vector<csv_record> csv_records(const std::string& text, std::size_t from = 0, std::size_t line = 1);

/// The file beside runs.csv that holds the sweep's configuration echo
/// (echo_json: the configuration and the provenance), so that runs.csv and
/// summary.csv stay plain CSV that any reader loads as it is.
inline constexpr const char* config_file_name = "config.json";

/// An exclusive lock on a sweep's output folder, held while the object
/// lives: flock on DIR/.snae-sweep.lock, which holds the holder's pid. The
/// lock file stays (removing it would let a third sweep lock a new file
/// while a second still holds the old one); the kernel releases the lock
/// when the process ends, however it ends.
class folder_lock {
public:
    /// Throws input_error("--out-dir") naming the holder's pid when another
    /// process holds the lock, or when the lock file cannot be opened.
    explicit folder_lock(const std::filesystem::path& dir);
    ~folder_lock();
    folder_lock(const folder_lock&) = delete;
    folder_lock& operator=(const folder_lock&) = delete;

    static constexpr const char* file_name = ".snae-sweep.lock";

private:
    int fd_ = -1;
};

class journal {
public:
    /// Opens `file`, reading and checking the rows already there against
    /// `runs` (every key column must match the run of that id, every
    /// measured value must be one that run could have written), or creates
    /// it with its header after writing `echo` (echo_json) to config.json
    /// beside it. Resuming needs that config.json to hold the same
    /// configuration and the same provenance (one build's results, never
    /// two). Throws input_error("--out-dir") naming the file, line and field
    /// for a foreign or corrupt file. A torn last row (no newline after it,
    /// or not a row at all: a write cut short) is dropped with a note in
    /// `notes`, and that run is run again.
    journal(std::filesystem::path file, const nlohmann::json& echo, const std::vector<grid_run>& runs,
            std::vector<std::string>& notes);

    /// The rows and timings of another sweep folder's journal (a shard's,
    /// for --merge), checked as on resume but left untouched: a torn last
    /// row is skipped with a note.
    struct contents;
    static contents read_only(const std::filesystem::path& file, const nlohmann::json& echo, const std::vector<grid_run>& runs,
                              std::vector<std::string>& notes);

    /// Finished rows (full rows, key columns first), by run id.
    const std::map<std::size_t, std::vector<std::string>>& rows() const { return rows_; }

    /// Appends a finished run and flushes it; safe to call from any thread.
    void append(std::size_t id, const std::vector<std::string>& row);

    /// What a finished run cost (timings.csv beside runs.csv).
    struct timing {
        double seconds = 0;
        std::uint64_t steps = 0;
        std::string worker;
    };
    /// Timings of the finished rows, by run id: those read back on resume
    /// (a run whose timing was lost has none) and those appended since.
    const std::map<std::size_t, timing>& timings() const { return timings_; }
    /// Appends to timings.csv; safe to call from any thread. Wall times are
    /// advisory (the ETA's calibration): a lost line costs nothing but
    /// calibration, so timings.csv is read back leniently.
    void append_timing(std::size_t id, const timing& t);

    /// Rewrites the file in run order (atomically), so the finished file does
    /// not depend on the number of threads.
    void finish();

    static std::vector<std::string> header();

    /// timings.csv, beside runs.csv.
    static constexpr const char* timings_file_name = "timings.csv";

private:
    journal(std::filesystem::path file, const nlohmann::json& echo) : file_(std::move(file)), echo_(echo), read_only_(true) {}
    void check_echo(const std::string& text) const;
    void resume(const std::string& text, const std::vector<grid_run>& runs, std::vector<std::string>& notes);
    void read_row(const csv_record& record, const std::vector<grid_run>& runs);
    void open_timings(bool fresh);
    void write_timings(std::ostream& out) const;

    std::filesystem::path file_;
    nlohmann::json echo_;
    std::map<std::size_t, std::vector<std::string>> rows_;
    std::ofstream out_;
    std::map<std::size_t, timing> timings_;
    std::ofstream timings_out_;
    std::mutex mutex_;
    bool read_only_ = false;
};

struct journal::contents {
    std::map<std::size_t, std::vector<std::string>> rows;
    std::map<std::size_t, timing> timings;
};

} // namespace snae::sweep
