#include "claims.hpp"

#include <snae/atomic_file.hpp>
#include <snae/text.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <sstream>

namespace snae::proofs_checks {

namespace {
struct first_failure {};
struct stopped_by_interrupt {};

void stop_if_interrupted(const std::atomic<bool>* interrupt)
{
    if (interrupt && interrupt->load(std::memory_order_relaxed)) throw stopped_by_interrupt{};
}

/// Numbers in messages and reports: three significant digits.
std::string fmt(double x) { return format_number(x, "%.3g"); }
} // namespace

void tally::record(const std::string& where, const std::string& what, double ratio, bool ok, double err, double tol)
{
    stop_if_interrupted(interrupt);
    ++comparisons;
    if (!(ratio <= worst_ratio) || worst_where.empty()) {
        if (!(ratio <= worst_ratio)) worst_ratio = ratio;
        worst_where = where + ": " + what;
    }
    if (!ok) {
        failures.push_back(where + ": " + what + ": error " + fmt(err) + " > tolerance " + fmt(tol));
        failure_precisions.push_back(current_precision);
        if (stop_at_first_failure) throw first_failure{};
    }
}

void tally::require(const std::string& where, const std::string& what, bool ok)
{
    stop_if_interrupted(interrupt);
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
    if (on_precision) on_precision(name);
    if (std::find(precisions.begin(), precisions.end(), name) == precisions.end()) precisions.push_back(name);
}

void tally::instance(const std::string& name)
{
    stop_if_interrupted(interrupt);
    if (std::find(instances.begin(), instances.end(), name) == instances.end()) instances.push_back(name);
}

claim_result run_claim(const claim& c, const check_options& opt)
{
    claim_result r;
    r.id = c.id;
    r.name = c.name;
    r.statement = c.statement;
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

namespace {
std::size_t exact_count(const claim_result& r)
{
    std::size_t k = 0;
    for (const auto& p : r.t.proven) k += p.value("level", "") == "EXACT" ? 1 : 0;
    return k;
}

/// The verdict, with the number of statements proven EXACT beside it.
std::string result_text(const claim_result& r)
{
    const std::size_t k = exact_count(r);
    return verdict(r) + (r.pass && k > 0 ? " + " + std::to_string(k) + " EXACT" : "");
}
} // namespace

std::string text_table(const std::vector<claim_result>& results)
{
    std::ostringstream o;
    char line[512];
    std::snprintf(line, sizeof line, "%-4s %-66s %5s %5s %11s  %s\n", "", "claim", "inst", "prec", "worst e/tol", "result");
    o << line;
    for (const auto& r : results) {
        std::string st = r.statement.size() > 66 ? r.statement.substr(0, 63) + "..." : r.statement;
        std::snprintf(line, sizeof line, "%-4s %-66s %5zu %5zu %11s  %s\n", r.id.c_str(), st.c_str(), r.t.instances.size(),
                      r.t.precisions.size(), fmt(r.t.worst_ratio).c_str(), result_text(r).c_str());
        o << line;
        for (std::size_t k = 0; k < r.t.failures.size() && k < 5; ++k) o << "       " << r.t.failures[k] << "\n";
        if (r.t.failures.size() > 5) o << "       ... " << r.t.failures.size() - 5 << " more failures\n";
    }
    return o.str();
}

namespace {
bool all_pass(const std::vector<claim_result>& results)
{
    bool all = true;
    for (const auto& r : results) all = all && r.pass;
    return all;
}

bool any_interrupted(const std::vector<claim_result>& results)
{
    for (const auto& r : results)
        if (r.interrupted) return true;
    return false;
}

std::string overall(const std::vector<claim_result>& results, const check_options& opt)
{
    if (any_interrupted(results)) return "INTERRUPTED (only the claims marked PASS or CERTIFIED below finished)";
    if (all_pass(results)) return opt.certified ? "CERTIFIED" : "PASS";
    return opt.certified ? "NOT CERTIFIED" : "FAIL";
}

/// The title, what the report says, and (certified) each claim's hypotheses.
void write_markdown_intro(std::ostream& m, const std::vector<claim_result>& results, const check_options& opt)
{
    if (opt.certified)
        m << "# snae certification report\n\n"
          << "Each claim is certified in interval arithmetic (MPFI): every statement is an enclosure statement proven "
             "for the stated instances, resting on the correct rounding of MPFR and MPFI. CERTIFIED means every bound "
             "was established; NOT CERTIFIED names each bound that could not be. \"worst e/tol\" is the largest "
             "enclosure width divided by the width the claim allows. What is and is not proven: docs/certified.md.\n\n";
    else
        m << "# snae verification report\n\n"
          << "Each claim is checked by running the generic trainer and comparing with the closed form at every precision "
             "listed; \"worst e/tol\" is the largest observed error divided by its tolerance (a claim passes when every "
             "ratio is at most 1 and every exact condition holds). Statements, derivations and tolerances: docs/claims.md.\n\n";
    if (!opt.certified) return;
    m << "Hypotheses of each certificate (every proven inequality below also lists its own instance's):\n\n";
    for (const auto& r : results) {
        m << "- " << r.id << " " << r.name << ":\n";
        for (const auto& h : r.hypotheses) m << "  - " << h << "\n";
    }
    m << "\n";
}

/// One claim's section: instances, precisions, worst ratio, what was proven, observations, failures.
void write_markdown_claim(std::ostream& m, const claim_result& r)
{
    m << "## " << r.id << " " << r.name << "\n\n" << r.statement << "\n\n"
      << "- instances: " << join(r.t.instances, "; ") << "\n"
      << "- precisions: " << join(r.t.precisions, ", ") << "\n"
      << "- comparisons: " << r.t.comparisons << ", worst error/tolerance " << fmt(r.t.worst_ratio) << " at "
      << r.t.worst_where << "\n"
      << "- time: " << format_number(r.seconds, "%.2f") << " s\n";
    if (!r.t.proven.empty()) {
        m << "- proven (" << r.t.proven.size() << " inequalities; hypotheses per instance in the JSON report):\n";
        for (const auto& p : r.t.proven)
            m << "  - " << p.at("instance").get<std::string>() << ": " << p.at("proven").get<std::string>() << "\n";
    }
    if (!r.t.details.empty()) m << "- observations:\n\n```json\n" << r.t.details.dump(1) << "\n```\n";
    for (const auto& f : r.t.failures) m << "- FAILED: " << f << "\n";
    m << "\n";
}

void write_markdown(const std::vector<claim_result>& results, const check_options& opt, const std::string& md)
{
    atomic_file fm(md);
    auto& m = fm.stream();
    write_markdown_intro(m, results, opt);
    m << "Mode: " << (opt.full ? "full" : "default") << (opt.wrong_prediction ? " (WRONG PREDICTIONS: every claim must fail)" : "")
      << ". Overall: " << overall(results, opt) << ".\n\n"
      << "| claim | statement | instances | precisions | worst e/tol | result |\n|---|---|---|---|---|---|\n";
    for (const auto& r : results)
        m << "| " << r.id << " | " << md_cell(r.statement) << " | " << r.t.instances.size() << " | " << join(r.t.precisions, ", ")
          << " | " << fmt(r.t.worst_ratio) << " | " << result_text(r) << " |\n";
    m << "\n";
    for (const auto& r : results) write_markdown_claim(m, r);
    fm.commit();
}

/// Certified reports: after the table, each claim's hypotheses and, per
/// instance, the inequality proven (the JSON has each instance's own
/// hypotheses too).
void write_tex_proven(std::ostream& t, const std::vector<claim_result>& results)
{
    t << "% Per claim: the hypotheses, then each inequality proven, per instance.\n";
    for (const auto& r : results) {
        t << "\\paragraph{" << r.id << " (" << tex_escape(r.name) << ")}\nHypotheses:\n\\begin{itemize}\n";
        for (const auto& h : r.hypotheses) t << "\\item " << tex_escape(h) << "\n";
        t << "\\end{itemize}\nProven" << (r.t.proven.empty() ? ": nothing.\n" : ":\n\\begin{itemize}\n");
        for (const auto& p : r.t.proven)
            t << "\\item " << tex_escape(p.at("instance").get<std::string>()) << ": "
              << tex_escape(p.at("proven").get<std::string>()) << "\n";
        if (!r.t.proven.empty()) t << "\\end{itemize}\n";
    }
}

void write_tex(const std::vector<claim_result>& results, const check_options& opt, const std::string& tex)
{
    atomic_file ft(tex);
    auto& t = ft.stream();
    t << "% snae " << (opt.certified ? "certification" : "verification") << " report (booktabs); \\input this file in a document that loads booktabs.\n"
      << "% Precisions: " << (results.empty() ? "" : join(results.front().t.precisions, ", ")) << "\n";
    for (const auto& r : results)
        for (const auto& h : r.hypotheses) t << "% " << r.id << " hypothesis: " << h << "\n";
    t << "\\begin{tabular}{lp{0.5\\linewidth}rrrl}\n\\toprule\nClaim & Statement & Inst. & Prec. & Worst $e/\\mathrm{tol}$ & Result \\\\\n\\midrule\n";
    for (const auto& r : results)
        t << r.id << " & " << tex_escape(r.statement) << " & " << r.t.instances.size() << " & " << r.t.precisions.size()
          << " & " << fmt(r.t.worst_ratio) << " & " << result_text(r) << " \\\\\n";
    t << "\\bottomrule\n\\end{tabular}\n";
    if (opt.certified) write_tex_proven(t, results);
    ft.commit();
}

void write_json(const std::vector<claim_result>& results, const check_options& opt, const std::string& js)
{
    const bool all = all_pass(results);
    nlohmann::json j;
    j["mode"] = opt.full ? "full" : "default";
    j["certified"] = opt.certified;
    j["wrong_prediction"] = opt.wrong_prediction;
    j["pass"] = all;
    j["interrupted"] = any_interrupted(results);
    j["claims"] = nlohmann::json::array();
    for (const auto& r : results) {
        nlohmann::json c;
        c["id"] = r.id;
        c["name"] = r.name;
        c["statement"] = r.statement;
        c["pass"] = r.pass;
        c["certified_claim"] = r.certified;
        c["result"] = verdict(r);
        c["exact_statements"] = exact_count(r);
        c["interrupted"] = r.interrupted;
        c["instances"] = r.t.instances;
        c["precisions"] = r.t.precisions;
        c["comparisons"] = r.t.comparisons;
        c["worst_ratio"] = r.t.worst_ratio;
        c["worst_where"] = r.t.worst_where;
        c["failures"] = r.t.failures;
        c["details"] = r.t.details;
        if (r.certified) {
            c["hypotheses"] = r.hypotheses;
            c["proven"] = r.t.proven;
        }
        c["seconds"] = r.seconds;
        j["claims"].push_back(c);
    }
    atomic_file fj(js);
    fj.stream() << j.dump(2) << "\n";
    fj.commit();
}
} // namespace

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
    index.stream() << nlohmann::json{{"format", "snae-certificate-index"}, {"version", 1}, {"files", files}}.dump(1) << "\n";
    index.commit();
    return files.size();
}

std::vector<std::string> write_reports(const std::vector<claim_result>& results, const check_options& opt,
                                       const std::string& dir)
{
    std::filesystem::create_directories(dir);
    const std::string base = dir + (opt.certified ? "/certification" : "/verification");
    const std::string md = base + ".md", tex = base + ".tex", js = base + ".json";
    write_markdown(results, opt, md);
    write_tex(results, opt, tex);
    write_json(results, opt, js);
    return {md, tex, js};
}

} // namespace snae::proofs_checks
