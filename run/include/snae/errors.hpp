// Errors in what the user asked for. The command line prints what() as one
// line and exits with status 2, before any output file exists.
#pragma once

#include <stdexcept>
#include <string>

namespace snae {

/// `s` for a one-line message (a path, a token): control characters as
/// \n, \r, \t or \xHH.
std::string shown(const std::string& s);

class input_error : public std::runtime_error {
public:
    /// flag: what is at fault, as the caller knows it: a run_config field
    /// ("eta", "check_every") from the library, an option ("--config") from
    /// a tool; message: what is wrong and the accepted range.
    input_error(const std::string& flag, const std::string& message)
        : std::runtime_error(flag + ": " + message), flag_(flag), message_(message)
    {
    }
    const std::string& flag() const noexcept { return flag_; }
    const std::string& message() const noexcept { return message_; }

private:
    std::string flag_, message_;
};

/// The command-line option for what an input_error names: an option as it
/// is, a run_config field as --field with '_' as '-' ("check_every" ->
/// "--check-every").
std::string option_for(const std::string& flag);

/// The user interrupted (SIGINT/SIGTERM) work that has no partial result to
/// keep, such as reading an input file: nothing has been written. The
/// command line exits with 128 + the signal number.
class interrupted_error : public std::runtime_error {
public:
    /// what: the work that was stopped, e.g. "reading 'rows.txt'".
    explicit interrupted_error(const std::string& what) : std::runtime_error("interrupted while " + what) {}
};

} // namespace snae
