// The Boost.Test module: one executable for the library's tests; each
// <topic>_test.cpp holds one suite, run by ctest as its own test.
#define BOOST_TEST_MODULE snae
#include <boost/test/unit_test.hpp>
