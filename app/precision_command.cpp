// `snae precision`: flags -> prepared run -> lockstep comparisons -> reports.
#include "command.hpp"
#include "flag_values.hpp"
#include "run_flags.hpp"

#include <golden.hpp>
#include <run.hpp>

#include <snae/atomic_file.hpp>
#include <snae/errors.hpp>

#include <cmath>
#include <filesystem>
#include <iostream>

namespace snae::cli {

namespace {

/// One run in every scalar type against an MPFR reference
/// (docs/precision.md), the error-vs-precision law (--law), agreement of the
/// selected coordinate over seeds (--seeds), and the regeneration of the
/// golden trajectories (--write-golden).
class precision_command final : public command {
public:
    void attach(CLI::App& parent) override;
    int run(const std::atomic<bool>& interrupted) const override;

private:
    int write_golden() const;
    void open_outputs(std::optional<atomic_file>& out_file) const;
    int finish(const precision::precision_report& rep, const plot::figure_options& figures, std::optional<atomic_file>& out_file) const;

    run_flags flags_;
    precision::precision_options o_;
    std::string out_, out_dir_ = "reports/precision", write_golden_, golden_bits_ = "2048";
    bool quiet_ = false;
};

void precision_command::attach(CLI::App& parent)
{
    app_ = parent.add_subcommand("precision", "Run one configuration in every scalar type and in an MPFR reference, step by step "
                                              "with the same data, w_0 and batches, and report how far each type drifts.");
    flags_.attach(*app_, false);
    app_->add_option("--scalars", o_.scalars, "comma-separated types to compare (default float,double,long_double,float128,"
                                            "cpp_bin_float_50,cpp_bin_float_100,mpfr:256)");
    app_->add_option("--reference-bits", o_.reference_bits, "bits of the MPFR reference, in [16, 2^20] (default: 4 x the widest type, at least 1024)");
    app_->add_option("--threshold", o_.threshold, "relative deviation whose first crossing is reported, decimal > 0")->default_str("1e-6");
    app_->add_flag("--law", o_.law, "fit the slope of log2(deviation) against bits for MPFR at --law-bits against --law-reference-bits "
                                  "(without --n: a built-in GD case and SGD case)");
    app_->add_option("--law-bits", o_.law_bits, "bits for --law (default 64,128,256,512,1024)");
    app_->add_option("--law-reference-bits", o_.law_reference_bits, "reference bits for --law")->default_str("4096");
    app_->add_option("--seeds", o_.seeds, "A..B: rerun for each seed and report, per type, the fraction selecting the reference's k");
    app_->add_option("--out", out_, "also write the JSON report to FILE");
    app_->add_option("--out-dir", out_dir_, "folder for precision.{md,tex,json} and figures/")->default_str("reports/precision");
    app_->add_option("--figure-format", o_.figure_format, plot::figure_format_help)->default_str(plot::default_figure_format);
    app_->add_option("--figure-size", o_.figure_size, plot::figure_size_help)->default_str(plot::default_figure_size);
    app_->add_option("--figure-titles", o_.figure_titles, plot::figure_titles_help)->default_str(plot::default_figure_titles);
    app_->add_option("--write-golden", write_golden_, "regenerate the golden trajectories into DIR (tests/golden) and stop");
    app_->add_option("--golden-bits", golden_bits_, "MPFR bits of the golden trajectories")->default_str("2048");
    app_->add_flag("--quiet,-q", quiet_, "print nothing but errors");
}

int precision_command::write_golden() const
{
    const long bits = parse_bits("--golden-bits", golden_bits_);
    std::error_code ec;
    std::filesystem::create_directories(write_golden_, ec);
    if (ec) throw input_error("--write-golden", "cannot create '" + shown(write_golden_) + "': " + ec.message());
    for (const auto& g : precision::golden_cases()) {
        auto j = precision::golden_record(g, bits);
        j["pinned"] = precision::pinned_record(g);
        atomic_file f(write_golden_ + "/" + g.name + ".json");
        f.stream() << j.dump(1) << '\n';
        f.commit();
        if (!quiet_) std::cout << "wrote " << write_golden_ << "/" << g.name << ".json (" << j.at("status").get<std::string>() << ")\n";
    }
    return 0;
}

/// Checks --out, then --out-dir, and opens --out: a bad --out must not leave
/// a new --out-dir behind.
void precision_command::open_outputs(std::optional<atomic_file>& out_file) const
{
    if (!out_.empty())
        if (const std::string why = output_target_problem(out_); !why.empty()) throw input_error("--out", why);
    require_writable_folder("--out-dir", out_dir_);
    if (!out_.empty()) try {
            out_file.emplace(out_);
        } catch (const std::exception& e) {
            throw input_error("--out", e.what());
        }
}

/// Writes the reports and --out, prints the table; returns the exit status.
int precision_command::finish(const precision::precision_report& rep, const plot::figure_options& figures,
                              std::optional<atomic_file>& out_file) const
{
    std::string note;
    const auto files = precision::write_reports(out_dir_, rep, note, figures);
    if (out_file) {
        out_file->stream() << precision::to_json(rep).dump(2) << '\n';
        out_file->commit();
    }
    if (!quiet_) {
        std::cout << precision::text_table(rep);
        for (const auto& f : files) std::cout << "wrote " << out_dir_ << "/" << f << '\n';
        if (!note.empty()) std::cerr << "precision: " << note << '\n';
    }
    if (rep.interrupted) std::cerr << "precision: interrupted; the reports hold what finished\n";
    return rep.interrupted ? 130 : 0;
}

int precision_command::run(const std::atomic<bool>& interrupted) const
{
    reject_empty_values(*app_, {{"--scalars", o_.scalars, "comma-separated scalar types (float ... mpfr:BITS)"},
                                {"--reference-bits", o_.reference_bits, "a number of bits in [16, 1048576]"},
                                {"--seeds", o_.seeds, "A..B with A <= B"},
                                {"--law-bits", o_.law_bits, "comma-separated numbers of bits in [16, 1048576]"},
                                {"--out", out_, "a file path"},
                                {"--out-dir", out_dir_, "a folder path"},
                                {"--write-golden", write_golden_, "a folder path"}});
    if (!write_golden_.empty()) return write_golden();
    const precision::precision_plan p = precision::make_plan(o_);
    // The configuration: the flags, or without --n in --law mode the built-in cases.
    const bool built_in_law = o_.law && !app_->count("--n") && !app_->count("--data");
    const run_config cfg = flags_.config();
    std::optional<prepared_run> prepared;
    if (!built_in_law) prepared = prepare(cfg, &interrupted);
    std::optional<atomic_file> out_file;
    open_outputs(out_file);
    const auto say = [this](const std::string& s, bool continued) {
        if (!quiet_) std::cerr << (continued ? "" : "precision: ") << s << std::flush;
    };
    const precision::precision_report rep = precision::run_precision(p, prepared, &interrupted, say);
    return finish(rep, p.figures, out_file);
}

} // namespace

std::unique_ptr<command> make_precision_command() { return std::make_unique<precision_command>(); }

} // namespace snae::cli
