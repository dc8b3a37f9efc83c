// An output file that appears complete or not at all: written to a temporary
// file beside the target and renamed over it by commit(). Destroying it
// without commit() removes the temporary.
//
// Only a regular file is ever replaced. rename() replaces whatever the name
// points at: a device (as root, /dev/null itself), a FIFO, a socket or a
// symbolic link would become a regular file. So a target that exists must be
// a regular file; a symbolic link is refused rather than followed, so that
// the file written is always the one named.
#pragma once

#include <fstream> // not needed here; kept for files that get std::ofstream through this header
#include <memory>
#include <ostream>
#include <string>

namespace snae {

/// Why an atomic_file cannot write `target`, or "" when it can: the target
/// is a regular file or does not exist, in an existing folder this process
/// may write, with a name short enough for the temporary beside it. Checks
/// the file system and throws nothing, so callers can refuse a bad target
/// before any work.
std::string output_target_problem(const std::string& target);

/// Creates `dir` (and its parents) and checks that a file can be written in
/// it, before any work, so that a bad folder costs nothing; else
/// input_error(flag) with the reason.
void require_writable_folder(const std::string& flag, const std::string& dir);

class atomic_file {
public:
    /// Creates the temporary file; throws std::runtime_error carrying
    /// output_target_problem(target) or the reason the temporary could not
    /// be created.
    explicit atomic_file(std::string target);
    atomic_file(const atomic_file&) = delete;
    atomic_file& operator=(const atomic_file&) = delete;
    ~atomic_file();

    std::ostream& stream() { return out_; }
    /// Flushes, closes and renames onto the target; throws std::runtime_error
    /// with the reason (strerror of the failed call, e.g. "No space left on
    /// device") on I/O failure, or if the target is no longer a regular file
    /// or absent.
    void commit();
    const std::string& target() const noexcept { return target_; }

private:
    class fd_buffer;
    std::string target_, temp_;
    std::unique_ptr<fd_buffer> buf_;
    std::ostream out_{nullptr};
    bool done_ = false;
};

} // namespace snae
