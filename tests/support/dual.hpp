// Forward-mode dual numbers a + b eps (eps^2 = 0) over a scalar T: an
// independent derivative of the literal loss, for testing the gradient.
#pragma once

#include <snae/sign.hpp>

namespace snae_test {

template <class T>
struct dual {
    T v, e; // value, derivative along the seeded direction
    dual() : v(0), e(0) {}
    explicit dual(const T& value) : v(value), e(0) {}
    dual(const T& value, const T& deriv) : v(value), e(deriv) {}
    explicit dual(int i) : v(i), e(0) {}
    explicit dual(long i) : v(i), e(0) {}

    dual& operator+=(const dual& o) { v += o.v; e += o.e; return *this; }
    friend dual operator+(const dual& a, const dual& b) { return {a.v + b.v, a.e + b.e}; }
    friend dual operator-(const dual& a, const dual& b) { return {a.v - b.v, a.e - b.e}; }
    friend dual operator*(const dual& a, const dual& b) { return {a.v * b.v, a.v * b.e + a.e * b.v}; }
    friend dual operator/(const dual& a, const dual& b) { return {a.v / b.v, (a.e * b.v - a.v * b.e) / (b.v * b.v)}; }
};

} // namespace snae_test

// The ReLU branch of a dual number is the branch of its value.
template <class T>
struct snae::sign_decision<snae_test::dual<T>> {
    static sign of(const snae_test::dual<T>& x) { return snae::sign_of(x.v); }
};
