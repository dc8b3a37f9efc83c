// The library's compiled templates for snae::interval (MPFI): the core list
// (no Eigen: see snae/interval.hpp) and run_train.
#include "snae/interval.hpp"

#include "run_impl.hpp"

#include "snae/detail/hessian_impl.hpp"

SNAE_CORE_INSTANTIATIONS(, snae::interval)
template nlohmann::json snae::run_train<snae::interval>(const snae::prepared_run&, const snae::run_hooks&);
template snae::run_inputs<snae::interval> snae::make_inputs<snae::interval>(const snae::prepared_run&, const std::atomic<bool>*);
