// The supported scalar list: the types the library is explicitly instantiated
// for and that `--scalar` names. Their traits live here because their headers
// (Boost.Multiprecision) are heavy and only this list needs them.
//
//   name               type                        bits p
//   float              float                       24
//   double             double                      53
//   long_double        long double                 64 on x86-64 (platform-dependent)
//   float128           boost::multiprecision::float128   113
//   cpp_bin_float_50   boost::multiprecision::cpp_bin_float_50   168
//   cpp_bin_float_100  boost::multiprecision::cpp_bin_float_100  334
//   mpfr:BITS          snae::mpfr_real             BITS in [16, 2^20]
//
// and, for `snae train` and the certified claims only (snae/interval.hpp,
// dispatch_scalar_or_interval), MPFI intervals:
//   mpfi:BITS          snae::interval              >= BITS in [16, 2^20]
#pragma once

#include "snae/scalar_traits.hpp"

#include <boost/multiprecision/cpp_bin_float.hpp>
#include <boost/multiprecision/float128.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>

namespace snae {

using float128 = boost::multiprecision::float128;
using cpp_bin_float_50 = boost::multiprecision::cpp_bin_float_50;
using cpp_bin_float_100 = boost::multiprecision::cpp_bin_float_100;

template <> struct scalar_traits<float128> : basic_scalar_traits<float128> {
    static std::string name() { return "float128"; }
};
template <> struct scalar_traits<cpp_bin_float_50> : basic_scalar_traits<cpp_bin_float_50> {
    static std::string name() { return "cpp_bin_float_50"; }
};
template <> struct scalar_traits<cpp_bin_float_100> : basic_scalar_traits<cpp_bin_float_100> {
    static std::string name() { return "cpp_bin_float_100"; }
};

/// X(type) for every supported scalar type (for explicit instantiations).
#define SNAE_FOR_EACH_SCALAR(X) \
    X(float)                    \
    X(double)                   \
    X(long double)              \
    X(::snae::float128)         \
    X(::snae::cpp_bin_float_50) \
    X(::snae::cpp_bin_float_100)\
    X(::snae::mpfr_real)

/// Every supported scalar type, in order of increasing precision.
using supported_scalars =
    std::tuple<float, double, long double, float128, cpp_bin_float_50, cpp_bin_float_100, mpfr_real>;

/// A parsed `--scalar` value: which type, and the bits for MPFR.
struct scalar_spec {
    enum class kind { float_, double_, long_double, float128, cpp_bin_float_50, cpp_bin_float_100, mpfr, mpfi };
    kind type = kind::double_;
    long mpfr_bits = 0; // the BITS of mpfr:BITS and mpfi:BITS

    bool is_interval() const { return type == kind::mpfi; }

    std::string name() const;
    /// Precision in bits of the type named.
    long bits() const;
};

/// Parses a `--scalar` value. Throws std::invalid_argument with a message
/// naming the accepted values, or std::out_of_range for BITS out of range.
scalar_spec parse_scalar_spec(const std::string& text);

/// One-line list of the accepted `--scalar` values, for help and errors.
std::string scalar_spec_choices();

template <class T>
struct type_tag {
    using type = T;
};

/// Calls f(type_tag<T>{}) for the type named by spec, inside a
/// precision_scope for it, and returns what f returns.
template <class F>
decltype(auto) dispatch_scalar(const scalar_spec& spec, F&& f)
{
    switch (spec.type) {
    case scalar_spec::kind::float_: return f(type_tag<float>{});
    case scalar_spec::kind::double_: return f(type_tag<double>{});
    case scalar_spec::kind::long_double: return f(type_tag<long double>{});
    case scalar_spec::kind::float128: return f(type_tag<float128>{});
    case scalar_spec::kind::cpp_bin_float_50: return f(type_tag<cpp_bin_float_50>{});
    case scalar_spec::kind::cpp_bin_float_100: return f(type_tag<cpp_bin_float_100>{});
    case scalar_spec::kind::mpfi:
        throw std::invalid_argument("mpfi:BITS (intervals) is accepted by snae train and the certified claims only");
    case scalar_spec::kind::mpfr:
    default: {
        precision_scope<mpfr_real> guard(spec.mpfr_bits);
        return f(type_tag<mpfr_real>{});
    }
    }
}

} // namespace snae
