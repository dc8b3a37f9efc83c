// snae sweep: the grid and its checks, the statistics, and end to end the
// preset's headline results, thread-independence, resuming (torn rows, every
// field validated, the configuration echo read back), the folder lock, the
// worker threads' MPFR caches, and refusal of bad input and of foreign or
// damaged results.
#include "support/cli_sandbox.hpp"

#include <grid.hpp>
#include <journal.hpp>
#include <summary.hpp>
#include <sweep.hpp>

#include <snae/errors.hpp>

#include <boost/test/unit_test.hpp>

#include <gmp.h>
#include <mpfr.h>

#include <array>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <map>

#include <fcntl.h>
#include <sys/file.h>

using namespace snae;
using namespace snae::sweep;
using snae_test::cli_result;
using snae_test::sandbox;
namespace fs = std::filesystem;

namespace {

std::string flag_of_preset(const std::string& name)
{
    try {
        (void)preset(name, false);
    } catch (const input_error& e) {
        return e.flag();
    }
    return "";
}

std::string flag_of(const sweep_config& c)
{
    try {
        (void)expand(c);
    } catch (const input_error& e) {
        return e.flag();
    }
    return "";
}

/// runs.csv as rows of named fields (a plain CSV: the header, then the rows).
std::vector<std::map<std::string, std::string>> read_runs(const fs::path& file)
{
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    const auto header = *csv_split(line);
    std::vector<std::map<std::string, std::string>> rows;
    while (std::getline(in, line)) {
        const auto f = *csv_split(line);
        BOOST_REQUIRE(f.size() == header.size());
        std::map<std::string, std::string> row;
        for (std::size_t k = 0; k < f.size(); ++k) row[header[k]] = f[k];
        rows.push_back(row);
    }
    return rows;
}

double num(const std::map<std::string, std::string>& row, const std::string& key) { return std::stod(row.at(key)); }

std::string slurp(const fs::path& p) { return sandbox::slurp(p.string()); }

/// `good` with field `column` of the row of run `id` replaced by `value`.
std::string with_field(const std::string& good, std::size_t id, const std::string& column, const std::string& value)
{
    std::istringstream in(good);
    std::string line, out, header;
    for (std::size_t k = 0; std::getline(in, line); ++k) {
        if (k == 0) header = line;
        if (k >= 1 && line.rfind(std::to_string(id) + ",", 0) == 0) {
            const auto names = *csv_split(header);
            auto f = *csv_split(line);
            f[static_cast<std::size_t>(std::find(names.begin(), names.end(), column) - names.begin())] = value;
            line.clear();
            for (std::size_t i = 0; i < f.size(); ++i) line += (i ? "," : "") + csv_field(f[i]);
        }
        out += line + "\n";
    }
    return out;
}

/// A finished small sweep in box/o (n = d = 8, b in {1, full}, seeds 0..3:
/// runs 0-3 are b = 1, 4-7 full batch): `grid` reruns it quietly, `command`
/// with its notes, `good` is its runs.csv.
struct finished_sweep {
    sandbox box;
    const std::string command = "sweep --n 8 --batch 1,full --seeds 0..3 --no-figures --out-dir " + box.path("o");
    const std::string grid = command + " -q";
    std::string good;

    finished_sweep()
    {
        BOOST_REQUIRE(box.run(grid).status == 0);
        good = sandbox::slurp(box.path("o/runs.csv"));
    }

    /// Writes `text` as runs.csv, reruns `cmd` and expects a refusal: one line
    /// naming every needle, the file left as it was written.
    void expect_resume_refused(const std::string& cmd, const std::string& text, const std::vector<std::string>& needles) const
    {
        const std::string runs = box.path("o/runs.csv");
        std::ofstream(runs, std::ios::binary) << text;
        const cli_result r = box.run(cmd);
        BOOST_TEST(r.status == 2);
        for (const std::string& needle : needles) BOOST_TEST(r.err.find(needle) != std::string::npos, r.err);
        BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, r.err);
        BOOST_TEST(sandbox::slurp(runs) == text);
    }
};

/// Live blocks allocated through GMP's memory functions (MPFR allocates through them).
std::atomic<long> gmp_live{0};
void* counting_alloc(std::size_t n)
{
    ++gmp_live;
    return std::malloc(n);
}
void* counting_realloc(void* p, std::size_t, std::size_t n)
{
    if (!p) ++gmp_live;
    return std::realloc(p, n);
}
void counting_free(void* p, std::size_t)
{
    if (p) --gmp_live;
    std::free(p);
}

} // namespace

BOOST_AUTO_TEST_SUITE(sweep)

BOOST_AUTO_TEST_SUITE(grid)

BOOST_AUTO_TEST_CASE(preset_expands_to_the_documented_grid)
{
    const auto runs = expand(preset("batch-size", true));
    BOOST_REQUIRE(runs.size() == 2u * 6u * 8u);
    // Points in order n, then batch; seeds innermost.
    const std::vector<std::string> batches{"1", "2", "4", "32", "63", "full"};
    for (std::size_t b = 0; b < 6; ++b) BOOST_TEST(runs[(6 + b) * 8].batch_label == batches[b]);
    const auto& sgd = runs[6 * 8].run.config;  // n = 64, b = 1
    BOOST_TEST(sgd.eta == "0.4");                // 0.8 * 1/2
    BOOST_TEST(sgd.check_every == 64u);          // one epoch
    BOOST_TEST((sgd.tol_on == tol_kind::sample_gradient));
    BOOST_TEST(sgd.steps == 64000u);
    const auto& gd = runs[11 * 8 + 3].run.config; // n = 64, full, seed 3
    BOOST_TEST(gd.eta == "25.6");                  // 0.8 * 64/2
    BOOST_TEST(!gd.batch.has_value());
    BOOST_TEST((gd.tol_on == tol_kind::distance));
    BOOST_TEST(gd.seed == 3u);
    BOOST_TEST(runs[11 * 8 + 3].id == 11u * 8u + 3u);
    BOOST_TEST(runs[11 * 8 + 3].point == 11u);
}

