// snae sweep --study: the Wilson interval against independently computed
// values, runs read by column name, the aggregation of each study on
// hand-made rows (counts and probabilities worked out by hand below), and
// the files each study writes, with gnuplot drawing its scripts when present.
#include <grid.hpp>
#include <measure.hpp>
#include <studies.hpp>
#include <study_common.hpp>

#include <snae/errors.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

using namespace snae;
using namespace snae::sweep;
using namespace snae::sweep::study;
namespace fs = std::filesystem;

namespace {

using columns = std::map<std::string, std::string>;

/// An SGD run of the selection slice (double, relu, canonical, n = d = 4, b = 1).
run_record sgd_run(const std::string& status, const std::string& selected, const std::string& rank, const std::string& abs_rank,
                   const std::string& positive, const std::string& scalar = "double", const std::string& seed = "0",
                   const std::string& init = "")
{
    return record_of({{"scalar", scalar}, {"activation", "relu"}, {"data", "canonical"}, {"n", "4"}, {"d", "4"},
                      {"batch", "1"}, {"b", "1"}, {"full_batch", "false"}, {"sampler", "replacement"}, {"eta", "0.4"},
                      {"seed", seed}, {"batch_seed", "0"}, {"status", status}, {"selected", selected},
                      {"selected_rank", rank}, {"selected_abs_rank", abs_rank}, {"positive_init", positive},
                      {"selected_init", init}});
}

/// The row of measure_column_names() with `values` at their names' places, "" elsewhere.
std::vector<std::string> measured_row(const columns& values)
{
    const auto names = measure_column_names();
    std::vector<std::string> row(names.size());
    for (const auto& [name, value] : values) {
        const auto at = std::find(names.begin(), names.end(), name);
        BOOST_REQUIRE_MESSAGE(at != names.end(), "runs.csv has no column " << name);
        row[static_cast<std::size_t>(at - names.begin())] = value;
    }
    return row;
}

struct temp_dir {
    fs::path path = fs::temp_directory_path() / ("snae_study_test_" + std::to_string(::getpid()));
    temp_dir() { fs::create_directories(path); }
    ~temp_dir() { fs::remove_all(path); }
};

std::string slurp(const fs::path& p)
{
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool close(double a, double b) { return std::fabs(a - b) <= 1e-12; }

} // namespace

BOOST_AUTO_TEST_SUITE(study)

BOOST_AUTO_TEST_CASE(parse_study_names_and_refusal)
{
    BOOST_TEST((parse_study("near-orthogonal") == study_kind::near_orthogonal));
    BOOST_TEST(to_string(parse_study("selection")) == "selection");
    BOOST_TEST(to_string(study_kind::phase) == "phase");
    try {
        (void)parse_study("phases");
        BOOST_FAIL("parse_study accepted 'phases'");
    } catch (const input_error& e) {
        BOOST_TEST(e.flag() == "--study");
        BOOST_TEST(e.message() == "expected none, selection, phase or near-orthogonal, got 'phases'");
    }
}

// The expected bounds were computed with python3 from the closed form of the
// bounds as the roots P of (p - P)^2 = z^2 P (1 - P)/n, by the quadratic
// formula (not the centre/half-width form wilson() uses):
//   a = 1 + z^2/n, b = -(2p + z^2/n), c = p^2, P = (-b -+ sqrt(b^2 - 4ac))/(2a).
// 81/263 -> [0.2553, 0.3662] is also Newcombe (1998), Stat. Med. 17:857, Table I, method 3.
BOOST_AUTO_TEST_CASE(wilson_interval_matches_independent_values)
{
    struct expected {
        std::uint64_t k, n;
        double lo, hi;
    };
    for (const auto& e : {expected{0, 10, 0, 0.277532799862889}, expected{5, 10, 0.236593090512564, 0.763406909487436},
                          expected{10, 10, 0.722467200137111, 1}, expected{81, 263, 0.255288519878274, 0.3662095769828},
                          expected{1, 3, 0.0614919447203962, 0.792340399197952}, expected{2, 4, 0.15003898915215, 0.84996101084785}}) {
        const proportion p = wilson(e.k, e.n);
        BOOST_TEST(p.hits == e.k);
        BOOST_TEST(p.trials == e.n);
        BOOST_TEST(p.p == static_cast<double>(e.k) / static_cast<double>(e.n));
        BOOST_TEST(std::fabs(p.lo - e.lo) < 1e-13, e.k << "/" << e.n << ": lo " << p.lo << " != " << e.lo);
        BOOST_TEST(std::fabs(p.hi - e.hi) < 1e-13, e.k << "/" << e.n << ": hi " << p.hi << " != " << e.hi);
    }
    const proportion none = wilson(0, 0);
    BOOST_TEST(std::isnan(none.p));
    BOOST_TEST(none.lo == 0.0);
    BOOST_TEST(none.hi == 1.0);
}

BOOST_AUTO_TEST_CASE(records_read_by_column_name)
{
    BOOST_TEST(is_missing(""));
    BOOST_TEST(is_missing("n/a"));
    BOOST_TEST(is_missing("nan"));
    BOOST_TEST(!is_missing("0"));
    const run_record r = record_of({{"trace", "1.25"}, {"lambda_max_closed", "n/a"}, {"support_size", "3"}});
    BOOST_TEST(*r.number("trace") == 1.25);
    BOOST_TEST(!r.number("lambda_max_closed"));
    BOOST_TEST(!r.number("no_such_column"));
    BOOST_TEST(*r.count("support_size") == 3u);
    BOOST_TEST(!r.count("trace")); // not an integer

    sweep_config c;
    c.n = {"4"};
    c.batch = {"2"};
    c.seed_count = 2;
    const auto runs = expand(c);
    BOOST_REQUIRE(runs.size() == 2u);
    // Every measured column holds its own value, so that a value read from the wrong place shows.
    std::map<std::size_t, std::vector<std::string>> rows;
    rows[runs[1].id] = measured_row({{"status", "converged"}, {"support_size", "1"}, {"positive_init", "3"}, {"trace", "0.75"}});
    const auto records = records_of(runs, rows); // runs[0] has no row: left out
    BOOST_REQUIRE(records.size() == 1u);
    BOOST_TEST(records[0].text("status") == "converged");
    BOOST_TEST(*records[0].count("support_size") == 1u);
    BOOST_TEST(*records[0].count("positive_init") == 3u);
    BOOST_TEST(*records[0].number("trace") == 0.75);
    BOOST_TEST(records[0].text("scalar") == "double");
    BOOST_TEST(records[0].text("b") == "2");
    BOOST_TEST(records[0].text("seed") == "1");
    BOOST_TEST(records[0].text("eta_label") == "0.8*b/2");
    BOOST_TEST(records[0].text("batch_label") == "2");
}

BOOST_AUTO_TEST_CASE(scalar_precision_order)
{
    BOOST_TEST(scalar_bits("double") == 53);
    BOOST_TEST(scalar_bits("cpp_bin_float_50") == 168);
    BOOST_TEST(scalar_bits("mpfr:256") == 256);
    BOOST_TEST(scalar_bits("no-such-type") == 0);
    BOOST_TEST(most_precise({"double", "mpfr:128", "float128", "cpp_bin_float_100"}) == "cpp_bin_float_100");
    BOOST_TEST(most_precise({"float", "long_double", "double"}) == "long_double");
    BOOST_TEST(most_precise({"float128", "mpfr:113"}) == "mpfr:113");
}

// Decided runs 1, 2, 3 and 5 (4 diverged, 6 died, the GD run is not SGD):
//   selected_rank      1, 2, 1, 4  -> P(r = 1) = 2/4, P(r = 2) = 1/4, P(r = 4) = 1/4
//   selected_abs_rank  2, 1, 3, 2  -> P(r = 1) = 1/4, P(r = 2) = 2/4, P(r = 3) = 1/4
//   selected_init      0.3, 0.2, 0.1, -0.1 -> c_k(w0) > 0 in runs 1, 2, 3: 3/4
//   positive_init      2, 3, 1, 2  -> 1/mean |P0| = 1/2.
// Reading the absolute rank for the rank (or the reverse) gives 1/4 for P(r = 1).
BOOST_AUTO_TEST_CASE(selection_counts_by_rank)
{
    std::vector<run_record> records{sgd_run("converged", "2", "1", "2", "2", "double", "0", "0.3"),
                                    sgd_run("converged", "0", "2", "1", "3", "double", "0", "0.2"),
                                    sgd_run("max_steps", "1", "1", "3", "1", "double", "0", "0.1"), sgd_run("diverged", "", "", "", ""),
                                    sgd_run("converged", "3", "4", "2", "2", "double", "0", "-0.1"), sgd_run("dead", "", "", "", "0")};
    columns gd{{"scalar", "double"}, {"activation", "relu"}, {"data", "canonical"}, {"n", "4"}, {"d", "4"}, {"batch", "full"},
               {"b", "4"}, {"full_batch", "true"}, {"sampler", "full"}, {"status", "converged"}, {"selected", "0"},
               {"selected_rank", "1"}, {"selected_abs_rank", "1"}, {"positive_init", "2"}};
    records.push_back(record_of(gd));
    const auto slices = selection_slices(records);
    BOOST_REQUIRE(slices.size() == 1u);
    const selection_slice& s = slices[0];
    BOOST_TEST(s.runs == 6u);
    BOOST_TEST(s.decided == 4u);
    BOOST_REQUIRE(s.rank.size() == 4u); // min(n, 10)
    const std::vector<std::uint64_t> rank_hits{2, 1, 0, 1}, abs_hits{1, 2, 1, 0};
    for (std::size_t r = 0; r < 4; ++r) {
        BOOST_TEST(s.rank[r].hits == rank_hits[r], "rank " << r + 1);
        BOOST_TEST(s.abs_rank[r].hits == abs_hits[r], "|rank| " << r + 1);
        BOOST_TEST(s.rank[r].trials == 4u);
    }
    BOOST_TEST(s.rank[0].p == 0.5);
    BOOST_TEST(s.abs_rank[0].p == 0.25);
    BOOST_TEST(s.rank[0].lo == wilson(2, 4).lo);
    BOOST_TEST(s.positive.hits == 3u);
    BOOST_TEST(s.positive.trials == 4u);
    BOOST_TEST(s.uniform == 0.5);
}

// Seeds 0-2 decided at both precisions; the selected k agree at seeds 0 and 2
// (2/3). Seed 3 diverged at mpfr:256 and does not count.
BOOST_AUTO_TEST_CASE(selection_agreement_across_precisions)
{
    std::vector<run_record> records;
    const std::vector<std::string> at_double{"1", "2", "3", "0"}, at_mpfr{"1", "0", "3", ""};
    for (int seed = 0; seed < 4; ++seed) {
        records.push_back(sgd_run("converged", at_double[seed], "1", "1", "2", "double", std::to_string(seed)));
        records.push_back(sgd_run(seed == 3 ? "diverged" : "converged", at_mpfr[seed], seed == 3 ? "" : "1", seed == 3 ? "" : "1",
                                  "2", "mpfr:256", std::to_string(seed)));
    }
    const auto a = selection_agreement(records);
    BOOST_REQUIRE(a.size() == 1u);
    BOOST_TEST(a[0].scalar == "double");
    BOOST_TEST(a[0].reference == "mpfr:256");
    BOOST_TEST(a[0].n == 4u);
    BOOST_TEST(a[0].agree.hits == 2u);
    BOOST_TEST(a[0].agree.trials == 3u);
    // One precision: nothing to compare.
    records.erase(std::remove_if(records.begin(), records.end(), [](const run_record& r) { return r.text("scalar") == "double"; }),
                  records.end());
    BOOST_TEST(selection_agreement(records).empty());
}

namespace {

run_record phase_run(const std::string& b, const std::string& factor, const std::string& status, const std::string& support,
                     const std::string& trace = "")
{
    const bool full = b == "4";
    return record_of({{"scalar", "double"}, {"activation", "relu"}, {"data", "canonical"}, {"n", "4"}, {"d", "4"},
                      {"batch", full ? "full" : b}, {"b", b}, {"full_batch", full ? "true" : "false"},
                      {"sampler", full ? "full" : "replacement"}, {"eta_label", factor + "*b/2"}, {"status", status},
                      {"support_size", support}, {"trace", trace}, {"lambda_max", trace.empty() ? "" : "1"}});
}

std::vector<run_record> phase_records()
{
    return {phase_run("2", "0.5", "converged", "1", "2"), phase_run("2", "0.5", "converged", "3", "3"),
            phase_run("2", "0.5", "max_steps", "2", "4"),  phase_run("2", "2", "diverged", ""),
            phase_run("2", "2", "diverged", ""),           phase_run("2", "2", "dead", "0"),
            phase_run("4", "0.5", "converged", "2", "1.5")};
}

} // namespace

// Cell (b = 2, F = 0.5): supports 1, 3, 2 -> median 2, quartiles 1.5 and 2.5
// (linear interpolation); converged 2/3, cycling 1/3. Cell (2, 2): diverged
// 2/3, dead 1/3, support over the one bounded run: 0. The full-batch run
// (b = n = 4) joins the replacement sampler's slice.
BOOST_AUTO_TEST_CASE(phase_cells_count_statuses)
{
    const auto slices = phase_slices(phase_records());
    BOOST_REQUIRE(slices.size() == 1u);
    BOOST_TEST(slices[0].key.back() == "replacement");
    BOOST_TEST(slices[0].key[4] == "1"); // d/n
    const auto& cells = slices[0].cells;
    BOOST_REQUIRE(cells.size() == 3u);
    BOOST_TEST(cells[0].b == 2u);
    BOOST_TEST(cells[0].factor == 0.5);
    BOOST_TEST(cells[0].runs == 3u);
    BOOST_TEST(cells[0].converged == 2u);
    BOOST_TEST(cells[0].cycling == 1u);
    BOOST_TEST(cells[0].diverged == 0u);
    BOOST_TEST(cells[0].support.median == 2.0);
    BOOST_TEST(cells[0].support.q1 == 1.5);
    BOOST_TEST(cells[0].support.q3 == 2.5);
    BOOST_TEST(cells[0].trace.median == 3.0);
    BOOST_TEST(cells[1].factor == 2.0);
    BOOST_TEST(cells[1].diverged == 2u);
    BOOST_TEST(cells[1].dead == 1u);
    BOOST_TEST(cells[1].support.count == 1u);
    BOOST_TEST(cells[1].support.median == 0.0);
    BOOST_TEST(cells[2].b == 4u);
    BOOST_TEST(cells[2].converged == 1u);
    // An absolute step size: F = eta/(b/2).
    BOOST_TEST(*eta_factor(record_of({{"eta_label", "0.3"}, {"eta", "0.3"}, {"b", "2"}})) == 0.3);
}

namespace {

run_record near_run(const std::string& data, bool gd, const std::string& seed, const columns& measured)
{
    columns c{{"scalar", "double"}, {"activation", "relu"}, {"data", data}, {"n", "4"}, {"d", "8"}, {"batch", gd ? "full" : "1"},
              {"b", gd ? "4" : "1"}, {"full_batch", gd ? "true" : "false"}, {"sampler", gd ? "full" : "replacement"},
              {"eta_label", "0.8*b/2"}, {"seed", seed}, {"batch_seed", "0"}, {"status", "converged"}};
    c.insert(measured.begin(), measured.end());
    return record_of(c);
}

std::vector<run_record> near_records()
{
    return {near_run("gaussian", true, "0", {{"limit_distance", "0.1"}, {"trace", "1"}, {"positive_init", "3"}}),
            near_run("gaussian", true, "1", {{"limit_distance", "0.3"}, {"trace", "1.5"}, {"positive_init", "2"}}),
            near_run("gaussian", false, "1", {{"alignment", "0.9"}, {"trace", "2"}}),
            near_run("gaussian", false, "0", {{"alignment", "1"}, {"trace", "1.25"}}),
            near_run("correlated:0.25", true, "0", {{"limit_distance", "0.5"}, {"trace", "1"}, {"positive_init", "1"}}),
            near_run("correlated:0.25", false, "0", {{"alignment", "1"}, {"trace", "1.5"}}),
            near_run("canonical", true, "0", {{"limit_distance", "0"}, {"trace", "1"}, {"positive_init", "2"}}),
            near_run("canonical", false, "0", {{"alignment", "1"}, {"trace", "1.25"}})};
}

} // namespace

// gaussian, d/n = 2: GD distances 0.1, 0.3 -> mean 0.2, sd sqrt(0.02);
// alignments 1, 0.9 -> one of two 1-sparse; gaps paired by seed:
// 1.25 - 1 = 0.25 (seed 0), 2 - 1.5 = 0.5 (seed 1) -> mean 0.375; closed
// form (|P0| - 1)/n: 2/4, 1/4 -> mean 0.375.
BOOST_AUTO_TEST_CASE(near_orthogonal_pairs_by_seed)
{
    const auto rows = near_orthogonal_rows(near_records());
    BOOST_REQUIRE(rows.size() == 3u); // canonical, correlated:0.25, gaussian (natural order of the data names)
    const auto g = std::find_if(rows.begin(), rows.end(), [](const near_orthogonal_row& r) { return r.family == "gaussian"; });
    BOOST_REQUIRE(g != rows.end());
    BOOST_TEST(g->ratio == 2.0);
    BOOST_TEST(g->gd_runs == 2u);
    BOOST_TEST(g->sgd_runs == 2u);
    BOOST_TEST(close(g->limit_distance.mean, 0.2));
    BOOST_TEST(close(g->limit_distance.sd, std::sqrt(0.02)));
    BOOST_TEST(close(g->alignment.mean, 0.95));
    BOOST_TEST(g->one_sparse.hits == 1u);
    BOOST_TEST(g->one_sparse.trials == 2u);
    BOOST_TEST(g->gap.count == 2u);
    BOOST_TEST(close(g->gap.mean, 0.375));
    BOOST_TEST(g->gap.min == 0.25);
    BOOST_TEST(close(g->gap_closed.mean, 0.375));
    const auto c = std::find_if(rows.begin(), rows.end(), [](const near_orthogonal_row& r) { return r.family == "correlated"; });
    BOOST_REQUIRE(c != rows.end());
    BOOST_TEST(c->rho == 0.25);
    BOOST_TEST(close(c->gap.mean, 0.5));
    BOOST_TEST(c->gap_closed.mean == 0.0);
    BOOST_TEST(data_family("rotated") == "");
}

// Each writer's files, and gnuplot accepting every script it writes (when installed).
BOOST_AUTO_TEST_CASE(writers_write_tables_and_figures)
{
    temp_dir t;
    plot::figure_options style;
    style.formats = {plot::figure_format::svg};
    const nlohmann::json echo = {{"name", "study-test"}};
    std::vector<run_record> selection{sgd_run("converged", "2", "1", "2", "2"), sgd_run("converged", "0", "2", "1", "3"),
                                      sgd_run("converged", "2", "1", "2", "2", "mpfr:256")};
    const bool gnuplot = plot::find_on_path("gnuplot").has_value();
    for (const auto& [result, expected] :
         {std::pair{write_selection(t.path, echo, selection, style, true), std::vector<std::string>{"selection.csv", "selection.md",
                                                                                                "selection-precision.csv",
                                                                                                "figures/selection-rank.gp",
                                                                                                "figures/selection-precision.gp"}},
          std::pair{write_phase(t.path, echo, phase_records(), style, true),
                    std::vector<std::string>{"phase.csv", "phase.md", "figures/phase-relu-canonical-dn1.gp"}},
          std::pair{write_near_orthogonal(t.path, echo, near_records(), style, true),
                    std::vector<std::string>{"near-orthogonal.csv", "near-orthogonal.md", "figures/near-orthogonal-gaussian.gp",
                                             "figures/near-orthogonal-correlated.gp"}}}) {
        BOOST_TEST((result.message.empty() || !gnuplot), result.message);
        for (const auto& file : expected) {
            BOOST_TEST((std::find(result.files.begin(), result.files.end(), file) != result.files.end()), file);
            BOOST_TEST(fs::exists(t.path / file), file);
        }
        if (gnuplot)
            for (const auto& file : expected)
                if (file.size() > 3 && file.compare(file.size() - 3, 3, ".gp") == 0)
                    BOOST_TEST(fs::exists(t.path / (file.substr(0, file.size() - 3) + ".svg")), file);
    }
    // The tidy table: rank 1 of the double slice is 1 of 2 decided runs.
    const std::string csv = slurp(t.path / "selection.csv");
    BOOST_TEST(csv.find("double,relu,canonical,4,4,1,replacement,0.4,2,2,selected_rank,1,1,2,0.5,") != std::string::npos, csv);
    const std::string phase = slurp(t.path / "phase.csv");
    BOOST_TEST(phase.find("double,relu,canonical,4,1,replacement,2,0.5,3,2,0,1,0,0,0.666667,0,0.333333,0,2,1.5,2.5,3.0000000000000000e+00,1.0000000000000000e+00") !=
                   std::string::npos,
               phase);
}

// write_study on a grid's runs: the journal's rows read by column name, tables only.
BOOST_AUTO_TEST_CASE(write_study_from_grid_runs)
{
    temp_dir t;
    sweep_config c;
    c.n = {"4"};
    c.batch = {"2", "full"};
    c.eta_factor = {"0.5"};
    c.seed_count = 2;
    const auto runs = expand(c);
    BOOST_REQUIRE(runs.size() == 4u);
    std::map<std::size_t, std::vector<std::string>> rows;
    for (const auto& r : runs)
        rows[r.id] = measured_row({{"status", r.batch_label == "full" ? "converged" : "max_steps"},
                                   {"support_size", r.batch_label == "full" ? "3" : "1"},
                                   {"trace", "1"}});
    const auto result = write_study(study_kind::phase, t.path, echo_json(c), runs, rows, {}, false);
    BOOST_TEST(result.files == (std::vector<std::string>{"phase.csv", "phase.md"}));
    BOOST_TEST(!fs::exists(t.path / "figures"));
    const std::string csv = slurp(t.path / "phase.csv");
    // b = 2: both seeds cycling with support 1; b = 4 (full): both converged with support 3.
    BOOST_TEST(csv.find("double,relu,canonical,4,1,replacement,2,0.5,2,0,0,2,0,0,0,0,1,0,1,1,1,1.0000000000000000e+00,") != std::string::npos, csv);
    BOOST_TEST(csv.find("double,relu,canonical,4,1,replacement,4,0.5,2,2,0,0,0,0,1,0,0,0,3,3,3,1.0000000000000000e+00,") != std::string::npos, csv);
    BOOST_TEST(write_study(study_kind::none, t.path, echo_json(c), runs, rows, {}, false).files.empty());
}

BOOST_AUTO_TEST_SUITE_END()
