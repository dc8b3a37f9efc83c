// The scalar registry: every form derived from SNAE_SCALAR_LIST (the kind
// enum, names, parsing, dispatch, the supported_scalars tuple,
// SNAE_FOR_EACH_SCALAR) agrees with the rows and with each type's
// scalar_traits. A row whose traits name, precision or type disagreed with
// it fails here.
#include "support/scalar_list.hpp"

#include <snae/scalar_list.hpp>
#include <snae/scalars.hpp>

#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

using namespace snae;

namespace {

/// The --scalar text of a row: its id without the trailing underscore, and
/// `:BITS` for a type of run-time precision.
std::string row_text(std::string id, bool runtime_precision)
{
    if (id.back() == '_') id.pop_back();
    return runtime_precision ? id + ":" + std::to_string(snae_test::test_mpfr_bits) : id;
}

/// The position of T in supported_scalars (its size if absent).
template <class T, std::size_t I = 0>
constexpr std::size_t index_of()
{
    if constexpr (I == std::tuple_size_v<supported_scalars>) return I;
    else if constexpr (std::is_same_v<std::tuple_element_t<I, supported_scalars>, T>) return I;
    else return index_of<T, I + 1>();
}

/// What dispatch_scalar saw: the traits' name and digits inside its scope,
/// and whether the type was T.
struct dispatched {
    std::string name;
    long digits;
    bool same_type;
};

template <class T>
void check_row(const std::string& id, scalar_spec::kind kind, std::size_t index)
{
    const std::string text = row_text(id, has_runtime_precision<T>);
    BOOST_TEST_CONTEXT("row " << index << ": " << text)
    {
        const scalar_spec spec = parse_scalar_spec(text);
        BOOST_TEST((spec.type == kind));
        BOOST_TEST(spec.name() == text);
        BOOST_TEST(!spec.is_interval());
        BOOST_TEST((static_cast<std::size_t>(kind) == index)); // the enum follows the list
        const dispatched d = dispatch_scalar(spec, [](auto tag) {
            using U = typename decltype(tag)::type;
            return dispatched{scalar_traits<U>::name(), scalar_traits<U>::digits(), std::is_same_v<U, T>};
        });
        BOOST_TEST(d.same_type);
        BOOST_TEST(d.name == text); // the traits name the row's type as the row does
        BOOST_TEST(d.digits == spec.bits());
        BOOST_TEST(!scalar_traits<T>::is_interval);
                BOOST_TEST(index_of<T>() == index);
        BOOST_TEST(scalar_spec_choices().find(has_runtime_precision<T> ? text.substr(0, text.find(':')) + ":BITS" : text) !=
                   std::string::npos);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(scalar_registry)

BOOST_AUTO_TEST_CASE(every_row_agrees_with_its_traits)
{
    std::size_t rows = 0;
#define SNAE_CHECK_ROW(id, type) check_row<type>(#id, scalar_spec::kind::id, rows++);
    SNAE_SCALAR_LIST(SNAE_CHECK_ROW)
#undef SNAE_CHECK_ROW
    BOOST_TEST(rows == std::tuple_size_v<supported_scalars>);
    BOOST_TEST((static_cast<std::size_t>(scalar_spec::kind::mpfi) == rows)); // the interval comes after the list
}

BOOST_AUTO_TEST_CASE(for_each_scalar_follows_the_list)
{
    std::vector<std::size_t> order;
#define SNAE_INDEX(T) order.push_back(index_of<T>());
    SNAE_FOR_EACH_SCALAR(SNAE_INDEX)
#undef SNAE_INDEX
    std::vector<std::size_t> expected;
    for (std::size_t i = 0; i < std::tuple_size_v<supported_scalars>; ++i) expected.push_back(i);
    BOOST_TEST(order == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(only_the_run_time_precision_rows_take_bits)
{
    BOOST_TEST(has_runtime_precision<mpfr_real>);
    BOOST_TEST(!has_runtime_precision<double>);
    BOOST_TEST(!has_runtime_precision<cpp_bin_float_100>);
    BOOST_TEST(parse_scalar_spec("mpfr:300").bits() == 300);
    BOOST_TEST(parse_scalar_spec("long-double").name() == "long_double"); // the one alias
}

BOOST_AUTO_TEST_CASE(messages_name_every_accepted_value)
{
    const std::string choices = "float, double, long_double, float128, cpp_bin_float_50, cpp_bin_float_100, "
                                "mpfr:BITS with BITS in [16, 1048576], mpfi:BITS (intervals, snae train only)";
    BOOST_TEST(scalar_spec_choices() == choices);
    for (const char* bad : {"quad", "mpfr", "mpfr:", "mpfr:x", "double:53", "Float"}) {
        BOOST_TEST_CONTEXT(bad)
        {
            try {
                parse_scalar_spec(bad);
                BOOST_TEST(false);
            } catch (const std::invalid_argument& e) {
                BOOST_TEST(std::string(e.what()) == "expected one of " + choices + ", got '" + bad + "'");
            }
        }
    }
    try {
        parse_scalar_spec("mpfi:8");
        BOOST_TEST(false);
    } catch (const std::out_of_range& e) {
        BOOST_TEST(std::string(e.what()) == "BITS must be in [16, 1048576], got 8");
    }
}

BOOST_AUTO_TEST_CASE(intervals_parse_but_do_not_dispatch_as_a_point_type)
{
    const scalar_spec spec = parse_scalar_spec("mpfi:300");
    BOOST_TEST(spec.is_interval());
    BOOST_TEST(spec.name() == "mpfi:300");
    BOOST_TEST(spec.bits() == 300);
    BOOST_CHECK_THROW(dispatch_scalar(spec, [](auto) { return 0; }), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
