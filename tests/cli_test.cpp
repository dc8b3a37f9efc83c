// `snae train` end to end: every bad input gives exit status 2, one line
// naming the flag, and no output file; a good run writes its JSON; an
// interrupted run still writes complete outputs.
#include "support/cli_sandbox.hpp"

#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

namespace fs = std::filesystem;
using snae_test::cli_result;
using snae_test::sandbox;

namespace {

/// Asserts the bad-input contract for `args`.
void expect_rejected(const sandbox& box, const std::string& args, const std::string& flag)
{
    const std::size_t before = box.count_files();
    const std::string out = box.path("result.json"), traj = box.path("traj.csv");
    const cli_result r = box.run("train " + args + " --out " + out + " --trajectory " + traj);
    BOOST_TEST_CONTEXT("snae train " << args)
    {
        BOOST_TEST(r.status == 2);
        BOOST_TEST(r.err.find(flag) != std::string::npos, "message does not name " << flag << ": " << r.err);
        BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, "not one line: " << r.err);
        BOOST_TEST(!fs::exists(out));
        BOOST_TEST(!fs::exists(traj));
        BOOST_TEST(box.count_files() == before, "a file was left behind");
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(runs_that_cannot_fit_in_memory_are_refused_up_front)
{
    sandbox box;
    // 10^6 coordinates at 65 536 bits: about 60 GiB (it aborted in GMP after
    // 84 s at 8 GB); a rotated 4096 x 4096 QR at 65 536 bits: about 500 GiB.
    expect_rejected(box, "--n 1 --d 1000000 --scalar mpfr:65536", "--d");
    expect_rejected(box, "--n 4096 --d 4096 --data rotated --scalar mpfr:65536", "--d");
    const cli_result r = box.run("train --n 1 --d 1000000 --scalar mpfr:65536");
    BOOST_TEST(r.err.find("needs about") != std::string::npos, r.err);
    // An input file is read up to a cap: /dev/zero is one endless line.
    expect_rejected(box, "--data /dev/zero", "--data");
}

BOOST_AUTO_TEST_CASE(bad_numbers_and_choices)
{
    sandbox box;
    const std::string base = "--n 4 --d 6 ";
    const std::vector<std::pair<std::string, std::string>> cases{
        {"--n 0 --d 6", "--n"},
        {"--n 7 --d 6", "--n"},
        {"--n x --d 6", "--n"},
        {"--d 6", "--n"},
        {base + "--batch 0", "--batch"},
        {base + "--batch 5", "--batch"},
        {base + "--batch half", "--batch"},
        {base + "--scalar double2", "--scalar"},
        {base + "--scalar mpfi:8", "--scalar"},
        {base + "--scalar mpfi:", "--scalar"},
        {base + "--scalar mpfr:15", "--scalar"},
        {base + "--scalar mpfr:1048577", "--scalar"},
        {base + "--scalar mpfr:", "--scalar"},
        {base + "--activation tanh", "snae: error: --activation: expected one of relu, linear, got 'tanh'"},
        {base + "--batch 2 --sampler random", "--sampler: expected one of replacement, reshuffle, cyclic, got 'random'"},
        {base + "--sampler cyclic", "--sampler"},             // ignored with full batch
        {base + "--batch 2 --remainder drop", "--remainder"}, // ignored by replacement
        {base + "--steps -1", "--steps"},
        {base + "--every 0", "--every"},
        {base + "--tol 0", "--tol"},
        {base + "--tol 0u", "--tol"},
        {base + "--tol 12v", "--tol"},
        {base + "--tol-on loss", "--tol-on"},
        {base + "--init-scale -2", "--init-scale"},
        {base + "--scalar float --eta 1e-60", "--eta"}, // rounds to 0 in float
        {"--n 4 --d 5000 --data rotated", "--d"},
        {base + "--no-such-flag 3", "--no-such-flag"},
    };
    for (const auto& [args, flag] : cases) expect_rejected(box, args, flag);
    for (const char* eta : {"0", "-1", "inf", "nan", "abc", "1e-50000000000"})
        expect_rejected(box, base + "--eta " + eta, "--eta");
}

BOOST_AUTO_TEST_CASE(bad_files)
{
    sandbox box;
    const std::string base = "--n 2 --d 3 ";
    // init
    expect_rejected(box, base + "--init " + box.path("missing.txt"), "--init");
    expect_rejected(box, base + "--init " + box.file("short.txt", "0.1 0.2\n"), "--init");
    expect_rejected(box, base + "--init " + box.file("long.txt", "0.1 0.2 0.3 0.4\n"), "--init");
    expect_rejected(box, base + "--init " + box.file("bad.txt", "0.1 zero 0.3\n"), "--init");
    expect_rejected(box, base + "--init " + box.file("empty.txt", ""), "--init");
    // data
    expect_rejected(box, "--data " + box.path("missing.txt"), "--data");
    expect_rejected(box, "--data " + box.file("empty_data.txt", "\n# nothing\n"), "--data");
    expect_rejected(box, "--data " + box.file("ragged.txt", "1 0 0\n0 1\n"), "--data");
    expect_rejected(box, "--data " + box.file("malformed.txt", "1 0 0\n0 one 0\n"), "--data");
    expect_rejected(box, "--data " + box.file("too_many_rows.txt", "1 0\n0 1\n0 0\n"), "--data");
    expect_rejected(box, "--data " + box.file("not_orth.txt", "1 0 0\n0.1 1 0\n"), "--data");
    expect_rejected(box, "--data " + box.file("not_unit.txt", "1 0 0\n0 0.5 0\n"), "--data");
    expect_rejected(box, "--n 3 --data " + box.file("wrong_n.txt", "1 0 0\n0 1 0\n"), "--data");
    // schedule
    expect_rejected(box, base + "--schedule " + box.path("missing.txt"), "--schedule");
    expect_rejected(box, base + "--schedule " + box.file("empty_sched.txt", ""), "--schedule");
    expect_rejected(box, base + "--schedule " + box.file("range.txt", "0 1\n2\n"), "--schedule");
    expect_rejected(box, base + "--schedule " + box.file("neg.txt", "-1\n"), "--schedule");
    expect_rejected(box, base + "--schedule " + box.file("dup.txt", "1 1\n"), "--schedule");
    expect_rejected(box, base + "--batch 1 --schedule " + box.file("ok.txt", "1\n0\n"), "--schedule");
    // outputs
    expect_rejected(box, base + "--out " + box.path("no/such/dir/r.json"), "--out");
    {   // --out and --trajectory naming one file by two spellings
        const std::size_t before = box.count_files();
        const cli_result r = box.run("train " + base + "--out " + box.path("same.json") + " --trajectory " +
                                     box.dir.string() + "/./same.json");
        BOOST_TEST(r.status == 2);
        BOOST_TEST(r.err.find("--trajectory") != std::string::npos, r.err);
        BOOST_TEST(box.count_files() == before);
    }
}

BOOST_AUTO_TEST_CASE(good_run_writes_json_and_trajectory)
{
    sandbox box;
    const std::string out = box.path("r.json"), traj = box.path("t.csv");
    const std::string data = box.file("data.txt", "# rows x_0, x_1\n0.6 0.8 0\n-0.8 0.6 0\n");
    const std::string sched = box.file("s.txt", "0\n1\n0 1\n");
    const std::string init = box.file("w0.txt", "0.5 0.5 0.1\n"); // c_0 = 0.7 > 0: not in the dead region
    const cli_result r = box.run("train --data " + data + " --schedule " + sched + " --init " + init + " --eta 0.2 --steps 25 --every 10 --scalar mpfr:100 --out " + out + " --trajectory " + traj);
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.out.find("status") != std::string::npos);
    std::ifstream in(out);
    const auto j = nlohmann::json::parse(in);
    for (const char* key : {"config", "status", "steps", "w", "loss", "loss_gap", "coords", "support", "cos_init", "dist_min"})
        BOOST_TEST(j.contains(key), key);
    BOOST_TEST(j.at("status") == "max_steps");
    BOOST_TEST(j.at("steps") == 25);
    BOOST_TEST(j.at("n") == 2);
    BOOST_TEST(j.at("precision_bits") == 100);
    BOOST_TEST(j.at("w").size() == 3u);
    BOOST_TEST(j.at("coords").size() == 2u);
    // Trajectory: header, steps 0, 10, 20 and the final 25.
    std::ifstream t(traj);
    std::string line;
    std::vector<std::string> steps;
    std::getline(t, line);
    BOOST_TEST(line == "step,loss,dist_min,w_0,w_1,w_2");
    while (std::getline(t, line)) steps.push_back(line.substr(0, line.find(',')));
    BOOST_TEST(steps == (std::vector<std::string>{"0", "10", "20", "25"}));
}

// A hexadecimal constant names a binary value exactly, in a flag and in a
// file: the run with 0x1.8p-2 and a file of hex rows is the run with 0.375
// and the decimal rows, to the last digit.
BOOST_AUTO_TEST_CASE(hexadecimal_numbers_are_their_binary_values)
{
    sandbox box;
    const std::string dec = box.file("dec.txt", "0.5 -0.5 -0.5 -0.5\n-0.5 0.5 -0.5 -0.5\n");
    const std::string hex = box.file("hex.txt", "0x1p-1 -0x1p-1 -0x1p-1 -0x1p-1\n-0x1p-1 0x1p-1 -0x1p-1 -0x1p-1\n");
    const std::string a = box.path("a.json"), b = box.path("b.json");
    BOOST_REQUIRE(box.run("train --data " + dec + " --eta 0.375 --steps 40 --scalar mpfr:200 --out " + a).status == 0);
    BOOST_REQUIRE(box.run("train --data " + hex + " --eta 0x1.8p-2 --steps 40 --scalar mpfr:200 --out " + b).status == 0);
    std::ifstream ia(a), ib(b);
    const auto ja = nlohmann::json::parse(ia), jb = nlohmann::json::parse(ib);
    BOOST_TEST(ja.at("w") == jb.at("w"));
    BOOST_TEST(ja.at("eta") == jb.at("eta"));
    expect_rejected(box, "--n 4 --d 4 --eta 0x1.8q-2", "--eta");
    expect_rejected(box, "--n 4 --d 4 --eta 0b11", "--eta");
}

// --tol Ku is K unit roundoffs of the run's type: 64u is 2^-18 in float and
// 2^-47 in double, so the same SGD run stops earlier in float, and in double
// it is the run with the decimal 2^-47.
BOOST_AUTO_TEST_CASE(tolerance_in_unit_roundoffs)
{
    sandbox box;
    auto status = [&](const std::string& args) {
        const cli_result r = box.run("train --n 4 --d 4 --batch 1 --eta 0.4 --seed 2 --tol-on sample-gradient -q --out " +
                                     box.path("t.json") + " " + args);
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        std::ifstream in(box.path("t.json"));
        const auto j = nlohmann::json::parse(in);
        return std::make_pair(j.at("status").get<std::string>(), j.at("steps").get<std::uint64_t>());
    };
    const auto f = status("--scalar float --tol 64u --steps 100000");
    const auto d = status("--scalar double --tol 64u --steps 100000");
    BOOST_TEST(f.first == "converged");
    BOOST_TEST(d.first == "converged");
    BOOST_TEST(f.second < d.second); // a looser tolerance in float stops earlier
    // The same K in double as a decimal: identical run.
    const auto d2 = status("--scalar double --tol 7.105427357601001858711242675781250e-15 --steps 100000"); // 64 * 2^-53
    BOOST_TEST((d2 == d));
}

// --update scaled: the opt-in order of arithmetic. The same SGD and GD runs
// as the reference, to K u t relative (K = 16, tests/scaled_update_test.cpp
// states why), recorded in the output's config; the trajectory still holds
// steps 0, every K-th and the last; dense data and unknown values are
// rejected before any work.
BOOST_AUTO_TEST_CASE(scaled_update_runs_the_same_map)
{
    sandbox box;
    auto final_w = [&](const std::string& args) {
        const cli_result r = box.run("train --n 32 --d 40 --seed 5 --steps 400 -q --out " + box.path("u.json") + " " + args);
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        std::ifstream in(box.path("u.json"));
        const auto j = nlohmann::json::parse(in);
        std::vector<double> w;
        for (const auto& x : j.at("w")) w.push_back(std::stod(x.get<std::string>()));
        return std::make_pair(j.at("config").at("update").get<std::string>(), w);
    };
    for (const std::string run : {"--batch 1 --eta 0.4", "--eta 4"}) {
        const auto ref = final_w(run);
        const auto sc = final_w(run + " --update scaled");
        BOOST_TEST(ref.first == "reference");
        BOOST_TEST(sc.first == "scaled");
        double worst = 0, norm = 0;
        for (std::size_t j = 0; j < ref.second.size(); ++j) {
            worst = std::max(worst, std::abs(ref.second[j] - sc.second[j]));
            norm += ref.second[j] * ref.second[j];
        }
        // K = 16, u = 2^-53, t = 400, plus the 17-digit decimal output (u each).
        BOOST_TEST(worst <= (16.0 * 400 + 2) * std::ldexp(1.0, -53) * std::sqrt(norm), run << ": " << worst);
        BOOST_TEST(worst > 0.0, run << ": not even one rounding apart: is the option applied?");
    }
    const std::string traj = box.path("s.csv");
    const cli_result r = box.run("train --n 8 --d 8 --batch 1 --eta 0.4 --steps 25 --every 10 --update scaled -q --trajectory " + traj);
    BOOST_TEST(r.status == 0, r.err);
    std::ifstream t(traj);
    std::string line;
    std::vector<std::string> steps;
    std::getline(t, line);
    while (std::getline(t, line)) steps.push_back(line.substr(0, line.find(',')));
    BOOST_TEST(steps == (std::vector<std::string>{"0", "10", "20", "25"}));
    // The summary of a run whose support has more than 8 indices (the
    // record then holds only their count).
    const cli_result big = box.run("train --n 32 --d 40 --seed 5 --steps 10 --update scaled");
    BOOST_TEST(big.status == 0, big.err);
    BOOST_TEST(big.out.find("support       32 of n = 32") != std::string::npos, big.out);
    expect_rejected(box, "--n 4 --d 4 --data rotated --update scaled", "--update");
    expect_rejected(box, "--n 4 --d 4 --update fast", "--update");
}

BOOST_AUTO_TEST_CASE(interval_scalar_reports_boxes_and_their_widths)
{
    sandbox box;
    const std::string out = box.path("r.json"), traj = box.path("t.csv");
    const cli_result r = box.run("train --n 4 --d 6 --eta 0.3 --steps 40 --scalar mpfi:128 --out " + out + " --trajectory " + traj +
                                 " --every 20");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("enclosure") != std::string::npos, r.out);
    std::ifstream in(out);
    const auto j = nlohmann::json::parse(in);
    BOOST_TEST(j.at("scalar") == "mpfi:128");
    BOOST_TEST(j.at("status") == "max_steps");
    BOOST_TEST(j.at("w").at(0).get<std::string>().front() == '[');
    const auto& e = j.at("enclosure");
    BOOST_TEST(e.at("max_width_w0").get<double>() == 0.0); // a start of doubles is exact at 128 bits
    BOOST_TEST(e.at("max_width").get<double>() > 0.0);
    BOOST_TEST(e.at("log2_width_per_step").size() == 41u); // steps 0..40, stride 1
    BOOST_TEST(e.at("log2_width_per_step")[0][1].is_null()); // width 0 at the start
    BOOST_TEST(e.at("max_width_log2").get<double>() < -60.0);
    BOOST_TEST(std::abs(std::exp2(e.at("max_width_log2").get<double>()) / e.at("max_width").get<double>() - 1) < 1e-9);
    BOOST_TEST(e.at("bits_lost_per_step").get<double>() > 0.0);
    // The same flags with mpfr:128 give a point inside each box (here: w_0).
    const cli_result p = box.run("train --n 4 --d 6 --eta 0.3 --steps 40 --scalar mpfr:128 --out " + box.path("p.json"));
    BOOST_TEST_REQUIRE(p.status == 0, p.err);
    std::ifstream pin(box.path("p.json"));
    const auto pj = nlohmann::json::parse(pin);
    for (std::size_t k = 0; k < 6; ++k) {
        const std::string point = pj.at("w0").at(k).get<std::string>(), iv = j.at("w0").at(k).get<std::string>();
        const auto comma = iv.find(',');
        BOOST_TEST_REQUIRE((iv.front() == '[' && comma != std::string::npos), iv);
        mpfr_t lo, x, hi;
        mpfr_inits2(256, lo, x, hi, static_cast<mpfr_ptr>(nullptr));
        mpfr_set_str(lo, iv.substr(1, comma - 1).c_str(), 10, MPFR_RNDN);
        mpfr_set_str(hi, iv.substr(comma + 1, iv.size() - comma - 2).c_str(), 10, MPFR_RNDN);
        mpfr_set_str(x, point.c_str(), 10, MPFR_RNDN);
        mpfr_prec_round(x, 128, MPFR_RNDN); // the 128-bit value the point string stands for
        BOOST_TEST((mpfr_lessequal_p(lo, x) && mpfr_lessequal_p(x, hi)), point << " not in " << iv);
        mpfr_clears(lo, x, hi, static_cast<mpfr_ptr>(nullptr));
    }
    // Trajectory fields are quoted intervals.
    std::ifstream t(traj);
    std::string line;
    std::getline(t, line);
    std::getline(t, line);
    BOOST_TEST(line.rfind("0,\"[", 0) == 0, line);
}

