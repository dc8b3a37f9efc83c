// snae: GD and SGD on a single-neuron tied-weight autoencoder with
// orthonormal data, at any floating-point precision. Umbrella header.
#pragma once

#include "snae/dataset.hpp"
#include "snae/errors.hpp"
#include "snae/exact_rows.hpp"
#include "snae/hessian.hpp"
#include "snae/model.hpp"
#include "snae/random.hpp"
#include "snae/run.hpp"
#include "snae/sampler.hpp"
#include "snae/scalar_traits.hpp"
#include "snae/scalars.hpp"
#include "snae/sign.hpp"
#include "snae/trainer.hpp"
#include "snae/instantiations.hpp"
