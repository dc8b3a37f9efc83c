#include "snae/provenance.hpp"

#include <Eigen/Core>
#include <boost/version.hpp>
#include <gmp.h>
#include <mpfi.h>
#include <mpfr.h>

namespace snae {

namespace detail {
extern const char* const build_commit; // build_info.cpp, generated at every build
extern const bool build_dirty;
} // namespace detail

namespace {

std::string compiler_name()
{
#if defined(__clang__)
    return "clang " __clang_version__;
#elif defined(__GNUC__)
    return "g++ " __VERSION__;
#else
    return "unknown compiler";
#endif
}

provenance make()
{
    provenance p;
    p.version = SNAE_VERSION;
    p.commit = detail::build_commit;
    p.modified = detail::build_dirty;
    p.compiler = compiler_name();
    p.mpfr = mpfr_get_version();
    p.gmp = gmp_version;
    p.mpfi = mpfi_get_version();
    p.boost = std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "." +
              std::to_string(BOOST_VERSION % 100);
    p.eigen = std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
              std::to_string(EIGEN_MINOR_VERSION);
    return p;
}

} // namespace

const provenance& build_provenance()
{
    static const provenance p = make();
    return p;
}

nlohmann::json provenance_json()
{
    const provenance& p = build_provenance();
    return {{"version", p.version},
            {"commit", p.commit},
            {"modified", p.modified},
            {"compiler", p.compiler},
            {"libraries", {{"mpfr", p.mpfr}, {"gmp", p.gmp}, {"mpfi", p.mpfi}, {"boost", p.boost}, {"eigen", p.eigen}}}};
}

std::string provenance_line()
{
    const provenance& p = build_provenance();
    const std::string commit = p.commit == "unknown" ? "commit unknown" : "commit " + p.commit.substr(0, 12);
    return "snae " + p.version + " (" + commit + (p.modified ? ", modified" : "") + "); " + p.compiler + "; MPFR " + p.mpfr +
           ", GMP " + p.gmp + ", MPFI " + p.mpfi + ", Boost " + p.boost + ", Eigen " + p.eigen;
}

} // namespace snae
