#include "progress.hpp"

#include <cstdio>

#include <unistd.h>

namespace snae::cli {

progress_meter::progress_meter(bool quiet, std::string label)
    : quiet_(quiet), tty_(isatty(2) != 0), label_(std::move(label)), start_(clock::now()), last_(start_)
{
}

void progress_meter::update(std::uint64_t done, std::uint64_t total)
{
    // Reading the clock costs more than a small step: look every 256 calls.
    if (quiet_ || (++calls_ & 255u) != 0) return;
    const auto now = clock::now();
    const double since_start = std::chrono::duration<double>(now - start_).count();
    const double since_last = std::chrono::duration<double>(now - last_).count();
    if (since_start < 1.0 || since_last < (tty_ ? 0.2 : 10.0)) return;
    last_ = now;
    const double rate = static_cast<double>(done) / since_start;
    const double eta = rate > 0 && total > done ? static_cast<double>(total - done) / rate : 0.0;
    const double pct = total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
    if (tty_)
        std::fprintf(stderr, "\r%s: step %llu/%llu (%5.1f%%)  %.3g steps/s  ETA %.0fs   ", label_.c_str(),
                     static_cast<unsigned long long>(done), static_cast<unsigned long long>(total), pct, rate, eta);
    else
        std::fprintf(stderr, "%s: step %llu/%llu (%.1f%%), %.3g steps/s, ETA %.0fs\n", label_.c_str(),
                     static_cast<unsigned long long>(done), static_cast<unsigned long long>(total), pct, rate, eta);
    std::fflush(stderr);
    shown_ = true;
}

void progress_meter::finish()
{
    if (shown_ && tty_) std::fprintf(stderr, "\n");
}

} // namespace snae::cli
