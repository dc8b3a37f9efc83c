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
#include <optional>
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

/// How a tolerance comparison gives its error and tolerance: as the values
/// (ratio = error/tolerance), or as their log2 (ratio = 2^(error -
/// tolerance)), for widths far below the smallest double.
enum class compared_as { value, log2 };

/// One comparison error <= tolerance, where it was made and its numbers
/// (doubles, as the check recorded them).
struct comparison {
    std::string precision; ///< the precision in force (tally::precision)
    std::string instance;  ///< the instance in force (tally::instance); empty if none was named
    std::string where;     ///< the check's own location: precision, instance and setting (eta, b, point)
    std::string quantity;  ///< what was compared, e.g. "L = (n-1)/(2n) on M"
    double error = 0, tolerance = 0, ratio = 0;
    compared_as scale = compared_as::value;
};

/// What one precision of a claim's ladder compared: how many comparisons
/// under a tolerance, how many exact conditions, and the worst comparison.
struct precision_summary {
    std::string precision;
    std::size_t tolerance_comparisons = 0, exact_conditions = 0;
    comparison worst; ///< meaningful only when tolerance_comparisons > 0
};

/// Collects comparisons: the worst error/tolerance ratio, overall and per
/// precision, and every failure.
class tally {
public:
    /// Records a comparison error <= tolerance made in the working type
    /// (see compare() in floating.hpp); `where` names instance and precision.
    void record(const std::string& where, const std::string& what, double ratio, bool ok, double error, double tolerance,
                compared_as scale = compared_as::value);
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
    /// Names the precision that the following comparisons are made in (and
    /// forgets the instance in force).
    void precision(const std::string& name);
    /// Names the instance that the following comparisons are about.
    void instance(const std::string& name);

    double worst_ratio = 0;       ///< of the tolerance comparisons; 0 when there were none
    std::string worst_where;      ///< "<where>: <what>" of the worst tolerance comparison
    comparison worst;             ///< the worst tolerance comparison (when tolerance_comparisons > 0)
    std::vector<std::string> failures;
    std::vector<std::string> failure_precisions; ///< the precision in force at each failure
    std::string current_precision, current_instance;
    nlohmann::json proven = nlohmann::json::array(); ///< certified claims: one entry per proven inequality
    std::vector<nlohmann::json> exports;             ///< certificates for --export, in the order proven
    std::vector<std::string> precisions, instances;
    std::vector<precision_summary> by_precision; ///< one per precision named, in the order named
    std::size_t comparisons = 0;           ///< every comparison: under a tolerance and exact conditions
    std::size_t tolerance_comparisons = 0; ///< record(): error <= tolerance
    std::size_t exact_conditions = 0;      ///< require(): conditions that must hold exactly
    /// Stop at the first failure (wrong-prediction runs: one failure is the answer).
    bool stop_at_first_failure = false;
    /// Checked at every comparison, precision and instance: when set, the
    /// check stops there (run_claim marks the result interrupted).
    const std::atomic<bool>* interrupt = nullptr;
    std::function<void(const std::string&)> on_precision;
    nlohmann::json details = nlohmann::json::object();

private:
    precision_summary& summary_here();
};

/// A statement written twice: plain text (terminal, Markdown, JSON) and
/// LaTeX text with inline maths (the .tex reports). Both say the same.
struct two_forms {
    std::string plain, latex;
};

struct claim_result {
    std::string id, name, statement;
    std::string statement_latex; ///< the statement in LaTeX (claim::statement_latex)
    bool pass = false;
    bool certified = false; ///< a certified claim: reported CERTIFIED / NOT CERTIFIED
    bool interrupted = false; ///< stopped by check_options::interrupt: neither passed nor failed
    std::vector<two_forms> hypotheses;
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
    std::string statement; ///< one line, plain text
    std::function<void(const check_options&, tally&)> run;
    /// A certified claim: every comparison is an enclosure statement proven
    /// in interval arithmetic (docs/certified.md), not a floating-point
    /// comparison under a tolerance.
    bool certified = false;
    /// The wrong predictions the check is tested against; the first is "coarse".
    std::vector<wrong_case> wrong = {};
    /// Certified claims: the hypotheses every certificate of the claim rests
    /// on, for the report's header (one line each).
    std::vector<two_forms> hypotheses = {};
    /// The statement in LaTeX (text mode, inline maths), for the .tex reports.
    std::string statement_latex = {};
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

/// The claims named by `ids`, in catalogue order (the certified catalogue
/// with `certified`); every claim without ids. Throws input_error("--claims")
/// naming an unknown id, or for an empty list, with the ids accepted.
std::vector<const claim*> select_claims(const std::optional<std::vector<std::string>>& ids, bool certified);

/// Runs the claims in order until opt.interrupt is set (those not started
/// are left out of the results); `started` and `finished`, when given, see
/// each claim begin and end (progress).
std::vector<claim_result> run_claims(const std::vector<const claim*>& selected, const check_options& opt,
                                     const std::function<void(const claim&)>& started = {},
                                     const std::function<void(const claim_result&)>& finished = {});

/// Whether r failed exactly as the wrong case w says: at least one failure,
/// every failure matching w.expect, and (w.every_precision) a failure at
/// every precision the run visited. Returns an empty string if so, else why not.
std::string unexpected_failures(const claim_result& r, const wrong_case& w);

/// The case named `name` of claim c, or nullptr.
const wrong_case* find_wrong_case(const claim& c, const std::string& name);

/// Writes verification.md, verification.tex and verification.json into dir
/// (certification.* with opt.certified), each atomically; returns the paths.
/// Their contents: docs/claims.md, "Running the checks".
std::vector<std::string> write_reports(const std::vector<claim_result>& results, const check_options& opt,
                                       const std::string& dir);

/// Writes one certificate file per exported certificate, <id>-<NNN>.json,
/// and index.json listing them, into dir (each atomically); returns the
/// number written.
std::size_t write_certificates(const std::vector<claim_result>& results, const std::string& dir);

/// The plain-text table printed by `snae verify`.
std::string text_table(const std::vector<claim_result>& results);

} // namespace snae::proofs_checks
