#include "snae/eigen_support.hpp"

namespace snae {

void fix_eigen_blocking()
{
    // A function-local static runs once, thread-safely.
    static const bool done = [] {
        Eigen::setCpuCacheSizes(32 * 1024, 256 * 1024, 2 * 1024 * 1024);
        return true;
    }();
    (void)done;
}

} // namespace snae