BOOST_AUTO_TEST_CASE(large_preset_is_the_documented_table)
{
    const sweep_config c = preset("batch-size-large", false);
    BOOST_TEST(c.name == "batch-size-large");
    BOOST_TEST(c.seed_count == 100u);
    const auto runs = expand(c);
    BOOST_REQUIRE(runs.size() == 3u * 6u * 100u);
    BOOST_TEST(runs.front().run.n == 256u);
    BOOST_TEST(runs.back().run.n == 4096u);
    BOOST_TEST(runs[(12 + 4) * 100].batch_label == "4095"); // n = 4096, b = n - 1
    const auto quick = expand(preset("batch-size-large", true));
    BOOST_TEST(quick.size() == 2u * 6u * 4u);
    BOOST_TEST(quick.back().run.n == 256u);
    BOOST_TEST(flag_of_preset("batch-size-huge") == "--preset");
}

// eta = factor * b/2 is formed exactly in decimal: 0.123456789012345678901 * 3/2
// (the reference is Python's decimal module at 60 digits).
BOOST_AUTO_TEST_CASE(eta_factor_is_exact_decimal_arithmetic)
{
    sweep_config c;
    c.n = {"8"};
    c.batch = {"3"};
    c.eta_factor = {"0.123456789012345678901"};
    c.seed_count = 1;
    BOOST_TEST(expand(c).front().run.config.eta == "0.1851851835185185183515");
    c.eta_factor = {"5e-1"};
    c.batch = {"full"};
    BOOST_TEST(expand(c).front().run.config.eta == "2"); // 0.5 * 8/2
}

BOOST_AUTO_TEST_CASE(impossible_points_name_their_flag)
{
    sweep_config c;
    c.seed_count = 2;
    BOOST_TEST(flag_of(c) == "--n"); // no n at all
    c.n = {"8"};
    BOOST_TEST(flag_of(c) == "");
    auto bad = [&](auto edit, const std::string& flag) {
        sweep_config x = c;
        edit(x);
        BOOST_TEST(flag_of(x) == flag, "expected " << flag);
    };
    bad([](sweep_config& x) { x.batch = {"9"}; }, "--batch");
    bad([](sweep_config& x) { x.batch = {"n/16"}; }, "--batch");
    bad([](sweep_config& x) { x.batch = {"half"}; }, "--batch");
    bad([](sweep_config& x) { x.d = {"4"}; }, "--d");
    bad([](sweep_config& x) { x.d = {}; }, "--d");
    bad([](sweep_config& x) { x.scalar = {"mpfr:3"}; }, "--scalar");
    bad([](sweep_config& x) { x.sampler = {"random"}; }, "--sampler");
    bad([](sweep_config& x) { x.eta = {"0.1"}; x.eta_factor = {"0.5"}; }, "--eta");
    bad([](sweep_config& x) { x.eta = {"-1"}; }, "--eta");
    bad([](sweep_config& x) { x.tol = {"12v"}; }, "--tol");
    bad([](sweep_config& x) { x.steps = {"2.5n"}; }, "--steps");
    bad([](sweep_config& x) { x.seed_count = 0; }, "--seeds");
    bad([](sweep_config& x) { x.tol_on = "loss"; }, "--tol-on");
}

BOOST_AUTO_TEST_CASE(config_keys_are_checked)
{
    sweep_config c;
    BOOST_CHECK_THROW(apply_json(c, nlohmann::json::parse(R"({"n": [8], "batchsize": [1]})"), "x"), input_error);
    BOOST_CHECK_THROW(apply_json(c, nlohmann::json::parse(R"({"d": []})"), "x"), input_error);
    BOOST_CHECK_THROW(apply_json(c, nlohmann::json::parse(R"({"seeds": "3..1"})"), "x"), input_error);
    apply_json(c, nlohmann::json::parse(R"({"n": [8, 16], "batch": ["n/2", "full"], "seeds": "4..6", "eta": 0.25})"), "x");
    BOOST_TEST(c.n == (std::vector<std::string>{"8", "16"}));
    BOOST_TEST(c.seed_first == 4u);
    BOOST_TEST(c.seed_count == 3u);
    BOOST_TEST(c.eta == (std::vector<std::string>{"0.25"}));
    // The echo reads back to the same configuration.
    sweep_config back;
    apply_json(back, to_json(c), "echo");
    BOOST_TEST(to_json(back) == to_json(c));
}

// INT*n with INT up to 18 digits is up to 10^27 at n = 10^9: evaluated
// exactly, then checked against each flag's range (it used to wrap modulo
// 2^64, so 576460752303423489*32 = 2^64 + 32 became a budget of 32).
BOOST_AUTO_TEST_CASE(n_tokens_are_exact_and_range_checked)
{
    sweep_config c;
    c.n = {"32"};
    c.seed_count = 1;
    auto flag_with = [&](auto edit) {
        sweep_config x = c;
        edit(x);
        return flag_of(x);
    };
    BOOST_TEST(flag_with([](sweep_config& x) { x.steps = {"576460752303423489n"}; }) == "--steps");
    BOOST_TEST(flag_with([](sweep_config& x) { x.steps = {"576460752303423489*n"}; }) == "--steps");
    BOOST_TEST(flag_with([](sweep_config& x) { x.d = {"576460752303423489n"}; }) == "--d");
    BOOST_TEST(flag_with([](sweep_config& x) { x.batch = {"576460752303423489n"}; }) == "--batch");
    BOOST_TEST(flag_with([](sweep_config& x) { x.n = {"999999999999999999"}; }) == "--n");
    // The largest budget accepted is 2^63 = 2^53 * 1024, as for snae train --steps.
    c.n = {"1024"};
    c.steps = {"9007199254740992n"};
    BOOST_TEST(expand(c).front().run.config.steps == 9223372036854775808ULL);
    c.steps = {"9007199254740993n"};
    BOOST_TEST(flag_of(c) == "--steps");
}

