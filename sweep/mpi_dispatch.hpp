// A sweep over the ranks of an MPI job (Open MPI, found by CMake's FindMPI;
// without it snae builds and refuses to run under mpirun). Rank 0 keeps the
// output folder, runs work on its own threads and hands runs out to the
// other ranks as their threads free up, largest predicted cost first; the
// other ranks only compute and send rows back. Only each process's main
// thread calls MPI (MPI_THREAD_FUNNELED), polling so that waiting costs no
// core. The protocol is in docs/sweep.md#mpi.
#pragma once

#include "dispatch.hpp"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace snae::sweep {

/// Whether an MPI launcher (mpirun, srun) started this process as one of
/// several ranks: its environment names a world size above 1.
bool launched_as_mpi_rank();

/// The MPI job, initialised for the life of the object.
class mpi_world {
public:
    /// MPI_Init_thread; throws input_error("mpirun") when this build has no MPI.
    mpi_world();
    ~mpi_world();
    mpi_world(const mpi_world&) = delete;
    mpi_world& operator=(const mpi_world&) = delete;

    int rank() const { return rank_; }
    int size() const { return size_; }
    /// Ranks on this node (threads per rank default to cores / this).
    int local_size() const { return local_size_; }

    /// Collective: the message of the lowest rank whose `mine` is not empty
    /// (with its rank), or empty when every rank's is.
    std::string first_problem(const std::string& mine) const;
    /// Collective: rank 0's `text` on every rank.
    std::string broadcast(const std::string& text) const;

private:
    int rank_ = 0, size_ = 1, local_size_ = 1;
};

/// Rank 0's main thread: hands runs from `queue` to the other ranks (each
/// asks for one per free thread) and passes their results to `sink` until
/// every rank has ended. A rank's failure goes to `fail`. When *interrupt
/// is set, or another rank was interrupted, sets `stop_all` (which rank 0's
/// own threads watch) and stops every rank at its next step.
void serve_ranks(const mpi_world& world, work_queue& queue, const std::function<void(const finished_run&)>& sink,
                 const std::function<void(std::exception_ptr)>& fail, const std::atomic<bool>* interrupt, std::atomic<bool>& stop_all);

/// A rank > 0: runs what rank 0 hands out on `threads` threads and sends
/// the results back, until rank 0 says stop. Throws what a run threw, after
/// telling rank 0.
void work_for_rank0(const mpi_world& world, const std::vector<grid_run>& runs, const sweep_config& config, unsigned threads,
                    const std::atomic<bool>* interrupt);

} // namespace snae::sweep
