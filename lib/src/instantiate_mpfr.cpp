// The library's compiled templates for snae::mpfr_real: one type per file, so that
// the build spreads over the cores.
#include "run_impl.hpp"

#include "snae/detail/hessian_impl.hpp"
#include "snae/detail/rotated_rows.hpp"

SNAE_INSTANTIATIONS(, snae::mpfr_real)
template nlohmann::json snae::run_train<snae::mpfr_real>(const snae::prepared_run&, const snae::run_hooks&);
template snae::run_inputs<snae::mpfr_real> snae::make_inputs<snae::mpfr_real>(const snae::prepared_run&, const std::atomic<bool>*);
