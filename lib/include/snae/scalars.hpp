// The supported scalar list (snae/scalar_list.hpp, written once) and what is
// derived from it: the scalar_spec::kind enum, parsing and naming of
// `--scalar` values, dispatch by name, the supported_scalars tuple. The
// traits of the Boost.Multiprecision types live here because their headers
// are heavy and only this list needs them.
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

#include "snae/scalar_list.hpp"
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

namespace detail {
/// std::tuple<Ts...> without the leading void that the list below starts with.
template <class Void, class... Ts>
struct tuple_after_void {
    using type = std::tuple<Ts...>;
};
} // namespace detail

#define SNAE_DETAIL_COMMA_TYPE(id, type) , type
/// Every supported scalar type, in order of increasing precision.
using supported_scalars = detail::tuple_after_void<void SNAE_SCALAR_LIST(SNAE_DETAIL_COMMA_TYPE)>::type;
#undef SNAE_DETAIL_COMMA_TYPE

/// A parsed `--scalar` value: which type, and the bits for MPFR.
struct scalar_spec {
#define SNAE_DETAIL_KIND(id, type) id,
    /// One per row of SNAE_SCALAR_LIST, then the interval (not in the list).
    enum class kind { SNAE_SCALAR_LIST(SNAE_DETAIL_KIND) mpfi };
#undef SNAE_DETAIL_KIND
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
#define SNAE_DETAIL_CASE(id, T)                                                                                        \
    case scalar_spec::kind::id: {                                                                                      \
        precision_scope<T> guard(spec.mpfr_bits);                                                                      \
        return f(type_tag<T>{});                                                                                       \
    }
        SNAE_SCALAR_LIST(SNAE_DETAIL_CASE)
#undef SNAE_DETAIL_CASE
    case scalar_spec::kind::mpfi: break;
    }
    throw std::invalid_argument("mpfi:BITS (intervals) is accepted by snae train and the certified claims only");
}

} // namespace snae
