// The supported scalar list, written once: every other form (the
// scalar_spec::kind enum, names, parsing, dispatch, the supported_scalars
// tuple, SNAE_FOR_EACH_SCALAR and the generated instantiation files) is
// derived from these rows (snae/scalars.hpp, lib/src/scalars.cpp,
// cmake/SnaeScalars.cmake; docs/scalars.md#adding-a-scalar-type).
//
// X(id, type): `id` is the scalar_spec::kind enumerator; without a trailing
// underscore (float and double are keywords) it is the name --scalar
// accepts, scalar_traits<type>::name() and the instantiation files' suffix.
// A type whose traits set the precision at run time (mpfr) is named
// `id:BITS`. CMake reads the rows as text: one row per line, a type without
// commas (use an alias), in order of increasing precision.
#pragma once

#define SNAE_SCALAR_LIST(X)                          \
    X(float_, float)                                 \
    X(double_, double)                               \
    X(long_double, long double)                      \
    X(float128, ::snae::float128)                    \
    X(cpp_bin_float_50, ::snae::cpp_bin_float_50)    \
    X(cpp_bin_float_100, ::snae::cpp_bin_float_100)  \
    X(mpfr, ::snae::mpfr_real)

#define SNAE_DETAIL_EXPAND(...) __VA_ARGS__
#define SNAE_DETAIL_ROW_TYPE(id, type) (type)

/// X(type) for every supported scalar type (for explicit instantiations).
/// X is applied only after the list has expanded to `X (type)` pairs.
#define SNAE_FOR_EACH_SCALAR(X) SNAE_DETAIL_EXPAND(SNAE_SCALAR_LIST(X SNAE_DETAIL_ROW_TYPE))