// A box straddling 0 at the ReLU: status undecidable with its step.
BOOST_AUTO_TEST_CASE(interval_box_straddling_the_kink_is_undecidable)
{
    sandbox box;
    const std::string data = box.file("d.txt", "0.6 0.8\n-0.8 0.6\n"), init = box.file("w.txt", "0.8 -0.6\n");
    const cli_result u = box.run("train --data " + data + " --init " + init + " --scalar mpfi:128 --steps 5 --out " + box.path("u.json"));
    BOOST_TEST_REQUIRE(u.status == 0, u.err);
    std::ifstream uin(box.path("u.json"));
    const auto uj = nlohmann::json::parse(uin);
    BOOST_TEST(uj.at("status") == "undecidable");
    BOOST_TEST(uj.at("steps") == 0);
    BOOST_TEST(uj.at("status_detail").get<std::string>().find("ReLU") != std::string::npos);
}

// Intervals are refused where they are not defined.
BOOST_AUTO_TEST_CASE(intervals_are_refused_by_sweep_and_precision)
{
    sandbox box;
    for (const char* args : {"sweep --scalar mpfi:128 --n 4 --d 4", "precision --n 4 --d 4 --scalars double,mpfi:128"}) {
        const cli_result bad = box.run(std::string(args) + " --out-dir " + box.path("nope"));
        BOOST_TEST(bad.status == 2, args);
        BOOST_TEST(bad.err.find("mpfi") != std::string::npos, bad.err);
        BOOST_TEST(!fs::exists(box.path("nope")));
    }
}

