#include "flag_values.hpp"

#include <snae/errors.hpp>

#include <sstream>

namespace snae::cli {

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

} // namespace snae::cli