// A data-file sweep has no n axis (n comes from each file): its echo "n": []
// reads back as that.
BOOST_AUTO_TEST_CASE(echo_without_n_reads_back)
{
    sweep_config c;
    c.data = {"rows.txt"};
    sweep_config back;
    apply_json(back, to_json(c), "echo");
    BOOST_TEST(back.n.empty());
    BOOST_TEST(to_json(back) == to_json(c));
    sweep_config canonical;
    apply_json(canonical, nlohmann::json::parse(R"({"n": []})"), "x");
    BOOST_TEST(flag_of(canonical) == "--n"); // canonical data needs n
}

// Values computed by hand from the definitions: {1, 2, 3, 4} has mean 5/2,
// sample variance 5/3, and type-7 quartiles 1.75, 2.5, 3.25; sqrt(5/3) is
// taken from MPFR at 200 bits, rounded once to double.
BOOST_AUTO_TEST_CASE(statistics_follow_their_definitions)
{
    const stats s = describe({"4", "1", "nan", "3", "", "2"}, 53);
    BOOST_TEST(s.count == 4u);
    BOOST_TEST(s.mean == 2.5);
    mpfr_t r;
    mpfr_init2(r, 200);
    mpfr_set_ui(r, 5, MPFR_RNDN);
    mpfr_div_ui(r, r, 3, MPFR_RNDN);
    mpfr_sqrt(r, r, MPFR_RNDN);
    const double sd = mpfr_get_d(r, MPFR_RNDN);
    mpfr_clear(r);
    BOOST_TEST(s.sd == sd);
    BOOST_TEST(s.exact.sd == format_number(sd, "%.16e"));
    BOOST_TEST(s.q1 == 1.75);
    BOOST_TEST(s.median == 2.5);
    BOOST_TEST(s.q3 == 3.25);
    BOOST_TEST(s.min == 1.0);
    BOOST_TEST(s.max == 4.0);
    BOOST_TEST(s.exact.median == "2.5000000000000000e+00");
    const stats one = describe({"7"}, 53);
    BOOST_TEST(one.median == 7.0);
    BOOST_TEST(std::isnan(one.sd));
    BOOST_TEST(one.exact.sd.empty());
    BOOST_TEST(describe({}, 53).count == 0u);
}

// Below double's range the statistics keep their magnitude: at 1024 bits
// the mean of 2^-2043 and 2^-2044 (about 9.9e-616 and 4.95e-616, where a
// double holds 0) is exactly 3 * 2^-2045, and its decimal reads back to it;
// an infinite value gives an infinite mean.
BOOST_AUTO_TEST_CASE(statistics_keep_the_runs_precision)
{
    const auto power_of_two = [](long e) {
        mpfr_t x;
        mpfr_init2(x, 1024);
        mpfr_set_ui_2exp(x, 1, e, MPFR_RNDN);
        char* buf = nullptr;
        mpfr_asprintf(&buf, "%.309Re", x); // 310 digits: read back exactly at 1024 bits
        const std::string s(buf);
        mpfr_free_str(buf);
        mpfr_clear(x);
        return s;
    };
    const stats s = describe({power_of_two(-2043), power_of_two(-2044)}, 1024);
    mpfr_t mean, expected;
    mpfr_inits2(1024, mean, expected, static_cast<mpfr_ptr>(nullptr));
    mpfr_set_str(mean, s.exact.mean.c_str(), 10, MPFR_RNDN);
    mpfr_set_ui_2exp(expected, 3, -2045, MPFR_RNDN);
    BOOST_TEST(mpfr_equal_p(mean, expected) != 0, s.exact.mean);
    mpfr_clears(mean, expected, static_cast<mpfr_ptr>(nullptr));
    BOOST_TEST(s.exact.min == power_of_two(-2044));
    BOOST_TEST(s.mean == 0.0); // the double, for drawing only
    BOOST_TEST(decimal_exponent(s.exact.mean) == -616);
    BOOST_TEST(format_decimal(s.exact.mean, 1024, 2, true) == "7.43e-616");
    const stats inf = describe({"1", "inf"}, 53);
    BOOST_TEST(inf.exact.mean == "inf");
    BOOST_TEST(inf.exact.max == "inf");
}

BOOST_AUTO_TEST_CASE(csv_fields_round_trip)
{
    const std::vector<std::string> fields{"plain", "a,b", "say \"hi\"", "", "x"};
    std::string line;
    for (std::size_t k = 0; k < fields.size(); ++k) line += (k ? "," : "") + csv_field(fields[k]);
    BOOST_TEST(*csv_split(line) == fields);
    BOOST_TEST(!csv_split("\"open").has_value());
}

// A field holding a newline is quoted and spans two lines of the file; the
// reader follows the quotes, not the line breaks.
BOOST_AUTO_TEST_CASE(csv_records_follow_quotes_across_lines)
{
    const std::string text = "1,\"a\nb\",2\n3,\"c,\"\"d\"\"\",4\n5,6";
    const auto recs = csv_records(text);
    BOOST_REQUIRE(recs.size() == 3u);
    BOOST_TEST(*csv_split(recs[0].text) == (std::vector<std::string>{"1", "a\nb", "2"}));
    BOOST_TEST(recs[0].line == 1u);
    BOOST_TEST(recs[1].line == 3u);
    BOOST_TEST(*csv_split(recs[1].text) == (std::vector<std::string>{"3", "c,\"d\"", "4"}));
    BOOST_TEST(recs[1].complete);
    BOOST_TEST(!recs[2].complete);
    BOOST_TEST(recs[2].begin == text.rfind('\n') + 1);
}

