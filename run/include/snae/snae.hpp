// snae: GD and SGD on a single-neuron tied-weight autoencoder with
// orthonormal data, at any floating-point precision. Umbrella header of
// snae::snae: the core (snae/core.hpp) and the run layer.
#pragma once

#include "snae/core.hpp"
#include "snae/errors.hpp"
#include "snae/run.hpp"
