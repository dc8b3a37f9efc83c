// One executable per claim: compiled once for each claim with SNAE_CLAIM set
// to its id (and SNAE_CERTIFIED for the certified catalogue). Exit status 0 if the claim passes, 1 if it fails (the failing
// instances are printed), 2 for a bad argument.
//   --full              larger instances and a longer precision ladder
//   --wrong-prediction  compare with a deliberately wrong prediction (must fail)
#include "claims.hpp"

#include <cstring>
#include <iostream>

int main(int argc, char** argv)
{
    snae::claims::check_options opt;
    for (int k = 1; k < argc; ++k) {
        if (std::strcmp(argv[k], "--full") == 0) opt.full = true;
        else if (std::strcmp(argv[k], "--wrong-prediction") == 0) opt.wrong_prediction = true;
        else {
            std::cerr << argv[0] << ": error: unknown argument '" << argv[k] << "'; accepted: --full, --wrong-prediction\n";
            return 2;
        }
    }
#ifdef SNAE_CERTIFIED
    opt.certified = true;
    const auto& list = snae::claims::certified_catalogue();
#else
    const auto& list = snae::claims::catalogue();
#endif
    for (const auto& c : list)
        if (c.id == SNAE_CLAIM) {
            const auto r = snae::claims::run_claim(c, opt);
            std::cout << snae::claims::text_table({r});
            return r.pass ? 0 : 1;
        }
    std::cerr << "no claim " << SNAE_CLAIM << "\n";
    return 2;
}
