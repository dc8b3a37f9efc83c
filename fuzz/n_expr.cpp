// The n-expressions of snae sweep (INT, n, n+INT, INT*n, n/INT, n-INT):
// the input's first four lines are the comma-separated tokens of --n, --d,
// --batch and --steps (at most 3 tokens each, so that a grid stays small),
// expanded into the grid of one seed.
#include "harness.hpp"

#include <grid.hpp>

#include <sstream>

namespace {
std::vector<std::string> tokens(const std::string& line)
{
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string t;
    while (out.size() < 3 && std::getline(ss, t, ',')) out.push_back(t);
    return out;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::stringstream in(std::string(reinterpret_cast<const char*>(data), size));
    std::string line[4];
    for (auto& l : line) std::getline(in, l);
    return snae::fuzz::expect_accepted_or_refused([&] {
        snae::sweep::sweep_config c;
        c.seed_count = 1;
        c.n = tokens(line[0]);
        if (!line[1].empty()) c.d = tokens(line[1]);
        if (!line[2].empty()) c.batch = tokens(line[2]);
        if (!line[3].empty()) c.steps = tokens(line[3]);
        snae::sweep::expand(c);
    });
}
