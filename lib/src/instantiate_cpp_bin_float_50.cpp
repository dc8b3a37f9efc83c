// The library's compiled templates for snae::cpp_bin_float_50: one type per file, so that
// the build spreads over the cores.
#include "run_impl.hpp"

#include "snae/detail/hessian_impl.hpp"
#include "snae/detail/rotated_rows.hpp"

SNAE_INSTANTIATIONS(, snae::cpp_bin_float_50)
template nlohmann::json snae::run_train<snae::cpp_bin_float_50>(const snae::prepared_run&, const snae::run_hooks&);
template snae::run_inputs<snae::cpp_bin_float_50> snae::make_inputs<snae::cpp_bin_float_50>(const snae::prepared_run&, const std::atomic<bool>*);