// A configuration of the earlier format, "spectrum": true or false, still
// reads: the eigen-solver (dense), or none.
BOOST_AUTO_TEST_CASE(the_earlier_spectrum_key_still_reads)
{
    sweep_config c;
    apply_json(c, nlohmann::json::parse(R"({"spectrum": true})"), "old");
    BOOST_TEST(c.spectrum == "dense");
    apply_json(c, nlohmann::json::parse(R"({"spectrum": false})"), "old");
    BOOST_TEST(c.spectrum == "none");
    c.spectrum = "auto";
    BOOST_TEST((spectrum_of(c, "canonical") == spectrum_method::structured));
    BOOST_TEST((spectrum_of(c, "rotated") == spectrum_method::dense));
}

BOOST_AUTO_TEST_SUITE_END() // grid

BOOST_AUTO_TEST_SUITE(cli)

/// One run of the quick preset against the theory (tolerances as stated
/// above quick_preset_shows_the_theory; d = n there).
void check_run_against_theory(const std::map<std::string, std::string>& row, double n, bool sgd, double eig_tol, double tr_tol)
{
    const double u = 0x1p-53, d = n;
    BOOST_TEST(row.at("status") == "converged");
    BOOST_TEST(row.at("support_size") == row.at("support_predicted"));
    // GD's cosine is predicted from w_0; SGD's, given the k it selected, is a consistency check.
    BOOST_TEST(row.at(sgd ? "cos_predicted" : "cos_given_k").empty());
    BOOST_TEST(std::abs(num(row, "cos_init") - num(row, sgd ? "cos_given_k" : "cos_predicted")) <= 4096 * u);
    BOOST_TEST(std::abs(num(row, "lambda_max") - 4 / n) <= eig_tol);
    const double k = num(row, "hessian_active");
    BOOST_TEST(std::abs(num(row, "trace") - (d - k + 4) / n) <= tr_tol);
    if (sgd) {
        BOOST_TEST(row.at("support_size") == "1");
        BOOST_TEST(k == 1.0);
        BOOST_TEST(std::abs(num(row, "trace") - (d + 3) / n) <= tr_tol);
    }
}

// The theory's headline comparison, asserted from runs.csv of the quick
// preset (relu, canonical, n = d in {16, 64}, b in {1, 2, 4, n/2, n-1, full},
// 8 seeds, double). Tolerances, with u = 2^-53:
//  - predicted values that hold exactly at the limit (support, the cosine
//    given the limit): the runs stop within 1024u of it (the tolerance of the
//    preset), and the cosine moves by at most that distance: 4096u;
//  - lambda_max and tr H against 4/n and (d - k + 4)/n: the eigen-solver's
//    backward error 64 d u ||H|| (as in the hessian suite) plus the Hessian's
//    change over the distance to the limit, at most 1024 sqrt(n) u times
//    |dH/dw| <= 8/n per entry, summed over d entries for the trace;
//  - "near half" for the support: |P_0| ~ Binomial(n, 1/2), so the mean over
//    s seeds is within 4 sd = 4 sqrt(n/4/s) of n/2 but for a 1-in-10^4 event;
//  - "near sqrt(1/2)" for the cosine: 4 standard errors of the mean, plus
//    0.05 for the Jensen bias of E sqrt(S0/N0) below sqrt(E S0/N0) (about
//    Var(S0/N0)/(8 (1/2)^(3/2)) = 0.011 at n = 16).
BOOST_AUTO_TEST_CASE(quick_preset_shows_the_theory)
{
    sandbox box;
    // Run from the sandbox with the default, relative output folder.
    const cli_result r = box.run("sweep --preset batch-size --quick -q", 120, true);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(r.err.empty(), r.err); // --quiet: nothing on stderr
    fs::rename(box.path("reports/batch-size-quick"), box.path("out"));
    const auto rows = read_runs(box.path("out/runs.csv"));
    BOOST_REQUIRE(rows.size() == 96u);
    const double u = 0x1p-53;
    std::map<std::string, std::map<std::string, std::vector<const std::map<std::string, std::string>*>>> by;
    for (const auto& row : rows) by[row.at("n")][row.at("batch")].push_back(&row);
    for (const auto& [n_text, batches] : by) {
        const double n = std::stod(n_text), d = n;
        const double eig_tol = (64 * d + 1024 * std::sqrt(n) * 8) * u * (4 / n);
        const double tr_tol = (64 * d + 1024 * std::sqrt(n) * 8 * d) * u * (4 / n);
        std::map<std::string, double> mean_cos, mean_trace;
        for (const auto& [b, runs] : batches) {
            double cos_sum = 0, cos_sq = 0, tr_sum = 0, support_sum = 0;
            for (const auto* row : runs) {
                BOOST_TEST_CONTEXT("n = " << n << ", b = " << b << ", seed " << row->at("seed"))
                check_run_against_theory(*row, n, b != "full", eig_tol, tr_tol);
                cos_sum += num(*row, "cos_init");
                cos_sq += num(*row, "cos_init") * num(*row, "cos_init");
                tr_sum += num(*row, "trace");
                support_sum += num(*row, "support_size");
            }
            const double s = static_cast<double>(runs.size());
            mean_cos[b] = cos_sum / s;
            mean_trace[b] = tr_sum / s;
            if (b == "full") {
                BOOST_TEST(std::abs(support_sum / s - n / 2) <= 4 * std::sqrt(n / 4 / s), "GD support mean " << support_sum / s);
                const double sd = std::sqrt((cos_sq - s * mean_cos[b] * mean_cos[b]) / (s - 1));
                BOOST_TEST(std::abs(mean_cos[b] - std::sqrt(0.5)) <= 4 * sd / std::sqrt(s) + 0.05, "GD cosine mean " << mean_cos[b]);
            }
        }
        for (const auto& [b, c] : mean_cos) {
            if (b == "full") continue;
            BOOST_TEST_CONTEXT("n = " << n << ", b = " << b)
            {
                BOOST_TEST(c < mean_cos["full"]);
                BOOST_TEST(mean_trace[b] > mean_trace["full"]);
                // At n = 64 the selected coordinate is one of 64 of size ~1/8: far from GD's ~0.7.
                if (n == 64) BOOST_TEST(c < 0.4);
            }
        }
    }
    // The tables and figures are there.
    for (const char* f : {"summary.csv", "summary.md", "summary.tex", "summary.json", "figures/b_participation.svg",
                          "figures/c_sharpness.png", "figures/a_sorted_coords.svg", "figures/e_top_coords.png", "figures/d_cosine.svg"})
        BOOST_TEST(fs::exists(box.path("out/") + f), f);
}

