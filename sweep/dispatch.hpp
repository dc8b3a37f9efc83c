// Handing a sweep's runs to workers and collecting their results: the
// queue (largest predicted cost first), one run from grid run to journal
// row, the collector that journals results as they arrive, and the pool of
// threads of one process. MPI ranks (mpi_dispatch.hpp) take from the same
// queue and feed the same collector.
#pragma once

#include "cost.hpp"
#include "grid.hpp"
#include "journal.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace snae::sweep {

/// A run's result as the journal keeps it, and what it cost.
struct finished_run {
    std::size_t id = 0, point = 0;
    std::vector<std::string> row;   ///< the runs.csv row (key columns, then measures)
    std::string trace;              ///< traces/point-P.json's text (first seed of a point), else empty
    double seconds = 0;             ///< wall seconds on its worker
    std::uint64_t steps = 0;
    std::string worker;             ///< "rank R thread T" or "thread T"
};

/// MPFR keeps caches per thread (constants such as log 2, made when w_0 is
/// drawn at 128 bits); they are lost when a thread ends without freeing
/// them. Every thread that computes holds one.
struct mpfr_cache_release {
    mpfr_cache_release() = default;
    mpfr_cache_release(const mpfr_cache_release&) = delete;
    mpfr_cache_release& operator=(const mpfr_cache_release&) = delete;
    ~mpfr_cache_release();
};

/// Trains and measures run `r`; nullopt when interrupted (the run is lost).
std::optional<finished_run> execute(const grid_run& r, const sweep_config& config, const std::atomic<bool>* interrupt);

/// Progress of a sweep, from the process that keeps the journal.
struct sweep_progress {
    std::size_t done = 0, total = 0;   ///< runs finished in this invocation, and to do in it
    double elapsed = 0;                ///< seconds since the runs started
    double eta = 0;                    ///< predicted seconds left (cost_model::remaining)
};

/// The runs left, in the order they are handed out; thread-safe. Knows
/// which are running, and since when, for the ETA.
class work_queue {
public:
    explicit work_queue(std::vector<std::size_t> order);
    /// The next run, or nullopt when none is left or stop() was called.
    std::optional<std::size_t> take();
    void finished(std::size_t id);
    /// Hands nothing more out.
    void stop();
    void snapshot(std::vector<std::size_t>& todo, std::vector<std::pair<std::size_t, double>>& running) const;

private:
    using clock = std::chrono::steady_clock;
    mutable std::mutex mutex_;
    std::vector<std::size_t> order_;
    std::size_t next_ = 0;
    bool stopped_ = false;
    std::map<std::size_t, clock::time_point> running_;
};

/// Where results go: runs.csv, the traces, timings.csv, the cost model and
/// the progress report; thread-safe. The first failure is kept and stops
/// the queue.
class collector {
public:
    collector(journal& j, const std::filesystem::path& dir, cost_model& model, work_queue& queue, std::size_t total,
              unsigned workers, std::function<void(const sweep_progress&)> progress);
    void accept(const finished_run& f);
    void fail(std::exception_ptr e);
    /// Rethrows the first failure, if any.
    void rethrow() const;

private:
    journal& journal_;
    std::filesystem::path dir_;
    cost_model& model_;
    work_queue& queue_;
    std::size_t total_;
    unsigned workers_;
    std::function<void(const sweep_progress&)> progress_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    mutable std::mutex mutex_;
    std::size_t done_ = 0;
    std::exception_ptr error_;
};

/// Runs from `queue` on `threads` threads of this process into `sink` until
/// the queue is empty, *interrupt is set or a run fails (passed to
/// sink.fail). `label` prefixes the workers' names.
void run_threads(const std::vector<grid_run>& runs, const sweep_config& config, work_queue& queue, unsigned threads,
                 const std::function<void(const finished_run&)>& sink, const std::function<void(std::exception_ptr)>& fail,
                 const std::atomic<bool>* interrupt, const std::string& label);

} // namespace snae::sweep
