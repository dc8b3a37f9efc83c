#include "progress.hpp"

#include <cstdio>

#include <unistd.h>

namespace snae::cli {

progress_meter::progress_meter(bool quiet, std::string label, std::string unit, unsigned stride)
    : quiet_(quiet), tty_(isatty(2) != 0), label_(std::move(label)), unit_(std::move(unit)), stride_(stride ? stride : 1),
      start_(clock::now()), last_(start_)
{
}

void progress_meter::update(std::uint64_t done, std::uint64_t total, double predicted)
{
    // Reading the clock costs more than a small step: look every 256 calls.
    if (quiet_ || (++calls_ % stride_) != 0) return;
    const auto now = clock::now();
    const double since_start = std::chrono::duration<double>(now - start_).count();
    const double since_last = std::chrono::duration<double>(now - last_).count();
    if (since_start < 1.0 || since_last < (tty_ ? 0.2 : 10.0)) return;
    last_ = now;
    const double rate = static_cast<double>(done) / since_start;
    const double eta = predicted >= 0 ? predicted : rate > 0 && total > done ? static_cast<double>(total - done) / rate : 0.0;
    const double pct = total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
    const auto d = static_cast<unsigned long long>(done), t = static_cast<unsigned long long>(total);
    if (tty_) {
        char bar[21];
        const int filled = total ? static_cast<int>(20 * done / total) : 20;
        for (int i = 0; i < 20; ++i) bar[i] = i < filled ? '#' : '.';
        bar[20] = '\0';
        std::fprintf(stderr, "\r%s [%s] %s %llu/%llu (%5.1f%%)  %.3g %ss/s  ETA %.0fs   ", label_.c_str(), bar, unit_.c_str(), d, t,
                     pct, rate, unit_.c_str(), eta);
    } else {
        std::fprintf(stderr, "%s: %s %llu/%llu (%.1f%%), %.3g %ss/s, ETA %.0fs\n", label_.c_str(), unit_.c_str(), d, t, pct, rate,
                     unit_.c_str(), eta);
    }
    std::fflush(stderr);
    shown_ = true;
}

void progress_meter::finish()
{
    if (shown_ && tty_) std::fprintf(stderr, "\n");
}

} // namespace snae::cli
