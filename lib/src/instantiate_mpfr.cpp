// Explicit instantiation of the run pipeline for mpfr_real (one type per file so
// that the build spreads over the cores).
#include "run_impl.hpp"

namespace snae {
template nlohmann::json run_train<mpfr_real>(const prepared_run&, const run_hooks&);
} // namespace snae
