#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace snae::cli {

/// Progress on stderr: a redrawn line with rate and ETA when stderr is a
/// terminal, a plain line every 10 seconds otherwise, nothing when quiet.
/// Nothing is shown for work that ends within the first second.
class progress_meter {
public:
    /// `unit` names what is counted ("step", "run"); the clock is read every
    /// `stride` calls (steps are cheap, runs are not).
    progress_meter(bool quiet, std::string label, std::string unit = "step", unsigned stride = 256);
    /// `eta`: the caller's prediction of the seconds left (the sweep's cost
    /// model); negative: done / rate extrapolated.
    void update(std::uint64_t done, std::uint64_t total, double eta = -1);
    void finish();

private:
    using clock = std::chrono::steady_clock;
    bool quiet_, tty_;
    std::string label_, unit_;
    unsigned stride_;
    clock::time_point start_, last_;
    bool shown_ = false;
    std::uint64_t calls_ = 0;
};

} // namespace snae::cli
