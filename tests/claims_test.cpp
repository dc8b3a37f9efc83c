// The negative-test machinery of the claims catalogue (proofs_checks/
// claims.hpp): a wrong case passes only when the claim fails exactly as
// expected, so an unrelated failure, an exception, a pass, or a precision
// that does not reject the wrong prediction each make it fail.
#include <claims.hpp>
#include <instance.hpp>

#include <boost/test/unit_test.hpp>

#include <set>
#include <stdexcept>

namespace cl = snae::proofs_checks;

namespace {
/// A claim whose check records, at two precisions, the failures asked for.
cl::claim_result run_fake(std::function<void(cl::tally&)> body)
{
    const cl::claim c{"C0", "fake", "a fake claim", [body](const cl::check_options&, cl::tally& t) { body(t); }};
    cl::check_options opt;
    opt.wrong_case = "fine";
    return cl::run_claim(c, opt);
}
const cl::wrong_case fine{"fine", "the prediction moved", R"(^C0: p\d .*: the value equals its prediction does not hold$)", true};
} // namespace

BOOST_AUTO_TEST_SUITE(claims)

BOOST_AUTO_TEST_CASE(the_expected_failure_at_every_precision_is_accepted)
{
    const auto r = run_fake([](cl::tally& t) {
        for (const char* p : {"p1", "p2"}) {
            t.precision(p);
            t.require(std::string(p) + " instance", "the value equals its prediction", false);
            t.require(std::string(p) + " instance", "an unrelated bound", true);
        }
    });
    BOOST_TEST(!r.pass);
    BOOST_TEST(cl::unexpected_failures(r, fine) == "");
}

BOOST_AUTO_TEST_CASE(anything_else_is_refused)
{
    // A precision that does not reject the wrong prediction.
    const auto one = run_fake([](cl::tally& t) {
        t.precision("p1");
        t.require("p1 instance", "the value equals its prediction", false);
        t.precision("p2");
        t.require("p2 instance", "the value equals its prediction", true);
    });
    BOOST_TEST(cl::unexpected_failures(one, fine).find("precision p2") != std::string::npos);
    // An unrelated bound failing beside the expected one.
    const auto other = run_fake([](cl::tally& t) {
        t.precision("p1");
        t.require("p1 instance", "the value equals its prediction", false);
        t.record("p1 instance", "an unrelated bound", 2.0, false, 2.0, 1.0);
    });
    BOOST_TEST(cl::unexpected_failures(other, fine).find("does not match") != std::string::npos);
    // An exception.
    const auto thrown = run_fake([](cl::tally& t) {
        t.precision("p1");
        throw std::runtime_error("the value equals its prediction does not hold");
    });
    BOOST_TEST(cl::unexpected_failures(thrown, fine).find("does not match") != std::string::npos);
    // No failure at all.
    const auto passed = run_fake([](cl::tally& t) {
        t.precision("p1");
        t.require("p1 instance", "the value equals its prediction", true);
    });
    BOOST_TEST(cl::unexpected_failures(passed, fine) == "the claim did not fail");
}

BOOST_AUTO_TEST_CASE(every_catalogue_claim_has_a_coarse_case_first)
{
    for (const auto* list : {&cl::catalogue(), &cl::certified_catalogue()})
        for (const auto& c : *list) {
            BOOST_TEST_REQUIRE(!c.wrong.empty(), c.id);
            BOOST_TEST(c.wrong.front().name == "coarse", c.id);
            for (const auto& w : c.wrong) BOOST_TEST(w.expect.find("^" + c.id + ": ") == 0u, c.id << " " << w.name);
        }
}

// check_<name> finds its claim by name in either catalogue (claim_list.hpp).
BOOST_AUTO_TEST_CASE(claim_names_are_unique_across_both_catalogues)
{
    std::set<std::string> names;
    for (const auto* list : {&cl::catalogue(), &cl::certified_catalogue()})
        for (const auto& c : *list) {
            BOOST_TEST(names.insert(c.name).second, c.name);
            BOOST_TEST((c.name.rfind("certified-", 0) == 0) == c.certified, c.name);
        }
    BOOST_TEST(cl::catalogue().size() == 11u);
    BOOST_TEST(cl::catalogue().back().id == "C11");
    std::vector<std::string> ids;
    for (const auto& c : cl::certified_catalogue()) ids.push_back(c.id);
    const std::vector<std::string> expected = {"C1", "C3", "C4", "C5", "C6", "C7", "C8"};
    BOOST_TEST(ids == expected, boost::test_tools::per_element());
}

// The names the reports list, for floating and certified instances alike.
BOOST_AUTO_TEST_CASE(instance_names)
{
    const cl::instance rotated{8, 12, snae::activation::relu, cl::data_kind::rotated, 13, 2};
    BOOST_TEST(rotated.name() == "relu rotated n=8 d=12 seed=13 w0x2");
    const cl::instance householder{4, 4, snae::activation::linear, cl::data_kind::householder, 2};
    BOOST_TEST(householder.name() == "linear householder n=4 d=4 seed=2");
}

BOOST_AUTO_TEST_SUITE_END()
