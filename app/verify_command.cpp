// `snae verify`: runs the claims catalogue and writes the reports.
#include "command.hpp"
#include "flag_values.hpp"

#include <claims.hpp>

#include <snae/errors.hpp>
#include <snae/text.hpp>

#include <iostream>

namespace snae::cli {

namespace {

/// Exit status 0 only if every selected claim passes (with --certified: is
/// certified), 1 if one fails, 130 when interrupted (the reports then hold
/// what finished).
class verify_command final : public command {
public:
    void attach(CLI::App& parent) override;
    int run(const std::atomic<bool>& interrupted) const override;

private:
    std::vector<const proofs_checks::claim*> selected_claims() const;
    std::vector<proofs_checks::claim_result> run_claims(const std::vector<const proofs_checks::claim*>& selected,
                                                 proofs_checks::check_options& opt) const;
    bool full_ = false, wrong_ = false, quiet_ = false, certified_ = false;
    std::string claims_, out_dir_ = "reports", export_dir_;
};

void verify_command::attach(CLI::App& parent)
{
    app_ = parent.add_subcommand("verify", "Check every claim of the theory against the trainer at several precisions "
                                           "and write reports/verification.{md,tex,json}.");
    app_->add_flag("--full", full_, "larger instances, more seeds and steps, and mpfr:4096 added to the precision ladder");
    app_->add_option("--claims", claims_, "comma-separated claim ids to run, e.g. C3,C5 (default: all, C1..C11)");
    app_->add_option("--out-dir", out_dir_, "folder for the reports")->default_str("reports");
    app_->add_flag("--wrong-prediction", wrong_, "compare with deliberately wrong predictions: every claim must FAIL");
    app_->add_flag("--certified", certified_, "run the certified claims (C1, C3-C8 in MPFI interval arithmetic; "
                                              "docs/certified.md) and write reports/certification.{md,tex,json}");
    app_->add_option("--export", export_dir_, "with --certified: also write one self-contained certificate file per "
                                              "proven instance into this folder, for the independent checker "
                                              "(docs/certificates.md)");
    app_->add_flag("--quiet,-q", quiet_, "print nothing but errors");
}

/// The claims of --claims, in catalogue order; all of them without it.
std::vector<const proofs_checks::claim*> verify_command::selected_claims() const
{
    std::optional<std::vector<std::string>> ids;
    if (!claims_.empty() || app_->count("--claims") > 0) ids = split(claims_);
    return proofs_checks::select_claims(ids, certified_);
}

std::vector<proofs_checks::claim_result> verify_command::run_claims(const std::vector<const proofs_checks::claim*>& selected,
                                                     proofs_checks::check_options& opt) const
{
    if (quiet_) return proofs_checks::run_claims(selected, opt);
    // Long claims (C8, C10, and every claim with --full) show each precision as it starts.
    opt.progress = [](const std::string& precision) { std::cerr << ' ' << precision << std::flush; };
    return proofs_checks::run_claims(
        selected, opt, [](const proofs_checks::claim& c) { std::cerr << "verify: " << c.id << " " << c.name << " ..." << std::flush; },
        [](const proofs_checks::claim_result& r) { std::cerr << " " << proofs_checks::verdict(r) << " (" << r.seconds << " s)\n"; });
}

int verify_command::run(const std::atomic<bool>& interrupted) const
{
    const auto selected = selected_claims();
    proofs_checks::check_options opt;
    opt.full = full_;
    opt.wrong_prediction = wrong_;
    if (wrong_) opt.wrong_case = "coarse";
    opt.certified = certified_;
    require_writable_folder("--out-dir", out_dir_);
    if (!export_dir_.empty() || app_->count("--export")) {
        if (!certified_) throw input_error("--export", "needs --certified (certificates exist only for the certified claims)");
        require_writable_folder("--export", export_dir_);
    }
    opt.interrupt = &interrupted;
    const auto results = run_claims(selected, opt);
    const auto files = proofs_checks::write_reports(results, opt, out_dir_);
    // What was proven before an interrupt is still proven: export it too.
    const std::size_t certificates = export_dir_.empty() ? 0 : proofs_checks::write_certificates(results, export_dir_);
    bool pass = true;
    for (const auto& r : results) pass = pass && r.pass;
    if (!quiet_) {
        std::cout << proofs_checks::text_table(results);
        for (const auto& f : files) std::cout << "wrote " << f << "\n";
        if (!export_dir_.empty())
            std::cout << "wrote " << certificates << " certificates to " << export_dir_
                      << " (check them with: python3 checker/snae_check.py " << export_dir_ << ")\n";
        if (interrupted.load()) std::cout << "interrupted: the reports hold the claims that finished\n";
        else if (certified_) std::cout << (pass ? "all selected claims CERTIFIED\n" : "some claims NOT CERTIFIED\n");
        else std::cout << (pass ? "all selected claims PASS\n" : "some claims FAIL\n");
    }
    if (interrupted.load()) return 130;
    return pass ? 0 : 1;
}

} // namespace

std::unique_ptr<command> make_verify_command() { return std::make_unique<verify_command>(); }

} // namespace snae::cli
