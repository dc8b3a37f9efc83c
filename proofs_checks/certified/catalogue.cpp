// The certified claims catalogue: C1, C3 and C4 in interval arithmetic
// (docs/certified.md says what each proves). Each statement is the
// inequality that is proven, not the theorem it is an instance of.
#include "../claims.hpp"

namespace snae::claims {

namespace certified {
void check_minimum(const check_options&, tally&);
void check_hessian(const check_options&, tally&);
void check_gd_recurrence(const check_options&, tally&);
} // namespace certified

namespace {
/// What every certificate rests on, for the report's header.
std::vector<std::string> common_hypotheses()
{
    return {"data: canonical x_i = e_i (exact), or the rows of Q = I - 2 v v^T/(v^T v), v = (1, ..., d): exactly "
            "orthonormal rationals, each entry enclosed at the working precision",
            "w0: the d doubles snae train draws for the instance's seed (N(0, I/d)), taken exactly",
            "arithmetic: MPFR's correct rounding and MPFI's outward rounding, as those libraries document"};
}
} // namespace

const std::vector<claim>& certified_catalogue()
{
    static const std::vector<claim> list = [] {
        std::vector<claim> l = {
            {"C1", "certified-minimum",
             "at an enclosed w* in M: |L(w*) - (n-1)/(2n)| <= width of the L(w*) enclosure (<= 8(n+d)u); "
             "L((1 +- 2^-8) w*) > (n-1)/(2n)",
             certified::check_minimum, true,
             {{"coarse", "predicted minimum (n-2)/(2n) instead of (n-1)/(2n)",
               R"(^C1: mpfi:\d+ .*: L\(w\*\) enclosure \S+ contains \(n-2\)/\(2n\) does not hold$)"},
              {"fine", "predicted minimum (n-1)/(2n) + 2^-100 (every precision must exclude it)",
               R"(^C1: mpfi:\d+ .*: L\(w\*\) enclosure \S+ contains \(n-1\)/\(2n\) \+ 2\^-100 does not hold$)", true}}},
            {"C3", "certified-hessian",
             "at an enclosed w* in M, H = Hessian of the active-branch piece (sigma'(0) = 0): exactly 1 eigenvalue "
             "within r = 2^-200 of 4/n, d-k within r of 1/n, k-1 within r of 0 (513 bits)",
             certified::check_hessian, true,
             {{"coarse", "top eigenvalue predicted at 3/n",
               R"(^C3: mpfi:\d+ .*: cluster 3/n: 0 eigenvalues within 2\^-\d+, predicted 1 does not hold$)"},
              {"centre", "top eigenvalue predicted at 4/n + 2^-150 (2^50 radii off)",
               R"(^C3: mpfi:\d+ .*: cluster 4/n \+ 2\^-150: 0 eigenvalues within 2\^-\d+, predicted 1 does not hold$)", true},
              {"multiplicities", "multiplicities (d-k+1, k-2) for the clusters 1/n and 0",
               R"(^C3: mpfi:\d+ .*: (cluster (1/n|0): \d+ eigenvalues within 2\^-\d+, predicted \d+|the predicted multiplicities sum to \d+, not d = \d+) does not hold$)",
               true}}},
            {"C4", "certified-gd-recurrence",
             "GD, every t <= T (all T planned steps): ||w_t - (alpha_t P w0 + beta_t (w0 - P w0))||_inf <= eps_t, "
             "max eps_t <= 2^-(p/2)",
             certified::check_gd_recurrence, true,
             {{"coarse", "off-support factor 1 - h N in place of 1 - h S",
               R"(^C4: mpfi:\d+ .*: trajectory and recurrence enclosures overlap at step \d+ does not hold$)"},
              {"eta", "the recurrence (only) run with eta + 2^-100",
               R"(^C4: mpfi:\d+ .*: trajectory and recurrence enclosures overlap at step \d+ does not hold$)"},
              {"unstable-eta", "relu at eta = 5n/2, where the recurrence's factors are not positive: fewer than T steps "
                               "compared must not certify",
               R"(^C4: mpfi:\d+ relu .*: all T = \d+ planned steps compared \(the recurrence factors are not certainly positive at step \d+\) does not hold$)",
               true}}},
        };
        l[0].hypotheses = common_hypotheses();
        l[0].hypotheses.push_back("w*: sum_i m_i x_i / ||m|| with dyadic m_i >= 0 (relu), so c_i(w*) = m_i/||m|| exactly and w* "
                                  "lies on M; L evaluated per sample with w*'s exact active set");
        l[1].hypotheses = common_hypotheses();
        l[1].hypotheses.push_back("w* as in C1; H is the Hessian of (1/n) sum_{i : c_i(w*) > 0} l_i (relu: at samples with "
                                  "c_i(w*) = 0 the convention sigma'(0) = 0); r = 2^-200 at 513 bits (2^-400 at 1025 with --full)");
        l[2].hypotheses = common_hypotheses();
        l[2].hypotheses.push_back("eta: the decimals 0.3 and n/4, exactly (enclosed); full batch; T and P(w0) per instance; every "
                                  "ReLU sign along the run decided on its box, so the kink is never met");
        return l;
    }();
    return list;
}

} // namespace snae::claims
