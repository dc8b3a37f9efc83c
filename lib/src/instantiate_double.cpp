// The library's compiled templates for double: one type per file, so that
// the build spreads over the cores.
#include "run_impl.hpp"

#include "snae/detail/hessian_impl.hpp"
#include "snae/detail/rotated_rows.hpp"

SNAE_INSTANTIATIONS(, double)
template nlohmann::json snae::run_train<double>(const snae::prepared_run&, const snae::run_hooks&);
template snae::run_inputs<double> snae::make_inputs<double>(const snae::prepared_run&, const std::atomic<bool>*);