BOOST_AUTO_TEST_CASE(divergence_to_infinity_is_a_status)
{
    // eta = 1e200 overflows double within two steps: the run must end with
    // status diverged and write its report (timeout guards against a hang).
    sandbox box;
    const std::string out = box.path("r.json"), traj = box.path("t.csv");
    const cli_result r = box.run("train --n 3 --d 5 --eta 1e200 --activation linear --steps 50 --out " + out +
                                 " --trajectory " + traj);
    BOOST_TEST(r.status == 0, r.err);
    std::ifstream in(out);
    BOOST_REQUIRE(in.good());
    const auto j = nlohmann::json::parse(in);
    BOOST_TEST(j.at("status") == "diverged");
    BOOST_TEST(j.at("steps").get<int>() < 5);
    // After one step the entries are about 1e199: ||w||^2 overflows.
    BOOST_TEST(j.at("norm") == "inf");
    BOOST_TEST(j.at("status_detail") == "||w|| is not finite");
}

BOOST_AUTO_TEST_CASE(interrupt_keeps_complete_outputs)
{
    sandbox box;
    const std::string out = box.path("r.json");
    // SIGINT after one second to a run that would take far longer.
    const cli_result r = box.run("train --n 1000 --d 1000 --steps 100000000 --quiet --out " + out +
                                 " & pid=$!; sleep 1; kill -INT $pid; wait $pid; exit $?");
    BOOST_TEST(r.status == 130, r.err);
    std::ifstream in(out);
    BOOST_REQUIRE(in.good());
    const auto j = nlohmann::json::parse(in);
    BOOST_TEST(j.at("status") == "interrupted");
    BOOST_TEST(j.at("steps").get<long long>() > 0);
    BOOST_TEST(j.at("w").size() == 1000u);
}

