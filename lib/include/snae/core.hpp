// The numerical core (snae::core) in one include: scalars, data, sampler,
// model, trainer, Hessian, data coordinates. Intervals (snae/interval.hpp)
// and certification (snae/certify.hpp, snae/invariant_region.hpp) are
// included on their own: they need MPFI.
#pragma once

#include "snae/data_coordinates.hpp"
#include "snae/dataset.hpp"
#include "snae/exact_rows.hpp"
#include "snae/hessian.hpp"
#include "snae/measures.hpp"
#include "snae/model.hpp"
#include "snae/random.hpp"
#include "snae/sampler.hpp"
#include "snae/scalar_traits.hpp"
#include "snae/scalars.hpp"
#include "snae/sign.hpp"
#include "snae/trainer.hpp"
#include "snae/instantiations.hpp"
