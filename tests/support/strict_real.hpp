// A deliberately restrictive scalar (the archetype of Boost.Math's tests): a
// double inside, but no implicit conversion to or from any built-in type and
// no mixed arithmetic. If the library anywhere narrows to double, multiplies
// by a double literal or relies on an implicit conversion, instantiating it
// with strict_real fails to compile.
#pragma once

#include <snae/scalar_traits.hpp>

#include <cmath>

namespace snae_test {

class strict_real {
public:
    strict_real() = default;
    explicit strict_real(int i) : v_(i) {}
    explicit strict_real(long i) : v_(static_cast<double>(i)) {}
    explicit strict_real(double x) : v_(x) {} // explicit only: the bridge from MPFR uses it

    strict_real& operator+=(const strict_real& o) { v_ += o.v_; return *this; }
    strict_real& operator-=(const strict_real& o) { v_ -= o.v_; return *this; }
    strict_real& operator*=(const strict_real& o) { v_ *= o.v_; return *this; }
    strict_real& operator/=(const strict_real& o) { v_ /= o.v_; return *this; }
    friend strict_real operator-(strict_real a) { a.v_ = -a.v_; return a; }
    friend strict_real operator+(strict_real a, const strict_real& b) { return a += b; }
    friend strict_real operator-(strict_real a, const strict_real& b) { return a -= b; }
    friend strict_real operator*(strict_real a, const strict_real& b) { return a *= b; }
    friend strict_real operator/(strict_real a, const strict_real& b) { return a /= b; }
    friend bool operator==(const strict_real& a, const strict_real& b) { return a.v_ == b.v_; }
    friend bool operator!=(const strict_real& a, const strict_real& b) { return a.v_ != b.v_; }
    friend bool operator<(const strict_real& a, const strict_real& b) { return a.v_ < b.v_; }
    friend bool operator>(const strict_real& a, const strict_real& b) { return a.v_ > b.v_; }
    friend bool operator<=(const strict_real& a, const strict_real& b) { return a.v_ <= b.v_; }
    friend bool operator>=(const strict_real& a, const strict_real& b) { return a.v_ >= b.v_; }
    friend strict_real sqrt(const strict_real& a) { return strict_real(std::sqrt(a.v_)); }
    friend strict_real ldexp(const strict_real& a, int e) { return strict_real(std::ldexp(a.v_, e)); }
    friend strict_real frexp(const strict_real& a, int* e) { return strict_real(std::frexp(a.v_, e)); }
    /// The only way out, and it has to be named.
    double raw() const { return v_; }

private:
    double v_ = 0;
};

} // namespace snae_test

template <>
struct snae::scalar_traits<snae_test::strict_real> {
    using T = snae_test::strict_real;
    static constexpr bool is_interval = false;
    static std::string name() { return "strict_real"; }
    static long digits() { return 53; }
    static void to_mpfr(const T& x, mpfr_ptr out) { mpfr_set_d(out, x.raw(), MPFR_RNDN); }
    static T from_mpfr(mpfr_srcptr v) { return T(mpfr_get_d(v, MPFR_RNDN)); }
    static bool is_finite(const T& x) { return std::isfinite(x.raw()); }
};
