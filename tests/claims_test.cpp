// The negative-test machinery of the claims catalogue (proofs_checks/
// claims.hpp): a wrong case passes only when the claim fails exactly as
// expected, so an unrelated failure, an exception, a pass, or a precision
// that does not reject the wrong prediction each make it fail.
#include <claims.hpp>
#include <instance.hpp>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

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
/// A claim that compares at p1 (instance A, two ratios) and checks only exact conditions at p2 (instance B).
void mixed_body(cl::tally& t)
{
    t.precision("p1");
    t.instance("A");
    t.record("p1 A eta=1", "x = y", 0.25, true, 1.0, 4.0);
    t.record("p1 A eta=2", "x = z", 0.5, true, 2.0, 4.0);
    t.require("p1 A", "an exact condition", true);
    t.precision("p2");
    t.instance("B");
    t.require("p2 B", "an exact condition", true);
    t.require("p2 B", "another", true);
}

/// A folder removed at the end of the test.
struct scratch {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("snae_claims_test_" + std::to_string(::getpid()));
    scratch() { std::filesystem::create_directories(dir); }
    ~scratch() { std::filesystem::remove_all(dir); }
    std::string read(const std::string& name) const
    {
        std::ifstream in(dir / name);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
};

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

// The worst comparison per precision names the precision and the instance in
// force (not parsed from the free text), and counts both kinds of test.
BOOST_AUTO_TEST_CASE(each_precision_keeps_its_worst_comparison_and_counts)
{
    const auto r = run_fake(mixed_body);
    BOOST_TEST_REQUIRE(r.t.by_precision.size() == 2u);
    const auto& p1 = r.t.by_precision[0];
    BOOST_TEST(p1.precision == "p1");
    BOOST_TEST(p1.tolerance_comparisons == 2u);
    BOOST_TEST(p1.exact_conditions == 1u);
    BOOST_TEST(p1.worst.ratio == 0.5);
    BOOST_TEST(p1.worst.instance == "A");
    BOOST_TEST(p1.worst.where == "p1 A eta=2");
    BOOST_TEST(p1.worst.quantity == "x = z");
    BOOST_TEST(p1.worst.error == 2.0);
    BOOST_TEST(r.t.by_precision[1].tolerance_comparisons == 0u);
    BOOST_TEST(r.t.by_precision[1].exact_conditions == 2u);
    BOOST_TEST(r.t.tolerance_comparisons == 2u);
    BOOST_TEST(r.t.exact_conditions == 3u);
    BOOST_TEST(r.t.comparisons == 5u);
    BOOST_TEST(r.t.worst_where == "p1 A eta=2: x = z");
    // A NaN ratio (a non-finite error) stays the worst.
    const auto nan = run_fake([](cl::tally& t) {
        t.precision("p1");
        t.record("p1", "a", std::nan(""), false, std::nan(""), 1.0);
        t.record("p1", "b", 0.5, true, 0.5, 1.0);
    });
    BOOST_TEST(std::isnan(nan.t.worst_ratio));
    BOOST_TEST(nan.t.by_precision[0].worst.quantity == "a");
}

// The JSON carries the worst comparison of each precision as numbers; a
// precision, or a claim, with exact conditions only has a null ratio and a
// dash in the tables, never a 0.
BOOST_AUTO_TEST_CASE(reports_give_a_dash_where_only_exact_conditions_were_checked)
{
    cl::claim_result mixed = run_fake(mixed_body);
    cl::claim_result exact = run_fake([](cl::tally& t) {
        t.precision("p1");
        t.require("p1", "exact", true);
    });
    exact.id = "C9";
    const scratch box;
    cl::check_options opt;
    cl::write_reports({mixed, exact}, opt, box.dir.string());
    const auto j = nlohmann::json::parse(box.read("verification.json"));
    BOOST_TEST(j.at("provenance").contains("commit"));
    BOOST_TEST(j.at("precisions") == nlohmann::json({"p1", "p2"}));
    const auto& m = j.at("claims")[0];
    BOOST_TEST(m.at("worst_ratio") == 0.5);
    BOOST_TEST(m.at("worst").at("instance") == "A");
    BOOST_TEST_REQUIRE(m.at("worst_by_precision").size() == 2u);
    const auto& p1 = m.at("worst_by_precision")[0];
    BOOST_TEST(p1.at("claim") == "C0");
    BOOST_TEST(p1.at("precision") == "p1");
    BOOST_TEST(p1.at("error") == 2.0);
    BOOST_TEST(p1.at("tolerance") == 4.0);
    BOOST_TEST(p1.at("compared_as") == "value");
    BOOST_TEST(p1.at("tolerance_comparisons") == 2);
    BOOST_TEST(m.at("worst_by_precision")[1].at("ratio").is_null());
    BOOST_TEST(m.at("worst_by_precision")[1].at("exact_conditions") == 2);
    const auto& e = j.at("claims")[1];
    BOOST_TEST(e.at("worst_ratio").is_null());
    BOOST_TEST(e.at("worst").is_null());
    BOOST_TEST(e.at("tolerance_comparisons") == 0);
    BOOST_TEST(e.at("exact_conditions") == 1);
    BOOST_TEST(box.read("verification.md").find("| C9 | a fake claim | 0 | p1 | - | PASS |") != std::string::npos);
    BOOST_TEST(box.read("verification.tex").find("{---}") != std::string::npos);
    BOOST_TEST(box.read("verification.tex").find("A dash: exact conditions only") != std::string::npos);
    BOOST_TEST(cl::text_table({exact}).find("A dash in \"worst e/tol\"") != std::string::npos);
}

// Every claim is stated twice, in plain text and in LaTeX; the LaTeX form
// is maths, not the plain text's ASCII (no ||, >=, <=, _GD).
BOOST_AUTO_TEST_CASE(every_statement_has_a_latex_form)
{
    const auto looks_like_latex = [](const std::string& s) {
        std::size_t dollars = 0;
        for (char c : s) dollars += c == '$' ? 1 : 0;
        return !s.empty() && dollars % 2 == 0 && s.find("||") == std::string::npos && s.find(">=") == std::string::npos &&
               s.find("<=") == std::string::npos && s.find("_GD") == std::string::npos && s.find("w0") == std::string::npos;
    };
    for (const auto* list : {&cl::catalogue(), &cl::certified_catalogue()})
        for (const auto& c : *list) {
            BOOST_TEST(looks_like_latex(c.statement_latex), c.id << ": " << c.statement_latex);
            for (const auto& h : c.hypotheses) BOOST_TEST(looks_like_latex(h.latex), c.id << ": " << h.latex);
            BOOST_TEST(c.hypotheses.size() == (c.certified ? 4u : 0u), c.id);
        }
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
