// One executable per claim: compiled once for each claim with SNAE_CLAIM set
// to its id (and SNAE_CERTIFIED for the certified catalogue). Exit status 0
// if the claim passes, 1 if it fails (the failing instances are printed), 2
// for a bad argument.
//   --full               larger instances and a longer precision ladder
//   --wrong-prediction   compare with the coarse wrong prediction (must fail)
//   --wrong-case NAME    compare with the named wrong prediction at the claim's resolution (must fail)
//   --expect-failure     with either of the two: exit 0 iff the claim failed exactly as the
//                        catalogue says that case must (every failure matches its pattern, and
//                        every precision rejects it where the case says so), else 1
//   --list-wrong-cases   print the claim's wrong cases and exit
#include "claims.hpp"

#include <cstring>
#include <iostream>

namespace {
const snae::claims::claim* find_claim()
{
#ifdef SNAE_CERTIFIED
    const auto& list = snae::claims::certified_catalogue();
#else
    const auto& list = snae::claims::catalogue();
#endif
    for (const auto& c : list)
        if (c.id == SNAE_CLAIM) return &c;
    return nullptr;
}

std::string case_names(const snae::claims::claim& c)
{
    std::string out;
    for (const auto& w : c.wrong) out += (out.empty() ? "" : ", ") + w.name;
    return out;
}
} // namespace

int main(int argc, char** argv)
{
    const auto* c = find_claim();
    if (!c) {
        std::cerr << "no claim " << SNAE_CLAIM << "\n";
        return 2;
    }
    snae::claims::check_options opt;
#ifdef SNAE_CERTIFIED
    opt.certified = true;
#endif
    bool expect = false;
    for (int k = 1; k < argc; ++k) {
        if (std::strcmp(argv[k], "--full") == 0) {
            opt.full = true;
        } else if (std::strcmp(argv[k], "--wrong-prediction") == 0) {
            opt.wrong_prediction = true;
            opt.wrong_case = "coarse";
        } else if (std::strcmp(argv[k], "--wrong-case") == 0 && k + 1 < argc) {
            opt.wrong_case = argv[++k];
            opt.wrong_prediction = opt.wrong_case == "coarse";
            if (!snae::claims::find_wrong_case(*c, opt.wrong_case)) {
                std::cerr << argv[0] << ": error: --wrong-case '" << opt.wrong_case << "' unknown; accepted: "
                          << case_names(*c) << "\n";
                return 2;
            }
        } else if (std::strcmp(argv[k], "--expect-failure") == 0) {
            expect = true;
        } else if (std::strcmp(argv[k], "--list-wrong-cases") == 0) {
            for (const auto& w : c->wrong) std::cout << w.name << ": " << w.perturbation << "\n";
            return 0;
        } else {
            std::cerr << argv[0] << ": error: unknown argument '" << argv[k]
                      << "'; accepted: --full, --wrong-prediction, --wrong-case NAME (" << case_names(*c)
                      << "), --expect-failure, --list-wrong-cases\n";
            return 2;
        }
    }
    const snae::claims::wrong_case* w = opt.wrong_case.empty() ? nullptr : snae::claims::find_wrong_case(*c, opt.wrong_case);
    if (expect && !w) {
        std::cerr << argv[0] << ": error: --expect-failure needs --wrong-prediction or --wrong-case NAME (" << case_names(*c)
                  << ")\n";
        return 2;
    }
    const auto r = snae::claims::run_claim(*c, opt);
    std::cout << snae::claims::text_table({r});
    if (!expect) return r.pass ? 0 : 1;
    const std::string why = snae::claims::unexpected_failures(r, *w);
    if (why.empty()) {
        std::cout << c->id << " rejected the wrong prediction '" << w->name << "' as expected (" << w->perturbation << ")\n";
        return 0;
    }
    std::cout << c->id << " wrong prediction '" << w->name << "': " << why << "\n";
    return 1;
}