BOOST_AUTO_TEST_CASE(output_does_not_depend_on_threads)
{
    sandbox box;
    const std::string grid = "sweep --n 8,16 --batch 1,n/2,full --seeds 0..5 -q --out-dir ";
    BOOST_REQUIRE(box.run(grid + box.path("t1") + " --threads 1").status == 0);
    BOOST_REQUIRE(box.run(grid + box.path("t2") + " --threads 2").status == 0);
    for (const char* f : {"runs.csv", "summary.csv", "summary.md", "summary.tex", "summary.json", "figures/a_sorted_coords.dat",
                          "figures/c_sharpness.dat", "figures/e_top_coords.gp"}) {
        BOOST_TEST(fs::exists(box.path("t1/") + f), f);
        BOOST_TEST(slurp(box.path("t1/") + f) == slurp(box.path("t2/") + f), f);
    }
}

// A sweep interrupted by SIGINT keeps its finished runs and exits 130; the
// same command finishes it, and the result equals an uninterrupted sweep.
BOOST_AUTO_TEST_CASE(interrupted_sweep_resumes_to_the_same_result)
{
    sandbox box;
    // The dense spectrum keeps each run long enough (about 0.1 s) for the signal to land mid-sweep.
    const std::string grid = "sweep --n 512 --batch 1 --seeds 0..39 --threads 2 --spectrum dense --no-figures --out-dir ";
    const std::string cmd = "timeout --preserve-status -s INT 1 " + std::string(SNAE_CLI) + " " + grid + box.path("a") + " -q 2>" + box.path("err.txt");
    const int raw = std::system(cmd.c_str());
    BOOST_TEST((WIFEXITED(raw) ? WEXITSTATUS(raw) : -1) == 130);
    const auto saved = read_runs(box.path("a/runs.csv"));
    BOOST_TEST(saved.size() < 40u, "the sweep finished before the signal; make it longer");
    BOOST_TEST(!fs::exists(box.path("a/summary.csv")));
    const cli_result resumed = box.run(grid + box.path("a"), 120);
    BOOST_REQUIRE_MESSAGE(resumed.status == 0, resumed.err);
    BOOST_TEST(resumed.err.find("resuming: " + std::to_string(saved.size()) + " of 40") != std::string::npos, resumed.err);
    BOOST_REQUIRE(box.run(grid + box.path("b") + " -q", 120).status == 0);
    BOOST_TEST(slurp(box.path("a/runs.csv")) == slurp(box.path("b/runs.csv")));
    BOOST_TEST(slurp(box.path("a/summary.csv")) == slurp(box.path("b/summary.csv")));
}

BOOST_FIXTURE_TEST_CASE(damaged_or_foreign_results_are_refused, finished_sweep)
{
    // A write cut short: drop the last two rows and leave half a row; the
    // rerun notes it, runs the three missing runs, and ends where it was.
    {
        std::string text = good;
        for (int k = 0; k < 2; ++k) text.erase(text.rfind('\n', text.size() - 2) + 1);
        std::ofstream(box.path("o/runs.csv"), std::ios::binary) << text << "7,1,dou";
    }
    const cli_result again = box.run(grid);
    BOOST_TEST(again.status == 0, again.err);
    BOOST_TEST(slurp(box.path("o/runs.csv")) == good);

    // A changed value in a row: corrupt, refused, file untouched.
    {
        std::string text = good;
        const auto at = text.find("\n0,0,double,relu,canonical,8,");
        BOOST_REQUIRE(at != std::string::npos);
        text.replace(at + 27, 1, "9"); // n = 8 -> 9 in run 0
        expect_resume_refused(grid, text, {"--out-dir"});
    }
    // Another sweep's folder: refused, untouched.
    std::ofstream(box.path("o/runs.csv"), std::ios::binary) << good;
    const cli_result other = box.run("sweep --n 8 --batch 1,full --seeds 0..4 --no-figures -q --out-dir " + box.path("o"));
    BOOST_TEST(other.status == 2);
    BOOST_TEST(other.err.find("different sweep") != std::string::npos, other.err);
    BOOST_TEST(slurp(box.path("o/runs.csv")) == good);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_before_any_run)
{
    sandbox box;
    const std::string cfg = box.file("bad.json", R"({"n": [8], "batchsize": [1]})");
    const std::vector<std::pair<std::string, std::string>> cases{
        {"--n 8 --batch 9", "--batch"},
        {"--n 8 --batch n/16", "--batch"},
        {"--n 16 --d 8", "--d"},
        {"--n 8,", "--n"},
        {"--n 8 --batch ''", "--batch"},
        {"--batch 1", "--n"},
        {"--n 8 --seeds 5..2", "--seeds"},
        {"--n 8 --scalar mpfr:3", "--scalar"},
        {"--n 8 --eta 0.1 --eta-factor 0.5", "--eta"},
        {"--n 8 --scalar float --eta 1e-50", "--eta"},
        {"--n 8 --threads 0", "--threads"},
        {"--config " + cfg, "batchsize"},
        {"--quick --n 8", "--quick"},
        {"--preset batch-sizes", "--preset"},
        {"--n 8 --no-such-flag", "no-such-flag"},
        {"--n 8 --update fast", "--update"},
        {"--n 8 --data rotated --update scaled", "--update"},
        {"--n 8 --spectrum eigen", "--spectrum"},
        {"--n 8 --data rotated --spectrum structured", "--spectrum"},
        {"--n 8 --spectrum dense --no-spectrum", "--no-spectrum"},
    };
    for (const auto& [args, needle] : cases) snae_test::expect_rejected_before_work(box, "sweep", args, needle);
    const cli_result r = box.run("sweep --n 8 --out-dir /proc/no-such-dir/x");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--out-dir") != std::string::npos, r.err);
}

