// Up-front memory estimates (snae/memory.hpp).
#include "snae/memory.hpp"

#include "snae/errors.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace snae {

namespace {
/// Heap bytes of `bits` of significand in limbs, with malloc's overhead.
double heap_limbs(long bits) { return std::ceil(static_cast<double>(bits) / 64.0) * 8.0 + 16.0; }

std::string gib(double bytes)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g GiB", bytes / (1024.0 * 1024.0 * 1024.0));
    return buf;
}
} // namespace

double bytes_per_value(const scalar_spec& s)
{
    using k = scalar_spec::kind;
    switch (s.type) {
    case k::float_: return 4;
    case k::double_: return 8;
    case k::long_double:
    case k::float128: return 16;
    case k::cpp_bin_float_50: return 48;
    case k::cpp_bin_float_100: return 80;
    case k::mpfr: return 64 + (s.mpfr_bits > 256 ? heap_limbs(s.mpfr_bits) : 0); // mpfr_real keeps 256 bits inline
    case k::mpfi: return 2 * (32 + heap_limbs(s.mpfr_bits));                      // two mpfr_t endpoints
    }
    return 8;
}

std::optional<double> available_memory()
{
    std::ifstream in("/proc/meminfo");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream ss(line);
        std::string key;
        double kib = 0;
        if (ss >> key >> kib && key == "MemAvailable:") return kib * 1024.0;
    }
    const long pages = ::sysconf(_SC_PHYS_PAGES), size = ::sysconf(_SC_PAGE_SIZE);
    if (pages > 0 && size > 0) return static_cast<double>(pages) * static_cast<double>(size);
    return std::nullopt;
}

void check_fits_in_memory(const std::string& flag, double values, const scalar_spec& s, const std::string& what)
{
    // Below 16 MiB any machine that runs snae has the room: no read of
    // /proc/meminfo, which every short run (a Python call, a sweep's
    // small points) would otherwise pay.
    const double need = values * bytes_per_value(s);
    if (need < 16.0 * 1048576.0) return;
    const auto avail = available_memory();
    if (avail && need > *avail)
        throw input_error(flag, what + " at " + s.name() + " needs about " + gib(need) + " (" + std::to_string(static_cast<long long>(values)) +
                                    " values), more than the " + gib(*avail) + " available; lower d or the precision");
}

} // namespace snae
