// The one place where the library decides the sign of a quantity: the ReLU's
// branch, support and active-set tests, the divergence bound. Point types
// answer negative, zero or positive (NaN answers undecidable); an interval
// type answers undecidable when its enclosure contains 0 and cannot be
// resolved, and the caller stops with status `undecidable` rather than guess.
#pragma once

#include "snae/detail/traits_hooks.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>

namespace snae {

enum class sign { negative, zero, positive, undecidable };

/// The decision for T: scalar_traits<T>::sign_of if the type provides it, else
/// the relational operators, which point types answer exactly. A type with
/// no scalar_traits (a test's dual number) may specialise this instead.
template <class T>
struct sign_decision {
    static sign of(const T& x)
    {
        if constexpr (detail::traits_provide<detail::sign_hook, T>) {
            return scalar_traits<T>::sign_of(x);
        } else {
            const T zero(0);
            if (x > zero) return sign::positive;
            if (x < zero) return sign::negative;
            if (x == zero) return sign::zero;
            return sign::undecidable; // NaN
        }
    }
};

template <class T>
sign sign_of(const T& x)
{
    return sign_decision<T>::of(x);
}

/// Thrown when a decision the semantics depend on cannot be made.
class undecidable_sign : public std::runtime_error {
public:
    explicit undecidable_sign(const std::string& what_was_decided)
        : std::runtime_error("sign undecidable: " + what_was_decided)
    {
    }
};

namespace detail {
/// Out of line and cold, so that is_positive inlines into the hot loops.
[[noreturn]] void throw_undecidable(const char* what);
} // namespace detail

/// true iff x > 0, throwing undecidable_sign otherwise-unknown.
template <class T>
inline bool is_positive(const T& x, const char* what)
{
    const sign s = sign_of(x);
    if (s == sign::positive) return true;
    if (s == sign::undecidable) detail::throw_undecidable(what);
    return false;
}

/// true iff a > b, decided through sign_of(a - b).
template <class T>
bool exceeds(const T& a, const T& b, const char* what)
{
    return is_positive(T(a - b), what);
}

/// |x| for point types (exact: a negation does not round), decided through
/// sign_of; for an interval type its traits' magnitude, the point interval
/// [sup |x|, sup |x|]: an upper bound of |x| whose comparisons decide, for
/// maxima taken with exceeds().
template <class T>
T magnitude(const T& x)
{
    if constexpr (detail::traits_provide<detail::magnitude_hook, T>) return scalar_traits<T>::magnitude(x);
    else return sign_of(x) == sign::negative ? T(-x) : x;
}

/// magnitude(x), as a class template.
template <class T>
struct magnitude_bound {
    static T of(const T& x) { return magnitude(x); }
};

/// max(a, b) as a value: for point types the larger, decided as exceeds()
/// decides (NaN is undecidable); an interval type's traits max gives the
/// endpoint-wise maximum, which contains max(x, y) for every x in a and y in
/// b, so a maximum of overlapping boxes needs no decision.
template <class T>
T enclose_max(const T& a, const T& b, const char* what)
{
    if constexpr (detail::traits_provide<detail::max_hook, T>) return scalar_traits<T>::max(a, b);
    else return exceeds(a, b, what) ? a : b;
}

/// Run control (when to stop, not what the iterate is): true iff a > b is
/// certain. For point types the same as exceeds() on numbers; an interval
/// that straddles b answers false instead of stopping the run.
template <class T>
bool certainly_exceeds(const T& a, const T& b)
{
    return sign_of(T(a - b)) == sign::positive;
}

/// Run control: true iff a <= b is certain (for point types, !(a > b) on
/// numbers; for intervals, the whole enclosure of a lies at or below b).
template <class T>
bool certainly_at_most(const T& a, const T& b)
{
    const sign s = sign_of(T(b - a));
    return s == sign::positive || s == sign::zero;
}

} // namespace snae
