#include "dispatch.hpp"

#include "measure.hpp"

#include <snae/atomic_file.hpp>

#include <mpfr.h>

#include <thread>

namespace snae::sweep {

namespace {

namespace fs = std::filesystem;

std::string trace_json(const grid_run& r, const run_trace& t)
{
    nlohmann::json j;
    j["run"] = r.id;
    j["point"] = r.point;
    j["seed"] = r.run.config.seed;
    j["sorted_abs_coords"] = t.sorted_abs_coords;
    j["t"] = t.t;
    j["top"] = t.top;
    return j.dump();
}

} // namespace

mpfr_cache_release::~mpfr_cache_release() { mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE); }

std::optional<finished_run> execute(const grid_run& r, const sweep_config& config, const std::atomic<bool>* interrupt)
{
    const auto start = std::chrono::steady_clock::now();
    const bool want_trace = r.run.config.seed == config.seed_first && r.run.config.batch_seed.value_or(config.batch_seed_first) == config.batch_seed_first;
    run_result res = measure_run(r, spectrum_of(config, r.run.config.data), want_trace, interrupt);
    if (res.interrupted) return std::nullopt;
    finished_run f;
    f.id = r.id;
    f.point = r.point;
    f.row = key_columns(r);
    f.steps = std::stoull(res.values.at(1)); // measure_column_names(): status, steps, ...
    f.row.insert(f.row.end(), res.values.begin(), res.values.end());
    if (want_trace) f.trace = trace_json(r, res.trace);
    f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return f;
}

work_queue::work_queue(std::vector<std::size_t> order) : order_(std::move(order)) {}

std::optional<std::size_t> work_queue::take()
{
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_ || next_ >= order_.size()) return std::nullopt;
    const std::size_t id = order_[next_++];
    running_[id] = clock::now();
    return id;
}

void work_queue::finished(std::size_t id)
{
    std::lock_guard<std::mutex> lock(mutex_);
    running_.erase(id);
}

void work_queue::stop()
{
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
}

void work_queue::snapshot(std::vector<std::size_t>& todo, std::vector<std::pair<std::size_t, double>>& running) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    const auto now = clock::now();
    todo.assign(order_.begin() + static_cast<std::ptrdiff_t>(std::min(next_, order_.size())), order_.end());
    running.clear();
    for (const auto& [id, since] : running_) running.emplace_back(id, std::chrono::duration<double>(now - since).count());
}

collector::collector(journal& j, const fs::path& dir, cost_model& model, work_queue& queue, std::size_t total, unsigned workers,
                     std::function<void(const sweep_progress&)> progress)
    : journal_(j), dir_(dir), model_(model), queue_(queue), total_(total), workers_(workers), progress_(std::move(progress))
{
}

void collector::accept(const finished_run& f)
{
    const auto begin = std::chrono::steady_clock::now();
    // The trace before the row: a run in the journal has its figure data.
    if (!f.trace.empty()) {
        atomic_file t((dir_ / "traces" / ("point-" + std::to_string(f.point) + ".json")).string());
        t.stream() << f.trace << '\n';
        t.commit();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    journal_.append(f.id, f.row);
    journal_.append_timing(f.id, {f.seconds, f.steps, f.worker});
    model_.observe(f.id, f.seconds, f.steps);
    model_.observe_journal(std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count());
    queue_.finished(f.id);
    ++done_;
    if (!progress_) return;
    sweep_progress p;
    p.done = done_;
    p.total = total_;
    p.elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::vector<std::size_t> todo;
    std::vector<std::pair<std::size_t, double>> running;
    queue_.snapshot(todo, running);
    p.eta = model_.remaining(todo, running, workers_);
    progress_(p);
}

void collector::fail(std::exception_ptr e)
{
    std::lock_guard<std::mutex> lock(mutex_);
    if (!error_) error_ = e;
    queue_.stop();
}

void collector::rethrow() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    if (error_) std::rethrow_exception(error_);
}

void run_threads(const std::vector<grid_run>& runs, const sweep_config& config, work_queue& queue, unsigned threads,
                 const std::function<void(const finished_run&)>& sink, const std::function<void(std::exception_ptr)>& fail,
                 const std::atomic<bool>* interrupt, const std::string& label)
{
    auto worker = [&](unsigned index) {
        const mpfr_cache_release release;
        while (!(interrupt && interrupt->load())) {
            const auto id = queue.take();
            if (!id) return;
            try {
                auto f = execute(runs[*id], config, interrupt);
                if (!f) return; // a run in flight is lost, by design
                f->worker = label + "thread " + std::to_string(index);
                sink(*f);
            } catch (...) {
                fail(std::current_exception());
                return;
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, t);
    worker(0);
    for (auto& t : pool) t.join();
}

} // namespace snae::sweep
