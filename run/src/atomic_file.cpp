#include "snae/atomic_file.hpp"

#include "snae/errors.hpp"

#include <array>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <streambuf>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

namespace snae {

namespace {

constexpr char temp_suffix[] = ".tmp-XXXXXX";
constexpr std::size_t temp_suffix_size = sizeof temp_suffix - 1;

/// What a file of mode m is, for the messages; "" for a regular file.
std::string non_regular_kind(mode_t m)
{
    if (S_ISREG(m)) return "";
    if (S_ISLNK(m)) return "a symbolic link (not followed)";
    if (S_ISDIR(m)) return "a folder";
    if (S_ISCHR(m)) return "a character device";
    if (S_ISBLK(m)) return "a block device";
    if (S_ISFIFO(m)) return "a FIFO";
    if (S_ISSOCK(m)) return "a socket";
    return "not a regular file";
}

/// The target itself must be absent or a regular file. lstat, so that a
/// symbolic link is seen as one: rename() would replace the link itself.
std::string target_kind_problem(const std::string& target)
{
    struct stat st {};
    if (::lstat(target.c_str(), &st) != 0)
        return errno == ENOENT ? "" : "cannot use '" + target + "': " + std::strerror(errno);
    const std::string kind = non_regular_kind(st.st_mode);
    if (kind.empty()) return "";
    return "'" + target + "' is " + kind + "; expected a regular file (it is replaced) or a new file";
}

/// The folder must exist and be writable, and hold the temporary's longer name.
std::string folder_problem(const std::filesystem::path& target)
{
    const std::string folder = target.has_parent_path() ? target.parent_path().string() : ".";
    struct stat st {};
    if (::stat(folder.c_str(), &st) != 0) return "cannot use folder '" + folder + "': " + std::strerror(errno);
    if (!S_ISDIR(st.st_mode)) return "'" + folder + "' is not a folder";
    if (::access(folder.c_str(), W_OK | X_OK) != 0) return "cannot write in folder '" + folder + "': " + std::strerror(errno);
    const long name_max = ::pathconf(folder.c_str(), _PC_NAME_MAX);
    const std::size_t name = target.filename().string().size();
    if (name_max > 0 && name + temp_suffix_size > static_cast<std::size_t>(name_max))
        return "file name of " + std::to_string(name) + " characters is too long; at most " +
               std::to_string(name_max - static_cast<long>(temp_suffix_size)) + " (the temporary file adds " +
               std::to_string(temp_suffix_size) + ")";
    if (target.string().size() + temp_suffix_size >= PATH_MAX)
        return "path of " + std::to_string(target.string().size()) + " characters is too long; at most " +
               std::to_string(PATH_MAX - 1 - temp_suffix_size);
    return "";
}

} // namespace

std::string output_target_problem(const std::string& target)
{
    if (target.empty()) return "empty path; expected a file path";
    const std::filesystem::path p(target);
    if (!p.has_filename()) return "'" + target + "' names a folder; expected a file path";
    std::string problem = target_kind_problem(target);
    if (problem.empty()) problem = folder_problem(p);
    return problem;
}

/// Buffered writes to a file descriptor that keep the errno of the first
/// failed call, so that a full disk is reported as such (std::ofstream
/// reports only that something failed).
class atomic_file::fd_buffer : public std::streambuf {
public:
    explicit fd_buffer(int fd) : fd_(fd) { setp(buf_.data(), buf_.data() + buf_.size()); }
    ~fd_buffer() override { close(); }
    fd_buffer(const fd_buffer&) = delete;
    fd_buffer& operator=(const fd_buffer&) = delete;

    /// Writes what is buffered and closes; returns the errno of the first failed call, or 0.
    int close()
    {
        if (fd_ < 0) return error_;
        drain();
        if (::close(fd_) != 0 && error_ == 0) error_ = errno;
        fd_ = -1;
        return error_;
    }

protected:
    int overflow(int c) override
    {
        if (!drain()) return traits_type::eof();
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        *pptr() = traits_type::to_char_type(c);
        pbump(1);
        return c;
    }
    int sync() override { return drain() ? 0 : -1; }

private:
    bool drain()
    {
        for (const char* p = pbase(); p < pptr() && error_ == 0;) {
            const ssize_t k = ::write(fd_, p, static_cast<std::size_t>(pptr() - p));
            if (k > 0) p += k;
            else if (k < 0 && errno != EINTR) error_ = errno;
            else if (k == 0) error_ = EIO;
        }
        setp(buf_.data(), buf_.data() + buf_.size());
        return error_ == 0;
    }
    int fd_, error_ = 0;
    std::array<char, 1 << 16> buf_{};
};

atomic_file::atomic_file(std::string target) : target_(std::move(target))
{
    const std::string problem = output_target_problem(target_);
    if (!problem.empty()) throw std::runtime_error(problem);
    std::vector<char> name(target_.begin(), target_.end());
    name.insert(name.end(), temp_suffix, temp_suffix + sizeof temp_suffix); // includes '\0'
    const int fd = mkstemp(name.data());
    if (fd < 0) throw std::runtime_error("cannot create '" + target_ + "': " + std::strerror(errno));
    // mkstemp creates mode 0600; give the file the mode a plain open() would (0666 less the umask).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, static_cast<mode_t>(0666) & ~mask);
    temp_ = name.data();
    buf_ = std::make_unique<fd_buffer>(fd);
    out_.rdbuf(buf_.get());
}

atomic_file::~atomic_file()
{
    if (done_) return;
    buf_->close();
    ::unlink(temp_.c_str());
}

void atomic_file::commit()
{
    out_.flush();
    const int err = buf_->close();
    std::string why = err ? std::strerror(err) : !out_ ? "the output stream failed" : "";
    // The target may have been replaced by something else during the run.
    if (why.empty()) why = target_kind_problem(target_);
    if (why.empty() && std::rename(temp_.c_str(), target_.c_str()) != 0) why = std::strerror(errno);
    done_ = true;
    if (!why.empty()) {
        ::unlink(temp_.c_str());
        throw std::runtime_error("cannot write '" + target_ + "': " + why);
    }
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

} // namespace snae
