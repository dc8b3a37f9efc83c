// Which snae produced an output: its version, the git commit it was built
// from, the compiler, and the versions of the libraries that did the
// arithmetic. Every configuration echo and report header carries it, so a
// table in a paper can be traced to the build that computed it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace snae {

struct provenance {
    std::string version;  ///< the project version, "0.1.0"
    std::string commit;   ///< the 40-hex git commit built, or "unknown" outside a checkout
    bool modified = false; ///< tracked files differed from that commit when it was built
    std::string compiler; ///< e.g. "g++ 12.2.0"
    /// MPFR, GMP and MPFI as the loaded libraries report them (run time);
    /// Boost and Eigen, header-only, as compiled in.
    std::string mpfr, gmp, mpfi, boost, eigen;
};

/// This build's provenance (computed once).
const provenance& build_provenance();

/// {"commit", "compiler", "libraries": {"boost", "eigen", "gmp", "mpfi",
/// "mpfr"}, "modified", "version"}: the object written as "provenance" in
/// JSON outputs and configuration echoes.
nlohmann::json provenance_json();

/// One line for report headers and `snae --version`:
/// "snae 0.1.0 (commit 5ac8130d2e41, modified); g++ 12.2.0; MPFR 4.2.0,
/// GMP 6.2.1, MPFI 1.5.3, Boost 1.74.0, Eigen 3.4.0".
std::string provenance_line();

} // namespace snae
