// Scalar traits: exact precision, correctly rounded decimal input, exact
// hexadecimal input, decimal output that reads back exactly, and the
// three-valued sign decision.
#include "support/scalar_list.hpp"

#include <snae/sign.hpp>

#include <boost/test/unit_test.hpp>

#include <quadmath.h>

#include <cstdlib>

using namespace snae;
using namespace snae_test;

BOOST_AUTO_TEST_SUITE(scalar_io)

BOOST_AUTO_TEST_CASE(mpfr_precision_is_exact_bits)
{
    for (long bits : {16L, 24L, 53L, 254L, 256L, 257L, 4096L, 65536L}) {
        precision_scope<mpfr_real> guard(bits);
        mpfr_real x(1);
        x /= mpfr_real(3);
        BOOST_TEST(x.precision() == bits);
        BOOST_TEST(scalar_traits<mpfr_real>::digits() == bits);
        // u = 2^-bits exactly: 1 + u rounds to 1 (tie to even), 1 + 2u does not.
        const mpfr_real u = unit_roundoff<mpfr_real>();
        BOOST_TEST(mpfr_get_exp(u.data()) == 1 - bits);
        BOOST_TEST((mpfr_real(1) + u == mpfr_real(1)));
        BOOST_TEST((mpfr_real(1) + (u + u) != mpfr_real(1)));
    }
    BOOST_CHECK_THROW(precision_scope<mpfr_real>(15), std::out_of_range);
    BOOST_CHECK_THROW(precision_scope<mpfr_real>(mpfr_max_bits + 1), std::out_of_range);
}

BOOST_AUTO_TEST_CASE(decimal_input_is_correctly_rounded)
{
    // glibc's strtod/strtof and libquadmath's strtoflt128 are correctly
    // rounded: an independent reference for the hardware types.
    for (const char* s : {"0.1", "1e-7", "3.141592653589793238462643383279", "2.5e-300", "-7.25", "123456789.987654321"}) {
        BOOST_TEST(from_decimal<double>(s) == std::strtod(s, nullptr), s);
        BOOST_TEST(from_decimal<long double>(s) == std::strtold(s, nullptr), s);
        BOOST_TEST((from_decimal<float128>(s) == float128(strtoflt128(s, nullptr))), s);
    }
    for (const char* s : {"0.1", "1e-7", "-7.25", "3.4e38"}) BOOST_TEST(from_decimal<float>(s) == std::strtof(s, nullptr), s);
    BOOST_CHECK_THROW(from_decimal<double>("0.1x"), std::invalid_argument);
    BOOST_CHECK_THROW(from_decimal<double>(""), std::invalid_argument);
    BOOST_CHECK_THROW(from_decimal<double>(" 1"), std::invalid_argument);
    BOOST_CHECK_THROW(from_decimal<double>("nan"), std::invalid_argument);
    BOOST_CHECK_THROW(from_decimal<double>("1e400"), std::invalid_argument);
    BOOST_CHECK_THROW(from_decimal<float>("1e39"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(hexadecimal_input_is_exact_and_strict)
{
    // glibc's strtod reads C99 hexadecimal constants too: the reference.
    for (const char* s : {"0x1.999999999999ap-4", "-0x3p+2", "0X1P-1074", "0x1.fffffffffffffp+1023", "+0x0p+0"})
        BOOST_TEST(from_decimal<double>(s) == std::strtod(s, nullptr), s);
    // A value far outside double's range and 60 bits long, exact at 256 bits.
    precision_scope<mpfr_real> guard(256);
    const mpfr_real x = from_decimal<mpfr_real>("0xfedcba987654321p-70000");
    BOOST_TEST(to_decimal(x) == to_decimal(mpfr_real(ldexp(mpfr_real(0xfedcba987654321LL), -70000))));
    for (const char* bad : {"0x", "0x1p", "0x1.8p-3z", "0b101", "x1p3", "0x 1"})
        BOOST_CHECK_THROW(from_decimal<double>(bad), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(decimal_output_reads_back_exactly, T, all_scalars)
{
    precision_guard<T> guard;
    random_engine eng(17, random_stream::data);
    int need_all_digits = 0;
    for (int k = 0; k < 200; ++k) {
        // A value with all p bits in use: a random double divided by a random
        // odd integer, rounded in T.
        const T x = from_double<T>(static_cast<double>(eng.next() >> 11) * 0x1p-40) / T(static_cast<long>((eng.next() % 1000) * 2 + 3));
        const std::string s = to_decimal(x);
        BOOST_TEST((from_decimal<T>(s) == x), scalar_traits<T>::name() << ' ' << s);
        // With one significant digit fewer (the last one cut), some values no
        // longer read back: the digit count is not more than needed.
        const auto e = s.find('e');
        if ((from_decimal<T>(s.substr(0, e - 1) + s.substr(e)) != x)) ++need_all_digits;
    }
    BOOST_TEST(need_all_digits > 0, scalar_traits<T>::name());
}

BOOST_AUTO_TEST_CASE(sign_decision_is_three_valued)
{
    BOOST_TEST((sign_of(1.0) == sign::positive));
    BOOST_TEST((sign_of(-1e-300) == sign::negative));
    BOOST_TEST((sign_of(0.0) == sign::zero));
    BOOST_TEST((sign_of(-0.0) == sign::zero));
    BOOST_TEST((sign_of(std::nan("")) == sign::undecidable));
    BOOST_CHECK_THROW(is_positive(std::nan(""), "test"), undecidable_sign);
    BOOST_TEST(!is_positive(0.0, "relu at 0 is inactive (sigma'(0) := 0)"));
}

BOOST_AUTO_TEST_SUITE_END()