namespace {

/// The bad-input contract for outputs: `snae ARGS` (in the sandbox as the
/// working folder) exits 2 within `seconds` with one line naming `flag`,
/// and leaves the sandbox's top level as it was.
void expect_output_refused(const sandbox& box, const std::string& args, const std::string& flag, int seconds = 20)
{
    const std::size_t before = box.count_files();
    const cli_result r = box.run(args, seconds, true);
    BOOST_TEST_CONTEXT("snae " << args.substr(0, 200))
    {
        BOOST_TEST(r.status == 2);
        BOOST_TEST(r.err.find(flag) != std::string::npos, "message does not name " << flag << ": " << r.err);
        BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, "not one line: " << r.err);
        BOOST_TEST(box.count_files() == before, "a file was created or removed");
    }
}

} // namespace

// rename() replaces whatever the name is: a FIFO, a device (as root,
// /dev/null itself) or a symbolic link would become a regular file. Each is
// refused with exit status 2 and left as it was.
BOOST_AUTO_TEST_CASE(outputs_that_are_not_regular_files_are_refused)
{
    sandbox box;
    const std::string fifo = box.path("fifo"), link = box.path("link.json"), real = box.file("real.json", "keep\n");
    BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
    fs::create_symlink(real, link);
    // A /dev/null of the sandbox's own (only root may create one): the real one stays out of reach.
    const std::string dev = box.path("null");
    const bool have_dev = ::mknod(dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0;
    const std::string run = "train --n 4 --d 6 --steps 10 ";
    for (const std::string& target : {fifo, link}) {
        expect_output_refused(box, run + "--out " + target, "--out");
        expect_output_refused(box, run + "--out " + box.path("r.json") + " --trajectory " + target, "--trajectory");
    }
    if (have_dev) expect_output_refused(box, run + "--out " + dev, "--out");
    expect_output_refused(box, "precision --n 4 --d 4 --steps 10 --scalars double -q --out " + fifo + " --out-dir " +
                                   box.path("prec"), "--out");
    BOOST_TEST(!fs::exists(box.path("prec"))); // refused before its --out-dir is created
    BOOST_TEST(fs::is_fifo(fs::symlink_status(fifo)));
    BOOST_TEST(fs::is_symlink(fs::symlink_status(link)));
    BOOST_TEST(sandbox::slurp(real) == "keep\n");
    if (have_dev) BOOST_TEST(fs::is_character_file(fs::symlink_status(dev)));
    BOOST_TEST(!fs::exists(box.path("r.json")));
}

// Targets that can never be written are bad input found before any work:
// the run below would take minutes at mpfr:128.
BOOST_AUTO_TEST_CASE(outputs_that_cannot_be_files_are_refused_before_work)
{
    sandbox box;
    const std::string adir = box.path("adir"), traj = " --trajectory " + box.path("t.csv");
    fs::create_directory(adir);
    fs::create_symlink("loop", box.path("loop")); // a symbolic link to itself
    std::string deep;
    while (deep.size() < 5000) deep += "d/";
    const std::string slow = "train --n 4 --d 6 --steps 1000000000 --scalar mpfr:128 ";
    expect_output_refused(box, slow + "--out " + adir + traj, "--out");
    expect_output_refused(box, slow + "--out " + adir + "/x.json --trajectory " + adir, "--trajectory");
    expect_output_refused(box, slow + "--out " + box.path(std::string(300, 'a') + ".json") + traj, "--out");
    expect_output_refused(box, slow + "--out " + box.path(std::string(250, 'b')) + traj, "--out"); // its temporary's name is too long
    expect_output_refused(box, slow + "--out " + box.path(deep + "o.json") + traj, "--out");
    expect_output_refused(box, slow + "--out " + box.path("loop/x.json") + traj, "--out");
    expect_output_refused(box, slow + "--out " + box.path("loop") + traj, "--out");
    expect_output_refused(box, slow + "--out " + box.path("new/"), "--out");
    BOOST_TEST(fs::is_empty(adir));
}

// One file named twice would get the trajectory over the JSON (exit 0, JSON
// lost): every spelling of the same file is refused, existing or not.
BOOST_AUTO_TEST_CASE(one_output_file_named_twice_is_refused)
{
    sandbox box;
    fs::create_directory(box.path("real"));
    fs::create_symlink(box.path("real"), box.path("alias"));
    box.file("h.json", "x");
    fs::create_hard_link(box.path("h.json"), box.path("h2.json"));
    const std::string run = "train --n 4 --d 6 --steps 10 ";
    for (const std::string& pair : std::vector<std::string>{
             "--out o.json --trajectory ./o.json", "--out o.json --trajectory " + box.path("o.json"),
             "--out o.json --trajectory real/../o.json", "--out real/o.json --trajectory alias/o.json",
             "--out h.json --trajectory h2.json"})
        expect_output_refused(box, run + pair, "--trajectory");
    BOOST_TEST(fs::is_empty(box.path("real")));
    BOOST_TEST(sandbox::slurp(box.path("h.json")) == "x");
    // Different files in one folder are fine.
    const cli_result ok = box.run(run + "--out o.json --trajectory ./t.csv", 60, true);
    BOOST_TEST(ok.status == 0, ok.err);
}

// An explicitly empty value is bad input, not "not given".
BOOST_AUTO_TEST_CASE(empty_values_are_bad_input)
{
    sandbox box;
    const std::string base = "--n 4 --d 6 --steps 10 ";
    for (const char* flag : {"--tol", "--sampler", "--init", "--init-scale", "--schedule", "--orth-tol"})
        expect_rejected(box, base + flag + " ''", flag);
    expect_rejected(box, "--d 6 --n ''", "--n");
    for (const char* flag : {"--out", "--trajectory"})
        expect_output_refused(box, "train " + base + flag + " ''", flag);
    snae_test::expect_rejected_before_work(box, "verify", "--claims ''", "--claims");
    snae_test::expect_rejected_before_work(box, "precision", "--n 4 --d 4 --steps 10 --scalars ''", "--scalars");
    snae_test::expect_rejected_before_work(box, "precision", "--law --law-bits ''", "--law-bits");
}

// A NUL byte would end the number where it is read: "0\0garbage" read as 0.
BOOST_AUTO_TEST_CASE(nul_bytes_in_input_files_are_rejected)
{
    sandbox box;
    using namespace std::string_literals;
    const std::string data = box.file("nul_data.txt", "1 0\0garbage\n0 1\n"s);
    const std::string init = box.file("nul_init.txt", "0.5\0xyz 0.5\n"s);
    expect_rejected(box, "--data " + data, "--data");
    expect_rejected(box, "--n 2 --d 2 --init " + init, "--init");
    const cli_result r = box.run("train --data " + data);
    BOOST_TEST(r.err.find("line 1") != std::string::npos, r.err);
}

// A file longer than any valid one fails at the first row or number too
// many, not after it has been read into memory as strings.
BOOST_AUTO_TEST_CASE(input_files_stop_at_the_first_row_too_many)
{
    sandbox box;
    std::string rows;
    for (int i = 0; i < 5000; ++i) rows += "1\n";
    const std::string data = box.file("tall.txt", rows);
    const std::string init = box.file("long_init.txt", "0.5 0.5\n0.5\n");
    expect_rejected(box, "--data " + data, "--data");
    expect_rejected(box, "--n 2 --d 2 --init " + init, "--init");
    BOOST_TEST(box.run("train --data " + data).err.find("line 4097: more than 4096 rows") != std::string::npos);
    BOOST_TEST(box.run("train --n 2 --d 2 --init " + init).err.find("line 2: more than d = 2 numbers") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_subcommand_is_named)
{
    sandbox box;
    for (const std::string args : {"frobnicate", ""}) {
        const cli_result r = box.run(args);
        BOOST_TEST_CONTEXT("snae " << args)
        {
            BOOST_TEST(r.status == 2);
            BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, r.err);
            BOOST_TEST(r.err.find("train, verify, sweep, precision") != std::string::npos, r.err);
            BOOST_TEST(r.err.find(args) != std::string::npos, r.err);
        }
    }
}

// A failed write is reported with its reason: here the file-size limit
// (EFBIG) stands in for a full disk (ENOSPC), and no temporary is left.
BOOST_AUTO_TEST_CASE(write_errors_give_their_reason)
{
    sandbox box;
    struct rlimit old_limit {};
    BOOST_REQUIRE(::getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
    struct rlimit small = old_limit;
    small.rlim_cur = 64 * 1024; // the JSON below is about 1 MB
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN); // inherited: the write fails instead of killing snae
    BOOST_REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    const cli_result r = box.run("train --n 4 --d 20000 --steps 1 -q --out " + box.path("big.json"));
    ::setrlimit(RLIMIT_FSIZE, &old_limit);
    std::signal(SIGXFSZ, old_handler);
    BOOST_TEST(r.status == 1, r.err);
    BOOST_TEST(r.err.find(std::strerror(EFBIG)) != std::string::npos, r.err);
    BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, r.err);
    BOOST_TEST(box.count_files() == 0u, "the output or its temporary was left behind");
}

