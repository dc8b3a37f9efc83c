// The certified claims catalogue: C1, C3 and C4 in interval arithmetic
// (docs/certified.md says what each proves).
#include "../claims.hpp"

namespace snae::claims {

namespace certified {
void check_minimum(const check_options&, tally&);
void check_hessian(const check_options&, tally&);
void check_gd_recurrence(const check_options&, tally&);
} // namespace certified

const std::vector<claim>& certified_catalogue()
{
    static const std::vector<claim> list = {
        {"C1", "certified-minimum",
         "at an enclosed point of M the enclosure of L contains (n-1)/(2n); off M (radially by 2^-8) it lies above",
         certified::check_minimum, true},
        {"C3", "certified-hessian",
         "at an enclosed point of M: exactly 1 eigenvalue within 2^-200 of 4/n, d-k of 1/n, k-1 of 0 (512 bits)",
         certified::check_hessian, true},
        {"C4", "certified-gd-recurrence",
         "GD: trajectory and two-number recurrence enclosures overlap at every step; certified distance <= 2^-(p/2)",
         certified::check_gd_recurrence, true},
    };
    return list;
}

} // namespace snae::claims
