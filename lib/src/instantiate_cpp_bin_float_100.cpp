// Explicit instantiation of the run pipeline for cpp_bin_float_100 (one type per file so
// that the build spreads over the cores).
#include "run_impl.hpp"

namespace snae {
template nlohmann::json run_train<cpp_bin_float_100>(const prepared_run&, const run_hooks&);
} // namespace snae
