// The claims catalogue: one check per claim of the theory (docs/claims.md).
// Every check runs the generic trainer (never the closed form) over a ladder
// of precisions and several instances, and compares what it computed with the
// closed-form prediction under a tolerance K u (times steps where errors
// accumulate) stated in docs/claims.md. A check fails when any observed error
// exceeds its tolerance or any exact condition does not hold.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace snae::claims {

struct check_options {
    bool full = false;             ///< larger instances and a longer ladder
    bool wrong_prediction = false; ///< compare with a deliberately wrong prediction (must fail)
    bool certified = false;        ///< the certified catalogue (interval arithmetic), reports named certification.*
    /// Called as each precision of the ladder starts (progress display); may be empty.
    std::function<void(const std::string& precision)> progress;
};

/// Collects comparisons: the worst error/tolerance ratio and every failure.
class tally {
public:
    /// Records a comparison error <= tolerance made in the working type
    /// (see compare() in instance.hpp); `where` names instance and precision.
    void record(const std::string& where, const std::string& what, double ratio, bool ok, double error, double tolerance);
    /// Records a condition that must hold exactly.
    void require(const std::string& where, const std::string& what, bool ok);
    void precision(const std::string& name);
    void instance(const std::string& name);

    double worst_ratio = 0;
    std::string worst_where;
    std::vector<std::string> failures;
    std::vector<std::string> precisions, instances;
    std::size_t comparisons = 0;
    /// Stop at the first failure (wrong-prediction runs: one failure is the answer).
    bool stop_at_first_failure = false;
    std::function<void(const std::string&)> on_precision;
    nlohmann::json details = nlohmann::json::object();
};

struct claim_result {
    std::string id, name, statement;
    bool pass = false;
    bool certified = false; ///< a certified claim: reported CERTIFIED / NOT CERTIFIED
    tally t;
    double seconds = 0;
};

struct claim {
    std::string id;        ///< "C1" ... "C11"
    std::string name;      ///< file and anchor name, e.g. "minimum"
    std::string statement; ///< one line
    std::function<void(const check_options&, tally&)> run;
    /// A certified claim: every comparison is an enclosure statement proven
    /// in interval arithmetic (docs/certified.md), not a floating-point
    /// comparison under a tolerance.
    bool certified = false;
};

/// Every claim, in order C1 .. C11.
const std::vector<claim>& catalogue();

/// The certified claims (C1, C3, C4 in interval arithmetic), in order.
const std::vector<claim>& certified_catalogue();

/// "PASS" / "FAIL", or "CERTIFIED" / "NOT CERTIFIED" for a certified claim.
std::string verdict(const claim_result& r);

/// Runs one claim and times it.
claim_result run_claim(const claim& c, const check_options& opt);

/// Writes verification.md, verification.tex and verification.json into dir
/// (each atomically); returns the paths.
std::vector<std::string> write_reports(const std::vector<claim_result>& results, const check_options& opt,
                                       const std::string& dir);

/// The plain-text table printed by `snae verify`.
std::string text_table(const std::vector<claim_result>& results);

} // namespace snae::claims
