// The claims framework: the tally of comparisons, running a claim and its
// verdict, whether a wrong case failed as it must, and the export of
// certificates. The reports are written by claims_report.cpp.
#include "claims.hpp"

#include <snae/atomic_file.hpp>
#include <snae/errors.hpp>
#include <snae/provenance.hpp>
#include <snae/text.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <regex>

namespace snae::proofs_checks {

namespace {
struct first_failure {};
struct stopped_by_interrupt {};

void stop_if_interrupted(const std::atomic<bool>* interrupt)
{
    if (interrupt && interrupt->load(std::memory_order_relaxed)) throw stopped_by_interrupt{};
}

/// Numbers in failure messages: three significant digits.
std::string fmt(double x) { return format_number(x, "%.3g"); }
} // namespace

precision_summary& tally::summary_here()
{
    for (auto& s : by_precision)
        if (s.precision == current_precision) return s;
    by_precision.emplace_back();
    by_precision.back().precision = current_precision;
    return by_precision.back();
}

namespace {
/// Whether a comparison of ratio `ratio` replaces the worst so far: the
/// first does; then a larger ratio, or a NaN (a non-finite error) where the
/// worst is a number. Ties keep the first.
bool is_worse(double ratio, std::size_t seen_before, double worst)
{
    if (seen_before == 0) return true;
    if (std::isnan(worst)) return false;
    return std::isnan(ratio) || ratio > worst;
}
} // namespace

void tally::record(const std::string& where, const std::string& what, double ratio, bool ok, double err, double tol,
                   compared_as scale)
{
    stop_if_interrupted(interrupt);
    const comparison c{current_precision, current_instance, where, what, err, tol, ratio, scale};
    precision_summary& here = summary_here();
    if (is_worse(ratio, here.tolerance_comparisons, here.worst.ratio)) here.worst = c;
    ++here.tolerance_comparisons;
    if (is_worse(ratio, tolerance_comparisons, worst.ratio)) {
        worst = c;
        worst_ratio = ratio;
        worst_where = where + ": " + what;
    }
    ++tolerance_comparisons;
    ++comparisons;
    if (!ok) {
        failures.push_back(where + ": " + what + ": error " + fmt(err) + " > tolerance " + fmt(tol));
        failure_precisions.push_back(current_precision);
        if (stop_at_first_failure) throw first_failure{};
    }
}

void tally::require(const std::string& where, const std::string& what, bool ok)
{
    stop_if_interrupted(interrupt);
    ++summary_here().exact_conditions;
    ++exact_conditions;
    ++comparisons;
    if (!ok) {
        failures.push_back(where + ": " + what + " does not hold");
        failure_precisions.push_back(current_precision);
        if (stop_at_first_failure) throw first_failure{};
    }
}

void tally::prove(const std::string& where, const std::string& inequality, const nlohmann::json& hypotheses,
                  const nlohmann::json& certificate, const std::string& level)
{
    proven.push_back({{"instance", where}, {"precision", current_precision}, {"level", level}, {"proven", inequality},
                      {"hypotheses", hypotheses}});
    if (!certificate.is_null()) proven.back()["certificate"] = certificate;
}

void tally::export_certificate(nlohmann::json certificate) { exports.push_back(std::move(certificate)); }

void tally::precision(const std::string& name)
{
    stop_if_interrupted(interrupt);
    current_precision = name;
    current_instance.clear();
    if (on_precision) on_precision(name);
    if (std::find(precisions.begin(), precisions.end(), name) == precisions.end()) precisions.push_back(name);
    summary_here();
}

void tally::instance(const std::string& name)
{
    stop_if_interrupted(interrupt);
    current_instance = name;
    if (std::find(instances.begin(), instances.end(), name) == instances.end()) instances.push_back(name);
}

claim_result run_claim(const claim& c, const check_options& opt)
{
    claim_result r;
    r.id = c.id;
    r.name = c.name;
    r.statement = c.statement;
    r.statement_latex = c.statement_latex;
    r.certified = c.certified;
    r.hypotheses = c.hypotheses;
    const auto start = std::chrono::steady_clock::now();
    r.t.stop_at_first_failure = opt.wrong_prediction;
    r.t.on_precision = opt.progress;
    r.t.interrupt = opt.interrupt;
    try {
        c.run(opt, r.t);
    } catch (const first_failure&) {
        // recorded already
    } catch (const stopped_by_interrupt&) {
        r.interrupted = true;
    } catch (const std::exception& e) {
        r.t.failures.push_back(std::string("the check stopped: ") + e.what());
        r.t.failure_precisions.push_back(r.t.current_precision);
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.pass = !r.interrupted && r.t.failures.empty() && r.t.comparisons > 0;
    if (r.interrupted) return r;
    if (r.t.comparisons == 0) {
        r.t.failures.push_back("no comparison was made");
        r.t.failure_precisions.push_back(r.t.current_precision);
    }
    return r;
}

std::vector<const claim*> select_claims(const std::optional<std::vector<std::string>>& ids, bool certified)
{
    const auto& all = certified ? certified_catalogue() : catalogue();
    std::vector<const claim*> selected;
    if (!ids) {
        for (const auto& c : all) selected.push_back(&c);
        return selected;
    }
    std::vector<std::string> known;
    for (const auto& c : all) known.push_back(c.id);
    for (const auto& w : *ids)
        if (!w.empty() && std::find(known.begin(), known.end(), w) == known.end())
            throw input_error("--claims", "unknown claim '" + shown(w) + "'" + (certified ? " with --certified" : "") +
                                              "; expected ids among " + join(known, ","));
    for (const auto& c : all)
        if (std::find(ids->begin(), ids->end(), c.id) != ids->end()) selected.push_back(&c);
    if (selected.empty()) throw input_error("--claims", "no claim selected; expected ids among " + join(known, ","));
    return selected;
}

std::vector<claim_result> run_claims(const std::vector<const claim*>& selected, const check_options& opt,
                                     const std::function<void(const claim&)>& started,
                                     const std::function<void(const claim_result&)>& finished)
{
    std::vector<claim_result> results;
    for (const auto* c : selected) {
        if (opt.interrupt && opt.interrupt->load()) break; // the claims not started are not in the reports
        if (started) started(*c);
        results.push_back(run_claim(*c, opt));
        if (finished) finished(results.back());
    }
    return results;
}

const wrong_case* find_wrong_case(const claim& c, const std::string& name)
{
    for (const auto& w : c.wrong)
        if (w.name == name) return &w;
    return nullptr;
}

std::string unexpected_failures(const claim_result& r, const wrong_case& w)
{
    if (r.pass || r.t.failures.empty()) return "the claim did not fail";
    const std::regex re(w.expect, std::regex::ECMAScript);
    for (const auto& f : r.t.failures)
        if (!std::regex_search(r.id + ": " + f, re))
            return "a failure does not match the expected /" + w.expect + "/: " + r.id + ": " + f;
    if (w.every_precision)
        for (const auto& p : r.t.precisions)
            if (std::find(r.t.failure_precisions.begin(), r.t.failure_precisions.end(), p) == r.t.failure_precisions.end())
                return "precision " + p + " did not reject the wrong prediction";
    return "";
}

std::string verdict(const claim_result& r)
{
    if (r.interrupted) return "INTERRUPTED";
    if (r.certified) return r.pass ? "CERTIFIED" : "NOT CERTIFIED";
    return r.pass ? "PASS" : "FAIL";
}

std::size_t write_certificates(const std::vector<claim_result>& results, const std::string& dir)
{
    std::filesystem::create_directories(dir);
    nlohmann::json files = nlohmann::json::array();
    for (const auto& r : results)
        for (std::size_t k = 0; k < r.t.exports.size(); ++k) {
            char name[64];
            std::snprintf(name, sizeof name, "%s-%03zu.json", r.id.c_str(), k + 1);
            nlohmann::json c = {{"format", "snae-certificate"}, {"version", 1}, {"claim", r.id}, {"name", r.name}};
            c.update(r.t.exports[k]);
            atomic_file f(dir + "/" + name);
            f.stream() << c.dump(1) << "\n";
            f.commit();
            files.push_back(name);
        }
    atomic_file index(dir + "/index.json");
    // The index names the build that proved them; the checker needs none of it.
    index.stream() << nlohmann::json{{"format", "snae-certificate-index"}, {"version", 1}, {"files", files}, {"provenance", provenance_json()}}.dump(1)
                   << "\n";
    index.commit();
    return files.size();
}

} // namespace snae::proofs_checks
