// Portable random numbers: the same seed gives the same bits on every
// platform, standard library and scalar type.
//
// Every draw starts from std::mt19937_64, whose output sequence the C++
// standard fixes. Nothing passes through std:: distributions (their results
// differ between standard libraries). Three independent streams come from one
// user seed, so that changing, say, the data source does not change w_0 or the
// batch sequence:
//     engine seed = splitmix64(seed XOR (0x9E3779B97F4A7C15 * stream)),
//     stream = 1 (data), 2 (initial point), 3 (batches).
// Transforms (docs/reproducibility.md):
//  - uniform index below m: rejection of raw outputs r < (2^64 - m) mod m,
//    then r mod m (exactly uniform);
//  - standard normal pair: Box-Muller from u1 = ((r1 >> 11) + 1) 2^-53 in
//    (0, 1] and u2 = (r2 >> 11) 2^-53 in [0, 1): sqrt(-2 ln u1) (cos, sin)(2 pi u2)
//    evaluated with correctly rounded 128-bit MPFR operations, multiplied by
//    the scale (also at 128 bits) and rounded once to the nearest double. The
//    cosine value comes first; an odd count drops the last sine value.
// The resulting doubles are exact in every supported type of at least 53
// bits; float and MPFR below 53 bits get the nearest value of their own.
#pragma once

#include "snae/scalar_traits.hpp"

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace snae {

enum class random_stream : std::uint64_t { data = 1, init = 2, batches = 3 };

std::uint64_t splitmix64(std::uint64_t x) noexcept;

class random_engine {
public:
    random_engine(std::uint64_t seed, random_stream stream);
    std::uint64_t next() { return gen_(); }
    /// Exactly uniform integer in [0, m), m >= 1.
    std::uint64_t below(std::uint64_t m);

private:
    std::mt19937_64 gen_;
};

/// `count` draws of scale * N(0, 1) as doubles (see the header comment).
/// `scale` is a decimal string read at 128 bits; it must be finite and > 0.
std::vector<double> gaussian_doubles(random_engine& eng, std::size_t count, const std::string& scale);

/// The default initialisation scale 1/sqrt(d), as a decimal string with
/// 40 significant digits (enough for the 128-bit computation above).
std::string default_init_scale(std::size_t d);

/// A start w_0 in T: d draws of scale * N(0, 1) from seed's init stream,
/// each rounded to T (from_double), so every type starts from the same
/// draws. `scale` as for gaussian_doubles.
template <class T>
std::vector<T> gaussian_start(std::size_t d, std::uint64_t seed, const std::string& scale)
{
    random_engine eng(seed, random_stream::init);
    std::vector<T> w;
    w.reserve(d);
    for (double z : gaussian_doubles(eng, d, scale)) w.push_back(from_double<T>(z));
    return w;
}

/// gaussian_start with the default scale 1/sqrt(d): w_0 ~ N(0, I/d), the
/// start `snae train` draws for a seed.
template <class T>
std::vector<T> gaussian_start(std::size_t d, std::uint64_t seed)
{
    return gaussian_start<T>(d, seed, default_init_scale(d));
}

} // namespace snae
