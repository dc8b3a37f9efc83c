// Explicit instantiation of the run pipeline for long double (one type per file so
// that the build spreads over the cores).
#include "run_impl.hpp"

namespace snae {
template nlohmann::json run_train<long double>(const prepared_run&, const run_hooks&);
} // namespace snae
