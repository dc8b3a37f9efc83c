#include "mpi_dispatch.hpp"

#include <snae/errors.hpp>

#include <cstdlib>
#include <string>

#ifdef SNAE_HAVE_MPI
#include <mpi.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>
#endif

namespace snae::sweep {

bool launched_as_mpi_rank()
{
    // Open MPI's mpirun, and PMI (Slurm's srun, MPICH's hydra).
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
        if (const char* v = std::getenv(name); v && std::atoi(v) > 1) return true;
    return false;
}

#ifndef SNAE_HAVE_MPI

mpi_world::mpi_world()
{
    throw input_error("mpirun", "this snae was built without MPI (install libopenmpi-dev and rebuild: docs/sweep.md#mpi); "
                                "use --shard I/N for independent jobs");
}
mpi_world::~mpi_world() = default;
std::string mpi_world::first_problem(const std::string& mine) const { return mine; }
std::string mpi_world::broadcast(const std::string& text) const { return text; }
void serve_ranks(const mpi_world&, work_queue&, const std::function<void(const finished_run&)>&,
                 const std::function<void(std::exception_ptr)>&, const std::atomic<bool>*, std::atomic<bool>&)
{
}
void work_for_rank0(const mpi_world&, const std::vector<grid_run>&, const sweep_config&, unsigned, const std::atomic<bool>*) {}

#else

namespace {

// Messages between rank 0 and the others.
enum tag : int {
    ready = 1,       ///< rank > 0 -> 0: int, its threads (each a slot asking for a run)
    result = 2,      ///< rank > 0 -> 0: a finished_run as JSON; its slot asks for the next run
    failed = 3,      ///< rank > 0 -> 0: a run threw (text); its slot is gone
    interrupted = 4, ///< rank > 0 -> 0: the rank was interrupted
    done = 5,        ///< rank > 0 -> 0: every thread of the rank has ended
    assign = 6,      ///< 0 -> rank: unsigned long long, a run id for one slot
    stop = 7,        ///< 0 -> rank: no run for one slot
    abort_all = 8    ///< 0 -> rank: stop now (runs in flight are lost)
};

/// Waiting polls every millisecond: a blocking receive spins a core in Open MPI.
void nap() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }

void send_text(const std::string& text, int to, int t)
{
    MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, to, t, MPI_COMM_WORLD);
}

std::string receive_text(const MPI_Status& probed)
{
    int count = 0;
    MPI_Get_count(&probed, MPI_CHAR, &count);
    std::string text(static_cast<std::size_t>(count), '\0');
    MPI_Recv(text.data(), count, MPI_CHAR, probed.MPI_SOURCE, probed.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return text;
}

void send_empty(int to, int t) { MPI_Send(nullptr, 0, MPI_CHAR, to, t, MPI_COMM_WORLD); }

} // namespace

// A finished run as JSON between ranks: every field, the row's decimal strings exactly.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(finished_run, id, point, row, trace, seconds, steps, worker)

namespace {

std::string to_text(const finished_run& f) { return nlohmann::json(f).dump(); }

finished_run from_text(const std::string& text) { return nlohmann::json::parse(text).get<finished_run>(); }

} // namespace

mpi_world::mpi_world()
{
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node);
    MPI_Comm_size(node, &local_size_);
    MPI_Comm_free(&node);
}

mpi_world::~mpi_world() { MPI_Finalize(); }

std::string mpi_world::first_problem(const std::string& mine) const
{
    const int bad = mine.empty() ? size_ : rank_;
    int first = size_;
    MPI_Allreduce(&bad, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == size_) return {};
    std::string text = rank_ == first ? mine : std::string();
    if (first != 0) { // the message travels from its rank to every other
        unsigned long long length = text.size();
        MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, first, MPI_COMM_WORLD);
        text.resize(static_cast<std::size_t>(length));
        MPI_Bcast(text.data(), static_cast<int>(length), MPI_CHAR, first, MPI_COMM_WORLD);
        const std::size_t cut = text.find('\n');
        return cut == std::string::npos ? text : text.substr(0, cut) + "\n(on MPI rank " + std::to_string(first) + ") " + text.substr(cut + 1);
    }
    return broadcast(text);
}

std::string mpi_world::broadcast(const std::string& text) const
{
    unsigned long long length = text.size();
    MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    std::string out = rank_ == 0 ? text : std::string(static_cast<std::size_t>(length), '\0');
    MPI_Bcast(out.data(), static_cast<int>(length), MPI_CHAR, 0, MPI_COMM_WORLD);
    return out;
}

