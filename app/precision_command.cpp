// `snae precision`: flags -> prepared run -> lockstep comparisons -> reports.
#include "command.hpp"
#include "flag_values.hpp"
#include "run_flags.hpp"

#include <compare.hpp>
#include <golden.hpp>
#include <report.hpp>

#include <snae/atomic_file.hpp>
#include <snae/errors.hpp>

#include <cmath>
#include <filesystem>
#include <iostream>

namespace snae::cli {

namespace {

using seed_range = std::pair<std::uint64_t, std::uint64_t>;

/// What the flags ask beyond the run itself, checked before any work.
struct precision_plan {
    double threshold = 0;
    std::vector<scalar_spec> types;
    long reference_bits = 0;
    std::optional<seed_range> seeds;
    std::vector<long> law_bits;
    long law_reference_bits = 0;
    plot::figure_options figures;
};

/// GD and SGD (b = 1), relu, canonical n = d = 16, 200 steps: short enough
/// that no ReLU sign differs between the precisions compared.
std::vector<std::pair<std::string, run_config>> built_in_law_cases()
{
    run_config gd;
    gd.n = 16;
    gd.d = 16;
    gd.eta = "4";
    gd.seed = 1;
    gd.steps = 200;
    run_config sgd = gd;
    sgd.batch = 1;
    sgd.eta = "0.4";
    return {{"gd", gd}, {"sgd", sgd}};
}

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
    precision_plan plan() const;
    double threshold() const;
    std::vector<scalar_spec> types() const;
    std::optional<seed_range> seeds() const;
    std::vector<long> law_bits() const;
    void open_outputs(std::optional<atomic_file>& out_file) const;
    void run_law(precision::precision_report& rep, const precision_plan& p, const run_config& cfg,
                 const std::optional<prepared_run>& prepared, const std::atomic<bool>& interrupted) const;
    void run_types(precision::precision_report& rep, const precision_plan& p, const prepared_run& prepared,
                   const precision::compare_options& opt) const;
    void run_seeds(precision::precision_report& rep, const precision_plan& p, const prepared_run& prepared,
                   const precision::compare_options& opt) const;
    int finish(const precision::precision_report& rep, const plot::figure_options& figures, std::optional<atomic_file>& out_file) const;
    /// Progress on stderr; `continued` ends the line that an earlier call began.
    void say(const std::string& s, bool continued = false) const
    {
        if (!quiet_) std::cerr << (continued ? "" : "precision: ") << s << std::flush;
    }

