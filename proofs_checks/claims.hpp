// The claims catalogue: one check per claim of the theory (docs/claims.md),
// each written once in claim_list.hpp.
// Every check runs the generic trainer (never the closed form) over a ladder
// of precisions and several instances, and compares what it computed with the
// closed-form prediction under a tolerance K u (times steps where errors
// accumulate) stated in docs/claims.md. A check fails when any observed error
// exceeds its tolerance or any exact condition does not hold.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace snae::proofs_checks {

struct check_options {
    bool full = false;             ///< larger instances and a longer ladder
    bool wrong_prediction = false; ///< the coarse wrong prediction (about 1/n off; must fail)
    /// A named wrong prediction at the claim's own resolution (claim::wrong,
    /// e.g. "fine"); empty for none. wrong_prediction is the case "coarse".
    std::string wrong_case;
    bool certified = false;        ///< the certified catalogue (interval arithmetic), reports named certification.*
    /// Called as each precision of the ladder starts (progress display); may be empty.
    std::function<void(const std::string& precision)> progress;
    /// Set (by a signal handler) to stop: the check ends at its next
    /// comparison and its result is marked interrupted. May be null.
    const std::atomic<bool>* interrupt = nullptr;
};

/// Collects comparisons: the worst error/tolerance ratio and every failure.
class tally {
public:
    /// Records a comparison error <= tolerance made in the working type
    /// (see compare() in floating.hpp); `where` names instance and precision.
    void record(const std::string& where, const std::string& what, double ratio, bool ok, double error, double tolerance);
    /// Records a condition that must hold exactly.
    void require(const std::string& where, const std::string& what, bool ok);
    /// Records what a certified check proved for one instance: the exact
    /// inequality (with its bound written out) and the hypotheses it rests on
    /// (data and how they are enclosed, eta, w0, the kink convention,
    /// precision). Only statements that hold are recorded here.
    /// `certificate` (for-all-t claims): what the proof found, e.g. T, R,
    /// rho, k; recorded under that key when not null.
    /// `level`: "CERTIFIED" (interval enclosures) or "EXACT" (rational
    /// arithmetic, no rounding at all).
    void prove(const std::string& where, const std::string& inequality, const nlohmann::json& hypotheses,
               const nlohmann::json& certificate = nullptr, const std::string& level = "CERTIFIED");
    /// Records a certificate for export (docs/certificates.md): level, kind,
    /// statement, exact instance and proof; write_certificates adds the claim.
    void export_certificate(nlohmann::json certificate);
    void precision(const std::string& name);
    void instance(const std::string& name);

    double worst_ratio = 0;
    std::string worst_where;
    std::vector<std::string> failures;
    std::vector<std::string> failure_precisions; ///< the precision in force at each failure
    std::string current_precision;
    nlohmann::json proven = nlohmann::json::array(); ///< certified claims: one entry per proven inequality
    std::vector<nlohmann::json> exports;             ///< certificates for --export, in the order proven
    std::vector<std::string> precisions, instances;
    std::size_t comparisons = 0;
    /// Stop at the first failure (wrong-prediction runs: one failure is the answer).
    bool stop_at_first_failure = false;
    /// Checked at every comparison, precision and instance: when set, the
    /// check stops there (run_claim marks the result interrupted).
    const std::atomic<bool>* interrupt = nullptr;
    std::function<void(const std::string&)> on_precision;
    nlohmann::json details = nlohmann::json::object();
};

struct claim_result {
    std::string id, name, statement;
    bool pass = false;
    bool certified = false; ///< a certified claim: reported CERTIFIED / NOT CERTIFIED
    bool interrupted = false; ///< stopped by check_options::interrupt: neither passed nor failed
    std::vector<std::string> hypotheses;
    tally t;
    double seconds = 0;
};

/// A deliberately wrong prediction and the failure it must cause: the
/// negative tests assert this failure, not merely a non-zero exit.
struct wrong_case {
    std::string name;         ///< "coarse" is --wrong-prediction; others are run by --wrong-case NAME
    std::string perturbation; ///< what is changed, in words (docs and --list-wrong-cases)
    std::string expect;       ///< ECMAScript regex that every failure ("<id>: <message>") must match
    /// Every precision of the ladder must reject it (at least one failure each).
    bool every_precision = false;
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
    /// The wrong predictions the check is tested against; the first is "coarse".
    std::vector<wrong_case> wrong = {};
    /// Certified claims: the hypotheses every certificate of the claim rests
    /// on, for the report's header (one line each).
    std::vector<std::string> hypotheses = {};
};

/// Every claim, in order C1 .. C11.
const std::vector<claim>& catalogue();

/// The certified claims (C1, C3 to C8 in interval arithmetic), in order.
const std::vector<claim>& certified_catalogue();

/// "PASS" / "FAIL", or "CERTIFIED" / "NOT CERTIFIED" for a certified claim;
/// "INTERRUPTED" for a claim stopped before it finished.
std::string verdict(const claim_result& r);

/// Runs one claim and times it.
claim_result run_claim(const claim& c, const check_options& opt);

/// Whether r failed exactly as the wrong case w says: at least one failure,
/// every failure matching w.expect, and (w.every_precision) a failure at
/// every precision the run visited. Returns an empty string if so, else why not.
std::string unexpected_failures(const claim_result& r, const wrong_case& w);

/// The case named `name` of claim c, or nullptr.
const wrong_case* find_wrong_case(const claim& c, const std::string& name);

/// Writes verification.md, verification.tex and verification.json into dir
/// (each atomically); returns the paths.
std::vector<std::string> write_reports(const std::vector<claim_result>& results, const check_options& opt,
                                       const std::string& dir);

/// Writes one certificate file per exported certificate, <id>-<NNN>.json,
/// and index.json listing them, into dir (each atomically); returns the
/// number written.
std::size_t write_certificates(const std::vector<claim_result>& results, const std::string& dir);

/// The plain-text table printed by `snae verify`.
std::string text_table(const std::vector<claim_result>& results);

} // namespace snae::proofs_checks
