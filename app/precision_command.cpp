// `snae precision`: flags -> prepared run -> lockstep comparisons -> reports.
#include "precision_command.hpp"

#include <compare.hpp>
#include <golden.hpp>
#include <report.hpp>

#include <snae/atomic_file.hpp>
#include <snae/errors.hpp>

#include <filesystem>
#include <iostream>
#include <sstream>

namespace snae::cli {

namespace {

long parse_bits(const std::string& flag, const std::string& text)
{
    const bool digits = !text.empty() && text.size() <= 7 && text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stol(text) < 16 || std::stol(text) > (1L << 20))
        throw input_error(flag, "expected a number of bits in [16, 1048576], got '" + text + "'");
    return std::stol(text);
}

std::vector<std::string> split(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) out.push_back(item);
    return out;
}

} // namespace

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
    app_->add_option("--write-golden", write_golden_, "regenerate the golden trajectories into DIR (tests/golden) and stop");
    app_->add_option("--golden-bits", golden_bits_, "MPFR bits of the golden trajectories")->default_str("2048");
    app_->add_flag("--quiet,-q", quiet_, "print nothing but errors");
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
    if (!write_golden_.empty()) {
        const long bits = parse_bits("--golden-bits", golden_bits_);
        std::error_code ec;
        std::filesystem::create_directories(write_golden_, ec);
        if (ec) throw input_error("--write-golden", "cannot create '" + write_golden_ + "': " + ec.message());
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

    const double threshold = [&] {
        char* end = nullptr;
        const double v = std::strtod(threshold_.c_str(), &end);
        if (threshold_.empty() || *end != '\0' || !(v > 0) || !std::isfinite(v))
            throw input_error("--threshold", "expected a decimal > 0, got '" + threshold_ + "'");
        return v;
    }();
    std::vector<scalar_spec> types;
    if (scalars_.empty()) {
        types = precision::default_types();
    } else {
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
    }
    const long ref_bits = reference_bits_.empty() ? precision::default_reference_bits(types) : parse_bits("--reference-bits", reference_bits_);
    for (const auto& t : types)
        if (t.bits() >= ref_bits)
            throw input_error("--reference-bits", std::to_string(ref_bits) + " is not above " + t.name() + "'s " + std::to_string(t.bits()) + " bits");
    std::optional<std::pair<std::uint64_t, std::uint64_t>> seed_range;
    if (!seeds_.empty()) {
        const auto dots = seeds_.find("..");
        const std::string a = seeds_.substr(0, dots), b = dots == std::string::npos ? a : seeds_.substr(dots + 2);
        const bool ok = !a.empty() && !b.empty() && a.size() < 19 && b.size() < 19 && a.find_first_not_of("0123456789") == std::string::npos &&
                        b.find_first_not_of("0123456789") == std::string::npos && std::stoull(a) <= std::stoull(b) &&
                        std::stoull(b) - std::stoull(a) < 100000;
        if (!ok) throw input_error("--seeds", "expected A..B with A <= B and at most 100000 seeds, got '" + seeds_ + "'");
        seed_range = std::make_pair(std::stoull(a), std::stoull(b));
    }
    std::vector<long> law_bits{64, 128, 256, 512, 1024};
    if (!law_bits_.empty()) {
        law_bits.clear();
        for (const auto& s : split(law_bits_)) law_bits.push_back(parse_bits("--law-bits", s));
    }
    const long law_ref = parse_bits("--law-reference-bits", law_reference_bits_);
    for (long b : law_bits)
        if (b >= law_ref) throw input_error("--law-bits", std::to_string(b) + " is not below --law-reference-bits " + std::to_string(law_ref));

    // The configuration: the flags, or without --n in --law mode the built-in cases.
    const bool built_in_law = law_ && !app_->count("--n") && !app_->count("--data");
    run_config cfg = flags_.config();
    std::optional<prepared_run> prepared;
    if (!built_in_law) prepared = prepare(cfg, &interrupted);
    // --out first: a bad --out must not leave a new --out-dir behind.
    if (!out_.empty())
        if (const std::string why = output_target_problem(out_); !why.empty()) throw input_error("--out", why);
    try {
        std::filesystem::create_directories(out_dir_);
        atomic_file probe(out_dir_ + "/.snae-write-test");
    } catch (const std::exception& e) {
        throw input_error("--out-dir", std::string("cannot write there: ") + e.what());
    }
    std::optional<atomic_file> out_file;
    if (!out_.empty()) try {
            out_file.emplace(out_);
        } catch (const std::exception& e) {
            throw input_error("--out", e.what());
        }

    precision::precision_report rep;
    rep.threshold = threshold;
    rep.config = prepared ? to_json(cfg) : nlohmann::json(nullptr);
    precision::compare_options opt;
    opt.reference_bits = ref_bits;
    opt.threshold = threshold;
    opt.interrupt = &interrupted;
    auto say = [&](const std::string& s) {
        if (!quiet_) std::cerr << "precision: " << s << std::flush;
    };

    if (law_) {
        rep.law_reference_bits = law_ref;
        std::vector<std::pair<std::string, run_config>> cases;
        if (built_in_law) {
            // GD and SGD (b = 1), relu, canonical n = d = 16, 200 steps: short
            // enough that no ReLU sign differs between the precisions compared.
            run_config gd;
            gd.n = 16;
            gd.d = 16;
            gd.eta = "4";
            gd.seed = 1;
            gd.steps = 200;
            run_config sgd = gd;
            sgd.batch = 1;
            sgd.eta = "0.4";
            cases = {{"gd", gd}, {"sgd", sgd}};
        } else {
            cases = {{"given", cfg}};
        }
        for (const auto& [name, c] : cases) {
            if (interrupted.load()) break;
            say("law " + name + " ...");
            const prepared_run p = prepared ? *prepared : prepare(c); // built-in cases read no file
            rep.law.push_back({name, to_json(c), precision::error_law(p, law_bits, law_ref, &interrupted)});
            say(" slope " + std::to_string(rep.law.back().law.slope) + "\n");
        }
    } else {
        rep.reference = "mpfr:" + std::to_string(ref_bits);
        for (const auto& t : types) {
            if (interrupted.load()) break; // types not started are not in the report
            say(t.name() + " ...");
            rep.types.push_back(precision::compare_type(*prepared, t, ref_bits, opt));
            say(" " + rep.types.back().status + "\n");
        }
        if (seed_range) {
            rep.seeds = seeds_;
            precision::compare_options quiet_opt = opt;
            quiet_opt.keep_series = false;
            for (const auto& t : types) rep.agreement.push_back({t.name(), 0, 0});
            for (std::uint64_t s = seed_range->first; s <= seed_range->second && !interrupted.load(); ++s) {
                prepared_run p = *prepared;
                p.config.seed = s;
                for (std::size_t k = 0; k < types.size(); ++k) {
                    const auto r = precision::compare_type(p, types[k], ref_bits, quiet_opt);
                    rep.agreement[k].same += r.same_selection() ? 1 : 0;
                    ++rep.agreement[k].seeds;
                }
                say("seed " + std::to_string(s) + " done\n");
            }
        }
    }
    rep.interrupted = interrupted.load();
    std::string note;
    const auto files = precision::write_reports(out_dir_, rep, note);
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

} // namespace snae::cli