// A sweep run is the `snae train` run with the same flags, to the last digit.
BOOST_AUTO_TEST_CASE(a_row_is_the_train_run_with_the_same_flags)
{
    sandbox box;
    BOOST_REQUIRE(box.run("sweep --n 16 --d 20 --batch 2 --sampler reshuffle --eta 0.3 --seeds 3..3 --steps 400 --tol none "
                          "--no-figures -q --out-dir " + box.path("s"))
                      .status == 0);
    BOOST_REQUIRE(box.run("train --n 16 --d 20 --batch 2 --sampler reshuffle --eta 0.3 --seed 3 --steps 400 -q --out " +
                          box.path("t.json"))
                      .status == 0);
    const auto rows = read_runs(box.path("s/runs.csv"));
    BOOST_REQUIRE(rows.size() == 1u);
    std::ifstream in(box.path("t.json"));
    const auto j = nlohmann::json::parse(in);
    BOOST_TEST(rows[0].at("status") == j.at("status").get<std::string>());
    BOOST_TEST(rows[0].at("steps") == std::to_string(j.at("steps").get<std::uint64_t>()));
    BOOST_TEST(rows[0].at("loss_gap") == j.at("loss_gap").get<std::string>());
    BOOST_TEST(rows[0].at("dist_min") == j.at("dist_min").get<std::string>());
    BOOST_TEST(rows[0].at("cos_init") == j.at("cos_init").get<std::string>());
}

// Every output carries the configuration, or sits beside config.json: a
// sweep rerun from its own summary.md, summary.tex, config.json or
// summary.json gives the same table.
BOOST_AUTO_TEST_CASE(a_table_regenerates_from_its_own_file)
{
    sandbox box;
    BOOST_REQUIRE(box.run("sweep --n 8 --batch 2,full --seeds 1..3 --no-figures -q --out-dir " + box.path("a")).status == 0);
    for (const char* f : {"summary.md", "summary.tex", "config.json", "summary.json"}) {
        const std::string dir = box.path(std::string("from-") + f);
        const cli_result r = box.run("sweep --config " + box.path("a/") + f + " --no-figures -q --out-dir " + dir);
        BOOST_TEST(r.status == 0, f << ": " << r.err);
        BOOST_TEST(slurp(dir + "/summary.csv") == slurp(box.path("a/summary.csv")), f);
    }
}

BOOST_AUTO_TEST_CASE(a_grid_whose_hessians_cannot_fit_is_refused_up_front)
{
    // d = 100 000: each run's dense d x d Hessian is 80 GB in double (it
    // failed late with std::bad_alloc, after creating runs.csv).
    snae_test::sandbox box;
    snae_test::expect_rejected_before_work(box, "sweep", "--n 1 --d 100000 --seeds 0..0 --spectrum dense", "--d");
    snae_test::expect_rejected_before_work(box, "sweep", "--n 1 --d 100000 --seeds 0..0 --no-spectrum", "--d");
    // The structured spectrum holds no d x d matrix: the same run fits (the default on canonical data).
    const cli_result r = box.run("sweep --n 1 --d 100000 --seeds 0..0 --steps 10 --no-figures -q --out-dir " + box.path("s"));
    BOOST_TEST(r.status == 0, r.err);
    const auto rows = read_runs(box.path("s/runs.csv"));
    BOOST_REQUIRE(rows.size() == 1u);
    BOOST_TEST(!rows[0].at("lambda_max").empty());
}

// --update scaled and --spectrum structured (O(batch) a step, O(n + d) a
// spectrum) reach the same minima as the reference update and the dense
// spectrum: the same status, support and active set, and tr H and
// lambda_max within the preset test's tolerance of their closed forms
// (here at 128 bits, u = 2^-128, d = n <= 16: (64 d + 1024 sqrt(n) 8 d) u 4/n).
BOOST_AUTO_TEST_CASE(scaled_update_and_structured_spectrum_reach_the_same_minima)
{
    sandbox box;
    const std::string grid = "sweep --n 8,16 --batch 1,2,full --seeds 0..3 --scalar mpfr:128 --no-figures -q --out-dir ";
    BOOST_REQUIRE(box.run(grid + box.path("ref") + " --update reference --spectrum dense").status == 0);
    BOOST_REQUIRE(box.run(grid + box.path("fast") + " --update scaled --spectrum structured").status == 0);
    const auto ref = read_runs(box.path("ref/runs.csv")), fast = read_runs(box.path("fast/runs.csv"));
    BOOST_REQUIRE(ref.size() == 24u);
    BOOST_REQUIRE(fast.size() == ref.size());
    const double u = std::ldexp(1.0, -128);
    for (std::size_t k = 0; k < ref.size(); ++k) {
        BOOST_TEST_CONTEXT("run " << k) {
            for (const char* c : {"status", "support_size", "hessian_active", "trace_closed"}) BOOST_TEST(ref[k].at(c) == fast[k].at(c), c);
            const double n = num(ref[k], "n"), tol = (64 * n + 1024 * std::sqrt(n) * 8 * n) * u * (4 / n);
            for (const auto* row : {&ref[k], &fast[k]}) {
                BOOST_TEST(std::abs(num(*row, "trace") - num(*row, "trace_closed")) <= tol);
                BOOST_TEST(std::abs(num(*row, "lambda_max") - num(*row, "lambda_max_closed")) <= tol);
            }
        }
    }
    std::ifstream in(box.path("fast/config.json"));
    const auto echo = nlohmann::json::parse(in);
    BOOST_TEST(echo.at("update") == "scaled");
    BOOST_TEST(echo.at("spectrum") == "structured");
    BOOST_TEST(slurp(box.path("fast/summary.md")).find("update = scaled; spectrum = structured") != std::string::npos);
}


