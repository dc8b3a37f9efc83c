#include "run.hpp"

#include <snae/errors.hpp>
#include <snae/text.hpp>

#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace snae::precision {

namespace {

double read_threshold(const std::string& text)
{
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(v > 0) || !std::isfinite(v))
        throw input_error("--threshold", "expected a decimal > 0, got '" + shown(text) + "'");
    return v;
}

/// The comma-separated items of `text`, empty ones included.
std::vector<std::string> items(const std::string& text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        out.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

std::vector<scalar_spec> read_types(const std::string& text)
{
    if (text.empty()) return default_types();
    std::vector<scalar_spec> types;
    for (const auto& s : items(text)) try {
            types.push_back(parse_scalar_spec(s));
        } catch (const std::exception& e) {
            throw input_error("--scalars", e.what());
        }
    for (const auto& t : types)
        if (t.is_interval())
            throw input_error("--scalars", "'" + t.name() + "': intervals (mpfi:BITS) are accepted by snae train only; "
                                           "expected point types (float ... mpfr:BITS)");
    return types;
}

std::optional<seed_range> read_seeds(const std::string& text)
{
    if (text.empty()) return std::nullopt;
    const auto dots = text.find("..");
    const std::string a = text.substr(0, dots), b = dots == std::string::npos ? a : text.substr(dots + 2);
    const auto first = digits_value(a, 18), last = digits_value(b, 18);
    if (!first || !last || *first > *last || *last - *first >= 100000)
        throw input_error("--seeds", "expected A..B with A <= B and at most 100000 seeds, got '" + shown(text) + "'");
    return seed_range{*first, *last};
}

std::vector<long> read_law_bits(const std::string& text)
{
    std::vector<long> bits{64, 128, 256, 512, 1024};
    if (!text.empty()) {
        bits.clear();
        for (const auto& s : items(text)) bits.push_back(parse_bits("--law-bits", s));
    }
    return bits;
}

/// The error law of the given run, or without one of the built-in cases.
void run_law(precision_report& rep, const precision_plan& p, const std::optional<prepared_run>& prepared,
             const std::atomic<bool>* interrupt, const say_fn& say)
{
    rep.law_reference_bits = p.law_reference_bits;
    const auto cases = prepared ? std::vector<std::pair<std::string, run_config>>{{"given", prepared->config}} : built_in_law_cases();
    for (const auto& [name, c] : cases) {
        if (interrupt && interrupt->load()) break;
        say("law " + name + " ...", false);
        const prepared_run run = prepared ? *prepared : prepare(c); // built-in cases read no file
        rep.law.push_back({name, to_json(c), error_law(run, p.law_bits, p.law_reference_bits, interrupt)});
        say(" slope " + std::to_string(rep.law.back().law.slope) + "\n", true);
    }
}

void run_types(precision_report& rep, const precision_plan& p, const prepared_run& prepared, const compare_options& opt,
               const say_fn& say)
{
    rep.reference = "mpfr:" + std::to_string(p.reference_bits);
    for (const auto& t : p.types) {
        if (opt.interrupt && opt.interrupt->load()) break; // types not started are not in the report
        say(t.name() + " ...", false);
        rep.types.push_back(compare_type(prepared, t, p.reference_bits, opt));
        say(" " + rep.types.back().status + "\n", true);
    }
}

/// Per type, how many of the seeds select the reference's coordinate.
void run_seeds(precision_report& rep, const precision_plan& p, const prepared_run& prepared, const compare_options& opt,
               const say_fn& say)
{
    rep.seeds = p.seeds_text;
    compare_options quiet_opt = opt;
    quiet_opt.keep_series = false;
    for (const auto& t : p.types) rep.agreement.push_back({t.name(), 0, 0});
    for (std::uint64_t s = p.seeds->first; s <= p.seeds->second && !(opt.interrupt && opt.interrupt->load()); ++s) {
        prepared_run run = prepared;
        run.config.seed = s;
        for (std::size_t k = 0; k < p.types.size(); ++k) {
            const auto r = compare_type(run, p.types[k], p.reference_bits, quiet_opt);
            rep.agreement[k].same += r.same_selection() ? 1 : 0;
            ++rep.agreement[k].seeds;
        }
        say("seed " + std::to_string(s) + " done\n", false);
    }
}

} // namespace

precision_plan make_plan(const precision_options& o)
{
    precision_plan p;
    p.threshold = read_threshold(o.threshold);
    p.types = read_types(o.scalars);
    p.reference_bits = o.reference_bits.empty() ? default_reference_bits(p.types) : parse_bits("--reference-bits", o.reference_bits);
    for (const auto& t : p.types)
        if (t.bits() >= p.reference_bits)
            throw input_error("--reference-bits", std::to_string(p.reference_bits) + " is not above " + t.name() + "'s " +
                                                      std::to_string(t.bits()) + " bits");
    p.seeds = read_seeds(o.seeds);
    p.seeds_text = o.seeds;
    p.law = o.law;
    p.law_bits = read_law_bits(o.law_bits);
    p.law_reference_bits = parse_bits("--law-reference-bits", o.law_reference_bits);
    for (long b : p.law_bits)
        if (b >= p.law_reference_bits)
            throw input_error("--law-bits", std::to_string(b) + " is not below --law-reference-bits " + std::to_string(p.law_reference_bits));
    p.figures = plot::parse_figure_options(o.figure_format, o.figure_size, o.figure_titles);
    return p;
}

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

precision_report run_precision(const precision_plan& plan, const std::optional<prepared_run>& prepared,
                               const std::atomic<bool>* interrupt, const say_fn& say_given)
{
    const say_fn say = say_given ? say_given : [](const std::string&, bool) {};
    precision_report rep;
    rep.threshold = plan.threshold;
    rep.config = prepared ? to_json(prepared->config) : nlohmann::json(nullptr);
    compare_options opt;
    opt.reference_bits = plan.reference_bits;
    opt.threshold = plan.threshold;
    opt.interrupt = interrupt;
    if (plan.law) {
        run_law(rep, plan, prepared, interrupt, say);
    } else {
        if (!prepared) throw std::invalid_argument("run_precision: comparing types needs a run");
        run_types(rep, plan, *prepared, opt, say);
        if (plan.seeds) run_seeds(rep, plan, *prepared, opt, say);
    }
    rep.interrupted = interrupt && interrupt->load();
    return rep;
}

} // namespace snae::precision
