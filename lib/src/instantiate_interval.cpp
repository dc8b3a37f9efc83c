// The core's compiled templates for snae::interval (MPFI): the core list
// only (no Eigen: see snae/interval.hpp).
#include "snae/interval.hpp"
#include "snae/instantiations.hpp"

#include "snae/detail/hessian_impl.hpp"

SNAE_CORE_INSTANTIATIONS(, snae::interval)
