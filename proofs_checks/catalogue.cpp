// The two catalogues, floating and certified, built from the rows of
// claim_list.hpp in order; each claim's wrong predictions with the failure
// each must cause (docs/claims.md, "Wrong predictions").
#include "claim_list.hpp"
#include "claims.hpp"

#include <stdexcept>

namespace snae::proofs_checks {

void check_minimum(const check_options&, tally&);
void check_dead_region(const check_options&, tally&);
void check_hessian(const check_options&, tally&);
void check_gd_recurrence(const check_options&, tally&);
void check_gd_limit(const check_options&, tally&);
void check_gd_rate(const check_options&, tally&);
void check_stability(const check_options&, tally&);
void check_sgd_sparsity(const check_options&, tally&);
void check_sharpness(const check_options&, tally&);
void check_alignment(const check_options&, tally&);
void check_rotation(const check_options&, tally&);

namespace certified {
void check_minimum(const check_options&, tally&);
void check_hessian(const check_options&, tally&);
void check_gd_recurrence(const check_options&, tally&);
void check_gd_limit(const check_options&, tally&);
void check_gd_rate(const check_options&, tally&);
void check_stability(const check_options&, tally&);
void check_sgd_sparsity(const check_options&, tally&);
} // namespace certified

namespace {
// WRONG rows: a case at the claim's resolution must be rejected at every
// precision of the ladder; the coarse one stops at its first failure.
constexpr bool every_precision = true, any_precision = false;

// The parts of the expect regexes that two rows share.
const std::string c1_value = R"(^C1: .*: L = \(n-1\)/\(2n\) on M: error)";
const std::string c2_value = R"(^C2: .*: L = 1/2 in the dead region: error)";
const std::string c3_spectrum = R"(eigenvalues \{0 x \(k-1\), 1/n x \(d-k\), 4/n\})";
const std::string c4_trajectory = R"(^C4: .*: trajectory = alpha_t P w0 \+ beta_t \(w0 - P w0\) \(worst step [0-9]+\): error)";
const std::string c5_limit = R"(^C5: .*: w_T = P w0 / \|\|P w0\|\|: error)";
const std::string c6_rate = R"(^C6: .*: contraction rate = max\(\|1-4eta/n\|, \|1-eta/n\|\): error)";
const std::string c10_sgd = R"(\|cos\(w_SGD, w0\)\| = \|c_k\(w0\)\|/\|\|w0\|\|, k from the recurrence: error)";
const std::string c11_trajectory = R"(^C11: .*: rotated trajectory = Q x canonical trajectory \(100 steps\): error)";

/// What every certificate rests on, for the report's header, before the claim's own hypotheses.
std::vector<two_forms> common_hypotheses()
{
    return {{"data: canonical x_i = e_i (exact), or the rows of Q = I - 2 v v^T/(v^T v), v = (1, ..., d): exactly "
             "orthonormal rationals, each entry enclosed at the working precision",
             R"(data: canonical $x_i = e_i$ (exact), or the rows of $Q = I - 2 v v^\top/(v^\top v)$, $v = (1, \dots, d)$: )"
             "exactly orthonormal rationals, each entry enclosed at the working precision"},
            {"w0: the d doubles snae train draws for the instance's seed (N(0, I/d)), taken exactly",
             R"($w_0$: the $d$ doubles \texttt{snae train} draws for the instance's seed ($\mathcal{N}(0, I/d)$), taken exactly)"},
            {"arithmetic: MPFR's correct rounding and MPFI's outward rounding, as those libraries document",
             "arithmetic: MPFR's correct rounding and MPFI's outward rounding, as those libraries document"}};
}

claim& named(std::vector<claim>& list, const std::string& name)
{
    for (auto& c : list)
        if (c.name == name) return c;
    throw std::logic_error("claim_list.hpp: no claim named " + name);
}

/// Every row of claim_list.hpp, floating and certified claims together.
std::vector<claim> all_claims()
{
    std::vector<claim> l;
#define SNAE_ADD_CLAIM(id, name, check, statement, latex) l.push_back({id, name, statement, check, false, {}, {}, latex});
#define SNAE_ADD_CERTIFIED(id, name, check, statement, latex) \
    l.push_back({id, name, statement, check, true, {}, common_hypotheses(), latex});
#define SNAE_ADD_WRONG(name, case_name, precisions, perturbation, expect) \
    named(l, name).wrong.push_back({case_name, perturbation, expect, precisions});
#define SNAE_ADD_HYPOTHESIS(name, text, latex) named(l, name).hypotheses.push_back({text, latex});
    SNAE_CLAIM_LIST(SNAE_ADD_CLAIM, SNAE_ADD_CERTIFIED, SNAE_ADD_WRONG, SNAE_ADD_HYPOTHESIS)
#undef SNAE_ADD_CLAIM
#undef SNAE_ADD_CERTIFIED
#undef SNAE_ADD_WRONG
#undef SNAE_ADD_HYPOTHESIS
    return l;
}

std::vector<claim> with_certified(bool certified)
{
    std::vector<claim> out;
    for (auto& c : all_claims())
        if (c.certified == certified) out.push_back(std::move(c));
    return out;
}
} // namespace

const std::vector<claim>& catalogue()
{
    static const std::vector<claim> list = with_certified(false);
    return list;
}

const std::vector<claim>& certified_catalogue()
{
    static const std::vector<claim> list = with_certified(true);
    return list;
}

} // namespace snae::proofs_checks
