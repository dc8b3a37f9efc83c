// Errors in what the user asked for. The command line prints what() as one
// line and exits with status 2, before any output file exists.
#pragma once

#include <stdexcept>
#include <string>

namespace snae {

class input_error : public std::runtime_error {
public:
    /// flag: the option at fault, e.g. "--batch"; message: what is wrong and
    /// the accepted range.
    input_error(const std::string& flag, const std::string& message)
        : std::runtime_error(flag + ": " + message), flag_(flag)
    {
    }
    const std::string& flag() const noexcept { return flag_; }

private:
    std::string flag_;
};

} // namespace snae
