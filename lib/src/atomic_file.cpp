#include "snae/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

namespace snae {

atomic_file::atomic_file(std::string target) : target_(std::move(target))
{
    std::vector<char> name(target_.begin(), target_.end());
    const char suffix[] = ".tmp-XXXXXX";
    name.insert(name.end(), suffix, suffix + sizeof suffix); // includes '\0'
    const int fd = mkstemp(name.data());
    if (fd < 0) throw std::runtime_error("cannot create '" + target_ + "': " + std::strerror(errno));
    // mkstemp creates mode 0600; give the file the mode a plain open() would (0666 less the umask).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, static_cast<mode_t>(0666) & ~mask);
    ::close(fd);
    temp_ = name.data();
    out_.open(temp_, std::ios::out | std::ios::trunc);
    if (!out_) {
        std::remove(temp_.c_str());
        throw std::runtime_error("cannot write '" + temp_ + "'");
    }
}

atomic_file::~atomic_file()
{
    if (!done_) {
        out_.close();
        std::remove(temp_.c_str());
    }
}

void atomic_file::commit()
{
    out_.flush();
    const bool ok = static_cast<bool>(out_);
    out_.close();
    if (!ok || std::rename(temp_.c_str(), target_.c_str()) != 0) {
        std::remove(temp_.c_str());
        done_ = true;
        throw std::runtime_error("cannot write '" + target_ + "'");
    }
    done_ = true;
}

} // namespace snae
