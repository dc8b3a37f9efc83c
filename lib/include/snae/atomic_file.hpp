// An output file that appears complete or not at all: written to a temporary
// file beside the target and renamed over it by commit(). Destroying it
// without commit() removes the temporary.
#pragma once

#include <fstream>
#include <string>

namespace snae {

class atomic_file {
public:
    /// Creates the temporary file; throws std::runtime_error if the target's
    /// folder is not writable.
    explicit atomic_file(std::string target);
    atomic_file(const atomic_file&) = delete;
    atomic_file& operator=(const atomic_file&) = delete;
    ~atomic_file();

    std::ostream& stream() { return out_; }
    /// Flushes, closes and renames onto the target; throws on I/O failure.
    void commit();
    const std::string& target() const noexcept { return target_; }

private:
    std::string target_, temp_;
    std::ofstream out_;
    bool done_ = false;
};

} // namespace snae
