// The optional members of scalar_traits<T> (snae/scalar_traits.hpp,
// docs/scalars.md#adding-a-scalar-type): each customisation point asks
// whether the type's traits provide its hook and otherwise uses the generic
// form, so a traits struct names only what its type does differently.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

namespace snae {

/// One specialisation per scalar type holds everything the library needs to
/// know about it (snae/scalar_traits.hpp).
template <class T>
struct scalar_traits;

namespace detail {
template <class Void, template <class> class Hook, class T>
struct detect_hook : std::false_type {};
template <template <class> class Hook, class T>
struct detect_hook<std::void_t<Hook<T>>, Hook, T> : std::true_type {};

/// true iff Hook<T> is well formed, i.e. scalar_traits<T> has that member.
template <template <class> class Hook, class T>
inline constexpr bool traits_provide = detect_hook<void, Hook, T>::value;

// The hooks, as the expression each one is called with.
template <class T>
using sign_hook = decltype(scalar_traits<T>::sign_of(std::declval<const T&>()));
template <class T>
using magnitude_hook = decltype(scalar_traits<T>::magnitude(std::declval<const T&>()));
template <class T>
using max_hook = decltype(scalar_traits<T>::max(std::declval<const T&>(), std::declval<const T&>()));
template <class T>
using sqrt_nonneg_hook = decltype(scalar_traits<T>::sqrt_nonneg(std::declval<const T&>()));
template <class T>
using add_square_hook =
    decltype(scalar_traits<T>::add_square(std::declval<T&>(), std::declval<const T&>(), std::declval<T&>()));
template <class T>
using precision_hook = decltype(scalar_traits<T>::set_precision(0L));
} // namespace detail

} // namespace snae
