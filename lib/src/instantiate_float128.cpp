// The library's compiled templates for snae::float128: one type per file, so that
// the build spreads over the cores.
#include "run_impl.hpp"

#include "snae/detail/rotated_rows.hpp"

SNAE_INSTANTIATIONS(, snae::float128)