BOOST_AUTO_TEST_SUITE(verify)

BOOST_AUTO_TEST_CASE(bad_arguments_are_rejected_before_any_work)
{
    sandbox box;
    for (const char* args : {"--claims C12", "--claims C1,X", "--claims ,", "--no-such-flag"}) {
        const cli_result r = box.run(std::string("verify --out-dir ") + box.path("rep") + " " + args);
        BOOST_TEST(r.status == 2, args);
        BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, r.err);
        BOOST_TEST(!fs::exists(box.path("rep/verification.json")));
    }
    const cli_result r = box.run("verify --claims C2 --out-dir /proc/no-such-dir");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--out-dir") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(a_selected_claim_writes_the_three_reports)
{
    sandbox box;
    const cli_result r = box.run("verify --claims C2,C1 --quiet --out-dir " + box.path("rep"));
    BOOST_TEST(r.status == 0, r.err);
    std::ifstream in(box.path("rep/verification.json"));
    const auto j = nlohmann::json::parse(in);
    BOOST_TEST(j.at("pass") == true);
    BOOST_REQUIRE(j.at("claims").size() == 2u);
    BOOST_TEST(j.at("claims")[0].at("id") == "C1"); // catalogue order, not argument order
    BOOST_TEST(j.at("claims")[1].at("precisions").size() == 5u);
    BOOST_TEST(fs::exists(box.path("rep/verification.md")));
    BOOST_TEST(sandbox::slurp(box.path("rep/verification.tex")).find("\\toprule") != std::string::npos);
    // A wrong prediction makes the same claims fail, with exit status 1.
    const cli_result w = box.run("verify --claims C2 --quiet --wrong-prediction --out-dir " + box.path("rep2"));
    BOOST_TEST(w.status == 1);
}

