// One executable per claim: compiled once for each row of claim_list.hpp
// with SNAE_CLAIM set to the claim's name (check_<name>). Exit status 0 if
// the claim passes, 1 if it fails (the failing instances are printed), 2 for
// a bad argument.
//   --full               larger instances and a longer precision ladder
//   --wrong-prediction   compare with the coarse wrong prediction (must fail)
//   --wrong-case NAME    compare with the named wrong prediction at the claim's resolution (must fail)
//   --expect-failure     with either of the two: exit 0 iff the claim failed exactly as the
//                        catalogue says that case must (every failure matches its pattern, and
//                        every precision rejects it where the case says so), else 1
//   --list-wrong-cases   print the claim's wrong cases and exit
#include "claims.hpp"

#include <snae/text.hpp>

#include <cstring>
#include <iostream>

namespace pc = snae::proofs_checks;

namespace {
const pc::claim* find_claim(const std::string& name)
{
    for (const auto* list : {&pc::catalogue(), &pc::certified_catalogue()})
        for (const auto& c : *list)
            if (c.name == name) return &c;
    return nullptr;
}

std::string case_names(const pc::claim& c)
{
    std::vector<std::string> names;
    for (const auto& w : c.wrong) names.push_back(w.name);
    return snae::join(names, ", ");
}

struct arguments {
    pc::check_options opt;
    bool expect = false, list = false;
};

/// The options, or an error message naming the argument (exit status 2).
std::string parse(const pc::claim& c, int argc, char** argv, arguments& a)
{
    a.opt.certified = c.certified;
    for (int k = 1; k < argc; ++k) {
        const std::string arg = argv[k];
        if (arg == "--full") {
            a.opt.full = true;
        } else if (arg == "--wrong-prediction") {
            a.opt.wrong_prediction = true;
            a.opt.wrong_case = "coarse";
        } else if (arg == "--wrong-case" && k + 1 < argc) {
            a.opt.wrong_case = argv[++k];
            a.opt.wrong_prediction = a.opt.wrong_case == "coarse";
            if (!pc::find_wrong_case(c, a.opt.wrong_case))
                return "--wrong-case '" + a.opt.wrong_case + "' unknown; accepted: " + case_names(c);
        } else if (arg == "--expect-failure") {
            a.expect = true;
        } else if (arg == "--list-wrong-cases") {
            a.list = true;
            return "";
        } else {
            return "unknown argument '" + arg + "'; accepted: --full, --wrong-prediction, --wrong-case NAME (" +
                   case_names(c) + "), --expect-failure, --list-wrong-cases";
        }
    }
    if (a.expect && a.opt.wrong_case.empty())
        return "--expect-failure needs --wrong-prediction or --wrong-case NAME (" + case_names(c) + ")";
    return "";
}

/// Runs the wrong case w, which must fail exactly as the catalogue says.
int expect_failure(const pc::claim& c, const pc::check_options& opt, const pc::wrong_case& w)
{
    const auto r = pc::run_claim(c, opt);
    std::cout << pc::text_table({r});
    const std::string why = pc::unexpected_failures(r, w);
    if (why.empty()) {
        std::cout << c.id << " rejected the wrong prediction '" << w.name << "' as expected (" << w.perturbation << ")\n";
        return 0;
    }
    std::cout << c.id << " wrong prediction '" << w.name << "': " << why << "\n";
    return 1;
}
} // namespace

int main(int argc, char** argv)
{
    const auto* c = find_claim(SNAE_CLAIM);
    if (!c) {
        std::cerr << "no claim " << SNAE_CLAIM << "\n";
        return 2;
    }
    arguments a;
    if (const std::string error = parse(*c, argc, argv, a); !error.empty()) {
        std::cerr << argv[0] << ": error: " << error << "\n";
        return 2;
    }
    if (a.list) {
        for (const auto& w : c->wrong) std::cout << w.name << ": " << w.perturbation << "\n";
        return 0;
    }
    if (a.expect) return expect_failure(*c, a.opt, *pc::find_wrong_case(*c, a.opt.wrong_case));
    const auto r = pc::run_claim(*c, a.opt);
    std::cout << pc::text_table({r});
    return r.pass ? 0 : 1;
}
