#include "snae/input_file.hpp"
#include "snae/errors.hpp"

#include <cerrno>
#include <cstring>

namespace snae {

input_file::input_file(const std::string& path, const std::string& flag, const std::atomic<bool>* interrupt)
    : in_(path), path_(shown(path)), flag_(flag), interrupt_(interrupt)
{
    // Opening a FIFO waits for a writer; a signal ends the wait with EINTR,
    // which is the user's interrupt, not a bad path.
    if (!in_ && errno == EINTR && interrupt_ && interrupt_->load()) throw interrupted_error("reading '" + path_ + "'");
    if (!in_) throw input_error(flag_, "cannot read '" + path_ + "': " + std::strerror(errno));
}

void input_file::count()
{
    if (++total_ > max_input_bytes)
        throw input_error(flag_, "'" + path_ + "' is larger than the 1 GiB snae reads from an input file");
    if (total_ % (std::size_t(1) << 16) == 0 && interrupt_ && interrupt_->load())
        throw interrupted_error("reading '" + path_ + "'");
}

bool input_file::next_line(std::string& text)
{
    text.clear();
    char ch;
    while (in_.get(ch)) {
        count();
        if (ch == '\n') return true;
        if (text.size() == max_input_line_bytes)
            throw input_error(flag_, "'" + path_ + "' has a line longer than the 256 MiB snae reads");
        text.push_back(ch);
    }
    if (in_.bad()) throw input_error(flag_, "error reading '" + path_ + "'");
    // An interrupt during the last, blocking read of a pipe ends it early:
    // what was read is not the whole file.
    if (interrupt_ && interrupt_->load()) throw interrupted_error("reading '" + path_ + "'");
    return !text.empty();
}

std::string input_file::rest()
{
    std::string out, line;
    bool first = true;
    while (next_line(line)) {
        if (!first) out += '\n';
        out += line;
        first = false;
    }
    return out;
}

} // namespace snae