BOOST_AUTO_TEST_CASE(certified_claims_are_reported_as_certified)
{
    sandbox box;
    const cli_result r = box.run("verify --certified --out-dir " + box.path("rep"));
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("all selected claims CERTIFIED") != std::string::npos, r.out);
    std::ifstream in(box.path("rep/certification.json"));
    const auto j = nlohmann::json::parse(in);
    BOOST_TEST(j.at("certified") == true);
    BOOST_REQUIRE(j.at("claims").size() == 7u);
    for (const auto& c : j.at("claims")) {
        BOOST_TEST(c.at("result") == "CERTIFIED");
        // Each claim states its hypotheses and, per instance, the inequality proven.
        BOOST_TEST(!c.at("hypotheses").empty());
        BOOST_TEST_REQUIRE(!c.at("proven").empty());
        for (const auto& p : c.at("proven")) {
            BOOST_TEST(!p.at("proven").get<std::string>().empty());
            // EXACT statements rest on rational arithmetic: no precision, and C1/C3 start from w*, not w0.
            const bool exact = p.at("level") == "EXACT";
            for (const char* key : {"data", "activation"}) BOOST_TEST(p.at("hypotheses").contains(key), key);
            for (const char* key : {"w0", "precision_bits"}) BOOST_TEST((exact || p.at("hypotheses").contains(key)), key);
            BOOST_TEST((!exact || p.at("hypotheses").contains("arithmetic")));
        }
    }
    const auto& c4 = j.at("claims")[2].at("proven")[0];
    BOOST_TEST(c4.at("proven").get<std::string>().find("max over t = 1..100 of ||w_t - ") == 0u, c4.at("proven"));
    BOOST_TEST(c4.at("hypotheses").at("steps") == 100);
    // C1, C3 and C4 also decide instances EXACTLY, after the interval ones.
    for (std::size_t c = 0; c < 3; ++c) {
        const auto& last = j.at("claims")[c].at("proven").back();
        BOOST_TEST(last.at("level") == "EXACT", j.at("claims")[c].at("id"));
        BOOST_TEST(j.at("claims")[c].at("exact_statements").get<int>() > 0);
    }
    // C5 to C8 hold for every t: each names T, R and rho (C8 also k and the
    // batch sizes) and states its eta, kink convention and (C8) batches.
    for (std::size_t c = 3; c < 7; ++c)
        for (const auto& p : j.at("claims")[c].at("proven")) {
            if (!p.contains("certificate")) continue; // C7's repulsion and 2-cycle are not region certificates
            for (const char* key : {"T", "R", "rho_upper_bound"}) BOOST_TEST(p.at("certificate").contains(key), key);
            BOOST_TEST(p.at("hypotheses").contains("kink"));
            BOOST_TEST(p.at("hypotheses").contains("eta"));
            BOOST_TEST(p.at("proven").get<std::string>().find("t >= T = ") != std::string::npos, p.at("proven"));
        }
    const auto& c8 = j.at("claims")[6].at("proven")[0];
    BOOST_TEST(c8.at("certificate").contains("k"));
    BOOST_TEST(c8.at("certificate").contains("batch_sizes"));
    BOOST_TEST(c8.at("hypotheses").contains("batches"));
    BOOST_TEST(!fs::exists(box.path("rep/verification.json"))); // its own report files
    BOOST_TEST(sandbox::slurp(box.path("rep/certification.md")).find("| CERTIFIED |") != std::string::npos);
    // Each claim's inequalities, grouped under the instance each is about, in typewriter.
    const std::string tex = sandbox::slurp(box.path("rep/certification.tex"));
    BOOST_TEST(tex.find("inequalities), per instance:\n\\begin{itemize}") != std::string::npos);
    BOOST_TEST(tex.find("\\item \\texttt{mpfi:128 relu canonical n=4 d=4 seed=2}:\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(certified_wrong_predictions_and_uncertified_claims_are_refused)
{
    sandbox box;
    // A wrong prediction: NOT CERTIFIED, naming the bound, exit status 1.
    const cli_result w = box.run("verify --certified --claims C3 --wrong-prediction --out-dir " + box.path("rep2"));
    BOOST_TEST(w.status == 1);
    BOOST_TEST(w.out.find("NOT CERTIFIED") != std::string::npos, w.out);
    BOOST_TEST(w.out.find("cluster 3/n") != std::string::npos, w.out);
    // C2 has no certified form.
    const cli_result bad = box.run("verify --certified --claims C2 --out-dir " + box.path("rep3"));
    BOOST_TEST(bad.status == 2);
    BOOST_TEST(bad.err.find("--claims") != std::string::npos, bad.err);
}

BOOST_AUTO_TEST_CASE(certificates_are_exported_with_an_index)
{
    sandbox box;
    // --export writes one certificate per proven instance, with an index.
    const cli_result e = box.run("verify --certified --claims C5 --export " + box.path("certs") + " --out-dir " + box.path("rep4"));
    BOOST_TEST_REQUIRE(e.status == 0, e.err);
    std::ifstream idx(box.path("certs/index.json"));
    const auto index = nlohmann::json::parse(idx);
    std::ifstream rep(box.path("rep4/certification.json"));
    BOOST_TEST(index.at("files").size() == nlohmann::json::parse(rep).at("claims")[0].at("proven").size());
    std::ifstream first(box.path("certs/" + index.at("files")[0].get<std::string>()));
    const auto cert = nlohmann::json::parse(first);
    BOOST_TEST(cert.at("claim") == "C5");
    BOOST_TEST(cert.at("kind") == "gd-for-all-t");
    BOOST_TEST(cert.at("instance").at("eta").get<std::string>().find('/') != std::string::npos); // exact: 3/10, not 0.3
    // Without --certified there is nothing to export: exit status 2, no folder.
    const cli_result no = box.run("verify --claims C5 --export " + box.path("certs2") + " --out-dir " + box.path("rep5"));
    BOOST_TEST(no.status == 2);
    BOOST_TEST(no.err.find("--export") != std::string::npos, no.err);
    BOOST_TEST(!fs::exists(box.path("certs2")));
}

BOOST_AUTO_TEST_SUITE_END() // verify

BOOST_AUTO_TEST_SUITE_END() // cli
