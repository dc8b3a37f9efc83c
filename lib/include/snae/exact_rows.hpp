// Whether rows given as decimal numbers are exactly orthonormal, decided in
// rational arithmetic (GMP): the decimals are rationals, so <x_i, x_j> =
// delta_ij can be checked without rounding. Interval runs on such file data
// may then use the closed forms of snae/model.hpp (their boxes enclose the
// exact decimal rows; docs/certified.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace snae {

/// true iff the n rows of d decimals (row-major) satisfy <x_i, x_j> = delta_ij
/// exactly. A token this reader does not take as a plain decimal
/// ([sign] digits [. digits] [e|E [sign] digits], exponent within +-4096)
/// answers false: the caller then treats the rows as approximate, which is
/// always sound.
bool decimals_exactly_orthonormal(std::size_t n, std::size_t d, const std::vector<std::string>& tokens);

} // namespace snae