    run_flags flags_;
    std::string scalars_, reference_bits_, threshold_ = "1e-6", out_, out_dir_ = "reports/precision", seeds_, law_bits_,
        law_reference_bits_ = "4096", write_golden_, golden_bits_ = "2048", figure_format_ = plot::default_figure_format,
        figure_size_ = plot::default_figure_size, figure_titles_ = plot::default_figure_titles;
    bool law_ = false, quiet_ = false;
};

void precision_command::attach(CLI::App& parent)
{
    app_ = parent.add_subcommand("precision", "Run one configuration in every scalar type and in an MPFR reference, step by step "
                                              "with the same data, w_0 and batches, and report how far each type drifts.");
    flags_.attach(*app_, false);
    app_->add_option("--scalars", scalars_, "comma-separated types to compare (default float,double,long_double,float128,"
                                            "cpp_bin_float_50,cpp_bin_float_100,mpfr:256)");
    app_->add_option("--reference-bits", reference_bits_, "bits of the MPFR reference, in [16, 2^20] (default: 4 x the widest type, at least 1024)");
    app_->add_option("--threshold", threshold_, "relative deviation whose first crossing is reported, decimal > 0")->default_str("1e-6");
    app_->add_flag("--law", law_, "fit the slope of log2(deviation) against bits for MPFR at --law-bits against --law-reference-bits "
                                  "(without --n: a built-in GD case and SGD case)");
    app_->add_option("--law-bits", law_bits_, "bits for --law (default 64,128,256,512,1024)");
    app_->add_option("--law-reference-bits", law_reference_bits_, "reference bits for --law")->default_str("4096");
    app_->add_option("--seeds", seeds_, "A..B: rerun for each seed and report, per type, the fraction selecting the reference's k");
    app_->add_option("--out", out_, "also write the JSON report to FILE");
    app_->add_option("--out-dir", out_dir_, "folder for precision.{md,tex,json} and figures/")->default_str("reports/precision");
    app_->add_option("--figure-format", figure_format_, plot::figure_format_help)->default_str(plot::default_figure_format);
    app_->add_option("--figure-size", figure_size_, plot::figure_size_help)->default_str(plot::default_figure_size);
    app_->add_option("--figure-titles", figure_titles_, plot::figure_titles_help)->default_str(plot::default_figure_titles);
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

double precision_command::threshold() const
{
    char* end = nullptr;
    const double v = std::strtod(threshold_.c_str(), &end);
    if (threshold_.empty() || *end != '\0' || !(v > 0) || !std::isfinite(v))
        throw input_error("--threshold", "expected a decimal > 0, got '" + shown(threshold_) + "'");
    return v;
}

std::vector<scalar_spec> precision_command::types() const
{
    if (scalars_.empty()) return precision::default_types();
    std::vector<scalar_spec> types;
    for (const auto& s : split(scalars_)) try {
            types.push_back(parse_scalar_spec(s));
        } catch (const std::exception& e) {
            throw input_error("--scalars", e.what());
        }
    if (types.empty()) throw input_error("--scalars", "empty list; expected comma-separated scalar types");
    for (const auto& t : types)
        if (t.is_interval())
            throw input_error("--scalars", "'" + t.name() + "': intervals (mpfi:BITS) are accepted by snae train only; "
                                           "expected point types (float ... mpfr:BITS)");
    return types;
}

std::optional<seed_range> precision_command::seeds() const
{
    if (seeds_.empty()) return std::nullopt;
    const auto dots = seeds_.find("..");
    const std::string a = seeds_.substr(0, dots), b = dots == std::string::npos ? a : seeds_.substr(dots + 2);
    const auto first = digits_value(a, 18), last = digits_value(b, 18);
    if (!first || !last || *first > *last || *last - *first >= 100000)
        throw input_error("--seeds", "expected A..B with A <= B and at most 100000 seeds, got '" + shown(seeds_) + "'");
    return seed_range{*first, *last};
}

std::vector<long> precision_command::law_bits() const
{
    std::vector<long> bits{64, 128, 256, 512, 1024};
    if (!law_bits_.empty()) {
        bits.clear();
        for (const auto& s : split(law_bits_)) bits.push_back(parse_bits("--law-bits", s));
    }
    return bits;
}

precision_plan precision_command::plan() const
{
    precision_plan p;
    p.threshold = threshold();
    p.types = types();
    p.reference_bits = reference_bits_.empty() ? precision::default_reference_bits(p.types) : parse_bits("--reference-bits", reference_bits_);
    for (const auto& t : p.types)
        if (t.bits() >= p.reference_bits)
            throw input_error("--reference-bits", std::to_string(p.reference_bits) + " is not above " + t.name() + "'s " +
                                                      std::to_string(t.bits()) + " bits");
    p.seeds = seeds();
    p.law_bits = law_bits();
    p.law_reference_bits = parse_bits("--law-reference-bits", law_reference_bits_);
    for (long b : p.law_bits)
        if (b >= p.law_reference_bits)
            throw input_error("--law-bits", std::to_string(b) + " is not below --law-reference-bits " + std::to_string(p.law_reference_bits));
    p.figures = plot::parse_figure_options(figure_format_, figure_size_, figure_titles_);
    return p;
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

/// The error law of the given run, or without one of the built-in cases.
void precision_command::run_law(precision::precision_report& rep, const precision_plan& p, const run_config& cfg,
                                const std::optional<prepared_run>& prepared, const std::atomic<bool>& interrupted) const
{
    rep.law_reference_bits = p.law_reference_bits;
    const auto cases = prepared ? std::vector<std::pair<std::string, run_config>>{{"given", cfg}} : built_in_law_cases();
    for (const auto& [name, c] : cases) {
        if (interrupted.load()) break;
        say("law " + name + " ...");
        const prepared_run run = prepared ? *prepared : prepare(c); // built-in cases read no file
        rep.law.push_back({name, to_json(c), precision::error_law(run, p.law_bits, p.law_reference_bits, &interrupted)});
        say(" slope " + std::to_string(rep.law.back().law.slope) + "\n", true);
    }
}

void precision_command::run_types(precision::precision_report& rep, const precision_plan& p, const prepared_run& prepared,
                                  const precision::compare_options& opt) const
{
    rep.reference = "mpfr:" + std::to_string(p.reference_bits);
    for (const auto& t : p.types) {
        if (opt.interrupt->load()) break; // types not started are not in the report
        say(t.name() + " ...");
        rep.types.push_back(precision::compare_type(prepared, t, p.reference_bits, opt));
        say(" " + rep.types.back().status + "\n", true);
    }
}

/// Per type, how many of the seeds select the reference's coordinate.
void precision_command::run_seeds(precision::precision_report& rep, const precision_plan& p, const prepared_run& prepared,
                                  const precision::compare_options& opt) const
{
    rep.seeds = seeds_;
    precision::compare_options quiet_opt = opt;
    quiet_opt.keep_series = false;
    for (const auto& t : p.types) rep.agreement.push_back({t.name(), 0, 0});
    for (std::uint64_t s = p.seeds->first; s <= p.seeds->second && !opt.interrupt->load(); ++s) {
        prepared_run run = prepared;
        run.config.seed = s;
        for (std::size_t k = 0; k < p.types.size(); ++k) {
            const auto r = precision::compare_type(run, p.types[k], p.reference_bits, quiet_opt);
            rep.agreement[k].same += r.same_selection() ? 1 : 0;
            ++rep.agreement[k].seeds;
        }
        say("seed " + std::to_string(s) + " done\n");
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
    reject_empty_values(*app_, {{"--scalars", scalars_, "comma-separated scalar types (float ... mpfr:BITS)"},
                                {"--reference-bits", reference_bits_, "a number of bits in [16, 1048576]"},
                                {"--seeds", seeds_, "A..B with A <= B"},
                                {"--law-bits", law_bits_, "comma-separated numbers of bits in [16, 1048576]"},
                                {"--out", out_, "a file path"},
                                {"--out-dir", out_dir_, "a folder path"},
                                {"--write-golden", write_golden_, "a folder path"}});
    if (!write_golden_.empty()) return write_golden();
    const precision_plan p = plan();
    // The configuration: the flags, or without --n in --law mode the built-in cases.
    const bool built_in_law = law_ && !app_->count("--n") && !app_->count("--data");
    const run_config cfg = flags_.config();
    std::optional<prepared_run> prepared;
    if (!built_in_law) prepared = prepare(cfg, &interrupted);
    std::optional<atomic_file> out_file;
    open_outputs(out_file);

    precision::precision_report rep;
    rep.threshold = p.threshold;
    rep.config = prepared ? to_json(cfg) : nlohmann::json(nullptr);
    precision::compare_options opt;
    opt.reference_bits = p.reference_bits;
    opt.threshold = p.threshold;
    opt.interrupt = &interrupted;
    if (law_) {
        run_law(rep, p, cfg, prepared, interrupted);
    } else {
        run_types(rep, p, *prepared, opt);
        if (p.seeds) run_seeds(rep, p, *prepared, opt);
    }
    rep.interrupted = interrupted.load();
    return finish(rep, p.figures, out_file);
}

} // namespace

std::unique_ptr<command> make_precision_command() { return std::make_unique<precision_command>(); }

} // namespace snae::cli