// A configuration nested 100 000 deep (200 KB) is refused while it is read,
// wherever it sits (a config file, an echo line, summary.json): printing,
// copying or comparing such a value recurses once per level.
BOOST_AUTO_TEST_CASE(deeply_nested_config_is_refused)
{
    sandbox box;
    const std::size_t depth = 100000;
    const std::string deep = std::string(depth, '[') + std::string(depth, ']');
    const std::vector<std::string> files{
        box.file("deep.json", "{\"n\": " + deep + "}"),
        box.file("deep-name.json", "{\"name\": " + deep + "}"),
        box.file("deep-object.json", "{\"n\": [8], \"x\": " + std::string(depth, '[') + "{}" + std::string(depth, ']') + "}"),
        box.file("runs.csv", "# snae-sweep-config: {\"n\": " + deep + "}\nrun,point\n"),
        box.file("summary.json", "{\"snae_sweep\": {\"config\": {\"n\": " + deep + "}}}"),
    };
    for (const auto& f : files) snae_test::expect_rejected_before_work(box, "sweep", "--config " + f, "--config");
}

// Values of INT*n beyond 2^64 used to wrap: --steps 576460752303423489n at
// n = 32 ran with a budget of 32. Each is refused with its range.
BOOST_AUTO_TEST_CASE(overflowing_tokens_are_refused_with_their_range)
{
    sandbox box;
    const std::vector<std::array<std::string, 3>> cases{
        {"--steps 576460752303423489n", "--steps", "[0, 2^63]"},
        {"--steps 288230376151711745*n", "--steps", "[0, 2^63]"},
        {"--d 576460752303423489n", "--d", "[n, 10^9]"},
        {"--batch 576460752303423489n", "--batch", "[1, n] = [1, 32]"},
    };
    for (const auto& [arg, flag, range] : cases) {
        const cli_result r = box.run("sweep -q --no-figures --seeds 0 --n 32 " + arg + " --out-dir " + box.path("od"));
        BOOST_TEST_CONTEXT(arg)
        {
            BOOST_TEST(r.status == 2);
            BOOST_TEST(r.err.find(flag + ":") != std::string::npos, r.err);
            BOOST_TEST(r.err.find(range) != std::string::npos, r.err);
            BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, r.err);
            BOOST_TEST(!fs::exists(box.path("od")));
        }
    }
}

// Every value is echoed as JSON, which holds UTF-8 text only: another byte
// sequence is bad input (it was an internal error, exit 1, after the folder
// was created).
BOOST_AUTO_TEST_CASE(values_that_are_not_utf8_are_refused)
{
    sandbox box;
    std::ofstream(box.path("\xff.txt")) << "1 0\n0 1\n";
    snae_test::expect_rejected_before_work(box, "sweep", "--seeds 0 --data \"$(printf '" + box.path("\\377.txt") + "')\"", "--data");
    snae_test::expect_rejected_before_work(box, "sweep", "--n 2 --seeds 0 --name \"$(printf 'a\\377')\"", "--name");
}

