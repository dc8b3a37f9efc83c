// The library's compiled templates for float: one type per file, so that
// the build spreads over the cores.
#include "run_impl.hpp"

#include "snae/detail/hessian_impl.hpp"
#include "snae/detail/rotated_rows.hpp"

SNAE_INSTANTIATIONS(, float)
template nlohmann::json snae::run_train<float>(const snae::prepared_run&, const snae::run_hooks&);
template snae::run_inputs<float> snae::make_inputs<float>(const snae::prepared_run&, const std::atomic<bool>*);
