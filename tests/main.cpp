// The Boost.Test module: one executable for the library's tests; each
// <topic>_test.cpp holds the one suite <topic>, run by ctest as the test <topic>.
#define BOOST_TEST_MODULE snae
#include <boost/test/unit_test.hpp>