// A running sweep holds an exclusive flock on --out-dir/.snae-sweep.lock with
// its pid in it. A second sweep on the folder is refused, naming that pid,
// before it changes anything; once the lock is released the folder resumes.
BOOST_FIXTURE_TEST_CASE(a_folder_in_use_is_refused, finished_sweep)
{
    std::string partial = good;
    partial.erase(partial.rfind('\n', partial.size() - 2) + 1); // a sweep that is not finished
    std::ofstream(box.path("o/runs.csv"), std::ios::binary) << partial;
    fs::remove(box.path("o/summary.csv"));

    const int fd = ::open(box.path("o/.snae-sweep.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    BOOST_REQUIRE(fd >= 0);
    BOOST_REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
    const std::string pid = std::to_string(::getpid()) + "\n";
    BOOST_REQUIRE(::ftruncate(fd, 0) == 0);
    BOOST_REQUIRE(::write(fd, pid.data(), pid.size()) == static_cast<ssize_t>(pid.size()));
    const cli_result r = box.run(grid);
    ::close(fd);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--out-dir") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("pid " + std::to_string(::getpid())) != std::string::npos, r.err);
    BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, r.err);
    BOOST_TEST(slurp(box.path("o/runs.csv")) == partial);
    BOOST_TEST(!fs::exists(box.path("o/summary.csv")));
    const cli_result after = box.run(grid);
    BOOST_TEST(after.status == 0, after.err);
    BOOST_TEST(fs::exists(box.path("o/summary.csv")));
}

// runs.csv resumes only beside the config.json of the same sweep and the
// same build: another build's provenance, a missing config.json, or a
// runs.csv of the earlier format (its configuration in a first comment
// line) is refused, and nothing is changed.
BOOST_FIXTURE_TEST_CASE(a_journal_resumes_only_with_its_own_configuration_and_build, finished_sweep)
{
    const std::string config = box.path("o/config.json");
    const std::string echo = slurp(config);
    BOOST_TEST(box.run(grid).status == 0); // the same sweep and build resumes
    nlohmann::json other = nlohmann::json::parse(echo);
    other["provenance"]["commit"] = std::string(40, '0');
    std::ofstream(config) << other.dump(2) << '\n';
    expect_resume_refused(grid, good, {"another snae build", "provenance differs"});
    other = nlohmann::json::parse(echo);
    other["seeds"] = "0..4";
    std::ofstream(config) << other.dump(2) << '\n';
    expect_resume_refused(grid, good, {"different sweep", "config.json"});
    fs::remove(config);
    expect_resume_refused(grid, good, {"config.json", "is missing"});
    std::ofstream(config) << echo;
    expect_resume_refused(grid, "# snae-sweep-config: {}\n" + good, {"earlier snae"});
    std::ofstream(box.path("o/runs.csv"), std::ios::binary) << good;
    BOOST_TEST(box.run(grid).status == 0);
    BOOST_TEST(slurp(config) == echo);
}

// The last row of runs.csv may be torn (a write cut short, or two writers
// interleaved before the lock): it is dropped with a note and that run is run
// again. The same damage in the middle of the file is refused, naming its line.
BOOST_FIXTURE_TEST_CASE(a_torn_last_row_is_dropped_and_a_torn_middle_row_refused, finished_sweep)
{
    const std::size_t last = good.rfind('\n', good.size() - 2) + 1;
    const std::string head = good.substr(0, last), row7 = good.substr(last);
    for (const std::string& torn : {head + "7,1,dou\n", head + "7,1,double,re" + row7, head + "7,1,\"dou\n"}) {
        std::ofstream(box.path("o/runs.csv"), std::ios::binary) << torn;
        const cli_result r = box.run(command);
        BOOST_TEST(r.status == 0, r.err);
        BOOST_TEST(r.err.find("dropped") != std::string::npos, r.err);
        BOOST_TEST(slurp(box.path("o/runs.csv")) == good);
    }
    // Line 4 (run 2) torn, the rows after it whole.
    const std::size_t l4 = good.find('\n', good.find('\n', good.find('\n') + 1) + 1) + 1;
    std::string middle = good;
    middle.insert(l4, "1,0,dou");
    expect_resume_refused(command, middle, {"line 4"});
}

// Resuming trusts no field: every value of a row must be one the run could
// have written (runs 0-3 are b = 1, 4-7 full batch; n = d = 8, budget 8000).
BOOST_FIXTURE_TEST_CASE(resumed_rows_are_validated_field_by_field, finished_sweep)
{
    const std::vector<std::pair<std::string, std::string>> bad{
        {"status", "convergedX"}, {"status", "interrupted"}, {"steps", "999999"},      {"steps", "-1"},
        {"steps", "1e3"},         {"loss_gap", "garbage"},   {"loss_gap", ""},         {"dist_min", "1e999999"},
        {"trace", "1.0 "},        {"support_size", "9"},     {"positive_init", "x"},   {"support_predicted", "2"},
        {"hessian_active", "99"}, {"cos_init", "0x1p3"},     {"lambda_max_closed", ""},
    };
    for (const auto& [column, value] : bad) {
        BOOST_TEST_CONTEXT(column << " = '" << value << "'")
        {
            expect_resume_refused(grid, with_field(good, 1, column, value), {"line 3", "'" + column + "'"});
        }
    }
    // What a run can legitimately write: nan, inf, an empty optional measure.
    std::ofstream(box.path("o/runs.csv"), std::ios::binary)
        << with_field(with_field(with_field(good, 1, "lambda_max", ""), 2, "participation", "nan"), 3, "trace", "inf");
    BOOST_TEST(box.run(grid).status == 0);
}

// The configuration echo of a data-file sweep (no n axis) reads back from
// every file that carries it, and resumes that very sweep.
BOOST_AUTO_TEST_CASE(a_data_file_sweep_reruns_from_each_of_its_files)
{
    sandbox box;
    const std::string rows = box.file("rows.txt", "1 0 0\n0 1 0\n");
    BOOST_REQUIRE(box.run("sweep --data " + rows + " --batch 1,full --seeds 0..1 --no-figures -q --out-dir " + box.path("pf")).status == 0);
    for (const char* f : {"config.json", "summary.md", "summary.tex", "summary.json"}) {
        const cli_result r = box.run("sweep --config " + box.path("pf/") + f + " --no-figures --out-dir " + box.path("pf"));
        BOOST_TEST(r.status == 0, f << ": " << r.err);
        BOOST_TEST(r.out.find("4 runs (0 run now, 4 resumed)") != std::string::npos, f << ": " << r.out);
    }
}

// A data path with a newline, a comma and quotes is quoted in runs.csv and
// read back across the line break: the sweep resumes from its own journal.
BOOST_AUTO_TEST_CASE(a_data_path_with_a_newline_round_trips)
{
    sandbox box;
    const std::string path = box.path("two\nlines, \"quoted\".txt");
    std::ofstream(path) << "1 0 0\n0 1 0\n";
    const nlohmann::json cfg{{"data", {path}}, {"batch", {"1", "full"}}, {"seeds", "0..1"}};
    const std::string cmd = "sweep --config " + box.file("cfg.json", cfg.dump()) + " --no-figures --out-dir " + box.path("o");
    BOOST_REQUIRE(box.run(cmd + " -q").status == 0);
    const std::string first = slurp(box.path("o/runs.csv"));
    const cli_result r = box.run(cmd);
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.out.find("(0 run now, 4 resumed)") != std::string::npos, r.out);
    BOOST_TEST(slurp(box.path("o/runs.csv")) == first);
}

// Every worker thread frees MPFR's per-thread caches (log 2 and the tables of
// the cosine, made when w_0 is drawn at 128 bits) before it ends; LeakSanitizer
// saw them lost with each thread. GMP's allocation functions, through which
// MPFR allocates, count the blocks a sweep leaves behind.
BOOST_AUTO_TEST_CASE(sweep_threads_free_their_mpfr_caches)
{
    sandbox box;
    sweep_config c;
    c.n = {"8"};
    c.batch = {"1", "full"};
    c.seed_count = 4;
    sweep_options opt;
    opt.out_dir = box.path("o");
    opt.threads = 2;
    opt.figures = false;
    void* (*alloc)(std::size_t) = nullptr;
    void* (*realloc)(void*, std::size_t, std::size_t) = nullptr;
    void (*free)(void*, std::size_t) = nullptr;
    mp_get_memory_functions(&alloc, &realloc, &free);
    mpfr_free_cache();
    mp_set_memory_functions(counting_alloc, counting_realloc, counting_free);
    const long before = gmp_live.load();
    const sweep_outcome out = run_sweep(c, opt);
    const long left = gmp_live.load() - before;
    mp_set_memory_functions(alloc, realloc, free);
    BOOST_TEST(out.ran == 8u);
    BOOST_TEST(left == 0, left << " blocks allocated by MPFR during the sweep are still allocated");
}

BOOST_AUTO_TEST_SUITE_END() // cli

BOOST_AUTO_TEST_SUITE_END() // sweep
