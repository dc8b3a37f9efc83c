// The trainer's names for its enums, and the one out-of-line throw of the
// sign decisions.
#include "snae/trainer.hpp"

namespace snae {

std::string to_string(run_status s)
{
    switch (s) {
    case run_status::converged: return "converged";
    case run_status::max_steps: return "max_steps";
    case run_status::diverged: return "diverged";
    case run_status::dead: return "dead";
    case run_status::undecidable: return "undecidable";
    case run_status::interrupted: return "interrupted";
    }
    return "?";
}

std::string to_string(tol_kind k)
{
    switch (k) {
    case tol_kind::distance: return "distance";
    case tol_kind::gradient: return "gradient";
    case tol_kind::sample_gradient: return "sample-gradient";
    }
    return "?";
}

namespace detail {
void throw_undecidable(const char* what) { throw undecidable_sign(what); }
} // namespace detail

std::string to_string(update_rule u) { return u == update_rule::scaled ? "scaled" : "reference"; }

} // namespace snae
