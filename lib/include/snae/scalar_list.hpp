// The supported scalar list, written once. X(name, type): `name` is what
// --scalar accepts (mpfr stands for mpfr:BITS) and names the generated
// instantiation files; CMake reads the rows below (cmake/SnaeScalars.cmake),
// so keep one row per line, in order of increasing precision.
#pragma once

#define SNAE_SCALAR_LIST(X)                          \
    X(float, float)                                  \
    X(double, double)                                \
    X(long_double, long double)                      \
    X(float128, ::snae::float128)                    \
    X(cpp_bin_float_50, ::snae::cpp_bin_float_50)    \
    X(cpp_bin_float_100, ::snae::cpp_bin_float_100)  \
    X(mpfr, ::snae::mpfr_real)
