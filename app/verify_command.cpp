// `snae verify`: runs the claims catalogue and writes the reports.
#include "verify_command.hpp"

#include <claims.hpp>

#include <snae/atomic_file.hpp>
#include <snae/errors.hpp>

#include <filesystem>

#include <iostream>
#include <set>
#include <sstream>

namespace snae::cli {

void verify_command::attach(CLI::App& parent)
{
    app_ = parent.add_subcommand("verify", "Check every claim of the theory against the trainer at several precisions "
                                           "and write reports/verification.{md,tex,json}.");
    app_->add_flag("--full", full_, "larger instances, more seeds and steps, and mpfr:4096 added to the precision ladder");
    app_->add_option("--claims", claims_, "comma-separated claim ids to run, e.g. C3,C5 (default: all, C1..C11)");
    app_->add_option("--out-dir", out_dir_, "folder for the reports")->default_str("reports");
    app_->add_flag("--wrong-prediction", wrong_, "compare with deliberately wrong predictions: every claim must FAIL");
    app_->add_flag("--certified", certified_, "run the certified claims (C1, C3, C4 in MPFI interval arithmetic; "
                                              "docs/certified.md) and write reports/certification.{md,tex,json}");
    app_->add_flag("--quiet,-q", quiet_, "print nothing but errors");
}

int verify_command::run(const std::atomic<bool>& interrupted) const
{
    const auto& all = certified_ ? claims::certified_catalogue() : claims::catalogue();
    std::vector<const claims::claim*> selected;
    if (claims_.empty() && app_->count("--claims") == 0) {
        for (const auto& c : all) selected.push_back(&c);
    } else {
        std::set<std::string> wanted;
        std::stringstream ss(claims_);
        std::string id;
        while (std::getline(ss, id, ','))
            if (!id.empty()) wanted.insert(id);
        std::string known;
        for (const auto& c : all) known += (known.empty() ? "" : ",") + c.id;
        for (const auto& w : wanted) {
            bool found = false;
            for (const auto& c : all) found = found || c.id == w;
            if (!found)
                throw input_error("--claims", "unknown claim '" + w + "'" + (certified_ ? " with --certified" : "") +
                                                  "; expected ids among " + known);
        }
        for (const auto& c : all)
            if (wanted.count(c.id)) selected.push_back(&c);
        if (selected.empty()) throw input_error("--claims", "no claim selected; expected ids among " + known);
    }
    claims::check_options opt;
    opt.full = full_;
    opt.wrong_prediction = wrong_;
    if (wrong_) opt.wrong_case = "coarse";
    opt.certified = certified_;
    // Check the output folder before the work, so a bad folder costs nothing.
    try {
        std::filesystem::create_directories(out_dir_);
        atomic_file probe(out_dir_ + "/.snae-write-test");
    } catch (const std::exception& e) {
        throw input_error("--out-dir", std::string("cannot write there: ") + e.what());
    }
    opt.interrupt = &interrupted;
    std::vector<claims::claim_result> results;
    for (const auto* c : selected) {
        if (interrupted.load()) break; // the claims not started are not in the reports
        if (!quiet_) std::cerr << "verify: " << c->id << " " << c->name << " ..." << std::flush;
        // Long claims (C8, C10, and every claim with --full) show each precision as it starts.
        if (!quiet_) opt.progress = [](const std::string& precision) { std::cerr << ' ' << precision << std::flush; };
        results.push_back(claims::run_claim(*c, opt));
        if (!quiet_) std::cerr << " " << claims::verdict(results.back()) << " (" << results.back().seconds << " s)\n";
    }
    const auto files = claims::write_reports(results, opt, out_dir_);
    bool pass = true;
    for (const auto& r : results) pass = pass && r.pass;
    if (!quiet_) {
        std::cout << claims::text_table(results);
        for (const auto& f : files) std::cout << "wrote " << f << "\n";
        if (interrupted.load()) std::cout << "interrupted: the reports hold the claims that finished\n";
        else if (certified_) std::cout << (pass ? "all selected claims CERTIFIED\n" : "some claims NOT CERTIFIED\n");
        else std::cout << (pass ? "all selected claims PASS\n" : "some claims FAIL\n");
    }
    if (interrupted.load()) return 130;
    return pass ? 0 : 1;
}

} // namespace snae::cli