void serve_ranks(const mpi_world& world, work_queue& queue, const std::function<void(const finished_run&)>& sink,
                 const std::function<void(std::exception_ptr)>& fail, const std::atomic<bool>* interrupt, std::atomic<bool>& stop_all)
{
    int live = world.size() - 1;
    bool aborted = false;
    const auto hand_out = [&](int to) {
        if (aborted) return; // the rank was told to stop everything
        const auto id = queue.take();
        if (!id) return send_empty(to, stop);
        const unsigned long long v = *id;
        MPI_Send(&v, 1, MPI_UNSIGNED_LONG_LONG, to, assign, MPI_COMM_WORLD);
    };
    const auto abort_everyone = [&] {
        if (aborted) return;
        aborted = true;
        stop_all.store(true);
        queue.stop();
        for (int r = 1; r < world.size(); ++r) send_empty(r, abort_all);
    };
    while (live > 0) {
        if (interrupt && interrupt->load()) abort_everyone();
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        if (!flag) {
            nap();
            continue;
        }
        const int from = st.MPI_SOURCE;
        const std::string text = receive_text(st);
        switch (st.MPI_TAG) {
        case ready:
            for (int k = 0, slots = std::stoi(text); k < slots; ++k) hand_out(from);
            break;
        case result:
            try {
                sink(from_text(text));
            } catch (...) {
                fail(std::current_exception());
            }
            hand_out(from);
            break;
        case failed:
            fail(std::make_exception_ptr(std::runtime_error("MPI rank " + std::to_string(from) + ": " + text)));
            break;
        case interrupted: abort_everyone(); break;
        case done: --live; break;
        default: break;
        }
    }
}

namespace {

/// A rank > 0: its threads take run ids from an inbox that the main thread
/// fills from rank 0's messages, and leave results in an outbox that the
/// main thread sends; only the main thread calls MPI.
class rank_worker {
public:
    rank_worker(const mpi_world& world, const std::vector<grid_run>& runs, const sweep_config& config)
        : world_(world), runs_(runs), config_(config)
    {
    }

    void run(unsigned threads, const std::atomic<bool>* interrupt)
    {
        running_ = threads;
        send_text(std::to_string(threads), 0, ready);
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t) pool.emplace_back([this, t] { compute(t); });
        bool told = false;
        while (running_.load() > 0 || has_outgoing()) {
            if (interrupt && interrupt->load() && !told) {
                told = true;
                stop_now_.store(true);
                send_empty(0, interrupted);
                wake_.notify_all();
            }
            const bool received = receive();
            const bool sent = send_results();
            if (!received && !sent) nap();
        }
        for (auto& t : pool) t.join();
        send_empty(0, done);
    }

private:
    /// One thread: runs until its slot is told to stop, a run fails or the rank stops.
    void compute(unsigned index)
    {
        const mpfr_cache_release release;
        for (;;) {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [&] { return !inbox_.empty() || stop_now_.load(); });
            if (stop_now_.load()) break;
            if (!inbox_.front()) { // this slot is done: the next thread gets the next message
                inbox_.pop_front();
                break;
            }
            const std::size_t id = *inbox_.front();
            inbox_.pop_front();
            lock.unlock();
            std::pair<int, std::string> message;
            try {
                auto f = execute(runs_.at(id), config_, &stop_now_);
                if (!f) break; // interrupted: the run in flight is lost
                f->worker = "rank " + std::to_string(world_.rank()) + " thread " + std::to_string(index);
                message = {result, to_text(*f)};
            } catch (const std::exception& e) {
                message = {failed, e.what()};
            }
            lock.lock();
            outbox_.push_back(message);
            if (message.first == failed) break;
        }
        --running_; // after the outbox: the main thread sends it before it ends
    }

    /// Takes one message from rank 0, if there is one.
    bool receive()
    {
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        if (!flag) return false;
        if (st.MPI_TAG == assign) {
            unsigned long long id = 0;
            MPI_Recv(&id, 1, MPI_UNSIGNED_LONG_LONG, 0, assign, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            std::lock_guard<std::mutex> lock(mutex_);
            inbox_.emplace_back(static_cast<std::size_t>(id));
        } else {
            receive_text(st);
            std::lock_guard<std::mutex> lock(mutex_);
            if (st.MPI_TAG == stop) inbox_.emplace_back(std::nullopt);
            if (st.MPI_TAG == abort_all) stop_now_.store(true);
        }
        wake_.notify_all();
        return true;
    }

    bool send_results()
    {
        std::deque<std::pair<int, std::string>> sending;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            sending.swap(outbox_);
        }
        for (const auto& [t, text] : sending) send_text(text, 0, t);
        return !sending.empty();
    }

    bool has_outgoing()
    {
        std::lock_guard<std::mutex> lock(mutex_);
        return !outbox_.empty();
    }

    const mpi_world& world_;
    const std::vector<grid_run>& runs_;
    const sweep_config& config_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::optional<std::size_t>> inbox_;   // a run id, or nullopt: that slot stops
    std::deque<std::pair<int, std::string>> outbox_; // (tag, text) for rank 0
    std::atomic<bool> stop_now_{false};
    std::atomic<unsigned> running_{0};
};

} // namespace

void work_for_rank0(const mpi_world& world, const std::vector<grid_run>& runs, const sweep_config& config, unsigned threads,
                    const std::atomic<bool>* interrupt)
{
    rank_worker(world, runs, config).run(threads, interrupt);
}

#endif

} // namespace snae::sweep
