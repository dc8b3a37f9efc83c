#include "flag_values.hpp"

#include <snae/atomic_file.hpp>
#include <snae/errors.hpp>

#include <filesystem>
#include <sstream>

namespace snae::cli {

std::optional<std::uint64_t> digits_value(const std::string& text, std::size_t max_digits)
{
    if (text.empty() || text.size() > max_digits || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    try {
        return std::stoull(text);
    } catch (const std::out_of_range&) {
        return std::nullopt;
    }
}

std::uint64_t parse_integer(const std::string& flag, const std::string& text, std::uint64_t lo, std::uint64_t hi)
{
    const std::string range = "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    const auto v = digits_value(text);
    if (!v) throw input_error(flag, "expected " + range + ", got '" + shown(text) + "'");
    if (*v < lo || *v > hi) throw input_error(flag, "expected " + range + ", got " + text);
    return *v;
}

long parse_bits(const std::string& flag, const std::string& text)
{
    const auto v = digits_value(text, 7);
    if (!v || *v < 16 || *v > (1U << 20)) throw input_error(flag, "expected a number of bits in [16, 1048576], got '" + shown(text) + "'");
    return static_cast<long>(*v);
}

std::vector<std::string> split(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) out.push_back(item);
    return out;
}

void reject_empty_values(const CLI::App& app, std::initializer_list<optional_flag> flags)
{
    for (const auto& f : flags)
        if (f.value.empty() && app.count(f.name) > 0)
            throw input_error(f.name, std::string("empty value; expected ") + f.accepted + " (leave the flag out for its default)");
}

void require_writable_folder(const std::string& flag, const std::string& dir)
{
    try {
        std::filesystem::create_directories(dir);
        atomic_file probe(dir + "/.snae-write-test");
    } catch (const std::exception& e) {
        throw input_error(flag, std::string("cannot write there: ") + e.what());
    }
}

} // namespace snae::cli
